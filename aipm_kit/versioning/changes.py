"""What changed between two versions, and why a decision changed.

:func:`diff_versions` lists every key of two manifests (or configs, or input rows) and whether it
changed; :func:`why_prediction_changed` swaps one ingredient at a time (model, inputs, threshold)
and returns a :class:`PredictionChange`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_probability


def diff_versions(before: Mapping, after: Mapping) -> pd.DataFrame:
    """Every key of two manifests (or configs, or input rows) with both values and whether it changed.

    Parameters
    ----------
    before, after : mapping
        The two versions, for example two :meth:`ModelVersion.manifest` dicts (anything but a
        mapping raises ``TypeError``). A key missing from one side shows as ``"<absent>"`` there.

    Returns
    -------
    DataFrame
        One row per key of either side, sorted by the key as text: ``key``, ``before``, ``after``
        and ``changed`` (a bool).

    Examples
    --------
    >>> diff_versions({"threshold": 0.5, "seed": 1}, {"threshold": 0.6, "seed": 1})["changed"].tolist()
    [False, True]
    >>> diff_versions({"threshold": 0.5, "seed": 1}, {"threshold": 0.6, "model": "v2"})
             key    before     after  changed
    0      model  <absent>        v2     True
    1       seed         1  <absent>     True
    2  threshold       0.5       0.6     True
    """
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        raise TypeError("before and after must be dicts (manifests, configs or input rows)")
    keys = sorted(set(before) | set(after), key=str)
    rows = []
    for k in keys:
        a, b = before.get(k, "<absent>"), after.get(k, "<absent>")
        rows.append({"key": k, "before": a, "after": b, "changed": bool(a != b)})
    return pd.DataFrame(rows, columns=["key", "before", "after", "changed"])


@dataclass(frozen=True)
class PredictionChange:
    """A decision change broken into steps: swap the model, then the inputs, then the threshold.

    Made by :func:`why_prediction_changed`. ``decision_changed`` says whether the first and last
    decisions differ; ``main_cause`` names the first step that flipped the decision or, when none
    did, the step that moved the score most; ``to_frame()`` returns a copy of ``steps``.

    Parameters
    ----------
    steps : DataFrame
        One row per step, the old prediction first: ``step``, ``score``, ``threshold``,
        ``decision``, ``score_change`` and ``decision_flipped`` (both against the step before).
    input_changes : DataFrame
        :func:`diff_versions` of the two input rows.

    Examples
    --------
    >>> steps = pd.DataFrame({"step": ["before", "swap in the new model"], "score": [0.6, 0.66],
    ...                       "threshold": [0.65, 0.65], "decision": [False, True],
    ...                       "score_change": [0.0, 0.06], "decision_flipped": [False, True]})
    >>> change = PredictionChange(steps, input_changes=diff_versions({}, {}))
    >>> change.decision_changed, change.main_cause
    (True, 'swap in the new model')
    """

    steps: pd.DataFrame
    input_changes: pd.DataFrame

    @property
    def decision_changed(self) -> bool:
        return bool(self.steps["decision"].iloc[0] != self.steps["decision"].iloc[-1])

    @property
    def main_cause(self) -> str:
        """The step with the largest effect: on the decision if one step flipped it, else on the score."""
        moves = self.steps.iloc[1:]
        flips = moves[moves["decision_flipped"]]
        if len(flips):
            return str(flips["step"].iloc[0])
        return str(moves.loc[moves["score_change"].abs().idxmax(), "step"])

    def to_frame(self) -> pd.DataFrame:
        return self.steps.copy()

    def __repr__(self) -> str:
        first, last = self.steps.iloc[0], self.steps.iloc[-1]
        return (
            f"PredictionChange(score {first.score:.4f} -> {last.score:.4f}, decision {bool(first.decision)} -> "
            f"{bool(last.decision)}; main cause: {self.main_cause})"
        )


def why_prediction_changed(
    inputs_before: pd.DataFrame,
    inputs_after: pd.DataFrame,
    *,
    model_before,
    model_after,
    threshold_before: float,
    threshold_after: float,
    score: Callable[[object, pd.DataFrame], np.ndarray],
) -> PredictionChange:
    """Explain a changed decision by changing one ingredient at a time.

    Starting from the old prediction (old model, old inputs, old threshold),
    the steps swap in the new model, then the new inputs, then the new
    threshold, scoring after each swap. The order is a convention (another
    order can split the change differently when ingredients interact);
    each step's ``score_change`` and ``decision_flipped`` show its share.

    Parameters
    ----------
    inputs_before, inputs_after : DataFrame
        One row each: the model inputs at the two predictions.
    model_before, model_after
        The two artefacts (for example from :meth:`ModelRegistry.load`).
    threshold_before, threshold_after : float
        The decision thresholds of the two configs.
    score : callable
        ``score(model, inputs)`` -> array of scores; the first score is used, and a score at or
        above the threshold is a positive decision.

    Returns
    -------
    PredictionChange
        The four steps (old prediction, new model, new inputs, new threshold) with the score and
        decision after each, and the input values that changed.

    Examples
    --------
    A score of ``weight * amount / 200``; the new model weighs 10% more, the amount went up and
    the threshold was raised:

    >>> def score(model, inputs):
    ...     return model["weight"] * inputs["amount"].to_numpy() / 200
    >>> change = why_prediction_changed(pd.DataFrame({"amount": [120.0]}), pd.DataFrame({"amount": [150.0]}),
    ...                                 model_before={"weight": 1.0}, model_after={"weight": 1.1},
    ...                                 threshold_before=0.7, threshold_after=0.8, score=score)
    >>> change
    PredictionChange(score 0.6000 -> 0.8250, decision False -> True; main cause: swap in the new inputs)
    >>> change.steps[["step", "score", "decision_flipped"]].round(3)
                                                step  score  decision_flipped
    0  before (old model, old inputs, old threshold)  0.600             False
    1                          swap in the new model  0.660             False
    2                         swap in the new inputs  0.825              True
    3                      swap in the new threshold  0.825             False
    """
    for name, frame in (("inputs_before", inputs_before), ("inputs_after", inputs_after)):
        if not isinstance(frame, pd.DataFrame) or len(frame) != 1:
            raise ValueError(f"{name} must be a one-row DataFrame of model inputs")
    if list(inputs_before.columns) != list(inputs_after.columns):
        raise ValueError(
            f"inputs_before and inputs_after have different columns: {list(inputs_before.columns)} vs "
            f"{list(inputs_after.columns)}"
        )
    tb = check_probability(threshold_before, "threshold_before")
    ta = check_probability(threshold_after, "threshold_after")
    plan = [
        ("before (old model, old inputs, old threshold)", model_before, inputs_before, tb),
        ("swap in the new model", model_after, inputs_before, tb),
        ("swap in the new inputs", model_after, inputs_after, tb),
        ("swap in the new threshold", model_after, inputs_after, ta),
    ]
    rows, prev_score, prev_dec = [], None, None
    for step, model, inputs, thr in plan:
        s = float(np.asarray(score(model, inputs.reset_index(drop=True)))[0])
        dec = bool(s >= thr)
        rows.append(
            {
                "step": step,
                "score": s,
                "threshold": thr,
                "decision": dec,
                "score_change": 0.0 if prev_score is None else s - prev_score,
                "decision_flipped": False if prev_dec is None else dec != prev_dec,
            }
        )
        prev_score, prev_dec = s, dec
    a = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs_before.iloc[0].items()}
    b = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs_after.iloc[0].items()}
    return PredictionChange(steps=pd.DataFrame(rows), input_changes=diff_versions(a, b))
