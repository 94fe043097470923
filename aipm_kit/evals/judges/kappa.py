"""Agreement of pass/fail labels with a reference (human labels): Cohen's kappa, raw agreement, and bootstrap
intervals of one kappa and of the difference of two on the same answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...labels import cohen_kappa  # the kit's one Cohen's kappa

#: The one undefined case of kappa on pass/fail labels, in the words this module has always used.
_UNDEFINED = "kappa is undefined when both raters give one and the same label to every item"


def _pass_kappa(labels: np.ndarray, reference: np.ndarray) -> float:
    """Kappa of two checked, equally long, non-empty 0/1 arrays, by :func:`aipm_kit.labels.cohen_kappa`.

    The only error left for such arrays is kappa's 0/0 (both give every answer one and the same label);
    it is reported in this module's words, as :func:`agreement` and the kappa intervals always did.

    Parameters
    ----------
    labels, reference : numpy.ndarray
        0/1 (or 0.0/1.0) labels of the same answers.

    Returns
    -------
    float
        Cohen's kappa.

    Examples
    --------
    >>> _pass_kappa(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0]))
    0.5
    >>> _pass_kappa(np.array([1, 1]), np.array([1, 1]))
    Traceback (most recent call last):
    ...
    ValueError: kappa is undefined when both raters give one and the same label to every item
    """
    both = np.concatenate([labels, reference])
    if both.min() == both.max():
        raise ValueError(_UNDEFINED)
    return cohen_kappa(labels.tolist(), reference.tolist())


@dataclass(frozen=True)
class Agreement:
    """How well a cheap judge's pass/fail labels agree with human labels, as :func:`agreement` returns it.

    ``strength`` puts kappa in Landis and Koch's words ("poor" up to 0, then "slight",
    "fair", "moderate", "substantial", "almost perfect" above 0.8: a convention, not a law);
    ``to_frame()`` gives one summary row.

    Parameters
    ----------
    judge : str
        The judge's name.
    n : int
        Labelled answers.
    kappa : float
        Cohen's kappa of the judge against the humans.
    observed : float
        Share of answers where they agree.
    judge_pass_rate, human_pass_rate : float
        Share of answers each one passed.
    table : pandas.DataFrame
        The cross-table of human (rows) against judge (columns) labels, ``"pass"``/``"fail"``.

    Examples
    --------
    >>> a = agreement([1, 1, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0], judge="rubric")
    >>> a
    Agreement(rubric vs human on 6 answers: kappa 0.67 (substantial), raw agreement 83%)
    >>> a.strength, round(a.judge_pass_rate, 3), round(a.human_pass_rate, 3)
    ('substantial', 0.5, 0.333)
    """

    judge: str
    n: int
    kappa: float
    observed: float  # share of items where they agree
    judge_pass_rate: float
    human_pass_rate: float
    table: Any = field(repr=False)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "judge": self.judge,
                    "n": self.n,
                    "kappa": self.kappa,
                    "agreement": self.observed,
                    "judge pass rate": self.judge_pass_rate,
                    "human pass rate": self.human_pass_rate,
                }
            ]
        )

    @property
    def strength(self) -> str:
        """Landis and Koch's words for kappa (a convention, not a law)."""
        k = self.kappa
        for bound, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
            if k <= bound:
                return word
        return "almost perfect"

    def __repr__(self) -> str:
        return (
            f"Agreement({self.judge} vs human on {self.n} answers: kappa {self.kappa:.2f} ({self.strength}), "
            f"raw agreement {self.observed:.0%})"
        )


def _as_pass(labels, name: str) -> np.ndarray:
    """Booleans, 0/1, or the words "pass"/"fail" as a 0/1 array (anything else is an error)."""
    out = []
    for i, v in enumerate(list(labels)):
        if isinstance(v, str):
            word = v.strip().lower()
            if word not in ("pass", "fail"):
                raise ValueError(f"{name}[{i}] must be 'pass' or 'fail', got {v!r}")
            out.append(word == "pass")
        elif isinstance(v, (bool, np.bool_)) or v in (0, 1):
            out.append(bool(v))
        else:
            raise ValueError(f"{name}[{i}] must be a bool, 0/1 or 'pass'/'fail', got {v!r}")
    return np.array(out, dtype=np.int8)


def agreement(judge_labels, human_labels, *, judge: str = "judge") -> Agreement:
    """Cohen's kappa and raw agreement of boolean pass labels against human labels.

    Parameters
    ----------
    judge_labels, human_labels : sequence
        One label per answer, the same answers in the same order: booleans, 0/1, or the
        words ``"pass"``/``"fail"`` (any case). Anything else, different lengths, no labels,
        or one and the same label from both for every answer (kappa undefined) raises
        ``ValueError``.
    judge : str, default "judge"
        The judge's name, shown in the result and as the table's column title.

    Returns
    -------
    Agreement
        Kappa, raw agreement, both pass rates and the cross-table.

    Examples
    --------
    >>> a = agreement(["pass", "pass", "fail", "fail", "pass", "fail"], [True, False, False, False, True, False])
    >>> round(a.kappa, 3), round(a.observed, 3)
    (0.667, 0.833)
    >>> agreement([1, 2], [1, 0])
    Traceback (most recent call last):
    ...
    ValueError: judge_labels[1] must be a bool, 0/1 or 'pass'/'fail', got 2
    """
    import pandas as pd

    from ..._checks import same_length

    j = _as_pass(judge_labels, "judge_labels")
    h = _as_pass(human_labels, "human_labels")
    same_length(judge_labels=j, human_labels=h)
    if j.size == 0:
        raise ValueError("judge_labels is empty")
    kappa = _pass_kappa(j, h)
    table = pd.crosstab(
        pd.Series(h, name="human").map({1: "pass", 0: "fail"}), pd.Series(j, name=judge).map({1: "pass", 0: "fail"})
    )
    return Agreement(judge, int(j.size), kappa, float((j == h).mean()), float(j.mean()), float(h.mean()), table)


def kappa_interval(judge_labels, human_labels, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0):
    """Cohen's kappa of pass/fail labels with a percentile-bootstrap interval over the cases.

    Each resample draws the labelled answers (judge and human label together)
    with replacement and recomputes kappa; replicates in which every answer got
    one and the same label from both (kappa undefined) are dropped, and the
    method says how many. Should a skewed resample distribution leave the
    estimate outside the percentiles, the interval is widened to contain it.

    Parameters
    ----------
    judge_labels, human_labels : sequence
        Labels of the same answers, as for :func:`agreement`.
    n_boot : int, default 2000
        Resamples, at least 100.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    Interval
        Kappa with its interval (an :class:`~aipm_kit.evals.stats.Interval`), named
        ``"percentile bootstrap over cases"``; ``n`` is the number of answers.

    Examples
    --------
    >>> iv = kappa_interval([1, 1, 0, 0, 1, 0, 1, 1] * 5, [1, 1, 0, 1, 1, 0, 1, 0] * 5, seed=1)
    >>> round(iv.estimate, 3), iv.low < iv.estimate < iv.high
    (0.467, True)
    >>> iv
    0.467 [0.175, 0.737] (95% percentile bootstrap over cases, n=40)
    """
    from ..._checks import check_positive_int, check_probability, same_length
    from ..stats import Interval

    j = _as_pass(judge_labels, "judge_labels").astype(float)
    h = _as_pass(human_labels, "human_labels").astype(float)
    same_length(judge_labels=j, human_labels=h)
    if j.size == 0:
        raise ValueError("judge_labels is empty")
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    check_probability(confidence, "confidence", inclusive=False)
    estimate = _pass_kappa(j, h)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, j.size, size=(n_boot, j.size))
    jb, hb = j[idx], h[idx]
    po = (jb == hb).mean(axis=1)
    pj, ph = jb.mean(axis=1), hb.mean(axis=1)
    pe = pj * ph + (1 - pj) * (1 - ph)
    ok = pe < 1
    kappas = (po[ok] - pe[ok]) / (1 - pe[ok])
    alpha = 1 - confidence
    low, high = np.quantile(kappas, [alpha / 2, 1 - alpha / 2])
    dropped = int((~ok).sum())
    method = "percentile bootstrap over cases" + (f" ({dropped} undefined replicates dropped)" if dropped else "")
    return Interval(
        float(estimate), float(min(low, estimate)), float(max(high, estimate)), confidence, method, int(j.size)
    )


def _boot_kappas(labels: np.ndarray, reference: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Kappa of ``labels`` against ``reference`` in each bootstrap resample ``idx`` (NaN where undefined)."""
    jb, hb = labels[idx], reference[idx]
    po = (jb == hb).mean(axis=1)
    pj, ph = jb.mean(axis=1), hb.mean(axis=1)
    pe = pj * ph + (1 - pj) * (1 - ph)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pe < 1, (po - pe) / np.where(pe < 1, 1 - pe, 1.0), np.nan)


def kappa_difference_interval(
    a_labels, b_labels, reference, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
):
    """Kappa of ``a_labels`` minus kappa of ``b_labels``, both against ``reference``, on the **same** answers.

    Two signals validated on the same labelled answers are compared pair by
    pair: each bootstrap resample draws the answers (both signals' labels and
    the reference label together) with replacement and recomputes both kappas,
    so the interval of the difference keeps what the two signals share.
    Resamples where either kappa is undefined are dropped. Positive means ``a``
    agrees better with the reference. Should the estimate fall outside the
    percentiles, the interval is widened to contain it.

    Parameters
    ----------
    a_labels, b_labels : sequence
        The two signals' pass/fail labels (as for :func:`agreement`).
    reference : sequence
        The reference (human) labels of the same answers; all three of equal length,
        not empty.
    n_boot : int, default 2000
        Resamples, at least 100.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    Interval
        The difference of kappas with its interval (an
        :class:`~aipm_kit.evals.stats.Interval`, method ``"paired percentile bootstrap over
        answers"``); ``n`` is the number of answers.

    Examples
    --------
    >>> ref = [1, 1, 0, 0, 1, 0, 1, 1] * 5
    >>> iv = kappa_difference_interval(ref, [1, 0, 0, 1, 1, 0, 1, 0] * 5, ref, seed=1)
    >>> round(iv.estimate, 3), iv.low > 0
    (0.75, True)
    """
    from ..._checks import check_positive_int, check_probability, same_length
    from ..stats import Interval

    a = _as_pass(a_labels, "a_labels").astype(float)
    b = _as_pass(b_labels, "b_labels").astype(float)
    h = _as_pass(reference, "reference").astype(float)
    same_length(a_labels=a, b_labels=b, reference=h)
    if h.size == 0:
        raise ValueError("reference is empty")
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    check_probability(confidence, "confidence", inclusive=False)
    estimate = _pass_kappa(a, h) - _pass_kappa(b, h)
    idx = np.random.default_rng(seed).integers(0, h.size, size=(n_boot, h.size))
    diffs = _boot_kappas(a, h, idx) - _boot_kappas(b, h, idx)
    ok = ~np.isnan(diffs)
    alpha = 1 - confidence
    low, high = np.quantile(diffs[ok], [alpha / 2, 1 - alpha / 2])
    dropped = int((~ok).sum())
    method = "paired percentile bootstrap over answers" + (
        f" ({dropped} undefined replicates dropped)" if dropped else ""
    )
    return Interval(
        float(estimate), float(min(low, estimate)), float(max(high, estimate)), confidence, method, int(h.size)
    )
