"""Notebook 12's exercises: right answers pass, the common wrong ones fail with a reason."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aipm_kit.exercises import ____, nb12


def test_wilson_by_hand_matches_statsmodels_and_names_the_wald_mistake():
    from statsmodels.stats.proportion import proportion_confint

    q = nb12.wilson_by_hand(worst_recall=(30, 80), worst_month="2013-11")
    low = proportion_confint(30, 80, alpha=0.05, method="wilson")[0]
    wald = proportion_confint(30, 80, alpha=0.05, method="normal")[0]
    assert q.practice == "by-hand" and q.name.startswith("1 · ")
    assert q.check(low).correct
    bad = q.check(wald)
    assert bad.correct is False and "Wald" in bad.message
    assert q.check(30 / 80).correct is False
    assert q.check(____).correct is None


def _fake_backtest(bills):
    """A replay whose bill depends only on which lines are on: a hand-made cost table."""

    def backtest(auc_drop=0.02, score_psi=0.1):
        on_auc, on_psi = not math.isinf(auc_drop) and auc_drop <= 0.03, not math.isinf(score_psi) and score_psi <= 0.1
        table = pd.DataFrame()
        table.attrs.update(bill=bills[(on_auc, on_psi)], pages=0, useful=0, false_pages=0, missed=0)
        return table

    return backtest


def test_paging_rule_accepts_anything_within_one_page_of_the_cheapest():
    # cheapest: the AUC line alone ($2,000); both lines $4,000 (one page more); PSI alone $6,455
    bills = {(True, True): 4_000, (True, False): 2_000, (False, True): 6_455, (False, False): 6_455}
    q = nb12.paging_rule(backtest=_fake_backtest(bills), cost_page=2_000)
    assert q.practice == "decision"
    assert q.check((0.03, math.inf)).correct  # the cheapest
    assert q.check((0.02, 0.1)).correct  # one page more: defensible insurance
    r = q.check((math.inf, 0.05))  # PSI alone misses the costly month
    assert r.correct is False and "cheapest" in r.message
    assert q.check((-1, 0.1)).correct is False  # a negative line is refused, with a reason
    assert q.check(0.02).correct is False  # not a pair
    assert q.check(____).correct is None


def test_paging_rule_says_when_never_paging_is_the_answer():
    # every rule that pages costs more than the misses it prevents: never paging is cheapest
    bills = {(True, True): 9_000, (True, False): 7_500, (False, True): 8_000, (False, False): 5_000}
    q = nb12.paging_rule(backtest=_fake_backtest(bills), cost_page=2_000)
    ok = q.check((math.inf, math.inf))
    assert ok.correct and "never paging: the pages would cost more than the misses" in ok.message
    assert q.check((0.02, math.inf)).correct is False  # the AUC line alone, $7,500: more than one page above
    assert q.check((math.inf, 0.1)).correct is False  # the PSI line alone: $8,000
    assert all(len(rule) == 2 for rule in nb12.PAGING_GRID) and (math.inf, math.inf) in nb12.PAGING_GRID


def test_harmless_drift_is_a_decision_on_the_unread_feature():
    psi = pd.DataFrame({"m1": [0.05, 0.12, 0.03], "m2": [0.07, 0.02, 0.04]}, index=["dep_delay", "air_time", "dest"])
    q = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"])
    assert "`dep_delay`" in q.prompt and "`air_time`" in q.prompt and "0.120" in q.prompt  # the unread peak
    assert set(q.options) == {"page", "range", "ignore", "retrain", "check"}
    assert q.check("check").correct
    for wrong in ("page", "range", "ignore", "retrain"):
        r = q.check(wrong)
        assert r.correct is False and len(r.message) > 40  # says why it is wrong
    assert "concept drift" in q.check("ignore").message
    assert q.check(____).correct is None


def test_harmless_drift_names_the_range_test_that_fires_by_chance():
    # a month from unchanged conditions takes any of the n + 1 ranks among n training months and itself with
    # equal chance, so it is the lowest or the highest with probability 2 / (n + 1): 2/4 with 3 months, 2/10 with 9
    psi = pd.DataFrame({"m1": [0.05, 0.12]}, index=["dep_delay", "air_time"])
    assert "0.50" in nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"]).check("range").message
    nine = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"], n_reference=9)
    assert "2/10 = 0.20" in nine.check("range").message
    # the same chance by simulation: three exchangeable months and a fourth, outside their range about half the time
    rng = np.random.default_rng(1)
    draws = rng.normal(size=(20_000, 4))
    outside = (draws[:, 3] < draws[:, :3].min(axis=1)) | (draws[:, 3] > draws[:, :3].max(axis=1))
    assert abs(outside.mean() - 0.5) < 0.02


def test_paging_rule_prompt_shows_the_grid():
    q = nb12.paging_rule(backtest=_fake_backtest({}), cost_page=2_000)
    assert "0.02" in q.prompt and "inf" in q.prompt and str(len(nb12.PAGING_GRID)) in q.prompt


def test_warning_threshold_follows_the_costs():
    rng = np.random.default_rng(0)
    score = rng.uniform(0, 1, 20_000)
    late = rng.uniform(0, 1, 20_000) < score  # calibrated: P(late | score) = score
    flights = pd.DataFrame({"late": late.astype(int), "score": score})
    q = nb12.warning_threshold(q1_flights=flights, cost_missed=30, cost_false=10, threshold=0.5)
    # for calibrated scores the cheapest line is cost_false / (cost_false + cost_missed) = 0.25
    assert q.check(0.25).correct
    r = q.check(0.6)
    assert r.correct is False and "unwarned" in r.message
    assert q.check(1.5).correct is False
    assert q.check(____).correct is None
    dear = nb12.warning_threshold(q1_flights=flights, cost_missed=10, cost_false=30, threshold=0.5)
    assert dear.check(0.75).correct and not dear.check(0.25).correct


def test_harmless_drift_reads_the_peak_on_its_interval():
    psi = pd.DataFrame({"m1": [0.05, 0.12], "m2": [0.07, 0.02]}, index=["dep_delay", "air_time"])
    low, high = psi - 0.025, psi + 0.025  # air_time in m1: 0.095 to 0.145, across the line
    q = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"], psi_low=low, psi_high=high)
    assert "0.095 to 0.145 straddling the alert line" in q.prompt
    assert "not yet" in q.check("check").message and q.check("check").correct
    clear = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"], psi_low=psi - 0.01, psi_high=psi + 0.01)
    assert "wholly over the alert line" in clear.prompt and "not yet" not in clear.check("check").message


def test_warning_threshold_asks_for_the_cheapest_line_and_leaves_shipping_to_the_write_up():
    flights = pd.DataFrame({"late": [1, 0, 1, 0], "score": [0.9, 0.2, 0.6, 0.4]})
    q = nb12.warning_threshold(q1_flights=flights, cost_missed=30, cost_false=10, threshold=0.5)
    assert "cheapest per flight at these assumed costs, and answer with it" in q.prompt
    assert "separate call" in q.prompt


def test_paging_rule_says_it_was_judged_at_one_floor_on_one_year():
    bills = {(True, True): 9_000, (True, False): 7_500, (False, True): 8_000, (False, False): 5_000}
    ok = nb12.paging_rule(backtest=_fake_backtest(bills), cost_page=2_000).check((math.inf, math.inf))
    assert ok.correct and "recall floor" in ok.message and "one replay of one year" in ok.message


def _floor_backtest(bills_by_floor):
    """A replay whose bill depends on the recall floor and on which lines are on: hand-made cost tables."""

    def backtest(auc_drop=0.02, score_psi=0.1, floor=0.58):
        on_auc, on_psi = not math.isinf(auc_drop) and auc_drop <= 0.03, not math.isinf(score_psi) and score_psi <= 0.1
        table = pd.DataFrame()
        table.attrs.update(bill=bills_by_floor[floor][(on_auc, on_psi)], pages=0, useful=0, false_pages=0, missed=0)
        return table

    return backtest


def test_paging_rule_accepts_a_rule_defensible_under_a_stricter_floor_only():
    # lowest floor: never paging $5,000 is cheapest, the AUC line alone $10,000 (more than a page above);
    # median floor: many bad weeks, never paging $45,000, the AUC line alone $10,000 is cheapest;
    # the PSI line alone is more than a page above the cheapest under both floors
    bills = {
        0.58: {(True, True): 12_000, (True, False): 10_000, (False, True): 9_000, (False, False): 5_000},
        0.67: {(True, True): 14_000, (True, False): 10_000, (False, True): 30_000, (False, False): 45_000},
    }
    floors = {"lowest training week": 0.58, "median training week": 0.67}
    q = nb12.paging_rule(backtest=_floor_backtest(bills), cost_page=2_000, floors=floors)
    assert "58.0%" in q.prompt and "67.0%" in q.prompt and "floor=" in q.prompt
    never = q.check((math.inf, math.inf))
    assert never.correct and "not with the floor at the median training week" in never.message
    auc = q.check((0.02, math.inf))
    assert auc.correct and "It holds with the floor at the median training week" in auc.message
    psi = q.check((math.inf, 0.1))
    assert psi.correct is False and "every recall floor" in psi.message
    both = q.check((0.02, 0.1))  # $12,000 and $14,000: more than a page above $5,000 and $10,000
    assert both.correct is False


def test_retraining_call_holds_unless_every_event_clears_the_price():
    # hand-made savings (dollars, 95% intervals) against a $2,000 run
    short = nb12.retraining_call(saving_low=[-2_000, -15_000], saving_high=[600, -10_000], cost_retrain=2_000)
    assert short.practice == "decision" and short.name.startswith("4 · ")
    assert short.check("hold").correct
    for wrong in ("calendar", "never", "monthly"):
        assert short.check(wrong).correct is False, wrong
    # shown as the change in error cost (+ = dearer): a saving of -$15,000 to -$10,000 is +$10,000 to +$15,000
    assert "fell short" in short.check("hold").message and "+$10,000 to +$15,000" in short.check("hold").message
    assert "+ = dearer" in short.check("hold").message and "-$600 to +$2,000" in short.check("hold").message
    # both events clear the price on their whole interval: the calendar is right, holding is not
    pays = nb12.retraining_call(saving_low=[2_500, 3_000], saving_high=[4_000, 9_000], cost_retrain=2_000)
    assert pays.check("calendar").correct and pays.check("hold").correct is False
    assert pays.check("never").correct is False and pays.check("monthly").correct is False
    # one interval straddles the price: not shown to pay, so hold
    mixed = nb12.retraining_call(saving_low=[2_500, 1_000], saving_high=[4_000, 3_000], cost_retrain=2_000)
    assert mixed.check("hold").correct and mixed.check("calendar").correct is False
    assert "1 of 2" in mixed.check("hold").message
    assert short.check(____).correct is None
    # the events were scored at one fixed line: "not settled until re-tested with the line re-set" is defensible
    for q in (short, pays, mixed):
        assert q.check("retest").correct
    with pytest.raises(ValueError):
        nb12.retraining_call(saving_low=[1.0], saving_high=[], cost_retrain=2_000)


def test_yours_never_counts_the_answer_key():
    q = nb12.retraining_call(saving_low=[-2_000, -15_000], saving_high=[600, -10_000], cost_retrain=2_000)
    assert nb12.yours(q, "hold") and not nb12.yours(q, "calendar") and not nb12.yours(q, ____)
    q.from_answer_key = True
    assert not nb12.yours(q, "hold")


def test_paging_rule_feedback_writes_plurals_as_words():
    # a hand-made replay with 1 page and 3 missed weeks: "1 time", "3 bad weeks", never "time(s)"
    def backtest(auc_drop=0.02, score_psi=0.1):
        table = pd.DataFrame()
        table.attrs.update(bill=5_000, pages=1, useful=0, false_pages=1, missed=3)
        return table

    msg = nb12.paging_rule(backtest=backtest, cost_page=2_000).check((0.02, 0.1)).message
    assert "(s)" not in msg and "1 time (" in msg and "3 bad weeks" in msg


def test_harmless_drift_keyed_answer_reads_calibration_too():
    psi = pd.DataFrame({"m1": [0.05, 0.12]}, index=["dep_delay", "air_time"])
    q = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"])
    assert "calibration gap" in q.options["check"] and q.check("check").correct


def test_retraining_call_accepts_retest_and_each_defensible_answer_names_the_other():
    # hand-made savings far short of a $2,000 run: 'hold' is keyed, 'retest' (the line was fixed) is accepted too
    short = nb12.retraining_call(saving_low=[-2_000, -15_000], saving_high=[600, -10_000], cost_retrain=2_000, line=0.5)
    retest = short.check("retest")
    assert retest.correct and "fixed line 0.5" in retest.message and "'hold' is as defensible" in retest.message
    assert "'retest' is as defensible" in short.check("hold").message
    assert "More than one option can be defensible" in short.prompt
    # every event pays: 'calendar' is keyed and its feedback names 'retest'; 'retest' names 'calendar'
    pays = nb12.retraining_call(saving_low=[2_500, 3_000], saving_high=[4_000, 9_000], cost_retrain=2_000)
    assert "'retest' is as defensible" in pays.check("calendar").message
    assert pays.check("retest").correct and "'calendar' is as defensible" in pays.check("retest").message


def test_paired_difference_by_hand():
    # rule a is rule b plus two false pages ($4,000) on every draw: the difference is exactly +$4,000
    b = np.array([0.0, 1_000.0, 5_000.0, 9_000.0])
    assert nb12.paired_difference(4_000.0, 0.0, b + 4_000, b) == (4_000.0, 4_000.0, 4_000.0)
    # differences 0, 1, ..., 1000 on 1001 draws: numpy's linear percentiles put the 2.5th at 25, the 97.5th at 975
    d = np.arange(1001, dtype=float)
    assert nb12.paired_difference(500.0, 0.0, d, np.zeros(1001)) == (500.0, 25.0, 975.0)


def test_paging_rule_compares_paired_and_rejects_a_rule_shown_dearer():
    # shared draws of the weeks' shortfall: never paging pays it all. The PSI line alone pages twice for nothing
    # (never + $4,000 on every draw: shown dearer). The AUC line alone pages once ($2,000) and covers a week whose
    # shortfall runs 0 to 3,996 across the draws: its difference straddles zero, so it is not told apart.
    rng = np.random.default_rng(0)
    shortfall = rng.uniform(10_000, 30_000, 1000)
    covered = np.linspace(0, 3_996, 1000)
    draws = {
        (False, False): shortfall,
        (False, True): shortfall + 4_000,
        (True, False): shortfall + 2_000 - covered,
        (True, True): shortfall + 6_000 - covered,
    }
    point = {(False, False): 20_000, (False, True): 24_000, (True, False): 20_000, (True, True): 24_000}

    def backtest(auc_drop=0.02, score_psi=0.1):
        on_auc, on_psi = not math.isinf(auc_drop) and auc_drop <= 0.03, not math.isinf(score_psi) and score_psi <= 0.1
        table = pd.DataFrame()
        table.attrs.update(
            bill=point[(on_auc, on_psi)], bill_draws=draws[(on_auc, on_psi)], pages=0, useful=0, false_pages=0, missed=0
        )
        return table

    q = nb12.paging_rule(backtest=backtest, cost_page=2_000)
    assert q.check((math.inf, math.inf)).correct  # the cheapest (a tie goes to never paging)
    auc = q.check((0.02, math.inf))
    assert auc.correct and "not told apart" in auc.message
    psi = q.check((math.inf, 0.1))
    assert psi.correct is False and "+$4,000 (95% +$4,000 to +$4,000): shown dearer" in psi.message
    assert "whole 95% interval" in psi.message and "false page" in psi.message
    assert q.check((0.02, 0.1)).correct is False  # +$4,000 minus a cover of at most $3,996


def test_harmless_drift_keyed_test_is_section_twos_difference_interval():
    # the keyed ticket rule is the month-minus-quarter difference interval, not two intervals that fail to overlap
    psi = pd.DataFrame({"m1": [0.05, 0.12]}, index=["dep_delay", "air_time"])
    q = nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"])
    assert (
        "below the training quarter's" in q.options["check"] and "95% interval of the difference" in q.options["check"]
    )
    assert "every training month's interval" not in q.options["check"] and "95%" not in q.options["range"]
    assert "month minus the training quarter" in q.check("check").message
    assert "month minus the training quarter" in q.check("range").message


def test_paging_rule_calls_a_gap_to_a_picked_cheapest_rule_a_lead():
    # the AUC rule saves $5,000 on every draw against never paging: never paging is shown dearer, but the rule it
    # is compared with was picked as the cheapest of the grid on the same draws, so the feedback says it is a lead
    base = np.linspace(10_000, 30_000, 1000)

    def backtest(auc_drop=0.02, score_psi=0.1):
        pages = not math.isinf(auc_drop) and auc_drop <= 0.03 and math.isinf(score_psi)
        table = pd.DataFrame()
        table.attrs.update(
            bill=15_000 if pages else 20_000,
            bill_draws=base - 5_000 if pages else base,
            pages=1 if pages else 0,
            useful=1 if pages else 0,
            false_pages=0,
            missed=0,
        )
        return table

    r = nb12.paging_rule(backtest=backtest, cost_page=2_000).check((math.inf, math.inf))
    assert r.correct is False and "+$5,000 (95% +$5,000 to +$5,000): shown dearer" in r.message
    assert f"cheapest of {len(nb12.PAGING_GRID)} on these same draws" in r.message and "a lead" in r.message
    ok = nb12.paging_rule(backtest=backtest, cost_page=2_000).check((0.02, math.inf))
    assert ok.correct and "a lead, not a finding" not in ok.message


def test_dashboard_alert_triangles_can_be_named_for_what_they_mark():
    # notebook 12 names its triangles "interval reaches the line (not yet)"; the default stays "drift alert"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from aipm_kit import plots

    perf = pd.DataFrame({"recall": [0.6, 0.7, 0.65]}, index=["2013-01", "2013-02", "2013-03"])
    for label, expected in ((None, "drift alert"), ("input PSI interval reaches the line (not yet)", None)):
        kwargs = {} if label is None else {"alert_label": label}
        ax = plots.performance_over_time(
            perf, metric="recall", alerts=["2013-02"], title="t", xlabel="x", ylabel="y", **kwargs
        )
        assert (expected or label) in [t.get_text() for t in ax.get_legend().get_texts()]
        plt.close(ax.figure)


def test_harmless_drift_options_cannot_be_picked_by_their_length():
    # every option is of comparable length: the longest at most 1.5 times the shortest
    psi = pd.DataFrame({"m1": [0.05, 0.12]}, index=["dep_delay", "air_time"])
    lengths = [len(v) for v in nb12.harmless_drift(psi_table=psi, model_features=["dep_delay"]).options.values()]
    assert max(lengths) <= 1.5 * min(lengths), lengths


def test_paging_rule_feedback_gives_the_floor_verdict_first_and_stays_short():
    bills = {
        0.58: {(True, True): 12_000, (True, False): 10_000, (False, True): 9_000, (False, False): 5_000},
        0.67: {(True, True): 14_000, (True, False): 10_000, (False, True): 30_000, (False, False): 45_000},
        0.70: {(True, True): 14_000, (True, False): 10_000, (False, True): 30_000, (False, False): 45_000},
    }
    floors = {"lowest training week": 0.58, "second-lowest training week": 0.67, "median training week": 0.70}
    msg = (
        nb12.paging_rule(backtest=_floor_backtest(bills), cost_page=2_000, floors=floors)
        .check((math.inf, math.inf))
        .message
    )
    assert msg.startswith("Defensible") and msg.index("It holds") < msg.index("Lowest training week floor")
    assert len(msg.split()) <= 140, len(msg.split())
