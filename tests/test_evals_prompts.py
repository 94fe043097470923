"""Prompt versions: hashes, the answers a prompt produced, the two knowledge-base scorers and their
agreement with the hand-labelled examples (checked against scikit-learn and statsmodels)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from aipm_kit.evals import cases, prompts, runner, stats
from aipm_kit.exercises import ____, nb11

ROOT = Path(__file__).resolve().parents[1]
KB = [
    {"id": "return-window", "text": "You can return most items within 30 days of delivery for a full refund."},
    {"id": "refund-timing", "text": "Refunds reach your original payment method within 5 to 7 business days."},
    {"id": "express-cost", "text": "Express shipping costs $12.95 and arrives in 1 to 2 business days."},
]


@pytest.fixture(scope="module")
def shipped():
    return cases.load_support_eval(), prompts.load_prompt_set()


# ---------------------------------------------------------------- versions


def test_prompt_hash_is_sha256_of_the_text():
    p = prompts.prompt_version("A", "Answer briefly.")
    assert p.hash == hashlib.sha256(b"Answer briefly.").hexdigest()[:12]
    assert p.label == f"A@{p.hash}"
    assert prompts.prompt_version("A", "Answer briefly!").hash != p.hash


def test_a_prompt_with_a_forged_hash_or_bad_input_is_refused():
    with pytest.raises(ValueError, match="hash"):
        prompts.PromptVersion("A", "Answer briefly.", "000000000000")
    with pytest.raises(ValueError, match="id"):
        prompts.prompt_version("", "text")
    with pytest.raises(ValueError, match="text"):
        prompts.prompt_version("A", "  ")
    with pytest.raises(TypeError, match="text"):
        prompts.content_hash(3)


def test_answers_from_another_prompt_version_are_refused():
    a = prompts.prompt_version("A", "Answer briefly.")
    rows = [{"id": "c1", "prompt_id": "A", "prompt_hash": a.hash, "response": "hi"}]
    assert prompts.PromptAnswers(a, rows).name == a.label
    edited = prompts.prompt_version("A", "Answer briefly, and cite.")
    with pytest.raises(ValueError, match="produced by prompt"):
        prompts.PromptAnswers(edited, rows)
    with pytest.raises(TypeError, match="prompt"):
        prompts.PromptAnswers("A", rows)
    with pytest.raises(ValueError, match="duplicate"):
        prompts.PromptAnswers(a, rows * 2)


def test_a_run_records_the_prompt_version_in_its_log(tmp_path):
    a = prompts.prompt_version("A", "Answer briefly.")
    cs = cases.make_cases(
        [{"id": "c1", "input": "q", "expected": "30 days"}, {"id": "c2", "input": "q", "expected": "30 days"}]
    )
    model = prompts.PromptAnswers(
        a,
        [{"id": "c1", "prompt_id": "A", "prompt_hash": a.hash, "response": "Within 30 days. [source: return-window]"}],
    )
    log = tmp_path / "run.jsonl"
    run = runner.run_eval(cs, model, {"ok": prompts.no_invented_policy(KB)}, results=log, workers=1)
    assert run.model == a.label and run.n_error == 1  # c2 has no answer under this prompt: an error, not a 0
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    assert {r["model"] for r in rows} == {a.label}


def test_shipped_prompt_files_match_their_hashes(shipped):
    _, ps = shipped
    assert sorted(ps.prompts) == ["A", "B"]
    for pid, p in ps.prompts.items():
        assert all(r["prompt_hash"] == p.hash for r in ps.answers[pid])
        assert len(ps.answers[pid]) == 150
    assert 20 <= len(ps.labelled) <= 40


# ---------------------------------------------------------------- scorers, hand-worked cases


def test_numeric_claims_hand_worked():
    assert prompts.numeric_claims("within 5 to 7 business days") == ["5-7 business day"]
    assert prompts.numeric_claims("five to seven business days") == ["5-7 business day"]
    assert prompts.numeric_claims("$1,204.50 and 15 %") == ["$1204.5", "15%"]
    assert prompts.numeric_claims("the first three months") == ["3 month"]
    assert prompts.numeric_claims("Send one back [source: x-1]") == []


def test_invented_policy_scorer_hand_worked():
    score = prompts.no_invented_policy(KB)
    assert score("Refunds arrive in 5-7 business days.").passed
    bad = score("Return within 30 days, or 90 days for anything over $100.")
    assert not bad.passed and bad.details["unsupported"] == ["90 day", "$100"]
    # its documented blind spots: a policy with no number, a number true of another article
    assert score("We also accept cryptocurrency.").passed
    assert score("Express is free if it arrives within 30 days.").passed
    with pytest.raises(TypeError, match="response"):
        score(None)
    with pytest.raises(ValueError, match="kb"):
        prompts.no_invented_policy([])
    with pytest.raises(ValueError, match="kb"):
        prompts.no_invented_policy([{"id": "x"}])


def test_citation_scorer_hand_worked():
    score = prompts.citation_supported(KB)
    case = cases.make_cases([{"id": "r", "input": "q", "expected": ["5 to 7 business days"]}])[0]
    assert score("Refunds take 5 to 7 business days. [source: refund-timing]", case).passed
    assert score("Refunds take 5-7 business days. [source: refund-timing]", case).passed
    assert not score("Refunds take 5 to 7 business days. [source: express-cost]", case).passed
    assert not score("Refunds take 5 to 7 business days.", case).passed
    assert "not in the knowledge base" in score("5 to 7 business days [source: nope]", case).reason
    assert not score("Refunds take 10 business days. [source: refund-timing]", case).passed
    assert prompts.cited_article("x [source: return-window]") == "return-window"
    assert prompts.cited_article("no citation") is None


# ---------------------------------------------------------------- agreement with the hand labels


def _flags(se, labelled):
    inv = prompts.no_invented_policy(se.kb)
    cit = prompts.citation_supported(se.kb)
    inv_flags = np.array([not inv(r).passed for r in labelled["response"]])
    cit_flags = np.array([not cit(r, e).passed for r, e in zip(labelled["response"], labelled["expected"])])
    return inv_flags, cit_flags


def test_validation_matches_sklearn_and_statsmodels(shipped):
    from sklearn.metrics import cohen_kappa_score, precision_score, recall_score
    from statsmodels.stats.proportion import proportion_confint

    se, ps = shipped
    lab = ps.labelled
    inv_flags, cit_flags = _flags(se, lab)
    for flags, truth, name in (
        (inv_flags, lab["hallucinated"].to_numpy(bool), "no_invented_policy"),
        (cit_flags, ~lab["citation_ok"].to_numpy(bool), "citation_supported"),
    ):
        v = prompts.validate_scorer(flags, truth, scorer=name)
        assert v.kappa.estimate == pytest.approx(cohen_kappa_score(truth, flags))
        assert v.kappa.low <= v.kappa.estimate <= v.kappa.high and v.kappa.confidence == 0.95
        assert v.precision.estimate == pytest.approx(precision_score(truth, flags))
        assert v.recall.estimate == pytest.approx(recall_score(truth, flags))
        tp = int((flags & truth).sum())
        lo, hi = proportion_confint(tp, int(truth.sum()), alpha=0.05, method="wilson")
        assert (v.recall.low, v.recall.high) == pytest.approx((lo, hi))
        assert v.n == len(lab) and int(v.table.to_numpy().sum()) == len(lab)


def test_reported_agreement_on_the_hand_labels(shipped):
    """The numbers notebook 11 reports: the citation scorer agrees well, the claim scorer misses much."""
    se, ps = shipped
    lab = ps.labelled
    inv_flags, cit_flags = _flags(se, lab)
    inv = prompts.validate_scorer(inv_flags, lab["hallucinated"].astype(bool), scorer="no_invented_policy")
    cit = prompts.validate_scorer(cit_flags, ~lab["citation_ok"].astype(bool), scorer="citation_supported")
    assert cit.kappa.estimate > 0.6 and cit.recall.estimate > 0.8
    assert inv.precision.estimate > 0.6 and inv.recall.estimate < 0.6  # flags are mostly real; it misses many
    assert inv.kappa.high < 0.6  # too weak to decide a release alone


def test_validate_scorer_rejects_bad_input():
    with pytest.raises(ValueError, match="flags"):
        prompts.validate_scorer([0, 2, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="length|flags|labels"):
        prompts.validate_scorer([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="precision"):
        prompts.validate_scorer([0, 0, 0], [0, 1, 1])


# ---------------------------------------------------------------- the comparison and the exercise


@pytest.fixture(scope="module")
def compared(shipped):
    """The two knowledge-base scorers, and compare_prompts of A (baseline) and B on the shipped cases."""
    se, ps = shipped
    scorers = {
        "no_invented_policy": prompts.no_invented_policy(se.kb),
        "citation_supported": prompts.citation_supported(se.kb),
    }
    return scorers, prompts.compare_prompts(se.cases, ps.model("A"), ps.model("B"), scorers)


def _passes(fn, rows, cases):
    """Whether each answer row passes ``fn`` called directly (given its case when the scorer needs one)."""
    return np.array(
        [
            (fn(r["response"], cases[r["id"]]) if getattr(fn, "needs_case", False) else fn(r["response"])).passed
            for r in rows
        ]
    )


def test_compare_prompts_is_paired_and_matches_the_counts(shipped, compared):
    se, ps = shipped
    scorers, out = compared
    for name, fn in scorers.items():
        c = out[name]
        pa = _passes(fn, ps.answers["A"], se.cases)
        pb = _passes(fn, ps.answers["B"], se.cases)
        assert c.n_pairs == 150
        assert c.mcnemar_b == int((pa & ~pb).sum()) and c.mcnemar_c == int((~pa & pb).sum())
        assert c.difference.estimate == pytest.approx(pb.mean() - pa.mean())
        assert c.p_value == pytest.approx(stats.mcnemar_exact(c.mcnemar_b, c.mcnemar_c))
    # the documented failure modes show: B invents more, cites better (both decisive at 95%)
    assert out["no_invented_policy"].difference.high < 0 < out["citation_supported"].difference.low
    with pytest.raises(TypeError, match="candidate"):
        prompts.compare_prompts(se.cases, ps.model("A"), "B", scorers)
    with pytest.raises(ValueError, match="scorers"):
        prompts.compare_prompts(se.cases, ps.model("A"), ps.model("B"), {})


def test_ship_prompt_exercise(compared):
    _, out = compared

    def question(labels_from_prompts_answers):
        return nb11.ship_prompt(
            invented=out["no_invented_policy"],
            citations=out["citation_supported"],
            line=0.60,
            invented_kappa=(0.7, 0.9),
            citation_kappa=(0.7, 0.9),
            labels_from_prompts_answers=labels_from_prompts_answers,
        )

    # scorers checked only on other answers decide nothing: waiting is right, and keeping A while retiring B is
    # defensible only because B's whole interval is beyond the margin as measured (the burden is on B)
    q = question(labels_from_prompts_answers=False)
    assert q.practice == "decision" and q.name.startswith("5 · ") and set(q.options) == {"A", "B", "wait"}
    d = out["no_invented_policy"].difference
    assert q.check("wait").correct and q.check("A").correct is (d.high < -0.02)
    bad = q.check("B")
    assert bad.correct is False and "invented" in bad.message
    assert q.check("C").correct is False
    assert q.check(____).correct is None
    # once the invented-policy scorer is validated, B's rise in invented policies (whole interval past the margin) retires B
    q = question(labels_from_prompts_answers=True)
    assert q.check("A").correct and not q.check("wait").correct and not q.check("B").correct


def test_build_leaves_the_older_files_unchanged(tmp_path):
    """Re-running the build reproduces every shipped file byte for byte (the prompt files included)."""
    folder = ROOT / "datasets" / "support_eval"
    before = {p.name: p.read_bytes() for p in folder.glob("*.jsonl")}
    # run the build into a temporary folder: HERE is patched before main() writes anything
    script = (
        f"import runpy, pathlib; g = runpy.run_path({str(folder / 'build.py')!r}, run_name='x'); "
        f"main = g['main']; main.__globals__['HERE'] = pathlib.Path({str(tmp_path)!r}); main()"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    for name, data in before.items():
        if name == "prompt_labels.jsonl":  # written by hand, not by the build
            continue
        assert (tmp_path / name).read_bytes() == data, name


def test_docstring_examples_run():
    import doctest
    import importlib

    parts = ("versions", "claims", "validation", "shipped", "comparison")  # the package's sub-modules hold the code
    results = [
        doctest.testmod(importlib.import_module(f"{prompts.__name__}.{part}"), optionflags=doctest.ELLIPSIS)
        for part in parts
    ]
    assert sum(r.attempted for r in results) >= 8 and sum(r.failed for r in results) == 0
