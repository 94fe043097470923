"""The drift dashboard as a web page: `aipm dashboard` on loopback, driven by headless Chromium.

Starts ``aipm dashboard --no-browser --fast`` (Voilà on the app notebook
``notebooks/apps/drift_dashboard.ipynb``, a seeded quarter of the flights) on a
free port of 127.0.0.1 and opens it with Playwright in Debian's Chromium, 800
pixels wide: the controls are in the first screen, the page never leaves
127.0.0.1, logs no console error and is no wider than the window; changing the
statistic, the window and the threshold changes the views (and a bad threshold
shows a message, not a traceback). Then the same page at 1280 pixels. The
command and Voilà under it are always stopped, even when the test fails.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import chromium, free_port, needs_chromium, start_logged

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "notebooks" / "apps" / "drift_dashboard.ipynb"
START_TIMEOUT = 90  # seconds for the command to print its URL (Voilà listening)
RENDER_TIMEOUT = 300  # seconds for the notebook to execute and the widgets to appear (a busy CI box)
UPDATE_TIMEOUT = 60  # seconds for one control change to show
VIEWPORT = {"width": 800, "height": 800}

pytestmark = [
    needs_chromium,
    pytest.mark.timeout(RENDER_TIMEOUT + 300),
]


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to `aipm dashboard` (it stops Voilà and its kernels); then its own process group, if left."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the session this test started, if anything in it is left
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    assert APP.exists(), "the app notebook notebooks/apps/drift_dashboard.ipynb is missing"
    port = free_port()
    log = tmp_path_factory.mktemp("dashboard") / "aipm-dashboard.log"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = start_logged(
        [sys.executable, "-m", "aipm_kit.cli", "dashboard", "--no-browser", "--fast", "--port", str(port)],
        log,
        env,
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        urls: list[str] = []
        while time.monotonic() < deadline and not urls:
            if proc.poll() is not None:
                pytest.fail(f"aipm dashboard exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
            urls = re.findall(r"serving the drift dashboard on (\S+)", log.read_text())
            time.sleep(0.3)
        assert len(urls) == 1, f"expected one URL printed:\n{log.read_text()[-3000:]}"
        url = urls[0]
        assert url == f"http://127.0.0.1:{port}/"  # the URL printed is the one asked for...
        with socket.create_connection(("127.0.0.1", port), timeout=5):  # ...and something listens on it
            pass
        yield url, log
    finally:
        _stop(proc)
    assert proc.poll() is not None


def _open(browser, url: str, viewport: dict):
    """A page on ``url`` that records every request, web socket and console error."""
    page = browser.new_page(viewport=viewport)
    seen = {"requests": [], "sockets": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("websocket", lambda ws: seen["sockets"].append(ws.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    t0 = time.monotonic()
    page.goto(url, timeout=RENDER_TIMEOUT * 1000, wait_until="domcontentloaded")
    page.wait_for_selector(".aipm-heatmap table.aipm-heat", timeout=RENDER_TIMEOUT * 1000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.aipm-figures img')].every(i => i.complete && i.naturalWidth > 0)",
        timeout=UPDATE_TIMEOUT * 1000,
    )
    seen["render_seconds"] = time.monotonic() - t0
    return page, seen


def _foreign(seen: dict) -> list[str]:
    """Requests and web sockets that went anywhere but 127.0.0.1 (data: and blob: stay in the page)."""
    out = []
    for address in seen["requests"] + seen["sockets"]:
        parts = urlsplit(address)
        if parts.scheme in ("data", "blob"):
            continue
        if parts.hostname != "127.0.0.1":
            out.append(address)
    return out


def _overflow(page) -> dict:
    return page.evaluate(
        "() => { const w = window.innerWidth;"
        " const right = s => Math.max(0,"
        "   ...[...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().right));"
        " return {inner: w, doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " dashboard: right('.aipm-dashboard'), heatmap: right('.aipm-heatmap table'),"
        " figures: right('.aipm-figures img'), table: right('.aipm-table table')}; }"
    )


def _wait(page, js: str, arg, what: str) -> None:
    try:
        page.wait_for_function(js, arg=arg, timeout=UPDATE_TIMEOUT * 1000)
    except Exception as exc:  # name what did not happen
        raise AssertionError(f"the dashboard did not update: {what}") from exc


HEAT = "() => document.querySelector('.aipm-heatmap figure').outerHTML"
IMAGE = "(name) => document.querySelector('.aipm-' + name).src"


def test_dashboard_page_at_800_pixels(dashboard, tmp_path):
    url, log = dashboard
    with chromium() as browser:
        page, seen = _open(browser, url, VIEWPORT)
        print(f"first render at 800 px: {seen['render_seconds']:.1f} s")
        page.screenshot(path=str(tmp_path / "dashboard-800.png"))
        assert page.get_by_text("Traceback (most recent call last)").count() == 0

        # the controls are in the first screen: nothing scrolled, every control inside the window
        assert page.evaluate("() => window.scrollY") == 0
        for selector in (
            ".aipm-granularity",
            ".aipm-stat",
            ".aipm-threshold",
            ".aipm-ref-start",
            ".aipm-ref-end",
            ".aipm-current",
            ".aipm-feature",
            ".aipm-features",
            ".aipm-export",
        ):
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            assert 0 <= box["y"] and box["y"] + box["height"] <= VIEWPORT["height"], (selector, box)
            assert 0 <= box["x"] and box["x"] + box["width"] <= VIEWPORT["width"], (selector, box)
            assert page.locator(selector).is_visible(), selector
        # the views come after the controls
        controls_bottom = page.locator(".aipm-controls").bounding_box()
        heat_top = page.locator(".aipm-heatmap").bounding_box()["y"]
        assert heat_top >= controls_bottom["y"] + controls_bottom["height"]

        # 1. change the statistic: PSI -> KS; the heatmap, its title and the figures change
        heat, dist = page.evaluate(HEAT), page.evaluate(IMAGE, "distribution")
        assert 'data-stat="psi"' in heat
        page.locator(".aipm-stat select").select_option(label="KS")
        _wait(
            page,
            "() => document.querySelector('.aipm-heatmap figure').dataset.stat === 'ks'",
            None,
            "heatmap for KS",
        )
        _wait(
            page,
            "(old) => document.querySelector('.aipm-distribution').src !== old",
            dist,
            "distribution redrawn for KS",
        )
        assert page.evaluate(HEAT) != heat
        assert "KS" in page.locator(".aipm-heatmap figcaption").inner_text()
        _wait(
            page,
            "() => document.querySelector('.aipm-table table.aipm-drift-table').dataset.stat === 'ks'",
            None,
            "ranked table for KS",
        )

        # 2. months -> weeks: 53 columns still fit the width
        perf = page.evaluate(IMAGE, "performance")
        page.locator(".aipm-granularity button", has_text="weeks").click()
        _wait(
            page,
            "() => document.querySelector('.aipm-heatmap figure').dataset.current.length === 10",
            None,
            "heatmap in weeks",
        )
        _wait(
            page,
            "(old) => document.querySelector('.aipm-performance').src !== old",
            perf,
            "performance redrawn in weeks",
        )
        assert page.locator(".aipm-heatmap td.aipm-cell").count() >= 4 * 52

        sizes = _overflow(page)
        assert sizes["doc"] <= sizes["inner"] and sizes["body"] <= sizes["inner"], sizes
        for part in ("dashboard", "heatmap", "figures", "table"):
            assert 0 < sizes[part] <= sizes["inner"], (part, sizes)
        page.set_viewport_size({"width": 800, "height": 2600})
        page.screenshot(path=str(tmp_path / "dashboard-800-weeks.png"))
        page.set_viewport_size(VIEWPORT)

        # 3. a threshold outside the statistic's range shows a message, not a traceback
        box = page.locator(".aipm-threshold input")
        box.fill("7")
        box.press("Enter")
        _wait(
            page,
            "() => /p-value cut-off/.test(document.querySelector('.aipm-message').innerText)",
            None,
            "bad-threshold message",
        )
        assert page.get_by_text("Traceback (most recent call last)").count() == 0

        assert _foreign(seen) == [], "requests left 127.0.0.1"
        assert seen["sockets"], "the page never opened its kernel's web socket"
        assert seen["errors"] == [], f"console errors: {seen['errors']}"


def test_dashboard_page_at_1280_pixels(dashboard, tmp_path):
    url, log = dashboard
    with chromium() as browser:
        page, seen = _open(browser, url, {"width": 1280, "height": 800})
        print(f"first render at 1280 px: {seen['render_seconds']:.1f} s")
        page.screenshot(path=str(tmp_path / "dashboard-1280.png"))
        sizes = _overflow(page)
        assert sizes["doc"] <= sizes["inner"] and 0 < sizes["figures"] <= sizes["inner"], sizes
        # side by side at this width: the two figures share a row
        dist = page.locator(".aipm-distribution").bounding_box()
        perf = page.locator(".aipm-performance").bounding_box()
        assert abs(dist["y"] - perf["y"]) < 2 and perf["x"] > dist["x"] + dist["width"] - 1
        assert _foreign(seen) == [] and seen["errors"] == []
