"""The monitoring dashboard a reader sees: small multiples of :func:`~aipm_kit.monitoring.metrics.monitoring_metrics`
columns with rule thresholds, bands, events and shaded spans (:func:`dashboard_figure`), and the same numbers as
an interactive view with a static picture (:func:`dashboard_widget`). It draws through :mod:`aipm_kit.plots` and
:mod:`aipm_kit.liveview`, so it sits in the presentation layer, above the rest of the package."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._checks import check_columns
from ._common import _nonempty, _ts

#: Readable names and units of the :func:`monitoring_metrics` columns (figure labels).
METRIC_LABELS = {
    "requests": ("requests", "count"),
    "latency_p50": ("median latency", "ms"),
    "latency_p95": ("p95 latency", "ms"),
    "error_rate": ("error rate", "share"),
    "alerts": ("alerts", "count"),
    "window_alerts": ("alerts in window", "count"),
    "alert_precision": ("alert precision", "share"),
    "drift_psi": ("input drift", "PSI"),
    "fraud_dollars_stopped": ("fraud stopped", "USD"),
}


def _metric_label(col: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and col in labels:
        return labels[col]
    name, unit = METRIC_LABELS.get(col, (col.replace("_", " "), ""))
    return f"{name} ({unit})" if unit else name


def _date_axis(ax) -> None:
    """Day-and-month ticks with the year left to the axis label (no duplicated offset label)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def dashboard_figure(
    metrics: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    limits: Mapping[str, float] | None = None,
    events: Mapping[str, object] | None = None,
    title: str = "Monitoring dashboard",
    labels: Mapping[str, str] | None = None,
    bands: Mapping[str, Mapping[str, float]] | None = None,
    ylims: Mapping[str, tuple] | None = None,
    shade: Mapping[str, tuple] | None = None,
    shade_columns: Sequence[str] | None = None,
    limit_label: str | None = None,
    legend_columns: int = 3,
):
    """Small multiples of :func:`monitoring_metrics` columns, one panel each, with optional limit lines.

    ``limits`` maps a column to a horizontal line (a rule threshold);
    ``bands`` maps a column to further named horizontal lines (for example
    the PSI bands of :mod:`aipm_kit.drift`), labelled at the right edge;
    ``ylims`` fixes a panel's y range (``(low, high)``, either may be None);
    ``events`` maps a label to a timestamp drawn as a vertical line (the
    planted drift, an incident), each in its own colour and dash;
    ``shade`` maps a label to a ``(start, end)`` span shaded on the panels
    named in ``shade_columns`` (default: every panel), for example the weeks
    whose labels have not arrived on the panels built from labels. ``labels``
    overrides a panel's y label. ``limit_label`` names the limit lines once in
    the legend (default: unnamed); ``legend_columns`` is the legend's number of
    columns. Every panel's y axis starts at zero unless ``ylims`` says
    otherwise. Returns the matplotlib figure.

    Parameters
    ----------
    metrics : pandas.DataFrame
        A table of :func:`monitoring_metrics` (time index, one column per metric).
    columns : sequence of str, optional
        The panels, top to bottom; default those of ``latency_p95``, ``error_rate``, ``alert_precision``,
        ``drift_psi`` and ``fraud_dollars_stopped`` the table holds.
    limits : Mapping of str to float, optional
        Column -> a threshold line.
    events : Mapping of str to timestamp, optional
        Label -> a vertical line.
    title : str, default "Monitoring dashboard"
        The figure's title.
    labels : Mapping of str to str, optional
        Column -> y label, replacing the default name and unit.
    bands : Mapping of str to Mapping of str to float, optional
        Column -> {name: value} of labelled horizontal lines.
    ylims : Mapping of str to tuple, optional
        Column -> ``(low, high)`` y range.
    shade : Mapping of str to tuple, optional
        Label -> ``(start, end)`` span to shade.
    shade_columns : sequence of str, optional
        The panels to shade; default all.
    limit_label : str, optional
        The legend entry of the limit lines.
    legend_columns : int, default 3
        The legend's number of columns (>= 1).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one panel per column.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> idx = pd.date_range("2024-01-01", periods=5, freq="D", tz="UTC")
    >>> m = pd.DataFrame({"error_rate": [0.01, 0.02, 0.01, 0.08, 0.02],
    ...                   "alert_precision": [0.9, 0.85, 0.88, 0.6, 0.87]}, index=idx)
    >>> fig = dashboard_figure(m, limits={"error_rate": 0.05}, events={"incident": "2024-01-04"})
    >>> len(fig.axes), fig.axes[0].get_ylabel().split(), fig.axes[-1].get_xlabel()
    (2, ['error', 'rate', '(share)'], 'Date (2024, UTC)')
    >>> plt.close(fig)
    """
    from .. import plots

    columns = list(
        columns
        or [
            c
            for c in ("latency_p95", "error_rate", "alert_precision", "drift_psi", "fraud_dollars_stopped")
            if c in metrics.columns
        ]
    )
    check_columns(metrics, columns, name="metrics")
    if isinstance(legend_columns, bool) or not isinstance(legend_columns, (int, np.integer)) or legend_columns < 1:
        raise ValueError(f"legend_columns must be a whole number of at least 1, got {legend_columns!r}")
    fig, axes = plots.figure(len(columns), 1, figsize=(8, 1.7 * len(columns) + 0.6), sharex=True)
    axes = np.atleast_1d(axes)
    colours = [plots.ACCENT, plots.BAD, plots.PALETTE[4], plots.PALETTE[5]]
    dashes = [(0, (5, 2)), ":", "-.", (0, (1, 3))]
    for ax, col in zip(axes, columns):
        ax.plot(metrics.index, metrics[col], color=plots.NEUTRAL, lw=1.2)
        for label, (lo, hi) in (shade or {}).items():
            if shade_columns is None or col in shade_columns:
                ax.axvspan(pd.Timestamp(lo), pd.Timestamp(hi), color="0.85", alpha=0.6, lw=0, label=label)
        if limits and col in limits:
            ax.axhline(limits[col], color=plots.BAD, ls="--", lw=1, label=limit_label)
        for name, value in ((bands or {}).get(col) or {}).items():
            ax.axhline(value, color="0.35", ls="--", lw=0.9)
            ax.annotate(
                name,
                (1.0, value),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
                color="0.25",
            )
        for i, (label, when) in enumerate((events or {}).items()):
            ax.axvline(
                pd.Timestamp(when),
                color=colours[i % len(colours)],
                ls=dashes[i % len(dashes)],
                lw=1.6,
                label=label if ax is axes[0] else None,
            )
        if np.nanmax(np.abs(metrics[col].to_numpy(float)), initial=0) >= 1_000:
            from matplotlib.ticker import StrMethodFormatter

            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 150,000 rather than 150000
        low, high = (ylims or {}).get(col, (0, None))
        ax.set_ylim(bottom=low if low is not None else ax.get_ylim()[0], top=high if high is not None else None)
        ax.set_ylabel(_metric_label(col, labels).replace(" (", "\n("), fontsize=8)
    legend = {}
    for ax in axes:  # one legend for the figure: each event and shaded span once
        for handle, label in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(label, handle)
    if legend:
        axes[0].legend(
            list(legend.values()),
            list(legend.keys()),
            frameon=False,
            fontsize=8,
            loc="lower left",
            ncol=min(legend_columns, len(legend)),
            bbox_to_anchor=(0, 1.0),
        )
    _date_axis(axes[-1])
    fig.suptitle(title, fontweight="bold")
    year = pd.Timestamp(metrics.index[0]).year
    axes[-1].set_xlabel(f"Date ({year}, UTC)")
    fig.tight_layout()
    return fig


def dashboard_widget(
    metrics: pd.DataFrame,
    *,
    limits: Mapping[str, float] | None = None,
    shade: Mapping[str, tuple] | None = None,
    shade_columns: Iterable[str] | None = None,
    title: str | None = None,
):
    """An ipywidgets view of :func:`monitoring_metrics`: pick a metric and a date range.

    Returns a :class:`aipm_kit.liveview.LiveView` (display it as the last
    expression of a cell): live controls in a running kernel, and a picture of
    the first metric over the whole log wherever no kernel runs it. ``shade``
    maps a label to a ``(start, end)`` span drawn on the metrics in
    ``shade_columns`` (default: all); ``title`` replaces the computed title of
    the opening picture (the first metric over the whole log) with a finding.

    Parameters
    ----------
    metrics : pandas.DataFrame
        A table of :func:`monitoring_metrics` (not empty; its numeric columns are the choices).
    limits : Mapping of str to float, optional
        Column -> a threshold line, with the count of periods above it in the title.
    shade : Mapping of str to tuple, optional
        Label -> ``(start, end)`` span to shade.
    shade_columns : iterable of str, optional
        The metrics to shade; default all.
    title : str, optional
        The opening picture's title.

    Returns
    -------
    aipm_kit.liveview.LiveView
        The controls and picture, with a static picture and a one-line summary.

    Examples
    --------
    >>> idx = pd.date_range("2024-01-01", periods=5, freq="D", tz="UTC")
    >>> m = pd.DataFrame({"error_rate": [0.01, 0.02, 0.01, 0.08, 0.02]}, index=idx)
    >>> dashboard_widget(m, limits={"error_rate": 0.05})
    <interactive view: The monitoring log, starting on error_rate over the whole log (2024-01-01 to 2024-01-05). Move its controls in a running kernel; the picture shows the starting view.>
    """
    import ipywidgets as widgets

    from .. import plots
    from ..liveview import LiveView, figure_png

    _nonempty(metrics, "metrics")
    choices = [c for c in metrics.columns if pd.api.types.is_numeric_dtype(metrics[c])]
    metric = widgets.Dropdown(options=choices, value=choices[0], description="Metric")
    dates = list(metrics.index)
    span = widgets.SelectionRangeSlider(
        options=[(d.strftime("%Y-%m-%d %H:%M"), d) for d in dates],
        index=(0, len(dates) - 1),
        description="Window",
        layout=widgets.Layout(width="95%"),
    )

    def png() -> bytes:
        lo, hi = span.value
        part = metrics.loc[lo:hi, metric.value]
        label = _metric_label(metric.value)
        fig, ax = plots.figure()
        ax.plot(part.index, part.values, color=plots.NEUTRAL)
        limit = (limits or {}).get(metric.value)
        top = part.max()
        shown = f"{top:,.0f}" if abs(top) >= 100 else f"{top:.3g}"
        finding = f"highest {shown} on {part.idxmax():%d %b %Y}" if part.notna().any() else "no readings in this window"
        if limit is not None:
            ax.axhline(limit, color=plots.BAD, ls="--", label=f"rule threshold ({limit:g})")
            finding += f"; above the threshold in {int((part > limit).sum())} of {len(part)} periods"
        low = min(0.0, float(np.nanmin(part.values))) if part.notna().any() else 0.0
        ax.set_ylim(bottom=low)  # from zero: no truncated axis
        if metric.value in (choices if shade_columns is None else list(shade_columns)):
            for name, (a, b) in (shade or {}).items():
                a, b = max(_ts(a, "shade start"), lo), min(_ts(b, "shade end"), hi)
                if a < b:
                    ax.axvspan(a, b, color=plots.NEUTRAL, alpha=0.15, label=name)
        _date_axis(ax)
        opening = metric.value == choices[0] and (lo, hi) == (dates[0], dates[-1])
        plots.finish(
            ax,
            title=title if title and opening else f"{label[:1].upper()}{label[1:]}: {finding}",
            xlabel=f"Time ({lo:%Y}, UTC)",
            ylabel=label,
        )
        return figure_png(fig)

    start = png()
    picture = widgets.Image(value=start, format="png", layout=widgets.Layout(max_width="100%"))

    def redraw(*_):
        picture.value = png()

    metric.observe(redraw, "value")
    span.observe(redraw, "value")
    box = widgets.VBox([widgets.HBox([metric]), span, picture])
    return LiveView(
        box,
        start,
        f"The monitoring log, starting on {metric.value} over the whole log "
        f"({dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}).",
    )
