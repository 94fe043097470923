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
    return sum(1 for c in nb.cells for o in c.get("outputs", []) for k in o.get("data", {})
               if k.startswith("image/"))


def _notebook(path, source: str):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("value, hides", [("Agg", True), ("agg", True), ("pdf", True), ("", False),
                                          ("inline", False), (runtime.INLINE_BACKEND, False),
                                          ("module://ipympl.backend_nbagg", False)])
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
    source = _notebook(tmp_path / "plain.ipynb",
                       "import matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4])\nplt.title('a line')")
    ok, error = execute(source, tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert ok, error
    assert _images(tmp_path / "out.ipynb") == 1


def test_kit_figures_show_in_a_kernel_started_with_agg(tmp_path, monkeypatch):
    """A kernel someone else started with MPLBACKEND=Agg (a terminal, an IDE) still shows kit figures."""
    import papermill as pm

    monkeypatch.setenv("MPLBACKEND", "Agg")
    source = _notebook(tmp_path / "kit.ipynb",
                       "from aipm_kit import plots\nfig, ax = plots.figure()\nax.plot([1, 2], [3, 4])\n"
                       "plots.finish(ax, title='a line', xlabel='x (units)', ylabel='y (units)')")
    pm.execute_notebook(str(source), str(tmp_path / "out.ipynb"), kernel_name="python3", cwd=str(tmp_path),
                        progress_bar=False)
    assert _images(tmp_path / "out.ipynb") == 1


def test_outside_a_kernel_nothing_changes():
    assert runtime.ensure_inline_figures() is False


def test_docstring_examples_run():
    result = doctest.testmod(runtime, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0
