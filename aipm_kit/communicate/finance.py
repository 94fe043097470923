"""The finance note: the range of monthly outcomes and payback, the ends of the interval the calls rest on.

Costs are stated as assumptions; the cases are read off the result's own net-value interval (or the conservative /
expected / optimistic cases), and off the cheaper option's cases when it ships first.
"""

from __future__ import annotations

import math

import pandas as pd

from ._common import _money, _months, _pct, _sim
from .decision import _cheaper_leads, cheaper_first_scenarios, net_value_scenarios, outcome_scenarios
from .result import ModelResult


def finance_note(result: ModelResult) -> str:
    """The range of outcomes a month and the payback, for finance: the cases the calls rest on.

    Which cases depends on what the result holds: when a cheaper option ships first
    (``cheaper_option`` and ``cheaper_first`` set, and the cheaper option leads), the cases of
    :func:`cheaper_first_scenarios`; otherwise, with a ``net_value_ci``, the ends of that interval and the
    estimate (:func:`net_value_scenarios`, payback counted from the end of the trial when ``trial_cost`` is set);
    otherwise the conservative, expected and optimistic cases of :func:`outcome_scenarios`. Costs are stated as
    assumptions.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    str
        The finance note as one Markdown paragraph, headed ``**Finance.**``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> print(finance_note(r))
    **Finance.** Build cost $120,000; running cost $5,000 a month. Net monthly value by scenario, on all traffic
    (break-even counted from a switch): conservative $36,000 a month (break-even 3.3 months); ...
    >>> print(finance_note(r.with_(net_value_ci=(20_000, 60_000))))
    **Finance.** Assumed costs: build $120,000, running $5,000 a month, review time $50 an hour. ...
    """
    r = result
    if _cheaper_leads(r):  # the cheaper option ships first: its cases, and the model's over it
        c_name, c_build = r.cheaper_option[0], r.cheaper_option[4]
        sc = cheaper_first_scenarios(r)
        cols = list(sc.columns)
        cheap = "; ".join(
            f"{name} {_money(row[cols[0]])} a month (its build repaid in {_months(row[cols[1]])})"
            for name, row in sc.iterrows()
        )
        model = "; ".join(
            f"{name} {_money(row[cols[2]])} a month, a trial of {_money(row[cols[3]])} "
            + (
                "(no switch at this case: below zero over it, so the trial's cost is sunk)"
                if math.isnan(row[cols[4]])
                else f"(repaid {_months(row[cols[4]])} after a switch)"
            )
            for name, row in sc.iterrows()
        )
        return (
            f"**Finance{_sim(r)}.** Assumed costs: {c_name} build {_money(c_build)} (running cost taken as zero); "
            f"model build {_money(r.upfront_cost)}, running {_money(r.monthly_run_cost)} a month; review time "
            f"{_money(r.review_hourly_cost)} an hour. {c_name[0].upper() + c_name[1:]} over {r.baseline_name}, on "
            f"all traffic: {cheap}. The model over {c_name}, and a {int(r.cheaper_first[6])}-month model trial "
            f"with {c_name} as its control, build included: {model}. These are the ends of the intervals the "
            "executive summary decides on."
        )
    if r.net_value_ci is not None:  # the spread the calls rest on: the paired interval's ends
        nv = net_value_scenarios(r)
        pay = "payback after the trial (months)" if r.trial_cost else "payback (months)"
        parts = [
            f"{name} {_money(row['net value ($/month)'])} (payback "
            + ("none needed: the trial ends above zero" if row[pay] == 0 else _months(row[pay]))
            + ")"
            for name, row in nv.iterrows()
        ]
        counted = (
            "payback counted from the end of the trial, what it lost (build included) to repay"
            if r.trial_cost
            else "payback counted from a switch"
        )
        return (
            f"**Finance{_sim(r)}.** Assumed costs: build {_money(r.upfront_cost)}, running "
            f"{_money(r.monthly_run_cost)} a month, review time {_money(r.review_hourly_cost)} an hour. Net value a "
            f"month over {r.baseline_name}, on all traffic, {counted}: {'; '.join(parts)}. "
            "These are the ends of the interval the executive summary decides on."
        )
    sc = outcome_scenarios(r)
    parts = [
        f"{name} {_money(sc.loc[name, 'net value ($/month)'])} a month (break-even "
        f"{_months(sc.loc[name, 'break-even (months)'])})"
        for name in sc.index
    ]
    return (
        f"**Finance{_sim(r)}.** Build cost {_money(r.upfront_cost)}; running cost {_money(r.monthly_run_cost)} a month. "
        f"Net monthly value by scenario, on all traffic (break-even counted from a switch): {'; '.join(parts)}. The conservative case takes the bottom of the "
        f"95% interval for recall ({_pct(r.recall_ci[0])}); with the alert volume held fixed, precision follows "
        f"({_pct(sc.loc['conservative', 'precision'])}). "
        f"Review time is costed at {_money(r.review_hourly_cost)} an hour; build and running costs are assumptions. "
        + _conservative_sentence(r, sc)
    )


def _conservative_sentence(r: ModelResult, sc: pd.DataFrame) -> str:
    if r.net_value_ci is None:
        return ""
    cons, low = float(sc.loc["conservative", "net value ($/month)"]), r.net_value_ci[0]
    if cons >= low:
        return (
            f"The conservative case sits above the {r.net_value_confidence:.0%} bootstrap low end of the net value "
            f"({_money(low)} a month): decide on that interval."
        )
    where = "below"
    return (
        f"The conservative case sits {where} the {r.net_value_confidence:.0%} bootstrap low end of the net "
        f"value ({_money(low)} a month) mainly because it moves the model's recall alone while the catch of "
        f"{r.baseline_name} stays fixed: the edge over them is a small difference of two large fraud values, and most of "
        "their catches are the same frauds, which the bootstrap keeps paired. In these cases the alert volume "
        "is held fixed, so fewer frauds caught also means more legitimate customers among the alerts. A "
        "stress case, not a forecast."
    )
