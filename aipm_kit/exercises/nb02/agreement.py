"""Exercise 2 of notebook 02: Cohen's kappa between two annotators, by hand.

``bind_agreement`` binds the exercise to the notebook's labelled messages and names the common wrong
numbers (raw agreement, chance agreement, Fleiss' kappa).
"""

from __future__ import annotations

import numpy as np

from .. import numeric


def bind_agreement(*, messages):
    """Bind exercise 2 of notebook 02 (by hand): Cohen's kappa between annotators b and c, computed in a few lines.

    The answer is right within 0.0005 of ``labels.cohen_kappa`` on the two columns; raw agreement, chance agreement
    and Fleiss' kappa over all three annotators are named when a learner gives one.

    Parameters
    ----------
    messages : pandas.DataFrame
        The labelled messages, one column per annotator of ``labels.ANNOTATORS`` (``annotator_a``, ``annotator_b``,
        ``annotator_c``), each holding the label that annotator gave.

    Returns
    -------
    Exercise
        The exercise (``q2``).

    Examples
    --------
    >>> import pandas as pd
    >>> b = ["fraud", "fraud", "other", "other", "dispute", "fraud", "other", "dispute"]
    >>> c = ["fraud", "other", "other", "other", "dispute", "fraud", "fraud", "dispute"]
    >>> q2 = bind_agreement(messages=pd.DataFrame({"annotator_a": b, "annotator_b": b, "annotator_c": c}))
    >>> observed, chance = 6 / 8, 3 / 8 * 3 / 8 + 3 / 8 * 3 / 8 + 2 / 8 * 2 / 8
    >>> print(q2.check((observed - chance) / (1 - chance)))
    [2 · Cohen's kappa by hand] Correct: 0.619 is right.
    >>> print(q2.check(observed))
    [2 · Cohen's kappa by hand] Not yet: That is raw agreement: ...
    """
    from ... import labels

    b = messages["annotator_b"].astype(str).to_numpy()
    c = messages["annotator_c"].astype(str).to_numpy()
    table = messages[list(labels.ANNOTATORS)]
    kinds = np.union1d(b, c)
    chance = float(sum((b == k).mean() * (c == k).mean() for k in kinds))
    return numeric(
        "2 · Cohen's kappa by hand",
        "Compute Cohen's kappa between `annotator_b` and `annotator_c` yourself, in a few lines of "
        "pandas or numpy: the share of messages on which they agree, the agreement chance alone would give "
        "(for each label, the share of b's labels times the share of c's, summed), and kappa = (observed - "
        "chance) / (1 - chance). The check compares your number with the kit's.",
        lambda: labels.cohen_kappa(b, c),
        atol=5e-4,
        practice="by-hand",
        hints=[
            "`observed = (messages.annotator_b == messages.annotator_c).mean()`; for chance, "
            "`messages.annotator_b.value_counts(normalize=True)` gives b's share of each label.",
            "`pb = b.value_counts(normalize=True)`, `pc = c.value_counts(normalize=True)`, "
            "`chance = (pb * pc).sum()` (labels one annotator never uses drop out as 0).",
        ],
        solution="observed agreement minus chance agreement, over one minus chance agreement. With "
        "`pb`, `pc` the label shares of each annotator, chance is `(pb * pc).sum()`; the result "
        "matches `labels.cohen_kappa(messages['annotator_b'], messages['annotator_c'])`.",
        wrong_answers=[
            (
                lambda: float((b == c).mean()),
                "That is raw agreement: it counts the matches chance alone "
                "would produce. Subtract chance agreement, then divide by "
                "one minus chance agreement.",
            ),
            (lambda: chance, "That is the chance agreement alone, the part kappa takes away."),
            (
                lambda: labels.fleiss_kappa(table),
                "That is Fleiss' kappa over all three annotators; the question asks for the pair b and c.",
            ),
        ],
    )
