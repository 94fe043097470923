"""Lazy sub-packages: names and modules imported on first use, so ``import aipm_kit.x`` stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping


def lazy_exports(
    package: str, namespace: dict, exports: Mapping[str, str], modules: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``exports`` maps a name to the module that defines it,
    ``modules`` lists the sub-modules reachable as attributes. Each is imported once, then cached in
    ``namespace`` (the package's globals).

    Parameters
    ----------
    package : str
        The package's dotted name (its ``__name__``).
    namespace : dict
        The package's globals: each name is stored there when first reached, so the next use costs
        nothing.
    exports : mapping of str to str
        Each exported name, to the sub-module (relative to ``package``) that defines it.
    modules : iterable of str
        The sub-modules reachable as attributes of the package.

    Returns
    -------
    tuple of (callable, callable)
        The package's module-level ``__getattr__`` (it raises ``AttributeError`` for any other name)
        and ``__dir__`` (the exported names and the sub-modules, sorted).

    Examples
    --------
    >>> namespace = {}
    >>> getattr_, dir_ = lazy_exports("aipm_kit", namespace, {"format_money": "formatting"}, ["palette"])
    >>> dir_()
    ['format_money', 'palette']
    >>> getattr_("format_money")(-1500)
    '-$1,500'
    >>> sorted(namespace)
    ['format_money']
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'aipm_kit' has no attribute 'nothing'
    """
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
