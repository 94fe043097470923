"""Figures reach the reader even when the shell exported a headless matplotlib backend.

A kernel inherits its parent's environment; ``MPLBACKEND=Agg`` there used to leave every figure
cell of every notebook empty (in papermill output, on the site and in JupyterLab)."""

from __future__ import annotations

import doctest

import nbformat
import pytest

from aipm_kit import runtime

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _images(path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells for o in c.get("outputs", []) for k in o.get("data", {}) if k.startswith("image/"))


def _notebook(path, source: str):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source),
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    "value, hides",
    [
        ("Agg", True),
        ("agg", True),
        ("pdf", True),
        ("", False),
        ("inline", False),
        (runtime.INLINE_BACKEND, False),
        ("module://ipympl.backend_nbagg", False),
    ],
)
def test_figure_hiding_backend(value, hides):
    env = {"MPLBACKEND": value} if value else {}
    assert (runtime.figure_hiding_backend(env) == value) is hides


def test_kernel_environment_restores_the_setting(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import os

    with runtime.kernel_environment():
        assert "MPLBACKEND" not in os.environ
    assert os.environ["MPLBACKEND"] == "Agg"
    monkeypatch.setenv("MPLBACKEND", "inline")
    with runtime.kernel_environment():
        assert os.environ["MPLBACKEND"] == "inline"  # a notebook backend is left alone


def test_course_execute_draws_figures_under_an_exported_agg(tmp_path, monkeypatch):
    """`aipm run` and `aipm writeup` execute through course.execute."""
    from aipm_kit.course import execute

    monkeypatch.setenv("MPLBACKEND", "Agg")
    source = _notebook(
        tmp_path / "plain.ipynb", "import matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4])\nplt.title('a line')"
    )
    ok, error = execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert ok, error
    assert _images(tmp_path / "out.ipynb") == 1


def test_kit_figures_show_in_a_kernel_started_with_agg(tmp_path, monkeypatch):
    """A kernel someone else started with MPLBACKEND=Agg (a terminal, an IDE) still shows kit figures."""
    import papermill as pm

    monkeypatch.setenv("MPLBACKEND", "Agg")
    source = _notebook(
        tmp_path / "kit.ipynb",
        "from aipm_kit import plots\nfig, ax = plots.figure()\nax.plot([1, 2], [3, 4])\n"
        "plots.finish(ax, title='a line', xlabel='x (units)', ylabel='y (units)')",
    )
    pm.execute_notebook(
        str(source), str(tmp_path / "out.ipynb"), kernel_name="python3", cwd=str(tmp_path), progress_bar=False
    )
    assert _images(tmp_path / "out.ipynb") == 1


def test_outside_a_kernel_nothing_changes():
    assert runtime.ensure_inline_figures() is False


def test_docstring_examples_run():
    result = doctest.testmod(runtime, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0


# --------------------------------------------------------------------------- thread limits and notebook setup


def _threads(user_api=None):
    from threadpoolctl import threadpool_info

    return [p["num_threads"] for p in threadpool_info() if user_api is None or p["user_api"] == user_api]


def test_single_thread_limits_blas_and_openmp_and_restores_them():
    import numpy  # noqa: F401  (BLAS)
    import sklearn  # noqa: F401  (scikit-learn's OpenMP runtime)

    before = {api: _threads(api) for api in ("blas", "openmp")}
    assert before["blas"] and before["openmp"]
    with runtime.single_thread():
        assert _threads("blas") and all(n == 1 for n in _threads("blas"))  # what recsys limited
        assert _threads("openmp") and all(n == 1 for n in _threads("openmp"))  # what models limited
    assert {api: _threads(api) for api in ("blas", "openmp")} == before


def test_single_thread_gives_the_same_models_as_the_old_per_module_limits():
    """models limited OpenMP only, recsys BLAS only: the one limit (every pool) fits the same numbers."""
    import numpy as np
    import scipy.sparse as sp
    from threadpoolctl import threadpool_limits

    from aipm_kit import models, scenarios

    df = scenarios.make_payments(4_000, seed=1, months=2, drift_month=None, incident=False)
    with runtime.single_thread():
        new = models.fraud_scores(models.fit_fraud_model(df, max_iter=20), df)
    with threadpool_limits(limits=1, user_api="openmp"):
        old = models.fraud_scores(models.fit_fraud_model(df, max_iter=20), df)
    np.testing.assert_array_equal(new, old)
    R = sp.random(60, 40, density=0.3, random_state=0, format="csr")
    gram = np.asarray((R @ R.T).toarray())
    with runtime.single_thread():
        new = np.linalg.eigh(gram)
    with threadpool_limits(limits=1, user_api="blas"):
        old = np.linalg.eigh(gram)
    np.testing.assert_array_equal(new[0], old[0])
    np.testing.assert_array_equal(new[1], old[1])


def test_old_private_name_is_the_helper():
    from aipm_kit import models

    assert models._one_thread is runtime.single_thread


def test_setup_notebook_sets_the_shared_display_options_and_one_thread(tmp_path):
    """Run in a fresh interpreter: the limit lasts for the rest of the process, as in a notebook."""
    import subprocess
    import sys

    code = (
        "import numpy, sklearn, pandas as pd\n"
        "from threadpoolctl import threadpool_info\n"
        "from aipm_kit import runtime\n"
        "assert runtime.setup_notebook(width=120, max_columns=12) is None\n"
        "print(pd.get_option('display.max_colwidth'), pd.get_option('display.width'),"
        " pd.get_option('display.max_columns'), sorted({p['num_threads'] for p in threadpool_info()}))\n"
        "runtime.setup_notebook(whole_cells=False, threads=None)\n"
        "print(pd.get_option('display.max_colwidth'))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.split("\n")[:2] == ["None 120 12 [1]", "None"]


def test_setup_notebook_leaves_what_it_is_not_asked_to_set():
    import pandas as pd

    with pd.option_context("display.max_colwidth", 50, "display.width", 80, "display.max_columns", 20):
        runtime.setup_notebook(whole_cells=False, threads=None)
        assert (
            pd.get_option("display.max_colwidth"),
            pd.get_option("display.width"),
            pd.get_option("display.max_columns"),
        ) == (50, 80, 20)
