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
    running cost then.
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
