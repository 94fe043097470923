"""Exercises for notebook 10, the recommendation analyzer.

Each exercise is bound next to the section it practises, with the notebook's
own objects; every expected answer is computed from them at check time:

- :func:`aplt_by_hand` (by hand): the long-tail share of the incumbent's lists;
- :func:`ship_model` (decision): keep the incumbent, switch, or "not yet", on
  relative intervals against a margin (not "its interval reaches 0");
- :func:`name_boxes` (reading): the mechanism inside each black box;
- :func:`tail_slots_for_budget` (decision): how many long-tail slots reach an
  exposure goal without being shown to break an accuracy budget, on the sweep's intervals,
  or "not yet" when no count passes both lines on its interval;
- :func:`exposure_by_hand` (by hand): position-discounted long-tail exposure;
- :func:`read_online_result` (decision): ship, stop or not yet on an online
  test's two lines, each on its whole interval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from . import choice, custom, numeric

#: what gives each mechanism away, used in the black-box feedback
SIGNATURES = {
    "popularity": "near-identical lists for everyone (personalisation far below the others), the "
    "highest average popularity and no long tail at all; the horror fan's list has "
    "the same horror share and median popularity as the newcomer's, and one new "
    "rating changes almost no lists (only when the rated film was on the list)",
    "item-kNN": "personal lists (high personalisation, far above popularity) of popular but "
    "not the most popular films; the horror fan gets some horror, from films with "
    "far fewer ratings than the blockbuster lover's; one new 5-star rating changes "
    "most of its lists (a reordering counts)",
    "user-kNN": "lists taken from the films your most similar users rated: personal, but more "
    "popular than item-kNN, since neighbours' lists overlap on popular films",
    "matrix factorisation": "personal lists from a few latent taste dimensions: high "
    "personalisation, popular films, and genre mixes that follow taste "
    "clusters rather than single genres",
    "genre content": "lists that are almost all one genre mix (the lowest intra-list "
    "diversity), far more long-tail films and higher novelty; the horror fan "
    "gets nothing but horror",
    "random": "coverage of much of the catalogue, a low Gini, almost no overlap between "
    "users, accuracy near zero, and a list that reshuffles completely on any change",
}


def aplt_by_hand(
    *,
    recs,
    short_head,
    n_items: int,
    aplt: float,
    head_rating_share: float,
    recommender: str = "item-kNN",
    number: int = 1,
):
    """By hand: the long-tail share of ``recommender``'s lists (APLT), against the audit's ``aplt``."""
    head = np.asarray(short_head)
    tail_of_catalogue = 1 - len(head) / n_items
    share_head = float(np.isin(np.asarray(recs["item_id"]), head).mean())
    return numeric(
        f"{number} · Long-tail share by hand",
        f"What share of {recommender}'s recommendations (averaged over users) are long-tail "
        "films, i.e. films outside the short head? Compute it from `knn_recs` and `short_head` "
        "in a line or two of pandas; the audit in section 3 reports it as `aplt`.",
        expected=lambda: aplt,
        atol=5e-4,
        practice="by-hand",
        hints=[
            "A film is long tail when its `item_id` is not in `short_head`: `~knn_recs.item_id.isin(short_head)`.",
            "APLT averages per user: the share of each user's list that is long tail, then "
            "the mean over users: `.groupby(knn_recs.user_id).mean().mean()`.",
        ],
        solution=f"`(~knn_recs.item_id.isin(short_head)).groupby(knn_recs.user_id).mean().mean()` = "
        f"{aplt:.4f}, the audit's number. Compare with the {tail_of_catalogue:.1%} of the "
        "catalogue that is long tail: the lists barely touch it.",
        wrong_answers=[
            (
                tail_of_catalogue,
                f"{tail_of_catalogue:.4f} is the long tail's share of the catalogue, not of the recommendations.",
            ),
            (
                1 - head_rating_share,
                "That is the long tail's share of the ratings (1 - 80%), a "
                "property of the data, not of the recommender.",
            ),
            (
                share_head,
                "That is the short-head share of the lists: you counted films *in* "
                "`short_head`; APLT counts those outside it.",
            ),
            (
                1 - share_head if abs((1 - share_head) - aplt) > 5e-4 else np.nan,
                "Close: that is the long-tail share of all recommendations pooled; APLT first takes "
                "each user's share, then the mean over users.",
            ),
        ],
    )


def ship_model(
    *,
    versus_best: Callable[[str], Mapping[str, float]],
    best: str,
    candidates,
    margin: float = 0.10,
    incumbent: str = "item-kNN",
    number: int = 2,
):
    """Decision: keep the incumbent, switch, or "not yet", on relative intervals against a ``margin``.

    ``versus_best(name)`` returns the paired interval of ``name - best`` with its
    relative form (keys ``relative``, ``relative_low``, ``relative_high``). A model
    is *as accurate* when its whole relative interval stays above ``-margin``,
    *worse* when the whole interval is below it, and *not settled* otherwise.

    Defensible answers: the incumbent when it is as accurate (no switch needed);
    ``"not yet"`` when the incumbent is not settled (keep it running while a test
    settles it: switching would rest on a point estimate); the best model, or any
    model as accurate as it, when the incumbent is shown worse, or as accurate
    (other grounds may then decide).
    """
    names = [str(c) for c in candidates]
    if incumbent not in names or best not in names:
        raise ValueError(f"candidates must hold the incumbent {incumbent!r} and the best model {best!r}")
    if not 0 < float(margin) < 1:
        raise ValueError(f"margin must be a relative loss between 0 and 1, got {margin!r}")
    margin = float(margin)

    def status(name):
        if name == best:
            return "as accurate"
        d = versus_best(name)
        if d["relative_low"] >= -margin:
            return "as accurate"
        return "worse" if d["relative_high"] < -margin else "not settled"

    def span(name):
        d = versus_best(name)
        return (
            f"{d['relative']:+.1%} relative to {best} (95% paired bootstrap {d['relative_low']:+.1%} to "
            f"{d['relative_high']:+.1%})"
        )

    def check(answer):
        name = str(answer).strip().strip("'\"")
        if name not in names + ["not yet"]:
            raise ValueError(f"answer with one of {names} or 'not yet'")
        inc = status(incumbent)
        inc_text = (
            f"the incumbent {incumbent} is {span(incumbent)}"
            if incumbent != best
            else f"the incumbent {incumbent} has the highest NDCG"
        )
        if name == "not yet":
            if inc == "not settled":
                return True, (
                    f"Defensible: {inc_text}, an interval that reaches 0 and also reaches past the "
                    f"-{margin:.0%} margin: the incumbent is neither shown as accurate as {best} "
                    "within the margin nor shown worse by more than it. Keep it running while a "
                    "test (more users, or online) settles the question."
                )
            return False, (f"The data already decide: {inc_text}, which is {inc} against the {margin:.0%} margin.")
        if name == incumbent:
            if inc == "as accurate":
                return True, (
                    f"Defensible: {inc_text}: the whole interval stays within the {margin:.0%} "
                    "margin, so keeping it costs nothing the team minds and saves a switch."
                )
            if inc == "worse":
                return False, f"{inc_text}: the whole interval is beyond the margin; it is shown to be worse."
            return False, (
                f"Not shown: {inc_text}. 'Not shown to be worse' is not 'as accurate': the "
                "interval reaches past the margin, so claiming it is as accurate rests on the "
                "point estimate. The honest call is 'not yet'."
            )
        if inc == "not settled":
            return False, (
                f"Switching to {name} rests on a point estimate: {inc_text}, so the incumbent is "
                f"not shown worse than {best} by more than the margin. Answer 'not yet'."
            )
        if status(name) != "as accurate":
            return False, f"{name} is {span(name)}: {status(name)} against the {margin:.0%} margin."
        why = (
            "the incumbent is shown worse, so a switch is justified"
            if inc == "worse"
            else "the incumbent is as accurate too, so other grounds (cost, explainability) can decide"
        )
        return True, f"Defensible: {name} is as accurate as the best within the margin, and {why}."

    def solution():
        rows = [(n, versus_best(n)) for n in names if n != best]
        inc = status(incumbent)
        call = {
            "not settled": "'not yet': keep the incumbent running while a test settles it",
            "as accurate": f"keep {incumbent}",
            "worse": f"switch to {best} (or a model as accurate as it)",
        }[inc]
        return (
            "`versus_best(name)` for each candidate, relative NDCG: "
            + "; ".join(
                f"{n} {d['relative']:+.1%} ({d['relative_low']:+.1%} to {d['relative_high']:+.1%})" for n, d in rows
            )
            + f". The incumbent {incumbent} is {inc} against the {margin:.0%} margin, so: {call}."
        )

    others = [n for n in names if n != incumbent]
    return custom(
        f"{number} · Which model to ship",
        f"The highest offline NDCG is {best}'s; the product ships {incumbent} today. The team counts a model "
        f"as accurate enough when its relative NDCG against {best} cannot be more than {margin:.0%} lower. "
        f"Answer '{incumbent}' to keep it as settled (the data show it accurate enough), a name from "
        f"{others} to switch to it, or 'not yet' to keep {incumbent} running only while the question "
        "stays open and a test settles it. Re-run `versus_best(name)` and read `relative_low` and "
        "`relative_high`.",
        check,
        practice="decision",
        hints=[
            f"`versus_best('{incumbent}')['relative_low']` is the worst relative NDCG change the data allow.",
            f"As accurate: the whole relative interval above -{margin:.0%}. An interval that reaches 0 "
            "and also reaches past the margin is not settled: neither keeping nor switching is shown right.",
        ],
        solution=solution,
    )


def box_mechanisms(boxes: Mapping[str, object], models: Mapping[str, object]) -> dict[str, str]:
    """The answer key of the black boxes: each box's label and the name of the model it wraps.

    ``boxes`` are the :class:`aipm_kit.recsys.BlackBox` objects and ``models`` the fitted models they were
    made from (by name); a box is matched to its model by identity, so no key has to sit in the notebook.
    """
    key = {}
    for label, box in boxes.items():
        inside = getattr(box, "_model", None)
        names = [n for n, m in models.items() if m is inside]
        if len(names) != 1:
            raise ValueError(f"{label} wraps none of the models given (or more than one)")
        key[str(label)] = str(names[0])
    return key


def name_boxes(
    *,
    box_key: Mapping[str, str] | None = None,
    boxes: Mapping[str, object] | None = None,
    models: Mapping[str, object] | None = None,
    box_audits=None,
    number: int = 3,
):
    """Reading: name the mechanism inside each black box.

    Give the boxes and the fitted models they wrap (``boxes=``, ``models=``): the key is read from them
    inside the exercise and never handed to the notebook. ``box_key`` (label -> model name) does the same
    where a key already exists (tests).
    ``box_audits`` (optional): the boxes' audit table, with ``personalisation`` and ``diversity`` per box;
    when given, a wrong name is answered with the numbers that speak against it.
    """
    if box_key is None:
        if boxes is None or models is None:
            raise TypeError("give boxes= and models= (or box_key=)")
        box_key = box_mechanisms(boxes, models)
    key = {str(k): str(v) for k, v in box_key.items()}
    numbers = (
        {str(b): (float(row["personalisation"]), float(row["diversity"])) for b, row in box_audits.iterrows()}
        if box_audits is not None
        else {}
    )

    def explain(box):
        return f"{box} is {key[box]}: {SIGNATURES.get(key[box], '')}."

    def lowest(col):
        return min(numbers, key=lambda b: numbers[b][col])

    def against(box, name):
        """What in the audit table speaks against calling ``box`` ``name`` (the box's own numbers)."""
        if box not in numbers:
            return f"{SIGNATURES.get(name, '')} - does that match its audit and probes?"
        pers, div = numbers[box]
        if name == "popularity" and box != lowest(0):
            return (
                f"popularity gives nearly everyone the same list, so it has the lowest personalisation of "
                f"the boxes; {box}'s is {pers:.2f}, and {lowest(0)}'s {numbers[lowest(0)][0]:.2f} is lower"
            )
        if name == "genre content" and box != lowest(1):
            return (
                f"genre content fills a list from one genre mix, so it has the lowest genre diversity of the "
                f"boxes; {box}'s is {div:.2f}, and {lowest(1)}'s {numbers[lowest(1)][1]:.2f} is lower"
            )
        if name == "item-kNN" and box == lowest(0):
            return (
                f"item-kNN's lists are personal, but {box} has the lowest personalisation of the boxes "
                f"({pers:.2f}): nearly the same list for everyone"
            )
        if name == "item-kNN" and box == lowest(1):
            return (
                f"item-kNN's lists mix genres, but {box} has the lowest genre diversity of the boxes "
                f"({div:.2f}): lists of one genre mix"
            )
        return f"{SIGNATURES.get(name, '')} - does that match its audit and probes?"

    def check(answer):
        if not isinstance(answer, Mapping):
            raise TypeError("answer with a dict such as {'Box A': 'popularity', ...}")
        answer = {str(k).strip(): str(v).strip() for k, v in answer.items()}
        missing = sorted(set(key) - set(answer))
        if missing:
            raise ValueError(f"name every box; missing {missing}")
        names = sorted(set(key.values()))
        bad = sorted(v for v in answer.values() if v not in names)
        if bad:
            raise ValueError(f"use the mechanism names {names}; got {bad}")
        wrong = [b for b in sorted(key) if answer[b] != key[b]]
        if not wrong:
            return True, "All three right. " + " ".join(explain(b) for b in sorted(key))
        tips = " ".join(f"{b} is not {answer[b]}: {against(b, answer[b])}." for b in wrong)
        return False, f"{len(wrong)} of {len(key)} boxes are misnamed. {tips}"

    return custom(
        f"{number} · Name the black boxes",
        f"Name the mechanism inside each black box: a dict like "
        f"{{'Box A': '...', ...}} using the names {sorted(set(key.values()))}.",
        check,
        practice="reading",
        hints=[
            "Start with personalisation and diversity in `box_audits`: one box gives almost "
            "everybody the same films, one gives lists of a single genre mix.",
            "Then the probes: whose horror fan gets only horror? whose horror fan gets the "
            "same blockbusters as the newcomer? whose horror fan gets obscure films?",
            "Popularity: lowest personalisation, highest popularity. Genre content: lowest "
            "diversity, most long tail. The remaining box is item-kNN.",
        ],
        solution=lambda: " ".join(explain(b) for b in sorted(key)),
    )


def exposure_by_hand(
    *,
    recs,
    short_head,
    expected: float,
    number: int = 5,
    lists_name: str = "after_recs",
    lists_what: str = "the re-ranked lists",
):
    """By hand: the long-tail share of position-discounted exposure, ``1 / log2(rank + 1)``."""
    rank = np.asarray(recs["rank"], dtype=float)
    tail = ~np.isin(np.asarray(recs["item_id"]), np.asarray(short_head))
    plain = float(tail.mean())
    by_rank = float((tail / rank).sum() / (1 / rank).sum())
    return numeric(
        f"{number} · Position-weighted exposure by hand",
        f"Weight every slot of {lists_what} (`{lists_name}`) by 1 / log2(rank + 1) and compute "
        "the share of that weight that goes to long-tail films (not in `short_head`). Compare with "
        f"the kit's `rs.tail_exposure_share({lists_name}, short_head)`.",
        expected=lambda: expected,
        atol=5e-4,
        practice="by-hand",
        hints=[
            f"`w = 1 / np.log2({lists_name}['rank'] + 1)`; `tail = ~{lists_name}.item_id.isin(short_head)`.",
            "The share is `w[tail].sum() / w.sum()`: pooled over all slots, not averaged per user.",
        ],
        solution=f"`w[tail].sum() / w.sum()` = {expected:.4f}, below the unweighted {plain:.4f}: the "
        "reserved long-tail films sit low in the lists, where fewer people look.",
        wrong_answers=[
            (
                plain,
                "That is the unweighted share: every slot counts the same. Weight each slot by 1 / log2(rank + 1).",
            ),
            (
                by_rank if abs(by_rank - expected) > 5e-4 else np.nan,
                "That weights by 1 / rank; the discount asked for is 1 / log2(rank + 1).",
            ),
        ],
    )


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


def online_scenario(
    *, primary_half: float, guard_half: float, min_effect_points: float, guard_margin_points: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Exercise 6's made-up intervals, in points: the primary centred on its minimum rise, the guardrail
    half a half-width inside its line (``-guard_margin_points``), each with the half-width given."""
    primary_mid = float(min_effect_points)
    guard_mid = -abs(float(guard_margin_points)) + float(guard_half) / 2
    return ((primary_mid - primary_half, primary_mid + primary_half), (guard_mid - guard_half, guard_mid + guard_half))


def read_online_result(
    *,
    primary: tuple[float, float],
    guardrail: tuple[float, float],
    guard_margin_points: float,
    level: float = 0.95,
    number: int = 6,
):
    """Decision: read a (made-up) online result against the plan's two lines.

    ``primary`` and ``guardrail`` are the ``level`` intervals of the change, in
    points, of the primary metric (fix minus filler; must rise: the whole interval
    above 0) and the guardrail (fix minus control; may fall by at most
    ``guard_margin_points``). Ship when both hold on their whole intervals; stop
    when either fails on its whole interval (the primary's at or below 0, or the
    guardrail's below its line); otherwise "not yet".
    """
    (p_lo, p_hi), (g_lo, g_hi) = sorted(map(float, primary)), sorted(map(float, guardrail))
    line = -abs(float(guard_margin_points))
    if g_hi < line or p_hi <= 0:
        right = "stop"
    elif p_lo > 0 and g_lo > line:
        right = "ship"
    else:
        right = "not yet"
    shown = f"primary {p_lo:+.1f} to {p_hi:+.1f} points; guardrail {g_lo:+.1f} to {g_hi:+.1f} points (line {line:+.1f})"
    options = {
        "ship": "Ship the fix to every user now",
        "stop": "Stop the test, keep item-kNN as it is",
        "not yet": "Neither: keep item-kNN, settle the open line",
    }
    feedback = {
        "ship": (
            f"Not on these intervals ({shown}): a line holds only when its whole interval clears it; "
            "the middle of an interval is a point estimate."
        ),
        "stop": (
            f"Not on these intervals ({shown}): stopping needs a line to fail on its whole interval (the "
            "primary's at or below 0, or the guardrail's below its line); an interval that straddles a line "
            "shows neither harm nor safety."
        ),
        "not yet": (
            f"Not on these intervals ({shown}): both lines hold on their whole intervals (ship), or a "
            "line fails on its whole interval (stop)."
        ),
    }
    feedback[right] = {
        "ship": f"Right: {shown}. Both lines hold on their whole intervals: ship.",
        "stop": (
            f"Right: {shown}. A line fails on its whole interval (the primary's at or below 0, "
            "or the guardrail's below its line): stop."
        ),
        "not yet": (
            f"Right: {shown}. A line that an interval straddles is not settled: do not "
            "ship, and do not stop; say which line is open and what would settle it "
            "(more users for that metric, sized before the extension)."
        ),
    }[right]
    return choice(
        f"{number} · Read the online result",
        f"A scenario (made-up results, not a forecast): the planned test ran. Its {level:.0%} intervals of the change, as the plan defines them (primary: "
        f"fix minus filler; guardrail: fix minus control): {shown}. Ship, stop, or not yet?",
        options,
        right,
        feedback=feedback,
        practice="decision",
        hints=[
            "Ship needs both lines to hold on their whole intervals: the primary's low end above 0 and "
            "the guardrail's low end above its line.",
            "Stop needs a line to fail on its whole interval: the primary's high end at or below 0, or the "
            "guardrail's high end below its line.",
        ],
        solution=feedback[right],
    )
