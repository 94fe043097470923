"""The drift dashboard's choices and the record of one view.

The window sizes it offers (:data:`GRANULARITIES`), the statistics in its menu, how many resamples
stand behind a PSI interval, what its heatmap shows for each statistic, the order of its live views
(:data:`VIEWS`), and :class:`DashboardView`: what the dashboard shows for one choice of controls,
with a plain sentence for a saved notebook. Everything above it in :mod:`aipm_kit.apps` reads these.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import drift

#: The dashboard's window sizes and the calendar frequency behind each.
GRANULARITIES = {"month": "MS", "week": "W"}

_STAT_OPTIONS = [
    ("PSI", "psi"),
    ("KS", "ks"),
    ("Jensen-Shannon", "jensen_shannon"),
    ("Wasserstein", "wasserstein"),
    ("Chi-square", "chi_square"),
]

#: Resamples behind each PSI interval in the ranked table (vectorised: fast enough for live controls).
PSI_RESAMPLES = 300

#: What the heatmap shows for each statistic: the tests show their effect size
#: (KS's D, chi-square's Cramér's V), which does not grow with the window size.
_MEASURE = {
    "psi": "value",
    "ks": "effect_size",
    "chi_square": "effect_size",
    "jensen_shannon": "value",
    "wasserstein": "value",
}

#: The live dashboard's views, top to bottom.
VIEWS = ("heatmap", "distribution", "performance", "table")


@dataclass(frozen=True)
class DashboardView:
    """What the dashboard shows for one choice of controls.

    :class:`~aipm_kit.apps.dashboard.DriftDashboard` computes one per change of controls (its ``view``).

    Parameters
    ----------
    granularity : str
        ``"month"`` or ``"week"``.
    reference : tuple of str
        The reference window's period labels.
    current : str
        The period compared with the reference.
    features : tuple of str
        The features selected.
    stat : str
        The statistic's name (a key of :data:`aipm_kit.drift.STATISTICS`).
    threshold : float
        The alert line.
    table : pandas.DataFrame
        Feature x period, what the heatmap shows (its ``attrs`` carry the flagged cells).
    ranked : pandas.DataFrame
        The current window's features, most drifted first, with ``feature``, ``drifted`` and, for PSI,
        ``verdict`` on the 95% interval.
    alerts : tuple of str
        Periods where a selected feature the model reads drifted.
    seconds : float
        Time taken to recompute the view (no drawing).

    Examples
    --------
    >>> ranked = pd.DataFrame({"feature": ["x", "carrier"], "drifted": [True, False],
    ...                        "verdict": ["over", "not yet"]})
    >>> view = DashboardView("month", ("2013-01", "2013-02", "2013-03"), "2013-10", ("x", "carrier"), "psi",
    ...                      0.1, pd.DataFrame(), ranked, ("2013-08", "2013-09"), 0.01)
    >>> view
    DashboardView(PSI by month, reference 2013-01..2013-03, current 2013-10: drifted ['x']; 2 alert periods on
    model inputs)
    >>> print(view.sentence())
    PSI by month, reference 2013-01 to 2013-03, current 2013-10: x is wholly over the alert line on its 95%
    interval (1 not yet: carrier); 2 periods with a point over the line on a model input
    """

    granularity: str
    reference: tuple[str, ...]
    current: str
    features: tuple[str, ...]
    stat: str
    threshold: float
    table: pd.DataFrame  # feature x period, the heatmap
    ranked: pd.DataFrame  # the current window's features, most drifted first
    alerts: tuple[str, ...]  # periods where a selected feature the model reads drifted
    seconds: float  # time to recompute the view (no drawing)

    def __repr__(self) -> str:
        ref = self.reference[0] if len(self.reference) == 1 else f"{self.reference[0]}..{self.reference[-1]}"
        drifted = list(self.ranked.loc[self.ranked["drifted"], "feature"])
        return (
            f"DashboardView({drift.STATISTICS[self.stat].label} by {self.granularity}, reference {ref}, "
            f"current {self.current}: drifted {drifted}; {len(self.alerts)} alert periods on model inputs)"
        )

    def sentence(self) -> str:
        """The view in one plain sentence (what a saved notebook shows instead of a repr)."""
        ref = self.reference[0] if len(self.reference) == 1 else f"{self.reference[0]} to {self.reference[-1]}"
        drifted = list(self.ranked.loc[self.ranked["drifted"], "feature"])
        crossed = (
            f"{', '.join(drifted[:-1])} and {drifted[-1]}"
            if len(drifted) > 1
            else drifted[0]
            if drifted
            else "no feature"
        )
        verb = "crosses" if len(drifted) <= 1 else "cross"
        alerts = len(self.alerts)
        if self.stat == "psi":  # the verdict is on the 95% interval
            not_yet = list(self.ranked.loc[self.ranked["verdict"] == "not yet", "feature"])
            verb = ("is" if len(drifted) <= 1 else "are") + " wholly over the alert line on its 95% interval"
            verb += f" ({len(not_yet)} not yet: {', '.join(not_yet)})" if not_yet else ""
            where = (
                "where a model input's 95% interval reaches the line"
                if "reaching" in self.table.attrs
                else "with a point over the line on a model input"
            )
            return (
                f"PSI by {self.granularity}, reference {ref}, current {self.current}: {crossed} {verb}; "
                f"{alerts or 'no'} {'period' if alerts == 1 else 'periods'} {where}"
            )
        return (
            f"{drift.STATISTICS[self.stat].label} by {self.granularity}, reference {ref}, current "
            f"{self.current}: {crossed} {verb} the alert line; {alerts or 'no'} "
            f"{'period' if alerts == 1 else 'periods'} with an alert on a model input"
        )

    def to_frame(self) -> pd.DataFrame:
        return self.ranked.copy()
