"""The kit's colours, named once: figures, HTML tables and pages all take them from here.

The figure colours are Okabe-Ito (colour-blind safe); each verdict has one
colour wherever it is shown (a gate table, the course build page, an
evaluation report, a write-up). :mod:`aipm_kit.plots` re-exports the figure
colours (``plots.GOOD`` ...), and the write-up templates receive
:data:`COLOURS` as ``palette`` (``{{ palette.GOOD }}``).

The stylesheet of the notebook site
(``templates/nbconvert/aipm_site/assets/site.css``) is a static file copied
as is: it spells the same colours out and must be edited by hand with this
module.

Examples
--------
>>> GOOD, BAD, CAUTION
('#009E73', '#D55E00', '#B07400')
>>> PALETTE[:4] == [NEUTRAL, ACCENT, GOOD, BAD]
True
>>> COLOURS["INK"]
'#1d1d1f'
"""

from __future__ import annotations

__all__ = [
    "ACCENT",
    "BAD",
    "BLACK",
    "CAUTION",
    "COLOURS",
    "GOOD",
    "GRID",
    "HEADER_FILL",
    "INK",
    "MUTED",
    "NEUTRAL",
    "PALETTE",
    "RULE",
    "WHITE",
]

# --------------------------------------------------------------------------- figures (Okabe-Ito)

#: Matplotlib's colour cycle: blue, orange, bluish green, vermilion, reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GOOD = "#009E73"  # bluish green: a pass, a GO, money saved, the option that wins
BAD = "#D55E00"  # vermilion: a fail, a NO-GO, an error, a loss, a line that must not be crossed
NEUTRAL = "#0072B2"  # blue: the ordinary series, a link, an accent border on a page
ACCENT = "#E69F00"  # orange: the second series, a highlight, a warning line before the limit
CAUTION = "#B07400"  # dark amber (orange darkened to read as text): NOT YET, inconclusive, a suggestion
BLACK = "#000000"  # outlines, the current-period line, dark text on a light cell; mixed in to darken
WHITE = "#FFFFFF"  # light text on a dark cell, tile borders; mixed in to lighten a colour

# --------------------------------------------------------------------------- pages and HTML tables

INK = "#1d1d1f"  # body text of the kit's pages (course build page, dashboards, write-ups)
MUTED = "#555"  # secondary text: captions and status lines under a table or a figure
RULE = "#ddd"  # light separators: row rules, a heading's underline
GRID = "#ccc"  # cell borders of a fully ruled table
HEADER_FILL = "#f3f3f3"  # table header background

#: Every named colour above, by name (what the write-up templates receive as ``palette``).
COLOURS: dict[str, str] = {
    name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)
}
