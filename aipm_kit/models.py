"""Reference models the notebooks share, so no notebook re-implements training.

Every function is seeded; scikit-learn is imported inside the functions so
``import aipm_kit`` stays fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import check_columns
from .metrics import flag_top  # noqa: F401 (re-exported: models.flag_top is the kit's one flag_top)
from .runtime import single_thread

_one_thread = single_thread  # the old private name


def fit_fraud_model(
    train: pd.DataFrame,
    *,
    features=None,
    target: str = "is_fraud",
    seed: int = 0,
    max_iter: int = 200,
    sample_weight=None,
):
    """Fit a gradient-boosted fraud model on a payments frame.

    Uses scikit-learn's ``HistGradientBoostingClassifier`` with native
    categorical support, the model a team would try first on tabular data.
    ``target`` may be ``"is_fraud"`` (the truth, which only a simulation has)
    or ``"label_observed"`` (what the business would really train on).

    ``sample_weight`` (optional, one non-negative number per row of
    ``train``) makes the fit cost-sensitive: a row weighted 500 counts like
    500 copies, so weighting each fraud by what it costs the business (its
    amount plus a fixed incident cost) teaches the model to rank expensive
    fraud first. ``None`` (the default) weights every row equally.

    Parameters
    ----------
    train : pandas.DataFrame
        The training rows; must hold ``features`` and ``target``, with both classes in ``target``.
    features : list of str, optional
        The model's inputs; default :data:`aipm_kit.scenarios.FEATURES`.
    target : str, default "is_fraud"
        The 0/1 (or bool) column to learn.
    seed : int, default 0
        The model's ``random_state``.
    max_iter : int, default 200
        Boosting iterations.
    sample_weight : array-like of float, optional
        One non-negative weight per row of ``train``.

    Returns
    -------
    sklearn.ensemble.HistGradientBoostingClassifier
        The fitted model, with ``feature_names_used_`` recording its inputs (read by :func:`fraud_scores`).

    Examples
    --------
    >>> from aipm_kit import scenarios
    >>> df = scenarios.make_payments(3_000, seed=0, months=2, drift_month=None, incident=False)
    >>> weight = np.where(df["is_fraud"], df["amount"] + 40.0, 1.0)
    >>> model = fit_fraud_model(df, sample_weight=weight, max_iter=20)
    >>> fraud_scores(model, df).shape == (len(df),)
    True
    """
    from sklearn.ensemble import HistGradientBoostingClassifier

    from .scenarios import FEATURES

    features = list(features or FEATURES)
    check_columns(train, features + [target], name="train")
    y = train[target].astype(bool)
    if y.nunique() < 2:
        raise ValueError(f"train[{target!r}] has a single class; a model needs both fraud and non-fraud rows")
    if sample_weight is not None:
        from ._checks import as_1d

        sample_weight = as_1d(sample_weight, "sample_weight").astype(float)
        if len(sample_weight) != len(train):
            raise ValueError(
                f"sample_weight must have one weight per row of train ({len(train)}), got {len(sample_weight)}"
            )
        if (sample_weight < 0).any():
            raise ValueError(f"sample_weight must be non-negative; got a minimum of {sample_weight.min():g}")
    model = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=seed, max_iter=max_iter)
    with single_thread():
        model.fit(train[features], y, sample_weight=sample_weight)
    model.feature_names_used_ = features
    return model


def fraud_scores(model, frame: pd.DataFrame) -> np.ndarray:
    """Fraud probability for each row of ``frame`` from a model of :func:`fit_fraud_model`.

    Parameters
    ----------
    model : sklearn.ensemble.HistGradientBoostingClassifier
        A model from :func:`fit_fraud_model`; any other object is refused (``TypeError``).
    frame : pandas.DataFrame
        The rows to score; must hold the model's features.

    Returns
    -------
    numpy.ndarray
        One probability of fraud per row, in [0, 1].

    Examples
    --------
    >>> from aipm_kit import scenarios
    >>> df = scenarios.make_payments(3_000, seed=0, months=2, drift_month=None, incident=False)
    >>> model = fit_fraud_model(df, max_iter=20)
    >>> fraud_scores(model, df.head(3)).round(3)
    array([0.013, 0.006, 0.003])
    >>> fraud_scores(object(), df)
    Traceback (most recent call last):
    ...
    TypeError: model must come from fit_fraud_model (it records the features it used)
    """
    features = getattr(model, "feature_names_used_", None)
    if features is None:
        raise TypeError("model must come from fit_fraud_model (it records the features it used)")
    check_columns(frame, features, name="frame")
    with single_thread():
        return model.predict_proba(frame[features])[:, 1]


def fit_tabular_classifier(X: pd.DataFrame, y, *, kind: str = "logistic", seed: int = 0):
    """A one-line classifier for the real data sets (churn, HMDA).

    ``kind="logistic"``: standardised logistic regression with one-hot
    categoricals (readable coefficients); ``kind="boosting"``: histogram
    gradient boosting. Both are scikit-learn pipelines with ``predict_proba``.

    Parameters
    ----------
    X : pandas.DataFrame
        The inputs; category, object and string columns are one-hot encoded for the logistic model.
    y : array-like of 0/1
        The labels, one per row.
    kind : {"logistic", "boosting"}, default "logistic"
        The model.
    seed : int, default 0
        The boosting model's ``random_state`` (the logistic fit is deterministic).

    Returns
    -------
    sklearn estimator
        The fitted pipeline (logistic) or ``HistGradientBoostingClassifier`` (boosting).

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], "c": ["a", "b", "a", "b", "a", "b"]})
    >>> model = fit_tabular_classifier(X, [0, 0, 0, 1, 1, 1])
    >>> model.predict_proba(X)[:, 1].round(2)
    array([0.13, 0.31, 0.37, 0.63, 0.69, 0.87])
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame, got {type(X).__name__}")
    cats = [c for c in X.columns if X[c].dtype == "category" or X[c].dtype == object or X[c].dtype == "string"]
    nums = [c for c in X.columns if c not in cats]
    if kind == "logistic":
        pre = ColumnTransformer(
            [
                ("num", StandardScaler(), nums),
                ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), cats),
            ]
        )
        model = make_pipeline(pre, LogisticRegression(max_iter=2_000))
    elif kind == "boosting":
        model = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=seed)
    else:
        raise ValueError(f"kind must be 'logistic' or 'boosting', got {kind!r}")
    with single_thread():
        return model.fit(X, np.asarray(y).astype(int))
