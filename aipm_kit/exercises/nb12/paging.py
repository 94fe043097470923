"""Exercise 5: the paging rule, chosen from replayed bills and compared paired with the cheapest rule.

The grid of rules an answer is compared with, the paired difference of two rules' bills over the same
bootstrap draws, and the exercise that checks a learner's ``(auc_drop, score_psi)`` pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .. import _as_number, custom


def _pair(answer) -> tuple[float, float]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(
            "answer with a pair: (auc_drop, score_psi), e.g. (0.03, 0.1); use math.inf for 'never on this signal'"
        )
    return tuple(float(a) if isinstance(a, float) and math.isinf(a) else _as_number(a) for a in answer)


PAGING_GRID = [
    (d, p) for d in (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, math.inf) for p in (0.05, 0.1, 0.15, 0.2, 0.3, math.inf)
]
"""The rules exercise 5 compares an answer with: (auc_drop, score_psi) pairs; (inf, inf) never pages."""


def paired_difference(bill_a: float, bill_b: float, draws_a, draws_b) -> tuple[float, float, float]:
    """Rule a's bill minus rule b's, paired: the point difference and its 95% percentile interval over shared draws.

    The interval's ends are the 2.5th and 97.5th percentiles of the difference over the same bootstrap draws
    (``draws_a[i]`` and ``draws_b[i]`` priced on draw ``i``).

    Parameters
    ----------
    bill_a : float
        Rule a's bill on the replayed year, dollars.
    bill_b : float
        Rule b's bill, dollars.
    draws_a : sequence of float
        Rule a's bill on each bootstrap draw.
    draws_b : sequence of float
        Rule b's bill on the same draws, in the same order (same length).

    Returns
    -------
    tuple of float
        ``(bill_a - bill_b, low, high)``, dollars.

    Examples
    --------
    >>> paired_difference(100.0, 80.0, [90, 100, 110, 120], [80, 85, 75, 90])
    (20.0, 10.375, 34.625)
    """
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

    The answer is a pair ``(auc_drop, score_psi)``, each zero or more; ``math.inf`` turns a signal off.

    Parameters
    ----------
    backtest : callable
        ``backtest(auc_drop=..., score_psi=...)`` (with ``floor=...`` when ``floors`` is given) replays a rule
        and returns a table whose ``attrs`` hold ``bill``, ``pages``, ``false_pages``, ``missed`` and,
        optionally, ``bill_draws``.
    cost_page : float
        Dollars per page: the tolerance without ``bill_draws``, and quoted in the feedback.
    grid : sequence of tuple, default PAGING_GRID
        The ``(auc_drop, score_psi)`` rules the answer is compared with; every check replays each of them.
    floors : mapping of str to float, optional
        Recall floors by name, each replayed.

    Returns
    -------
    Exercise
        A ``"decision"`` exercise whose ``check`` takes the ``(auc_drop, score_psi)`` pair.

    Examples
    --------
    A replay whose bill depends only on which lines page, on a grid of three rules:

    >>> import math
    >>> import pandas as pd
    >>> def backtest(auc_drop, score_psi):
    ...     table = pd.DataFrame()
    ...     bill = 2_000 if auc_drop <= 0.03 else 6_000 if score_psi <= 0.1 else 7_000
    ...     table.attrs.update(bill=bill, pages=1 if bill == 2_000 else 0, false_pages=0, missed=0)
    ...     return table
    >>> grid = [(0.03, math.inf), (math.inf, 0.1), (math.inf, math.inf)]
    >>> q = paging_rule(backtest=backtest, cost_page=2_000, grid=grid)
    >>> q.check((0.03, math.inf))
    [5 · Choose the paging rule] Correct: Defensible (within one page ($2,000) of the cheapest) under the
    recall floor replayed. Replayed: paged 1 time (0 false), bill $2,000; cheapest (0.03, inf), $2,000. ...
    >>> q.check((math.inf, 0.1)).correct
    False
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
