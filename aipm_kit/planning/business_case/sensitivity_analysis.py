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
    assumption worth checking before anyone commits money.
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
        ``name -> (low, high)`` for each assumption to vary.
    output : {"net_value", "monthly_value", "break_even_months", "roi"}
        With a BusinessCase, which result to track.

    Examples
    --------
    >>> s = sensitivity(lambda a, b: 3 * a + b, {"a": (0, 1), "b": (0, 1)}, base={"a": 0.5, "b": 0.5})
    >>> s.most_sensitive, float(s.to_frame().loc["a", "swing"])
    ('a', 3.0)
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
