"""Exercise machinery: the sentinel, the four problem types, hints and solutions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aipm_kit.exercises import (Blank, CheckResult, Exercise, ____, choice, custom, is_blank, numeric,
                                thought)


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


@pytest.mark.parametrize("factory", [
    lambda: _num(),
    lambda: choice("Q", "Pick", {"a": "A", "b": "B"}, "a", hints=["h"], solution="a"),
    lambda: custom("Q", "Any", lambda x: (x == 1, "ok"), hints=["h"], solution="1"),
])
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
    ex = choice("Q", "Which?", {"a": "apples", "b": "bananas", "c": "cherries"}, "b",
                hints=["h1", "h2"], solution="b", feedback={"a": "Apples are not yellow."})
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


# --- the notebook exercise modules: solutions pass, known wrong answers fail --------------------

@pytest.mark.parametrize("answer", [10**400, -(10**400), float("inf"), float("-inf"), 1e300 + 0.5j,
                                    np.float64("inf"), {"a": 1}, object(), b"0.25", 0.25 + 0j],
                         ids=["huge", "minus-huge", "inf", "minus-inf", "complex", "np-inf", "dict", "object",
                              "bytes", "complex-zero-imag"])
def test_numeric_check_never_raises_on_any_input(answer):
    r = _num().check(answer)
    assert r.correct is False
    assert "could not be checked" in r.message or "too" in r.message


def test_huge_and_infinite_answers_say_why():
    assert "too large" in _num().check(10**400).message
    assert "infinite" in _num().check(float("inf")).message


def test_a_checker_that_breaks_on_an_odd_answer_still_gives_feedback():
    def fragile(answer):
        return answer.lower() == "yes", "compared"   # AttributeError on a number

    ex = custom("Q", "p", fragile, hints=["h"], solution="s")
    r = ex.check(42)
    assert r.correct is False and "could not be checked" in r.message
    r = custom("Q", "p", lambda a: (1 / a > 0, "divided"), hints=["h"], solution="s").check(0)
    assert r.correct is False and "could not be checked" in r.message


def test_hint_with_an_odd_level_does_not_raise():
    ex = _num()
    assert "Hint" in repr(ex.hint("two")) and "Hint" in repr(ex.hint(float("nan")))
    assert "Hint" in repr(ex.hint(10**400))


def test_nb04_psi_by_hand_and_alert_line():
    from aipm_kit import gates
    from aipm_kit.exercises import nb04

    # hand-worked: shares 0.5/0.5 -> 0.25/0.75, PSI = -0.25 ln 0.5 + 0.25 ln 1.5
    ref = pd.Series(["app"] * 50 + ["web"] * 50)
    cur = pd.Series(["app"] * 25 + ["web"] * 75)
    by_hand = 0.25 * np.log(2) + 0.25 * np.log(1.5)

    def fake_gate(line):   # detection passes up to 0.2, fails from 0.25; false alarms always pass
        ok = line <= 0.2
        return gates.Gate("4a", [
            gates.criterion("flagged", 0.99 if ok else 0.5, ">=", 0.9, interval=(0.97, 1.0) if ok else (0.4, 0.6),
                            evidence="e"),
            gates.criterion("false alarms", 0.0, "<=", 0.1, interval=(0.0, 0.01), evidence="e")])

    q1, q2 = nb04.bind_monitor(reference=ref, current=cur, column="channel", kit_psi=by_hand,
                               monitor_gate=fake_gate, alert_line=0.2)
    assert q1.check(round(by_hand, 4)) and q1.practice == "by-hand"
    assert "base-10" in q1.check(by_hand / np.log(10)).message
    assert "one direction" in q1.check(0.25 * np.log(0.5) + 0.75 * np.log(1.5)).message
    assert q2.practice == "decision"
    assert q2.check((0.1, "GO")) and q2.check((0.3, "no-go")) and q2.check([0.2, "GO"])
    wrong = q2.check((0.3, "GO"))
    assert not wrong and "NO-GO" in wrong.message and "flagged" in wrong.message
    assert not q2.check(0.1) and not q2.check((0.1, "MAYBE")) and not q2.check((-1, "GO"))
    for q in (q1, q2):
        assert q.check(____).correct is None and len(q._hints) >= 2
    assert [q1.name[:4], q2.name[:4]] == ["1 · ", "2 · "]


def test_nb04_cadence_accepts_every_schedule_nobody_beats():
    from aipm_kit.exercises import nb04

    def evidence(cost):  # at this cost, monthly is beaten by never; 3 and 2 are not told apart from never
        table = pd.DataFrame({"retrain_every": ["never", "3", "2", "1"],
                              "net_value_per_month": [0.0, -1_000.0, -5_000.0, -20_000.0],
                              "net_value_low": [0.0, -9_000.0, -15_000.0, -30_000.0],
                              "net_value_high": [0.0, 8_000.0, 6_000.0, -2_000.0],
                              "beaten_by": ["none", "none", "none", "never"]})
        return table, "never", "3"

    q4 = nb04.bind_cadence(cadence_evidence=evidence, retrain_cost=32_000)
    assert q4.practice == "decision" and q4.name.startswith("4 · ")
    assert q4.check("never") and "rule's pick" in q4.check("never").message
    assert q4.check("3") and q4.check(2) and "defensible" in q4.check("3").message
    wrong = q4.check("1")
    assert not wrong and "beaten by never" in wrong.message
    assert not q4.check("weekly") and q4.check(____).correct is None


def test_nb04_plan_and_p_value_choice():
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    from aipm_kit import drift
    from aipm_kit.exercises import nb04

    q5 = nb04.bind_plan(rate_a=0.85, min_effect=0.01, alpha=0.05, power=0.8)
    from aipm_kit import experiments
    half = experiments.sample_size_per_arm(0.85, -0.005, alpha=0.05, power=0.8)
    # an independent plan (Cohen's h, statsmodels) lands close to the kit's
    h = abs(proportion_effectsize(0.845, 0.85))
    assert abs(NormalIndPower().solve_power(h, alpha=0.05, power=0.8) - half) / half < 0.02
    assert q5.check(half) and not q5.check(2 * experiments.sample_size_per_arm(0.85, -0.01))
    # by hand: four times the plan for twice the effect, or the normal-approximation formula, within 3%
    assert q5.practice == "by-hand" and q5.check(4 * experiments.sample_size_per_arm(0.85, -0.01))
    z = 1.959964 + 0.841621
    assert q5.check(2 * z ** 2 * 0.85 * 0.15 / 0.005 ** 2) and not q5.check(0.9 * half)
    assert "quadruples" in q5.check(2 * experiments.sample_size_per_arm(0.85, -0.01)).message
    assert q5.check(____).correct is None

    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 200_000), rng.normal(0.03, 1, 200_000)   # a tiny shift on a huge sample
    q3 = nb04.bind_traps(ks_full=drift.ks_test(a, b), psi_full=drift.psi(a, b))
    assert q3.check("b") and not q3.check("a") and "sample size" in q3.check("a").message
    assert q3.options and q3.check(____).correct is None
