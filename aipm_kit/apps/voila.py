"""The `aipm dashboard` command: serve the drift dashboard's app notebook with Voilà.

:func:`register_cli` adds the command; :func:`launch_dashboard` checks the address, starts Voilà on
``notebooks/apps/drift_dashboard.ipynb`` (:func:`dashboard_notebook`) with the kit's page template
(:func:`template_root`, no request beyond its own server), prints the URL once Voilà listens and
stops it and its kernels on Ctrl+C or SIGTERM; :func:`voila_command` and :func:`voila_env` give the
command line and its environment.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

_TEMPLATE = "aipm-dashboard"
#: The only JupyterLab extensions the page loads: the widget managers (Voilà's and ipywidgets'). Others
#: installed beside the kit (jupytext's, for one) expect JupyterLab's document manager and log errors
#: in a Voilà page.
_PAGE_EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager")


def dashboard_notebook() -> Path:
    """Path of the dashboard-only notebook Voilà serves (``notebooks/apps/drift_dashboard.ipynb``)."""
    root = Path(__file__).resolve().parent.parent.parent
    path = root / "notebooks" / "apps" / "drift_dashboard.ipynb"
    if not path.exists():
        raise FileNotFoundError(
            f"the dashboard notebook {path} is missing (it ships with the repository, "
            "not with the package: run `aipm dashboard` from a clone)"
        )
    return path


def template_root() -> Path:
    """The folder to put on ``JUPYTER_PATH`` so Voilà finds the kit's page template.

    The template (``voila/templates/aipm-dashboard``) is Voilà's ``lab`` page
    without its two style sheets from a CDN (Font Awesome): the dashboard
    makes no request beyond its own server.
    """
    return Path(__file__).resolve().parent.parent / "templates" / "jupyter"


def check_address(host: str, port) -> tuple[str, int]:
    """Validate ``--host`` and ``--port``; raises ValueError naming the argument."""
    import ipaddress
    import re

    if isinstance(port, bool) or not isinstance(port, (int, np.integer)):
        raise ValueError(f"--port must be a whole number from 1 to 65535, got {port!r}")
    if not 1 <= int(port) <= 65535:
        raise ValueError(f"--port must be from 1 to 65535, got {port}")
    if not isinstance(host, str) or not host:
        raise ValueError(f"--host must be an IP address or a host name, got {host!r}")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        label = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
        if len(host) > 253 or not re.fullmatch(rf"{label}(\.{label})*", host):
            raise ValueError(
                f"--host must be an IP address or a host name (like 127.0.0.1 or localhost), got {host!r}"
            ) from None
    return host, int(port)


def dashboard_url(host: str, port: int) -> str:
    """The URL Voilà serves on for ``host`` and ``port``."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def voila_command(
    notebook: Path | None = None, *, port: int = 8866, host: str = "127.0.0.1", open_browser: bool = True
) -> list[str]:
    """The Voilà command line that serves the dashboard (run it with :func:`voila_env`)."""
    import sys

    host, port = check_address(host, port)
    notebook = Path(notebook) if notebook else dashboard_notebook()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        f"--template={_TEMPLATE}",
        "--theme=light",
        "--show_tracebacks=False",
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in _PAGE_EXTENSIONS),
    ]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def voila_env(*, fast: bool = False, base: dict | None = None) -> dict:
    """The environment for :func:`voila_command`: the kit's template on ``JUPYTER_PATH``, and ``AIPM_FAST``."""
    import os

    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(template_root()), env.get("JUPYTER_PATH")) if p)
    if fast:
        env["AIPM_FAST"] = "1"
    return env


def _port_free(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def launch_dashboard(
    *, port: int = 8866, host: str = "127.0.0.1", open_browser: bool = True, fast: bool = False
) -> int:
    """Serve the drift dashboard with Voilà until interrupted; returns Voilà's exit code.

    ``fast=True`` sets ``AIPM_FAST=1`` for the kernel: a seeded quarter of the
    flights, so the page opens sooner. The URL is printed once Voilà listens
    on it (Voilà is told not to move to another port). Ctrl+C or SIGTERM
    stops Voilà and its kernels too.
    """
    import importlib.util
    import signal
    import socket
    import subprocess
    import threading

    host, port = check_address(host, port)
    if importlib.util.find_spec("voila") is None:
        raise FileNotFoundError("Voilà is not installed: pip install voila")
    if not _port_free(host, port):
        raise ValueError(f"--port {port} on {host} is in use or cannot be bound: choose another --port (or --host)")
    cmd = voila_command(port=port, host=host, open_browser=open_browser)
    main_thread = threading.current_thread() is threading.main_thread()

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
    proc = subprocess.Popen(cmd, cwd=str(dashboard_notebook().parent), env=voila_env(fast=fast))
    try:
        connect_host = "127.0.0.1" if host == "0.0.0.0" else "::1" if host == "::" else host
        while proc.poll() is None:
            try:
                with socket.create_connection((connect_host, port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        if proc.poll() is None:
            print(f"serving the drift dashboard on {dashboard_url(host, port)} (Ctrl+C to stop)", flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def register_cli(subparsers) -> None:
    """Add ``aipm dashboard``: serve the drift dashboard with Voilà."""
    p = subparsers.add_parser(
        "dashboard",
        help="serve the drift dashboard with Voilà",
        description="Serve the drift dashboard (the 2013 NYC flights, notebook 12's "
        "model) as a web app with Voilà, on this machine only by default.",
    )
    p.add_argument("--port", type=int, default=8866, help="port to listen on, 1-65535 (default 8866)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--fast", action="store_true", help="use a seeded quarter of the flights (opens sooner)")
    p.add_argument("--print-command", action="store_true", help="print the Voilà command and exit")

    def run(args) -> int:
        if args.print_command:
            import shlex

            cmd = voila_command(port=args.port, host=args.host, open_browser=not args.no_browser)
            env = voila_env(fast=args.fast, base={})
            print(" ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(cmd))
            return 0
        return launch_dashboard(port=args.port, host=args.host, open_browser=not args.no_browser, fast=args.fast)

    p.set_defaults(func=run)
