"""Interview and job practice: the sarcasm case, model reports with red flags, team maturity.

* :func:`load_reviews`, :func:`sentiment_predictions` and :func:`metrics_by_slice`:
  the case of a sentiment model with high accuracy that misses sarcasm;
* :class:`ModelReport`, :func:`make_model_reports`, :func:`find_red_flags` and
  :func:`check_red_flags`: model reports built from the kit's own runs, some with
  planted problems, and an automatic checker for a learner's list of red flags;
* :data:`MATURITY_STATEMENTS` and :func:`score_team_maturity`: a self-assessment
  of how an AI team works, which scores itself;
* :data:`ROLE_POSTINGS`, :func:`check_role_flags` and :func:`score_roles`: fictional
  job postings and team interviews, their green and red flags and a stated rubric;
  :func:`check_publishable`: a checklist for publishing one of the kit's analyses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ._checks import as_binary, check_columns, check_non_negative, check_probability

__all__ = ["load_reviews", "sentiment_predictions", "metrics_by_slice", "RED_FLAGS", "ModelReport",
           "find_red_flags", "check_red_flags", "make_model_reports", "rollback_fire_chance", "MaturityStatement",
           "MATURITY_STATEMENTS", "MaturityScore", "score_team_maturity", "POSITIONING", "CAREER_FLAGS", "QUESTIONS_TO_ASK",
           "RolePosting", "ROLE_POSTINGS", "check_role_flags", "score_roles", "check_publishable"]

REVIEWS_FILE = "product_reviews_sarcasm.jsonl"


# --------------------------------------------------------------------------- the sarcasm case


def load_reviews() -> pd.DataFrame:
    """The kit's product reviews: ``review_id, product, text, sentiment, sarcastic`` and ``is_negative``.

    400 short reviews written for the kit; sarcastic ones read as praise but
    are complaints (``sentiment="negative"``). See ``datasets/README.md``.
    """
    from .data import load_jsonl

    frame = pd.DataFrame(load_jsonl(REVIEWS_FILE))
    check_columns(frame, ["review_id", "product", "text", "sentiment", "sarcastic"], name="reviews")
    frame["sarcastic"] = frame["sarcastic"].astype(bool)
    frame["is_negative"] = frame["sentiment"].eq("negative")
    frame["product"] = frame["product"].astype("category")
    return frame


def sentiment_predictions(reviews: pd.DataFrame, *, folds: int = 5, seed: int = 0, C: float = 1.0,
                          sarcasm_weight: float = 1.0, sarcastic_train_fraction: float = 1.0,
                          target: str = "is_negative", groups=None) -> pd.DataFrame:
    """Out-of-fold predictions of a TF-IDF + logistic-regression model of negative sentiment.

    Every review is scored by a model that did not see it (stratified
    ``folds``-fold cross-validation, stratified on sentiment and sarcasm), so
    the slice metrics are honest on a small data set. ``sarcasm_weight`` > 1
    up-weights sarcastic training examples; ``sarcastic_train_fraction`` < 1
    keeps only that share of the sarcastic examples in each training fold
    (every review is still scored), which shows how recall on sarcasm grows
    with the number of sarcastic labels. ``target="sarcastic"`` trains a
    sarcasm detector instead. ``groups`` (one label per review, such as its
    product) switches to grouped folds (``GroupKFold``): every group sits
    wholly in training or wholly in test, so sentences a group shares (the
    kit's reviews reuse each product's detail sentences) cannot leak from
    training into test.

    Returns a frame with ``p_<target>`` and ``pred_<target>`` beside the input
    (``p_negative`` and ``pred_negative`` by default).
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
        pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2),
                             LogisticRegression(C=C, max_iter=1_000, class_weight=weights))
        w = np.where(sarc[tr], sarcasm_weight, 1.0)
        pipe.fit(texts[tr], y[tr], logisticregression__sample_weight=w)
        proba[te] = pipe.predict_proba(texts[te])[:, 1]
    out = reviews.copy()
    name = "negative" if target == "is_negative" else "sarcastic"
    out[f"p_{name}"] = proba
    out[f"pred_{name}"] = proba >= 0.5
    return out


def sarcasm_options(predictions: pd.DataFrame, *, p_sarcastic=None, reviews_per_month: float = 20_000,
                    missed_complaint_cost: float = 15.0, review_cost: float = 0.8,
                    review_band: tuple = (0.2, 0.5), label_cost: float = 0.4,
                    extra_sarcastic_labels: int = 200, more_labels_recall: float | None = None,
                    detector_build_cost: float = 12_000.0, monitor_reviews_per_month: float = 0.0,
                    detector_threshold: float = 0.5, charge_every_read: bool = False) -> pd.DataFrame:
    """The options for the sarcasm gap, each with its measured recall and its cost.

    ``predictions`` comes from :func:`sentiment_predictions`. Each option's
    recall on sarcastic reviews is measured on the same out-of-fold
    predictions (or, for more labels, passed in as ``more_labels_recall``,
    estimated from the label learning curve); costs come from the arguments:

    * *accept the risk*: nothing changes; misses cost ``missed_complaint_cost`` each;
    * *human review route*: reviews the model calls positive with
      ``p_negative`` inside ``review_band`` go to a person (``review_cost``
      each), who reads sarcasm correctly;
    * *sarcasm detector*: a second model (``p_sarcastic``, out of fold) flips
      a positive call to negative when ``p_sarcastic >= detector_threshold``; every happy review
      it flips becomes a false complaint that support reads for nothing
      (costed at ``review_cost`` each, like every false complaint);
    * *more labels*: label enough reviews to find ``extra_sarcastic_labels``
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
    false complaints and routed reviews are charged.
    """
    check_columns(predictions, ["is_negative", "sarcastic", "p_negative", "pred_negative"], name="predictions")
    for name, v in (("reviews_per_month", reviews_per_month), ("missed_complaint_cost", missed_complaint_cost),
                    ("review_cost", review_cost), ("label_cost", label_cost),
                    ("detector_build_cost", detector_build_cost),
                    ("monitor_reviews_per_month", monitor_reviews_per_month)):
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
        row = {"option": name, "recall is": "measured" if sarc_recall is None else "forecast",
               "sarcasm recall": recall_s, "overall recall": recall_all,
               "false complaints per month": false_complaints, "one-off cost ($)": one_off,
               "running cost ($/month)": monthly_extra + monitoring + false_complaints * review_cost,
               "missed complaints per month": missed,
               "cost of misses ($/month)": missed * missed_complaint_cost, "note": note}
        if charge_every_read:
            # caught complaints + false complaints + reviews a person read and cleared (the route's happy ones)
            read = (neg_per_month * recall_all + false_complaints
                    + (0.0 if cleared is None else reviews_per_month * float(cleared.mean())))
            row["reviews read per month"] = read
            row["running cost ($/month)"] = monitoring + read * review_cost
        return row

    lo, hi = review_band
    routed = ~pred & (p >= lo) & (p < hi)
    rows = [summarise("accept the risk", pred, 0.0, 0.0, "nothing changes; misses keep their cost")]
    rows.append(summarise("human review route", pred | (routed & y), 0.0,
                          routed.mean() * reviews_per_month * review_cost,
                          f"{routed.mean():.1%} of reviews go to a person", cleared=routed & ~y))
    if p_sarcastic is not None:
        ps = np.asarray(p_sarcastic, dtype=float)
        if ps.shape != (n,):
            raise ValueError(f"p_sarcastic must hold one probability per review ({n}), got shape {ps.shape}")
        flipped = pred | (ps >= detector_threshold)
        rows.append(summarise("sarcasm detector", flipped, detector_build_cost, 0.0,
                              f"happy reviews turned into false complaints: {int((flipped & ~y).sum())} of "
                              f"{int((~y).sum())} ({(flipped & ~y).sum() / max((~y).sum(), 1):.1%})"))
    if more_labels_recall is not None:
        check_probability(more_labels_recall, "more_labels_recall")
        to_label = extra_sarcastic_labels / max(sarc_share, 1e-9)
        rows.append(summarise("more labels", pred, to_label * label_cost, 0.0,
                              f"label about {to_label:,.0f} reviews to find {extra_sarcastic_labels} sarcastic ones; "
                              "its recall is a forecast from the learning curve",
                              sarc_recall=float(more_labels_recall)))
    return pd.DataFrame(rows).set_index("option")


def metrics_by_slice(y_true, y_pred, slices) -> pd.DataFrame:
    """Accuracy, recall and precision of the positive class overall and in each slice.

    Examples
    --------
    >>> t = metrics_by_slice([1, 1, 0, 1], [1, 0, 0, 1], ["a", "b", "a", "b"])
    >>> float(t.loc["b", "recall"])
    0.5
    """
    y = as_binary(y_true, "y_true").astype(bool)
    p = as_binary(y_pred, "y_pred").astype(bool)
    sl = pd.Series(np.asarray(slices)).astype(str).to_numpy()
    if not (len(y) == len(p) == len(sl)):
        raise ValueError(f"y_true, y_pred and slices have different lengths: {len(y)}, {len(p)}, {len(sl)}")

    def row(mask):
        yy, pp = y[mask], p[mask]
        tp = int((yy & pp).sum())
        return {"n": int(mask.sum()), "positives": int(yy.sum()), "accuracy": float((yy == pp).mean()),
                "recall": tp / yy.sum() if yy.sum() else np.nan,
                "precision": tp / pp.sum() if pp.sum() else np.nan}

    rows = {"overall": row(np.ones(len(y), dtype=bool))}
    for name in sorted(set(sl)):
        rows[name] = row(sl == name)
    return pd.DataFrame(rows).T.astype({"n": int, "positives": int})


# --------------------------------------------------------------------------- red flags


RED_FLAGS = {
    "single_metric": "the report gives one headline number (usually accuracy) and nothing else",
    "mismatched_validation": ("the validation data does not look like production (another period or base "
                              "rate), or nobody measured production to know"),
    "no_rollback": "no rollback threshold: nobody has said what number would make them switch it off",
    "collapsed_segment": ("a segment's recall has collapsed beside the rest (under half the overall recall, its "
                          "95% interval below the rest's)"),
    "noisy_rollback": ("the rollback rule reads precision from so few alerts that a healthy model (at the low end of "
                       "its reported precision's 95% interval) trips it by chance"),
    "no_baseline": ("no trivial baseline beside the result (no-fraud-for-everyone, the majority class, the hand "
                    "rule it replaces), so nobody can tell what the model adds"),
}
#: A rollback rule is noisy when a model at its reported precision would trip it in a month more often than this.
NOISY_ROLLBACK_CHANCE = 0.05


def rollback_fire_chance(line: float, alerts_per_check: float, checks_in_a_row: int, precision: float,
                         checks_per_month: int) -> float:
    """About how likely a precision rollback rule fires within a month.

    The rule fires when the precision of ``alerts_per_check`` alerts (rounded,
    at least one) is below ``line`` in ``checks_in_a_row`` consecutive checks,
    out of ``checks_per_month`` checks, for a model whose true precision is
    ``precision``. One check falls below the line with the binomial chance;
    the month offers ``checks_per_month - checks_in_a_row + 1`` runs of
    consecutive checks, treated as independent (an approximation). At the
    model's reported precision this is the false-alarm chance; at a lower
    precision, the chance the rule catches the fall.

    >>> round(rollback_fire_chance(0.5, 10, 1, 0.5, 1), 3)   # 4 or fewer right out of 10
    0.377
    """
    from .communicate import share_below

    in_a_row, per_month = int(checks_in_a_row), int(checks_per_month)
    if in_a_row < 1:
        raise ValueError(f"checks_in_a_row must be at least 1, got {checks_in_a_row}")
    fire = share_below(line, max(int(round(alerts_per_check)), 1), precision) ** in_a_row
    return 1 - (1 - fire) ** max(per_month - in_a_row + 1, 1)


@dataclass(frozen=True)
class ModelReport:
    """A model report as a team might circulate it, with the facts a reviewer can check.

    ``segments`` maps a segment name to ``(recall, n_positives)``;
    ``validation_base_rate`` and ``production_base_rate`` are the positive
    rates in the validation data and in production. ``rollback_check`` is
    ``(line, alerts_per_check, checks_in_a_row, precision, checks_per_month)``:
    the rule fires when precision over ``alerts_per_check`` alerts is below
    ``line`` in ``checks_in_a_row`` consecutive checks, for a model whose
    precision is ``precision``, checked ``checks_per_month`` times a month.
    ``baseline`` is the trivial baseline the report sets beside its result
    (None: none given); ``production_rate_measured=False`` marks a production
    positive rate that is assumed, not measured. ``alerts`` is the number of
    alerts the reported precision was measured on (None: not given), so its
    interval can be computed. ``planted`` lists the red
    flags the report was built to contain (the answer key). ``scores`` holds
    the model's score for each case the results were read on, in the order of
    that data (None: not given), so the model can be read at another alert volume.
    """

    title: str
    model: str
    metrics: dict
    validation_data: str
    production_data: str
    validation_base_rate: float
    production_base_rate: float
    rollback_rule: str | None
    segments: dict = field(default_factory=dict)
    overall_recall: float | None = None
    planted: frozenset = field(default_factory=frozenset)
    rollback_check: tuple | None = None
    baseline: str | None = None
    production_rate_measured: bool = True
    alerts: int | None = None
    scores: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def rollback_false_alarm(self) -> float | None:
        """About how likely the rollback rule fires within a month on a model still at its reported precision.

        "Still at its reported precision" means at :attr:`rollback_healthy_precision`, the low end of
        the reported precision's 95% Wilson interval when ``alerts`` is given. One check falls below the
        line with the binomial chance of precision on that many alerts; ``checks_in_a_row`` of them in a row, at each of
        the month's checks, treated as independent (an approximation).
        """
        if self.rollback_check is None:
            return None
        line, per_check, in_a_row, _, per_month = self.rollback_check
        return rollback_fire_chance(line, per_check, in_a_row, self.rollback_healthy_precision, per_month)

    @property
    def rollback_healthy_precision(self) -> float | None:
        """The precision a healthy model is taken to have when a rollback rule is judged for false alarms.

        The reported precision is itself an estimate: when ``alerts`` (how many alerts it was measured
        on) is given, a rule must stay quiet at the low end of its 95% Wilson interval; otherwise the
        reported precision is all there is. The one definition used by the red-flag check, the notebook
        and its exercise.
        """
        if self.rollback_check is None:
            return None
        reported = float(self.rollback_check[3])
        if not self.alerts:
            return reported
        from .metrics import wilson_interval

        n = int(self.alerts)
        return float(wilson_interval(int(round(reported * n)), n)[0])

    def render(self) -> str:
        """The report as Markdown, the way a reviewer would receive it."""
        metrics = ", ".join(f"{k} {v:.1%}" for k, v in self.metrics.items())
        lines = [f"#### {self.title}", f"- **Model:** {self.model}", f"- **Results:** {metrics}",
                 f"- **Validated on:** {self.validation_data} (positive rate {self.validation_base_rate:.1%})",
                 f"- **Will serve:** {self.production_data} (positive rate "
                 + ("" if self.production_rate_measured else "assumed ") + f"{self.production_base_rate:.1%}"
                 + ("" if self.production_rate_measured else ", not measured") + ")",
                 f"- **Baseline:** {self.baseline or 'none given'}",
                 f"- **Rollback:** {self.rollback_rule or 'not specified'}"
                 + (f" (about {self.rollback_check[1]:,.{0 if self.rollback_check[1] >= 10 else 1}f} alerts per check)"
                    if self.rollback_check else "")]
        if self.segments:
            from .metrics import wilson_interval

            parts = []
            for k, (r, n) in self.segments.items():
                lo, hi = wilson_interval(int(round(r * n)), n)
                parts.append(f"{k}: recall {r:.0%} ({int(round(r * n))} of {n}; 95% Wilson {lo:.1%} to {hi:.1%})")
            segs = "; ".join(parts)
            lines.append(f"- **By segment:** {segs}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from .story import escape_dollars

        return escape_dollars(self.render())

    def __repr__(self) -> str:
        return self.render()


def find_red_flags(report: ModelReport, *, collapse_ratio: float = 0.5, base_rate_tolerance: float = 0.25,
                   min_segment_positives: int = 10, noisy_rollback_chance: float | None = None) -> frozenset:
    """The red flags a careful reviewer would raise, decided from the report's own facts.

    * ``single_metric``: fewer than two metrics reported;
    * ``mismatched_validation``: the validation and production positive rates
      differ by more than ``base_rate_tolerance`` (relative), or the production
      rate is assumed, not measured (nothing shows validation looks like production);
    * ``no_rollback``: no rollback rule;
    * ``collapsed_segment``: a segment (with at least ``min_segment_positives``
      positives) whose recall is below ``collapse_ratio`` x the overall recall,
      and whose 95% Wilson interval lies wholly below that of the other
      segments pooled, so the gap is not the noise of a small slice (the
      segments are taken to split the report's positives);
    * ``noisy_rollback``: a rollback rule that a healthy model (at
      :attr:`ModelReport.rollback_healthy_precision`) would trip by chance within a month with probability above
      ``noisy_rollback_chance`` (binomial noise of precision on few alerts;
      default :data:`NOISY_ROLLBACK_CHANCE`);
    * ``no_baseline``: no trivial baseline beside the result.
    """
    if not isinstance(report, ModelReport):
        raise TypeError(f"report must be a ModelReport, got {type(report).__name__}")
    collapse_ratio = check_probability(collapse_ratio, "collapse_ratio")
    noisy_rollback_chance = check_probability(
        NOISY_ROLLBACK_CHANCE if noisy_rollback_chance is None else noisy_rollback_chance, "noisy_rollback_chance")
    flags = set()
    if not report.baseline:
        flags.add("no_baseline")
    if len(report.metrics) < 2:
        flags.add("single_metric")
    base = report.validation_base_rate
    if (base <= 0 or abs(report.production_base_rate - base) / base > base_rate_tolerance
            or not report.production_rate_measured):
        flags.add("mismatched_validation")
    if not report.rollback_rule:
        flags.add("no_rollback")
    elif report.rollback_false_alarm is not None and report.rollback_false_alarm > noisy_rollback_chance:
        flags.add("noisy_rollback")
    overall = report.overall_recall
    if overall is not None:
        from .metrics import wilson_interval

        caught = {k: (int(round(r * n)), int(n)) for k, (r, n) in report.segments.items()}
        for name, (recall, n) in report.segments.items():
            if n < min_segment_positives or recall >= collapse_ratio * overall:
                continue
            k_rest = sum(c for other, (c, _) in caught.items() if other != name)
            n_rest = sum(m for other, (_, m) in caught.items() if other != name)
            if n_rest == 0 or wilson_interval(*caught[name])[1] < wilson_interval(k_rest, n_rest)[0]:
                flags.add("collapsed_segment")
    return frozenset(flags)


def _as_flag_set(answer) -> set:
    if isinstance(answer, str):
        answer = [a for a in answer.replace(";", ",").split(",") if a.strip()]
    if not isinstance(answer, Iterable):
        raise TypeError(f"answer must be a list of red-flag names from {list(RED_FLAGS)}")
    got = {str(a).strip() for a in answer}
    unknown = sorted(got - set(RED_FLAGS))
    if unknown:
        raise ValueError(f"unknown red flag(s) {unknown}; use names from {list(RED_FLAGS)}")
    return got


def check_red_flags(report: ModelReport, answer, **flag_options) -> tuple[bool, str]:
    """Compare a learner's red flags with the report's; explain every miss and every false alarm.

    ``flag_options`` go to :func:`find_red_flags` (e.g. ``noisy_rollback_chance``).
    """
    expected = set(find_red_flags(report, **flag_options))
    got = _as_flag_set(answer)
    missed, extra = sorted(expected - got), sorted(got - expected)
    if not missed and not extra:
        found = ", ".join(sorted(expected)) or "none (this report is sound)"
        return True, f"All red flags found: {found}."
    parts = []
    if missed:
        parts.append("missed: " + "; ".join(f"`{m}` ({RED_FLAGS[m]})" for m in missed))
    if extra:
        parts.append("not a problem in this report: " + ", ".join(f"`{e}`" for e in extra))
    return False, ". ".join(parts).capitalize() + "."


def _rule_words(frame: pd.DataFrame) -> str:
    """The kit's hand rule (:func:`aipm_kit.scenarios.hand_rule`) on the same payments, in words."""
    from .scenarios import hand_rule

    y = frame["is_fraud"].to_numpy().astype(bool)
    flag = hand_rule(frame).to_numpy()
    tp = int((flag & y).sum())
    precision = f"{tp / flag.sum():.1%} precision" if flag.sum() else "no alerts"
    return (f"transfers over $5,000 from accounts under 30 days old: {precision}, {tp / max(y.sum(), 1):.1%} "
            f"recall, {flag.mean():.2%} of payments flagged")


def make_model_reports(*, seed: int = 0, n_transactions: int = 30_000, reviews: pd.DataFrame | None = None,
                       sentiment: pd.DataFrame | None = None) -> list[ModelReport]:
    """Four model reports built from the kit's own simulated runs and kit-written reviews, each with planted problems.

    1. *Fraud v2, the launch email*: accuracy only, no baseline, validated on
       a random split of the months before a concept drift, no rollback rule.
    2. *Fraud v2, the honest re-run*: several metrics on the drifted months,
       a rollback rule, and the segment the new fraud ring lives in, whose
       recall collapsed.
    3. *Review sentiment*: accuracy, precision and recall, and the sarcasm
       slice, whose recall collapsed; no rollback rule.
    4. *Fraud v1*: a calmer stream, validated on later months like production,
       several metrics, segments in line, but a rollback rule read from a
       couple of days' alerts: a model still at its reported precision would
       trip it by chance.
    """
    import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime before limiting its threads)
    from threadpoolctl import threadpool_limits

    from .models import fit_fraud_model, fraud_scores
    from .planning import precision_at_recall
    from .scenarios import make_payments

    df = make_payments(n_transactions, seed=seed, drift_month=4, drift_kind="concept", incident=False)
    before = df[df["month"] <= 3]
    after = df[df["month"] >= 4]
    rng = np.random.default_rng(seed)
    is_val = rng.random(len(before)) < 0.25
    train, val = before[~is_val], before[is_val]
    with threadpool_limits(limits=1):
        model = fit_fraud_model(train, seed=seed, max_iter=60)
        s_val, s_after = fraud_scores(model, val), fraud_scores(model, after)
    # Threshold: the 99th percentile of validation scores (about 1% of traffic flagged).
    thr = float(np.quantile(s_val, 0.99))

    def summary(frame, s):
        y = frame["is_fraud"].to_numpy()
        flag = s >= thr
        tp = (flag & y).sum()
        return {"accuracy": float((flag == y).mean()), "precision": float(tp / max(flag.sum(), 1)),
                "recall": float(tp / max(y.sum(), 1)),
                "precision at 50% recall": precision_at_recall(y, s, 0.5)}

    m_val, m_after = summary(val, s_val), summary(after, s_after)
    ring = (after["merchant_category"].isin(["electronics", "gaming"]) & (after["channel"] == "app")
            & after["amount"].between(100, 900)).to_numpy()
    y_after = after["is_fraud"].to_numpy()
    flag_after = s_after >= thr

    def seg_recall(mask):
        pos = (mask & y_after).sum()
        return (float((mask & y_after & flag_after).sum() / pos) if pos else 0.0, int(pos))

    rate_before, rate_after = float(before["is_fraud"].mean()), float(after["is_fraud"].mean())
    # B's rule pools four weeks of alerts
    from .communicate import _line

    weeks_after = max((after["timestamp"].max() - after["timestamp"].min()).days / 7, 1.0)
    per_week_b = flag_after.sum() / weeks_after
    from .metrics import wilson_interval

    alerts_b = int(flag_after.sum())
    healthy_b = float(wilson_interval(int(round(m_after["precision"] * alerts_b)), alerts_b)[0])
    # the line sits where a healthy model, at the low end of its precision's 95% interval, falls only 1% of checks
    line_b, _ = _line(max(int(round(4 * per_week_b)), 1), healthy_b, 0.01)
    reports = [
        ModelReport(
            title="Report A: fraud model v2, launch email (simulated payments)",
            model="gradient boosting on months 1-3 of a simulated payments stream",
            metrics={"accuracy": m_val["accuracy"]},
            validation_data="a random 25% of months 1-3", production_data="live traffic from month 4 on",
            # before launch nobody has measured production: the email can only assume months 1-3's rate
            validation_base_rate=float(val["is_fraud"].mean()), production_base_rate=rate_before,
            production_rate_measured=False, rollback_rule=None,
            planted=frozenset({"single_metric", "mismatched_validation", "no_rollback", "no_baseline"})),
        ModelReport(
            title="Report B: fraud model v2, re-run on live months (simulated payments)",
            model="the same model as Report A (gradient boosting on months 1-3 of the simulated stream)",
            metrics={k: m_after[k] for k in ("precision", "recall", "precision at 50% recall")},
            validation_data="months 4-6 (after launch)", production_data="live traffic from month 4 on",
            validation_base_rate=rate_after, production_base_rate=rate_after,
            rollback_rule=f"roll back to the rule if precision over the last four weeks < {line_b:.1%}",
            rollback_check=(line_b, 4 * per_week_b, 1, m_after["precision"], 1),   # four weeks pooled, checked once a month
            segments={"app electronics and gaming, $100-900": seg_recall(ring),
                      "everything else": seg_recall(~ring)},
            overall_recall=m_after["recall"], planted=frozenset({"collapsed_segment"}), alerts=alerts_b,
            scores=np.asarray(s_after, dtype=float),
            baseline=(f"the hand rule it would roll back to ({_rule_words(after)}); alerting on a random "
                      f"{flag_after.mean():.1%} of payments (the model's alert rate) would catch about "
                      f"{flag_after.mean():.1%} of fraud at {rate_after:.1%} precision")),
    ]
    if reviews is not None:
        if sentiment is None:
            sentiment = sentiment_predictions(reviews, seed=seed)
        y = sentiment["is_negative"].to_numpy()
        p = sentiment["pred_negative"].to_numpy()
        sarc = sentiment["sarcastic"].to_numpy()
        tp = (y & p).sum()

        def rec(mask):
            return float((y & p & mask).sum() / (y & mask).sum()), int((y & mask).sum())

        reports.append(ModelReport(
            title="Report C: review sentiment model (kit-written reviews)", model="TF-IDF + logistic regression",
            metrics={"accuracy": float((y == p).mean()), "precision": float(tp / p.sum()),
                     "recall": float(tp / y.sum())},
            validation_data=("5-fold cross-validation on the labelled reviews (the same template sentences sit in "
                             "training and validation folds)"),
            production_data="new reviews, same shop and products",
            validation_base_rate=float(y.mean()), production_base_rate=float(y.mean()),
            production_rate_measured=False, rollback_rule=None,
            baseline=(f"calling every review a complaint (the majority class) scores {max(y.mean(), 1 - y.mean()):.1%} "
                      "accuracy"),
            segments={"plain reviews": rec(~sarc), "sarcastic reviews": rec(sarc)},
            overall_recall=float(tp / y.sum()), planted=frozenset({"collapsed_segment", "no_rollback", "mismatched_validation"})))
    # Report D: a stream with no drift; trained on months 1-3, validated on months 4-6 like production.
    calm = make_payments(n_transactions, seed=seed + 1, drift_month=None, incident=False)
    early, month3 = calm[calm["month"] <= 3], calm[calm["month"] >= 4]
    with threadpool_limits(limits=1):
        m1 = fit_fraud_model(early, seed=seed, max_iter=60)
        s3 = fraud_scores(m1, month3)
    y3 = month3["is_fraud"].to_numpy()
    f3 = s3 >= float(np.quantile(s3, 0.98))
    tp3 = (f3 & y3).sum()
    rec3 = float(tp3 / y3.sum())
    seg = month3["segment"].astype(str).to_numpy()
    segments = {}
    for g in ("consumer", "small_business", "new_market"):
        m = seg == g
        pos = int((m & y3).sum())
        segments[g] = (float((m & y3 & f3).sum() / pos) if pos else 0.0, pos)
    reports.append(ModelReport(
        title="Report D: fraud model v1 (simulated payments)",
        model=("gradient boosting on months 1-3 of a second, calmer simulated stream (another run, with no drift and "
               "its own fraud rate), alerting on its top 2% of scores"),
        metrics={"precision": float(tp3 / f3.sum()), "recall": rec3,
                 "precision at 50% recall": precision_at_recall(y3, s3, 0.5)},
        validation_data="months 4-6, held out in time", production_data="live traffic like months 4-6",
        validation_base_rate=float(y3.mean()), production_base_rate=float(y3.mean()),
        rollback_rule=f"roll back if precision < {0.8 * tp3 / f3.sum():.1%} for two consecutive days",
        rollback_check=(0.8 * tp3 / f3.sum(), f3.sum() / max((month3["timestamp"].max() - month3["timestamp"].min())
                                                            .days, 1), 2, float(tp3 / f3.sum()), 30),
        segments=segments, overall_recall=rec3, planted=frozenset({"noisy_rollback"}), alerts=int(f3.sum()),
        baseline=(f"the hand rule it replaced ({_rule_words(month3)}); alerting on a random {f3.mean():.1%} of "
                  f"payments would catch about {f3.mean():.1%} of fraud at {y3.mean():.1%} precision")))
    return reports


# --------------------------------------------------------------------------- team maturity


@dataclass(frozen=True)
class MaturityStatement:
    key: str
    text: str
    kind: str  # "green" (a good sign when true) or "red" (a warning sign when true)
    weight: float = 1.0


MATURITY_STATEMENTS = (
    MaturityStatement("baseline_first", "Every model is compared with a simple baseline on the same data.", "green"),
    MaturityStatement("time_split", "Offline results use a validation set split in time, like production.", "green"),
    MaturityStatement("slice_metrics", "Reports show metrics by segment, not only overall.", "green"),
    MaturityStatement("rollback_rule", "Each launch has a written rollback threshold before it ships.", "green", 1.5),
    MaturityStatement("prediction_logs", "Predictions are logged with inputs, model version and confidence.", "green"),
    MaturityStatement("business_metric", "Each experiment names the business metric it should move.", "green"),
    MaturityStatement("retire_models", "The team has retired a model that stopped paying for itself.", "green", 0.5),
    MaturityStatement("accuracy_only", "Results are reported as one accuracy number.", "red", 1.5),
    MaturityStatement("no_owner", "Nobody owns a model after launch.", "red", 1.5),
    MaturityStatement("label_surprise", "Labelling regularly takes far longer than planned and nobody re-plans.", "red"),
    MaturityStatement("demo_driven", "Projects start from a demo rather than from a decision someone needs to make.", "red"),
    MaturityStatement("no_monitoring", "Drift and latency are checked only when someone complains.", "red"),
)

MATURITY_LEVELS = ((0, "ad hoc"), (40, "developing"), (70, "established"), (85, "leading"))


@dataclass(frozen=True)
class MaturityScore:
    """A team's self-assessment: a 0-100 score, its level and what to fix first."""

    score: float
    level: str
    green_flags: tuple
    red_flags: tuple
    production_share: float | None
    advice: tuple

    def to_frame(self) -> pd.DataFrame:
        rows = [{"statement": s.text, "kind": s.kind,
                 "holds": s.key in self.green_flags or s.key in self.red_flags}
                for s in MATURITY_STATEMENTS]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        share = "n/a" if self.production_share is None else f"{self.production_share:.1%}"
        greens, reds = len(self.green_flags), len(self.red_flags)
        return (f"MaturityScore({self.score:.1f}/100, {self.level}; {greens} green flag{'s' * (greens != 1)}, "
                f"{reds} red flag{'s' * (reds != 1)}; {share} of experiments reach production)")

    def __str__(self) -> str:
        return (f"{self.score:.1f}/100 ({self.level}); "
                + repr(self).split("; ", 1)[1].rstrip(")"))


#: The share of experiments reaching production that earns full points. This is the kit's own
#: assumption for the exercise, not a published benchmark: no survey behind it; set your own.
FULL_POINTS_PRODUCTION_SHARE = (0.2, 0.5)


def production_share_points(share: float) -> float:
    """Points (0 to 1) for the share of experiments that reach production.

    The kit assumes (a judgement, not a measured benchmark) that below 10%
    the path to production is broken and above 80% the team is not
    experimenting, or not killing, enough; full points inside
    :data:`FULL_POINTS_PRODUCTION_SHARE` (20% to 50%), ramping linearly outside.
    """
    share = check_probability(share, "share")
    if 0.2 <= share <= 0.5:
        return 1.0
    if share < 0.2:
        return max(0.0, (share - 0.1) / 0.1) if share > 0.1 else 0.0
    return max(0.0, 1 - (share - 0.5) / 0.3)


def score_team_maturity(answers: Mapping[str, bool], *, experiments_started: int | None = None,
                        experiments_shipped: int | None = None) -> MaturityScore:
    """Score a self-assessment.

    ``answers`` maps each :data:`MATURITY_STATEMENTS` key to True (the statement
    holds for the team) or False. Green statements that hold earn their weight,
    red ones that hold lose it; the production share (shipped / started) adds up
    to 2 points. The score is the points earned as a share of the maximum,
    on 0-100.

    Examples
    --------
    >>> all_good = {s.key: s.kind == "green" for s in MATURITY_STATEMENTS}
    >>> score_team_maturity(all_good, experiments_started=10, experiments_shipped=3).score
    100.0
    """
    keys = {s.key for s in MATURITY_STATEMENTS}
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a dict of statement key -> True/False, got {type(answers).__name__}")
    missing = sorted(keys - set(answers))
    unknown = sorted(set(answers) - keys)
    if missing or unknown:
        raise ValueError(f"answers must cover every statement exactly: missing {missing}, unknown {unknown}")
    for k, v in answers.items():
        if not isinstance(v, (bool, np.bool_)):
            raise TypeError(f"answers[{k!r}] must be True or False, got {v!r}")
    green_max = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "green")
    red_max = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "red")
    points = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "green" and answers[s.key])
    points += sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "red" and not answers[s.key])
    maximum = green_max + red_max
    share = None
    if experiments_started is not None or experiments_shipped is not None:
        if experiments_started is None or experiments_shipped is None:
            raise ValueError("give both experiments_started and experiments_shipped, or neither")
        if experiments_started <= 0:
            raise ValueError(f"experiments_started must be > 0, got {experiments_started}")
        if not 0 <= experiments_shipped <= experiments_started:
            raise ValueError(f"experiments_shipped must be between 0 and experiments_started="
                             f"{experiments_started}, got {experiments_shipped}")
        share = experiments_shipped / experiments_started
        points += 2 * production_share_points(share)
        maximum += 2
    score = round(100 * points / maximum, 1)
    level = [name for cut, name in MATURITY_LEVELS if score >= cut][-1]
    greens = tuple(s.key for s in MATURITY_STATEMENTS if s.kind == "green" and answers[s.key])
    reds = tuple(s.key for s in MATURITY_STATEMENTS if s.kind == "red" and answers[s.key])
    by_weight = sorted((s for s in MATURITY_STATEMENTS
                        if (s.kind == "red" and answers[s.key]) or (s.kind == "green" and not answers[s.key])),
                       key=lambda s: -s.weight)
    advice = tuple(("Stop: " if s.kind == "red" else "Start: ") + s.text for s in by_weight[:3])
    if share is not None and production_share_points(share) < 1:
        lo, hi = FULL_POINTS_PRODUCTION_SHARE
        advice += (f"{share:.1%} of experiments reach production, outside the {lo:.0%} to {hi:.0%} band this "
                   "self-assessment assumes (a judgement for discussion, not a measured benchmark).",)
    return MaturityScore(score=score, level=level, green_flags=greens, red_flags=reds,
                         production_share=share, advice=advice)


# --------------------------------------------------------------------------- career: roles worth joining


#: How to position yourself by background: ``key -> (background, lead with, close the gap by, evidence from the kit)``.
POSITIONING = {
    "engineer": ("Engineer as bridge",
                 "you read a model report and a pipeline, and can say what each means for the business",
                 "business framing: the cost of each error, who decides, what a launch gate asks",
                 "notebook 01's gate 1 (model vs hand rule in dollars) and notebook 05's one result for five "
                 "audiences"),
    "pm": ("PM with transferable skills",
           "prioritisation, experiments, stakeholders: the job is the same, the product is uncertain",
           "the uncertainty of models: slices, intervals, drift, label delay",
           "this notebook's case (a slice with its interval) and notebook 04's A/B test, planned from a minimum effect"),
    "domain_expert": ("Domain expert",
                      "you know which errors hurt whom and what the labels really mean",
                      "the model lifecycle and its vocabulary: validation, thresholds, monitoring, rollback",
                      "notebook 02's label audit and ethical review, and a portfolio project near your domain"),
}

#: Flags a candidate looks for in a posting and a team interview: ``key -> (kind, what it looks like)``.
CAREER_FLAGS = {
    "clear_ownership": ("green", "one named role owns the model's results after launch, with the say on launch "
                                 "and rollback"),
    "mlops": ("green", "models reach production through a repeatable pipeline: versioned, monitored, with a "
                       "rollback switch"),
    "realistic_expectations": ("green", "the plan allows for data work and a baseline first, and promises "
                                        "nothing before the evidence is in"),
    "vague_mandate": ("red", "the job is 'AI' in general: the posting names no decision, no user and no metric"),
    "siloed_data_science": ("red", "the people who build the models sit apart from product and hand models over"),
    "unknown_performance": ("red", "nobody in the room can say how well the current model performs, or how it is "
                                   "measured"),
    "overpromising": ("red", "leaders promise what the model will do (replace people, hit a number, by a date) "
                             "beyond what its measured performance supports"),
}

#: The question to ask about each flag, when the posting and the interview gave no evidence either way.
QUESTIONS_TO_ASK = {
    "clear_ownership": "Who owns this model's results after launch, and who may switch it off?",
    "mlops": "How does a model get from a notebook to production, and how would you roll it back today?",
    "realistic_expectations": "What does the first quarter look like if the data turns out worse than hoped?",
    "vague_mandate": "Which decision should AI improve first, for which user, measured how?",
    "siloed_data_science": "When the model misbehaves in production, who from data science is in the room?",
    "unknown_performance": "What are the current model's precision and recall, on what data, measured when?",
    "overpromising": "What happens to the plan if the model's measured performance stays where it is today?",
}


@dataclass(frozen=True)
class RolePosting:
    """A fictional job posting with notes from the team interview, and the flags its text shows.

    ``evidence`` maps each flag the text shows to the words that show it;
    ``against`` maps a flag the text speaks against (a green flag it denies, a red one it rules out) to those words. A
    green flag not in ``evidence`` is not shown: ask about it.
    """

    key: str
    title: str
    company: str
    stage: str  # "startup" or "enterprise"
    posting: str
    interview: tuple  # ((speaker, words), ...)
    evidence: Mapping[str, str]
    against: Mapping[str, str] = field(default_factory=dict)

    @property
    def flags(self) -> frozenset:
        return frozenset(self.evidence)

    def render(self) -> str:
        """The posting and the interview notes as Markdown."""
        lines = [f"#### Role {self.key}: {self.title}, {self.company} ({self.stage}, fictional)",
                 f"> **Posting:** {self.posting}", "", "**From the team interview:**"]
        lines += [f"- *{who}:* \u201c{words}\u201d" for who, words in self.interview]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from .story import escape_dollars

        return escape_dollars(self.render())


#: Four roles written for the kit: the companies, people and numbers are fictional.
ROLE_POSTINGS = (
    RolePosting(
        "A", "Head of AI Product", "Crestmoor Insurance", "enterprise",
        "Crestmoor is putting AI at the heart of everything we do. You will own our AI vision across every line "
        "of business and find opportunities to use generative AI everywhere.",
        (("Hiring manager", "Our data scientists sit in the analytics department. Product sends them requests "
                            "through a ticket queue and they send back a model."),
         ("Candidate", "How well does the claims-triage model do today?"),
         ("Hiring manager", "Well, I believe. The data scientists would know; we don't track it on our side.")),
        {"vague_mandate": "AI at the heart of everything ... generative AI everywhere",
         "siloed_data_science": "requests through a ticket queue and they send back a model",
         "unknown_performance": "the data scientists would know; we don't track it on our side"}),
    RolePosting(
        "B", "AI Product Manager, Payments Risk", "Ledgerleaf", "startup",
        "You will own the fraud model's roadmap and make its launch and rollback calls, working with our ML lead. "
        "First goal: "
        "fewer false declines on card payments without letting more fraud through.",
        (("ML lead", "Last month's audit sample put us at 71% precision and 58% recall. Chargeback labels take up "
                     "to 90 days, so last month's recall is provisional: it counts only the fraud charged back so "
                     "far."),
         ("CEO", "We expect the first quarter to go on data and on beating our rules baseline. Nothing ships that "
                 "doesn't beat it."),
         ("ML lead", "Deploys are manual for now: I retrain in a notebook and copy the model file to the server.")),
        {"clear_ownership": "own the fraud model's roadmap and make its launch and rollback calls",
         "realistic_expectations": "the first quarter goes on data and on beating the rules baseline"},
        {"mlops": "deploys are manual: retrain in a notebook, copy the model file to the server"}),
    RolePosting(
        "C", "Product Manager, Triage Assistant", "Northway Health", "enterprise",
        "Own the nurse-triage assistant end to end: you are accountable for its results in the clinics and chair "
        "the go/no-go and rollback decisions with the clinical safety lead.",
        (("Engineering manager", "Every model version goes through our registry and runs in shadow mode first; "
                                 "the monitoring dashboard pages us when input drift crosses its line, and rolling "
                                 "back is one command."),
         ("Data scientist, in the product team", "Last quarter we audited 1,000 calls: 400 needed urgent care "
                                                 "and the assistant flagged 364 of them, a sensitivity of 91% "
                                                 "(95% Wilson interval 88% to 93%). So about one urgent call in "
                                                 "eleven still needs a nurse to catch it."),
         ("Director", "The board expects the assistant to replace first-line triage calls by the second quarter.")),
        {"clear_ownership": "accountable for its results ... chair the go/no-go and rollback decisions",
         "mlops": "registry, shadow mode, monitoring that pages, rollback in one command",
         "overpromising": "the board expects it to replace first-line triage calls by the second quarter, while "
                          "it misses about one urgent call in eleven"},
        {"realistic_expectations": "the board expects it to replace first-line triage calls by the second quarter"}),
    RolePosting(
        "D", "Founding PM, Writing Copilot", "Quillstack", "startup",
        "Be the first PM on Quillstack's writing copilot for sales teams. We ship every day.",
        (("CTO", "Every model version is tracked, deployed behind a feature flag and monitored for errors and "
                 "latency; rolling back is one click."),
         ("CTO", "The model itself comes from an outside ML agency. They deliver a new version each quarter and we "
                 "don't talk to them in between."),
         ("Candidate", "How often are the suggestions accepted today?"),
         ("CEO", "We haven't measured that yet, but the demo wows every investor.")),
        {"mlops": "tracked versions, feature flag, monitoring, one-click rollback",
         "siloed_data_science": "an outside agency delivers a version each quarter; no contact in between",
         "unknown_performance": "we haven't measured that yet"},
        {"vague_mandate": "it names a product and its user: a writing copilot for sales teams"}),
)


def _career_flag_set(answer) -> set:
    if isinstance(answer, str):
        answer = [a for a in answer.replace(";", ",").split(",") if a.strip()]
    if not isinstance(answer, Iterable):
        raise TypeError(f"answer must be a list of flag names from {list(CAREER_FLAGS)}")
    got = {str(a).strip() for a in answer}
    unknown = sorted(got - set(CAREER_FLAGS))
    if unknown:
        raise ValueError(f"unknown flag(s) {unknown}; use names from {list(CAREER_FLAGS)}")
    return got


def check_role_flags(role: RolePosting, answer) -> tuple[bool, str]:
    """Compare a learner's flags for ``role`` with the ones its text shows; quote the evidence for each miss."""
    if not isinstance(role, RolePosting):
        raise TypeError(f"role must be a RolePosting, got {type(role).__name__}")
    got = _career_flag_set(answer)
    missed, extra = sorted(role.flags - got), sorted(got - role.flags)
    if not missed and not extra:
        return True, f"Role {role.key}: " + "; ".join(f"`{f}` ({role.evidence[f]})" for f in sorted(role.flags)) + "."
    parts = [f"missed `{m}`: the text says \u201c{role.evidence[m]}\u201d" for m in missed]
    parts += [f"`{e}` is not shown in role {role.key}: " + (f"the text speaks against it (\u201c{role.against[e]}\u201d)"
              if e in role.against else f"nothing in the text shows it ({CAREER_FLAGS[e][1]})")
              + "; that is a question to ask, not a flag to count" for e in extra]
    return False, f"Role {role.key}: " + "; ".join(parts) + "."


def score_roles(roles: Iterable[RolePosting] = ROLE_POSTINGS) -> pd.DataFrame:
    """Each role's flags and its score: green flags shown minus red flags shown (the kit's rubric).

    Every flag counts one point, so the score runs from -4 (four red flags) to +3 (three green); ``to_ask``
    lists the green flags with no evidence either way, the questions for the
    next interview. The rubric is a way to read a posting, not a measured
    predictor of how a job turns out.
    """
    rows = []
    for role in roles:
        if not isinstance(role, RolePosting):
            raise TypeError(f"roles must hold RolePosting objects, got {type(role).__name__}")
        greens = sorted(f for f in role.flags if CAREER_FLAGS[f][0] == "green")
        reds = sorted(f for f in role.flags if CAREER_FLAGS[f][0] == "red")
        to_ask = sorted(f for f, (kind, _) in CAREER_FLAGS.items() if kind == "green" and f not in role.flags)
        rows.append({"role": role.key, "company": role.company, "stage": role.stage, "green": ", ".join(greens),
                     "red": ", ".join(reds), "score": len(greens) - len(reds), "to_ask": ", ".join(to_ask)})
    return pd.DataFrame(rows).set_index("role")


# --------------------------------------------------------------------------- career: publishing an analysis


def check_publishable(draft: str, *, uses_simulated_data: bool, employer_terms: Iterable[str] = (),
                      require_decision: bool = False, require_same_volume: bool = False) -> pd.DataFrame:
    """Check a draft write-up against the kit's publishing checklist; one row per check.

    1. *simulated named*: when the analysis ran on simulated data, the draft says "simulated";
    2. *no employer data*: none of ``employer_terms`` (your employer's or clients' names,
       internal system names) appears, case-insensitive;
    3. *no personal data*: no e-mail address and no identifier of eight or more digits;
    4. *intervals named*: every sentence that quotes a percentage names a 90% or 95% interval
       in that sentence, unless it is the sentence that states the baseline;
    5. *baseline named*: a draft that quotes a percentage names the trivial baseline (the word
       "baseline") it compares with;
    6. *limitations stated*: the draft has a limitation (the word "limitation");
    7. *decision stated* (only with ``require_decision=True``): one sentence names the decision (the word
       "decision", "decide" or "recommend") and gives its reason in the same sentence (the word "because");
    8. *compared at the same volume* (only with ``require_same_volume=True``, for alerting models compared
       with a rule or another model): the draft says it compared them at the same alert volume (the words
       "same alert volume", "same volume" or "same number of alerts"). It reads words: a draft that says
       the volumes differ and compares anyway still needs a reader.

    >>> t = check_publishable("Simulated data. 61% recall (95% interval 52% to 70%). Baseline: 1% at random. "
    ...                       "Limitations: one seed.", uses_simulated_data=True)
    >>> bool(t["passes"].all())
    True
    >>> bool(check_publishable("Simulated. 61% recall (95% interval 52% to 70%); precision 68%. Baseline 1%. "
    ...                        "Limitation: one seed.", uses_simulated_data=True).loc["intervals named", "passes"])
    True
    >>> bool(check_publishable("Simulated. 61% recall (95% interval 52% to 70%). Precision was 68%. Baseline 1%. "
    ...                        "Limitation: one seed.", uses_simulated_data=True).loc["intervals named", "passes"])
    False
    >>> bool(check_publishable("Decision: ship it, because it beats the rule. Limitation: one seed.",
    ...                        uses_simulated_data=False, require_decision=True).loc["decision stated", "passes"])
    True
    >>> bool(check_publishable("Recall 61% against the rule's 8% (95% interval on each). Baseline: the rule. "
    ...                        "Limitation: one seed.", uses_simulated_data=False,
    ...                        require_same_volume=True).loc["compared at the same volume", "passes"])
    False
    """
    import re

    if not isinstance(draft, str):
        raise TypeError(f"draft must be text, got {type(draft).__name__}")
    if isinstance(employer_terms, str):
        raise TypeError("employer_terms must be a list of names, not one string")
    low = draft.lower()
    found = [t for t in employer_terms if str(t).strip() and str(t).strip().lower() in low]
    percent = re.compile(r"\d\s?%")
    has_percent = bool(percent.search(draft))
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", draft) if percent.search(x)]
    interval = re.compile(r"\b(90|95)\s?%[^.]{0,30}interval", flags=re.IGNORECASE)
    bare = [x for x in sentences if not interval.search(x) and "baseline" not in x.lower()]
    has_baseline = "baseline" in low
    personal = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\d{8,}\b", draft)

    def quoted(items):
        return ", ".join(f"\u201c{x}\u201d" for x in items)

    def short(text, limit=60):
        text = text.strip()
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " \u2026"
    rows = [
        ("simulated named", not uses_simulated_data or "simulated" in low,
         "the analysis used simulated data; the draft must say so" if uses_simulated_data else "no simulated data"),
        ("no employer data", not found, f"mentions {quoted(found)}" if found else "no employer or client names found"),
        ("no personal data", not personal, f"found {quoted(personal)}" if personal else "no e-mail addresses or long IDs"),
        ("intervals named", not bare,
         f"a percentage with no 90% or 95% interval beside it: {quoted([short(bare[0])])}" if bare
         else "every sentence that quotes a percentage names a 90% or 95% interval" if has_percent
         else "no percentages"),
        ("baseline named", not has_percent or has_baseline,
         "names the trivial baseline it compares with" if has_percent and has_baseline
         else "quotes results with no trivial baseline beside them" if has_percent else "no percentages"),
        ("limitations stated", "limitation" in low, "says what the analysis cannot tell"
         if "limitation" in low else "no limitations section"),
    ]
    if require_decision:
        decided = [x for x in re.split(r"(?<=[.!?])\s+", draft)
                   if re.search(r"\b(decision|decided?|recommend\w*)\b", x, flags=re.IGNORECASE)]
        reasoned = [x for x in decided if re.search(r"\bbecause\b", x, flags=re.IGNORECASE)]
        rows.insert(0, ("decision stated", bool(reasoned),
                     "states a decision and its reason in one sentence" if reasoned
                     else "names a decision but no reason ('because') beside it" if decided
                     else "no decision ('decision', 'decide' or 'recommend')"))
    if require_same_volume:
        same = bool(re.search(r"\bsame (alert )?volume\b|\bsame number of alerts\b", draft, flags=re.IGNORECASE))
        rows.append(("compared at the same volume", same,
                     "compares at the same alert volume" if same
                     else "no comparison at the same alert volume ('same volume' or 'same number of alerts')"))
    return pd.DataFrame(rows, columns=["check", "passes", "why"]).set_index("check")
