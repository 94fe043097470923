"""A student copy must not use a name that only the answer key defines.

Student copies drop the hidden self-test cells (``remove-cell``) and the solution blocks. A helper defined in
one of those and used by a later cell runs fine in the answer key, and the site, but raises ``NameError`` in
the learner's copy, often only on the path taken after the learner answers. This reads each committed
notebook's code without running it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aipm_kit.student import make_student_notebook

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _code(source: str) -> str:
    # IPython magics and shell lines are not Python
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names bound anywhere in the code, names read anywhere in it)."""
    tree = ast.parse(_code(source))
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound, read


def _bound_and_read(nb) -> tuple[set[str], set[str]]:
    bound, read = set(), set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            b, r = _names(cell.source)
            bound |= b
            read |= r
    return bound, read


def test_the_check_catches_a_helper_defined_only_in_a_hidden_cell():
    key_bound, _ = _names("def cheapest(f):\n    return f\n")
    student_bound, student_read = _names("x = cheapest(3)\n")
    assert (key_bound - student_bound) & student_read == {"cheapest"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_student_copy_reads_no_name_only_the_answer_key_defines(path):
    import nbformat

    key = nbformat.read(path, as_version=4)
    key_bound, _ = _bound_and_read(key)
    student_bound, student_read = _bound_and_read(make_student_notebook(path))
    missing = sorted((key_bound - student_bound) & student_read)
    assert not missing, (
        f"{path.name}: the student copy uses {missing}, which only hidden self-test or solution "
        "code defines; define them in a cell the learner keeps"
    )
