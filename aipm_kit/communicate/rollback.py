"""Alarm lines set from a count's own weekly noise: the rollback rule on precision and the flag-count lines.

A week holds few alerts, so its precision and its count of flags scatter widely around the true rate. The lines
here are set so that a healthy model crosses them only by chance (``ROLLBACK_FALSE_ALARM`` of the time), with exact
binomial and Poisson sums; the yearly budget of false rollbacks can be split between the weekly and pooled lines.
:func:`rollback_rule` reads a result's fields without importing its class (the result module imports this one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._checks import check_non_negative, check_probability

#: Chance that a healthy week (or run of weeks) trips the rollback line: about once in 100.
ROLLBACK_FALSE_ALARM = 0.01
#: The slower, more sensitive rollback rule pools this many weeks of alerts.
ROLLBACK_WEEKS = 4


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed exactly."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0 or p >= 1.0:
        return 1.0 if p <= 0.0 else 0.0
    lp, lq, top = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    return min(
        1.0,
        math.fsum(
            math.exp(top - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq) for i in range(k + 1)
        ),
    )


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu), summed exactly in log space."""
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    lm = math.log(mu)
    return min(1.0, math.fsum(math.exp(i * lm - mu - math.lgamma(i + 1)) for i in range(int(k) + 1)))


@dataclass(frozen=True)
class FlagCountLines:
    """Escalation lines for a week's count of flags: a healthy week lands outside them with chance ``chance``.

    The count of flags in a week scatters like a Poisson count around the
    expected ``mean``; ``low`` and ``high`` are the fewest and the most flags a
    healthy week shows except by chance ``false_alarm`` (split evenly between
    the two sides). ``chance`` is the exact chance of landing outside. Built by :func:`flag_count_lines`;
    :meth:`chance_outside` gives the chance for any other pair of lines.

    Parameters
    ----------
    mean : float
        The expected count of flags in a healthy week.
    false_alarm : float
        The largest chance of a healthy week outside the lines, which they were set for.
    low : int
        The fewest flags a healthy week shows except by chance: a week with fewer escalates.
    high : int
        The most flags a healthy week shows except by chance: a week with more escalates.
    chance : float
        The exact chance that a healthy week lands below ``low`` or above ``high`` (at most ``false_alarm``).

    Examples
    --------
    >>> lines = flag_count_lines(39.0)
    >>> lines.low, lines.high, round(lines.chance, 4)
    (24, 56, 0.008)
    >>> round(lines.chance_outside(30, 50), 3)   # tighter lines: about one healthy week in ten crosses them
    0.096
    """

    mean: float
    false_alarm: float
    low: int
    high: int
    chance: float

    def chance_outside(self, low: float, high: float) -> float:
        """Chance a healthy week's count falls below ``low`` or above ``high`` (any pair of lines)."""
        return _poisson_cdf(math.ceil(low) - 1, self.mean) + 1 - _poisson_cdf(math.floor(high), self.mean)


def flag_count_lines(mean: float, *, false_alarm: float = ROLLBACK_FALSE_ALARM) -> FlagCountLines:
    """Weekly flag-count lines set like the rollback line: from the count's own noise, not a round fraction.

    The low line is the largest count with a Poisson chance of a week below it of at most ``false_alarm / 2``,
    the high line the smallest with the chance of a week above it at most ``false_alarm / 2``.

    Parameters
    ----------
    mean : float
        The expected count of flags a week; must be above zero.
    false_alarm : float, default ROLLBACK_FALSE_ALARM
        The largest chance that a healthy week lands outside the lines, split evenly between the two sides; in
        [0, 1].

    Returns
    -------
    FlagCountLines
        The lines, with the exact chance of a healthy week outside them.

    Examples
    --------
    >>> lines = flag_count_lines(39.0)
    >>> (lines.low, lines.high)
    (24, 56)
    >>> flag_count_lines(0)
    Traceback (most recent call last):
    ...
    ValueError: mean must be > 0 flags a week, got 0
    """
    check_probability(false_alarm, "false_alarm")
    if not mean > 0:
        raise ValueError(f"mean must be > 0 flags a week, got {mean}")
    tail = false_alarm / 2
    low = 0  # the largest low with P(X < low) <= tail
    while _poisson_cdf(low, mean) <= tail:
        low += 1
    high = math.ceil(mean)  # the smallest high with P(X > high) <= tail
    while 1 - _poisson_cdf(high, mean) > tail:
        high += 1
    chance = _poisson_cdf(low - 1, mean) + 1 - _poisson_cdf(high, mean)
    return FlagCountLines(float(mean), false_alarm, low, high, chance)


def share_below(line: float, n: int, p: float) -> float:
    """Chance that the precision of ``n`` alerts, each right with chance ``p``, comes out below ``line``.

    An exact binomial sum: the chance that fewer than ``line * n`` of the ``n`` alerts are right.

    Parameters
    ----------
    line : float
        The precision line, a share.
    n : int
        The number of alerts the precision is read from; at least 1.
    p : float
        The true precision: the chance each alert is right, in [0, 1].

    Returns
    -------
    float
        The chance the measured precision falls strictly below ``line``.

    Examples
    --------
    >>> round(share_below(0.5, 10, 0.5), 3)   # 4 or fewer right out of 10
    0.377
    >>> round(share_below(0.5, 100, 0.5), 3)  # more alerts, less noise around the truth
    0.46
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be at least 1 alert, got {n}")
    check_probability(p, "p")
    return _binom_cdf(math.ceil(line * n - 1e-9) - 1, n, p)


@dataclass(frozen=True)
class RollbackRule:
    """Precision lines a healthy model crosses only by chance ``false_alarm`` of the time.

    ``weekly_line`` applies to one week of ``alerts`` alerts, ``pooled_line`` to
    ``weeks`` weeks pooled; both are set so that a model whose true precision is
    ``at_precision`` falls below them with chance at most ``false_alarm``. Built by :func:`rollback_rule`.
    :attr:`false_rollbacks_per_year` counts the false rollbacks a year expected of a healthy model,
    :meth:`detection` how often the lines fire at another true precision, and :meth:`varying` the same
    chances when the weekly count of alerts varies.

    Parameters
    ----------
    at_precision : float
        The true precision the lines treat as healthy, a share.
    alerts : int
        Alerts in one week.
    false_alarm : float
        The false-alarm chance the weekly line was set for (the pooled line's too, unless the result set its own).
    weeks : int
        How many weeks the pooled line pools.
    weekly_line : float
        The precision line for one week.
    weekly_chance : float
        The exact chance a healthy week falls below ``weekly_line``.
    pooled_line : float
        The precision line for ``weeks`` weeks pooled.
    pooled_chance : float
        The exact chance a healthy run of ``weeks`` weeks falls below ``pooled_line``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> rule = rollback_rule(r.with_(alerts_per_week=50))
    >>> rule.weekly_line, rule.pooled_line, round(rule.false_rollbacks_per_year, 2)
    (0.72, 0.79, 0.39)
    >>> [round(x, 3) for x in rule.detection(0.7)]   # a slide to 70%: week, any week of 4, pooled run
    [0.553, 0.96, 0.997]
    """

    at_precision: float
    alerts: int
    false_alarm: float
    weeks: int
    weekly_line: float
    weekly_chance: float
    pooled_line: float
    pooled_chance: float

    @property
    def false_rollbacks_per_year(self) -> float:
        """Expected false rollbacks a year of a model at ``at_precision``: the weekly line is checked every week,
        the pooled line once every ``weeks`` weeks on the last ``weeks`` weeks. Expected counts add, so this is
        exact for a rule that keeps running; it is slightly pessimistic because after a rollback the later checks
        of that year do not happen."""
        return 52 * self.weekly_chance + 52 / self.weeks * self.pooled_chance

    def varying(self, precision: float | None = None) -> tuple[float, float, float]:
        """With the weekly count of alerts varying as a Poisson count around ``alerts`` (a week's count is not fixed):
        the chance one week crosses the weekly line, that a ``weeks``-week run crosses the pooled line, and the false
        rollbacks a year they give, at a true ``precision`` (default ``at_precision``). A week with no alerts has no
        precision and crosses nothing."""
        p = self.at_precision if precision is None else precision
        check_probability(p, "precision")

        def mixed(line: float, mean: float) -> float:
            top = int(mean + 12 * math.sqrt(mean) + 12)
            return sum(
                math.exp(n * math.log(mean) - mean - math.lgamma(n + 1)) * share_below(line, n, p)
                for n in range(1, top + 1)
            )

        week, run = mixed(self.weekly_line, self.alerts), mixed(self.pooled_line, self.alerts * self.weeks)
        return week, run, 52 * week + 52 / self.weeks * run

    def detection(self, precision: float) -> tuple[float, float, float]:
        """At a true ``precision``: the chance one week trips the weekly line, that the weekly line trips at
        least once in ``weeks`` weeks (independent weeks), and that a ``weeks``-week run trips the pooled line."""
        check_probability(precision, "precision")
        week = share_below(self.weekly_line, self.alerts, precision)
        return week, 1 - (1 - week) ** self.weeks, share_below(self.pooled_line, self.alerts * self.weeks, precision)


def _line(n: int, p: float, false_alarm: float) -> tuple[float, float]:
    k = 0  # the largest k with P(X < k) <= false_alarm; the line is k / n
    while k < n and _binom_cdf(k, n, p) <= false_alarm:
        k += 1
    return k / n, _binom_cdf(k - 1, n, p)


def rollback_budget(per_year: float, *, weeks: int = ROLLBACK_WEEKS, weekly_share: float = 0.5) -> tuple[float, float]:
    """Split a yearly budget of false rollbacks between the weekly line and the pooled line.

    The weekly line is checked 52 times a year and the pooled line ``52 / weeks`` times, so giving the
    weekly line ``weekly_share`` of the budget allows a weekly chance of ``weekly_share * per_year / 52``
    and a pooled chance of ``(1 - weekly_share) * per_year / (52 / weeks)``; together they expect at most
    ``per_year`` false rollbacks a year.

    Parameters
    ----------
    per_year : float
        The false rollbacks a year the two lines may expect together; not negative, and not more than the
        checks allow (a chance above 1 is refused).
    weeks : int, default ROLLBACK_WEEKS
        How many weeks the pooled line pools; at least 1.
    weekly_share : float, default 0.5
        The share of the budget given to the weekly line, in [0, 1].

    Returns
    -------
    tuple of float
        ``(weekly false-alarm chance, pooled false-alarm chance)``, to pass to :func:`rollback_rule` through the
        result's ``rollback_false_alarm`` and ``rollback_pooled_false_alarm``.

    Examples
    --------
    >>> [round(x, 4) for x in rollback_budget(1.0)]
    [0.0096, 0.0385]
    >>> rollback_budget(100.0)
    Traceback (most recent call last):
    ...
    ValueError: per_year=100.0 is more false rollbacks than there are checks in a year
    """
    check_non_negative(per_year, "per_year")
    check_probability(weekly_share, "weekly_share")
    weeks = int(weeks)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    weekly, pooled = weekly_share * per_year / 52, (1 - weekly_share) * per_year / (52 / weeks)
    if weekly > 1 or pooled > 1:
        raise ValueError(f"per_year={per_year} is more false rollbacks than there are checks in a year")
    return weekly, pooled


def rollback_rule(
    result: ModelResult,  # noqa: F821 (.result imports this module)
    *,
    false_alarm: float | None = None,
    weeks: int = ROLLBACK_WEEKS,
) -> RollbackRule:
    """Rollback lines from the weekly noise of precision, not from today's confidence interval.

    A week holds only ``result.alerts_per_week`` alerts, so its precision
    scatters widely around the true rate. The lines are set at the bottom of
    today's 95% interval for precision (a pessimistic true rate; the result's ``rollback_at_precision`` when
    set): even then a healthy week falls below ``weekly_line`` with chance at most
    ``false_alarm``, and ``weeks`` pooled weeks fall below ``pooled_line``
    with the same chance. The pooled rule catches smaller, lasting drops.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
    false_alarm : float or None, default None
        The largest chance a healthy week crosses the weekly line, in [0, 1]; None takes the result's
        ``rollback_false_alarm``, and then the pooled line uses the result's ``rollback_pooled_false_alarm``
        when that is set (given here, it serves both lines).
    weeks : int, default ROLLBACK_WEEKS
        How many weeks the pooled line pools; at least 1.

    Returns
    -------
    RollbackRule
        The two lines, with their exact chances of a false rollback.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> rule = rollback_rule(r.with_(alerts_per_week=50))   # 50 alerts a week, healthy at 85%
    >>> rule.weekly_line, round(rule.weekly_chance, 4), rule.pooled_line
    (0.72, 0.0053, 0.79)
    >>> rollback_rule(r.with_(alerts_per_week=50), false_alarm=0.05).weekly_line   # a looser budget: nearer 85%
    0.76
    """
    pooled_false_alarm = (
        result.rollback_pooled_false_alarm
        if false_alarm is None and result.rollback_pooled_false_alarm is not None
        else None
    )
    false_alarm = result.rollback_false_alarm if false_alarm is None else false_alarm
    check_probability(false_alarm, "false_alarm")
    pooled_false_alarm = false_alarm if pooled_false_alarm is None else pooled_false_alarm
    weeks = int(weeks)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    n = max(int(round(result.alerts_per_week)), 1)
    p = result.precision_ci[0] if result.rollback_at_precision is None else result.rollback_at_precision
    weekly, weekly_chance = _line(n, p, false_alarm)
    pooled, pooled_chance = _line(n * weeks, p, pooled_false_alarm)
    return RollbackRule(p, n, false_alarm, weeks, weekly, weekly_chance, pooled, pooled_chance)
