"""Models are callables: adapters that turn anything that answers into something the runner can score.

* :class:`RecordedModel`: answers recorded earlier, one JSONL row per case id (the offline default);
* :class:`FunctionModel` (via :func:`from_function`): any Python function ``str -> str``;
* :class:`SupportBot`: a small deterministic retrieval bot over the shipped knowledge base, with
  seeded latency and transient errors, so a "live" system can be evaluated offline;
* :class:`OpenAIChat`: any OpenAI-compatible ``/chat/completions`` HTTP endpoint, with timeouts,
  retries with exponential backoff and a client-side rate limit (standard library only).

Each adapter has a ``name`` and ``params`` (they form the runner's cache key with the input) and
returns a :class:`Response`. An adapter whose ``wants_case`` is True receives the whole
:class:`~aipm_kit.evals.cases.Case` instead of its input text.
"""

from __future__ import annotations

import hashlib
import json
import math
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

__all__ = ["Response", "EndpointError", "RecordedModel", "FunctionModel", "from_function", "SupportBot",
           "OpenAIChat", "model_name"]


@dataclass(frozen=True)
class Response:
    """One model call: the text, what it cost, and whether it worked.

    ``status`` is ``"ok"`` or ``"error"``; an error carries ``error`` text and no
    score (it is never counted as a 0).
    """

    text: Any
    latency_s: float | None = None
    cost_usd: float = 0.0
    status: str = "ok"
    error: str = ""


class EndpointError(RuntimeError):
    """The endpoint answered, but not with a usable chat completion."""


def model_name(model: Any) -> str:
    return str(getattr(model, "name", None) or getattr(model, "__name__", None) or type(model).__name__)


def _hash_uniform(*parts: Any) -> float:
    """A deterministic number in [0, 1) from ``parts`` (stable across processes)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


# --------------------------------------------------------------------------- recorded

class RecordedModel:
    """Answers recorded earlier: a JSONL file (or rows) with ``id``, ``response`` and
    optionally ``latency_s``, ``cost_usd`` and ``error`` (a recorded failure).

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> se = load_support_eval()
    >>> v1 = RecordedModel(se.responses["v1"])
    >>> v1(se.cases[0]).status
    'ok'
    """

    wants_case = True

    def __init__(self, source: str | Path | Iterable[Mapping[str, Any]], *, name: str | None = None):
        from .cases import read_jsonl

        if isinstance(source, (str, Path)):
            path = Path(source)
            rows = read_jsonl(path)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            default = path.stem.removeprefix("responses_")
        else:
            rows = [dict(r) for r in source]
            digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:16]
            default = "recorded"
        self.rows: dict[str, dict] = {}
        for i, row in enumerate(rows, start=1):
            where = f"line {row.get('__line__', i)}"
            if "id" not in row:
                raise ValueError(f"recorded responses {where}: row has no 'id'")
            cid = str(row["id"])
            if cid in self.rows:
                raise ValueError(f"recorded responses {where}: duplicate id {cid!r}")
            if "response" not in row and not row.get("error"):
                raise ValueError(f"recorded responses {where} (id {cid!r}): needs 'response' or 'error'")
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
    """Wrap any function ``input_text -> str`` (or ``-> Response``) as a model."""

    wants_case = False

    def __init__(self, fn: Callable[[str], Any], *, name: str | None = None,
                 params: Mapping[str, Any] | None = None, cost_per_call: float = 0.0):
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


def from_function(fn: Callable[[str], Any], *, name: str | None = None, params: Mapping[str, Any] | None = None,
                  cost_per_call: float = 0.0) -> FunctionModel:
    """Any Python function as a model.

    Examples
    --------
    >>> echo = from_function(lambda q: q.upper(), name="shout")
    >>> echo("hi").text
    'HI'
    """
    return FunctionModel(fn, name=name, params=params, cost_per_call=cost_per_call)


# --------------------------------------------------------------------------- retrieval bot

class TransientError(RuntimeError):
    """A simulated upstream failure (worth retrying)."""


class SupportBot:
    """A deterministic retrieval bot: it answers with the best-matching knowledge-base article.

    Latency is drawn (log-normal, seeded per question) and reported in the
    response; ``time_scale`` > 0 also sleeps that long times the scale. With
    probability ``error_rate`` a call fails with :class:`TransientError`; the
    draw depends on the question and the attempt number, so a retry can succeed.

    Examples
    --------
    >>> from aipm_kit.evals.cases import load_support_eval
    >>> bot = SupportBot(load_support_eval().kb, error_rate=0.0)
    >>> "$50" in bot("How much do I need to spend for free shipping?").text
    True
    """

    wants_case = False

    def __init__(self, kb: Iterable[Mapping[str, Any]], *, seed: int = 0, error_rate: float = 0.03,
                 median_latency_s: float = 0.35, time_scale: float = 0.0, min_similarity: float = 0.12,
                 cost_per_call: float = 0.0002, name: str = "retrieval-bot"):
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
        self.params = {"seed": seed, "min_similarity": min_similarity, "kb": len(self.docs)}
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


# --------------------------------------------------------------------------- HTTP chat

class OpenAIChat:
    """An OpenAI-compatible chat endpoint (``POST {base_url}/chat/completions``).

    Parameters
    ----------
    base_url : str
        For example ``"http://127.0.0.1:8000/v1"``.
    model : str
        The ``model`` field sent with each request.
    timeout : float
        Seconds to wait for each HTTP attempt.
    retries : int
        Extra attempts after a timeout, a connection error, HTTP 429 or 5xx.
    backoff : float
        First wait between attempts in seconds; doubles each time (capped at ``max_backoff``).
        A ``Retry-After`` header is honoured up to the cap.
    rate_limit : float or None
        Most requests per second this client starts, across threads.
    price_in, price_out : float
        US dollars per 1,000 prompt / completion tokens (from the ``usage`` field).

    A malformed reply (not JSON, or no ``choices[0].message.content``) raises
    :class:`EndpointError` at once: retrying a broken contract rarely helps.
    """

    wants_case = False

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None, timeout: float = 20.0,
                 retries: int = 2, backoff: float = 0.5, max_backoff: float = 8.0,
                 rate_limit: float | None = None, system_prompt: str | None = None, temperature: float = 0.0,
                 max_tokens: int | None = None, price_in: float = 0.0, price_out: float = 0.0):
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout}")
        if retries < 0:
            raise ValueError(f"retries must be >= 0, got {retries}")
        if rate_limit is not None and rate_limit <= 0:
            raise ValueError(f"rate_limit must be > 0 requests per second or None, got {rate_limit}")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout, self.retries = float(timeout), int(retries)
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self.rate_limit = rate_limit
        self.system_prompt, self.temperature, self.max_tokens = system_prompt, temperature, max_tokens
        self.price_in, self.price_out = float(price_in), float(price_out)
        self.name = model
        self.params = {"url": self.url, "temperature": temperature, "system": system_prompt,
                       "max_tokens": max_tokens}
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.calls = 0  # HTTP attempts made (for tests and cost accounting)

    def _wait_for_slot(self) -> None:
        if not self.rate_limit:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self.rate_limit
        if slot > now:
            time.sleep(slot - now)

    def _payload(self, text: str) -> bytes:
        messages = ([{"role": "system", "content": self.system_prompt}] if self.system_prompt else [])
        messages.append({"role": "user", "content": text})
        body = {"model": self.model, "messages": messages, "temperature": self.temperature}
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        return json.dumps(body).encode("utf-8")

    def _once(self, data: bytes) -> tuple[bytes, float]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        self._wait_for_slot()
        with self._lock:
            self.calls += 1
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            raw = resp.read()
        return raw, time.perf_counter() - t0

    def __call__(self, text: str) -> Response:
        if not isinstance(text, str):
            raise TypeError(f"input must be a string, got {type(text).__name__}")
        data = self._payload(text)
        last = ""
        for attempt in range(self.retries + 1):
            wait = min(self.max_backoff, self.backoff * 2**attempt)
            try:
                raw, latency = self._once(data)
                return self._parse(raw, latency)
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code != 429 and exc.code < 500:
                    raise EndpointError(f"{self.url} refused the request: {last}") from None
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if retry_after:
                    try:
                        wait = min(self.max_backoff, max(wait, float(retry_after)))
                    except ValueError:
                        pass
            except (TimeoutError, socket.timeout):
                last = f"timed out after {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    last = f"timed out after {self.timeout:g} s"
                else:
                    last = f"connection failed: {exc.reason}"
            except (ConnectionError, http_client_errors()) as exc:
                last = f"connection failed: {type(exc).__name__}"
            if attempt < self.retries:
                time.sleep(wait)
        raise TimeoutError(last) if "timed out" in last else EndpointError(
            f"{self.url} failed after {self.retries + 1} attempt(s): {last}")

    def _parse(self, raw: bytes, latency: float) -> Response:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EndpointError(f"malformed JSON from {self.url}: {exc} (first bytes {raw[:40]!r})") from None
        try:
            content = doc["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise EndpointError(f"reply from {self.url} has no choices[0].message.content: {str(doc)[:80]}") from None
        usage = doc.get("usage") or {}
        cost = (float(usage.get("prompt_tokens", 0)) * self.price_in
                + float(usage.get("completion_tokens", 0)) * self.price_out) / 1000
        return Response(content, latency, cost)

    def __repr__(self) -> str:
        return f"OpenAIChat({self.model!r} at {self.url}, timeout={self.timeout:g} s, retries={self.retries})"


def http_client_errors():
    import http.client

    return http.client.HTTPException
