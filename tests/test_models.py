"""Reference models: seeded, validated, and the same as building them by hand with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from aipm_kit import data, models, scenarios


@pytest.fixture(scope="module")
def split():
    df = scenarios.make_payments(12_000, seed=21, months=3, drift_month=None, incident=False)
    return scenarios.split_by_time(df, train_months=[1, 2], test_months=[3])


@pytest.fixture(scope="module")
def fitted(split):
    train, _ = split
    return models.fit_fraud_model(train, seed=3)


def test_fraud_model_learns_the_pattern_beyond_the_rule(split, fitted):
    _, test = split
    scores = models.fraud_scores(fitted, test)
    assert scores.shape == (len(test),) and ((scores >= 0) & (scores <= 1)).all()
    assert roc_auc_score(test["is_fraud"], scores) > 0.85
    # at the hand rule's own alert volume the model is at least about as good as the rule
    rule = scenarios.hand_rule(test).to_numpy()
    model_flags = models.flag_top(scores, int(rule.sum()))
    y = test["is_fraud"].to_numpy()
    assert (model_flags & y).sum() >= 0.8 * (rule & y).sum()


def test_fraud_model_equals_the_sklearn_model_built_by_hand(split, fitted):
    from sklearn.ensemble import HistGradientBoostingClassifier

    train, test = split
    manual = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=3, max_iter=200)
    with models._one_thread():  # same result on any thread count; one thread is fast on a busy machine
        manual.fit(train[scenarios.FEATURES], train["is_fraud"].astype(bool))
    np.testing.assert_allclose(
        models.fraud_scores(fitted, test), manual.predict_proba(test[scenarios.FEATURES])[:, 1], rtol=1e-12, atol=1e-12
    )


def test_fraud_model_is_deterministic_and_records_its_features(split, fitted):
    train, test = split
    again = models.fit_fraud_model(train, seed=3)
    np.testing.assert_array_equal(models.fraud_scores(fitted, test), models.fraud_scores(again, test))
    assert fitted.feature_names_used_ == scenarios.FEATURES
    few = models.fit_fraud_model(train, features=["amount", "account_age_days"], seed=3)
    assert few.feature_names_used_ == ["amount", "account_age_days"]
    assert models.fraud_scores(few, test[["amount", "account_age_days"]]).shape == (len(test),)


def test_fraud_model_trains_on_the_observed_label(split):
    train, _ = split
    m = models.fit_fraud_model(train, target="label_observed", seed=0)
    assert m.classes_.tolist() == [False, True]


def test_fraud_model_sample_weight_changes_the_fit_as_sklearn_does(split, fitted):
    from sklearn.ensemble import HistGradientBoostingClassifier

    train, test = split
    weight = np.where(train["is_fraud"], train["amount"] + 40.0, 1.0)
    weighted = models.fit_fraud_model(train, seed=3, sample_weight=weight)
    scores = models.fraud_scores(weighted, test)
    assert not np.allclose(scores, models.fraud_scores(fitted, test))  # the weights changed the fit
    manual = HistGradientBoostingClassifier(categorical_features="from_dtype", random_state=3, max_iter=200)
    with models._one_thread():
        manual.fit(train[scenarios.FEATURES], train["is_fraud"].astype(bool), sample_weight=weight)
    np.testing.assert_allclose(scores, manual.predict_proba(test[scenarios.FEATURES])[:, 1], rtol=1e-12, atol=1e-12)
    # equal weights are the unweighted model; None (the default) is today's behaviour
    ones = models.fit_fraud_model(train, seed=3, sample_weight=np.ones(len(train)))
    np.testing.assert_allclose(models.fraud_scores(ones, test), models.fraud_scores(fitted, test), atol=1e-12)


def test_fraud_model_sample_weight_bad_input(split):
    train, _ = split
    with pytest.raises(ValueError, match="sample_weight"):
        models.fit_fraud_model(train, sample_weight=np.ones(len(train) - 1))
    with pytest.raises(ValueError, match="sample_weight"):
        models.fit_fraud_model(train, sample_weight=-np.ones(len(train)))
    with pytest.raises(ValueError, match="sample_weight"):
        models.fit_fraud_model(train, sample_weight=np.ones((len(train), 2)))
    with pytest.raises(ValueError, match="sample_weight"):
        models.fit_fraud_model(train, sample_weight=np.full(len(train), np.nan))


def test_fraud_model_bad_input(split, fitted):
    train, test = split
    with pytest.raises(ValueError, match="single class"):
        models.fit_fraud_model(train[~train["is_fraud"]])
    with pytest.raises(ValueError, match="amount"):
        models.fit_fraud_model(train.drop(columns="amount"))
    with pytest.raises(ValueError, match="no_such_label"):
        models.fit_fraud_model(train, target="no_such_label")
    with pytest.raises(TypeError, match="fit_fraud_model"):
        models.fraud_scores(object(), test)
    with pytest.raises(ValueError, match="hour"):
        models.fraud_scores(fitted, test.drop(columns="hour"))


def test_flag_top_hand_worked():
    assert models.flag_top([0.1, 0.9, 0.5, 0.7], 2).tolist() == [False, True, False, True]
    assert models.flag_top([0.5, 0.5, 0.5], 2).tolist() == [True, True, False]  # ties: first come first
    assert not models.flag_top([0.3, 0.2], 0).any()
    assert models.flag_top(np.array([0.3, 0.2]), 2).all()
    scores = np.random.default_rng(0).random(1_000)
    flags = models.flag_top(scores, 100)
    assert flags.sum() == 100 and scores[flags].min() >= scores[~flags].max()


@pytest.mark.parametrize(
    "n, error, match",
    [
        (3, ValueError, "n_alerts"),
        (-1, ValueError, "n_alerts"),
        (1.5, TypeError, "n_alerts"),
        (True, TypeError, "n_alerts"),
    ],
)
def test_flag_top_bad_budget(n, error, match):
    with pytest.raises(error, match=match):
        models.flag_top([0.1, 0.2], n)


def test_flag_top_refuses_nan_and_2d():
    with pytest.raises(ValueError, match="NaN"):
        models.flag_top([0.1, float("nan")], 1)
    with pytest.raises(ValueError, match="1-D"):
        models.flag_top([[0.1, 0.2]], 1)
    with pytest.raises(ValueError, match="infinite"):
        models.flag_top([0.1, float("-inf")], 1)
    with pytest.raises(TypeError, match="numeric"):
        models.flag_top(["0.1", "0.9"], 1)


def test_flag_top_is_one_function_and_matches_a_sort_by_hand():
    from aipm_kit import metrics

    assert models.flag_top is metrics.flag_top
    assert models.flag_top([], 0).tolist() == []
    assert models.flag_top([True, False, True], 1).tolist() == [True, False, False]  # booleans are numbers
    assert models.flag_top([0.0, -0.0, 0.0], 2).tolist() == [True, True, False]  # -0.0 ties with 0.0
    assert models.flag_top([0.1, 0.2], np.int64(1)).tolist() == [False, True]
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, size=200) / 4  # many ties
    for n in (0, 1, 37, 200):
        # by hand: order rows by (score descending, position ascending), flag the first n
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        expected = np.zeros(len(scores), dtype=bool)
        expected[order[:n]] = True
        assert (models.flag_top(scores, n) == expected).all()


@pytest.fixture(scope="module")
def churn_split():
    from sklearn.model_selection import train_test_split

    churn = data.load_churn()
    X = churn.drop(columns=["churn", "state"])
    return train_test_split(X, churn["churn"], test_size=0.3, random_state=0, stratify=churn["churn"])


def test_logistic_equals_the_pipeline_built_by_hand(churn_split):
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X_train, X_test, y_train, _ = churn_split
    ours = models.fit_tabular_classifier(X_train, y_train, kind="logistic")
    cats = ["area_code"]
    nums = [c for c in X_train.columns if c not in cats]
    manual = make_pipeline(
        ColumnTransformer(
            [
                ("num", StandardScaler(), nums),
                ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), cats),
            ]
        ),
        LogisticRegression(max_iter=2_000),
    ).fit(X_train, y_train.astype(int))
    np.testing.assert_allclose(ours.predict_proba(X_test), manual.predict_proba(X_test), rtol=1e-9, atol=1e-12)


def test_boosting_beats_logistic_on_churn(churn_split):
    X_train, X_test, y_train, y_test = churn_split
    logit = models.fit_tabular_classifier(X_train, y_train, kind="logistic")
    boost = models.fit_tabular_classifier(X_train, y_train, kind="boosting", seed=0)
    auc_logit = roc_auc_score(y_test, logit.predict_proba(X_test)[:, 1])
    auc_boost = roc_auc_score(y_test, boost.predict_proba(X_test)[:, 1])
    assert 0.75 < auc_logit < auc_boost
    again = models.fit_tabular_classifier(X_train, y_train, kind="boosting", seed=0)
    np.testing.assert_array_equal(boost.predict_proba(X_test), again.predict_proba(X_test))


def test_tabular_classifier_bad_input(churn_split):
    X_train, _, y_train, _ = churn_split
    with pytest.raises(ValueError, match="kind"):
        models.fit_tabular_classifier(X_train, y_train, kind="forest")
    with pytest.raises(TypeError, match="DataFrame"):
        models.fit_tabular_classifier(X_train.to_numpy(), y_train)


def test_one_thread_limit_is_scoped():
    from threadpoolctl import threadpool_info

    before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]
    with models._one_thread():
        inside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]
        assert all(n == 1 for n in inside)
    after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]
    assert after == before
