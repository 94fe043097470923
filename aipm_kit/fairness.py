"""Who does the model fail? Metrics by group, parity ratios and the four-fifths rule.

The names follow fairlearn so a learner can move between the two:
:func:`by_group` is the ``MetricFrame(...).by_group`` table (with ``count``,
``selection_rate``, ``tpr`` and ``fpr``), and :func:`demographic_parity_ratio`,
:func:`demographic_parity_difference`, :func:`equalized_odds_difference` and
:func:`equalized_odds_ratio` take the same ``(y_true, y_pred, *,
sensitive_features)`` arguments and give the same numbers.

Two things fairlearn leaves to you are built in here:

* :func:`four_fifths_rule` takes the *favourable* outcome explicitly. The
  rule compares rates of the good outcome (being approved, hired, let
  through), so a model that predicts *denial* must be read with
  ``favourable=0``.
* :func:`fairness_intervals` puts a seeded bootstrap interval on every gap
  and ratio. Small groups make wide intervals: a gap whose interval spans
  zero has not been shown to exist, and one that doesn't may still be
  smaller or larger than it looks.

Grouping is done with ``numpy.bincount`` on integer group codes, so a
million rows take milliseconds.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import as_binary, check_positive_int, check_probability, same_length
from .groups import RATES, Grouping, encode_groups, group_metrics

__all__ = [
    "by_group",
    "demographic_parity_ratio",
    "demographic_parity_difference",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "FourFifthsResult",
    "four_fifths_rule",
    "fairness_intervals",
    "explain_decision",
]


# ----------------------------------------------------------------------------- grouping


def _groups(sensitive_features, n: int):
    """Integer codes 0..k-1 and the group names; refuses missing values and empty groups."""
    g = encode_groups(sensitive_features, n, what="sensitive_features", missing_hint=" (e.g. 'not stated')")
    codes, names = g.codes, g.names
    sizes = np.bincount(codes, minlength=len(names))
    empty = [names[i] for i in np.flatnonzero(sizes == 0)]
    if empty:
        raise ValueError(
            f"group(s) {empty} of sensitive_features have no members; drop unused "
            "categories (Series.cat.remove_unused_categories())"
        )
    if len(names) < 2:
        raise ValueError(f"sensitive_features holds a single group ({names[0]!r}); fairness compares groups")
    return codes, names, g.name


def _counts(y_true, y_pred, sensitive_features):
    """Per group: rows, actual positives, predicted positives among actual 1s and 0s."""
    return _checked(y_true, y_pred, sensitive_features)[:4]


def _checked(y_true, y_pred, sensitive_features):
    """:func:`_counts` and the checked rows: ``n_cell, pp_cell, names, name, t, p, codes``."""
    t = as_binary(y_true, "y_true")
    p = as_binary(y_pred, "y_pred")
    same_length(y_true=t, y_pred=p)
    if len(t) == 0:
        raise ValueError("y_true is empty")
    codes, names, name = _groups(sensitive_features, len(t))
    k = len(names)
    cell = 2 * codes + t  # (group, actual class)
    n_cell = np.bincount(cell, minlength=2 * k).reshape(k, 2)
    pp_cell = np.bincount(cell, weights=p, minlength=2 * k).reshape(k, 2)
    return n_cell, pp_cell, names, name, t, p, codes


def _rates(n_cell, pp_cell):
    """selection_rate, tpr, fpr from cell counts; works on (k, 2) or (b, k, 2) arrays."""
    n = n_cell.sum(axis=-1)
    sel = pp_cell.sum(axis=-1) / n
    tpr = pp_cell[..., 1] / n_cell[..., 1]
    fpr = pp_cell[..., 0] / n_cell[..., 0]
    return sel, tpr, fpr


def _check_defined(n_cell, names, need_both: bool) -> None:
    if not need_both:
        return
    if n_cell[:, 1].sum() == 0 or n_cell[:, 0].sum() == 0:
        only = 0 if n_cell[:, 1].sum() == 0 else 1
        raise ValueError(f"y_true holds a single class (all {only}); TPR and FPR need both classes")
    for i, g in enumerate(names):
        if n_cell[i, 1] == 0:
            raise ValueError(f"group {g!r} has no actual positives (y_true == 1), so its TPR is undefined")
        if n_cell[i, 0] == 0:
            raise ValueError(f"group {g!r} has no actual negatives (y_true == 0), so its FPR is undefined")


def by_group(y_true, y_pred, *, sensitive_features, confidence: float | None = None) -> pd.DataFrame:
    """Count, selection rate, TPR and FPR for each group (fairlearn's ``MetricFrame.by_group``).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
        Outcome and decision; "1" is whatever the model predicts (e.g. denial).
    sensitive_features : array-like
        The group of each row. A pandas categorical keeps its category order;
        an unused category is an error (a group with no members).
    confidence : float, optional
        If given (e.g. 0.95), adds Wilson intervals ``*_low`` / ``*_high``
        for each rate: small groups get wide ones.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``count, positives, base_rate, selection_rate, tpr, fpr``
        (computed by the kit's one by-group engine, :func:`aipm_kit.groups.group_metrics`).

    Examples
    --------
    >>> by_group([1, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1], sensitive_features=list("aaabbb"))[["count", "selection_rate", "tpr", "fpr"]]
           count  selection_rate  tpr  fpr
    group
    a          3        0.333333  0.5  0.0
    b          3        0.666667  1.0  0.5
    """
    n_cell, _, names, name, t, p, codes = _checked(y_true, y_pred, sensitive_features)
    _check_defined(n_cell, names, need_both=True)
    rates = ("base_rate", "selection_rate", "tpr", "fpr")
    m = group_metrics(t, p, Grouping(codes, names, name), metrics={r: RATES[r] for r in rates}, confidence=confidence)
    frame = pd.DataFrame(
        {"count": m.sizes.to_numpy(), "positives": m.denominators["tpr"].to_numpy()}, index=m.by_group.index
    ).join(m.by_group)
    if confidence is not None:
        for col in ("selection_rate", "tpr", "fpr"):
            frame[f"{col}_low"] = m.low[col]
            frame[f"{col}_high"] = m.high[col]
    return frame


def _selection_rates(y_true, y_pred, sensitive_features):
    n_cell, pp_cell, names, _ = _counts(y_true, y_pred, sensitive_features)
    return pp_cell.sum(axis=1) / n_cell.sum(axis=1)


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features) -> float:
    """Lowest group selection rate divided by the highest (1 = parity).

    Same definition as ``fairlearn.metrics.demographic_parity_ratio``.
    ``y_true`` is accepted for a uniform signature and only checked.

    Examples
    --------
    >>> demographic_parity_ratio([0, 0, 0, 0], [1, 0, 1, 1], sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    sel = _selection_rates(y_true, y_pred, sensitive_features)
    if sel.max() == 0:
        raise ValueError("y_pred selects nobody in any group, so the ratio is 0/0")
    return float(sel.min() / sel.max())


def demographic_parity_difference(y_true, y_pred, *, sensitive_features) -> float:
    """Highest group selection rate minus the lowest (0 = parity)."""
    sel = _selection_rates(y_true, y_pred, sensitive_features)
    return float(sel.max() - sel.min())


def equalized_odds_difference(y_true, y_pred, *, sensitive_features) -> float:
    """The larger of the TPR gap and the FPR gap between groups (0 = equal odds).

    Same definition as ``fairlearn.metrics.equalized_odds_difference`` (its
    default ``agg="worst_case"``).

    Examples
    --------
    >>> equalized_odds_difference([1, 0, 1, 0], [1, 0, 0, 1], sensitive_features=["a", "a", "b", "b"])
    1.0
    """
    frame = by_group(y_true, y_pred, sensitive_features=sensitive_features)
    return float(max(np.ptp(frame["tpr"].to_numpy()), np.ptp(frame["fpr"].to_numpy())))


def equalized_odds_ratio(y_true, y_pred, *, sensitive_features) -> float:
    """The smaller of the TPR ratio and the FPR ratio (min over max across groups)."""
    frame = by_group(y_true, y_pred, sensitive_features=sensitive_features)
    ratios = []
    for col in ("tpr", "fpr"):
        v = frame[col].to_numpy()
        if v.max() == 0:
            raise ValueError(f"every group has {col} = 0, so the {col} ratio is 0/0")
        ratios.append(v.min() / v.max())
    return float(min(ratios))


# ----------------------------------------------------------------------------- four-fifths rule


@dataclass(frozen=True)
class FourFifthsResult:
    """The four-fifths (80%) rule on the favourable outcome."""

    favourable: int
    rates: pd.Series  # favourable-outcome rate by group
    impact_ratio: float
    reference_group: object  # the group with the highest favourable rate
    lowest_group: object
    threshold: float

    @property
    def passes(self) -> bool:
        return self.impact_ratio >= self.threshold

    def to_frame(self) -> pd.DataFrame:
        top = self.rates.max()
        return pd.DataFrame(
            {
                "favourable_rate": self.rates,
                "ratio_to_highest": self.rates / top,
                "below_four_fifths": self.rates / top < self.threshold,
            }
        )

    def __repr__(self) -> str:
        verdict = "passes" if self.passes else "FAILS"
        return (
            f"Four-fifths rule {verdict}: {self.lowest_group} receive the favourable outcome "
            f"(y_pred == {self.favourable}) at {self.rates[self.lowest_group]:.1%}, "
            f"{self.impact_ratio:.2f}x the rate of {self.reference_group} "
            f"({self.rates[self.reference_group]:.1%}); the rule asks for >= {self.threshold:.2f}"
        )


def four_fifths_rule(y_pred, *, sensitive_features, favourable, threshold: float = 0.8) -> FourFifthsResult:
    """Compare each group's rate of the favourable outcome with the best-treated group's.

    Parameters
    ----------
    y_pred : array-like of 0/1 or bool
        The decision.
    sensitive_features : array-like
        Group of each row.
    favourable : {0, 1, False, True}
        Which value of ``y_pred`` is the good outcome for the applicant. For a
        model that predicts denial (1 = deny) this is ``0``: the rule compares
        approval rates, and using denial rates instead gives a different,
        wrong number.
    threshold : float
        0.8 for the four-fifths rule.

    Examples
    --------
    >>> r = four_fifths_rule([0, 0, 0, 1, 0, 1, 1, 0], sensitive_features=list("aaaabbbb"), favourable=0)
    >>> round(r.impact_ratio, 3), r.passes
    (0.667, False)
    """
    if isinstance(favourable, (bool, np.bool_)):
        favourable = int(favourable)
    if not isinstance(favourable, (int, np.integer)) or favourable not in (0, 1):
        raise ValueError(
            f"favourable must be 0 or 1 (the value of y_pred that is good for the person), got {favourable!r}"
        )
    threshold = check_probability(threshold, "threshold", inclusive=False)
    p = as_binary(y_pred, "y_pred")
    good = (p == favourable).astype(np.int8)
    codes, names, name = _groups(sensitive_features, len(p))
    rates = np.bincount(codes, weights=good, minlength=len(names)) / np.bincount(codes, minlength=len(names))
    if rates.max() == 0:
        raise ValueError(f"no group ever receives the favourable outcome (y_pred == {favourable})")
    series = pd.Series(rates, index=pd.Index(names, name=name), name="favourable_rate")
    return FourFifthsResult(
        favourable=int(favourable),
        rates=series,
        impact_ratio=float(rates.min() / rates.max()),
        reference_group=names[int(np.argmax(rates))],
        lowest_group=names[int(np.argmin(rates))],
        threshold=threshold,
    )


# ----------------------------------------------------------------------------- intervals


def fairness_intervals(
    y_true,
    y_pred,
    *,
    sensitive_features,
    favourable: int = 0,
    n_boot: int = 2_000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Every gap and ratio with a seeded bootstrap interval.

    The bootstrap is stratified: each (group, actual outcome) cell keeps its
    size and its rows are resampled with replacement, so every resample has
    the same groups and base rates and only the model's hits and misses vary.
    (Resampling a cell's rows is the same as drawing its predicted-positive
    count from a binomial, which is how it is computed.)

    Gaps (max minus min) can never be negative, so even two groups treated
    identically show a small positive gap and an interval above zero: read
    the *width* of the interval, and the smallest group's size, before the
    point estimate.

    A ratio is undefined when every group's rate is zero (0/0: nobody
    selected, or nobody given the favourable outcome). It is then NaN, never
    0: its estimate when the data themselves are 0/0 (with ``low`` and
    ``high`` NaN too), and any bootstrap replicate that is 0/0 is dropped
    before the bounds are taken, since counting it as 0 would drag the lower
    bound down. Both are said in a ``UserWarning`` and recorded in ``attrs``.

    Returns
    -------
    pandas.DataFrame
        Indexed by metric: ``estimate, low, high, smallest_group_n``. Metrics:
        ``demographic_parity_ratio``, ``demographic_parity_difference``,
        ``tpr_difference``, ``fpr_difference``, ``equalized_odds_difference``
        and ``four_fifths_impact_ratio`` (on ``favourable``).
        ``attrs["undefined"]`` maps each undefined metric to the reason;
        ``attrs["dropped_replicates"]`` maps every metric to the number of
        its ``n_boot`` replicates dropped as 0/0 (0 for the gaps, which are
        always defined here).
    """
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    confidence = check_probability(confidence, "confidence", inclusive=False)
    if favourable not in (0, 1):
        raise ValueError(f"favourable must be 0 or 1, got {favourable!r}")
    n_cell, pp_cell, names, _ = _counts(y_true, y_pred, sensitive_features)
    _check_defined(n_cell, names, need_both=True)
    rng = np.random.default_rng(seed)
    n_int = n_cell.astype(np.int64)
    boot_pp = rng.binomial(
        np.broadcast_to(n_int, (n_boot,) + n_int.shape), np.broadcast_to(pp_cell / n_cell, (n_boot,) + n_int.shape)
    ).astype(float)

    def stats(nc, pc):
        sel, tpr, fpr = _rates(nc, pc)
        fav = sel if favourable == 1 else 1 - sel
        with np.errstate(divide="ignore", invalid="ignore"):
            # min / max of rates that are all zero is 0/0: undefined (NaN), never 0
            dpr = np.where(sel.max(axis=-1) > 0, sel.min(axis=-1) / sel.max(axis=-1), np.nan)
            ffr = np.where(fav.max(axis=-1) > 0, fav.min(axis=-1) / fav.max(axis=-1), np.nan)
        tpr_gap = np.ptp(tpr, axis=-1)
        fpr_gap = np.ptp(fpr, axis=-1)
        return {
            "demographic_parity_ratio": dpr,
            "demographic_parity_difference": np.ptp(sel, axis=-1),
            "tpr_difference": tpr_gap,
            "fpr_difference": fpr_gap,
            "equalized_odds_difference": np.maximum(tpr_gap, fpr_gap),
            "four_fifths_impact_ratio": ffr,
        }

    point = stats(n_cell, pp_cell)
    boot = stats(np.broadcast_to(n_cell, boot_pp.shape), boot_pp)
    a = (1 - confidence) / 2
    why = {
        "demographic_parity_ratio": "y_pred selects nobody in any group, so the ratio is 0/0",
        "four_fifths_impact_ratio": f"no group ever receives the favourable outcome (y_pred == "
        f"{favourable}), so the ratio is 0/0",
    }
    rows, undefined, dropped = [], {}, {}
    for k in point:
        estimate = float(point[k])
        if np.isnan(estimate):
            undefined[k] = why[k]
        values = boot[k][~np.isnan(boot[k])]
        dropped[k] = int(len(boot[k]) - len(values))
        low, high = (
            (float(np.quantile(values, a)), float(np.quantile(values, 1 - a))) if len(values) else (np.nan, np.nan)
        )
        rows.append(
            {
                "metric": k,
                "estimate": estimate,
                "low": low,
                "high": high,
                "smallest_group_n": int(n_cell.sum(axis=1).min()),
            }
        )
    frame = pd.DataFrame(rows).set_index("metric")
    frame.attrs["undefined"] = undefined
    frame.attrs["dropped_replicates"] = dropped
    frame.attrs["n_boot"] = n_boot
    notes = [f"{k} is undefined ({reason})" for k, reason in undefined.items()]
    notes += [
        f"{k}: {d:,} of {n_boot:,} bootstrap replicates dropped (0/0) before taking the bounds"
        for k, d in dropped.items()
        if d and k not in undefined
    ]
    if notes:
        warnings.warn("fairness_intervals: " + "; ".join(notes), UserWarning, stacklevel=2)
    return frame


# ----------------------------------------------------------------------------- explaining one decision


def explain_decision(model, X, row, *, reference=None) -> pd.DataFrame:
    """Which features pushed one decision, by a what-if per feature.

    For each feature, the applicant's value is replaced by the typical value
    (median for numbers, most common value otherwise, taken from ``X`` or
    ``reference``) and the model re-scored; the change in the predicted
    probability is how much that feature moved this decision. Works for any
    model with ``predict_proba``; features interact, so the changes need not
    add up to the total.

    Parameters
    ----------
    model : fitted classifier with ``predict_proba``
    X : pandas.DataFrame
        The rows the model scores (features only).
    row : label
        Index label of the row to explain.
    reference : pandas.DataFrame, optional
        Where the typical values come from (default: ``X``).

    Returns
    -------
    pandas.DataFrame
        Indexed by feature: ``value, typical, probability_if_typical,
        pushed_by`` (probability now minus probability with the typical
        value), sorted by the size of the push. ``attrs["probability"]`` holds
        the decision's probability.
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame, got {type(X).__name__}")
    if row not in X.index:
        raise ValueError(f"row {row!r} is not in X's index")
    ref = X if reference is None else reference
    one = X.loc[[row]]
    base = float(model.predict_proba(one)[0, 1])
    variants, typical = [], {}
    for col in X.columns:
        s = ref[col]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            typical[col] = s.mode(dropna=True).iloc[0]
        else:
            typical[col] = s.median()
        v = one.copy()
        v[col] = pd.Series([typical[col]], index=v.index).astype(s.dtype)
        variants.append(v)
    probs = model.predict_proba(pd.concat(variants))[:, 1]
    frame = pd.DataFrame(
        {
            "value": [one[c].iloc[0] for c in X.columns],
            "typical": [typical[c] for c in X.columns],
            "probability_if_typical": probs,
            "pushed_by": base - probs,
        },
        index=pd.Index(X.columns, name="feature"),
    )
    frame = frame.reindex(frame["pushed_by"].abs().sort_values(ascending=False, kind="stable").index)
    frame.attrs["probability"] = base
    return frame
