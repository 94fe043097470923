"""Scorers: pure functions ``scorer(response, expected) -> Score``.

Every scorer takes the model's ``response`` (a string) and the case's
``expected`` answer (a string or a list of acceptable answers; the best match
counts) and returns a :class:`Score` with a ``value``, a ``passed`` verdict and
a ``reason`` a person can read. Keyword arguments (thresholds, tokenisers) are
fixed with :func:`functools.partial` or the ``with_options`` helper
:func:`scorer`.

Lexical scorers: :func:`exact_match`, :func:`includes`, :func:`regex_match`,
:func:`numeric_close`, :func:`token_f1` (SQuAD v1.1 style), :func:`rouge_l`,
:func:`concise`. Structural: :func:`json_schema`. Vector: :func:`tfidf_cosine`
and, with the ``semantic`` extra, :func:`embedding_similarity`. The LLM-judge
interface (a rubric, repeated ``k`` times, validated against human labels with
Cohen's kappa) lives in :mod:`aipm_kit.evals.judges`.

Tokenisation of ROUGE-L
-----------------------
``rouge_l(..., tokenizer="rouge")`` (the default) reproduces the
``rouge-score`` package exactly: lower-case, then every character outside
``a-z0-9`` becomes a separator. That throws away every non-ASCII letter, so
``"Café"`` becomes the token ``caf`` and scores 0 against ``"cafe"``, and a
Greek, Cyrillic or Chinese answer has no tokens at all (score 0). Use
``tokenizer="unicode"`` for text beyond ASCII: NFKC-normalised, case-folded
runs of letters and digits in any script, with ``fold_accents=True`` to make
``"Café"`` equal ``"cafe"``.
"""

from __future__ import annotations

import functools
import json
import math
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

__all__ = ["Score", "exact_match", "includes", "regex_match", "numeric_close", "token_f1", "rouge_l",
           "rouge_l_scores", "rouge_tokens", "unicode_tokens", "lcs_length", "concise", "json_schema",
           "tfidf_cosine", "TfidfModel", "embedding_similarity", "semantic_available", "scorer", "on_reference",
           "normalize_answer", "LEXICAL_SCORERS"]


@dataclass(frozen=True)
class Score:
    """One scorer's verdict on one response: a number, pass or fail, and why."""

    value: float
    passed: bool
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        v = float(self.value)
        if math.isnan(v):
            raise ValueError("a Score value cannot be NaN: report an error status instead")
        object.__setattr__(self, "value", v)
        object.__setattr__(self, "passed", bool(self.passed))

    def __repr__(self) -> str:
        return f"Score({self.value:.3g}, {'pass' if self.passed else 'fail'}: {self.reason})"

    def to_dict(self) -> dict:
        return {"value": self.value, "passed": self.passed, "reason": self.reason}


def _check_response(response: Any) -> str:
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__} {response!r:.60}")
    return response


def _expected_list(expected: Any) -> list[str]:
    if isinstance(expected, str):
        return [expected]
    if isinstance(expected, (list, tuple)) and expected and all(isinstance(e, str) for e in expected):
        return list(expected)
    raise TypeError(f"expected must be a string or a non-empty list of strings, got {expected!r:.80}")


def _check_threshold(threshold: Any, low: float = 0.0) -> float:
    import numbers

    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not low <= threshold <= 1:
        raise ValueError(f"threshold must be a number from {low:g} to 1, got {threshold!r}")
    return float(threshold)


def scorer(fn: Callable[..., Score], **options) -> Callable[[str, Any], Score]:
    """``fn`` with keyword options fixed, keeping a readable name (``rouge_l(threshold=0.4)``).

    Examples
    --------
    >>> strict = scorer(rouge_l, threshold=0.8)
    >>> strict("a b c", "a b c").passed
    True
    """
    bound = functools.partial(fn, **options)
    shown = ", ".join(f"{k}={v!r}" for k, v in options.items())
    bound.__name__ = f"{fn.__name__}({shown})" if shown else fn.__name__  # type: ignore[attr-defined]
    return bound


def on_reference(fn: Callable[..., Score], **options) -> Callable[[str, Any], Score]:
    """Score against the case's long reference answer (``case.reference``) instead of ``expected``.

    The returned scorer has ``needs_case = True``, so the runner passes it the case.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> case = make_cases([{"id": "a", "input": "q", "expected": "30 days",
    ...                     "metadata": {"reference": "Returns are accepted within 30 days."}}])[0]
    >>> round(on_reference(rouge_l)("Returns within 30 days.", case).value, 2)
    0.8
    """
    bound = functools.partial(fn, **options) if options else fn

    def score(response, case) -> Score:
        return bound(response, case.reference)

    score.needs_case = True  # type: ignore[attr-defined]
    score.__name__ = f"{getattr(fn, '__name__', 'scorer')}(reference)"
    return score


# --------------------------------------------------------------------------- lexical

def normalize_answer(text: str) -> str:
    """SQuAD v1.1 normalisation: lower case, drop punctuation and articles, squeeze spaces."""
    text = _ARTICLES.sub(" ", text.lower().translate(_DROP_PUNCT))
    return " ".join(text.split())


_DROP_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def exact_match(response: str, expected) -> Score:
    """1 when the normalised response equals a normalised expected answer (SQuAD style).

    Examples
    --------
    >>> exact_match("The Eiffel Tower.", "eiffel tower").passed
    True
    """
    response = _check_response(response)
    norm = normalize_answer(response)
    for e in _expected_list(expected):
        if norm == normalize_answer(e):
            return Score(1.0, True, f"matches {e!r} after normalisation")
    return Score(0.0, False, "no expected answer matches after normalisation")


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


@functools.lru_cache(maxsize=4096)
def _needle(expected: str, word_boundary: bool):
    needle = _squash(expected)
    if not needle:
        return None
    pattern = re.escape(needle)
    if word_boundary:
        pattern = r"(?<!\w)" + pattern + r"(?!\w)"
    return re.compile(pattern)


def includes(response: str, expected, *, word_boundary: bool = True) -> Score:
    """Pass when the response contains one of the expected answers (case-insensitive).

    With ``word_boundary`` (default) the answer must stand alone, so ``"9.99"``
    is not found inside ``"19.99"``.

    Examples
    --------
    >>> includes("Returns are accepted within 30 days.", ["30 days", "thirty days"]).passed
    True
    >>> includes("It costs $19.99", "9.99").passed
    False
    """
    text = _squash(_check_response(response))
    for e in _expected_list(expected):
        pattern = _needle(e, word_boundary)
        if pattern is not None and pattern.search(text):
            return Score(1.0, True, f"states {e!r}")
    shown = " / ".join(repr(e) for e in _expected_list(expected))
    return Score(0.0, False, f"key fact missing: {shown}")


def regex_match(response: str, expected, *, flags: int = re.IGNORECASE) -> Score:
    """Pass when one of the patterns in ``expected`` is found in the response.

    Examples
    --------
    >>> regex_match("Order #A-1234 shipped", r"#[A-Z]-\\d{4}").passed
    True
    """
    text = _check_response(response)
    for pattern in _expected_list(expected):
        try:
            m = re.search(pattern, text, flags)
        except re.error as exc:
            raise ValueError(f"expected pattern {pattern!r} is not a valid regular expression: {exc}") from None
        if m:
            return Score(1.0, True, f"matches /{pattern}/ at {m.group(0)!r}")
    return Score(0.0, False, "no pattern matches")


_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> list[float]:
    out = []
    for tok in _NUMBER.findall(text):
        tok = tok.replace(",", "")
        try:
            out.append(float(tok))
        except ValueError:  # pragma: no cover - the pattern only yields numbers
            continue
    return out


def numeric_close(response: str, expected, *, rel_tol: float = 0.0, abs_tol: float = 0.005) -> Score:
    """Pass when a number in the response is within tolerance of an expected number.

    ``expected`` may be a number, or text holding numbers (``"$12.95"``);
    thousands separators and currency signs are ignored.

    Examples
    --------
    >>> numeric_close("That will be $1,204.50 in total.", 1204.5).passed
    True
    >>> numeric_close("About 7 days", "5", abs_tol=1).passed
    False
    """
    text = _check_response(response)
    if isinstance(expected, bool):
        raise TypeError("expected must be a number or text holding a number, got a bool")
    if isinstance(expected, (int, float)):
        targets = [float(expected)]
    else:
        targets = [n for e in _expected_list(expected) for n in _numbers(e)]
        if not targets:
            raise ValueError(f"expected {expected!r} holds no number to compare with")
    found = _numbers(text)
    for t in targets:
        for f in found:
            if math.isclose(f, t, rel_tol=rel_tol, abs_tol=abs_tol):
                return Score(1.0, True, f"states {f:g} (expected {t:g})")
    if not found:
        return Score(0.0, False, "states no number")
    return Score(0.0, False, f"states {', '.join(f'{f:g}' for f in found[:4])}; expected {', '.join(f'{t:g}' for t in targets)}")


def token_f1(response: str, expected, *, threshold: float = 0.5) -> Score:
    """SQuAD v1.1 token F1: overlap of normalised tokens, the best over expected answers.

    Examples
    --------
    >>> round(token_f1("the cat sat", "a cat sat down").value, 3)
    0.8
    """
    _check_threshold(threshold)
    pred = normalize_answer(_check_response(response)).split()
    pred_counts = Counter(pred)
    best, best_e = 0.0, None
    for e in _expected_list(expected):
        gold = normalize_answer(e).split()
        same = sum(min(c, pred_counts[t]) for t, c in Counter(gold).items() if t in pred_counts)
        if same == 0:
            f1 = 0.0
        else:
            p, r = same / len(pred), same / len(gold)
            f1 = 2 * p * r / (p + r)
        if best_e is None or f1 > best:
            best, best_e = f1, e
    return Score(best, best >= threshold, f"token F1 {best:.2f} against {best_e!r}")


# ROUGE-L --------------------------------------------------------------------

_ROUGE_SEP = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")


_ASCII_SEP = str.maketrans({chr(i): " " for i in range(128)
                            if not (chr(i).isascii() and (chr(i).isdigit() or "a" <= chr(i) <= "z"))})


def rouge_tokens(text: str) -> list[str]:
    """Tokens exactly as ``rouge-score`` makes them (no stemming): ASCII letters and digits only."""
    low = text.lower()
    if low.isascii():  # fast path, same result as the regular expression
        return low.translate(_ASCII_SEP).split()
    return _ROUGE_SEP.sub(" ", low).split()


def unicode_tokens(text: str, *, fold_accents: bool = False) -> list[str]:
    """Unicode-aware tokens: NFKC, case-folded runs of letters/digits in any script.

    Examples
    --------
    >>> unicode_tokens("Café Zürich", fold_accents=True)
    ['cafe', 'zurich']
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if fold_accents:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _WORD.findall(text)


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token lists.

    Bit-parallel (Allison-Dix / Hyyrö): one big-integer update per token of
    ``b``, so it is much faster than the textbook table in pure Python.
    """
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, tok in enumerate(a):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    # a token of b that a lacks leaves the state unchanged (u = 0), so skip it
    for m in [masks[t] for t in b if t in masks]:
        u = v & m
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def _tokens(text: str, tokenizer: str, fold_accents: bool) -> list[str]:
    if tokenizer == "rouge":
        return rouge_tokens(text)
    if tokenizer == "unicode":
        return unicode_tokens(text, fold_accents=fold_accents)
    raise ValueError(f"tokenizer must be 'rouge' or 'unicode', got {tokenizer!r}")


def rouge_l_scores(response: str, reference: str, *, tokenizer: str = "rouge",
                   fold_accents: bool = False) -> tuple[float, float, float]:
    """ROUGE-L ``(precision, recall, f_measure)`` of one response against one reference."""
    pred = _tokens(_check_response(response), tokenizer, fold_accents)
    ref = _tokens(reference, tokenizer, fold_accents)
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    lcs = lcs_length(ref, pred)
    precision = lcs / len(pred)
    recall = lcs / len(ref)
    f = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f


def rouge_l(response: str, expected, *, threshold: float = 0.5, tokenizer: str = "rouge",
            fold_accents: bool = False) -> Score:
    """ROUGE-L F-measure (longest common subsequence of tokens), best over expected answers.

    With the default ``tokenizer="rouge"`` the value equals
    ``rouge_score.rouge_scorer.RougeScorer(["rougeL"]).score_multi(expected, response)``
    exactly; that tokeniser drops non-ASCII letters, so use ``tokenizer="unicode"``
    (and ``fold_accents=True``) for other languages.

    Examples
    --------
    >>> round(rouge_l("the cat sat on the mat", "the cat is on the mat").value, 4)
    0.8333
    >>> rouge_l("Café", "cafe").value, rouge_l("Café", "cafe", tokenizer="unicode", fold_accents=True).value
    (0.0, 1.0)
    """
    _check_threshold(threshold)
    best, best_e, best_pr = -1.0, None, (0.0, 0.0)
    for e in _expected_list(expected):
        p, r, f = rouge_l_scores(response, e, tokenizer=tokenizer, fold_accents=fold_accents)
        if f > best:
            best, best_e, best_pr = f, e, (p, r)
    return Score(best, best >= threshold,
                 f"ROUGE-L F {best:.2f} (precision {best_pr[0]:.2f}, recall {best_pr[1]:.2f})",
                 details={"precision": best_pr[0], "recall": best_pr[1], "reference": best_e})


def concise(response: str, expected=None, *, max_words: int = 60) -> Score:
    """Pass when the response has at most ``max_words`` words (value: the share of the budget kept).

    Examples
    --------
    >>> concise("short and sweet", max_words=5).passed
    True
    """
    import numbers

    if isinstance(max_words, bool) or not isinstance(max_words, numbers.Integral) or max_words < 1:
        raise ValueError(f"max_words must be a whole number >= 1, got {max_words!r}")
    words = len(_check_response(response).split())
    value = 1.0 if words <= max_words else max_words / words
    verdict = "within" if words <= max_words else "padded, over"
    return Score(value, words <= max_words, f"{words} words: {verdict} the {max_words}-word limit")


# --------------------------------------------------------------------------- structure

def json_schema(response: str, expected) -> Score:
    """Pass when the response parses as JSON and validates against a JSON Schema.

    ``expected`` is the schema (a dict, or its JSON text).

    Examples
    --------
    >>> json_schema('{"refund": 12.5}', {"type": "object", "required": ["refund"]}).passed
    True
    """
    import jsonschema

    text = _check_response(response)
    schema = json.loads(expected) if isinstance(expected, str) else expected
    if not isinstance(schema, Mapping):
        raise TypeError(f"expected must be a JSON Schema (a dict), got {type(schema).__name__}")
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ValueError(f"expected is not a valid JSON Schema: {exc.message}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return Score(0.0, False, f"not valid JSON: {exc.msg} at character {exc.pos}")
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
        return Score(0.0, False, f"{len(errors)} schema error(s); first at {where}: {errors[0].message}")
    return Score(1.0, True, "valid JSON matching the schema")


# --------------------------------------------------------------------------- vectors

_SK_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _sk_tokens(text: str) -> list[str]:
    return _SK_TOKEN.findall(text.lower())


class TfidfModel:
    """TF-IDF weights the way scikit-learn's ``TfidfVectorizer()`` defaults compute them.

    Smooth IDF ``ln((1 + n) / (1 + df)) + 1``, raw term counts, L2 norm, tokens of
    two or more word characters. Fit it on a corpus (all references, say) so that
    common words weigh little; unseen words get the IDF of a word seen nowhere.
    """

    def __init__(self, corpus: Iterable[str]):
        docs = [_sk_tokens(_check_response(d)) for d in corpus]
        if not docs:
            raise ValueError("corpus is empty")
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.n_docs = n
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self._unseen = math.log(1 + n) + 1

    def vector(self, text: str, *, vocabulary_only: bool = True) -> dict[str, float]:
        counts = Counter(_sk_tokens(text))
        vec = {}
        for t, c in counts.items():
            w = self.idf.get(t)
            if w is None:
                if vocabulary_only:
                    continue
                w = self._unseen
            vec[t] = c * w
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return float(min(1.0, sum(v * vb.get(t, 0.0) for t, v in va.items())))

    def scorer(self, *, threshold: float = 0.5) -> Callable[[str, Any], Score]:
        """A scorer using this model's IDF: ``model.scorer()(response, expected)``."""
        _check_threshold(threshold)

        def tfidf_cosine_fitted(response, expected):
            return _tfidf_score(self, response, expected, threshold)

        return tfidf_cosine_fitted


def _tfidf_score(model: TfidfModel, response, expected, threshold) -> Score:
    _check_threshold(threshold)
    response = _check_response(response)
    best, best_e = 0.0, None
    for e in _expected_list(expected):
        c = model.cosine(response, e)
        if best_e is None or c > best:
            best, best_e = c, e
    return Score(best, best >= threshold, f"TF-IDF cosine {best:.2f}")


def tfidf_cosine(response: str, expected, *, threshold: float = 0.5, corpus: Iterable[str] | None = None) -> Score:
    """TF-IDF cosine similarity; IDF fitted on ``corpus`` or, by default, on the texts compared.

    Equals ``sklearn``'s ``cosine_similarity`` of ``TfidfVectorizer().fit(docs)`` vectors.

    Examples
    --------
    >>> tfidf_cosine("free shipping over 50 dollars", "shipping is free over 50 dollars").passed
    True
    """
    response = _check_response(response)
    docs = [response] + _expected_list(expected) if corpus is None else list(corpus)
    return _tfidf_score(TfidfModel(docs), response, expected, threshold)


# --------------------------------------------------------------------------- semantic (optional)

_EMBEDDERS: dict[str, Any] = {}


def semantic_available() -> bool:
    """True when the optional ``semantic`` extra (sentence-transformers) is installed."""
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None


def embedding_similarity(response: str, expected, *, threshold: float = 0.75,
                         model: str = "sentence-transformers/all-MiniLM-L6-v2") -> Score:
    """Cosine similarity of sentence embeddings (needs ``pip install 'aipm-kit[semantic]'``).

    The model is loaded from the local cache only (``local_files_only=True``):
    the kit never downloads weights at run time. Without the extra, this raises
    ``ImportError`` saying how to install it.
    """
    _check_threshold(threshold, low=-1.0)
    response = _check_response(response)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError("embedding_similarity needs the optional 'semantic' extra: "
                          "pip install 'aipm-kit[semantic]' (and a locally cached model)") from None
    if model not in _EMBEDDERS:
        _EMBEDDERS[model] = SentenceTransformer(model, local_files_only=True)
    emb = _EMBEDDERS[model]
    refs = _expected_list(expected)
    vecs = emb.encode([response] + refs, normalize_embeddings=True)
    sims = [float(vecs[0] @ v) for v in vecs[1:]]
    best = max(sims)
    return Score(max(-1.0, min(1.0, best)), best >= threshold, f"embedding cosine {best:.2f}")


#: The scorers the command line and the benchmark know by name.
LEXICAL_SCORERS: dict[str, Callable[[str, Any], Score]] = {
    "exact_match": exact_match,
    "includes": includes,
    "token_f1": token_f1,
    "rouge_l": rouge_l,
    "numeric_close": numeric_close,
    "concise": concise,
}
