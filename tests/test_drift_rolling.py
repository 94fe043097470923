"""``windowed_drift(..., rolling=k)``: each period against the k periods before it, pooled.

The cells are checked against ``drift.psi`` (and ``drift.ks_test``) run on slices of the raw rows cut by
hand here: weeks found from the calendar (Monday to Sunday), not from the kit's period labels.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from aipm_kit import drift

START = pd.Timestamp("2024-01-01")  # a Monday


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(5)
    n = 7_000
    t = START + pd.to_timedelta(np.sort(rng.integers(0, 10 * 7 * 86_400, n)), unit="s")  # ten whole weeks
    week = ((t - START).days // 7).to_numpy()
    # a drifting numeric column (few distinct values, so the weekly histograms are exact) and a category
    x = np.round(rng.normal(0.15 * week, 1.0), 1)
    c = np.where(rng.random(n) < 0.2 + 0.05 * week, "app", np.where(rng.random(n) < 0.5, "web", "pos"))
    return pd.DataFrame({"t": t, "x": x, "c": c, "week": week})


def _week(frame, i):
    """Rows of the i-th week (0 = the week of Monday 1 January 2024), cut from the calendar."""
    lo, hi = START + pd.Timedelta(days=7 * i), START + pd.Timedelta(days=7 * (i + 1))
    return frame[(frame["t"] >= lo) & (frame["t"] < hi)]


def _weeks(frame, first, last):
    lo, hi = START + pd.Timedelta(days=7 * first), START + pd.Timedelta(days=7 * (last + 1))
    return frame[(frame["t"] >= lo) & (frame["t"] < hi)]


def _psi(ref, cur):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", drift.DriftWarning)
        return drift.psi(ref, cur).value


@pytest.mark.parametrize("k", [1, 3, 4])
def test_rolling_cells_match_psi_on_hand_cut_slices(frame, k):
    table = drift.windowed_drift(frame, time_col="t", freq="W", rolling=k, columns=["x", "c"])
    mondays = [(START + pd.Timedelta(days=7 * i)).strftime("%Y-%m-%d") for i in range(10)]
    assert list(table.columns) == mondays
    # the first k weeks have no k weeks before them
    assert table.iloc[:, :k].isna().all().all()
    assert table.attrs["warmup_periods"] == mondays[:k]
    for i in range(k, 10):
        ref, cur = _weeks(frame, i - k, i - 1), _week(frame, i)
        for col in ("x", "c"):
            assert table.loc[col, mondays[i]] == pytest.approx(_psi(ref[col], cur[col]), rel=1e-10, abs=1e-15)
        assert table.attrs["reference_windows"][mondays[i]] == mondays[i - k : i]
        assert table.attrs["reference_size"][mondays[i]] == len(ref)
    assert table.attrs["rolling"] == k
    assert table.attrs["reference"] == [f"the {k} periods before each"]
    assert "before it, pooled" in table.attrs["reference_rule"]


def test_rolling_differs_from_a_fixed_reference_and_flags_follow_the_threshold(frame):
    fixed = drift.windowed_drift(
        frame, time_col="t", freq="W", reference=("2024-01-01", "2024-01-22"), columns=["x"], threshold=0.1
    )
    rolled = drift.windowed_drift(frame, time_col="t", freq="W", rolling=4, columns=["x"], threshold=0.1)
    last = "2024-03-04"
    # the fixed reference sees the whole slow drift; the rolling one only the last few weeks of it
    assert fixed.loc["x", last] == pytest.approx(_psi(_weeks(frame, 0, 3)["x"], _week(frame, 9)["x"]), rel=1e-10)
    assert rolled.loc["x", last] == pytest.approx(_psi(_weeks(frame, 5, 8)["x"], _week(frame, 9)["x"]), rel=1e-10)
    assert rolled.loc["x", last] < fixed.loc["x", last]
    flagged = [p for p in rolled.columns if rolled.loc["x", p] >= 0.1]
    assert rolled.attrs["drifted"]["x"] == flagged
    assert fixed.attrs["rolling"] is None and fixed.attrs["warmup_periods"] == []
    assert fixed.attrs["reference"] == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]


def test_rolling_with_another_statistic(frame):
    table = drift.windowed_drift(frame, time_col="t", freq="W", rolling=2, columns=["x"], stat="ks")
    ref, cur = _weeks(frame, 4, 5)["x"], _week(frame, 6)["x"]
    assert table.loc["x", "2024-02-12"] == pytest.approx(drift.ks_test(ref, cur).value, rel=1e-12)


def test_rolling_on_the_histograms_directly(frame):
    hist = drift.PeriodHistograms.from_frame(frame, time_col="t", freq="W", columns=["x"])
    a = hist.drift_table(rolling=3)
    b = drift.windowed_drift(frame, time_col="t", freq="W", rolling=3, columns=["x"])
    pd.testing.assert_frame_equal(a, b)
    # a period selection keeps each period's own window (the periods before it in the data)
    part = hist.drift_table(rolling=3, periods=("2024-02-05", "2024-02-19"))
    assert list(part.columns) == ["2024-02-05", "2024-02-12", "2024-02-19"]
    assert part.loc["x", "2024-02-05"] == pytest.approx(a.loc["x", "2024-02-05"], rel=1e-12)


def test_rolling_errors(frame):
    with pytest.raises(ValueError, match="either reference .* or rolling .* not both"):
        drift.windowed_drift(frame, time_col="t", freq="W", reference="2024-01-01", rolling=4)
    hist = drift.PeriodHistograms.from_frame(frame, time_col="t", freq="W", columns=["x"])
    with pytest.raises(ValueError, match="not both"):
        hist.drift_table("2024-01-01", rolling=2)
    for bad in (0, -3):
        with pytest.raises(ValueError, match="rolling must be at least 1"):
            drift.windowed_drift(frame, time_col="t", freq="W", rolling=bad)
    for bad in (2.0, "4", True):
        with pytest.raises(TypeError, match="rolling must be a whole number"):
            drift.windowed_drift(frame, time_col="t", freq="W", rolling=bad)


def test_rolling_longer_than_the_data_is_all_warmup(frame):
    table = drift.windowed_drift(frame, time_col="t", freq="W", rolling=12, columns=["x"])
    assert table.isna().all().all()
    assert len(table.attrs["warmup_periods"]) == 10
    assert table.attrs["drifted"] == {"x": []}
