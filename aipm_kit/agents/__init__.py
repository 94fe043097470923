"""Evaluating tool-using agents: a simulated store, tasks judged on end state, and pass^k.

Modules, in the order an evaluation uses them:

* :mod:`~aipm_kit.agents.world`: the store's back office (customers, orders, the policy) and its
  tools, with JSON-schema signatures; :class:`~aipm_kit.agents.world.Environment` runs one episode
  and records every call and every policy breach;
* :mod:`~aipm_kit.agents.tasks`: tasks (a user's request, the end state it should leave, the
  reference calls) and the shipped set;
* :mod:`~aipm_kit.agents.scripted`: a scripted agent with seeded failure modes (reproducible offline);
* :mod:`~aipm_kit.agents.chat`: a real agent behind an OpenAI-compatible chat endpoint with tool calls;
* :mod:`~aipm_kit.agents.scoring`: end-state scoring, pass@k and pass^k with intervals over tasks,
  policy and tool tables, paired comparison and the release gate.

Everything shipped is simulated and written for the kit.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "Environment": "world",
    "TOOLS": "world",
    "POLICIES": "world",
    "tool_schemas": "world",
    "Task": "tasks",
    "load_tasks": "tasks",
    "load_world": "tasks",
    "load_store_tasks": "tasks",
    "ScriptedAgent": "scripted",
    "AgentVersion": "scripted",
    "VERSIONS": "scripted",
    "Episode": "scripted",
    "ChatAgent": "chat",
    "pass_at_k": "scoring",
    "pass_hat_k": "scoring",
    "run_agent": "scoring",
    "reliability": "scoring",
    "policy_table": "scoring",
    "tool_table": "scoring",
    "compare_agents": "scoring",
    "agent_release_gate": "scoring",
    "trajectory_html": "scoring",
    "AgentRun": "scoring",
}
_MODULES = ["world", "tasks", "scripted", "chat", "scoring", "log", "report"]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _MODULES)
