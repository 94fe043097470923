"""The payments scenario's yearly season (``make_payments(seasonality=...)``).

Two promises are checked: with no season (the default) a seed gives exactly the frame it gave before the
knob existed, and with a season the traffic follows the documented cosine, measured here from the rows
with a formula written out in this file rather than with the generator's own helper.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import aipm_kit  # noqa: F401  (the package the old module's relative imports resolve in)
from aipm_kit.scenarios import make_payments

REPO = Path(__file__).resolve().parents[1]

# The last commit that changed aipm_kit/scenarios.py before the season knob was added.
BEFORE_SEASONS = "5a0e5d7cca8f128ff419ce26ae6011ace05f9922"

# sha256 of ``frame.to_csv(index=False)`` for these calls, computed with make_payments at BEFORE_SEASONS
# (the version without the knob), before any line of the season was written. They pin the no-season frame
# even where git is not available.
NO_SEASON_HASHES = [
    (dict(n_transactions=3_000, seed=7), "3e7fd080176d274ee226423e1690e6c59ebb1abbbcef072378b9072c1ec5a926"),
    (
        dict(n_transactions=2_000, seed=3, months=8, drift_month=5, drift_kind="covariate", incident=False),
        "a69c550056166f33b2d9efcf9d952438ea14e839aa15102cbcbb3d89d8ffd31c",
    ),
    (
        dict(n_transactions=2_000, seed=11, months=12, caught_only=True, drift_kind="prior"),
        "a77e9635c9ed52076c4d1a86e5fc2eeed11703c03c34059d434eef89b844998f",
    ),
]


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


@pytest.mark.parametrize("kwargs,expected", NO_SEASON_HASHES)
def test_no_season_gives_the_frame_it_gave_before_the_knob(kwargs, expected):
    assert _digest(make_payments(**kwargs)) == expected
    assert _digest(make_payments(**kwargs, seasonality=0.0)) == expected
    # the peak day is irrelevant without a season
    assert _digest(make_payments(**kwargs, seasonality=0, season_peak_day=100)) == expected


def _old_make_payments():
    """make_payments as it was before the season knob, loaded from git into a throwaway module."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("git history not available")
    done = subprocess.run(
        ["git", "show", f"{BEFORE_SEASONS}:aipm_kit/scenarios.py"], cwd=REPO, capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"commit {BEFORE_SEASONS[:8]} not in this checkout")
    name = "aipm_kit._scenarios_before_seasons"
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "aipm_kit"  # so ``from ._checks import ...`` resolves in the package
    sys.modules[name] = module
    try:
        exec(compile(done.stdout, f"<scenarios.py at {BEFORE_SEASONS[:8]}>", "exec"), module.__dict__)
    finally:
        sys.modules.pop(name, None)
    return module.make_payments


def test_no_season_matches_the_version_from_git():
    old = _old_make_payments()
    for kwargs in (
        dict(n_transactions=5_000, seed=0),
        dict(n_transactions=4_000, seed=42, months=8, drift_month=5, drift_kind="covariate", incident=False),
        dict(n_transactions=1_000, seed=5, drift_kind="concept", caught_only=True),
    ):
        before, now = old(**kwargs), make_payments(**kwargs)
        pd.testing.assert_frame_equal(now, before, check_exact=True)
        assert now.attrs["scenario"].params == {
            **before.attrs["scenario"].params,
            "seasonality": 0.0,
            "season_peak_day": 355,
        }


def test_season_recorded_and_validated():
    f = make_payments(1_000, seed=1, seasonality=0.3, season_peak_day=200)
    params = f.attrs["scenario"].params
    assert params["seasonality"] == 0.3 and params["season_peak_day"] == 200
    for bad in (-0.1, 1.6, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"seasonality must be in \[0, 1.5\]|seasonality must be a finite"):
            make_payments(1_000, seed=1, seasonality=bad)
    for bad in ("0.2", True, None):
        with pytest.raises(TypeError, match="seasonality"):
            make_payments(1_000, seed=1, seasonality=bad)
    for bad in (0, 367, -5):
        with pytest.raises(ValueError, match="season_peak_day"):
            make_payments(1_000, seed=1, seasonality=0.2, season_peak_day=bad)
    for bad in (10.5, "355", True):
        with pytest.raises(TypeError, match="season_peak_day"):
            make_payments(1_000, seed=1, seasonality=0.2, season_peak_day=bad)


SEASON = 0.3
PEAK = 355


@pytest.fixture(scope="module")
def year():
    return make_payments(
        150_000,
        seed=21,
        start="2024-01-01",
        months=12,
        drift_month=None,
        incident=False,
        seasonality=SEASON,
        season_peak_day=PEAK,
    )


def _cycle(timestamps: pd.Series) -> np.ndarray:
    """The documented cycle, written out: cos(2 pi (day of year - peak day) / 365.25)."""
    day = timestamps.dt.day_of_year.to_numpy(dtype=float)
    return np.cos(2 * np.pi * (day - PEAK) / 365.25)


def test_monthly_log_amount_follows_the_cosine(year):
    # Grocery rows: their amounts are log-normal around log($45) before the season. Card-testing micro
    # payments (1% of rows, not seasonal) pull every month's median by the same amount, so the median of
    # log amount in month m is a + SEASON * (mean cycle in month m): fit the line over the 12 months.
    g = year[year["merchant_category"] == "grocery"]
    month = g["timestamp"].dt.month
    med = np.log(g["amount"]).groupby(month).median()
    cyc = pd.Series(_cycle(g["timestamp"]), index=g.index).groupby(month).mean()
    slope, intercept = np.polyfit(cyc.to_numpy(), med.to_numpy(), 1)
    assert slope == pytest.approx(SEASON, abs=0.04)
    assert intercept == pytest.approx(np.log(45), abs=0.05)
    # December against June (half a year apart): the swing is SEASON times the gap in the cycle
    assert med[12] - med[6] == pytest.approx(SEASON * (cyc[12] - cyc[6]), abs=0.06)
    assert cyc[12] - cyc[6] > 1.8  # near peak and near trough


def test_category_mix_tilts_with_the_season(year):
    # electronics and gaming share scaled by exp(+s c), travel by exp(-s c), renormalised
    base = {"grocery": 0.30, "restaurants": 0.22, "electronics": 0.12, "travel": 0.10, "gaming": 0.10, "transfer": 0.16}
    tilt = {"electronics": 1.0, "gaming": 1.0, "travel": -1.0}
    cyc = _cycle(year["timestamp"])
    weights = {c: base[c] * np.exp(SEASON * tilt.get(c, 0.0) * cyc) for c in base}
    total = sum(weights.values())
    month = year["timestamp"].dt.month.to_numpy()
    for m in (1, 6, 7, 12):
        rows = month == m
        for c in ("electronics", "travel", "grocery"):
            expected = float((weights[c][rows] / total[rows]).mean())
            seen = float((year["merchant_category"].to_numpy()[rows] == c).mean())
            se = np.sqrt(expected * (1 - expected) / rows.sum())
            assert abs(seen - expected) < 4 * se, (m, c, seen, expected)
    june, december = month == 6, month == 12
    travel = year["merchant_category"].to_numpy() == "travel"
    assert travel[june].mean() > travel[december].mean() + 0.02


def test_season_leaves_no_season_columns_and_fraud_logic_alone(year):
    assert year["amount"].min() >= 0.5
    assert 0 < year["is_fraud"].mean() < 0.1
    # without drift the intercept is solved over the whole year, so the realised rate is near the target
    assert year["is_fraud"].mean() == pytest.approx(0.02, abs=0.004)
