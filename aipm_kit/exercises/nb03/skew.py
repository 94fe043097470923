"""Exercise 1: find the training-serving skew planted in notebook 03's simulated service.

The service's own feature code (with its planted bug, or fixed) and the exercise that compares every logged
feature with training's, row by row, to find the one that differs, the share of requests and its shift.
"""

from __future__ import annotations

import numpy as np

from .. import custom
from .._answers import number as _number

#: the planted bug of notebook 03's simulated fraud service: its feature code reads the hour on a server clock this
#: many hours from UTC. Kept here, out of the notebook's parameters, so that Exercise 1 has something to find.
SERVICE_CLOCK_OFFSET_HOURS = -8


def service_features(raw, as_run: bool = True, *, bug: bool | None = None):
    """The features as notebook 03's simulated online service computed them (its own feature code).

    With ``as_run=True`` (or ``bug=True``) the service carries the planted training-serving skew that
    Exercise 1 asks the learner to find; ``False`` is the fixed service. The bug itself is not named
    here on purpose.

    Parameters
    ----------
    raw : DataFrame
        Raw payments as :func:`aipm_kit.scenarios.make_payments` returns them (with their ``timestamp``).
    as_run : bool, optional
        True (default) for the service as it ran, with the planted skew; False for the fixed service.
    bug : bool, optional
        The same switch by another name; when given it overrides ``as_run``. Anything but True or False
        raises TypeError.

    Returns
    -------
    DataFrame
        The served features, as :func:`aipm_kit.scenarios.serving_features` computes them, with the planted
        skew or without it.

    Examples
    --------
    >>> from aipm_kit import scenarios
    >>> raw = scenarios.make_payments(100, seed=0, months=1, drift_month=None, incident=False)
    >>> as_run, fixed = service_features(raw), service_features(raw, as_run=False)
    >>> fixed.equals(raw)  # the fixed service computes every feature as training does
    True
    >>> sum(not as_run[column].equals(fixed[column]) for column in fixed)  # as it ran, one feature differs
    1
    >>> service_features(raw, bug="yes")
    Traceback (most recent call last):
    ...
    TypeError: bug must be True or False, got 'yes'
    """
    if bug is None:
        bug = as_run
    if not isinstance(bug, (bool, np.bool_)):
        raise TypeError(f"bug must be True or False, got {bug!r}")
    from ... import scenarios

    return scenarios.serving_features(raw, hour_offset=SERVICE_CLOCK_OFFSET_HOURS if bug else 0)


def bind_skew(*, served_log, raw_events, features, cyclic=None):
    """Exercise 1: find a training-serving skew by comparing every logged feature with training's.

    ``served_log`` is the service's prediction log (each feature ``f`` in column ``in__f``);
    ``raw_events`` holds, for the same requests in the same order, the features as the training
    pipeline computes them (column ``f``); ``features`` names the features to compare. ``cyclic``
    maps a feature to its period (default ``{"hour": 24}``): shifts a whole period apart are the
    same shift. The answer is ``(feature, share, shift)``: a feature whose served values differ
    from training's, the share of requests in which it differs (0 to 1, within half a point) and
    its typical shift, served minus training (the median over the rows that differ; any shift a
    whole period away on a cyclic feature is right; ``None`` for a feature that is not a number).
    With nothing differing the answer is ``(None, 0, 0)``. The prompt and the hints name no
    feature: finding which one differs is the exercise.

    Parameters
    ----------
    served_log : DataFrame
        The prediction log: one row per request, feature ``f`` in column ``in__f``.
    raw_events : DataFrame
        The same requests in the same order, feature ``f`` in column ``f`` as training computes it; the same
        non-zero number of rows as ``served_log``, or ValueError.
    features : iterable of str
        The features to compare (at least one); each needs both columns, or ValueError.
    cyclic : mapping of str to float, optional
        Each cyclic feature's period; default ``{"hour": 24}``.

    Returns
    -------
    Exercise
        ``q1``, a by-hand exercise answered with ``(feature, share, shift)``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"amount": [10.0, 20.0, 30.0, 40.0], "age": [1, 2, 3, 4]})
    >>> log = pd.DataFrame({"in__amount": [10.0, 25.0, 35.0, 40.0], "in__age": [1, 2, 3, 4]})
    >>> q1 = bind_skew(served_log=log, raw_events=raw, features=["amount", "age"])
    >>> q1.check(("amount", 0.5, 5))
    [1 · Find the skew in the log] Correct: Right: 50.0% of the logged requests were served a value of `amount`
    that differs, typically by +5, from the one training computed from the same event. The model is fine; the
    feature it was fed is not.
    >>> q1.check(("amount", 0.5, -5)).message
    'The sign is the wrong way round: -5 is the correction. The shift is served minus training.'
    """
    import pandas as pd

    features = [str(f) for f in features]
    if not features:
        raise ValueError("features must name at least one feature")
    cyclic = {"hour": 24} if cyclic is None else dict(cyclic)
    missing = [f for f in features if f"in__{f}" not in served_log.columns or f not in raw_events.columns]
    if missing:
        raise ValueError(f"served_log needs in__<feature> and raw_events <feature> columns; missing: {missing}")
    if len(served_log) != len(raw_events) or not len(served_log):
        raise ValueError("served_log and raw_events must hold the same non-zero number of rows")
    found = {}  # feature -> (share differing, typical shift or None)
    means = {}  # feature -> mean of served minus training over the rows that differ (a wrong answer to explain)
    for f in features:
        served = served_log[f"in__{f}"].reset_index(drop=True)
        training = raw_events[f].reset_index(drop=True)
        numeric_feature = pd.api.types.is_numeric_dtype(served) and pd.api.types.is_numeric_dtype(training)
        if numeric_feature:
            a, b = served.to_numpy(float), training.to_numpy(float)
        else:
            a, b = served.astype(str).to_numpy(), training.astype(str).to_numpy()
        wrong = a != b
        if wrong.any():
            shift = float(np.median(a[wrong] - b[wrong])) if numeric_feature else None
            found[f] = (float(wrong.mean()), shift)
            if numeric_feature:
                means[f] = float(np.mean(a[wrong] - b[wrong]))
    n = len(served_log)

    def same_shift(feature, got, want):
        period = cyclic.get(feature)
        if period:
            gap = (got - want) % period
            return min(gap, period - gap) <= 0.5
        return abs(got - want) <= max(0.5, 0.01 * abs(want))

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError("answer with a triple (feature, share of requests that differ, shift)")
        feature, got_share, got_shift = answer
        if feature is None or (isinstance(feature, str) and feature.strip().lower() in ("", "none")):
            if found:
                return False, (
                    "Some feature was served differently from training's: compare every feature, "
                    "not only the ones you expect."
                )
            return True, "Right: every feature was served as training computes it; there is no skew to fix."
        if not isinstance(feature, str):
            raise TypeError(f"name the feature as a string, e.g. {features[0]!r}")
        feature = feature.strip().removeprefix("in__")
        if feature not in features:
            return False, f"{feature!r} is not one of the logged features: {features}."
        if feature not in found:
            return False, (
                f"Every request was served the same `{feature}` as training computes: the skew is "
                "elsewhere. Compare each feature in turn."
            )
        share, shift = found[feature]
        got_share = _number(got_share, "the share")
        if 1 < got_share <= 100 and abs(got_share / 100 - share) <= 0.005:
            return (
                False,
                f"That is a percentage; give the share between 0 and 1 ({got_share / 100:g}, not {got_share:g}).",
            )
        if not 0 <= got_share <= 1:
            return False, "The share of requests is between 0 and 1."
        if abs(got_share - share) > 0.005:
            return False, (
                f"Right feature, not the share: compare the served `{feature}` with training's row by "
                f"row over all {n:,} requests; the share is the mean of 'differs'."
            )
        if shift is None:
            if got_shift not in (None, 0):
                return False, f"`{feature}` is not a number: there is no shift to give; answer None for it."
            return True, f"Right: {share:.1%} of the requests were served a `{feature}` that training never computed."
        got_shift = _number(got_shift, "the shift")
        if not same_shift(feature, got_shift, shift) and same_shift(feature, -got_shift, shift):
            return False, (
                f"The sign is the wrong way round: {got_shift:+g} is the correction. The shift is served "
                "minus training."
            )
        mean = means.get(feature)
        if (
            not same_shift(feature, got_shift, shift)
            and mean is not None
            and abs(got_shift - mean) <= max(0.5, 0.01 * abs(mean))
        ):
            return False, (
                f"Right feature and share; {got_shift:+g} is the mean of served minus training, not the "
                "shift most rows show. Take the median over the rows that differ: on a feature that wraps "
                "round, the rows that cross the end of the cycle differ by a whole period the other way, "
                "and a few such rows pull the mean away from every row's shift."
            )
        if not same_shift(feature, got_shift, shift):
            return False, (
                f"Right feature and share; not the shift: take the median of served minus training over "
                f"the rows that differ, not {got_shift:+g}."
            )
        return True, (
            f"Right: {share:.1%} of the logged requests were served a value of `{feature}` that differs, "
            f"typically by {shift:+g}, from the one training computed from the same event. The model is fine; the feature it was fed is not."
        )

    def solution():
        if not found:
            return "Compare every `served_log['in__<f>']` with `raw_events[<f>]`: no row differs. Answer (None, 0, 0)."
        parts = [
            f"`{f}`: a share of {s:.3f}" + (f", median shift {d:+g}" if d is not None else "")
            for f, (s, d) in found.items()
        ]
        return (
            "For each feature `f` of `features`, `wrong = served_log[f'in__{f}'].to_numpy() != "
            "raw_events[f].to_numpy()`; only " + "; ".join(parts) + " differ. The shift is the median of served "
            "minus training over the rows that differ"
            + (
                " (on a cyclic feature, any shift a whole period away is the same answer)"
                if any(f in cyclic for f in found)
                else ""
            )
            + "."
        )

    return custom(
        "1 · Find the skew in the log",
        "The log holds each feature as the service served it (`served_log['in__<feature>']`); `raw_events` holds, "
        "for the same requests in the same order, each feature as the training pipeline computes it from the raw "
        "event (`raw_events['<feature>']`), for every feature of `scenarios.FEATURES`. Compare them row by row and "
        "answer `(feature, share, shift)`: a feature whose served values differ from training's, the share of "
        "requests in which it differs (between 0 and 1), and its typical shift, served minus training: the median "
        "over the requests that differ, not the mean (on a feature that wraps round, a few rows can differ by a whole "
        "cycle the other way and pull a mean off). If nothing differs, answer `(None, 0, 0)`.",
        checker,
        hints=[
            "Loop over `scenarios.FEATURES`: for each `f`, `wrong = served_log[f'in__{f}'].to_numpy() != "
            "raw_events[f].to_numpy()`, and `wrong.mean()` is the share that differs.",
            "For a feature that differs, the median of `(served - training)[wrong]` is the typical shift. On a "
            "cyclic feature, shifts a whole cycle apart are the same answer.",
        ],
        solution=solution,
        practice="by-hand",
    )
