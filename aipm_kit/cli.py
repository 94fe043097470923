"""The ``aipm`` command. Each subcommand lives beside the code it drives.

A module joins the command line by defining ``register_cli(subparsers)``;
:data:`COMMAND_MODULES` lists them in the order ``aipm --help`` shows.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

COMMAND_MODULES = [
    "aipm_kit.course",       # aipm run
    "aipm_kit.writeup",      # aipm writeup
    "aipm_kit.student",      # aipm student-copy
    "aipm_kit.doctor",       # aipm doctor
    "aipm_kit.evals.cli",    # aipm eval run|compare|gate
    "aipm_kit.widgets",      # aipm dashboard
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aipm", description="aipm-kit: AI product management, by doing")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # parent package missing
            spec = None
        if spec is None:
            continue
        module = importlib.import_module(name)
        if hasattr(module, "register_cli"):
            module.register_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
