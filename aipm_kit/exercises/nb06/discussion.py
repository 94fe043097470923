"""Exercises 7 and 8 of notebook 06: "it is accurate, ship it", and the harm of auto-closing tickets.

Lower launch lines proposed after the evidence are decided on their 95% Wilson intervals while the lines set in
advance stay; the harm of auto-closing tickets the model calls positive is sized as a range from the interval of
recall.
"""

from __future__ import annotations

from .. import _as_number, choice, custom
from ._interim import _interim_words

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

    Parameters
    ----------
    slice_table : pandas.DataFrame
        Recall by slice, with ``recall``, ``n`` (reviews) and ``positives`` (complaints) columns and the rows
        ``"sarcastic"``, ``"plain"`` and ``"overall"``.
    accuracy : float
        The model's accuracy the stakeholder quotes, a share.
    reviews_per_month : float, default 20000
        The reviews a month the shop receives, for Exercise 8.
    sarcasm_line : float, default 0.5
        The launch line on recall on sarcastic complaints, set in advance.
    recall_line : float, default 0.9
        The launch line on recall on all complaints, set in advance.
    proposed_sarcasm_line : float, default 0.25
        The stakeholder's lower line on sarcastic complaints; no higher than ``sarcasm_line``.
    proposed_recall_line : float, default 0.8
        The stakeholder's lower line on all complaints; no higher than ``recall_line``.
    meanwhile : str, default "the hand rule"
        What routes complaints today.
    interim : tuple of (float, float, float), optional
        ``(estimate, low, high)`` of the first-year saving of the model as it is over ``meanwhile``, in dollars,
        with its paired 95% interval; None when it was not priced.

    Returns
    -------
    tuple of (Exercise, Exercise)
        ``"7 · Product sense: ..."`` (a decision, one letter of :data:`SHIP_CALLS`) and ``"8 · Ethics: ..."``
        (by hand, the pair ``(fewest, most)`` complaints a month closed unheard).

    Raises
    ------
    ValueError
        When a proposed line is higher than the line set in advance.

    Examples
    --------
    14 of 40 sarcastic complaints caught (22.1% to 50.5%) straddles even the proposed 25% line, so the call is to
    hold with the lines set in advance (``d``):

    >>> import pandas as pd
    >>> slices = pd.DataFrame({"recall": [178 / 204, 1.0, 14 / 40], "n": [400, 360, 40],
    ...                        "positives": [204, 164, 40]}, index=["overall", "plain", "sarcastic"])
    >>> q7, q8 = bind_discussion(slice_table=slices, accuracy=0.935)
    >>> [key for key in SHIP_CALLS if q7.check(key).correct]
    ['d']
    >>> q8.check((902, 1838)).correct
    True
    >>> q8.check(1_300)
    [8 · Ethics: auto-closing "positive" tickets] Not yet: That answer could not be checked: answer with the pair
    (fewest, most) complaints a month closed unheard
    """
    from ...metrics import wilson_interval

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
