"""Two runs on the same cases, paired: the difference with its interval, the exact McNemar p-value, the
win/tie/loss table and the flipped cases, and the one sentence that says it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...intervals import Interval
from .intervals import paired_difference_interval
from .significance import mcnemar_exact


def difference_sentence(diff: Interval, *, unit: str = "points") -> str:
    """One plain sentence: ``"+3.1 points, 95% CI [-0.5, 6.7]: not decisive"``.

    The verdict is "a decisive improvement" when the whole interval lies above 0,
    "a decisive regression" when it lies below 0, and "not decisive" otherwise.

    Parameters
    ----------
    diff : Interval
        A difference (candidate minus baseline) with its interval.
    unit : str, default "points"
        ``"points"`` shows shares as percentage points with one decimal; any other text
        shows the raw values with three decimals, followed by that text.

    Returns
    -------
    str
        The estimate, the interval and the verdict.

    Examples
    --------
    >>> from aipm_kit.intervals import Interval
    >>> difference_sentence(Interval(0.031, -0.005, 0.067, 0.95, "paired bootstrap", 100))
    '+3.1 points, 95% CI [-0.5, 6.7]: not decisive'
    >>> difference_sentence(Interval(0.031, 0.005, 0.067, 0.95, "paired bootstrap", 100), unit="F1")
    '+0.031 F1, 95% CI [0.005, 0.067]: a decisive improvement'
    """
    scale = 100 if unit == "points" else 1
    est, lo, hi = diff.estimate * scale, diff.low * scale, diff.high * scale
    if diff.low > 0:
        verdict = "a decisive improvement"
    elif diff.high < 0:
        verdict = "a decisive regression"
    else:
        verdict = "not decisive"
    fmt = "{:+.1f}" if unit == "points" else "{:+.3f}"
    inner = "{:.1f}" if unit == "points" else "{:.3f}"
    return f"{fmt.format(est)} {unit}, {diff.confidence:.0%} CI [{inner.format(lo)}, {inner.format(hi)}]: {verdict}"


def _values(run, metric: str) -> dict[str, float]:
    out = {}
    for r in run.results:
        if r.status != "ok":
            continue
        if metric == "passed":
            out[r.case_id] = float(bool(r.passed))
        else:
            if metric not in r.scores:
                raise ValueError(f"metric {metric!r} is not a scorer of run {run.model!r}; it has {list(run.scorers)}")
            out[r.case_id] = r.scores[metric].value
    return out


@dataclass(frozen=True)
class Comparison:
    """Candidate against baseline on the same cases, as :func:`compare_runs` returns it.

    Follows scipy's names for a test result: ``pvalue`` is the exact McNemar p-value and
    ``statistic`` (a property) the test's statistic, ``min(mcnemar_b, mcnemar_c)``.
    ``p_value`` is a read-only alias of ``pvalue``, kept for one release. ``sentence``
    says the difference in words, ``flipped`` lists the cases that changed, ``table()``
    gives the 2x2 pass/fail table, ``to_frame()`` one summary row and ``to_dict()`` a
    JSON-ready record (whose key stays ``"p_value"``).

    Parameters
    ----------
    baseline, candidate : str
        Model names of the two runs.
    metric : str
        ``"passed"`` or the name of the scorer whose values were compared.
    n_pairs : int
        Cases both runs scored.
    n_excluded : int
        Cases both runs hold but at least one did not score (errors): left out, counted.
    baseline_mean, candidate_mean : float
        Mean of ``metric`` over the paired cases.
    difference : Interval
        ``candidate_mean - baseline_mean`` with its paired interval.
    wins, ties, losses : int
        Cases where the candidate's value is higher, equal, lower.
    mcnemar_b : int
        Cases the baseline passed and the candidate failed.
    mcnemar_c : int
        Cases the baseline failed and the candidate passed.
    pvalue : float
        Two-sided exact McNemar p-value of ``mcnemar_b`` against ``mcnemar_c``.
    cases : pandas.DataFrame
        One row per paired case (``case_id, change, baseline_passed, candidate_passed,
        baseline_value, candidate_value, tags``, both responses), losses first, then wins,
        then ties.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(20)])
    >>> a = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 2 else "no", name="a"), [scorers.includes])
    >>> b = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 3 else "no", name="b"), [scorers.includes])
    >>> c = compare_runs(a, b)
    >>> c
    Comparison(b vs a on 20 paired cases: +15.0 points, 95% CI [-15.0, 45.0]: not decisive; wins 6, ties 11, losses 3; exact McNemar p=0.508)
    >>> c.statistic, round(c.pvalue, 3), c.p_value == c.pvalue
    (3, 0.508, True)
    >>> c.table()
              candidate passed  candidate failed
    <BLANKLINE>
    a passed                 7                 3
    a failed                 6                 4
    """

    baseline: str
    candidate: str
    metric: str
    n_pairs: int
    n_excluded: int
    baseline_mean: float
    candidate_mean: float
    difference: Interval
    wins: int
    ties: int
    losses: int
    mcnemar_b: int  # baseline passed, candidate failed
    mcnemar_c: int  # baseline failed, candidate passed
    pvalue: float
    cases: Any = field(repr=False, compare=False)  # DataFrame, flipped cases first

    @property
    def statistic(self) -> int:
        """The exact McNemar test's statistic: the smaller discordant count, ``min(mcnemar_b, mcnemar_c)``."""
        return min(self.mcnemar_b, self.mcnemar_c)

    @property
    def p_value(self) -> float:
        """Read-only alias of :attr:`pvalue` (the former name), kept for one release."""
        return self.pvalue

    @property
    def sentence(self) -> str:
        return difference_sentence(self.difference, unit="points" if self.metric == "passed" else "")

    @property
    def flipped(self):
        return self.cases[self.cases["change"] != "tie"]

    def table(self):
        """Win / tie / loss counts and the 2x2 pass/fail table McNemar uses."""
        import pandas as pd

        both = int(((self.cases.baseline_passed) & (self.cases.candidate_passed)).sum())
        neither = int(((~self.cases.baseline_passed) & (~self.cases.candidate_passed)).sum())
        return pd.DataFrame(
            {"candidate passed": [both, self.mcnemar_c], "candidate failed": [self.mcnemar_b, neither]},
            index=pd.Index([f"{self.baseline} passed", f"{self.baseline} failed"], name=""),
        )

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "baseline": self.baseline,
                    "candidate": self.candidate,
                    "metric": self.metric,
                    "pairs": self.n_pairs,
                    "excluded (errors)": self.n_excluded,
                    "baseline_mean": self.baseline_mean,
                    "candidate_mean": self.candidate_mean,
                    "difference": self.difference.estimate,
                    "ci_low": self.difference.low,
                    "ci_high": self.difference.high,
                    "wins": self.wins,
                    "ties": self.ties,
                    "losses": self.losses,
                    "mcnemar_p": self.pvalue,
                }
            ]
        )

    def to_dict(self) -> dict:
        return {
            "baseline": self.baseline,
            "candidate": self.candidate,
            "metric": self.metric,
            "n_pairs": self.n_pairs,
            "n_excluded": self.n_excluded,
            "baseline_mean": self.baseline_mean,
            "candidate_mean": self.candidate_mean,
            "difference": self.difference.to_dict(),
            "wins": self.wins,
            "ties": self.ties,
            "losses": self.losses,
            "mcnemar_b": self.mcnemar_b,
            "mcnemar_c": self.mcnemar_c,
            "p_value": self.pvalue,
            "sentence": self.sentence,
            "flipped": self.flipped[["case_id", "change"]].to_dict(orient="records"),
        }

    def __repr__(self) -> str:
        return (
            f"Comparison({self.candidate} vs {self.baseline} on {self.n_pairs} paired cases: {self.sentence}; "
            f"wins {self.wins}, ties {self.ties}, losses {self.losses}; exact McNemar p={self.pvalue:.3g})"
        )


def compare_runs(
    baseline,
    candidate,
    *,
    metric: str = "passed",
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
    interval: str = "bootstrap",
) -> Comparison:
    """Paired comparison of two runs on the cases both scored.

    The difference is ``candidate - baseline`` (of the pass rate, or of a
    scorer's mean value when ``metric`` names a scorer). McNemar always uses
    pass/fail. ``interval`` is ``"bootstrap"`` (paired bootstrap, any metric) or
    ``"newcombe"`` (pass/fail only; see :func:`paired_difference_interval`).
    Cases either run ended in an error are left out of the pairs and counted in
    ``n_excluded``.

    Parameters
    ----------
    baseline, candidate : EvalRun
        Two runs over (mostly) the same cases.
    metric : str, default "passed"
        ``"passed"`` or the name of a scorer of both runs (an unknown name is refused).
    n_boot : int, default 2000
        Resamples of the bootstrap interval.
    confidence : float, default 0.95
        Coverage of the interval, strictly between 0 and 1.
    seed : int, default 0
        Seed of the bootstrap.
    interval : {"bootstrap", "newcombe"}, default "bootstrap"
        The paired interval of the difference.

    Returns
    -------
    Comparison
        The difference with its interval, wins/ties/losses, the McNemar counts and
        p-value, and the paired cases, flipped ones first.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(20)])
    >>> a = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 2 else "no", name="a"), [scorers.includes])
    >>> b = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 3 else "no", name="b"), [scorers.includes])
    >>> c = compare_runs(a, b)
    >>> (c.wins, c.losses)
    (6, 3)
    >>> c.sentence
    '+15.0 points, 95% CI [-15.0, 45.0]: not decisive'
    """
    import pandas as pd

    va, vb = _values(baseline, metric), _values(candidate, metric)
    pa, pb = _values(baseline, "passed"), _values(candidate, "passed")
    all_ids = [r.case_id for r in baseline.results]
    other = {r.case_id for r in candidate.results}
    ids = [i for i in all_ids if i in va and i in vb]
    excluded = len([i for i in all_ids if i in other]) - len(ids)
    if not ids:
        raise ValueError(f"runs {baseline.model!r} and {candidate.model!r} share no scored cases")
    a = np.array([va[i] for i in ids])
    b = np.array([vb[i] for i in ids])
    pass_a = np.array([pa[i] for i in ids]).astype(bool)
    pass_b = np.array([pb[i] for i in ids]).astype(bool)
    diff = paired_difference_interval(a, b, interval=interval, n_boot=n_boot, confidence=confidence, seed=seed)
    wins = int((b > a).sum())
    losses = int((b < a).sum())
    ties = len(ids) - wins - losses
    mb = int((pass_a & ~pass_b).sum())
    mc = int((~pass_a & pass_b).sum())
    change = np.where(b > a, "win", np.where(b < a, "loss", "tie"))
    by_a, by_b = baseline.by_id(), candidate.by_id()
    frame = pd.DataFrame(
        {
            "case_id": ids,
            "change": change,
            "baseline_passed": pass_a,
            "candidate_passed": pass_b,
            "baseline_value": a,
            "candidate_value": b,
            "tags": [", ".join(by_a[i].tags) for i in ids],
            "baseline_response": [by_a[i].response for i in ids],
            "candidate_response": [by_b[i].response for i in ids],
        }
    )
    rank = frame["change"].map({"loss": 0, "win": 1, "tie": 2})
    frame = frame.assign(_rank=rank).sort_values(["_rank", "case_id"], kind="mergesort").drop(columns="_rank")
    frame = frame.reset_index(drop=True)
    return Comparison(
        baseline.model,
        candidate.model,
        metric,
        len(ids),
        excluded,
        float(a.mean()),
        float(b.mean()),
        diff,
        wins,
        ties,
        losses,
        mb,
        mc,
        mcnemar_exact(mb, mc),
        frame,
    )
