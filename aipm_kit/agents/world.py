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

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

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

#: Days after delivery within which a refund is allowed.
REFUND_WINDOW_DAYS = 30
#: The policy rules, by name, in the words a support agent's guideline would use.
POLICIES = {
    "verify_first": "verify the customer's identity (postcode on file) before changing any of their orders",
    "refund_window": f"refund only delivered orders, within {REFUND_WINDOW_DAYS} days of delivery",
    "before_shipping": "change an address or cancel an order only while it is still processing",
}


@dataclass(frozen=True)
class Tool:
    """One back-office tool: its name, what it does, its JSON-schema parameters and whether it writes.

    Parameters
    ----------
    name : str
        The name an agent calls it by (``"refund_order"``).
    description : str
        What it does, in the words a model reads in its ``tools`` field.
    parameters : mapping
        The JSON schema of its arguments (an ``object`` of string properties, all required).
    fn : callable
        ``fn(env, **arguments)``: runs the call in an :class:`Environment` and returns JSON-serialisable data,
        or raises :class:`ToolError`. Not part of the tool's repr or equality.
    writes : bool, default False
        Whether it changes an order (only such calls are checked against the policy).

    Examples
    --------
    >>> tool = TOOLS["cancel_order"]
    >>> tool.writes, tool.schema()["function"]["parameters"]["required"]
    (True, ['order_id'])
    """

    name: str
    description: str
    parameters: Mapping[str, Any]
    fn: Callable[..., Any] = field(repr=False, compare=False)
    writes: bool = False

    def schema(self) -> dict:
        """The tool in the OpenAI ``tools`` format: ``{"type": "function", "function": {...}}``."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": copy.deepcopy(dict(self.parameters)),
            },
        }


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


class ToolError(Exception):
    """A tool refused the call (unknown order, wrong argument): the agent sees the message.

    Raised with the message as its one argument; :meth:`Environment.call` catches it and returns
    ``{"error": message}`` to the agent.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world())
    >>> env.call("get_order", {"order_id": "W9"})
    {'error': "no order 'W9'"}
    """


def _string(name: str, description: str) -> dict:
    return {"type": "string", "description": description}


def _params(**props: dict) -> dict:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


# --- the tools: each takes the environment and keyword arguments, returns JSON-serialisable data ---------------


def _order(env: Environment, order_id: str, *, write: bool = False) -> dict:
    order = env.order(order_id)
    if order is None:
        raise ToolError(f"no order {order_id!r}")
    if write:  # copy on write: the world's own orders are never changed
        order = env.changed[order_id] = dict(order)
    return order


def find_customer(env: Environment, email: str) -> dict:
    """The tool ``find_customer``: the customer whose email is ``email`` (case and outer spaces ignored).

    Parameters
    ----------
    env : Environment
        The episode.
    email : str
        The address the customer gave.

    Returns
    -------
    dict
        ``{"customer_id", "name"}``.

    Raises
    ------
    ToolError
        When no customer has that email.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> find_customer(Environment(load_world()), " Nia.Petrov11@example.com")
    {'customer_id': 'C011', 'name': 'Nia Petrov'}
    """
    for cid, customer in env.customers.items():
        if customer["email"].lower() == email.strip().lower():
            return {"customer_id": cid, "name": customer["name"]}
    raise ToolError(f"no customer with email {email!r}")


def verify_identity(env: Environment, customer_id: str, postcode: str) -> dict:
    """The tool ``verify_identity``: check a postcode against the one on file, ignoring case and spaces.

    A match marks the customer verified for the rest of the episode (the ``verify_first`` rule).

    Parameters
    ----------
    env : Environment
        The episode.
    customer_id : str
        From :func:`find_customer`.
    postcode : str
        The postcode the customer gave.

    Returns
    -------
    dict
        ``{"verified": bool}``.

    Raises
    ------
    ToolError
        When there is no such customer.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world())
    >>> verify_identity(env, "C011", "mc196sg"), verify_identity(env, "C011", "AB1 2CD")
    ({'verified': True}, {'verified': False})
    >>> sorted(env.verified)
    ['C011']
    """
    customer = env.customers.get(customer_id)
    if customer is None:
        raise ToolError(f"no customer {customer_id!r}")
    ok = customer["postcode"].replace(" ", "").upper() == postcode.replace(" ", "").upper()
    if ok:
        env.verified.add(customer_id)
    return {"verified": ok}


def list_orders(env: Environment, customer_id: str) -> dict:
    """The tool ``list_orders``: a customer's order ids, sorted.

    Parameters
    ----------
    env : Environment
        The episode.
    customer_id : str
        From :func:`find_customer`.

    Returns
    -------
    dict
        ``{"orders": [order_id, ...]}``.

    Raises
    ------
    ToolError
        When there is no such customer.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> list_orders(Environment(load_world()), "C011")
    {'orders': ['W1041', 'W1042', 'W1043', 'W1044']}
    """
    if customer_id not in env.customers:
        raise ToolError(f"no customer {customer_id!r}")
    return {"orders": sorted(oid for oid, o in env.orders.items() if o["customer_id"] == customer_id)}


def get_order(env: Environment, order_id: str) -> dict:
    """The tool ``get_order``: an order as it stands in this episode, with today's day number.

    Parameters
    ----------
    env : Environment
        The episode.
    order_id : str
        For example ``"W1042"``.

    Returns
    -------
    dict
        ``customer_id``, ``status``, ``item``, ``amount``, ``address``, ``delivered_day`` (None before
        delivery) and ``today``.

    Raises
    ------
    ToolError
        When there is no such order.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> order = get_order(Environment(load_world()), "W1042")
    >>> order["status"], order["today"] - order["delivered_day"]
    ('delivered', 4)
    """
    order = _order(env, order_id)
    shown = {k: order[k] for k in ("customer_id", "status", "item", "amount", "address", "delivered_day")}
    shown["today"] = env.today
    return shown


def _settled(order: dict, order_id: str) -> None:
    if order["status"] in ("refunded", "cancelled"):
        raise ToolError(f"order {order_id} is already {order['status']}")


def refund_order(env: Environment, order_id: str, reason: str) -> dict:
    """The tool ``refund_order``: refund an order in full (its status becomes ``refunded``).

    It does what it is told: a refund that breaks the policy still happens, and :class:`Environment` records
    the breach when the call goes through :meth:`Environment.call`.

    Parameters
    ----------
    env : Environment
        The episode (only its copy of the order changes).
    order_id : str
        The order to refund.
    reason : str
        Why, in the agent's words (left out when calls are matched, see :func:`canonical_call`).

    Returns
    -------
    dict
        ``{"order_id", "status": "refunded", "refunded_amount"}``.

    Raises
    ------
    ToolError
        When there is no such order, or it is already refunded or cancelled.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world())
    >>> refund_order(env, "W1042", "damaged")
    {'order_id': 'W1042', 'status': 'refunded', 'refunded_amount': 160.55}
    >>> refund_order(env, "W1042", "again")
    Traceback (most recent call last):
    ...
    aipm_kit.agents.world.ToolError: order W1042 is already refunded
    """
    _settled(_order(env, order_id), order_id)
    order = _order(env, order_id, write=True)
    order["status"] = "refunded"
    return {"order_id": order_id, "status": "refunded", "refunded_amount": order["amount"]}


def change_address(env: Environment, order_id: str, address: str) -> dict:
    """The tool ``change_address``: set an order's delivery address (outer spaces stripped).

    Parameters
    ----------
    env : Environment
        The episode (only its copy of the order changes).
    order_id : str
        The order.
    address : str
        The new address.

    Returns
    -------
    dict
        ``{"order_id", "address"}``.

    Raises
    ------
    ToolError
        When there is no such order.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> change_address(Environment(load_world()), "W1042", " 2 Mill Lane ")
    {'order_id': 'W1042', 'address': '2 Mill Lane'}
    """
    order = _order(env, order_id, write=True)
    order["address"] = address.strip()
    return {"order_id": order_id, "address": order["address"]}


def cancel_order(env: Environment, order_id: str) -> dict:
    """The tool ``cancel_order``: cancel an order (its status becomes ``cancelled``).

    Parameters
    ----------
    env : Environment
        The episode (only its copy of the order changes).
    order_id : str
        The order.

    Returns
    -------
    dict
        ``{"order_id", "status": "cancelled"}``.

    Raises
    ------
    ToolError
        When there is no such order, or it is already refunded or cancelled.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world())
    >>> env.call("cancel_order", {"order_id": "W1042"})  # delivered, and nobody verified: two breaches
    {'order_id': 'W1042', 'status': 'cancelled'}
    >>> env.violations
    ['verify_first', 'before_shipping']
    """
    _settled(_order(env, order_id), order_id)
    order = _order(env, order_id, write=True)
    order["status"] = "cancelled"
    return {"order_id": order_id, "status": "cancelled"}


def search_help(env: Environment, query: str) -> dict:
    """The tool ``search_help``: the two help articles sharing most words with ``query`` (none without a shared word).

    Parameters
    ----------
    env : Environment
        The episode.
    query : str
        A few words (compared without case).

    Returns
    -------
    dict
        ``{"articles": [{"id", "text"}, ...]}``, at most two.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> env = Environment(load_world())
    >>> [a["id"] for a in search_help(env, "delivered order")["articles"]]
    ['H1', 'H4']
    >>> search_help(env, "zebra")
    {'articles': []}
    """
    words = set(query.lower().split())
    scored = sorted(((len(words & set(a["text"].lower().split())), aid) for aid, a in env.help.items()), reverse=True)
    return {"articles": [{"id": aid, "text": env.help[aid]["text"]} for hits, aid in scored[:2] if hits]}


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in [
        Tool(
            "find_customer",
            "Look up a customer by email address.",
            _params(email=_string("email", "the customer's email address")),
            find_customer,
        ),
        Tool(
            "verify_identity",
            "Check the postcode a customer gives against the one on file.",
            _params(
                customer_id=_string("customer_id", "from find_customer"),
                postcode=_string("postcode", "the postcode the customer gave"),
            ),
            verify_identity,
        ),
        Tool(
            "list_orders",
            "List a customer's order ids.",
            _params(customer_id=_string("customer_id", "from find_customer")),
            list_orders,
        ),
        Tool(
            "get_order",
            "Read an order: status, item, amount, address, delivery day and today's day.",
            _params(order_id=_string("order_id", "for example W1001")),
            get_order,
        ),
        Tool(
            "refund_order",
            "Refund an order in full.",
            _params(
                order_id=_string("order_id", "the order to refund"), reason=_string("reason", "why, in a few words")
            ),
            refund_order,
            writes=True,
        ),
        Tool(
            "change_address",
            "Change an order's delivery address.",
            _params(order_id=_string("order_id", "the order"), address=_string("address", "the new address")),
            change_address,
            writes=True,
        ),
        Tool(
            "cancel_order",
            "Cancel an order.",
            _params(order_id=_string("order_id", "the order")),
            cancel_order,
            writes=True,
        ),
        Tool(
            "search_help",
            "Search the help centre's articles.",
            _params(query=_string("query", "a few words")),
            search_help,
        ),
    ]
}


def tool_schemas() -> list[dict]:
    """Every tool in the OpenAI ``tools`` format, in a fixed order.

    Returns
    -------
    list of dict
        One ``{"type": "function", "function": {...}}`` per tool of :data:`TOOLS` (fresh copies).

    Examples
    --------
    >>> [t["function"]["name"] for t in tool_schemas()][:3]
    ['find_customer', 'verify_identity', 'list_orders']
    """
    return [t.schema() for t in TOOLS.values()]


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
