"""What a write-up is once rendered: its sections (each a recorded fact or the reason it is missing) and
the :class:`Writeup` record of where its files are and which facts were missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import story


@dataclass(frozen=True)
class Section:
    """One part of the decision story: a recorded fact, or the reason it is missing.

    Parameters
    ----------
    key : str
        The fact's key, e.g. ``"writeup_decision"``.
    heading : str
        The part's heading in the write-up, e.g. ``"The decision"``.
    text : str
        The recorded text (``""`` when missing).
    missing : str, default ""
        Why the part is missing and which cell should have recorded it; ``""`` when it was recorded.
    suggested : str, default ""
        When the text is the kit's suggested wording rather than the learner's: the papermill parameter
        that replaces it with the learner's words.

    Examples
    --------
    >>> Section("writeup_decision", "The decision", "Use the model.").ok
    True
    >>> Section("writeup_ethics", "Ethical considerations", "", missing="`writeup_ethics` was not recorded.").ok
    False
    """

    key: str
    heading: str
    text: str
    missing: str = ""
    suggested: str = ""  # the kit's wording stands in: the parameter that replaces it with the learner's

    @property
    def ok(self) -> bool:
        """Whether the part was recorded (it has no ``missing`` reason)."""
        return not self.missing


@dataclass(frozen=True)
class Writeup:
    """A rendered write-up: where its files are and which facts were missing.

    :func:`render_writeup` and :func:`make_writeup` return one; ``aipm writeup`` prints its ``repr``.

    Parameters
    ----------
    notebook : pathlib.Path
        The authored notebook the write-up is of.
    out : pathlib.Path
        The folder of the write-up's files.
    markdown : pathlib.Path
        ``writeup.md`` in ``out``.
    html : pathlib.Path
        ``writeup.html`` in ``out``.
    parameters : dict
        The parameters of the run: the notebook's defaults, with those papermill injected and those passed
        over them.
    sections : tuple of Section, default ()
        The parts of the decision story (and any optional part still in the kit's suggested wording).
    figure_missing : str, default ""
        Why the before/after figure is missing; ``""`` when it was recorded.
    title_missing : str, default ""
        Why the ``writeup_title`` fact is missing; ``""`` when it was recorded.

    Examples
    --------
    >>> from pathlib import Path
    >>> w = Writeup(Path("01_intro.ipynb"), Path("w"), Path("w/writeup.md"), Path("w/writeup.html"), {"SEED": 7},
    ...             (Section("writeup_decision", "The decision", "Rules.", suggested="DECISION"),
    ...              Section("writeup_ethics", "Ethical considerations", "", missing="not recorded")))
    >>> w.missing, w.complete, w.suggested
    (['writeup_ethics'], False, ['writeup_decision'])
    >>> w
    Write-up of 01_intro.ipynb -> w
      parameters: {'SEED': 7}
      writeup.md, writeup.html
      missing: writeup_ethics
    """

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
        """Whether every fact and the figure were recorded."""
        return not self.missing

    @property
    def suggested(self) -> list[str]:
        """Keys of the sections that still show the kit's suggested wording, not the learner's words."""
        return [s.key for s in self.sections if s.suggested]

    def to_frame(self):
        """One row per section (key, heading, text, missing), as a pandas ``DataFrame``."""
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
