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
# Lifecycle stage 3. The fraud model beat the hand rule offline. Now it has to meet live traffic,
# where labels arrive a month late, servers have bad days and the world changes. This notebook
# launches it the careful way: in the shadow first, then behind a dashboard, alert rules, a
# tested fallback and a staged rollout, with every prediction logged so it can be replayed.
# The business, its traffic, its fraud and its incidents are simulated (`aipm_kit.scenarios`).
#
# **You will be able to**
#
# - run a shadow deployment and see why a comparison read before the labels mature misleads;
# - build a monitoring dashboard (latency, errors, precision, input drift, a business KPI);
# - write alert and rollback rules as data and replay them on a logged incident: when each
#   fires, and what it saves or costs in users and dollars;
# - prove the fallback path works with a rollback drill;
# - compare a staged 5% -> 25% -> 50% -> 100% rollout with a big-bang launch;
# - log predictions so that any past prediction can be reproduced exactly;
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
# is trained on months 1-2, shadows month 3 and launches on the first day of month 4
N_TRANSACTIONS = 240_000         # transactions over six months (about 1,300 a day)
LABEL_DELAY_DAYS = 30.0          # mean chargeback delay, in days
TRAIN_ROWS = 20_000              # rows of months 1-2 used to train the candidate
RING_MONTH = 5                   # a new fraud ring starts on the first day of this month (5 or 6)
MATURE_DAYS = 60                 # chargebacks count as matured this many days after the payment
# Serving and rules (editable: rules are data)
TIMEOUT_MS = 300                 # the checkout stops waiting for the model after this long
P95_LATENCY_MS = 200             # alert: p95 latency above this in an hour
ERROR_RATE_MAX = 0.10            # alert: share of failed model calls in an hour
PRECISION_DROP_POINTS = 5        # alert: precision this many points below the shadow baseline
PRECISION_FLOOR = 0.90           # rollback: precision under this ...
FLOOR_HOURS = 2                  # ... for this many consecutive hourly checks
PRECISION_WINDOW_HOURS = 168     # precision is measured on the trailing window of alerts
MIN_ALERTS = 20                  # below this many alerts in the window, precision is "no evidence"
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
n_transactions = 80_000 if FAST else N_TRANSACTIONS
train_rows = 8_000 if FAST else TRAIN_ROWS
payments = scenarios.make_payments(n_transactions, seed=SEED, label_delay_days=LABEL_DELAY_DAYS,
                                   drift_month=RING_MONTH)
truth = payments.attrs["scenario"]
launch = truth.start + pd.DateOffset(months=3)  # the shadow month (month 3) ends, the model goes live
train = payments[payments["month"] <= 2].sample(train_rows, random_state=SEED)
model = models.fit_fraud_model(train, target="label_observed", seed=SEED, max_iter=100)
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
    f"The candidate model is trained on **{len(train):,}** transactions of months 1-2 and flags a "
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
story.md(
    f"On the day the shadow month ends, the candidate's precision reads "
    f"**{first_read.loc['model', 'precision_so_far']:.0%}** against the rule's "
    f"**{first_read.loc['rule', 'precision_so_far']:.0%}**: {early_sentence}. "
    f"Only **{first_read.loc['model', 'labels_in'] / last_read.loc['model', 'labels_in']:.0%}** of the "
    f"shadow month's chargebacks have arrived. {read_days[-1]} days later, with the labels matured, the reads are "
    f"**{last_read.loc['model', 'precision_so_far']:.0%}** and **{last_read.loc['rule', 'precision_so_far']:.0%}** "
    f"(the simulator's truth: **{last_read.loc['model', 'precision_true']:.0%}** and "
    f"**{last_read.loc['rule', 'precision_true']:.0%}**). An early read is biased low (missing "
    "labels count as good transactions) and rests on few labels, so it can rank the models wrongly."
)
story.record("shadow_early_precision_model", float(first_read.loc["model", "precision_so_far"]),
             label="Candidate precision read on the last shadow day", fmt="{:.1%}")
story.record("shadow_final_precision_model", float(last_read.loc["model", "precision_so_far"]),
             label=f"Candidate precision on chargebacks {read_days[-1]} days later", fmt="{:.1%}")
_ = story.record("shadow_final_precision_rule", float(last_read.loc["rule", "precision_so_far"]),
                 label=f"Rule precision on chargebacks {read_days[-1]} days later", fmt="{:.1%}")

# %% [markdown]
# ### Is the gap bigger than chance, and is the rule the right opponent?
#
# The matured read is still a sample: one month of alerts, about a hundred and fifty per model.
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
                        data_hash=versioning.data_snapshot_hash(train[scenarios.FEATURES + ["label_observed"]]))
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
fig.text(0.01, -0.01, "Takeaway: latency and errors flag the incident on the day; the PSI of the amount stays "
         f"below {drift.PSI_MODERATE:g} all along; missed fraud shows up only as chargebacks arrive, and its shaded "
         "weeks are still incomplete.", fontsize=9, style="italic", ha="left", va="top", wrap=True)
plt.show()

# %%
ring_month = daily.loc[truth.drift_start: truth.drift_start + pd.DateOffset(months=1) - pd.Timedelta(days=1),
                       "missed_fraud"]
calm = daily.loc[:truth.drift_start - pd.Timedelta(days=1), "missed_fraud"]
missed_move = ("rises" if ring_month.mean() > calm.mean() else
               "does not rise (yet: many of those chargebacks are still to come)")
missed_sentence = (
    f"The missed-fraud panel {missed_move}: **{calm.mean():.1f}** frauds a day that nobody held were charged back "
    f"from the launch until the ring's start, **{ring_month.mean():.1f}** a day in the month after it, read "
    "before all of that month's chargebacks have arrived.")
story.md(
    f"Read the panels together. The incident day stands out on latency and errors. Alert precision, the "
    f"review team's verdicts over seven days, stays between **{daily['alert_precision'].min():.0%}** and "
    f"**{daily['alert_precision'].max():.0%}**: whatever the ring changed is not in the alerts. The PSI of one input, the amount, over all traffic, peaks at "
    f"**{psi_max:.3f}**, in the *{drift.psi_band(psi_max)}* band (below {drift.PSI_MODERATE:g}): this one monitor "
    f"does not see the ring. That is all it shows; other inputs and the slice of traffic the ring works in "
    f"(app purchases of electronics and games) were not measured here (notebook 04 does). {missed_sentence} "
    f"Chargebacks are read on the log's last day; in the shaded final {MATURE_DAYS} days many have not "
    "arrived, so those weeks look better than they are."
)

# %% [markdown]
# An interactive view of the same table (pick a metric and a date range; it needs a live kernel):

# %%
monitoring.dashboard_widget(daily, limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX})

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
window_precision = float((watch["flagged"] & watch["is_fraud"]).sum() / watch["flagged"].sum())  # all live alerts
window_low, window_high = wilson_interval(round(window_precision * window_alerts), window_alerts, confidence=0.95)
print(f"requests per hour (median):               {hourly['requests'].median():.0f}")
print(f"alerts per hour (mean):                   {alerts_per_hour:.2f}")
print(f"hours with no alert at all:               {hours_without_alert:.0%}")
print(f"alerts per {PRECISION_WINDOW_HOURS} h window (median):       {window_alerts}")
print(f"precision of all live alerts:             {window_precision:.0%}")
print(f"one window at that precision:             95% Wilson interval {window_low:.0%} to {window_high:.0%}")

# %%
story.md(
    f"With about **{alerts_per_hour:.2f}** alerts an hour, **{hours_without_alert:.0%}** of hours hold no alert "
    "at all and most of the rest hold one: a one-hour precision is undefined, 0 or 1, not an estimate, and no "
    f"interval formula rescues a sample of one. The trailing window holds about **{window_alerts}** alerts; "
    f"at the precision of all live alerts pooled, **{window_precision:.0%}**, one window's 95% Wilson interval runs from "
    f"**{window_low:.0%}** to **{window_high:.0%}**, **{100 * (window_high - window_low):.0f} points** wide. "
    f"A floor at {PRECISION_FLOOR:.0%} sits inside that band, so chance alone will push the reading under it "
    "from time to time. A business with many times this volume could watch precision closely; this one "
    "cannot, and the replay below shows what that costs."
)

# %%
baseline_precision = float(last_read.loc["model", "precision_so_far"])  # shadow month, matured chargebacks
rules = monitoring.rules_from_records([
    {"name": "p95 latency", "metric": "latency_p95", "op": ">", "threshold": P95_LATENCY_MS},
    {"name": "error rate", "metric": "error_rate", "op": ">", "threshold": ERROR_RATE_MAX},
    {"name": "precision drop", "metric": "alert_precision", "op": "<",
     "threshold": round(baseline_precision - PRECISION_DROP_POINTS / 100, 4)},
    {"name": "precision floor", "metric": "alert_precision", "op": "<", "threshold": PRECISION_FLOOR,
     "for_periods": FLOOR_HOURS, "action": "rollback"},
])
story.md(f"The precision-drop line is the candidate's shadow precision on matured chargebacks "
         f"(**{baseline_precision:.1%}**) minus {PRECISION_DROP_POINTS} points: what the team could know at launch.")
monitoring.rules_table(rules)

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

# %% tags=["nbval-check-output"]
latency_fired = replay.first_fire("p95 latency")
minutes_to_fire = (latency_fired - truth.incident_start).total_seconds() / 60
checks_to_fire = int(np.ceil(minutes_to_fire / 60))  # hourly checks from the incident's start to the firing
floor = priced.set_index("rule").loc["precision floor"]
floor_events = replay.events.query("rule == 'precision floor'")
calm_end = min(truth.drift_start, truth.incident_start)  # launch to the first planted change: nothing changed
floor_calm = int(((floor_events["fired_at"] >= launch) & (floor_events["fired_at"] < calm_end)).sum())
drop_firings = int(priced.set_index("rule").loc["precision drop", "firings"])
error_events = replay.events.query("rule == 'error rate'")
error_noise = error_events[(error_events["period"] < truth.incident_start) | (error_events["period"] >= truth.incident_end)]
error_noise_requests = hourly.loc[error_noise["period"], "requests"]
print(f"p95 latency rule fired {minutes_to_fire:.0f} minutes ({checks_to_fire} hourly check(s)) after the incident began")
print(f"precision floor fired {int(floor['firings'])} times after the launch, "
      f"{floor_calm} of them before anything changed ({launch:%d %b} to {calm_end:%d %b})")
print(f"precision drop alert fired {drop_firings} times after the launch")
print("Every firing priced (UTC; fraud saved is negative when the fallback lost money):")
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
floor_result = "a net loss of" if floor["dollars_saved"] < 0 else "a net gain of"
story.md(
    f"The **p95 latency** rule fires **{minutes_to_fire:.0f} minutes** after the incident starts: at the first "
    f"hourly check, the fastest an hourly rule can be (the incident began on the hour). Finding out sooner "
    f"needs more frequent checks, not a better rule. With a "
    f"{ALERT_RESPONSE_MINUTES}-minute response, and the fallback kept until latency has been healthy for "
    f"{RESTORE_AFTER_HOURS} hour(s), it moves "
    f"**{int(lat['users_on_fallback']):,}** requests to the rule, spares **{int(lat['users_spared_failures']):,}** "
    f"of them a failed check, and {latency_money}. The **precision floor**, as written, fires **{int(floor['firings'])}** times after the "
    f"launch, **{floor_calm}** of them in the calm weeks before anything changed: on this volume it reacts to "
    f"noise, and each rollback switches off a model that catches more fraud than the rule: "
    f"{floor_result} **${abs(floor['dollars_saved']):,.0f}**. A rollback rule on precision needs more volume, "
    "a longer window or a statistical test before it is allowed to act on its own."
    + (f" The error-rate alert also fires **{len(error_noise)}** time(s) outside the incident, in night hours of "
       f"at most **{error_noise_requests.max():.0f}** requests, where one or two failed calls make a rate above "
       "the line." if len(error_noise) else "")
)
story.record("latency_rule_minutes_to_fire", minutes_to_fire, label="Minutes from incident to latency alert",
             fmt="{:.0f}")
story.record("latency_rule_dollars_saved", float(lat["dollars_saved"]),
             label="Fraud dollars the latency rule's fallback saves (negative: costs)", fmt="${:,.0f}")
story.record("latency_rule_failures_spared", int(lat["users_spared_failures"]),
             label="Requests the latency rule's fallback spares a failed check", fmt="{:,}")
story.record("precision_floor_firings_calm", floor_calm,
             label="Precision-floor rollbacks after launch, before anything changed")
_ = story.record("precision_floor_firings", int(floor["firings"]), label="Precision-floor rollbacks after launch")

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
             takeaway="Two humps for the staged plan: the 5% check catches about half the bad models; "
                      "the rest reach the 25% stage.")
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
story.record("rollout_caught_first_stage", first_check / n_runs,
             label="Simulated runs in which the 5% check catches a bad model", fmt="{:.0%}")
story.record("rollout_exposed_staged", float(means["staged"]),
             label="Users exposed to a bad model, staged rollout (mean over simulated runs)", fmt="{:,.0f}")
_ = story.record("rollout_exposed_big_bang", float(means["big bang"]),
                 label="Users exposed to a bad model, big bang (mean over simulated runs)", fmt="{:,.0f}")

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
# ## Exercises

# %%
q1, q2, q3, q4 = nb03.bind(shadow=comparison, replay=replay, incident_start=truth.incident_start,
                           rollout=rollout, outcomes=priced, latency_rule="p95 latency")

# %% [markdown]
# **q1.** On the day the shadow month ends, by how much (as a share) does the candidate's measured
# precision understate what the same measurement reads once the chargebacks have matured?

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = float(last_read.loc["model", "precision_so_far"] - first_read.loc["model", "precision_so_far"])
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(float(first_read.loc["model", "precision_so_far"]))
assert q1.check(____).correct is None

# %% [markdown]
# **q2.** How many minutes after the incident started did the p95 latency rule fire?

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = (replay.first_fire("p95 latency") - truth.incident_start).total_seconds() / 60
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(0)
assert q2.check(____).correct is None

# %% [markdown]
# **q3.** In what share of the simulated runs does the first check of the staged plan (after the
# 5% stage) catch the bad model? Compute it from `rollout.caught_stage`.

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = float((rollout.caught_stage["staged"] == 1).mean())
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(float((rollout.caught_stage["staged"] > 0).mean()))
assert q3.check(____).correct is None

# %% [markdown]
# **q4.** Which rule's fallbacks come out best in fraud dollars in the replay (the largest saving, or
# the smallest loss)?

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = priced.set_index("rule")["dollars_saved"].idxmax()
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check([r for r in priced["rule"] if r != q4_answer][0])
assert q4.check(____).correct is None

# %% [markdown]
# ## Decision gate 3: ready to run in production?
#
# Go only if the candidate beat the incumbent on matured labels (on the interval, not the point), the
# monitoring catches a real incident at its first check, the fallback provably works, the rollout
# plan limits exposure, predictions can be reproduced, and no automatic rollback rule fires on noise.

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
                    "<=", 0.25, interval=(ratio.low, ratio.high),
                    settle="more simulated runs, or a look at the harm-rate assumptions",
                    evidence=f"{n_runs:,} simulated runs each; 95% bootstrap interval over runs (simulation "
                             "noise only)", fmt="{:.2f}"),
    gates.judgement("A past prediction is reproduced exactly", again.exact,
                    evidence=f"request {again.request_id} from the Parquet log and registry version {version.version}"),
    gates.criterion("Automatic rollbacks fired before anything changed", floor_calm, "<=", 0,
                    evidence=f"precision-floor rule on a {PRECISION_WINDOW_HOURS} h window, replayed from the launch "
                             f"({launch:%d %b}) to the first planted change ({calm_end:%d %b}); a count from this "
                             "replay", fmt="{:.0f}"),
])
gate.record()
gate

# %%
verdict = gate.verdict
if verdict == "GO":
    next_step = "Every criterion holds: launch in stages with the rules as written."
elif verdict == "NO-GO":
    pending = f" Not yet settled: {'; '.join(gate.inconclusive)}." if gate.inconclusive else ""
    next_step = (f"Failed: {'; '.join(gate.failed)}. Launch only once these are fixed; for the precision rule, "
                 "that means a longer window, a minimum volume and a test of the drop, or a human in the loop "
                 f"instead of an automatic rollback.{pending}")
else:
    next_step = f"Not settled yet: {'; '.join(gate.inconclusive)}. Gather what the table says would settle it."
story.md(f"**Verdict: {verdict}.** {next_step}")
