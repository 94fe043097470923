"""aipm_kit.planning: hand-worked cases, closed forms and independent implementations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aipm_kit import planning as P

# --------------------------------------------------------------------------- break-even


def test_break_even_on_paper():
    # $120k to build, $25k of value and $5k of running cost a month: 120 / 20 = 6 months.
    be = P.break_even(120_000, monthly_value=25_000, monthly_cost=5_000, horizon_months=24)
    assert be.months == pytest.approx(6.0)
    assert be.net_value == pytest.approx(20_000 * 24 - 120_000)
    assert be.roi == pytest.approx((20_000 * 24 - 120_000) / (120_000 + 5_000 * 24))
    frame = be.to_frame()
    assert frame.loc[frame["month"] == 6, "cumulative_net"].item() == pytest.approx(0.0)
    assert (frame.loc[frame["month"] < 6, "cumulative_net"] < 0).all()
    assert be.pays_back


def test_break_even_never_is_infinite_not_nan():
    be = P.break_even(50_000, monthly_value=3_000, monthly_cost=3_000)
    assert math.isinf(be.months) and not be.pays_back
    assert be.net_value == pytest.approx(-50_000)
    assert "never" in repr(be)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(upfront_cost=-1, monthly_value=10), "upfront_cost"),
        (dict(upfront_cost=1, monthly_value=10, monthly_cost=-5), "monthly_cost"),
        (dict(upfront_cost=1, monthly_value=float("nan")), "monthly_value"),
    ],
)
def test_break_even_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        P.break_even(**kwargs)


# --------------------------------------------------------------------------- business case


def test_churn_curve_interpolates_like_numpy():
    curve = [(0, 0.0), (100, 0.0), (200, 0.01), (400, 0.05)]
    assert P.churn_from_latency(150, curve) == pytest.approx(0.005)
    assert P.churn_from_latency(300, curve) == pytest.approx(0.03)
    assert P.churn_from_latency(900, curve) == pytest.approx(0.05)  # flat beyond the last point
    lat = np.array([0, 50, 120, 250, 399])
    np.testing.assert_allclose(P.churn_from_latency(lat, curve), np.interp(lat, *zip(*curve)))


@pytest.mark.parametrize("curve", [[(0, 0.0)], [(100, 0.0), (50, 0.01)], [(0, 0.0), (100, 1.5)]])
def test_churn_curve_rejects_bad_curves(curve):
    with pytest.raises(ValueError, match="curve"):
        P.churn_from_latency(100, curve)


def test_business_case_by_hand():
    case = P.BusinessCase(
        monthly_users=100_000,
        conversion_rate=0.05,
        value_per_conversion=20,
        accuracy_gain_points=2,
        conversion_lift_per_point=0.01,
        added_latency_ms=150,
        latency_churn=((0, 0.0), (100, 0.0), (200, 0.002)),
        lost_user_months=4,
        upfront_cost=10_000,
        monthly_cost=500,
        horizon_months=12,
    )
    r = case.evaluate()
    # revenue today 100k x 5% x $20 = $100k; 2 points x 1% = 2% lift = $2,000 a month
    assert r.accuracy_value == pytest.approx(2_000)
    # 150 ms -> 0.1% churn: 100 users a month x $1 per user-month x 4 months = $400
    assert r.extra_churn == pytest.approx(0.001)
    assert r.latency_cost == pytest.approx(400)
    assert r.break_even.months == pytest.approx(10_000 / (2_000 - 400 - 500))
    assert r.to_frame().loc["break-even (months)", "value"] == pytest.approx(r.break_even.months)


def test_business_case_rejects_bad_assumptions():
    with pytest.raises(ValueError, match="conversion_rate"):
        P.BusinessCase(conversion_rate=1.5)
    with pytest.raises(ValueError, match="upfront_cost"):
        P.BusinessCase(upfront_cost=-10)
    with pytest.raises(ValueError, match="unknown assumption"):
        P.BusinessCase().with_(not_a_field=1)


# --------------------------------------------------------------------------- sensitivity and scenarios


def test_sensitivity_of_a_linear_function():
    s = P.sensitivity(
        lambda a, b, c: 3 * a - 2 * b + 0 * c, {"a": (0, 1), "b": (0, 4), "c": (0, 9)}, base={"a": 1, "b": 1, "c": 1}
    )
    t = s.to_frame()
    assert list(t.index) == ["b", "a", "c"]  # sorted by swing: 8, 3, 0
    assert t.loc["b", "swing"] == pytest.approx(8) and t.loc["a", "swing"] == pytest.approx(3)
    assert t.loc["c", "swing"] == 0
    assert s.base_value == pytest.approx(1)
    assert t.loc["a", "output_at_low"] == pytest.approx(-2 + 0)


def test_sensitivity_of_a_business_case_matches_direct_evaluation():
    case = P.BusinessCase()
    s = P.sensitivity(case, {"upfront_cost": (50_000, 200_000), "added_latency_ms": (0, 300)})
    t = s.to_frame()
    # net value is linear in the upfront cost with slope -1
    assert t.loc["upfront_cost", "swing"] == pytest.approx(150_000)
    hi = case.with_(added_latency_ms=300).evaluate().break_even.net_value
    assert t.loc["added_latency_ms", "output_at_high"] == pytest.approx(hi)
    with pytest.raises(ValueError, match="low"):
        P.sensitivity(case, {"upfront_cost": (2, 1)})
    with pytest.raises(ValueError, match="output"):
        P.sensitivity(case, {"upfront_cost": (1, 2)}, output="profit")


def test_tornado_bar_ends_are_the_outputs_at_the_stated_inputs_and_say_so():
    import matplotlib

    matplotlib.use("Agg")
    s = P.sensitivity(lambda a, b: 3 * a - 2 * b, {"a": (0, 2), "b": (0.5, 4)}, base={"a": 1, "b": 1})
    from aipm_kit import plots

    ax = plots.tornado(s, value_fmt={"b": "{:.1f} units"})
    base = s.base_value  # 1
    ends = sorted((round(p.get_x(), 9), round(p.get_x() + p.get_width(), 9)) for p in ax.patches)
    # base 3 - 2 = 1; a at 0 -> -2, a at 2 -> 4; b at 0.5 -> 2, b at 4 -> -5: each bar runs from the base to one
    assert base == 1 and ends == sorted([(1.0, -2.0), (1.0, 4.0), (1.0, 2.0), (1.0, -5.0)])
    labels = {t.get_text() for t in ax.texts}
    assert {"0", "2", "0.5 units", "4.0 units"} <= labels
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]  # largest swing (b: 7) on top
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_scenario_table_rows_are_the_cases_they_name():
    case = P.BusinessCase()
    table = P.scenario_table(
        case,
        {
            "conservative": {"conversion_lift_per_point": 0.005},
            "expected": {},
            "optimistic": {"conversion_lift_per_point": 0.03},
        },
    )
    assert list(table.index) == ["conservative", "expected", "optimistic"]
    assert table.loc["expected", "net value created ($/month)"] == pytest.approx(case.evaluate().monthly_value)
    nets = table["net value created ($/month)"]
    assert nets["conservative"] < nets["expected"] < nets["optimistic"]


# --------------------------------------------------------------------------- weekly outcomes


def test_weekly_simulation_matches_the_binomial_closed_form():
    from scipy.stats import binom

    n, p, r, p_bad, floor = 400, 0.9, 0.2, 0.7, 0.88
    sim = P.simulate_weekly_accuracy(
        p, weeks=20_000, decisions_per_week=n, bad_week_rate=r, bad_week_accuracy=p_bad, seed=3
    )
    # P(weekly accuracy < floor) = r * P(Bin(n, p_bad) < n floor) + (1 - r) * P(Bin(n, p) < n floor)
    k = math.ceil(floor * n) - 1
    closed = r * binom.cdf(k, n, p_bad) + (1 - r) * binom.cdf(k, n, p)
    se = math.sqrt(closed * (1 - closed) / 20_000)
    assert abs(sim.share_below(floor) - closed) < 4 * se
    assert sim.mean == pytest.approx((1 - r) * p + r * p_bad, abs=0.005)


def test_weekly_simulation_is_seeded_and_validates():
    a = P.simulate_weekly_accuracy(0.87, week_to_week_sd=0.02, seed=1)
    b = P.simulate_weekly_accuracy(0.87, week_to_week_sd=0.02, seed=1)
    np.testing.assert_array_equal(a.weekly_accuracy, b.weekly_accuracy)
    with pytest.raises(ValueError, match="accuracy"):
        P.simulate_weekly_accuracy(1.2)
    with pytest.raises(ValueError, match="bad_week_rate"):
        P.simulate_weekly_accuracy(0.9, bad_week_rate=-0.1)
    with pytest.raises(ValueError, match="bad_week_accuracy"):
        P.simulate_weekly_accuracy(0.9, bad_week_rate=0.1)


# --------------------------------------------------------------------------- options


def test_options_by_hand():
    rules = P.Option("rules", upfront_cost=10_000, monthly_cost=0, monthly_value=2_000, p_success=0.9)
    model = P.Option(
        "model", upfront_cost=60_000, monthly_cost=1_000, monthly_value=10_000, p_success=0.5, months_to_value=2
    )
    cmp = P.compare_options([rules, model], horizon_months=12)
    t = cmp.to_frame()
    assert t.loc["rules", "net_if_success"] == pytest.approx(2_000 * 12 - 10_000)
    assert t.loc["model", "net_if_success"] == pytest.approx(10_000 * 10 - 60_000 - 12_000)
    assert t.loc["model", "net_if_failure"] == pytest.approx(-60_000 - 2_000)
    assert t.loc["model", "expected_net"] == pytest.approx(0.5 * 28_000 + 0.5 * -62_000)
    # the model's expected value is negative, so even a bold team is pointed at the rules
    assert cmp.recommend("low") == cmp.recommend("high") == "rules"
    with pytest.raises(ValueError, match="appetite"):
        cmp.recommend("reckless")
    with pytest.raises(ValueError, match="p_success"):
        P.Option("x", 1, 1, 1, p_success=1.5)
    with pytest.raises(ValueError, match="upfront_cost"):
        P.Option("x", -1, 1, 1, p_success=0.5)


# --------------------------------------------------------------------------- learning curves


def test_precision_at_recall_matches_scikit_learn():
    from sklearn.metrics import precision_recall_curve

    rng = np.random.default_rng(0)
    y = rng.random(2_000) < 0.1
    s = np.round(rng.random(2_000) * 0.6 + 0.4 * y, 2)  # rounded: many ties
    prec, rec, _ = precision_recall_curve(y, s)
    for target in (0.1, 0.5, 0.8, 1.0):
        assert P.precision_at_recall(y, s, target) == pytest.approx(prec[rec >= target].max())
    with pytest.raises(ValueError, match="recall"):
        P.precision_at_recall(y, s, 1.5)


def test_weighted_bootstrap_equals_repeating_rows():
    rng = np.random.default_rng(1)
    y = (rng.random(300) < 0.2).astype(np.int8)
    s = rng.random(300) + 0.3 * y
    counts = rng.integers(0, 3, (4, 300)).astype(float)
    fast = P._precision_at_recall_weighted(y, s, counts, 0.5)
    for row, value in zip(counts, fast):
        idx = np.repeat(np.arange(300), row.astype(int))
        assert value == pytest.approx(P.precision_at_recall(y[idx], s[idx], 0.5))


def test_learning_curve_recovers_a_known_curve():
    n = np.array([500, 1_000, 2_000, 4_000, 8_000, 16_000])
    truth = 0.92 - 0.35 * (n / 500) ** -0.45
    curve = P.fit_learning_curve(n, truth)
    assert curve.asymptote == pytest.approx(0.92, abs=1e-4)
    assert curve.gap == pytest.approx(0.35, abs=1e-4)
    assert curve.rate == pytest.approx(0.45, abs=1e-3)
    assert curve.predict(64_000) == pytest.approx(0.92 - 0.35 * 128**-0.45, abs=1e-4)
    assert curve.size_for(0.85) == pytest.approx(500 * (0.35 / 0.07) ** (1 / 0.45), rel=1e-3)
    assert math.isinf(curve.size_for(0.95))
    assert curve.r_squared > 0.9999


def test_learning_curve_with_noise_matches_scipy():
    from scipy.optimize import curve_fit

    rng = np.random.default_rng(5)
    n = np.array([1_000, 2_000, 4_000, 8_000, 16_000, 32_000])
    y = 0.8 - 0.3 * (n / 1_000) ** -0.6 + rng.normal(0, 0.005, n.size)
    ours = P.fit_learning_curve(n, y)
    ref, _ = curve_fit(lambda x, a, b, c: a - b * x**-c, n / 1_000, y, p0=[0.8, 0.3, 0.5], maxfev=10_000)
    np.testing.assert_allclose(ours.predict(n), ref[0] - ref[1] * (n / 1_000) ** -ref[2], atol=2e-3)


@pytest.mark.parametrize(
    "sizes, scores, name",
    [
        ([], [], "sizes"),
        ([100, 200], [0.5, 0.6], "sizes"),
        ([100, 200, 400], [0.5, 0.6], "scores"),
        ([100, -200, 400], [0.5, 0.6, 0.7], "sizes"),
        ([100, 200, 400], [0.5, float("nan"), 0.7], "scores"),
    ],
)
def test_learning_curve_rejects_bad_points(sizes, scores, name):
    with pytest.raises(ValueError, match=name):
        P.fit_learning_curve(sizes, scores)


def test_milestone_probability_matches_the_normal_closed_form():
    from scipy.stats import norm

    # Replicate curves whose asymptote is Normal(0.80, 0.03); gap and rate fixed.
    rng = np.random.default_rng(11)
    sizes = np.array([1_000, 2_000, 4_000, 8_000, 16_000])
    a = rng.normal(0.80, 0.03, 2_000)
    reps = a[:, None] - 0.3 * (sizes / 1_000) ** -0.5
    volume, target = 64_000, 0.75
    roadmap = P.milestone_probabilities(reps, {"Q3": volume}, target, sizes=sizes)
    mean_at_volume = 0.80 - 0.3 * 64**-0.5
    closed = 1 - norm.cdf(target, loc=mean_at_volume, scale=0.03)
    assert roadmap.probabilities["Q3"] == pytest.approx(closed, abs=0.03)
    assert roadmap.stall_probability == pytest.approx(norm.cdf(target, 0.80, 0.03), abs=0.03)
    assert "Q3" in roadmap.statement("Q3")
    with pytest.raises(ValueError, match="target"):
        P.milestone_probabilities(reps, {"Q3": volume}, 1.4, sizes=sizes)
    with pytest.raises(ValueError, match="volumes"):
        P.milestone_probabilities(reps, {"Q3": -5}, 0.7, sizes=sizes)
    with pytest.raises(ValueError, match="sizes"):
        P.milestone_probabilities(np.empty((3, 0)), {"Q3": 10}, 0.7, sizes=[])


def test_probability_at_least():
    assert P.probability_at_least([0.6, 0.7, 0.8, 0.9], 0.75) == 0.5
    with pytest.raises(ValueError, match="samples"):
        P.probability_at_least([], 0.5)


def test_measure_learning_curve_on_payments():
    from aipm_kit.scenarios import make_payments, split_by_time

    df = make_payments(6_000, seed=2, fraud_rate=0.05, drift_month=None, incident=False)
    train, test = split_by_time(df, train_months=[1, 2, 3, 4], test_months=[5, 6])
    data = P.measure_learning_curve(train, test, [800, 1_600, len(train)], n_boot=30, seed=2, max_iter=20)
    assert data.replicates.shape == (30, 3)
    assert list(data.sizes) == sorted(data.sizes)
    # the last point is the precision at 50% recall of the scores it kept
    assert data.scores[-1] == pytest.approx(P.precision_at_recall(test["is_fraud"], data.last_scores, 0.5))
    iv = data.interval(0.9)
    assert (iv["low"] <= iv["high"]).all()
    with pytest.raises(ValueError, match="sizes"):
        P.measure_learning_curve(train, test, [], n_boot=5)
    with pytest.raises(ValueError, match="sizes"):
        P.measure_learning_curve(train, test, [10, len(train) + 1], n_boot=5)


# --------------------------------------------------------------------------- explainability


def test_cost_of_explainability_by_hand():
    y = [1, 1, 1, 0, 0, 0]
    rules = [1, 0, 0, 1, 0, 0]  # 2 alerts, 1 fraud caught
    score = [0.9, 0.8, 0.1, 0.2, 0.3, 0.0]  # the model's top 2 are both fraud
    c = P.cost_of_explainability(y, rules, score, value=[100, 40, 10, 0, 0, 0], periods=2)
    assert (c.alerts, c.rule_caught, c.model_caught) == (2, 1, 2)
    assert c.cost_per_period == pytest.approx((140 - 100) / 2)
    assert c.rule_recall == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="value"):
        P.cost_of_explainability(y, rules, score, value=[-1, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="periods"):
        P.cost_of_explainability(y, rules, score, periods=0)


def test_rule_set_is_shallow_and_readable():
    from aipm_kit.scenarios import make_payments

    df = make_payments(5_000, seed=4, fraud_rate=0.05)
    rules = P.fit_rule_set(df, max_depth=2)
    assert rules.tree.get_depth() <= 2
    lines = rules.rules_text.splitlines()
    assert 2 <= len(lines) <= 4 and all(line.startswith("IF ") for line in lines)
    flags = rules.flags(df, max_alert_rate=0.2)
    assert flags.mean() <= 0.2 or len(np.unique(rules.leaf_rates(df)[flags])) == 1
    with pytest.raises(ValueError, match="max_alert_rate"):
        rules.flags(df, max_alert_rate=2)


def _nb05_case(**changes):
    # notebook 05's business case
    kw = dict(
        monthly_users=500_000,
        conversion_rate=0.03,
        value_per_conversion=40.0,
        accuracy_gain_points=2.0,
        conversion_lift_per_point=0.015,
        added_latency_ms=150.0,
        latency_churn=[(0, 0.0), (100, 0.0), (200, 0.004), (400, 0.02), (1000, 0.06)],
        lost_user_months=6.0,
        upfront_cost=90_000.0,
        monthly_cost=4_000.0,
        horizon_months=36,
    )
    kw.update(changes)
    return P.BusinessCase(**kw)


def test_nb05_latency_budget_exercise_finds_the_hand_worked_edge():
    from aipm_kit.exercises import ____, nb05

    case = _nb05_case()
    # by hand: value 18,000 a month; a churn c costs c * 500,000 * 0.03 * 40 * 6 = 3.6e6 c a month.
    # payback 12 months: 90,000 / (18,000 - 3.6e6 c - 4,000) = 12  ->  c = 6,500 / 3.6e6;
    # the curve rises 0.004 from 100 to 200 ms, so the latency is 100 + 100 * c / 0.004 = 145.14 ms
    edge = 100 + 100 * (6_500 / 3.6e6) / 0.004
    assert nb05.largest_latency(case, 12) == pytest.approx(edge, abs=0.11)
    q1 = nb05.bind_case(case=case, payback_months=12)
    assert q1.practice == "by-hand" and q1.name.startswith("1 · ")
    assert q1.check(145) and q1.check(138)  # within 10 ms of the edge, and in time
    late = q1.check(150)
    assert not late and "later than 12" in late.message
    timid = q1.check(120)
    assert not timid and "more room" in timid.message
    assert q1.check(____).correct is None and q1.hint(2) and "145" in str(q1.solution())
    never = nb05.bind_case(case=_nb05_case(monthly_cost=50_000), payback_months=12)
    assert never.check(0) and not never.check(50)


def test_nb05_risk_appetite_exercise_filters_on_both_limits_then_takes_expected_value():
    from aipm_kit.exercises import nb05

    # notebook 05's shapes: rules (p_loss 10%, worst -10,000), high-value (20%, -39,200), full (35%, -102,000)
    opts = P.compare_options(
        [
            P.Option("rules", 9_000, 1_000, 3_240, 0.9, months_to_value=1),
            P.Option("high-value", 36_000, 1_600, 5_400, 0.8, months_to_value=2),
            P.Option("full", 90_000, 4_000, 10_800, 0.65, months_to_value=3),
        ],
        horizon_months=36,
    )
    t = opts.to_frame()
    # by hand, rules: 0.9 * (3,240 * 35 - 9,000 - 1,000 * 36) + 0.1 * (-9,000 - 1,000) = 60,560;
    # high-value: 0.8 * (5,400 * 34 - 36,000 - 1,600 * 36) + 0.2 * (-36,000 - 1,600 * 2) = 64,160
    assert t["expected_net"].round().to_dict() == {"rules": 60_560, "high-value": 64_160, "full": 43_860}
    q = nb05.bind_options(options=opts, max_p_loss=0.20, worst_case=-50_000)
    assert q.practice == "decision" and "none" in q.options
    assert q.check("high-value")
    assert "chance of a loss" in q.check("full").message and not q.check("full")
    assert "higher expected net" in q.check("rules").message
    assert nb05.bind_options(options=opts, max_p_loss=0.15, worst_case=-50_000).check("rules")
    assert nb05.bind_options(options=opts, max_p_loss=0.25, worst_case=-20_000).check("rules")
    strict = nb05.bind_options(options=opts, max_p_loss=0.05, worst_case=-50_000)
    assert strict.check("none") and not strict.check("rules")


def _nb05_result():
    from aipm_kit import communicate as C

    return C.ModelResult(
        model_name="fraud model",
        baseline_name="today's rules",
        threshold=0.35,
        precision=0.687,
        precision_ci=(0.636, 0.733),
        recall=0.5,
        recall_ci=(0.45, 0.55),
        alerts_per_week=41,
        baseline_alerts_per_week=60,
        baseline_precision=0.17,
        baseline_recall=0.19,
        segment_name="top",
        segment_recall=0.68,
        latency_p95_ms=95,
        latency_budget_ms=100,
        fraud_value_caught_per_month=300_000,
        baseline_value_caught_per_month=250_000,
        review_minutes_per_alert=15,
        review_hourly_cost=40,
        monthly_run_cost=4_000,
        upfront_cost=90_000,
        training_rows=24_000,
        training_period="months 1-4",
        features=("amount",),
        top_features=("amount",),
        low_confidence_band=(0.3, 0.5),
        low_confidence_per_week=19,
        group_recall={"consumer": 82 / 165, "new_market": 7 / 23},
        group_counts={"consumer": (82, 165), "new_market": (7, 23)},
    )


def test_nb05_rollback_exercise_accepts_the_highest_line_within_the_tolerance():
    from scipy.stats import binom

    from aipm_kit.exercises import nb05

    tol = 1 / 52
    # independent: the highest k / 41 with P(X < k) <= tol for X ~ Binomial(41, 0.636)
    k = max(k for k in range(42) if binom.cdf(k - 1, 41, 0.636) <= tol)
    q3 = nb05.bind_result(result=_nb05_result(), tolerated=tol)
    assert q3.practice == "by-hand"
    assert q3.check(k / 41) and q3.check(k / 41 - 0.01)  # the same line: one alert is 1/41
    high = q3.check((k + 1) / 41)
    assert not high and "Lower the line" in high.message
    low = q3.check((k - 1) / 41)
    assert not low and "Raise the line" in low.message


def test_high_appetite_decides_on_expected_value_and_never_picks_a_dominated_option():
    # notebook 05's shapes: the full build has the lowest expected net and the largest chance of a loss
    opts = [
        P.Option("rules", 9_000, 1_000, 3_150, 0.9, months_to_value=1),
        P.Option("high-value", 36_000, 1_600, 5_250, 0.8, months_to_value=2),
        P.Option("full", 90_000, 4_000, 10_500, 0.65, months_to_value=3),
    ]
    t = P.compare_options(opts, horizon_months=36).to_frame()
    assert t["expected_net"].idxmin() == "full" and t["p_loss"].idxmax() == "full"
    cmp = P.compare_options(opts, horizon_months=36)
    assert cmp.recommend("high") == t["expected_net"].idxmax() == "high-value"
    assert cmp.recommend("low") == t["net_if_failure"].idxmax() == "rules"
    assert cmp.recommend("medium") in ("rules", "high-value")
    assert t.loc[cmp.recommend("medium"), "p_loss"] <= P.MEDIUM_MAX_P_LOSS


def test_high_appetite_accepts_downside_for_more_expected_value():
    opts = [P.Option("safe", 10_000, 0, 3_000, 0.95), P.Option("bold", 100_000, 5_000, 20_000, 0.6, months_to_value=4)]
    cmp = P.compare_options(opts, horizon_months=24)
    t = cmp.to_frame()
    assert t.loc["bold", "expected_net"] > t.loc["safe", "expected_net"]
    assert cmp.recommend("high") == "bold" and cmp.recommend("low") == "safe"
    assert cmp.recommend("medium") == "safe"  # bold loses money 40% of the time, above the medium cap


def test_milestone_probability_interval_is_wilson_over_the_fits():
    from statsmodels.stats.proportion import proportion_confint

    preds = np.array([[0.6], [0.75], [0.72], [0.8], [0.65]] * 40)  # 200 fits, 120 of them >= 0.7
    rm = P.Roadmap("precision", 0.7, {"Q3": 1_000}, preds, np.full(200, 0.9))
    assert rm.probabilities["Q3"] == pytest.approx(0.6)
    assert rm.probability_interval("Q3") == pytest.approx(proportion_confint(120, 200, alpha=0.05, method="wilson"))
    table = rm.checkpoints(baseline_score=0.94, trial_milestone="Q3", baseline_label="the rule's precision")
    assert table.loc["baseline", "condition"] == "the rule's precision measured"
    assert "200 fits" in table.loc["offline benchmark", "evidence now"]
    assert table.loc["gated trial", "if it fails"].startswith("roll back to the rule;")
    named = rm.checkpoints(baseline_score=0.94, trial_milestone="Q3", fallback="today's rules")
    assert named.loc["gated trial", "if it fails"].startswith("roll back to today's rules;")


# ---- gate 1 on a mandate's proposed uses
def _uses(**over):
    base = dict(
        labels=True,
        label_delay_days=10,
        labelled_examples=10_000,
        cases_per_month=1_000,
        value_per_case_right=10.0,
        pilot_cases=400,
        model_right=360,
        rule_right=300,
        upkeep_per_month=200.0,
    )
    base.update(over)
    return pd.DataFrame([base], index=pd.Index(["use"], name="proposed use"))


def test_screen_ai_uses_decides_each_check_on_the_newcombe_interval():
    from aipm_kit.communicate import difference_interval

    row = P.screen_ai_uses(_uses(), confidence=0.90).loc["use"]
    lo, hi = difference_interval(360, 400, 300, 400, confidence=0.90)
    assert row["lift over rule"] == pytest.approx(0.15)  # (360 - 300) / 400, by hand
    assert (row["lift low"], row["lift high"]) == pytest.approx((lo, hi))
    assert row["value ($/month)"] == pytest.approx(0.15 * 1_000 * 10)  # $1,500 a month
    assert row["pattern beyond rules"] == "pass" and row["value covers upkeep"] == "pass"
    assert row["call"] == "build" and row["defensible"] == ("build",)


def test_screen_ai_uses_sends_each_failure_to_its_call():
    rule = P.screen_ai_uses(_uses(model_right=305)).loc["use"]  # lift interval reaches zero
    assert rule["pattern beyond rules"] == "inconclusive" and rule["call"] == "rule" and rule["defensible"] == ("rule",)
    # an unproven lift whose value fails its upkeep even at the interval's high end: rule or drop, like a costly one
    both = P.screen_ai_uses(_uses(model_right=305, upkeep_per_month=50_000)).loc["use"]
    assert both["pattern beyond rules"] == "inconclusive" and both["value covers upkeep"] == "fail"
    assert both["call"] == "rule" and set(both["defensible"]) == {"rule", "drop"}
    costly = P.screen_ai_uses(_uses(upkeep_per_month=50_000)).loc["use"]  # a real lift that cannot pay its upkeep
    assert costly["value covers upkeep"] == "fail" and set(costly["defensible"]) == {"rule", "drop"}
    slow = P.screen_ai_uses(_uses(label_delay_days=90)).loc["use"]
    assert slow["quality data"] == "fail" and slow["call"] == "drop" and set(slow["defensible"]) == {"drop", "rule"}
    none = P.screen_ai_uses(_uses(labels=False, pilot_cases=0, model_right=0, rule_right=0)).loc["use"]
    assert none["call"] == "drop" and none["defensible"] == ("drop",)


def test_mandate_proposals_cover_every_call_and_bad_inputs_name_the_argument():
    screen = P.screen_ai_uses(P.mandate_proposals())
    assert {"build", "rule", "drop"} <= set(screen["call"])
    with pytest.raises(ValueError, match="label_delay_days"):
        P.screen_ai_uses(_uses().drop(columns="label_delay_days"))
    with pytest.raises(TypeError, match="uses"):
        P.screen_ai_uses([1, 2])
    with pytest.raises(ValueError, match="pilot_cases"):
        P.screen_ai_uses(_uses(model_right=500))


def test_measure_learning_curve_with_validation_chooses_the_threshold_there():
    from sklearn.metrics import precision_score

    from aipm_kit.models import fraud_scores
    from aipm_kit.scenarios import make_payments, split_by_time

    df = make_payments(6_000, seed=2, fraud_rate=0.05, drift_month=None, incident=False)
    train, test = split_by_time(df, train_months=[1, 2, 3, 4], test_months=[5, 6])
    val, test6 = test[test["month"] == 5], test[test["month"] == 6]
    data = P.measure_learning_curve(train, test6, [800, len(train)], n_boot=30, seed=2, max_iter=20, validation=val)
    y_val = val["is_fraud"].to_numpy().astype(bool)
    t = np.quantile(fraud_scores(data.last_model, val)[y_val], 0.5)  # the threshold for 50% recall on month 5
    assert data.scores[-1] == pytest.approx(precision_score(test6["is_fraud"], data.last_scores >= t))
    assert "validation" in data.metric
    assert ((data.replicates >= 0) & (data.replicates <= 1)).all()
    with pytest.raises(ValueError, match="validation"):
        P.measure_learning_curve(train, test6, [800], n_boot=5, validation=val.assign(is_fraud=0))


def test_paired_difference_interval_reduces_to_the_independent_one_without_correlation():
    from aipm_kit.communicate import difference_interval, paired_difference_interval

    # a*d == b*c: no correlation between the two margins, so Newcombe's method 10 equals the unpaired interval
    a, b, c, d = 20, 10, 10, 5  # ad = 100 = bc
    lo, hi = paired_difference_interval(a, b, c, d, confidence=0.90)
    n = a + b + c + d
    assert (lo, hi) == pytest.approx(difference_interval(a + b, n, a + c, n, confidence=0.90))
    # agreement on most cases (positive correlation) narrows it around the same difference
    plo, phi = paired_difference_interval(284, 68, 16, 32, confidence=0.90)
    ulo, uhi = difference_interval(352, 400, 300, 400, confidence=0.90)
    assert plo < 52 / 400 < phi and phi - plo < uhi - ulo
    with pytest.raises(ValueError, match="only_1"):
        paired_difference_interval(10, -1, 2, 3)


def test_screen_ai_uses_uses_the_paired_interval_when_the_audit_is_paired():
    from aipm_kit.communicate import paired_difference_interval

    row = P.screen_ai_uses(_uses(model_only_right=80, rule_only_right=20), confidence=0.90).loc["use"]
    assert (row["lift low"], row["lift high"]) == pytest.approx(
        paired_difference_interval(280, 80, 20, 20, confidence=0.90)
    )
    with pytest.raises(ValueError, match="model_only_right"):
        P.screen_ai_uses(_uses(model_only_right=70, rule_only_right=20))
