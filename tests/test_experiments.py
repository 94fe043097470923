"""aipm_kit.experiments against statsmodels, SciPy and hand-worked numbers."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    power_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
    samplesize_proportions_2indep_onetail,
)

from aipm_kit import experiments as ex


@pytest.mark.parametrize("ca,na,cb,nb", [(100, 1000, 130, 1000), (512, 10_000, 480, 9_500), (3, 40, 9, 45)])
@pytest.mark.parametrize("alternative", ["two-sided", "larger", "smaller"])
def test_two_proportion_test_matches_statsmodels(ca, na, cb, nb, alternative):
    r = ex.two_proportion_test(ca, na, cb, nb, alternative=alternative)
    z, p = proportions_ztest([cb, ca], [nb, na], alternative=alternative)
    assert r.z == pytest.approx(z, rel=1e-10)
    assert r.pvalue == pytest.approx(p, rel=1e-10)
    assert r.p_value == r.pvalue  # the old name, kept for one release
    lo, hi = confint_proportions_2indep(cb, nb, ca, na, method="wald", compare="diff", alpha=0.05)
    assert (r.ci_low, r.ci_high) == (pytest.approx(lo, rel=1e-10), pytest.approx(hi, rel=1e-10))
    assert r.difference == pytest.approx(cb / nb - ca / na)


def test_two_proportion_hand_worked():
    # pooled p = 230/2000 = 0.115; se = sqrt(.115*.885*(2/1000)) = 0.014267; z = 0.03 / se = 2.1028
    r = ex.two_proportion_test(100, 1000, 130, 1000)
    assert r.z == pytest.approx(0.03 / math.sqrt(0.115 * 0.885 * 0.002), rel=1e-12)
    assert r.significant and r.relative_lift == pytest.approx(0.3)
    assert "significant" in repr(r) and set(r.to_frame().index) >= {"z", "pvalue", "ci_low"}


@pytest.mark.parametrize("p, mde", [(0.10, 0.01), (0.05, -0.01), (0.5, 0.03), (0.02, 0.005)])
@pytest.mark.parametrize("alternative", ["two-sided", "one-sided"])
def test_sample_size_matches_statsmodels(p, mde, alternative):
    # the one-sided direction that matches the sign of the effect
    alt = alternative if alternative == "two-sided" else ("larger" if mde > 0 else "smaller")
    ours = ex.sample_size_per_arm(p, mde, alpha=0.05, power=0.8, alternative=alt)
    ref = samplesize_proportions_2indep_onetail(mde, p, 0.8, alpha=0.05, alternative=alt)
    assert ours == math.ceil(ref - 1e-9)


# Regression: power=0.02 returned 0 visitors, and a one-sided direction contradicting the effect's sign
# returned the size for the opposite direction (statsmodels' samplesize_proportions_2indep_onetail does
# the same; its NormalIndPower.solve_power refuses the sign mismatch and finds no solution for power <= alpha).
@pytest.mark.parametrize("power", [0.02, 0.05, 0.01])
@pytest.mark.parametrize("alternative", ["two-sided", "larger"])
def test_sample_size_refuses_power_at_or_below_alpha(power, alternative):
    with pytest.raises(ValueError, match=r"power.*alpha"):
        ex.sample_size_per_arm(0.10, 0.01, alpha=0.05, power=power, alternative=alternative)
    # statsmodels finds no sample size either (NaN, or 0 visitors at power == alpha two-sided)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore")
        ref = NormalIndPower().solve_power(
            effect_size=proportion_effectsize(0.11, 0.10), alpha=0.05, power=power, alternative=alternative
        )
    ref = float(np.ravel(ref)[0])
    assert math.isnan(ref) or ref < 1


def test_sample_size_just_above_alpha_is_a_real_number():
    n = ex.sample_size_per_arm(0.10, 0.01, alpha=0.05, power=0.06)
    assert n >= 1
    assert ex.power_of_test(0.10, 0.11, n) == pytest.approx(0.06, abs=0.01)


@pytest.mark.parametrize("mde, alternative", [(-0.01, "larger"), (0.01, "smaller")])
def test_sample_size_refuses_a_direction_contradicting_the_effect(mde, alternative):
    with pytest.raises(ValueError, match=rf"alternative='{alternative}'.*min_detectable_effect"):
        ex.sample_size_per_arm(0.10, mde, alternative=alternative)
    with pytest.raises(ValueError, match="matching sign"):  # statsmodels refuses it too
        NormalIndPower().solve_power(
            effect_size=math.copysign(0.1, mde), alpha=0.05, power=0.8, alternative=alternative
        )


def test_sample_size_close_to_cohens_h_power():
    # NormalIndPower works on Cohen's h (arcsine scale): a different but close approximation
    n_h = NormalIndPower().solve_power(effect_size=proportion_effectsize(0.11, 0.10), alpha=0.05, power=0.8)
    assert ex.sample_size_per_arm(0.10, 0.01) == pytest.approx(n_h, rel=0.02)


@pytest.mark.parametrize("alternative", ["two-sided", "larger"])
def test_power_matches_statsmodels(alternative):
    for n in (500, 5_000, 20_000):
        ours = ex.power_of_test(0.10, 0.11, n, alternative=alternative)
        ref = power_proportions_2indep(0.01, 0.10, n, alternative=alternative).power
        assert ours == pytest.approx(ref, rel=1e-9)
    # sample size and power are inverse of each other
    n = ex.sample_size_per_arm(0.10, 0.01, power=0.9)
    assert ex.power_of_test(0.10, 0.11, n) == pytest.approx(0.9, abs=1e-3)


def test_sequential_boundaries_match_published_constants():
    # Pocock (1977) and O'Brien-Fleming constants for 5 looks, two-sided alpha 0.05
    assert ex.sequential_boundaries(5, kind="pocock")[0] == pytest.approx(2.413, abs=2e-3)
    assert ex.sequential_boundaries(5, kind="obrien_fleming")[-1] == pytest.approx(2.040, abs=2e-3)
    assert ex.sequential_boundaries(1)[0] == pytest.approx(stats.norm.isf(0.025))


def test_sequential_boundary_crossing_probability_is_alpha_by_simulation():
    b = ex.sequential_boundaries(4, kind="pocock")
    rng = np.random.default_rng(3)
    walk = rng.standard_normal((200_000, 4)).cumsum(axis=1) / np.sqrt(np.arange(1, 5))
    assert (np.abs(walk) > b).any(axis=1).mean() == pytest.approx(0.05, abs=0.003)


def test_peeking_simulation_inflates_false_positives_and_remedies_it():
    r = ex.peeking_simulation(4_000, n_looks=10, n_simulations=4_000, seed=1)
    assert r.false_positive_fixed == pytest.approx(0.05, abs=0.015)
    assert r.false_positive_sequential == pytest.approx(0.05, abs=0.015)
    assert r.false_positive_peeking > 0.12
    curve = r.by_looks["false_positive_rate"].to_numpy()
    assert np.all(np.diff(curve) >= 0) and curve[0] == pytest.approx(r.false_positive_fixed, abs=0.03)
    assert len(r.to_frame()) == 3
    again = ex.peeking_simulation(4_000, n_looks=10, n_simulations=4_000, seed=1)
    assert again.false_positive_peeking == r.false_positive_peeking  # seeded
    other = ex.peeking_simulation(4_000, n_looks=10, n_simulations=4_000, seed=2)
    assert other.false_positive_peeking != r.false_positive_peeking


def test_conversion_after_latency():
    assert float(ex.conversion_after_latency(0.9, 0)) == pytest.approx(0.9)
    assert float(ex.conversion_after_latency(0.9, 100, loss_per_100ms=0.02)) == pytest.approx(0.882)
    assert float(ex.conversion_after_latency(0.5, -100)) > 0.5
    with pytest.raises(ValueError, match="NaN"):
        ex.conversion_after_latency(0.9, [np.nan])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ex.two_proportion_test(-1, 10, 1, 10), "conversions_a"),
        (lambda: ex.two_proportion_test(1, 10, 11, 10), "exceeds n_b"),
        (lambda: ex.two_proportion_test(1, 0, 1, 10), "n_a"),
        (lambda: ex.two_proportion_test(1, 10, 1, 10, alpha=1.5), "alpha"),
        (lambda: ex.two_proportion_test(0, 10, 0, 10), "undefined"),
        (lambda: ex.two_proportion_test(1, 10, 1, 10, alternative="bigger"), "alternative"),
        (lambda: ex.sample_size_per_arm(0.1, 0.01, power=1.0), "power"),
        (lambda: ex.sample_size_per_arm(0.1, 0.01, alpha=0), "alpha"),
        (lambda: ex.sample_size_per_arm(0.1, 0.0), "min_detectable_effect"),
        (lambda: ex.sample_size_per_arm(0.95, 0.1), r"\(0, 1\)"),
        (lambda: ex.power_of_test(0.1, 0.11, -5), "n_per_arm"),
        (lambda: ex.power_of_test(0.1, 0.1, 100), "no effect"),
        (lambda: ex.peeking_simulation(-10), "n_per_arm"),
        (lambda: ex.peeking_simulation(5, n_looks=10), "n_looks"),
        (lambda: ex.sequential_boundaries(3, kind="haybittle"), "kind"),
    ],
)
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_non_integer_counts_are_type_errors():
    with pytest.raises(TypeError, match="conversions_a"):
        ex.two_proportion_test(1.5, 10, 1, 10)
    with pytest.raises(TypeError, match="n_per_arm"):
        ex.power_of_test(0.1, 0.11, 100.0)


# ----------------------------------------------------------------------------- exact McNemar
# Regression: aipm_kit.evals.stats.mcnemar_exact summed binomial coefficients in exact integer
# arithmetic, which took tens of seconds at 18,000 discordant pairs.


@pytest.mark.parametrize(
    "b, c",
    [
        (0, 0),
        (0, 1),
        (1, 1),
        (2, 10),
        (10, 2),
        (7, 7),
        (25, 40),
        (300, 350),
        (4_000, 4_100),
        (8_000, 10_000),
        (9_000, 9_000),
        (0, 18_000),
    ],
)
def test_mcnemar_exact_matches_statsmodels(b, c):
    from statsmodels.stats.contingency_tables import mcnemar

    from aipm_kit.evals.stats import mcnemar_exact

    ref = mcnemar([[50, b], [c, 50]], exact=True).pvalue
    ours = mcnemar_exact(b, c)
    assert ours == pytest.approx(min(1.0, ref), rel=1e-9, abs=1e-300)
    assert 0.0 <= ours <= 1.0


def test_mcnemar_exact_hand_worked_and_fast():
    import time

    from aipm_kit.evals.stats import mcnemar_exact

    # b=2, c=10: 2 * P(X <= 2), X ~ Binomial(12, 1/2) = 2 * (1 + 12 + 66) / 4096
    assert mcnemar_exact(2, 10) == pytest.approx(2 * 79 / 4096, rel=1e-12)
    assert mcnemar_exact(3, 3) == 1.0
    start = time.perf_counter()
    mcnemar_exact(8_900, 9_100)
    assert time.perf_counter() - start < 0.5
    # agrees with SciPy's exact binomial test (symmetric at p = 1/2)
    assert mcnemar_exact(8_900, 9_100) == pytest.approx(stats.binomtest(8_900, 18_000, 0.5).pvalue, rel=1e-9)


# --------------------------------------------------------------------------- paired proportions
def _paired(both, only_a, only_b, neither):
    """Outcomes of a and b on the same cases, from the four cells of the paired 2x2 table."""
    a = [True] * both + [True] * only_a + [False] * only_b + [False] * neither
    b = [True] * both + [False] * only_a + [True] * only_b + [False] * neither
    return np.array(a), np.array(b)


def test_paired_difference_published_examples():
    # Newcombe (1998), Statistics in Medicine 17:2635, Table II, example (a): 36 both, 12 a only, 2 b only,
    # 0 neither; method 10 gives 0.0569 to 0.3404.
    r = ex.paired_proportion_difference(*_paired(36, 12, 2, 0))
    assert r.difference == pytest.approx(0.2)
    assert (round(r.low, 4), round(r.high, 4)) == (0.0569, 0.3404)
    # Fagerland, Lydersen & Laake (2017), Statistical Analysis of Contingency Tables, ch. 8 (Cavo et al. 2012,
    # 59/6/16/80): Newcombe square-and-add -0.0621, 95% CI -0.1186 to -0.0046.
    r = ex.paired_proportion_difference(*_paired(59, 6, 16, 80))
    assert (round(r.difference, 4), round(r.low, 4), round(r.high, 4)) == (-0.0621, -0.1186, -0.0046)
    assert (r.only_a, r.only_b, r.both, r.neither, r.n) == (6, 16, 59, 80, 161)


def test_paired_difference_hand_worked():
    # Wald, 36/12/2/0 (n = 50): d = (12 - 2)/50 = 0.2; b + c - (b - c)^2/n = 14 - 100/50 = 12;
    # half = 1.959964 * sqrt(12) / 50 = 1.959964 * 3.464102 / 50 = 6.789517 / 50 = 0.135790 -> [0.064210, 0.335790]
    r = ex.paired_proportion_difference(*_paired(36, 12, 2, 0), method="wald")
    assert (r.low, r.high) == pytest.approx((0.064210, 0.335790), abs=1e-6)
    assert r.method == "wald" and "Wald" in r.method_name
    # Newcombe, same table, step by step: p1 = 48/50 = 0.96, p2 = 38/50 = 0.76, each with its 95% Wilson
    # interval; AD - BC = 36*0 - 12*2 = -24, so phi = -24/sqrt(48*2*38*12) = -24/sqrt(43776) = -0.114708
    # (negative, so not shrunk); L = d - sqrt((p1-l1)^2 - 2 phi (p1-l1)(u2-p2) + (u2-p2)^2), U likewise.
    from statsmodels.stats.proportion import proportion_confint

    z = 1.959964
    for k, (lo_ref, hi_ref) in (
        (48, proportion_confint(48, 50, alpha=0.05, method="wilson")),
        (38, proportion_confint(38, 50, alpha=0.05, method="wilson")),
    ):
        p = k / 50
        centre = (p + z**2 / 100) / (1 + z**2 / 50)
        half = z * math.sqrt(p * (1 - p) / 50 + z**2 / 10_000) / (1 + z**2 / 50)
        assert (centre - half, centre + half) == pytest.approx((lo_ref, hi_ref), abs=1e-6)
    (l1, u1), (l2, u2) = (proportion_confint(k, 50, alpha=0.05, method="wilson") for k in (48, 38))
    phi = -24 / math.sqrt(48 * 2 * 38 * 12)
    assert phi == pytest.approx(-0.114708, abs=1e-6)
    low = 0.2 - math.sqrt((0.96 - l1) ** 2 - 2 * phi * (0.96 - l1) * (u2 - 0.76) + (u2 - 0.76) ** 2)
    high = 0.2 + math.sqrt((0.76 - l2) ** 2 - 2 * phi * (0.76 - l2) * (u1 - 0.96) + (u1 - 0.96) ** 2)
    r = ex.paired_proportion_difference(*_paired(36, 12, 2, 0))
    assert (r.low, r.high) == pytest.approx((low, high), abs=1e-9)
    # a positive AD - BC is shrunk by n/2 before it becomes phi: 40/5/3/52 (n = 100): AD - BC = 2080 - 15 =
    # 2065 -> 2065 - 50 = 2015; phi = 2015 / sqrt(45 * 55 * 43 * 57) = 2015 / 2462.97 = 0.8181
    r = ex.paired_proportion_difference(*_paired(40, 5, 3, 52))
    (l1, u1), (l2, u2) = (proportion_confint(k, 100, alpha=0.05, method="wilson") for k in (45, 43))
    phi = 2015 / math.sqrt(45 * 55 * 43 * 57)
    low = 0.02 - math.sqrt((0.45 - l1) ** 2 - 2 * phi * (0.45 - l1) * (u2 - 0.43) + (u2 - 0.43) ** 2)
    high = 0.02 + math.sqrt((0.43 - l2) ** 2 - 2 * phi * (0.43 - l2) * (u1 - 0.45) + (u1 - 0.45) ** 2)
    assert (r.low, r.high) == pytest.approx((low, high), abs=1e-9)


def test_paired_difference_counts_match_statsmodels_mcnemar():
    from statsmodels.stats.contingency_tables import mcnemar

    from aipm_kit.evals.stats import mcnemar_exact

    rng = np.random.default_rng(11)
    a = rng.random(400) < 0.8
    b = np.where(rng.random(400) < 0.15, ~a, a)
    r = ex.paired_proportion_difference(a, b)
    table = [[r.both, r.only_a], [r.only_b, r.neither]]
    assert r.difference == pytest.approx(a.mean() - b.mean())
    chi2 = mcnemar(table, exact=False, correction=False).statistic
    assert chi2 == pytest.approx((r.only_a - r.only_b) ** 2 / (r.only_a + r.only_b))
    assert mcnemar(table, exact=True).pvalue == pytest.approx(mcnemar_exact(r.only_a, r.only_b))


@pytest.mark.parametrize("both,only_a,only_b,neither", [(900, 36, 22, 542), (60, 14, 6, 20), (300, 30, 45, 125)])
def test_paired_difference_agrees_with_a_large_bootstrap(both, only_a, only_b, neither):
    from scipy.stats import bootstrap

    a, b = _paired(both, only_a, only_b, neither)
    d = a.astype(float) - b.astype(float)
    ref = bootstrap(
        (d,),
        np.mean,
        method="percentile",
        n_resamples=20_000,
        confidence_level=0.90,
        random_state=np.random.default_rng(3),
    ).confidence_interval
    r = ex.paired_proportion_difference(a, b, confidence=0.90)
    tol = 0.15 * (ref.high - ref.low)  # different methods, same target: within 15% of the band's width
    assert r.low == pytest.approx(ref.low, abs=tol) and r.high == pytest.approx(ref.high, abs=tol)
    w = ex.paired_proportion_difference(a, b, confidence=0.90, method="wald")
    assert w.low == pytest.approx(ref.low, abs=tol) and w.high == pytest.approx(ref.high, abs=tol)


def test_paired_difference_edges_and_bad_input():
    r = ex.paired_proportion_difference(*_paired(50, 0, 0, 0))  # all right, no disagreement: still a band
    assert r.difference == 0 and r.low < 0 < r.high
    r = ex.paired_proportion_difference(*_paired(0, 20, 0, 0))  # a always right, b never
    assert r.difference == 1 and r.high == 1 and r.low > 0.7
    assert ex.paired_proportion_difference([1, 0, 1], [0, 0, 1]).only_a == 1
    with pytest.raises(ValueError, match="method"):
        ex.paired_proportion_difference([1], [1], method="bootstrap")
    with pytest.raises(ValueError, match="same cases"):
        ex.paired_proportion_difference([1, 0], [1])
    with pytest.raises(ValueError, match="right/wrong"):
        ex.paired_proportion_difference([2, 0], [1, 0])
    with pytest.raises(ValueError, match="empty"):
        ex.paired_proportion_difference([], [])
