"""Lazy sub-packages: names and modules imported on first use, so ``import aipm_kit.x`` stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping


def lazy_exports(
    package: str, namespace: dict, exports: Mapping[str, str], modules: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``exports`` maps a name to the module that defines it,
    ``modules`` lists the sub-modules reachable as attributes. Each is imported once, then cached in
    ``namespace`` (the package's globals)."""
    modules = list(modules)

    def __getattr__(name: str):
        if name in modules:
            value = importlib.import_module(f"{package}.{name}")
        elif name in exports:
            value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__():
        return sorted(list(exports) + modules)

    return __getattr__, __dir__
