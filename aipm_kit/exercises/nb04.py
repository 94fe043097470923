"""Exercises for notebook 04 (iterate, retrain, retire).

Every expected answer is computed from the objects the notebook passes to the ``bind_*``
functions, so it follows the notebook's parameters and seed. The two decision exercises take a
function the notebook defines (``monitor_gate`` and ``cadence_evidence``) and re-run it on the
learner's choice; exercise 4 turns a paired interval into two prices against a line set before looking (at the
estimate, and for the whole interval); exercise 5 sizes the guardrail.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import choice, custom, numeric

VERDICTS = ("GO", "NO-GO", "NOT YET")


def _points(x: float) -> str:
    """``x`` percentage points, in words: '1 point', '0.5 points'."""
    return f"{x:g} point" + ("" if x == 1 else "s")


def bind_monitor(
    *,
    reference,
    current,
    column: str,
    kit_psi: float,
    monitor_gate: Callable,
    alert_line: float,
    gate_name: str = "monitor_gate",
    lowest_line: float | None = None,
):
    """Exercises 1 and 2: PSI of one categorical feature by hand; the monitor's alert line and gate 4a.

    Parameters
    ----------
    reference, current : Series
        The feature in the reference months and in the month compared with them.
    column : str
        The feature's name (for the prompt).
    kit_psi : float
        ``drift.psi`` of the two (what the drift report shows).
    monitor_gate : callable
        ``monitor_gate(line)`` returns gate 4a taken at PSI alert ``line`` on the replayed streams.
    alert_line : float
        The line the weekly monitor alerts at before the exercise.
    lowest_line : float, optional
        The lowest line the exercise accepts (the kit's moderate band: below it the bands call a week stable);
        defaults to ``alert_line``.
    gate_name : str
        What the notebook calls ``monitor_gate`` (used in the prompt and hints).
    """
    ref = reference.value_counts(normalize=True)
    cur = current.value_counts(normalize=True).reindex(ref.index, fill_value=0.0)
    kl_only = float((cur * np.log(cur / ref)).sum())
    q1 = numeric(
        "1 · PSI by hand for one feature",
        f"Compute the PSI of `{column}` between the reference months and month 6 yourself, in a few lines of "
        "pandas: the share of each level in both, then the sum over levels of (current share - reference share) "
        "x ln(current share / reference share). Then compare it with the kit's "
        f"`report.result('{column}', 'psi').value`.",
        kit_psi,
        atol=0.0005,
        hints=[
            "`series.value_counts(normalize=True)` gives each level's share; align the two with `reindex`.",
            "`((cur - ref) * np.log(cur / ref)).sum()`, with natural logarithms.",
        ],
        solution=f"`ref = reference['{column}'].value_counts(normalize=True)`, `cur = ...reindex(ref.index)`, "
        f"`((cur - ref) * np.log(cur / ref)).sum()` = {kit_psi:.4f}, the kit's number: for a categorical "
        "feature with every level present in both windows there is nothing more to PSI than this "
        "(numeric features are first cut into bins at the reference's deciles).",
        wrong_answers=[
            (kit_psi / math.log(10), "That uses base-10 logarithms; PSI uses natural ones (`np.log`)."),
            (
                kl_only,
                "That is only one direction of the divergence (current x ln(current/reference)); "
                "PSI weighs the difference of the shares, which makes it symmetric.",
            ),
        ],
        practice="by-hand",
    )

    lowest = alert_line if lowest_line is None else float(lowest_line)
    verdict_at = {}

    def gate_at(line: float):
        key = round(float(line), 6)
        if key not in verdict_at:
            verdict_at[key] = monitor_gate(key)
        return verdict_at[key]

    def failing(line: float) -> str:
        """'a' when the detection criterion is what stops GO at ``line``, 'b' when the false alarms are."""
        detect, alarms = gate_at(line).criteria[:2]
        return "a" if detect.status != "pass" else "b" if alarms.status != "pass" else ""

    grid = [round(x, 3) for x in np.arange(0.05, 0.5001, 0.005)]
    go_lines = [x for x in grid if gate_at(x).verdict == "GO"]
    highest = max(go_lines) if go_lines else None
    above = next((x for x in grid if highest is not None and x > highest), None)
    reason = failing(above) if above is not None else ""
    if reason:  # say "not shown" when the interval only reaches the bar, "too few/many" when it is past it
        crit = gate_at(above).criteria[0 if reason == "a" else 1]
        shown = crit.status == "fail"
        reason = reason + ("" if shown else "?")
    reasons = {
        "a": "too few streams are flagged within the detection window (the shift is caught late or not at all)",
        "a?": "the share of streams flagged within the detection window can no longer be shown to reach "
        "the bar (its interval reaches below it: not shown, not yet a failure)",
        "b": "too many streams raise a false alarm in their quiet weeks",
        "b?": "the share of streams with a false alarm in their quiet weeks can no longer be shown to stay "
        "under the bar (its interval reaches past it: not shown, not yet a failure)",
    }

    def explain(line: float) -> str:
        gate = gate_at(line)
        return "; ".join(f"{c.name}: {c.value} [{c.interval}] -> {c.status}" for c in gate.criteria)

    def edge_text() -> str:
        if above is None:
            return f"on the tuning streams GO holds on every line tried, up to {highest:g}"
        return (
            f"on the tuning streams GO holds up to about PSI {highest:g}; just above, at {above:g}, "
            + (reasons[reason] + ": " if reason else "")
            + explain(above)
        )

    def check_line(answer):
        if isinstance(answer, (tuple, list)):
            return False, "Answer with one number: the alert line, for example `0.15`."
        try:
            line = float(answer)
        except (TypeError, ValueError):
            return False, "The line is a number: a PSI value such as 0.15."
        if not 0 < line < 5:
            return False, "A PSI alert line is a positive number, usually between 0.05 and 0.5."
        if highest is None:
            return False, "No line on the grid 0.05 to 0.5 keeps gate 4a at GO on these streams."
        gate = gate_at(line)
        if gate.verdict != "GO":
            return False, (
                f"At PSI {line:g} gate 4a is {gate.verdict}, not GO: {explain(line)}. The line you keep "
                "must still pass both criteria."
            )
        if line < lowest - 1e-9:
            return False, (
                f"PSI {line:g} is below {lowest:g}, where the kit's bands stop calling a week stable: an "
                "alarm there would ring on a change the bands call no change. Choose a line from "
                f"{lowest:g} up."
            )
        return True, (
            f"Defensible by the stated rule (GO on the tuning streams, at or above {lowest:g}): at "
            f"{line:g}, {explain(line)}. Your line keeps GO"
            + (
                f" with a margin of {highest - line:.3g} below the edge"
                if line < highest - 1e-9
                else ", right at the edge, where fresh streams are the most likely to slip"
            )
            + f" ({edge_text()}). Gate 4a at the end of the notebook takes it on the streams kept aside. "
            "It is a decision about these simulated streams: one season, one shift size."
        )

    q2 = custom(
        "2 · Set the monitor's alert line and take gate 4a again",
        f"So far the weekly monitor alerts at PSI {alert_line:g} (the kit's major band). Choose the line it runs at: "
        "a lower line flags a shift sooner but leaves less room above the quiet weeks' PSI, a higher one the "
        "reverse. Weigh the two from the evidence printed above (the detection rate, the false alarms and the quiet "
        f"weeks' highest PSI) and from `{gate_name}(line)`, which takes gate 4a at any line on the tuning half of the "
        f"simulated streams. Answer with one line, at or above {lowest:g}: the check accepts any such line that "
        "keeps gate 4a at GO on the tuning streams. The other half of the streams is kept aside: gate 4a at the end "
        "of the notebook is taken at your line on them, and a line right at the edge on the streams used to choose "
        "it may slip on fresh ones.",
        check_line,
        hints=[
            f"`{gate_name}(0.25).verdict` takes the gate at another line; loop over `np.arange(0.1, 0.3, 0.005)`.",
            f"Print `{gate_name}(line)` just above the last GO line and read which criterion is not a pass.",
        ],
        solution=(
            f"On the tuning streams gate 4a stays GO on every line tried, up to {highest:g}; any line from "
            f"{lowest:g} up is defensible."
            if highest is not None and above is None
            else f"On the tuning streams gate 4a stays GO up to about PSI {highest:g}; at {above:g}: "
            f"{explain(above)}. Any line from {lowest:g} up to {highest:g} is defensible; a margin below the "
            "edge leaves room for fresh streams to differ. A higher line needs a bigger weekly PSI, so it "
            "flags the shift later (the week the shift starts in holds only a few shifted days)."
        )
        if highest is not None
        else "No line on the grid keeps gate 4a at GO.",
        practice="decision",
    )
    return q1, q2


def bind_traps(
    *,
    first,
    second,
    ks,
    psi,
    pair: str = "June against July",
    names: tuple = ("june", "july"),
    ks_name: str = "ks_jj",
    psi_ci=None,
    psi_ci_name: str = "psi_jj_ci",
):
    """Exercise 3: a tiny p-value on a huge sample. The learner computes KS's D (the size the p-value leaves out)
    by hand, compares it with the kit, and says whether to retrain.

    Parameters
    ----------
    first, second : Series
        The two months' values (missing values are dropped, as the kit's tests drop them).
    ks, psi : DriftResult
        ``drift.ks_test(first, second)`` and ``drift.psi(first, second)`` (the kit's numbers).
    pair : str
        The two months compared (for the prompt).
    names, ks_name : str
        What the notebook calls the two Series and the kit's KS result (used in the prompt and hints).
    psi_ci : (low, high), optional
        A 95% interval for the PSI (for flights, resampling whole days). Given, the call is read on it: the gap
        is stable only when the whole interval lies below the moderate band's line; an interval reaching the line
        is "not yet" either way (both calls are accepted, with what would settle it). Without it the point is
        read against the line (older callers).
    psi_ci_name : str
        What the notebook calls that interval (for the prompt).
    """
    from ..drift import PSI_MODERATE, psi_band

    d = float(ks.value)
    if psi_ci is not None:
        ci_low, ci_high = (float(v) for v in psi_ci)
        if not ci_low <= float(psi.value) <= ci_high:
            raise ValueError(f"psi_ci must contain the PSI {psi.value!r}, got {psi_ci!r}")
        stable, past = ci_high < PSI_MODERATE, ci_low >= PSI_MODERATE
        band_text = f"95% over days {ci_low:.4f} to {ci_high:.4f}: " + (
            f"stable on its whole interval, below the moderate band's line {PSI_MODERATE:g}"
            if stable
            else f"past the stable band on its whole interval (line {PSI_MODERATE:g})"
            if past
            else f"the interval reaches the moderate band's line {PSI_MODERATE:g}, so no band call is made"
        )
    else:
        stable = psi.value < PSI_MODERATE
        past = not stable
        band_text = f"{psi_band(psi.value)} by the kit's bands"
    x, y = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    n_x, n_y = len(x), len(y)  # with the missing values still counted: a common slip
    x, y = np.sort(x[~np.isnan(x)]), np.sort(y[~np.isnan(y)])
    grid = np.union1d(x, y)
    with_missing = float(
        np.abs(np.searchsorted(x, grid, side="right") / n_x - np.searchsorted(y, grid, side="right") / n_y).max()
    )
    size_text = (
        f"D = {d:.4f}: at no delay do the two months' cumulative shares differ by more than "
        f"{100 * d:.1f} points, and the PSI is {psi.value:.4f} ({band_text})"
    )

    def parse_call(value):
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        text = str(value).strip().lower()
        return {"yes": True, "retrain": True, "true": True, "no": False, "false": False}.get(text)

    def check(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return False, "Answer with a pair: `(D, retrain)`, for example `(0.05, False)`."
        try:
            value = float(answer[0])
        except (TypeError, ValueError):
            return False, "D is a number: the largest gap between the two cumulative shares, as a share."
        call = parse_call(answer[1])
        if call is None:
            return False, "The second part is `True` (treat it as drift and retrain) or `False` (do not)."
        if abs(value - d) > 0.0005:
            if abs(value - 100 * d) <= 0.05:
                return False, f"That is D in points; answer it as a share, {value / 100:.4f}."
            if abs(value - with_missing) <= 0.0005:
                return False, (
                    "That counts the cancelled flights (no delay) in each month's total; drop them "
                    "first (`.dropna()`), as the kit's test does."
                )
            return False, (
                f"Not the kit's D ({ks_name}.value). For every delay x, take the share of each month's "
                "flights delayed by at most x; D is the largest absolute difference of the two shares."
            )
        if stable and call:
            return False, (
                f"Your D is right, but not the call. {size_text}. For a fixed, non-zero gap the p-value "
                "shrinks as the sample size grows, so with tens of thousands of rows a gap this small "
                f"gives p = {ks.p_value:.2g}; it says the gap is unlikely to be chance, not that it is "
                "big enough to act on."
            )
        if stable:
            return True, (
                f"Right: {size_text}. The p-value is tiny because the samples are huge; a gap this "
                "small is no reason to retrain. Monitor a sized distance against a stated line, not a "
                "p-value."
            )
        if past:
            return True, (
                f"Defensible: {size_text}, so the gap is not tiny. Whether to retrain turns on its size "
                "against the line the team set, not on the p-value."
            )
        return True, (
            f"Accepted, as a call that is not yet settled: {size_text}. Neither 'stable' nor 'drift' is "
            "shown; more days in each month would narrow the interval. Whatever you do, decide on the "
            "PSI against its line, not on the p-value."
        )

    return custom(
        "3 · Act on a tiny p-value?",
        f"A dashboard that alerts when KS's p-value is below 0.05 fires on {pair} departure delays: p = "
        f"{ks.p_value:.2g} on {ks.n_reference:,} and {ks.n_current:,} flights. The p-value does not say how big the "
        "gap is; KS's D does. For every delay x, take the share of each month's flights delayed by at most x "
        "minutes; D is the largest absolute difference between the two months' shares. Compute D yourself in a "
        f"few lines of numpy from `{names[0]}` and `{names[1]}` (cancelled flights have no delay: drop them), compare "
        f"it with the kit's `{ks_name}.value`, then answer `(D, retrain)`: D as a share, and `True` if you would "
        "tell the team to treat this as drift and retrain, `False` if not"
        + (
            f". To size the gap against the kit's bands, `{psi_ci_name}` holds the 95% interval over days (whole days "
            "resampled, as in section 2) of the two months' PSI."
            if psi_ci is not None
            else "."
        ),
        check,
        hints=[
            f"`x = np.sort({names[0]}.dropna())`, the same for `{names[1]}`; `grid = np.union1d(x, y)`; "
            "`np.searchsorted(x, grid, side='right') / len(x)` is the share of the first month at or below each "
            "delay.",
            "D is `np.abs(share_x - share_y).max()`. A gap of a few points of cumulative share: is that a change "
            "worth a retraining, whatever the p-value?",
        ],
        solution=(
            f"`x, y = np.sort({names[0]}.dropna()), np.sort({names[1]}.dropna())`, `grid = np.union1d(x, y)`, "
            "`np.abs(np.searchsorted(x, grid, side='right') / len(x) - np.searchsorted(y, grid, "
            f"side='right') / len(y)).max()` = {d:.4f}, the kit's D. {size_text}. "
            + (
                "Do not retrain: `(D, False)`. The p-value is small because the samples are huge."
                if stable
                else "Past the stable band: either call is defensible, judged on the size against the team's "
                "line, not on the p-value."
                if past
                else "Not yet either way: the PSI's interval reaches the line, so either call is accepted; "
                "more days would settle it."
            )
        ),
        practice="by-hand",
    )


def bind_cadence(
    *,
    gain_estimate: float,
    gain_low: float,
    gain_high: float,
    per_share: float,
    months_between: int,
    retrain_cost: float,
    min_net: float = 0.0,
):
    """Exercise 4: two prices per retraining for a schedule against never retraining: the one below which its net
    value a month clears ``min_net`` at the estimate, and the one below which its whole 95% interval of net value
    does.

    Parameters
    ----------
    gain_estimate, gain_low, gain_high : float
        The schedule's recall gain over never retraining and the ends of its 95% paired interval (shares, not
        points).
    per_share : float
        Dollars a month one unit of recall is worth (frauds a month x what one more fraud caught is worth at the
        same alert volume).
    months_between : int
        Months between retrainings on the schedule.
    retrain_cost : float
        Today's price of one retraining (for the prompt).
    min_net : float
        The net value a month ($) a schedule must clear to be worth setting up, chosen before looking (the line
        gate 4b judges the schedule against); 0 asks for break-even.
    """
    if months_between < 1:
        raise ValueError(f"months_between must be at least 1, got {months_between!r}")
    if per_share <= 0:
        raise ValueError(f"per_share must be positive, got {per_share!r}")
    if not gain_low <= gain_estimate <= gain_high:
        raise ValueError(f"gain_estimate must lie in [gain_low, gain_high], got {gain_estimate!r}")

    if min_net < 0:
        raise ValueError(f"min_net must not be negative, got {min_net!r}")
    line_text = "zero" if min_net == 0 else f"{min_net:,.0f} dollars a month"

    def price_where(gain: float, line: float = min_net):
        """The price per retraining at which the net value a month, taken at ``gain``, equals ``line`` (None if none)."""
        return months_between * (gain * per_share - line) if gain * per_share > line else None

    point, ceiling, might = price_where(gain_estimate), price_where(gain_low), price_where(gain_high)
    zero_ceiling = price_where(gain_low, 0.0) if min_net > 0 else None  # where the low end only clears break-even
    every = "every month" if months_between == 1 else f"every {months_between} months"

    def parse(value):
        if value is None or str(value).strip().lower() in {"none", "no price", "never"}:
            return None
        return float(value)

    def near(value, target) -> bool:
        if target is None or value is None:
            return value is None and target is None
        return abs(value - target) <= 0.03 * target

    def describe(target) -> str:
        return "`None`" if target is None else f"about {target:,.0f} dollars"

    def check(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return (
                False,
                "Answer with a pair: `(price_at_estimate, price_for_whole_interval)`; use `None` for no price.",
            )
        try:
            at_estimate, whole = parse(answer[0]), parse(answer[1])
        except (TypeError, ValueError):
            return False, "Each price is a number of dollars, or `None` if no price would do."
        if not near(at_estimate, point):
            return False, (
                f"The first price sets the net value at the gain's *estimate* to {line_text}: months "
                "between retrainings x (the gain's estimate x dollars per unit of recall"
                + (f" - {min_net:,.0f})" if min_net else ")")
                + (
                    ". Even a free retraining leaves the estimate's net below that, so no price does it: `None`."
                    if point is None
                    else "."
                )
            )
        if whole is not None and near(whole, zero_ceiling) and not near(whole, ceiling):
            return False, (
                f"{whole:,.0f} dollars is where the interval's low end clears zero, break-even; the "
                f"schedule has to clear the {min_net:,.0f} dollars a month set before looking."
            )
        if whole is not None and near(whole, might):
            return False, (
                f"{whole:,.0f} dollars is where the interval's *high* end reaches {line_text}: below it retraining "
                f"{every} might pay. The second price needs the whole interval above zero, so it is set "
                "by the interval's low end."
            )
        if near(whole, point) and point is not None and not near(point, ceiling):
            return False, (
                f"The second price repeats the first: at that price the net value is {line_text} at the "
                f"estimate, and the interval around it still reaches below. The whole interval clears "
                f"{line_text} only once its low end does."
            )
        if not near(whole, ceiling):
            if ceiling is None:
                return False, (
                    f"The gain's low end is {100 * gain_low:+.1f} points, so even a free retraining leaves "
                    f"the net interval reaching down to {gain_low * per_share:,.0f} dollars a month, "
                    + (
                        "below zero"
                        if min_net == 0 or gain_low <= 0
                        else f"short of the {min_net:,.0f} set before looking"
                    )
                    + ": no price does it. Answer `None` as the second price."
                )
            return False, (
                f"The second price sets the net interval's low end to {line_text}: {months_between} x (the "
                f"gain's low end ({100 * gain_low:+.1f} points) x dollars per unit of recall"
                + (f" - {min_net:,.0f})." if min_net else ").")
            )
        tail = (
            f"the whole interval clears {line_text} below {ceiling:,.0f} dollars (today's price: {retrain_cost:,.0f})."
            if ceiling is not None
            else f"no price makes the whole interval clear {line_text}: even a free retraining is not shown to be "
            "worth it, because the evidence of a large enough gain is what is missing, not a lower price; more "
            "labelled months would settle it."
        )
        if point is None:
            return True, (
                f"Right: the recall gain's estimate is {100 * gain_estimate:+.1f} points, so retraining "
                f"{every} does not clear {line_text} at any price, not even at the estimate."
            )
        return True, (
            f"Right: at the estimate, retraining {every} clears {line_text} below {describe(point)} a "
            f"retraining; {tail} "
            + (
                "Between the two prices a decision on the point would retrain and a decision on the interval would not."
                if ceiling is not None
                else "Below the first price a decision on the point would retrain; a decision on the interval "
                "would not, at any price."
            )
        )

    return custom(
        "4 · Price a retraining schedule",
        f"Today a retraining costs an assumed {retrain_cost:,.0f} dollars and the stated rule keeps no schedule over never. "
        f"The pipeline team offers to make retraining cheaper. For retraining {every} against never, give two "
        f"prices per retraining, against the {line_text} a schedule must clear"
        + (" (set before looking; gate 4b judges the schedule against the same line)" if min_net else "")
        + ": (1) the price below which its net value a month clears that line at the *estimate* of "
        "its recall gain; (2) the price below which the *whole* 95% paired interval of its net value clears it, "
        "or `None` if no price, not even a free retraining, does that. Net a month = recall gain x dollars per unit "
        f"of recall - price / {months_between}. Work them out from `recall_diff[('never', '{months_between}')]` "
        "(`.estimate`, `.low`, `.high`: the recall gain, 95% paired bootstrap) and `dollars_per_recall` "
        "(dollars a month per unit of recall: the frauds a month times what one more fraud caught is worth at "
        "the same alert volume). Answer `(price_1, price_2)`.",
        check,
        hints=[
            f"Set the net to {line_text} and solve for the price: price = {months_between} x (gain x dollars per "
            "unit of recall"
            + (f" - {min_net:,.0f})" if min_net else ")")
            + ", with the gain taken at the estimate for the first price.",
            "For the second price the gain is taken at the interval's low end. What if, even at a price of zero, "
            f"its net does not clear {line_text}?",
        ],
        solution=(
            f"Gain {100 * gain_estimate:+.1f} points (95% {100 * gain_low:+.1f} to {100 * gain_high:+.1f}); "
            f"dollars per unit of recall {per_share:,.0f}; line {line_text}. At the estimate: {months_between} x "
            f"({gain_estimate:.4f} x {per_share:,.0f}"
            + (f" - {min_net:,.0f}" if min_net else "")
            + f") = {describe(point)}. Whole interval: "
            + (
                f"{months_between} x ({gain_low:.4f} x {per_share:,.0f}"
                + (f" - {min_net:,.0f}" if min_net else "")
                + f") = {ceiling:,.0f} dollars."
                if ceiling is not None
                else f"even at a price of zero the low end's net ({gain_low * per_share:,.0f} dollars a month) does not "
                f"clear {line_text}, so `None`: the price is not what holds retraining back; the evidence of a "
                "large enough gain is."
            )
        ),
        practice="by-hand",
    )


def bind_plan(*, rate_a: float, margin: float, true_fall: float, alpha: float, power: float, n_per_arm: int):
    """Exercise 5: by hand, the visitors per arm a non-inferiority guardrail needs, and whether the test has them.

    The guardrail asks the test to show that conversion falls by less than ``margin`` (a share): one-sided at
    ``alpha``. If the candidate truly lowers conversion by ``true_fall`` (a share, below ``margin``), the
    visitors per arm for ``power`` are (z_(1 - alpha) + z_power)^2 (p_a (1 - p_a) + p_b (1 - p_b)) /
    (margin - true_fall)^2, with p_b = p_a - true_fall.
    """
    from scipy import stats

    if not 0 <= true_fall < margin:
        raise ValueError(f"true_fall must be at least 0 and below margin, got {true_fall!r} and {margin!r}")
    p_b = rate_a - true_fall
    var = rate_a * (1 - rate_a) + p_b * (1 - p_b)
    z_one = stats.norm.isf(alpha) + stats.norm.ppf(power)
    z_two = stats.norm.isf(alpha / 2) + stats.norm.ppf(power)
    needed = z_one**2 * var / (margin - true_fall) ** 2
    no_move = z_one**2 * 2 * rate_a * (1 - rate_a) / margin**2
    enough = n_per_arm >= needed
    points, fall = 100 * margin, 100 * true_fall
    return numeric(
        "5 · Size the guardrail, by hand",
        f"The guardrail is a non-inferiority check: the test must show conversion falls by less than {_points(points)}"
        f", one-sided at alpha = {alpha} (the 90% two-sided interval clearing the line). Suppose the "
        "engineers cut the candidate's latency and the team tests the faster version. Its latency cost is not "
        "measured, so before that test the team chooses the fall to size the guardrail for: "
        f"{_points(fall)} of conversion (from the incumbent's {rate_a:.2%}; `GUARDRAIL_PLANNED_FALL_POINTS` in "
        f"the parameters). By hand, in a line or two of numpy: how many visitors per arm give {power:.0%} power to "
        f"show the fall is under {_points(points)}? A by-hand answer within 3% is right.",
        float(needed),
        rtol=0.03,
        atol=0.5,
        hints=[
            "The distance to show is the margin minus the assumed true fall, not the margin.",
            "Non-inferiority is one-sided: `stats.norm.isf(alpha)`, plus `stats.norm.ppf(power)`; the variance "
            "is p_a(1 - p_a) + p_b(1 - p_b).",
        ],
        solution=(
            f"(z_(1-{alpha}) + z_{power})^2 x (p_a(1-p_a) + p_b(1-p_b)) / ({margin:g} - {true_fall:g})^2 = "
            f"{needed:,.0f} per arm. The test run above had {n_per_arm:,} per arm (sized for the primary metric): "
            + (
                "enough for this guardrail too."
                if enough
                else f"not enough for this guardrail; the next test runs to {needed:,.0f} per arm."
            )
            + " The closer the true fall sits to the margin, the faster the sample grows."
        ),
        wrong_answers=[
            (
                float(z_two**2 * var / (margin - true_fall) ** 2),
                "That uses the two-sided z; a non-inferiority check is one-sided (one line to clear).",
            ),
            (
                float(no_move),
                f"That is the plan if conversion did not move at all; the team assumes it "
                f"falls by {_points(fall)}, which leaves less room to the line.",
            ),
            (
                float(z_one**2 * var / margin**2),
                "That measures the distance from zero to the margin; the fall already eats part of it.",
            ),
            (float(2 * needed), "That is both arms together; the question asks per arm."),
        ],
        practice="by-hand",
        fmt="{:,.0f}",
    )


def bind_lineage(*, record, decisions, record_name: str = "record", log_name: str = "decision_log"):
    """Exercise 6: the lineage query over the whole log. The learner counts the logged decisions made by a model
    trained on data nobody approved in full, and picks the version to roll back to while that data is reviewed.

    Parameters
    ----------
    record : aipm_kit.versioning.LineageRecord
        The snapshots' lineage, linked to model versions.
    decisions : DataFrame
        The decision log (``decision_id``, ``model_version``, ...).
    record_name, log_name : str
        What the notebook calls the record and the log (used in the prompt and hints).

    The count is right when it equals the number of logged decisions whose model version's snapshot is not
    approved (a sign-off that covers every source and is dated no later than the training date). Any version whose
    snapshot is approved in full is a defensible roll-back; the feedback names the most recently trained one.
    """
    versions = decisions["model_version"].astype(str)
    snap_of = {v: record.snapshot_of(v) for v in versions.unique()}
    bad_versions = sorted(v for v, s in snap_of.items() if not s.approved)
    on_unapproved = int(versions.isin(bad_versions).sum())
    approved = {str(v): s for s in record.snapshots if s.approved for v in s.model_versions}
    latest = (
        max(approved, key=lambda v: (approved[v].trained_on is not None, approved[v].trained_on or 0))
        if approved
        else None
    )
    unapproved_snaps = [s for s in record.snapshots if not s.approved]

    def why_not(s) -> str:
        return f"{s.snapshot_id} ({s.status})"

    def check(reply):
        if not isinstance(reply, (tuple, list)) or len(reply) != 2:
            return False, 'Answer with a pair: `(declines, version)`, for example `(1200, "v-abc")`.'
        try:
            count = float(reply[0])
        except (TypeError, ValueError):
            return False, "The first part is a number of logged declines."
        version = None if reply[1] is None else str(reply[1]).strip().strip("'\"")
        if count != on_unapproved:
            if count == len(unapproved_snaps):
                return False, (
                    "That counts snapshots; the question counts the logged declines made by the models trained on them."
                )
            if count == len(decisions):
                return False, (
                    "That is every decision in the log; count only those made by a version whose "
                    "snapshot is not approved in full."
                )
            return False, (
                f"Not the count. For each `model_version` in `{log_name}`, follow "
                f"`{record_name}.snapshot_of(version)` and keep the versions whose snapshot is not "
                "approved in full (a sign-off must cover every source and be dated no later than the "
                "training date); then count their rows in the log."
            )
        if version is None or version not in {str(v) for s in record.snapshots for v in s.model_versions}:
            return False, (
                f"Your count is right. {version!r} is not a model version in the record; roll back to a "
                "version trained on a snapshot approved in full."
            )
        if version not in approved:
            return False, (
                f"Your count is right, but {version} was trained on {why_not(record.snapshot_of(version))}:"
                " rolling back to it keeps the same problem."
            )
        tail = (
            ""
            if version == latest
            else f" {latest} is trained later on data also approved in full, so it is the closer roll-back; "
            "yours is defensible if there is reason to doubt it."
        )
        return True, (
            f"Right: {on_unapproved:,} of the {len(decisions):,} logged declines were made by "
            f"{', '.join(bad_versions)}, trained on {'; '.join(why_not(s) for s in unapproved_snaps)}. "
            f"{version} was trained on {approved[version].snapshot_id}, approved in full by "
            f"{approved[version].approved_by}.{tail} Tell the regulator both: which declines rest on "
            "unapproved data, and what serves while that data is reviewed."
        )

    return custom(
        "6 · Which declines rest on unapproved data, and what serves instead?",
        "A regulator asks how many of the logged declines were made by a model trained on data nobody approved "
        "in full; a sign-off counts only for the sources it lists, and only if it is dated no later than the "
        "training date. Write the "
        f"query yourself from the decision log `{log_name}` and the lineage record `{record_name}`, then decide which "
        "model version to roll back to while that data is reviewed. Answer `(declines, version)`.",
        check,
        hints=[
            f"`{record_name}.snapshot_of(version)` gives the snapshot a version was trained on; compare its "
            "`sources` with `sign_off.sources`, and `sign_off.approved_on` with `trained_on` (or read its "
            "`.approved`).",
            f"Collect the versions whose snapshot is not approved, then `{log_name}['model_version'].isin(...)"
            ".sum()`. For the roll-back, which versions were trained on a snapshot approved in full?",
        ],
        solution=lambda: (
            f"Versions on unapproved data: {', '.join(bad_versions) or 'none'} "
            f"({'; '.join(why_not(s) for s in unapproved_snaps) or 'none'}); they made "
            f"{on_unapproved:,} of the {len(decisions):,} logged declines. Versions trained on data "
            f"approved in full: {', '.join(approved) or 'none'}; the latest is {latest}. Answer "
            f"`({on_unapproved}, '{latest}')`."
        ),
        practice="decision",
    )


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

    An option is a fix when it passes both tests gate 4c holds the kept configuration to: no other option beats it
    on the whole of its 95% interval of net value, and it does not fail the growing-fraud check (the whole of its 90%
    interval behind the challenger by more than ``margin``, as the kept model's is when the gate fails it). A call is
    accepted when one of its options is a fix, or when a model option of it is ruled out only by the assumed costs
    while it keeps up with the challenger (the whole of its 90% interval inside ``margin``): the exclusion then rests
    on two assumptions. "None of these yet" (``f``) is accepted when no option is a fix. Redesign is accepted when a
    retrained model is not shown to learn the growing fraud (the notebook's redesign trigger).
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

    def why_stop(name: str) -> str:
        e, lo, hi = pair_net[(kept, name)]
        ke, klo, khi = vs_kept[name]
        return (
            f"Defensible as a stop-loss: '{name}'{how if name == 'loosened rule' else ''} is beaten by no other "
            f"option, and it is worth {money(e)} a month more than '{kept}' after costs (95% {money(lo)} to "
            f"{money(hi)}), so falling back to it stops a measured loss; on {segment} it is not worse than "
            f"'{kept}' by more than the {margin:g}-point margin ({ke:+.1f} points, 90% {klo:+.1f} to {khi:+.1f}: "
            f"{vs_kept_word(klo, khi)}). It does not fix what "
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
        e, lo, hi = pair_net[(kept, name)]
        ke, klo, khi = vs_kept[name]
        return (
            f"Meanwhile, the evidence favours falling back to '{name}' as a stop-loss, not a fix, over keeping "
            f"'{kept}' as it is (gate 4c NO-GO): it is worth {money(e)} a month more after costs (95% {money(lo)} "
            f"to {money(hi)}), and on {segment} it is not worse than '{kept}' by more than the {margin:g}-point "
            f"margin ({ke:+.1f} points, 90% {klo:+.1f} to {khi:+.1f}). The owner decides."
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
