"""The HTTP chat adapter and crash-resume, against a real scripted server on 127.0.0.1.

Bounded on purpose: short timeouts, a handful of requests, loopback only.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from aipm_kit.evals import adapters, cases, runner, scorers

pytestmark = pytest.mark.timeout(120)


class Script:
    """What the server does next; tests change it while the server runs."""

    def __init__(self):
        self.mode = "ok"  # ok | stall | 500 | malformed | nochoices | 429once
        self.ok_budget = None  # after this many OK answers, switch to ``after``
        self.after = "stall"
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.requests = []  # every user message received
        self.answered = []  # user messages answered with 200
        self.seen_429 = set()


def _make_handler(script: Script):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def _send(self, code, body: bytes, headers=()):
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            doc = json.loads(self.rfile.read(length))
            msg = doc["messages"][-1]["content"]
            with script.lock:
                script.requests.append(msg)
                mode = script.mode
                if script.ok_budget is not None and mode == "ok":
                    if len(script.answered) >= script.ok_budget:
                        mode = script.after
                if mode == "ok":
                    script.answered.append(msg)
            if mode == "stall":
                script.release.wait(10)
                return self._send(503, b'{"error": "stalled"}')
            if mode == "500":
                return self._send(500, b'{"error": "boom"}')
            if mode == "malformed":
                return self._send(200, b'{"choices": [{"message": {"content": "half')
            if mode == "nochoices":
                return self._send(200, b'{"id": "x"}')
            if mode == "judge":  # a judge model: PASS when the judged answer mentions 30 days
                verdict = "PASS" if "30 days" in msg.split("Answer to judge:")[-1] else "FAIL"
                body = {"choices": [{"message": {"content": f"{verdict}\nchecked against the rubric"}}]}
                return self._send(200, json.dumps(body).encode())
            if mode == "429once":
                with script.lock:
                    first = msg not in script.seen_429
                    script.seen_429.add(msg)
                    if not first:
                        script.answered.append(msg)
                if first:
                    return self._send(429, b'{"error": "slow down"}', [("Retry-After", "0.05")])
            body = {
                "choices": [{"message": {"role": "assistant", "content": f"Answer: {msg}"}}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5},
            }
            self._send(200, json.dumps(body).encode())

    return Handler


@pytest.fixture
def server():
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(script))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    yield url, script
    script.release.set()
    httpd.shutdown()
    httpd.server_close()


def _cases(n=12):
    return cases.make_cases(
        [{"id": f"c{i:02d}", "input": f"question {i}", "expected": f"question {i}"} for i in range(n)]
    )


def test_ok_answer_parses_content_and_cost(server):
    url, script = server
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=0, price_in=1.0, price_out=2.0)
    out = chat("hello")
    assert out.text == "Answer: hello"
    assert out.cost_usd == pytest.approx((10 * 1.0 + 5 * 2.0) / 1000)
    assert out.latency_s is not None and out.latency_s >= 0


def test_500_is_retried_then_raises(server):
    url, script = server
    script.mode = "500"
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=2, backoff=0.01)
    with pytest.raises(adapters.EndpointError, match="HTTP 500"):
        chat("x")
    assert len(script.requests) == 3  # one attempt plus two retries


def test_429_honours_retry_after_and_succeeds(server):
    url, script = server
    script.mode = "429once"
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=1, backoff=0.01)
    assert chat("y").text == "Answer: y"
    assert len(script.requests) == 2


def test_malformed_json_fails_fast_with_clear_error(server):
    url, script = server
    script.mode = "malformed"
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=3, backoff=0.01)
    with pytest.raises(adapters.EndpointError, match="malformed JSON"):
        chat("z")
    assert len(script.requests) == 1  # a broken contract is not retried
    script.mode = "nochoices"
    with pytest.raises(adapters.EndpointError, match="choices"):
        chat("z")


def test_stalled_endpoint_times_out_within_bound(server):
    url, script = server
    script.mode = "stall"
    chat = adapters.OpenAIChat(url, "m", timeout=0.3, retries=1, backoff=0.01)
    t0 = time.perf_counter()
    with pytest.raises(TimeoutError, match="timed out"):
        chat("slow")
    assert time.perf_counter() - t0 < 3
    assert len(script.requests) == 2


def test_rate_limit_spaces_requests(server):
    url, script = server
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=0, rate_limit=20)
    t0 = time.perf_counter()
    for i in range(5):
        chat(f"r{i}")
    assert time.perf_counter() - t0 >= 4 / 20 - 0.01


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="base_url"):
        adapters.OpenAIChat("ftp://x", "m")
    with pytest.raises(ValueError, match="timeout"):
        adapters.OpenAIChat("http://127.0.0.1:1/v1", "m", timeout=0)


def test_runner_marks_endpoint_failures_as_errors_not_zeros(server):
    url, script = server
    script.mode = "malformed"
    chat = adapters.OpenAIChat(url, "m", timeout=1, retries=0)
    run = runner.run_eval(_cases(4), chat, [scorers.includes], retries=0, workers=2)
    assert run.n_error == 4 and run.n_ok == 0
    assert all(r.passed is None and not r.scores for r in run.results)
    assert all("malformed JSON" in r.error for r in run.results)
    with pytest.raises(ValueError, match="no scored cases"):
        run.pass_rate()


def test_runner_timeout_on_stall_is_an_error_status(server):
    url, script = server
    script.mode = "stall"
    chat = adapters.OpenAIChat(url, "m", timeout=0.3, retries=0)
    run = runner.run_eval(_cases(2), chat, [scorers.includes], retries=0, workers=2, timeout=5)
    assert [r.status for r in run.results] == ["error", "error"]
    assert all("timed out" in r.error for r in run.results)


def _cli(args, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "aipm_kit.cli", "eval", "run", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _log_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_killed_run_resumes_with_nothing_lost_or_scored_twice(server, tmp_path):
    """The server stalls after 5 answers; the run is killed; the resumed run finishes the rest."""
    url, script = server
    n = 12
    cases_path = tmp_path / "cases.jsonl"
    cases_path.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in _cases(n)))
    out = tmp_path / "results.jsonl"
    script.ok_budget, script.after = 5, "stall"
    args = [
        "--cases",
        str(cases_path),
        "--endpoint",
        url,
        "--model",
        "m",
        "--out",
        str(out),
        "--workers",
        "2",
        "--timeout",
        "20",
        "--retries",
        "0",
    ]
    proc = _cli(args)
    deadline = time.time() + 30
    while time.time() < deadline:  # wait until both workers are stuck on the stalled server
        with script.lock:
            stuck = len(script.requests) - len(script.answered)
        if stuck >= 2 and out.exists() and len(_log_rows(out)) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode != 0
    before = _log_rows(out)
    done_before = {r["case_id"] for r in before}
    assert 0 < len(done_before) < n, "the run must be killed half way"
    assert all(r["status"] == "ok" for r in before)

    script.ok_budget, script.mode = None, "ok"
    script.release.set()  # let the stalled handlers finish (their client is gone)
    with script.lock:
        asked_before = len(script.requests)
    proc = _cli(args)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1), stderr
    assert "resumed" in stdout
    rows = _log_rows(out)
    ids = [r["case_id"] for r in rows]
    assert sorted(ids) == sorted(c.id for c in _cases(n)), "no case lost, none scored twice"
    with script.lock:
        asked_after = script.requests[asked_before:]
    assert len(asked_after) == n - len(done_before), "finished cases are not asked again"
    assert not {f"question {int(i[1:])}" for i in done_before} & set(asked_after)
    run = runner.load_run(out)
    assert run.n == n and run.n_ok == n


def test_errored_run_resumes_with_retry_errors(server, tmp_path):
    """The server starts failing with 500 half way; errors are recorded, then re-run and replaced."""
    url, script = server
    out = tmp_path / "r.jsonl"
    script.ok_budget, script.after = 6, "500"
    chat = adapters.OpenAIChat(url, "m", timeout=2, retries=0)
    first = runner.run_eval(_cases(10), chat, [scorers.includes], results=out, retries=0, workers=1)
    assert first.n_ok == 6 and first.n_error == 4
    script.ok_budget, script.mode = None, "ok"
    second = runner.run_eval(_cases(10), chat, [scorers.includes], results=out, retries=0, workers=2, retry_errors=True)
    assert second.n_ok == 10 and second.resumed == 6 and second.calls == 4
    ok_rows = [r["case_id"] for r in _log_rows(out) if r["status"] == "ok"]
    assert sorted(ok_rows) == sorted(set(ok_rows)) and len(ok_rows) == 10


def test_chat_judge_over_http(server):
    from aipm_kit.evals import judges

    url, script = server
    script.mode = "judge"
    judge = judges.ChatJudge(adapters.OpenAIChat(url, "judge-model", timeout=2, retries=0))
    assert judge(question="Return window?", response="Within 30 days.", reference="30 days").passed
    assert not judge(question="Return window?", response="Within 60 days.", reference="30 days").passed
    votes = judges.judge_repeatedly(judge, [{"case_id": "a", "question": "q", "response": "30 days"}], k=3)
    assert votes.frame["votes"][0] == (True, True, True) and votes.flaky_share == 0
    script.mode = "ok"  # a model that does not answer PASS/FAIL is an error, not a verdict
    with pytest.raises(ValueError, match="PASS or FAIL"):
        judge(question="q", response="r")
