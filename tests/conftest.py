"""Shared fixtures: executing notebooks once per parameter set and reading their facts."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
_TMP = Path(tempfile.mkdtemp(prefix="aipm-nb-"))  # executed notebooks, shared by the tests of one worker
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


def notebook_path(number: str) -> Path:
    matches = sorted(NOTEBOOKS.glob(f"{number}_*.ipynb"))
    if not matches:
        pytest.fail(f"no notebook numbered {number} in {NOTEBOOKS}")
    return matches[0]


@functools.cache
def _execute(number: str, params: tuple) -> Path:
    import papermill as pm

    from aipm_kit.runtime import kernel_environment

    source = notebook_path(number)
    tag = "-".join(f"{k}{v}" for k, v in params) or "default"
    target = _TMP / f"{source.stem}--{tag}.ipynb"
    with kernel_environment():  # kernels draw inline figures whatever MPLBACKEND the shell exported
        pm.execute_notebook(
            str(source),
            str(target),
            parameters=dict(params),
            kernel_name="python3",
            cwd=str(NOTEBOOKS),
            progress_bar=False,
            execution_timeout=600,
        )
    return target


def run_notebook(number: str, **params) -> Path:
    """Execute notebook ``number`` with papermill under ``params`` (cached per process)."""
    return _execute(number, tuple(sorted(params.items())))


def facts_of(number: str, **params) -> dict:
    """``key -> value`` of the facts a papermill run of the notebook recorded."""
    from aipm_kit.story import read_facts

    return {k: f.value for k, f in read_facts(run_notebook(number, **params)).items()}


@pytest.fixture
def facts():
    return facts_of
