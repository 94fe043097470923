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
# The simulated business (aipm_kit.scenarios.make_payments): six months, drift in month 4
N_TRANSACTIONS = 240_000         # transactions over six months (about 1,300 a day)
LABEL_DELAY_DAYS = 30.0          # mean chargeback delay, in days
TRAIN_ROWS = 20_000              # rows of months 1-2 used to train the candidate
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

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from aipm_kit import gates, models, monitoring, plots, scenarios, story, versioning
from aipm_kit.exercises import ____, nb03

threadpool_limits(1)  # one thread: identical results everywhere, and no fight for a shared CPU
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

n_transactions = 80_000 if FAST else N_TRANSACTIONS
train_rows = 8_000 if FAST else TRAIN_ROWS
payments = scenarios.make_payments(n_transactions, seed=SEED, label_delay_days=LABEL_DELAY_DAYS)
truth = payments.attrs["scenario"]
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
    f"The business: **{len(payments):,}** transactions over six months (about "
    f"**{len(payments) / ((truth.end - truth.start).days):,.0f}** a day), **{truth.fraud_rate_realised:.2%}** fraud. "
    f"The candidate model is trained on **{len(train):,}** transactions of months 1-2 and flags a "
    f"transaction when its score reaches **{threshold:.3f}**, which keeps the review team's workload "
    f"where the rule has it today (**{rule_rate:.2%}** of transactions). Unknown to the team, the "
    f"simulator plants a new fraud ring from **{truth.drift_start:%d %B}** and a serving incident from "
    f"**{truth.incident_start:%d %B %H:%M}** to **{truth.incident_end:%H:%M}** UTC."
)

# %% [markdown]
# ## 1. Shadow deployment: the candidate decides nothing, yet
#
# For all of month 3 the candidate scores every live transaction beside the rule, but only the
# rule's decisions are acted on. The question is whether the candidate would have done better.
# The catch is the label delay: a fraud shows up only when its chargeback arrives, about a month
# later on average, so on any given day many frauds still look like good transactions. Below, the
# comparison is redrawn on several days after the shadow month ends, using only the labels that had
# arrived by then. (The simulator also knows the truth, shown as `precision_true`.)

# %%
shadow = payments[payments["month"] == 3]
shadow_end = truth.start + pd.DateOffset(months=3)
read_days = [0, 7, 14, 30, 60, 90]
comparison = monitoring.shadow_comparison(
    shadow, {"rule": shadow["rule_flag"], "model": shadow["model_flag"]},
    [shadow_end + pd.Timedelta(days=d) for d in read_days])
comparison["days_after_shadow"] = ((comparison["as_of"] - shadow_end).dt.days).astype(int)
comparison[["days_after_shadow", "model", "alerts", "labels_in", "confirmed", "precision_so_far",
            "recall_so_far", "precision_true"]].round(3)

# %% tags=["nbval-check-output"]
wide = comparison.pivot(index="days_after_shadow", columns="model", values="precision_so_far")
print(wide.round(3).to_string())
first_read = comparison[comparison["days_after_shadow"] == 0].set_index("model")
last_read = comparison[comparison["days_after_shadow"] == read_days[-1]].set_index("model")

# %%
fig, ax = plots.figure()
for name, colour in (("rule", plots.ACCENT), ("model", plots.NEUTRAL)):
    part = comparison[comparison["model"] == name]
    ax.plot(part["days_after_shadow"], part["precision_so_far"], marker="o", color=colour,
            label=f"{name}: measured on labels so far")
    ax.axhline(part["precision_true"].iloc[0], color=colour, ls="--", lw=1, label=f"{name}: final (truth)")
plots.finish(ax, title="Early reads of the shadow test understate both models and blur the gap",
             xlabel="Days after the shadow month ended", ylabel="Precision of alerts (share)",
             takeaway="Wait for labels to mature (two to three delays) before calling the winner.")
plt.show()

# %%
story.md(
    f"On the day the shadow month ends, the candidate's precision reads "
    f"**{first_read.loc['model', 'precision_so_far']:.0%}** against the rule's "
    f"**{first_read.loc['rule', 'precision_so_far']:.0%}**: "
    f"{'the rule even looks better' if first_read.loc['rule', 'precision_so_far'] > first_read.loc['model', 'precision_so_far'] else 'the candidate looks only a little better'}. "
    f"Only **{first_read.loc['model', 'labels_in'] / last_read.loc['model', 'labels_in']:.0%}** of the "
    f"shadow month's fraud labels have arrived. {read_days[-1]} days later the reads are "
    f"**{last_read.loc['model', 'precision_so_far']:.0%}** and **{last_read.loc['rule', 'precision_so_far']:.0%}**, "
    f"close to the truth (**{last_read.loc['model', 'precision_true']:.0%}** and "
    f"**{last_read.loc['rule', 'precision_true']:.0%}**). An early read is biased low (missing "
    "labels count as good transactions) and rests on few labels, so it can rank the models wrongly."
)
story.record("shadow_early_precision_model", float(first_read.loc["model", "precision_so_far"]),
             label="Candidate precision read on the last shadow day", fmt="{:.1%}")
story.record("shadow_final_precision_model", float(last_read.loc["model", "precision_true"]),
             label="Candidate precision once labels matured", fmt="{:.1%}")
_ = story.record("shadow_final_precision_rule", float(last_read.loc["rule", "precision_true"]),
                 label="Rule precision once labels matured", fmt="{:.1%}")

# %% [markdown]
# ## 2. The prediction log, and a dashboard built on it
#
# From month 3 on, every request the model answers is logged: the inputs it saw, its score, the
# decision served, the model version, a hash of the serving config, the time and the latency. The
# model is launched on 1 April (month 4) inside the fraud service, next to the rule, which stays on
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
story.md(f"Model version **{version.version}**, config hash **{version.config_hash}**, training data hash "
         f"**{version.data_hash}**. The log holds **{len(log):,}** predictions; its schema:")
pd.Series(monitoring.PREDICTION_LOG_SCHEMA, name="meaning").to_frame()

# %%
log.head(3)

# %%
# The dashboard joins the log with what the business learns later: chargebacks, reviewed alerts, amounts.
outcomes = live[["label_available_at", "is_fraud", "amount", "rule_flag"]].reset_index(drop=True)
watch = log.join(outcomes).rename(columns={"output": "flagged", "rule_flag": "fallback_flagged"})
watch["served"] = watch["flagged"] | watch["fallback_flagged"]  # model or guardrail rule (errors masked later)
reference_amounts = history["amount"].sample(5_000, random_state=SEED)
daily = monitoring.monitoring_metrics(
    watch, freq="D", label_col="label_available_at", as_of=truth.end, drift_col="in__amount",
    drift_reference=reference_amounts)
daily[["requests", "latency_p50", "latency_p95", "error_rate", "alerts", "alert_precision", "drift_psi",
       "fraud_dollars_stopped"]].describe().loc[["mean", "min", "max"]].round(3)

# %%
fig = monitoring.dashboard_figure(
    daily, columns=["latency_p50", "latency_p95", "error_rate", "alert_precision", "drift_psi", "fraud_dollars_stopped"],
    limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX},
    events={"launch + fraud ring": truth.drift_start, "incident": truth.incident_start},
    title="Daily dashboard: the incident is loud, the fraud ring is silent")
fig.text(0.01, -0.01, "Takeaway: latency and errors flag the incident on the day; input drift (PSI of amount) "
         "stays flat because the new ring changes who commits fraud, not what transactions look like.",
         fontsize=9, style="italic", ha="left", va="top", wrap=True)
plt.show()

# %% [markdown]
# Read the panels together. The incident day stands out on latency and errors. The precision panel
# uses the chargebacks known on the last day of the log, so the final weeks look worse than they
# are (their labels have not arrived). The drift score compares each day's amounts with months 1-2
# and barely moves: the fraud ring that starts in April buys ordinary-looking goods, so no input
# monitor can see it. Only the missed fraud, arriving later as chargebacks, will show it (notebook
# 04 measures that decay).
#
# An interactive view of the same table (pick a metric and a date range; it needs a live kernel):

# %%
monitoring.dashboard_widget(daily, limits={"latency_p95": P95_LATENCY_MS, "error_rate": ERROR_RATE_MAX})

# %% [markdown]
# ## 3. Alert and rollback rules, replayed on the log
#
# Rules are data: a metric, a comparison, a threshold, how many consecutive checks, and an action.
# The checks run every hour. Hourly latency and error rates are fine (there are dozens of requests
# an hour), but hourly precision is not: see the volume below. So precision is measured every hour
# on the trailing `PRECISION_WINDOW_HOURS` of reviewed alerts (fraud analysts review each alert
# within the hour, so its outcome is known fast, unlike missed fraud), and a window with fewer than
# `MIN_ALERTS` alerts counts as "no evidence" rather than a reading.

# %% tags=["nbval-check-output"]
hourly = monitoring.monitoring_metrics(watch, freq="h", window=PRECISION_WINDOW_HOURS, min_alerts=MIN_ALERTS)
alerts_per_hour = float(hourly["alerts"].mean())
p_hat = float(last_read.loc["model", "precision_true"])
se_hour = float(np.sqrt(p_hat * (1 - p_hat) / max(alerts_per_hour, 1e-9)))
se_window = float(np.sqrt(p_hat * (1 - p_hat) / hourly["window_alerts"].median()))
print(f"requests per hour (median): {hourly['requests'].median():.0f}")
print(f"alerts per hour (mean):     {alerts_per_hour:.2f}")
print(f"alerts per {PRECISION_WINDOW_HOURS} h window (median): {hourly['window_alerts'].median():.0f}")
print(f"precision standard error, one hour: {se_hour:.3f}; trailing window: {se_window:.3f}")

# %%
story.md(
    f"With about **{alerts_per_hour:.2f}** alerts an hour, a one-hour precision would rest on less than one "
    f"alert and swing by about ±{se_hour:.0%} by chance alone: a rule on it would fire on noise. The trailing "
    f"window holds about **{hourly['window_alerts'].median():.0f}** alerts, which still leaves about "
    f"±{se_window:.0%}. A business with a thousand times this volume could check precision hourly; this one "
    "cannot, and the replay below shows what that costs."
)

# %%
baseline_precision = float(last_read.loc["model", "precision_true"])  # what the shadow month established
rules = monitoring.rules_from_records([
    {"name": "p95 latency", "metric": "latency_p95", "op": ">", "threshold": P95_LATENCY_MS},
    {"name": "error rate", "metric": "error_rate", "op": ">", "threshold": ERROR_RATE_MAX},
    {"name": "precision drop", "metric": "alert_precision", "op": "<",
     "threshold": round(baseline_precision - PRECISION_DROP_POINTS / 100, 4)},
    {"name": "precision floor", "metric": "alert_precision", "op": "<", "threshold": PRECISION_FLOOR,
     "for_periods": FLOOR_HOURS, "action": "rollback"},
])
monitoring.rules_table(rules)

# %%
replay = monitoring.replay_rules(hourly, rules)
priced = monitoring.rule_outcomes(watch, replay, restore_after_hours=RESTORE_AFTER_HOURS, flag_col="served",
                                  response_minutes={"alert": ALERT_RESPONSE_MINUTES, "rollback": 0})
priced

# %% tags=["nbval-check-output"]
latency_fired = replay.first_fire("p95 latency")
minutes_to_fire = (latency_fired - truth.incident_start).total_seconds() / 60
floor = priced.set_index("rule").loc["precision floor"]
floor_before_drift = int((replay.events.query("rule == 'precision floor'")["fired_at"] < truth.drift_start).sum())
print(f"p95 latency rule fired {minutes_to_fire:.0f} minutes after the incident began")
print(f"precision floor fired {int(floor['firings'])} times ({floor_before_drift} before the drift)")
print(priced.set_index("rule")[["firings", "hours_on_fallback", "users_on_fallback", "dollars_saved"]].round(0).to_string())

# %%
window = hourly.loc[truth.incident_start - pd.Timedelta(hours=12): truth.incident_end + pd.Timedelta(hours=12)]
fig, ax = plots.figure()
ax.plot(window.index, window["latency_p95"], marker=".", color=plots.NEUTRAL, label="p95 latency")
ax.axhline(P95_LATENCY_MS, color=plots.BAD, ls="--", lw=1, label="rule threshold")
ax.axvspan(truth.incident_start, truth.incident_end, color=plots.ACCENT, alpha=0.15, label="incident")
ax.axvline(latency_fired, color=plots.BAD, lw=1.5, label="rule fires")
plots.finish(ax, title=f"The latency rule fires {minutes_to_fire:.0f} minutes into the incident",
             xlabel="Time (UTC)", ylabel="p95 latency (ms)",
             takeaway="A rule on a high-volume signal fires once, fast, and only when it should.")
fig.autofmt_xdate()
plt.show()

# %%
lat = priced.set_index("rule").loc["p95 latency"]
story.md(
    f"The **p95 latency** rule fires **{minutes_to_fire:.0f} minutes** after the incident starts. With a "
    f"{ALERT_RESPONSE_MINUTES}-minute response, and the fallback kept until latency has been healthy for "
    f"{RESTORE_AFTER_HOURS} hour(s), it moves "
    f"**{int(lat['users_on_fallback']):,}** requests to the rule, spares **{int(lat['users_spared_failures']):,}** "
    f"of them a failed check, and saves **${lat['dollars_saved']:,.0f}** of fraud that would have slipped "
    f"through unscreened. The **precision floor**, as written, fires **{int(floor['firings'])}** times "
    f"(**{floor_before_drift}** of them before anything changed): on this volume it reacts to noise, and "
    f"each rollback switches off a model that catches more fraud than the rule: "
    f"{'a net loss of' if floor['dollars_saved'] < 0 else 'a net gain of'} **${abs(floor['dollars_saved']):,.0f}**. A rollback rule on precision needs more volume, a longer window "
    "or a statistical test before it is allowed to act on its own."
)
story.record("latency_rule_minutes_to_fire", minutes_to_fire, label="Minutes from incident to latency alert",
             fmt="{:.0f}")
story.record("latency_rule_dollars_saved", float(lat["dollars_saved"]), label="Fraud dollars the latency rule saves",
             fmt="${:,.0f}")
_ = story.record("precision_floor_firings", int(floor["firings"]), label="Precision-floor rollbacks in the replay")

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
# stage whether the decline rate among its users is significantly above today's. A big-bang launch
# sends everyone at once and checks after the same first period. The simulation repeats both plans
# many times with this business's daily volume.

# %%
users_per_day = len(live) / max((live["timestamp"].max() - live["timestamp"].min()).days, 1)
rollout = monitoring.simulate_rollout(
    users_per_day, plans={"staged": ROLLOUT_STAGES, "big bang": (1.0,)}, days_per_stage=DAYS_PER_STAGE,
    harm_rate=BAD_MODEL_HARM_RATE, baseline_rate=BASELINE_HARM_RATE, n_simulations=500 if FAST else 2_000,
    seed=SEED)
rollout.summary.round(2)

# %%
fig, ax = plots.figure()
top = float(rollout.exposure.max().max())
bins = np.linspace(0, top, 40)
for plan, colour in (("staged", plots.GOOD), ("big bang", plots.BAD)):
    ax.hist(rollout.exposure[plan], bins=bins, alpha=0.7, color=colour, label=plan)
plots.finish(ax, title="A staged rollout catches a bad model while few users see it",
             xlabel="Users served by the bad model before rollback (count)", ylabel="Simulations (count)",
             takeaway="The check at 5% catches most bad models; a big bang exposes everyone before the first check.")
plt.show()

# %%
summary = rollout.summary.set_index("plan")
exposure_ratio = summary.loc["big bang", "users_exposed_median"] / summary.loc["staged", "users_exposed_median"]
story.md(
    f"Median exposure to the broken model: **{summary.loc['staged', 'users_exposed_median']:,.0f}** users under "
    f"the staged plan against **{summary.loc['big bang', 'users_exposed_median']:,.0f}** under a big bang, "
    f"**{exposure_ratio:.1f} times** as many; the staged check caught it in "
    f"**{summary.loc['staged', 'caught_share']:.0%}** of runs. The price of staging is time: a good model "
    f"needs {len(ROLLOUT_STAGES) * DAYS_PER_STAGE} days to reach everyone instead of {DAYS_PER_STAGE}."
)
story.record("rollout_exposed_staged", float(summary.loc["staged", "users_exposed_median"]),
             label="Users exposed to a bad model, staged rollout (median)", fmt="{:,.0f}")
_ = story.record("rollout_exposed_big_bang", float(summary.loc["big bang", "users_exposed_median"]),
                 label="Users exposed to a bad model, big bang (median)", fmt="{:,.0f}")

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
# precision understate its final precision?

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = float(first_read.loc["model", "precision_true"] - first_read.loc["model", "precision_so_far"])
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
# **q3.** How many times more users does a big bang expose to the bad model than the staged plan
# (medians)?

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = summary.loc["big bang", "users_exposed_median"] / summary.loc["staged", "users_exposed_median"]
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(1 / q3_answer)
assert q3.check(____).correct is None

# %% [markdown]
# **q4.** Which rule's fallbacks would have saved the most money in the replay?

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
# Go only if the candidate beat the incumbent on matured labels, the monitoring catches a real
# incident fast, the fallback provably works, the rollout plan limits exposure, predictions can be
# reproduced, and no automatic rollback rule fires on noise.

# %%
gate = gates.Gate("Gate 3: deploy with monitoring and rollback", [
    gates.criterion("Candidate precision beats the rule on matured labels",
                    float(last_read.loc["model", "precision_true"]), ">",
                    float(last_read.loc["rule", "precision_true"]),
                    evidence=f"shadow month, same alert volume, labels read {read_days[-1]} days later", fmt="{:.1%}"),
    gates.criterion("Latency alert fires within an hour of the incident", minutes_to_fire, "<=", 60,
                    evidence="hourly p95 rule replayed on the logged incident", fmt="{:.0f} min"),
    gates.judgement("Rollback drill passes", drill.passed,
                    evidence="primary made to fail, manual rollback, restore; all answers checked"),
    gates.criterion("Staged rollout exposes at most a quarter of the big bang's users", 1 / exposure_ratio, "<=", 0.25,
                    evidence="median users exposed to a broken model, simulated", fmt="{:.2f}"),
    gates.judgement("A past prediction is reproduced exactly", again.exact,
                    evidence=f"request {again.request_id} from the Parquet log and registry version {version.version}"),
    gates.criterion("Automatic rollbacks fired before anything changed", floor_before_drift, "<=", 0,
                    evidence=f"precision-floor rule on a {PRECISION_WINDOW_HOURS} h window, replayed", fmt="{:.0f}"),
])
gate.record()
gate

# %%
story.md(
    f"**Verdict: {gate.verdict}.** "
    + ("Every criterion holds: launch in stages with the rules as written." if gate.passed else
       f"Failed: {'; '.join(gate.failed)}. Launch only once these are fixed; for the precision rule, that "
       "means a longer window, a minimum volume and a test of the drop, or a human in the loop instead "
       "of an automatic rollback.")
)
