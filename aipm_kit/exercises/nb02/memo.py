"""Exercise 3 of notebook 02: which precision goes in the launch memo.

``bind_memo`` binds the reading exercise to the evidence printed above it: the balanced validation set,
the same re-weighted to production's fraud rate, and the month after training.
"""

from __future__ import annotations

import numpy as np

from .. import choice


def bind_memo(
    *, y_test, sample_weight=None, reweighted=None, production=None, false_alarms=None, legit_rows=None, threshold=0.5
):
    """Bind exercise 3 of notebook 02 (reading): which precision goes in the launch memo, read from the evidence above it.

    A choice among four; accepted: ``c`` (the precision on month 5, the month after training, with its interval) and
    ``b`` (the balanced set's precision re-weighted to production's fraud rate, quoted with its interval). Re-weighting
    the classes to production's shares, with legitimate rows drawn like production, is a standard correction; quoted
    with its interval it is defensible, and the feedback says how wide that is. Every figure is at ``threshold``, the
    draft memo's: the prompt says so, and that the figure is taken again at the threshold the team chooses to run.

    Parameters
    ----------
    y_test : array-like
        The labels (1 fraud, 0 legitimate) of the rows the model is scored on; with ``sample_weight`` they give the
        production fraud rate the second hint quotes.
    sample_weight : array-like, optional
        One weight per row of ``y_test``; all rows weigh 1 when not given.
    reweighted : tuple of float, optional
        ``(estimate, low, high)``: the balanced set's precision re-weighted to production's fraud rate, with its 95%
        bootstrap interval. The feedback quotes it when ``production`` is given too.
    production : tuple of float, optional
        ``(estimate, low, high)``: the precision on month 5, the month after training, with its interval.
    false_alarms : int, optional
        The false alarms the balanced set holds, quoted in the feedback on ``b``.
    legit_rows : int, optional
        Among how many legitimate rows of the balanced set, quoted with ``false_alarms``.
    threshold : float, default 0.5
        The draft memo's threshold, at which every figure is taken.

    Returns
    -------
    Exercise
        The exercise (``q3``).

    Examples
    --------
    >>> q3 = bind_memo(y_test=[1, 0], sample_weight=[142, 6_655], reweighted=(0.49, 0.24, 1.0),
    ...                production=(0.75, 0.64, 0.86), false_alarms=1, legit_rows=112)
    >>> print(q3.check("c"))
    [3 · Which precision goes in the launch memo?] Correct: Right: precision at 0.50 measured on the rows the model ...
    >>> q3.check("b").correct, q3.check("a").correct
    (True, False)
    """
    at = f"{float(threshold):.2f}"
    y = np.asarray(y_test).astype(float)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    prevalence = float(w @ y / w.sum())
    if reweighted is not None and production is not None:
        (rw, rw_low, rw_high), (pr, pr_low, pr_high) = ((float(v) for v in reweighted), (float(v) for v in production))
        held = (
            ""
            if false_alarms is None
            else f"it rests on the {int(false_alarms)} false alarm{'' if int(false_alarms) == 1 else 's'} "
            + ("" if legit_rows is None else f"among {int(legit_rows):,} legitimate rows ")
            + "the balanced set happened to hold, so "
        )
        b_said = (
            f"Defensible, quoted with its interval: with the legitimate rows drawn like production, re-weighting "
            f"each class to its production share corrects the mix. But {held}its 95% interval runs "
            f"{rw_low:.0%} to {rw_high:.0%} (estimate {rw:.0%}), against {pr_low:.0%} to {pr_high:.0%} for "
            f"month 5, the month after training ({pr:.0%}, option c): a memo that quotes it promises little. c measures "
            "the same thing on every alert of a month drawn the way the model meets it."
        )
        c_said = (
            f"Right: precision at {at} measured on the rows the model will meet, {pr:.0%} (95% interval "
            f"{pr_low:.0%} to {pr_high:.0%}); the memo takes it again, the same way, at the threshold the team "
            f"runs; re-weighting the balanced set (b) corrects its mix but gives {rw_low:.0%} to "
            f"{rw_high:.0%}."
        )
    else:
        b_said = (
            "Defensible, quoted with its interval: re-weighting each class to its production share corrects "
            "the mix when the legitimate rows are drawn like production. But it multiplies the few false "
            "alarms the balanced set holds, so its interval is wide; the precision on month 5 (c) measures "
            "the same thing on every alert."
        )
        c_said = (
            "Right: precision must be measured on rows drawn the way the model will meet them, with the "
            "interval that says how sure the estimate is."
        )
    return choice(
        "3 · Which precision goes in the launch memo?",
        "The labelling team built a validation set with every known fraud case and an equal number of "
        "legitimate ones; the evidence above shows the same model on it, re-weighted, and on the month after "
        f"training, all at threshold {at}. The draft launch memo describes the model at {at}, before section 4 "
        "chooses the threshold the team will run; there the memo's figure is taken again, the way you choose "
        f"here. Which precision at {at} should the draft memo quote?",
        {
            "a": "the precision on the balanced validation set, with its 95% Wilson interval",
            "b": "the balanced set's precision re-weighted to production's fraud rate, with its 95% bootstrap interval",
            "c": "the precision on month 5 (the month after training), each alert graded by caught label or audit, with its interval",
            "d": "the recall on the balanced set instead, with its 95% Wilson interval, since recall ignores the mix",
        },
        {"b", "c"},
        hints=[
            "Precision counts false alarms, and the number of legitimate transactions decides how many "
            "false alarms there are.",
            f"In production about {prevalence:.1%} of transactions are fraud (audit estimate), not 50%. "
            "How many false alarms can a few hundred legitimate rows show at a false-alarm rate well under 1%? "
            "Compare the widths of the intervals above.",
        ],
        solution="(c), or (b) quoted with its interval. Precision depends on prevalence: with 50% fraud, false "
        "alarms are rare because legitimate rows are rare, so (a) overstates it. Re-weighting each class to "
        "its production share (b) fixes the mix, but it rests on the handful of false alarms the balanced "
        "set happens to hold, so its interval is wide. A sample drawn like production, with its interval "
        "(c), measures what the memo promises. Recall (d) does not answer the memo's question.",
        feedback={
            "a": "The balanced set has far fewer legitimate transactions per fraud than production, "
            "so it hides most false alarms and overstates precision.",
            "b": b_said,
            "d": "Recall does not depend on the class mix, but the memo asks what share of alerts are fraud: "
            "that is precision, and recall cannot stand in for it.",
            "c": c_said,
        },
    )
