"""aipm-kit: hands-on AI product management.

Submodules are imported lazily (``aipm_kit.metrics`` is loaded the first time
you touch it), so ``import aipm_kit`` stays fast and heavy libraries such as
scikit-learn load only in the notebooks that need them.
"""

from __future__ import annotations

import importlib
import pkgutil

__version__ = "0.1.0"


def _submodules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str):
    if name.startswith("_") or name not in _submodules():
        raise AttributeError(f"module 'aipm_kit' has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{name}")
    globals()[name] = module
    return module


def __dir__():
    return _submodules() + ["__version__"]
