"""A learner's JupyterLab, started the way ``make lab`` starts it, draws figures and widgets.

Runs ``make lab`` with its learner workspace in a temporary folder (``WORKSPACE=...``: the student
copies, made on first use, with no answers and no stored outputs) and ``MPLBACKEND=Agg`` exported,
as a shell or a CI job might; opens notebook 02 there in Debian's Chromium through Playwright; runs
every cell; and checks what a learner sees: figures drawn as images, no ``<Figure size ...>`` text,
the threshold explorer rendered as live controls, and a moved slider redrawing its figure. The
server is always stopped.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from conftest import chromium, free_port, needs_chromium, start_logged

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "02_data_and_success_metrics.ipynb"
START_TIMEOUT = 90  # seconds for Lab to accept connections
RUN_TIMEOUT = 300  # seconds for every cell to run on a busy two-core machine

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
    pytest.mark.timeout(START_TIMEOUT + RUN_TIMEOUT + 180),
]


def _stored_figures(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))


@pytest.fixture
def lab(tmp_path):
    work = tmp_path / "workspace"  # make lab creates it (student copies: no stored outputs)
    # render every cell (Lab otherwise renders only the cells near the viewport), so all can be counted
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    args = (
        f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token} "
        f"--LabApp.news_url=None --LabApp.check_for_updates_class="
        "jupyterlab.NeverCheckForUpdate"
    )
    env = dict(
        os.environ,
        MPLBACKEND="Agg",
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"),
    )
    log = tmp_path / "lab.log"
    proc = start_logged(["make", "-s", "-C", str(REPO), "lab", f"WORKSPACE={work}", f"LAB_ARGS={args}"], log, env)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"make lab exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not listen within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        copy = work / NOTEBOOK.name
        assert copy.exists(), "make lab did not create the learner workspace"
        assert "BEGIN SOLUTION" not in copy.read_text(), "the workspace holds an answer"
        yield f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK.name}?token={token}", copy
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make and the Lab it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def _saved_outputs(path: Path) -> tuple[int, list[str]]:
    """Figures (image outputs) and figure reprs (``<Figure size ...>`` text) in the saved notebook."""
    nb = nbformat.read(path, as_version=4)
    images = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    reprs = [
        o["data"]["text/plain"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "".join(o.get("data", {}).get("text/plain", "")).startswith("<Figure size")
        and "image/png" not in o.get("data", {})
    ]  # beside its picture the repr is never shown
    return images, reprs


def test_lab_draws_figures_and_widgets(lab):
    url, copy = lab
    expected = _stored_figures(NOTEBOOK)
    assert expected >= 3, "the committed notebook 02 should store its figures"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=START_TIMEOUT * 1000)
        # the kernel has started and is idle (the status bar says so), then Run > Run All Cells
        page.wait_for_function(
            "() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText || '')",
            timeout=120_000,
        )
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                    .map(p => p.textContent.trim());
                return prompts.length > 10 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
            }""",
            timeout=RUN_TIMEOUT * 1000,
        )
        text = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        assert "<Figure size" not in text, "a figure printed as text: the kernel is not drawing inline"
        assert "Traceback" not in text, "a cell raised"
        # save, and read what Lab wrote: every figure the committed notebook stores, none as text
        page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while _saved_outputs(copy)[0] < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        images, reprs = _saved_outputs(copy)
        assert images >= expected, f"Lab saved {images} figures; the committed notebook stores {expected}"
        assert not reprs, reprs
        # the threshold explorer renders as live controls with its picture, and a slider redraws it
        slider = page.locator(".widget-slider").first
        slider.scroll_into_view_if_needed(timeout=30_000)
        assert page.locator(".widget-slider").count() >= 3
        picture = page.locator(".widget-image").first
        picture.wait_for(timeout=30_000)
        drawn = page.locator("img[src^='data:image/png'], img[src^='blob:']").count()
        assert drawn >= 1, "no figure drawn in the page"
        before = picture.get_attribute("src")
        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([sel, old]) => document.querySelector(sel).src !== old", arg=[".widget-image", before], timeout=30_000
        )
        page.screenshot(path=str(copy.parent / "lab.png"), full_page=False)
