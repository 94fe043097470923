"""The five drift statistics: PSI, KS, chi-square, Jensen-Shannon and Wasserstein.

Each is computed from counts (``_psi_counts``, ``_ks_counts``, ...: the windowed tables reuse these)
and offered as a public function of two samples (:func:`psi`, :func:`ks_test`, ...);
:func:`compare` runs one by name.
"""

from __future__ import annotations

import math

import numpy as np

from .binning import _binned, _check_binning, _check_bins, _fill_zeros, _warn_unseen
from .catalogue import STATISTICS, check_threshold, statistic_name
from .counts import _col, _Counts, _counts
from .results import DriftResult, _result

# --------------------------------------------------------------------------------------------------
# the statistics, from counts


def _psi_counts(
    counts: _Counts, *, bins=10, binning=None, epsilon=None, threshold=None, convention="kit", warn=True
) -> DriftResult:
    bins, binning = _check_binning(bins, binning, convention)
    if epsilon is None:
        epsilon = "evidently" if convention == "evidently" else 1e-4
    elif epsilon != "evidently":
        if not (isinstance(epsilon, (int, float)) and 0 < float(epsilon) < 1):
            raise ValueError(f"epsilon must be a number in (0, 1) or 'evidently', got {epsilon!r}")
    threshold = check_threshold("psi", STATISTICS["psi"].default_threshold if threshold is None else threshold)
    r, c, labels, unseen = _binned(
        counts, bins=bins, binning=binning, unseen="separate" if convention == "evidently" else "bucket"
    )
    if warn:
        _warn_unseen(unseen, counts, separate=convention == "evidently")
    p = _fill_zeros(r / r.sum(), epsilon)
    q = _fill_zeros(c / c.sum(), epsilon)
    terms = (q - p) * np.log(q / p)
    return _result(
        "psi",
        counts,
        terms.sum(),
        None,
        threshold,
        "value",
        n_bins=len(labels),
        unseen=unseen,
        details={"bins": labels, "reference_share": r / r.sum(), "current_share": c / c.sum(), "terms": terms},
    )


def _smirnov_sf(n: int, d: float) -> float:
    """One-sided Smirnov tail ``P(D+_n >= d)`` by the Birnbaum-Tingey sum, in log space.

    Agrees with ``scipy.special.smirnov`` to about 1e-10 relative and is an order of
    magnitude faster for tens of thousands of rows (a vectorised sum instead of a loop).
    """
    from scipy import special

    j = np.arange(int(math.floor(n * (1 - d))) + 1, dtype=float)
    with np.errstate(divide="ignore"):
        log_terms = (
            math.log(d)
            + special.gammaln(n + 1)
            - special.gammaln(j + 1)
            - special.gammaln(n - j + 1)
            + (j - 1) * np.log(d + j / n)
            + (n - j) * np.log1p(-d - j / n)
        )
    return float(np.exp(special.logsumexp(log_terms)))


def _kstwo_sf(d: float, n: int) -> float:
    """``scipy.stats.kstwo.sf(d, n)``, with its slowest branch (``2 * smirnov(n, d)``) vectorised."""
    from scipy import stats

    nxx = n * d * d
    if n > 140 and 1.0 < n * d < n - 1 and 2.2 <= nxx < 370.0:
        return float(min(max(2 * _smirnov_sf(n, d), 0.0), 1.0))
    return float(np.clip(stats.kstwo.sf(d, n), 0.0, 1.0))


#: ``ks_test`` computes SciPy's exact p-value when ``n_reference * n_current`` is at most this.
KS_EXACT_MAX_PRODUCT = 10_000


def _ks_counts(counts: _Counts, *, threshold=None, on="p_value", p_method="finite") -> DriftResult:
    if not counts.numeric:
        raise TypeError(
            f"ks_test needs numbers{_col(counts.column)}; for categories use chi_square, psi or jensen_shannon"
        )
    if on not in ("p_value", "effect_size"):
        raise ValueError(f"on must be 'p_value' or 'effect_size', got {on!r}")
    threshold = check_threshold(
        "ks", 0.05 if threshold is None else threshold, on="p_value" if on == "p_value" else "value"
    )
    n, m = counts.ref.sum(), counts.cur.sum()
    d = float(np.max(np.abs(np.cumsum(counts.ref) / n - np.cumsum(counts.cur) / m)))
    en = n * m / (n + m)
    used = "asymptotic" if p_method == "finite" else p_method
    if p_method == "finite" and n * m <= KS_EXACT_MAX_PRODUCT:
        # small samples: the asymptotic law is unreliable (undefined below round(en) = 1), so
        # take SciPy's exact p-value on the samples rebuilt from their counts
        from scipy import stats

        rebuilt = [np.repeat(counts.levels.astype(np.float64), w.astype(np.int64)) for w in (counts.ref, counts.cur)]
        p = float(stats.ks_2samp(*rebuilt, method="exact").pvalue)
        used = "exact"
    elif p_method == "finite":  # as scipy's ks_2samp(method="asymp"): kstwo.sf(d, round(en))
        p = _kstwo_sf(d, int(np.round(en)))
    elif p_method == "limit":  # Kolmogorov's limiting distribution: fast, for tables
        from scipy import special

        p = float(np.clip(special.kolmogorov(d * math.sqrt(en)), 0.0, 1.0))
    else:
        raise ValueError(f"p_method must be 'finite' or 'limit', got {p_method!r}")
    return _result("ks", counts, d, p, threshold, on, effect=d, n_bins=len(counts.levels), details={"p_method": used})


def _chi_square_counts(
    counts: _Counts, *, bins=10, threshold=None, on="p_value", method="contingency", warn=True
) -> DriftResult:
    from scipy import special

    bins = _check_bins(bins)
    if on not in ("p_value", "effect_size"):
        raise ValueError(f"on must be 'p_value' or 'effect_size', got {on!r}")
    if method not in ("contingency", "goodness_of_fit"):
        raise ValueError(f"method must be 'contingency' or 'goodness_of_fit', got {method!r}")
    threshold = check_threshold(
        "chi_square", 0.05 if threshold is None else threshold, on="p_value" if on == "p_value" else "value"
    )
    r, c, labels, unseen = _binned(counts, bins=bins, binning="quantile")
    if warn:
        _warn_unseen(unseen, counts)
    note = ""
    keep = (r + c) > 0
    r, c = r[keep], c[keep]
    n, m = r.sum(), c.sum()
    k = len(r)
    if k < 2:  # one bin holds everything in both samples: identical distributions
        stat, p, dof = 0.0, 1.0, 0
    elif method == "contingency":
        total = n + m
        col = r + c
        exp_r, exp_c = col * n / total, col * m / total
        stat = float(((r - exp_r) ** 2 / exp_r).sum() + ((c - exp_c) ** 2 / exp_c).sum())
        dof = k - 1
        p = float(special.chdtrc(dof, stat))
    else:
        expected = r / n * m
        # as scipy.stats.chisquare: a bin the reference never saw (expected 0) that the current
        # sample fills makes the statistic infinite and p = 0 (bins empty in both were dropped)
        zero = expected == 0
        if zero.any():
            stat = math.inf
            note = (
                f"{int(zero.sum())} bin(s) with zero expected count (absent from the reference) "
                "hold current rows: statistic infinite, p = 0, as scipy.stats.chisquare"
            )
        else:
            stat = float(((c - expected) ** 2 / expected).sum())
        dof = k - 1
        p = float(special.chdtrc(dof, stat))
    v = math.sqrt(stat / (n + m)) if k >= 2 else 0.0  # Cramér's V of a 2 x k table
    return _result(
        "chi_square",
        counts,
        stat,
        p,
        threshold,
        on,
        effect=min(v, 1.0),
        n_bins=k,
        unseen=unseen,
        details={"dof": dof, "method": method, "note": note},
    )


def _js_counts(
    counts: _Counts, *, bins=10, binning=None, base=None, threshold=None, convention="kit", warn=True
) -> DriftResult:
    bins, binning = _check_binning(bins, binning, convention)
    base = base if base is not None else (math.e if convention == "evidently" else 2.0)
    if not (isinstance(base, (int, float)) and base > 1):
        raise ValueError(f"base must be a number > 1, got {base!r}")
    default = STATISTICS["jensen_shannon"].default_threshold
    if threshold is None:
        threshold = default
    threshold = float(threshold)
    upper = math.sqrt(math.log(2) / math.log(base))
    if not 0 < threshold <= upper:
        raise ValueError(f"threshold for Jensen-Shannon (base {base:g}) must be in (0, {upper:.3g}], got {threshold}")
    r, c, labels, unseen = _binned(
        counts, bins=bins, binning=binning, unseen="separate" if convention == "evidently" else "bucket"
    )
    if warn:
        _warn_unseen(unseen, counts, separate=convention == "evidently")
    p, q = r / r.sum(), c / c.sum()
    mid = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log(p / mid), 0.0).sum()
        kl_q = np.where(q > 0, q * np.log(q / mid), 0.0).sum()
    div = max(0.5 * (kl_p + kl_q), 0.0) / math.log(base)
    return _result(
        "jensen_shannon",
        counts,
        math.sqrt(div),
        None,
        threshold,
        "value",
        n_bins=len(labels),
        unseen=unseen,
        details={"base": base},
    )


def _wasserstein_counts(counts: _Counts, *, scale="reference_std", threshold=None) -> DriftResult:
    if not counts.numeric:
        raise TypeError(
            f"wasserstein needs numbers{_col(counts.column)}; for categories use chi_square, psi or jensen_shannon"
        )
    if scale not in ("reference_std", None, "none"):
        raise ValueError(f"scale must be 'reference_std' or None, got {scale!r}")
    levels, ref, cur = counts.levels, counts.ref, counts.cur
    n, m = ref.sum(), cur.sum()
    gaps = np.abs(np.cumsum(ref)[:-1] / n - np.cumsum(cur)[:-1] / m)
    distance = float((gaps * np.diff(levels)).sum())
    mean = (levels * ref).sum() / n
    std = math.sqrt(max(((levels - mean) ** 2 * ref).sum() / n, 0.0))
    norm = max(std, 0.001)
    default = STATISTICS["wasserstein"].default_threshold
    if scale == "reference_std":
        value = distance / norm
        threshold = check_threshold("wasserstein", default if threshold is None else threshold)
    else:
        value = distance
        threshold = default * norm if threshold is None else check_threshold("wasserstein", threshold)
    return _result(
        "wasserstein",
        counts,
        value,
        None,
        threshold,
        "value",
        n_bins=len(levels),
        details={"reference_std": std, "distance": distance, "scale": scale or "none"},
    )


_KERNELS = {
    "psi": _psi_counts,
    "ks": _ks_counts,
    "chi_square": _chi_square_counts,
    "jensen_shannon": _js_counts,
    "wasserstein": _wasserstein_counts,
}


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


def _run(stat: str, counts: _Counts, threshold, *, convention="kit", bins=10, warn=True, **options):
    if stat in ("psi", "jensen_shannon"):
        return _KERNELS[stat](counts, threshold=threshold, convention=convention, bins=bins, warn=warn, **options)
    if stat == "chi_square":
        return _chi_square_counts(counts, threshold=threshold, bins=bins, warn=warn, **options)
    return _KERNELS[stat](counts, threshold=threshold, **options)
