"""The real-agent adapter, driven through a multi-step tool-calling conversation by a server on 127.0.0.1.

The server plays a recorded conversation: each POST gets the next recorded reply, and the test
checks what the agent sent back (the tool results the store returned), so the adapter is tested
end to end over real HTTP: request format, tool calls, tool messages and the final answer.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from aipm_kit import agents
from aipm_kit.agents.chat import ChatAgent
from aipm_kit.evals.endpoint import OpenAIChat

pytestmark = pytest.mark.timeout(60)


def _tool_reply(i: int, name: str, arguments: dict) -> dict:
    return {
        "choices": [
            {
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": f"call_{i}",
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(arguments)},
                        }
                    ],
                }
            }
        ],
        "usage": {"prompt_tokens": 500, "completion_tokens": 20},
    }


def _text_reply(text: str) -> dict:
    return {
        "choices": [{"message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 600, "completion_tokens": 30},
    }


class Recorded:
    """A recorded conversation: the replies in order, and every request the server received."""

    def __init__(self, replies: list):
        self.replies, self.requests, self.lock = list(replies), [], threading.Lock()


@pytest.fixture
def server():
    started = []

    def start(replies):
        script = Recorded(replies)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with script.lock:
                    script.requests.append(body)
                    reply = script.replies.pop(0) if script.replies else _text_reply("(no more recorded replies)")
                data = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/v1", script

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def store():
    world, tasks = agents.load_store_tasks()
    return world, next(t for t in tasks if t.intent == "refund")


def test_a_recorded_tool_calling_conversation_refunds_the_order(server, store):
    world, task = store
    calls = [(c["name"], c["arguments"]) for c in task.reference_calls]
    replies = [_tool_reply(i, name, args) for i, (name, args) in enumerate(calls)] + [
        _text_reply(f"Your order {task.user['order_id']} has been refunded.")
    ]
    url, script = server(replies)
    agent = ChatAgent(OpenAIChat(url, "recorded", timeout=5, retries=0, price_in=0.001, price_out=0.002))
    trial = agents.run_agent(agent, [task], world, trials=1).trials[0]
    assert trial.success and trial.state_ok and not trial.violations
    assert trial.tool_precision == trial.tool_recall == 1
    assert trial.steps == len(calls) + 1
    assert trial.cost == pytest.approx(len(calls) * (0.5 * 0.001 + 0.02 * 0.002) + (0.6 * 0.001 + 0.03 * 0.002))
    first = script.requests[0]
    assert first["messages"][0]["role"] == "system" and first["messages"][1]["content"] == task.instruction
    assert {t["function"]["name"] for t in first["tools"]} == set(agents.TOOLS)
    # each later request carries the assistant's tool call and the store's answer to it, matched by id
    last = script.requests[-1]["messages"]
    tool_messages = [m for m in last if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_messages] == [f"call_{i}" for i in range(len(calls))]
    assert json.loads(tool_messages[1]["content"]) == {"verified": True}
    assert json.loads(tool_messages[-1]["content"])["status"] == "refunded"


def test_a_model_that_breaks_policy_is_caught_on_the_end_state_and_the_calls(server, store):
    world, task = store
    # skips verification and says it verified: the words look right, the calls do not
    replies = [
        _tool_reply(0, "refund_order", {"order_id": task.user["order_id"], "reason": "asked"}),
        _text_reply("I verified your identity and refunded the order."),
    ]
    url, _ = server(replies)
    trial = agents.run_agent(
        ChatAgent(OpenAIChat(url, "recorded", timeout=5, retries=0)), [task], world, trials=1
    ).trials[0]
    assert trial.state_ok and trial.violations == ("verify_first",) and not trial.success


def test_a_model_that_never_stops_calling_tools_is_cut_at_max_steps(server, store):
    world, task = store
    replies = [_tool_reply(i, "get_order", {"order_id": task.user["order_id"]}) for i in range(10)]
    url, script = server(replies)
    trial = agents.run_agent(
        ChatAgent(OpenAIChat(url, "recorded", timeout=5, retries=0), max_steps=3), [task], world, trials=1
    ).trials[0]
    assert not trial.success and "max_steps=3" in trial.error and len(script.requests) == 3


def test_a_malformed_tool_call_is_a_failed_trial_that_says_why(server, store):
    world, task = store
    bad = {"choices": [{"message": {"role": "assistant", "tool_calls": [{"function": {"name": "get_order"}}]}}]}
    url, _ = server([bad])
    trial = agents.run_agent(
        ChatAgent(OpenAIChat(url, "recorded", timeout=5, retries=0)), [task], world, trials=1
    ).trials[0]
    assert not trial.success and "malformed tool call" in trial.error


def test_chat_agent_names_a_bad_argument():
    with pytest.raises(TypeError, match="endpoint must be an OpenAIChat"):
        ChatAgent("http://127.0.0.1:1/v1")
    with pytest.raises(ValueError, match="max_steps must be a whole number >= 1"):
        ChatAgent(OpenAIChat("http://127.0.0.1:1/v1", "m"), max_steps=0)


def test_the_command_line_runs_a_chat_agent_against_the_endpoint(server, store, tmp_path, capsys):
    from aipm_kit.agents.log import read_log
    from aipm_kit.evals.cli import main

    world, task = store
    calls = [(c["name"], c["arguments"]) for c in task.reference_calls]
    replies = [_tool_reply(i, name, args) for i, (name, args) in enumerate(calls)] + [
        _text_reply(f"Your order {task.user['order_id']} has been refunded.")
    ]
    url, script = server(replies)
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(json.dumps(task.to_dict()) + "\n")
    out = tmp_path / "chat.jsonl"
    code = main(
        [
            "run",
            "--agent",
            "chat",
            "--endpoint-url",
            url,
            "--model",
            "recorded",
            "--tasks",
            str(tasks),
            "--trials",
            "1",
            "--k",
            "1",
            "--retries",
            "0",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr()
    assert len(script.requests) == len(calls) + 1  # every step went over HTTP to the server
    ((row, _),) = read_log(out)
    assert row["task_id"] == task.id and row["success"], row
