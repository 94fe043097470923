"""Exercises for notebook 05 (translate and communicate).

Every expected answer is computed from the objects the notebook passes to
:func:`bind`, so changing a parameter changes the answer key with it.
"""

from __future__ import annotations

import math

from . import Exercise, choice, custom, numeric


def bind(*, case, roi, steady, erratic, floor, roadmap, milestone, options, explain):
    """Return ``q1 .. q6`` for notebook 05.

    Parameters
    ----------
    case, roi : the :class:`~aipm_kit.planning.BusinessCase` and its ``evaluate()`` result
    steady, erratic : :class:`~aipm_kit.planning.WeeklyOutcomes` for the two models
    floor : the weekly accuracy the support team promised
    roadmap : :class:`~aipm_kit.planning.Roadmap`; ``milestone`` names the one asked about
    options : :class:`~aipm_kit.planning.OptionsComparison`
    explain : :class:`~aipm_kit.planning.ExplainabilityCost`
    """
    be = roi.break_even
    months = list(roadmap.volumes)
    other = [m for m in months if m != milestone]

    q1 = numeric(
        "q1",
        "After how many months does the project pay back its upfront cost, with every assumption as set "
        "in the parameters cell (latency churn and running cost included)? If it never does, answer "
        "`math.inf`.",
        lambda: be.months, rtol=0.01, atol=0.05,
        hints=["Break-even = upfront cost / (monthly value - monthly running cost).",
               "The monthly value is the accuracy gain's value minus what latency churn costs: "
               "`roi.monthly_value`."],
        solution=lambda: (f"upfront {be.upfront_cost:,.0f} / (value {roi.monthly_value:,.0f} - running "
                          f"{be.monthly_cost:,.0f}) = {be.months:.1f} months: `roi.break_even.months`."
                          if math.isfinite(be.months) else
                          f"Never: the monthly value {roi.monthly_value:,.0f} does not cover the running cost "
                          f"{be.monthly_cost:,.0f}, so `roi.break_even.months` is inf."),
        wrong_answers=[
            (lambda: be.upfront_cost / roi.monthly_value if roi.monthly_value > 0 else -1,
             "That leaves out the monthly running cost: the model is not free once it ships."),
            (lambda: be.upfront_cost / (roi.accuracy_value - be.monthly_cost)
             if roi.accuracy_value > be.monthly_cost else -1,
             "That ignores the users latency drives away: subtract `roi.latency_cost` from the value."),
        ],
    )

    if not math.isfinite(be.months):  # the assumptions never pay back: the right answer is "never"
        q1 = _never_pays_back(q1)

    q2 = numeric(
        "q2",
        f"What is the {case.accuracy_gain_points:g}-point accuracy gain worth in a year, in dollars "
        "(before latency and running costs)?",
        lambda: 12 * roi.accuracy_value, rtol=0.005,
        hints=["Start from today's conversion revenue per month: users x conversion rate x value per conversion.",
               "Each accuracy point lifts conversions by `conversion_lift_per_point` (relative); multiply by the "
               "points, then by 12 months."],
        solution=lambda: (f"{case.conversion_value_per_month:,.0f} a month x {case.conversion_lift_per_point:g} "
                          f"x {case.accuracy_gain_points:g} points x 12 = {12 * roi.accuracy_value:,.0f}."),
        wrong_answers=[(lambda: roi.accuracy_value, "That is one month's value; the question asks for a year."),
                       (lambda: 12 * case.conversion_value_per_month * case.accuracy_gain_points / 100,
                        "That assumes a point of accuracy is a point of conversion. The case assumes a "
                        "relative conversion lift per point: use `conversion_lift_per_point`.")],
        fmt="{:,.0f}",
    )

    steady_miss, erratic_miss = steady.share_below(floor), erratic.share_below(floor)
    better = "steady" if steady_miss <= erratic_miss else "erratic"
    q3 = choice(
        "q3",
        f"Support has promised customers that weekly accuracy never drops below {floor:.0%}. Which model "
        "breaks that promise in fewer weeks?",
        {"steady": steady.name, "erratic": erratic.name}, better,
        hints=["Compare `share_below(floor)` for the two simulations, not their nominal accuracy.",
               "A high average can hide bad weeks: look at the 10th percentile too."],
        solution=lambda: (f"{steady.name}: {steady_miss:.0%} of weeks below {floor:.0%}; {erratic.name}: "
                          f"{erratic_miss:.0%}. Users live through weeks, not averages."),
        feedback={"erratic": f"{erratic.name} has the higher nominal accuracy, but it falls below {floor:.0%} "
                             f"in {erratic_miss:.0%} of weeks against {steady_miss:.0%}.",
                  "steady": f"{steady.name} falls below {floor:.0%} in {steady_miss:.0%} of weeks, "
                            f"{erratic.name} in {erratic_miss:.0%}."}
        if better == "steady" else None,
    )

    p_m = roadmap.probabilities[milestone]
    q4 = numeric(
        "q4",
        f"What is the probability of reaching {roadmap.target:.0%} {roadmap.metric} by the {milestone} data "
        "volume? (a number between 0 and 1)",
        lambda: p_m, atol=0.006,
        hints=["Each bootstrap replicate gives one fitted curve; read each curve at the milestone's volume.",
               "`roadmap.probabilities` holds the share of curves at or above the target for every milestone."],
        solution=lambda: f"`roadmap.probabilities[{milestone!r}]` = {p_m:.3f}.",
        wrong_answers=[(lambda m=m: roadmap.probabilities[m],
                        f"That is the probability for the {m} volume; the question asks about {milestone}.")
                       for m in other],
        fmt="{:.3f}",
    )

    pick = options.recommend("low")
    table = options.to_frame()
    q5 = choice(
        "q5",
        "A team that cannot afford a visible failure this year (low risk appetite) should start with which option?",
        {name: f"expected net {row.expected_net:,.0f}, worst case {row.net_if_failure:,.0f}"
         for name, row in table.iterrows()}, pick,
        hints=["Low appetite means: protect the downside first, among options that are worth doing at all.",
               "Look at `net_if_failure` among options whose `expected_net` is positive."],
        solution=lambda: (f"`{pick}`: its worst case is {table.loc[pick, 'net_if_failure']:,.0f}, the best worst "
                          f"case among options with a positive expected value. `options.recommend('low')`."),
        feedback={name: (f"`{name}` has an expected net of {row.expected_net:,.0f} but a worst case of "
                         f"{row.net_if_failure:,.0f}: not the safest start.")
                  for name, row in table.iterrows() if name != pick},
    )

    q6 = numeric(
        "q6",
        "Legal asks for rules anyone can read instead of the model. At the same number of alerts, how much "
        "fraud value per month would the readable rules let through that the model stops?",
        lambda: explain.cost_per_period, rtol=0.01,
        hints=["Compare fraud value caught by each at the rule set's own alert volume.",
               "(model value caught - rule value caught) / number of months in the test window: "
               "`explain.cost_per_period`."],
        solution=lambda: (f"({explain.model_caught_value:,.0f} - {explain.rule_caught_value:,.0f}) / "
                          f"{explain.periods:g} months = {explain.cost_per_period:,.0f} a month."),
        wrong_answers=[(lambda: explain.model_caught_value - explain.rule_caught_value,
                        "That is the total over the whole test window; divide by its months.")],
        fmt="{:,.0f}",
    )
    return q1, q2, q3, q4, q5, q6


def _never_pays_back(q: Exercise) -> Exercise:
    """The same exercise, checked for "never" (``math.inf``) when the case does not pay back."""

    def checker(answer):
        value = float(answer)
        if math.isinf(value) and value > 0:
            return True, "Right: with these assumptions it never pays back."
        return False, ("With these assumptions the monthly value does not cover the running cost, so it "
                       "never pays back: answer `math.inf`.")

    return custom(q.name, q.prompt, checker, hints=q._hints, solution=q._solution, practice=q.practice)
