# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Deploy with monitoring and rollback
#
# Lifecycle stage 3. A fraud model built offline now has to meet live traffic, where labels
# arrive a month late, servers have bad days and the world changes. This notebook runs it in the
# shadow for a month, takes the launch decision on launch day with only what is known that day,
# then reviews the months after the launch: the dashboard, the alert and rollback rules, and what
# none of them saw. The business, its traffic, its fraud and its incidents are simulated
# (`aipm_kit.scenarios`).
#
# **You will be able to**
#
# - read a shadow deployment, compare two models at the same alert volume, and see why a comparison
#   read before the labels mature cannot settle the winner;
# - reproduce a past prediction exactly from the log, run a rollback drill on the serving switch,
#   say what it does and does not prove, and decide who may pull the switch without a meeting and
#   who is told;
# - check for a training-serving skew by recomputing the logged features from the raw events, and
#   ask what one costs in precision and in frauds caught;
# - say what a staged rollout guards against and what it cannot see, and plan one for the next version
#   on the business's own harm rate, with exact stage checks;
# - read decision gate 3, taken on launch day on the form actually launched with your Exercise 2
#   answer as its owner line, and say what its verdict, whatever it is, means for the model;
# - read a monitoring dashboard (latency, errors, alert precision, the drift of one input, missed
#   fraud) and compute its drift index by hand;
# - set alert and rollback lines from the noise of weekly precision, ask what a rollback can catch,
#   replay the rules on the logged months, and price each firing in requests and dollars;
# - write the plain update stakeholders need after a surprise, from the incident's own numbers.
#
# **Time:** 75 minutes
#
# **PM job:** performance governance (drift, latency, impact, early warning), with experiment
# design for the rollout and technical-to-business translation for the update.

# %% tags=["parameters"]
SEED = 42
FAST = False
# The simulated business (aipm_kit.scenarios.make_payments): six months from January; the candidate
# is trained on the first day of month 3 on months 1-2 (with the chargebacks in by then), shadows
# month 3 and launches on the first day of month 4
N_TRANSACTIONS = 240_000         # transactions over six months (about 1,300 a day)
LABEL_DELAY_DAYS = 30.0          # mean chargeback delay, in days
TRAIN_ROWS = 20_000              # rows of months 1-2 used to train the candidate
RING_MONTH = 5                   # a new fraud ring starts on the first day of this month (5 or 6)
MATURE_DAYS = 90                 # a month's chargebacks count as matured (nearly all in) this many days after it ends
# Serving and rules (editable: rules are data)
TIMEOUT_MS = 300                 # the checkout stops waiting for the model after this long
P95_LATENCY_MS = 200             # alert: p95 latency above this in an hour
ERROR_RATE_MAX = 0.10            # alert: share of failed model calls in an hour
MIN_REQUESTS = 30                # below this many requests in an hour, the error rate is "no evidence"
REVIEW_COST_USD = 30            # assumed: the cost of a review and hold; an extra hold is worth it if it stops more
                                 # (a reviewer's time on one hold and the held customer's friction)
OPS_NOISE_PER_WEEK = 1.0         # launch gate: latency and error alerts may page on noise at most this often
ALERT_CALM_WEEKS = 0.10          # precision alert: may fire on noise in at most this share of calm weeks
ROLLBACK_CALM_WEEKS = 0.01       # automatic rollback: may fire on noise in at most this share of calm weeks
FLOOR_HOURS = 2                  # the rollback needs this many consecutive hourly checks under its floor
INCIDENT_DROP_POINTS = 20        # a real incident to guard against: precision falls this many points
DETECT_LINE = 0.5                # the rollback should catch such a drop within its week in at least this share
PRECISION_WINDOW_HOURS = 168     # precision is measured on the trailing window of alerts (a week)
MIN_ALERTS = 20                  # below this many alerts in the window, precision is "no evidence"
CALM_WEEKS_SIMULATED = 4_000     # simulated weeks behind each line
ALERT_RESPONSE_MINUTES = 60      # assumed: time for a person to act on an alert
RESTORE_AFTER_HOURS = 1          # healthy hours before anyone may switch traffic back to the model
RESTORE_AGREE_HOURS = 2          # assumed: then the time the two people the runbook names take to agree and switch back
ROLLBACK_RESTORE_HOURS = 24      # assumed: a precision rollback, which no reading can clear, stays off this long (the
                                 # week's reviews are read, the cause found or not, and two people agree)
# Training-serving skew (aipm_kit.scenarios.serving_features)
SERVICE_CODE_AS_RUN = True       # the shadow service's feature code, as simulated (section 2 explains this knob)
# Rollout plan for the next version (simulated); the harm rate today is read from the data
ROLLOUT_STAGES = (0.05, 0.25, 0.50, 1.0)
DAYS_PER_STAGE = 2
BAD_MODEL_HARM_MULTIPLIER = 10   # a broken version holds this many times today's share of good customers
EXPOSURE_LINE = 0.25             # the plan's line: staged exposure at most this share of the big bang's (mean)
MIN_GAP_POINTS = 5               # replacing the rule: the smallest precision gain (points) worth the switch (the line)
MIN_NET_USD_MONTH = 20_000       # assumed: the smallest monthly difference (USD) worth changing which makes the extra holds
FALSE_ROLLBACK_BUDGET_USD = 5_000  # Exercise 5: false rollbacks may cost at most this a year

# %%
import dataclasses
import inspect
import tempfile
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import binom, poisson

from aipm_kit import drift, gates, models, monitoring, plots, runtime, scenarios, story, versioning
from aipm_kit.evals.stats import bootstrap_interval
from aipm_kit.exercises import ____, nb03
from aipm_kit.metrics import wilson_interval

# one thread: identical results everywhere, and no fight for a shared CPU; table cells shown whole
runtime.setup_notebook(width=120, max_columns=12)

if RING_MONTH not in (5, 6):  # the launch is month 4: a calm month after it tells noise from change
    raise ValueError(f"RING_MONTH must be 5 or 6 (at least one calm month after the launch), got {RING_MONTH}")
if not 0 < ROLLBACK_CALM_WEEKS < ALERT_CALM_WEEKS < 1:  # the alert must warn before the rollback acts
    raise ValueError("need 0 < ROLLBACK_CALM_WEEKS < ALERT_CALM_WEEKS < 1: a rollback tolerates fewer false "
                     f"firings than an alert, got {ROLLBACK_CALM_WEEKS} and {ALERT_CALM_WEEKS}")
n_transactions = 80_000 if FAST else N_TRANSACTIONS
train_rows = 8_000 if FAST else TRAIN_ROWS
payments = scenarios.make_payments(n_transactions, seed=SEED, label_delay_days=LABEL_DELAY_DAYS,
                                   drift_month=RING_MONTH)
truth = payments.attrs["scenario"]
launch = truth.start + pd.DateOffset(months=3)  # the shadow month (month 3) ends, the model goes live
train_day = truth.start + pd.DateOffset(months=2)  # training day: the first day of month 3
payments["rule_flag"] = scenarios.hand_rule(payments)  # the written rule, at the kit's thresholds
_written = inspect.signature(scenarios.hand_rule).parameters  # those thresholds, read from the kit, not retyped
rule_amount, rule_age = _written["min_amount"].default, _written["max_account_age_days"].default


def graded(frame):
    """When the business learns each payment's label, by channel: a payment the rule held is reviewed the same day
    (a fraud among them is stopped, known at once and never charged back; a good one is released); any other
    payment only through its chargeback, about a month later."""
    reviewed_fraud = frame["rule_flag"] & frame["is_fraud"]
    return frame.assign(label_available_at=frame["label_available_at"].where(
        ~frame["rule_flag"], frame["timestamp"].where(reviewed_fraud)))


train = graded(payments[payments["month"] <= 2].sample(train_rows, random_state=SEED))
# only the labels known on training day: fraud neither held by the rule nor charged back yet looks legitimate
train = train.assign(label_known=scenarios.labels_as_of(train, train_day).to_numpy())
labels_from_the_future = int((train["label_known"] & ~(train["label_available_at"] <= train_day)).sum())
if labels_from_the_future:  # label delay is the point: nothing learned may arrive after training day
    raise AssertionError(f"{labels_from_the_future} training labels arrive after training day")
model = models.fit_fraud_model(train, target="label_known", seed=SEED, max_iter=100)
payments["score"] = models.fraud_scores(model, payments)
history = payments[payments["month"] <= 2]
# The model alone would flag as many transactions as the rule did in months 1-2
rule_rate = float(history["rule_flag"].mean())
threshold = float(np.quantile(history["score"], 1 - rule_rate))
payments["model_flag"] = payments["score"] >= threshold
story.md(
    f"The simulated business: **{len(payments):,}** transactions over six months (about "
    f"**{len(payments) / ((truth.end - truth.start).days):,.0f}** a day), **{truth.fraud_rate_realised:.2%}** fraud. "
    f"The candidate model is trained on **{train_day:%d %B}** on **{len(train):,}** transactions of months 1-2, "
    f"with the labels known by that day (the review verdicts of the rule's holds, the chargebacks of the rest): "
    f"**{int(train['label_known'].sum())}** known frauds; "
    f"**{int((train['is_fraud'] & ~train['label_known']).sum())}** more have no chargeback yet and are learned "
    f"as legitimate, as they would be in the business's database (checked: **{labels_from_the_future}** of the "
    "labels it learns from arrived after training day). It flags a "
    f"transaction when its score reaches **{threshold:.3f}**, the line at which it alone would flag as many "
    f"transactions as the rule did in months 1-2 (**{rule_rate:.2%}**). It runs in the shadow in month 3; "
    f"the launch is planned for **{launch:%d %B}**, with the rule kept beside it, so that a payment would be "
    "held when either flags it (section 1 counts what that does to the review team's workload). What changes "
    "after the launch, the team finds as the business would: on the dashboard (section 4), in the log (section 5) "
    "and in the chargebacks (section 6)."
)

# %% [markdown]
# ## 1. Shadow deployment: the candidate decides nothing, yet
#
# For all of month 3 the candidate scores every live transaction beside the rule, but only the
# rule's decisions are acted on. The question is whether the candidate would have done better.
#
# **Alert precision, one definition for the whole notebook:** the share of a model's alerts that
# were fraud, as the business learns it. An alert that holds a payment is checked by the review
# team the same day; in this simulation their verdict is assumed to be right, so the precision of
# *acted-on* alerts is known within hours. In the shadow month the rule's alerts were acted on:
# each held a payment and was reviewed, so a confirmed fraud among them was stopped and never
# charged back. They are graded by the review verdict, known from day 0. An alert only the candidate
# raised held nothing and was never reviewed: its outcome is known only when a chargeback arrives,
# about a month later on average, and some frauds are never charged back at all. So the two models
# are graded through two channels, and the difference biases the comparison *against the
# candidate*: its share of confirmed frauds is read late and incomplete, the rule's at once and in
# full. The reads are redrawn on several days after the shadow month ends with only the
# chargebacks that had arrived by then. (The simulator also knows the truth, shown in the column
# "simulator truth (%)" for the lesson only: no decision below uses it.)
#
# What "the shadow month" means here: this section re-scores month 3 offline, on the features the
# training pipeline computes from the raw events, as an offline evaluation does. The shadow service
# computed the features with its own code; whether it computed the same numbers is section 2's
# question. So every shadow read below, gate 3's included, says what a service computing the
# features as training does would have done in month 3.

# %%
shadow_raw = payments[payments["month"] == 3]
# what the business learns, by channel: a payment the rule held is graded by the review team on the day (a
# confirmed fraud among them is stopped, so never charged back); any other payment only by its chargeback
shadow = graded(shadow_raw)
shadow_end = launch
read_days = sorted({0, 7, 14, 30, 60, MATURE_DAYS})  # the last read is the matured one
comparison = monitoring.shadow_comparison(
    shadow, {"rule": shadow["rule_flag"], "model": shadow["model_flag"]},  # graded by review or chargeback
    [shadow_end + pd.Timedelta(days=d) for d in read_days])
comparison["days_after_shadow"] = ((comparison["as_of"] - shadow_end).dt.days).astype(int)
shown = comparison[["days_after_shadow", "model", "alerts", "confirmed"]].copy()  # confirmed: review or chargeback
shown["precision so far (%)"] = (100 * comparison["precision_so_far"]).round(1)
shown["simulator truth (%)"] = (100 * comparison["precision_true"]).round(1)
first_read = comparison[comparison["days_after_shadow"] == 0].set_index("model")
last_read = comparison[comparison["days_after_shadow"] == read_days[-1]].set_index("model")
shown.rename(columns={"days_after_shadow": "days after", "confirmed": "its alerts confirmed fraud"}).set_index(
    ["days after", "model"]).rename_axis(["simulated shadow month: days after", "model"])

# %%
fig, ax = plots.figure()
last_ci, truth_lines = {}, []
for name, colour, nudge in (("rule", plots.ACCENT, -0.8), ("model", plots.NEUTRAL, 0.8)):
    part = comparison[comparison["model"] == name]
    low_high = np.array([wilson_interval(int(c), int(a), confidence=0.95)
                         for c, a in zip(part["confirmed"], part["alerts"])])
    ax.errorbar(part["days_after_shadow"] + nudge, part["precision_so_far"],
                yerr=[part["precision_so_far"] - low_high[:, 0], low_high[:, 1] - part["precision_so_far"]],
                marker="o", color=colour, capsize=3, label=f"{name}: {'review verdicts' if name == 'rule' else 'reviews and chargebacks in so far'} (95% Wilson)")
    ax.axhline(part["precision_true"].iloc[0], color=colour, ls=":", lw=1)
    truth_lines.append((float(part["precision_true"].iloc[0]), name, colour))
ax.plot([], [], color="0.4", ls=":", lw=1, label="simulator truth, dotted in each series' colour (unknown to the team)")
# each truth labelled at its line's end, in its colour: the higher above its line, the lower below
last_day = max(read_days)
for rank, (value, name, colour) in enumerate(sorted(truth_lines)):
    ax.text(last_day + 4, value, f"{name} truth {value:.1%}", color=colour, fontsize=8, ha="left",
            va="top" if rank == 0 else "bottom")
ax.set_xlim(-5, last_day + 30)
model_part = comparison[comparison["model"] == "model"]
ax.set_ylim(0, 1)
plots.finish(ax, title=f"Simulated shadow month: the candidate's read climbs from "
                       f"{model_part['precision_so_far'].iloc[0]:.0%} to "
                       f"{model_part['precision_so_far'].iloc[-1]:.0%} as chargebacks arrive",
             xlabel="Days after the shadow month ended (days)", ylabel="Precision of alerts (share)",
             takeaway="The rule's holds are graded by review on day 0; the candidate's other alerts wait for "
                      "chargebacks. On launch day only day 0 exists. The bars are sampling noise only: they leave out "
                      "the chargebacks still to come, which is why the early bars miss the later reads. The two alert "
                      "at different volumes, so the figure ranks nothing.")
plt.show()

# %%
model_only_fraud = shadow_raw["model_flag"] & ~shadow_raw["rule_flag"] & shadow_raw["is_fraud"]
never_charged = float(shadow_raw.loc[model_only_fraud, "caught"].mean())  # simulator truth: share ever charged back
charged_sentence = (
    "Even matured, the team cannot know how many of those frauds will never be charged back, so the candidate's "
    "matured read stays a floor, and every decision below that rests on it is read as one. (Simulator truth, "
    f"for the lesson only: here {never_charged:.0%} of the frauds only the candidate flagged are charged back in "
    "the end.)")
early_gap = first_read.loc["model", "precision_so_far"] - first_read.loc["rule", "precision_so_far"]
early_sentence = ("the rule even looks better" if early_gap < 0 else
                  f"the candidate looks ahead by {100 * early_gap:.1f} points")
ranking_sentence = ("These reads compare unequal alert volumes and carry no interval for the gap, so they rank "
                    "nothing: the next section compares the two at the same volume.")
story.md(
    f"On the day the shadow month ends, the candidate's precision reads "
    f"**{first_read.loc['model', 'precision_so_far']:.0%}** against the rule's "
    f"**{first_read.loc['rule', 'precision_so_far']:.0%}**: {early_sentence}. "
    f"The rule's figure is complete (the review team graded every payment it held); of the frauds among the "
    f"candidate's alerts known {read_days[-1]} days later, only **{first_read.loc['model', 'confirmed'] / last_read.loc['model', 'confirmed']:.0%}** "
    f"are known on that day. {read_days[-1]} days later the reads are "
    f"**{last_read.loc['model', 'precision_so_far']:.0%}** and **{last_read.loc['rule', 'precision_so_far']:.0%}** "
    f"(the simulator's truth: **{last_read.loc['model', 'precision_true']:.0%}** and "
    f"**{last_read.loc['rule', 'precision_true']:.0%}**). The candidate's read is biased low: missing chargebacks "
    f"count as good transactions, until they arrive. {charged_sentence} "
    f"{ranking_sentence}"
)
story.record_table([
    ("shadow_early_precision_model", float(first_read.loc["model", "precision_so_far"]),
     "Simulated: candidate precision read on the day the shadow month ends (day 0, launch day)", "{:.1%}"),
    ("shadow_final_precision_model", float(last_read.loc["model", "precision_so_far"]),
     f"Simulated: candidate precision on chargebacks {read_days[-1]} days later", "{:.1%}"),
    ("shadow_final_precision_rule", float(last_read.loc["rule", "precision_so_far"]),
     "Simulated: rule precision on the review verdicts of its holds", "{:.1%}"),
])

# %% [markdown]
# ### Like with like: the same alert volume, and the workload as deployed
#
# The table compares unequal volumes: in the shadow month the candidate alerted more often than
# the rule, and a model that alerts more can afford a lower precision. Two comparisons are fair.
# Model against rule at the **same volume**: the candidate's highest scores, as many as the rule's
# alerts. And the **workload as deployed**: the rule stays on beside the model, so a payment is
# held when either flags it, and the review team checks every hold. Resampling the alerted
# transactions (a bootstrap) shows how much the precision gap could move by chance. The opponent
# should also be the rule the team would really run: the written rule, or the best rule of the
# same family tuned on the training months at the same alert volume (the baseline notebook 01 builds).

# %%
rule_alert = shadow["rule_flag"].to_numpy()
model_alert = shadow["model_flag"].to_numpy()
k_alerts = int(rule_alert.sum())
model_top = (shadow["score"].rank(method="first", ascending=False) <= k_alerts).to_numpy()  # same volume
pool = np.flatnonzero(model_top | rule_alert)  # transactions either alerted on, at equal volume


def equal_volume_gap(as_of, unknown_as_fraud=False):
    """Candidate's top scores minus rule, precision on what is known by ``as_of`` (review verdicts of the
    rule's holds, chargebacks of the rest); 95% bootstrap. With ``unknown_as_fraud``, every payment the rule
    did not hold and that has no chargeback yet counts as fraud: the candidate's best case."""
    known = scenarios.labels_as_of(shadow, as_of).to_numpy() | (unknown_as_fraud & ~rule_alert)

    def gap_of(rows):
        rows = rows.astype(int)
        return known[rows][model_top[rows]].mean() - known[rows][rule_alert[rows]].mean()

    return bootstrap_interval(pool.astype(float), statistic=gap_of, n_boot=2_000, seed=SEED)


gap_launch = equal_volume_gap(launch)  # what the team can read on launch day: the candidate's worst case
gap_launch_best = equal_volume_gap(launch, unknown_as_fraud=True)  # its best case: every pending alert a fraud
launch_low, launch_high = gap_launch.low, gap_launch_best.high  # bounds the true gap whatever the pending labels
matured_day = launch + pd.Timedelta(days=read_days[-1])
gap = equal_volume_gap(matured_day)  # read later, in the post-launch review
union = model_alert | rule_alert
shadow_days = (launch - (truth.start + pd.DateOffset(months=2))).days
# the form launched is an add-on: the rule keeps its holds and the model adds the ones only it flags. Their value
# on launch day: the fraud dollars among them with a chargeback in by then, per extra review (a floor: more arrive)
launch_known = scenarios.labels_as_of(shadow, launch).to_numpy()
amounts = shadow["amount"].to_numpy()
addon = model_alert & ~rule_alert
addon_value = bootstrap_interval(amounts[addon] * launch_known[addon], n_boot=2_000, seed=SEED)
addon_word = ("pass" if addon_value.low >= REVIEW_COST_USD else "fail" if addon_value.high < REVIEW_COST_USD
              else "not yet")
# the trivial way to add holds: a second rule of the same family beside the written one (the pair is a looser
# rule), tuned on months 1-2 with the labels known on training day (by channel), as the candidate's were, on the
# payments the written rule lets through, to add at most as large a share of them as the model's extra holds; its
# extra holds graded like the model's
known_at_training = scenarios.labels_as_of(graded(history), train_day)
rule_passes = ~history["rule_flag"].to_numpy().astype(bool)
try:
    looser = scenarios.tune_hand_rule(history.assign(known=known_at_training)[rule_passes],
                                      max_alert_rate=float(max(addon.sum(), 1) / (~rule_alert).sum()), target="known")
except ValueError:  # no rule of the grid adds so few holds: take its strictest, the closest to the model's volume
    looser = scenarios.tune_hand_rule(history.assign(known=known_at_training)[rule_passes], max_alert_rate=0.999,
                                      target="known", amounts=(5_000,), ages=(7,))
loose_adds = scenarios.hand_rule(shadow, min_amount=looser.min_amount,
                                 max_account_age_days=looser.max_account_age_days).to_numpy() & ~rule_alert
def some(values):
    """The values to resample; an empty set (a rule that adds no hold) is read as one hold worth nothing."""
    return values if values.size else np.zeros(1)


loose_value = bootstrap_interval(some(amounts[loose_adds] * launch_known[loose_adds]), n_boot=2_000, seed=SEED)
loose_holds = f"{int(loose_adds.sum())} extra hold{'' if int(loose_adds.sum()) == 1 else 's'}"  # "1 extra hold"


def usd_interval(iv):
    """A per-hold interval as text; one hold gives no interval (resampling one value always returns it)."""
    return "none: fewer than two holds" if iv.n < 2 else f"{iv.low:,.0f} to {iv.high:,.0f}"


tuned = scenarios.tune_hand_rule(history.assign(known=known_at_training), max_alert_rate=rule_rate, target="known")
incumbent_is_best = (tuned.min_amount, tuned.max_account_age_days) == (rule_amount, rule_age)
incumbent_sentence = (
    "lands on the written rule itself, so the written rule is both the incumbent and the fair baseline"
    if incumbent_is_best else
    f"is a different rule (over {tuned.min_amount:,.0f} dollars, accounts under {tuned.max_account_age_days} "
    "days): compare the candidate with it as well before launch")
_a, _b = amounts[addon] * launch_known[addon], amounts[loose_adds] * launch_known[loose_adds]
# like with like: the two add different numbers of holds, so compare what each adds in the month, net of a review
# per hold (the gate's unit: fraud dollars against review dollars); each set of holds resampled on its own
_rng = np.random.default_rng(SEED)


def _net(values):
    return values.sum() - REVIEW_COST_USD * values.size


_net_diffs = np.array([_net(_rng.choice(_a, _a.size)) - _net(_rng.choice(_b, _b.size)) for _ in range(2_000)])
net_model, net_loose = float(_net(_a)), float(_net(_b))
net_diff = (net_model - net_loose, *np.percentile(_net_diffs, [2.5, 97.5]))
net_side = "more" if net_diff[1] > 0 else "less" if net_diff[2] < 0 else "unsettled"
net_word = {"more": "more than the looser rule", "less": "less than the looser rule",
            "unsettled": "an amount this month cannot tell apart from the looser rule's"}[net_side]
loose_volume_word = ("fewer" if loose_adds.sum() < addon.sum() else "more" if loose_adds.sum() > addon.sum()
                     else "as many")
launch_table = pd.DataFrame([
    ("candidate minus rule, equal volume, pending alerts counted good (points)",
     f"{100 * gap_launch.estimate:+.1f}", f"{100 * gap_launch.low:+.1f} to {100 * gap_launch.high:+.1f}"),
    ("the same, pending alerts counted fraud (points)",
     f"{100 * gap_launch_best.estimate:+.1f}", f"{100 * gap_launch_best.low:+.1f} to {100 * gap_launch_best.high:+.1f}"),
    ("holds in the month, rule kept on (rule alone)", f"{int(union.sum())} ({k_alerts})", ""),
    (f"fraud per extra hold, the model's {int(addon.sum())} (USD)", f"{addon_value.estimate:,.0f}",
     f"{addon_value.low:,.0f} to {addon_value.high:,.0f}"),
    (f"fraud per extra hold, a looser rule's {loose_holds} (over {looser.min_amount:,.0f} USD, accounts "
     f"under {looser.max_account_age_days} days; USD)", f"{loose_value.estimate:,.0f}", usd_interval(loose_value)),
], columns=["read on launch day", "value", "95% bootstrap interval"]).set_index("read on launch day")
launch_table.rename_axis(f"simulated shadow month, read on launch day (the written rule: over {rule_amount:,.0f} USD, "
                         f"accounts under {rule_age:g} days)")

# %%
story.md(
    f"At the same volume (the candidate's top **{k_alerts}** scores against the rule's **{k_alerts}** alerts) the "
    "rule's side is graded by review, complete, while the candidate's pending alerts could be either: so the table "
    "reads the gap twice, counting them good, then fraud. The launch-day bounds run from "
    f"**{100 * launch_low:+.1f}** to **{100 * launch_high:+.1f}** points (the low end of the first 95% interval, the "
    "high end of the second): they miss the true gap no more often than one 95% interval would, whatever the pending "
    f"labels turn out to be. As deployed, a payment is held when either flags it: "
    f"**{union.sum() / shadow_days:.1f}** reviews a day instead of **{k_alerts / shadow_days:.1f}**, "
    f"**{union.sum() / k_alerts:.2f}** times the rule's load. The trivial "
    "alternative to the model's extra holds is a looser rule: a second rule of the same family beside the written "
    f"one (which holds payments over {rule_amount:,.0f} dollars from accounts under {rule_age:g} days), tuned for the most frauds caught in months 1-2 among the payments the written rule lets through, adding "
    f"at most as large a share of them as the model does, on the labels known on {train_day:%d %B}, as the candidate "
    f"was. In the shadow month it adds {loose_holds} against the model's {int(addon.sum())}; what each adds in the "
    "month, net of a "
    f"{REVIEW_COST_USD}-dollar review per hold (assumed), is: the model **{net_model:,.0f}** dollars, the looser rule "
    f"**{net_loose:,.0f}**. The model nets {net_word}: the difference is **{net_diff[0]:+,.0f}** "
    f"dollars (95% bootstrap {net_diff[1]:+,.0f} to {net_diff[2]:+,.0f}), each side read on the chargebacks in by "
    f"launch day, a floor (the post-launch review reads both matured). Tuned for the rule's own volume ({rule_rate:.2%}), "
    f"the best rule of the family {incumbent_sentence}."
)
story.record_table([
    ("shadow_gain_at_launch_points", 100 * gap_launch.estimate,
     "Simulated: candidate minus rule at equal volume, launch day, pending alerts counted good (points)", "{:+.1f}"),
    ("union_review_load", float(union.sum() / k_alerts),
     "Simulated: holds with the rule kept on, over the rule's holds alone", "{:.2f}"),
])

# %% [markdown]
# ## 2. Before the launch: the log, a reproduced prediction, the skew, the serving alerts, the drill
#
# From month 3 on, the shadow month included, every request the model scores is logged: the inputs
# it saw, its score, the decision it would serve, the model version, a hash of the serving config,
# the time and the latency. The launch plan puts the model inside the fraud service, next to the
# rule, which stays on as a guardrail: a payment is held when either flags it. If the fraud service
# fails, or answers after the checkout stopped waiting (`TIMEOUT_MS`), the payment is not screened
# at all: a single failed call is not rerouted. The fallback is a switch: when it is thrown, by a
# person or by a rule, all traffic goes to the rule alone, run inside the checkout itself, which
# always answers. The plan has the checkout keep sending each payment to the fraud service as a
# copy it does not wait for, so the service's latency and errors are still read while the switch is thrown;
# the model's alerts are then neither held nor reviewed, so its precision is not.
#
# The artefact goes into a registry folder under its content hash; the log records that hash. The
# lesson keeps two simulated logs:
#
# - `served_log`: what the shadow service really logged in month 3, with the features its own code
#   computed. The skew check and the auditor's question read it.
# - `log`: the whole log, month 3 to June, written in one go with the features as training computes
#   them (the simulation assumes the live service computes them so from the launch; the skew check
#   below reads what the shadow service really computed).
#   Everything else reads it: `watch_all` is `log` with each payment's outcome,
#   `shadow_log` its shadow-month rows, `watch` its rows from the launch on.

# %%
scratch = tempfile.TemporaryDirectory(prefix="aipm-nb03-")  # a scratch folder; the last cell removes it
workdir = Path(scratch.name)
registry = versioning.ModelRegistry(workdir / "models")
serving_config = {"threshold": round(threshold, 6), "features": scenarios.FEATURES, "timeout_ms": TIMEOUT_MS,
                  "fallback": f"hand_rule(amount > {rule_amount:g} and account age < {rule_age:g} days)"}
version = registry.save(model, name="fraud-gbm", config=serving_config,
                        data_hash=versioning.data_snapshot_hash(train[scenarios.FEATURES + ["label_known"]]))
live = payments[payments["month"] >= 3]
log = monitoring.prediction_log(live, live["score"], features=scenarios.FEATURES, threshold=threshold,
                                model_version=version.version, config_hash=version.config_hash,
                                timeout_ms=TIMEOUT_MS)
log_path = monitoring.write_prediction_log(log, workdir / "prediction_log.parquet")
# what the shadow service really logged in month 3: the features its own code computed, and their scores
served_shadow = nb03.service_features(shadow_raw, SERVICE_CODE_AS_RUN)  # the service's own feature code, as it ran
served_log = monitoring.prediction_log(served_shadow, models.fraud_scores(model, served_shadow),
                                       features=scenarios.FEATURES, threshold=threshold,
                                       model_version=version.version, config_hash=version.config_hash)
served_path = monitoring.write_prediction_log(served_log, workdir / "served_log.parquet")
schema_rows = "\n".join(f"| `{column}` | {meaning} |" for column, meaning in monitoring.PREDICTION_LOG_SCHEMA.items())
story.md(f"Model version **{version.version}**, config hash **{version.config_hash}**, training data hash "
         f"**{version.data_hash}**. The simulated log holds **{len(log):,}** predictions. Its columns:\n\n"
         f"| column | type and meaning |\n|---|---|\n{schema_rows}")

# %% [markdown]
# Two logged requests, one per column (the table is turned on its side so that every field fits):

# %%
log.head(2).T.rename(columns=lambda i: f"request {i + 1}").rename_axis("simulated log")

# %%
outcomes = live[["label_available_at", "is_fraud", "amount", "rule_flag"]].reset_index(drop=True)
watch_all = log.join(outcomes).rename(columns={"output": "flagged", "rule_flag": "fallback_flagged"})
watch_all["served"] = watch_all["flagged"] | watch_all["fallback_flagged"]  # model or guardrail rule
shadow_log = watch_all[watch_all["timestamp"] < launch].reset_index(drop=True)


# %% [markdown]
# ### Reproducing a past prediction from the log
#
# An auditor asks why the shadow service flagged a payment in month 3 (it decided nothing, but its
# flag is on record). Read the log the service wrote back from disk, find the request, load the
# exact model version it names from the registry, and score the logged inputs again. Anything short
# of an exact match means the log or the registry is missing something (a feature, a preprocessing
# step, a config value). Say what this proves: the log and the registry are complete enough to
# replay a score. It re-runs the same scoring code on the inputs as logged, so it cannot see a
# feature computed wrongly before it was logged: the skew check below does that.

# %% tags=["nbval-check-output"]
stored = monitoring.read_prediction_log(served_path)
disputed = stored[stored["output"]].iloc[-1]  # the last payment the shadow service flagged
again = monitoring.reproduce_prediction(stored, int(disputed["request_id"]), load_model=registry.load,
                                        score=models.fraud_scores)
print(f"simulated request {again.request_id}, flagged by the shadow service: logged {again.logged_score:.6f}, "
      f"recomputed {again.recomputed_score:.6f} (line {threshold:.3f}), exact match: {'yes' if again.exact else 'no'}")
_ = story.record("prediction_reproduced", "yes" if again.exact else "no", label="Past prediction reproduced exactly (simulated shadow request)")

# %%
again.to_frame().rename_axis("simulated request")

# %% [markdown]
# ### Training-serving skew: recompute the features the service logged
#
# The candidate learned from features computed by the training pipeline from the raw payment
# events (`raw_events` holds them, one column per feature). Online, the fraud service computes
# the same features with its own code, and in the shadow month it logged what it computed and
# what it scored (`served_log`). Section 1 scores the shadow month on the training pipeline's
# features, as an offline evaluation does. Did the service compute the same numbers? A bug of
# this kind crashes nothing: same column, same type, a plausible number, so no test of the model
# can see it. The log can, because it holds the features as served: put them beside the training
# pipeline's features for the same events and compare, row by row.

# %%
raw_events = shadow_raw.reset_index(drop=True)  # the payment events as the business stored them
q1 = nb03.bind_skew(served_log=served_log, raw_events=raw_events, features=scenarios.FEATURES)

# %% [markdown]
# ### Exercise 1 · Find the skew in the log

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = (None, 0.0, 0)
for feat in scenarios.FEATURES:  # each feature as served against the same feature as training computes it
    as_served, as_trained = served_log[f"in__{feat}"].to_numpy(), raw_events[feat].to_numpy()
    wrong = as_served != as_trained
    if wrong.any():
        shift = float(np.median((as_served - as_trained)[wrong]))  # every feature that differs here is a number
        print(f"{feat}: {wrong.mean():.1%} of logged requests differ, typically by {shift:+g}")
        q1_answer = (feat, float(wrong.mean()), shift)
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
if q1_answer[0] is not None:  # the bug is planted (SERVICE_CODE_AS_RUN): a wrong shift, share or feature fails
    assert not q1.check((q1_answer[0], q1_answer[1], q1_answer[2] + 1))
    assert not q1.check((q1_answer[0], min(q1_answer[1] + 0.3, 1.0) if q1_answer[1] < 0.5 else q1_answer[1] - 0.3,
                         q1_answer[2]))
    assert not q1.check(("amount", q1_answer[1], q1_answer[2]))  # a feature served as training computes it
assert not q1.check(("hour", 0.0, 0) if q1_answer[0] is None else (None, 0.0, 0))
assert q1.check(____).correct is None

# %% [markdown]
# The cause, once found: the service's code reads the hour from its servers' local clock,
# some hours from UTC, while training reads it in UTC (set `SERVICE_CODE_AS_RUN = False` to run the service with training's feature code instead). The kit's
# `monitoring.feature_skew` makes the same comparison for every feature: check your numbers against it.

# %%
recomputed = raw_events[scenarios.FEATURES].assign(hour=raw_events["timestamp"].dt.hour)  # training's code
served_features = served_log[[f"in__{f}" for f in scenarios.FEATURES]].rename(columns=lambda c: c[4:])
skew = monitoring.feature_skew(served_features, recomputed, features=scenarios.FEATURES)
# shown with words where there is no number: "none" when no row differs, a dash for a feature that is not numeric
skew_shown = skew.astype(object)
for col in ("typical_difference", "largest_difference"):
    skew_shown[col] = [("none" if n == 0 else "-") if pd.isna(v) else v
                       for v, n in zip(skew[col], skew["rows_differing"])]
skew_shown.rename_axis("simulated shadow log: feature")

# %%
# what the skew costs: the service's alerts against the alerts on the right features, at the same volume (its
# top scores, as many as the right features' alerts), graded as in section 1 (review verdicts of the rule's
# holds, chargebacks of the rest) once they have matured
matured_known = scenarios.labels_as_of(shadow, matured_day).to_numpy()
clean_alert = shadow["model_flag"].to_numpy()
skew_at_threshold = int((served_log["score"] >= threshold).sum())  # what the buggy service raised at its line
skew_alert = (served_log["score"].rank(method="first", ascending=False) <= clean_alert.sum()).to_numpy()
skew_pool = np.flatnonzero(skew_alert | clean_alert)


def skew_gap_of(rows):
    rows = rows.astype(int)
    return matured_known[rows][skew_alert[rows]].mean() - matured_known[rows][clean_alert[rows]].mean()


prec_skew = matured_known[skew_alert].mean()
prec_clean = matured_known[clean_alert].mean()
skew_ci = wilson_interval(int(matured_known[skew_alert].sum()), int(skew_alert.sum()), confidence=0.95)
clean_ci = wilson_interval(int(matured_known[clean_alert].sum()), int(clean_alert.sum()), confidence=0.95)
skew_gap = bootstrap_interval(skew_pool.astype(float), statistic=skew_gap_of, n_boot=2_000, seed=SEED)
hour_row = skew.loc["hour"]
hour_rows_differing = int(hour_row["rows_differing"])
lost = clean_alert & ~skew_alert & matured_known  # frauds the right features flag and the skewed ones miss
swapped_in = skew_alert & ~clean_alert & matured_known  # and the frauds the skewed ones flag instead
at_line = (served_log["score"] >= threshold).to_numpy()  # the buggy service's alerts at its real line
frauds_at_line = int(matured_known[at_line].sum())
frauds_clean = int(matured_known[clean_alert].sum())
line_pool = np.flatnonzero(at_line | clean_alert)  # what the skew costs where the service really drew its line


def line_gap_of(rows):
    rows = rows.astype(int)
    return float(matured_known[rows][at_line[rows]].sum() - matured_known[rows][clean_alert[rows]].sum())


line_gap = bootstrap_interval(line_pool.astype(float), statistic=line_gap_of, n_boot=2_000, seed=SEED)
line_gap_word = ("the bug costs frauds caught, on the whole interval" if line_gap.high < 0 else
                 "the bug catches more frauds, on the whole interval" if line_gap.low > 0 else
                 "the interval reaches zero, so one month cannot settle whether the bug costs frauds caught")
line_word = ("fewer" if skew_at_threshold < clean_alert.sum() else "more" if skew_at_threshold > clean_alert.sum()
             else "as many")
differing = skew.index[skew["rows_differing"] > 0].tolist()
skew_word = ("costs precision" if skew_gap.high < 0 else "raises precision" if skew_gap.low > 0
             else "has no precision cost this month can tell from zero")
fix_sentence = (
    f"The fix is not to tune the model but to compute `hour` once: one definition, used by training and by "
    "serving. A feature store does that: it computes each feature once and serves the same value to the training "
    "set and to the live request, so this class of mismatch would not arise. The bug here was found another way, by "
    "recomputing the features from the service's own log of what it served. The team fixes the service before the launch and tests the "
    "fix against the bug: the fixed code is run again on the same raw events, and compared row by row (next cell)."
    if differing else
    "With the knob at 0 nothing differs: the check costs a few lines and would have caught the bug had there been "
    "one. A feature store makes this the default: one definition of each feature, served to training and to the "
    "live request alike.")
story.md(
    f"Of the **{len(served_features):,}** requests of the simulated shadow month, **{hour_rows_differing:,}** "
    f"(**{hour_row['share_differing']:.0%}**) were served an `hour` that differs from the hour recomputed from the "
    f"payment's timestamp"
    + (f", typically by **{hour_row['typical_difference']:+.0f} hours**" if hour_rows_differing else "")
    + (f" (the table's largest difference, {hour_row['largest_difference']:.0f}, is the same shift read across "
       "midnight, 24 hours apart on the clock)"
       if hour_rows_differing and abs(hour_row["largest_difference"]) != abs(hour_row["typical_difference"]) else "")
    + f"; features that differ: {', '.join(differing) if differing else 'none'}. "
    "\n\nWhat it costs, on the same month read once its chargebacks have matured (so at the post-launch review, not on "
    f"launch day; on launch day the row-by-row comparison is the evidence, and it needs no labels): at its line the "
    f"service raised **{skew_at_threshold}** alerts, the right features **{int(clean_alert.sum())}**. Compared at "
    f"the same volume, the service's top **{int(skew_alert.sum())}** scores have precision **{prec_skew:.0%}** (95% "
    f"Wilson interval {skew_ci[0]:.0%} to {skew_ci[1]:.0%}), the right features' **{int(clean_alert.sum())}** "
    f"alerts **{prec_clean:.0%}** ({clean_ci[0]:.0%} to {clean_ci[1]:.0%}). Paired on the same transactions, the skew "
    f"moves precision by **{100 * skew_gap.estimate:+.1f} points** (95% bootstrap interval "
    f"{100 * skew_gap.low:+.1f} to {100 * skew_gap.high:+.1f}): at equal volume it {skew_word}; it swaps "
    f"**{int(lost.sum())}** frauds the right features flag for **{int(swapped_in.sum())}** others. At its real line the "
    f"service raises {line_word} alerts ({skew_at_threshold} against {int(clean_alert.sum())}), so the second "
    "comparison is of the two as they would run, not at equal volume: frauds caught at each one's own line. The "
    f"service's alerts catch **{frauds_at_line}** frauds against the right features' **{frauds_clean}**, a difference of "
    f"**{line_gap.estimate:+.0f}** (95% bootstrap {line_gap.low:+.0f} to {line_gap.high:+.0f}): "
    f"{line_gap_word}. {fix_sentence}"
)
story.record_table([
    ("skew_share_rows_differing", float(hour_row["share_differing"]),
     "Simulated shadow log: share of requests served a wrong hour", "{:.0%}"),
    ("skew_frauds_at_line", line_gap.estimate,
     f"Simulated shadow month: frauds caught at the service's line, skewed hour minus the right one (95% bootstrap "
     f"{line_gap.low:+.0f} to {line_gap.high:+.0f})", "{:+.0f}"),
])

# %%
# the fix tested against the bug: the service's feature code, fixed (the hour read in UTC), run again on the same
# raw events of the shadow month, and compared row by row with the training pipeline's features
fixed_served = scenarios.serving_features(shadow_raw, hour_offset=0).reset_index(drop=True)  # the fixed code
fixed_skew = monitoring.feature_skew(fixed_served[scenarios.FEATURES], recomputed, features=scenarios.FEATURES)
fixed_skew_rows = int(fixed_skew["rows_differing"].max())
print(f"simulated shadow month, the fixed service's code rerun on its {len(raw_events):,} raw events: "
      f"{fixed_skew_rows:,} with a feature that differs from the training pipeline's (before the fix: "
      f"{hour_rows_differing:,})")

# %% [markdown]
# ### The serving alerts, checked on the shadow month
#
# The latency and error rules go live with the model, so on launch day the team asks how often they
# would page someone for nothing. The shadow month is the calm reference: a month of simulated
# traffic with no known serving incident, read on `shadow_log`. An error rate is read only in hours with at least
# `MIN_REQUESTS` requests (below that one failed call is a rate of several percent: "no
# evidence"); the latency rule reads every hour. The hours are treated as independent trials.

# %%
def ops_metrics(frame, as_of):
    """Hourly serving metrics; the error rate is NaN ("no evidence") below MIN_REQUESTS requests."""
    m = monitoring.monitoring_metrics(frame, freq="h", window=PRECISION_WINDOW_HOURS, min_alerts=MIN_ALERTS,
                                      label_col="label_available_at", as_of=as_of)
    return m.assign(error_rate=m["error_rate"].where(m["requests"] >= MIN_REQUESTS))


def ops_pages(metrics):
    """Hours in which the latency rule or the error-rate rule breaches its line (NaN never breaches)."""
    return (metrics["latency_p95"] > P95_LATENCY_MS) | (metrics["error_rate"] > ERROR_RATE_MAX)


shadow_ops = ops_metrics(shadow_log, launch)
shadow_ops_raw = monitoring.monitoring_metrics(shadow_log, freq="h", label_col="label_available_at", as_of=launch)
ops_hours = len(shadow_ops)
ops_noise = int(ops_pages(shadow_ops).sum())
ops_noise_raw = int(ops_pages(shadow_ops_raw).sum())
ops_low, ops_high = wilson_interval(ops_noise, ops_hours, confidence=0.95)

# %% tags=["nbval-check-output"]
print(f"simulated shadow month: {ops_hours} hourly checks; hours with fewer than {MIN_REQUESTS} requests: "
      f"{int((shadow_ops['requests'] < MIN_REQUESTS).sum())}")
print(f"hours in which a serving rule would page: {ops_noise} (without the {MIN_REQUESTS}-request minimum: "
      f"{ops_noise_raw})")
print(f"pages on noise per week: {168 * ops_noise / ops_hours:.2f} (95% Wilson {168 * ops_low:.2f} to "
      f"{168 * ops_high:.2f}), line {OPS_NOISE_PER_WEEK:g}")

# %% [markdown]
# ### The rollback drill, and who may pull the switch
#
# A fallback that has never been exercised is a hope, not a plan. The drill runs the last shadow
# day's logged requests through a serving switch (the kit's `FallbackRouter`, run here in the
# notebook on simulated requests): the model serves normally; then it is made to time out and every
# request must still be answered, by the rule; then the switch is rolled back by hand and every
# decision must match the rule exactly; then traffic is restored.
#
# Say what this proves and what it does not. It proves the notebook's router, thrown by hand, moves
# all traffic to the rule and back. That its answers then match the rule holds by construction (its
# fallback is the rule's own function): the match checks the router's wiring, not the production
# switch, the rule running inside the checkout, which this drill never exercises. It does not prove that a monitoring
# rule throws it: the wiring from an alert to the switch is not in the drill (section 5 replays when
# the rules would fire, not the wiring). It does **not**
# prove that production fails over request by request: the production checkout, as the log above
# says, leaves a payment unscreened when the fraud service fails or answers late. That per-request
# path exists only in the drill's router; in production the defence is the switch, moved by an
# alert or a person. Building the per-request path is a task for the engineers, not a fact.


# %% tags=["nbval-check-output"]
def primary(requests):
    return models.fraud_scores(model, requests) >= threshold


router = monitoring.FallbackRouter(primary=primary, fallback=lambda r: scenarios.hand_rule(r).to_numpy())
drill_requests = live[(live["timestamp"] >= launch - pd.Timedelta(days=1)) & (live["timestamp"] < launch)]
drill = monitoring.rollback_drill(router, drill_requests, batch_size=400)
print(drill)
print("tested: the switch in this notebook; not tested: per-request failover in the production checkout (absent)")
_ = story.record("rollback_drill_passed", "passed" if drill.passed else "failed",
                 label="Rollback switch drill (simulated requests, in the notebook)")
q2 = nb03.bind_owner()

# %% [markdown]
# A switch nobody may pull is no switch. The serving alerts above page someone at any hour; the
# runbook must say who may then act, whether they need a meeting, and who is told. Switching off
# sends all traffic to the rule alone, as it ran for months before the launch; each day off gives
# up the fraud that only the model's holds stop (section 5 prices a false rollback in dollars a day).

# %% [markdown]
# ### Exercise 2 · Who may pull the switch

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = {"acts alone": "a", "told": ["b", "c"]}
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check({"acts alone": "d", "told": ["b", "c"]})  # a committee must meet first
assert not q2.check({"acts alone": "b", "told": ["c"]})  # office hours only, and the product manager is not paged
assert not q2.check({"acts alone": "a", "told": ["b"]})  # the review team's workload changes: tell its lead
assert q2.check(____).correct is None

# %% [markdown]
# The runbook the gate reads. Your answer to Exercise 2 fills who may switch the model off, and who
# is told (a wrong or missing answer leaves the owner undecided, and gate 3 fails that line). Exercise
# 2 did not ask who investigates, so those rows name their own owners: the review-team lead reads the
# week's reviews, the model's data scientist looks for a cause. One thing is not yours to choose:
# switching back on is the riskier act, since a model that failed once returns to all traffic, so
# nobody does it alone: your owner and the product manager agree. Every replay below obeys this:
# after a serving switch, once latency and errors (still read on the copy the fraud service gets) have been
# healthy for `RESTORE_AFTER_HOURS`, it allows `RESTORE_AGREE_HOURS` (an assumption, not a measurement) for the
# two to agree and switch back. A precision rollback has no reading that can clear it (the model's alerts are no
# longer held, so no longer reviewed): it stays off `ROLLBACK_RESTORE_HOURS` (assumed), while the week's
# reviews are read, the cause is sought, and the two agree.

# %%
owner_decided = bool(q2.check(q2_answer).correct)  # your answer to Exercise 2 passes its check
role_names = {"a": "the on-call engineer", "b": "product manager", "c": "review-team lead", "d": "change committee",
              "e": "the model's data scientist", "f": "fraud operations"}
if owner_decided:  # the role you said acts alone, and the roles you said are told, in the runbook's words
    answer_parts = {str(k).strip().lower().replace("_", " "): v for k, v in q2_answer.items()}
    owner = role_names[str(answer_parts["acts alone"]).strip().strip("'\"").lower()]
    told_keys = answer_parts["told"]
    told_keys = {str(k).strip().strip("'\"").lower() for k in ([told_keys] if isinstance(told_keys, str) else told_keys)}
    told = ", ".join(role_names[k] for k in sorted(told_keys) if k in role_names and k != "a")
else:
    owner = told = "not decided (Exercise 2)"
runbook = pd.DataFrame([
    ("latency or error alert (a page)", f"{owner} switches traffic to the rule (about {ALERT_RESPONSE_MINUTES} "
     "minutes, assumed)", f"{owner}: may keep it off", told),
    ("precision alert (a page)", "the review-team lead reads the week's reviews", f"{owner}: may switch it off by hand",
     told),
    ("precision floor (drawn a month after the launch, on that month's reviewed alerts)",
     "traffic to the rule, automatically; the model's data scientist looks for the cause", f"{owner}: may keep it off",
     told),
    ("anything that looks wrong", "whoever sees it tells the product manager", f"{owner}: may switch it off by hand",
     told),
    ("switching back on", "a short call", f"nobody alone: {owner} and the product manager agree", told),
], columns=["trigger", "first", "who may act, without a meeting", "who is told, the same day"])
owner_ok = owner_decided  # a named role, with the authority your runbook gives it
runbook.set_index("trigger").rename_axis("rollback runbook")

# %% [markdown]
# ## 3. The rollout plan: gradual rollout against a big bang
#
# Whether the model launches at all is gate 3's call, below. If it does, the form on the table
# goes to all traffic at once: a big bang. This form limits what a broken model can do: the rule
# keeps every hold it makes today and the model can only *add* holds, each checked by the review
# team the same day. A
# broken add-on that *answers* cannot take away a hold the rule makes; its harm is extra good
# customers held, each released when reviewed, and its false holds appear in the review verdicts the
# same day, for whoever reads them (section 4 tests its first days; section 5 sets the rules that
# read them). One kind of breakage does take holds away: the model runs inside the fraud service
# next to the rule, so when it fails or answers late the payment is not screened at all, rule
# included (section 2; the serving incident of section 5). What guards that is not a staged rollout
# but the serving alerts, read every hour (p95 latency and error rate, gate 3 checks their noise),
# and the switch to the rule running in the checkout, which gate 3 asks to be drilled before the
# model serves.
# The next version is different: if it replaces the
# rule, a broken model decides alone, and that is what a staged rollout is for. The plan is drawn
# now, on this business's own numbers: its daily volume, and the share of good customers it holds
# today, read from the shadow month's review verdicts.
#
# The scenario: the next version is broken in a way offline tests missed, and holds
# `BAD_MODEL_HARM_MULTIPLIER` times today's share of good customers. A staged rollout sends it
# 5%, then 25%, 50% and 100% of traffic, `DAYS_PER_STAGE` days each, and at the end of every stage
# checks whether the good customers held among its traffic so far are more than today's share
# explains: an exact one-sided binomial test at the 1% level (the counts are small; a normal
# approximation would misjudge them). A big bang sends everyone at once and checks after the same
# first period. The simulation repeats both plans many times; every number in this section is a
# simulated outcome.
#
# What these stage checks cannot see: they count good customers held, which the review team
# confirms the same day. A broken replacement that lets fraud *through* holds fewer customers, so it
# passes every stage check; its harm shows only in chargebacks, weeks later. A plan for a
# replacement needs a second check for that (for example, reviewing a sample of the payments it
# let through at each stage); it is not modelled here.

# %%
from scipy.stats import binomtest

users_per_day = len(shadow_log) / shadow_days  # transactions a day in the shadow month
good_held_today = int((shadow_raw["rule_flag"] & ~shadow_raw["is_fraud"]).sum())  # review verdicts on the rule's holds
harm_today = binomtest(good_held_today, len(shadow_raw))
harm_base = harm_today.statistic  # today's share of transactions that are good customers held
harm_low, harm_high = harm_today.proportion_ci(confidence_level=0.95, method="exact")
bad_harm = min(BAD_MODEL_HARM_MULTIPLIER * harm_base, 1.0)
stage_users = [share * users_per_day * DAYS_PER_STAGE for share in ROLLOUT_STAGES]
first_expected_bad = stage_users[0] * bad_harm
n_runs = 500 if FAST else 2_000
rollout = monitoring.simulate_rollout(
    users_per_day, plans={"staged": ROLLOUT_STAGES, "big bang": (1.0,)}, days_per_stage=DAYS_PER_STAGE,
    harm_rate=bad_harm, baseline_rate=harm_base, n_simulations=n_runs, seed=SEED, test="exact")
stage_names = {0: "never"} | {i + 1: f"{share:.0%} stage" for i, share in enumerate(ROLLOUT_STAGES)}
caught_at = (rollout.caught_stage["staged"].map(stage_names).value_counts(normalize=True)
             .reindex(list(stage_names.values()), fill_value=0.0))
exposure_by_stage = rollout.exposure["staged"].groupby(rollout.caught_stage["staged"].map(stage_names)).mean()
sound = monitoring.simulate_rollout(  # the price in false stops: a sound version, as harmless as today's rule
    users_per_day, plans={"staged": ROLLOUT_STAGES}, days_per_stage=DAYS_PER_STAGE, harm_rate=harm_base,
    baseline_rate=harm_base, n_simulations=n_runs, seed=SEED, test="exact")
false_stops = int((sound.caught_stage["staged"] > 0).sum())
# today's rate is an estimate: a sound version whose true rate sits at either end of its exact 95% interval, still
# checked against the point estimate, is stopped by mistake this often
false_stops_at = {end: int((monitoring.simulate_rollout(
    users_per_day, plans={"staged": ROLLOUT_STAGES}, days_per_stage=DAYS_PER_STAGE, harm_rate=rate,
    baseline_rate=harm_base, n_simulations=n_runs, seed=SEED, test="exact").caught_stage["staged"] > 0).sum())
    for end, rate in (("low", harm_low), ("high", harm_high))}
story.md(
    f"Today, in the simulated shadow month, the rule held **{good_held_today}** good customers among "
    f"**{len(shadow_raw):,}** transactions: **{harm_base:.3%}** (exact 95% interval {harm_low:.3%} to "
    f"{harm_high:.3%}). The broken version holds **{bad_harm:.3%}**. The first stage sees about "
    f"**{stage_users[0]:,.0f}** transactions in its {DAYS_PER_STAGE} days, so it expects about "
    f"**{first_expected_bad:.1f}** good customers held by the broken version, against "
    f"**{stage_users[0] * harm_base:.2f}** from a sound one: at a rate this rare, a small first stage sees almost "
    "nothing, and its check can only fire on a handful of held customers."
)
pd.DataFrame({"share of simulated runs (%)": (100 * caught_at).round(1),
              "transactions exposed, mean": exposure_by_stage.reindex(caught_at.index).map(
                  lambda v: "no runs" if np.isnan(v) else f"{v:,.0f}")}).rename_axis("staged plan: caught at")

# %% tags=["nbval-check-output"]
first_check = int((rollout.caught_stage["staged"] == 1).sum())
first_low, first_high = wilson_interval(first_check, n_runs, confidence=0.95)
means = rollout.exposure.mean()
runs = np.arange(n_runs, dtype=float)
staged_users, bang_users = rollout.exposure["staged"].to_numpy(), rollout.exposure["big bang"].to_numpy()
ratio = bootstrap_interval(runs, statistic=lambda r: staged_users[r.astype(int)].mean() / bang_users[r.astype(int)].mean(),
                           n_boot=2_000, seed=SEED)
p90 = rollout.exposure.quantile(0.9)
# today's rate is an estimate (its exact 95% interval above): both plans re-run with today's true rate at each end of
# that interval, the broken version still holding BAD_MODEL_HARM_MULTIPLIER times it, the checks still testing against
# the point estimate (the only rate the team has)
today_rates = {"point": harm_base, "low": harm_low, "high": harm_high}
bang_at = {end: bang_users if end == "point" else monitoring.simulate_rollout(
    users_per_day, plans={"staged": ROLLOUT_STAGES, "big bang": (1.0,)}, days_per_stage=DAYS_PER_STAGE,
    harm_rate=min(BAD_MODEL_HARM_MULTIPLIER * rate, 1.0), baseline_rate=harm_base, n_simulations=n_runs, seed=SEED,
    test="exact").exposure["big bang"].to_numpy() for end, rate in today_rates.items()}


def ratio_reads(stages, days=DAYS_PER_STAGE, n_boot=1_000):
    """The staged plan's mean exposure over the big bang's, at today's harm rate and at both ends of its exact 95%
    interval: {end: (estimate, low, high)}, each with its 95% bootstrap interval over simulated runs. The big bang at
    each rate stays as run above (checked after DAYS_PER_STAGE days), so a longer stage cannot pass by making the
    comparator worse."""
    reads = {}
    for end, rate in today_rates.items():
        sim = monitoring.simulate_rollout(
            users_per_day, plans={"staged": tuple(stages), "big bang": (1.0,)}, days_per_stage=days,
            harm_rate=min(BAD_MODEL_HARM_MULTIPLIER * rate, 1.0), baseline_rate=harm_base, n_simulations=n_runs,
            seed=SEED, test="exact")
        staged_k, bang_k = sim.exposure["staged"].to_numpy(), bang_at[end]
        r = bootstrap_interval(np.arange(n_runs, dtype=float), n_boot=n_boot, seed=SEED,
                               statistic=lambda i, s=staged_k, b=bang_k: s[i.astype(int)].mean() / b[i.astype(int)].mean())
        reads[end] = (float(r.estimate), float(r.low), float(r.high))
    return reads


plan_reads = ratio_reads(ROLLOUT_STAGES, n_boot=2_000)
plan_low, plan_high = min(r[1] for r in plan_reads.values()), max(r[2] for r in plan_reads.values())
print(f"simulated: the first-stage check catches the broken version in {first_check / n_runs:.0%} of {n_runs:,} runs "
      f"(95% Wilson {first_low:.0%} to {first_high:.0%})")
print(f"transactions exposed, mean:    staged {means['staged']:,.0f}, big bang {means['big bang']:,.0f}")
print(f"transactions exposed, 90th percentile: staged {p90['staged']:,.0f}, big bang {p90['big bang']:,.0f}")
print(f"staged / big bang, mean exposure: {ratio.estimate:.2f} (95% bootstrap over runs {ratio.low:.2f} to {ratio.high:.2f}), "
      f"the plan's line {EXPOSURE_LINE}")
for end in ("low", "high"):
    est_e, low_e, high_e = plan_reads[end]
    print(f"  with today's rate at the {end} end of its exact 95% interval ({today_rates[end]:.3%}): {est_e:.2f} "
          f"({low_e:.2f} to {high_e:.2f})")
print(f"  the range the plan is decided on: {plan_low:.2f} to {plan_high:.2f}")
print(f"simulated: a sound version, exactly as harmless as today's point estimate ({harm_base:.3%}), is stopped by "
      f"mistake in {false_stops / n_runs:.1%} of {n_runs:,} runs ({len(ROLLOUT_STAGES)} checks at 1% each); "
      f"at the ends of today's exact 95% interval, {harm_low:.3%} and {harm_high:.3%}: "
      f"{false_stops_at['low'] / n_runs:.1%} and {false_stops_at['high'] / n_runs:.1%}")

# %%
fig, ax = plots.figure()
top = float(rollout.exposure.max().max())
bins = np.linspace(0, top, 60)
for plan, colour in (("staged", plots.GOOD), ("big bang", plots.BAD)):
    ax.hist(rollout.exposure[plan], bins=bins, alpha=0.7, color=colour, label=plan)
    ax.axvline(means[plan], color=colour, lw=2, label=f"{plan} mean {means[plan]:,.0f}")
ax.axvline(EXPOSURE_LINE * means["big bang"], color=plots.NEUTRAL, ls="--", lw=1.5,
           label=f"plan's line: {EXPOSURE_LINE:g} × big bang mean")
second_stage = stage_names.get(2, stage_names[1])  # the name of the second stage ("25% stage" at defaults)
later_share = float(1 - caught_at[stage_names[1]] - (caught_at[second_stage] if 2 in stage_names else 0.0))
line_side = ("above" if plan_low > EXPOSURE_LINE else "at or below" if plan_high <= EXPOSURE_LINE else
             "straddling")
plots.finish(ax, title=f"Simulated rollouts: exposure ratio {plan_low:.2f} to {plan_high:.2f} across today's "
                       f"harm-rate interval\n({line_side} {EXPOSURE_LINE:g}); bars at its point ({ratio.estimate:.2f})",
             xlabel="Transactions served by the broken version before rollback (count)",
             ylabel="Simulated runs (count, log scale)",
             takeaway="Bars count simulated runs at today's point harm rate by the transactions the broken version "
                      "served before rollback; the "
                      "solid lines are each plan's mean, the dashed line the plan's limit. A log count axis keeps the "
                      "rare late catches visible.", legend=False)
ax.set_yscale("log")
ax.legend(loc="upper right", frameon=False, fontsize=8)  # inside the plot area, right of the bars
plt.show()

# %%
story.md(
    f"In **{first_check / n_runs:.0%}** of the simulated runs (95% Wilson interval {first_low:.0%} to "
    f"{first_high:.0%}) the check after the first stage catches the broken version; the {second_stage} check catches "
    f"it in **{caught_at[second_stage]:.0%}**, after about **{exposure_by_stage.get(second_stage, np.nan):,.0f}** "
    f"transactions, and **{later_share:.0%}** go further or are never caught. The plans are compared on the mean "
    f"(the expected number of transactions exposed): **{means['staged']:,.0f}** staged against "
    f"**{means['big bang']:,.0f}** for a big bang, a ratio of **{ratio.estimate:.2f}** (95% bootstrap interval over "
    f"runs {ratio.low:.2f} to {ratio.high:.2f}). That interval measures only the simulation's own noise, and today's "
    f"rate is itself uncertain: with it at the low end of its exact 95% interval ({harm_low:.3%}) the ratio is "
    f"**{plan_reads['low'][0]:.2f}** ({plan_reads['low'][1]:.2f} to {plan_reads['low'][2]:.2f}), at the high end "
    f"({harm_high:.3%}) **{plan_reads['high'][0]:.2f}** ({plan_reads['high'][1]:.2f} to {plan_reads['high'][2]:.2f}), "
    f"so the plan is decided on the range **{plan_low:.2f} to {plan_high:.2f}**. How broken the version is and the "
    f"volume are assumptions the parameters let you change. In the worst tenth of runs the staged plan still exposes at least "
    f"**{p90['staged']:,.0f}** transactions. The price of staging is time, and false stops: a good version reaches "
    f"everyone on day {(len(ROLLOUT_STAGES) - 1) * DAYS_PER_STAGE} instead of day 0, and may be stopped by mistake. "
    f"Every check tests against today's rate as if it were known, but it is read from {good_held_today} held good "
    f"customers: a sound version exactly at the point estimate ({harm_base:.3%}) is stopped in "
    f"**{false_stops / n_runs:.1%}** of simulated runs, one at the top of today's exact 95% interval "
    f"({harm_high:.3%}) in **{false_stops_at['high'] / n_runs:.1%}**, one at its bottom ({harm_low:.3%}) in "
    f"**{false_stops_at['low'] / n_runs:.1%}**."
)
story.record_table([
    ("rollout_harm_rate_today", harm_base, "Simulated shadow month: good customers held by the rule, share of "
     "transactions (review verdicts)", "{:.3%}"),
    ("rollout_caught_first_stage", first_check / n_runs, "Simulated runs in which the first-stage check catches a broken version",
     "{:.0%}"),
    ("rollout_exposed_staged", float(means["staged"]),
     "Simulated: transactions exposed to a broken version, staged rollout (mean over runs)", "{:,.0f}"),
    ("rollout_exposed_big_bang", float(means["big bang"]),
     "Simulated: transactions exposed to a broken version, big bang (mean over runs)", "{:,.0f}"),
])

# %% [markdown]
# The plan is accepted when the staged rollout exposes at most `EXPOSURE_LINE` (a quarter) of the
# big bang's transactions across the whole range just computed: the 95% bootstrap intervals at today's
# harm rate and at both ends of its exact 95% interval. The line is a parameter, set before the
# simulation. This decides the plan for the next version, not this launch, so it is not a criterion of
# gate 3. `exposure_ratio(stages)` re-runs the same simulations for other stages and returns that range.


# %%
def exposure_ratio(stages, n_boot=1_000, days=DAYS_PER_STAGE):
    """Staged plan's mean exposure (stages of ``days`` days) over the big bang's: ``(estimate, low, high)``, the
    estimate at today's harm rate and the range from the lowest to the highest end of the 95% bootstrap intervals
    at today's rate and at both ends of its exact 95% interval. The comparator stays fixed: the big bang of the runs
    above, checked after DAYS_PER_STAGE days, so a longer stage cannot pass by making the baseline worse."""
    reads = ratio_reads(stages, days=days, n_boot=n_boot)
    return reads["point"][0], min(r[1] for r in reads.values()), max(r[2] for r in reads.values())


plan_gate = gates.Gate("Rollout plan for the next version (a replacement of the rule)", [
    gates.criterion("Staged rollout exposes at most a quarter of the big bang's transactions (mean)",
                    ratio.estimate, "<=", EXPOSURE_LINE, interval=(plan_low, plan_high),
                    settle="a firmer read of today's harm rate (more reviewed months), or a look at the harm assumptions",
                    evidence=f"{n_runs:,} simulated runs each; exact binomial stage checks at 1% against today's "
                             f"{harm_base:.3%}; range: the 95% bootstrap intervals over runs at that rate and at both "
                             f"ends of its exact 95% interval ({harm_low:.3%} to {harm_high:.3%})",
                    fmt="{:.2f}"),
])
plan_gate

# %%
longer = exposure_ratio(ROLLOUT_STAGES, days=DAYS_PER_STAGE + 1)
longer_word = "pass" if longer[2] <= EXPOSURE_LINE else "fail" if longer[1] > EXPOSURE_LINE else "not yet"
plan_steps = {
    "GO": "The plan limits exposure as asked: keep it for the next version.",
    "NO-GO": ("The plan as written fails, at today's harm rate and at both ends of its interval. One day longer per "
              f"stage (the only other length run here), against the same big bang, gives {longer[0]:.2f} (range "
              f"{longer[1]:.2f} to {longer[2]:.2f}), a '{longer_word}'. Exercise 3 asks whether other stages "
              "reach the line; until a plan passes, the next version is not released as a replacement on a "
              "staged plan."),
    "NOT YET": ("Across today's harm-rate interval the runs cannot tell the plan from the line: a firmer read of "
                "today's rate (more reviewed months) would settle it, or a plan with more margin. Exercise 3 asks "
                "whether other stages reach the line; until a plan passes, the next version is not released as a "
                "replacement on a staged plan."),
}
story.md(f"**The rollout plan, on simulated runs: {plan_gate.verdict}.** {plan_steps[plan_gate.verdict]}")

q3 = nb03.bind_rollout(exposure_ratio=exposure_ratio, line=EXPOSURE_LINE, days_per_stage=DAYS_PER_STAGE,
                       interval_said="range across today's harm-rate interval")

# %% [markdown]
# ### Exercise 3 · Change the rollout stages

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
my_stages = (0.10, 0.50, 1.0)
est, low, high = exposure_ratio(my_stages)
print(f"{my_stages}: {est:.2f} of the big bang's exposure (range across today's harm rate {low:.2f} to {high:.2f}), "
      f"line {EXPOSURE_LINE}; a good model reaches everyone on day {(len(my_stages) - 1) * DAYS_PER_STAGE}")
q3_answer = (my_stages, "pass" if high <= EXPOSURE_LINE else "fail" if low > EXPOSURE_LINE else "not yet")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((q3_answer[0], "not yet" if q3_answer[1] != "not yet" else "pass"))
assert not q3.check(((0.5, 0.1, 1.0), "pass"))  # stages must grow
assert q3.check(____).correct is None

# %% [markdown]
# ## Decision gate 3, on launch day: ready to run in production?
#
# The gate is taken on the planned launch day, with only what the team can see that day: the
# shadow month read on the review verdicts and the chargebacks in so far, the drill and its owner,
# the feature check, the reproduced prediction and the serving alerts checked on the shadow month.
# (The rollout plan is for the next version; section 3 decided it on its own.) The gate decides the
# form actually to be launched: the rule kept, and the model *adding* holds. Go only if its extra
# holds are worth their reviews and net more than the trivial alternative's (a looser rule's extra
# holds, section 1), each decided on the interval, not the point; the serving alerts stay
# quiet on a calm month; the production switch has been drilled; a named owner may pull it; the features
# the service serves match training's, checked on requests it served; and a past prediction is reproduced.
#
# A second question, whether the model could *replace* the rule (beat it at the same alert
# volume), is not decided today: nobody proposes to drop the rule, and its launch-day read is too
# incomplete. It is recorded below as open, with its launch-day bounds, and answered in the
# post-launch review. The precision alert and rollback lines cannot be drawn yet either: they
# need a month of the model's reviewed live alerts (section 5).

# %%
retake_day = matured_day  # when the shadow month's chargebacks have matured
settle_gap = (f"time: the shadow month's chargebacks are nearly all in after about {MATURE_DAYS} days "
              f"(mean delay {LABEL_DELAY_DAYS:.0f}); read the same gap on them around {retake_day:%d %B}, or keep "
              "the shadow running for more alerts")
replace_word = ("pass" if launch_low >= MIN_GAP_POINTS / 100 else "fail" if launch_high < MIN_GAP_POINTS / 100
                else "not yet")  # the same line as the review: a gain of at least MIN_GAP_POINTS
open_question = pd.DataFrame({
    "candidate minus rule (points)": [f"{100 * gap_launch.estimate:+.1f}", f"{100 * gap_launch_best.estimate:+.1f}",
                                      "(low end of the first, high end of the second)"],
    "95% bootstrap interval": [f"{100 * gap_launch.low:+.1f} to {100 * gap_launch.high:+.1f}",
                               f"{100 * gap_launch_best.low:+.1f} to {100 * gap_launch_best.high:+.1f}",
                               f"{100 * launch_low:+.1f} to {100 * launch_high:+.1f}"],
}, index=pd.Index(["pending alerts counted good (worst case)", "pending alerts counted fraud (best case)",
                   "launch-day bounds"], name=f"open, not gated: could the model replace the rule, by at least "
                                                f"{MIN_GAP_POINTS} points? ({replace_word})"))
# served features: passed only on requests a service really served (the shadow month's log, when its code was right);
# a rerun of fixed code in the notebook is a test of the fix, not of what the service serves
SERVED_FEATURES_NAME = "Served features match training's, on requests the service served"
served_rows_differing = int(skew["rows_differing"].max())
served_status = "pass" if served_rows_differing == 0 else "inconclusive" if fixed_skew_rows == 0 else "fail"
gate = gates.Gate("Gate 3, simulated business: deploy with monitoring and rollback (the model as an add-on to the rule)", [
    gates.criterion("Add-on: the model's extra holds stop at least their review cost (USD of fraud per hold)",
                    addon_value.estimate, ">=", REVIEW_COST_USD, interval=(addon_value.low, addon_value.high),
                    n=int(addon.sum()), fmt="{:,.0f}",
                    evidence=f"simulated shadow month: the {int(addon.sum())} alerts only the model raised, fraud "
                             f"dollars with a chargeback in by {launch:%d %b} per alert (a floor: more chargebacks "
                             f"come); 95% bootstrap interval; line: a {REVIEW_COST_USD}-dollar review and hold (assumed)"),
    gates.criterion("Add-on: the model's extra holds net more than the looser rule's (USD in the shadow month, after a "
                    "review per hold)", net_diff[0], ">", 0, interval=(net_diff[1], net_diff[2]), fmt="{:+,.0f}",
                    settle=f"read the same comparison on the matured chargebacks around {matured_day:%d %B}, as the "
                           "post-launch review does",
                    evidence=f"simulated shadow month, chargebacks in by {launch:%d %b} (a floor for both): the "
                             f"model's {int(addon.sum())} extra holds against the trivial alternative, a looser "
                             f"rule's {int(loose_adds.sum())} (over {looser.min_amount:,.0f} USD, accounts under "
                             f"{looser.max_account_age_days} days, tuned on the labels known on {train_day:%d %B}); "
                             "fraud dollars minus a review per hold; 95% bootstrap, each set resampled on its own; "
                             "line: zero"),
    gates.criterion("Serving alerts page on noise at most once a week (pages per week)", 168 * ops_noise / ops_hours,
                    "<=", OPS_NOISE_PER_WEEK, interval=(168 * ops_low, 168 * ops_high), fmt="{:.2f}",
                    evidence=f"latency and error rules on the simulated shadow month's {ops_hours} hourly checks "
                             f"({ops_noise} breaching, error rate read from {MIN_REQUESTS} requests an hour); "
                             "95% Wilson interval, hours treated as independent"),
    gates.Criterion(name="Production switch drilled in the checkout (thrown to the rule, restored)",
                    status="inconclusive" if drill.passed else "fail",
                    value="not drilled" if drill.passed else "the notebook's drill failed",
                    condition="judgement", kind="judgement",
                    evidence="only the notebook's router was drilled, on the last shadow day's simulated requests "
                             "(model made to fail, manual rollback, restore), and its match with the rule holds by "
                             "construction: the router's fallback is the rule's own function. The switch in the "
                             "production checkout has not been thrown",
                    settle="throw the production switch in the checkout, check that the rule answers every "
                           "payment, restore, before the model serves"),
    gates.judgement("A named owner may roll back without a meeting", owner_ok,
                    evidence=(f"the runbook of Exercise 2: {owner} may switch the model off at once, alone; told "
                              f"the same day: {told}; switching back on needs two people" if owner_decided else
                              "Exercise 2 is unanswered or its answer does not pass: nobody has the authority to "
                              "switch the model off alone")),
    gates.Criterion(name=SERVED_FEATURES_NAME, status=served_status,
                    value={"pass": "yes", "inconclusive": "not checked on served requests",
                           "fail": "the fix's rerun differs"}[served_status],
                    condition="judgement", kind="judgement",
                    evidence=(f"the simulated shadow month's {len(served_features):,} served requests, their logged "
                              f"features recomputed from the raw events: {served_rows_differing} differ (every row "
                              "checked)" if served_status == "pass" else
                              f"what was checked: a rerun of the fixed feature code, in the notebook, on the simulated "
                              f"shadow month's {len(raw_events):,} raw events: {fixed_skew_rows} with a feature that "
                              "differs from the training pipeline's (every row checked); the served requests, through "
                              f"the code as it ran: {served_rows_differing:,} with a feature that differs. No request "
                              "served by the fixed service has been compared"),
                    settle="deploy the fixed feature code to the shadow service, log the features it serves, and "
                           "recompute them from the raw events (the skew check of section 2), before the model serves"),
    gates.judgement("The log and the registry reproduce a past prediction exactly", again.exact,
                    evidence=f"simulated shadow-month request {again.request_id}, flagged by the shadow service, "
                             f"rescored from its Parquet log with registry version {version.version}: a test of the "
                             "log and the registry, not of the feature code (the feature check above is that)"),
])
gate.record()
gate

# %%
open_question

# %%
verdict = gate.verdict
failed_list = "; ".join(gate.failed)
open_list = "; ".join(gate.inconclusive)
replace_sentence = {
    "pass": "The replacement question already leans the candidate's way even in its worst case; it is still "
            "answered in the review, on matured labels.",
    "fail": "The replacement question is already answered against the candidate, even in its best case: it stays "
            "an add-on.",
    "not yet": f"The replacement question stays open: its launch-day bounds run from {100 * launch_low:+.1f} to "
               f"{100 * launch_high:+.1f} points, so nobody can yet say whether the model beats the rule by the "
               f"{MIN_GAP_POINTS} points a replacement needs; it is "
               f"asked again around {retake_day:%d %B}, on the matured shadow read and the reviewed live alerts, in "
               "the post-launch review below.",
}[replace_word]
net_text = f"{net_diff[0]:+,.0f} dollars, 95% bootstrap {net_diff[1]:+,.0f} to {net_diff[2]:+,.0f}"
baseline_sentence = {  # the trivial alternative, as the gate's second line decided it
    "more": ("Against the trivial alternative, the model's extra holds net more than a looser rule's in the month, "
             f"on the whole 95% interval ({net_text}, on the chargebacks in by launch day)."),
    "less": ("A looser rule's extra holds net more than the model's in the month, on the whole 95% interval "
             f"({net_text}): the add-on the evidence supports is the looser rule, not the model."),
    "unsettled": (
        f"Against the trivial alternative, the looser rule's {loose_holds} net **{net_loose:,.0f}** dollars in the "
        f"month after reviews, the model's {int(addon.sum())} **{net_model:,.0f}**; their difference ({net_text}) "
        "holds zero, so on launch day nothing shows that the extra holds need a model rather than a second rule."),
}[net_side]
short_names = {"Production switch drilled in the checkout (thrown to the rule, restored)": "the production switch drill",
               SERVED_FEATURES_NAME: "the served-features check",
               "Add-on: the model's extra holds net more than the looser rule's (USD in the shadow month, after a "
               "review per hold)": "the model's extra holds against a looser rule's"}
open_settle = "; ".join(f"{short_names.get(c.name, c.name[:1].lower() + c.name[1:])} (to settle it: {c.settle})"
                        for c in gate.criteria if c.status == "inconclusive")
next_steps = {
    "GO": f"Every criterion holds on launch day: the add-on launches on {launch:%d %B}, and only the add-on. "
          f"{baseline_sentence} The rule "
          "keeps every hold it makes today, so the model can only add holds, each checked by the review team the "
          f"same day ({union.sum() / shadow_days:.1f} reviews a day instead of {k_alerts / shadow_days:.1f}); "
          "the serving alerts and the switch are live; until the precision lines can be drawn, a person reads the "
          f"model's reviewed holds every week. {replace_sentence} If the model then proves worse than the rule, it "
          "stays only if what it adds is still worth its extra holds; otherwise it is switched off and the rule "
          "runs alone, as before the launch.",
    "NO-GO": f"Failed on launch day: {failed_list}. {baseline_sentence} The model stays in the shadow, deciding "
             f"nothing, until these are fixed. **The simulated business launches it anyway on {launch:%d %B}**, "
             "against this verdict, so that the rest of the notebook has live months on which to teach monitoring "
             "and rollback; a team following the gate would not.",
    "NOT YET": f"Not settled on launch day: {open_settle}. {baseline_sentence} Nothing failed, but NOT YET is "
               "not a licence to launch: "
               f"the model stays in the shadow until each open line is settled. **The simulated business launches it "
               f"anyway on {launch:%d %B}**, against this verdict, so that the rest of the notebook has live months on "
               "which to teach monitoring and rollback; a team following the gate would not. The post-launch review "
               "takes up each open line, and holds the model to the same rule.",
}
next_step = next_steps[verdict]
story.md(f"**Verdict on {launch:%d %B}, on the simulated evidence: {verdict}.** {next_step}")

# %% [markdown]
# ## 4. After the launch: the prediction log, and a dashboard built on it
#
# Everything from here on happened after the launch on the first day of month 4, and is read by
# the team in the weeks that follow; it ends in the post-launch review, which asks gate 3's open
# question again on the matured evidence. The dashboard starts at the launch: before it the model
# decided nothing. It joins the log with
# what the business learns later: the review team's verdict on each held payment (simulated,
# assumed right), and the chargebacks of the fraud that got through, which arrive over the
# following weeks. Alert precision is read on the trailing seven days of alerts, because a single
# day holds only a handful. The alerts and their precision are the *model's* alerts only; the holds
# the review team works through are the rule's or the model's, more of them (section 1 counted them).

# %%
watch = watch_all[watch_all["timestamp"] >= launch].reset_index(drop=True)  # from the launch on
reference_amounts = history["amount"].sample(5_000, random_state=SEED)
daily = monitoring.monitoring_metrics(
    watch, freq="D", window=7, min_alerts=MIN_ALERTS, drift_col="in__amount", drift_reference=reference_amounts)
# Missed fraud, as the business knows it on the last day of the log: chargebacks of payments nobody held
held = watch["served"] & ~watch["error"]  # a failed call screens nothing, unless the switch is thrown
model_adds = watch["flagged"] & ~watch["fallback_flagged"] & ~watch["error"]  # holds only the model makes
live_day = watch["timestamp"].dt.floor("D")
daily["model_only_fraud_usd"] = (watch["amount"] * (model_adds & watch["is_fraud"])).groupby(live_day).sum().reindex(
    daily.index, fill_value=0.0)
charged_back = (watch["label_available_at"] <= truth.end) & ~held
daily["missed_fraud"] = charged_back.groupby(watch["timestamp"].dt.floor("D")).sum().reindex(
    daily.index, fill_value=0).astype(float)
arriving_days = int(2 * LABEL_DELAY_DAYS)  # most, not all, chargebacks of older payments are in
immature_from = truth.end - pd.Timedelta(days=arriving_days)
# payment days with MATURE_DAYS for their chargebacks by the log's last day (ages counted as section 6 counts them)
matured_to = truth.end.floor("D") - pd.Timedelta(days=MATURE_DAYS)  # the last such day
first_live_day = watch["timestamp"].min().floor("D")
matured_phrase = ("no day has matured" if matured_to < first_live_day else
                  f"only days to {matured_to:%d %B} have matured")
missed_row = (f"missed frauds charged back (per day, to {immature_from - pd.Timedelta(days=1):%d %B}; a floor: "
              f"{matured_phrase}, {MATURE_DAYS} days)")
summary_rows = {"requests per day": daily["requests"], "p95 latency (ms)": daily["latency_p95"],
                "error rate (%)": 100 * daily["error_rate"], "model alerts per day (not the rule's)": daily["alerts"],
                "model alert precision, 7 days (%)": 100 * daily["alert_precision"],
                "PSI of amount": daily["drift_psi"], "fraud only the model held (USD per day)": daily["model_only_fraud_usd"],
                missed_row: daily.loc[daily.index < immature_from, "missed_fraud"]}
row_formats = {"requests per day": "{:,.0f}", "p95 latency (ms)": "{:,.0f}", "error rate (%)": "{:.2f}",
               "model alerts per day (not the rule's)": "{:.1f}", "model alert precision, 7 days (%)": "{:.1f}",
               "PSI of amount": "{:.4f}",
               "fraud only the model held (USD per day)": "{:,.0f}", missed_row: "{:.1f}"}
pd.DataFrame({name: [row_formats[name].format(v) for v in s.agg(["mean", "min", "max"])]
              for name, s in summary_rows.items()}, index=["mean", "min", "max"]).T.rename_axis(
    "simulated days from the launch")

# %%
# the big bang, on section 3's numbers: the launched system's first DAYS_PER_STAGE days, on the review verdicts
first_days = watch[watch["timestamp"] < launch + pd.Timedelta(days=DAYS_PER_STAGE)]
good_held_first = int((first_days["served"] & ~first_days["error"] & ~first_days["is_fraud"]).sum())
first_low_rate, first_high_rate = binomtest(good_held_first, len(first_days)).proportion_ci(
    confidence_level=0.95, method="exact")
# the right baseline: the share of transactions the launched form (rule or model) would have held as good customers
# in the shadow month. On day 2 only a lenient one exists (every pending alert counted good); the matured one comes at
# the review
form_good_day2 = int((union & ~scenarios.labels_as_of(shadow, launch + pd.Timedelta(days=DAYS_PER_STAGE))).sum())
form_good_matured = int((union & ~matured_known).sum())
baselines = {"the rule's share before the launch (wrong: the add-on holds more by design)": harm_base,
             "the launched form's share, as known on day 2 (pending alerts counted good: lenient)":
                 form_good_day2 / len(shadow),
             "the launched form's share, matured (known only at the review)": form_good_matured / len(shadow)}
first_days_table = pd.DataFrame(
    [(f"{rate:.3%}", f"{binomtest(good_held_first, len(first_days), rate, alternative='greater').pvalue:.3f}")
     for rate in baselines.values()],
    index=pd.Index(list(baselines), name=f"simulated first {DAYS_PER_STAGE} days: {good_held_first} good customers "
                                         f"held of {len(first_days):,}, against"),
    columns=["baseline share", "one-sided exact p"])
form_test = binomtest(good_held_first, len(first_days), form_good_matured / len(shadow), alternative="greater")
form_share = form_good_matured / len(shadow)
form_word = ("more than the launched form's matured share explains at the 1% level: a sign of harm"
             if form_test.pvalue < 0.01 else
             f"not yet decided: the test does not reject the matured share at the 1% level, but with about "
             f"{form_share * len(first_days):.1f} held good customers expected it has little power, and the exact "
             f"95% interval reaches {first_high_rate / form_share:.1f} times that share. That is no evidence of "
             "safety; more days of reviewed holds would settle it")
stopped = watch[model_adds & watch["is_fraud"]]  # the dashboard's panel: fraud only the model held
stopped_by_day = stopped.groupby(stopped["timestamp"].dt.floor("D"))["amount"]
day_total = daily["model_only_fraud_usd"]
top_days = day_total.nlargest(3)


def spike_phrase(day):
    """'06 May (52,000 dollars, 30% of it one payment)': a spike day and how much of it one payment is."""
    one = stopped_by_day.max()[day] / day_total[day]
    return f"{day:%d %B} ({day_total[day]:,.0f} dollars, {one:.0%} of it one payment)"


spike_list = "; ".join(spike_phrase(day) for day in top_days.index)
story.md(
    f"This launch was the big bang of section 3, on its numbers. In its first **{DAYS_PER_STAGE}** days the launched "
    f"system (rule and model) held **{good_held_first}** good customers among **{len(first_days):,}** simulated "
    f"transactions: **{good_held_first / len(first_days):.3%}** (exact 95% interval {first_low_rate:.3%} to "
    f"{first_high_rate:.3%}). The table tests it against three baselines. Against the matured one, read at the "
    f"review, the first days are {form_word}. On day 2 the team had only the lenient baseline, and a lenient "
    "baseline makes any test easy to pass. The highest days of fraud only the model held, on the dashboard below, are "
    f"{spike_list}, against a median day of {day_total.median():,.0f} dollars. No single payment makes a "
    "spike day, and the dashboard alone does not say what caused them."
)
first_days_table

# %%
psi_max = float(daily["drift_psi"].max())
# the serving rules read hours: the dashboard shows each day's worst hour against their lines
hourly_ops = ops_metrics(watch, truth.end)
daily["worst_hour_latency_p95"] = hourly_ops["latency_p95"].resample("D").max().reindex(daily.index)
daily["worst_hour_error_rate"] = hourly_ops["error_rate"].resample("D").max().reindex(daily.index)
psi_noise_day = 9 * (1 / daily["requests"].median() + 1 / len(reference_amounts))  # expected PSI of pure noise
month_names = daily.index.strftime("%B")
missed_by_month = {month: bootstrap_interval(daily.loc[month_names == month, "missed_fraud"].to_numpy(),
                                             n_boot=2_000, seed=SEED) for month in month_names.unique()}
missed_list = ", ".join(f"{month} **{iv.estimate:.1f}** ({iv.low:.1f} to {iv.high:.1f})"
                        for month, iv in missed_by_month.items())
first_month, second_month = list(missed_by_month)[:2]
rise_word = ("rose" if missed_by_month[second_month].low > missed_by_month[first_month].high else
             "fell" if missed_by_month[second_month].high < missed_by_month[first_month].low else
             "did not move beyond chance")
fig = monitoring.dashboard_figure(
    daily, columns=["worst_hour_latency_p95", "worst_hour_error_rate", "alert_precision", "drift_psi",
                    "model_only_fraud_usd", "missed_fraud"],
    limits={"worst_hour_latency_p95": P95_LATENCY_MS, "worst_hour_error_rate": ERROR_RATE_MAX},
    limit_label="serving rule's hourly line", legend_columns=2,
    bands={"drift_psi": {f"moderate ({drift.PSI_MODERATE:g})": drift.PSI_MODERATE,
                         f"major ({drift.PSI_MAJOR:g})": drift.PSI_MAJOR}},
    ylims={"drift_psi": (0, max(1.25 * drift.PSI_MAJOR, 1.1 * psi_max)), "alert_precision": (0, 1.05)},
    labels={"worst_hour_latency_p95": "worst-hour p95 latency (ms)",
            "worst_hour_error_rate": "worst-hour error rate (share)",
            "alert_precision": "alert precision, 7 days (share)", "drift_psi": "PSI of amount, per day (PSI)",
            "model_only_fraud_usd": "fraud only the model held (USD per day)",
            "missed_fraud": "missed frauds charged back (count per day)"},
    events={f"serving incident ({truth.incident_start:%d %b}, simulator)": truth.incident_start},
    shade={f"fewest chargebacks in yet (last {arriving_days} days)": (immature_from, truth.end)},
    shade_columns=["missed_fraud"],
    title=f"Simulated, from the launch: the incident is loud, the amount's PSI stays {drift.psi_band(psi_max)}, "
          f"missed fraud {rise_word} in {second_month}")
psi_phrase = (f"stays below {drift.PSI_MODERATE:g} all along" if psi_max < drift.PSI_MODERATE else
              f"reaches {psi_max:.2f}, the {drift.psi_band(psi_max)} band")
fig.text(0.01, -0.01, f"Takeaway: latency and errors flag the incident on the day; the PSI of the amount {psi_phrase}; "
         "missed fraud shows up only as chargebacks arrive, and no alert rule reads it; "
         f"{'no day shown has matured' if matured_to < first_live_day else matured_phrase} ({MATURE_DAYS} days), "
         f"the shaded weeks least. Gaps in precision: windows under {MIN_ALERTS} alerts (no evidence); its lines come in section 5.",
         fontsize=9, style="italic", ha="left", va="top", wrap=True)
plt.show()

# %%
missed_sentence = (
    f"Frauds that nobody held and that were charged back, per day, by month (95% bootstrap interval of the daily "
    f"mean, days treated as independent): {missed_list}. From {first_month} to {second_month} missed fraud "
    f"{rise_word}. No rule in the next section watches it: the precision rules read only the payments that were "
    "held, so fraud that slips past both model and rule never enters them, and a new pattern of fraud shows up "
    "only here, as chargebacks, weeks after the payments. Every month after the launch is read before its "
    f"chargebacks have matured ({MATURE_DAYS} days), the final {arriving_days} days (shaded) furthest from it, so "
    "they look better than they are. Late labels only lower a month's count: a rise in a month still being read is not "
    "their doing, a fall may be.")
story.md(
    f"Read the panels together (all simulated). The incident day stands out on latency and errors. Alert precision, the "
    f"review team's verdicts over seven days of alerts, moves between **{daily['alert_precision'].min():.0%}** and "
    f"**{daily['alert_precision'].max():.0%}**: on a few dozen alerts a week, how much of that is noise is the "
    f"question of the next section. The PSI of one input, the amount, over all traffic, peaks at "
    f"**{psi_max:.3f}**, in the *{drift.psi_band(psi_max)}* band (its lines, {drift.PSI_MODERATE:g} and "
    f"{drift.PSI_MAJOR:g}, come from `aipm_kit.drift`); each day compares only about "
    f"{daily['requests'].median():,.0f} payments with {len(reference_amounts):,} reference ones, and Exercise 4 "
    "asks what a whole month reads. Other inputs, and slices of the traffic, were not measured here (notebook 04 "
    f"does). {missed_sentence}"
)

# %% [markdown]
# An interactive view of the same table (pick a metric and a date range; it needs a live kernel). It
# opens on a panel the figure above leaves out: how many alerts the model raises a day. Section 5
# reads precision on a week of these alerts, so this count is how much evidence each reading has.

# %%
alerts_first = daily[["alerts"] + [c for c in daily.columns if c != "alerts"]]
alerts_first = alerts_first.rename(columns={"alerts": "model alerts (count per day)"})
monitoring.dashboard_widget(
    alerts_first, limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX},
    shade={f"fewest chargebacks in yet (last {arriving_days} days)": (immature_from, truth.end)},
    shade_columns=["missed_fraud"],
    title=f"Simulated model alerts after the launch: {daily['alerts'].mean():.1f} a day on average, "
          f"{7 * daily['alerts'].mean():.0f} a week")

# %%
current_amounts = payments.loc[payments["month"] == RING_MONTH, "amount"].to_numpy()
q4 = nb03.bind_psi(reference=reference_amounts.to_numpy(), current=current_amounts,
                   month=payments.loc[payments["month"] == RING_MONTH, "timestamp"].iloc[0].strftime("%B"))

# %% [markdown]
# ### Exercise 4 · The PSI of the amount, by hand

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
edges = np.quantile(reference_amounts, np.arange(1, 10) / 10, method="inverted_cdf")  # reference deciles
ref_share = np.bincount(np.searchsorted(edges, reference_amounts), minlength=10) / len(reference_amounts)
cur_share = np.bincount(np.searchsorted(edges, current_amounts), minlength=10) / len(current_amounts)
q4_answer = float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))
print(f"by hand {q4_answer:.5f}, drift.psi {drift.psi(reference_amounts, current_amounts).statistic:.5f}, "
      f"band: {drift.psi_band(q4_answer)}")
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(100 * q4_answer)
assert q4.check(____).correct is None

# %%
month_psi = drift.psi(reference_amounts, current_amounts).statistic
psi_noise_month = 9 * (1 / len(current_amounts) + 1 / len(reference_amounts))
month_psi_reading = (f"One reading without an interval, under the {drift.PSI_MODERATE:g} line, shows no large move in "
                     "the amount; it rules out neither a small one nor a change in anything else"
                     if month_psi < drift.PSI_MODERATE
                     else "The amount's distribution moved: look for what changed in it")
story.md(
    f"Why the daily panel and the month differ: on a sample this small, sampling noise alone gives a PSI of about "
    f"**{psi_noise_day:.3f}** a day on average (roughly (bins − 1) × (1/day's payments + 1/reference payments), "
    f"with ten bins), so the daily panel is mostly noise. A whole simulated month of **{len(current_amounts):,}** payments has "
    f"a noise level of about **{psi_noise_month:.4f}**, and reads **{month_psi:.4f}**, the *{drift.psi_band(month_psi)}* "
    f"band. {month_psi_reading}."
)

# %% [markdown]
# ## 5. Alert and rollback rules, replayed on the log
#
# Rules are data: a metric, a comparison, a threshold, how many consecutive checks, and an action.
# The checks run at the end of every hour, from the launch on. Latency is checked every hour,
# whatever its traffic: in a night hour of a few requests its p95 is close to the hour's slowest
# request, so one slow call can page; the replay below counts every page outside the incident.
# The error rate is read only in hours with at least `MIN_REQUESTS` requests, as on launch day; hourly precision is not an estimate at all: see the volume below.
# So precision is measured every hour on the trailing `PRECISION_WINDOW_HOURS` of alerts, each
# with the review team's verdict, and a window with fewer than `MIN_ALERTS` alerts counts as
# "no evidence" rather than a reading. So does every window not yet full: the first week after
# the launch (and after the start of the shadow month) gives no precision reading.

# %% tags=["nbval-check-output"]
hourly_raw = monitoring.monitoring_metrics(watch, freq="h", window=PRECISION_WINDOW_HOURS, min_alerts=MIN_ALERTS)
hourly = hourly_raw.assign(error_rate=hourly_raw["error_rate"].where(hourly_raw["requests"] >= MIN_REQUESTS))


def full_windows_only(metrics):
    """Precision only where the trailing window is full: the lines below are calibrated on full windows."""
    full = metrics.index >= metrics.index[0] + pd.Timedelta(hours=PRECISION_WINDOW_HOURS - 1)
    return metrics.assign(alert_precision=metrics["alert_precision"].where(full))


hourly = full_windows_only(hourly)
alerts_per_hour = float(hourly["alerts"].mean())
hours_without_alert = float((hourly["alerts"] == 0).mean())
window_alerts = max(int(hourly["window_alerts"].median()), 1)
# the reference: the first live month's model alerts, each held and graded by the review team within hours, as every
# live reading is; all known the day after that month ends, when the lines are drawn
lines_day = launch + pd.DateOffset(months=1)
ref_month = f"{launch:%B}"
ref_alerts = watch[(watch["timestamp"] < lines_day) & watch["flagged"]]
baseline_precision = float(ref_alerts["is_fraud"].mean())
baseline_alerts = len(ref_alerts)
base_low, base_high = wilson_interval(int(ref_alerts["is_fraud"].sum()), baseline_alerts, confidence=0.95)
print("simulated months from the launch, hourly checks:")
print(f"requests per hour (median):                 {hourly['requests'].median():.0f}")
print(f"alerts per hour (mean):                     {alerts_per_hour:.2f}")
print(f"hours with no alert at all:                 {hours_without_alert:.0%}")
print(f"alerts per {PRECISION_WINDOW_HOURS} h window (median):         {window_alerts}")
print(f"{ref_month} (first live month), review verdicts: precision {baseline_precision:.1%} of {baseline_alerts} "
      f"alerts (95% Wilson {base_low:.1%} to {base_high:.1%})")

# %%
story.md(
    f"With about **{alerts_per_hour:.2f}** alerts an hour, **{hours_without_alert:.0%}** of hours hold no alert "
    "at all and most of the rest hold one: a one-hour precision is undefined, 0 or 1, not an estimate, and no "
    f"interval formula rescues a sample of one. The trailing window holds about **{window_alerts}** alerts. The "
    f"model's precision in {ref_month}, its first live month, on the review team's verdicts, is "
    f"**{baseline_precision:.0%}** (95% Wilson interval {base_low:.0%} to {base_high:.0%}: the uncertainty of "
    "that rate, not the spread of a week's readings, which the simulation below gives)."
)

# %% [markdown]
# ### Where to draw the precision lines
#
# An alert should warn a person before a rollback acts, and neither should fire on the noise of a
# calm week. The lines need the model's normal precision, measured as every live reading is: on
# the review team's verdicts of its alerts. The first live month gives it: each of its alerts was
# held and reviewed within hours, so its precision is known the day after it ends, and the lines
# are drawn then, at that month's alert volume. (The shadow month measures something else: the
# candidate's own alerts there held nothing and are graded by chargebacks, which arrive late and
# miss fraud never charged back.) The simulation draws many calm weeks at that volume (alerts
# per hour of the day as in that month, each alert a fraud with that month's precision,
# independently), runs the hourly checks on the trailing window, and keeps the lowest
# reading of each week. The **alert line** is the highest line such a week crosses in at most
# `ALERT_CALM_WEEKS` of weeks; the **rollback floor**, which must hold for `FLOOR_HOURS`
# consecutive checks, the highest crossed in at most `ROLLBACK_CALM_WEEKS`, each judged on the 95%
# Wilson upper bound of the simulated share. The same simulation with precision falling
# `INCIDENT_DROP_POINTS` points (and, for the collapses, twice that) at the start of a week says how
# often each line catches such a drop within that week.
#
# The first live month is normal by definition: had the model already been worse in it, the lines
# would take that as normal. Its precision is uncertain too: the table also says how often each
# line fires if normal precision were the low end of its 95% interval, and the rollback's detection
# is read at both ends of it.

# %%
ref_days = (lines_day - launch).total_seconds() / 86_400
alerts_by_hour = ref_alerts["timestamp"].dt.hour.value_counts().reindex(range(24), fill_value=0).to_numpy() / ref_days
n_weeks = 1_000 if FAST else CALM_WEEKS_SIMULATED
line_volume = 1.0  # the reference month's own volume
LINES = np.round(np.arange(0.200, 1.0, 0.005), 3)  # candidate lines, half a point apart
_lowest, _held = {}, {}


def lowest_readings(precision_after, for_periods, volume=line_volume, before=None):
    """Per simulated week: the lowest trailing-window precision its hourly checks see (held for
    ``for_periods`` consecutive checks). The window before the week runs at ``before`` (default: the
    reference month's precision); ``volume`` scales the reference month's alerts per hour (default: its own)."""
    before = baseline_precision if before is None else before
    key = (round(precision_after, 6), for_periods, round(volume, 6), round(before, 6))
    if key not in _lowest:
        rng = np.random.default_rng(SEED)
        hours = PRECISION_WINDOW_HOURS + 168
        expected = np.resize(alerts_by_hour * volume, hours)  # hour 0 of the simulation is midnight
        alerts = rng.poisson(expected, size=(n_weeks, hours))
        p = np.where(np.arange(hours) < PRECISION_WINDOW_HOURS, before, precision_after)
        hits = rng.binomial(alerts, p)
        start = np.arange(1, 169)  # the 168 hourly checks of the week, each on the trailing window
        cum_a = np.concatenate([np.zeros((n_weeks, 1)), alerts.cumsum(axis=1)], axis=1)
        cum_h = np.concatenate([np.zeros((n_weeks, 1)), hits.cumsum(axis=1)], axis=1)
        in_window = cum_a[:, start + PRECISION_WINDOW_HOURS] - cum_a[:, start]
        hit_window = cum_h[:, start + PRECISION_WINDOW_HOURS] - cum_h[:, start]
        reading = np.where(in_window >= MIN_ALERTS, hit_window / np.maximum(in_window, 1), np.inf)  # inf: no evidence
        held = np.max([reading[:, k:reading.shape[1] - for_periods + 1 + k] for k in range(for_periods)], axis=0)
        _lowest[key] = held.min(axis=1)
        if precision_after == before:  # calm weeks (at any normal): keep every check, to count firings
            _held[key] = held
    return _lowest[key]


def calm_share(line, for_periods=1, volume=line_volume):
    """Share of simulated calm weeks in which a precision rule at ``line`` fires at least once."""
    return float((lowest_readings(baseline_precision, for_periods, volume) < line).mean())


def calm_firings(line, for_periods=1, volume=line_volume, normal=None):
    """Firings per simulated calm week of a rule at ``line``, as (mean, low, high): each run of checks below the
    line is one firing, and a week can hold several. The interval is the 95% normal interval of the mean over
    the simulated weeks (with no firing at all, 0 to 3/n, the rule of three). ``normal``: the precision of a calm
    week (default: the reference month's)."""
    normal = baseline_precision if normal is None else normal
    lowest_readings(normal, for_periods, volume, before=normal)
    below = _held[(round(normal, 6), for_periods, round(volume, 6), round(normal, 6))] < line
    per_week = below[:, 0].astype(int) + (below[:, 1:] & ~below[:, :-1]).sum(axis=1)
    mean = float(per_week.mean())
    if mean == 0:
        return 0.0, 0.0, 3 / len(per_week)
    half = 1.96 * float(per_week.std(ddof=1)) / np.sqrt(len(per_week))
    return mean, max(mean - half, 0.0), mean + half


def year_text(line, for_periods):
    mean, low, high = calm_firings(line, for_periods)
    return f"{52 * mean:.1f} ({52 * low:.1f} to {52 * high:.1f})"


def caught_share(line, for_periods=1, drop_points=INCIDENT_DROP_POINTS, volume=line_volume):
    """Share of simulated weeks with a ``drop_points`` fall in precision in which the rule fires within the week."""
    return float((lowest_readings(max(baseline_precision - drop_points / 100, 0.0), for_periods, volume)
                  < line).mean())


def normal_reads(line, for_periods=1, drop_points=0.0, volume=line_volume):
    """Share of simulated weeks in which a rule at ``line`` fires if normal precision were each end of the reference
    month's 95% interval, before and through the week, less ``drop_points`` in the week: (at the top, at the bottom).
    ``volume`` scales the reference month's alerts per hour (default: its own)."""
    return tuple(float((lowest_readings(max(normal - drop_points / 100, 0.0), for_periods, volume, before=normal)
                        < line).mean()) for normal in (base_high, base_low))


def caught_interval(line, for_periods=1, drop_points=INCIDENT_DROP_POINTS, volume=line_volume):
    """(low, high): the share of weeks in which a rule at ``line`` catches a ``drop_points`` drop within the week,
    across normal precision's 95% interval: the lowest and highest 95% Wilson ends of the reads at its point and at
    both ends of that interval."""
    shares = [caught_share(line, for_periods, drop_points, volume), *normal_reads(line, for_periods, drop_points, volume)]
    ends = [wilson_interval(round(share * n_weeks), n_weeks, confidence=0.95) for share in shares]
    return min(low for low, _ in ends), max(high for _, high in ends)


def line_for(share, for_periods=1, volume=line_volume):
    """The highest line on the half-point grid that fires in at most ``share`` of simulated calm weeks, judged
    on the 95% Wilson upper bound of that share (not its point), so simulation noise cannot push it over.
    ``volume`` scales the reference month's alerts per hour."""
    fires = (lowest_readings(baseline_precision, for_periods, volume)[:, None] < LINES).sum(axis=0)
    upper = np.array([wilson_interval(int(k), n_weeks, confidence=0.95)[1] for k in fires])
    allowed = LINES[upper <= share]
    if not len(allowed):
        raise ValueError(f"no line from {LINES[0]} up fires in at most {share:.1%} of calm weeks")
    return float(allowed.max())


alert_line = line_for(ALERT_CALM_WEEKS)
floor_line = line_for(ROLLBACK_CALM_WEEKS, FLOOR_HOURS)
collapse_points = 2 * INCIDENT_DROP_POINTS  # a collapse: twice the incident the lines are sized for


def wilson_text(share):
    low, high = wilson_interval(round(share * n_weeks), n_weeks, confidence=0.95)
    return f"{share:.1%} ({low:.1%} to {high:.1%})"


line_rows = [("precision drop (alert)", alert_line, 1), ("precision floor (rollback)", floor_line, FLOOR_HOURS)]
lines_table = pd.DataFrame({
    "line (%)": [f"{100 * line:.1f}" for _, line, _ in line_rows],
    "checks in a row": [k for _, _, k in line_rows],
    "fires in calm weeks (95% Wilson)": [wilson_text(calm_share(line, k)) for _, line, k in line_rows],
    "false firings a year, calm (95%)": [year_text(line, k) for _, line, k in line_rows],
    f"fires in a calm week if normal were {base_low:.0%} (its 95% low end)": [
        wilson_text(normal_reads(line, k)[1]) for _, line, k in line_rows],
    f"catches a {INCIDENT_DROP_POINTS}-point drop in its week": [wilson_text(caught_share(line, k))
                                                                 for _, line, k in line_rows],
    f"the same if normal were {base_high:.0%} / {base_low:.0%} (its 95% ends)": [
        " / ".join(f"{share:.1%}" for share in normal_reads(line, k, INCIDENT_DROP_POINTS)) for _, line, k in line_rows],
    f"catches a {collapse_points}-point collapse": [wilson_text(caught_share(line, k, collapse_points))
                                                    for _, line, k in line_rows],
}, index=pd.Index([name for name, _, _ in line_rows], name="rule"))

# %% tags=["nbval-check-output"]
print(f"{n_weeks:,} simulated weeks at {ref_month}'s volume ({alerts_by_hour.sum() * 7:.0f} alerts a week) and "
      f"precision ({baseline_precision:.1%}, review verdicts); lines drawn on {lines_day:%d %B}:")
print(lines_table.T.to_string())  # one column per rule: the long headers become readable row labels
print(f"the alert line sits above the rollback floor, so the alert fires first: {'yes' if alert_line > floor_line else 'no'}")

# %%
weeks_with_evidence = float(np.isfinite(lowest_readings(baseline_precision, 1)).mean())
model_only_daily = pd.DataFrame({  # review verdicts on the holds only the model makes: visible within hours
    "fraud_usd": (watch["amount"] * (model_adds & watch["is_fraud"])).groupby(live_day).sum(),
    "false_holds": (model_adds & ~watch["is_fraud"]).groupby(live_day).sum().astype(float)})
adds_usd = bootstrap_interval(model_only_daily["fraud_usd"].to_numpy(), n_boot=2_000, seed=SEED)
adds_false = bootstrap_interval(model_only_daily["false_holds"].to_numpy(), n_boot=2_000, seed=SEED)
# the price of a day off, on the verdicts known when the lines are drawn: the reference month's days only
price_usd = bootstrap_interval(model_only_daily.loc[model_only_daily.index < lines_day, "fraud_usd"].to_numpy(),
                               n_boot=2_000, seed=SEED)
model_extra_per_day = price_usd.estimate
order_sentence = ("so a person is warned before anything switches by itself" if alert_line > floor_line else
                  "so nothing warns a person before the rollback acts: tolerate fewer false rollbacks")
floor_caught = caught_share(floor_line, FLOOR_HOURS)
# detection read at the reference rate and at both ends of its 95% interval, as the false firings are
caught_low, caught_high = caught_interval(floor_line, FLOOR_HOURS)
caught_at_top, caught_at_bottom = normal_reads(floor_line, FLOOR_HOURS, INCIDENT_DROP_POINTS)
detect_word = "pass" if caught_low >= DETECT_LINE else "fail" if caught_high < DETECT_LINE else "not yet"
detect_reads = (f"it catches a {INCIDENT_DROP_POINTS}-point drop within its week in {floor_caught:.0%} of simulated "
                f"weeks at {ref_month}'s rate, {caught_at_top:.0%} if normal were at the top of its 95% interval "
                f"({base_high:.0%}) and {caught_at_bottom:.0%} at the bottom ({base_low:.0%})")
collapse_caught = caught_share(floor_line, FLOOR_HOURS, collapse_points)
collapse_low = wilson_interval(round(collapse_caught * n_weeks), n_weeks, confidence=0.95)[0]
speed_sentence = {
    "fail": f"So a floor drawn at this {ROLLBACK_CALM_WEEKS:.0%} tolerance is no defence against a "
            f"{INCIDENT_DROP_POINTS}-point drop at this volume: {detect_reads}, under {DETECT_LINE:.0%} across that "
            "interval. The defence is the alert and the person it pages, who reads the week's reviewed alerts and "
            "can roll back by hand (Exercise 5 prices a looser tolerance).",
    "pass": f"At this volume {detect_reads}: at least {DETECT_LINE:.0%} across that interval.",
    "not yet": f"Whether the rollback is a defence against a {INCIDENT_DROP_POINTS}-point drop is **not yet** "
               f"settled: {detect_reads}. Across that interval, each read with its 95% Wilson interval, it is "
               f"neither wholly above nor wholly below {DETECT_LINE:.0%}. Until it is, the defence is the alert and "
               "the person it pages, who reads the week's reviewed alerts and can roll back by hand (Exercise 5 "
               "prices a looser tolerance).",
}[detect_word]
tolerance_settle = (f"more reviewed months: {ref_month}'s {baseline_alerts} reviewed alerts leave normal precision "
                    f"between {base_low:.0%} and {base_high:.0%}; each month adds about as many, and the lines are "
                    "redrawn on them")
costs = (
    f"The alert line sits at **{alert_line:.1%}**, the rollback floor at **{floor_line:.1%}**, {order_sentence}. "
    "A false alert costs a person's look at the week's reviews; a false rollback switches off, until two people "
    f"restore it, a model whose holds stop about **${model_extra_per_day:,.0f}** a day of fraud the rule alone lets "
    f"through ({ref_month}'s review verdicts, known on {lines_day:%d %B} when the lines are drawn; 95% bootstrap over "
    f"its days {price_usd.low:,.0f} to {price_usd.high:,.0f} dollars). {speed_sentence} The lines also rest on {ref_month}'s precision, itself uncertain "
    f"({base_low:.0%} to {base_high:.0%}, 95% Wilson): if normal were at the low end, the alert would fire in "
    f"{normal_reads(alert_line, 1)[1]:.0%} of weeks against its "
    f"{ALERT_CALM_WEEKS:.0%} tolerance, and the rollback in "
    f"{normal_reads(floor_line, FLOOR_HOURS)[1]:.0%} against its "
    f"{ROLLBACK_CALM_WEEKS:.0%}. So whether the lines keep their tolerances is **not yet** settled: they do at "
    f"{ref_month}'s rate, not across its interval. What settles it: {tolerance_settle}.")
no_evidence = (
    f"At this volume only {weeks_with_evidence:.0%} of simulated weeks ever hold {MIN_ALERTS} alerts in a window: the "
    "precision rules almost never have evidence, so they can neither fire on noise nor catch a drop, and the lines "
    f"({alert_line:.1%} and {floor_line:.1%}) are only the top of the grid. Precision cannot be watched hour by hour "
    "here; it needs a longer window or a person reading the reviews.")
story.md(costs if weeks_with_evidence >= 0.5 else no_evidence)


def precision_rules(alert_at, floor_at):
    """The two precision rules as data: an alert, and a rollback below it."""
    return [{"name": "precision drop", "metric": "alert_precision", "op": "<", "threshold": alert_at},
            {"name": "precision floor", "metric": "alert_precision", "op": "<", "threshold": floor_at,
             "for_periods": FLOOR_HOURS, "action": "rollback"}]


rules = monitoring.rules_from_records([
    {"name": "p95 latency", "metric": "latency_p95", "op": ">", "threshold": P95_LATENCY_MS},
    {"name": f"error rate (from {MIN_REQUESTS} requests)", "metric": "error_rate", "op": ">",
     "threshold": ERROR_RATE_MAX},
    *precision_rules(alert_line, floor_line),
])
monitoring.rules_table(rules)

# %% [markdown]
# The rules are replayed on the logged months: the serving rules from the launch, the precision
# rules from the day their lines were drawn, with every switch to the rule priced: the serving
# alerts switch after a person's response; the precision alert is a page to read the week's reviews,
# not a switch, so it is counted, not priced; every switch goes back as the runbook says: a serving
# switch after `RESTORE_AFTER_HOURS` healthy hours, read on the copy the fraud service still gets,
# plus `RESTORE_AGREE_HOURS` for two people to agree; a precision rollback `ROLLBACK_RESTORE_HOURS`
# after it fires. The two
# precision rules are also replayed on the first live month, the reference the lines were drawn
# on: a firing there can only be noise, since those weeks define normal. The incident's hours are
# found in the log itself: hours whose p95 latency is above the checkout's `TIMEOUT_MS`, when most
# slow calls are lost.

# %%
# the precision lines exist only from lines_day: before it, no precision reading is checked against them
hourly_live = hourly.assign(alert_precision=hourly["alert_precision"].where(hourly.index >= lines_day))
ref_hourly = hourly[hourly.index < lines_day]  # the reference month (its first week's windows are not full)
replay = monitoring.replay_rules(hourly_live, rules)
restore_hours = RESTORE_AFTER_HOURS + RESTORE_AGREE_HOURS  # healthy hours, then two people agree (the runbook)
priced = monitoring.rule_outcomes(watch, replay, restore_after_hours=restore_hours, flag_col="served",
                                  response_minutes={"alert": ALERT_RESPONSE_MINUTES, "rollback": 0})
# a precision rollback: no reading clears it, so it runs from its firing for ROLLBACK_RESTORE_HOURS (the runbook)
_from_firing = dataclasses.replace(replay, events=replay.events.assign(cleared_at=replay.events["fired_at"]))
priced_floor = monitoring.rule_outcomes(watch, _from_firing, restore_after_hours=ROLLBACK_RESTORE_HOURS,
                                        flag_col="served", response_minutes={"alert": ALERT_RESPONSE_MINUTES,
                                                                             "rollback": 0})
priced = pd.concat([priced[priced["rule"] != "precision floor"],
                    priced_floor[priced_floor["rule"] == "precision floor"]], ignore_index=True)
priced_table = priced[priced["rule"] != "precision drop"].assign(
    first_fired_at=priced["first_fired_at"].dt.strftime("%d %b %H:%M").fillna("never"),
    hours_on_fallback=priced["hours_on_fallback"].round(0).astype(int),
    dollars_saved=priced["dollars_saved"].round(0).astype(int)).rename(columns={
        "first_fired_at": "first fired", "hours_on_fallback": "hours on fallback",
        "users_on_fallback": "requests moved", "users_spared_failures": "failures spared",
        "dollars_saved": "fraud saved (USD)"}).set_index("rule").rename_axis("rule (simulated months)")
def replay_floor(floor, alert_at=None):
    """Replay the precision rules with this floor: firings of the rollback on the reference month and after it,
    and the first rollback after it (None if none)."""
    both = monitoring.rules_from_records(precision_rules(alert_line if alert_at is None else alert_at, floor))

    def rollbacks(metrics):
        events = monitoring.replay_rules(metrics, both).events
        return events[events["rule"] == "precision floor"]

    live = rollbacks(hourly_live)
    return {"reference_firings": len(rollbacks(ref_hourly)), "live_firings": len(live),
            "live_first": pd.Timestamp(live["fired_at"].min()) if len(live) else None}


def times(n, one="time", many="times"):
    """'1 time', '3 times': a count with its noun."""
    return f"{n:,} {one if n == 1 else many}"


# the incident, as the log shows it: the longest run of hours whose p95 latency exceeds the timeout
slow = (hourly["latency_p95"] > TIMEOUT_MS).to_numpy()
runs = np.split(np.arange(len(slow)), np.flatnonzero(np.diff(slow.astype(int))) + 1)
slow_runs = [r for r in runs if slow[r[0]]]
longest = max(slow_runs, key=len)
incident_start = hourly.index[longest[0]]
incident_end = hourly.index[longest[-1]] + pd.Timedelta(hours=1)

# %% tags=["nbval-check-output"]
latency_fired = replay.first_fire("p95 latency")
minutes_to_fire = (latency_fired - incident_start).total_seconds() / 60
checks_to_fire = int(np.ceil(minutes_to_fire / 60))  # hourly checks from the incident's start to the firing
floor = priced.set_index("rule").loc["precision floor"]
drop = priced.set_index("rule").loc["precision drop"]
floor_replay = replay_floor(floor_line)
ref_replay = monitoring.replay_rules(ref_hourly, monitoring.rules_from_records(
    precision_rules(alert_line, floor_line)))
ref_alerts_fired = int((ref_replay.events["rule"] == "precision drop").sum())
ref_weeks = (ref_hourly["alert_precision"].notna().sum()) / 168  # weeks of hourly checks with a full window


def outside_incident(events):
    return events[(events["period"] < incident_start) | (events["period"] >= incident_end)]


error_rule = rules[1].name
raw_error_rules = monitoring.rules_from_records(
    [{"name": "error rate", "metric": "error_rate", "op": ">", "threshold": ERROR_RATE_MAX}])
raw_error_events = monitoring.replay_rules(hourly_raw, raw_error_rules).events
error_noise_raw = outside_incident(raw_error_events)
error_noise_requests = hourly_raw.loc[error_noise_raw["period"], "requests"]
serving_events = replay.events[replay.events["rule"].isin(["p95 latency", error_rule])]
serving_noise = len(outside_incident(serving_events))
error_caught = bool(((replay.events["rule"] == error_rule) & (replay.events["period"] >= incident_start)
                     & (replay.events["period"] < incident_end)).any())
print(f"simulated incident found in the log: {incident_start:%d %b %H:%M} to {incident_end:%H:%M} UTC "
      f"({len(longest)} hours with p95 latency above {TIMEOUT_MS} ms)")
print(f"simulated: p95 latency rule fired {minutes_to_fire:.0f} minutes ({times(checks_to_fire, 'hourly check', 'hourly checks')}) "
      "after the incident began")
print(f"simulated error-rate rule outside the incident: {times(len(error_noise_raw))} without the {MIN_REQUESTS}-request "
      f"minimum, {times(serving_noise)} for all serving rules with it; error rule still fires in the incident: "
      f"{'yes' if error_caught else 'no'}")
print(f"simulated {ref_month}, the reference the lines were drawn on: precision alert fired "
      f"{times(ref_alerts_fired)}, rollback floor {times(floor_replay['reference_firings'])}")
print(f"simulated, from {lines_day:%d %B} (lines live): precision alert fired {times(int(drop['firings']))}, "
      f"rollback floor {times(floor_replay['live_firings'])}")
print("Every switch to the rule after the launch priced (simulated, UTC; fraud saved is negative when the fallback "
      "lost money; the latency and error rows are one event, the incident, seen by both rules, not two):")
print(priced_table.to_string())

# %%
drop_events = replay.events[replay.events["rule"] == "precision drop"]
fired_weeks = int(((drop_events["period"] - lines_day) // pd.Timedelta(days=7)).nunique())
fig, ax = plots.figure()
first_reading = hourly["alert_precision"].first_valid_index()
late_gaps = (0 if first_reading is None else  # hours under MIN_ALERTS after the first reading
             int(hourly.loc[first_reading:, "alert_precision"].isna().sum()))
ax.plot(hourly.index, hourly["alert_precision"], color=plots.NEUTRAL, lw=1,
        label=f"model alert precision, trailing {PRECISION_WINDOW_HOURS} h (from the first full window"
              + (f"; gaps: under {MIN_ALERTS} alerts)" if late_gaps else ")"))
ax.axhline(alert_line, color=plots.ACCENT, ls="--", lw=1.5, label=f"alert line ({alert_line:.1%})")
ax.axhline(floor_line, color=plots.BAD, ls="--", lw=1.5, label=f"rollback floor ({floor_line:.1%}, {FLOOR_HOURS} h in a row)")
ax.plot(drop_events["period"], hourly.loc[drop_events["period"], "alert_precision"], ls="none", marker="v",
        color=plots.ACCENT, label="alert fires")
ax.set_ylim(0, 1.05)
ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
floor_phrase = ("never reached" if floor_replay["live_firings"] == 0 else
                f"reached {times(floor_replay['live_firings'])}")
ax.axvline(lines_day, color="0.4", lw=1, ls=":")
ax.annotate(f"lines drawn here, on {ref_month}'s reviewed alerts", (lines_day, 1.04), xytext=(4, 0),
            textcoords="offset points", fontsize=8, color="0.3", va="top")
plots.finish(ax, title=f"Simulated, from {lines_day:%d %B}: precision crosses the alert line in "
                       f"{times(fired_weeks, 'week', 'weeks')}; the rollback floor is {floor_phrase}",
             xlabel="Date (UTC, hourly checks)", ylabel="Alert precision (share)",
             takeaway=f"The lines are drawn on {lines_day:%d %B} from {ref_month}'s reviewed alerts and checked "
                      "from then on; before it, the precision shown is the reference they were drawn on. " + (
                          f"The precision curve starts on {first_reading:%d %B}, when its first "
                          f"{PRECISION_WINDOW_HOURS}-hour window is full." if first_reading is not None else
                          f"No {PRECISION_WINDOW_HOURS}-hour window holds {MIN_ALERTS} alerts: no precision is drawn."),
             legend=False)
ax.legend(loc="lower left", frameon=False, ncol=2, fontsize=8)
plt.show()

# %%
lat = priced.set_index("rule").loc["p95 latency"]
which_check = {1: "first", 2: "second", 3: "third"}.get(checks_to_fire, f"{checks_to_fire}th")
# its two parts, over the same hours on the rule: fraud in the failed calls the rule then holds (gained), and fraud
# only the model would have held in the calls it still answered (given up); their difference is the net
spared_usd = given_up_usd = 0.0
switch_periods = []  # when the replayed latency alert has traffic on the rule (section 6 counts the incident with it)
for ev in replay.events[replay.events["rule"] == "p95 latency"].itertuples():
    on_rule_from = pd.Timestamp(ev.fired_at) + pd.Timedelta(minutes=ALERT_RESPONSE_MINUTES)
    on_rule_to = max(pd.Timestamp(ev.cleared_at), on_rule_from) + pd.Timedelta(hours=restore_hours)
    switch_periods.append((on_rule_from, on_rule_to))
    part = watch[(watch["timestamp"] >= on_rule_from) & (watch["timestamp"] < on_rule_to)]
    spared_usd += float(part.loc[part["error"] & part["fallback_flagged"] & part["is_fraud"], "amount"].sum())
    given_up_usd += float(part.loc[part["flagged"] & ~part["error"] & ~part["fallback_flagged"] & part["is_fraud"],
                                   "amount"].sum())
latency_money = (
    f"{'saves' if lat['dollars_saved'] >= 0 else 'costs'} **${abs(lat['dollars_saved']):,.0f}** of fraud, net: the "
    f"rule holds **${spared_usd:,.0f}** of fraud among the calls that would have failed, and gives up "
    f"**${given_up_usd:,.0f}** that only the model would have held among the calls it still answered")
live_weeks = (hourly.index[-1] + pd.Timedelta(hours=1) - lines_day).total_seconds() / (7 * 86_400)
n_live_weeks = int(np.ceil(live_weeks))  # weeks with the lines live (their windows are full from the start)
# the live weeks' own volume: the model's alerts from the day the lines were drawn, per week (the noise a line gives
# depends on how many alerts its window holds: fewer alerts, noisier readings)
live_alerts_week = float(watch.loc[watch["timestamp"] >= lines_day, "flagged"].sum()) / live_weeks
ref_alerts_week = float(alerts_by_hour.sum() * 7)
live_volume = live_alerts_week / ref_alerts_week  # scales the reference month's alerts per hour
volume_phrase = (f"the live weeks' volume ({live_alerts_week:.0f} model alerts a week, against {ref_month}'s "
                 f"{ref_alerts_week:.0f} the lines were drawn at)")
alert_calm = calm_share(alert_line, volume=live_volume)
noise_expected = alert_calm * n_live_weeks  # weeks with a firing a calm model would give
noise_top = int(binom.ppf(0.95, n_live_weeks, alert_calm))  # more weeks than this: unlikely on noise alone
# a firing's trailing window may hold the serving incident
window_span = pd.Timedelta(hours=PRECISION_WINDOW_HOURS)
overlapping = [fired for p, fired in zip(drop_events["period"], drop_events["fired_at"])
               if p - window_span < incident_end and p >= incident_start]  # each firing's time, as the table shows
overlap_sentence = ""
second_month_end = launch + pd.DateOffset(months=2)  # the second live month, where the dashboard reads the rise
rise_in_window = rise_word == "rose" and any(p - window_span < second_month_end for p in overlapping)
if overlapping:
    overlap_sentence = (
        f" The firing{'s' if len(overlapping) > 1 else ''} on "
        f"{' and '.join(f'{p:%d %b %H:%M}' for p in overlapping)} {'each read' if len(overlapping) > 1 else 'reads'} a trailing "
        f"week that holds the serving incident of {incident_start:%d %B}"
        + (f" and the first days of {second_month}, the month in which missed fraud rose (the dashboard above; the "
           "post-launch review dates the rise's first week)" if rise_in_window else "")
        + f". The count of weeks {'fits noise' if fired_weeks <= noise_top else 'is more than noise gives'}, but a "
          "count cannot say what caused one firing: "
          f"{'each' if len(overlapping) > 1 else 'this one'} could be noise or a first sign of a change in that "
          "week, and this notebook cannot tell which. The page sends a person to read that week's reviewed alerts.")
noise_reading = (("is within what noise would give" if overlapping else
                  "is what noise would give: read the reviewed alerts, do not conclude the model got worse")
                 if fired_weeks <= noise_top else
                 f"is more than noise gives in 95% of such stretches (at most {noise_top}): look for a real change")
drop_when = ("never fires" if drop["firings"] == 0 else
             f"fires **{times(int(drop['firings']))}**, first on {drop['first_fired_at']:%d %b %H:%M}: each a page "
             "for a person to read the week's reviewed alerts (a page, not a switch, so not priced). "
             f"Those firings fall in {times(fired_weeks, 'week', 'different weeks')} of the {n_live_weeks} weeks "
             f"since the lines were drawn. At {volume_phrase} this line fires in {alert_calm:.0%} of calm weeks, so noise "
             f"alone gives about {noise_expected:.1f} weeks with a firing in {n_live_weeks} (at most {noise_top} in "
             f"95% of such stretches, binomial, a rough reading: it treats the weeks as independent, and a trailing "
             f"window spans two weeks): {times(fired_weeks, 'week', 'weeks')} {noise_reading}.{overlap_sentence}")
floor_when = ("never fires" if floor["firings"] == 0 else
              f"fires **{times(int(floor['firings']))}**, for a net **${floor['dollars_saved']:,.0f}** of fraud")
ref_bound = 3 / ref_weeks  # rule of three: 0 events in n trials, one-sided 95% bound about 3/n
shadow_sentence = (
    f"On the {ref_weeks:.1f} weeks of {ref_month} with full windows, the reference the lines were drawn on, the "
    f"alert fires {times(ref_alerts_fired)} and the rollback {times(floor_replay['reference_firings'])}. Zero "
    f"firings in so few weeks proves little: after 0 in {ref_weeks:.1f} weeks the one-sided 95% bound (rule of "
    f"three, 3/n) on the weekly rate is about {ref_bound:.2f} a week; "
    "the simulated calm weeks above carry the evidence." if floor_replay["reference_firings"] == 0 else
    f"On the {ref_weeks:.1f} weeks of {ref_month} with full windows, the reference the lines were drawn on, the "
    f"alert fires {times(ref_alerts_fired)} and the rollback {times(floor_replay['reference_firings'])}: a "
    "rollback that fires on the weeks that define normal is set too high.")
error_sentence = (
    f" Without the {MIN_REQUESTS}-request minimum, the error-rate alert would also fire "
    f"**{times(len(error_noise_raw))}** outside the incident, in night hours of at most "
    f"**{error_noise_requests.max():.0f}** requests, where one or two failed calls make a rate above the line; with it, "
    f"the serving alerts fire **{times(serving_noise)}** outside the incident"
    + (" and the error rule still fires during it." if error_caught else ", and the error rule misses the incident.")
    if len(error_noise_raw) else "")
story.md(
    f"In the simulated log, the **p95 latency** rule fires **{minutes_to_fire:.0f} minutes** after the incident starts (the start read "
    f"from the log), at the {which_check} hourly check. That is true by construction, not a test of the rule: the "
    f"incident is found as the hours whose p95 is above the {TIMEOUT_MS} ms timeout, and the rule fires above "
    f"{P95_LATENCY_MS} ms, so it must fire in the incident's first hour; the review below does not count it as "
    "evidence. What it does show is the speed of an hourly check: finding out sooner needs more frequent checks. "
    f"With a "
    f"{ALERT_RESPONSE_MINUTES}-minute response (assumed), and the fallback kept until latency, read on the copy the "
    f"fraud service still gets, has been healthy for {times(RESTORE_AFTER_HOURS, 'hour', 'hours')} and two people have agreed to switch back (assumed "
    f"{times(RESTORE_AGREE_HOURS, 'hour', 'hours')}; the runbook), it moves "
    f"**{int(lat['users_on_fallback']):,}** requests to the rule, spares **{int(lat['users_spared_failures']):,}** "
    f"of them a failed check, and {latency_money}.\n\nFrom {lines_day:%d %B}, when its line was drawn, the **precision alert** "
    f"{drop_when}{'' if drop_when.endswith('.') else '.'} The "
    f"**rollback floor** {floor_when}. {shadow_sentence}{error_sentence}"
)
story.record_table([
    ("latency_rule_dollars_saved", float(lat["dollars_saved"]),
     "Fraud dollars the latency rule's fallback saves (negative: costs), simulated, replayed: the switch thrown as "
     "planned", "${:,.0f}"),
    ("latency_rule_failures_spared", int(lat["users_spared_failures"]),
     "Requests the latency rule's fallback spares a failed check, simulated, replayed: the switch thrown as planned",
     "{:,}"),
    ("serving_noise_firings", serving_noise, "Serving-alert firings outside the incident after launch, simulated"),
    ("precision_alert_line", alert_line, "Precision alert line (from simulated calm weeks)", "{:.1%}"),
    ("precision_floor_line", floor_line, "Precision rollback floor (from simulated calm weeks)", "{:.1%}"),
    ("precision_floor_calm_share", calm_share(floor_line, FLOOR_HOURS),
     "Simulated calm weeks in which the rollback fires", "{:.1%}"),
    ("precision_floor_caught_share", floor_caught,
     f"Simulated weeks in which the rollback catches a {INCIDENT_DROP_POINTS}-point drop", "{:.0%}"),
    ("precision_floor_firings_reference", floor_replay["reference_firings"],
     "Rollback-floor firings replayed on the first live month (the lines' reference), simulated"),
    ("precision_floor_firings", floor_replay["live_firings"],
     "Precision-floor rollbacks once the lines were drawn, simulated"),
])

# %%
days_off = ROLLBACK_RESTORE_HOURS / 24  # a false rollback keeps the model off this many days, whatever the floor


def cost_reads(floor, for_periods=FLOOR_HOURS, price=None, volume=line_volume):
    """A year of a floor's false rollbacks in dollars, read as detection is: at the reference month's precision and
    at both ends of its 95% interval. Each read is (point, low, high): the false rollbacks a year (52 times the
    firings per calm week, with its 95% interval) times a day off's price (``price``, a bootstrap interval; default
    the reference month's, ``price_usd``), combined on the log scale (``nb03.product_interval``, 95%)."""
    price = price_usd if price is None else price
    reads = {}
    for name, normal in (("point", baseline_precision), ("top", base_high), ("bottom", base_low)):
        mean, low, high = calm_firings(floor, for_periods, volume=volume, normal=normal)
        reads[name] = nb03.product_interval(52 * mean, (52 * low, 52 * high), days_off * price.estimate,
                                            (days_off * price.low, days_off * price.high))
    return reads


def yearly_cost(floor, for_periods=FLOOR_HOURS, price=None, volume=line_volume):
    """(point, low, high): the yearly cost of a floor's false rollbacks at the reference month's precision, and its
    range across normal precision's 95% interval, from the lowest to the highest 95% end of the three reads."""
    reads = cost_reads(floor, for_periods, price, volume)
    return (reads["point"][0], min(r[1] for r in reads.values()), max(r[2] for r in reads.values()))


q5 = nb03.bind_floor(line_for=line_for, calm_share=calm_share, caught_share=caught_share, calm_firings=calm_firings,
                     n_weeks=n_weeks,
                     for_periods=FLOOR_HOURS, drop_points=INCIDENT_DROP_POINTS, detect_line=DETECT_LINE,
                     alert_tolerance=ALERT_CALM_WEEKS, cost_per_false_rollback=model_extra_per_day,
                     cost_interval=(price_usd.low, price_usd.high), days_off=days_off,
                     budget_per_year=FALSE_ROLLBACK_BUDGET_USD, caught_interval=caught_interval,
                     yearly_cost=yearly_cost)

# %% [markdown]
# ### Exercise 5 · Trade false rollbacks for caught drops
#
# A false rollback switches the model off until two people restore it; a missed drop keeps holding
# good customers. After a rollback no precision reading comes back (the model's alerts are no longer
# held, so no longer reviewed), so the model stays off as the runbook says: `ROLLBACK_RESTORE_HOURS`
# (assumed) while the week's reviews are read and two people agree; `days_off` is that time
# in days, the same for every floor. Each day off is priced at `model_extra_per_day`, the fraud the model's
# extra holds stopped a day in its first live month, on the review verdicts known when the lines are drawn; it is
# sampled too (its 95% bootstrap interval, `price_usd`, is above).
# The review's line for each: the rollback catches a `INCIDENT_DROP_POINTS`-point drop within its
# week in at least `DETECT_LINE` of weeks, across normal precision's 95% interval
# (`caught_interval(floor, FLOOR_HOURS)`), and its false rollbacks cost at most
# `FALSE_ROLLBACK_BUDGET_USD` a year, read the same way: across normal precision's 95% interval
# (`yearly_cost(floor, FLOOR_HOURS)`, and each of its three reads in `cost_reads`). A lower normal
# precision means more calm weeks dip under the floor, so more false rollbacks.
# False rollbacks are counted as firings, `calm_firings(floor, FLOOR_HOURS, normal=...)` per calm
# week with its 95% interval, since a calm week can hold more than one; each read combines that
# interval with the price's on the log scale (`nb03.product_interval`: the delta method).

# %%
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
for share in (ROLLBACK_CALM_WEEKS, 0.03, 0.05, 0.08):
    f = line_for(share, FLOOR_HOURS)
    calm = calm_firings(f, FLOOR_HOURS)[0]  # firings per calm week
    c = yearly_cost(f, FLOOR_HOURS)  # across normal precision's 95% interval
    lo, hi = caught_interval(f, FLOOR_HOURS)
    print(f"tolerate {share:.0%}: floor {f:.3f}, about {52 * calm:.1f} false rollbacks a year of about "
          f"{24 * days_off:.0f} hours off each (${c[0]:,.0f} a year, {c[1]:,.0f} to {c[2]:,.0f} across normal "
          f"precision), catches a {INCIDENT_DROP_POINTS}-point drop within its week in "
          f"{caught_share(f, FLOOR_HOURS):.0%} ({lo:.0%} to {hi:.0%})")
my_share = 0.05  # one choice to test: below the alert's tolerance
my_floor = line_for(my_share, FLOOR_HOURS)
caught_lo, caught_hi = caught_interval(my_floor, FLOOR_HOURS)  # across normal precision's 95% interval
_, cost_lo, cost_hi = yearly_cost(my_floor, FLOOR_HOURS)  # the same interval, with the price's
q5_answer = (my_share, my_floor,
             "fail" if caught_hi < DETECT_LINE or cost_lo > FALSE_ROLLBACK_BUDGET_USD else
             "pass" if caught_lo >= DETECT_LINE and cost_hi <= FALSE_ROLLBACK_BUDGET_USD else "not yet")
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check((q5_answer[0], q5_answer[1], "fail" if q5_answer[2] != "fail" else "pass"))
assert not q5.check((ALERT_CALM_WEEKS + 0.05, line_for(ALERT_CALM_WEEKS + 0.05, FLOOR_HOURS), "pass"))
assert q5.check(____).correct is None

# %% [markdown]
# ## Post-launch review: gate 3's question, on the matured evidence
#
# Around the day the shadow month's chargebacks have matured, the team answers the question gate 3
# left open, and checks that the monitoring did its job on the months it watched. It reviews a
# model already live, laid out like a gate: three boxes (the model as an add-on, the model as a
# replacement, the monitoring design), each with its own verdict.

# %%
# after the launch both the model's and the rule's alerts are held and reviewed within hours: a like-with-like
# comparison at equal volume on the review team's verdicts (calls the model failed to answer left out)
answered = watch[~watch["error"]].reset_index(drop=True)
k_live = int(answered["fallback_flagged"].sum())
live_top = (answered["score"].rank(method="first", ascending=False) <= k_live).to_numpy()
live_rule = answered["fallback_flagged"].to_numpy()
live_verdict = answered["is_fraud"].to_numpy()
top_all_held = bool(answered.loc[live_top, "flagged"].all())  # every top score was held, so reviewed
live_pool = np.flatnonzero(live_top | live_rule)


def live_gap_of(rows):
    rows = rows.astype(int)
    return live_verdict[rows][live_top[rows]].mean() - live_verdict[rows][live_rule[rows]].mean()


live_gap = bootstrap_interval(live_pool.astype(float), statistic=live_gap_of, n_boot=2_000, seed=SEED)
held_phrase = ("every one of the top scores was held, so reviewed" if top_all_held else
               "some top scores were not held, so not reviewed: read with care")


# each read is decided on its own interval; the live months hold the fraud ring, so a pool of the two reads, which
# assumes the gap was the same in both periods, is shown only as a sensitivity (inverse variance, standard errors
# from the 95% bootstrap widths)
Z95, Z80 = 1.96, 0.84
se_shadow, se_live = (gap.high - gap.low) / (2 * Z95), (live_gap.high - live_gap.low) / (2 * Z95)
w_shadow, w_live = 1 / se_shadow ** 2, 1 / se_live ** 2
pooled_est = (w_shadow * gap.estimate + w_live * live_gap.estimate) / (w_shadow + w_live)
pooled_se = (w_shadow + w_live) ** -0.5
pooled_low, pooled_high = pooled_est - Z95 * pooled_se, pooled_est + Z95 * pooled_se
live_days_n = (watch["timestamp"].max() - launch).days + 1


def more_alerts(distance, se, n_alerted, days):
    """Alerted transactions (and days at this rate) for 80% power that the 95% interval lands wholly on one side of
    the criterion's line when the true gap is ``distance`` away from it (chosen before the test, never the observed
    gap)."""
    needed = int(np.ceil(n_alerted * ((Z95 + Z80) * se / distance) ** 2))  # se ~ 1/sqrt(n)
    more = max(needed - n_alerted, 0)
    return more, more / (n_alerted / days)


more_live, days_live = more_alerts(MIN_GAP_POINTS / 100, se_live, len(live_pool), live_days_n)
live_settle = (f"about {more_live:,} more live alerted transactions, about {days_live:.0f} more days, for 80% "
               f"power to settle the {MIN_GAP_POINTS}-point line when the true gap is {MIN_GAP_POINTS} points "
               "either side of it (0 or twice the line; set in advance)")
calm_hours = len(hourly) - len(longest)  # hourly checks outside the incident
if serving_noise == 0:
    noise_interval, noise_interval_name = (0.0, 168 * 3 / calm_hours), "one-sided 95% bound, rule of three (3/n)"
else:
    noise_interval = tuple(168 * np.array(wilson_interval(serving_noise, calm_hours, confidence=0.95)))
    noise_interval_name = "95% Wilson interval"
# the add-on as launched: value of the holds only the model made, on the review team's verdicts
addon_live = bootstrap_interval((watch["amount"] * watch["is_fraud"]).to_numpy()[model_adds.to_numpy()],
                                n_boot=2_000, seed=SEED)
# the launch-day value (chargebacks in by then) against the same shadow holds matured, and the live value by month
addon_matured = bootstrap_interval(shadow["amount"].to_numpy()[addon] * matured_known[addon], n_boot=2_000, seed=SEED)
# the trivial alternative read the same way: the looser rule's extra shadow holds on the same matured chargebacks (both
# sets of holds graded by chargeback alone), and what each nets in the month after a review per hold, as on launch day
_am, _bm = amounts[addon] * matured_known[addon], amounts[loose_adds] * matured_known[loose_adds]
loose_matured = bootstrap_interval(some(_bm), n_boot=2_000, seed=SEED)
_rng_m = np.random.default_rng(SEED)
_net_m = np.array([_net(_rng_m.choice(_am, _am.size)) - _net(_rng_m.choice(_bm, _bm.size)) for _ in range(2_000)])
net_matured = (float(_net(_am) - _net(_bm)), *np.percentile(_net_m, [2.5, 97.5]))
adds_month = watch["timestamp"].dt.strftime("%B")[model_adds]
addon_by_month = {m: bootstrap_interval((watch["amount"] * watch["is_fraud"])[model_adds][adds_month == m].to_numpy(),
                                        n_boot=2_000, seed=SEED) for m in adds_month.unique()}
addon_readings = pd.DataFrame(
    [(f"launch day: the {int(addon.sum())} shadow holds, chargebacks in by then (a floor)", addon_value),
     (f"the same {int(addon.sum())} shadow holds, chargebacks matured", addon_matured),
     *[(f"live, {m}: {int((adds_month == m).sum())} holds, review verdicts", iv) for m, iv in addon_by_month.items()],
     (f"the trivial alternative: the looser rule's {loose_holds} in the shadow month, chargebacks matured",
      loose_matured)],
    columns=["read", "iv"])
addon_readings = pd.DataFrame({
    "USD of fraud per extra hold": [f"{iv.estimate:,.0f}" for iv in addon_readings["iv"]],
    "95% bootstrap interval": [usd_interval(iv) for iv in addon_readings["iv"]],
}, index=pd.Index(addon_readings["read"], name="extra holds, simulated (the model's, then the looser rule's)"))
# the shadow month is over: what would settle the looser-rule line is a new period of shadow, sized from the smallest
# monthly difference worth acting on (MIN_NET_USD_MONTH, set in advance) and this month's spread (the 95% bootstrap
# width): the standard error of a monthly mean falls as one over the square root of the months
se_net_month = (net_matured[2] - net_matured[1]) / (2 * Z95)
months_needed = int(np.ceil(((Z95 + Z80) * se_net_month / MIN_NET_USD_MONTH) ** 2))
looser_settle = (f"a new shadow period with the model and the looser rule side by side, each read once its "
                 f"chargebacks have matured (about {MATURE_DAYS} days after its last payment): about "
                 f"{times(months_needed, 'month', 'months')} for 80% power that the 95% interval of the monthly "
                 f"difference clears zero when the true difference is {MIN_NET_USD_MONTH:,} dollars a month either "
                 "way (MIN_NET_USD_MONTH, set in advance; the spread read from the shadow month)")
review_addon = gates.Gate(f"Post-launch review, {retake_day:%d %B}: the model as an add-on (as launched)", [
    gates.criterion("Add-on: the model's extra holds stop at least their review cost (USD of fraud per hold)",
                    addon_live.estimate, ">=", REVIEW_COST_USD, interval=(addon_live.low, addon_live.high),
                    n=int(model_adds.sum()), fmt="{:,.0f}",
                    evidence=f"simulated months from the launch: the {int(model_adds.sum()):,} holds only the model "
                             "made, graded by the review team; 95% bootstrap interval over those holds; line: a "
                             f"{REVIEW_COST_USD}-dollar review and hold (assumed)"),
    gates.criterion("Add-on: the model's extra holds net more than the looser rule's (USD in the shadow month, after a "
                    "review per hold)", net_matured[0], ">", 0, interval=(net_matured[1], net_matured[2]),
                    fmt="{:+,.0f}",
                    evidence=f"simulated shadow month, chargebacks read {read_days[-1]} days after it: the model's "
                             f"{int(addon.sum())} extra holds against the looser rule's {int(loose_adds.sum())} (over "
                             f"{looser.min_amount:,.0f} USD, accounts under {looser.max_account_age_days} days, tuned on "
                             f"the labels known on {train_day:%d %B}), both graded by chargeback alone (a floor for "
                             "both); fraud dollars minus a review per hold; 95% bootstrap, each set resampled on its "
                             "own; line: zero, the trivial alternative",
                    settle=looser_settle),
])
review_replace = gates.Gate(f"Post-launch review, {retake_day:%d %B}: the model as a replacement for the rule", [
    gates.criterion(f"Candidate beats the rule by at least {MIN_GAP_POINTS} points at equal alert volume, simulated "
                    "shadow month, matured (points)",
                    100 * gap.estimate, ">=", MIN_GAP_POINTS, interval=(100 * gap.low, 100 * gap.high), fmt="{:+.1f}",
                    settle="no more data will come for this month: the live read decides",
                    evidence=f"top {k_alerts} scores against the rule's {k_alerts} alerts; the rule's holds graded by "
                             f"review, the rest by chargebacks read {read_days[-1]} days after the month (a floor for "
                             "the candidate); 95% bootstrap interval over the alerted transactions"),
    gates.criterion(f"Candidate beats the rule by at least {MIN_GAP_POINTS} points at equal alert volume, simulated "
                    "live months (points)",
                    100 * live_gap.estimate, ">=", MIN_GAP_POINTS, interval=(100 * live_gap.low, 100 * live_gap.high),
                    fmt="{:+.1f}", settle=live_settle,
                    evidence=f"top {k_live:,} scores against the rule's {k_live:,} alerts, all graded by review "
                             f"({held_phrase}); 95% bootstrap interval over the alerted transactions"),
])
# the rollback floor the review reads is the one you chose and defended in Exercise 5 (section 5's when unanswered)
q5_done = bool(q5.check(q5_answer).correct)
review_share, review_floor = ((float(q5_answer[0]), float(q5_answer[1])) if q5_done else
                              (ROLLBACK_CALM_WEEKS, floor_line))
floor_source = ("your Exercise 5 floor" if q5_done else "section 5's floor (Exercise 5 not answered)")
# the review reads the lines at the volume they watched (live_volume), not the one they were drawn at
review_caught = caught_share(review_floor, FLOOR_HOURS, volume=live_volume)
review_caught_iv = caught_interval(review_floor, FLOOR_HOURS, volume=live_volume)  # across normal's 95% interval
review_calm = calm_firings(review_floor, FLOOR_HOURS, volume=live_volume)  # false rollbacks per calm week
# a year of false rollbacks, priced on all live days, across normal precision's 95% interval (as in Exercise 5)
review_cost_reads = cost_reads(review_floor, FLOOR_HOURS, price=adds_usd, volume=live_volume)
review_cost = yearly_cost(review_floor, FLOOR_HOURS, price=adds_usd, volume=live_volume)
review_reads = {
    name: (calm_share(line, k, live_volume), *normal_reads(line, k, volume=live_volume), tolerance)
    for (name, line, k), tolerance in zip(((*line_rows[0],), ("precision floor (rollback)", review_floor, FLOOR_HOURS)),
                                          (ALERT_CALM_WEEKS, review_share))}
# your floor replayed on the logged months: would it have rolled the model back?
review_replay = replay_floor(review_floor)
held_low = hourly_live["alert_precision"].rolling(FLOOR_HOURS).max()  # the level each run of FLOOR_HOURS checks stays under
replay_sentence = (
    f" Replayed on the logged months from {lines_day:%d %B}, {floor_source} ({review_floor:.1%}) "
    + (f"would have rolled the model back **{times(review_replay['live_firings'])}**, first on "
       f"{review_replay['live_first']:%d %b %H:%M}."
       if review_replay["live_firings"] else
       f"would **never** have rolled the model back: the lowest precision held for {FLOOR_HOURS} checks in a row "
       f"was {held_low.min():.1%}, on {held_low.idxmin():%d %b %H:%M}." if held_low.notna().any() else
       f"would **never** have rolled the model back: no run of {FLOOR_HOURS} checks had a precision reading "
       f"(windows under {MIN_ALERTS} alerts), so it was never tested.")
    + f" This review's simulated reads are at {volume_phrase}.")
review_monitoring = gates.Gate(f"Post-launch review, {retake_day:%d %B}: the monitoring design", [
    gates.criterion("Serving alerts page on noise at most once a week after the launch (pages per week)",
                    168 * serving_noise / calm_hours, "<=", OPS_NOISE_PER_WEEK, interval=noise_interval, fmt="{:.2f}",
                    evidence=f"latency and error rules (error rate from {MIN_REQUESTS} requests an hour) replayed on "
                             f"the simulated log's {calm_hours:,} hours outside the incident, {serving_noise} firing; "
                             f"{noise_interval_name}, hours treated as independent"),
    gates.criterion(f"Rollback floor ({floor_source}, a {review_share:.0%} false-rollback tolerance) catches a "
                    f"{INCIDENT_DROP_POINTS}-point drop within its week (share of weeks)",
                    review_caught, ">=", DETECT_LINE, interval=review_caught_iv, fmt="{:.0%}",
                    evidence=f"floor {review_floor:.1%}, {n_weeks:,} simulated weeks at {volume_phrase}; the "
                             f"share at {ref_month}'s "
                             f"{baseline_precision:.0%} (review verdicts); the interval runs across normal "
                             f"precision's 95% Wilson interval ({base_low:.0%} to {base_high:.0%}): from the lowest "
                             "to the highest 95% Wilson end (simulation noise) of the reads at its point and at its "
                             "two ends",
                    settle=f"more reviewed months, not more simulated weeks: most of the width comes from normal "
                           f"precision's interval ({base_low:.0%} to {base_high:.0%} on {ref_month}'s "
                           f"{baseline_alerts} reviewed alerts), which each month of reviews narrows"),
    gates.criterion(f"Rollback floor ({floor_source}): its false rollbacks cost at most "
                    f"{FALSE_ROLLBACK_BUDGET_USD:,} dollars a year (USD a year)",
                    review_cost[0], "<=", FALSE_ROLLBACK_BUDGET_USD, interval=review_cost[1:], fmt="{:,.0f}",
                    evidence=f"{52 * review_calm[0]:.1f} false rollbacks a year at {ref_month}'s "
                             f"{baseline_precision:.0%} (95% interval {52 * review_calm[1]:.1f} to "
                             f"{52 * review_calm[2]:.1f}, {n_weeks:,} simulated calm weeks at {volume_phrase}), "
                             "each keeping the model "
                             f"off {ROLLBACK_RESTORE_HOURS} hours (the runbook, assumed), priced at the fraud its "
                             f"extra holds stopped a day over all live days to the review, {adds_usd.estimate:,.0f} "
                             f"dollars (95% bootstrap {adds_usd.low:,.0f} to {adds_usd.high:,.0f}; Exercise 5 priced "
                             f"it on {ref_month} alone, {model_extra_per_day:,.0f}); the two intervals combined on "
                             "the log scale (delta method), 95%. The interval runs across normal precision's 95% "
                             f"Wilson interval, as detection's does: {review_cost_reads['top'][0]:,.0f} a year if "
                             f"normal were {base_high:.0%} ({review_cost_reads['top'][1]:,.0f} to "
                             f"{review_cost_reads['top'][2]:,.0f}), {review_cost_reads['bottom'][0]:,.0f} if it were "
                             f"{base_low:.0%} ({review_cost_reads['bottom'][1]:,.0f} to "
                             f"{review_cost_reads['bottom'][2]:,.0f}); from the lowest to the highest end",
                    settle=f"more reviewed months: most of the width comes from normal precision's interval "
                           f"({base_low:.0%} to {base_high:.0%}), which each month of reviews narrows; more live "
                           "days narrow the price; a lower tolerance in Exercise 5 gives fewer false rollbacks"),
    *[gates.criterion(f"{name.capitalize()} line fires on noise in at most {tolerance:.0%} of calm weeks, across "
                      f"{ref_month}'s 95% interval of normal precision (share of weeks)",
                      point, "<=", tolerance, interval=(at_high, at_low), fmt="{:.1%}", settle=tolerance_settle,
                      evidence=f"{n_weeks:,} simulated weeks at {volume_phrase}; the share at {ref_month}'s "
                               f"{baseline_precision:.1%}, and from normal at the top of its 95% Wilson interval "
                               f"({base_high:.1%}) to its bottom ({base_low:.1%}), review verdicts")
      for name, (point, at_high, at_low, tolerance) in review_reads.items()],
])
review_addon

# %%
addon_readings

# %%
review_replace

# %%
review_monitoring

# %%
# a candidate rule on missed fraud, replayed before it is proposed: per payment week from the launch, the chargebacks
# of payments nobody held, as known LABEL_DELAY_DAYS after the week ends; it fires above the 99th percentile of a
# Poisson count at the mean of the first four weeks after the launch (the reference weeks; the rule itself was
# drawn after the rise was seen, as the prose says)
pay_week = ((watch["timestamp"] - launch) // pd.Timedelta(days=7)).to_numpy()
week_start = launch + pd.to_timedelta(np.arange(pay_week.max() + 1) * 7, unit="D")
read_on = week_start + pd.Timedelta(days=7 + LABEL_DELAY_DAYS)
readable = np.asarray(read_on <= truth.end)
weekly_missed = np.array([int(((pay_week == w) & ~held & (watch["label_available_at"] <= read_on[w])).sum())
                          for w in range(len(week_start))])
missed_ref_mean = float(weekly_missed[:4].mean())
missed_line = int(poisson.ppf(0.99, missed_ref_mean))
missed_fires = readable & (weekly_missed > missed_line)
missed_fires[:4] = False  # the reference weeks set the line; they are not read against it
n_quiet = int(readable[4:].sum() - missed_fires.sum())  # readable weeks after the reference that stayed quiet
if missed_fires.any():
    first_w = int(np.flatnonzero(missed_fires)[0])
    first_week_end = week_start[first_w] + pd.Timedelta(days=7)
    alert_in_rise = [fired for p, fired in zip(drop_events["period"], drop_events["fired_at"])
                     if p - window_span < first_week_end and p >= week_start[first_w]]
    _failed = (watch["error"] & (watch["timestamp"] >= incident_start) & (watch["timestamp"] < incident_end)).to_numpy()
    # the first week's count as the rule read it, and the part of it among the incident's failed calls
    first_count = int(weekly_missed[first_w])
    in_incident = int(((pay_week == first_w) & ~held & _failed
                       & (watch["label_available_at"] <= read_on[first_w]).to_numpy()).sum())
    confound = (f" That first week also holds the serving incident of {incident_start:%d %B}: the week's count is "
                f"{first_count}, of which {in_incident} were among its {int(_failed.sum()):,} failed calls (as read on "
                f"{read_on[first_w]:%d %B}; more came in later); without "
                f"them it is {first_count - in_incident}, "
                + (f"still above the line of {missed_line}, so the firing is not the incident's."
                   if first_count - in_incident > missed_line else
                   f"not above the line of {missed_line}: that week's firing may be the incident's.")
                if week_start[first_w] <= incident_start < first_week_end else "")
    missed_rule_sentence = (
        f"A candidate rule for it (weekly chargebacks of payments nobody held, read {LABEL_DELAY_DAYS:.0f} days after "
        f"each week, before they are all in; it fires above {missed_line}, the 99th percentile of a Poisson count at "
        f"the first four weeks' mean) fires for {times(int(missed_fires.sum()), 'week', 'weeks')} of the "
        f"{int(readable[4:].sum())} readable after its reference, first for the week from "
        f"{week_start[first_w]:%d %B}, read on {read_on[first_w]:%d %B}.{confound} It was drawn after the rise was "
        "seen and replayed on the same months, and has stayed quiet in "
        f"{times(n_quiet, 'week', 'weeks')} since its reference: how often it fires on noise is untested. Adopting "
        "it is **not yet**: run it beside the other rules until it has been seen quiet in calm weeks."
        + (f" The precision alert's firing{'s' if len(alert_in_rise) > 1 else ''} on "
           f"{' and '.join(f'{p:%d %b %H:%M}' for p in alert_in_rise)} (section 5) read trailing weeks that overlap "
           "this first week: noise or a first sign of the rise, and this notebook cannot tell which."
           if alert_in_rise else ""))
else:
    missed_rule_sentence = (
        f"A candidate rule for it (weekly chargebacks of payments nobody held, read {LABEL_DELAY_DAYS:.0f} days after "
        f"each week, line {missed_line}) never fires on the logged months: it would not have seen this rise, so "
        "the review does not adopt it; a faster signal is needed.")
# gate 3's lines not passed on launch day, each closed or carried forward here
gate3_open = [c.name for c in gate.criteria if c.status != "pass"]
switch_name = "Production switch drilled in the checkout (thrown to the rule, restored)"
# what the log shows in the incident: failed calls after the latency alert plus the response time, when the runbook
# has traffic on the rule (logged whether or not the switch was thrown: the copies fail too; its state is not logged)
switch_due = latency_fired + pd.Timedelta(minutes=ALERT_RESPONSE_MINUTES)
late_failed = int((watch["error"] & (watch["timestamp"] >= switch_due) & (watch["timestamp"] < incident_end)).sum())
switch_logged = (f"the log holds {late_failed:,} failed calls to the fraud service from {switch_due:%H:%M} (the "
                 f"alert plus the {ALERT_RESPONSE_MINUTES}-minute response, when the runbook has traffic on the rule) "
                 f"to the incident's end at {incident_end:%H:%M}. Whether the switch was thrown, the log cannot say: "
                 "the checkout sends the fraud service a copy of every payment either way, so failed calls are "
                 "logged either way, and the switch's state is not logged" if late_failed else
                 f"the log holds no failed call after {switch_due:%H:%M}, when the runbook had traffic on the rule; "
                 "the switch's state itself is not logged")
gate3_sentences = []
if switch_name in gate3_open:
    gate3_sentences.append(
        "The switch line is **not closed**: the production switch in the checkout was never drilled, and in the "
        f"incident {switch_logged}. The replays of section 5, and the incident counts of section 6 marked "
        "replayed, assume it works as planned, so they say what the switch would give, not what it gave.")
if SERVED_FEATURES_NAME in gate3_open:
    gate3_sentences.append(
        "The served-features line is **not closed** either: the simulated log from the launch on was written with "
        "the features as training computes them (the simulation's assumption, section 2), not with what the fixed "
        "service computed, so this review cannot rerun the skew check on served traffic.")
looser_name = next(c.name for c in gate.criteria if "looser rule" in c.name)
if looser_name in gate3_open:
    gate3_sentences.append("The looser-rule line is the add-on review's second criterion above, read on the "
                           "matured month.")
gate3_sentence = " ".join(gate3_sentences)
monitoring_word = {"GO": "sound", "NO-GO": "fails", "NOT YET": "not settled"}[review_monitoring.verdict]
# the review table's criteria in plain words, in its order: (said when it fails, said while it is open)
cost_words = (f"about {review_cost[0]:,.0f} dollars a year at {ref_month}'s precision, {review_cost[1]:,.0f} to "
              f"{review_cost[2]:,.0f} across normal precision's 95% interval")
line_words = {"precision drop (alert)": "the alert line", "precision floor (rollback)": "the rollback floor"}
monitoring_plain = [
    ("the serving alerts page on noise more than once a week",
     "whether the serving alerts page on noise at most once a week"),
    (f"the rollback floor ({review_floor:.1%}) catches a {INCIDENT_DROP_POINTS}-point drop within its week in fewer "
     f"than {DETECT_LINE:.0%} of weeks",
     f"whether the rollback floor ({review_floor:.1%}) catches a {INCIDENT_DROP_POINTS}-point drop within its week in "
     f"at least {DETECT_LINE:.0%} of weeks"),
    (f"the rollback floor's false rollbacks cost more than the {FALSE_ROLLBACK_BUDGET_USD:,} dollars a year "
     f"allowed ({cost_words})",
     f"whether the rollback floor's false rollbacks cost at most {FALSE_ROLLBACK_BUDGET_USD:,} dollars a year "
     f"({cost_words})"),
    *[(f"{line_words[name]} fires on noise in more than {tolerance:.0%} of calm weeks",
       f"whether {line_words[name]} fires on noise in at most {tolerance:.0%} of calm weeks wherever normal "
       f"precision lies in {ref_month}'s 95% interval")
      for name, (_, _, _, tolerance) in review_reads.items()],
]
failed_words = [fail for c, (fail, _) in zip(review_monitoring.criteria, monitoring_plain) if c.status == "fail"]
open_words = [still for c, (_, still) in zip(review_monitoring.criteria, monitoring_plain)
              if c.status == "inconclusive"]
monitoring_steps = {
    "GO": "Every monitoring criterion holds.",
    "NO-GO": f"Failed: {'; '.join(failed_words)}."
             + (f" Still open: {'; '.join(open_words)}." if open_words else ""),
    "NOT YET": f"Still open: {'; '.join(open_words)}. Nothing failed.",
}
gap_word = {"GO": "pass", "NO-GO": "fail", "NOT YET": "not yet"}[review_replace.verdict]  # each read on its own
story.record_table([
    ("review_replacement_verdict", review_replace.verdict, "Simulated review: the model as a replacement for the rule"),
    ("review_addon_verdict", review_addon.verdict, "Simulated review: the model as an add-on to the rule"),
    ("review_addon_vs_looser_usd", net_matured[0],
     f"Simulated review: shadow month, the model's extra holds minus the looser rule's, net of reviews, matured "
     f"(USD; 95% bootstrap {net_matured[1]:+,.0f} to {net_matured[2]:+,.0f})", "{:+,.0f}"),
    ("review_addon_vs_looser_low", float(net_matured[1]),
     "Simulated review: the same, low end of its 95% bootstrap interval (USD)", "{:+,.0f}"),
    ("review_monitoring_verdict", review_monitoring.verdict,
     f"Simulated review: the monitoring design, its rollback floor {review_floor:.1%} ({floor_source})"),
    ("shadow_precision_gain_points", 100 * gap.estimate,
     "Simulated review: shadow month, candidate minus rule precision at equal volume, matured chargebacks (points)",
     "{:+.1f}"),
])
# the add-on's two reads, each on its own interval: does it pay for its reviews, and does it beat the looser rule
pays_word = ("pass" if addon_live.low >= REVIEW_COST_USD else "fail" if addon_live.high < REVIEW_COST_USD
             else "not yet")
loose_side = "more" if net_matured[1] > 0 else "less" if net_matured[2] < 0 else "unsettled"
addon_stay = {"GO": "It stays on in that form.",
              "NO-GO": ("As an add-on it does not pay: switch it off." if pays_word == "fail" else
                        "The looser rule's extra holds net more than the model's: add holds with the looser rule "
                        "instead, and switch the model off."),
              "NOT YET": "Whether it pays as an add-on, and beats the looser rule, is not settled."}[review_addon.verdict]
baseline_review = (
    f"On the same matured shadow month, the model's {int(addon.sum())} extra holds "
    f"against the looser rule's {loose_holds}, each side's fraud dollars in the month net of a "
    f"{REVIEW_COST_USD}-dollar review per hold, differ by **{net_matured[0]:+,.0f}** dollars (95% bootstrap "
    f"{net_matured[1]:+,.0f} to {net_matured[2]:+,.0f}): "
    + {"more": "the model adds more than the looser rule would, on the whole interval.",
       "less": "the looser rule would add more, on the whole interval.",
       "unsettled": "the month cannot tell them apart at 95%, so whether the model or the looser rule should make "
                    "the extra holds is open."}[loose_side])
pooled_word = ("above zero" if pooled_low > 0 else "below zero" if pooled_high < 0 else "across zero")
pooled_sentence = (
    f"Pooling the two reads would give {100 * pooled_est:+.1f} points (95% interval {100 * pooled_low:+.1f} to "
    f"{100 * pooled_high:+.1f}, {pooled_word}), but only if the gap was the same in both periods, and the live "
    "months hold the rise in missed fraud, a change the shadow month never saw: the pool is a sensitivity, not the decision.")
addon_live_word = {"GO": "pass", "NO-GO": "fail", "NOT YET": "not yet"}[review_addon.verdict]
# gate 3 asked whether to launch with lines open; this review asks whether to pull a model already live: when its
# extra holds pay on their whole interval, pulling it forgoes that value while the open lines are settled
still_open = ([] if addon_live_word != "not yet" else
              ["whether its extra holds beat the looser rule's" if pays_word == "pass" else
               "whether its extra holds pay for their reviews and beat the looser rule's"]) + (
    ["the production switch drill"] if switch_name in gate3_open else []) + (
    ["the served-features check"] if SERVED_FEATURES_NAME in gate3_open else [])
model_word = ("switch off; the rule runs alone" if pays_word == "fail" else
              "switch off; add holds with the looser rule instead" if addon_live_word == "fail" else
              "not yet; its open lines to settle, and what runs meanwhile to choose" if still_open else
              "keep; it may replace the rule" if gap_word == "pass" else
              "keep as an add-on to the rule, not as a replacement")
open_lines = (f"{dict(enumerate(('None', 'One', 'Two', 'Three'))).get(len(still_open), len(still_open))} of gate 3's lines "
              f"{'are' if len(still_open) > 1 else 'is'} still open ({'; '.join(still_open)})")
# each open line with what would settle it, for a small table
looser_open = next((line for line in still_open if "looser" in line), None)
settle_rows = ([(looser_open, looser_settle)] if looser_open else []) + (
    [("the production switch drill", "drill the production switch (thrown to the rule, restored) and log its state "
      "with every request")] if switch_name in gate3_open else []) + (
    [("the served-features check", "the fixed service logs the features it serves; rerun section 2's skew check "
      "on them")] if SERVED_FEATURES_NAME in gate3_open else [])
# what settling takes: the new shadow period, then its chargebacks' maturity; what each interim choice is worth over it
switch_risk = (" It runs in the fraud service, whose switch to the rule was never drilled; whether it was thrown in "
               "the incident the log cannot say (gate 3's lines, below)." if switch_name in gate3_open else "")
show_back = bool(still_open) and pays_word != "fail" and addon_live_word != "fail"
back_block = (
    f"\n\n{open_lines.split(' (')[0]}:\n\n| open line | what would settle it |\n|---|---|\n"
    + "\n".join(f"| {line} | {how} |" for line, how in settle_rows)
    + "\n\nWhat runs until then is a choice among three, and the review's numbers do not price all three alike:\n\n"
    f"- (a) **The model as an add-on, as now.** On the live review verdicts its extra holds stop about "
    f"${adds_usd.estimate:,.0f} of fraud a day (95% bootstrap over days {adds_usd.low:,.0f} to {adds_usd.high:,.0f}), "
    f"{addon_live.estimate:,.0f} dollars a hold against a {REVIEW_COST_USD}-dollar review.{switch_risk}\n"
    f"- (b) **The looser rule as the add-on instead.** No live or daily figure: it never ran. In the shadow month, on "
    f"matured chargebacks, its {loose_holds} would have stopped {loose_matured.estimate:,.0f} dollars each (95% "
    f"bootstrap {loose_matured.low:,.0f} to {loose_matured.high:,.0f}) against the model's "
    f"{addon_matured.estimate:,.0f} on the same footing, and the month cannot tell their nets apart.\n"
    "- (c) **The rule alone**, as before the launch. It gives up the fraud (a) stops a day: (a) and (c) are priced "
    "on the same live verdicts, in the same unit.\n\n"
    "Which runs meanwhile is the team's call, yours, on these numbers."
    if show_back else "")
# a floor whose false rollbacks fail their budget does not stay live: section 5's floor (drawn at the lower
# ROLLBACK_CALM_WEEKS tolerance) replaces it, priced the same way, when it is a different floor that does not fail
cost_failed = any(c.status == "fail" for c in review_monitoring.criteria if "false rollbacks cost" in c.name)
fallback_cost = yearly_cost(floor_line, FLOOR_HOURS, price=adds_usd, volume=live_volume)  # as the review's
fallback_word = ("within" if fallback_cost[2] <= FALSE_ROLLBACK_BUDGET_USD else
                 "over" if fallback_cost[1] > FALSE_ROLLBACK_BUDGET_USD else "not settled against")
fallback_caught_iv = caught_interval(floor_line, FLOOR_HOURS, volume=live_volume)
if not cost_failed:
    meanwhile_sentence = ""
elif floor_line < review_floor and fallback_word != "over":
    meanwhile_sentence = (
        f" So the {review_floor:.1%} floor does not stay live: until a floor passes, the automatic rollback runs at "
        f"section 5's floor, **{floor_line:.1%}** (drawn at a {ROLLBACK_CALM_WEEKS:.0%} tolerance). Priced the same "
        f"way, its false rollbacks cost about {fallback_cost[0]:,.0f} dollars a year at {ref_month}'s precision, "
        f"{fallback_cost[1]:,.0f} to {fallback_cost[2]:,.0f} across normal precision's 95% interval: "
        f"{fallback_word} the {FALSE_ROLLBACK_BUDGET_USD:,} allowed"
        + ("" if fallback_word == "within" else ", so whether it keeps the budget is open, and more reviewed months settle it")
        + f"; it catches a {INCIDENT_DROP_POINTS}-point drop within its week in "
        f"{caught_share(floor_line, FLOOR_HOURS, volume=live_volume):.0%} of simulated weeks ({fallback_caught_iv[0]:.0%} to "
        f"{fallback_caught_iv[1]:.0%} across normal precision's 95% interval), so against a drop the alert and "
        f"the person it pages ({owner}, Exercise 2's runbook) are the defence.")
else:
    meanwhile_sentence = (
        f" So the {review_floor:.1%} floor does not stay live, and no floor drawn here is known to keep the budget: "
        f"the automatic rollback is switched off, the precision alert pages {owner} (Exercise 2's runbook), who may "
        "roll back by hand, and the first next step is a floor redrawn at a lower tolerance (Exercise 5) that "
        "passes this review's lines.")
review_detect = ("pass" if review_caught_iv[0] >= DETECT_LINE else "fail" if review_caught_iv[1] < DETECT_LINE
                 else "not yet")
cost_open = any(c.status == "inconclusive" for c in review_monitoring.criteria if "false rollbacks cost" in c.name)
review_collapse = caught_share(review_floor, FLOOR_HOURS, collapse_points, volume=live_volume)
detect_steps = {
    "fail": f"At {floor_source} ({review_floor:.1%}) the rollback is no defence against a "
            f"{INCIDENT_DROP_POINTS}-point drop; the alert, and the person it pages, are (section 5). It catches a "
            f"{collapse_points}-point collapse within its week in {review_collapse:.0%} of simulated weeks.",
    "pass": "",
    "not yet": "Until the floor's catch of a drop is settled, the alert and the person reading the week's reviews "
               "are the defence against one.",
}
adds_sentence = (f"about ${adds_usd.estimate:,.0f} a day of confirmed fraud that the rule alone lets through "
                 f"(95% bootstrap over days {adds_usd.low:,.0f} to {adds_usd.high:,.0f} dollars), for about "
                 f"{adds_false.estimate:.1f} extra good customers held a day (95% bootstrap over days "
                 f"{adds_false.low:.1f} to {adds_false.high:.1f}), each released by the review team the same day")
model_steps = {
    "pass": (f"The model beats the rule at equal volume by at least the {MIN_GAP_POINTS} points a replacement needs, "
             f"on both reads; as an addition to the rule it is worth {adds_sentence}."),
    "fail": (f"A replacement needs a gain of at least {MIN_GAP_POINTS} points (MIN_GAP_POINTS, set in advance), and "
             f"at least one read's whole 95% interval lies below that line (matured shadow {100 * gap.estimate:+.1f} points, 95% bootstrap {100 * gap.low:+.1f} to "
             f"{100 * gap.high:+.1f}; live {100 * live_gap.estimate:+.1f}, {100 * live_gap.low:+.1f} to "
             f"{100 * live_gap.high:+.1f}): the model cannot replace the rule, and no more data is needed to say so. "
             f"As an addition to the rule it is worth {adds_sentence} (per extra hold: the tables above)."),
    "not yet": (f"Neither read settles whether the model beats the rule by the {MIN_GAP_POINTS} points a "
                f"replacement needs, at equal volume: the matured shadow month reads "
                f"{100 * gap.estimate:+.1f} points for the model (95% bootstrap {100 * gap.low:+.1f} to "
                f"{100 * gap.high:+.1f}), the live months {100 * live_gap.estimate:+.1f} ({100 * live_gap.low:+.1f} "
                f"to {100 * live_gap.high:+.1f}). Replacing the rule is not supported; "
                f"settling it needs {live_settle}. {pooled_sentence} As an addition to the rule the model is worth "
                f"{adds_sentence}; per extra hold, {addon_live.estimate:,.0f} dollars of fraud (95% bootstrap "
                f"{addon_live.low:,.0f} to {addon_live.high:,.0f}) against a {REVIEW_COST_USD}-dollar review. "
                f"{addon_stay}"),
}
if cost_open:  # not shown over the budget: the chosen floor stays live while its cost is settled
    meanwhile_sentence = (
        f" Its false rollbacks are not shown over the budget, so {floor_source} ({review_floor:.1%}) stays live "
        "while that is settled. The cost is open mostly because normal precision is: at the point of each read, "
        f"about {review_cost_reads['top'][0]:,.0f} dollars a year if normal were {base_high:.0%}, about "
        f"{review_cost_reads['bottom'][0]:,.0f} if it were {base_low:.0%}. " + detect_steps[review_detect])
story.md(f"**Review, {retake_day:%d %B}, on the simulated months. The model: {model_word}. The monitoring design, at "
         f"its chosen tolerances: {monitoring_word}.**\n\n"
         f"**The model.**\n\n"
         f"- **Verdict.** {model_steps[gap_word]}\n"
         f"- **Against the looser rule, the trivial alternative.** {baseline_review}"
         f"{back_block}\n\n"
         f"**The rest of the review.**\n\n"
         f"- **The monitoring.** {monitoring_steps[review_monitoring.verdict]}"
         f"{meanwhile_sentence or ' ' + detect_steps[review_detect]}{replay_sentence}\n"
         f"- **Gate 3's lines.** {gate3_sentence}\n"
         f"- **Missed fraud.** No rule watches it; it {rise_word} from {first_month} to {second_month}. "
         f"{missed_rule_sentence}")

# %% [markdown]
# ## 6. The surprise, told well: the update to stakeholders
#
# The surprise of these months was a rise in the number of missed frauds: no alert was built to see
# it, and it showed up only as chargebacks of payments nobody held. (The simulator planted it as a new fraud
# ring; the business sees only the chargebacks.) Once the team has seen it, the business needs a
# short, plain update, not a dashboard: **what happened** (what changed, by how much, since when),
# **who is affected** (whose payments, how many frauds and how many dollars, and which of them
# rose), and **the next experiment** (what will be tried, on which traffic, and which number will
# say it worked). It is written from the replay's own numbers, rounded, and in the business's
# words, not the model's. The numbers below are the replay's as the business knows them on the
# last day of the simulated log, and the update is written then: it quotes weeks the missed-fraud
# rule of the review read after it first fired, which an update in that first week could not.
# The serving incident falls in the same weeks but is a separate event (calls to the fraud service
# failed), so its hours are counted apart from the rise. The log shows failed calls after the alert
# and the response time by which the runbook has traffic on the rule (the review counts them). It
# cannot show whether the switch was thrown: the checkout sends the fraud service a copy of every
# payment either way, so failed calls are logged either way, and the switch's state is not logged.
# So the table gives the incident twice: as logged (the failed calls, and the chargebacks that came
# in), and as section 5 replays it with the switch working as planned (the latency alert pages,
# `ALERT_RESPONSE_MINUTES` later traffic goes to the rule, and the rule screens every payment until
# latency has been healthy for `RESTORE_AFTER_HOURS` and two people have agreed to switch back,
# `RESTORE_AGREE_HOURS`, assumed), which is what the switch would have given. An update says which
# is which.

# %%
# before and after, as the business saw them: the missed-fraud rule's first flagged week of payments (not the
# simulator's ring date); before it, the rule's reference weeks from the launch
seen_from = (pd.Timestamp(week_start[int(np.flatnonzero(missed_fires)[0])]) if missed_fires.any()
             else pd.Timestamp(daily.index[month_names == second_month][0]))
# after: from that week to the end of the last week the rule could read (later weeks' chargebacks are not in yet)
last_read_week = int(np.flatnonzero(readable)[-1]) if readable.any() else len(week_start) - 1
seen_to = max(pd.Timestamp(week_start[last_read_week]) + pd.Timedelta(days=7), seen_from + pd.Timedelta(days=7))
before_month = f"{launch:%d %B} to {seen_from - pd.Timedelta(days=1):%d %B}"
ring_month = f"{seen_from:%d %B} to {seen_to - pd.Timedelta(days=1):%d %B}"
# the serving incident (found in the log, section 5) falls in the same weeks: its payments went unscreened, so its
# missed frauds are counted apart, and the per-day rates leave out the days it touches
in_incident = ((watch["timestamp"] >= incident_start) & (watch["timestamp"] < incident_end)).to_numpy()
in_window = ((watch["timestamp"] >= seen_from) & (watch["timestamp"] < seen_to)).to_numpy()
missed_rows = charged_back.to_numpy() & in_window & ~in_incident  # nobody held, fraud, charged back by the log's end
# with the switch, as the simulation launches it: while section 5's replay has traffic on the rule, the rule screens every
# payment (the rule's holds count, the model's are not made); before the switch, a failed call screens nothing
ts = watch["timestamp"]
on_switch = np.zeros(len(watch), dtype=bool)
for switch_from, switch_to in switch_periods:
    on_switch |= ((ts >= switch_from) & (ts < switch_to)).to_numpy()
held_switched = np.where(on_switch, watch["fallback_flagged"].to_numpy(), held.to_numpy())
charged_by_end = (watch["label_available_at"] <= truth.end).to_numpy()
incident_missed = charged_by_end & in_incident & ~held_switched
incident_missed_logged = charged_by_end & in_incident & ~held.to_numpy()  # as logged: charged back, so nobody held them
incident_unscreened = watch["error"].to_numpy() & in_incident & ~on_switch
switch_in_incident = [(a, b) for a, b in switch_periods if a < incident_end and b > incident_start]
day_index = daily.index
incident_day = (day_index >= incident_start.floor("D")) & (day_index < incident_end)
before_days = (day_index < seen_from.floor("D")) & ~incident_day
after_days = (day_index >= seen_from.floor("D")) & (day_index < seen_to.floor("D")) & ~incident_day
before_days_missed = daily.loc[before_days, "missed_fraud"].to_numpy()
after_days_missed = daily.loc[after_days, "missed_fraud"].to_numpy()
before_iv = bootstrap_interval(before_days_missed, n_boot=2_000, seed=SEED)
# the same per day in dollars: the charged-back amount of payments nobody held
missed_usd_day = (watch["amount"] * charged_back).groupby(live_day).sum().reindex(day_index, fill_value=0.0)
before_usd, after_usd = missed_usd_day[before_days].to_numpy(), missed_usd_day[after_days].to_numpy()
after_iv = bootstrap_interval(after_days_missed, n_boot=2_000, seed=SEED)
after_day_count = int(after_days.sum())
left_out_days = int((incident_day & (day_index < seen_to.floor("D"))).sum())
# the extra frauds over those days: (daily rate after - daily rate before) x days, 95% bootstrap over days, each
# period resampled on its own (days treated as independent); a floor for maturity, chargebacks still arriving
rng_extra = np.random.default_rng(SEED)
extra_boot = after_day_count * np.array([
    rng_extra.choice(after_days_missed, len(after_days_missed)).mean()
    - rng_extra.choice(before_days_missed, len(before_days_missed)).mean() for _ in range(2_000)])
extra_low, extra_high = np.percentile(extra_boot, [2.5, 97.5])
# the same change in dollars a day (each period's 95% bootstrap over days, and the difference's, resampled the same way)
before_usd_iv = bootstrap_interval(before_usd, n_boot=2_000, seed=SEED)
after_usd_iv = bootstrap_interval(after_usd, n_boot=2_000, seed=SEED)
usd_change_boot = np.array([rng_extra.choice(after_usd, len(after_usd)).mean()
                            - rng_extra.choice(before_usd, len(before_usd)).mean() for _ in range(2_000)])
usd_change = (float(after_usd.mean() - before_usd.mean()), *np.percentile(usd_change_boot, [2.5, 97.5]))
# the average missed fraud (dollars per missed fraud), before and after, and their ratio (95% bootstrap over days)
avg_before = before_usd.sum() / max(before_days_missed.sum(), 1)
avg_after = after_usd.sum() / max(after_days_missed.sum(), 1)


def _avg(usd, count, rows):
    return usd[rows].sum() / max(count[rows].sum(), 1)


avg_ratio_boot = np.array([
    _avg(after_usd, after_days_missed, rng_extra.integers(0, len(after_usd), len(after_usd)))
    / max(_avg(before_usd, before_days_missed, rng_extra.integers(0, len(before_usd), len(before_usd))), 1e-9)
    for _ in range(2_000)])
avg_ratio = (float(avg_after / max(avg_before, 1e-9)), *np.percentile(avg_ratio_boot, [2.5, 97.5]))
# the incident's baseline: frauds nobody held in the same clock hours of the other days of the later weeks
clock = (watch["timestamp"] - watch["timestamp"].dt.floor("D")).to_numpy()
same_hours = ((clock >= (incident_start - incident_start.floor("D")).to_timedelta64())
              & (clock < (incident_end - incident_start.floor("D")).to_timedelta64()))
same_hours_missed = (pd.Series(charged_back.to_numpy() & same_hours, index=watch.index).groupby(live_day).sum()
                     .reindex(day_index, fill_value=0))
same_hours_iv = bootstrap_interval(same_hours_missed[after_days].to_numpy(dtype=float), n_boot=2_000, seed=SEED)
# the rise in missed fraud, as the business saw it: every number outside the serving incident
ring_facts = {
    "missed_per_day_before": before_iv.estimate, "missed_per_day_before_low": before_iv.low,
    "missed_per_day_before_high": before_iv.high,
    "missed_per_day_after": after_iv.estimate, "missed_per_day_after_low": after_iv.low,
    "missed_per_day_after_high": after_iv.high,
    "extra_missed_frauds": (after_iv.estimate - before_iv.estimate) * after_day_count,
    "extra_missed_frauds_low": float(extra_low), "extra_missed_frauds_high": float(extra_high),
    "missed_dollars_per_day_before": before_usd_iv.estimate, "missed_dollars_per_day_before_low": before_usd_iv.low,
    "missed_dollars_per_day_before_high": before_usd_iv.high,
    "missed_dollars_per_day_after": after_usd_iv.estimate, "missed_dollars_per_day_after_low": after_usd_iv.low,
    "missed_dollars_per_day_after_high": after_usd_iv.high,
    "missed_dollars_per_day_change": usd_change[0], "missed_dollars_per_day_change_low": float(usd_change[1]),
    "missed_dollars_per_day_change_high": float(usd_change[2]),
    "missed_frauds_after": int(missed_rows.sum()),
    "missed_dollars_after": float(watch.loc[missed_rows, "amount"].sum()),
    "fraud_held_after": int((held.to_numpy() & watch["is_fraud"].to_numpy() & in_window & ~in_incident).sum()),
}
# the serving incident, a separate event in the same weeks, with the switch as section 5 replays it
incident_facts = {
    "incident_hours": len(longest),
    "incident_failed_calls": int((watch["error"].to_numpy() & in_incident).sum()),
    # as logged (what happened: every failed call went unscreened)
    "incident_failed_frauds": int((watch["error"].to_numpy() & in_incident & charged_by_end).sum()),
    "incident_missed_frauds_logged": int(incident_missed_logged.sum()),
    "incident_missed_dollars_logged": float(watch.loc[incident_missed_logged, "amount"].sum()),
    # replayed with the switch thrown as planned (what the switch would have given)
    "incident_unscreened": int(incident_unscreened.sum()),
    "incident_unscreened_frauds": int((incident_unscreened & charged_by_end).sum()),
    "incident_missed_frauds": int(incident_missed.sum()),
    "incident_missed_dollars": float(watch.loc[incident_missed, "amount"].sum()),
    "same_hours_missed_per_day": same_hours_iv.estimate, "same_hours_missed_per_day_low": same_hours_iv.low,
    "same_hours_missed_per_day_high": same_hours_iv.high,
}
# what the update's choices rest on, from section 5 and the review: the alert pages in the rise's first days, and the
# price and length of running without the model's extra holds
rise_pages = [p for p in overlapping if rise_in_window]  # the precision-alert pages whose week held the rise's first days
review_facts = {
    "alert_pages_rise": len(rise_pages),
    "model_extra_usd_per_day": adds_usd.estimate, "model_extra_usd_per_day_low": adds_usd.low,
    "model_extra_usd_per_day_high": adds_usd.high,
    "new_shadow_months": months_needed, "chargeback_days": MATURE_DAYS,
}
f, g = ring_facts, incident_facts
rise_group = "the rise in missed fraud (outside the serving incident)"
LOGGED, REPLAYED = "as logged", "replayed: the switch thrown as planned"
switch_phrase = (f"traffic on the rule from {switch_in_incident[0][0]:%H:%M}"
                 if switch_in_incident else "no alert threw it in these hours")
incident_group = f"the serving incident, {incident_start:%d %B %H:%M} to {incident_end:%H:%M} UTC"
replayed_keys = ["incident_unscreened", "incident_unscreened_frauds", "incident_missed_frauds",
                 "incident_missed_dollars"]  # facts that assume the switch was thrown
left_out = (f", {times(left_out_days, 'day', 'days')} of the incident left out" if left_out_days else "")
facts_shown = [  # (what it describes, logged or replayed, fact, value)
    (rise_group, LOGGED, f"missed frauds charged back per day, {before_month} (the reference weeks)",
     f"{f['missed_per_day_before']:.1f} (95% bootstrap {f['missed_per_day_before_low']:.1f} to "
     f"{f['missed_per_day_before_high']:.1f})"),
    (rise_group, LOGGED, f"the same, {ring_month}{left_out} (a floor: chargebacks still arriving)",
     f"{f['missed_per_day_after']:.1f} (95% bootstrap {f['missed_per_day_after_low']:.1f} to "
     f"{f['missed_per_day_after_high']:.1f})"),
    (rise_group, LOGGED, f"their amount charged back per day (USD), {before_month}",
     f"{f['missed_dollars_per_day_before']:,.0f} (95% bootstrap {f['missed_dollars_per_day_before_low']:,.0f} to "
     f"{f['missed_dollars_per_day_before_high']:,.0f})"),
    (rise_group, LOGGED, f"their amount per day, {ring_month}{left_out} (USD; a floor)",
     f"{f['missed_dollars_per_day_after']:,.0f} (95% bootstrap {f['missed_dollars_per_day_after_low']:,.0f} to "
     f"{f['missed_dollars_per_day_after_high']:,.0f})"),
    (rise_group, LOGGED, "the change in their amount per day (USD; later minus earlier)",
     f"{f['missed_dollars_per_day_change']:+,.0f} (95% bootstrap {f['missed_dollars_per_day_change_low']:+,.0f} to "
     f"{f['missed_dollars_per_day_change_high']:+,.0f})"),
    (rise_group, LOGGED, f"frauds missed {ring_month} beyond the earlier rate ({after_day_count} days; a floor: chargebacks "
                 "still arriving)",
     f"{f['extra_missed_frauds']:,.0f} (95% bootstrap {f['extra_missed_frauds_low']:,.0f} to "
     f"{f['extra_missed_frauds_high']:,.0f})"),
    (rise_group, LOGGED, f"frauds nobody held, {ring_month}, charged back so far (the earlier rate's included)",
     f"{f['missed_frauds_after']:,}"),
    (rise_group, LOGGED, f"their amount, {ring_month} (USD; the earlier rate's included)", f"{f['missed_dollars_after']:,.0f}"),
    (rise_group, LOGGED, f"frauds held by rule or model, {ring_month}", f"{f['fraud_held_after']:,}"),
    (incident_group, LOGGED, "hours; calls to the fraud service that failed (whether the rule screened those "
                             "payments instead, the log cannot say)",
     f"{g['incident_hours']}; {g['incident_failed_calls']:,}"),
    (incident_group, LOGGED, "frauds among the payments whose calls failed, charged back so far",
     f"{g['incident_failed_frauds']:,}"),
    (incident_group, LOGGED, "frauds nobody held in those hours, charged back so far; their amount (USD)",
     f"{g['incident_missed_frauds_logged']:,}; {g['incident_missed_dollars_logged']:,.0f}"),
    (incident_group, REPLAYED, f"payments left unscreened before the switch ({switch_phrase}); frauds among them", f"{g['incident_unscreened']:,}; {g['incident_unscreened_frauds']:,}"),
    (incident_group, REPLAYED, "frauds nobody held in those hours (the rule alone after the switch); their "
                               "amount (USD)", f"{g['incident_missed_frauds']:,}; {g['incident_missed_dollars']:,.0f}"),
    (incident_group, LOGGED, f"for comparison: frauds nobody held in the same hours of the other days, {ring_month}, "
                     "charged back so far (per day)",
     f"{g['same_hours_missed_per_day']:.1f} (95% bootstrap {g['same_hours_missed_per_day_low']:.1f} to "
     f"{g['same_hours_missed_per_day_high']:.1f})"),
    ("what the next step rests on", LOGGED, "precision-alert pages on trailing weeks holding the rise's first days "
                                            "(section 5)",
     f"{review_facts['alert_pages_rise']}" + (f" ({', '.join(f'{p:%d %b %H:%M}' for p in rise_pages)})"
                                              if rise_pages else "")),
    ("what the next step rests on", LOGGED, "fraud the model's extra holds stop a day, live review verdicts (USD)",
     f"{adds_usd.estimate:,.0f} (95% bootstrap {adds_usd.low:,.0f} to {adds_usd.high:,.0f})"),
    ("what the next step rests on", "the review's plan", "settling the looser-rule line: months of new shadow; then days for "
                                               "their chargebacks (the review)",
     f"{months_needed}; {MATURE_DAYS}"),
]
pd.DataFrame({"as logged or replayed": [src for _, src, _, _ in facts_shown], "value": [v for *_, v in facts_shown]},
             index=pd.MultiIndex.from_tuples([(grp, w) for grp, _, w, _ in facts_shown],
                                             names=["simulated months: what it describes", "fact"]))

# %%
def moved(low, high):
    """'rose', 'fell' or 'did not move beyond chance', from the 95% interval of the change (later minus earlier)."""
    return "rose" if low > 0 else "fell" if high < 0 else "did not move beyond chance"


count_word = moved(ring_facts["extra_missed_frauds_low"], ring_facts["extra_missed_frauds_high"])
usd_word = moved(usd_change[1], usd_change[2])
count_reading = {"rose": "a rise (the 95% bootstrap interval of the extra frauds, above, is all above zero)",
                 "fell": "a fall (the 95% bootstrap interval of the change, above, is all below zero)",
                 "did not move beyond chance": "no change beyond chance (the 95% bootstrap interval of the change, "
                                               "above, holds zero)"}
def ages(first_day, last_day):
    """Days each end of a run of payment days has had for chargebacks by the log's last day: (youngest, oldest)."""
    return (truth.end - last_day).days, (truth.end - first_day).days


age_before = ages(launch.floor("D"), seen_from.floor("D") - pd.Timedelta(days=1))
age_after = ages(seen_from.floor("D"), seen_to.floor("D") - pd.Timedelta(days=1))
usd_reading = {
    "rose": "a rise beyond chance (the change's 95% interval is all above zero), and more chargebacks may still arrive",
    "fell": (f"a fall beyond chance (the change's 95% interval is all below zero), but not beyond maturity: by "
             f"{truth.end:%d %B} the later payments have had {age_after[0]} to {age_after[1]} days for their "
             f"chargebacks to arrive, the earlier ones {age_before[0]} to {age_before[1]} (they mature at about "
             f"{MATURE_DAYS}), so chargebacks still to come may explain part or all of the fall"),
    "did not move beyond chance": ("no change beyond chance (the change's 95% interval holds zero), so no rise in "
                                   "money lost shows so far; the later figure is a floor, chargebacks still arriving"),
}[usd_word]
# one day's count is compared with the spread of one day's count (Poisson at the daily mean), not with the mean's interval
one_day_low = int(poisson.ppf(0.025, g["same_hours_missed_per_day"]))
one_day_high = int(poisson.ppf(0.975, g["same_hours_missed_per_day"]))
incident_word = ("more than" if g["incident_missed_frauds_logged"] > one_day_high else
                 "fewer than" if g["incident_missed_frauds_logged"] < one_day_low else "within what")
avg_word = ("smaller" if avg_ratio[2] < 1 else "larger" if avg_ratio[1] > 1 else "no different beyond chance")
avg_sentence = (
    f" The average missed fraud went from about **{avg_before:,.0f}** to **{avg_after:,.0f}** dollars (after over "
    f"before {avg_ratio[0]:.2f}, 95% bootstrap over days {avg_ratio[1]:.2f} to {avg_ratio[2]:.2f}): "
    + {"smaller": ("the frauds getting through are more and, so far, smaller on average. That is provisional: the "
                   f"later payments' chargebacks have not matured, and if the late ones are the large ones the "
                   f"average closes the gap; it is settled when they have, about {MATURE_DAYS} days after "
                   f"{seen_to - pd.Timedelta(days=1):%d %B}."),
       "larger": "the frauds getting through are, on average, larger.",
       "no different beyond chance": "the size of a missed fraud did not change beyond chance."}[avg_word]
    if count_word == "rose" and usd_word != "rose" else "")
story.md(
    f"Read the two measures apart. Missed frauds a day went from **{before_iv.estimate:.1f}** to "
    f"**{after_iv.estimate:.1f}**: {count_reading[count_word]}. Their amount a day went from "
    f"**{before_usd_iv.estimate:,.0f}** to **{after_usd_iv.estimate:,.0f}** dollars, a change of "
    f"**{usd_change[0]:+,.0f}** (95% bootstrap {usd_change[1]:+,.0f} to {usd_change[2]:+,.0f}): {usd_reading}."
    f"{avg_sentence}"
    + ("" if count_word == "rose" else
       " Neither reading shows the count rising beyond chance in these weeks: the update says so, and claims no rise.")
    + f" As logged, the incident's hours let through "
    f"**{g['incident_missed_frauds_logged']}** frauds nobody held, charged back so far (the replay with the switch "
    f"thrown as planned: {g['incident_missed_frauds']}), {incident_word} the "
    f"same hours of one ordinary day give: those hours average {g['same_hours_missed_per_day']:.1f} a day in those "
    f"weeks, and at that rate one day's count falls between {one_day_low} and {one_day_high} in 95% of days "
    f"(Poisson). Only "
    f"**{g['incident_failed_frauds']}** of them {'was' if g['incident_failed_frauds'] == 1 else 'were'} among its "
    f"{g['incident_failed_calls']} payments whose calls failed."
    + (" Most of those frauds would have got through on any day: the incident's cost is not those totals."
       if incident_word != "more than" else "")
    + f"\n\n**The simulator's truth, for the lesson only** (the business never sees it): the new fraud ring was "
    f"planted from **{truth.drift_start:%d %B}**, and the serving incident on **{truth.incident_start:%d %B}** from "
    f"**{truth.incident_start:%H:%M}** to **{truth.incident_end:%H:%M}** UTC, "
    f"{(truth.incident_start.floor('D') - truth.drift_start.floor('D')).days} days apart, so a reading that spans a "
    f"week can hold both. The business dated the rise from the week of **{seen_from:%d %B}** (the missed-fraud "
    f"rule's first flagged week) and found the incident in the log from **{incident_start:%H:%M}** to "
    f"**{incident_end:%H:%M}** UTC on {incident_start:%d %B}."
)


# %%
q6 = nb03.bind_update(facts={**ring_facts, **incident_facts, **review_facts},
                      excess_keys=[k for k in ring_facts if k.startswith("extra_")], replayed_keys=replayed_keys)

# %% [markdown]
# ### Exercise 6 · Tell the surprise: the stakeholder update
#
# The numbers to quote are the table's (`ring_facts`, `incident_facts`, and `review_facts` for
# what the next step rests on).

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
f, g = ring_facts, incident_facts
q6_answer = {
    "what happened": (
        f"From the week of {seen_from:%d %B} more fraud got past our checks: payments nobody held that later came "
        f"back as chargebacks rose from about {f['missed_per_day_before']:.1f} a day ({before_month}) to at least "
        f"{f['missed_per_day_after']:.1f} a day ({ring_month}). "
        + ((f"The alarm that watches how many of the model's holds turn out to be fraud went off "
            f"{({1: 'once', 2: 'twice'}).get(len(rise_pages), str(len(rise_pages)) + ' times')} on "
            f"{rise_pages[0]:%d %B}, on weeks that held the first days of {second_month}; we did not read it as the "
            "start of this rise, and it may have been chance. ") if rise_pages else
           "No alarm of ours went off on it. ")
        + "We saw the rise in the chargebacks, weeks after the payments."),
    "who is affected": (
        f"Cardholders and the business: from {ring_month} about {f['extra_missed_frauds']:,.0f} more frauds got "
        f"through than the earlier rate would give (somewhere between {f['extra_missed_frauds_low']:,.0f} and "
        f"{f['extra_missed_frauds_high']:,.0f}), and more will show as chargebacks come in. "
        + (f"In dollars there is no rise so far: the amount charged back went from about "
           f"{f['missed_dollars_per_day_before']:,.0f} dollars a day to {f['missed_dollars_per_day_after']:,.0f} "
           "(still arriving). "
           if f['missed_dollars_per_day_change_high'] < 0 else
           f"In dollars, chargebacks went from about {f['missed_dollars_per_day_before']:,.0f} a day to "
           f"{f['missed_dollars_per_day_after']:,.0f}. ")
        + f"Our checks still held {f['fraud_held_after']:,} frauds in that time. Apart from "
        f"that, our fraud service failed for {g['incident_hours']} hours on {incident_start:%d %B}: "
        f"{g['incident_failed_calls']:,} checks failed, some after the time our plan has the backup rule take over, "
        "and our records do not show whether the switch to it was made. "
        f"{g['incident_missed_frauds_logged']:,} frauds got through in those hours, against about "
        f"{g['same_hours_missed_per_day']:.1f} in the same hours of an ordinary day in those weeks. Our replay says "
        f"that had the switch been thrown as planned, about {g['incident_unscreened']:,} payments would have gone "
        "through unchecked."),
    "next experiment": (
        "From today the backup rule decides alone and today's model only watches, until we have rehearsed the "
        "switch to the rule, recorded in our logs whenever it is used, and settled whether a simpler second rule would "
        f"do the model's job as well: about {months_needed} months of running the two side by side, then "
        f"{MATURE_DAYS} days for their chargebacks to come in. That has a price: the model's extra holds stop "
        f"about ${review_facts['model_extra_usd_per_day']:,.0f} of fraud a day (somewhere between "
        f"{review_facts['model_extra_usd_per_day_low']:,.0f} and {review_facts['model_extra_usd_per_day_high']:,.0f}), "
        "and we give that up for as long as the rule decides alone. Meanwhile we train a new candidate on the newest chargebacks, run it in the "
        "shadow beside today's model for a period sized in advance from the smallest gain worth acting on, and once "
        f"that period's chargebacks have come in, about {MATURE_DAYS} days after it ends, "
        "compare how many of the frauds that got through it would have held, at the same number of held payments. "
        "In parallel we add a weekly check on fraud nobody held, so the next surprise is seen sooner."),
    "judged on": "a",
}
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check({**q6_answer, "what happened": q6_answer["what happened"] + " The drift index moved."})
assert not q6.check({**q6_answer, "who is affected": "About 987,654 cardholders were hit by this, all of them."})
assert not q6.check({k: v for k, v in q6_answer.items() if k != "next experiment"})
assert not q6.check({**q6_answer, "judged on": "c"})  # a first-day read, before any chargeback
assert not q6.check({**q6_answer, "who is affected": (  # a replayed switch told as if it happened
    f"About {ring_facts['extra_missed_frauds']:,.0f} more frauds got through than the earlier rate would give. Our "
    f"service failed for {incident_facts['incident_hours']} hours: {incident_facts['incident_unscreened']:,} payments "
    "went through unchecked before we moved to the backup rule.")}) or (
    incident_facts["incident_unscreened"] in {v for k, v in {**ring_facts, **incident_facts}.items()
                                               if k not in replayed_keys})
assert not q6.check({**q6_answer, "who is affected": (  # a total since the change does not size the surprise
    f"The cardholders behind {ring_facts['missed_frauds_after']:,} frauds we did not stop, about "
    f"{ring_facts['missed_dollars_after']:,.0f} dollars of chargebacks.")})
assert q6.check(____).correct is None

# %%
scratch.cleanup()  # remove the scratch folder this notebook wrote its models and logs to
