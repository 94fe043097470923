"""Exercises for notebook 10, the recommendation analyzer.

``q1, q2, q3, q4 = bind(...)`` with the notebook's own objects; every expected
answer is computed from them at check time.
"""

from __future__ import annotations

from typing import Mapping

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


def bind(*, recs, short_head, n_items: int, aplt: float, head_rating_share: float,
         changed_share: Mapping[str, float], box_key: Mapping[str, str],
         tail_slots: int = 3, recommender: str = "item-kNN"):
    """Build the four exercises from the notebook's data.

    Parameters
    ----------
    recs : the audited recommender's lists (``user_id, rank, item_id``).
    short_head : item ids of the short head.
    n_items : catalogue size.
    aplt : the audit's long-tail share (the expected answer to q1).
    head_rating_share : share of training ratings held by the short head.
    changed_share : recommender name -> share of lists changed by one rating.
    box_key : ``Box X`` -> recommender name (hidden answer to q3).
    tail_slots : slots the re-ranker reserves (quoted in q4).
    """
    head = np.asarray(short_head)
    n_head = len(head)
    tail_of_catalogue = 1 - n_head / n_items
    share_head = float(np.isin(np.asarray(recs["item_id"]), head).mean())

    q1 = numeric(
        "q1",
        f"What share of {recommender}'s recommendations (averaged over users) are long-tail "
        "films, i.e. films outside the short head? Compute it from `recs` and `short_head`.",
        expected=lambda: aplt,
        atol=5e-4,
        hints=["A film is long tail when its `item_id` is not in `short_head`: "
               "`~recs.item_id.isin(short_head)`.",
               "APLT averages per user: the share of each user's list that is long tail, then "
               "the mean over users: `.groupby(recs.user_id).mean().mean()`."],
        solution=f"`(~recs.item_id.isin(short_head)).groupby(recs.user_id).mean().mean()` = "
                 f"{aplt:.4f}. Compare with the {tail_of_catalogue:.1%} of the catalogue that is "
                 "long tail: the lists barely touch it.",
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

    rates = {str(k): float(v) for k, v in changed_share.items()}

    def check_q2(answer):
        name = str(answer).strip()
        if name not in rates:
            raise ValueError(f"answer with one of {sorted(rates)}")
        low = min(rates.values())
        if abs(rates[name] - low) < 1e-12:
            return True, (f"Yes: {name}'s lists changed for only {rates[name]:.0%} of users. It does "
                          "not read your history except to drop what you have seen, so one new "
                          "rating changes the list only when the new film was on it.")
        return False, (f"{name}'s lists changed for {rates[name]:.0%} of users; another "
                       f"recommender changed for only {low:.0%}. Look at `perturb_table`.")

    q2 = custom(
        "q2",
        "Which recommender's lists changed *least* often when a user added one 5-star rating? "
        f"Answer with its name, one of {sorted(rates)}.",
        check_q2,
        hints=["The `changed_share` column of `perturb_table` holds the answer.",
               "Think about which model ignores the user's history when it scores films."],
        solution=lambda: (f"`{min(rates, key=rates.get)}`: "
                          + ", ".join(f"{k} {v:.0%}" for k, v in sorted(rates.items(),
                                                                       key=lambda kv: kv[1]))),
    )

    key = {str(k): str(v) for k, v in box_key.items()}

    def explain(box):
        return f"{box} is {key[box]}: {SIGNATURES.get(key[box], '')}."

    def check_q3(answer):
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

    q3 = custom(
        "q3",
        f"Name the mechanism inside each black box: a dict like "
        f"{{'Box A': '...', ...}} using the names {sorted(set(key.values()))}.",
        check_q3,
        hints=["Start with personalisation and diversity in `box_audits`: one box gives almost "
               "everybody the same films, one gives lists of a single genre mix.",
               "Then the probes: whose horror fan gets only horror? whose horror fan gets the "
               "same blockbusters as the newcomer? whose horror fan gets obscure films?",
               "Popularity: lowest personalisation, highest popularity. Genre content: lowest "
               "diversity, most long tail. The remaining box is item-kNN."],
        solution=lambda: " ".join(explain(b) for b in sorted(key)),
    )

    q4 = thought(
        "q4",
        f"The re-ranker reserves {tail_slots} of 10 slots for long-tail films. As the PM, what "
        "would you ship, and how would you test it with real users before rolling it out?",
        hints=["Offline accuracy on held-out ratings rewards recommending what people already "
               "found, which are mostly popular films; it cannot see the value of discovery.",
               "Name a business metric (long-term retention, catalogue revenue share, share of "
               "niche users who stay) and an A/B test design with a guardrail on short-term "
               "engagement."],
        solution="Ship the re-ranker behind an A/B test, not on the offline numbers alone. "
                 "Offline NDCG drops a little because held-out ratings were collected under a "
                 "popularity-biased system. Primary metric: a longer-horizon engagement measure "
                 "(returning users, watch time over 4-8 weeks); secondary: share of plays from "
                 "the long tail and the number of titles with any plays; guardrails: click-through "
                 "on the first row and complaints. Check niche users separately, since they gain "
                 "most from the tail. Start with a small slot count, ramp up if the guardrails hold.",
    )
    return q1, q2, q3, q4
