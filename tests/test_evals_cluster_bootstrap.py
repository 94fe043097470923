"""The cluster (grouped) paired bootstrap: checked by hand, against a plain loop, and on duplicated cases."""

from __future__ import annotations

import numpy as np
import pytest

from aipm_kit.evals import stats


def test_two_groups_by_hand():
    # group x: both cases fixed (diff +1 each); group y: no change. Resamples of 2 groups: xx -> 1, yy -> 0,
    # xy or yx -> 0.5, each extreme with chance 1/4, so the 95% percentile interval runs from 0 to 1.
    iv = stats.cluster_paired_bootstrap_interval([0, 0, 1, 1], [1, 1, 1, 1], ["x", "x", "y", "y"], n_boot=4000)
    assert iv.estimate == 0.5 and iv.low == 0.0 and iv.high == 1.0 and iv.n == 4
    assert "2 groups" in iv.method


def test_matches_a_plain_loop_with_the_same_draws():
    rng = np.random.default_rng(3)
    n = 60
    groups = rng.integers(0, 13, size=n)
    a, b = rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)
    iv = stats.cluster_paired_bootstrap_interval(a, b, groups, n_boot=500, confidence=0.90, seed=7)
    labels = sorted({str(g) for g in groups})  # the function orders groups by their text, as np.unique does
    members = [[i for i in range(n) if str(groups[i]) == g] for g in labels]
    draws = np.random.default_rng(7).integers(0, len(labels), size=(500, len(labels)))
    boot = []
    for row in draws:
        idx = [i for g in row for i in members[g]]
        boot.append(np.mean(b[idx]) - np.mean(a[idx]))
    assert iv.estimate == pytest.approx(np.mean(b) - np.mean(a))
    assert (iv.low, iv.high) == pytest.approx(tuple(np.quantile(boot, [0.05, 0.95])))


def test_duplicated_cases_do_not_narrow_the_interval():
    # 80 independent cases, each written 5 times (paraphrases that always get the same verdict)
    rng = np.random.default_rng(11)
    a = rng.random(80) < 0.75
    b = np.where(rng.random(80) < 0.2, ~a, a)
    a5, b5, g5 = np.repeat(a, 5), np.repeat(b, 5), np.repeat(np.arange(80), 5)
    once = stats.paired_bootstrap_interval(a, b, n_boot=4000, seed=1)
    naive = stats.paired_bootstrap_interval(a5, b5, n_boot=4000, seed=1)
    grouped = stats.cluster_paired_bootstrap_interval(a5, b5, g5, n_boot=4000, seed=1)
    width = lambda iv: iv.high - iv.low  # noqa: E731
    assert width(naive) < 0.6 * width(once)  # counting each paraphrase as new evidence: about sqrt(5) too narrow
    assert width(grouped) == pytest.approx(width(once), rel=0.15)  # grouping gives back the honest width


def test_one_case_a_group_is_the_ordinary_paired_bootstrap():
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, 2, size=150), rng.integers(0, 2, size=150)
    plain = stats.paired_bootstrap_interval(a, b, n_boot=6000, seed=2)
    grouped = stats.cluster_paired_bootstrap_interval(a, b, range(150), n_boot=6000, seed=2)
    assert grouped.estimate == pytest.approx(plain.estimate)
    assert grouped.low == pytest.approx(plain.low, abs=0.015) and grouped.high == pytest.approx(plain.high, abs=0.015)


def test_refuses_mismatched_inputs():
    with pytest.raises(ValueError):
        stats.cluster_paired_bootstrap_interval([0, 1], [1, 1, 0], ["a", "b"])
    with pytest.raises(ValueError):
        stats.cluster_paired_bootstrap_interval([0, 1], [1, 1], ["a"])
