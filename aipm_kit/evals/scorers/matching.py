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
    return Score(
        0.0, False, f"states {', '.join(f'{f:g}' for f in found[:4])}; expected {', '.join(f'{t:g}' for t in targets)}"
    )


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
