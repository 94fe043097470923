"""Decision gates: go / no-go made of criteria, each with its evidence.

A gate is a list of :class:`Criterion` (a measured value, a condition and the
evidence behind it); it passes only when every criterion passes. This is the
Evidently "test suite" idea made small: the same numbers the notebook
computed, with conditions attached, rendered as a table and recorded for the
write-up.

>>> g = Gate("Gate 1", [criterion("Model beats rule on recall", 0.49, ">=", 0.15,
...                               evidence="test months, same alert volume", fmt="{:.0%}")])
>>> g.verdict
'GO'
"""

from __future__ import annotations

import html
import operator
from dataclasses import dataclass, field

from .formatting import isolate_dollars_html

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


@dataclass(frozen=True)
class Criterion:
    name: str
    passed: bool
    evidence: str
    value: object = None
    condition: str = ""

    def row(self) -> dict:
        return {"criterion": self.name, "measured": self.value, "condition": self.condition,
                "evidence": self.evidence, "result": "pass" if self.passed else "FAIL"}


def criterion(name: str, value: float, op: str, threshold: float, *, evidence: str,
              fmt: str = "{:.3g}") -> Criterion:
    """A criterion from a measured ``value`` compared with ``threshold`` by ``op`` (">=", "<", ...)."""
    if op not in _OPS:
        raise ValueError(f"op must be one of {list(_OPS)}, got {op!r}")
    if value is None or value != value:  # None or NaN
        raise ValueError(f"criterion {name!r}: value is missing (got {value!r}); measure it first")
    passed = bool(_OPS[op](value, threshold))
    return Criterion(name=name, passed=passed, evidence=evidence, value=fmt.format(value),
                     condition=f"{op} {fmt.format(threshold)}")


def judgement(name: str, passed: bool, *, evidence: str) -> Criterion:
    """A criterion decided by reasoning rather than a single threshold (state the evidence)."""
    return Criterion(name=name, passed=bool(passed), evidence=evidence, value="yes" if passed else "no",
                     condition="judgement")


@dataclass(frozen=True)
class Gate:
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
        return "GO" if self.passed else "NO-GO"

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.criteria if not c.passed]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.criteria])

    def to_dict(self) -> dict:
        return {"title": self.title, "verdict": self.verdict,
                "criteria": [c.row() for c in self.criteria]}

    def __repr__(self) -> str:
        lines = [f"{self.title}: {self.verdict}"]
        for c in self.criteria:
            lines.append(f"  [{'pass' if c.passed else 'FAIL'}] {c.name}: {c.value} ({c.condition}) - {c.evidence}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#009E73" if self.passed else "#D55E00"
        rows = "".join(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td style='color:{};font-weight:bold'>{}</td></tr>".format(
                html.escape(c.name), html.escape(str(c.value)), html.escape(c.condition),
                html.escape(c.evidence), "#009E73" if c.passed else "#D55E00",
                "pass" if c.passed else "FAIL")
            for c in self.criteria)
        page = (f"<h4>{html.escape(self.title)}: <span style='color:{colour}'>{self.verdict}</span></h4>"
                "<table><thead><tr><th>criterion</th><th>measured</th><th>condition</th>"
                f"<th>evidence</th><th>result</th></tr></thead><tbody>{rows}</tbody></table>")
        return isolate_dollars_html(page)  # JupyterLab's MathJax would pair two dollars in one cell

    def record(self, key: str = "gate") -> "Gate":
        """Record the verdict and criteria as a story fact (the course index reads ``gate``)."""
        from . import story

        story.record(key, self.to_dict(), label=self.title, fmt="{0[verdict]}")
        return self
