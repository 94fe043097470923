"""Student copies of the notebooks: solutions stripped, self-tests removed, outputs cleared.

Authored notebooks carry their worked answers. An exercise is a code cell
tagged ``solution``::

    q1_answer = ____
    ### BEGIN SOLUTION
    q1_answer = rule.recall
    ### END SOLUTION
    q1.check(q1_answer)

followed by a hidden self-test cell tagged ``remove-cell``. The student copy
keeps the stub and the check and drops the block between the markers, so an
unattempted exercise prints a nudge (``____`` is the "not attempted"
sentinel) instead of failing; the self-test cells are dropped and every output
is cleared. ``aipm student-copy [--out student/]`` writes one copy per course
notebook; the copies are generated, never edited by hand.

The learner works in those copies, so a re-run never overwrites one they
edited. Each copy records the hash of what was written
(``metadata["aipm"]["student_copy_sha256"]``); a file whose content no longer
matches it, or that has no record, is the learner's and is kept: the fresh copy
goes beside it as ``NN_name.new.ipynb``. ``--force`` replaces it anyway, once
the replacement is completely written.
"""

from __future__ import annotations

# Every name the module had: the public ones and the private ones code may reach here.
# ruff: noqa: F401
from .copies import RECORD_KEY, StudentCopy, _beside, _write_whole, content_sha256, copy_record, write_student_copy
from .course_copies import StudentCopies, _cli_student, make_student_copies, register_cli
from .solutions import (
    _BLOCK,
    BEGIN,
    END,
    REMOVE_TAG,
    SOLUTION_TAG,
    STUB,
    _read,
    _tags,
    make_student_notebook,
    solution_problems,
    strip_solution,
)
