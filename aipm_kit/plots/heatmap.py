"""The feature x period drift heatmap, drawn twice over one colour scale.

:func:`drift_heatmap` draws a :meth:`aipm_kit.drift.PeriodHistograms.drift_table` as a matplotlib
figure (the notebook and the exports); :func:`drift_heatmap_html` builds the same heatmap as a
coloured HTML table in a few milliseconds (the live dashboard). Both colour cells with
:func:`~aipm_kit.plots.scale.drift_scale` and outline the cells the table's rule flags.
"""

from __future__ import annotations

import calendar

from ..palette import BLACK, GOOD, MUTED, WHITE
from .base import _mix, figure, finish
from .period_axis import _period_names, _period_ticks
from .scale import DriftScale, drift_scale

_EDGE = "#999"  # the border of a group header and of a legend swatch in the HTML drift table


def _table_scale(table, vmax=None) -> DriftScale:
    import numpy as np

    attrs = table.attrs
    values = table.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    top = vmax if vmax is not None else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    return drift_scale(
        attrs.get("statistic", "psi"), attrs.get("threshold"), measure=attrs.get("measure", "value"), top=top
    )


def _ref_text(reference) -> str:
    reference = list(reference or [])
    if not reference:
        return "?"
    return reference[0] if len(reference) == 1 else f"{reference[0]}..{reference[-1]}"


def _heatmap_title(table) -> str:
    from ..drift import STATISTICS

    attrs = table.attrs
    info = STATISTICS[attrs.get("statistic", "psi")]
    n_flags = sum(len(v) for v in attrs.get("drifted", {}).values())
    rule = attrs.get("rule_text") or ("p < " if info.on == "p_value" else ">= ") + f"{attrs.get('threshold')}"
    return (
        f"{n_flags} feature-periods drift from {_ref_text(attrs.get('reference'))} "
        f"({info.label}, alert at {rule.removeprefix('value ')})"
    )


def drift_heatmap(
    table,
    *,
    ax=None,
    title: str | None = None,
    takeaway: str | None = None,
    annotate: bool | None = None,
    vmax: float | None = None,
):
    """Feature x period heatmap of a :meth:`aipm_kit.drift.PeriodHistograms.drift_table`.

    Colours follow :func:`drift_scale`: for distances, bands anchored to the
    table's alert threshold (warm at and past the line). Cells the table's
    rule flags (``table.attrs["drifted"]``) get a black outline; the x labels
    carry each period's row count (thousands), so a thin window is visible
    next to its number. ``vmax`` sets the top of the effect-size scale of the
    tests.

    Parameters
    ----------
    table : pandas.DataFrame
        A drift table (features x periods, with its ``attrs``) from
        :meth:`aipm_kit.drift.PeriodHistograms.drift_table` or :func:`aipm_kit.drift.windowed_drift`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to the table.
    title : str, optional
        The figure's title; by default how many feature-periods drift from which reference, by which rule.
    takeaway : str, optional
        One line under the figure (see :func:`~aipm_kit.plots.finish`).
    annotate : bool, optional
        Print each cell's value; by default only when the table has at most 160 cells.
    vmax : float, optional
        Top of the tests' effect-size scale; by default the table's largest value.

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the heatmap, with a colour bar (the alert threshold marked on it for distances).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np, pandas as pd
    >>> from aipm_kit import drift
    >>> rng = np.random.default_rng(0)
    >>> hourly = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=2_184, freq="h"),
    ...                        "x": np.r_[rng.normal(0, 1, 1_440), rng.normal(1, 1, 744)],
    ...                        "y": rng.normal(0, 1, 2_184)})
    >>> table = drift.windowed_drift(hourly, time_col="t", reference="2024-01", columns=["x", "y"])
    >>> table.attrs["drifted"]
    {'x': ['2024-03'], 'y': []}
    >>> ax = drift_heatmap(table)
    >>> ax.get_title(), len(ax.patches)          # one flagged cell, outlined
    ('1 feature-periods drift from 2024-01 (PSI, alert at >= 0.2)', 1)
    >>> plt.close(ax.figure)
    """
    import matplotlib.patches as patches
    import numpy as np

    if ax is None:
        _, ax = figure(figsize=(min(14.0, max(7.5, 0.75 * table.shape[1] + 3)), 0.42 * table.shape[0] + 2.2))
    attrs = table.attrs
    scale = _table_scale(table, vmax)
    cmap, norm = scale.cmap_norm()
    values = table.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap, norm=norm)
    ax.grid(False)
    flagged = attrs.get("drifted", {})
    rows = list(table.index)
    cols = [str(c) for c in table.columns]
    if annotate is None:
        annotate = values.size <= 160
    for i, feature in enumerate(rows):
        for j, period in enumerate(cols):
            v = values[i, j]
            if annotate and np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.3f}" if scale.edges[-1] < 10 else f"{v:.3g}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=scale.text_colour(v),
                )
            if period in flagged.get(feature, ()):
                ax.add_patch(patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=BLACK, lw=1.6))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    axis = _period_ticks(ax, cols, attrs.get("window_sizes"))
    bar = ax.figure.colorbar(
        image,
        ax=ax,
        label=scale.label,
        fraction=0.04,
        pad=0.02,
        extend="max" if scale.open_top else "neither",
        ticks=list(scale.edges),
    )
    if scale.anchored and scale.threshold is not None:
        bar.ax.axhline(scale.threshold, color=BLACK, lw=1.5)
        bar.ax.set_yticklabels([f"{e:.3g}" + (" alert" if e == scale.threshold else "") for e in scale.edges])
    finish(
        ax,
        title=title or _heatmap_title(table),
        xlabel=f"{axis} (rows in thousands)",
        ylabel="feature",
        takeaway=takeaway,
        legend=False,
    )
    return ax


def drift_heatmap_html(
    table,
    *,
    title: str | None = None,
    takeaway: str | None = None,
    current: str | None = None,
    vmax: float | None = None,
    annotate: bool | None = None,
    axis: str | None = None,
) -> str:
    """The same heatmap as :func:`drift_heatmap`, as a coloured HTML table.

    Built as text in a few milliseconds, it is what the live dashboard shows:
    it reflows to the page width, every cell carries its value, row count and
    verdict as a tooltip (and in ``data-`` attributes), and the page can be
    searched. Reference periods are shaded green in the header, the
    ``current`` period is marked, flagged cells are outlined. For more than
    16 periods the cells hold colour only (the number is in the tooltip).
    ``axis`` names the columns (default: "month of 2013" for months of one
    year, else "period starting").

    Parameters
    ----------
    table : pandas.DataFrame
        A drift table with its ``attrs``, as for :func:`drift_heatmap`.
    title : str, optional
        The caption; by default the same title as :func:`drift_heatmap`.
    takeaway : str, optional
        One line under the table.
    current : str, optional
        The period to mark as the current one (bold, underlined).
    vmax : float, optional
        Top of the tests' effect-size scale; by default the table's largest value.
    annotate : bool, optional
        Print each cell's value; by default only for at most 16 periods.
    axis : str, optional
        What the columns are, shown over them.

    Returns
    -------
    str
        One ``<figure>`` element: caption, table, colour legend and the takeaway if given.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from aipm_kit import drift
    >>> rng = np.random.default_rng(0)
    >>> hourly = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=2_184, freq="h"),
    ...                        "x": np.r_[rng.normal(0, 1, 1_440), rng.normal(1, 1, 744)],
    ...                        "y": rng.normal(0, 1, 2_184)})
    >>> table = drift.windowed_drift(hourly, time_col="t", reference="2024-01", columns=["x", "y"])
    >>> page = drift_heatmap_html(table, current="2024-03", takeaway="x moved in March.")
    >>> page.startswith('<figure class="aipm-heatmap-figure" data-stat="psi" data-threshold="0.2"')
    True
    >>> page.count("aipm-flagged"), page.count('data-current="1"'), "Takeaway: x moved in March." in page
    (1, 1, True)
    """
    import numpy as np

    from ..drift import STATISTICS

    attrs = table.attrs
    info = STATISTICS[attrs.get("statistic", "psi")]
    scale = _table_scale(table, vmax)
    values = table.to_numpy(dtype=float)
    cols = [str(c) for c in table.columns]
    rows = [str(r) for r in table.index]
    sizes = attrs.get("window_sizes") or {}
    flagged = {f: set(v) for f, v in attrs.get("drifted", {}).items()}
    reference = set(map(str, attrs.get("reference") or ()))
    weekly = any(len(c) == 10 for c in cols)
    names, default_axis = _period_names(cols)
    axis = axis or ("period starting" if weekly else default_axis)
    if annotate is None:
        annotate = len(cols) <= 16
    from ..templating import render

    head_style = "padding:1px 0;font-weight:normal;text-align:center;overflow:hidden;white-space:nowrap"
    vertical = "writing-mode:vertical-rl;transform:rotate(180deg);margin:0 auto;line-height:1"

    def month_name(period: str, *, with_year: bool) -> str:
        try:
            name = calendar.month_abbr[int(period[5:7])]
        except (ValueError, IndexError):
            return period
        return f"{name} {period[:4]}" if with_year else name

    month_groups = None
    if weekly:  # a row of months over the weeks; the year where it changes
        groups: list[list] = []
        for c in cols:
            if groups and groups[-1][0] == c[:7]:
                groups[-1][1] += 1
            else:
                groups.append([c[:7], 1])
        month_groups, year = [], None
        for key, n in groups:
            month_groups.append((month_name(key, with_year=key[:4] != year), n))
            year = key[:4]
    heads = []
    for c, name in zip(cols, names):
        style = head_style
        if c in reference:
            style += f";background:{_mix(GOOD, WHITE, 0.7)}"
        if c == str(current):
            style += f";font-weight:bold;border-bottom:3px solid {BLACK}"
        heads.append({"period": c, "text": c[8:10] if weekly else name, "style": style, "current": c == str(current)})
    body = []
    for i, feature in enumerate(rows):
        cells = []
        for j, period in enumerate(cols):
            v = values[i, j]
            hit = period in flagged.get(feature, ())
            rows_here = sizes.get(period)
            rows_text = f"; {rows_here:,} rows" if rows_here is not None else ""
            shown = "" if not np.isfinite(v) else (f"{v:.3f}" if scale.edges[-1] < 10 else f"{v:.3g}")
            tip = (
                f"{feature}, {period}: {info.label} {shown or 'no values'}"
                f"{' - DRIFT (' + scale.rule + ')' if hit else ''}{rows_text}"
            )
            style = (
                f"background:{scale.colour(v)};color:{scale.text_colour(v)};text-align:center;"
                f"padding:3px 0;border:1px solid {WHITE};overflow:hidden;white-space:nowrap"
            )
            if hit:
                style += f";box-shadow:inset 0 0 0 2px {BLACK}"
            cells.append(
                {
                    "period": period,
                    "value": "" if not np.isfinite(v) else repr(float(v)),
                    "tip": tip,
                    "style": style,
                    "shown": shown if annotate else "",
                    "flagged": hit,
                }
            )
        body.append({"feature": feature, "cells": cells})
    footer = ["" if sizes.get(c) is None else f"{sizes[c] / 1000:.1f}" for c in cols]
    if scale.anchored and scale.rule.startswith(">="):
        anchor = f"bands are multiples of the alert threshold {scale.threshold:g}, warm from it on; "
    else:
        anchor = ""
    return render(
        "plots/drift_heatmap.html.j2",
        stat=info.name,
        threshold=f"{scale.threshold:g}",
        current=str(current or ""),
        title=title or _heatmap_title(table),
        axis=axis,
        n_cols=len(cols),
        month_groups=month_groups,
        heads=heads,
        rows=body,
        footer=footer,
        weekly=weekly,
        vertical=vertical,
        head_style=head_style,
        edge=_EDGE,
        muted=MUTED,
        swatches=list(zip(scale.colours, scale.band_labels())),
        legend={"label": scale.label, "anchor": anchor, "rule": scale.rule},
        takeaway=takeaway,
    )
