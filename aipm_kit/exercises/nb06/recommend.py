"""Exercise 4 of notebook 06: what to recommend, from the priced options and their launch gates.

Launching an option is defensible only on a gate that reads GO; a shadow run, a side-by-side pilot, or the
owner's written amendment that launches the model as it is meanwhile are defensible when the evidence leaves
room for them.
"""

from __future__ import annotations

from .. import custom
from ._interim import _interim_words, _usd


def bind_recommend(
    *,
    gate_of,
    chosen: str,
    other: str,
    saving,
    baseline: str = "read every review",
    incumbent: str = "accept the risk",
    meanwhile: str = "the hand rule",
    interim=None,
):
    """Exercise 4 (decision): what to recommend, from the cost comparison and the launch gates.

    ``gate_of(option)`` returns the launch :class:`~aipm_kit.gates.Gate` of ``chosen`` (the option the
    development half picked), ``other`` (the other measured option), ``incumbent`` (the model launched as it
    is, with no fix) and ``baseline`` (no model, a person reads every review). ``meanwhile`` is what routes
    complaints today; ``interim`` is ``(estimate, low, high)``, the first-year saving of ``incumbent`` over it with
    its paired 95% interval (None: not priced). When that interval lies above zero and a shadow or pilot is
    warranted, launching ``incumbent`` in place of ``meanwhile`` while it runs (``g``) is accepted as an interim;
    otherwise the feedback says the comparison is not settled and the owner decides. ``saving`` is
    ``(estimate, low, high)``: the
    first-year saving of ``chosen`` over ``other``, with its paired 95% interval. Launching an option is
    accepted only when its gate reads GO. Running ``chosen`` in shadow is accepted when its gate reads NOT YET
    and ``other`` is not shown to cost less; a side-by-side pilot of both is accepted when neither gate is
    NO-GO and the saving's interval spans zero. The feedback on each pick says why.

    Parameters
    ----------
    gate_of : callable
        ``gate_of(option)`` gives the launch gate of each of ``chosen``, ``other``, ``incumbent`` and
        ``baseline``; called again at check time.
    chosen : str
        The option the development half picked.
    other : str
        The other measured option.
    saving : tuple of (float, float, float)
        ``(estimate, low, high)`` of the first-year saving of ``chosen`` over ``other``, in dollars, with its
        paired 95% interval.
    baseline : str, default "read every review"
        The option with no model.
    incumbent : str, default "accept the risk"
        The model launched as it is, with no fix.
    meanwhile : str, default "the hand rule"
        What routes complaints today.
    interim : tuple of (float, float, float), optional
        ``(estimate, low, high)`` of the first-year saving of ``incumbent`` over ``meanwhile``, in dollars, with its
        paired 95% interval; None when it was not priced.

    Returns
    -------
    Exercise
        A decision exercise, ``"4 · What do you recommend?"``; the answer is one letter, ``a`` to ``g``.

    Examples
    --------
    The detector's gate reads NOT YET (its share of reviews straddles the 25% cap) and its saving over the route
    spans zero: shadowing it (``e``) and piloting both (``f``) are the defensible calls.

    >>> from aipm_kit.gates import Gate, criterion
    >>> from aipm_kit.metrics import wilson_interval
    >>> def gate(*rows):
    ...     return Gate("launch", [criterion(name, k / n, op, line, interval=wilson_interval(k, n), n=n,
    ...                                      evidence=f"{k} of {n}") for name, k, n, op, line in rows])
    >>> gates = {
    ...     "sarcasm detector": gate(("sarcasm", 16, 20, ">=", 0.5), ("all", 98, 102, ">=", 0.9),
    ...                              ("share", 48, 200, "<=", 0.25)),
    ...     "human review route": gate(("sarcasm", 9, 20, ">=", 0.5), ("all", 98, 102, ">=", 0.9),
    ...                                ("share", 20, 200, "<=", 0.25)),
    ...     "accept the risk": gate(("sarcasm", 6, 20, ">=", 0.5), ("all", 80, 102, ">=", 0.9),
    ...                             ("share", 0, 200, "<=", 0.25)),
    ...     "read every review": gate(("sarcasm", 20, 20, ">=", 0.5), ("all", 102, 102, ">=", 0.9),
    ...                               ("share", 100, 200, "<=", 0.25)),
    ... }
    >>> q = bind_recommend(gate_of=gates.__getitem__, chosen="sarcasm detector", other="human review route",
    ...                    saving=(25_680, -44_400, 102_480))
    >>> [key for key in "abcdefg" if q.check(key).correct]
    ['e', 'f']
    >>> q.check("a")
    [4 · What do you recommend?] Not yet: Not on this evidence: the launch gate of sarcasm detector reads NOT YET
    (*share* 0.24 (95% 0.186 to 0.304) straddles <= 0.25). Launch only on a gate that reads GO.
    """
    from ...gates import Gate

    names = {
        "a": f"launch the {chosen} now",
        "b": f"launch the {other} now",
        "c": f"{incumbent}: launch the model as it is, with no fix",
        "d": f"drop the model: {baseline}",
        "e": f"run the {chosen} in shadow on real reviews; launch it once its gate clears",
        "f": f"pilot the {chosen} and the {other} side by side on the same labelled real reviews",
        "g": (
            f"launch the model as it is now in place of {meanwhile}, as the owner's written amendment to the "
            f"gate, while the {chosen} is shadowed or both fixes are piloted"
        ),
    }
    option_of = {"a": chosen, "b": other, "c": incumbent, "d": baseline}

    def gates_now():
        out = {o: gate_of(o) for o in (chosen, other, incumbent, baseline)}
        for o, g in out.items():
            if not isinstance(g, Gate):
                raise TypeError(f"gate_of({o!r}) must return a gates.Gate, got {type(g).__name__}")
        return out

    usd = _usd
    interim_ok, interim_words = _interim_words(interim, meanwhile)

    def why_not(g) -> str:
        open_ = [c for c in g.criteria if c.status != "pass"]
        word = {"fail": "misses", "inconclusive": "straddles"}
        return "; ".join(
            f"*{c.name.lower()}* {c.value} (95% {c.interval}) {word[c.status]} {c.condition}" for c in open_
        )

    shadow_limit = (
        "A shadow run logs calls but no labels, so it can settle only the share criterion; recall would "
        "still rest on kit-written reviews until a labelled sample of real reviews is measured, and the "
        "launch waits for that too."
    )

    def accepted_and_feedback():
        g = gates_now()
        est, lo, hi = (float(x) for x in saving)
        unsettled = lo <= 0 <= hi
        other_cheaper = hi < 0
        ok, fb = set(), {}
        for key, o in option_of.items():
            if g[o].verdict == "GO":
                ok.add(key)
                fb[key] = f"Defensible: the launch gate of {o} reads GO, every criterion's whole interval on its side."
            else:
                fb[key] = (
                    f"Not on this evidence: the launch gate of {o} reads {g[o].verdict} ({why_not(g[o])}). "
                    "Launch only on a gate that reads GO."
                )
        if g[chosen].verdict == "NOT YET" and not other_cheaper:
            ok.add("e")
            fb["e"] = (
                f"Defensible: the {chosen} is the cheaper at its point cost (by about {usd(est)} a year) and "
                f"its gate reads NOT YET, not NO-GO ({why_not(g[chosen])}); shadow on real reviews, at the sizes the gate "
                "plans, tests that (the shadow's calls are logged, not acted on). It leaves the cost ranking "
                "against the "
                f"{other} open (95% {usd(lo)} to {usd(hi)}), which a side-by-side pilot would test. "
                + shadow_limit
                + " "
                + interim_words
            )
        else:
            fb["e"] = (
                f"Not here: the gate of the {chosen} reads {g[chosen].verdict}"
                + (f" and the {other} costs less beyond the noise" if other_cheaper else "")
                + "."
            )
        if unsettled and "NO-GO" not in (g[chosen].verdict, g[other].verdict):
            ok.add("f")
            fb["f"] = (
                f"Defensible: neither gate reads NO-GO ({chosen} {g[chosen].verdict}, {other} "
                f"{g[other].verdict}) and the saving of the {chosen} over the {other} runs from {usd(lo)} to "
                f"{usd(hi)} (95% paired), across zero. A pilot of both on the same labelled real reviews "
                "tests the open lines and the cost ranking at once; its size is planned from the smallest "
                "saving worth switching for, so a smaller saving can leave the ranking open. " + interim_words
            )
        else:
            fb["f"] = (
                "Not needed here: "
                + (
                    f"the cost ranking is settled (95% {usd(lo)} to {usd(hi)})"
                    if not unsettled
                    else f"a gate reads NO-GO ({chosen} {g[chosen].verdict}, {other} {g[other].verdict})"
                )
                + "."
            )
        tested = bool({"e", "f"} & ok)
        if interim_ok and tested:
            ok.add("g")
            est, lo, hi = (float(x) for x in interim)
            fb["g"] = (
                f"Defensible only as the owner's written amendment to the gate, not as the gate's call: the "
                f"model as it is reads {g[incumbent].verdict} on the launch lines set in advance ("
                f"{why_not(g[incumbent]) or 'none open'}), so launching it in place of {meanwhile} misses them. "
                f"What the amendment rests on: priced by the same rule on the held-out reviews, the model saves "
                f"{usd(est)} a year over {meanwhile} (95% paired {usd(lo)} to {usd(hi)}). What it must name as "
                "still open: those launch lines, recall on real reviews (not yet measured), and the fix's own "
                "gate, which still decides the launch. Its rollback line is written down before it goes live."
            )
            if "c" not in ok:
                fb["c"] += (
                    " As the owner's written amendment to the gate while a fix is tested, though, it is option `g`."
                )
        elif not tested:
            fb["g"] = (
                "Not needed here: no shadow or pilot is called for"
                + (f"; launch what passes its gate ({', '.join(names[k] for k in sorted(ok))})" if ok else "")
                + "."
            )
        else:
            fb["g"] = "Not on this evidence. " + interim_words
        return ok, fb

    def checker(answer):
        key = str(answer).strip().strip("'\"").lower()
        if key not in names:
            raise ValueError(f"answer with one of {list(names)}")
        ok, fb = accepted_and_feedback()
        others = [k for k in sorted(ok) if k != key]
        caveat = {
            "e": (
                ", though a shadow run logs no labels, so it can settle only the share criterion, and "
                "recall would still rest on kit-written reviews"
            )
        }  # what a shadow cannot settle
        also = (
            " Also defensible: " + "; ".join(f"`{k}` ({names[k]}{caveat.get(k, '')})" for k in others) + "."
            if others
            else ""
        )
        return key in ok, fb[key] + (also if key in ok else "")

    def solution():
        ok, fb = accepted_and_feedback()
        return " ".join(f"`{k}` ({names[k]}): {fb[k]}" for k in names)

    options_md = "; ".join(f"`{k}` {v}" for k, v in names.items())
    return custom(
        "4 · What do you recommend?",
        f"The support lead asks for one recommendation. Use the held-out cost comparison (the saving of the {chosen} "
        f"over each other option, with its 95% paired interval) and the launch gates: the {chosen}'s above and the "
        f"{other}'s beside it, with the gates of {incumbent} and of {baseline} computed the same way "
        f"(`launch_gate(option=...)`), and the pricing of {meanwhile}, which routes complaints today. Options: "
        f"{options_md}. Answer with one letter.",
        checker,
        hints=[
            "Launch only what passes its gate now; an option whose gate reads NOT YET can still be run where it "
            "does no harm while evidence comes in.",
            "Is the cheaper option's lead over the other beyond the noise? If not, what would test both the "
            "gate and the ranking?",
        ],
        solution=solution,
        practice="decision",
    )
