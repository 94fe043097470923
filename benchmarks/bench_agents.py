"""Agent evaluation: 100 tasks x 8 trials of the scripted agent, scored on end state, with pass^k.

1. Run and score 800 episodes (the 80 shipped tasks and 20 of them again under new ids) of the
   scripted ``v1`` agent, then pass@k and pass^k for k = 1..8 with bootstrap intervals over tasks.
   Target: under 10 s on two cores.
2. Side by side: the same run with a fresh ``copy.deepcopy`` of the world for every episode, the
   way an episode is usually isolated, against the kit's copy-on-write environment: time ratio,
   and the trials must be identical.
3. pass^k and pass@k against ``scipy.special.comb`` on every task: the values must agree.

Run: ``python benchmarks/run.py agents`` (or this file directly).
"""

from __future__ import annotations

import copy
import dataclasses
import time


def _tasks():
    from aipm_kit.agents import load_store_tasks

    world, tasks = load_store_tasks()
    extra = [dataclasses.replace(t, id=f"{t.id}b") for t in tasks[:20]]
    return world, tasks + extra


def main() -> None:
    import numpy as np
    from scipy.special import comb

    from aipm_kit.agents import ScriptedAgent, reliability, run_agent, scoring

    world, tasks = _tasks()
    agent = ScriptedAgent("v1")
    t0 = time.perf_counter()
    run = run_agent(agent, tasks, world, trials=8)
    t_run = time.perf_counter() - t0
    t1 = time.perf_counter()
    table = reliability(run)
    t_stats = time.perf_counter() - t1
    total = t_run + t_stats
    print(
        f"{len(tasks)} tasks x 8 trials: run and score {t_run:.2f} s, pass@k/pass^k with intervals "
        f"{t_stats:.2f} s, total {total:.2f} s (target < 10 s: {'met' if total < 10 else 'MISSED'})"
    )
    print(
        f"pass^1 {table.loc[1, 'pass^k']:.3f}, pass^8 {table.loc[8, 'pass^k']:.3f} "
        f"(95% {table.loc[8, 'pass^k low']:.3f} to {table.loc[8, 'pass^k high']:.3f})"
    )

    def isolated(task, env, trial):  # the usual isolation: every episode on its own deep copy of the world
        env.customers, env.orders = copy.deepcopy(world["customers"]), copy.deepcopy(world["orders"])
        return agent(task, env, trial)

    isolated.name = agent.name
    t2 = time.perf_counter()
    slow = run_agent(isolated, tasks, world, trials=8)
    t_copy = time.perf_counter() - t2
    same = [(t.task_id, t.success, t.violations) for t in slow.trials] == [
        (t.task_id, t.success, t.violations) for t in run.trials
    ]
    print(
        f"deep copy per episode {t_copy:.2f} s vs copy on write {t_run:.2f} s: {t_copy / t_run:.1f}x; "
        f"identical trials: {same}"
    )

    counts = np.array(list(run.successes().values()))
    worst = 0.0
    for k in range(1, 9):
        ours_hat = np.array([scoring.pass_hat_k(8, int(c), k) for c in counts])
        ours_at = np.array([scoring.pass_at_k(8, int(c), k) for c in counts])
        worst = max(
            worst,
            np.abs(ours_hat - comb(counts, k) / comb(8, k)).max(),
            np.abs(ours_at - (1 - comb(8 - counts, k) / comb(8, k))).max(),
        )
    print(f"pass^k and pass@k against scipy.special.comb, k = 1..8: largest difference {worst:.1e}")


if __name__ == "__main__":
    main()
