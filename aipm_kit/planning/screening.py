"""Gate 1 on a list of proposed AI uses: quality data, a pattern beyond rules, value that covers upkeep.

:func:`screen_ai_uses` decides build / rule / drop for each proposed use on its pilot's Newcombe interval;
:func:`mandate_proposals` is the exercise's table of five uses proposed under a "put AI everywhere"
mandate, with the columns listed in :data:`USE_COLUMNS`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_probability

# --------------------------------------------------------------------------- gate 1 on a list of proposed uses

#: Columns a table of proposed AI uses needs (one row per use).
USE_COLUMNS = (
    "labels",
    "label_delay_days",
    "labelled_examples",
    "cases_per_month",
    "value_per_case_right",
    "pilot_cases",
    "model_right",
    "rule_right",
    "upkeep_per_month",
)


def mandate_proposals() -> pd.DataFrame:
    """Five AI uses proposed under a "put AI everywhere" mandate, with the facts gate 1 needs.

    The numbers are invented for the exercise (a simulated pilot audit of each
    use: how many cases the model and the best hand rule handled right, and on
    how many only one of them was right: the audit scores both on the same cases).

    Returns
    -------
    pandas.DataFrame
        Five rows indexed by ``proposed use``, with the columns of :data:`USE_COLUMNS` then
        ``model_only_right`` and ``rule_only_right``: ready for :func:`screen_ai_uses`.

    Examples
    --------
    >>> uses = mandate_proposals()
    >>> uses.shape
    (5, 11)
    >>> uses.loc["route support tickets", ["pilot_cases", "model_right", "rule_right"]].tolist()
    [400, 352, 300]
    """
    rows = {
        "route support tickets": (True, 2, 40_000, 8_000, 4.0, 400, 352, 300, 2_500),
        "flag duplicate invoices": (True, 7, 12_000, 1_500, 30.0, 500, 489, 486, 1_500),
        "predict merchant churn (90 days)": (True, 90, 1_200, 400, 120.0, 300, 231, 210, 3_000),
        "chatbot that answers any question": (False, 0, 0, 20_000, 1.0, 0, 0, 0, 8_000),
        "hold risky payouts to new sellers": (True, 30, 25_000, 3_000, 60.0, 600, 540, 480, 6_000),
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(USE_COLUMNS)).rename_axis("proposed use")
    discordant = {  # (model right and rule wrong, rule right and model wrong) on the same pilot cases
        "route support tickets": (68, 16),
        "flag duplicate invoices": (8, 5),
        "predict merchant churn (90 days)": (45, 24),
        "chatbot that answers any question": (0, 0),
        "hold risky payouts to new sellers": (80, 20),
    }
    frame["model_only_right"] = [discordant[u][0] for u in frame.index]
    frame["rule_only_right"] = [discordant[u][1] for u in frame.index]
    return frame


def screen_ai_uses(
    uses: pd.DataFrame, *, min_labelled: int = 5_000, max_label_delay_days: float = 45, confidence: float = 0.90
) -> pd.DataFrame:
    """Gate 1 on each proposed use: quality data, a pattern beyond rules, value that covers upkeep.

    *Quality data* passes when labels exist, at least ``min_labelled`` are in
    hand and they arrive within ``max_label_delay_days``. *Pattern beyond
    rules* is the model's lift over the rule in the pilot (share of cases
    handled right), decided on its Newcombe ``confidence`` interval: the
    paired one when ``uses`` has ``model_only_right`` and ``rule_only_right``
    (both scored on the same cases), else the independent one. *Value
    covers upkeep* prices that lift (``cases_per_month x value_per_case_right``)
    against ``upkeep_per_month``, decided on the same interval. The call:
    ``build`` when all three pass; ``drop`` when the data fail (nothing to
    learn from or measure; a piloted hand rule is then defensible too); otherwise ``rule`` (keep or write the hand rule;
    pilot more where a check is inconclusive), with ``drop`` defensible too when the lift is real but not worth its
    upkeep, or when its value fails the upkeep line whatever the lift (the table does not price the hand rule's own
    worth, so running it or dropping the use are both defensible). ``defensible`` lists every call
    the evidence supports.

    Parameters
    ----------
    uses : pandas.DataFrame
        One row per proposed use with every column of :data:`USE_COLUMNS` (and optionally
        ``model_only_right`` and ``rule_only_right`` for the paired interval); ``model_right`` and
        ``rule_right`` may not exceed ``pilot_cases``. A use with no pilot cases is "not measured".
    min_labelled : int, default 5_000
        Labelled examples the data check needs.
    max_label_delay_days : float, default 45
        The longest wait for a label the data check accepts, in days.
    confidence : float, default 0.90
        Level of the Newcombe interval on the lift, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per use (same index): ``quality data``, ``lift over rule`` with ``lift low`` and
        ``lift high``, ``pattern beyond rules``, ``value ($/month)`` with ``value low`` and ``value high``,
        ``value covers upkeep`` (each check ``pass``, ``fail``, ``inconclusive`` or ``not measured``),
        ``call`` and ``defensible`` (a sorted tuple of calls).

    Raises
    ------
    TypeError
        ``uses`` is not a DataFrame.
    ValueError
        A missing column, pilot counts that do not fit together, or ``confidence`` outside [0, 1].

    Examples
    --------
    >>> screened = screen_ai_uses(mandate_proposals())
    >>> screened["call"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'route support tickets': 'build', 'flag duplicate invoices': 'rule',
     'predict merchant churn (90 days)': 'drop', 'chatbot that answers any question': 'drop',
     'hold risky payouts to new sellers': 'build'}
    >>> screened.loc["route support tickets", ["lift over rule", "lift low", "lift high"]].round(3).tolist()
    [0.13, 0.094, 0.166]
    """
    from ..gates import criterion
    from ..intervals import difference_interval, paired_difference_interval

    if not isinstance(uses, pd.DataFrame):
        raise TypeError(f"uses must be a DataFrame, got {type(uses).__name__}")
    missing = [c for c in USE_COLUMNS if c not in uses.columns]
    if missing:
        raise ValueError(f"uses is missing column(s) {missing}; it needs {list(USE_COLUMNS)}")
    check_probability(confidence, "confidence")
    out = []
    for name, u in uses.iterrows():
        if int(u.model_right) > int(u.pilot_cases) or int(u.rule_right) > int(u.pilot_cases):
            raise ValueError(f"uses[{name!r}]: model_right and rule_right must be at most pilot_cases")
        data_ok = bool(u.labels) and u.labelled_examples >= min_labelled and u.label_delay_days <= max_label_delay_days
        row = {
            "quality data": "pass" if data_ok else "fail",
            "lift over rule": np.nan,
            "lift low": np.nan,
            "lift high": np.nan,
            "pattern beyond rules": "not measured",
            "value ($/month)": np.nan,
            "value low": np.nan,
            "value high": np.nan,
            "value covers upkeep": "not measured",
        }
        if u.pilot_cases > 0:
            n = int(u.pilot_cases)
            lift = (u.model_right - u.rule_right) / n
            paired = "model_only_right" in u.index and "rule_only_right" in u.index and pd.notna(u.model_only_right)
            if paired:
                b, c = int(u.model_only_right), int(u.rule_only_right)
                both = int(u.model_right) - b
                if b - c != int(u.model_right) - int(u.rule_right) or both < 0 or n - both - b - c < 0:
                    raise ValueError(
                        f"uses[{name!r}]: model_only_right and rule_only_right do not fit model_right, "
                        "rule_right and pilot_cases"
                    )
                lo, hi = paired_difference_interval(both, b, c, n - both - b - c, confidence=confidence)
            else:
                lo, hi = difference_interval(int(u.model_right), n, int(u.rule_right), n, confidence=confidence)
            per_point = u.cases_per_month * u.value_per_case_right
            ev = f"{confidence:.0%} Newcombe {'paired ' if paired else ''}interval, pilot of {n}"
            pattern = criterion("lift", lift, ">", 0, interval=(min(lo, lift), max(hi, lift)), evidence=ev).status
            value = criterion(
                "value",
                lift * per_point,
                ">=",
                u.upkeep_per_month,
                interval=(min(lo, lift) * per_point, max(hi, lift) * per_point),
                evidence=ev,
            ).status
            row.update(
                {
                    "lift over rule": lift,
                    "lift low": lo,
                    "lift high": hi,
                    "pattern beyond rules": pattern,
                    "value ($/month)": lift * per_point,
                    "value low": lo * per_point,
                    "value high": hi * per_point,
                    "value covers upkeep": value,
                }
            )
        if not data_ok:  # a hand rule needs no labels: defensible if one was piloted
            call, ok = "drop", ({"drop", "rule"} if u.pilot_cases > 0 and u.rule_right > 0 else {"drop"})
        elif row["pattern beyond rules"] == "pass" and row["value covers upkeep"] == "pass":
            call, ok = "build", {"build"}
        elif row["pattern beyond rules"] == "pass" or row["value covers upkeep"] == "fail":
            # a real pattern not worth its upkeep (yet), or a lift that cannot pay its upkeep even at its interval's
            # high end: no model, and whether the hand rule is worth running is not priced here, so drop is as
            # defensible as the rule
            call, ok = "rule", {"rule", "drop"}
        else:  # the rule does as well, or the pilot cannot tell yet
            call, ok = "rule", {"rule"}
        row.update({"call": call, "defensible": tuple(sorted(ok))})
        out.append(pd.Series(row, name=name))
    return pd.DataFrame(out).rename_axis(uses.index.name or "proposed use")
