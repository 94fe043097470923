"""Models are callables: adapters that turn anything that answers into something the runner can score.

* :class:`RecordedModel`: answers recorded earlier, one JSONL row per case id (the offline default);
* :class:`FunctionModel` (via :func:`from_function`): any Python function ``str -> str``;
* :class:`SupportBot`: a small deterministic retrieval bot over the shipped knowledge base, with
  seeded latency and transient errors, so a "live" system can be evaluated offline;
* :class:`OpenAIChat`: any OpenAI-compatible ``/chat/completions`` HTTP endpoint, with a total
  deadline per attempt, a reply size cap, no redirects, retries with exponential backoff and a
  client-side rate limit (standard library only; it lives in :mod:`~aipm_kit.evals.endpoint`).

Each adapter has a ``name`` and ``params`` (they form the runner's cache key with the input) and
returns a :class:`Response`. An adapter whose ``wants_case`` is True receives the whole
:class:`~aipm_kit.evals.cases.Case` instead of its input text.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .endpoint import EndpointError, OpenAIChat, redact_url  # noqa: F401  (re-exported: the HTTP adapter)
from .response import Response

__all__ = [
    "Response",
    "EndpointError",
    "RecordedModel",
    "FunctionModel",
    "from_function",
    "SupportBot",
    "OpenAIChat",
    "model_name",
    "redact_url",
]


def model_name(model: Any) -> str:
    """The name a model goes by in runs and results: its ``name``, else its ``__name__``, else its type's name.

    Parameters
    ----------
    model : object
        A model adapter or any callable.

    Returns
    -------
    str
        The name.

    Examples
    --------
    >>> model_name(from_function(str.upper, name="shout")), model_name(len)
    ('shout', 'len')
    """
    return str(getattr(model, "name", None) or getattr(model, "__name__", None) or type(model).__name__)


def _hash_uniform(*parts: Any) -> float:
    """A deterministic number in [0, 1) from ``parts`` (stable across processes)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


# --------------------------------------------------------------------------- recorded


class RecordedModel:
    """Answers recorded earlier: a JSONL file (or rows) with ``id``, ``response`` and
    optionally ``latency_s``, ``cost_usd`` and ``error`` (a recorded failure).

    Called with a case (or a case id) it returns that case's recorded
    :class:`Response`; a recorded failure, or a case with no recorded row, is a
    ``Response`` with status ``"error"``. Its ``params`` hold a digest of the recording, so a
    changed recording never resumes a results log written from the old one.

    Parameters
    ----------
    source : str, pathlib.Path or iterable of dict
        A JSONL file, or the rows themselves. Each row needs an ``id`` (unique) and a
        ``response`` or an ``error``; ``latency_s`` and ``cost_usd``, when given, must be
        numbers >= 0. A bad row raises ``ValueError`` naming its line.
    name : str, optional
        The model's name; default the rows' one ``version`` if they share one, else the
        file's stem without ``responses_`` (``"recorded"`` for rows).

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> se = load_support_eval()
    >>> v1 = RecordedModel(se.responses["v1"])
    >>> v1(se.cases[0]).status
    'ok'
    >>> rec = RecordedModel([{"id": "q1", "response": "Free over $50.", "latency_s": 0.4}, {"id": "q2", "error": "HTTP 503"}],
    ...                     name="v0")
    >>> rec("q1").text, rec("q2").error, rec("q9").error
    ('Free over $50.', 'HTTP 503', "no recorded response for case 'q9'")
    """

    wants_case = True

    def __init__(self, source: str | Path | Iterable[Mapping[str, Any]], *, name: str | None = None):
        from .cases import read_jsonl

        if isinstance(source, (str, Path)):
            path = Path(source)
            rows = read_jsonl(path)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            default = path.stem.removeprefix("responses_")
            label = f"recorded responses {path.name}"
        else:
            rows = [dict(r) for r in source]
            digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:16]
            default = "recorded"
            label = "recorded responses"
        self.rows: dict[str, dict] = {}
        for i, row in enumerate(rows, start=1):
            where = f"{label} line {row.get('__line__', i)}"
            if "id" not in row:
                raise ValueError(f"{where}: row has no 'id'")
            cid = str(row["id"])
            if cid in self.rows:
                raise ValueError(f"{where}: duplicate id {cid!r}")
            if "response" not in row and not row.get("error"):
                raise ValueError(f"{where} (id {cid!r}): needs 'response' or 'error'")
            for field in ("latency_s", "cost_usd"):
                value = row.get(field)
                if value is not None and (
                    isinstance(value, bool)
                    or not isinstance(value, (int, float))
                    or not math.isfinite(value)
                    or value < 0
                ):
                    raise ValueError(f"{where} (id {cid!r}): '{field}' must be a number >= 0, got {value!r}")
            self.rows[cid] = row
        versions = {r.get("version") for r in self.rows.values()} - {None}
        self.name = name or (versions.pop() if len(versions) == 1 else default)
        self.params = {"recording": digest}

    def __call__(self, case) -> Response:
        cid = getattr(case, "id", case)
        row = self.rows.get(str(cid))
        if row is None:
            return Response(None, status="error", error=f"no recorded response for case {cid!r}")
        latency = row.get("latency_s")
        cost = float(row.get("cost_usd") or 0.0)
        if row.get("error"):
            return Response(None, latency, cost, status="error", error=str(row["error"]))
        return Response(row.get("response"), latency, cost)

    def __repr__(self) -> str:
        return f"RecordedModel({self.name!r}, {len(self.rows)} responses)"


# --------------------------------------------------------------------------- function


class FunctionModel:
    """Wrap any function ``input_text -> str`` (or ``-> Response``) as a model.

    A plain result becomes a :class:`Response` costing ``cost_per_call`` (its latency is left
    to the runner to time); a ``Response`` is passed through as it is.

    Parameters
    ----------
    fn : callable
        ``fn(input_text)``; anything not callable is refused with ``TypeError``.
    name : str, optional
        The model's name; default ``fn.__name__``.
    params : dict, optional
        Settings that change the answers (model, temperature, prompt version): part of the
        runner's cache key and of the results log's source key.
    cost_per_call : float, default 0.0
        US dollars recorded for each call.

    Examples
    --------
    >>> shout = FunctionModel(str.upper, name="shout", cost_per_call=0.001)
    >>> shout
    FunctionModel('shout')
    >>> shout("hi")
    Response(text='HI', latency_s=None, cost_usd=0.001, status='ok', error='')
    """

    wants_case = False

    def __init__(
        self,
        fn: Callable[[str], Any],
        *,
        name: str | None = None,
        params: Mapping[str, Any] | None = None,
        cost_per_call: float = 0.0,
    ):
        if not callable(fn):
            raise TypeError(f"fn must be callable, got {type(fn).__name__}")
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "function")
        self.params = dict(params or {})
        self.cost_per_call = float(cost_per_call)

    def __call__(self, text: str) -> Response:
        out = self.fn(text)
        if isinstance(out, Response):
            return out
        return Response(out, None, self.cost_per_call)

    def __repr__(self) -> str:
        return f"FunctionModel({self.name!r})"


def from_function(
    fn: Callable[[str], Any],
    *,
    name: str | None = None,
    params: Mapping[str, Any] | None = None,
    cost_per_call: float = 0.0,
) -> FunctionModel:
    """Any Python function as a model.

    Parameters
    ----------
    fn : callable
        ``fn(input_text)`` returning text or a :class:`Response`.
    name : str, optional
        The model's name; default ``fn.__name__``.
    params : dict, optional
        Settings that change the answers, part of the cache and source keys.
    cost_per_call : float, default 0.0
        US dollars recorded for each call.

    Returns
    -------
    FunctionModel
        The wrapped function.

    Examples
    --------
    >>> echo = from_function(lambda q: q.upper(), name="shout")
    >>> echo("hi").text
    'HI'
    """
    return FunctionModel(fn, name=name, params=params, cost_per_call=cost_per_call)


# --------------------------------------------------------------------------- retrieval bot


class TransientError(RuntimeError):
    """A simulated upstream failure (worth retrying).

    :class:`SupportBot` raises it with probability ``error_rate``; the runner retries the call
    and, if every attempt fails, records the case as an error.

    Examples
    --------
    >>> bot = SupportBot([{"text": "Standard shipping is free on orders over $50."}], error_rate=1.0)
    >>> bot("Is shipping free?")
    Traceback (most recent call last):
    ...
    aipm_kit.evals.adapters.TransientError: upstream search service returned 503
    """


class SupportBot:
    """A deterministic retrieval bot: it answers with the best-matching knowledge-base article.

    Latency is drawn (log-normal, seeded per question) and reported in the
    response; ``time_scale`` > 0 also sleeps that long times the scale. With
    probability ``error_rate`` a call fails with :class:`TransientError`; the
    draw depends on the question and the attempt number, so a retry can succeed.
    When no article is similar enough it answers that it could not find it.

    Parameters
    ----------
    kb : iterable of dict
        The articles, each with a ``"text"`` (and optionally a ``"title"``); an empty
        knowledge base or an article without text is refused with ``ValueError``.
    seed : int, default 0
        Seed of the latencies and the failures.
    error_rate : float, default 0.03
        Chance that a call fails, in [0, 1].
    median_latency_s : float, default 0.35
        Median of the reported latency, in seconds.
    time_scale : float, default 0.0
        Share of the drawn latency actually slept (0: answer at once).
    min_similarity : float, default 0.12
        Least TF-IDF cosine between question and article for the article to be given.
    cost_per_call : float, default 0.0002
        US dollars recorded for each call.
    name : str, default "retrieval-bot"
        The model's name.

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> bot = SupportBot(load_support_eval().kb, error_rate=0.0)
    >>> "$50" in bot("How much do I need to spend for free shipping?").text
    True
    >>> tiny = SupportBot([{"title": "Shipping", "text": "Standard shipping is free on orders over $50."}], error_rate=0.0)
    >>> tiny("Is shipping free?")
    Response(text='Standard shipping is free on orders over $50.', latency_s=0.5126, cost_usd=0.0002, status='ok', error='')
    """

    wants_case = False

    def __init__(
        self,
        kb: Iterable[Mapping[str, Any]],
        *,
        seed: int = 0,
        error_rate: float = 0.03,
        median_latency_s: float = 0.35,
        time_scale: float = 0.0,
        min_similarity: float = 0.12,
        cost_per_call: float = 0.0002,
        name: str = "retrieval-bot",
    ):
        from .._checks import check_probability
        from .scorers import TfidfModel

        self.docs = [dict(d) for d in kb]
        if not self.docs:
            raise ValueError("kb is empty: the bot needs at least one article")
        for i, d in enumerate(self.docs):
            if not isinstance(d.get("text"), str):
                raise ValueError(f"kb article {i} has no 'text' string")
        self.error_rate = check_probability(error_rate, "error_rate")
        self.seed = seed
        self.median_latency_s = float(median_latency_s)
        self.time_scale = float(time_scale)
        self.min_similarity = float(min_similarity)
        self.cost_per_call = float(cost_per_call)
        self.name = name
        kb_digest = hashlib.sha256(json.dumps(self.docs, sort_keys=True, default=str).encode()).hexdigest()[:16]
        self.params = {"seed": seed, "min_similarity": min_similarity, "kb": len(self.docs), "kb_sha": kb_digest}
        self._index = [f"{d.get('title', '')} {d['text']}" for d in self.docs]
        self._tfidf = TfidfModel(self._index)
        self._attempts: dict[str, int] = {}
        self._lock = threading.Lock()

    def retrieve(self, question: str) -> tuple[dict, float]:
        """The best article for ``question`` and its TF-IDF cosine."""
        sims = [self._tfidf.cosine(question, doc) for doc in self._index]
        best = max(range(len(sims)), key=sims.__getitem__)
        return self.docs[best], sims[best]

    def __call__(self, question: str) -> Response:
        with self._lock:
            attempt = self._attempts.get(question, 0)
            self._attempts[question] = attempt + 1
        latency = self.median_latency_s * math.exp(0.5 * _normal(self.seed, question, attempt))
        if self.time_scale > 0:
            time.sleep(latency * self.time_scale)
        if _hash_uniform(self.seed, "error", question, attempt) < self.error_rate:
            raise TransientError("upstream search service returned 503")
        doc, sim = self.retrieve(question)
        if sim < self.min_similarity:
            text = "I'm sorry, I couldn't find that in our help centre. A member of the team will follow up."
        else:
            text = doc["text"]
        return Response(text, round(latency, 4), self.cost_per_call)

    def __repr__(self) -> str:
        return f"SupportBot({len(self.docs)} articles, error_rate={self.error_rate}, seed={self.seed})"


def _normal(*parts) -> float:
    """A deterministic standard-normal draw from ``parts`` (Box-Muller on two hashed uniforms)."""
    u1 = max(_hash_uniform(*parts, "u1"), 1e-12)
    u2 = _hash_uniform(*parts, "u2")
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)
