"""Rendering one page: an executed notebook (its learner copy on the learner site) through the
``aipm_site`` nbconvert template to standalone HTML, escaped currency dollars kept apart from maths."""

from __future__ import annotations

import copy
import functools
import re
import sys
from pathlib import Path

from ._common import _SIDEBAR, _TEMPLATES, INSTRUCTOR, LEARNER
from .learner import learner_notebook
from .static import static_outputs

HIDDEN_TAGS = frozenset({"remove-cell", "injected-parameters"})

_CODE_SPAN = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
# stands in for an escaped dollar while the Markdown is converted (which would turn ``\\$`` and even
# ``&#36;`` into a bare ``$``), then becomes ``&#36;`` in the page
_DOLLAR = "aipmEscapedDollar"


def _escape_dollars(text: str) -> str:
    """``\\$`` -> a placeholder outside code spans; :func:`render_html` writes it as ``&#36;``."""
    parts = _CODE_SPAN.split(text)
    return "".join(p if i % 2 else p.replace("\\$", _DOLLAR) for i, p in enumerate(parts))


def _markdown_dollars(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _escape_dollars(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if isinstance(data.get("text/markdown"), str):
                data["text/markdown"] = _escape_dollars(data["text/markdown"])
    return nb


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="aipm_site", extra_template_basedirs=[str(_TEMPLATES)])
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS)), enabled=True)
    return exporter


def _page_notebook(executed, edition: str, title: str):
    """The notebook node a page of ``edition`` renders (``ValueError`` if the learner copy fails)."""
    from ..story import read_notebook

    nb = copy.deepcopy(read_notebook(executed))
    if edition == LEARNER:
        nb = learner_notebook(nb)
    static_outputs(nb)
    _markdown_dollars(nb)
    nb.metadata["title"] = title
    return nb


def _missing_page_notebook(title: str, problem: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\nThis page is missing from the learner site: its notebook breaks the exercise "
            f"convention, so a learner copy could show an answer ({problem}). Fix the notebook and rebuild."
        )
    ]
    nb.metadata["title"] = title
    return nb


def render_html(
    executed,
    target: Path | None = None,
    *,
    edition: str = INSTRUCTOR,
    title: str = "",
    nav_top: str = "",
    nav_bottom: str = "",
    sidebar: str | None = None,
    assets: str = "assets/",
) -> str:
    """Render an executed notebook to one page of ``edition``'s site; returns the HTML.

    The page is standalone (figures embedded, no network scripts); ``nav_top`` / ``nav_bottom``
    are HTML blocks above and below the notebook, ``sidebar`` fills the sidebar (``None`` leaves its
    ``<!--aipm:sidebar-->`` marker, to be filled once the page's headings are known), ``assets`` is
    the relative path of the site's ``assets/`` folder. With ``target`` the page is also written there.

    Cells tagged ``remove-cell`` or ``injected-parameters`` are left out, widget outputs become their static
    rendering or a note (:func:`static_outputs`), and an escaped ``\\$`` in Markdown is written as ``&#36;``.
    On the learner site a notebook that breaks the exercise convention gets a page saying it is missing
    (and a line on standard error) instead of its content.

    Parameters
    ----------
    executed : str, pathlib.Path or nbformat.NotebookNode
        The executed notebook (not changed).
    target : str or pathlib.Path, optional
        Also write the page here (its folder is created).
    edition : {"instructor", "learner"}, default "instructor"
        The instructor page shows the notebook as it ran; the learner page its learner copy
        (:func:`learner_notebook`).
    title : str, default ""
        The page's title; default the notebook's first ``# `` heading, else the file stem (``"Notebook"``
        for a notebook node without one).
    nav_top, nav_bottom : str, default ""
        HTML inserted above and below the notebook (trusted: not escaped).
    sidebar : str, optional
        HTML for the sidebar.
    assets : str, default "assets/"
        The relative URL of the site's ``assets/`` folder (stylesheet and scripts).

    Returns
    -------
    str
        The page's HTML.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# 01 · Pricing\\n\\nA seat costs \\\\$5."),
    ...             nbformat.v4.new_code_cell("assert SELF_TEST", metadata={"tags": ["remove-cell"]})]
    >>> page = render_html(nb, nav_top="<nav>top</nav>")
    >>> page.startswith("<!DOCTYPE html>"), "<title>01 · Pricing</title>" in page
    (True, True)
    >>> "A seat costs &#36;5." in page, "<nav>top</nav>" in page, "SELF_TEST" in page, "<!--aipm:sidebar-->" in page
    (True, True, False, True)
    """
    from ..story import read_notebook

    nb_in = read_notebook(executed)
    title = title or _heading(nb_in) or (Path(executed).stem if isinstance(executed, (str, Path)) else "Notebook")
    try:
        nb = _page_notebook(nb_in, edition, title)
    except ValueError as exc:
        print(f"learner page of {title} left out: {exc}", file=sys.stderr)
        nb = _missing_page_notebook(title, str(exc))
    body, _ = _exporter().from_notebook_node(
        nb, resources={"aipm_nav_top": nav_top, "aipm_nav_bottom": nav_bottom, "aipm_assets": assets}
    )
    body = body.replace(_DOLLAR, "&#36;")
    if sidebar is not None:
        body = body.replace(_SIDEBAR, sidebar, 1)
    if target is not None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return body


def _heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
