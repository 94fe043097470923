"""Scorers made to order, and the scorers known by name.

:func:`scorer` fixes a scorer's keyword options under a readable name, :func:`on_reference` points
it at the case's long reference answer instead of ``expected``, and :data:`LEXICAL_SCORERS` are
the scorers the command line and the benchmark know by name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .matching import concise, exact_match, includes, numeric_close
from .overlap import rouge_l, token_f1
from .score import Score


def scorer(fn: Callable[..., Score], **options) -> Callable[[str, Any], Score]:
    """``fn`` with keyword options fixed, keeping a readable name (``rouge_l(threshold=0.4)``).

    Examples
    --------
    >>> strict = scorer(rouge_l, threshold=0.8)
    >>> strict("a b c", "a b c").passed
    True
    """
    bound = functools.partial(fn, **options)
    shown = ", ".join(f"{k}={v!r}" for k, v in options.items())
    bound.__name__ = f"{fn.__name__}({shown})" if shown else fn.__name__  # type: ignore[attr-defined]
    return bound


def on_reference(fn: Callable[..., Score], **options) -> Callable[[str, Any], Score]:
    """Score against the case's long reference answer (``case.reference``) instead of ``expected``.

    The returned scorer has ``needs_case = True``, so the runner passes it the case.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> case = make_cases([{"id": "a", "input": "q", "expected": "30 days",
    ...                     "metadata": {"reference": "Returns are accepted within 30 days."}}])[0]
    >>> round(on_reference(rouge_l)("Returns within 30 days.", case).value, 2)
    0.8
    """
    bound = functools.partial(fn, **options) if options else fn

    def score(response, case) -> Score:
        return bound(response, case.reference)

    score.needs_case = True  # type: ignore[attr-defined]
    score.__name__ = f"{getattr(fn, '__name__', 'scorer')}(reference)"
    return score


#: The scorers the command line and the benchmark know by name.
LEXICAL_SCORERS: dict[str, Callable[[str, Any], Score]] = {
    "exact_match": exact_match,
    "includes": includes,
    "token_f1": token_f1,
    "rouge_l": rouge_l,
    "numeric_close": numeric_close,
    "concise": concise,
}
