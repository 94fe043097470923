"""Exercises for notebook 12, the drift detection dashboard.

Each exercise is built where the notebook has its data (``wilson_by_hand``, ``harmless_drift``,
``paging_rule``, ``warning_threshold``, ``retraining_call``); ``bind(...)`` builds the first four at once. Every expected
answer is computed from the notebook's own tables and functions at check time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _as_number, choice, custom, numeric


def _pair(answer) -> tuple[float, float]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(
            "answer with a pair: (auc_drop, score_psi), e.g. (0.03, 0.1); use math.inf for 'never on this signal'"
        )
    return tuple(float(a) if isinstance(a, float) and math.isinf(a) else _as_number(a) for a in answer)


def bind(
    *,
    psi_table: pd.DataFrame,
    importance: Mapping[str, float] | None = None,
    model_features: Sequence[str],
    worst_recall: tuple[int, int],
    worst_month: str,
    backtest: Callable[..., pd.DataFrame],
    q1_flights: pd.DataFrame,
    cost_missed: float,
    cost_false: float,
    threshold: float,
    cost_page: float,
    n_reference: int = 3,
):
    """Build the four exercises at once (the notebook builds each where its section needs it).

    Parameters
    ----------
    psi_table : feature x month PSI against the reference quarter.
    importance : unused (kept for older callers).
    model_features : the features the model reads.
    worst_recall : ``(warned, late)`` counts of the month with the lowest recall; ``worst_month`` its name.
    backtest : ``backtest(auc_drop, score_psi)`` -> the replay table, its ``attrs`` holding ``bill``,
        ``pages``, ``useful``, ``false_pages`` and ``missed``.
    q1_flights : the training quarter's landed flights with ``late`` and ``score``.
    cost_missed, cost_false : dollars per late flight not warned and per on-time flight warned.
    threshold : the warning threshold the notebook uses.
    cost_page : dollars per page.
    n_reference : the number of training months (exercise 3's range test).
    """
    return (
        wilson_by_hand(worst_recall=worst_recall, worst_month=worst_month),
        harmless_drift(psi_table=psi_table, model_features=model_features, n_reference=n_reference),
        paging_rule(backtest=backtest, cost_page=cost_page),
        warning_threshold(q1_flights=q1_flights, cost_missed=cost_missed, cost_false=cost_false, threshold=threshold),
    )


def wilson_by_hand(*, worst_recall: tuple[int, int], worst_month: str):
    """Exercise 1: the lower end of a Wilson interval, computed by hand."""
    from ..metrics import wilson_interval

    k, n = worst_recall
    p = k / n
    wald_low = p - 1.96 * math.sqrt(p * (1 - p) / n)
    q1 = numeric(
        "1 · The worst month's recall, with its interval by hand",
        f"In {worst_month} the app warned about {k:,} of {n:,} late flights. Compute the lower end of "
        "the 95% Wilson interval for that recall yourself, in a few lines of Python (z = 1.96), and "
        "compare it with `metrics.wilson_interval`. Answer with the lower end, as a fraction.",
        lambda: wilson_interval(k, n)[0],
        atol=5e-4,
        practice="by-hand",
        wrong_answers=[
            (
                lambda: wald_low,
                "That is the textbook (Wald) interval, p ± 1.96·√(p(1-p)/n). Wilson's "
                "centre moves towards 1/2 by z²/2n and its width has an extra z²/4n² term.",
            ),
            (lambda: p, "That is the recall itself, not the lower end of its interval."),
        ],
        hints=[
            "Wilson: centre = (p + z²/2n) / (1 + z²/n); half-width = z·√(p(1-p)/n + z²/4n²) / (1 + z²/n).",
            f"`p = {k} / {n}; z = 1.96; d = 1 + z**2 / {n}`, then "
            f"`(p + z**2 / (2 * {n})) / d - z * math.sqrt(p * (1 - p) / {n} + z**2 / (4 * {n}**2)) / d`",
        ],
        solution=lambda: (
            f"p = {p:.4f}; the Wilson interval is {wilson_interval(k, n)[0]:.4f} to "
            f"{wilson_interval(k, n)[1]:.4f}, the same as `metrics.wilson_interval({k}, {n})`. "
            f"With {n:,} late flights the Wald interval ({wald_low:.4f} at the low end) is "
            "almost the same; the two part for small samples and rates near 0 or 1."
        ),
    )

    return q1


FEATURE_NOTES = {
    "dep_delay": "minutes the flight pushed back behind schedule",
    "sched_dep_hour": "scheduled hour of departure",
    "distance": "miles flown",
    "carrier": "airline",
    "origin": "New York airport of departure",
    "air_time": "minutes in the air",
    "dest": "destination airport",
}


def harmless_drift(
    *,
    psi_table: pd.DataFrame,
    model_features: Sequence[str],
    threshold: float = 0.1,
    n_reference: int = 3,
    psi_low: pd.DataFrame | None = None,
    psi_high: pd.DataFrame | None = None,
):
    """Exercise 3: what to do when the alert falls on a feature the model does not read (a decision).

    ``n_reference`` is the number of training months a later month is compared with: a month from unchanged
    conditions falls outside their range with probability 2 / (n_reference + 1), the named wrong answer.
    ``psi_low`` and ``psi_high`` (same shape as ``psi_table``), when given, are each cell's 95% interval: the
    prompt then says whether the peak is wholly over the line or straddles it.
    """
    reads = set(model_features)
    unused = [f for f in psi_table.index if f not in reads]
    worst_unused = max(unused, key=lambda f: psi_table.loc[f].max()) if unused else list(psi_table.index)[0]
    peak, month = float(psi_table.loc[worst_unused].max()), str(psi_table.loc[worst_unused].idxmax())
    outside = 2 / (n_reference + 1)  # an unchanged month takes any of the n + 1 ranks with equal chance
    if psi_low is not None and psi_high is not None:
        lo, hi = float(psi_low.loc[worst_unused, month]), float(psi_high.loc[worst_unused, month])
        where = "wholly over" if lo >= threshold else "straddling" if hi >= threshold else "wholly under"
        reading = (
            f"PSI {peak:.3f} in {month}, its 95% interval {lo:.3f} to {hi:.3f} {where} the alert line of {threshold:g}"
        )
        status = "" if lo >= threshold else " (not yet even as drift: its interval reaches below the line)"
    else:
        reading = f"PSI {peak:.3f} in {month}, over the alert line of {threshold:g}"
        status = ""
    options = {  # of comparable length and detail, so that none stands out by its wording
        "page": (
            "page the team tonight: the reading sits at the alert line, and one page costs far less than a "
            "month of late flights nobody was warned about"
        ),
        "range": (
            "keep it as a lead; open a review ticket if the month's recall or its calibration gap falls "
            f"outside the range of the {n_reference} training months' values"
        ),
        "ignore": (
            f"silence alerts on `{worst_unused}` for good: the model never reads it, so its drift cannot "
            "move the score and only clutters the dashboard"
        ),
        "check": (
            "keep it as a lead; open a review ticket if the month's recall falls below the training "
            "quarter's, or its calibration gap moves off it, on a 95% interval of the difference"
        ),
        "retrain": (
            "retrain on the latest month now, so the model catches up with the new mix of flights before "
            "next month's readings arrive"
        ),
    }
    feedback = {
        "page": (
            f"`{worst_unused}` is not a model input, so its drift cannot move the score. A PSI alert measures "
            "a change in inputs, not a failure: page on evidence that the app is failing (recall, "
            "calibration), or you pay for false pages."
        ),
        "range": (
            f"A lead, yes, but that ticket rule fires by chance. Suppose every month, the {n_reference} "
            f"training months included, came from the same conditions: a later month would be as likely to "
            f"take any of the {n_reference + 1} ranks among them and itself, so it would fall outside their "
            f"range with probability 2/{n_reference + 1} = {outside:.2f} on recall alone, and adding the "
            "calibration gap only raises that. The training months are the ones the model was fitted to, "
            "so they may sit closer together than other months, which would make a ticket more likely "
            "still. Use section 2's test instead: the 95% interval of the month minus the training "
            "quarter."
        ),
        "ignore": (
            f"Its drift cannot move the score, but that does not make it harmless: `{worst_unused}` can be "
            "linked to lateness (minutes in the air are part of the arrival delay), so a change in it can "
            "change how lateness follows from what the model reads (concept drift), which the score "
            "cannot show. Silencing it throws that lead away."
        ),
        "retrain": (
            "Retraining is a fix; nothing has yet shown a problem to fix, and section 7 tests whether "
            "retraining helps at all. The model would still not read this feature."
        ),
        "check": (
            f"Right: `{worst_unused}` peaked at PSI {peak:.3f} in {month}{status}, and the model never reads "
            "it, so the reading is a lead, not a verdict. A month's PSI and its recall arrive together when it "
            "closes (arrivals are known the same day), so what decides whether anyone looks further is the "
            "outcome the business sees, judged on its interval. The test is the one section 2 uses: the "
            "month minus the training quarter, with a 95% interval that takes the day as the unit. In a "
            "month where nothing changed it fires about 2.5% of the time on recall (one side) and 5% on "
            f"the calibration gap (either side), where a point outside the range of {n_reference} training "
            f"months would fire {outside:.2f} of the time on recall alone. The calibration gap is the outcome "
            "that can show a change the score cannot. It is still a lead, against one quarter of one year, "
            "so such a month earns a review ticket, not a page: whether anything pages is the weekly rule "
            "replayed in section 8."
        ),
    }
    return choice(
        "3 · Drift that cannot move the score",
        f"The model reads {', '.join(f'`{f}`' for f in model_features)}. The heatmap's highest reading on a "
        f"feature it does not read is `{worst_unused}`: {reading}. You run the monitoring. What do you do with "
        "that reading? Answer with the option's key.",
        options,
        "check",
        feedback=feedback,
        practice="decision",
        hints=[
            "Can a feature the model never reads move its score? Can it still matter for lateness?",
            "What would tell you the app is actually failing its passengers that month? And how often would "
            f"your test say so in a month where nothing changed, with only {n_reference} training months to "
            "compare with?",
        ],
        solution=lambda: feedback["check"],
    )


PAGING_GRID = [
    (d, p) for d in (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, math.inf) for p in (0.05, 0.1, 0.15, 0.2, 0.3, math.inf)
]
"""The rules exercise 5 compares an answer with: (auc_drop, score_psi) pairs; (inf, inf) never pages."""


def paired_difference(bill_a: float, bill_b: float, draws_a, draws_b) -> tuple[float, float, float]:
    """Rule a's bill minus rule b's, paired: the point difference and the 2.5th and 97.5th percentiles of the
    difference over the same bootstrap draws (``draws_a[i]`` and ``draws_b[i]`` priced on draw ``i``)."""
    d = np.asarray(draws_a, dtype=float) - np.asarray(draws_b, dtype=float)
    low, high = np.percentile(d, [2.5, 97.5])
    return float(bill_a - bill_b), float(low), float(high)


def _money(v: float) -> str:
    return ("+" if v >= 0.5 else "-" if v <= -0.5 else "") + f"${abs(v):,.0f}"


def paging_rule(
    *,
    backtest: Callable[..., pd.DataFrame],
    cost_page: float,
    grid=PAGING_GRID,
    floors: Mapping[str, float] | None = None,
):
    """Exercise 5: a paging rule not shown dearer than the cheapest rule on ``grid``.

    When the replay's ``attrs`` carry ``bill_draws`` (the rule's bill on each of a set of bootstrap draws shared by
    every rule), rules are compared paired: the answer's bill minus the cheapest rule's, with the 95% interval of
    that difference over the draws. The answer is rejected when that interval lies wholly above zero (shown
    dearer); otherwise the two cannot be told apart and the answer is defensible. Without ``bill_draws``, a rule is
    defensible when its bill is at most one page above the cheapest.

    Which weeks count as bad rests on a recall floor. ``floors`` (name -> floor), when given, are the floors
    the notebook replays (``backtest(..., floor=value)``); a rule is defensible when it is not shown dearer under
    at least one of them, and the feedback names the floors where it holds.
    """
    grid = list(grid)
    floor_items = list(floors.items()) if floors else [(None, None)]

    def replay(drop, psi, floor):
        return (
            backtest(auc_drop=drop, score_psi=psi)
            if floor is None
            else backtest(auc_drop=drop, score_psi=psi, floor=floor)
        )

    def cheapest(floor):
        attrs = {(d, s): replay(d, s, floor).attrs for d, s in grid}
        # on a tie, the rule that pages least wins: never paging first
        best = min(attrs, key=lambda r: (attrs[r]["bill"], not (math.isinf(r[0]) and math.isinf(r[1]))))
        return best, attrs[best]

    def name(rule):
        d, s = rule
        return "never page" if math.isinf(d) and math.isinf(s) else f"({d:g}, {s:g})"

    def where(floor_name):
        return "" if floor_name is None else f" with the floor at the {floor_name}"

    def check_rule(answer):
        drop, psi = _pair(answer)
        if drop < 0 or psi < 0:
            raise ValueError("both lines must be zero or more (math.inf: never page on that signal)")
        held, failed, lines = [], [], []
        for floor_name, floor in floor_items:
            r = replay(drop, psi, floor).attrs
            best_rule, b = cheapest(floor)
            paired_mode = "bill_draws" in r and "bill_draws" in b
            if paired_mode:
                gap = paired_difference(r["bill"], b["bill"], r["bill_draws"], b["bill_draws"])
                ok = gap[1] <= 1e-9
                gap_text = (
                    "; yours has the same bill on every draw"
                    if gap == (0.0, 0.0, 0.0)
                    else f"; yours minus it {_money(gap[0])} (95% {_money(gap[1])} to {_money(gap[2])})"
                    + (
                        (": not told apart" if gap[2] > 1e-9 else "")
                        if ok
                        else ": shown dearer"
                        + (
                            ""
                            if math.isinf(best_rule[0]) and math.isinf(best_rule[1])
                            else f" than a rule picked as the cheapest of {len(grid)} on these same draws: a lead"
                        )
                    )
                )
            else:
                ok = r["bill"] <= b["bill"] + cost_page + 1e-9
                gap_text = ""
            (held if ok else failed).append(floor_name)
            did = (
                [f"paged {r['pages']} {'time' if r['pages'] == 1 else 'times'} ({r['false_pages']} false)"]
                if r["pages"]
                else []
            ) + ([f"{r['missed']} bad {'week' if r['missed'] == 1 else 'weeks'} missed"] if r["missed"] else [])
            lines.append(
                f"{(floor_name + ' floor').capitalize() if floor_name else 'Replayed'}: "
                + ", ".join(did + [f"bill ${r['bill']:,.0f}"])
                + f"; cheapest {name(best_rule)}, ${b['bill']:,.0f}"
                + (
                    (
                        " (never paging: no week needed a look, so any page is pure cost)"
                        if b["bill"] <= 0
                        else " (never paging: the pages would cost more than the misses they prevent)"
                    )
                    if math.isinf(best_rule[0])
                    and math.isinf(best_rule[1])
                    and not any("(never paging" in line for line in lines)
                    else ""
                )
                + gap_text
                + "."
            )
        said = " ".join(lines)
        paired_mode = "yours minus it" in said or "on every draw" in said
        test = (
            "the paired 95% interval of your bill minus the cheapest's reaches zero or below"
            if paired_mode
            else f"within one page (${cost_page:,.0f}) of the cheapest"
        )
        if held:
            scope = (
                "under the recall floor replayed"
                if floors is None
                else "under every recall floor replayed"
                if not failed
                else f"under at least one recall floor. It holds{' or'.join(where(f) for f in held)}, "
                f"not{' or'.join(where(f) for f in failed)}: the call turns on which weeks count as bad"
            )
            return True, (f"Defensible ({test}) {scope}. {said} Each bill is one replay of one year, tuned on it.")
        return False, (
            (
                "Shown dearer than the cheapest rule (the whole 95% interval of the paired difference above zero) "
                if paired_mode
                else "More than one page above the cheapest rule "
            )
            + f"under every recall floor replayed. {said} Look at which weeks it misses or pages for "
            f"nothing (a false page costs ${cost_page:,.0f} on every draw), and move that line."
        )

    floor_text = (
        ""
        if not floors
        else " Which weeks count as bad rests on a recall floor; `backtest(..., floor=...)` replays with "
        "another one. The floors compared are "
        + ", ".join(f"the {n} ({v:.1%})" for n, v in floors.items())
        + ", and a rule counts as defensible when it is not shown dearer than the cheapest under at "
        "least one of them."
    )
    q3 = custom(
        "5 · Choose the paging rule",
        "Replay rules with `backtest(auc_drop=..., score_psi=...)` and choose the one you would ship at "
        "the costs in the parameters cell. Answer with the pair `(auc_drop, score_psi)`; `math.inf` "
        "turns a signal off, and `(math.inf, math.inf)` never pages. Your answer is compared with the "
        f"{len(grid)} rules of `nb12.PAGING_GRID`: every pair of an `auc_drop` in "
        f"{{{', '.join(f'{d:g}' for d in sorted({d for d, _ in grid}))}}} and a `score_psi` in "
        f"{{{', '.join(f'{p:g}' for p in sorted({p for _, p in grid}))}}}. Every rule is replayed on the same "
        "weeks, so your rule is compared with the cheapest of them paired: your bill minus the cheapest's on "
        "each of the same bootstrap draws (`bill_draws` in the replay's `.attrs`; `paired(a.attrs, b.attrs)` "
        "gives the difference and its 95% interval). A rule is defensible unless that whole interval lies above "
        "zero." + floor_text,
        check_rule,
        practice="decision",
        hints=[
            "Start from the default and look at the replay table: which weeks are 'missed' and which "
            "pages are 'false page'?",
            "Try turning one signal off (`math.inf`) and moving the other: "
            "`paired(backtest(auc_drop=0.04, score_psi=math.inf).attrs, never.attrs)`; a false page adds "
            "its price on every draw." + (" Then replay your best rules with a stricter `floor=`." if floors else ""),
        ],
        solution=lambda: (
            " ".join(
                (
                    lambda best: (
                        f"The cheapest of the {len(grid)} rules in `nb12.PAGING_GRID`{where(fn)} is "
                        f"{name(best[0])}, with a bill of ${best[1]['bill']:,.0f}."
                    )
                )(cheapest(fl))
                for fn, fl in floor_items
            )
            + " Rules not shown dearer than it (paired) under a floor you can defend "
            "are as defensible. The answer moves with COST_PAGE, the error costs "
            "and the floor: change them and replay."
        ),
    )

    return q3


def warning_threshold(*, q1_flights: pd.DataFrame, cost_missed: float, cost_false: float, threshold: float):
    """Exercise 2: a warning threshold within 2% of the cheapest on the training quarter."""
    late = q1_flights["late"].to_numpy().astype(bool)
    score = q1_flights["score"].to_numpy(dtype=float)
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)

    def cost_at(t: float) -> float:
        warn = score >= t
        return float((cost_missed * (late & ~warn).sum() + cost_false * (~late & warn).sum()) / len(late))

    def check_threshold(answer):
        t = _as_number(answer)
        if not 0 < t < 1:
            raise ValueError("a threshold is a probability between 0 and 1")
        costs = {float(g): cost_at(g) for g in grid}
        best_t = min(costs, key=costs.get)
        mine = cost_at(t)
        baselines = (
            f" For scale: never warning costs ${cost_missed * late.mean():.3f} per flight and always "
            f"warning ${cost_false * (1 - late.mean()):.3f}."
        )
        if mine <= costs[best_t] * 1.02 + 1e-12:
            return True, (
                f"At {t:g} the training quarter's held-out errors cost ${mine:.3f} per flight, within "
                f"2% of the lowest on the grid (${costs[best_t]:.3f} at {best_t:g}).{baselines}"
            )
        direction = "more late flights go unwarned" if t > best_t else "more on-time flights are warned"
        return False, (
            f"At {t:g} the errors cost ${mine:.3f} per flight against ${costs[best_t]:.3f} at "
            f"{best_t:g}: {direction}.{baselines} Choose on the training quarter's held-out flights, "
            "where the line is set before the months it will be used on."
        )

    q4 = custom(
        "2 · Set the warning threshold from the costs",
        f"The app warns when P(late) >= {threshold:g}. Using the training quarter's held-out flights "
        "(`q1_flights`, with `late` and `score`) and the two error costs, find the threshold that "
        "makes the app's errors cheapest per flight at these assumed costs, and answer with it. Any "
        "threshold whose cost is within 2% of the cheapest is accepted. Whether to ship that line before "
        "the business confirms the prices is a separate call, for your write-up.",
        check_threshold,
        practice="decision",
        hints=[
            "For a threshold t: warned = score >= t; cost = COST_MISSED_WARNING x (late and not "
            "warned) + COST_FALSE_WARNING x (on time and warned), divided by the flights.",
            "Try `t` from 0.05 to 0.95 in steps of 0.05 and keep the cheapest. For a calibrated "
            f"model the cheapest line is near cost_false / (cost_false + cost_missed) = "
            f"{cost_false / (cost_false + cost_missed):.2f}.",
        ],
        solution=lambda: (
            lambda costs: (
                f"The cheapest threshold on the grid is {min(costs, key=costs.get):g} "
                f"(${min(costs.values()):.3f} per flight, against "
                f"${cost_at(threshold):.3f} at {threshold:g}). The costs decide it: "
                "for a calibrated model the cheapest line sits near "
                f"{cost_false / (cost_false + cost_missed):.2f}, the false warning's "
                "share of the two prices."
            )
        )({float(g): cost_at(g) for g in grid}),
    )
    return q4


def retraining_call(
    *,
    saving_low: Sequence[float],
    saving_high: Sequence[float],
    cost_retrain: float,
    events: Sequence[str] | None = None,
    line: float = 0.5,
):
    """Exercise 4: put retraining on a calendar or not, from each retraining event's saving against a run's price.

    ``saving_low`` and ``saving_high`` are, per event, the 95% interval of the quarter's saving in dollars (the
    old model's error cost minus the retrained one's). A calendar is defensible only when every event's whole
    interval clears ``cost_retrain``; otherwise hold (no calendar retraining for now) and re-test. The events
    were scored at one fixed warning ``line``, so "not settled until retraining is tested with the line re-set"
    is accepted too. "Never" and "monthly" are never accepted: two events cannot rule retraining out for good,
    and monthly was not tested.
    """
    lows, highs = [float(v) for v in saving_low], [float(v) for v in saving_high]
    if len(lows) != len(highs) or not lows:
        raise ValueError("give one saving interval (low, high) per retraining event")
    names = list(events) if events is not None else [f"event {i + 1}" for i in range(len(lows))]
    n = len(lows)
    pays = [lo > cost_retrain for lo in lows]
    short = [hi < cost_retrain for hi in highs]

    def signed(v):
        return f"{'+' if v >= 0 else '-'}${abs(v):,.0f}"

    # shown as the change in the quarter's error cost (retrained minus old, + = dearer): the saving, sign flipped
    listed = "; ".join(f"{e}: {signed(-hi)} to {signed(-lo)}" for e, lo, hi in zip(names, lows, highs))
    listed = f"change in error cost, + = dearer: {listed}"
    every = "both" if n == 2 else f"all {n}"
    options = {
        "calendar": f"retrain every quarter on a calendar, at ${cost_retrain:,.0f} a run",
        "hold": (
            "no calendar retraining for now: keep the first-quarter model, and re-test retraining when there "
            "are more events or a confirmed price per run"
        ),
        "retest": (
            f"not settled: the events were scored at the fixed line P(late) >= {line:g}; test retraining "
            "with the warning line re-set on each new model before deciding"
        ),
        "never": "never retrain this model: the replay has shown that retraining does not pay",
        "monthly": "retrain every month instead: fresher data should fix what a quarterly run could not",
    }
    correct = "calendar" if all(pays) else "hold"
    accepted = {correct, "retest"}
    price = f"-${cost_retrain:,.0f}"
    verdict = (
        f"the whole interval lay below {price} (cheaper by more than a run's price) in {every} events"
        if all(pays)
        else f"the whole interval lay above {price} in {every} events: the errors fell short of getting a run's "
        f"price cheaper"
        if all(short)
        else f"the whole interval lay below {price} in {sum(pays)} of {n} events and above it (fell short of a "
        f"run's price) in {sum(short)}"
    )
    feedback = {
        "calendar": (
            f"Right: {verdict} ({listed}), so each run paid for itself. Check every run as it lands: "
            f"{n} events say what happened {n} times, not what a retraining usually gains. 'retest' is "
            f"as defensible: the events were scored at the fixed line {line:g}."
            if correct == "calendar"
            else f"A calendar commits you to paying for every run, and a run pays only when the quarter's "
            f"errors get cheaper by more than its price. Here {verdict} ({listed})."
        ),
        "hold": (
            f"Right: {verdict} ({listed}), at the fixed line {line:g}. No calendar until retraining is shown "
            f"to pay; {n} events say what "
            "happened, not what a retraining usually gains, so re-test with more events (monthly retrains "
            "replayed the same way, or a second year) and a confirmed price. 'retest' is as defensible: "
            f"the events were scored at the fixed line {line:g}, and a retrained model deployed with its line "
            "re-set from the costs was not tested."
            if correct == "hold"
            else f"Here {verdict} ({listed}): each run paid for itself, so holding leaves money on the table. "
            "Retrain on the calendar and check each run as it lands."
        ),
        "retest": (
            f"Defensible: {verdict} ({listed}), but only at the fixed line {line:g}. A retrained model "
            "would be deployed with its line re-set from the costs, and where the line falls drives the "
            "cost; until that is tested, the evidence covers retraining at a fixed line only. "
            + (
                "'hold' is as defensible: no calendar until retraining is shown to pay."
                if correct == "hold"
                else "'calendar' is as defensible: each run paid for itself at the fixed line."
            )
        ),
        "never": (
            f"{n} events, tested at one fixed warning line, say what happened {n} times in 2013; they cannot "
            "rule retraining out for good, and 'never' throws away the fix you may need when a real change "
            "shows. Hold, and say what would make you re-test."
        ),
        "monthly": (
            "Monthly retraining was never tested. A fix is tested against the problem it targets before it "
            "is proposed: replay monthly retrains the way quarterly ones were replayed, then decide."
        ),
    }
    return choice(
        "4 · Retrain on a calendar?",
        f"Section 7 retrained the model {'twice' if n == 2 else f'{n} times'}, each time on the quarter just finished, and used it on the "
        f"next. Each event's change in error cost over its quarter (the retrained model's minus the old one's, "
        f"+ = dearer) has its 95% t-interval over days in `events` (`cost_change_low` to `cost_change_high`, "
        f"dollars); a retraining run is assumed to cost `COST_RETRAIN` = ${cost_retrain:,.0f}, so a run pays for "
        f"itself only when the change is below -${cost_retrain:,.0f}. Both models were scored at the same fixed line, "
        f"P(late) >= {line:g}. Do you put retraining on a calendar? More than one option can be defensible; answer "
        "with the option's key.",
        options,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "A run pays for itself only if the quarter's errors got cheaper by more than its price. Compare "
            "each event's whole interval with minus the price, not its point.",
            f"What can {n} events tell you about every future retraining? And which options were never tested at all?",
        ],
        solution=lambda: feedback[correct],
    )


def yours(exercise, answer) -> bool:
    """True when ``answer`` passes ``exercise``'s check and is the learner's own: an answer-key cell marks its
    answer by setting ``exercise.from_answer_key = True``, and such an answer never counts as the author's call."""
    return not getattr(exercise, "from_answer_key", False) and bool(exercise.check(answer).correct)


def answered(exercise, answer) -> bool:
    """True when the learner gave ``exercise`` an answer of their own, accepted or not (never the answer key's)."""
    return not getattr(exercise, "from_answer_key", False) and exercise.check(answer).correct is not None
