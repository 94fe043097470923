"""Exercise 3: other rollout stages, and the plan's exposure criterion taken again on its interval."""

from __future__ import annotations

from .. import custom
from .._answers import number as _number
from .._answers import pair as _pair
from ._common import _verdict


def bind_rollout(
    *,
    exposure_ratio,
    line: float,
    confidence: float = 0.95,
    days_per_stage: float | None = None,
    interval_said: str | None = None,
):
    """Exercise 3: other rollout stages, and the plan's exposure criterion taken again.

    ``exposure_ratio(stages)`` returns ``(estimate, low, high)``: the staged plan's mean
    exposure over the big bang's, with its interval; ``line`` is the gate's limit.
    ``interval_said`` names that interval in the messages (default: a ``confidence`` bootstrap
    interval), for a notebook whose range spans more than one bootstrap. With
    ``days_per_stage``, every message also states the price of the plan in time: the day on
    which a good model reaches all the traffic (day 0 for a big bang).

    Parameters
    ----------
    exposure_ratio : callable
        ``exposure_ratio(stages)``: ``(estimate, low, high)`` for a tuple of traffic shares.
    line : float
        The gate's limit on that ratio.
    confidence : float, optional
        The interval's level, for the default ``interval_said``; default 0.95.
    days_per_stage : float, optional
        Days each stage runs; given, the messages state the day a good model reaches all the traffic.
    interval_said : str, optional
        How the messages name the interval; default ``"95% bootstrap interval"`` (at ``confidence``).

    Returns
    -------
    Exercise
        ``q3``, a decision answered with ``(stages, verdict)``: the stages must grow and end at 1.0, and the
        verdict must be the one the interval gives (``"pass"`` at or below the line, ``"fail"`` above it,
        ``"not yet"`` straddling it).

    Examples
    --------
    >>> def ratio(stages):  # a small first stage keeps exposure low
    ...     return (0.17, 0.16, 0.18) if stages[0] <= 0.05 else (0.25, 0.23, 0.27)
    >>> q3 = bind_rollout(exposure_ratio=ratio, line=0.25, days_per_stage=2)
    >>> q3.check(((0.05, 0.25, 1.0), "pass"))
    [3 · Change the rollout stages] Correct: Right: with stages 5%, 25%, 100% the staged plan exposes 0.17 of
    the big bang's transactions (95% bootstrap interval 0.16 to 0.18) against the plan's line of 0.25; a good
    model reaches everyone on day 4 instead of day 0, so the criterion would **pass**.
    >>> q3.check(((0.5, 0.25, 1.0), "pass")).message
    'Stages grow: each share of traffic is larger than the one before.'
    """
    if not callable(exposure_ratio):
        raise TypeError("exposure_ratio must be a function of the stages")
    line = _number(line, "line")
    interval_said = interval_said or f"{confidence:.0%} bootstrap interval"

    def price(stages):
        if days_per_stage is None:
            return ""
        return f"; a good model reaches everyone on day {(len(stages) - 1) * days_per_stage:g} instead of day 0"

    def stages_of(value):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not len(value):
            raise TypeError("the stages are a list of traffic shares, for example (0.10, 0.50, 1.0)")
        shares = [_number(s, "each stage") for s in value]
        if any(not 0 < s <= 1 for s in shares):
            raise ValueError("each stage is a share of traffic above 0 and at most 1 (0.10, not 10)")
        return tuple(shares)

    def verdict_of(low, high):
        return "pass" if high <= line else "fail" if low > line else "not yet"

    def checker(answer):
        stages, claim = _pair(answer, "(stages, verdict)")
        stages = stages_of(stages)
        claim = _verdict(claim)
        if any(b <= a for a, b in zip(stages, stages[1:])):
            return False, "Stages grow: each share of traffic is larger than the one before."
        if stages[-1] != 1.0:
            return False, "The last stage is 1.0: a rollout ends with the whole of the traffic on the new model."
        est, low, high = exposure_ratio(stages)
        verdict = verdict_of(low, high)
        evidence = (
            f"with stages {', '.join(f'{s:.0%}' for s in stages)} the staged plan exposes {est:.2f} of the "
            f"big bang's transactions ({interval_said} {low:.2f} to {high:.2f}) against the "
            f"plan's line of {line:.2f}{price(stages)}"
        )
        if claim == verdict:
            return True, f"Right: {evidence}, so the criterion would **{verdict}**."
        why = {
            "pass": "the whole interval must sit at or below the line",
            "fail": "the whole interval must sit above the line",
            "not yet": "the interval must straddle the line",
        }[claim]
        return False, f"Not on this evidence: {evidence}. To say '{claim}', {why}; here it is '{verdict}'."

    def solution():
        rows = []
        for stages in ((0.01, 0.10, 1.0), (0.10, 0.50, 1.0), (0.25, 1.0)):
            est, low, high = exposure_ratio(stages)
            rows.append(
                f"{' -> '.join(f'{s:.0%}' for s in stages)}: {est:.2f} ({low:.2f} to {high:.2f}), "
                f"{verdict_of(low, high)}{price(stages)}"
            )
        return (
            "Re-run `exposure_ratio(stages)` for a few plans: " + "; ".join(rows) + ". A small first stage "
            "keeps exposure low only if its check can see the harm: too few transactions, and the bad model "
            "reaches the next stage anyway. A large first stage is caught at once, but after many transactions. "
            "More stages protect more and delay a good model longer: that is the trade to state. Any plan whose "
            "verdict matches its interval is a right answer."
        )

    return custom(
        "3 · Change the rollout stages",
        "Pick other rollout stages: shares of traffic that grow and end at 1.0 (for example `(0.10, 0.50, 1.0)` "
        "or `(0.25, 1.0)`). Run `exposure_ratio(stages)`, which re-runs the simulation with the same broken version "
        f"and returns the staged plan's mean exposure over the big bang's with its {interval_said}, and "
        f"answer `(stages, verdict)`: does exposure stay under the plan's line of {line:.2f}? The verdict is "
        '`"pass"`, `"fail"` or `"not yet"`, decided on the interval.',
        checker,
        hints=[
            "`exposure_ratio((0.10, 0.50, 1.0))` returns `(estimate, low, high)`.",
            "'pass' needs the whole interval at or below the line, 'fail' the whole interval above it; "
            "otherwise 'not yet'.",
        ],
        solution=solution,
        practice="decision",
    )
