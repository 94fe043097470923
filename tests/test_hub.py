"""The course on a real JupyterHub, on 127.0.0.1: three learners at once, each in their own workspace.

Starts ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` (shared-password mode) with its proxy,
creates three learners, starts their servers concurrently, and through each learner's Jupyter server
API (contents, a session with its kernel, and the kernel's websocket) writes a small notebook into the learner's workspace,
executes it cell by cell, and saves the outputs. Then it checks that each learner's workspace holds
the student copies and only that learner's own result, and stops everything it started. Loopback only;
every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
LEARNERS = ["ada", "ben", "cy"]

pytestmark = pytest.mark.timeout(420)


def _proxy() -> str | None:
    local = REPO / ".venv" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
    return shutil.which("configurable-http-proxy") or (str(local) if local.exists() else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def api(self, method: str, path: str, body=None, *, timeout: float = 30.0):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return json.loads(raw) if raw else None


def _wait(check, what: str, seconds: float):
    end = time.monotonic() + seconds
    last = None
    while time.monotonic() < end:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - keep waiting, report the last reason
            last = exc
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what} (last: {last!r})")


@pytest.fixture
def hub(tmp_path):
    if _proxy() is None:
        pytest.skip("configurable-http-proxy is not installed (make setup installs it from npm)")
    pytest.importorskip("jupyterhub")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "AIPM_HUB_URL": f"http://127.0.0.1:{port}",
        "AIPM_HUB_PASSWORD": secrets.token_hex(8),
        "AIPM_HUB_ROOT": str(tmp_path / "learners"),
        "AIPM_HUB_STATE": str(tmp_path / "state"),
        "AIPM_HUB_ADMIN_TOKEN": token,
        "PATH": f"{Path(_proxy()).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("MPLBACKEND", None)
    api_port = _free_port()
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jupyterhub")),
            "-f",
            str(CONFIG),
            f"--JupyterHub.hub_port={api_port}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{_free_port()}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    h = Hub(f"http://127.0.0.1:{port}", token)
    try:
        _wait(lambda: h.api("GET", "/hub/api/") is not None, "the hub's API", 90)
        yield h, tmp_path
    finally:
        for name in LEARNERS:
            try:
                h.api("DELETE", f"/hub/api/users/{name}/server", timeout=10)
            except Exception:  # noqa: BLE001
                pass
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        pid_file = tmp_path / "state" / "proxy.pid"  # the proxy runs in its own session: stop it too
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass


def _learner_notebook(name: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import os, pathlib\nfrom aipm_kit.evals.stats import wilson_interval"),
        nbformat.v4.new_code_cell(
            f"iv = wilson_interval({len(name)}, 10)\n"
            f"pathlib.Path('result.txt').write_text('{name}: ' + format(iv.low, '.4f'))\n"
            "print(os.environ.get('JUPYTERHUB_USER'), round(iv.low, 4))"
        ),
    ]
    return nb


def _as_json(nb) -> dict:
    return json.loads(nbformat.writes(nb))


async def _execute(hub: Hub, name: str) -> list[str]:
    """Run the learner's notebook through their server: contents API, a session, its kernel's websocket; save."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    base = f"/user/{name}/api"
    headers = {"Authorization": f"token {hub.token}"}
    loop = asyncio.get_running_loop()
    call = lambda *a, **k: loop.run_in_executor(None, lambda: hub.api(*a, **k))  # noqa: E731
    await call("PUT", f"{base}/contents/mine.ipynb", {"type": "notebook", "content": _as_json(_learner_notebook(name))})
    # a session, as JupyterLab opens a notebook: its kernel starts in the notebook's folder
    session = await call(
        "POST",
        f"{base}/sessions",
        {"path": "mine.ipynb", "type": "notebook", "name": "mine.ipynb", "kernel": {"name": "python3"}},
    )
    kernel = session["kernel"]
    ws_url = hub.url.replace("http://", "ws://") + f"{base}/kernels/{kernel['id']}/channels"
    conn = await websocket_connect(HTTPRequest(ws_url, headers=headers, connect_timeout=30, request_timeout=60))
    nb = _learner_notebook(name)
    printed = []
    try:
        for cell in nb.cells:
            msg_id = uuid.uuid4().hex
            await conn.write_message(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "username": name,
                            "session": uuid.uuid4().hex,
                            "msg_type": "execute_request",
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "content": {
                            "code": cell.source,
                            "silent": False,
                            "store_history": True,
                            "user_expressions": {},
                            "allow_stdin": False,
                            "stop_on_error": True,
                        },
                        "channel": "shell",
                    }
                )
            )
            while True:
                raw = await asyncio.wait_for(conn.read_message(), timeout=120)
                assert raw is not None, f"{name}: the kernel's websocket closed"
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "stream":
                    cell.outputs.append(
                        nbformat.v4.new_output("stream", name=msg["content"]["name"], text=msg["content"]["text"])
                    )
                    printed.append(msg["content"]["text"])
                elif kind == "error":
                    raise AssertionError(f"{name}: {msg['content']['ename']}: {msg['content']['evalue']}")
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
    finally:
        conn.close()
        await call("DELETE", f"{base}/sessions/{session['id']}")
    await call("PUT", f"{base}/contents/mine.ipynb", {"type": "notebook", "content": _as_json(nb)})
    return printed


def test_three_learners_work_at_once_each_in_their_own_workspace(hub):
    h, tmp = hub
    for name in LEARNERS:
        h.api("POST", f"/hub/api/users/{name}")
    for name in LEARNERS:  # start all three, then wait for all: the spawns run concurrently
        h.api("POST", f"/hub/api/users/{name}/server")
    for name in LEARNERS:
        _wait(
            lambda n=name: h.api("GET", f"/hub/api/users/{n}")["servers"].get("", {}).get("ready"),
            f"{name}'s server",
            180,
        )

    async def everyone():
        return await asyncio.gather(*(_execute(h, name) for name in LEARNERS))

    printed = asyncio.run(everyone())
    root = tmp / "learners"
    course = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name, out in zip(LEARNERS, printed):
        workspace = root / name / "workspace"
        # the workspace was made from the student copies on first login: every notebook, no solutions
        assert sorted(p.name for p in workspace.glob("[0-9][0-9]_*.ipynb")) == course
        assert "BEGIN SOLUTION" not in (workspace / course[0]).read_text(encoding="utf-8")
        # the learner's own kernel ran in the learner's own folder, as the learner
        assert out and out[-1].split()[0] == name
        assert (workspace / "result.txt").read_text().startswith(f"{name}: ")
        saved = nbformat.read(str(workspace / "mine.ipynb"), as_version=4)
        assert saved.cells[1].outputs and saved.cells[1].outputs[0]["text"].startswith(name)
        others = [n for n in LEARNERS if n != name]
        assert not any(n in (workspace / "result.txt").read_text() for n in others)
