"""``aipm eval run --agent``: the results log keeps every finished trial, resumes, and never loses a log."""

from __future__ import annotations

import json

import pytest

from aipm_kit import agents
from aipm_kit.agents.log import read_log, run_logged
from aipm_kit.agents.scripted import ScriptedAgent
from aipm_kit.evals.cli import main


@pytest.fixture(scope="module")
def store():
    world, tasks = agents.load_store_tasks()
    return world, tasks[:12]


def test_an_interrupted_run_keeps_its_trials_and_resumes_where_it_stopped(tmp_path, store):
    world, tasks = store
    out = tmp_path / "run.jsonl"
    full = agents.run_agent(ScriptedAgent("v1"), tasks, world, trials=3)
    seen = []

    class Interrupting(ScriptedAgent):
        def __call__(self, task, env, trial=0):
            if len(seen) == 20:
                raise KeyboardInterrupt
            seen.append((task.id, trial))
            return super().__call__(task, env, trial)

    with pytest.raises(KeyboardInterrupt):
        run_logged(Interrupting("v1"), tasks, world, out, trials=3)
    assert len(read_log(out)) == 20  # every finished trial is on disk
    with open(out, "a", encoding="utf-8") as fh:  # and a crash mid-write leaves a torn line
        fh.write('{"task_id": "T0')
    seen.clear()
    with pytest.warns(UserWarning, match="cut off by a crash"):
        resumed = run_logged(Interrupting("v1"), tasks, world, out, trials=3)
    assert len(seen) == 36 - 20 and resumed.trials == full.trials
    assert [t for _, t in read_log(out)] == list(full.trials)


def test_a_log_from_another_agent_or_changed_tasks_is_refused(tmp_path, store):
    world, tasks = store
    out = tmp_path / "run.jsonl"
    run_logged(ScriptedAgent("v1"), tasks, world, out, trials=2)
    with pytest.raises(ValueError, match="another agent or with other parameters"):
        run_logged(ScriptedAgent("v2"), tasks, world, out, trials=2)
    import dataclasses

    changed = [dataclasses.replace(tasks[0], instruction="something else"), *tasks[1:]]
    with pytest.raises(ValueError, match="1 task\\(s\\) changed since they were run \\(T001\\)"):
        run_logged(ScriptedAgent("v1"), changed, world, out, trials=2)


def test_fresh_replaces_the_old_log_only_once_the_new_run_is_complete(tmp_path, store):
    world, tasks = store
    out = tmp_path / "run.jsonl"
    run_logged(ScriptedAgent("v1"), tasks, world, out, trials=2)
    before = out.read_bytes()

    class Failing(ScriptedAgent):
        def __call__(self, task, env, trial=0):
            if task.id == tasks[5].id:
                raise KeyboardInterrupt
            return super().__call__(task, env, trial)

    with pytest.raises(KeyboardInterrupt):
        run_logged(Failing("v2"), tasks, world, out, trials=2, fresh=True)
    assert out.read_bytes() == before  # the old log is untouched
    run_logged(ScriptedAgent("v2"), tasks, world, out, trials=2, fresh=True)
    assert {row["agent"] for row, _ in read_log(out)} == {"scripted-v2"}
    assert not (tmp_path / "run.jsonl.partial").exists()


def test_the_command_line_exits_0_1_or_2_and_says_why_in_one_line(tmp_path, capsys, store):
    out = tmp_path / "v2.jsonl"
    assert (
        main(
            ["run", "--agent", "scripted:careful", "--trials", "4", "--k", "4", "--threshold", "0.9", "--out", str(out)]
        )
        == 0
    )
    assert "pass^4 100.0%" in capsys.readouterr().out
    assert (
        main(
            [
                "run",
                "--agent",
                "scripted:v1",
                "--trials",
                "4",
                "--k",
                "4",
                "--threshold",
                "0.9",
                "--out",
                str(tmp_path / "v1.jsonl"),
            ]
        )
        == 1
    )
    assert "FAIL: pass^4's lower bound" in capsys.readouterr().out
    for argv, words in [
        (["--agent", "scripted:v9"], "--agent scripted:v9"),
        (["--agent", "chat"], "--agent chat needs --endpoint-url"),
        (["--agent", "scripted:v1", "--k", "9"], "--k (9) cannot exceed --trials (8)"),
        (["--agent", "scripted:v2"], "another agent or with other parameters"),
    ]:
        assert main(["run", *argv, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1, err
    assert main(["run", "--responses", "x.jsonl", "--tasks", "t.jsonl", "--out", str(tmp_path / "r.jsonl")]) == 2
    assert "--tasks goes with --agent" in capsys.readouterr().err


def test_every_logged_line_names_its_agent_task_and_world(tmp_path, store):
    world, tasks = store
    out = tmp_path / "run.jsonl"
    run_logged(ScriptedAgent("v1"), tasks, world, out, trials=1)
    row = json.loads(out.read_text().splitlines()[0])
    assert {"agent", "source", "world_key", "task_key", "task_id", "trial", "success", "calls"} <= set(row)


def test_the_report_shows_reliability_breaches_and_failed_trials_step_by_step(tmp_path, capsys):
    stem = tmp_path / "reports" / "v1"
    assert (
        main(
            [
                "run",
                "--agent",
                "scripted:v1",
                "--trials",
                "4",
                "--out",
                str(tmp_path / "v1.jsonl"),
                "--report",
                str(stem),
            ]
        )
        == 0
    )
    assert f"report: {stem}.html" in capsys.readouterr().out
    page = (tmp_path / "reports" / "v1.html").read_text()
    assert "pass^k" in page and "verify_first" in page and "Failed trials, step by step" in page
    assert "simulated" in page and page.count("<table>") >= 3 + 3  # three tables and three trajectories
    data = json.loads((tmp_path / "reports" / "v1.json").read_text())
    [run] = data["runs"]
    assert run["tasks"] == 80 and [r["k"] for r in run["reliability"]] == [1, 2, 3, 4]
    assert "| policy |" in (tmp_path / "reports" / "v1.md").read_text()
