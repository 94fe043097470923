"""Failing answers as vectors: their words and word pairs, weighted by TF-IDF.

:func:`tfidf_matrix` tokenises each document (lower case, :data:`STOP_WORDS` dropped, word pairs
never spanning the answer / reasons boundary ``||``) and returns unit-length TF-IDF rows with
their vocabulary.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
before being below between both but by can cannot could did do does doing don down during each few for from
further had has have having he her here hers him his how i if in into is it its itself just let me more most
my no nor not of off on once only or other our ours out over own please same she should so some such than
that the their theirs them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself s t m re ve ll d""".split()
)
_TOKEN = re.compile(r"[a-z$][a-z0-9$%.']*[a-z0-9%]|[a-z]")


def _terms(text: str) -> list[str]:
    out = []
    for part in text.split("||"):  # no word pairs across the answer / reasons boundary
        words = [w for w in _TOKEN.findall(part.lower()) if w not in STOP_WORDS]
        out += words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return out


def tfidf_matrix(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Unit-length TF-IDF rows (sublinear tf, smooth idf) over words and word pairs, and the vocabulary.

    A token is a lower-case run that starts with a letter or ``$`` (``"$5.95"`` and ``"don't"``
    are one token each; a number standing alone is not a token); :data:`STOP_WORDS` are dropped,
    and each pair of neighbouring words left is a term too. A ``||`` in a text separates parts
    (an answer and its scorers' reasons) that no word pair spans. A term's weight is
    ``(1 + ln count) * (ln((1 + n) / (1 + df)) + 1)``; each row is then scaled to length 1.

    Parameters
    ----------
    texts : list of str
        The documents, one per failing answer. If none of them holds a word, ``ValueError``.

    Returns
    -------
    X : numpy.ndarray
        One row per text and one column per term, each row of length 1 (a text without words
        gives a row of zeros).
    vocab : list of str
        The terms in column order (sorted).

    Examples
    --------
    >>> X, vocab = tfidf_matrix(["No refund possible", "Sorry, no refund || key fact missing"])
    >>> vocab
    ['fact', 'fact missing', 'key', 'key fact', 'missing', 'possible', 'refund', 'refund possible',
     'sorry', 'sorry refund']
    >>> X.shape, np.round(np.linalg.norm(X, axis=1), 6).tolist()
    ((2, 10), [1.0, 1.0])
    >>> [round(float(w), 3) for w in X[0][X[0] > 0]]
    [0.632, 0.449, 0.632]
    """
    docs = [Counter(_terms(t)) for t in texts]
    vocab = sorted({w for d in docs for w in d})
    if not vocab:
        raise ValueError("the failing answers hold no words to cluster on")
    index = {w: i for i, w in enumerate(vocab)}
    n = len(docs)
    df = Counter(w for d in docs for w in d)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1 for w in vocab])
    X = np.zeros((n, len(vocab)))
    for r, d in enumerate(docs):
        for w, c in d.items():
            X[r, index[w]] = 1 + math.log(c)
    X *= idf
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1, norms), vocab
