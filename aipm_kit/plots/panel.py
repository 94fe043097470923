"""A live figure: one matplotlib figure kept between updates (the base of the dashboard's panels).

The distribution and performance figures are small classes that keep their artists and change their
data in place, so the live dashboard redraws one figure in tens of milliseconds; :class:`_Panel` holds
what they share: the figure made without pyplot, titles and takeaway, a layout computed once per
shape of the tick labels, the PNG bytes, and what the figure shows read back for tests.
"""

from __future__ import annotations

import io as _io

from .base import use_style


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
        return {
            "title": ax.get_title(),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "xticks": [round(float(x), 9) for x in ax.get_xticks()] if self._fixed_ticks() else None,
            "xticklabels": [t.get_text() for t in ax.get_xticklabels()] if self._fixed_ticks() else None,
            "xlim": tuple(round(float(x), 9) for x in ax.get_xlim()),
            "xtick_style": sorted(
                {(round(t.get_rotation()), t.get_ha(), t.get_fontsize()) for t in ax.get_xticklabels()}
            ),
            "legend": [t.get_text() for t in legend.texts] if legend is not None else [],
            "takeaway": self._takeaway.get_text() if self._takeaway is not None else None,
        }

    def _fixed_ticks(self) -> bool:
        from matplotlib.ticker import FixedLocator

        return isinstance(self.ax.xaxis.get_major_locator(), FixedLocator)
