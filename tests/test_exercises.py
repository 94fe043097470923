"""Exercise machinery: the sentinel, the four problem types, hints and solutions."""

from __future__ import annotations

import numpy as np
import pytest

from aipm_kit.exercises import Blank, CheckResult, Exercise, ____, choice, custom, is_blank, numeric, thought


def _num(**kw):
    args = dict(hints=["first", "second", "third"], solution="the answer is 0.25", atol=0.001)
    args.update(kw)
    return numeric("Q", "What share?", kw.pop("expected", 0.25), **args)


def test_sentinel_is_a_singleton_and_falsy():
    assert Blank() is ____
    assert repr(____) == "____"
    assert not ____
    assert is_blank(____) and is_blank([1, ____]) and is_blank({"a": ____}) and is_blank((____,))
    assert not is_blank(0) and not is_blank(None) and not is_blank([1, 2])


@pytest.mark.parametrize(
    "factory",
    [
        lambda: _num(),
        lambda: choice("Q", "Pick", {"a": "A", "b": "B"}, "a", hints=["h"], solution="a"),
        lambda: custom("Q", "Any", lambda x: (x == 1, "ok"), hints=["h"], solution="1"),
    ],
)
def test_sentinel_never_raises_and_nudges(factory):
    ex = factory()
    for blank in (____, [____], {"x": ____}):
        result = ex.check(blank)
        assert isinstance(result, CheckResult)
        assert result.correct is None and result.status == "Not attempted"
        assert "____" in result.message and "hint()" in result.message
        assert not result  # falsy, so `assert q.check(____)` would fail loudly in a self-test
    assert ex.check().correct is None  # calling with no argument is "not attempted" too


def test_numeric_tolerance_absolute_and_relative():
    ex = _num()
    assert ex.check(0.25).correct and ex.check(0.2509).correct
    assert ex.check(0.2511).correct is False
    rel = numeric("Q", "p", 1_000.0, hints=["h"], solution="s", atol=0, rtol=0.01)
    assert rel.check(1_009).correct and not rel.check(1_011).correct
    assert rel.check(np.float32(1_000)).correct  # numpy scalars are fine
    assert "too high" in rel.check(2_000).message and "too low" in rel.check(10).message


def test_numeric_expected_is_computed_at_check_time():
    data = {"x": 1.0}
    ex = numeric("Q", "p", lambda: data["x"] * 2, hints=["h"], solution="s")
    assert ex.check(2.0)
    data["x"] = 5.0
    assert not ex.check(2.0) and ex.check(10.0)


def test_numeric_tailored_feedback_for_common_wrong_answers():
    ex = _num(wrong_answers=[(0.75, "That is the complement."), (lambda: 25.0, "Percent, not a share.")])
    r = ex.check(0.75)
    assert r.correct is False and r.message == "That is the complement."
    assert ex.check(25).message == "Percent, not a share."
    generic = ex.check(0.6)
    assert generic.correct is False and "too high" in generic.message


def test_numeric_refuses_malformed_answers_as_feedback_not_crash():
    ex = _num()
    for bad in ("a lot", True, [0.25], float("nan"), None):
        r = ex.check(bad)
        assert r.correct is False and "could not be checked" in r.message


def test_choice_feedback_and_validation():
    ex = choice(
        "Q",
        "Which?",
        {"a": "apples", "b": "bananas", "c": "cherries"},
        "b",
        hints=["h1", "h2"],
        solution="b",
        feedback={"a": "Apples are not yellow."},
    )
    shown = ex._repr_markdown_()
    assert "- `a`: apples" in shown and "- `c`: cherries" in shown and shown.index("Which?") < shown.index("apples")
    assert "a: apples" in repr(ex)
    assert ex.check("b").correct and ex.check(" 'b' ").correct
    assert ex.check("a").message == "Apples are not yellow."
    assert ex.check("c").correct is False and "not the best choice" in ex.check("c").message
    r = ex.check("z")
    assert r.correct is False and "one of" in r.message
    with pytest.raises(ValueError, match="correct"):
        choice("Q", "p", {"a": "A"}, "x", hints=["h"], solution="s")


def test_custom_checker_and_its_errors():
    def checker(answer):
        if not isinstance(answer, list):
            raise TypeError("answer with a list")
        return sorted(answer) == [1, 2, 3], "sorted it"

    ex = custom("Q", "p", checker, hints=["h"], solution="s")
    assert ex.check([3, 2, 1]).correct
    assert ex.check([1]).correct is False
    bad = ex.check("123")
    assert bad.correct is False and "answer with a list" in bad.message


def test_thought_has_no_check_but_a_solution():
    ex = thought("Q", "Discuss", hints=["think about users"], solution="model answer")
    r = ex.check("my essay")
    assert r.correct is None and "solution()" in r.message
    assert "model answer" in repr(ex.solution())


def test_hint_levels_are_clamped_and_point_to_the_next():
    ex = _num()
    assert "first" in repr(ex.hint()) and "hint(2)" in repr(ex.hint())
    assert "second" in repr(ex.hint(2)) and "hint(3)" in repr(ex.hint(2))
    last = repr(ex.hint(3))
    assert "third" in last and "hint(4)" not in last
    assert "third" in repr(ex.hint(99)) and "first" in repr(ex.hint(0))
    assert ex.hint()._repr_markdown_().startswith("**Hint for Q")
    with pytest.raises(ValueError, match="hint"):
        Exercise("Q", "p", checker=None, hints=[], solution="s")


def test_solution_may_be_computed_and_results_render():
    ex = numeric("Q", "p", 1.0, hints=["h"], solution=lambda: f"{2 * 21}")
    assert "42" in repr(ex.solution())
    ok = ex.check(1.0)
    assert repr(ok).startswith("[Q] Correct") and ok._repr_markdown_().startswith("✔ ")
    assert ex.check(3.0)._repr_markdown_().startswith("✘ ")
    assert ex.check(____)._repr_markdown_().startswith("✏ ")
    assert ex.title == "Exercise Q" and "p" in ex._repr_markdown_()


def test_practice_labels_what_the_learner_does():
    from aipm_kit.exercises import PRACTICES

    assert numeric("1 · T", "p", 1.0, hints=["h"], solution="s").practice == "reading"
    assert thought("2 · T", "p", hints=["h"], solution="s").practice == "discussion"
    ex = numeric("3 · Pick a threshold", "p", 1.0, hints=["h"], solution="s", practice="decision")
    assert ex.title == "Exercise 3 · Pick a threshold"
    assert ex._repr_markdown_().startswith(f"<!-- Exercise 3 · Pick a threshold -->\n*{PRACTICES['decision']}.*")
    assert choice("4 · T", "p", {"a": "A"}, "a", hints=["h"], solution="a", practice="by-hand").practice == "by-hand"
    with pytest.raises(ValueError, match="practice must be one of"):
        custom("5 · T", "p", lambda a: (True, ""), hints=["h"], solution="s", practice="quiz")


@pytest.mark.parametrize(
    "answer",
    [
        10**400,
        -(10**400),
        float("inf"),
        float("-inf"),
        1e300 + 0.5j,
        np.float64("inf"),
        {"a": 1},
        object(),
        b"0.25",
        0.25 + 0j,
    ],
    ids=["huge", "minus-huge", "inf", "minus-inf", "complex", "np-inf", "dict", "object", "bytes", "complex-zero-imag"],
)
def test_numeric_check_never_raises_on_any_input(answer):
    r = _num().check(answer)
    assert r.correct is False
    assert "could not be checked" in r.message or "too" in r.message


def test_huge_and_infinite_answers_say_why():
    assert "too large" in _num().check(10**400).message
    assert "infinite" in _num().check(float("inf")).message


def test_a_checker_that_breaks_on_an_odd_answer_still_gives_feedback():
    def fragile(answer):
        return answer.lower() == "yes", "compared"  # AttributeError on a number

    ex = custom("Q", "p", fragile, hints=["h"], solution="s")
    r = ex.check(42)
    assert r.correct is False and "could not be checked" in r.message
    r = custom("Q", "p", lambda a: (1 / a > 0, "divided"), hints=["h"], solution="s").check(0)
    assert r.correct is False and "could not be checked" in r.message


def test_hint_with_an_odd_level_does_not_raise():
    ex = _num()
    assert "Hint" in repr(ex.hint("two")) and "Hint" in repr(ex.hint(float("nan")))
    assert "Hint" in repr(ex.hint(10**400))


def test_choice_accepts_a_set_of_defensible_keys_and_refuses_unknown_ones():
    q = choice(
        "2 · T",
        "p",
        {"a": "A", "b": "B", "c": "C"},
        {"a", "b"},
        hints=["h"],
        solution="a or b",
        feedback={"c": "C ignores the interval."},
    )
    assert q.check("a").correct and q.check(" 'b' ").correct
    assert q.check("c").correct is False and q.check("c").message == "C ignores the interval."
    assert q.check("d").correct is False and "answer with one of" in q.check("d").message
    for bad in ({"z"}, set()):
        with pytest.raises(ValueError, match="must name one or more of the options"):
            choice("2 · T", "p", {"a": "A"}, bad, hints=["h"], solution="s")
