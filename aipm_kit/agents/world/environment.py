"""One episode of the store: :class:`Environment` runs tool calls, records them and every policy breach.

Each call is kept as a :class:`ToolCall`; :func:`canonical_call` turns one into a key for matching with a
task's reference calls.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .policy import REFUND_WINDOW_DAYS
from .tools import TOOLS, ToolError


@dataclass(frozen=True)
class ToolCall:
    """One call an agent made: the tool, its arguments, what came back, and any policy it broke.

    Parameters
    ----------
    name : str
        The tool called (possibly one that does not exist: the call is still recorded).
    arguments : mapping
        The arguments as the agent sent them.
    result : object
        What the tool returned (None when the call was refused).
    error : str, default ""
        Why the call was refused, as the agent read it; empty when it ran.
    violations : tuple of str, default ()
        The rules of :data:`POLICIES` the call broke.

    Examples
    --------
    >>> call = ToolCall("get_order", {"order_id": "W1"}, None, error="no order 'W1'")
    >>> call.to_dict()
    {'name': 'get_order', 'arguments': {'order_id': 'W1'}, 'result': None, 'error': "no order 'W1'", 'violations': []}
    """

    name: str
    arguments: Mapping[str, Any]
    result: Any
    error: str = ""
    violations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "arguments": dict(self.arguments),
            "result": self.result,
            "error": self.error,
            "violations": list(self.violations),
        }


#: Arguments written in the agent's own words, left out when calls are matched with the reference.
FREE_TEXT_ARGUMENTS = frozenset({"reason", "query"})


def canonical_call(name: str, arguments: Mapping[str, Any]) -> tuple:
    """A call as a hashable key: arguments without case or extra spaces, free-text ones left out.

    Parameters
    ----------
    name : str
        The tool's name.
    arguments : mapping
        Its arguments; those in :data:`FREE_TEXT_ARGUMENTS` (``reason``, ``query``) are left out.

    Returns
    -------
    tuple
        ``(name, ((argument, value), ...))``, arguments sorted, each value lower-case with its runs of
        whitespace made one space.

    Examples
    --------
    >>> canonical_call("get_order", {"order_id": " w1001 "}) == canonical_call("get_order", {"order_id": "W1001"})
    True
    >>> canonical_call("refund_order", {"order_id": "W1", "reason": "late"}) == canonical_call(
    ...     "refund_order", {"order_id": "W1", "reason": "customer request"})
    True
    """
    return (
        name,
        tuple(
            sorted((k, " ".join(str(v).split()).lower()) for k, v in arguments.items() if k not in FREE_TEXT_ARGUMENTS)
        ),
    )


class Environment:
    """One episode: a private copy of the world, the calls made in it and the policy breaches.

    Parameters
    ----------
    world : mapping
        ``{"today": int, "customers": {...}, "orders": {...}, "help": {...}}`` (see
        ``datasets/agent_store/world.json``). It is read, never changed: an episode's changes are
        kept apart (copy on write), so thousands of trials can share one world.
    max_calls : int, default 30
        Calls allowed before the episode is cut (an agent that loops is stopped here).

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world(), max_calls=3)
    >>> env.call("find_customer", {"email": "nia.petrov11@example.com"})
    {'customer_id': 'C011', 'name': 'Nia Petrov'}
    >>> env.call("refund_order", '{"order_id": "W1042", "reason": "late"}')  # JSON text, as an endpoint sends
    {'order_id': 'W1042', 'status': 'refunded', 'refunded_amount': 160.55}
    >>> env.violations, env.order("W1042")["status"]
    (['verify_first'], 'refunded')
    >>> env.call("get_order", {"id": "W1042"})
    {'error': "get_order: missing ['order_id']; unknown ['id']"}
    >>> env.call("get_order", {"order_id": "W1042"}), env.cut
    ({'error': 'call limit of 3 reached; the episode is over'}, True)
    """

    def __init__(self, world: Mapping[str, Any], *, max_calls: int = 30):
        for key in ("today", "customers", "orders"):
            if key not in world:
                raise ValueError(f"world is missing {key!r}; it has {sorted(world)}")
        self.today = int(world["today"])
        self.customers = world["customers"]
        self.orders = world["orders"]
        self.changed: dict[str, dict] = {}
        self.help = dict(world.get("help", {}))
        self.verified: set[str] = set()
        self.calls: list[ToolCall] = []
        self.max_calls = int(max_calls)
        self.cut = False

    def _violations(self, name: str, args: Mapping[str, Any]) -> tuple[str, ...]:
        tool = TOOLS[name]
        if not tool.writes:
            return ()
        order = self.order(args.get("order_id", ""))
        if order is None:
            return ()
        found = []
        if order["customer_id"] not in self.verified:
            found.append("verify_first")
        if name == "refund_order" and (
            order["status"] != "delivered"
            or order["delivered_day"] is None
            or self.today - order["delivered_day"] > REFUND_WINDOW_DAYS
        ):
            found.append("refund_window")
        if name in ("change_address", "cancel_order") and order["status"] != "processing":
            found.append("before_shipping")
        return tuple(found)

    def call(self, name: str, arguments: Mapping[str, Any] | str | None = None) -> Any:
        """Run one tool call and return what the agent sees (``{"error": ...}`` when it is refused).

        ``arguments`` may be a mapping or the JSON text a chat endpoint sends. Wrong or missing
        arguments and unknown tools come back as errors the agent can read and correct; they are
        recorded as calls like any other.
        """
        if len(self.calls) >= self.max_calls:
            self.cut = True
            return {"error": f"call limit of {self.max_calls} reached; the episode is over"}
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments or "{}")
            except json.JSONDecodeError as exc:
                return self._record(name, {}, None, f"arguments are not valid JSON: {exc}")
        arguments = dict(arguments or {})
        tool = TOOLS.get(name)
        if tool is None:
            return self._record(name, arguments, None, f"no tool {name!r}; tools are {sorted(TOOLS)}")
        props = tool.parameters["properties"]
        missing = [p for p in tool.parameters["required"] if p not in arguments]
        extra = [a for a in arguments if a not in props]
        wrong = [a for a in arguments if a in props and not isinstance(arguments[a], str)]
        if missing or extra or wrong:
            why = "; ".join(
                filter(
                    None,
                    [missing and f"missing {missing}", extra and f"unknown {extra}", wrong and f"not strings {wrong}"],
                )
            )
            return self._record(name, arguments, None, f"{name}: {why}")
        violations = self._violations(name, arguments)
        try:
            result = tool.fn(self, **arguments)
        except ToolError as exc:
            return self._record(name, arguments, None, str(exc))
        return self._record(name, arguments, result, "", violations)

    def _record(self, name, arguments, result, error, violations=()) -> Any:
        self.calls.append(ToolCall(name, dict(arguments), result, error, tuple(violations)))
        return {"error": error} if error else result

    @property
    def violations(self) -> list[str]:
        """Every policy breach of the episode, in order (one entry per rule a call broke)."""
        return [v for c in self.calls for v in c.violations]

    def order(self, order_id: str) -> dict | None:
        """An order as it stands in this episode (``None`` when there is no such order)."""
        return self.changed.get(order_id) or self.orders.get(order_id)

    def orders_state(self) -> dict:
        """Every order as it stands now (the world's orders with this episode's changes)."""
        return {oid: copy.deepcopy(self.order(oid)) for oid in self.orders}
