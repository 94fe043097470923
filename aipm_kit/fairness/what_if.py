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
    model : object
        A fitted classifier with ``predict_proba`` (column 1 is the probability of the decision explained).
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

    Raises
    ------
    TypeError
        ``X`` is not a DataFrame.
    ValueError
        ``row`` is not in ``X``'s index.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> class Score:  # a made-up model: a large amount adds 0.5, the web channel 0.3
    ...     def predict_proba(self, X):
    ...         p = (0.1 + 0.5 * (X["amount"] > 100) + 0.3 * (X["channel"] == "web")).to_numpy(dtype=float)
    ...         return np.column_stack([1 - p, p])
    >>> X = pd.DataFrame({"amount": [50.0, 80.0, 500.0], "channel": ["app", "app", "web"]}, index=["ann", "bo", "cy"])
    >>> why = explain_decision(Score(), X, "cy")
    >>> why
             value typical  probability_if_typical  pushed_by
    feature
    amount   500.0    80.0                     0.4        0.5
    channel    web     app                     0.6        0.3
    >>> round(why.attrs["probability"], 3)
    0.9
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
