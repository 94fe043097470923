"""The static threshold figure: the model view and the business view of one threshold, per day.

:func:`threshold_figure` draws precision and recall (model view) beside net value a day (business
view), optionally with 95% bands, the review team's capacity and a third panel of review hours. It
renders anywhere, including on GitHub and in the course site.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ... import metrics, plots
from .hours import counted_review_hours
from .hours_panel import _draw_hours_panel
from .notes import _note_in_quiet_corner


def threshold_figure(
    y_true,
    y_score,
    threshold: float,
    *,
    daily_volume: float,
    review_minutes: float = 5.0,
    cost_false_alarm: float = 15.0,
    loss_per_missed_fraud: float = 400.0,
    sweep=None,
    sample_weight=None,
    review_capacity_hours_per_week: float | None = None,
    review_scores=None,
    value_floor: float | None = None,
    data_note: str | None = None,
    hours_label: str = "review h/week",
    bands: bool = False,
    hours_decimals: int = 0,
    net_title: str | None = None,
    count_decimals: int = 0,
    legend_below: bool = False,
    hours_panel_xmax: float | None = None,
    shade_over: bool = True,
    best_colour: str | None = None,
    mark_over: bool = False,
    mark_best_fit: bool = False,
    baseline_label: str | None = None,
):
    """Two panels for one threshold: precision and recall (model view), net value a day (business view).

    Both panels speak per day: the counts written beside the threshold are
    frauds caught and false alarms a day at ``daily_volume``, never counts of
    the evaluation set. With ``review_capacity_hours_per_week`` the business
    view shades the thresholds whose alerts the team cannot review and marks
    where capacity runs out.

    With ``y_true`` and ``y_score`` both None, ``sweep`` is the whole evidence:
    one row per threshold holding the columns of :class:`aipm_kit.metrics.BusinessImpact`
    plus ``threshold``, ``alerts``, ``precision`` and ``recall`` (optionally
    ``precision_low``/``precision_high`` and ``net_low``/``net_high``, an interval
    written in the titles; ``frauds_caught_per_day_low``/``_high``, ``false_alarms_per_day_low``/``_high`` and
    ``losses_avoided_per_day_low``/``_high``, a 95% interval written beside those counts and in the takeaway).
    The highlighted point is the sweep's row nearest ``threshold``.
    This is how an estimator other than weighted counts (a ratio estimator, a loss
    that depends on each transaction's amount) is drawn.

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
    value_floor : float, optional
        Lowest net value a day to draw (dollars): lower values are cut off the
        business view, and the cut is marked on the axis.
    data_note : str, optional
        What the data are (e.g. "simulated months 5-6"), written on both y-axes.
    hours_label : str
        What ``review_hours_per_week`` measures (e.g. "h in month 5's busiest week" when the sweep's column
        holds the busiest week's hours), written beside the capacity band and the highlighted point.
    hours_decimals : int, default 0
        Decimals for review hours written on the figure (capacity, highlighted point, takeaway), so they can
        match hours printed elsewhere to the same precision.
    bands : bool, default False
        With a ``sweep`` carrying ``precision_low``/``precision_high`` and ``recall_low``/``recall_high``, draw
        them as 95% bands on the model view and write recall's interval in its title; the business view's
        title puts its interval on a line of its own.
    net_title : str, optional
        The business view's title, formatted with ``threshold`` (float), ``net`` (the net value a day, with its
        interval when the sweep has one) and ``best`` (the threshold with the highest point estimate), e.g.
        ``"Month 5's estimate at {threshold:.2f}: {net}"``. Without it the title says what the threshold nets.
    count_decimals : int, default 0
        Decimals for the frauds caught and false alarms a day written on the figure, so they can match the
        counts printed elsewhere.
    legend_below : bool, default False
        Put each panel's legend, with the notes on the highlighted threshold, under the panel instead of
        inside it, so neither covers a line or a band.
    best_colour : str, optional
        Colour of the line at the highest point estimate of net value (default ``plots.GOOD``, dotted);
        given, the line is drawn solid in it, so it stays apart from the dashed highlighted threshold nearby.
    hours_panel_xmax : float, optional
        With ``review_capacity_hours_per_week``, a third panel: the sweep's review hours against the
        threshold from 0 to this value, the capacity as a horizontal line, the highlighted threshold and the
        highest point estimate of net value, so the thresholds the hours exclude are seen. Without it (the
        default) the figure has the two panels.
    shade_over : bool, default True
        With ``review_capacity_hours_per_week``, shade the business view's thresholds whose review hours exceed
        it and mark the last of them. False leaves that to the hours panel.
    mark_best_fit : bool, default False
        With ``review_capacity_hours_per_week``: also draw, in the net-value panel, the threshold with the highest
        point estimate among those whose hours fit (ties: the higher threshold), and label the overall highest
        point estimate as over the hours when it does not fit.
    mark_over : bool, default False
        In the hours panel, write the hours of the highest threshold over the capacity line beside its point,
        so a point just above the line is seen to be over it.
    baseline_label : str, optional
        With a ``baseline_net_value_per_day`` column in ``sweep`` (what the team's current way of working is worth
        a day at each threshold's alert volume, same unit), draw it in the net-value panel under this label, so the
        model is read beside the baseline it would replace.

    Returns
    -------
    matplotlib.figure.Figure
        One row of two panels (three with ``hours_panel_xmax``), the takeaway written under them.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> y = [0] * 16 + [1] * 4
    >>> score = [round(0.05 + 0.55 * i / 15, 2) for i in range(16)] + [0.45, 0.7, 0.8, 0.9]
    >>> fig = threshold_figure(y, score, 0.5, daily_volume=1_000, legend_below=True)
    >>> for ax in fig.axes:
    ...     print(ax.get_title())
    At 0.50:
    the model catches 75% of fraud;
    50% of its alerts are fraud
    Threshold 0.50 nets \\$57,750 a day
    (highest point estimate: 0.43)
    >>> plt.close(fig)
    >>> threshold_figure(None, None, 0.5, daily_volume=1_000)
    Traceback (most recent call last):
    ...
    ValueError: pass y_true and y_score, or a precomputed sweep to draw from
    """
    from ..._checks import check_probability

    threshold = check_probability(threshold, "threshold")
    costs = dict(
        daily_volume=daily_volume,
        review_minutes=review_minutes,
        cost_false_alarm=cost_false_alarm,
        loss_per_missed_fraud=loss_per_missed_fraud,
    )
    from_sweep = y_true is None and y_score is None
    if from_sweep:
        if sweep is None:
            raise ValueError("pass y_true and y_score, or a precomputed sweep to draw from")
        row = sweep.iloc[int(np.argmin(np.abs(sweep["threshold"].to_numpy(float) - threshold)))]
        point = metrics.BusinessImpact(
            threshold=threshold,
            **{k: float(row[k]) for k in metrics.BusinessImpact.__dataclass_fields__ if k != "threshold"},
        )
        precision, recall = float(row["precision"]), float(row["recall"])
        interval = {
            k: float(row[k])
            for k in (
                "precision_low",
                "precision_high",
                "net_low",
                "net_high",
                "recall_low",
                "recall_high",
                "frauds_caught_per_day_low",
                "frauds_caught_per_day_high",
                "false_alarms_per_day_low",
                "false_alarms_per_day_high",
                "losses_avoided_per_day_low",
                "losses_avoided_per_day_high",
            )
            if k in row
        }
    else:
        if sweep is None:
            sweep = metrics.business_sweep(y_true, y_score, sample_weight=sample_weight, **costs)
        cm = metrics.confusion(y_true, np.asarray(y_score) >= threshold, sample_weight=sample_weight)
        point = metrics.business_impact(cm, threshold=threshold, **costs)
        precision, recall, interval = cm.precision, cm.recall, {}
    if review_scores is not None:  # review load from the alerts themselves, counted
        sweep = sweep.copy()
        sweep["review_hours_per_week"] = counted_review_hours(
            review_scores, sweep["threshold"], daily_volume=daily_volume, review_minutes=review_minutes
        )
        hours = float(
            counted_review_hours(review_scores, [threshold], daily_volume=daily_volume, review_minutes=review_minutes)[
                0
            ]
        )
        point = dataclasses.replace(point, review_hours_per_week=hours, alerts_per_day=hours * 60 / 7 / review_minutes)
    best = sweep.loc[sweep["net_value_per_day"].idxmax()]

    third = hours_panel_xmax is not None and review_capacity_hours_per_week is not None
    if third:
        fig, (left, right, hours_ax) = plots.figure(1, 3, figsize=(15, 6.0 if legend_below else 4.4))
    else:
        fig, (left, right) = plots.figure(1, 2, figsize=(11, 6.0 if legend_below else 4.4))
    per_day = f",.{count_decimals}f"

    def banded(key, fmt, dollars=False):
        """The highlighted point's `key`, with its 95% interval in brackets when the sweep carries one."""
        unit = "\\$" if dollars else ""
        said = f"{unit}{getattr(point, key):{fmt}}"
        if f"{key}_low" in interval and f"{key}_high" in interval:
            said += f" ({unit}{interval[key + '_low']:{fmt}}-{unit}{interval[key + '_high']:{fmt}})"
        return said

    caught_said, alarms_said = banded("frauds_caught_per_day", per_day), banded("false_alarms_per_day", per_day)
    stopped_said = banded("losses_avoided_per_day", ",.0f", dollars=True)
    any_band = any(k.endswith("_per_day_low") for k in interval)
    net_said = f"\\${point.net_value_per_day:,.0f}"
    if any_band and "net_low" in interval:  # the counts carry intervals: so does the net value beside them
        net_said += f" (\\${interval['net_low']:,.0f}-\\${interval['net_high']:,.0f})"

    def place_legend(ax, notes):
        if legend_below:  # the notes join the legend as entries without a mark
            for line in notes.split("\n"):
                ax.plot([], [], " ", label=line)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
        else:
            ax.legend(loc="best", fontsize=8, framealpha=0.9)
            _note_in_quiet_corner(ax, notes)

    some = (sweep["alerts"] > 0) & np.isfinite(sweep["precision"].to_numpy(float))  # undefined where nothing is flagged
    left.plot(sweep.loc[some, "threshold"], sweep.loc[some, "precision"], label="precision", color=plots.NEUTRAL)
    has_recall = np.isfinite(sweep["recall"].to_numpy(float))
    left.plot(sweep.loc[has_recall, "threshold"], sweep.loc[has_recall, "recall"], label="recall", color=plots.ACCENT)
    if bands:
        for metric, colour, where in (("precision", plots.NEUTRAL, some), ("recall", plots.ACCENT, has_recall)):
            if {f"{metric}_low", f"{metric}_high"} <= set(sweep.columns):
                left.fill_between(
                    sweep.loc[where, "threshold"],
                    sweep.loc[where, f"{metric}_low"],
                    sweep.loc[where, f"{metric}_high"],
                    color=colour,
                    alpha=0.2,
                    lw=0,
                    label=f"{metric}, 95% interval",
                )
    left.axvline(threshold, color="black", lw=1, ls="--", label=f"threshold {threshold:.2f}")
    left.set_xlim(0, 1)
    left.set_ylim(0, 1.02)
    share = (
        f"{precision:.0%} of its alerts are fraud"
        if "precision_low" not in interval
        else f"{precision:.0%} of its alerts are fraud ({interval['precision_low']:.0%}-"
        f"{interval['precision_high']:.0%})\n(in brackets: 95% interval)"
    )
    caught = f"{recall:.0%} of fraud"
    if bands and "recall_low" in interval:
        caught += f" ({interval['recall_low']:.0%}-{interval['recall_high']:.0%})"
    where = f", {data_note}" if data_note else ""
    plots.finish(
        left,
        title=f"At {threshold:.2f}{where}:\nthe model catches {caught};\n{share}",
        xlabel="threshold (model score)",
        ylabel="rate (share)" + (f", {data_note}" if data_note else ""),
        legend=False,
    )
    place_legend(
        left,
        f"at {threshold:.2f}" + (" (95% interval)" if any_band else "") + f":\n{caught_said} "
        f"frauds caught/day\n{alarms_said} false alarms/day",
    )
    valued = np.isfinite(sweep["net_value_per_day"].to_numpy(float))
    right.plot(
        sweep.loc[valued, "threshold"],
        sweep.loc[valued, "net_value_per_day"] / 1_000,
        color=plots.GOOD,
        label="net value",
    )
    if {"net_low", "net_high"} <= set(sweep.columns):  # the sweep carries 95% intervals: draw them
        right.fill_between(
            sweep.loc[valued, "threshold"],
            sweep.loc[valued, "net_low"] / 1_000,
            sweep.loc[valued, "net_high"] / 1_000,
            color=plots.GOOD,
            alpha=0.2,
            lw=0,
            label="net value, 95% interval",
        )
    if baseline_label is not None:
        if "baseline_net_value_per_day" not in sweep.columns:
            raise ValueError("baseline_label needs a baseline_net_value_per_day column in the sweep")
        base = np.isfinite(sweep["baseline_net_value_per_day"].to_numpy(float))
        right.plot(
            sweep.loc[base, "threshold"],
            sweep.loc[base, "baseline_net_value_per_day"] / 1_000,
            color="grey",
            lw=1.5,
            ls=(0, (4, 2)),
            label=baseline_label,
        )
    right.set_xlim(0, 1)
    right.axvline(threshold, color="black", lw=1, ls="--", label=f"chosen ({threshold:.2f})")
    over = None
    if review_capacity_hours_per_week is not None:
        over = sweep["review_hours_per_week"].to_numpy() > review_capacity_hours_per_week
    limit = float(sweep["threshold"].to_numpy()[over].max()) if shade_over and over is not None and over.any() else None
    same_line = limit is not None and np.isclose(limit, float(best["threshold"]))  # one line, one label: no collision
    best_ls = ":" if best_colour is None else "-"
    best_colour = best_colour or plots.GOOD
    best_fit = None  # the highest point estimate among the thresholds whose hours fit (mark_best_fit only)
    if mark_best_fit and over is not None:
        fit_value = np.where(
            ~over & np.isfinite(sweep["net_value_per_day"].to_numpy(float)),
            sweep["net_value_per_day"].to_numpy(float),
            -np.inf,
        )
        if np.isfinite(fit_value).any():
            best_fit = float(sweep["threshold"].to_numpy(float)[np.flatnonzero(fit_value == fit_value.max())[-1]])
    best_over = best_fit is not None and not np.isclose(best_fit, float(best["threshold"]))
    right.axvline(
        best["threshold"],
        color=best_colour,
        lw=1.5 if same_line else 1,
        ls=best_ls,
        zorder=4,
        label=(
            f"highest point estimate ({best['threshold']:.2f}), also the last threshold over the hours"
            if same_line
            else f"highest point estimate ({best['threshold']:.2f}), over the hours"
            if best_over
            else f"highest point estimate ({best['threshold']:.2f})"
        ),
    )
    if best_over:
        right.axvline(
            best_fit,
            color=plots.ACCENT,
            lw=1.2,
            ls="-.",
            zorder=4,
            label=f"highest point estimate that fits the hours ({best_fit:.2f})",
        )
    right.axhline(0, color="grey", lw=0.8)
    if value_floor is not None and float(sweep["net_value_per_day"].min()) < value_floor:
        top = float(np.nanmax(sweep["net_value_per_day"])) / 1_000
        right.set_ylim(value_floor / 1_000, top + 0.08 * (top - value_floor / 1_000))
        right.text(
            0,
            value_floor / 1_000,
            f" axis cut at \\${value_floor / 1_000:,.0f}k: lower values not drawn",
            fontsize=8,
            va="bottom",
            color="grey",
        )
    if limit is not None:  # alerts fall as the threshold rises
        right.axvspan(
            0,
            limit,
            color="grey",
            alpha=0.15,
            lw=0,
            label=f"over {review_capacity_hours_per_week:,.{hours_decimals}f} {hours_label}",
        )
        if not same_line:
            right.axvline(limit, color="grey", lw=1.2, label=f"last threshold over the hours ({limit:.2f})")
    right_notes = [
        f"{alarms_said} false alarms/day",
        f"{point.review_hours_per_week:,.{hours_decimals}f} {hours_label}",
        f"net {net_said}/day",
    ]
    net = f"\\${point.net_value_per_day:,.0f} a day"
    if "net_low" in interval:
        net += ("\n" if bands else " ") + f"(95%: \\${interval['net_low']:,.0f} to \\${interval['net_high']:,.0f})"
    if net_title is not None:
        title = net_title.format(threshold=threshold, net=net, best=float(best["threshold"]))
    elif limit is not None and best["threshold"] <= limit:
        title = (
            f"The highest point estimate ({best['threshold']:.2f}) needs more review\n"
            f"hours than the team has; {threshold:.2f} nets" + ("\n" if interval else " ") + net
        )
    else:
        title = f"Threshold {threshold:.2f} nets {net}\n(highest point estimate: {best['threshold']:.2f})"
    plots.finish(
        right,
        title=title,
        xlabel="threshold (model score)",
        ylabel="net value (\\$ thousand per day)" + (f", {data_note}" if data_note else ""),
        legend=False,
        takeaway=(
            f"threshold {threshold:.2f}"
            + (" (in brackets: 95% interval)" if any_band else "")
            + f": {alarms_said} false alarms a day, "
            f"{point.review_hours_per_week:,.{hours_decimals}f} {hours_label}, "
            f"{stopped_said.replace(chr(92), '')} of fraud stopped a day, net "
            f"{net_said.replace(chr(92), '')} a day; the highest point estimate "
            f"of value is at {best['threshold']:.2f}"
            + (f", over the hours; the highest that fits is at {best_fit:.2f}" if best_over else "")
        ).replace("$", "\\$"),
    )
    place_legend(
        right, f"at {threshold:.2f}" + (" (95% interval)" if any_band else "") + ":\n" + "\n".join(right_notes)
    )
    if third:
        _draw_hours_panel(
            hours_ax,
            sweep,
            threshold=threshold,
            best=best,
            best_fit=best_fit,
            best_over=best_over,
            best_colour=best_colour,
            best_ls=best_ls,
            cap=review_capacity_hours_per_week,
            hours_panel_xmax=hours_panel_xmax,
            hours_label=hours_label,
            hours_decimals=hours_decimals,
            mark_over=mark_over,
            legend_below=legend_below,
        )
    fig.tight_layout()
    return fig
