"""Portfolio write-ups: a decision story rendered from a notebook's own recorded facts.

``aipm writeup NOTEBOOK -p SEED 7 [--out DIR] [--force]`` executes the
notebook with papermill under your parameters, reads the facts it recorded
with :func:`aipm_kit.story.record` (the text facts listed in
:data:`aipm_kit.story.WRITEUP_FACTS` and the figure
:data:`aipm_kit.story.WRITEUP_FIGURE`), and renders them twice: as Markdown
(``writeup.md``, the figure saved beside it) and as one self-contained HTML
page (``writeup.html``, the figure embedded), ready to publish.

The story follows the portfolio brief: the business risk, the decision (model
or rules, and why), the technical result beside the business result, latency
and cost, the ethical considerations, a before/after figure, the limitations,
and the exact parameters and package versions needed to reproduce it.

The words around the facts live in Jinja2 templates you can edit:
``aipm_kit/templates/writeup/default.md.j2`` and ``default.html.j2``. A
notebook can have its own (``templates/writeup/<notebook stem>.md.j2``), and
``--templates DIR`` puts your own folder (same layout) in front of the kit's.

A fact the notebook did not record is not invented: the write-up says which
cell should have recorded it (or that no cell does). An existing output folder
is never overwritten unless you pass ``--force``; even then the new write-up is
made in a temporary folder beside it and moved in only once it is complete, so
a failed run leaves the previous write-up as it was.
"""

from __future__ import annotations

import ast
import base64
import datetime as _dt
import html
import os
import platform
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import course_core as _core
from . import palette, story
from .course_core import OUTPUT_FILES, check_out_folder  # noqa: F401  (re-exported: part of writeup's API)

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Headings of the decision story, in the order a reader needs them.
SECTION_HEADINGS = {
    "writeup_business_risk": "The business risk",
    "writeup_decision": "The decision",
    "writeup_technical_result": "Technical result",
    "writeup_business_result": "Business result",
    "writeup_latency_cost": "Latency and cost",
    "writeup_ethics": "Ethical considerations",
    "writeup_limitations": "Limitations",
}

#: Packages whose exact versions a reader needs to reproduce a write-up.
REPRODUCTION_PACKAGES = (
    "aipm-kit",
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "fairlearn",
    "papermill",
    "ipykernel",
)


#: Headings of the optional parts, shown only when the notebook recorded them.
OPTIONAL_HEADINGS = {
    "writeup_what_i_did": "What I did",
    "writeup_next_steps": "Next steps",
    "writeup_differently": "What I would do differently",
}
#: The same parts when the text is not the author's own (the kit's suggestion or the notebook's outline): no "I".
NEUTRAL_HEADINGS = {
    "writeup_what_i_did": "What was done",
    "writeup_differently": "What could be done differently",
}
#: At most this many curated key numbers appear in the body; the rest go to the appendix.
MAX_KEY_NUMBERS = 10
#: ``--format``: ``github`` (tables, a collapsed appendix) or ``plain`` (no tables, no HTML: pastes
#: into blogging platforms).
FORMATS = ("github", "plain")


# --------------------------------------------------------------------------- parameters

# extra figures (keys starting with story.WRITEUP_EXTRA_FIGURE_PREFIX) a write-up shows: two, unless named here
EXTRA_FIGURE_LIMIT = {"12_portfolio_drift_dashboard": 5, "13_portfolio_agent_evaluation": 3}
#: Figure files beyond OUTPUT_FILES, written only for the notebooks EXTRA_FIGURE_LIMIT names.
EXTRA_OUTPUT_FILES = ("figure_4.png", "figure_5.png", "figure_6.png")


def parse_value(text: str) -> Any:
    """Turn a command-line value into a Python value the way ``papermill -p`` does.

    ``"True"``/``"False"``/``"None"`` become ``True``/``False``/``None``;
    integers and floats are recognised; anything else stays text.

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

    Examples
    --------
    >>> parse_parameters([("SEED", "7"), ("FAST", "True")])
    {'SEED': 7, 'FAST': True}
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
    """The literal assignments of the cell tagged ``parameters`` (``NAME = value``)."""
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
    from .story import read_notebook

    return read_notebook(notebook)


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Section:
    """One part of the decision story: a recorded fact, or the reason it is missing."""

    key: str
    heading: str
    text: str
    missing: str = ""
    suggested: str = ""  # the kit's wording stands in: the parameter that replaces it with the learner's

    @property
    def ok(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Writeup:
    """A rendered write-up: where its files are and which facts were missing."""

    notebook: Path
    out: Path
    markdown: Path
    html: Path
    parameters: dict
    sections: tuple[Section, ...] = field(default_factory=tuple)
    figure_missing: str = ""
    title_missing: str = ""

    @property
    def missing(self) -> list[str]:
        """Keys of the facts (and the figure) the notebook did not record."""
        keys = ["writeup_title"] if self.title_missing else []
        keys += [s.key for s in self.sections if not s.ok]
        if self.figure_missing:
            keys.append(story.WRITEUP_FIGURE)
        return keys

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def suggested(self) -> list[str]:
        """Keys of the sections that still show the kit's suggested wording, not the learner's words."""
        return [s.key for s in self.sections if s.suggested]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [{"key": s.key, "heading": s.heading, "text": s.text, "missing": s.missing} for s in self.sections]
        )

    def __repr__(self) -> str:
        lines = [
            f"Write-up of {self.notebook.name} -> {self.out}",
            f"  parameters: {self.parameters}",
            f"  {self.markdown.name}, {self.html.name}",
        ]
        if self.missing:
            lines.append(f"  missing: {', '.join(self.missing)}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- rendering


def _cell_hint(source_nb, key: str, notebook_name: str, *, recorded_by_figure: bool = False) -> str:
    """Say which cell should have recorded ``key`` (or that none does, and how to add it)."""
    cells = story.where_recorded(source_nb, key)
    if cells:
        where = []
        for i in cells:
            lines = source_nb.cells[i].source.splitlines()
            line = next((ln.strip() for ln in lines if f'"{key}"' in ln or f"'{key}'" in ln), "")
            where.append(f"cell {i + 1} (`{line[:70]}`)")
        return (
            f"`{key}` was not recorded. In {notebook_name}, {' and '.join(where)} should record it "
            f"(cells counted from 1, Markdown included), but that line did not run: an error, or a "
            f"branch or parameter that skipped it. Re-run the notebook top to bottom and check that cell."
        )
    how = f'story.record_figure("{key}", fig, caption=...)' if recorded_by_figure else f'story.record("{key}", f"...")'
    return (
        f"`{key}` was not recorded, and no cell of {notebook_name} records it. Add `{how}` to the "
        f"cell that computes it."
    )


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in REPRODUCTION_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


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


def _check_out(out: Path, force: bool) -> None:
    """Refuse an ``out`` that is a file, or holds anything, unless ``force``."""
    check_out_folder(out)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise FileExistsError(
            f"output folder {out} already exists and is not empty; pass --force to "
            f"replace the write-up in it, or choose another --out"
        )


def _staging(out: Path) -> Path:
    """A new empty folder beside ``out`` (same file system, so its files move in with ``os.replace``)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))


def _swap_in(staged: Path, out: Path, keep: Iterable[Path] = ()) -> None:
    """Move the write-up files of ``staged`` into ``out``, replacing only :data:`OUTPUT_FILES` there.

    A write-up file of ``out`` the new write-up does not have is removed (it belonged to the old
    one), except those in ``keep``; other files of ``out`` are left alone.
    """
    out.mkdir(parents=True, exist_ok=True)
    kept = {Path(k).resolve() for k in keep}
    for name in OUTPUT_FILES:
        new, old = staged / name, out / name
        if new.exists():
            os.replace(new, old)
        elif old.resolve() not in kept:
            old.unlink(missing_ok=True)
    for name in EXTRA_OUTPUT_FILES:  # only a write-up with more figures (EXTRA_FIGURE_LIMIT) makes these
        if (staged / name).exists():
            os.replace(staged / name, out / name)
    shutil.rmtree(staged, ignore_errors=True)


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

    Examples
    --------
    >>> w = render_writeup("build/notebooks/01_should_we_use_ai.ipynb", "build/writeups/01")  # doctest: +SKIP
    >>> w.missing  # doctest: +SKIP
    []
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


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a decimal point or "e.g." does not end a sentence)."""
    import re

    text = " ".join(str(text).split())
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z(\"'*])", text)
    return text[: m.start()] if m else text


def _summary(section: Mapping[str, Section]) -> list[dict]:
    """Three lines a reader takes in first: the problem, the call, the result (from the recorded parts)."""
    lines = []
    for label, key in (
        ("Problem", "writeup_business_risk"),
        ("Decision", "writeup_decision"),
        ("Result", "writeup_business_result"),
    ):
        s = section[key]
        if s.ok:
            lines.append({"label": label, "text": first_sentence(s.text), "suggested": bool(s.suggested)})
    return lines


def _notebook_steps(nb) -> str:
    """The notebook's numbered sections as a list: what was done, in order (the default "What I did")."""
    import re

    steps = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"##\s+(?:\d+[a-z]?\s*[.·]\s*)?(.+)", line)
            if m and not line.startswith("###") and not _NOT_A_STEP.match(m.group(1).strip()):
                steps.append(m.group(1).strip())
    return "\n".join(f"- {step}" for step in steps)


#: Section headings that are not steps of the analysis (the learner's call, the write-up's own facts).
_NOT_A_STEP = re.compile(
    r"(your call|what goes into the write-up|(the )?facts for the write-up|the write-up"
    r"|the decision, for the write-up)\b",
    re.IGNORECASE,
)


def escape_markdown_dollars(text: str) -> str:
    """Escape every ``$`` outside code as ``\\$``, so a Markdown viewer with maths (GitHub's, say) does
    not pair two amounts into a formula; code fences and inline code keep theirs."""
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


def _key_numbers(facts: Mapping[str, Any], notebook_name: str) -> list[dict]:
    """The curated key numbers the notebook listed in ``writeup_key_numbers`` (at most ten)."""
    listed = facts.get("writeup_key_numbers")
    if listed is None:
        return []
    keys = listed.value if isinstance(listed.value, list) else [listed.value]
    if len(keys) > MAX_KEY_NUMBERS:
        raise ValueError(
            f"writeup_key_numbers in {notebook_name} lists {len(keys)} facts; a reader takes in "
            f"at most {MAX_KEY_NUMBERS} (the rest are in the appendix)"
        )
    unknown = [k for k in keys if k not in facts]
    if unknown:
        raise ValueError(f"writeup_key_numbers in {notebook_name} names facts that were not recorded: {unknown}")
    return [{"label": facts[k].label, "text": facts[k].text, "key": k} for k in keys]


def _notebook_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _default_command(source: Path, parameters: Mapping) -> str:
    """The shell command that reproduces the run, every argument quoted for a POSIX shell."""
    try:
        shown = source.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = source.as_posix()
    words = ["aipm", "writeup", shown]
    for key, value in parameters.items():
        words += ["-p", str(key), str(value)]
    return " ".join(shlex.quote(w) for w in words)


def resolve_notebook(notebook: str | Path) -> Path:
    """A path as given, or a course notebook named by its number (``"01"`` -> ``notebooks/01_*.ipynb``)."""
    path = Path(notebook)
    text = str(notebook)
    if not path.exists() and text.isdigit() and len(text) <= 2:
        matches = sorted(_core.NOTEBOOKS.glob(f"{text.zfill(2)}_*.ipynb"))
        if not matches:
            raise FileNotFoundError(f"no course notebook numbered {text.zfill(2)} in {_core.NOTEBOOKS}")
        return matches[0]
    return path


def make_writeup(
    notebook: str | Path,
    parameters: Mapping | None = None,
    *,
    out: str | Path | None = None,
    force: bool = False,
    template_dirs: Iterable[str | Path] = (),
    timeout: int = 900,
    progress: bool = False,
    fmt: str = "github",
) -> Writeup:
    """Execute ``notebook`` with ``parameters`` and write its portfolio write-up.

    Parameters
    ----------
    notebook : path
        The authored notebook (``notebooks/01_*.ipynb`` or your own).
    parameters : mapping, optional
        Values for names in the notebook's ``parameters`` cell (an unknown name raises ``ValueError``).
    out : path, optional
        Output folder (default ``writeups/<notebook stem>``). Must be empty unless ``force``.
    force : bool
        Replace the write-up files in an existing ``out``, once the run and the new write-up succeeded.
    template_dirs : paths
        Your own template folders, searched before the kit's.
    fmt : {"github", "plain"}
        ``plain`` writes Markdown without tables or HTML, for blogging platforms.

    Returns
    -------
    Writeup
        Paths of ``writeup.md`` / ``writeup.html`` and the facts that were missing.

    Examples
    --------
    >>> w = make_writeup("notebooks/01_should_we_use_ai.ipynb", {"SEED": 7}, out="my-writeup")  # doctest: +SKIP
    >>> w.html  # doctest: +SKIP
    PosixPath('my-writeup/writeup.html')
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {list(FORMATS)}, got {fmt!r}")
    source = resolve_notebook(notebook)
    if not source.exists():
        raise FileNotFoundError(f"notebook {source} does not exist")
    if source.suffix != ".ipynb":
        raise ValueError(f"notebook must be an .ipynb file, got {source.name}")
    parameters = dict(parameters or {})
    defaults = notebook_defaults(source)
    unknown = sorted(set(parameters) - set(defaults))
    if unknown:
        raise ValueError(
            f"parameter(s) {unknown} are not in {source.name}'s parameters cell; it has {sorted(defaults)}"
        )
    out = Path(out) if out is not None else Path("writeups") / source.stem
    _check_out(out, force)  # fail before spending time on the run
    had_writeup = out.is_dir() and any(out.iterdir())
    staged = _staging(out)
    executed = staged / "executed.ipynb"
    try:
        ok, error = _core.execute(source, executed, parameters, cwd=source.resolve().parent, timeout=timeout)
    except BaseException:  # interrupted: nothing of this run is kept
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if not ok:
        if had_writeup:  # keep the previous write-up whole; the partial run stays in the staging folder
            where = f"The partial run is in {executed}; the previous write-up in {out} is unchanged."
        else:
            out.mkdir(parents=True, exist_ok=True)
            if executed.exists():
                os.replace(executed, out / "executed.ipynb")
            shutil.rmtree(staged, ignore_errors=True)
            where = f"The partial run is in {out / 'executed.ipynb'}; the write-up was not written."
        raise RuntimeError(f"{source.name} failed under parameters {parameters}: {error}. {where}")
    try:
        w = _render(executed, staged, out, source=source, parameters=parameters, template_dirs=template_dirs, fmt=fmt)
        _swap_in(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return w


def has_writeup_facts(executed) -> bool:
    """True when an executed notebook recorded any write-up fact or the before/after figure."""
    nb = _read(executed)
    facts = story.read_facts(nb)
    return any(k in facts for k in story.WRITEUP_FACTS) or story.WRITEUP_FIGURE in story.read_figures(nb)


# --------------------------------------------------------------------------- command line


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "writeup",
        help="execute a notebook with your parameters and write its portfolio write-up",
        description=__doc__.split("\n\n")[1],
    )
    p.add_argument(
        "notebook", help="the notebook to run, e.g. notebooks/01_should_we_use_ai.ipynb (or just its number: 01)"
    )
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help="a parameter, as in papermill (numbers and True/False are recognised); repeatable",
    )
    p.add_argument("--out", default=None, help="output folder (default: writeups/<notebook stem>)")
    p.add_argument("--force", action="store_true", help="replace an existing write-up in --out")
    p.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="DIR",
        help="your own template folder (writeup/default.md.j2 ...), searched first; repeatable",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="github",
        dest="fmt",
        help="github: tables and a collapsed appendix (default); plain: no tables or HTML, "
        "to paste into a blogging platform",
    )
    p.set_defaults(func=_cli_writeup)


def _cli_writeup(args) -> int:
    params = parse_parameters(args.parameter)
    try:
        w = make_writeup(
            args.notebook, params, out=args.out, force=args.force, template_dirs=args.templates, fmt=args.fmt
        )
    except RuntimeError as exc:
        print(f"aipm writeup: {exc}", file=sys.stderr)
        return 1
    print(w)
    print(f"Markdown: {w.markdown}\nHTML:     {w.html}")
    for s in w.sections:
        if s.suggested:
            print(
                f'{s.heading}: the kit\'s suggested wording; put yours in with -p {s.suggested} "..."', file=sys.stderr
            )
    if w.missing:
        if w.title_missing:
            print(f"missing writeup_title: {w.title_missing}", file=sys.stderr)
        for s in w.sections:
            if not s.ok:
                print(f"missing {s.key}: {s.missing}", file=sys.stderr)
        if w.figure_missing:
            print(f"missing {story.WRITEUP_FIGURE}: {w.figure_missing}", file=sys.stderr)
    return 0
