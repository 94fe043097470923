"""Has the data moved? Drift statistics, drift reports and drift over time.

Five statistics compare a *reference* sample (what the model was built on)
with a *current* sample (what it sees now). Each takes two 1-D arrays or
Series and returns a frozen :class:`DriftResult`:

===================  ======================  ===========  ==========================
function             value                   drifted if   works on
===================  ======================  ===========  ==========================
:func:`psi`          population stability    value >= .2  numbers and categories
:func:`ks_test`      KS statistic D          p < .05      numbers
:func:`chi_square`   chi-square statistic    p < .05      categories (numbers binned)
:func:`jensen_shannon` JS distance (base 2)  value >= .1  numbers and categories
:func:`wasserstein`  earth mover's distance  value >= .1  numbers
                     (in reference std units
                     by default)
===================  ======================  ===========  ==========================

:func:`drift_report` runs several statistics over the columns of two frames;
:func:`windowed_drift` cuts one frame into calendar periods and compares every
period with a reference window; :class:`PeriodHistograms` holds the per-period
counts behind it, so a dashboard can recompute a whole table in milliseconds.

How every statistic is computed (one code path)
-----------------------------------------------
Both samples are reduced to counts over the sorted distinct values of the
combined data (for categories: over the categories). Every statistic is then a
function of those counts, which makes KS, Wasserstein and chi-square exact
(they agree with SciPy on raw arrays) and lets the windowed version reuse
per-period counts instead of raw rows.

Missing values (NaN/None) are dropped and counted (``n_missing_*``). An
empty sample, or one with only missing values, raises ``ValueError``.

Binning (PSI, Jensen-Shannon, chi-square on numbers)
----------------------------------------------------
* ``binning="quantile"`` (the kit's default): ``bins`` bins cut at the
  reference's quantiles ``1/bins, 2/bins, ...`` (the "inverted CDF" quantile,
  NumPy's ``method="inverted_cdf"``: each edge is an observed reference
  value). Bins are right-closed ``(edge_{i-1}, edge_i]`` and the two outer bins
  are open-ended, so current values outside the reference range still land in
  a bin. Duplicate edges (heavily tied data) are merged, so a feature can get
  fewer than ``bins`` bins; ``n_bins`` reports how many were used. A constant
  reference (one distinct value ``c``) gets three bins: below ``c``, equal to
  ``c`` and above ``c``.
* ``binning="sturges"`` (Evidently's convention): equal-width bins over the
  *combined* range with Sturges' rule, ``ceil(log2(n) + 1)`` bins as in
  ``numpy.histogram_bin_edges(..., bins="sturges")``; like Evidently, a
  numeric feature with 20 or fewer distinct reference values is compared
  value by value instead.
* Categories are compared category by category. A category present only in
  the current sample goes to one explicit ``"<unseen>"`` bucket (reference
  share 0) and a :class:`DriftWarning` names it; the result lists it in
  ``unseen``. (``convention="evidently"`` keeps each such category as its own
  bin, as Evidently does; the warning is the same.)

Empty bins (PSI only): a share of zero would make ``log`` infinite, so zero
shares are replaced by ``epsilon`` (default ``1e-4``) before the sum; the
other shares are not renormalised. Evidently instead replaces zeros by
``min(non-zero share) / 1e6`` when that minimum is at most ``1e-4`` and by
``1e-4`` otherwise; ``convention="evidently"`` reproduces that.

Where the kit differs from Evidently (``convention="evidently"`` switches)
---------------------------------------------------------------------------
* PSI: reference-quantile bins (ours) vs Sturges bins on the combined data.
* Jensen-Shannon: base-2 logarithm, so the distance lies in [0, 1] (ours) vs
  the natural log, range [0, sqrt(ln 2)] = [0, 0.833], on Sturges bins.
* Wasserstein: both divide by the reference standard deviation by default
  (``scale="reference_std"``; Evidently floors the std at 0.001, so do we).
  ``scale=None`` gives the distance in the feature's own units (SciPy's
  ``wasserstein_distance``); its default threshold is then 0.1 reference
  standard deviations expressed in those units.
* Chi-square: ours is the two-sample test of homogeneity on the 2 x k table
  of counts (``scipy.stats.chi2_contingency(..., correction=False)``);
  Evidently's is a goodness-of-fit test of the current counts against the
  reference shares (``scipy.stats.chisquare``): ``method="goodness_of_fit"``.
* KS: the same statistic; our p-value is the asymptotic one (SciPy's
  ``ks_2samp(..., method="asymp")``, i.e. ``kstwo.sf(D, round(n*m/(n+m)))``,
  with its slowest branch summed in vectorised form: it agrees to about 1e-10
  relative) except when ``n * m <= 10,000``, where it is SciPy's exact one;
  SciPy's default switches to an exact p-value when both samples have at
  most 10,000 rows.

Examples
--------
>>> import numpy as np
>>> from aipm_kit import drift
>>> rng = np.random.default_rng(0)
>>> ref, cur = rng.normal(0, 1, 5000), rng.normal(0.5, 1, 5000)
>>> drift.psi(ref, cur).drifted
True
>>> round(drift.ks_test(ref, ref[::-1]).statistic, 3)
0.0
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.drift import psi`` and ``drift.psi`` work as before:
#   bands          PSI's bands (PSI_MODERATE, PSI_MAJOR, psi_band)
#   catalogue      the statistics by name, their aliases and thresholds (STATISTICS, check_threshold)
#   counts         two samples as counts over shared levels (_Counts)
#   binning        bins for PSI, Jensen-Shannon and chi-square; UNSEEN and DriftWarning
#   results        DriftResult and building it
#   kernels        the five statistics computed from counts (_psi_counts, ..., _run)
#   statistics     the five statistics as functions of two samples (psi, ks_test, ..., compare)
#   report         drift_report and DriftReport
#   periods        calendar periods (period_labels, window_sizes)
#   histograms     PeriodHistograms and windowed_drift (drift over time)
#   psi_intervals  PSI with resampling intervals
# Sub-modules import each other in that order (each only from those above it), never from here.
from .bands import PSI_BANDS, PSI_MAJOR, PSI_MODERATE, psi_band
from .binning import MAX_BINS, UNSEEN, DriftWarning
from .catalogue import STATISTICS, StatisticInfo, check_threshold, statistic_name
from .counts import _Counts
from .histograms import PeriodHistograms, windowed_drift
from .kernels import KS_EXACT_MAX_PRODUCT, _kstwo_sf
from .periods import period_labels, window_sizes
from .psi_intervals import _binned_psi_counts, psi_day_interval_table, psi_interval, psi_interval_table
from .report import DriftReport, drift_report
from .results import DriftResult, _result
from .statistics import chi_square, compare, jensen_shannon, ks_test, psi, wasserstein

__all__ = [
    "DriftWarning",
    "DriftResult",
    "DriftReport",
    "PeriodHistograms",
    "STATISTICS",
    "StatisticInfo",
    "psi",
    "ks_test",
    "chi_square",
    "jensen_shannon",
    "wasserstein",
    "compare",
    "drift_report",
    "windowed_drift",
    "window_sizes",
    "period_labels",
    "check_threshold",
    "statistic_name",
    "UNSEEN",
]
