"""Ways to ship compared by risk appetite: cost, value if it works, and the chance it works.

:class:`Option` is one way to ship (the simple thing, a limited launch, the full build);
:func:`compare_options` sets them side by side over a horizon and
:meth:`OptionsComparison.recommend` picks one for a low, medium or high risk appetite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _amount

# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Option:
    """One way to ship: its cost, the value if it works, and the chance it works.

    If it fails, the team learns so at ``months_to_value`` and stops paying the
    running cost then. ``net_if_success(h)``, ``net_if_failure(h)`` and ``expected_net(h)`` give the
    net dollars over a horizon of ``h`` months.

    Parameters
    ----------
    name : str
        What the option is called (unique within a comparison).
    upfront_cost : float
        One-off cost to build, in dollars (>= 0).
    monthly_cost : float
        Running cost each month from the start, in dollars (>= 0).
    monthly_value : float
        Value each month once it works, in dollars (>= 0).
    p_success : float
        Chance it works, a probability in [0, 1].
    months_to_value : float, default 0.0
        Months before it creates value, or before a failure is known (>= 0).

    Raises
    ------
    ValueError
        A negative or non-finite amount, or ``p_success`` outside [0, 1].

    Examples
    --------
    >>> model = Option("model", 100_000, 5_000, 20_000, 0.6, months_to_value=4)
    >>> model.net_if_success(24), model.net_if_failure(24), model.expected_net(24)
    (180000, -120000, 60000.0)
    """

    name: str
    upfront_cost: float
    monthly_cost: float
    monthly_value: float
    p_success: float
    months_to_value: float = 0.0

    def __post_init__(self):
        for arg in ("upfront_cost", "monthly_cost", "monthly_value", "months_to_value"):
            _amount(getattr(self, arg), arg)
        check_probability(self.p_success, "p_success")

    def net_if_success(self, horizon_months: int) -> float:
        live = max(horizon_months - self.months_to_value, 0.0)
        return self.monthly_value * live - self.upfront_cost - self.monthly_cost * horizon_months

    def net_if_failure(self, horizon_months: int) -> float:
        return -self.upfront_cost - self.monthly_cost * min(self.months_to_value, horizon_months)

    def expected_net(self, horizon_months: int) -> float:
        return self.p_success * self.net_if_success(horizon_months) + (1 - self.p_success) * self.net_if_failure(
            horizon_months
        )


APPETITES = ("low", "medium", "high")
#: The largest chance of losing money a medium-appetite team accepts.
MEDIUM_MAX_P_LOSS = 0.25


@dataclass(frozen=True)
class OptionsComparison:
    """Options side by side over one horizon, and the pick for each risk appetite.

    Built by :func:`compare_options`; ``recommend(appetite)`` picks one option by name.

    Parameters
    ----------
    horizon_months : int
        The horizon the table is computed over (months).
    table : pandas.DataFrame
        One row per option (index ``option``): ``upfront_cost``, ``total_cost_if_success``,
        ``value_if_success``, ``p_success``, ``net_if_success``, ``net_if_failure``, ``expected_net`` and
        ``p_loss`` (the chance of ending below zero).

    Examples
    --------
    >>> cmp = compare_options([Option("rules", 10_000, 0, 3_000, 0.95),
    ...                        Option("model", 100_000, 5_000, 20_000, 0.6, months_to_value=4)])
    >>> cmp
    OptionsComparison(2 options over 24 months; low appetite -> rules, medium -> rules, high -> model)
    >>> cmp.to_frame()[["expected_net", "net_if_failure", "p_loss"]]
            expected_net  net_if_failure  p_loss
    option
    rules        58400.0        -10000.0    0.05
    model        60000.0       -120000.0    0.40
    """

    horizon_months: int
    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def recommend(self, appetite: str) -> str:
        """The option a team with this risk appetite should pick, on expected value and downside.

        Every appetite first drops the options with a negative expected net
        value (unless all are negative). Then appetite sets how much downside
        is accepted: ``low`` takes the best worst case (``net_if_failure``);
        ``medium`` takes the best expected net among options whose chance of a
        loss is at most :data:`MEDIUM_MAX_P_LOSS`; ``high`` takes the best
        expected net whatever the downside. A bold team accepts more risk for
        more expected value; it never picks an option that is worse on both.
        """
        if appetite not in APPETITES:
            raise ValueError(f"appetite must be one of {APPETITES}, got {appetite!r}")
        t = self.table
        positive = t[t["expected_net"] > 0]
        pool = positive if len(positive) else t
        if appetite == "low":
            return str(pool["net_if_failure"].idxmax())
        if appetite == "medium":
            tolerable = pool[pool["p_loss"] <= MEDIUM_MAX_P_LOSS]
            pool = tolerable if len(tolerable) else pool
        return str(pool["expected_net"].idxmax())

    def __repr__(self) -> str:
        return (
            f"OptionsComparison({len(self.table)} options over {self.horizon_months} months; "
            f"low appetite -> {self.recommend('low')}, medium -> {self.recommend('medium')}, "
            f"high -> {self.recommend('high')})"
        )


def compare_options(options: Sequence[Option], *, horizon_months: int = 24) -> OptionsComparison:
    """Cost, value and risk of each option over the horizon, side by side.

    Parameters
    ----------
    options : sequence of Option
        At least one option, with unique names.
    horizon_months : int, default 24
        The horizon in months (a positive whole number).

    Returns
    -------
    OptionsComparison
        The table of costs, values, nets and chance of a loss per option, in the order given, with
        ``recommend("low" | "medium" | "high")``.

    Raises
    ------
    ValueError
        No options, or two with the same name.
    TypeError
        An item that is not an :class:`Option`.

    Examples
    --------
    >>> cmp = compare_options([Option("rules", 10_000, 0, 3_000, 0.95),
    ...                        Option("model", 100_000, 5_000, 20_000, 0.6, months_to_value=4)])
    >>> cmp.recommend("low"), cmp.recommend("high")
    ('rules', 'model')
    """
    horizon_months = check_positive_int(horizon_months, "horizon_months")
    options = list(options)
    if not options:
        raise ValueError("options must hold at least one Option")
    for o in options:
        if not isinstance(o, Option):
            raise TypeError(f"options must be Option objects, got {type(o).__name__}")
    names = [o.name for o in options]
    if len(set(names)) != len(names):
        raise ValueError(f"option names must be unique, got {names}")
    rows = []
    for o in options:
        rows.append(
            {
                "option": o.name,
                "upfront_cost": o.upfront_cost,
                "total_cost_if_success": o.upfront_cost + o.monthly_cost * horizon_months,
                "value_if_success": o.monthly_value * max(horizon_months - o.months_to_value, 0),
                "p_success": o.p_success,
                "net_if_success": o.net_if_success(horizon_months),
                "net_if_failure": o.net_if_failure(horizon_months),
                "expected_net": o.expected_net(horizon_months),
                "p_loss": (1 - o.p_success) + (o.p_success if o.net_if_success(horizon_months) < 0 else 0),
            }
        )
    return OptionsComparison(horizon_months, pd.DataFrame(rows).set_index("option"))
