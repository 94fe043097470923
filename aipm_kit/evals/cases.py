"""Evaluation cases: what to ask, what counts as right, and how to slice the results.

A case is one line of JSONL with ``id`` (unique), ``input`` (the question),
``expected`` (a string, or a list of acceptable answers), optional ``tags``
(slices such as ``billing``) and optional ``metadata`` (anything else, such as
a long reference answer). :func:`load_cases` reads and validates a file;
:func:`load_support_eval` returns the customer-support set the kit ships.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Case",
    "CaseSet",
    "read_jsonl",
    "load_cases",
    "make_cases",
    "load_support_eval",
    "SupportEval",
    "support_eval_dir",
]


@dataclass(frozen=True)
class Case:
    """One evaluation case. ``expected`` is always stored as a tuple of acceptable answers.

    ``reference`` (a property) is the long reference answer, ``metadata["reference"]``, else
    the first expected answer; ``to_dict()`` gives the case as a JSON-ready dict.
    Build cases with :func:`make_cases` or :func:`load_cases`, which check every field.

    Parameters
    ----------
    id : str
        Unique id of the case.
    input : str
        What the model is asked.
    expected : tuple of str
        The acceptable answers (the text a right answer must contain, for most scorers).
    tags : tuple of str, default ()
        Slices the case belongs to, such as ``"billing"``.
    metadata : dict, default {}
        Anything else, such as a long ``"reference"`` answer.

    Examples
    --------
    >>> c = Case("q1", "Is shipping free?", ("$50",), ("shipping",),
    ...          {"reference": "Standard shipping is free on orders over $50."})
    >>> c.reference
    'Standard shipping is free on orders over $50.'
    >>> Case("q2", "2+2?", ("4",)).reference
    '4'
    """

    id: str
    input: str
    expected: tuple[str, ...]
    tags: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        """The long reference answer (``metadata["reference"]``), else the first expected answer."""
        return str(self.metadata.get("reference", self.expected[0]))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "input": self.input,
            "expected": list(self.expected),
            "tags": list(self.tags),
            "metadata": dict(self.metadata),
        }


@dataclass(frozen=True)
class CaseSet:
    """An ordered, validated collection of cases (ids unique).

    It iterates over its cases and has a length; ``cases[i]`` is the ``i``-th case and
    ``cases["id"]`` the case with that id (``KeyError`` if none). ``ids`` and ``tags`` list
    the ids and the distinct tags; ``subset(ids)`` and ``sample(n, seed=0)`` return smaller
    sets in the original order; ``to_frame()`` one row per case.

    Parameters
    ----------
    cases : tuple of Case
        The cases, in order.
    source : str, default ""
        Where they came from (a file name), used in messages.

    Examples
    --------
    >>> cs = make_cases([{"id": "q1", "input": "2+2?", "expected": "4", "tags": ["math"]},
    ...                  {"id": "q2", "input": "Capital of France?", "expected": ["Paris", "paris"], "tags": ["geo"]}])
    >>> cs
    CaseSet(2 cases; geo: 1, math: 1)
    >>> cs["q2"].expected, cs.ids, cs.tags
    (('Paris', 'paris'), ['q1', 'q2'], ['geo', 'math'])
    >>> cs.subset(["q2"])
    CaseSet(1 cases; geo: 1)
    """

    cases: tuple[Case, ...]
    source: str = ""

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self):
        return iter(self.cases)

    def __getitem__(self, key):
        if isinstance(key, str):
            for c in self.cases:
                if c.id == key:
                    return c
            raise KeyError(f"no case with id {key!r}")
        return self.cases[key]

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cases]

    @property
    def tags(self) -> list[str]:
        return sorted({t for c in self.cases for t in c.tags})

    def subset(self, ids: Iterable[str]) -> CaseSet:
        wanted = set(ids)
        return CaseSet(tuple(c for c in self.cases if c.id in wanted), self.source)

    def sample(self, n: int, *, seed: int = 0) -> CaseSet:
        """``n`` cases drawn without replacement (seeded), kept in their original order."""
        import numpy as np

        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be a whole number >= 0, got {n!r}")
        if n >= len(self.cases):
            return self
        keep = set(np.random.default_rng(seed).choice(len(self.cases), size=n, replace=False).tolist())
        return CaseSet(tuple(c for i, c in enumerate(self.cases) if i in keep), self.source)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {"id": c.id, "input": c.input, "expected": " | ".join(c.expected), "tags": ", ".join(c.tags)}
                for c in self.cases
            ]
        )

    def __repr__(self) -> str:
        counts = {}
        for c in self.cases:
            for t in c.tags or ("(untagged)",):
                counts[t] = counts.get(t, 0) + 1
        shown = ", ".join(f"{t}: {n}" for t, n in sorted(counts.items()))
        return f"CaseSet({len(self.cases)} cases; {shown})"


def read_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSON-lines file; a malformed line raises ``ValueError`` naming its number.

    Blank lines are skipped; each row gets its line number under ``"__line__"``.

    Parameters
    ----------
    path : str or pathlib.Path
        The file; a missing one raises ``FileNotFoundError``. Every line must be a JSON object.

    Returns
    -------
    list of dict
        One dict per non-blank line.

    Examples
    --------
    >>> rows = read_jsonl(support_eval_dir() / "cases.jsonl")
    >>> len(rows)
    150
    >>> rows[0]["id"], rows[0]["__line__"]
    ('account-001', 1)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"JSONL file {path} does not exist")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name} line {lineno} is not valid JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise ValueError(f"{path.name} line {lineno} must be a JSON object, got {type(row).__name__}")
            row["__line__"] = lineno
            rows.append(row)
    return rows


def _as_case(row: Mapping[str, Any], where: str) -> Case:
    if "id" not in row or row["id"] in (None, ""):
        raise ValueError(f"{where}: case has no 'id'")
    cid = row["id"]
    if not isinstance(cid, (str, int)) or isinstance(cid, bool):
        raise TypeError(f"{where}: 'id' must be a string, got {type(cid).__name__}")
    cid = str(cid)
    text = row.get("input")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where} (case {cid!r}): 'input' must be a non-empty string, got {text!r}")
    if "expected" not in row or row["expected"] is None:
        raise ValueError(
            f"{where} (case {cid!r}): case has no 'expected' answer; give a string or a list of acceptable answers"
        )
    expected = row["expected"]
    if isinstance(expected, str):
        expected = (expected,)
    elif isinstance(expected, (list, tuple)) and expected and all(isinstance(e, str) for e in expected):
        expected = tuple(expected)
    else:
        raise TypeError(
            f"{where} (case {cid!r}): 'expected' must be a string or a non-empty list of strings, got {expected!r}"
        )
    if any(not e.strip() for e in expected):
        # an empty answer key cannot be met (or is met by anything): the case would be scored wrongly
        raise ValueError(
            f"{where} (case {cid!r}): 'expected' holds an empty answer {row['expected']!r}; "
            "give the text a right answer must contain"
        )
    tags = row.get("tags") or ()
    if isinstance(tags, str):
        tags = (tags,)
    if not all(isinstance(t, str) for t in tags):
        raise TypeError(f"{where} (case {cid!r}): 'tags' must be a list of strings, got {tags!r}")
    metadata = row.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        raise TypeError(f"{where} (case {cid!r}): 'metadata' must be an object, got {type(metadata).__name__}")
    return Case(cid, text, expected, tuple(tags), dict(metadata))


def make_cases(rows: Iterable[Mapping[str, Any]], *, source: str = "") -> CaseSet:
    """Validate rows (dicts) into a :class:`CaseSet`; duplicate ids raise ``ValueError``.

    Each row needs a non-empty ``id`` (a string or a whole number, kept as text), a non-empty
    ``input`` and an ``expected`` answer (a string or a non-empty list of non-empty strings);
    ``tags`` (a string or a list of strings) and ``metadata`` (a dict) are optional. A bad field
    raises ``ValueError`` or ``TypeError`` naming the case (and the line, for rows read from
    a file).

    Parameters
    ----------
    rows : iterable of dict
        The cases, at least one.
    source : str, default ""
        Where the rows came from (a file name), kept on the set and used in messages.

    Returns
    -------
    CaseSet
        The cases in the rows' order.

    Examples
    --------
    >>> cs = make_cases([{"id": "q1", "input": "2+2?", "expected": "4"}])
    >>> cs[0].expected
    ('4',)
    >>> make_cases([{"id": "q1", "input": "2+2?", "expected": "4"}, {"id": "q1", "input": "3+3?", "expected": "6"}])
    Traceback (most recent call last):
    ...
    ValueError: case 2: duplicate case id 'q1' (first seen at case 1); ids must be unique
    """
    cases, seen = [], {}
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise TypeError(f"case {i} must be a dict, got {type(row).__name__}")
        where = f"{source} line {row['__line__']}" if "__line__" in row and source else f"case {i}"
        case = _as_case(row, where)
        if case.id in seen:
            raise ValueError(
                f"{where}: duplicate case id {case.id!r} (first seen at {seen[case.id]}); ids must be unique"
            )
        seen[case.id] = where
        cases.append(case)
    if not cases:
        raise ValueError("cases is empty: an evaluation needs at least one case")
    return CaseSet(tuple(cases), source)


def load_cases(path: str | Path) -> CaseSet:
    """Read and validate a cases JSONL file.

    Parameters
    ----------
    path : str or pathlib.Path
        The file: one case per line, as :func:`make_cases` reads them.

    Returns
    -------
    CaseSet
        The cases, with the file's name as ``source``.

    Examples
    --------
    >>> cs = load_cases(support_eval_dir() / "cases.jsonl")
    >>> cs
    CaseSet(150 cases; account: 39, billing: 38, returns: 33, shipping: 40)
    >>> cs.source
    'cases.jsonl'
    """
    path = Path(path)
    return make_cases(read_jsonl(path), source=path.name)


def support_eval_dir() -> Path:
    """The folder of the shipped customer-support evaluation set.

    Returns
    -------
    pathlib.Path
        ``support_eval`` in the kit's data folder; ``FileNotFoundError`` if it is missing.

    Examples
    --------
    >>> folder = support_eval_dir()
    >>> folder.name, (folder / "cases.jsonl").exists()
    ('support_eval', True)
    """
    from ..data import data_dir

    path = data_dir() / "support_eval"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild it with `python datasets/support_eval/build.py`")
    return path


@dataclass(frozen=True)
class SupportEval:
    """The shipped support evaluation set: cases, knowledge base, recorded answers, human labels.

    Returned by :func:`load_support_eval`.

    Parameters
    ----------
    cases : CaseSet
        The questions, with expected answers and topic tags.
    kb : tuple of dict
        The knowledge-base articles (``id, text, title, topic``).
    responses : dict of str to pathlib.Path
        Version name to its recorded-responses JSONL file.
    human_labels : pandas.DataFrame
        Human pass/fail judgements: ``id, version, label, rater``.

    Examples
    --------
    >>> se = load_support_eval()
    >>> se
    SupportEval(150 cases over account, billing, returns, shipping; 39 knowledge-base articles; versions ['v1', 'v2', 'v3']; 180 human judgements)
    """

    cases: CaseSet
    kb: tuple[dict, ...]
    responses: Mapping[str, Path]  # version -> recorded-responses JSONL
    human_labels: Any  # DataFrame: id, version, label (pass/fail), rater

    def __repr__(self) -> str:
        return (
            f"SupportEval({len(self.cases)} cases over {', '.join(self.cases.tags)}; "
            f"{len(self.kb)} knowledge-base articles; versions {sorted(self.responses)}; "
            f"{len(self.human_labels)} human judgements)"
        )


def load_support_eval() -> SupportEval:
    """Load the customer-support evaluation set shipped in ``datasets/support_eval``.

    Returns
    -------
    SupportEval
        The cases, the knowledge base, the recorded answers of versions v1 to v3 and the
        human labels.

    Examples
    --------
    >>> se = load_support_eval()
    >>> sorted(se.responses)
    ['v1', 'v2', 'v3']
    >>> len(se.cases), len(se.kb)
    (150, 39)
    """
    import pandas as pd

    folder = support_eval_dir()
    cases = load_cases(folder / "cases.jsonl")
    kb = tuple({k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / "kb.jsonl"))
    responses = {p.stem.removeprefix("responses_"): p for p in sorted(folder.glob("responses_*.jsonl"))}
    labels = pd.DataFrame(
        [{k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / "human_labels.jsonl")]
    )
    return SupportEval(cases, kb, responses, labels)
