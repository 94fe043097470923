"""The evaluation report: one self-contained HTML file, plus the same content as JSON and Markdown.

:func:`write_report` takes the runs, the comparison, the release decision and
the failure clusters and writes ``<stem>.html`` (inline styles, figures
embedded as PNG data, no external assets: mail it or attach it to a ticket),
``<stem>.json`` (for machines and CI) and ``<stem>.md`` (for a pull request).
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..palette import BAD, CAUTION, GOOD, GRID, HEADER_FILL, NEUTRAL, RULE

__all__ = ["ReportFiles", "write_report", "report_data"]

_CSS = f"""body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:960px;margin:2em auto;
color:#222;line-height:1.45}}h1{{font-size:1.6em}}h2{{border-bottom:1px solid {RULE};padding-bottom:.2em;margin-top:1.6em}}
table{{border-collapse:collapse;margin:.6em 0;font-size:.9em}}td,th{{border:1px solid {GRID};padding:.3em .6em;
text-align:left;vertical-align:top}}th{{background:{HEADER_FILL}}}.go{{color:{GOOD};font-weight:bold}}
.nogo{{color:{BAD};font-weight:bold}}.notyet{{color:{CAUTION};font-weight:bold}}.sentence{{font-size:1.2em;background:#f7f7f7;padding:.6em 1em;
border-left:4px solid {NEUTRAL}}}img{{max-width:100%}}"""


@dataclass(frozen=True)
class ReportFiles:
    """The three files :func:`write_report` wrote: the same report as HTML, JSON and Markdown.

    Parameters
    ----------
    html : pathlib.Path
        The HTML page (figures embedded).
    json : pathlib.Path
        The data of :func:`report_data`, as JSON.
    markdown : pathlib.Path
        The Markdown text (tables, no figures).

    Examples
    --------
    >>> from pathlib import Path
    >>> ReportFiles(Path("out/report.html"), Path("out/report.json"), Path("out/report.md"))
    ReportFiles(html=report.html, json=report.json, markdown=report.md)
    """

    html: Path
    json: Path
    markdown: Path

    def __repr__(self) -> str:
        return f"ReportFiles(html={self.html.name}, json={self.json.name}, markdown={self.markdown.name})"


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def report_data(
    runs: Sequence,
    *,
    comparison=None,
    decision=None,
    clusters=None,
    title: str = "Evaluation report",
    gate=None,
    note: str = "",
) -> dict:
    """Everything the report shows, as plain JSON-ready data.

    ``gate`` (an :class:`aipm_kit.gates.Gate`) is the release gate the reader
    decided with, when it holds more lines than ``decision`` (a judge's
    validation, a baseline, costs): the report's verdict is then the gate's.
    ``note`` says where the data came from (e.g. "simulated").

    Parameters
    ----------
    runs : sequence of EvalRun
        The runs to report: per run its counts, cost, scorers, pass rate with its Wilson
        interval (when any case was scored) and latency quantiles (when recorded).
    comparison : Comparison, optional
        A paired comparison to include.
    decision : ReleaseDecision, optional
        A release decision to include.
    clusters : object, optional
        Failure clusters (anything with ``to_frame()``), one record per cluster.
    title : str, default "Evaluation report"
        The report's title.
    gate : aipm_kit.gates.Gate, optional
        The release gate actually taken.
    note : str, default ""
        Where the data came from; left out when empty.

    Returns
    -------
    dict
        ``title``, ``runs`` and, when given, ``note``, ``gate``, ``comparison``,
        ``decision`` and ``clusters``; only JSON types (NaN and infinities become None).

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(10)])
    >>> run = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 5 else "no", name="bot"),
    ...                       [scorers.includes])
    >>> data = report_data([run], note="simulated")
    >>> data["title"], data["note"], data["runs"][0]["passed"], data["runs"][0]["pass_rate"]["estimate"]
    ('Evaluation report', 'simulated', 8, 0.8)
    """
    out = {"title": title, "runs": []}
    if note:
        out["note"] = note
    if gate is not None:
        out["gate"] = gate.to_dict()
    for run in runs:
        entry = {
            "model": run.model,
            "cases": run.n,
            "scored": run.n_ok,
            "errors": run.n_error,
            "passed": run.n_passed,
            "cost_usd": run.cost_usd,
            "scorers": list(run.scorers),
            "gate_on": list(run.gate_on),
        }
        if run.n_ok:
            entry["pass_rate"] = run.pass_rate().to_dict()
        try:
            q = run.latency_quantiles((0.5, 0.95))
            entry["latency_p50_s"], entry["latency_p95_s"] = q[0.5], q[0.95]
        except ValueError:
            pass
        out["runs"].append(entry)
    if comparison is not None:
        out["comparison"] = comparison.to_dict()
    if decision is not None:
        out["decision"] = decision.to_dict()
    if clusters is not None:
        out["clusters"] = clusters.to_frame().to_dict(orient="records")
    return _clean(out)


def _fig_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _runs_frame(data: dict):
    import pandas as pd

    rows = []
    for r in data["runs"]:
        pr = r.get("pass_rate") or {}
        rows.append(
            {
                "model": r["model"],
                "cases": r["cases"],
                "errors": r["errors"],
                "pass rate": f"{pr.get('estimate', float('nan')):.1%}" if pr else "n/a",
                "95% CI": f"[{pr['low']:.1%}, {pr['high']:.1%}]" if pr else "n/a",
                "p50 latency (s)": f"{r['latency_p50_s']:.2f}" if "latency_p50_s" in r else "n/a",
                "cost (USD)": f"{r['cost_usd']:.4f}",
            }
        )
    return pd.DataFrame(rows)


def write_report(
    path: str | Path,
    runs: Sequence,
    *,
    comparison=None,
    decision=None,
    clusters=None,
    figures: dict | None = None,
    title: str = "Evaluation report",
    max_flipped: int = 15,
    gate=None,
    note: str = "",
) -> ReportFiles:
    """Write ``<path>.html``, ``<path>.json`` and ``<path>.md`` (``path`` without a suffix).

    The report holds the verdict (of ``gate``, else of ``decision``) with its lines, one row
    per run, the comparison with its flipped cases, the per-tag table of the decision, the
    failure clusters and the figures, each when given.

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write, without a suffix (a ``.html``, ``.json`` or ``.md`` suffix is dropped);
        the folder is made if missing.
    runs : sequence of EvalRun
        The runs to report, at least one (an empty sequence raises ``ValueError``).
    comparison : Comparison, optional
        A paired comparison: its sentence, counts, McNemar p-value and flipped cases.
    decision : ReleaseDecision, optional
        The release decision: its verdict, lines and per-tag table.
    clusters : object, optional
        Failure clusters (with ``model`` and ``to_frame()``).
    figures : dict, optional
        Maps a caption to a matplotlib figure, embedded in the HTML as PNG data.
    title : str, default "Evaluation report"
        The report's title.
    max_flipped : int, default 15
        Most flipped cases listed.
    gate : aipm_kit.gates.Gate, optional
        The release gate actually taken, shown (verdict and every line) in place of
        ``decision``'s own lines, so the report says what the notebook or pipeline decided;
        anything else raises ``TypeError``.
    note : str, default ""
        One line under the title on where the data came from (say "simulated" when it is).

    Returns
    -------
    ReportFiles
        The paths of the three files.

    Examples
    --------
    >>> import os, tempfile
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(10)])
    >>> run = runner.run_eval(cs, adapters.from_function(lambda q: "yes", name="bot"), [scorers.includes])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     files = write_report(os.path.join(folder, "report"), [run], title="Support bot")
    ...     print(files)
    ...     print(files.markdown.read_text().splitlines()[:3])
    ReportFiles(html=report.html, json=report.json, markdown=report.md)
    ['# Support bot', '', '## Runs']
    """
    from markupsafe import Markup

    from .. import gates as _gates
    from ..templating import render

    if gate is not None and not isinstance(gate, _gates.Gate):
        raise TypeError(f"gate must be an aipm_kit.gates.Gate, got {type(gate).__name__}")
    if not runs:
        raise ValueError("runs is empty: the report needs at least one run")
    stem = Path(path)
    if stem.suffix in (".html", ".json", ".md"):
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    data = report_data(
        runs, comparison=comparison, decision=decision, clusters=clusters, title=title, gate=gate, note=note
    )
    json_path = stem.with_suffix(".json")
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")

    runs_frame = _runs_frame(data)
    verdict_table = flipped_table = slices_table = clusters_table = None
    md = [f"# {title}", ""]
    if note:
        md += [f"*{note}*", ""]
    if gate is not None:
        cls = {"GO": "go", "NO-GO": "nogo"}.get(gate.verdict, "notyet")
        lead = f": {decision.sentence}" if decision is not None else ""
        verdict_table = Markup(gate.to_frame().to_html(index=False, escape=True))
        md += [f"**{gate.verdict}** ({gate.title}){lead}", "", _md_table(gate.to_frame()), ""]
    elif decision is not None:
        cls = {"GO": "go", "NO-GO": "nogo"}.get(decision.verdict, "notyet")
        verdict_table = Markup(decision.to_frame().to_html(index=False, escape=True))
        md += [
            f"**{decision.verdict}** for {decision.candidate}: {decision.sentence}",
            "",
            _md_table(decision.to_frame()),
            "",
        ]
    else:
        cls = ""
    md += ["## Runs", "", _md_table(runs_frame), ""]
    if comparison is not None:
        flipped = comparison.flipped.head(max_flipped)[
            ["case_id", "change", "tags", "baseline_response", "candidate_response"]
        ]
        flipped_table = Markup(flipped.to_html(index=False))
        md += [
            f"## {comparison.candidate} vs {comparison.baseline}",
            "",
            comparison.sentence,
            "",
            f"{comparison.wins} wins, {comparison.ties} ties, {comparison.losses} losses; exact McNemar "
            f"p = {comparison.pvalue:.3g}.",
            "",
            "### Flipped cases (losses first)",
            "",
            _md_table(flipped[["case_id", "change", "tags"]]),
            "",
        ]
    if decision is not None and decision.slices is not None and len(decision.slices.frame):
        sl = decision.slices.frame
        slices_table = Markup(sl.to_html(index=False, float_format=lambda v: f"{v:.3g}"))
        md += ["## By tag", "", _md_table(sl.round(3)), ""]
    if clusters is not None:
        cf = clusters.to_frame()
        clusters_table = Markup(cf.to_html(index=False, float_format=lambda v: f"{v:.0%}"))
        md += [f"## Failure clusters ({clusters.model})", "", _md_table(cf.drop(columns=["example answer"])), ""]
    page = render(
        "evals/report.html.j2",
        title=title,
        css=Markup(_CSS),
        note=note,
        gate=gate,
        decision=decision,
        cls=cls,
        verdict_table=verdict_table,
        runs_table=Markup(runs_frame.to_html(index=False)),
        comparison=comparison,
        pvalue=f"{comparison.pvalue:.3g}" if comparison is not None else "",
        flipped_table=flipped_table,
        slices_table=slices_table,
        clusters_table=clusters_table,
        clusters_model=clusters.model if clusters is not None else "",
        figures=[(caption, Markup(_fig_png(fig))) for caption, fig in (figures or {}).items()],
    )
    html_path = stem.with_suffix(".html")
    html_path.write_text(page, encoding="utf-8")
    md_path = stem.with_suffix(".md")
    md_path.write_text("\n".join(md), encoding="utf-8")
    return ReportFiles(html_path, json_path, md_path)


def _has_tabulate() -> bool:
    import importlib.util

    return importlib.util.find_spec("tabulate") is not None


def _md_table(frame) -> str:
    """A GitHub Markdown table without needing ``tabulate``."""
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in frame.itertuples(index=False):
        cells = [str(v).replace("|", "\\|").replace("\n", " ") for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
