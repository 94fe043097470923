"""The store's policy: the rules a support agent must keep, by name, and the refund window."""

from __future__ import annotations

#: Days after delivery within which a refund is allowed.
REFUND_WINDOW_DAYS = 30
#: The policy rules, by name, in the words a support agent's guideline would use.
POLICIES = {
    "verify_first": "verify the customer's identity (postcode on file) before changing any of their orders",
    "refund_window": f"refund only delivered orders, within {REFUND_WINDOW_DAYS} days of delivery",
    "before_shipping": "change an address or cancel an order only while it is still processing",
}
