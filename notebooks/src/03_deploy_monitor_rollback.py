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
# shadow for a month, then launches it behind a dashboard, alert and rollback rules and a tested
# fallback, with every prediction logged; a staged rollout is simulated for the next version.
# The business, its traffic, its fraud and its incidents are simulated (`aipm_kit.scenarios`).
#
# **You will be able to**
#
# - read a shadow deployment and see why a comparison read before the labels mature misleads;
# - read a monitoring dashboard (latency, errors, alert precision, the drift of one input, a
#   business KPI) and compute its drift index by hand;
# - set alert and rollback lines from the noise of weekly precision, replay the rules on the
#   logged months, and price each firing in requests and dollars;
# - run a rollback drill that checks the fallback answers every request;
# - compare a simulated staged 5% -> 25% -> 50% -> 100% rollout with a big-bang launch;
# - reproduce a past prediction exactly from the log and the model registry;
# - take decision gate 3.
#
# **Time:** 60 minutes
#
# **PM job:** performance governance (drift, latency, impact, early warning), with experiment
# design for the rollout.

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
MATURE_DAYS = 60                 # chargebacks count as matured this many days after the payment
# Serving and rules (editable: rules are data)
TIMEOUT_MS = 300                 # the checkout stops waiting for the model after this long
P95_LATENCY_MS = 200             # alert: p95 latency above this in an hour
ERROR_RATE_MAX = 0.10            # alert: share of failed model calls in an hour
ALERT_CALM_WEEKS = 0.10          # precision alert: may fire on noise in at most this share of calm weeks
ROLLBACK_CALM_WEEKS = 0.01       # automatic rollback: may fire on noise in at most this share of calm weeks
FLOOR_HOURS = 2                  # the rollback needs this many consecutive hourly checks under its floor
INCIDENT_DROP_POINTS = 20        # a real incident to guard against: precision falls this many points
PRECISION_WINDOW_HOURS = 168     # precision is measured on the trailing window of alerts (a week)
MIN_ALERTS = 20                  # below this many alerts in the window, precision is "no evidence"
CALM_WEEKS_SIMULATED = 4_000     # simulated weeks behind each line
ALERT_RESPONSE_MINUTES = 60      # time for a person to act on an alert
RESTORE_AFTER_HOURS = 1          # healthy hours before traffic goes back to the model
# Rollout simulation
ROLLOUT_STAGES = (0.05, 0.25, 0.50, 1.0)
DAYS_PER_STAGE = 2
BASELINE_HARM_RATE = 0.02        # share of good customers wrongly declined today
BAD_MODEL_HARM_RATE = 0.05       # the same share under a broken model

# %%
import tempfile
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from aipm_kit import drift, gates, models, monitoring, plots, scenarios, story, versioning
from aipm_kit.evals.stats import bootstrap_interval
from aipm_kit.exercises import ____, nb03
from aipm_kit.metrics import wilson_interval

threadpool_limits(1)  # one thread: identical results everywhere, and no fight for a shared CPU
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)
pd.set_option("display.max_colwidth", None)  # table cells are shown whole, never cut with "..."

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
train = payments[payments["month"] <= 2].sample(train_rows, random_state=SEED)
# only the labels known on training day: fraud whose chargeback has not arrived yet looks legitimate
train = train.assign(label_known=scenarios.labels_as_of(train, train_day).to_numpy())
model = models.fit_fraud_model(train, target="label_known", seed=SEED, max_iter=100)
payments["score"] = models.fraud_scores(model, payments)
payments["rule_flag"] = scenarios.hand_rule(payments)
history = payments[payments["month"] <= 2]
# Same analyst workload as today: the model flags as many transactions as the rule did in months 1-2
rule_rate = float(history["rule_flag"].mean())
threshold = float(np.quantile(history["score"], 1 - rule_rate))
payments["model_flag"] = payments["score"] >= threshold
story.md(
    f"The simulated business: **{len(payments):,}** transactions over six months (about "
    f"**{len(payments) / ((truth.end - truth.start).days):,.0f}** a day), **{truth.fraud_rate_realised:.2%}** fraud. "
    f"The candidate model is trained on **{train_day:%d %B}** on **{len(train):,}** transactions of months 1-2, "
    f"with the chargebacks in by that day: **{int(train['label_known'].sum())}** known frauds; "
    f"**{int((train['is_fraud'] & ~train['label_known']).sum())}** more have no chargeback yet and are learned "
    f"as legitimate, as they would be in the business's database. It flags a "
    f"transaction when its score reaches **{threshold:.3f}**, which keeps the review team's workload "
    f"where the rule has it today (**{rule_rate:.2%}** of transactions). It runs in the shadow in month 3 "
    f"and is launched on **{launch:%d %B}**. Unknown to the team, the simulator plants a new fraud ring "
    f"from **{truth.drift_start:%d %B}** and a serving incident on **{truth.incident_start:%d %B}** from "
    f"**{truth.incident_start:%H:%M}** to **{truth.incident_end:%H:%M}** UTC: three dates, so the effect "
    "of each can be told apart."
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
# *acted-on* alerts is known within hours. An alert that held nothing, like the candidate's alerts
# during the shadow month, was never reviewed: its outcome is known only when a chargeback arrives,
# about a month later on average. To compare like with like, the shadow comparison grades both
# models' alerts the same way, by chargebacks, redrawn on several days after the shadow month ends
# with only the chargebacks that had arrived by then. (The simulator also knows the truth, shown
# as `precision_true` for the lesson only: no decision below uses it.)

# %%
shadow = payments[payments["month"] == 3]
shadow_end = launch
read_days = [0, 7, 14, 30, 60, 90]
comparison = monitoring.shadow_comparison(
    shadow, {"rule": shadow["rule_flag"], "model": shadow["model_flag"]},
    [shadow_end + pd.Timedelta(days=d) for d in read_days])
comparison["days_after_shadow"] = ((comparison["as_of"] - shadow_end).dt.days).astype(int)
shown = comparison[["days_after_shadow", "model", "alerts", "labels_in", "confirmed"]].copy()
shown["precision so far (%)"] = (100 * comparison["precision_so_far"]).round(1)
shown["simulator truth (%)"] = (100 * comparison["precision_true"]).round(1)
shown.rename(columns={"days_after_shadow": "days after", "labels_in": "chargebacks in"})

# %% tags=["nbval-check-output"]
wide = comparison.pivot(index="days_after_shadow", columns="model", values="precision_so_far")
wide = wide.rename_axis(index="days after", columns=None)
print("precision read on the chargebacks in so far (%), by days after the shadow month:")
print((100 * wide).round(1).to_string())
first_read = comparison[comparison["days_after_shadow"] == 0].set_index("model")
last_read = comparison[comparison["days_after_shadow"] == read_days[-1]].set_index("model")

# %%
fig, ax = plots.figure()
for name, colour in (("rule", plots.ACCENT), ("model", plots.NEUTRAL)):
    part = comparison[comparison["model"] == name]
    ax.plot(part["days_after_shadow"], part["precision_so_far"], marker="o", color=colour,
            label=f"{name}: read on the chargebacks in so far")
    ax.axhline(part["precision_true"].iloc[0], color=colour, ls="--", lw=1,
               label=f"{name}: simulator truth (unknown to the team)")
ax.set_ylim(0, 1)
plots.finish(ax, title="Early reads of the shadow test understate both models and blur the gap",
             xlabel="Days after the shadow month ended", ylabel="Precision of alerts (share)",
             takeaway="Wait for labels to mature (two to three delays) before calling the winner.")
plt.show()

# %%
early_gap = first_read.loc["model", "precision_so_far"] - first_read.loc["rule", "precision_so_far"]
early_sentence = ("the rule even looks better" if early_gap < 0 else
                  f"the candidate looks ahead by {100 * early_gap:.1f} points")
late_gap = last_read.loc["model", "precision_so_far"] - last_read.loc["rule", "precision_so_far"]
ranking_sentence = (
    f"Here the early read ranks the two as the matured read does ({100 * early_gap:+.1f} points then, "
    f"{100 * late_gap:+.1f} now); on so few labels nothing guaranteed it." if (early_gap < 0) == (late_gap < 0) else
    f"Here it ranks them the wrong way round: {100 * early_gap:+.1f} points then, {100 * late_gap:+.1f} now.")
story.md(
    f"On the day the shadow month ends, the candidate's precision reads "
    f"**{first_read.loc['model', 'precision_so_far']:.0%}** against the rule's "
    f"**{first_read.loc['rule', 'precision_so_far']:.0%}**: {early_sentence}. "
    f"Only **{first_read.loc['model', 'labels_in'] / last_read.loc['model', 'labels_in']:.0%}** of the "
    f"shadow month's chargebacks have arrived. {read_days[-1]} days later, with the labels matured, the reads are "
    f"**{last_read.loc['model', 'precision_so_far']:.0%}** and **{last_read.loc['rule', 'precision_so_far']:.0%}** "
    f"(the simulator's truth: **{last_read.loc['model', 'precision_true']:.0%}** and "
    f"**{last_read.loc['rule', 'precision_true']:.0%}**). An early read is biased low (missing "
    f"labels count as good transactions) and rests on few labels. {ranking_sentence}"
)
story.record_table([
    ("shadow_early_precision_model", float(first_read.loc["model", "precision_so_far"]),
     "Candidate precision read on the last shadow day", "{:.1%}"),
    ("shadow_final_precision_model", float(last_read.loc["model", "precision_so_far"]),
     f"Candidate precision on chargebacks {read_days[-1]} days later", "{:.1%}"),
    ("shadow_final_precision_rule", float(last_read.loc["rule", "precision_so_far"]),
     f"Rule precision on chargebacks {read_days[-1]} days later", "{:.1%}"),
])

# %% [markdown]
# ### Is the gap bigger than chance, and is the rule the right opponent?
#
# The matured read is still a sample: one month of alerts per model (the counts are in the table above).
# Resampling the shadow month's transactions (a bootstrap) shows how much the gap in precision
# could move by chance. And the opponent should be the rule the team would really run: the
# written rule, or the best rule of the same family tuned on the training months at the same
# alert volume (the baseline notebook 01 builds).

# %%
matured = scenarios.labels_as_of(shadow, shadow_end + pd.Timedelta(days=read_days[-1])).to_numpy()
model_alert, rule_alert = shadow["model_flag"].to_numpy(), shadow["rule_flag"].to_numpy()
either = np.flatnonzero(model_alert | rule_alert)  # transactions that either model alerted on


def precision_gap(rows):
    rows = rows.astype(int)
    return matured[rows][model_alert[rows]].mean() - matured[rows][rule_alert[rows]].mean()


gap = bootstrap_interval(either.astype(float), statistic=precision_gap, n_boot=2_000, seed=SEED)
known_at_launch = scenarios.labels_as_of(history, launch)
tuned = scenarios.tune_hand_rule(history.assign(known=known_at_launch), max_alert_rate=rule_rate, target="known")
incumbent_is_best = (tuned.min_amount, tuned.max_account_age_days) == (5_000, 30)
incumbent_sentence = (
    "lands on the written rule itself (over 5,000 dollars from accounts under 30 days old), so the "
    "written rule is both the incumbent and the fair baseline" if incumbent_is_best else
    f"is a different rule (over {tuned.min_amount:,.0f} dollars, accounts under {tuned.max_account_age_days} "
    "days): compare the candidate with it as well before launch")
story.md(
    f"Candidate minus rule, precision on chargebacks matured {read_days[-1]} days: "
    f"**{100 * gap.estimate:+.1f} points** (95% bootstrap interval **{100 * gap.low:+.1f}** to "
    f"**{100 * gap.high:+.1f}** points, {len(either):,} alerted transactions resampled). "
    f"Tuned on months 1-2 (with the chargebacks known at launch) for today's alert volume of "
    f"{rule_rate:.2%}, the best rule of the family {incumbent_sentence}."
)
_ = story.record("shadow_precision_gain_points", 100 * gap.estimate,
                 label="Candidate minus rule precision, matured chargebacks (points)", fmt="{:+.1f}")

# %% [markdown]
# ## 2. The prediction log, and a dashboard built on it
#
# From month 3 on, every request the model answers is logged: the inputs it saw, its score, the
# decision served, the model version, a hash of the serving config, the time and the latency. The
# model is launched at the start of month 4 inside the fraud service, next to the rule, which stays on
# as a guardrail: a payment is held when either flags it. If the fraud service fails, or answers
# after the checkout stopped waiting (`TIMEOUT_MS`), the payment is not screened at all. The
# fallback is the rule alone, run inside the checkout itself, so it always answers.
#
# The artefact goes into a registry folder under its content hash; the log records that hash.

# %%
workdir = Path(tempfile.mkdtemp(prefix="aipm-nb03-"))
registry = versioning.ModelRegistry(workdir / "models")
serving_config = {"threshold": round(threshold, 6), "features": scenarios.FEATURES, "timeout_ms": TIMEOUT_MS,
                  "fallback": "hand_rule(amount > 5000 and account age < 30 days)"}
version = registry.save(model, name="fraud-gbm", config=serving_config,
                        data_hash=versioning.data_snapshot_hash(train[scenarios.FEATURES + ["label_known"]]))
live = payments[payments["month"] >= 3]
log = monitoring.prediction_log(live, live["score"], features=scenarios.FEATURES, threshold=threshold,
                                model_version=version.version, config_hash=version.config_hash,
                                timeout_ms=TIMEOUT_MS)
log_path = monitoring.write_prediction_log(log, workdir / "prediction_log.parquet")
schema_rows = "\n".join(f"| `{column}` | {meaning} |" for column, meaning in monitoring.PREDICTION_LOG_SCHEMA.items())
story.md(f"Model version **{version.version}**, config hash **{version.config_hash}**, training data hash "
         f"**{version.data_hash}**. The log holds **{len(log):,}** predictions. Its columns:\n\n"
         f"| column | type and meaning |\n|---|---|\n{schema_rows}")

# %% [markdown]
# Two logged requests, one per column (the table is turned on its side so that every field fits):

# %%
log.head(2).T.rename(columns=lambda i: f"request {i + 1}")

# %% [markdown]
# The dashboard starts at the launch: before it the model decided nothing. It joins the log with
# what the business learns later: the review team's verdict on each held payment (simulated,
# assumed right), and the chargebacks of the fraud that got through, which arrive over the
# following weeks. Alert precision is read on the trailing seven days of alerts, because a single
# day holds only a handful.

# %%
outcomes = live[["label_available_at", "is_fraud", "amount", "rule_flag"]].reset_index(drop=True)
watch_all = log.join(outcomes).rename(columns={"output": "flagged", "rule_flag": "fallback_flagged"})
watch_all["served"] = watch_all["flagged"] | watch_all["fallback_flagged"]  # model or guardrail rule
watch = watch_all[watch_all["timestamp"] >= launch].reset_index(drop=True)  # from the launch on
reference_amounts = history["amount"].sample(5_000, random_state=SEED)
daily = monitoring.monitoring_metrics(
    watch, freq="D", window=7, min_alerts=MIN_ALERTS, drift_col="in__amount", drift_reference=reference_amounts)
# Missed fraud, as the business knows it on the last day of the log: chargebacks of payments nobody held
held = watch["served"] & ~watch["error"]  # a failed call screens nothing
charged_back = (watch["label_available_at"] <= truth.end) & ~held
daily["missed_fraud"] = charged_back.groupby(watch["timestamp"].dt.floor("D")).sum().reindex(
    daily.index, fill_value=0).astype(float)
immature_from = truth.end - pd.Timedelta(days=MATURE_DAYS)
summary_rows = {"requests per day": daily["requests"], "p95 latency (ms)": daily["latency_p95"],
                "error rate (%)": 100 * daily["error_rate"], "alerts per day": daily["alerts"],
                "alert precision, 7 days (%)": 100 * daily["alert_precision"],
                "PSI of amount": daily["drift_psi"], "fraud stopped (USD per day)": daily["fraud_dollars_stopped"],
                "missed frauds charged back (per day)": daily["missed_fraud"]}
pd.DataFrame({name: s.agg(["mean", "min", "max"]) for name, s in summary_rows.items()}).T.round(
    {"mean": 2, "min": 2, "max": 2}).map(lambda v: f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}")

# %%
psi_max = float(daily["drift_psi"].max())
fig = monitoring.dashboard_figure(
    daily, columns=["latency_p95", "error_rate", "alert_precision", "drift_psi", "fraud_dollars_stopped",
                    "missed_fraud"],
    limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX},
    bands={"drift_psi": {f"moderate ({drift.PSI_MODERATE:g})": drift.PSI_MODERATE,
                         f"major ({drift.PSI_MAJOR:g})": drift.PSI_MAJOR}},
    ylims={"drift_psi": (0, max(1.25 * drift.PSI_MAJOR, 1.1 * psi_max)), "alert_precision": (0, 1.05)},
    labels={"alert_precision": "alert precision, 7 days (share)", "drift_psi": "PSI of amount (PSI)",
            "fraud_dollars_stopped": "fraud stopped (USD)", "missed_fraud": "missed frauds charged back (count)"},
    events={f"fraud ring starts ({truth.drift_start:%d %b})": truth.drift_start,
            f"serving incident ({truth.incident_start:%d %b})": truth.incident_start},
    shade={f"chargebacks not matured (last {MATURE_DAYS} days)": (immature_from, truth.end)},
    shade_columns=["missed_fraud"],
    title=f"Daily dashboard from the launch: the incident is loud; the PSI of amount stays {drift.psi_band(psi_max)}")
psi_phrase = (f"stays below {drift.PSI_MODERATE:g} all along" if psi_max < drift.PSI_MODERATE else
              f"reaches {psi_max:.2f}, the {drift.psi_band(psi_max)} band")
fig.text(0.01, -0.01, f"Takeaway: latency and errors flag the incident on the day; the PSI of the amount {psi_phrase}; "
         "missed fraud shows up only as chargebacks arrive, and its shaded weeks are still incomplete.",
         fontsize=9, style="italic", ha="left", va="top", wrap=True)
plt.show()

# %%
missed_by_month = daily["missed_fraud"].groupby(daily.index.strftime("%B")).mean()  # calendar months, as logged
missed_by_month = missed_by_month.reindex(daily.index.strftime("%B").unique())
missed_list = ", ".join(f"{month} **{value:.1f}**" for month, value in missed_by_month.items())
missed_sentence = (
    f"Frauds that nobody held and that were charged back, per day, by month: {missed_list}. The last months are "
    f"read before all of their chargebacks have arrived (shaded: the final {MATURE_DAYS} days), so they look "
    "better than they are. Late labels only lower a month's count: a rise in a month still being read is not "
    "their doing, a fall may be.")
story.md(
    f"Read the panels together. The incident day stands out on latency and errors. Alert precision, the "
    f"review team's verdicts over seven days of alerts, moves between **{daily['alert_precision'].min():.0%}** and "
    f"**{daily['alert_precision'].max():.0%}**: on a few dozen alerts a week, how much of that is noise is the "
    f"question of the next section. The PSI of one input, the amount, over all traffic, peaks at "
    f"**{psi_max:.3f}**, in the *{drift.psi_band(psi_max)}* band (its lines, {drift.PSI_MODERATE:g} and "
    f"{drift.PSI_MAJOR:g}, come from `aipm_kit.drift`). That is all this panel shows: other inputs, and slices of "
    f"the traffic, were not measured here (notebook 04 does). {missed_sentence}"
)

# %% [markdown]
# An interactive view of the same table (pick a metric and a date range; it needs a live kernel):

# %%
monitoring.dashboard_widget(daily, limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX})

# %%
current_amounts = payments.loc[payments["month"] == RING_MONTH, "amount"].to_numpy()
q1 = nb03.bind_psi(reference=reference_amounts.to_numpy(), current=current_amounts)

# %% [markdown]
# ### Exercise 1 · The PSI of the amount, by hand

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
edges = np.quantile(reference_amounts, np.arange(1, 10) / 10, method="inverted_cdf")  # reference deciles
ref_share = np.bincount(np.searchsorted(edges, reference_amounts), minlength=10) / len(reference_amounts)
cur_share = np.bincount(np.searchsorted(edges, current_amounts), minlength=10) / len(current_amounts)
q1_answer = float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))
print(f"by hand {q1_answer:.5f}, drift.psi {drift.psi(reference_amounts, current_amounts).value:.5f}, "
      f"band: {drift.psi_band(q1_answer)}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(100 * q1_answer)
assert q1.check(____).correct is None

# %% [markdown]
# ## 3. Alert and rollback rules, replayed on the log
#
# Rules are data: a metric, a comparison, a threshold, how many consecutive checks, and an action.
# The checks run at the end of every hour, from the launch on. Hourly latency and error rates are
# fine (there are dozens of requests an hour), but hourly precision is not: see the volume below.
# So precision is measured every hour on the trailing `PRECISION_WINDOW_HOURS` of alerts, each
# with the review team's verdict, and a window with fewer than `MIN_ALERTS` alerts counts as
# "no evidence" rather than a reading.

# %% tags=["nbval-check-output"]
hourly = monitoring.monitoring_metrics(watch, freq="h", window=PRECISION_WINDOW_HOURS, min_alerts=MIN_ALERTS)
alerts_per_hour = float(hourly["alerts"].mean())
hours_without_alert = float((hourly["alerts"] == 0).mean())
window_alerts = max(int(hourly["window_alerts"].median()), 1)
# the calm reference: the shadow month, before the launch, read on chargebacks matured read_days[-1] days
baseline_precision = float(last_read.loc["model", "precision_so_far"])
baseline_alerts = int(last_read.loc["model", "alerts"])
base_low, base_high = wilson_interval(int(last_read.loc["model", "confirmed"]), baseline_alerts, confidence=0.95)
window_low, window_high = wilson_interval(round(baseline_precision * window_alerts), window_alerts, confidence=0.95)
print(f"requests per hour (median):                 {hourly['requests'].median():.0f}")
print(f"alerts per hour (mean):                     {alerts_per_hour:.2f}")
print(f"hours with no alert at all:                 {hours_without_alert:.0%}")
print(f"alerts per {PRECISION_WINDOW_HOURS} h window (median):         {window_alerts}")
print(f"shadow-month precision, matured chargebacks: {baseline_precision:.1%} of {baseline_alerts} alerts "
      f"(95% Wilson {base_low:.1%} to {base_high:.1%})")
print(f"one window at that precision:               95% Wilson interval {window_low:.0%} to {window_high:.0%}")

# %%
story.md(
    f"With about **{alerts_per_hour:.2f}** alerts an hour, **{hours_without_alert:.0%}** of hours hold no alert "
    "at all and most of the rest hold one: a one-hour precision is undefined, 0 or 1, not an estimate, and no "
    f"interval formula rescues a sample of one. The trailing window holds about **{window_alerts}** alerts. At the "
    f"candidate's precision in the shadow month, **{baseline_precision:.0%}**, one window's 95% Wilson interval "
    f"runs from **{window_low:.0%}** to **{window_high:.0%}**, **{100 * (window_high - window_low):.0f} points** "
    "wide: that is how far a calm week's reading can wander by chance alone, and any line drawn inside that band "
    "fires on noise."
)

# %% [markdown]
# ### Where to draw the precision lines
#
# An alert should warn a person before a rollback acts, and neither should fire on the noise of a
# calm week. Calm is judged on what the business could see: the shadow month, the weeks before
# the launch whose matured chargebacks give the candidate's normal precision, at the alert volume
# it runs at. The simulation draws many calm weeks at that volume (alerts per hour of the day as
# in the shadow month, each alert a fraud with the shadow month's precision), runs the hourly
# checks on the trailing window, and keeps the lowest reading of each week. The **alert line** is
# the highest line such a week crosses in at most `ALERT_CALM_WEEKS` of weeks; the **rollback
# floor**, which must hold for `FLOOR_HOURS` consecutive checks, the highest crossed in at most
# `ROLLBACK_CALM_WEEKS`. The same simulation with precision falling `INCIDENT_DROP_POINTS` points
# at the start of a week says how often each line catches such a drop within that week.
#
# The matured shadow read is complete only once that month's chargebacks are in, so these are the
# lines a team draws when it takes gate 3 (until then it would run provisional lines and redraw
# them); the replay further down asks how they would have behaved on the logged months.

# %%
shadow_start = truth.start + pd.DateOffset(months=2)
shadow_hours = (launch - shadow_start).total_seconds() / 3600
model_alert_hours = shadow.loc[shadow["model_flag"], "timestamp"].dt.hour
alerts_by_hour = model_alert_hours.value_counts().reindex(range(24), fill_value=0).to_numpy() / (shadow_hours / 24)
n_weeks = 1_000 if FAST else CALM_WEEKS_SIMULATED
LINES = np.round(np.arange(0.200, 1.0, 0.005), 3)  # candidate lines, half a point apart
_lowest = {}


def lowest_readings(precision_after, for_periods):
    """Per simulated week: the lowest trailing-window precision its hourly checks see (held for
    ``for_periods`` consecutive checks). The window before the week runs at the calm precision."""
    key = (round(precision_after, 6), for_periods)
    if key not in _lowest:
        rng = np.random.default_rng(SEED)
        hours = PRECISION_WINDOW_HOURS + 168
        expected = np.resize(alerts_by_hour, hours)  # hour 0 of the simulation is midnight
        alerts = rng.poisson(expected, size=(n_weeks, hours))
        p = np.where(np.arange(hours) < PRECISION_WINDOW_HOURS, baseline_precision, precision_after)
        hits = rng.binomial(alerts, p)
        start = np.arange(1, 169)  # the 168 hourly checks of the week, each on the trailing window
        cum_a = np.concatenate([np.zeros((n_weeks, 1)), alerts.cumsum(axis=1)], axis=1)
        cum_h = np.concatenate([np.zeros((n_weeks, 1)), hits.cumsum(axis=1)], axis=1)
        in_window = cum_a[:, start + PRECISION_WINDOW_HOURS] - cum_a[:, start]
        hit_window = cum_h[:, start + PRECISION_WINDOW_HOURS] - cum_h[:, start]
        reading = np.where(in_window >= MIN_ALERTS, hit_window / np.maximum(in_window, 1), np.inf)  # inf: no evidence
        held = np.max([reading[:, k:reading.shape[1] - for_periods + 1 + k] for k in range(for_periods)], axis=0)
        _lowest[key] = held.min(axis=1)
    return _lowest[key]


def calm_share(line, for_periods=1):
    """Share of simulated calm weeks in which a precision rule at ``line`` fires at least once."""
    return float((lowest_readings(baseline_precision, for_periods) < line).mean())


def caught_share(line, for_periods=1, drop_points=INCIDENT_DROP_POINTS):
    """Share of simulated weeks with a ``drop_points`` fall in precision in which the rule fires within the week."""
    return float((lowest_readings(baseline_precision - drop_points / 100, for_periods) < line).mean())


def line_for(share, for_periods=1):
    """The highest line on the half-point grid that fires in at most ``share`` of simulated calm weeks."""
    shares = (lowest_readings(baseline_precision, for_periods)[:, None] < LINES).mean(axis=0)
    allowed = LINES[shares <= share]
    if not len(allowed):
        raise ValueError(f"no line from {LINES[0]} up fires in at most {share:.1%} of calm weeks")
    return float(allowed.max())


alert_line = line_for(ALERT_CALM_WEEKS)
floor_line = line_for(ROLLBACK_CALM_WEEKS, FLOOR_HOURS)
lines_table = pd.DataFrame({
    "line (%)": [100 * alert_line, 100 * floor_line],
    "checks in a row": [1, FLOOR_HOURS],
    "fires in calm weeks (%)": [100 * calm_share(alert_line), 100 * calm_share(floor_line, FLOOR_HOURS)],
    f"catches a {INCIDENT_DROP_POINTS}-point drop in its week (%)": [
        100 * caught_share(alert_line), 100 * caught_share(floor_line, FLOOR_HOURS)],
}, index=pd.Index(["precision drop (alert)", "precision floor (rollback)"], name="rule"))

# %% tags=["nbval-check-output"]
print(f"{n_weeks:,} simulated weeks at the shadow month's volume ({alerts_by_hour.sum() * 7:.0f} alerts a week) "
      f"and precision ({baseline_precision:.1%}):")
print(lines_table.round(1).to_string())

# %%
weeks_with_evidence = float(np.isfinite(lowest_readings(baseline_precision, 1)).mean())
floor_calm_n = round(calm_share(floor_line, FLOOR_HOURS) * n_weeks)
floor_calm_low, floor_calm_high = wilson_interval(floor_calm_n, n_weeks, confidence=0.95)
model_only = watch["flagged"] & ~watch["fallback_flagged"] & ~watch["error"] & watch["is_fraud"]
live_days = (watch["timestamp"].max() - launch).total_seconds() / 86_400
model_extra_per_day = float(watch.loc[model_only, "amount"].sum() / live_days)  # review verdicts: visible
extra_held = alerts_by_hour.sum() * 7 * INCIDENT_DROP_POINTS / 100
order_sentence = ("so a person is warned before anything switches by itself" if alert_line > floor_line else
                  "so nothing warns a person before the rollback acts: tolerate fewer false rollbacks")
floor_caught = caught_share(floor_line, FLOOR_HOURS)
speed_sentence = ("At this volume a rollback quiet enough to trust catches such a drop within a week less often than "
                  "not." if floor_caught < 0.5 else
                  "At this volume the rollback catches such a drop within a week in most simulated weeks.")
costs = (
    f"The alert line sits at **{alert_line:.1%}**, the rollback floor at **{floor_line:.1%}**, {order_sentence}. "
    f"What each costs: the alert pages someone for nothing in about "
    f"**{calm_share(alert_line):.0%}** of calm weeks (about {52 * calm_share(alert_line):.0f} pages a year), cheap "
    f"because a person looks before acting. The rollback fires on noise in **{calm_share(floor_line, FLOOR_HOURS):.1%}** "
    f"of calm weeks (95% Wilson interval {floor_calm_low:.1%} to {floor_calm_high:.1%}, simulation noise only), "
    f"and each false rollback switches off a model that holds about **${model_extra_per_day:,.0f}** a day of fraud "
    f"the rule alone lets through (the review team's verdicts after the launch). In exchange the lines miss real "
    f"incidents: a {INCIDENT_DROP_POINTS}-point drop, about {extra_held:.0f} more good customers held a week, is "
    f"caught within its first week in **{caught_share(alert_line):.0%}** of simulated weeks by the alert and "
    f"**{floor_caught:.0%}** by the rollback. {speed_sentence} The lines also rest on the shadow month's precision, "
    f"itself uncertain ({base_low:.0%} to {base_high:.0%}, 95% Wilson): if normal were at the low end, both would "
    "fire more often.")
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
    {"name": "error rate", "metric": "error_rate", "op": ">", "threshold": ERROR_RATE_MAX},
    *precision_rules(alert_line, floor_line),
])
monitoring.rules_table(rules)

# %% [markdown]
# The rules are replayed twice. On the logged months from the launch on, where every firing is
# priced. And, for the two precision rules only, on the shadow month, the calm reference: there the
# precision is read on the matured chargebacks, and a firing can only be noise (the model decided
# nothing, and these weeks define its normal).

# %%
replay = monitoring.replay_rules(hourly, rules)
priced = monitoring.rule_outcomes(watch, replay, restore_after_hours=RESTORE_AFTER_HOURS, flag_col="served",
                                  response_minutes={"alert": ALERT_RESPONSE_MINUTES, "rollback": 0})
priced_table = priced.assign(
    first_fired_at=priced["first_fired_at"].dt.strftime("%d %b %H:%M").fillna("never"),
    hours_on_fallback=priced["hours_on_fallback"].round(0).astype(int),
    dollars_saved=priced["dollars_saved"].round(0).astype(int)).rename(columns={
        "first_fired_at": "first fired", "hours_on_fallback": "hours on fallback",
        "users_on_fallback": "requests moved", "users_spared_failures": "failures spared",
        "dollars_saved": "fraud saved (USD)"}).set_index("rule")
matured_day = launch + pd.Timedelta(days=read_days[-1])
shadow_hourly = monitoring.monitoring_metrics(
    watch_all[watch_all["timestamp"] < launch], freq="h", window=PRECISION_WINDOW_HOURS, min_alerts=MIN_ALERTS,
    label_col="label_available_at", as_of=matured_day)


def replay_floor(floor, alert_at=None):
    """Replay the precision rules with this floor: firings of the rollback on the shadow weeks and after launch."""
    both = monitoring.rules_from_records(precision_rules(alert_line if alert_at is None else alert_at, floor))

    def rollbacks(metrics):
        return int((monitoring.replay_rules(metrics, both).events["rule"] == "precision floor").sum())

    return {"shadow_firings": rollbacks(shadow_hourly), "live_firings": rollbacks(hourly)}


# %% tags=["nbval-check-output"]
latency_fired = replay.first_fire("p95 latency")
minutes_to_fire = (latency_fired - truth.incident_start).total_seconds() / 60
checks_to_fire = int(np.ceil(minutes_to_fire / 60))  # hourly checks from the incident's start to the firing
floor = priced.set_index("rule").loc["precision floor"]
drop = priced.set_index("rule").loc["precision drop"]
floor_replay = replay_floor(floor_line)
shadow_replay = monitoring.replay_rules(shadow_hourly, monitoring.rules_from_records(
    precision_rules(alert_line, floor_line)))
shadow_alerts = int((shadow_replay.events["rule"] == "precision drop").sum())
error_events = replay.events.query("rule == 'error rate'")
error_noise = error_events[(error_events["period"] < truth.incident_start) | (error_events["period"] >= truth.incident_end)]
error_noise_requests = hourly.loc[error_noise["period"], "requests"]
print(f"p95 latency rule fired {minutes_to_fire:.0f} minutes ({checks_to_fire} hourly check(s)) after the incident began")
print(f"shadow weeks (calm reference): precision alert fired {shadow_alerts} time(s), "
      f"rollback floor {floor_replay['shadow_firings']} time(s)")
print(f"after the launch: precision alert fired {int(drop['firings'])} time(s), "
      f"rollback floor {floor_replay['live_firings']} time(s)")
print("Every firing after the launch priced (UTC; fraud saved is negative when the fallback lost money):")
print(priced_table.to_string())

# %%
window = hourly.loc[truth.incident_start - pd.Timedelta(hours=12): truth.incident_end + pd.Timedelta(hours=12)]
fig, ax = plots.figure()
ax.plot(window.index, window["latency_p95"], marker=".", color=plots.NEUTRAL, label="p95 latency, hourly")
ax.axhline(P95_LATENCY_MS, color=plots.BAD, ls="--", lw=1, label="rule threshold")
ax.axvspan(truth.incident_start, truth.incident_end, color=plots.ACCENT, alpha=0.15, label="incident")
ax.axvline(latency_fired, color=plots.BAD, lw=1.5, label="rule fires")
ax.set_ylim(bottom=0)
ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M\n%d %b"))
plots.finish(ax, title=f"The latency rule fires at the first hourly check, {minutes_to_fire:.0f} minutes in",
             xlabel="Time (UTC, each point one hour, drawn at its start)", ylabel="p95 latency (ms)",
             takeaway="A rule on a high-volume signal fires once, at the first check, and only when it should.")
plt.show()

# %%
lat = priced.set_index("rule").loc["p95 latency"]
latency_money = (f"saves **${lat['dollars_saved']:,.0f}** of fraud that would have slipped through unscreened"
                 if lat["dollars_saved"] >= 0 else
                 f"costs **${-lat['dollars_saved']:,.0f}** of fraud: while the model still answers most calls, it "
                 "catches more than the rule, so the switch protects customers from failed checks, not money")
drop_when = ("never fires" if drop["firings"] == 0 else
             f"fires **{int(drop['firings'])}** time(s), first on {drop['first_fired_at']:%d %b %H:%M}: each a page "
             "for a person to read the week's reviewed alerts, priced as if they switched to the rule an hour later")
floor_when = ("never fires" if floor["firings"] == 0 else
              f"fires **{int(floor['firings'])}** time(s), for a net **${floor['dollars_saved']:,.0f}** of fraud")
story.md(
    f"The **p95 latency** rule fires **{minutes_to_fire:.0f} minutes** after the incident starts: at the first "
    f"hourly check, the fastest an hourly rule can be (the incident began on the hour). Finding out sooner "
    f"needs more frequent checks, not a better rule. With a "
    f"{ALERT_RESPONSE_MINUTES}-minute response, and the fallback kept until latency has been healthy for "
    f"{RESTORE_AFTER_HOURS} hour(s), it moves "
    f"**{int(lat['users_on_fallback']):,}** requests to the rule, spares **{int(lat['users_spared_failures']):,}** "
    f"of them a failed check, and {latency_money}. After the launch the **precision alert** {drop_when}; the "
    f"**rollback floor** {floor_when}. On the shadow weeks, the calm reference, the alert fires "
    f"**{shadow_alerts}** time(s) and the rollback **{floor_replay['shadow_firings']}**."
    + (f" The error-rate alert also fires **{len(error_noise)}** time(s) outside the incident, in night hours of "
       f"at most **{error_noise_requests.max():.0f}** requests, where one or two failed calls make a rate above "
       "the line." if len(error_noise) else "")
)
story.record_table([
    ("latency_rule_minutes_to_fire", minutes_to_fire, "Minutes from incident to latency alert", "{:.0f}"),
    ("latency_rule_dollars_saved", float(lat["dollars_saved"]),
     "Fraud dollars the latency rule's fallback saves (negative: costs)", "${:,.0f}"),
    ("latency_rule_failures_spared", int(lat["users_spared_failures"]),
     "Requests the latency rule's fallback spares a failed check", "{:,}"),
    ("precision_alert_line", alert_line, "Precision alert line (from calm-week noise)", "{:.1%}"),
    ("precision_floor_line", floor_line, "Precision rollback floor (from calm-week noise)", "{:.1%}"),
    ("precision_floor_calm_share", calm_share(floor_line, FLOOR_HOURS),
     "Simulated calm weeks in which the rollback fires", "{:.1%}"),
    ("precision_floor_firings_shadow", floor_replay["shadow_firings"],
     "Rollback-floor firings replayed on the shadow weeks"),
    ("precision_floor_firings", floor_replay["live_firings"], "Precision-floor rollbacks after launch"),
])


# %% [markdown]
# ### The rollback drill
#
# A fallback that has never been exercised is a hope, not a plan. The drill runs real logged
# requests from the incident hour through the serving switch: the primary serves normally; then it
# is made to time out and every request must still be answered, by the rule; then the switch is
# rolled back by hand and every decision must match the rule exactly; then traffic is restored.

# %% tags=["nbval-check-output"]
def primary(requests):
    return models.fraud_scores(model, requests) >= threshold


router = monitoring.FallbackRouter(primary=primary, fallback=lambda r: scenarios.hand_rule(r).to_numpy())
incident_requests = live[(live["timestamp"] >= truth.incident_start) & (live["timestamp"] < truth.incident_end)]
drill = monitoring.rollback_drill(router, incident_requests, batch_size=400)
print(drill)
_ = story.record("rollback_drill_passed", drill.passed, label="Rollback drill passed")

# %%
q2 = nb03.bind_floor(tolerated=0.05, line_for=line_for, calm_share=calm_share, caught_share=caught_share,
                     replay_floor=replay_floor, for_periods=FLOOR_HOURS, drop_points=INCIDENT_DROP_POINTS)

# %% [markdown]
# ### Exercise 2 · Set the rollback floor for the risk you accept
#
# The notebook's floor tolerates a false rollback in `ROLLBACK_CALM_WEEKS` of calm weeks; another business accepts more.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
my_floor = line_for(0.05, FLOOR_HOURS)
again_replayed = replay_floor(my_floor)
print(f"floor {my_floor:.3f}: fires in {calm_share(my_floor, FLOOR_HOURS):.1%} of calm weeks, catches a "
      f"{INCIDENT_DROP_POINTS}-point drop within the week in {caught_share(my_floor, FLOOR_HOURS):.0%}; replayed: "
      f"{again_replayed['shadow_firings']} firing(s) on the shadow weeks, {again_replayed['live_firings']} after launch")
q2_answer = (my_floor, "pass" if again_replayed["shadow_firings"] == 0 else "fail")
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((alert_line + 0.05, q2_answer[1]))  # fires on noise far more often than tolerated
assert not q2.check((q2_answer[0], {"pass": "fail", "fail": "pass"}[q2_answer[1]]))
assert q2.check(____).correct is None

# %% [markdown]
# ## 4. Gradual rollout against a big bang
#
# Suppose the next model version is broken in a way offline tests missed: it wrongly declines
# `BAD_MODEL_HARM_RATE` of good customers instead of `BASELINE_HARM_RATE`. A staged rollout sends it
# 5%, then 25%, 50% and 100% of traffic, `DAYS_PER_STAGE` days each, and checks at the end of every
# stage whether the decline rate among its users is significantly above today's (a one-sided test
# at the 1% level). A big-bang launch sends everyone at once and checks after the same first period.
# The simulation repeats both plans many times with this business's daily volume; every number in
# this section is a simulated outcome.

# %%
users_per_day = len(watch) / max((watch["timestamp"].max() - watch["timestamp"].min()).days, 1)
n_runs = 500 if FAST else 2_000
rollout = monitoring.simulate_rollout(
    users_per_day, plans={"staged": ROLLOUT_STAGES, "big bang": (1.0,)}, days_per_stage=DAYS_PER_STAGE,
    harm_rate=BAD_MODEL_HARM_RATE, baseline_rate=BASELINE_HARM_RATE, n_simulations=n_runs, seed=SEED)
stage_names = {0: "never"} | {i + 1: f"{share:.0%} stage" for i, share in enumerate(ROLLOUT_STAGES)}
caught_at = (rollout.caught_stage["staged"].map(stage_names).value_counts(normalize=True)
             .reindex(list(stage_names.values()), fill_value=0.0))
exposure_by_stage = rollout.exposure["staged"].groupby(rollout.caught_stage["staged"].map(stage_names)).mean()
pd.DataFrame({"share of simulated runs (%)": (100 * caught_at).round(1),
              "users exposed, mean": exposure_by_stage.reindex(caught_at.index).map(
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
print(f"5% check catches the bad model in {first_check / n_runs:.0%} of {n_runs:,} simulated runs "
      f"(95% Wilson {first_low:.0%} to {first_high:.0%})")
print(f"users exposed, mean:    staged {means['staged']:,.0f}, big bang {means['big bang']:,.0f}")
print(f"users exposed, 90th percentile: staged {p90['staged']:,.0f}, big bang {p90['big bang']:,.0f}")
print(f"staged / big bang, mean exposure: {ratio.estimate:.2f} (95% bootstrap over runs {ratio.low:.2f} to {ratio.high:.2f})")

# %%
fig, ax = plots.figure()
top = float(rollout.exposure.max().max())
bins = np.linspace(0, top, 60)
for plan, colour in (("staged", plots.GOOD), ("big bang", plots.BAD)):
    ax.hist(rollout.exposure[plan], bins=bins, alpha=0.7, color=colour, label=plan)
plots.finish(ax, title=f"Staged: caught at 5% in {first_check / n_runs:.0%} of runs, otherwise at 25%; "
                       "big bang: everyone first",
             xlabel="Users served by the bad model before rollback (count)", ylabel="Simulated runs (count)",
             takeaway=f"Two humps for the staged plan: the 5% check catches {first_check / n_runs:.0%} of the bad "
                      "models; most of the rest reach the 25% stage.")
plt.show()

# %%
story.md(
    f"The staged plan's exposure has two humps. In **{first_check / n_runs:.0%}** of the simulated runs "
    f"(95% Wilson interval {first_low:.0%} to {first_high:.0%}) the check after the 5% stage catches the "
    f"broken model, after about **{exposure_by_stage.get('5% stage', np.nan):,.0f}** users; in most of the "
    f"others only the 25% check does, after about **{exposure_by_stage.get('25% stage', np.nan):,.0f}**. "
    "A median of such a distribution describes neither hump, so the plans are compared on the mean (the "
    f"expected number of users exposed): **{means['staged']:,.0f}** staged against **{means['big bang']:,.0f}** "
    f"for a big bang, a ratio of **{ratio.estimate:.2f}** (95% bootstrap interval over runs {ratio.low:.2f} to "
    f"{ratio.high:.2f}). That interval measures only the simulation's own noise; the real uncertainty lies in "
    "its assumptions (the harm rates and the volume), which the parameters let you change. In the worst tenth "
    f"of runs the staged plan still exposes **{p90['staged']:,.0f}** users. The price of staging is time: a "
    f"good model needs {len(ROLLOUT_STAGES) * DAYS_PER_STAGE} days to reach everyone instead of {DAYS_PER_STAGE}."
)
story.record_table([
    ("rollout_caught_first_stage", first_check / n_runs, "Simulated runs in which the 5% check catches a bad model",
     "{:.0%}"),
    ("rollout_exposed_staged", float(means["staged"]),
     "Users exposed to a bad model, staged rollout (mean over simulated runs)", "{:,.0f}"),
    ("rollout_exposed_big_bang", float(means["big bang"]),
     "Users exposed to a bad model, big bang (mean over simulated runs)", "{:,.0f}"),
])

# %% [markdown]
# The gate below asks that the staged plan expose at most a quarter of the big bang's users, on the
# interval. `exposure_ratio(stages)` re-runs the same simulation for other stages.


# %%
EXPOSURE_LINE = 0.25  # the gate's line: staged exposure at most this share of the big bang's (mean)


def exposure_ratio(stages, n_boot=1_000):
    """Staged plan's mean exposure over the big bang's, with its 95% bootstrap interval over simulated runs."""
    sim = monitoring.simulate_rollout(
        users_per_day, plans={"staged": tuple(stages), "big bang": (1.0,)}, days_per_stage=DAYS_PER_STAGE,
        harm_rate=BAD_MODEL_HARM_RATE, baseline_rate=BASELINE_HARM_RATE, n_simulations=n_runs, seed=SEED)
    s, b = sim.exposure["staged"].to_numpy(), sim.exposure["big bang"].to_numpy()
    r = bootstrap_interval(np.arange(n_runs, dtype=float), n_boot=n_boot, seed=SEED,
                           statistic=lambda i: s[i.astype(int)].mean() / b[i.astype(int)].mean())
    return float(r.estimate), float(r.low), float(r.high)


q3 = nb03.bind_rollout(exposure_ratio=exposure_ratio, line=EXPOSURE_LINE)

# %% [markdown]
# ### Exercise 3 · Change the rollout stages

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
my_stages = (0.10, 0.50, 1.0)
est, low, high = exposure_ratio(my_stages)
print(f"{my_stages}: {est:.2f} of the big bang's exposure (95% bootstrap {low:.2f} to {high:.2f}), "
      f"line {EXPOSURE_LINE}")
q3_answer = (my_stages, "pass" if high <= EXPOSURE_LINE else "fail" if low > EXPOSURE_LINE else "not yet")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((q3_answer[0], "not yet" if q3_answer[1] != "not yet" else "pass"))
assert not q3.check(((0.5, 0.1, 1.0), "pass"))  # stages must grow
assert q3.check(____).correct is None

# %% [markdown]
# ## 5. Reproducing a past prediction from the log
#
# A customer disputes a declined payment from the incident day. Read the log back from disk, find
# the request, load the exact model version it names from the registry, and score the logged
# inputs again. Anything short of an exact match means the log or the registry is missing
# something (a feature, a preprocessing step, a config value).

# %% tags=["nbval-check-output"]
stored = monitoring.read_prediction_log(log_path)
disputed = stored[(stored["timestamp"] >= truth.incident_start) & stored["output"]].iloc[0]
again = monitoring.reproduce_prediction(stored, int(disputed["request_id"]), load_model=registry.load,
                                        score=models.fraud_scores)
print(f"request {again.request_id}: logged {again.logged_score:.6f}, recomputed {again.recomputed_score:.6f}, "
      f"exact match: {again.exact}")
_ = story.record("prediction_reproduced", again.exact, label="Past prediction reproduced exactly")

# %%
again.to_frame()

# %% [markdown]
# ## Decision gate 3: ready to run in production?
#
# Go only if the candidate beat the incumbent on matured labels (on the interval, not the point), the
# monitoring catches the logged incident at its first check, the fallback passes its drill, the rollout
# plan limits exposure (on the interval), a past prediction is reproduced, and the automatic rollback
# stays quiet on the calm reference weeks.

# %%
gate = gates.Gate("Gate 3: deploy with monitoring and rollback", [
    gates.criterion("Candidate precision beats the rule on matured chargebacks (points)",
                    100 * gap.estimate, ">", 0, interval=(100 * gap.low, 100 * gap.high), n=len(either),
                    evidence=f"shadow month, same alert volume, chargebacks read {read_days[-1]} days later; "
                             "candidate minus rule, 95% bootstrap interval over the alerted transactions",
                    fmt="{:+.1f}"),
    gates.criterion("Latency alert fires at the first hourly check of the incident", checks_to_fire, "<=", 1,
                    evidence=f"hourly p95 rule replayed on the logged incident: fired after {minutes_to_fire:.0f} "
                             "min; a fact of this replay (no sample behind it)", fmt="{:.0f} check(s)"),
    gates.judgement("Rollback drill passes", drill.passed,
                    evidence="primary made to fail, manual rollback, restore; all answers checked"),
    gates.criterion("Staged rollout exposes at most a quarter of the big bang's users (mean)", ratio.estimate,
                    "<=", EXPOSURE_LINE, interval=(ratio.low, ratio.high),
                    settle="more simulated runs, or a look at the harm-rate assumptions",
                    evidence=f"{n_runs:,} simulated runs each; 95% bootstrap interval over runs (simulation "
                             "noise only)", fmt="{:.2f}"),
    gates.judgement("A past prediction is reproduced exactly", again.exact,
                    evidence=f"request {again.request_id} from the Parquet log and registry version {version.version}"),
    gates.criterion("Automatic rollback stays quiet on the calm reference weeks", floor_replay["shadow_firings"],
                    "<=", 0,
                    evidence=f"precision floor {floor_line:.1%} ({FLOOR_HOURS} consecutive checks, "
                             f"{PRECISION_WINDOW_HOURS} h window) replayed on the shadow month ({shadow_start:%d %b} to "
                             f"{launch:%d %b}), read on chargebacks matured {read_days[-1]} days; a count from this "
                             f"replay. Rollbacks after the launch ({launch:%d %b} on): {floor_replay['live_firings']}",
                    fmt="{:.0f}"),
])
gate.record()
gate

# %%
verdict = gate.verdict
if verdict == "GO":
    next_step = "Every criterion holds: launch in stages with the rules as written."
elif verdict == "NO-GO":
    pending = f" Not yet settled: {'; '.join(gate.inconclusive)}." if gate.inconclusive else ""
    next_step = f"Failed: {'; '.join(gate.failed)}. Run in production only once these are fixed.{pending}"
else:
    lean = (f" On the point estimate the candidate trails the rule by {-100 * gap.estimate:.1f} points: if that "
            "held on more weeks, the gate would turn to NO-GO." if gap.estimate < 0 and
            "Candidate precision beats the rule on matured chargebacks (points)" in gate.inconclusive else "")
    next_step = (f"Not settled yet: {'; '.join(gate.inconclusive)}. Nothing failed, but the evidence cannot yet "
                 f"tell the answer: gather what the table says would settle it, then take the gate again.{lean}")
story.md(f"**Verdict: {verdict}.** {next_step}")
