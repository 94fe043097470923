"""The concept map (CURRICULUM.md), machine-readable: every practice has a home.

Each entry names the practice and its homes: a notebook section (``nb``: the
notebook number and a phrase its cells contain) and/or helper functions
(``fn``: an importable dotted name). The test fails when a home disappears,
so a practice cannot silently lose its place in the course. When the shared
CURRICULUM.md is present beside the checkout, the test also checks that every
bullet there has an entry here.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent

CURRICULUM = {
    "A": [
        ("A model is right some of the time: accuracy across resamples and cohorts",
         [("nb", "00", "Deterministic versus probabilistic")]),
        ("Code is one ingredient; data quality, model choice and feedback loops",
         [("nb", "00", "Code is one ingredient")]),
        ("The PM's six jobs, and which notebook trains each",
         [("nb", "00", "The six jobs of an AI product manager")]),
    ],
    "B": [
        ("Sharpen a vague goal into a prediction target with horizon and action",
         [("nb", "01", "From a vague goal to a prediction target")]),
        ("Prediction vs segmentation", [("nb", "01", "Could a segment rule do the job?")]),
        ("Feasibility: labels, their delay, enough data",
         [("nb", "01", "Feasibility: labels, their delay, and enough data"),
          ("fn", "aipm_kit.scenarios.labels_as_of")]),
        ("Baseline first: hand rule vs model, costs, the 80/20 test",
         [("nb", "01", "Baseline first"), ("nb", "01", "the 80/20 test"),
          ("fn", "aipm_kit.scenarios.hand_rule"), ("fn", "aipm_kit.models.fit_fraud_model")]),
        ("Decision gate 1", [("nb", "01", "Decision gate 1"), ("fn", "aipm_kit.gates.Gate")]),
    ],
    "C": [
        ("Audit sources for bias: caught-only labels, survey responders",
         [("nb", "02", "Audit the label sources"), ("fn", "aipm_kit.labels.simulate_survey")]),
        ("Labelling standards: guideline, Cohen's and Fleiss' kappa, adjudication, effort",
         [("nb", "02", "Labels: guideline, agreement, adjudication"),
          ("fn", "aipm_kit.labels.cohen_kappa"), ("fn", "aipm_kit.labels.fleiss_kappa"),
          ("fn", "aipm_kit.labels.items_to_adjudicate"), ("fn", "aipm_kit.labels.labelling_effort")]),
        ("Beyond one accuracy number: confusion matrix, P/R/F1 with intervals, thresholds, high-risk recall",
         [("nb", "02", "Beyond one accuracy number"), ("fn", "aipm_kit.metrics.confusion"),
          ("fn", "aipm_kit.metrics.classification_report"), ("fn", "aipm_kit.metrics.threshold_sweep"),
          ("fn", "aipm_kit.metrics.high_risk_segment")]),
        ("Does the validation set match the real-world distribution?",
         [("fn", "aipm_kit.metrics.reweight_to_production")]),
        ("Model metric to business metric; cost-weighted threshold",
         [("nb", "02", "From model metrics to business metrics"), ("fn", "aipm_kit.metrics.business_impact"),
          ("fn", "aipm_kit.metrics.cost_optimal_threshold")]),
        ("Ethical review: group metrics, four-fifths rule, explainability",
         [("nb", "02", "Ethical review on real lending decisions"), ("fn", "aipm_kit.fairness.by_group"),
          ("fn", "aipm_kit.fairness.four_fifths_rule"), ("fn", "aipm_kit.fairness.equalized_odds_difference"),
          ("fn", "aipm_kit.fairness.explain_decision")]),
        ("Decision gate 2", [("nb", "02", "Decision gate 2")]),
    ],
    "D": [
        ("Shadow deployment", [("nb", "03", "Shadow deployment"),
                               ("fn", "aipm_kit.monitoring.shadow_comparison")]),
        ("A monitoring dashboard", [("nb", "03", "a dashboard built on it"),
                                    ("fn", "aipm_kit.monitoring.dashboard_widget")]),
        ("Alert and rollback rules replayed on a logged incident; rollback drill",
         [("nb", "03", "Alert and rollback rules, replayed on the log"),
          ("fn", "aipm_kit.monitoring.replay_rules"), ("fn", "aipm_kit.monitoring.rollback_drill")]),
        ("Gradual rollout 5/25/50/100 vs big bang", [("nb", "03", "Gradual rollout against a big bang"),
                                                      ("fn", "aipm_kit.monitoring.simulate_rollout")]),
        ("Prediction logging and reproducing a prediction",
         [("nb", "03", "Reproducing a past prediction from the log"),
          ("fn", "aipm_kit.monitoring.reproduce_prediction")]),
        ("Decision gate 3", [("nb", "03", "Decision gate 3")]),
    ],
    "E": [
        ("Drift detection on inputs, predictions and performance; drift vs seasonality",
         [("nb", "04", "Input drift: find the planted change"), ("nb", "04", "Drift or season?"),
          ("fn", "aipm_kit.drift.psi"), ("fn", "aipm_kit.drift.ks_test"), ("fn", "aipm_kit.drift.chi_square"),
          ("fn", "aipm_kit.drift.jensen_shannon"), ("fn", "aipm_kit.drift.drift_report")]),
        ("A/B test, sample size and power, the peeking trap, slower-but-better can lose",
         [("nb", "04", "A/B test: the slower candidate at equal alert volume, judged on value per visitor"), ("nb", "04", "The peeking trap"),
          ("fn", "aipm_kit.experiments.two_proportion_test"), ("fn", "aipm_kit.experiments.sample_size_per_arm"),
          ("fn", "aipm_kit.experiments.peeking_simulation")]),
        ("Retraining cadence from measured decay",
         [("nb", "04", "Choosing a retraining cadence by retraining"),
          ("fn", "aipm_kit.monitoring.retraining_cadence")]),
        ("Versioning and 'why did this prediction change?'",
         [("nb", "04", "Versioning: why did this decision change?"),
          ("fn", "aipm_kit.versioning.why_prediction_changed")]),
        ("Retirement", [("nb", "04", "Retirement: when to switch the model off")]),
        ("Decision gate 4", [("nb", "04", "Decision gate 4")]),
    ],
    "F": [
        ("ROI and break-even; accuracy gain in revenue; latency and churn",
         [("nb", "05", "ROI and break-even"), ("fn", "aipm_kit.planning.break_even"),
          ("fn", "aipm_kit.planning.churn_from_latency"), ("fn", "aipm_kit.planning.sensitivity")]),
        ("Model quality vs capability: reliable 87% vs erratic 95%",
         [("nb", "05", "A reliable model or an erratic one?"),
          ("fn", "aipm_kit.planning.simulate_weekly_accuracy")]),
        ("Options by risk appetite", [("nb", "05", "Options by risk appetite"),
                                      ("fn", "aipm_kit.planning.compare_options")]),
        ("Probabilistic roadmaps from a learning curve",
         [("nb", "05", "A probabilistic roadmap"), ("fn", "aipm_kit.planning.fit_learning_curve"),
          ("fn", "aipm_kit.planning.milestone_probabilities")]),
        ("One result, four audiences; conservative/expected/optimistic",
         [("nb", "05", "One result, five audiences"), ("fn", "aipm_kit.communicate.brief"),
          ("fn", "aipm_kit.communicate.outcome_scenarios")]),
        ("Pushing back: rules for explainability, and their cost",
         [("nb", "05", "Pushing back"), ("fn", "aipm_kit.planning.cost_of_explainability")]),
    ],
    "G": [
        ("The sarcasm case: error analysis, slice metrics, options",
         [("nb", "06", "high accuracy, and it misses sarcasm"), ("fn", "aipm_kit.interview.metrics_by_slice")]),
        ("Product sense, technical red flags, ethics",
         [("nb", "06", "Spot the red flags"), ("nb", "06", "Product sense and ethics"),
          ("fn", "aipm_kit.interview.find_red_flags")]),
        ("Team maturity, green and red flags",
         [("nb", "06", "Team maturity"), ("fn", "aipm_kit.interview.score_team_maturity")]),
    ],
    "H": [
        ("Recommendation analyzer", [("nb", "10", "Reverse-engineering three black boxes"),
                                     ("fn", "aipm_kit.recsys.RecAudit")]),
        ("Agent evaluation harness", [("nb", "11", "The release gate"),
                                      ("fn", "aipm_kit.evals.scorers.rouge_l")]),
        ("Drift detection dashboard", [("nb", "12", "The dashboard"),
                                       ("fn", "aipm_kit.drift.windowed_drift")]),
        ("Portfolio write-ups tell a decision story", [("fn", "aipm_kit.writeup.make_writeup"), ("fn", "aipm_kit.writeup.render_writeup")]),
    ],
}

ENTRIES = [(section, practice, homes) for section, items in CURRICULUM.items() for practice, homes in items]


@lru_cache(maxsize=None)
def _notebook_text(number: str) -> str:
    paths = sorted((REPO / "notebooks").glob(f"{number}_*.ipynb"))
    if not paths:
        return ""
    nb = nbformat.read(paths[0], as_version=4)
    return "\n".join(c.source for c in nb.cells).lower()


def _resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    while module:
        try:
            obj = importlib.import_module(module)
            break
        except ModuleNotFoundError:
            module, _, head = module.rpartition(".")
            attr = f"{head}.{attr}"
    else:
        raise ModuleNotFoundError(dotted)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("section,practice,homes", ENTRIES, ids=[f"{s}:{p[:40]}" for s, p, _ in ENTRIES])
def test_every_practice_has_a_home(section, practice, homes):
    assert homes, f"{section}: {practice!r} has no home"
    for kind, *where in homes:
        if kind == "nb":
            number, phrase = where
            text = _notebook_text(number)
            assert text, f"{practice!r}: notebook {number} does not exist"
            assert phrase.lower() in text, f"{practice!r}: notebook {number} no longer contains {phrase!r}"
        else:
            (dotted,) = where
            try:
                _resolve(dotted)
            except (ImportError, AttributeError) as exc:
                pytest.fail(f"{practice!r}: its home {dotted} is gone ({exc})")


def test_map_covers_every_line_of_the_shared_curriculum():
    shared = REPO.parent / "shared" / "CURRICULUM.md"
    if not shared.exists():
        pytest.skip("shared/CURRICULUM.md is not beside this checkout; the map above is the copy")
    counts: dict[str, int] = {}
    section = None
    for line in shared.read_text().splitlines():
        m = re.match(r"## ([A-H])\.", line)
        if m:
            section = m.group(1)
            counts[section] = 0
        elif section and re.match(r"(- |\d\. )", line):
            counts[section] += 1
    for sec, n in counts.items():
        assert len(CURRICULUM.get(sec, [])) >= n, (
            f"section {sec} of CURRICULUM.md has {n} practices, the map has {len(CURRICULUM.get(sec, []))}")
