"""What the class decided: ``aipm class report`` and ``aipm class link``.

``aipm class report DIR`` reads the learners' workspaces under ``DIR`` (one folder per learner, as
a JupyterHub or a shared drive holds them; the notebooks anywhere inside, student copies the
learners ran) and writes one self-contained HTML page:

* progress per notebook (complete, in progress, not started, missing, unreadable);
* per exercise: who attempted it, who got it right, the most-missed exercises and the most common
  wrong answers (the answer line as the learner typed it);
* the gate verdicts the learners' runs recorded, and the calls they made in the parameters cell
  (every parameter set away from the course's default, such as ``TAIL_SLOTS = 3``, with the words
  of ``MY_DECISION`` and the other ``MY_`` parameters).

It only reads: no learner's file is changed, and a half-finished or unreadable notebook is counted
as such, never a crash. Learners are anonymous (``learner 1``, ``learner 2``, ...) unless
``--names`` is given. The page is written whole and then renamed into place; an existing file that
is not a class report is never replaced unless ``--force`` is given.

``aipm class link --hub URL --repo GIT_URL`` prints the nbgitpuller link that clones (or updates)
the course on the hub and opens the learner workspace in JupyterLab.
"""

from __future__ import annotations

import argparse

# Every name the module had: the public ones and the private ones code may reach here.
# ruff: noqa: F401
from .hub import hub_link
from .records import (
    _HEADING,
    _NUMBER,
    _RESULT,
    ExerciseRecord,
    NotebookRecord,
    _answer,
    _literals,
    _tags,
    _text,
    read_notebook_record,
    read_workspace,
)
from .report import MARKER, _html, write_class_report
from .summary import _defaults, class_summary

__all__ = [
    "ExerciseRecord",
    "NotebookRecord",
    "read_workspace",
    "class_summary",
    "write_class_report",
    "hub_link",
    "register_cli",
]


def register_cli(subparsers) -> None:
    """Add ``aipm class report DIR`` and ``aipm class link --hub URL --repo GIT_URL`` to the command line.

    ``report`` writes the page with :func:`write_class_report` and prints a one-line summary;
    ``link`` prints :func:`hub_link`; ``aipm class`` alone prints the help and exits 2.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``aipm`` parser's sub-commands (see :func:`aipm_kit.cli.build_parser`).

    Returns
    -------
    None
        Nothing; the command is added to ``subparsers``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["class", "report", "class_folder", "--names"])
    >>> args.class_command, args.dir, args.out, args.names
    ('report', 'class_folder', 'class.html', True)
    """
    p = subparsers.add_parser(
        "class",
        help="workshops: a report of what the class decided; a hub link",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="class_command", metavar="ACTION")
    r = sub.add_parser("report", help="read the learners' workspaces under DIR and write one HTML page")
    r.add_argument("dir", metavar="DIR", help="one folder per learner inside it")
    r.add_argument("--out", default="class.html", help="the HTML file to write (default class.html)")
    r.add_argument("--names", action="store_true", help="show learners' folder names (default: anonymous)")
    r.add_argument("--force", action="store_true", help="replace --out even if it is not a class report")
    r.set_defaults(func=_report)
    k = sub.add_parser("link", help="print the nbgitpuller link that opens the learner workspace on a hub")
    k.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    k.add_argument("--repo", required=True, help="the course repository's git URL")
    k.add_argument("--branch", default="main")
    k.add_argument("--path", default="workspace", help="folder to open inside the repository (default workspace)")
    k.set_defaults(func=_link)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _report(args) -> int:
    out, summary = write_class_report(args.dir, args.out, names=args.names, force=args.force)
    done = sum(c.get("complete", 0) for c in summary["progress"].values())
    print(
        f"class report: {out} ({summary['learners']} learner(s); {done} notebook(s) complete; "
        f"{len(summary['unreadable'])} unreadable)"
    )
    return 0


def _link(args) -> int:
    print(hub_link(args.hub, args.repo, branch=args.branch, path=args.path))
    return 0
