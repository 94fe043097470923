"""Gathering the facts a write-up tells: the parts of the decision story and where each comes from in
the executed notebook, the summary, the curated key numbers, the notebook's steps and title, the
package versions and the command that reproduce the run, and the cell to blame for a missing fact."""

from __future__ import annotations

import platform
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import story
from .parameters import _read
from .result import Section

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


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a decimal point or "e.g." does not end a sentence).

    A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace and a capital letter, an opening
    bracket, a quote or ``*``.

    Parameters
    ----------
    text : str
        The text (anything else is turned into text); runs of whitespace become single spaces.

    Returns
    -------
    str
        Its first sentence, or the whole text when it has one sentence.

    Examples
    --------
    >>> first_sentence("Recall rose 3.5 points. Then it fell.")
    'Recall rose 3.5 points.'
    >>> first_sentence("A model (e.g. a tree) helps.\\n It costs more.")
    'A model (e.g. a tree) helps.'
    """
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


def has_writeup_facts(executed) -> bool:
    """True when an executed notebook recorded any write-up fact or the before/after figure.

    The write-up facts are those of :data:`aipm_kit.story.WRITEUP_FACTS`; the figure is
    :data:`aipm_kit.story.WRITEUP_FIGURE`. ``aipm run`` renders a write-up only for such notebooks.

    Parameters
    ----------
    executed : str, pathlib.Path or nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    bool
        Whether its outputs hold at least one of them.

    Examples
    --------
    >>> import nbformat
    >>> def recorded(key):
    ...     fact = {"key": key, "value": "Use the model.", "label": key, "text": "Use the model."}
    ...     return nbformat.v4.new_output("display_data", data={story.FACT_MIME: fact})
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("", outputs=[recorded("recall")])]
    >>> has_writeup_facts(nb)
    False
    >>> nb.cells.append(nbformat.v4.new_code_cell("", outputs=[recorded("writeup_decision")]))
    >>> has_writeup_facts(nb)
    True
    """
    nb = _read(executed)
    facts = story.read_facts(nb)
    return any(k in facts for k in story.WRITEUP_FACTS) or story.WRITEUP_FIGURE in story.read_figures(nb)
