"""The drift dashboard's figures: each view described once and drawn as a figure, HTML or PNG.

:class:`_DashboardFigures` is the part of :class:`~aipm_kit.apps.dashboard.DriftDashboard` that
draws: the heatmap, the selected feature's distributions and the model's performance over time,
each described once (``_*_args``: the data, title and takeaway) and drawn as a fresh matplotlib
figure, a coloured HTML table or cached PNG bytes, plus the standalone HTML page of the current
view. It reads the dashboard's state (``view``, ``state``, ``histograms``, ``performance``...) and
its tables (``table_html``); :class:`DriftDashboard` inherits it.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd

from .. import drift
from ..liveview import figure_png
from ..palette import BLACK, INK, MUTED, RULE
from .dashboard_view import VIEWS


class _DashboardFigures:
    """The figures, the PNG cache and the HTML export of a :class:`~aipm_kit.apps.dashboard.DriftDashboard`."""

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
                takeaway = (
                    f"colour: the point PSI; largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); "
                    + (
                        f"solid outline: the whole 95% interval (whole days resampled) is {rule}; "
                        if n
                        else "no cell's 95% interval is wholly over the line; "
                    )
                    + (
                        "dashed inner box: the interval straddles the line (not yet)"
                        if n_not_yet
                        else "no cell's interval straddles the line"
                    )
                )
            finding = (
                f"{n} of {table.attrs['later_cells']} later feature-{v.granularity}s drifted"
                if n
                else f"No later feature-{v.granularity} is wholly over the line"
            )
            title = (
                f"{finding} on its 95% interval; {n_not_yet} not yet, against {self._ref_text()} (PSI, alert at {rule})"
            )
            return {"title": title, "takeaway": takeaway}
        if v.stat == "psi":  # a heatmap cell is a point; the verdict (on the interval) is in the ranked table
            if worst is not None:
                takeaway = (
                    f"largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); outlined: the point is "
                    f"{rule}, a lead, not a verdict (the ranked table gives the 95% interval)"
                )
            title = (
                f"{n} of {table.size} feature-{v.granularity}s have a point over the line against "
                f"{self._ref_text()} (PSI, alert at {rule})"
            )
            return {"title": title, "takeaway": takeaway}
        if worst is not None:
            takeaway = f"largest: {worst[0]} in {worst[1]} ({table.loc[worst]:.3g}); outlined cells alert ({rule})"
        title = (
            f"{n} of {table.size} feature-{v.granularity}s drift from {self._ref_text()} "
            f"({drift.STATISTICS[v.stat].label}, alert at {rule})"
        )
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
            title = (
                f"{feature} {verdict} in {when}: {drift.STATISTICS[v.stat].label} "
                f"{r['statistic']:.3g} (alert at {r['rule'].removeprefix('value ')})"
            )
            if v.stat == "psi":
                verdict = {
                    "over": "is over the alert line",
                    "not yet": "is not yet over the alert line",
                    "under": "stays under the alert line",
                }[r["verdict"]]
                title = (
                    f"{feature} {verdict} in {when}: PSI {r['statistic']:.3f}, 95% interval {r['low']:.3f} to "
                    f"{r['high']:.3f} (alert at {r['rule'].removeprefix('value ')})"
                )
        else:
            title = f"{feature} in {when} against {self._ref_text()}"
        return {
            "reference": hist.shares(feature, list(v.reference)),
            "current": hist.shares(feature, v.current),
            "numeric": hist.features[feature].numeric,
            "feature": feature,
            "reference_label": f"reference {self._ref_text()}",
            "current_label": f"current {v.current}",
            "unit": self.units.get(feature),
            "title": title,
        }

    def _performance_args(self) -> dict | None:
        v = self.view
        if not self.performance:
            return None
        perf = self.performance[v.granularity]
        metric = self.metric
        ref_values = perf.loc[[p for p in v.reference if p in perf.index], metric]
        worst = perf[metric].idxmin()
        labels = {
            "auc": "AUC (0.5 = chance)",
            "brier": "Brier score (lower is better)",
            "recall": "recall (share of late flights flagged)",
            "precision": "precision (share)",
        }
        shown = {"auc": "AUC", "brier": "Brier score"}.get(metric, metric)  # the legend names the metric
        extra = {}
        if "reaching" in v.table.attrs:  # judged on intervals: a triangle is an alert only when a cell is wholly over
            over = {p for f, ps in v.table.attrs.get("drifted", {}).items() if f in self.model_features for p in ps}
            extra["alert_label"] = "model input's 95% PSI interval reaches the line" + (
                "" if over & set(v.alerts) else " (not yet)"
            )
        return {
            **extra,
            "performance": perf.rename(columns={metric: shown}),
            "metric": shown,
            "alerts": v.alerts,
            "reference": v.reference,
            "current": v.current,
            "title": (
                f"{metric.upper() if metric == 'auc' else metric.capitalize()} ranges "
                f"{perf[metric].min():.3f}-{perf[metric].max():.3f}; lowest in {worst}"
            ),
            "ylabel": f"{labels.get(metric, metric)}; axis cut",
            "max_ticks": 14,
            "xlabel": "week starting (rows in thousands)" if v.granularity == "week" else None,
            "takeaway": f"reference periods {ref_values.min():.3f}-{ref_values.max():.3f}"
            + (
                (
                    f"; triangles: later periods where a model input's 95% PSI interval reaches the line "
                    f"({len(v.alerts)} of {len([p for p in perf.index if p not in set(v.reference)])})"
                    if v.alerts
                    else "; no later period had a model input's 95% PSI interval reach the line"
                )
                if "reaching" in v.table.attrs
                else (
                    f"; triangles: periods with a drift alert on a model input ({len(v.alerts)} of {len(perf)})"
                    if v.alerts
                    else "; no period had a drift alert on a model input"
                )
            ),
        }

    def heatmap_figure(self):
        """The feature x period heatmap as a fresh matplotlib figure."""
        from .. import plots

        table = self.view.table
        ax = plots.drift_heatmap(table, **self._heatmap_args())
        if "not_yet" in table.attrs:  # given intervals: mark the cells whose interval straddles the line (not yet)
            import matplotlib.patches as patches

            rows, cols = list(table.index), [str(c) for c in table.columns]
            for f, periods in table.attrs["not_yet"].items():
                for p in periods:  # inset, so that neighbours' dashed edges never join into a solid line
                    ax.add_patch(
                        patches.Rectangle(
                            (cols.index(str(p)) - 0.36, rows.index(f) - 0.36),
                            0.72,
                            0.72,
                            fill=False,
                            edgecolor=BLACK,
                            lw=1.2,
                            ls=(0, (3, 2)),
                        )
                    )
        return ax.figure

    def heatmap_html(self) -> str:
        """The heatmap as a coloured HTML table (what the live dashboard shows)."""
        from .. import plots

        axis = "week starting (day of month)" if self.view.granularity == "week" else None
        return plots.drift_heatmap_html(self.view.table, current=self.view.current, axis=axis, **self._heatmap_args())

    def distribution_figure(self):
        """The selected feature's reference and current distributions as a fresh figure."""
        from .. import plots

        return plots.distribution_overlay(**self._distribution_args()).figure

    def performance_figure(self):
        """The model's metric by period as a fresh figure (None without labels and scores)."""
        from .. import plots

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
        bars = ax.errorbar(
            x,
            y,
            yerr=[np.clip(y - low, 0, None), np.clip(high - y, 0, None)],
            fmt="none",
            ecolor=MUTED,
            capsize=2,
            lw=1,
            zorder=2,
            label=label,
        )
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
        from ..plots.performance import top_legend

        top_legend(ax, handles + [bars], texts + [label], ncol=min(len(handles) + 1, 3))

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
        draw = {
            "heatmap": self.heatmap_figure,
            "distribution": self.distribution_figure,
            "performance": self.performance_figure,
        }
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

    # -- the HTML export -------------------------------------------------------------------------
    def to_html(self, *, title: str = "Drift dashboard: current view") -> str:
        """A standalone HTML page of the current view (figures as embedded PNG, the ranked table)."""
        from markupsafe import Markup

        from ..templating import render

        v = self.view
        label = drift.STATISTICS[v.stat].label
        drifted = list(v.ranked.loc[v.ranked["drifted"], "feature"])
        summary = (
            f"{label} by {v.granularity}, alert line {v.threshold:g}; reference {self._ref_text()}, current "
            f"{v.current}: {', '.join(drifted) if drifted else 'no feature'} drifted; "
            f"{len(v.alerts)} period(s) with an alert on a model input. Windows: {self._window_sizes_text()}."
        )
        if v.stat == "psi":
            not_yet = list(v.ranked.loc[v.ranked["verdict"] == "not yet", "feature"])
            summary = (
                f"PSI by {v.granularity}, alert line {v.threshold:g}; reference {self._ref_text()}, current "
                f"{v.current}, judged on each feature's 95% interval: over the line "
                f"{', '.join(drifted) if drifted else 'none'}; not yet {', '.join(not_yet) or 'none'}. "
                f"{len(v.alerts)} period(s) "
                + (
                    "where a model input's 95% interval reaches the line. "
                    if "reaching" in v.table.attrs
                    else "with a PSI point over the line on a model input. "
                )
                + f"Windows: {self._window_sizes_text()}."
            )
        headings = {
            "heatmap": "Drift by feature and period",
            "distribution": "The selected feature, reference against current",
            "performance": "The model's quality over time",
        }
        figures = []
        for name in ("heatmap", "distribution", "performance"):
            data = self.png(name)
            if data is not None:
                figures.append((headings[name], Markup(base64.b64encode(data).decode("ascii"))))
        return render(
            "dashboard/page.html.j2",
            title=title,
            summary=summary,
            ink=INK,
            rule=RULE,
            figures=figures,
            table=Markup(self.table_html()),
        )

    def export_html(self, path) -> Path:
        """Write :meth:`to_html` to ``path`` (folders created); returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path
