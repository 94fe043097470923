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
    """Everything the class report shows, as plain data (see :mod:`aipm_kit.classroom`).

    Parameters
    ----------
    root : str or pathlib.Path
        The class folder: one folder per learner inside it (hidden folders are skipped). A path that
        is not a folder, or a folder with no learner folders, is refused with ``ValueError``.
    names : bool, default False
        True shows learners by their folder names; False numbers them (``learner 1`` ...) in sorted
        folder order.
    course : str or pathlib.Path, optional
        The folder of authored notebooks whose parameters cells give the course's defaults (default:
        the kit's ``notebooks/``). A learner's parameter counts as a call when it differs from them.

    Returns
    -------
    dict
        ``learners`` (how many), ``names_shown``, ``progress`` (per notebook, learners per status),
        ``exercises`` (one row per exercise: attempted, correct, wrong, missed share, the three
        commonest wrong answers), ``most_missed`` (up to five exercises with a wrong answer, the highest
        missed share first),
        ``verdicts`` (per gate), ``calls`` (parameters set away from the default, by value, ``SEED``
        and ``FAST`` left out), ``words`` (the ``MY_`` parameters' text, per learner) and ``unreadable``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> def notebook(cutoff, answer, verdict):
    ...     return new_notebook(
    ...         cells=[
    ...             new_code_cell(f"CUTOFF = {cutoff}", metadata={"tags": ["parameters"]}, execution_count=1),
    ...             new_code_cell(
    ...                 f"q1_answer = {answer}\\nq1.check(q1_answer)",
    ...                 metadata={"tags": ["solution"]},
    ...                 outputs=[new_output("stream", text=f"[Q1] {verdict}: ...")],
    ...             ),
    ...         ]
    ...     )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     for where, nb in [("course", notebook(0.5, "____", "Not attempted")),
    ...                       ("class/ana", notebook(0.7, "0.8", "Correct")),
    ...                       ("class/ben", notebook(0.5, "0.25", "Not yet"))]:
    ...         (root / where).mkdir(parents=True)
    ...         nbformat.write(nb, root / where / "01_demo.ipynb")
    ...     summary = class_summary(root / "class", course=root / "course")
    >>> summary["learners"], summary["progress"]
    (2, {'01': {'complete': 1, 'in progress': 1}})
    >>> row = summary["exercises"][0]
    >>> row["attempted"], row["correct"], row["missed share"], row["common wrong answers"]
    (2, 1, 0.5, [('q1_answer = 0.25', 1)])
    >>> summary["calls"]
    [{'notebook': '01', 'parameter': 'CUTOFF', 'values': {'0.7': 1}}]
    """
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
