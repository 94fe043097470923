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
    """A command's module could not be imported because a package is missing."""


def _chosen(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``aipm`` parser; only the command chosen in ``argv`` has its module imported.

    Raises :class:`MissingPackage` naming the package when that module cannot be imported.
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
