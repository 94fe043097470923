"""Exercises 5 and 6 of notebook 06: Report A's red flags, and a rollback rule for Report D.

A rollback rule pools days of alerts per check; it is accepted when a healthy model rarely trips it by chance and
a model whose precision fell is caught in most months.
"""

from __future__ import annotations

import numpy as np

from .. import _as_number, custom


def _share(value, name: str) -> float:
    v = _as_number(value)
    if 1 < v <= 100:
        raise ValueError(f"give {name} as a share between 0 and 1 (for 70%, write 0.7), got {v:g}")
    if not 0 <= v <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {v:g}")
    return v


def bind_reports(*, report_a, report_d, drop_to: float, catch: float, noise_limit: float | None = None):
    """Exercise 5 (reading): Report A's red flags. Exercise 6 (decision): Report D's rollback rule.

    ``report_d.rollback_check`` is ``(line, alerts_per_day, in_a_row, precision, checks_per_month)``.
    A rule ``{"days", "line", "in_a_row"}`` pools ``days`` days of alerts per check (``30 // days``
    checks a month); it is accepted when a model at the reported precision trips it in at most
    ``noise_limit`` of months (default :data:`~aipm_kit.interview.NOISY_ROLLBACK_CHANCE`, set once in the
    notebook's parameters cell) and a model whose precision fell to
    ``drop_to`` trips it in at least ``catch`` of months.

    When ``report_d.alerts`` is given and some rule can meet both limits there, the healthy precision is taken
    at the low end of the reported precision's 95% Wilson interval instead of the point.

    Parameters
    ----------
    report_a : aipm_kit.interview.ModelReport
        The report whose red flags Exercise 5 asks for.
    report_d : aipm_kit.interview.ModelReport
        The report whose rollback rule Exercise 6 replaces; needs ``rollback_check``.
    drop_to : float
        The fallen precision a rule must catch, a share.
    catch : float
        The least share of months in which a rule must catch that fall.
    noise_limit : float, optional
        The most share of months in which a rule may fire on a healthy model; by default
        :data:`~aipm_kit.interview.NOISY_ROLLBACK_CHANCE`.

    Returns
    -------
    tuple of (Exercise, Exercise)
        ``"5 · The red flags in Report A"`` (a reading exercise, answered with a list of flag names) and
        ``"6 · A rollback rule for Report D"`` (a decision, answered with ``{"days": ..., "line": ...,
        "in_a_row": ...}`` or a tuple in that order, ``in_a_row`` defaulting to 1).

    Examples
    --------
    >>> from aipm_kit.interview import ModelReport
    >>> facts = dict(model="m", validation_data="month 3", production_data="month 4", validation_base_rate=0.02,
    ...              production_base_rate=0.021, segments={"a": (0.62, 50), "b": (0.55, 40)}, overall_recall=0.6,
    ...              baseline="alerting on a random 1% catches about 1% of fraud")
    >>> report_a = ModelReport("Report A", metrics={"accuracy": 0.98}, rollback_rule=None, **facts)
    >>> report_d = ModelReport("Report D", metrics={"precision": 0.9, "recall": 0.6},
    ...                        rollback_rule="roll back if precision < 42%",
    ...                        rollback_check=(0.42, 2.7, 2, 0.531, 30), **facts)
    >>> q5, q6 = bind_reports(report_a=report_a, report_d=report_d, drop_to=0.30, catch=0.8)
    >>> q5.check(["single_metric", "no_rollback"])
    [5 · The red flags in Report A] Correct: All red flags found: no_rollback, single_metric.
    >>> q6.check({"days": 14, "line": 0.35})
    [6 · A rollback rule for Report D] Correct: pooling 14 days (about 38 alerts), line 35%, 1 check in a row: a
    healthy model at 53.1% precision trips it in 2.9% of months; one fallen to 30% in 94.9%. It rarely fires by
    chance and still catches a real fall. The price of pooling is time: a fall shows only after the pooled days
    have passed.
    >>> q6.check({"days": 14, "line": 35})
    [6 · A rollback rule for Report D] Not yet: That answer could not be checked: give the line as a share between
    0 and 1 (for 70%, write 0.7), got 35
    """
    from ...interview import NOISY_ROLLBACK_CHANCE, RED_FLAGS, check_red_flags, find_red_flags, rollback_fire_chance

    NOISY_ROLLBACK_CHANCE = NOISY_ROLLBACK_CHANCE if noise_limit is None else float(noise_limit)  # noqa: N806
    flags = sorted(find_red_flags(report_a, noisy_rollback_chance=NOISY_ROLLBACK_CHANCE))
    accuracy = report_a.metrics.get("accuracy")
    base = report_a.validation_base_rate
    baseline = (
        f" Set the headline beside the trivial baseline: {accuracy:.1%} accuracy, where predicting *no "
        f"fraud* for every transaction scores {1 - base:.1%} on the same validation data (fraud is "
        f"{base:.1%} of it); the report sets no baseline beside it, and the accuracy says almost nothing "
        "about fraud caught."
        if accuracy is not None
        else ""
    )
    q4 = custom(
        "5 · The red flags in Report A",
        f"List the red flags in '{report_a.title}', using the names " + ", ".join(f"`{f}`" for f in RED_FLAGS) + ".",
        lambda answer: check_red_flags(report_a, answer, noisy_rollback_chance=NOISY_ROLLBACK_CHANCE),
        hints=[
            "Check five things in turn: how many metrics, whether validation looks like production, whether a "
            "rollback number exists, how many alerts it is read from, and every segment's recall, with its 95% "
            "interval, against the rest.",
            "Compare the two positive rates: a relative difference above a quarter, or a production rate that "
            "is only assumed, not measured, means nothing shows the validation data is production-like.",
        ],
        solution=lambda: f"`{flags}`: " + "; ".join(RED_FLAGS[f] for f in flags) + "." + baseline,
    )

    _, per_day, _, reported, _ = report_d.rollback_check
    from ...metrics import wilson_interval

    # The healthy precision is itself an estimate: a rule must stay quiet at the low end of its 95% interval.
    precision = reported
    healthy_words = f"its reported {reported:.1%} precision"
    if report_d.alerts:
        n_alerts = int(report_d.alerts)
        low = float(wilson_interval(int(round(reported * n_alerts)), n_alerts)[0])
        lines = np.round(np.arange(0.05, 0.96, 0.01), 2)
        feasible = any(
            rollback_fire_chance(ln, per_day * d, 1, low, 30 // d) <= NOISY_ROLLBACK_CHANCE
            and rollback_fire_chance(ln, per_day * d, 1, drop_to, 30 // d) >= catch
            for d in (1, 2, 3, 5, 7, 10, 14, 15, 30)
            for ln in lines
        )
        if feasible:
            precision = low
            healthy_words = (
                f"{low:.1%}, the low end of the 95% Wilson interval of the reported {reported:.1%} "
                f"precision ({n_alerts} alerts)"
            )
        else:
            healthy_words = (
                f"its reported {reported:.1%} precision (on {n_alerts} alerts no rule within a month can "
                f"stay quiet at the interval's low end, {low:.1%}: a limitation to state)"
            )

    def chances(days, line, in_a_row):
        checks = 30 // days
        return (
            rollback_fire_chance(line, per_day * days, in_a_row, precision, checks),
            rollback_fire_chance(line, per_day * days, in_a_row, drop_to, checks),
        )

    def parse(answer):
        if isinstance(answer, dict):
            days, line, in_a_row = answer.get("days"), answer.get("line"), answer.get("in_a_row", 1)
        elif not isinstance(answer, (str, bytes)) and hasattr(answer, "__len__") and len(answer) in (2, 3):
            days, line, in_a_row = (tuple(answer) + (1,))[:3]
        else:
            raise TypeError('answer with {"days": ..., "line": ..., "in_a_row": ...}')
        days_f, runs_f = _as_number(days), _as_number(in_a_row)
        if days_f != int(days_f) or not 1 <= days_f <= 30:
            raise ValueError(f"days is a whole number of days from 1 to 30, got {days!r}")
        days = int(days_f)
        if runs_f != int(runs_f) or not 1 <= runs_f <= 30 // days:
            raise ValueError(
                f"in_a_row is a whole number of checks from 1 to {30 // days} (checks in a month when "
                f"each pools {days} days), got {in_a_row!r}"
            )
        return days, _share(line, "the line"), int(runs_f)

    def checker(answer):
        days, line, in_a_row = parse(answer)
        false_alarm, caught = chances(days, line, in_a_row)
        rule = (
            f"pooling {days} {'day' if days == 1 else 'days'} (about {per_day * days:.0f} alerts), line "
            f"{line:.0%}, {in_a_row} {'check' if in_a_row == 1 else 'checks'} in a row"
        )
        facts = (
            f"a healthy model at {precision:.1%} precision trips it in {false_alarm:.1%} of months; one fallen to "
            f"{drop_to:.0%} in {caught:.1%}"
        )
        if false_alarm <= NOISY_ROLLBACK_CHANCE and caught >= catch:
            return True, (
                f"{rule}: {facts}. It rarely fires by chance and still catches a real fall. The price of "
                "pooling is time: a fall shows only after the pooled days have passed."
            )
        problems = []
        if false_alarm > NOISY_ROLLBACK_CHANCE:
            problems.append(
                f"it fires by chance more than {NOISY_ROLLBACK_CHANCE:.0%} of months (pool more days or lower the line)"
            )
        if caught < catch:
            problems.append(
                f"it catches the fall in fewer than {catch:.0%} of months (raise the line or pool more days)"
            )
        return False, f"{rule}: {facts}. Not yet: " + " and ".join(problems) + "."

    def solution():
        ok = []
        for days in (1, 2, 3, 5, 7, 10, 14, 15, 30):
            good = [
                ln
                for ln in np.round(np.arange(0.05, 0.96, 0.01), 2)
                if (lambda fa, c: fa <= NOISY_ROLLBACK_CHANCE and c >= catch)(*chances(days, ln, 1))
            ]
            if good:
                ok.append(f"{days} days pooled, a line from {min(good):.0%} to {max(good):.0%}")
        old_fa, old_catch = chances(1, report_d.rollback_check[0], report_d.rollback_check[2])
        return (
            f"At about {per_day:.1f} alerts a day one day's precision is noise: the report's own rule trips "
            f"by chance in {old_fa:.0%} of months. Pool days so each check reads enough alerts, then put the "
            f"line between the healthy precision, taken as {healthy_words}, and the fall to catch "
            f"({drop_to:.0%}). With one check at a time, rules that pass: "
            + ("; ".join(ok) or "none")
            + ". Any of them is right; a longer pool is quieter but slower to react."
        )

    q5 = custom(
        "6 · A rollback rule for Report D",
        f"Report D's rule (simulated payments) reads precision from about {per_day:.1f} alerts a day. Set a rule that fires by chance in "
        f"at most {NOISY_ROLLBACK_CHANCE:.0%} of months for a healthy model, taken as {healthy_words}, "
        f"and that catches a real fall to {drop_to:.0%} precision in at least {catch:.0%} of months. Try rules with "
        "`interview.rollback_fire_chance(line, alerts_per_day * days, in_a_row, precision, 30 // days)` and answer "
        'with `{"days": ..., "line": ..., "in_a_row": ...}` (days of alerts pooled per check).',
        checker,
        hints=[
            "`line_d, alerts_d, in_a_row_d, precision_d, _ = report_d.rollback_check` gives the report's numbers; "
            "`report_d.alerts` is how many alerts its precision was measured on, for `wilson_interval`.",
            "Precision read from n alerts scatters by about sqrt(p(1−p)/n): pool enough days that the healthy "
            "and the fallen precision are several of those apart, and put the line between them.",
        ],
        solution=solution,
        practice="decision",
    )
    return q4, q5
