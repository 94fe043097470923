"""The threshold explorer: the model view and the business view of one threshold, side by side.

:func:`threshold_figure` draws the static version (it renders anywhere,
including on GitHub and in the course site); :func:`threshold_explorer` wraps
it in ipywidgets sliders for a live kernel: move the threshold or the unit
costs and watch precision and recall on the left, false alarms, review hours
and net value on the right. Without a kernel the explorer shows the figure of
its starting point (see :mod:`aipm_kit.liveview`).
"""

from __future__ import annotations

import numpy as np

from . import metrics, plots

__all__ = ["threshold_figure", "threshold_explorer"]


def threshold_figure(y_true, y_score, threshold: float, *, daily_volume: float, review_minutes: float = 5.0,
                     cost_false_alarm: float = 15.0, loss_per_missed_fraud: float = 400.0, sweep=None):
    """Two panels for one threshold: precision and recall (model view), net value a day (business view).

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and model scores of the evaluation set.
    threshold : float
        The threshold to highlight (flag when ``score >= threshold``).
    daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud
        As in :func:`aipm_kit.metrics.business_impact`.
    sweep : pandas.DataFrame, optional
        A precomputed :func:`aipm_kit.metrics.business_sweep` (saves time when redrawing).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ._checks import check_probability

    threshold = check_probability(threshold, "threshold")
    costs = dict(daily_volume=daily_volume, review_minutes=review_minutes, cost_false_alarm=cost_false_alarm,
                 loss_per_missed_fraud=loss_per_missed_fraud)
    if sweep is None:
        sweep = metrics.business_sweep(y_true, y_score, **costs)
    point = metrics.business_impact(metrics.confusion(y_true, np.asarray(y_score) >= threshold),
                                    threshold=threshold, **costs)
    cm = metrics.confusion(y_true, np.asarray(y_score) >= threshold)
    best = sweep.loc[sweep["net_value_per_day"].idxmax()]

    fig, (left, right) = plots.figure(1, 2, figsize=(11, 4.2))
    some = sweep["alerts"] > 0  # precision is undefined where nothing is flagged
    left.plot(sweep.loc[some, "threshold"], sweep.loc[some, "precision"], label="precision", color=plots.NEUTRAL)
    left.plot(sweep["threshold"], sweep["recall"], label="recall", color=plots.ACCENT)
    left.axvline(threshold, color="black", lw=1, ls="--")
    left.text(threshold, 0.03, f"  precision {cm.precision:.0%}\n  recall {cm.recall:.0%}\n"
              f"  {cm.tp:,} caught, {cm.fp:,} false alarms", fontsize=9, va="bottom")
    left.set_ylim(0, 1.02)
    plots.finish(left, title=f"Model view at threshold {threshold:.2f}", xlabel="threshold (score)",
                 ylabel="rate (share)")
    right.plot(sweep["threshold"], sweep["net_value_per_day"] / 1_000, color=plots.GOOD, label="net value")
    right.axvline(threshold, color="black", lw=1, ls="--")
    right.axvline(best["threshold"], color=plots.GOOD, lw=1, ls=":", label=f"best ({best['threshold']:.2f})")
    right.axhline(0, color="grey", lw=0.8)
    right.text(threshold, right.get_ylim()[0], f"  {point.false_alarms_per_day:,.0f} false alarms/day\n"
               f"  {point.review_hours_per_week:,.0f} review h/week\n"
               f"  net \\${point.net_value_per_day:,.0f}/day", fontsize=9, va="bottom")
    plots.finish(right, title="Business view: net value of the same threshold", xlabel="threshold (score)",
                 ylabel="net value (\\$ thousand per day)",
                 takeaway=f"threshold {threshold:.2f}: {point.sentence()}; the most valuable threshold is "
                          f"{best['threshold']:.2f}".replace("$", "\\$"))
    return fig


def threshold_explorer(y_true, y_score, *, daily_volume: float, review_minutes: float = 5.0,
                       cost_false_alarm: float = 15.0, loss_per_missed_fraud: float = 400.0,
                       threshold: float = 0.5):
    """An ipywidgets app: sliders for the threshold and the unit costs, and :func:`threshold_figure`.

    Returns a :class:`aipm_kit.liveview.LiveView`: in a running kernel the
    sliders redraw both views; read without a kernel (GitHub, the course site)
    it shows the figure at the starting threshold and costs.

    Returns
    -------
    aipm_kit.liveview.LiveView
    """
    import ipywidgets as widgets

    from .liveview import LiveView, figure_png

    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=float)
    metrics.threshold_sweep(y_true, y_score, thresholds=[0.5])  # validate once, up front
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="420px")
    th = widgets.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01, description="threshold",
                             style=style, layout=layout, continuous_update=False)
    cfa = widgets.FloatSlider(value=cost_false_alarm, min=0, max=max(100, 2 * cost_false_alarm), step=1,
                              description="$ per false alarm", style=style, layout=layout,
                              continuous_update=False)
    loss = widgets.FloatSlider(value=loss_per_missed_fraud, min=0, max=max(2_000, 2 * loss_per_missed_fraud),
                               step=10, description="$ lost per missed fraud", style=style, layout=layout,
                               continuous_update=False)
    sweeps: dict = {}  # the sweep depends on the costs only: moving the threshold reuses it

    def png() -> bytes:
        costs = dict(daily_volume=daily_volume, review_minutes=review_minutes, cost_false_alarm=cfa.value,
                     loss_per_missed_fraud=loss.value)
        key = (cfa.value, loss.value)
        if key not in sweeps:
            sweeps.clear()
            sweeps[key] = metrics.business_sweep(y_true, y_score, **costs)
        return figure_png(threshold_figure(y_true, y_score, th.value, sweep=sweeps[key], **costs))

    start = png()
    picture = widgets.Image(value=start, format="png", layout=widgets.Layout(max_width="100%"))

    def redraw(_change=None):
        picture.value = png()

    for control in (th, cfa, loss):
        control.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox([th]), widgets.HBox([cfa, loss]), picture])
    summary = (f"the threshold explorer, starting at threshold {threshold:.2f} with "
               f"${cost_false_alarm:,.0f} per false alarm and ${loss_per_missed_fraud:,.0f} per missed fraud.")
    return LiveView(box, start, summary[0].upper() + summary[1:])
