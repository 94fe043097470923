"""Placing a note on a panel where it covers the least: the corner the lines and the legend cross least."""

from __future__ import annotations

import numpy as np


def _note_in_quiet_corner(ax, text: str) -> None:
    """Write `text` in the corner of `ax` that the drawn lines and the legend cross least, on a white box."""
    ax.figure.canvas.draw()  # lay out the legend so its box is known
    to_axes = ax.transAxes.inverted()
    points = [
        to_axes.transform(ax.transData.transform(line.get_xydata()))
        for line in ax.get_lines()
        if len(line.get_xdata()) > 2
    ]
    points = np.vstack(points) if points else np.empty((0, 2))
    legend = ax.get_legend()
    box = legend.get_window_extent().transformed(ax.transAxes.inverted()) if legend is not None else None
    best, fewest = None, np.inf
    for x, y, ha, va in (
        (0.02, 0.02, "left", "bottom"),
        (0.98, 0.02, "right", "bottom"),
        (0.02, 0.98, "left", "top"),
        (0.98, 0.98, "right", "top"),
        (0.5, 0.02, "center", "bottom"),
        (0.5, 0.98, "center", "top"),
    ):
        x0 = {"left": x, "right": x - 0.42, "center": x - 0.21}[ha]
        y0 = y if va == "bottom" else y - 0.3
        inside = (
            (points[:, 0] >= x0) & (points[:, 0] <= x0 + 0.42) & (points[:, 1] >= y0) & (points[:, 1] <= y0 + 0.3)
        ).sum()
        if box is not None and not (box.x1 < x0 or box.x0 > x0 + 0.42 or box.y1 < y0 or box.y0 > y0 + 0.3):
            inside += 1_000  # never over the legend
        if inside < fewest:
            best, fewest = (x, y, ha, va), inside
    x, y, ha, va = best
    ax.text(
        x,
        y,
        text,
        transform=ax.transAxes,
        ha=ha,
        va=va,
        fontsize=8,
        bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="lightgrey", alpha=0.9),
    )
