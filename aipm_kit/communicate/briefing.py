"""Every audience's text at once: :func:`brief` gives a :class:`Briefing` from one result.

The five texts (engineering, executive, legal, finance, support) come from the same
:class:`~aipm_kit.communicate.result.ModelResult`, so they state the same numbers; the briefing shows them as
Markdown, as a table, or as bullets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .engineering import engineering_spec
from .executive import executive_summary
from .finance import finance_note
from .legal import legal_explanation
from .result import ModelResult
from .support import support_note

AUDIENCES = ("engineering", "executive", "legal", "finance", "support")


@dataclass(frozen=True)
class Briefing:
    """Every audience's text, generated from one :class:`ModelResult`.

    Built by :func:`brief`. ``briefing["legal"]`` gives one audience's text (a ``KeyError`` names the audiences for
    any other key), :meth:`to_frame` puts the texts in a one-column table and :meth:`to_markdown` joins them as
    Markdown, optionally with each sentence on its own bullet. In a notebook the briefing shows as Markdown.

    Parameters
    ----------
    result : ModelResult
        The result every text was generated from (left out of the repr).
    texts : dict
        Audience name -> its text, in the order shown (:data:`AUDIENCES` when built by :func:`brief`).

    Examples
    --------
    A briefing made by hand, to show its layout (:func:`brief` makes one from a result):

    >>> b = Briefing(result=None, texts={"engineering": "**Spec.** Threshold 0.4. Recall 60%.",
    ...                                   "support": "**Support.** About 200 flags a week."})
    >>> b["support"]
    '**Support.** About 200 flags a week.'
    >>> print(b.to_markdown(bullets=True))
    **Spec.**
    - Threshold 0.4.
    - Recall 60%.
    <BLANKLINE>
    **Support.**
    - About 200 flags a week.
    >>> b["finance"]
    Traceback (most recent call last):
    ...
    KeyError: "audience must be one of ['engineering', 'support'], got 'finance'"
    """

    result: ModelResult = field(repr=False)
    texts: dict

    def __getitem__(self, audience: str) -> str:
        if audience not in self.texts:
            raise KeyError(f"audience must be one of {list(self.texts)}, got {audience!r}")
        return self.texts[audience]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"text": pd.Series(self.texts)})

    def _repr_markdown_(self) -> str:
        from ..story import escape_dollars

        return escape_dollars("\n\n".join(self.texts.values()))

    def __repr__(self) -> str:
        return "\n\n".join(self.texts.values())

    def to_markdown(self, *, bullets: bool = False) -> str:
        """The texts as Markdown (dollars escaped); ``bullets=True`` puts each sentence after the heading on its
        own bullet, so a reader can scan a long text."""
        import re

        from ..story import escape_dollars

        if not bullets:
            return self._repr_markdown_()
        parts = []
        for text in self.texts.values():
            head, _, body = text.partition(".** ")
            sentences = re.split(r"(?<=[.)])\s+(?=[A-Z*])", body)
            parts.append(head + ".**\n" + "\n".join(f"- {x}" for x in sentences if x))
        return escape_dollars("\n\n".join(parts))


def brief(result: ModelResult) -> Briefing:
    """All five texts (engineering, executive, legal, finance, support) from the same result.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it. Anything else is refused with a ``TypeError``.

    Returns
    -------
    Briefing
        The texts of :func:`engineering_spec`, :func:`executive_summary`, :func:`legal_explanation`,
        :func:`finance_note` and :func:`support_note`, keyed by :data:`AUDIENCES`.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> b = brief(r)
    >>> list(b.texts)
    ['engineering', 'executive', 'legal', 'finance', 'support']
    >>> print(b["support"])
    **Support.** Expect about 200 flagged payments a week under the model (the rules flag 500). ...
    """
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    makers = {
        "engineering": engineering_spec,
        "executive": executive_summary,
        "legal": legal_explanation,
        "finance": finance_note,
        "support": support_note,
    }
    return Briefing(result, {k: f(result) for k, f in makers.items()})
