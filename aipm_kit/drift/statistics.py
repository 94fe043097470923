"""The five drift statistics as functions of two samples: PSI, KS, chi-square, Jensen-Shannon and Wasserstein.

Each public function (:func:`psi`, :func:`ks_test`, ...) reduces its two samples to counts and hands them to
the statistic's kernel in :mod:`aipm_kit.drift.kernels` (the windowed tables reuse those kernels);
:func:`compare` runs one by name.
"""

from __future__ import annotations

from .catalogue import statistic_name
from .counts import _counts
from .kernels import (  # noqa: F401 (KS_EXACT_MAX_PRODUCT, _kstwo_sf and _run: still importable from here)
    KS_EXACT_MAX_PRODUCT,
    _chi_square_counts,
    _js_counts,
    _ks_counts,
    _kstwo_sf,
    _psi_counts,
    _run,
    _wasserstein_counts,
)
from .results import DriftResult

# --------------------------------------------------------------------------------------------------
# public one-pair functions


def psi(
    reference,
    current,
    *,
    bins: int = 10,
    binning: str | None = None,
    epsilon=None,
    threshold: float | None = None,
    convention: str = "kit",
    kind: str = "auto",
) -> DriftResult:
    """Population stability index: ``sum((cur% - ref%) * ln(cur% / ref%))`` over bins.

    Rule of thumb (:data:`PSI_BANDS`): below 0.1 stable, 0.1-0.2 a moderate shift,
    0.2 and above a shift worth acting on (the default ``threshold``).

    Parameters
    ----------
    reference, current : 1-D array or Series
        The two samples; missing values are dropped and counted.
    bins : int, default 10
        Number of reference-quantile bins for numbers (fewer when the
        reference has ties; see ``n_bins``), 2 to 1,000 (``MAX_BINS``).
        Ignored for categories.
    binning : {"quantile", "sturges"}, optional
        ``"quantile"``: bins cut at reference quantiles (right-closed, outer
        bins open-ended). ``"sturges"``: Evidently's equal-width Sturges bins
        on the combined data. Defaults to the convention's choice.
    epsilon : float or "evidently", optional
        Share used in place of an empty bin's zero (default ``1e-4``).
    threshold : float, default 0.2
        Drifted when ``value >= threshold``.
    convention : {"kit", "evidently"}
        ``"evidently"`` sets Sturges bins and Evidently's zero filling.
    kind : {"auto", "numeric", "categorical"}
        How to treat the values; ``"auto"`` uses the dtype (bool, category
        and text are categories).

    Returns
    -------
    DriftResult
        ``statistic`` the PSI, ``pvalue`` None, ``n_bins`` the bins used, ``unseen`` the categories only the
        current sample holds.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> round(drift.psi(["a"] * 50 + ["b"] * 50, ["a"] * 80 + ["b"] * 20).statistic, 3)
    0.416
    """
    return _psi_counts(
        _counts(reference, current, kind=kind, column=_name(reference)),
        bins=bins,
        binning=binning,
        epsilon=epsilon,
        threshold=threshold,
        convention=convention,
    )


def ks_test(
    reference, current, *, threshold: float | None = None, on: str = "p_value", p_method: str = "finite"
) -> DriftResult:
    """Two-sample Kolmogorov-Smirnov test on numbers.

    ``value`` is D, the largest gap between the two empirical CDFs (also the
    ``effect_size``); ``p_value`` is asymptotic (SciPy ``ks_2samp(...,
    method="asymp")``) except for small samples: when ``n_reference *
    n_current <= 10,000`` (e.g. up to 100 rows each), where the asymptotic
    law is unreliable and, below one effective observation, undefined, it is
    SciPy's exact p-value (``ks_2samp(..., method="exact")``; one row against
    one row gives D = 1 and p = 1). ``details["p_method"]`` says which was
    used. A p-value is never NaN. By default drifted when ``p_value < 0.05``; with tens of
    thousands of rows almost any difference is "significant", so
    ``on="effect_size"`` applies ``threshold`` to D instead (e.g. 0.1).
    ``p_method="limit"`` uses Kolmogorov's limiting distribution
    (``scipy.stats.kstwobign``), much faster and within about 2% (relative) of
    the finite-sample value once each window has a few thousand rows; the
    windowed tables use it.

    Parameters
    ----------
    reference, current : 1-D array or Series of numbers
        The two samples; missing values are dropped and counted. Categories are refused.
    threshold : float, optional
        The alert threshold: a p-value cut-off in (0, 1) (default 0.05), or with ``on="effect_size"`` a
        value of D in (0, 1].
    on : {"p_value", "effect_size"}, default "p_value"
        What ``threshold`` applies to: the p-value (drifted when ``pvalue < threshold``) or D (drifted when
        ``D >= threshold``).
    p_method : {"finite", "limit"}, default "finite"
        The finite-sample p-value (SciPy's asymptotic, or exact for small samples) or Kolmogorov's limit.

    Returns
    -------
    DriftResult
        ``statistic`` and ``effect_size`` are D, ``pvalue`` the p-value (never NaN).

    Examples
    --------
    >>> from aipm_kit import drift
    >>> drift.ks_test([1, 2, 3, 4], [1, 2, 3, 4]).statistic
    0.0
    >>> r = drift.ks_test(list(range(100)), list(range(50, 150)))
    >>> r.statistic, f"{r.pvalue:.2g}", r.drifted
    (0.5, '1e-11', True)
    """
    return _ks_counts(
        _counts(reference, current, kind="numeric", column=_name(reference)),
        threshold=threshold,
        on=on,
        p_method=p_method,
    )


def chi_square(
    reference,
    current,
    *,
    bins: int = 10,
    threshold: float | None = None,
    on: str = "p_value",
    method: str = "contingency",
    kind: str = "auto",
) -> DriftResult:
    """Chi-square test that both samples share one distribution over categories (or bins).

    ``method="contingency"`` (default) tests homogeneity of the 2 x k table of
    counts, as ``scipy.stats.chi2_contingency(table, correction=False)``;
    ``method="goodness_of_fit"`` compares the current counts with the
    reference shares, as ``scipy.stats.chisquare`` (Evidently's version);
    like SciPy, a category the reference never saw but the current sample
    holds (expected count 0) makes that statistic infinite and ``p_value``
    0, said in ``details["note"]`` (the contingency test has no such case).
    Numbers are first binned at reference quantiles (``bins``, 2 to 1,000).
    Bins empty in both samples are dropped. ``effect_size`` is Cramér's V, which unlike the
    p-value does not shrink towards "significant" as the samples grow.

    Parameters
    ----------
    reference, current : 1-D array or Series
        The two samples; missing values are dropped and counted.
    bins : int, default 10
        Reference-quantile bins for numbers (2 to 1,000); ignored for categories.
    threshold : float, optional
        The alert threshold: a p-value cut-off in (0, 1) (default 0.05), or with ``on="effect_size"`` a
        value of Cramér's V.
    on : {"p_value", "effect_size"}, default "p_value"
        What ``threshold`` applies to.
    method : {"contingency", "goodness_of_fit"}, default "contingency"
        The test of homogeneity on the 2 x k table, or Evidently's goodness-of-fit test.
    kind : {"auto", "numeric", "categorical"}
        How to treat the values; ``"auto"`` uses the dtype.

    Returns
    -------
    DriftResult
        ``statistic`` the chi-square statistic, ``pvalue`` its p-value, ``effect_size`` Cramér's V.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> r = drift.chi_square(["a"] * 50 + ["b"] * 50, ["a"] * 80 + ["b"] * 20)
    >>> r.drifted
    True
    """
    return _chi_square_counts(
        _counts(reference, current, kind=kind, column=_name(reference)),
        bins=bins,
        threshold=threshold,
        on=on,
        method=method,
    )


def jensen_shannon(
    reference,
    current,
    *,
    bins: int = 10,
    binning: str | None = None,
    base: float | None = None,
    threshold: float | None = None,
    convention: str = "kit",
    kind: str = "auto",
) -> DriftResult:
    """Jensen-Shannon distance between the two binned distributions.

    The square root of the JS divergence, as ``scipy.spatial.distance.jensenshannon``.
    The kit uses base 2, so the distance lies in [0, 1]; Evidently uses the
    natural log (``convention="evidently"`` or ``base=math.e``) and Sturges
    bins. Drifted when ``statistic >= threshold`` (default 0.1).

    Parameters
    ----------
    reference, current : 1-D array or Series
        The two samples; missing values are dropped and counted.
    bins : int, default 10
        Reference-quantile bins for numbers (2 to 1,000); ignored for categories.
    binning : {"quantile", "sturges"}, optional
        How numbers are binned, as in :func:`psi`; default the convention's choice.
    base : float, optional
        The logarithm's base; default 2 (``convention="kit"``) or e (``"evidently"``).
    threshold : float, default 0.1
        Drifted when the distance is at or over it; in (0, 1].
    convention : {"kit", "evidently"}
        ``"evidently"`` sets Sturges bins and the natural log.
    kind : {"auto", "numeric", "categorical"}
        How to treat the values; ``"auto"`` uses the dtype.

    Returns
    -------
    DriftResult
        ``statistic`` the Jensen-Shannon distance, ``pvalue`` None.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> drift.jensen_shannon(["a", "b"], ["a", "b"]).statistic
    0.0
    """
    return _js_counts(
        _counts(reference, current, kind=kind, column=_name(reference)),
        bins=bins,
        binning=binning,
        base=base,
        threshold=threshold,
        convention=convention,
    )


def wasserstein(
    reference, current, *, scale: str | None = "reference_std", threshold: float | None = None
) -> DriftResult:
    """Earth mover's distance between two numeric samples.

    How far, on average, each unit of probability has to move to turn one
    distribution into the other. ``scale="reference_std"`` (default, as
    Evidently) divides by the reference standard deviation (floored at
    0.001), so 0.1 means "a tenth of a standard deviation"; ``scale=None``
    keeps the feature's units (SciPy's ``wasserstein_distance``), with a
    default threshold of 0.1 reference standard deviations in those units.

    Parameters
    ----------
    reference, current : 1-D array or Series of numbers
        The two samples; missing values are dropped and counted. Categories are refused.
    scale : {"reference_std", None}, default "reference_std"
        Divide by the reference standard deviation, or keep the feature's units.
    threshold : float, optional
        Drifted when the distance is at or over it; default 0.1 (in reference standard deviations).

    Returns
    -------
    DriftResult
        ``statistic`` the distance, ``pvalue`` None.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> drift.wasserstein([0, 1, 2], [1, 2, 3], scale=None).statistic
    1.0
    """
    return _wasserstein_counts(
        _counts(reference, current, kind="numeric", column=_name(reference)), scale=scale, threshold=threshold
    )


_PUBLIC = {
    "psi": psi,
    "ks": ks_test,
    "chi_square": chi_square,
    "jensen_shannon": jensen_shannon,
    "wasserstein": wasserstein,
}


def compare(reference, current, stat: str = "psi", **options) -> DriftResult:
    """Run statistic ``stat`` (a name from :data:`STATISTICS` or an alias) on two samples.

    Parameters
    ----------
    reference, current : 1-D array or Series
        The two samples.
    stat : str, default "psi"
        The statistic's name or alias (see :func:`statistic_name`).
    **options
        Keyword options of that statistic's function (:func:`psi`, :func:`ks_test`, :func:`chi_square`,
        :func:`jensen_shannon`, :func:`wasserstein`), e.g. ``threshold`` or ``scale``.

    Returns
    -------
    DriftResult
        What that function returns.

    Examples
    --------
    >>> from aipm_kit import drift
    >>> drift.compare([1, 2, 3, 4], [3, 4, 5, 6], "ks")
    KS = 0.5, p = 0.771 (p < 0.05: no drift; 4 reference vs 4 current rows)
    >>> drift.compare([1, 2, 3, 4], [3, 4, 5, 6], "emd", scale=None).statistic
    2.0
    """
    return _PUBLIC[statistic_name(stat)](reference, current, **options)


def _name(values) -> str | None:
    name = getattr(values, "name", None)
    return None if name is None else str(name)
