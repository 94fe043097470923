"""Cases, adapters, the runner (cache, resume, timeouts, errors), judges, clusters, gate, report and CLI."""

from __future__ import annotations

import json
import threading
import time

import pytest

from aipm_kit.evals import adapters, cases, clusters, gate, judges, report, runner, scorers


@pytest.fixture(scope="module")
def se():
    return cases.load_support_eval()


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


# --------------------------------------------------------------------------- cases


def test_shipped_support_set_is_valid(se):
    assert 140 <= len(se.cases) <= 160
    assert se.cases.tags == ["account", "billing", "returns", "shipping"]
    assert len(set(se.cases.ids)) == len(se.cases)
    assert sorted(se.responses) == ["v1", "v2", "v3"]
    assert set(se.human_labels["label"]) == {"pass", "fail"}
    assert all(c.metadata.get("reference") for c in se.cases)


def test_duplicate_ids_are_refused_naming_the_line(tmp_path):
    p = _write(
        tmp_path / "c.jsonl",
        [
            {"id": "a", "input": "q", "expected": "x"},
            {"id": "b", "input": "q", "expected": "x"},
            {"id": "a", "input": "q2", "expected": "y"},
        ],
    )
    with pytest.raises(ValueError, match=r"line 3: duplicate case id 'a'"):
        cases.load_cases(p)


def test_case_without_expected_is_refused(tmp_path):
    p = _write(tmp_path / "c.jsonl", [{"id": "a", "input": "q"}])
    with pytest.raises(ValueError, match="no 'expected'"):
        cases.load_cases(p)
    with pytest.raises(TypeError, match="'expected' must be a string or a non-empty list"):
        cases.make_cases([{"id": "a", "input": "q", "expected": 4}])
    with pytest.raises(ValueError, match="'input'"):
        cases.make_cases([{"id": "a", "input": "", "expected": "x"}])


def test_malformed_jsonl_names_the_line(tmp_path):
    p = _write(
        tmp_path / "c.jsonl",
        [
            {"id": "a", "input": "q", "expected": "x"},
            "",
            '{"id": "b", "input": ',
            {"id": "c", "input": "q", "expected": "x"},
        ],
    )
    with pytest.raises(ValueError, match=r"c.jsonl line 3 is not valid JSON"):
        cases.load_cases(p)
    with pytest.raises(FileNotFoundError):
        cases.load_cases(tmp_path / "missing.jsonl")


def test_expected_may_be_string_or_list():
    cs = cases.make_cases(
        [{"id": 1, "input": "q", "expected": "x"}, {"id": "2", "input": "q", "expected": ["x", "y"], "tags": "t"}]
    )
    assert cs[0].expected == ("x",) and cs["2"].expected == ("x", "y") and cs[1].tags == ("t",)
    assert cs[0].id == "1"


# --------------------------------------------------------------------------- adapters and runner


def test_recorded_model_errors_and_non_strings_get_error_status(tmp_path):
    cs = cases.make_cases([{"id": i, "input": "q", "expected": "yes"} for i in "abcd"])
    rec = adapters.RecordedModel(
        [
            {"id": "a", "response": "yes"},
            {"id": "b", "response": 42},
            {"id": "c", "response": None, "error": "timeout after 30 s"},
        ],
        name="rec",
    )
    run = runner.run_eval(cs, rec, [scorers.includes])
    status = {r.case_id: (r.status, r.error) for r in run.results}
    assert status["a"] == ("ok", "")
    assert status["b"][0] == "error" and "not a string" in status["b"][1]
    assert status["c"] == ("error", "timeout after 30 s")
    assert status["d"][0] == "error" and "no recorded response" in status["d"][1]
    assert run.n_error == 3 and run.pass_rate().n == 1  # errors are not zeros: left out, and counted
    frame = run.to_frame()
    assert frame.loc[frame.status == "error", "includes"].isna().all()
    assert frame.loc[frame.status == "error", "passed"].isna().all()
    with pytest.raises(ValueError, match="duplicate id"):
        adapters.RecordedModel([{"id": "a", "response": "x"}, {"id": "a", "response": "y"}])


def test_cache_makes_a_rerun_free(tmp_path, se):
    sub = se.cases.sample(20, seed=1)
    calls = []

    def answer(q):
        calls.append(q)
        return "We ship to 38 countries."

    model = adapters.from_function(answer, name="f", params={"temperature": 0}, cost_per_call=0.01)
    first = runner.run_eval(sub, model, [scorers.includes], cache=tmp_path / "cache")
    second = runner.run_eval(sub, model, [scorers.includes], cache=tmp_path / "cache")
    assert first.calls == 20 and first.cache_hits == 0 and first.spend_usd == pytest.approx(0.2)
    assert second.calls == 0 and second.cache_hits == 20 and second.spend_usd == 0
    assert [r.passed for r in first.results] == [r.passed for r in second.results]
    assert len(calls) == 20
    other = adapters.from_function(answer, name="f", params={"temperature": 0.7})
    assert runner.cache_key(other, sub[0]) != runner.cache_key(model, sub[0])
    third = runner.run_eval(sub, other, [scorers.includes], cache=tmp_path / "cache")
    assert third.calls == 20


def test_resume_skips_finished_cases_and_repairs_a_torn_line(tmp_path):
    cs = cases.make_cases([{"id": f"c{i}", "input": str(i), "expected": "yes"} for i in range(8)])
    log = tmp_path / "r.jsonl"
    seen = []
    model = adapters.from_function(lambda q: seen.append(q) or "yes", name="m")
    runner.run_eval(cs.subset(["c0", "c1", "c2"]), model, [scorers.includes], results=log)
    text = log.read_text().splitlines()
    log.write_text("\n".join(text[:2]) + "\n" + text[2][: len(text[2]) // 2])  # crash mid-write
    seen.clear()
    with pytest.warns(UserWarning, match="cut off"):
        run = runner.run_eval(cs, model, [scorers.includes], results=log)
    assert run.resumed == 2 and run.calls == 6 and run.n == 8
    assert sorted(seen) == sorted(
        str(i) for i in range(8) if f"c{i}" not in {json.loads(t)["case_id"] for t in text[:2]}
    )
    ids = [json.loads(line)["case_id"] for line in log.read_text().splitlines()]
    assert sorted(ids) == sorted(cs.ids)
    assert runner.load_run(log).n_passed == 8


def test_resume_refuses_another_model_or_other_scorers(tmp_path):
    cs = cases.make_cases([{"id": "a", "input": "q", "expected": "x"}])
    log = tmp_path / "r.jsonl"
    runner.run_eval(cs, adapters.from_function(lambda q: "x", name="m1"), [scorers.includes], results=log)
    with pytest.raises(ValueError, match="model 'm1', not 'm2'"):
        runner.run_eval(cs, adapters.from_function(lambda q: "x", name="m2"), [scorers.includes], results=log)
    with pytest.raises(ValueError, match="scored with"):
        runner.run_eval(cs, adapters.from_function(lambda q: "x", name="m1"), [scorers.rouge_l], results=log)


def test_timeouts_retries_and_scorer_failures():
    cs = cases.make_cases(
        [
            {"id": "slow", "input": "slow", "expected": "x"},
            {"id": "flaky", "input": "flaky", "expected": "x"},
            {"id": "fine", "input": "fine", "expected": "x"},
        ]
    )
    tries = {}
    lock = threading.Lock()

    def model(q):
        with lock:
            tries[q] = tries.get(q, 0) + 1
        if q == "slow":
            time.sleep(2)
        if q == "flaky" and tries[q] == 1:
            raise ConnectionError("reset")
        return "x"

    t0 = time.perf_counter()
    run = runner.run_eval(
        cs, adapters.from_function(model, name="m"), [scorers.includes], timeout=0.2, retries=1, backoff=0.01
    )
    assert time.perf_counter() - t0 < 1.5
    by = run.by_id()
    assert by["slow"].status == "error" and "no answer within 0.2 s" in by["slow"].error and by["slow"].attempts == 2
    assert by["flaky"].status == "ok" and by["flaky"].attempts == 2
    assert by["fine"].status == "ok" and by["fine"].attempts == 1

    def broken(response, expected):
        raise RuntimeError("bug")

    bad = runner.run_eval(cs.subset(["fine"]), adapters.from_function(lambda q: "x", name="m"), {"b": broken})
    assert bad.results[0].status == "error" and "scorer 'b' failed" in bad.results[0].error


def test_runner_argument_checks():
    cs = cases.make_cases([{"id": "a", "input": "q", "expected": "x"}])
    m = adapters.from_function(lambda q: "x")
    with pytest.raises(ValueError, match="gate_on"):
        runner.run_eval(cs, m, [scorers.includes], gate_on=["nope"])
    with pytest.raises(ValueError, match="scorers is empty"):
        runner.run_eval(cs, m, {})
    with pytest.raises(TypeError, match="model must be callable"):
        runner.run_eval(cs, "model", [scorers.includes])
    with pytest.raises(ValueError, match="timeout"):
        runner.run_eval(cs, m, [scorers.includes], timeout=0)


def test_support_bot_is_deterministic_with_seeded_errors(se):
    bot = adapters.SupportBot(se.kb, seed=5, error_rate=0.2)
    bot2 = adapters.SupportBot(se.kb, seed=5, error_rate=0.2)
    sub = se.cases.sample(40, seed=0)
    a = runner.run_eval(sub, bot, [scorers.includes], retries=0, workers=1)
    b = runner.run_eval(sub, bot2, [scorers.includes], retries=0, workers=3)
    assert [(r.status, r.response, r.latency_s) for r in a.results] == [
        (r.status, r.response, r.latency_s) for r in b.results
    ]
    assert 0 < a.n_error < 20
    retry = runner.run_eval(
        sub, adapters.SupportBot(se.kb, seed=5, error_rate=0.2), [scorers.includes], retries=3, backoff=0.0
    )
    assert retry.n_error < a.n_error  # a retry draws again
    clean = adapters.SupportBot(se.kb, error_rate=0.0)
    assert clean("How much is express shipping?").text.startswith("Express shipping costs $12.95")


# --------------------------------------------------------------------------- judges, clusters, gate, report, CLI


def test_rubric_judge_rules_noise_and_scorer(se):
    j = judges.RubricJudge(se.kb, noise=0.0)
    ref = "Standard shipping is free on orders over $50."
    ok = j(question="q", response=ref, reference=ref, expected=["$50"])
    assert ok.passed
    assert not j(
        question="q",
        response="Standard shipping is free on orders over $50, and on every order placed "
        "on a weekend if you are a long-standing customer with us.",
        expected=["$50"],
    ).passed
    assert not j(question="q", response="I'm sorry, I can't help with that.", expected=["$50"]).passed
    noisy = judges.RubricJudge(se.kb, noise=0.3, seed=1)
    items = [{"case_id": str(i), "question": f"q{i}", "response": ref, "expected": ["$50"]} for i in range(40)]
    votes = judges.judge_repeatedly(noisy, items, k=5)
    assert 0 < votes.flaky_share < 1
    again = judges.judge_repeatedly(judges.RubricJudge(se.kb, noise=0.3, seed=1), items, k=5)
    assert list(votes.frame["votes"]) == list(again.frame["votes"])
    case = se.cases[0]
    score = judges.as_scorer(j, k=3)(case.reference, case)
    assert score.passed and score.value == 1.0


def test_chat_judge_parses_verdicts():
    judge = judges.ChatJudge(lambda prompt: "PASS\nstates the fact")
    assert judge(question="q", response="r").passed
    assert not judges.ChatJudge(lambda p: "fail: invented").__call__(question="q", response="r").passed
    with pytest.raises(ValueError, match="PASS or FAIL"):
        judges.ChatJudge(lambda p: "maybe")(question="q", response="r")


def _recorded_runs(se, versions=("v1", "v2")):
    sc = {"key_fact": scorers.includes, "concise": scorers.concise}
    return {v: runner.run_eval(se.cases, adapters.RecordedModel(se.responses[v]), sc) for v in versions}


def test_failure_clusters_are_seeded_and_cover_every_failure(se):
    runs = _recorded_runs(se, ("v1",))
    fc = clusters.cluster_failures(runs["v1"], seed=0)
    again = clusters.cluster_failures(runs["v1"], seed=0)
    assert fc.to_frame().equals(again.to_frame())
    assert sum(c.size for c in fc.clusters) == fc.n_failures == runs["v1"].n_ok - runs["v1"].n_passed
    assert [c.size for c in fc.clusters] == sorted((c.size for c in fc.clusters), reverse=True)
    assert all(len(c.top_terms) == 5 and c.examples for c in fc.clusters)
    k3 = clusters.cluster_failures(runs["v1"], k=3, seed=0)
    assert k3.k == 3
    one = cases.make_cases([{"id": "a", "input": "q", "expected": "x"}])
    lone = runner.run_eval(one, adapters.from_function(lambda q: "y"), [scorers.includes])
    with pytest.raises(ValueError, match="at least 2"):
        clusters.cluster_failures(lone)


def test_release_gate_decides_on_intervals_and_the_non_inferiority_margin():
    n = 200
    cs = cases.make_cases([{"id": f"c{i:03d}", "input": str(i), "expected": "yes", "tags": ["t"]} for i in range(n)])

    def model(rate_every, name):
        return adapters.from_function(lambda q: "no" if int(q) % rate_every == 0 else "yes", name=name)

    base = runner.run_eval(cs, model(10, "base"), [scorers.includes])  # 90% pass
    worse = runner.run_eval(cs, model(4, "worse"), [scorers.includes])  # 75%: a 15-point drop
    same = runner.run_eval(cs, model(10, "same"), [scorers.includes])
    d = gate.release_gate(same, base, threshold=0.8)
    assert d.passed and d.exit_code == 0 and "not decisive" in d.sentence
    d2 = gate.release_gate(same, base, threshold=0.88)  # 90% observed, but 88% lies inside the Wilson interval
    assert not d2.passed and d2.pass_rate.low < 0.88 < d2.pass_rate.estimate
    assert d2.verdict == "NOT YET" and d2.exit_code == 3 and d2.to_gate().inconclusive
    d3 = gate.release_gate(worse, base, threshold=0.5, margin=0.02)
    assert not d3.passed and "regression" in d3.sentence
    failed = [c.name for c in d3.criteria if c.status == "fail"]
    assert any(f.startswith("Not worse than base by more than 2.0 points") for f in failed)
    d4 = gate.release_gate(worse, base, threshold=0.5, margin=0.5, topic_margin=0.5)  # a drop within the margin
    assert d4.passed
    assert d.to_gate().verdict == "GO" and d3.to_dict()["verdict"] == "NO-GO" and d3.exit_code == 1


def test_report_is_self_contained(tmp_path, se):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = _recorded_runs(se)
    d = gate.release_gate(runs["v2"], runs["v1"], threshold=0.7)
    fc = clusters.cluster_failures(runs["v2"], k=2)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    files = report.write_report(
        tmp_path / "out" / "rep",
        list(runs.values()),
        comparison=d.comparison,
        decision=d,
        clusters=fc,
        figures={"a line": fig},
    )
    text = files.html.read_text()
    assert "data:image/png;base64," in text and d.sentence in text
    assert "<script" not in text and 'src="http' not in text and "src='http" not in text and "<link" not in text
    data = json.loads(files.json.read_text())
    assert data["decision"]["verdict"] == d.verdict and len(data["runs"]) == 2
    assert d.sentence in files.markdown.read_text()


def test_cli_exit_codes(tmp_path, se, capsys):
    from aipm_kit.cli import main

    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    assert main(["eval", "run", "--responses", str(se.responses["v1"]), "--out", str(v1)]) == 0
    assert main(["eval", "run", "--responses", str(se.responses["v2"]), "--out", str(v2), "--threshold", "0.99"]) == 1
    assert main(["eval", "compare", str(v1), str(v2)]) == 0
    assert (
        main(["eval", "gate", str(v2), "--baseline", str(v1), "--threshold", "0.5", "--report", str(tmp_path / "rep")])
        == 0
    )
    assert (tmp_path / "rep.html").exists()
    assert main(["eval", "gate", str(v2), "--threshold", "0.99"]) == 1
    assert main(["eval", "gate", str(tmp_path / "missing.jsonl")]) == 2
    bad = _write(tmp_path / "bad.jsonl", [{"id": "a", "input": "q"}])
    assert (
        main(
            [
                "eval",
                "run",
                "--cases",
                str(bad),
                "--responses",
                str(se.responses["v1"]),
                "--out",
                str(tmp_path / "x.jsonl"),
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "eval",
                "run",
                "--responses",
                str(se.responses["v1"]),
                "--out",
                str(tmp_path / "y.jsonl"),
                "--scorer",
                "nope",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "no 'expected'" in err and "unknown scorer" in err


def test_each_version_fails_in_its_own_way():
    """Data test: the recorded versions carry the distinct failure modes the datasheet promises."""
    import pandas as pd

    from aipm_kit.evals.cases import read_jsonl, support_eval_dir

    modes = pd.DataFrame(read_jsonl(support_eval_dir() / "answer_modes.jsonl"))
    share = pd.crosstab(modes["version"], modes["mode"], normalize="index")
    assert share.loc["v1", ["outdated", "refusal"]].sum() > share.loc["v2", ["outdated", "refusal"]].sum()
    assert share.loc["v2", ["verbose", "invented"]].sum() > share.loc["v1", ["verbose", "invented"]].sum()
    assert share.loc["v3", "wrong_number"] == share.loc[:, "wrong_number"].max()
    assert share.loc["v3", "error"] > 0 and share.loc["v1", "error"] == 0
