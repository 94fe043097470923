"""What a write-up is once rendered: its sections (each a recorded fact or the reason it is missing) and
the :class:`Writeup` record of where its files are and which facts were missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import story


@dataclass(frozen=True)
class Section:
    """One part of the decision story: a recorded fact, or the reason it is missing."""

    key: str
    heading: str
    text: str
    missing: str = ""
    suggested: str = ""  # the kit's wording stands in: the parameter that replaces it with the learner's

    @property
    def ok(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Writeup:
    """A rendered write-up: where its files are and which facts were missing."""

    notebook: Path
    out: Path
    markdown: Path
    html: Path
    parameters: dict
    sections: tuple[Section, ...] = field(default_factory=tuple)
    figure_missing: str = ""
    title_missing: str = ""

    @property
    def missing(self) -> list[str]:
        """Keys of the facts (and the figure) the notebook did not record."""
        keys = ["writeup_title"] if self.title_missing else []
        keys += [s.key for s in self.sections if not s.ok]
        if self.figure_missing:
            keys.append(story.WRITEUP_FIGURE)
        return keys

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def suggested(self) -> list[str]:
        """Keys of the sections that still show the kit's suggested wording, not the learner's words."""
        return [s.key for s in self.sections if s.suggested]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [{"key": s.key, "heading": s.heading, "text": s.text, "missing": s.missing} for s in self.sections]
        )

    def __repr__(self) -> str:
        lines = [
            f"Write-up of {self.notebook.name} -> {self.out}",
            f"  parameters: {self.parameters}",
            f"  {self.markdown.name}, {self.html.name}",
        ]
        if self.missing:
            lines.append(f"  missing: {', '.join(self.missing)}")
        return "\n".join(lines)
