"""Importing the evaluation harness stays light: no scikit-learn, SciPy or pandas until a function needs them.

(Every module's Examples sections run in ``tests/test_doctests.py``, with the rest of the package.)
"""

from __future__ import annotations


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
