"""The HTTP adapter's safety limits, against real servers on 127.0.0.1: redirects, total deadlines,
body size caps, credentials in the URL, the API key from the environment, server-reported token
counts, and Ctrl-C during a command-line run.

Bounded on purpose: short deadlines, drips that stop by themselves within 3 s, loopback only.
"""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from aipm_kit.evals import adapters, cases, report, runner, scorers

pytestmark = pytest.mark.timeout(120)

SECRET = "s3cr3t-pw"


def _chat_body(content="Answer", usage=None) -> bytes:
    doc = {"choices": [{"message": {"role": "assistant", "content": content}}]}
    if usage is not None:
        doc["usage"] = usage
    return json.dumps(doc).encode()


class Server:
    """A loopback server whose every request is handled by ``behave(handler, method, body)``."""

    def __init__(self, behave):
        self.behave = behave
        self.requests = []  # (method, path, headers)
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self, method):
                length = int(self.headers.get("Content-Length", 0) or 0)
                body = self.rfile.read(length) if length else b""
                with outer.lock:
                    outer.requests.append((method, self.path, dict(self.headers)))
                try:
                    outer.behave(self, method, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):
                self._handle("POST")

            def do_GET(self):
                self._handle("GET")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.origin}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    started = []

    def start(behave):
        s = Server(behave)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()


def send(h, code, body: bytes, headers=(), content_length=True):
    h.send_response(code)
    h.send_header("Content-Type", "application/json")
    if content_length:
        h.send_header("Content-Length", str(len(body)))
    for k, v in headers:
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def answer(content="Answer", usage=None):
    def behave(h, method, body):
        send(h, 200, _chat_body(content, usage))

    return behave


# --------------------------------------------------------------------------- 6. redirects


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_cross_origin_redirect_is_refused_and_the_key_stays_home(serve, code):
    elsewhere = serve(answer("an answer from another host"))
    home = serve(lambda h, m, b: send(h, code, b"", [("Location", f"{elsewhere.url}/chat/completions")]))
    chat = adapters.OpenAIChat(home.url, "m", api_key="sk-secret-key", timeout=2, retries=2, backoff=0.01)
    with pytest.raises(adapters.EndpointError) as info:
        chat("hello")
    msg = str(info.value)
    assert home.origin in msg and elsewhere.origin in msg and "redirect" in msg
    assert "sk-secret-key" not in msg
    assert not any("Authorization" in hdrs or "authorization" in hdrs for _, _, hdrs in elsewhere.requests)
    assert elsewhere.requests == []
    assert len(home.requests) == 1, "a redirect is a broken contract, not worth retrying"


def test_same_origin_redirect_is_refused_too(serve):
    srv = serve(
        lambda h, m, b: (
            send(h, 302, b"", [("Location", "/v2/chat/completions")])
            if h.path.startswith("/v1")
            else send(h, 200, _chat_body("moved"))
        )
    )
    chat = adapters.OpenAIChat(srv.url, "m", timeout=2, retries=0)
    with pytest.raises(adapters.EndpointError, match="redirect"):
        chat("hello")
    assert [p for _, p, _ in srv.requests] == ["/v1/chat/completions"]


# --------------------------------------------------------------------------- 8. deadline and size cap


def _drip_body(h, method, body):
    payload = _chat_body("slow")
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(payload)))
    h.end_headers()
    t0 = time.monotonic()
    interval = 3.0 / len(payload)  # the whole body takes 3 s
    for i in range(len(payload)):
        if time.monotonic() - t0 > 3.5:
            return
        h.wfile.write(payload[i : i + 1])
        time.sleep(interval)


def _drip_headers(h, method, body):
    payload = _chat_body("slow")
    head = (
        f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nX-Padding: {'p' * 20}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    interval = 3.0 / len(head)
    t0 = time.monotonic()
    for i in range(len(head)):
        if time.monotonic() - t0 > 3.5:
            return
        h.wfile.write(head[i : i + 1])
        time.sleep(interval)
    h.wfile.write(payload)


@pytest.mark.parametrize("behave", [_drip_body, _drip_headers], ids=["body", "headers"])
def test_a_dripping_server_cannot_hold_a_call_past_its_deadline(serve, behave):
    srv = serve(behave)
    chat = adapters.OpenAIChat(srv.url, "m", timeout=0.5, retries=0)
    t0 = time.perf_counter()
    with pytest.raises(TimeoutError, match="0.5 s"):
        chat("hello")
    assert time.perf_counter() - t0 < 1.5


def test_deadline_applies_to_each_attempt_and_the_call_is_retried(serve):
    srv = serve(_drip_body)
    chat = adapters.OpenAIChat(srv.url, "m", timeout=0.3, retries=1, backoff=0.01)
    t0 = time.perf_counter()
    with pytest.raises(TimeoutError):
        chat("hello")
    assert time.perf_counter() - t0 < 1.5
    assert len(srv.requests) == 2


def _big(n, content_length=True):
    def behave(h, method, body):
        payload = b'{"choices": [{"message": {"content": "' + b"x" * n + b'"}}]}'
        send(h, 200, payload, content_length=content_length)

    return behave


@pytest.mark.parametrize("content_length", [True, False], ids=["declared", "undeclared"])
def test_an_oversized_body_is_refused(serve, content_length):
    srv = serve(_big(2_000_000, content_length))
    chat = adapters.OpenAIChat(srv.url, "m", timeout=5, retries=2, max_response_bytes=1_000_000)
    with pytest.raises(adapters.EndpointError, match="max_response_bytes"):
        chat("hello")
    assert len(srv.requests) == 1
    ok = adapters.OpenAIChat(srv.url, "m", timeout=5, retries=0, max_response_bytes=3_000_000)
    assert len(ok("hello").text) == 2_000_000


def test_the_default_size_cap_refuses_a_huge_body(serve):
    srv = serve(_big(12_000_000, content_length=False))
    with pytest.raises(adapters.EndpointError, match="max_response_bytes"):
        adapters.OpenAIChat(srv.url, "m", timeout=10, retries=0)("hello")


def test_size_cap_must_be_positive():
    with pytest.raises(ValueError, match="max_response_bytes"):
        adapters.OpenAIChat("http://127.0.0.1:1/v1", "m", max_response_bytes=0)


# --------------------------------------------------------------------------- 8. credentials in the URL


def _with_password(url: str) -> str:
    return url.replace("http://", f"http://alice:{SECRET}@")


def test_password_in_url_is_sent_as_basic_auth_and_never_shown(serve):
    srv = serve(answer("hi"))
    chat = adapters.OpenAIChat(_with_password(srv.url), "m", timeout=2, retries=0)
    assert SECRET not in repr(chat) and SECRET not in chat.url and SECRET not in json.dumps(chat.params)
    assert chat("hello").text == "hi"
    sent = srv.requests[0][2].get("Authorization")
    assert sent == "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()


def test_password_in_url_is_redacted_in_errors_logs_and_reports(serve, tmp_path):
    srv = serve(lambda h, m, b: send(h, 500, b'{"error": "boom"}'))
    chat = adapters.OpenAIChat(_with_password(srv.url), "m", timeout=2, retries=0)
    with pytest.raises(adapters.EndpointError) as info:
        chat("hello")
    assert SECRET not in str(info.value) and srv.origin in str(info.value)
    cs = cases.make_cases([{"id": "a", "input": "q", "expected": "x"}, {"id": "b", "input": "q2", "expected": "x"}])
    srv.behave = answer("x")
    log = tmp_path / "r.jsonl"
    run = runner.run_eval(cs, chat, [scorers.includes], results=log, retries=0)
    assert run.n_passed == 2
    files = report.write_report(tmp_path / "rep", [run])
    for path in (log, files.html, files.json, files.markdown):
        assert SECRET not in path.read_text(), path.name
    with pytest.raises(ValueError) as bad:
        adapters.OpenAIChat(f"ftp://alice:{SECRET}@127.0.0.1/v1", "m")
    assert SECRET not in str(bad.value) and "base_url" in str(bad.value)


def test_password_in_url_is_not_echoed_by_the_command_line(tmp_path, capsys):
    from aipm_kit.cli import main

    cs = tmp_path / "cases.jsonl"
    cs.write_text(json.dumps({"id": "a", "input": "q", "expected": "x"}) + "\n")
    rc = main(
        [
            "eval",
            "run",
            "--cases",
            str(cs),
            "--endpoint",
            f"http://alice:{SECRET}@127.0.0.1:9/v1",
            "--out",
            str(tmp_path / "o.jsonl"),
            "--timeout",
            "1",
            "--retries",
            "0",
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 2
    assert SECRET not in out + err and SECRET not in (tmp_path / "o.jsonl").read_text()


# --------------------------------------------------------------------------- 8. API key from the environment


def test_api_key_from_an_environment_variable(serve, tmp_path, capsys, monkeypatch):
    from aipm_kit.cli import main

    srv = serve(answer("x"))
    cs = tmp_path / "cases.jsonl"
    cs.write_text(json.dumps({"id": "a", "input": "q", "expected": "x"}) + "\n")
    monkeypatch.setenv("AIPM_TEST_KEY", "sk-from-env-123")
    rc = main(
        [
            "eval",
            "run",
            "--cases",
            str(cs),
            "--endpoint",
            srv.url,
            "--api-key-env",
            "AIPM_TEST_KEY",
            "--out",
            str(tmp_path / "o.jsonl"),
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert srv.requests[0][2].get("Authorization") == "Bearer sk-from-env-123"
    assert "sk-from-env-123" not in out + err + (tmp_path / "o.jsonl").read_text()

    monkeypatch.delenv("AIPM_TEST_KEY")
    rc = main(
        [
            "eval",
            "run",
            "--cases",
            str(cs),
            "--endpoint",
            srv.url,
            "--api-key-env",
            "AIPM_TEST_KEY",
            "--out",
            str(tmp_path / "o2.jsonl"),
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 2
    assert "AIPM_TEST_KEY" in err and "--api-key-env" in err and len(err.strip().splitlines()) == 1
    assert len(srv.requests) == 1, "no call is made without the key"


# --------------------------------------------------------------------------- 14. token counts


@pytest.mark.parametrize("field", ["prompt_tokens", "completion_tokens"])
@pytest.mark.parametrize("value", [-5, "10", 1.5, 10**12, True, [3], float("nan")])
def test_absurd_token_counts_are_refused_naming_the_field(serve, field, value):
    usage = {"prompt_tokens": 10, "completion_tokens": 5, field: value}
    srv = serve(
        lambda h, m, b: send(h, 200, json.dumps({"choices": [{"message": {"content": "x"}}], "usage": usage}).encode())
    )
    chat = adapters.OpenAIChat(srv.url, "m", timeout=2, retries=2, price_in=1.0, price_out=1.0)
    with pytest.raises(adapters.EndpointError, match=f"usage.{field}"):
        chat("hello")
    assert len(srv.requests) == 1


@pytest.mark.parametrize(
    "usage, expected_cost",
    [
        ({"prompt_tokens": 1000, "completion_tokens": 500}, (1000 * 2.0 + 500 * 4.0) / 1000),
        ({"prompt_tokens": 0, "completion_tokens": 0}, 0.0),
        ({}, 0.0),
        (None, 0.0),
        ({"prompt_tokens": 10_000_000, "completion_tokens": 0}, 10_000_000 * 2.0 / 1000),
    ],
)
def test_plausible_token_counts_are_priced(serve, usage, expected_cost):
    srv = serve(answer("x", usage))
    chat = adapters.OpenAIChat(srv.url, "m", timeout=2, retries=0, price_in=2.0, price_out=4.0)
    assert chat("hello").cost_usd == pytest.approx(expected_cost)


# --------------------------------------------------------------------------- 5. Ctrl-C on the command line


def _slow_answers(h, method, body):
    time.sleep(0.1)
    msg = json.loads(body)["messages"][-1]["content"]
    send(h, 200, _chat_body(f"Answer: {msg}"))


def _rows(path: Path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


_ENTRY = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from aipm_kit.cli import main; sys.exit(main())"
)


def test_ctrl_c_stops_the_calls_writes_the_answers_and_resumes(serve, tmp_path):
    srv = serve(_slow_answers)
    n, workers = 60, 2
    cs = tmp_path / "cases.jsonl"
    cs.write_text(
        "".join(
            json.dumps({"id": f"c{i:02d}", "input": f"question {i}", "expected": f"question {i}"}) + "\n"
            for i in range(n)
        )
    )
    out = tmp_path / "runs" / "live.jsonl"
    args = [
        sys.executable,
        "-c",
        _ENTRY,
        "eval",
        "run",
        "--cases",
        str(cs),
        "--endpoint",
        srv.url,
        "--model",
        "m",
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--timeout",
        "5",
        "--retries",
        "0",
    ]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (out.exists() and len(_rows(out)) >= 5):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "interrupted" in lines[0] and "resume" in lines[0] and str(out) in lines[0]
    rows = _rows(out)
    with srv.lock:
        asked = len(srv.requests)
    assert len(rows) < n
    assert asked <= len(rows) + workers, f"{asked} calls made for {len(rows)} rows written"
    assert len({r["case_id"] for r in rows}) == len(rows) and all(r["status"] == "ok" for r in rows)

    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    with srv.lock:
        again = len(srv.requests) - asked
    assert again == n - len(rows), "the resumed run pays only for the cases not yet written"
    assert sorted(r["case_id"] for r in _rows(out)) == [f"c{i:02d}" for i in range(n)]


# --------------------------------------------------------------------------- proxies from the environment


def test_http_proxy_from_the_environment_is_used(serve, monkeypatch):
    proxy = serve(answer("via the proxy"))
    for var in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", f"http://{proxy.origin}")
    chat = adapters.OpenAIChat("http://localhost:9/v1", "m", timeout=2, retries=0)  # port 9: nothing listens
    assert chat("hello").text == "via the proxy"
    method, path, headers = proxy.requests[0]
    assert method == "POST" and path == "http://localhost:9/v1/chat/completions"
    assert headers.get("Host") == "localhost:9"
    monkeypatch.setenv("no_proxy", "localhost")
    with pytest.raises(adapters.EndpointError, match="connection failed"):
        chat("hello")  # bypassed: straight to the closed port
    assert len(proxy.requests) == 1
