"""aipm_kit.communicate: every audience text states the result's own numbers, and follows it when it changes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aipm_kit import communicate as C


def pct(x):
    return f"{x:.1%}"


def money(x):
    return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"


def money_k(x):
    """The executive summary rounds to the nearest thousand dollars: its intervals are tens of thousands wide."""
    return f"{'-' if x < 0 else ''}${abs(x) / 1_000:,.0f}k"


@pytest.fixture
def result():
    # the package's example result (every number made up), under another name and with recall by group
    return C.ModelResult.example(model_name="fraud model v3", group_recall={"consumer": 0.62, "new_market": 0.49})


def test_derived_numbers_by_hand(result):
    assert result.false_flags_per_week == pytest.approx(200 * 0.1)
    assert result.baseline_false_flags_per_week == pytest.approx(500 * 0.5)
    assert result.false_flag_reduction == pytest.approx(1 - 20 / 250)
    assert result.review_hours_saved_per_week == pytest.approx(300 * 12 / 60)
    net = 40_000 + 60 * (52 / 12) * 50 - 5_000
    assert result.monthly_net_value == pytest.approx(net)
    assert result.break_even_months == pytest.approx(120_000 / net)
    assert result.largest_group_gap == ("new_market", "consumer", pytest.approx(0.13))


def expected_numbers(r: C.ModelResult) -> dict[str, list[str]]:
    """The numbers each audience must state, formatted here independently of the module."""
    sc = C.outcome_scenarios(r)
    return {
        "engineering": [
            pct(r.precision),
            pct(r.precision_ci[0]),
            pct(r.precision_ci[1]),
            pct(r.recall),
            pct(r.recall_ci[0]),
            pct(r.recall_ci[1]),
            pct(r.segment_recall),
            f"{r.latency_p95_ms:.0f} ms",
            f"{r.latency_budget_ms:.0f} ms",
            f"{r.alerts_per_week:,.0f}",
            f"{r.threshold:.3f}",
            f"{r.training_rows:,}",
        ],
        "executive": [
            money_k(r.extra_fraud_caught_per_month),
            money_k(r.monthly_net_value),
            f"{r.break_even_months:.1f} months",
        ],
        "legal": [
            f"{r.training_rows:,}",
            r.training_period,
            pct(1 - r.precision),
            f"{r.low_confidence_band[0]:.3f}",
            f"{r.low_confidence_band[1]:.3f}",
            f"{r.largest_group_gap[2] * 100:.1f} points",
        ]
        + [pct(v) for v in r.group_recall.values()],
        "finance": [money(r.upfront_cost), money(r.monthly_run_cost)]
        + [money(v) for v in sc["net value ($/month)"]]
        + [pct(r.precision * r.recall_ci[0] / r.recall), pct(r.recall_ci[0])],
        "support": [
            f"{r.alerts_per_week:,.0f}",
            f"{r.baseline_alerts_per_week:,.0f}",
            f"{r.false_flags_per_week:,.0f}",
            f"{r.low_confidence_per_week:,.0f}",
        ],
    }


def test_each_audience_states_the_results_numbers(result):
    b = C.brief(result)
    assert set(b.texts) == set(C.AUDIENCES)
    for audience, numbers in expected_numbers(result).items():
        for n in numbers:
            assert n in b[audience], f"{audience} text does not state {n!r}:\n{b[audience]}"


def test_changing_the_result_changes_every_text(result):
    before = C.brief(result)
    changed = result.with_(
        precision=0.8,
        precision_ci=(0.74, 0.85),
        alerts_per_week=260,
        low_confidence_per_week=48,
        recall=0.55,
        recall_ci=(0.48, 0.62),
    )
    after = C.brief(changed)
    for audience in C.AUDIENCES:
        assert before[audience] != after[audience], f"{audience} text ignored the change"
        for n in expected_numbers(changed)[audience]:
            assert n in after[audience], f"{audience} text does not state {n!r} after the change"
    assert pct(0.9) not in after["engineering"]


def test_latency_over_budget_is_called_out(result):
    text = C.engineering_spec(result.with_(latency_p95_ms=180))
    assert "OVER the 100 ms budget" in text and "180 ms" in text


def test_legal_text_without_groups_asks_for_them(result):
    text = C.legal_explanation(result.with_(group_recall={}))
    assert "required before launch" in text


def test_scenarios_follow_the_intervals(result):
    sc = C.outcome_scenarios(result)
    assert list(sc.index) == ["conservative", "expected", "optimistic"]
    assert sc.loc["optimistic", "recall"] == 0.67
    # 200 alerts a week at 90% precision are 180 frauds, 60% of all 300; at the low recall, 52% of 300 = 156
    # frauds among the same 200 alerts: precision 78%, 44 false flags (precision is not free at fixed alerts)
    assert sc.loc["conservative", "precision"] == pytest.approx(156 / 200)
    assert sc.loc["optimistic", "precision"] == 1.0  # 201 frauds cannot fit in 200 alerts: capped
    nets = sc["net value ($/month)"]
    assert nets["conservative"] < nets["expected"] < nets["optimistic"]
    assert nets["expected"] == pytest.approx(result.monthly_net_value)
    # conservative: false flags at the precision the low recall implies, fraud value scaled by the low recall
    assert sc.loc["conservative", "false flags per week"] == pytest.approx(200 - 156)
    assert sc.loc["conservative", "extra fraud caught ($/month)"] == pytest.approx(90_000 * 0.52 / 0.6 - 50_000)


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for k, n in [(0, 10), (3, 10), (45, 50), (500, 1_000), (10, 10)]:
        lo, hi = C.wilson_interval(k, n)
        ref = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert lo == pytest.approx(ref[0], abs=1e-9) and hi == pytest.approx(ref[1], abs=1e-9)
    with pytest.raises(ValueError, match="n must be > 0"):
        C.wilson_interval(1, 0)
    with pytest.raises(ValueError, match="successes"):
        C.wilson_interval(5, 4)


def test_model_result_rejects_bad_numbers(result):
    with pytest.raises(ValueError, match="precision"):
        result.with_(precision=1.2)
    with pytest.raises(ValueError, match="monthly_run_cost"):
        result.with_(monthly_run_cost=-1)
    with pytest.raises(ValueError, match="precision_ci"):
        result.with_(precision_ci=(0.9, 0.8))
    with pytest.raises(TypeError, match="ModelResult"):
        C.brief({"precision": 0.9})


def test_summarise_fraud_result_by_hand():
    test = pd.DataFrame(
        {
            "is_fraud": [1, 1, 1, 0, 0, 0, 0, 0],
            "amount": [100.0, 200.0, 50.0, 10.0, 10.0, 10.0, 10.0, 10.0],
            "segment": ["a", "a", "b", "a", "b", "a", "b", "a"],
        }
    )
    scores = np.array([0.9, 0.2, 0.8, 0.7, 0.1, 0.35, 0.0, 0.0])
    base = np.array([1, 1, 0, 1, 1, 0, 0, 0])
    r = C.summarise_fraud_result(
        test,
        scores,
        threshold=0.5,
        baseline_flags=base,
        weeks=2,
        latency_ms=np.arange(8) * 10.0,
        segment_mask=test["amount"] >= 100,
        segment_name="big",
        low_confidence_band=(0.3, 0.5),
    )
    # flagged: rows 0, 2, 3 -> 2 true positives of 3 flags, 2 of 3 frauds
    assert r.precision == pytest.approx(2 / 3) and r.recall == pytest.approx(2 / 3)
    assert r.alerts_per_week == pytest.approx(1.5) and r.baseline_alerts_per_week == pytest.approx(2)
    assert r.baseline_precision == pytest.approx(0.5) and r.baseline_recall == pytest.approx(2 / 3)
    assert r.segment_recall == pytest.approx(0.5)  # rows 0 and 1 are "big"; only row 0 flagged
    assert r.latency_p95_ms == pytest.approx(np.percentile(np.arange(8) * 10.0, 95))
    assert r.low_confidence_per_week == pytest.approx(0.5)  # one score (0.35) in [0.3, 0.5)
    months = 2 / (52 / 12)
    assert r.fraud_value_caught_per_month == pytest.approx(150 / months)
    assert r.group_recall == {"a": pytest.approx(0.5), "b": pytest.approx(1.0)}
    assert r.precision_ci == pytest.approx(C.wilson_interval(2, 3))
    with pytest.raises(ValueError, match="threshold"):
        C.summarise_fraud_result(
            test,
            scores,
            threshold=0.99,
            baseline_flags=base,
            weeks=2,
            latency_ms=np.zeros(8),
            segment_mask=np.zeros(8, bool),
            segment_name="x",
        )
    with pytest.raises(ValueError, match="weeks"):
        C.summarise_fraud_result(
            test,
            scores,
            threshold=0.5,
            baseline_flags=base,
            weeks=0,
            latency_ms=np.zeros(8),
            segment_mask=np.zeros(8, bool),
            segment_name="x",
        )


def test_briefing_renders(result):
    b = C.brief(result)
    assert b.to_frame().shape == (5, 1)
    assert "Engineering spec" in b._repr_markdown_()
    with pytest.raises(KeyError, match="audience"):
        b["marketing"]
    assert not math.isnan(result.to_frame()["value"].sum())


# ---- the rollback rule comes from the weekly noise, checked against scipy's binomial


def test_share_below_matches_scipy():
    from scipy.stats import binom

    for line, n, p in [(0.636, 41, 0.687), (0.5, 10, 0.5), (0.2, 7, 0.9), (0.9, 300, 0.93)]:
        k = int(np.ceil(line * n - 1e-9))  # "below the line" means fewer than k right
        assert C.share_below(line, n, p) == pytest.approx(binom.cdf(k - 1, n, p), abs=1e-12)


def test_a_line_at_the_bottom_of_the_interval_fires_in_about_a_quarter_of_weeks():
    # 41 alerts a week at a true precision of 68.7%: a week below 63.6% is common
    assert 0.15 < C.share_below(0.636, 41, 0.687) < 0.35


def test_rollback_rule_is_the_highest_line_with_the_stated_false_alarm_rate(result):
    from scipy.stats import binom

    r = result.with_(alerts_per_week=41, precision=0.687, precision_ci=(0.636, 0.733))
    rule = C.rollback_rule(r)
    assert rule.alerts == 41 and rule.at_precision == 0.636
    for line, n, chance in [
        (rule.weekly_line, 41, rule.weekly_chance),
        (rule.pooled_line, 41 * rule.weeks, rule.pooled_chance),
    ]:
        k = round(line * n)
        assert binom.cdf(k - 1, n, 0.636) == pytest.approx(chance)
        assert chance <= C.ROLLBACK_FALSE_ALARM < binom.cdf(k, n, 0.636)  # one more alert right would exceed it
    assert rule.weekly_line < rule.pooled_line < 0.636  # pooling weeks lets the line sit closer to the rate
    text = C.engineering_spec(r)
    assert pct(rule.weekly_line) in text and pct(rule.pooled_line) in text
    assert "the bottom of today's interval." not in text


def test_difference_interval_matches_statsmodels_newcombe():
    from statsmodels.stats.proportion import confint_proportions_2indep

    for k1, n1, k2, n2 in [(60, 116, 25, 58), (45, 50, 30, 50), (3, 20, 9, 21)]:
        ours = C.difference_interval(k1, n1, k2, n2)
        ref = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
        assert ours == pytest.approx(tuple(ref), abs=1e-9)


def test_legal_text_gives_the_gap_its_interval(result):
    r = result.with_(group_counts={"consumer": (62, 100), "new_market": (49, 100)})
    lo, hi = r.group_gap_interval
    assert lo < 0.13 < hi
    text = C.legal_explanation(r)
    assert f"{lo * 100:.1f} to {hi * 100:.1f} points" in text and "not yet settled" in text


def test_executive_summary_says_not_yet_when_the_range_straddles_zero(result):
    sc = C.outcome_scenarios(result)["net value ($/month)"]
    assert sc["conservative"] > 0
    assert "Recommendation: go" in C.executive_summary(result)
    weak = result.with_(
        fraud_value_caught_per_month=52_000,
        precision_ci=(0.6, 0.95),
        recall_ci=(0.3, 0.8),
        baseline_alerts_per_week=200,
    )
    sc = C.outcome_scenarios(weak)["net value ($/month)"]
    assert sc["conservative"] < 0 < sc["optimistic"]
    text = C.executive_summary(weak)
    assert "not yet" in text and money_k(sc["conservative"]) in text and money_k(sc["optimistic"]) in text


def test_executive_summary_speaks_in_dollars_only(result):
    # the decision is made on net dollars a month: no counts, hours or percentages for the same claim
    text = C.executive_summary(result)
    for unit in ("false flags", "review hours", "% of fraud", "%"):
        assert unit not in text.replace("95% intervals", ""), unit


def test_executive_summary_decides_on_the_bootstrap_interval_when_given(result):
    net = result.monthly_net_value
    assert net > 0
    for ci, word in [((net - 1_000, net + 1_000), "go"), ((-5_000, net + 1_000), "not yet")]:
        text = C.executive_summary(result.with_(net_value_ci=ci, test_rows=5_905))
        assert f"Recommendation: {word}." in text
        assert money_k(ci[0]) in text and money_k(ci[1]) in text and "5,905 test transactions" in text
    losing = result.with_(fraud_value_caught_per_month=20_000)
    net = losing.monthly_net_value
    assert net < 0
    assert "Recommendation: no." in C.executive_summary(losing.with_(net_value_ci=(net - 5_000, net / 2)))


def test_net_value_replicates_match_model_result_on_each_resample():
    # independent path: rebuild a ModelResult from each resampled frame and read its monthly_net_value
    rng = np.random.default_rng(3)
    n = 400
    test = pd.DataFrame(
        {
            "is_fraud": rng.random(n) < 0.1,
            "amount": rng.gamma(2, 300, n),
            "latency_ms": np.full(n, 50.0),
            "segment": rng.choice(["a", "b"], n),
        }
    )
    scores = np.clip(0.6 * test["is_fraud"] + rng.random(n) * 0.5, 0, 1)
    base = (test["amount"] > 700).to_numpy()
    kw = dict(weeks=4.0, review_minutes_per_alert=10, review_hourly_cost=30, monthly_run_cost=1_000)
    reps = C.net_value_replicates(test["is_fraud"], scores >= 0.5, base, test["amount"], n_boot=5, seed=11, **kw)
    draws = np.random.default_rng(11).integers(0, n, (5, n))
    for rep, idx in zip(reps, draws):
        t = test.iloc[idx].reset_index(drop=True)
        r = C.summarise_fraud_result(
            t,
            scores.to_numpy()[idx],
            threshold=0.5,
            baseline_flags=base[idx],
            latency_ms=t["latency_ms"],
            segment_mask=np.ones(n, bool),
            segment_name="all",
            **kw,
        )
        assert rep == pytest.approx(r.monthly_net_value, rel=1e-9, abs=1e-6)
    full = C.summarise_fraud_result(
        test,
        scores,
        threshold=0.5,
        baseline_flags=base,
        latency_ms=test["latency_ms"],
        segment_mask=np.ones(n, bool),
        segment_name="all",
        n_boot=500,
        seed=2,
        **kw,
    )
    lo, hi = full.net_value_ci
    assert lo < full.monthly_net_value < hi and full.test_rows == n


def test_simulated_results_say_so_in_every_heading(result):
    plain, sim = C.brief(result), C.brief(result.with_(simulated=True))
    for audience in C.AUDIENCES:
        assert "simulated" not in plain[audience]
        assert "(simulated data)." in sim[audience].split("**")[1], audience
    assert "simulated past transactions" in sim["legal"]


def test_flag_count_lines_match_scipy_poisson():
    from scipy.stats import poisson

    for mean, fa in [(39.0, 0.01), (12.5, 0.05), (200.0, 0.01)]:
        lines = C.flag_count_lines(mean, false_alarm=fa)
        # each side holds at most half the false alarms, and one step inward would hold more
        assert poisson.cdf(lines.low - 1, mean) <= fa / 2 < poisson.cdf(lines.low, mean)
        assert poisson.sf(lines.high, mean) <= fa / 2 < poisson.sf(lines.high - 1, mean)
        assert lines.chance == pytest.approx(poisson.cdf(lines.low - 1, mean) + poisson.sf(lines.high, mean))
    # a "more than a third" rule at 39 a week: outside 26..52
    lines = C.flag_count_lines(39.0)
    assert lines.chance_outside(26, 52) == pytest.approx(poisson.cdf(25, 39) + poisson.sf(52, 39))


def test_legal_and_support_describe_the_same_hold(result):
    legal, support = C.legal_explanation(result), C.support_note(result)
    for text in (legal, support):
        assert "on hold" in text and "never declines" in text
    lines = C.flag_count_lines(result.alerts_per_week)
    assert f"fewer than {lines.low} or more than {lines.high} flags" in support
    # the share of legitimate holds carries its Wilson interval (the complement of precision's)
    assert f"{pct(1 - result.precision_ci[1])} to {pct(1 - result.precision_ci[0])}" in legal


def test_legal_names_the_lines_the_gap_interval_straddles(result):
    r = result.with_(
        group_counts={"consumer": (62, 100), "new_market": (49, 100)},
        features=("amount", "segment"),
        group_column="segment",
    )
    lo, hi = r.group_gap_interval
    assert lo < 0 < 0.10 < hi
    text = C.legal_explanation(r)
    assert "0 (no gap) and the 10-point review trigger" in text
    three = r.with_(group_recall={**r.group_recall, "small_business": 0.55})
    assert "largest of the 3 pairwise gaps" in C.legal_explanation(three) and "optimistic" in C.legal_explanation(three)
    assert "proxy" in text and "segment used below for bias monitoring is itself an input" in text
    clear = r.with_(group_counts={"consumer": (95, 100), "new_market": (40, 100)})
    assert "whole interval is above the 10-point trigger" in C.legal_explanation(clear)


def test_executive_go_is_a_gated_trial_on_one_test_month(result):
    net = result.monthly_net_value
    text = C.executive_summary(result.with_(net_value_ci=(net - 1_000, net + 1_000), simulated=True))
    assert "Recommendation: go." in text and "gated trial now" in text
    assert "one simulated test month; month-to-month variation is not included" in text


def test_latency_is_judged_on_its_interval(result):
    assert "too close to call against the 100 ms budget" in C.engineering_spec(
        result.with_(latency_p95_ms=97, latency_p95_ci=(92.0, 104.0))
    )
    assert "within the 100 ms budget" in C.engineering_spec(
        result.with_(latency_p95_ms=95, latency_p95_ci=(93.0, 97.0))
    )
    assert "OVER the 100 ms budget" in C.engineering_spec(
        result.with_(latency_p95_ms=110, latency_p95_ci=(103.0, 118.0))
    )
    # the bootstrap interval of the p95 from summarise_fraud_result matches an independent resampling
    rng = np.random.default_rng(5)
    n = 600
    test = pd.DataFrame(
        {
            "is_fraud": rng.random(n) < 0.1,
            "amount": rng.gamma(2, 300, n),
            "latency_ms": rng.gamma(9, 8, n),
            "segment": rng.choice(["a", "b"], n),
        }
    )
    r = C.summarise_fraud_result(
        test,
        rng.random(n),
        threshold=0.5,
        baseline_flags=rng.random(n) < 0.1,
        weeks=4.0,
        latency_ms=test["latency_ms"],
        segment_mask=np.ones(n, bool),
        segment_name="all",
        n_boot=400,
        seed=11,
    )
    lat = test["latency_ms"].to_numpy()
    again = np.random.default_rng(12)
    p95s = [np.percentile(lat[again.integers(0, n, n)], 95) for _ in range(400)]
    assert r.latency_p95_ci == pytest.approx(tuple(np.quantile(p95s, [0.025, 0.975])))
    assert r.latency_p95_ci[0] <= r.latency_p95_ms <= r.latency_p95_ci[1]


def test_break_even_precision_by_hand(result):
    # review saved 60 h/week * 52/12 * 50 $ = 13,000 $/month; caught scales with precision at fixed alerts:
    # 90,000 * p / 0.9 - 50,000 + 13,000 - 5,000 = 0  ->  p = 0.42
    assert C.break_even_precision(result) == pytest.approx(0.42)
    at = result.with_(precision=0.42, fraud_value_caught_per_month=90_000 * 0.42 / 0.9)
    assert at.monthly_net_value == pytest.approx(0.0, abs=1e-6)


def test_spec_and_summary_carry_the_slide_caveat_when_the_rule_cannot_see_break_even(result):
    from scipy.stats import binom

    # break-even close to the bottom of the interval: review saved (500 - 40) * 12/60 h * 52/12 * 50 $ = 19,933 $,
    # p_be = 0.9 * (56,600 - 19,933 + 5,000) / 50,000 = 0.75, against a pooled line near 0.72
    near = result.with_(
        fraud_value_caught_per_month=50_000,
        baseline_value_caught_per_month=56_600,
        alerts_per_week=40,
        precision_ci=(0.80, 0.96),
    )
    p_be = C.break_even_precision(near)
    assert p_be == pytest.approx(0.75, abs=1e-4)
    rule = C.rollback_rule(near)
    k = round(rule.pooled_line * rule.alerts * rule.weeks)
    assert binom.cdf(k - 1, rule.alerts * rule.weeks, p_be) < 0.5  # independent check: scipy's binomial
    assert "Caveat" in C.engineering_spec(near) and "reviewers' outcomes" in C.engineering_spec(near)
    assert "catches a collapse, not a slow slide" in C.executive_summary(near.with_(net_value_ci=(1_000, 30_000)))
    # far from break-even (the fixture: 0.42 against lines near 0.8): no caveat, the pooled line catches it
    assert "Caveat" not in C.engineering_spec(result)
    assert "slow slide" not in C.executive_summary(result)


# ---- an F1 change in money: counts and prices worked by hand, F1 against scikit-learn
def test_price_operating_point_is_the_hand_worked_money_and_matches_sklearn_f1():
    from sklearn.metrics import f1_score, precision_score, recall_score

    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    f = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0])
    op = C.price_operating_point(y, f, value_per_catch=500, cost_per_alert=10, cost_per_false_alarm=20, months=2.0)
    assert (op.alerts, op.caught, op.false_alarms, op.fraud_total) == (5, 3, 2, 4)
    assert op.precision == pytest.approx(precision_score(y, f))
    assert op.recall == pytest.approx(recall_score(y, f))
    assert op.f1 == pytest.approx(f1_score(y, f))
    assert op.monthly_money == pytest.approx((3 * 500 - 5 * 10 - 2 * 20) / 2)  # 705 a month


def test_same_f1_opposite_money():
    # 10 frauds. A: 6 caught of 10 alerts (P .6, R .6); B: 4 caught of 4 alerts (P 1, R .4)... F1 .6 vs .571;
    # C: 5 caught of 7 alerts. Hand prices: a catch 1,000, an alert 10, a false alarm 10.
    y = np.array([1] * 10 + [0] * 90)
    a = np.zeros(100, bool)
    a[:6] = True
    a[10:14] = True
    b = np.zeros(100, bool)
    b[:4] = True
    prices = dict(value_per_catch=1_000, cost_per_alert=10, cost_per_false_alarm=10)
    pa, pb = C.price_operating_point(y, a, **prices), C.price_operating_point(y, b, **prices)
    assert pa.monthly_money == pytest.approx(6_000 - 100 - 40)
    assert pb.monthly_money == pytest.approx(4_000 - 40)
    est, lo, hi = C.money_change_interval(y, b, a, n_boot=300, seed=1, **prices)
    assert est == pytest.approx(pb.monthly_money - pa.monthly_money)
    assert lo <= est <= hi and lo < 0


def test_money_change_interval_is_paired_and_zero_for_identical_flags():
    y = np.array([1, 0, 1, 0, 0, 1, 0, 0])
    f = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    est, lo, hi = C.money_change_interval(
        y, f, f, value_per_catch=100, cost_per_alert=5, cost_per_false_alarm=5, n_boot=200
    )
    assert (est, lo, hi) == (0.0, 0.0, 0.0)


def test_f1_twin_is_on_the_other_side_of_the_peak_with_the_nearest_f1():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(3)
    y = rng.random(2_000) < 0.1
    s = np.clip(0.25 * y + rng.normal(0.3, 0.12, 2_000), 0, 1)
    cuts = np.unique(s)
    f1s = np.array([f1_score(y, s >= t) for t in cuts])
    peak = cuts[np.argmax(f1s)]
    ref = float(np.quantile(s[y], 0.2))  # a low threshold: high recall, below the peak
    assert ref < peak
    twin, f_ref, f_twin = C.f1_twin(y, s, ref)
    assert twin > peak
    assert f_ref == pytest.approx(f1_score(y, s >= ref)) and f_twin == pytest.approx(f1_score(y, s >= twin))
    assert abs(f_twin - f_ref) == pytest.approx(np.abs(f1s[cuts > peak] - f_ref).min())


def test_f1_money_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="flags"):
        C.price_operating_point([1, 0], [1], value_per_catch=1, cost_per_alert=1, cost_per_false_alarm=1)
    with pytest.raises(ValueError, match="cost_per_alert"):
        C.price_operating_point([1, 0], [1, 0], value_per_catch=1, cost_per_alert=-1, cost_per_false_alarm=1)
    with pytest.raises(ValueError, match="months"):
        C.price_operating_point([1, 0], [1, 0], value_per_catch=1, cost_per_alert=1, cost_per_false_alarm=1, months=0)
    with pytest.raises(ValueError, match="no positives"):
        C.f1_twin([0, 0], [0.1, 0.2], 0.1)


# ---- every option on the table reaches the executive text
def test_executive_summary_weighs_a_rival_on_its_interval(result):
    with_ci = result.with_(net_value_ci=(30_000, 60_000), test_rows=1_000)
    rival = with_ci.with_(
        baseline_name="the readable rule set", baseline_value_caught_per_month=85_000, net_value_ci=(-3_000, 9_000)
    )
    text = C.executive_summary(with_ci.with_rival(rival))
    assert "the readable rule set" in text and "not yet" in text
    assert money_k(rival.monthly_net_value) in text
    beaten = rival.with_(net_value_ci=(-9_000, -1_000), baseline_value_caught_per_month=100_000)
    assert "better buy" in C.executive_summary(with_ci.with_rival(beaten))
    with pytest.raises(ValueError, match="net_value_ci"):
        with_ci.with_rival(rival.with_(net_value_ci=None))
    with pytest.raises(TypeError, match="other"):
        with_ci.with_rival("rules")


def test_band_reviews_cost_review_time_by_hand():
    # the uncertain band's payments below the threshold are reviewed after payment: they cost review time
    test = pd.DataFrame(
        {
            "is_fraud": [1, 1, 1, 0, 0, 0, 0, 0],
            "amount": [100.0, 200.0, 50.0, 10.0, 10.0, 10.0, 10.0, 10.0],
            "segment": ["a", "a", "b", "a", "b", "a", "b", "a"],
        }
    )
    scores = np.array([0.9, 0.2, 0.8, 0.7, 0.1, 0.35, 0.0, 0.0])
    base = np.array([1, 1, 0, 1, 1, 0, 0, 0])
    kw = dict(
        threshold=0.5,
        baseline_flags=base,
        weeks=2,
        latency_ms=np.zeros(8),
        segment_mask=np.zeros(8, bool),
        segment_name="x",
        low_confidence_band=(0.3, 0.6),
        review_minutes_per_alert=30,
        review_hourly_cost=60,
        monthly_run_cost=0.0,
    )
    plain = C.summarise_fraud_result(test, scores, **kw)
    banded = C.summarise_fraud_result(test, scores, band_reviewed=True, **kw)
    # band [0.3, 0.6) holds only row 5 (0.35), below the threshold: one review in two weeks
    assert banded.band_reviews_per_week == pytest.approx(0.5) and plain.band_reviews_per_week == 0
    assert banded.reviews_per_week == pytest.approx(1.5 + 0.5)
    # baseline 4 alerts / 2 weeks = 2 a week; the model reviews 2 a week: no hours saved
    assert banded.review_hours_saved_per_week == pytest.approx(0.0)
    assert plain.review_hours_saved_per_week == pytest.approx(0.5 * 30 / 60)
    # net value falls by exactly the band's review cost: 0.5 a week x 0.5 h x $60 x 52/12 weeks a month
    assert plain.monthly_net_value - banded.monthly_net_value == pytest.approx(0.5 * 0.5 * 60 * 52 / 12)
    # the bootstrap replicate on the full sample (every row once) equals the point estimate
    y, flag = test["is_fraud"].to_numpy().astype(bool), scores >= 0.5
    extra = (scores >= 0.3) & (scores < 0.6) & ~flag
    reps = C.net_value_replicates(
        y,
        flag,
        base,
        test["amount"],
        weeks=2,
        review_minutes_per_alert=30,
        review_hourly_cost=60,
        monthly_run_cost=0.0,
        n_boot=50,
        seed=1,
        extra_reviews=extra,
    )
    assert reps.mean() == pytest.approx(banded.monthly_net_value, rel=0.6)
    assert "reviewed after payment" in C.engineering_spec(banded)
    assert "reviewed after they go through" in C.support_note(banded)
    # the queue's parts and total are printed unrounded, so a reader adding them gets the total: 1.5 + 0.5 = 2.0
    assert "1.5 + 0.5 = 2.0 reviews a week" in C.support_note(banded)
    with pytest.raises(ValueError, match="extra_reviews"):
        C.net_value_replicates(
            y,
            flag,
            base,
            test["amount"],
            weeks=2,
            review_minutes_per_alert=30,
            review_hourly_cost=60,
            monthly_run_cost=0.0,
            n_boot=5,
            extra_reviews=extra[:3],
        )


def test_rollback_false_alarm_follows_the_result(result):
    strict = C.rollback_rule(result)
    loose = C.rollback_rule(result.with_(rollback_false_alarm=0.05))
    assert strict.false_alarm == C.ROLLBACK_FALSE_ALARM and loose.false_alarm == 0.05
    assert loose.weekly_line >= strict.weekly_line
    assert loose.weekly_chance <= 0.05
    with pytest.raises(ValueError, match="rollback_false_alarm"):
        result.with_(rollback_false_alarm=1.5)


def test_f1_change_interval_matches_sklearn_on_the_same_resamples():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(3)
    n = 400
    y = rng.random(n) < 0.2
    f = (y & (rng.random(n) < 0.7)) | (~y & (rng.random(n) < 0.1))
    b = (y & (rng.random(n) < 0.5)) | (~y & (rng.random(n) < 0.05))
    est, lo, hi = C.f1_change_interval(y, f, b, n_boot=50, seed=9)
    assert est == pytest.approx(f1_score(y, f) - f1_score(y, b))
    # the same resamples, drawn independently and scored with scikit-learn
    draw = np.random.default_rng(9).integers(0, n, (50, n))
    reps = [f1_score(y[i], f[i]) - f1_score(y[i], b[i]) for i in draw]
    assert (lo, hi) == pytest.approx(tuple(np.quantile(reps, [0.025, 0.975])))
    with pytest.raises(ValueError, match="same length"):
        C.f1_change_interval(y, f[:10], b)
    with pytest.raises(ValueError, match="n_boot"):
        C.f1_change_interval(y, f, b, n_boot=0)


# ---- the ship call: a trial decided on zero, the switch on the pre-set line and every rival
def test_switch_waits_for_the_preset_line_and_the_rival_while_the_trial_starts(result):
    net = result.monthly_net_value
    r = result.with_(
        net_value_ci=(net - 30_000, net + 30_000), test_rows=5_905, min_net_to_switch=20_000, live_share=0.25
    )
    assert net - 30_000 > 0 and net - 30_000 < 20_000 < net + 30_000  # straddles the line, clears zero
    trial, switch, parts = C.switch_call(r)
    assert (trial, switch) == ("pass", "inconclusive")
    text = C.executive_summary(r)
    assert "start a gated trial now; the switch itself is not yet" in text
    # trial length by hand: sd = 60,000 / (2 * 1.959964); months = ((1.959964 + 0.841621) * sd / 20,000)^2
    sd = 60_000 / (2 * 1.959964)
    full = ((1.959964 + 0.841621) * sd / 20_000) ** 2
    live, all_traffic = C.trial_months(r)
    assert all_traffic == pytest.approx(full, rel=1e-4) and live == pytest.approx(full / 0.25, rel=1e-4)
    assert f"{live:.1f} months on 25% of traffic" in text
    # a live trial month by hand: a quarter of (net + run), minus the whole running cost (every payment is scored)
    run = r.monthly_run_cost
    by_hand = [0.25 * (v + run) - run for v in (net, net - 30_000, net + 30_000)]
    assert C.trial_month_net(r) == pytest.approx(by_hand)
    assert by_hand[1] == pytest.approx(750)  # 0.25 x (18,000 + 5,000) - 5,000: small sums are stated whole
    assert f"interval $750 to {money_k(by_hand[2])}" in text and "risks little" not in text
    assert "review time saved" not in text  # a small count difference: no saving claimed without its interval
    clear = r.with_(net_value_ci=(25_000, net + 30_000))
    assert C.switch_call(clear)[1] == "pass" and "Recommendation: go." in C.executive_summary(clear)
    rival = clear.with_(
        baseline_name="the readable rule set", baseline_value_caught_per_month=85_000, net_value_ci=(-3_000, 9_000)
    )
    assert C.switch_call(clear.with_rival(rival))[1] == "inconclusive"
    with pytest.raises(ValueError, match="min_net_to_switch"):
        C.trial_months(r.with_(min_net_to_switch=0.0))
    with pytest.raises(ValueError, match="live_share"):
        r.with_(live_share=0.0)


def test_rollback_budget_keeps_both_lines_within_the_yearly_tolerance(result):
    weekly, pooled = C.rollback_budget(1.0, weeks=4)
    assert weekly == pytest.approx(0.5 / 52) and pooled == pytest.approx(0.5 / 13)
    rule = C.rollback_rule(result.with_(rollback_false_alarm=weekly, rollback_pooled_false_alarm=pooled))
    assert rule.weekly_chance <= weekly and rule.pooled_chance <= pooled
    assert rule.false_rollbacks_per_year == pytest.approx(52 * rule.weekly_chance + 13 * rule.pooled_chance)
    assert rule.false_rollbacks_per_year <= 1.0
    # detection by hand with SciPy: a week of n alerts at precision p trips the line below k/n
    from scipy.stats import binom

    p = 0.3
    k = round(rule.weekly_line * rule.alerts)
    week, four, pooled_hit = rule.detection(p)
    assert week == pytest.approx(binom.cdf(k - 1, rule.alerts, p))
    assert four == pytest.approx(1 - (1 - week) ** 4)
    assert pooled_hit == pytest.approx(binom.cdf(round(rule.pooled_line * rule.alerts * 4) - 1, rule.alerts * 4, p))
    with pytest.raises(ValueError, match="per_year"):
        C.rollback_budget(1_000.0)


def test_months_to_settle_matches_a_hand_worked_power_calculation():
    from scipy.stats import norm

    # one month's 95% interval -8,000 to 19,000 (se = 27,000 / 3.92); detect 5,000 with 80% power
    se = 27_000 / (2 * norm.ppf(0.975))
    by_hand = ((norm.ppf(0.975) + norm.ppf(0.8)) * se / 5_000) ** 2
    assert C.months_to_settle((-8_000, 19_000), 5_000) == pytest.approx(by_hand, rel=1e-6)
    # half the effect, four times the months
    assert C.months_to_settle((-8_000, 19_000), 2_500) == pytest.approx(4 * by_hand, rel=1e-6)
    with pytest.raises(ValueError, match="min_effect"):
        C.months_to_settle((-1, 1), 0)
    with pytest.raises(ValueError, match="interval"):
        C.months_to_settle((1, -1), 5)


def test_rollback_lines_can_be_anchored_at_a_business_line(result):
    from scipy.stats import binom

    be = 0.8
    anchored = result.with_(rollback_at_precision=be, rollback_at_words="break-even, where the model stops paying")
    rule = C.rollback_rule(anchored)
    assert rule.at_precision == be and C.rollback_rule(result).at_precision == result.precision_ci[0]  # old default
    # the weekly line is the highest k/n whose chance at break-even stays within the false alarm (SciPy by hand)
    n, fa = rule.alerts, anchored.rollback_false_alarm
    k = max(k for k in range(n + 1) if binom.cdf(k - 1, n, be) <= fa)
    assert rule.weekly_line == pytest.approx(k / n)
    assert "(break-even, where the model stops paying)" in C.engineering_spec(anchored)
    with pytest.raises(ValueError, match="rollback_at_precision"):
        result.with_(rollback_at_precision=1.5)


def test_segment_gap_review_waits_for_the_interval_when_asked(result):
    r = result.with_(
        group_counts={"consumer": (62, 100), "new_market": (7, 15)},
        group_recall={"consumer": 0.62, "new_market": 7 / 15},
    )
    assert "starts now as a precaution" in C.legal_explanation(r)  # the old default
    strict = C.legal_explanation(r.with_(gap_precaution=False))
    assert "precaution" not in strict and "no review is triggered yet" in strict


def test_settle_months_replace_the_live_share_length_and_briefs_read_as_bullets(result):
    net = result.monthly_net_value
    r = result.with_(
        net_value_ci=(net - 30_000, net + 30_000), test_rows=5_905, settle_months=(("over the rules", 20_000, 6.2),)
    )
    r = r.with_rival(r.with_(baseline_name="the readable rule set", net_value_ci=(-3_000, 9_000)))
    assert C.switch_call(r)[:2] == ("pass", "inconclusive")
    text = C.executive_summary(r)
    assert "$20k a month over the rules takes about 6 months" in text and "set in advance" in text
    md = C.brief(r).to_markdown(bullets=True)
    assert md.count("**Executive summary") == 1 and "\n- " in md
    assert C.brief(r).to_markdown() == C.brief(r)._repr_markdown_()


def test_spec_names_the_week_a_line_at_the_bottom_of_the_interval_fires_and_its_chance(result):
    from scipy.stats import binom

    # 39 alerts a week, interval bottom 59.9%: a week is strictly below it with 23 right (58.97%), not 24 (61.5%)
    r = result.with_(precision=0.675, precision_ci=(0.599, 0.743), alerts_per_week=39)
    r = r.with_(rollback_at_precision=0.588, rollback_at_words="break-even")
    spec = C.engineering_spec(r)
    assert "whenever 23 or fewer of a week's 39 alerts are right" in spec
    assert f"in {binom.cdf(23, 39, 0.675):.0%} of weeks even with the precision measured today (67.5%)" in spec
    assert f"{binom.cdf(23, 39, 0.675):.0%}" == "17%"  # the rule with the line at break-even would say 10%


def test_spec_states_an_uncertain_anchor_and_the_false_rollbacks_at_its_low_end(result):
    from scipy.stats import binom

    anchored = result.with_(rollback_at_precision=0.8, rollback_at_words="break-even", rollback_at_interval=(0.7, 0.86))
    rule = C.rollback_rule(anchored)
    week = binom.cdf(math.ceil(rule.weekly_line * rule.alerts - 1e-9) - 1, rule.alerts, 0.7)
    pooled = binom.cdf(math.ceil(rule.pooled_line * rule.alerts * 4 - 1e-9) - 1, rule.alerts * 4, 0.7)
    spec = C.engineering_spec(anchored)
    assert "(95% interval 70.0% to 86.0%)" in spec
    assert f"in {week:.1%} of weeks and {pooled:.1%} of 4-week runs, about {52 * week + 13 * pooled:.1f}" in spec
    assert "itself an estimate" not in C.engineering_spec(result.with_(rollback_at_precision=0.8))


def test_payback_is_counted_from_the_switch_unless_the_switch_passes(result):
    net = result.monthly_net_value
    r = result.with_(net_value_ci=(net - 30_000, net + 30_000), min_net_to_switch=20_000)
    assert C.switch_call(r)[1] == "inconclusive"
    assert "Payback is counted from a switch to all traffic, which is not decided" in C.executive_summary(r)
    clear = r.with_(net_value_ci=(25_000, net + 30_000))
    assert "It pays back its assumed $120,000 build cost" in C.executive_summary(clear)


def test_finance_note_says_precision_moves_no_dollars_in_the_scenarios(result):
    r = result.with_(net_value_ci=(result.monthly_net_value - 1, result.monthly_net_value + 1))
    sc = C.outcome_scenarios(r)
    # alerts held fixed: net value minus the extra fraud caught is the same in every case
    rest = sc["net value ($/month)"] - sc["extra fraud caught ($/month)"]
    assert np.allclose(rest, rest.iloc[0])
    assert "moves only the review time" not in C.finance_note(r)


def test_gap_trigger_is_the_kits_constant(result, monkeypatch):
    r = result.with_(
        group_counts={"consumer": (62, 100), "new_market": (7, 15)},
        group_recall={"consumer": 0.62, "new_market": 7 / 15},
    )
    assert "a gap above 10 points triggers a review" in C.legal_explanation(r)
    monkeypatch.setattr(C.legal, "GAP_REVIEW_TRIGGER", 0.2)  # where legal_explanation looks it up
    assert "a gap above 20 points triggers a review" in C.legal_explanation(r)


def test_collapse_at_is_half_today_unless_set(result):
    assert C.collapse_at(result) == pytest.approx(0.45)
    assert C.collapse_at(result.with_(collapse_precision=0.3)) == 0.3


def test_unsettled_segment_gap_says_how_long_settling_takes(result):
    r = result.with_(
        group_counts={"consumer": (62, 100), "new_market": (7, 15)},
        group_recall={"consumer": 0.62, "new_market": 7 / 15},
        gap_precaution=False,
    )
    lo, hi = r.group_gap_interval
    assert lo < C.GAP_REVIEW_TRIGGER < hi
    # hand-worked: se = width / (2 * 1.96); months = ((1.96 + 0.8416) * se / 0.10) ** 2; cases = months * 15
    se = (hi - lo) / (2 * 1.959964)
    months = ((1.959964 + 0.841621) * se / 0.10) ** 2
    assert C.gap_settle(r) == pytest.approx((months, 15 * months), rel=1e-5)
    text = C.legal_explanation(r)
    assert f"about {months:.0f} months of labelled data" in text and f"about {15 * months:,.0f} fraud cases" in text
    assert "appeal" not in text


def test_executive_summary_carries_no_method_words(result):
    net = result.monthly_net_value
    r = result.with_(
        net_value_ci=(net - 30_000, net + 30_000), test_rows=5_905, settle_months=(("over the rules", 20_000, 6.2),)
    )
    r = r.with_rival(r.with_(baseline_name="the readable rule set", net_value_ci=(-3_000, 9_000)))
    text = C.executive_summary(r).lower()
    for word in ("bootstrap", "resampl", "power", "precision", "recall"):
        assert word not in text, word


def test_finance_cases_are_the_ends_of_the_net_value_interval(result):
    # hand-worked: net = 40,000 + 60 h x 52/12 x $50 - 5,000 = 48,000; payback = 120,000 / net
    r = result.with_(net_value_ci=(-2_000, 90_000))
    nv = C.net_value_scenarios(r)
    assert list(nv["net value ($/month)"]) == pytest.approx([-2_000, 48_000, 90_000])
    assert math.isinf(nv["payback (months)"].iloc[0])
    assert nv["payback (months)"].iloc[1:].tolist() == pytest.approx([120_000 / 48_000, 120_000 / 90_000])
    note = C.finance_note(r)
    assert "-$2,000 (payback never)" in note and "$90,000 (payback 1.3 months)" in note
    assert "conservative" in C.finance_note(result)  # no interval: the recall what-if, as before
    with pytest.raises(ValueError, match="net_value_ci"):
        C.net_value_scenarios(result)


def test_legal_note_gives_wrongful_holds_by_segment_and_offers_the_unsettled_gap_as_a_choice(result):
    # four payments a segment: consumer holds 1 of 3 legitimate, new market 2 of 2 (hand-counted)
    test = pd.DataFrame(
        {"is_fraud": [1, 0, 0, 0, 1, 1, 0, 0], "amount": [100.0] * 8, "segment": ["consumer"] * 4 + ["new_market"] * 4}
    )
    scores = np.array([0.9, 0.9, 0.1, 0.1, 0.9, 0.1, 0.9, 0.9])
    r = C.summarise_fraud_result(
        test,
        scores,
        threshold=0.5,
        baseline_flags=np.zeros(8, bool),
        weeks=1,
        latency_ms=np.ones(8),
        segment_mask=np.ones(8, bool),
        segment_name="all",
    )
    assert r.group_hold_counts == {"consumer": (1, 3), "new_market": (2, 2)}
    lo, hi = C.wilson_interval(1, 3)
    text = C.legal_explanation(r)
    assert f"consumer 33.3% ({lo:.1%} to {hi:.1%}, 1 of 3)" in text and "wrongful hold" in text
    gap = result.with_(
        group_counts={"consumer": (62, 100), "new_market": (7, 15)},
        group_recall={"consumer": 0.62, "new_market": 7 / 15},
        gap_precaution=None,
    )
    assert "Legal's choice until it is: start the review now as a precaution, or wait" in C.legal_explanation(gap)


def test_lines_anchored_below_break_even_cover_every_model_that_may_still_pay(result):
    from scipy.stats import binom

    # the fixture's break-even is near 0.42 (see above); anchor at 0.3, under it
    r = result.with_(rollback_at_precision=0.3, rollback_at_words="break-even's low end")
    rule = C.rollback_rule(r)
    k = max(k for k in range(rule.alerts + 1) if binom.cdf(k - 1, rule.alerts, 0.3) <= r.rollback_false_alarm)
    assert rule.weekly_line == pytest.approx(k / rule.alerts)
    spec = C.engineering_spec(r)
    assert "set for a model at 30.0% (break-even's low end)" in spec and "Caveat" not in spec
    assert "agree with the confirmed labels" in spec
    assert f"A slide below break-even ({C.break_even_precision(r):.1%}) is not caught" in spec
