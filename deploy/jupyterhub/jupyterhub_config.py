# JupyterHub for a workshop on one machine: every learner gets JupyterLab on their own workspace.
#
#   jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Set these in the environment before starting it (docs/instructor.md, "A workshop on JupyterHub"):
#
#   AIPM_HUB_URL       where the hub listens (default http://0.0.0.0:8000)
#   AIPM_HUB_USERS     "shared" (default): any learner name, one workshop password (AIPM_HUB_PASSWORD);
#                      "local": the machine's own accounts (PAM), each learner's server run as that user
#   AIPM_HUB_PASSWORD  the workshop password for "shared" (required there: the hub refuses to start without it)
#   AIPM_HUB_ROOT      with "shared": the folder holding one home folder per learner (default /srv/aipm/learners)
#   AIPM_HUB_STATE     where the hub keeps its database and cookie secret (default: this folder's parent/state)
#   AIPM_HUB_MEM_LIMIT / AIPM_HUB_CPU_LIMIT   per-learner limits (defaults from the capacity benchmark:
#                      benchmarks/bench_capacity.py; a plain local spawner records them, a container
#                      spawner enforces them)
#   AIPM_HUB_ADMIN_TOKEN  optional: a token for a service named "class-admin" that may manage users and
#                      servers (for scripted set-ups and the kit's own loopback test)
#
# On first login each learner's workspace is made from the student copies (answers stripped) with
# `aipm student-copy`, which never overwrites a notebook the learner edited: logging in again after a
# course update adds the new version beside it.

import os
import shutil
import subprocess
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides it)

here = Path(__file__).resolve().parent
repo = here.parent.parent
state = Path(os.environ.get("AIPM_HUB_STATE", here.parent / "state"))
state.mkdir(parents=True, exist_ok=True)
mode = os.environ.get("AIPM_HUB_USERS", "shared")
if mode not in ("shared", "local"):
    sys.exit(f"AIPM_HUB_USERS must be 'shared' or 'local', got {mode!r}")

c.JupyterHub.bind_url = os.environ.get("AIPM_HUB_URL", "http://0.0.0.0:8000")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.ConfigurableHTTPProxy.command = [
    shutil.which("configurable-http-proxy")
    or str(repo / ".venv" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy")
]

c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~/workspace"
c.Spawner.mem_limit = os.environ.get("AIPM_HUB_MEM_LIMIT", "1589M")  # benchmarks/bench_capacity.py
c.Spawner.cpu_limit = float(os.environ.get("AIPM_HUB_CPU_LIMIT", "1"))
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
# the kit's kernels draw figures inline and run one thread each (docs/authoring.md)
c.Spawner.environment = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]

if mode == "shared":
    password = os.environ.get("AIPM_HUB_PASSWORD")
    if not password:
        sys.exit(
            "AIPM_HUB_PASSWORD is not set: a shared-password hub needs one (set AIPM_HUB_USERS=local for the "
            "machine's own accounts)"
        )
    root = Path(os.environ.get("AIPM_HUB_ROOT", "/srv/aipm/learners"))
    root.mkdir(parents=True, exist_ok=True)
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = password
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "simple"  # every server runs as the hub's own user
    c.SimpleLocalProcessSpawner.home_dir_template = str(root / "{username}")
    if os.getuid() == 0:  # containers and CI run as root; Jupyter refuses root without being told
        c.Spawner.args = ["--ServerApp.allow_root=True"]
else:
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "localprocess"  # each server runs as the learner's own account


def make_workspace(spawner):
    """Before a learner's server starts: their workspace, from the student copies (never overwriting)."""
    if mode == "shared":
        home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    else:
        import pwd

        home = Path(pwd.getpwnam(spawner.user.name).pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    aipm = str(Path(sys.executable).with_name("aipm"))
    subprocess.run(
        [aipm, "student-copy", "--out", str(home / "workspace")], check=True, cwd=repo, stdout=subprocess.DEVNULL
    )
    if mode == "local":
        import pwd

        entry = pwd.getpwnam(spawner.user.name)
        for path in [home / "workspace", *(home / "workspace").rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)


c.Spawner.pre_spawn_hook = make_workspace

token = os.environ.get("AIPM_HUB_ADMIN_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "class-admin", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "class-admin",
            "services": ["class-admin"],
            "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
        }
    ]
