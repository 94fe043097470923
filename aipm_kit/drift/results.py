"""The result of one drift statistic on one pair of samples, and the one place it is built.

:class:`DriftResult` holds the value, the p-value, the threshold, the rule and the verdict;
:func:`_result` applies the rule and refuses an undefined (NaN) value rather than read it as "no drift".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .catalogue import STATISTICS
from .counts import _col, _Counts


@dataclass(frozen=True)
class DriftResult:
    """One statistic comparing one reference sample with one current sample.

    ``value`` is the statistic; ``p_value`` is None for distances (PSI,
    Jensen-Shannon, Wasserstein). ``drifted`` applies ``threshold`` to the
    value (``value >= threshold``) or to the p-value (``p_value < threshold``),
    as ``rule`` says. ``effect_size`` is a sample-size-free companion for the
    tests: KS's D and chi-square's Cramér's V. ``unseen`` lists categories
    found only in the current sample.
    """

    statistic: str
    value: float
    p_value: float | None
    threshold: float
    drifted: bool
    n_reference: int
    n_current: int
    n_missing_reference: int = 0
    n_missing_current: int = 0
    n_bins: int | None = None
    effect_size: float | None = None
    rule: str = ""
    column: str | None = None
    unseen: tuple = ()
    details: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def label(self) -> str:
        return STATISTICS[self.statistic].label

    def __repr__(self) -> str:
        what = f"{self.column}: " if self.column else ""
        p = "" if self.p_value is None else f", p = {self.p_value:.3g}"
        verdict = "DRIFT" if self.drifted else "no drift"
        extra = f", unseen {list(self.unseen)}" if self.unseen else ""
        return (
            f"{what}{self.label} = {self.value:.4g}{p} ({self.rule}: {verdict}; "
            f"{self.n_reference:,} reference vs {self.n_current:,} current rows{extra})"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row: column, statistic, value, p_value, threshold, rule, drifted and the counts."""
        return pd.DataFrame(
            [
                {
                    "column": self.column,
                    "statistic": self.statistic,
                    "value": self.value,
                    "p_value": self.p_value,
                    "effect_size": self.effect_size,
                    "threshold": self.threshold,
                    "rule": self.rule,
                    "drifted": self.drifted,
                    "n_reference": self.n_reference,
                    "n_current": self.n_current,
                    "n_missing_reference": self.n_missing_reference,
                    "n_missing_current": self.n_missing_current,
                    "n_bins": self.n_bins,
                    "unseen": ", ".join(map(str, self.unseen)),
                }
            ]
        )


def _rule(info_on: str, threshold: float) -> str:
    return f"p < {threshold:g}" if info_on == "p_value" else f"value >= {threshold:g}"


def _result(
    name, counts: _Counts, value, p_value, threshold, on, *, n_bins=None, effect=None, unseen=(), details=None
) -> DriftResult:
    # A NaN compared with a threshold is False, which would read as "no drift": refuse it instead.
    undefined = [
        what
        for what, v in (("value", value), ("p-value", p_value), ("effect size", effect))
        if v is not None and math.isnan(v)
    ]
    if undefined:
        raise ValueError(
            f"{STATISTICS[name].label}{_col(counts.column)}: the {' and '.join(undefined)} is "
            f"undefined (NaN) for {counts.n_ref:,} reference vs {counts.n_cur:,} current rows, "
            "so drift can be neither shown nor ruled out"
        )
    if on == "p_value":
        drifted = bool(p_value < threshold)
    elif on == "effect_size":
        drifted = bool(effect >= threshold)
    else:
        drifted = bool(value >= threshold)
    rule = (
        _rule("p_value", threshold)
        if on == "p_value"
        else (f"effect size >= {threshold:g}" if on == "effect_size" else _rule("value", threshold))
    )
    return DriftResult(
        statistic=name,
        value=float(value),
        p_value=None if p_value is None else float(p_value),
        threshold=float(threshold),
        drifted=drifted,
        n_reference=counts.n_ref,
        n_current=counts.n_cur,
        n_missing_reference=counts.n_missing_ref,
        n_missing_current=counts.n_missing_cur,
        n_bins=n_bins,
        effect_size=None if effect is None else float(effect),
        rule=rule,
        column=counts.column,
        unseen=tuple(unseen),
        details=details or {},
    )
