"""The table of bad inputs for the evaluation harness.

One row per bad input: what is tried, what must happen (the exception for a library call, exit
code 2 for ``aipm eval run|compare|gate``), and the word(s) the one-line message must name (the
argument, field, file or line), so a user can fix it without reading the code.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from aipm_kit.evals import adapters, cases, clusters, gate, report, runner, scorers, stats

pytestmark = pytest.mark.timeout(120)

GOOD_CASE = {"id": "a", "input": "q", "expected": "x"}


def _write(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def _cases(n=4):
    return cases.make_cases([{"id": f"c{i}", "input": f"q{i}", "expected": "yes"} for i in range(n)])


def _model(answer="yes", name="m"):
    return adapters.from_function(lambda q: answer, name=name)


def _run(answer="yes", name="m", n=4):
    return runner.run_eval(_cases(n), _model(answer, name), [scorers.includes])


def _all_errors_run():
    rec = adapters.RecordedModel([{"id": f"c{i}", "error": "HTTP 503"} for i in range(4)], name="broken")
    return runner.run_eval(_cases(), rec, [scorers.includes])


def _changed_cases_resume(t: Path):
    log = t / "r.jsonl"
    runner.run_eval(_cases(), _model(), [scorers.includes], results=log)
    changed = cases.make_cases(
        [{"id": f"c{i}", "input": f"q{i}", "expected": "no" if i == 2 else "yes"} for i in range(4)]
    )
    runner.run_eval(changed, _model(), [scorers.includes], results=log)


# --------------------------------------------------------------------------- library calls
# (id, what is tried: fn(tmp_path), exception, words the message must name)

API_ROWS = [
    ("cases: none", lambda t: cases.make_cases([]), ValueError, ["empty"]),
    ("cases: row not a dict", lambda t: cases.make_cases(["a"]), TypeError, ["case 1"]),
    ("cases: no id", lambda t: cases.make_cases([{"input": "q", "expected": "x"}]), ValueError, ["'id'"]),
    ("cases: id a list", lambda t: cases.make_cases([dict(GOOD_CASE, id=[1])]), TypeError, ["'id'"]),
    ("cases: empty input", lambda t: cases.make_cases([dict(GOOD_CASE, input="")]), ValueError, ["'input'"]),
    ("cases: no expected", lambda t: cases.make_cases([{"id": "a", "input": "q"}]), ValueError, ["'expected'"]),
    (
        "cases: empty expected",
        lambda t: cases.make_cases([dict(GOOD_CASE, expected="")]),
        ValueError,
        ["'expected'", "case 1"],
    ),
    (
        "cases: blank expected in a list",
        lambda t: cases.make_cases([dict(GOOD_CASE, expected=["x", " "])]),
        ValueError,
        ["'expected'"],
    ),
    (
        "cases: expected an empty list",
        lambda t: cases.make_cases([dict(GOOD_CASE, expected=[])]),
        TypeError,
        ["'expected'"],
    ),
    ("cases: expected a number", lambda t: cases.make_cases([dict(GOOD_CASE, expected=4)]), TypeError, ["'expected'"]),
    ("cases: tags not strings", lambda t: cases.make_cases([dict(GOOD_CASE, tags=[1])]), TypeError, ["'tags'"]),
    (
        "cases: metadata not an object",
        lambda t: cases.make_cases([dict(GOOD_CASE, metadata="x")]),
        TypeError,
        ["'metadata'"],
    ),
    ("cases: duplicate id", lambda t: cases.make_cases([GOOD_CASE, GOOD_CASE]), ValueError, ["duplicate", "'a'"]),
    ("cases file: missing", lambda t: cases.load_cases(t / "missing.jsonl"), FileNotFoundError, ["missing.jsonl"]),
    (
        "cases file: bad JSON line",
        lambda t: cases.load_cases(_write(t / "c.jsonl", [GOOD_CASE, "{oops"])),
        ValueError,
        ["c.jsonl", "line 2"],
    ),
    (
        "cases file: a line not an object",
        lambda t: cases.load_cases(_write(t / "c.jsonl", ["[1]"])),
        ValueError,
        ["c.jsonl", "line 1"],
    ),
    (
        "cases file: empty expected",
        lambda t: cases.load_cases(_write(t / "c.jsonl", [GOOD_CASE, dict(GOOD_CASE, id="b", expected="")])),
        ValueError,
        ["c.jsonl", "line 2", "'expected'"],
    ),
    ("cases: sample of a negative size", lambda t: _cases().sample(-1), ValueError, ["n"]),
    ("recorded: no id", lambda t: adapters.RecordedModel([{"response": "x"}]), ValueError, ["'id'"]),
    (
        "recorded: duplicate id in a file",
        lambda t: adapters.RecordedModel(
            _write(t / "responses_v9.jsonl", [{"id": "a", "response": "x"}, {"id": "a", "response": "y"}])
        ),
        ValueError,
        ["responses_v9.jsonl", "line 2", "duplicate"],
    ),
    (
        "recorded: neither response nor error",
        lambda t: adapters.RecordedModel([{"id": "a"}]),
        ValueError,
        ["'response'"],
    ),
    (
        "recorded: negative cost",
        lambda t: adapters.RecordedModel([{"id": "a", "response": "x", "cost_usd": -1}]),
        ValueError,
        ["'cost_usd'"],
    ),
    ("function model: not callable", lambda t: adapters.from_function("nope"), TypeError, ["fn"]),
    ("bot: empty knowledge base", lambda t: adapters.SupportBot([]), ValueError, ["kb"]),
    (
        "bot: error rate above 1",
        lambda t: adapters.SupportBot([{"text": "x"}], error_rate=2),
        ValueError,
        ["error_rate"],
    ),
    ("endpoint: not http", lambda t: adapters.OpenAIChat("ftp://host/v1", "m"), ValueError, ["base_url"]),
    ("endpoint: bad port", lambda t: adapters.OpenAIChat("http://host:abc/v1", "m"), ValueError, ["base_url", "port"]),
    ("endpoint: no host", lambda t: adapters.OpenAIChat("http:///v1", "m"), ValueError, ["base_url", "host"]),
    ("endpoint: empty model", lambda t: adapters.OpenAIChat("http://h/v1", ""), ValueError, ["model"]),
    ("endpoint: timeout 0", lambda t: adapters.OpenAIChat("http://h/v1", "m", timeout=0), ValueError, ["timeout"]),
    (
        "endpoint: timeout infinite",
        lambda t: adapters.OpenAIChat("http://h/v1", "m", timeout=math.inf),
        ValueError,
        ["timeout"],
    ),
    ("endpoint: retries -1", lambda t: adapters.OpenAIChat("http://h/v1", "m", retries=-1), ValueError, ["retries"]),
    (
        "endpoint: rate limit 0",
        lambda t: adapters.OpenAIChat("http://h/v1", "m", rate_limit=0),
        ValueError,
        ["rate_limit"],
    ),
    (
        "endpoint: size cap 0",
        lambda t: adapters.OpenAIChat("http://h/v1", "m", max_response_bytes=0),
        ValueError,
        ["max_response_bytes"],
    ),
    (
        "endpoint: negative price",
        lambda t: adapters.OpenAIChat("http://h/v1", "m", price_in=-1),
        ValueError,
        ["price_in"],
    ),
    (
        "endpoint: api key with a newline",
        lambda t: adapters.OpenAIChat("http://h/v1", "m", api_key="k\nX: y"),
        ValueError,
        ["api_key"],
    ),
    ("run: model not callable", lambda t: runner.run_eval(_cases(), "m", [scorers.includes]), TypeError, ["model"]),
    ("run: no scorers", lambda t: runner.run_eval(_cases(), _model(), {}), ValueError, ["scorers"]),
    ("run: scorer not callable", lambda t: runner.run_eval(_cases(), _model(), {"s": 1}), TypeError, ["'s'"]),
    (
        "run: gate_on unknown",
        lambda t: runner.run_eval(_cases(), _model(), [scorers.includes], gate_on=["x"]),
        ValueError,
        ["gate_on"],
    ),
    (
        "run: workers 0",
        lambda t: runner.run_eval(_cases(), _model(), [scorers.includes], workers=0),
        ValueError,
        ["workers"],
    ),
    (
        "run: retries -1",
        lambda t: runner.run_eval(_cases(), _model(), [scorers.includes], retries=-1),
        ValueError,
        ["retries"],
    ),
    (
        "run: timeout 0",
        lambda t: runner.run_eval(_cases(), _model(), [scorers.includes], timeout=0),
        ValueError,
        ["timeout"],
    ),
    ("run: resume after the cases changed", _changed_cases_resume, ValueError, ["r.jsonl", "c2", "fresh"]),
    (
        "run: resume from another model",
        lambda t: (
            runner.run_eval(_cases(), _model(name="a"), [scorers.includes], results=t / "r.jsonl"),
            runner.run_eval(_cases(), _model(name="b"), [scorers.includes], results=t / "r.jsonl"),
        ),
        ValueError,
        ["r.jsonl", "'a'", "'b'"],
    ),
    (
        "run: results path is a folder",
        lambda t: runner.run_eval(_cases(), _model(), [scorers.includes], results=t),
        ValueError,
        ["folder"],
    ),
    ("load_run: missing", lambda t: runner.load_run(t / "none.jsonl"), FileNotFoundError, ["none.jsonl"]),
    (
        "load_run: empty file",
        lambda t: runner.load_run(_write(t / "e.jsonl", [])),
        ValueError,
        ["e.jsonl", "no results"],
    ),
    (
        "load_run: row without case_id",
        lambda t: runner.load_run(_write(t / "b.jsonl", [{"model": "m", "status": "ok"}])),
        ValueError,
        ["b.jsonl", "line 1", "case_id"],
    ),
    (
        "load_run: mixed models",
        lambda t: runner.load_run(
            _write(
                t / "mix.jsonl",
                [
                    {"case_id": "a", "model": "m1", "status": "error"},
                    {"case_id": "b", "model": "m2", "status": "error"},
                ],
            )
        ),
        ValueError,
        ["mix.jsonl", "m1", "m2"],
    ),
    ("pass rate: nothing scored", lambda t: _all_errors_run().pass_rate(), ValueError, ["no scored cases"]),
    ("wilson: n 0", lambda t: stats.wilson_interval(0, 0), ValueError, ["n"]),
    ("wilson: successes above n", lambda t: stats.wilson_interval(5, 3), ValueError, ["successes"]),
    ("wilson: confidence 1.5", lambda t: stats.wilson_interval(1, 3, confidence=1.5), ValueError, ["confidence"]),
    ("bootstrap: empty", lambda t: stats.bootstrap_interval([]), ValueError, ["values"]),
    ("bootstrap: NaN", lambda t: stats.bootstrap_interval([1.0, math.nan]), ValueError, ["NaN"]),
    (
        "paired bootstrap: lengths differ",
        lambda t: stats.paired_bootstrap_interval([1, 0], [1]),
        ValueError,
        ["same length"],
    ),
    ("mcnemar: negative count", lambda t: stats.mcnemar_exact(-1, 2), ValueError, ["b"]),
    (
        "compare: unknown metric",
        lambda t: stats.compare_runs(_run(), _run(name="n"), metric="nope"),
        ValueError,
        ["metric", "'nope'"],
    ),
    (
        "compare: nothing shared",
        lambda t: stats.compare_runs(_all_errors_run(), _run()),
        ValueError,
        ["share no scored cases"],
    ),
    ("gate: threshold 1.5", lambda t: gate.release_gate(_run(), threshold=1.5), ValueError, ["threshold"]),
    ("gate: negative margin", lambda t: gate.release_gate(_run(), margin=-0.1), ValueError, ["margin"]),
    ("gate: alpha 0", lambda t: gate.release_gate(_run(), alpha=0), ValueError, ["alpha"]),
    ("gate: max error rate 2", lambda t: gate.release_gate(_run(), max_error_rate=2), ValueError, ["max_error_rate"]),
    ("scorer: response not text", lambda t: scorers.includes(None, "x"), TypeError, ["response"]),
    ("scorer: expected empty list", lambda t: scorers.includes("x", []), TypeError, ["expected"]),
    ("scorer: threshold above 1", lambda t: scorers.token_f1("a", "a", threshold=2), ValueError, ["threshold"]),
    (
        "scorer: rouge threshold negative",
        lambda t: scorers.rouge_l("a", "a", threshold=-0.5),
        ValueError,
        ["threshold"],
    ),
    ("scorer: concise budget 0", lambda t: scorers.concise("a b", max_words=0), ValueError, ["max_words"]),
    ("scorer: negative tolerance", lambda t: scorers.numeric_close("1", "1", abs_tol=-1), ValueError, ["tolerance"]),
    ("clusters: fewer than 2 failures", lambda t: clusters.cluster_failures(_run()), ValueError, ["at least 2"]),
    ("report: no runs", lambda t: report.write_report(t / "rep", []), ValueError, ["runs"]),
]


@pytest.mark.parametrize("what, call, error, words", API_ROWS, ids=[r[0] for r in API_ROWS])
def test_bad_library_input(tmp_path, what, call, error, words):
    with pytest.raises(error) as info:
        call(tmp_path)
    message = str(info.value)
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message, f"{what}: {word!r} not named in {message!r}"


def test_api_key_is_never_echoed_in_its_error():
    with pytest.raises(ValueError) as info:
        adapters.OpenAIChat("http://h/v1", "m", api_key="sk-do-not-print\n")
    assert "sk-do-not-print" not in str(info.value)


# --------------------------------------------------------------------------- the command line
# (id, argv built from the fixture files, words the one-line message must name); every row exits 2


@pytest.fixture
def files(tmp_path):
    f = {"dir": tmp_path}
    f["cases"] = _write(
        tmp_path / "cases.jsonl", [{"id": f"c{i}", "input": f"q{i}", "expected": "yes"} for i in range(4)]
    )
    f["empty_expected"] = _write(tmp_path / "cases_blank.jsonl", [GOOD_CASE, dict(GOOD_CASE, id="b", expected="")])
    f["bad_json_cases"] = _write(tmp_path / "cases_broken.jsonl", [GOOD_CASE, "{oops"])
    f["responses"] = _write(tmp_path / "responses_v1.jsonl", [{"id": f"c{i}", "response": "yes"} for i in range(4)])
    f["dup_responses"] = _write(
        tmp_path / "responses_dup.jsonl", [{"id": "c0", "response": "a"}, {"id": "c0", "response": "b"}]
    )
    f["other"] = _write(tmp_path / "responses_v2.jsonl", [{"id": f"c{i}", "response": "no"} for i in range(4)])
    f["run"] = tmp_path / "run.jsonl"
    runner.run_eval(
        cases.load_cases(f["cases"]),
        adapters.RecordedModel(f["responses"]),
        {"includes": scorers.includes},
        results=f["run"],
    )
    f["errors_run"] = tmp_path / "errors_run.jsonl"
    runner.run_eval(
        cases.load_cases(f["cases"]),
        adapters.RecordedModel([{"id": f"c{i}", "error": "HTTP 503"} for i in range(4)], name="down"),
        {"includes": scorers.includes},
        results=f["errors_run"],
    )
    row = json.loads(f["run"].read_text().splitlines()[0])
    f["no_case_id"] = _write(tmp_path / "results_no_id.jsonl", [row, {k: v for k, v in row.items() if k != "case_id"}])
    f["bad_status"] = _write(tmp_path / "results_status.jsonl", [dict(row, status="maybe")])
    f["bad_scores"] = _write(tmp_path / "results_scores.jsonl", [dict(row, scores={"includes": 1.0})])
    f["not_json"] = _write(tmp_path / "results_torn.jsonl", [row, "{oops", row])
    f["array_row"] = _write(tmp_path / "results_array.jsonl", ["[1, 2]"])
    f["empty"] = _write(tmp_path / "results_empty.jsonl", [])
    f["a_file"] = _write(tmp_path / "plain.txt", ["not a folder"])
    return f


def _at(f, where: str) -> str:
    """A file of the ``files`` fixture by its key, or ``key/name`` for a path below it (``dir/o.jsonl``)."""
    key, _, name = where.partition("/")
    return str(f[key] / name if name else f[key])


def _eval_run(*extra, responses="responses", cases="cases", out="dir/o.jsonl", endpoint=None, api_key_env=None):
    """The argv builder for ``aipm eval run --responses R --cases C --out O EXTRA...``.

    R, C and O are places for ``_at``; ``endpoint`` stands in place of ``--responses``, and
    ``api_key_env`` adds ``--api-key-env`` just after the source.
    """

    def argv(f):
        source = ["--endpoint", endpoint] if endpoint else ["--responses", _at(f, responses)]
        key = ["--api-key-env", api_key_env] if api_key_env else []
        return ["eval", "run", *source, *key, "--cases", _at(f, cases), "--out", _at(f, out), *extra]

    return argv


CLI_ROWS = [
    ("eval: unknown action", lambda f: ["eval", "bogus"], ["bogus"]),
    ("run: no --out", lambda f: ["eval", "run", "--responses", str(f["responses"])], ["--out"]),
    ("run: no source", lambda f: ["eval", "run", "--out", str(f["dir"] / "o.jsonl")], ["--responses", "--endpoint"]),
    (
        "run: two sources",
        lambda f: ["eval", "run", "--bot", "--responses", str(f["responses"]), "--out", str(f["dir"] / "o.jsonl")],
        ["--responses", "--bot"],
    ),
    (
        "run: --workers not a number",
        lambda f: ["eval", "run", "--bot", "--out", "o.jsonl", "--workers", "many"],
        ["--workers", "many"],
    ),
    ("run: --workers 0", _eval_run("--workers", "0"), ["--workers"]),
    ("run: --timeout 0", _eval_run("--timeout", "0"), ["--timeout"]),
    ("run: --timeout nan", _eval_run("--timeout", "nan"), ["--timeout"]),
    ("run: --retries -1", _eval_run("--retries", "-1"), ["--retries"]),
    ("run: --threshold 1.5", _eval_run("--threshold", "1.5"), ["--threshold"]),
    ("run: --max-errors -1", _eval_run("--max-errors", "-1"), ["--max-errors"]),
    ("run: unknown --scorer", _eval_run("--scorer", "vibes"), ["--scorer", "vibes"]),
    ("run: --gate-on not a scorer", _eval_run("--gate-on", "rouge_l"), ["--gate-on", "rouge_l"]),
    ("run: --cases missing", _eval_run(cases="dir/nope.jsonl"), ["nope.jsonl"]),
    (
        "run: --cases with an empty expected",
        _eval_run(cases="empty_expected"),
        ["cases_blank.jsonl", "line 2", "'expected'"],
    ),
    ("run: --cases with a broken line", _eval_run(cases="bad_json_cases"), ["cases_broken.jsonl", "line 2"]),
    ("run: --responses missing", _eval_run(responses="dir/gone.jsonl"), ["gone.jsonl"]),
    (
        "run: --responses with duplicate ids",
        _eval_run(responses="dup_responses"),
        ["responses_dup.jsonl", "line 2", "duplicate"],
    ),
    ("run: --endpoint not http", _eval_run(endpoint="ftp://h/v1"), ["--endpoint", "base_url"]),
    (
        "run: --api-key-env unset",
        _eval_run(endpoint="http://127.0.0.1:9/v1", api_key_env="AIPM_SURELY_UNSET_VAR"),
        ["AIPM_SURELY_UNSET_VAR", "--api-key-env"],
    ),
    ("run: --api-key-env without --endpoint", _eval_run(api_key_env="HOME"), ["--api-key-env", "--endpoint"]),
    (
        "run: --out a malformed results file",
        _eval_run(out="bad_status"),
        ["results_status.jsonl", "line 1", "status"],
    ),
    ("run: --out a folder", _eval_run(out="dir"), ["is a folder"]),
    ("run: --out under a plain file", _eval_run(out="a_file/o.jsonl"), ["plain.txt"]),
    ("run: --out from other responses", _eval_run(responses="other", out="run"), ["run.jsonl", "--fresh", "--out"]),
    ("run: every case errored", _eval_run(responses="errors_source"), ["4 of 4", "o.jsonl"]),
    (
        "compare: baseline missing",
        lambda f: ["eval", "compare", str(f["dir"] / "gone.jsonl"), str(f["run"])],
        ["gone.jsonl"],
    ),
    (
        "compare: candidate row without case_id",
        lambda f: ["eval", "compare", str(f["run"]), str(f["no_case_id"])],
        ["results_no_id.jsonl", "line 2", "case_id"],
    ),
    (
        "compare: a broken line",
        lambda f: ["eval", "compare", str(f["not_json"]), str(f["run"])],
        ["results_torn.jsonl", "line 2"],
    ),
    (
        "compare: unknown --metric",
        lambda f: ["eval", "compare", str(f["run"]), str(f["run"]), "--metric", "nope"],
        ["metric", "nope"],
    ),
    ("compare: --alpha 0", lambda f: ["eval", "compare", str(f["run"]), str(f["run"]), "--alpha", "0"], ["--alpha"]),
    (
        "compare: nothing scored in common",
        lambda f: ["eval", "compare", str(f["errors_run"]), str(f["run"])],
        ["errors_run.jsonl", "run.jsonl", "share no scored cases"],
    ),
    ("gate: missing", lambda f: ["eval", "gate", str(f["dir"] / "gone.jsonl")], ["gone.jsonl"]),
    ("gate: a folder", lambda f: ["eval", "gate", str(f["dir"])], ["results file", "is a folder"]),
    ("gate: empty file", lambda f: ["eval", "gate", str(f["empty"])], ["results_empty.jsonl", "no results"]),
    (
        "gate: a line that is an array",
        lambda f: ["eval", "gate", str(f["array_row"])],
        ["results_array.jsonl", "line 1"],
    ),
    (
        "gate: bad status",
        lambda f: ["eval", "gate", str(f["bad_status"])],
        ["results_status.jsonl", "line 1", "status"],
    ),
    (
        "gate: bad scores",
        lambda f: ["eval", "gate", str(f["bad_scores"])],
        ["results_scores.jsonl", "line 1", "scores"],
    ),
    (
        "gate: baseline malformed",
        lambda f: ["eval", "gate", str(f["run"]), "--baseline", str(f["no_case_id"])],
        ["results_no_id.jsonl", "line 2"],
    ),
    ("gate: nothing scored", lambda f: ["eval", "gate", str(f["errors_run"])], ["errors_run.jsonl", "no scored cases"]),
    ("gate: --threshold 2", lambda f: ["eval", "gate", str(f["run"]), "--threshold", "2"], ["--threshold"]),
    (
        "gate: --threshold not a number",
        lambda f: ["eval", "gate", str(f["run"]), "--threshold", "high"],
        ["--threshold", "high"],
    ),
    ("gate: --alpha 1", lambda f: ["eval", "gate", str(f["run"]), "--alpha", "1"], ["--alpha"]),
    ("gate: --margin -1", lambda f: ["eval", "gate", str(f["run"]), "--margin", "-1"], ["--margin"]),
    (
        "gate: --max-error-rate 2",
        lambda f: ["eval", "gate", str(f["run"]), "--max-error-rate", "2"],
        ["--max-error-rate"],
    ),
    ("gate: --min-n 0", lambda f: ["eval", "gate", str(f["run"]), "--min-n", "0"], ["--min-n"]),
    (
        "gate: --report under a plain file",
        lambda f: ["eval", "gate", str(f["run"]), "--threshold", "0.01", "--report", str(f["a_file"] / "rep")],
        ["plain.txt"],
    ),
]


@pytest.mark.parametrize("what, argv, words", CLI_ROWS, ids=[r[0] for r in CLI_ROWS])
def test_bad_command_line_input_exits_2_with_one_line(files, capsys, monkeypatch, what, argv, words):
    from aipm_kit.cli import main

    monkeypatch.delenv("AIPM_SURELY_UNSET_VAR", raising=False)
    files["errors_source"] = _write(
        files["dir"] / "responses_down.jsonl", [{"id": f"c{i}", "error": "HTTP 503"} for i in range(4)]
    )
    capsys.readouterr()
    try:
        rc = main(argv(files))
    except SystemExit as exc:  # argparse's own errors
        rc = exc.code
    err = capsys.readouterr().err
    assert rc == 2, f"{what}: exit {rc}; stderr {err!r}"
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"{what}: expected one line, got {err!r}"
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], f"{what}: {word!r} not named in {lines[0]!r}"
