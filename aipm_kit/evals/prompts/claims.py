"""The two knowledge-base scorers: no invented policy, and a citation that supports the answer.

:func:`numeric_claims` finds the checkable claims in a text (money, percentages, a number and its
unit); :func:`unsupported_claims` and the scorer :func:`no_invented_policy` flag the claims no
article states, and :func:`cited_article` with the scorer :func:`citation_supported` check that the
article an answer cites contains its key claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..scorers import Score

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

    Parameters
    ----------
    text : str
        An answer or an article; anything but a string raises ``TypeError``.

    Returns
    -------
    list of str
        The claims in the order they appear: money as ``"$<amount>"`` (no thousands separator),
        a percentage as ``"<n>%"``, otherwise ``"<n> <unit>"`` or ``"<n>-<m> <unit>"`` for a range,
        with number words as digits and the unit lower-case and singular, so
        ``"five to seven business days"`` and ``"5-7 business days"`` give the same claim.

    Examples
    --------
    >>> numeric_claims("Refunds take 5 to 7 business days; a $5.95 fee applies to three items.")
    ['5-7 business day', '$5.95', '3 item']
    >>> numeric_claims("No number here [source: x-1]")
    []
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
    """The answer's numeric claims that appear in no knowledge-base article (invented policies).

    A claim counts as supported when any article states it, not only the one the answer cites.

    Parameters
    ----------
    response : str
        The answer; anything but a string raises ``TypeError``.
    kb : list of dict or dict
        The knowledge-base articles, each a dict with an ``id`` and a ``text`` string (one article
        may be given alone). An empty list, or an article without both, raises ``ValueError``.

    Returns
    -------
    list of str
        The unsupported claims, in :func:`numeric_claims` form and in the answer's order; empty
        when every claim is in some article.

    Examples
    --------
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days of delivery."},
    ...       {"id": "fees", "text": "A restocking fee of 15% applies to opened items."}]
    >>> unsupported_claims("Returns within 30 days, with a 10% fee and free shipping over $50.", kb)
    ['10%', '$50']
    """
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__}")
    known = {c for text in _kb_texts(kb).values() for c in numeric_claims(text)}
    return [c for c in numeric_claims(response) if c not in known]


def no_invented_policy(kb):
    """A scorer: pass when every numeric claim in the answer appears somewhere in ``kb``.

    The scorer applies :func:`unsupported_claims`' rule to each answer.

    Parameters
    ----------
    kb : list of dict or dict
        The articles, as for :func:`unsupported_claims`; their claims are gathered once, here.

    Returns
    -------
    callable
        ``score(response, expected=None) -> Score`` named ``"no_invented_policy"`` (``expected``
        is ignored): value 1 and passed when no claim is unsupported, else value 0 with the
        unsupported claims in the reason and in ``details["unsupported"]``.

    Examples
    --------
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days of delivery."}]
    >>> score = no_invented_policy(kb)
    >>> score("Returns within 30 days.", "30 days").passed, score("Returns within 90 days.", "30 days").passed
    (True, False)
    >>> score("Returns within 90 days.")
    Score(0, fail: states 90 day: in no article)
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
    """The article id an answer cites with ``[source: <id>]`` (the first), or None.

    Parameters
    ----------
    response : str
        The answer; anything but a string raises ``TypeError``.

    Returns
    -------
    str or None
        The id inside the first ``[source: ...]`` marker (letters, digits, ``-`` and ``_``), or
        None when the answer cites nothing.

    Examples
    --------
    >>> cited_article("Within 30 days. [source: return-window] See also [source: fees].")
    'return-window'
    >>> cited_article("Within 30 days.") is None
    True
    """
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
    knowledge base lacks, or states no checkable claim fails. The cited article contains the
    claim when it holds the claim's words (case aside) or states every numeric claim in it
    (so ``"3-5 business days"`` and ``"3 to 5 business days"`` agree).

    Parameters
    ----------
    kb : list of dict or dict
        The articles, as for :func:`unsupported_claims`; the one an answer cites is found by its
        ``id``.

    Returns
    -------
    callable
        ``score(response, case) -> Score`` named ``"citation_supported"``, with
        ``needs_case = True`` so the runner passes it the case; ``case`` may also be the
        expected answer itself (a string or a list). Value 1 and passed when the cited article
        contains the key claim, else value 0; ``details`` holds the cited id and the claim once
        both are found.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days."},
    ...       {"id": "final-sale", "text": "Final-sale items cannot be returned."}]
    >>> case = make_cases([{"id": "r1", "input": "Return window?", "expected": "30 days"}])[0]
    >>> score = citation_supported(kb)
    >>> score("Within 30 days. [source: return-window]", case).passed
    True
    >>> score("Within 30 days. [source: final-sale]", case)
    Score(0, fail: final-sale does not contain the key claim '30 days')
    >>> score("Within 30 days.", case)
    Score(0, fail: cites no article)
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
