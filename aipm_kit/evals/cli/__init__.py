"""``aipm eval run|compare|gate``: the harness on the command line, ready to block a release in CI.

Exit codes: **0** pass (``gate``: GO), **1** fail (``gate``: NO-GO; ``run``: the
threshold says no; ``compare``: a significant regression), **3** ``gate``: NOT
YET (an interval straddles its line: more cases would settle it), **2** error
(bad input, unreadable or malformed files, a broken endpoint configuration, or
a run in which more cases ended in an error than ``--max-errors`` allows, 0 by
default), **130** interrupted (Ctrl-C: the answers that came back are written;
the same command resumes). Every error is one line on stderr naming the file,
argument or setting at fault.

``gate`` is a non-inferiority gate: the candidate passes a criterion only when
the whole interval is on the right side of its line (the pass rate's Wilson
interval above ``--threshold``; the paired interval of candidate - baseline
above ``-margin``, overall and in every tag with ``--min-n`` cases or more, at
``--topic-margin``). A drop that is "not significant" does not pass. It prints
the verdict on its first line.

    aipm eval run --responses datasets/support_eval/responses_v2.jsonl --out runs/v2.jsonl
    aipm eval run --agent scripted:v2 --trials 8 --k 4 --threshold 0.6 --out runs/agent_v2.jsonl
    aipm eval run --agent chat --endpoint-url http://127.0.0.1:8000/v1 --model my-agent --out runs/agent.jsonl
    aipm eval run --endpoint http://127.0.0.1:8000/v1 --model my-bot --api-key-env MY_BOT_KEY \\
        --out runs/live.jsonl --cache .evalcache
    aipm eval compare runs/v1.jsonl runs/v2.jsonl
    aipm eval gate runs/v2.jsonl --baseline runs/v1.jsonl --threshold 0.8 --report build/eval_report

``run`` resumes an existing ``--out`` file when it was written from the same
responses or endpoint for the same cases, and refuses it otherwise (start it
over with ``--fresh``, or pick a new ``--out``).
"""

from __future__ import annotations

import argparse
import sys

from .commands import EXIT_INTERRUPTED, _compare, _gate, _help, _run

__all__ = ["register_cli", "main", "EXIT_INTERRUPTED"]


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line naming the argument, exit code 2."""

    def error(self, message):
        _one_line_error(self, message)


def _one_line_error(parser: argparse.ArgumentParser, message: str):
    parser.exit(2, f"{parser.prog}: error: {' '.join(str(message).split())} (see {parser.prog} --help)\n")


def register_cli(subparsers) -> None:
    """Add the ``eval`` command, with its actions ``run``, ``compare`` and ``gate``, to a command line.

    ``aipm`` calls it for its own parser; :func:`main` builds a parser with it alone. Each
    action's handler is stored as ``func`` on the parsed arguments and returns the exit code;
    ``aipm eval`` with no action prints the help.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned, for the parser the command joins.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["eval", "compare", "runs/v1.jsonl", "runs/v2.jsonl"])
    >>> args.eval_command, args.baseline, args.candidate, args.alpha
    ('compare', 'runs/v1.jsonl', 'runs/v2.jsonl', 0.05)
    """
    p = subparsers.add_parser(
        "eval",
        help="evaluate model answers: run, compare, gate (exit 0 pass, 1 fail, 3 not yet, 2 error)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.error = lambda message: _one_line_error(p, message)
    sub = p.add_subparsers(dest="eval_command", metavar="ACTION", parser_class=_Parser)

    r = sub.add_parser("run", help="run a model over cases and score the answers (resumes if --out exists)")
    r.add_argument("--cases", help="cases JSONL (default: the shipped support evaluation set)")
    src = r.add_mutually_exclusive_group(required=True)
    src.add_argument(
        "--agent",
        metavar="AGENT",
        help="evaluate a tool-using agent on the store tasks: scripted:v1, scripted:v2 (the kit's "
        "scripted agent, simulated) or chat (a model at --endpoint, with tool calls)",
    )
    src.add_argument("--responses", help="recorded responses JSONL (id, response)")
    src.add_argument("--endpoint", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
    src.add_argument("--bot", action="store_true", help="the kit's retrieval bot over the shipped knowledge base")
    r.add_argument(
        "--endpoint-url",
        dest="agent_endpoint",
        metavar="URL",
        help="with --agent chat: the OpenAI-compatible base URL of the model",
    )
    r.add_argument("--model", help="model name sent to --endpoint", default="default")
    r.add_argument("--tasks", help="with --agent: tasks JSONL (default: the shipped store tasks, simulated)")
    r.add_argument("--world", help="with --agent: the store's start state, world.json (default: the shipped one)")
    r.add_argument("--trials", type=int, default=8, help="with --agent: trials per task (default 8)")
    r.add_argument(
        "--k",
        type=int,
        default=4,
        help="with --agent: the k of pass^k that --threshold judges (all k trials must succeed; default 4)",
    )
    r.add_argument("--seed", type=int, default=0, help="with --agent scripted:...: the agent's seed (default 0)")
    r.add_argument(
        "--report",
        dest="agent_report",
        metavar="REPORT",
        help="with --agent: write REPORT.html, .json and .md (pass@k/pass^k, policy breaches, tools, "
        "failed trials step by step)",
    )
    r.add_argument(
        "--api-key-env",
        metavar="NAME",
        help="name of the environment variable holding the --endpoint API key (the key is never printed)",
    )
    r.add_argument(
        "--out",
        required=True,
        help="results JSONL (folders are made; an existing file from the same source and cases is resumed)",
    )
    r.add_argument("--fresh", action="store_true", help="start --out over instead of resuming it")
    r.add_argument("--cache", help="folder for the content-addressed response cache")
    r.add_argument(
        "--scorer",
        action="append",
        dest="scorers",
        help="scorer name (repeatable): exact_match, includes, token_f1, rouge_l, numeric_close, concise",
    )
    r.add_argument("--gate-on", action="append", help="scorers that decide pass (default: all)")
    r.add_argument("--workers", type=int, default=4)
    r.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds per call (with --endpoint: the total deadline of each HTTP attempt)",
    )
    r.add_argument("--retries", type=int, default=1)
    r.add_argument("--retry-errors", action="store_true", help="run cases that ended in an error again")
    r.add_argument(
        "--max-errors",
        type=int,
        default=0,
        help="errored cases tolerated before the run exits 2 (default 0: any error is an error)",
    )
    r.add_argument("--threshold", type=float, help="fail (exit 1) when the pass rate's lower bound is below this")
    r.set_defaults(func=_run)

    c = sub.add_parser("compare", help="paired comparison of two results files (exit 1 on a significant regression)")
    c.add_argument("baseline")
    c.add_argument("candidate")
    c.add_argument("--metric", default="passed", help="'passed' or a scorer name")
    c.add_argument("--alpha", type=float, default=0.05)
    c.add_argument("--seed", type=int, default=0)
    c.set_defaults(func=_compare)

    g = sub.add_parser(
        "gate",
        help="the non-inferiority release gate on a results file (exit 0 GO, 1 NO-GO, 3 NOT YET, 2 error)",
        description="The non-inferiority release gate. Each criterion passes only when its whole "
        "interval is on the right side of its line, fails when the whole interval is on "
        "the wrong side, and is not yet decided otherwise. Prints the verdict first. "
        "Exit codes: 0 GO, 1 NO-GO, 3 NOT YET, 2 error (one line on stderr).",
    )
    g.add_argument("candidate")
    g.add_argument("--baseline")
    g.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="pass-rate bar: GO needs the whole 95%% Wilson interval above it (default 0.8)",
    )
    g.add_argument(
        "--margin",
        type=float,
        default=0.02,
        help="largest tolerated drop against --baseline, as a share (0.02 = 2 points): GO needs the "
        "paired interval's low end above -margin, NO-GO when its high end is below (default 0.02); "
        "the interval is Newcombe's paired score interval, a formula: no seed moves it",
    )
    g.add_argument(
        "--topic-margin",
        type=float,
        default=0.10,
        help="the same line for each tag with --min-n cases or more (default 0.10)",
    )
    g.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        help="test level behind a tag's detectable_drop column (the gate also states the chance an "
        "unchanged tag passes its check) (default 0.05)",
    )
    g.add_argument("--max-error-rate", type=float, default=0.05)
    g.add_argument("--min-n", type=int, default=30)
    g.add_argument(
        "--seed",
        type=int,
        default=0,
        help="accepted for compatibility; the gate's intervals are formulas, so it changes nothing",
    )
    g.add_argument("--report", help="write <REPORT>.html, .json and .md")
    g.set_defaults(func=_gate)
    p.set_defaults(func=_help(p))


def main(argv: list[str] | None = None) -> int:
    """``python -m aipm_kit.evals.cli ...`` (the same as ``aipm eval ...``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``aipm eval`` (default: the process's command line).

    Returns
    -------
    int
        The exit code: 0 pass (GO), 1 fail (NO-GO, or a significant regression), 3 not yet,
        2 error, 130 interrupted.

    Examples
    --------
    >>> import os, tempfile
    >>> from aipm_kit.evals.cases import support_eval_dir
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     code = main(["run", "--responses", str(support_eval_dir() / "responses_v2.jsonl"),
    ...                  "--out", os.path.join(folder, "v2.jsonl")])
    EvalRun('v2': 150 cases, 142/150 passed, 0 errors; this run: 150 calls, 0 from cache, 0 resumed)
    pass rate 94.7%, 95% CI [89.8%, 97.3%]; 0 error(s); spend $0.1193
    >>> code
    0
    """
    parser = argparse.ArgumentParser(prog="aipm")
    sub = parser.add_subparsers(dest="command")
    register_cli(sub)
    args = parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))
