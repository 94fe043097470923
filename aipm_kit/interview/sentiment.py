"""The sarcasm case: the kit's product reviews, a sentiment model's out-of-fold predictions, and the options.

:func:`load_reviews` reads the kit-written reviews, :func:`sentiment_predictions` scores each one with a
TF-IDF + logistic-regression model that did not see it, and :func:`sarcasm_options` sets the ways to close
the model's gap on sarcastic reviews (accept it, route to a person, a detector, more labels) beside their
measured recall and their cost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_columns, check_non_negative, check_probability

REVIEWS_FILE = "product_reviews_sarcasm.jsonl"


# --------------------------------------------------------------------------- the sarcasm case


def load_reviews() -> pd.DataFrame:
    """The kit's product reviews: ``review_id, product, text, sentiment, sarcastic`` and ``is_negative``.

    400 short reviews written for the kit; sarcastic ones read as praise but
    are complaints (``sentiment="negative"``). See ``datasets/README.md``. Read from :data:`REVIEWS_FILE`; the
    columns are checked, ``sarcastic`` is made bool, ``product`` categorical, and ``is_negative`` is added.

    Returns
    -------
    pandas.DataFrame
        One row per review.

    Examples
    --------
    >>> reviews = load_reviews()
    >>> len(reviews), int(reviews["sarcastic"].sum()), int(reviews["is_negative"].sum())
    (400, 40, 204)
    >>> print(reviews.loc[reviews["sarcastic"], "text"].iloc[0])   # labelled negative
    My partner picked this phone case and was right. Perfect fit, as long as you don't need the volume buttons.
    Can't fault it.
    """
    from ..data import load_jsonl

    frame = pd.DataFrame(load_jsonl(REVIEWS_FILE))
    check_columns(frame, ["review_id", "product", "text", "sentiment", "sarcastic"], name="reviews")
    frame["sarcastic"] = frame["sarcastic"].astype(bool)
    frame["is_negative"] = frame["sentiment"].eq("negative")
    frame["product"] = frame["product"].astype("category")
    return frame


def sentiment_predictions(
    reviews: pd.DataFrame,
    *,
    folds: int = 5,
    seed: int = 0,
    C: float = 1.0,
    sarcasm_weight: float = 1.0,
    sarcastic_train_fraction: float = 1.0,
    target: str = "is_negative",
    groups=None,
) -> pd.DataFrame:
    """Out-of-fold predictions of a TF-IDF + logistic-regression model of negative sentiment.

    Every review is scored by a model that did not see it (stratified
    ``folds``-fold cross-validation, stratified on sentiment and sarcasm), so
    the slice metrics are honest on a small data set. ``sarcasm_weight`` > 1
    up-weights sarcastic training examples; ``sarcastic_train_fraction`` < 1
    keeps only that share of the sarcastic examples in each training fold
    (every review is still scored), which shows how recall on sarcasm grows
    with the number of sarcastic labels. ``target="sarcastic"`` trains a
    sarcasm detector instead (with balanced class weights, or it would never fire). ``groups`` (one label per
    review, such as its product) switches to grouped folds (``GroupKFold``): every group sits
    wholly in training or wholly in test, so sentences a group shares (the
    kit's reviews reuse each product's detail sentences) cannot leak from
    training into test.

    Parameters
    ----------
    reviews : pandas.DataFrame
        Reviews with ``text``, ``is_negative`` and ``sarcastic`` columns, as :func:`load_reviews` gives them.
    folds : int, default 5
        Cross-validation folds.
    seed : int, default 0
        Seed of the folds and of the sarcastic examples kept.
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    sarcasm_weight : float, default 1.0
        Weight of each sarcastic training example; not negative.
    sarcastic_train_fraction : float, default 1.0
        Share of the sarcastic examples kept in each training fold, in [0, 1].
    target : str, default "is_negative"
        "is_negative" (complaints) or "sarcastic" (a sarcasm detector); anything else is refused.
    groups : array-like or None, default None
        One group label per review for grouped folds; None: stratified folds.

    Returns
    -------
    pandas.DataFrame
        A copy of ``reviews`` with ``p_<target>`` (the out-of-fold probability) and ``pred_<target>``
        (probability >= 0.5) added: ``p_negative`` and ``pred_negative`` by default, ``p_sarcastic`` and
        ``pred_sarcastic`` for the detector.

    Examples
    --------
    >>> small = load_reviews().iloc[::4].reset_index(drop=True)   # every fourth review, to keep it quick
    >>> pred = sentiment_predictions(small, folds=3)
    >>> pred.groupby("sarcastic")[["is_negative", "pred_negative"]].sum()   # half the sarcastic complaints missed
               is_negative  pred_negative
    sarcastic
    False               40             44
    True                10              5
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold
    from sklearn.pipeline import make_pipeline

    check_columns(reviews, ["text", "is_negative", "sarcastic"], name="reviews")
    check_non_negative(sarcasm_weight, "sarcasm_weight")
    keep_share = check_probability(sarcastic_train_fraction, "sarcastic_train_fraction")
    if target not in ("is_negative", "sarcastic"):
        raise ValueError(f"target must be 'is_negative' or 'sarcastic', got {target!r}")
    y = reviews[target].to_numpy().astype(int)
    sarc = reviews["sarcastic"].to_numpy().astype(bool)
    strata = reviews["is_negative"].to_numpy().astype(int) * 2 + sarc
    keep_rng = np.random.default_rng(seed)
    keep = ~sarc | (keep_rng.random(len(reviews)) < keep_share)
    if groups is None:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(reviews["text"], strata)
    else:
        groups = np.asarray(groups)
        if len(groups) != len(reviews):
            raise ValueError(f"groups must have one label per review ({len(reviews)}), got {len(groups)}")
        cv = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        splits = cv.split(reviews["text"], strata, groups)
    proba = np.empty(len(reviews))
    texts = reviews["text"].to_numpy()
    for tr, te in splits:
        tr = tr[keep[tr]]
        # A detector for a rare class needs balanced weights or it never fires.
        weights = "balanced" if target == "sarcastic" else None
        pipe = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression(C=C, max_iter=1_000, class_weight=weights)
        )
        w = np.where(sarc[tr], sarcasm_weight, 1.0)
        pipe.fit(texts[tr], y[tr], logisticregression__sample_weight=w)
        proba[te] = pipe.predict_proba(texts[te])[:, 1]
    out = reviews.copy()
    name = "negative" if target == "is_negative" else "sarcastic"
    out[f"p_{name}"] = proba
    out[f"pred_{name}"] = proba >= 0.5
    return out


def sarcasm_options(
    predictions: pd.DataFrame,
    *,
    p_sarcastic=None,
    reviews_per_month: float = 20_000,
    missed_complaint_cost: float = 15.0,
    review_cost: float = 0.8,
    review_band: tuple = (0.2, 0.5),
    label_cost: float = 0.4,
    extra_sarcastic_labels: int = 200,
    more_labels_recall: float | None = None,
    detector_build_cost: float = 12_000.0,
    monitor_reviews_per_month: float = 0.0,
    detector_threshold: float = 0.5,
    charge_every_read: bool = False,
) -> pd.DataFrame:
    """The options for the sarcasm gap, each with its measured recall and its cost.

    ``predictions`` comes from :func:`sentiment_predictions`. Each option's
    recall on sarcastic reviews is measured on the same out-of-fold
    predictions (or, for more labels, passed in as ``more_labels_recall``,
    estimated from the label learning curve); costs come from the arguments:

    * *accept the risk*: nothing changes; misses cost ``missed_complaint_cost`` each;
    * *human review route*: reviews the model calls positive with
      ``p_negative`` inside ``review_band`` go to a person (``review_cost``
      each), who reads sarcasm correctly;
    * *sarcasm detector* (only with ``p_sarcastic``): a second model (``p_sarcastic``, out of fold) flips
      a positive call to negative when ``p_sarcastic >= detector_threshold``; every happy review
      it flips becomes a false complaint that support reads for nothing
      (costed at ``review_cost`` each, like every false complaint);
    * *more labels* (only with ``more_labels_recall``): label enough reviews to find ``extra_sarcastic_labels``
      more sarcastic ones (``label_cost`` each); its recall is a forecast
      (column ``recall is``), every other option's is measured.

    Every option is watched the same way: a person reads
    ``monitor_reviews_per_month`` reviews a month (``review_cost`` each) to
    measure recall on the sarcastic slice, a running cost added to each.
    Production is assumed to have the complaint and sarcasm shares of
    ``predictions``.

    ``charge_every_read=True`` prices every review a person reads at
    ``review_cost``, whatever it turns out to be: the complaints an option
    catches (support reads them to answer them), its false complaints, and the
    reviews the route sends to a person that prove happy. The running cost is
    then the monitor plus those reads, and a column ``reviews read per month``
    counts them (without the monitor). The default keeps the older rule: only
    false complaints and routed reviews are charged. Negative counts or costs are refused with a ``ValueError``.

    Parameters
    ----------
    predictions : pandas.DataFrame
        Out-of-fold predictions with ``is_negative``, ``sarcastic``, ``p_negative`` and ``pred_negative``.
    p_sarcastic : array-like of float or None, default None
        A sarcasm detector's out-of-fold probability for each review (None: no detector option).
    reviews_per_month : float, default 20000
        Reviews a month in production.
    missed_complaint_cost : float, default 15.0
        Dollars each missed complaint costs.
    review_cost : float, default 0.8
        Dollars for a person to read one review.
    review_band : tuple of float, default (0.2, 0.5)
        The (low, high) ``p_negative`` of the reviews the route sends to a person.
    label_cost : float, default 0.4
        Dollars to label one review.
    extra_sarcastic_labels : int, default 200
        Sarcastic reviews the more-labels option sets out to find.
    more_labels_recall : float or None, default None
        The forecast sarcasm recall with those labels, in [0, 1] (None: no more-labels option).
    detector_build_cost : float, default 12000.0
        Dollars to build the detector.
    monitor_reviews_per_month : float, default 0.0
        Reviews a person reads a month to watch the sarcastic slice, under every option.
    detector_threshold : float, default 0.5
        The detector flips a call at ``p_sarcastic`` at or above this, in [0, 1].
    charge_every_read : bool, default False
        Price every review a person reads (see above), not only false complaints and routed reviews.

    Returns
    -------
    pandas.DataFrame
        One row per option, indexed by its name, with ``recall is`` (measured or forecast), ``sarcasm recall``,
        ``overall recall``, ``false complaints per month``, ``one-off cost ($)``, ``running cost ($/month)``,
        ``missed complaints per month``, ``cost of misses ($/month)`` and a ``note`` (and ``reviews read per
        month`` with ``charge_every_read``).

    Examples
    --------
    >>> small = load_reviews().iloc[::4].reset_index(drop=True)   # every fourth review, to keep it quick
    >>> pred = sentiment_predictions(small, folds=3)
    >>> detector = sentiment_predictions(small, folds=3, target="sarcastic")
    >>> options = sarcasm_options(pred, p_sarcastic=detector["p_sarcastic"])
    >>> options[["sarcasm recall", "running cost ($/month)"]].round(3)
                        sarcasm recall  running cost ($/month)
    option
    accept the risk                0.5                   800.0
    human review route             1.0                  8960.0
    sarcasm detector               0.6                  1120.0
    """
    check_columns(predictions, ["is_negative", "sarcastic", "p_negative", "pred_negative"], name="predictions")
    for name, v in (
        ("reviews_per_month", reviews_per_month),
        ("missed_complaint_cost", missed_complaint_cost),
        ("review_cost", review_cost),
        ("label_cost", label_cost),
        ("detector_build_cost", detector_build_cost),
        ("monitor_reviews_per_month", monitor_reviews_per_month),
    ):
        check_non_negative(v, name)
    check_probability(detector_threshold, "detector_threshold")
    y = predictions["is_negative"].to_numpy().astype(bool)
    sarc = predictions["sarcastic"].to_numpy().astype(bool)
    p = predictions["p_negative"].to_numpy()
    pred = predictions["pred_negative"].to_numpy().astype(bool)
    n = len(y)
    sarc_share = sarc.mean()
    neg_per_month = reviews_per_month * y.mean()

    monitoring = monitor_reviews_per_month * review_cost

    def summarise(name, new_pred, one_off, monthly_extra, note, sarc_recall=None, cleared=None):
        false_complaints = reviews_per_month * float((new_pred & ~y).mean())
        recall_s = float(new_pred[sarc & y].sum() / max((sarc & y).sum(), 1)) if sarc_recall is None else sarc_recall
        if sarc_recall is None:
            recall_all = float((new_pred & y).sum() / y.sum())
        else:  # only the sarcastic slice changes
            recall_all = float(((pred & y & ~sarc).sum() + sarc_recall * (sarc & y).sum()) / y.sum())
        missed = neg_per_month * (1 - recall_all)
        row = {
            "option": name,
            "recall is": "measured" if sarc_recall is None else "forecast",
            "sarcasm recall": recall_s,
            "overall recall": recall_all,
            "false complaints per month": false_complaints,
            "one-off cost ($)": one_off,
            "running cost ($/month)": monthly_extra + monitoring + false_complaints * review_cost,
            "missed complaints per month": missed,
            "cost of misses ($/month)": missed * missed_complaint_cost,
            "note": note,
        }
        if charge_every_read:
            # caught complaints + false complaints + reviews a person read and cleared (the route's happy ones)
            read = (
                neg_per_month * recall_all
                + false_complaints
                + (0.0 if cleared is None else reviews_per_month * float(cleared.mean()))
            )
            row["reviews read per month"] = read
            row["running cost ($/month)"] = monitoring + read * review_cost
        return row

    lo, hi = review_band
    routed = ~pred & (p >= lo) & (p < hi)
    rows = [summarise("accept the risk", pred, 0.0, 0.0, "nothing changes; misses keep their cost")]
    rows.append(
        summarise(
            "human review route",
            pred | (routed & y),
            0.0,
            routed.mean() * reviews_per_month * review_cost,
            f"{routed.mean():.1%} of reviews go to a person",
            cleared=routed & ~y,
        )
    )
    if p_sarcastic is not None:
        ps = np.asarray(p_sarcastic, dtype=float)
        if ps.shape != (n,):
            raise ValueError(f"p_sarcastic must hold one probability per review ({n}), got shape {ps.shape}")
        flipped = pred | (ps >= detector_threshold)
        rows.append(
            summarise(
                "sarcasm detector",
                flipped,
                detector_build_cost,
                0.0,
                f"happy reviews turned into false complaints: {int((flipped & ~y).sum())} of "
                f"{int((~y).sum())} ({(flipped & ~y).sum() / max((~y).sum(), 1):.1%})",
            )
        )
    if more_labels_recall is not None:
        check_probability(more_labels_recall, "more_labels_recall")
        to_label = extra_sarcastic_labels / max(sarc_share, 1e-9)
        rows.append(
            summarise(
                "more labels",
                pred,
                to_label * label_cost,
                0.0,
                f"label about {to_label:,.0f} reviews to find {extra_sarcastic_labels} sarcastic ones; "
                "its recall is a forecast from the learning curve",
                sarc_recall=float(more_labels_recall),
            )
        )
    return pd.DataFrame(rows).set_index("option")
