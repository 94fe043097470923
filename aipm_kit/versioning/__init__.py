"""Know exactly what produced a prediction: data, model and config hashes, and diffs between versions.

Fingerprints that make a prediction and its evaluation reproducible:

* :func:`data_snapshot_hash`: the training data (values, column names and
  dtypes; row order matters);
* :func:`model_hash`: the fitted model artefact (its pickled bytes);
* :func:`config_hash`: the serving config (threshold, features, timeouts...);
* :func:`code_hash`: the evaluation code that measured it.

:class:`ModelRegistry` stores artefacts in a folder under their content hash
with a manifest of all three; :func:`diff_versions` lists what differs
between two manifests, and :func:`why_prediction_changed` answers the
support ticket "why did this customer's decision change?" by swapping one
ingredient at a time.

Data lineage records, for each training snapshot, its sources, the ordered
:class:`Transformation` steps that built it, its :class:`SignOff` and the model
versions trained on it (:class:`SnapshotLineage`); a :class:`LineageRecord`
answers the regulator's question "which data trained the model that made this
decision, and who approved it?" (:meth:`LineageRecord.trace`) and lists the
snapshots that were not signed off in full before training.
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.versioning import config_hash`` and ``versioning.ModelRegistry`` work as before:
#   fingerprints  the hashes (data_snapshot_hash, model_hash, config_hash, code_hash)
#   registry      ModelRegistry and ModelVersion
#   changes       diff_versions, why_prediction_changed and PredictionChange
#   lineage       Transformation, SignOff, SnapshotLineage, DecisionLineage, LineageRecord
# registry and lineage import from fingerprints; none imports from here.
from .changes import PredictionChange, diff_versions, why_prediction_changed
from .fingerprints import HASH_LENGTH, code_hash, config_hash, data_snapshot_hash, model_hash
from .lineage import DecisionLineage, LineageRecord, SignOff, SnapshotLineage, Transformation
from .registry import ModelRegistry, ModelVersion
