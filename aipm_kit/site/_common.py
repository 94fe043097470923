"""What every part of the course site shares: the two editions (learner and instructor) and where a page
of each goes, the folder of the site's nbconvert template and assets, and the marker a page's sidebar
fills in."""

from __future__ import annotations

from pathlib import Path

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "nbconvert"
ASSETS = _TEMPLATES / "aipm_site" / "assets"

LEARNER, INSTRUCTOR = "learner", "instructor"
EDITIONS = (LEARNER, INSTRUCTOR)
EDITION_LABEL = {LEARNER: "learner site", INSTRUCTOR: "instructor site (with answers)"}
_SIDEBAR = "<!--aipm:sidebar-->"


def page_path(out: str | Path, name: str, edition: str = LEARNER) -> Path:
    """Where the page of notebook ``name`` (``NN_name``) is written on ``edition``'s site.

    Parameters
    ----------
    out : str or pathlib.Path
        The build folder (``aipm run --out``).
    name : str
        The notebook's file stem, ``NN_name``.
    edition : {"learner", "instructor"}, default "learner"
        Which site; the path is ``out/<edition>/<name>.html`` (the name is not checked).

    Returns
    -------
    pathlib.Path
        The page's path (it may not exist yet).

    Examples
    --------
    >>> page_path("build", "01_should_we_use_ai").as_posix()
    'build/learner/01_should_we_use_ai.html'
    >>> page_path("build", "01_should_we_use_ai", INSTRUCTOR).as_posix()
    'build/instructor/01_should_we_use_ai.html'
    """
    return Path(out) / edition / f"{name}.html"
