"""The drift dashboard as a standalone app: Voilà on loopback, driven by headless Chromium.

Starts Voilà on notebook 12 (in its quick mode, ``AIPM_FAST=1``) on a free
port of 127.0.0.1, opens it with Playwright in Debian's Chromium, changes the
statistic, the window and the threshold, and checks that the heatmap and the
ranked table update (and that a bad threshold shows a message, not a
traceback). Voilà is always terminated, even when the test fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "12_portfolio_drift_dashboard.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60       # seconds for Voilà to accept connections
RENDER_TIMEOUT = 420     # seconds for the notebook to execute and the widgets to appear (a busy CI box)
UPDATE_TIMEOUT = 60      # seconds for one control change to show

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                       "(apt-get install chromium)"),
    pytest.mark.timeout(RENDER_TIMEOUT + 240),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Voilà exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"Voilà did not listen on port {port} within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def voila_url(tmp_path):
    from aipm_kit import widgets

    assert NOTEBOOK.exists(), "build notebook 12 first: python scripts/build_notebooks.py 12"
    port = _free_port()
    log = tmp_path / "voila.log"
    cmd = widgets.voila_command(NOTEBOOK, port=port, host="127.0.0.1", open_browser=False)
    env = dict(os.environ, AIPM_FAST="1", MPLBACKEND="Agg")
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=str(NOTEBOOK.parent), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}/", log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _table(page) -> dict:
    return page.eval_on_selector(
        ".aipm-table table.aipm-drift-table",
        "t => ({stat: t.dataset.stat, reference: t.dataset.reference, current: t.dataset.current, "
        "text: t.innerText})")


def _heatmap_src(page) -> str:
    return page.eval_on_selector(".aipm-heatmap", "img => img.src || img.querySelector('img').src")


def _wait_changed(page, js: str, arg, what: str) -> None:
    try:
        page.wait_for_function(js, arg=arg, timeout=UPDATE_TIMEOUT * 1000)
    except Exception as exc:  # name what did not happen
        raise AssertionError(f"the dashboard did not update: {what}") from exc


def test_dashboard_in_voila_updates_with_the_controls(voila_url, tmp_path):
    from playwright.sync_api import sync_playwright

    url, log = voila_url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(url, timeout=RENDER_TIMEOUT * 1000, wait_until="domcontentloaded")
            try:
                page.wait_for_selector(".aipm-table table.aipm-drift-table", timeout=RENDER_TIMEOUT * 1000)
            except Exception as exc:
                page.screenshot(path=str(tmp_path / "dashboard-timeout.png"), full_page=True)
                raise AssertionError(f"the dashboard never rendered; Voilà log:\n{log.read_text()[-3000:]}") from exc
            assert page.get_by_text("Traceback (most recent call last)").count() == 0

            before = _table(page)
            heat_before = _heatmap_src(page)
            assert before["stat"] == "psi"
            assert "PSI" in before["text"] or "value" in before["text"]

            # 1. change the statistic: PSI -> KS
            page.locator(".aipm-stat select").select_option(label="KS")
            _wait_changed(page, "() => document.querySelector('.aipm-table table.aipm-drift-table').dataset.stat === 'ks'",
                          None, "table for KS")
            _wait_changed(page, "(old) => { const i = document.querySelector('.aipm-heatmap'); "
                          "const src = i.src || i.querySelector('img').src; return src && src !== old; }",
                          heat_before, "heatmap redrawn for KS")
            after_stat = _table(page)
            assert after_stat["text"] != before["text"]

            # 2. change the window: months -> weeks
            heat_ks = _heatmap_src(page)
            page.locator(".aipm-granularity button", has_text="week").click()
            _wait_changed(page, "() => /\\d{4}-\\d{2}-\\d{2}/.test("
                          "document.querySelector('.aipm-table table.aipm-drift-table').dataset.reference)",
                          None, "reference window in weeks")
            _wait_changed(page, "(old) => { const i = document.querySelector('.aipm-heatmap'); "
                          "const src = i.src || i.querySelector('img').src; return src && src !== old; }",
                          heat_ks, "heatmap redrawn for weeks")
            weekly = _table(page)
            assert weekly["stat"] == "ks" and weekly["current"] != before["current"]

            # 3. a threshold outside the statistic's range shows a message, not a traceback
            box = page.locator(".aipm-threshold input")
            box.fill("7")
            box.press("Enter")
            _wait_changed(page, "() => { const m = document.querySelector('.aipm-message'); "
                          "return m && /p-value cut-off/.test(m.innerText); }", None, "bad-threshold message")
            assert page.get_by_text("Traceback (most recent call last)").count() == 0
            assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0

            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
