"""The executive summary: money only, the monthly net value with its interval and the calls made on it.

The decision is made in dollars a month, so this text speaks in that one unit: the net value and its parts, the
payback, every rival option on the table, and the trial and switch calls (see
:func:`~aipm_kit.communicate.decision.switch_call`).
"""

from __future__ import annotations

from ._common import _money, _money_k, _months, _sim
from .decision import (
    _after_trial,
    _cheaper_leads,
    _slide_detection,
    outcome_scenarios,
    switch_call,
    trial_month_net,
    trial_months,
)
from .result import ModelResult
from .rollback import rollback_rule


def executive_summary(result: ModelResult) -> str:
    """Money only: the monthly net value with its interval, and the calls made on intervals.

    The decision is made in dollars a month, so the summary speaks in that one
    unit: the net value, its interval (the bootstrap interval in
    ``net_value_ci`` when the result has one, otherwise the conservative to
    optimistic range of :func:`outcome_scenarios`), the two dollar parts it is
    made of, the payback, and two calls (see :func:`switch_call`): whether to start a gated
    trial (its interval above zero) and whether to switch (above
    ``min_net_to_switch``, and above zero over every rival on the table). The result's optional fields (rivals,
    trial length or cost, a cheaper option, the lines still to settle) each add their sentence.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    str
        The summary as one Markdown paragraph, headed ``**Executive summary.**``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> print(executive_summary(r))
    **Executive summary.** Replacing the rules with the fraud model is worth about $48k a month net of its
    assumed $5,000 monthly running cost (between $36k and $58k across the conservative and optimistic cases, ...
    Recommendation: go. ...
    """
    from ..gates import criterion

    r = result
    sim = "simulated " if r.simulated else ""
    if r.net_value_ci is not None:
        low, high = r.net_value_ci
        rows = f"the {r.test_rows:,} test transactions" if r.test_rows else "the test transactions"
        band = f"{r.net_value_confidence:.0%} interval {_money_k(low)} to {_money_k(high)}, from {rows}"
    else:
        sc = outcome_scenarios(r)["net value ($/month)"]
        low, high = float(sc["conservative"]), float(sc["optimistic"])
        band = (
            f"between {_money_k(low)} and {_money_k(high)} across the conservative and optimistic cases, the ends "
            "of the 95% intervals for the share of fraud caught"
        )
    trial, switch, parts = switch_call(r)
    slide_caught = _slide_detection(r, rollback_rule(r))[1] >= 0.5
    watch = {
        True: "",
        False: (
            " The rollback rule catches a collapse, not a slow slide to where the model stops "
            "paying, so the live net value is what confirms or ends the switch."
        ),
    }[slide_caught]
    if r.settle_months:
        length = (
            " Settling it, with an 80% chance when the truth is the stated amount past each line (amounts set in "
            "advance): "
            + "; ".join(
                f"{_money_k(effect)} a month {name} takes about {months:.0f} months of data"
                for name, effect, months in r.settle_months
            )
            + "."
        )
    elif r.min_net_to_switch > 0 and r.net_value_ci is not None:
        live, full = trial_months(r)
        length = (
            f" To confirm {_money_k(r.min_net_to_switch)} a month above the line each call is judged against "
            f"with an 80% chance, the trial needs about {live:.1f} months on {r.live_share:.0%} of traffic "
            f"({full:.1f} on all of it)."
        )
    else:
        length = ""
    open_parts = [name for name, st in parts if st != "pass"]
    trial_cost = ""
    if r.net_value_ci is not None:
        t_est, t_lo, t_hi = trial_month_net(r)
        build = f"the {_money(r.upfront_cost)} build is spent before it starts, " if r.upfront_cost > 0 else ""
        trial_cost = (
            f"What the trial costs: {build}every month pays the full {_money(r.monthly_run_cost)} running "
            f"cost (the model scores every payment), and a live month on {r.live_share:.0%} of traffic nets about {_money_k(t_est)} over "
            f"{r.baseline_name} ({r.net_value_confidence:.0%} interval {_money_k(t_lo)} to "
            f"{_money_k(t_hi)})"
            + (
                ""
                if not r.trial_cost
                else f"; over the whole trial, build included, it ends between {_money_k(r.trial_cost[1])} and "
                f"{_money_k(r.trial_cost[2])} (estimate {_money_k(r.trial_cost[0])})"
            )
            + ". "
        )
    line_words = {
        True: (
            f" The smallest net value worth the switch, set in advance, is {_money_k(r.min_net_to_switch)} a month."
        ),
        False: "",
    }[r.min_net_to_switch > 0]
    calls = {
        ("pass", "pass"): (
            f"Recommendation: go. Switch from {r.baseline_name} through a gated trial now (shadow, then a "
            "small share of traffic with the rollback rule armed). Every interval clears its line, on "
            f"one {sim}test month; month-to-month variation is not included.{watch}"
        ),
        ("pass", "inconclusive"): (
            "Recommendation: start a gated trial now; the switch itself is not yet. What is decided today is the "
            f"trial: the model runs in shadow, then on a small share of traffic with the rollback rule armed. "
            f"{trial_cost}The switch is not decided: its interval does not clear every line "
            f"({'; '.join(open_parts)}).{length}{watch}"
        ),
        ("pass", "fail"): (
            "Recommendation: no switch. The model beats "
            f"{r.baseline_name}, but it fails a line the switch must clear ({'; '.join(n for n, st in parts if st == 'fail')})."
        ),
        ("fail", "fail"): "Recommendation: no. Even the high end of the interval loses money.",
        ("inconclusive", "inconclusive"): (
            "Recommendation: not yet. The interval runs from a loss to a gain, so the measured "
            "evidence does not yet show that it pays; a longer or larger test would narrow it."
        ),
        ("inconclusive", "fail"): (
            "Recommendation: not yet for a trial, and no switch: the interval runs from a loss to a gain, and it "
            f"fails a line the switch must clear ({'; '.join(n for n, st in parts if st == 'fail')})."
        ),
    }
    from ..planning import break_even

    rival_words = {
        "pass": "the model beats that option too",
        "fail": "that option is the better buy, so against it the call is no",
        "inconclusive": (
            "the interval runs from a loss to a gain, so the evidence does not show the model beats "
            "that option: against it the call is not yet"
        ),
    }
    rivals = "".join(
        f" Against {name}, the other option on the table, the model is worth {_money_k(net)} a month net of the "
        f"same running cost ({r.net_value_confidence:.0%} interval {_money_k(lo)} to {_money_k(hi)}, same "
        f"{sim}transactions): "
        + rival_words[
            criterion(
                f"net value over {name}", net, ">", 0.0, interval=(min(lo, net), max(hi, net)), evidence="bootstrap"
            ).status
        ]
        + "."
        for name, net, lo, hi in r.rivals
    )
    at_low = break_even(r.upfront_cost, low + r.monthly_run_cost, r.monthly_run_cost).months
    times = f"{_months(r.break_even_months)} at the estimate and in {_months(at_low)} at the low end of the interval"
    payback = {
        True: f"It pays back its assumed {_money(r.upfront_cost)} build cost in {times}.",
        False: (
            f"Payback is counted from a switch to all traffic, which is not decided: from then, it would pay "
            f"back its assumed {_money(r.upfront_cost)} build cost in {times}."
        ),
    }[switch == "pass"]
    if r.trial_cost:
        payback = _trial_payback_words(r)
    if r.cheaper_option:
        c_name, c_net, c_lo, c_hi, c_build = r.cheaper_option
        rivals += (
            f" On its own, {c_name} is worth {_money_k(c_net)} a month over {r.baseline_name} "
            f"({r.net_value_confidence:.0%} interval {_money_k(c_lo)} to {_money_k(c_hi)}, same {sim}"
            f"transactions) for an assumed {_money(c_build)} build, against the model's {_money(r.upfront_cost)} "
            f"build and its assumed {_money(r.monthly_run_cost)} a month running cost."
        )
        edge = next(((lo_, hi_) for name, _, lo_, hi_ in r.rivals if name == c_name), None)
        if c_lo > 0 and (edge is None or not edge[0] > 0):
            rivals += (
                f" So trialling {c_name} now instead of a model trial is a defensible call too: it pays on its "
                "whole interval, and the model is not shown to beat it."
            )
    if _cheaper_leads(r):
        c_name, _, c_lo, c_hi, c_build = r.cheaper_option
        f_est, f_lo, f_hi, t_est, t_lo, t_hi, t_months = r.cheaper_first
        rivals = rivals.split(" So trialling ")[0].lstrip()  # the recommendation below says it
        payback = ""  # counted for the cheaper option in the recommendation; the model's is finance's, per case
        settle = (
            ""
            if not r.settle_months
            else " Settling the switch, with an 80% chance when the truth is the stated amount past each line (amounts "
            "set in advance): "
            + "; ".join(
                f"{_money_k(effect)} a month {name} takes about {months:.0f} months of data"
                for name, effect, months in r.settle_months
            )
            + "."
        )
        repaid = c_build / c_lo
        line = _money_k(r.min_net_to_switch)
        # the cheaper option is held to the model's switch line over the baseline: a trial when its interval is
        # above zero, a switch only when it is wholly above the line
        c_call = (
            f"Recommendation: switch to {c_name} now. Its whole interval clears the {line} switch line over "
            f"{r.baseline_name}, the line the model is held to, it repays its {_money(c_build)} build within "
            f"{repaid:.1f} months even at the low end, and the model is not shown to beat it."
            if c_lo > r.min_net_to_switch
            else f"Recommendation: start a trial of {c_name} now. It pays on its whole interval, repays its "
            f"{_money(c_build)} build within {repaid:.1f} months even at the low end, and the model is not shown "
            f"to beat it; but its interval, {_money_k(c_lo)} to {_money_k(c_hi)}, "
            + ("straddles" if c_hi >= r.min_net_to_switch else "lies wholly below")
            + f" the {line} switch line over {r.baseline_name}, the line the model is held to, so the switch to "
            + ("it is not yet decided." if c_hi >= r.min_net_to_switch else "it is no on this evidence.")
        )
        calls = {
            (trial, switch): (
                f"{c_call} The switch to the "
                f"model is not decided: its intervals do not clear every line ({'; '.join(open_parts)}). A model trial, if "
                f"run, uses {c_name} as its control: over its {t_months:.0f} months, build included, it ends between "
                f"{_money_k(t_lo)} and {_money_k(t_hi)} against {c_name} (estimate {_money_k(t_est)}), money spent to learn "
                f"whether the model beats it. Run against {r.baseline_name} instead, the same trial would forgo "
                f"{_money_k(f_lo)} to {_money_k(f_hi)} ({r.net_value_confidence:.0%} interval) of {c_name}'s value, net of "
                f"its build.{settle}{watch}"
            )
        }
    band_note = (
        ""
        if r.band_reviews_per_week <= 0
        else f" (counting {r.band_reviews_per_week:,.0f} uncertain payments a week reviewed after payment)"
    )
    # the net value's parts, so the sum reads right: fraud stopped + the review-time difference - running cost
    review_month = r.monthly_net_value + r.monthly_run_cost - r.extra_fraud_caught_per_month
    review_parts = (
        []
        if r.review_value_ci is None
        else [
            f"{r.net_value_confidence:.0%} interval {_money(r.review_value_ci[0])} to "
            f"{_money(r.review_value_ci[1])}"
            + (": its sign is not shown" if r.review_value_ci[0] <= 0 <= r.review_value_ci[1] else "")
        ]
    )
    review_parts += [band_note[2:-1]] if band_note else []
    review_words = (
        f"plus the review-time difference, {_money(review_month)} a month"  # no sign claimed
        + (f" ({'; '.join(review_parts)})" if review_parts else "")
    )
    fraud_band = (
        ""
        if r.extra_fraud_ci is None
        else f" ({r.net_value_confidence:.0%} interval {_money_k(r.extra_fraud_ci[0])} to "
        f"{_money_k(r.extra_fraud_ci[1])})"
    )
    return (
        f"**Executive summary{_sim(r)}.** Replacing {r.baseline_name} with the {r.model_name} is worth about "
        f"{_money_k(r.monthly_net_value)} a month net of its assumed {_money(r.monthly_run_cost)} monthly running cost "
        f"({band}). That is about {_money_k(r.extra_fraud_caught_per_month)} a month more fraud stopped than under "
        f"{r.baseline_name}{fraud_band}, {review_words}, less the running cost. "
        f"{payback}{rivals}{line_words} {calls[(trial, switch)]}"
    )


def _trial_payback_words(r: ModelResult) -> str:
    """Payback counted from the end of the trial, the build and the trial's own loss included."""
    low, est, high = _after_trial(r)
    return (
        f"Counted from the end of the trial (its assumed {_money(r.upfront_cost)} build and its own months "
        f"included), a switch to all traffic pays back what the trial lost in {_months(est)} at the estimate and "
        f"in {_months(low)} at the low end of the interval."
    )
