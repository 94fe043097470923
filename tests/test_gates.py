"""Decision gates: criteria, verdicts, rendering and recording."""

from __future__ import annotations

import math

import pytest

from aipm_kit import story
from aipm_kit.gates import Criterion, Gate, criterion, judgement


@pytest.mark.parametrize(
    "op, value, threshold, passed",
    [
        (">=", 0.5, 0.5, True),
        (">=", 0.49, 0.5, False),
        (">", 0.5, 0.5, False),
        (">", 0.51, 0.5, True),
        ("<=", 3, 3, True),
        ("<", 3, 3, False),
        ("<", 2, 3, True),
        ("==", 1, 1, True),
        ("==", 1, 2, False),
    ],
)
def test_criterion_compares_value_with_threshold(op, value, threshold, passed):
    c = criterion("c", value, op, threshold, evidence="e")
    assert c.passed is passed
    assert c.condition.startswith(op)


def test_criterion_formats_and_rejects_bad_input():
    c = criterion("Recall gain", 0.0634, ">=", 0.05, evidence="test month", fmt="{:+.1%}")
    assert c.value == "+6.3%" and c.condition == ">= +5.0%"
    row = c.row()
    assert row == {
        "criterion": "Recall gain",
        "measured": "+6.3%",
        "interval": "",
        "condition": ">= +5.0%",
        "evidence": "test month",
        "result": "pass",
        "decided on": "fact",
        "what would settle it": "",
    }
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
    g = Gate(
        "Gate 1 <test>",
        [criterion("Recall", 0.6, ">=", 0.5, evidence="month 3"), judgement("Data", False, evidence="labels late")],
    )
    frame = g.to_frame()
    assert list(frame.columns) == [
        "criterion",
        "measured",
        "interval",
        "condition",
        "evidence",
        "result",
        "decided on",
        "what would settle it",
    ]
    assert frame["result"].tolist() == ["pass", "FAIL"]
    d = g.to_dict()
    assert d["verdict"] == "NO-GO" and d["title"] == "Gate 1 <test>" and len(d["criteria"]) == 2
    text = repr(g)
    assert text.splitlines()[0] == "Gate 1 <test>: NO-GO" and "[FAIL] Data" in text
    html = g._repr_html_()
    assert "&lt;test&gt;" in html and "NO-GO" in html and html.count("<tr>") == 3


def test_footnoted_html_prints_each_settle_note_once():
    note = "more users, sized before the test"
    g = Gate(
        "G",
        [
            criterion("A", 0.5, ">=", 0.5, interval=(0.4, 0.6), evidence="e", settle=note),
            criterion("B", 0.5, ">=", 0.5, interval=(0.4, 0.6), evidence="e", settle=note),
            criterion("C", 0.5, ">=", 0.5, interval=(0.3, 0.7), evidence="e", settle="another note"),
            criterion("D", 0.9, ">=", 0.5, interval=(0.8, 0.95), evidence="e"),
        ],
    )
    plain = g._repr_html_()
    assert plain == g.to_html() and plain.count(note) == 2  # the default keeps the note on every row
    foot = g.to_html(footnotes=True)
    assert foot.count(note) == 1 and foot.count("another note") == 1
    assert foot.count("not yet (1)") == 2 and foot.count("not yet (2)") == 1
    assert "(1) more users, sized before the test; (2) another note." in foot


def test_record_stores_the_gate_as_a_fact(capsys):
    g = _gate(True)
    assert g.record() is g
    assert capsys.readouterr().out.strip() == "Gate X: GO"
    # the payload is what read_facts would return: plain JSON
    assert story._jsonable(g.to_dict())["verdict"] == "GO"


# ----------------------------------------------------------------------------- decided on intervals
# TEACHING.md rule 1: pass when the whole interval clears the line, fail when the whole interval
# misses it, otherwise "not yet". Hand-worked cases for every operator.


@pytest.mark.parametrize(
    "op, interval, status",
    [
        (">=", (0.55, 0.70), "pass"),
        (">=", (0.50, 0.70), "pass"),  # low end on the line still clears >=
        (">=", (0.30, 0.45), "fail"),
        (">=", (0.45, 0.55), "inconclusive"),
        (">", (0.50, 0.70), "inconclusive"),
        (">", (0.51, 0.70), "pass"),
        (">", (0.30, 0.50), "fail"),
        ("<=", (0.30, 0.50), "pass"),
        ("<=", (0.51, 0.60), "fail"),
        ("<=", (0.40, 0.60), "inconclusive"),
        ("<", (0.30, 0.50), "inconclusive"),
        ("<", (0.30, 0.49), "pass"),
        ("<", (0.50, 0.60), "fail"),
    ],
)
def test_interval_decides_the_criterion(op, interval, status):
    value = sum(interval) / 2
    c = criterion("c", value, op, 0.5, interval=interval, evidence="e")
    assert c.status == status and c.kind == "interval"
    assert c.passed is (status == "pass")
    assert (c.settle != "") is (status == "inconclusive")


def test_a_point_that_clears_the_line_is_not_enough():
    """The case rule 1 cites: equalised-odds 0.10 <= 0.15 'passed' while its interval reached 0.28."""
    c = criterion("Equalised-odds difference", 0.10, "<=", 0.15, interval=(0.03, 0.28), evidence="95% bootstrap")
    assert c.status == "inconclusive" and not c.passed
    g = Gate("Gate 2", [c, judgement("Documented baseline", True, evidence="rule")])
    assert g.verdict == "NOT YET" and g.inconclusive == ["Equalised-odds difference"] and g.failed == []


def test_verdicts_fail_beats_not_yet_beats_go():
    go = criterion("a", 0.8, ">=", 0.5, interval=(0.7, 0.9), evidence="e")
    maybe = criterion("b", 0.6, ">=", 0.5, interval=(0.4, 0.8), evidence="e")
    no = criterion("c", 0.2, ">=", 0.5, interval=(0.1, 0.3), evidence="e")
    assert Gate("g", [go]).verdict == "GO"
    assert Gate("g", [go, maybe]).verdict == "NOT YET"
    assert Gate("g", [go, maybe, no]).verdict == "NO-GO"
    assert Gate("g", [maybe, judgement("j", False, evidence="e")]).verdict == "NO-GO"


def test_what_would_settle_it_scales_with_the_square_of_the_width():
    """Half-width 0.05 must shrink to the 0.04 gap: n grows by (0.05 / 0.04)**2 = 1.5625, so 300
    cases become 469 (468.75 rounded up), 169 more."""
    c = criterion("Kappa", 0.64, ">=", 0.60, interval=(0.59, 0.69), n=300, evidence="300 messages")
    assert "about 169 more cases" in c.settle and "about 469 in all" in c.settle
    on_the_line = criterion("x", 0.5, ">=", 0.5, interval=(0.4, 0.6), n=100, evidence="e")
    assert on_the_line.status == "inconclusive" and "no sample size settles it" in on_the_line.settle
    own = criterion("x", 0.55, ">=", 0.5, interval=(0.4, 0.7), settle="audit 400 more", evidence="e")
    assert own.settle == "audit 400 more"


def test_interval_input_is_checked():
    with pytest.raises(ValueError, match="outside its interval"):
        criterion("c", 0.9, ">=", 0.5, interval=(0.1, 0.2), evidence="e")
    with pytest.raises(ValueError, match="low <= high"):
        criterion("c", 0.5, ">=", 0.5, interval=(0.6, 0.4), evidence="e")
    with pytest.raises(ValueError, match="finite"):
        criterion("c", 0.5, ">=", 0.5, interval=(0.4, math.inf), evidence="e")
    with pytest.raises(TypeError, match="interval"):
        criterion("c", 0.5, ">=", 0.5, interval="wide", evidence="e")
    with pytest.raises(ValueError, match="'=='"):
        criterion("c", 0.5, "==", 0.5, interval=(0.4, 0.6), evidence="e")
    with pytest.raises(ValueError, match="n must be"):
        criterion("c", 0.5, ">=", 0.4, interval=(0.45, 0.6), n=0, evidence="e")
    with pytest.raises(ValueError, match="status"):
        Criterion("c", "maybe", "e")


def test_not_yet_renders_everywhere():
    g = Gate(
        "Gate 3", [criterion("Precision", 0.72, ">=", 0.70, interval=(0.64, 0.79), n=120, evidence="e", fmt="{:.0%}")]
    )
    text = repr(g)
    assert text.splitlines()[0] == "Gate 3: NOT YET" and "[not yet] Precision: 72% [64% to 79%]" in text
    assert "to settle it: about" in text
    html = g._repr_html_()
    assert "NOT YET" in html and "not yet" in html and "64% to 79%" in html and "#B07400" in html
    d = g.to_dict()
    assert d["verdict"] == "NOT YET" and d["criteria"][0]["result"] == "not yet"
    assert d["criteria"][0]["what would settle it"].startswith("about")


def test_negative_money_reads_as_money():
    c = criterion("Net value", -7536, ">", 0, interval=(-12000, 2100), evidence="e", fmt="${:,.0f}")
    assert c.value == "-$7,536" and c.interval == "-$12,000 to $2,100" and c.condition == "> $0"
