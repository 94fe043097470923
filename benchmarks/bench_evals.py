"""Evaluation harness: scoring speed, and our ROUGE-L against the ``rouge-score`` package.

1. Score 10,000 recorded support answers with the lexical scorers (exact match,
   includes, token F1, ROUGE-L, concise) and put Wilson and seeded bootstrap
   intervals on the results. Target: under 2 s.
2. ROUGE-L on the same 10,000 (answer, reference) pairs, ours against
   ``rouge_score.rouge_scorer.RougeScorer(["rougeL"])``: time ratio (target: at
   least 3x faster) and agreement (the values must be identical).

Run: ``python benchmarks/run.py evals`` (or this file directly).
"""

from __future__ import annotations

import time

N = 10_000


def _pairs(n: int = N):
    from aipm_kit.evals.adapters import RecordedModel
    from aipm_kit.evals.cases import load_support_eval

    se = load_support_eval()
    base = []
    for path in se.responses.values():
        model = RecordedModel(path)
        for case in se.cases:
            text = model(case).text
            if isinstance(text, str):
                base.append((text, case.expected, case.reference))
    return [base[i % len(base)] for i in range(n)]


def main() -> None:
    import numpy as np

    from aipm_kit.evals import scorers, stats

    pairs = _pairs()
    lexical = {
        "exact_match": scorers.exact_match,
        "includes": scorers.includes,
        "token_f1": scorers.token_f1,
        "concise": scorers.concise,
    }

    c0 = time.process_time()
    t0 = time.perf_counter()
    values = {name: np.empty(N) for name in [*lexical, "rouge_l"]}
    passed = np.zeros(N, dtype=bool)
    for i, (response, expected, reference) in enumerate(pairs):
        ok = True
        for name, fn in lexical.items():
            s = fn(response, expected)
            values[name][i] = s.value
            ok &= s.passed if name in ("includes", "concise") else True
        values["rouge_l"][i] = scorers.rouge_l(response, reference).value
        passed[i] = ok
    t_score = time.perf_counter() - t0
    t1 = time.perf_counter()
    rate = stats.wilson_interval(int(passed.sum()), N)
    intervals = {name: stats.bootstrap_interval(v, n_boot=2000, seed=0) for name, v in values.items()}
    t_stats = time.perf_counter() - t1
    total = t_score + t_stats
    cpu = time.process_time() - c0
    print(
        f"scored {N:,} answers with {len(values)} lexical scorers in {t_score:.2f} s; Wilson + "
        f"{len(intervals)} bootstrap intervals (2,000 resamples) in {t_stats:.2f} s"
    )
    print(
        f"total {total:.2f} s wall, {cpu:.2f} s CPU (target < 2 s: {'OK' if total < 2 else 'SLOWER THAN TARGET'}; "
        f"wall time grows on a busy machine); pass rate {rate.estimate:.3f} [{rate.low:.3f}, {rate.high:.3f}]"
    )

    from rouge_score import rouge_scorer

    ref = rouge_scorer.RougeScorer(["rougeL"])
    t2, c2 = time.perf_counter(), time.process_time()
    theirs = [ref.score(reference, response)["rougeL"].fmeasure for response, _, reference in pairs]
    t_theirs, c_theirs = time.perf_counter() - t2, time.process_time() - c2
    t3, c3 = time.perf_counter(), time.process_time()
    ours = [scorers.rouge_l(response, reference).value for response, _, reference in pairs]
    t_ours, c_ours = time.perf_counter() - t3, time.process_time() - c3
    same = sum(a == b for a, b in zip(ours, theirs))
    diff = max(abs(a - b) for a, b in zip(ours, theirs))
    ratio = t_theirs / t_ours
    print(
        f"ROUGE-L on {N:,} pairs: ours {t_ours:.3f} s, rouge-score {t_theirs:.3f} s -> {ratio:.1f}x faster "
        f"(CPU time: {c_ours:.3f} s vs {c_theirs:.3f} s -> {c_theirs / c_ours:.1f}x; "
        f"target >= 3x: {'OK' if ratio >= 3 else 'BELOW TARGET'})"
    )
    print(f"agreement: {same:,}/{N:,} identical values, largest difference {diff:.2e}")


if __name__ == "__main__":
    main()
