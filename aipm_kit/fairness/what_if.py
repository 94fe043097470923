"""Explaining one decision by a what-if per feature: :func:`explain_decision`."""

from __future__ import annotations

import pandas as pd

# ----------------------------------------------------------------------------- explaining one decision


def explain_decision(model, X, row, *, reference=None) -> pd.DataFrame:
    """Which features pushed one decision, by a what-if per feature.

    For each feature, the applicant's value is replaced by the typical value
    (median for numbers, most common value otherwise, taken from ``X`` or
    ``reference``) and the model re-scored; the change in the predicted
    probability is how much that feature moved this decision. Works for any
    model with ``predict_proba``; features interact, so the changes need not
    add up to the total.

    Parameters
    ----------
    model : fitted classifier with ``predict_proba``
    X : pandas.DataFrame
        The rows the model scores (features only).
    row : label
        Index label of the row to explain.
    reference : pandas.DataFrame, optional
        Where the typical values come from (default: ``X``).

    Returns
    -------
    pandas.DataFrame
        Indexed by feature: ``value, typical, probability_if_typical,
        pushed_by`` (probability now minus probability with the typical
        value), sorted by the size of the push. ``attrs["probability"]`` holds
        the decision's probability.
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame, got {type(X).__name__}")
    if row not in X.index:
        raise ValueError(f"row {row!r} is not in X's index")
    ref = X if reference is None else reference
    one = X.loc[[row]]
    base = float(model.predict_proba(one)[0, 1])
    variants, typical = [], {}
    for col in X.columns:
        s = ref[col]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            typical[col] = s.mode(dropna=True).iloc[0]
        else:
            typical[col] = s.median()
        v = one.copy()
        v[col] = pd.Series([typical[col]], index=v.index).astype(s.dtype)
        variants.append(v)
    probs = model.predict_proba(pd.concat(variants))[:, 1]
    frame = pd.DataFrame(
        {
            "value": [one[c].iloc[0] for c in X.columns],
            "typical": [typical[c] for c in X.columns],
            "probability_if_typical": probs,
            "pushed_by": base - probs,
        },
        index=pd.Index(X.columns, name="feature"),
    )
    frame = frame.reindex(frame["pushed_by"].abs().sort_values(ascending=False, kind="stable").index)
    frame.attrs["probability"] = base
    return frame
