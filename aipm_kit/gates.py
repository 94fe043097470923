"""Decision gates: GO, NO-GO or NOT YET, made of criteria, each with its evidence.

A gate is a list of :class:`Criterion`: a measured value, a condition and the
evidence behind it. A criterion that rests on a sampled estimate is decided on
its interval, not its point (TEACHING.md, rule 1):

- it **passes** when the whole interval is on the right side of the line
  (for ``>=``/``>`` the low end clears it, for ``<=``/``<`` the high end does);
- it **fails** when the whole interval is on the wrong side;
- otherwise it is **inconclusive**, and says what would settle it.

A criterion without an interval is a plain fact (a count, a time, a rule's
output) and passes or fails on its value; :func:`judgement` is a call made by
reasoning, and says so. The gate's verdict is ``"GO"`` when every criterion
passes, ``"NO-GO"`` when any fails, and ``"NOT YET"`` when none fails but some
are inconclusive. This is the Evidently "test suite" idea made small, with
uncertainty added: the numbers the notebook computed, with conditions
attached, rendered as a table and recorded for the write-up.

>>> g = Gate("Gate 1", [criterion("Model beats rule on recall", 0.49, ">=", 0.15,
...                               evidence="test months, same alert volume", fmt="{:.0%}")])
>>> g.verdict
'GO'
>>> g = Gate("Gate 2", [criterion("Precision", 0.72, ">=", 0.70, interval=(0.64, 0.79), n=120,
...                               evidence="120 alerts reviewed", fmt="{:.0%}")])
>>> g.verdict, g.criteria[0].status
('NOT YET', 'inconclusive')
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field

from .formatting import isolate_dollars_html, sign_before_dollar
from .palette import BAD, CAUTION, GOOD

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
#: The three outcomes of a criterion and how a table shows them.
STATUSES = {"pass": "pass", "fail": "FAIL", "inconclusive": "not yet"}
#: Colours of the verdicts (Okabe-Ito green and vermilion; a darker amber that reads as text).
VERDICT_COLOURS = {"GO": GOOD, "NO-GO": BAD, "NOT YET": CAUTION}
_STATUS_COLOURS = {"pass": GOOD, "fail": BAD, "inconclusive": CAUTION}


@dataclass(frozen=True)
class Criterion:
    """One line of a gate: what was measured, the condition, the evidence, and the outcome.

    ``status`` is ``"pass"``, ``"fail"`` or ``"inconclusive"``; ``kind`` says how
    it was decided: ``"interval"`` (a sampled estimate, on its interval),
    ``"fact"`` (a value with no sampling error) or ``"judgement"``. Usually built by :func:`criterion`
    or :func:`judgement`; ``passed`` is ``status == "pass"`` and ``row()`` gives the line of the gate's
    table as a dict.

    Parameters
    ----------
    name : str
        What is measured.
    status : {"pass", "fail", "inconclusive"}
        The outcome; anything else raises ``ValueError``.
    evidence : str
        Where the number comes from (data, sample size, method).
    value : object, optional
        The measured value as shown (already formatted).
    condition : str, default ""
        The condition as shown, e.g. ``">= 70%"``.
    interval : str, default ""
        The value's interval as shown, e.g. ``"64% to 79%"`` (empty for a fact).
    settle : str, default ""
        What would settle an inconclusive criterion.
    kind : {"fact", "interval", "judgement"}, default "fact"
        How the status was decided.

    Examples
    --------
    >>> c = Criterion("Latency p95", "pass", "load test, 10k requests", value="180 ms", condition="<= 250 ms")
    >>> c.passed, c.row()["result"], c.row()["decided on"]
    (True, 'pass', 'fact')
    >>> Criterion("Latency p95", "maybe", "load test")
    Traceback (most recent call last):
    ...
    ValueError: status must be one of ['pass', 'fail', 'inconclusive'], got 'maybe'
    """

    name: str
    status: str
    evidence: str
    value: object = None
    condition: str = ""
    interval: str = ""
    settle: str = ""
    kind: str = "fact"

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {list(STATUSES)}, got {self.status!r}")

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def row(self) -> dict:
        return {
            "criterion": self.name,
            "measured": self.value,
            "interval": self.interval,
            "condition": self.condition,
            "evidence": self.evidence,
            "result": STATUSES[self.status],
            "decided on": self.kind,
            "what would settle it": self.settle,
        }


def _pair(interval) -> str:
    """An interval as the (low, high) pair it was given as: a kit :class:`~aipm_kit.intervals.Interval` (a tuple
    whose own repr is ``0.900 [0.786, 0.957] (95% Wilson, n=50)``) shows as its tuple, like a plain tuple.

    Examples
    --------
    >>> from aipm_kit.intervals import wilson_interval
    >>> _pair(wilson_interval(1, 2)) == repr(tuple(wilson_interval(1, 2))), _pair([0.1, 0.2])
    (True, '[0.1, 0.2]')
    """
    return repr(tuple(interval)) if isinstance(interval, tuple) else repr(interval)


def _more_cases(value: float, interval: tuple[float, float], threshold: float, n: int) -> str:
    """Roughly how many more cases, at the observed value, would move the interval's near end past the line.

    An interval's half-width shrinks like 1/sqrt(n): to bring the side that
    straddles the line to ``|value - threshold|`` takes about
    ``n * (half_width / gap)**2`` cases in all.
    """
    low, high = interval
    gap = abs(value - threshold)
    half = max(value - low, high - value)
    if gap == 0 or not math.isfinite(gap) or half <= 0:
        return "the estimate sits on the line: no sample size settles it; change the plan or the line"
    total = math.ceil(n * (half / gap) ** 2)
    return (
        f"about {max(total - n, 1):,} more cases (about {total:,} in all) would decide it if the true value "
        "were this estimate: a rough guide, not a test plan (size one from the smallest gap worth detecting)"
    )


def criterion(
    name: str,
    value: float,
    op: str,
    threshold: float,
    *,
    evidence: str,
    fmt: str = "{:.3g}",
    interval: tuple[float, float] | None = None,
    n: int | None = None,
    settle: str | None = None,
) -> Criterion:
    """A criterion from a measured ``value`` compared with ``threshold`` by ``op`` (">=", "<", ...).

    Parameters
    ----------
    name, evidence : str
        What is measured, and where the number comes from (data, sample size, method).
    value, threshold : float
        The estimate and the line it must clear.
    op : {">=", ">", "<=", "<", "=="}
        How ``value`` must compare with ``threshold`` to pass.
    fmt : str
        Format of the numbers in the table.
    interval : (low, high), optional
        The estimate's interval (say which, e.g. 95%, in ``evidence``). With
        it, the criterion passes only when the whole interval is on the right
        side, fails when the whole interval is on the wrong side, and is
        inconclusive otherwise. Without it, the value is a plain fact.
    n : int, optional
        The number of cases behind a proportion or mean: an inconclusive
        criterion then says roughly how many more cases would settle it.
    settle : str, optional
        What would settle an inconclusive criterion, in your words (overrides
        the sample-size hint).

    Returns
    -------
    Criterion
        Decided on the interval (``kind="interval"``, with the interval shown and, when inconclusive, what
        would settle it) or, without one, on the value (``kind="fact"``); numbers shown with ``fmt``.

    Raises
    ------
    ValueError
        An unknown ``op``, a missing or NaN value, an interval against ``"=="``, a malformed interval or a
        value outside it, or an ``n`` that is not a positive whole number.
    TypeError
        An interval that is not a pair of numbers.

    Examples
    --------
    >>> criterion("Recall lost", 0.08, "<=", 0.05, interval=(0.06, 0.11), evidence="audit of 400").status
    'fail'
    >>> criterion("Kappa", 0.64, ">=", 0.60, interval=(0.59, 0.69), n=300, evidence="300 messages").settle
    'about 169 more cases (about 469 in all) would decide it if the true value were this estimate: a rough guide, not a test plan (size one from the smallest gap worth detecting)'
    """
    if op not in _OPS:
        raise ValueError(f"op must be one of {list(_OPS)}, got {op!r}")
    if value is None or value != value:  # None or NaN
        raise ValueError(f"criterion {name!r}: value is missing (got {value!r}); measure it first")
    show = lambda x: sign_before_dollar(fmt.format(x))  # noqa: E731  ("${:,.0f}" of -5 is -$5)
    condition = f"{op} {show(threshold)}"
    if interval is None:
        status = "pass" if _OPS[op](value, threshold) else "fail"
        return Criterion(
            name=name, status=status, evidence=evidence, value=show(value), condition=condition, kind="fact"
        )
    if op == "==":
        raise ValueError(f"criterion {name!r}: an interval cannot be decided against '=='; use >= or <=")
    try:
        low, high = (float(x) for x in interval)
    except (TypeError, ValueError):
        raise TypeError(
            f"criterion {name!r}: interval must be a (low, high) pair of numbers, got {interval!r}"
        ) from None
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"criterion {name!r}: interval must be finite with low <= high, got {_pair(interval)}")
    if not low <= value <= high:
        raise ValueError(f"criterion {name!r}: value {value!r} lies outside its interval {_pair(interval)}")
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ValueError(f"criterion {name!r}: n must be a positive whole number of cases, got {n!r}")
    check = _OPS[op]
    if op in (">=", ">"):
        near, far = low, high
    else:
        near, far = high, low
    if check(near, threshold):
        status = "pass"
    elif not check(far, threshold):
        status = "fail"
    else:
        status = "inconclusive"
    hint = ""
    if status == "inconclusive":
        if settle:
            hint = settle
        elif n is not None:
            hint = _more_cases(float(value), (low, high), float(threshold), n)
        else:
            hint = "more cases: the interval straddles the line"
    return Criterion(
        name=name,
        status=status,
        evidence=evidence,
        value=show(value),
        condition=condition,
        interval=f"{show(low)} to {show(high)}",
        settle=hint,
        kind="interval",
    )


def judgement(name: str, passed: bool, *, evidence: str) -> Criterion:
    """A criterion decided by reasoning rather than a measured threshold (state the evidence).

    Parameters
    ----------
    name : str
        What was judged.
    passed : bool
        The call: True passes, False fails (a judgement is never inconclusive).
    evidence : str
        The reasoning or facts behind the call.

    Returns
    -------
    Criterion
        With ``kind="judgement"``, value ``"yes"`` or ``"no"`` and condition ``"judgement"``.

    Examples
    --------
    >>> c = judgement("Fallback documented", True, evidence="runbook reviewed")
    >>> c.status, c.value, c.kind
    ('pass', 'yes', 'judgement')
    """
    return Criterion(
        name=name,
        status="pass" if passed else "fail",
        evidence=evidence,
        value="yes" if passed else "no",
        condition="judgement",
        kind="judgement",
    )


@dataclass(frozen=True)
class Gate:
    """A decision gate: its verdict is GO, NO-GO or NOT YET (see the module docstring).

    ``verdict`` is ``"NO-GO"`` when any criterion fails, ``"GO"`` when all pass, else ``"NOT YET"``;
    ``failed`` and ``inconclusive`` name the criteria that did; ``to_frame()``, ``to_dict()`` and
    ``to_html()`` show the table, and ``record()`` stores it as a story fact.

    Parameters
    ----------
    title : str
        The gate's name, e.g. ``"Gate 2: ship to 5%"``.
    criteria : sequence of Criterion
        At least one criterion (stored as a tuple).

    Examples
    --------
    >>> gate = Gate("Launch", [criterion("Recall", 0.49, ">=", 0.15, evidence="test months", fmt="{:.0%}"),
    ...                        judgement("Fallback documented", False, evidence="no runbook yet")])
    >>> gate
    Launch: NO-GO
      [pass] Recall: 49% (>= 15%) - test months
      [FAIL] Fallback documented: no (judgement) - no runbook yet
    >>> gate.verdict, gate.failed, gate.inconclusive
    ('NO-GO', ['Fallback documented'], [])
    >>> gate.to_frame()[["criterion", "measured", "result"]]
                 criterion measured result
    0               Recall      49%   pass
    1  Fallback documented       no   FAIL
    """

    title: str
    criteria: tuple[Criterion, ...] = field(default_factory=tuple)

    def __post_init__(self):
        object.__setattr__(self, "criteria", tuple(self.criteria))
        if not self.criteria:
            raise ValueError("a gate needs at least one criterion")

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria)

    @property
    def verdict(self) -> str:
        if any(c.status == "fail" for c in self.criteria):
            return "NO-GO"
        return "GO" if self.passed else "NOT YET"

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.criteria if c.status == "fail"]

    @property
    def inconclusive(self) -> list[str]:
        return [c.name for c in self.criteria if c.status == "inconclusive"]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.criteria])

    def to_dict(self) -> dict:
        return {"title": self.title, "verdict": self.verdict, "criteria": [c.row() for c in self.criteria]}

    def __repr__(self) -> str:
        lines = [f"{self.title}: {self.verdict}"]
        for c in self.criteria:
            band = f" [{c.interval}]" if c.interval else ""
            lines.append(f"  [{STATUSES[c.status]}] {c.name}: {c.value}{band} ({c.condition}) - {c.evidence}")
            if c.settle:
                lines.append(f"      to settle it: {c.settle}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self, footnotes: bool = False) -> str:
        """The gate as an HTML table. With ``footnotes``, each distinct "what would settle it" note is printed
        once below the table and the rows that share it point to it by number, so a note repeated on several
        rows is read once."""
        from .templating import render

        notes = list(dict.fromkeys(c.settle for c in self.criteria if c.settle)) if footnotes else []
        rows = [
            {
                "name": c.name,
                "value": str(c.value),
                "interval": c.interval,
                "condition": c.condition,
                "evidence": c.evidence,
                "status": STATUSES[c.status],
                "colour": _STATUS_COLOURS[c.status],
                "settle": "" if footnotes else c.settle,
                "note": notes.index(c.settle) + 1 if footnotes and c.settle else None,
            }
            for c in self.criteria
        ]
        page = render("gate.html.j2", gate=self, colour=VERDICT_COLOURS[self.verdict], rows=rows, notes=notes)
        return isolate_dollars_html(page)  # JupyterLab's MathJax would pair two dollars in one cell

    def record(self, key: str = "gate") -> Gate:
        """Record the verdict and criteria as a story fact (the course index reads ``gate``)."""
        from . import story

        story.record(key, self.to_dict(), label=self.title, fmt="{0[verdict]}")
        return self
