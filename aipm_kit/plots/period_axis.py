"""A period axis: short tick text for period labels (``2013-01`` -> ``Jan``) with each period's row count.

Shared by the drift heatmaps and the performance-over-time figure, whose x axis is a run of calendar
periods (months, weeks or days).
"""

from __future__ import annotations

import calendar


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
