"""A model metric per period, with drift alerts and the reference window: :class:`PerformancePanel`.

The panel redraws in place for the live dashboard; :func:`performance_over_time` draws one fresh copy
with the same class.
"""

from __future__ import annotations

from ..palette import BAD, BLACK, GOOD, NEUTRAL
from .base import figure, finish
from .panel import _Panel
from .period_axis import _period_ticks


def top_legend(ax, handles, labels, *, ncol: int):
    """The legend of a figure over periods: one row across the top, in an opaque box with no edge.

    The performance panel and the dashboard's quality panel both keep room above their data for it, so
    a line that reaches that room passes under the box rather than through a label.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to put the legend on.
    handles : list of matplotlib artists
        What the legend shows, in order.
    labels : list of str
        One label per handle.
    ncol : int
        Columns: the number of entries to keep them on one row.

    Returns
    -------
    matplotlib.legend.Legend
        The legend drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> legend = top_legend(ax, [line], ["recall"], ncol=1)
    >>> [t.get_text() for t in legend.get_texts()], legend.get_frame().get_alpha()
    (['recall'], 1.0)
    >>> plt.close(fig)
    """
    return ax.legend(
        handles,
        labels,
        loc="upper center",
        ncol=ncol,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=1.0,
        fontsize=7.5,
        handlelength=1.6,
        columnspacing=1.2,
    )


class PerformancePanel(_Panel):
    """A model metric per period, redrawn in place (see :func:`performance_over_time`).

    ``update(performance, ...)`` redraws for a new table (its keywords are those of
    :func:`performance_over_time`, except ``ax``) and returns the panel; ``png()`` gives the figure as PNG
    bytes and ``shown()`` what it shows, read back from its artists.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a one-off figure); by default the panel makes its own figure without pyplot, so
        nothing is shown or kept by pyplot (a live panel: the takeaway and layout are its own).
    figsize : tuple of float, default (6.4, 3.4)
        Size of the panel's own figure, in inches (ignored with ``ax``).
    dpi : int, default 80
        Resolution of the panel's own figure and of :meth:`png` (ignored with ``ax``).

    Examples
    --------
    >>> import pandas as pd
    >>> performance = pd.DataFrame({"auc": [0.81, 0.80, 0.74], "rows": [1200, 1100, 1300]},
    ...                            index=["2024-01", "2024-02", "2024-03"])
    >>> panel = PerformancePanel().update(performance, alerts=["2024-03"], reference=["2024-01"], current="2024-03")
    >>> shown = panel.shown()
    >>> shown["title"], shown["xlabel"]
    ('auc by period', 'month of 2024 (rows in thousands)')
    >>> shown["legend"], shown["alerts"], shown["current"]
    (['auc', 'reference window', 'drift alert', 'current period'], [(2.0, 0.74)], 2.0)
    """

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
        top_legend(ax, handles, [h.get_label() for h in handles], ncol=len(handles))
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

    Parameters
    ----------
    performance : pandas.DataFrame
        One row per period (index: the period labels, in order), with the column ``metric`` and optionally
        ``rows`` (the x labels then carry each period's rows in thousands).
    metric : str, default "auc"
        The column to draw; any other raises ``ValueError`` (before a figure is made).
    alerts : iterable of str, default ()
        Periods where a drift alert fired (red triangles on the line).
    reference : iterable of str, default ()
        Periods of the reference window (shaded green).
    current : str, optional
        The period a dashboard is looking at (a dashed vertical line).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure in the kit style.
    title : str, optional
        The title; by default ``"<metric> by period"``.
    xlabel : str, optional
        The x axis label; by default the kind of period, with the rows' unit.
    ylabel : str, optional
        The y axis label; by default the metric's name.
    takeaway : str, optional
        One line under the figure.
    max_ticks : int, default 14
        The most period labels shown on the x axis.
    alert_label : str, default "drift alert"
        The legend's name for the alert triangles.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, finished with :func:`~aipm_kit.plots.finish`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> performance = pd.DataFrame({"auc": [0.81, 0.80, 0.74], "rows": [1200, 1100, 1300]},
    ...                            index=["2024-01", "2024-02", "2024-03"])
    >>> ax = performance_over_time(performance, alerts=["2024-03"], reference=["2024-01"])
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().texts]
    ('auc by period', ['auc', 'reference window', 'drift alert'])
    >>> plt.close(ax.figure)
    >>> performance_over_time(performance, metric="f1")
    Traceback (most recent call last):
    ...
    ValueError: metric must be one of ['auc', 'rows'], got 'f1'
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
