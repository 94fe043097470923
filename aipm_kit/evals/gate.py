"""The release gate: may this version ship?

:func:`release_gate` passes a candidate only when

1. the **lower bound** of its pass rate's Wilson interval clears ``threshold``
   (the point estimate is not enough);
2. compared with the ``baseline`` on the same cases, there is **no significant
   regression beyond** ``margin``: a drop larger than the margin whose exact
   McNemar test is significant at ``alpha``, overall or in any tag with at
   least ``min_n`` cases (tag p-values Holm-corrected);
3. its error rate (timeouts, failed calls) is at most ``max_error_rate``.

It says so in one plain sentence, such as ``"+3.1 points, 95% CI [-0.5, 6.7]:
not decisive"``, and converts to a :class:`aipm_kit.gates.Gate` for the notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import gates
from .stats import Comparison, Interval, compare_by_tag, compare_runs

__all__ = ["ReleaseDecision", "release_gate"]


@dataclass(frozen=True)
class ReleaseDecision:
    candidate: str
    baseline: str | None
    pass_rate: Interval
    threshold: float
    margin: float
    comparison: Comparison | None
    slices: Any = field(repr=False)
    criteria: tuple[gates.Criterion, ...] = ()
    sentence: str = ""

    @property
    def passed(self) -> bool:
        return self.to_gate().passed

    @property
    def verdict(self) -> str:
        return self.to_gate().verdict

    @property
    def exit_code(self) -> int:
        """0 when the gate passes, 1 when it fails (the command line's contract)."""
        return 0 if self.passed else 1

    def to_gate(self, title: str | None = None) -> gates.Gate:
        return gates.Gate(title or f"Release gate: {self.candidate}", self.criteria)

    def to_frame(self):
        return self.to_gate().to_frame()

    def to_dict(self) -> dict:
        return {"candidate": self.candidate, "baseline": self.baseline, "verdict": self.verdict,
                "sentence": self.sentence, "pass_rate": self.pass_rate.to_dict(), "threshold": self.threshold,
                "margin": self.margin, "criteria": [c.row() for c in self.criteria],
                "comparison": self.comparison.to_dict() if self.comparison else None}

    def __repr__(self) -> str:
        return f"{self.verdict}: {self.sentence}\n" + repr(self.to_gate())

    def _repr_html_(self) -> str:
        from ..formatting import isolate_dollars_html

        return isolate_dollars_html(f"<p><b>{self.verdict}</b>: {self.sentence}</p>") + self.to_gate()._repr_html_()


def release_gate(candidate, baseline=None, *, threshold: float = 0.8, margin: float = 0.02, alpha: float = 0.05,
                 confidence: float = 0.95, max_error_rate: float = 0.05, min_n: int = 30, n_boot: int = 2000,
                 seed: int = 0) -> ReleaseDecision:
    """Decide whether ``candidate`` (an :class:`~aipm_kit.evals.runner.EvalRun`) may ship.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(100)])
    >>> good = runner.run_eval(cs, adapters.from_function(lambda q: "yes", name="good"), [scorers.includes])
    >>> release_gate(good, threshold=0.9).verdict
    'GO'
    """
    from .._checks import check_non_negative, check_probability

    check_probability(threshold, "threshold")
    check_non_negative(margin, "margin")
    check_probability(alpha, "alpha", inclusive=False)
    check_probability(max_error_rate, "max_error_rate")
    rate = candidate.pass_rate(confidence=confidence)
    crits = [gates.criterion(f"Pass rate lower bound ({confidence:.0%} Wilson) clears the threshold", rate.low, ">=",
                             threshold, evidence=f"{candidate.n_passed}/{candidate.n_ok} scored cases passed "
                             f"({rate.estimate:.1%}, CI [{rate.low:.1%}, {rate.high:.1%}])", fmt="{:.1%}"),
             gates.criterion("Error rate (timeouts, failed calls) within budget", candidate.error_rate, "<=",
                             max_error_rate, evidence=f"{candidate.n_error} of {candidate.n} calls ended in an error",
                             fmt="{:.1%}")]
    comparison, slices = None, None
    if baseline is None:
        word = "clears" if rate.low >= threshold else "does not clear"
        sentence = (f"{rate.estimate * 100:.1f}% pass rate, {confidence:.0%} CI [{rate.low * 100:.1f}, "
                    f"{rate.high * 100:.1f}]: the lower bound {word} the {threshold:.0%} threshold")
    else:
        comparison = compare_runs(baseline, candidate, n_boot=n_boot, confidence=confidence, seed=seed)
        d = comparison.difference
        overall_regression = d.estimate < -margin and comparison.p_value < alpha
        crits.append(gates.judgement(
            f"No significant regression beyond {margin * 100:.1f} points against {baseline.model}",
            not overall_regression,
            evidence=f"{comparison.sentence}; exact McNemar p={comparison.p_value:.3g} "
                     f"({comparison.mcnemar_c} fixed, {comparison.mcnemar_b} broken)"))
        slices = compare_by_tag(baseline, candidate, min_n=min_n, alpha=alpha, n_boot=n_boot,
                                confidence=confidence, seed=seed)
        frame = slices.frame
        if len(frame):
            bad = frame[(frame["n"] >= min_n) & (frame["difference"] < -margin) & frame["significant"]]
            judged = int((frame["n"] >= min_n).sum())
            crits.append(gates.judgement(
                f"No tag regresses significantly (Holm-corrected, tags with >= {min_n} cases)", bad.empty,
                evidence=(f"{judged} of {len(frame)} tags large enough to judge; "
                          + ("regressions in " + ", ".join(bad["tag"]) if not bad.empty else "none regress"))))
        sentence = comparison.sentence
    return ReleaseDecision(candidate.model, getattr(baseline, "model", None), rate, threshold, margin, comparison,
                           slices, tuple(crits), sentence)
