"""``aipm eval run|compare|gate``: the harness on the command line, ready to block a release in CI.

Exit codes: **0** pass, **1** fail (the gate or threshold says no, or a
significant regression), **2** error (bad input, unreadable files, a broken
endpoint configuration).

    aipm eval run --responses datasets/support_eval/responses_v2.jsonl --out runs/v2.jsonl
    aipm eval run --endpoint http://127.0.0.1:8000/v1 --model my-bot --out runs/live.jsonl --cache .evalcache
    aipm eval compare runs/v1.jsonl runs/v2.jsonl
    aipm eval gate runs/v2.jsonl --baseline runs/v1.jsonl --threshold 0.8 --report build/eval_report
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["register_cli", "main"]


def register_cli(subparsers) -> None:
    p = subparsers.add_parser("eval", help="evaluate model answers: run, compare, gate (exit 0 pass, 1 fail, 2 error)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="eval_command", metavar="ACTION")

    r = sub.add_parser("run", help="run a model over cases and score the answers (resumes if --out exists)")
    r.add_argument("--cases", help="cases JSONL (default: the shipped support evaluation set)")
    src = r.add_mutually_exclusive_group(required=True)
    src.add_argument("--responses", help="recorded responses JSONL (id, response)")
    src.add_argument("--endpoint", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
    src.add_argument("--bot", action="store_true", help="the kit's retrieval bot over the shipped knowledge base")
    r.add_argument("--model", help="model name sent to --endpoint", default="default")
    r.add_argument("--out", required=True, help="results JSONL (appended; an existing file is resumed)")
    r.add_argument("--cache", help="folder for the content-addressed response cache")
    r.add_argument("--scorer", action="append", dest="scorers",
                   help="scorer name (repeatable): exact_match, includes, token_f1, rouge_l, numeric_close, concise")
    r.add_argument("--gate-on", action="append", help="scorers that decide pass (default: all)")
    r.add_argument("--workers", type=int, default=4)
    r.add_argument("--timeout", type=float, default=30.0, help="seconds per call")
    r.add_argument("--retries", type=int, default=1)
    r.add_argument("--retry-errors", action="store_true", help="run cases that ended in an error again")
    r.add_argument("--threshold", type=float, help="fail (exit 1) when the pass rate's lower bound is below this")
    r.set_defaults(func=_run)

    c = sub.add_parser("compare", help="paired comparison of two results files (exit 1 on a significant regression)")
    c.add_argument("baseline")
    c.add_argument("candidate")
    c.add_argument("--metric", default="passed", help="'passed' or a scorer name")
    c.add_argument("--alpha", type=float, default=0.05)
    c.add_argument("--seed", type=int, default=0)
    c.set_defaults(func=_compare)

    g = sub.add_parser("gate", help="the release gate on a results file (exit 0 GO, 1 NO-GO)")
    g.add_argument("candidate")
    g.add_argument("--baseline")
    g.add_argument("--threshold", type=float, default=0.8)
    g.add_argument("--margin", type=float, default=0.02)
    g.add_argument("--alpha", type=float, default=0.05)
    g.add_argument("--max-error-rate", type=float, default=0.05)
    g.add_argument("--min-n", type=int, default=30)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--report", help="write <REPORT>.html, .json and .md")
    g.set_defaults(func=_gate)
    p.set_defaults(func=_help(p))


def _help(parser):
    def show(args) -> int:
        parser.print_help()
        return 2

    return show


def _guard(fn):
    def wrapped(args) -> int:
        try:
            return fn(args)
        except (ValueError, TypeError, FileNotFoundError, OSError, RuntimeError) as exc:
            print(f"aipm eval: error: {exc}", file=sys.stderr)
            return 2

    wrapped.__name__ = fn.__name__
    return wrapped


@_guard
def _run(args) -> int:
    from . import adapters, cases, runner, scorers

    cs = cases.load_cases(args.cases) if args.cases else cases.load_support_eval().cases
    if args.responses:
        model = adapters.RecordedModel(args.responses)
    elif args.endpoint:
        model = adapters.OpenAIChat(args.endpoint, args.model, timeout=args.timeout, retries=args.retries)
    else:
        model = adapters.SupportBot(cases.load_support_eval().kb)
    names = args.scorers or ["includes"]
    unknown = [n for n in names if n not in scorers.LEXICAL_SCORERS]
    if unknown:
        raise ValueError(f"unknown scorer(s) {unknown}; choose from {sorted(scorers.LEXICAL_SCORERS)}")
    run = runner.run_eval(cs, model, {n: scorers.LEXICAL_SCORERS[n] for n in names}, gate_on=args.gate_on,
                          results=args.out, cache=args.cache, workers=args.workers, timeout=args.timeout,
                          retries=0 if args.endpoint else args.retries, retry_errors=args.retry_errors)
    print(repr(run))
    if run.n_ok == 0:
        print("nothing was scored: every call ended in an error", file=sys.stderr)
        return 2
    rate = run.pass_rate()
    print(f"pass rate {rate.estimate:.1%}, 95% CI [{rate.low:.1%}, {rate.high:.1%}]; "
          f"{run.n_error} error(s); spend ${run.spend_usd:.4f}")
    if args.threshold is not None and rate.low < args.threshold:
        print(f"FAIL: the lower bound {rate.low:.1%} is below the threshold {args.threshold:.1%}")
        return 1
    return 0


@_guard
def _compare(args) -> int:
    from . import runner, stats

    base, cand = runner.load_run(args.baseline), runner.load_run(args.candidate)
    comp = stats.compare_runs(base, cand, metric=args.metric, seed=args.seed)
    print(repr(comp))
    print(comp.table().to_string())
    regression = comp.difference.estimate < 0 and comp.p_value < args.alpha
    print("significant regression" if regression else "no significant regression")
    return 1 if regression else 0


@_guard
def _gate(args) -> int:
    from . import gate, report, runner

    cand = runner.load_run(args.candidate)
    base = runner.load_run(args.baseline) if args.baseline else None
    decision = gate.release_gate(cand, base, threshold=args.threshold, margin=args.margin, alpha=args.alpha,
                                 max_error_rate=args.max_error_rate, min_n=args.min_n, seed=args.seed)
    print(repr(decision))
    if args.report:
        files = report.write_report(args.report, [r for r in (base, cand) if r is not None],
                                    comparison=decision.comparison, decision=decision,
                                    title=f"Release gate: {cand.model}")
        print(f"report: {files.html}")
    return decision.exit_code


def main(argv: list[str] | None = None) -> int:
    """``python -m aipm_kit.evals.cli ...`` (the same as ``aipm eval ...``)."""
    parser = argparse.ArgumentParser(prog="aipm")
    sub = parser.add_subparsers(dest="command")
    register_cli(sub)
    args = parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
