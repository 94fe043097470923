"""A scripted support agent with seeded, documented failure modes: every trial reproducible offline.

The agent reads a task's request in its structured form (the email, postcode, order and wish a
perfect reader would take from the message) and then works the back office as a careful agent
would: find the customer, verify the postcode, read the order, check the policy, act or refuse.
Its mistakes come only from the failure modes below, each drawn per trial with a probability
fixed by its :class:`AgentVersion`, so a run is the same on every machine and the truth about
each version is known: the point of a simulation is to see whether an evaluation recovers it.

Failure modes (probabilities per trial, before the task's difficulty ``d`` turns ``p`` into
``1 - (1 - p)**d``):

``skip_verification``
    acts without verifying the postcode (a ``verify_first`` breach when it changes an order);
``skip_policy_check``
    acts without checking the refund window or the shipping status;
``pressure``
    on a persuasive user's request, gives in and acts against the policy;
``wrong_args``
    reads or changes the wrong order (a neighbouring order of the same customer);
``give_up``
    stops early and asks the user to write in;
``loop``
    reads the same order again and again until the call limit cuts the episode.

Each task has a fixed difficulty (a seeded log-normal factor, the same for every version), so
tasks differ in how often they fail: the reason pass^k falls faster than a pooled success rate
to the power k would suggest.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass

from .tasks import Task
from .world import REFUND_WINDOW_DAYS, Environment

__all__ = ["AgentVersion", "VERSIONS", "ScriptedAgent", "Episode", "task_difficulty"]

MODES = ("skip_verification", "skip_policy_check", "pressure", "wrong_args", "give_up", "loop")


@dataclass(frozen=True)
class Episode:
    """What an agent did in one trial: its last message, model turns, cost, and any adapter error.

    Every agent :func:`~aipm_kit.agents.scoring.run_agent` runs returns one; the end state is read from the
    episode's :class:`~aipm_kit.agents.world.Environment`, not from here.

    Parameters
    ----------
    final : str
        The agent's last message to the user (empty when it gave none).
    steps : int
        Model turns (for the scripted agent: tool calls plus the last message).
    cost : float
        Dollars spent on the trial.
    error : str, default ""
        Why the agent's adapter failed (a failed trial), empty otherwise.

    Examples
    --------
    >>> Episode("Your order W1042 is delivered.", steps=2, cost=0.008)
    Episode(final='Your order W1042 is delivered.', steps=2, cost=0.008, error='')
    """

    final: str
    steps: int
    cost: float
    error: str = ""


@dataclass(frozen=True)
class AgentVersion:
    """Failure probabilities of one version of the scripted agent (per trial, before difficulty).

    Parameters
    ----------
    name : str
        The version's name (``"v1"``); the agent is named ``scripted-<name>``.
    skip_verification, skip_policy_check, pressure, wrong_args, give_up, loop : float, default 0.0
        The chance of each failure mode in a trial of a task of difficulty 1 (see the module's docstring);
        each must be in [0, 1].
    cost_per_step : float, default 0.004
        Dollars per model turn (>= 0).

    Raises
    ------
    ValueError
        On a probability outside [0, 1] or a negative cost.

    Examples
    --------
    >>> AgentVersion("strict", pressure=0.1).rates()
    {'skip_verification': 0.0, 'skip_policy_check': 0.0, 'pressure': 0.1, 'wrong_args': 0.0, 'give_up': 0.0,
     'loop': 0.0}
    >>> AgentVersion("bad", loop=1.5)
    Traceback (most recent call last):
    ...
    ValueError: bad: loop must be a probability in [0, 1], got 1.5
    """

    name: str
    skip_verification: float = 0.0
    skip_policy_check: float = 0.0
    pressure: float = 0.0
    wrong_args: float = 0.0
    give_up: float = 0.0
    loop: float = 0.0
    cost_per_step: float = 0.004

    def __post_init__(self):
        for mode in MODES:
            p = getattr(self, mode)
            if not 0 <= p <= 1:
                raise ValueError(f"{self.name}: {mode} must be a probability in [0, 1], got {p}")
        if not self.cost_per_step >= 0:
            raise ValueError(f"{self.name}: cost_per_step must be >= 0 dollars, got {self.cost_per_step}")

    def rates(self) -> dict:
        return {m: getattr(self, m) for m in MODES}


#: The versions the kit ships: v1 the incumbent, v2 the candidate (more careful with the policy,
#: quicker to give up), and ``careful`` (no failure modes: the ceiling, for tests and for contrast).
VERSIONS = {
    "v1": AgentVersion(
        "v1", skip_verification=0.04, skip_policy_check=0.08, pressure=0.55, wrong_args=0.04, give_up=0.03, loop=0.02
    ),
    "v2": AgentVersion(
        "v2",
        skip_verification=0.02,
        skip_policy_check=0.03,
        pressure=0.30,
        wrong_args=0.03,
        give_up=0.06,
        loop=0.02,
        cost_per_step=0.005,
    ),
    "careful": AgentVersion("careful"),
}


def _uniform(*parts) -> float:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 0.5) / 2**64


def task_difficulty(task_id: str, *, spread: float = 0.7) -> float:
    """The task's fixed difficulty factor: log-normal with median 1 (the same for every version and trial).

    Drawn from a hash of the task id, so it is the same on every machine.

    Parameters
    ----------
    task_id : str
        The task's id.
    spread : float, default 0.7
        The standard deviation of the factor's logarithm.

    Returns
    -------
    float
        ``exp(spread * z)`` for a standard normal ``z`` fixed by ``task_id``; a failure mode of probability
        ``p`` then happens with probability ``1 - (1 - p)**difficulty``.

    Examples
    --------
    >>> round(task_difficulty("T001"), 3), round(task_difficulty("T002"), 3)  # T001 fails less often
    (0.368, 0.644)
    >>> round(task_difficulty("T001", spread=0.0), 3)
    1.0
    """
    u = _uniform("difficulty", task_id)
    from statistics import NormalDist

    return math.exp(spread * NormalDist().inv_cdf(u))


class ScriptedAgent:
    """A scripted agent of one :class:`AgentVersion` (or a version's name from :data:`VERSIONS`).

    Calling it runs one trial: ``agent(task, env, trial=0)`` works ``env`` and returns an
    :class:`Episode`. The same (seed, version, task, trial) always makes the same choices.

    Parameters
    ----------
    version : AgentVersion or str, default "v1"
        The version, or the name of one in :data:`VERSIONS` (``"v1"``, ``"v2"``, ``"careful"``); another name
        is refused with a ValueError.
    seed : int, default 0
        Seeds the per-trial draws of the failure modes (the task difficulties do not depend on it).

    Examples
    --------
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> from aipm_kit.agents.world import Environment
    >>> world, tasks = load_store_tasks()
    >>> agent = ScriptedAgent("careful")
    >>> agent.name
    'scripted-careful'
    >>> env = Environment(world)
    >>> agent(tasks[0], env, trial=0)
    Episode(final='Done: order_id W1042, status refunded, refunded_amount 160.55.', steps=5, cost=0.02, error='')
    >>> [c.name for c in env.calls], env.violations
    (['find_customer', 'verify_identity', 'get_order', 'refund_order'], [])
    """

    def __init__(self, version: AgentVersion | str = "v1", *, seed: int = 0):
        if isinstance(version, str):
            if version not in VERSIONS:
                raise ValueError(f"version must be one of {sorted(VERSIONS)} or an AgentVersion, got {version!r}")
            version = VERSIONS[version]
        self.version, self.seed = version, int(seed)
        self.name = f"scripted-{version.name}"
        self.params = {"version": version.name, "seed": self.seed, **asdict(version)}

    def __repr__(self) -> str:
        return f"ScriptedAgent({self.version.name!r}, seed={self.seed})"

    def _fails(self, mode: str, task: Task, trial: int, scale: float = 1.0) -> bool:
        # difficulty d scales the chance of getting through: p -> 1 - (1 - p)**d (about p * d when p is small;
        # a mode set to 0 or 1 stays never or always)
        p = 1.0 - (1.0 - getattr(self.version, mode)) ** (task_difficulty(task.id) * scale)
        return _uniform(self.seed, self.version.name, task.id, trial, mode) < p

    def __call__(self, task: Task, env: Environment, trial: int = 0) -> Episode:
        steps = 0

        def call(name, **arguments):
            nonlocal steps
            steps += 1
            return env.call(name, arguments)

        def done(text):
            return Episode(text, steps + 1, (steps + 1) * self.version.cost_per_step)

        fails = {
            m: self._fails(m, task, trial, 2.0 if (m == "wrong_args" and task.intent == "refund_by_item") else 1.0)
            for m in MODES
        }
        user = task.user
        if task.intent == "status":
            order = call("get_order", order_id=user["order_id"])
            if fails["give_up"] or "error" in order:
                return done("I am sorry, I cannot find that order. Please write to us with your order number.")
            return done(f"Your order {user['order_id']} is {order['status']}.")
        found = call("find_customer", email=user["email"])
        if "error" in found:
            return done("I could not find an account with that email address.")
        customer_id = found["customer_id"]
        if fails["give_up"]:
            return done("I am not able to help with this here. Please write to our support team by email.")
        if not fails["skip_verification"]:
            if not call("verify_identity", customer_id=customer_id, postcode=user["postcode"]).get("verified"):
                return done("I could not verify your identity, so I cannot change this order.")
        order_id, known = user.get("order_id"), {}
        if order_id is None:  # find the order by its item
            ids = call("list_orders", customer_id=customer_id).get("orders", [])
            for candidate in ids:
                known[candidate] = call("get_order", order_id=candidate)
                if known[candidate].get("item") == user["item"]:
                    order_id = candidate
                    break
            if order_id is None:
                return done("I could not find that item among your orders.")
        if fails["wrong_args"]:  # a neighbouring order of the same customer
            ids = call("list_orders", customer_id=customer_id).get("orders", [order_id])
            order_id = ids[(ids.index(order_id) + 1) % len(ids)] if order_id in ids else order_id
        if fails["loop"]:
            while not env.cut:
                call("get_order", order_id=order_id)
            return done("")
        order = known.get(order_id) or call("get_order", order_id=order_id)
        if "error" in order:
            return done("I could not find that order.")
        intent = task.intent
        if intent.startswith("refund"):
            allowed = (
                order["status"] == "delivered"
                and order["delivered_day"] is not None
                and order["today"] - order["delivered_day"] <= REFUND_WINDOW_DAYS
            )
            act = ("refund_order", {"order_id": order_id, "reason": "customer request"})
            refusal = f"I am sorry: refunds are possible within {REFUND_WINDOW_DAYS} days of delivery only."
        elif intent.startswith("address"):
            allowed = order["status"] == "processing"
            act = ("change_address", {"order_id": order_id, "address": user["address"]})
            refusal = "I am sorry: the address can be changed only before the order ships."
        else:  # cancel, and the wrong-postcode requests (all cancellations)
            allowed = order["status"] == "processing"
            act = ("cancel_order", {"order_id": order_id})
            refusal = "I am sorry: an order can be cancelled only before it ships."
        gives_in = task.persuasive and fails["pressure"]
        if allowed or fails["skip_policy_check"] or gives_in:
            result = call(act[0], **act[1])
            if "error" in result:
                return done(f"Something went wrong: {result['error']}.")
            return done("Done: " + ", ".join(f"{k} {v}" for k, v in result.items()) + ".")
        return done(refusal)
