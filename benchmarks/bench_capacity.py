"""Capacity: how many learners fit a node, from one learner's measured peak memory and CPU.

1. One learner's Jupyter server, idle: its resident memory after start-up.
2. The whole course at its defaults, run as a learner runs it (``aipm run``: every notebook in turn, each in
   its own kernel): the peak resident memory of the process tree, sampled every 0.2 s, and the
   CPU seconds it used against its wall time.
3. Learners per node: memory is the hard limit (a learner over it is killed), so a learner needs
   the server plus the course's peak, with a 25% margin; CPU is shared, and in a workshop about one
   learner in ``--active-share`` (default 1 in 3) runs a cell at any moment.

deploy/jupyterhub/config.yaml sets its memory guarantee and limit from the figure printed here.

Run: ``python benchmarks/run.py capacity`` or ``python benchmarks/bench_capacity.py --node-memory 16 --node-cpus 4``.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _tree_cpu(proc, seen: dict) -> None:
    import psutil

    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            seen[p.pid] = t.user + t.system
        except psutil.Error:
            pass


def _watch(cmd: list[str], *, env: dict, cwd: Path, seconds: float | None = None) -> tuple[int, float, float, int]:
    """Run ``cmd``; its peak tree RSS (bytes), CPU seconds, wall seconds and exit code (bounded by ``seconds``)."""
    import psutil

    start = time.perf_counter()
    popen = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc, peak, cpu = psutil.Process(popen.pid), 0, {}
    while popen.poll() is None:
        peak = max(peak, _tree_rss(proc))
        _tree_cpu(proc, cpu)
        if seconds is not None and time.perf_counter() - start > seconds:
            popen.terminate()
            popen.wait(timeout=30)
            break
        time.sleep(0.2)
    return peak, sum(cpu.values()), time.perf_counter() - start, popen.returncode


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-memory", type=float, default=16.0, help="GiB of memory per node (default 16)")
    parser.add_argument("--node-cpus", type=float, default=4.0, help="CPU cores per node (default 4)")
    parser.add_argument(
        "--active-share", type=float, default=1 / 3, help="share of learners running a cell at once (default 1/3)"
    )
    args = parser.parse_args(argv if argv is not None else [])
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        server = [
            str(bin_dir / "jupyter"),
            "server",
            "--no-browser",
            f"--port={_free_port()}",
            "--ip=127.0.0.1",
            f"--ServerApp.root_dir={tmp}",
            "--ServerApp.token=bench",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            server.append("--ServerApp.allow_root=True")
        server_rss, _, _, _ = _watch(server, env=env, cwd=Path(tmp), seconds=8)
        course, cpu, wall, code = _watch(
            [str(bin_dir / "aipm"), "run", "--no-writeups", "--out", str(Path(tmp) / "out")], env=env, cwd=REPO
        )
    if code != 0:
        raise RuntimeError(f"aipm run exited {code}; fix the course first")
    mib = 2**20
    need = 1.25 * (server_rss + course)
    by_memory = math.floor(args.node_memory * 2**30 / need)
    cores_busy = cpu / wall
    by_cpu = math.floor(args.node_cpus / (cores_busy * args.active_share))
    print(f"one learner's Jupyter server, idle: {server_rss / mib:,.0f} MiB")
    print(
        f"the whole course at its defaults, peak of the process tree: {course / mib:,.0f} MiB; CPU {cpu:.0f} s in "
        f"{wall:.0f} s of wall time ({cores_busy:.2f} cores while running)"
    )
    print(f"per learner, with a 25% margin: {need / mib:,.0f} MiB (memory guarantee and limit)")
    print(
        f"a node of {args.node_memory:g} GiB and {args.node_cpus:g} cores fits {min(by_memory, by_cpu)} learners "
        f"({by_memory} by memory, {by_cpu} by CPU at {args.active_share:.0%} of learners active at once)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
