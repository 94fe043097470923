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
    """Fraud probability for each row of ``frame`` from a model of :func:`fit_fraud_model`."""
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
