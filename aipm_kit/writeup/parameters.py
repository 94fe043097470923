"""A run's parameters: command-line values read the way ``papermill -p`` reads them, and the defaults in a
notebook's ``parameters`` cell."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any


def parse_value(text: str) -> Any:
    """Turn a command-line value into a Python value the way ``papermill -p`` does.

    ``"True"``/``"False"``/``"None"`` become ``True``/``False``/``None``;
    integers and floats are recognised; anything else stays text.

    Parameters
    ----------
    text : str
        The value as typed. A value that is not a ``str`` is returned unchanged.

    Returns
    -------
    bool, None, int, float or str
        The value papermill would pass.

    Examples
    --------
    >>> parse_value("7"), parse_value("0.5"), parse_value("False"), parse_value("fraud")
    (7, 0.5, False, 'fraud')
    """
    if not isinstance(text, str):
        return text
    if text == "True":
        return True
    if text == "False":
        return False
    if text == "None":
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def parse_parameters(pairs: Iterable[Iterable[str]] | None) -> dict:
    """``[("SEED", "7"), ("FAST", "True")] -> {"SEED": 7, "FAST": True}`` (papermill's ``-p`` rules).

    Parameters
    ----------
    pairs : iterable of (str, str), or None
        ``NAME VALUE`` pairs as ``-p`` collects them; each value is read by :func:`parse_value`. A later
        pair replaces an earlier one of the same name. ``None`` or empty gives ``{}``.

    Returns
    -------
    dict
        The parameters by name.

    Raises
    ------
    ValueError
        When a pair does not have two items, or a name is not a Python identifier.

    Examples
    --------
    >>> parse_parameters([("SEED", "7"), ("FAST", "True")])
    {'SEED': 7, 'FAST': True}
    >>> parse_parameters([("n rows", "5")])
    Traceback (most recent call last):
    ...
    ValueError: parameter name must be a Python identifier, got 'n rows'
    """
    params: dict = {}
    for pair in pairs or []:
        pair = list(pair)
        if len(pair) != 2:
            raise ValueError(f"each parameter is NAME VALUE, got {pair!r}")
        name, value = pair
        if not str(name).isidentifier():
            raise ValueError(f"parameter name must be a Python identifier, got {name!r}")
        params[str(name)] = parse_value(value)
    return params


def notebook_defaults(notebook) -> dict:
    """The literal assignments of the cell tagged ``parameters`` (``NAME = value``).

    Only the first code cell tagged ``parameters`` is read, and only its plain ``NAME = value`` statements.
    A value that is not a Python literal is kept as code, the text :func:`ast.unparse` gives it.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The authored notebook.

    Returns
    -------
    dict
        The defaults by name; ``{}`` when no cell is tagged ``parameters`` or its code does not parse.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("SEED = 42\\nFAST = False  # small data\\nN = 2 * 10_000\\nimport math",
    ...                                       metadata={"tags": ["parameters"]})]
    >>> notebook_defaults(nb)
    {'SEED': 42, 'FAST': False, 'N': '2 * 10000'}
    """
    nb = _read(notebook)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            found = {}
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return {}
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    try:
                        found[node.targets[0].id] = ast.literal_eval(node.value)
                    except ValueError:
                        found[node.targets[0].id] = ast.unparse(node.value)
            return found
    return {}


def _read(notebook):
    from ..story import read_notebook

    return read_notebook(notebook)
