# %% [markdown]
# # 11 · Portfolio: an evaluation harness with honest statistics
#
# A support assistant has a new version, v2. The dashboard says it answers more questions correctly than v1,
# the version in production. May it ship? This project builds the harness that answers that question honestly,
# and ends in a release gate and a portfolio write-up.
#
# **You will be able to**
#
# - score model answers against ground truth with several scorers, and say what each one misses;
# - report a pass rate with a Wilson interval, and compare two versions **on the same cases** (exact McNemar
#   test, paired bootstrap interval, wins, ties and losses);
# - check that a cheap judge agrees with human labels (Cohen's kappa) before letting it decide, and measure how
#   often it contradicts itself;
# - cluster failures into root causes, evaluate a live system with latency and errors, and gate a release on
#   the lower bound of an interval.
#
# **Time:** 60 minutes. **PM job:** performance governance and experiment design (real improvement versus
# random variation), with expectation management: every number comes with its interval.

# %% tags=["parameters"]
SEED = 42
FAST = False
THRESHOLD = 0.70       # the release bar: lower bound of the candidate's pass rate
MARGIN = 0.02          # a drop smaller than this (2 points) is tolerated
MAX_WORDS = 60         # answers longer than this count as padded
JUDGE_K = 5            # times the judge is asked about each answer
JUDGE_NOISE = 0.05     # how often the stand-in judge contradicts itself
BOT_ERROR_RATE = 0.04  # transient failures of the live retrieval bot
N_BOOT = 2000          # bootstrap resamples

# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_DECISION = ""       # your decision, its reasons and what would change your mind
MY_LIMITATIONS = ""    # what this analysis cannot tell you, in your words
# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from aipm_kit import plots, story
from aipm_kit.evals import adapters, cases, clusters, gate, judges, report, runner, scorers, stats
from aipm_kit.exercises import ____, nb11

pd.set_option("display.html.use_mathjax", False)  # prices in tables ("$5 fee") are money, not maths
n_boot = 1000 if FAST else N_BOOT
se = cases.load_support_eval()
suite = se.cases.sample(100, seed=SEED) if FAST else se.cases
work = Path(tempfile.mkdtemp(prefix="aipm-eval-"))  # results logs, the response cache and the report
story.md(f"The evaluation set has **{len(suite)}** customer questions over {', '.join(suite.tags)}, "
         f"a knowledge base of **{len(se.kb)}** help articles, answers from **{len(se.responses)}** "
         f"assistant versions and **{len(se.human_labels)}** pass/fail judgements by a reviewer. All of it is "
         "**simulated**, written for the kit: the answers, their latency and cost, and the reviewer's labels "
         "(about 4% deliberately flipped, as honest reviewer mistakes). The methods carry over to real logs; "
         "the numbers are this simulation's.")

# %% [markdown]
# ## 1 · The cases
#
# Each case is one JSON line: a unique `id`, the customer's `input`, the `expected` key fact (a string or a
# list of acceptable phrasings), `tags` to slice by and `metadata` with a full reference answer. The loader
# refuses duplicate ids, a case without `expected`, and a malformed line (naming its number).

# %%
suite.to_frame().head(5)

# %% tags=["nbval-check-output"]
print(suite.to_frame()["tags"].value_counts().sort_index().to_string())

# %% [markdown]
# ## 2 · Models are callables, scorers are pure functions
#
# A model is anything that turns a question into an answer: recorded answers (the offline default here), a
# Python function, the kit's retrieval bot, or an OpenAI-compatible HTTP endpoint. A scorer takes the answer
# and the expected answer and returns a value, a pass/fail verdict and a reason. We gate on two scorers: the
# answer must **state the key fact**, and it must be **to the point** (at most `MAX_WORDS` words). ROUGE-L and
# token F1 against the reference answer are reported beside them, not gated on.

# %%
SCORERS = {
    "key_fact": scorers.includes,                                     # states the expected key fact
    "concise": scorers.scorer(scorers.concise, max_words=MAX_WORDS),  # no padding
    "rouge_l": scorers.on_reference(scorers.rouge_l),                 # against the full reference answer
    "token_f1": scorers.on_reference(scorers.token_f1),
}
GATE_ON = ["key_fact", "concise"]
models = {v: adapters.RecordedModel(path) for v, path in se.responses.items()}
lexical = {v: runner.run_eval(suite, m, SCORERS, gate_on=GATE_ON, results=work / f"lexical_{v}.jsonl",
                              cache=work / "cache") for v, m in models.items()}
rerun = runner.run_eval(suite, models["v2"], SCORERS, gate_on=GATE_ON, cache=work / "cache")
story.md(f"First run of v2: **{lexical['v2'].calls}** model calls. The same run again: **{rerun.calls}** calls, "
         f"**{rerun.cache_hits}** answers from the content-addressed cache (model, parameters and input hashed), "
         f"spend ${rerun.spend_usd:.2f}. A crashed run resumes from its results log by case id.")

# %% [markdown]
# One answer, every scorer. Notice how differently they judge the same text.

# %%
example = suite[int(np.argmax([len(str(r.response)) for r in lexical["v2"].results]))]
answer = lexical["v2"].by_id()[example.id].response
pd.DataFrame([{"scorer": name, "value": round(s.value, 3), "passed": s.passed, "reason": s.reason}
              for name, s in lexical["v2"].by_id()[example.id].scores.items()])

# %% [markdown]
# A warning about ROUGE-L: the widely used `rouge-score` package keeps only the ASCII letters `a-z` and digits,
# so accented and non-Latin words vanish. The kit's `rouge_l` reproduces it exactly by default and offers a
# Unicode-aware tokeniser:

# %% tags=["nbval-check-output"]
print("rouge-score tokens of 'Café crème':", scorers.rouge_tokens("Café crème"))
print("default:", scorers.rouge_l("Café crème", "cafe creme").value,
      "| unicode, accents folded:", scorers.rouge_l("Café crème", "cafe creme", tokenizer="unicode",
                                                    fold_accents=True).value)

# %% [markdown]
# ## 3 · Pass rates come with intervals
#
# An error (here: calls that timed out when the answers were recorded) is its own status: it is left out of
# the pass rate and counted, never scored as a fail or a zero. The interval is Wilson's, which behaves well at
# small n and near 0% or 100%.

# %%
def rate_table(runs):
    rows = []
    for v, run in runs.items():
        iv = run.pass_rate()
        rows.append({"version": v, "scored": run.n_ok, "errors": run.n_error, "passed": run.n_passed,
                     "pass_rate": iv.estimate, "ci_low": iv.low, "ci_high": iv.high,
                     "cost_usd": run.cost_usd, "p50_latency_s": run.latency_quantiles()[0.5]})
    return pd.DataFrame(rows)


lexical_rates = rate_table(lexical)
lexical_rates.round(3)

# %% tags=["nbval-check-output"]
print(lexical_rates[["version", "scored", "errors", "passed"]].to_string(index=False))
print(lexical_rates[["pass_rate", "ci_low", "ci_high"]].round(3).to_string(index=False))

# %% [markdown]
# ## 4 · Compare versions on the same cases
#
# Two versions answered the same questions, so compare them **pair by pair**: most cases pass (or fail) under
# both and say nothing about which version is better. The exact McNemar test uses only the cases that
# flipped; the paired bootstrap gives an interval for the difference in pass rate.

# %%
lex_cmp = stats.compare_runs(lexical["v1"], lexical["v2"], n_boot=n_boot, seed=SEED)
lex_cmp.table()

# %% tags=["nbval-check-output"]
print(f"wins {lex_cmp.wins}, ties {lex_cmp.ties}, losses {lex_cmp.losses}; exact McNemar p = {lex_cmp.p_value:.3g}")
print(f"difference {lex_cmp.difference.estimate * 100:+.1f} points")

# %%
story.md(f"On the lexical scorers, v2 against v1: **{lex_cmp.sentence}** (exact McNemar p = "
         f"{lex_cmp.p_value:.3g}). The flipped cases come first, losses before wins, so the review starts "
         f"with what v2 broke:")
lex_cmp.flipped[["case_id", "change", "tags", "baseline_response", "candidate_response"]].head(6)

# %% [markdown]
# ## 5 · Slices, and the multiple-comparisons trap
#
# Slicing by topic is where false alarms breed: test four slices at 5% and the chance that at least one looks
# "significant" by luck is far above 5%. Holm's correction keeps the family-wise error rate at 5%, and a slice
# with too few cases gets a warning instead of a verdict.

# %%
lex_slices = stats.compare_by_tag(lexical["v1"], lexical["v2"], min_n=30, n_boot=n_boot, seed=SEED)
lex_slices.to_frame().round(3)

# %%
best_slice = lex_slices.frame.sort_values("p_value").iloc[0]
story.md(f"The most striking slice is **{best_slice['tag']}** ({best_slice['difference'] * 100:+.1f} points, raw "
         f"p = {best_slice['p_value']:.3f}); after Holm's correction its p-value is "
         f"{best_slice['p_holm']:.3f}, so it {'still is' if best_slice['significant'] else 'is no longer'} "
         f"significant at 5%.")

# %% [markdown]
# ## 6 · Validate the judge before it decides
#
# The lexical scorers are cheap, but are they right? A (simulated) human reviewer judged a subset of answers from all
# three versions (pass = correct, grounded in the knowledge base, and to the point). We compare three cheap
# signals with those labels: the lexical gate, one vote of a rubric judge, and the majority of `JUDGE_K` votes.
# The judge here is the kit's offline stand-in for an LLM judge (`RubricJudge`): it applies the same rubric
# with text rules and, like a sampled LLM, sometimes contradicts itself. Swap in `judges.ChatJudge` around a
# real endpoint and the code below stays the same.

# %%
judge = judges.RubricJudge(se.kb, noise=JUDGE_NOISE, seed=SEED, max_words=MAX_WORDS)
labels = se.human_labels[se.human_labels["id"].isin(suite.ids)]
items, lexical_pass = [], []
for row in labels.itertuples():
    case, result = suite[row.id], lexical[row.version].by_id()[row.id]
    items.append({"case_id": row.id, "version": row.version, "question": case.input, "response": result.response,
                  "reference": case.reference, "expected": case.expected})
    lexical_pass.append(bool(result.passed))
votes = judges.judge_repeatedly(judge, items, k=JUDGE_K)
signals = {"lexical gate": lexical_pass, "judge, one vote": votes.first_vote(),
           f"judge, majority of {JUDGE_K}": votes.frame["majority"].to_numpy()}
agreements = {name: judges.agreement(lab, labels["label"], judge=name) for name, lab in signals.items()}
agree_table = pd.concat([a.to_frame() for a in agreements.values()], ignore_index=True)
agree_table.round(3)

# %% tags=["nbval-check-output"]
print(agree_table[["judge", "n", "kappa", "agreement"]].round(3).to_string(index=False))
print(f"answers with mixed votes: {votes.flaky_share:.3f}")

# %%
by_version = {v: judges.agreement(np.array(lexical_pass)[(labels["version"] == v).to_numpy()],
                                  labels.loc[labels["version"] == v, "label"], judge=v).kappa
              for v in sorted(labels["version"].unique())}
worst_v = min(by_version, key=by_version.get)
story.md(f"The judge contradicted itself on **{votes.flaky_share:.0%}** of answers across {JUDGE_K} asks: a "
         f"single vote agrees with the reviewer at kappa {agreements['judge, one vote'].kappa:.2f}, the majority "
         f"at {agreements[f'judge, majority of {JUDGE_K}'].kappa:.2f}. The lexical gate agrees at "
         f"{agreements['lexical gate'].kappa:.2f} overall but only {by_version[worst_v]:.2f} on **{worst_v}**'s "
         f"answers: it credits an answer that states the right number even when it also invents a policy.")

# %% [markdown]
# ## 7 · The comparison again, with the validated judge
#
# The judge becomes a scorer (asked `JUDGE_K` times; the majority decides) and the runs are scored again.

# %%
JUDGED = {"judge": judges.as_scorer(judge, k=JUDGE_K), "key_fact": scorers.includes}
judged = {v: runner.run_eval(suite, m, JUDGED, gate_on=["judge"], results=work / f"judged_{v}.jsonl",
                             cache=work / "cache") for v, m in models.items()}
judged_rates = rate_table(judged)
judge_cmp = stats.compare_runs(judged["v1"], judged["v2"], n_boot=n_boot, seed=SEED)
story.md(f"With the judge, v2 against v1: **{judge_cmp.sentence}** (exact McNemar p = {judge_cmp.p_value:.3g}), "
         f"against {lex_cmp.sentence} on the lexical scorers.")

# %% tags=["nbval-check-output"]
print(judged_rates[["version", "scored", "passed"]].to_string(index=False))
print(f"v2 - v1: {judge_cmp.difference.estimate * 100:+.1f} points; McNemar p = {judge_cmp.p_value:.3g}")

# %%
fig, ax = plots.figure()
x = np.arange(len(judged_rates))
for offset, (label, table, colour) in enumerate([("lexical scorers", lexical_rates, plots.ACCENT),
                                                 ("validated judge", judged_rates, plots.NEUTRAL)]):
    pos = x + (offset - 0.5) * 0.3
    ax.bar(pos, table["pass_rate"] * 100, width=0.3, color=colour, label=label, alpha=0.85)
    ax.errorbar(pos, table["pass_rate"] * 100, yerr=[(table["pass_rate"] - table["ci_low"]) * 100,
                                                     (table["ci_high"] - table["pass_rate"]) * 100],
                fmt="none", ecolor="black", capsize=4)
ax.axhline(THRESHOLD * 100, color=plots.BAD, ls="--", lw=1, label=f"release bar {THRESHOLD:.0%}")
ax.set_xticks(x, judged_rates["version"])
ax.set_ylim(0, 100)
verb = "flatter" if lex_cmp.difference.estimate > judge_cmp.difference.estimate else "understate"
plots.finish(ax, title=f"The lexical scorers {verb} v2: {lex_cmp.difference.estimate * 100:+.1f} points become "
             f"{judge_cmp.difference.estimate * 100:+.1f} with the validated judge",
             xlabel="Assistant version", ylabel="Pass rate (%, 95% Wilson CI)",
             takeaway="Check a cheap scorer against human labels before it decides a release.")
story.record_figure("before_after", fig, caption=(
    f"Pass rate by version: lexical scorers against the judge validated on human labels "
    f"(v2 - v1: {lex_cmp.difference.estimate * 100:+.1f} vs {judge_cmp.difference.estimate * 100:+.1f} points)."))
plt.close(fig)

# %% [markdown]
# ## 8 · Failure clusters: where to look first
#
# The failing answers of v2 (judge-scored), with the scorers' reasons, go through TF-IDF and seeded k-means.
# Each cluster is a root-cause starting point, not a diagnosis: read the examples.

# %%
fc = clusters.cluster_failures(judged["v2"], seed=SEED)
fc.to_frame()[["cluster", "size", "share", "top terms", "examples"]]

# %% tags=["nbval-check-output"]
print(f"{fc.n_failures} failures in {fc.k} clusters; sizes {[c.size for c in fc.clusters]}")

# %% [markdown]
# ## 9 · A live system, offline: latency, errors and retries
#
# The kit's retrieval bot answers from the knowledge base with simulated latency and transient upstream
# failures (seeded). Without retries some calls fail; the runner records them as errors with their reason,
# never as wrong answers. Retries with backoff recover most of them.

# %%
bot = adapters.SupportBot(se.kb, seed=SEED, error_rate=BOT_ERROR_RATE)
live_once = runner.run_eval(suite, bot, SCORERS, gate_on=GATE_ON, retries=0, timeout=5)
bot_retry = adapters.SupportBot(se.kb, seed=SEED, error_rate=BOT_ERROR_RATE)
live = runner.run_eval(suite, bot_retry, SCORERS, gate_on=GATE_ON, retries=2, backoff=0.0, timeout=5)
lat = live.latency_quantiles((0.5, 0.95))
story.md(f"Without retries **{live_once.n_error}** of {live_once.n} calls failed; with two retries "
         f"**{live.n_error}**. The bot passes {live.pass_rate().estimate:.0%} of scored cases (95% CI "
         f"{live.pass_rate().low:.0%} to {live.pass_rate().high:.0%}), median latency {lat[0.5] * 1000:.0f} ms, "
         f"p95 {lat[0.95] * 1000:.0f} ms.")

# %% tags=["nbval-check-output"]
print(f"errors without retries: {live_once.n_error}; with retries: {live.n_error}")
print(f"bot pass rate: {live.pass_rate().estimate:.3f}")

# %% [markdown]
# ## 10 · The release gate
#
# v2 ships only if the **lower bound** of its pass rate clears the bar, no significant regression beyond the
# margin appears (overall, or in a topic with enough cases, Holm-corrected), and its error rate is within
# budget. The gate says so in one sentence.

# %%
decision = gate.release_gate(judged["v2"], judged["v1"], threshold=THRESHOLD, margin=MARGIN, n_boot=n_boot,
                             seed=SEED)
story.md(f"**{decision.verdict}** for v2: {decision.sentence}. Pass rate {decision.pass_rate.estimate:.1%} "
         f"(95% CI {decision.pass_rate.low:.1%} to {decision.pass_rate.high:.1%}) against a bar of "
         f"{THRESHOLD:.0%} on the lower bound.")
decision.to_gate("Release gate: v2 (judge-scored)")

# %% [markdown]
# ## Exercises
#
# The checks below use this run's numbers: change a parameter above, re-run, and the expected answers move
# with it.

# %%
kappas = {"lexical": agreements["lexical gate"].kappa, "judge_once": agreements["judge, one vote"].kappa,
          "judge_majority": agreements[f"judge, majority of {JUDGE_K}"].kappa}
q1, q2, q3 = nb11.bind(comparison=lex_cmp, kappas=kappas, gate_rate=decision.pass_rate, n_cases=len(suite))

# %% [markdown]
# **Exercise 1.** McNemar's test uses only the cases whose verdict changed between v1 and v2 (section 4,
# lexical scorers). How many cases is that? Set `q1_answer` to the number.

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = lex_cmp.mcnemar_b + lex_cmp.mcnemar_c
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(lex_cmp.n_pairs)
assert q1.check(____).correct is None

# %% [markdown]
# **Exercise 2.** Which signal should decide pass or fail in the release gate: `"lexical"`, `"judge_once"` or
# `"judge_majority"`? Base the answer on the agreement table of section 6.

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = max(kappas, key=kappas.get)
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(min(kappas, key=kappas.get))
assert q2.check(____).correct is None

# %% [markdown]
# **Exercise 3.** Compute the number the gate compares with the bar: the lower bound of the 95% Wilson interval
# of v2's judge-scored pass rate.

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = stats.wilson_interval(judged["v2"].n_passed, judged["v2"].n_ok).low
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(decision.pass_rate.estimate)
assert q3.check(____).correct is None

# %% [markdown]
# ## 11 · The report
#
# One self-contained HTML file (styles and figures inline: attach it to the release ticket), plus the same
# content as JSON for CI and Markdown for a pull request. On the command line the same gate is
# `aipm eval gate runs/v2.jsonl --baseline runs/v1.jsonl --threshold 0.7 --report build/eval`, which exits 0
# (GO), 1 (NO-GO) or 2 (error), so it can block a release.

# %%
files = report.write_report(work / "eval_report", [judged["v1"], judged["v2"]], comparison=judge_cmp,
                            decision=decision, clusters=fc, title="Support assistant v2: release evaluation",
                            figures={"Pass rate by version": fig})
print([p.name for p in (files.html, files.json, files.markdown)])

# %% [markdown]
# ## Your call
#
# The write-up is yours: it quotes your decision and your limitations word for word. Write them in
# the parameters cell at the top (`MY_DECISION`, `MY_LIMITATIONS`) and re-run the notebook, or pass
# them on the command line: `aipm writeup notebooks/11_portfolio_eval_harness.ipynb -p MY_DECISION "..."`.
# Left empty, the write-up shows the kit's suggested wording below, marked as a suggestion, and
# `aipm writeup` says which sections still use it. Decide from the evidence above, not from the
# suggestion: a different call that the numbers support is a better portfolio piece than a copy.

# %% [markdown]
# ## 12 · What goes into the write-up

# %%
lex_v2, jud_v2 = lexical["v2"].pass_rate(), judged["v2"].pass_rate()
invented = sum(1 for r in judged["v2"].results if r.status == "ok" and r.scores["key_fact"].passed and not r.passed)
story.record("eval_lexical_diff_points", round(lex_cmp.difference.estimate * 100, 2), label="v2 - v1, lexical scorers (points)")
story.record("eval_judge_diff_points", round(judge_cmp.difference.estimate * 100, 2), label="v2 - v1, validated judge (points)")
story.record("eval_judge_diff_low", round(judge_cmp.difference.low * 100, 2), label="v2 - v1 judge, CI low (points)")
story.record("eval_judge_diff_high", round(judge_cmp.difference.high * 100, 2), label="v2 - v1 judge, CI high (points)")
story.record("eval_mcnemar_p", judge_cmp.p_value, label="Exact McNemar p (judge)", fmt="{:.3g}")
story.record("eval_v2_pass_rate", jud_v2.estimate, label="v2 pass rate (judge)", fmt="{:.1%}")
story.record("eval_v2_pass_low", jud_v2.low, label="v2 pass rate, 95% CI low", fmt="{:.1%}")
story.record("eval_kappa_lexical", kappas["lexical"], label="Kappa, lexical gate vs human", fmt="{:.2f}")
story.record("eval_kappa_judge", kappas["judge_majority"], label="Kappa, judge majority vs human", fmt="{:.2f}")
story.record("eval_judge_flaky_share", votes.flaky_share, label="Answers with mixed judge votes", fmt="{:.1%}")
story.record("eval_bot_errors_no_retry", live_once.n_error, label="Live bot errors without retries")
story.record("eval_n_cases", len(suite), label="Evaluation cases")
story.record("eval_verdict", decision.verdict, label="Release verdict");

# %%
cost_v = {v: judged[v].cost_usd / judged[v].n for v in judged}
story.record("writeup_title", "Support assistant v2: may it ship? An evaluation harness with honest statistics",
             label="Title")
story.record("writeup_business_risk",
             f"A support assistant that invents a refund rule or quotes last year's price costs money and trust: "
             f"on lexical scorers v2 scored {lex_cmp.difference.estimate * 100:+.1f} points against v1, but "
             f"{invented} of its {judged['v2'].n_ok} scored answers stated the right fact while failing the "
             f"judge's rubric (invented policies or padding).", label="Business risk")
why = ("v2 clears the bar and shows no significant regression, though its gain over v1 is "
       + ("decisive" if judge_cmp.difference.low > 0 else "not proven")) if decision.passed else (
       "failed: " + "; ".join(decision.to_gate().failed))
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", suggestion=
             f"{decision.verdict} for v2 ({why}). Against v1, {judge_cmp.sentence}. The gate asks the lower bound "
             f"of the judge-scored pass rate ({jud_v2.low:.1%}) to clear {THRESHOLD:.0%}, no significant regression "
             f"beyond {MARGIN * 100:.0f} points and at most 5% errors. The judge decides because it agrees with the "
             f"simulated human reviewer at kappa {kappas['judge_majority']:.2f}, the lexical scorers at "
             f"{kappas['lexical']:.2f} ({by_version['v2']:.2f} on v2's answers).", label="Decision")
story.record("writeup_technical_result",
             f"Validated judge: v2 passes {jud_v2.estimate:.1%} (95% Wilson CI {jud_v2.low:.1%} to {jud_v2.high:.1%}) "
             f"on {judged['v2'].n_ok} cases; v2 - v1 {judge_cmp.sentence}, exact McNemar p = "
             f"{judge_cmp.p_value:.3g} ({judge_cmp.mcnemar_c} fixed, {judge_cmp.mcnemar_b} broken).",
             label="Technical result")
story.record("writeup_business_result",
             f"Out of every 1,000 customer questions, v2 would answer about {jud_v2.estimate * 1000:.0f} acceptably "
             f"(plausibly {jud_v2.low * 1000:.0f} to {jud_v2.high * 1000:.0f}) against "
             f"{judged['v1'].pass_rate().estimate * 1000:.0f} for v1; the lexical dashboard would have promised "
             f"{lex_v2.estimate * 1000:.0f}.", label="Business result")
story.record("writeup_latency_cost",
             f"Simulated median latency: v1 {judged_rates.loc[0, 'p50_latency_s']:.2f} s, v2 "
             f"{judged_rates.loc[1, 'p50_latency_s']:.2f} s; cost ${cost_v['v1'] * 1000:.2f} against "
             f"${cost_v['v2'] * 1000:.2f} per 1,000 answers. The live bot's p95 latency is "
             f"{lat[0.95] * 1000:.0f} ms, and {live_once.n_error} of {live_once.n} calls failed without retries.",
             label="Latency and cost")
story.record("writeup_ethics",
             f"Checked slices by topic with Holm's correction (slices under 30 cases flagged) and validated the "
             f"judge against a simulated human reviewer (kappa {kappas['judge_majority']:.2f}); the set is English-only, so "
             f"customers writing in other languages are not covered, and ROUGE-style scorers drop non-ASCII text.",
             label="Ethics")
story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS", suggestion=
             f"{len(suite)} questions and answers simulated for the kit, one simulated reviewer on {len(labels)} answers, and an "
             f"offline stand-in judge whose votes split on {votes.flaky_share:.0%} of answers; intervals cover "
             f"sampling noise, not a shift in what customers ask.", label="Limitations");

# %%
decision.to_gate("Release gate: v2 (judge-scored)").record()
