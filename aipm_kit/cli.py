"""The ``aipm`` command. Each subcommand lives beside the code it drives.

A module joins the command line by defining ``register_cli(subparsers)`` and
a line in :data:`COMMANDS`. Only the module of the command being run is
imported: ``aipm doctor`` must work, and say what to install, even when a
package another command needs is missing.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: name -> (module that registers it, one-line help), in the order ``aipm --help`` shows them.
COMMANDS = {
    "run": ("aipm_kit.course", "execute the course notebooks and write the site under --out"),
    "writeup": ("aipm_kit.writeup", "execute a notebook with your parameters and write its portfolio write-up"),
    "student-copy": ("aipm_kit.student", "write the notebooks with solutions stripped, for learners"),
    "doctor": ("aipm_kit.doctor", "check Python, packages, the Jupyter kernel and the data; say what to fix"),
    "eval": (
        "aipm_kit.evals.cli",
        "evaluate model answers: run, compare, gate (exit 0 pass, 1 fail, 3 not yet, 2 error)",
    ),
    "class": ("aipm_kit.classroom", "workshops: what the class decided (report) and the hub link for learners"),
    "dashboard": ("aipm_kit.widgets", "serve the drift dashboard app (notebook 12's flights and model) with Voilà"),
}


class MissingPackage(Exception):
    """A command's module could not be imported because a package is missing.

    :func:`build_parser` raises it with a message naming the command, the missing package and the fix;
    :func:`main` prints that message as one error line and exits with status 2.

    It takes its message as any exception does.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(COMMANDS, {"ghost": ("aipm_kit_no_such_module", "a command whose module is gone")}):
    ...     build_parser(["ghost"])
    Traceback (most recent call last):
    ...
    aipm_kit.cli.MissingPackage: `aipm ghost` needs the package 'aipm_kit_no_such_module', which is not installed; ...
    """


def _chosen(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``aipm`` parser; only the command chosen in ``argv`` has its module imported.

    Raises :class:`MissingPackage` naming the package when that module cannot be imported.

    Parameters
    ----------
    argv : list of str, optional
        The command line without the program name; None reads ``sys.argv[1:]``. Only its first word
        that is not an option is used here, to choose the module to import.

    Returns
    -------
    argparse.ArgumentParser
        The ``aipm`` parser: every command of :data:`COMMANDS` is listed, and the chosen one has its
        own arguments (each handler is stored as ``func``).

    Examples
    --------
    >>> parser = build_parser(["class", "link"])
    >>> args = parser.parse_args(["class", "link", "--hub", "https://hub.example.org", "--repo", "https://x.org/kit"])
    >>> args.command, args.class_command, args.branch
    ('class', 'link', 'main')
    """
    parser = argparse.ArgumentParser(prog="aipm", description="aipm-kit: AI product management, by doing")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen(sys.argv[1:] if argv is None else argv)
    for name, (module_name, help_text) in COMMANDS.items():
        if name != chosen:
            sub.add_parser(name, help=help_text, add_help=False)
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            missing = getattr(exc, "name", None) or str(exc)
            raise MissingPackage(
                f"`aipm {name}` needs the package {missing!r}, which is not installed; "
                f"run `aipm doctor` for the fix, or `pip install -e .` in the kit's folder"
            ) from exc
        module.register_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``aipm`` command line and return its exit status.

    Only the chosen command's module is imported. Without a command the help is printed. A missing
    package, bad input (``ValueError``) or a refused file operation (``OSError``) is reported as one
    line on standard error, never a traceback; a reader that goes away (``aipm doctor | head -1``)
    stops the output quietly.

    Parameters
    ----------
    argv : list of str, optional
        The arguments without the program name (``["doctor", "--quiet"]``); None reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The command's exit status: 0 when it succeeded, what the command itself returns (``aipm doctor``
        1 when a required check fails, ``aipm eval gate`` 1 or 3), 2 for an error or a missing command,
        1 when the output pipe closed.

    Examples
    --------
    >>> main(["class", "link", "--hub", "https://hub.example.org", "--repo", "https://github.com/org/aipm-kit"])
    https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Faipm-kit&...
    0

    Without a command it prints the help and exits with 2:

    >>> main([])
    usage: aipm [-h] COMMAND ...
    <BLANKLINE>
    aipm-kit: AI product management, by doing
    ...
    2

    Bad input is one line on standard error, and exit status 2:

    >>> import contextlib, sys
    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     main(["class", "link", "--hub", "hub.example.org", "--repo", "https://github.com/org/aipm-kit"])
    aipm class: error: --hub must be an http(s) URL, got 'hub.example.org'
    2
    """
    try:
        parser = build_parser(argv)
    except MissingPackage as exc:
        print(f"aipm: error: {exc}", file=sys.stderr)
        return 2
    import os

    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        try:
            code = int(args.func(args) or 0)
        except BrokenPipeError:
            raise
        except ImportError as exc:  # a package the command needs is missing: say which, not a traceback
            missing = getattr(exc, "name", None) or str(exc)
            print(
                f"aipm {args.command}: error: needs the package {missing!r}, which is not installed; "
                "`aipm doctor` shows the fix",
                file=sys.stderr,
            )
            return 2
        except (ValueError, OSError) as exc:
            # one line naming the file or argument; an OS error says what the system refused, and where
            if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
                message = f"{exc.strerror}: {exc.filename}" + (f" -> {exc.filename2}" if exc.filename2 else "")
            else:
                message = str(exc)
            print(f"aipm {args.command}: error: {' '.join(message.splitlines())}", file=sys.stderr)
            return 2
        sys.stdout.flush()  # a reader that went away shows up here rather than at exit
        return code
    except BrokenPipeError:
        # e.g. `aipm doctor | head -1`: stop quietly, and send the interpreter's last flush to devnull
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
