"""Shared fixtures: executing notebooks once per parameter set and reading their facts; Debian's Chromium for the
browser tests."""

from __future__ import annotations

import atexit
import contextlib
import functools
import shutil
import socket
import subprocess
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


# --------------------------------------------------------------------------- the browser tests
# tests/test_dashboard_browser.py, tests/test_lab_browser.py and tests/test_site_browser.py drive Debian's Chromium
# through Playwright: ``pytestmark = needs_chromium`` and ``with chromium() as browser: ...``

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium); the browser tests need it",
)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, launched through Playwright and closed on the way out, however the block ends."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A TCP port of 127.0.0.1 free at the moment of asking, for a server a test starts."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_logged(argv: list[str], log: Path, env: dict, cwd: Path | None = None) -> subprocess.Popen:
    """``argv`` started in a session of its own (so the test can stop it and all it starts), its output to ``log``."""
    with open(log, "w") as out:
        return subprocess.Popen(
            argv,
            cwd=None if cwd is None else str(cwd),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
