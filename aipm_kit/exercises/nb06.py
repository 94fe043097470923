"""Exercises for notebook 06 (interview practice).

Expected answers are computed from what the notebook passes to the ``bind_*``
functions, at check time; the decision exercises re-run the notebook's own
functions (``held_out_options``, ``route_gate``) or the kit's
(:func:`~aipm_kit.interview.rollback_fire_chance`,
:func:`~aipm_kit.interview.score_team_maturity`) on the learner's answer, so
every answer the evidence supports is accepted.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from . import _as_number, choice, custom
from ._answers import pair

VERDICTS = ("GO", "NO-GO", "NOT YET")


def _share(value, name: str) -> float:
    v = _as_number(value)
    if 1 < v <= 100:
        raise ValueError(f"give {name} as a share between 0 and 1 (for 70%, write 0.7), got {v:g}")
    if not 0 <= v <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {v:g}")
    return v


# --------------------------------------------------------------------------- section 1: the case


def bind_case(*, slice_table):
    """Exercise 1 (by hand): the 95% Wilson interval of recall on the sarcastic slice.

    ``slice_table`` comes from :func:`aipm_kit.interview.metrics_by_slice` with a ``caught``
    column (complaints caught per slice).
    """
    from ..metrics import wilson_interval

    k = int(slice_table.loc["sarcastic", "caught"])
    n = int(slice_table.loc["sarcastic", "positives"])
    p = k / n
    kit = wilson_interval(k, n)
    wald = (p - 1.96 * math.sqrt(p * (1 - p) / n), p + 1.96 * math.sqrt(p * (1 - p) / n))
    ninety = wilson_interval(k, n, confidence=0.90)

    def checker(answer):
        low, high = sorted(_as_number(x) for x in pair(answer, "(low, high)"))
        close = lambda a, b: abs(a[0] - b[0]) <= 0.002 and abs(a[1] - b[1]) <= 0.002  # noqa: E731
        if close((low, high), kit):
            return True, (
                f"{low:.3f} to {high:.3f} matches the kit's `wilson_interval({k}, {n})`. It is not "
                f"centred on {p:.3f}: Wilson pulls the centre towards one half, which keeps the interval "
                "inside 0 to 1 and honest on small slices."
            )
        if close((low, high), wald):
            return False, (
                "That is the Wald interval, p ± 1.96·sqrt(p(1−p)/n): centred on p and too narrow on "
                "small samples. Wilson's centre is (p + z²/2n)/(1 + z²/n), its half-width "
                "z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)."
            )
        if close((low, high), ninety):
            return False, "That is the 90% Wilson interval (z = 1.645); the question asks for 95% (z = 1.96)."
        return False, (
            f"{low:.3f} to {high:.3f} is not the 95% Wilson interval for {k} of {n}. Check p = k/n, "
            "z = 1.96 and the z²/n terms, or ask for `hint()`."
        )

    return custom(
        "1 · A Wilson interval by hand",
        f"The model caught {k} of the {n} sarcastic complaints. Compute the 95% Wilson interval of that recall "
        "yourself in a few lines of numpy, then compare it with `wilson_interval(k, n)` from `aipm_kit.metrics`. "
        "Answer with the pair `(low, high)`.",
        checker,
        hints=[
            "p = k / n and z = 1.96. The Wilson interval's centre is (p + z²/(2n)) / (1 + z²/n).",
            "Half-width: z · sqrt(p(1−p)/n + z²/(4n²)) / (1 + z²/n); the interval is centre ± half-width.",
        ],
        solution=lambda: (
            f"p = {k}/{n} = {p:.3f}; centre {(p + 1.96**2 / (2 * n)) / (1 + 1.96**2 / n):.3f}; "
            f"interval {kit[0]:.3f} to {kit[1]:.3f}, the kit's number. The Wald interval, "
            f"{wald[0]:.3f} to {wald[1]:.3f}, is centred on p and narrower than the evidence allows "
            f"on {n} cases."
        ),
        practice="by-hand",
    )


def _break_even(held_out_options, first: str, second: str) -> float:
    """The cost of a missed complaint at which ``first`` and ``second`` cost the same over the first year.

    Each option's first-year cost is linear in that cost (a fixed part plus misses times the cost), so two
    pricings give each line.
    """
    at0 = held_out_options(missed_complaint_cost=0.0)["first-year cost ($)"]
    at1 = held_out_options(missed_complaint_cost=1.0)["first-year cost ($)"]
    slope = {o: at1[o] - at0[o] for o in (first, second)}
    if abs(slope[first] - slope[second]) < 1e-9:
        return math.inf
    return float((at0[second] - at0[first]) / (slope[first] - slope[second]))


def bind_options(
    *, held_out_options, default_cost: float, first: str = "accept the risk", second: str = "human review route"
):
    """Exercise 2 (by hand): the break-even cost of a missed complaint between two options.

    ``held_out_options(missed_complaint_cost=...)`` returns the options table priced on the
    held-out reviews, with ``one-off cost ($)``, ``running cost ($/month)``, ``missed complaints
    per month`` and ``first-year cost ($)`` columns. Any answer within 2% (or 10 cents) of the break-even
    is accepted; the feedback says which option each side of it favours.
    """
    table = held_out_options(missed_complaint_cost=default_cost)
    for o in (first, second):
        if o not in table.index:
            raise ValueError(f"option {o!r} is not in the options table {list(table.index)}")

    def checker(answer):
        cost = _as_number(answer)
        even = _break_even(held_out_options, first, second)
        if not math.isfinite(even) or even < 0:
            return False, f"`{first}` and `{second}` never cost the same at a non-negative cost here."
        if abs(cost - even) <= max(0.02 * even, 0.10):
            return True, (
                f"About ${even:,.2f} per missed complaint: below it `{first}` is cheaper over the first "
                f"year, above it `{second}`. The notebook's ${default_cost:,.0f} is "
                f"{default_cost / even:.1f} times that, so the choice is not close unless a miss is "
                "really worth only a few dollars; near the break-even the two cost about the same and "
                "the choice rests on the interval of their difference, not on which point is lower."
            )
        year = held_out_options(missed_complaint_cost=cost)["first-year cost ($)"]
        gap = year[first] - year[second]
        return False, (
            f"At ${cost:,.2f} per miss `{first}` costs ${year[first]:,.0f} and `{second}` "
            f"${year[second]:,.0f} in the first year, ${abs(gap):,.0f} apart, so that is not where they "
            f"meet. Write each first-year cost as fixed + 12 × misses a month × cost and solve for the "
            "cost where the two are equal."
        )

    return custom(
        "2 · When is accepting the risk cheaper?",
        f"The notebook priced a missed complaint at ${default_cost:,.0f}, a guess. Rather than guess another, find "
        f"the break-even: the cost of one missed complaint at which `{first}` and `{second}` cost the same over "
        "the first year, at this shop's volume. Work it from the held-out table above (first-year cost = one-off + "
        "12 × (running cost + missed complaints per month × cost)) and answer with the cost in dollars (the feedback "
        "says which option is cheaper on each side of it).",
        checker,
        hints=[
            "Both first-year costs are straight lines in the cost of a miss c: fixed_A + 12·misses_A·c and "
            "fixed_B + 12·misses_B·c. Set them equal.",
            "`held_out_options(missed_complaint_cost=0.0)` gives each option's fixed part; the column "
            "`missed complaints per month` gives each slope (times 12).",
        ],
        solution=lambda: (
            f"Fixed parts and slopes from the table; they meet at about "
            f"${_break_even(held_out_options, first, second):,.2f} per missed complaint. Below it "
            f"`{first}` is cheaper, above it `{second}`."
        ),
        practice="by-hand",
    )


STATUS_WORDS = {"pass": "pass", "fail": "fail", "not yet": "inconclusive", "inconclusive": "inconclusive"}


def _margins(counts) -> dict:
    """Points between each criterion's line and the near end of its 95% Wilson interval (negative: the line is inside)."""
    from ..metrics import wilson_interval

    out = {}
    for name, row in counts.iterrows():
        low, high = wilson_interval(int(row["k"]), int(row["n"]))
        out[name] = 100 * ((low - row["line"]) if row["condition"] == ">=" else (row["line"] - high))
    return out


def _misses_to_not_yet(k: int, n: int, condition: str, line: float) -> int | None:
    """How many cases going the wrong way (one fewer caught, or one more review added) turn a passing
    criterion's 95% Wilson interval into one that reaches its line; ``None`` if it does not pass now."""
    from ..metrics import wilson_interval

    def passes(kk):
        low, high = wilson_interval(kk, n)
        return low >= line if condition == ">=" else high <= line

    if not passes(k):
        return None
    step = -1 if condition == ">=" else 1
    m = 1
    while 0 <= k + step * m <= n and passes(k + step * m):
        m += 1
    return m


def bind_gate(
    *,
    route_gate,
    counts=None,
    note: str = (
        "Both recall criteria assume the person reads the routed reviews right, and recall on "
        "sarcasm rests on the fewest cases."
    ),
):
    """Exercise 3 (by hand): take the chosen option's launch gate before seeing it.

    ``route_gate()`` returns a :class:`~aipm_kit.gates.Gate` whose criteria carry their counts in
    ``evidence`` and their lines, set in the parameters cell before any evidence. The answer is the
    status of each criterion ("pass", "fail" or "not yet"), in the gate's order, then the verdict.
    ``counts`` (optional) is the table of ``k``, ``n``, ``condition`` and ``line`` per criterion the
    notebook shows; with it the feedback gives each margin to its line and names the passing criterion with
    the thinnest margin, with how many cases going the other way would make it reach its line.
    ``note`` closes the feedback on a right answer (the assumptions the gate rests on).
    """
    from ..gates import Gate

    gate = route_gate()
    if not isinstance(gate, Gate):
        raise TypeError(f"route_gate() must return a gates.Gate, got {type(gate).__name__}")
    names = [c.name for c in gate.criteria]

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != len(names) + 1:
            raise TypeError(
                f"answer with {len(names) + 1} words: the status of each criterion ({', '.join(names)}) "
                "then the verdict: (status, status, status, verdict)"
            )
        *statuses, verdict = [str(a).strip().lower().replace("_", " ") for a in answer]
        bad = [s for s in statuses if s not in STATUS_WORDS]
        if bad:
            raise ValueError(f"a criterion's status is 'pass', 'fail' or 'not yet', got {bad}")
        verdict = verdict.upper()
        if verdict not in VERDICTS:
            raise ValueError(f"the verdict is one of {list(VERDICTS)}")
        g = route_gate()
        wrong = [(c, s) for c, s in zip(g.criteria, statuses) if STATUS_WORDS[s] != c.status]
        if wrong:
            why = {
                "pass": "its whole interval clears the line",
                "fail": "its whole interval misses the line",
                "inconclusive": "its interval straddles the line (not yet)",
            }
            return False, (
                "Not yet: "
                + "; ".join(
                    f"*{c.name}* is {c.value}, 95% Wilson {c.interval}, against {c.condition}: {why[c.status]}"
                    for c, _ in wrong
                )
                + ". Decide each on its interval, not on the point."
            )
        if verdict != g.verdict:
            return False, (
                f"The criteria are right, but the verdict is {g.verdict}, not {verdict}: GO needs every "
                "criterion to pass, one fail makes it NO-GO, and otherwise a 'not yet' makes it NOT YET."
            )
        margin_words = ""
        if counts is not None:
            margins = _margins(counts)
            margin_words = (
                " Margins between each interval's near end and its line: "
                + ", ".join(f"{name.lower()} {m:+.1f} points" for name, m in margins.items())
                + "."
            )
            open_ = [name for name, m in margins.items() if m < 0]
            if open_:
                margin_words += (
                    " The line falls inside the interval of "
                    + " and of ".join(f"*{name.lower()}*" for name in open_)
                    + ", and that decides the verdict."
                )
            passing = {name: m for name, m in margins.items() if m >= 0}
            if passing:
                thin = min(passing, key=passing.get)
                row = counts.loc[thin]
                flips = _misses_to_not_yet(int(row["k"]), int(row["n"]), row["condition"], float(row["line"]))
                wrong_way = "fewer caught" if row["condition"] == ">=" else "more added"
                margin_words += (
                    f" Of the criteria that pass, the thinnest is *{thin.lower()}* "
                    f"({passing[thin]:+.1f} points): {flips} {wrong_way} of the same {int(row['n'])} and "
                    "its interval reaches the line, so that pass is the one to watch first."
                )
        return True, f"{g.verdict}, with every criterion decided on its 95% Wilson interval.{margin_words} {note}"

    def solution():
        g = route_gate()
        return (
            "Compute each 95% Wilson interval from the counts and compare it with the line: "
            + "; ".join(f"{c.name}: {c.value} ({c.interval}) against {c.condition}, {c.status}" for c in g.criteria)
            + f". Verdict: {g.verdict}."
        )

    return custom(
        "3 · GO, NO-GO or NOT YET?",
        "The three lines were set in the parameters cell before any evidence: "
        + "; ".join(f"*{c.name}* {c.condition}" for c in gate.criteria)
        + ". From the held-out counts printed "
        "above, compute each criterion's 95% Wilson interval (by hand or with `wilson_interval(k, n)`), call each "
        "'pass', 'fail' or 'not yet', and give the gate's verdict, 'GO', 'NO-GO' or 'NOT YET'. Answer with the three "
        "statuses in that order, then the verdict: `(status, status, status, verdict)`, each a word in quotes.",
        checker,
        hints=[
            "A criterion passes when its whole interval is on the right side of the line, fails when the whole "
            "interval is on the wrong side, and is 'not yet' when the line falls inside it.",
            "For a cap (<=), the interval's high end must be under the line to pass.",
        ],
        solution=solution,
        practice="by-hand",
    )


def _usd(v: float) -> str:
    return f"\u2212${abs(v):,.0f}" if v < 0 else f"${v:,.0f}"


def _interim_words(interim, meanwhile: str) -> tuple[bool, str]:
    """Whether the model as it is is shown to cost less than ``meanwhile`` (what routes complaints today), from
    ``interim`` = (estimate, low, high) of its first-year saving over it with a 95% paired interval, and a
    sentence saying what routes complaints while a fix is tested."""
    if interim is None:
        return False, f"What routes complaints meanwhile, the model as it is or {meanwhile}, was not priced here."
    est, lo, hi = (float(x) for x in interim)
    span = f"{_usd(est)} a year (95% paired {_usd(lo)} to {_usd(hi)})"
    if lo > 0:
        return True, (
            f"Priced by the same rule on the held-out reviews, the model as it is saves {span} over "
            f"{meanwhile}; routing with it meanwhile would launch it below the lines set in advance, which "
            "only the owner's written amendment to the gate could allow."
        )
    if hi < 0:
        return (
            False,
            f"Meanwhile {meanwhile} keeps routing: it costs less than the model as it is by {_usd(-est)} a year (95% paired {_usd(-hi)} to {_usd(-lo)}).",
        )
    return False, (
        f"Whether the model as it is or {meanwhile} routes complaints meanwhile is not settled by the "
        f"priced comparison (saving {span}, across zero): the owner decides."
    )


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
    """
    from ..gates import Gate

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


# --------------------------------------------------------------------------- section 2: the reports


def bind_reports(*, report_a, report_d, drop_to: float, catch: float, noise_limit: float | None = None):
    """Exercise 5 (reading): Report A's red flags. Exercise 6 (decision): Report D's rollback rule.

    ``report_d.rollback_check`` is ``(line, alerts_per_day, in_a_row, precision, checks_per_month)``.
    A rule ``{"days", "line", "in_a_row"}`` pools ``days`` days of alerts per check (``30 // days``
    checks a month); it is accepted when a model at the reported precision trips it in at most
    ``noise_limit`` of months (default :data:`~aipm_kit.interview.NOISY_ROLLBACK_CHANCE`, set once in the
    notebook's parameters cell) and a model whose precision fell to
    ``drop_to`` trips it in at least ``catch`` of months.
    """
    from ..interview import NOISY_ROLLBACK_CHANCE, RED_FLAGS, check_red_flags, find_red_flags, rollback_fire_chance

    NOISY_ROLLBACK_CHANCE = NOISY_ROLLBACK_CHANCE if noise_limit is None else float(noise_limit)  # noqa: N806
    flags = sorted(find_red_flags(report_a, noisy_rollback_chance=NOISY_ROLLBACK_CHANCE))
    accuracy = report_a.metrics.get("accuracy")
    base = report_a.validation_base_rate
    baseline = (
        f" Set the headline beside the trivial baseline: {accuracy:.1%} accuracy, where predicting *no "
        f"fraud* for every transaction scores {1 - base:.1%} on the same validation data (fraud is "
        f"{base:.1%} of it); the report sets no baseline beside it, and the accuracy says almost nothing "
        "about fraud caught."
        if accuracy is not None
        else ""
    )
    q4 = custom(
        "5 · The red flags in Report A",
        f"List the red flags in '{report_a.title}', using the names " + ", ".join(f"`{f}`" for f in RED_FLAGS) + ".",
        lambda answer: check_red_flags(report_a, answer, noisy_rollback_chance=NOISY_ROLLBACK_CHANCE),
        hints=[
            "Check five things in turn: how many metrics, whether validation looks like production, whether a "
            "rollback number exists, how many alerts it is read from, and every segment's recall, with its 95% "
            "interval, against the rest.",
            "Compare the two positive rates: a relative difference above a quarter, or a production rate that "
            "is only assumed, not measured, means nothing shows the validation data is production-like.",
        ],
        solution=lambda: f"`{flags}`: " + "; ".join(RED_FLAGS[f] for f in flags) + "." + baseline,
    )

    _, per_day, _, reported, _ = report_d.rollback_check
    from ..metrics import wilson_interval

    # The healthy precision is itself an estimate: a rule must stay quiet at the low end of its 95% interval.
    precision = reported
    healthy_words = f"its reported {reported:.1%} precision"
    if report_d.alerts:
        n_alerts = int(report_d.alerts)
        low = float(wilson_interval(int(round(reported * n_alerts)), n_alerts)[0])
        lines = np.round(np.arange(0.05, 0.96, 0.01), 2)
        feasible = any(
            rollback_fire_chance(ln, per_day * d, 1, low, 30 // d) <= NOISY_ROLLBACK_CHANCE
            and rollback_fire_chance(ln, per_day * d, 1, drop_to, 30 // d) >= catch
            for d in (1, 2, 3, 5, 7, 10, 14, 15, 30)
            for ln in lines
        )
        if feasible:
            precision = low
            healthy_words = (
                f"{low:.1%}, the low end of the 95% Wilson interval of the reported {reported:.1%} "
                f"precision ({n_alerts} alerts)"
            )
        else:
            healthy_words = (
                f"its reported {reported:.1%} precision (on {n_alerts} alerts no rule within a month can "
                f"stay quiet at the interval's low end, {low:.1%}: a limitation to state)"
            )

    def chances(days, line, in_a_row):
        checks = 30 // days
        return (
            rollback_fire_chance(line, per_day * days, in_a_row, precision, checks),
            rollback_fire_chance(line, per_day * days, in_a_row, drop_to, checks),
        )

    def parse(answer):
        if isinstance(answer, dict):
            days, line, in_a_row = answer.get("days"), answer.get("line"), answer.get("in_a_row", 1)
        elif not isinstance(answer, (str, bytes)) and hasattr(answer, "__len__") and len(answer) in (2, 3):
            days, line, in_a_row = (tuple(answer) + (1,))[:3]
        else:
            raise TypeError('answer with {"days": ..., "line": ..., "in_a_row": ...}')
        days_f, runs_f = _as_number(days), _as_number(in_a_row)
        if days_f != int(days_f) or not 1 <= days_f <= 30:
            raise ValueError(f"days is a whole number of days from 1 to 30, got {days!r}")
        days = int(days_f)
        if runs_f != int(runs_f) or not 1 <= runs_f <= 30 // days:
            raise ValueError(
                f"in_a_row is a whole number of checks from 1 to {30 // days} (checks in a month when "
                f"each pools {days} days), got {in_a_row!r}"
            )
        return days, _share(line, "the line"), int(runs_f)

    def checker(answer):
        days, line, in_a_row = parse(answer)
        false_alarm, caught = chances(days, line, in_a_row)
        rule = (
            f"pooling {days} {'day' if days == 1 else 'days'} (about {per_day * days:.0f} alerts), line "
            f"{line:.0%}, {in_a_row} {'check' if in_a_row == 1 else 'checks'} in a row"
        )
        facts = (
            f"a healthy model at {precision:.1%} precision trips it in {false_alarm:.1%} of months; one fallen to "
            f"{drop_to:.0%} in {caught:.1%}"
        )
        if false_alarm <= NOISY_ROLLBACK_CHANCE and caught >= catch:
            return True, (
                f"{rule}: {facts}. It rarely fires by chance and still catches a real fall. The price of "
                "pooling is time: a fall shows only after the pooled days have passed."
            )
        problems = []
        if false_alarm > NOISY_ROLLBACK_CHANCE:
            problems.append(
                f"it fires by chance more than {NOISY_ROLLBACK_CHANCE:.0%} of months (pool more days or lower the line)"
            )
        if caught < catch:
            problems.append(
                f"it catches the fall in fewer than {catch:.0%} of months (raise the line or pool more days)"
            )
        return False, f"{rule}: {facts}. Not yet: " + " and ".join(problems) + "."

    def solution():
        ok = []
        for days in (1, 2, 3, 5, 7, 10, 14, 15, 30):
            good = [
                ln
                for ln in np.round(np.arange(0.05, 0.96, 0.01), 2)
                if (lambda fa, c: fa <= NOISY_ROLLBACK_CHANCE and c >= catch)(*chances(days, ln, 1))
            ]
            if good:
                ok.append(f"{days} days pooled, a line from {min(good):.0%} to {max(good):.0%}")
        old_fa, old_catch = chances(1, report_d.rollback_check[0], report_d.rollback_check[2])
        return (
            f"At about {per_day:.1f} alerts a day one day's precision is noise: the report's own rule trips "
            f"by chance in {old_fa:.0%} of months. Pool days so each check reads enough alerts, then put the "
            f"line between the healthy precision, taken as {healthy_words}, and the fall to catch "
            f"({drop_to:.0%}). With one check at a time, rules that pass: "
            + ("; ".join(ok) or "none")
            + ". Any of them is right; a longer pool is quieter but slower to react."
        )

    q5 = custom(
        "6 · A rollback rule for Report D",
        f"Report D's rule (simulated payments) reads precision from about {per_day:.1f} alerts a day. Set a rule that fires by chance in "
        f"at most {NOISY_ROLLBACK_CHANCE:.0%} of months for a healthy model, taken as {healthy_words}, "
        f"and that catches a real fall to {drop_to:.0%} precision in at least {catch:.0%} of months. Try rules with "
        "`interview.rollback_fire_chance(line, alerts_per_day * days, in_a_row, precision, 30 // days)` and answer "
        'with `{"days": ..., "line": ..., "in_a_row": ...}` (days of alerts pooled per check).',
        checker,
        hints=[
            "`line_d, alerts_d, in_a_row_d, precision_d, _ = report_d.rollback_check` gives the report's numbers; "
            "`report_d.alerts` is how many alerts its precision was measured on, for `wilson_interval`.",
            "Precision read from n alerts scatters by about sqrt(p(1−p)/n): pool enough days that the healthy "
            "and the fallen precision are several of those apart, and put the line between them.",
        ],
        solution=solution,
        practice="decision",
    )
    return q4, q5


# --------------------------------------------------------------------------- section 3: discussion


#: Exercise 7's options: a stakeholder says "it is accurate, ship it" and proposes lower launch lines
#: (similar lengths on purpose; three of them hold, for different reasons; ``f`` launches the model as it is
#: as the owner's amendment to the gate, defensible only as that, when it is priced below the hand rule beyond
#: the noise).
SHIP_CALLS = {
    "a": "Ship it: its accuracy beats both the hand rule and the majority class.",
    "b": "Ship it: the 95% intervals clear the lines, so the gate now passes.",
    "c": "Hold: the proposed lines are cleared, but lines set in advance stay.",
    "d": "Hold: keep the lines set in advance; nor are the proposed ones cleared.",
    "e": "Hold it until accuracy on all labelled reviews reaches 97% or more.",
    "f": "As the owner's amendment, launch it as is in place of the hand rule.",
}


def _gate_words(gate: dict) -> str:
    return "; ".join(
        f"recall on {name} {lo:.1%} to {hi:.1%} (95% Wilson) {status} the {line:.0%} line"
        for name, (lo, hi, line, status) in gate.items()
    )


def bind_discussion(
    *,
    slice_table,
    accuracy: float,
    reviews_per_month: float = 20_000,
    sarcasm_line: float = 0.5,
    recall_line: float = 0.9,
    proposed_sarcasm_line: float = 0.25,
    proposed_recall_line: float = 0.8,
    meanwhile: str = "the hand rule",
    interim=None,
):
    """Exercise 7 (decision): a stakeholder's "it is accurate, ship it", with lower launch lines proposed
    after the evidence. Exercise 8 (by hand): the harm of auto-closing tickets, as a range.

    ``slice_table`` comes from :func:`aipm_kit.interview.metrics_by_slice` (``recall``, ``n`` and
    ``positives`` per slice, with an ``overall`` row). The launch lines set in advance are ``sarcasm_line``
    (sarcastic complaints) and ``recall_line`` (all complaints); the stakeholder proposes
    ``proposed_sarcasm_line`` and ``proposed_recall_line`` (no higher). Each line is decided on its 95%
    Wilson interval. ``meanwhile`` is what routes complaints today; ``interim`` is ``(estimate, low, high)``, the
    first-year saving of the model as it is over it, with its paired 95% interval (None: not priced). The right
    call: ship (``b``) when both intervals clear the lines set in advance; hold
    with the lines set in advance (``c``) when only the proposed lines are cleared; hold (``d``) when even the
    proposed lines are not cleared. When the launch is held and ``interim`` lies above zero, launching the model as
    it is in place of the hand rule as the owner's written amendment to the gate (``f``) is accepted too. Exercise 8 asks for the range of complaints a month the model would close
    unheard at ``reviews_per_month``, from the 95% Wilson interval of recall on all complaints; any pair within
    2% of each end is accepted.
    """
    from ..metrics import wilson_interval

    if proposed_sarcasm_line > sarcasm_line or proposed_recall_line > recall_line:
        raise ValueError(
            "the proposed lines are the stakeholder's lower lines: no higher than the lines set in advance"
        )
    sarc = float(slice_table.loc["sarcastic", "recall"])
    overall = float(slice_table.loc["overall", "recall"])
    caught = int(round(overall * int(slice_table.loc["overall", "positives"])))
    positives, n = int(slice_table.loc["overall", "positives"]), int(slice_table.loc["overall", "n"])
    share = positives / n
    low, high = wilson_interval(caught, positives)
    closed = reviews_per_month * share * (1 - overall)
    missed_all = positives - caught
    n_sarc = int(slice_table.loc["sarcastic", "positives"])
    caught_sarc = int(round(sarc * n_sarc))
    missed_sarc = n_sarc - caught_sarc
    n_plain = int(slice_table.loc["plain", "positives"])
    caught_plain = int(round(float(slice_table.loc["plain", "recall"]) * n_plain))
    plain_low = wilson_interval(caught_plain, n_plain)[0] if n_plain else 0.0
    closed_range = (reviews_per_month * share * (1 - high), reviews_per_month * share * (1 - low))
    sarc_share_of_reviews = n_sarc / n

    def gate_at(s_line, r_line):
        """The gate on recall by slice at the given lines, each decided on its 95% Wilson interval."""
        out = {}
        for name, k, size, line in (
            ("sarcastic complaints", caught_sarc, n_sarc, s_line),
            ("all complaints", caught, positives, r_line),
        ):
            lo, hi = wilson_interval(k, size)
            out[name] = (lo, hi, line, "clears" if lo >= line else "misses" if hi < line else "straddles")
        return out

    set_gate, proposed_gate = gate_at(sarcasm_line, recall_line), gate_at(proposed_sarcasm_line, proposed_recall_line)
    set_pass = all(g[3] == "clears" for g in set_gate.values())
    proposed_pass = all(g[3] == "clears" for g in proposed_gate.values())
    set_words, proposed_words = _gate_words(set_gate), _gate_words(proposed_gate)
    key = "b" if set_pass else "c" if proposed_pass else "d"
    interim_ok, interim_words = _interim_words(interim, meanwhile)
    accepted = {key} | ({"f"} if interim_ok and not set_pass else set())
    moved = (
        "Lines set before the evidence are not moved after seeing it: a line moved to fit the result makes "
        "the gate say whatever the evidence says."
    )
    feedback = {
        "a": (
            "Beating the baselines on accuracy says nothing about the complaints it misses: recall on sarcastic "
            f"complaints is {sarc:.0%}. Accuracy hides the slice the support lead worries about."
        ),
        "b": (
            f"Right: at the lines set in advance, {set_words}. Both clear, so the model can ship, with recall by "
            "slice on the launch dashboard and a rollback line; the proposal is not needed."
            if set_pass
            else f"Not at the lines set in advance ({set_words}), and "
            + (
                f"at the proposed lines the intervals clear ({proposed_words}), but {moved[0].lower()}{moved[1:]}"
                if proposed_pass
                else f"not at the proposed ones either: {proposed_words}. Decide each line on "
                "its whole interval, not on the point."
            )
        ),
        "c": (
            f"Right: at the proposed lines, {proposed_words}; but {moved[0].lower()}{moved[1:]} At the lines set "
            f"in advance, {set_words}. Gate a fix (the route or the detector of section 1) on those lines. "
            + interim_words
            if key == "c"
            else f"The intervals clear the lines set in advance ({set_words}): nothing to hold for."
            if set_pass
            else f"Holding is right, but check the proposed lines on their intervals: {proposed_words}. They are not "
            "cleared, so the reason this option gives is wrong."
        ),
        "d": (
            f"Right: at the proposed lines, {proposed_words}, so even moving the lines would not pass the gate; "
            f"and {moved[0].lower()}{moved[1:]} Gate a fix (the route or the detector of section 1) on the lines "
            "set in advance. " + interim_words
            if key == "d"
            else f"The intervals clear the lines set in advance ({set_words}): nothing to hold for."
            if set_pass
            else f"Check the proposed lines on their intervals: {proposed_words}. The proposed lines are cleared; "
            "the reason to hold is that the lines set in advance stay."
        ),
        "e": (
            "A higher accuracy target still hides the slice: a model can reach 97% and miss most sarcastic "
            "complaints, because they are a small share of reviews. The lines are on recall by slice."
        ),
        "f": (
            f"The intervals clear the lines set in advance ({set_words}): ship it under the gate, no amendment needed."
            if set_pass
            else (
                f"Defensible only as the owner's written amendment to the gate: at the lines set in advance "
                f"({set_words}) the model is not cleared, so this launch is not the gate's call. What the "
                f"amendment rests on: {interim_words.split(';')[0][0].lower()}{interim_words.split(';')[0][1:]}. "
                "What it must name as still open: both launch lines, recall on real reviews (not yet "
                "measured), and the fix's gate, which still decides the launch; its rollback line is written "
                "down first."
            )
            if interim_ok
            else "Not on this evidence: launching the model as it is would need a reason the gate does not give, and "
            "the price does not give one either. " + interim_words
        ),
    }

    if key in feedback and key != "f":
        feedback[key] += (
            " Also defensible: `f`, as the owner's written amendment to the gate (the same path as `g` in Exercise "
            "4): the lines set in advance are not cleared, so it is not the gate's call, but the model as it is is "
            f"priced below {meanwhile} beyond the noise; the amendment names the open lines and its rollback line."
            if "f" in accepted
            else ""
            if set_pass
            else " `f` (the owner's amendment) is not accepted here: " + interim_words
        )

    def solution6():
        call = {
            "b": "Ship, with the lines set in advance.",
            "c": "Hold: the proposed lines would pass, but lines set before the evidence stay.",
            "d": "Hold: the proposed lines would not pass either, and lines set before the evidence stay.",
        }[key]
        return (
            f"**{key}.** {call} At the proposed lines, {proposed_words}; at the lines set in advance, {set_words}."
            + (f" Also defensible: **f**. {interim_words}" if "f" in accepted else "")
            + "\n\n"
            "A model answer, in four parts:\n\n"
            "- **Who uses the output:** support, which reads the reviews the model calls complaints; a review it "
            "calls not a complaint is never read.\n"
            f"- **Which error hurts whom, how often:** a missed complaint leaves a customer unanswered: "
            f"{1 - overall:.0%} of complaints overall and {1 - sarc:.0%} of sarcastic ones, the customers who complain "
            "with irony. A false complaint costs support a few minutes of reading. The accuracy "
            f"({accuracy:.1%}) weighs the two alike and hides the slice.\n"
            "- **What ships first:** "
            + (
                "the model, with recall by slice on the launch dashboard."
                if set_pass
                else "not the model alone. Gate a fix (the review route or the detector) on the "
                "lines set in advance, on reviews that played no part in choosing it. " + interim_words
            )
            + "\n- **What rolls it back:** recall on all complaints and on the sarcastic slice, read from a labelled "
            "audit sample of a few hundred reviews a month, pooled over the months planned to reach the margin set in "
            "advance, against "
            "lines written down before launch."
        )

    q6 = choice(
        '7 · Product sense: "it is accurate, ship it"',
        f"A stakeholder says the review model is ready to replace {meanwhile} because it is {accuracy:.1%} accurate. "
        f"Shown section 1's chart of recall by slice (\"Kit-written reviews: {sarc:.0%} of sarcastic complaints caught "
        f'against {float(slice_table.loc["plain", "recall"]):.0%} of plain"), they '
        f'propose new launch lines: {proposed_sarcasm_line:.0%} for sarcastic complaints ("sarcasm is only '
        f'{sarc_share_of_reviews:.0%} of reviews") instead of {sarcasm_line:.0%}, and {proposed_recall_line:.0%} '
        f"for all complaints instead of {recall_line:.0%}. Decide each proposed line on its 95% Wilson interval "
        f"(the counts, and the pricing of {meanwhile}, which routes complaints today, are in section 1), then make the "
        "call. Answer with the letter; before you check, say your "
        "answer aloud in four parts: who uses the output, which error hurts whom, what ships first, what rolls it "
        "back.",
        SHIP_CALLS,
        accepted,
        feedback=feedback,
        hints=[
            "Which error costs the business here, and which number shows it?",
            "A line passes only when the whole 95% interval clears it. Compare each interval from section 1 "
            "with the proposed line, not the point.",
        ],
        solution=solution6,
        practice="decision",
    )

    def _pair_close(a, b):
        return all(abs(x - y) <= 0.02 * max(abs(y), 1.0) for x, y in zip(a, b))

    def checker7(answer):
        if isinstance(answer, (int, float)) or not hasattr(answer, "__len__") or len(answer) != 2:
            raise TypeError("answer with the pair (fewest, most) complaints a month closed unheard")
        v = tuple(sorted(_as_number(x) for x in answer))
        if _pair_close(v, closed_range):
            return True, (
                f"About {closed_range[0]:,.0f} to {closed_range[1]:,.0f} complaints a month "
                f"({reviews_per_month:,.0f} reviews × {share:.0%} complaints × the missed share, from 1 − "
                f"{high:.1%} to 1 − {low:.1%}; about {closed:,.0f} at the point) would be closed unheard. "
                "That range carries only the uncertainty in recall: the share of complaints comes from the "
                "kit's reviews and no one has measured it in production, so the real range is wider. In "
                f"this sample, {missed_sarc} of the {missed_all} complaints it missed were sarcastic, but "
                f"the 95% Wilson interval of recall on plain complaints ({caught_plain} of {n_plain}) reaches down to {plain_low:.1%}: plain complaints can be missed too."
            )
        every = tuple(sorted((reviews_per_month * (1 - high), reviews_per_month * (1 - low))))
        if _pair_close(v, every):
            return False, (
                f"That applies the missed share to every review; it applies only to complaints, {share:.0%} of reviews."
            )
        caught_range = (reviews_per_month * share * low, reviews_per_month * share * high)
        if _pair_close(v, caught_range):
            return False, "That is the complaints the model catches; the question asks for the ones it calls positive."
        return False, (
            f"{v[0]:,.0f} to {v[1]:,.0f} is not the range the 95% Wilson interval of recall ({caught} of "
            f"{positives}) gives. Complaints a month = reviews × share that are complaints; closed unheard "
            "= that × (1 − recall), at each end of the interval."
        )

    q7 = custom(
        '8 · Ethics: auto-closing "positive" tickets',
        f"Support wants to auto-close tickets from customers whose reviews the model calls positive. Before you say "
        f"yes or no, size the harm: at {reviews_per_month:,.0f} reviews a month, with the kit's share of complaints "
        f"({positives} of {n} reviews) and the model's recall on all complaints from section 1 (folds grouped by "
        f"product: {caught} of {positives} caught), how many complaints a month would be closed unheard? Use the "
        "95% Wilson interval of that recall and answer with the pair `(fewest, most)`. Then write, for yourself, "
        "what you would agree to instead, in four parts: who uses the output, which error hurts whom, what ships "
        "first, what rolls it back.",
        checker7,
        hints=[
            "Complaints a month = reviews a month × share of reviews that are complaints.",
            "The model misses (1 − recall) of them: those are the tickets it would close. Use each end of "
            "`wilson_interval(caught, complaints)`: the high end of recall gives the fewest closed.",
        ],
        solution=lambda: (
            f"**{closed_range[0]:,.0f} to {closed_range[1]:,.0f} complaints a month** ({reviews_per_month:,.0f} × "
            f"{share:.0%} × (1 − recall), recall {low:.1%} to {high:.1%}; about {closed:,.0f} at the point). The "
            "range carries only the uncertainty in recall; the share of complaints is the kit's, unmeasured in "
            f"production. In the sample, {missed_sarc} of the {missed_all} missed complaints were sarcastic "
            f"({1 - sarc:.0%} of sarcastic complaints are called positive).\n\n"
            "A model answer, in four parts:\n\n"
            "- **Who uses the output:** support, to decide which tickets a person reads; auto-closing turns a "
            "ranking into a verdict no one reviews.\n"
            "- **Which error hurts whom, how often:** the range above, every month, falls on the customers the "
            f"model misreads, {missed_sarc} of the {missed_all} missed in the sample complaining with irony. The reviews here were written for the kit, so "
            "they cannot say who uses irony; in production, ask whether the misread customers cluster in some "
            "groups, and measure it.\n"
            "- **What ships first:** use the score to *prioritise* (tickets from reviews called positive wait "
            "longer; nothing is closed automatically), and give every customer a one-click way to reopen.\n"
            "- **What rolls it back:** a weekly sample of tickets read as positive, read by a person; if the share "
            "of complaints in it rises above a line set before launch (on its 95% interval), switch prioritising "
            "off."
        ),
        practice="by-hand",
    )
    return q6, q7


# --------------------------------------------------------------------------- section 4: team maturity


def bind_maturity(
    *,
    answers,
    experiments_started: int,
    experiments_shipped: int,
    target: float | None = None,
    weeks=None,
    budget_weeks: float | None = None,
):
    """Exercise 9 (decision): change at most two statements so the team reaches "established".

    ``answers`` is the team's self-assessment (statement key -> bool). The answer lists the keys
    whose truth the team would change; any set of at most two that lifts the score to ``target``
    (the "established" cut) is accepted. With ``weeks`` (statement key -> the team's estimate of the
    weeks a change takes) and ``budget_weeks``, the changes must also fit the budget: a trade-off
    between a change's weight and its cost.
    """
    from ..interview import MATURITY_LEVELS, MATURITY_STATEMENTS, score_team_maturity

    answers = dict(answers)
    if target is None:
        target = dict((name, cut) for cut, name in MATURITY_LEVELS)["established"]
    kinds = {s.key: s.kind for s in MATURITY_STATEMENTS}
    weeks = dict(weeks or {})
    if (budget_weeks is None) != (not weeks):
        raise ValueError("give weeks and budget_weeks together, or neither")

    def cost(keys):
        missing = [k for k in keys if k not in weeks]
        if missing:
            raise ValueError(f"weeks has no estimate for {missing}")
        return float(sum(weeks[k] for k in keys))

    def score(changed):
        flipped = {**answers, **{k: not answers[k] for k in changed}}
        return score_team_maturity(
            flipped, experiments_started=experiments_started, experiments_shipped=experiments_shipped
        )

    def checker(answer):
        keys = [answer] if isinstance(answer, str) else list(answer)
        keys = [str(k).strip() for k in keys]
        unknown = sorted(set(keys) - set(answers))
        if unknown:
            raise ValueError(f"unknown statement(s) {unknown}; use keys from {list(answers)}")
        if len(set(keys)) > 2:
            return False, f"That changes {len(set(keys))} statements; the team has room for two this year."
        worse = [k for k in keys if (kinds[k] == "green") == answers[k]]
        result = score(set(keys))
        if worse:
            why = {"green": "a green habit the team already has", "red": "a red flag the team does not have"}
            return False, (
                f"Changing {worse} makes things worse: "
                + ", ".join(f"`{k}` is {why[kinds[k]]}" for k in worse)
                + f". The score would be {result.score:.1f}."
            )
        if budget_weeks is not None and cost(keys) > budget_weeks:
            return False, (
                f"Those changes take {cost(keys):g} weeks by the team's estimate; it has {budget_weeks:g}. "
                f"(They would score {result.score:.1f}.) Weigh each change's weight against its weeks."
            )
        if result.score >= target:
            spent = f", in {cost(keys):g} of the {budget_weeks:g} weeks" if budget_weeks is not None else ""
            return True, (
                f"With {keys} changed the team scores {result.score:.1f} ({result.level}){spent}. "
                + (
                    "Right on the line: one statement judged differently and it falls back; a pair with a "
                    "margin is safer."
                    if result.score < target + 1
                    else "It clears the line with a margin."
                )
            )
        return False, (
            f"With {keys} changed the team scores {result.score:.1f} ({result.level}), short of "
            f"{target:.0f}. Weights differ: look for the heaviest missing green habits and red flags."
        )

    def solution():
        fixable = [k for k in answers if (kinds[k] == "green") != answers[k]]
        pairs = [
            p
            for p in combinations(fixable, 2)
            if score(set(p)).score >= target and (budget_weeks is None or cost(p) <= budget_weeks)
        ]
        singles = [k for k in fixable if score({k}).score >= target]
        listing = "; ".join(
            f"{list(p)} ({score(set(p)).score:.1f}" + (f", {cost(p):g} weeks)" if budget_weeks is not None else ")")
            for p in pairs
        )
        within = f" within {budget_weeks:g} weeks" if budget_weeks is not None else ""
        return (
            f"Only a missing green habit (start it) or a red flag that holds (stop it) can help. Changes that "
            f"reach {target:.0f}{within}: " + (f"one alone: {singles}; " if singles else "") + f"pairs: {listing}. "
            "The heavy statements (weight 1.5) matter most; which pair to pick is the team's call."
        )

    return custom(
        '9 · Two changes to reach "established"',
        f"The example team has room to change two habits this year. Which two statements would you change (start a "
        f"missing green habit, stop a red flag) so that it reaches 'established' (a score of {target:.0f} or more)? "
        + (
            f"The team's estimate of the weeks each change takes is in `CHANGE_WEEKS`, and it has {budget_weeks:g} weeks: "
            "the heaviest changes are not always the cheapest. "
            if budget_weeks is not None
            else ""
        )
        + "Re-score with `interview.score_team_maturity` and answer with the list of the statement keys you changed.",
        checker,
        hints=[
            "Copy `TEAM_ANSWERS`, flip two keys, and pass it to `interview.score_team_maturity` with the two "
            "experiment counts.",
            "Weights are in the statements table: the 1.5 ones move the score most.",
        ],
        solution=solution,
        practice="decision",
    )


# --------------------------------------------------------------------------- section 5: career


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
    """
    if background not in BACKGROUND_STAGE:
        raise ValueError(f"background must be one of {list(BACKGROUND_STAGE)}, got {background!r}")
    from ..interview import CAREER_FLAGS, QUESTIONS_TO_ASK, check_role_flags, score_roles

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
