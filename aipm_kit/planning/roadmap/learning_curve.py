"""Learning curves: the inverse power law fitted to (training size, score) points, and the points measured.

:func:`fit_learning_curve` fits ``score = a - b * (n/n0)^(-c)`` (a :class:`LearningCurve`), with
``_fit_power_law_many`` fitting many replicates at once; :func:`measure_learning_curve` measures the fraud
model's precision at a recall against training size, with bootstrap replicates of every point
(:class:`LearningCurveData`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..._checks import check_positive_int, check_probability
from ..precision import _precision_at_recall_weighted

# --------------------------------------------------------------------------- learning curves


@dataclass(frozen=True)
class LearningCurve:
    """``score(n) = asymptote - gap * (n / n0) ** (-rate)``: the inverse power law.

    ``asymptote`` is where the curve levels off with unlimited data of this
    kind; ``rate`` is how fast the gap closes; ``n0`` is the smallest size
    measured (it only scales ``gap``). Built by :func:`fit_learning_curve`; ``predict(n)`` reads the
    curve at a training size, ``size_for(target)`` the size that reaches a score and ``r_squared`` how
    well it fits the measured points.

    Parameters
    ----------
    asymptote : float
        The score the curve levels off at.
    gap : float
        How far below the asymptote the curve is at ``n0`` (>= 0).
    rate : float
        The exponent of the power law (> 0): how fast the gap closes.
    n0 : float
        The smallest training size measured.
    sizes : numpy.ndarray
        The measured training sizes, ascending.
    scores : numpy.ndarray
        The score measured at each size.

    Examples
    --------
    >>> import numpy as np
    >>> n = np.array([1_000, 2_000, 4_000, 8_000])
    >>> curve = LearningCurve(0.9, 0.3, 0.5, 1_000.0, n, 0.9 - 0.3 * (n / 1_000) ** -0.5)
    >>> curve
    LearningCurve(levels off at 0.900; gap 0.300 at n=1,000, closing at rate 0.50; R^2 1.000)
    >>> round(curve.predict(16_000), 3), round(curve.size_for(0.85)), curve.size_for(0.95)
    (0.825, 36000, inf)
    """

    asymptote: float
    gap: float
    rate: float
    n0: float
    sizes: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)

    def predict(self, n) -> np.ndarray | float:
        n_arr = np.asarray(n, dtype=float)
        if np.any(n_arr <= 0):
            raise ValueError(f"n must be > 0, got {n}")
        out = self.asymptote - self.gap * (n_arr / self.n0) ** (-self.rate)
        return float(out) if out.ndim == 0 else out

    def size_for(self, target: float) -> float:
        """Training size at which the curve reaches ``target`` (inf if it never does)."""
        if target >= self.asymptote:
            return math.inf
        if self.gap <= 0:
            return 0.0
        return float(self.n0 * (self.gap / (self.asymptote - target)) ** (1.0 / self.rate))

    @property
    def r_squared(self) -> float:
        resid = self.scores - self.predict(self.sizes)
        tot = ((self.scores - self.scores.mean()) ** 2).sum()
        return float(1 - (resid**2).sum() / tot) if tot > 0 else 1.0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"training_size": self.sizes, "measured": self.scores, "fitted": self.predict(self.sizes)})

    def __repr__(self) -> str:
        return (
            f"LearningCurve(levels off at {self.asymptote:.3f}; gap {self.gap:.3f} at n={self.n0:,.0f}, "
            f"closing at rate {self.rate:.2f}; R^2 {self.r_squared:.3f})"
        )


def _power_law(n, a, b, c):
    return a - b * n ** (-c)


_RATE_GRID = np.geomspace(0.02, 3.0, 400)


def _fit_power_law_many(x: np.ndarray, Y: np.ndarray, max_score: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares fits of ``y = a - b x^-c`` for every row of ``Y`` at once.

    For a fixed rate ``c`` the model is linear in ``a`` and ``b`` and has a
    closed-form solution; a fine grid over ``c`` then picks the best rate per
    row. Constraints: ``b >= 0`` (more data never hurts on average) and
    ``a <= max_score``.
    """
    Y = np.atleast_2d(Y)
    best_sse = np.full(Y.shape[0], np.inf)
    best = np.zeros((3, Y.shape[0]))
    ybar = Y.mean(axis=1)
    for c in _RATE_GRID:
        z = x ** (-c)
        zc = z - z.mean()
        b = -(Y - ybar[:, None]) @ zc / (zc @ zc)
        b = np.maximum(b, 0.0)
        a = ybar + b * z.mean()
        over = a > max_score
        if over.any():
            a = np.where(over, max_score, a)
            b_fix = np.maximum(((max_score - Y) @ z) / (z @ z), 0.0)
            b = np.where(over, b_fix, b)
        sse = ((Y - (a[:, None] - b[:, None] * z[None, :])) ** 2).sum(axis=1)
        better = sse < best_sse
        best_sse = np.where(better, sse, best_sse)
        best[:, better] = np.vstack([a, b, np.full_like(a, c)])[:, better]
    return best[0], best[1], best[2]


def fit_learning_curve(sizes, scores, *, max_score: float = 1.0) -> LearningCurve:
    """Fit the inverse power law ``score = a - b * (n/n0)^(-c)`` to measured points.

    Parameters
    ----------
    sizes : array of int
        Training-set sizes (all > 0, at least three distinct).
    scores : array of float
        The metric measured at each size (higher is better).
    max_score : float
        Upper bound for the asymptote (1.0 for a rate such as precision); it may not be below the best
        measured score.

    Returns
    -------
    LearningCurve
        The fitted asymptote, gap and rate, with ``n0`` the smallest size and the points sorted by size.
        The rate is fitted on a grid from 0.02 to 3, then polished by bounded least squares.

    Raises
    ------
    ValueError
        Fewer than three distinct sizes, a size <= 0, scores not one per size or not finite, or a
        ``max_score`` below the best score.

    Examples
    --------
    >>> n = np.array([1_000, 2_000, 4_000, 8_000, 16_000])
    >>> curve = fit_learning_curve(n, 0.9 - 0.3 * (n / 1_000) ** -0.5)
    >>> round(curve.asymptote, 3), round(curve.rate, 3)
    (0.9, 0.5)
    """
    sizes, scores = _check_curve_points(sizes, scores)
    order = np.argsort(sizes)
    sizes, scores = sizes[order], scores[order]
    n0 = sizes[0]
    x = sizes / n0
    top = float(max_score)
    if top < scores.max():
        raise ValueError(f"max_score={top} is below the best measured score {scores.max():.4g}")
    a, b, c = (float(v[0]) for v in _fit_power_law_many(x, scores[None, :], top))
    # polish the grid answer with a bounded least-squares fit
    from scipy.optimize import curve_fit

    try:
        lower = [-np.inf, 0.0, _RATE_GRID[0]]
        upper = [top, np.inf, _RATE_GRID[-1]]
        start = [min(a, top - 1e-9), b, min(max(c, lower[2] * 1.0001), upper[2] * 0.9999)]
        params, _ = curve_fit(_power_law, x, scores, p0=start, bounds=(lower, upper), maxfev=2_000)
        sse_new = ((scores - _power_law(x, *params)) ** 2).sum()
        sse_old = ((scores - _power_law(x, a, b, c)) ** 2).sum()
        if sse_new <= sse_old:
            a, b, c = (float(v) for v in params)
    except (RuntimeError, ValueError):  # keep the grid answer
        pass
    return LearningCurve(a, b, c, float(n0), sizes, scores)


def _check_curve_points(sizes, scores) -> tuple[np.ndarray, np.ndarray]:
    sizes = np.asarray(sizes, dtype=float)
    scores = np.asarray(scores, dtype=float)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("sizes is empty: a learning curve needs measured (size, score) points")
    if scores.shape[-1:] != sizes.shape:
        raise ValueError(f"scores must hold one score per size: {sizes.size} sizes, scores of shape {scores.shape}")
    if not np.all(np.isfinite(sizes)) or np.any(sizes <= 0):
        raise ValueError("sizes must be finite and > 0")
    if not np.all(np.isfinite(scores)):
        raise ValueError("scores contains NaN or infinite values")
    if np.unique(sizes).size < 3:
        raise ValueError(f"sizes must hold at least 3 distinct training sizes, got {np.unique(sizes).size}")
    return sizes, scores


@dataclass(frozen=True)
class LearningCurveData:
    """A measured learning curve with bootstrap replicates of every point.

    Built by :func:`measure_learning_curve`. ``curve`` fits :func:`fit_learning_curve` to the points,
    ``interval(level)`` (and ``to_frame()``, at 90%) gives each point's bootstrap interval, and
    :func:`milestone_probabilities` fits every replicate.

    Parameters
    ----------
    metric : str
        What was measured, e.g. ``"precision at 50% recall"``.
    sizes : numpy.ndarray
        The training sizes, ascending.
    scores : numpy.ndarray
        The metric at each size.
    replicates : numpy.ndarray
        Shape ``(n_boot, n_sizes)``: the metric on each bootstrap resample of the test rows.
    last_scores : numpy.ndarray, optional
        The test scores of the model trained on the most data.
    last_model : object, optional
        The model trained on the most data.

    Examples
    --------
    >>> import numpy as np
    >>> sizes = np.array([1_000, 2_000, 4_000, 8_000])
    >>> rng = np.random.default_rng(0)
    >>> replicates = 0.9 - 0.3 * (sizes / 1_000) ** -0.5 + rng.normal(0, 0.02, (200, 4))
    >>> data = LearningCurveData("score", sizes, replicates.mean(axis=0), replicates)
    >>> data
    LearningCurveData(score; 1,000: 0.600, 2,000: 0.688, 4,000: 0.747, 8,000: 0.795; 200 bootstrap replicates)
    >>> data.interval(0.9).round(3)
       training_size  score    low   high
    0           1000  0.600  0.571  0.633
    1           2000  0.688  0.658  0.717
    2           4000  0.747  0.718  0.779
    3           8000  0.795  0.764  0.833
    """

    metric: str
    sizes: np.ndarray
    scores: np.ndarray
    replicates: np.ndarray = field(repr=False)  # (n_boot, n_sizes)
    last_scores: np.ndarray | None = field(default=None, repr=False)  # test scores of the largest model
    last_model: object = field(default=None, repr=False)  # the model trained on the most data

    @property
    def curve(self) -> LearningCurve:
        return fit_learning_curve(self.sizes, self.scores)

    def interval(self, level: float = 0.9) -> pd.DataFrame:
        lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
        return pd.DataFrame(
            {
                "training_size": self.sizes,
                self.metric: self.scores,
                "low": np.quantile(self.replicates, lo, axis=0),
                "high": np.quantile(self.replicates, hi, axis=0),
            }
        )

    def to_frame(self) -> pd.DataFrame:
        return self.interval()

    def __repr__(self) -> str:
        pts = ", ".join(f"{int(n):,}: {s:.3f}" for n, s in zip(self.sizes, self.scores))
        return f"LearningCurveData({self.metric}; {pts}; {self.replicates.shape[0]} bootstrap replicates)"


def measure_learning_curve(
    train: pd.DataFrame,
    test: pd.DataFrame,
    sizes: Sequence[int],
    *,
    recall: float = 0.5,
    target: str = "is_fraud",
    n_boot: int = 200,
    seed: int = 0,
    max_iter: int = 100,
    validation: pd.DataFrame | None = None,
) -> LearningCurveData:
    """Precision at a fixed recall of the payments fraud model against training size.

    The model is trained on the first ``n`` rows of ``train`` (in time order:
    the data a team would have at that point), scored on ``test``, and the
    test rows are resampled ``n_boot`` times (the same resample for every
    size) to give each point its sampling uncertainty.

    Without ``validation`` the threshold is the best one for ``recall`` on
    ``test`` itself (a property of the score curve, slightly flattering as an
    operating point). With ``validation`` each model's threshold is chosen
    there (the score that keeps ``recall`` of its fraud) and precision is
    measured on ``test`` at that threshold: the operating point a team would
    actually run.

    Parameters
    ----------
    train : pandas.DataFrame
        Payments in time order (as :func:`aipm_kit.scenarios.make_payments` draws them), with the model's
        features and ``target``; at least as many rows as the largest size.
    test : pandas.DataFrame
        The rows every model is scored on.
    sizes : sequence of int
        Training sizes to measure (each >= 1; sorted here).
    recall : float, default 0.5
        The recall the precision is read at, in [0, 1].
    target : str, default "is_fraud"
        The 0/1 label column.
    n_boot : int, default 200
        Bootstrap resamples of the test rows (>= 1).
    seed : int, default 0
        Seed of the models and of the resampling.
    max_iter : int, default 100
        Boosting iterations of each model (see :func:`aipm_kit.models.fit_fraud_model`).
    validation : pandas.DataFrame, optional
        Rows to choose each model's threshold on; it must hold some positives.

    Returns
    -------
    LearningCurveData
        The sizes, the precision at each, its bootstrap replicates, and the largest model with its test
        scores.

    Raises
    ------
    ValueError
        No sizes, a size above ``len(train)``, a bad ``recall`` or ``n_boot``, or a validation set without
        positives.

    Examples
    --------
    >>> from aipm_kit.scenarios import make_payments
    >>> payments = make_payments(3_000, seed=1, drift_month=None, incident=False)
    >>> measure_learning_curve(payments.iloc[:2_000], payments.iloc[2_000:], [500, 1_000, 2_000],
    ...                        n_boot=50, max_iter=10)
    LearningCurveData(precision at 50% recall; 500: 0.111, 1,000: 0.900, 2,000: 0.889; 50 bootstrap replicates)
    """
    from ...models import fit_fraud_model, fraud_scores

    if len(sizes) == 0:
        raise ValueError("sizes is empty: give the training sizes to measure")
    sizes = np.array(sorted(int(check_positive_int(int(s), "sizes")) for s in sizes))
    if sizes[-1] > len(train):
        raise ValueError(f"sizes go up to {sizes[-1]:,} but train has only {len(train):,} rows")
    recall = check_probability(recall, "recall")
    n_boot = check_positive_int(n_boot, "n_boot")
    import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime before limiting its threads)

    from ...runtime import single_thread

    y = test[target].to_numpy().astype(np.int8)
    if validation is not None:
        y_val = validation[target].to_numpy().astype(bool)
        if not y_val.any():
            raise ValueError(f"validation[{target!r}] holds no positives: no threshold can be set for a recall")
    with single_thread():  # one thread: faster on a busy laptop, and deterministic
        models = [fit_fraud_model(train.iloc[:n], target=target, seed=seed, max_iter=max_iter) for n in sizes]
        score_rows = [fraud_scores(m, test) for m in models]
        val_rows = None if validation is None else [fraud_scores(m, validation) for m in models]
    rng = np.random.default_rng(seed)
    m = len(y)
    draws = rng.integers(0, m, (n_boot, m))
    counts = np.zeros((n_boot, m))
    np.add.at(counts, (np.repeat(np.arange(n_boot), m), draws.ravel()), 1.0)
    if val_rows is None:
        point = np.array([_precision_at_recall_weighted(y, s, np.ones((1, m)), recall)[0] for s in score_rows])
        reps = np.column_stack([_precision_at_recall_weighted(y, s, counts, recall) for s in score_rows])
        metric = f"precision at {recall:.0%} recall"
    else:
        flags = [s >= np.quantile(v[y_val], 1 - recall) for s, v in zip(score_rows, val_rows)]
        with np.errstate(invalid="ignore", divide="ignore"):
            point = np.array([(f & (y == 1)).sum() / f.sum() if f.any() else 0.0 for f in flags])
            reps = np.column_stack(
                [np.nan_to_num((counts * (f & (y == 1))).sum(axis=1) / (counts * f).sum(axis=1)) for f in flags]
            )
        metric = f"precision at the validation threshold for {recall:.0%} recall"
    return LearningCurveData(metric, sizes, point, reps, score_rows[-1], models[-1])
