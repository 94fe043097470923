"""The results log: one JSON line per finished case, and the keys that make reusing it safe.

* :class:`CaseResult` is one line of the log; :func:`read_rows` reads a log and
  :func:`result_from_row` checks a line field by field, naming the file and line
  of anything malformed (a torn last line, left by a crash mid-write, is dropped
  with a warning and its case runs again);
* :func:`case_key` hashes what a case says (id, input, expected, tags, metadata)
  and :func:`source_key` what answers it (adapter, model name, parameters such as
  a recording's digest or an endpoint): every line carries both, and
  :func:`resumable` refuses a log whose source or cases changed, so a resumed run
  never reports stale scores;
* :func:`cache_key` is the content address of one model call, for the response
  cache (answers, not scores: a cached answer is scored against the current
  ``expected``).
"""

from __future__ import annotations

# ResponseCache and truncate_torn_tail (runner) and _digest (agents.log) are imported from here too
from .keys import ResponseCache, _digest, cache_key, case_key, source_key  # noqa: F401
from .resume import resumable
from .rows import CaseResult, read_rows, result_from_row, truncate_torn_tail  # noqa: F401

__all__ = ["CaseResult", "case_key", "source_key", "cache_key", "read_rows", "result_from_row", "resumable"]
