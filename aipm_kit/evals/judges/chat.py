"""An LLM judge: any chat model asked to apply the rubric and answer PASS or FAIL on its first line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .rubric import DEFAULT_RUBRIC, Verdict


class ChatJudge:
    """An LLM judge: ``chat(prompt) -> text`` applies ``rubric``; the first line must say PASS or FAIL.

    ``chat`` is any model adapter or function (an :class:`OpenAIChat` at temperature > 0 shows
    the flakiness :func:`judge_repeatedly` measures). Calling the judge with
    ``question=, response=, reference="", expected=(), rubric=DEFAULT_RUBRIC, attempt=0``
    sends :meth:`prompt` (the rubric, the question, the reference and the answer) and returns a
    :class:`Verdict` whose reason is the reply's first 200 characters. A reply (text, or an
    object with ``.text``) that is empty or does not start with PASS or FAIL raises
    ``ValueError``.

    Parameters
    ----------
    chat : callable
        ``chat(prompt)`` returning text or a response with ``.text``; anything not callable
        is refused with ``TypeError``.
    name : str, default "chat-judge"
        The judge's name in results.

    Examples
    --------
    >>> judge = ChatJudge(lambda prompt: "PASS: it states the key fact.")
    >>> judge(question="Is shipping free?", response="Yes, over $50.").passed
    True
    >>> ChatJudge(lambda prompt: "Maybe.")(question="Is shipping free?", response="Yes.")
    Traceback (most recent call last):
    ...
    ValueError: judge reply does not start with PASS or FAIL: 'Maybe.'
    """

    def __init__(self, chat: Callable[[str], Any], *, name: str = "chat-judge"):
        if not callable(chat):
            raise TypeError("chat must be callable")
        self.chat, self.name = chat, name

    @staticmethod
    def prompt(question: str, response: str, reference: str, rubric: str) -> str:
        return (
            f"{rubric}\n\nCustomer question:\n{question}\n\nReference answer:\n{reference}\n\n"
            f"Answer to judge:\n{response}\n\nVerdict (PASS or FAIL):"
        )

    def __call__(
        self,
        *,
        question: str,
        response: str,
        reference: str = "",
        expected=(),
        rubric: str = DEFAULT_RUBRIC,
        attempt: int = 0,
    ) -> Verdict:
        out = self.chat(self.prompt(question, response, reference, rubric))
        text = getattr(out, "text", out)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"judge reply is empty or not text: {text!r:.60}")
        first = text.strip().splitlines()[0]
        m = re.match(r"\W*(PASS|FAIL)\b", first, re.IGNORECASE)
        if m is None:
            raise ValueError(f"judge reply does not start with PASS or FAIL: {first[:60]!r}")
        return Verdict(m.group(1).upper() == "PASS", text.strip()[:200])
