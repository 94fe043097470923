"""Exercise 4 of notebook 10: how many long-tail slots reach an exposure goal within an accuracy budget.

A slot count is defensible when it reaches the goal and is not shown to break the budget on its interval;
"not yet" when no count passes both lines on its interval; 0 when no count reaches the goal without breaking it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .. import custom


def tail_slots_for_budget(
    *, evidence: Callable[[int], Mapping[str, float]], budget: float, floor: float, max_slots: int, number: int = 4
):
    """Decision: the slot count that reaches an exposure ``floor`` within an accuracy ``budget``, or "not yet".

    ``evidence(slots)`` returns the relative NDCG change with its 95% paired
    interval (``relative``, ``relative_low``, ``relative_high``) and the tail's
    position-weighted exposure (``tail_exposure``). A count of at least 1 is
    defensible when it reaches ``floor`` and its interval is not wholly beyond
    ``-budget`` (within the budget, or not settled: more evidence settles it).
    ``"not yet"`` is defensible when no count passes both lines on its interval
    (reaches ``floor`` with the whole interval within the budget); 0 is
    defensible when no count reaches ``floor`` without being shown to break the budget.

    Parameters
    ----------
    evidence : callable
        ``evidence(slots)`` for ``slots`` from 1 to ``max_slots`` gives a mapping with ``relative``,
        ``relative_low``, ``relative_high`` (shares, -0.05 for 5% lower NDCG) and ``tail_exposure`` (a share).
    budget : float
        The relative NDCG loss the team accepts (0.10 for 10%).
    floor : float
        The long tail's share of position-weighted exposure the team wants, at least (0.10 for 10%).
    max_slots : int
        The most slots a learner may reserve.
    number : int, default 4
        The exercise's number in the notebook.

    Returns
    -------
    Exercise
        A decision exercise, ``"N · Long-tail slots for a budget and a goal"``; the answer is a whole number
        from 0 to ``max_slots`` or ``"not yet"``.

    Examples
    --------
    Each slot costs 4 points of NDCG (interval +/- 2) and adds 6.5 points of tail exposure:

    >>> def evidence(slots):
    ...     cost = -0.04 * slots
    ...     return {"relative": cost, "relative_low": cost - 0.02, "relative_high": cost + 0.02,
    ...             "tail_exposure": 0.006 + 0.065 * slots}
    >>> q = tail_slots_for_budget(evidence=evidence, budget=0.10, floor=0.10, max_slots=5)
    >>> q.check(2)
    [4 · Long-tail slots for a budget and a goal] Correct: Defensible: 2 slots reach 13.6% exposure and cost -8.0%
    NDCG (95% paired bootstrap -10.0% to -6.0%); the whole interval stays within the budget.
    >>> q.check(1)
    [4 · Long-tail slots for a budget and a goal] Not yet: 1 slot gives the tail 7.1% of position-weighted
    exposure, below the 10% goal: cheap, but it does not do the job.
    """
    budget, floor = float(budget), float(floor)

    def n_slots(n, verb=""):
        """'1 slot reaches', '2 slots reach'."""
        noun = f"{n} slot" + ("" if n == 1 else "s")
        if not verb:
            return noun
        return f"{noun} {verb + ('es' if verb.endswith('h') else 's') if n == 1 else verb}"

    not_yet_words = {"not yet", "none settles", "none", "not settled"}

    def status(slots):
        e = evidence(slots)
        if e["relative_low"] >= -budget:
            return "within"
        return "beyond" if e["relative_high"] < -budget else "not settled"

    def ok(slots):
        return evidence(slots)["tail_exposure"] >= floor and status(slots) != "beyond"

    def settled(slots):
        return evidence(slots)["tail_exposure"] >= floor and status(slots) == "within"

    def counts(pred):
        return [s for s in range(1, max_slots + 1) if pred(s)]

    def listed(xs):
        return ", ".join(map(str, xs)) or "none"

    def overview():
        within = counts(lambda s: status(s) == "within")
        goal = counts(lambda s: evidence(s)["tail_exposure"] >= floor)
        return (
            f"settled within the {budget:.0%} budget: {listed(within)}; reaching the {floor:.0%} goal: "
            f"{listed(goal)}; passing both on the interval: {listed(counts(settled))}"
        )

    def check(answer):
        if isinstance(answer, str):
            if answer.strip().lower() not in not_yet_words:
                raise ValueError(f'answer with a slot count from 0 to {max_slots}, or "not yet"')
            both = counts(settled)
            if both:
                return False, (
                    f"{n_slots(min(both), 'reach')} the goal with the whole interval within the budget "
                    f"({overview()}): that count is settled on both lines, so there is a call to make."
                )
            open_ = counts(ok)
            carry = (
                f" Keep item-kNN as it is; the fewest open count ({min(open_)}) is the one the rest of the "
                "notebook tests, with its cost still open (the online test's plan says what a test of it "
                "would and would not settle)."
                if open_
                else " Keep item-kNN as it is and look for a softer fix."
            )
            return True, (
                f"Defensible: no count passes both lines on its interval ({overview()}), so the "
                f"interval call is not yet.{carry}"
            )
        if isinstance(answer, bool) or not float(answer).is_integer():
            raise ValueError(f'answer with a whole number of slots (0 to {max_slots}), or "not yet"')
        slots = int(answer)
        if not 0 <= slots <= max_slots:
            raise ValueError(f'answer with a slot count from 0 to {max_slots}, or "not yet"')
        good = counts(ok)
        if slots == 0:
            if good:
                return False, (
                    "0 slots keeps accuracy but leaves the tail far below the "
                    f"{floor:.0%} exposure goal, and some counts reach it without being "
                    f"shown to break the {budget:.0%} budget: look again (if none of them passes "
                    'both lines on its interval, the interval call is "not yet").'
                )
            return True, (
                f"Defensible: no slot count reaches the {floor:.0%} goal without being shown "
                f"to break the {budget:.0%} budget, so reserve none and test a softer fix."
            )
        e = evidence(slots)
        span = f"{e['relative']:+.1%} NDCG (95% paired bootstrap {e['relative_low']:+.1%} to {e['relative_high']:+.1%})"
        if e["tail_exposure"] < floor:
            return False, (
                f"{n_slots(slots, 'give')} the tail {e['tail_exposure']:.1%} of position-weighted "
                f"exposure, below the {floor:.0%} goal: cheap, but it does not do the job."
            )
        if status(slots) == "beyond":
            return False, (
                f"{n_slots(slots, 'cost')} {span}: the whole interval is beyond the {budget:.0%} "
                "budget, so the data show it costs more than the team accepts."
            )
        word = {
            "within": "the whole interval stays within the budget",
            "not settled": "the interval reaches past the budget line, so the cost is not settled and the "
            'gate\'s accuracy criterion will say not yet ("not yet" is the same call in words): '
            "more evidence settles it",
        }[status(slots)]
        fewer = [s for s in good if s < slots]
        note = (
            f" {n_slots(min(fewer))} also {'qualifies' if min(fewer) == 1 else 'qualify'} at a smaller cost: why pay more?"
            if fewer
            else ""
        )
        return True, (
            f"Defensible: {n_slots(slots, 'reach')} {e['tail_exposure']:.1%} exposure and cost {span}; {word}.{note}"
        )

    def solution():
        rows = [(s, evidence(s)) for s in range(1, max_slots + 1)]
        good, both = counts(ok), counts(settled)
        if both:
            call = f"the fewest that pass both lines on the interval, {min(both)}, costs least"
        elif good:
            call = (
                f'none passes both lines on the interval, so "not yet"; {listed(good)} reach the goal without '
                f"being shown to break the budget, and the fewest, {min(good)}, is the count to carry forward, "
                "its cost still open (also defensible as the answer)"
            )
        else:
            call = "none reaches the goal without being shown to break the budget (answer 0)"
        return (
            "`tail_slot_evidence(s)` for each s: "
            + "; ".join(
                f"{s}: exposure {e['tail_exposure']:.1%}, NDCG {e['relative']:+.1%} "
                f"({e['relative_low']:+.1%} to {e['relative_high']:+.1%}, {status(s)})"
                for s, e in rows
            )
            + f". Reaching the {floor:.0%} goal and not shown to break the {budget:.0%} budget: "
            + listed(good)
            + f"; {call}."
        )

    return custom(
        f"{number} · Long-tail slots for a budget and a goal",
        f"The team accepts at most a {budget:.0%} relative loss of offline NDCG and wants the long tail "
        f"to get at least {floor:.0%} of position-weighted exposure. How many of the 10 slots (0 to "
        f'{max_slots}) would you reserve? Answer with a count, or "not yet" if no count passes both lines '
        "on its interval. Read `tail_slot_evidence(slots)` and decide on the interval, not the point estimate.",
        check,
        practice="decision",
        hints=[
            "`tail_slot_evidence(2)` holds `tail_exposure`, `relative_low` and `relative_high`.",
            "A count is shown to break the budget only when its whole interval (even `relative_high`) "
            "is below -budget; it is within the budget only when its whole interval (even `relative_low`) "
            "is above it; otherwise the cost is not settled.",
        ],
        solution=solution,
    )
