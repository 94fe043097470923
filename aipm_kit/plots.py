"""One look for every figure in the kit.

The palette is Okabe-Ito (colour-blind safe). :func:`finish` enforces the
kit's figure rules: a title that states the finding, labelled axes with
units, and a one-line takeaway under the plot.
"""

from __future__ import annotations

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GOOD, BAD, NEUTRAL, ACCENT = "#009E73", "#D55E00", "#0072B2", "#E69F00"


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


def _period_ticks(ax, labels, sizes=None, *, max_ticks: int = 14):
    import numpy as np

    step = max(1, int(np.ceil(len(labels) / max_ticks))) if len(labels) else 1
    positions = list(range(0, len(labels), step))
    text = []
    for i in positions:
        label = str(labels[i])
        if sizes is not None and label in sizes:
            label += f"\n{sizes[label] / 1000:.1f}k"
        text.append(label)
    ax.set_xticks(positions)
    ax.set_xticklabels(text, rotation=0 if len(labels) <= 12 else 45, fontsize=8,
                       ha="center" if len(labels) <= 12 else "right")


def drift_heatmap(table, *, ax=None, title: str | None = None, takeaway: str | None = None,
                  annotate: bool | None = None, vmax: float | None = None):
    """Feature x period heatmap of a :meth:`aipm_kit.drift.PeriodHistograms.drift_table`.

    Cells the table's rule flags (``table.attrs["drifted"]``) get an orange
    outline; the x labels carry each period's row count (thousands), so a thin
    window is visible next to its number.

    Examples
    --------
    >>> from aipm_kit import drift, plots                      # doctest: +SKIP
    >>> ax = plots.drift_heatmap(drift.windowed_drift(frame, time_col="date"))  # doctest: +SKIP
    """
    import numpy as np

    import matplotlib.patches as patches

    from .drift import STATISTICS

    if ax is None:
        _, ax = figure(figsize=(min(14.0, max(7.5, 0.75 * table.shape[1] + 3)), 0.42 * table.shape[0] + 2.2))
    attrs = table.attrs
    stat = attrs.get("statistic", "psi")
    info = STATISTICS[stat]
    measure = attrs.get("measure", "value")
    values = table.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    top = vmax if vmax is not None else (float(finite.max()) if finite.size and finite.max() > 0 else 1.0)
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap="cividis_r", vmin=0, vmax=top)
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
                ax.text(j, i, f"{v:.3f}" if top < 10 else f"{v:.3g}", ha="center", va="center", fontsize=7,
                        color="white" if v > 0.55 * top else "black")
            if period in flagged.get(feature, ()):
                ax.add_patch(patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=BAD, lw=2))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    _period_ticks(ax, cols, attrs.get("window_sizes"))
    what = {"value": info.unit, "effect_size": "effect size", "p_value": "p-value"}.get(measure, measure)
    ax.figure.colorbar(image, ax=ax, label=f"{info.label}: {what}", fraction=0.04, pad=0.02)
    n_flags = sum(len(v) for v in flagged.values())
    reference = attrs.get("reference", [])
    ref_text = reference[0] if len(reference) == 1 else (f"{reference[0]}..{reference[-1]}" if reference else "?")
    rule = attrs.get("rule_text") or ("p < " if info.on == "p_value" else ">= ") + f"{attrs.get('threshold')}"
    finish(ax, title=title or f"{n_flags} feature-periods drift from {ref_text} ({info.label}, {rule})",
           xlabel="period (rows in thousands)", ylabel="feature", takeaway=takeaway, legend=False)
    return ax


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


def distribution_overlay(reference, current, *, numeric: bool, feature: str, reference_label: str = "reference",
                         current_label: str = "current", ax=None, top: int = 12, bins: int = 40,
                         title: str | None = None, takeaway: str | None = None):
    """One feature's reference and current distributions overlaid.

    ``reference`` and ``current`` are shares indexed by value (numbers) or
    category, as :meth:`aipm_kit.drift.PeriodHistograms.shares` returns.
    Numbers are drawn as step histograms on shared bins between the 1st and
    99th percentiles of the two windows; categories as paired bars for the
    ``top`` categories with the largest share in either window.
    """
    import numpy as np

    import pandas as pd

    if ax is None:
        _, ax = figure()
    ref, cur = reference.astype(float), current.astype(float)
    if numeric:
        levels = np.union1d(ref.index.to_numpy(dtype=float), cur.index.to_numpy(dtype=float))
        r = ref.reindex(levels, fill_value=0).to_numpy()
        c = cur.reindex(levels, fill_value=0).to_numpy()
        both = (r + c) / 2
        cdf = np.cumsum(both)
        lo = levels[np.searchsorted(cdf, 0.01)]
        hi = levels[min(np.searchsorted(cdf, 0.99), len(levels) - 1)]
        if hi <= lo:
            lo, hi = levels[0] - 0.5, levels[-1] + 0.5
        edges = np.linspace(lo, hi, bins + 1)
        idx = np.clip(np.searchsorted(edges, levels, side="right") - 1, 0, bins - 1)
        rh = np.bincount(idx, weights=r, minlength=bins)
        ch = np.bincount(idx, weights=c, minlength=bins)
        ax.stairs(rh, edges, label=reference_label, color=NEUTRAL, lw=2)
        ax.stairs(ch, edges, label=current_label, color=ACCENT, lw=2, fill=False, ls="--")
        xlabel = f"{feature} (values; 1st-99th percentile, ends folded in)"
    else:
        both = pd.concat([ref.rename("r"), cur.rename("c")], axis=1).fillna(0.0)
        both = both.loc[both.max(axis=1).sort_values(ascending=False).index[:top]]
        x = np.arange(len(both))
        ax.bar(x - 0.2, both["r"], width=0.4, label=reference_label, color=NEUTRAL)
        ax.bar(x + 0.2, both["c"], width=0.4, label=current_label, color=ACCENT)
        ax.set_xticks(x)
        ax.set_xticklabels([str(i) for i in both.index], rotation=45 if len(both) > 6 else 0, ha="right"
                           if len(both) > 6 else "center", fontsize=8)
        xlabel = f"{feature} (top {len(both)} categories)"
    finish(ax, title=title or f"{feature}: {reference_label} vs {current_label}", xlabel=xlabel,
           ylabel="share of rows", takeaway=takeaway)
    return ax


def performance_over_time(performance, *, metric: str = "auc", alerts=(), reference=(), ax=None,
                          title: str | None = None, ylabel: str | None = None, takeaway: str | None = None,
                          max_ticks: int = 14):
    """A model metric per period, with drift alerts marked and the reference window shaded.

    ``performance`` is indexed by period label (text) with a column ``metric``
    and, optionally, ``rows``; ``alerts`` lists the periods where a drift alert
    fired, ``reference`` the periods the model (or the drift reference) covers.
    """
    import numpy as np

    if metric not in performance.columns:
        raise ValueError(f"metric must be one of {list(performance.columns)}, got {metric!r}")
    if ax is None:
        _, ax = figure()
    labels = [str(p) for p in performance.index]
    y = performance[metric].to_numpy(dtype=float)
    x = np.arange(len(labels))
    ax.plot(x, y, marker="o", ms=4, color=NEUTRAL, label=metric)
    ref = [i for i, p in enumerate(labels) if p in set(map(str, reference))]
    if ref:
        ax.axvspan(min(ref) - 0.5, max(ref) + 0.5, color=GOOD, alpha=0.12, label="reference window")
    hit = [i for i, p in enumerate(labels) if p in set(map(str, alerts))]
    if hit:
        ax.scatter(x[hit], y[hit], marker="^", s=90, color=BAD, zorder=3, label="drift alert")
    sizes = performance["rows"].to_dict() if "rows" in performance.columns else None
    _period_ticks(ax, labels, sizes, max_ticks=max_ticks)
    finish(ax, title=title or f"{metric} by period", xlabel="period (rows in thousands)",
           ylabel=ylabel or metric, takeaway=takeaway)
    return ax
