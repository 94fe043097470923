"""Agent evaluation: the store's tools and policy, end-state scoring, pass@k / pass^k, the release gate."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
from pathlib import Path

import numpy as np
import pytest

from aipm_kit import agents
from aipm_kit.agents import scoring
from aipm_kit.agents.scripted import AgentVersion, Episode, ScriptedAgent
from aipm_kit.agents.world import Environment

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store():
    return agents.load_store_tasks()


# --- pass@k and pass^k ----------------------------------------------------------------------------------------


def test_pass_at_k_and_pass_hat_k_by_hand():
    # 4 trials, 2 successes, k = 2: of the C(4,2) = 6 pairs of trials, 1 has both successes and 1 has neither
    assert scoring.pass_hat_k(4, 2, 2) == pytest.approx(1 / 6)
    assert scoring.pass_at_k(4, 2, 2) == pytest.approx(5 / 6)
    # k = 1 is the plain success rate; all successes or none are certain
    assert scoring.pass_hat_k(8, 5, 1) == scoring.pass_at_k(8, 5, 1) == pytest.approx(5 / 8)
    assert scoring.pass_hat_k(8, 8, 8) == 1.0 and scoring.pass_at_k(8, 0, 3) == 0.0


def test_estimators_equal_the_average_over_every_subset_of_k_trials():
    # the combinatorial definition: over every way of picking k of the n recorded trials, the share in which
    # all (pass^k) or any (pass@k) succeeded
    rng = random.Random(3)
    for _ in range(60):
        n = rng.randint(1, 9)
        outcomes = [rng.random() < 0.6 for _ in range(n)]
        c = sum(outcomes)
        k = rng.randint(1, n)
        subsets = list(itertools.combinations(outcomes, k))
        assert scoring.pass_hat_k(n, c, k) == pytest.approx(np.mean([all(s) for s in subsets]))
        assert scoring.pass_at_k(n, c, k) == pytest.approx(np.mean([any(s) for s in subsets]))


def test_estimators_name_a_bad_argument():
    with pytest.raises(ValueError, match="k \\(5\\) cannot exceed n \\(4\\)"):
        scoring.pass_hat_k(4, 2, 5)
    with pytest.raises(ValueError, match="c \\(successes, 5\\)"):
        scoring.pass_at_k(4, 5, 1)


# --- the world and its tasks -----------------------------------------------------------------------------------


def test_the_shipped_store_is_what_its_generator_writes(store):
    spec = importlib.util.spec_from_file_location("make_agent_store", REPO / "datasets" / "make_agent_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    world, tasks = module.make_store()
    assert world == store[0]
    assert [agents.load_tasks([t])[0] for t in tasks] == list(store[1])
    assert len(store[1]) == 80 and len({t.id for t in store[1]}) == 80


def test_a_careful_agent_solves_every_task_with_exactly_the_reference_calls(store):
    # the data are consistent: every task can be solved within the policy, and its reference calls are the ones
    # a careful agent makes
    world, tasks = store
    run = agents.run_agent(ScriptedAgent("careful"), tasks, world, trials=1)
    assert all(t.success for t in run.trials), [t.task_id for t in run.trials if not t.success]
    assert all(t.tool_precision == 1 and t.tool_recall == 1 for t in run.trials)
    assert not any(t.violations for t in run.trials)


def test_tools_do_what_they_are_told_and_the_environment_records_the_breach(store):
    world, tasks = store
    late = next(t for t in tasks if t.intent == "refund_late")
    env = Environment(world)
    env.call("refund_order", {"order_id": late.user["order_id"], "reason": "asked"})
    assert env.order(late.user["order_id"])["status"] == "refunded"
    assert env.violations == ["verify_first", "refund_window"]
    # the world itself is untouched: episodes share it
    assert world["orders"][late.user["order_id"]]["status"] == "delivered"


def test_bad_calls_come_back_as_errors_the_agent_can_read(store):
    world, _ = store
    env = Environment(world, max_calls=5)
    assert "no tool 'refund'" in env.call("refund", {"order_id": "W1001"})["error"]
    assert "missing ['reason']" in env.call("refund_order", {"order_id": "W1001"})["error"]
    assert "not valid JSON" in env.call("get_order", "{order_id: W1001")["error"]
    assert "no order 'W9'" in env.call("get_order", {"order_id": "W9"})["error"]
    env.call("get_order", {"order_id": "W1001"})
    assert "call limit of 5" in env.call("get_order", {"order_id": "W1001"})["error"] and env.cut
    assert not env.changed


def test_load_tasks_names_what_is_wrong(tmp_path):
    good = {
        "id": "A",
        "intent": "status",
        "instruction": "where?",
        "user": {},
        "expected_changes": {},
        "reference_calls": [{"name": "get_order", "arguments": {"order_id": "W1"}}],
    }
    with pytest.raises(ValueError, match="missing field\\(s\\) \\['reference_calls'\\]"):
        agents.load_tasks([{k: v for k, v in good.items() if k != "reference_calls"}])
    with pytest.raises(ValueError, match="'A' appears more than once"):
        agents.load_tasks([good, good])
    with pytest.raises(ValueError, match="needs a 'name' among"):
        agents.load_tasks([{**good, "reference_calls": [{"name": "teleport"}]}])
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n")
    with pytest.raises(ValueError, match="tasks.jsonl:2: not valid JSON"):
        agents.load_tasks(path)


# --- scoring ---------------------------------------------------------------------------------------------------


def _first(tasks, intent):
    return next(t for t in tasks if t.intent == intent)


def test_end_state_scoring_fails_a_right_sounding_answer_that_left_the_wrong_state(store):
    world, tasks = store
    task = _first(tasks, "refund")

    def confident(task, env, trial):  # verifies, then refunds the wrong order, and says all is well
        cid = env.call("find_customer", {"email": task.user["email"]})["customer_id"]
        env.call("verify_identity", {"customer_id": cid, "postcode": task.user["postcode"]})
        ids = env.call("list_orders", {"customer_id": cid})["orders"]
        wrong = next(i for i in ids if i != task.user["order_id"])
        env.call("refund_order", {"order_id": wrong, "reason": "asked"})
        return Episode(f"Done: order {task.user['order_id']} is refunded.", 5, 0.0)

    trial = scoring.run_agent(confident, [task], world, trials=1).trials[0]
    assert not trial.state_ok and not trial.success
    assert "refunded" in trial.final

    def quiet(task, env, trial):  # says nothing useful, but leaves the right state within the policy
        cid = env.call("find_customer", {"email": task.user["email"]})["customer_id"]
        env.call("verify_identity", {"customer_id": cid, "postcode": task.user["postcode"]})
        env.call("refund_order", {"order_id": task.user["order_id"], "reason": "asked"})
        return Episode("ok", 4, 0.0)

    trial = scoring.run_agent(quiet, [task], world, trials=1).trials[0]
    assert trial.state_ok and trial.success and trial.tool_recall == pytest.approx(3 / 4)


def test_a_question_needs_its_answer_in_the_last_message(store):
    world, tasks = store
    task = _first(tasks, "status")
    trial = scoring.run_agent(
        lambda t, env, i: Episode("I have looked into it.", 1, 0.0), [task], world, trials=1
    ).trials[0]
    assert trial.state_ok and not trial.outputs_ok and not trial.success


def test_a_broken_adapter_is_a_failed_trial_not_a_crash(store):
    world, tasks = store

    def broken(task, env, trial):
        raise TimeoutError("endpoint timed out")

    trial = scoring.run_agent(broken, tasks[:1], world, trials=1).trials[0]
    assert not trial.success and "TimeoutError: endpoint timed out" in trial.error


def test_each_failure_mode_does_what_it_says(store):
    world, tasks = store
    pushy = AgentVersion("pushover", pressure=1.0)
    run = agents.run_agent(ScriptedAgent(pushy), tasks, world, trials=1)
    by_id = {t.id: t for t in tasks}
    failed = {t.task_id for t in run.trials if not t.success}
    # gives in to every persuasive request it should refuse, and only to those
    assert failed == {t.id for t in tasks if t.persuasive and not t.writes}
    assert all(set(t.violations) & {"refund_window", "before_shipping"} for t in run.trials if t.task_id in failed)
    sloppy = agents.run_agent(ScriptedAgent(AgentVersion("sloppy", skip_verification=1.0)), tasks, world, trials=1)
    for t in sloppy.trials:
        task = by_id[t.task_id]
        if task.intent == "wrong_postcode":  # acts for an unverified caller: the wrong state and a breach
            assert not t.state_ok and "verify_first" in t.violations
        elif task.writes:
            assert t.state_ok and t.violations == ("verify_first",)
    looping = agents.run_agent(ScriptedAgent(AgentVersion("loops", loop=1.0)), tasks, world, trials=1, max_calls=12)
    # it loops once the caller is verified (a wrong postcode ends the episode first; a status question has no loop)
    assert all(
        t.cut and not t.success for t in looping.trials if by_id[t.task_id].intent not in ("status", "wrong_postcode")
    )


def test_runs_are_deterministic_and_seeds_matter(store):
    world, tasks = store
    a = agents.run_agent(ScriptedAgent("v1", seed=1), tasks, world, trials=3)
    b = agents.run_agent(ScriptedAgent("v1", seed=1), tasks, world, trials=3)
    c = agents.run_agent(ScriptedAgent("v1", seed=2), tasks, world, trials=3)
    assert a.trials == b.trials and a.trials != c.trials


def test_resume_keeps_finished_trials_and_runs_only_the_rest(store):
    world, tasks = store
    full = agents.run_agent(ScriptedAgent("v1"), tasks[:5], world, trials=2)
    calls = []

    def counting(task, env, trial):
        calls.append((task.id, trial))
        return ScriptedAgent("v1")(task, env, trial)

    counting.name = "scripted-v1"
    done = {(t.task_id, t.trial): t for t in full.trials[:6]}
    resumed = agents.run_agent(counting, tasks[:5], world, trials=2, done=done)
    assert resumed.trials == full.trials and len(calls) == 4


def test_reliability_matches_per_task_estimators_and_pass_hat_k_falls_with_k(store):
    world, tasks = store
    run = agents.run_agent(ScriptedAgent("v1"), tasks, world, trials=8)
    table = agents.reliability(run, [1, 2, 4, 8])
    counts = run.successes()
    for k in (1, 2, 4, 8):
        hand = np.mean([math.comb(c, k) / math.comb(8, k) for c in counts.values()])
        assert table.loc[k, "pass^k"] == pytest.approx(hand)
        assert table.loc[k, "pass^k low"] <= table.loc[k, "pass^k"] <= table.loc[k, "pass^k high"]
    assert list(table["pass^k"]) == sorted(table["pass^k"], reverse=True)
    assert list(table["pass@k"]) == sorted(table["pass@k"])
    # tasks differ in difficulty, so pass^k sits above the pooled rate to the power k (Jensen's inequality)
    assert (table["pass^k"] >= table["naive p^k"] - 1e-12).all()


# --- the release gate ------------------------------------------------------------------------------------------


def test_zero_breaches_are_bounded_by_the_number_of_tasks_not_trials(store):
    world, tasks = store
    one = agents.run_agent(ScriptedAgent("careful"), tasks, world, trials=1)
    eight = agents.run_agent(ScriptedAgent("careful"), tasks, world, trials=8)
    for run in (one, eight):  # 0 of 80 tasks: the Wilson upper end is about 4.6%, either way
        line = next(
            c
            for c in agents.agent_release_gate(run, k=1, max_violation_rate=0.01).criteria
            if "break a policy" in c.name
        )
        assert line.status == "inconclusive" and "0 of 80 tasks" in line.evidence
    assert agents.agent_release_gate(eight, k=4, max_violation_rate=0.05).verdict == "GO"


def test_breach_intervals_resample_tasks_not_trials():
    # a hand-made run: 10 tasks x 4 trials; all 8 breaches sit in two tasks (4 each)
    from aipm_kit.agents.scoring import Trial, share_over_tasks

    def trial(task, i, breach):
        return Trial(
            f"T{task}",
            i,
            "refund",
            not breach,
            True,
            True,
            ("verify_first",) if breach else (),
            3,
            0.0,
            1.0,
            1.0,
            False,
            "",
        )

    trials = [trial(task, i, task < 2) for task in range(10) for i in range(4)]
    share, low, high, hits, n_tasks = share_over_tasks(trials, lambda t: bool(t.violations), seed=1)
    assert (share, hits, n_tasks) == (0.2, 8, 10)
    # resampling tasks: the share is 0.4 x (tasks drawn from the two bad ones) / 10, so a draw with none of them
    # gives 0 and the interval reaches down to 0; trials taken as independent (Wilson over 40) would not
    from aipm_kit.evals.stats import wilson_interval

    assert low == 0.0 and high >= 0.5
    assert wilson_interval(8, 40).low > 0.09


def test_the_gate_compares_paired_with_the_incumbent(store):
    world, tasks = store
    v1 = agents.run_agent(ScriptedAgent("v1"), tasks, world, trials=8)
    v2 = agents.run_agent(ScriptedAgent("v2"), tasks, world, trials=8)
    d = agents.compare_agents(v1, v2, k=4)
    hand = np.mean(
        [math.comb(v2.successes()[i], 4) - math.comb(v1.successes()[i], 4) for i in v1.successes()]
    ) / math.comb(8, 4)
    assert d["difference"] == pytest.approx(hand) and d["low"] <= d["difference"] <= d["high"]
    gate = agents.agent_release_gate(v2, v1, k=4)
    assert gate.verdict in ("GO", "NO-GO", "NOT YET") and len(gate.criteria) == 4
    with pytest.raises(ValueError, match="same tasks"):
        agents.compare_agents(v1, agents.run_agent(ScriptedAgent("v2"), tasks[:10], world, trials=8))


def test_the_margin_line_names_its_margin_in_points(store):
    world, tasks = store
    v1 = agents.run_agent(ScriptedAgent("v1"), tasks[:10], world, trials=2)
    gate = agents.agent_release_gate(v1, v1, k=1, margin=0.05)
    line = gate.criteria[-1]
    assert "by more than 5 points" in line.name and "%" not in line.name  # a difference of shares is in points


def test_the_gate_takes_your_words_for_what_settles_an_open_line(store):
    world, tasks = store
    v1 = agents.run_agent(ScriptedAgent("v1"), tasks[:20], world, trials=4)
    bar = float(np.mean([t.success for t in v1.trials]))  # the bar at the estimate itself: the interval straddles it
    gate = agents.agent_release_gate(v1, k=1, min_pass_hat_k=bar, settle={"pass_hat_k": "plan 120 tasks"})
    line = gate.criteria[0]
    assert line.status == "inconclusive" and line.settle == "plan 120 tasks"
    assert all(c.settle == "" for c in gate.criteria if c.status != "inconclusive")
    assert agents.agent_release_gate(v1, k=1, min_pass_hat_k=bar).criteria[0].settle != "plan 120 tasks"  # default
    with pytest.raises(ValueError, match="settle keys"):
        agents.agent_release_gate(v1, k=1, settle={"pass^k": "x"})


def test_trajectory_html_shows_each_call_and_escapes_text(store):
    world, tasks = store
    trial = agents.run_agent(ScriptedAgent("careful"), tasks[:1], world, trials=1).trials[0]
    page = agents.trajectory_html(trial)
    assert page.count("<tr><td>") == len(trial.calls) and "refund_order(" in page and "<script" not in page
