"""What a static page shows in place of a widget: its static rendering (an image or HTML) when the output
has one, else a short note, never its ``VBox(children=...`` repr."""

from __future__ import annotations

import functools
import re

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "Interactive control: open this notebook in JupyterLab to use it."
_STATIC_MIME = ("image/png", "image/jpeg", "image/svg+xml", "text/html")


@functools.lru_cache(maxsize=1)
def _widget_repr() -> re.Pattern:
    """``VBox(children=...``, ``FloatSlider(value=...``, ``Output()``: the repr of a widget class."""
    names = {
        "Accordion",
        "Box",
        "Button",
        "Checkbox",
        "Dropdown",
        "FloatSlider",
        "GridBox",
        "HBox",
        "IntSlider",
        "Output",
        "SelectMultiple",
        "Stack",
        "Tab",
        "ToggleButtons",
        "VBox",
    }
    try:
        import ipywidgets

        todo = [ipywidgets.Widget]
        while todo:
            cls = todo.pop()
            names.add(cls.__name__)
            todo.extend(cls.__subclasses__())
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        pass
    names = sorted((n for n in names if n.isidentifier() and not n.startswith("_")), key=len, reverse=True)
    # keyword arguments (or none) follow the class name: matplotlib's ``Text(0.5, 1.0, 'x')`` is no widget
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, names)) + r")\((?:\)|\s*[A-Za-z_]\w*=)")


def is_widget_repr(text) -> bool:
    """True when ``text`` starts with a widget's repr (``VBox(children=(HBox(...``).

    A widget's repr is the name of an ipywidgets class followed by ``(`` and a keyword argument (or ``()``),
    so matplotlib's ``Text(0.5, 1.0, 'x')`` is not one.

    Parameters
    ----------
    text : str or list of str
        An output's text (a list, as a notebook stores it, is joined first).

    Returns
    -------
    bool
        Whether the text starts, after any whitespace, with a widget's repr.

    Examples
    --------
    >>> is_widget_repr("VBox(children=(HBox(children=(FloatSlider(value=0.5),)),))")
    True
    >>> is_widget_repr(["IntSlider(", "value=3)"]), is_widget_repr("Text(0.5, 1.0, 'Recall')"), is_widget_repr("")
    (True, False, False)
    """
    if isinstance(text, list):
        text = "".join(text)
    return bool(text) and bool(_widget_repr().match(str(text)))


def _note(text: str) -> dict:
    import nbformat

    from ..templating import render

    return nbformat.v4.new_output(
        "display_data", data={"text/html": render("site/note.html.j2", text=text), "text/plain": text}
    )


def static_outputs(nb):
    """Replace every widget output of ``nb`` (in place) by its static rendering or a short note.

    A display whose data holds a widget view (or whose text is a widget's repr) keeps only its image or HTML
    representations when it has one, else becomes the note :data:`WIDGET_NOTE`; a printed widget repr also
    becomes the note. The notebook's saved widget state (``metadata["widgets"]``) is dropped.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook, changed in place.

    Returns
    -------
    nbformat.NotebookNode
        ``nb`` itself.

    Examples
    --------
    >>> import nbformat
    >>> widget = nbformat.v4.new_output("display_data", data={
    ...     WIDGET_VIEW: {"model_id": "abc"}, "image/png": "iVBOR", "text/plain": "VBox(children=())"})
    >>> printed = nbformat.v4.new_output("stream", text="IntSlider(value=3)")
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("app", outputs=[widget, printed])]
    >>> [sorted(out["data"]) for out in static_outputs(nb).cells[0].outputs]
    [['image/png'], ['text/html', 'text/plain']]
    >>> nb.cells[0].outputs[1]["data"]["text/plain"]
    'Interactive control: open this notebook in JupyterLab to use it.'
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            data = out.get("data", {})
            if kind in ("display_data", "execute_result") and (
                WIDGET_VIEW in data or is_widget_repr(data.get("text/plain", ""))
            ):
                static = {k: data[k] for k in _STATIC_MIME if k in data}
                if static:
                    out["data"] = static
                    outputs.append(out)
                else:
                    outputs.append(_note(WIDGET_NOTE))
            elif kind == "stream" and is_widget_repr(out.get("text", "")):
                outputs.append(_note(WIDGET_NOTE))
            else:
                outputs.append(out)
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb
