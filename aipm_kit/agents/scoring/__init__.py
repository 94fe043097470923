"""Score agent trials on outcomes and reliability, and decide a release on intervals.

A trial succeeds when the episode leaves the orders exactly as the task's right outcome would
(end-state comparison: a right-sounding message over a wrong state fails), its last message
contains the words a question needs, no policy rule was broken on the way, and the agent
answered before the call limit cut it off (a looping agent leaves the customer with no answer,
even when it changed nothing it should not have).

Reliability over repeated trials uses the unbiased estimators from ``n`` trials of a task with
``c`` successes:

* **pass@k** = 1 - C(n-c, k) / C(n, k): the chance that at least one of ``k`` fresh trials succeeds
  (the chance a user who retries ``k`` times gets through once);
* **pass^k** = C(c, k) / C(n, k): the chance that all ``k`` succeed (the chance the agent is right
  every time a customer comes back, the number that matters for a support agent).

Both are averaged over tasks, with a percentile-bootstrap interval over tasks (tasks are the unit
sampled; trials within a task are not independent evidence about other tasks).

>>> pass_at_k(n=4, c=2, k=2), pass_hat_k(n=4, c=2, k=2)
(0.8333333333333334, 0.16666666666666666)
"""

from __future__ import annotations

# Every name the module had, the private helpers too.
# ruff: noqa: F401
from .gate import agent_release_gate
from .passk import _boot, _check_nck, _per_task, compare_agents, pass_at_k, pass_hat_k, reliability
from .tables import policy_table, share_over_tasks, tool_table, trajectory_html
from .trials import AgentRun, Trial, _tool_match, run_agent, score_episode

__all__ = [
    "pass_at_k",
    "pass_hat_k",
    "Trial",
    "AgentRun",
    "run_agent",
    "score_episode",
    "reliability",
    "policy_table",
    "share_over_tasks",
    "tool_table",
    "compare_agents",
    "agent_release_gate",
    "trajectory_html",
]
