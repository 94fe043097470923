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
import os
import sys

__all__ = ["register_cli", "main", "EXIT_INTERRUPTED"]

#: The exit code after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


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


def _help(parser):
    def show(args) -> int:
        parser.print_help()
        return 2

    return show


def _message(exc: BaseException) -> str:
    """One line that says what went wrong and where."""
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}"
    elif isinstance(exc, (ValueError, TypeError, OSError, RuntimeError)):
        text = str(exc) or type(exc).__name__
    else:  # an unexpected failure still gets one line and exit 2, with its type for the bug report
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())


def _guard(fn):
    def wrapped(args) -> int:
        from .runner import EvalInterrupted

        try:
            return fn(args)
        except EvalInterrupted as exc:
            print(f"aipm eval: {_message(exc)}", file=sys.stderr)
            return EXIT_INTERRUPTED
        except KeyboardInterrupt:
            print("aipm eval: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        except Exception as exc:  # noqa: BLE001 - every error is exit 2 with one line, never a traceback
            print(f"aipm eval: error: {_message(exc)}", file=sys.stderr)
            return 2

    wrapped.__name__ = fn.__name__
    return wrapped


def _check_share(value: float | None, flag: str, *, open_interval: bool = False) -> None:
    if value is None:
        return
    ok = 0 < value < 1 if open_interval else 0 <= value <= 1
    if not ok:  # NaN fails too
        raise ValueError(f"{flag} must be {'between 0 and 1' if open_interval else 'from 0 to 1'}, got {value}")


@_guard
def _run(args) -> int:
    from . import adapters, cases, runner, scorers

    _check_share(args.threshold, "--threshold")
    if args.agent:
        return _run_agent(args)
    for flag in ("agent_endpoint", "tasks", "world", "agent_report"):
        if getattr(args, flag):
            shown = {"agent_endpoint": "endpoint-url", "agent_report": "report"}.get(flag, flag)
            raise ValueError(f"--{shown} goes with --agent")
    for flag, value, least in (
        ("--max-errors", args.max_errors, 0),
        ("--workers", args.workers, 1),
        ("--retries", args.retries, 0),
    ):
        if value < least:
            raise ValueError(f"{flag} must be >= {least}, got {value}")
    if not 0 < args.timeout < float("inf"):
        raise ValueError(f"--timeout must be a number of seconds > 0, got {args.timeout}")
    if args.api_key_env and not args.endpoint:
        raise ValueError("--api-key-env goes with --endpoint (recorded responses and the bot need no key)")
    names = args.scorers or ["includes"]
    unknown = [n for n in names if n not in scorers.LEXICAL_SCORERS]
    if unknown:
        raise ValueError(f"unknown scorer(s) {unknown} in --scorer; choose from {sorted(scorers.LEXICAL_SCORERS)}")
    unknown = [g for g in args.gate_on or () if g not in names]
    if unknown:
        raise ValueError(f"--gate-on names {unknown}, which are not among the --scorer names {names}")
    cs = cases.load_cases(args.cases) if args.cases else cases.load_support_eval().cases
    timeout = args.timeout
    if args.responses:
        model = adapters.RecordedModel(args.responses)
    elif args.endpoint:
        api_key = None
        if args.api_key_env:
            api_key = os.environ.get(args.api_key_env)
            if not api_key:
                raise ValueError(
                    f"environment variable {args.api_key_env} (named by --api-key-env) is not set or is empty"
                )
        try:
            model = adapters.OpenAIChat(
                args.endpoint, args.model, api_key=api_key, timeout=args.timeout, retries=args.retries
            )
        except ValueError as exc:
            raise ValueError(f"--endpoint / --model: {exc}") from None
        # the adapter bounds each attempt itself; the runner only guards against a wedged call
        timeout = (model.retries + 1) * (model.timeout + model.max_backoff) + 5.0
    else:
        model = adapters.SupportBot(cases.load_support_eval().kb)
    run = runner.run_eval(
        cs,
        model,
        {n: scorers.LEXICAL_SCORERS[n] for n in names},
        gate_on=args.gate_on,
        results=args.out,
        cache=args.cache,
        workers=args.workers,
        timeout=timeout,
        retries=0 if args.endpoint else args.retries,
        retry_errors=args.retry_errors,
        fresh=args.fresh,
    )
    print(repr(run))
    if run.n_ok:
        rate = run.pass_rate()
        print(
            f"pass rate {rate.estimate:.1%}, 95% CI [{rate.low:.1%}, {rate.high:.1%}]; "
            f"{run.n_error} error(s); spend ${run.spend_usd:.4f}"
        )
    if run.n_error > args.max_errors or run.n_ok == 0:
        print(
            f"aipm eval: error: {run.n_error} of {run.n} cases ended in an error (--max-errors {args.max_errors}); "
            f'they are recorded with status "error" in {args.out}; fix the cause and rerun with --retry-errors',
            file=sys.stderr,
        )
        return 2
    if args.threshold is not None and rate.low < args.threshold:
        print(f"FAIL: the lower bound {rate.low:.1%} is below the threshold {args.threshold:.1%}")
        return 1
    return 0


def _run_agent(args) -> int:
    """``aipm eval run --agent ...``: trials of an agent on the store tasks, logged and resumable."""
    from ..agents import ScriptedAgent, load_tasks, load_world, reliability
    from ..agents.log import run_logged
    from ..agents.tasks import store_dir

    for flag, value, least in (
        ("--trials", args.trials, 1),
        ("--k", args.k, 1),
        ("--max-errors", args.max_errors, 0),
        ("--retries", args.retries, 0),
    ):
        if value < least:
            raise ValueError(f"{flag} must be >= {least}, got {value}")
    if args.k > args.trials:
        raise ValueError(f"--k ({args.k}) cannot exceed --trials ({args.trials}): pass^k needs at least k trials")
    kind, _, version = args.agent.partition(":")
    if kind == "scripted":
        if args.agent_endpoint or args.api_key_env:
            raise ValueError("--endpoint-url and --api-key-env go with --agent chat, not with a scripted agent")
        try:
            agent = ScriptedAgent(version or "v1", seed=args.seed)
        except ValueError as exc:
            raise ValueError(f"--agent {args.agent}: {exc}") from None
    elif kind == "chat" and not version:
        if not args.agent_endpoint:
            raise ValueError("--agent chat needs --endpoint-url (the model's OpenAI-compatible base URL)")
        from ..agents.chat import ChatAgent
        from . import adapters

        api_key = os.environ.get(args.api_key_env) if args.api_key_env else None
        if args.api_key_env and not api_key:
            raise ValueError(f"environment variable {args.api_key_env} (named by --api-key-env) is not set or is empty")
        try:
            agent = ChatAgent(
                adapters.OpenAIChat(
                    args.agent_endpoint, args.model, api_key=api_key, timeout=args.timeout, retries=args.retries
                )
            )
        except ValueError as exc:
            raise ValueError(f"--endpoint-url / --model: {exc}") from None
    else:
        raise ValueError(f"--agent must be scripted:v1, scripted:v2, scripted:careful or chat, got {args.agent!r}")
    tasks = load_tasks(args.tasks or store_dir() / "tasks.jsonl")
    world = load_world(args.world)
    run = run_logged(agent, tasks, world, args.out, trials=args.trials, fresh=args.fresh)
    print(repr(run))
    table = reliability(run, sorted({1, args.k}))
    row = table.loc[args.k]
    errors = sum(bool(t.error) for t in run.trials)
    print(
        f"pass^{args.k} {row['pass^k']:.1%}, 95% CI [{row['pass^k low']:.1%}, {row['pass^k high']:.1%}] over "
        f"{len(run.successes())} tasks; pass^1 {table.loc[1, 'pass^k']:.1%}; "
        f"{sum(bool(t.violations) for t in run.trials)} trial(s) broke a policy; {errors} error(s); "
        f"spend ${sum(t.cost for t in run.trials):.4f}"
    )
    if args.agent_report:
        from ..agents.report import write_agent_report

        note = (
            "The scripted agent and the store are simulated (written for the kit): the results show what the "
            "evaluation recovers, not how a real model behaves."
            if kind == "scripted"
            else "The store and its tasks are simulated (written for the kit); the agent is the model at "
            f"{agent.params['endpoint']}."
        )
        files = write_agent_report(args.agent_report, [run], tasks, note=note, title=f"Agent evaluation: {run.agent}")
        print(f"report: {files.html}")
    if errors > args.max_errors:
        print(
            f"aipm eval: error: {errors} of {len(run.trials)} trials ended in an adapter error (--max-errors "
            f"{args.max_errors}); they are recorded in {args.out}; fix the cause and rerun with --fresh",
            file=sys.stderr,
        )
        return 2
    if args.threshold is not None and row["pass^k low"] < args.threshold:
        print(f"FAIL: pass^{args.k}'s lower bound {row['pass^k low']:.1%} is below the threshold {args.threshold:.1%}")
        return 1
    return 0


@_guard
def _compare(args) -> int:
    from . import runner, stats

    _check_share(args.alpha, "--alpha", open_interval=True)
    base, cand = runner.load_run(args.baseline), runner.load_run(args.candidate)
    try:
        comp = stats.compare_runs(base, cand, metric=args.metric, seed=args.seed)
    except ValueError as exc:
        raise ValueError(f"comparing {args.baseline} with {args.candidate}: {exc}") from None
    print(repr(comp))
    print(comp.table().to_string())
    regression = comp.difference.estimate < 0 and comp.pvalue < args.alpha
    print("significant regression" if regression else "no significant regression")
    return 1 if regression else 0


@_guard
def _gate(args) -> int:
    from . import gate, report, runner

    _check_share(args.threshold, "--threshold")
    _check_share(args.alpha, "--alpha", open_interval=True)
    _check_share(args.max_error_rate, "--max-error-rate")
    for flag, value in (("--margin", args.margin), ("--topic-margin", args.topic_margin)):
        if not 0 <= value <= 1:  # NaN fails too
            raise ValueError(f"{flag} must be a share from 0 to 1 (0.02 = 2 points), got {value}")
    if args.min_n < 1:
        raise ValueError(f"--min-n must be >= 1, got {args.min_n}")
    cand = runner.load_run(args.candidate)
    base = runner.load_run(args.baseline) if args.baseline else None
    if cand.n_ok == 0:
        raise ValueError(f"results file {args.candidate} has no scored cases: all {cand.n} ended in an error")
    try:
        decision = gate.release_gate(
            cand,
            base,
            threshold=args.threshold,
            margin=args.margin,
            topic_margin=args.topic_margin,
            alpha=args.alpha,
            max_error_rate=args.max_error_rate,
            min_n=args.min_n,
            seed=args.seed,
        )
    except ValueError as exc:
        against = f" against {args.baseline}" if args.baseline else ""
        raise ValueError(f"gating {args.candidate}{against}: {exc}") from None
    print(f"verdict: {decision.verdict} (exit {decision.exit_code})")
    print(repr(decision))
    if args.report:
        files = report.write_report(
            args.report,
            [r for r in (base, cand) if r is not None],
            comparison=decision.comparison,
            decision=decision,
            title=f"Release gate: {cand.model}",
        )
        print(f"report: {files.html}")
    return decision.exit_code


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
