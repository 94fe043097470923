"""The threshold figure's third panel: review hours against the threshold, beside the capacity line.

:func:`_draw_hours_panel` draws it for :func:`~aipm_kit.apps.threshold_explorer.threshold_figure` (with
``hours_panel_xmax``), so the thresholds whose alerts the team cannot review are seen.
"""

from __future__ import annotations

import numpy as np

from ... import plots


def _draw_hours_panel(
    hours_ax,
    sweep,
    *,
    threshold: float,
    best,
    best_fit: float | None,
    best_over: bool,
    best_colour: str,
    best_ls: str,
    cap: float,
    hours_panel_xmax: float,
    hours_label: str,
    hours_decimals: int,
    mark_over: bool,
    legend_below: bool,
) -> None:
    """Draw the sweep's review hours on ``hours_ax`` from threshold 0 to ``hours_panel_xmax``, with the capacity
    ``cap``, the highlighted threshold, the highest point estimate of net value (``best``) and, when it is over
    the hours, the highest that fits (``best_fit``)."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    near = sweep["threshold"].to_numpy(float) <= hours_panel_xmax + 1e-9
    hours_ax.plot(
        sweep.loc[near, "threshold"],
        sweep.loc[near, "review_hours_per_week"],
        color=plots.NEUTRAL,
        marker="o",
        ms=3,
        label=f"review {hours_label}",
    )
    hours_ax.axhline(cap, color="grey", lw=1.2, label=f"hours the plan allows ({cap:,.{hours_decimals}f} h)")
    hours_ax.axvline(threshold, color="black", lw=1, ls="--", label=f"chosen ({threshold:.2f})")
    if best["threshold"] <= hours_panel_xmax:
        hours_ax.axvline(
            best["threshold"],
            color=best_colour,
            lw=1,
            ls=best_ls,
            label=f"highest point estimate of net value ({best['threshold']:.2f})"
            + (", over the hours" if best_over else ""),
        )
    if best_over and best_fit <= hours_panel_xmax:
        hours_ax.axvline(
            best_fit,
            color=plots.ACCENT,
            lw=1.2,
            ls="-.",
            label=f"highest point estimate that fits ({best_fit:.2f})",
        )
    hours_ax.set_xlim(0, hours_panel_xmax)
    hours_ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))  # few ticks: labels apart
    hours_ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.2f}"))
    top = 3 * cap  # the lowest thresholds flag nearly everything: cut the axis so the capacity line is readable
    if float(np.nanmax(sweep.loc[near, "review_hours_per_week"])) > top:
        hours_ax.set_ylim(0, top)
        for dy in (0.0, 0.025):  # break marks at the top of the y axis; the legend says where it is cut
            hours_ax.plot(
                [-0.025, 0.025],
                [0.985 - dy, 1.005 - dy],
                transform=hours_ax.transAxes,
                color="grey",
                lw=1,
                clip_on=False,
            )
        hours_ax.plot(
            [],
            [],
            ls="none",
            label=f"y axis cut at {top:,.{hours_decimals}f} h (break marks): higher values not drawn",
        )
    else:
        hours_ax.set_ylim(0, None)
    lines_at = sorted(
        {0.0, float(hours_panel_xmax), float(threshold)}
        | ({float(best["threshold"])} if best["threshold"] <= hours_panel_xmax else set())
        | ({float(best_fit)} if best_over and best_fit <= hours_panel_xmax else set())
    )
    over_here = near & (sweep["review_hours_per_week"].to_numpy(float) > cap)
    said = (
        f"Thresholds up to {float(sweep.loc[over_here, 'threshold'].max()):.2f} need more\nthan the "
        f"{cap:,.{hours_decimals}f} h the plan allows"
        if over_here.any()
        else f"Every threshold drawn fits\nthe {cap:,.{hours_decimals}f} h the plan allows"
    )
    if mark_over and over_here.any():  # write the hours of the highest threshold over the line beside its point
        last = float(sweep.loc[over_here, "threshold"].max())
        h_last = float(sweep.loc[sweep["threshold"] == last, "review_hours_per_week"].iloc[0])
        # the label sits in the widest gap between the vertical lines right of the point, above the capacity
        # line and the curve there (every threshold right of `last` fits the hours), so no line crosses it
        right_of = [x for x in lines_at if x >= last - 1e-9]
        right_of = right_of if len(right_of) > 1 else lines_at  # nothing right of it: the widest gap anywhere
        gaps = [(b - a, (a + b) / 2) for a, b in zip(right_of, right_of[1:])]
        label_x = max(gaps)[1]
        hours_ax.annotate(
            f"{last:.2f}: {h_last:,.{hours_decimals}f} h",
            (last, min(h_last, top)),
            xytext=(label_x, min(1.8 * cap, 0.8 * hours_ax.get_ylim()[1])),
            textcoords="data",
            fontsize=8,
            color=plots.BAD,
            ha="center",
            va="center",
            arrowprops=dict(arrowstyle="-", color=plots.BAD, lw=0.8, shrinkA=3),
        )
    plots.finish(
        hours_ax,
        title=said,
        xlabel=f"threshold (model score; 0 to {hours_panel_xmax:.2f} only)",
        ylabel=f"review {hours_label}",
        legend=False,
    )
    if legend_below:
        hours_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, fontsize=8, frameon=False)
    else:
        hours_ax.legend(loc="best", fontsize=8, framealpha=0.9)
