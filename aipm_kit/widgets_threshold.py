"""The threshold explorer: the model view and the business view of one threshold, side by side.

:func:`threshold_figure` draws the static version (it renders anywhere,
including on GitHub and in the course site); :func:`threshold_explorer` wraps
it in ipywidgets sliders for a live kernel: move the threshold or the unit
costs and watch precision and recall on the left, false alarms, review hours
and net value on the right. Without a kernel the explorer shows the figure of
its starting point (see :mod:`aipm_kit.liveview`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import metrics, plots

__all__ = ["threshold_figure", "threshold_explorer", "counted_review_hours"]


def threshold_figure(y_true, y_score, threshold: float, *, daily_volume: float, review_minutes: float = 5.0,
                     cost_false_alarm: float = 15.0, loss_per_missed_fraud: float = 400.0, sweep=None,
                     sample_weight=None, review_capacity_hours_per_week: float | None = None,
                     review_scores=None):
    """Two panels for one threshold: precision and recall (model view), net value a day (business view).

    Both panels speak per day: the counts written beside the threshold are
    frauds caught and false alarms a day at ``daily_volume``, never counts of
    the evaluation set. With ``review_capacity_hours_per_week`` the business
    view shades the thresholds whose alerts the team cannot review and marks
    where capacity runs out.

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
    sample_weight : array-like, optional
        Weight of each row (e.g. an audit sample standing for the rows it was drawn from).
    review_capacity_hours_per_week : float, optional
        The review team's capacity.
    review_scores : array-like, optional
        The scores of every transaction the model scored over the same period. Every alert is
        reviewed, so review hours are counted from these (alerts over transactions, scaled to
        ``daily_volume``, unweighted) rather than estimated from the weighted evaluation rows:
        use it when ``sample_weight`` stands for an audit sample.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ._checks import check_probability

    threshold = check_probability(threshold, "threshold")
    costs = dict(daily_volume=daily_volume, review_minutes=review_minutes, cost_false_alarm=cost_false_alarm,
                 loss_per_missed_fraud=loss_per_missed_fraud)
    if sweep is None:
        sweep = metrics.business_sweep(y_true, y_score, sample_weight=sample_weight, **costs)
    cm = metrics.confusion(y_true, np.asarray(y_score) >= threshold, sample_weight=sample_weight)
    point = metrics.business_impact(cm, threshold=threshold, **costs)
    if review_scores is not None:  # review load from the alerts themselves, counted
        sweep = sweep.copy()
        sweep["review_hours_per_week"] = counted_review_hours(review_scores, sweep["threshold"], daily_volume=daily_volume,
                                                              review_minutes=review_minutes)
        hours = float(counted_review_hours(review_scores, [threshold], daily_volume=daily_volume,
                                           review_minutes=review_minutes)[0])
        point = dataclasses.replace(point, review_hours_per_week=hours,
                                    alerts_per_day=hours * 60 / 7 / review_minutes)
    best = sweep.loc[sweep["net_value_per_day"].idxmax()]

    fig, (left, right) = plots.figure(1, 2, figsize=(11, 4.4))
    some = sweep["alerts"] > 0  # precision is undefined where nothing is flagged
    left.plot(sweep.loc[some, "threshold"], sweep.loc[some, "precision"], label="precision", color=plots.NEUTRAL)
    left.plot(sweep["threshold"], sweep["recall"], label="recall", color=plots.ACCENT)
    left.axvline(threshold, color="black", lw=1, ls="--")
    left.text(threshold, 0.03, f"  precision {cm.precision:.0%}, recall {cm.recall:.0%}\n"
              f"  {point.frauds_caught_per_day:,.0f} frauds caught/day\n"
              f"  {point.false_alarms_per_day:,.0f} false alarms/day", fontsize=9, va="bottom")
    left.set_ylim(0, 1.02)
    plots.finish(left, title=f"At {threshold:.2f} the model catches {cm.recall:.0%} of fraud,\n"
                             f"{cm.precision:.0%} of its alerts are fraud",
                 xlabel="threshold (model score)", ylabel="rate (share)")
    right.plot(sweep["threshold"], sweep["net_value_per_day"] / 1_000, color=plots.GOOD, label="net value")
    right.axvline(threshold, color="black", lw=1, ls="--", label=f"chosen ({threshold:.2f})")
    right.axvline(best["threshold"], color=plots.GOOD, lw=1, ls=":", label=f"most valuable ({best['threshold']:.2f})")
    right.axhline(0, color="grey", lw=0.8)
    over = None
    if review_capacity_hours_per_week is not None:
        over = sweep["review_hours_per_week"].to_numpy() > review_capacity_hours_per_week
        if over.any():
            limit = float(sweep["threshold"].to_numpy()[over].max())  # alerts fall as the threshold rises
            right.axvspan(0, limit, color="grey", alpha=0.15, lw=0,
                          label=f"over {review_capacity_hours_per_week:,.0f} review h/week")
            right.axvline(limit, color="grey", lw=1.2)
    right.text(threshold, right.get_ylim()[0], f"  {point.false_alarms_per_day:,.0f} false alarms/day\n"
               f"  {point.review_hours_per_week:,.0f} review h/week\n"
               f"  net \\${point.net_value_per_day:,.0f}/day", fontsize=9, va="bottom")
    if over is not None and over.any() and best["threshold"] <= limit:
        title = (f"The most valuable threshold ({best['threshold']:.2f}) needs more review\n"
                 f"hours than the team has; {threshold:.2f} nets \\${point.net_value_per_day:,.0f} a day")
    else:
        title = f"Threshold {threshold:.2f} nets \\${point.net_value_per_day:,.0f} a day\n(most valuable: {best['threshold']:.2f})"
    plots.finish(right, title=title, xlabel="threshold (model score)",
                 ylabel="net value (\\$ thousand per day)",
                 takeaway=f"threshold {threshold:.2f}: {point.sentence()}; the most valuable threshold is "
                          f"{best['threshold']:.2f}".replace("$", "\\$"))
    return fig


def counted_review_hours(review_scores, thresholds, *, daily_volume: float, review_minutes: float = 5.0) -> np.ndarray:
    """Review hours a week at each threshold, from the alerts counted among ``review_scores``.

    Alerts are the scores at or above the threshold; their share of all scores,
    times ``daily_volume``, is the alerts a day, each taking ``review_minutes``.

    >>> counted_review_hours([0.1, 0.4, 0.6, 0.9], [0.5], daily_volume=120, review_minutes=5).tolist()
    [35.0]
    """
    s = np.sort(np.asarray(review_scores, dtype=float))
    if len(s) == 0 or np.isnan(s).any():
        raise ValueError("review_scores must hold at least one score and no NaN")
    alerts = len(s) - np.searchsorted(s, np.asarray(thresholds, dtype=float), side="left")
    return alerts / len(s) * daily_volume * review_minutes / 60 * 7


def threshold_explorer(y_true, y_score, *, daily_volume: float, review_minutes: float = 5.0,
                       cost_false_alarm: float = 15.0, loss_per_missed_fraud: float = 400.0,
                       threshold: float = 0.5, sample_weight=None,
                       review_capacity_hours_per_week: float | None = None, review_scores=None):
    """An ipywidgets app: sliders for the threshold and the unit costs, and :func:`threshold_figure`.

    ``review_scores`` counts review hours from every scored transaction, as in
    :func:`threshold_figure`. Returns a :class:`aipm_kit.liveview.LiveView`: in a running kernel the
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
    metrics.threshold_sweep(y_true, y_score, thresholds=[0.5], sample_weight=sample_weight)  # validate up front
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
            sweeps[key] = metrics.business_sweep(y_true, y_score, sample_weight=sample_weight, **costs)
        return figure_png(threshold_figure(y_true, y_score, th.value, sweep=sweeps[key], sample_weight=sample_weight,
                                           review_capacity_hours_per_week=review_capacity_hours_per_week,
                                           review_scores=review_scores, **costs))

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
