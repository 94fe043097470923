"""Labels are data too: annotator agreement, disagreements, label noise and labelling effort.

A ratings table has one row per item and one column per annotator, each cell
holding the label that annotator gave (any hashable values: strings or
integers). From it:

* :func:`cohen_kappa` (two annotators), :func:`pairwise_kappa` (every pair)
  and :func:`fleiss_kappa` (all of them at once): agreement beyond chance;
* :func:`agreement_report` - all of the above in one object;
* :func:`label_confusions` - which labels annotators mix up;
* :func:`items_to_adjudicate` - the items an expert should settle;
* :func:`precision_under_label_noise` - what wrong labels do to a measured
  precision;
* :func:`labelling_effort` - why labelling takes several times longer than
  the plan.

:func:`load_support_messages` loads the kit's annotated support inbox
(``datasets/support_messages_annotated.jsonl``; guideline in
``datasets/labelling_guideline.md``).
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.labels import cohen_kappa`` and ``labels.fleiss_kappa`` work as before
# (aipm_kit.evals.judges imports the kit's one cohen_kappa from here):
#   _common        the amount check the calculators share
#   support        the annotated support inbox (SUPPORT_LABELS, ANNOTATORS, load_support_messages)
#   agreement      cohen_kappa, pairwise_kappa, fleiss_kappa, agreement_report and the ratings checks
#   disagreements  label_confusions, items_to_adjudicate
#   bias           precision_under_label_noise, simulate_survey and SurveyResult
#   effort         labelling_effort and LabellingEstimate
# disagreements imports from agreement, bias and effort from _common; none imports from here.
from .agreement import AgreementReport, agreement_report, cohen_kappa, fleiss_kappa, pairwise_kappa
from .bias import SurveyResult, precision_under_label_noise, simulate_survey
from .disagreements import items_to_adjudicate, label_confusions
from .effort import LabellingEstimate, labelling_effort
from .support import ANNOTATORS, SUPPORT_LABELS, load_support_messages

__all__ = [
    "SUPPORT_LABELS",
    "ANNOTATORS",
    "load_support_messages",
    "cohen_kappa",
    "pairwise_kappa",
    "fleiss_kappa",
    "AgreementReport",
    "agreement_report",
    "label_confusions",
    "items_to_adjudicate",
    "precision_under_label_noise",
    "LabellingEstimate",
    "labelling_effort",
    "SurveyResult",
    "simulate_survey",
]
