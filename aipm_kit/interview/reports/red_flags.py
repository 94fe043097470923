"""Red flags in a model report: what a reviewer looks for, the decision from the report's facts, the checker.

:data:`RED_FLAGS` names each problem; :func:`find_red_flags` decides which ones a
:class:`~aipm_kit.interview.reports.report.ModelReport` shows, and :func:`check_red_flags` compares a learner's
list with them and explains every miss and every false alarm.
"""

from __future__ import annotations

from ..._checks import check_probability
from .._answers import _flag_set
from .report import NOISY_ROLLBACK_CHANCE, ModelReport

RED_FLAGS = {
    "single_metric": "the report gives one headline number (usually accuracy) and nothing else",
    "mismatched_validation": (
        "the validation data does not look like production (another period or base "
        "rate), or nobody measured production to know"
    ),
    "no_rollback": "no rollback threshold: nobody has said what number would make them switch it off",
    "collapsed_segment": (
        "a segment's recall has collapsed beside the rest (under half the overall recall, its "
        "95% interval below the rest's)"
    ),
    "noisy_rollback": (
        "the rollback rule reads precision from so few alerts that a healthy model (at the low end of "
        "its reported precision's 95% interval) trips it by chance"
    ),
    "no_baseline": (
        "no trivial baseline beside the result (no-fraud-for-everyone, the majority class, the hand "
        "rule it replaces), so nobody can tell what the model adds"
    ),
}


def find_red_flags(
    report: ModelReport,
    *,
    collapse_ratio: float = 0.5,
    base_rate_tolerance: float = 0.25,
    min_segment_positives: int = 10,
    noisy_rollback_chance: float | None = None,
) -> frozenset:
    """The red flags a careful reviewer would raise, decided from the report's own facts.

    * ``single_metric``: fewer than two metrics reported;
    * ``mismatched_validation``: the validation and production positive rates
      differ by more than ``base_rate_tolerance`` (relative), or the production
      rate is assumed, not measured (nothing shows validation looks like production);
    * ``no_rollback``: no rollback rule;
    * ``collapsed_segment``: a segment (with at least ``min_segment_positives``
      positives) whose recall is below ``collapse_ratio`` x the overall recall,
      and whose 95% Wilson interval lies wholly below that of the other
      segments pooled, so the gap is not the noise of a small slice (the
      segments are taken to split the report's positives);
    * ``noisy_rollback``: a rollback rule that a healthy model (at
      :attr:`ModelReport.rollback_healthy_precision`) would trip by chance within a month with probability above
      ``noisy_rollback_chance`` (binomial noise of precision on few alerts;
      default :data:`NOISY_ROLLBACK_CHANCE`);
    * ``no_baseline``: no trivial baseline beside the result.

    Parameters
    ----------
    report : ModelReport
        The report to review (anything else is refused with a ``TypeError``).
    collapse_ratio : float, default 0.5
        A segment's recall below this times the overall recall may have collapsed; in [0, 1].
    base_rate_tolerance : float, default 0.25
        The largest relative gap between the validation and production positive rates that still matches.
    min_segment_positives : int, default 10
        Segments with fewer positives are not judged.
    noisy_rollback_chance : float or None, default None
        The chance of a false rollback within a month above which the rule is noisy, in [0, 1] (None:
        :data:`NOISY_ROLLBACK_CHANCE`).

    Returns
    -------
    frozenset of str
        The red flags, names from :data:`RED_FLAGS`.

    Examples
    --------
    >>> report = ModelReport(title="Churn model v1", model="gradient boosting", metrics={"accuracy": 0.94},
    ...     validation_data="a random 20% of last year", production_data="next quarter's customers",
    ...     validation_base_rate=0.06, production_base_rate=0.09, rollback_rule=None)
    >>> sorted(find_red_flags(report))   # one metric; 6% against 9%; no rule; no baseline
    ['mismatched_validation', 'no_baseline', 'no_rollback', 'single_metric']
    """
    if not isinstance(report, ModelReport):
        raise TypeError(f"report must be a ModelReport, got {type(report).__name__}")
    collapse_ratio = check_probability(collapse_ratio, "collapse_ratio")
    noisy_rollback_chance = check_probability(
        NOISY_ROLLBACK_CHANCE if noisy_rollback_chance is None else noisy_rollback_chance, "noisy_rollback_chance"
    )
    flags = set()
    if not report.baseline:
        flags.add("no_baseline")
    if len(report.metrics) < 2:
        flags.add("single_metric")
    base = report.validation_base_rate
    if (
        base <= 0
        or abs(report.production_base_rate - base) / base > base_rate_tolerance
        or not report.production_rate_measured
    ):
        flags.add("mismatched_validation")
    if not report.rollback_rule:
        flags.add("no_rollback")
    elif report.rollback_false_alarm is not None and report.rollback_false_alarm > noisy_rollback_chance:
        flags.add("noisy_rollback")
    overall = report.overall_recall
    if overall is not None:
        from ...metrics import wilson_interval

        caught = {k: (int(round(r * n)), int(n)) for k, (r, n) in report.segments.items()}
        for name, (recall, n) in report.segments.items():
            if n < min_segment_positives or recall >= collapse_ratio * overall:
                continue
            k_rest = sum(c for other, (c, _) in caught.items() if other != name)
            n_rest = sum(m for other, (_, m) in caught.items() if other != name)
            if n_rest == 0 or wilson_interval(*caught[name])[1] < wilson_interval(k_rest, n_rest)[0]:
                flags.add("collapsed_segment")
    return frozenset(flags)


def check_red_flags(report: ModelReport, answer, **flag_options) -> tuple[bool, str]:
    """Compare a learner's red flags with the report's; explain every miss and every false alarm.

    Parameters
    ----------
    report : ModelReport
        The report the learner reviewed.
    answer : list of str or str
        The learner's red-flag names from :data:`RED_FLAGS`, as a list or one string split on commas or
        semicolons; an unknown name is refused with a ``ValueError``.
    **flag_options
        Passed on to :func:`find_red_flags` (e.g. ``noisy_rollback_chance``).

    Returns
    -------
    tuple of (bool, str)
        Whether the answer matches :func:`find_red_flags` exactly, and the feedback: the flags found when right,
        every miss (with what it means) and every flag that is not a problem in this report otherwise.

    Examples
    --------
    >>> report = ModelReport(title="Churn model v1", model="gradient boosting", metrics={"accuracy": 0.94},
    ...     validation_data="a random 20% of last year", production_data="next quarter's customers",
    ...     validation_base_rate=0.06, production_base_rate=0.09, rollback_rule=None)
    >>> check_red_flags(report, "single_metric, no_rollback, no_baseline, mismatched_validation")
    (True, 'All red flags found: mismatched_validation, no_baseline, no_rollback, single_metric.')
    >>> ok, feedback = check_red_flags(report, ["single_metric", "no_rollback", "collapsed_segment"])
    >>> print(feedback)
    Missed: `mismatched_validation` (the validation data does not look like production (another period or base
    rate), or nobody measured production to know); `no_baseline` (no trivial baseline beside the result
    (no-fraud-for-everyone, the majority class, the hand rule it replaces), so nobody can tell what the model
    adds). not a problem in this report: `collapsed_segment`.
    """
    expected = set(find_red_flags(report, **flag_options))
    got = _flag_set(answer, RED_FLAGS, "red flag")
    missed, extra = sorted(expected - got), sorted(got - expected)
    if not missed and not extra:
        found = ", ".join(sorted(expected)) or "none (this report is sound)"
        return True, f"All red flags found: {found}."
    parts = []
    if missed:
        parts.append("missed: " + "; ".join(f"`{m}` ({RED_FLAGS[m]})" for m in missed))
    if extra:
        parts.append("not a problem in this report: " + ", ".join(f"`{e}`" for e in extra))
    return False, ". ".join(parts).capitalize() + "."
