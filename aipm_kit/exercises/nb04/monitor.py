"""Exercises 1 and 2: the PSI of one categorical feature by hand, and the monitor's alert line with gate 4a."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import custom, numeric


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

    Returns
    -------
    q1 : Exercise
        The PSI by hand: right within 0.0005 of ``kit_psi``, with feedback for base-10 logarithms and for one
        direction of the divergence.
    q2 : Exercise
        The alert line: any line from ``lowest_line`` up that keeps gate 4a at GO is right; the feedback names
        the highest GO line on the grid 0.05 to 0.5 (step 0.005) and what stops GO just above it.

    Examples
    --------
    A stand-in for gate 4a: detection is shown up to PSI 0.215 and only inconclusive above it.

    >>> import numpy as np, pandas as pd
    >>> from aipm_kit import drift, gates
    >>> def monitor_gate(line):
    ...     ok = line <= 0.215
    ...     return gates.Gate("4a", [
    ...         gates.criterion("flagged", 0.99 if ok else 0.93, ">=", 0.9,
    ...                         interval=(0.97, 1.0) if ok else (0.89, 0.96), evidence="e"),
    ...         gates.criterion("false alarms", 0.0, "<=", 0.1, interval=(0.0, 0.01), evidence="e")])
    >>> reference = pd.Series(["app"] * 50 + ["web"] * 50)
    >>> current = pd.Series(["app"] * 25 + ["web"] * 75)
    >>> kit_psi = drift.psi(reference, current).statistic
    >>> q1, q2 = bind_monitor(reference=reference, current=current, column="channel", kit_psi=kit_psi,
    ...                       monitor_gate=monitor_gate, alert_line=0.2)
    >>> q1.check(0.2747)
    [1 · PSI by hand for one feature] Correct: 0.2747 is right.
    >>> q1.check(kit_psi / np.log(10)).message
    'That uses base-10 logarithms; PSI uses natural ones (`np.log`).'
    >>> q2.check(0.21).correct, q2.check(0.25).correct
    (True, False)
    >>> q2.check(0.25).message
    'At PSI 0.25 gate 4a is NOT YET, not GO: flagged: 0.93 [0.89 to 0.96] -> inconclusive; false alarms: 0
    [0 to 0.01] -> pass. The line you keep must still pass both criteria.'
    """
    ref = reference.value_counts(normalize=True)
    cur = current.value_counts(normalize=True).reindex(ref.index, fill_value=0.0)
    kl_only = float((cur * np.log(cur / ref)).sum())
    q1 = numeric(
        "1 · PSI by hand for one feature",
        f"Compute the PSI of `{column}` between the reference months and month 6 yourself, in a few lines of "
        "pandas: the share of each level in both, then the sum over levels of (current share - reference share) "
        "x ln(current share / reference share). Then compare it with the kit's "
        f"`report.result('{column}', 'psi').statistic`.",
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
