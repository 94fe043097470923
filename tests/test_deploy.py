"""The workshop deployments: the one-machine hub's configuration and the Zero to JupyterHub values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
HUB = REPO / "deploy" / "jupyterhub"


def _load_hub_config(monkeypatch, tmp_path, **env) -> Config:
    for key in ("AIPM_HUB_PASSWORD", "AIPM_HUB_USERS", "AIPM_HUB_ADMIN_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AIPM_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("AIPM_HUB_ROOT", str(tmp_path / "learners"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    c = Config()
    exec(
        compile((HUB / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"),
        {"get_config": lambda: c, "__file__": str(HUB / "jupyterhub_config.py")},
    )
    return c


def test_the_hub_refuses_a_shared_hub_without_a_password(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="AIPM_HUB_PASSWORD is not set"):
        _load_hub_config(monkeypatch, tmp_path)
    with pytest.raises(SystemExit, match="AIPM_HUB_USERS must be 'shared' or 'local'"):
        _load_hub_config(monkeypatch, tmp_path, AIPM_HUB_USERS="everyone")


def test_the_hub_gives_each_learner_a_workspace_in_their_own_home(monkeypatch, tmp_path):
    c = _load_hub_config(monkeypatch, tmp_path, AIPM_HUB_PASSWORD="pw")
    assert c.JupyterHub.authenticator_class == "dummy" and c.DummyAuthenticator.password == "pw"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "learners" / "{username}")
    assert c.Spawner.notebook_dir == "~/workspace" and c.Spawner.default_url == "/lab"
    assert callable(c.Spawner.pre_spawn_hook)
    cluster = yaml.safe_load((HUB / "config.yaml").read_text(encoding="utf-8"))
    assert c.Spawner.mem_limit == cluster["singleuser"]["memory"]["limit"]  # one measured figure, both set-ups
    assert "class-admin" not in str(c.JupyterHub.get("services", ""))  # no admin token unless asked for
    local = _load_hub_config(monkeypatch, tmp_path, AIPM_HUB_USERS="local")
    assert local.JupyterHub.authenticator_class == "pam" and local.JupyterHub.spawner_class == "localprocess"


def test_the_cluster_values_carry_the_measured_memory_and_pull_the_course():
    text = (HUB / "config.yaml").read_text(encoding="utf-8")
    values = yaml.safe_load(text)
    single = values["singleuser"]
    measured = int(re.search(r"with a 25% margin\): (\d+) MiB", text).group(1))
    assert single["memory"]["guarantee"] == single["memory"]["limit"] == f"{measured}M"
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    hook = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "gitpuller" in hook and "aipm student-copy" in hook and "--force" not in hook
    assert single["storage"]["homeMountPath"] != "/home/jovyan"  # keeps the image's installed kit visible
    assert single["defaultUrl"].endswith("/workspace")
    # the single-user image is the Binder image: it must hold the hub's single-user server and nbgitpuller
    binder = (REPO / ".binder" / "requirements.txt").read_text()
    assert "jupyterhub==" in binder and "nbgitpuller==" in binder
