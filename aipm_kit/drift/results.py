"""The result of one drift statistic on one pair of samples, and the one place it is built.

:class:`DriftResult` holds the statistic, the p-value, the threshold, the rule and the verdict;
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

    The names follow SciPy's test results (``scipy.stats.ks_2samp(...).statistic`` and ``.pvalue``):
    ``statistic`` is the number, ``pvalue`` its p-value (None for the distances PSI, Jensen-Shannon and
    Wasserstein) and ``method`` the statistic's name. ``drifted`` applies ``threshold`` to the statistic
    (``statistic >= threshold``), to the p-value (``pvalue < threshold``) or to the effect size, as ``rule``
    says. Results are built by the drift functions (:func:`aipm_kit.drift.psi`, :func:`aipm_kit.drift.ks_test`,
    ...), not by hand.

    Parameters
    ----------
    method : str
        The statistic's canonical name, a key of :data:`aipm_kit.drift.STATISTICS` (``"psi"``, ``"ks"``,
        ``"chi_square"``, ``"jensen_shannon"`` or ``"wasserstein"``).
    statistic : float
        The statistic's value (PSI, KS's D, the chi-square statistic, the JS distance or the Wasserstein
        distance, in reference standard deviations unless ``scale=None``).
    pvalue : float or None
        The test's p-value; None for a distance.
    threshold : float
        The alert threshold the rule applies.
    drifted : bool
        Whether the rule flags drift.
    n_reference, n_current : int
        Non-missing rows in each sample.
    n_missing_reference, n_missing_current : int, default 0
        Missing (NaN/None) values dropped from each sample.
    n_bins : int or None, default None
        Bins used by a binned statistic; None where no binning happened.
    effect_size : float or None, default None
        A sample-size-free companion of a test: KS's D and chi-square's Cramér's V.
    rule : str, default ""
        The rule as text, e.g. ``"p < 0.05"`` or ``"value >= 0.2"``.
    column : str or None, default None
        The column compared, when known.
    unseen : tuple, default ()
        Categories found only in the current sample.
    details : Mapping, default {}
        Statistic-specific extras (bin edges, shares, ...); left out of ``repr`` and of comparisons.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> r = drift.psi(["a"] * 50 + ["b"] * 50, ["a"] * 80 + ["b"] * 20)
    >>> r.method, round(r.statistic, 3), r.pvalue, r.drifted
    ('psi', 0.416, None, True)
    >>> t = drift.ks_test([1, 2, 3, 4], [1, 2, 3, 4])
    >>> t.method, t.statistic, t.pvalue
    ('ks', 0.0, 1.0)
    >>> list(t.to_frame().columns[:4])
    ['column', 'method', 'statistic', 'pvalue']
    """

    method: str
    statistic: float
    pvalue: float | None
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
    def value(self) -> float:
        """The statistic's value: the old name of :attr:`statistic`, kept (read-only) for one release."""
        return self.statistic

    @property
    def p_value(self) -> float | None:
        """The p-value: the old name of :attr:`pvalue`, kept (read-only) for one release."""
        return self.pvalue

    @property
    def label(self) -> str:
        """The statistic's display name (``"PSI"``, ``"KS"``, ...)."""
        return STATISTICS[self.method].label

    def __repr__(self) -> str:
        what = f"{self.column}: " if self.column else ""
        p = "" if self.pvalue is None else f", p = {self.pvalue:.3g}"
        verdict = "DRIFT" if self.drifted else "no drift"
        extra = f", unseen {list(self.unseen)}" if self.unseen else ""
        return (
            f"{what}{self.label} = {self.statistic:.4g}{p} ({self.rule}: {verdict}; "
            f"{self.n_reference:,} reference vs {self.n_current:,} current rows{extra})"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row: column, method, statistic, pvalue, threshold, rule, drifted and the counts."""
        return pd.DataFrame(
            [
                {
                    "column": self.column,
                    "method": self.method,
                    "statistic": self.statistic,
                    "pvalue": self.pvalue,
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
        method=name,
        statistic=float(value),
        pvalue=None if p_value is None else float(p_value),
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
