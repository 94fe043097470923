"""A real agent: a model behind an OpenAI-compatible chat endpoint, working the store through tool calls.

:class:`ChatAgent` sends the store's policy as the system message, the task's request as the
user's message and the tools' JSON schemas; while the model answers with ``tool_calls`` it runs
each call in the episode's :class:`~aipm_kit.agents.world.Environment` and sends the result back
as a ``tool`` message; the first reply without tool calls is the agent's last message. A model
that keeps calling tools past ``max_steps`` is stopped there, and the trial says so.

The transport is :class:`~aipm_kit.evals.endpoint.OpenAIChat` (deadline per attempt, retries,
redirects refused, replies capped, credentials never shown), so a learner with a real model can
point the harness at it: ``ChatAgent(OpenAIChat("http://127.0.0.1:8000/v1", "my-model"))``.
"""

from __future__ import annotations

import json

from ..evals.endpoint import OpenAIChat
from .scripted import Episode
from .tasks import Task
from .world import POLICIES, Environment, tool_schemas

__all__ = ["ChatAgent", "SYSTEM_PROMPT"]

#: The support guideline the agent is given, built from the policy rules themselves.
SYSTEM_PROMPT = (
    "You are a support agent for an online store. Use the tools to look things up and to act. "
    "Keep these rules: "
    + "; ".join(f"{i}. {text}" for i, text in enumerate(POLICIES.values(), start=1))
    + ". If a request breaks a rule, do not act; explain the rule politely."
)


class ChatAgent:
    """A tool-calling model behind an OpenAI-compatible endpoint, as an agent for :func:`run_agent`.

    Parameters
    ----------
    endpoint : OpenAIChat
        The model's endpoint (its ``timeout``, ``retries`` and prices apply to every turn).
    system_prompt : str
        The guideline sent first (default :data:`SYSTEM_PROMPT`).
    max_steps : int, default 12
        Most model turns in one trial; a model still calling tools after it is stopped. A whole number >= 1.

    Raises
    ------
    TypeError
        When ``endpoint`` has no ``complete`` method.
    ValueError
        When ``max_steps`` is not a whole number >= 1.

    Examples
    --------
    A stand-in endpoint (any object with ``model``, ``url`` and ``complete(messages, tools)`` returning the
    reply, the raw response and the cost) shows the loop offline: one tool call, then the last message.

    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> class Scripted:
    ...     model, url = "stub", "http://127.0.0.1:8000/v1"
    ...     def complete(self, messages, tools):
    ...         if messages[-1]["role"] == "user":
    ...             call = {"id": "1", "function": {"name": "get_order", "arguments": '{"order_id": "W1042"}'}}
    ...             return {"content": None, "tool_calls": [call]}, {}, 0.001
    ...         return {"content": "It is " + messages[-1]["content"][:30]}, {}, 0.001
    >>> world, tasks = load_store_tasks()
    >>> agent = ChatAgent(Scripted(), max_steps=4)
    >>> env = Environment(world)
    >>> episode = agent(tasks[0], env)
    >>> agent.name, episode.steps, round(episode.cost, 3), [c.name for c in env.calls]
    ('chat-stub', 2, 0.002, ['get_order'])
    >>> episode.final
    'It is {"customer_id": "C011", "statu'
    """

    def __init__(self, endpoint: OpenAIChat, *, system_prompt: str = SYSTEM_PROMPT, max_steps: int = 12):
        if not hasattr(endpoint, "complete"):
            raise TypeError(f"endpoint must be an OpenAIChat (with .complete), got {type(endpoint).__name__}")
        if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
            raise ValueError(f"max_steps must be a whole number >= 1, got {max_steps!r}")
        self.endpoint, self.system_prompt, self.max_steps = endpoint, system_prompt, max_steps
        self.name = f"chat-{endpoint.model}"
        self.params = {
            "endpoint": endpoint.url,
            "model": endpoint.model,
            "max_steps": max_steps,
            "system": system_prompt,
        }

    def __repr__(self) -> str:
        return f"ChatAgent({self.endpoint!r}, max_steps={self.max_steps})"

    def __call__(self, task: Task, env: Environment, trial: int = 0) -> Episode:
        messages = [{"role": "system", "content": self.system_prompt}, {"role": "user", "content": task.instruction}]
        tools = tool_schemas()
        cost = 0.0
        for step in range(1, self.max_steps + 1):
            message, _, step_cost = self.endpoint.complete(messages, tools)
            cost += step_cost
            calls = message.get("tool_calls") or []
            if not calls:
                return Episode(str(message.get("content") or ""), step, cost)
            messages.append({"role": "assistant", "content": message.get("content"), "tool_calls": calls})
            for call in calls:
                result = env.call(call["function"]["name"], call["function"].get("arguments") or "{}")
                messages.append({"role": "tool", "tool_call_id": call["id"], "content": json.dumps(result)})
        return Episode("", self.max_steps, cost, f"stopped after max_steps={self.max_steps} turns still calling tools")
