"""Notebook 13 (agent evaluation) under papermill: the recorded facts are sane and match a hand computation."""

from __future__ import annotations

import math
import re

import pytest

from aipm_kit import story

pytestmark = pytest.mark.timeout(600)


def test_facts_are_sane(facts):
    f = facts("13", FAST=True)
    for key in story.WRITEUP_FACTS:
        assert isinstance(f.get(key), str) and len(f[key]) > 20, key
    assert f["agent_verdict"] in ("GO", "NO-GO", "NOT YET") and f["gate"]["verdict"] == f["agent_verdict"]
    assert f["agent_verdict"] in f["writeup_decision"]
    assert f["agent_n_trials"] == 5 and f["agent_k"] == 4 and f["agent_n_tasks"] == 80
    assert "simulated" in f["gate"]["title"]
    for key in ("writeup_business_risk", "writeup_limitations", "writeup_technical_result"):
        assert "simulated" in f[key].lower(), key
    # interval facts are recorded as [estimate, 95% low, 95% high]
    for key in ("agent_v2_pass1", "agent_v2_pass_k", "agent_v2_breach_rate", "agent_v1_breach_rate"):
        est, low, high = f[key]
        assert 0 <= low <= est <= high <= 1, key
    for key in ("agent_diff_points", "agent_breach_diff_points", "agent_cost_diff"):
        est, low, high = f[key]
        assert low <= est <= high, key
    # the paired breach difference is never narrower than Newcombe's from the two recorded intervals (worked here)
    (e2, l2, h2), (e1, l1, h1) = f["agent_v2_breach_rate"], f["agent_v1_breach_rate"]
    d, d_low, d_high = (x / 100 for x in f["agent_breach_diff_points"])
    assert d == pytest.approx(e2 - e1)
    assert d_low <= d - math.hypot(e2 - l2, h1 - e1) + 1e-9 and d_high >= d + math.hypot(h2 - e2, e1 - l1) - 1e-9
    assert f["agent_v2_pass_k"][0] <= f["agent_v2_pass1"][0] and f["agent_v1_pass_k"] <= f["agent_v1_pass1"]
    # the headline carries the call and the incumbent's breach line
    assert "the call:" in f["writeup_decision"] and "v1, the scenario's incumbent" in f["writeup_decision"]
    assert "scripted" in f["writeup_decision"].split("the call:")[0]  # said before the call, in the summary line
    # a difference whose interval holds zero is "not told apart", never "tied" (that would claim equality)
    assert not any("tied" in f[key] for key in story.WRITEUP_FACTS if isinstance(f.get(key), str))
    # the hand-over agent resolves nothing: the summary line that quotes it says so
    assert "nobody resolves" in f["writeup_business_result"].split(". ")[0]
    assert len(f["writeup_decision"].split()) <= 150
    # a difference of shares is reported in points, never as a percent change
    assert not any("5% (points)" in c["criterion"] for c in f["gate"]["criteria"])
    # an audit of people's cases: no breach found shows them within the line, and the count it names as a fail is the fewest
    # breaches whose 95% Wilson lower end (worked here from the formula) sits above the 1% line
    audit = re.search(r"[Aa]udit ([\d,]+) of people's cases: with no breach found, people are shown within the 1% "
                      r"line; with (\d+) or more, shown over it", f["writeup_decision"])
    if "audit" in f["writeup_decision"].lower():
        assert audit, f["writeup_decision"]
        n_audit, fail_at = int(audit.group(1).replace(",", "")), int(audit.group(2))

        def wilson_low(b, n, z=1.959963984540054):
            p = b / n
            return (p + z * z / (2 * n) - z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)

        assert wilson_low(fail_at, n_audit) > 0.01 >= wilson_low(fail_at - 1, n_audit)
    # intent leads carry their caveat
    if "By intent" in f["writeup_technical_result"]:
        assert "no allowance for multiple comparisons" in f["writeup_technical_result"]
    # the write-up says which parts the author's parameters replace, and that the rest is computed
    assert "MY_DECISION" in f["writeup_provenance"] and "computed from the run" in f["writeup_provenance"]


def test_recorded_pass_hat_k_is_the_hand_count(facts):
    from aipm_kit.agents import ScriptedAgent, load_store_tasks, run_agent

    f = facts("13", FAST=True)
    world, tasks = load_store_tasks()
    run = run_agent(ScriptedAgent("v2", seed=42), tasks, world, trials=5)  # cost per step does not change choices
    by_task = {}
    for t in run.trials:
        by_task[t.task_id] = by_task.get(t.task_id, 0) + t.success
    hand = sum(math.comb(c, 4) for c in by_task.values()) / (len(by_task) * math.comb(5, 4))
    assert f["agent_v2_pass_k"][0] == pytest.approx(hand)
    assert f["agent_v2_pass1"][0] == pytest.approx(sum(by_task.values()) / (5 * len(by_task)))
    breaches = sum(bool(t.violations) for t in run.trials)
    assert f["agent_v2_breach_rate"][0] == pytest.approx(breaches / len(run.trials))
    # a give-up is only what the trajectory shows: a failed trial with no breach, not cut off, no refund, change or
    # cancellation of any order, and no claim that the job is done; anything else is priced as a wrong change
    writes = {"refund_order", "change_address", "cancel_order"}
    gave_up = sum(not t.success and not t.violations and not t.cut and not t.final.startswith("Done")
                  and not any(c["name"] in writes for c in t.calls) for t in run.trials)
    assert f["agent_v2_gave_up_trials"] == gave_up


def test_figures_are_recorded():
    from conftest import run_notebook  # tests/conftest.py (cached per parameter set)

    figures = story.read_figures(run_notebook("13", FAST=True))
    assert "before_after" in figures and figures["before_after"]["png"]
    assert any(k.startswith("writeup_figure_") for k in figures)
    assert "writeup_figure_passk" in figures  # pass^k against pass@k over k, the project's central picture


def test_another_seed_gives_other_numbers(facts):
    a = facts("13", FAST=True)
    b = facts("13", FAST=True, SEED=7)
    assert any(a[k] != b[k] for k in ("agent_v2_pass1", "agent_v1_pass1", "agent_v2_breach_rate"))
