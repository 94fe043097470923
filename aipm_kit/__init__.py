"""aipm-kit: hands-on AI product management.

Submodules are imported lazily (``aipm_kit.metrics`` is loaded the first time
you touch it), so ``import aipm_kit`` stays fast and heavy libraries such as
scikit-learn load only in the notebooks that need them.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "cli", "course", "data", "drift", "evals", "exercises", "experiments", "fairness",
    "gates", "labels", "metrics", "monitoring", "planning", "plots", "recsys",
    "scenarios", "story", "widgets", "writeup",
}

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'aipm_kit' has no attribute {name!r}")


def __dir__():
    return __all__
