"""The kit's figure rules: the matplotlib style, a styled ``plt.subplots`` and :func:`finish`.

:func:`use_style` applies the look (the palette as the colour cycle, no top and right spines, a light
grid), :func:`figure` makes a styled figure and :func:`finish` enforces the title that states the
finding, the labelled axes and the one-line takeaway. :func:`_mix`, the colour helper the drift
figures blend their band colours with, lives here too.
"""

from __future__ import annotations

from ..palette import PALETTE


def use_style() -> None:
    """Apply the kit's matplotlib style (call once per notebook; idempotent).

    In a Jupyter kernel started with a backend that hides figures (an inherited
    ``MPLBACKEND=Agg``), it also switches to inline figures: see
    :mod:`aipm_kit.runtime`.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> use_style()
    >>> mpl.rcParams["axes.spines.top"], mpl.rcParams["figure.dpi"]
    (False, 90.0)
    """
    import matplotlib as mpl
    from cycler import cycler

    from ..runtime import ensure_inline_figures

    ensure_inline_figures()

    mpl.rcParams.update(
        {
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
        }
    )


def finish(ax, *, title: str, xlabel: str, ylabel: str, takeaway: str | None = None, legend: bool | None = None):
    """Title, axis labels and a takeaway line; refuses to leave any of them empty.

    Also draws the legend (without a frame) when asked or, by default, when the axes hold labelled
    artists, and tightens the figure's layout.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to finish.
    title : str
        The finding the figure shows, as a sentence (not empty).
    xlabel : str
        The x axis label, with its unit (not empty).
    ylabel : str
        The y axis label, with its unit (not empty).
    takeaway : str, optional
        One line printed in italics under the figure as ``Takeaway: ...``.
    legend : bool, optional
        True draws the legend, False never; by default it is drawn if any artist has a label.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, finished.

    Raises
    ------
    ValueError
        An empty or blank title or axis label.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = figure()
    >>> _ = ax.plot([0, 1], [0, 1], label="model")
    >>> ax = finish(ax, title="Recall rises with data", xlabel="Rows (thousands)", ylabel="Recall (%)",
    ...             takeaway="More labels help.")
    >>> ax.get_title(), ax.get_legend() is not None, [t.get_text() for t in fig.texts]
    ('Recall rises with data', True, ['Takeaway: More labels help.'])
    >>> finish(ax, title=" ", xlabel="Rows", ylabel="Recall")
    Traceback (most recent call last):
    ...
    ValueError: title must be non-empty: every kit figure states its finding and units
    >>> plt.close(fig)
    """
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
        fig.text(0.01, -0.02, f"Takeaway: {takeaway}", ha="left", va="top", fontsize=9, style="italic", wrap=True)
    fig.tight_layout()
    return ax


def figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """``plt.subplots`` with the kit style applied.

    Parameters
    ----------
    nrows : int, default 1
        Rows of axes.
    ncols : int, default 1
        Columns of axes.
    **kwargs
        Passed on to :func:`matplotlib.pyplot.subplots` (``figsize``, ``sharex``...).

    Returns
    -------
    tuple of (matplotlib.figure.Figure, matplotlib.axes.Axes or numpy.ndarray)
        The figure and its axes, as ``plt.subplots`` returns them.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = figure(1, 2, figsize=(8, 3))
    >>> axes.shape, fig.get_size_inches().tolist()
    ((2,), [8.0, 3.0])
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(nrows, ncols, **kwargs)


def _mix(colour: str, other: str, share: float) -> str:
    """Hex ``colour`` moved ``share`` of the way towards ``other``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))
