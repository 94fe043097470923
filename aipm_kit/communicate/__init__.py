"""One result, told to every audience that has to act on it.

An engineer needs the operating point and the latency budget; an executive
needs the change in money and hours; legal and compliance need to know what
data was used, what the model learned and how it behaves when unsure; finance
needs the range of outcomes; support needs to know what customers will see.
All of them must hear the *same* numbers.

So there is one result object, :class:`ModelResult` (built from a scored test
set by :func:`summarise_fraud_result`), and every text is generated from it:
:func:`engineering_spec`, :func:`executive_summary`, :func:`legal_explanation`,
:func:`finance_note`, :func:`support_note`, all at once with :func:`brief`.
:func:`outcome_scenarios` gives the conservative / expected / optimistic range
from the result's own confidence intervals. Change the result and every text
changes with it; nobody retypes a number.

The package is split by idea: :mod:`.result` (the result and how it is measured), :mod:`.rollback` (alarm
lines from weekly noise), :mod:`.decision` (outcome ranges, the trial and switch calls, how long settling
takes), one module per audience (:mod:`.engineering`, :mod:`.executive`, :mod:`.legal`, :mod:`.finance`,
:mod:`.support`), :mod:`.briefing` (all five texts at once), :mod:`.f1_money` (an F1 change priced in money)
and :mod:`._common` (the wording they share). Every name is importable from ``aipm_kit.communicate`` itself.
"""

from __future__ import annotations

from ..intervals import difference_interval, paired_difference_interval  # noqa: F401  (part of communicate's API)
from ..metrics import wilson_interval  # one Wilson interval for the whole kit
from .briefing import AUDIENCES, Briefing, brief
from .decision import (
    break_even_precision,
    cheaper_first_scenarios,
    months_to_settle,
    net_value_scenarios,
    outcome_scenarios,
    switch_call,
    trial_month_net,
    trial_months,
)
from .engineering import collapse_at, engineering_spec
from .executive import executive_summary
from .f1_money import OperatingPointMoney, f1_change_interval, f1_twin, money_change_interval, price_operating_point
from .finance import finance_note
from .legal import GAP_REVIEW_TRIGGER, gap_settle, legal_explanation
from .result import WEEKS_PER_MONTH, ModelResult, net_value_replicates, summarise_fraud_result
from .rollback import (  # noqa: F401
    ROLLBACK_FALSE_ALARM,
    ROLLBACK_WEEKS,
    FlagCountLines,
    RollbackRule,
    _line,
    flag_count_lines,
    rollback_budget,
    rollback_rule,
    share_below,
)
from .support import support_note

__all__ = [
    "ModelResult",
    "wilson_interval",
    "summarise_fraud_result",
    "outcome_scenarios",
    "net_value_scenarios",
    "engineering_spec",
    "executive_summary",
    "legal_explanation",
    "finance_note",
    "support_note",
    "Briefing",
    "brief",
    "AUDIENCES",
    "gap_settle",
    "RollbackRule",
    "rollback_rule",
    "share_below",
    "break_even_precision",
    "difference_interval",
    "paired_difference_interval",
    "ROLLBACK_FALSE_ALARM",
    "ROLLBACK_WEEKS",
    "net_value_replicates",
    "FlagCountLines",
    "flag_count_lines",
    "OperatingPointMoney",
    "price_operating_point",
    "money_change_interval",
    "f1_twin",
    "f1_change_interval",
    "rollback_budget",
    "trial_months",
    "switch_call",
]
