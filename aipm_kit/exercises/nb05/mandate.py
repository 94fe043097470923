"""Exercise 6 of notebook 05: build, rule or drop for each proposed use, from the gate-1 screen.

Every call the screen's checks support (quality data, a pattern beyond rules, a value that covers upkeep) is
accepted; a wrong call is answered with the check that rules it out.
"""

from __future__ import annotations

from .. import custom


def bind_mandate(*, screen, min_labelled=None, max_label_delay_days=None):
    """Exercise 6: build, rule or drop for each proposed use, from the gate-1 table ``screen``.

    Accepts any call in the row's ``defensible`` set and explains the wrong ones. ``min_labelled`` and
    ``max_label_delay_days``, when given, are stated in the prompt (the notebook shows the facts, not the verdicts).

    Parameters
    ----------
    screen : pandas.DataFrame
        Gate 1 on each proposed use, from :func:`aipm_kit.planning.screen_ai_uses`: one row a use, with
        ``quality data``, ``pattern beyond rules``, ``value covers upkeep``, the lift and value intervals,
        ``call`` and ``defensible``.
    min_labelled : int, optional
        The fewest labelled examples gate 1 asks for, stated in the prompt with ``max_label_delay_days``.
    max_label_delay_days : float, optional
        The longest label delay gate 1 accepts, in days; the prompt states the lines only when both are given.

    Returns
    -------
    Exercise
        A decision exercise, ``"6 · Reply to the mandate: build, rule or drop"``; the answer is a dict giving
        every use ``"build"``, ``"rule"`` or ``"drop"``.

    Examples
    --------
    >>> from aipm_kit.planning import mandate_proposals, screen_ai_uses
    >>> screen = screen_ai_uses(mandate_proposals())
    >>> q = bind_mandate(screen=screen)
    >>> q.check(dict(screen["call"]))
    [6 · Reply to the mandate: build, rule or drop] Correct: Defensible: build route support tickets, hold risky
    payouts to new sellers; every call follows from the gate-1 checks. Your reply to the mandate is that list,
    with the numbers behind each line.
    >>> q.check({use: "build" for use in screen.index})
    [6 · Reply to the mandate: build, rule or drop] Not yet: `flag duplicate invoices`: the pilot does not show the
    model beating the rule (lift interval -0.7% to +1.9% reaches zero): drop or rule, not build. ...
    """
    lines = (
        ""
        if min_labelled is None or max_label_delay_days is None
        else f" Gate 1's lines: quality data needs labels, at least {min_labelled:,} labelled examples in hand and a "
        f"label delay of at most {max_label_delay_days} days; a pattern beyond rules needs the lift's 90% "
        "interval above zero; the value covers upkeep when the value's 90% interval is above the upkeep."
    )
    calls = ("build", "rule", "drop")
    ok = {name: set(row.defensible) for name, row in screen.iterrows()}

    def why(name, row, got):
        if row["quality data"] == "fail":
            return (
                f"`{name}`: the data fail gate 1 (labels missing, too few or too slow), so a model cannot be "
                f"trained or monitored: {' or '.join(sorted(ok[name]))}, not {got}."
            )
        if row["pattern beyond rules"] != "pass":
            return (
                f"`{name}`: the pilot does not show the model beating the rule (lift interval "
                f"{row['lift low']:+.1%} to {row['lift high']:+.1%} reaches zero): "
                f"{' or '.join(sorted(ok[name]))}, not {got}."
            )
        if row["value covers upkeep"] != "pass":
            return (
                f"`{name}`: the lift is real but worth \\${row['value ($/month)']:,.0f} a month (interval "
                f"\\${row['value low']:,.0f} to \\${row['value high']:,.0f}), not surely above its upkeep: "
                f"{' or '.join(sorted(ok[name]))}, not {got}."
            )
        return (
            f"`{name}`: all three checks pass (data, lift interval above zero, value above upkeep on its whole "
            f"interval): build, not {got}."
        )

    def checker(answer):
        if not isinstance(answer, dict) or set(answer) != set(ok):
            return False, f"Answer with a dict giving each of the {len(ok)} uses one of {list(calls)}."
        bad = [n for n, c in answer.items() if str(c).strip().lower() not in calls]
        if bad:
            return False, f"Each call must be one of {list(calls)}; check {bad}."
        wrong = [
            why(n, screen.loc[n], str(c).strip().lower())
            for n, c in answer.items()
            if str(c).strip().lower() not in ok[n]
        ]
        if wrong:
            return False, " ".join(wrong)
        builds = [n for n, c in answer.items() if str(c).strip().lower() == "build"]
        return True, (
            f"Defensible: build {', '.join(builds) or 'nothing'}; every call follows from the gate-1 "
            "checks. Your reply to the mandate is that list, with the numbers behind each line."
        )

    return custom(
        "6 · Reply to the mandate: build, rule or drop",
        f"For each of the {len(ok)} proposed uses, decide **build** (a model passes gate 1), **rule** (solve it "
        "with a hand rule, or keep the rule while a pilot settles it) or **drop**, from the facts and intervals "
        f"above.{lines} Answer a dict: `{{use: 'build' | 'rule' | 'drop'}}`. Every call the checks support is accepted.",
        checker,
        hints=[
            "Quality data first: without labels in hand and in time, there is nothing to learn from.",
            "Then the lift over the rule: its interval must lie above zero. Then the value of that lift, on its "
            "interval, against the upkeep.",
            "A use whose data fail cannot be built, whatever its pilot says; a lift whose interval reaches zero "
            "is not yet a pattern beyond rules.",
        ],
        solution=lambda: "\n".join(
            f"- `{n}`: {row.call} (also defensible: {', '.join(row.defensible)})" for n, row in screen.iterrows()
        ),
        practice="decision",
    )
