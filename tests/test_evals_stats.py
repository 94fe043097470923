"""Statistics against statsmodels, scikit-learn, SciPy and hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest

from aipm_kit import labels
from aipm_kit.evals import adapters, cases, judges, runner, scorers, stats


def test_wilson_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for n in (1, 2, 7, 30, 150, 1000):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            if k < 0 or k > n:
                continue
            for conf in (0.8, 0.9, 0.95, 0.99):
                ours = stats.wilson_interval(k, n, confidence=conf)
                lo, hi = proportion_confint(k, n, alpha=1 - conf, method="wilson")
                assert ours.low == pytest.approx(lo, abs=1e-12) and ours.high == pytest.approx(hi, abs=1e-12)
                assert ours.estimate == k / n
    # hand case: 45/50 at 95%
    iv = stats.wilson_interval(45, 50)
    assert (round(iv.low, 3), round(iv.high, 3)) == (0.786, 0.957)


def test_wilson_refuses_bad_input():
    with pytest.raises(ValueError, match="cannot exceed"):
        stats.wilson_interval(5, 4)
    with pytest.raises(ValueError, match="n must be"):
        stats.wilson_interval(0, 0)
    with pytest.raises(ValueError, match="confidence"):
        stats.wilson_interval(1, 4, confidence=1.0)
    # one Wilson interval for the kit (metrics'): a count given as 1.5 is a ValueError naming it (it was a
    # TypeError in the evals copy); a whole count stored as a float (45.0) is accepted
    with pytest.raises(ValueError, match="successes"):
        stats.wilson_interval(1.5, 4)
    with pytest.raises(TypeError, match="successes"):
        stats.wilson_interval("1", 4)
    assert stats.wilson_interval(45.0, 50.0) == stats.wilson_interval(45, 50)
    assert stats.wilson_interval(45.0, 50.0).n == 50 and isinstance(stats.wilson_interval(45.0, 50.0).n, int)


def test_one_wilson_interval_and_one_interval_type():
    import json
    import pickle
    from dataclasses import FrozenInstanceError, asdict, dataclass

    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit import intervals, metrics

    assert stats.wilson_interval is metrics.wilson_interval is intervals.wilson_interval
    assert stats.Interval is intervals.Interval
    iv = metrics.wilson_interval(45, 50)
    lo, hi = proportion_confint(45, 50, alpha=0.05, method="wilson")
    # the pair: unpacks, indexes, equals and hashes like (low, high), converts with numpy and JSON like it
    low, high = iv
    assert (low, high) == pytest.approx((lo, hi), abs=1e-12)
    assert iv == (iv[0], iv[1]) and (iv[0], iv[1]) == iv and hash(iv) == hash((iv[0], iv[1])) and len(iv) == 2
    assert iv != (iv[0], iv[1] + 1e-9)
    assert np.array(iv).tolist() == [low, high] and np.array([iv, iv]).shape == (2, 2)
    assert json.loads(json.dumps({"ci": iv})) == {"ci": [low, high]}
    assert "{:.1%} to {:.1%}".format(*iv) == f"{lo:.1%} to {hi:.1%}"
    # the record: fields, repr, contains, to_dict, to_frame
    assert (iv.estimate, iv.low, iv.high, iv.confidence, iv.method, iv.n) == (0.9, low, high, 0.95, "Wilson", 50)
    assert repr(iv) == str(iv) == f"{iv}" == "0.900 [0.786, 0.957] (95% Wilson, n=50)"
    assert iv.contains(0.9) and not iv.contains(0.96)
    assert iv.to_dict() == {"estimate": 0.9, "low": low, "high": high, "confidence": 0.95, "method": "Wilson", "n": 50}
    assert iv.to_frame().to_dict(orient="records") == [iv.to_dict()]
    assert json.loads(json.dumps(iv.to_dict()))["n"] == 50
    # equality between intervals is on all six fields; immutable; pickles and copies whole
    same_ends = stats.Interval(0.5, low, high, 0.95, "Wilson", 50)
    assert same_ends == (low, high) and same_ends != iv
    with pytest.raises(FrozenInstanceError):
        iv.low = 0.0
    back = pickle.loads(pickle.dumps(iv))
    assert back == iv and type(back) is stats.Interval and back.method == "Wilson"

    @dataclass
    class Holder:
        ci: tuple

    assert asdict(Holder(iv)) == {"ci": (low, high)}  # as a plain tuple inside a dataclass was
    # a pandas cell shows the pair, as it showed the old tuple
    import pandas as pd

    cell = pd.DataFrame({"ci": [iv]}).to_string()
    assert cell == pd.DataFrame({"ci": [(low, high)]}).to_string()


def test_mcnemar_exact_matches_statsmodels():
    from statsmodels.stats.contingency_tables import mcnemar

    for b in range(0, 25, 3):
        for c in range(0, 40, 4):
            theirs = mcnemar([[10, b], [c, 12]], exact=True).pvalue
            assert stats.mcnemar_exact(b, c) == pytest.approx(theirs, abs=1e-12), (b, c)
    assert stats.mcnemar_exact(0, 0) == 1.0
    assert stats.mcnemar_exact(0, 5) == pytest.approx(2 / 32)  # hand case: 2 * 0.5**5


def test_holm_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(3)
    for m in (1, 2, 4, 9):
        p = rng.random(m) ** 3
        assert np.allclose(stats.holm_adjust(p), multipletests(p, method="holm")[1])
    assert stats.holm_adjust([0.01, 0.04, 0.03]).round(2).tolist() == [0.03, 0.06, 0.06]
    with pytest.raises(ValueError, match="pvalues"):
        stats.holm_adjust([0.5, 1.5])


def test_bootstrap_is_seeded_and_agrees_with_scipy():
    from scipy.stats import bootstrap

    x = np.random.default_rng(0).exponential(size=200)
    a = stats.bootstrap_interval(x, seed=1, n_boot=4000)
    b = stats.bootstrap_interval(x, seed=1, n_boot=4000)
    c = stats.bootstrap_interval(x, seed=2, n_boot=4000)
    assert a == b and (a.low, a.high) != (c.low, c.high)
    ref = bootstrap((x,), np.mean, n_resamples=4000, method="percentile", random_state=5).confidence_interval
    assert a.low == pytest.approx(ref.low, abs=0.03) and a.high == pytest.approx(ref.high, abs=0.03)
    assert a.estimate == pytest.approx(x.mean())
    med = stats.bootstrap_interval(x, statistic=np.median, n_boot=500, seed=0)
    assert med.low <= np.median(x) <= med.high
    with pytest.raises(ValueError, match="NaN"):
        stats.bootstrap_interval([1.0, np.nan])
    with pytest.raises(ValueError, match="n_boot"):
        stats.bootstrap_interval([1.0, 2.0], n_boot=10)


def test_bootstrap_of_few_levels_matches_index_resampling():
    """Few distinct values take the multinomial shortcut: same distribution as drawing indices."""
    from scipy.stats import bootstrap

    x = (np.random.default_rng(1).random(800) < 0.3).astype(float)  # pass/fail
    ours = stats.bootstrap_interval(x, n_boot=4000, seed=0)
    ref = bootstrap((x,), np.mean, n_resamples=4000, method="percentile", random_state=0).confidence_interval
    assert ours.low == pytest.approx(ref.low, abs=0.006) and ours.high == pytest.approx(ref.high, abs=0.006)
    # and the normal approximation agrees at this size
    se = np.sqrt(x.mean() * (1 - x.mean()) / x.size)
    assert ours.high - ours.low == pytest.approx(2 * 1.96 * se, rel=0.08)


def test_paired_bootstrap_hand_cases():
    a = np.array([0.1, 0.5, 0.9, 0.3])
    same_shift = stats.paired_bootstrap_interval(a, a + 0.2, seed=0)
    assert same_shift.low == pytest.approx(0.2) and same_shift.high == pytest.approx(0.2)
    with pytest.raises(ValueError, match="paired"):
        stats.paired_bootstrap_interval([1, 2], [1, 2, 3])


def test_difference_sentence_reads_plainly():
    iv = stats.Interval(0.031, -0.005, 0.067, 0.95, "paired bootstrap", 100)
    assert stats.difference_sentence(iv) == "+3.1 points, 95% CI [-0.5, 6.7]: not decisive"
    up = stats.Interval(0.05, 0.01, 0.09, 0.9, "x", 10)
    assert stats.difference_sentence(up).endswith("90% CI [1.0, 9.0]: a decisive improvement")
    down = stats.Interval(-0.05, -0.09, -0.01, 0.95, "x", 10)
    assert stats.difference_sentence(down).startswith("-5.0 points") and "regression" in stats.difference_sentence(down)


def _runs(pattern_a, pattern_b, errors_b=()):
    n = len(pattern_a)
    cs = cases.make_cases(
        [
            {"id": f"c{i:02d}", "input": str(i), "expected": "yes", "tags": ["even" if i % 2 == 0 else "odd"]}
            for i in range(n)
        ]
    )

    def model(pattern, name, errors=()):
        def answer(q):
            i = int(q)
            if i in errors:
                raise RuntimeError("down")
            return "yes" if pattern[i] else "no"

        return adapters.from_function(answer, name=name)

    a = runner.run_eval(cs, model(pattern_a, "a"), [scorers.includes], retries=0)
    b = runner.run_eval(cs, model(pattern_b, "b", errors_b), [scorers.includes], retries=0)
    return a, b


def test_compare_runs_counts_pairs_and_lists_flips_first():
    pa = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0]
    pb = [1, 0, 1, 1, 1, 1, 0, 1, 0, 1]
    a, b = _runs(pa, pb, errors_b=(9,))
    comp = stats.compare_runs(a, b, seed=0)
    assert comp.n_pairs == 9 and comp.n_excluded == 1  # case 9 errored for b: left out, counted
    # hand count over cases 0..8: wins (a fail, b pass) = 3, 4; losses = 1, 8
    assert (comp.wins, comp.losses, comp.ties) == (2, 2, 5)
    assert (comp.mcnemar_b, comp.mcnemar_c) == (2, 2)
    assert comp.p_value == pytest.approx(1.0)
    assert comp.difference.estimate == pytest.approx(0.0)
    assert list(comp.cases["change"][:4]) == ["loss", "loss", "win", "win"]
    assert set(comp.flipped["case_id"]) == {"c01", "c08", "c03", "c04"}
    t = comp.table()
    assert t.to_numpy().sum() == 9
    assert "CI" in comp.sentence and "not decisive" in comp.sentence
    assert comp.to_dict()["wins"] == 2


def test_comparison_names_its_p_value_and_statistic_as_scipy_does():
    import dataclasses

    a, b = _runs([1, 1, 1, 1, 0, 0, 0, 0], [0, 1, 1, 1, 1, 1, 1, 0])
    comp = stats.compare_runs(a, b)
    assert (comp.mcnemar_b, comp.mcnemar_c) == (1, 3)
    assert comp.statistic == 1  # exact McNemar: the smaller discordant count, as statsmodels reports it
    assert comp.pvalue == stats.mcnemar_exact(1, 3) == pytest.approx(0.625)
    assert comp.p_value == comp.pvalue  # the former name, a read-only alias for one release
    with pytest.raises(AttributeError):
        comp.p_value = 0.5
    assert "p_value" not in {f.name for f in dataclasses.fields(comp)}
    assert comp.to_dict()["p_value"] == comp.pvalue  # the JSON record keeps its key


def test_slices_warn_on_small_n_and_holm_correct():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(0)
    pa = (rng.random(80) < 0.6).astype(int).tolist()
    pb = (rng.random(80) < 0.8).astype(int).tolist()
    a, b = _runs(pa, pb)
    by = stats.pass_rates_by_tag(a, min_n=50)
    f = by.to_frame()
    assert list(f["n"]) == [40, 40] and all(f["warning"].str.contains("too few"))
    assert f["passed"].sum() == sum(pa)
    comp = stats.compare_by_tag(a, b, min_n=30)
    cf = comp.to_frame()
    assert np.allclose(cf["p_holm"], multipletests(cf["p_value"], method="holm")[1])
    assert (cf["warning"] == "").all()
    for _, row in cf.iterrows():
        assert row["ci_low"] <= row["difference"] <= row["ci_high"]


def test_cohen_kappa_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(4)
    for _ in range(30):
        a = rng.integers(0, 3, size=50)
        b = np.where(rng.random(50) < 0.6, a, rng.integers(0, 3, size=50))
        assert judges.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert judges.cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)  # hand case
    agr = judges.agreement([True, True, False, False], ["pass", "fail", "fail", "fail"])
    assert agr.kappa == pytest.approx(0.5) and agr.observed == 0.75 and agr.n == 4
    with pytest.raises(ValueError, match="'pass' or 'fail'"):
        judges.agreement([True], ["maybe"])
    assert judges.cohen_kappa is labels.cohen_kappa  # one implementation, re-exported
    with pytest.raises(ValueError, match="0/0"):
        judges.cohen_kappa([1, 1], [1, 1])
    with pytest.raises(ValueError, match="undefined when both raters give one and the same label"):
        judges.agreement([1, 1], [1, 1])  # agreement and the intervals keep their own words for 0/0
    with pytest.raises(ValueError, match="undefined when both raters give one and the same label"):
        judges.kappa_interval([0, 0, 0], [0, 0, 0])
    with pytest.raises(ValueError, match="lengths"):
        judges.agreement([True, False], [True])
