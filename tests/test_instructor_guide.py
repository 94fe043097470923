"""The instructor guide's verdicts are the verdicts the committed notebooks recorded at their defaults.

The guide is hand-written prose, so its numbers can go stale when a lesson changes; the verdicts are the
part an instructor plans a debrief around, so these tests hold them to the executed notebooks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_kit.story import read_facts

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "instructor.md"

#: first cell of a row in the guide's verdict table -> (notebook number, key of the recorded gate)
VERDICT_ROWS = {
    "01": ("01", "gate"),
    "02": ("02", "gate"),
    "02 routing labels": ("02", "gate_routing_labels"),
    "03 (launch day)": ("03", "gate"),
    "04a monitor": ("04", "gate_monitor"),
    "04b retrain on a schedule": ("04", "gate_retrain"),
    "04c keep as it is": ("04", "gate"),
    "04d candidate": ("04", "gate_candidate"),
    "10 tail slots": ("10", "gate"),
    "11 release": ("11", "gate"),
    "13 release": ("13", "gate"),
}
#: the order the timing table lists a notebook's gates in (04 records four, 4a to 4d)
TIMING_ORDER = {"04": ["gate_monitor", "gate_retrain", "gate", "gate_candidate"]}


def _rows(header: str) -> dict[str, list[str]]:
    """The rows of the guide's table whose header line starts with ``header``, keyed by first cell."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def _verdicts(number: str) -> dict[str, str]:
    [path] = (REPO / "notebooks").glob(f"{number}_*.ipynb")
    return {
        key: fact.value["verdict"]
        for key, fact in read_facts(path).items()
        if isinstance(fact.value, dict) and "verdict" in fact.value
    }


@pytest.mark.parametrize("row", sorted(VERDICT_ROWS))
def test_each_verdict_row_quotes_the_committed_notebook(row):
    rows = _rows("| gate | verdict at defaults |")
    assert row in rows, f"docs/instructor.md's verdict table has no row {row!r}"
    number, key = VERDICT_ROWS[row]
    recorded = _verdicts(number)
    assert key in recorded, f"notebook {number} records no gate {key!r}"
    assert rows[row][1] == recorded[key], (
        f"docs/instructor.md says {row} is {rows[row][1]!r}; notebook {number} recorded {recorded[key]!r}"
    )


def test_every_recorded_gate_has_a_row():
    rows = _rows("| gate | verdict at defaults |")
    covered = {VERDICT_ROWS[r] for r in rows if r in VERDICT_ROWS}
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for key in _verdicts(path.name[:2]):
            assert (path.name[:2], key) in covered, f"gate {key!r} of notebook {path.name[:2]} has no row in the guide"


def test_the_timing_table_lists_the_same_verdicts():
    rows = _rows("| # | notebook |")
    for number, cells in rows.items():
        if not number.isdigit():
            continue
        recorded = _verdicts(number)
        order = TIMING_ORDER.get(number, sorted(recorded))
        expected = ", ".join(recorded[k] for k in order if k in recorded and k != "gate_routing_labels")
        assert cells[5] == expected, f"docs/instructor.md timing row {number}: {cells[5]!r}, recorded {expected!r}"
