"""Quality against capability: the accuracy users actually live through, week by week.

:func:`simulate_weekly_accuracy` draws a year of weekly accuracy (week-to-week spread, bad weeks, the
binomial noise of a finite number of decisions) so a steady 87% model can be compared with an erratic
95% one (:class:`WeeklyOutcomes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _amount

# --------------------------------------------------------------------------- quality vs capability


@dataclass(frozen=True)
class WeeklyOutcomes:
    """The accuracy users actually experienced, week by week.

    Built by :func:`simulate_weekly_accuracy`. ``mean``, ``worst``, ``quantile(q)`` and
    ``share_below(floor)`` summarise the weeks; ``summary(floor)`` gives them as one dict and
    ``to_frame()`` one row per week.

    Parameters
    ----------
    name : str
        The model's name (shown in the summaries).
    nominal_accuracy : float
        The accuracy the model is said to have, in [0, 1].
    weekly_accuracy : numpy.ndarray
        The observed accuracy of each week, in [0, 1].
    decisions_per_week : int
        How many decisions each week's accuracy was measured on.

    Examples
    --------
    >>> import numpy as np
    >>> weeks = WeeklyOutcomes("steady", 0.9, np.array([0.91, 0.88, 0.9, 0.86]), 1000)
    >>> weeks
    WeeklyOutcomes(steady: mean 88.8%, 10th percentile 86.6%, worst 86.0% over 4 weeks)
    >>> weeks.share_below(0.89)
    0.5
    """

    name: str
    nominal_accuracy: float
    weekly_accuracy: np.ndarray = field(repr=False)
    decisions_per_week: int

    @property
    def mean(self) -> float:
        return float(self.weekly_accuracy.mean())

    @property
    def worst(self) -> float:
        return float(self.weekly_accuracy.min())

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.weekly_accuracy, check_probability(q, "q")))

    def share_below(self, floor: float) -> float:
        """Share of weeks in which accuracy fell below ``floor``."""
        return float((self.weekly_accuracy < check_probability(floor, "floor")).mean())

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"week": np.arange(1, len(self.weekly_accuracy) + 1), "accuracy": self.weekly_accuracy, "model": self.name}
        )

    def summary(self, floor: float) -> dict:
        return {
            "model": self.name,
            "nominal": self.nominal_accuracy,
            "mean": self.mean,
            "p10": self.quantile(0.1),
            "worst": self.worst,
            f"share of weeks below {floor:.0%}": self.share_below(floor),
        }

    def __repr__(self) -> str:
        return (
            f"WeeklyOutcomes({self.name}: mean {self.mean:.1%}, 10th percentile "
            f"{self.quantile(0.1):.1%}, worst {self.worst:.1%} over {len(self.weekly_accuracy)} weeks)"
        )


def simulate_weekly_accuracy(
    accuracy: float,
    *,
    weeks: int = 52,
    decisions_per_week: int = 2_000,
    week_to_week_sd: float = 0.0,
    bad_week_rate: float = 0.0,
    bad_week_accuracy: float | None = None,
    name: str = "model",
    seed: int = 0,
) -> WeeklyOutcomes:
    """Simulate the accuracy users get each week.

    A normal week's true accuracy is ``accuracy`` plus Normal(0,
    ``week_to_week_sd``) noise (clipped to [0, 1]); with probability
    ``bad_week_rate`` a week is a bad one (an upstream change, a holiday mix,
    a broken feature) and runs at ``bad_week_accuracy``. Each week
    ``decisions_per_week`` decisions are each right with the week's accuracy,
    so the observed weekly accuracy is Binomial / n.

    Parameters
    ----------
    accuracy : float
        The model's accuracy in a normal week, in [0, 1].
    weeks : int, default 52
        How many weeks to simulate (a positive whole number).
    decisions_per_week : int, default 2_000
        Decisions each week (a positive whole number); fewer decisions, noisier weeks.
    week_to_week_sd : float, default 0.0
        Standard deviation of a normal week's true accuracy around ``accuracy`` (>= 0; 0: no spread).
    bad_week_rate : float, default 0.0
        Chance that a week is a bad one, in [0, 1].
    bad_week_accuracy : float, optional
        Accuracy in a bad week, in [0, 1]; required when ``bad_week_rate > 0``.
    name : str, default "model"
        The model's name in the result.
    seed : int, default 0
        Seed of the random draws: the same seed gives the same weeks.

    Returns
    -------
    WeeklyOutcomes
        The observed accuracy of each week, with ``accuracy`` as the nominal accuracy.

    Raises
    ------
    ValueError
        A rate or accuracy outside [0, 1], a count below 1, a negative spread, or a bad-week rate without
        a bad-week accuracy.

    Examples
    --------
    >>> steady = simulate_weekly_accuracy(0.87, weeks=20, seed=1)
    >>> 0.85 < steady.mean < 0.89
    True
    >>> simulate_weekly_accuracy(0.95, week_to_week_sd=0.01, bad_week_rate=0.1, bad_week_accuracy=0.7,
    ...                          name="erratic", seed=1)
    WeeklyOutcomes(erratic: mean 92.3%, 10th percentile 91.4%, worst 67.7% over 52 weeks)
    """
    accuracy = check_probability(accuracy, "accuracy")
    weeks = check_positive_int(weeks, "weeks")
    n = check_positive_int(decisions_per_week, "decisions_per_week")
    sd = _amount(week_to_week_sd, "week_to_week_sd")
    bad_week_rate = check_probability(bad_week_rate, "bad_week_rate")
    if bad_week_rate > 0:
        if bad_week_accuracy is None:
            raise ValueError("bad_week_accuracy is required when bad_week_rate > 0")
        bad_week_accuracy = check_probability(bad_week_accuracy, "bad_week_accuracy")
    rng = np.random.default_rng(seed)
    p = np.clip(accuracy + rng.normal(0.0, sd, weeks) if sd > 0 else np.full(weeks, accuracy), 0, 1)
    bad = rng.random(weeks) < bad_week_rate
    if bad.any():
        p = np.where(bad, bad_week_accuracy, p)
    observed = rng.binomial(n, p) / n
    return WeeklyOutcomes(name=name, nominal_accuracy=accuracy, weekly_accuracy=observed, decisions_per_week=n)
