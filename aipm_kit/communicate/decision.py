"""The money call the texts state: outcome ranges, the trial and switch calls, and how long settling takes.

Everything here is read off one :class:`~aipm_kit.communicate.result.ModelResult`: the conservative / expected /
optimistic cases and the net value's interval ends, the break-even precision and whether the rollback rule catches
a slide to it, the trial and switch calls decided on intervals, a trial's length and its monthly net, and the cases
when a cheaper option ships first.
"""

from __future__ import annotations

import math

import pandas as pd

from .._checks import check_probability
from ._common import _money_k
from .result import WEEKS_PER_MONTH, ModelResult
from .rollback import RollbackRule, share_below


def outcome_scenarios(result: ModelResult) -> pd.DataFrame:
    """Conservative / expected / optimistic outcomes from the result's own intervals.

    Conservative takes the low end of the recall interval, optimistic the
    high end. The alert volume is held fixed, so precision is not free: the
    frauds among the same alerts scale with recall, and precision follows as
    ``precision * r / recall`` (capped at 1); it moves the false flags, recall the fraud caught.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it. Anything else is refused with a ``TypeError``.

    Returns
    -------
    pandas.DataFrame
        One row per case (``conservative``, ``expected``, ``optimistic``) with its precision, recall, false flags
        per week, extra fraud caught ($/month), net value ($/month) and break-even (months).

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> sc = outcome_scenarios(r)
    >>> sc[["recall", "precision", "net value ($/month)"]].round(3)
                  recall  precision  net value ($/month)
    conservative    0.52       0.78              36000.0
    expected        0.60       0.90              48000.0
    optimistic      0.67       1.00              58500.0
    """
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    rows = {}
    for name, r in (
        ("conservative", result.recall_ci[0]),
        ("expected", result.recall),
        ("optimistic", result.recall_ci[1]),
    ):
        p = min(1.0, result.precision * r / result.recall) if result.recall > 0 else result.precision
        scaled = result.with_(
            precision=p,
            recall=r,
            fraud_value_caught_per_month=result.fraud_value_caught_per_month
            * (r / result.recall if result.recall > 0 else 0.0),
        )
        rows[name] = {
            "precision": p,
            "recall": r,
            "false flags per week": scaled.false_flags_per_week,
            "extra fraud caught ($/month)": scaled.extra_fraud_caught_per_month,
            "net value ($/month)": scaled.monthly_net_value,
            "break-even (months)": scaled.break_even_months,
        }
    return pd.DataFrame(rows).T


def break_even_precision(result: ModelResult) -> float:
    """The precision at which the monthly net value is zero, at the same alert volume.

    At a fixed number of alerts the fraud value caught scales with precision,
    so the net value ``caught * p / precision - baseline + review - run`` is
    zero at ``p = precision * (baseline - review + run) / caught``. The value is not clipped: below 0 or above 1
    means no precision in reach breaks even at this volume.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it. Its ``fraud_value_caught_per_month`` must be above zero.

    Returns
    -------
    float
        The break-even precision, a share.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> round(break_even_precision(r), 3)   # 0.9 x (50,000 - 13,000 + 5,000) / 90,000
    0.42
    """
    r = result
    review = r.review_hours_saved_per_week * WEEKS_PER_MONTH * r.review_hourly_cost
    return (
        r.precision * (r.baseline_value_caught_per_month - review + r.monthly_run_cost) / r.fraud_value_caught_per_month
    )


def _slide_detection(r: ModelResult, rule: RollbackRule) -> tuple[float, float]:
    """The break-even precision (clipped to 0-1) and how often the pooled rollback line fires there."""
    caught = r.fraud_value_caught_per_month
    p_be = min(max(break_even_precision(r), 0.0), 1.0) if caught > 0 else 1.0
    return p_be, share_below(rule.pooled_line, rule.alerts * rule.weeks, p_be)


def trial_months(result: ModelResult, *, power: float = 0.8) -> tuple[float, float]:
    """Months of live trial to confirm ``result.min_net_to_switch`` a month: (on ``live_share`` of traffic, on all).

    A month of full traffic is taken to measure the net value with the spread of the test month's
    interval (``net_value_ci`` read as a normal interval at ``net_value_confidence``); a share ``s`` of
    traffic measures it ``1/sqrt(s)`` less precisely. The trial is sized so that, with chance ``power``,
    its interval clears the line it is judged against when the truth is ``min_net_to_switch`` above it.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
        It must have a ``net_value_ci`` and a ``min_net_to_switch`` above zero (``ValueError`` otherwise).
    power : float, default 0.8
        The chance the trial's interval clears the line when the true net value is ``min_net_to_switch`` above
        it, in [0, 1].

    Returns
    -------
    tuple of float
        ``(months on live_share of traffic, months on all traffic)``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> months = trial_months(r.with_(net_value_ci=(20_000, 60_000), min_net_to_switch=10_000, live_share=0.25))
    >>> [round(m, 1) for m in months]
    [32.7, 8.2]
    """
    from statistics import NormalDist

    check_probability(power, "power")
    if result.net_value_ci is None:
        raise ValueError("result has no net_value_ci: build it with n_boot > 0")
    if not result.min_net_to_switch > 0:
        raise ValueError(f"min_net_to_switch must be > 0 to size a trial, got {result.min_net_to_switch}")
    z = NormalDist().inv_cdf(0.5 + result.net_value_confidence / 2)
    sd_month = (result.net_value_ci[1] - result.net_value_ci[0]) / (2 * z)
    full = ((z + NormalDist().inv_cdf(power)) * sd_month / result.min_net_to_switch) ** 2
    return full / result.live_share, full


def trial_month_net(result: ModelResult) -> tuple[float, float, float]:
    """A live trial month's net value over the baseline: (estimate, low, high), on ``net_value_ci``.

    During the trial the model decides ``live_share`` of traffic, so it earns that share of its value over
    the baseline (the net value plus the running cost), but it scores every payment, so it pays the full
    ``monthly_run_cost``: ``live_share x (net + run) - run``. Linear in the net value, so the interval's
    ends map to the trial month's.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
        It must have a ``net_value_ci`` (``ValueError`` otherwise).

    Returns
    -------
    tuple of float
        ``(estimate, low, high)`` of the trial month's net value, in dollars.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> trial_month_net(r.with_(net_value_ci=(20_000, 60_000), live_share=0.2))   # 0.2 x (48,000 + 5,000) - 5,000
    (5600.0, 0.0, 8000.0)
    """
    if result.net_value_ci is None:
        raise ValueError("result has no net_value_ci: build it with n_boot > 0")
    run, share = result.monthly_run_cost, result.live_share
    return tuple(float(share * (v + run) - run) for v in (result.monthly_net_value, *result.net_value_ci))


def months_to_settle(interval, min_effect: float, *, confidence: float = 0.95, power: float = 0.8) -> float:
    """Months of data for an interval to clear zero when the true difference is ``min_effect``.

    Months of data like the measured month for an interval to clear zero, with chance ``power``, when the true
    difference is ``min_effect`` (the smallest effect worth acting on, chosen before the test).
    ``interval`` is one month's ``confidence`` interval of the difference (read as a normal interval); its
    standard error shrinks as 1/sqrt(months), so the months are ``((z + z_power) * se / min_effect) ** 2``.

    Parameters
    ----------
    interval : tuple of float
        One month's ``(low, high)`` interval of the difference; finite, with low <= high.
    min_effect : float
        The smallest true difference worth acting on, in the interval's units; must be above zero.
    confidence : float, default 0.95
        The confidence of ``interval``, in [0, 1].
    power : float, default 0.8
        The chance the interval clears zero when the truth is ``min_effect``, in [0, 1].

    Returns
    -------
    float
        The months of data needed.

    Examples
    --------
    >>> round(months_to_settle((-19.6, 19.6), 10.0), 2)   # se 10, effect 10: (1.96 + 0.84)^2
    7.85
    >>> months_to_settle((-19.6, 19.6), 0.0)
    Traceback (most recent call last):
    ...
    ValueError: min_effect must be > 0, got 0.0
    """
    from statistics import NormalDist

    check_probability(confidence, "confidence")
    check_probability(power, "power")
    lo, hi = (float(v) for v in interval)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        raise ValueError(f"interval must be a finite (low, high) with low <= high, got {interval}")
    if not min_effect > 0:
        raise ValueError(f"min_effect must be > 0, got {min_effect}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    se = (hi - lo) / (2 * z)
    return float(((z + NormalDist().inv_cdf(power)) * se / min_effect) ** 2)


def switch_call(result: ModelResult) -> tuple[str, str, list]:
    """The trial call and the switch call, each decided on an interval (pass / fail / inconclusive).

    The **trial** (the model on a share of traffic, the rollback rule armed) needs the net value over the
    baseline above zero. The **switch** needs it above ``min_net_to_switch`` (the smallest net value worth the
    switch, set in advance) and, over every rival option on the table, above zero. The net value's interval is
    ``net_value_ci``, or without one the conservative to optimistic range of :func:`outcome_scenarios`, widened
    to hold the estimate.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    tuple
        ``(trial, switch, criteria)``: the trial status, the switch status (fail if any criterion fails, pass if
        all pass, otherwise inconclusive) and the switch criteria as a list of (name, status) pairs.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> switch_call(r.with_(net_value_ci=(20_000, 60_000), min_net_to_switch=30_000))
    ('pass', 'inconclusive', [('over the rules, against the $30k line', 'inconclusive')])
    """
    from ..gates import criterion

    r = result
    if r.net_value_ci is not None:
        low, high = r.net_value_ci
    else:
        sc = outcome_scenarios(r)["net value ($/month)"]
        low, high = float(sc["conservative"]), float(sc["optimistic"])
    iv = (min(low, r.monthly_net_value), max(high, r.monthly_net_value))
    trial = criterion("net value per month", r.monthly_net_value, ">", 0.0, interval=iv, evidence="interval").status
    parts = [
        (
            f"over {r.baseline_name}, against the {_money_k(r.min_net_to_switch)} line",
            criterion(
                "net value per month", r.monthly_net_value, ">", r.min_net_to_switch, interval=iv, evidence="interval"
            ).status,
        )
    ]
    parts += [
        (
            f"over {name}, against zero",
            criterion(
                f"net value over {name}", net, ">", 0.0, interval=(min(lo, net), max(hi, net)), evidence="bootstrap"
            ).status,
        )
        for name, net, lo, hi in r.rivals
    ]
    statuses = [st for _, st in parts]
    switch = "fail" if "fail" in statuses else "pass" if all(st == "pass" for st in statuses) else "inconclusive"
    return trial, switch, parts


def _after_trial(result: ModelResult) -> list:
    """Months of full-traffic net value that repay what the trial lost, at the low end, estimate and high end."""
    est, lo, hi = (float(v) for v in result.trial_cost)
    out = []
    for lost, net in ((lo, result.net_value_ci[0]), (est, result.monthly_net_value), (hi, result.net_value_ci[1])):
        out.append(0.0 if lost >= 0 else (-lost / net if net > 0 else math.inf))
    return out


def net_value_scenarios(result: ModelResult) -> pd.DataFrame:
    """Low, expected and high net value a month, read off the result's own net-value interval, with payback.

    The low and high cases are the ends of ``net_value_ci`` (the paired bootstrap the calls are taken on), so
    finance's downside is the executive summary's. Payback is ``upfront_cost / net`` (never when net <= 0). With
    ``trial_cost`` set, the trial's own net is added and payback is counted from the end of the trial instead.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
        It must have a ``net_value_ci`` (``ValueError`` otherwise); anything but a result is refused
        with a ``TypeError``.

    Returns
    -------
    pandas.DataFrame
        One row per case (the interval's low end, the estimate, its high end) with the net value ($/month) and
        the payback (months), or the trial's own net and the payback after the trial.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> net_value_scenarios(r.with_(net_value_ci=(20_000, 60_000)))
                                  net value ($/month)  payback (months)
    low end of the 95% interval               20000.0               6.0
    estimate                                  48000.0               2.5
    high end of the 95% interval              60000.0               2.0
    """
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    if result.net_value_ci is None:
        raise ValueError("the result has no net_value_ci (summarise with n_boot > 0)")
    c = result.net_value_confidence
    rows = {}
    for name, net in (
        (f"low end of the {c:.0%} interval", result.net_value_ci[0]),
        ("estimate", result.monthly_net_value),
        (f"high end of the {c:.0%} interval", result.net_value_ci[1]),
    ):
        rows[name] = {
            "net value ($/month)": float(net),
            "payback (months)": result.upfront_cost / net if net > 0 else math.inf,
        }
    frame = pd.DataFrame(rows).T
    if result.trial_cost:  # counted from the end of the trial: what the trial lost, build included
        frame["trial's own net, build included ($)"] = [float(result.trial_cost[i]) for i in (1, 0, 2)]
        frame["payback after the trial (months)"] = _after_trial(result)
        frame = frame.drop(columns="payback (months)")
    return frame


def _cheaper_leads(r: ModelResult) -> bool:
    """True when the cheaper option pays on its whole interval and the model is not shown to beat it."""
    if not (r.cheaper_option and r.cheaper_first):
        return False
    c_name, _, c_lo, _, _ = r.cheaper_option
    edge = next(((lo, hi) for name, _, lo, hi in r.rivals if name == c_name), None)
    return c_lo > 0 and (edge is None or not edge[0] > 0)


def cheaper_first_scenarios(result: ModelResult) -> pd.DataFrame:
    """Low, estimate and high cases when the cheaper option ships first, each read off its own interval.

    Columns: the cheaper option's net value a month over the baseline and the months it takes to repay its build;
    the model's net value a month over the cheaper option (the rival of that name); a model trial with the cheaper
    option as its control, build included (``cheaper_first``); and the months of full-traffic net value over the
    cheaper option that would repay that trial after a switch. A case at or below zero over the cheaper option is
    below the switch line, so there is no switch and no payback: the trial's cost is sunk (NaN in the last column).

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
        It must have ``cheaper_option``, ``cheaper_first`` and a rival named like the cheaper option
        (see :meth:`ModelResult.with_rival`); ``ValueError`` otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per case (the low end of the interval, the estimate, the high end) and the five columns above.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> r2 = r.with_(cheaper_option=("a new rule", 30_000, 10_000, 50_000, 20_000),
    ...              rivals=(("a new rule", 18_000, -2_000, 38_000),),
    ...              cheaper_first=(0, 0, 0, -60_000, -90_000, -30_000, 3))
    >>> sc = cheaper_first_scenarios(r2)
    >>> sc["months to repay the trial after a switch"].round(1)   # NaN: no switch at the low end
    low end of the 95% interval     NaN
    estimate                        3.3
    high end of the 95% interval    0.8
    Name: months to repay the trial after a switch, dtype: float64
    """
    r = result
    if not (r.cheaper_option and r.cheaper_first):
        raise ValueError("the result has no cheaper_option and cheaper_first")
    c_name, c_net, c_lo, c_hi, c_build = r.cheaper_option
    edge = next(((net, lo, hi) for name, net, lo, hi in r.rivals if name == c_name), None)
    if edge is None:
        raise ValueError(f"the result has no rival named {c_name!r}")
    c = r.net_value_confidence
    trial = r.cheaper_first[3:6]
    rows = {}
    for i, name in ((1, f"low end of the {c:.0%} interval"), (0, "estimate"), (2, f"high end of the {c:.0%} interval")):
        cheap = (c_net, c_lo, c_hi)[i]
        model = (edge[0], edge[1], edge[2])[i]
        lost = float(trial[i])
        rows[name] = {
            f"{c_name} over {r.baseline_name} ($/month)": float(cheap),
            "months to repay its build": c_build / cheap if cheap > 0 else math.inf,
            f"model over {c_name} ($/month)": float(model),
            f"model trial against {c_name}, build included ($)": lost,
            "months to repay the trial after a switch": (
                math.nan if model <= 0 else 0.0 if lost >= 0 else -lost / model
            ),
        }
    return pd.DataFrame(rows).T
