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

    Parameters
    ----------
    text : str or None
        The answer (None or anything not text is recorded as an error by the runner).
    latency_s : float or None, default None
        Seconds the call took; None lets the runner time it.
    cost_usd : float, default 0.0
        What the call cost, in US dollars.
    status : {"ok", "error"}, default "ok"
        Whether the call worked.
    error : str, default ""
        Why it did not.

    Examples
    --------
    >>> Response("Standard shipping is free over $50.", latency_s=0.4, cost_usd=0.0002)
    Response(text='Standard shipping is free over $50.', latency_s=0.4, cost_usd=0.0002, status='ok', error='')
    >>> Response(None, status="error", error="HTTP 503").status
    'error'
    """

    text: Any
    latency_s: float | None = None
    cost_usd: float = 0.0
    status: str = "ok"
    error: str = ""
