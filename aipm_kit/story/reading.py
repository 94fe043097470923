"""Reading facts back: the facts and figures an executed notebook recorded, and where.

The course index, ``aipm writeup`` and the tests read a run's facts from the notebook file, without
re-running it.
"""

from __future__ import annotations

import json
from pathlib import Path

from .facts import FACT_MIME, FIGURE_MIME, Fact


def read_notebook(notebook):
    """An ``nbformat`` node from a path (with a clear error if missing), or the node itself.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        A path to an ``.ipynb`` file, or a notebook already read.

    Returns
    -------
    nbformat.NotebookNode
        The notebook (version 4).

    Raises
    ------
    FileNotFoundError
        When the path does not exist, naming it.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> read_notebook(nb) is nb
    True
    >>> read_notebook("no/such.ipynb")
    Traceback (most recent call last):
    ...
    FileNotFoundError: notebook no/such.ipynb does not exist
    """
    import nbformat

    if isinstance(notebook, (str, Path)):
        path = Path(notebook)
        if not path.exists():
            raise FileNotFoundError(f"notebook {path} does not exist")
        return nbformat.read(path, as_version=4)
    return notebook


def _outputs(notebook) -> list[tuple[int, dict]]:
    notebook = read_notebook(notebook)
    found = []
    for index, cell in enumerate(notebook.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("display_data", "execute_result"):
                found.append((index, out.get("data", {})))
    return found


def read_facts(notebook) -> dict[str, Fact]:
    """Every fact recorded in an executed notebook (a path or an ``nbformat`` node).

    A key recorded twice keeps its last value, as a re-run cell would.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    dict of str to Fact
        Every recorded fact by key, in the order recorded.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> fact = {"key": "recall", "value": 0.61, "label": "Recall", "text": "61%"}
    >>> nb.cells = [nbformat.v4.new_code_cell("record('recall', 0.61)", outputs=[
    ...     nbformat.v4.new_output("display_data", data={FACT_MIME: fact})])]
    >>> read_facts(nb)
    {'recall': Recall: 61%}
    """
    facts = {}
    for index, data in _outputs(notebook):
        payload = data.get(FACT_MIME)
        if payload is None:
            continue
        if isinstance(payload, str):
            payload = json.loads(payload)
        for item in payload if isinstance(payload, list) else [payload]:  # a list: record_table
            facts[item["key"]] = Fact(
                item["key"],
                item["value"],
                item["label"],
                item["text"],
                index,
                item.get("author", ""),
                item.get("parameter", ""),
            )
    return facts


def read_figures(notebook) -> dict[str, dict]:
    """Figures stored with :func:`record_figure`: ``key -> {"caption", "png" (base64), "cell"}``.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    dict of str to dict
        For each figure key: its caption, its PNG as base64 text and the index of the cell that stored it.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> figure = {"key": "before_after", "caption": "Recall", "png": "iVBOR"}
    >>> nb.cells = [nbformat.v4.new_code_cell("", outputs=[
    ...     nbformat.v4.new_output("display_data", data={FIGURE_MIME: figure})])]
    >>> read_figures(nb)
    {'before_after': {'caption': 'Recall', 'png': 'iVBOR', 'cell': 0}}
    """
    figures = {}
    for index, data in _outputs(notebook):
        payload = data.get(FIGURE_MIME)
        if payload is None:
            continue
        if isinstance(payload, str):
            payload = json.loads(payload)
        figures[payload["key"]] = {"caption": payload["caption"], "png": payload["png"], "cell": index}
    return figures


def where_recorded(notebook, key: str) -> list[int]:
    """Indices of the code cells whose source records ``key`` (to name a missing fact's cell).

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The notebook.
    key : str
        The fact's key, looked for in quotes in each code cell's source.

    Returns
    -------
    list of int
        The cell indices, in order.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("gate2"), nbformat.v4.new_code_cell("g.record('gate2')")]
    >>> where_recorded(nb, "gate2")
    [1]
    """
    notebook = read_notebook(notebook)
    needles = (f'"{key}"', f"'{key}'")
    return [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and any(n in c.source for n in needles)]
