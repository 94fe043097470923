"""Exercise 2 of notebook 10: keep the incumbent, switch, or "not yet", on relative intervals against a margin.

A model is as accurate as the best when its whole relative NDCG interval stays above minus the margin, worse when
the whole interval is below it, and not settled otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .. import custom


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

    Parameters
    ----------
    versus_best : callable
        ``versus_best(name)`` gives a mapping with ``relative``, ``relative_low`` and ``relative_high``: the
        relative NDCG change of model ``name`` against ``best`` and its 95% paired interval, as shares
        (-0.05 for 5% lower). It is not called for ``best`` itself.
    best : str
        The model with the highest offline NDCG; must be among ``candidates``.
    candidates : iterable
        The model names a learner may answer with; must hold ``incumbent`` and ``best``.
    margin : float, default 0.10
        The relative NDCG loss the team accepts, strictly between 0 and 1.
    incumbent : str, default "item-kNN"
        The model the product ships today.
    number : int, default 2
        The exercise's number in the notebook.

    Returns
    -------
    Exercise
        A decision exercise, ``"N · Which model to ship"``; the answer is a name from ``candidates`` or
        ``"not yet"``.

    Raises
    ------
    ValueError
        When ``candidates`` lacks the incumbent or the best model, or ``margin`` is not between 0 and 1.

    Examples
    --------
    The incumbent's interval reaches 0 and also past the 10% margin: it is not settled, so only "not yet" holds.

    >>> rel = {
    ...     "item-kNN": {"relative": -0.054, "relative_low": -0.15, "relative_high": 0.04},
    ...     "user-kNN": {"relative": -0.004, "relative_low": -0.09, "relative_high": 0.08},
    ... }
    >>> q = ship_model(versus_best=rel.__getitem__, best="mf", candidates=["mf", "user-kNN", "item-kNN"])
    >>> q.check("not yet").correct
    True
    >>> q.check("mf")
    [2 · Which model to ship] Not yet: Switching to mf rests on a point estimate: the incumbent item-kNN is -5.4%
    relative to mf (95% paired bootstrap -15.0% to +4.0%), so the incumbent is not shown worse than mf by more
    than the margin. Answer 'not yet'.
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
