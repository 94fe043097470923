"""Exercises for notebook 03 (deploy with monitoring and rollback).

Six binds, each called right after the data it needs exists, so every expected
answer is computed from the notebook's own run, at check time:

- ``bind_skew(served_log=..., raw_events=..., features=...)`` returns ``q1`` (by hand: compare every
  logged feature with training's, find the one that differs, the share of requests and its shift);
- ``bind_owner()`` returns ``q2`` (decision: who may switch the model off alone, and who is told
  the same day);
- ``bind_rollout(...)`` returns ``q3`` (decision: other rollout stages, and whether the
  staged plan's exposure stays under the plan's line on its interval);
- ``bind_psi(reference=..., current=...)`` returns ``q4`` (by hand: the PSI of one
  input in a few lines of numpy, compared with :func:`aipm_kit.drift.psi`);
- ``bind_floor(...)`` returns ``q5`` (decision: how many false rollbacks to tolerate, the
  floor that allows, and whether it catches a real drop often enough);
- ``bind_update(facts=...)`` returns ``q6`` (decision, with a rubric: the stakeholder update after
  the rise in missed fraud, its three parts, its numbers matching the replay, no jargon, and the
  number its next experiment is judged on, picked from shown options).
"""

from __future__ import annotations

import math
import re

import numpy as np

from .. import drift
from . import custom, numeric
from ._answers import number as _number
from ._answers import pair as _pair

#: the verdicts a learner may give for a gate criterion decided on an interval
VERDICTS = ("pass", "fail", "not yet")

#: the planted bug of notebook 03's simulated fraud service: its feature code reads the hour on a server clock this
#: many hours from UTC. Kept here, out of the notebook's parameters, so that Exercise 1 has something to find.
SERVICE_CLOCK_OFFSET_HOURS = -8


def service_features(raw, as_run: bool = True, *, bug: bool | None = None):
    """The features as notebook 03's simulated online service computed them (its own feature code).

    With ``as_run=True`` (or ``bug=True``) the service carries the planted training-serving skew that
    Exercise 1 asks the learner to find; ``False`` is the fixed service. The bug itself is not named
    here on purpose.
    """
    if bug is None:
        bug = as_run
    if not isinstance(bug, (bool, np.bool_)):
        raise TypeError(f"bug must be True or False, got {bug!r}")
    from .. import scenarios

    return scenarios.serving_features(raw, hour_offset=SERVICE_CLOCK_OFFSET_HOURS if bug else 0)


def _verdict(text, allowed=VERDICTS) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()


def _psi(ref_shares: np.ndarray, cur_shares: np.ndarray) -> float:
    return float(np.sum((cur_shares - ref_shares) * np.log(cur_shares / ref_shares)))


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.bincount(np.searchsorted(edges, values), minlength=len(edges) + 1) / len(values)


def bind_psi(*, reference, current, month="one live month"):
    """Exercise 4: the PSI of one numeric input by hand, against :func:`aipm_kit.drift.psi`.

    ``reference`` and ``current`` are the two samples of the input (numbers, no missing values);
    ``month`` names the current sample's month in the prompt (e.g. ``"May"``).
    """
    if not isinstance(month, str) or not month.strip():
        raise TypeError(f"month must be a non-empty string, got {month!r}")
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
    slips = [
        (
            one_sided,
            "That is only the sum of current × ln(current / reference), one side of the index. PSI "
            "weighs the *difference* of shares: (current − reference) × ln(current / reference).",
        ),
        (
            100 * kit,
            "That is the PSI of shares given in percent (0 to 100); use shares between 0 and 1, "
            f"as the bands {drift.PSI_MODERATE:g} and {drift.PSI_MAJOR:g} assume.",
        ),
    ]
    if (r_cur > 0).all() and (c_cur > 0).all():  # bins cut on the current sample (each bin must hold some of both)
        slips.insert(
            0,
            (
                _psi(r_cur, c_cur),
                "Close, but those bins are cut at the deciles of the *current* sample. PSI measures the "
                "current month against the reference, so the bins are the reference's deciles (each holds "
                "10% of it).",
            ),
        )

    return numeric(
        "4 · The PSI of the amount, by hand",
        f"The dashboard's PSI panel compares the amount of each day with `reference_amounts` ({len(ref):,} "
        f"simulated payments of months 1-2). Compute the PSI of `current_amounts` (the {len(cur):,} simulated "
        f"payments of {month}, "
        "a whole month, where each day of the panel holds only one day's payments) against `reference_amounts` in a few lines of numpy: cut ten bins at the deciles of the "
        "**reference**, take each sample's share per bin, and sum (current share − reference share) × "
        "ln(current share / reference share). Compare your number with `drift.psi(reference_amounts, "
        "current_amounts).value` and with the bands `drift.PSI_MODERATE` and `drift.PSI_MAJOR`.",
        kit,
        atol=1e-4,
        fmt="{:.5f}",
        hints=[
            "`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10)` gives the nine inner cut points; "
            "`np.searchsorted(edges, values)` gives each value's bin (0 to 9).",
            "`np.bincount(bins, minlength=10) / len(values)` gives the shares; then "
            "`np.sum((cur - ref) * np.log(cur / ref))`.",
        ],
        solution=lambda: (
            '`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10, method="inverted_cdf")`; '
            "`ref = np.bincount(np.searchsorted(edges, reference_amounts), minlength=10) / len(reference_amounts)`; "
            "the same for `cur`; `psi = np.sum((cur - ref) * np.log(cur / ref))` = "
            f"{_psi(r, c):.5f}, which is `drift.psi`'s {kit:.5f} (the kit cuts at the same inverted-CDF "
            "deciles; numpy's default interpolated deciles move the answer in the fifth decimal at most here). "
            f"That is far below {drift.PSI_MODERATE:g}: the amount's distribution is stable, whatever else changed."
        ),
        wrong_answers=slips,
        practice="by-hand",
    )


def product_interval(a: float, a_interval, b: float, b_interval, confidence: float = 0.95):
    """The interval of the product ``a * b`` of two independent estimates, each given with its interval.

    The delta method on the log scale: each input's relative standard error is its interval's width over
    ``2 z`` times its point (``z`` the normal quantile of ``confidence``), the two add in quadrature, and the
    product's interval is ``a * b * exp(-+ z * se)``. Multiplying low end by low end and high end by high end
    would give a band much wider than the stated level. With a point at zero, the product's interval runs
    from zero to the product of the high ends (the relative error is undefined there).
    Returns ``(point, low, high)``.
    """
    from scipy.stats import norm

    a, b = float(a), float(b)
    (a_low, a_high), (b_low, b_high) = (tuple(float(v) for v in a_interval), tuple(float(v) for v in b_interval))
    point = a * b
    if a <= 0 or b <= 0:
        return point, 0.0, max(a_high, 0.0) * max(b_high, 0.0)
    z = float(norm.ppf(0.5 + confidence / 2))
    se = math.hypot((a_high - a_low) / (2 * z * a), (b_high - b_low) / (2 * z * b))
    return point, point * math.exp(-z * se), point * math.exp(z * se)


def bind_floor(
    *,
    line_for,
    calm_share,
    caught_share,
    n_weeks: int,
    for_periods: int,
    drop_points: float,
    detect_line: float,
    alert_tolerance: float,
    cost_per_false_rollback: float,
    budget_per_year: float | None = None,
    cost_interval=None,
    days_off: float = 1.0,
    slack_points: float = 2.0,
    confidence: float = 0.95,
    calm_firings=None,
    caught_interval=None,
    yearly_cost=None,
):
    """Exercise 5: trade false rollbacks for caught drops, and the review's detection check.

    The learner picks the share of calm weeks in which a false rollback is tolerated, finds the
    floor it allows, and says whether that floor catches a ``drop_points`` fall in precision within
    its week in at least ``detect_line`` of simulated weeks (``"pass"``, ``"fail"`` or ``"not
    yet"``, on the Wilson interval over ``n_weeks`` simulated weeks). Every tolerated share below
    the alert's (``alert_tolerance``) is defensible; the floor must be the one it allows (within
    ``slack_points`` below it) and the verdict the one that floor earns.

    With ``budget_per_year`` the verdict weighs both sides: the false rollbacks a year (52 times
    the calm share) times ``cost_per_false_rollback`` must stay within the budget, on the Wilson
    interval of the calm share, and the detection must clear its line. ``"pass"`` needs both
    intervals on the right side, ``"fail"`` either one wholly on the wrong side, else ``"not yet"``.

    Parameters
    ----------
    line_for : callable
        ``line_for(share, for_periods)``: the highest line on the grid that fires in at most
        ``share`` of simulated calm weeks.
    calm_share, caught_share : callable
        ``calm_share(line, for_periods)``: share of simulated calm weeks in which a rule at
        ``line`` fires; ``caught_share(line, for_periods)``: share of simulated weeks with a
        ``drop_points`` fall in precision in which it fires within the week.
    cost_per_false_rollback : float
        Dollars of fraud the model's extra holds stop per day (what a day without the model gives up).
    cost_interval : (low, high), optional
        The interval of ``cost_per_false_rollback`` (it is sampled too); the yearly cost's interval then
        combines it with the false rollbacks' interval by :func:`product_interval` (the delta method on the
        log scale), at ``confidence``.
    days_off : float or callable
        Days the model stays off after a false rollback (an assumption the notebook states; default 1), or
        ``days_off(line, for_periods)``: the days a false rollback of a floor at ``line`` keeps the model off.
    calm_firings : callable, optional
        ``calm_firings(line, for_periods)``: the mean number of firings per simulated calm week, with its
        interval, as ``(mean, low, high)``. A week may hold more than one firing, so when given, false rollbacks
        a year are 52 times this mean (and their interval 52 times its ends), not 52 times the calm share.
    caught_interval : callable, optional
        ``caught_interval(line, for_periods)``: ``(low, high)``, the range of the caught share across what
        normal precision may be (each end with its own simulation interval). When given, detection is decided
        on it instead of the Wilson interval at the point: ``"pass"`` only if ``low`` clears the line.
    yearly_cost : callable, optional
        ``yearly_cost(line, for_periods)``: ``(point, low, high)``, the dollars a year of a floor's false
        rollbacks at the reference and their range across what normal precision may be (each end with its own
        interval). When given (with ``budget_per_year``), the cost is decided on that range instead of the
        interval at the point: ``"pass"`` only if ``high`` is within the budget, ``"fail"`` only if ``low`` is over.
    """
    from ..metrics import wilson_interval

    for f in (line_for, calm_share, caught_share):
        if not callable(f):
            raise TypeError("line_for, calm_share and caught_share must be functions")
    alert_tolerance = _number(alert_tolerance, "alert_tolerance")
    detect_line = _number(detect_line, "detect_line")
    if not 0 < alert_tolerance < 1 or not 0 < detect_line < 1:
        raise ValueError("alert_tolerance and detect_line are shares strictly between 0 and 1")
    n_weeks = int(n_weeks)
    cost = _number(cost_per_false_rollback, "cost_per_false_rollback")
    if callable(days_off):
        days_of = days_off
    else:
        fixed_days = _number(days_off, "days_off")
        if fixed_days <= 0:
            raise ValueError("days_off must be above 0")
        days_of = lambda line, fp: fixed_days  # noqa: E731
    if cost_interval is None:
        cost_low = cost_high = cost
    else:
        cost_low, cost_high = (_number(v, "cost_interval") for v in _pair(cost_interval, "(low, high)"))
        if not cost_low <= cost <= cost_high:
            raise ValueError("cost_interval must hold cost_per_false_rollback")

    def per_rollback_of(floor):
        """The cost of one false rollback of a floor at ``floor``: (point, low, high) dollars."""
        days = _number(days_of(floor, for_periods), "days_off")
        if days <= 0:
            raise ValueError("days_off must be above 0")
        return days, days * cost, days * cost_low, days * cost_high

    budget = None if budget_per_year is None else _number(budget_per_year, "budget_per_year")
    if budget is not None and budget < 0:
        raise ValueError("budget_per_year must be at least 0")

    def verdict_of(floor):
        caught = float(caught_share(floor, for_periods))
        if caught_interval is None:
            low, high = wilson_interval(round(caught * n_weeks), n_weeks, confidence=confidence)
        else:
            low, high = (float(v) for v in caught_interval(floor, for_periods))
        if calm_firings is None:  # at most one firing a week: the share of calm weeks with one
            calm = float(calm_share(floor, for_periods))
            c_low, c_high = wilson_interval(round(calm * n_weeks), n_weeks, confidence=confidence)
        else:  # firings per calm week, a week may hold several
            calm, c_low, c_high = (float(v) for v in calm_firings(floor, for_periods))
        _, per_point, per_low, per_high = per_rollback_of(floor)
        if yearly_cost is not None:  # the range across normal precision, priced by the caller
            y_point, y_low, y_high = (float(v) for v in yearly_cost(floor, for_periods))
        elif cost_interval is None:  # one uncertain input: its ends carry over
            y_low, y_high = 52 * c_low * per_point, 52 * c_high * per_point
        else:  # two: combined on the log scale, so the band keeps its level
            _, y_low, y_high = product_interval(
                52 * calm, (52 * c_low, 52 * c_high), per_point, (per_low, per_high), confidence=confidence
            )
        detect = "pass" if low >= detect_line else "fail" if high < detect_line else "not yet"
        spend = None if budget is None else "pass" if y_high <= budget else "fail" if y_low > budget else "not yet"
        word = (
            detect
            if spend is None
            else "fail"
            if "fail" in (detect, spend)
            else "pass"
            if detect == spend == "pass"
            else "not yet"
        )
        if yearly_cost is None:
            y_point = 52 * calm * per_point
        return word, caught, low, high, calm, y_point, y_low, y_high, detect, spend

    def describe(share, floor):
        word, caught, low, high, calm, y_point, y_low, y_high, detect, spend = verdict_of(floor)
        days, per_rollback, per_low, per_high = per_rollback_of(floor)
        each = (
            f"each keeps the model off about {24 * days:.0f} hours and costs about {per_rollback:,.0f} dollars"
            + (f", {per_low:,.0f} to {per_high:,.0f}," if cost_interval is not None else "")
            + " of fraud the model would have stopped"
        )
        money = (
            f"; a year of them costs {y_point:,.0f} dollars (from {y_low:,.0f} to {y_high:,.0f}, "
            + (
                f"across normal precision's {confidence:.0%} interval, each end with its {confidence:.0%} "
                "interval of the false rollbacks and the price"
                if yearly_cost is not None
                else f"{confidence:.0%}, the false rollbacks a year and the cost combined"
                + (" on the log scale" if cost_interval is not None else "")
            )
            + ") against the budget of "
            f"{budget:,.0f}: the cost check is '{spend}'"
            if budget is not None
            else ""
        )
        return word, (
            f"tolerating {share:.0%}, the floor is {floor:.3f}: about {52 * calm:.1f} false rollbacks a year "
            f"({each}){money}; it catches a {drop_points:g}-point drop within its week in {caught:.0%} of "
            f"simulated weeks ("
            + (
                f"{low:.0%} to {high:.0%} across normal precision's {confidence:.0%} interval, each end "
                f"with its {confidence:.0%} Wilson interval"
                if caught_interval is not None
                else f"{confidence:.0%} Wilson {low:.0%} to {high:.0%}"
            )
            + ") against the line of "
            f"{detect_line:.0%}: the detection check is '{detect}'"
        )

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError("answer with a triple (tolerated share, floor, verdict)")
        share, floor, claim = answer
        share, floor = _number(share, "the tolerated share"), _number(floor, "the floor")
        if not 0 < share < 1 or not 0 < floor < 1:
            return False, "The tolerated share and the floor are shares strictly between 0 and 1 (0.05, not 5)."
        if share >= alert_tolerance:
            return False, (
                f"A rollback that tolerates {share:.0%} of false firings is as noisy as the alert "
                f"({alert_tolerance:.0%}) or noisier: nothing would warn a person before the model is "
                "switched off. Tolerate less than the alert does."
            )
        claim = _verdict(claim)
        try:
            top = float(line_for(share, for_periods))
        except ValueError as err:
            return False, str(err)
        if float(calm_share(floor, for_periods)) > share + 1e-9:
            return False, (
                f"A floor at {floor:.3f} fires on noise in {calm_share(floor, for_periods):.1%} of calm "
                f"weeks, more than the {share:.0%} you tolerate: at most {top:.3f}."
            )
        if floor < top - slack_points / 100 - 1e-9:
            return False, (
                f"A floor at {floor:.3f} is quieter than you need: your tolerance allows {top:.3f}, "
                f"which catches {caught_share(top, for_periods):.0%} of the drops against "
                f"{caught_share(floor, for_periods):.0%}; every point lower misses more real incidents."
            )
        word, text = describe(share, floor)
        if claim == word:
            return True, f"Defensible: {text}. So your floor's verdict is **{word}**."
        why = (
            {
                "pass": "both intervals must sit on the right side: detection at or above its line, the yearly cost "
                "within the budget",
                "fail": "one interval must sit wholly on the wrong side: detection below its line, or the yearly "
                "cost above the budget",
                "not yet": "neither may fail outright and at least one must straddle its line",
            }
            if budget is not None
            else {
                "pass": "the whole interval must sit at or above the line",
                "fail": "the whole interval must sit below the line",
                "not yet": "the interval must straddle the line",
            }
        )[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it is '{word}'."

    def solution():
        rows = []
        for share in (0.01, 0.03, 0.05, 0.08):
            if share >= alert_tolerance:
                continue
            try:
                floor = float(line_for(share, for_periods))
            except ValueError:
                continue
            rows.append(describe(share, floor)[1] + f": {describe(share, floor)[0]}")
        return (
            "Re-run `line_for(share, FLOOR_HOURS)`, `calm_share` and `caught_share` for a few tolerances: "
            + "; ".join(rows)
            + ". Tolerating more false rollbacks raises the floor: it catches more real "
            "drops and switches a good model off more often. Which side to take depends on the price of a "
            "day without the model against a week of good customers held; any tolerance below the alert's, "
            "with the floor it allows and the verdict that floor earns, is a defensible answer."
        )

    if callable(days_off):
        each_costs = (
            "Each costs `days_off(floor, FLOOR_HOURS)`, the days a false rollback of that floor keeps the "
            f"model off, times `model_extra_per_day` (about {cost:,.0f} dollars a day"
        )
    else:
        each_costs = (
            f"Each costs about {fixed_days * cost:,.0f} dollars ({fixed_days:g} "
            f"day{'s' if fixed_days != 1 else ''} off times `model_extra_per_day`"
        )
    question = (
        f"does the floor catch such a drop in at least {detect_line:.0%} of weeks, and do its false rollbacks "
        f"cost at most {budget:,.0f} dollars a year? {each_costs}"
        + (
            f", itself sampled: {cost_low:,.0f} to {cost_high:,.0f} a day; combine the two intervals with "
            "`nb03.product_interval`, the delta method on the log scale)"
            if cost_interval is not None
            else ")"
        )
        + "."
        + (
            " The yearly cost is read across normal precision's interval, as detection is: "
            "`yearly_cost(floor, FLOOR_HOURS)` gives it as (point, low, high); 'pass' only if its high end is "
            "within the budget, 'fail' only if its low end is over."
            if yearly_cost is not None
            else ""
        )
        if budget is not None
        else f"does the floor catch such a drop in at least {detect_line:.0%} of weeks?"
    )
    return custom(
        "5 · Trade false rollbacks for caught drops",
        f"Choose how often you accept a false rollback (a share of calm weeks, below the alert's "
        f"{alert_tolerance:.0%}). Find the floor it allows with `line_for(share, FLOOR_HOURS)`, look at what it "
        "costs ("
        + (
            "`calm_firings(floor, FLOOR_HOURS)`, false firings per calm week with its interval, times 52 "
            "weeks: false rollbacks a year"
            if calm_firings is not None
            else "`calm_share(floor, FLOOR_HOURS)`, times 52 weeks, false rollbacks a year"
        )
        + ") and what it buys "
        f"(`caught_share(floor, FLOOR_HOURS)`, the share of simulated weeks in which a {drop_points:g}-point drop is "
        f'caught within the week), and answer `(share, floor, verdict)`: {question} The verdict is `"pass"`, '
        f'`"fail"` or `"not yet"`, decided on the {confidence:.0%} intervals over the `n_weeks` '
        "simulated weeks (of the false rollbacks and of the caught share)"
        + (
            ": the caught share across normal precision's interval, `caught_interval(floor, FLOOR_HOURS)`, 'pass' "
            "only if it clears the line at both ends"
            if caught_interval is not None
            else ""
        )
        + ".",
        checker,
        hints=[
            "`line_for(0.05, FLOOR_HOURS)` returns the highest floor firing in at most 5% of simulated calm weeks.",
            (
                "`caught_interval(floor, FLOOR_HOURS)` gives the caught share's range across normal precision"
                if caught_interval is not None
                else "`wilson_interval(round(caught * n_weeks), n_weeks, confidence=0.95)` gives the interval"
            )
            + "; 'pass' needs its low end at or above the line.",
        ],
        solution=solution,
        practice="decision",
    )


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


def bind_skew(*, served_log, raw_events, features, cyclic=None):
    """Exercise 1: find a training-serving skew by comparing every logged feature with training's.

    ``served_log`` is the service's prediction log (each feature ``f`` in column ``in__f``);
    ``raw_events`` holds, for the same requests in the same order, the features as the training
    pipeline computes them (column ``f``); ``features`` names the features to compare. ``cyclic``
    maps a feature to its period (default ``{"hour": 24}``): shifts a whole period apart are the
    same shift. The answer is ``(feature, share, shift)``: a feature whose served values differ
    from training's, the share of requests in which it differs (0 to 1, within half a point) and
    its typical shift, served minus training (the median over the rows that differ; any shift a
    whole period away on a cyclic feature is right; ``None`` for a feature that is not a number).
    With nothing differing the answer is ``(None, 0, 0)``. The prompt and the hints name no
    feature: finding which one differs is the exercise.
    """
    import pandas as pd

    features = [str(f) for f in features]
    if not features:
        raise ValueError("features must name at least one feature")
    cyclic = {"hour": 24} if cyclic is None else dict(cyclic)
    missing = [f for f in features if f"in__{f}" not in served_log.columns or f not in raw_events.columns]
    if missing:
        raise ValueError(f"served_log needs in__<feature> and raw_events <feature> columns; missing: {missing}")
    if len(served_log) != len(raw_events) or not len(served_log):
        raise ValueError("served_log and raw_events must hold the same non-zero number of rows")
    found = {}  # feature -> (share differing, typical shift or None)
    means = {}  # feature -> mean of served minus training over the rows that differ (a wrong answer to explain)
    for f in features:
        served = served_log[f"in__{f}"].reset_index(drop=True)
        training = raw_events[f].reset_index(drop=True)
        numeric_feature = pd.api.types.is_numeric_dtype(served) and pd.api.types.is_numeric_dtype(training)
        if numeric_feature:
            a, b = served.to_numpy(float), training.to_numpy(float)
        else:
            a, b = served.astype(str).to_numpy(), training.astype(str).to_numpy()
        wrong = a != b
        if wrong.any():
            shift = float(np.median(a[wrong] - b[wrong])) if numeric_feature else None
            found[f] = (float(wrong.mean()), shift)
            if numeric_feature:
                means[f] = float(np.mean(a[wrong] - b[wrong]))
    n = len(served_log)

    def same_shift(feature, got, want):
        period = cyclic.get(feature)
        if period:
            gap = (got - want) % period
            return min(gap, period - gap) <= 0.5
        return abs(got - want) <= max(0.5, 0.01 * abs(want))

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError("answer with a triple (feature, share of requests that differ, shift)")
        feature, got_share, got_shift = answer
        if feature is None or (isinstance(feature, str) and feature.strip().lower() in ("", "none")):
            if found:
                return False, (
                    "Some feature was served differently from training's: compare every feature, "
                    "not only the ones you expect."
                )
            return True, "Right: every feature was served as training computes it; there is no skew to fix."
        if not isinstance(feature, str):
            raise TypeError(f"name the feature as a string, e.g. {features[0]!r}")
        feature = feature.strip().removeprefix("in__")
        if feature not in features:
            return False, f"{feature!r} is not one of the logged features: {features}."
        if feature not in found:
            return False, (
                f"Every request was served the same `{feature}` as training computes: the skew is "
                "elsewhere. Compare each feature in turn."
            )
        share, shift = found[feature]
        got_share = _number(got_share, "the share")
        if 1 < got_share <= 100 and abs(got_share / 100 - share) <= 0.005:
            return (
                False,
                f"That is a percentage; give the share between 0 and 1 ({got_share / 100:g}, not {got_share:g}).",
            )
        if not 0 <= got_share <= 1:
            return False, "The share of requests is between 0 and 1."
        if abs(got_share - share) > 0.005:
            return False, (
                f"Right feature, not the share: compare the served `{feature}` with training's row by "
                f"row over all {n:,} requests; the share is the mean of 'differs'."
            )
        if shift is None:
            if got_shift not in (None, 0):
                return False, f"`{feature}` is not a number: there is no shift to give; answer None for it."
            return True, f"Right: {share:.1%} of the requests were served a `{feature}` that training never computed."
        got_shift = _number(got_shift, "the shift")
        if not same_shift(feature, got_shift, shift) and same_shift(feature, -got_shift, shift):
            return False, (
                f"The sign is the wrong way round: {got_shift:+g} is the correction. The shift is served "
                "minus training."
            )
        mean = means.get(feature)
        if (
            not same_shift(feature, got_shift, shift)
            and mean is not None
            and abs(got_shift - mean) <= max(0.5, 0.01 * abs(mean))
        ):
            return False, (
                f"Right feature and share; {got_shift:+g} is the mean of served minus training, not the "
                "shift most rows show. Take the median over the rows that differ: on a feature that wraps "
                "round, the rows that cross the end of the cycle differ by a whole period the other way, "
                "and a few such rows pull the mean away from every row's shift."
            )
        if not same_shift(feature, got_shift, shift):
            return False, (
                f"Right feature and share; not the shift: take the median of served minus training over "
                f"the rows that differ, not {got_shift:+g}."
            )
        return True, (
            f"Right: {share:.1%} of the logged requests were served a value of `{feature}` that differs, "
            f"typically by {shift:+g}, from the one training computed from the same event. The model is fine; the feature it was fed is not."
        )

    def solution():
        if not found:
            return "Compare every `served_log['in__<f>']` with `raw_events[<f>]`: no row differs. Answer (None, 0, 0)."
        parts = [
            f"`{f}`: a share of {s:.3f}" + (f", median shift {d:+g}" if d is not None else "")
            for f, (s, d) in found.items()
        ]
        return (
            "For each feature `f` of `features`, `wrong = served_log[f'in__{f}'].to_numpy() != "
            "raw_events[f].to_numpy()`; only " + "; ".join(parts) + " differ. The shift is the median of served "
            "minus training over the rows that differ"
            + (
                " (on a cyclic feature, any shift a whole period away is the same answer)"
                if any(f in cyclic for f in found)
                else ""
            )
            + "."
        )

    return custom(
        "1 · Find the skew in the log",
        "The log holds each feature as the service served it (`served_log['in__<feature>']`); `raw_events` holds, "
        "for the same requests in the same order, each feature as the training pipeline computes it from the raw "
        "event (`raw_events['<feature>']`), for every feature of `scenarios.FEATURES`. Compare them row by row and "
        "answer `(feature, share, shift)`: a feature whose served values differ from training's, the share of "
        "requests in which it differs (between 0 and 1), and its typical shift, served minus training: the median "
        "over the requests that differ, not the mean (on a feature that wraps round, a few rows can differ by a whole "
        "cycle the other way and pull a mean off). If nothing differs, answer `(None, 0, 0)`.",
        checker,
        hints=[
            "Loop over `scenarios.FEATURES`: for each `f`, `wrong = served_log[f'in__{f}'].to_numpy() != "
            "raw_events[f].to_numpy()`, and `wrong.mean()` is the share that differs.",
            "For a feature that differs, the median of `(served - training)[wrong]` is the typical shift. On a "
            "cyclic feature, shifts a whole cycle apart are the same answer.",
        ],
        solution=solution,
        practice="by-hand",
    )


#: words a stakeholder update should not lean on: the audience reads the business, not the model
JARGON = ("PSI", "AUC", "recall", "precision", "drift", "F1", "p-value", "bootstrap", "Wilson", "threshold")
PARTS = ("what happened", "who is affected", "next experiment")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k\b|%)?", re.IGNORECASE)
_EXPERIMENT = re.compile(r"\b(experiment|test|trial|shadow|compare|measure|pilot|try|retrain)\w*", re.IGNORECASE)


def numbers_in(text: str) -> list[tuple[float, float, str]]:
    """The numbers a text quotes, as ``(value, rounding half-width, as written)``; dates and years left out.

    ``"$1,234"`` is 1234 (written to the unit, so anything from 1233.5 to 1234.5 matches);
    ``"3.4"`` is 3.4 give or take 0.05; ``"12k"`` is 12,000 give or take 500; ``"45%"`` is 45.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    text = _DATE.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        whole, decimals, suffix = m.group(1), m.group(2) or "", (m.group(3) or "").lower()
        value = float(whole.replace(",", "") + ("." + decimals if decimals else ""))
        half = 0.5 * 10 ** -len(decimals)
        if suffix == "k":
            value, half = value * 1_000, half * 1_000
        found.append((value, half, m.group(0).strip()))
    return found


def _matches(value: float, half: float, facts: dict) -> bool:
    for v in facts.values():
        for candidate in (v, 100 * v):  # a share may be quoted as a percentage
            if abs(candidate - value) <= half + 1e-9 * max(1.0, abs(value)):
                return True
    return False


def _nearest(value: float, facts: dict) -> float:
    """How far ``value`` lies from the closest of ``facts`` (a share also read as a percentage)."""
    return min((abs(c - value) for v in facts.values() for c in (v, 100 * v)), default=float("inf"))


def rubric_update(answer, facts: dict, *, jargon=JARGON, min_words: int = 6) -> list[str]:
    """What a stakeholder update is missing (an empty list: it passes).

    ``answer`` maps each of :data:`PARTS` to a few plain sentences. The rubric: every part
    present (at least ``min_words`` words); "what happened" and "who is affected" each quote a
    number; every number quoted matches one of ``facts`` (name -> value) at the precision it is
    written, a share also as a percentage; no word of ``jargon``; the next experiment says what
    will be tried or measured.
    """
    if not isinstance(answer, dict):
        raise TypeError(
            "answer with a dict: {'what happened': '...', 'who is affected': '...', 'next experiment': '...'}"
        )
    parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
    missing = []
    for part in PARTS:
        text = parts.get(part)
        if not isinstance(text, str) or len(text.split()) < min_words:
            missing.append(f"'{part}' is missing or under {min_words} words")
    if missing:
        return missing
    for part in PARTS[:2]:
        if not numbers_in(parts[part]):
            missing.append(f"'{part}' quotes no number from the replay: say how many, how much, since when")
    for part in PARTS:
        for value, half, written in numbers_in(parts[part]):
            if not _matches(value, half, facts):
                missing.append(
                    f"'{written}' in '{part}' matches no number of the replay (within its rounding): "
                    "quote the replay's numbers, rounded, not new ones"
                )
    every = " ".join(parts[p] for p in PARTS)
    for word in jargon:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", every, re.IGNORECASE):
            missing.append(f"'{word}' is jargon for this audience: say what it means for the business instead")
    if not _EXPERIMENT.search(parts["next experiment"]):
        missing.append(
            "'next experiment' does not say what will be tried or measured (a test, a comparison, a shadow run ...)"
        )
    return missing


#: Exercise 6's decision: the number the next experiment is judged on (``JUDGED_ON_RIGHT`` is the defensible one)
JUDGED_ON = {
    "a": "frauds nobody held, charged back per day, on the same payments: new candidate against today's model "
    "at the same number of holds, on the 95% interval of the gap",
    "b": "the PSI of the payment amount on the newest payments against months 1-2, on its 95% interval: back "
    "under the moderate band within two weeks of the change",
    "c": "the share of the new candidate's alerts confirmed as fraud, against today's model at the same "
    "number of alerts, on the 95% interval of the gap, after one shadow day",
    "d": "the new candidate's accuracy against today's model on a held-out slice of the payments of months 1-2, "
    "on the 95% interval of the gap, before the shadow run",
}
JUDGED_ON_RIGHT = "a"
_JUDGED_ON_WHY = {
    "b": "The amount's index never moved during the rise (the dashboard's PSI panel): a number that did not see the "
    "problem cannot say it is fixed.",
    "c": "A first-day read grades the candidate's own alerts only through chargebacks, which take weeks: section 1 "
    "showed how far such a read sits from the matured one.",
    "d": "Months 1-2 came before the rise: a model can score well there and still miss the new fraud.",
}


#: words that mark a number as replayed (what a step that was never taken would have given), not as what happened
_REPLAYED_WORDS = re.compile(
    r"\b(would|replay\w*|hypothetic\w*|had (?:it|we|they|the switch|the backup)\b)", re.IGNORECASE
)


def bind_update(*, facts, jargon=JARGON, excess_keys=(), replayed_keys=()):
    """Exercise 6: the stakeholder update after the rise in missed fraud, and the number its next experiment is
    judged on.

    ``facts`` maps a name to each number of the incident's replay the update may quote
    (counts, dollars, rates per day and their interval ends). The answer is a dict with the
    three parts of :data:`PARTS` and ``"judged on"``, one key of :data:`JUDGED_ON` (the
    decision). Every update that has the three parts, quotes the replay's numbers within
    rounding and avoids the jargon passes the rubric; the decision must be the defensible key.

    ``excess_keys`` names the facts that size the surprise itself (what went wrong beyond the earlier
    rate, and its interval ends). When given, "who is affected" must quote one of them: a total that
    includes what the earlier rate would have missed anyway does not size the surprise.

    ``replayed_keys`` names the facts that are a replay of a step nobody took (the switch to the backup
    rule, replayed as planned), not what happened. A sentence that quotes one of them (a number closer to a
    replayed fact than to any other; a tie goes to what happened) must mark it as replayed ("would have", "the replay ...", "had the switch ..."): an
    update does not state a replayed outcome as if it happened.
    """
    from . import Exercise

    if not isinstance(facts, dict) or not facts:
        raise TypeError("facts must be a non-empty dict of name -> number")
    facts = {str(k): _number(v, f"facts[{k!r}]") for k, v in facts.items()}
    excess_keys = tuple(str(k) for k in excess_keys)
    unknown = [k for k in excess_keys if k not in facts]
    if unknown:
        raise KeyError(f"excess_keys {unknown} are not among the facts")
    excess = {k: facts[k] for k in excess_keys}
    replayed_keys = tuple(str(k) for k in replayed_keys)
    unknown = [k for k in replayed_keys if k not in facts]
    if unknown:
        raise KeyError(f"replayed_keys {unknown} are not among the facts")
    replayed = {k: facts[k] for k in replayed_keys}
    happened = {k: v for k, v in facts.items() if k not in replayed}

    def unmarked_replays(answer):
        """Replay-only numbers quoted in a part that never says they are replayed."""
        out = []
        for part, text in answer.items():
            if part not in PARTS or not isinstance(text, str):
                continue
            for sentence in re.split(r"(?<=[.;!?])\s+", text):  # each replayed number is marked in its sentence
                if not _REPLAYED_WORDS.search(sentence):
                    out += [
                        f"'{written}' in '{part}'"
                        for value, half, written in numbers_in(sentence)
                        if _matches(value, half, replayed) and _nearest(value, replayed) < _nearest(value, happened)
                    ]
        return out

    def checker(answer):
        if not isinstance(answer, dict):
            raise TypeError(
                "answer with a dict: {'what happened': '...', 'who is affected': '...', "
                "'next experiment': '...', 'judged on': 'a'}"
            )
        key = str(answer.get("judged on", "")).strip().strip("'\"").lower()
        if key not in JUDGED_ON:
            return False, f"Add 'judged on': one of {list(JUDGED_ON)}, the number the next experiment is judged on."
        if key != JUDGED_ON_RIGHT:
            return False, f"'judged on' {key!r} is not the defensible choice: {_JUDGED_ON_WHY[key]}"
        missing = rubric_update(answer, facts, jargon=jargon)
        affected = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}.get("who is affected")
        if (
            excess
            and not missing
            and not any(
                _matches(value, half, excess)
                for value, half, _ in numbers_in(affected if isinstance(affected, str) else "")
            )
        ):
            missing.append(
                "'who is affected' does not size the surprise: a total since the change includes the "
                "frauds the earlier rate would have missed anyway; quote how many (or how many dollars) "
                "went through beyond the earlier rate"
            )
        if replayed and not missing:
            parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
            unmarked = unmarked_replays(parts)
            if unmarked:
                missing.append(
                    ", ".join(unmarked) + " comes from the replay of the switch as planned, yet is told as "
                    "if it happened: say what happened (the logged numbers), and mark a replayed one as "
                    "what the switch would have given"
                )
        if missing:
            return False, "The choice of number is right; not yet a good update: " + "; ".join(missing) + "."
        quoted = sum(len(numbers_in(answer[p])) for p in PARTS if isinstance(answer.get(p), str))
        return True, (
            f"A good update: three parts, {quoted} numbers all from the table, no jargon, and the next "
            "experiment judged on the number the business saw move, at equal holds, on its interval."
        )

    return Exercise(
        "6 · Tell the surprise: the stakeholder update",
        "Write the update the head of fraud operations sends to the business after the rise in missed fraud: a "
        "dict with three parts, `'what happened'`, `'who is affected'` and `'next experiment'`, a few plain "
        "sentences each, quoting the numbers of the table above (`ring_facts` and `incident_facts`; rounded is fine). "
        "Then decide, in a fourth key `'judged on'`, which number the next experiment is judged on: one of the "
        "options below. The update is checked by a rubric: each part present, a number in the first two, every "
        "number matching the table"
        + (", 'who is affected' sizing the surprise beyond the earlier rate" if excess else "")
        + (
            ", a replayed number (one that assumes the switch was thrown) marked as what the switch would have "
            "given, not told as what happened"
            if replayed
            else ""
        )
        + ", and none of these words: "
        + ", ".join(jargon)
        + ".",
        checker=checker,
        hints=[
            "Start 'what happened' with the change the business can see: frauds nobody held, per day, before "
            "and after, and since when.",
            "'Judged on': which number moved when the problem came, and is read the same way for both models?",
        ],
        solution=lambda: (
            "One good update (any with the three parts, the replay's numbers and plain words passes): "
            "what happened: more fraud got past our checks; who is affected: the cardholders whose "
            "payments were fraud and the business, which pays the chargebacks, sized by how many "
            "more frauds (and dollars) got through than the earlier rate would give, with their "
            "range; next experiment: train a "
            "candidate on the newest chargebacks, run it in the shadow beside today's model for a "
            "period sized in advance from the smallest gain worth acting on, and once that period's "
            "chargebacks have come in, compare the frauds it would have "
            "held with today's model's on the same payments. Judged on: "
            f"{JUDGED_ON_RIGHT}, the number that moved, compared at equal holds on its interval."
        ),
        options=JUDGED_ON,
        practice="reading",
    )


#: Exercise 2's roles: who may switch the model off alone, and who is told the same day
ROLES = {
    "a": "the on-call engineer whom the serving and precision alerts page, at any hour",
    "b": "the product manager, who owns the add-on's business case, in office hours",
    "c": "the review-team lead, whose team reviews every hold, in office hours",
    "d": "the change committee, at its next weekly meeting",
    "e": "the data scientist who trained the model, once they have found the cause",
    "f": "fraud operations, who answer for the chargebacks",
}
#: who may act alone: someone the alert reaches at any hour, who can act within the response time
ACTS_ALONE_OK = ("a",)
#: who must hear the same day: the owner of the business case and the team whose workload changes
MUST_BE_TOLD = ("b", "c")
_ALONE_WHY = {
    "b": "the alerts fire at any hour and the runbook gives a person about an hour to act; a product manager in "
    "office hours leaves nights and weekends with nobody who may act, and the alerts do not page them",
    "c": "the review-team lead sees the verdicts, not the pages, and only in office hours; at night nobody could act",
    "d": "a committee that meets weekly turns an hour's response into days: a switch that needs a meeting is no "
    "switch, and switching off is the safe act (the rule runs alone, as it did for months)",
    "e": "finding the cause comes after the switch, not before it: waiting for a diagnosis keeps a failing model "
    "serving for hours",
    "f": "fraud operations read the chargebacks, weeks late, and are not paged: they would learn of a failure last",
}
_TOLD_WHY = {
    "b": "the product manager owns the business case: with the model off, the fraud only its holds stop goes "
    "through, and switching back on needs them",
    "c": "the review-team lead's workload changes the moment the model is off (its extra holds stop) and again when "
    "it returns; their team also sees first whether the rule alone is coping",
}


def bind_owner():
    """Exercise 2: who may switch the model off without a meeting, and who is told the same day.

    The answer is a dict ``{"acts alone": key, "told": [keys]}`` with keys of :data:`ROLES`. Every
    answer whose actor is in :data:`ACTS_ALONE_OK` and whose told list holds :data:`MUST_BE_TOLD`
    passes (telling more people is harmless); each wrong pick is explained.
    """
    from . import Exercise

    def checker(answer):
        if not isinstance(answer, dict):
            raise TypeError("answer with a dict: {'acts alone': 'a', 'told': ['b', 'c']}")
        parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
        if "acts alone" not in parts or "told" not in parts:
            return False, "Give both keys: 'acts alone' (one role) and 'told' (a list of roles)."
        actor = str(parts["acts alone"]).strip().strip("'\"").lower()
        told = parts["told"]
        if isinstance(told, str):
            told = [told]
        if not hasattr(told, "__iter__"):
            raise TypeError("'told' is a list of role keys, e.g. ['b', 'c']")
        told = {str(t).strip().strip("'\"").lower() for t in told}
        unknown = sorted((told | {actor}) - set(ROLES))
        if unknown:
            return False, f"{unknown} are not among the roles {list(ROLES)}."
        if actor not in ACTS_ALONE_OK:
            return False, f"Not '{actor}' alone: {_ALONE_WHY[actor]}."
        missing = [k for k in MUST_BE_TOLD if k not in told]
        if missing:
            return False, "Who is told leaves someone out: " + "; ".join(_TOLD_WHY[k] for k in missing) + "."
        extra = sorted(told - set(MUST_BE_TOLD) - {actor})
        more = f" Telling {' and '.join(ROLES[k].split(',')[0] for k in extra)} as well does no harm." if extra else ""
        return True, (
            "Defensible: the person the alert pages may switch the model off at once, with no meeting: "
            "switching off is the safe act, the rule runs alone as it did for months, and each hour of "
            "waiting keeps a failing model serving. The product manager and the review-team lead hear the "
            "same day, because the business case and the review workload both change." + more
        )

    return Exercise(
        "2 · Who may pull the switch",
        "The serving alerts page someone at any hour, and the switch to the rule only helps if that person may "
        "throw it. Decide the runbook's two lines: who may switch the model off **alone, without a meeting** "
        "(one role), and who **must be told the same day** (a list). Answer "
        "`{'acts alone': <key>, 'told': [<keys>]}` with keys of the roles below.",
        checker=checker,
        hints=[
            "Who does the alert reach at 3 a.m., and who could act within the hour the runbook allows?",
            "Switching off is the safe act: what changes for the business, and for the team that reviews the "
            "holds, the moment the model is off?",
        ],
        solution=lambda: (
            "`{'acts alone': 'a', 'told': ['b', 'c']}`: the on-call engineer the alerts page may act "
            "at once; the product manager (the business case) and the review-team lead (the workload) "
            "are told the same day. Telling fraud operations too is fine; a committee or a diagnosis "
            "first is not: it turns an hour into days."
        ),
        options=ROLES,
        practice="decision",
    )
