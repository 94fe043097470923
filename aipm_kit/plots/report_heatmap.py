"""The column x statistic heatmap of one :class:`aipm_kit.drift.DriftReport`.

A drift report compares two samples once with several statistics; :func:`drift_report_heatmap` colours
each cell by how far past its alert threshold it is (the report itself does not draw: drawing is
presentation).
"""

from __future__ import annotations

from .base import figure, finish


def drift_report_heatmap(report, *, ax=None, takeaway: str | None = None):
    """Column x statistic heatmap of a :class:`aipm_kit.drift.DriftReport`.

    Each cell is coloured by how far past its threshold it is (value over
    threshold for distances; ``log p / log threshold`` for tests), so 1 is the
    alert line; the cell text is the statistic (or the p-value), followed by ``!`` at or past the line.

    Parameters
    ----------
    report : aipm_kit.drift.DriftReport
        What :func:`aipm_kit.drift.drift_report` returned.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to the report.
    takeaway : str, optional
        One line under the figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the heatmap (colours capped at 3 times the threshold), titled with how many
        columns drift by the report's headline statistic.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> ref = pd.DataFrame({"x": range(100), "c": ["a", "b"] * 50})
    >>> cur = pd.DataFrame({"x": range(50, 150), "c": ["a"] * 100})
    >>> ax = drift_report_heatmap(drift.drift_report(ref, cur, stats=("psi", "ks")))
    >>> ax.get_title(), [t.get_text() for t in ax.texts]
    ('2 of 2 columns drift by PSI', ['4.3 !', 'p=1e-11 !', '4.6 !'])
    >>> plt.close(ax.figure)
    """
    import numpy as np

    from ..drift import STATISTICS

    frame = report.to_frame()
    columns, stats = list(report.columns), [s for s in report.stats if s in set(frame.method)]
    ratio = np.full((len(columns), len(stats)), np.nan)
    text = [["" for _ in stats] for _ in columns]
    for r in report.results:
        i, j = columns.index(r.column), stats.index(r.method)
        if STATISTICS[r.method].on == "p_value":
            p = max(r.pvalue, 1e-300)
            ratio[i, j] = np.log(p) / np.log(r.threshold)
            text[i][j] = f"p={r.pvalue:.1g}"
        else:
            ratio[i, j] = r.statistic / r.threshold
            text[i][j] = f"{r.statistic:.2g}"
    if ax is None:
        _, ax = figure(figsize=(1.3 * len(stats) + 3, 0.45 * len(columns) + 2))
    shown = np.clip(ratio, 0, 3)
    image = ax.imshow(np.ma.masked_invalid(shown), aspect="auto", cmap="cividis_r", vmin=0, vmax=3)
    ax.grid(False)
    for i in range(len(columns)):
        for j in range(len(stats)):
            if np.isfinite(ratio[i, j]):
                ax.text(
                    j,
                    i,
                    text[i][j] + (" !" if ratio[i, j] >= 1 else ""),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if shown[i, j] > 1.6 else "black",
                )
    ax.set_xticks(range(len(stats)))
    ax.set_xticklabels([STATISTICS[s].label for s in stats])
    ax.set_yticks(range(len(columns)))
    ax.set_yticklabels(columns)
    ax.figure.colorbar(image, ax=ax, label="times the alert threshold (capped at 3)", fraction=0.04)
    n = len(report.drifted_columns)
    finish(
        ax,
        title=f"{n} of {len(columns)} columns drift by {STATISTICS[report.headline].label}",
        xlabel="statistic",
        ylabel="column",
        takeaway=takeaway,
        legend=False,
    )
    return ax
