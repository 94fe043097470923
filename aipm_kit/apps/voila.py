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
    """Path of the dashboard-only notebook Voilà serves (``notebooks/apps/drift_dashboard.ipynb``).

    Returns
    -------
    pathlib.Path
        The notebook in the repository the kit is imported from.

    Raises
    ------
    FileNotFoundError
        When it is missing (the notebook ships with the repository, not with the package).

    Examples
    --------
    >>> dashboard_notebook().relative_to(dashboard_notebook().parents[2]).as_posix()
    'notebooks/apps/drift_dashboard.ipynb'
    """
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

    Returns
    -------
    pathlib.Path
        ``aipm_kit/templates/jupyter`` (it holds ``voila/templates/aipm-dashboard``).

    Examples
    --------
    >>> (template_root() / "voila" / "templates" / "aipm-dashboard").is_dir()
    True
    """
    return Path(__file__).resolve().parent.parent / "templates" / "jupyter"


def check_address(host: str, port) -> tuple[str, int]:
    """Validate ``--host`` and ``--port``; raises ValueError naming the argument.

    Parameters
    ----------
    host : str
        An IP address (v4 or v6) or a host name (letters, digits and hyphens, in dot-separated labels).
    port : int
        A whole number from 1 to 65535 (a bool is refused).

    Returns
    -------
    tuple of (str, int)
        ``host`` as given and ``port`` as an ``int``.

    Raises
    ------
    ValueError
        Naming ``--host`` or ``--port`` and what it got.

    Examples
    --------
    >>> check_address("localhost", 8866), check_address("::1", 9000)
    (('localhost', 8866), ('::1', 9000))
    >>> check_address("127.0.0.1", 70000)
    Traceback (most recent call last):
    ...
    ValueError: --port must be from 1 to 65535, got 70000
    """
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
    """The URL Voilà serves on for ``host`` and ``port``.

    Parameters
    ----------
    host : str
        The address bound (an IPv6 address is written in brackets).
    port : int
        The port.

    Returns
    -------
    str
        ``http://host:port/``.

    Examples
    --------
    >>> dashboard_url("127.0.0.1", 8866), dashboard_url("::1", 8866)
    ('http://127.0.0.1:8866/', 'http://[::1]:8866/')
    """
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def voila_command(
    notebook: Path | None = None, *, port: int = 8866, host: str = "127.0.0.1", open_browser: bool = True
) -> list[str]:
    """The Voilà command line that serves the dashboard (run it with :func:`voila_env`).

    Voilà is told not to move to another port, to use the kit's template and light theme, to hide tracebacks
    and to load only the widget managers' page extensions.

    Parameters
    ----------
    notebook : Path, optional
        The notebook to serve (default :func:`dashboard_notebook`).
    port : int, default 8866
        The port to listen on (checked by :func:`check_address`).
    host : str, default "127.0.0.1"
        The address to bind (this machine only by default).
    open_browser : bool, default True
        False adds ``--no-browser``.

    Returns
    -------
    list of str
        The arguments, starting with this Python and ``-m voila``.

    Examples
    --------
    >>> cmd = voila_command("app.ipynb", port=9000, open_browser=False)
    >>> cmd[1:6], cmd[-1]
    (['-m', 'voila', 'app.ipynb', '--port=9000', '--Voila.ip=127.0.0.1'], '--no-browser')
    """
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
    """The environment for :func:`voila_command`: the kit's template on ``JUPYTER_PATH``, and ``AIPM_FAST``.

    Parameters
    ----------
    fast : bool, default False
        Set ``AIPM_FAST=1`` (the kernel then uses a seeded quarter of the flights).
    base : dict, optional
        The environment to start from (default: this process's); it is copied, not changed.

    Returns
    -------
    dict
        ``base`` with :func:`template_root` first on ``JUPYTER_PATH`` (any earlier value kept after it).

    Examples
    --------
    >>> env = voila_env(fast=True, base={})
    >>> sorted(env), env["AIPM_FAST"], env["JUPYTER_PATH"] == str(template_root())
    (['AIPM_FAST', 'JUPYTER_PATH'], '1', True)
    """
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

    Parameters
    ----------
    port : int, default 8866
        The port to listen on (1 to 65535; it must be free).
    host : str, default "127.0.0.1"
        The address to bind.
    open_browser : bool, default True
        Let Voilà open a browser on the page.
    fast : bool, default False
        Serve a seeded quarter of the flights.

    Returns
    -------
    int
        Voilà's exit code.

    Raises
    ------
    ValueError
        On a bad host or port, or a port in use.
    FileNotFoundError
        When Voilà is not installed or the dashboard notebook is missing.

    Examples
    --------
    A bad address is refused before anything starts:

    >>> launch_dashboard(port=0)
    Traceback (most recent call last):
    ...
    ValueError: --port must be from 1 to 65535, got 0
    >>> launch_dashboard(port=8866, open_browser=False)  # doctest: +SKIP
    serving the drift dashboard on http://127.0.0.1:8866/ (Ctrl+C to stop)
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
    """Add ``aipm dashboard``: serve the drift dashboard with Voilà.

    Options: ``--port``, ``--host``, ``--no-browser``, ``--fast`` and ``--print-command`` (print the Voilà
    command with its environment and exit).

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``aipm`` parser's sub-commands; the command's function is set as ``func``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers())
    >>> args = parser.parse_args(["dashboard", "--fast", "--port", "9000"])
    >>> args.port, args.fast, args.no_browser
    (9000, True, False)
    """
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
