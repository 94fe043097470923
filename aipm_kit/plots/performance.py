"""A model metric per period, with drift alerts and the reference window: :class:`PerformancePanel`.

The panel redraws in place for the live dashboard; :func:`performance_over_time` draws one fresh copy
with the same class.
"""

from __future__ import annotations

from ..palette import BAD, BLACK, GOOD, NEUTRAL
from .base import figure, finish
from .panel import _Panel
from .period_axis import _period_ticks


class PerformancePanel(_Panel):
    """A model metric per period, redrawn in place (see :func:`performance_over_time`)."""

    def __init__(self, ax=None, *, figsize=(6.4, 3.4), dpi: int = 80):
        super().__init__(ax, figsize=figsize, dpi=dpi)
        ax = self.ax
        (self._line,) = ax.plot([], [], marker="o", ms=4, color=NEUTRAL)
        self._span = ax.axvspan(0, 1, color=GOOD, alpha=0.12, label="reference window")
        self._alerts = ax.scatter([], [], marker="^", s=90, color=BAD, zorder=3, label="drift alert")
        self._current = ax.axvline(0, color=BLACK, ls="--", lw=1, label="current period")

    def update(
        self,
        performance,
        *,
        metric: str = "auc",
        alerts=(),
        reference=(),
        current=None,
        title: str | None = None,
        xlabel: str | None = None,
        ylabel: str | None = None,
        takeaway: str | None = None,
        max_ticks: int = 14,
        alert_label: str = "drift alert",
    ) -> PerformancePanel:
        """Redraw for ``performance``; ``alert_label`` names the triangles that mark ``alerts`` in the legend."""
        import numpy as np

        if metric not in performance.columns:
            raise ValueError(f"metric must be one of {list(performance.columns)}, got {metric!r}")
        ax = self.ax
        labels = [str(p) for p in performance.index]
        y = performance[metric].to_numpy(dtype=float)
        x = np.arange(len(labels))
        self._line.set_data(x, y)
        self._line.set_label(metric)
        handles = [self._line]
        ref = [i for i, p in enumerate(labels) if p in set(map(str, reference))]
        self._span.set_visible(bool(ref))
        if ref:
            self._span.set_x(min(ref) - 0.5)
            self._span.set_width(max(ref) - min(ref) + 1)
            handles.append(self._span)
        hit = [i for i, p in enumerate(labels) if p in set(map(str, alerts))]
        self._alerts.set_offsets(np.column_stack([x[hit], y[hit]]) if hit else np.empty((0, 2)))
        self._alerts.set_visible(bool(hit))
        self._alerts.set_label(alert_label)
        if hit:
            handles.append(self._alerts)
        cur = [i for i, p in enumerate(labels) if current is not None and p == str(current)]
        self._current.set_visible(bool(cur))
        if cur:
            self._current.set_xdata([cur[0], cur[0]])
            handles.append(self._current)
        sizes = performance["rows"].to_dict() if "rows" in performance.columns else None
        axis = _period_ticks(ax, labels, sizes, max_ticks=max_ticks)
        ax.set_xlim(-0.5, len(labels) - 0.5)
        finite = y[np.isfinite(y)]
        top = 1.0  # how far up the axes (0-1) the current-period line runs
        if finite.size:  # room above the data for the legend
            lo, hi = float(finite.min()), float(finite.max())
            pad = max(0.1 * (hi - lo), 0.01)
            room = 0.3 * (hi - lo + 2 * pad) if len(handles) > 1 else 0
            ax.set_ylim(lo - pad, hi + pad + room)
            top = (hi - lo + 2 * pad) / (hi - lo + 2 * pad + room)
        # the dashed current-period line stops where the legend's room begins, so it never runs through a label
        self._current.set_ydata([0, top])
        # an opaque box with no edge, for any other line that reaches the legend's room
        ax.legend(
            handles,
            [h.get_label() for h in handles],
            loc="upper center",
            ncol=len(handles),
            frameon=True,
            facecolor="white",
            edgecolor="none",
            framealpha=1.0,
            fontsize=7.5,
            handlelength=1.6,
            columnspacing=1.2,
        )
        self.title = title or f"{metric} by period"
        self.xlabel = xlabel or f"{axis} ({'rows in thousands' if sizes else 'period'})"
        self.ylabel, self.takeaway = ylabel or metric, takeaway
        self._texts(
            self.title,
            self.xlabel,
            self.ylabel,
            takeaway,
            tuple(t.get_rotation() for t in ax.get_xticklabels()[:1]) + (bool(sizes),),
        )
        return self

    def shown(self) -> dict:
        """What the figure shows, read back from its artists (for tests and checks)."""
        out = self._common()
        x, y = self._line.get_data()
        out["line"] = (list(map(float, x)), [round(float(v), 12) for v in y])
        out["reference"] = (
            (round(self._span.get_x(), 9), round(self._span.get_width(), 9)) if self._span.get_visible() else None
        )
        out["alerts"] = (
            [tuple(round(float(v), 12) for v in xy) for xy in self._alerts.get_offsets()]
            if self._alerts.get_visible()
            else []
        )
        out["current"] = float(self._current.get_xdata()[0]) if self._current.get_visible() else None
        out["ylim"] = tuple(round(float(v), 9) for v in self.ax.get_ylim())
        return out


def performance_over_time(
    performance,
    *,
    metric: str = "auc",
    alerts=(),
    reference=(),
    current=None,
    ax=None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    takeaway: str | None = None,
    max_ticks: int = 14,
    alert_label: str = "drift alert",
):
    """A model metric per period, with drift alerts marked and the reference window shaded.

    ``performance`` is indexed by period label (text) with a column ``metric``
    and, optionally, ``rows``; ``alerts`` lists the periods where a drift alert
    fired, ``reference`` the periods the model (or the drift reference) covers,
    ``current`` the period a dashboard is looking at (a dashed line);
    ``alert_label`` names the alert triangles in the legend.
    """
    if metric not in performance.columns:
        raise ValueError(f"metric must be one of {list(performance.columns)}, got {metric!r}")
    if ax is None:
        _, ax = figure()
    panel = PerformancePanel(ax).update(
        performance,
        metric=metric,
        alerts=alerts,
        reference=reference,
        current=current,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        max_ticks=max_ticks,
        alert_label=alert_label,
    )
    finish(ax, title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel, takeaway=takeaway, legend=False)
    return ax
