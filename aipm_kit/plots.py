"""One look for every figure in the kit.

The palette is Okabe-Ito (colour-blind safe). :func:`finish` enforces the
kit's figure rules: a title that states the finding, labelled axes with
units, and a one-line takeaway under the plot.
"""

from __future__ import annotations

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GOOD, BAD, NEUTRAL, ACCENT = "#009E73", "#D55E00", "#0072B2", "#E69F00"


def use_style() -> None:
    """Apply the kit's matplotlib style (call once per notebook; idempotent)."""
    import matplotlib as mpl
    from cycler import cycler

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
