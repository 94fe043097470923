"""Exercises for notebook 10, the recommendation analyzer.

Each exercise is bound next to the section it practises, with the notebook's
own objects; every expected answer is computed from them at check time:

- :func:`aplt_by_hand` (by hand): the long-tail share of the incumbent's lists;
- :func:`ship_model` (decision): which model to ship when accuracy leads sit
  inside their intervals;
- :func:`name_boxes` (reading): the mechanism inside each black box;
- :func:`exposure_by_hand` (by hand): position-discounted long-tail exposure;
- :func:`tail_slots_for_budget` (decision): how many long-tail slots an
  accuracy budget allows, on the sweep's intervals;
- :func:`ab_test` (discussion): how to test the change with real users.
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from . import custom, numeric, thought

#: what gives each mechanism away, used in the black-box feedback
SIGNATURES = {
    "popularity": "near-identical lists for everyone (personalisation far below the others), the "
                  "highest average popularity and no long tail at all; a horror fan and a "
                  "blockbuster lover get the same blockbusters, and one new rating changes a "
                  "list only when it removes a film that was on it",
    "item-kNN": "personal lists (high personalisation, far above popularity) of popular but "
                "not the most popular films; the horror fan gets horror and films that horror "
                "fans also rated, well below the blockbusters in popularity; one new 5-star "
                "rating pulls that film's neighbours into most lists",
    "user-kNN": "lists taken from the films your most similar users rated: personal, but more "
                "popular than item-kNN, since neighbours' lists overlap on popular films",
    "matrix factorisation": "personal lists from a few latent taste dimensions: high "
                            "personalisation, popular films, and genre mixes that follow taste "
                            "clusters rather than single genres",
    "genre content": "lists that are almost all one genre mix (the lowest intra-list "
                     "diversity), far more long-tail films and higher novelty, poor accuracy; "
                     "the horror fan gets nothing but horror, and the newcomer gets the genre "
                     "of their single film",
    "random": "coverage of much of the catalogue, a low Gini, almost no overlap between "
              "users, accuracy near zero, and a list that reshuffles completely on any change",
}


def aplt_by_hand(*, recs, short_head, n_items: int, aplt: float, head_rating_share: float,
                 recommender: str = "item-kNN", number: int = 1):
    """By hand: the long-tail share of ``recommender``'s lists (APLT), against the audit's ``aplt``."""
    head = np.asarray(short_head)
    tail_of_catalogue = 1 - len(head) / n_items
    share_head = float(np.isin(np.asarray(recs["item_id"]), head).mean())
    return numeric(
        f"{number} · Long-tail share by hand",
        f"What share of {recommender}'s recommendations (averaged over users) are long-tail "
        "films, i.e. films outside the short head? Compute it from `knn_recs` and `short_head` "
        "in a line or two of pandas, then compare with the audit's `aplt`.",
        expected=lambda: aplt,
        atol=5e-4,
        practice="by-hand",
        hints=["A film is long tail when its `item_id` is not in `short_head`: "
               "`~knn_recs.item_id.isin(short_head)`.",
               "APLT averages per user: the share of each user's list that is long tail, then "
               "the mean over users: `.groupby(knn_recs.user_id).mean().mean()`."],
        solution=f"`(~knn_recs.item_id.isin(short_head)).groupby(knn_recs.user_id).mean().mean()` = "
                 f"{aplt:.4f}, the audit's number. Compare with the {tail_of_catalogue:.1%} of the "
                 "catalogue that is long tail: the lists barely touch it.",
        wrong_answers=[
            (tail_of_catalogue, f"{tail_of_catalogue:.4f} is the long tail's share of the "
                                "catalogue, not of the recommendations."),
            (1 - head_rating_share, "That is the long tail's share of the ratings (1 - 80%), a "
                                    "property of the data, not of the recommender."),
            (share_head, "That is the short-head share of the lists: you counted films *in* "
                         "`short_head`; APLT counts those outside it."),
            (1 - share_head if abs((1 - share_head) - aplt) > 5e-4 else np.nan,
             "Close: that is the long-tail share of all recommendations pooled; APLT first takes "
             "each user's share, then the mean over users."),
        ],
    )


def ship_model(*, versus_best: Callable[[str], Mapping[str, float]], best: str, candidates,
               number: int = 2):
    """Decision: ship any model whose NDCG is not shown worse than the best one's.

    ``versus_best(name)`` returns the paired interval of ``name - best`` (keys
    ``difference``, ``low``, ``high``); a model is defensible when that interval reaches 0.
    """
    names = [str(c) for c in candidates]

    def check(answer):
        name = str(answer).strip()
        if name not in names:
            raise ValueError(f"answer with one of {names}")
        if name == best:
            return True, (f"Defensible: {best} has the highest NDCG here. Check whether its lead "
                          "over the next model is inside the interval: if it is, cost, "
                          "explainability or what it does to the long tail can decide instead.")
        d = versus_best(name)
        if d["high"] >= 0:
            return True, (f"Defensible: {name} - {best} = {d['difference']:+.4f} NDCG, 95% paired "
                          f"bootstrap {d['low']:+.4f} to {d['high']:+.4f}, which reaches 0: the data "
                          f"do not show {name} is less accurate, so other grounds (it is the "
                          "incumbent, it is cheaper, it is easier to explain) can decide.")
        return False, (f"{name} - {best} = {d['difference']:+.4f} NDCG with a 95% interval "
                       f"{d['low']:+.4f} to {d['high']:+.4f}, wholly below 0: it is shown to be "
                       "less accurate, so shipping it needs a reason the offline test cannot see.")

    def solution():
        rows = [(n, versus_best(n)) for n in names if n != best]
        tied = [n for n, d in rows if d["high"] >= 0]
        return (f"`versus_best(name)` for each candidate: "
                + "; ".join(f"{n} {d['difference']:+.4f} ({d['low']:+.4f} to {d['high']:+.4f})"
                            for n, d in rows)
                + f". Defensible: {', '.join([best] + tied)}. Among statistically tied models, "
                  "ship the one that is cheaper to run and explain, or the incumbent, and say "
                  "the accuracy difference is not settled.")

    return custom(
        f"{number} · Which model to ship",
        f"The highest offline NDCG is {best}'s. Which of {names} would you ship? Re-run "
        "`versus_best(name)` for the ones you consider: a model is a defensible choice when its "
        "paired 95% interval against the best one reaches 0.",
        check, practice="decision",
        hints=["`versus_best('item-kNN')` returns the paired bootstrap interval of item-kNN - best.",
               "A model whose interval lies wholly below 0 is shown to be less accurate."],
        solution=solution,
    )


def name_boxes(*, box_key: Mapping[str, str], number: int = 3):
    """Reading: name the mechanism inside each black box."""
    key = {str(k): str(v) for k, v in box_key.items()}

    def explain(box):
        return f"{box} is {key[box]}: {SIGNATURES.get(key[box], '')}."

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
        tips = " ".join(
            f"{b} is not {answer[b]}: {SIGNATURES.get(answer[b], '')} - does that match its "
            "audit and probes?" for b in wrong)
        return False, f"{len(wrong)} of {len(key)} boxes are misnamed. {tips}"

    return custom(
        f"{number} · Name the black boxes",
        f"Name the mechanism inside each black box: a dict like "
        f"{{'Box A': '...', ...}} using the names {sorted(set(key.values()))}.",
        check, practice="reading",
        hints=["Start with personalisation and diversity in `box_audits`: one box gives almost "
               "everybody the same films, one gives lists of a single genre mix.",
               "Then the probes: whose horror fan gets only horror? whose horror fan gets the "
               "same blockbusters as the newcomer? whose horror fan gets obscure films?",
               "Popularity: lowest personalisation, highest popularity. Genre content: lowest "
               "diversity, most long tail. The remaining box is item-kNN."],
        solution=lambda: " ".join(explain(b) for b in sorted(key)),
    )


def exposure_by_hand(*, recs, short_head, expected: float, number: int = 4):
    """By hand: the long-tail share of position-discounted exposure, ``1 / log2(rank + 1)``."""
    rank = np.asarray(recs["rank"], dtype=float)
    tail = ~np.isin(np.asarray(recs["item_id"]), np.asarray(short_head))
    plain = float(tail.mean())
    by_rank = float((tail / rank).sum() / (1 / rank).sum())
    return numeric(
        f"{number} · Position-weighted exposure by hand",
        "Weight every slot of the re-ranked lists (`after_recs`) by 1 / log2(rank + 1) and compute "
        "the share of that weight that goes to long-tail films (not in `short_head`). Compare with "
        "the kit's `rs.tail_exposure_share(after_recs, short_head)`.",
        expected=lambda: expected, atol=5e-4, practice="by-hand",
        hints=["`w = 1 / np.log2(after_recs['rank'] + 1)`; `tail = ~after_recs.item_id.isin(short_head)`.",
               "The share is `w[tail].sum() / w.sum()`: pooled over all slots, not averaged per user."],
        solution=f"`w[tail].sum() / w.sum()` = {expected:.4f}, below the unweighted {plain:.4f}: the "
                 "reserved long-tail films sit low in the lists, where fewer people look.",
        wrong_answers=[
            (plain, "That is the unweighted share: every slot counts the same. Weight each slot "
                    "by 1 / log2(rank + 1)."),
            (by_rank if abs(by_rank - expected) > 5e-4 else np.nan,
             "That weights by 1 / rank; the discount asked for is 1 / log2(rank + 1)."),
        ],
    )


def tail_slots_for_budget(*, evidence: Callable[[int], Mapping[str, float]], budget: float,
                          max_slots: int, number: int = 5):
    """Decision: reserve a number of long-tail slots whose accuracy cost fits ``budget``.

    ``evidence(slots)`` returns the relative NDCG change with its 95% paired
    interval (``relative``, ``relative_low``, ``relative_high``). A slot count
    of at least 1 is defensible when the whole interval stays above
    ``-budget``; when none does, 0 is the defensible answer.
    """
    def fits(slots):
        return evidence(slots)["relative_low"] >= -budget

    def check(answer):
        if isinstance(answer, bool) or not float(answer).is_integer():
            raise ValueError("answer with a whole number of slots")
        slots = int(answer)
        if not 0 <= slots <= max_slots:
            raise ValueError(f"answer with a slot count from 0 to {max_slots}")
        any_fit = any(fits(s) for s in range(1, max_slots + 1))
        if slots == 0:
            if any_fit:
                return False, ("0 slots keeps accuracy but buys no exposure, and some slot counts "
                               f"fit the {budget:.0%} budget on their whole interval: look again.")
            return True, (f"Defensible: no slot count keeps its whole interval within the "
                          f"{budget:.0%} budget, so reserve none and test a softer fix.")
        e = evidence(slots)
        if fits(slots):
            return True, (f"Defensible: {slots} slot(s) cost {e['relative']:+.1%} NDCG (95% paired "
                          f"bootstrap {e['relative_low']:+.1%} to {e['relative_high']:+.1%}); the "
                          f"whole interval stays within the {budget:.0%} budget.")
        return False, (f"{slots} slot(s) cost {e['relative']:+.1%} NDCG with a 95% interval reaching "
                       f"{e['relative_low']:+.1%}: the data cannot rule out a loss beyond the "
                       f"{budget:.0%} budget.")

    def solution():
        rows = [(s, evidence(s)) for s in range(1, max_slots + 1)]
        ok = [s for s, e in rows if e["relative_low"] >= -budget]
        return ("`tail_slot_evidence(s)` for each s: "
                + "; ".join(f"{s}: {e['relative']:+.1%} ({e['relative_low']:+.1%} to "
                            f"{e['relative_high']:+.1%})" for s, e in rows)
                + f". Within the {budget:.0%} budget on the whole interval: "
                + (", ".join(map(str, ok)) if ok else "none (answer 0)")
                + ". The largest of them buys the most exposure; a smaller one leaves room for "
                  "the online test to disagree with the offline one.")

    return custom(
        f"{number} · Long-tail slots for an accuracy budget",
        f"The team accepts at most a {budget:.0%} relative loss of offline NDCG. How many of the 10 "
        f"slots (0 to {max_slots}) would you reserve for the long tail? Re-run "
        "`tail_slot_evidence(slots)` and decide on the interval, not the point estimate.",
        check, practice="decision",
        hints=["`tail_slot_evidence(2)['relative_low']` is the worst relative NDCG change the data "
               "allow at 2 slots.",
               "A slot count fits the budget when that lower end is at least -budget."],
        solution=solution,
    )


def ab_test(*, tail_slots: int, number: int = 6):
    """Discussion: how to test the change with real users."""
    return thought(
        f"{number} · How would you test it online?",
        f"You reserve {tail_slots} of 10 slots for long-tail films. How would you test it with real "
        "users before rolling it out: primary metric, guardrails, who to look at separately?",
        hints=["Offline accuracy on held-out ratings rewards recommending what people already "
               "found, which are mostly popular films; it cannot see the value of discovery.",
               "Name a business metric (long-term retention, catalogue revenue share, share of "
               "niche users who stay) and an A/B test design with a guardrail on short-term "
               "engagement."],
        solution="Ship the re-ranker behind an A/B test, not on the offline numbers alone. "
                 "Offline NDCG drops because held-out ratings were collected under a "
                 "popularity-biased system. Primary metric: a longer-horizon engagement measure "
                 "(returning users, watch time over 4-8 weeks); secondary: share of plays from "
                 "the long tail and the number of titles with any plays; guardrails: click-through "
                 "on the first row and complaints. Check niche users separately, since they gain "
                 "most from the tail. Start with a small slot count, ramp up if the guardrails hold.",
    )
