"""Judges: a rubric applied by a model, repeated to expose flakiness, validated against humans.

A judge is any callable ``judge(question=, response=, reference=, rubric=, attempt=) -> Verdict``.
Two ship with the kit:

* :class:`ChatJudge` wraps any chat model (an :class:`~aipm_kit.evals.adapters.OpenAIChat`
  or a plain function) and asks it to apply a rubric, answering ``PASS`` or ``FAIL``;
* :class:`RubricJudge` is a deterministic, offline stand-in for an LLM judge: it checks
  the same rubric with simple text rules (states the key fact, grounded in the
  knowledge base, not a refusal) and, like a sampled LLM, is sometimes inconsistent
  (seeded), more so on borderline answers.

:func:`judge_repeatedly` asks the judge ``k`` times per answer; the share of
answers whose votes disagree is the judge's **flakiness**. :func:`agreement`
compares any pass/fail labels with human labels as Cohen's kappa: validate a
cheap judge before trusting it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..labels import cohen_kappa  # the kit's one Cohen's kappa, re-exported here
from .adapters import _hash_uniform
from .scorers import Score, includes

__all__ = [
    "DEFAULT_RUBRIC",
    "Verdict",
    "RubricJudge",
    "ChatJudge",
    "JudgeVotes",
    "judge_repeatedly",
    "as_scorer",
    "cohen_kappa",
    "kappa_interval",
    "kappa_difference_interval",
    "Agreement",
    "agreement",
]

DEFAULT_RUBRIC = """A support answer PASSES only if all of these hold:
1. It states the fact the customer needs (the reference answer's key fact).
2. Every policy, price or number it states is in the knowledge base (nothing invented).
3. It answers rather than refusing or deflecting to another team.
4. It is to the point: no padding the customer has to read past.
Otherwise it FAILS. Reply with PASS or FAIL on the first line, then one sentence of reasons."""


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reason: str


_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been it its
this that these those you your we our us i me my can will would could should may might do does did not no
so than then there here what when where which who how any all every each per about into up out over under
also just only please get got have has had let know more""".split()
)
_REFUSAL = re.compile(r"\b(can't|cannot|can not|unable to|not able to|don't have access|couldn't find)\b", re.I)
_SENT = re.compile(r"(?<=[.!?;])\s+|,\s+(?:and|but|or|plus)\s+")


def _content(text: str) -> set[str]:
    return {
        t
        for t in re.findall(r"[a-z0-9$%.]+", text.lower().replace(",", " "))
        if t.strip(".") and t not in _STOP and len(t.strip(".")) > 1
    }


class RubricJudge:
    """An offline stand-in for an LLM judge, deterministic given ``seed``.

    It fails an answer that misses the key fact, refuses, pads (more than
    ``max_words``) or makes a claim with too little support in the knowledge
    base. Each call may flip its verdict with probability ``noise`` (doubled on
    borderline answers), seeded by the answer and the attempt number, so
    repeating it exposes the flakiness a sampled LLM shows.

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> se = load_support_eval()
    >>> judge = RubricJudge(se.kb, noise=0.0)
    >>> judge(question="Is shipping free?", response="Standard shipping is free on orders over $50.",
    ...       reference="Standard shipping is free on orders over $50.", expected=["$50"]).passed
    True
    """

    def __init__(
        self,
        kb: Iterable[Mapping[str, Any]],
        *,
        noise: float = 0.05,
        seed: int = 0,
        support: float = 0.6,
        max_words: int = 60,
        name: str = "rubric-judge",
    ):
        from .._checks import check_probability

        self.kb_sets = [_content(str(d.get("text", ""))) for d in kb]
        if not self.kb_sets:
            raise ValueError("kb is empty")
        self.noise = check_probability(noise, "noise")
        self.seed, self.support, self.max_words, self.name = seed, support, max_words, name

    def _grounding(self, response: str) -> float:
        """The weakest support any claim in the response has in the knowledge base (0-1)."""
        worst = 1.0
        for part in _SENT.split(response):
            words = _content(part)
            if len(words) < 4:  # pleasantries and short connectives carry no claim
                continue
            best = max(len(words & kb) / len(words) for kb in self.kb_sets)
            worst = min(worst, best)
        return worst

    def __call__(
        self,
        *,
        question: str,
        response: str,
        reference: str = "",
        expected: Sequence[str] | str = (),
        rubric: str = DEFAULT_RUBRIC,
        attempt: int = 0,
    ) -> Verdict:
        if not isinstance(response, str):
            raise TypeError(f"response must be a string, got {type(response).__name__}")
        keys = expected or reference
        states = includes(response, keys).passed if keys else True
        refuses = bool(_REFUSAL.search(response)) and not states
        grounded = self._grounding(response)
        words = len(response.split())
        reasons = []
        if not states:
            reasons.append("misses the key fact")
        if refuses:
            reasons.append("refuses")
        if grounded < self.support:
            reasons.append(f"a claim has weak support in the knowledge base ({grounded:.0%})")
        if words > self.max_words:
            reasons.append(f"padded ({words} words)")
        passed = not reasons
        borderline = abs(grounded - self.support) < 0.15 or abs(words - self.max_words) < 10
        p_flip = min(0.5, self.noise * (2.0 if borderline else 1.0))
        if _hash_uniform(self.seed, question, response, attempt) < p_flip:
            passed = not passed
            reasons.append("(judge inconsistency)")
        return Verdict(passed, "; ".join(reasons) or "meets the rubric")


class ChatJudge:
    """An LLM judge: ``chat(prompt) -> text`` applies ``rubric``; the first line must say PASS or FAIL.

    ``chat`` is any model adapter or function (an :class:`OpenAIChat` at temperature > 0 shows
    the flakiness :func:`judge_repeatedly` measures). An answer that says neither raises
    ``ValueError``.
    """

    def __init__(self, chat: Callable[[str], Any], *, name: str = "chat-judge"):
        if not callable(chat):
            raise TypeError("chat must be callable")
        self.chat, self.name = chat, name

    @staticmethod
    def prompt(question: str, response: str, reference: str, rubric: str) -> str:
        return (
            f"{rubric}\n\nCustomer question:\n{question}\n\nReference answer:\n{reference}\n\n"
            f"Answer to judge:\n{response}\n\nVerdict (PASS or FAIL):"
        )

    def __call__(
        self,
        *,
        question: str,
        response: str,
        reference: str = "",
        expected=(),
        rubric: str = DEFAULT_RUBRIC,
        attempt: int = 0,
    ) -> Verdict:
        out = self.chat(self.prompt(question, response, reference, rubric))
        text = getattr(out, "text", out)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"judge reply is empty or not text: {text!r:.60}")
        first = text.strip().splitlines()[0]
        m = re.match(r"\W*(PASS|FAIL)\b", first, re.IGNORECASE)
        if m is None:
            raise ValueError(f"judge reply does not start with PASS or FAIL: {first[:60]!r}")
        return Verdict(m.group(1).upper() == "PASS", text.strip()[:200])


@dataclass(frozen=True)
class JudgeVotes:
    """``k`` verdicts per answer: majority, pass share and whether the votes disagreed."""

    judge: str
    k: int
    frame: Any = field(repr=False)  # case_id, version, votes, pass_share, majority, flaky, reason

    @property
    def flaky_share(self) -> float:
        return float(self.frame["flaky"].mean())

    @property
    def majority(self) -> dict:
        return dict(zip(zip(self.frame["version"], self.frame["case_id"]), self.frame["majority"]))

    def to_frame(self):
        return self.frame.copy()

    def first_vote(self) -> np.ndarray:
        return np.array([v[0] for v in self.frame["votes"]], dtype=bool)

    def __repr__(self) -> str:
        return (
            f"JudgeVotes({self.judge}: {len(self.frame)} answers x {self.k} votes; "
            f"{self.flaky_share:.1%} of answers got mixed votes)"
        )


def judge_repeatedly(
    judge: Callable[..., Verdict], items: Iterable[Mapping[str, Any]], *, k: int = 5, rubric: str = DEFAULT_RUBRIC
) -> JudgeVotes:
    """Ask ``judge`` ``k`` times about each item.

    ``items`` are dicts with ``case_id``, ``question``, ``response``, ``reference``,
    optional ``expected`` and ``version``. Items whose response is not a string
    (errors) are refused with ``TypeError``: judge only scored answers.
    """
    import pandas as pd

    from .._checks import check_positive_int

    k = check_positive_int(k, "k")
    rows = []
    for item in items:
        votes, reasons = [], []
        for attempt in range(k):
            v = judge(
                question=item["question"],
                response=item["response"],
                reference=item.get("reference", ""),
                expected=item.get("expected", ()),
                rubric=rubric,
                attempt=attempt,
            )
            votes.append(bool(v.passed))
            reasons.append(v.reason)
        share = sum(votes) / k
        rows.append(
            {
                "version": item.get("version", ""),
                "case_id": item["case_id"],
                "votes": tuple(votes),
                "pass_share": share,
                "majority": share > 0.5,
                "flaky": 0 < share < 1,
                "reason": reasons[0],
            }
        )
    if not rows:
        raise ValueError("items is empty")
    return JudgeVotes(getattr(judge, "name", type(judge).__name__), k, pd.DataFrame(rows))


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
    """How well a cheap judge's pass/fail labels agree with human labels."""

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
    """Cohen's kappa and raw agreement of boolean pass labels against human labels."""
    import pandas as pd

    from .._checks import same_length

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
    Returns an :class:`~aipm_kit.evals.stats.Interval` named
    ``"percentile bootstrap over cases"``.

    Examples
    --------
    >>> iv = kappa_interval([1, 1, 0, 0, 1, 0, 1, 1] * 5, [1, 1, 0, 1, 1, 0, 1, 0] * 5, seed=1)
    >>> round(iv.estimate, 3), iv.low < iv.estimate < iv.high
    (0.467, True)
    """
    from .._checks import check_positive_int, check_probability, same_length
    from .stats import Interval

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
    Resamples where either kappa is undefined are dropped. Returns an
    :class:`~aipm_kit.evals.stats.Interval` (percentile bootstrap); positive
    means ``a`` agrees better with the reference.

    Examples
    --------
    >>> ref = [1, 1, 0, 0, 1, 0, 1, 1] * 5
    >>> iv = kappa_difference_interval(ref, [1, 0, 0, 1, 1, 0, 1, 0] * 5, ref, seed=1)
    >>> round(iv.estimate, 3), iv.low > 0
    (0.75, True)
    """
    from .._checks import check_positive_int, check_probability, same_length
    from .stats import Interval

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


def as_scorer(judge: Callable[..., Verdict], *, k: int = 3, rubric: str = DEFAULT_RUBRIC) -> Callable:
    """The judge as a runner scorer: asked ``k`` times, value = share of PASS votes, passed = majority.

    The returned scorer has ``needs_case = True`` (it needs the question and the reference).
    """
    from .._checks import check_positive_int

    k = check_positive_int(k, "k")

    def judge_scorer(response, case) -> Score:
        votes, first = [], ""
        for attempt in range(k):
            v = judge(
                question=case.input,
                response=response,
                reference=case.reference,
                expected=case.expected,
                rubric=rubric,
                attempt=attempt,
            )
            votes.append(bool(v.passed))
            first = first or v.reason
        share = sum(votes) / k
        mixed = " (votes split)" if 0 < share < 1 else ""
        return Score(share, share > 0.5, f"{sum(votes)}/{k} PASS votes{mixed}: {first}")

    judge_scorer.needs_case = True  # type: ignore[attr-defined]
    judge_scorer.__name__ = f"judge({getattr(judge, 'name', 'judge')}, k={k})"
    return judge_scorer
