"""Exercise 7: keep, retrain or retire? Gate 4c's call from the options' paired comparison."""

from __future__ import annotations

from .. import choice


def bind_retire(
    *,
    kept: str,
    beaten_by: dict,
    pair_net: dict,
    retrained: list,
    learns: tuple,
    segment: str,
    segment_gap: dict | None = None,
    margin: float = 5.0,
    cost_only: list | None = None,
    loose_how: str = "",
    vs_kept: dict | None = None,
):
    """Exercise 7: keep, retrain or retire? The learner takes gate 4c's call from the options' paired comparison.

    An option is a fix when it passes both tests gate 4c holds the kept configuration to: no other option beats it
    on the whole of its 95% interval of net value, and it does not fail the growing-fraud check (the whole of its 90%
    interval behind the challenger by more than ``margin``, as the kept model's is when the gate fails it). A call is
    accepted when one of its options is a fix, or when a model option of it is ruled out only by the assumed costs
    while it keeps up with the challenger (the whole of its 90% interval inside ``margin``): the exclusion then rests
    on two assumptions. "None of these yet" (``f``) is accepted when no option is a fix. Redesign is accepted when a
    retrained model is not shown to learn the growing fraud (the notebook's redesign trigger).

    Parameters
    ----------
    kept : str
        The option that is the configuration kept today (one of ``beaten_by``'s keys).
    beaten_by : dict
        Each option (``"today's rule"``, ``"loosened rule"``, the model schedules) and the options that beat it on
        the whole of their 95% paired interval of net value.
    pair_net : dict
        ``(a, b)``: net value a month of ``b`` minus that of ``a`` (estimate, low, high), for every ordered pair.
    retrained : list of str
        The options that retrain on a schedule (``kept`` is left out of choice b if it is one of them).
    learns : (estimate, low, high)
        A retrained model (v2) minus v1, recall on the fraud the labels show growing (points, 95% paired).
    segment : str
        That fraud's segment (for the messages).
    segment_gap : dict, optional
        Each option's recall on that fraud minus a challenger retrained on the latest labels (points: estimate,
        low, high of a 90% paired interval), the check gate 4c holds the kept configuration to.
    margin : float
        Most points an option may trail the challenger on that fraud and still keep up (``segment_gap``'s line).
    cost_only : list of str, optional
        The model options ruled out only because of the assumed running and retraining costs (without them the
        upper end of their net against the option that beats them would be above zero).
    loose_how : str
        How the loosened rule was chosen (said in the messages about it).
    vs_kept : dict, optional
        Each option's recall on the growing fraud minus the kept configuration's (points: estimate, low, high of a
        90% paired interval). With it, a rule fallback that fails the growing-fraud check is still accepted as a
        stop-loss when no other option beats it, it beats the kept configuration after costs on the whole of its
        95% interval, and its whole 90% interval against the kept configuration on that fraud is inside ``margin``:
        it stops a measured loss without fixing the growing fraud, and the feedback says so.

    Returns
    -------
    Exercise
        ``q7``, a choice among ``a`` to ``f`` (keep, retrain on a schedule, loosened rule, today's rule,
        redesign, none of these yet) that accepts every call the evidence supports, with feedback on each.

    Raises
    ------
    ValueError
        When ``kept``, ``"today's rule"``, ``"loosened rule"`` or a retrained option is not a key of
        ``beaten_by``.

    Examples
    --------
    The loosened rule beats today's rule and both models on the whole of their intervals; nothing beats it:

    >>> names = ["today's rule", "loosened rule", "v1", "v1 retrained"]
    >>> nets = {("today's rule", "loosened rule"): (100_000.0, 90_000.0, 110_000.0),
    ...         ("v1", "loosened rule"): (30_000.0, 17_000.0, 46_000.0),
    ...         ("v1 retrained", "loosened rule"): (20_000.0, 5_000.0, 35_000.0),
    ...         ("today's rule", "v1"): (78_000.0, 64_000.0, 93_000.0),
    ...         ("today's rule", "v1 retrained"): (80_000.0, 60_000.0, 95_000.0),
    ...         ("v1", "v1 retrained"): (8_000.0, -7_000.0, 24_000.0)}
    >>> pair_net = {**nets, **{(b, a): (-e, -hi, -lo) for (a, b), (e, lo, hi) in nets.items()}}
    >>> beaten_by = {a: [b for b in names if b != a and pair_net[(a, b)][1] > 0] for a in names}
    >>> q7 = bind_retire(kept="v1", beaten_by=beaten_by, pair_net=pair_net, retrained=["v1 retrained"],
    ...                  learns=(17.7, 15.0, 20.5), segment="electronics")
    >>> q7.check("c")
    [7 · Keep, retrain or retire?] Correct: Right: 'loosened rule' is beaten by no other option on the whole of
    its 95% interval, so the evidence does not rule this call out. Gate 4c's 'what follows' below carries your
    call.
    >>> q7.check("a").message
    "Ruled out: 'v1' is beaten by 'loosened rule': loosened rule minus v1 is 30,000 dollars a month (95% 17,000
    dollars to 46,000 dollars), above zero on the whole interval. Take an option no other beats."
    """
    for name in (kept, "today's rule", "loosened rule", *retrained):
        if name not in beaten_by:
            raise ValueError(f"{name!r} is not an option in beaten_by ({sorted(beaten_by)})")
    groups = {"a": [kept], "b": [r for r in retrained if r != kept], "c": ["loosened rule"], "d": ["today's rule"]}
    options = {
        "a": f"keep the configuration as it is ({kept})",
        "b": "keep a model, retrained on a schedule (" + ", ".join(groups["b"]) + ")",
        "c": "retire the model and fall back to the hand rule loosened to the alert budget",
        "d": "retire the model and fall back to the hand rule as it runs today",
        "e": "redesign the model (new features or data)",
        "f": "none of these yet: build and test an option first",
    }
    est, low, high = learns
    learned = low > 0
    gaps = segment_gap or {}
    keeps_up = {n for n in gaps if gaps[n][1] > -margin}  # inside the margin on the whole interval
    fails = {n for n in gaps if gaps[n][2] < -margin}  # behind it on the whole interval: v1's failure
    cost_kept = [n for n in (cost_only or []) if n in keeps_up and beaten_by.get(n)]
    left = [n for n in beaten_by if not beaten_by[n]]  # the options the stated rule leaves
    fixes = [n for n in left if n not in fails]  # ... that also pass the growing-fraud check
    stop_loss = [
        n
        for n in ("loosened rule", "today's rule")
        if vs_kept
        and n in left
        and n in fails
        and n in vs_kept
        and pair_net[(kept, n)][1] > 0
        and vs_kept[n][1] > -margin
    ]
    accepted = {
        k
        for k, names in groups.items()
        if any(n in fixes for n in names)
        or (k in "ab" and any(n in cost_kept for n in names))
        or (k in "cd" and any(n in stop_loss for n in names))
    }
    if not learned:
        accepted.add("e")
    if not fixes:
        accepted.add("f")
    how = f" ({loose_how})" if loose_how else ""

    def gap_text(name: str) -> str:
        e, lo, hi = gaps[name]
        return (
            f"'{name}' minus the challenger on {segment}: {e:+.1f} points (90% {lo:+.1f} to {hi:+.1f}; "
            f"margin -{margin:g})"
        )

    def money(x: float) -> str:
        return f"{x:,.0f} dollars"

    def best_over(name: str):
        best = max(beaten_by[name], key=lambda b: pair_net[(name, b)][1])
        return best, pair_net[(name, best)]

    def why_out(name: str) -> str:
        best, (e, lo, hi) = best_over(name)
        return (
            f"'{name}' is beaten by '{best}': {best} minus {name} is {money(e)} a month (95% {money(lo)} to "
            f"{money(hi)}), above zero on the whole interval"
        )

    def why_in(name: str) -> str:
        return (
            f"'{name}'{how if name == 'loosened rule' else ''} is beaten by no other option on the whole of its "
            "95% interval"
        )

    def why_cost(name: str) -> str:
        best, (e, lo, hi) = best_over(name)
        return (
            f"'{name}' is ruled out only by the assumed running and retraining costs ('{best}' beats it by "
            f"{money(e)} a month, 95% {money(lo)} to {money(hi)}, and without those costs the interval would "
            f"reach below zero), and it keeps up with the growing fraud: {gap_text(name)}"
        )

    learn_text = f"a retrained model (v2) minus v1 on {segment}: {est:+.1f} points (95% {low:+.1f} to {high:+.1f})"
    best_left = ", ".join(f"'{n}'" for n in left if n in fails) or "the option no other beats"
    would = (
        f"What would is an option that does both: worth as much after costs as {best_left}, and catching the "
        f"growing fraud as a model retrained on the new fraud's labels does ({learn_text}), within the same "
        "alert budget. None is tested here; one would have to pass both tests before it serves."
    )

    def vs_kept_word(lo: float, hi: float) -> str:
        return (
            "slightly worse, within the margin"
            if hi < 0
            else "better"
            if lo > 0
            else "not shown to differ, within the margin"
        )

    def stop_loss_case(name: str, *, in_full: bool) -> tuple[str, str]:
        """The case for falling back to ``name`` over the kept configuration: what it is worth more after costs,
        and that on the growing fraud it is not worse by more than the margin. ``in_full`` names the kept
        configuration in the first and reads the second's interval in words (the feedback on the call itself)."""
        e, lo, hi = pair_net[(kept, name)]
        ke, klo, khi = vs_kept[name]
        than, word = (f" than '{kept}'", f": {vs_kept_word(klo, khi)}") if in_full else ("", "")
        return (
            f"it is worth {money(e)} a month more{than} after costs (95% {money(lo)} to {money(hi)})",
            f"on {segment} it is not worse than '{kept}' by more than the {margin:g}-point margin "
            f"({ke:+.1f} points, 90% {klo:+.1f} to {khi:+.1f}{word})",
        )

    def why_stop(name: str) -> str:
        worth, within = stop_loss_case(name, in_full=True)
        return (
            f"Defensible as a stop-loss: '{name}'{how if name == 'loosened rule' else ''} is beaten by no other "
            f"option, and {worth}, so falling back to it stops a measured loss; {within}. It does not fix what "
            f"sank the kept model: {gap_text(name)}. What would fix that is a model retrained on the new fraud's "
            f"labels ({learn_text}); it needs those labels to keep arriving from the segment's chargebacks, and "
            f"it serves only once it beats '{name}' after its costs"
            + (
                (
                    ", and every schedule tried trails it after costs now"
                    + (
                        ", only because of the assumed running and retraining costs."
                        if all(r in (cost_only or []) for r in retrained)
                        else "."
                    )
                )
                if retrained and all(name in beaten_by[r] for r in retrained)
                else "."
            )
        )

    def meanwhile(name: str) -> str:
        worth, within = stop_loss_case(name, in_full=False)
        return (
            f"Meanwhile, the evidence favours falling back to '{name}' as a stop-loss, not a fix, over keeping "
            f"'{kept}' as it is (gate 4c NO-GO): {worth}, and {within}. The owner decides."
        )

    feedback = {}
    for k, names in groups.items():
        if k in accepted and any(n in stop_loss for n in names) and not any(n in fixes for n in names):
            feedback[k] = " ".join(why_stop(n) for n in names if n in stop_loss)
        elif k in accepted and not any(n in fixes for n in names):
            feedback[k] = (
                f"Defensible: {'; '.join(why_cost(n) for n in names if n in cost_kept)}. Take it only "
                "with those costs priced for real: at the stated assumptions the rule rules it out."
            )
        elif k in accepted:
            checked = [
                why_in(n) + (f", and it does not fail the growing-fraud check: {gap_text(n)}" if n in gaps else "")
                for n in names
                if n in fixes
            ]
            feedback[k] = (
                f"Right: {'; '.join(checked)}, so the evidence does not rule this call out. Gate 4c's "
                "'what follows' below carries your call."
            )
        elif any(not beaten_by[n] for n in names):
            feedback[k] = (
                f"Not a fix: {'; '.join(why_in(n) for n in names if not beaten_by[n])}, but it "
                f"fails the check that sank the kept model: {'; '.join(gap_text(n) for n in names if n in fails)}. "
                "Falling back to it trades the kept model for an option no better on the growing fraud."
            )
        else:
            feedback[k] = "Ruled out: " + "; ".join(why_out(n) for n in names) + ". Take an option no other beats."
    feedback["e"] = (
        f"Right: {learn_text}. Even retrained, the model is not shown to learn the new fraud, so new "
        "features or data are a defensible call."
        if not learned
        else f"Not a redesign: {learn_text}. The features already describe the new fraud and a retrained model "
        "learns it; a redesign (new features or data) is for fraud that even a retrained model does not "
        "learn."
        + (
            f" What the options the stated rule leaves do not do is catch it: "
            f"{'; '.join(gap_text(n) for n in left if n in fails)}; that is a question about the options "
            "and their costs, not about the features."
            if any(n in fails for n in left)
            else ""
        )
    )
    blind = [n for n in left if n in fails]
    feedback["f"] = (
        (
            "Right: no option passes both tests. "
            + (
                f"{'; '.join(why_in(n) + ', but ' + gap_text(n) for n in blind)}, behind on the whole interval; "
                if blind
                else ""
            )
            + "every other option is beaten after costs"
            + (
                f" ({', '.join(repr(n) for n in cost_kept)} only because of the assumed running and retraining costs)"
                if cost_kept
                else ""
            )
            + ". "
            + would
            + "".join(f" {meanwhile(n)}" for n in stop_loss[:1])
        )
        if not fixes
        else f"Not so: {'; '.join(why_in(n) for n in fixes)}, and it does not fail the growing-fraud "
        "check, so it passes both tests."
    )
    if not left:  # beaten in a circle: the rule rules nothing out, so no call is wrong
        accepted = set(options)
        feedback = {
            k: "Every option is beaten by another here, so the stated rule settles nothing: any call is "
            "defensible until more labelled months narrow the intervals."
            for k in options
        }
    return choice(
        "7 · Keep, retrain or retire?",
        "Gate 4c asks whether to keep the configuration in service as it is. Take the call first, from the evidence "
        "above: the options compared pair by pair in net dollars a month (`pair_net[(a, b)]`, b minus a, 95% paired "
        "intervals; the stated rule rules an option out when another beats it on the whole interval) and section "
        "3's check of whether a retrained model learns the growing fraud (`on_ring`)"
        + (
            ", and each option's recall on that fraud against a challenger retrained on the latest labels (the "
            "table above, the check gate 4c holds the kept model to: an option behind it on the whole interval fails "
            "it, as the kept model does)"
            if gaps
            else ""
        )
        + (", set beside the configuration kept today on the same frauds" if vs_kept else "")
        + ". What should the team do with the fraud model? Every call the evidence supports is accepted.",
        options,
        accepted,
        hints=[
            "For each option, is there another whose net minus it stays above zero on the whole interval? Which "
            "options have none? Which exclusions rest only on the assumed running and retraining costs (the "
            "table of model options against the loosened rule)?",
            "Does the option you pick pass the growing-fraud check that sank the kept model (the segment table)? "
            "A redesign is for fraud even a retrained model does not learn: does `on_ring`'s interval clear zero?",
        ],
        solution=lambda: (
            "Accepted: "
            + ", ".join(f"`{k}` ({options[k]})" for k in sorted(accepted))
            + ". "
            + " ".join(feedback[k] for k in sorted(options) if k not in accepted and k != "e")
            + ("" if "e" in accepted else " " + feedback["e"])
        ),
        feedback=feedback,
        practice="decision",
    )
