"""Prompt versions as first-class versions: an id, the text, and a hash of that text.

A prompt change is a release like any other: the answers it produces are compared with the
incumbent's **on the same cases**. This module

* names a prompt version (:class:`PromptVersion`, made with :func:`prompt_version`): its ``hash``
  is the SHA-256 of its text, so two runs that claim the same prompt but used different words
  cannot be mixed up;
* turns answers recorded under a prompt into a model the runner can score
  (:class:`PromptAnswers`): each answer row names the prompt id and hash that produced it, a row
  whose hash does not match the prompt's text is refused, and the run's model name carries the
  hash (``"prompt-A@3f2c9a1b0d4e"``), so the results log records which prompt produced each answer;
* scores two things a support answer must get right, against the knowledge base:
  :func:`unsupported_claims` / :func:`no_invented_policy` (a number of days, a fee, a price, a
  percentage stated in the answer that appears in no article) and :func:`citation_supported`
  (the article the answer cites contains the answer's key claim);
* validates a scorer against hand labels before it decides (:func:`validate_scorer`: Cohen's
  kappa with a bootstrap interval, precision and recall of its flags with Wilson intervals);
* compares two prompt versions pair by pair on each scorer (:func:`compare_prompts`).

What the claim check sees: only claims written with a digit or a number word followed by a
unit (``"30 days"``, ``"$5.95"``, ``"15%"``, ``"three months"``). An invented policy with no
number in it (``"we also accept cryptocurrency"``) passes unseen, and a number that is true
of *another* article (``"10%"``) counts as supported. The hand labels measure how often.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .scorers import Score

__all__ = [
    "PromptVersion",
    "prompt_version",
    "content_hash",
    "PromptAnswers",
    "numeric_claims",
    "unsupported_claims",
    "no_invented_policy",
    "cited_article",
    "citation_supported",
    "ScorerValidation",
    "validate_scorer",
    "compare_prompts",
    "load_prompt_set",
    "PromptSet",
]


# --------------------------------------------------------------------------- versions


def content_hash(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of ``text`` (UTF-8).

    Examples
    --------
    >>> content_hash("Answer from the help centre.")
    '34d1ef00e0d7'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class PromptVersion:
    """One prompt version: ``id`` (a short name), ``text`` and ``hash`` (of the text)."""

    id: str
    text: str
    hash: str

    def __post_init__(self):
        if content_hash(self.text) != self.hash:
            raise ValueError(
                f"prompt {self.id!r}: hash {self.hash!r} is not the hash of its text "
                f"({content_hash(self.text)!r}); build it with prompt_version()"
            )

    @property
    def label(self) -> str:
        """The name a run carries: ``"<id>@<hash>"``."""
        return f"{self.id}@{self.hash}"

    def __repr__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"PromptVersion({self.label}: {shown!r})"


def prompt_version(id: str, text: str) -> PromptVersion:
    """A :class:`PromptVersion` with its hash computed from ``text``.

    Examples
    --------
    >>> prompt_version("A", "Answer from the help centre.").label
    'A@34d1ef00e0d7'
    """
    if not isinstance(id, str) or not id.strip():
        raise ValueError(f"id must be a non-empty string, got {id!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    return PromptVersion(id, text, content_hash(text))


class PromptAnswers:
    """Answers recorded under one prompt version, as a model the runner can score.

    ``rows`` hold ``id`` (the case id), ``prompt_id``, ``prompt_hash`` and ``response``. A row
    produced by another prompt (its id or hash differs from ``prompt``) raises ``ValueError``:
    a comparison must never mix prompt versions silently. The runner's cache key includes the
    prompt hash (``params``), and the run's model name is ``prompt.label``.
    """

    wants_case = True

    def __init__(self, prompt: PromptVersion, rows: Iterable[Mapping[str, Any]]):
        if not isinstance(prompt, PromptVersion):
            raise TypeError(f"prompt must be a PromptVersion, got {type(prompt).__name__}")
        self.prompt = prompt
        self.rows: dict[str, dict] = {}
        for i, row in enumerate(rows, start=1):
            where = f"rows[{i - 1}]"
            if not isinstance(row, Mapping) or "id" not in row:
                raise ValueError(f"{where} must be a dict with an 'id'")
            if row.get("prompt_id") != prompt.id or row.get("prompt_hash") != prompt.hash:
                raise ValueError(
                    f"{where} (case {row['id']!r}) was produced by prompt "
                    f"{row.get('prompt_id')!r}@{row.get('prompt_hash')!r}, not {prompt.label}"
                )
            if not isinstance(row.get("response"), str):
                raise ValueError(f"{where} (case {row['id']!r}): 'response' must be a string")
            if str(row["id"]) in self.rows:
                raise ValueError(f"{where}: duplicate case id {row['id']!r}")
            self.rows[str(row["id"])] = dict(row)
        if not self.rows:
            raise ValueError("rows is empty")
        self.name = prompt.label
        self.params = {"prompt_id": prompt.id, "prompt_hash": prompt.hash}

    def __call__(self, case):
        from .adapters import Response

        cid = str(getattr(case, "id", case))
        row = self.rows.get(cid)
        if row is None:
            return Response(None, status="error", error=f"no answer under {self.prompt.label} for case {cid!r}")
        return Response(row["response"])

    def __repr__(self) -> str:
        return f"PromptAnswers({self.prompt.label}, {len(self.rows)} answers)"


# --------------------------------------------------------------------------- claims

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_NUM = r"\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS)
_CLAIM = re.compile(
    r"(?P<money>\$\s?\d[\d,]*(?:\.\d+)?)"
    r"|(?P<pct>\b\d+(?:\.\d+)?\s?%)"
    rf"|\b(?P<num>{_NUM})(?:\s*(?:to|-|–)\s*(?P<num2>{_NUM}))?\s+(?P<unit>(?:business|working)\s+[a-z]+|[a-z]+)",
    re.IGNORECASE,
)
_CITE = re.compile(r"\[source:\s*([A-Za-z0-9_-]+)\s*\]")


def _number(token: str) -> str:
    token = token.lower().replace(",", "")
    value = _NUMBER_WORDS.get(token)
    return f"{float(token) if value is None else float(value):g}"


def _unit(word: str) -> str:
    word = " ".join(word.lower().split())
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
        return word[:-1]
    return word


def numeric_claims(text: str) -> list[str]:
    """The checkable claims in ``text``, normalised: ``"$9.99"``, ``"15%"``, ``"5-7 business day"``.

    Money, percentages, and a number (digits or a word such as ``three``) followed by its unit;
    the source citation marker is ignored.

    Examples
    --------
    >>> numeric_claims("Refunds take 5 to 7 business days; a $5.95 fee applies to three items.")
    ['5-7 business day', '$5.95', '3 item']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    out = []
    for m in _CLAIM.finditer(_CITE.sub(" ", text)):
        if m.group("money"):
            out.append("$" + _number(m.group("money").lstrip("$").strip()))
        elif m.group("pct"):
            out.append(_number(m.group("pct").rstrip("%").strip()) + "%")
        else:
            num = _number(m.group("num"))
            if m.group("num2"):
                num += "-" + _number(m.group("num2"))
            out.append(f"{num} {_unit(m.group('unit'))}")
    return out


def _kb_texts(kb) -> dict[str, str]:
    if isinstance(kb, Mapping):
        kb = [kb]
    texts = {}
    for i, art in enumerate(kb):
        if not isinstance(art, Mapping) or not isinstance(art.get("text"), str) or "id" not in art:
            raise ValueError(f"kb[{i}] must be an article with an 'id' and a 'text' string")
        texts[str(art["id"])] = art["text"]
    if not texts:
        raise ValueError("kb is empty: give the knowledge-base articles (dicts with 'id' and 'text')")
    return texts


def unsupported_claims(response: str, kb) -> list[str]:
    """The answer's numeric claims that appear in no knowledge-base article (invented policies)."""
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__}")
    known = {c for text in _kb_texts(kb).values() for c in numeric_claims(text)}
    return [c for c in numeric_claims(response) if c not in known]


def no_invented_policy(kb):
    """A scorer: pass when every numeric claim in the answer appears somewhere in ``kb``.

    Examples
    --------
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days of delivery."}]
    >>> score = no_invented_policy(kb)
    >>> score("Returns within 30 days.", "30 days").passed, score("Returns within 90 days.", "30 days").passed
    (True, False)
    """
    texts = _kb_texts(kb)
    known = {c for text in texts.values() for c in numeric_claims(text)}

    def score(response, expected=None) -> Score:
        if not isinstance(response, str):
            raise TypeError(f"response must be a string, got {type(response).__name__}")
        bad = [c for c in numeric_claims(response) if c not in known]
        if bad:
            return Score(0.0, False, f"states {', '.join(bad)}: in no article", details={"unsupported": bad})
        return Score(1.0, True, "every numeric claim is in the knowledge base", details={"unsupported": []})

    score.__name__ = "no_invented_policy"
    return score


def cited_article(response: str) -> str | None:
    """The article id an answer cites with ``[source: <id>]`` (the first), or None."""
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__}")
    m = _CITE.search(response)
    return m.group(1) if m else None


def _key_claim(response: str, expected: Sequence[str]) -> str | None:
    body = _CITE.sub(" ", response)
    low = body.lower()
    for key in expected:
        if key.lower() in low:
            return key
    claims = numeric_claims(body)
    return claims[0] if claims else None


def citation_supported(kb):
    """A scorer (it needs the case): pass when the cited article contains the answer's key claim.

    The key claim is the first of the case's expected facts the answer states; if it states none
    of them, its first numeric claim. An answer that cites nothing, cites an article the
    knowledge base lacks, or states no checkable claim fails.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days."},
    ...       {"id": "final-sale", "text": "Final-sale items cannot be returned."}]
    >>> case = make_cases([{"id": "r1", "input": "Return window?", "expected": "30 days"}])[0]
    >>> score = citation_supported(kb)
    >>> score("Within 30 days. [source: return-window]", case).passed
    True
    >>> score("Within 30 days. [source: final-sale]", case).passed
    False
    """
    texts = _kb_texts(kb)

    def score(response, case) -> Score:
        if not isinstance(response, str):
            raise TypeError(f"response must be a string, got {type(response).__name__}")
        expected = getattr(case, "expected", case)
        expected = (expected,) if isinstance(expected, str) else tuple(expected)
        cited = cited_article(response)
        if cited is None:
            return Score(0.0, False, "cites no article")
        if cited not in texts:
            return Score(0.0, False, f"cites {cited!r}, which is not in the knowledge base")
        claim = _key_claim(response, expected)
        if claim is None:
            return Score(0.0, False, "states no checkable claim")
        article = texts[cited]
        in_article = set(numeric_claims(article))
        as_claims = numeric_claims(claim) or [claim]  # "3-5 business days" and "3 to 5 business days" agree
        ok = claim.lower() in article.lower() or all(c in in_article for c in as_claims)
        verb = "contains" if ok else "does not contain"
        return Score(float(ok), ok, f"{cited} {verb} the key claim {claim!r}", details={"cited": cited, "claim": claim})

    score.needs_case = True  # type: ignore[attr-defined]
    score.__name__ = "citation_supported"
    return score


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class ScorerValidation:
    """How a scorer's flags agree with hand labels (``flag`` = the scorer says there is a problem)."""

    scorer: str
    n: int
    kappa: Any  # Interval: Cohen's kappa, percentile bootstrap over the examples
    precision: Any  # Interval (Wilson): of the answers it flags, the share the labels flag
    recall: Any  # Interval (Wilson): of the answers the labels flag, the share it flags
    table: Any = field(repr=False)  # 2x2 counts, labels x scorer

    def to_frame(self):
        import pandas as pd

        rows = []
        for name, iv in (("kappa", self.kappa), ("precision", self.precision), ("recall", self.recall)):
            rows.append(
                {
                    "scorer": self.scorer,
                    "measure": name,
                    "estimate": iv.estimate,
                    "low": iv.low,
                    "high": iv.high,
                    "n": iv.n,
                    "interval": f"{iv.confidence:.0%} {iv.method}",
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"ScorerValidation({self.scorer} on {self.n} hand-labelled answers: kappa {self.kappa.estimate:.2f} "
            f"[{self.kappa.low:.2f}, {self.kappa.high:.2f}], precision {self.precision.estimate:.2f}, "
            f"recall {self.recall.estimate:.2f})"
        )


def validate_scorer(
    flags, labels, *, scorer: str = "scorer", confidence: float = 0.95, n_boot: int = 2000, seed: int = 0
) -> ScorerValidation:
    """Agreement of a scorer's problem flags with hand labels (True = the answer has the problem).

    Kappa gets a percentile-bootstrap interval over the examples
    (:func:`~aipm_kit.evals.judges.kappa_interval`); precision and recall of the flags get
    Wilson intervals (:func:`~aipm_kit.evals.stats.wilson_interval`).
    """
    import numpy as np
    import pandas as pd

    from .._checks import as_binary, same_length
    from .judges import kappa_interval
    from .stats import wilson_interval

    f = as_binary(flags, "flags").astype(int)
    h = as_binary(labels, "labels").astype(int)
    same_length(flags=f, labels=h)
    if f.size == 0:
        raise ValueError("flags is empty")
    tp = int(((f == 1) & (h == 1)).sum())
    if not f.sum():
        raise ValueError("flags holds no flagged answer: precision is undefined")
    if not h.sum():
        raise ValueError("labels holds no flagged answer: recall is undefined")
    kappa = kappa_interval(f, h, n_boot=n_boot, confidence=confidence, seed=seed)
    precision = wilson_interval(tp, int(f.sum()), confidence=confidence)
    recall = wilson_interval(tp, int(h.sum()), confidence=confidence)
    table = pd.crosstab(
        pd.Series(np.where(h == 1, "flagged", "clean"), name="hand label"),
        pd.Series(np.where(f == 1, "flagged", "clean"), name=scorer),
    )
    return ScorerValidation(scorer, int(f.size), kappa, precision, recall, table)


# --------------------------------------------------------------------------- the shipped set


@dataclass(frozen=True)
class PromptSet:
    """Two prompt versions, their simulated answers on the shipped cases, and the hand-labelled examples."""

    prompts: Mapping[str, PromptVersion]
    answers: Mapping[str, Sequence[dict]]  # prompt id -> answer rows
    labelled: Any  # DataFrame of hand-labelled examples

    def model(self, prompt_id: str) -> PromptAnswers:
        if prompt_id not in self.prompts:
            raise KeyError(f"no prompt version {prompt_id!r}; have {sorted(self.prompts)}")
        return PromptAnswers(self.prompts[prompt_id], self.answers[prompt_id])

    def __repr__(self) -> str:
        shown = ", ".join(p.label for p in self.prompts.values())
        return f"PromptSet({shown}; {len(self.labelled)} hand-labelled examples)"


def load_prompt_set() -> PromptSet:
    """The shipped prompt versions A and B (answers **simulated**) and the hand-labelled examples.

    Examples
    --------
    >>> ps = load_prompt_set()
    >>> sorted(ps.prompts)
    ['A', 'B']
    """
    import pandas as pd

    from .cases import read_jsonl, support_eval_dir

    folder = support_eval_dir()
    prompts = {}
    for row in read_jsonl(folder / "prompts.jsonl"):
        p = prompt_version(row["id"], row["text"])
        if p.hash != row.get("hash"):
            raise ValueError(
                f"prompts.jsonl line {row['__line__']}: stored hash {row.get('hash')!r} does not "
                f"match the text ({p.hash!r})"
            )
        prompts[p.id] = p
    answers = {
        pid: [
            {k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / f"prompt_answers_{pid}.jsonl")
        ]
        for pid in prompts
    }
    labelled = pd.DataFrame(
        [{k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / "prompt_labels.jsonl")]
    )
    return PromptSet(prompts, answers, labelled)


def compare_prompts(
    cases, baseline: PromptAnswers, candidate: PromptAnswers, scorers: Mapping[str, Any], *, confidence: float = 0.95
):
    """Each scorer's paired comparison of two prompt versions on the same cases.

    Runs both answer sets through :func:`~aipm_kit.evals.runner.run_eval` once per scorer (that
    scorer alone decides pass), then :func:`~aipm_kit.evals.stats.compare_runs` with Newcombe's
    paired interval. Returns ``{scorer name: Comparison}``; differences are candidate minus
    baseline in pass rate (positive: the candidate is better).
    """
    from .runner import run_eval
    from .stats import compare_runs

    if not isinstance(scorers, Mapping) or not scorers:
        raise ValueError("scorers must be a non-empty dict of name -> scorer")
    for name, model in (("baseline", baseline), ("candidate", candidate)):
        if not isinstance(model, PromptAnswers):
            raise TypeError(f"{name} must be PromptAnswers, got {type(model).__name__}")
    out = {}
    for name, fn in scorers.items():
        runs = [run_eval(cases, m, {name: fn}, workers=1, timeout=None) for m in (baseline, candidate)]
        out[name] = compare_runs(*runs, interval="newcombe", confidence=confidence)
    return out
