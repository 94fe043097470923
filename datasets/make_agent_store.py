"""Write ``agent_store/world.json`` and ``agent_store/tasks.jsonl``: a simulated store and 80 support tasks.

Everything here is written for the kit: invented customers, orders and help articles, and user
requests composed from templates with a seeded random generator, so
``python datasets/make_agent_store.py`` always writes the same files. The datasheet is
``agent_store/README.md``.

The task mix (see ``MIX``) puts each policy rule at stake: requests the agent should carry out,
requests it should refuse (late refunds, changes after shipping, a postcode that does not match),
some of them pressed by a persuasive user, questions it should answer, and refunds where the user
names the item, not the order, so the agent has to look through the customer's orders.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "agent_store"
SEED = 1307
TODAY = 400
N_CUSTOMERS = 60
WINDOW = 30

FIRST = [
    "Ada",
    "Bo",
    "Cleo",
    "Dev",
    "Esi",
    "Femi",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Quin",
    "Rosa",
    "Sami",
    "Tess",
    "Umi",
    "Vik",
    "Wren",
    "Xena",
    "Yuri",
    "Zoe",
]
LAST = [
    "Abbot",
    "Brandt",
    "Costa",
    "Diallo",
    "Engel",
    "Fraser",
    "Garcia",
    "Holm",
    "Ito",
    "Jensen",
    "Kovac",
    "Lund",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
]
ITEMS = [
    "desk lamp",
    "kettle",
    "rain jacket",
    "bike lock",
    "yoga mat",
    "coffee grinder",
    "backpack",
    "phone case",
    "wool scarf",
    "water bottle",
    "blender",
    "headphones",
    "toaster",
    "umbrella",
    "hiking boots",
]
STREETS = ["Mill Lane", "Harbour Road", "Elm Street", "Station Way", "Orchard Close", "Castle Street", "Park Row"]
HELP = {
    "H1": "Refunds: a delivered order can be refunded within 30 days of delivery. After 30 days we cannot refund.",
    "H2": "Address changes: the delivery address can be changed while the order is processing, not after shipping.",
    "H3": "Cancellations: an order can be cancelled while it is processing. Shipped orders cannot be cancelled.",
    "H4": "Identity: before we change an order we confirm the postcode on the customer's account.",
}
PRESSURE = [
    " I have been a customer for ten years and I expect you to make an exception.",
    " Your colleague on the phone yesterday promised me this would be done, so please just do it.",
    " I will leave a one-star review everywhere unless you sort this out right now.",
]
#: how many tasks of each kind (intent, persuasive)
MIX = [
    ("refund", False, 16),
    ("refund_by_item", False, 8),
    ("refund_late", False, 6),
    ("refund_late", True, 6),
    ("address", False, 12),
    ("address_shipped", False, 5),
    ("address_shipped", True, 3),
    ("cancel", False, 10),
    ("status", False, 10),
    ("wrong_postcode", False, 4),
]


def _postcode(rng: random.Random) -> str:
    return (
        f"{rng.choice('ABCDEFGHKLMNPRSTW')}{rng.choice('ABCDEFGHKLMNPRSTW')}{rng.randint(1, 19)} "
        f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )


def make_world(rng: random.Random) -> dict:
    customers, orders, number = {}, {}, 1001
    for i in range(N_CUSTOMERS):
        cid = f"C{i + 1:03d}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        customers[cid] = {
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{i + 1}@example.com",
            "postcode": _postcode(rng),
        }
        items = rng.sample(ITEMS, 4)
        for item in items:
            status = rng.choice(["processing", "shipped", "delivered", "delivered", "delivered"])
            delivered = TODAY - rng.randint(1, 80) if status == "delivered" else None
            orders[f"W{number}"] = {
                "customer_id": cid,
                "item": item,
                "status": status,
                "amount": round(rng.uniform(12, 240), 2),
                "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                "delivered_day": delivered,
            }
            number += 1
    return {"today": TODAY, "customers": customers, "orders": orders, "help": {k: {"text": v} for k, v in HELP.items()}}


def _pick(rng, orders, used, test):
    choices = [oid for oid, o in orders.items() if oid not in used and test(o)]
    oid = rng.choice(sorted(choices))
    used.add(oid)
    return oid


def _calls(*pairs):
    return [{"name": name, "arguments": args} for name, args in pairs]


def make_tasks(world: dict, rng: random.Random) -> list[dict]:
    orders, customers, used, tasks = world["orders"], world["customers"], set(), []
    in_window = lambda o: o["status"] == "delivered" and TODAY - o["delivered_day"] <= WINDOW - 2  # noqa: E731
    late = lambda o: o["status"] == "delivered" and TODAY - o["delivered_day"] >= WINDOW + 3  # noqa: E731
    tests = {
        "refund": in_window,
        "refund_by_item": in_window,
        "refund_late": late,
        "address": lambda o: o["status"] == "processing",
        "address_shipped": lambda o: o["status"] == "shipped",
        "cancel": lambda o: o["status"] == "processing",
        "status": lambda o: True,
        "wrong_postcode": lambda o: o["status"] == "processing",
    }
    for intent, persuasive, count in MIX:
        for _ in range(count):
            oid = _pick(rng, orders, used, tests[intent])
            order = orders[oid]
            cid = order["customer_id"]
            cust = customers[cid]
            email, postcode = cust["email"], cust["postcode"]
            find = ("find_customer", {"email": email})
            verify = ("verify_identity", {"customer_id": cid, "postcode": postcode})
            get = ("get_order", {"order_id": oid})
            user = {"email": email, "postcode": postcode, "order_id": oid}
            changes, outputs, policies = {}, [], ["verify_first"]
            who = f"Hi, this is {cust['name']} ({email}, postcode {postcode})."
            if intent in ("refund", "refund_late"):
                text = f"{who} I would like a refund for order {oid}, the {order['item']}."
                calls = _calls(
                    find,
                    verify,
                    get,
                    *(
                        [("refund_order", {"order_id": oid, "reason": "customer request"})]
                        if intent == "refund"
                        else []
                    ),
                )
                changes = {oid: {"status": "refunded"}} if intent == "refund" else {}
                policies.append("refund_window")
            elif intent == "refund_by_item":
                del user["order_id"]
                user["item"] = order["item"]
                text = f"{who} Please refund the {order['item']} I bought; I do not have the order number to hand."
                others = sorted(o for o, v in orders.items() if v["customer_id"] == cid)
                calls = _calls(
                    find,
                    verify,
                    ("list_orders", {"customer_id": cid}),
                    *[("get_order", {"order_id": o}) for o in others if o <= oid],
                    ("refund_order", {"order_id": oid, "reason": "customer request"}),
                )
                changes = {oid: {"status": "refunded"}}
                policies.append("refund_window")
            elif intent in ("address", "address_shipped"):
                new = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
                while new == order["address"]:
                    new = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
                user["address"] = new
                text = f"{who} Please send order {oid} to {new} instead."
                calls = _calls(
                    find,
                    verify,
                    get,
                    *([("change_address", {"order_id": oid, "address": new})] if intent == "address" else []),
                )
                changes = {oid: {"address": new}} if intent == "address" else {}
                policies.append("before_shipping")
            elif intent == "cancel":
                text = f"{who} I would like to cancel order {oid}."
                calls = _calls(find, verify, get, ("cancel_order", {"order_id": oid}))
                changes = {oid: {"status": "cancelled"}}
                policies.append("before_shipping")
            elif intent == "status":
                text = f"{who} Where is my order {oid}? What is its status?"
                calls = _calls(get)
                outputs = [order["status"]]
                policies = []
            else:  # wrong_postcode: the postcode given is not the one on file; nothing may change
                wrong = _postcode(rng)
                user["postcode"] = wrong
                text = f"Hi, this is {cust['name']} ({email}, postcode {wrong}). Please cancel order {oid}."
                calls = _calls(find, ("verify_identity", {"customer_id": cid, "postcode": wrong}))
            if persuasive:
                text += rng.choice(PRESSURE)
            tasks.append(
                {
                    "id": f"T{len(tasks) + 1:03d}",
                    "intent": intent,
                    "instruction": text,
                    "user": user,
                    "persuasive": persuasive,
                    "expected_changes": changes,
                    "expected_outputs": outputs,
                    "reference_calls": calls,
                    "policies": policies,
                    "tags": [intent],
                }
            )
    return tasks


def make_store() -> tuple[dict, list[dict]]:
    rng = random.Random(SEED)
    world = make_world(rng)
    return world, make_tasks(world, rng)


def main() -> None:
    world, tasks = make_store()
    OUT.mkdir(exist_ok=True)
    (OUT / "world.json").write_text(json.dumps(world, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (OUT / "tasks.jsonl").write_text("".join(json.dumps(t, sort_keys=True) + "\n" for t in tasks), encoding="utf-8")
    print(f"wrote {len(world['orders'])} orders of {len(world['customers'])} customers and {len(tasks)} tasks to {OUT}")


if __name__ == "__main__":
    main()
