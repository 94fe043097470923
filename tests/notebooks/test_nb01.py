"""Notebook 01 under papermill: FAST, and FAST with a second seed; the recorded facts are sane."""

from __future__ import annotations

import pytest

from aipm_kit.story import WRITEUP_FACTS, WRITEUP_FIGURE, read_figures

RATES = ["hand_rule_recall", "hand_rule_precision", "rule_recall", "rule_precision", "model_recall",
         "model_precision", "unweighted_model_recall", "unweighted_model_amount_recall", "cost_model_recall",
         "cost_model_amount_recall", "rule_amount_recall", "churn_rule_recall", "churn_model_recall", "label_share_24h", "value_share_rule",
         "cost_share_rule"]
PARAMS = [dict(FAST=True), dict(FAST=True, SEED=7)]


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_rates_are_rates(facts, params):
    f = facts("01", **params)
    for key in RATES:
        assert key in f, f"fact {key!r} was not recorded"
        if key != "value_share_rule":  # a ratio of two values: may exceed 1 when the rule is worth more
            assert 0 <= f[key] <= 1, f"{key} = {f[key]} is not a rate"
    low, high = f["model_recall_ci"]
    assert 0 <= low <= f["model_recall"] <= high <= 1


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_model_beats_the_rule_at_equal_alert_volume(facts, params):
    f = facts("01", **params)
    # Trained on the labels known on retraining day (not the final ones), the model's recall gain over the
    # tuned rule is a few points with an interval that can reach below zero: the notebook reports the interval
    # and no longer claims the model wins on cases, so neither does this test.
    # Every option is held to the same alert volume, within the team's budget:
    assert f["alert_volume"] <= f["alert_budget"]
    # same alerts for every option, so precision moves with recall
    assert (f["model_recall"] > f["rule_recall"]) == (f["model_precision"] > f["rule_precision"])
    # the written rule raises fewer alerts than the budget, so it catches less than the tuned one
    assert f["hand_rule_alerts"] < f["alert_volume"]
    assert f["hand_rule_recall"] < f["rule_recall"]
    # and it is the precise-but-partial rule the lesson describes
    assert f["hand_rule_precision"] > f["hand_rule_recall"]
    assert f["churn_model_recall"] > f["churn_rule_recall"]


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_the_gate_gets_the_model_option_worth_more_in_dollars(facts, params):
    f = facts("01", **params)
    option = f["model_option"]
    assert option in {"unweighted model", "cost-sensitive model"}
    # chosen on the 90% paired interval of the dollar difference: never an option that is clearly worth less;
    # the unweighted model only when it is clearly worth more (otherwise the cost-sensitive one, for its unit)
    low, high = f["model_option_value_gain_ci"]
    assert low <= f["model_option_value_gain"] <= high and high > 0
    if option == "unweighted model":
        assert low > 0
    chosen = "unweighted_model" if option == "unweighted model" else "cost_model"
    assert f["model_recall"] == pytest.approx(f[f"{chosen}_recall"], abs=1e-12)
    assert option in f["writeup_technical_result"] and option in f["writeup_business_result"]
    # the lesson: weighting each fraud by its cost points the model at the expensive ones
    assert f["cost_model_amount_recall"] > f["unweighted_model_amount_recall"]


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_costs_and_gate(facts, params):
    f = facts("01", **params)
    # the extra net value is recorded to the thousand dollars (as the gate shows it)
    assert f["net_value_model"] - f["net_value_rule"] == pytest.approx(f["extra_net_value_model"], abs=500)
    assert 0 < f["cost_share_rule"] < 1  # the rule is the cheaper option under the default costs
    assert f["label_share_24h"] < 0.05  # chargebacks take weeks: no real-time loop
    assert f["label_delay_median_days"] > 7
    # what a monthly retraining on day 1 would know: last month's fraud labelled by then
    low, high = f["label_share_at_retrain_ci"]
    assert low <= f["label_share_at_retrain"] <= high
    # the schedule: by default the first day the label line passes in every month, so on it the month furthest
    # from the line clears 50% on its whole 90% Wilson interval
    assert isinstance(f["retrain_wait_days"], int) and 0 <= f["retrain_wait_days"] <= 120
    gate = f["gate"]
    # the recorded label line is gate 1's own: months 1-3 on the schedule's day, the month furthest from the line
    low, high = f["gate_label_line_ci"]
    assert low <= f["gate_label_line"] <= high
    assert gate["criteria"][1]["interval"] == f"{low:.1%} to {high:.1%}"
    assert gate["criteria"][1]["measured"] == f"{f['gate_label_line']:.1%}"
    assert gate["verdict"] in {"GO", "NO-GO", "NOT YET"}
    # the missed-fraud cut, labels in time for the chosen schedule (a precondition for either option) and value
    assert len(gate["criteria"]) == 3
    assert gate["criteria"][0]["criterion"].startswith("Missed-fraud cut")
    assert gate["criteria"][1]["criterion"].startswith("Labels in time for the chosen schedule")
    # the labels line checks the chosen day on months that were not used to choose it
    assert "not used to choose it" in gate["criteria"][1]["evidence"]
    results = [c["result"] for c in gate["criteria"]]
    assert (gate["verdict"] == "GO") == all(r == "pass" for r in results)
    assert (gate["verdict"] == "NO-GO") == ("FAIL" in results)
    # every criterion rests on a sample (one test month, one set of chargeback delays): decided on its interval
    assert all(c["decided on"] == "interval" and c["interval"] for c in gate["criteria"]), gate["criteria"]


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_sampled_facts_carry_their_intervals(facts, params):
    f = facts("01", **params)
    for point, band in [("missed_cost_cut", "missed_cost_cut_ci"), ("extra_net_value_model", "extra_net_value_ci")]:
        low, high = f[band]
        assert low <= f[point] <= high, f"{point} = {f[point]} outside its interval {f[band]}"
    # the write-up quotes the value's interval, calls the latency simulated, gives counts and intervals by segment
    assert "90% interval" in f["writeup_business_result"]
    # every write-up fact that quotes a sampled number carries its interval
    for key in ("writeup_business_risk", "writeup_decision", "writeup_technical_result", "writeup_business_result",
                "writeup_limitations"):
        assert "interval" in f[key] or "Wilson" in f[key], f"{key} quotes a sampled number without its interval"
    assert f["writeup_technical_result"].count("90%") >= 2  # the cut, and the dollar difference behind the choice
    assert "simulated" in f["writeup_latency_cost"].lower()
    assert "Wilson" in f["writeup_ethics"] and " of " in f["writeup_ethics"]


def test_the_source_trains_on_known_labels_and_describes_its_rule():
    from pathlib import Path

    src = (Path(__file__).resolve().parents[2] / "notebooks" / "src" / "01_should_we_use_ai.py").read_text()
    # models and the tuned rule learn from the labels known on retraining day, never the final labels
    assert 'target="label_observed"' not in src and src.count('target="label_known"') >= 3
    # scenarios.hand_rule filters amount and account age only, on any kind of transaction
    assert "transfers over" not in src
    # the notebook's facts are recorded in one table, not a long list of "Recorded ·" lines
    assert src.count("story.record(") == 0 and src.count("story.record_table(") >= 1


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_writeup_facts_and_figure(facts, params):
    from conftest import run_notebook

    f = facts("01", **params)
    for key in WRITEUP_FACTS:
        assert isinstance(f.get(key), str) and f[key].strip(), f"write-up fact {key!r} missing or empty"
        assert "nan" not in f[key].lower().split(), f"{key} holds a NaN: {f[key]}"
    assert f["gate"]["verdict"] in f["writeup_decision"]
    figures = read_figures(run_notebook("01", **params))
    assert WRITEUP_FIGURE in figures and figures[WRITEUP_FIGURE]["caption"]


def test_a_second_seed_gives_different_numbers(facts):
    a, b = facts("01", FAST=True), facts("01", FAST=True, SEED=7)
    differ = [k for k in ("model_recall", "rule_recall", "hand_rule_recall", "net_value_model", "label_share_24h")
              if a[k] != b[k]]
    assert len(differ) >= 3, f"seed 7 reproduced seed 42's numbers: only {differ} differ"
    # the churn data is real and fixed, but the split depends on the seed
    assert (a["churn_rule_recall"], a["churn_model_recall"]) != (b["churn_rule_recall"], b["churn_model_recall"])


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_baselines_and_the_switch_are_decided_on_paired_intervals(facts, params):
    f = facts("01", **params)
    low, high = f["switch_gain_ci"]
    assert low <= f["switch_gain"] <= high
    # the decision sentence follows the switch's interval: ship the tuned rule only when it clears its cost
    ships_rule = f["writeup_decision"].startswith("Ship the tuned rule")
    assert ships_rule == (low > 0) or f["gate"]["verdict"] == "GO"
    # reviewing the largest amounts is the baseline a tuned rule must beat; it is recorded against the rule
    assert isinstance(f["largest_amounts_minus_rule"], float)


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_the_gate_names_its_schedule_and_where_the_option_was_chosen(facts, params):
    f = facts("01", **params)
    pattern, labels, value = f["gate"]["criteria"]
    assert "labels known on retraining day" in pattern["evidence"] and "validation rows" in pattern["evidence"]
    # the gate names its schedule, and so does the decision the write-up quotes
    days = f"{f['retrain_wait_days']} days after a month ends"
    assert days in pattern["evidence"] and f"retrained {f['retrain_wait_days']} days after" in f["writeup_decision"]
    # no Markdown inside the gate's text: it is rendered in an HTML table
    assert not any("`" in c[k] for c in f["gate"]["criteria"] for k in ("evidence", "what would settle it"))
    # the write-up no longer quotes a latency nobody timed, and the ethics check is on the option that ships
    assert "p95" not in f["writeup_latency_cost"] and "not timed" in f["writeup_latency_cost"]
    shipped = f["model_option"] if f["gate"]["verdict"] == "GO" else "tuned rule"
    assert f"Under the {shipped}" in f["writeup_ethics"] and "Newcombe" in f["writeup_ethics"]
    assert "small_business" not in f["writeup_ethics"] and "new_market" not in f["writeup_ethics"]  # readable


def test_the_source_bags_every_fit_that_depends_on_its_seed():
    from pathlib import Path

    src = (Path(__file__).resolve().parents[2] / "notebooks" / "src" / "01_should_we_use_ai.py").read_text()
    assert "replace=True" not in src
    # the model is the average of fits differing by seed (seed-averaging), the validation comparison that chooses the
    # variant is averaged over seeds the same way
    assert "fit(SEED + r)" in src and "seed_fits(" in src and "MIN_HALF_DATA_SHARE" not in src
    assert "bag_scores(lambda seed: fit_option(name, fit_part" in src
    # the next step after an open gate is not steered by a projection from the point estimate alone
    assert "pattern_call" not in src and "shadow_outlook" not in src
    # the variant is chosen (Exercise 4) before the test month is first scored
    assert src.index("nb01.bind_variant(") < src.index("boot = rng.integers(0, len(test)")
    # exercise 6's worked answer computes the break-even cut from the notebook's own variables, and comes before
    # the learner takes the gate (Exercise 7), so the break-even is in hand when the shadow run is weighed
    sol = src[src.index("q6_answer = ____"):src.index("### END SOLUTION", src.index("q6_answer = ____"))]
    assert "extra_cost" in sol and "missed_rule" in sol and "scale" in sol
    assert src.index("nb01.bind_break_even(") < src.index("nb01.bind_gate(")
    assert "the test nobody looks at" not in src and "at any time (chargebacks" not in src


def test_the_learner_takes_the_gate_before_the_kit_shows_it_and_no_long_words_are_dumped():
    import re

    import nbformat
    from conftest import run_notebook

    nb = nbformat.read(run_notebook("01", FAST=True), as_version=4)
    sources = [c.source for c in nb.cells]
    take = next(i for i, src in enumerate(sources) if "nb01.bind_gate(" in src)
    shown = next(i for i, src in enumerate(sources) if src.strip().startswith("gate.record()"))
    verdict = next(i for i, src in enumerate(sources) if "**Verdict: {verdict}.**" in src)
    assert take < shown < verdict, "Exercise 7 (take the gate) must come before the kit's gate and its verdict"
    # nothing before the exercise shows the verdict or the suggested action
    before = " ".join(o.get("text", "") + str(o.get("data", {}).get("text/markdown", ""))
                      for c in nb.cells[:take] for o in c.get("outputs", []))
    assert "Verdict:" not in before and "Ship the tuned rule" not in before and "NO-GO" not in before
    # the shadow run's outlook on the missed-fraud line is evidence before the exercise: printed once, with its
    # assumptions beside it, and without a call on any line
    assert before.count("a rough projection of its 90% interval") == 1
    assert "no drift" in before and "square root" in before and "a few large frauds" in before
    assert "(fail)" not in before and "(pass)" not in before and "allows each" not in before
    # after the exercise the verdict refers back to it and does not print its intervals again
    after = " ".join(o.get("text", "") + str(o.get("data", {}).get("text/markdown", ""))
                     for c in nb.cells[take:] for o in c.get("outputs", []))
    assert "a rough projection of its 90% interval" not in after
    # Exercise 3's prompt names an array the learner's notebook defines before it
    ex3 = next(i for i, src in enumerate(sources) if "nb01.bind_retraining(" in src)
    assert any("fraud_month = " in src for src in sources[:ex3 + 1])
    # the learner's words (or the kit's suggestion) are recorded, not dumped: every "Recorded" line stays short
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = str(out.get("data", {}).get("text/markdown", ""))
            for line in re.findall(r"^Recorded · .*$", text, flags=re.M):
                assert len(line.split()) <= 40, f"a long recorded dump: {line[:120]}"


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_the_learning_curve_fits_every_size_the_same_way_and_reads_only_its_spread(facts, params):
    f = facts("01", **params)
    sizes, values = f["curve_sizes"], f["curve_value_by_draw"]
    # a few sizes, growing, none above 10,000 rows (where scikit-learn's gradient boosting starts early stopping)
    assert len(sizes) >= 3 and sizes == sorted(sizes) and len(set(sizes)) == len(sizes) and sizes[-1] <= 10_000
    assert sizes[0] * 4 == pytest.approx(sizes[-1], abs=2)  # 25% to 100% of the curve's pool of rows
    # several draws of rows per size, each a finite dollar value
    assert len(values) == len(sizes) and all(len(v) == 3 for v in values)
    assert all(abs(x) < 1e7 for v in values for x in v)
    # the last step's words follow the two sizes' min-max ranges (judged here from the draws themselves)
    small, large = values[-2], values[-1]
    if min(large) > max(small):
        expected = "a gain"
    elif max(large) < min(small):
        expected = "a loss"
    else:
        expected = "no change that the draws' spread can show"
    assert f["curve_last_step"].startswith(expected), (f["curve_last_step"], small, large)


def test_the_learning_curve_uses_validation_rows_and_one_fitting_method():
    from pathlib import Path

    src = (Path(__file__).resolve().parents[2] / "notebooks" / "src" / "01_should_we_use_ai.py").read_text()
    start = src.index("# ### Enough data? A learning curve")
    section = src[start:src.index("# ## 5.", start)]
    # scored on the validation rows in Exercise 4's dollars, never on the test month; every fit checked for no
    # early stopping and not bagged
    assert "valid_row_value" in section and "fraud_scores(fitted, valid)" in section
    assert ", test)" not in section and "test_cost" not in section and "boot" not in section
    assert "do_early_stopping_" in section and "bag_scores(" not in section and "seed_fits(" not in section
    # the curve comes after the variant is chosen, and the prose says what it cannot tell
    assert src.index("nb01.bind_variant(") < start
    assert "older months" in section and "cannot tell" in section
