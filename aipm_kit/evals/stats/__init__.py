"""Honest statistics for evaluation runs.

* :func:`wilson_interval`: a pass rate with a Wilson score interval (sound at
  small n and near 0% or 100%, unlike the textbook "p ± 1.96·se").
* :func:`bootstrap_interval`: a seeded percentile bootstrap for continuous scores.
* :func:`cluster_paired_bootstrap_interval`: the paired difference when cases come in
  groups (paraphrases of one question, questions on one help article): resamples whole
  groups, so cases that move together are not counted as independent evidence.
* :func:`compare_runs`: two versions on the **same** cases: exact McNemar test on
  the discordant pairs, a paired bootstrap interval for the difference (or, for
  pass/fail, Newcombe's paired score interval: ``interval="newcombe"``, a formula
  with no resampling noise), a win/tie/loss table and the flipped cases listed first.
* :func:`pass_rates_by_tag` and :func:`compare_by_tag`: per-slice results with a
  minimum-n warning and Holm's correction for testing many slices at once.
* :func:`detectable_difference`: the smallest paired difference a two-sided check on n
  cases would detect with a given power (say it before claiming "no regression").
* :func:`noninferiority_pass_chance`: the chance that a version exactly as good as its
  baseline passes a one-sided non-inferiority check (paired Newcombe interval) on n cases.

Errors (status ``"error"``) are never scored: they are left out of rates and
pairs, and counted.
"""

from __future__ import annotations

from ...intervals import Interval, wilson_interval  # the kit's one interval type and one Wilson interval
from .comparison import Comparison, compare_runs, difference_sentence
from .intervals import (
    PAIRED_INTERVALS,
    bootstrap_interval,
    cluster_paired_bootstrap_interval,
    paired_bootstrap_interval,
    paired_difference_interval,
)
from .power import detectable_difference, noninferiority_pass_chance
from .significance import holm_adjust, mcnemar_exact
from .slices import SliceTable, compare_by_tag, pass_rates_by_tag

__all__ = [
    "Interval",
    "PAIRED_INTERVALS",
    "wilson_interval",
    "bootstrap_interval",
    "paired_bootstrap_interval",
    "paired_difference_interval",
    "cluster_paired_bootstrap_interval",
    "mcnemar_exact",
    "holm_adjust",
    "Comparison",
    "compare_runs",
    "SliceTable",
    "pass_rates_by_tag",
    "compare_by_tag",
    "difference_sentence",
    "detectable_difference",
    "noninferiority_pass_chance",
]
