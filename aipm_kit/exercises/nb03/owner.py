"""Exercise 2: who may switch the model off alone, and who is told the same day."""

from __future__ import annotations

#: Exercise 2's roles: who may switch the model off alone, and who is told the same day
ROLES = {
    "a": "the on-call engineer whom the serving and precision alerts page, at any hour",
    "b": "the product manager, who owns the add-on's business case, in office hours",
    "c": "the review-team lead, whose team reviews every hold, in office hours",
    "d": "the change committee, at its next weekly meeting",
    "e": "the data scientist who trained the model, once they have found the cause",
    "f": "fraud operations, who answer for the chargebacks",
}
#: who may act alone: someone the alert reaches at any hour, who can act within the response time
ACTS_ALONE_OK = ("a",)
#: who must hear the same day: the owner of the business case and the team whose workload changes
MUST_BE_TOLD = ("b", "c")
_ALONE_WHY = {
    "b": "the alerts fire at any hour and the runbook gives a person about an hour to act; a product manager in "
    "office hours leaves nights and weekends with nobody who may act, and the alerts do not page them",
    "c": "the review-team lead sees the verdicts, not the pages, and only in office hours; at night nobody could act",
    "d": "a committee that meets weekly turns an hour's response into days: a switch that needs a meeting is no "
    "switch, and switching off is the safe act (the rule runs alone, as it did for months)",
    "e": "finding the cause comes after the switch, not before it: waiting for a diagnosis keeps a failing model "
    "serving for hours",
    "f": "fraud operations read the chargebacks, weeks late, and are not paged: they would learn of a failure last",
}
_TOLD_WHY = {
    "b": "the product manager owns the business case: with the model off, the fraud only its holds stop goes "
    "through, and switching back on needs them",
    "c": "the review-team lead's workload changes the moment the model is off (its extra holds stop) and again when "
    "it returns; their team also sees first whether the rule alone is coping",
}


def bind_owner():
    """Exercise 2: who may switch the model off without a meeting, and who is told the same day.

    The answer is a dict ``{"acts alone": key, "told": [keys]}`` with keys of :data:`ROLES`. Every
    answer whose actor is in :data:`ACTS_ALONE_OK` and whose told list holds :data:`MUST_BE_TOLD`
    passes (telling more people is harmless); each wrong pick is explained.

    Returns
    -------
    Exercise
        ``q2``, a decision answered with ``{"acts alone": key, "told": [keys]}``; the roles are shown as its
        options. It takes no parameters: the roles and the right picks are this module's.

    Examples
    --------
    >>> q2 = bind_owner()
    >>> q2.check({"acts alone": "a", "told": ["b", "c"]}).correct
    True
    >>> q2.check({"acts alone": "e", "told": ["b", "c"]}).message
    "Not 'e' alone: finding the cause comes after the switch, not before it: waiting for a diagnosis keeps a
    failing model serving for hours."
    """
    from .. import Exercise

    def checker(answer):
        if not isinstance(answer, dict):
            raise TypeError("answer with a dict: {'acts alone': 'a', 'told': ['b', 'c']}")
        parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
        if "acts alone" not in parts or "told" not in parts:
            return False, "Give both keys: 'acts alone' (one role) and 'told' (a list of roles)."
        actor = str(parts["acts alone"]).strip().strip("'\"").lower()
        told = parts["told"]
        if isinstance(told, str):
            told = [told]
        if not hasattr(told, "__iter__"):
            raise TypeError("'told' is a list of role keys, e.g. ['b', 'c']")
        told = {str(t).strip().strip("'\"").lower() for t in told}
        unknown = sorted((told | {actor}) - set(ROLES))
        if unknown:
            return False, f"{unknown} are not among the roles {list(ROLES)}."
        if actor not in ACTS_ALONE_OK:
            return False, f"Not '{actor}' alone: {_ALONE_WHY[actor]}."
        missing = [k for k in MUST_BE_TOLD if k not in told]
        if missing:
            return False, "Who is told leaves someone out: " + "; ".join(_TOLD_WHY[k] for k in missing) + "."
        extra = sorted(told - set(MUST_BE_TOLD) - {actor})
        more = f" Telling {' and '.join(ROLES[k].split(',')[0] for k in extra)} as well does no harm." if extra else ""
        return True, (
            "Defensible: the person the alert pages may switch the model off at once, with no meeting: "
            "switching off is the safe act, the rule runs alone as it did for months, and each hour of "
            "waiting keeps a failing model serving. The product manager and the review-team lead hear the "
            "same day, because the business case and the review workload both change." + more
        )

    return Exercise(
        "2 · Who may pull the switch",
        "The serving alerts page someone at any hour, and the switch to the rule only helps if that person may "
        "throw it. Decide the runbook's two lines: who may switch the model off **alone, without a meeting** "
        "(one role), and who **must be told the same day** (a list). Answer "
        "`{'acts alone': <key>, 'told': [<keys>]}` with keys of the roles below.",
        checker=checker,
        hints=[
            "Who does the alert reach at 3 a.m., and who could act within the hour the runbook allows?",
            "Switching off is the safe act: what changes for the business, and for the team that reviews the "
            "holds, the moment the model is off?",
        ],
        solution=lambda: (
            "`{'acts alone': 'a', 'told': ['b', 'c']}`: the on-call engineer the alerts page may act "
            "at once; the product manager (the business case) and the review-team lead (the workload) "
            "are told the same day. Telling fraud operations too is fine; a committee or a diagnosis "
            "first is not: it turns an hour into days."
        ),
        options=ROLES,
        practice="decision",
    )
