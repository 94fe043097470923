"""The rubric a judge applies, the verdict it gives, and :class:`RubricJudge`: an offline, seeded stand-in for an
LLM judge that checks the rubric with text rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..adapters import _hash_uniform
from ..scorers import includes

DEFAULT_RUBRIC = """A support answer PASSES only if all of these hold:
1. It states the fact the customer needs (the reference answer's key fact).
2. Every policy, price or number it states is in the knowledge base (nothing invented).
3. It answers rather than refusing or deflecting to another team.
4. It is to the point: no padding the customer has to read past.
Otherwise it FAILS. Reply with PASS or FAIL on the first line, then one sentence of reasons."""


@dataclass(frozen=True)
class Verdict:
    """One judge's decision on one answer: pass or fail, and why.

    Parameters
    ----------
    passed : bool
        Whether the answer meets the rubric.
    reason : str
        The judge's reasons in a few words (for :class:`ChatJudge`, the start of its reply).

    Examples
    --------
    >>> Verdict(False, "misses the key fact")
    Verdict(passed=False, reason='misses the key fact')
    """

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

    Calling it, ``judge(question=, response=, reference="", expected=(), rubric=, attempt=0)``,
    returns a :class:`Verdict`: the key fact is ``expected`` (any of them, as
    :func:`~aipm_kit.evals.scorers.includes` checks) or else ``reference``; ``rubric`` is
    accepted for the judge interface and not read; a response that is not text is refused
    with ``TypeError``.

    Parameters
    ----------
    kb : iterable of dict
        The knowledge base: documents with a ``"text"``; an empty one is refused.
    noise : float, default 0.05
        Chance of flipping a verdict, in [0, 1] (doubled on borderline answers, capped at 0.5).
    seed : int, default 0
        Seed of the flips.
    support : float, default 0.6
        Least share of a claim's content words that some knowledge-base document must
        contain (claims of under four content words are not checked).
    max_words : int, default 60
        Answers longer than this many words fail as padded.
    name : str, default "rubric-judge"
        The judge's name in results.

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> se = load_support_eval()
    >>> judge = RubricJudge(se.kb, noise=0.0)
    >>> judge(question="Is shipping free?", response="Standard shipping is free on orders over $50.",
    ...       reference="Standard shipping is free on orders over $50.", expected=["$50"]).passed
    True
    >>> kb = [{"text": "Standard shipping is free on orders over $50."}]
    >>> RubricJudge(kb, noise=0.0)(question="Is shipping free?", response="Sorry, I cannot help with that.",
    ...                            expected=["$50"])
    Verdict(passed=False, reason='misses the key fact; refuses; a claim has weak support in the knowledge base (0%)')
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
        from ..._checks import check_probability

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
