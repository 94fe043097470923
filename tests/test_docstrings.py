"""Every public function and class of the package carries a numpydoc docstring that runs.

"Public" is every function or class a module of ``aipm_kit`` defines (not one it re-exports) whose name does not
start with an underscore. Each is checked with :func:`numpydoc.validate.validate`, the checker numpydoc's own
Sphinx extension uses, for the parts a reader of the kit relies on:

- GL08: there is a docstring;
- PR01 and PR02: every parameter of the signature is under Parameters, and nothing else is;
- RT01 and YD01: a function that returns (or yields) something says what under Returns (or Yields);
- EX01: there is an Examples section (``tests/test_doctests.py`` runs every one).

Methods are not checked one by one: a class's docstring documents how to build it, and the methods a notebook
calls are shown in its examples.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from numpydoc.validate import validate

import aipm_kit

CHECKS = {"GL08", "PR01", "PR02", "RT01", "YD01", "EX01"}


def public_objects(package) -> list[str]:
    """The dotted names of the functions and classes ``package``'s modules define, without a leading ``_``."""
    names = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if getattr(obj, "__module__", None) == module.__name__:
                names.append(f"{module.__name__}.{name}")
    return sorted(names)


def problems(qualified_name: str) -> list[str]:
    """What numpydoc finds missing from one object's docstring, among ``CHECKS``, as ``CODE: message`` lines."""
    return [f"{code}: {message}" for code, message in validate(qualified_name)["errors"] if code in CHECKS]


OBJECTS = public_objects(aipm_kit)


@pytest.mark.parametrize("name", OBJECTS)
def test_public_object_has_a_numpydoc_docstring(name):
    found = problems(name)
    assert not found, f"{name}:\n  " + "\n  ".join(found)


def test_every_module_is_walked():
    assert len(OBJECTS) > 500  # about 640 today; a walk that stopped early would find few
    assert "aipm_kit.drift.statistics.psi" in OBJECTS
    assert not any(name.rpartition(".")[2].startswith("_") for name in OBJECTS)


# --------------------------------------------------------------------------- the checker can fail


def undocumented(rate, n):
    """Take a rate."""
    return rate * n


def documented(rate, n):
    """Scale a rate to a count.

    Parameters
    ----------
    rate : float
        Events per unit.
    n : int
        Units.

    Returns
    -------
    float
        The expected count.

    Examples
    --------
    >>> documented(0.5, 4)
    2.0
    """
    return rate * n


def test_checker_names_what_is_missing_and_passes_a_complete_docstring():
    found = problems(f"{__name__}.undocumented")
    assert {line.split(":")[0] for line in found} == {"PR01", "RT01", "EX01"}
    assert any("rate" in line for line in found)
    assert problems(f"{__name__}.documented") == []
