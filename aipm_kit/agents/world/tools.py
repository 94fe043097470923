"""The back office's tools: plain functions of an episode, each with a JSON-schema signature.

:class:`Tool` pairs a function with its name, description and JSON-schema parameters; :data:`TOOLS` holds the
store's eight tools and :func:`tool_schemas` gives them in the OpenAI ``tools`` format. A tool that cannot do
what it is asked raises :class:`ToolError`, whose message the agent reads.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class _Episode(Protocol):
    """What a tool reads and changes of an episode: an :class:`~aipm_kit.agents.world.Environment`.

    Named here so that the tools need not import the environment that runs them.
    """

    today: int
    customers: Mapping[str, Any]
    orders: Mapping[str, Any]
    changed: dict[str, dict]
    help: dict
    verified: set[str]

    def order(self, order_id: str) -> dict | None: ...


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
        ``fn(env, **arguments)``: runs the call in an :class:`~aipm_kit.agents.world.Environment` and returns
        JSON-serialisable data, or raises :class:`ToolError`. Not part of the tool's repr or equality.
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


class ToolError(Exception):
    """A tool refused the call (unknown order, wrong argument): the agent sees the message.

    Raised with the message as its one argument; :meth:`~aipm_kit.agents.world.Environment.call` catches it
    and returns ``{"error": message}`` to the agent.

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_world
    >>> from aipm_kit.agents.world import Environment
    >>> env = Environment(load_world())
    >>> env.call("get_order", {"order_id": "W9"})
    {'error': "no order 'W9'"}
    """


def _string(name: str, description: str) -> dict:
    return {"type": "string", "description": description}


def _params(**props: dict) -> dict:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


# --- the tools: each takes the environment and keyword arguments, returns JSON-serialisable data ---------------


def _order(env: _Episode, order_id: str, *, write: bool = False) -> dict:
    order = env.order(order_id)
    if order is None:
        raise ToolError(f"no order {order_id!r}")
    if write:  # copy on write: the world's own orders are never changed
        order = env.changed[order_id] = dict(order)
    return order


def find_customer(env: _Episode, email: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
    >>> find_customer(Environment(load_world()), " Nia.Petrov11@example.com")
    {'customer_id': 'C011', 'name': 'Nia Petrov'}
    """
    for cid, customer in env.customers.items():
        if customer["email"].lower() == email.strip().lower():
            return {"customer_id": cid, "name": customer["name"]}
    raise ToolError(f"no customer with email {email!r}")


def verify_identity(env: _Episode, customer_id: str, postcode: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
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


def list_orders(env: _Episode, customer_id: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
    >>> list_orders(Environment(load_world()), "C011")
    {'orders': ['W1041', 'W1042', 'W1043', 'W1044']}
    """
    if customer_id not in env.customers:
        raise ToolError(f"no customer {customer_id!r}")
    return {"orders": sorted(oid for oid, o in env.orders.items() if o["customer_id"] == customer_id)}


def get_order(env: _Episode, order_id: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
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


def refund_order(env: _Episode, order_id: str, reason: str) -> dict:
    """The tool ``refund_order``: refund an order in full (its status becomes ``refunded``).

    It does what it is told: a refund that breaks the policy still happens, and the episode records the breach
    when the call goes through :meth:`~aipm_kit.agents.world.Environment.call`.

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
    >>> from aipm_kit.agents.world import Environment
    >>> env = Environment(load_world())
    >>> refund_order(env, "W1042", "damaged")
    {'order_id': 'W1042', 'status': 'refunded', 'refunded_amount': 160.55}
    >>> refund_order(env, "W1042", "again")
    Traceback (most recent call last):
    ...
    aipm_kit.agents.world.tools.ToolError: order W1042 is already refunded
    """
    _settled(_order(env, order_id), order_id)
    order = _order(env, order_id, write=True)
    order["status"] = "refunded"
    return {"order_id": order_id, "status": "refunded", "refunded_amount": order["amount"]}


def change_address(env: _Episode, order_id: str, address: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
    >>> change_address(Environment(load_world()), "W1042", " 2 Mill Lane ")
    {'order_id': 'W1042', 'address': '2 Mill Lane'}
    """
    order = _order(env, order_id, write=True)
    order["address"] = address.strip()
    return {"order_id": order_id, "address": order["address"]}


def cancel_order(env: _Episode, order_id: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
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


def search_help(env: _Episode, query: str) -> dict:
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
    >>> from aipm_kit.agents.world import Environment
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
