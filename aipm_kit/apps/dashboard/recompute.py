"""Recomputing the drift dashboard's view: one :class:`~aipm_kit.apps.dashboard_view.DashboardView` per choice.

:class:`_DashboardRecompute` is the part of :class:`~aipm_kit.apps.dashboard.DriftDashboard` that turns a
choice of controls into a view, from the counts prepared once: the drift table, the ranked features and
their verdicts, PSI judged on its 95% interval (rows or whole days resampled).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from ... import drift
from ..dashboard_view import _MEASURE, PSI_RESAMPLES, DashboardView


class _DashboardRecompute:
    """The recomputation of a :class:`~aipm_kit.apps.dashboard.DriftDashboard`'s view (a mixin)."""

    def _compute(self, state) -> DashboardView:
        t0 = time.perf_counter()
        granularity = state["granularity"]
        hist = self.histograms[granularity]
        stat = drift.statistic_name(state["stat"])
        info = drift.STATISTICS[stat]
        threshold = info.default_threshold if state["threshold"] is None else state["threshold"]
        threshold = drift.check_threshold(stat, threshold)
        features = [f for f in state["features"]]
        if not features:
            raise ValueError("no feature selected: pick at least one feature")
        missing = [f for f in features if f not in hist.features]
        if missing:
            raise ValueError(f"feature(s) {missing} are not monitored here; choose from {list(self.all_features)}")
        applicable = [f for f in features if (info.numeric if hist.features[f].numeric else info.categorical)]
        if not applicable:
            raise ValueError(
                f"{info.label} needs numbers and every selected feature is a category: "
                "choose PSI, Jensen-Shannon or chi-square, or add a numeric feature"
            )
        start, end = state["reference"]
        if start > end:
            raise ValueError(f"the reference window starts ({start}) after it ends ({end}): it holds no rows")
        reference = hist.resolve((start, end), name="reference")
        ref_labels = tuple(hist.periods[i] for i in reference)
        if hist.sizes[reference].sum() == 0:
            raise ValueError(f"the reference window {start}..{end} has no rows")
        current = state["current"]
        cur_idx = hist.resolve(current, name="current")
        if hist.sizes[cur_idx].sum() == 0:
            raise ValueError(f"the current window {current} has no rows")
        for f in applicable:  # a feature with no values in either window is named, not shown as NaN
            hist.counts(f, ref_labels, current)
        table = hist.drift_table(ref_labels, stat, columns=applicable, threshold=threshold, measure=_MEASURE[stat])
        skipped = [f for f in features if f not in applicable]
        table.attrs["skipped"] = skipped
        ranked_rows = []
        day_ci = None
        if stat == "psi" and self.interval_unit == "day":  # whole days resampled, every feature at once
            days = self._days_of[granularity]
            given = self._day_intervals
            if (
                given is not None
                and granularity == "month"
                and tuple(ref_labels) == tuple(given["reference"])
                and current in given["low"].columns
                and set(applicable) <= set(given["low"].index)
            ):
                day_ci = given
                if threshold is not None:
                    # the given intervals cover the whole table: outline only later cells wholly over the line (as
                    # the verdicts do), and mark later periods where a model input's interval reaches the line
                    later = [p for p in table.columns if p not in set(ref_labels) and p in given["low"].columns]
                    low_t, high_t = given["low"], given["high"]
                    table.attrs["drifted"] = {f: [p for p in later if low_t.loc[f, p] >= threshold] for f in applicable}
                    table.attrs["not_yet"] = {
                        f: [p for p in later if low_t.loc[f, p] < threshold <= high_t.loc[f, p]] for f in applicable
                    }
                    table.attrs["later_cells"] = len(applicable) * len(later)
                    table.attrs["reaching"] = [
                        p
                        for p in later
                        if any(high_t.loc[f, p] >= threshold for f in applicable if f in self.model_features)
                    ]
            else:
                day_ci = drift.psi_day_interval_table(
                    self._daily,
                    [d for p in ref_labels for d in days.get(p, [])],
                    {current: days.get(current, [])},
                    columns=applicable,
                    seed=0,
                )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", drift.DriftWarning)
            for f in applicable:
                r = hist.compare(
                    f, ref_labels, current, stat, threshold=threshold, **({"p_method": "limit"} if stat == "ks" else {})
                )
                ranked_rows.append(
                    {
                        "feature": f,
                        "statistic": r.statistic,
                        "effect_size": r.effect_size,
                        "pvalue": r.pvalue,
                        "threshold": r.threshold,
                        "drifted": r.drifted,
                        "rule": r.rule,
                        "reference_rows": r.n_reference,
                        "current_rows": r.n_current,
                        "periods_flagged": len(table.attrs["drifted"].get(f, [])),
                        "unseen": ", ".join(map(str, r.unseen)),
                        **(
                            self._psi_verdict(hist, f, ref_labels, current, r.statistic, threshold, stat)
                            if day_ci is None
                            else self._day_verdict(day_ci, f, current, threshold)
                        ),
                    }
                )
        ranked = pd.DataFrame(ranked_rows)
        if stat == "psi":  # decided on the interval: only a whole interval over the line is drift
            ranked["drifted"] = ranked["verdict"] == "over"
        else:  # a statistic without an interval here keeps its own rule
            ranked["verdict"] = ranked["drifted"].map({True: "over", False: "under"})
        ranked["_order"] = ranked["verdict"].map({"over": 0, "not yet": 1}).fillna(2)
        key = "pvalue" if info.on == "p_value" else "statistic"
        ranked = (
            ranked.sort_values(["_order", key], ascending=[True, info.on == "p_value"], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )
        flagged = table.attrs["drifted"]
        alerts = (
            tuple(table.attrs["reaching"])
            if "reaching" in table.attrs
            else tuple(p for p in table.columns if any(p in v for f, v in flagged.items() if f in self.model_features))
        )
        feature = state["feature"] if state["feature"] in self.all_features else applicable[0]
        state["feature"] = feature
        return DashboardView(
            granularity,
            ref_labels,
            current,
            tuple(features),
            stat,
            threshold,
            table,
            ranked,
            alerts,
            time.perf_counter() - t0,
        )

    @staticmethod
    def _psi_verdict(hist, feature, reference, current, value, threshold, stat) -> dict:
        """For PSI, the current window's 95% resampling interval (:func:`drift.psi_interval`, a few hundred
        vectorised resamples) and the verdict on it: ``over`` (the whole interval at or over the line),
        ``under`` (wholly below) or ``not yet`` (it straddles the line). Other statistics keep their rule:
        ``over`` or ``under``, with no interval."""
        if stat != "psi":
            return {"low": np.nan, "high": np.nan, "verdict": None}
        r, c = drift._binned_psi_counts(hist, feature, reference, current)
        _, low, high = drift.psi_interval(r, c, n_resamples=PSI_RESAMPLES, seed=0)
        verdict = "over" if low >= threshold else "under" if high < threshold else "not yet"
        return {"low": low, "high": high, "verdict": verdict}

    @staticmethod
    def _day_verdict(day_ci, feature, current, threshold) -> dict:
        """The verdict on a 95% interval that resampled whole days (``interval_unit="day"``)."""
        low, high = float(day_ci["low"].loc[feature, current]), float(day_ci["high"].loc[feature, current])
        verdict = "over" if low >= threshold else "under" if high < threshold else "not yet"
        return {"low": low, "high": high, "verdict": verdict}
