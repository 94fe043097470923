"""Exercises 10 and 11 of notebook 06: the flags of two roles, and which role to pursue with what to ask.

A role with at most one red flag, asked about, is a defensible pick, with questions for every green flag its
text does not show; the worked answer follows the stage the learner's background suits first.
"""

from __future__ import annotations

from .. import custom

#: Which kind of role suits each background first (the kit's reading of POSITIONING, for discussion).
BACKGROUND_STAGE = {"engineer": "startup", "pm": None, "domain_expert": "enterprise"}


def bind_career(*, roles, practice_keys=("C", "D"), background: str = "engineer"):
    """Exercise 10 (reading): the flags of two roles. Exercise 11 (decision): which role to pursue, what to ask.

    ``roles`` are :class:`~aipm_kit.interview.RolePosting` objects. Exercise 10 takes
    ``{role key: [flag names]}`` for the roles in ``practice_keys``. Exercise 11 takes
    ``{"role": key, "ask": [flag names]}``: a role whose text shows no red flag, or at most one red flag
    that the answer asks about, is accepted, with an ``ask`` that covers every green flag the text does not
    show (the questions for the next interview). ``background`` ("engineer", "pm", "domain_expert") picks
    the worked answer: the fitting stage from :data:`BACKGROUND_STAGE`.

    Parameters
    ----------
    roles : iterable of aipm_kit.interview.RolePosting
        The role postings, each with its key, stage, text, flags and evidence.
    practice_keys : tuple of str, default ("C", "D")
        The roles whose flags Exercise 10 asks for; each must be among ``roles``.
    background : str, default "engineer"
        The learner's background, one of the keys of :data:`BACKGROUND_STAGE`.

    Returns
    -------
    tuple of (Exercise, Exercise)
        ``"10 · Green and red flags in roles ..."`` (reading) and ``"11 · Which role would you pursue, and what
        would you ask?"`` (decision).

    Raises
    ------
    ValueError
        When ``background`` is unknown or a key of ``practice_keys`` is not among ``roles``.

    Examples
    --------
    >>> from aipm_kit.interview import ROLE_POSTINGS
    >>> q10, q11 = bind_career(roles=ROLE_POSTINGS)
    >>> q10.check({"C": ["clear_ownership", "mlops", "overpromising"],
    ...            "D": ["mlops", "siloed_data_science", "unknown_performance"]}).correct
    True
    >>> q11.check({"role": "B", "ask": ["mlops"]})
    [11 · Which role would you pursue, and what would you ask?] Correct: Role B (startup, score +2, no red flag).
    Next interview, ask: “How does a model get from a notebook to production, and how would you roll it back
    today?” The answers decide whether the score holds. It is a startup role that, on the kit's reading (a
    judgement for discussion, not a measured fact), your background (`engineer`) suits first.
    >>> q11.check({"role": "D", "ask": []}).correct
    False
    """
    if background not in BACKGROUND_STAGE:
        raise ValueError(f"background must be one of {list(BACKGROUND_STAGE)}, got {background!r}")
    from ...interview import CAREER_FLAGS, QUESTIONS_TO_ASK, check_role_flags, score_roles

    roles = {r.key: r for r in roles}
    missing = [k for k in practice_keys if k not in roles]
    if missing:
        raise ValueError(f"practice_keys {missing} are not among the roles {list(roles)}")
    table = score_roles(roles.values())

    def checker9(answer):
        if not isinstance(answer, dict):
            raise TypeError("answer with a dict: {" + ", ".join(f'"{k}": [...]' for k in practice_keys) + "}")
        keys = {str(k).strip().upper(): v for k, v in answer.items()}
        if set(keys) != set(practice_keys):
            raise ValueError(f"give the flags for exactly the roles {list(practice_keys)}, got {sorted(keys)}")
        results = [check_role_flags(roles[k], keys[k]) for k in practice_keys]
        return all(ok for ok, _ in results), " ".join(msg for _, msg in results)

    q9 = custom(
        "10 · Green and red flags in roles " + " and ".join(practice_keys),
        "Read the postings and interview notes of roles " + " and ".join(practice_keys) + " and list the flags "
        "each one shows, using the names " + ", ".join(f"`{f}`" for f in CAREER_FLAGS) + ". Count a flag only "
        "when the text shows it; a green flag the text is silent on, or speaks against, is a question to ask, not "
        "a flag. Answer with "
        "`{" + ", ".join(f'"{k}": [...]' for k in practice_keys) + "}`.",
        checker9,
        hints=[
            "Go through the six flags in turn and look for the words that show each one.",
            "A team that names its model's current numbers, and how it measured them, does not have the "
            "`unknown_performance` flag; a monitored, versioned deploy with a rollback switch is `mlops`.",
        ],
        solution=lambda: " ".join(check_role_flags(roles[k], sorted(roles[k].flags))[1] for k in practice_keys),
    )

    def checker10(answer):
        if not isinstance(answer, dict) or "role" not in answer:
            raise TypeError('answer with {"role": "X", "ask": ["flag", ...]}')
        key = str(answer["role"]).strip().upper()
        if key not in roles:
            raise ValueError(f"role is one of {list(roles)}, got {answer['role']!r}")
        ask = answer.get("ask", [])
        ask = [ask] if isinstance(ask, str) else list(ask)
        ask = {str(a).strip() for a in ask}
        unknown = sorted(ask - set(CAREER_FLAGS))
        if unknown:
            raise ValueError(f"unknown flag(s) {unknown} in ask; use names from {list(CAREER_FLAGS)}")
        role, row = roles[key], table.loc[key]
        reds = [f for f in sorted(role.flags) if CAREER_FLAGS[f][0] == "red"]
        if len(reds) > 1:
            return False, (
                f"Role {key} shows {len(reds)} red flags: "
                + "; ".join(f"`{f}` (\u201c{role.evidence[f]}\u201d)" for f in reds)
                + f". Its score is {row['score']:+d}. Pursue a role with at most one, and ask about it "
                "first."
            )
        to_ask = reds + [f for f in row["to_ask"].split(", ") if f]
        unasked = [f for f in to_ask if f not in ask]
        if unasked:
            return False, (
                f"Role {key} is a fair pick (score {row['score']:+d}, no red flag), but you would still "
                "not know: " + "; ".join(f"`{f}`: ask \u201c{QUESTIONS_TO_ASK[f]}\u201d" for f in unasked) + "."
            )
        asks = " ".join(f"\u201c{QUESTIONS_TO_ASK[f]}\u201d" for f in to_ask)
        red_words = (
            f"one red flag, `{reds[0]}`, which you ask about first and walk away from if the answer confirms it"
            if reds
            else "no red flag"
        )
        fit = BACKGROUND_STAGE[background]
        fit_words = (
            ""
            if fit is None
            else f" It is {'a' if role.stage == fit else 'not the'} {fit} role that, on "
            "the kit's reading (a judgement for discussion, not a measured fact), your background "
            f"(`{background}`) suits first"
            + ("." if role.stage == fit else ": if you agree with that reading, say why you still want it.")
        )
        return True, (
            f"Role {key} ({role.stage}, score {row['score']:+d}, {red_words}). Next interview, ask: {asks} "
            f"The answers decide whether the score holds.{fit_words}"
        )

    def solution10():
        n_red = {k: len([f for f in table.loc[k, "red"].split(", ") if f]) for k in roles}
        ok = [k for k in roles if n_red[k] <= 1]
        parts = [
            f"role {k} ({roles[k].stage}, score {table.loc[k, 'score']:+d}), asking about "
            + ", ".join(
                [f for f in table.loc[k, "red"].split(", ") if f] + [f for f in table.loc[k, "to_ask"].split(", ") if f]
            )
            for k in ok
        ]
        fit = BACKGROUND_STAGE[background]
        pick = [k for k in ok if fit is None or roles[k].stage == fit]
        pick = sorted(pick, key=lambda k: -table.loc[k, "score"])[:1] or ok[:1]
        return (
            "Rule out the roles with more than one red flag ("
            + ", ".join(k for k in roles if k not in ok)
            + "). Either role left is defensible: "
            + "; or ".join(parts)
            + ". With `MY_BACKGROUND = "
            f"{background!r}`, the worked pick is role {pick[0]}"
            + (
                f", a {fit} role, the kind that background suits first on the kit's reading, a judgement for "
                "discussion (building the deploy path yourself suits an engineer as bridge; an enterprise clinical "
                "product suits a domain expert)"
                if fit
                else ", the higher score; a PM can argue for either"
            )
            + ". Ask about every red flag first and every "
            "green flag the text does not show."
        )

    q10 = custom(
        "11 · Which role would you pursue, and what would you ask?",
        f"Using the flags, the rubric's scores (work them out yourself) and your background (`MY_BACKGROUND = "
        f"{background!r}`; the kit's reading of which stage suits it is under *Startups and enterprises*), pick the role "
        "you would pursue and the flags you would ask about in the next interview: any red flag it shows, and "
        'every green flag it does not show. Answer with `{"role": "X", "ask": ["flag", ...]}`.',
        checker10,
        hints=[
            "A red flag shown in the text is a reason to walk away or to ask hard questions first.",
            "For the role you pick, which green flags does the text not show? Those are your questions.",
        ],
        solution=solution10,
        practice="decision",
    )
    return q9, q10
