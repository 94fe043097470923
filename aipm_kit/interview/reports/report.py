"""A model report as a team circulates it, and the chance its rollback rule fires.

:class:`ModelReport` holds the facts a reviewer can check (metrics, validation and production data, base rates,
segments, the rollback rule) and renders them as Markdown; :func:`rollback_fire_chance` says how likely a
precision rollback rule fires within a month, which decides whether a healthy model would trip it by chance
(:data:`NOISY_ROLLBACK_CHANCE` is the line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: A rollback rule is noisy when a model at its reported precision would trip it in a month more often than this.
NOISY_ROLLBACK_CHANCE = 0.05


def rollback_fire_chance(
    line: float, alerts_per_check: float, checks_in_a_row: int, precision: float, checks_per_month: int
) -> float:
    """About how likely a precision rollback rule fires within a month.

    The rule fires when the precision of ``alerts_per_check`` alerts (rounded,
    at least one) is below ``line`` in ``checks_in_a_row`` consecutive checks,
    out of ``checks_per_month`` checks, for a model whose true precision is
    ``precision``. One check falls below the line with the binomial chance;
    the month offers ``checks_per_month - checks_in_a_row + 1`` runs of
    consecutive checks, treated as independent (an approximation). At the
    model's reported precision this is the false-alarm chance; at a lower
    precision, the chance the rule catches the fall.

    Parameters
    ----------
    line : float
        The precision line, a share.
    alerts_per_check : float
        Alerts each check reads precision from (rounded, at least one).
    checks_in_a_row : int
        Consecutive checks below the line that fire the rule; at least 1.
    precision : float
        The model's true precision, in [0, 1].
    checks_per_month : int
        Checks in a month.

    Returns
    -------
    float
        The chance the rule fires within a month.

    Examples
    --------
    >>> round(rollback_fire_chance(0.5, 10, 1, 0.5, 1), 3)   # 4 or fewer right out of 10
    0.377
    >>> round(rollback_fire_chance(0.6, 20, 2, 0.7, 30), 3)  # 20 alerts a day, two days in a row: noisy
    0.313
    """
    from ...communicate import share_below

    in_a_row, per_month = int(checks_in_a_row), int(checks_per_month)
    if in_a_row < 1:
        raise ValueError(f"checks_in_a_row must be at least 1, got {checks_in_a_row}")
    fire = share_below(line, max(int(round(alerts_per_check)), 1), precision) ** in_a_row
    return 1 - (1 - fire) ** max(per_month - in_a_row + 1, 1)


@dataclass(frozen=True)
class ModelReport:
    """A model report as a team might circulate it, with the facts a reviewer can check.

    ``rollback_check`` is ``(line, alerts_per_check, checks_in_a_row, precision, checks_per_month)``:
    the rule fires when precision over ``alerts_per_check`` alerts is below
    ``line`` in ``checks_in_a_row`` consecutive checks, for a model whose
    precision is ``precision``, checked ``checks_per_month`` times a month. :attr:`rollback_false_alarm` is how
    likely that rule fires within a month on a healthy model (at :attr:`rollback_healthy_precision`, the low
    end of the reported precision's 95% interval when ``alerts`` is given), and :meth:`render` gives the report
    as Markdown, the way a reviewer receives it (also its repr and its notebook display).

    Parameters
    ----------
    title : str
        The report's heading.
    model : str
        What the model is, in words.
    metrics : dict
        Metric name -> value (a share), as the report states them.
    validation_data : str
        What the results were measured on, in words.
    production_data : str
        What the model will serve, in words.
    validation_base_rate : float
        The positive rate in the validation data.
    production_base_rate : float
        The positive rate in production.
    rollback_rule : str or None
        The rollback rule in words (None: no rule).
    segments : dict, default {}
        Segment name -> ``(recall, n_positives)``.
    overall_recall : float or None, default None
        The overall recall the segments are compared with (None: not given, no segment check).
    planted : frozenset, default frozenset()
        The red flags the report was built to contain (the answer key).
    rollback_check : tuple or None, default None
        The rule's numbers, as above (None: not given).
    baseline : str or None, default None
        The trivial baseline the report sets beside its result (None: none given).
    production_rate_measured : bool, default True
        False marks a production positive rate that is assumed, not measured.
    alerts : int or None, default None
        The number of alerts the reported precision was measured on (None: not given), so its interval can
        be computed.
    scores : numpy.ndarray or None, default None
        The model's score for each case the results were read on, in the order of that data (None: not
        given), so the model can be read at another alert volume; left out of the repr and of comparisons.

    Examples
    --------
    >>> report = ModelReport(title="Churn model v1", model="gradient boosting", metrics={"accuracy": 0.94},
    ...     validation_data="a random 20% of last year", production_data="next quarter's customers",
    ...     validation_base_rate=0.06, production_base_rate=0.09, rollback_rule=None)
    >>> print(report.render())
    #### Churn model v1
    - **Model:** gradient boosting
    - **Results:** accuracy 94.0%
    - **Validated on:** a random 20% of last year (positive rate 6.0%)
    - **Will serve:** next quarter's customers (positive rate 9.0%)
    - **Baseline:** none given
    - **Rollback:** not specified
    """

    title: str
    model: str
    metrics: dict
    validation_data: str
    production_data: str
    validation_base_rate: float
    production_base_rate: float
    rollback_rule: str | None
    segments: dict = field(default_factory=dict)
    overall_recall: float | None = None
    planted: frozenset = field(default_factory=frozenset)
    rollback_check: tuple | None = None
    baseline: str | None = None
    production_rate_measured: bool = True
    alerts: int | None = None
    scores: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def rollback_false_alarm(self) -> float | None:
        """About how likely the rollback rule fires within a month on a model still at its reported precision.

        "Still at its reported precision" means at :attr:`rollback_healthy_precision`, the low end of
        the reported precision's 95% Wilson interval when ``alerts`` is given. One check falls below the
        line with the binomial chance of precision on that many alerts; ``checks_in_a_row`` of them in a row, at each of
        the month's checks, treated as independent (an approximation).
        """
        if self.rollback_check is None:
            return None
        line, per_check, in_a_row, _, per_month = self.rollback_check
        return rollback_fire_chance(line, per_check, in_a_row, self.rollback_healthy_precision, per_month)

    @property
    def rollback_healthy_precision(self) -> float | None:
        """The precision a healthy model is taken to have when a rollback rule is judged for false alarms.

        The reported precision is itself an estimate: when ``alerts`` (how many alerts it was measured
        on) is given, a rule must stay quiet at the low end of its 95% Wilson interval; otherwise the
        reported precision is all there is. The one definition used by the red-flag check, the notebook
        and its exercise.
        """
        if self.rollback_check is None:
            return None
        reported = float(self.rollback_check[3])
        if not self.alerts:
            return reported
        from ...metrics import wilson_interval

        n = int(self.alerts)
        return float(wilson_interval(int(round(reported * n)), n)[0])

    def render(self) -> str:
        """The report as Markdown, the way a reviewer would receive it."""
        metrics = ", ".join(f"{k} {v:.1%}" for k, v in self.metrics.items())
        lines = [
            f"#### {self.title}",
            f"- **Model:** {self.model}",
            f"- **Results:** {metrics}",
            f"- **Validated on:** {self.validation_data} (positive rate {self.validation_base_rate:.1%})",
            f"- **Will serve:** {self.production_data} (positive rate "
            + ("" if self.production_rate_measured else "assumed ")
            + f"{self.production_base_rate:.1%}"
            + ("" if self.production_rate_measured else ", not measured")
            + ")",
            f"- **Baseline:** {self.baseline or 'none given'}",
            f"- **Rollback:** {self.rollback_rule or 'not specified'}"
            + (
                f" (about {self.rollback_check[1]:,.{0 if self.rollback_check[1] >= 10 else 1}f} alerts per check)"
                if self.rollback_check
                else ""
            ),
        ]
        if self.segments:
            from ...metrics import wilson_interval

            parts = []
            for k, (r, n) in self.segments.items():
                lo, hi = wilson_interval(int(round(r * n)), n)
                parts.append(f"{k}: recall {r:.0%} ({int(round(r * n))} of {n}; 95% Wilson {lo:.1%} to {hi:.1%})")
            segs = "; ".join(parts)
            lines.append(f"- **By segment:** {segs}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from ...story import escape_dollars

        return escape_dollars(self.render())

    def __repr__(self) -> str:
        return self.render()
