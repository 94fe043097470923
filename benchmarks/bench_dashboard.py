"""The live drift dashboard: time per control change, and time to the first page.

Per change: the same fixed sequence of control changes (every control, several
values each) is applied to two dashboards on the 2013 NYC flights, in turns, so
both see the same machine load:

- **new**: the dashboard's widget, as in the app and notebook 12: the change
  goes through the ipywidgets control; only the views it touches are redrawn;
  the heatmap is an HTML table and the two figures update their artists in
  place (one draw, one PNG);
- **old**: what a notebook author would otherwise write (and what the widget
  did before): recompute, then re-create the heatmap, distribution and
  performance figures with matplotlib and encode each as PNG (only the
  distribution when just the distribution's feature changes).

Both include the recomputation of the view. Times are in-kernel wall clock, per
change: median and max per control, and the ratio old / new.

First render: ``aipm dashboard --no-browser`` started as a user would, then the
page opened in headless Chromium: seconds until the server listens, and from
the page request until the heatmap and both figures are drawn. Then five
statistic changes timed in the browser, from the choice to the last view
updated (websocket and image decoding included). Without Chromium, the app
notebook's execution in a kernel is timed instead.

Run: ``python benchmarks/bench_dashboard.py`` (``--fast`` for a quarter of
the flights; ``--no-browser`` to skip the page).
"""

from __future__ import annotations

import gc
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = Path("/usr/bin/chromium")

#: control -> the values it is set to, in order (each is one change)
SEQUENCE = {
    "statistic": ("stat", ["ks", "jensen_shannon", "wasserstein", "chi_square", "psi"]),
    "alert threshold": ("threshold", [0.05, 0.15, 0.25, 0.2, 0.1]),
    "current window": ("current", ["2013-06", "2013-07", "2013-08", "2013-09", "2013-12"]),
    "reference start": ("ref_start", ["2013-02", "2013-03", "2013-01", "2013-02", "2013-01"]),
    "distribution of": ("feature", ["carrier", "distance", "origin", "air_time", "dep_delay"]),
    "feature toggles": ("toggle", ["dest", "air_time", "origin", "dest", "air_time", "origin"]),
    "window": ("granularity", ["week", "month", "week", "month"]),
}


def _change(controls, name: str, value) -> dict:
    """Set one control of the live widget; returns the change as DriftDashboard.update keywords."""
    if name == "toggle":
        button = controls.feature_toggles[value]
        button.value = not button.value
        return {"features": tuple(f for f, b in controls.feature_toggles.items() if b.value)}
    getattr(controls, name).value = value
    if name == "ref_start":
        return {"reference": (value, controls.ref_end.value)}
    return {name: value}


def _old_redraw(dash, change: dict) -> None:
    """Recompute, re-create the figures, encode them (and the table), as the widget used to."""
    from aipm_kit.liveview import figure_png

    dash.update(**change)
    if set(change) == {"feature"}:
        figure_png(dash.distribution_figure(), dpi=80)
        return
    figure_png(dash.heatmap_figure(), dpi=80)
    figure_png(dash.performance_figure(), dpi=80)
    dash.table_html()
    figure_png(dash.distribution_figure(), dpi=80)


def per_change(fast: bool) -> dict:
    import matplotlib

    matplotlib.use("Agg")  # the old path draws with pyplot; nothing is shown
    from aipm_kit import widgets

    t0 = time.perf_counter()
    scored = widgets.scored_flights(fast=fast)
    new = scored.dashboard(stat="psi", threshold=0.1)
    old = scored.dashboard(stat="psi", threshold=0.1)
    new.widget()
    controls = new._controls
    _old_redraw(old, {})  # both start drawn (and warmed up)
    print(
        f"flights: {len(scored.flown):,} landed{' (fast sample)' if fast else ''}; two dashboards built and "
        f"drawn in {time.perf_counter() - t0:.1f} s"
    )
    rows = {}
    for label, (name, values) in SEQUENCE.items():
        times_new, times_old = [], []
        for value in values:
            gc.collect()
            t = time.perf_counter()
            change = _change(controls, name, value)
            times_new.append((time.perf_counter() - t) * 1000)
            if new.message:
                raise RuntimeError(f"{label} = {value!r}: {new.message}")
            gc.collect()
            t = time.perf_counter()
            _old_redraw(old, change)
            times_old.append((time.perf_counter() - t) * 1000)
            if old.state != new.state:
                raise RuntimeError(f"the two dashboards disagree after {label} = {value!r}")
        rows[label] = (times_new, times_old)
    return rows


def print_changes(rows: dict) -> None:
    print("\nper control change, ms (new: widget, views updated in place; old: figures re-created):")
    print(f"{'control':<18}{'n':>3}{'new median':>12}{'new max':>9}{'old median':>12}{'old max':>9}{'old/new':>9}")
    everything_new, everything_old = [], []
    for label, (n_, o_) in rows.items():
        everything_new += n_
        everything_old += o_
        mn, mo = statistics.median(n_), statistics.median(o_)
        print(f"{label:<18}{len(n_):>3}{mn:>12.0f}{max(n_):>9.0f}{mo:>12.0f}{max(o_):>9.0f}{mo / mn:>8.1f}x")
    mn, mo = statistics.median(everything_new), statistics.median(everything_old)
    print(
        f"{'all changes':<18}{len(everything_new):>3}{mn:>12.0f}{max(everything_new):>9.0f}{mo:>12.0f}"
        f"{max(everything_old):>9.0f}{mo / mn:>8.1f}x"
    )
    over = sum(t >= 300 for t in everything_new)
    print(f"new path: {over} of {len(everything_new)} changes at or over 300 ms")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_render(fast: bool) -> None:
    """Start `aipm dashboard` and open its page in Chromium; time the server, the page and 5 changes."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    log_path = HERE / ".bench_dashboard.log"
    t0 = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aipm_kit.cli", "dashboard", "--no-browser", "--port", str(port)]
            + (["--fast"] if fast else []),
            cwd=str(REPO),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        while not re.search(r"serving the drift dashboard on", log_path.read_text()):
            if proc.poll() is not None or time.monotonic() - t0 > 120:
                raise RuntimeError(f"aipm dashboard did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        listening = time.monotonic() - t0
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                t1 = time.monotonic()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded", timeout=300_000)
                executed = time.monotonic() - t1
                page.wait_for_selector(".aipm-heatmap table.aipm-heat", timeout=300_000)
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.aipm-figures img')]"
                    ".every(i => i.complete && i.naturalWidth > 0)",
                    timeout=60_000,
                )
                rendered = time.monotonic() - t1
                changes, in_kernel = [], []
                for label in ("KS", "Jensen-Shannon", "Wasserstein", "Chi-square", "PSI"):
                    status = page.inner_text(".aipm-status")
                    t2 = time.monotonic()
                    page.locator(".aipm-stat select").select_option(label=label)
                    page.wait_for_function(
                        "(old) => document.querySelector('.aipm-status').innerText !== old"
                        " && [...document.querySelectorAll('.aipm-figures img')]"
                        ".every(i => i.complete)",
                        arg=status,
                        timeout=60_000,
                    )
                    changes.append((time.monotonic() - t2) * 1000)
                    done = re.search(r"updated in (\d+) ms", page.inner_text(".aipm-status"))
                    in_kernel.append(float(done.group(1)) if done else float("nan"))
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        log_path.unlink(missing_ok=True)
    data = "a quarter of the flights (--fast)" if fast else "all flights"
    print(
        f"\nfirst render, aipm dashboard on {data}: server listening {listening:.1f} s after the command; "
        f"page request -> notebook executed {executed:.1f} s -> dashboard drawn {rendered:.1f} s "
        f"(command start -> drawn {listening + rendered:.1f} s)"
    )
    print(
        f"statistic changed in the browser (choice -> every view updated), ms: median "
        f"{statistics.median(changes):.0f}, max {max(changes):.0f} over {len(changes)}; of which in the "
        f"kernel (the dashboard's own status line): median {statistics.median(in_kernel):.0f}, "
        f"max {max(in_kernel):.0f}"
    )


def kernel_render(fast: bool) -> None:
    """Without a browser: the app notebook executed in a fresh kernel (what Voilà does before the page shows)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(REPO / "notebooks" / "apps" / "drift_dashboard.ipynb", as_version=4)
    os.environ["AIPM_FAST"] = "1" if fast else "0"
    t0 = time.monotonic()
    NotebookClient(nb, kernel_name="python3", timeout=300).execute()
    print(
        f"\napp notebook executed in a fresh kernel in {time.monotonic() - t0:.1f} s (no browser: the page "
        "itself was not timed)"
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    fast = "--fast" in argv
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print_changes(per_change(fast))
    browser = "--no-browser" not in argv and CHROMIUM.exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        browser = False
    for quick in (True, False) if not fast else (True,):
        if browser:
            first_render(quick)
        else:
            kernel_render(quick)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
