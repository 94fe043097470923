"""The agent evaluation report: one self-contained HTML page, with the same content as JSON and Markdown.

:func:`write_agent_report` writes ``<stem>.html`` (inline styles, no external assets), ``<stem>.json``
and ``<stem>.md`` for one or more agent runs: pass@k and pass^k with their intervals, policy breaches,
tool use, the release gate when given, and the step-by-step trajectories of a few failed trials, so a
reader sees how an agent failed, not only how often.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..evals.report import _CSS, ReportFiles, _clean
from .scoring import AgentRun, policy_table, reliability, tool_table, trajectory_html
from .tasks import Task

__all__ = ["write_agent_report", "agent_report_data"]


def agent_report_data(
    runs: Sequence[AgentRun], tasks: Sequence[Task], *, gate=None, note: str = "", title: str = "Agent evaluation"
) -> dict:
    """Everything the report shows, as JSON-ready data.

    Parameters
    ----------
    runs : sequence of AgentRun
        The runs to report, in the order shown.
    tasks : sequence of Task
        The tasks run (for the policy table).
    gate : aipm_kit.gates.Gate, optional
        A release gate (such as :func:`~aipm_kit.agents.scoring.agent_release_gate`'s) to show first.
    note : str, default ""
        A sentence shown under the title.
    title : str, default "Agent evaluation"
        The report's title.

    Returns
    -------
    dict
        ``title``, ``note``, ``gate`` (when given) and ``runs``: per run its ``agent``, ``tasks``,
        ``trials_per_task``, the ``reliability``, ``policies`` and ``tools`` tables as lists of records,
        ``cost_usd`` and ``failed_trials``.

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v1"), tasks[:3], world, trials=2)
    >>> data = agent_report_data([run], tasks[:3])
    >>> entry = data["runs"][0]
    >>> entry["agent"], entry["tasks"], entry["failed_trials"], round(entry["cost_usd"], 3)
    ('scripted-v1', 3, 1, 0.12)
    >>> [row["k"] for row in entry["reliability"]]
    [1, 2]
    """
    out = {"title": title, "note": note, "runs": []}
    if gate is not None:
        out["gate"] = gate.to_dict()
    for run in runs:
        out["runs"].append(
            {
                "agent": run.agent,
                "tasks": len(run.successes()),
                "trials_per_task": run.n_trials,
                "reliability": reliability(run).reset_index().to_dict(orient="records"),
                "policies": policy_table(run, tasks).reset_index().to_dict(orient="records"),
                "tools": tool_table(run).reset_index().to_dict(orient="records"),
                "cost_usd": sum(t.cost for t in run.trials),
                "failed_trials": sum(not t.success for t in run.trials),
            }
        )
    return _clean(out)


def _table(rows: list[dict], digits: int = 3) -> str:
    from ..templating import render

    cells = [[f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row.values()] for row in rows]
    return render("agents/table.html.j2", head=[str(k) for k in rows[0]] if rows else [], rows=cells)


def _markdown_table(rows: list[dict], digits: int = 3) -> str:
    if not rows:
        return "(none)\n"
    cells = lambda v: f"{v:.{digits}f}" if isinstance(v, float) else str(v).replace("|", "/")  # noqa: E731
    lines = ["| " + " | ".join(map(str, rows[0])) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cells(v) for v in row.values()) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_agent_report(
    stem: str | Path,
    runs: Sequence[AgentRun],
    tasks: Sequence[Task],
    *,
    gate=None,
    note: str = "",
    title: str = "Agent evaluation",
    trajectories: int = 3,
) -> ReportFiles:
    """Write ``<stem>.html``, ``<stem>.json`` and ``<stem>.md``; each file is written whole, then renamed.

    Parameters
    ----------
    stem : str or Path
        The files' path without suffix (its folder is made).
    runs : sequence of AgentRun
        The runs to report, in the order shown (at least one).
    tasks : sequence of Task
        The tasks run (for the policy table).
    gate : aipm_kit.gates.Gate, optional
        A release gate (such as :func:`~aipm_kit.agents.scoring.agent_release_gate`'s) to show first.
    note : str, default ""
        A sentence shown under the title.
    title : str, default "Agent evaluation"
        The report's title.
    trajectories : int, default 3
        Failed trials shown step by step, per run.

    Returns
    -------
    aipm_kit.evals.report.ReportFiles
        The paths of the three files (``html``, ``json``, ``markdown``).

    Raises
    ------
    ValueError
        When ``runs`` is empty.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v1"), tasks[:3], world, trials=2)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     files = write_agent_report(Path(folder) / "agents", [run], tasks[:3], trajectories=1)
    ...     page = files.html.read_text()
    ...     first = files.markdown.read_text().splitlines()[0]
    >>> files.html.name, first, page.count("Failed trials, step by step")
    ('agents.html', '# Agent evaluation', 1)
    """
    from markupsafe import Markup

    from ..templating import render

    if not runs:
        raise ValueError("runs is empty: pass at least one AgentRun")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    data = agent_report_data(runs, tasks, gate=gate, note=note, title=title)
    md = [f"# {title}\n"]
    if note:
        md.append(f"{note}\n")
    if gate is not None:
        md.append(f"## Release gate: {gate.verdict}\n\n```\n{gate!r}\n```\n")
    shown = []
    for run, entry in zip(runs, data["runs"]):
        md.append(f"## {run.agent}: {entry['tasks']} tasks x {entry['trials_per_task']} trials\n")
        tables = []
        for name, key in (
            ("pass@k and pass^k (95% bootstrap over tasks)", "reliability"),
            ("Policy breaches (95% Wilson)", "policies"),
            ("Tool calls", "tools"),
        ):
            tables.append((name, Markup(_table(entry[key]))))
            md.append(f"### {name}\n\n{_markdown_table(entry[key])}")
        failed = [t for t in run.trials if not t.success][:trajectories]
        shown.append(
            {
                "agent": run.agent,
                "tasks": entry["tasks"],
                "trials_per_task": entry["trials_per_task"],
                "tables": tables,
                "trajectories": [Markup(trajectory_html(t)) for t in failed],
            }
        )
    page = render(
        "agents/report.html.j2",
        title=title,
        note=note,
        css=Markup(_CSS),
        gate_html=None if gate is None else Markup(gate._repr_html_()),
        runs=shown,
    )
    files = ReportFiles(stem.with_suffix(".html"), stem.with_suffix(".json"), stem.with_suffix(".md"))
    for path, text in ((files.html, page), (files.json, json.dumps(data, indent=1)), (files.markdown, "\n".join(md))):
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return files
