"""One-at-a-time sensitivity: which assumption moves the answer most.

:func:`sensitivity` moves each assumption of a :class:`~aipm_kit.planning.business_case.BusinessCase` (or of
any function) to its low and high value and returns a :class:`Sensitivity`, sorted by swing: the rows of
a tornado chart (drawn by :func:`aipm_kit.plots.tornado`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .case import _OUTPUTS, BusinessCase

# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Sensitivity:
    """One-at-a-time sensitivity: the output at each assumption's low and high value.

    Rows are sorted by ``swing`` (largest first): the top of the tornado is the
    assumption worth checking before anyone commits money. Built by :func:`sensitivity`; the
    tornado chart is :func:`aipm_kit.plots.tornado`.

    Parameters
    ----------
    output : str
        What was tracked: the name of the business case's result, or ``"output"`` for a function.
    base_value : float
        The output with every assumption at its base value.
    table : pandas.DataFrame
        One row per assumption (the index), with columns ``low``, ``high``, ``output_at_low``,
        ``output_at_high`` and ``swing`` (the absolute difference of the two outputs).

    Examples
    --------
    >>> s = sensitivity(lambda a, b: 3 * a + b, {"a": (0, 1), "b": (0, 1)}, base={"a": 0.5, "b": 0.5})
    >>> s
    Sensitivity(output: base 2; most sensitive to a, swing 3)
    >>> s.to_frame()
                low  high  output_at_low  output_at_high  swing
    assumption
    a           0.0   1.0            0.5             3.5    3.0
    b           0.0   1.0            1.5             2.5    1.0
    """

    output: str
    base_value: float
    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def most_sensitive(self) -> str:
        return str(self.table.index[0])

    def __repr__(self) -> str:
        return (
            f"Sensitivity({self.output}: base {self.base_value:,.4g}; most sensitive to "
            f"{self.most_sensitive}, swing {self.table['swing'].iloc[0]:,.4g})"
        )


def sensitivity(
    model: Callable[..., float] | BusinessCase,
    ranges: Mapping[str, tuple[float, float]],
    *,
    base: Mapping[str, float] | None = None,
    output: str = "net_value",
) -> Sensitivity:
    """Move one assumption at a time to its low and high value and record the output.

    Parameters
    ----------
    model : BusinessCase or callable
        A :class:`BusinessCase` (its ``output`` is read from ``evaluate()``), or
        any function of keyword arguments returning a number, with ``base``
        giving the base keyword values.
    ranges : mapping
        ``name -> (low, high)`` for each assumption to vary: two finite numbers, low not above high.
        With a BusinessCase the names are its fields.
    base : mapping, optional
        ``name -> value``: the base keyword values of a function ``model`` (required then, and it must
        define every name in ``ranges``); ignored for a BusinessCase, whose own fields are the base.
    output : {"net_value", "monthly_value", "break_even_months", "roi"}
        With a BusinessCase, which result to track (default ``"net_value"``).

    Returns
    -------
    Sensitivity
        The base output and, per assumption, the output at its low and high value and the swing between
        them, sorted by swing, largest first.

    Raises
    ------
    ValueError
        Empty ``ranges``, an unknown ``output``, a missing ``base`` or base value, or a bad range.
    TypeError
        A ``model`` that is neither a BusinessCase nor a function, or a range that does not hold numbers.

    Examples
    --------
    >>> s = sensitivity(lambda a, b: 3 * a + b, {"a": (0, 1), "b": (0, 1)}, base={"a": 0.5, "b": 0.5})
    >>> s.most_sensitive, float(s.to_frame().loc["a", "swing"])
    ('a', 3.0)

    With a business case, each range replaces one of its assumptions:

    >>> case = BusinessCase(monthly_users=100_000, conversion_rate=0.05, value_per_conversion=20,
    ...                     accuracy_gain_points=2, conversion_lift_per_point=0.01,
    ...                     added_latency_ms=0, upfront_cost=12_000, monthly_cost=0)
    >>> sensitivity(case, {"accuracy_gain_points": (1, 3), "upfront_cost": (6_000, 18_000)}).to_frame()
                              low     high  output_at_low  output_at_high    swing
    assumption
    accuracy_gain_points      1.0      3.0        24000.0         96000.0  72000.0
    upfront_cost           6000.0  18000.0        66000.0         54000.0  12000.0
    """
    if not ranges:
        raise ValueError("ranges must name at least one assumption with its (low, high) values")
    if isinstance(model, BusinessCase):
        if output not in _OUTPUTS:
            raise ValueError(f"output must be one of {list(_OUTPUTS)}, got {output!r}")
        read = _OUTPUTS[output]

        def run(**changes):
            return float(read(model.with_(**changes).evaluate()))

        base_value = run()
    elif callable(model):
        if base is None:
            raise ValueError("base must give the base keyword values when model is a function")
        base = dict(base)
        missing = sorted(set(ranges) - set(base))
        if missing:
            raise ValueError(f"ranges name {missing}, which base does not define")

        def run(**changes):
            return float(model(**{**base, **changes}))

        base_value = run()
    else:
        raise TypeError(f"model must be a BusinessCase or a function, got {type(model).__name__}")

    rows = []
    for name, bounds in ranges.items():
        if len(bounds) != 2:
            raise ValueError(f"ranges[{name!r}] must be a (low, high) pair, got {bounds!r}")
        try:
            lo, hi = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise TypeError(f"ranges[{name!r}] must hold two numbers, got {bounds!r}") from None
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"ranges[{name!r}] must hold two finite numbers, got {bounds!r}")
        if lo > hi:
            raise ValueError(f"ranges[{name!r}]: low {lo} is above high {hi}")
        at_lo, at_hi = run(**{name: lo}), run(**{name: hi})
        swing = abs(at_hi - at_lo)
        rows.append(
            {"assumption": name, "low": lo, "high": hi, "output_at_low": at_lo, "output_at_high": at_hi, "swing": swing}
        )
    table = pd.DataFrame(rows).set_index("assumption")
    table = table.sort_values("swing", ascending=False, kind="stable")
    return Sensitivity(
        output=output if isinstance(model, BusinessCase) else "output", base_value=base_value, table=table
    )
