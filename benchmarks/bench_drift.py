"""Our drift report against Evidently's data-drift report on the NYC flights table.

Reference: the first quarter of 2013 (January-March, local dates); current: the
third quarter (July-September). Five numeric columns and three categorical
ones. Each statistic is asked for under Evidently's conventions
(``convention="evidently"`` in the kit: Sturges bins for PSI and
Jensen-Shannon, natural-log Jensen-Shannon, Wasserstein over the reference
standard deviation, goodness-of-fit chi-square), so the values should agree.

Evidently 0.7 does not import under pandas 3, so it runs in its own virtual
environment, ``benchmarks/.venv-evidently`` (created on first use with
``python3 -m venv`` and ``pip install evidently==0.7.23 "pandas<3" pyarrow``),
in a subprocess that reads the same rows from a temporary Parquet file and
times only the report itself (not its import or the file read). Our side is
timed the same way, on the same rows.

Run: ``python benchmarks/bench_drift.py`` (or ``make bench``).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-evidently"
EVIDENTLY_PIN = "evidently==0.7.23"
PANDAS_PIN = "pandas<3"

NUMERIC = ["dep_delay", "arr_delay", "air_time", "distance", "sched_dep_hour"]
CATEGORICAL = ["carrier", "origin", "dest"]

#: (our statistic, Evidently's numeric method, Evidently's categorical method)
METHODS = [
    ("wasserstein", "wasserstein", None),
    ("jensen_shannon", "jensenshannon", "jensenshannon"),
    ("psi", "psi", "psi"),
    ("ks", "ks", None),
    ("chi_square", None, "chisquare"),
]

RUNNER = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from evidently import DataDefinition, Dataset, Report
from evidently.metrics import ValueDrift

path, spec = sys.argv[1], json.loads(sys.argv[2])
ref = pd.read_parquet(path + ".ref.parquet")
cur = pd.read_parquet(path + ".cur.parquet")
definition = DataDefinition(numerical_columns=spec["numeric"], categorical_columns=spec["categorical"])
t0 = time.perf_counter()
ref_ds = Dataset.from_pandas(ref, data_definition=definition)
cur_ds = Dataset.from_pandas(cur, data_definition=definition)
metrics, keys = [], []
for ours, num, cat in spec["methods"]:
    for column in spec["numeric"] if num else []:
        metrics.append(ValueDrift(column=column, method=num)); keys.append((column, ours))
    for column in spec["categorical"] if cat else []:
        metrics.append(ValueDrift(column=column, method=cat)); keys.append((column, ours))
snapshot = Report(metrics).run(current_data=cur_ds, reference_data=ref_ds)
seconds = time.perf_counter() - t0
values = [m["value"] for m in snapshot.dict()["metrics"]]
print(json.dumps({"seconds": seconds, "values": [[c, s, float(v)] for (c, s), v in zip(keys, values)],
                  "version": __import__("evidently").__version__}))
"""


def ensure_evidently() -> Path:
    """The Evidently environment's python, creating the environment when missing."""
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if python.exists():
        return python
    print(f"creating {VENV} with {EVIDENTLY_PIN} and {PANDAS_PIN} (one-off)...", flush=True)
    subprocess.run([sys.executable if os.name == "nt" else "python3", "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", EVIDENTLY_PIN, PANDAS_PIN, "pyarrow"], check=True)
    return python


def load_quarters():
    from aipm_kit import data

    flights = data.load_flights()
    cols = NUMERIC + CATEGORICAL
    ref = flights.loc[flights.month.between(1, 3), cols].reset_index(drop=True)
    cur = flights.loc[flights.month.between(7, 9), cols].reset_index(drop=True)
    for frame in (ref, cur):  # plain dtypes both pandas versions read the same way
        frame.attrs = {}
        for c in NUMERIC:
            frame[c] = frame[c].astype("float64")
        for c in CATEGORICAL:
            frame[c] = frame[c].astype(str).astype(object)
    return ref, cur


def run_ours(ref, cur) -> tuple[float, dict]:
    """One report with every statistic: each column is counted once, then all statistics."""
    from scipy import special, stats  # noqa: F401  (imported before timing, as Evidently's are)

    from aipm_kit import drift

    t0 = time.perf_counter()
    report = drift.drift_report(
        ref,
        cur,
        columns=NUMERIC + CATEGORICAL,
        stats=[ours for ours, _, _ in METHODS],
        convention="evidently",
        warn=False,
    )
    seconds = time.perf_counter() - t0
    values = {
        (r.column, r.method): r.pvalue if r.method in ("ks", "chi_square") else r.statistic for r in report.results
    }
    return seconds, values


def run_evidently(ref, cur) -> dict:
    python = ensure_evidently()
    with tempfile.TemporaryDirectory() as tmp:
        base = str(Path(tmp) / "flights")
        ref.to_parquet(base + ".ref.parquet")
        cur.to_parquet(base + ".cur.parquet")
        spec = {"numeric": NUMERIC, "categorical": CATEGORICAL, "methods": METHODS}
        t0 = time.perf_counter()
        out = subprocess.run(
            [str(python), "-c", RUNNER, base, json.dumps(spec)], capture_output=True, text=True, timeout=900
        )
        wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(f"Evidently run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> None:
    ref, cur = load_quarters()
    print(
        f"flights: Q1 reference {len(ref):,} rows, Q3 current {len(cur):,} rows; "
        f"{len(NUMERIC)} numeric + {len(CATEGORICAL)} categorical columns"
    )
    theirs = run_evidently(ref, cur)
    ours_seconds, ours = run_ours(ref, cur)
    print(f"Evidently {theirs['version']} (own venv, pandas<3), in a subprocess")
    print(f"{'column':<15}{'statistic':<16}{'ours':>14}{'Evidently':>14}{'rel. diff':>11}")
    worst = {}
    for column, stat, value in theirs["values"]:
        mine = ours[(column, stat)]
        if value == 0 and mine == 0:
            rel = 0.0
        else:
            rel = abs(mine - value) / max(abs(value), 1e-300)
        worst[stat] = max(worst.get(stat, 0.0), rel)
        print(f"{column:<15}{stat:<16}{mine:>14.6g}{value:>14.6g}{rel:>11.2e}")
    print("largest relative difference per statistic: " + ", ".join(f"{s} {v:.1e}" for s, v in worst.items()))
    n = len(theirs["values"])
    ratio = theirs["seconds"] / ours_seconds
    print(
        f"time for the same {n} column x statistic values: ours {ours_seconds * 1000:.0f} ms, "
        f"Evidently {theirs['seconds'] * 1000:.0f} ms (report only; {theirs['wall']:.1f} s with "
        f"its import) -> ours is {ratio:.1f}x faster"
    )
    if not math.isfinite(ratio):
        raise RuntimeError("timing failed")


if __name__ == "__main__":
    main()
