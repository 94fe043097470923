"""Exercise 3 of notebook 06: the launch gate taken by hand, criterion by criterion, then the verdict.

The words a learner may use for a criterion's status, each criterion's margin between its line and the near end
of its 95% Wilson interval, and how many cases going the wrong way would bring a passing criterion to its line.
"""

from __future__ import annotations

from .. import custom

VERDICTS = ("GO", "NO-GO", "NOT YET")


STATUS_WORDS = {"pass": "pass", "fail": "fail", "not yet": "inconclusive", "inconclusive": "inconclusive"}


def _margins(counts) -> dict:
    """Points between each criterion's line and the near end of its 95% Wilson interval (negative: the line is inside)."""
    from ...metrics import wilson_interval

    out = {}
    for name, row in counts.iterrows():
        low, high = wilson_interval(int(row["k"]), int(row["n"]))
        out[name] = 100 * ((low - row["line"]) if row["condition"] == ">=" else (row["line"] - high))
    return out


def _misses_to_not_yet(k: int, n: int, condition: str, line: float) -> int | None:
    """How many cases going the wrong way (one fewer caught, or one more review added) turn a passing
    criterion's 95% Wilson interval into one that reaches its line; ``None`` if it does not pass now."""
    from ...metrics import wilson_interval

    def passes(kk):
        low, high = wilson_interval(kk, n)
        return low >= line if condition == ">=" else high <= line

    if not passes(k):
        return None
    step = -1 if condition == ">=" else 1
    m = 1
    while 0 <= k + step * m <= n and passes(k + step * m):
        m += 1
    return m


def bind_gate(
    *,
    route_gate,
    counts=None,
    note: str = (
        "Both recall criteria assume the person reads the routed reviews right, and recall on "
        "sarcasm rests on the fewest cases."
    ),
):
    """Exercise 3 (by hand): take the chosen option's launch gate before seeing it.

    ``route_gate()`` returns a :class:`~aipm_kit.gates.Gate` whose criteria carry their counts in
    ``evidence`` and their lines, set in the parameters cell before any evidence. The answer is the
    status of each criterion ("pass", "fail" or "not yet"), in the gate's order, then the verdict.
    ``counts`` (optional) is the table of ``k``, ``n``, ``condition`` and ``line`` per criterion the
    notebook shows; with it the feedback gives each margin to its line and names the passing criterion with
    the thinnest margin, with how many cases going the other way would make it reach its line.
    ``note`` closes the feedback on a right answer (the assumptions the gate rests on).

    Parameters
    ----------
    route_gate : callable
        Called with no argument, returns the gate (again at check time, so the key follows the notebook).
    counts : pandas.DataFrame, optional
        One row a criterion, indexed by its name, with ``k``, ``n``, ``condition`` (``">="`` or ``"<="``) and
        ``line``.
    note : str, optional
        The sentence that closes the feedback on a right answer; by default, the assumptions of the notebook's
        route gate.

    Returns
    -------
    Exercise
        A by-hand exercise, ``"3 · GO, NO-GO or NOT YET?"``.

    Raises
    ------
    TypeError
        When ``route_gate()`` does not return a :class:`~aipm_kit.gates.Gate`.

    Examples
    --------
    >>> from aipm_kit.gates import Gate, criterion
    >>> def route_gate():
    ...     return Gate("route", [
    ...         criterion("Recall on sarcasm", 0.85, ">=", 0.5, interval=(0.64, 0.95), evidence="17 of 20"),
    ...         criterion("Recall", 0.97, ">=", 0.9, interval=(0.92, 0.99), evidence="99 of 102"),
    ...         criterion("Routed", 0.15, "<=", 0.25, interval=(0.11, 0.21), evidence="30 of 200")])
    >>> q = bind_gate(route_gate=route_gate)
    >>> q.check(("pass", "pass", "pass", "GO"))
    [3 · GO, NO-GO or NOT YET?] Correct: GO, with every criterion decided on its 95% Wilson interval. Both recall
    criteria assume the person reads the routed reviews right, and recall on sarcasm rests on the fewest cases.
    >>> q.check(("pass", "pass", "not yet", "NOT YET"))
    [3 · GO, NO-GO or NOT YET?] Not yet: Not yet: *Routed* is 0.15, 95% Wilson 0.11 to 0.21, against <= 0.25: its
    whole interval clears the line. Decide each on its interval, not on the point.
    """
    from ...gates import Gate

    gate = route_gate()
    if not isinstance(gate, Gate):
        raise TypeError(f"route_gate() must return a gates.Gate, got {type(gate).__name__}")
    names = [c.name for c in gate.criteria]

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != len(names) + 1:
            raise TypeError(
                f"answer with {len(names) + 1} words: the status of each criterion ({', '.join(names)}) "
                "then the verdict: (status, status, status, verdict)"
            )
        *statuses, verdict = [str(a).strip().lower().replace("_", " ") for a in answer]
        bad = [s for s in statuses if s not in STATUS_WORDS]
        if bad:
            raise ValueError(f"a criterion's status is 'pass', 'fail' or 'not yet', got {bad}")
        verdict = verdict.upper()
        if verdict not in VERDICTS:
            raise ValueError(f"the verdict is one of {list(VERDICTS)}")
        g = route_gate()
        wrong = [(c, s) for c, s in zip(g.criteria, statuses) if STATUS_WORDS[s] != c.status]
        if wrong:
            why = {
                "pass": "its whole interval clears the line",
                "fail": "its whole interval misses the line",
                "inconclusive": "its interval straddles the line (not yet)",
            }
            return False, (
                "Not yet: "
                + "; ".join(
                    f"*{c.name}* is {c.value}, 95% Wilson {c.interval}, against {c.condition}: {why[c.status]}"
                    for c, _ in wrong
                )
                + ". Decide each on its interval, not on the point."
            )
        if verdict != g.verdict:
            return False, (
                f"The criteria are right, but the verdict is {g.verdict}, not {verdict}: GO needs every "
                "criterion to pass, one fail makes it NO-GO, and otherwise a 'not yet' makes it NOT YET."
            )
        margin_words = ""
        if counts is not None:
            margins = _margins(counts)
            margin_words = (
                " Margins between each interval's near end and its line: "
                + ", ".join(f"{name.lower()} {m:+.1f} points" for name, m in margins.items())
                + "."
            )
            open_ = [name for name, m in margins.items() if m < 0]
            if open_:
                margin_words += (
                    " The line falls inside the interval of "
                    + " and of ".join(f"*{name.lower()}*" for name in open_)
                    + ", and that decides the verdict."
                )
            passing = {name: m for name, m in margins.items() if m >= 0}
            if passing:
                thin = min(passing, key=passing.get)
                row = counts.loc[thin]
                flips = _misses_to_not_yet(int(row["k"]), int(row["n"]), row["condition"], float(row["line"]))
                wrong_way = "fewer caught" if row["condition"] == ">=" else "more added"
                margin_words += (
                    f" Of the criteria that pass, the thinnest is *{thin.lower()}* "
                    f"({passing[thin]:+.1f} points): {flips} {wrong_way} of the same {int(row['n'])} and "
                    "its interval reaches the line, so that pass is the one to watch first."
                )
        return True, f"{g.verdict}, with every criterion decided on its 95% Wilson interval.{margin_words} {note}"

    def solution():
        g = route_gate()
        return (
            "Compute each 95% Wilson interval from the counts and compare it with the line: "
            + "; ".join(f"{c.name}: {c.value} ({c.interval}) against {c.condition}, {c.status}" for c in g.criteria)
            + f". Verdict: {g.verdict}."
        )

    return custom(
        "3 · GO, NO-GO or NOT YET?",
        "The three lines were set in the parameters cell before any evidence: "
        + "; ".join(f"*{c.name}* {c.condition}" for c in gate.criteria)
        + ". From the held-out counts printed "
        "above, compute each criterion's 95% Wilson interval (by hand or with `wilson_interval(k, n)`), call each "
        "'pass', 'fail' or 'not yet', and give the gate's verdict, 'GO', 'NO-GO' or 'NOT YET'. Answer with the three "
        "statuses in that order, then the verdict: `(status, status, status, verdict)`, each a word in quotes.",
        checker,
        hints=[
            "A criterion passes when its whole interval is on the right side of the line, fails when the whole "
            "interval is on the wrong side, and is 'not yet' when the line falls inside it.",
            "For a cap (<=), the interval's high end must be under the line to pass.",
        ],
        solution=solution,
        practice="by-hand",
    )
