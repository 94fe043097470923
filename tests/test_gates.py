"""Decision gates: criteria, verdicts, rendering and recording."""

from __future__ import annotations

import math

import pytest

from aipm_kit import story
from aipm_kit.gates import Criterion, Gate, criterion, judgement


@pytest.mark.parametrize("op, value, threshold, passed", [
    (">=", 0.5, 0.5, True), (">=", 0.49, 0.5, False),
    (">", 0.5, 0.5, False), (">", 0.51, 0.5, True),
    ("<=", 3, 3, True), ("<", 3, 3, False), ("<", 2, 3, True),
    ("==", 1, 1, True), ("==", 1, 2, False),
])
def test_criterion_compares_value_with_threshold(op, value, threshold, passed):
    c = criterion("c", value, op, threshold, evidence="e")
    assert c.passed is passed
    assert c.condition.startswith(op)


def test_criterion_formats_and_rejects_bad_input():
    c = criterion("Recall gain", 0.0634, ">=", 0.05, evidence="test month", fmt="{:+.1%}")
    assert c.value == "+6.3%" and c.condition == ">= +5.0%"
    row = c.row()
    assert row == {"criterion": "Recall gain", "measured": "+6.3%", "condition": ">= +5.0%",
                   "evidence": "test month", "result": "pass"}
    with pytest.raises(ValueError, match="op"):
        criterion("c", 1, "=>", 0, evidence="e")
    for missing in (None, math.nan, float("nan")):
        with pytest.raises(ValueError, match="missing"):
            criterion("c", missing, ">", 0, evidence="e")


def test_judgement():
    yes, no = judgement("Explainable", True, evidence="two features"), judgement("Legal ok", 0, evidence="none")
    assert yes.passed and yes.value == "yes" and yes.condition == "judgement"
    assert no.passed is False and no.value == "no" and no.row()["result"] == "FAIL"


def _gate(*passes):
    return Gate("Gate X", [judgement(f"c{i}", p, evidence=f"e{i}") for i, p in enumerate(passes)])


def test_verdict_needs_every_criterion():
    assert _gate(True, True).verdict == "GO" and _gate(True, True).passed
    g = _gate(True, False, False)
    assert g.verdict == "NO-GO" and not g.passed and g.failed == ["c1", "c2"]
    with pytest.raises(ValueError, match="at least one"):
        Gate("empty", [])


def test_gate_is_frozen_and_takes_any_iterable():
    g = Gate("G", (c for c in [judgement("a", True, evidence="e")]))
    assert isinstance(g.criteria, tuple) and len(g.criteria) == 1
    with pytest.raises(AttributeError):
        g.title = "other"
    assert isinstance(g.criteria[0], Criterion)


def test_renderings():
    g = Gate("Gate 1 <test>", [criterion("Recall", 0.6, ">=", 0.5, evidence="month 3"),
                               judgement("Data", False, evidence="labels late")])
    frame = g.to_frame()
    assert list(frame.columns) == ["criterion", "measured", "condition", "evidence", "result"]
    assert frame["result"].tolist() == ["pass", "FAIL"]
    d = g.to_dict()
    assert d["verdict"] == "NO-GO" and d["title"] == "Gate 1 <test>" and len(d["criteria"]) == 2
    text = repr(g)
    assert text.splitlines()[0] == "Gate 1 <test>: NO-GO" and "[FAIL] Data" in text
    html = g._repr_html_()
    assert "&lt;test&gt;" in html and "NO-GO" in html and html.count("<tr>") == 3


def test_record_stores_the_gate_as_a_fact(capsys):
    g = _gate(True)
    assert g.record() is g
    assert capsys.readouterr().out.strip() == "Gate X: GO"
    # the payload is what read_facts would return: plain JSON
    assert story._jsonable(g.to_dict())["verdict"] == "GO"
