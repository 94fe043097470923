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

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.evals.scorers import rouge_l`` and ``scorers.rouge_l`` work as before:
#   score     Score, and the checks of a scorer's arguments
#   matching  the response against the expected answer itself (exact_match, includes, regex_match,
#             numeric_close, json_schema, concise)
#   overlap   shared words (token_f1, rouge_l and its tokenisers)
#   vectors   TF-IDF and embedding cosine (tfidf_cosine, TfidfModel, embedding_similarity)
#   options   scorer(), on_reference() and LEXICAL_SCORERS
# Sub-modules import each other in that order (each only from those above it), never from here.
from .matching import concise, exact_match, includes, json_schema, normalize_answer, numeric_close, regex_match
from .options import LEXICAL_SCORERS, on_reference, scorer
from .overlap import lcs_length, rouge_l, rouge_l_scores, rouge_tokens, token_f1, unicode_tokens
from .score import Score
from .vectors import TfidfModel, embedding_similarity, semantic_available, tfidf_cosine

__all__ = [
    "Score",
    "exact_match",
    "includes",
    "regex_match",
    "numeric_close",
    "token_f1",
    "rouge_l",
    "rouge_l_scores",
    "rouge_tokens",
    "unicode_tokens",
    "lcs_length",
    "concise",
    "json_schema",
    "tfidf_cosine",
    "TfidfModel",
    "embedding_similarity",
    "semantic_available",
    "scorer",
    "on_reference",
    "normalize_answer",
    "LEXICAL_SCORERS",
]
