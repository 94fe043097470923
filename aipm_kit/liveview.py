"""A live ipywidgets app that also carries a static picture of itself.

A widget lives only in a running kernel. Saved in a notebook and read without
one (on GitHub, on the course site, in a write-up, in JupyterLab before the
cell runs), an output that holds just the widget shows its text repr,
``VBox(children=(HBox(...``. :class:`LiveView` displays the widget together
with a PNG of its starting view and a one-line summary, so every reader sees
something meaningful: a live kernel renders the widget (its MIME type ranks
first), a static renderer shows the picture.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any

__all__ = ["LiveView", "figure_png"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def figure_png(fig, *, dpi: int = 90, close: bool = True) -> bytes:
    """A matplotlib figure as PNG bytes (closed afterwards unless ``close=False``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, saved with a tight bounding box.
    dpi : int, default 90
        Resolution, in dots per inch.
    close : bool, default True
        Close the figure afterwards (so a notebook does not also show it, and its memory is freed).

    Returns
    -------
    bytes
        The PNG file's bytes, ready for :class:`LiveView`'s ``png``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> png = figure_png(fig, dpi=40)
    >>> png[:8], plt.fignum_exists(fig.number)
    (b'\\x89PNG\\r\\n\\x1a\\n', False)
    """
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    if close:
        plt.close(fig)
    return buf.getvalue()


@dataclass(frozen=True)
class LiveView:
    """An ipywidgets app displayed with a static fallback.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The live app.
    png : bytes
        A picture of the app's starting view (see :func:`figure_png`).
    summary : str
        One plain sentence: what the app shows and where it starts.

    Examples
    --------
    >>> import ipywidgets
    >>> view = LiveView(ipywidgets.IntSlider(), b"\\x89PNG...", "A slider that starts at 0.")
    >>> sorted(view._repr_mimebundle_())  # doctest: +NORMALIZE_WHITESPACE
    ['application/vnd.jupyter.widget-view+json', 'image/png', 'text/plain']
    >>> view
    <interactive view: A slider that starts at 0. Move its controls in a running kernel; the picture shows the starting view.>
    """

    widget: Any
    png: bytes
    summary: str

    def __repr__(self) -> str:
        return (
            f"<interactive view: {self.summary} Move its controls in a running kernel; the picture "
            "shows the starting view.>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.widget._repr_mimebundle_() or {}
        data = {k: v for k, v in bundle.items() if k == WIDGET_MIME}
        data["image/png"] = base64.b64encode(self.png).decode("ascii")
        data["text/plain"] = repr(self)
        return data
