"""The kit's HTML, written as Jinja templates: one environment, one ``render`` call.

Every HTML fragment or page the kit generates (a gate's table, the course site's contents pages, the classroom's
pages, the evaluation reports) is a template under ``aipm_kit/templates/html/``. Autoescaping is on, so a value
from a notebook (a criterion's name, an error message) is shown as text, never read as markup; a name the
template does not receive is an error (``StrictUndefined``) rather than an empty cell.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Where the HTML templates live.
HTML_TEMPLATES = Path(__file__).resolve().parent / "templates" / "html"


@lru_cache(maxsize=1)
def environment():
    """The one Jinja environment for the kit's HTML templates (built once).

    Returns
    -------
    jinja2.Environment
        Loading from :data:`HTML_TEMPLATES`, autoescaping every template, refusing undefined names, with
        ``trim_blocks`` and ``lstrip_blocks`` so block tags leave no blank lines.

    Examples
    --------
    >>> env = environment()
    >>> env.autoescape, env is environment()
    (True, True)
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HTML_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, /, **context) -> str:
    """Render the HTML template ``name`` with ``context``.

    Parameters
    ----------
    name : str
        The template's file name under :data:`HTML_TEMPLATES`, e.g. ``"gate.html.j2"``.
    **context
        The values the template reads. Text is escaped; wrap a trusted fragment in ``markupsafe.Markup``
        to insert it as HTML.

    Returns
    -------
    str
        The rendered HTML.

    Raises
    ------
    jinja2.TemplateNotFound
        When there is no such template.
    jinja2.UndefinedError
        When the template reads a name ``context`` does not give.

    Examples
    --------
    >>> from aipm_kit.gates import Gate, criterion
    >>> gate = Gate("Gate <1>", [criterion("Recall", 0.6, ">=", 0.5, evidence="test month")])
    >>> page = render("gate.html.j2", gate=gate, rows=[], notes=[], colour="green")
    >>> print(page.split("<table>")[0])
    <h4>Gate &lt;1&gt;: <span style='color:green'>GO</span></h4>
    """
    return environment().get_template(name).render(**context)
