"""Regression tests for the harness's failure paths: interrupts, stale resumes, errored runs,
bad files handed to the command line, empty expected answers and missing output folders."""

from __future__ import annotations

import json
import threading

import pytest

from aipm_kit.evals import adapters, cases, runner, scorers

pytestmark = pytest.mark.timeout(120)


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def _rows(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _cases(n, expected="yes"):
    return cases.make_cases([{"id": f"c{i:02d}", "input": f"q{i}", "expected": expected} for i in range(n)])


def _cli(argv, capsys):
    from aipm_kit.cli import main

    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


# --------------------------------------------------------------------------- 5. Ctrl-C


def _interrupting_model(calls, lock, *, at):
    def answer(q):
        with lock:
            calls.append(q)
            k = len(calls)
        if k == at:
            raise KeyboardInterrupt
        return "yes"

    return adapters.from_function(answer, name="m")


def test_interrupt_stops_calling_writes_what_came_back_and_resumes(tmp_path):
    log = tmp_path / "r.jsonl"
    calls, lock = [], threading.Lock()
    with pytest.raises(KeyboardInterrupt) as info:
        runner.run_eval(
            _cases(60), _interrupting_model(calls, lock, at=8), [scorers.includes], results=log, workers=1, retries=0
        )
    assert len(calls) == 8, "no case may be called after the interrupt"
    rows = _rows(log)
    assert len(rows) == 7 and all(r["status"] == "ok" for r in rows)
    assert "resume" in str(info.value) and str(log) in str(info.value)
    assert isinstance(info.value, runner.EvalInterrupted)
    assert info.value.written == 7 and info.value.remaining == 53

    calls.clear()
    run = runner.run_eval(
        _cases(60),
        adapters.from_function(lambda q: calls.append(q) or "yes", name="m"),
        [scorers.includes],
        results=log,
        workers=3,
        retries=0,
    )
    assert run.resumed == 7 and run.calls == 53 and len(calls) == 53 and run.n_passed == 60
    assert sorted(r["case_id"] for r in _rows(log)) == _cases(60).ids


def test_interrupt_with_several_workers_makes_at_most_the_calls_in_flight(tmp_path):
    log = tmp_path / "r.jsonl"
    calls, lock = [], threading.Lock()
    workers = 4
    with pytest.raises(KeyboardInterrupt):
        runner.run_eval(
            _cases(60),
            _interrupting_model(calls, lock, at=10),
            [scorers.includes],
            results=log,
            workers=workers,
            retries=0,
        )
    rows = _rows(log)
    assert len(calls) <= 10 + workers - 1
    assert len(rows) == len(calls) - 1, "every answer that came back is written; only the interrupted one is not"
    assert len({r["case_id"] for r in rows}) == len(rows)


def test_interrupt_without_a_results_file_says_nothing_was_saved():
    calls, lock = [], threading.Lock()
    with pytest.raises(KeyboardInterrupt) as info:
        runner.run_eval(_cases(20), _interrupting_model(calls, lock, at=3), [scorers.includes], workers=1, retries=0)
    assert len(calls) == 3
    assert "no results file" in str(info.value)
    assert info.value.run.n == 2  # the answers that came back are still handed over


# --------------------------------------------------------------------------- 9. stale resume and cache


def test_resume_refuses_rerecorded_responses(tmp_path, capsys):
    cs_path = _write(
        tmp_path / "cases.jsonl", [{"id": f"c{i}", "input": f"q{i}", "expected": "yes"} for i in range(10)]
    )
    rec = tmp_path / "responses_v2.jsonl"
    _write(rec, [{"id": f"c{i}", "response": "yes"} for i in range(10)])
    out = tmp_path / "out.jsonl"
    args = ["eval", "run", "--cases", str(cs_path), "--responses", str(rec), "--out", str(out)]
    rc, stdout, _ = _cli(args, capsys)
    assert rc == 0 and "10/10 passed" in stdout
    _write(rec, [{"id": f"c{i}", "response": "no"} for i in range(10)])  # re-recorded: every answer now wrong
    rc, stdout, err = _cli(args, capsys)
    assert rc == 2
    assert str(out) in err and "--fresh" in err and len(err.strip().splitlines()) == 1
    assert len(_rows(out)) == 10, "a refused resume leaves the log as it was"
    rc, stdout, err = _cli(args + ["--fresh"], capsys)
    assert rc == 0 and "0/10 passed" in stdout
    assert runner.load_run(out).n_passed == 0 and len(_rows(out)) == 10


def test_resume_refuses_changed_expected_answers_naming_the_case(tmp_path):
    log = tmp_path / "r.jsonl"
    model = adapters.from_function(lambda q: "yes", name="m")
    runner.run_eval(_cases(5, "yes"), model, [scorers.includes], results=log)
    changed = cases.make_cases(
        [{"id": f"c{i:02d}", "input": f"q{i}", "expected": "no" if i == 3 else "yes"} for i in range(5)]
    )
    with pytest.raises(ValueError, match=r"c03.*fresh"):
        runner.run_eval(changed, model, [scorers.includes], results=log)
    fresh = runner.run_eval(changed, model, [scorers.includes], results=log, fresh=True)
    assert fresh.n_passed == 4 and fresh.resumed == 0


def test_resume_refuses_changed_input(tmp_path):
    log = tmp_path / "r.jsonl"
    model = adapters.from_function(lambda q: "yes", name="m")
    runner.run_eval(_cases(3), model, [scorers.includes], results=log)
    changed = cases.make_cases([{"id": "c00", "input": "another question", "expected": "yes"}])
    with pytest.raises(ValueError, match="c00"):
        runner.run_eval(changed, model, [scorers.includes], results=log)


def test_resume_refuses_another_endpoint_or_adapter_with_the_same_model_name(tmp_path):
    log = tmp_path / "r.jsonl"
    a = adapters.from_function(lambda q: "yes", name="m", params={"url": "http://a.example/v1"})
    b = adapters.from_function(lambda q: "no", name="m", params={"url": "http://b.example/v1"})
    runner.run_eval(_cases(4), a, [scorers.includes], results=log)
    with pytest.raises(ValueError, match="response source"):
        runner.run_eval(_cases(4), b, [scorers.includes], results=log)
    rec = adapters.RecordedModel([{"id": c, "response": "no"} for c in _cases(4).ids], name="m")
    with pytest.raises(ValueError, match="response source"):
        runner.run_eval(_cases(4), rec, [scorers.includes], results=log)
    same = runner.run_eval(_cases(4), a, [scorers.includes], results=log)  # nothing changed: resumes
    assert same.resumed == 4 and same.calls == 0


def test_resume_refuses_a_log_without_content_keys(tmp_path):
    log = _write(
        tmp_path / "old.jsonl",
        [
            {
                "case_id": "c00",
                "model": "m",
                "status": "ok",
                "response": "yes",
                "scores": {"includes": {"value": 1.0, "passed": True}},
                "passed": True,
            }
        ],
    )
    with pytest.raises(ValueError, match="fresh"):
        runner.run_eval(_cases(2), adapters.from_function(lambda q: "yes", name="m"), [scorers.includes], results=log)


def test_cache_is_keyed_on_the_knowledge_base_content():
    kb = [
        {"title": "Shipping", "text": "Standard shipping is free over $50."},
        {"title": "Returns", "text": "Returns are accepted within 30 days."},
    ]
    edited = [dict(kb[0], text="Standard shipping is free over $75."), kb[1]]
    case = _cases(1)[0]
    assert runner.cache_key(adapters.SupportBot(kb), case) != runner.cache_key(adapters.SupportBot(edited), case)


def test_cache_keys_differ_between_adapters_of_the_same_name():
    case = _cases(1)[0]
    f = adapters.from_function(lambda q: "yes", name="m")

    class Other:
        name, params = "m", {}

        def __call__(self, q):
            return "no"

    assert runner.cache_key(f, case) != runner.cache_key(Other(), case)


def test_cached_answers_are_rescored_against_the_current_expected(tmp_path):
    """The cache holds answers, not scores: a corrected answer key applies to cached answers."""
    model = adapters.from_function(lambda q: "yes", name="m")
    first = runner.run_eval(_cases(4, "yes"), model, [scorers.includes], cache=tmp_path / "c")
    second = runner.run_eval(_cases(4, "no"), model, [scorers.includes], cache=tmp_path / "c")
    assert first.n_passed == 4 and second.n_passed == 0 and second.cache_hits == 4


# --------------------------------------------------------------------------- 10. exit codes


def test_run_exits_2_when_cases_errored_naming_count_and_file(tmp_path, capsys):
    cs_path = _write(
        tmp_path / "cases.jsonl", [{"id": f"c{i}", "input": f"q{i}", "expected": "yes"} for i in range(40)]
    )
    rec = _write(
        tmp_path / "rec.jsonl",
        [{"id": f"c{i}", "response": "yes"} if i < 5 else {"id": f"c{i}", "error": "HTTP 503"} for i in range(40)],
    )
    out = tmp_path / "out.jsonl"
    rc, stdout, err = _cli(["eval", "run", "--cases", str(cs_path), "--responses", str(rec), "--out", str(out)], capsys)
    assert rc == 2
    assert "35 of 40" in err and str(out) in err
    out2 = tmp_path / "out2.jsonl"
    rc, _, _ = _cli(
        ["eval", "run", "--cases", str(cs_path), "--responses", str(rec), "--out", str(out2), "--max-errors", "35"],
        capsys,
    )
    assert rc == 0
    rc, _, err = _cli(
        ["eval", "run", "--cases", str(cs_path), "--responses", str(rec), "--out", str(out2), "--max-errors", "34"],
        capsys,
    )
    assert rc == 2 and "35 of 40" in err


def test_shipped_v3_recording_has_errors_and_run_says_so(tmp_path, capsys):
    se = cases.load_support_eval()
    out = tmp_path / "v3.jsonl"
    rc, _, err = _cli(["eval", "run", "--responses", str(se.responses["v3"]), "--out", str(out)], capsys)
    n_err = runner.load_run(out).n_error
    assert n_err > 0 and rc == 2 and f"{n_err} of {len(se.cases)}" in err


_GOOD_ROW = {
    "case_id": "a",
    "model": "m",
    "status": "ok",
    "response": "yes",
    "scores": {"includes": {"value": 1.0, "passed": True, "reason": ""}},
    "passed": True,
}


@pytest.mark.parametrize(
    "lines, where",
    [
        ([_GOOD_ROW, {k: v for k, v in _GOOD_ROW.items() if k != "case_id"}], "line 2"),
        ([_GOOD_ROW, "[1, 2]"], "line 2"),
        ([_GOOD_ROW, "{not json", _GOOD_ROW], "line 2"),
        ([dict(_GOOD_ROW, status="maybe")], "line 1"),
        ([dict(_GOOD_ROW, scores={"includes": 1.0})], "line 1"),
        ([dict(_GOOD_ROW, scores=[1])], "line 1"),
        ([dict(_GOOD_ROW, passed="yes")], "line 1"),
        ([dict(_GOOD_ROW, cost_usd="cheap")], "line 1"),
        ([], None),
    ],
)
@pytest.mark.parametrize("command", ["gate", "compare-baseline", "compare-candidate"])
def test_gate_and_compare_exit_2_on_malformed_results_naming_file_and_line(tmp_path, capsys, lines, where, command):
    good = _write(tmp_path / "good.jsonl", [dict(_GOOD_ROW, case_id=f"c{i}") for i in range(5)])
    bad = _write(tmp_path / "broken.jsonl", lines)
    argv = {
        "gate": ["eval", "gate", str(bad)],
        "compare-baseline": ["eval", "compare", str(bad), str(good)],
        "compare-candidate": ["eval", "compare", str(good), str(bad)],
    }[command]
    rc, _, err = _cli(argv, capsys)
    assert rc == 2
    assert "broken.jsonl" in err and len(err.strip().splitlines()) == 1
    if where:
        assert where in err


def test_gate_on_a_missing_file_or_a_folder_exits_2(tmp_path, capsys):
    rc, _, err = _cli(["eval", "gate", str(tmp_path / "nope.jsonl")], capsys)
    assert rc == 2 and "nope.jsonl" in err
    rc, _, err = _cli(["eval", "gate", str(tmp_path)], capsys)
    assert rc == 2 and str(tmp_path) in err


# --------------------------------------------------------------------------- 13. empty expected


@pytest.mark.parametrize("expected", ["", "   ", ["yes", ""]])
def test_empty_expected_is_refused_naming_file_line_and_field(tmp_path, expected):
    p = _write(
        tmp_path / "cases.jsonl",
        [{"id": "a", "input": "q", "expected": "x"}, {"id": "b", "input": "q", "expected": expected}],
    )
    with pytest.raises(ValueError, match=r"cases.jsonl line 2 .*'expected'"):
        cases.load_cases(p)


def test_shipped_cases_have_no_empty_expected():
    rows = cases.read_jsonl(cases.support_eval_dir() / "cases.jsonl")
    assert rows and all(
        str(e).strip() for r in rows for e in (r["expected"] if isinstance(r["expected"], list) else [r["expected"]])
    )


# --------------------------------------------------------------------------- 16. output folders


def test_results_in_a_folder_that_does_not_exist_yet(tmp_path):
    out = tmp_path / "runs" / "deeper" / "v2.jsonl"
    run = runner.run_eval(_cases(3), adapters.from_function(lambda q: "yes", name="m"), [scorers.includes], results=out)
    assert run.n_passed == 3 and len(_rows(out)) == 3


def test_readme_example_runs_from_a_fresh_folder(tmp_path, capsys, monkeypatch):
    se = cases.load_support_eval()
    monkeypatch.chdir(tmp_path)
    rc, _, err = _cli(["eval", "run", "--responses", str(se.responses["v2"]), "--out", "runs/v2.jsonl"], capsys)
    assert rc == 0, err
    assert runner.load_run(tmp_path / "runs" / "v2.jsonl").n == len(se.cases)
