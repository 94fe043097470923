"""What the class did, counted over every learner: the data the class report shows.

Progress per notebook, per exercise who attempted it and who got it right (with the most common wrong
answers), the gate verdicts, the parameters learners set away from the course's defaults, and the
words of their ``MY_`` parameters; learners are anonymous unless their names are asked for.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .records import _literals, _tags, read_workspace


def _defaults(course: Path | None) -> dict[str, dict]:
    """The course's own parameter values per notebook (from the authored notebooks)."""
    import nbformat

    out = {}
    for path in sorted((course or Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb")):
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
