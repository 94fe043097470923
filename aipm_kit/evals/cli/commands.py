"""What each ``aipm eval`` action does once its arguments are parsed (``run``, ``compare``, ``gate``), and the guard
that turns any error into one line on stderr and an exit code."""

from __future__ import annotations

import os
import sys

#: The exit code after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


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
        from ..runner import EvalInterrupted

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
    from .. import adapters, cases, runner, scorers

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
    from ...agents import ScriptedAgent, load_tasks, load_world, reliability
    from ...agents.log import run_logged
    from ...agents.tasks import store_dir

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
        from ...agents.chat import ChatAgent
        from .. import adapters

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
        from ...agents.report import write_agent_report

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
    from .. import runner, stats

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
    from .. import gate, report, runner

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
