"""Rendering a write-up from an executed notebook: its facts through the Jinja2 templates (the kit's,
a notebook's own, or yours) to Markdown (GitHub or plain) and one self-contained HTML page."""

from __future__ import annotations

import base64
import datetime as _dt
import html
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import palette, story
from .facts import (
    NEUTRAL_HEADINGS,
    OPTIONAL_HEADINGS,
    SECTION_HEADINGS,
    _cell_hint,
    _default_command,
    _key_numbers,
    _notebook_steps,
    _notebook_title,
    _summary,
    _versions,
)
from .files import _check_out, _staging, _swap_in
from .parameters import _read, notebook_defaults
from .result import Section, Writeup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: ``--format``: ``github`` (tables, a collapsed appendix) or ``plain`` (no tables, no HTML: pastes
#: into blogging platforms).
FORMATS = ("github", "plain")

# extra figures (keys starting with story.WRITEUP_EXTRA_FIGURE_PREFIX) a write-up shows: two, unless named here
EXTRA_FIGURE_LIMIT = {"12_portfolio_drift_dashboard": 5, "13_portfolio_agent_evaluation": 3}


def _markdown_filter(text: str) -> str:
    """Render a fact's Markdown (bold, code, links) as safe HTML."""
    import markupsafe

    try:
        import mistune
    except ImportError:  # pragma: no cover - nbconvert brings mistune
        return markupsafe.Markup(f"<p>{html.escape(str(text))}</p>")
    return markupsafe.Markup(mistune.create_markdown(escape=True)(str(text)))


def _environment(template_dirs: Iterable[Path]):
    import jinja2

    loaders = [jinja2.FileSystemLoader(str(d)) for d in template_dirs] + [jinja2.FileSystemLoader(str(TEMPLATES))]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = _markdown_filter
    return env


def _templates_for(stem: str, kind: str) -> list[str]:
    names = [f"writeup/{stem}.{kind}.j2"]
    if len(stem) > 2 and stem[:2].isdigit():
        names.append(f"writeup/{stem[:2]}.{kind}.j2")
    names.append(f"writeup/default.{kind}.j2")
    return names


def render_writeup(
    executed,
    out: str | Path,
    *,
    source=None,
    parameters: Mapping | None = None,
    force: bool = False,
    template_dirs: Iterable[str | Path] = (),
    command: str | None = None,
    extra: Mapping | None = None,
    fmt: str = "github",
) -> Writeup:
    """Render the write-up of an already-executed notebook into ``out`` (no re-execution).

    Parameters
    ----------
    executed : path
        The executed notebook (its outputs hold the recorded facts).
    out : path
        Folder for ``writeup.md``, ``writeup.html`` and ``before_after.png``.
    source : path, optional
        The authored notebook (names the cells of missing facts); defaults to ``executed``.
    parameters : mapping, optional
        The parameters passed to the run; merged over the notebook's defaults for the record.
    force : bool
        Replace an existing write-up in ``out`` (once the new one is complete); otherwise a non-empty
        ``out`` raises ``FileExistsError``.
    template_dirs : paths
        Folders searched before the kit's own templates (same ``writeup/`` layout).
    command : str, optional
        The command that reproduces the run (shown in the write-up).
    extra : mapping, optional
        More variables for custom templates.
    fmt : {"github", "plain"}
        ``plain`` writes Markdown without tables or HTML, for blogging platforms.

    Returns
    -------
    Writeup
        Where the files are in ``out``, the parameters recorded, each part of the story and which facts
        were missing (each missing part says which cell should have recorded it).

    Raises
    ------
    FileExistsError
        When ``out`` holds anything and ``force`` is false.
    NotADirectoryError
        When ``out`` (or the nearest existing path above it) is a file.
    ValueError
        For an unknown ``fmt``, or a ``writeup_key_numbers`` fact that lists more than ten facts or facts
        that were not recorded.

    Examples
    --------
    An executed notebook that recorded one part of the story:

    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> decision = {"key": "writeup_decision", "value": "Use the model.", "label": "Decision",
    ...             "text": "Use the model: it catches twice the fraud."}
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [
    ...     nbformat.v4.new_code_cell("SEED = 7", metadata={"tags": ["parameters"]}),
    ...     nbformat.v4.new_code_cell('story.record("writeup_decision", ...)', outputs=[
    ...         nbformat.v4.new_output("display_data", data={story.FACT_MIME: decision})])]
    >>> nbformat.write(nb, Path(tmp.name) / "01_demo.ipynb")
    >>> w = render_writeup(Path(tmp.name) / "01_demo.ipynb", Path(tmp.name) / "writeup", parameters={"SEED": 8})
    >>> sorted(p.name for p in w.out.iterdir()), w.parameters
    (['writeup.html', 'writeup.md'], {'SEED': 8})
    >>> w.missing[:3]
    ['writeup_title', 'writeup_business_risk', 'writeup_technical_result']
    >>> print(w.markdown.read_text(encoding="utf-8")[:9])
    # 01_demo
    >>> "**Decision.** Use the model: it catches twice the fraud." in w.markdown.read_text(encoding="utf-8")
    True
    >>> tmp.cleanup()
    """
    executed, out = Path(executed), Path(out)
    _check_out(out, force)
    staged = _staging(out)
    try:
        w = _render(
            executed,
            staged,
            out,
            source=source,
            parameters=parameters,
            template_dirs=template_dirs,
            command=command,
            extra=extra,
            fmt=fmt,
        )
        _swap_in(staged, out, keep=[executed])
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return w


def _render(
    executed: Path,
    folder: Path,
    out: Path,
    *,
    source=None,
    parameters: Mapping | None = None,
    template_dirs: Iterable[str | Path] = (),
    command: str | None = None,
    extra: Mapping | None = None,
    fmt: str = "github",
) -> Writeup:
    """Write the write-up files into ``folder``; the returned paths are those they will have in ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {list(FORMATS)}, got {fmt!r}")
    nb = _read(executed)
    source_path = Path(source) if source is not None else executed
    source_nb = _read(source_path) if source is not None else nb

    facts = story.read_facts(nb)
    figures = story.read_figures(nb)
    params = dict(notebook_defaults(source_nb))
    injected = nb.metadata.get("papermill", {}).get("parameters", {}) or {}
    params.update(injected)
    params.update(parameters or {})
    name = source_path.name

    sections = []
    for key, heading in SECTION_HEADINGS.items():
        fact = facts.get(key)
        if fact is not None and str(fact.text).strip():
            suggested = fact.parameter if fact.author == "kit" else ""
            sections.append(Section(key, heading, str(fact.text), suggested=suggested))
        else:
            sections.append(Section(key, heading, "", _cell_hint(source_nb, key, name)))
    title_fact = facts.get("writeup_title")
    title_missing = "" if title_fact else _cell_hint(source_nb, "writeup_title", name)
    title = str(title_fact.text) if title_fact else _notebook_title(source_nb, source_path.stem)

    figure = figures.get(story.WRITEUP_FIGURE)
    figure_missing = "" if figure else _cell_hint(source_nb, story.WRITEUP_FIGURE, name, recorded_by_figure=True)
    if figure:
        (folder / "before_after.png").write_bytes(base64.b64decode(figure["png"]))

    extra_figures = [(k, f) for k, f in figures.items() if k.startswith(story.WRITEUP_EXTRA_FIGURE_PREFIX)][
        : EXTRA_FIGURE_LIMIT.get(source_path.stem, 2)
    ]
    shown_figures = [dict(figure, key=story.WRITEUP_FIGURE, file="before_after.png")] if figure else []
    for number, (key, fig) in enumerate(extra_figures, 2):
        (folder / f"figure_{number}.png").write_bytes(base64.b64decode(fig["png"]))
        shown_figures.append(dict(fig, key=key, file=f"figure_{number}.png"))

    optional = {}
    for key, heading in OPTIONAL_HEADINGS.items():
        fact = facts.get(key)
        if fact is not None and str(fact.text).strip():
            mine = fact.author == "learner"  # "I" only over the author's own words
            optional[key] = Section(
                key,
                heading if mine else NEUTRAL_HEADINGS.get(key, heading),
                str(fact.text),
                suggested=fact.parameter if fact.author == "kit" else "",
            )
    if "writeup_what_i_did" not in optional:
        steps = _notebook_steps(source_nb)
        if steps:
            optional["writeup_what_i_did"] = Section(
                "writeup_what_i_did",
                NEUTRAL_HEADINGS["writeup_what_i_did"],
                f"The analysis, step by step (the notebook's sections):\n\n{steps}",
            )

    own_words = [
        h
        for k, h in {**SECTION_HEADINGS, **OPTIONAL_HEADINGS}.items()
        if getattr(facts.get(k), "author", "") == "learner" and str(facts[k].text).strip()
    ]

    gate = facts.get("gate")
    numbers = [
        {"label": f.label, "text": f.text, "key": f.key}
        for f in facts.values()
        if not f.key.startswith("writeup_") and f.key != "gate" and not isinstance(f.value, (dict, list))
    ]
    by_key = {s.key: s for s in sections}
    context = {
        "title": title,
        "title_missing": title_missing,
        "notebook": name,
        "stem": source_path.stem,
        "format": fmt,
        "plain": fmt == "plain",
        "summary": _summary(by_key),
        "own_words": own_words,
        "sections": sections,
        "section": by_key,
        "optional": {key: optional.get(key) for key in OPTIONAL_HEADINGS},
        "facts": facts,
        "numbers": numbers,
        "key_numbers": _key_numbers(facts, name),
        "gate": gate.value if gate and isinstance(gate.value, dict) else None,
        "figure": figure,
        "figure_file": "before_after.png" if figure else None,
        "figure_missing": figure_missing,
        "figures": shown_figures,
        "parameters": params,
        "versions": _versions(),
        "command": command or _default_command(source_path, parameters or {}),
        "generated": _dt.date.today().isoformat(),
        "palette": palette.COLOURS,  # the kit's named colours, for a template's CSS ({{ palette.GOOD }})
        "missing": (
            (["writeup_title"] if title_missing else [])
            + [s.key for s in sections if not s.ok]
            + ([story.WRITEUP_FIGURE] if figure_missing else [])
        ),
    }
    context.update(extra or {})

    env = _environment([Path(d) for d in template_dirs])
    md_text = env.select_template(_templates_for(source_path.stem, "md")).render(**context)
    if fmt == "github":  # GitHub renders $...$ as maths: escape every amount outside code
        md_text = escape_markdown_dollars(md_text)
    html_text = env.select_template(_templates_for(source_path.stem, "html")).render(**context)
    (folder / "writeup.md").write_text(md_text, encoding="utf-8")
    (folder / "writeup.html").write_text(html_text, encoding="utf-8")
    md_path, html_path = out / "writeup.md", out / "writeup.html"
    return Writeup(
        notebook=source_path,
        out=out,
        markdown=md_path,
        html=html_path,
        parameters=params,
        sections=tuple(sections) + tuple(s for s in optional.values() if s.suggested),
        figure_missing=figure_missing,
        title_missing=title_missing,
    )


def escape_markdown_dollars(text: str) -> str:
    """Escape every ``$`` outside code as ``\\$``, so a Markdown viewer with maths (GitHub's, say) does
    not pair two amounts into a formula; code fences and inline code keep theirs.

    A ``$`` already escaped is left as it is; a line starting with three backquotes opens or closes a fence.

    Parameters
    ----------
    text : str
        The Markdown.

    Returns
    -------
    str
        The same Markdown with its bare dollars outside code escaped.

    Examples
    --------
    >>> print(escape_markdown_dollars("Saves $27,000 to $79,000 (`cost = $x`), already \\\\$5\\n```\\necho $HOME\\n```"))
    Saves \\$27,000 to \\$79,000 (`cost = $x`), already \\$5
    ```
    echo $HOME
    ```
    """
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        parts = line.split("`")  # odd-numbered parts are inline code
        out.append("`".join(re.sub(r"(?<!\\)\$", r"\\$", part) if i % 2 == 0 else part for i, part in enumerate(parts)))
    return "\n".join(out)
