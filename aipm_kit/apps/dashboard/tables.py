"""The drift dashboard's tables: the ranked features and their HTML, with the window sizes.

:class:`_DashboardTables` is the part of :class:`~aipm_kit.apps.dashboard.DriftDashboard` that shows the
current window's features, drifted first, as a table and as HTML.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ... import drift
from ...templating import render
from ..dashboard_view import _MEASURE


class _DashboardTables:
    """The ranked table of a :class:`~aipm_kit.apps.dashboard.DriftDashboard` (a mixin)."""

    def ranked_table(self) -> pd.DataFrame:
        """The current window's features, drifted first, with the numbers behind each verdict."""
        return self.view.ranked.copy()

    def table_html(self) -> str:
        v = self.view
        ranked = v.ranked
        shown = ranked[
            [
                "feature",
                "statistic",
                "pvalue",
                "threshold",
                "drifted",
                "reference_rows",
                "current_rows",
                "periods_flagged",
            ]
        ].copy()
        for c in ("statistic", "threshold"):
            shown[c] = shown[c].map(lambda x: f"{x:.3f}" if abs(x) < 100 else f"{x:,.0f}")  # one precision
        shown["pvalue"] = shown["pvalue"].map(lambda x: "" if x is None or pd.isna(x) else f"{x:.2g}")
        no_p = (shown["pvalue"] == "").all()  # a distance has no p-value: hide the empty column
        shown["drifted"] = shown["drifted"].map({True: "DRIFT", False: "ok"})
        for c in ("reference_rows", "current_rows"):
            shown[c] = shown[c].map(lambda x: f"{x:,}")
        label = drift.STATISTICS[v.stat].label
        shown.columns = [
            "feature",
            label if _MEASURE[v.stat] == "value" else f"{label} statistic",
            "p-value",
            "alert threshold",
            "verdict",
            "reference rows",
            "current rows",
            f"{v.granularity}s flagged",
        ]
        if no_p:
            shown = shown.drop(columns="p-value")
        caption = (
            f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
            f"{int(ranked['drifted'].sum())} of {len(ranked)} features drifted"
        )
        if v.stat == "psi":  # the verdict is the 95% interval's: over, not yet or under the line
            shown.insert(2, "95% interval", [f"{lo:.3f} to {hi:.3f}" for lo, hi in zip(ranked["low"], ranked["high"])])
            shown["verdict"] = ranked["verdict"].tolist()
            wholly = "later_cells" in v.table.attrs  # given intervals: the count is of periods wholly over the line
            shown = shown.rename(
                columns={
                    f"{v.granularity}s flagged": f"{v.granularity}s "
                    + ("wholly over the line" if wholly else "with a point over the line")
                }
            )
            not_yet = int((ranked["verdict"] == "not yet").sum())
            caption = (
                f"{label} of {v.current} against {self._ref_text()} ({v.granularity}s); "
                f"{int(ranked['drifted'].sum())} of {len(ranked)} features wholly over the alert line on "
                f"their 95% interval, {not_yet} not yet (the interval straddles the line)"
            )
        body = shown.to_html(index=False, border=0, escape=True)
        opening = body[: body.index(">") + 1]  # the <table ...> tag, whatever pandas puts in it: ours replaces it
        return render(
            "dashboard/table.html.j2",
            stat=v.stat,
            reference=self._ref_text(),
            current=v.current,
            caption=caption,
            rows=Markup(body[len(opening) :]),
            label=label,
            skipped=v.table.attrs.get("skipped") or [],
        )

    def _window_sizes_text(self) -> str:
        hist = self.histograms[self.view.granularity]
        sizes = hist.window_sizes()
        ref = int(sizes.loc[list(self.view.reference)].sum())
        note = f" ({self.sample_note})" if self.sample_note else ""
        return f"reference {ref:,} rows, current {int(sizes.loc[self.view.current]):,} rows{note}"
