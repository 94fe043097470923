"""The one result every audience's text is generated from: :class:`ModelResult`, built from a scored test set.

:func:`summarise_fraud_result` measures the model and what runs today on the same rows and gives the weekly and
monthly numbers with their intervals; :func:`net_value_replicates` is the paired bootstrap of the monthly net value.
Derived numbers are properties of the result, so no text recomputes them its own way.
"""

from __future__ import annotations

from .measure import net_value_replicates, summarise_fraud_result
from .model_result import WEEKS_PER_MONTH, ModelResult

__all__ = ["WEEKS_PER_MONTH", "ModelResult", "summarise_fraud_result", "net_value_replicates"]
