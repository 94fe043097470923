"""The kit's annotated support inbox: its five intents, its three annotators, and its loader."""

from __future__ import annotations

import pandas as pd

#: The five intents of the support inbox, in the guideline's priority order.
SUPPORT_LABELS = ("fraud", "access", "dispute", "payment_failed", "other")
#: Annotator columns of the support-message table.
ANNOTATORS = ("annotator_a", "annotator_b", "annotator_c")


def load_support_messages() -> pd.DataFrame:
    """The annotated support inbox: one row per customer message.

    Columns: ``message_id``, ``text``, ``annotator_a``, ``annotator_b``,
    ``annotator_c`` (each annotator's label, one of :data:`SUPPORT_LABELS`)
    and ``adjudicated`` (the label a senior reviewer settled on, following
    ``datasets/labelling_guideline.md``).

    Returns
    -------
    pandas.DataFrame
        300 messages indexed by ``message_id``; the four label columns are categoricals over
        :data:`SUPPORT_LABELS`.

    Examples
    --------
    >>> inbox = load_support_messages()
    >>> inbox.shape, inbox.index[:2].tolist()
    ((300, 5), ['m001', 'm002'])
    >>> list(inbox["adjudicated"].cat.categories) == list(SUPPORT_LABELS)
    True
    """
    from ..data import load_jsonl

    rows = load_jsonl("support_messages_annotated.jsonl")
    frame = pd.DataFrame(rows)
    for col in ANNOTATORS + ("adjudicated",):
        frame[col] = pd.Categorical(frame[col], categories=SUPPORT_LABELS)
    return frame.set_index("message_id")
