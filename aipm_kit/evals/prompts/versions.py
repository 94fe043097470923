"""Prompt versions: an id, the text, and a hash of that text, and the answers recorded under one.

:func:`content_hash` is the short SHA-256 of a text; a :class:`PromptVersion` (made with
:func:`prompt_version`) carries it, so two runs that claim the same prompt but used different words
cannot be mixed up; :class:`PromptAnswers` turns the answers recorded under one version into a
model the runner can score, refusing any row another prompt produced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def content_hash(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of ``text`` (UTF-8).

    Parameters
    ----------
    text : str
        The prompt text, hashed exactly as given (white space and case count); anything but a
        string raises ``TypeError``.

    Returns
    -------
    str
        12 lower-case hex digits.

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
    """One prompt version: ``id`` (a short name), ``text`` and ``hash`` (of the text).

    Build it with :func:`prompt_version`, which computes the hash. ``label`` is the name a run
    carries, ``"<id>@<hash>"``.

    Parameters
    ----------
    id : str
        A short name for the version (``"A"``).
    text : str
        The prompt's full text.
    hash : str
        :func:`content_hash` of ``text``; any other value raises ``ValueError``, so a version
        cannot claim words it does not have.

    Examples
    --------
    >>> p = PromptVersion("A", "Answer from the help centre.", "34d1ef00e0d7")
    >>> p
    PromptVersion(A@34d1ef00e0d7: 'Answer from the help centre.')
    >>> p.label
    'A@34d1ef00e0d7'
    >>> PromptVersion("A", "Answer briefly.", "000000000000")
    Traceback (most recent call last):
    ...
    ValueError: prompt 'A': hash '000000000000' is not the hash of its text ('e68562472088'); build it with prompt_version()
    """

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

    Parameters
    ----------
    id : str
        A short name for the version; empty or blank raises ``ValueError``.
    text : str
        The prompt's full text; empty or blank raises ``ValueError``.

    Returns
    -------
    PromptVersion
        The version, its ``hash`` the :func:`content_hash` of ``text``.

    Examples
    --------
    >>> prompt_version("A", "Answer from the help centre.").label
    'A@34d1ef00e0d7'
    >>> prompt_version("A", "  ")
    Traceback (most recent call last):
    ...
    ValueError: text must be a non-empty string, got '  '
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

    Called with a case (or a case id), it returns the recorded answer as a
    :class:`~aipm_kit.evals.adapters.Response`, or an error response when no answer was recorded
    for that case.

    Parameters
    ----------
    prompt : PromptVersion
        The version the answers claim to come from; anything else raises ``TypeError``.
    rows : iterable of dict
        One per case, each with ``id``, ``prompt_id``, ``prompt_hash`` and a ``response`` string.
        A row without an ``id``, from another prompt, without a string response, or repeating a
        case id raises ``ValueError``, and so does an empty ``rows``.

    Examples
    --------
    >>> p = prompt_version("A", "Answer from the help centre.")
    >>> model = PromptAnswers(p, [{"id": "r1", "prompt_id": "A", "prompt_hash": p.hash,
    ...                            "response": "Within 30 days."}])
    >>> model
    PromptAnswers(A@34d1ef00e0d7, 1 answers)
    >>> model("r1").text
    'Within 30 days.'
    >>> model("r2").error
    "no answer under A@34d1ef00e0d7 for case 'r2'"
    >>> edited = prompt_version("A", "Answer briefly.")
    >>> PromptAnswers(edited, [{"id": "r1", "prompt_id": "A", "prompt_hash": p.hash, "response": "x"}])
    Traceback (most recent call last):
    ...
    ValueError: rows[0] (case 'r1') was produced by prompt 'A'@'34d1ef00e0d7', not A@e68562472088
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
        from ..adapters import Response

        cid = str(getattr(case, "id", case))
        row = self.rows.get(cid)
        if row is None:
            return Response(None, status="error", error=f"no answer under {self.prompt.label} for case {cid!r}")
        return Response(row["response"])

    def __repr__(self) -> str:
        return f"PromptAnswers({self.prompt.label}, {len(self.rows)} answers)"
