"""Writing a write-up's files safely: an existing output folder is refused unless forced, and the new
files are made in a staging folder beside it and moved in only once complete, replacing only the
write-up's own files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..course_core import OUTPUT_FILES, check_out_folder

#: Figure files beyond OUTPUT_FILES, written only for the notebooks EXTRA_FIGURE_LIMIT names.
EXTRA_OUTPUT_FILES = ("figure_4.png", "figure_5.png", "figure_6.png")


def _check_out(out: Path, force: bool) -> None:
    """Refuse an ``out`` that is a file, or holds anything, unless ``force``."""
    check_out_folder(out)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise FileExistsError(
            f"output folder {out} already exists and is not empty; pass --force to "
            f"replace the write-up in it, or choose another --out"
        )


def _staging(out: Path) -> Path:
    """A new empty folder beside ``out`` (same file system, so its files move in with ``os.replace``)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))


def _swap_in(staged: Path, out: Path, keep: Iterable[Path] = ()) -> None:
    """Move the write-up files of ``staged`` into ``out``, replacing only :data:`OUTPUT_FILES` there.

    A write-up file of ``out`` the new write-up does not have is removed (it belonged to the old
    one), except those in ``keep``; other files of ``out`` are left alone.
    """
    out.mkdir(parents=True, exist_ok=True)
    kept = {Path(k).resolve() for k in keep}
    for name in OUTPUT_FILES:
        new, old = staged / name, out / name
        if new.exists():
            os.replace(new, old)
        elif old.resolve() not in kept:
            old.unlink(missing_ok=True)
    for name in EXTRA_OUTPUT_FILES:  # only a write-up with more figures (EXTRA_FIGURE_LIMIT) makes these
        if (staged / name).exists():
            os.replace(staged / name, out / name)
    shutil.rmtree(staged, ignore_errors=True)
