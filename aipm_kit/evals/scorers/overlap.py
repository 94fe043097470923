"""Scorers that count the words a response shares with the expected answer.

:func:`token_f1` (SQuAD v1.1 token F1) and :func:`rouge_l` (the longest common subsequence of
tokens, with the ``rouge-score`` tokeniser or a Unicode one), with the tokenisers and the LCS
length they are built on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .matching import normalize_answer
from .score import Score, _check_response, _check_threshold, _expected_list


def token_f1(response: str, expected, *, threshold: float = 0.5) -> Score:
    """SQuAD v1.1 token F1: overlap of normalised tokens, the best over expected answers.

    Both sides go through :func:`~aipm_kit.evals.scorers.matching.normalize_answer` and are split
    on white space; tokens are counted with multiplicity. An empty side scores 0.

    Parameters
    ----------
    response : str
        The model's answer (a string, else ``TypeError``).
    expected : str or list of str
        The reference answer, or a non-empty list of them; F1 is taken against each.
    threshold : float, default 0.5
        The F1 from which the response passes, from 0 to 1 (else ``ValueError``).

    Returns
    -------
    Score
        The best F1 over the expected answers (the first one wins a tie), passed when it is at
        least ``threshold``; the reason names the answer it was measured against.

    Examples
    --------
    >>> round(token_f1("the cat sat", "a cat sat down").value, 3)
    0.8
    >>> token_f1("dog", ["cat", "a dog"])
    Score(1, pass: token F1 1.00 against 'a dog')
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


_ASCII_SEP = str.maketrans(
    {chr(i): " " for i in range(128) if not (chr(i).isascii() and (chr(i).isdigit() or "a" <= chr(i) <= "z"))}
)


def rouge_tokens(text: str) -> list[str]:
    """Tokens exactly as ``rouge-score`` makes them (no stemming): ASCII letters and digits only.

    Lower case, then every character outside ``a-z0-9`` separates tokens, so a letter beyond
    ASCII is lost (``"café"`` becomes ``caf``).

    Parameters
    ----------
    text : str
        The text to split.

    Returns
    -------
    list of str
        The lower-case tokens, in order.

    Examples
    --------
    >>> rouge_tokens("Don't pay $5.95 at the café!")
    ['don', 't', 'pay', '5', '95', 'at', 'the', 'caf']
    """
    low = text.lower()
    if low.isascii():  # fast path, same result as the regular expression
        return low.translate(_ASCII_SEP).split()
    return _ROUGE_SEP.sub(" ", low).split()


def unicode_tokens(text: str, *, fold_accents: bool = False) -> list[str]:
    """Unicode-aware tokens: NFKC, case-folded runs of letters/digits in any script.

    Parameters
    ----------
    text : str
        The text to split, in any script.
    fold_accents : bool, default False
        Also drop combining marks after NFKD decomposition, so ``"é"`` becomes ``"e"``.

    Returns
    -------
    list of str
        The tokens, in order; an underscore or any punctuation separates them.

    Examples
    --------
    >>> unicode_tokens("Café Zürich")
    ['café', 'zürich']
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

    Parameters
    ----------
    a, b : sequence of str
        The two token lists (any hashable items work); tokens compare by equality.

    Returns
    -------
    int
        The number of tokens in the longest subsequence both share (0 when either is empty).

    Examples
    --------
    >>> lcs_length(["a", "b", "c", "d"], ["a", "c", "d", "e"])
    3
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


def rouge_l_scores(
    response: str, reference: str, *, tokenizer: str = "rouge", fold_accents: bool = False
) -> tuple[float, float, float]:
    """ROUGE-L ``(precision, recall, f_measure)`` of one response against one reference.

    Precision is the longest common subsequence of tokens over the response's length, recall
    over the reference's length, and the F-measure their harmonic mean.

    Parameters
    ----------
    response : str
        The model's answer; anything but a string raises ``TypeError``.
    reference : str
        The one reference answer.
    tokenizer : {"rouge", "unicode"}, default "rouge"
        ``"rouge"``: :func:`rouge_tokens`, the ``rouge-score`` package's tokeniser (ASCII letters
        and digits only); ``"unicode"``: :func:`unicode_tokens`. Any other value raises
        ``ValueError``.
    fold_accents : bool, default False
        With ``tokenizer="unicode"``, strip accents (``"Café"`` becomes ``"cafe"``); ignored by
        ``"rouge"``.

    Returns
    -------
    tuple of float
        ``(precision, recall, f_measure)``, each from 0 to 1; all 0 when either side has no token.

    Examples
    --------
    >>> [round(x, 3) for x in rouge_l_scores("the cat sat on the mat", "the cat is on the mat")]
    [0.833, 0.833, 0.833]
    >>> rouge_l_scores("Café", "cafe", tokenizer="unicode", fold_accents=True)
    (1.0, 1.0, 1.0)
    """
    pred = _tokens(_check_response(response), tokenizer, fold_accents)
    ref = _tokens(reference, tokenizer, fold_accents)
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    lcs = lcs_length(ref, pred)
    precision = lcs / len(pred)
    recall = lcs / len(ref)
    f = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f


def rouge_l(
    response: str, expected, *, threshold: float = 0.5, tokenizer: str = "rouge", fold_accents: bool = False
) -> Score:
    """ROUGE-L F-measure (longest common subsequence of tokens), best over expected answers.

    With the default ``tokenizer="rouge"`` the value equals
    ``rouge_score.rouge_scorer.RougeScorer(["rougeL"]).score_multi(expected, response)``
    exactly; that tokeniser drops non-ASCII letters, so use ``tokenizer="unicode"``
    (and ``fold_accents=True``) for other languages.

    Parameters
    ----------
    response : str
        The model's answer (a string, else ``TypeError``).
    expected : str or list of str
        The reference answer, or a non-empty list of them; each is scored with
        :func:`rouge_l_scores`.
    threshold : float, default 0.5
        The F-measure from which the response passes, from 0 to 1 (else ``ValueError``).
    tokenizer : {"rouge", "unicode"}, default "rouge"
        How texts are split into tokens, as in :func:`rouge_l_scores`.
    fold_accents : bool, default False
        With ``tokenizer="unicode"``, make accented letters equal plain ones.

    Returns
    -------
    Score
        The best F-measure over the expected answers, passed when it is at least ``threshold``;
        the reason and ``details`` give that match's precision and recall, and ``details`` the
        reference it was measured against.

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
    return Score(
        best,
        best >= threshold,
        f"ROUGE-L F {best:.2f} (precision {best_pr[0]:.2f}, recall {best_pr[1]:.2f})",
        details={"precision": best_pr[0], "recall": best_pr[1], "reference": best_e},
    )
