"""Labels are data too: annotator agreement, disagreements, label noise and labelling effort.

A ratings table has one row per item and one column per annotator, each cell
holding the label that annotator gave (any hashable values: strings or
integers). From it:

* :func:`cohen_kappa` (two annotators), :func:`pairwise_kappa` (every pair)
  and :func:`fleiss_kappa` (all of them at once): agreement beyond chance;
* :func:`agreement_report` - all of the above in one object;
* :func:`label_confusions` - which labels annotators mix up;
* :func:`items_to_adjudicate` - the items an expert should settle;
* :func:`precision_under_label_noise` - what wrong labels do to a measured
  precision;
* :func:`labelling_effort` - why labelling takes several times longer than
  the plan.

:func:`load_support_messages` loads the kit's annotated support inbox
(``datasets/support_messages_annotated.jsonl``; guideline in
``datasets/labelling_guideline.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import math

import numpy as np
import pandas as pd

from ._checks import as_1d, as_binary, check_non_negative, check_positive_int, check_probability, same_length

__all__ = ["SUPPORT_LABELS", "ANNOTATORS", "load_support_messages", "cohen_kappa", "pairwise_kappa",
           "fleiss_kappa", "AgreementReport", "agreement_report", "label_confusions",
           "items_to_adjudicate", "precision_under_label_noise", "LabellingEstimate", "labelling_effort",
           "SurveyResult", "simulate_survey"]

#: The five intents of the support inbox, in the guideline's priority order.
SUPPORT_LABELS = ("fraud", "access", "dispute", "payment_failed", "other")
#: Annotator columns of the support-message table.
ANNOTATORS = ("annotator_a", "annotator_b", "annotator_c")


def load_support_messages() -> pd.DataFrame:
    """The annotated support inbox: one row per customer message.

    Columns: ``message_id``, ``text``, ``annotator_a``, ``annotator_b``,
    ``annotator_c`` (each annotator's label, one of :data:`SUPPORT_LABELS`)
    and ``adjudicated`` (the label a senior reviewer settled on, following
    ``datasets/labelling_guideline.md``).
    """
    from .data import load_jsonl

    rows = load_jsonl("support_messages_annotated.jsonl")
    frame = pd.DataFrame(rows)
    for col in ANNOTATORS + ("adjudicated",):
        frame[col] = pd.Categorical(frame[col], categories=SUPPORT_LABELS)
    return frame.set_index("message_id")


# ----------------------------------------------------------------------------- validation

def _ratings(ratings, *, min_raters: int = 2) -> pd.DataFrame:
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a DataFrame (one row per item, one column per annotator), "
                        f"got {type(ratings).__name__}")
    if ratings.shape[1] < min_raters:
        raise ValueError(f"ratings needs at least {min_raters} annotator columns, got {ratings.shape[1]}")
    if ratings.shape[0] == 0:
        raise ValueError("ratings has no items")
    missing = ratings.isna()
    if missing.any().any():
        where = missing.any(axis=1)
        items = list(ratings.index[where][:5])
        cols = [c for c in ratings.columns if missing[c].any()]
        raise ValueError(f"ratings has {int(missing.values.sum())} missing rating(s) (annotators {cols}, "
                         f"items {items}{' ...' if where.sum() > 5 else ''}); every annotator must rate "
                         "every item, or drop the incomplete items first")
    return ratings


def _codes(ratings: pd.DataFrame):
    """Integer codes for every cell (shared label set) and the labels, in sorted order."""
    values = pd.unique(ratings.to_numpy().ravel())
    labels = sorted(values, key=lambda v: (str(type(v)), v))
    lookup = {v: i for i, v in enumerate(labels)}
    codes = np.vectorize(lookup.__getitem__, otypes=[np.int64])(ratings.to_numpy())
    return codes, labels


def _rater(values, name: str) -> np.ndarray:
    """One annotator's labels as an object array (NaN and None kept, so they can be refused).

    Any iterable is accepted (a list, a tuple, a generator, a pandas Series, a numpy array).
    """
    if isinstance(values, (pd.Series, pd.Index, pd.Categorical)):
        arr = np.asarray(pd.Series(values).astype(object))
    elif isinstance(values, np.ndarray):
        arr = values
    else:
        values = list(values)
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
    return as_1d(arr, name, allow_nan=True)


def _kappa_from_codes(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Cohen's kappa from two raters' integer codes ``0..k-1``: the one kappa engine of the kit.

    The agreement is counted before it is divided (``trace / n``), so perfect agreement is exactly 1.
    """
    n = len(a)
    table = np.bincount(a * k + b, minlength=k * k).reshape(k, k)
    po = np.trace(table) / n
    pe = float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))
    if pe == 1.0:
        raise ValueError("both annotators gave every item the same single label: kappa is 0/0")
    return float((po - pe) / (1 - pe))


# ----------------------------------------------------------------------------- agreement

def cohen_kappa(rater_a, rater_b) -> float:
    """Cohen's kappa between two annotators: agreement beyond what chance would give.

    ``kappa = (p_observed - p_chance) / (1 - p_chance)``, where chance
    agreement comes from each annotator's own label frequencies. 1 is perfect
    agreement, 0 is no better than chance. Same value as
    ``sklearn.metrics.cohen_kappa_score``. This is the kit's one Cohen's kappa:
    :func:`aipm_kit.evals.judges.cohen_kappa` is this function.

    Parameters
    ----------
    rater_a, rater_b : iterable
        The two annotators' labels, one per item, in the same order (any
        hashable labels: strings, integers, booleans; a list, tuple,
        generator, numpy array or pandas Series).

    Returns
    -------
    float
        Kappa, from -1 to 1 (exactly 1 when the two agree on every item).

    Raises
    ------
    ValueError
        When the two differ in length, hold no items, miss a label (None or
        NaN), or both give every item one and the same label (kappa is 0/0).

    Examples
    --------
    >>> round(cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), 3)
    0.5
    >>> cohen_kappa([1, 0, 1], [1, 0, 1])
    1.0
    >>> cohen_kappa([1, 1], [0, 0])
    0.0
    >>> cohen_kappa(["x", "x"], ["x", "x"])
    Traceback (most recent call last):
    ...
    ValueError: both annotators gave every item the same single label: kappa is 0/0
    """
    a = _rater(rater_a, "rater_a")
    b = _rater(rater_b, "rater_b")
    same_length(rater_a=a, rater_b=b)
    frame = _ratings(pd.DataFrame({"rater_a": a, "rater_b": b}))
    codes, labels = _codes(frame)
    return _kappa_from_codes(codes[:, 0], codes[:, 1], len(labels))


def pairwise_kappa(ratings: pd.DataFrame) -> pd.DataFrame:
    """Cohen's kappa and raw agreement for every pair of annotator columns.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``annotator_1, annotator_2, kappa, agreement``.
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    cols = list(ratings.columns)
    rows = []
    for i in range(len(cols)):
        for j in range(i + 1, len(cols)):
            rows.append({"annotator_1": cols[i], "annotator_2": cols[j],
                         "kappa": _kappa_from_codes(codes[:, i], codes[:, j], len(labels)),
                         "agreement": float((codes[:, i] == codes[:, j]).mean())})
    return pd.DataFrame(rows)


def _category_counts(codes: np.ndarray, k: int) -> np.ndarray:
    n_items = codes.shape[0]
    rows = np.repeat(np.arange(n_items), codes.shape[1])
    return np.bincount(rows * k + codes.ravel(), minlength=n_items * k).reshape(n_items, k)


def fleiss_kappa(ratings: pd.DataFrame) -> float:
    """Fleiss' kappa: agreement beyond chance among any fixed number of annotators.

    Same value as ``statsmodels.stats.inter_rater.fleiss_kappa`` applied to
    ``aggregate_raters(ratings)``.

    Examples
    --------
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> round(fleiss_kappa(table), 3)
    0.333
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    n_raters = codes.shape[1]
    counts = _category_counts(codes, len(labels))
    p_j = counts.sum(axis=0) / counts.sum()
    p_i = ((counts ** 2).sum(axis=1) - n_raters) / (n_raters * (n_raters - 1))
    pe = float((p_j ** 2).sum())
    if pe == 1.0:
        raise ValueError("every annotator gave every item the same single label: kappa is 0/0")
    return float((p_i.mean() - pe) / (1 - pe))


@dataclass(frozen=True)
class AgreementReport:
    """How far a team of annotators agree, overall and pair by pair."""

    n_items: int
    annotators: tuple[str, ...]
    fleiss_kappa: float
    pairwise: pd.DataFrame = field(repr=False)
    unanimous_share: float
    no_majority_share: float

    def to_frame(self) -> pd.DataFrame:
        return self.pairwise.copy()

    @property
    def weakest_pair(self) -> tuple[str, str]:
        row = self.pairwise.loc[self.pairwise["kappa"].idxmin()]
        return row["annotator_1"], row["annotator_2"]

    def __repr__(self) -> str:
        pairs = ", ".join(f"{r.annotator_1}/{r.annotator_2} {r.kappa:.2f}" for r in self.pairwise.itertuples())
        return (f"AgreementReport: {self.n_items} items, {len(self.annotators)} annotators; "
                f"Fleiss' kappa {self.fleiss_kappa:.3f}; Cohen's kappa by pair: {pairs}; "
                f"unanimous on {self.unanimous_share:.0%}, no majority on {self.no_majority_share:.0%}")


def agreement_report(ratings: pd.DataFrame) -> AgreementReport:
    """Fleiss' kappa, every pairwise Cohen's kappa, and how often the team is unanimous."""
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    counts = _category_counts(codes, len(labels))
    top = counts.max(axis=1)
    return AgreementReport(n_items=len(ratings), annotators=tuple(map(str, ratings.columns)),
                           fleiss_kappa=fleiss_kappa(ratings), pairwise=pairwise_kappa(ratings),
                           unanimous_share=float((top == codes.shape[1]).mean()),
                           no_majority_share=float((top * 2 <= codes.shape[1]).mean()))


def label_confusions(ratings: pd.DataFrame) -> pd.DataFrame:
    """Which labels annotators mix up: every disagreeing pair of ratings, counted.

    Each item contributes one count per pair of annotators who disagree on
    it, under the (alphabetically ordered) pair of labels they chose.

    Returns
    -------
    pandas.DataFrame
        ``label_1, label_2, count, share`` sorted by count, largest first.
    """
    ratings = _ratings(ratings)
    values = ratings.to_numpy()
    counts: dict[tuple, int] = {}
    m = values.shape[1]
    for i in range(m):
        for j in range(i + 1, m):
            diff = values[:, i] != values[:, j]
            for x, y in zip(values[diff, i], values[diff, j]):
                key = tuple(sorted((x, y), key=str))
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return pd.DataFrame(columns=["label_1", "label_2", "count", "share"])
    frame = pd.DataFrame([(a, b, c) for (a, b), c in counts.items()], columns=["label_1", "label_2", "count"])
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame.sort_values(["count", "label_1", "label_2"], ascending=[False, True, True], ignore_index=True)


def items_to_adjudicate(ratings: pd.DataFrame, *, budget: int | None = None) -> pd.DataFrame:
    """Items an expert should settle: every item the annotators did not agree on.

    Items with no majority come first (they have no usable label at all),
    then split decisions. ``budget`` keeps only the first ``budget`` items.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``ratings``: the annotators' labels, ``majority`` (the
        majority label, or ``"(none)"``), ``votes_for_majority``,
        ``distinct_labels`` and ``status`` (``"no majority"`` or ``"split"``).
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    m = codes.shape[1]
    counts = _category_counts(codes, len(labels))
    top = counts.max(axis=1)
    arg = counts.argmax(axis=1)
    has_majority = top * 2 > m
    out = ratings.copy()
    out["majority"] = [labels[a] if ok else "(none)" for a, ok in zip(arg, has_majority)]
    out["votes_for_majority"] = np.where(has_majority, top, 0)
    out["distinct_labels"] = (counts > 0).sum(axis=1)
    out["status"] = np.where(top == m, "unanimous", np.where(has_majority, "split", "no majority"))
    out = out[out["status"] != "unanimous"]
    out = out.assign(_order=(out["status"] == "split").astype(int)).sort_values(
        ["_order", "distinct_labels"], ascending=[True, False], kind="stable").drop(columns="_order")
    if budget is not None:
        out = out.head(check_positive_int(budget, "budget"))
    return out


# ----------------------------------------------------------------------------- label noise

def precision_under_label_noise(y_true, y_pred, *, noise_rates=(0.0, 0.02, 0.05, 0.1, 0.2),
                                seed: int = 0, n_repeats: int = 20) -> pd.DataFrame:
    """What wrong evaluation labels do to a model's *measured* precision and recall.

    Each label in ``y_true`` is flipped with probability ``noise_rate``
    (labellers' mistakes go both ways), the model's unchanged decisions are
    scored against the noisy labels, and that is repeated ``n_repeats``
    times with a seeded generator. With rare positives, even a small noise
    rate turns many true negatives into "positives" the model did not flag,
    and some flagged frauds into "false alarms": the model looks worse (or
    better) than it is, not because it changed.

    Returns
    -------
    pandas.DataFrame
        One row per noise rate: ``noise_rate, true_precision,
        measured_precision, expected_precision`` (the closed form
        ``P(1 - e) + (1 - P) e``), ``true_recall, measured_recall``.
    """
    t = as_binary(y_true, "y_true")
    p = as_binary(y_pred, "y_pred")
    same_length(y_true=t, y_pred=p)
    if t.min() == t.max():
        raise ValueError(f"y_true holds a single class (all {int(t[0])}); precision and recall need both")
    if p.sum() == 0:
        raise ValueError("y_pred flags nothing, so precision is undefined")
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    rates = [check_probability(r, "noise_rates") for r in np.atleast_1d(noise_rates)]
    rng = np.random.default_rng(seed)
    flagged = p == 1
    true_prec = float(t[flagged].mean())
    true_rec = float(p[t == 1].mean())
    rows = []
    for e in rates:
        precs, recs = [], []
        for _ in range(n_repeats):
            noisy = np.where(rng.random(len(t)) < e, 1 - t, t)
            precs.append(noisy[flagged].mean())
            recs.append(p[noisy == 1].mean() if noisy.any() else 0.0)
        rows.append({"noise_rate": e, "true_precision": true_prec, "measured_precision": float(np.mean(precs)),
                     "expected_precision": true_prec * (1 - e) + (1 - true_prec) * e,
                     "true_recall": true_rec, "measured_recall": float(np.mean(recs))})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- effort

def _amount(value, name: str) -> float:
    """A finite number >= 0 (an amount of time or a ratio): refuses NaN and infinities by name."""
    value = check_non_negative(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


@dataclass(frozen=True)
class LabellingEstimate:
    """The labelling plan as usually written, and what it really takes."""

    planned_hours: float
    realistic_hours: float
    breakdown: pd.DataFrame = field(repr=False)

    @property
    def ratio(self) -> float:
        return self.realistic_hours / self.planned_hours

    def to_frame(self) -> pd.DataFrame:
        return self.breakdown.copy()

    def __repr__(self) -> str:
        return (f"LabellingEstimate: planned {self.planned_hours:,.1f} h, realistic "
                f"{self.realistic_hours:,.1f} h ({self.ratio:.1f}x the plan)")


def labelling_effort(n_items: int, *, seconds_per_item: float = 20.0, n_annotators: int = 3,
                     disagreement_rate: float = 0.3, adjudication_minutes: float = 3.0,
                     guideline_rounds: int = 2, calibration_items: int = 50, meeting_hours: float = 1.0,
                     ramp_up_items: int = 100, ramp_up_slowdown: float = 2.0,
                     relabel_share: float = 0.15, qa_share: float = 0.1) -> LabellingEstimate:
    """Estimate labelling hours: the naive plan versus the work that really happens.

    The plan is ``n_items x n_annotators x seconds_per_item``. The work adds:
    a slower start while annotators learn the guideline (the first
    ``ramp_up_items`` take ``ramp_up_slowdown`` times as long); calibration
    rounds (every annotator labels ``calibration_items`` items, then the team
    meets for ``meeting_hours``); adjudication of the ``disagreement_rate``
    of items an expert settles; re-labelling the ``relabel_share`` of items
    touched by guideline changes; and quality review of ``qa_share`` of the
    labels.

    Examples
    --------
    >>> est = labelling_effort(300)
    >>> round(est.planned_hours, 2)
    5.0
    >>> 2 < est.ratio < 6
    True
    """
    n = check_positive_int(n_items, "n_items")
    sec = _amount(seconds_per_item, "seconds_per_item")
    if sec == 0:
        raise ValueError("seconds_per_item must be > 0")
    k = check_positive_int(n_annotators, "n_annotators")
    dis = check_probability(disagreement_rate, "disagreement_rate")
    adj = _amount(adjudication_minutes, "adjudication_minutes")
    rounds = check_positive_int(guideline_rounds, "guideline_rounds", minimum=0)
    cal = check_positive_int(calibration_items, "calibration_items", minimum=0)
    meet = _amount(meeting_hours, "meeting_hours")
    ramp = min(check_positive_int(ramp_up_items, "ramp_up_items", minimum=0), n)
    slow = _amount(ramp_up_slowdown, "ramp_up_slowdown")
    if slow < 1:
        raise ValueError(f"ramp_up_slowdown must be >= 1 (a learner is not faster), got {slow}")
    relabel = check_probability(relabel_share, "relabel_share")
    qa = check_probability(qa_share, "qa_share")

    labelling = n * k * sec / 3600
    parts = {
        "labelling, as planned": labelling,
        "slower start while learning the guideline": ramp * k * sec * (slow - 1) / 3600,
        "calibration rounds (labelling + meetings)": rounds * (cal * k * sec / 3600 + meet * (k + 1)),
        "adjudicating disagreements": n * dis * adj / 60,
        "re-labelling after guideline changes": relabel * labelling,
        "quality review": qa * labelling * 1.5,
    }
    breakdown = pd.DataFrame({"hours": pd.Series(parts)})
    breakdown["share"] = breakdown["hours"] / breakdown["hours"].sum()
    breakdown.index.name = "activity"
    return LabellingEstimate(planned_hours=labelling, realistic_hours=float(breakdown["hours"].sum()),
                             breakdown=breakdown)


# ----------------------------------------------------------------------------- survey bias

@dataclass(frozen=True)
class SurveyResult:
    """A satisfaction survey answered mostly by the unhappy: the truth and what the survey says."""

    n_customers: int
    n_responses: int
    true_satisfaction: float
    measured_satisfaction: float
    low: float  # Wilson interval of the measured share: it describes noise, not bias
    high: float
    response_rate_satisfied: float
    response_rate_unsatisfied: float

    @property
    def bias(self) -> float:
        return self.measured_satisfaction - self.true_satisfaction

    @property
    def interval_covers_truth(self) -> bool:
        return self.low <= self.true_satisfaction <= self.high

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series({
            "customers": self.n_customers, "responses": self.n_responses,
            "true satisfaction": self.true_satisfaction, "survey says": self.measured_satisfaction,
            "survey interval low": self.low, "survey interval high": self.high,
            "response rate (satisfied)": self.response_rate_satisfied,
            "response rate (unsatisfied)": self.response_rate_unsatisfied}, dtype=float)})

    def __repr__(self) -> str:
        return (f"SurveyResult: {self.true_satisfaction:.1%} of {self.n_customers:,} customers are satisfied; "
                f"the {self.n_responses:,} who answered say {self.measured_satisfaction:.1%} "
                f"[{self.low:.1%}, {self.high:.1%}]")


def simulate_survey(n_customers: int = 100_000, *, satisfied_share: float = 0.85, response_rate: float = 0.02,
                    unhappy_response_multiplier: float = 6.0, seed: int = 0) -> SurveyResult:
    """Simulate a satisfaction survey that unhappy customers are more likely to answer.

    ``response_rate`` of customers answer overall, and an unsatisfied customer
    is ``unhappy_response_multiplier`` times as likely to answer as a
    satisfied one. The survey's interval only reflects sampling noise, so
    more responses narrow it around the wrong value.

    Examples
    --------
    >>> r = simulate_survey(50_000, seed=1)
    >>> r.measured_satisfaction < r.true_satisfaction
    True
    """
    n = check_positive_int(n_customers, "n_customers", minimum=10)
    s = check_probability(satisfied_share, "satisfied_share", inclusive=False)
    rr = check_probability(response_rate, "response_rate", inclusive=False)
    m = _amount(unhappy_response_multiplier, "unhappy_response_multiplier")
    if m <= 0:
        raise ValueError("unhappy_response_multiplier must be > 0")
    r_happy = rr / (s + (1 - s) * m)
    r_unhappy = m * r_happy
    if r_unhappy > 1:
        raise ValueError(f"with response_rate={rr} and multiplier {m}, unsatisfied customers would answer "
                         f"with probability {r_unhappy:.2f} > 1; lower one of them")
    from .metrics import wilson_interval

    rng = np.random.default_rng(seed)
    satisfied = rng.random(n) < s
    answered = rng.random(n) < np.where(satisfied, r_happy, r_unhappy)
    k = int(answered.sum())
    if k == 0:
        raise ValueError("nobody answered the survey; raise n_customers or response_rate")
    yes = int((satisfied & answered).sum())
    lo, hi = wilson_interval(yes, k)
    return SurveyResult(n_customers=n, n_responses=k, true_satisfaction=float(satisfied.mean()),
                        measured_satisfaction=yes / k, low=lo, high=hi, response_rate_satisfied=r_happy,
                        response_rate_unsatisfied=r_unhappy)
