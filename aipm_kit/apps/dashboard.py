"""The drift dashboard: inputs drifting over time beside the model they feed, recomputed in milliseconds.

:class:`DriftDashboard` holds the dashboard's state (its windows, statistic, threshold and features),
recomputes a :class:`~aipm_kit.apps.dashboard_view.DashboardView` from counts prepared once, judges
PSI on its 95% interval, and gives the ranked table, the HTML export and the live widget. Bad input
sets :attr:`DriftDashboard.message` instead of raising. Its figures come from
:class:`~aipm_kit.apps.dashboard_figures._DashboardFigures`, its live controls from
:mod:`aipm_kit.apps.dashboard_widget`.
"""

from __future__ import annotations

import html
import time
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import drift
from ..periods import performance_by_period
from .dashboard_figures import _DashboardFigures
from .dashboard_view import _MEASURE, GRANULARITIES, PSI_RESAMPLES, DashboardView
from .dashboard_widget import _DashboardWidget

#: The reference window when none is given: the first quarter of the 2013 NYC flights (the months
#: :func:`~aipm_kit.apps.flights.scored_flights` trains the flights model on by default). These are the
#: flights data's months: a dashboard on other data should pass its own ``reference``.
DEFAULT_REFERENCE = ("2013-01", "2013-03")


class DriftDashboard(_DashboardFigures):
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

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        features: Sequence[str],
        time_col: str = "date",
        label_col: str | None = None,
        score_col: str | None = None,
        reference=DEFAULT_REFERENCE,
        current: str | None = None,
        stat: str = "psi",
        threshold: float | None = None,
        granularity: str = "month",
        score_threshold: float = 0.5,
        metric: str = "auc",
        units: dict | None = None,
        model_features: Sequence[str] | None = None,
        performance_frame: pd.DataFrame | None = None,
        interval_unit: str = "row",
        day_intervals: dict | None = None,
        performance_intervals: dict | None = None,
    ):
        from .._checks import check_columns

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
        self.histograms = {
            g: drift.PeriodHistograms.from_frame(frame, time_col=time_col, freq=f, columns=list(self.all_features))
            for g, f in GRANULARITIES.items()
        }
        #: How a PSI interval resamples: ``"row"`` redraws rows one by one (:func:`drift.psi_interval`);
        #: ``"day"`` redraws whole days (:func:`drift.psi_day_interval_table`), for rows of one day that share
        #: a cause, the same interval a notebook gets from that function.
        self.interval_unit = interval_unit
        #: Optional precomputed day-resampled intervals (``{"low", "high"}`` tables, feature x month, and
        #: ``"reference"``: the month labels they were computed against), reused as they are for those cells so
        #: that a notebook and its dashboard show one interval per cell.
        self._day_intervals = day_intervals if interval_unit == "day" else None
        if interval_unit == "day":
            self._daily = drift.PeriodHistograms.from_frame(
                frame, time_col=time_col, freq="D", columns=list(self.all_features)
            )
            day_times = pd.to_datetime(pd.Series(self._daily.periods))
            self._days_of = {
                g: pd.Series(self._daily.periods)
                .groupby(drift.period_labels(day_times, f).to_numpy())
                .apply(list)
                .to_dict()
                for g, f in GRANULARITIES.items()
            }
        self.performance = {}
        if performance_frame is not None and not isinstance(performance_frame, pd.DataFrame):
            raise TypeError(f"performance_frame must be a DataFrame, got {type(performance_frame).__name__}")
        perf_frame = frame if performance_frame is None else performance_frame
        if label_col is not None and score_col is not None:
            for g, f in GRANULARITIES.items():
                perf = performance_by_period(
                    perf_frame,
                    time_col=time_col,
                    label_col=label_col,
                    score_col=score_col,
                    freq=f,
                    threshold=score_threshold,
                )
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
            "granularity": "month",
            "reference": self._month_window(reference),
            "current": current or months[-1],
            "features": self.all_features,
            "stat": "psi",
            "threshold": None,
            "feature": self.all_features[0],
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
    def update(self, **changes) -> DriftDashboard:
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
                self.message = f"granularity must be one of {list(GRANULARITIES)}, got {changes['granularity']!r}"
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
            raise ValueError(f"feature(s) {missing} are not monitored here; choose from {list(self.all_features)}")
        applicable = [f for f in features if (info.numeric if hist.features[f].numeric else info.categorical)]
        if not applicable:
            raise ValueError(
                f"{info.label} needs numbers and every selected feature is a category: "
                "choose PSI, Jensen-Shannon or chi-square, or add a numeric feature"
            )
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
        table = hist.drift_table(ref_labels, stat, columns=applicable, threshold=threshold, measure=_MEASURE[stat])
        skipped = [f for f in features if f not in applicable]
        table.attrs["skipped"] = skipped
        ranked_rows = []
        day_ci = None
        if stat == "psi" and self.interval_unit == "day":  # whole days resampled, every feature at once
            days = self._days_of[granularity]
            given = self._day_intervals
            if (
                given is not None
                and granularity == "month"
                and tuple(ref_labels) == tuple(given["reference"])
                and current in given["low"].columns
                and set(applicable) <= set(given["low"].index)
            ):
                day_ci = given
                if threshold is not None:
                    # the given intervals cover the whole table: outline only later cells wholly over the line (as
                    # the verdicts do), and mark later periods where a model input's interval reaches the line
                    later = [p for p in table.columns if p not in set(ref_labels) and p in given["low"].columns]
                    low_t, high_t = given["low"], given["high"]
                    table.attrs["drifted"] = {f: [p for p in later if low_t.loc[f, p] >= threshold] for f in applicable}
                    table.attrs["not_yet"] = {
                        f: [p for p in later if low_t.loc[f, p] < threshold <= high_t.loc[f, p]] for f in applicable
                    }
                    table.attrs["later_cells"] = len(applicable) * len(later)
                    table.attrs["reaching"] = [
                        p
                        for p in later
                        if any(high_t.loc[f, p] >= threshold for f in applicable if f in self.model_features)
                    ]
            else:
                day_ci = drift.psi_day_interval_table(
                    self._daily,
                    [d for p in ref_labels for d in days.get(p, [])],
                    {current: days.get(current, [])},
                    columns=applicable,
                    seed=0,
                )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", drift.DriftWarning)
            for f in applicable:
                r = hist.compare(
                    f, ref_labels, current, stat, threshold=threshold, **({"p_method": "limit"} if stat == "ks" else {})
                )
                ranked_rows.append(
                    {
                        "feature": f,
                        "value": r.value,
                        "effect_size": r.effect_size,
                        "p_value": r.p_value,
                        "threshold": r.threshold,
                        "drifted": r.drifted,
                        "rule": r.rule,
                        "reference_rows": r.n_reference,
                        "current_rows": r.n_current,
                        "periods_flagged": len(table.attrs["drifted"].get(f, [])),
                        "unseen": ", ".join(map(str, r.unseen)),
                        **(
                            self._psi_verdict(hist, f, ref_labels, current, r.value, threshold, stat)
                            if day_ci is None
                            else self._day_verdict(day_ci, f, current, threshold)
                        ),
                    }
                )
        ranked = pd.DataFrame(ranked_rows)
        if stat == "psi":  # decided on the interval: only a whole interval over the line is drift
            ranked["drifted"] = ranked["verdict"] == "over"
        else:  # a statistic without an interval here keeps its own rule
            ranked["verdict"] = ranked["drifted"].map({True: "over", False: "under"})
        ranked["_order"] = ranked["verdict"].map({"over": 0, "not yet": 1}).fillna(2)
        key = "p_value" if info.on == "p_value" else "value"
        ranked = (
            ranked.sort_values(["_order", key], ascending=[True, info.on == "p_value"], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )
        flagged = table.attrs["drifted"]
        alerts = (
            tuple(table.attrs["reaching"])
            if "reaching" in table.attrs
            else tuple(p for p in table.columns if any(p in v for f, v in flagged.items() if f in self.model_features))
        )
        feature = state["feature"] if state["feature"] in self.all_features else applicable[0]
        state["feature"] = feature
        return DashboardView(
            granularity,
            ref_labels,
            current,
            tuple(features),
            stat,
            threshold,
            table,
            ranked,
            alerts,
            time.perf_counter() - t0,
        )

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

    # -- figures and the HTML export: inherited from _DashboardFigures (dashboard_figures.py) ---------

    # -- tables ----------------------------------------------------------------------------------
    def ranked_table(self) -> pd.DataFrame:
        """The current window's features, drifted first, with the numbers behind each verdict."""
        return self.view.ranked.copy()

    def table_html(self) -> str:
        v = self.view
        ranked = v.ranked
        shown = ranked[
            ["feature", "value", "p_value", "threshold", "drifted", "reference_rows", "current_rows", "periods_flagged"]
        ].copy()
        for c in ("value", "threshold"):
            shown[c] = shown[c].map(lambda x: f"{x:.3f}" if abs(x) < 100 else f"{x:,.0f}")  # one precision
        shown["p_value"] = shown["p_value"].map(lambda x: "" if x is None or pd.isna(x) else f"{x:.2g}")
        no_p = (shown["p_value"] == "").all()  # a distance has no p-value: hide the empty column
        shown["drifted"] = shown["drifted"].map({True: "DRIFT", False: "ok"})
        for c in ("reference_rows", "current_rows"):
            shown[c] = shown[c].map(lambda x: f"{x:,}")
        label = drift.STATISTICS[v.stat].label
        shown.columns = [
            "feature",
            label if _MEASURE[v.stat] == "value" else f"{label} statistic",
            "p-value",
            "alert threshold",
            "verdict",
            "reference rows",
            "current rows",
            f"{v.granularity}s flagged",
        ]
        if no_p:
            shown = shown.drop(columns="p-value")
        caption = (
            f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
            f"{int(ranked['drifted'].sum())} of {len(ranked)} features drifted"
        )
        if v.stat == "psi":  # the verdict is the 95% interval's: over, not yet or under the line
            shown.insert(2, "95% interval", [f"{lo:.3f} to {hi:.3f}" for lo, hi in zip(ranked["low"], ranked["high"])])
            shown["verdict"] = ranked["verdict"].tolist()
            wholly = "later_cells" in v.table.attrs  # given intervals: the count is of periods wholly over the line
            shown = shown.rename(
                columns={
                    f"{v.granularity}s flagged": f"{v.granularity}s "
                    + ("wholly over the line" if wholly else "with a point over the line")
                }
            )
            not_yet = int((ranked["verdict"] == "not yet").sum())
            caption = (
                f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
                f"{int(ranked['drifted'].sum())} of {len(ranked)} features wholly over the alert line on "
                f"their 95% interval, {not_yet} not yet (the interval straddles the line)"
            )
        body = shown.to_html(index=False, border=0, escape=True)
        opening = body[: body.index(">") + 1]  # the <table ...> tag, whatever pandas puts in it
        body = body.replace(
            opening,
            f'<table class="aipm-drift-table" data-stat="{v.stat}" '
            f'data-reference="{html.escape(self._ref_text())}" data-current="{v.current}">'
            f"<caption>{html.escape(caption)}</caption>",
            1,
        )
        skipped = v.table.attrs.get("skipped") or []
        note = (
            f"<p class='aipm-note'>{label} does not apply to categories: {', '.join(skipped)} left out.</p>"
            if skipped
            else ""
        )
        return body + note

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
        from ..liveview import LiveView

        return LiveView(self.widget(), self.png("heatmap"), f"The drift dashboard ({self.view.sentence()}).")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a live kernel: the widget. Saved without a kernel: a line saying so, not a widget repr."""
        data = dict(self.widget()._repr_mimebundle_() or {})
        data["text/plain"] = (
            f"Live drift dashboard ({self.view.sentence()}). Its controls need a running "
            "kernel (JupyterLab, or `aipm dashboard`); the static view follows."
        )
        return data
