"""The drift result follows SciPy's names: ``statistic`` is the number, ``pvalue`` its p-value, ``method`` the test.

The numbers are checked against :func:`scipy.stats.ks_2samp` and :func:`scipy.stats.chi2_contingency` directly
(their ``.statistic`` and ``.pvalue``), and the old names ``value`` and ``p_value`` are kept as read-only aliases
for one release.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from aipm_kit import drift, experiments


@pytest.fixture
def samples():
    rng = np.random.default_rng(7)
    return rng.normal(0, 1, 400), rng.normal(0.3, 1.2, 300)


def test_ks_statistic_and_pvalue_are_scipys(samples):
    ref, cur = samples
    ours = drift.ks_test(ref, cur)  # the finite-sample asymptotic p-value, SciPy's method="asymp"
    theirs = stats.ks_2samp(ref, cur, method="asymp")
    assert ours.method == "ks"
    assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-12)
    assert ours.pvalue == pytest.approx(theirs.pvalue, rel=1e-9)


def test_chi_square_statistic_and_pvalue_are_scipys():
    ref = ["a"] * 60 + ["b"] * 30 + ["c"] * 10
    cur = ["a"] * 40 + ["b"] * 40 + ["c"] * 20
    ours = drift.chi_square(ref, cur)
    table = np.array([[60, 30, 10], [40, 40, 20]])
    theirs = stats.chi2_contingency(table, correction=False)
    assert ours.method == "chi_square"
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-10)
    assert ours.pvalue == pytest.approx(theirs.pvalue, rel=1e-10)


def test_a_distance_has_no_pvalue_and_its_method_is_the_catalogue_key():
    r = drift.psi(["a"] * 50 + ["b"] * 50, ["a"] * 80 + ["b"] * 20)
    assert r.method == "psi" and r.method in drift.STATISTICS
    assert r.pvalue is None
    assert r.label == drift.STATISTICS["psi"].label


def test_old_names_are_read_only_aliases(samples):
    ref, cur = samples
    r = drift.ks_test(ref, cur)
    assert r.value == r.statistic and r.p_value == r.pvalue
    with pytest.raises(AttributeError):
        r.value = 0.0
    with pytest.raises(AttributeError):
        r.p_value = 0.0
    assert "value" not in {f.name for f in dataclasses.fields(r)}
    t = experiments.two_proportion_test(100, 1000, 130, 1000)
    assert t.p_value == t.pvalue
    with pytest.raises(AttributeError):
        t.p_value = 0.0


def test_frames_use_scipys_column_names(samples):
    ref, cur = samples
    row = drift.ks_test(ref, cur).to_frame()
    assert list(row.columns[:4]) == ["column", "method", "statistic", "pvalue"]
    assert not {"value", "p_value"} & set(row.columns)
    frame = pd.DataFrame({"x": ref[:300], "y": cur[:300] * 2})
    report = drift.drift_report(frame, frame.assign(x=cur[:300]), stats=["psi", "ks"])
    wide = report.to_wide()
    assert list(wide.columns) == ["psi", "ks"]
    assert wide.loc["x", "ks"] == report.result("x", "ks").statistic
    pd.testing.assert_frame_equal(report.to_wide("value"), wide)  # the old column name, read for one release
    pd.testing.assert_frame_equal(report.to_wide("p_value"), report.to_wide("pvalue"))
