"""Scorers that compare a response and the expected answer as vectors.

:func:`tfidf_cosine` and :class:`TfidfModel` (TF-IDF weights as scikit-learn's defaults compute
them, in pure Python), and :func:`embedding_similarity` (sentence embeddings, with the optional
``semantic`` extra; :func:`semantic_available` says whether it is installed).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from .score import Score, _check_response, _check_threshold, _expected_list

# --------------------------------------------------------------------------- vectors

_SK_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _sk_tokens(text: str) -> list[str]:
    return _SK_TOKEN.findall(text.lower())


class TfidfModel:
    """TF-IDF weights the way scikit-learn's ``TfidfVectorizer()`` defaults compute them.

    Smooth IDF ``ln((1 + n) / (1 + df)) + 1``, raw term counts, L2 norm, tokens of
    two or more word characters. Fit it on a corpus (all references, say) so that
    common words weigh little; unseen words get the IDF of a word seen nowhere.

    ``vector(text)`` is a text's unit-length weights (words the corpus lacks are left out unless
    ``vocabulary_only=False``), ``cosine(a, b)`` the cosine of two texts' vectors, and
    ``scorer(threshold=0.5)`` a scorer that uses this model's IDF.

    Parameters
    ----------
    corpus : iterable of str
        The documents to fit the IDF on; each must be a string (else ``TypeError``), and an empty
        corpus raises ``ValueError``.

    Examples
    --------
    >>> model = TfidfModel(["free shipping over 50 dollars", "returns within 30 days", "shipping is free"])
    >>> model.n_docs
    3
    >>> {term: round(w, 3) for term, w in model.vector("free shipping").items()}
    {'free': 0.707, 'shipping': 0.707}
    >>> round(model.cosine("free shipping", "shipping is free"), 3)
    0.732
    >>> model.scorer(threshold=0.5)("free shipping", "shipping is free")
    Score(0.732, pass: TF-IDF cosine 0.73)
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
    Words the fitted corpus lacks are left out of both vectors.

    Parameters
    ----------
    response : str
        The model's answer (a string, else ``TypeError``).
    expected : str or list of str
        The reference answer, or a non-empty list of them; the response is compared with each.
    threshold : float, default 0.5
        The cosine from which the response passes, from 0 to 1 (else ``ValueError``).
    corpus : iterable of str, optional
        The documents to fit the IDF on (see :class:`TfidfModel`); by default the response and
        the expected answers.

    Returns
    -------
    Score
        The best cosine over the expected answers (from 0 to 1), passed when it is at least
        ``threshold``.

    Examples
    --------
    >>> tfidf_cosine("free shipping over 50 dollars", "shipping is free over 50 dollars")
    Score(0.847, pass: TF-IDF cosine 0.85)
    >>> tfidf_cosine("call us", "write to us").passed
    False
    """
    response = _check_response(response)
    docs = [response] + _expected_list(expected) if corpus is None else list(corpus)
    return _tfidf_score(TfidfModel(docs), response, expected, threshold)


# --------------------------------------------------------------------------- semantic (optional)

_EMBEDDERS: dict[str, Any] = {}


def semantic_available() -> bool:
    """True when the optional ``semantic`` extra (sentence-transformers) is installed.

    It looks for the package without importing it, so the answer is quick.

    Returns
    -------
    bool
        Whether ``sentence_transformers`` can be imported; it says nothing of whether a model is
        cached locally.

    Examples
    --------
    >>> isinstance(semantic_available(), bool)
    True
    """
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None


def embedding_similarity(
    response: str, expected, *, threshold: float = 0.75, model: str = "sentence-transformers/all-MiniLM-L6-v2"
) -> Score:
    """Cosine similarity of sentence embeddings (needs ``pip install 'aipm-kit[semantic]'``).

    The model is loaded from the local cache only (``local_files_only=True``):
    the kit never downloads weights at run time. Without the extra, this raises
    ``ImportError`` saying how to install it. A model stays loaded for the next call.

    Parameters
    ----------
    response : str
        The model's answer (a string, else ``TypeError``); it is embedded with the references.
    expected : str or list of str
        The reference answer, or a non-empty list of them, each embedded and compared.
    threshold : float, default 0.75
        The cosine from which the response passes, from -1 to 1 (else ``ValueError``).
    model : str, default "sentence-transformers/all-MiniLM-L6-v2"
        The sentence-transformers model name; it must already be in the local cache.

    Returns
    -------
    Score
        The best cosine of the normalised embeddings over the expected answers (from -1 to 1),
        passed when it is at least ``threshold``.

    Examples
    --------
    >>> embedding_similarity("Refunds take a week.", "Refunds take seven days.")  # doctest: +SKIP
    >>> embedding_similarity("a", "a", threshold=2)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be a number from -1 to 1, got 2
    """
    _check_threshold(threshold, low=-1.0)
    response = _check_response(response)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "embedding_similarity needs the optional 'semantic' extra: "
            "pip install 'aipm-kit[semantic]' (and a locally cached model)"
        ) from None
    if model not in _EMBEDDERS:
        _EMBEDDERS[model] = SentenceTransformer(model, local_files_only=True)
    emb = _EMBEDDERS[model]
    refs = _expected_list(expected)
    vecs = emb.encode([response] + refs, normalize_embeddings=True)
    sims = [float(vecs[0] @ v) for v in vecs[1:]]
    best = max(sims)
    return Score(max(-1.0, min(1.0, best)), best >= threshold, f"embedding cosine {best:.2f}")
