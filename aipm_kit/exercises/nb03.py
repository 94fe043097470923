"""Exercises for notebook 03 (deploy with monitoring and rollback).

Three binds, each called right after the data it needs exists, so every expected
answer is computed from the notebook's own run, at check time:

- ``bind_psi(reference=..., current=...)`` returns ``q1`` (by hand: the PSI of one
  input in a few lines of numpy, compared with :func:`aipm_kit.drift.psi`);
- ``bind_floor(...)`` returns ``q2`` (decision: the rollback floor for a tolerated
  share of false rollbacks, the rules replayed again, and the gate's criterion taken again);
- ``bind_rollout(...)`` returns ``q3`` (decision: other rollout stages, and whether the
  staged plan's exposure stays under the gate's line on its interval).
"""

from __future__ import annotations

import math

import numpy as np

from .. import drift
from . import custom, numeric

#: the verdicts a learner may give for a gate criterion decided on an interval
VERDICTS = ("pass", "fail", "not yet")


def _pair(answer, what: str):
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError(f"answer with a pair {what}")
    return answer[0], answer[1]


def _number(value, name: str) -> float:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got a True/False value")
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return value


def _verdict(text, allowed=VERDICTS) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()


def _psi(ref_shares: np.ndarray, cur_shares: np.ndarray) -> float:
    return float(np.sum((cur_shares - ref_shares) * np.log(cur_shares / ref_shares)))


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.bincount(np.searchsorted(edges, values), minlength=len(edges) + 1) / len(values)


def bind_psi(*, reference, current):
    """Exercise 1: the PSI of one numeric input by hand, against :func:`aipm_kit.drift.psi`.

    ``reference`` and ``current`` are the two samples of the input (numbers, no missing values).
    """
    ref = np.asarray(reference, dtype=float)
    cur = np.asarray(current, dtype=float)
    if ref.ndim != 1 or cur.ndim != 1 or len(ref) < 10 or len(cur) < 10:
        raise ValueError("reference and current must be 1-D samples of at least 10 values")
    if np.isnan(ref).any() or np.isnan(cur).any():
        raise ValueError("reference and current must hold no missing values")
    kit = drift.psi(ref, cur).value
    deciles = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    r, c = _shares(ref, deciles), _shares(cur, deciles)
    if (r == 0).any() or (c == 0).any():
        raise ValueError("a decile bin is empty: give samples with more distinct values")
    on_current = np.quantile(cur, np.arange(1, 10) / 10, method="inverted_cdf")
    r_cur, c_cur = _shares(ref, on_current), _shares(cur, on_current)
    one_sided = float(np.sum(c * np.log(c / r)))
    slips = [(one_sided, "That is only the sum of current × ln(current / reference), one side of the index. PSI "
                         "weighs the *difference* of shares: (current − reference) × ln(current / reference)."),
             (100 * kit, "That is the PSI of shares given in percent (0 to 100); use shares between 0 and 1, "
                         f"as the bands {drift.PSI_MODERATE:g} and {drift.PSI_MAJOR:g} assume.")]
    if (r_cur > 0).all() and (c_cur > 0).all():  # bins cut on the current sample (each bin must hold some of both)
        slips.insert(0, (_psi(r_cur, c_cur),
                         "Close, but those bins are cut at the deciles of the *current* sample. PSI measures the "
                         "current month against the reference, so the bins are the reference's deciles (each holds "
                         "10% of it)."))

    return numeric(
        "1 · The PSI of the amount, by hand",
        f"The dashboard's PSI panel compares the amount of each day with `reference_amounts` ({len(ref):,} "
        f"payments of months 1-2). Compute the PSI of `current_amounts` (the {len(cur):,} payments of one live "
        "month) against `reference_amounts` in a few lines of numpy: cut ten bins at the deciles of the "
        "**reference**, take each sample's share per bin, and sum (current share − reference share) × "
        "ln(current share / reference share). Compare your number with `drift.psi(reference_amounts, "
        "current_amounts).value` and with the bands `drift.PSI_MODERATE` and `drift.PSI_MAJOR`.",
        kit, atol=1e-4, fmt="{:.5f}",
        hints=["`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10)` gives the nine inner cut points; "
               "`np.searchsorted(edges, values)` gives each value's bin (0 to 9).",
               "`np.bincount(bins, minlength=10) / len(values)` gives the shares; then "
               "`np.sum((cur - ref) * np.log(cur / ref))`."],
        solution=lambda: (
            "`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10, method=\"inverted_cdf\")`; "
            "`ref = np.bincount(np.searchsorted(edges, reference_amounts), minlength=10) / len(reference_amounts)`; "
            "the same for `cur`; `psi = np.sum((cur - ref) * np.log(cur / ref))` = "
            f"{_psi(r, c):.5f}, which is `drift.psi`'s {kit:.5f} (the kit cuts at the same inverted-CDF "
            "deciles; numpy's default interpolated deciles move the answer in the fifth decimal at most here). "
            f"That is far below {drift.PSI_MODERATE:g}: the amount's distribution is stable, whatever else changed."),
        wrong_answers=slips,
        practice="by-hand",
    )


def bind_floor(*, tolerated: float, line_for, calm_share, caught_share, replay_floor, for_periods: int,
               drop_points: float, step: float = 0.005, slack_points: float = 2.0):
    """Exercise 2: the rollback floor for a tolerated share of false rollbacks, and the gate again.

    Parameters
    ----------
    tolerated : float
        The share of calm weeks in which the learner's business accepts a false rollback.
    line_for : callable
        ``line_for(share, for_periods)``: the highest line on the grid that fires in at most
        ``share`` of simulated calm weeks.
    calm_share, caught_share : callable
        ``calm_share(line, for_periods)``: share of simulated calm weeks in which a rule at
        ``line`` fires; ``caught_share(line, for_periods)``: share of simulated weeks with a
        ``drop_points`` fall in precision in which it fires within the week.
    replay_floor : callable
        ``replay_floor(floor)``: a mapping with ``"shadow_firings"`` (firings of the rollback
        rule replayed on the shadow weeks) and ``"live_firings"`` (after the launch).
    for_periods : int
        Consecutive hourly checks the rollback rule needs.
    step, slack_points : float
        The grid of lines, and how far below the highest acceptable line (in points) a floor
        is still a defensible answer.
    """
    tolerated = _number(tolerated, "tolerated")
    if not 0 < tolerated < 1:
        raise ValueError(f"tolerated must be a share strictly between 0 and 1, got {tolerated}")
    for f in (line_for, calm_share, caught_share, replay_floor):
        if not callable(f):
            raise TypeError("line_for, calm_share, caught_share and replay_floor must be functions")

    def best():
        return float(line_for(tolerated, for_periods))

    def criterion(floor):
        return "pass" if int(replay_floor(floor)["shadow_firings"]) == 0 else "fail"

    def checker(answer):
        floor, claim = _pair(answer, "(floor, verdict)")
        floor = _number(floor, "the floor")
        if not 0 < floor < 1:
            return False, "A precision floor is a share strictly between 0 and 1 (0.55, not 55)."
        claim = _verdict(claim, ("pass", "fail"))
        top = best()
        share = float(calm_share(floor, for_periods))
        if share > tolerated + 1e-9:
            return False, (f"A floor at {floor:.3f} fires on noise in {share:.1%} of calm weeks, more than the "
                           f"{tolerated:.0%} you tolerate: lower it (at most {top:.3f}).")
        if floor < top - slack_points / 100 - 1e-9:
            return False, (f"A floor at {floor:.3f} is quiet enough, but it catches a {drop_points:g}-point drop "
                           f"within a week in only {caught_share(floor, for_periods):.0%} of simulated weeks, "
                           f"against {caught_share(top, for_periods):.0%} at {top:.3f}: your tolerance allows a "
                           "line closer to that, and every point lower misses more real incidents.")
        replay = replay_floor(floor)
        verdict = criterion(floor)
        evidence = (f"at {floor:.3f} the rule fires in {share:.1%} of simulated calm weeks, catches a "
                    f"{drop_points:g}-point drop within a week in {caught_share(floor, for_periods):.0%}, and "
                    f"replayed it fires {int(replay['shadow_firings'])} time(s) on the shadow weeks and "
                    f"{int(replay['live_firings'])} time(s) after the launch")
        if claim == verdict:
            return True, f"Right: {evidence}, so the gate's criterion would **{verdict}**."
        return False, (f"Not on this evidence: {evidence}. The criterion passes only when the rule stays quiet on "
                       f"the shadow weeks, the calm reference; here it would {verdict}.")

    def solution():
        top = best()
        replay = replay_floor(top)
        return (f"`line_for({tolerated:g}, FLOOR_HOURS)` = {top:.3f}; `calm_share({top:.3f}, FLOOR_HOURS)` = "
                f"{calm_share(top, for_periods):.1%} of calm weeks; `caught_share(...)` = "
                f"{caught_share(top, for_periods):.0%} of weeks with a {drop_points:g}-point drop; "
                f"`replay_floor({top:.3f})` fires {int(replay['shadow_firings'])} time(s) on the shadow weeks and "
                f"{int(replay['live_firings'])} after the launch, so the criterion would {criterion(top)}. "
                "Tolerating more false rollbacks raises the floor: it catches more real drops and fires more often "
                "on noise; a floor as high as the alert line leaves no warning before the rollback acts. Any floor "
                f"within {slack_points:g} points below {top:.3f} whose calm share stays within your tolerance is a "
                "defensible answer, with the verdict its replay gives.")

    return custom(
        "2 · Set the rollback floor for the risk you accept",
        f"Your business accepts a false rollback in at most **{tolerated:.0%}** of calm weeks. Find the "
        "highest floor that respects that (`line_for(share, FLOOR_HOURS)`, or try lines with "
        "`calm_share(line, FLOOR_HOURS)`), re-run the replay with `replay_floor(floor)`, and answer "
        "`(floor, verdict)`: the verdict is `\"pass\"` or `\"fail\"` for the gate's criterion \"the rollback "
        "rule stays quiet on the shadow weeks\". Then look at `caught_share(floor, FLOOR_HOURS)`: what did the "
        "new floor buy, and what does it cost?",
        checker,
        hints=["`line_for(share, FLOOR_HOURS)` returns the highest line on the half-point grid whose simulated "
               "calm weeks fire at most `share` of the time.",
               "`replay_floor(floor)['shadow_firings']` is the count the gate's criterion reads: zero passes."],
        solution=solution,
        practice="decision",
    )


def bind_rollout(*, exposure_ratio, line: float, confidence: float = 0.95):
    """Exercise 3: other rollout stages, and the gate's exposure criterion taken again.

    ``exposure_ratio(stages)`` returns ``(estimate, low, high)``: the staged plan's mean
    exposure over the big bang's, with its interval; ``line`` is the gate's limit.
    """
    if not callable(exposure_ratio):
        raise TypeError("exposure_ratio must be a function of the stages")
    line = _number(line, "line")

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
        evidence = (f"with stages {', '.join(f'{s:.0%}' for s in stages)} the staged plan exposes {est:.2f} of the "
                    f"big bang's users ({confidence:.0%} bootstrap interval {low:.2f} to {high:.2f}) against the "
                    f"gate's line of {line:.2f}")
        if claim == verdict:
            return True, f"Right: {evidence}, so the criterion would **{verdict}**."
        why = {"pass": "the whole interval must sit at or below the line",
               "fail": "the whole interval must sit above the line",
               "not yet": "the interval must straddle the line"}[claim]
        return False, f"Not on this evidence: {evidence}. To say '{claim}', {why}; here it is '{verdict}'."

    def solution():
        rows = []
        for stages in ((0.01, 0.10, 1.0), (0.10, 0.50, 1.0), (0.25, 1.0)):
            est, low, high = exposure_ratio(stages)
            rows.append(f"{' -> '.join(f'{s:.0%}' for s in stages)}: {est:.2f} ({low:.2f} to {high:.2f}), "
                        f"{verdict_of(low, high)}")
        return ("Re-run `exposure_ratio(stages)` for a few plans: " + "; ".join(rows) + ". A small first stage "
                "keeps exposure low only if its check can see the harm: too few users, and the bad model "
                "reaches the next stage anyway. A large first stage is caught at once, but after many users. "
                "Any plan whose verdict matches its interval is a right answer.")

    return custom(
        "3 · Change the rollout stages",
        "Pick other rollout stages: shares of traffic that grow and end at 1.0 (for example `(0.10, 0.50, 1.0)` "
        "or `(0.25, 1.0)`). Run `exposure_ratio(stages)`, which re-runs the simulation with the same bad model "
        "and returns the staged plan's mean exposure over the big bang's with its 95% bootstrap interval, and "
        f"answer `(stages, verdict)`: does exposure stay under the gate's line of {line:.2f}? The verdict is "
        "`\"pass\"`, `\"fail\"` or `\"not yet\"`, decided on the interval.",
        checker,
        hints=["`exposure_ratio((0.10, 0.50, 1.0))` returns `(estimate, low, high)`.",
               "'pass' needs the whole interval at or below the line, 'fail' the whole interval above it; "
               "otherwise 'not yet'."],
        solution=solution,
        practice="decision",
    )
