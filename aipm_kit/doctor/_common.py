"""What every check of ``aipm doctor`` shares: where the kit's checkout is, and the command that installs a package.

The checkout (:data:`REPO`) holds ``pyproject.toml`` with the pinned versions and ``datasets/`` with the
shipped data; :func:`_pip` spells the ``pip install`` line a finding gives as its fix, for the Python
that runs the kit.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"


def _pip(spec: str) -> str:
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(spec)}"
