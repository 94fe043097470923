"""Scorers that hold the response against the expected answer itself.

Equal after SQuAD normalisation (:func:`exact_match`), contains it (:func:`includes`), matches a
pattern (:func:`regex_match`), states the number (:func:`numeric_close`), parses as JSON that
validates against a schema (:func:`json_schema`), and stays within a word budget (:func:`concise`).
"""

from __future__ import annotations

import functools
import json
import math
import re
import string
import unicodedata
from collections.abc import Mapping

from .score import Score, _check_response, _expected_list

# --------------------------------------------------------------------------- lexical


def normalize_answer(text: str) -> str:
    """SQuAD v1.1 normalisation: lower case, drop punctuation and articles, squeeze spaces.

    Parameters
    ----------
    text : str
        An answer or a reference answer.

    Returns
    -------
    str
        ``text`` lower-cased, with ASCII punctuation removed, the words "a", "an" and "the"
        dropped, and runs of white space made one space.

    Examples
    --------
    >>> normalize_answer("The  Eiffel Tower!")
    'eiffel tower'
    """
    text = _ARTICLES.sub(" ", text.lower().translate(_DROP_PUNCT))
    return " ".join(text.split())


_DROP_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def exact_match(response: str, expected) -> Score:
    """1 when the normalised response equals a normalised expected answer (SQuAD style).

    Both sides go through :func:`normalize_answer` first.

    Parameters
    ----------
    response : str
        The model's answer (a string, else ``TypeError``).
    expected : str or list of str
        The right answer, or a non-empty list of right answers; equalling any one passes.

    Returns
    -------
    Score
        Value 1 and passed when an expected answer matches (the reason names it), else value 0.

    Examples
    --------
    >>> exact_match("The Eiffel Tower.", "eiffel tower").passed
    True
    >>> exact_match("Paris", ["eiffel tower", "the tower"])
    Score(0, fail: no expected answer matches after normalisation)
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
    is not found inside ``"19.99"``. Both sides are NFKC-normalised and case-folded, curly
    quotes and en or em dashes become their ASCII forms, and runs of white space compare equal.

    Parameters
    ----------
    response : str
        The text to search (a string, else ``TypeError``).
    expected : str or list of str
        The key fact, or a non-empty list of ways to state it; finding any one passes. An empty
        string is never found.
    word_boundary : bool, default True
        Require that no letter, digit or underscore touches the answer on either side.

    Returns
    -------
    Score
        Value 1 and passed with the reason ``"states '<answer>'"`` for the first expected answer
        found; else value 0 and the reason ``"key fact missing: ..."`` listing them all.

    Examples
    --------
    >>> includes("Returns are accepted within 30 days.", ["30 days", "thirty days"]).passed
    True
    >>> includes("It costs $19.99", "9.99")
    Score(0, fail: key fact missing: '9.99')
    >>> includes("It costs $19.99", "9.99", word_boundary=False).passed
    True
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

    Parameters
    ----------
    response : str
        The model's answer; anything but a string raises ``TypeError``.
    expected : str or list of str
        A regular expression, or a non-empty list of them; it is searched for anywhere in the
        response (:func:`re.search`). A pattern that does not compile raises ``ValueError``.
    flags : int, default re.IGNORECASE
        The :mod:`re` flags the search uses.

    Returns
    -------
    Score
        Value 1 and passed, the reason naming the first pattern that matches and the text it
        matched; else value 0.

    Examples
    --------
    >>> regex_match("Order #A-1234 shipped", r"#[A-Z]-\\d{4}")
    Score(1, pass: matches /#[A-Z]-\\d{4}/ at '#A-1234')
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

    Parameters
    ----------
    response : str
        The model's answer; anything but a string raises ``TypeError``.
    expected : int, float, str or list of str
        The number, or text holding one or more numbers (each one is a target). A bool raises
        ``TypeError``; text that holds no number raises ``ValueError``.
    rel_tol : float, default 0.0
        Relative tolerance, as in :func:`math.isclose`.
    abs_tol : float, default 0.005
        Absolute tolerance, in the answer's own units (half a cent for prices).

    Returns
    -------
    Score
        Value 1 and passed when any number in the response is close to any target (the reason
        names both); else value 0, the reason listing up to four of the numbers stated and the
        targets, or ``"states no number"``.

    Examples
    --------
    >>> numeric_close("That will be $1,204.50 in total.", 1204.5).passed
    True
    >>> numeric_close("About 7 days", "5", abs_tol=1)
    Score(0, fail: states 7; expected 5)
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
    return Score(
        0.0, False, f"states {', '.join(f'{f:g}' for f in found[:4])}; expected {', '.join(f'{t:g}' for t in targets)}"
    )


def concise(response: str, expected=None, *, max_words: int = 60) -> Score:
    """Pass when the response has at most ``max_words`` words (value: the share of the budget kept).

    Words are runs of characters between white space.

    Parameters
    ----------
    response : str
        The model's answer; anything but a string raises ``TypeError``.
    expected : optional
        Ignored: the budget does not depend on the answer. It is there so the scorer has the
        ``scorer(response, expected)`` shape every scorer has.
    max_words : int, default 60
        The word budget, a whole number of at least 1 (else ``ValueError``).

    Returns
    -------
    Score
        Value 1 and passed within the budget; over it, value ``max_words / words`` (below 1) and
        failed. The reason gives the word count.

    Examples
    --------
    >>> concise("short and sweet", max_words=5).passed
    True
    >>> concise("one two three four", max_words=2)
    Score(0.5, fail: 4 words: padded, over the 2-word limit)
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

    Parameters
    ----------
    response : str
        The model's answer; anything but a string raises ``TypeError``.
    expected : dict or str
        The JSON Schema, or its JSON text. A schema that is not a dict raises ``TypeError``; one
        the validator for its draft rejects raises ``ValueError``.

    Returns
    -------
    Score
        Value 1 and passed for valid JSON that matches the schema. Otherwise value 0, the reason
        saying where the JSON does not parse, or how many schema errors there are and the first
        (ordered by where in the document it is).

    Examples
    --------
    >>> schema = {"type": "object", "required": ["refund"]}
    >>> json_schema('{"refund": 12.5}', schema).passed
    True
    >>> json_schema('{}', schema)
    Score(0, fail: 1 schema error(s); first at (root): 'refund' is a required property)
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
