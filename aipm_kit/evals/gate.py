"""The release gate: may this version ship?

:func:`release_gate` is a **non-inferiority** gate: the burden of proof is on
the candidate. Every criterion that rests on a sampled estimate is decided on
its interval (:func:`aipm_kit.gates.criterion`): it passes when the whole
interval is on the right side of its line, fails when the whole interval is on
the wrong side, and is inconclusive otherwise.

1. **Pass rate**: the candidate's Wilson interval against ``threshold``.
2. **Error rate** (timeouts, failed calls): its Wilson interval against
   ``max_error_rate``.
3. **Not worse than the baseline** (with a ``baseline``, on the same cases):
   Newcombe's hybrid score interval for the paired difference of pass rates,
   ``candidate - baseline`` (:func:`aipm_kit.experiments.paired_proportion_difference`),
   against ``-margin``. Pass/fail per case is a proportion, so the interval is
   a formula: unlike a bootstrap, it does not move with a seed, and neither
   does the verdict. It passes only when the interval's low end is above
   ``-margin``; it fails when its high end is below ``-margin``. A real
   5-point drop whose test is "not significant" therefore does not pass: it is
   inconclusive, or fails.
4. **Not worse in any tag** with at least ``min_n`` cases: the same, per tag,
   against the looser ``-topic_margin`` (every tag must pass; the binding tag is
   shown; a tag under ``min_n`` cases cannot be judged alone, so it leaves the
   criterion inconclusive at best). The evidence states the chance that a tag
   exactly as good as the baseline (true difference 0) passes this one-sided
   check at its size (:func:`~aipm_kit.evals.stats.noninferiority_pass_chance`):
   with 35 cases a tag and a 10-point margin it is well under one half, so
   "not yet" is the expected outcome for an equal tag, not a sign of a drop.

:func:`conditional_on` makes lines scored by a judge count only once the judge's
own validation passes.

The verdict is the :class:`aipm_kit.gates.Gate`'s: ``"GO"``, ``"NO-GO"`` or
``"NOT YET"``; :attr:`ReleaseDecision.exit_code` maps them to 0, 1 and 3 for
the command line (2 is kept for errors). It says so in one plain sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .. import gates
from .stats import (
    Comparison,
    Interval,
    compare_by_tag,
    compare_runs,
    detectable_difference,
    noninferiority_pass_chance,
    wilson_interval,
)

__all__ = ["ReleaseDecision", "release_gate", "conditional_on", "EXIT_CODES"]

#: Exit code of ``aipm eval gate`` per verdict (2 is an error: bad input, unreadable files).
EXIT_CODES = {"GO": 0, "NO-GO": 1, "NOT YET": 3}


@dataclass(frozen=True)
class ReleaseDecision:
    """What :func:`release_gate` decided, and on what evidence.

    ``verdict`` is ``"GO"``, ``"NO-GO"`` or ``"NOT YET"`` (the verdict of the
    :class:`aipm_kit.gates.Gate` of ``criteria``), ``passed`` whether it is GO, and
    ``exit_code`` the command line's 0, 1 or 3. ``to_gate()`` returns that gate,
    ``to_frame()`` one row per criterion and ``to_dict()`` a JSON-ready record; it shows
    as the verdict, the sentence and the criteria.

    Parameters
    ----------
    candidate : str
        The candidate run's model name.
    baseline : str or None
        The baseline run's model name, if there was one.
    pass_rate : Interval
        The candidate's pass rate with its Wilson interval.
    threshold : float
        The pass-rate bar.
    margin : float
        The largest drop against the baseline still called "not worse" (a share).
    comparison : Comparison or None
        The paired comparison with the baseline (None without one).
    slices : SliceTable or None
        The per-tag comparison, with ``detectable_drop`` and ``equal_pass_chance`` columns
        (None without a baseline).
    criteria : tuple of aipm_kit.gates.Criterion, default ()
        The gate's lines, each decided on its interval.
    sentence : str, default ""
        The decision in one plain sentence.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(100)])
    >>> good = runner.run_eval(cs, adapters.from_function(lambda q: "yes", name="good"), [scorers.includes])
    >>> decision = release_gate(good, threshold=0.9)
    >>> decision.verdict, decision.exit_code, decision.passed
    ('GO', 0, True)
    >>> decision.sentence
    '100.0% pass rate, 95% CI [96.3, 100.0] against the 90% threshold; no baseline to compare with'
    """

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
        """The command line's contract: 0 GO, 1 NO-GO, 3 NOT YET (2 is an error)."""
        return EXIT_CODES[self.verdict]

    def to_gate(self, title: str | None = None) -> gates.Gate:
        return gates.Gate(title or f"Release gate: {self.candidate}", self.criteria)

    def to_frame(self):
        return self.to_gate().to_frame()

    def to_dict(self) -> dict:
        return {
            "candidate": self.candidate,
            "baseline": self.baseline,
            "verdict": self.verdict,
            "sentence": self.sentence,
            "pass_rate": self.pass_rate.to_dict(),
            "threshold": self.threshold,
            "margin": self.margin,
            "criteria": [c.row() for c in self.criteria],
            "comparison": self.comparison.to_dict() if self.comparison else None,
        }

    def __repr__(self) -> str:
        return f"{self.verdict}: {self.sentence}\n" + repr(self.to_gate())

    def _repr_html_(self) -> str:
        from ..formatting import isolate_dollars_html
        from ..templating import render

        line = render("evals/decision.html.j2", decision=self)
        return isolate_dollars_html(line) + self.to_gate()._repr_html_()


def _points(x: float) -> str:
    return f"{x * 100:+.1f}"


def _around(iv: Interval) -> tuple[float, float]:
    """The interval, with rounding error (a Wilson bound of 1e-18 at 0 of n) kept from excluding its estimate."""
    return min(iv.low, iv.estimate), max(iv.high, iv.estimate)


def release_gate(
    candidate,
    baseline=None,
    *,
    threshold: float = 0.8,
    margin: float = 0.02,
    topic_margin: float = 0.10,
    alpha: float = 0.05,
    confidence: float = 0.95,
    max_error_rate: float = 0.05,
    min_n: int = 30,
    power: float = 0.8,
    n_boot: int = 2000,
    seed: int = 0,
) -> ReleaseDecision:
    """Decide whether ``candidate`` (an :class:`~aipm_kit.evals.runner.EvalRun`) may ship: GO, NO-GO or NOT YET.

    Parameters
    ----------
    candidate : EvalRun
        The version that wants to ship.
    baseline : EvalRun, optional
        The version it would replace, run on the same cases; without one only the pass
        rate and the error rate are judged.
    threshold : float, default 0.8
        The pass-rate bar (the whole ``confidence`` Wilson interval must clear it), in [0, 1].
    margin : float, default 0.02
        The largest drop against ``baseline`` (a share: 0.02 is 2 points) still
        called "not worse": the paired interval's low end must be above ``-margin``.
    topic_margin : float, default 0.10
        The same line for each tag with at least ``min_n`` cases (looser: a tag
        has few cases, so its interval is wide).
    alpha, power : float, default 0.05 and 0.8
        The test level and power behind the two-sided "smallest detectable drop"
        kept for each tag in ``slices.frame["detectable_drop"]`` (for a significance
        check; the gate's own tag line states ``equal_pass_chance``, the chance that a
        tag with no true difference passes its one-sided check).
    confidence : float, default 0.95
        Of every interval (Wilson, Newcombe paired).
    max_error_rate : float, default 0.05
        The error-rate budget (timeouts, failed calls), in [0, 1]: the whole Wilson interval of
        the share of cases that ended in an error must stay at or under it.
    min_n : int, default 30
        Tags with fewer cases cannot be judged alone: they leave the tag line inconclusive at best.
    n_boot, seed : int, default 2000 and 0
        Kept for callers that pass them; the gate's lines are all formulas (pass/fail
        per case), so neither changes a verdict.

    Returns
    -------
    ReleaseDecision
        The verdict, its criteria, the comparison and the per-tag table, and a sentence.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(100)])
    >>> good = runner.run_eval(cs, adapters.from_function(lambda q: "yes", name="good"), [scorers.includes])
    >>> release_gate(good, threshold=0.9).verdict
    'GO'
    >>> release_gate(good, threshold=0.98).verdict  # 100/100, but the Wilson interval reaches 96.3%
    'NOT YET'
    """
    from .._checks import check_non_negative, check_positive_int, check_probability

    check_probability(threshold, "threshold")
    check_non_negative(margin, "margin")
    check_non_negative(topic_margin, "topic_margin")
    check_probability(alpha, "alpha", inclusive=False)
    check_probability(power, "power", inclusive=False)
    check_probability(max_error_rate, "max_error_rate")
    check_positive_int(min_n, "min_n")
    rate = candidate.pass_rate(confidence=confidence)
    errors = wilson_interval(candidate.n_error, candidate.n, confidence=confidence)
    crits = [
        gates.criterion(
            f"Pass rate clears the threshold ({confidence:.0%} Wilson)",
            rate.estimate,
            ">=",
            threshold,
            interval=_around(rate),
            n=candidate.n_ok,
            fmt="{:.1%}",
            evidence=f"{candidate.n_passed}/{candidate.n_ok} scored cases passed",
        ),
        gates.criterion(
            f"Error rate (timeouts, failed calls) within budget ({confidence:.0%} Wilson)",
            errors.estimate,
            "<=",
            max_error_rate,
            interval=_around(errors),
            n=candidate.n,
            fmt="{:.1%}",
            evidence=f"{candidate.n_error} of {candidate.n} calls ended in an error",
        ),
    ]
    comparison, slices = None, None
    if baseline is None:
        sentence = (
            f"{rate.estimate * 100:.1f}% pass rate, {confidence:.0%} CI [{rate.low * 100:.1f}, "
            f"{rate.high * 100:.1f}] against the {threshold:.0%} threshold; no baseline to compare with"
        )
    else:
        comparison = compare_runs(
            baseline, candidate, n_boot=n_boot, confidence=confidence, seed=seed, interval="newcombe"
        )
        d = comparison.difference
        crits.append(
            gates.criterion(
                f"Not worse than {baseline.model} by more than {margin * 100:.1f} points "
                f"({confidence:.0%} Newcombe paired interval of the difference)",
                d.estimate * 100,
                ">=",
                -margin * 100,
                interval=(d.low * 100, d.high * 100),
                n=comparison.n_pairs,
                fmt="{:+.1f}",
                evidence=f"{comparison.n_pairs} paired cases: {comparison.mcnemar_c} fixed, {comparison.mcnemar_b} "
                f"broken, exact McNemar p={comparison.pvalue:.3g}; differences in points",
            )
        )
        slices = compare_by_tag(
            baseline,
            candidate,
            min_n=min_n,
            alpha=alpha,
            n_boot=n_boot,
            confidence=confidence,
            seed=seed,
            interval="newcombe",
        )
        frame = slices.frame
        if len(frame):
            disc = (comparison.mcnemar_b + comparison.mcnemar_c) / comparison.n_pairs
            frame["detectable_drop"] = [
                detectable_difference(int(n), disc, alpha=alpha, power=power) for n in frame["n"]
            ]
            base_rate = min(max(baseline.pass_rate().estimate, disc / 2), 1 - disc / 2)
            frame["equal_pass_chance"] = [
                noninferiority_pass_chance(int(n), disc, topic_margin, pass_rate=base_rate, confidence=confidence)
                for n in frame["n"]
            ]
            judged = frame[frame["n"] >= min_n]
            small = frame[frame["n"] < min_n]
            name = f"No tag worse by more than {topic_margin * 100:.0f} points"
            few = f"{len(small)} tag(s) with fewer than {min_n} cases cannot be judged on their own: " + ", ".join(
                f"{t.tag} ({t.n})" for t in small.itertuples()
            )
            if len(judged):
                failing = judged[judged["ci_high"] < -topic_margin]
                worst = (failing.sort_values("ci_high") if len(failing) else judged.sort_values("ci_low")).iloc[0]
                lows = "; ".join(
                    f"{t.tag} {_points(t.difference)} [{t.ci_low * 100:.1f}, {t.ci_high * 100:.1f}]"
                    for t in judged.itertuples()
                )
                tag_crit = gates.criterion(
                    f"{name} (binding tag: {worst['tag']}, {confidence:.0%} Newcombe paired interval)",
                    worst["difference"] * 100,
                    ">=",
                    -topic_margin * 100,
                    interval=(worst["ci_low"] * 100, worst["ci_high"] * 100),
                    n=int(worst["n"]),
                    fmt="{:+.1f}",
                    evidence=(
                        f"{len(judged)} of {len(frame)} tags have >= {min_n} cases ({lows}); with "
                        f"{int(judged['n'].min())} to {int(judged['n'].max())} cases a tag, a tag exactly as "
                        f"good as {baseline.model} (true difference 0) passes this check only "
                        f"{judged['equal_pass_chance'].min():.0%} to {judged['equal_pass_chance'].max():.0%} "
                        "of the time, so 'not yet' here is expected even with no drop"
                        + (f"; {few}" if len(small) else "")
                    ),
                )
                if len(small) and tag_crit.status == "pass":  # a tag too small to judge is not shown not worse
                    tag_crit = replace(
                        tag_crit, status="inconclusive", settle=f"{few}; collect at least {min_n} cases in each"
                    )
            else:
                tag_crit = gates.Criterion(
                    name=name,
                    status="inconclusive",
                    value="n/a",
                    condition=f">= {-topic_margin * 100:+.1f}",
                    kind="interval",
                    settle=f"collect at least {min_n} cases in each tag",
                    evidence=f"{few}; with {int(frame['n'].max())} cases a tag, a tag exactly as good as "
                    f"{baseline.model} would pass only {frame['equal_pass_chance'].max():.0%} of the time",
                )
            crits.append(tag_crit)
        reading = {
            "pass": f"not worse than {baseline.model} by more than {margin * 100:.1f} points",
            "fail": f"worse than {baseline.model} by more than {margin * 100:.1f} points",
            "inconclusive": f"a drop of more than {margin * 100:.1f} points is not ruled out",
        }
        sentence = f"{comparison.sentence}; {reading[crits[2].status]}"
    return ReleaseDecision(
        candidate.model,
        getattr(baseline, "model", None),
        rate,
        threshold,
        margin,
        comparison,
        slices,
        tuple(crits),
        sentence,
    )


def conditional_on(criteria, validation: gates.Criterion, *, scorer: str = "judge") -> tuple[gates.Criterion, ...]:
    """The ``criteria`` scored by ``scorer``, counted only if the scorer's ``validation`` passes.

    A line measured with an unvalidated instrument decides nothing: while
    ``validation`` (e.g. the judge's kappa against reviewer labels on the gated
    version's answers) is not a pass, every line that would pass or fail is shown
    as "not yet", with what it measured and what would settle it. Once the
    validation passes, the lines stand as measured. Each name says which scorer
    measured it.

    Parameters
    ----------
    criteria : iterable of aipm_kit.gates.Criterion
        The lines measured with the scorer (anything else raises ``TypeError``).
    validation : aipm_kit.gates.Criterion
        The scorer's own validation line.
    scorer : str, default "judge"
        The scorer's name, added to each line's name as ``[judge-scored]``.

    Returns
    -------
    tuple of aipm_kit.gates.Criterion
        The lines renamed and, while the validation has not passed, a pass or fail turned
        into "not yet" saying what it measured.

    Examples
    --------
    >>> ok = gates.criterion("Pass rate", 0.8, ">=", 0.7, interval=(0.75, 0.85), evidence="judge")
    >>> shaky = gates.criterion("Judge kappa", 0.78, ">=", 0.6, interval=(0.53, 0.95), evidence="60 labels")
    >>> [c.status for c in conditional_on([ok], shaky)]
    ['inconclusive']
    >>> [c.status for c in conditional_on([ok], replace(shaky, status="pass"))]
    ['pass']
    """
    if not isinstance(validation, gates.Criterion):
        raise TypeError(f"validation must be a gates.Criterion, got {type(validation).__name__}")
    out = []
    for c in criteria:
        if not isinstance(c, gates.Criterion):
            raise TypeError(f"criteria must hold gates.Criterion, got {type(c).__name__}")
        named = replace(c, name=f"{c.name} [{scorer}-scored]")
        if validation.status == "pass" or c.status == "inconclusive":
            out.append(named)
            continue
        measured = {"pass": "would pass", "fail": "would fail"}[c.status]
        out.append(
            replace(
                named,
                status="inconclusive",
                settle=f"{measured} as measured; it counts once its scorer's validation passes "
                f"({validation.name}: {gates.STATUSES[validation.status]})",
            )
        )
    return tuple(out)
