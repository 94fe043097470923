"""aipm_kit.experiments against statsmodels, SciPy and hand-worked numbers."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (confint_proportions_2indep, power_proportions_2indep,
                                          proportion_effectsize, proportions_ztest,
                                          samplesize_proportions_2indep_onetail)

from aipm_kit import experiments as ex


@pytest.mark.parametrize("ca,na,cb,nb", [(100, 1000, 130, 1000), (512, 10_000, 480, 9_500), (3, 40, 9, 45)])
@pytest.mark.parametrize("alternative", ["two-sided", "larger", "smaller"])
def test_two_proportion_test_matches_statsmodels(ca, na, cb, nb, alternative):
    r = ex.two_proportion_test(ca, na, cb, nb, alternative=alternative)
    z, p = proportions_ztest([cb, ca], [nb, na], alternative=alternative)
    assert r.z == pytest.approx(z, rel=1e-10)
    assert r.p_value == pytest.approx(p, rel=1e-10)
    lo, hi = confint_proportions_2indep(cb, nb, ca, na, method="wald", compare="diff", alpha=0.05)
    assert (r.ci_low, r.ci_high) == (pytest.approx(lo, rel=1e-10), pytest.approx(hi, rel=1e-10))
    assert r.difference == pytest.approx(cb / nb - ca / na)


def test_two_proportion_hand_worked():
    # pooled p = 230/2000 = 0.115; se = sqrt(.115*.885*(2/1000)) = 0.014267; z = 0.03 / se = 2.1028
    r = ex.two_proportion_test(100, 1000, 130, 1000)
    assert r.z == pytest.approx(0.03 / math.sqrt(0.115 * 0.885 * 0.002), rel=1e-12)
    assert r.significant and r.relative_lift == pytest.approx(0.3)
    assert "significant" in repr(r) and set(r.to_frame().index) >= {"z", "p_value", "ci_low"}


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
        ref = NormalIndPower().solve_power(effect_size=proportion_effectsize(0.11, 0.10), alpha=0.05,
                                           power=power, alternative=alternative)
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
        NormalIndPower().solve_power(effect_size=math.copysign(0.1, mde), alpha=0.05, power=0.8,
                                     alternative=alternative)


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


@pytest.mark.parametrize("call, match", [
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
])
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

@pytest.mark.parametrize("b, c", [(0, 0), (0, 1), (1, 1), (2, 10), (10, 2), (7, 7), (25, 40), (300, 350),
                                  (4_000, 4_100), (8_000, 10_000), (9_000, 9_000), (0, 18_000)])
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
