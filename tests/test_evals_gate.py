"""The non-inferiority release gate: the candidate carries the burden of proof.

Expected numbers come from independent implementations (scipy's bootstrap, statsmodels' power,
scikit-learn's kappa, the kit's paired-proportion interval tested against published values in
test_experiments) or from cases worked by hand, never from the gate's own output.
"""

from __future__ import annotations

import numpy as np
import pytest

from aipm_kit.evals import adapters, cases, gate, judges, runner, scorers, stats


def _paired_runs(n: int, base_fail: set[int], cand_fail: set[int], tags=None):
    """Two runs on the same ``n`` cases; case i fails where i is in the version's set."""
    tags = tags or (lambda i: ["t"])
    cs = cases.make_cases([{"id": f"c{i:04d}", "input": str(i), "expected": "yes", "tags": tags(i)} for i in range(n)])

    def model(fails, name):
        return adapters.from_function(lambda q: "no" if int(q) in fails else "yes", name=name)

    return (
        runner.run_eval(cs, model(base_fail, "base"), [scorers.includes]),
        runner.run_eval(cs, model(cand_fail, "cand"), [scorers.includes]),
    )


def _status(decision, start: str) -> str:
    return next(c.status for c in decision.criteria if c.name.startswith(start))


def test_a_real_drop_that_is_not_significant_does_not_pass():
    # 100 cases; the baseline fails 10; the candidate also breaks 5 the baseline passed: a 5-point drop.
    base, cand = _paired_runs(100, set(range(10)), set(range(15)))
    d = gate.release_gate(cand, base, threshold=0.5, margin=0.02, n_boot=4000, seed=1)
    assert d.comparison.difference.estimate == pytest.approx(-0.05)
    assert d.comparison.p_value > 0.05  # the old rule ("significant drop beyond the margin") let this ship
    assert _status(d, "Not worse than base") != "pass"
    assert d.verdict != "GO" and d.exit_code != 0


def test_an_equivalent_candidate_passes_given_enough_cases():
    # 3,000 cases, both at 90%; the candidate fixes 30 and breaks 30: no difference, and enough cases to show it.
    n = 3000
    base_fail = set(range(300))
    cand_fail = (base_fail - set(range(30))) | set(range(300, 330))
    base, cand = _paired_runs(n, base_fail, cand_fail, tags=lambda i: ["a" if i % 2 else "b"])
    d = gate.release_gate(cand, base, threshold=0.85, margin=0.02, topic_margin=0.05, seed=2)
    assert d.comparison.difference.estimate == 0
    assert d.comparison.difference.low > -0.02
    assert d.verdict == "GO" and d.exit_code == 0
    # the same candidate on only 200 of those cases cannot show it yet: the interval reaches past -2 points
    small_base, small_cand = _paired_runs(200, set(range(20)), set(range(10, 30)))  # 10 fixed, 10 broken
    small = gate.release_gate(small_cand, small_base, threshold=0.5, margin=0.02, seed=2)
    assert _status(small, "Not worse than base") == "inconclusive" and small.verdict == "NOT YET"
    assert small.exit_code == 3


def test_a_clear_drop_fails():
    # 400 cases; the candidate breaks 40 cases the baseline passed and fixes none: a 10-point drop.
    base, cand = _paired_runs(400, set(range(20)), set(range(60)))
    d = gate.release_gate(cand, base, threshold=0.5, margin=0.02, seed=3)
    assert d.comparison.difference.high < -0.02
    assert _status(d, "Not worse than base") == "fail"
    assert d.verdict == "NO-GO" and d.exit_code == 1
    assert "worse than base by more than 2.0 points" in d.sentence


def test_the_pass_rate_bar_is_decided_on_the_wilson_interval():
    # 90/100 passed: Wilson 95% [82.6%, 94.5%] (worked from the formula; statsmodels agrees in test_evals_stats)
    base, cand = _paired_runs(100, set(range(10)), set(range(10)))
    assert gate.release_gate(cand, threshold=0.80).verdict == "GO"  # whole interval above 80%
    assert gate.release_gate(cand, threshold=0.88).verdict == "NOT YET"  # 88% inside the interval
    assert gate.release_gate(cand, threshold=0.95).verdict == "NO-GO"  # whole interval below 95%


def test_the_paired_interval_matches_scipys_bootstrap():
    from scipy.stats import bootstrap

    rng = np.random.default_rng(0)
    n = 600
    base_fail = set(np.flatnonzero(rng.random(n) < 0.2).tolist())
    cand_fail = set(np.flatnonzero(rng.random(n) < 0.17).tolist())
    base, cand = _paired_runs(n, base_fail, cand_fail)
    ours = stats.compare_runs(base, cand, n_boot=10_000, seed=4).difference
    d = np.array([(i in base_fail) - (i in cand_fail) for i in range(n)], dtype=float)  # candidate - baseline
    ref = bootstrap(
        (d,),
        np.mean,
        method="percentile",
        n_resamples=10_000,
        confidence_level=0.95,
        random_state=np.random.default_rng(5),
    ).confidence_interval
    assert ours.estimate == pytest.approx(d.mean())
    assert ours.low == pytest.approx(ref.low, abs=0.004) and ours.high == pytest.approx(ref.high, abs=0.004)
    # and the textbook normal interval for a paired difference of proportions
    se = d.std(ddof=0) / np.sqrt(n)
    assert ours.low == pytest.approx(d.mean() - 1.96 * se, abs=0.006)
    assert ours.high == pytest.approx(d.mean() + 1.96 * se, abs=0.006)


def test_the_gate_decides_pass_fail_on_newcombes_paired_interval_whatever_the_seed():
    # Pass/fail per case: the overall and per-tag lines use Newcombe's paired score interval, a formula,
    # so no seed or resample count moves a bound or a verdict (a bootstrap bound sitting on the line did).
    from aipm_kit.experiments import paired_proportion_difference

    rng = np.random.default_rng(12)
    n = 300
    base_fail = set(np.flatnonzero(rng.random(n) < 0.25).tolist())
    cand_fail = set(np.flatnonzero(rng.random(n) < 0.25).tolist())
    base, cand = _paired_runs(n, base_fail, cand_fail, tags=lambda i: ["a" if i % 3 else "b"])
    runs = [
        gate.release_gate(cand, base, threshold=0.5, margin=0.02, topic_margin=0.10, seed=s, n_boot=b)
        for s, b in ((0, 2000), (1, 2000), (7, 500), (3, 20_000))
    ]
    for d in runs[1:]:
        assert [(c.status, c.value) for c in d.criteria] == [(c.status, c.value) for c in runs[0].criteria]
        assert d.slices.frame[["ci_low", "ci_high"]].equals(runs[0].slices.frame[["ci_low", "ci_high"]])
    d = runs[0]
    cand_ok = np.array([i not in cand_fail for i in range(n)])
    base_ok = np.array([i not in base_fail for i in range(n)])
    ref = paired_proportion_difference(cand_ok, base_ok, confidence=0.95)
    diff = d.comparison.difference
    assert (diff.estimate, diff.low, diff.high) == pytest.approx((ref.difference, ref.low, ref.high))
    assert diff.method == "Newcombe paired score"
    assert (d.comparison.mcnemar_c, d.comparison.mcnemar_b) == (ref.only_a, ref.only_b)
    assert "Newcombe paired interval" in next(c.name for c in d.criteria if c.name.startswith("Not worse"))
    tag_b = np.array([i % 3 == 0 for i in range(n)])
    ref_b = paired_proportion_difference(cand_ok[tag_b], base_ok[tag_b], confidence=0.95)
    row = d.slices.frame.set_index("tag").loc["b"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((ref_b.low, ref_b.high))
    # continuous scores keep the bootstrap: the Newcombe interval refuses them
    with pytest.raises(ValueError, match="pass/fail"):
        stats.paired_difference_interval([0.2, 0.9], [0.4, 1.0], interval="newcombe")


def test_detectable_difference_matches_statsmodels_power():
    from statsmodels.stats.power import NormalIndPower

    for n, share in ((37, 0.18), (150, 0.18), (35, 0.3)):
        effect = NormalIndPower().solve_power(nobs1=n, alpha=0.05, power=0.8, ratio=0, alternative="two-sided")
        assert stats.detectable_difference(n, share) == pytest.approx(effect * np.sqrt(share), rel=1e-3)
    # hand-worked: (1.95996 + 0.84162) * sqrt(0.18 / 37) = 0.19541
    assert stats.detectable_difference(37, 0.18) == pytest.approx(0.19541, abs=1e-4)
    with pytest.raises(ValueError, match="discordant_share"):
        stats.detectable_difference(30, 1.5)


def test_tag_check_states_its_power_and_judges_each_tag():
    # two tags of 40 cases; tag "b" loses 12 of its 40 cases: a clear drop there, none in "a"
    base, cand = _paired_runs(
        80, set(), set(range(41, 80, 3)) | {43, 45, 47, 49, 51, 53, 55, 57}, tags=lambda i: ["a" if i < 40 else "b"]
    )
    d = gate.release_gate(cand, base, threshold=0.5, margin=0.02, topic_margin=0.10, seed=6)
    tag = next(c for c in d.criteria if c.name.startswith("No tag worse"))
    assert "binding tag: b" in tag.name
    assert "true difference 0" in tag.evidence and "of the time" in tag.evidence
    assert "80% power" not in tag.evidence  # a two-sided power figure does not describe a one-sided check
    assert "none regress" not in tag.evidence
    assert {"detectable_drop", "equal_pass_chance"} <= set(d.slices.frame)


def test_conditional_on_holds_judge_lines_until_the_judge_is_validated():
    from dataclasses import replace

    from aipm_kit import gates

    good = gates.criterion("Pass rate", 0.8, ">=", 0.7, interval=(0.75, 0.85), evidence="judge")
    bad = gates.criterion("Beats rules", -5.0, ">", 0.0, interval=(-9.0, -1.0), evidence="judge")
    open_ = gates.criterion("Topic", 1.0, ">=", -10.0, interval=(-12.0, 15.0), evidence="judge")
    kappa = gates.criterion("Judge kappa", 0.78, ">=", 0.6, interval=(0.53, 0.95), evidence="60 labels")
    held = gate.conditional_on([good, bad, open_], kappa)
    assert [c.status for c in held] == ["inconclusive"] * 3
    assert "would pass" in held[0].settle and "would fail" in held[1].settle and "judge-scored" in held[0].name
    assert gates.Gate("g", held).verdict == "NOT YET"
    validated = gate.conditional_on([good, bad, open_], replace(kappa, status="pass"))
    assert [c.status for c in validated] == ["pass", "fail", "inconclusive"]
    with pytest.raises(TypeError, match="validation"):
        gate.conditional_on([good], "kappa")


def _newcombe_pass_chance_by_enumeration(n, share, margin, pass_rate):
    """Independent route: every 2x2 table by explicit loops, the kit's scalar Newcombe, SciPy's multinomial."""
    from scipy.stats import multinomial

    from aipm_kit.experiments import paired_proportion_difference

    probs = [pass_rate - share / 2, share / 2, share / 2, 1 - pass_rate - share / 2]
    total = 0.0
    for both in range(n + 1):
        for only_a in range(n + 1 - both):
            for only_b in range(n + 1 - both - only_a):
                neither = n - both - only_a - only_b
                a = [True] * (both + only_a) + [False] * (only_b + neither)
                b = [True] * both + [False] * only_a + [True] * only_b + [False] * neither
                low = paired_proportion_difference(a, b).low
                if low >= -margin - 1e-12:
                    total += multinomial.pmf([both, only_a, only_b, neither], n, probs)
    return total


@pytest.mark.parametrize("n, share, margin, rate", [(12, 0.2, 0.10, 0.7), (15, 0.3, 0.25, 0.6)])
def test_noninferiority_pass_chance_matches_explicit_enumeration(n, share, margin, rate):
    got = stats.noninferiority_pass_chance(n, share, margin, pass_rate=rate)
    assert got == pytest.approx(_newcombe_pass_chance_by_enumeration(n, share, margin, rate), abs=1e-9)


def test_noninferiority_pass_chance_is_a_one_sided_power_near_the_normal_approximation():
    from scipy.stats import norm

    # large n: P(d_hat - z * se > -m) with d_hat ~ N(0, share / n) is Phi(m / se - z)
    n, share, margin = 300, 0.2, 0.05
    approx = norm.cdf(margin / np.sqrt(share / n) - norm.ppf(0.975))
    assert stats.noninferiority_pass_chance(n, share, margin) == pytest.approx(approx, abs=0.06)
    chances = [stats.noninferiority_pass_chance(k, 0.2, 0.10) for k in (20, 40, 80, 320)]
    assert chances == sorted(chances) and chances[0] < 0.2 and chances[-1] > 0.9
    with pytest.raises(ValueError, match="discordant_share"):
        stats.noninferiority_pass_chance(40, 0.9, 0.1, pass_rate=0.95)
    with pytest.raises(ValueError, match="margin"):
        stats.noninferiority_pass_chance(40, 0.2, -0.1)
    with pytest.raises(TypeError, match="margin"):
        stats.noninferiority_pass_chance(40, 0.2, "0.1")


def test_kappa_difference_interval_is_paired_and_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(3)
    human = rng.random(80) < 0.7
    good = np.where(rng.random(80) < 0.05, ~human, human)
    poor = np.where(rng.random(80) < 0.30, ~human, human)
    iv = judges.kappa_difference_interval(good, poor, human, n_boot=500, seed=4)
    assert iv.estimate == pytest.approx(cohen_kappa_score(good, human) - cohen_kappa_score(poor, human))
    idx = np.random.default_rng(4).integers(0, 80, size=(500, 80))
    ref = [cohen_kappa_score(good[i], human[i]) - cohen_kappa_score(poor[i], human[i]) for i in idx]
    low, high = np.quantile(ref, [0.025, 0.975])
    assert iv.low == pytest.approx(min(low, iv.estimate)) and iv.high == pytest.approx(max(high, iv.estimate))
    same = judges.kappa_difference_interval(good, good, human, n_boot=200)
    assert (same.estimate, same.low, same.high) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="lengths"):
        judges.kappa_difference_interval(good, poor[:-1], human)


def test_kappa_interval_matches_scikit_learn_on_the_same_resamples():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(7)
    human = rng.random(120) < 0.7
    judge = np.where(rng.random(120) < 0.1, ~human, human)
    iv = judges.kappa_interval(judge, human, n_boot=500, seed=8)
    assert iv.estimate == pytest.approx(cohen_kappa_score(judge, human))
    idx = np.random.default_rng(8).integers(0, 120, size=(500, 120))
    ref = [cohen_kappa_score(judge[i], human[i]) for i in idx]
    low, high = np.quantile(ref, [0.025, 0.975])
    assert iv.low == pytest.approx(min(low, iv.estimate)) and iv.high == pytest.approx(max(high, iv.estimate))
    assert "bootstrap over cases" in iv.method and iv.confidence == 0.95 and iv.n == 120


def test_cli_gate_prints_the_verdict_and_exits_per_verdict(tmp_path, capsys):
    from aipm_kit.cli import main

    files = {}
    for label, (n, bf, cf) in {
        "nogo": (400, set(range(20)), set(range(60))),
        "notyet": (100, set(range(10)), set(range(15))),
        "go": (400, set(range(20)), set(range(20))),
    }.items():
        cs = cases.make_cases(
            [{"id": f"c{i:04d}", "input": str(i), "expected": "yes", "tags": ["t"]} for i in range(n)]
        )
        for who, fails in (("base", bf), ("cand", cf)):
            files[label, who] = tmp_path / f"{label}_{who}.jsonl"
            runner.run_eval(
                cs,
                adapters.from_function(lambda q, f=fails: "no" if int(q) in f else "yes", name=who),
                [scorers.includes],
                results=files[label, who],
            )
    for label, code, word in (("go", 0, "GO"), ("nogo", 1, "NO-GO"), ("notyet", 3, "NOT YET")):
        capsys.readouterr()
        rc = main(
            ["eval", "gate", str(files[label, "cand"]), "--baseline", str(files[label, "base"]), "--threshold", "0.5"]
        )
        out = capsys.readouterr().out
        assert rc == code, (label, out)
        assert out.splitlines()[0] == f"verdict: {word} (exit {code})"
    # an error is still exit 2 with one line
    rc = main(["eval", "gate", str(files["go", "cand"]), "--topic-margin", "-0.1"])
    err = capsys.readouterr().err
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "--topic-margin" in err
    assert gate.EXIT_CODES == {"GO": 0, "NO-GO": 1, "NOT YET": 3}
    # the help says which code means what
    with pytest.raises(SystemExit):
        main(["eval", "gate", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "3 NOT YET" in shown and "non-inferiority" in shown


def test_tags_too_small_to_judge_keep_the_gate_from_passing():
    # 3,000 equivalent cases, but one tag has only 10 of them: that tag cannot be shown not worse
    n = 3000
    base_fail = set(range(300))
    cand_fail = (base_fail - set(range(30))) | set(range(300, 330))
    base, cand = _paired_runs(n, base_fail, cand_fail, tags=lambda i: ["tiny" if i >= n - 10 else "big"])
    d = gate.release_gate(cand, base, threshold=0.85, margin=0.02, topic_margin=0.05, seed=2)
    tag = next(c for c in d.criteria if c.name.startswith("No tag worse"))
    assert tag.status == "inconclusive" and "tiny (10)" in tag.settle and d.verdict == "NOT YET"
    # no tag big enough at all: still not a pass
    base, cand = _paired_runs(40, set(range(4)), set(range(4)), tags=lambda i: [f"t{i % 4}"])
    d = gate.release_gate(cand, base, threshold=0.5, seed=2)
    tag = next(c for c in d.criteria if c.name.startswith("No tag worse"))
    assert tag.status == "inconclusive" and d.verdict == "NOT YET"


def test_report_shows_the_gate_that_was_taken(tmp_path):
    import json

    from aipm_kit import gates
    from aipm_kit.evals import report

    base, cand = _paired_runs(60, set(range(10)), set(range(8)))
    d = gate.release_gate(cand, base, threshold=0.5)
    extra = gates.criterion("Judge kappa", 0.78, ">=", 0.6, interval=(0.53, 0.95), evidence="60 labels")
    taken = gates.Gate("Release gate: cand (notebook)", [*d.criteria, extra])
    files = report.write_report(tmp_path / "rep", [base, cand], decision=d, gate=taken, note="Simulated data.")
    data = json.loads(files.json.read_text())
    assert data["gate"]["verdict"] == taken.verdict == "NOT YET" and data["note"] == "Simulated data."
    page = files.html.read_text()
    assert "Judge kappa" in page and "Simulated data." in page and "NOT YET" in page
    assert "Judge kappa" in files.markdown.read_text()
    with pytest.raises(TypeError, match="gate"):
        report.write_report(tmp_path / "rep2", [base], gate=d)
