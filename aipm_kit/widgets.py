"""The drift dashboard: inputs drifting over time beside the model they feed.

:class:`DriftDashboard` holds everything the dashboard shows and recomputes
it from counts prepared once (:class:`aipm_kit.drift.PeriodHistograms` per
month and per week, and the model's performance per period), so a change of
window, statistic or threshold costs milliseconds, not a pass over the rows.
It works without ipywidgets (:meth:`DriftDashboard.update`,
:meth:`DriftDashboard.figures`, :meth:`DriftDashboard.to_html`), which is what
the notebook's static figures and the tests use; :meth:`DriftDashboard.widget`
wraps it in ipywidgets controls for a live kernel or Voilà. The live views
redraw only what a change touches, and draw fast: the heatmap is a coloured
HTML table, the two figures keep their artists and change them in place.

:func:`flights_dashboard` builds it on the 2013 NYC flights scored by the
kit's logistic regression trained on the first quarter (notebook 12 and the
app share :func:`scored_flights`). ``aipm dashboard`` serves the app notebook
``notebooks/apps/drift_dashboard.ipynb`` with Voilà (see :func:`register_cli`).

Bad input never reaches the user as a traceback: an empty window, a feature
with no values in a window, or a threshold outside the statistic's range sets
:attr:`DriftDashboard.message` and the widget shows it in place of the stale
view.
"""

from __future__ import annotations

import base64
import html
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import drift
from .liveview import figure_png

__all__ = ["GRANULARITIES", "VIEWS", "DashboardView", "DriftDashboard", "performance_by_period",
           "FLIGHT_FEATURES", "FLIGHT_MONITORED", "FLIGHT_UNITS", "ScoredFlights", "scored_flights",
           "flights_dashboard", "register_cli", "dashboard_notebook", "launch_dashboard", "voila_command",
           "voila_env", "check_address"]

#: The dashboard's window sizes and the calendar frequency behind each.
GRANULARITIES = {"month": "MS", "week": "W"}

_STAT_OPTIONS = [("PSI", "psi"), ("KS", "ks"), ("Jensen-Shannon", "jensen_shannon"),
                 ("Wasserstein", "wasserstein"), ("Chi-square", "chi_square")]

#: Resamples behind each PSI interval in the ranked table (vectorised: fast enough for live controls).
PSI_RESAMPLES = 300

#: What the heatmap shows for each statistic: the tests show their effect size
#: (KS's D, chi-square's Cramér's V), which does not grow with the window size.
_MEASURE = {"psi": "value", "ks": "effect_size", "chi_square": "effect_size", "jensen_shannon": "value",
            "wasserstein": "value"}


# --------------------------------------------------------------------------------------------------
# model performance per period


def performance_by_period(frame: pd.DataFrame, *, time_col: str, label_col: str, score_col: str,
                          freq: str = "MS", threshold: float = 0.5) -> pd.DataFrame:
    """The model's quality in each calendar period.

    Returns one row per period (text labels as :func:`aipm_kit.drift.period_labels`)
    with ``rows``, ``positive_rate`` (share of labels that are 1),
    ``mean_score``, ``calibration_gap`` (mean score minus positive rate),
    ``auc`` (NaN where a period holds one class only: AUC is undefined there),
    ``brier``, and ``precision`` / ``recall`` when flagging ``score >= threshold``
    (NaN where nothing is flagged, or nothing is positive).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"t": pd.to_datetime(["2024-01-01"] * 4), "y": [0, 1, 0, 1],
    ...                   "s": [0.1, 0.8, 0.4, 0.3]})
    >>> performance_by_period(f, time_col="t", label_col="y", score_col="s")["auc"].item()
    0.75
    """
    from scipy.stats import rankdata

    from ._checks import as_binary, check_columns, check_probability

    check_columns(frame, [time_col, label_col, score_col], name="frame")
    threshold = check_probability(threshold, "threshold")
    y = as_binary(frame[label_col].to_numpy(), label_col)
    s = frame[score_col].to_numpy(dtype=float)
    if np.isnan(s).any():
        raise ValueError(f"column {score_col!r} has {int(np.isnan(s).sum())} missing score(s)")
    codes, periods = pd.factorize(drift.period_labels(frame[time_col], freq), sort=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(periods) + 1))
    rows = []
    for i, period in enumerate(periods):
        k = order[bounds[i]:bounds[i + 1]]
        yk, sk = y[k], s[k]
        flagged = sk >= threshold
        tp = int((flagged & (yk == 1)).sum())
        n_pos = int(yk.sum())
        n_neg = len(yk) - n_pos
        if n_pos and n_neg:  # AUC as the Mann-Whitney U over n_pos * n_neg (ties count half)
            ranks = rankdata(sk)
            auc = (ranks[yk == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
        else:
            auc = np.nan
        rows.append({
            "period": period, "rows": len(k), "positive_rate": yk.mean(), "mean_score": sk.mean(),
            "calibration_gap": sk.mean() - yk.mean(), "auc": auc, "brier": float(((sk - yk) ** 2).mean()),
            "precision": tp / flagged.sum() if flagged.any() else np.nan,
            "recall": tp / n_pos if n_pos else np.nan,
        })
    return pd.DataFrame(rows).set_index("period")


# --------------------------------------------------------------------------------------------------
# the dashboard's state and view


@dataclass(frozen=True)
class DashboardView:
    """What the dashboard shows for one choice of controls."""

    granularity: str
    reference: tuple[str, ...]
    current: str
    features: tuple[str, ...]
    stat: str
    threshold: float
    table: pd.DataFrame        # feature x period, the heatmap
    ranked: pd.DataFrame       # the current window's features, most drifted first
    alerts: tuple[str, ...]    # periods where a selected feature the model reads drifted
    seconds: float             # time to recompute the view (no drawing)

    def __repr__(self) -> str:
        ref = self.reference[0] if len(self.reference) == 1 else f"{self.reference[0]}..{self.reference[-1]}"
        drifted = list(self.ranked.loc[self.ranked["drifted"], "feature"])
        return (f"DashboardView({drift.STATISTICS[self.stat].label} by {self.granularity}, reference {ref}, "
                f"current {self.current}: drifted {drifted}; {len(self.alerts)} alert periods on model inputs)")

    def sentence(self) -> str:
        """The view in one plain sentence (what a saved notebook shows instead of a repr)."""
        ref = self.reference[0] if len(self.reference) == 1 else f"{self.reference[0]} to {self.reference[-1]}"
        drifted = list(self.ranked.loc[self.ranked["drifted"], "feature"])
        crossed = (f"{', '.join(drifted[:-1])} and {drifted[-1]}" if len(drifted) > 1 else
                   drifted[0] if drifted else "no feature")
        verb = "crosses" if len(drifted) <= 1 else "cross"
        alerts = len(self.alerts)
        if self.stat == "psi":  # the verdict is on the 95% interval
            not_yet = list(self.ranked.loc[self.ranked["verdict"] == "not yet", "feature"])
            verb = ("is" if len(drifted) <= 1 else "are") + " wholly over the alert line on its 95% interval"
            verb += f" ({len(not_yet)} not yet: {', '.join(not_yet)})" if not_yet else ""
            where = ("where a model input's 95% interval reaches the line" if "reaching" in self.table.attrs
                     else "with a point over the line on a model input")
            return (f"PSI by {self.granularity}, reference {ref}, current {self.current}: {crossed} {verb}; "
                    f"{alerts or 'no'} {'period' if alerts == 1 else 'periods'} {where}")
        return (f"{drift.STATISTICS[self.stat].label} by {self.granularity}, reference {ref}, current "
                f"{self.current}: {crossed} {verb} the alert line; {alerts or 'no'} "
                f"{'period' if alerts == 1 else 'periods'} with an alert on a model input")

    def to_frame(self) -> pd.DataFrame:
        return self.ranked.copy()


class DriftDashboard:
    """Input drift, by feature and period, next to the model's performance.

    Parameters
    ----------
    frame : DataFrame
        One row per scored event, with ``time_col``, the ``features`` and,
        for the performance panel, ``label_col`` and ``score_col``.
    features : list of str
        The columns to monitor (numbers or categories).
    reference : (start, end) or label
        The reference window in month labels (``("2013-01", "2013-03")``);
        for weeks, the weeks starting inside it are used.
    current : str, optional
        The month whose distribution and ranking are shown (default: the
        last month).
    stat, threshold
        The statistic (``psi``, ``ks``, ``jensen_shannon``, ``wasserstein``,
        ``chi_square``) and its alert threshold (default: the statistic's).
    score_threshold : float
        Where the model's score becomes a "late" flag, for precision and recall.
    units : dict, optional
        Feature -> its unit, for the distribution's axis (``{"distance": "miles"}``).
    model_features : list of str, optional
        The features the model reads. When given, the performance panel marks only periods
        with an alert on one of them (drift elsewhere cannot change the predictions); the
        heatmap and the ranking still show every monitored feature.
    performance_frame : DataFrame, optional
        The rows the performance panel is measured on (default: ``frame``). Pass the rows the
        model was not fitted on, so that its training months are not flattered.

    Examples
    --------
    >>> dash = DriftDashboard(flights, features=["dep_delay", "carrier"], time_col="date",
    ...                       label_col="late", score_col="score")       # doctest: +SKIP
    >>> dash.update(stat="ks", current="2013-09").ranked                  # doctest: +SKIP
    >>> dash.widget()                                                      # doctest: +SKIP
    """

    def __init__(self, frame: pd.DataFrame, *, features: Sequence[str], time_col: str = "date",
                 label_col: str | None = None, score_col: str | None = None,
                 reference=("2013-01", "2013-03"), current: str | None = None, stat: str = "psi",
                 threshold: float | None = None, granularity: str = "month", score_threshold: float = 0.5,
                 metric: str = "auc", units: dict | None = None, model_features: Sequence[str] | None = None,
                 performance_frame: pd.DataFrame | None = None, interval_unit: str = "row",
                 day_intervals: dict | None = None, performance_intervals: dict | None = None):
        from ._checks import check_columns

        if interval_unit not in ("row", "day"):
            raise ValueError(f"interval_unit must be 'row' or 'day', got {interval_unit!r}")

        if isinstance(features, str):
            features = [features]
        self.all_features = tuple(features)
        if not self.all_features:
            raise ValueError("features is empty: name at least one column to monitor")
        check_columns(frame, [time_col, *self.all_features], name="frame")
        self.time_col = time_col
        self.model_features = tuple(self.all_features if model_features is None else model_features)
        unknown = [f for f in self.model_features if f not in self.all_features]
        if unknown:
            raise ValueError(f"model_features {unknown} are not among the monitored features {list(self.all_features)}")
        self.histograms = {g: drift.PeriodHistograms.from_frame(frame, time_col=time_col, freq=f,
                                                                 columns=list(self.all_features))
                           for g, f in GRANULARITIES.items()}
        #: How a PSI interval resamples: ``"row"`` redraws rows one by one (:func:`drift.psi_interval`);
        #: ``"day"`` redraws whole days (:func:`drift.psi_day_interval_table`), for rows of one day that share
        #: a cause, the same interval a notebook gets from that function.
        self.interval_unit = interval_unit
        #: Optional precomputed day-resampled intervals (``{"low", "high"}`` tables, feature x month, and
        #: ``"reference"``: the month labels they were computed against), reused as they are for those cells so
        #: that a notebook and its dashboard show one interval per cell.
        self._day_intervals = day_intervals if interval_unit == "day" else None
        if interval_unit == "day":
            self._daily = drift.PeriodHistograms.from_frame(frame, time_col=time_col, freq="D",
                                                            columns=list(self.all_features))
            day_times = pd.to_datetime(pd.Series(self._daily.periods))
            self._days_of = {g: pd.Series(self._daily.periods).groupby(
                drift.period_labels(day_times, f).to_numpy()).apply(list).to_dict() for g, f in GRANULARITIES.items()}
        self.performance = {}
        if performance_frame is not None and not isinstance(performance_frame, pd.DataFrame):
            raise TypeError(f"performance_frame must be a DataFrame, got {type(performance_frame).__name__}")
        perf_frame = frame if performance_frame is None else performance_frame
        if label_col is not None and score_col is not None:
            for g, f in GRANULARITIES.items():
                perf = performance_by_period(perf_frame, time_col=time_col, label_col=label_col,
                                             score_col=score_col, freq=f, threshold=score_threshold)
                self.performance[g] = perf
        if self.performance and metric not in next(iter(self.performance.values())).columns:
            raise ValueError(f"metric must be a column of performance_by_period, got {metric!r}")
        self.metric = metric
        #: Optional intervals for the performance view: ``{granularity: DataFrame}`` indexed by period with
        #: ``low`` and ``high`` columns for ``metric`` (e.g. 95% t-intervals with the day as the unit), and an
        #: optional ``"label"`` naming them. Drawn as error bars on that granularity's view; absent, the view
        #: shows points only.
        self.performance_intervals = dict(performance_intervals or {})
        for g, table in self.performance_intervals.items():
            if g == "label":
                continue
            if g not in GRANULARITIES:
                raise ValueError(f"performance_intervals keys must be granularities {list(GRANULARITIES)}, got {g!r}")
            if not isinstance(table, pd.DataFrame) or not {"low", "high"} <= set(table.columns):
                raise ValueError("each performance_intervals table must be a DataFrame with 'low' and 'high' columns")
        self.units = dict(units or {})
        months = self.histograms["month"].periods
        self.message = ""
        self._widget = None
        self._png_cache: dict = {}
        self._view: DashboardView | None = None
        self._thresholds: dict[str, float] = {}  # the line last used with each statistic
        #: A note shown with the window sizes, e.g. that the rows are a sample (``aipm dashboard --fast``).
        self.sample_note = ""
        self.state: dict[str, Any] = {
            "granularity": "month", "reference": self._month_window(reference),
            "current": current or months[-1], "features": self.all_features, "stat": "psi",
            "threshold": None, "feature": self.all_features[0],
        }
        self.update(granularity=granularity, stat=stat, threshold=threshold)
        if self.message:
            raise ValueError(self.message)

    # -- windows --------------------------------------------------------------------------------
    def periods(self, granularity: str | None = None) -> tuple[str, ...]:
        return self.histograms[granularity or self.state["granularity"]].periods

    def _month_window(self, reference) -> tuple[str, str]:
        if isinstance(reference, str):
            return (reference, reference)
        if isinstance(reference, (tuple, list)) and len(reference) == 2:
            return (str(reference[0]), str(reference[1]))
        raise TypeError(f"reference must be a month label or a (start, end) pair, got {reference!r}")

    def default_windows(self, granularity: str) -> tuple[tuple[str, str], str]:
        """The reference (start, end) and current window translated to ``granularity``."""
        periods = self.periods(granularity)
        start, end = self.state["reference"]
        current = self.state["current"]
        if granularity == "month":
            month = lambda p: p[:7]  # noqa: E731
            ref = [p for p in periods if start[:7] <= month(p) <= end[:7]]
            cur = [p for p in periods if month(p) == current[:7]]
        else:
            ref = [p for p in periods if start[:7] <= p[:7] <= end[:7]]
            cur = [p for p in periods if p[:7] == current[:7]]
        ref = ref or [periods[0]]
        cur = cur or [periods[-1]]
        return (ref[0], ref[-1]), cur[-1]

    # -- recomputation ----------------------------------------------------------------------------
    def update(self, **changes) -> "DriftDashboard":
        """Apply control changes and recompute; a bad choice sets :attr:`message` instead of raising.

        Keys: ``granularity`` ("month"/"week"), ``reference`` ((start, end)
        period labels), ``current`` (a period label), ``features`` (list),
        ``stat``, ``threshold`` (None for the statistic's default) and
        ``feature`` (the one whose distributions are drawn).
        """
        unknown = set(changes) - set(self.state)
        if unknown:
            raise TypeError(f"unknown dashboard control(s) {sorted(unknown)}; use {sorted(self.state)}")
        new = dict(self.state)
        if "granularity" in changes and changes["granularity"] != self.state["granularity"]:
            if changes["granularity"] not in GRANULARITIES:
                self.message = (f"granularity must be one of {list(GRANULARITIES)}, got "
                                f"{changes['granularity']!r}")
                return self
            new["reference"], new["current"] = self.default_windows(changes["granularity"])
        if "stat" in changes and changes["stat"] != self.state["stat"] and "threshold" not in changes:
            # back to a statistic used before: its line as it was (the app's PSI 0.1 stays 0.1);
            # a new one starts on its default
            try:
                new["threshold"] = self._thresholds.get(drift.statistic_name(changes["stat"]))
            except (ValueError, TypeError):  # an unknown statistic: _compute names it in the message
                new["threshold"] = None
        new.update(changes)
        try:
            view = self._compute(new)
        except (ValueError, TypeError, KeyError) as exc:
            self.message = str(exc).strip("'\"")
            return self
        self.state = new
        self.state["threshold"] = view.threshold
        self._thresholds[view.stat] = view.threshold
        self._view = view
        self.message = ""
        return self

    def _compute(self, state) -> DashboardView:
        t0 = time.perf_counter()
        granularity = state["granularity"]
        hist = self.histograms[granularity]
        stat = drift.statistic_name(state["stat"])
        info = drift.STATISTICS[stat]
        threshold = info.default_threshold if state["threshold"] is None else state["threshold"]
        threshold = drift.check_threshold(stat, threshold)
        features = [f for f in state["features"]]
        if not features:
            raise ValueError("no feature selected: pick at least one feature")
        missing = [f for f in features if f not in hist.features]
        if missing:
            raise ValueError(f"feature(s) {missing} are not monitored here; choose from "
                             f"{list(self.all_features)}")
        applicable = [f for f in features if (info.numeric if hist.features[f].numeric else info.categorical)]
        if not applicable:
            raise ValueError(f"{info.label} needs numbers and every selected feature is a category: "
                             "choose PSI, Jensen-Shannon or chi-square, or add a numeric feature")
        start, end = state["reference"]
        if start > end:
            raise ValueError(f"the reference window starts ({start}) after it ends ({end}): it holds no rows")
        reference = hist.resolve((start, end), name="reference")
        ref_labels = tuple(hist.periods[i] for i in reference)
        if hist.sizes[reference].sum() == 0:
            raise ValueError(f"the reference window {start}..{end} has no rows")
        current = state["current"]
        cur_idx = hist.resolve(current, name="current")
        if hist.sizes[cur_idx].sum() == 0:
            raise ValueError(f"the current window {current} has no rows")
        for f in applicable:  # a feature with no values in either window is named, not shown as NaN
            hist.counts(f, ref_labels, current)
        table = hist.drift_table(ref_labels, stat, columns=applicable, threshold=threshold,
                                 measure=_MEASURE[stat])
        skipped = [f for f in features if f not in applicable]
        table.attrs["skipped"] = skipped
        ranked_rows = []
        day_ci = None
        if stat == "psi" and self.interval_unit == "day":  # whole days resampled, every feature at once
            days = self._days_of[granularity]
            given = self._day_intervals
            if (given is not None and granularity == "month" and tuple(ref_labels) == tuple(given["reference"])
                    and current in given["low"].columns and set(applicable) <= set(given["low"].index)):
                day_ci = given
                if threshold is not None:
                    # the given intervals cover the whole table: outline only later cells wholly over the line (as
                    # the verdicts do), and mark later periods where a model input's interval reaches the line
                    later = [p for p in table.columns if p not in set(ref_labels) and p in given["low"].columns]
                    low_t, high_t = given["low"], given["high"]
                    table.attrs["drifted"] = {f: [p for p in later if low_t.loc[f, p] >= threshold]
                                              for f in applicable}
                    table.attrs["not_yet"] = {f: [p for p in later if low_t.loc[f, p] < threshold <= high_t.loc[f, p]]
                                              for f in applicable}
                    table.attrs["later_cells"] = len(applicable) * len(later)
                    table.attrs["reaching"] = [p for p in later if any(
                        high_t.loc[f, p] >= threshold for f in applicable if f in self.model_features)]
            else:
                day_ci = drift.psi_day_interval_table(
                    self._daily, [d for p in ref_labels for d in days.get(p, [])], {current: days.get(current, [])},
                    columns=applicable, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", drift.DriftWarning)
            for f in applicable:
                r = hist.compare(f, ref_labels, current, stat, threshold=threshold,
                                 **({"p_method": "limit"} if stat == "ks" else {}))
                ranked_rows.append({
                    "feature": f, "value": r.value, "effect_size": r.effect_size, "p_value": r.p_value,
                    "threshold": r.threshold, "drifted": r.drifted, "rule": r.rule,
                    "reference_rows": r.n_reference, "current_rows": r.n_current,
                    "periods_flagged": len(table.attrs["drifted"].get(f, [])),
                    "unseen": ", ".join(map(str, r.unseen)),
                    **(self._psi_verdict(hist, f, ref_labels, current, r.value, threshold, stat) if day_ci is None
                       else self._day_verdict(day_ci, f, current, threshold)),
                })
        ranked = pd.DataFrame(ranked_rows)
        if stat == "psi":  # decided on the interval: only a whole interval over the line is drift
            ranked["drifted"] = ranked["verdict"] == "over"
        else:              # a statistic without an interval here keeps its own rule
            ranked["verdict"] = ranked["drifted"].map({True: "over", False: "under"})
        ranked["_order"] = ranked["verdict"].map({"over": 0, "not yet": 1}).fillna(2)
        key = "p_value" if info.on == "p_value" else "value"
        ranked = ranked.sort_values(["_order", key], ascending=[True, info.on == "p_value"],
                                    kind="stable").drop(columns="_order").reset_index(drop=True)
        flagged = table.attrs["drifted"]
        alerts = (tuple(table.attrs["reaching"]) if "reaching" in table.attrs else
                  tuple(p for p in table.columns if any(p in v for f, v in flagged.items() if f in self.model_features)))
        feature = state["feature"] if state["feature"] in self.all_features else applicable[0]
        state["feature"] = feature
        return DashboardView(granularity, ref_labels, current, tuple(features), stat, threshold, table,
                             ranked, alerts, time.perf_counter() - t0)

    @staticmethod
    def _psi_verdict(hist, feature, reference, current, value, threshold, stat) -> dict:
        """For PSI, the current window's 95% resampling interval (:func:`drift.psi_interval`, a few hundred
        vectorised resamples) and the verdict on it: ``over`` (the whole interval at or over the line),
        ``under`` (wholly below) or ``not yet`` (it straddles the line). Other statistics keep their rule:
        ``over`` or ``under``, with no interval."""
        if stat != "psi":
            return {"low": np.nan, "high": np.nan, "verdict": None}
        r, c = drift._binned_psi_counts(hist, feature, reference, current)
        _, low, high = drift.psi_interval(r, c, n_resamples=PSI_RESAMPLES, seed=0)
        verdict = "over" if low >= threshold else "under" if high < threshold else "not yet"
        return {"low": low, "high": high, "verdict": verdict}

    @staticmethod
    def _day_verdict(day_ci, feature, current, threshold) -> dict:
        """The verdict on a 95% interval that resampled whole days (``interval_unit="day"``)."""
        low, high = float(day_ci["low"].loc[feature, current]), float(day_ci["high"].loc[feature, current])
        verdict = "over" if low >= threshold else "under" if high < threshold else "not yet"
        return {"low": low, "high": high, "verdict": verdict}

    @property
    def view(self) -> DashboardView:
        return self._view

    # -- figures ------------------------------------------------------------------------------
    # Each view is described once (``_*_args``: the data, title and takeaway) and drawn three ways:
    # a fresh matplotlib figure (notebook, site, export), a coloured HTML table (the live heatmap)
    # and figures kept by the live widget whose artists are updated in place.

    def _heatmap_args(self) -> dict:
        v = self.view
        table = v.table
        n = sum(len(x) for x in table.attrs["drifted"].values())
        worst = table.stack().idxmax() if table.notna().any().any() else None
        takeaway = None
        rule = table.attrs["rule_text"].removeprefix("value ")
        if v.stat == "psi" and "later_cells" in table.attrs:  # judged on given 95% intervals, whole days resampled
            n_not_yet = sum(len(x) for x in table.attrs["not_yet"].values())
            if worst is not None:
                takeaway = (f"colour: the point PSI; largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); "
                            + (f"solid outline: the whole 95% interval (whole days resampled) is {rule}; " if n else
                               "no cell's 95% interval is wholly over the line; ")
                            + ("dashed inner box: the interval straddles the line (not yet)" if n_not_yet else
                               "no cell's interval straddles the line"))
            finding = (f"{n} of {table.attrs['later_cells']} later feature-{v.granularity}s drifted" if n else
                       f"No later feature-{v.granularity} is wholly over the line")
            title = (f"{finding} on its 95% interval; {n_not_yet} not yet, against {self._ref_text()} "
                     f"(PSI, alert at {rule})")
            return {"title": title, "takeaway": takeaway}
        if v.stat == "psi":  # a heatmap cell is a point; the verdict (on the interval) is in the ranked table
            if worst is not None:
                takeaway = (f"largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); outlined: the point is "
                            f"{rule}, a lead, not a verdict (the ranked table gives the 95% interval)")
            title = (f"{n} of {table.size} feature-{v.granularity}s have a point over the line against "
                     f"{self._ref_text()} (PSI, alert at {rule})")
            return {"title": title, "takeaway": takeaway}
        if worst is not None:
            takeaway = f"largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); outlined cells alert ({rule})"
        title = (f"{n} of {table.size} feature-{v.granularity}s drift from {self._ref_text()} "
                 f"({drift.STATISTICS[v.stat].label}, alert at {rule})")
        return {"title": title, "takeaway": takeaway}

    def _distribution_args(self) -> dict:
        v = self.view
        feature = self.state["feature"]
        hist = self.histograms[v.granularity]
        row = v.ranked.loc[v.ranked["feature"] == feature]
        when = f"the week of {v.current}" if v.granularity == "week" else v.current
        if len(row):
            r = row.iloc[0]
            verdict = "crosses the alert line" if r["drifted"] else "stays under the alert line"
            title = (f"{feature} {verdict} in {when}: {drift.STATISTICS[v.stat].label} "
                     f"{r['value']:.3g} (alert at {r['rule'].removeprefix('value ')})")
            if v.stat == "psi":
                verdict = {"over": "is over the alert line", "not yet": "is not yet over the alert line",
                           "under": "stays under the alert line"}[r["verdict"]]
                title = (f"{feature} {verdict} in {when}: PSI {r['value']:.3f}, 95% interval {r['low']:.3f} to "
                         f"{r['high']:.3f} (alert at {r['rule'].removeprefix('value ')})")
        else:
            title = f"{feature} in {when} against {self._ref_text()}"
        return {"reference": hist.shares(feature, list(v.reference)), "current": hist.shares(feature, v.current),
                "numeric": hist.features[feature].numeric, "feature": feature,
                "reference_label": f"reference {self._ref_text()}", "current_label": f"current {v.current}",
                "unit": self.units.get(feature), "title": title}

    def _performance_args(self) -> dict | None:
        v = self.view
        if not self.performance:
            return None
        perf = self.performance[v.granularity]
        metric = self.metric
        ref_values = perf.loc[[p for p in v.reference if p in perf.index], metric]
        worst = perf[metric].idxmin()
        labels = {"auc": "AUC (0.5 = chance)", "brier": "Brier score (lower is better)",
                  "recall": "recall (share of late flights flagged)", "precision": "precision (share)"}
        shown = {"auc": "AUC", "brier": "Brier score"}.get(metric, metric)  # the legend names the metric
        extra = {}
        if "reaching" in v.table.attrs:  # judged on intervals: a triangle is an alert only when a cell is wholly over
            over = {p for f, ps in v.table.attrs.get("drifted", {}).items() if f in self.model_features for p in ps}
            extra["alert_label"] = ("model input's 95% PSI interval reaches the line"
                                    + ("" if over & set(v.alerts) else " (not yet)"))
        return {**extra, "performance": perf.rename(columns={metric: shown}), "metric": shown, "alerts": v.alerts,
                "reference": v.reference,
                "current": v.current,
                "title": (f"{metric.upper() if metric == 'auc' else metric.capitalize()} ranges "
                          f"{perf[metric].min():.3f}-{perf[metric].max():.3f}; lowest in {worst}"),
                "ylabel": f"{labels.get(metric, metric)}; axis cut", "max_ticks": 14,
                "xlabel": "week starting (rows in thousands)" if v.granularity == "week" else None,
                "takeaway": f"reference periods {ref_values.min():.3f}-{ref_values.max():.3f}" + ((
                    f"; triangles: later periods where a model input's 95% PSI interval reaches the line "
                    f"({len(v.alerts)} of {len([p for p in perf.index if p not in set(v.reference)])})"
                    if v.alerts else
                    "; no later period had a model input's 95% PSI interval reach the line")
                    if "reaching" in v.table.attrs else (
                    f"; triangles: periods with a drift alert on a model input ({len(v.alerts)} of {len(perf)})"
                    if v.alerts else "; no period had a drift alert on a model input"))}

    def heatmap_figure(self):
        """The feature x period heatmap as a fresh matplotlib figure."""
        from . import plots

        table = self.view.table
        ax = plots.drift_heatmap(table, **self._heatmap_args())
        if "not_yet" in table.attrs:  # given intervals: mark the cells whose interval straddles the line (not yet)
            import matplotlib.patches as patches

            rows, cols = list(table.index), [str(c) for c in table.columns]
            for f, periods in table.attrs["not_yet"].items():
                for p in periods:  # inset, so that neighbours' dashed edges never join into a solid line
                    ax.add_patch(patches.Rectangle((cols.index(str(p)) - 0.36, rows.index(f) - 0.36), 0.72, 0.72,
                                                   fill=False, edgecolor="#000000", lw=1.2, ls=(0, (3, 2))))
        return ax.figure

    def heatmap_html(self) -> str:
        """The heatmap as a coloured HTML table (what the live dashboard shows)."""
        from . import plots

        axis = "week starting (day of month)" if self.view.granularity == "week" else None
        return plots.drift_heatmap_html(self.view.table, current=self.view.current, axis=axis,
                                        **self._heatmap_args())

    def distribution_figure(self):
        """The selected feature's reference and current distributions as a fresh figure."""
        from . import plots

        return plots.distribution_overlay(**self._distribution_args()).figure

    def performance_figure(self):
        """The model's metric by period as a fresh figure (None without labels and scores)."""
        from . import plots

        args = self._performance_args()
        if args is None:
            return None
        ax = plots.performance_over_time(**args)
        self._draw_intervals(ax, args["performance"])
        return ax.figure

    def _draw_intervals(self, ax, perf: pd.DataFrame) -> None:
        """Add the performance view's intervals (``performance_intervals``) to ``ax`` as error bars, replacing
        any drawn before, and keep them and the legend in view. Nothing happens without intervals."""
        for artist in getattr(ax, "_aipm_interval_artists", ()):
            artist.remove()
        ax._aipm_interval_artists = ()
        table = self.performance_intervals.get(self.view.granularity)
        if table is None:
            return
        labels = [str(p) for p in perf.index]
        rows = [(i, table.loc[p]) for i, p in enumerate(labels) if p in table.index]
        if not rows:
            return
        metric_col = perf.columns[list(perf.columns).index(self._shown_metric())]
        x = np.array([i for i, _ in rows], dtype=float)
        y = perf[metric_col].to_numpy(dtype=float)[x.astype(int)]
        low = np.array([float(r["low"]) for _, r in rows])
        high = np.array([float(r["high"]) for _, r in rows])
        label = self.performance_intervals.get("label", "95% interval")
        bars = ax.errorbar(x, y, yerr=[np.clip(y - low, 0, None), np.clip(high - y, 0, None)], fmt="none",
                           ecolor="#555555", capsize=2, lw=1, zorder=2, label=label)
        ax._aipm_interval_artists = (bars,)
        legend = ax.get_legend()
        handles = list(legend.legend_handles) if legend is not None else []
        texts = [t.get_text() for t in legend.get_texts()] if legend is not None else []
        lo, hi = float(np.nanmin(np.r_[low, y])), float(np.nanmax(np.r_[high, y]))
        pad = max(0.1 * (hi - lo), 0.01)
        room = 0.35 * (hi - lo + 2 * pad)
        ax.set_ylim(lo - pad, hi + pad + room)
        top = (hi - lo + 2 * pad) / (hi - lo + 2 * pad + room)
        for line in ax.get_lines():  # the current-period line stops below the legend's room
            if line.get_linestyle() == "--" and len(set(map(float, line.get_xdata()))) == 1:
                line.set_ydata([0, top])
        ax.legend(handles + [bars], texts + [label], loc="upper center", ncol=min(len(handles) + 1, 3),
                  frameon=True, facecolor="white", edgecolor="none", framealpha=1.0, fontsize=7.5,
                  handlelength=1.6, columnspacing=1.2)

    def _shown_metric(self) -> str:
        return {"auc": "AUC", "brier": "Brier score"}.get(self.metric, self.metric)

    def _key(self, name: str) -> tuple:
        """What view ``name`` depends on: equal keys, equal pictures (so nothing is drawn twice)."""
        v = self.view
        base = (name, v.granularity, v.reference, v.stat, v.threshold, v.features)
        if name == "heatmap":
            return base + (v.current,)
        if name in ("distribution", "table"):
            return base + (v.current, self.state["feature"] if name == "distribution" else None)
        if name == "performance":
            return (name, v.granularity, v.reference, v.alerts, v.current, self.metric)
        raise ValueError(f"name must be one of {list(VIEWS)}, got {name!r}")

    def png(self, name: str) -> bytes | None:
        """The current view's figure ``name`` (heatmap, distribution, performance) as PNG bytes.

        Rendered once per view and cached, so the static display and the HTML
        export never draw the same figure twice.
        """
        draw = {"heatmap": self.heatmap_figure, "distribution": self.distribution_figure,
                "performance": self.performance_figure}
        if name not in draw:
            raise ValueError(f"name must be one of {list(draw)}, got {name!r}")
        key = self._key(name)
        if key not in self._png_cache:
            fig = draw[name]()
            if fig is None:
                return None
            if len(self._png_cache) > 48:
                self._png_cache.clear()
            self._png_cache[key] = figure_png(fig, dpi=80)
        return self._png_cache[key]

    def show_static(self, views=("heatmap", "distribution", "performance")) -> None:
        """Display the current view as images and the ranked table (no widgets, no live kernel needed).

        ``views`` picks the figures (a notebook that already drew the heatmap can leave it out).
        """
        from IPython.display import HTML, Image, display

        unknown = [v for v in views if v not in ("heatmap", "distribution", "performance")]
        if isinstance(views, str) or unknown:
            raise ValueError(f"views must be a sequence of 'heatmap', 'distribution', 'performance'; got {views!r}")
        for name in views:
            data = self.png(name)
            if data is not None:
                display(Image(data=data, format="png"))
        display(HTML(self.table_html()))

    def figures(self) -> dict:
        """The current view's figures: ``heatmap``, ``distribution`` and ``performance``."""
        figs = {"heatmap": self.heatmap_figure(), "distribution": self.distribution_figure()}
        perf = self.performance_figure()
        if perf is not None:
            figs["performance"] = perf
        return figs

    def _ref_text(self) -> str:
        ref = self.view.reference
        return ref[0] if len(ref) == 1 else f"{ref[0]}..{ref[-1]}"

    # -- tables and export -------------------------------------------------------------------
    def ranked_table(self) -> pd.DataFrame:
        """The current window's features, drifted first, with the numbers behind each verdict."""
        return self.view.ranked.copy()

    def table_html(self) -> str:
        v = self.view
        ranked = v.ranked
        shown = ranked[["feature", "value", "p_value", "threshold", "drifted", "reference_rows",
                        "current_rows", "periods_flagged"]].copy()
        for c in ("value", "threshold"):
            shown[c] = shown[c].map(lambda x: f"{x:.3f}" if abs(x) < 100 else f"{x:,.0f}")  # one precision
        shown["p_value"] = shown["p_value"].map(lambda x: "" if x is None or pd.isna(x) else f"{x:.2g}")
        no_p = (shown["p_value"] == "").all()  # a distance has no p-value: hide the empty column
        shown["drifted"] = shown["drifted"].map({True: "DRIFT", False: "ok"})
        for c in ("reference_rows", "current_rows"):
            shown[c] = shown[c].map(lambda x: f"{x:,}")
        label = drift.STATISTICS[v.stat].label
        shown.columns = ["feature", label if _MEASURE[v.stat] == "value" else f"{label} statistic", "p-value",
                         "alert threshold", "verdict", "reference rows", "current rows",
                         f"{v.granularity}s flagged"]
        if no_p:
            shown = shown.drop(columns="p-value")
        caption = (f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
                   f"{int(ranked['drifted'].sum())} of {len(ranked)} features drifted")
        if v.stat == "psi":  # the verdict is the 95% interval's: over, not yet or under the line
            shown.insert(2, "95% interval", [f"{lo:.3f} to {hi:.3f}" for lo, hi in zip(ranked["low"], ranked["high"])])
            shown["verdict"] = ranked["verdict"].tolist()
            wholly = "later_cells" in v.table.attrs  # given intervals: the count is of periods wholly over the line
            shown = shown.rename(columns={f"{v.granularity}s flagged": f"{v.granularity}s " + (
                "wholly over the line" if wholly else "with a point over the line")})
            not_yet = int((ranked["verdict"] == "not yet").sum())
            caption = (f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
                       f"{int(ranked['drifted'].sum())} of {len(ranked)} features wholly over the alert line on "
                       f"their 95% interval, {not_yet} not yet (the interval straddles the line)")
        body = shown.to_html(index=False, border=0, escape=True)
        opening = body[:body.index(">") + 1]  # the <table ...> tag, whatever pandas puts in it
        body = body.replace(opening, f'<table class="aipm-drift-table" data-stat="{v.stat}" '
                            f'data-reference="{html.escape(self._ref_text())}" data-current="{v.current}">'
                            f"<caption>{html.escape(caption)}</caption>", 1)
        skipped = v.table.attrs.get("skipped") or []
        note = (f"<p class='aipm-note'>{label} does not apply to categories: {', '.join(skipped)} left out.</p>"
                if skipped else "")
        return body + note

    def to_html(self, *, title: str = "Drift dashboard: current view") -> str:
        """A standalone HTML page of the current view (figures as embedded PNG, the ranked table)."""
        v = self.view
        label = drift.STATISTICS[v.stat].label
        drifted = list(v.ranked.loc[v.ranked["drifted"], "feature"])
        summary = (f"{label} by {v.granularity}, alert line {v.threshold:g}; reference {self._ref_text()}, current "
                   f"{v.current}: {', '.join(drifted) if drifted else 'no feature'} drifted; "
                   f"{len(v.alerts)} period(s) with an alert on a model input. Windows: {self._window_sizes_text()}.")
        if v.stat == "psi":
            not_yet = list(v.ranked.loc[v.ranked["verdict"] == "not yet", "feature"])
            summary = (f"PSI by {v.granularity}, alert line {v.threshold:g}; reference {self._ref_text()}, current "
                       f"{v.current}, judged on each feature's 95% interval: over the line "
                       f"{', '.join(drifted) if drifted else 'none'}; not yet {', '.join(not_yet) or 'none'}. "
                       f"{len(v.alerts)} period(s) " + ("where a model input's 95% interval reaches the line. "
                       if "reaching" in v.table.attrs else "with a PSI point over the line on a model input. ")
                       + 
                       f"Windows: {self._window_sizes_text()}.")
        parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
                 "<meta name='viewport' content='width=device-width, initial-scale=1'>",
                 "<style>body{font-family:system-ui,sans-serif;color:#1d1d1f;max-width:1100px;margin:2em auto;"
                 "padding:0 1rem}img{max-width:100%;height:auto}table{border-collapse:collapse;display:block;"
                 "overflow-x:auto}td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
                 "caption{text-align:left;font-weight:bold;padding:4px}</style></head><body>",
                 f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(summary)}</p>"]
        headings = {"heatmap": "Drift by feature and period", "distribution": "The selected feature, reference "
                    "against current", "performance": "The model's quality over time"}
        for name in ("heatmap", "distribution", "performance"):
            data = self.png(name)
            if data is not None:
                encoded = base64.b64encode(data).decode("ascii")
                parts.append(f"<h2>{headings[name]}</h2><img alt='{headings[name]}' "
                             f"src='data:image/png;base64,{encoded}'/>")
        parts.append("<h2>Features ranked, most drifted first</h2>" + self.table_html() + "</body></html>")
        return "\n".join(parts)

    def export_html(self, path) -> Path:
        """Write :meth:`to_html` to ``path`` (folders created); returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path

    def _window_sizes_text(self) -> str:
        hist = self.histograms[self.view.granularity]
        sizes = hist.window_sizes()
        ref = int(sizes.loc[list(self.view.reference)].sum())
        note = f" ({self.sample_note})" if self.sample_note else ""
        return f"reference {ref:,} rows, current {int(sizes.loc[self.view.current]):,} rows{note}"

    # -- ipywidgets -------------------------------------------------------------------------------
    def widget(self):
        """The live dashboard (ipywidgets). Built once; later calls return the same widget."""
        if self._widget is None:
            self._controls = _DashboardWidget(self)
            self._widget = self._controls.box
        return self._widget

    def live_view(self):
        """The live widget with a picture of the current heatmap, for pages read without a kernel.

        Returns an :class:`aipm_kit.liveview.LiveView` (what the dashboard app displays).
        """
        from .liveview import LiveView

        return LiveView(self.widget(), self.png("heatmap"), f"The drift dashboard ({self.view.sentence()}).")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a live kernel: the widget. Saved without a kernel: a line saying so, not a widget repr."""
        data = dict(self.widget()._repr_mimebundle_() or {})
        data["text/plain"] = (f"Live drift dashboard ({self.view.sentence()}). Its controls need a running "
                              "kernel (JupyterLab, or `aipm dashboard`); the static view follows.")
        return data


#: The live dashboard's views, top to bottom.
VIEWS = ("heatmap", "distribution", "performance", "table")

_CSS = """<style>
.aipm-dashboard {box-sizing: border-box; max-width: 1280px; width: 100%; overflow-x: hidden}
.aipm-dashboard * {box-sizing: border-box}
.aipm-dashboard .aipm-row {display: flex; flex-flow: row wrap; align-items: center; gap: 2px 14px}
.aipm-dashboard .aipm-row .widget-label {min-width: 0 !important}
.aipm-dashboard .aipm-features {flex-flow: row wrap; gap: 2px}
.aipm-dashboard .aipm-features .widget-toggle-button {width: auto; padding: 0 8px; height: 26px;
  font-size: 12px}
.aipm-dashboard .aipm-figures {display: flex; flex-flow: row wrap; gap: 8px; align-items: flex-start}
.aipm-dashboard .aipm-figures img {flex: 1 1 420px; min-width: 0; max-width: min(100%, 640px); height: auto;
  object-fit: contain}
.aipm-dashboard .aipm-status {font-size: 11px; color: #555}
.aipm-dashboard .widget-html-content {line-height: 1.35}
.aipm-dashboard table.aipm-heat th, .aipm-dashboard table.aipm-heat td {line-height: 1.3; height: auto}
.aipm-dashboard table.aipm-drift-table {border-collapse: collapse; font-size: 12px; width: 100%}
.aipm-dashboard table.aipm-drift-table td, .aipm-dashboard table.aipm-drift-table th {
  padding: 2px 6px; border-bottom: 1px solid #ddd; text-align: right}
.aipm-dashboard table.aipm-drift-table caption {text-align: left; font-weight: bold; padding: 4px 0}
</style>"""


class _DashboardWidget:
    """ipywidgets controls bound to a :class:`DriftDashboard`, and the views they drive.

    Only views whose inputs changed are redrawn (see :meth:`DriftDashboard._key`).
    The heatmap and the ranked table are HTML, built in milliseconds; the two
    figures are :class:`aipm_kit.plots.DistributionPanel` and
    :class:`~aipm_kit.plots.PerformancePanel`, kept between changes: their
    artists' data change in place, then one draw and one PNG at 90 dpi.
    ``timings`` holds the milliseconds of the last change.
    """

    def __init__(self, dash: DriftDashboard):
        import ipywidgets as w

        from . import plots

        self.dash = dash
        self._busy = False
        self.drawn: dict[str, tuple] = {}
        self.timings: dict[str, float] = {}
        self.panels = {"distribution": plots.DistributionPanel(dpi=90),
                       "performance": plots.PerformancePanel(dpi=90)}
        s = dash.state
        style = {"description_width": "initial"}
        periods = list(dash.periods())

        def narrow(width):
            return w.Layout(width=width, max_width="100%")

        self.granularity = w.ToggleButtons(options=[(f"{g}s", g) for g in GRANULARITIES], value=s["granularity"],
                                           tooltips=[f"compare {g}s" for g in GRANULARITIES],
                                           style={"button_width": "76px"})
        self.stat = w.Dropdown(options=_STAT_OPTIONS, value=s["stat"], description="Statistic", style=style,
                               layout=narrow("200px"))
        self.threshold = w.FloatText(value=s["threshold"], description="Alert threshold", step=0.01,
                                     style=style, layout=narrow("170px"))
        self.ref_start = w.Dropdown(options=periods, value=s["reference"][0], description="Reference",
                                    style=style, layout=narrow("190px"))
        self.ref_end = w.Dropdown(options=periods, value=s["reference"][-1], description="to", style=style,
                                  layout=narrow("140px"))
        self.current = w.Dropdown(options=periods, value=s["current"], description="Current", style=style,
                                  layout=narrow("180px"))
        self.feature = w.Dropdown(options=list(dash.all_features), value=s["feature"],
                                  description="Distribution of", style=style, layout=narrow("250px"))
        self.feature_toggles = {f: w.ToggleButton(value=f in s["features"], description=f, tooltip=f"monitor {f}",
                                                  button_style="info" if f in s["features"] else "")
                                for f in dash.all_features}
        self.features = w.HBox(list(self.feature_toggles.values()), layout=w.Layout(flex_flow="row wrap"))
        self.export = w.Button(description="Export HTML", tooltip="a static HTML page of this view",
                               layout=w.Layout(width="auto"))
        for name in ("granularity", "ref_start", "ref_end", "current", "stat", "threshold", "features",
                     "feature", "export"):
            getattr(self, name).add_class(f"aipm-{name.replace('_', '-')}")
        self.message = w.HTML()
        self.message.add_class("aipm-message")
        self.status = w.HTML()
        self.status.add_class("aipm-status")
        self.heatmap = w.HTML(layout=w.Layout(width="100%"))
        self.heatmap.add_class("aipm-heatmap")
        self.distribution = w.Image(format="png")
        self.distribution.add_class("aipm-distribution")
        self.performance = w.Image(format="png")
        self.performance.add_class("aipm-performance")
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.table.add_class("aipm-table")
        self.download = w.HTML()
        self.download.add_class("aipm-download")

        for control in (self.granularity, self.ref_start, self.ref_end, self.current, self.stat,
                        self.threshold, self.feature, *self.feature_toggles.values()):
            control.observe(self._changed, names="value")
        self.export.on_click(self._export)

        def row(children, cls="aipm-row"):
            box = w.HBox(children, layout=w.Layout(flex_flow="row wrap", width="100%"))
            box.add_class(cls)
            return box

        label = w.HTML("<span style='font-size:13px'>Features</span>")
        self.controls = w.VBox([
            row([w.HTML("<span style='font-size:13px'>Window</span>"), self.granularity, self.stat,
                 self.threshold, self.export, self.download]),
            row([self.ref_start, self.ref_end, self.current, self.feature]),
            row([label, self.features]),
        ])
        self.controls.add_class("aipm-controls")
        figures = row([self.distribution, self.performance], "aipm-figures")
        self.box = w.VBox([w.HTML(_CSS), self.controls, self.message, self.status, self.heatmap, figures,
                           self.table], layout=w.Layout(width="100%"))
        self.box.add_class("aipm-dashboard")
        self.render()

    def _changed(self, change):
        if self._busy:
            return
        t0 = time.perf_counter()
        owner = change["owner"]
        changes = {}
        if owner is self.granularity:
            changes["granularity"] = self.granularity.value
        elif owner in (self.ref_start, self.ref_end):
            changes["reference"] = (self.ref_start.value, self.ref_end.value)
        elif owner is self.current:
            changes["current"] = self.current.value
        elif owner is self.stat:
            changes["stat"] = self.stat.value
        elif owner is self.threshold:
            changes["threshold"] = self.threshold.value
        elif owner is self.feature:
            changes["feature"] = self.feature.value
        else:  # a feature toggle
            changes["features"] = tuple(f for f, b in self.feature_toggles.items() if b.value)
        try:
            self.dash.update(**changes)
        except Exception as exc:  # the widget never shows a traceback
            self.dash.message = f"{type(exc).__name__}: {exc}"
        self.render(started=t0)

    def _sync_controls(self):
        s = self.dash.state
        self._busy = True
        try:
            periods = list(self.dash.periods())
            if list(self.ref_start.options) != periods:
                for d in (self.ref_start, self.ref_end, self.current):
                    d.options = periods
            self.ref_start.value, self.ref_end.value = s["reference"][0], s["reference"][-1]
            self.current.value = s["current"]
            self.stat.value = s["stat"]
            self.threshold.value = s["threshold"]
            for f, button in self.feature_toggles.items():
                button.value = f in s["features"]
                button.button_style = "info" if button.value else ""  # on is blue, not a shade of grey
            self.feature.value = s["feature"]
            self.granularity.value = s["granularity"]
        finally:
            self._busy = False

    def draw(self, name: str) -> None:
        """Redraw view ``name`` from the dashboard's current view."""
        dash = self.dash
        if name == "heatmap":
            self.heatmap.value = dash.heatmap_html()
        elif name == "table":
            self.table.value = dash.table_html()
        elif name == "distribution":
            self.distribution.value = self.panels[name].update(**dash._distribution_args()).png()
        elif name == "performance":
            args = dash._performance_args()
            if args is None:
                self.performance.layout.display = "none"
                return
            panel = self.panels[name].update(**args)
            dash._draw_intervals(panel.ax, args["performance"])
            self.performance.value = panel.png()
        else:
            raise ValueError(f"name must be one of {list(VIEWS)}, got {name!r}")

    def render(self, started: float | None = None) -> list[str]:
        """Redraw the views whose inputs changed; returns their names."""
        dash = self.dash
        t0 = time.perf_counter()
        if dash.message:
            self.message.value = (f"<div style='color:#D55E00;font-weight:bold' class='aipm-error'>"
                                  f"⚠ {html.escape(dash.message)} (the views below are the last valid ones)</div>")
            return []
        self.message.value = ""
        self._sync_controls()
        redrawn = []
        for name in VIEWS:
            key = dash._key(name)
            if self.drawn.get(name) != key:
                self.draw(name)
                self.drawn[name] = key
                redrawn.append(name)
        done = time.perf_counter()
        total = (done - (started if started is not None else t0)) * 1000
        self.timings = {"recompute_ms": dash.view.seconds * 1000, "draw_ms": (done - t0) * 1000,
                        "total_ms": total}
        self.status.value = (f"<span class='aipm-timing'>updated in {total:.0f} ms "
                             f"(recomputed in {dash.view.seconds * 1000:.0f} ms; redrawn: "
                             f"{', '.join(redrawn) or 'nothing'}) · {html.escape(dash._window_sizes_text())}</span>")
        return redrawn

    def shown(self) -> dict:
        """What each view shows, read back from the widgets and the figures' artists."""
        out = {"heatmap": self.heatmap.value, "table": self.table.value,
               "distribution": self.panels["distribution"].shown()}
        if self.dash.performance:
            out["performance"] = self.panels["performance"].shown()
        return out

    def _export(self, _button):
        try:
            page = self.dash.to_html()
        except Exception as exc:  # pragma: no cover - shown, never raised
            self.download.value = f"<span style='color:#D55E00'>export failed: {html.escape(str(exc))}</span>"
            return
        data = base64.b64encode(page.encode("utf-8")).decode("ascii")
        self.download.value = (f"<a download='drift_view.html' class='aipm-export-link' "
                               f"href='data:text/html;base64,{data}'>save drift_view.html</a>")


# --------------------------------------------------------------------------------------------------
# the flights dashboard: the 2013 NYC flights scored by a model trained on the first quarter

#: What the flights model reads, and what the dashboard watches (the model's inputs and two more).
FLIGHT_FEATURES = ("dep_delay", "sched_dep_hour", "distance", "carrier", "origin")
FLIGHT_MONITORED = FLIGHT_FEATURES + ("air_time", "dest")
FLIGHT_UNITS = {"dep_delay": "minutes late at departure", "sched_dep_hour": "scheduled hour, local",
                "distance": "miles", "air_time": "minutes in the air", "carrier": "airline",
                "origin": "New York airport", "dest": "destination airport"}


@dataclass(frozen=True)
class ScoredFlights:
    """The 2013 NYC flights, the model trained on the first months, and its scores.

    ``flights`` holds every scheduled flight (a seeded quarter of them when
    ``fast``); ``flown`` the flights that landed with an arrival time, with
    ``late`` (arrived more than ``late_minutes`` after schedule) and ``score``
    (the model's P(late)); ``train`` the sample the model was fitted on.
    """

    flights: pd.DataFrame
    flown: pd.DataFrame
    train: pd.DataFrame
    model: Any
    features: tuple[str, ...]
    monitored: tuple[str, ...]
    reference: tuple[str, str]
    train_rows: int
    fast: bool

    def __repr__(self) -> str:
        return (f"ScoredFlights({len(self.flown):,} landed flights of {len(self.flights):,}; logistic model "
                f"trained on {len(self.train):,} flights of {self.reference[0]}..{self.reference[1]}"
                f"{'; fast sample' if self.fast else ''})")

    def dashboard(self, **options) -> DriftDashboard:
        """A :class:`DriftDashboard` on these flights (``options`` as DriftDashboard's keywords)."""
        options = {"features": list(self.monitored), "time_col": "date", "label_col": "late",
                   "score_col": "score", "reference": self.reference, "units": FLIGHT_UNITS,
                   "model_features": [f for f in self.features if f in self.monitored],
                   # performance on the flights the model was not fitted on (its training sample would flatter it)
                   "performance_frame": self.flown.drop(index=self.train.index), **options}
        return DriftDashboard(self.flown, **options)


def scored_flights(*, fast: bool = False, seed: int = 42, train_months: int = 3, late_minutes: float = 15,
                   train_rows: int = 20_000) -> ScoredFlights:
    """Load the 2013 NYC flights and score them with the kit's logistic regression.

    The model (:func:`aipm_kit.models.fit_tabular_classifier`, ``kind="logistic"``)
    reads :data:`FLIGHT_FEATURES` and is fitted on ``train_rows`` flights
    sampled (``seed``) from January up to month ``train_months``, then scores
    every landed flight of the year. ``fast=True`` keeps a seeded quarter of
    the flights and at most 5,000 training rows. Cancelled flights and
    flights without an arrival time have no label and are left out of ``flown``.
    """
    from . import data, models

    if not isinstance(train_months, (int, np.integer)) or isinstance(train_months, bool) or not 1 <= train_months <= 11:
        raise ValueError(f"train_months must be a whole month from 1 to 11 (later months are scored), "
                         f"got {train_months!r}")
    if not isinstance(train_rows, (int, np.integer)) or isinstance(train_rows, bool) or train_rows < 100:
        raise ValueError(f"train_rows must be a whole number of at least 100, got {train_rows!r}")
    flights = data.load_flights()
    if fast:  # a seeded quarter of the flights and a smaller training sample
        flights = flights.sample(frac=0.25, random_state=seed).sort_values("time_hour_utc")
        train_rows = min(train_rows, 5_000)
    flown = flights[~flights["cancelled"] & flights["arr_delay"].notna()].copy()
    flown["late"] = flown["arr_delay"] > late_minutes
    features = list(FLIGHT_FEATURES)
    train_pool = flown[flown["month"] <= train_months]
    train = train_pool.sample(n=min(train_rows, len(train_pool)), random_state=seed)
    model = models.fit_tabular_classifier(train[features], train["late"], kind="logistic", seed=seed)
    flown["score"] = model.predict_proba(flown[features])[:, 1]
    return ScoredFlights(flights, flown, train, model, FLIGHT_FEATURES, FLIGHT_MONITORED,
                         ("2013-01", f"2013-{train_months:02d}"), int(train_rows), bool(fast))


def flights_dashboard(*, fast: bool | None = None, seed: int = 42, train_months: int = 3,
                      late_minutes: float = 15, train_rows: int = 20_000, **options) -> DriftDashboard:
    """The drift dashboard on the 2013 NYC flights (what ``aipm dashboard`` serves).

    ``fast=None`` reads ``AIPM_FAST=1`` from the environment (``aipm dashboard
    --fast``). ``options`` go to :class:`DriftDashboard` (``current``, ``stat``,
    ``threshold``, ``score_threshold``, ...); the default view compares each
    month with the training months on PSI at the 0.1 alert line.
    """
    import os

    if fast is None:
        fast = os.environ.get("AIPM_FAST") == "1"
    scored = scored_flights(fast=fast, seed=seed, train_months=train_months, late_minutes=late_minutes,
                            train_rows=train_rows)
    options.setdefault("stat", "psi")
    if options["stat"] == "psi":
        options.setdefault("threshold", drift.PSI_MODERATE)  # watch from a moderate shift on
    dash = scored.dashboard(**options)
    if fast:
        dash.sample_note = "a seeded quarter of the flights (--fast): numbers differ from notebook 12's"
    return dash


# --------------------------------------------------------------------------------------------------
# the `aipm dashboard` command

_TEMPLATE = "aipm-dashboard"
#: The only JupyterLab extensions the page loads: the widget managers (Voilà's and ipywidgets'). Others
#: installed beside the kit (jupytext's, for one) expect JupyterLab's document manager and log errors
#: in a Voilà page.
_PAGE_EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager")


def dashboard_notebook() -> Path:
    """Path of the dashboard-only notebook Voilà serves (``notebooks/apps/drift_dashboard.ipynb``)."""
    root = Path(__file__).resolve().parent.parent
    path = root / "notebooks" / "apps" / "drift_dashboard.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"the dashboard notebook {path} is missing (it ships with the repository, "
                                "not with the package: run `aipm dashboard` from a clone)")
    return path


def template_root() -> Path:
    """The folder to put on ``JUPYTER_PATH`` so Voilà finds the kit's page template.

    The template (``voila/templates/aipm-dashboard``) is Voilà's ``lab`` page
    without its two style sheets from a CDN (Font Awesome): the dashboard
    makes no request beyond its own server.
    """
    return Path(__file__).resolve().parent / "templates" / "jupyter"


def check_address(host: str, port) -> tuple[str, int]:
    """Validate ``--host`` and ``--port``; raises ValueError naming the argument."""
    import ipaddress
    import re

    if isinstance(port, bool) or not isinstance(port, (int, np.integer)):
        raise ValueError(f"--port must be a whole number from 1 to 65535, got {port!r}")
    if not 1 <= int(port) <= 65535:
        raise ValueError(f"--port must be from 1 to 65535, got {port}")
    if not isinstance(host, str) or not host:
        raise ValueError(f"--host must be an IP address or a host name, got {host!r}")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        label = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
        if len(host) > 253 or not re.fullmatch(rf"{label}(\.{label})*", host):
            raise ValueError(f"--host must be an IP address or a host name (like 127.0.0.1 or localhost), "
                             f"got {host!r}") from None
    return host, int(port)


def dashboard_url(host: str, port: int) -> str:
    """The URL Voilà serves on for ``host`` and ``port``."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def voila_command(notebook: Path | None = None, *, port: int = 8866, host: str = "127.0.0.1",
                  open_browser: bool = True) -> list[str]:
    """The Voilà command line that serves the dashboard (run it with :func:`voila_env`)."""
    import sys

    host, port = check_address(host, port)
    notebook = Path(notebook) if notebook else dashboard_notebook()
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={host}",
           "--Voila.port_retries=0", f"--template={_TEMPLATE}", "--theme=light", "--show_tracebacks=False",
           *(f"--VoilaConfiguration.extension_allowlist={name}" for name in _PAGE_EXTENSIONS)]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def voila_env(*, fast: bool = False, base: dict | None = None) -> dict:
    """The environment for :func:`voila_command`: the kit's template on ``JUPYTER_PATH``, and ``AIPM_FAST``."""
    import os

    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(template_root()), env.get("JUPYTER_PATH")) if p)
    if fast:
        env["AIPM_FAST"] = "1"
    return env


def _port_free(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def launch_dashboard(*, port: int = 8866, host: str = "127.0.0.1", open_browser: bool = True,
                     fast: bool = False) -> int:
    """Serve the drift dashboard with Voilà until interrupted; returns Voilà's exit code.

    ``fast=True`` sets ``AIPM_FAST=1`` for the kernel: a seeded quarter of the
    flights, so the page opens sooner. The URL is printed once Voilà listens
    on it (Voilà is told not to move to another port). Ctrl+C or SIGTERM
    stops Voilà and its kernels too.
    """
    import importlib.util
    import signal
    import socket
    import subprocess
    import threading

    host, port = check_address(host, port)
    if importlib.util.find_spec("voila") is None:
        raise FileNotFoundError("Voilà is not installed: pip install voila")
    if not _port_free(host, port):
        raise ValueError(f"--port {port} on {host} is in use or cannot be bound: choose another --port (or --host)")
    cmd = voila_command(port=port, host=host, open_browser=open_browser)
    main_thread = threading.current_thread() is threading.main_thread()

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
    proc = subprocess.Popen(cmd, cwd=str(dashboard_notebook().parent), env=voila_env(fast=fast))
    try:
        connect_host = "127.0.0.1" if host == "0.0.0.0" else "::1" if host == "::" else host
        while proc.poll() is None:
            try:
                with socket.create_connection((connect_host, port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        if proc.poll() is None:
            print(f"serving the drift dashboard on {dashboard_url(host, port)} (Ctrl+C to stop)", flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def register_cli(subparsers) -> None:
    """Add ``aipm dashboard``: serve the drift dashboard with Voilà."""
    p = subparsers.add_parser("dashboard", help="serve the drift dashboard with Voilà",
                              description="Serve the drift dashboard (the 2013 NYC flights, notebook 12's "
                                          "model) as a web app with Voilà, on this machine only by default.")
    p.add_argument("--port", type=int, default=8866, help="port to listen on, 1-65535 (default 8866)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--fast", action="store_true",
                   help="use a seeded quarter of the flights (opens sooner)")
    p.add_argument("--print-command", action="store_true", help="print the Voilà command and exit")

    def run(args) -> int:
        if args.print_command:
            import shlex

            cmd = voila_command(port=args.port, host=args.host, open_browser=not args.no_browser)
            env = voila_env(fast=args.fast, base={})
            print(" ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(cmd))
            return 0
        return launch_dashboard(port=args.port, host=args.host, open_browser=not args.no_browser,
                                fast=args.fast)

    p.set_defaults(func=run)
