"""The evaluation harness: score answers against ground truth and decide, honestly, whether to ship.

Modules, in the order an evaluation uses them:

* :mod:`~aipm_kit.evals.cases`: cases (JSONL, ids unique) and the shipped support set;
* :mod:`~aipm_kit.evals.adapters`: models as callables (recorded answers, functions, a retrieval
  bot, an OpenAI-compatible HTTP endpoint from :mod:`~aipm_kit.evals.endpoint`);
* :mod:`~aipm_kit.evals.scorers`: pure scoring functions returning :class:`Score`;
* :mod:`~aipm_kit.evals.judges`: rubric judges repeated k times, agreement with humans (kappa);
* :mod:`~aipm_kit.evals.prompts`: prompt versions (id, text, hash), knowledge-base scorers for
  invented policies and citations, and scorer validation on hand labels;
* :mod:`~aipm_kit.evals.runner`: cached, resumable, concurrent runs (:func:`run_eval`), written to
  the results log of :mod:`~aipm_kit.evals.results_log` (content keys that refuse stale resumes);
* :mod:`~aipm_kit.evals.stats`: Wilson and bootstrap intervals, paired comparisons, slices;
* :mod:`~aipm_kit.evals.clusters`: failure clusters as a root-cause starting point;
* :mod:`~aipm_kit.evals.gate`: the release gate; :mod:`~aipm_kit.evals.report`: HTML/JSON/Markdown;
* :mod:`~aipm_kit.evals.cli`: ``aipm eval run|compare|gate``.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "Case": "cases",
    "CaseSet": "cases",
    "load_cases": "cases",
    "make_cases": "cases",
    "load_support_eval": "cases",
    "Response": "adapters",
    "RecordedModel": "adapters",
    "from_function": "adapters",
    "SupportBot": "adapters",
    "OpenAIChat": "adapters",
    "Score": "scorers",
    "run_eval": "runner",
    "load_run": "runner",
    "EvalRun": "runner",
    "wilson_interval": "stats",
    "bootstrap_interval": "stats",
    "compare_runs": "stats",
    "pass_rates_by_tag": "stats",
    "compare_by_tag": "stats",
    "cluster_failures": "clusters",
    "release_gate": "gate",
    "write_report": "report",
    "RubricJudge": "judges",
    "judge_repeatedly": "judges",
    "agreement": "judges",
}
_MODULES = [
    "cases",
    "response",
    "adapters",
    "endpoint",
    "scorers",
    "judges",
    "results_log",
    "runner",
    "stats",
    "clusters",
    "gate",
    "report",
    "cli",
    "prompts",
]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _MODULES)
