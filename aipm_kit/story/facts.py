"""Recording facts: a value shown in the notebook and stored in the cell's output for the write-up.

:func:`record`, :func:`record_table` and :func:`record_words` store facts under :data:`FACT_MIME`;
:func:`record_figure` stores a figure; :func:`md` shows Markdown built from computed numbers.
"""

from __future__ import annotations

import base64
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from ..formatting import escape_dollars, sign_before_dollar

FACT_MIME = "application/vnd.aipm.fact+json"
FIGURE_MIME = "application/vnd.aipm.figure+json"

#: Facts a notebook records (as text built from its computed numbers) so that
#: ``aipm writeup`` can tell its decision story. Text facts, one or two
#: sentences each; the numbers inside them come from the run.
WRITEUP_FACTS = {
    "writeup_title": "the project's title, e.g. 'Fraud screening: rules or a model?'",
    "writeup_business_risk": "what goes wrong for the business and its users, in money or people",
    "writeup_decision": "model or rules (or neither), and why",
    "writeup_technical_result": "the model metric(s) with intervals",
    "writeup_business_result": "the same result in money, hours or users",
    "writeup_latency_cost": "latency and the cost to build and run",
    "writeup_ethics": "who could be treated unfairly and what was checked",
    "writeup_limitations": "what this analysis cannot tell you",
}
#: Facts a write-up shows when a notebook records them, and leaves out otherwise.
WRITEUP_OPTIONAL_FACTS = {
    "writeup_what_i_did": "the steps of the analysis, in a few lines (default: the notebook's sections)",
    "writeup_next_steps": "what should happen next, and who decides",
    "writeup_differently": "what I would do differently with more time or data",
    "writeup_key_numbers": "a list of at most ten fact keys: the numbers a reader needs, in plain words",
}
#: The figure key ``aipm writeup`` embeds as the before/after picture.
WRITEUP_FIGURE = "before_after"
#: Further figures a write-up shows (at most two), recorded with keys that start with this prefix.
WRITEUP_EXTRA_FIGURE_PREFIX = "writeup_figure_"


@dataclass(frozen=True)
class Fact:
    """One fact a notebook recorded, as :func:`read_facts` reads it back.

    Parameters
    ----------
    key : str
        The fact's name, e.g. ``"gate2"`` or ``"writeup_decision"``.
    value : object
        The recorded value, as JSON gives it back (numbers, text, lists, dicts).
    label : str
        The reader-facing name shown beside the value.
    text : str
        The value as it was shown, formatted.
    cell : int
        Index of the notebook cell that recorded it.
    author : str, default ""
        For a text fact from :func:`record_words`: ``"learner"`` or ``"kit"`` (a suggestion); else ``""``.
    parameter : str, default ""
        For the kit's suggestion: the papermill parameter whose words would replace it.

    Examples
    --------
    >>> Fact("recall", 0.61, "Recall", "61%", cell=4)
    Recall: 61%
    """

    key: str
    value: Any
    label: str
    text: str
    cell: int  # index of the notebook cell that recorded it
    #: who wrote a text fact (:func:`record_words`): "learner", or "kit" for a suggestion; "" otherwise
    author: str = ""
    #: for the kit's suggestion: the parameter that replaces it with the learner's words
    parameter: str = ""

    def __repr__(self) -> str:
        return f"{self.label}: {self.text}"


def _jsonable(value: Any) -> Any:
    """Convert numpy and pandas scalars (and containers of them) to plain JSON types."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if np is not None:
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            value = float(value)
        if isinstance(value, np.ndarray):
            return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise ValueError(f"a recorded fact must be a finite number, got {value}")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot record a value of type {type(value).__name__}; use a number, text, bool, list or dict")


def _display(data: dict) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(data, raw=True)
    else:
        print(data.get("text/plain", ""))


def format_value(value: Any, fmt: str | None) -> str:
    """A recorded value as text: ``fmt`` applied (or a plain default), a sign before a dollar ("-$5").

    Parameters
    ----------
    value : object
        The value to show.
    fmt : str or None
        A :meth:`str.format` pattern such as ``"{:.0%}"`` or ``"${:,.0f}"``. Without one, a float shows four
        significant figures, an int its thousands separators, anything else its text.

    Returns
    -------
    str
        The text, with any minus sign moved before the dollar.

    Examples
    --------
    >>> format_value(0.6134, "{:.0%}"), format_value(-5, "${:,.0f}"), format_value(1234567, None)
    ('61%', '-$5', '1,234,567')
    """
    if fmt is None:
        if isinstance(value, float):
            return f"{value:,.4g}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return sign_before_dollar(str(value))
    return sign_before_dollar(fmt.format(value))


def record(key: str, value: Any, *, label: str | None = None, fmt: str | None = None) -> Any:
    """Show ``label: value`` and store the fact under ``key``; returns ``value`` unchanged.

    The fact is stored in the cell's output (a display with its own MIME type), so the executed notebook
    carries it: :func:`read_facts`, the course index and ``aipm writeup`` read it from there.

    Parameters
    ----------
    key : str
        The fact's name: non-empty, no spaces.
    value : number, str, bool, list, dict or date
        What to record; numpy and pandas scalars are converted. NaN and infinities are refused.
    label : str, optional
        The name shown; default ``key`` with underscores as spaces, capitalised.
    fmt : str, optional
        How to show the value (see :func:`format_value`).

    Returns
    -------
    object
        ``value``, unchanged, so a cell can record and use a number in one line.

    Examples
    --------
    Outside a notebook the fact is printed:

    >>> record("recall_at_threshold", 0.6134, label="Recall", fmt="{:.0%}")
    Recall: 61%
    0.6134
    >>> record("bad key", 1)
    Traceback (most recent call last):
    ...
    ValueError: key must be a non-empty string without spaces, got 'bad key'
    """
    if not isinstance(key, str) or not key or any(c.isspace() for c in key):
        raise ValueError(f"key must be a non-empty string without spaces, got {key!r}")
    clean = _jsonable(value)
    label = label or key.replace("_", " ").capitalize()
    text = format_value(value, fmt)
    shown = _brief(text) if isinstance(value, str) else text
    _display(
        {
            FACT_MIME: {"key": key, "value": clean, "label": label, "text": text},
            "text/markdown": escape_dollars(f"Recorded · **{label}**: {shown}"),
            "text/plain": f"{label}: {shown}",
        }
    )
    return value


#: a recorded text longer than this many words is shown by its opening only (it is stored whole)
BRIEF_WORDS = 40


def _brief(text: str) -> str:
    """A long recorded text as its opening words and its length, so a cell of records is not a wall of prose."""
    words = text.split()
    if len(words) <= BRIEF_WORDS:
        return text
    opening = re.match(r"(.+?[.!?])(\s|$)", text, re.DOTALL)
    head = opening.group(1) if opening and len(opening.group(1).split()) <= BRIEF_WORDS else " ".join(words[:25])
    return f"{head} … ({len(words)} words, stored whole for the write-up)"


def record_table(rows, *, title: str = "Recorded for the course index and the write-up", show=None) -> None:
    """Record several facts at once and show them as one small table (not a line per fact).

    ``rows`` holds ``(key, value)``, ``(key, value, label)`` or ``(key, value, label, fmt)``
    tuples; each is stored exactly as :func:`record` stores it, so :func:`read_facts` reads
    them back one by one. ``show`` (optional keys) limits the table on screen to those facts,
    with a line counting the others; every row is recorded either way. Returns nothing, so a
    cell ending with it shows only the table.

    Parameters
    ----------
    rows : iterable of tuple
        ``(key, value[, label[, fmt]])`` for each fact; at least one.
    title : str, optional
        The table's bold title.
    show : iterable of str, optional
        The keys to show on screen; every one must be in ``rows``.

    Examples
    --------
    >>> record_table([("n_alerts", 1200, "Alerts a week"), ("precision", 0.72, "Precision", "{:.0%}")], show=["precision"])
    Precision: 72%
    1 more facts recorded (read them back with `story.read_facts`).
    """
    payload, lines = [], []
    for row in rows:
        if not isinstance(row, (tuple, list)) or not 2 <= len(row) <= 4:
            raise ValueError(f"each row must be (key, value[, label[, fmt]]), got {row!r}")
        key, value, label, fmt = (tuple(row) + (None, None))[:4]
        if not isinstance(key, str) or not key or any(c.isspace() for c in key):
            raise ValueError(f"key must be a non-empty string without spaces, got {key!r}")
        label = label or key.replace("_", " ").capitalize()
        text = format_value(value, fmt)
        payload.append({"key": key, "value": _jsonable(value), "label": label, "text": text})
        lines.append((label, text))
    if not payload:
        raise ValueError("rows is empty: give at least one (key, value) pair")
    hidden = 0
    if show is not None:
        show = set(show)
        unknown = show - {p["key"] for p in payload}
        if unknown:
            raise ValueError(f"show names keys that are not in rows: {sorted(unknown)}")
        kept = [line for p, line in zip(payload, lines) if p["key"] in show]
        hidden, lines = len(lines) - len(kept), kept
    more = [f"{hidden} more facts recorded (read them back with `story.read_facts`)."] if hidden else []
    cell = lambda t: t.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    table = "\n".join(
        [f"**{title}**", "", "| Fact | Value |", "|---|---|"]
        + [f"| {cell(label)} | {cell(text)} |" for label, text in lines]
        + (["", *more] if more else [])
    )
    _display(
        {
            FACT_MIME: payload,
            "text/markdown": escape_dollars(table),
            "text/plain": "\n".join([f"{label}: {text}" for label, text in lines] + more),
        }
    )


def record_words(
    key: str, words: str, *, suggestion: str, parameter: str, label: str | None = None, brief: bool = False
) -> str:
    """Record the learner's own words for a write-up section, or the kit's suggestion, marked as such.

    ``words`` is what the learner wrote (a "Your call" cell, or the papermill
    parameter named ``parameter``, e.g. ``MY_DECISION``); when it is empty the
    kit's ``suggestion`` is recorded instead, flagged so that the write-up shows
    it as suggested wording and ``aipm writeup`` names the parameter that
    replaces it. ``brief=True`` shows one short line (who wrote it, how many
    words) instead of the text, so a long suggestion is not dumped on screen; the
    text is recorded either way. Returns the text recorded.

    Parameters
    ----------
    key : str
        The fact's name, e.g. ``"writeup_decision"``.
    words : str
        The learner's words; empty or blank means "not written yet".
    suggestion : str
        The kit's wording, recorded (and marked) when ``words`` is empty; must not be empty.
    parameter : str
        The papermill parameter that carries the learner's words, named in the messages.
    label : str, optional
        The name shown; default from ``key``.
    brief : bool, default False
        Show one short line instead of the text.

    Returns
    -------
    str
        The text recorded: the learner's words, else the suggestion.

    Examples
    --------
    >>> text = record_words("writeup_decision", "", suggestion="Ship the model.", parameter="MY_DECISION")
    Writeup decision: Ship the model. (suggested wording: write your own in MY_DECISION)
    >>> record_words("writeup_decision", "Keep the rule a month.", suggestion="Ship.", parameter="MY_DECISION")
    Writeup decision: Keep the rule a month.
    'Keep the rule a month.'
    """
    if not isinstance(words, str):
        raise TypeError(f"{parameter} must be text (your own words), got {type(words).__name__}")
    if not isinstance(suggestion, str) or not suggestion.strip():
        raise ValueError(f"suggestion for {key!r} must be non-empty text")
    mine = words.strip()
    text = mine or suggestion
    label = label or key.replace("_", " ").capitalize()
    author = "learner" if mine else "kit"
    shown = _brief(text) if mine else f"{_brief(text)} (suggested wording: write your own in {parameter})"
    if brief:
        count = len(text.split())
        shown = (
            f"your words in {parameter} ({count} words)"
            if mine
            else f"not written yet: the write-up falls back on the kit's suggested wording ({count} words); "
            f"write your own in {parameter}"
        )
    _display(
        {
            FACT_MIME: {
                "key": key,
                "value": text,
                "label": label,
                "text": text,
                "author": author,
                "parameter": parameter,
            },
            "text/markdown": escape_dollars(f"Recorded · **{label}**: {shown}"),
            "text/plain": f"{label}: {shown}",
        }
    )
    return text


def record_figure(key: str, fig, *, caption: str) -> None:
    """Store a matplotlib figure as PNG for the write-up (and show it).

    Parameters
    ----------
    key : str
        The figure's name; ``aipm writeup`` embeds ``"before_after"`` and keys starting ``"writeup_figure_"``.
    fig : matplotlib.figure.Figure
        The figure, saved at 110 dpi.
    caption : str
        One sentence saying what the figure shows.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> record_figure("before_after", fig, caption="Recall before and after")
    <figure before_after: Recall before and after>
    >>> plt.close(fig)
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    _display(
        {
            FIGURE_MIME: {"key": key, "caption": caption, "png": png},
            "image/png": png,
            "text/plain": f"<figure {key}: {caption}>",
        }
    )


def md(text: str) -> None:
    """Display Markdown (use with f-strings so every number in prose is computed).

    Dollar signs are escaped (:func:`escape_dollars`): computed prose holds money, never maths; a sign
    goes before the dollar ("-$239k", :func:`aipm_kit.formatting.sign_before_dollar`).

    Parameters
    ----------
    text : str
        Markdown; shown as Markdown in a notebook, printed elsewhere.

    Examples
    --------
    >>> md(f"The model saves **${-239:,.0f}k** a year.")
    The model saves **-<span>\\$</span>239k** a year.
    """
    text = escape_dollars(sign_before_dollar(text))
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Markdown(text))
    else:
        print(text)
