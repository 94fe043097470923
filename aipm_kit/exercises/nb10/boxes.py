"""Exercise 3 of notebook 10: name the mechanism inside each black box.

What gives each mechanism away, the answer key read from the boxes and the models they wrap (by identity), and
the exercise that answers a wrong name with the box's own audit numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import custom

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


def box_mechanisms(boxes: Mapping[str, object], models: Mapping[str, object]) -> dict[str, str]:
    """The answer key of the black boxes: each box's label and the name of the model it wraps.

    ``boxes`` are the :class:`aipm_kit.recsys.BlackBox` objects and ``models`` the fitted models they were
    made from (by name); a box is matched to its model by identity, so no key has to sit in the notebook.

    Parameters
    ----------
    boxes : mapping
        Box label -> black box; each box holds the model it wraps in its ``_model`` attribute.
    models : mapping
        Model name -> the fitted model object.

    Returns
    -------
    dict of str to str
        Box label -> the name of the model it wraps.

    Raises
    ------
    ValueError
        When a box wraps none of ``models`` (or more than one name maps to its model).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> pop, knn = object(), object()
    >>> boxes = {"Box A": SimpleNamespace(_model=knn), "Box B": SimpleNamespace(_model=pop)}
    >>> box_mechanisms(boxes, {"popularity": pop, "item-kNN": knn})
    {'Box A': 'item-kNN', 'Box B': 'popularity'}
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
    where a key already exists (tests). The answer is a dict naming every box; a wrong answer says how many boxes
    are misnamed and what speaks against each wrong name, never which name is right.

    Parameters
    ----------
    box_key : mapping of str to str, optional
        Box label -> the name of the model inside; used instead of ``boxes`` and ``models``.
    boxes : mapping, optional
        Box label -> black box, read with :func:`box_mechanisms`; needs ``models``.
    models : mapping, optional
        Model name -> the fitted model the boxes were made from.
    box_audits : pandas.DataFrame, optional
        The boxes' audit table, indexed by box label, with ``personalisation`` and ``diversity`` columns;
        when given, a wrong name is answered with the numbers that speak against it.
    number : int, default 3
        The exercise's number in the notebook.

    Returns
    -------
    Exercise
        A reading exercise, ``"N · Name the black boxes"``.

    Raises
    ------
    TypeError
        When neither ``box_key`` nor both ``boxes`` and ``models`` are given.

    Examples
    --------
    >>> q = name_boxes(box_key={"Box A": "item-kNN", "Box B": "popularity"})
    >>> q.prompt
    "Name the mechanism inside each black box: a dict like {'Box A': '...', ...} using the names ['item-kNN', 'popularity']."
    >>> q.check({"Box A": "item-kNN", "Box B": "popularity"}).correct
    True
    >>> q.check({"Box A": "popularity", "Box B": "item-kNN"})
    [3 · Name the black boxes] Not yet: 2 of 2 boxes are misnamed. Box A is not popularity: ...
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
