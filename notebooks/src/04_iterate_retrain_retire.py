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
# # 04 · Iterate, retrain, retire
#
# Lifecycle stage 4. The model is live and monitored. Now the world moves under it: customers
# change, fraudsters adapt, seasons turn. This notebook teaches how to tell a real change from
# noise and from the calendar, how often to retrain, how to prove a new version is better for the
# business (not just more accurate), how to answer "why did this decision change?", and when to
# switch the model off.
#
# **You will be able to**
#
# - detect input drift with PSI, KS, chi-square, Jensen-Shannon and Wasserstein, find a planted
#   change in the right week, and report detection delay and false alarms;
# - tell drift from seasonality on real flight data, and avoid two traps: p-values on huge samples
#   and time windows cut in the wrong time zone;
# - watch prediction drift and performance decay, and choose a retraining cadence from the
#   measured decay;
# - run an A/B test on a business metric with its interval, power and sample size, and see why
#   peeking at it inflates false positives;
# - version data, model and config, and explain a changed prediction by diffing versions;
# - recognise the retirement signal and take decision gate 4.
#
# **Time:** 75 minutes
#
# **PM job:** performance governance and experiment design (with data strategy: versioning).

# %% tags=["parameters"]
SEED = 42
FAST = False
# Scenario A: a covariate shift (amounts grow, traffic moves to the app) from month DRIFT_MONTH
N_TRANSACTIONS = 80_000          # transactions in each simulated stream
DRIFT_MONTH = 5                  # month of the planted input shift (of 8)
PSI_ALERT = 0.2                  # act when PSI reaches this
# Scenario B: a new fraud ring from month 4 (inputs unchanged), for decay and retraining
TRAIN_ROWS = 15_000
ALERT_RATE = 0.01                # share of transactions the review team can check each month
REVIEW_COST_PER_ALERT = 4.0      # $ of analyst time per alert
MONTHLY_VOLUME = 100_000         # the real business's transactions a month (scales the sample's value)
VALUE_PER_FRAUD_CAUGHT = 250.0   # $ saved per fraud caught (loss share, fees, handling): an assumption
RETRAIN_COST = 8_000.0           # $ per retraining (labels, compute, review, release)
MODEL_RUN_COST_PER_MONTH = 12_000.0  # $ a month to serve and watch the model
# A/B test: the candidate is more accurate but slower
BASE_CONVERSION = 0.85           # share of good customers who complete checkout today
CANDIDATE_EXTRA_LATENCY_MS = 150 # the candidate's added latency
LOSS_PER_100MS = 0.01            # conversions lost per extra 100 ms (relative): an assumption
N_PER_ARM = 20_000               # visitors per arm in the A/B test
ALPHA = 0.05
POWER = 0.80
N_LOOKS = 10                     # how often an impatient team checks the dashboard

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from aipm_kit import data, drift, experiments, gates, models, monitoring, plots, scenarios, story, versioning
from aipm_kit.exercises import ____, nb04

threadpool_limits(1)  # one thread: identical results everywhere, and no fight for a shared CPU
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)

n_transactions = 40_000 if FAST else N_TRANSACTIONS
train_rows = 8_000 if FAST else TRAIN_ROWS
shifted = scenarios.make_payments(n_transactions, seed=SEED, months=8, drift_month=DRIFT_MONTH,
                                  drift_kind="covariate", incident=False)
shift_truth = shifted.attrs["scenario"]
story.md(f"Scenario A: **{len(shifted):,}** transactions over eight months; from "
         f"**{shift_truth.drift_start:%d %B %Y}** amounts grow and traffic moves to the app. The team "
         "does not know that; the detectors below have to find it.")

# %% [markdown]
# ## 1. Input drift: find the planted change
#
# Five statistics compare a *reference* sample (what the model was built on, here months 1-2) with
# a *current* one. PSI and Jensen-Shannon are distances with rule-of-thumb thresholds; KS and
# chi-square are tests with p-values; Wasserstein is a distance in units of the reference's
# spread. First one report: month 6 against months 1-2.

# %%
features = ["amount", "account_age_days", "hour", "merchant_category", "channel", "segment"]
reference = shifted[shifted["month"] <= 2]
report = drift.drift_report(reference[features], shifted.loc[shifted["month"] == 6, features])
report.to_wide("value").round(3)

# %%
ax = report.plot()
plt.show()

# %%
current6 = shifted[shifted["month"] == 6]
fig, axes = plots.figure(1, 2, figsize=(11, 4))
for ax, column, numeric in ((axes[0], "amount", True), (axes[1], "channel", False)):
    # amounts are drawn on a log10 scale (PSI is unchanged by it: quantile bins follow any monotone rescaling)
    ref_values = np.log10(reference[column]).round(2) if numeric else reference[column]
    cur_values = np.log10(current6[column]).round(2) if numeric else current6[column]
    plots.distribution_overlay(ref_values.value_counts(normalize=True), cur_values.value_counts(normalize=True),
                               numeric=numeric, feature="log10 amount (USD)" if numeric else column,
                               reference_label="months 1-2", current_label="month 6", ax=ax,
                               title=f"{column}: PSI {report.result(column, 'psi').value:.2f}")
fig.text(0.01, -0.02, "Takeaway: amounts shift right and the app's share grows; the other features stay put.",
         fontsize=9, style="italic", ha="left", va="top")
plt.show()

# %% tags=["nbval-check-output"]
print("drifted by PSI:", list(report.drifted_by("psi")))
print("drifted by KS (p < 0.05):", list(report.drifted_by("ks")))
print("drifted by chi-square (p < 0.05):", list(report.drifted_by("chi_square")))

# %% [markdown]
# One comparison says *that* something moved. Monitoring needs *when*: cut the stream into weeks
# and compare every week with the reference. Weeks end on Sunday; the window sizes are on the axis.

# %%
weekly = drift.windowed_drift(shifted, time_col="timestamp", freq="W", reference=("2024-01-01", "2024-02-26"),
                              columns=features, stat="psi", threshold=PSI_ALERT)
flagged_features = [f for f, periods in weekly.attrs["drifted"].items() if len(periods)]
ax = plots.drift_heatmap(weekly, takeaway=f"Flagged: {', '.join(flagged_features) or 'nothing'}; "
                         f"compare the first outlined week with the planted shift ({shift_truth.drift_start:%d %B}).")
plt.show()

# %% tags=["nbval-check-output"]
week_start = pd.to_datetime(pd.Index(weekly.columns)).tz_localize("UTC")
week_end = week_start + pd.Timedelta(days=7)          # the check runs when the week is complete
reference_weeks = week_end <= pd.Timestamp("2024-03-01", tz="UTC")
flag = (weekly >= PSI_ALERT).any(axis=0).to_numpy() & ~reference_weeks
after = week_end > shift_truth.drift_start
first_alarm = week_end[flag & after].min()
detection_delay_days = (first_alarm - shift_truth.drift_start).days
false_alarms = int((flag & ~after).sum())
print(f"planted drift: {shift_truth.drift_start:%Y-%m-%d}; first alarm at the weekly check on "
      f"{first_alarm:%Y-%m-%d} (the morning after the week closes)")
print(f"detection delay: {detection_delay_days} days; false alarms before the drift: {false_alarms} "
      f"of {int((~after & ~reference_weeks).sum())} weeks")
story.record("detection_delay_days", detection_delay_days, label="Days from planted drift to first PSI alarm")
_ = story.record("false_alarms_before_drift", false_alarms, label="Weekly PSI false alarms before the drift")

# %%
story.md(
    f"The weekly PSI check fires **{detection_delay_days} days** after the shift begins, on "
    f"{', '.join(f'`{c}`' for c in weekly.index[(weekly.loc[:, flag & after].iloc[:, :1] >= PSI_ALERT).any(axis=1)])}, "
    f"with **{false_alarms}** false alarm(s) in the weeks before. A daily check would be faster but "
    "noisier; a monthly one steadier but up to a month late. The window is a product decision."
)

# %% [markdown]
# ## 2. Drift or season? Real flights, and two traps
#
# The 2013 New York flights have no planted event, only the real year. Compare every local month
# with January:

# %%
flights = data.load_flights()
flight_cols = ["dep_delay", "distance", "sched_dep_hour", "carrier", "origin"]
monthly = drift.windowed_drift(flights, time_col="date", freq="MS", reference="2013-01", columns=flight_cols,
                               stat="psi", threshold=0.1)
ax = plots.drift_heatmap(monthly, title="Delays swing with the seasons; the traffic mix barely moves",
                         takeaway="dep_delay rises in early summer and December and falls back in between.")
plt.show()

# %% tags=["nbval-check-output"]
delay_psi = monthly.loc["dep_delay"]
month_over_month = pd.Series(
    [drift.psi(flights.loc[flights["month"] == m - 1, "dep_delay"], flights.loc[flights["month"] == m, "dep_delay"]).value
     for m in range(2, 13)], index=monthly.columns[1:], name="vs previous month")
print(pd.DataFrame({"vs January": delay_psi, "vs previous month": month_over_month}).round(3).T.to_string())

# %%
peak = delay_psi.idxmax()
after_peak = delay_psi.loc[delay_psi.index > peak]
trough = after_peak.idxmin() if len(after_peak) else peak
story.md(
    f"Departure delays move furthest from January in **{peak}** (PSI {delay_psi.max():.3f}) and then fall "
    f"back (**{trough}**: {delay_psi[trough]:.3f}) before the holidays push them up again. A change that "
    "comes and goes with the calendar (summer thunderstorms, holiday traffic) is seasonality: retraining "
    "on last month would chase it. Two ways to tell: compare with the same season (last year's month, if "
    "you have it), and check whether the shift persists or reverts; a real drift persists. A "
    f"month-over-month monitor is no cure: its biggest step is **{month_over_month.idxmax()}** "
    f"(PSI {month_over_month.max():.3f}), an alarm that would ring every year on schedule. Meanwhile the "
    f"traffic mix (carrier, origin, hour) stays below {monthly.loc[['carrier', 'origin', 'sched_dep_hour']].max().max():.3f} "
    "all year."
)

# %% [markdown]
# **Trap 1: with tens of thousands of rows, every p-value is "significant".** January against
# February departure delays:

# %% tags=["nbval-check-output"]
jan = flights.loc[flights["month"] == 1, "dep_delay"]
feb = flights.loc[flights["month"] == 2, "dep_delay"]
ks_full = drift.ks_test(jan, feb)
psi_full = drift.psi(jan, feb)
rng = np.random.default_rng(SEED)
ks_small = drift.ks_test(rng.choice(jan.dropna().to_numpy(), 1_000, replace=False),
                         rng.choice(feb.dropna().to_numpy(), 1_000, replace=False))
print(f"all rows ({ks_full.n_reference:,} vs {ks_full.n_current:,}): KS D = {ks_full.value:.4f}, p = {ks_full.p_value:.2g}")
print(f"1,000 rows each:              KS D = {ks_small.value:.4f}, p = {ks_small.p_value:.2g}")
print(f"PSI on all rows: {psi_full.value:.4f} (threshold {psi_full.threshold})")

# %%
story.md(
    f"On all rows KS says the distributions differ (p = {ks_full.p_value:.1g}), yet the largest gap between "
    f"the two distributions is only **{ks_full.value:.1%}** and the PSI is **{psi_full.value:.4f}**, far below "
    f"any alarm level. On 1,000 rows each the same comparison gives p = {ks_small.p_value:.2f}. The p-value "
    "measures how sure we are that *some* difference exists, and with enough rows some difference always "
    "does. For monitoring, prefer distances (PSI, Jensen-Shannon, Wasserstein, KS's D) with thresholds."
)
story.record("ks_p_value_all_rows", float(ks_full.p_value), label="KS p-value, Jan vs Feb delays, all rows",
             fmt="{:.2g}")
_ = story.record("psi_jan_feb_delays", float(psi_full.value), label="PSI, Jan vs Feb delays", fmt="{:.4f}")

# %% [markdown]
# **Trap 2: a UTC month is not the local month.** `date` is the local (New York) date;
# `time_hour_utc` is the same departure in UTC, five hours ahead in winter. Cut months on the
# UTC column and every evening departure on a month's last day moves into the next month:

# %% tags=["nbval-check-output"]
local_sizes = drift.window_sizes(flights, time_col="date", freq="MS")
utc_sizes = drift.window_sizes(flights, time_col="time_hour_utc", freq="MS")
sizes = pd.DataFrame({"local month": local_sizes, "UTC month": utc_sizes}).fillna(0).astype(int)
sizes["moved"] = sizes["UTC month"] - sizes["local month"]
print(sizes.T.to_string())
utc_monthly = drift.windowed_drift(flights, time_col="time_hour_utc", freq="MS", reference="2013-01",
                                   columns=["dep_delay"], stat="psi")
dec_gap = float(utc_monthly.loc["dep_delay", "2013-12"] - monthly.loc["dep_delay", "2013-12"])
print(f"December dep_delay PSI: local {monthly.loc['dep_delay', '2013-12']:.4f}, UTC "
      f"{utc_monthly.loc['dep_delay', '2013-12']:.4f}")

# %%
story.md(
    f"Cut in UTC, the year even grows a thirteenth month: **{int(sizes.loc['2014-01', 'UTC month']) if '2014-01' in sizes.index else 0}** "
    f"New Year's Eve departures land in January 2014, a window so small any statistic on it is noise. "
    f"Every month loses or gains a few hundred rows at its edges, and the drift numbers move with them. "
    "Cut windows in the time zone the business runs on, and always print the window sizes next to the "
    "drift numbers."
)

# %% [markdown]
# ## 3. Prediction drift and performance decay
#
# Scenario B is harder: from month 4 a new fraud ring buys mid-priced electronics and games in the
# app. The *inputs* look as before; only who commits fraud has changed. Train version 1 on months
# 1-2 and follow it month by month. The review team can check `ALERT_RATE` of transactions, so the
# model flags that share; the rule flags what it flags, shown beside it.

# %%
ring = scenarios.make_payments(n_transactions, seed=SEED + 1, months=9, drift_month=4, drift_kind="concept",
                               incident=False)
ring_truth = ring.attrs["scenario"]
ring["rule_flag"] = scenarios.hand_rule(ring)
alert_rate = ALERT_RATE


def fit_version(months, as_of):
    """Train on ``months`` with the labels known at ``as_of`` (late chargebacks are missing)."""
    rows = ring[ring["month"].isin(months)].copy()
    rows["label_known"] = scenarios.labels_as_of(rows, as_of)
    rows = rows.sample(min(train_rows, len(rows)), random_state=SEED)
    fitted = models.fit_fraud_model(rows, target="label_known", seed=SEED, max_iter=100)
    return fitted, rows


def monthly_quality(model, frame):
    """Recall and precision by month when the model flags ``alert_rate`` of traffic; the rule's catch beside it."""
    scores = models.fraud_scores(model, frame)
    out = []
    for month, idx in frame.groupby("month").indices.items():
        s, g = scores[idx], frame.iloc[idx]
        flag = s >= np.quantile(s, 1 - alert_rate)
        fraud = g["is_fraud"].to_numpy()
        out.append({"month": month, "recall": flag[fraud].mean(), "precision": fraud[flag].mean(),
                    "rule_recall": g["rule_flag"].to_numpy()[fraud].mean(), "caught": int((flag & fraud).sum()),
                    "rule_caught": int((g["rule_flag"].to_numpy() & fraud).sum()), "alerts": int(flag.sum()),
                    "rule_alerts": int(g["rule_flag"].sum()), "mean_score": s.mean()})
    return pd.DataFrame(out).set_index("month"), scores


start = ring_truth.start
v1, v1_rows = fit_version([1, 2], start + pd.DateOffset(months=3))   # trained a month after month 2 ends
v2, v2_rows = fit_version([4, 5], start + pd.DateOffset(months=6))   # retrained after the ring appeared
q_v1, scores_v1 = monthly_quality(v1, ring)
q_v2, _ = monthly_quality(v2, ring[ring["month"] >= 6])
live_months = q_v1.loc[3:]
pd.DataFrame({"v1 recall": live_months["recall"], "v2 recall": q_v2["recall"], "rule recall": live_months["rule_recall"],
              "v1 mean score": live_months["mean_score"]}).round(3)

# %%
score_psi = pd.Series({m: drift.psi(scores_v1[ring["month"].to_numpy() == 3],
                                    scores_v1[ring["month"].to_numpy() == m]).value for m in range(4, 10)})
fig, ax = plots.figure()
ax.plot(live_months.index, live_months["recall"], marker="o", color=plots.NEUTRAL, label="v1 (trained on months 1-2)")
ax.plot(q_v2.index, q_v2["recall"], marker="o", color=plots.GOOD, label="v2 (retrained on months 4-5)")
ax.plot(live_months.index, live_months["rule_recall"], marker="s", ls="--", color=plots.ACCENT, label="rule")
ax.axvline(4, color=plots.BAD, ls=":", label="fraud ring appears")
plots.finish(ax, title=f"Recall falls from {live_months.loc[3, 'recall']:.0%} to {live_months.loc[4:, 'recall'].mean():.0%} "
                       f"when the ring appears; v2 reaches {q_v2['recall'].mean():.0%}",
             xlabel="Month of the horizon", ylabel="Recall (share of fraud flagged)",
             takeaway=f"The score distribution barely moves (PSI at most {score_psi.max():.3f}): only labels reveal this decay.")
plt.show()

# %% tags=["nbval-check-output"]
decay = live_months["recall"].reset_index(drop=True)
decay.index = decay.index + 1   # age in months since v1 went live
before, after_ring = float(live_months.loc[3, "recall"]), float(live_months.loc[4:, "recall"].mean())
print(f"v1 recall: month 3 {before:.3f}, months 4-9 average {after_ring:.3f}; v2 months 6-9 {q_v2['recall'].mean():.3f}")
print(f"prediction drift (PSI of v1 scores vs month 3), largest: {score_psi.max():.4f}")
story.record("recall_before_ring", before, label="v1 recall before the fraud ring", fmt="{:.1%}")
_ = story.record("recall_after_ring", after_ring, label="v1 recall after the fraud ring", fmt="{:.1%}")

# %% [markdown]
# ### Choosing a retraining cadence from the decay curve
#
# The measured curve is v1's recall by age (months since it went live). Assume, and say so, that
# each retrained model ages the same way. Retraining every *k* months then keeps the curve's
# average over ages 1..k, and costs `RETRAIN_COST` every *k* months. Value of recall: recall times
# the real business's monthly fraud count (at `MONTHLY_VOLUME` transactions) times
# `VALUE_PER_FRAUD_CAUGHT`.

# %%
scale = MONTHLY_VOLUME / float(ring.groupby("month").size().mean())   # simulated sample -> real business
fraud_per_month = scale * float(ring.loc[ring["month"] >= 3].groupby("month")["is_fraud"].sum().mean())
cadence = monitoring.retraining_cadence(decay, value_per_point=fraud_per_month * VALUE_PER_FRAUD_CAUGHT,
                                        retrain_cost=RETRAIN_COST, intervals=(1, 2, 3, 6))
best_k = int(cadence.loc[cadence["best"], "retrain_every"].iloc[0])
cadence.round(3)

# %%
story.md(
    f"With **{fraud_per_month:,.0f}** frauds a month worth ${VALUE_PER_FRAUD_CAUGHT:,.0f} each and "
    f"${RETRAIN_COST:,.0f} per retraining, the best cadence here is **every {best_k} month(s)**. Change "
    "either assumption and the answer moves: domains where behaviour shifts daily (ads, news) retrain "
    "daily; slow ones (credit, mortgages) monthly or quarterly."
)
_ = story.record("retrain_every_months", best_k, label="Chosen retraining cadence (months)")

# %% [markdown]
# ## 4. A/B test: a more accurate model can still lose
#
# The team wants to replace the incumbent (v1) with a candidate: v2's fresher training data in a
# bigger architecture, which declines fewer good customers (v2's scores stand in for it) but adds
# `CANDIDATE_EXTRA_LATENCY_MS` to every checkout. The business metric is
# conversion: the share of good customers who complete checkout. Two assumptions, explicit and
# editable: a wrongly declined customer does not convert, and each extra 100 ms loses
# `LOSS_PER_100MS` of conversions.

# %%
good = ring[(ring["month"] >= 6) & ~ring["is_fraud"]]
scores_good_v1 = scores_v1[((ring["month"] >= 6) & ~ring["is_fraud"]).to_numpy()]
scores_good_v2 = models.fraud_scores(v2, good)
thr_v1 = float(np.quantile(scores_v1[ring["month"].to_numpy() <= 2], 1 - alert_rate))
thr_v2 = float(np.quantile(models.fraud_scores(v2, ring[ring["month"].isin([4, 5])]), 1 - alert_rate))
false_decline_a = float((scores_good_v1 >= thr_v1).mean())
false_decline_b = float((scores_good_v2 >= thr_v2).mean())
rate_a = BASE_CONVERSION * (1 - false_decline_a)
rate_b = float(experiments.conversion_after_latency(BASE_CONVERSION * (1 - false_decline_b),
                                                    CANDIDATE_EXTRA_LATENCY_MS, loss_per_100ms=LOSS_PER_100MS))
ab_rng = np.random.default_rng(SEED)
conv_a, conv_b = int(ab_rng.binomial(N_PER_ARM, rate_a)), int(ab_rng.binomial(N_PER_ARM, rate_b))
ab = experiments.two_proportion_test(conv_a, N_PER_ARM, conv_b, N_PER_ARM, alpha=ALPHA)
ab

# %% tags=["nbval-check-output"]
mde = rate_b - rate_a
needed = experiments.sample_size_per_arm(rate_a, mde, alpha=ALPHA, power=POWER)
power_now = experiments.power_of_test(rate_a, rate_b, N_PER_ARM, alpha=ALPHA)
print(f"false declines: incumbent {false_decline_a:.3%}, candidate {false_decline_b:.3%}")
print(f"expected conversion: incumbent {rate_a:.4f}, candidate {rate_b:.4f} ({mde:+.4f})")
print(f"observed: {ab.rate_a:.4f} vs {ab.rate_b:.4f}, difference {ab.difference:+.4f} "
      f"[{ab.ci_low:+.4f}, {ab.ci_high:+.4f}], p = {ab.p_value:.2g}")
print(f"visitors per arm for {POWER:.0%} power: {needed:,}; power with {N_PER_ARM:,}: {power_now:.2f}")

# %%
story.md(
    f"The candidate declines fewer good customers ({false_decline_b:.2%} against {false_decline_a:.2%}), but "
    f"its extra {CANDIDATE_EXTRA_LATENCY_MS} ms cost more than that gains: conversion "
    f"{'falls' if ab.difference < 0 else 'rises'} by **{abs(ab.difference):.2%}** points "
    f"(95% interval {ab.ci_low:+.2%} to {ab.ci_high:+.2%}, p = {ab.p_value:.2g}). To detect a change of "
    f"this size with {POWER:.0%} power takes **{needed:,}** visitors per arm; the test ran "
    f"{N_PER_ARM:,}, power {power_now:.0%}. Offline accuracy is not the business metric."
)
story.record("ab_difference", float(ab.difference), label="Candidate minus incumbent conversion", fmt="{:+.2%}")
_ = story.record("ab_sample_size_per_arm", needed, label="Visitors per arm for the planned power")

# %% [markdown]
# ### The peeking trap
#
# An impatient team checks the dashboard `N_LOOKS` times during the test and stops at the first
# p < 0.05. Simulate thousands of A/A tests (both arms identical, so every "win" is false) and
# count how often that policy declares one, against looking once at the end, and against a
# sequential design (O'Brien-Fleming boundaries: strict early, close to 1.96 at the end).

# %% tags=["nbval-check-output"]
peek = experiments.peeking_simulation(N_PER_ARM, n_looks=N_LOOKS, rate=rate_a, alpha=ALPHA,
                                      n_simulations=1_000 if FAST else 4_000, seed=SEED)
print(peek.to_frame().round(3).to_string(index=False))
_ = story.record("peeking_false_positive_rate", peek.false_positive_peeking,
                 label=f"False-positive rate when stopping at the first of {N_LOOKS} peeks", fmt="{:.1%}")

# %%
fig, ax = plots.figure()
ax.plot(peek.by_looks["looks"], peek.by_looks["false_positive_rate"], marker="o", color=plots.BAD,
        label="stop at first p < 0.05")
ax.axhline(ALPHA, color=plots.NEUTRAL, ls="--", label=f"promised rate ({ALPHA:.0%})")
ax.axhline(peek.false_positive_sequential, color=plots.GOOD, ls=":", label="sequential boundary")
plots.finish(ax, title="Every extra peek adds false winners",
             xlabel="Number of looks at the running test (count)", ylabel="False-positive rate (share of A/A tests)",
             takeaway="Fix the sample size in advance, or use a sequential design built for repeated looks.")
plt.show()

# %% [markdown]
# ## 5. Versioning: why did this decision change?
#
# Both versions go into a registry with the hash of their training data, their serving config and
# the evaluation code that measured them.
# A customer whose purchase was approved in month 3 makes the same purchase three months later and
# is declined. Diff the two versions, then change one ingredient at a time.

# %%
registry = versioning.ModelRegistry(Path(tempfile.mkdtemp(prefix="aipm-nb04-")) / "models")
evaluation_code = versioning.code_hash(monthly_quality)   # the code that measured both versions
entry_v1 = registry.save(v1, name="fraud-gbm", config={"threshold": round(thr_v1, 6), "trained_on": "months 1-2",
                                                       "evaluation_code": evaluation_code},
                         data_hash=versioning.data_snapshot_hash(v1_rows[scenarios.FEATURES + ["label_known"]]))
entry_v2 = registry.save(v2, name="fraud-gbm", config={"threshold": round(thr_v2, 6), "trained_on": "months 4-5",
                                                       "evaluation_code": evaluation_code},
                         data_hash=versioning.data_snapshot_hash(v2_rows[scenarios.FEATURES + ["label_known"]]))
versioning.diff_versions(entry_v1.manifest(), entry_v2.manifest())

# %%
month3 = ring[ring["month"] == 3][scenarios.FEATURES]
s1 = models.fraud_scores(v1, month3)
later = month3.assign(account_age_days=month3["account_age_days"] + 90)
s2 = models.fraud_scores(v2, later)
changed = np.flatnonzero((s1 < thr_v1) & (s2 >= thr_v2))
pick = changed[np.argmax(s2[changed] - s1[changed])] if len(changed) else int(np.argmax(s2 - s1))
why = versioning.why_prediction_changed(month3.iloc[[pick]], later.iloc[[pick]], model_before=v1, model_after=v2,
                                        threshold_before=thr_v1, threshold_after=thr_v2, score=models.fraud_scores)
why.to_frame().round(4)

# %% tags=["nbval-check-output"]
print(why)
print(why.input_changes[why.input_changes["changed"]].to_string(index=False))
_ = story.record("prediction_change_cause", why.main_cause, label="Main cause of the changed decision")

# %%
story.md(
    f"Out of {len(month3):,} month-3 purchases, **{len(changed):,}** would be approved by v1 and declined "
    f"by v2 three months later. For the one shown, the score moves from {why.steps['score'].iloc[0]:.3f} "
    f"to {why.steps['score'].iloc[-1]:.3f}, and the decisive step is **{why.main_cause}**. Without the "
    "model version, config hash and logged inputs, that answer would be a guess."
)

# %% [markdown]
# ## 6. Retirement: when to switch the model off
#
# A model earns its keep only while it beats the baseline by more than it costs. Each month,
# compare the extra fraud the best available model catches over the rule (at
# `VALUE_PER_FRAUD_CAUGHT`, minus `REVIEW_COST_PER_ALERT` for its extra alerts) with
# `MODEL_RUN_COST_PER_MONTH` plus retraining at the chosen cadence.

# %%
best_model = q_v1[["caught", "rule_caught", "alerts", "rule_alerts"]].loc[3:].copy()
best_model.loc[q_v2.index, ["caught", "alerts"]] = q_v2[["caught", "alerts"]]
best_model["extra_value"] = scale * ((best_model["caught"] - best_model["rule_caught"]) * VALUE_PER_FRAUD_CAUGHT
                                     - (best_model["alerts"] - best_model["rule_alerts"]) * REVIEW_COST_PER_ALERT)
best_model["cost"] = MODEL_RUN_COST_PER_MONTH + RETRAIN_COST / best_k
best_model["net"] = best_model["extra_value"] - best_model["cost"]
best_model.round(0)

# %% tags=["nbval-check-output"]
losing = best_model["net"] < 0
retire_signal = bool(losing.iloc[-2:].all())
value_per_transaction = best_model["extra_value"].mean() / MONTHLY_VOLUME
break_even_volume = best_model["cost"].mean() / value_per_transaction if value_per_transaction > 0 else float("inf")
print(f"months where the model costs more than it adds: {list(best_model.index[losing])}")
print(f"retirement signal (last two months net negative): {retire_signal}")
print(f"break-even volume: {break_even_volume:,.0f} transactions a month")
_ = story.record("model_net_value_per_month", float(best_model["net"].mean()),
                 label="Model's net value over the rule per month, at the real volume", fmt="${:,.0f}")

# %%
story.md(
    f"Averaged over months 3-9 the model adds **${best_model['extra_value'].mean():,.0f}** a month over "
    f"the rule and costs **${best_model['cost'].mean():,.0f}**, a net **${best_model['net'].mean():,.0f}**. "
    + ("The last two months are both net negative: that is the retirement signal. Fall back to the rule, "
       "or find a cheaper way to run the model, before spending more on it." if retire_signal else
       "It has not hit the retirement signal (two months in a row where retraining no longer beats the "
       "baseline by more than it costs), so keep it and keep watching.")
    + f" The signal depends on scale: below about **{break_even_volume:,.0f}** transactions a month the "
    "same model would cost more than it adds, and a shrinking margin over the rule (retraining that no "
    "longer beats the baseline) moves that line up."
)
_ = story.record("break_even_volume", float(break_even_volume) if np.isfinite(break_even_volume) else -1.0,
                 label="Monthly volume below which the model costs more than it adds", fmt="{:,.0f}")

# %% [markdown]
# ## Exercises

# %%
q1, q2, q3, q4, q5 = nb04.bind(detection_delay_days=detection_delay_days, ks_full=ks_full, psi_full=psi_full,
                               rate_a=rate_a, rate_b=rate_b, alpha=ALPHA, power=POWER, peek=peek, cadence=cadence)

# %% [markdown]
# **q1.** How many days after the planted shift did the weekly PSI check first raise an alarm?

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = (first_alarm - shift_truth.drift_start).days
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(0)
assert q1.check(____).correct is None

# %% [markdown]
# **q2.** January against February delays: KS p-value tiny, PSI tiny. Should the team act on it?

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = "b" if psi_full.value < 0.1 else "a"
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check("a" if q2_answer == "b" else "b")
assert q2.check(____).correct is None

# %% [markdown]
# **q3.** How many visitors per arm are needed to detect the expected conversion difference with
# the planned power?

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = experiments.sample_size_per_arm(rate_a, rate_b - rate_a, alpha=ALPHA, power=POWER)
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(2 * q3_answer)
assert q3.check(____).correct is None

# %% [markdown]
# **q4.** In the simulation, what share of A/A tests does "stop at the first significant peek"
# declare a winner?

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = peek.false_positive_peeking
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(ALPHA)
assert q4.check(____).correct is None

# %% [markdown]
# **q5.** Which retraining interval (in months) gives the most value per month?

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
q5_answer = str(int(cadence.loc[cadence["value_per_period"].idxmax(), "retrain_every"]))
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check("6" if q5_answer != "6" else "1")
assert q5.check(____).correct is None

# %% [markdown]
# ## Decision gate 4: keep, retrain, or retire?

# %%
gate = gates.Gate("Gate 4: iterate, retrain, retire", [
    gates.criterion("Input drift found within two weeks of the planted shift", detection_delay_days, "<=", 14,
                    evidence=f"weekly PSI >= {PSI_ALERT} vs months 1-2, scenario A", fmt="{:.0f} days"),
    gates.criterion("No false drift alarms before the shift", false_alarms, "<=", 0,
                    evidence="weekly PSI on the weeks before the planted shift", fmt="{:.0f}"),
    gates.criterion("Retraining restores recall after the fraud ring", float(q_v2["recall"].mean()), ">",
                    float(live_months.loc[6:, "recall"].mean()),
                    evidence="v2 vs v1 recall, months 6-9, same alert volume", fmt="{:.1%}"),
    gates.criterion("Candidate does not lose conversions", ab.ci_low, ">=", 0.0,
                    evidence=f"A/B test, {N_PER_ARM:,} visitors per arm, lower end of the 95% interval",
                    fmt="{:+.2%}"),
    gates.judgement("Any changed decision can be explained from versions", why.steps["score"].notna().all(),
                    evidence=f"registry versions {entry_v1.version} and {entry_v2.version}, config hashes, "
                             "step-by-step diff"),
    gates.judgement("Model still worth more than it costs", not retire_signal,
                    evidence="extra fraud caught over the rule, in dollars, minus running and retraining cost"),
])
gate.record()
gate

# %%
story.md(
    f"**Verdict: {gate.verdict}** for replacing the incumbent with the slower candidate. "
    + ("Every criterion holds." if gate.passed else f"Failed: {'; '.join(gate.failed)}.")
    + f" What to do instead: retrain the current architecture every {best_k} month(s) on fresh labels, "
    "keep the drift and decay monitors, and bring the candidate back only when it is fast enough to "
    "win the A/B test on conversions."
)
