# %% [markdown]
# # 11 · Portfolio: an evaluation harness with honest statistics
#
# A support assistant has a new version, v2, and the team wants to replace v1, the version in production,
# with it. May it ship? This project builds the harness that answers that question honestly,
# and ends in a release gate and a portfolio write-up.
#
# **You will be able to**
#
# - score model answers against ground truth with several scorers, and say what each one misses;
# - report a pass rate with a Wilson interval, and compare two versions **on the same cases** (exact McNemar
#   test, Newcombe's paired interval for the difference, wins, ties and losses), and widen that interval when
#   cases come in families (a bootstrap that resamples whole help articles);
# - check that a cheap judge agrees with reviewer labels (simulated here; Cohen's kappa with a bootstrap interval) on the
#   version you are gating before letting it decide, and measure how often it contradicts itself;
# - say how often a version exactly as good as its baseline would pass a check on a few dozen cases before
#   claiming "no regression";
# - cluster failures into groups worth reading (a starting point for naming causes, not the causes), weigh what failed answers cost against a rules baseline and a human agent, and gate
#   a release on non-inferiority: v2 passes only when the whole interval of its difference clears the margin.
#
# **Time:** 65 minutes. **PM job:** performance governance and experiment design (real improvement versus
# random variation), with expectation management: every number comes with its interval.

# %% tags=["parameters"]
SEED = 42
FAST = False
THRESHOLD = None       # the release bar: the whole 95% interval of v2's pass rate must clear it. None: priced from
                       # the cost assumptions below (the break-even pass rate, every failed answer counted as wrong,
                       # rounded up to the point; worked out after exercise 4); or a share of your own, e.g. 0.75
LOSS_TOLERATED = 8_000 # dollars a month of extra wrong answers the business would not act on: the non-inferiority
                       # margin follows from it (exercise 1), before any comparison
TOPIC_MARGIN = None    # the largest drop in one topic the business tolerates. None: priced from LOSS_TOLERATED
                       # (section 1, before any result: the drop in the largest topic that costs no more than
                       # the tolerance, rounded down to the point); or a share of your own, e.g. 0.10
MAX_ERROR_RATE = 0.05  # error budget: the whole 95% interval of v2's share of failed calls must stay under it
MIN_TOPIC_N = 30       # a topic with fewer cases gets a warning instead of a test (how many a verdict needs: the plan)
# The sample-size plan, written before any comparison (rule: plan, then test). The minimum effect is "no drop at
# all": a version exactly as good as v1 should pass its check with PLAN_POWER. The kit's authors chose these
# assumptions and also wrote the simulator, so they sit close to what the simulation shows; a real team takes
# them from its past releases' logs, which this kit does not have.
PLAN_POWER = 0.80      # chance an equal version (or topic) passes its check, at the planned size
PLAN_FLIP_RATE = 0.20  # assumed share of paired cases whose verdict flips between two versions
PLAN_PASS_RATE = 0.75  # v1's pass rate as expected before the test
PLAN_JUDGE_KAPPA = 0.80  # the label plan: a judge this good should clear JUDGE_KAPPA_MIN on all three sets of
                         # answers it is validated on (v2's, v1's, the rules baseline's) together with PLAN_POWER
PLAN_JUDGE_DISAGREE = 0.07  # assumed share of labelled answers on which judge and reviewer disagree, v1's and v2's
                            # shares added: sizes the lean-corrected line's plan (section 11), set before any label
JUDGE_KAPPA_MIN = 0.60 # a scorer may decide only if its kappa with labels on the answers it scores clears this
MAX_WORDS = 60         # answers longer than this count as padded
JUDGE_K = 5            # times the judge is asked about each answer
DECIDING_SIGNAL = None # which judge reading scores the runs from section 7 on: "judge_majority" (JUDGE_K votes, the
                       # majority decides) or "judge_once" (one vote, 1/JUDGE_K of the calls). None: the kit's rule,
                       # fixed before any kappa is seen: the one whose 95% kappa low end on v2's labels is higher; on
                       # a tie, the single vote, which costs less to run. A rule, not a finding: set it to choose
                       # yourself (section 7 prints whether the labels tell the two readings apart)
JUDGE_NOISE = 0.05     # chance that one vote of the stand-in judge is flipped (doubled on borderline answers)
BOT_ERROR_RATE = 0.04  # transient failures of the live retrieval bot
N_BOOT = 2000          # bootstrap resamples

# Cost assumptions: the one set every cost line uses (edit them; the answers' per-call costs are simulated,
# these prices are yours)
HUMAN_COST_PER_QUESTION = 6.00    # dollars for a human agent to answer one question (the alternative to the bot)
COST_WRONG_ANSWER = 20.00         # dollars a wrong bot answer costs: the customer escalates to that agent (6),
                                  # plus a wrong promise honoured and goodwill lost (14)
COST_PADDED = 2.00                # dollars a padded answer that states the key fact costs (filler to read; a few
                                  # customers ask again)
QUESTIONS_PER_MONTH = 20_000      # support questions a month
LEGAL_PRICE = 28.00               # exercise 4's what-if: a price of a wrong answer legal might set (dollars)

# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_BUSINESS_RISK = ""  # the problem, in your words: what a wrong answer costs and what this release decides
MY_WHAT_I_DID = ""     # what you built and chose, a short line each (Markdown "- " lines are fine)
MY_DECISION = ""       # your decision, its reasons and what would change your mind
MY_LIMITATIONS = ""    # what this analysis cannot tell you, in your words
MY_BUSINESS_RESULT = ""  # what the result means for the business, in your words
MY_ETHICS = ""         # who this release could treat worse and what is not measured, in your words
MY_CLUSTER_NAMES = ""  # your names for the failure clusters of section 8, in the table's order, separated by ";"
                       # (e.g. "padding; ..."): the write-up quotes them as yours; empty: the clusters stay unnamed
MY_PROMPT_DECISION = ""  # your call on prompts A and B (exercise 5) and why; empty: the kit's suggestion, marked
MY_TITLE = ""          # the write-up's title, in your words; empty: the kit's title, marked as suggested
# %%
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from aipm_kit import gates, plots, story
from aipm_kit.formatting import sign_before_dollar
from aipm_kit.evals import adapters, cases, clusters, gate, judges, report, runner, scorers, stats
from aipm_kit.exercises import ____, is_blank, nb11

pd.set_option("display.html.use_mathjax", False)  # prices in tables ("$5 fee") are money, not maths
pd.set_option("display.max_colwidth", None)       # answers are read whole, never cut at 50 characters


def diff_text(cmp):
    """A paired difference in words: estimate and its 95% interval, in points (no verdict word)."""
    d = cmp.difference
    return (f"{d.estimate * 100:+.1f} points (95% Newcombe paired interval {d.low * 100:+.1f} to "
            f"{d.high * 100:+.1f})")

n_boot = 1000 if FAST else N_BOOT
LABEL_FLIP = 0.04  # the share of the simulated reviewer's labels the simulator flipped on purpose (its datasheet)
se = cases.load_support_eval()
suite = se.cases.sample(100, seed=SEED) if FAST else se.cases
scratch = tempfile.TemporaryDirectory(prefix="aipm-eval-")  # removed by the notebook's last cell
work = Path(scratch.name)  # results logs, the response cache and the report
story.md(f"The evaluation set has **{len(suite)}** customer questions over {', '.join(suite.tags)}, "
         f"a knowledge base of **{len(se.kb)}** help articles, answers from **{len(se.responses)}** "
         f"assistant versions ({', '.join(sorted(se.responses))}) and **{len(se.human_labels)}** pass/fail labels "
         "from a **simulated reviewer**. **v1** is in production; **v2** (a new prompt) is the candidate this "
         "notebook gates; **v3** (a smaller, cheaper model the team tried) is not up for release: it appears in the "
         "tables because its simulated timeouts show how errors are counted, and its labelled answers enter the "
         "kappa pooled over all versions and v3's own kappa rows (section 6), not the judge's validation on v2 or "
         "v1. All "
         "of it is **simulated**, written for the kit: the answers, their latency and cost, and the reviewer's "
         "labels, which are derived from the kind of answer the simulator wrote (correct, padded, invented ...) "
         f"with about {LABEL_FLIP:.0%} deliberately flipped: no person labelled these answers. The one set of hand labels is "
         "section 10b's: example answers written and labelled for the kit by its authors (one rater). The "
         "methods carry over to real logs; "
         "the numbers are this simulation's.")

# %% [markdown]
# ## 1 · The cases
#
# Each case is one JSON line: a unique `id`, the customer's `input`, the `expected` key fact (a string or a
# list of acceptable phrasings), `tags` to slice by and `metadata` with a full reference answer. The loader
# refuses duplicate ids, a case without `expected`, and a malformed line (naming its number).

# %%
suite.to_frame().head(5).rename_axis("simulated case")

# %% tags=["nbval-check-output"]
print(suite.to_frame()["tags"].value_counts().sort_index().to_string())

# %% [markdown]
# **Before any answer is scored: the margin.** The release gate (section 11) asks whether v2 is **not worse**
# than v1 by more than a margin. That margin is a business choice, and it is written down now, **before** any
# version's result is on screen: chosen after seeing the interval, it would simply be drawn wherever the
# interval happens to end.

# %% [markdown]
# ### Exercise 1 · Choose the non-inferiority margin

# %%
q1 = nb11.non_inferiority_margin(questions_per_month=QUESTIONS_PER_MONTH, cost_wrong=COST_WRONG_ANSWER,
                                 tolerated_loss=LOSS_TOLERATED, plan_flip_rate=PLAN_FLIP_RATE, n_cases=len(suite))
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = LOSS_TOLERATED / (QUESTIONS_PER_MONTH * COST_WRONG_ANSWER)  # the widest margin the tolerance allows
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer) and q1.check(q1_answer / 2)  # the widest margin, and a tighter one
assert not q1.check(q1_answer * 2.5) and not q1.check(0.2)
assert q1.check(____).correct is None

# %%
margin_priced = nb11.widest_margin(questions_per_month=QUESTIONS_PER_MONTH, cost_wrong=COST_WRONG_ANSWER,
                                 tolerated_loss=LOSS_TOLERATED)  # exercise 1's widest answer (its solution shows how)
margin_is_yours = isinstance(q1_answer, (int, float)) and bool(q1.check(q1_answer).correct)
MARGIN = float(q1_answer) if margin_is_yours else margin_priced  # the gate's margin, fixed before any comparison
margin_whose = ("chosen from the tolerated loss, before any comparison" if margin_is_yours else
                "the widest the tolerated loss allows, fixed before any comparison")
story.md(f"**The gate's margin: {MARGIN * 100:.3g} points**, " + (
    "your answer to exercise 1. " if margin_is_yours else
    f"the widest that `LOSS_TOLERATED` allows, because exercise 1 has no accepted answer yet; answer it and re-run "
    "from the top to hold v2 to yours. ")
    + "`MARGIN` holds it from here on: the sample-size plan (section 5), the release gate (section 11) and the "
      "write-up all use it.")
topic_sizes = pd.Series([t for c in suite for t in c.tags]).value_counts()  # case counts only: no result is read
largest_topic, largest_share = topic_sizes.index[0], topic_sizes.iloc[0] / len(suite)
topic_margin_priced = nb11.widest_margin(questions_per_month=largest_share * QUESTIONS_PER_MONTH,
                                        cost_wrong=COST_WRONG_ANSWER, tolerated_loss=LOSS_TOLERATED)
topic_margin_set = TOPIC_MARGIN is not None
if not topic_margin_set:
    TOPIC_MARGIN = float(np.floor(round(topic_margin_priced * 100, 6)) / 100)  # rounded down to the point
def topic_cost(m):
    """What a drop of m in the largest topic would cost a month (dollars)."""
    return nb11.margin_cost(m, questions_per_month=largest_share * QUESTIONS_PER_MONTH, cost_wrong=COST_WRONG_ANSWER)


topic_margin_text = {
    False: f"The gate uses **{TOPIC_MARGIN * 100:g} points**, that drop rounded down to the point (set "
           "`TOPIC_MARGIN` in the parameters to choose another, before the test).",
    True: f"`TOPIC_MARGIN` is set in the parameters to **{TOPIC_MARGIN * 100:g} points**; a drop that size in "
          f"{largest_topic} would cost about ${topic_cost(TOPIC_MARGIN):,.0f} a month, "
          + ("within" if topic_cost(TOPIC_MARGIN) <= LOSS_TOLERATED + 0.5 else "MORE than")
          + " the tolerance."}[topic_margin_set]
story.md(f"**The topic margin, priced from the same tolerance and fixed now too.** The gate also asks that "
         "v2 be at most `TOPIC_MARGIN` worse in every topic, for a drop in one topic hidden by gains elsewhere, which "
         f"the overall line would not see. The largest topic, {largest_topic}, holds "
         f"{topic_sizes.iloc[0]} of the {len(suite)} questions ({largest_share:.0%}); the pricing takes that as its "
         "share of the monthly traffic, an assumption (the set was written for the kit, not sampled from traffic; "
         "with real logs, take the share from them). Priced the way exercise 1 prices the overall margin, on "
         f"that share of the traffic, the largest drop there that costs no more than the ${LOSS_TOLERATED:,.0f} the "
         f"business would not act on is {topic_margin_priced * 100:.1f} points (a smaller topic could drop a little "
         f"more for the same money). {topic_margin_text} Section 5 holds each topic to it.")

# %% [markdown]
# ## 2 · Models are callables, scorers are pure functions
#
# A model is anything that turns a question into an answer: recorded answers (the offline default here), a
# Python function, the kit's retrieval bot, or an OpenAI-compatible HTTP endpoint. A scorer takes the answer
# and the expected answer and returns a value, a pass/fail verdict and a reason. We gate on two scorers: the
# answer must **state the key fact**, and it must be **to the point** (at most `MAX_WORDS` words). ROUGE-L and
# token F1 against the reference answer are shown for one answer below, to see what they read; nothing is gated on them.

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
         f"simulated spend ${rerun.spend_usd:.2f}. A crashed run resumes from its results log by case id.")

# %% [markdown]
# One answer, every scorer: v2's longest answer, then what each scorer makes of it.

# %%
example = suite[int(np.argmax([len(str(r.response)) for r in lexical["v2"].results]))]
answer = lexical["v2"].by_id()[example.id].response
story.md(f"**Question** ({example.id}, simulated): {example.input}\n\n**v2's answer** ({len(answer.split())} words): "
         f"{answer}")
pd.DataFrame([{"scorer": name, "value": round(s.value, 3),
               "passed": s.passed if name in GATE_ON else "not gated (no line)", "reason": s.reason}
              for name, s in lexical["v2"].by_id()[example.id].scores.items()]).set_index("scorer").rename_axis(
    "scorer (on v2's simulated answer)")

# %% [markdown]
# A warning about ROUGE-L: the widely used `rouge-score` package keeps only the ASCII letters `a-z` and digits,
# so an accented word is cut into fragments at its accents and a word in a non-Latin script vanishes. The kit's
# `rouge_l` reproduces it exactly by default and offers a Unicode-aware tokeniser:

# %% tags=["nbval-check-output"]
print("rouge-score tokens of 'Café crème':", scorers.rouge_tokens("Café crème"))
print("default:", scorers.rouge_l("Café crème", "cafe creme").value,
      "| unicode, accents folded:", scorers.rouge_l("Café crème", "cafe creme", tokenizer="unicode",
                                                    fold_accents=True).value)

# %% [markdown]
# ## 3 · Pass rates come with intervals
#
# An error (here: v3's simulated timeouts) is its own status: it is left out of
# the pass rate and counted, never scored as a fail or a zero. The interval is Wilson's, which behaves well at
# small n and near 0% or 100%.

# %%
def rate_table(runs):
    rows = []
    for v, run in runs.items():
        iv = run.pass_rate()
        rows.append({"version": v, "scored": run.n_ok, "errors": run.n_error, "passed": run.n_passed,
                     "pass rate": iv.estimate, "95% low (Wilson)": iv.low, "95% high (Wilson)": iv.high,
                     "simulated cost of the whole run, all calls ($)": run.cost_usd,
                     "simulated p50 latency (s)": run.latency_quantiles()[0.5]})
    return pd.DataFrame(rows)


lexical_rates = rate_table(lexical)
lexical_rates.set_index("version").rename_axis("version (simulated answers)").round(3)

# %% [markdown]
# Latency is part of the product too: v2's simulated median latency is in the last column. No latency budget
# is among this notebook's parameters, so no gate line holds it; section 11 comes back to it.

# %% tags=["nbval-check-output", "remove-cell"]
print(lexical_rates[["version", "scored", "errors", "passed"]].to_string(index=False))
print(lexical_rates[["pass rate", "95% low (Wilson)", "95% high (Wilson)"]].round(3).to_string(index=False))

# %% [markdown]
# ## 4 · Compare versions on the same cases
#
# Two versions answered the same questions, so compare them **pair by pair**: most cases pass (or fail) under
# both and say nothing about which version is better. The exact McNemar test uses only the cases that
# flipped. The difference in pass rate gets **Newcombe's hybrid score interval for paired proportions**
# (`interval="newcombe"`): pass/fail on the same cases is a difference of two proportions, and this interval is
# a formula on the four counts of the 2x2 table, so it has no resampling noise. It does treat every case as
# independent evidence, which these cases are not: section 7 comes back to that.
#
# The margin the release gate holds v2 to, `MARGIN`, was fixed after exercise 1, before any result. Now the
# comparison, on the lexical scorers first.

# %%
lex_cmp = stats.compare_runs(lexical["v1"], lexical["v2"], interval="newcombe")
lex_cmp.table().rename_axis("simulated answers, lexical scorers")

# %% [markdown]
# ### Exercise 2 · McNemar's test by hand

# %%
q2 = nb11.mcnemar_by_hand(comparison=lex_cmp)
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
from scipy.stats import binom

b, c = lex_cmp.mcnemar_b, lex_cmp.mcnemar_c
q2_answer = min(1.0, 2 * binom.cdf(min(b, c), b + c, 0.5))
print(f"by hand {q2_answer:.4f}; the kit {lex_cmp.p_value:.4f}")
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(q2_answer / 2) or q2_answer == 1.0
assert q2.check(____).correct is None


# %% tags=["nbval-check-output", "remove-cell"]
print(f"wins {lex_cmp.wins}, ties {lex_cmp.ties}, losses {lex_cmp.losses}; exact McNemar p = {lex_cmp.p_value:.3g}")
print(f"difference {lex_cmp.difference.estimate * 100:+.1f} points")

# %%
story.md(f"On the lexical scorers, v2 against v1: **{diff_text(lex_cmp)}**, {lex_cmp.wins} cases fixed and "
         f"{lex_cmp.losses} broken (exact McNemar p = {lex_cmp.p_value:.3g}). That is what the lexical scorers "
         "measure, not yet what customers get: section 6 checks whether they agree with a simulated reviewer on v2's "
         "answers. "
         f"The review starts with what v2 broke, its {lex_cmp.losses} losses, read whole (simulated answers):")
losses = lex_cmp.flipped.query("change == 'loss'")[["case_id", "tags", "baseline_response", "candidate_response"]]
losses.insert(2, "v2 fails on", ["padding: key fact stated, over the word limit"
                                 if lexical["v2"].by_id()[i].scores["key_fact"].passed else "key fact missing"
                                 for i in losses["case_id"]])
n_padded_losses = int(losses["v2 fails on"].str.startswith("padding").sum())
losses.rename(columns={"baseline_response": "v1's answer", "candidate_response": "v2's answer"}).set_index(
    "case_id").rename_axis("case (simulated answers)")

# %%
story.md(f"**What the reading shows.** {n_padded_losses} of the {len(losses)} losses state the key fact and fail "
         f"only for padding; {len(losses) - n_padded_losses} miss the key fact: read what they say instead (a "
         "wrong fact, a promise the store does not make, a refusal?). The two kinds fail the same gate but do not "
         "cost the same: section 10 prices a padded answer apart from a wrong one.")

# %% [markdown]
# ## 5 · Slices, and the multiple-comparisons trap
#
# Slicing by topic is where false alarms breed: test four slices at 5% and the chance that at least one looks
# "significant" by luck is far above 5%. Holm's correction keeps the family-wise error rate at 5%, and a slice
# with fewer than `MIN_TOPIC_N` cases gets a warning instead of a test.
#
# The opposite trap matters more for a release: a topic that shows no significant drop has not been shown
# not to drop. The release gate therefore asks each topic the one-sided question, "is v2 at most
# `TOPIC_MARGIN` worse here?", and passes a topic only when the lower end of its 95% paired interval is above
# `-TOPIC_MARGIN`. Two things are kept apart below: the **margin**, which is what the business can tolerate
# (priced in section 1, before any result), and what a topic's **sample size** can show, measured as the chance that a topic where v2 is *exactly as good*
# as v1 passes that check.

# %%
lex_slices = stats.compare_by_tag(lexical["v1"], lexical["v2"], min_n=MIN_TOPIC_N, interval="newcombe")
IN_POINTS = {"baseline": "v1 pass rate (%)", "candidate": "v2 pass rate (%)", "difference": "v2 - v1 (points)",
             "ci_low": "95% low (Newcombe, points)", "ci_high": "95% high (Newcombe, points)"}
slice_view = lex_slices.to_frame().set_index("tag").drop(columns="warning", errors="ignore")
slice_view[list(IN_POINTS)] = (slice_view[list(IN_POINTS)] * 100).round(1)  # shares to percent and points
slice_view.round(3).rename(columns={**IN_POINTS, "p_value": "raw p", "p_holm": "Holm p"}).rename_axis(
    "topic (simulated answers)")

# %%
best_slice = lex_slices.frame.sort_values("p_value").iloc[0]
still = {True: "still is", False: "is no longer"}[bool(best_slice["significant"])]


def equal_pass_chance(n, margin=TOPIC_MARGIN):
    """The plan: chance that a topic of n cases where v2 is exactly as good as v1 passes the one-sided check,
    at the flip rate and pass rate assumed before the test (PLAN_FLIP_RATE, PLAN_PASS_RATE)."""
    return stats.noninferiority_pass_chance(int(n), PLAN_FLIP_RATE, margin, pass_rate=PLAN_PASS_RATE)


def cases_needed(chance=PLAN_POWER, margin=TOPIC_MARGIN):
    """Fewest cases (in steps of 10) at which an equal topic passes with at least `chance`, under the plan."""
    low, high = 1, 100  # in tens of cases
    while low < high:
        mid = (low + high) // 2
        low, high = (low, mid) if equal_pass_chance(10 * mid, margin) >= chance else (mid + 1, high)
    return 10 * low


def cases_needed_overall(margin=MARGIN, chance=PLAN_POWER):
    """The plan for the overall line: paired cases at which an equal v2 passes with `chance` (normal approximation;
    the exact sum is too slow at thousands of cases)."""
    from scipy.stats import norm

    return (norm.ppf(0.975) + norm.ppf(chance)) ** 2 * PLAN_FLIP_RATE / margin ** 2


topic_n = lex_slices.frame["n"]
plan_equal = (equal_pass_chance(topic_n.min()), equal_pass_chance(topic_n.max()))
n_topic_plan = cases_needed()
n_topic_joint = cases_needed(PLAN_POWER ** (1 / len(topic_n)))  # every topic must pass: each at PLAN_POWER^(1/k)
plan_overall = equal_pass_chance(lex_cmp.n_pairs, MARGIN)


def round_plan(n):
    """A plan in hundreds of cases, rounded up."""
    return int(100 * np.ceil(n / 100))


lex_disc = (lex_cmp.mcnemar_b + lex_cmp.mcnemar_c) / lex_cmp.n_pairs
story.md(f"The most striking slice is **{best_slice['tag']}** ({best_slice['difference'] * 100:+.1f} points, raw "
         f"p = {best_slice['p_value']:.3f}); after Holm's correction its p-value is "
         f"{best_slice['p_holm']:.3f}, so it {still} significant at 5%.")
story.md(f"**What the sample size can show is a separate question: the plan.** The plan (parameters "
         f"cell; its assumptions sit near what this simulation shows, because the kit's authors chose them knowing "
         f"the simulator): a topic where v2 is exactly as good as v1 should pass its {TOPIC_MARGIN * 100:g}-point check "
         f"{PLAN_POWER:.0%} of the time, assuming {PLAN_FLIP_RATE:.0%} of pairs flip and v1 passes "
         f"{PLAN_PASS_RATE:.0%}. That takes about **{n_topic_plan} cases a topic**; for all {len(topic_n)} topics to "
         f"pass together {PLAN_POWER:.0%} of the time (each at {PLAN_POWER ** (1 / len(topic_n)):.1%}, treating "
         f"topics as independent) it takes about **{n_topic_joint} a topic**, the size the gate asks for. With {topic_n.min()} to "
         f"{topic_n.max()} cases a topic, an equal topic passes only **{plan_equal[0]:.0%} to {plan_equal[1]:.0%}** "
         f"of the time (here {lex_disc:.0%} of pairs flipped on the lexical scorers; the plan is not re-fitted to "
         "what was observed). So a per-topic \"not yet\" is the expected outcome even with no drop at all, and "
         "\"no topic regresses significantly\" is not evidence that none regresses. The same plan for the overall "
         f"line: at {lex_cmp.n_pairs} paired cases an equal v2 passes the {MARGIN * 100:.3g}-point margin only "
         f"**{plan_overall:.0%}** of the time, and {PLAN_POWER:.0%} would take about "
         f"**{round_plan(cases_needed_overall()):,} cases**: on this set an equal v2 rarely passes the overall "
         "line; it passes mostly when v2 is better than v1.")

# %% [markdown]
# ## 6 · Validate the judge before it decides
#
# The lexical scorers are cheap, but are they right? A **simulated** reviewer "judged" a random sample of
# answers from each of the three versions (the same questions for each; how many, below) (pass = correct, grounded in the knowledge base, and to the point). Its labels were
# not written by a person: the simulator derived each from the kind of answer it had generated, then flipped
# about 4% of them to stand in for reviewer mistakes. We compare three cheap signals with those labels: the
# lexical gate, one vote of a rubric judge, and the majority of `JUDGE_K` votes. The judge is the kit's
# offline stand-in for an LLM judge (`RubricJudge`): it applies the rubric with text rules, reads the same
# knowledge base the answers were built from, and, like a sampled LLM, sometimes contradicts itself. Swap in
# `judges.ChatJudge` around a real endpoint and the code below stays the same.
#
# Every kappa carries a 95% percentile-bootstrap interval over the labelled answers, and the one that
# matters is measured on **v2's answers**: a judge validated on v1 has not been validated on the version
# being gated.

# %%
judge = judges.RubricJudge(se.kb, noise=JUDGE_NOISE, seed=SEED, max_words=MAX_WORDS)
labels = se.human_labels[se.human_labels["id"].isin(suite.ids)].reset_index(drop=True)
# A second review of EVERY labelled answer, as a team could run it: a second reviewer, blind to the judge and to the
# first label, labels each answer again; where the two agree, that is the label; where they disagree, a third read
# breaks the tie (majority of three). Simulated, and as fallible as the first reviewer: each read is drawn from the
# kind of answer the simulator wrote (pass only for a correct answer) and flipped at LABEL_FLIP, the same rule the
# data build uses for the first labels (datasets/support_eval/build.py), each read with its own seed.
modes = pd.read_json(cases.support_eval_dir() / "answer_modes.jsonl", lines=True)
answer_good = labels.merge(modes, on=["id", "version"], how="left")["mode"].to_numpy() == "correct"


def simulated_read(seed):
    """One simulated reviewer's pass/fail on every labelled answer: right, except a LABEL_FLIP share flipped."""
    return answer_good ^ (np.random.default_rng(seed).random(len(labels)) < LABEL_FLIP)


first_pass = (labels["label"] == "pass").to_numpy()  # the first reviewer's labels, from the data set
second_pass, third_pass = simulated_read(SEED + 1), simulated_read(SEED + 2)
reviewers_split = first_pass != second_pass  # the two reviewers disagree: the third read decides
adjudicated_pass = np.where(reviewers_split, third_pass, first_pass)
labels_first = labels.copy()
labels["label"] = np.where(adjudicated_pass, "pass", "fail")  # every label-based line from here reads these
n_split, n_changed = int(reviewers_split.sum()), int((adjudicated_pass != first_pass).sum())
residual = 3 * LABEL_FLIP ** 2 * (1 - LABEL_FLIP) + LABEL_FLIP ** 3  # a majority of three reads still wrong
items, lexical_pass = [], []
for row in labels.itertuples():
    case, result = suite[row.id], lexical[row.version].by_id()[row.id]
    items.append({"case_id": row.id, "version": row.version, "question": case.input, "response": result.response,
                  "reference": case.reference, "expected": case.expected})
    lexical_pass.append(bool(result.passed))
votes = judges.judge_repeatedly(judge, items, k=JUDGE_K)
MAJORITY = f"judge, majority of {JUDGE_K}"
signals = {"lexical gate": np.array(lexical_pass), "judge, one vote": np.asarray(votes.first_vote()),
           MAJORITY: votes.frame["majority"].to_numpy()}
agreements = {name: judges.agreement(lab, labels["label"], judge=name) for name, lab in signals.items()}
rows = []
for name, lab in signals.items():
    for version in ["all", *sorted(labels["version"].unique())]:
        mask = np.ones(len(labels), bool) if version == "all" else (labels["version"] == version).to_numpy()
        iv = judges.kappa_interval(lab[mask], labels.loc[mask, "label"], n_boot=n_boot, seed=SEED)
        rows.append({"signal": name, "answers of": version, "n": iv.n, "kappa": iv.estimate,
                     "95% low": iv.low, "95% high": iv.high})
kappa_table = pd.DataFrame(rows)  # shown after exercise 3, which computes one of its values by hand


def kappa_of(signal, version):
    return kappa_table.set_index(["signal", "answers of"]).loc[(signal, version)]


JUDGE_READINGS = {"judge_majority": MAJORITY, "judge_once": "judge, one vote"}
if DECIDING_SIGNAL not in (None, *JUDGE_READINGS):
    raise ValueError(f"DECIDING_SIGNAL must be None or one of {sorted(JUDGE_READINGS)}, not {DECIDING_SIGNAL!r}")
rule_pick = ("judge_majority" if kappa_of(MAJORITY, "v2")["95% low"] > kappa_of("judge, one vote", "v2")["95% low"]
             else "judge_once")  # the kit's rule (parameters cell): the higher 95% low end; on a tie, one vote
best_signal = DECIDING_SIGNAL or rule_pick
DECIDER = JUDGE_READINGS[best_signal]  # the judge reading that scores from section 7 on
judge_votes = JUDGE_K if best_signal == "judge_majority" else 1
majority_v2 = kappa_of(MAJORITY, "v2")  # on the adjudicated labels
judge_v2, lexical_v2_kappa, judge_v1 = kappa_of(DECIDER, "v2"), kappa_of("lexical gate", "v2"), kappa_of(DECIDER, "v1")
per_version = labels["version"].value_counts().sort_index()
story.md(f"**Which answers are labelled.** The data set's build script drew {labels['id'].nunique()} of the "
         f"{len(suite)} questions at random (without replacement, from its seed) and the simulated reviewer labelled "
         "every version's answer to each of them: "
         + ", ".join(f"{n} of {v}'s" for v, n in per_version.items())
         + " answers (a version's timeouts have no answer to label). So v1's and v2's labelled answers are to the "
           "same questions, a random sample of this set, and what is measured on them (kappa, the judge's lean) "
           "carries to the whole set with its interval, not exactly. "
         f"**A second review of every labelled answer.** A second reviewer, blind to the judge and to the first "
         f"label, labels all {len(labels)} answers again; where the two agree that is the label, and where they "
         f"disagree ({n_split} answers) a third read breaks the tie, a majority of three. This changes {n_changed} of "
         f"the first labels. Simulated, and fallible: each read is drawn from the kind of answer the simulator wrote "
         f"and flipped at {LABEL_FLIP:.0%}, exactly as the first reviewer's labels are, each with its own seed, so a "
         f"majority of three is still wrong on about 3p²(1-p) + p³ = {residual:.2%} of answers at p = {LABEL_FLIP:g}. "
         "These adjudicated labels are not the truth; they are what a business could get. **All label-based lines "
         "read the adjudicated labels** (kappas, the judge's validation, its lean, the labels' own v2 - v1); "
         "section 11 compares them with the first reviewer's alone. "
         + f"The judge has voted {JUDGE_K} times on each of the {len(labels)} labelled answers. Before the kit's "
         "table of kappas, compute one by hand: the judge's majority against the **first reviewer's** labels of v2's "
         "answers, not the adjudicated ones"
         + (" (on the adjudicated labels the majority agrees on every v2 answer, so there is nothing to compute and "
            "the table below shows 1.00; your number will differ from it)." if majority_v2["kappa"] == 1 else
            " (section 11 sets the two side by side)."))

# %% [markdown]
# ### Exercise 3 · Cohen's kappa by hand, on v2's answers

# %%
v2_mask = (labels["version"] == "v2").to_numpy()
# by hand on the first reviewer's labels: on the adjudicated ones the judge may agree on every v2 answer, leaving
# nothing to compute; the kit's kappa on the first labels, to compare
majority_v2_first = judges.agreement(signals[MAJORITY][v2_mask], labels_first.loc[v2_mask, "label"], judge=MAJORITY).kappa
v2_judge = signals[MAJORITY][v2_mask].astype(bool)                # the judge's majority verdict: pass
v2_reviewer = (labels_first.loc[v2_mask, "label"] == "pass").to_numpy()  # the first reviewer's label: pass
q3 = nb11.kappa_by_hand(both_pass=int((v2_judge & v2_reviewer).sum()), judge_only=int((v2_judge & ~v2_reviewer).sum()),
                        reviewer_only=int((~v2_judge & v2_reviewer).sum()),
                        both_fail=int((~v2_judge & ~v2_reviewer).sum()), kit_kappa=majority_v2_first,
                        pooled_kappa=judges.agreement(signals[MAJORITY], labels_first["label"], judge=MAJORITY).kappa)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
p_o = np.mean(v2_judge == v2_reviewer)                      # observed agreement
p_e = v2_judge.mean() * v2_reviewer.mean() + (1 - v2_judge.mean()) * (1 - v2_reviewer.mean())  # by chance
q3_answer = (p_o - p_e) / (1 - p_e)
print(f"by hand {q3_answer:.3f}; the kit {majority_v2_first:.3f}")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer) and abs(q3_answer - majority_v2_first) < 1e-9
assert not q3.check(np.mean(v2_judge == v2_reviewer))  # agreement without the chance correction
assert q3.check(____).correct is None

# %% [markdown]
# The kit's kappas on the adjudicated labels (your by-hand value used the first reviewer's; section 11 sets the
# judge's kappa on v2 on both side by side): each signal on each version's labelled answers, and pooled over all of them.

# %%
kappa_table.set_index(["signal", "answers of"]).rename_axis(["signal", "simulated answers of"]).rename(
    columns={"kappa": "kappa with the adjudicated simulated labels"}).round(2)

# %% tags=["nbval-check-output", "remove-cell"]
print(kappa_table[kappa_table["answers of"].isin(["all", "v2"])].round(2).to_string(index=False))
print(f"answers with mixed votes: {votes.flaky_share:.3f}")

# %%
VALIDATED_ON = ["v2", "v1", "the rules baseline"]  # the gate needs the judge validated on all three sets of answers
power_each = PLAN_POWER ** (1 / len(VALIDATED_ON))  # so that all pass together with PLAN_POWER
plan_base_rate = float((labels.loc[v2_mask, "label"] == "pass").mean())  # v2's labelled pass share


def labels_planned(power):
    """The label plan, fixed before more labels are drawn: the smallest n (in tens) at which a judge whose TRUE
    kappa is PLAN_JUDGE_KAPPA clears JUDGE_KAPPA_MIN with chance `power`, by the gate's own rule (the 95% percentile
    bootstrap's low end at or above the line), simulated on 300 label sets per n at v2's labelled pass share."""
    return nb11.kappa_labels_needed(target=PLAN_JUDGE_KAPPA, line=JUDGE_KAPPA_MIN, base_rate=plan_base_rate,
                                    power=power, seed=SEED)


n_labels_alone, n_labels_plan = labels_planned(PLAN_POWER), labels_planned(power_each)
judge_criterion = gates.criterion(
    "Judge agrees with the simulated reviewer on v2's answers (Cohen's kappa)", judge_v2["kappa"], ">=",
    JUDGE_KAPPA_MIN, interval=(judge_v2["95% low"], judge_v2["95% high"]), n=int(judge_v2["n"]), fmt="{:.2f}",
    evidence=f"{DECIDER} against {int(judge_v2['n'])} simulated labels of v2's answers, the "
             "labels that chose the judge, so held at 'not yet' whatever its interval; 95% percentile bootstrap",
    settle=(judge_settle := f"label {n_labels_plan} fresh random answers of v2, blind (a number fixed before "
           f"labelling; not the {int(judge_v2['n'])} labels that chose the judge), and take this line once on them; "
           f"with {len(suite) - int(judge_v2['n'])} unlabelled answers left in this set, they come from new questions"))
judge_held_by_choice = judge_criterion.status == "pass"
if judge_criterion.status == "pass":  # these labels chose the judge (section 6), so they cannot also pass it
    judge_criterion = replace(judge_criterion, status="inconclusive", settle=judge_settle)
judge_status = gates.STATUSES[judge_criterion.status]
judge_first_v2 = judges.kappa_interval(signals[DECIDER][v2_mask], labels_first.loc[v2_mask, "label"], n_boot=n_boot,
                                       seed=SEED)  # the same judge against the first reviewer's labels alone
judge_point = judge_v2["95% low"] == judge_v2["95% high"]
if judge_held_by_choice:
    judge_held_why = (("held for two reasons: these labels chose the judge, and its interval is a single point, "
                       "which a percentile bootstrap gives whenever agreement is perfect, however few the labels")
                      if judge_point else "held: these labels chose the judge")
    judge_held_why += (f"; on the first reviewer's labels the same judge scores {judge_first_v2.estimate:.2f} "
                       f"({judge_first_v2.low:.2f} to {judge_first_v2.high:.2f})")
else:
    judge_held_why = f"kappa interval {judge_v2['95% low']:.2f} to {judge_v2['95% high']:.2f}"
judge_valid_phrase = {"pass": "validated on v2", "inconclusive": "not yet validated on v2",
                      "fail": "failed its validation on v2"}[judge_criterion.status]
lexical_valid = lexical_v2_kappa["95% low"] >= JUDGE_KAPPA_MIN
lexical_status = ("pass" if lexical_valid else "fail" if lexical_v2_kappa["95% high"] < JUDGE_KAPPA_MIN
                  else "inconclusive")
lexical_valid_phrase = {"pass": "validated on v2", "inconclusive": "not yet validated on v2",
                        "fail": "failed its validation on v2"}[lexical_status]
degenerate = kappa_table[(kappa_table["95% low"] == kappa_table["95% high"])]
degenerate_note = (" A row whose interval is a single point (" + "; ".join(
    f"{sig} on {ver}'s answers" for sig, ver in zip(degenerate["signal"], degenerate["answers of"])) + ") is not certainty: every resample of "
    "answers on which the two agreed perfectly agrees perfectly too, so the percentile bootstrap cannot show the "
    "doubt that a few dozen labels leave. On adjudicated labels perfect agreement is not rare: with about "
    f"{residual:.2%} of them expected wrong, the chance that none of {int(degenerate['n'].min())} is wrong is "
    f"{(1 - residual) ** int(degenerate['n'].min()):.0%}.") if len(degenerate) else ""
story.md(f"The judge contradicted itself on **{votes.flaky_share:.0%}** of answers across {JUDGE_K} asks (each "
         f"vote is flipped with chance {JUDGE_NOISE:.0%}, twice that on borderline answers, so over {JUDGE_K} asks "
         f"a split vote is common): a "
         f"single vote agrees with the adjudicated labels at kappa {agreements['judge, one vote'].kappa:.2f}, the "
         f"majority at {agreements[MAJORITY].kappa:.2f} over all {len(labels)} labelled answers. Pooled kappas mix "
         f"in the versions that are not being gated: on v2's {int(judge_v2['n'])} labelled answers \"{DECIDER}\" "
         f"agrees at **{judge_v2['kappa']:.2f} (95% bootstrap interval {judge_v2['95% low']:.2f} to "
         f"{judge_v2['95% high']:.2f})**, and the lexical gate at {lexical_v2_kappa['kappa']:.2f} "
         f"({lexical_v2_kappa['95% low']:.2f} to {lexical_v2_kappa['95% high']:.2f}). The lexical gate reads only "
         f"whether the key fact appears and how long the answer is; it does not read the rest of the answer."
         + degenerate_note)
story.md(f"**The label plan covers three validations at once.** The release gate counts its judge-scored lines "
         f"only when the judge is validated on the answers of {', '.join(VALIDATED_ON[:-1])} and "
         f"{VALIDATED_ON[-1]}, each on its own fresh labels. Planned one at a time at {PLAN_POWER:.0%} each, "
         f"{n_labels_alone} labels apiece, a judge as good as the plan assumes (kappa {PLAN_JUDGE_KAPPA:.2f}) would "
         f"clear all three together only about {PLAN_POWER ** len(VALIDATED_ON):.0%} of the time. So each is "
         f"planned at {power_each:.1%} ({' x '.join([f'{power_each:.3f}'] * len(VALIDATED_ON))} = {PLAN_POWER:.2f}): "
         f"**{n_labels_plan} labels each**, for {PLAN_POWER:.0%} that all three pass (treating the three samples as independent). "
         f"These numbers come from simulation, not from the spreads observed here: {n_labels_alone} and {n_labels_plan} are the "
         f"smallest counts, in tens, at which a judge whose true kappa is {PLAN_JUDGE_KAPPA:.2f} (the same pass share "
         f"as v2's labels, {plan_base_rate:.0%}) has its 95% bootstrap low end at or above {JUDGE_KAPPA_MIN:.2f} in "
         "that share of 300 simulated label sets. No multiplicity correction is needed against a false pass: the "
         "lines count only when every validation passes, and a judge that falls short on any one set of answers "
         "gets through only if that set's own 95% interval wrongly clears the line.")

# %% [markdown]
# **What this validation would and would not prove on real data.** With real reviewers, a kappa interval
# wholly above the line on a random sample of the *gated* version's answers, labelled blind by people who did
# not write the rubric, would show that the judge can stand in for those reviewers on answers like these. It
# would not show that the judge is right where the reviewers are wrong (shared blind spots), that it holds on
# topics, languages or versions outside the sample, or that it still holds after the judge's prompt or model
# changes. Here it proves less: the simulated labels follow the answer kinds the simulator wrote, and the judge
# reads the same knowledge base the answers were built from, so a high kappa mostly measures how well two
# sets of the kit's rules line up. Treat the numbers as a rehearsal of the method.

# %% [markdown]
# **Which signal should decide?** Judge it on **v2's** labelled answers, the version being gated. All three
# signals were checked on the same answers, so the fair comparison is the **paired** difference of kappas
# (a bootstrap that resamples the answers once for all signals), in the table below.

# %%
SHORT = {"lexical": "lexical gate", "judge_once": "judge, one vote", "judge_majority": MAJORITY}
v2_kappa = kappa_table[kappa_table["answers of"] == "v2"].set_index("signal")
kappas = {short: v2_kappa.loc[name, "kappa"] for short, name in SHORT.items()}
kappa_intervals = {short: (v2_kappa.loc[name, "95% low"], v2_kappa.loc[name, "95% high"])
                   for short, name in SHORT.items()}
kappa_diffs = {}
for short, name in SHORT.items():
    if short != best_signal:
        iv = judges.kappa_difference_interval(signals[SHORT[best_signal]][v2_mask], signals[name][v2_mask],
                                              labels.loc[v2_mask, "label"], n_boot=n_boot, seed=SEED)
        kappa_diffs[short] = (iv.estimate, iv.low, iv.high)
def signed(x):
    """A kappa difference with its sign: three decimals, or three significant digits near zero."""
    return "0 (exactly)" if x == 0 else (f"{x:+.3f}" if abs(x) >= 5e-4 else f"{x:+.2e}")



pd.DataFrame([{"kappa difference, paired (v2's simulated answers)": f"{SHORT[best_signal]} - {SHORT[k]}", "estimate": signed(e),
               "95% low": signed(lo), "95% high": signed(hi)}
              for k, (e, lo, hi) in kappa_diffs.items()]).set_index("kappa difference, paired (v2's simulated answers)")

# %%
HELD_SIGNALS = set(JUDGE_READINGS) if judge_held_by_choice else set()  # the judge's readings, chosen by these labels
n_signals_clear = sum(low >= JUDGE_KAPPA_MIN and k not in HELD_SIGNALS for k, (low, _) in kappa_intervals.items())
story.md(f"On v2's answers, {n_signals_clear} of {len(kappa_intervals)} signals have a 95% kappa interval wholly "
         f"above the line of {JUDGE_KAPPA_MIN:.2f} and are not held (95% low ends: "
         + "; ".join(f"{SHORT[k]} {low:.2f}" + (" (held)" if k in HELD_SIGNALS else "")
                     for k, (low, _) in kappa_intervals.items())
         + f"). The judge is **{judge_valid_phrase}** ({judge_held_why}), and the lexical gate "
         f"**{lexical_valid_phrase}**: a signal decides only when its whole interval clears the line, not its "
         "estimate, on labels that did not choose it. Until one does, the gate shows what each line measured and "
         "holds it at \"not yet\".")

# %% [markdown]
# ## 7 · The comparison again, with the judge
#
# The judge becomes a scorer and the runs are scored again. Which reading of the judge scores from here on, one
# vote or the majority of `JUDGE_K`, is `DECIDING_SIGNAL` (parameters cell); left at `None`, the kit's rule,
# written before any kappa was seen, takes the reading with the higher 95% low end on v2's labels (on a tie, the
# single vote). Whether the labels could have made that choice is printed just below. The lexical gate is not
# among the choices (it reads only the key fact and the length, section 6); it stays beside the judge as the
# second scorer. Labels that chose the judge cannot also validate it, so its validation line on v2 is held at
# "not yet" whatever its interval, until fresh labels are taken, and the gate counts no judge-scored line until
# then. Until then its numbers are supporting evidence, not a decision, so both
# scorers are shown side by side from here on. The figure shows what a paired comparison rests on:
# the **difference** v2 - v1 on the same cases, overall and per topic, each with the 95% interval the release
# gate uses (below). (Two versions' pass rates drawn side by side with their own error bars invite the unpaired
# reading, "the bars overlap, so no difference", which ignores that both versions answered the same questions.)

# %%
JUDGED = {"judge": judges.as_scorer(judge, k=judge_votes), "key_fact": scorers.includes}
judged = {v: runner.run_eval(suite, m, JUDGED, gate_on=["judge"], results=work / f"judged_{v}.jsonl",
                             cache=work / "cache") for v, m in models.items()}
judged_rates = rate_table(judged)
diff_lows = "; ".join(f"\"{SHORT[best_signal]}\" minus \"{SHORT[k]}\": {signed(lo)}" for k, (_, lo, _) in kappa_diffs.items())
shown_better = [f"\"{SHORT[k]}\"" for k, (_, lo, _) in kappa_diffs.items() if lo > 0]
reading_text = (f"asked {JUDGE_K} times an answer, the majority deciding" if judge_votes > 1 else "asked once an answer")
story.md(f"**The judge in this run** is {reading_text}. The 95% low ends of the paired kappa differences in section 6: {diff_lows}"
         + (" (a low end of exactly 0: at least 2.5% of the resamples showed no advantage at all)"
            if any(lo == 0 for _, lo, _ in kappa_diffs.values()) else "") + ". "
         + (f"Only against {', '.join(shown_better)} is \"{SHORT[best_signal]}\" shown better; " if shown_better else
            f"None is above zero, so the labels cannot choose: \"{SHORT[best_signal]}\" is not shown better than the "
            "other signals; ")
         + ("the pick is your judgement (`DECIDING_SIGNAL`), not a finding." if DECIDING_SIGNAL else
            "the pick is the kit's rule (the higher 95% low end), a judgement, not a finding: set `DECIDING_SIGNAL` "
            "to change it."))
judge_cmp = stats.compare_runs(judged["v1"], judged["v2"], interval="newcombe")
judge_slices = stats.compare_by_tag(judged["v1"], judged["v2"], min_n=MIN_TOPIC_N, interval="newcombe").frame
lex_tag_slices = lex_slices.frame
story.md(f"With the judge, v2 against v1: **{diff_text(judge_cmp)}** (exact McNemar p = {judge_cmp.p_value:.3g}), "
         f"against {diff_text(lex_cmp)} on the lexical scorers. The judge is **{judge_valid_phrase}** "
         f"({judge_held_why}) and the lexical gate **{lexical_valid_phrase}** (down to "
         f"{lexical_v2_kappa['95% low']:.2f}), so neither difference is yet a basis to decide: read them side by "
         "side, as evidence.")

# %% tags=["nbval-check-output", "remove-cell"]
print(judged_rates[["version", "scored", "passed"]].to_string(index=False))
print(f"v2 - v1: {judge_cmp.difference.estimate * 100:+.1f} points; McNemar p = {judge_cmp.p_value:.3g}")

# %% [markdown]
# ### Cases come in families
#
# The evaluation questions are not independent pieces of evidence. Each is answered from one help article,
# several are paraphrases of the same question, and a version tends to answer paraphrases alike: what it gets
# wrong once it gets wrong again. Newcombe's interval, like Wilson's,
# counts every case as new evidence, so it is too narrow when cases move together. A **cluster bootstrap**
# (`stats.cluster_paired_bootstrap_interval`) resamples whole help articles (the `kb_id` each case carries),
# keeping an article's questions together. Every gate line that reads pass rates is taken on the **wider of the
# two** 95% intervals (the lower of the two low ends, the higher of the two high ends), so neither assumption
# flatters v2.

# %%
ARTICLE = {c.id: c.metadata["kb_id"] for c in suite}  # the help article each question is answered from


def scored(run):
    return {r.case_id: float(r.passed) for r in run.results if r.status == "ok"}


def paired_intervals(base, cand, tag=None):
    """cand - base on the cases both scored (one topic if `tag`): Newcombe's interval (cases independent), the
    bootstrap over help articles, and the gate's interval, the wider of the two. Returns a dict."""
    a, b = scored(base), scored(cand)
    ids = sorted(i for i in set(a) & set(b) if tag is None or tag in suite[i].tags)
    A, B = np.array([a[i] for i in ids]), np.array([b[i] for i in ids])
    nc = stats.paired_difference_interval(A, B, interval="newcombe")
    cl = stats.cluster_paired_bootstrap_interval(A, B, [ARTICLE[i] for i in ids], n_boot=n_boot, seed=SEED)
    return {"n": len(ids), "articles": len({ARTICLE[i] for i in ids}), "estimate": nc.estimate,
            "newcombe": (nc.low, nc.high), "article": (cl.low, cl.high),
            "gate": (min(nc.low, cl.low), max(nc.high, cl.high))}


def gate_text(f):
    """A paired difference in words with the gate's interval (no verdict word)."""
    return (f"{f['estimate'] * 100:+.1f} points (95%, the wider of Newcombe's paired interval and the bootstrap over "
            f"{f['articles']} help articles: {pts(f['gate'])})")


def comparison_intervals(cmp):
    """The same three intervals for a Comparison already made (its cases' pass/fail, paired)."""
    c = cmp.cases
    A, B = c["baseline_passed"].to_numpy(float), c["candidate_passed"].to_numpy(float)
    cl = stats.cluster_paired_bootstrap_interval(A, B, [ARTICLE[i] for i in c["case_id"]], n_boot=n_boot, seed=SEED)
    d = cmp.difference
    return {"n": len(c), "articles": len({ARTICLE[i] for i in c["case_id"]}), "estimate": d.estimate,
            "newcombe": (d.low, d.high), "article": (cl.low, cl.high),
            "gate": (min(d.low, cl.low), max(d.high, cl.high))}


def rate_intervals(run):
    """A pass rate: Wilson's interval, the bootstrap over help articles, and the wider of the two."""
    p = scored(run)
    ids = sorted(p)
    wil = run.pass_rate()
    cl = stats.cluster_paired_bootstrap_interval(np.zeros(len(ids)), np.array([p[i] for i in ids]),
                                                 [ARTICLE[i] for i in ids], n_boot=n_boot, seed=SEED)
    return {"estimate": wil.estimate, "wilson": (wil.low, wil.high), "article": (cl.low, cl.high),
            "gate": (min(wil.low, cl.low), max(wil.high, cl.high))}


family = {("all cases", "lexical"): paired_intervals(lexical["v1"], lexical["v2"]),
          ("all cases", "judge"): paired_intervals(judged["v1"], judged["v2"])}
for t in judge_slices["tag"]:
    family[(t, "lexical")] = paired_intervals(lexical["v1"], lexical["v2"], t)
    family[(t, "judge")] = paired_intervals(judged["v1"], judged["v2"], t)


def pts(iv):
    """An interval in points."""
    return f"{iv[0] * 100:+.1f} to {iv[1] * 100:+.1f}"


pd.DataFrame([{"cases": g, "scorer": s, "questions": f["n"], "help articles": f["articles"],
               "v2 - v1 (points)": f"{f['estimate'] * 100:+.1f}", "95% Newcombe (cases independent)":
                   pts(f["newcombe"]), "95% bootstrap over articles": pts(f["article"]),
               "the gate's interval (wider of the two)": pts(f["gate"])}
              for (g, s), f in family.items()]).set_index(["cases", "scorer"]).rename_axis(
    ["cases (simulated answers)", "scorer"])

# %%
per_article = pd.Series(ARTICLE).value_counts()
fam_all = family[("all cases", "judge")]
widen = ((fam_all["gate"][1] - fam_all["gate"][0]) / (fam_all["newcombe"][1] - fam_all["newcombe"][0]) - 1)
N_JUDGE_SEEDS = 10  # the judge asked again with other seeds: its split votes move the counts themselves
seed_rows = []
for s in range(SEED, SEED + N_JUDGE_SEEDS):
    j = {"judge": judges.as_scorer(judges.RubricJudge(se.kb, noise=JUDGE_NOISE, seed=s, max_words=MAX_WORDS),
                                   k=judge_votes), "key_fact": scorers.includes}
    f = paired_intervals(*(runner.run_eval(suite, models[v], j, gate_on=["judge"]) for v in ("v1", "v2")))
    seed_rows.append({"seed": s, "estimate": f["estimate"], "low": f["gate"][0]})
seed_table = pd.DataFrame(seed_rows)
seed_clear = int((seed_table["low"] >= -MARGIN).sum())
seed_miss_text = (f"misses it under {N_JUDGE_SEEDS - seed_clear} of {N_JUDGE_SEEDS} judge seeds" if seed_clear < N_JUDGE_SEEDS
                  else f"clears it under all {N_JUDGE_SEEDS} judge seeds")
story.md(f"The {len(suite)} questions come from **{len(per_article)} help articles**, {per_article.min()} to "
         f"{per_article.max()} questions each. On all cases, by the judge, v2 - v1 is {fam_all['estimate'] * 100:+.1f} "
         f"points: Newcombe's interval runs {pts(fam_all['newcombe'])}, the bootstrap over articles "
         f"{pts(fam_all['article'])}, and the gate takes {pts(fam_all['gate'])}, {widen:.0%} wider than Newcombe's "
         f"alone. A topic holds only {min(f['articles'] for (g, _), f in family.items() if g != 'all cases')} to "
         f"{max(f['articles'] for (g, _), f in family.items() if g != 'all cases')} articles, so the topic rows "
         "rest on few groups and stay rough. The sample-size plans of section 5 count independent cases; questions that come in families need "
         "more of them.")
story.md(f"**The judge's own noise.** Its votes split on {votes.flaky_share:.0%} of answers, so asking it again with "
         f"another seed changes which answers pass, not only the bounds. Scored again under {N_JUDGE_SEEDS} judge "
         f"seeds ({SEED} to {SEED + N_JUDGE_SEEDS - 1}), v2 - v1 runs from {seed_table['estimate'].min() * 100:+.1f} "
         f"to {seed_table['estimate'].max() * 100:+.1f} points and the low end of the gate's interval from "
         f"{seed_table['low'].min() * 100:+.1f} to {seed_table['low'].max() * 100:+.1f}; it clears the "
         f"-{MARGIN * 100:.3g}-point margin under {seed_clear} of the {N_JUDGE_SEEDS} seeds. The gate reads the "
         f"judge at seed {SEED}, the one fixed in the parameters before the test"
         + (", so how the overall line reads as measured depends on the judge's draw too, not only on the cases."
            if 0 < seed_clear < N_JUDGE_SEEDS else "."))

# %%
# the judge's lean on each version's labelled answers (its pass rate minus the simulated reviewer's), measured here so
# that the figure can show v2 - v1 with it taken off; section 11 explains and gates it
judge_pass_lab = signals[DECIDER].astype(bool)  # the judge's verdict on each labelled answer
reviewer_pass = first_pass  # the first reviewer's labels alone, for the before/after comparison
disagree = judge_pass_lab != reviewer_pass  # the judge and the first reviewer disagree


def lean_on(label_pass):
    """The judge's lean on each version's labelled answers against the given labels, and the difference of leans."""
    out = {}
    for v in ("v1", "v2"):
        m = (labels["version"] == v).to_numpy()
        out[v] = nb11.judge_lean(judge_pass_lab[m], label_pass[m], margin=MARGIN)  # Newcombe's paired 95%
    # the lean v2's minus v1's: what the judge's lean adds to v2 - v1, its interval by square-and-add of the two
    # leans' Newcombe intervals. (A bootstrap over help articles cannot help here: a lean is 0 on every resample
    # when the judge and the labels never disagree on that version's answers, so it would show it as certain.)
    out["gap"] = nb11.judge_lean_gap(out["v2"], out["v1"], margin=MARGIN)
    out["mover"] = nb11.lean_corrected_mover((fam_all["estimate"], *fam_all["gate"]), out["gap"])
    return out


leans_raw = lean_on(reviewer_pass)  # against the reviewer's first labels
leans_adj = lean_on(adjudicated_pass)  # against the labels after the second review: the gate reads these
errs_raw = {v: (leans_raw[v]["judge_only"], leans_raw[v]["reviewer_only"], leans_raw[v]["n"]) for v in ("v1", "v2")}
errs = {v: (leans_adj[v]["judge_only"], leans_adj[v]["reviewer_only"], leans_adj[v]["n"]) for v in ("v1", "v2")}
lean = {v: leans_adj[v]["estimate"] * 100 for v in ("v1", "v2")}  # points the judge passes above the labels
n_judge_only, n_reviewer_only, n_v2_labels = errs["v2"]
lean_v2, lean_v1, lean_diff, mover = leans_adj["v2"], leans_adj["v1"], leans_adj["gap"], leans_adj["mover"]
lean_iv_text = f"95% Newcombe paired interval {lean_v2['low'] * 100:+.1f} to {lean_v2['high'] * 100:+.1f}"
v1_iv_text = f"95% Newcombe paired interval {lean_v1['low'] * 100:+.1f} to {lean_v1['high'] * 100:+.1f}"
gap_iv_text = (f"95% interval {lean_diff['low'] * 100:+.1f} to {lean_diff['high'] * 100:+.1f} by square-and-add, "
               "treating the two leans as independent, an approximation")


def corrected_line(margin):
    """The lean-corrected v2 - v1 (square-and-add) against -margin."""
    low, high = mover["low"], mover["high"]
    status = "pass" if low >= -margin else ("fail" if high < -margin else "inconclusive")
    return {"estimate": mover["estimate"], "low": low, "high": high, "status": status}


corrected = corrected_line(MARGIN)
CORR_METHOD = "approximate: square-and-add of the judged interval and the lean's, treated as independent"
corr_iv_text = "square-and-add, which treats the judged interval and the lean's as independent"


STATUS_COLOUR = {"pass": gates.VERDICT_COLOURS["GO"], "inconclusive": gates.VERDICT_COLOURS["NOT YET"],
                 "fail": gates.VERDICT_COLOURS["NO-GO"]}  # the gate table's colours
HELD_COLOUR = "#7b6fa8"  # a gate line held until its scorer is validated: no pass, no fail yet
UNVALIDATED_COLOUR = "#8c8c8c"  # a scorer not validated on v2 and not gated: no verdict colour at all
AS_MEASURED = {"pass": "whole interval clears its margin", "inconclusive": "interval straddles its margin",
               "fail": "whole interval misses its margin"}


def line_status(low, high, line):
    """A paired interval against a non-inferiority line, as measured: pass, fail or inconclusive."""
    return "pass" if low >= line else ("fail" if high < line else "inconclusive")


judge_ok = judge_criterion.status == "pass"


def gate_iv(f):
    """A row's estimate and the gate's interval."""
    return (f["estimate"], *f["gate"])


groups = [("all cases", lex_cmp.n_pairs, -MARGIN, gate_iv(family[("all cases", "lexical")]),
           gate_iv(family[("all cases", "judge")]))]
for r in judge_slices.itertuples():
    groups.append((r.tag, r.n, -TOPIC_MARGIN, gate_iv(family[(r.tag, "lexical")]), gate_iv(family[(r.tag, "judge")])))
fig, ax = plots.figure(figsize=(10, 7.2))
ypos = np.arange(len(groups))[::-1] * 1.0
drawn = set()
for y, (name, n, line, lex_row, jud_row) in zip(ypos, groups):
    for dy, (est, low, high), marker, ok in ((0.17, lex_row, "s", lexical_status == "pass"),
                                             (-0.17, jud_row, "o", judge_ok)):
        status = line_status(low, high, line)
        held_row = marker == "o" and not judge_ok  # a judge row the gate holds: drawn apart, not as a pass
        unvalidated = marker == "s" and not ok  # the lexical rows: no gate line, scorer not validated on v2
        drawn.add("held" if held_row else "unvalidated" if unvalidated else status)
        colour = HELD_COLOUR if held_row else UNVALIDATED_COLOUR if unvalidated else STATUS_COLOUR[status]
        bars = ax.errorbar(est * 100, y + dy, xerr=[[(est - low) * 100], [(high - est) * 100]], fmt=marker,
                           color=colour, ecolor=colour, capsize=3, mfc=colour if ok else "white", mec=colour, mew=1.6,
                           ms=7)
        if held_row:
            bars[2][0].set_linestyle((0, (3, 2)))  # dashed whiskers as well as the colour
        ax.annotate(f"{est * 100:+.1f} [{low * 100:+.1f}, {high * 100:+.1f}]", (high * 100, y + dy), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=9)
    if name == "all cases":  # the gate's own reading: v2 - v1 with the judge's lean taken off (approximate 95%)
        c_colour = HELD_COLOUR if not judge_ok else STATUS_COLOUR[corrected["status"]]
        bars = ax.errorbar(corrected["estimate"] * 100, y - 0.45,
                           xerr=[[(corrected["estimate"] - corrected["low"]) * 100],
                                 [(corrected["high"] - corrected["estimate"]) * 100]], fmt="D", color=c_colour,
                           ecolor=c_colour, capsize=3, mfc="white", mec=c_colour, mew=1.6, ms=6)
        bars[2][0].set_linestyle((0, (5, 1.5, 1, 1.5)))
        ax.annotate(f"{corrected['estimate'] * 100:+.1f} [{corrected['low'] * 100:+.1f}, "
                    f"{corrected['high'] * 100:+.1f}] lean taken off", (corrected["high"] * 100, y - 0.45),
                    xytext=(5, 0), textcoords="offset points", va="center", fontsize=9)
    bottom = y - (0.58 if name == "all cases" else 0.42)
    top = y + (0.42 if lexical_status == "pass" else 0.0)  # an unvalidated lexical row is not read against a margin
    ax.plot([line * 100] * 2, [bottom, top], color="#555555", ls="--" if name == "all cases" else ":", lw=1.0,
            zorder=1)  # drawn under the intervals, so a whisker cap near the line stays visible
    if name == "all cases":
        ax.annotate(f"-{MARGIN * 100:.3g}", (line * 100, y - 0.31),  # between the two rows held to it
                    xytext=(-4, 0), textcoords="offset points", ha="right", va="center", fontsize=9, color="#555555")
ax.axvline(0, color="black", lw=0.8)
ax.set_yticks([*ypos, ypos[0] - 0.45], [f"{g[0]} (n={g[1]})" for g in groups] + ["judge, lean taken off"])
ax.get_yticklabels()[-1].set_fontsize(8.5)  # the diamond row: the gate's own reading of all cases
all_lows = [g[3][1] for g in groups] + [g[4][1] for g in groups] + [corrected["low"]]
all_highs = [g[3][2] for g in groups] + [g[4][2] for g in groups] + [corrected["high"]]
ax.set_xlim(min(-TOPIC_MARGIN, min(all_lows)) * 100 - 2, max(all_highs) * 100 + 14)
lex_colour = UNVALIDATED_COLOUR if lexical_status != "pass" else "black"
judge_colour = HELD_COLOUR if not judge_ok else "black"
legend = [plt.Line2D([], [], marker="s", color=lex_colour, mfc="white" if lexical_status != "pass" else lex_colour,
                     mec=lex_colour, mew=1.6, lw=2,
                     label=(f"lexical scorers, hollow and grey: {lexical_valid_phrase}; no gate line, for comparison"
                            if lexical_status != "pass" else f"lexical scorers ({lexical_valid_phrase}; no gate line)")),
          plt.Line2D([], [], marker="o", color=judge_colour, mfc="white" if not judge_ok else judge_colour,
                     mec=judge_colour, mew=1.6, lw=2, ls=(0, (3, 2)) if not judge_ok else "-",
                     label=(f"judge, the gate's scorer, hollow and dashed: {judge_valid_phrase}, held at 'not yet'"
                            if not judge_ok else f"judge, the gate's scorer ({judge_valid_phrase})")),
          plt.Line2D([], [], marker="D", color=HELD_COLOUR if not judge_ok else "black", mfc="white", mew=1.6,
                     lw=2, ls=(0, (5, 1.5, 1, 1.5)), label="judge, all cases, lean (v2's minus v1's) taken off: the gate's line\n(95% "
                                                   "approximate, by square-and-add)"),
          *[plt.Line2D([], [], color=STATUS_COLOUR[k], lw=2.5, label=f"as measured: {AS_MEASURED[k]}")
            for k in STATUS_COLOUR if k in drawn],
          plt.Line2D([], [], color="#555555", ls="--", label=f"-{MARGIN * 100:.3g}-point margin (all cases"
                     + (", judge rows)" if lexical_status != "pass" else ")")),
          plt.Line2D([], [], color="#555555", ls=":", label=f"-{TOPIC_MARGIN * 100:g}-point margin (a topic"
                     + (", judge rows)" if lexical_status != "pass" else ")"))]
overall_word = {"pass": "clears", "inconclusive": "straddles", "fail": "misses"}[
    line_status(*family[("all cases", "judge")]["gate"], -MARGIN)]
not_clear = [t for t in judge_slices["tag"] if line_status(*family[(t, "judge")]["gate"], -TOPIC_MARGIN) != "pass"]
topics_clear = len(judge_slices) - len(not_clear)
overall_measured = {"clears": "lies above", "straddles": "straddles", "misses": "lies below"}[overall_word]
corrected_reach = {"pass": "stays above", "inconclusive": f"reaches {corrected['low'] * 100:+.1f}, below",
                   "fail": "lies wholly below"}[corrected["status"]]
plots.finish(ax, title=(("Simulated: " if judge_ok else "Simulated, held until the judge is validated: ")
                        + f"judged v2 - v1 {judge_cmp.difference.estimate * 100:+.1f} points (seed {SEED});\n"
                        f"with the judge's lean allowed for, the interval {corrected_reach} the "
                        f"-{MARGIN * 100:.3g}-point margin;\n{len(not_clear)} of {len(judge_slices)} topics do not "
                        f"clear their -{TOPIC_MARGIN * 100:g}-point margin"),
             xlabel="Paired difference v2 - v1 (points of pass rate; squares and dots, 95%: the wider of Newcombe's "
                    "interval and the bootstrap over help articles;\ndiamond: see the legend)",
             ylabel="Cases (topic, number of paired cases)",
             takeaway=(f"as measured, v2 - v1 overall is {lex_cmp.difference.estimate * 100:+.1f} points on the "
                       f"lexical scorers and {judge_cmp.difference.estimate * 100:+.1f} on the judge, whose interval "
                       f"{overall_measured} the -{MARGIN * 100:.3g}-point margin; with the difference of the judge's "
                       f"leans taken off, {corrected['estimate'] * 100:+.1f} ({corrected['low'] * 100:+.1f} to "
                       f"{corrected['high'] * 100:+.1f}, approximate 95%), the interval the gate reads, which "
                       + {"pass": "clears it", "inconclusive": "straddles it", "fail": "misses it"}[corrected["status"]]
                       + (f"; {len(not_clear)} of {len(judge_slices)} topics straddle or miss theirs" if not_clear
                          else "; every topic clears its own")
                       + ("; and the judge is not validated yet, so no line here is settled." if not judge_ok
                          else ".")))
ax.legend(handles=legend, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.13), ncol=1, fontsize=9)
fig.tight_layout()
story.record_figure("before_after", fig, caption=(
    f"Simulated data. v2 - v1 in pass rate on the same cases, points, with 95% intervals: lexical scorers "
    f"(squares), judge (dots) and, for all cases, the judge with its lean taken off (diamond, approximate; the line "
    f"the gate reads); then each topic. Dashed: the -{MARGIN * 100:.3g}-point release margin; dotted: the "
    f"-{TOPIC_MARGIN * 100:g}-point topic margin. Hollow markers: scorer not validated on v2."))
story.md(f"How Figure 1 is drawn: squares and dots carry the wider of Newcombe's paired interval and the bootstrap "
         f"over whole help articles. The diamond ({corrected['estimate'] * 100:+.1f}, {corrected['low'] * 100:+.1f} "
         f"to {corrected['high'] * 100:+.1f}) is the judged difference with the difference of the judge's leans "
         "(v2's minus v1's, on the adjudicated labels of section 6) taken off, the two intervals "
         "combined by square-and-add as if independent. "
         + ("Purple with dashed whiskers: the judge's rows, held at 'not yet' until the judge is validated. "
            if "held" in drawn else "")
         + f"The judge's rows are read at judge seed {SEED}.")
plt.close(fig)

# %% [markdown]
# ## 8 · Failure clusters: where to look first
#
# The failing answers of v2 (judge-scored), with the scorers' reasons, go through TF-IDF and seeded k-means.
# Each cluster gets a short **label**: its most distinctive terms (weight in its centre minus the mean weight
# in the other centres). The terms come from the answers **and the scorers' reason texts**, so a label such as
# "key fact / fact missing" repeats what the scorer said, not why the answer failed. A label is a starting point,
# not a diagnosis: a root cause is named only after reading the answers.

# %%
fc = clusters.cluster_failures(judged["v2"], seed=SEED)
fc.to_frame()[["cluster", "label", "size", "examples"]].set_index("cluster").rename(
    columns={"examples": "cases nearest its centre (read below)"}).rename_axis("cluster (v2's simulated failures)")

# %% tags=["nbval-check-output", "remove-cell"]
print(f"{fc.n_failures} failures in {fc.k} clusters; sizes {[c.size for c in fc.clusters]}")
print("labels:", [c.label for c in fc.clusters])

# %% [markdown]
# How many clusters: the clustering tried 2 to 5 and kept the number with the highest mean cosine silhouette (how
# much closer each answer sits to its own cluster than to the next one; 1 is perfectly apart, 0 is no structure):

# %%
X_fail = clusters.tfidf_matrix(list(fc.assignments["text"]))[0]
silhouettes = pd.DataFrame([{"clusters tried": k, "mean cosine silhouette":
                             clusters.silhouette_cosine(X_fail, clusters.kmeans(X_fail, k, seed=SEED)[0])}
                            for k in range(2, 6)]).set_index("clusters tried")
silhouettes.round(3).rename_axis(f"clusters tried (v2's {fc.n_failures} simulated failures)")

# %% tags=["remove-cell"]
assert silhouettes["mean cosine silhouette"].idxmax() == fc.k  # the same choice the clustering made

# %% [markdown]
# The answers nearest each cluster's centre, read whole, with the question, the key fact the answer should state
# and the judge's reason for failing it:

# %%
v2_by_id = judged["v2"].by_id()
pd.DataFrame([{"cluster": c.cluster, "case": i, "question": suite[i].input,
               "key fact expected": " / ".join(suite[i].expected) if isinstance(suite[i].expected, (list, tuple))
               else suite[i].expected,
               "v2's answer (simulated)": v2_by_id[i].response, "judge's reason": v2_by_id[i].scores["judge"].reason}
              for c in fc.clusters for i in c.examples]).set_index(["cluster", "case"])

# %%
sil_sorted = silhouettes["mean cosine silhouette"].sort_values(ascending=False)
story.md(f"v2's {fc.n_failures} failures (simulated answers) fall into {fc.k} clusters of "
         f"{', '.join(str(c.size) for c in fc.clusters)} answers; {fc.k} is the number of groups the kit's clustering "
         f"picked by the silhouettes above ({sil_sorted.iloc[0]:.3f} at {sil_sorted.index[0]}, against "
         f"{sil_sorted.iloc[1]:.3f} at {sil_sorted.index[1]}, a gap of {sil_sorted.iloc[0] - sil_sorted.iloc[1]:.3f}, "
         "with no check of how stable the pick is). A mean silhouette of "
         + f"{sil_sorted.iloc[0]:.2f} is "
         + ("little or no structure" if sil_sorted.iloc[0] <= 0.25 else "weak structure" if sil_sorted.iloc[0] <= 0.5
            else "reasonable structure" if sil_sorted.iloc[0] <= 0.7 else "strong structure")
         + " (Kaufman and Rousseeuw's bands: up to 0.25 none to speak of, up to 0.5 weak, up to 0.7 reasonable)"
         + (", so the clusters are groups to read, not structure found in the data, and not a count of causes. A "
            if sil_sorted.iloc[0] <= 0.5 else ": groups to read, not a count of causes. A ")
         + f"label such as \"{fc.clusters[0].label}\" names the words most distinctive of its cluster, which can be "
         "filler rather than a cause. Size says how often, not how costly: a small cluster of wrong answers can cost "
         "more than a large one of padded answers that state the key fact (section 10 prices the two apart). Read "
         "the answers above and name each cluster in your own words in `MY_CLUSTER_NAMES` (parameters cell, in the "
         "table's order, separated by \";\"); the write-up quotes your names as yours. A name read from "
         f"{len(fc.clusters[0].examples)} answers is a hypothesis about a cluster, not a diagnosed cause: it says "
         "where to look first; read more of a cluster's answers (all of them: `fc.assignments.query(\"cluster == "
         "0\")`) before you trust it.")

# %%
my_cluster_names = ([str(n).strip() for n in MY_CLUSTER_NAMES] if isinstance(MY_CLUSTER_NAMES, (list, tuple))
                    else [n.strip() for n in str(MY_CLUSTER_NAMES).split(";")])
my_cluster_names = [n for n in my_cluster_names if n]
if my_cluster_names:
    count_note = ("" if len(my_cluster_names) == fc.k else
                  f" You gave {len(my_cluster_names)} names for {fc.k} clusters: they are matched in order"
                  + (f", and clusters {', '.join(str(c.cluster) for c in fc.clusters[len(my_cluster_names):])} stay "
                     "unnamed." if len(my_cluster_names) < fc.k else ", and the extra names are dropped."))
    cluster_names_text = "; ".join(f"cluster {c.cluster} ({c.size} answers): \"{name}\""
                                   for c, name in zip(fc.clusters, my_cluster_names))
    story.md(f"**Your names** (quoted in the write-up as yours): {cluster_names_text}.{count_note}")
else:
    cluster_names_text = ""
    story.md("**Not named yet.** `MY_CLUSTER_NAMES` is empty: the write-up says the clusters are unnamed until you "
             "name them.")

# %% [markdown]
# ## 9 · The rules baseline, live: latency, errors and retries
#
# Before any model, the simplest system a support team could ship is a **rules baseline**: the kit's
# retrieval bot pastes the best-matching help article, with no language model at all. Any assistant has to
# beat it to be worth its cost. The bot runs live here, with simulated latency and transient upstream failures
# (seeded). Without retries some calls fail; the runner records them as errors with their reason, never as
# wrong answers; the run below then retries each failed call up to twice (no wait between tries in this
# simulation; a real endpoint wants a backoff). It is scored by the same judge, which keeps the scorer fixed
# but is not yet like with like: the judge checks grounding against the same articles the bot pastes, so the bot
# is judged on friendly terms on that point, and no answer of the bot's is labelled to check the judge on it.
# The gate therefore holds the comparison with the bot until the judge is validated on the bot's answers.

# %%
bot = adapters.SupportBot(se.kb, seed=SEED, error_rate=BOT_ERROR_RATE)
live_once = runner.run_eval(suite, bot, SCORERS, gate_on=GATE_ON, retries=0, timeout=5)
bot_retry = adapters.SupportBot(se.kb, seed=SEED, error_rate=BOT_ERROR_RATE)
live = runner.run_eval(suite, bot_retry, JUDGED, gate_on=["judge"], retries=2, backoff=0.0, timeout=5)
lat = live.latency_quantiles((0.5, 0.95))
bot_cmp = {v: stats.compare_runs(live, judged[v], interval="newcombe") for v in ("v1", "v2")}
fam_rules = paired_intervals(live, judged["v2"])  # the gate's interval for v2 - rules baseline (section 7)
story.md(f"Without retries **{live_once.n_error}** of {live_once.n} calls failed; with two retries "
         f"**{live.n_error}** did (a count this small shows the mechanism, not a recovery rate). The rules baseline passes {live.pass_rate().estimate:.0%} of scored cases on the "
         f"judge (95% Wilson CI {live.pass_rate().low:.0%} to {live.pass_rate().high:.0%}), simulated median "
         f"latency {lat[0.5] * 1000:.0f} ms, p95 {lat[0.95] * 1000:.0f} ms. Against it, on the same cases and the "
         "same judge (not validated on the baseline's answers: none of them is labelled): v1 "
         f"{diff_text(bot_cmp['v1'])}; v2 **{diff_text(bot_cmp['v2'])}**, or {pts(fam_rules['article'])} by the 95% "
         "bootstrap that resamples whole help articles.")

# %% tags=["nbval-check-output", "remove-cell"]
print(f"errors without retries: {live_once.n_error}; with retries: {live.n_error}")
print(f"rules baseline pass rate (judge): {live.pass_rate().estimate:.3f}")
print({v: round(c.difference.estimate * 100, 1) for v, c in bot_cmp.items()}, "points over the rules baseline")

# %% [markdown]
# ## 10 · Cost and value
#
# A better answer is worth something only if it costs less than the alternative. The per-answer model costs
# below are **simulated** (recorded with the simulated answers). What a failed answer costs is **your
# assumption**, set in the parameters cell and used by every cost line in this notebook, and it depends on the
# kind of failure: a failed answer that **states the key fact but runs past `MAX_WORDS` words** is priced as
# padded, `COST_PADDED`; any other failure is a wrong answer at `COST_WRONG_ANSWER` (the escalation to a human
# agent included). A padded answer that also invents a policy is priced too low by this rule: the cluster
# examples of section 8 are where to look for one. The alternative is `HUMAN_COST_PER_QUESTION` for a human answering
# every question. Change them and re-run: every number below moves. The prices reach the gate three times: through
# the margin (exercise 1 prices it from `COST_WRONG_ANSWER`), through the topic margin (priced from the same cost
# and `LOSS_TOLERATED` in section 1) and through the release bar `THRESHOLD`, the pass rate at which the bot breaks
# even against the human agent (worked out after exercise 4). The bootstrap over help articles (section 7) gives
# each difference its 95% interval. Which answers failed is read from the judge, so these lines carry the judge's
# validation status too.

# %%
systems = {"rules baseline": live, "v1": judged["v1"], "v2": judged["v2"]}


def padded_only(r):
    """A failed answer priced as padded: it states the key fact but runs past MAX_WORDS words."""
    return r.scores["key_fact"].passed and len(str(r.response).split()) > MAX_WORDS


def per_case_cost(run, cost_padded=COST_PADDED):
    """Simulated model spend plus the assumed cost of a failed answer, per scored case, by case id (dollars)."""
    return {r.case_id: (r.cost_usd or 0.0) + (0.0 if r.passed else cost_padded if padded_only(r)
                                                else COST_WRONG_ANSWER)
            for r in run.results if r.status == "ok"}


shared = sorted(set.intersection(*({r.case_id for r in run.results if r.status == "ok"}
                                   for run in systems.values())))


def saving(against, name="v2", cost_padded=COST_PADDED):
    """Bootstrap interval (over help articles) of the cost saved per question by `name` against `against` ($)."""
    a, b = per_case_cost(systems[against], cost_padded), per_case_cost(systems[name], cost_padded)
    return stats.cluster_paired_bootstrap_interval(np.array([b[i] for i in shared]), np.array([a[i] for i in shared]),
                                                   [ARTICLE[i] for i in shared], n_boot=n_boot,
                                                   seed=SEED)  # mean(a - b): positive = saved


def saving_vs_human(name):
    """Bootstrap interval (over help articles) of the cost saved per question against a human answering all."""
    costs = np.array([per_case_cost(systems[name])[i] for i in shared])
    return stats.cluster_paired_bootstrap_interval(costs, np.full(len(costs), HUMAN_COST_PER_QUESTION),
                                                   [ARTICLE[i] for i in shared], n_boot=n_boot, seed=SEED)


def cost_per_correct(name):
    """Total cost per correct answer, failures priced in (dollars): all the cost of the shared questions over the
    answers that passed, with a 95% bootstrap over help articles (whole articles resampled, as above)."""
    costs, run_ok = per_case_cost(systems[name]), systems[name].by_id()
    _, code = np.unique([ARTICLE[i] for i in shared], return_inverse=True)
    cost_sum = np.bincount(code, weights=[costs[i] for i in shared])
    right_sum = np.bincount(code, weights=[float(run_ok[i].passed) for i in shared])
    counts = np.zeros((n_boot, cost_sum.size))
    draws = np.random.default_rng(SEED).integers(0, cost_sum.size, size=(n_boot, cost_sum.size))
    np.add.at(counts, (np.repeat(np.arange(n_boot), cost_sum.size), draws.ravel()), 1.0)
    low, high = np.quantile((counts @ cost_sum) / (counts @ right_sum), [0.025, 0.975])
    return cost_sum.sum() / right_sum.sum(), low, high


def cost_per_question(name):
    """Total cost per question, failures priced in, with a 95% bootstrap over help articles (dollars)."""
    costs = np.array([per_case_cost(systems[name])[i] for i in shared])
    return stats.cluster_paired_bootstrap_interval(np.zeros(len(costs)), costs, [ARTICLE[i] for i in shared],
                                                   n_boot=n_boot, seed=SEED)


def money(x):
    """Dollars, sign first: -$3,000, not $-3,000."""
    return sign_before_dollar(f"${x:,.0f}")


per_correct = {name: cost_per_correct(name) for name in systems}
per_k = {name: cost_per_question(name) for name in systems}
cost_rows, vs_human = [], {name: saving_vs_human(name) for name in systems}
wrong_per_k, padded_per_k = {}, {}
for name, run in systems.items():
    failed = [r for r in run.results if r.status == "ok" and not r.passed]
    n_pad = sum(padded_only(r) for r in failed)
    wrong_per_k[name], padded_per_k[name] = (len(failed) - n_pad) / run.n_ok * 1000, n_pad / run.n_ok * 1000
    h = vs_human[name]
    cost_rows.append({"system": name, "pass rate (judge)": f"{run.pass_rate().estimate:.1%}",
                      "wrong answers per 1,000": f"{wrong_per_k[name]:.0f}",
                      "padded (key fact stated) per 1,000": f"{padded_per_k[name]:.0f}",
                      "total cost per 1,000 questions, failures priced in ($, 95% bootstrap over articles)":
                          f"{per_k[name].estimate * 1000:,.0f} ({per_k[name].low * 1000:,.0f} to "
                          f"{per_k[name].high * 1000:,.0f})",
                      f"saved against a human agent at {money(HUMAN_COST_PER_QUESTION * 1000)} per 1,000 "
                      "(95% bootstrap over articles)": f"{money(h.low * 1000)} to {money(h.high * 1000)}",
                      "cost per correct answer, failures priced in ($, 95% bootstrap; each bot on its own)":
                          "{:.2f} ({:.2f} to {:.2f})".format(*per_correct[name])})
cost_view = pd.DataFrame(cost_rows).set_index("system").rename_axis("simulated answers, assumed prices").T
spend_per_answer = {name: sum(r.cost_usd or 0.0 for r in run.results if r.status == "ok") / run.n_ok
                    for name, run in systems.items()}
per_correct_text = ("(95% bootstrap over help articles in parentheses) "
                    + ", ".join("{} ${:.2f} (${:.2f} to ${:.2f})".format(name, *iv) for name, iv in per_correct.items()))
per_k_text = ", ".join(f"{name} {money(iv.estimate * 1000)} ({money(iv.low * 1000)} to {money(iv.high * 1000)})"
                       for name, iv in per_k.items())
not_comparable = (f"It is not comparable with the human agent's ${HUMAN_COST_PER_QUESTION:,.2f} a question: the "
                  f"${COST_WRONG_ANSWER:,.0f} price of a bot's wrong answer includes the agent who then answers the "
                  "question, and those answers are not counted as correct, so this measure charges a bot for answers "
                  "it does not credit it with")
save_rules, save_v1 = saving("rules baseline"), saving("v1")
save_v1_rules = saving("rules baseline", name="v1")  # v1 against the rules baseline, paired on the same questions
paired_savings = [("v2", "v1", save_v1), ("v2", "the rules baseline", save_rules),
                  ("v1", "the rules baseline", save_v1_rules)]
as_wrong = {(a, b): saving({"the rules baseline": "rules baseline"}.get(b, b), name=a, cost_padded=COST_WRONG_ANSWER)
            for a, b, _ in paired_savings}  # what-if: padding priced as a wrong answer


def order(a, b, iv):
    """Which of two bots the paired saving interval puts below the other in cost, or None."""
    return f"{a} below {b}" if iv.low > 0 else (f"{b} below {a}" if iv.high < 0 else None)


both_prices = [order(a, b, iv) for a, b, iv in paired_savings if order(a, b, iv) and
               order(a, b, iv) == order(a, b, as_wrong[(a, b)])]
assumed_only = [order(a, b, iv) for a, b, iv in paired_savings if order(a, b, iv) and
                order(a, b, iv) != order(a, b, as_wrong[(a, b)])]
ranking_text = ("Paired on the same questions, the cost saved per 1,000 questions (95% bootstrap over help articles), "
                f"with a padded answer at the assumed ${COST_PADDED:,.0f} and, in parentheses, priced as a wrong answer "
                f"(${COST_WRONG_ANSWER:,.0f}): " + "; ".join(
                    f"{a} against {b} {money(iv.low * 1000)} to {money(iv.high * 1000)} "
                    f"({money(as_wrong[(a, b)].low * 1000)} to {money(as_wrong[(a, b)].high * 1000)})"
                    for a, b, iv in paired_savings) + ". "
                + (f"At either price these intervals put {' and '.join(both_prices)} in cost. " if both_prices else "")
                + (f"Only at the assumed ${COST_PADDED:,.0f} price of padding do they put {' and '.join(assumed_only)}; "
                   "priced as a wrong answer, that order is not shown." if assumed_only else "")
                + ("" if both_prices or assumed_only else "At neither price do these intervals order the bots."))
cost_view

# %% tags=["nbval-check-output", "remove-cell"]
print(cost_view.to_string())
print(f"v2 saves per 1,000 questions: vs rules {save_rules.estimate * 1000:,.0f} "
      f"[{save_rules.low * 1000:,.0f}, {save_rules.high * 1000:,.0f}]; vs v1 {save_v1.estimate * 1000:,.0f} "
      f"[{save_v1.low * 1000:,.0f}, {save_v1.high * 1000:,.0f}] dollars")

# %%
def round_to(x, step=1000):
    """Round dollars to `step` for prose: an interval this wide does not carry five significant figures."""
    return step * round(x / step)


def reach(iv):
    """Where a saving's interval lies against zero, in words."""
    if iv.low > 0:
        return "an interval wholly above zero"
    return "an interval wholly below zero: it costs more" if iv.high < 0 else "an interval that includes zero"


monthly = {k: round_to(getattr(save_v1, k) * QUESTIONS_PER_MONTH) for k in ("estimate", "low", "high")}
saving_reach = reach(save_v1)
save_v1_flat = as_wrong[("v2", "v1")]  # what-if: padding priced as a wrong answer
flat_month = [money(round_to(x * QUESTIONS_PER_MONTH)) for x in (save_v1_flat.low, save_v1_flat.high)]
split_text = (f"The saving does not follow the pass rate alone: per 1,000 questions v1 gives "
              f"{wrong_per_k['v1']:.0f} wrong answers and {padded_per_k['v1']:.0f} padded ones, v2 "
              f"{wrong_per_k['v2']:.0f} and {padded_per_k['v2']:.0f}, and a padded answer is priced at "
              f"${COST_PADDED:,.0f} against ${COST_WRONG_ANSWER:,.0f}. Which failures count as padded is read from "
              "a substring check for the key fact (and the word count), and that check was never validated against "
              "labels of whether an answer states the key fact; the lexical gate built on it agrees with the "
              f"simulated reviewer on v2's answers at kappa {lexical_v2_kappa['kappa']:.2f} (95% bootstrap "
              f"{lexical_v2_kappa['95% low']:.2f} to {lexical_v2_kappa['95% high']:.2f}).")
LEAN_OF = {"v1": lean_v1, "v2": lean_v2}  # the judge's lean on each bot's labelled answers (section 7); the rules
                                          # baseline's is not measured: none of its answers is labelled


def lean_per_k(name):
    """A bot's own judge lean, 95% ends, in dollars per 1,000 questions, each answer it moves priced as wrong."""
    return tuple(LEAN_OF[name][k] * 1000 * COST_WRONG_ANSWER for k in ("low", "high"))


def reach_lh(low, high):
    """Where a range lies against zero, in words."""
    return ("wholly above zero" if low > 0 else "wholly below zero" if high < 0 else "reaching below zero"
            if high > 0 else "at or below zero")


def human_row(name, iv):
    """A bot's saving against the human agent per 1,000 questions, as judged and were its judge lean all bias."""
    row = {"bot": name, "saving as judged (95%)": f"{money(iv.low * 1000)} to {money(iv.high * 1000)}, {reach(iv)}"}
    if name not in LEAN_OF:
        return {**row, "were its judge lean all bias (shifted range)": "not measured (none of its answers is labelled)"}
    shift = lean_per_k(name)
    lo, hi = iv.low * 1000 - shift[1], iv.high * 1000 - shift[0]
    return {**row, "were its judge lean all bias (shifted range)": f"{money(lo)} to {money(hi)}, {reach_lh(lo, hi)}"}


human_rows = [human_row(name, iv) for name, iv in vs_human.items()]
human_verdict = "; ".join(f"for {'the ' * (name == 'rules baseline')}{name} {reach(iv)}" for name, iv in vs_human.items())
rules_lean = (save_rules.low * 1000 - lean_per_k("v2")[1], save_rules.high * 1000 - lean_per_k("v2")[0])
ranking_text = ranking_text.rstrip() + (f" These are as judged. Were the judge's lean on v2's answers all bias (the baseline's lean is not "
                 f"measured), v2 against the rules baseline at the assumed price would save {money(rules_lean[0])} to "
                 f"{money(rules_lean[1])} per 1,000, {reach_lh(*rules_lean)}; v2 against v1 is taken up in section 11, "
                 "with the difference of the two leans.")
story.md(f"**Like with like: cost per 1,000 questions.** Every question gets answered either way: by the bot, or, "
         f"when its answer is wrong, by the agent it escalates to (inside the ${COST_WRONG_ANSWER:,.0f} price of a "
         f"wrong answer). Per 1,000 questions, model spend plus the price of every failed answer on the same "
         f"{len(shared)} questions (95% bootstrap over help articles): {per_k_text}, against "
         f"{money(HUMAN_COST_PER_QUESTION * 1000)} for a human agent answering all of them (your assumed price, so "
         f"no interval). The saving against that agent is in the table below, as judged and were each bot's own "
         f"judge lean (section 11) all bias, anywhere in its 95% interval, each answer it moves priced as wrong. Simulated model spend is at most "
         f"${max(spend_per_answer.values()):.4f} an answer, so the failures drive these numbers. All of them and all "
         f"of the following rest on the judge's verdicts (which answers failed), and the judge is "
         f"{judge_valid_phrase}.")
display(pd.DataFrame(human_rows).set_index("bot").rename_axis("saving against the human agent, per 1,000 questions "
                                                              "(simulated)"))
story.md(f"**Cost per correct answer** (the same cost divided by the answers that passed), each bot on its own: "
         f"{per_correct_text}. {not_comparable}; the per-1,000 line above is the comparison with the agent. Nor do "
         "these intervals rank the bots: each is one bot's alone, and side by side they ignore that the bots "
         f"answered the same questions (section 7). {ranking_text} Failures priced in, at the assumed "
         f"${COST_PADDED:,.0f} price of padding, v2 against v1 saves between {money(save_v1.low * 1000)} and "
         f"{money(save_v1.high * 1000)} per 1,000 questions (95% bootstrap over help articles): at "
         f"{QUESTIONS_PER_MONTH:,} questions a month, if they mix topics and questions as this set does (an "
         f"assumption: the set was written for the kit, not sampled from traffic), **somewhere between {money(monthly['low'])} and {money(monthly['high'])} a month** "
         f"as judged, {saving_reach} on the judge's verdicts (section 11 shows what the judge's measured lean, v2's minus "
         f"v1's, would take off it); with padding priced as a wrong answer, {flat_month[0]} to {flat_month[1]} a month, "
         f"{reach(save_v1_flat)}. {split_text} Whether v2 saves money against v1 depends on the price of padding.")

# %% [markdown]
# ### Exercise 4 · Set the release bar from what a wrong answer costs

# %%
q4 = nb11.release_bar(value_right=HUMAN_COST_PER_QUESTION, cost_wrong=LEGAL_PRICE,
                      current_cost_wrong=COST_WRONG_ANSWER)
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
breakeven = 1 - HUMAN_COST_PER_QUESTION / LEGAL_PRICE
q4_answer = round(breakeven + 0.005, 2)  # the break-even, rounded up
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(1 - HUMAN_COST_PER_QUESTION / COST_WRONG_ANSWER)  # the break-even at today's price, not legal's
assert q4.check(____).correct is None

# %%
breakeven_bar = nb11.breakeven_pass_rate(value_right=HUMAN_COST_PER_QUESTION, cost_wrong=COST_WRONG_ANSWER)
bar_priced = THRESHOLD is None
if bar_priced:
    THRESHOLD = float(np.ceil(round(breakeven_bar * 100, 6)) / 100)  # the break-even, rounded up to the point
bar_text = {True: f"`THRESHOLD` is that break-even rounded up to the point, **{THRESHOLD:.0%}**, with no margin of "
                  "safety on top: a higher bar is defensible, a lower one lets through a bot that loses money. Change "
                  "a price and re-run, and the bar moves with it.",
            False: f"`THRESHOLD` is set in the parameters to **{THRESHOLD:.0%}**, "
                   + ("at or above" if THRESHOLD >= breakeven_bar - 5e-4 else "BELOW")
                   + " that break-even."}[bar_priced]
system_rates = {name: rate_intervals(run)["gate"] for name, run in systems.items()}  # section 7's wider interval
rates_text = ", ".join(f"{'the ' * (name == 'rules baseline')}{name} passes {run.pass_rate().estimate:.1%} "
                       f"(95% {system_rates[name][0]:.1%} to {system_rates[name][1]:.1%})"
                       for name, run in systems.items())
story.md(f"**The release bar at your prices.** Against a human agent at ${HUMAN_COST_PER_QUESTION:,.2f} a question, "
         f"a bot answer costs next to nothing when right and ${COST_WRONG_ANSWER:,.2f} when wrong (every failed "
         f"answer counted as wrong, which errs on the safe side). Exercise 4's computation at these prices puts "
         f"the break-even pass rate at **{breakeven_bar:.1%}**. It is section 10's "
         f"per-1,000 comparison as a pass rate (there, a padded answer costs less): by the judge ({judge_valid_phrase}; "
         f"95%: the wider of Wilson's and the bootstrap over help articles), {rates_text}. A pass-rate estimate above "
         f"the break-even is not a bot that pays: as judged, the saving against the agent per 1,000 questions (section 10's "
         f"table, 95% bootstrap over help articles) is {human_verdict}. {bar_text} The gate in "
         "section 11 passes the pass-rate line only when the whole 95% interval of v2's pass rate clears it (the "
         "wider of Wilson's and the bootstrap over help articles, section 7).")

# %% [markdown]
# ## 10b · Prompt versions
#
# Changing the prompt changes the product, so a prompt is a **version** like a model: it has an id, its text,
# and a hash of that text. Every answer below records the prompt id and hash that produced it, and a run that
# claims prompt A but was produced by edited words is refused. This is a **separate experiment** from v1 and v2:
# two prompts for a next version, neither of them v1's or v2's and neither in production, answered the same 150
# cases: **A** (terse, "use only the article provided"), the team's current draft, and **B** (warm, "reassure the
# customer about refunds", "always cite"), a rewrite that would replace it. Their
# answers are **simulated** by the kit's build script, not produced by a model. Two scorers read each answer
# against the knowledge base: **invented policy** (a number of days, a fee, a price or a percentage the answer
# states that appears in no article) and **citation accuracy** (the article the answer cites contains the
# answer's key claim).

# %%
from IPython.display import display

from aipm_kit.evals import prompts

prompt_set = prompts.load_prompt_set()
display(pd.DataFrame([{"prompt": p.id, "hash (first 12 hex digits of the text's SHA-256)": p.hash, "text": p.text}
                      for p in prompt_set.prompts.values()]).set_index("prompt"))

# %% [markdown]
# **The scorers, checked on hand labels first.** The kit ships a small set of answers written and labelled
# for it by its authors (one rater, not a random sample of traffic; the datasheet says how they were chosen).
# A scorer "flags" an answer when it finds the problem; precision is the share of its flags the labels agree
# with, recall the share of labelled problems it finds.

# %%
invented_scorer, citation_scorer = prompts.no_invented_policy(se.kb), prompts.citation_supported(se.kb)
hand = prompt_set.labelled
hand_flags = {"invented policy": [not invented_scorer(r).passed for r in hand["response"]],
              "citation": [not citation_scorer(r, e).passed for r, e in zip(hand["response"], hand["expected"])]}
validation = {"invented policy": prompts.validate_scorer(hand_flags["invented policy"], hand["hallucinated"],
                                                         scorer="invented policy", n_boot=n_boot, seed=SEED),
              "citation": prompts.validate_scorer(hand_flags["citation"], ~hand["citation_ok"].astype(bool),
                                                  scorer="citation", n_boot=n_boot, seed=SEED)}
pd.concat([v.to_frame() for v in validation.values()]).set_index(["scorer", "measure"]).rename_axis(
    ["scorer (hand labels written for the kit)", "measure"]).round(2)

# %%
inv_val, cit_val = validation["invented policy"], validation["citation"]
inv_word = "clears" if inv_val.kappa.low >= JUDGE_KAPPA_MIN else (
    "is wholly below" if inv_val.kappa.high < JUDGE_KAPPA_MIN else "straddles")
cit_word = "clears" if cit_val.kappa.low >= JUDGE_KAPPA_MIN else (
    "is wholly below" if cit_val.kappa.high < JUDGE_KAPPA_MIN else "straddles")
base_rate = float(np.mean(hand["hallucinated"]))
story.md(f"On {inv_val.n} hand-labelled answers, the **citation** scorer agrees with the labels at kappa "
         f"{cit_val.kappa.estimate:.2f} (95% bootstrap interval {cit_val.kappa.low:.2f} to {cit_val.kappa.high:.2f}, "
         f"against a line of {JUDGE_KAPPA_MIN:.2f}). {base_rate:.0%} of the answers are labelled as "
         "inventing a policy, and the **invented-policy** scorer reaches kappa "
         f"{inv_val.kappa.estimate:.2f} (95% bootstrap {inv_val.kappa.low:.2f} to {inv_val.kappa.high:.2f}): when it flags an answer the labels agree {inv_val.precision.estimate:.0%} of the time (precision {inv_val.precision.estimate:.0%}, 95% "
         f"Wilson {inv_val.precision.low:.0%} to {inv_val.precision.high:.0%}, "
         + (f"an interval that includes the {base_rate:.0%} a random flag would reach" if inv_val.precision.low <= base_rate
            else f"wholly above the {base_rate:.0%} a random flag would reach")
         + f"), and it finds only "
         f"{inv_val.recall.estimate:.0%} of the labelled inventions (95% Wilson {inv_val.recall.low:.0%} to "
         f"{inv_val.recall.high:.0%}). The answers where it and the hand labels disagree show why:")
hand_view = hand.assign(**{"scorer flags": hand_flags["invented policy"], "label flags": hand["hallucinated"]})
display(hand_view.loc[hand_view["scorer flags"] != hand_view["label flags"],
                      ["response", "scorer flags", "label flags", "why"]].set_index("response"))

# %% [markdown]
# It reads only claims with a number in them, and it counts a number as supported if *any* article contains it:
# "cryptocurrency payments" has no number, and "within 14 days" is true of account deletion, not of price
# matching. It also flags a true fact written another way ("12.95 dollars", "3 days" for 72 hours). So its count
# of invented policies is wrong both ways: some flags are false, and many inventions go unflagged. Both
# kappa intervals are wide.

# %%
prompt_cmp = prompts.compare_prompts(suite, prompt_set.model("A"), prompt_set.model("B"),
                                     {"answers free of invented policy": invented_scorer, "citation supported": citation_scorer})
prompt_fam = {name: comparison_intervals(c) for name, c in prompt_cmp.items()}
prompt_table = pd.DataFrame([{
    "passes when": name, "paired cases": c.n_pairs, "A pass rate": f"{c.baseline_mean:.1%}",
    "B pass rate": f"{c.candidate_mean:.1%}", "B - A (points)": f"{c.difference.estimate * 100:+.1f}",
    "95% Newcombe": pts(prompt_fam[name]["newcombe"]), "95% bootstrap over articles": pts(prompt_fam[name]["article"]),
    "B wins": c.wins, "B losses": c.losses, "exact McNemar p": f"{c.p_value:.2g}"}
    for name, c in prompt_cmp.items()]).set_index("passes when").rename_axis("passes when (simulated answers)")
prompt_table

# %% [markdown]
# ### Exercise 5 · Keep prompt A, replace it with B, or wait

# %%
inv_cmp, cit_cmp = prompt_cmp["answers free of invented policy"], prompt_cmp["citation supported"]
q5 = nb11.ship_prompt(invented=inv_cmp, citations=cit_cmp, invented_margin=MARGIN, line=JUDGE_KAPPA_MIN,
                      invented_kappa=(inv_val.kappa.low, inv_val.kappa.high),
                      citation_kappa=(cit_val.kappa.low, cit_val.kappa.high), labels_from_prompts_answers=False,
                      intervals={"invented": prompt_fam["answers free of invented policy"]["gate"],
                                 "citations": prompt_fam["citation supported"]["gate"]},
                      interval_name="95%, the wider of Newcombe's and the bootstrap over help articles:",
                      invented_precision=(inv_val.precision.estimate, inv_val.precision.low, inv_val.precision.high),
                      invented_kappa_estimate=inv_val.kappa.estimate,
                      invented_recall=(inv_val.recall.estimate, inv_val.recall.low, inv_val.recall.high))
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
# the scorers were checked on examples written for the kit, not on A's and B's answers: neither may decide yet,
# so label a sample of both prompts' answers first (keeping A and retiring B is defensible too: the burden is on B)
q5_answer = "wait"
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check("B")
assert q5.check(____).correct is None

# %% [markdown]
# The prompt gate. Its scorers were checked on examples written for the kit, not on A's and B's answers, so
# each scorer's validation line is held at "not yet" whatever its kappa, and each comparison line counts only
# once its scorer's validation passes (`gate.conditional_on`, as for the judge). An invented policy is priced
# like any wrong answer (`COST_WRONG_ANSWER`), so the invented-policy margin is the overall one, `MARGIN`.

# %%
def scorer_validation(name, val):
    """A prompt scorer's validation line: its kappa interval against the line, held at 'not yet' while it was
    measured on examples written for the kit rather than on a random sample of the prompts' own answers."""
    c = gates.criterion(f"The {name} scorer agrees with labels on A's and B's answers (kappa)", val.kappa.estimate,
                        ">=", JUDGE_KAPPA_MIN, interval=(val.kappa.low, val.kappa.high), n=val.n, fmt="{:.2f}",
                        evidence=f"measured on {val.n} examples written and labelled for the kit, not on A's or B's "
                                 "answers; 95% percentile bootstrap",
                        settle="hand-label a random sample of A's and B's answers, blind, and take this line on them")
    return replace(c, status="inconclusive", settle="hand-label a random sample of A's and B's answers, blind, "
                                                    "and take this line on them") if c.status == "pass" else c


prompt_valid = {"invented policy": scorer_validation("invented-policy", inv_val),
                "citation": scorer_validation("citation", cit_val)}
cit_fam, inv_fam = prompt_fam["citation supported"], prompt_fam["answers free of invented policy"]
cit_line = gates.criterion("B's citations are supported more often than A's (points)", cit_cmp.difference.estimate * 100,
                           ">", 0, interval=tuple(x * 100 for x in cit_fam["gate"]),
                           n=cit_cmp.n_pairs, fmt="{:+.1f}",
                           evidence=f"{cit_cmp.n_pairs} paired cases, simulated answers; 95%: the wider of Newcombe's "
                                    "paired interval and the bootstrap over help articles")
inv_line = gates.criterion(f"Answers free of invented policy fall by at most {MARGIN * 100:.1f} points "
                           "(B - A, points)", inv_cmp.difference.estimate * 100, ">=",
                           -MARGIN * 100,
                           interval=tuple(x * 100 for x in inv_fam["gate"]), n=inv_cmp.n_pairs,
                           fmt="{:+.1f}",
                           evidence=f"{inv_cmp.n_pairs} paired cases, simulated answers; 95%: the wider of Newcombe's "
                                    "paired interval and the bootstrap over help articles")
prompt_gate = gates.Gate("Prompt B may replace prompt A (simulated answers)", [
    prompt_valid["citation"], *gate.conditional_on([cit_line], prompt_valid["citation"], scorer="citation"),
    prompt_valid["invented policy"],
    *gate.conditional_on([inv_line], prompt_valid["invented policy"], scorer="invented-policy")])
prompt_next = {"GO": "B may replace A", "NO-GO": "A is kept and B goes back for rework",
               "NOT YET": "A is kept while the open lines are settled"}[prompt_gate.verdict]
inv_flips = inv_cmp.wins + inv_cmp.losses
prompt_rates_text = (f"A free of invented policy on {inv_cmp.baseline_mean:.1%} of cases; {inv_flips} of "
                     f"{inv_cmp.n_pairs} pairs, {inv_flips / inv_cmp.n_pairs:.0%}, flipped")
story.md(f"B against A on the same {inv_cmp.n_pairs} cases, as measured: answers free of invented policy "
         f"**{gate_text(inv_fam)}** (B lost {inv_cmp.losses} cases and won {inv_cmp.wins}; exact McNemar p = "
         f"{inv_cmp.p_value:.2g}); supported citations **{gate_text(cit_fam)}** (won {cit_cmp.wins}, lost "
         f"{cit_cmp.losses}; p = {cit_cmp.p_value:.2g}). The gate for replacing A says **{prompt_gate.verdict}**: "
         + prompt_next + ". No size was planned for this experiment, so validating the scorers settles only whether "
         f"they may decide; the {MARGIN * 100:.3g}-point invented-policy line then needs its own size plan, fixed "
         f"before the next test from this experiment's rates ({prompt_rates_text}), not from the release plan's.")
prompt_gate

# %% [markdown]
# ## 11 · The release gate
#
# The gate is a **non-inferiority** gate: the burden of proof is on v2. "No significant drop" is not enough:
# a drop that is not significant has not been shown not to happen (section 5). Instead each criterion that rests on
# a sample is decided on its interval: **pass** when the whole interval is on the right side of its line,
# **fail** when the whole interval is on the wrong side, **not yet** otherwise (with what would settle it).
# v2 must clear the pass-rate bar, stay within the error budget, be at most `MARGIN` worse than v1 overall, read
# with the judge's lean taken off (below), and at most `TOPIC_MARGIN` worse in every topic, and beat the rules
# baseline. Every line that reads pass rates is
# taken on the wider of two 95% intervals (section 7): Wilson's or Newcombe's, and the bootstrap over help articles. The money of section 10 is not a gate line: it does not follow the pass
# rate (v2 trades wrong answers for padded ones, and the prices weigh the two differently), but no dollar line
# for a saving was fixed before the test, and its interval rests on the judge's verdicts and on the assumed price
# of padding. It is reported beside the gate, held with the judge (section 13). Every
# line scored by the judge counts only once the judge is validated on the answers that line reads
# (`gate.conditional_on`): v2's for the pass rate; v1's and v2's for a difference between them, because a
# judge that errs differently on the two versions biases their difference; the rules baseline's and v2's for
# the comparison with the baseline. Until then a line shows what it measured and stays "not yet".

# %%
v2_rate = rate_intervals(judged["v2"])  # the pass-rate line's interval (section 7)


def judge_on(version, row):
    """The judge's validation on one version's answers: its kappa interval against the line, held at 'not yet'
    when the interval is a single point (perfect agreement; the percentile bootstrap cannot show the doubt)."""
    c = gates.criterion(f"Judge agrees with the simulated reviewer on {version}'s answers (kappa)", row["kappa"],
                        ">=", JUDGE_KAPPA_MIN, interval=(row["95% low"], row["95% high"]), n=int(row["n"]),
                        fmt="{:.2f}", evidence=f"{DECIDER} against {int(row['n'])} simulated labels "
                                               f"of {version}'s answers; 95% percentile bootstrap",
                        settle=f"label {n_labels_plan} fresh random answers of {version}, blind (a number fixed before "
                               f"labelling; the set holds only {len(suite)} questions, so they come from new questions)")
    if c.status == "pass" and row["95% low"] == row["95% high"]:
        c = replace(c, status="inconclusive", settle=(
            "a single-point interval (perfect agreement) is no certainty: label "
            f"{n_labels_plan} fresh random answers of {version}, blind (a number fixed before labelling; from new "
            "questions, as the set is too small)"))
    return c


judge_on_rules = gates.Criterion(
    name="Judge agrees with labels on the rules baseline's answers (kappa)", status="inconclusive",
    evidence="none of the rules baseline's answers is labelled; the judge reads grounding in the very articles the "
             "baseline pastes", value="not measured", condition=f">= {JUDGE_KAPPA_MIN:.2f}", kind="interval",
    settle=f"label {n_labels_plan} random answers of the rules baseline to new questions (the set holds only "
           f"{len(suite)}), blind, and measure it")
judge_on_v1 = judge_on("v1", judge_v1)


def all_of(name, *validations):
    """One condition from several validations: it passes only when every one passes."""
    statuses = {v.status for v in validations}
    status = "pass" if statuses == {"pass"} else ("fail" if "fail" in statuses else "inconclusive")
    return gates.Criterion(name=name, status=status, evidence="")


SHORT_LINE = [("Judge agrees with the simulated reviewer on v2", "judge on v2"),
              ("Judge agrees with the simulated reviewer on v1", "judge on v1"),
              ("Judge agrees with labels on the rules", "judge on the rules baseline"), ("Error rate", "errors"),
              ("Pass rate", "pass rate"), ("Not worse than", "v2 - v1 overall (lean taken off)"), ("No tag worse", "topics"),
              ("v2 beats the rules", "v2 - rules baseline")]


def short(name):
    """A gate line's short name, for tables and prose."""
    return next(label for prefix, label in SHORT_LINE if name.startswith(prefix))


def take_gate(threshold=THRESHOLD, margin=MARGIN, title="Release gate: v2 (simulated data)", assume=()):
    """The release gate: the package's lines on the judge-scored runs and the rules baseline, each judge-scored
    line conditional on the judge's validation on the answers it reads, and those validations. `assume` holds
    what-ifs for the table below ("judge": every kappa validation passes; "lean": the overall line, read with the
    judge's lean taken off, clears the margin; "topics": every topic clears its line)."""
    package = gate.release_gate(judged["v2"], judged["v1"], threshold=threshold, margin=margin,
                                topic_margin=TOPIC_MARGIN, max_error_rate=MAX_ERROR_RATE, min_n=MIN_TOPIC_N)
    on = {"v2": judge_criterion, "v1": judge_on_v1, "rules": judge_on_rules}
    if "judge" in assume:
        on = {k: replace(v, status="pass", settle="") for k, v in on.items()}
    rate_line, errors, overall_line, tag_line = package.criteria
    errors = replace(errors, status="inconclusive", evidence=errors.evidence + (
        ", replaying recorded simulated answers: it says nothing about failed calls of a live v2"),
        settle=f"measure the share of failed calls on live v2 traffic (a shadow run) against {MAX_ERROR_RATE:.0%}")
    if "live" in assume:
        errors = replace(errors, status="pass", settle="")
    both = "the wider of {} and the bootstrap over help articles"
    rate_line = gates.criterion(
        f"Pass rate clears the threshold (95%: {both.format('Wilson')})", v2_rate["estimate"], ">=", threshold,
        interval=v2_rate["gate"], n=judged["v2"].n_ok, fmt="{:.1%}",
        evidence=f"{judged['v2'].n_passed}/{judged['v2'].n_ok} scored cases passed; Wilson "
                 f"{v2_rate['wilson'][0]:.1%} to {v2_rate['wilson'][1]:.1%}, bootstrap over {fam_all['articles']} "
                 f"articles {v2_rate['article'][0]:.1%} to {v2_rate['article'][1]:.1%}")
    corr = corrected_line(margin)
    overall_line = gates.criterion(
        f"Not worse than v1 by more than {margin * 100:.1f} points, the judge's lean taken off (judged v2 - v1 minus "
        f"the judge's lean, v2's minus v1's; 95% ({CORR_METHOD}))",
        corr["estimate"] * 100, ">=", -margin * 100, interval=(corr["low"] * 100, corr["high"] * 100),
        n=fam_all["n"], fmt="{:+.1f}",
        evidence=f"judged v2 - v1 {fam_all['estimate'] * 100:+.1f} points (95% {pts(fam_all['gate'])}) on "
                 f"{fam_all['n']} paired cases and {fam_all['articles']} help articles: {judge_cmp.mcnemar_c} fixed, "
                 f"{judge_cmp.mcnemar_b} broken; Newcombe {pts(fam_all['newcombe'])}, bootstrap over articles "
                 f"{pts(fam_all['article'])}. The judge's lean, v2's minus v1's, {lean_diff['estimate'] * 100:+.1f} "
                 f"points ({gap_iv_text}; against the adjudicated labels of section 6, on "
                 f"v2's {n_v2_labels} labelled answers {n_judge_only} passed by the judge alone and {n_reviewer_only} "
                 f"by the labels alone, on v1's {errs['v1'][2]} {errs['v1'][0]} and {errs['v1'][1]}), taken off: "
                 f"square-and-add {mover['low'] * 100:+.1f} to "
                 f"{mover['high'] * 100:+.1f}. The judged low end moved from {seed_table['low'].min() * 100:+.1f} "
                 f"to {seed_table['low'].max() * 100:+.1f} over {N_JUDGE_SEEDS} judge seeds; under the plan, an "
                 f"equal v2 passes the judged line only {equal_pass_chance(lex_cmp.n_pairs, margin):.0%} of the time "
                 f"at {lex_cmp.n_pairs} independent cases (about {round_plan(cases_needed_overall(margin)):,} for "
                 f"{PLAN_POWER:.0%})")
    if overall_line.status == "pass":  # the leans were measured on the labels that chose the judge (section 6)
        overall_line = replace(overall_line, status="inconclusive", settle=(
            "take the difference of leans again on fresh, blind labels of v1's and v2's answers: these labels "
            "chose the judge"))
    elif overall_line.status == "inconclusive":
        overall_line = replace(overall_line, settle=(
            f"more cases and fresh, blind labels, planned together: {lean_plan_text(margin)}"))
    if "lean" in assume:
        overall_line = replace(overall_line, status="pass", settle="")
    topic_rows = [(t, family[(t, "judge")]) for t in judge_slices["tag"]]
    failing = [(t, f) for t, f in topic_rows if f["gate"][1] < -TOPIC_MARGIN]
    bind_t, bind_f = (min(failing, key=lambda tf: tf[1]["gate"][1]) if failing
                      else min(topic_rows, key=lambda tf: tf[1]["gate"][0]))
    tag_line = gates.criterion(
        f"No tag worse by more than {TOPIC_MARGIN * 100:g} points (binding topic: {bind_t}; 95%: "
        f"{both.format('Newcombe')})", bind_f["estimate"] * 100, ">=", -TOPIC_MARGIN * 100,
        interval=tuple(x * 100 for x in bind_f["gate"]), n=bind_f["n"], fmt="{:+.1f}",
        evidence="; ".join(f"{t} {f['estimate'] * 100:+.1f} [{f['gate'][0] * 100:+.1f}, {f['gate'][1] * 100:+.1f}] "
                           f"({f['n']} cases, {f['articles']} articles)" for t, f in topic_rows)
                 + f"; under the plan, a topic exactly as good as v1 passes this check only "
                   f"{plan_equal[0]:.0%} to {plan_equal[1]:.0%} of the time at {topic_n.min()} to {topic_n.max()} "
                   "independent cases")
    if tag_line.status == "inconclusive":
        tag_line = replace(tag_line, settle=f"grow each topic to about {n_topic_joint} cases, the planned size at "
                                            f"which equal topics all pass together about {PLAN_POWER:.0%} of the "
                                            "time (treating topics and cases as independent; questions that come "
                                            "in families need more)")
    if "topics" in assume:
        tag_line = replace(tag_line, status="pass", settle="")
    beats_rules = gates.criterion(
        f"v2 beats the rules baseline (pass-rate difference, points; 95%: {both.format('Newcombe')})",
        fam_rules["estimate"] * 100, ">", 0, interval=tuple(x * 100 for x in fam_rules["gate"]),
        n=fam_rules["n"], fmt="{:+.1f}",
        evidence=f"{fam_rules['n']} paired cases, simulated answers; Newcombe {pts(fam_rules['newcombe'])}, "
                 f"bootstrap over articles {pts(fam_rules['article'])} (points); no answer of the baseline is "
                 "labelled, and the judge checks grounding in the very articles the baseline pastes")
    lines = [on["v2"], on["v1"], on["rules"], errors,
             *gate.conditional_on([rate_line], on["v2"]),
             *gate.conditional_on([overall_line, tag_line],
                                  all_of("judge validated on v1's and v2's answers", on["v1"], on["v2"])),
             *gate.conditional_on([beats_rules], all_of("judge validated on the rules baseline's and v2's answers",
                                                        on["rules"], on["v2"]))]
    return package, gates.Gate(title, lines)


# The plan for the lean-corrected line, from the minimum effect fixed before the test (an equal v2: no drop, and a
# judge with no lean): cases and labels together, so that its low end clears -MARGIN with PLAN_POWER. The judge and
# the labels disagree on a share of answers (both versions' shares added; the larger of the first reviewer's and
# the adjudicated labels', so the safer planning value); that share sets how much a label pins the lean down.
disc_sum = min(max(sum(sum(e[v][:2]) / e[v][2] for v in ("v1", "v2")) for e in (errs_raw, errs)), 1.0)
PLAN_LABELS = (1_000, 2_000, 5_000, 10_000)  # labels of each version's answers the table tries
lean_plan = {L: nb11.lean_line_cases(margin=MARGIN, flip_rate=PLAN_FLIP_RATE, disagree=PLAN_JUDGE_DISAGREE, labels=L,
                                     power=PLAN_POWER) for L in PLAN_LABELS}
n_lean_every = nb11.lean_line_cases(margin=MARGIN, flip_rate=PLAN_FLIP_RATE, disagree=PLAN_JUDGE_DISAGREE,
                                    power=PLAN_POWER)  # every case's two answers labelled


def norm_ppf(q):
    """The standard normal quantile."""
    from statistics import NormalDist
    return NormalDist().inv_cdf(q)


def lean_plan_text(margin):
    """The plan for the lean-corrected line at `margin`, in words."""
    every = nb11.lean_line_cases(margin=margin, flip_rate=PLAN_FLIP_RATE, disagree=PLAN_JUDGE_DISAGREE, power=PLAN_POWER)
    return (f"for an equal v2 and a judge with no lean to clear -{margin * 100:.3g} points {PLAN_POWER:.0%} of the "
            f"time, about {round_plan(every):,} paired cases with both versions' answers labelled (planned from "
            f"no drop, {PLAN_FLIP_RATE:.0%} of pairs flipping and the judge disagreeing with the labels on "
            f"{PLAN_JUDGE_DISAGREE:.0%} of answers, two versions' shares added, both assumed before the test; normal "
            "approximation)")


lean_gap = lean_diff["estimate"] * 100  # how far the judge's lean alone would move v2 - v1 (points)
gain = fam_all["estimate"] * 100  # the judge-scored gain, v2 - v1 (points)
v1_lean = (f"leans {lean['v1']:+.1f} points ({errs['v1'][0]} passed that the labels fail, {errs['v1'][1]} "
           f"failed that they pass; {v1_iv_text})")
lean_vs_gain = (f"at its estimate the difference of leans would add {lean_gap:+.1f} points to v2 - v1, against a "
                f"judge-scored {'gain' if gain > 0 else 'difference'} of {gain:+.1f} points")
lean_top = lean_diff["high"] * 100  # the difference of leans, at its 95% high end
told_apart = gain > 0 and lean_top < gain
corr_word = {"pass": "clears it", "inconclusive": "straddles it, so the line says not yet",
             "fail": "misses it"}[corrected["status"]]
go_needs = lean_plan_text(MARGIN)
lean_core = (f"against the adjudicated labels, on v2's {n_v2_labels} labelled answers the judge passes "
              f"{n_judge_only} that the labels fail and fails {n_reviewer_only} that they pass, a net lean of {lean['v2']:+.1f} points on v2's pass "
              f"rate ({lean_iv_text}); on v1's {errs['v1'][2]} labelled answers it {v1_lean}. What biases v2 - v1 "
              f"is the difference, v2's lean minus v1's: {lean_gap:+.1f} points ({gap_iv_text})")
lean_short = (lean_core + ". So " + lean_vs_gain
              + (": even the top of that interval is below the gain" if told_apart else
                 f", and the top of its interval, {lean_top:+.1f}, is above that gain")
              + f". The gate's non-inferiority line therefore reads v2 - v1 with that difference taken off: "
                f"{corrected['estimate'] * 100:+.1f} points, approximate 95% {corrected['low'] * 100:+.1f} to "
                f"{corrected['high'] * 100:+.1f} ({corr_iv_text}), against -{MARGIN * 100:.3g} points: it "
                f"{corr_word}. A GO needs that low end "
                f"above -{MARGIN * 100:.3g}: {go_needs}")
lean_text = lean_short[0].upper() + lean_short[1:] + "."
# The answers behind v2's lean: each labelled answer of v2 the judge and the simulated reviewer disagree on
v2_rows = np.flatnonzero((labels["version"] == "v2").to_numpy())
vote_frame = votes.frame.reset_index(drop=True)
disagree_rows = [{"question": items[k]["question"],
                  "v2's answer (simulated, shortened)": (items[k]["response"][:140].rsplit(" ", 1)[0] + " ..."
                                                         if len(items[k]["response"]) > 140 else items[k]["response"]),
                  "judge": ("pass" if signals[DECIDER][k] else "fail")
                           + (f" ({sum(vote_frame.loc[k, 'votes'])} of {JUDGE_K} votes)" if judge_votes > 1 else ""),
                  "first reviewer": labels_first.iloc[k]["label"],
                  "adjudicated (majority of three, simulated)": "pass" if adjudicated_pass[k] else "fail"}
                 for k in v2_rows if disagree[k]]
n_dis = {v: int(disagree[(labels["version"] == v).to_numpy()].sum()) for v in ("v1", "v2")}
n_rev_wrong = {v: int((disagree & (adjudicated_pass == judge_pass_lab))[(labels["version"] == v).to_numpy()].sum())
               for v in ("v1", "v2")}  # disagreements the adjudicated label settles for the judge
expected_flips = n_v2_labels * LABEL_FLIP  # v2's labels the simulator is expected to have flipped
# The labels' own v2 - v1 on the questions both versions were labelled on (first labels, then after the second
# review), and the judge's on the same questions, each with Newcombe's paired interval
from aipm_kit.experiments import paired_proportion_difference


def on_labelled(values, version):
    """A version's values on its labelled answers, by question id."""
    m = (labels["version"] == version).to_numpy()
    return dict(zip(labels.loc[m, "id"], np.asarray(values)[m]))


def labels_diff(label_pass):
    """The labels' own v2 - v1 on the questions both versions were labelled on (Newcombe's paired 95%)."""
    by_id = {v: on_labelled(label_pass, v) for v in ("v1", "v2")}
    return paired_proportion_difference([bool(by_id["v2"][i]) for i in lab_ids],
                                        [bool(by_id["v1"][i]) for i in lab_ids])


jud_pass = {v: on_labelled(signals[DECIDER], v) for v in ("v1", "v2")}
lab_ids = sorted(set(jud_pass["v1"]) & set(jud_pass["v2"]))
rev_diff_raw = labels_diff(reviewer_pass)  # the reviewer's first labels
rev_diff = labels_diff(adjudicated_pass)  # after the second review
jud_lab_diff = paired_proportion_difference([bool(jud_pass["v2"][i]) for i in lab_ids],
                                            [bool(jud_pass["v1"][i]) for i in lab_ids])
rev_status = line_status(rev_diff.low, rev_diff.high, -MARGIN)
rev_iv = f"{rev_diff.difference * 100:+.1f} points (95% Newcombe paired {rev_diff.low * 100:+.1f} to {rev_diff.high * 100:+.1f})"
rev_text = (f"**The adjudicated labels' own v2 - v1.** On the {len(lab_ids)} questions where "
            f"both versions' answers are labelled, the labels pass v2 on {rev_diff.only_a} that they fail v1 on and "
            f"v1 on {rev_diff.only_b} that they fail v2 on: v2 - v1 is {rev_iv}, its estimate "
            f"{'below' if rev_diff.difference < -MARGIN else 'above'} the -{MARGIN * 100:.3g}-point margin, against the "
            f"judged {gain:+.1f} on all {fam_all['n']} cases. The judge on the same "
            f"{len(lab_ids)} questions gives {jud_lab_diff.difference * 100:+.1f} points "
            f"({jud_lab_diff.low * 100:+.1f} to {jud_lab_diff.high * 100:+.1f}); the gap between the two is the "
            f"difference of leans above. Against -{MARGIN * 100:.3g} points the labels' interval "
            + {"pass": "lies wholly above the margin", "inconclusive": "straddles the margin",
               "fail": "lies wholly below the margin"}[rev_status]
            + (f": at {len(lab_ids)} questions it is about "
               f"{(rev_diff.high - rev_diff.low) / (fam_all['gate'][1] - fam_all['gate'][0]):.1f} times as wide as "
               f"the judged interval on all {fam_all['n']}, so it cannot settle the line alone."
               if rev_status == "inconclusive" else "."))
kappa_first_v2 = judges.kappa_interval(signals[DECIDER][v2_mask], labels_first.loc[v2_mask, "label"], n_boot=n_boot,
                                       seed=SEED)  # the judge's kappa on v2 against the first reviewer's labels alone
adj_text = (f"**First labels against adjudicated ones.** Section 6 had a second reviewer, blind, label all "
            f"{len(labels)} labelled answers again, with a third read where the two disagreed ({n_split} answers; "
            f"{n_changed} labels changed); every label-based line reads these adjudicated labels. On the "
            f"{n_dis['v2']} answers of v2 above where the judge and the first reviewer disagree, the adjudicated "
            f"label sides with the judge on {n_rev_wrong['v2']} and with the first reviewer on "
            f"{n_dis['v2'] - n_rev_wrong['v2']} (on v1: {n_rev_wrong['v1']} of {n_dis['v1']}). The adjudicated "
            f"labels are simulated and still fallible (about {residual:.2%} wrong expected at {LABEL_FLIP:.0%} a "
            "read), not the truth. The lines on the first reviewer's labels alone, beside the adjudicated ones:")


def ends(d):
    """An estimate and its 95% ends, in points."""
    return f"{d['estimate'] * 100:+.1f} ({d['low'] * 100:+.1f} to {d['high'] * 100:+.1f})"


def ends_pd(r):
    """A paired difference and its 95% Newcombe ends, in points."""
    return f"{r.difference * 100:+.1f} ({r.low * 100:+.1f} to {r.high * 100:+.1f})"


adj_rows = [{"(95%)": name, "first reviewer only": before, "adjudicated (majority of three)": after}
            for name, before, after in (
                ("judge's kappa on v2's answers (95% bootstrap)",
                 f"{kappa_first_v2.estimate:.2f} ({kappa_first_v2.low:.2f} to {kappa_first_v2.high:.2f})",
                 f"{judge_v2['kappa']:.2f} ({judge_v2['95% low']:.2f} to {judge_v2['95% high']:.2f})"),
                ("judge's lean on v2's answers (points)", ends(leans_raw["v2"]), ends(leans_adj["v2"])),
                ("judge's lean on v1's answers (points)", ends(leans_raw["v1"]), ends(leans_adj["v1"])),
                ("difference of leans, v2's minus v1's (square-and-add)", ends(leans_raw["gap"]),
                 ends(leans_adj["gap"])),
                ("judged v2 - v1 with that taken off (square-and-add): the gate's line", ends(leans_raw["mover"]),
                 ends(leans_adj["mover"])),
                (f"the labels' own v2 - v1 on the {len(lab_ids)} questions labelled for both (points)", ends_pd(rev_diff_raw),
                 ends_pd(rev_diff)))]
# Were the lean all bias: each judge-scored line moved by it, anywhere in its 95% interval: a line's low end moved by
# the lean's high end, its high end by the lean's low end (a shifted range, not a 95% interval; the gate does not
# read it). An answer
# the judge passes and the reviewer fails is priced as a wrong answer, so the saving's shift is the most it could be.
lean_v2_range = (lean_v2["low"] * 100, lean_v2["high"] * 100)  # the lean on v2's pass rate, 95% (points)
lean_gap_range = (lean_diff["low"] * 100, lean_diff["high"] * 100)  # the difference of leans, on v2 - v1 (points)
lean_month = lean_gap / 100 * QUESTIONS_PER_MONTH * COST_WRONG_ANSWER  # dollars a month off v2's saving against v1
lean_month_range = [x / 100 * QUESTIONS_PER_MONTH * COST_WRONG_ANSWER for x in lean_gap_range]
THEN = {"pass": "still clears it", "inconclusive": "straddles it: not settled", "fail": "misses it"}
lean_saving_raw = [save_v1.estimate * QUESTIONS_PER_MONTH - lean_month,  # at the lean's estimate
                   save_v1.low * QUESTIONS_PER_MONTH - lean_month_range[1],  # low end, at the lean's high end
                   save_v1.high * QUESTIONS_PER_MONTH - lean_month_range[0]]  # high end, at the lean's low end
lean_saving = [round_to(x) for x in lean_saving_raw]  # to $1,000, as every monthly saving
rate_reach = (v2_rate["gate"][0] - lean_v2_range[1] / 100, v2_rate["gate"][1] - lean_v2_range[0] / 100)
diff_reach = (fam_all["gate"][0] - lean_gap_range[1] / 100, fam_all["gate"][1] - lean_gap_range[0] / 100)


def above_zero(low, high):
    """A saving's interval (unrounded dollars) against zero: pass only when its low end is above it."""
    return "pass" if low > 0 else ("fail" if high < 0 else "inconclusive")


lean_rows = [
    {"line": "v2's pass rate", "needs": f">= {THRESHOLD:.0%}",
     "as judged (95%)": f"{v2_rate['estimate']:.1%} ({v2_rate['gate'][0]:.1%} to {v2_rate['gate'][1]:.1%})",
     "were the lean all bias": (f"{v2_rate['estimate'] - lean['v2'] / 100:.1%} ({rate_reach[0]:.1%}"
                                                  f" to {rate_reach[1]:.1%})"),
     "then": THEN[line_status(*rate_reach, THRESHOLD)]},
    {"line": "v2 - v1 (points; the gate reads its approximate 95% interval, not this range)", "needs": f">= {-MARGIN * 100:.3g}",
     "as judged (95%)": f"{fam_all['estimate'] * 100:+.1f} ({pts(fam_all['gate'])})",
     "were the lean all bias": (f"{fam_all['estimate'] * 100 - lean_gap:+.1f} ({diff_reach[0] * 100:+.1f} "
                                                  f"to {diff_reach[1] * 100:+.1f})"),
     "then": THEN[line_status(*diff_reach, -MARGIN)]},
    {"line": f"v2's saving against v1, a month (padding at ${COST_PADDED:,.0f})", "needs": "above zero (no line fixed)",
     "as judged (95%)": f"{money(monthly['estimate'])} ({money(monthly['low'])} to {money(monthly['high'])})",
     "were the lean all bias": f"{money(lean_saving[0])} ({money(lean_saving[1])} to {money(lean_saving[2])})",
     "then": {"pass": "still above zero", "inconclusive": "reaches zero: not settled",
              "fail": "below zero"}[above_zero(*lean_saving_raw[1:])]}]


def lean_lines(kind):
    """The lines of the lean table whose 'then' says `kind`, named short and joined in words."""
    names = [r["line"].split(" (")[0].split(",")[0] for r in lean_rows if kind(r["then"])]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")


lean_unsettled = lean_lines(lambda t: "not settled" in t)
lean_missed = lean_lines(lambda t: t in ("misses it", "below zero"))
lean_then = (" ".join(([f"{lean_unsettled} would not be settled."] if lean_unsettled else [])
                      + ([f"{lean_missed} would miss its mark."] if lean_missed else []))
             or "every line would still clear its mark.")
lean_table_text = (f"Were the judge's lean all bias, each line would move by it: v2's pass rate by {-lean['v2'] + 0:+.1f} "
                   f"points (v2's own lean), v2 - v1 by {-lean_gap + 0:+.1f} points and v2's saving against v1 by "
                   f"{money(round_to(-lean_month))} a month at the lean's estimate, its low end by "
                   f"{money(round_to(-lean_month_range[1]))} at the lean's high end (the difference of leans, each "
                   f"such answer priced as wrong, at ${COST_WRONG_ANSWER:,.0f}). Each lean is itself uncertain (v2's "
                   f"{lean_iv_text}; the difference's {gap_iv_text}), so the table moves each line's low end by "
                   "its lean's high end and its high end by its lean's low end (a shifted range, not a 95% interval, "
                   f"and not what the gate reads). Then {lean_then}")
seed_note = (f"the judged v2 - v1 reads at judge seed {SEED}; its low end "
             + (f"misses the margin under {N_JUDGE_SEEDS - seed_clear} of {N_JUDGE_SEEDS} judge seeds"
                if seed_clear < N_JUDGE_SEEDS else f"clears the margin under all {N_JUDGE_SEEDS} judge seeds"))


decision, release = take_gate()
verdict = release.verdict
held = [c for c in release.criteria if c.settle.startswith("would ")]  # decided as measured, held for the judge
would_pass = sum(c.settle.startswith("would pass") for c in held)
held_by_choice = {judge_criterion.name} if judge_held_by_choice else set()
open_own = [short(name) for name in release.inconclusive if name not in {c.name for c in held} | held_by_choice]
status_lines = {"Failed": [short(n) for n in release.failed], "Open on their own evidence": open_own,
                "Held": [f"{short(n)} ({judge_held_why.replace('held for ', 'for ', 1).replace('held: ', '', 1)})"
                                                               for n in release.inconclusive if n in held_by_choice]}
open_text = " ".join(f"{head}: {', '.join(names)}." for head, names in status_lines.items() if names) + (
    f" Held until the judge is validated on the answers they read: {len(held)} judge-scored lines ({would_pass} "
    f"would pass as measured; {len(held) - would_pass} would fail)." if held else "") or (
    "Every criterion passes on its whole interval.")
lat_v1, lat_v2 = (judged_rates.set_index("version").loc[v, "simulated p50 latency (s)"] for v in ("v1", "v2"))


story.md(f"**{verdict}** for v2. {open_text} The error budget stays open: replaying recorded simulated answers "
         "shows the harness counts errors, not how often a live v2 would fail.")
story.md(f"**The answers behind the judge's lean.** The {len(disagree_rows)} labelled answers of v2 on which the judge "
         "and the first reviewer disagree (an answer over 140 characters is shortened), with the adjudicated "
         "label; read them before trusting any of the three:")
display(pd.DataFrame(disagree_rows).set_index("question").rename_axis("question (simulated answers and labels)"))
story.md(adj_text)
display(pd.DataFrame(adj_rows).set_index("(95%)").rename_axis("line (simulated labels; 95%)"))
if held:
    story.md(f"**Why \"would pass as measured\" is not a pass.** {lean_text} And {seed_note} (section 7).")
story.md(rev_text)
story.md(f"**The plan for the corrected line, from no drop at all.** Sized like every plan here, from the minimum effect "
         f"fixed before the test, not from the gain observed: v2 exactly as good as v1 and a judge with no lean. The "
         f"line's low end clears -{MARGIN * 100:.3g} points {PLAN_POWER:.0%} of the time when the judged difference "
         f"and the difference of leans have a combined standard error of at most {MARGIN * 100:.3g} / (z(97.5%) + "
         f"z({PLAN_POWER:.0%})) = {MARGIN * 100 / (norm_ppf(0.975) + norm_ppf(PLAN_POWER)):.2f} points. Cases and "
         f"labels share that budget: cases at {PLAN_FLIP_RATE:.0%} of pairs flipping (the plan's assumption), "
         f"labels at the judge disagreeing with the labels on {PLAN_JUDGE_DISAGREE:.0%} of answers, v1's and v2's shares "
         f"added (`PLAN_JUDGE_DISAGREE`, set in the parameters cell before any label; the labels here show "
         f"{disc_sum:.1%}, which does not move the plan; normal approximation). Labelling every "
         f"case's two answers takes about **{round_plan(n_lean_every):,} paired cases**; fewer labels need more "
         "cases:")
display(pd.DataFrame([{"labels of each version": f"{L:,}",
                       "paired cases needed": f"about {round_plan(n):,}" if n else "none is enough: labels too few"}
                      for L, n in lean_plan.items()]).set_index("labels of each version")
        .rename_axis("labels of each version (plan, simulated data)"))
story.md(f"**What the lean would do to the pass rate, v2 - v1 and the saving.** {lean_table_text}")
display(pd.DataFrame(lean_rows).rename(columns={"were the lean all bias": "were the lean all bias (shifted range, "
                                                             "lean's 95% ends)"})
        .set_index("line").rename_axis("judge-scored line (simulated data)"))
release.record()  # shown once, here, and recorded for the course index and the write-up

# %%
def latencies(run):
    return {r.case_id: r.latency_s for r in run.results if r.latency_s is not None}


lat_a, lat_b = latencies(judged["v1"]), latencies(judged["v2"])
lat_ids = sorted(set(lat_a) & set(lat_b))
lat_pairs = np.array([[lat_a[i], lat_b[i]] for i in lat_ids])
lat_articles = sorted({ARTICLE[i] for i in lat_ids})
lat_rows = [np.array([k for k, i in enumerate(lat_ids) if ARTICLE[i] == a]) for a in lat_articles]  # rows per article


def median_change(rows):
    """v2's median latency over v1's, minus 1, on the given rows of paired questions."""
    return np.median(lat_pairs[rows, 1]) / np.median(lat_pairs[rows, 0]) - 1


lat_rng = np.random.default_rng(SEED)
lat_ratio = [median_change(np.concatenate([lat_rows[a] for a in lat_rng.integers(0, len(lat_rows), len(lat_rows))]))
             for _ in range(n_boot)]  # whole help articles resampled, as for every other interval
lat_low, lat_high = np.quantile(lat_ratio, [0.025, 0.975])
slower = ("slower" if lat_low > 0 else "faster" if lat_high < 0 else "not told apart from v1")
story.md(f"**Not in the gate: latency.** In this simulation v2's median latency is {lat_v2:.2f} s against v1's "
         f"{lat_v1:.2f} s, {lat_v2 / lat_v1 - 1:+.0%} (95% paired bootstrap over the {len(lat_articles)} help articles "
         f"of the same {len(lat_ids)} questions: {lat_low:+.0%} to {lat_high:+.0%}): v2 is {slower} at the median. No latency budget was set before the "
         "test, so none is gated; a real release would fix one in the parameters first (a median and a p95), not "
         "after seeing v2's numbers.")


def gate_at(threshold=THRESHOLD, margin=MARGIN):
    """Take the release gate again with another bar or margin; its verdict."""
    return take_gate(threshold, margin, title="Release gate (again)")[1].verdict


# %% [markdown]
# **What would flip it.** Not moving a line after seeing the data: collecting the evidence each open line asks
# for. The table takes the gate again with each open line set to pass, as if that evidence had come in and
# cleared it: it names the lines that stand between v2 and a verdict, not what the evidence will show.

# %%
flips = [("nothing: the gate as it stands", ()),
         (f"{n_labels_plan} fresh labelled answers each of v2, v1 and the rules baseline, and the judge's kappa "
          f"interval clears {JUDGE_KAPPA_MIN:.2f} on each", ("judge",)),
         (f"that, each topic grown to about {n_topic_joint} cases, each clearing its line, and the error rate "
          f"measured on live v2 calls within {MAX_ERROR_RATE:.0%}", ("judge", "topics", "live")),
         (f"all that, and v2 - v1 with the judge's lean taken off (approximate 95% low end) "
          f"above -{MARGIN * 100:.3g} points: {go_needs}", ("judge", "topics", "live", "lean"))]
flip_gates = {text: take_gate(assume=assume)[1] for text, assume in flips}
display(pd.DataFrame([{"if": text, "verdict": g.verdict,
                       "lines still open": ", ".join(map(short, g.inconclusive)) or "none"}
                      for text, g in flip_gates.items()]).set_index("if").rename_axis("if (gate on simulated data)"))
straddle_now = {True: f"{', '.join(not_clear)} straddle{'s' if len(not_clear) == 1 else ''} it now, as measured by "
                      "the judge", False: "every topic clears it now, as measured by the judge"}[bool(not_clear)]
story.md(f"**These rows are assumptions, not confirmations.** The second row assumes the judge clears "
         f"{JUDGE_KAPPA_MIN:.2f} on all three sets of answers, though on the rules baseline's nothing has been "
         f"measured yet; kappa says nothing about the direction of the judge's errors, so the overall line, read "
         f"with the judge's lean taken off, stays open. The third row assumes in addition that every topic clears "
         f"its {TOPIC_MARGIN * 100:g}-point line once grown ({straddle_now}) and that live errors stay within "
         f"budget. The last assumes as well that more cases and fresh labels pin v2 - v1 and the judge's lean, v2's minus "
         f"v1's, down tightly enough for the overall line to clear -{MARGIN * 100:.3g} points with it taken off, though "
         f"on these labels, after the second review, the lean is {lean_gap:+.1f} ({gap_iv_text}) and the line runs from {corrected['low'] * 100:+.1f} to "
         f"{corrected['high'] * 100:+.1f}. They keep the judged interval as measured on {judge_cmp.n_pairs} paired "
         f"cases; at {n_topic_joint} cases a topic the set would hold about "
         f"{n_topic_joint * len(topic_n):,}, and the overall interval would be taken again on them and could move "
         "either way.")

# %% [markdown]
# **Your bar.** Exercise 4's bar is a what-if, legal's possible price of a wrong answer. The pass-rate line at
# the parameters' bar and at yours (the parameters' bar until you answer):

# %%
your_bar = THRESHOLD if is_blank(q4_answer) else q4_answer
mine = take_gate(your_bar, MARGIN, title="Release gate at your bar (simulated data)")[1]


def as_measured(c):
    """What a line says on its own evidence, before the judge's validation holds it."""
    if c.settle.startswith("would "):
        return c.settle.split(";")[0]
    return {"pass": "passes", "fail": "fails", "inconclusive": "straddles its line, even as measured"}[c.status]


rows = []
for prefix, label in (("Pass rate", "pass rate (your bar)"),):
    at_params, at_yours = (next(c for c in g.criteria if c.name.startswith(prefix)) for g in (release, mine))
    rows.append({"line": label, "measured (95% interval)": f"{at_params.value} ({at_params.interval})",
                 "at the parameters": f"{at_params.condition}: {as_measured(at_params)}",
                 "at yours": f"{at_yours.condition}: {as_measured(at_yours)}"})
margin_month = nb11.margin_cost(MARGIN, questions_per_month=QUESTIONS_PER_MONTH, cost_wrong=LEGAL_PRICE)
story.md(f"At your bar of {your_bar:.0%}, the gate says "
         f"**{mine.verdict}** (at the parameters' bar: {verdict}). Were legal to price a wrong answer at "
         f"${LEGAL_PRICE:,.0f}, the {MARGIN * 100:.3g}-point margin would be worth about ${margin_month:,.0f} a month, "
         f"not the ${nb11.margin_cost(MARGIN, questions_per_month=QUESTIONS_PER_MONTH, cost_wrong=COST_WRONG_ANSWER):,.0f} it was priced at in exercise 1: a new price "
         "means re-deciding the margin and the bar in the parameters, before the next comparison, not after it. "
         "This table re-takes a gate on data already seen, to show what a bar does; it is practice, not a way to "
         "re-decide this release.")
pd.DataFrame(rows).set_index("line").rename_axis("line (simulated data)")

# %% [markdown]
# ## 12 · The report
#
# One self-contained HTML file (styles and figures inline: attach it to the release ticket), plus the same
# content as JSON for CI and Markdown for a pull request. It holds the same `release` gate as above, every line
# of it (the judge's validation, the package's lines and the rules baseline), and says the data are
# simulated. On the command line, the package's part of the gate (pass rate, errors, the non-inferiority
# margins on intervals that treat cases as independent, without the judge's validations, its lean and the
# baseline line) is `aipm eval gate`, with the bar and margins
# of the parameters (below): it prints the verdict first and exits 0 (GO), 1 (NO-GO), 3 (NOT YET) or 2 (an
# error), so CI can block a release and tell "no" from "not yet".

# %%
files = report.write_report(work / "eval_report", [judged["v1"], judged["v2"]], comparison=judge_cmp,
                            decision=decision, gate=release, clusters=fc,
                            title="Support assistant v2: release evaluation",
                            note="All answers, reviewer labels, latencies and costs are simulated (the kit's "
                                 "support_eval set); the prices of a wrong answer are assumptions.",
                            figures={"Paired difference v2 - v1 on the same cases (simulated)": fig})
report_verdict = json.loads(files.json.read_text())["gate"]["verdict"]
same_gate = {True: "the same verdict as the gate above", False: "NOT the verdict of the gate above"}[
    report_verdict == verdict]
# the package's part of the gate on the judged results files, with the function `aipm eval gate` calls (its defaults)
cli_gate = gate.release_gate(runner.load_run(work / "judged_v2.jsonl"), runner.load_run(work / "judged_v1.jsonl"),
                             threshold=THRESHOLD, margin=MARGIN, topic_margin=TOPIC_MARGIN,
                             max_error_rate=MAX_ERROR_RATE, min_n=MIN_TOPIC_N)
cli_leaves_out = ("the judge's validations, the judge's lean, the live error rate and the line against the rules "
                  "baseline; and its intervals treat the cases as independent (Wilson's and Newcombe's alone, "
                  "narrower than the bootstrap over help articles this notebook's gate also takes), so it can pass a "
                  "line that the gate above would not")
cli_vs_full = ({True: f"the same verdict as the full gate above, on fewer lines: it leaves out {cli_leaves_out}",
                False: f"while the full gate above says {verdict}: the command leaves out {cli_leaves_out}, so its "
                       "verdict alone is not the release decision"}[cli_gate.verdict == verdict])
story.md(f"This run wrote its judged results to `judged_v1.jsonl` and `judged_v2.jsonl` in the notebook's scratch "
         "folder (`work`); the command takes any results files the harness writes. In that folder, at these "
         f"parameters: `aipm eval gate judged_v2.jsonl --baseline judged_v1.jsonl --threshold {THRESHOLD:g} --margin "
         f"{MARGIN:g} --topic-margin {TOPIC_MARGIN:g} --min-n {MIN_TOPIC_N} --max-error-rate {MAX_ERROR_RATE:g} "
         f"--report eval_cli`. On these files it says **{cli_gate.verdict}** (exit {cli_gate.exit_code}; computed here "
         f"with the function the command calls), {cli_vs_full}.")
story.md(f"Written: `{files.html.name}`, `{files.json.name}` and `{files.markdown.name}`. The report's verdict is "
         f"**{report_verdict}**, {same_gate}.")

# %% [markdown]
# ## Your call
#
# The write-up quotes your words, word for word, in nine places; write them in the parameters cell at the
# top and re-run the notebook, or pass them on the command line
# (`aipm writeup notebooks/11_portfolio_eval_harness.ipynb -p MY_DECISION "..."`):
#
# | parameter | the write-up's part |
# | --- | --- |
# | `MY_BUSINESS_RISK` | The business risk (the problem, read first) |
# | `MY_WHAT_I_DID` | What I did |
# | `MY_DECISION` | The decision |
# | `MY_BUSINESS_RESULT` | What it means for the business |
# | `MY_ETHICS` | Ethical considerations |
# | `MY_LIMITATIONS` | Limitations |
# | `MY_CLUSTER_NAMES` | your names for the failure clusters, quoted in "How it was measured" |
# | `MY_PROMPT_DECISION` | your call on prompts A and B (exercise 5) and why, quoted in "The prompt experiment" |
# | `MY_TITLE` | the write-up's title |
#
# Left empty, a part shows the kit's suggested wording (below), marked in the write-up as a suggestion. The
# results table, "How it was measured", "The prompt experiment" (apart from your call) and "Latency and cost"
# are the run's computed record (numbers, intervals and what would settle each open line), not your words: change them by changing the
# parameters and re-running. Decide from the evidence above, not from the suggestion: a different call that the
# numbers support is a better portfolio piece than a copy.

# %% [markdown]
# ## 13 · What goes into the write-up
#
# Two kinds of interval in one picture: each signal's agreement with the simulated reviewer on v2's answers
# against the line of `JUDGE_KAPPA_MIN`, and what v2 would save a month, against zero, at two prices of a padded
# answer (the assumed one, and priced as a wrong answer; section 10): against v1, the system it would replace;
# against the rules baseline, the simplest system a team could ship (section 9); and against a human agent
# answering every question, the alternative to running any bot. The savings are read from the judge's verdicts,
# so they are held with it.

# %%
fig, (ax_k, ax_s) = plots.figure(1, 2, figsize=(11, 3.8))
kappa_rows = [(name, v2_kappa.loc[name]) for name in SHORT.values()]
fig2_drawn = set()
HELD_NAMES = {SHORT[k] for k in HELD_SIGNALS}
for y, (name, r) in enumerate(kappa_rows):
    if name in HELD_NAMES:  # the judge, chosen by these labels: held, marked as in Figure 1
        eb = ax_k.errorbar(r["kappa"], y, xerr=[[r["kappa"] - r["95% low"]], [r["95% high"] - r["kappa"]]], fmt="o",
                           color=HELD_COLOUR, mfc="white", mec=HELD_COLOUR, mew=1.6, capsize=3)
        eb[2][0].set_linestyle((0, (3, 2)))
        ax_k.annotate("held", (r["95% low"], y), xytext=(-8, 0), textcoords="offset points", ha="right",
                      va="center", fontsize=9, color=HELD_COLOUR)
        continue
    fig2_drawn.add(line_status(r["95% low"], r["95% high"], JUDGE_KAPPA_MIN))
    c = STATUS_COLOUR[line_status(r["95% low"], r["95% high"], JUDGE_KAPPA_MIN)]
    ax_k.errorbar(r["kappa"], y, xerr=[[r["kappa"] - r["95% low"]], [r["95% high"] - r["kappa"]]], fmt="o",
                  color=c, capsize=3)
ax_k.axvline(JUDGE_KAPPA_MIN, color="#555555", ls="--", lw=1.2)
ax_k.set_yticks(range(len(kappa_rows)), [f"{name} (n={int(r['n'])})" for name, r in kappa_rows])
ax_k.set_xlim(-0.05, 1.05)
n_clear = sum(r["95% low"] >= JUDGE_KAPPA_MIN and name not in HELD_NAMES for name, r in kappa_rows)
n_held_over = sum(r["95% low"] >= JUDGE_KAPPA_MIN and name in HELD_NAMES for name, r in kappa_rows)
plots.finish(ax_k, title=f"On v2's answers {n_clear + n_held_over} of {len(kappa_rows)} signals' intervals clear kappa "
             f"{JUDGE_KAPPA_MIN:.2f}; {n_clear} validated"
             + (f"\n({n_held_over} held: these labels chose the judge)" if n_held_over else ""),
             xlabel=f"Cohen's kappa with the adjudicated labels\n(95% bootstrap; dashed line: {JUDGE_KAPPA_MIN:.2f})",
             ylabel="Signal")
NEUTRAL = "#4c6a92"  # no saving line was fixed before the test: drawn in no verdict colour
human_flat = stats.cluster_paired_bootstrap_interval(
    np.array([per_case_cost(systems["v2"], COST_WRONG_ANSWER)[i] for i in shared]),
    np.full(len(shared), HUMAN_COST_PER_QUESTION), [ARTICLE[i] for i in shared], n_boot=n_boot, seed=SEED)
save_rows = [("v2 vs v1", save_v1, save_v1_flat),
             ("v2 vs the rules baseline", save_rules, as_wrong[("v2", "the rules baseline")]),
             ("v2 vs a human agent", vs_human["v2"], human_flat)]
# dollars a month the judge's lean could move each saving (95% ends; each answer it moves priced as wrong): against v1
# the difference of leans, against the rules baseline and the agent v2's own lean (the baseline's is not measured)
lean_shift_month = {"v2 vs v1": lean_month_range,
                    **{name: [x * QUESTIONS_PER_MONTH / 1000 for x in lean_per_k("v2")]
                       for name in ("v2 vs the rules baseline", "v2 vs a human agent")}}
lean_ranges = []
for y, (name, iv, iv_flat) in enumerate(save_rows):
    lo, hi = ((iv.low * QUESTIONS_PER_MONTH - lean_shift_month[name][1]) / 1000,
              (iv.high * QUESTIONS_PER_MONTH - lean_shift_month[name][0]) / 1000)  # were the lean all bias
    lean_ranges.append((lo, hi))
    ax_s.plot([lo, hi], [y - 0.27] * 2, color="#777777", lw=1.3, ls=(0, (1, 1.5)), marker="|", ms=8)
    ax_s.annotate("lean all bias", (hi, y - 0.27), xytext=(4, 0), textcoords="offset points", va="center",
                  fontsize=8, color="#555555")
    for dy, this, marker in ((0.27, iv, "o"), (0.0, iv_flat, "s")):
        est, low, high = (x * QUESTIONS_PER_MONTH / 1000 for x in (this.estimate, this.low, this.high))
        ax_s.errorbar(est, y + dy, xerr=[[est - low], [high - est]], fmt=marker, color=NEUTRAL, capsize=3,
                      mfc=NEUTRAL if judge_criterion.status == "pass" else "white", mec=NEUTRAL, mew=1.5)
n_lean_below = sum(lr[0] <= 0 for lr in lean_ranges)
ax_s.axvline(0, color="black", lw=0.8)
ax_s.set_yticks(range(len(save_rows)), [name for name, *_ in save_rows])
ax_s.set_ylim(-0.55, len(save_rows) - 0.45)
ax_s.annotate("0", (0, 1), xycoords=("data", "axes fraction"), xytext=(3, -2), textcoords="offset points",
              ha="left", va="top", fontsize=9, fontweight="bold")  # zero marked: ranges reaching just below it
ax_s.set_xlim(right=max(hi for _, hi in lean_ranges) + 45)  # room for the direct labels
ax_s.legend(handles=[plt.Line2D([], [], marker="o", ls="", color=NEUTRAL, mfc="white",
                                label=f"padded answer at the assumed ${COST_PADDED:,.0f}"),
                     plt.Line2D([], [], marker="s", ls="", color=NEUTRAL, mfc="white",
                                label=f"padding priced as a wrong answer (${COST_WRONG_ANSWER:,.0f})"),
                     plt.Line2D([], [], marker="|", ms=8, ls=(0, (1, 1.5)), color="#777777",
                                label=f"lean all bias: at ${COST_PADDED:,.0f}, shifted range (labelled on each row)")],
            frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.42), ncol=1, handletextpad=0.3)
save_held = {True: "", False: "; held"}[judge_criterion.status == "pass"]
v1_word = {(True, True): "above zero at both prices of padding",
           (True, False): "above zero only at the assumed price of padding",
           (False, False): "not shown above zero at either price of padding",
           (False, True): "above zero only with padding priced as wrong"}[(save_v1.low > 0, save_v1_flat.low > 0)]
plots.finish(ax_s, title=f"v2's saving a month, two prices of padding\n(no line fixed before the test{save_held})",
             xlabel="Saving a month (thousand dollars)\n(95% bootstrap over help articles)", ylabel="Comparison",
             takeaway=(f"simulated data. As judged, v2's saving against v1 is {v1_word}, but it counts only once "
                       f"the judge is validated; on v2's answers {n_clear} of {len(kappa_rows)} signals clear kappa "
                       f"{JUDGE_KAPPA_MIN:.2f} on their whole interval and are not held. Were the judge's lean all bias, "
                       f"{n_lean_below} of {len(save_rows)} savings would reach below zero (dotted grey)."
                       if judge_criterion.status != "pass" else
                       f"simulated data. As judged, v2's saving against v1 is {v1_word}."))
fig.text(0.01, -0.1, "Key: left, colour: each kappa interval against its line ("
         + "; ".join(words for key, words in (("pass", "green clears it"), ("inconclusive", "amber straddles it"),
                                              ("fail", "red misses it")) if key in fig2_drawn)
         + ("; purple, hollow, dashed: held, as in Figure 1, since these labels chose the judge" if HELD_NAMES else "")
         + "). Right: one neutral colour, since no saving line was set"
         + ("." if judge_criterion.status == "pass" else "; hollow: held until the judge is validated."),
         ha="left", va="top", fontsize=9, wrap=True)
lean_v1_word = {"pass": "would stay above zero", "inconclusive": "would reach below zero",
                "fail": "would fall below zero"}[above_zero(*lean_saving_raw[1:])]
fig.suptitle(f"Simulated, as judged: v2's saving against v1 is {v1_word}; were the judge's lean all bias, it "
             f"{lean_v1_word};\n" + (
    "resting on an unvalidated key-fact check" if judge_criterion.status == "pass" else
    f"held: it rests on the judge ({judge_valid_phrase}) and on a key-fact check never validated against labels"),
    y=1.06)
fig.tight_layout(w_pad=6)
story.record_figure(story.WRITEUP_EXTRA_FIGURE_PREFIX + "evidence", fig, caption=(
    f"Simulated data. Left: each signal's kappa with the adjudicated simulated labels on v2's {int(judge_v2['n'])} labelled "
    f"answers (95% bootstrap), against {JUDGE_KAPPA_MIN:.2f}. Right: v2's saving a month against v1, the rules "
    f"baseline and a human agent (assumed prices, 95% bootstrap over help articles), padding at "
    f"${COST_PADDED:,.0f} (dots) or priced as wrong (squares); dotted grey: were the judge's lean all bias (v2 vs v1 shifted by the "
    "difference of leans; the rules-baseline and human-agent rows by v2's own lean only, since the baseline's lean "
    "is not measured and the agent has no judge lean). Hollow: "
    "held for the judge."))
plt.close(fig)
lean_word = {"pass": f"would stay above zero ({money(lean_saving[1])} to {money(lean_saving[2])} a month)",
             "inconclusive": f"would not be settled: it would run from {money(lean_saving[1])} to "
                             f"{money(lean_saving[2])} a month, across zero",
             "fail": f"would fall below zero ({money(lean_saving[1])} to {money(lean_saving[2])} a month)"}[
    above_zero(*lean_saving_raw[1:])]
story.md(f"Drawn dotted and grey: were the judge's lean, v2's minus v1's, all bias, anywhere in its 95% interval, v2's saving "
         f"against v1 at the assumed price of padding {lean_word} (section 11's table).")

# %%
lex_v2, jud_v2 = lexical["v2"].pass_rate(), judged["v2"].pass_rate()
story.record_table([
    ("eval_verdict", verdict, "Release verdict"),
    ("eval_kappa_judge_v2", judge_v2["kappa"], "Judge vs simulated reviewer on v2's answers (kappa)"
     + ("; held: these labels chose the judge" + (", and a percentile bootstrap shows no doubt at perfect agreement"
                                                   if judge_point else "") if judge_held_by_choice else ""), "{:.2f}"),
    ("eval_kappa_judge_v2_first", judge_first_v2.estimate, "Same judge vs the first reviewer's labels alone "
     f"(kappa; 95% bootstrap {judge_first_v2.low:.2f} to {judge_first_v2.high:.2f})", "{:.2f}"),
    ("eval_kappa_judge_v2_low", judge_v2["95% low"], "Judge kappa on v2, 95% bootstrap low end", "{:.2f}"),
    ("eval_kappa_judge_v2_high", judge_v2["95% high"], "Judge kappa on v2, 95% bootstrap high end", "{:.2f}"),
    ("eval_judge_diff_points", round(judge_cmp.difference.estimate * 100, 2), "v2 - v1, judge (points)", "{:+.1f}"),
    ("eval_judge_diff_low", round(fam_all["gate"][0] * 100, 2),
     "v2 - v1 judge, 95% low, the gate's (wider of Newcombe and the bootstrap over articles; points)", "{:+.1f}"),
    ("eval_judge_diff_high", round(fam_all["gate"][1] * 100, 2),
     "v2 - v1 judge, 95% high, the gate's (points)", "{:+.1f}"),
    ("eval_lexical_diff_points", round(lex_cmp.difference.estimate * 100, 2), "v2 - v1, lexical scorers (points)",
     "{:+.1f}"),
    ("eval_v2_pass_rate", jud_v2.estimate, f"v2 pass rate (judge, {judge_valid_phrase})", "{:.1%}"),
    ("eval_v2_pass_low", v2_rate["gate"][0], "v2 pass rate, 95% low end the gate used (the wider of Wilson's and "
     "the bootstrap over help articles)", "{:.1%}"),
    ("eval_bar_used", THRESHOLD, "Release bar the gate used (v2's pass rate)", "{:.0%}"),
    ("eval_margin_used", MARGIN * 100, "Margin the gate used, v2 - v1 overall (points)", "{:.3g}"),
    ("eval_topic_margin_used", TOPIC_MARGIN * 100, "Margin the gate used, v2 - v1 in each topic (points)", "{:g}"),
    ("eval_topic_equal_pass_chance", round(plan_equal[1], 3),
     "Planned chance an equal topic passes its check (largest topic)", "{:.0%}"),
    ("eval_n_cases", len(suite), "Evaluation cases (simulated)"),
    ("eval_mcnemar_p", judge_cmp.p_value, "Exact McNemar p (judge)", "{:.3g}"),
    ("eval_kappa_lexical", agreements["lexical gate"].kappa, "Kappa, lexical gate, pooled over v1's, v2's and v3's labelled "
     "answers (v3: a smaller, cheaper model the team tried, not up for release; pooled kappas mix in versions not "
     "gated: v2's own kappa is the one above)", "{:.2f}"),
    ("eval_kappa_judge", agreements[MAJORITY].kappa, "Kappa, judge majority, pooled over v1's, v2's and v3's labelled "
     "answers (mixes in versions not gated; the judge's validation is its kappa on v2's answers, above)", "{:.2f}"),
    ("eval_judge_flaky_share", votes.flaky_share, "Answers with mixed judge votes", "{:.1%}"),
    ("eval_saving_vs_v1_month_low", monthly["low"], "Saving vs v1 a month, 95% low (dollars, assumed prices)"),
    ("eval_saving_vs_v1_month_high", monthly["high"], "Saving vs v1 a month, 95% high (dollars, assumed prices)"),
], title="Recorded for the course index and the write-up (simulated data, assumed prices)", show=["eval_verdict", "eval_kappa_judge_v2", "eval_kappa_judge_v2_low", "eval_judge_diff_points",
         "eval_judge_diff_low", "eval_judge_diff_high", "eval_v2_pass_rate", "eval_v2_pass_low",
         "eval_topic_equal_pass_chance", "eval_n_cases"])
# %%
tag_line = next(c for c in release.criteria if c.name.startswith("No tag worse"))
topics_open = tag_line.status != "pass" and not tag_line.settle.startswith("would pass")
error_line = next(c for c in release.criteria if c.name.startswith("Error rate"))
overall_reading = {"clears": "the whole interval lies above", "straddles": "the interval straddles",
                   "misses": "the whole interval misses"}[overall_word]
not_validated = [who for who, c in (("v2's", judge_criterion), ("v1's", judge_on_v1),
                                   ("the rules baseline's", judge_on_rules)) if c.status != "pass"]
blockers = ([f"{', '.join(map(short, release.failed))} fail{'s' if len(release.failed) == 1 else ''}"]
            if release.failed else [])
if not_validated:
    blockers.append(f"the judge that scores its lines is not yet validated on {', '.join(not_validated[:-1])}"
                    + (" or " if len(not_validated) > 1 else "") + f"{not_validated[-1]} answers")
if corrected["status"] != "pass":
    blockers.append(f"with the judge's lean taken off, v2 - v1 "
                    + ("misses" if corrected["status"] == "fail" else "reaches below")
                    + f" the -{MARGIN * 100:.3g}-point margin")
also_open = []
if topics_open:
    also_open.append(f"the topic lines (about {n_topic_joint} cases a topic needed)")
if error_line.status != "pass":
    also_open.append("the error line (needs live v2 traffic)")
lat_q = {v: judged[v].latency_quantiles((0.5, 0.95)) for v in ("v1", "v2")}


def result_row(c):
    """One gate line for the write-up's results table: numbers and the result, no evidence text."""
    held = c.settle.startswith("would ")
    caveat = (f"; {seed_note}" if held and c.settle.startswith("would pass") and c.name.startswith("Not worse than")
              else "")
    result = gates.STATUSES[c.status] + (f" ({c.settle.split(' as measured')[0]} as measured{caveat}; held for the "
                                         "judge)" if held else "")
    binding = c.name.split("binding topic: ")[-1].split(";")[0]
    unit = next(u for prefix, u in (("Judge agrees", " (kappa)"),
                                     ("Error rate", " (share of failed calls)"),
                                     ("Pass rate", " (judge)"), ("Not worse than", " (judge, points, 95% approximate by "
                                                        "square-and-add)"),
                                     ("No tag worse", f" (judge, points; binding topic: {binding})"),
                                     ("v2 beats the rules", " (judge, points)")) if c.name.startswith(prefix))
    line = short(c.name) + unit
    if line.count("(") > 1:  # one set of brackets: fold the name's own into the unit's
        head, first, rest = line.partition(" (")
        line = head + " (" + rest.replace(") (", "; ", 1)
    return {"line": line, "measured": str(c.value), "interval": c.interval, "needs": c.condition,
            "result": result, "settle": "" if held or c.status == "pass" else c.settle}


PROMPT_AS_MEASURED = {"pass": "would pass as measured", "fail": "would fail as measured",
                      "inconclusive": "straddles its line as measured"}
wu_results = [result_row(c) for c in release.criteria] + [
    {"line": f"v2 - v1 by the simulated labels after the second review, on the {len(lab_ids)} questions both "
             "versions were labelled on (points; not a gate line)", "measured": f"{rev_diff.difference * 100:+.1f}",
     "interval": f"{rev_diff.low * 100:+.1f} to {rev_diff.high * 100:+.1f}", "needs": f">= {-MARGIN * 100:.3g}",
     "result": f"not gated: no judge involved; as measured its interval "
               f"{ {'pass': 'clears', 'inconclusive': 'straddles', 'fail': 'misses'}[rev_status]} the margin"
               + (f", too wide at {len(lab_ids)} questions to settle the line alone" if rev_status == "inconclusive" else ""),
     "settle": ""}] + [
    {"line": "v2's saving against v1, a month (assumed prices)", "measured": money(monthly["estimate"]),
     "interval": f"{money(monthly['low'])} to {money(monthly['high'])}", "needs": "none fixed before the test",
     "result": f"not gated, not settled: as judged, {saving_reach} with a padded answer at ${COST_PADDED:,.0f} "
               f"(were the judge's lean, v2's minus v1's, all bias, anywhere in its 95% interval, {money(lean_saving[1])} to "
               f"{money(lean_saving[2])}: " + {"pass": "still above zero", "inconclusive": "not settled",
                                               "fail": "below zero"}[above_zero(*lean_saving_raw[1:])]
               + "); with padding "
               f"priced as a wrong answer {flat_month[0]} to {flat_month[1]}, {reach(save_v1_flat)}; which failures "
               "count as padded rests on the key-fact check, never validated against labels (the lexical gate built "
               f"on it: kappa {lexical_v2_kappa['kappa']:.2f}, 95% {lexical_v2_kappa['95% low']:.2f} to "
               f"{lexical_v2_kappa['95% high']:.2f} on v2's answers)"
               + ("" if judge_criterion.status == "pass" else "; held for the judge"),
     "settle": ("" if judge_criterion.status == "pass" else f"first settle the judge ({judge_criterion.settle}); "
                "then ") + "label a random sample of v1's and v2's failed answers, blind, for whether they state "
               "the key fact, and fix the price of a padded answer before the next test"}] + [
    {"line": f"Prompt B - prompt A, {what} (separate experiment; points)", "measured": f"{fam['estimate'] * 100:+.1f}",
     "interval": f"{fam['gate'][0] * 100:+.1f} to {fam['gate'][1] * 100:+.1f}", "needs": needs,
     "result": (gates.STATUSES[line_status(fam['gate'][0], fam['gate'][1], bar)] if prompt_valid[who].status == "pass"
                else f"not yet ({PROMPT_AS_MEASURED[line_status(fam['gate'][0], fam['gate'][1], bar)]}; held until "
                     f"the {who.replace(' ', '-')} scorer is validated)"),
     "settle": prompt_valid[who].settle if prompt_valid[who].status != "pass" else ""}
    for what, fam, bar, needs, who in (
        ("answers free of invented policy", inv_fam, -MARGIN, f">= {-MARGIN * 100:.3g}", "invented policy"),
        ("supported citations", cit_fam, 0.0, "> 0", "citation"))]
def cluster_kinds(c):
    """One failure cluster: its size and the answer nearest its centre, by its question, the key fact it should
    state and the judge's reason for failing it (no unvalidated scorer's counts)."""
    i = c.examples[0]
    expected = suite[i].expected
    fact = " / ".join(expected) if isinstance(expected, (list, tuple)) else expected
    return (f"cluster {c.cluster} ({c.size} answers), e.g. {i}, \"{suite[i].input}\" (key fact: {fact}); the "
            f"judge: \"{v2_by_id[i].scores['judge'].reason}\"")


cluster_evidence = [cluster_kinds(c) for c in fc.clusters]
wu_title = (str(MY_TITLE).strip() or "Support assistant v2, on simulated data: may it ship? An evaluation harness "
            "with honest statistics (suggested title: set MY_TITLE)")
wu_business_risk = (f"A support assistant that invents a refund rule or states a wrong fact costs money and trust: at "
             f"{QUESTIONS_PER_MONTH:,} questions a month and an assumed ${COST_WRONG_ANSWER:,.0f} a wrong answer, each "
             f"point of pass rate a new version loses costs about "
             f"${nb11.margin_cost(0.01, questions_per_month=QUESTIONS_PER_MONTH, cost_wrong=COST_WRONG_ANSWER):,.0f} "
             "a month. Shipping a worse version on the word of an automatic judge that favours it is the risk; holding "
             "back a better one leaves its saving unclaimed. This project gates a new version, v2, against v1. All "
             "answers, the reviewer's labels, latencies and costs here are simulated; the "
             f"only hand labels are those of {len(hand)} example answers written for the kit to check the prompt "
             "scorers.")
wu_what_i_did = "\n".join(f"- {line}" for line in [
    f"Scored v1's and v2's answers to the same {len(suite)} simulated questions with a key-fact check and a "
    f"{MAX_WORDS}-word limit, then with the judge (text rules, simulated) "
    + (f"asked {JUDGE_K} times (the majority decides)" if judge_votes > 1 else "asked once") + ".",
    f"Fixed the non-inferiority margin at {MARGIN * 100:.3g} points ({margin_whose}). The sample-size plan then "
    f"showed the {lex_cmp.n_pairs}-case set too small to show non-inferiority: a v2 exactly as good as v1 passes "
    f"that line only about {plan_overall:.0%} of the time, and {PLAN_POWER:.0%} would take about "
    f"{round_plan(cases_needed_overall()):,} cases.",
    f"Checked the judge against {int(judge_v2['n'])} simulated reviewer labels of v2's answers and "
    f"{int(judge_v1['n'])} of v1's (Cohen's kappa, 95% bootstrap), against a line of {JUDGE_KAPPA_MIN:.2f}.",
    f"Compared v2 with v1 pair by pair (exact McNemar, Newcombe's paired interval), widened by a bootstrap over "
    f"the {len(per_article)} help articles the questions come from.",
    f"Clustered v2's {fc.n_failures} failed answers into {fc.k} groups to read"
    + (f" and named them: {cluster_names_text}." if cluster_names_text else "; they are not named yet."),
    f"Priced failures at ${COST_WRONG_ANSWER:,.0f} a wrong answer and ${COST_PADDED:,.0f} a padded one against a "
    f"rules baseline and a human agent at ${HUMAN_COST_PER_QUESTION:,.2f} a question, and set the release bar at "
    f"{THRESHOLD:.0%}" + (" (the break-even pass rate, rounded up)." if bar_priced else " (set in the parameters)."),
    "Took a release gate that passes a line only when its whole 95% interval clears it.",
    f"Compared two prompts for a next version, A and B, on the same {inv_cmp.n_pairs} questions with an "
    f"invented-policy scorer and a citation scorer, after checking both scorers against {len(hand)} hand-labelled "
    "answers written for the kit."])
wu_prompt_result = (
    f"A separate experiment, on simulated answers: two prompts for a next version, neither in production, answered "
    f"the same {inv_cmp.n_pairs} questions. A is the team's terse draft (\"use only the article provided\"); B is a "
    f"warm rewrite (\"reassure the customer about refunds\", \"always cite\") that would replace it. As measured, "
    f"B against A is {gate_text(inv_fam)} on answers free of invented policy (B lost {inv_cmp.losses} cases, won "
    f"{inv_cmp.wins}) and {gate_text(cit_fam)} on supported citations. The prompt gate's verdict is "
    f"{prompt_gate.verdict.lower()}. Both scorers were checked on {len(hand)} "
    f"answers written and labelled for the kit, not on A's or B's. The invented-policy scorer agrees with those "
    f"labels at kappa {inv_val.kappa.estimate:.2f} (95% bootstrap {inv_val.kappa.low:.2f} to "
    f"{inv_val.kappa.high:.2f}, against a line of {JUDGE_KAPPA_MIN:.2f}); {inv_val.precision.estimate:.0%} of its "
    f"flags agree with the labels (95% Wilson {inv_val.precision.low:.0%} to {inv_val.precision.high:.0%}"
    + (f", which includes the {base_rate:.0%} a random flag would reach" if inv_val.precision.low <= base_rate else "")
    + f"), and it finds only "
    f"{inv_val.recall.estimate:.0%} of the labelled inventions (95% Wilson {inv_val.recall.low:.0%} to "
    f"{inv_val.recall.high:.0%}). The citation scorer's kappa is {cit_val.kappa.estimate:.2f} (95% bootstrap "
    f"{cit_val.kappa.low:.2f} to {cit_val.kappa.high:.2f}). What would settle it: hand-label a random sample of A's and B's answers, blind, take both "
    "scorers' validation on them, then the two lines again, with a size planned for the margin line from this "
    f"experiment's rates ({prompt_rates_text}). "
    + (f"My call: {str(MY_PROMPT_DECISION).strip()}" if str(MY_PROMPT_DECISION).strip() else
       f"The call (suggested wording from the kit: set MY_PROMPT_DECISION): {prompt_next}; B's extra flags are a "
       f"lead, not a count, since the invented-policy scorer found {inv_val.recall.estimate:.0%} of the inventions "
       "it was checked on and may undercount them in both prompts."))
margin_reason = (
    f"Why {MARGIN * 100:.3g} points: the business would not act on ${LOSS_TOLERATED:,.0f} a month of extra wrong "
    f"answers (an assumption in the parameters); at {QUESTIONS_PER_MONTH:,} questions a month and "
    f"${COST_WRONG_ANSWER:,.0f} a wrong answer, that allows {LOSS_TOLERATED:,.0f} / ({QUESTIONS_PER_MONTH:,} x "
    f"{COST_WRONG_ANSWER:,.0f}) = {margin_priced * 100:.3g} points of pass rate"
    + ("" if abs(MARGIN - margin_priced) < 1e-12 else f", and the gate used {MARGIN * 100:.3g} ({margin_whose})")
    + f". The topic margin likewise: the same ${LOSS_TOLERATED:,.0f} over the largest topic, {largest_topic}, taken "
      f"as {largest_share:.0%} of the traffic ({LOSS_TOLERATED:,.0f} / ({largest_share * QUESTIONS_PER_MONTH:,.0f} x "
      f"{COST_WRONG_ANSWER:,.0f})), allows {topic_margin_priced * 100:.1f} points"
    + (f", rounded down to {TOPIC_MARGIN * 100:g}. " if not topic_margin_set else
       f"; the gate used {TOPIC_MARGIN * 100:g}, set in the parameters. "))
wu_technical_result = (margin_reason + f"Every line that reads pass rates takes the wider of two 95% intervals: the formula interval "
             f"(Wilson's, or Newcombe's paired one), which counts the {judged['v2'].n_ok} cases as independent, and a "
             f"bootstrap over the {len(per_article)} help articles they come from. The sample-size plan's "
             f"assumptions (v1 passing {PLAN_PASS_RATE:.0%}, {PLAN_FLIP_RATE:.0%} of pairs flipping) were chosen "
             "knowing the simulator that produced these data, so they sit close to what it shows; this run does not "
             "confirm them, and a real team would take them from earlier data. Under the plan, a v2 exactly as good "
             "as v1 passes the overall line only "
             f"{plan_overall:.0%} of the time on "
             f"{lex_cmp.n_pairs} cases, and a topic passes its {TOPIC_MARGIN * 100:g}-point line {plan_equal[0]:.0%} "
             f"to {plan_equal[1]:.0%} of the time at {topic_n.min()} to {topic_n.max()} cases. "
             f"v2's {fc.n_failures} failed answers (judge's verdicts) fall into {fc.k} clusters (mean silhouette "
             f"{sil_sorted.iloc[0]:.2f}, {sil_sorted.iloc[0] - sil_sorted.iloc[1]:.3f} above the next number of "
             "clusters: groups to read, not structure found), each shown "
             f"by its size and the answer nearest its centre (simulated): its question, the key fact it should state and "
             "the judge's reason for failing it: "
             + "; ".join(cluster_evidence) + "."
             + (f" Named by the author: {cluster_names_text}." if cluster_names_text else
                " They are not named yet (`MY_CLUSTER_NAMES`)."))
saving_unsettled = ([f"with padding priced as a wrong answer ({flat_month[0]} to {flat_month[1]} a month)"]
                    if save_v1_flat.low <= 0 else []) + (
    [f"were the judge's lean, v2's minus v1's, all bias ({money(lean_saving[1])} to {money(lean_saving[2])})"]
    if above_zero(*lean_saving_raw[1:]) != "pass" else [])
saving_as_judged = (f"at the assumed ${COST_PADDED:,.0f} price of padding, v2 saves {money(monthly['low'])} to "
                    f"{money(monthly['high'])} a month against v1, {saving_reach}")
saving_lead = (("The saving is not settled because its range reaches below zero "
                + " and ".join(saving_unsettled) + f". Only as judged, {saving_as_judged}. ") if saving_unsettled
               else f"As judged, {saving_as_judged}; with padding priced as a wrong answer it is {flat_month[0]} to "
                    f"{flat_month[1]}, {reach(save_v1_flat)}. ")
held_lead = ("" if judge_criterion.status == "pass" else
             f"Held, like every line the judge scores, while the judge is {judge_valid_phrase}: nothing below counts "
             "yet. ")
money_short = ("whether v2 saves money against v1 is not settled" if saving_unsettled else
               "as judged, v2 saves money against v1")
corr_short = {"pass": "v2 is shown to be no worse than v1 beyond the margin",
              "inconclusive": f"v2 is not yet shown to be no more than {MARGIN * 100:.3g} points worse than v1",
              "fail": "v2 is worse than v1 beyond the margin"}[corrected["status"]]
why_open = (f"with the judge's lean taken off, v2 - v1 runs from {corrected['low'] * 100:+.1f} to "
            f"{corrected['high'] * 100:+.1f} points (approximate 95%) against a {MARGIN * 100:.3g}-point margin, "
            f"and the judge that scores it is {judge_valid_phrase}")
wu_opening = (money_short[0].upper() + money_short[1:] + f", and {corr_short}. "
              + why_open[0].upper() + why_open[1:] + ". "
              + f"Settling it takes more cases and fresh labels: {lean_plan_text(MARGIN)}.\n\n")
adj_summary = (f"Every labelled answer of v1 and v2 was labelled twice, blind, with a third read where the two "
               f"reviewers disagreed ({n_split} of {len(labels)} answers; {n_changed} first labels changed); all "
               "label-based lines read these majority-of-three labels. They are simulated (each read right except "
               f"for {LABEL_FLIP:.0%} flipped) and still fallible, about {residual:.2%} expected wrong. On them the "
               f"judge's lean on v2 minus its lean on v1 is {lean_gap:+.1f} points ({gap_iv_text}), against "
               f"{leans_raw['gap']['estimate'] * 100:+.1f} on the first reviewer's labels alone (the table below). ")
wu_second_review = [{"line": r["(95%)"], "first": r["first reviewer only"],
                     "adjudicated": r["adjudicated (majority of three)"]} for r in adj_rows]
wu_business_result = (wu_opening + held_lead + adj_summary
             + saving_lead +
             f"In detail: the judged v2 - v1 is {gate_text(fam_all)}; its low end clears the margin under "
             f"{seed_clear} of {N_JUDGE_SEEDS} judge seeds. The lean: {lean_core}. The adjudicated labels' own v2 - v1, on "
             f"the {len(lab_ids)} questions both versions were labelled on is {rev_iv}. The saving assumes "
             f"this set's mix of questions is the traffic's. Which failures count as padded "
             f"(${COST_PADDED:,.0f}) rather than wrong (${COST_WRONG_ANSWER:,.0f}) comes from the key-fact check, "
             f"never validated against labels (lexical gate's kappa on v2 {lexical_v2_kappa['kappa']:.2f}, 95% "
             f"{lexical_v2_kappa['95% low']:.2f} to {lexical_v2_kappa['95% high']:.2f}). "
             + f"Were the judge's lean all bias, {lean_then[:-1]} (the table below).")
lat_all = {"rules baseline": lat, **lat_q}
wu_latency_table = [
    {"system": name + (" (none of its answers labelled)" if name == "rules baseline" else ""),
     "cost": f"{money(per_k[name].estimate * 1000)} ({money(per_k[name].low * 1000)} to "
                             f"{money(per_k[name].high * 1000)})",
     "pass": f"{run.pass_rate().estimate:.1%} ({system_rates[name][0]:.1%} to {system_rates[name][1]:.1%})",
     "latency": f"{lat_all[name][0.5]:.2f} s / {lat_all[name][0.95]:.2f} s",
     "saving": next(f"{r['saving as judged (95%)']}; were its judge lean all bias, "
                    f"{r['were its judge lean all bias (shifted range)']}" for r in human_rows if r["bot"] == name)}
    for name, run in systems.items()] + [
    {"system": "human agent", "cost": f"{money(HUMAN_COST_PER_QUESTION * 1000)} (assumed)", "pass": "", "latency": "",
     "saving": ""}]
wu_latency_cost = (
    f"All simulated: cost is model spend plus each failed answer at ${COST_WRONG_ANSWER:,.0f} wrong or "
    f"${COST_PADDED:,.0f} padded (assumed prices; judge's verdicts, {judge_valid_phrase}), intervals 95% bootstrap "
    f"over help articles (pass rates: the wider of that and Wilson's); a bot breaks even with the agent at a pass "
    f"rate of {breakeven_bar:.0%}; the saving against the agent is in the table ({human_verdict}). "
    f"Cost per correct answer, failures priced in (the same cost over the answers that passed, 95% bootstrap over "
    f"help articles): " + ", ".join("{} ${:.2f} (${:.2f} to ${:.2f})".format(name, *iv) for name, iv in per_correct.items())
    + f". {not_comparable}; the per-1,000 column is the comparison with the agent. Nor do these intervals rank the "
      "bots: each is one bot's alone, and side by side they ignore that the bots answered the same questions. "
      "The rules baseline's pass rate and cost rest on the judge with no label of that bot's answers, and the "
      "judge checks grounding against the very articles the bot pastes, which favours it on that point. "
    f"Latency is not gated, since no budget was set before the test (v2's median {lat_v2 / lat_v1 - 1:+.0%} on "
    f"v1's, 95% paired bootstrap over help articles {lat_low:+.0%} to {lat_high:+.0%}).")
wu_ethics = (f"The gate compares v2 with v1 in each of {len(topic_n)} topics (support subjects such as billing, not "
             f"groups of customers) against a {TOPIC_MARGIN * 100:g}-point margin; at {topic_n.min()} to "
             f"{topic_n.max()} cases a topic exactly as good as v1 passes that check only {plan_equal[0]:.0%} to "
             f"{plan_equal[1]:.0%} of the time, so an interval that straddles its line is expected even with no drop. As "
             f"measured by the judge (held with it), {topics_clear} of {len(judge_slices)} topics "
             f"clear{'s' if topics_clear == 1 else ''} the line"
             + "".join(f"; {', '.join(ts)} " + (verb[0] if len(ts) == 1 else verb[1])
                       for word, verb in (("inconclusive", ("straddles the line (not yet)", "straddle the line (not yet)")),
                                          ("fail", ("misses it", "miss it")))
                       for ts in [[t for t in not_clear if line_status(*family[(t, "judge")]["gate"],
                                                                       -TOPIC_MARGIN) == word]] if ts)
             + ". Nothing here measures how the assistant treats different groups of people. The judge was measured against a "
             f"simulated reviewer on the gated version's answers (kappa {judge_v2['kappa']:.2f}, 95% bootstrap "
             f"{judge_v2['95% low']:.2f} to {judge_v2['95% high']:.2f}; {judge_held_why}); no real person's judgement was measured. The "
             "data set's datasheet says it is English only, with short single-turn questions, so customers writing in "
             "other languages, or in long conversations, are not covered.")
wu_terms = (f"**The judge** is the kit's stand-in for a language-model judge, simulated: text rules apply the rubric "
            f"(the answer states the key fact, does not refuse, is grounded in the help articles and runs to at most {MAX_WORDS} words), "
            f"each vote is flipped at random with chance {JUDGE_NOISE:.0%} (twice that on borderline answers) to "
            f"mimic a sampled model, and it is " + (f"asked {JUDGE_K} times an answer, the majority deciding" if judge_votes > 1
                                  else "asked once an answer") + "; no language model is involved. **The rules baseline** is a retrieval bot that pastes the best-matching help article, "
            "with no language model. **Padded**: an answer that states the key fact but runs over "
            f"{MAX_WORDS} words. **Lean**: the judge's pass rate minus the simulated reviewer's on the same labelled "
            "answers, in points; the lean that can bias v2 - v1 is v2's lean minus v1's.")
story.record_table([
    ("writeup_title", wu_title, "Title"),
    ("writeup_terms", wu_terms, "Terms the write-up uses"),
    ("writeup_results", wu_results, "Results: each gate line's numbers and result"),
    ("writeup_technical_result", wu_technical_result, "Technical result"),
    ("writeup_latency_cost", wu_latency_cost, "Latency and cost"),
    ("writeup_latency_table", wu_latency_table, "Latency and cost: one row per system"),
    ("writeup_prompt_result", wu_prompt_result, "The prompt experiment"),
    ("writeup_second_review_table", wu_second_review, "The lines on the first reviewer's labels alone and on the "
     "adjudicated labels (simulated; 95%)"),
    ("writeup_lean_table", lean_rows, f"The judge's measured lean, were it all bias: v2's pass rate moved by v2's "
     f"own lean ({lean['v2']:+.1f} points), v2 - v1 and the saving by the difference, v2's lean minus v1's "
     f"({lean_gap:+.1f} points), each anywhere in its 95% interval, each line's low end by its lean's high end and "
     "its high end by its lean's low end, a shifted range (simulated data; the "
     f"saving's shift prices each such answer as wrong, ${COST_WRONG_ANSWER:,.0f}, the largest shift at this lean)"),
], title="Write-up sections recorded (simulated data; read them in the write-up)", show=["writeup_title"])
story.record_words("writeup_business_risk", MY_BUSINESS_RISK, parameter="MY_BUSINESS_RISK",
                   suggestion=wu_business_risk, label="The business risk", brief=True)
story.record_words("writeup_business_result", MY_BUSINESS_RESULT, parameter="MY_BUSINESS_RESULT",
                   suggestion=wu_business_result, label="What it means for the business", brief=True)
story.record_words("writeup_ethics", MY_ETHICS, parameter="MY_ETHICS", suggestion=wu_ethics,
                   label="Ethical considerations", brief=True)
story.record_words("writeup_what_i_did", MY_WHAT_I_DID, parameter="MY_WHAT_I_DID", suggestion=wu_what_i_did,
                   label="What was done", brief=True)
judge_sentence = ("" if judge_criterion.status == "pass" else
                  " The labels that measured the judge also chose it, so its validation waits for fresh labels.")
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", suggestion=
             f"{verdict} for v2, on simulated data"
             + (": " + "; and ".join(blockers[:2]) + "." if blockers else ": every line's whole 95% interval clears it.")
             + (f" Also open: {'; '.join(blockers[2:] + also_open)}." if blockers[2:] + also_open else "")
             + (" The numbers are in the results table; what would settle each open line is listed under it."
                if release.inconclusive else "")
             + judge_sentence, label="Decision", brief=True)
story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS", suggestion=
             f"{len(suite)} questions and answers simulated for the kit; the reviewer's {len(labels)} labels are "
             f"simulated too (derived from the answer kinds the simulator wrote, {LABEL_FLIP:.0%} flipped), and the stand-in judge "
             f"reads the same knowledge base, so its agreement is a rehearsal of the method, not evidence about a "
             f"real judge; its votes split on {votes.flaky_share:.0%} of answers. Latency and cost are simulated and "
             f"the prices of a wrong and a padded answer are assumptions, not measured costs. The failure clusters are groups to read; a name read "
             f"from a few answers is a hypothesis, not a diagnosed cause. Intervals cover sampling noise, not a shift in what customers ask.",
             label="Limitations", brief=True);

# %% [markdown]
# The notebook's scratch folder (results logs, cache and report) is removed last.

# %%
scratch.cleanup()  # remove this notebook's scratch folder
