"""The drift dashboard: inputs drifting over time beside the model they feed.

:class:`DriftDashboard` holds everything the dashboard shows and recomputes
it from counts prepared once (:class:`aipm_kit.drift.PeriodHistograms` per
month and per week, and the model's performance per period), so a change of
window, statistic or threshold costs milliseconds, not a pass over the rows.
It works without ipywidgets (:meth:`DriftDashboard.update`,
:meth:`DriftDashboard.figures`, :meth:`DriftDashboard.to_html`), which is what
the notebook's static figures and the tests use; :meth:`DriftDashboard.widget`
wraps it in ipywidgets controls for a live kernel or Voilà.

``aipm dashboard`` serves notebook 12 with Voilà (see :func:`register_cli`).

Bad input never reaches the user as a traceback: an empty window, a feature
with no values in a window, or a threshold outside the statistic's range sets
:attr:`DriftDashboard.message` and the widget shows it in place of the stale
view.
"""

from __future__ import annotations

import base64
import html
import io
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import drift

__all__ = ["GRANULARITIES", "DashboardView", "DriftDashboard", "performance_by_period", "register_cli",
           "dashboard_notebook", "launch_dashboard"]

#: The dashboard's window sizes and the calendar frequency behind each.
GRANULARITIES = {"month": "MS", "week": "W"}

_STAT_OPTIONS = [("PSI", "psi"), ("KS", "ks"), ("Jensen-Shannon", "jensen_shannon"),
                 ("Wasserstein", "wasserstein"), ("Chi-square", "chi_square")]

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
    alerts: tuple[str, ...]    # periods where any selected feature drifted
    seconds: float             # time to recompute the view (no drawing)

    def __repr__(self) -> str:
        ref = self.reference[0] if len(self.reference) == 1 else f"{self.reference[0]}..{self.reference[-1]}"
        drifted = list(self.ranked.loc[self.ranked["drifted"], "feature"])
        return (f"DashboardView({drift.STATISTICS[self.stat].label} by {self.granularity}, reference {ref}, "
                f"current {self.current}: drifted {drifted}; {len(self.alerts)} alert periods)")

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
                 metric: str = "auc"):
        from ._checks import check_columns

        if isinstance(features, str):
            features = [features]
        self.all_features = tuple(features)
        if not self.all_features:
            raise ValueError("features is empty: name at least one column to monitor")
        check_columns(frame, [time_col, *self.all_features], name="frame")
        self.time_col = time_col
        self.histograms = {g: drift.PeriodHistograms.from_frame(frame, time_col=time_col, freq=f,
                                                                 columns=list(self.all_features))
                           for g, f in GRANULARITIES.items()}
        self.performance = {}
        if label_col is not None and score_col is not None:
            for g, f in GRANULARITIES.items():
                perf = performance_by_period(frame, time_col=time_col, label_col=label_col,
                                             score_col=score_col, freq=f, threshold=score_threshold)
                self.performance[g] = perf
        if self.performance and metric not in next(iter(self.performance.values())).columns:
            raise ValueError(f"metric must be a column of performance_by_period, got {metric!r}")
        self.metric = metric
        months = self.histograms["month"].periods
        self.message = ""
        self._widget = None
        self._png_cache: dict = {}
        self._view: DashboardView | None = None
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
            new["threshold"] = None
        new.update(changes)
        try:
            view = self._compute(new)
        except (ValueError, TypeError, KeyError) as exc:
            self.message = str(exc).strip("'\"")
            return self
        self.state = new
        self.state["threshold"] = view.threshold
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
                })
        ranked = pd.DataFrame(ranked_rows)
        key = "p_value" if info.on == "p_value" else "value"
        ranked = ranked.sort_values(["drifted", key], ascending=[False, info.on == "p_value"],
                                    kind="stable").reset_index(drop=True)
        flagged = table.attrs["drifted"]
        alerts = tuple(p for p in table.columns if any(p in v for v in flagged.values()))
        feature = state["feature"] if state["feature"] in self.all_features else applicable[0]
        state["feature"] = feature
        return DashboardView(granularity, ref_labels, current, tuple(features), stat, threshold, table,
                             ranked, alerts, time.perf_counter() - t0)

    @property
    def view(self) -> DashboardView:
        return self._view

    # -- figures ------------------------------------------------------------------------------
    def heatmap_figure(self):
        from . import plots

        v = self.view
        table = v.table
        n = sum(len(x) for x in table.attrs["drifted"].values())
        worst = table.stack().idxmax() if table.notna().any().any() else None
        takeaway = None
        if worst is not None:
            takeaway = (f"largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); outlined cells "
                        f"break the rule {table.attrs['rule_text']}")
        ax = plots.drift_heatmap(table, title=(
            f"{n} of {table.size} feature-{v.granularity}s drift from {self._ref_text()} "
            f"({drift.STATISTICS[v.stat].label})"), takeaway=takeaway)
        return ax.figure

    def distribution_figure(self):
        from . import plots

        v = self.view
        feature = self.state["feature"]
        hist = self.histograms[v.granularity]
        ref = hist.shares(feature, list(v.reference))
        cur = hist.shares(feature, v.current)
        row = v.ranked.loc[v.ranked["feature"] == feature]
        if len(row):
            r = row.iloc[0]
            verdict = "drifts" if r["drifted"] else "holds steady"
            title = (f"{feature} {verdict} in {v.current}: {drift.STATISTICS[v.stat].label} "
                     f"{r['value']:.3g} ({r['rule']})")
        else:
            title = f"{feature} in {v.current} against {self._ref_text()}"
        ax = plots.distribution_overlay(ref, cur, numeric=hist.features[feature].numeric, feature=feature,
                                        reference_label=f"reference {self._ref_text()}",
                                        current_label=f"current {v.current}", title=title)
        return ax.figure

    def performance_figure(self):
        from . import plots

        v = self.view
        if not self.performance:
            return None
        perf = self.performance[v.granularity]
        metric = self.metric
        ref_values = perf.loc[[p for p in v.reference if p in perf.index], metric]
        worst = perf[metric].idxmin()
        labels = {"auc": "AUC (ranking quality, 0.5 = chance)", "brier": "Brier score (lower is better)",
                  "recall": "recall (share of late flights flagged)", "precision": "precision (share)"}
        ax = plots.performance_over_time(
            perf, metric=metric, alerts=v.alerts, reference=v.reference,
            title=(f"{metric.upper() if metric == 'auc' else metric.capitalize()} ranges "
                   f"{perf[metric].min():.3f}-{perf[metric].max():.3f}; lowest in {worst}"),
            ylabel=labels.get(metric, metric), max_ticks=14,
            takeaway=(f"reference mean {ref_values.mean():.3f}; triangles mark periods with a drift alert "
                      f"({len(v.alerts)} of {len(perf)})"))
        return ax.figure

    def _key(self, name: str) -> tuple:
        v = self.view
        base = (name, v.granularity, v.reference, v.stat, v.threshold, v.features)
        if name == "heatmap":
            return base
        if name == "distribution":
            return base + (v.current, self.state["feature"])
        return (name, v.granularity, v.reference, v.alerts, self.metric)

    def png(self, name: str) -> bytes | None:
        """The current view's figure ``name`` (heatmap, distribution, performance) as PNG bytes.

        Rendered once per view and cached, so the widget, the static display and
        the HTML export never draw the same figure twice.
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
            self._png_cache[key] = _png(fig)
        return self._png_cache[key]

    def show_static(self) -> None:
        """Display the current view as images and the ranked table (no widgets, no live kernel needed)."""
        from IPython.display import HTML, Image, display

        for name in ("heatmap", "distribution", "performance"):
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
            shown[c] = shown[c].map(lambda x: f"{x:.4g}")
        shown["p_value"] = shown["p_value"].map(lambda x: "" if x is None or pd.isna(x) else f"{x:.2g}")
        shown["drifted"] = shown["drifted"].map({True: "DRIFT", False: "ok"})
        for c in ("reference_rows", "current_rows"):
            shown[c] = shown[c].map(lambda x: f"{x:,}")
        label = drift.STATISTICS[v.stat].label
        caption = (f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
                   f"{int(ranked['drifted'].sum())} of {len(ranked)} features drifted")
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
        parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
                 "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                 "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
                 "caption{text-align:left;font-weight:bold;padding:4px}</style></head><body>",
                 f"<h1>{html.escape(title)}</h1>",
                 f"<p>{html.escape(repr(v))}. Threshold {v.threshold:g}. Windows: "
                 f"{self._window_sizes_text()}.</p>"]
        for name in ("heatmap", "distribution", "performance"):
            data = self.png(name)
            if data is not None:
                encoded = base64.b64encode(data).decode("ascii")
                parts.append(f"<h2>{name}</h2><img alt='{name}' src='data:image/png;base64,{encoded}'/>")
        parts.append("<h2>features ranked</h2>" + self.table_html() + "</body></html>")
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
        return f"reference {ref:,} rows, current {int(sizes.loc[self.view.current]):,} rows"

    # -- ipywidgets -------------------------------------------------------------------------------
    def widget(self):
        """The live dashboard (ipywidgets). Built once; later calls return the same widget."""
        if self._widget is None:
            self._controls = _DashboardWidget(self)
            self._widget = self._controls.box
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a live kernel: the widget. Saved without a kernel: a line saying so, not a widget repr."""
        data = dict(self.widget()._repr_mimebundle_() or {})
        data["text/plain"] = (f"<live drift dashboard: {self.view!r}. Its controls need a running kernel "
                              "(JupyterLab, or `aipm dashboard`); the static view follows.>")
        return data


def _png(fig, dpi: int = 80) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


class _DashboardWidget:
    """ipywidgets controls bound to a :class:`DriftDashboard`."""

    def __init__(self, dash: DriftDashboard):
        import ipywidgets as w

        self.dash = dash
        self._busy = False
        s = dash.state
        layout = w.Layout(width="auto")
        style = {"description_width": "initial"}
        periods = list(dash.periods())
        self.granularity = w.ToggleButtons(options=list(GRANULARITIES), value=s["granularity"],
                                           description="Window", style=style)
        self.ref_start = w.Dropdown(options=periods, value=s["reference"][0], description="Reference from",
                                    style=style)
        self.ref_end = w.Dropdown(options=periods, value=s["reference"][-1], description="to", style=style)
        self.current = w.Dropdown(options=periods, value=s["current"], description="Current", style=style)
        self.stat = w.Dropdown(options=_STAT_OPTIONS, value=s["stat"], description="Statistic", style=style)
        self.threshold = w.FloatText(value=s["threshold"], description="Alert threshold", step=0.01,
                                     style=style)
        self.features = w.SelectMultiple(options=list(dash.all_features), value=tuple(s["features"]),
                                         description="Features", rows=min(8, len(dash.all_features)),
                                         style=style)
        self.feature = w.Dropdown(options=list(dash.all_features), value=s["feature"],
                                  description="Distribution of", style=style)
        self.export = w.Button(description="Export HTML", icon="download", tooltip="static HTML of this view")
        for name in ("granularity", "ref_start", "ref_end", "current", "stat", "threshold", "features",
                     "feature", "export"):
            getattr(self, name).add_class(f"aipm-{name.replace('_', '-')}")
        self.message = w.HTML(layout=layout)
        self.message.add_class("aipm-message")
        self.status = w.HTML(layout=layout)
        self.status.add_class("aipm-status")
        self.heatmap = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.heatmap.add_class("aipm-heatmap")
        self.distribution = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.distribution.add_class("aipm-distribution")
        self.performance = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.performance.add_class("aipm-performance")
        self.table = w.HTML(layout=layout)
        self.table.add_class("aipm-table")
        self.download = w.HTML()
        self.download.add_class("aipm-download")

        for control in (self.granularity, self.ref_start, self.ref_end, self.current, self.stat,
                        self.threshold, self.features, self.feature):
            control.observe(self._changed, names="value")
        self.export.on_click(self._export)
        controls = w.VBox([
            self.granularity,
            w.HBox([self.ref_start, self.ref_end, self.current]),
            w.HBox([self.stat, self.threshold, self.feature]),
            w.HBox([self.features, w.VBox([self.export, self.download])]),
        ])
        self.box = w.VBox([controls, self.message, self.status, self.heatmap,
                           w.HBox([self.distribution, self.performance]), self.table])
        self.box.add_class("aipm-dashboard")
        self.render()

    def _changed(self, change):
        if self._busy:
            return
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
        elif owner is self.features:
            changes["features"] = tuple(self.features.value)
        elif owner is self.feature:
            changes["feature"] = self.feature.value
        try:
            self.dash.update(**changes)
        except Exception as exc:  # the widget never shows a traceback
            self.dash.message = f"{type(exc).__name__}: {exc}"
        self.render(redraw=set(changes) - {"feature"} or {"feature"})

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
            self.features.value = tuple(s["features"])
            self.feature.value = s["feature"]
            self.granularity.value = s["granularity"]
        finally:
            self._busy = False

    def render(self, redraw=None):
        dash = self.dash
        if dash.message:
            self.message.value = (f"<div style='color:#D55E00;font-weight:bold' class='aipm-error'>"
                                  f"⚠ {html.escape(dash.message)} (the view below is the last valid one)</div>")
            return
        self.message.value = ""
        t0 = time.perf_counter()
        self._sync_controls()
        only_distribution = redraw == {"feature"}
        if not only_distribution:
            self.heatmap.value = dash.png("heatmap")
            perf = dash.png("performance")
            if perf is not None:
                self.performance.value = perf
            self.table.value = dash.table_html()
        self.distribution.value = dash.png("distribution")
        self.status.value = (f"<span class='aipm-timing'>recomputed in {dash.view.seconds * 1000:.0f} ms, "
                             f"drawn in {(time.perf_counter() - t0) * 1000:.0f} ms · "
                             f"{dash._window_sizes_text()}</span>")

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
# the `aipm dashboard` command


def dashboard_notebook() -> Path:
    """Path of notebook 12, the dashboard Voilà serves."""
    root = Path(__file__).resolve().parent.parent
    path = root / "notebooks" / "12_portfolio_drift_dashboard.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"the dashboard notebook {path} is missing; build it with "
                                "`python scripts/build_notebooks.py 12`")
    return path


def voila_command(notebook: Path | None = None, *, port: int = 8866, host: str = "127.0.0.1",
                  open_browser: bool = True) -> list[str]:
    """The Voilà command line that serves the dashboard."""
    import sys

    notebook = Path(notebook) if notebook else dashboard_notebook()
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={host}",
           "--show_tracebacks=False", "--theme=light"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def launch_dashboard(*, port: int = 8866, host: str = "127.0.0.1", open_browser: bool = True,
                     fast: bool = False) -> int:
    """Serve notebook 12 with Voilà until interrupted; returns Voilà's exit code.

    ``fast=True`` sets ``AIPM_FAST=1`` for the kernel, which runs the notebook
    on a seeded quarter of the flights (its ``FAST`` mode) so the page opens sooner.
    """
    import importlib.util
    import os
    import subprocess

    if importlib.util.find_spec("voila") is None:
        raise FileNotFoundError("Voilà is not installed: pip install voila")
    cmd = voila_command(port=port, host=host, open_browser=open_browser)
    print(f"serving the drift dashboard on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    env = dict(os.environ, AIPM_FAST="1") if fast else None
    proc = subprocess.Popen(cmd, cwd=str(dashboard_notebook().parent), env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()


def register_cli(subparsers) -> None:
    """Add ``aipm dashboard``: serve the drift dashboard (notebook 12) with Voilà."""
    p = subparsers.add_parser("dashboard", help="serve the drift dashboard (notebook 12) with Voilà",
                              description="Serve notebook 12's drift dashboard as a web app with Voilà.")
    p.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--fast", action="store_true",
                   help="run the notebook on a quarter of the flights (opens sooner)")
    p.add_argument("--print-command", action="store_true", help="print the Voilà command and exit")

    def run(args) -> int:
        if args.print_command:
            print(" ".join(voila_command(port=args.port, host=args.host, open_browser=not args.no_browser)))
            return 0
        return launch_dashboard(port=args.port, host=args.host, open_browser=not args.no_browser,
                                fast=args.fast)

    p.set_defaults(func=run)
