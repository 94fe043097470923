"""The findings of ``aipm doctor``: one :class:`Check` per thing checked, and the :class:`Diagnosis` that prints them.

A check says what was found, what was expected and the command that fixes it; the diagnosis holds
them in order, knows whether every required one passes, and prints the report with the fixes last.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it is fine, and the command that fixes it.

    Parameters
    ----------
    name : str
        What was checked (``"Python"``, ``"package pandas"``, ``"data file churn.parquet"``).
    ok : bool
        Whether it is fine.
    found : str
        What was found (a version, a path, or what is wrong).
    expected : str, default ""
        What was expected; the report shows it only for a failed check.
    fix : str, default ""
        The command (or step) that fixes a failed check.
    required : bool, default True
        False for an optional check: its failure is reported but does not fail the diagnosis.

    Examples
    --------
    >>> check = Check("package pandas", False, "not installed", "pandas==2.2.3", fix="pip install pandas==2.2.3")
    >>> check.status
    'MISSING'
    >>> Check("chromium (browser tests)", False, "not found", required=False).status
    'optional'
    >>> check.row()["fix"]
    'pip install pandas==2.2.3'
    """

    name: str
    ok: bool
    found: str
    expected: str = ""
    fix: str = ""
    required: bool = True

    @property
    def status(self) -> str:
        if self.ok:
            return "ok"
        return "MISSING" if self.required else "optional"

    def row(self) -> dict:
        return {
            "check": self.name,
            "status": self.status,
            "found": self.found,
            "expected": self.expected,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Diagnosis:
    """Every finding of one ``aipm doctor`` run; its ``repr`` is the report, fixes last.

    Parameters
    ----------
    checks : tuple of Check, default ()
        The findings, in the order they are reported.

    Examples
    --------
    >>> d = Diagnosis(
    ...     (
    ...         Check("Python", True, "3.11.7"),
    ...         Check("package numpy", False, "1.0.0", "numpy==2.4.6", fix="pip install numpy==2.4.6"),
    ...         Check("chromium (browser tests)", False, "not found", required=False, fix="install chromium"),
    ...     )
    ... )
    >>> d.ok, [c.name for c in d.problems]
    (False, ['package numpy', 'chromium (browser tests)'])
    >>> d
    [ok  ] Python: 3.11.7
    [FIX ] package numpy: 1.0.0 (expected numpy==2.4.6)
    [opt ] chromium (browser tests): not found
    <BLANKLINE>
    To fix:
      - package numpy: pip install numpy==2.4.6
      - chromium (browser tests) (optional): install chromium
    <BLANKLINE>
    1 required check(s) failed. Or redo the whole set-up with: make setup
    """

    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every required check passes (optional ones may fail)."""
        return all(c.ok or not c.required for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.checks])

    def __repr__(self) -> str:
        lines = []
        for c in self.checks:
            mark = {"ok": "ok  ", "MISSING": "FIX ", "optional": "opt "}[c.status]
            expected = f" (expected {c.expected})" if c.expected and not c.ok else ""
            lines.append(f"[{mark}] {c.name}: {c.found}{expected}")
        fixes = [c for c in self.problems]
        if fixes:
            lines.append("")
            lines.append("To fix:")
            for c in fixes:
                tag = "" if c.required else " (optional)"
                lines.append(f"  - {c.name}{tag}: {c.fix}")
        required = [c for c in fixes if c.required]
        lines.append("")
        lines.append(
            "All required checks pass."
            if not required
            else f"{len(required)} required check(s) failed. Or redo the whole set-up with: make setup"
        )
        return "\n".join(lines)
