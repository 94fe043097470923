"""Notebook 11's exercises: the solutions pass, named wrong answers fail, and the prompts say 'simulated'."""

from __future__ import annotations

from types import SimpleNamespace

from aipm_kit.evals import stats
from aipm_kit.exercises import ____, nb11


def _bind(intervals=None):
    comparison = SimpleNamespace(mcnemar_b=8, mcnemar_c=23, n_pairs=150, ties=119)
    kappas = {"lexical": 0.83, "judge_once": 0.73, "judge_majority": 0.89}
    rate = stats.wilson_interval(119, 150)  # 0.7933 [0.7216, 0.8504], statsmodels-checked in test_evals_stats
    return nb11.bind(comparison=comparison, kappas=kappas, gate_rate=rate, n_cases=150, kappa_intervals=intervals)


def test_nb11_solutions_pass_and_wrong_answers_fail():
    q1, q2, q3 = _bind()
    assert q1.check(31) and not q1.check(23) and not q1.check(150) and q1.check(____).correct is None
    assert q2.check("judge_majority") and not q2.check("lexical")
    assert q3.check(0.7216) and not q3.check(0.7933) and not q3.check(0.8504)


def test_nb11_choice_shows_intervals_and_says_simulated():
    q1, q2, q3 = _bind({"lexical": (0.72, 0.93), "judge_once": (0.60, 0.85), "judge_majority": (0.80, 0.96)})
    shown = " ".join(q2.options.values())
    assert "95% bootstrap 0.80 to 0.96" in shown and "simulated reviewer" in shown
    feedback = q2.check("judge_majority").message
    assert "intervals overlap" in feedback and "`lexical`" in feedback
    assert "human" not in shown.lower()
