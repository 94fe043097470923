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

    The name is what the runner and the report show for the scorer.

    Parameters
    ----------
    fn : callable
        A scorer, ``fn(response, expected, **options) -> Score``.
    **options
        The keyword options to fix (``threshold=0.8``); they are checked only when the scorer
        is called.

    Returns
    -------
    functools.partial
        ``fn`` with ``options`` bound, named ``"<fn>(<option>=<value>, ...)"`` (just ``fn``'s name
        when there are no options).

    Examples
    --------
    >>> strict = scorer(rouge_l, threshold=0.8)
    >>> strict.__name__
    'rouge_l(threshold=0.8)'
    >>> strict("a b c", "a b c").passed
    True
    >>> strict("a b c", "a b d")
    Score(0.667, fail: ROUGE-L F 0.67 (precision 0.67, recall 0.67))
    """
    bound = functools.partial(fn, **options)
    shown = ", ".join(f"{k}={v!r}" for k, v in options.items())
    bound.__name__ = f"{fn.__name__}({shown})" if shown else fn.__name__  # type: ignore[attr-defined]
    return bound


def on_reference(fn: Callable[..., Score], **options) -> Callable[[str, Any], Score]:
    """Score against the case's long reference answer (``case.reference``) instead of ``expected``.

    The returned scorer has ``needs_case = True``, so the runner passes it the case. A case
    without ``metadata["reference"]`` is scored against its first expected answer.

    Parameters
    ----------
    fn : callable
        A scorer, ``fn(response, expected, **options) -> Score``.
    **options
        Keyword options to fix, as with :func:`scorer`.

    Returns
    -------
    callable
        ``score(response, case) -> Score``, named ``"<fn>(reference)"``, with ``needs_case = True``.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> case = make_cases([{"id": "a", "input": "q", "expected": "30 days",
    ...                     "metadata": {"reference": "Returns are accepted within 30 days."}}])[0]
    >>> on_ref = on_reference(rouge_l)
    >>> on_ref.__name__, on_ref.needs_case
    ('rouge_l(reference)', True)
    >>> round(on_ref("Returns within 30 days.", case).value, 2)
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
