"""Exercise 2: which kind of failure to fix first, ranked by expected cost and read on its intervals.

Each kind's expected cost per requests, with its interval; the kinds the intervals cannot tell apart
from the costliest; and the decision exercise built on them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import choice


def _fix_bands(*, kinds, counts, n_trials, cost, shares=None, per=1000, paired=None):
    from ...evals.stats import wilson_interval

    if set(kinds) != set(counts) or set(kinds) != set(cost) or (shares is not None and set(shares) != set(kinds)):
        raise ValueError("kinds, counts, cost and shares must name the same failure kinds")
    if n_trials <= 0 or any(counts[k] < 0 or counts[k] > n_trials for k in kinds):
        raise ValueError("counts must lie between 0 and n_trials")
    band = {}
    for k in kinds:
        if shares is None:
            iv = wilson_interval(int(counts[k]), int(n_trials))
            triple = (iv.estimate, iv.low, iv.high)
        else:
            triple = tuple(float(x) for x in shares[k])
            if not 0 <= triple[1] <= triple[0] <= triple[2] <= 1:
                raise ValueError(f"shares[{k!r}] must be (estimate, low, high) with low <= estimate <= high in [0, 1]")
        band[k] = tuple(x * cost[k] * per for x in triple)
    top = max(kinds, key=lambda k: band[k][0])
    if paired is None:
        accepted = {k for k in kinds if band[k][2] >= band[top][1] and counts[k] > 0} or {top}
    else:  # a tie: the paired difference's 95% interval (top's cost minus the kind's) reaches zero, or, since a
        # paired bootstrap comes out narrow near zero, the kind's own interval reaches top's lower end
        # a kind never seen has no paired interval worth reading (its side of every resample is 0): it needs none
        missing = [k for k in kinds if k != top and counts[k] > 0 and (top, k) not in paired]
        if missing:
            raise ValueError(f"paired must give (low, high) for ({top!r}, kind) for every other kind seen: {missing}")
        accepted = {top} | {
            k
            for k in kinds
            if k != top and counts[k] > 0 and (float(paired[(top, k)][0]) <= 0 or band[k][2] >= band[top][1])
        }
    return band, top, accepted


def fix_first_ties(**evidence):
    """The kind with the highest expected cost and every kind the intervals cannot tell apart from it.

    Returns ``(top, others)``: ``others`` is the sorted list of kinds (seen at least once) that the answers
    exercise 2 accepts besides ``top``: those whose cost interval reaches ``top``'s lower end and, with ``paired``,
    also those whose paired difference interval (top minus the kind) reaches zero.

    Parameters
    ----------
    **evidence
        The failure-kind keywords of :func:`fix_first`, read the same way: ``kinds``, ``counts``,
        ``n_trials``, ``cost`` and, optionally, ``shares``, ``per`` (default 1000) and ``paired``
        (not ``version`` or ``paired_name``).

    Returns
    -------
    tuple
        ``(top, others)``: the costliest kind's key, and the sorted list of the other accepted keys.

    Raises
    ------
    ValueError
        As :func:`fix_first` does, when the mappings name different kinds, a count is out of range, a share
        is malformed or ``paired`` misses a kind seen.

    Examples
    --------
    >>> kinds = {"breach": "broke a rule", "gave_up": "gave up", "loop": "looped"}
    >>> cost = {"breach": 60.0, "gave_up": 4.0, "loop": 4.0}
    >>> fix_first_ties(kinds=kinds, counts={"breach": 20, "gave_up": 60, "loop": 2}, n_trials=640, cost=cost)
    ('breach', [])
    >>> fix_first_ties(kinds=kinds, counts={"breach": 3, "gave_up": 60, "loop": 2}, n_trials=640, cost=cost)
    ('gave_up', ['breach'])
    """
    _, top, accepted = _fix_bands(**evidence)
    return top, sorted(accepted - {top})


def fix_first(
    *,
    kinds: Mapping[str, str],
    counts: Mapping[str, int],
    n_trials: int,
    cost: Mapping[str, float],
    shares: Mapping[str, tuple[float, float, float]] | None = None,
    per: int = 1000,
    version: str = "v2",
    paired: Mapping[tuple[str, str], tuple[float, float]] | None = None,
    paired_name: str = "pairs_v2",
):
    """Exercise 2: which kind of failure to fix first, by its expected cost per ``per`` requests.

    ``kinds`` maps a key to its description, ``counts`` the trials of that kind (out of ``n_trials``),
    ``cost`` the assumed dollars one such failure costs. ``shares`` gives each kind's share of trials
    with its 95% interval (estimate, low, high), say over tasks when a task's trials are not
    independent; without it the interval is Wilson's over the trials. Each kind's expected cost per
    ``per`` requests is its share times its cost. Defensible: the kind with the highest expected cost,
    and any kind whose interval reaches the top kind's lower end (the numbers cannot tell them apart). The
    kinds share trials, so when ``paired`` is given (``(a, b) -> (low, high)``, the 95% interval of kind a's
    cost minus kind b's per ``per`` requests, resampling the same tasks) a kind is also not told apart from the
    top one when the paired interval of their difference reaches zero. A paired bootstrap comes out narrow near
    zero, so it never separates two kinds whose own intervals overlap. Besides the top kind, only kinds seen in at
    least one trial are accepted.

    Parameters
    ----------
    kinds : mapping of str to str
        Each failure kind's key and description; the options of the choice.
    counts : mapping of str to int
        Trials of each kind, each between 0 and ``n_trials``; the same keys as ``kinds``.
    n_trials : int
        The trials counted; positive.
    cost : mapping of str to float
        Assumed dollars one failure of each kind costs; the same keys.
    shares : mapping of str to tuple of float, optional
        Each kind's ``(estimate, low, high)`` share of trials, with ``0 <= low <= estimate <= high <= 1``;
        without it, Wilson intervals over the trials.
    per : int, default 1000
        The costs are per this many requests.
    version : str, default "v2"
        The version whose failures are ranked, for the prompt.
    paired : mapping of tuple to tuple of float, optional
        ``{(top, kind): (low, high)}``: the paired 95% interval of the costliest kind's cost minus each other
        kind's, per ``per`` requests; needed for every other kind seen at least once.
    paired_name : str, default "pairs_v2"
        The notebook's name for ``paired``, quoted in the prompt.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among the keys of ``kinds``.

    Raises
    ------
    ValueError
        When the mappings name different kinds, a count is out of range, a share is malformed, or ``paired``
        misses a kind seen.

    Examples
    --------
    Frequent is not costly: ``gave_up`` is three times as common as ``breach`` but costs less per 1,000 requests.

    >>> kinds = {"breach": "broke a rule", "gave_up": "gave up", "loop": "looped"}
    >>> q = fix_first(kinds=kinds, counts={"breach": 20, "gave_up": 60, "loop": 2}, n_trials=640,
    ...               cost={"breach": 60.0, "gave_up": 4.0, "loop": 4.0})
    >>> q.check("breach")
    [2 · What to fix first] Correct: Defensible: `breach` costs the most, 20 of 640 trials, at an assumed $60
    each: about $1,875 per 1,000 requests (95% Wilson $1,219 to $2,866).
    >>> q.check("gave_up").correct
    False
    """
    band, top, accepted = _fix_bands(
        kinds=kinds, counts=counts, n_trials=n_trials, cost=cost, shares=shares, per=per, paired=paired
    )
    how = "95% Wilson" if shares is None else "95%"

    def text(k):
        est, low, high = band[k]
        return (
            f"{counts[k]} of {n_trials} trials, at an assumed ${cost[k]:,.0f} each: about ${est:,.0f} per "
            f"{per:,} requests ({how} ${low:,.0f} to ${high:,.0f})"
        )

    def apart(k):
        if counts[k] == 0:
            return (
                f"no trial showed `{k}`, so there is nothing observed to fix; its 95% upper end "
                f"(${band[k][2]:,.0f}) is only what these tasks cannot rule out. A paired difference against a "
                "kind with no trials cannot vary on that side (it restates the other kind's own interval), so it "
                "tells nothing apart and is not used here"
            )
        overlap = f"its 95% upper end (${band[k][2]:,.0f}) stays below `{top}`'s lower end (${band[top][1]:,.0f})"
        if paired is None:
            return overlap
        low, high = (float(x) for x in paired[(top, k)])
        return (
            f"{overlap}, and the paired 95% interval of the difference (`{top}` minus `{k}`, same tasks) is "
            f"${low:,.0f} to ${high:,.0f}, wholly above zero"
        )

    how_tie = (
        "The numbers cannot tell it apart from"
        if paired is None
        else "The intervals (the kinds' own overlap, or the paired difference reaches zero) cannot tell it apart from"
    )
    feedback = {}
    for k in kinds:
        if k in accepted:
            tie = (
                ""
                if len(accepted) == 1
                else f" {how_tie} {', '.join(f'`{o}`' for o in sorted(accepted - {k}))}, "
                + ("so either is" if len(accepted) == 2 else "so any of them is")
                + " a defensible first target."
            )
            head = "costs the most" if k == top else f"is not told apart from `{top}`, the costliest"
            feedback[k] = f"Defensible: `{k}` {head}, {text(k)}.{tie}"
        else:
            feedback[k] = f"Not first: `{k}` is {text(k)}; `{top}` is {text(top)}, and {apart(k)}. " + (
                "Frequent is not the same as costly: price each kind before you rank it."
                if counts[k] > counts[top]
                else ""
                if counts[k] == 0
                else "It is neither the most frequent nor the most costly kind."
            )
    return choice(
        "2 · What to fix first",
        f"The team can work on one kind of {version}'s failures this sprint. The table above gives each kind's share "
        f"of {version}'s {n_trials} simulated trials, with its interval, and what one such failure costs (your "
        f"assumptions, parameters cell). Price each kind per {per:,} requests, as if live requests came in the task "
        "set's mix, weigh the intervals, and say which kind you ask the team to fix first."
        + (
            ""
            if paired is None
            else f" The kinds share the same trials, so `{paired_name}[(a, b)]` gives the 95% interval of kind a's cost "
            f"minus kind b's, per {per:,} requests, from a paired bootstrap over the same tasks (for the kinds seen at "
            "least once). Near zero a bootstrap comes out narrower than the data allow (the reason the table widens "
            "the kinds' own intervals), so two kinds are told apart only when the paired interval excludes zero and "
            "their own intervals do not overlap."
        )
        + (
            ""
            if all(counts[k] > 0 for k in kinds)
            else f" A kind that no trial showed (0 of {n_trials}: "
            + ", ".join(f"`{k}`" for k in kinds if counts[k] == 0)
            + ") is left out of the ranking: with nothing observed there is nothing to look at or fix, whatever its "
            "upper end."
        ),
        kinds,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "Rank by expected cost (how often x what one costs), not by how often alone.",
            (
                "Two kinds whose cost intervals overlap are not told apart: either is defensible."
                if paired is None
                else "Two kinds are told apart only when their cost intervals do not overlap and the paired "
                "interval of their difference excludes zero."
            ),
        ],
        solution=lambda: ", ".join(f"`{k}`" for k in sorted(accepted)) + ": " + feedback[sorted(accepted)[0]],
    )
