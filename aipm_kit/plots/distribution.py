"""One feature's reference and current distributions overlaid: :class:`DistributionPanel`, :func:`distribution_overlay`.

Numbers as step histograms on shared bins, categories as paired bars for the top categories; the
panel redraws in place for the live dashboard, the function draws one fresh copy with the same class.
"""

from __future__ import annotations

from ..palette import ACCENT, NEUTRAL
from .base import figure, finish
from .panel import _Panel


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
        return {
            "edges": edges,
            "reference": np.bincount(idx, weights=r, minlength=bins),
            "current": np.bincount(idx, weights=c, minlength=bins),
        }
    both = pd.concat([ref.rename("r"), cur.rename("c")], axis=1).fillna(0.0)
    both = both.loc[both.max(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    return {
        "categories": [str(i) for i in both.index],
        "reference": both["r"].to_numpy(),
        "current": both["c"].to_numpy(),
    }


class DistributionPanel(_Panel):
    """One feature's reference and current distributions, redrawn in place (see :func:`distribution_overlay`).

    ``update(reference, current, numeric=..., feature=..., ...)`` redraws for new shares (its keywords are
    those of :func:`distribution_overlay`, except ``ax`` and ``top``) and returns the panel; ``png()`` gives
    the figure as PNG bytes and ``shown()`` what it shows, read back from its artists.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a one-off figure); by default the panel makes its own figure without pyplot, so
        nothing is shown or kept by pyplot (a live panel: the takeaway and layout are its own).
    figsize : tuple of float, default (6.4, 3.4)
        Size of the panel's own figure, in inches (ignored with ``ax``).
    dpi : int, default 80
        Resolution of the panel's own figure and of :meth:`png` (ignored with ``ax``).
    top : int, default 12
        How many categories a categorical feature shows (those with the largest share in either window).

    Examples
    --------
    >>> import pandas as pd
    >>> reference = pd.Series({"app": 0.5, "web": 0.3, "pos": 0.2})
    >>> current = pd.Series({"app": 0.7, "web": 0.2, "pos": 0.1})
    >>> panel = DistributionPanel().update(reference, current, numeric=False, feature="channel")
    >>> shown = panel.shown()
    >>> shown["title"], shown["xlabel"], shown["legend"]
    ('channel: reference vs current', 'channel (top 3 categories)', ['reference', 'current'])
    >>> [[float(height) for _, height in bars] for bars in shown["series"]]
    [[0.5, 0.3, 0.2], [0.7, 0.2, 0.1]]
    >>> panel.png()[:4]
    b'\x89PNG'
    """

    def __init__(self, ax=None, *, figsize=(6.4, 3.4), dpi: int = 80, top: int = 12):
        super().__init__(ax, figsize=figsize, dpi=dpi)
        self.top = top
        self._stairs = None
        self._bars = None
        self.numeric = None

    def _ensure(self, numeric: bool) -> None:
        ax = self.ax
        if numeric and self._stairs is None:
            self._stairs = (
                ax.stairs([0.0], [0.0, 1.0], color=NEUTRAL, lw=2),
                ax.stairs([0.0], [0.0, 1.0], color=ACCENT, lw=2, fill=False, ls="--"),
            )
        if not numeric and self._bars is None:
            x = range(self.top)
            self._bars = (
                list(ax.bar(x, [0.0] * self.top, width=0.4, color=NEUTRAL)),
                list(ax.bar(x, [0.0] * self.top, width=0.4, color=ACCENT)),
            )
        for artist in self._stairs or ():
            artist.set_visible(numeric)
        for rect in [r for series in (self._bars or ()) for r in series]:
            rect.set_visible(False)

    def update(
        self,
        reference,
        current,
        *,
        numeric: bool,
        feature: str,
        reference_label: str = "reference",
        current_label: str = "current",
        unit: str | None = None,
        bins: int = 40,
        title: str | None = None,
        takeaway: str | None = None,
    ) -> DistributionPanel:
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
            for series, heights, shift in (
                (self._bars[0], data["reference"], -0.2),
                (self._bars[1], data["current"], 0.2),
            ):
                for k, rect in enumerate(series[:n]):
                    rect.set_x(x[k] + shift - 0.2)
                    rect.set_height(heights[k])
                    rect.set_visible(True)
            self._bars[0][0].set_label(reference_label)
            self._bars[1][0].set_label(current_label)
            rotate = n > 6
            ax.set_xticks(x)
            ax.set_xticklabels(
                data["categories"], rotation=45 if rotate else 0, ha="right" if rotate else "center", fontsize=8
            )
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
            out["series"] = [
                (np.round(s.get_data().values, 12).tolist(), np.round(s.get_data().edges, 9).tolist())
                for s in self._stairs
                if s.get_visible()
            ]
        else:
            out["series"] = [
                [(round(r.get_x(), 9), round(r.get_height(), 12)) for r in series if r.get_visible()]
                for series in self._bars
            ]
        out["ylim"] = tuple(round(float(y), 9) for y in self.ax.get_ylim())
        return out


def distribution_overlay(
    reference,
    current,
    *,
    numeric: bool,
    feature: str,
    reference_label: str = "reference",
    current_label: str = "current",
    unit: str | None = None,
    ax=None,
    top: int = 12,
    bins: int = 40,
    title: str | None = None,
    takeaway: str | None = None,
):
    """One feature's reference and current distributions overlaid.

    ``reference`` and ``current`` are shares indexed by value (numbers) or
    category, as :meth:`aipm_kit.drift.PeriodHistograms.shares` returns.
    Numbers are drawn as step histograms on shared bins between the 1st and
    99th percentiles of the two windows; categories as paired bars for the
    ``top`` categories with the largest share in either window. ``unit``
    names the feature's unit on the x axis (``"minutes"``).

    Parameters
    ----------
    reference : pandas.Series
        Shares of the reference window, indexed by value or category.
    current : pandas.Series
        Shares of the current window, indexed the same way.
    numeric : bool
        True for a numeric feature (step histograms), False for a categorical one (paired bars).
    feature : str
        The feature's name, in the title and on the x axis.
    reference_label : str, default "reference"
        The reference window's name in the legend and the default title.
    current_label : str, default "current"
        The current window's name in the legend and the default title.
    unit : str, optional
        The feature's unit, on the x axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure in the kit style.
    top : int, default 12
        How many categories to show.
    bins : int, default 40
        Bins of the numeric histograms.
    title : str, optional
        The title; by default ``"<feature>: <reference_label> vs <current_label>"``.
    takeaway : str, optional
        One line under the figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, finished with :func:`~aipm_kit.plots.finish` (y axis: share of rows).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> reference = pd.Series({1.0: 0.25, 2.0: 0.5, 3.0: 0.25})
    >>> current = pd.Series({2.0: 0.25, 3.0: 0.5, 4.0: 0.25})
    >>> ax = distribution_overlay(reference, current, numeric=True, feature="items", unit="count", bins=4)
    >>> ax.get_title(), ax.get_xlabel()
    ('items: reference vs current', 'items (count; 1st-99th percentile, ends folded in)')
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = figure()
    panel = DistributionPanel(ax, top=top).update(
        reference,
        current,
        numeric=numeric,
        feature=feature,
        reference_label=reference_label,
        current_label=current_label,
        unit=unit,
        bins=bins,
        title=title,
    )
    finish(ax, title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel, takeaway=takeaway, legend=False)
    return ax
