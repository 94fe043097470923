"""A/B tests a PM can defend: the test, its interval, its power, and the peeking trap.

Every function works on counts (conversions out of visitors), the way an
experiment dashboard reports them. Arm ``a`` is the incumbent (control) and
arm ``b`` the candidate; differences are always ``b - a``.

The normal approximations follow statsmodels (``proportions_ztest``,
``confint_proportions_2indep(method="wald")``,
``samplesize_proportions_2indep_onetail``, ``power_proportions_2indep``), and
the tests check them against it.
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.experiments import two_proportion_test`` and ``experiments.power_of_test`` work as before:
#   _common         the shared checks (alpha, alternative) and the normal law
#   two_proportion  analysing a test (two_proportion_test, TwoProportionResult)
#   power           planning a test (sample_size_per_arm, power_of_test)
#   sequential      peeking and sequential boundaries (peeking_simulation, sequential_boundaries)
#   latency         the latency guardrail assumption (conversion_after_latency)
#   paired          paired proportions (paired_proportion_difference, PairedDifference)
# Sub-modules import only from _common and the kit's foundation, never from here.
from ._common import ALTERNATIVES
from .latency import conversion_after_latency
from .paired import PAIRED_METHODS, PairedDifference, paired_proportion_difference
from .power import power_of_test, sample_size_per_arm
from .sequential import PeekingResult, peeking_simulation, sequential_boundaries
from .two_proportion import TwoProportionResult, two_proportion_test
