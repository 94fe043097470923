"""An OpenAI-compatible chat endpoint as a model, with the limits a network call needs.

:class:`OpenAIChat` posts to ``{base_url}/chat/completions`` (standard library only) and keeps a
misbehaving server from corrupting an evaluation or leaking a secret:

* every attempt has a **total deadline** (``timeout``): a server that sends one byte a second
  cannot hold a call past it (a watchdog shuts the socket when the time is up);
* a reply larger than ``max_response_bytes`` is refused;
* **redirects are refused**, whatever the status (301, 302, 303, 307, 308) or destination: the
  request and its ``Authorization`` header go to ``base_url`` and nowhere else, and an answer
  from another host is never scored as the model's;
* a password in ``base_url`` (``http://user:secret@host/v1``) is sent as HTTP Basic
  authentication and shown as ``user:***`` everywhere (repr, errors, parameters, results logs);
* server-reported token counts must be whole numbers from 0 to :data:`MAX_TOKENS_PER_CALL`,
  so a broken server cannot make the cost negative or astronomical;
* timeouts, connection errors, HTTP 429 and 5xx are retried with exponential backoff; a broken
  contract (malformed JSON, no content, a redirect, an oversized reply) is not.

Proxies from the ``http_proxy`` / ``https_proxy`` / ``no_proxy`` environment variables are used
as :mod:`urllib` would.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request

from .response import Response

__all__ = ["OpenAIChat", "EndpointError", "redact_url", "MAX_TOKENS_PER_CALL"]

#: The most tokens one call may report for its prompt or its completion; more is a broken server.
MAX_TOKENS_PER_CALL = 10_000_000


class EndpointError(RuntimeError):
    """The endpoint answered, but not with a usable chat completion.

    Raised by :class:`OpenAIChat` for a malformed reply (not JSON, no
    ``choices[0].message.content``, impossible token counts), a redirect, an oversized body,
    or when every attempt failed; the runner records it as the case's error.

    Examples
    --------
    >>> chat = OpenAIChat("http://127.0.0.1:8000/v1", "support-bot")
    >>> chat._parse(b'{"choices": []}', 0.2)  # what a reply without an answer raises
    Traceback (most recent call last):
    ...
    aipm_kit.evals.endpoint.EndpointError: reply from http://127.0.0.1:8000/v1/chat/completions has no choices[0].message.content: {'choices': []}
    """


def redact_url(url: str) -> str:
    """``url`` with the credentials hidden: ``http://user:***@host/...`` (a bare token becomes ``***``).

    Parameters
    ----------
    url : str
        Any URL (text without ``://`` is returned as it is).

    Returns
    -------
    str
        The URL with the password (or a user-only token) replaced by ``***``.

    Examples
    --------
    >>> redact_url("http://alice:hunter2@127.0.0.1:8000/v1")
    'http://alice:***@127.0.0.1:8000/v1'
    >>> redact_url("http://127.0.0.1:8000/v1")
    'http://127.0.0.1:8000/v1'
    >>> redact_url("https://sk-secret@api.example.com/v1")
    'https://***@api.example.com/v1'
    """
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    end = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    netloc = rest[:end]
    userinfo, at, hostport = netloc.rpartition("@")
    if not at:
        return text
    shown = f"{userinfo.split(':', 1)[0]}:***" if ":" in userinfo else "***"
    return f"{scheme}://{shown}@{hostport}{rest[end:]}"


def _origin(scheme: str, host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


class _Status(Exception):
    """An HTTP error status (4xx/5xx), for the retry loop."""

    def __init__(self, code: int, reason: str, retry_after: str | None):
        super().__init__(code)
        self.code, self.reason, self.retry_after = code, reason, retry_after


class _Watchdog:
    """Shuts a connection's socket ``seconds`` from now, ending any read that is still waiting.

    It holds the socket itself: once a reply is read, ``http.client`` hands the socket to the
    response and forgets it on the connection.
    """

    def __init__(self, conn: http.client.HTTPConnection, seconds: float):
        self.fired = False
        self._conn = conn
        self._sock = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut(self._sock or self._conn.sock)

    @staticmethod
    def _shut(sock) -> None:
        if sock is not None:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


class OpenAIChat:
    """An OpenAI-compatible chat endpoint (``POST {base_url}/chat/completions``).

    Called with a question, it sends one user message (after the system prompt, if any) and
    returns a :class:`~aipm_kit.evals.response.Response` with the reply's text, the latency and
    the cost from the reply's ``usage``. :meth:`complete` sends a whole conversation, with tools.
    A malformed reply (not JSON, no ``choices[0].message.content``, impossible token counts), a
    redirect or an oversized body raises :class:`EndpointError` at once: retrying a broken
    contract rarely helps. When every attempt failed it raises :class:`EndpointError` (or
    ``TimeoutError`` when the last one timed out).

    Parameters
    ----------
    base_url : str
        For example ``"http://127.0.0.1:8000/v1"``. A ``user:password@`` in it is sent as HTTP
        Basic authentication (unless ``api_key`` is given) and never shown. It must start with
        ``http://`` or ``https://`` and name a host (otherwise ``ValueError``).
    model : str
        The ``model`` field sent with each request (non-empty); also the adapter's name.
    api_key : str, optional
        Sent as ``Authorization: Bearer ...``; never printed.
    timeout : float, default 20.0
        Total seconds for each HTTP attempt: connecting, sending, the headers and the whole body.
        A call makes at most ``retries + 1`` attempts, with the backoff waits between them.
    retries : int, default 2
        Extra attempts after a timeout, a connection error, HTTP 429 or 5xx.
    backoff : float, default 0.5
        First wait between attempts in seconds; doubles each time (capped at ``max_backoff``).
        A ``Retry-After`` header is honoured up to the cap.
    max_backoff : float, default 8.0
        The longest wait between attempts, in seconds.
    rate_limit : float or None, default None
        Most requests per second this client starts, across threads (None: no limit).
    system_prompt : str, optional
        Sent as a system message before each question.
    temperature : float, default 0.0
        The sampling temperature sent.
    max_tokens : int, optional
        The reply length limit sent, if given.
    price_in, price_out : float, default 0.0
        US dollars per 1,000 prompt / completion tokens (from the ``usage`` field).
    max_response_bytes : int, default 4000000
        The largest reply body accepted (4 MB); a larger one raises :class:`EndpointError`.

    Examples
    --------
    >>> chat = OpenAIChat("http://alice:hunter2@127.0.0.1:8000/v1", "support-bot", timeout=5, price_out=1.5)
    >>> chat  # building it opens no connection; the password is never shown
    OpenAIChat('support-bot' at http://alice:***@127.0.0.1:8000/v1/chat/completions, timeout=5 s, retries=2)
    >>> chat.params["temperature"], chat.name
    (0.0, 'support-bot')
    >>> OpenAIChat("127.0.0.1:8000", "support-bot")
    Traceback (most recent call last):
    ...
    ValueError: base_url must start with http:// or https://, got '127.0.0.1:8000'
    """

    wants_case = False

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        rate_limit: float | None = None,
        system_prompt: str | None = None,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        price_in: float = 0.0,
        price_out: float = 0.0,
        max_response_bytes: int = 4_000_000,
    ):
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            shown = redact_url(base_url) if isinstance(base_url, str) else type(base_url).__name__
            raise ValueError(f"base_url must start with http:// or https://, got {shown!r}")
        parts = urllib.parse.urlsplit(base_url)
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"base_url has an invalid port: {redact_url(base_url)!r}") from None
        if not parts.hostname:
            raise ValueError(f"base_url has no host: {redact_url(base_url)!r}")
        if not isinstance(model, str) or not model:
            raise ValueError(f"model must be a non-empty string, got {model!r}")
        if api_key is not None and (not isinstance(api_key, str) or not api_key or any(c in api_key for c in "\r\n")):
            raise ValueError("api_key must be a non-empty, single-line string")  # never echo a key
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < float("inf"):
            raise ValueError(f"timeout must be a number of seconds > 0, got {timeout!r}")
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"retries must be a whole number >= 0, got {retries!r}")
        if rate_limit is not None and not rate_limit > 0:
            raise ValueError(f"rate_limit must be > 0 requests per second or None, got {rate_limit}")
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
            raise ValueError(f"max_response_bytes must be a whole number of bytes >= 1, got {max_response_bytes!r}")
        for knob, value in (
            ("price_in", price_in),
            ("price_out", price_out),
            ("backoff", backoff),
            ("max_backoff", max_backoff),
        ):
            if not float(value) >= 0:
                raise ValueError(f"{knob} must be >= 0, got {value}")
        self._scheme, self._host = parts.scheme, parts.hostname
        self._port = port or (443 if parts.scheme == "https" else 80)
        self._netloc = parts.netloc.rpartition("@")[2]
        self._path = parts.path.rstrip("/") + "/chat/completions" + (f"?{parts.query}" if parts.query else "")
        self.origin = _origin(parts.scheme, parts.hostname, port)
        self.url = redact_url(
            urllib.parse.urlunsplit((parts.scheme, parts.netloc, self._path.split("?")[0], parts.query, ""))
        )
        self._basic = None
        if parts.password is not None and api_key is None:
            user = urllib.parse.unquote(parts.username or "")
            pair = f"{user}:{urllib.parse.unquote(parts.password)}".encode()
            self._basic = "Basic " + base64.b64encode(pair).decode("ascii")
        self.model = model
        self.api_key = api_key
        self.timeout, self.retries = float(timeout), int(retries)
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self.rate_limit = rate_limit
        self.system_prompt, self.temperature, self.max_tokens = system_prompt, temperature, max_tokens
        self.price_in, self.price_out = float(price_in), float(price_out)
        self.max_response_bytes = int(max_response_bytes)
        self.name = model
        self.params = {"url": self.url, "temperature": temperature, "system": system_prompt, "max_tokens": max_tokens}
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
        messages = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        messages.append({"role": "user", "content": text})
        body = {"model": self.model, "messages": messages, "temperature": self.temperature}
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        return json.dumps(body).encode("utf-8")

    def _connection(self, headers: dict) -> tuple[http.client.HTTPConnection, str]:
        """A connection (through the environment's proxy, if any) and the request target."""
        context = ssl.create_default_context() if self._scheme == "https" else None
        proxy = urllib.request.getproxies().get(self._scheme)
        if proxy and not urllib.request.proxy_bypass(self._netloc):
            p = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
            if p.username is not None:
                pair = f"{urllib.parse.unquote(p.username)}:{urllib.parse.unquote(p.password or '')}"
                auth = {"Proxy-Authorization": "Basic " + base64.b64encode(pair.encode()).decode("ascii")}
            else:
                auth = {}
            if self._scheme == "https":  # a CONNECT tunnel: the proxy sees neither the request nor the key
                conn = http.client.HTTPSConnection(p.hostname, p.port or 80, timeout=self.timeout, context=context)
                conn.set_tunnel(self._host, self._port, headers=auth)
                return conn, self._path
            conn = http.client.HTTPConnection(p.hostname, p.port or 80, timeout=self.timeout)
            headers.update(auth, Host=self._netloc)
            return conn, f"{self._scheme}://{self._netloc}{self._path}"
        if self._scheme == "https":
            return http.client.HTTPSConnection(
                self._host, self._port, timeout=self.timeout, context=context
            ), self._path
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout), self._path

    def _once(self, data: bytes) -> tuple[bytes, float]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        elif self._basic:
            headers["Authorization"] = self._basic
        self._wait_for_slot()
        with self._lock:
            self.calls += 1
        conn, target = self._connection(headers)
        t0 = time.perf_counter()
        watchdog = _Watchdog(conn, self.timeout)
        try:
            conn.connect()
            watchdog.watch(conn.sock)
            conn.request("POST", target, body=data, headers=headers)
            resp = conn.getresponse()
            if 300 <= resp.status < 400:
                raise EndpointError(self._redirect_message(resp))
            if resp.status >= 400:
                raise _Status(resp.status, resp.reason, resp.getheader("Retry-After"))
            raw = self._read_capped(resp, watchdog)
            return raw, time.perf_counter() - t0
        except (OSError, http.client.HTTPException):
            if watchdog.fired:
                raise TimeoutError(f"timed out after {self.timeout:g} s") from None
            raise
        finally:
            watchdog.cancel()
            conn.close()

    def _read_capped(self, resp: http.client.HTTPResponse, watchdog: _Watchdog) -> bytes:
        cap = self.max_response_bytes
        declared = resp.getheader("Content-Length")
        too_big = (
            f"reply from {self.url} is larger than max_response_bytes={cap:,} bytes; raise the limit "
            "if such replies are expected"
        )
        if declared is not None and declared.strip().isdigit() and int(declared) > cap:
            raise EndpointError(f"{too_big} (it declares {int(declared):,})")
        chunks, total = [], 0
        while True:
            chunk = resp.read(min(65536, cap + 1 - total))
            if watchdog.fired:  # the socket was shut mid-read: what came back is not the whole reply
                raise TimeoutError
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                raise EndpointError(too_big)
            chunks.append(chunk)
        if declared is not None and declared.strip().isdigit() and total < int(declared):
            raise http.client.IncompleteRead(b"", int(declared) - total)
        return b"".join(chunks)

    def _redirect_message(self, resp: http.client.HTTPResponse) -> str:
        location = resp.getheader("Location") or ""
        target = urllib.parse.urlsplit(urllib.parse.urljoin(f"{self.origin}{self._path}", location))
        try:
            there = _origin(target.scheme, target.hostname or "?", target.port)
        except ValueError:
            there = redact_url(location)
        where = f"another origin, {there}" if there != self.origin else f"{there}{target.path}"
        return (
            f"{self.origin} answered HTTP {resp.status} redirecting to {where}: redirects are refused (the "
            f"request and its credentials go to base_url only); set base_url to the address that answers"
        )

    def __call__(self, text: str):
        if not isinstance(text, str):
            raise TypeError(f"input must be a string, got {type(text).__name__}")
        return self._parse(*self._post(self._payload(text)))

    def complete(self, messages: list[dict], tools: list[dict] | None = None) -> tuple[dict, float, float]:
        """One chat completion for a whole conversation, with tools: ``(message, latency, cost)``.

        ``messages`` are OpenAI chat messages (``system``, ``user``, ``assistant`` with
        ``tool_calls``, ``tool``); ``tools`` are function schemas. The reply's message comes back
        as the server sent it (``content`` may be empty when it holds ``tool_calls``); each tool
        call must carry an ``id``, a function ``name`` and ``arguments`` as JSON text, or the
        reply is a broken contract (:class:`EndpointError`). The same deadline, retries, redirect
        refusal and size cap apply as for a single question.
        """
        if not isinstance(messages, list) or not messages:
            raise ValueError("messages must be a non-empty list of chat messages")
        body = {"model": self.model, "messages": messages, "temperature": self.temperature}
        if tools:
            body["tools"] = tools
        if self.max_tokens:
            body["max_tokens"] = self.max_tokens
        raw, latency = self._post(json.dumps(body).encode("utf-8"))
        doc = self._document(raw)
        try:
            message = doc["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise EndpointError(f"reply from {self.url} has no choices[0].message: {str(doc)[:80]}") from None
        if not isinstance(message, dict):
            raise EndpointError(f"reply from {self.url}: choices[0].message must be an object")
        for call in message.get("tool_calls") or []:
            fn = call.get("function") if isinstance(call, dict) else None
            if not (
                isinstance(fn, dict)
                and isinstance(call.get("id"), str)
                and isinstance(fn.get("name"), str)
                and isinstance(fn.get("arguments", ""), str)
            ):
                raise EndpointError(
                    f"reply from {self.url} has a malformed tool call: {str(call)[:80]} (expected "
                    "id, function.name and function.arguments as JSON text)"
                )
        return message, latency, self._cost(doc)

    def _post(self, data: bytes) -> tuple[bytes, float]:
        last = ""
        for attempt in range(self.retries + 1):
            wait = min(self.max_backoff, self.backoff * 2**attempt)
            try:
                return self._once(data)
            except _Status as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code != 429 and exc.code < 500:
                    raise EndpointError(f"{self.url} refused the request: {last}") from None
                if exc.retry_after:
                    try:
                        wait = min(self.max_backoff, max(wait, float(exc.retry_after)))
                    except ValueError:
                        pass
            except TimeoutError:
                last = f"timed out after {self.timeout:g} s"
            except (OSError, http.client.HTTPException) as exc:
                last = f"connection failed: {type(exc).__name__}" + (f" {exc}" if str(exc) else "")
            if attempt < self.retries:
                time.sleep(wait)
        if "timed out" in last:
            raise TimeoutError(f"{self.url} {last} (per attempt; {self.retries + 1} attempt(s))")
        raise EndpointError(f"{self.url} failed after {self.retries + 1} attempt(s): {last}")

    def _document(self, raw: bytes) -> dict:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EndpointError(f"malformed JSON from {self.url}: {exc} (first bytes {raw[:40]!r})") from None

    def _parse(self, raw: bytes, latency: float):
        doc = self._document(raw)
        try:
            content = doc["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise EndpointError(f"reply from {self.url} has no choices[0].message.content: {str(doc)[:80]}") from None
        return Response(content, latency, self._cost(doc))

    def _cost(self, doc) -> float:
        """Dollars for one reply, from its ``usage`` token counts (checked: whole numbers in range)."""
        usage = (doc.get("usage") if isinstance(doc, dict) else None) or {}
        if not isinstance(usage, dict):
            raise EndpointError(f"reply from {self.url}: 'usage' must be an object, got {type(usage).__name__}")
        tokens = {}
        for field in ("prompt_tokens", "completion_tokens"):
            value = usage.get(field)
            value = 0 if value is None else value
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOKENS_PER_CALL:
                raise EndpointError(
                    f"reply from {self.url} reports usage.{field} = {str(value)[:40]!r}: expected a "
                    f"whole number of tokens from 0 to {MAX_TOKENS_PER_CALL:,}"
                )
            tokens[field] = value
        return (tokens["prompt_tokens"] * self.price_in + tokens["completion_tokens"] * self.price_out) / 1000

    def __repr__(self) -> str:
        return f"OpenAIChat({self.model!r} at {self.url}, timeout={self.timeout:g} s, retries={self.retries})"
