"""drift.psi_day_interval_table: PSI per group of days with an interval that resamples whole days."""

import numpy as np
import pandas as pd

from aipm_kit import drift


def _frame(n_days=120, per_day=40, clustered=False, seed=0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2013-01-01", periods=n_days, freq="D")
    rows = []
    for i, d in enumerate(days):
        shift = rng.normal(0, 1.0) if clustered else 0.0  # a day's own "weather", shared by its rows
        later = 0.3 if i >= n_days // 2 else 0.0  # the second half drifts
        x = rng.normal(shift + later, 1.0, per_day).round(1)
        cat = rng.choice(["a", "b", "c"] + (["d"] if i >= n_days // 2 else []), per_day)
        rows.append(pd.DataFrame({"date": d, "x": x, "cat": cat}))
    return pd.concat(rows, ignore_index=True)


def _groups(hist):
    days = list(hist.periods)
    half = len(days) // 2
    return days[:half], {"first": days[:half], "second": days[half:]}


def test_point_equals_the_kits_psi_on_the_summed_counts():
    frame = _frame()
    hist = drift.PeriodHistograms.from_frame(frame, time_col="date", freq="D", columns=["x", "cat"])
    ref, groups = _groups(hist)
    out = drift.psi_day_interval_table(hist, ref, groups, columns=["x", "cat"], seed=1)
    # independent: the same PSI from the raw rows, first half against second half
    half = frame["date"] >= frame["date"].min() + pd.Timedelta(days=60)
    for col in ("x", "cat"):
        expected = drift.psi(frame.loc[~half, col], frame.loc[half, col]).value
        assert abs(out["psi"].loc[col, "second"] - expected) < 1e-9, col
        assert out["low"].loc[col, "second"] <= out["psi"].loc[col, "second"] <= out["high"].loc[col, "second"]


def test_days_that_share_a_cause_widen_the_interval():
    for clustered in (False, True):
        frame = _frame(clustered=clustered, seed=3)
        hist = drift.PeriodHistograms.from_frame(frame, time_col="date", freq="D", columns=["x"])
        ref, groups = _groups(hist)
        out = drift.psi_day_interval_table(hist, ref, groups, columns=["x"], seed=2)
        width = out["high"].loc["x", "second"] - out["low"].loc["x", "second"]
        monthly = drift.PeriodHistograms.from_frame(
            frame.assign(
                half=np.where(
                    frame["date"] >= frame["date"].min() + pd.Timedelta(days=60),
                    pd.Timestamp("2013-02-01"),
                    pd.Timestamp("2013-01-01"),
                )
            ),
            time_col="half",
            freq="MS",
            columns=["x"],
        )
        r, c = drift._binned_psi_counts(monthly, "x", "2013-01", "2013-02")
        _, lo, hi = drift.psi_interval(r, c, seed=2)
        if clustered:
            assert width > 2 * (hi - lo)  # rows of a day move together: redrawing rows one by one is too narrow
        else:
            assert 0.5 < width / (hi - lo) < 2  # independent rows: both resamplings agree roughly
