"""A small store's back office, held in memory, for evaluating tool-using agents.

The world is simulated and written for the kit: customers and their orders, a day counter, and
the policy a support agent must keep while it works:

* ``verify_first``: a customer's identity is verified (:func:`verify_identity` with the postcode
  on file) before any change to that customer's orders;
* ``refund_window``: refunds only for delivered orders, at most :data:`REFUND_WINDOW_DAYS` days
  after delivery;
* ``before_shipping``: address changes and cancellations only while an order is processing.

The tools do what they are told, as a back office that trusts its agent does: a call that breaks
the policy still changes the state, and :class:`Environment` records the breach. That is how a
policy breach reaches a customer, and why an evaluation must look at the calls and the end state,
not only at the agent's last message.

Each tool is a plain function with a JSON-schema signature (:data:`TOOLS`), the form an
OpenAI-compatible chat endpoint expects in its ``tools`` field.
"""

from __future__ import annotations

# Every name the module had, the private helpers too.
# ruff: noqa: F401
from .environment import FREE_TEXT_ARGUMENTS, Environment, ToolCall, canonical_call
from .policy import POLICIES, REFUND_WINDOW_DAYS
from .tools import (
    TOOLS,
    Tool,
    ToolError,
    _order,
    _params,
    _settled,
    _string,
    cancel_order,
    change_address,
    find_customer,
    get_order,
    list_orders,
    refund_order,
    search_help,
    tool_schemas,
    verify_identity,
)

__all__ = [
    "REFUND_WINDOW_DAYS",
    "POLICIES",
    "Tool",
    "TOOLS",
    "ToolCall",
    "Environment",
    "tool_schemas",
    "canonical_call",
]
