"""Run every benchmark in this folder (``bench_*.py``), each printing its ratios.

Each benchmark module has a ``main()`` that measures our implementation side
by side with the tool a user would otherwise pick, in one run, and prints the
time ratio and the agreement. Nothing here is asserted in the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        spec = importlib.util.spec_from_file_location(script.stem, script)
        module = importlib.util.module_from_spec(spec)
        t0 = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            module.main()
        except Exception as exc:  # report and go on with the others
            failed.append(script.stem)
            print(f"{script.stem} failed: {type(exc).__name__}: {exc}")
        print(f"({script.stem} took {time.perf_counter() - t0:.1f} s)")
    if failed:
        print(f"\nfailed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
