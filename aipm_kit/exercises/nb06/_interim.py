"""What routes complaints while a fix is tested, in words: shared by exercises 4 and 7 of notebook 06.

Dollars written with a true minus sign, and the sentence that says whether the model as it is is priced below
what routes complaints today on the whole of its paired interval.
"""

from __future__ import annotations


def _usd(v: float) -> str:
    return f"\u2212${abs(v):,.0f}" if v < 0 else f"${v:,.0f}"


def _interim_words(interim, meanwhile: str) -> tuple[bool, str]:
    """Whether the model as it is is shown to cost less than ``meanwhile`` (what routes complaints today), from
    ``interim`` = (estimate, low, high) of its first-year saving over it with a 95% paired interval, and a
    sentence saying what routes complaints while a fix is tested."""
    if interim is None:
        return False, f"What routes complaints meanwhile, the model as it is or {meanwhile}, was not priced here."
    est, lo, hi = (float(x) for x in interim)
    span = f"{_usd(est)} a year (95% paired {_usd(lo)} to {_usd(hi)})"
    if lo > 0:
        return True, (
            f"Priced by the same rule on the held-out reviews, the model as it is saves {span} over "
            f"{meanwhile}; routing with it meanwhile would launch it below the lines set in advance, which "
            "only the owner's written amendment to the gate could allow."
        )
    if hi < 0:
        return (
            False,
            f"Meanwhile {meanwhile} keeps routing: it costs less than the model as it is by {_usd(-est)} a year (95% paired {_usd(-hi)} to {_usd(-lo)}).",
        )
    return False, (
        f"Whether the model as it is or {meanwhile} routes complaints meanwhile is not settled by the "
        f"priced comparison (saving {span}, across zero): the owner decides."
    )
