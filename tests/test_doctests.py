"""Every example in the package's docstrings runs, and shows what the docstring says it shows.

Each module of ``aipm_kit`` is imported and its docstrings are run with :mod:`doctest` (``...`` may stand for
the elided part of a long output, and runs of whitespace compare equal). A module without examples passes
trivially, so the last test checks that the package as a whole carries a few hundred of them: a change that
stopped the examples from being collected would fail there, not pass unseen.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import aipm_kit

MODULES = sorted(m.name for m in pkgutil.walk_packages(aipm_kit.__path__, "aipm_kit."))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _run(name: str) -> doctest.TestResults:
    module = importlib.import_module(name)
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=FLAGS, verbose=False)
    for test in finder.find(module, name):
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, capsys):
    result = _run(name)
    shown = capsys.readouterr().out  # doctest prints each failing example with what it got instead
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed\n{shown}"


def test_the_package_carries_its_examples():
    attempted = sum(_run(name).attempted for name in MODULES)
    assert attempted >= 300  # about 400 today; a collection that broke would find none
    assert len(MODULES) > 100  # every sub-module is walked, not only the top level
