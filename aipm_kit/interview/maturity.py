"""Team maturity: a self-assessment of how an AI team works, which scores itself.

:data:`MATURITY_STATEMENTS` are the green and red statements a team answers, :func:`score_team_maturity`
turns the answers (and the share of experiments that reach production, :func:`production_share_points`)
into a 0-100 :class:`MaturityScore` with a level and what to fix first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_probability


@dataclass(frozen=True)
class MaturityStatement:
    """One statement of the team self-assessment, answered true or false for the team.

    Parameters
    ----------
    key : str
        The statement's name, the key of its answer.
    text : str
        The statement as the team reads it.
    kind : str
        "green" (a good sign when true) or "red" (a warning sign when true).
    weight : float, default 1.0
        The points it earns (green, true) or loses (red, true).

    Examples
    --------
    >>> s = MATURITY_STATEMENTS[0]
    >>> s.key, s.kind, s.weight
    ('baseline_first', 'green', 1.0)
    >>> [s.key for s in MATURITY_STATEMENTS if s.weight > 1]
    ['rollback_rule', 'accuracy_only', 'no_owner']
    """

    key: str
    text: str
    kind: str  # "green" (a good sign when true) or "red" (a warning sign when true)
    weight: float = 1.0


MATURITY_STATEMENTS = (
    MaturityStatement("baseline_first", "Every model is compared with a simple baseline on the same data.", "green"),
    MaturityStatement("time_split", "Offline results use a validation set split in time, like production.", "green"),
    MaturityStatement("slice_metrics", "Reports show metrics by segment, not only overall.", "green"),
    MaturityStatement("rollback_rule", "Each launch has a written rollback threshold before it ships.", "green", 1.5),
    MaturityStatement("prediction_logs", "Predictions are logged with inputs, model version and confidence.", "green"),
    MaturityStatement("business_metric", "Each experiment names the business metric it should move.", "green"),
    MaturityStatement("retire_models", "The team has retired a model that stopped paying for itself.", "green", 0.5),
    MaturityStatement("accuracy_only", "Results are reported as one accuracy number.", "red", 1.5),
    MaturityStatement("no_owner", "Nobody owns a model after launch.", "red", 1.5),
    MaturityStatement(
        "label_surprise", "Labelling regularly takes far longer than planned and nobody re-plans.", "red"
    ),
    MaturityStatement(
        "demo_driven", "Projects start from a demo rather than from a decision someone needs to make.", "red"
    ),
    MaturityStatement("no_monitoring", "Drift and latency are checked only when someone complains.", "red"),
)

MATURITY_LEVELS = ((0, "ad hoc"), (40, "developing"), (70, "established"), (85, "leading"))


@dataclass(frozen=True)
class MaturityScore:
    """A team's self-assessment: a 0-100 score, its level and what to fix first.

    Built by :func:`score_team_maturity`. :meth:`to_frame` lists every statement with whether it holds.

    Parameters
    ----------
    score : float
        Points earned as a share of the maximum, on 0-100 (one decimal).
    level : str
        The level of :data:`MATURITY_LEVELS` the score reaches.
    green_flags : tuple of str
        The green statements that hold.
    red_flags : tuple of str
        The red statements that hold.
    production_share : float or None
        The share of experiments that reach production (None: not given).
    advice : tuple of str
        What to fix first: up to three statements, heaviest first, and a word on the production share when it
        is outside the full-points band.

    Examples
    --------
    >>> answers = {s.key: s.kind == "green" for s in MATURITY_STATEMENTS}
    >>> answers.update(no_owner=True, rollback_rule=False)
    >>> result = score_team_maturity(answers, experiments_started=20, experiments_shipped=1)
    >>> result
    MaturityScore(66.7/100, developing; 6 green flags, 1 red flag; 5.0% of experiments reach production)
    >>> result.advice[:2]
    ('Start: Each launch has a written rollback threshold before it ships.', 'Stop: Nobody owns a model after launch.')
    """

    score: float
    level: str
    green_flags: tuple
    red_flags: tuple
    production_share: float | None
    advice: tuple

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {"statement": s.text, "kind": s.kind, "holds": s.key in self.green_flags or s.key in self.red_flags}
            for s in MATURITY_STATEMENTS
        ]
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        share = "n/a" if self.production_share is None else f"{self.production_share:.1%}"
        greens, reds = len(self.green_flags), len(self.red_flags)
        return (
            f"MaturityScore({self.score:.1f}/100, {self.level}; {greens} green flag{'s' * (greens != 1)}, "
            f"{reds} red flag{'s' * (reds != 1)}; {share} of experiments reach production)"
        )

    def __str__(self) -> str:
        return f"{self.score:.1f}/100 ({self.level}); " + repr(self).split("; ", 1)[1].rstrip(")")


#: The share of experiments reaching production that earns full points. This is the kit's own
#: assumption for the exercise, not a published benchmark: no survey behind it; set your own.
FULL_POINTS_PRODUCTION_SHARE = (0.2, 0.5)


def production_share_points(share: float) -> float:
    """Points (0 to 1) for the share of experiments that reach production.

    The kit assumes (a judgement, not a measured benchmark) that below 10%
    the path to production is broken and above 80% the team is not
    experimenting, or not killing, enough; full points inside
    :data:`FULL_POINTS_PRODUCTION_SHARE` (20% to 50%), ramping linearly outside.

    Parameters
    ----------
    share : float
        Experiments shipped over experiments started, in [0, 1].

    Returns
    -------
    float
        The points, from 0 to 1.

    Examples
    --------
    >>> [round(production_share_points(share), 3) for share in (0.3, 0.15, 0.65, 0.05)]
    [1.0, 0.5, 0.5, 0.0]
    """
    share = check_probability(share, "share")
    if 0.2 <= share <= 0.5:
        return 1.0
    if share < 0.2:
        return max(0.0, (share - 0.1) / 0.1) if share > 0.1 else 0.0
    return max(0.0, 1 - (share - 0.5) / 0.3)


def score_team_maturity(
    answers: Mapping[str, bool], *, experiments_started: int | None = None, experiments_shipped: int | None = None
) -> MaturityScore:
    """Score a self-assessment.

    ``answers`` maps each :data:`MATURITY_STATEMENTS` key to True (the statement
    holds for the team) or False. Green statements that hold earn their weight,
    red ones that do not hold earn theirs; the production share (shipped / started) adds up
    to 2 points (:func:`production_share_points`). The score is the points earned as a share of the maximum,
    on 0-100.

    Parameters
    ----------
    answers : Mapping[str, bool]
        Statement key -> True or False, for every statement and no other key.
    experiments_started : int or None, default None
        Experiments the team started; above zero. Give it with ``experiments_shipped``, or neither.
    experiments_shipped : int or None, default None
        Those that reached production; between 0 and ``experiments_started``.

    Returns
    -------
    MaturityScore
        The score, its level, the flags that hold and what to fix first.

    Examples
    --------
    >>> all_good = {s.key: s.kind == "green" for s in MATURITY_STATEMENTS}
    >>> score_team_maturity(all_good, experiments_started=10, experiments_shipped=3).score
    100.0
    >>> print(score_team_maturity({**all_good, "accuracy_only": True, "slice_metrics": False}))
    80.8/100 (established); 6 green flags, 1 red flag; n/a of experiments reach production
    """
    keys = {s.key for s in MATURITY_STATEMENTS}
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a dict of statement key -> True/False, got {type(answers).__name__}")
    missing = sorted(keys - set(answers))
    unknown = sorted(set(answers) - keys)
    if missing or unknown:
        raise ValueError(f"answers must cover every statement exactly: missing {missing}, unknown {unknown}")
    for k, v in answers.items():
        if not isinstance(v, (bool, np.bool_)):
            raise TypeError(f"answers[{k!r}] must be True or False, got {v!r}")
    green_max = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "green")
    red_max = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "red")
    points = sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "green" and answers[s.key])
    points += sum(s.weight for s in MATURITY_STATEMENTS if s.kind == "red" and not answers[s.key])
    maximum = green_max + red_max
    share = None
    if experiments_started is not None or experiments_shipped is not None:
        if experiments_started is None or experiments_shipped is None:
            raise ValueError("give both experiments_started and experiments_shipped, or neither")
        if experiments_started <= 0:
            raise ValueError(f"experiments_started must be > 0, got {experiments_started}")
        if not 0 <= experiments_shipped <= experiments_started:
            raise ValueError(
                f"experiments_shipped must be between 0 and experiments_started="
                f"{experiments_started}, got {experiments_shipped}"
            )
        share = experiments_shipped / experiments_started
        points += 2 * production_share_points(share)
        maximum += 2
    score = round(100 * points / maximum, 1)
    level = [name for cut, name in MATURITY_LEVELS if score >= cut][-1]
    greens = tuple(s.key for s in MATURITY_STATEMENTS if s.kind == "green" and answers[s.key])
    reds = tuple(s.key for s in MATURITY_STATEMENTS if s.kind == "red" and answers[s.key])
    by_weight = sorted(
        (
            s
            for s in MATURITY_STATEMENTS
            if (s.kind == "red" and answers[s.key]) or (s.kind == "green" and not answers[s.key])
        ),
        key=lambda s: -s.weight,
    )
    advice = tuple(("Stop: " if s.kind == "red" else "Start: ") + s.text for s in by_weight[:3])
    if share is not None and production_share_points(share) < 1:
        lo, hi = FULL_POINTS_PRODUCTION_SHARE
        advice += (
            f"{share:.1%} of experiments reach production, outside the {lo:.0%} to {hi:.0%} band this "
            "self-assessment assumes (a judgement for discussion, not a measured benchmark).",
        )
    return MaturityScore(
        score=score, level=level, green_flags=greens, red_flags=reds, production_share=share, advice=advice
    )
