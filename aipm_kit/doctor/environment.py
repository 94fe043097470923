"""The tools around Python: the Jupyter kernel, the figures setting kernels inherit, and a browser.

The ``python3`` kernel must run this environment's Python, kernels started from this shell must draw
figures (no inherited ``MPLBACKEND=Agg``), and Chromium, which only the browser tests use, is optional.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from ._common import _pip
from .findings import Check

CHROMIUM = "/usr/bin/chromium"


def check_kernel() -> Check:
    """Check that Jupyter has a ``python3`` kernel and that it runs this environment's Python.

    Returns
    -------
    Check
        The finding: the Python the kernel runs, or what is wrong (no kernel, or one pointing to
        another or a missing interpreter) and the ``ipykernel install`` command that fixes it.

    Examples
    --------
    >>> from unittest import mock
    >>> from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    >>> with mock.patch.object(KernelSpecManager, "get_kernel_spec", side_effect=NoSuchKernel("python3")):
    ...     check = check_kernel()
    >>> check.ok, check.found
    (False, 'no kernel named python3')
    >>> check.fix
    "... -m ipykernel install --sys-prefix --name python3 --display-name 'Python 3 (aipm-kit)'"
    """
    fix = (
        f"{shlex.quote(sys.executable)} -m ipykernel install --sys-prefix --name python3 "
        f"--display-name 'Python 3 (aipm-kit)'"
    )
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        return Check(
            "Jupyter kernel python3",
            False,
            "jupyter_client is not installed",
            "python3 kernel",
            fix=_pip("ipykernel") + " && " + fix,
        )
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except Exception:
        return Check("Jupyter kernel python3", False, "no kernel named python3", "python3 kernel", fix=fix)
    exe = spec.argv[0] if spec.argv else ""
    if exe in ("python", "python3", "{python}", sys.executable):
        where = sys.executable if exe != sys.executable else exe
        return Check("Jupyter kernel python3", True, f"runs {where}")
    exe_path = Path(exe)
    if not exe_path.exists():
        return Check("Jupyter kernel python3", False, f"points to {exe}, which does not exist", sys.executable, fix=fix)
    same = exe_path.resolve() == Path(sys.executable).resolve() or exe_path.parent == Path(sys.executable).parent
    return Check("Jupyter kernel python3", same, f"runs {exe}", sys.executable, fix=fix)


def check_figures(environ=None) -> Check:
    """Kernels started from this environment draw figures (no inherited ``MPLBACKEND=Agg``).

    Parameters
    ----------
    environ : mapping, optional
        The environment to read (default: ``os.environ``).

    Returns
    -------
    Check
        The finding; a figure-hiding ``MPLBACKEND`` fails it, with ``unset MPLBACKEND`` as the fix.

    Examples
    --------
    >>> check = check_figures({"MPLBACKEND": "Agg"})
    >>> check.ok, check.found
    (False, 'MPLBACKEND=Agg: kernels started from this shell would show no figures')
    >>> check_figures({}).ok
    True
    """
    from ..runtime import figure_hiding_backend

    hiding = figure_hiding_backend(environ)
    if hiding is None:
        return Check("figures in notebooks", True, "MPLBACKEND unset or a notebook backend")
    return Check(
        "figures in notebooks",
        False,
        f"MPLBACKEND={hiding}: kernels started from this shell would show no figures",
        "MPLBACKEND unset",
        fix="unset MPLBACKEND   (then restart JupyterLab)",
    )


def check_chromium(path: str = CHROMIUM) -> Check:
    """Check for the Chromium browser the browser tests use (an optional check).

    Parameters
    ----------
    path : str, default "/usr/bin/chromium"
        Where Chromium is looked for first; then ``chromium`` on the ``PATH``.

    Returns
    -------
    Check
        An optional finding: where Chromium was found, or how to install it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     browser = Path(folder) / "chromium"
    ...     _ = browser.write_text("")
    ...     print(check_chromium(str(browser)).ok)
    ...     with mock.patch("shutil.which", return_value=None):
    ...         missing = check_chromium(str(Path(folder) / "gone"))
    True
    >>> missing.status, missing.fix
    ('optional', 'sudo apt-get install chromium   (only the browser tests need it; they skip without it)')
    """
    found = path if Path(path).exists() else shutil.which("chromium")
    if found:
        return Check("chromium (browser tests)", True, found, required=False)
    return Check(
        "chromium (browser tests)",
        False,
        "not found",
        path,
        required=False,
        fix="sudo apt-get install chromium   (only the browser tests need it; they skip without it)",
    )
