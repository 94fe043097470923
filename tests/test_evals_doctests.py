"""The Examples sections of aipm_kit.evals run and print what they claim."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "cases",
    "adapters",
    "endpoint",
    "scorers.matching",
    "scorers.overlap",
    "scorers.vectors",
    "scorers.options",
    "judges",
    "results_log",
    "runner",
    "stats",
    "clusters",
    "gate",
    "prompts",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(f"aipm_kit.evals.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"aipm_kit.evals.{name} has no examples"
    assert result.failed == 0


def test_import_stays_light():
    import subprocess
    import sys

    code = (
        "import sys; import aipm_kit.evals.scorers, aipm_kit.evals.runner, aipm_kit.evals.stats, "
        "aipm_kit.evals.gate; print(int('sklearn' in sys.modules), int('scipy' in sys.modules), "
        "int('pandas' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "0", "0"]
