"""The drift dashboard's state: :class:`DriftDashboard`, its windows and controls, and its live widget.

:class:`DriftDashboard` prepares the counts once (histograms per month and per week, the model's
performance per period), holds the choice of controls and applies a change with
:meth:`DriftDashboard.update`; the recomputation, the tables and the figures it inherits from the
mixins in :mod:`.recompute`, :mod:`.tables` and :mod:`aipm_kit.apps.dashboard_figures`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ... import drift
from ...periods import performance_by_period
from ..dashboard_figures import _DashboardFigures
from ..dashboard_view import GRANULARITIES, DashboardView
from ..dashboard_widget import _DashboardWidget
from .recompute import _DashboardRecompute
from .tables import _DashboardTables

#: The reference window when none is given: the first quarter of the 2013 NYC flights (the months
#: :func:`~aipm_kit.apps.flights.scored_flights` trains the flights model on by default). These are the
#: flights data's months: a dashboard on other data should pass its own ``reference``.
DEFAULT_REFERENCE = ("2013-01", "2013-03")


class DriftDashboard(_DashboardRecompute, _DashboardTables, _DashboardFigures):
    """Input drift, by feature and period, next to the model's performance.

    Parameters
    ----------
    frame : DataFrame
        One row per scored event, with ``time_col``, the ``features`` and,
        for the performance panel, ``label_col`` and ``score_col``.
    features : list of str
        The columns to monitor (numbers or categories); at least one, each a column of ``frame``.
    time_col : str, default "date"
        The events' time column.
    label_col, score_col : str, optional
        The true label and the model's score; with both, the performance panel is drawn (without, it is
        left out).
    reference : (start, end) or label, default DEFAULT_REFERENCE
        The reference window in month labels (``("2013-01", "2013-03")``);
        for weeks, the weeks starting inside it are used.
    current : str, optional
        The month whose distribution and ranking are shown (default: the
        last month).
    stat, threshold
        The statistic (``psi``, ``ks``, ``jensen_shannon``, ``wasserstein``,
        ``chi_square``; default ``psi``) and its alert threshold (default: the statistic's).
    granularity : {"month", "week"}, default "month"
        The window size shown first.
    score_threshold : float, default 0.5
        Where the model's score becomes a "late" flag, for precision and recall.
    metric : str, default "auc"
        The column of :func:`~aipm_kit.periods.performance_by_period` the performance panel draws.
    units : dict, optional
        Feature -> its unit, for the distribution's axis (``{"distance": "miles"}``).
    model_features : list of str, optional
        The features the model reads. When given, the performance panel marks only periods
        with an alert on one of them (drift elsewhere cannot change the predictions); the
        heatmap and the ranking still show every monitored feature.
    performance_frame : DataFrame, optional
        The rows the performance panel is measured on (default: ``frame``). Pass the rows the
        model was not fitted on, so that its training months are not flattered.
    interval_unit : {"row", "day"}, default "row"
        What a PSI interval resamples: rows one by one, or whole days (for rows of one day that share a cause).
    day_intervals : dict, optional
        With ``interval_unit="day"``: precomputed day-resampled intervals (``"low"`` and ``"high"`` tables,
        feature x month, and ``"reference"``, the month labels they were computed against), reused for those
        cells so that a notebook and its dashboard show one interval per cell.
    performance_intervals : dict, optional
        ``{granularity: DataFrame}`` indexed by period with ``low`` and ``high`` columns for ``metric``, and an
        optional ``"label"``; drawn as error bars on that granularity's performance view.

    Raises
    ------
    ValueError
        On a missing column, no feature, model features that are not monitored, an unknown metric or
        granularity key, or a first view that cannot be computed (the message says why).

    Examples
    --------
    Ten months of a numeric input that shifts from August on, and a category that does not:

    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> frame = pd.DataFrame({"date": pd.date_range("2013-01-01", periods=600, freq="12h"),
    ...                       "x": rng.normal(size=600), "carrier": rng.choice(["AA", "UA"], 600)})
    >>> frame.loc[frame["date"] >= "2013-08-01", "x"] += 1.0
    >>> dash = DriftDashboard(frame, features=["x", "carrier"])  # no label_col, score_col: no performance view
    >>> print(dash.view.sentence())
    PSI by month, reference 2013-01 to 2013-03, current 2013-10: x is wholly over the alert line on its 95%
    interval (1 not yet: carrier); 6 periods with a point over the line on a model input
    >>> dash.ranked_table()[["feature", "statistic", "low", "high", "verdict"]].round(3)
       feature  statistic    low   high  verdict
    0        x      1.371  0.507  2.724     over
    1  carrier      0.045  0.000  0.243  not yet
    >>> dash.update(stat="ks", current="2013-07").view
    DashboardView(KS by month, reference 2013-01..2013-03, current 2013-07: drifted []; 3 alert periods on
    model inputs)
    >>> dash.update(threshold=-1).message  # a bad choice is said, not raised; the view stays
    'threshold for KS is a p-value cut-off and must be in (0, 1), got -1.0'
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
        from ..._checks import check_columns

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

    # -- recomputation: update here; _compute and the verdicts in recompute.py, the tables in tables.py ------
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

    @property
    def view(self) -> DashboardView:
        return self._view

    # -- figures and the HTML export: inherited from _DashboardFigures (dashboard_figures.py) ---------

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
        from ...liveview import LiveView

        return LiveView(self.widget(), self.png("heatmap"), f"The drift dashboard ({self.view.sentence()}).")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a live kernel: the widget. Saved without a kernel: a line saying so, not a widget repr."""
        data = dict(self.widget()._repr_mimebundle_() or {})
        data["text/plain"] = (
            f"Live drift dashboard ({self.view.sentence()}). Its controls need a running "
            "kernel (JupyterLab, or `aipm dashboard`); the static view follows."
        )
        return data
