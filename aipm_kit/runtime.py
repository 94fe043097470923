"""Runtime settings that decide whether a reader sees the kit's figures.

A Jupyter kernel draws figures inline only when matplotlib's backend is
matplotlib-inline (ipykernel picks it unless ``MPLBACKEND`` says otherwise).
A shell, a Makefile or a CI job that exports ``MPLBACKEND=Agg`` for headless
safety is inherited by every kernel it starts, and then every figure cell of
a notebook stays empty, in JupyterLab, in papermill's output and on the site.

This module keeps headless safety where no kernel is involved and figures
where one is:

- :func:`figure_hiding_backend` names a backend setting that would hide
  figures in a kernel (``aipm doctor`` reports it);
- :func:`kernel_environment` removes such a setting while kernels are
  started (``aipm run``, ``aipm writeup``, the tests' papermill runs);
- :func:`ensure_inline_figures` switches a running kernel that was started
  with such a setting anyway back to inline figures (``plots.figure`` calls it).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, MutableMapping

__all__ = ["INLINE_BACKEND", "figure_hiding_backend", "kernel_environment", "ensure_inline_figures"]

#: The backend ipykernel uses for inline figures.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Backend names that show figures inside a notebook (inline images or interactive widgets).
_NOTEBOOK_BACKENDS = {"inline", INLINE_BACKEND, "widget", "ipympl", "module://ipympl.backend_nbagg", "nbagg"}


def figure_hiding_backend(environ: MutableMapping[str, str] | None = None) -> str | None:
    """The ``MPLBACKEND`` value that would leave a kernel's figure cells empty, or None.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read (default: ``os.environ``).

    Returns
    -------
    str or None
        The offending value (for example ``"Agg"``), or None when ``MPLBACKEND``
        is unset or names a backend that shows figures in a notebook.

    Examples
    --------
    >>> figure_hiding_backend({"MPLBACKEND": "Agg"})
    'Agg'
    >>> figure_hiding_backend({}) is None
    True
    >>> figure_hiding_backend({"MPLBACKEND": "module://matplotlib_inline.backend_inline"}) is None
    True
    """
    value = (os.environ if environ is None else environ).get("MPLBACKEND", "").strip()
    if not value or value.lower() in {b.lower() for b in _NOTEBOOK_BACKENDS}:
        return None
    return value


@contextlib.contextmanager
def kernel_environment() -> Iterator[None]:
    """Within the block, kernels started by this process draw inline figures.

    A figure-hiding ``MPLBACKEND`` (see :func:`figure_hiding_backend`) is
    removed from ``os.environ`` for the duration and put back afterwards, so
    code in this process that draws without a kernel keeps its setting.

    Examples
    --------
    >>> import os
    >>> saved = os.environ.get("MPLBACKEND")
    >>> os.environ["MPLBACKEND"] = "Agg"
    >>> with kernel_environment():
    ...     print(os.environ.get("MPLBACKEND"))
    None
    >>> os.environ["MPLBACKEND"]
    'Agg'
    >>> _ = os.environ.pop("MPLBACKEND") if saved is None else os.environ.update(MPLBACKEND=saved)
    """
    hiding = figure_hiding_backend()
    if hiding is None:
        yield
        return
    os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        os.environ["MPLBACKEND"] = hiding


def ensure_inline_figures() -> bool:
    """Inside a Jupyter kernel whose matplotlib backend hides figures, switch to inline figures.

    Outside a kernel (a script, a test, a terminal IPython) nothing changes.
    Returns True when it switched the backend.
    """
    if "matplotlib" not in sys.modules:
        import matplotlib  # noqa: F401  (the check below needs it imported)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with every Jupyter install
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return False
    import matplotlib

    backend = matplotlib.get_backend()
    if backend.lower() in {b.lower() for b in _NOTEBOOK_BACKENDS}:
        return False
    shell.run_line_magic("matplotlib", "inline")
    return True
