"""What the class decided: ``aipm class report`` and ``aipm class link``.

``aipm class report DIR`` reads the learners' workspaces under ``DIR`` (one folder per learner, as
a JupyterHub or a shared drive holds them; the notebooks anywhere inside, student copies the
learners ran) and writes one self-contained HTML page:

* progress per notebook (complete, in progress, not started, missing, unreadable);
* per exercise: who attempted it, who got it right, the most-missed exercises and the most common
  wrong answers (the answer line as the learner typed it);
* the gate verdicts the learners' runs recorded, and the calls they made in the parameters cell
  (every parameter set away from the course's default, such as ``TAIL_SLOTS = 3``, with the words
  of ``MY_DECISION`` and the other ``MY_`` parameters).

It only reads: no learner's file is changed, and a half-finished or unreadable notebook is counted
as such, never a crash. Learners are anonymous (``learner 1``, ``learner 2``, ...) unless
``--names`` is given. The page is written whole and then renamed into place; an existing file that
is not a class report is never replaced unless ``--force`` is given.

``aipm class link --hub URL --repo GIT_URL`` prints the nbgitpuller link that clones (or updates)
the course on the hub and opens the learner workspace in JupyterLab.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .palette import GRID, HEADER_FILL

__all__ = [
    "ExerciseRecord",
    "NotebookRecord",
    "read_workspace",
    "class_summary",
    "write_class_report",
    "hub_link",
    "register_cli",
]

#: The first line of every page this command writes: how it knows a file it may replace.
MARKER = "<!-- aipm class report -->"
_RESULT = re.compile(r"^\[(?P<name>.+?)\] (?P<status>Correct|Not yet|Not attempted): ?(?P<message>.*)", re.S)
_HEADING = re.compile(r"^###\s+Exercise\s+(?P<name>.+?)\s*$", re.M)
_NUMBER = re.compile(r"^(\d\d)_.*\.ipynb$")


@dataclass(frozen=True)
class ExerciseRecord:
    """One exercise in one learner's notebook: ``status`` is correct, wrong, blank or not run."""

    name: str
    status: str
    answer: str = ""


@dataclass(frozen=True)
class NotebookRecord:
    """One learner's copy of one notebook, as read from disk."""

    number: str
    path: str
    status: str  # complete | in progress | not started | unreadable
    exercises: tuple[ExerciseRecord, ...] = ()
    verdicts: dict = field(default_factory=dict)  # gate title -> verdict
    params: dict = field(default_factory=dict)  # parameter -> value (literals only)
    problem: str = ""


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _literals(source: str) -> dict:
    """``NAME = literal`` assignments of a parameters cell (anything else is skipped, never run)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                continue
    return found


def _answer(source: str) -> str:
    """The answer as the learner typed it: the solution cell's lines before its ``.check(`` call."""
    lines = [
        ln
        for ln in source.splitlines()
        if ln.strip()
        and not ln.lstrip().startswith("#")
        and ".check(" not in ln
        and not ln.lstrip().startswith(("print(", "display("))
    ]
    text = " ".join(" ".join(lines).split())
    return text[:160]


def _text(out) -> str:
    data = out.get("data", {}) if out.get("output_type") in ("execute_result", "display_data") else {}
    plain = data.get("text/plain", "")
    if out.get("output_type") == "stream":
        plain = out.get("text", "")
    return "".join(plain) if isinstance(plain, list) else str(plain)


def read_notebook_record(path: Path, number: str) -> NotebookRecord:
    """A learner's notebook as a record; an unreadable file is a record that says why."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # noqa: BLE001 - a broken file is counted, not a crash
        return NotebookRecord(
            number, str(path), "unreadable", problem=f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
        )
    from .story import FACT_MIME

    exercises, verdicts, params, ran = [], {}, {}, False
    heading = None
    for cell in nb.cells:
        source = cell.get("source", "")
        if cell.get("cell_type") == "markdown":
            found = _HEADING.findall(source)
            heading = found[-1] if found else heading
            continue
        if cell.get("cell_type") != "code":
            continue
        tags = _tags(cell)
        outputs = cell.get("outputs", []) or []
        ran = ran or bool(outputs) or cell.get("execution_count") is not None
        if "parameters" in tags or "injected-parameters" in tags:
            params.update(_literals(source))
        for out in outputs:
            payload = (out.get("data") or {}).get(FACT_MIME)
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except json.JSONDecodeError:
                    payload = None
            for item in payload if isinstance(payload, list) else [payload] if payload else []:
                value = item.get("value") if isinstance(item, dict) else None
                if isinstance(value, dict) and "verdict" in value:
                    verdicts[str(value.get("title") or item.get("key"))] = str(value["verdict"])
        if "solution" in tags and ".check(" in source:
            result = next((m for m in (_RESULT.match(_text(o).strip()) for o in outputs) if m), None)
            name = result.group("name") if result else (heading or "?")
            if result is None:
                status = "not run"
            else:
                status = {"Correct": "correct", "Not yet": "wrong", "Not attempted": "blank"}[result.group("status")]
            exercises.append(ExerciseRecord(name, status, "" if status == "blank" else _answer(source)))
    if not ran:
        status = "not started"
    elif exercises and all(e.status == "correct" for e in exercises):
        status = "complete"
    else:
        status = "in progress"
    return NotebookRecord(number, str(path), status, tuple(exercises), verdicts, params)


def read_workspace(folder: str | Path) -> dict[str, NotebookRecord]:
    """Every course notebook (``NN_*.ipynb``) inside one learner's folder, by number (checkpoints skipped)."""
    folder = Path(folder)
    records = {}
    for path in sorted(folder.rglob("[0-9][0-9]_*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or not _NUMBER.match(path.name):
            continue
        number = path.name[:2]
        if number not in records:  # the first copy found (sorted paths) counts
            records[number] = read_notebook_record(path, number)
    return records


def _defaults(course: Path | None) -> dict[str, dict]:
    """The course's own parameter values per notebook (from the authored notebooks)."""
    import nbformat

    out = {}
    for path in sorted((course or Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # noqa: BLE001
            continue
        out[path.name[:2]] = next((_literals(c.source) for c in nb.cells if "parameters" in _tags(c)), {})
    return out


def class_summary(root: str | Path, *, names: bool = False, course: str | Path | None = None) -> dict:
    """Everything the class report shows, as plain data (see the module's docstring)."""
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"DIR {root} is not a folder (expected one folder per learner inside it)")
    learners = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not learners:
        raise ValueError(f"DIR {root} holds no learner folders (expected one folder per learner inside it)")
    defaults = _defaults(Path(course) if course else None)
    shown = {p.name: (p.name if names else f"learner {i}") for i, p in enumerate(learners, start=1)}
    numbers = sorted(defaults)
    progress = {n: Counter() for n in numbers}
    exercises: dict[tuple[str, str], Counter] = {}
    wrong: dict[tuple[str, str], Counter] = {}
    verdicts: dict[tuple[str, str], Counter] = {}
    calls: dict[tuple[str, str], Counter] = {}
    words: list[dict] = []
    unreadable = []
    for learner in learners:
        records = read_workspace(learner)
        for n in sorted(set(numbers) | set(records)):
            rec = records.get(n)
            progress.setdefault(n, Counter())[rec.status if rec else "missing"] += 1
            if rec is None:
                continue
            if rec.status == "unreadable":
                unreadable.append({"learner": shown[learner.name], "notebook": n, "problem": rec.problem})
                continue
            for e in rec.exercises:
                exercises.setdefault((n, e.name), Counter())[e.status] += 1
                if e.status == "wrong" and e.answer:
                    wrong.setdefault((n, e.name), Counter())[e.answer] += 1
            for gate, verdict in rec.verdicts.items():
                verdicts.setdefault((n, gate), Counter())[verdict] += 1
            for name, value in rec.params.items():
                if name.startswith("MY_"):
                    if isinstance(value, str) and value.strip():
                        words.append(
                            {"learner": shown[learner.name], "notebook": n, "parameter": name, "words": value.strip()}
                        )
                elif name in defaults.get(n, {}) and value != defaults[n][name] and name not in ("SEED", "FAST"):
                    calls.setdefault((n, name), Counter())[repr(value)] += 1
    table = []
    for (n, name), c in sorted(exercises.items()):
        attempted = c["correct"] + c["wrong"]
        table.append(
            {
                "notebook": n,
                "exercise": name,
                "learners": sum(c.values()),
                "attempted": attempted,
                "correct": c["correct"],
                "wrong": c["wrong"],
                "blank or not run": c["blank"] + c["not run"],
                "missed share": (c["wrong"] / attempted) if attempted else None,
                "common wrong answers": wrong.get((n, name), Counter()).most_common(3),
            }
        )
    missed = sorted((r for r in table if r["attempted"]), key=lambda r: (-r["missed share"], -r["attempted"]))
    return {
        "learners": len(learners),
        "names_shown": names,
        "progress": {n: dict(c) for n, c in sorted(progress.items())},
        "exercises": table,
        "most_missed": [r for r in missed if r["wrong"]][:5],
        "verdicts": [{"notebook": n, "gate": g, "verdicts": dict(c)} for (n, g), c in sorted(verdicts.items())],
        "calls": [
            {"notebook": n, "parameter": p, "values": dict(c.most_common())} for (n, p), c in sorted(calls.items())
        ],
        "words": words,
        "unreadable": unreadable,
    }


def _html(summary: dict, title: str) -> str:
    from .templating import render

    who = "learners named by folder" if summary["names_shown"] else "learners anonymous (--names shows them)"
    page = render(
        "class_report.html.j2",
        marker=MARKER,
        title=title,
        summary=summary,
        states=["complete", "in progress", "not started", "missing", "unreadable"],
        who=who,
        grid=GRID,
        header_fill=HEADER_FILL,
    )
    return page + "\n"


def write_class_report(
    root: str | Path,
    out: str | Path = "class.html",
    *,
    names: bool = False,
    force: bool = False,
    course: str | Path | None = None,
) -> tuple[Path, dict]:
    """Write the class report for the learner folders under ``root``; returns (path, summary)."""
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder; name the HTML file to write")
    if out.exists() and not force:
        try:
            first = out.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        except OSError:
            first = ""
        if first.strip() != MARKER:
            raise ValueError(f"--out {out} exists and is not a class report; choose another name or pass --force")
    root_resolved, out_resolved = Path(root).resolve(), out.resolve()
    if root_resolved in out_resolved.parents:
        raise ValueError(f"--out {out} is inside DIR {root}: the report never writes into the learners' folders")
    summary = class_summary(root, names=names, course=course)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(_html(summary, "Class report"), encoding="utf-8")
    os.replace(tmp, out)
    return out, summary


def hub_link(hub: str, repo: str, *, branch: str = "main", path: str = "workspace") -> str:
    """The nbgitpuller link that pulls ``repo`` on ``hub`` and opens ``path`` in JupyterLab.

    >>> hub_link("https://hub.example.org", "https://github.com/org/aipm-kit")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Faipm-kit&branch=main&urlpath=lab%2Ftree%2Faipm-kit%2Fworkspace'
    """
    for flag, value in (("--hub", hub), ("--repo", repo)):
        parts = urllib.parse.urlsplit(value or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{flag} must be an http(s) URL, got {value!r}")
    folder = urllib.parse.urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{path}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "class",
        help="workshops: a report of what the class decided; a hub link",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="class_command", metavar="ACTION")
    r = sub.add_parser("report", help="read the learners' workspaces under DIR and write one HTML page")
    r.add_argument("dir", metavar="DIR", help="one folder per learner inside it")
    r.add_argument("--out", default="class.html", help="the HTML file to write (default class.html)")
    r.add_argument("--names", action="store_true", help="show learners' folder names (default: anonymous)")
    r.add_argument("--force", action="store_true", help="replace --out even if it is not a class report")
    r.set_defaults(func=_report)
    k = sub.add_parser("link", help="print the nbgitpuller link that opens the learner workspace on a hub")
    k.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    k.add_argument("--repo", required=True, help="the course repository's git URL")
    k.add_argument("--branch", default="main")
    k.add_argument("--path", default="workspace", help="folder to open inside the repository (default workspace)")
    k.set_defaults(func=_link)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _report(args) -> int:
    out, summary = write_class_report(args.dir, args.out, names=args.names, force=args.force)
    done = sum(c.get("complete", 0) for c in summary["progress"].values())
    print(
        f"class report: {out} ({summary['learners']} learner(s); {done} notebook(s) complete; "
        f"{len(summary['unreadable'])} unreadable)"
    )
    return 0


def _link(args) -> int:
    print(hub_link(args.hub, args.repo, branch=args.branch, path=args.path))
    return 0
