"""Notebook 11 (evaluation harness) under papermill: the recorded facts are sane and move with the seed."""

from __future__ import annotations

import re

import pytest

from aipm_kit import story

pytestmark = pytest.mark.timeout(600)


def test_facts_are_sane(facts):
    f = facts("11", FAST=True)
    assert f["eval_n_cases"] == 100
    for key in story.WRITEUP_FACTS:
        assert isinstance(f.get(key), str) and len(f[key]) > 20, key
    assert re.search(r"\d", f["writeup_technical_result"]) and "95%" in f["writeup_technical_result"]
    assert 0 <= f["eval_v2_pass_low"] <= f["eval_v2_pass_rate"] <= 1
    assert f["eval_judge_diff_low"] <= f["eval_judge_diff_points"] <= f["eval_judge_diff_high"]
    assert 0 <= f["eval_mcnemar_p"] <= 1
    assert -1 <= f["eval_kappa_lexical"] <= 1 and -1 <= f["eval_kappa_judge"] <= 1
    assert 0 <= f["eval_judge_flaky_share"] <= 1
    assert f["eval_verdict"] in ("GO", "NO-GO", "NOT YET")  # the gate is three-valued (decided on intervals)
    assert f["gate"]["verdict"] == f["eval_verdict"]
    assert f["eval_verdict"] in f["writeup_decision"]
    # the judge is validated on the version being gated, with a named interval
    assert f["eval_kappa_judge_v2_low"] <= f["eval_kappa_judge_v2"] <= 1
    # the per-topic check states how often an equal topic passes it; with 100 cases no topic reaches 30
    assert 0 <= f["eval_topic_equal_pass_chance"] < 0.5
    tag_rows = [c for c in f["gate"]["criteria"] if c["criterion"].startswith("No tag worse")]
    assert len(tag_rows) == 1 and tag_rows[0]["result"] == "not yet"
    assert "none regress" not in str(f["gate"])
    # rule 11: the reviewer, latency and cost are called simulated wherever the write-up speaks of them
    for key in ("writeup_business_risk", "writeup_latency_cost", "writeup_ethics", "writeup_limitations"):
        assert "simulated" in f[key].lower(), key
    assert "human reviewer" not in " ".join(f[k] for k in story.WRITEUP_FACTS).lower()
    # the judge decides nothing until its validation on v2 passes: while it is open, so is every judge-scored line
    crit = {c["criterion"]: c for c in f["gate"]["criteria"]}
    judge_line = next(c for name, c in crit.items() if name.startswith("Judge agrees"))
    if judge_line["result"] != "pass":
        assert all(c["result"] == "not yet" for name, c in crit.items() if "judge-scored" in name)
        assert f["eval_verdict"] != "GO"
    assert any(name.startswith("Not worse than v1") for name in crit)  # the non-inferiority line
    # the answer key's exercise 1 margin reaches the gate: $8,000 tolerated / (20,000 questions x $20) = 2 points
    assert any(name.startswith("Not worse than v1 by more than 2.0 points") for name in crit)
    # the labels that chose the judge (v2's) cannot also pass it: that line is never "pass" on them
    assert crit[next(n for n in crit if n.startswith("Judge agrees") and "v2's" in n)]["result"] != "pass"
    # the write-up's results table: one row per gate line, the simulated labels' own v2 - v1 after the second review (not gated), the
    # saving (reported beside the gate), then the prompt experiment's two comparisons (one per scorer)
    rows = f["writeup_results"]
    assert sum(r["line"].startswith("Prompt B - prompt A") for r in rows) == 2
    reviewer = [r for r in rows if r["line"].startswith("v2 - v1 by the simulated labels after the second review")]
    assert len(reviewer) == 1 and "not a gate line" in reviewer[0]["line"]
    low, high = (float(x) for x in reviewer[0]["interval"].split(" to "))
    assert low <= float(reviewer[0]["measured"]) <= high
    assert len(rows) == len(crit) + 1 + 1 + 2 and all({"line", "measured", "interval", "needs", "result"} <= set(r) for r in rows)
    assert not any("cost" in name.lower() for name in crit)  # money is reported beside the gate, not gated
    # replayed recorded answers say nothing about live failures: the error budget cannot pass on them
    assert all(c["result"] == "not yet" for name, c in crit.items() if name.startswith("Error rate"))
    # one sample-size plan: the tag line's chance and size are the plan's, not "N more at the observed rate"
    assert "observed rate" not in str(f["gate"]) and "planned size" in str(f["gate"])
    assert "decisive" not in " ".join(f[k] for k in story.WRITEUP_FACTS)


def test_before_after_figure_is_recorded():
    from conftest import run_notebook  # tests/conftest.py (cached per parameter set)

    figures = story.read_figures(run_notebook("11", FAST=True))
    assert "before_after" in figures and figures["before_after"]["png"]


def test_another_seed_gives_other_numbers(facts):
    a = facts("11", FAST=True)
    b = facts("11", FAST=True, SEED=7)
    keys = ["eval_judge_diff_points", "eval_judge_diff_low", "eval_v2_pass_rate", "eval_kappa_judge",
            "eval_judge_flaky_share", "eval_lexical_diff_points"]
    assert any(a[k] != b[k] for k in keys)
