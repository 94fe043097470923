"""Who does the model fail? Metrics by group, parity ratios and the four-fifths rule.

The names follow fairlearn so a learner can move between the two:
:func:`by_group` is the ``MetricFrame(...).by_group`` table (with ``count``,
``selection_rate``, ``tpr`` and ``fpr``), and :func:`demographic_parity_ratio`,
:func:`demographic_parity_difference`, :func:`equalized_odds_difference` and
:func:`equalized_odds_ratio` take the same ``(y_true, y_pred, *,
sensitive_features)`` arguments and give the same numbers.

Two things fairlearn leaves to you are built in here:

* :func:`four_fifths_rule` takes the *favourable* outcome explicitly. The
  rule compares rates of the good outcome (being approved, hired, let
  through), so a model that predicts *denial* must be read with
  ``favourable=0``.
* :func:`fairness_intervals` puts a seeded bootstrap interval on every gap
  and ratio. Small groups make wide intervals: a gap whose interval spans
  zero has not been shown to exist, and one that doesn't may still be
  smaller or larger than it looks.

Grouping is done with ``numpy.bincount`` on integer group codes, so a
million rows take milliseconds.

Modules, one idea each (every name is importable from here): :mod:`~aipm_kit.fairness.parity` (the
by-group table, demographic parity, equalized odds), :mod:`~aipm_kit.fairness.four_fifths`,
:mod:`~aipm_kit.fairness.bootstrap` (:func:`fairness_intervals`), :mod:`~aipm_kit.fairness.what_if`
(:func:`explain_decision`) and ``_common`` (the checked rows and cell counts they all start from).
"""

from __future__ import annotations

from .bootstrap import fairness_intervals
from .four_fifths import FourFifthsResult, four_fifths_rule
from .parity import (
    by_group,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    equalized_odds_ratio,
)
from .what_if import explain_decision

__all__ = [
    "by_group",
    "demographic_parity_ratio",
    "demographic_parity_difference",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "FourFifthsResult",
    "four_fifths_rule",
    "fairness_intervals",
    "explain_decision",
]
