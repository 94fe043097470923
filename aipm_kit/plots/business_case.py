"""The business case's figures: the cumulative net position to break-even, and the tornado chart.

Both take a result the planning module computed (a :class:`~aipm_kit.planning.BreakEven` or a
:class:`~aipm_kit.planning.Sensitivity`) and draw it; the planning results hold numbers only and never
import the plotting code.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..palette import BAD, GOOD, NEUTRAL
from .base import figure


def break_even(result, ax=None):
    """Draw the cumulative net position month by month, with the break-even month marked.

    Parameters
    ----------
    result : BreakEven
        What :func:`aipm_kit.planning.break_even` returned; its ``to_frame()`` gives the months and the
        cumulative net value, its ``months`` and ``pays_back`` the break-even line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure in the kit style (:func:`~aipm_kit.plots.figure`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: the cumulative net line, a black line at zero and, when the cost is paid back
        within the horizon, a dashed vertical line at the break-even month (labelled for a legend).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from aipm_kit import planning, plots
    >>> ax = plots.break_even(planning.break_even(120_000, monthly_value=25_000, monthly_cost=5_000, horizon_months=12))
    >>> [line.get_label() for line in ax.lines]
    ['cumulative net', '_child1', 'break-even: month 6.0']
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = figure()
    frame = result.to_frame()
    ax.plot(frame["month"], frame["cumulative_net"], color=NEUTRAL, lw=2, label="cumulative net")
    ax.axhline(0, color="black", lw=0.8)
    if result.pays_back:
        ax.axvline(result.months, color=GOOD, ls="--", label=f"break-even: month {result.months:.1f}")
    return ax


def tornado(result, ax=None, *, scale: float = 1.0, value_fmt: Mapping[str, str] | None = None):
    """A tornado chart: bars from the base value to the output at each end of the range.

    Each bar end is the output with its assumption at the stated low or high
    value, and is labelled with that input value, so a bar's width can be
    read against the range that produced it. Bars are coloured by what the
    output does (falls or rises), not by which end of the input produced it.
    The largest swing is drawn on top.

    Parameters
    ----------
    result : Sensitivity
        What :func:`aipm_kit.planning.sensitivity` returned: its ``table`` (one row per assumption, sorted by
        swing) and its ``base_value``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure in the kit style (:func:`~aipm_kit.plots.figure`).
    scale : float, default 1.0
        The outputs are divided by it before drawing (``1_000`` draws thousands of dollars); the input labels
        at the bar ends are not scaled.
    value_fmt : mapping, optional
        Assumption name -> format string of its input labels (e.g. ``"{:.1%}"``); an assumption not named
        is labelled with ``"{:,.4g}"``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: two bars per assumption, a black line at the base value, the assumptions as
        y tick labels and the x range widened a quarter of the largest swing each side for the labels.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from aipm_kit import planning, plots
    >>> s = planning.sensitivity(lambda a, b: 3 * a - b, {"a": (0, 2), "b": (0, 4)}, base={"a": 1, "b": 1})
    >>> ax = plots.tornado(s, value_fmt={"b": "{:.1f} units"})
    >>> [t.get_text() for t in ax.get_yticklabels()]     # b swings 4, a swings 6: a on top
    ['b', 'a']
    >>> sorted(t.get_text() for t in ax.texts)
    ['0', '0.0 units', '2', '4.0 units']
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = figure()
    t = result.table.iloc[::-1]
    y = np.arange(len(t))
    base = result.base_value / scale
    fmts = dict(value_fmt or {})
    span = max(float(np.max(np.abs(t[["output_at_low", "output_at_high"]].to_numpy() / scale - base))), 1e-12)
    labelled = set()
    for i, (name, row) in enumerate(t.iterrows()):
        fmt = fmts.get(name, "{:,.4g}")
        for x, ends in ((row["low"], row["output_at_low"]), (row["high"], row["output_at_high"])):
            out = ends / scale
            kind = "falls" if out < base else "rises"
            colour = BAD if kind == "falls" else GOOD
            label = f"output {kind}" if kind not in labelled else None
            labelled.add(kind)
            ax.barh(i, out - base, left=base, color=colour, label=label)
            right = out >= base
            ax.text(
                out + (0.02 if right else -0.02) * span,
                i,
                fmt.format(x),
                va="center",
                ha="left" if right else "right",
                fontsize=8,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.4, alpha=0.9),
            )  # over any gridline
    ax.axvline(base, color="black", lw=1)
    ax.set_yticks(y, list(t.index))
    lo = min(base, float((t[["output_at_low", "output_at_high"]] / scale).min().min()))
    hi = max(base, float((t[["output_at_low", "output_at_high"]] / scale).max().max()))
    ax.set_xlim(lo - 0.25 * span, hi + 0.25 * span)  # room for the input labels at the bar ends
    return ax
