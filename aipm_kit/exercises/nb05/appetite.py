"""Exercise 2 of notebook 05: the option a sponsor's stated risk appetite leads to.

An option fits when its chance of a loss and its net if it fails are within the sponsor's two limits and it makes
money on average; the pick is the fitting option with the most expected net, or "none".
"""

from __future__ import annotations

from ...story import format_money
from .. import choice


def bind_options(*, options, max_p_loss: float, worst_case: float, floors: bool = False):
    """Exercise 2: the option for a stated appetite (a chance of a loss and a worst case it accepts).

    With ``floors=True`` the table's chances of a loss are floors (they count failure only), so they can rule an
    option out but never show one within the limit: 'none' is then accepted beside the option the table does not
    rule out.

    An option fits when its ``p_loss`` is at most ``max_p_loss``, its ``net_if_failure`` at least ``worst_case``
    and its ``expected_net`` above zero; the right pick is the fitting option with the most expected net, or
    ``"none"`` when no option fits. The feedback on every other pick names the limit it breaks.

    Parameters
    ----------
    options : aipm_kit.planning.OptionsComparison
        The options side by side, from :func:`aipm_kit.planning.compare_options`; its ``to_frame()`` holds
        ``p_loss``, ``net_if_failure`` and ``expected_net`` per option.
    max_p_loss : float
        The highest chance of losing money the sponsor accepts, a share (0.2 for 20%).
    worst_case : float
        The lowest net if the option fails that the sponsor accepts, in dollars over the horizon (negative:
        a loss).
    floors : bool, default False
        Whether the table's chances of a loss are floors; then ``"none"`` is accepted beside the pick.

    Returns
    -------
    Exercise
        A decision exercise, ``"2 · Pick the option for a stated risk appetite"``, with one option per row
        of the table and ``"none"``.

    Examples
    --------
    >>> from aipm_kit.planning import Option, compare_options
    >>> options = compare_options([Option("rules", 9_000, 1_000, 3_240, 0.9, months_to_value=1),
    ...                            Option("high-value", 36_000, 1_600, 5_400, 0.8, months_to_value=2),
    ...                            Option("full", 90_000, 4_000, 10_800, 0.65, months_to_value=3)],
    ...                           horizon_months=36)
    >>> q = bind_options(options=options, max_p_loss=0.20, worst_case=-50_000)
    >>> q.check("high-value").correct
    True
    >>> q.check("full")
    [2 · Pick the option for a stated risk appetite] Not yet: `full` does not fit: its chance of a loss, 35%, is
    above the 20% the sponsor accepts and its net if it fails, -$102,000, is below the -$50,000 the sponsor accepts.
    """
    table = options.to_frame()
    fits = table[
        (table["p_loss"] <= max_p_loss + 1e-12) & (table["net_if_failure"] >= worst_case) & (table["expected_net"] > 0)
    ]
    pick = str(fits["expected_net"].idxmax()) if len(fits) else "none"
    listing = {
        name: (
            f"expected net {format_money(row.expected_net)}, net if it fails "
            f"{format_money(row.net_if_failure)}, chance of a loss {'at least ' if floors else ''}"
            f"{row.p_loss:.0%}"
        )
        for name, row in table.iterrows()
    }
    listing["none"] = "no option fits this appetite"

    def why(name: str) -> str:
        if name == "none":
            return (
                f"`{pick}` fits both limits as far as this table can show (chance of a loss at least "
                f"{table.loc[pick, 'p_loss']:.0%}, net if it fails {format_money(table.loc[pick, 'net_if_failure'])}), "
                "so there is an option to take."
            )
        row = table.loc[name]
        broken = []
        if row.p_loss > max_p_loss + 1e-12:
            broken.append(f"its chance of a loss, {row.p_loss:.0%}, is above the {max_p_loss:.0%} the sponsor accepts")
        if row.net_if_failure < worst_case:
            broken.append(
                f"its net if it fails, {format_money(row.net_if_failure)}, is below the "
                f"{format_money(worst_case)} the sponsor accepts"
            )
        if row.expected_net <= 0:
            broken.append("it loses money on average")
        if broken:
            return f"`{name}` does not fit: " + " and ".join(broken) + "."
        return (
            f"`{name}` fits both limits as far as this table can show, but `{pick}` also fits and has the higher expected net "
            f"({format_money(table.loc[pick, 'expected_net'])} against {format_money(row.expected_net)}): "
            "within the appetite, take the most expected value."
        )

    def right() -> str:
        if pick == "none":
            return "Right: every option breaks a limit (or loses money on average); keep what runs today."
        row = table.loc[pick]
        return (
            f"Right: `{pick}` fits both limits as far as this table can show (chance of a loss at least "
            f"{row.p_loss:.0%}: it counts failure only, so it cannot certify the option as safe; net if it fails "
            f"{format_money(row.net_if_failure)}) and has the best expected net among those that do, "
            f"{format_money(row.expected_net)}."
        )

    feedback = {name: why(name) for name in listing if name != pick}
    feedback[pick] = right()
    accepted = {pick}
    if floors and pick != "none":
        accepted.add("none")
        floor = table.loc[pick, "p_loss"]
        feedback["none"] = (
            f"Defensible: the chance of a loss is a floor, so `{pick}`'s {floor:.0%} does not show it "
            f"within the {max_p_loss:.0%} limit, and no option is shown to fit; keep what runs today "
            f"until its chance of a loss is measured. `{pick}` is defensible too: it is the one option "
            "the table does not rule out."
        )
        feedback[pick] = right().replace("Right: ", "Defensible: ", 1) + (
            " 'none' is defensible too: a floor below the limit does not show the option within it."
        )
    q2 = choice(
        "2 · Pick the option for a stated risk appetite",
        f"The sponsor accepts at most a **{max_p_loss:.0%} chance of losing money** and a **net if it fails no "
        f"worse than {format_money(worst_case)}** over the horizon. Which option do you take? Drop the options that "
        "break either limit (or lose money on average), take the best expected value among the rest, and "
        "defend it on both numbers. The chance of a loss counts failure only (a floor, see above), so an option "
        "within the limit may still break it: say so when you defend the pick"
        + (", or answer `none` if you hold that a floor cannot show an option within the limit" if floors else "")
        + ". Then change `MY_MAX_P_LOSS` and "
        "`MY_WORST_CASE` and see when the pick flips.",
        listing,
        accepted,
        hints=[
            "`options.to_frame()` has `p_loss`, `net_if_failure` and `expected_net` for every option.",
            "Filter on `p_loss <= MY_MAX_P_LOSS` and `net_if_failure >= MY_WORST_CASE`, then take the "
            "largest `expected_net`.",
        ],
        solution=lambda: (
            "```python\nt = options.to_frame()\nfits = t[(t.p_loss <= MY_MAX_P_LOSS) & "
            "(t.net_if_failure >= MY_WORST_CASE) & (t.expected_net > 0)]\n"
            "fits.expected_net.idxmax()\n```\n"
            + right().replace("Right: ", "")
            + " A tighter chance of a loss (say 10%) leaves only the cheapest, surest option; "
            "a looser one lets the option with the most expected value in."
        ),
        feedback=feedback,
        practice="decision",
    )
    return q2
