"""What one model call returns: :class:`Response`, shared by every adapter and the HTTP endpoint.

It lives below :mod:`~aipm_kit.evals.adapters` and :mod:`~aipm_kit.evals.endpoint` so that both can build one
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Response"]


@dataclass(frozen=True)
class Response:
    """One model call: the text, what it cost, and whether it worked.

    ``status`` is ``"ok"`` or ``"error"``; an error carries ``error`` text and no
    score (it is never counted as a 0).
    """

    text: Any
    latency_s: float | None = None
    cost_usd: float = 0.0
    status: str = "ok"
    error: str = ""
