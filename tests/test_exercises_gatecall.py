"""The shared grading of a gate taken by hand (notebooks 01 and 02), on hand-made lines."""

import pytest

from aipm_kit.exercises._gatecall import clears, gate_verdict, grade_gate_answer

# two lines: a >= 25% line whose interval straddles it, a <= 5 line whose interval clears it
LINES = {"pattern": (0.04, 0.28, ">=", 0.25), "hours": (2.0, 4.0, "<=", 5.0)}
STEPS = {"stop": "stop", "shadow": "shadow", "build": "build"}
FITS = {"GO": {"build"}, "NO-GO": {"stop"}, "NOT YET": {"stop", "shadow"}}
WRONG = {(v, s): f"{s} does not fit {v}" for v in FITS for s in STEPS}


def right_call(key):
    low, high, op, line = LINES[key]
    near, far = (low, high) if op in (">=", ">") else (high, low)
    return "pass" if clears(near, op, line) else "fail" if not clears(far, op, line) else "not yet"


def grade(answer):
    return grade_gate_answer(
        answer,
        LINES,
        right_call=right_call,
        reading=str,
        why={"pass": "p", "fail": "f", "not yet": "n"},
        steps=STEPS,
        step_fits=FITS,
        step_wrong=WRONG,
    )


def test_the_verdict_follows_the_calls():
    assert gate_verdict(["pass", "pass"]) == "GO"
    assert gate_verdict(["pass", "not yet"]) == "NOT YET"
    assert gate_verdict(["not yet", "fail"]) == "NO-GO"
    assert clears(0.25, ">=", 0.25) and not clears(0.25, ">", 0.25) and clears(5.0, "<=", 5.0)


def test_a_defensible_answer_has_no_reasons_and_any_spelling_of_a_call_is_read():
    assert grade({"pattern": "Not-Yet", "hours": "pass", "verdict": "not yet", "next": "shadow"}) == (
        [],
        "NOT YET",
        "shadow",
    )
    assert grade({"pattern": "inconclusive", "hours": "PASS", "verdict": "NOT YET", "next": "stop"})[0] == []


def test_a_wrong_call_verdict_or_step_is_named():
    wrong, truth, _ = grade({"pattern": "pass", "hours": "pass", "verdict": "GO", "next": "build"})
    assert truth == "NOT YET" and len(wrong) == 3
    assert "not yet, not pass" in wrong[0] and "the verdict is NOT YET, not GO" in wrong[1]
    assert wrong[2] == "'build' does not follow from a NOT YET gate: build does not fit NOT YET"


def test_a_malformed_answer_raises_naming_what_is_missing():
    with pytest.raises(TypeError, match="one call per line"):
        grade(["pass"])
    with pytest.raises(ValueError, match=r"no entry for \['next'\]"):
        grade({"pattern": "pass", "hours": "pass", "verdict": "GO"})
    with pytest.raises(ValueError, match="call 'pattern'"):
        grade({"pattern": "maybe", "hours": "pass", "verdict": "GO", "next": "stop"})
    with pytest.raises(ValueError, match="next step is one of"):
        grade({"pattern": "pass", "hours": "pass", "verdict": "GO", "next": "launch"})
