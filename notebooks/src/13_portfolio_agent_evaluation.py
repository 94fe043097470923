# %% [markdown]
# # 13 · Portfolio: evaluating a tool-using agent
#
# A support agent works a store's back office through tools: it looks customers up, verifies them, reads
# orders, refunds, changes addresses and cancels. A new version, v2, is up to replace v1, the version in
# production in this scenario. May it ship? This project evaluates both on a simulated store (both agents are
# scripted, with failure rates the kit sets), asks how often each is right **every time** a customer comes back, and ends in a release gate and a portfolio write-up.
#
# **You will be able to**
#
# - judge an agent's trial on the **end state** it leaves and the policy it keeps, not on its last message;
# - explain why pass^k (all k tries succeed) falls fast with k, compute it for one task by hand, and tell it
#   apart from pass@k (at least one of k succeeds) and from the success rate to the power k;
# - read policy breaches with intervals that take tasks as the unit, and price failure kinds to say what to fix
#   first;
# - choose the k the business needs, and take a release decision on intervals against the incumbent and the
#   trivial alternative (people handle the requests).
#
# **Time:** 60 minutes. **PM job:** performance governance (is the agent good enough, every time?), with
# expectation management: a high success rate per request is not what a returning customer gets.

# %% tags=["parameters"]
SEED = 42
FAST = False
TRIALS = 8                  # trials of every task per agent (5 when FAST); pass^k is measured for k from 1 to TRIALS
DAYS_BETWEEN_REQUESTS = 23  # a returning customer brings the same request about this often, in days (an
                            # assumption made for this scenario; there is no ticket history); exercise 3 uses it
MIN_PASS_HAT_K = 0.60       # the bar: the whole 95% interval of v2's pass^k must clear it, at the k chosen in
                            # exercise 3. One bar for every k: it is the share of returning customers who must be
                            # served right on every visit, whatever their number, so a stricter k is harder to clear
MAX_BREACH_RATE = 0.01      # policy breaches tolerated per trial: the whole 95% interval (over tasks) must stay
                            # at or under it (zero tolerance in practice: the upper end decides)
MARGIN = 0.05               # v2's pass^k may trail v1's by at most this share (5 points), paired by task
MAX_COST_PER_SUCCESS = 0.05 # dollars of model spend per successful task
MIN_GAP = 0.10              # the smallest gap from a line worth detecting (10 points of pass^k), set before the
                            # test: it sizes the tasks a follow-up needs when a line is left open

# Cost assumptions (yours to edit): the scripted agent has no real model bill, so what a step costs is assumed
COST_PER_STEP_V1 = 0.004    # dollars per model turn, v1
COST_PER_STEP_V2 = 0.005    # dollars per model turn, v2 (a larger prompt)
HUMAN_COST_PER_REQUEST = 4.00  # dollars for a person to handle one request (the trivial alternative; also what a
                               # give-up or a loop costs: the customer writes in again and a person handles it)
PEOPLE_ERROR_RATE = (0.01, 0.05)  # share of their cases people get wrong, each priced as a wrong change: the low
                                  # and high ends of a plausible range, assumed (this run has no people to measure)
COST_WRONG_CHANGE = 60.00   # dollars one wrong change costs: a refund or change the policy forbids, a change to an
                            # order the customer did not name, a wrong change or answer claimed done, and its clean-up
N_BOOT = 2000               # bootstrap resamples

# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_DECISION = ""            # your decision (ship v2, keep v1, hand over, not yet), its reasons, what would change it
MY_LIMITATIONS = ""         # what this evaluation cannot tell you, in your words
MY_NEXT_STEPS = ""          # what should happen next, and who decides
MY_WHAT_I_DID = ""          # the steps you took, in your words
MY_BUSINESS_RISK = ""       # the problem and what is at risk for the business, in your words
MY_ETHICS = ""              # who could be harmed and how, in your words

# %%
import math
import textwrap
from collections import Counter, namedtuple
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display

from aipm_kit import plots, story
from aipm_kit.agents import (POLICIES, VERSIONS, ScriptedAgent, agent_release_gate, compare_agents,
                             load_store_tasks, policy_table, reliability, run_agent, tool_table,
                             trajectory_html)
from aipm_kit.agents.scoring import pass_hat_k, share_over_tasks
from aipm_kit.agents.scripted import Episode
from aipm_kit.evals.stats import wilson_interval
from scipy.stats import binomtest
from aipm_kit.gates import Gate, criterion
from aipm_kit.exercises import ____, is_blank, nb13

plots.use_style()
pd.set_option("display.max_colwidth", None)
n_trials = 5 if FAST else TRIALS
n_boot = 500 if FAST else N_BOOT
QUARTER_DAYS = 91  # support is judged over a quarter
K_SHOW = 3  # the k sections 2 and 3 illustrate with; the gate's k is chosen in exercise 3

world, tasks = load_store_tasks()
by_id = {t.id: t for t in tasks}
story.md(f"The store (simulated, written for the kit) has **{len(world['customers'])}** customers and "
         f"**{len(world['orders'])}** orders; today is day {world['today']}. **{len(tasks)}** support tasks, one "
         "user message each, ask for refunds, address changes, cancellations and order status; some must be "
         "refused. Each agent runs every task "
         f"**{n_trials}** times, each trial in a fresh copy of the store.")

# %% [markdown]
# ## 1 · The store, its policy and one task
#
# The agent must keep three rules while it works. The back office trusts its agent: a call that breaks a rule
# still goes through, and the store records the breach. That is how a breach reaches a customer.

# %%
pd.DataFrame({"rule": list(POLICIES.values())}, index=pd.Index(list(POLICIES), name="policy (simulated store)"))

# %%
task = tasks[0]
pd.DataFrame({"value": [task.instruction, task.intent, ", ".join(task.policies),
                        "; ".join(f"order {o}: {ch}" for o, ch in task.expected_changes.items()) or "nothing changes",
                        " -> ".join(c["name"] for c in task.reference_calls)]},
             index=pd.Index(["user's message", "intent", "rules at stake", "right end state",
                             "calls a careful agent makes"], name=f"task {task.id} (simulated)"))

# %% [markdown]
# A task is judged on the **end state** of the store: the orders must be exactly as the right outcome leaves
# them, no rule may be broken on the way, a question's answer must name what was asked, and the agent must
# answer before the call limit cuts it off. Here is one trial of v1 on that task, step by step:

# %%
agents = {"v1": ScriptedAgent(replace(VERSIONS["v1"], cost_per_step=COST_PER_STEP_V1), seed=SEED),
          "v2": ScriptedAgent(replace(VERSIONS["v2"], cost_per_step=COST_PER_STEP_V2), seed=SEED)}
runs = {v: run_agent(a, tasks, world, trials=n_trials) for v, a in agents.items()}
v1_run, v2_run = runs["v1"], runs["v2"]
first = next(t for t in v1_run.trials if t.task_id == task.id)
display(HTML(trajectory_html(first)))

# %% [markdown]
# **A message that sounds right.** The customer reads only the last message. Below are two of v1's failed
# trials whose last message says the job is done. The header gives the verdict; the calls show how it happened.

# %%
def sounds_right(t):
    return not t.success and t.final.startswith("Done")


wrong_state = next(t for t in v1_run.trials if sounds_right(t) and not t.violations and not t.state_ok)
breached = next(t for t in v1_run.trials if sounds_right(t) and t.violations)
for t in (wrong_state, breached):
    story.md(f"**{t.task_id}**, the user's message: *{by_id[t.task_id].instruction}*")
    display(HTML(trajectory_html(t)))

# %%
asked = ", ".join(by_id[wrong_state.task_id].expected_changes) or "none"
changed_ws = [c["arguments"]["order_id"] for c in wrong_state.calls
              if c["name"] in ("refund_order", "change_address", "cancel_order")]
n_done_failed = sum(sounds_right(t) for t in v1_run.trials)
story.md(f"In {wrong_state.task_id} the customer asked about order {asked}; v1 changed order "
         f"{', '.join(changed_ws)} and said \"Done\". In {breached.task_id} the message is just as confident, but v1 "
         f"broke `{', '.join(breached.violations)}` on the way. Across v1's {len(v1_run.trials)} trials, "
         f"**{n_done_failed}** failed ones end in a message that starts \"Done\". A wrong order can be caught by "
         "reading the message against the request, but a rule broken on the way shows only in the calls. That is "
         "why agents are judged on the store's end state and their calls, and why a trajectory is logged for every "
         "trial.")

# %% [markdown]
# ## 2 · pass^1 is not what a returning customer gets
#
# Two numbers summarise repeated trials of a task with `n` trials and `c` successes:
#
# - **pass@k** = 1 - C(n-c, k) / C(n, k): the chance that **at least one** of k tries succeeds (a user who can
#   retry and check the result);
# - **pass^k** = C(c, k) / C(n, k): the chance that **all** k tries succeed (a customer who comes back k times and
#   must be served right every time).
#
# Both are averaged over tasks, with a 95% bootstrap interval over tasks (tasks are the unit sampled). Near 0% or
# 100% a bootstrap over tasks comes out narrower than the data allow (when nearly every task scores 1 it can hardly
# move). "Near" is decided on the estimate itself: closer to 0 or 1 than Wilson's upper end for none of the tasks.
# There the interval shown is the wider of the bootstrap and Wilson's over the tasks (marked `*`), in the tables
# and the figure alike, so neighbouring k are treated alike.

# %%
rel = {v: reliability(r, n_boot=n_boot, seed=SEED) for v, r in runs.items()}


n_tasks_all = len(tasks)


def wilson_share(est, n_tasks, z=1.96):
    """Wilson's 95% interval for a share est of n_tasks tasks (est need not be a whole number of tasks)."""
    centre = (est + z * z / (2 * n_tasks)) / (1 + z * z / n_tasks)
    half = z * math.sqrt(est * (1 - est) / n_tasks + z * z / (4 * n_tasks ** 2)) / (1 + z * z / n_tasks)
    return max(0.0, centre - half), min(1.0, centre + half)


def flat_to_wilson(est, low, high, n_tasks):
    """A 95% interval over tasks that is not narrower than the data allow: where the estimate itself is closer to 0
    or 1 than Wilson's upper end for none of n_tasks (the edge zone), the wider of the bootstrap and Wilson's interval
    over the tasks (the flag says so). The test is on the unrounded estimate, so neighbouring k are treated alike."""
    edge = wilson_share(0.0, n_tasks)[1]
    if min(est, 1 - est) < edge:
        w_low, w_high = wilson_share(est, n_tasks)
        return est, min(low, w_low), max(high, w_high), True
    return est, low, high, False


def rel_view(v):
    r = rel[v]
    cols = {}
    for m in ("pass^k", "pass@k"):
        fixed = [flat_to_wilson(r.loc[k, m], r.loc[k, f"{m} low"], r.loc[k, f"{m} high"], n_tasks_all) for k in r.index]
        cols[m] = [f"{e:.3f}" for e, *_ in fixed]
        cols[f"{m} 95% low"] = [f"{lo:.3f}" + ("*" if w else "") for _, lo, _, w in fixed]
        cols[f"{m} 95% high"] = [f"{hi:.3f}" + ("*" if w else "") for _, _, hi, w in fixed]
    return pd.DataFrame(cols, index=r.index).rename_axis(
        f"k ({v}, simulated; * estimate within {100 * wilson_share(0.0, n_tasks_all)[1]:.1f} points of 0% or 100%: the "
        "wider of "
        f"bootstrap and Wilson over {n_tasks_all} tasks)")


display(rel_view("v1"))
rel_view("v2")

# %% tags=["nbval-check-output"]
for v in ("v1", "v2"):
    r = rel[v]
    print(v, " ".join(f"pass^{k}={r.loc[k, 'pass^k']:.3f}" for k in (1, K_SHOW, n_trials)))

# %%
p1 = {v: rel[v].loc[1, "pass^k"] for v in runs}
pk = {v: rel[v].loc[K_SHOW, "pass^k"] for v in runs}
story.md(f"v1 handles **{p1['v1']:.1%}** of single requests right (95% bootstrap {rel['v1'].loc[1, 'pass^k low']:.1%} "
         f"to {rel['v1'].loc[1, 'pass^k high']:.1%}), but the same task succeeds {K_SHOW} times out of {K_SHOW} "
         f"only **{pk['v1']:.1%}** of the time ({rel['v1'].loc[K_SHOW, 'pass^k low']:.1%} to "
         f"{rel['v1'].loc[K_SHOW, 'pass^k high']:.1%}; k = {K_SHOW} here only to illustrate, the gate's k is chosen in "
         f"exercise 3), and {n_trials} out of {n_trials} only "
         f"{rel['v1'].loc[n_trials, 'pass^k']:.1%}. v2: {p1['v2']:.1%} and {pk['v2']:.1%}. Meanwhile pass@k climbs "
         f"towards 100%: retries hide the inconsistency that a returning customer meets.")

# %% [markdown]
# ### Exercise 1 · pass^k of one task, by hand

# %%
counts = v1_run.successes()
hand_pick = sorted(counts, key=lambda i: (not (K_SHOW <= counts[i] < n_trials), abs(counts[i] - 0.75 * n_trials), i))[0]
q1 = nb13.pass_hat_by_hand(task_id=hand_pick, n=n_trials, c=counts[hand_pick], k=K_SHOW)
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
c_hand = counts[hand_pick]
q1_answer = math.comb(c_hand, K_SHOW) / math.comb(n_trials, K_SHOW)
print(f"by hand {q1_answer:.4f}; the kit {pass_hat_k(n_trials, c_hand, K_SHOW):.4f}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check((counts[hand_pick] / n_trials) ** K_SHOW)
assert q1.check(____).correct is None

# %% [markdown]
# **Why it falls so fast.** A task that succeeds 90% of the time succeeds twice in a row 0.9 x 0.9 of the time,
# and k times in a row 0.9^k. From n trials a task's true rate p is not known, and its observed rate c/n raised to
# the power k overstates p^k on average (the power magnifies a lucky run more than it shrinks an unlucky one).
# pass^k, C(c, k) / C(n, k), picks k of the n trials without putting any back: it is the product of (c - i) / (n - i)
# for i from 0 to k - 1, and each factor is at most c / n (taking a success away lowers the top more than the
# bottom), so a task's pass^k sits at or below its success rate to the power k, and is a smaller fraction of it the
# fewer its successes (the ratio, not the gap in points, is what shrinks). The
# table shows how v1's tasks spread: how many tasks succeeded in each number of their trials, the success rate
# to the power k and the pass^k such a task has, and how many tasks' worth of pass^k those tasks lose together.

# %%
spread = pd.Series(list(counts.values())).value_counts().sort_index(ascending=False)
lost = pd.Series({c: spread[c] * (1 - pass_hat_k(n_trials, c, K_SHOW)) for c in spread.index})
pd.DataFrame({"tasks": spread,
              "success rate": [c / n_trials for c in spread.index],
              f"success rate ^ {K_SHOW}": [(c / n_trials) ** K_SHOW for c in spread.index],
              f"pass^{K_SHOW} of such a task": [pass_hat_k(n_trials, c, K_SHOW) for c in spread.index],
              f"tasks' worth lost (tasks x (1 - pass^{K_SHOW}))": lost},
             ).round(3).rename_axis(f"successes of {n_trials} (v1, simulated)")

# %%
nine = 0.9 ** K_SHOW
n_all = int(spread.get(n_trials, 0))
near = n_trials - 1
pooled = {v: float(np.mean([t.success for t in r.trials])) for v, r in runs.items()}


def never_failed_if_even(run):
    """Tasks that never failed, and what a common success rate (the pooled one, shared by every task) would give:
    each task then never fails with chance rate^n_trials, so the count is binomial over the tasks."""
    from scipy.stats import binom

    n_tasks, rate = len(run.successes()), float(np.mean([t.success for t in run.trials]))
    p_clean = rate ** n_trials
    seen = sum(c == n_trials for c in run.successes().values())
    return seen, n_tasks * p_clean, binom.ppf(0.025, n_tasks, p_clean), binom.ppf(0.975, n_tasks, p_clean), \
        binom.sf(seen - 1, n_tasks, p_clean)


lost_once, lost_total = float(lost.get(near, 0.0)), float(lost.sum())
c_low = min(c for c in spread.index if c >= K_SHOW)  # the fewest successes in the table with pass^k above zero
ratio_near = pass_hat_k(n_trials, near, K_SHOW) / (near / n_trials) ** K_SHOW
ratio_low = pass_hat_k(n_trials, c_low, K_SHOW) / (c_low / n_trials) ** K_SHOW
n_multi = sum(n_trials - c >= 2 for c in counts.values())
clean_seen, clean_even, clean_lo, clean_hi, clean_p = never_failed_if_even(v1_run)
story.md(f"At 90% a try, {K_SHOW} in a row succeed {nine:.0%} of the time. A task that succeeded in {near} of its "
         f"{n_trials} trials has pass^{K_SHOW} C({near}, {K_SHOW}) / C({n_trials}, {K_SHOW}) = "
         f"{math.comb(near, K_SHOW)} / {math.comb(n_trials, K_SHOW)} = {pass_hat_k(n_trials, near, K_SHOW):.3f}, "
         f"{ratio_near:.0%} of ({near}/{n_trials})^{K_SHOW} = {(near / n_trials) ** K_SHOW:.3f}; a task that succeeded "
         f"in {c_low} has {pass_hat_k(n_trials, c_low, K_SHOW):.3f}, only {ratio_low:.0%} of "
         f"({c_low}/{n_trials})^{K_SHOW} = {(c_low / n_trials) ** K_SHOW:.3f}. Of v1's {len(counts)} tasks, "
         f"{n_all} never failed; the {int(spread.get(near, 0))} that failed once in {n_trials} each get "
         f"{K_SHOW} in a row right only {pass_hat_k(n_trials, near, K_SHOW):.1%} of the time. Together v1's tasks "
         f"lose {lost_total:.2f} tasks' worth of pass^{K_SHOW} (the last column's total): the tasks that failed once "
         f"lose {lost_once:.2f} ({lost_once / lost_total:.0%}), the {n_multi} that failed twice or more "
         f"{lost_total - lost_once:.2f} ({1 - lost_once / lost_total:.0%}). "
         f"Do failures gather on some tasks? If every task shared v1's pooled success rate of {pooled['v1']:.1%}, a "
         f"task would get all {n_trials} trials right with chance {pooled['v1']:.3f}^{n_trials} = "
         f"{pooled['v1'] ** n_trials:.3f}, so about {clean_even:.0f} of the {len(counts)} tasks would never fail "
         f"(binomial, 95% range {clean_lo:.0f} to {clean_hi:.0f}). **{clean_seen}** never failed"
         + (f": more than a common rate gives (the chance of {clean_seen} or more is {clean_p:.1g}), so failures "
            "gather on some tasks, and a customer whose request is one of them is let down again and again. That "
            "is why the pooled success rate to the power k is not pass^k: one rate shared by all tasks spreads the "
            "failures evenly, while failures gathered on some tasks let the other tasks' customers get every try "
            "right. " if clean_seen > clean_hi else
            ": within what a common rate gives, so this run does not show failures gathering on some tasks. ")
         + "(If a customer's repeat "
         "requests were unlike each other, drawn at random from the whole mix, the pooled rate to the power k "
         "would be the number to read; this notebook assumes a customer's request recurs.)")

# %% [markdown]
# **The picture.** pass^k and pass@k against k for both versions, with their 95% intervals, beside the trivial
# agent that hands every request to a person without acting (scored on the same tasks, it passes only the tasks
# whose right outcome is to change nothing and give no answer; it fails the status questions, which change nothing
# but need an answer).

# %%
def hand_over(task, env, trial=0):
    """The trivial agent: no tool calls, every request handed to a person."""
    return Episode("I am passing your request to a colleague, who will reply by email.", 1, 0.0)


hand_run = run_agent(hand_over, tasks, world, trials=n_trials)
hand_rel = reliability(hand_run, n_boot=n_boot, seed=SEED)
ks = list(rel["v1"].index)
colours = {"v1": plots.NEUTRAL, "v2": plots.ACCENT}
def band(r, m):
    """The 95% band of measure m, as in the tables: the wider of bootstrap and Wilson near 0 or 1."""
    ends = [flat_to_wilson(r.loc[k, m], r.loc[k, f"{m} low"], r.loc[k, f"{m} high"], n_tasks_all)[1:3] for k in ks]
    return 100 * np.array([e[0] for e in ends]), 100 * np.array([e[1] for e in ends])


def pct_iv(r, k):
    """pass^k at k with its 95% band, as in the tables, in whole percent."""
    est, low, high, _ = flat_to_wilson(r.loc[k, "pass^k"], r.loc[k, "pass^k low"], r.loc[k, "pass^k high"], n_tasks_all)
    return f"{est:.0%} ({low:.0%} to {high:.0%})"


def passk_figure(mark_k=None):
    """Figure 1: pass^k and pass@k against k with their bands and the gate's bar; mark_k: the gate's k."""
    fig, ax = plots.figure(figsize=(8, 4.6))
    for v in ("v1", "v2"):
        r = rel[v]
        ax.plot(ks, 100 * r["pass^k"], "-o", color=colours[v], label=f"{v}: pass^k (all k succeed)")
        ax.fill_between(ks, *band(r, "pass^k"), color=colours[v], alpha=0.18, lw=0)
        ax.plot(ks, 100 * r["pass@k"], "--s", color=colours[v], ms=4, label=f"{v}: pass@k (at least one succeeds)")
        ax.fill_between(ks, *band(r, "pass@k"), color=colours[v], alpha=0.10, lw=0)
    ax.plot(ks, 100 * rel["v1"]["naive p^k"], ":", color=colours["v1"], lw=1.5, label="v1: pooled success rate ^ k (all tasks' trials together)")
    ax.plot(ks, 100 * hand_rel["pass^k"], "-", color="#777777", lw=1.5,
            label="agent that hands every request over, alone\n(nobody resolves the requests): pass^k")
    ax.fill_between(ks, *band(hand_rel, "pass^k"), color="#777777", alpha=0.15, lw=0,
                    label="hand-over's 95% band (every shaded band:\n95% over tasks, as in the tables)")
    ax.axhline(100 * MIN_PASS_HAT_K, color="#555555", ls="--", lw=1,
               label=f"the gate's bar for pass^k: {MIN_PASS_HAT_K:.0%}")
    if mark_k is not None:
        ax.axvline(mark_k, color="#555555", ls="-.", lw=1.2, label=f"the gate's k = {mark_k} (exercise 3)")
    ax.set_ylim(0, 102)
    ax.set_xticks(ks)
    plots.finish(ax, title=(f"Single tries succeed: v1 {pct_iv(rel['v1'], 1)}, v2 {pct_iv(rel['v2'], 1)};\n"
                            f"all {n_trials} tries right: v1 {pct_iv(rel['v1'], n_trials)}, v2 "
                            f"{pct_iv(rel['v2'], n_trials)} (95%, simulated)"),
                 xlabel="k: tries at the same task", ylabel="Mean over tasks of the per-task chance (%)", legend=False)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    fig.set_size_inches(8, 6.6)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.36)
    fig.text(0.01, 0.015, f"Takeaway: right once is not right every time: from k = 1 to {n_trials}, v1's pass^k falls from "
             f"{rel['v1'].loc[1, 'pass^k']:.0%} to {rel['v1'].loc[n_trials, 'pass^k']:.0%} and v2's from "
             f"{rel['v2'].loc[1, 'pass^k']:.0%} to {rel['v2'].loc[n_trials, 'pass^k']:.0%}.", ha="left", va="bottom",
             fontsize=9, style="italic")
    return fig


def passk_caption(mark_k=None):
    return (
    f"Simulated store, scripted agents. pass^k (all k tries at a task succeed) and pass@k (at least one succeeds) "
    f"against k, averaged over the {len(tasks)} tasks x {n_trials} trials, for v1 and v2, with 95% bands: a "
    f"bootstrap over tasks, or, where the estimate is within {100 * wilson_share(0.0, n_tasks_all)[1]:.1f} points of "
    "0% or 100%, the wider of it and Wilson's over the tasks, as in the tables; dotted: "
    "v1's pooled success rate to the power k; grey: an agent that hands every request over, alone (nobody resolves "
    f"the requests); dashed: the gate's {MIN_PASS_HAT_K:.0%} bar for pass^k"
    + ("" if mark_k is None else f"; dash-dotted: the gate's k = {mark_k}") + ".")


fig = passk_figure()
story.record_figure("writeup_figure_passk", fig, caption=passk_caption())  # redrawn with the gate's k in section 7
plt.close(fig)

# %%
pool_k = float(rel["v1"].loc[K_SHOW, "naive p^k"])
story.md(f"The dotted line is v1's **pooled** success rate ({pooled['v1']:.1%}, all tasks' trials together) to the "
         f"power k: at k = {K_SHOW}, {pool_k:.3f}, " + ("below" if pool_k < pk["v1"] else "above")
         + f" v1's pass^{K_SHOW} of {pk['v1']:.3f}. The table above raised each task's **own** rate to the power k, "
         "which sits above that task's pass^k. The two do not contradict each other: one rate shared by every task "
         "spreads the failures evenly, while pass^k is averaged over tasks whose rates differ, and a task that never "
         "fails counts in full. "
         + ("Here that pulls the average of the tasks' pass^k above the pooled rate to the power k."
            if pool_k < pk["v1"] else "Here the pooled line still sits above pass^k."))

# %% [markdown]
# ## 3 · Where it fails
#
# First the policy. Each rule's breaches are counted among the trials whose task put the rule at stake. The 95%
# interval resamples whole tasks, as pass^k's does: a task's trials are not independent (a hard task fails again
# and again), so the tasks, not the trials, are the unit sampled. With no breach at all, the upper end is
# Wilson's for zero out of the number of tasks; near 0, the interval is the wider of the bootstrap and Wilson's, as in
# section 2 (marked `*`). A trial can break more than one rule, so the rules' counts add up to more than the number
# of trials that break any rule, the count the gate uses later.

# %%
def breach_view(v):
    t = policy_table(runs[v], tasks)
    ends = [flat_to_wilson(r["share"], r["low"], r["high"], int(r["tasks at stake"])) for _, r in t.iterrows()]
    return pd.DataFrame({"trials breaking it": t["trials breaking it"], "trials at stake": t["trials at stake"],
                         "tasks at stake": t["tasks at stake"], "share": t["share"].round(3),
                         "95% low (over tasks)": [f"{lo:.3f}" + "*" * w for _, lo, _, w in ends],
                         "95% high (over tasks)": [f"{hi:.3f}" + "*" * w for _, _, hi, w in ends]}, index=t.index)


pd.concat({v: breach_view(v) for v in ("v1", "v2")}).rename_axis(
    ["agent (simulated)", "policy (* near 0 or 1: the wider of bootstrap and Wilson over its tasks)"])

# %%
Share = namedtuple("Share", "estimate low high hits trials tasks")


def over_tasks(trials, flag):
    """Share of trials for which flag holds, with a 95% interval over tasks (the package's share_over_tasks)."""
    est, low, high, hits, n_tasks = share_over_tasks(trials, flag, n_boot=n_boot, seed=SEED)
    return Share(est, low, high, hits, len(trials), n_tasks)


FORBIDDEN = {t.intent for t in tasks if t.persuasive}   # the intents where some users press: the right answer is no


def pressed(run, persuasive):
    """Breaches on requests for something the policy forbids, with or without the user pressing; near 0 or 1 the
    interval is the wider of the bootstrap and Wilson's over the tasks (the flag, last, says so)."""
    rows = [t for t in run.trials if by_id[t.task_id].intent in FORBIDDEN and by_id[t.task_id].persuasive == persuasive]
    s = over_tasks(rows, lambda t: bool(t.violations))
    _, low, high, w = flat_to_wilson(s.estimate, s.low, s.high, s.tasks)
    return s._replace(low=low, high=high), w


pd.DataFrame({(v, who): {"tasks": s.tasks, "trials": s.trials, "broke a rule": s.hits, "share": f"{s.estimate:.3f}",
                         "95% low (over tasks)": f"{s.low:.3f}" + "*" * w,
                         "95% high (over tasks)": f"{s.high:.3f}" + "*" * w}
              for v in ("v1", "v2") for who, (s, w) in (("user presses", pressed(runs[v], True)),
                                                        ("asks plainly", pressed(runs[v], False)))}).T.astype(
    {"tasks": int, "trials": int, "broke a rule": int}).rename_axis(
    ["agent (simulated)", f"only requests for what the policy forbids ({', '.join(sorted(FORBIDDEN))}; * near 0 or 1: "
                          "the wider of bootstrap and Wilson over its tasks)"])

# %%
(press_v2, press_w), (plain_v2, plain_w) = pressed(v2_run, True), pressed(v2_run, False)


def unpaired_difference(a, b):
    """a - b for two shares measured on different tasks, with a 95% interval from their two 95% intervals
    (Newcombe's method: each side of the difference combines the matching sides of the two intervals)."""
    d = a.estimate - b.estimate
    return (d, d - math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2),
            d + math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2))


press_gap = unpaired_difference(press_v2, plain_v2)  # pressed - plain, v2, in shares of trials
press_gap_words = (f"pressed minus plain is {100 * press_gap[0]:+.0f} points (95% {100 * press_gap[1]:+.0f} to "
                   f"{100 * press_gap[2]:+.0f}, Newcombe's method on the two intervals over tasks, unpaired: the two "
                   "sets are different tasks)")
press_apart = press_gap[1] > 0


def intent_mix(persuasive):
    mix = pd.Series([t.intent for t in tasks if t.intent in FORBIDDEN and t.persuasive == persuasive]).value_counts()
    return ", ".join(f"{n} {i}" for i, n in sorted(mix.items()))


press_lead = ("" if press_w else f", a lead: a plain bootstrap over {press_v2.tasks} tasks comes out too narrow")
story.md(f"Asked for something the policy forbids, v2 breaks a rule in {press_v2.estimate:.0%} of trials when the user "
         f"presses (95% {press_v2.low:.0%} to {press_v2.high:.0%}{'*' * press_w}, {press_v2.tasks} tasks{press_lead}) and in "
         f"{plain_v2.estimate:.0%} ({plain_v2.low:.0%} to {plain_v2.high:.0%}{'*' * plain_w}, {plain_v2.tasks} tasks) "
         "when they ask plainly" + (" (`*`: the wider of bootstrap and Wilson over the tasks)" if press_w or plain_w
                                    else "") + ": "
         + press_gap_words + (": on these tasks v2's breaches are more frequent where the user presses. "
                              if press_apart else
                              ". The interval includes zero, so these few tasks do not tell the two rates apart; the "
                              "gap in the estimates is a lead for reading the trajectories, not a finding. ")
         + f"The two sets are different tasks with different mixes (pressed: {intent_mix(True)}; plain: "
         f"{intent_mix(False)}), so this says where to read the trajectories, not that pressing is what breaks the "
         "rule.")

# %%
def paired_share_diff(flag, task_ids):
    """v2 - v1 in the share of trials for which flag holds, on the same tasks: the estimate and a 95% bootstrap
    that resamples the tasks once for both agents (paired)."""
    per = {v: {i: [0, 0] for i in task_ids} for v in ("v1", "v2")}
    for v in ("v1", "v2"):
        for t in runs[v].trials:
            if t.task_id in per[v]:
                per[v][t.task_id][0] += bool(flag(t))
                per[v][t.task_id][1] += 1
    h = {v: np.array([per[v][i][0] for i in task_ids], float) for v in per}
    n = {v: np.array([per[v][i][1] for i in task_ids], float) for v in per}
    draw = np.random.default_rng(SEED).integers(0, len(task_ids), size=(n_boot, len(task_ids)))
    boots = h["v2"][draw].sum(1) / n["v2"][draw].sum(1) - h["v1"][draw].sum(1) / n["v1"][draw].sum(1)
    est = h["v2"].sum() / n["v2"].sum() - h["v1"].sum() / n["v1"].sum()
    return float(est), *(float(x) for x in np.quantile(boots, [0.025, 0.975]))


def signed(x):
    """A share difference in points with its sign, and a plain 0.0 where it rounds to zero."""
    text = f"{100 * x:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


intent_rows, wilson_cells = {}, 0
for intent in sorted({t.intent for t in tasks}):
    row = {}
    for v in ("v1", "v2"):
        s_iv = over_tasks([t for t in runs[v].trials if by_id[t.task_id].intent == intent], lambda t: t.success)
        est, low, high, w = flat_to_wilson(s_iv.estimate, s_iv.low, s_iv.high, s_iv.tasks)
        wilson_cells += w
        row.update({"tasks": s_iv.tasks, f"{v} success": f"{est:.3f}", f"{v} 95% low": f"{low:.3f}" + "*" * w,
                    f"{v} 95% high": f"{high:.3f}" + "*" * w})
    d = paired_share_diff(lambda t: t.success, [t.id for t in tasks if t.intent == intent])
    flat = d[2] - d[1] < 1e-12  # every trial came out the same for both: resampling cannot bound the difference
    row.update({"v2 - v1 (points)": signed(d[0]), "paired 95% low": "–" if flat else signed(d[1]),
                "paired 95% high": "–" if flat else signed(d[2]), "_d": d, "_flat": flat})
    intent_rows[intent] = row
by_intent = pd.DataFrame(intent_rows).T.astype({"tasks": int})
by_intent.drop(columns=["_d", "_flat"]).rename_axis(
    "intent (success per trial, 95% over tasks; * near 0 or 1: the wider of bootstrap and Wilson; simulated)")

# %%
_apart = [i for i, r in by_intent.iterrows() if not r["_flat"] and (r["_d"][1] > 0 or r["_d"][2] < 0)]
_with_iv = int((~by_intent["_flat"].astype(bool)).sum())
story.md(f"The intents hold {by_intent['tasks'].min()} to {by_intent['tasks'].max()} tasks each. v1 and v2 ran the "
         "same tasks, so the comparison is paired: the last three columns resample each intent's tasks once for "
         f"both agents. In {_with_iv - len(_apart)} of the {_with_iv} intents with an interval the paired 95% interval "
         "of v2 - v1 includes zero, so these few tasks cannot tell the two apart there"
         + (f"; in {', '.join(f'{i} (v2 ' + ('lower' if by_intent.loc[i, '_d'][2] < 0 else 'higher') + ')' for i in _apart)} "
            "it excludes zero" if _apart else "")
         + ". These paired intervals come from a plain bootstrap over an intent's few tasks, and a bootstrap over "
         "few tasks comes out narrower than the data allow, so even one that excludes zero is a lead. (The "
         "single-agent rates are widened for a different reason: near 0 or 1 a bootstrap runs narrow, so there the "
         "wider of it and Wilson's is shown.) Read these rates as where to look in the trajectories, not as verdicts on an intent."
         + (" Where the estimate is near 0 or 1 (`*`), the wider of the bootstrap and Wilson's over the intent's "
            "tasks is shown." if wilson_cells else "")
         + (f" In {', '.join(i for i, r in by_intent.iterrows() if r['_flat'])} every trial succeeded for both "
            "agents, so no paired interval is shown (–): there is no difference to bound, only too few tasks to "
            "rule one out." if by_intent["_flat"].any() else ""))

# %% [markdown]
# The calls each agent made to each tool in all its trials: `refused` counts calls the back office answered with an
# error, `broke a policy` those that went through while breaking a rule (the back office trusts its agent).

# %%
pd.concat({v: tool_table(runs[v]) for v in ("v1", "v2")}, axis=1).rename_axis("tool (calls in all trials, simulated)")

# %% [markdown]
# **Failure kinds a business can see.** Every failed trial is sorted by what its trajectory shows (not by the
# simulator's hidden causes), with one exception: whether the user pressed is read from the label the simulator
# stores on each task, as in the table of pressed and plain requests above. That is perfect labelling, like the
# split's perfect routing in section 5; a business would have to label pressing from the message text, with errors
# of its own. The kinds: a rule broken for a user who pressed, a rule broken on any task where the user did
# not press (whatever it asked for: more tasks than the plain requests for forbidden things counted above, so this
# count can be larger), a change to
# an order the customer did not name, a loop cut off by the call limit, a give-up (no change made and the job not
# claimed done: a refusal, a hand-over or "cannot find that order", so the customer writes in again), and whatever
# is left: a wrong change to the named order or a wrong answer, claimed done. Each kind is priced with the cost
# assumptions in the parameters cell.

# %%
KINDS = {"breach_pressed": "broke a rule for a user who pressed",
         "breach_plain": "broke a rule where the user did not press",
         "wrong_order": "changed an order the customer did not name",
         "loop": "looped until the call limit cut it off",
         "gave_up": "gave up: changed nothing and did not claim the job done; the customer writes in again",
         "wrong_result": "changed the named order wrongly, or answered wrongly, and claimed it done"}
KIND_COST = {"breach_pressed": COST_WRONG_CHANGE, "breach_plain": COST_WRONG_CHANGE,
             "wrong_order": COST_WRONG_CHANGE, "loop": HUMAN_COST_PER_REQUEST, "gave_up": HUMAN_COST_PER_REQUEST,
             "wrong_result": COST_WRONG_CHANGE}
WRITES = ("refund_order", "change_address", "cancel_order")


def failure_kind(t):
    if t.success:
        return None
    task_t = by_id[t.task_id]
    if t.violations:
        return "breach_pressed" if task_t.persuasive else "breach_plain"
    if t.cut:
        return "loop"
    changed = {c["arguments"].get("order_id") for c in t.calls if c["name"] in WRITES}
    if changed - set(task_t.expected_changes):
        return "wrong_order"
    if not changed and not t.final.startswith("Done"):  # what the code can check of a give-up
        return "gave_up"
    return "wrong_result"  # the rest is priced as a wrong change, not as a give-up


def kind_table(v):
    """Each kind's share of trials with its 95% interval over tasks, as in section 2: where the estimate is near 0
    or 1, the wider of the bootstrap and Wilson's over the tasks (a kind never seen gets Wilson's upper end)."""
    rows = []
    for k, words in KINDS.items():
        iv = over_tasks(runs[v].trials, lambda t, k=k: failure_kind(t) == k)
        _, low, high, w = flat_to_wilson(iv.estimate, iv.low, iv.high, iv.tasks)
        rows.append({"kind": k, "what the trajectory shows": words, "trials": iv.hits, "share of trials": iv.estimate,
                     "95% low": low, "95% high": high,
                     "95% interval": "wider of bootstrap and Wilson" if w else "bootstrap",
                     "assumed cost each ($)": KIND_COST[k],
                     "cost per 1,000 requests ($)": 1000 * iv.estimate * KIND_COST[k],
                     "95% low ($)": 1000 * low * KIND_COST[k], "95% high ($)": 1000 * high * KIND_COST[k]})
    return pd.DataFrame(rows).set_index("kind")


kinds_v2 = kind_table("v2")


def kind_pairs(v):
    """For every two kinds a and b seen at least once, a 95% bootstrap over tasks of a's cost minus b's per 1,000
    requests. The kinds share the run's trials, so both are priced on the same resampled tasks (paired). Like the
    single-kind bootstrap, it comes out narrow near zero, so exercise 2 also counts two kinds as not told apart when
    their widened intervals in the table overlap. A kind with no trial at all is left out: its side of every resample
    is 0, so the interval would only restate the other kind's own, not a difference (its 95% upper end over tasks,
    in the table, is what bounds it)."""
    task_ids = sorted({t.task_id for t in runs[v].trials})
    per = {k: np.zeros(len(task_ids)) for k in KINDS}
    n_per = np.zeros(len(task_ids))
    where = {i: j for j, i in enumerate(task_ids)}
    for t in runs[v].trials:
        n_per[where[t.task_id]] += 1
        kind = failure_kind(t)
        if kind:
            per[kind][where[t.task_id]] += 1
    draw = np.random.default_rng(SEED).integers(0, len(task_ids), size=(n_boot, len(task_ids)))
    cost = {k: 1000 * KIND_COST[k] * per[k][draw].sum(1) / n_per[draw].sum(1) for k in KINDS}
    seen = [k for k in KINDS if per[k].sum() > 0]
    return {(a, b): tuple(float(x) for x in np.quantile(cost[a] - cost[b], [0.025, 0.975]))
            for a in seen for b in seen if a != b}


pairs_v2 = kind_pairs("v2")
kinds_v2[["what the trajectory shows", "trials", "share of trials", "95% low", "95% high", "95% interval",
          "assumed cost each ($)"]].round(3).rename_axis(
    f"failure kind (v2, {len(v2_run.trials)} simulated trials; 95% over tasks, the wider of bootstrap and Wilson "
    f"where the estimate is within {100 * wilson_share(0.0, n_tasks_all)[1]:.1f} points of 0; breach_plain: every "
    "task where the user did not press, not only the forbidden requests above)")

# %% [markdown]
# ### Exercise 2 · What to fix first

# %%
q2 = nb13.fix_first(kinds=KINDS, counts=kinds_v2["trials"].to_dict(), n_trials=len(v2_run.trials), cost=KIND_COST,
                    shares={k: tuple(kinds_v2.loc[k, ["share of trials", "95% low", "95% high"]]) for k in KINDS},
                    paired=pairs_v2)
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
expected = 1000 * kinds_v2["share of trials"] * kinds_v2["assumed cost each ($)"]  # dollars per 1,000 requests
band_low = 1000 * kinds_v2["95% low"] * kinds_v2["assumed cost each ($)"]
band_high = 1000 * kinds_v2["95% high"] * kinds_v2["assumed cost each ($)"]
print(pd.DataFrame({"expected": expected, "95% low": band_low, "95% high": band_high}).round(0))
q2_answer = expected.idxmax()  # the most costly kind, not the most frequent
print({k: tuple(round(x) for x in pairs_v2[(q2_answer, k)]) if (q2_answer, k) in pairs_v2 else  # paired: ties
       f"no trial of this kind: bounded by its own 95% upper end, ${band_high[k]:,.0f}" for k in KINDS if k != q2_answer})
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
_cheap = kinds_v2["95% high ($)"].idxmin()
_top = kinds_v2["cost per 1,000 requests ($)"].idxmax()
assert not q2.check(_cheap) or _cheap == _top or pairs_v2[(_top, _cheap)][0] <= 0 or (
    kinds_v2.loc[_cheap, "95% high ($)"] >= kinds_v2.loc[_top, "95% low ($)"])
assert all(not q2.check(k) for k in KINDS if kinds_v2.loc[k, "trials"] == 0)  # nothing seen: nothing to fix first
assert q2.check(____).correct is None

# %% [markdown]
# Each kind priced: its share of trials times what one costs, per 1,000 requests, if live requests came in the task
# set's mix.

# %%
kinds_v2[["trials", "assumed cost each ($)", "cost per 1,000 requests ($)", "95% low ($)", "95% high ($)"]].round(
    0).rename_axis("failure kind (v2, simulated; 95% over tasks, widened near 0 as above; assumed costs)")

# %% [markdown]
# ## 4 · Which k the business needs
#
# pass^k depends on k, so the gate's k is a business choice. It follows from how customers use support (how often a
# customer brings the same request, over what period the business judges its support), not from where the numbers
# look good.

# %% [markdown]
# ### Exercise 3 · Which k does the business need?

# %%
q3 = nb13.business_k(days_between=DAYS_BETWEEN_REQUESTS, trials=n_trials, horizon_days=QUARTER_DAYS,
                     person_cost=HUMAN_COST_PER_REQUEST, wrong_cost=COST_WRONG_CHANGE)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
visits_by_hand = round(QUARTER_DAYS / DAYS_BETWEEN_REQUESTS)  # requests a returning customer brings in a quarter
q3_answer = f"pass^{visits_by_hand}"  # one wrong answer loses the customer: every one of them must go right
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
_k = round(QUARTER_DAYS / DAYS_BETWEEN_REQUESTS)
assert q3.check(f"pass^{_k}") and not q3.check("pass^1") and not q3.check(f"pass@{_k}")
assert q3.check(____).correct is None

# %%
visits = round(QUARTER_DAYS / DAYS_BETWEEN_REQUESTS)  # requests a returning customer brings in a quarter (assumed)
K = nb13.k_of(q3_answer) if q3.check(q3_answer).correct else min(visits, n_trials)
story.md(f"The gate below holds the agents to **pass^{K}**" + (" (your answer to exercise 3: a different accepted k "
                                                                "changes every line below, against the same bar)."
                                                                if q3.check(q3_answer).correct else
                                                                " (from `DAYS_BETWEEN_REQUESTS`; answer exercise 3 "
                                                                "to set your own)."))
clean_tasks = next(n for n in range(1, 100_000) if wilson_interval(0, n).high <= MAX_BREACH_RATE)
story.md(f"**Tasks the breach line needs, whatever the run.** The breach line asks the 95% upper end of the share of trials "
         f"breaking a rule to fall within {MAX_BREACH_RATE:.0%}: with zero breaches that takes at least "
         f"{clean_tasks:,} tasks (Wilson's upper end over tasks; {len(tasks)} clean tasks still give "
         f"{wilson_interval(0, len(tasks)).high:.1%}), so this {len(tasks)}-task set cannot return GO on that line, "
         "whatever the agent does. The pass^k and margin lines need a number of tasks that depends on how much tasks "
         "differ, which only a run shows: the gate's result column sizes them from this run's spread between tasks, "
         "for a true gap of `MIN_GAP` from the line.")

# %% [markdown]
# ## 5 · The release gate
#
# v2 against v1 on the same tasks, paired task by task (each task's pass^k difference, bootstrapped over
# tasks), and four lines decided on 95% intervals: pass^k clears the bar, the share of trials that break any rule
# stays within `MAX_BREACH_RATE` (the upper end of its interval over tasks decides, so zero breaches on few tasks
# is not yet a pass, however many trials each had), model spend per successful task stays within budget (at your
# assumed cost per step), and v2 trails v1 by at most the margin. A line left open says how many tasks would
# settle it if the true value sat `MIN_GAP` (the smallest gap worth detecting, set before the test) from the line,
# with this run's spread between tasks.

# %%
paired = pd.DataFrame([compare_agents(v1_run, v2_run, k=k, n_boot=n_boot, seed=SEED) for k in sorted({1, K, n_trials})])
paired["difference (points)"] = 100 * paired["difference"]
paired["95% low"] = 100 * paired["low"]
paired["95% high"] = 100 * paired["high"]
paired.set_index("k")[["difference (points)", "95% low", "95% high", "tasks"]].round(1).rename_axis(
    "k (v2 - v1 in pass^k, paired, simulated)")

# %%
Z_PLAN = 1.96 + 0.84  # a 95% two-sided interval that clears the line 80% of the time when the gap is MIN_GAP
ids = list(v2_run.successes())
hat_v2 = np.array([pass_hat_k(n_trials, v2_run.successes()[i], K) for i in ids])
hat_v1 = np.array([pass_hat_k(n_trials, v1_run.successes()[i], K) for i in ids])
plan_level = math.ceil((Z_PLAN * hat_v2.std(ddof=1) / MIN_GAP) ** 2)            # tasks, not trials
plan_margin = math.ceil((Z_PLAN * (hat_v2 - hat_v1).std(ddof=1) / MIN_GAP) ** 2)
spread_words = (f"with {n_trials} trials each and the spread between tasks seen here; this run has {len(ids)} tasks, "
                "so the rest must be written")


settle = {
    "pass_hat_k": (f"about {plan_level:,} tasks in all to tell a true pass^{K} {100 * MIN_GAP:.0f} points from the "
                   f"{MIN_PASS_HAT_K:.0%} bar (95% interval, sized for 80% power to see a {100 * MIN_GAP:.0f}-point gap), "
                   f"{spread_words}"),
    "margin": (f"about {plan_margin:,} tasks in all, paired, to tell a true difference {100 * MIN_GAP:.0f} points "
               f"from the {100 * MARGIN:.0f}-point margin (95% interval, sized for 80% power to see a "
               f"{100 * MIN_GAP:.0f}-point gap), {spread_words}"),
    "breach": (f"fewer breaches, and at least {clean_tasks:,} tasks: with none at all on {len(ids)} tasks the upper "
               f"end is still {wilson_interval(0, len(ids)).high:.1%}"),
}
release = agent_release_gate(v2_run, v1_run, k=K, min_pass_hat_k=MIN_PASS_HAT_K, max_violation_rate=MAX_BREACH_RATE,
                             max_cost_per_success=MAX_COST_PER_SUCCESS, margin=MARGIN, n_boot=n_boot, seed=SEED,
                             settle=settle)
def breach_share(run):
    """Share of trials breaking a rule, 95% over tasks; near 0 or 1, the wider of bootstrap and Wilson (flag last)."""
    iv = over_tasks(run.trials, lambda t: bool(t.violations))
    _, low, high, w = flat_to_wilson(iv.estimate, iv.low, iv.high, iv.tasks)
    return iv._replace(low=low, high=high), w


def same_rule(c):
    """A gate line shown with the notebook's own rules: the model spend is assumed (say so), and a breach share near 0
    gets the same wider interval as in the tables (the gate decides on it)."""
    if c.name.startswith("Cost per successful task"):
        return replace(c, name="Cost per successful task ($, from the assumed cost per step)", evidence=(
            f"all trials' model spend over the successes, at the assumed ${COST_PER_STEP_V2:.3f} a step "
            "(COST_PER_STEP_V2; the scripted agent has no bill); the 95% bootstrap over tasks covers only how many "
            "steps the sampled tasks took, not the price"))
    if "not worse than" in c.name:  # a difference of shares: say its unit
        return replace(c, value=f"{c.value} points", interval=f"{c.interval} points", condition=f"{c.condition} points")
    iv, w = breach_share(v2_run)
    if c.name.startswith("Trials that break") and w and iv.hits:
        return criterion(c.name, iv.estimate, "<=", MAX_BREACH_RATE, interval=(iv.low, iv.high), n=iv.tasks,
                         fmt="{:.1%}", settle=settle["breach"], evidence=(
                             f"{iv.hits} of {iv.trials} trials on {iv.tasks} tasks; 95%: the estimate is near 0, so "
                             "the wider of the bootstrap and Wilson's over the tasks"))
    return c


release = Gate(release.title, [same_rule(c) for c in release.criteria])
release.record()  # shown once, here, and recorded for the course index and the write-up

# %% [markdown]
# **The options on the same lines.** The incumbent v1; the trivial alternatives, the agent that hands every request
# over (the agent alone, as scored here: nobody resolves the requests) and a person handling every request; and a
# split: people handle the requests that put a policy rule at stake, and v1, the incumbent, keeps answering the rest (status questions; v2 has not passed the gate),
# scored on those tasks. The simulation has no people, so what people do is an assumption,
# not a number from this run: they cost `HUMAN_COST_PER_REQUEST` a request and get `PEOPLE_ERROR_RATE` of their
# cases wrong (its low and high ends), each priced as a wrong change, as v2's are. Which requests put a rule at
# stake is read here from a label the simulator stores on each task: the split assumes perfect routing, which no
# live system has; a router that sorts live requests would have to be built and measured. Cost per 1,000 requests
# adds each failure at your assumed prices to the model spend and the people's time, with a 95% bootstrap over
# tasks, as if live requests came in the task set's mix. It follows each customer through the `K` requests of a
# quarter (the gate's k), as exercise 3 does: after an agent's wrong answer, that customer's later requests go to a person at
# `HUMAN_COST_PER_REQUEST` each instead of to the agent. Where an agent fails often, that lowers its cost, since a
# person then takes the place of its costlier failures; the trust lost with the customer is not priced. The failure
# kinds in section 3 price each request alone.

# %%
def breach_cell(iv, wide=False):
    """Breaches in trials, on how many tasks, and the 95% interval over tasks (Wilson's when there is none; the
    wider of bootstrap and Wilson when the estimate is near 0)."""
    how = ("Wilson over tasks" if iv.hits == 0 else "the wider of bootstrap and Wilson over tasks" if wide else
           "over tasks")
    return f"{iv.hits} in {iv.trials} trials on {iv.tasks} tasks: {iv.estimate:.1%} (95% {how} {iv.low:.1%} to {iv.high:.1%})"


def lines_of(run):
    r = reliability(run, [K], n_boot=n_boot, seed=SEED).loc[K]
    iv, w = breach_share(run)
    return {f"pass^{K}": f"{r['pass^k']:.1%} ({r['pass^k low']:.1%} to {r['pass^k high']:.1%})",
            "trials breaking a rule": breach_cell(iv, w)}, iv


ERR_LO, ERR_HI = PEOPLE_ERROR_RATE


def person_cost(err):
    """Dollars for a person to handle one request, with err of the cases wrong, each priced as a wrong change."""
    return HUMAN_COST_PER_REQUEST + err * COST_WRONG_CHANGE


def task_costs(run, to_people=frozenset(), people_err=0.0):
    """Dollars per 1,000 requests for each task (in the order of ids), for customers who bring it K times a quarter:
    a person's assumed cost (with people_err of the cases wrong) for each task in to_people; otherwise, as in exercise
    3, the agent serves a customer's j-th request only if it got all j - 1 before right (chance pass^(j-1) of the
    task), at its mean cost per trial (failures at the assumed prices plus model spend), and after a wrong answer a
    person handles the later requests at HUMAN_COST_PER_REQUEST each."""
    agent, wins = {}, {}
    for t in run.trials:
        kind = failure_kind(t)
        agent.setdefault(t.task_id, []).append((KIND_COST[kind] if kind else 0.0) + t.cost)
        wins[t.task_id] = wins.get(t.task_id, 0) + t.success
    per_task = []
    for i in ids:
        if i in to_people:
            per_task.append(person_cost(people_err))
            continue
        n_i, a_i = len(agent[i]), float(np.mean(agent[i]))
        served = [math.comb(wins[i], j) / math.comb(n_i, j) for j in range(K)]  # pass^j of the task, j = 0..K-1
        per_task.append(np.mean([h * a_i + (1 - h) * HUMAN_COST_PER_REQUEST for h in served]))
    return np.array(per_task) * 1000


cost_pick = np.random.default_rng(SEED).integers(0, len(ids), size=(n_boot, len(ids)))  # the same tasks for every option


def cost_iv(values):
    """Mean over tasks with a 95% bootstrap over tasks; every option resamples the same tasks, so a difference of
    two options' values is paired."""
    boots = values[cost_pick].mean(axis=1)
    return float(values.mean()), float(np.quantile(boots, 0.025)), float(np.quantile(boots, 0.975))


def money(m):
    return "{:,.0f} ({:,.0f} to {:,.0f})".format(*m)


at_stake = frozenset(t.id for t in tasks if t.policies)          # a policy rule is at stake: people handle these
kept = [t for t in v1_run.trials if t.task_id not in at_stake]    # v1, the incumbent, keeps answering the rest
costs = {"v1": task_costs(v1_run), "v2": task_costs(v2_run),
         "split_lo": task_costs(v1_run, at_stake, ERR_LO), "split_hi": task_costs(v1_run, at_stake, ERR_HI)}
money_1000 = {v: cost_iv(c) for v, c in costs.items()}
cost_diff = {v: cost_iv(costs["v2"] - costs[v]) for v in ("v1", "split_lo", "split_hi")}   # v2 - option, paired
person_1000 = (1000 * person_cost(ERR_LO), 1000 * person_cost(ERR_HI))  # assumed prices, not measured


def side_of_zero(d):
    return "cheaper" if d[2] < 0 else "dearer" if d[1] > 0 else "not apart"


def split_cost_words():
    """The split's cost at both ends of people's assumed error rate, and v2 - the split, paired by task."""
    lo, hi, d_lo, d_hi = money_1000["split_lo"], money_1000["split_hi"], cost_diff["split_lo"], cost_diff["split_hi"]
    sides = {side_of_zero(d_lo), side_of_zero(d_hi)}
    words = {"cheaper": "v2 is cheaper than the split", "dearer": "v2 costs more than the split",
             "not apart": "this run cannot tell v2 from the split in cost"}
    cmp = (f"{words[sides.pop()]} at both ends" if len(sides) == 1 else
           f"{words[side_of_zero(d_lo)]} at {ERR_LO:.0%} and {words[side_of_zero(d_hi)].replace('v2 ', 'it ', 1)} at "
           f"{ERR_HI:.0%}")
    fm = story.format_money
    return (f"the split costs about ${lo[0]:,.0f} per 1,000 requests (95% ${lo[1]:,.0f} to ${lo[2]:,.0f}) if people "
            f"get {ERR_LO:.0%} of their cases wrong and ${hi[0]:,.0f} (${hi[1]:,.0f} to ${hi[2]:,.0f}) at "
            f"{ERR_HI:.0%}, each wrong case priced as a wrong change; these intervals cover only the measured part "
            "(which tasks were sampled and v1's trials), not people's assumed error rate. v2 - the split is "
            f"{fm(d_lo[0])} (95% paired bootstrap over tasks {fm(d_lo[1])} to {fm(d_lo[2])}) at {ERR_LO:.0%} and "
            f"{fm(d_hi[0])} ({fm(d_hi[1])} to {fm(d_hi[2])}) at {ERR_HI:.0%}: {cmp}")
v1_lines, v1_breach = lines_of(v1_run)
v2_lines, v2_breach = lines_of(v2_run)
hand_lines, hand_breach = lines_of(hand_run)
kept_breach = over_tasks(kept, lambda t: bool(t.violations))
_, _kept_low, _kept_high, kept_w = flat_to_wilson(kept_breach.estimate, kept_breach.low, kept_breach.high,
                                                  kept_breach.tasks)
kept_breach = kept_breach._replace(low=_kept_low, high=_kept_high)
kept_hat = np.array([pass_hat_k(n_trials, v1_run.successes()[i], K) for i in v1_run.successes() if i not in at_stake])
kept_boot = kept_hat[np.random.default_rng(SEED).integers(0, len(kept_hat), size=(n_boot, len(kept_hat)))].mean(axis=1)
kept_k = (float(kept_hat.mean()), *np.quantile(kept_boot, [0.025, 0.975]))
kept_clears = kept_breach.high <= MAX_BREACH_RATE
kept_pass = "clears" if kept_k[1] >= MIN_PASS_HAT_K else ("misses" if kept_k[2] < MIN_PASS_HAT_K else "straddles")
kept_breach_side = "within" if kept_clears else ("above" if kept_breach.low > MAX_BREACH_RATE else "straddles")
kept_plan = max(len(kept_hat), math.ceil((Z_PLAN * kept_hat.std(ddof=1) / MIN_GAP) ** 2))
kept_open = []                                                   # what settles the split's agent part
if not kept_clears:
    kept_open.append(f"at least {clean_tasks:,} such tasks with no breach at all for the breach line")
if kept_pass == "straddles":
    kept_open.append(f"about {kept_plan:,} such tasks for pass^{K} ({100 * MIN_GAP:.0f} points from the bar, 95% "
                     f"interval, 80% power; a lead, sized from the spread of only {len(kept_hat)} tasks)")
kept_words = (f"v1 answers the other {kept_breach.tasks} tasks (status questions) with pass^{K} {kept_k[0]:.1%} (95% "
              f"{kept_k[1]:.1%} to {kept_k[2]:.1%}; a lead: a plain bootstrap over {len(kept_hat)} tasks comes out "
              "too narrow), whose interval "
              + {"clears": "clears", "misses": "falls short of", "straddles": "straddles"}[kept_pass]
              + f" the {MIN_PASS_HAT_K:.0%} bar, and breaks a rule in {kept_breach.hits} of its {kept_breach.trials} "
              f"trials on those {kept_breach.tasks} tasks, with a 95% upper end of {kept_breach.high:.1%} "
              f"({'Wilson' if kept_breach.hits == 0 else 'the wider of bootstrap and Wilson' if kept_w else 'bootstrap'} over the {kept_breach.tasks} tasks), "
              + {"within": "within", "above": "wholly above", "straddles": "above"}[kept_breach_side]
              + f" the {MAX_BREACH_RATE:.0%} line")
settle_kept = ("" if not kept_open else "whether v1 may answer those requests alone is NOT YET settled; settling it "
               "takes " + " and ".join(kept_open))
audit_fail = next(b for b in range(1, clean_tasks + 1)   # breaches in the audit that put people over the line
                  if wilson_interval(b, clean_tasks).low > MAX_BREACH_RATE)
audit_need = f"at least {clean_tasks:,} audited cases with no breach to show a breach rate within the {MAX_BREACH_RATE:.0%} line"
audit_words = f"people's part is assumed, not measured, and an audit of their cases settles it ({audit_need})"
routing_words = ("the routing is assumed perfect: which requests put a rule at stake is read from the simulator's "
                 "label on each task, and a router that sorts live requests must be built and its misroutes measured")
share_handed = len(at_stake) / len(tasks)
handed_words = (f"{len(at_stake)} of the {len(tasks)} simulated tasks, {share_handed:.0%} (the share of live "
                "requests is not known)")
for v, lines in (("v1", v1_lines), ("v2", v2_lines)):
    lines["requests handed to people"] = "none by design"
    lines["cost per 1,000 requests ($)"] = money(money_1000[v])
hand_lines["requests handed to people"] = "all handed over, none resolved"
hand_lines["cost per 1,000 requests ($)"] = (f"{1000 * np.mean([t.cost for t in hand_run.trials]):,.0f} in model "
                                             "spend; its failures are not priced, as nobody resolves them")
err_words = f"assumed to get {ERR_LO:.0%} to {ERR_HI:.0%} of cases wrong"
person = {f"pass^{K}": f"not measured (people {err_words})", "trials breaking a rule": "not measured",
          "requests handed to people": "all",
          "cost per 1,000 requests ($)": f"{person_1000[0]:,.0f} to {person_1000[1]:,.0f} (assumed)"}
split = {f"pass^{K}": (f"v1 on the rest {kept_k[0]:.1%} ({kept_k[1]:.1%} to {kept_k[2]:.1%}; a lead: plain bootstrap "
                      f"over {len(kept_hat)} tasks); people {err_words}, not measured"),
         "trials breaking a rule": f"v1 on the rest {breach_cell(kept_breach, kept_w)}; people not measured",
         "requests handed to people": (f"{len(at_stake)} of {len(tasks)} tasks ({share_handed:.0%}), routed by the "
                                       "simulator's label (perfect routing assumed)"),
         "cost per 1,000 requests ($)": (f"{money(money_1000['split_lo'])} at {ERR_LO:.0%} people's errors; "
                                         f"{money(money_1000['split_hi'])} at {ERR_HI:.0%}")}
pd.DataFrame({"v2 (candidate)": v2_lines, "v1 (incumbent)": v1_lines, "agent hands every request over, alone (nobody resolves the requests)": hand_lines,
              "a person handles every request": person, "people where a rule is at stake, v1 the rest": split}
             ).T.rename_axis("option (95% intervals over tasks; simulated, costs assumed)")

# %%
def broke_per_task(run):
    per = {}
    for t in run.trials:
        per.setdefault(t.task_id, []).append(bool(t.violations))
    return np.array([sum(per[i]) for i in ids], dtype=float), np.array([len(per[i]) for i in ids], dtype=float)


(b2, n2), (b1, n1) = broke_per_task(v2_run), broke_per_task(v1_run)
pick = np.random.default_rng(SEED).integers(0, len(ids), size=(n_boot, len(ids)))  # the same tasks for both agents
diff_boot = b2[pick].sum(axis=1) / n2[pick].sum(axis=1) - b1[pick].sum(axis=1) / n1[pick].sum(axis=1)
breach_boot = (v2_breach.estimate - v1_breach.estimate, *np.quantile(diff_boot, [0.025, 0.975]))
v2_wide = breach_share(v2_run)[1]   # v2's own share near 0: its interval is widened
# a bootstrap runs narrow near 0, so the difference gets the notebook's rule too: end by end, the wider of the
# paired bootstrap and Newcombe's interval built from the two agents' own 95% intervals (Wilson-widened near 0;
# Newcombe's ignores the pairing, so it does not run narrow for it)
breach_newc = unpaired_difference(v2_breach, v1_breach)
breach_diff = (breach_boot[0], min(breach_boot[1], breach_newc[1]), max(breach_boot[2], breach_newc[2]))
BREACH_HOW = "the wider of a paired bootstrap over tasks and Newcombe's from the two agents' intervals"
near_zero_short = near_zero_words = f"; {BREACH_HOW}"
fewer_v2, more_v2 = int((b2 < b1).sum()), int((b2 > b1).sum())  # tasks where v2 broke fewer / more rules than v1
sign_p = binomtest(fewer_v2, fewer_v2 + more_v2, 0.5).pvalue
sign_words = (f"As a check that rests on neither interval: on the {fewer_v2 + more_v2} tasks where the two agents' "
              f"breach counts differ, v2 breaks fewer rules on {fewer_v2} and more on {more_v2} (exact sign test, "
              + ("two-sided p < 0.001)." if sign_p < 0.001 else f"two-sided p = {sign_p:.3f})."))
sign_short = (f"v2 breaks fewer rules on {fewer_v2} of the {fewer_v2 + more_v2} tasks where the two differ (exact "
              "sign test, " + ("p < 0.001)" if sign_p < 0.001 else f"p = {sign_p:.3f})"))
sign_shows = fewer_v2 > more_v2 and sign_p < 0.05     # the sign test over tasks shows the direction
boot_words = f"paired bootstrap alone {100 * breach_boot[1]:+.1f} to {100 * breach_boot[2]:+.1f}"
breach_read = ("v2 breaks fewer rules than v1" if breach_diff[2] < 0 else
               "v2 breaks fewer rules than v1 (sign test over tasks); by how much is open" if sign_shows else
               "this run does not tell v1 and v2 apart in breaches")
open_size = "; by how much is open" if sign_shows and breach_diff[2] >= 0 else ""
COST_RULE = "cost is not a share near 0, so the near-zero widening does not apply"
def iv_text(est, low, high, fmt="{:.1%}"):
    return f"{fmt.format(est)} (95% {fmt.format(low)} to {fmt.format(high)})"


pass_diff = tuple(float(x) for x in paired.set_index("k").loc[K, ["difference", "low", "high"]])  # v2 - v1, pass^K
fm = story.format_money
regress = [(i, r["_d"]) for i, r in by_intent.iterrows() if not r["_flat"] and (r["_d"][2] < 0 or r["_d"][1] > 0)]
lead_words = ("" if not regress else "leads, not verdicts (a plain paired bootstrap over so few tasks comes out "
              "too narrow): " + "; ".join(
    f"on {i} ({by_intent.loc[i, 'tasks']} tasks) v2 - v1 is {signed(d[0])} points of success (paired 95% "
    f"{signed(d[1])} to {signed(d[2])})" for i, d in regress)
    + f"; {len(regress)} of the {_with_iv} intents compared have an interval that excludes zero, with no allowance "
      f"for comparing {_with_iv}")
hand_passed = [t for t in tasks if hand_run.successes()[t.id] == n_trials]   # every trial right
hand_passed_words = ", ".join(f"{i} {n}" for i, n in sorted(Counter(t.intent for t in hand_passed).items()))
n_status = sum(t.intent == "status" for t in tasks)
people_cost_words = (f"${person_1000[0]:,.0f} to ${person_1000[1]:,.0f} per 1,000 requests at the assumed prices "
                     f"(people wrong in {ERR_LO:.0%} to {ERR_HI:.0%} of cases, not measured), against v2's "
                     f"${money_1000['v2'][0]:,.0f} (95% ${money_1000['v2'][1]:,.0f} to ${money_1000['v2'][2]:,.0f}) "
                     f"and v1's ${money_1000['v1'][0]:,.0f} (${money_1000['v1'][1]:,.0f} to "
                     f"${money_1000['v1'][2]:,.0f})")
story.md("What the call turns on (simulated tasks, 95% intervals over tasks, prices assumed):\n\n"
         f"- **Breach line ({MAX_BREACH_RATE:.0%})**: v2 breaks a rule in {iv_text(*v2_breach[:3])} of trials, v1, "
         f"the incumbent, in {iv_text(*v1_breach[:3])}; "
         + (f"both lower ends sit above {MAX_BREACH_RATE:.0%}." if min(v1_breach.low, v2_breach.low) > MAX_BREACH_RATE
            else "see the table above.")
         + f"\n- **v2 against v1, paired on the same tasks**: {100 * breach_diff[0]:+.1f} points in trials breaking a "
         f"rule ({100 * breach_diff[1]:+.1f} to {100 * breach_diff[2]:+.1f}{near_zero_words}; {boot_words}), "
         f"{100 * pass_diff[0]:+.1f} points in "
         f"pass^{K} ({100 * pass_diff[1]:+.1f} to {100 * pass_diff[2]:+.1f}), {fm(cost_diff['v1'][0])} per 1,000 "
         f"requests ({fm(cost_diff['v1'][1])} to {fm(cost_diff['v1'][2])}, paired bootstrap: {COST_RULE}). "
         f"{sign_words} So {breach_read}."
         f"\n- **The release gate for v2** says {release.verdict}."
         f"\n- **A person handles every request**: {people_cost_words}. People's breach rate is not measured; "
         f"if their assumed errors ({ERR_LO:.0%} to {ERR_HI:.0%} of cases) broke rules, nothing here would show "
         f"that rate under the {MAX_BREACH_RATE:.0%} line."
         f"\n- **The agent that hands everything over**, alone (nobody resolves the requests), breaks nothing and "
         f"passes {hand_rel.loc[K, 'pass^k']:.0%} of tasks at pass^{K}: the {len(hand_passed)} of {len(tasks)} "
         f"tasks where the right outcome is to change nothing and give no answer ({hand_passed_words}); it fails "
         f"the {n_status} status questions, which change nothing too but need an answer."
         f"\n- **The split**: its router is not built, people's error and breach rates are assumed, and v1's part "
         f"breaks a rule with a 95% upper end of {kept_breach.high:.1%} on its {kept_breach.tasks} tasks; "
         f"{split_cost_words()}.")

# %% [markdown]
# ### Exercise 4 · Ship v2, keep v1, or not yet?

# %%
q4 = nb13.ship_call(gate=release, incumbent_breach=(v1_breach.estimate, v1_breach.low, v1_breach.high),
                    max_breach_rate=MAX_BREACH_RATE, paired_breach=breach_diff, paired_pass=pass_diff,
                    paired_cost=cost_diff["v1"], k=K, leads=lead_words, people_cost=people_cost_words,
                    sign_test=(fewer_v2, more_v2, sign_p))
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
if release.verdict == "GO":
    q4_answer = "ship"
elif release.verdict == "NOT YET":
    q4_answer = "not_yet"
elif v1_breach.high <= MAX_BREACH_RATE:  # v2 fails a line wholly, and v1 keeps the line it misses
    q4_answer = "keep"
else:  # no option is shown to clear the lines: people's rate is unmeasured, and the task set is too small to show it
    q4_answer = "not_yet"  # settle people's rate and the task count each line needs; meanwhile, the owner's call
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check("ship") or release.verdict == "GO"
assert q4.check(____).correct is None

# %%
verdict = release.verdict
failed_lines = ", ".join(f"`{n}`" for n in release.failed) or "none"
open_lines = ", ".join(f"`{n}`" for n in release.inconclusive) or "none"
zero_upper = wilson_interval(0, len(tasks)).high
story.md(f"**{verdict}** for v2 at pass^{K} (simulated tasks). Failed lines: {failed_lines}. Open lines: "
         f"{open_lines}. What would settle it: a breach line is settled by fewer breaches, not by more trials of the "
         f"same tasks. Even a version with no breach at all on these {len(tasks)} tasks would have a 95% upper end of "
         f"{zero_upper:.1%}, " + ("within" if zero_upper <= MAX_BREACH_RATE else "still above") + f" the "
         f"{MAX_BREACH_RATE:.0%} line: showing a clean version clean takes at least {clean_tasks:,} tasks. An open "
         f"pass^k or margin line needs more tasks too: the gate's result column sizes them for a true gap of "
         f"`MIN_GAP` ({100 * MIN_GAP:.0f} points) from the line.")

# %% [markdown]
# ## 6 · A real agent
#
# The same harness runs a real model behind an OpenAI-compatible chat endpoint with tool calls. The model gets the
# policy as its system message, the task's message as the user's, and the tools' JSON schemas; every call runs in
# a fresh copy of the store and is scored the same way. Not run here (no network while the notebook builds):
#
# ```python
# from aipm_kit.agents.chat import ChatAgent
# from aipm_kit.evals.endpoint import OpenAIChat
#
# model = ChatAgent(OpenAIChat("http://127.0.0.1:8000/v1", "my-model"))
# real = run_agent(model, tasks, world, trials=TRIALS)
# reliability(real, [K])                                  # K: the k you defended in exercise 3
# live_v1 = run_agent(ChatAgent(OpenAIChat("http://127.0.0.1:8000/v1", "v1-model")), tasks, world, trials=TRIALS)
# agent_release_gate(real, live_v1, k=K, min_pass_hat_k=MIN_PASS_HAT_K,   # real against real, not the scripted v1
#                    max_violation_rate=MAX_BREACH_RATE, max_cost_per_success=MAX_COST_PER_SUCCESS, margin=MARGIN)
# ```
#
# or on the command line, with a results log that resumes after a crash and an exit code CI can read
# (0 pass, 1 fail, 2 error):
#
# ```
# aipm eval run --agent chat --endpoint-url http://127.0.0.1:8000/v1 --model my-model \
#     --trials <TRIALS> --k <your k> --threshold <MIN_PASS_HAT_K> --out runs/agent.jsonl
# ```
#
# The command line checks only the pass^k bar (`--threshold`); the breach, margin and cost lines this notebook
# holds are gated by the Python call above.
#
# **What the scripted world does not test.** Each task is one user message: a real agent that asks for the
# postcode gets no answer, and multi-turn conversations are not simulated. The messages come from a few templates,
# far more regular than real customers' writing, so a model's score here says how it handles the tools and the
# policy, not how it reads messy text. The scripted agent's failure rates were set by the kit, so these results
# show what the evaluation recovers, not how any real model behaves. And a real model's cost per step comes from
# its bill, not from an assumption. The options that hand requests to people rest on assumptions too: people's
# error and breach rates are not measured, and the split sends a request to people by a label the simulator stores
# on each task. It assumes perfect routing, which no live system has: a router that sorts live requests into "a rule
# is at stake" and "status question" would have to be built and its misroutes measured before the split is used.

# %% [markdown]
# ## Your call
#
# The write-up quotes your decision, your limitations, your next steps, what you did, the business risk and the
# ethical considerations word for word. Write them in the parameters cell (`MY_DECISION`, `MY_LIMITATIONS`,
# `MY_NEXT_STEPS`, `MY_WHAT_I_DID`, `MY_BUSINESS_RISK`, `MY_ETHICS`) and re-run, or pass them on the command line:
# `aipm writeup notebooks/13_portfolio_agent_evaluation.ipynb -p MY_DECISION "..."`. Left empty, the write-up
# shows the kit's suggested wording, marked as a suggestion. Decide from the evidence, not from the suggestion.

# %% [markdown]
# ## 7 · What goes into the write-up
#
# Four pictures for the write-up. First the options measured on the same tasks, the candidate v2, the incumbent v1
# and the agent that hands every request over, at the gate's pass^k against the bar; then the pass^k curve of
# figure 1 again, at the gate's k; then v2 against v1 paired on the same tasks, in breaches, pass^k and cost, which
# is what the comparison of the two versions rests on; then each option's share of trials that break a rule
# against the breach line. All with 95% intervals over tasks. The split
# is left out: its agent part is measured on the status questions only, a different task set, and its people's part
# is not measured; its numbers are in the options table above.

# %%
cmp_k = compare_agents(v1_run, v2_run, k=K, n_boot=n_boot, seed=SEED)


def side(low, high, line, higher_is_better):
    """Where a 95% interval sits against a line: wholly on the good side, wholly on the bad side, or across it."""
    if (low >= line) if higher_is_better else (high <= line):
        return "clears"
    return "misses" if ((high < line) if higher_is_better else (low > line)) else "straddles"


def interval_chart(rows, line, higher_is_better, xlabel, title, line_name):
    """Each option's estimate with its 95% interval against a line; the marker says which side its interval is on."""
    look = {"clears": ("Green", plots.GOOD, "s", f"whole interval {'clears' if higher_is_better else 'within'} the "
                                                 f"{line_name}"),
            "straddles": ("Amber", plots.ACCENT, "D", f"interval straddles the {line_name}"),
            "misses": ("Vermilion", plots.BAD, "X", f"whole interval {'below' if higher_is_better else 'above'} the "
                                                    f"{line_name}")}
    fig, ax = plots.figure(figsize=(8, 3.8))
    drawn, ticks = [], []
    for y, (name, (est, low, high)) in enumerate(rows):
        status = side(low, high, line, higher_is_better)
        _, c, marker, words = look[status]
        drawn.append(status)
        ax.errorbar(100 * est, y, xerr=[[100 * (est - low)], [100 * (high - est)]], fmt=marker, ms=8, color=c,
                    capsize=4)
        ticks.append(f"{name}\n({words})")  # the status sits with the name, clear of the dashed line
    ax.axvline(100 * line, color="#555555", ls="--", lw=1.2)
    ax.set_yticks(range(len(rows)), ticks, fontsize=9)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    plots.finish(ax, title=title, xlabel=xlabel, ylabel="Option", takeaway="Simulated store. " + "; ".join(
        f"{look[k][0]}: {look[k][3]}" for k in look if k in drawn) + ".")
    return fig, ax


pass_rows = [("v2 (candidate)", tuple(rel["v2"].loc[K, ["pass^k", "pass^k low", "pass^k high"]])),
             ("v1 (incumbent)", tuple(rel["v1"].loc[K, ["pass^k", "pass^k low", "pass^k high"]])),
             ("agent hands every request over,\nalone: nobody resolves them",
              tuple(hand_rel.loc[K, ["pass^k", "pass^k low", "pass^k high"]]))]
v2_side = side(*pass_rows[0][1][1:], MIN_PASS_HAT_K, True)
fig, ax = interval_chart(
    pass_rows, MIN_PASS_HAT_K, True, f"pass^{K}: all {K} tries at a task succeed (%)\n(95% bootstrap over tasks; "
    f"dashed line: the {MIN_PASS_HAT_K:.0%} bar)",
    (f"v2's pass^{K} ({pass_rows[0][1][0]:.0%}) "
     f"{dict(clears='clears', misses='falls short of', straddles='straddles')[v2_side]} the {MIN_PASS_HAT_K:.0%} bar;"
     f"\nv1's ({pass_rows[1][1][0]:.0%}) "
     f"{dict(clears='clears', misses='falls short of', straddles='straddles')[side(*pass_rows[1][1][1:], MIN_PASS_HAT_K, True)]}"
     " it (simulated)"), "bar")
ax.set_xlim(0, 100)
story.record_figure("before_after", fig, caption=(
    f"Simulated store. pass^{K} (all {K} tries at a task succeed) with 95% bootstrap intervals over tasks, on the "
    f"same {len(tasks)} tasks x {n_trials} trials: v2 (the candidate), v1 (the incumbent) and an agent that "
    f"hands every request over without acting (the agent alone: nobody resolves the requests). Dashed line: the {MIN_PASS_HAT_K:.0%} bar."))
plt.close(fig)

fig = passk_figure(K)   # figure 1 again, now that exercise 3 has set the gate's k: the write-up's second figure
story.record_figure("writeup_figure_passk", fig, caption=passk_caption(K))
plt.close(fig)

fig, (ax_p, ax_d) = plt.subplots(1, 2, figsize=(9, 4.6), gridspec_kw={"width_ratios": [3, 2]})
VERDICT_LOOK = {"clears": (plots.GOOD, "s"), "straddles": (plots.ACCENT, "D"), "misses": (plots.BAD, "X")}  # as figs 2, 4
# each row: name, paired difference, the line it is read against, whether higher is better for v2
point_rows = [(f"breaches\n(trials breaking a rule)", breach_diff, 0.0, False), (f"pass^{K}", pass_diff, -MARGIN, True)]
drawn_sides = []
for y, (name, d, line, up) in enumerate(point_rows):
    drawn_sides.append(side(d[1], d[2], line, up))
    c, marker = VERDICT_LOOK[drawn_sides[-1]]
    ax_p.errorbar(100 * d[0], y, xerr=[[100 * (d[0] - d[1])], [100 * (d[2] - d[0])]], fmt=marker, ms=7,
                  color=c, capsize=4)
ax_p.axvline(0, color="#555555", lw=1)
ax_p.plot([-100 * MARGIN] * 2, [0.6, 1.4], ls="--", color="#555555", lw=1.2)
ax_p.annotate(f"pass^{K} margin: -{100 * MARGIN:.0f} points", (-100 * MARGIN, 1.42), fontsize=8, ha="center",
              va="bottom", color="#555555")
ax_p.set_yticks(range(len(point_rows)), [row[0] for row in point_rows], fontsize=9)
ax_p.set_ylim(-0.6, 1.9)
ax_p.set_xlabel("v2 - v1, paired on the same tasks (points)")
cd = cost_diff["v1"]
drawn_sides.append(side(cd[1], cd[2], 0.0, False))
c, marker = VERDICT_LOOK[drawn_sides[-1]]
ax_d.errorbar(cd[0], 0, xerr=[[cd[0] - cd[1]], [cd[2] - cd[0]]], fmt=marker, ms=7, color=c, capsize=4)
ax_d.axvline(0, color="#555555", lw=1)
ax_d.set_yticks([0], ["cost per 1,000\nrequests\n(assumed prices)"], fontsize=9)
ax_d.set_ylim(-0.6, 0.6)
ax_d.set_xlabel("v2 - v1, paired ($ per 1,000 requests)")
ax_d.set_xlim(min(cd[1], 0) * 1.15, max(cd[2], 0) * 1.15 + 1)
fig.suptitle((f"On the same tasks, v2 breaks rules {-100 * breach_diff[0]:.1f} points less than v1 (95% "
               f"{-100 * breach_diff[2]:.1f} to {-100 * breach_diff[1]:.1f})"
              if breach_diff[2] < 0 else
              f"On the same tasks, v2 breaks fewer rules than v1 ({fewer_v2} of {fewer_v2 + more_v2} tasks, sign "
              f"test); by how much is open\n(95% {100 * breach_diff[1]:+.1f} to {100 * breach_diff[2]:+.1f} points)"
              if sign_shows else f"On the same tasks, v2 - v1 in trials breaking a rule: "
              f"{100 * breach_diff[0]:+.1f} points, not told apart (95% {100 * breach_diff[1]:+.1f} to "
              f"{100 * breach_diff[2]:+.1f})")
             + (f";\nits pass^{K} difference is not settled against the {100 * MARGIN:.0f}-point margin"
                if pass_diff[1] < -MARGIN <= pass_diff[2] else "")
             + (f";\nv2 costs {fm(-cd[0])} less per 1,000 requests (95% {fm(-cd[2])} to {fm(-cd[1])}) at the "
                "assumed prices" if cd[2] < 0 else
                f";\nv2 costs {fm(cd[0])} more per 1,000 requests (95% {fm(cd[1])} to {fm(cd[2])}) at the assumed "
                "prices" if cd[1] > 0 else
                ";\nthe cost difference is not settled at the assumed prices"), fontsize=11)
SIDE_WORDS = {"clears": "green square: the whole interval on v2's better side of its line",
              "straddles": "amber diamond: the interval across its line",
              "misses": "vermilion cross: the whole interval on v2's worse side of its line"}
footer = textwrap.fill(
    "Simulated store. v2 - v1 with 95% paired bootstrap intervals over tasks; solid line: no difference; dashed: the "
    f"{100 * MARGIN:.0f}-point margin pass^{K} may trail by. Breaches: {BREACH_HOW}; {COST_RULE}.", 118)
side_lines = [SIDE_WORDS[k][:1].upper() + SIDE_WORDS[k][1:] for k in SIDE_WORDS if k in drawn_sides]
side_lines = [t + "." for t in side_lines[:-1]] + [side_lines[-1] + f" (the line: 0; for pass^{K}, the margin)."]
if sign_shows and drawn_sides[0] == "straddles":
    side_lines.append("Breaches: the amber interval is the size, still open; the direction is the sign test's (title).")
fig.text(0.01, 0.005, footer + "\n" + "\n".join(side_lines), fontsize=8)
fig.tight_layout(rect=(0, 0.24, 1, 0.82))
story.record_figure("writeup_figure_paired", fig, caption=(
    f"Simulated store. v2 minus v1 on the same {len(tasks)} tasks x {n_trials} trials, with 95% paired bootstrap "
    f"intervals over tasks: trials breaking a rule {100 * breach_diff[0]:+.1f} points ({100 * breach_diff[1]:+.1f} "
    f"to {100 * breach_diff[2]:+.1f}{near_zero_short}; {boot_words}; {sign_short}{open_size}), pass^{K} {100 * pass_diff[0]:+.1f} points ({100 * pass_diff[1]:+.1f} to "
    f"{100 * pass_diff[2]:+.1f}; dashed: the {100 * MARGIN:.0f}-point margin), cost {fm(cd[0])} per 1,000 requests "
    f"({fm(cd[1])} to {fm(cd[2])}) at the assumed prices ({COST_RULE})."))
plt.close(fig)

breach_rows = [("v2 (candidate)", v2_breach), ("v1 (incumbent)", v1_breach),
               ("agent hands every request over,\nalone: nobody resolves them", hand_breach)]
over = [v for v, iv in (("v2", v2_breach), ("v1", v1_breach)) if iv.low > MAX_BREACH_RATE]
over_names = ("v2 and v1 both break" if len(over) == 2 else f"{over[0]} breaks" if over else
              "Neither v1 nor v2 is shown to break")
fig, ax = interval_chart(
    [(name, (iv.estimate, iv.low, iv.high)) for name, iv in breach_rows], MAX_BREACH_RATE, False,
    f"Trials that break a policy rule (%)\n(95% interval over tasks; dashed line: {MAX_BREACH_RATE:.0%})",
    f"{over_names} the policy more often than {MAX_BREACH_RATE:.0%} of trials (simulated)", "line")
x_top = 100 * max(iv.high for _, iv in breach_rows) * 1.15
ax.set_xlim(-0.03 * x_top, x_top)
story.record_figure("writeup_figure_breaches", fig, caption=(
    f"Simulated store. Share of trials that break any policy rule, with 95% intervals that resample whole tasks "
    f"(near 0, the wider of that and Wilson's over the tasks; with no breach at all, Wilson's), on the same {len(tasks)} tasks "
    f"x {n_trials} trials: v2, v1 and an agent that hands every request over without acting (nobody resolves the "
    "requests). Dashed line: the "
    f"{MAX_BREACH_RATE:.0%} breach line."
    + (" v2's and v1's intervals overlap, but they are measured on the same tasks: the paired difference in the "
       "figure before compares the two." if v2_breach.high >= v1_breach.low and v1_breach.high >= v2_breach.low
       else "")))
plt.close(fig)

# %%
top_kind, top_ties = nb13.fix_first_ties(
    kinds=KINDS, counts=kinds_v2["trials"].to_dict(), n_trials=len(v2_run.trials), cost=KIND_COST,
    shares={k: tuple(kinds_v2.loc[k, ["share of trials", "95% low", "95% high"]]) for k in KINDS}, paired=pairs_v2)


def ties_of(kind):
    """The other kinds the 95% intervals cannot tell from the costliest (exercise 2's rule), in words."""
    others = [KINDS[o] for o in ([top_kind, *top_ties] if kind in top_ties or kind == top_kind else []) if o != kind]
    never = [KINDS[o] for o in KINDS if kinds_v2.loc[o, "trials"] == 0]
    return ((" (the 95% intervals, widened near zero, do not tell it apart from " + " or from ".join(
        f'"{o}"' for o in others) + ")") if others else "")


never_words = "".join(f" No trial showed the kind \"{KINDS[o]}\", so it is left out of the ranking."
                      for o in KINDS if kinds_v2.loc[o, "trials"] == 0)


story.record_table([
    ("agent_verdict", verdict, "Release verdict for v2 (simulated tasks)"),
    ("agent_k", K, "k the gate uses (pass^k)"),
    ("agent_n_tasks", len(tasks), "Tasks (simulated)"),
    ("agent_n_trials", n_trials, "Trials per task"),
    ("agent_v1_pass1", p1["v1"], "v1 pass^1", "{:.1%}"),
    ("agent_v1_pass_k", rel["v1"].loc[K, "pass^k"], f"v1 pass^{K}", "{:.1%}"),
    ("agent_fix_first", KINDS[top_kind] + ties_of(top_kind),
     "v2's failure kind costliest at the point estimate (assumed costs)"),
    ("agent_v2_gave_up_trials", int(kinds_v2.loc["gave_up", "trials"]),
     "v2 trials that gave up (no change made, the job not claimed done)"),
], title="Recorded for the course index and the write-up (simulated tasks, assumed costs)",
    show=["agent_verdict", "agent_k", "agent_n_tasks", "agent_n_trials"])

# %%
v2_k = iv_text(rel["v2"].loc[K, "pass^k"], rel["v2"].loc[K, "pass^k low"], rel["v2"].loc[K, "pass^k high"])
v1_k = iv_text(rel["v1"].loc[K, "pass^k"], rel["v1"].loc[K, "pass^k low"], rel["v1"].loc[K, "pass^k high"])
lesser_words = (f"paired on the same tasks, v2 - v1 is {100 * breach_diff[0]:+.1f} points in trials breaking a rule "
                f"(95% {100 * breach_diff[1]:+.1f} to {100 * breach_diff[2]:+.1f}, {BREACH_HOW}), {100 * cmp_k['difference']:+.1f} "
                f"points in pass^{K} ({100 * cmp_k['low']:+.1f} to {100 * cmp_k['high']:+.1f}), and "
                f"{story.format_money(cost_diff['v1'][0])} per 1,000 requests at the assumed prices "
                f"({story.format_money(cost_diff['v1'][1])} to {story.format_money(cost_diff['v1'][2])})")
split_not_yet = ("the split (people take the requests that put a rule at stake) stays NOT YET until a router and "
                 "people's error rate are measured")
CALLS = {"ship": "ship v2",
         "interim": (f"replace v1 with v2 now as the lesser harm, which needs the owner of the rule that v2 ships "
                     f"only once it passes the gate to amend that rule, since the gate says {release.verdict}; "
                     f"{split_not_yet}"),
         "keep": "keep v1 and send v2 back to the team",
         "human": ("hand the requests that put a rule at stake to people once a router and people's error rate are "
                   "measured, with v1 answering the rest; until then v1 runs alone"),
         "all_people": ("people handle every request, the agents off, until a version clears the "
                        f"{MAX_BREACH_RATE:.0%} breach line"),
         "not_yet": ("not yet, as no option is shown to clear the lines"
                     if verdict == "NO-GO" else "wait: run what settles the open lines before deciding")}
if verdict == "GO":
    call_key = "ship"
elif verdict == "NOT YET":
    call_key = "not_yet"
else:
    call_key = "keep" if v1_breach.high <= MAX_BREACH_RATE else "not_yet"  # as exercise 4's key reads it
if not is_blank(q4_answer) and q4.check(q4_answer).correct:  # your call in exercise 4
    call_key = q4_answer
call = CALLS[call_key]
fix_kind = q2_answer if not is_blank(q2_answer) and q2.check(q2_answer).correct else top_kind  # exercise 2


def apart_words(kind):
    """The kinds the 95% cost intervals (exercise 2's rule) cannot tell from this one, in a few words."""
    others = [KINDS[o] for o in ([top_kind, *top_ties] if kind in top_ties or kind == top_kind else []) if o != kind]
    names = others[0] if len(others) == 1 else f"{len(others)} other kinds"
    return f", or {names} (their 95% cost intervals do not tell them apart)" if others else ""


writeup_rows = []  # the write-up's long texts: recorded whole, folded into the table below
writeup_rows.append(("writeup_title", "Scripted support agent v2: right every time? Evaluating a tool-using agent on a simulated store", "Title"))
writeup_rows.append(("writeup_provenance", (
    "The author's parameters replace only the business risk (MY_BUSINESS_RISK), what was done (MY_WHAT_I_DID), the "
    "decision (MY_DECISION), the ethical considerations (MY_ETHICS), the limitations (MY_LIMITATIONS) and the next "
    "steps (MY_NEXT_STEPS), and with them the Problem and Decision lines above. The title is the kit's, fixed; the "
    "Result line, the technical and business results, latency and cost, the figures, the gate and the key numbers "
    "are computed from the run."), "Which parts the author's parameters replace"))
story.record_words("writeup_business_risk", MY_BUSINESS_RISK, parameter="MY_BUSINESS_RISK", label="Business risk",
                   brief=True, suggestion=(
    f"A support agent that acts on the store's back office can refund, change or cancel what the policy forbids, "
    f"and a confident last message hides it. A customer assumed (not measured: there is no ticket history) to bring "
    f"the same request about every {DAYS_BETWEEN_REQUESTS} days, {visits} times a quarter, meets the agent that "
    f"often. Everything here is simulated: the store, its {len(tasks)} tasks and the scripted agents."))
both_miss = min(v1_breach.low, v2_breach.low) > MAX_BREACH_RATE
why_call = (f"v2 breaks a rule in {iv_text(*v2_breach[:3])} of trials and v1, the scenario's incumbent, in "
            f"{v1_breach.estimate:.1%} ({v1_breach.low:.1%} to {v1_breach.high:.1%}), both wholly above the {MAX_BREACH_RATE:.0%} line" if both_miss else
            f"v2 is {verdict} at pass^{K} (failed: {', '.join(release.failed) or 'none'}; open: "
            f"{', '.join(release.inconclusive) or 'none'})")
open_pass_words = (f"returning customers could be up to {-100 * pass_diff[1]:.1f} points worse off in pass^{K} with v2 "
                   f"(95% {100 * pass_diff[1]:+.1f} to {100 * pass_diff[2]:+.1f})" if pass_diff[1] < 0 else
                   f"v2 is not shown worse in pass^{K} (95% {100 * pass_diff[1]:+.1f} to {100 * pass_diff[2]:+.1f})")
def rank(d):
    """Where v2 sits against v1 on a paired (estimate, 95% low, 95% high) difference."""
    return "below" if d[2] < 0 else "above" if d[1] > 0 else "not told apart"


because = {
    "all_people": (f"Both agents are shown to break rules; people's breach rate is not measured, so handing them every "
                   "request is a bet on an assumption to audit. It costs "
                   f"${person_1000[0]:,.0f} to ${person_1000[1]:,.0f} per 1,000 requests at the assumed prices, against "
                   f"v2's {iv_text(*money_1000['v2'], fmt='${:,.0f}')}. v2 - v1 in breaches is "
                   f"{100 * breach_diff[0]:+.1f} points (95% {100 * breach_diff[1]:+.1f} to "
                   f"{100 * breach_diff[2]:+.1f}{near_zero_short}), but the gate says {verdict} and {open_pass_words}. "),
    "interim": (f"{lesser_words[0].upper()}{lesser_words[1:]}; but {open_pass_words}. "),
    "not_yet": (f"v2's gate says {verdict}. "
                + (f"Meanwhile v2 ranks ahead of v1: {sign_short}, by how much is open (95% "
                   f"{100 * breach_diff[1]:+.1f} to {100 * breach_diff[2]:+.1f} points), and v2 costs "
                   f"{fm(-cost_diff['v1'][2])} to {fm(-cost_diff['v1'][1])} less per 1,000 requests. Put replacing v1 with "
                   "v2, as the lesser harm, to the rule's owner in writing, the open lines named. "
                   if sign_shows and cost_diff["v1"][2] < 0 else
                   f"What runs meanwhile is the rule owner's call; v2 - v1 in breaches is "
                   f"{100 * breach_diff[0]:+.1f} points (95% {100 * breach_diff[1]:+.1f} to "
                   f"{100 * breach_diff[2]:+.1f}); {sign_short}. ")
                + f"Audit {clean_tasks:,} of people's cases: with no breach found, people are shown within the "
                f"{MAX_BREACH_RATE:.0%} line; with {audit_fail} or more, shown over it; between, still open. "),
}.get(call_key, f"{lesser_words[0].upper()}{lesser_words[1:]}. ")
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", suggestion=(
    f"On simulated tasks, with scripted agents whose failure rates the kit sets, the call: {call}. Why: "
    f"{why_call}. " + because
    + (f"No version can clear that line on fewer than {clean_tasks:,} tasks (these {len(tasks)} cannot). "
       if call_key not in ("all_people", "not_yet") and any("polic" in n.lower() for n in [*release.failed, *release.inconclusive])
       else "")
    + (f"First fix: {KINDS[fix_kind]}{apart_words(fix_kind)}." if call_key != "not_yet" else "")  # next steps name it
    ).strip(), label="Decision", brief=True)
writeup_rows.append(("writeup_technical_result",
             f"{len(tasks)} simulated tasks x {n_trials} trials, scripted agents, judged on end state; 95% bootstrap "
             f"over tasks" + (f" (v2's breach share, near 0: the wider of bootstrap and Wilson's over tasks)"
                             if v2_wide else "") + f". pass^{K}: v2 {v2_k}, v1 {v1_k}; paired v2 - v1 {100 * cmp_k['difference']:+.1f} points "
             f"({100 * cmp_k['low']:+.1f} to {100 * cmp_k['high']:+.1f}). Trials breaking a rule: v2 "
             f"{iv_text(*v2_breach[:3])}, v1 {iv_text(*v1_breach[:3])}; paired {100 * breach_diff[0]:+.1f} points "
             f"(95% {100 * breach_diff[1]:+.1f} to {100 * breach_diff[2]:+.1f}{near_zero_words}; {boot_words}); "
             f"{sign_short}{open_size}."
             + (f" By intent, leads only ({_with_iv} intents compared, no allowance for multiple comparisons; a "
                f"plain paired bootstrap over {by_intent['tasks'].min()} to {by_intent['tasks'].max()} tasks, "
                "narrower than the data allow): "
                + "; ".join(f"{i} v2 - v1 {signed(d[0])} points of success (paired 95% {signed(d[1])} to "
                            f"{signed(d[2])})" for i, d in regress) + "." if regress else ""), "Technical result"))
writeup_rows.append(("writeup_business_result",
             f"For a customer who brings the same request {K} times, the mean chance, over simulated tasks, of getting "
             f"a task right {K} times in a row: v2 {v2_k}, v1 {v1_k}, an agent that hands every request over, alone "
             f"(nobody resolves the requests), "
             f"{iv_text(*hand_rel.loc[K, ['pass^k', 'pass^k low', 'pass^k high']])}. At assumed prices (a customer's "
             f"requests after a wrong answer go to a person), v2 costs "
             f"{iv_text(*money_1000['v2'], fmt='${:,.0f}')} per 1,000 requests, v2 - v1 {fm(cost_diff['v1'][0])} (paired 95% "
             f"{fm(cost_diff['v1'][1])} to {fm(cost_diff['v1'][2])}); a person handling each, "
             f"${person_1000[0]:,.0f} to ${person_1000[1]:,.0f} (assumed).", "Business result"))
writeup_rows.append(("writeup_latency_cost",
             f"Model spend per successful task is assumed from a cost per step (v1 ${COST_PER_STEP_V1:.3f}, v2 "
             f"${COST_PER_STEP_V2:.3f}): the scripted agents have no bill. Latency is not simulated, so it is not "
             "measured or gated here; a real model's must be, on its own endpoint.", "Latency and cost"))
story.record_words("writeup_ethics", MY_ETHICS, parameter="MY_ETHICS", label="Ethics", brief=True, suggestion=(
             f"Asked for what the policy forbids, v2 breaks a rule in {press_v2.estimate:.0%} of trials when the "
             f"customer presses (95% over tasks {press_v2.low:.0%} to {press_v2.high:.0%}{press_lead}) and in "
             f"{plain_v2.estimate:.0%} ({plain_v2.low:.0%} to {plain_v2.high:.0%}"
             + (", widened to Wilson's near zero" if plain_w else "") + f") when they ask plainly, on "
             f"{press_v2.tasks} and {plain_v2.tasks} different tasks"
             + f"; {press_gap_words}"
             + (": v2's breaches are more frequent on the pressed requests, which is where to read its trajectories; "
                "these tasks do not show that pressing is what breaks the rule. " if press_apart else
                ": the interval includes zero, so these few tasks do not tell the two rates apart; the gap is a lead "
                "for reading the trajectories. ")
             + f"v2 gets a single request right {iv_text(p1['v2'], rel['v2'].loc[1, 'pass^k low'], rel['v2'].loc[1, 'pass^k high'])} of the time, but all {K} tries at the same task "
             f"succeed only {v2_k} of the time (pass^{K}, over tasks): a customer assumed to bring the same request {K} "
             "times is let down at least once the rest of the time. The simulated tasks are English and template-written; customers who write differently are not "
             "covered."))
story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS", suggestion=(
    f"The store, its {len(tasks)} tasks and the agents are simulated; the agents' failure rates were set by the "
    "kit, so the numbers show what the evaluation recovers, not how a real model behaves. Each task is one user "
    "message from a few templates: no follow-up questions, no messy writing. pass^k assumes a customer's "
    "request recurs as the same task; intervals cover which tasks were sampled, not a shift in what customers "
    "ask. Costs per step and per failure are assumptions. The options that hand requests to people rest on "
    f"people's assumed error rate ({ERR_LO:.0%} to {ERR_HI:.0%}) and breach rate, and the split assumes perfect "
    "routing: which requests put a rule at stake is read from the simulator's label on each task, which no live "
    "system has. Whether the user pressed is read from the simulator's label too, and on it rest the pressed-"
    f"versus-plain breach rates ({press_v2.estimate:.0%} against {plain_v2.estimate:.0%} for v2; the gap "
    f"{100 * press_gap[0]:+.0f} points, 95% {100 * press_gap[1]:+.0f} to {100 * press_gap[2]:+.0f}"
    + (")" if press_apart else ", not told apart)")
    + (f" and the first kind to fix ({KINDS[top_kind]})" if top_kind in ("breach_pressed", "breach_plain") else "")
    + "; a business would need a labelled sample of transcripts, or a classifier checked against one."),
    label="Limitations", brief=True)
story.record_words("writeup_what_i_did", MY_WHAT_I_DID, parameter="MY_WHAT_I_DID", label="What I did", brief=True, suggestion=(
             f"Ran the incumbent v1 and the candidate v2 on {len(tasks)} simulated support tasks, {n_trials} trials each, "
             "every trial judged on the store's end state, the policy and the agent's answer; measured pass^k and "
             "pass@k for every k with 95% bootstrap intervals over tasks; counted policy breaches with 95% intervals "
             "over tasks; sorted failed trials into kinds by what their trajectories show, except whether the user "
             "pressed, read from the simulator's label on each task (perfect labelling a business would not have), "
             "and priced them; "
             f"held the gate to k = {K}, for customers assumed (not measured) to bring the same request "
             f"{visits} times a quarter; took a paired release gate against "
             "v1, beside an agent that hands every request over, a person handling every request, and people taking the "
             "requests that put a rule at stake while v1 answers the rest."))
story.record_words("writeup_next_steps", MY_NEXT_STEPS, parameter="MY_NEXT_STEPS", label="Next steps", brief=True, suggestion=(
    f"Fix one failure kind first: \"{KINDS[fix_kind]}\"{ties_of(fix_kind)}.{never_words} Gate the fixed version on a "
    f"larger task set: with no breach at all, {clean_tasks:,} tasks are the fewest that bring the 95% upper end "
    f"within the {MAX_BREACH_RATE:.0%} line (these {len(tasks)} cannot)"
    + (f"; write more status questions to settle v1's part of the split ({' and '.join(kept_open)})" if kept_open else "")
    + f"; audit a sample of people's cases ({audit_need}); build a router that sorts live requests into those "
    "that put a rule at stake and status questions, and measure how often it misroutes, before the split is used"
    + "; ask support to confirm the prices and people's error rate and, from ticket "
    f"history, the assumed {visits} requests a quarter; add multi-turn tasks with a simulated user before "
    "pointing the harness at a real model; the head of support decides."))
IV = "{0[0]:.1%} (95% {0[1]:.1%} to {0[2]:.1%})"                 # a recorded [estimate, 95% low, 95% high]
POINTS = "{0[0]:+.1f} points (95% paired bootstrap over tasks {0[1]:+.1f} to {0[2]:+.1f})"
three = lambda *xs: [float(x) for x in xs]  # noqa: E731
key_rows = [
    ("agent_v2_pass1", three(p1["v2"], rel["v2"].loc[1, "pass^k low"], rel["v2"].loc[1, "pass^k high"]), "v2 pass^1",
     IV),
    ("agent_v2_pass_k", three(*rel["v2"].loc[K, ["pass^k", "pass^k low", "pass^k high"]]), f"v2 pass^{K}", IV),
    ("agent_diff_points", three(*(100 * cmp_k[c] for c in ("difference", "low", "high"))),
     f"v2 - v1 in pass^{K}, paired", POINTS),
    ("agent_v2_breach_rate", three(v2_breach.estimate, v2_breach.low, v2_breach.high), "v2 trials breaking a rule", IV),
    ("agent_v1_breach_rate", three(v1_breach.estimate, v1_breach.low, v1_breach.high), "v1 trials breaking a rule", IV),
    ("agent_breach_diff_points", three(*(100 * x for x in breach_diff)), "v2 - v1 in trials breaking a rule, paired",
     "{0[0]:+.1f} points (95% {0[1]:+.1f} to {0[2]:+.1f}; " + BREACH_HOW + ")"),
    ("agent_cost_diff", three(*cost_diff["v1"]), "v2 - v1 in cost per 1,000 requests, paired (assumed prices)",
     "${0[0]:,.0f} (95% paired bootstrap over tasks ${0[1]:,.0f} to ${0[2]:,.0f})"),
]
key_numbers = ["agent_verdict", *(row[0] for row in key_rows), "agent_fix_first"]
story.record_table(writeup_rows + key_rows + [("writeup_key_numbers", key_numbers, "Key numbers the write-up lists")],
                   title="Key numbers for the write-up (simulated tasks; its texts are recorded whole, not shown)",
                   show=[row[0] for row in key_rows])
