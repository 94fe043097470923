"""Runtime settings: whether a reader sees the kit's figures, thread limits, a notebook's display options.

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

Native thread pools (BLAS, OpenMP) are limited in one place too:

- :func:`single_thread` runs a block of numerical code on one thread
  (``with runtime.single_thread():`` in the kit's modules);
- :func:`setup_notebook`, called once in a notebook's first code cell, limits
  the thread pools for the whole run and sets the pandas display options the
  notebooks share.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, MutableMapping

__all__ = [
    "INLINE_BACKEND",
    "figure_hiding_backend",
    "kernel_environment",
    "ensure_inline_figures",
    "single_thread",
    "setup_notebook",
]

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

    Yields
    ------
    None
        Nothing: the block runs with the setting removed.

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

    Returns
    -------
    bool
        True when it switched matplotlib to inline figures; False outside a kernel, or when the
        backend already shows figures in a notebook.

    Examples
    --------
    Outside a kernel (here, the doctest run) it leaves the backend alone:

    >>> ensure_inline_figures()
    False
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


def single_thread():
    """One thread for every native thread pool (BLAS and OpenMP) loaded now, within a ``with`` block.

    On a small shared machine (a laptop, a 2-core CI runner) OpenMP threads
    spin-wait for each other and a 0.3 s fit can take 10 s or more; the kit's
    matrices are small, so one thread is fast and predictable. It also makes
    results bit-for-bit the same on any number of cores: a multi-threaded BLAS
    sums in an order that depends on the thread count (a logistic regression's
    probabilities moved in the last digits), and the notebooks are built with
    one thread (``OMP_NUM_THREADS=1``).

    Every pool is limited, not only the one a block uses: the modules used to
    limit OpenMP only (``models``) or BLAS only (``recsys``). Measured, the
    extra limit is a no-op where that library does no work in the block (same
    arrays, same time) and otherwise only removes the thread-count dependence
    above, at no cost in speed (a logistic fit of 20,000 x 68 took 1.1-1.3 s
    with every pool limited, 1.5-1.9 s with OpenMP only, on 2 cores).

    The limit covers the libraries loaded when the block starts: import the
    code that runs inside first (``import sklearn`` loads scikit-learn's
    OpenMP runtime). On leaving the block the previous limits come back.

    Returns
    -------
    threadpoolctl.threadpool_limits
        A context manager (also already applied: without ``with`` the limit
        lasts until its ``restore_original_limits()``).

    Examples
    --------
    >>> import numpy as np
    >>> from threadpoolctl import threadpool_info
    >>> with single_thread():
    ...     print(all(pool["num_threads"] == 1 for pool in threadpool_info()))
    True
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def setup_notebook(
    *, whole_cells: bool = True, width: int | None = None, max_columns: int | None = None, threads: int | None = 1
) -> None:
    """Set up a notebook's run: call once in its first code cell, after its imports.

    Limits every native thread pool loaded by then to ``threads`` threads for
    the rest of the run (identical results on every machine, and no fight for
    a shared CPU; see :func:`single_thread`), and sets the pandas display
    options the notebooks share.

    Parameters
    ----------
    whole_cells : bool, default True
        Show every table cell whole (``display.max_colwidth = None``), never
        cut with "..."; False leaves pandas' setting (cut at 50 characters).
    width : int, optional
        ``display.width``: characters in a line of a table printed as text
        (None leaves pandas' 80).
    max_columns : int, optional
        ``display.max_columns``: columns shown before the middle ones are
        elided (None leaves pandas' setting).
    threads : int or None, default 1
        Threads for the BLAS and OpenMP pools already loaded; None leaves them.

    Returns
    -------
    None
        Nothing, so that a cell ending with the call shows no output.

    Examples
    --------
    >>> import pandas as pd
    >>> with pd.option_context("display.max_colwidth", 50, "display.width", 80):
    ...     setup_notebook(width=120, threads=None)
    ...     print(pd.get_option("display.max_colwidth"), pd.get_option("display.width"))
    None 120
    """
    import pandas as pd

    if threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads)
    if width is not None:
        pd.set_option("display.width", width)
    if max_columns is not None:
        pd.set_option("display.max_columns", max_columns)
    if whole_cells:
        pd.set_option("display.max_colwidth", None)
