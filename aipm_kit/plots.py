"""One look for every figure in the kit.

The palette is Okabe-Ito (colour-blind safe). :func:`finish` enforces the
kit's figure rules: a title that states the finding, labelled axes with
units, and a one-line takeaway under the plot.
"""

from __future__ import annotations

# the colours live in aipm_kit.palette; plots.PALETTE, plots.GOOD, plots.BAD ... are re-exported from there
from .palette import ACCENT, BAD, BLACK, GOOD, MUTED, NEUTRAL, PALETTE, WHITE

_MISSING = "#F2F2F2"  # a drift-table cell with no value
_EDGE = "#999"        # the border of a group header and of a legend swatch in the HTML drift table


def use_style() -> None:
    """Apply the kit's matplotlib style (call once per notebook; idempotent).

    In a Jupyter kernel started with a backend that hides figures (an inherited
    ``MPLBACKEND=Agg``), it also switches to inline figures: see
    :mod:`aipm_kit.runtime`.
    """
    import matplotlib as mpl
    from cycler import cycler

    from .runtime import ensure_inline_figures

    ensure_inline_figures()

    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=PALETTE),
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 90,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "font.size": 10,
        "svg.hashsalt": "aipm-kit",
    })


def finish(ax, *, title: str, xlabel: str, ylabel: str, takeaway: str | None = None, legend: bool | None = None):
    """Title, axis labels and a takeaway line; refuses to leave any of them empty."""
    for arg, value in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not value or not str(value).strip():
            raise ValueError(f"{arg} must be non-empty: every kit figure states its finding and units")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend or (legend is None and ax.get_legend_handles_labels()[0]):
        ax.legend(frameon=False)
    fig = ax.figure
    if takeaway:
        fig.text(0.01, -0.02, f"Takeaway: {takeaway}", ha="left", va="top", fontsize=9, style="italic",
                 wrap=True)
    fig.tight_layout()
    return ax


def figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """``plt.subplots`` with the kit style applied."""
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(nrows, ncols, **kwargs)


# --------------------------------------------------------------------------------------------------
# drift figures (notebook 12 and the drift dashboard; see aipm_kit.drift and aipm_kit.widgets)
#
# The distribution and performance figures are small classes that keep their artists and change
# their data in place, so the live dashboard redraws one figure in tens of milliseconds; the plain
# functions (distribution_overlay, performance_over_time) draw one fresh copy with the same class.
# The heatmap is drawn twice over one colour scale: a matplotlib figure for the notebook and the
# exports, a coloured HTML table for the live dashboard.

import calendar
import html as _html
import io as _io
from bisect import bisect_right as _bisect_right
from dataclasses import dataclass as _dataclass


def _mix(colour: str, other: str, share: float) -> str:
    """Hex ``colour`` moved ``share`` of the way towards ``other``."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def _nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``x``."""
    import math

    if not (x > 0 and math.isfinite(x)):
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


_EFFECT_SIZE = {"ks": "effect size D, the largest gap between the CDFs (0-1)",
                "chi_square": "effect size, Cramér's V (0-1)"}


@_dataclass(frozen=True)
class DriftScale:
    """How the drift figures colour one statistic.

    For distances (PSI, Jensen-Shannon, Wasserstein) the bands are anchored
    to the alert threshold ``t``: below ``t/2``, ``t/2`` to ``t`` (blues),
    ``t`` to ``2t``, ``2t`` to ``4t`` and ``4t`` or more (orange to dark red),
    so every colour at or past the alert line is warm. For PSI at the usual
    0.1 alert line this puts band edges at 0.1 and 0.2, the conventional
    moderate and major shifts. Tests (KS, chi-square) alert on a p-value, which
    says nothing about size: their cells show the effect size on an even blue
    scale and the p-value rule is the cell outline.
    """

    statistic: str
    label: str                    # what the colour measures, with its unit
    edges: tuple[float, ...]      # band limits, increasing
    colours: tuple[str, ...]      # one per band; one more than the bounded bands when open_top
    threshold: float | None
    rule: str                     # the alert rule, e.g. ">= 0.1" or "p < 0.05"
    open_top: bool
    anchored: bool                # True when the bands are multiples of the alert threshold

    def band(self, value: float) -> int | None:
        """Index of the band holding ``value`` (None for NaN)."""
        if value is None or value != value:
            return None
        i = _bisect_right(self.edges, float(value)) - 1
        return max(0, min(i, len(self.colours) - 1))

    def colour(self, value: float) -> str:
        i = self.band(value)
        return _MISSING if i is None else self.colours[i]

    def text_colour(self, value: float) -> str:
        colour = self.colour(value)
        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return WHITE if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else BLACK

    def band_labels(self) -> list[str]:
        labels = [f"{self.edges[i]:.3g}-{self.edges[i + 1]:.3g}" for i in range(len(self.edges) - 1)]
        if self.open_top:
            labels.append(f"{self.edges[-1]:.3g} or more")
        return labels

    def cmap_norm(self):
        """A matplotlib colormap and norm drawing exactly these bands."""
        from matplotlib.colors import BoundaryNorm, ListedColormap

        bounded = len(self.edges) - 1
        cmap = ListedColormap(list(self.colours[:bounded]))
        if self.open_top:
            cmap = cmap.with_extremes(over=self.colours[-1])
        return cmap, BoundaryNorm(list(self.edges), bounded)


def drift_scale(stat: str, threshold: float | None = None, *, measure: str = "value",
                top: float | None = None) -> DriftScale:
    """The colour scale for ``stat`` at alert ``threshold`` (default: the statistic's own).

    ``measure`` is what the cells hold (``value``, ``effect_size`` or
    ``p_value``, as in :meth:`aipm_kit.drift.PeriodHistograms.drift_table`);
    ``top`` is the largest value shown, which sets the effect-size scale of
    the tests.

    Examples
    --------
    >>> s = drift_scale("psi", 0.1)
    >>> s.edges, s.rule
    ((0.0, 0.05, 0.1, 0.2, 0.4), '>= 0.1')
    >>> s.colour(0.15) == ACCENT, s.colour(0.5) == s.colour(9.0)
    (True, True)
    """
    from .drift import STATISTICS, check_threshold, statistic_name

    name = statistic_name(stat)
    info = STATISTICS[name]
    t = check_threshold(name, info.default_threshold if threshold is None else threshold)
    rule = f"p < {t:g}" if info.on == "p_value" else f">= {t:g}"
    if measure == "p_value":
        return DriftScale(name, f"{info.label}: p-value", (0.0, t, 1.0), (BAD, _mix(NEUTRAL, WHITE, 0.85)), t,
                          rule, False, True)
    if info.on == "value":
        edges = (0.0, t / 2, t, 2 * t, 4 * t)
        colours = (_mix(NEUTRAL, WHITE, 0.88), _mix(NEUTRAL, WHITE, 0.55), ACCENT, BAD,
                   _mix(BAD, BLACK, 0.5))
        return DriftScale(name, f"{info.label}: {info.unit}", edges, colours, t, rule, True, True)
    top = _nice_ceiling(top if top is not None else 1.0)
    edges = tuple(top * k / 4 for k in range(5))
    colours = tuple(_mix(NEUTRAL, WHITE, s) for s in (0.9, 0.65, 0.35, 0.0))
    return DriftScale(name, f"{info.label}: {_EFFECT_SIZE.get(name, info.unit)}", edges, colours, t, rule,
                      False, False)


def _table_scale(table, vmax=None) -> DriftScale:
    import numpy as np

    attrs = table.attrs
    values = table.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    top = vmax if vmax is not None else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    return drift_scale(attrs.get("statistic", "psi"), attrs.get("threshold"), measure=attrs.get("measure", "value"),
                       top=top)


def _ref_text(reference) -> str:
    reference = list(reference or [])
    if not reference:
        return "?"
    return reference[0] if len(reference) == 1 else f"{reference[0]}..{reference[-1]}"


def _heatmap_title(table) -> str:
    from .drift import STATISTICS

    attrs = table.attrs
    info = STATISTICS[attrs.get("statistic", "psi")]
    n_flags = sum(len(v) for v in attrs.get("drifted", {}).values())
    rule = attrs.get("rule_text") or ("p < " if info.on == "p_value" else ">= ") + f"{attrs.get('threshold')}"
    return (f"{n_flags} feature-periods drift from {_ref_text(attrs.get('reference'))} "
            f"({info.label}, alert at {rule.removeprefix('value ')})")


def _period_names(labels) -> tuple[list[str], str]:
    """Short tick text for period labels and the axis word: ``2013-01`` -> ``Jan`` ("month of 2013").

    Months of one year become month names; dates (weeks, days) in the most
    common year lose the year (``01-07``), others keep it.
    """
    labels = [str(x) for x in labels]
    years = [x[:4] for x in labels]
    main = max(set(years), key=years.count) if years else ""
    if labels and all(len(x) == 7 and x[4] == "-" and x[5:].isdigit() for x in labels):
        if len(set(years)) == 1:
            return [calendar.month_abbr[int(x[5:])] for x in labels], f"month of {main}"
        return labels, "month"
    if labels and all(len(x) == 10 and x[4] == "-" and x[7] == "-" for x in labels):
        return [x[5:] if x[:4] == main else x for x in labels], f"period starting ({main} unless shown)"
    return labels, "period"


def _period_ticks(ax, labels, sizes=None, *, max_ticks: int = 14) -> str:
    """Tick marks for a period axis (row counts under each label); returns the axis word."""
    import numpy as np

    names, axis = _period_names(labels)
    step = max(1, int(np.ceil(len(labels) / max_ticks))) if len(labels) else 1
    positions = list(range(0, len(labels), step))
    text = []
    for i in positions:
        label = names[i]
        if sizes is not None and str(labels[i]) in sizes:
            label += f"\n{sizes[str(labels[i])] / 1000:.1f}k"
        text.append(label)
    ax.set_xticks(positions)
    longest = max((len(n) for n in names), default=0)
    crowded = len(positions) > 12 or (longest > 5 and len(positions) > 8)
    ax.set_xticklabels(text, rotation=45 if crowded else 0, fontsize=8, ha="right" if crowded else "center")
    return axis


def drift_heatmap(table, *, ax=None, title: str | None = None, takeaway: str | None = None,
                  annotate: bool | None = None, vmax: float | None = None):
    """Feature x period heatmap of a :meth:`aipm_kit.drift.PeriodHistograms.drift_table`.

    Colours follow :func:`drift_scale`: for distances, bands anchored to the
    table's alert threshold (warm at and past the line). Cells the table's
    rule flags (``table.attrs["drifted"]``) get a black outline; the x labels
    carry each period's row count (thousands), so a thin window is visible
    next to its number. ``vmax`` sets the top of the effect-size scale of the
    tests.

    Examples
    --------
    >>> from aipm_kit import drift, plots                      # doctest: +SKIP
    >>> ax = plots.drift_heatmap(drift.windowed_drift(frame, time_col="date"))  # doctest: +SKIP
    """
    import numpy as np

    import matplotlib.patches as patches

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
                ax.text(j, i, f"{v:.3f}" if scale.edges[-1] < 10 else f"{v:.3g}", ha="center", va="center",
                        fontsize=7, color=scale.text_colour(v))
            if period in flagged.get(feature, ()):
                ax.add_patch(patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=BLACK, lw=1.6))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    axis = _period_ticks(ax, cols, attrs.get("window_sizes"))
    bar = ax.figure.colorbar(image, ax=ax, label=scale.label, fraction=0.04, pad=0.02,
                             extend="max" if scale.open_top else "neither", ticks=list(scale.edges))
    if scale.anchored and scale.threshold is not None:
        bar.ax.axhline(scale.threshold, color=BLACK, lw=1.5)
        bar.ax.set_yticklabels([f"{e:.3g}" + (" alert" if e == scale.threshold else "") for e in scale.edges])
    finish(ax, title=title or _heatmap_title(table), xlabel=f"{axis} (rows in thousands)", ylabel="feature",
           takeaway=takeaway, legend=False)
    return ax


def drift_heatmap_html(table, *, title: str | None = None, takeaway: str | None = None,
                       current: str | None = None, vmax: float | None = None, annotate: bool | None = None,
                       axis: str | None = None) -> str:
    """The same heatmap as :func:`drift_heatmap`, as a coloured HTML table.

    Built as text in a few milliseconds, it is what the live dashboard shows:
    it reflows to the page width, every cell carries its value, row count and
    verdict as a tooltip (and in ``data-`` attributes), and the page can be
    searched. Reference periods are shaded green in the header, the
    ``current`` period is marked, flagged cells are outlined. For more than
    16 periods the cells hold colour only (the number is in the tooltip).
    ``axis`` names the columns (default: "month of 2013" for months of one
    year, else "period starting").
    """
    import numpy as np

    from .drift import STATISTICS

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
    esc = _html.escape
    head_style = "padding:1px 0;font-weight:normal;text-align:center;overflow:hidden;white-space:nowrap"
    vertical = "writing-mode:vertical-rl;transform:rotate(180deg);margin:0 auto;line-height:1"

    def month_name(period: str, *, with_year: bool) -> str:
        try:
            name = calendar.month_abbr[int(period[5:7])]
        except (ValueError, IndexError):
            return period
        return f"{name} {period[:4]}" if with_year else name

    out = [f'<figure class="aipm-heatmap-figure" data-stat="{esc(info.name)}" data-threshold="{scale.threshold:g}" '
           f'data-current="{esc(str(current or ""))}" style="margin:0">',
           f'<figcaption class="aipm-figure-title" style="font-weight:bold;font-size:13px;margin:2px 0 4px">'
           f'{esc(title or _heatmap_title(table))}</figcaption>',
           '<table class="aipm-heat" style="table-layout:fixed;width:100%;border-collapse:collapse;'
           'font-size:11px;font-variant-numeric:tabular-nums">',
           '<colgroup><col style="width:8.5em">' + "<col>" * len(cols) + "</colgroup><thead>",
           f'<tr><th style="text-align:left">feature</th><th colspan="{len(cols)}" style="text-align:left;'
           f'font-weight:normal;font-style:italic">{esc(axis)}: green, the reference window; underlined, '
           "the current one</th></tr>"]
    if weekly:  # a row of months over the weeks; the year where it changes
        groups: list[list] = []
        for c in cols:
            if groups and groups[-1][0] == c[:7]:
                groups[-1][1] += 1
            else:
                groups.append([c[:7], 1])
        cells, year = [], None
        for key, n in groups:
            name = month_name(key, with_year=key[:4] != year)
            year = key[:4]
            cells.append(f'<th colspan="{n}" title="{esc(name)}" style="{head_style};border-left:1px solid {_EDGE};'
                         f'text-align:left">{esc(name)}</th>')
        out.append("<tr><th></th>" + "".join(cells) + "</tr>")
    out.append("<tr><th></th>")
    for c, name in zip(cols, names):
        style = head_style
        if c in reference:
            style += f";background:{_mix(GOOD, WHITE, 0.7)}"
        mark = ""
        if c == str(current):
            style += f";font-weight:bold;border-bottom:3px solid {BLACK}"
            mark = ' data-current="1"'
        text = f'<div style="{vertical}">{esc(c[8:10])}</div>' if weekly else esc(name)
        out.append(f'<th{mark} title="{esc(c)}" style="{style}">{text}</th>')
    out.append("</tr></thead><tbody>")
    for i, feature in enumerate(rows):
        out.append(f'<tr><th style="text-align:left;font-weight:normal;white-space:nowrap;overflow:hidden;'
                   f'text-overflow:ellipsis" title="{esc(feature)}">{esc(feature)}</th>')
        for j, period in enumerate(cols):
            v = values[i, j]
            hit = period in flagged.get(feature, ())
            rows_here = sizes.get(period)
            rows_text = f"; {rows_here:,} rows" if rows_here is not None else ""
            shown = "" if not np.isfinite(v) else (f"{v:.3f}" if scale.edges[-1] < 10 else f"{v:.3g}")
            tip = (f"{feature}, {period}: {info.label} {shown or 'no values'}"
                   f"{' - DRIFT (' + scale.rule + ')' if hit else ''}{rows_text}")
            style = (f"background:{scale.colour(v)};color:{scale.text_colour(v)};text-align:center;"
                     f"padding:3px 0;border:1px solid {WHITE};overflow:hidden;white-space:nowrap")
            if hit:
                style += f";box-shadow:inset 0 0 0 2px {BLACK}"
            out.append(f'<td class="aipm-cell{" aipm-flagged" if hit else ""}" data-feature="{esc(feature)}" '
                       f'data-period="{esc(period)}" data-value="{"" if not np.isfinite(v) else repr(float(v))}" '
                       f'title="{esc(tip)}" style="{style}">{shown if annotate else ""}</td>')
        out.append("</tr>")
    out.append('</tbody><tfoot><tr><th style="text-align:left;font-weight:normal;font-style:italic" '
               'title="rows in each period, in thousands">rows (k)</th>')
    for c in cols:
        n = sizes.get(c)
        text = "" if n is None else f"{n / 1000:.1f}"
        out.append(f'<td style="text-align:center;color:{MUTED};font-size:10px;padding-top:2px">'
                   + (f'<div style="{vertical}">{text}</div>' if weekly else text) + "</td>")
    out.append("</tr></tfoot></table>")
    swatches = "".join(
        f'<span style="display:inline-block;margin-right:8px;white-space:nowrap">'
        f'<span style="display:inline-block;width:12px;height:12px;vertical-align:-2px;background:{colour};'
        f'border:1px solid {_EDGE}"></span> {esc(label)}</span>'
        for colour, label in zip(scale.colours, scale.band_labels()))
    if scale.anchored and scale.rule.startswith(">="):
        anchor = f"bands are multiples of the alert threshold {scale.threshold:g}, warm from it on; "
    else:
        anchor = ""
    out.append(f'<div class="aipm-legend" style="font-size:11px;margin-top:4px;line-height:1.7">'
               f"<b>Colour</b>: {esc(scale.label)} ({anchor}outlined: drift, {esc(scale.rule)}). {swatches}</div>")
    if takeaway:
        out.append(f'<div class="aipm-takeaway" style="font-size:11px;font-style:italic">Takeaway: '
                   f"{esc(takeaway)}</div>")
    out.append("</figure>")
    return "".join(out)


def drift_report_heatmap(report, *, ax=None, takeaway: str | None = None):
    """Column x statistic heatmap of a :class:`aipm_kit.drift.DriftReport`.

    Each cell is coloured by how far past its threshold it is (value over
    threshold for distances; ``log p / log threshold`` for tests), so 1 is the
    alert line; the cell text is the statistic (or the p-value).
    """
    import numpy as np

    from .drift import STATISTICS

    frame = report.to_frame()
    columns, stats = list(report.columns), [s for s in report.stats if s in set(frame.statistic)]
    ratio = np.full((len(columns), len(stats)), np.nan)
    text = [["" for _ in stats] for _ in columns]
    for r in report.results:
        i, j = columns.index(r.column), stats.index(r.statistic)
        if STATISTICS[r.statistic].on == "p_value":
            p = max(r.p_value, 1e-300)
            ratio[i, j] = np.log(p) / np.log(r.threshold)
            text[i][j] = f"p={r.p_value:.1g}"
        else:
            ratio[i, j] = r.value / r.threshold
            text[i][j] = f"{r.value:.2g}"
    if ax is None:
        _, ax = figure(figsize=(1.3 * len(stats) + 3, 0.45 * len(columns) + 2))
    shown = np.clip(ratio, 0, 3)
    image = ax.imshow(np.ma.masked_invalid(shown), aspect="auto", cmap="cividis_r", vmin=0, vmax=3)
    ax.grid(False)
    for i in range(len(columns)):
        for j in range(len(stats)):
            if np.isfinite(ratio[i, j]):
                ax.text(j, i, text[i][j] + (" !" if ratio[i, j] >= 1 else ""), ha="center", va="center",
                        fontsize=8, color="white" if shown[i, j] > 1.6 else "black")
    ax.set_xticks(range(len(stats)))
    ax.set_xticklabels([STATISTICS[s].label for s in stats])
    ax.set_yticks(range(len(columns)))
    ax.set_yticklabels(columns)
    ax.figure.colorbar(image, ax=ax, label="times the alert threshold (capped at 3)", fraction=0.04)
    n = len(report.drifted_columns)
    finish(ax, title=f"{n} of {len(columns)} columns drift by {STATISTICS[report.headline].label}",
           xlabel="statistic", ylabel="column", takeaway=takeaway, legend=False)
    return ax


class _Panel:
    """One figure kept between updates: artists change in place, then one draw and one PNG.

    Built on an existing ``ax`` (the plain functions do this) or on its own
    figure, made without pyplot so that nothing is shown or kept by it.
    """

    def __init__(self, ax=None, *, figsize=(6.4, 3.4), dpi: int = 80):
        if ax is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            use_style()
            fig = Figure(figsize=figsize, dpi=dpi)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            self.live = True
        else:
            self.live = False
        self.ax, self.fig = ax, ax.figure
        self._layout = None
        self._layouts: dict = {}
        self._takeaway = None

    def _texts(self, title: str, xlabel: str, ylabel: str, takeaway: str | None, layout) -> None:
        for arg, value in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
            if not value or not str(value).strip():
                raise ValueError(f"{arg} must be non-empty: every kit figure states its finding and units")
        ax = self.ax
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if not self.live:  # finish() adds the takeaway and the layout of a one-off figure
            return
        if takeaway:
            if self._takeaway is None:
                self._takeaway = self.fig.text(0.01, 0.01, "", ha="left", va="bottom", fontsize=8.5, style="italic")
            self._takeaway.set_text(f"Takeaway: {takeaway}")
        elif self._takeaway is not None:
            self._takeaway.set_text("")
        layout = (layout, bool(takeaway))
        if layout != self._layout:  # the tick labels changed shape: lay out for it (computed once per shape)
            if layout not in self._layouts:
                self.fig.tight_layout(rect=(0, 0.065 if takeaway else 0, 1, 1))
                self.fig.set_layout_engine(None)  # else every savefig lays out (and draws) once more
                p = self.fig.subplotpars
                self._layouts[layout] = {k: getattr(p, k) for k in ("left", "right", "bottom", "top")}
            self.fig.subplots_adjust(**self._layouts[layout])
            self._layout = layout
        self._fit_title()

    def _fit_title(self) -> None:
        """Shrink the title's font until it fits across the figure (a live figure keeps its size)."""
        import matplotlib as mpl

        title = self.ax.title
        title.set_fontsize(mpl.rcParams["axes.titlesize"])
        renderer = self.fig.canvas.get_renderer()
        box = self.ax.get_window_extent(renderer)
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre, self.fig.bbox.width - centre) - 8
        width = title.get_window_extent(renderer).width
        if width > room > 0:
            title.set_fontsize(title.get_fontsize() * room / width)

    def png(self, dpi: int | None = None) -> bytes:
        """The figure as PNG bytes (one draw, fast zlib level)."""
        buf = _io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=dpi or self.fig.dpi, pil_kwargs={"compress_level": 1})
        return buf.getvalue()

    def _common(self) -> dict:
        ax = self.ax
        legend = ax.get_legend()
        return {"title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
                "xticks": [round(float(x), 9) for x in ax.get_xticks()] if self._fixed_ticks() else None,
                "xticklabels": [t.get_text() for t in ax.get_xticklabels()] if self._fixed_ticks() else None,
                "xlim": tuple(round(float(x), 9) for x in ax.get_xlim()),
                "xtick_style": sorted({(round(t.get_rotation()), t.get_ha(), t.get_fontsize())
                                       for t in ax.get_xticklabels()}),
                "legend": [t.get_text() for t in legend.texts] if legend is not None else [],
                "takeaway": self._takeaway.get_text() if self._takeaway is not None else None}

    def _fixed_ticks(self) -> bool:
        from matplotlib.ticker import FixedLocator

        return isinstance(self.ax.xaxis.get_major_locator(), FixedLocator)


def _overlay_data(reference, current, *, numeric: bool, top: int = 12, bins: int = 40) -> dict:
    """What :func:`distribution_overlay` draws: shared bins (numbers) or the top categories."""
    import numpy as np

    import pandas as pd

    ref, cur = reference.astype(float), current.astype(float)
    if numeric:
        levels = np.union1d(ref.index.to_numpy(dtype=float), cur.index.to_numpy(dtype=float))
        r = ref.reindex(levels, fill_value=0).to_numpy()
        c = cur.reindex(levels, fill_value=0).to_numpy()
        cdf = np.cumsum((r + c) / 2)
        lo = levels[np.searchsorted(cdf, 0.01)]
        hi = levels[min(np.searchsorted(cdf, 0.99), len(levels) - 1)]
        if hi <= lo:
            lo, hi = levels[0] - 0.5, levels[-1] + 0.5
        edges = np.linspace(lo, hi, bins + 1)
        idx = np.clip(np.searchsorted(edges, levels, side="right") - 1, 0, bins - 1)
        return {"edges": edges, "reference": np.bincount(idx, weights=r, minlength=bins),
                "current": np.bincount(idx, weights=c, minlength=bins)}
    both = pd.concat([ref.rename("r"), cur.rename("c")], axis=1).fillna(0.0)
    both = both.loc[both.max(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    return {"categories": [str(i) for i in both.index], "reference": both["r"].to_numpy(),
            "current": both["c"].to_numpy()}


class DistributionPanel(_Panel):
    """One feature's reference and current distributions, redrawn in place (see :func:`distribution_overlay`)."""

    def __init__(self, ax=None, *, figsize=(6.4, 3.4), dpi: int = 80, top: int = 12):
        super().__init__(ax, figsize=figsize, dpi=dpi)
        self.top = top
        self._stairs = None
        self._bars = None
        self.numeric = None

    def _ensure(self, numeric: bool) -> None:
        ax = self.ax
        if numeric and self._stairs is None:
            self._stairs = (ax.stairs([0.0], [0.0, 1.0], color=NEUTRAL, lw=2),
                            ax.stairs([0.0], [0.0, 1.0], color=ACCENT, lw=2, fill=False, ls="--"))
        if not numeric and self._bars is None:
            x = range(self.top)
            self._bars = (list(ax.bar(x, [0.0] * self.top, width=0.4, color=NEUTRAL)),
                          list(ax.bar(x, [0.0] * self.top, width=0.4, color=ACCENT)))
        for artist in self._stairs or ():
            artist.set_visible(numeric)
        for rect in [r for series in (self._bars or ()) for r in series]:
            rect.set_visible(False)

    def update(self, reference, current, *, numeric: bool, feature: str, reference_label: str = "reference",
               current_label: str = "current", unit: str | None = None, bins: int = 40, title: str | None = None,
               takeaway: str | None = None) -> "DistributionPanel":
        import numpy as np
        from matplotlib.ticker import AutoLocator, ScalarFormatter

        ax = self.ax
        data = _overlay_data(reference, current, numeric=numeric, top=self.top, bins=bins)
        self._ensure(numeric)
        ymax = float(max(data["reference"].max(initial=0), data["current"].max(initial=0)))
        if numeric:
            edges = data["edges"]
            self._stairs[0].set_data(data["reference"], edges)
            self._stairs[1].set_data(data["current"], edges)
            self._stairs[0].set_label(reference_label)
            self._stairs[1].set_label(current_label)
            if self.numeric is not True:  # fresh ticks: the categories' labels were rotated and right-aligned
                ax.xaxis.set_major_locator(AutoLocator())
                ax.xaxis.set_major_formatter(ScalarFormatter())
                ax.tick_params(axis="x", labelrotation=0, labelsize=10)
                ax.xaxis.reset_ticks()
            pad = (edges[-1] - edges[0]) * 0.02
            ax.set_xlim(edges[0] - pad, edges[-1] + pad)
            handles = list(self._stairs)
            xlabel = f"{feature} ({unit or 'values'}; 1st-99th percentile, ends folded in)"
            shape = ("numeric",)
        else:
            n = len(data["categories"])
            x = np.arange(n)
            for series, heights, shift in ((self._bars[0], data["reference"], -0.2),
                                           (self._bars[1], data["current"], 0.2)):
                for k, rect in enumerate(series[:n]):
                    rect.set_x(x[k] + shift - 0.2)
                    rect.set_height(heights[k])
                    rect.set_visible(True)
            self._bars[0][0].set_label(reference_label)
            self._bars[1][0].set_label(current_label)
            rotate = n > 6
            ax.set_xticks(x)
            ax.set_xticklabels(data["categories"], rotation=45 if rotate else 0, ha="right" if rotate else "center",
                               fontsize=8)
            ax.set_xlim(-0.6, n - 0.4)
            handles = [self._bars[0][0], self._bars[1][0]]
            xlabel = f"{feature} ({unit + '; ' if unit else ''}top {n} categories)"
            shape = ("categorical", rotate, max((len(c) for c in data["categories"]), default=0) // 4)
        self.numeric = numeric
        ax.set_ylim(0, ymax * 1.12 if ymax > 0 else 1.0)
        ax.legend(handles, [h.get_label() for h in handles], loc="upper right", frameon=False, fontsize=8)
        self.title = title or f"{feature}: {reference_label} vs {current_label}"
        self.xlabel, self.ylabel, self.takeaway = xlabel, "share of rows", takeaway
        self._texts(self.title, xlabel, self.ylabel, takeaway, shape)
        return self

    def shown(self) -> dict:
        """What the figure shows, read back from its artists (for tests and checks)."""
        import numpy as np

        out = self._common()
        if self.numeric:
            out["series"] = [(np.round(s.get_data().values, 12).tolist(), np.round(s.get_data().edges, 9).tolist())
                             for s in self._stairs if s.get_visible()]
        else:
            out["series"] = [[(round(r.get_x(), 9), round(r.get_height(), 12)) for r in series if r.get_visible()]
                             for series in self._bars]
        out["ylim"] = tuple(round(float(y), 9) for y in self.ax.get_ylim())
        return out


def distribution_overlay(reference, current, *, numeric: bool, feature: str, reference_label: str = "reference",
                         current_label: str = "current", unit: str | None = None, ax=None, top: int = 12,
                         bins: int = 40, title: str | None = None, takeaway: str | None = None):
    """One feature's reference and current distributions overlaid.

    ``reference`` and ``current`` are shares indexed by value (numbers) or
    category, as :meth:`aipm_kit.drift.PeriodHistograms.shares` returns.
    Numbers are drawn as step histograms on shared bins between the 1st and
    99th percentiles of the two windows; categories as paired bars for the
    ``top`` categories with the largest share in either window. ``unit``
    names the feature's unit on the x axis (``"minutes"``).
    """
    if ax is None:
        _, ax = figure()
    panel = DistributionPanel(ax, top=top).update(
        reference, current, numeric=numeric, feature=feature, reference_label=reference_label,
        current_label=current_label, unit=unit, bins=bins, title=title)
    finish(ax, title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel, takeaway=takeaway, legend=False)
    return ax


class PerformancePanel(_Panel):
    """A model metric per period, redrawn in place (see :func:`performance_over_time`)."""

    def __init__(self, ax=None, *, figsize=(6.4, 3.4), dpi: int = 80):
        super().__init__(ax, figsize=figsize, dpi=dpi)
        ax = self.ax
        self._line, = ax.plot([], [], marker="o", ms=4, color=NEUTRAL)
        self._span = ax.axvspan(0, 1, color=GOOD, alpha=0.12, label="reference window")
        self._alerts = ax.scatter([], [], marker="^", s=90, color=BAD, zorder=3, label="drift alert")
        self._current = ax.axvline(0, color=BLACK, ls="--", lw=1, label="current period")

    def update(self, performance, *, metric: str = "auc", alerts=(), reference=(), current=None,
               title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
               takeaway: str | None = None, max_ticks: int = 14,
               alert_label: str = "drift alert") -> "PerformancePanel":
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
        ax.legend(handles, [h.get_label() for h in handles], loc="upper center", ncol=len(handles),
                  frameon=True, facecolor="white", edgecolor="none", framealpha=1.0, fontsize=7.5,
                  handlelength=1.6, columnspacing=1.2)
        self.title = title or f"{metric} by period"
        self.xlabel = xlabel or f"{axis} ({'rows in thousands' if sizes else 'period'})"
        self.ylabel, self.takeaway = ylabel or metric, takeaway
        self._texts(self.title, self.xlabel, self.ylabel, takeaway,
                    tuple(t.get_rotation() for t in ax.get_xticklabels()[:1]) + (bool(sizes),))
        return self

    def shown(self) -> dict:
        """What the figure shows, read back from its artists (for tests and checks)."""
        out = self._common()
        x, y = self._line.get_data()
        out["line"] = (list(map(float, x)), [round(float(v), 12) for v in y])
        out["reference"] = ((round(self._span.get_x(), 9), round(self._span.get_width(), 9))
                            if self._span.get_visible() else None)
        out["alerts"] = ([tuple(round(float(v), 12) for v in xy) for xy in self._alerts.get_offsets()]
                         if self._alerts.get_visible() else [])
        out["current"] = float(self._current.get_xdata()[0]) if self._current.get_visible() else None
        out["ylim"] = tuple(round(float(v), 9) for v in self.ax.get_ylim())
        return out


def performance_over_time(performance, *, metric: str = "auc", alerts=(), reference=(), current=None, ax=None,
                          title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
                          takeaway: str | None = None, max_ticks: int = 14, alert_label: str = "drift alert"):
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
    panel = PerformancePanel(ax).update(performance, metric=metric, alerts=alerts, reference=reference,
                                        current=current, title=title, xlabel=xlabel, ylabel=ylabel,
                                        max_ticks=max_ticks, alert_label=alert_label)
    finish(ax, title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel, takeaway=takeaway, legend=False)
    return ax
