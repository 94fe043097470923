# %% [markdown]
# # 12 · Portfolio project: a drift dashboard for flight delays
#
# A model learns in winter to predict which New York flights will land more than 15 minutes
# late. Then spring, summer and the holidays arrive. Its inputs move month by month and its
# quality changes. This project builds the dashboard a monitoring team would open each month and
# uses it to answer two questions: which drift hurts the model, and which drift is just the
# season? It ends with a decision: retrain, alert, or neither.
#
# **You will be able to**
# - measure input drift per feature and month with PSI, KS, Jensen-Shannon, Wasserstein and
#   chi-square, and say why a p-value is the wrong alarm at this volume;
# - separate drift that hurts the model (in the features it reads, and in its performance) from
#   drift that does not, and a seasonal swing from a lasting change;
# - run an interactive drift dashboard (ipywidgets; `aipm dashboard` serves it as a web page with
#   Voilà) and share a static export;
# - price the app's errors, replay a paging rule on the year before shipping it, and check whom
#   the misses fall on;
# - turn the evidence into a retraining or alerting decision for a portfolio write-up.
#
# **Time:** 75 minutes.
#
# **PM job:** performance governance (what to monitor, when to alert, when to retrain), with
# technical-to-business translation for the write-up.

# %% tags=["parameters"]
SEED = 42
FAST = False
TRAIN_MONTHS = 3        # the model learns from January up to this month; 3 means the first quarter
LATE_MINUTES = 15       # "late" means arriving more than this many minutes after schedule
TRAIN_ROWS = 20_000     # flights sampled from the training months to fit each model
STAT = "psi"            # the dashboard's starting statistic
ALERT_PSI = 0.1         # PSI alert line: 0.1 is a moderate shift, 0.2 a major one
SCORE_THRESHOLD = 0.5   # the app warns a passenger when P(late) is at least this
# What errors cost (assumptions: edit them). A late flight the app did not warn about, an on-time
# flight it warned about, and one page (a day of an engineer and an analyst, plus a retraining run).
COST_MISSED_WARNING = 30.0   # $ per late flight without a warning
COST_FALSE_WARNING = 10.0    # $ per on-time flight warned as late
COST_PAGE = 2_000.0          # $ per page
# The paging rule replayed on the year in section 8 (your call: change them and re-run)
PAGE_AUC_DROP = 0.02    # page when a month's AUC falls this far below the training quarter's
PAGE_SCORE_PSI = 0.1    # ... or when the PSI of the model's score reaches this

# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_DECISION = ""       # your decision, its reasons and what would change your mind
MY_LIMITATIONS = ""    # what this analysis cannot tell you, in your words
# %%
import math
import tempfile
import time
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from aipm_kit import drift, models, plots, story, widgets
from aipm_kit.exercises import ____, nb12

warnings.simplefilter("ignore", drift.DriftWarning)  # unseen airports are counted in the tables below

# %% [markdown]
# ## 1 · The data and its windows
#
# A cancelled flight never arrives, so it has no label; the model is judged on the flights that
# landed. Every drift number below compares one window of flights with another, so first look at
# how many flights each window holds, and at a trap: the data set keeps both the local date and
# a UTC timestamp, and "a month" is not the same set of flights in both.
#
# One call prepares everything this notebook and the dashboard app use:
# `widgets.scored_flights` loads the flights (a seeded quarter of them when `FAST`), keeps those
# that landed, marks as late those more than `LATE_MINUTES` behind schedule, and fits the model of
# section 2 (run `widgets.scored_flights??` in a cell to read it).

# %%
scored = widgets.scored_flights(fast=FAST, seed=SEED, train_months=TRAIN_MONTHS, late_minutes=LATE_MINUTES,
                                train_rows=TRAIN_ROWS)
flights, flown, train, model = scored.flights, scored.flown, scored.train, scored.model
TRAIN_ROWS = scored.train_rows                 # at most 5,000 when FAST
FEATURES = list(scored.features)               # what the model reads
MONITORED = list(scored.monitored)             # what the dashboard watches: the inputs, air_time and dest
flights.attrs["datasheet"]

# %%
local = drift.window_sizes(flown, time_col="date")
utc = drift.window_sizes(flown, time_col="time_hour_utc")
story.md(
    f"**{len(flights):,}** scheduled flights; **{len(flown):,}** landed with an arrival time "
    f"(**{flown['late'].mean():.1%}** of them more than {LATE_MINUTES} minutes late). Months hold "
    f"{local.min():,} to {local.max():,} flights. Cut on the UTC timestamp instead of the local "
    f"date, every month changes size and **{utc.get('2014-01', 0):,}** New Year's Eve flights land "
    f"in a month called 2014-01: always show window sizes next to drift numbers.")

# %% [markdown]
# ## 2 · The model, and how it does month by month
#
# The model is a logistic regression (`models.fit_tabular_classifier`) trained on a sample of the
# first quarter's flights (`train`, drawn by `scored_flights` above). It reads what is known when
# the aircraft pushes back: the departure delay, the scheduled hour, the distance, the airline and
# the airport. It is then scored on every flight of the year (the column `score`, its P(late)), and
# because arrivals are known the same day, its quality can be measured every month.

# %%
train_pool = flown[flown["month"] <= TRAIN_MONTHS]  # the training months; `train` was sampled from them
monthly = widgets.performance_by_period(flown, time_col="date", label_col="late", score_col="score",
                                        threshold=SCORE_THRESHOLD)
REFERENCE = scored.reference
ref_months = [m for m in monthly.index if REFERENCE[0] <= m <= REFERENCE[1]]
ref_auc = monthly.loc[ref_months, "auc"].mean()

# %% [markdown]
# A month holds about 27,000 flights, so each monthly number is an estimate with noise. Below,
# every month's AUC carries its 95% DeLong interval (`metrics.auc_interval`) and its recall (the
# share of late flights the app warns about) a 95% Wilson interval; the calibration gap is the
# model's mean P(late) minus the share that was actually late.

# %%
from aipm_kit import metrics

by_month = {m: g for m, g in flown.groupby(drift.period_labels(flown["date"], "MS"))}
auc_ci = pd.DataFrame({m: (lambda r: {"auc_low": r.low, "auc_high": r.high})(
    metrics.auc_interval(g["late"], g["score"])) for m, g in by_month.items()}).T
warned = {m: int(((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).sum()) for m, g in by_month.items()}
late_n = {m: int(g["late"].sum()) for m, g in by_month.items()}
recall_ci = pd.DataFrame({m: dict(zip(("recall_low", "recall_high"),
                                      metrics.wilson_interval(warned[m], late_n[m]))) for m in by_month}).T
monthly = monthly.join(auc_ci).join(recall_ci)
q1_auc_low, q1_auc_high = monthly.loc[ref_months, "auc"].min(), monthly.loc[ref_months, "auc"].max()
q1_recall_low, q1_recall_high = monthly.loc[ref_months, "recall"].min(), monthly.loc[ref_months, "recall"].max()
q1_gap_low, q1_gap_high = (monthly.loc[ref_months, "calibration_gap"].min(),
                           monthly.loc[ref_months, "calibration_gap"].max())

# %% tags=["nbval-check-output"]
print(monthly[["rows", "positive_rate", "mean_score", "calibration_gap", "auc", "auc_low", "auc_high",
               "recall", "recall_low", "recall_high"]].round(3).to_string())

# %%
worst_month = monthly["auc"].idxmin()
after = [m for m in monthly.index if m > REFERENCE[1]]
below_q1 = [m for m in after if monthly.loc[m, "auc_high"] < q1_auc_low]
fig, (left, right) = plots.figure(1, 2, figsize=(12, 4.2))
x = np.arange(len(monthly))
left.axhspan(q1_auc_low, q1_auc_high, color=plots.NEUTRAL, alpha=0.15,
             label=f"training-quarter months ({q1_auc_low:.3f}-{q1_auc_high:.3f})")
left.errorbar(x, monthly["auc"], yerr=[monthly["auc"] - monthly["auc_low"], monthly["auc_high"] - monthly["auc"]],
              fmt="o", color=plots.NEUTRAL, capsize=3, label="monthly AUC, 95% DeLong interval")
if below_q1:
    hit = [list(monthly.index).index(m) for m in below_q1]
    left.scatter(x[hit], monthly["auc"].iloc[hit], s=90, facecolors="none", edgecolors=plots.BAD, zorder=3,
                 label="interval wholly below every training month")
left.set_xticks(x)
left.set_xticklabels([m[5:] for m in monthly.index])
plots.finish(left, title=(f"{len(below_q1)} of {len(after)} later months fall below the training quarter's "
                          f"own range"),
             xlabel="month of 2013 (axis cut: AUC from 0.85)", ylabel="AUC (0.5 = chance)",
             takeaway="the training quarter's months already differ by more than 0.02")
left.set_ylim(0.85, max(0.94, float(monthly["auc_high"].max()) + 0.005))
right.plot(x, monthly["positive_rate"], marker="o", color=plots.BAD, label="late share (actual)")
right.plot(x, monthly["mean_score"], marker="s", ls="--", color=plots.NEUTRAL, label="mean P(late) (model)")
right.set_xticks(x)
right.set_xticklabels([m[5:] for m in monthly.index])
right.set_ylim(0, None)
worst_gap_month = monthly["calibration_gap"].abs().idxmax()
plots.finish(right, title=(f"Calibration: predicted and actual late share part most in {worst_gap_month} "
                           f"({monthly.loc[worst_gap_month, 'calibration_gap'] * 100:+.1f} points)"),
             xlabel="month of 2013", ylabel="share of flights (0-1)",
             takeaway="the model follows the season through the departure delay it reads")
plt.show()

# %%
worst_recall_month = monthly["recall"].idxmin()
wr = monthly.loc[worst_recall_month]
story.md(
    f"The training quarter's own months span AUC **{q1_auc_low:.3f} to {q1_auc_high:.3f}**, a spread of "
    f"{q1_auc_high - q1_auc_low:.3f}: a month-to-month move of 0.02 is within what the quarter itself shows. "
    f"In **{len(below_q1)}** of the {len(after)} later months ({', '.join(below_q1) or 'none'}) the whole 95% "
    f"interval lies below the quarter's lowest month. The app's recall was **{q1_recall_low:.0%} to "
    f"{q1_recall_high:.0%}** in the training months; at its lowest, in {worst_recall_month}, it was "
    f"**{wr['recall']:.0%}** (95% Wilson {wr['recall_low']:.0%} to {wr['recall_high']:.0%}): it missed "
    f"{1 - wr['recall']:.0%} of late flights against {1 - q1_recall_high:.0%} to {1 - q1_recall_low:.0%} "
    f"in the months it learned from.")

# %% [markdown]
# ### Exercise 1 · The worst month's recall, with its interval by hand

# %%
q1 = nb12.wilson_by_hand(worst_recall=(warned[worst_recall_month], late_n[worst_recall_month]),
                         worst_month=worst_recall_month)
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
k, n, z = warned[worst_recall_month], late_n[worst_recall_month], 1.96
p = k / n
d = 1 + z**2 / n
q1_answer = (p + z**2 / (2 * n)) / d - z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / d
print(f"by hand {q1_answer:.4f}; the kit {metrics.wilson_interval(k, n)[0]:.4f}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(warned[worst_recall_month] / late_n[worst_recall_month])
assert q1.check(____).correct is None

# %% [markdown]
# ## 3 · Input drift, feature by month
#
# `aipm_kit.drift` turns each feature into counts per month once; comparing any reference
# window with every month is then a sum of counts and a formula. Below, each month is compared
# with the training quarter. PSI bins numbers at the reference's deciles; categories are compared
# one by one (an airport never seen in the reference goes to an explicit "unseen" bucket).

# %%
t0 = time.perf_counter()
monthly_hist = drift.PeriodHistograms.from_frame(flown, time_col="date", freq="MS",
                                                 columns=MONITORED + ["score"])
psi_all = monthly_hist.drift_table(REFERENCE, "psi", threshold=ALERT_PSI)
table_seconds = time.perf_counter() - t0
psi_table = psi_all.loc[MONITORED]
js_table = monthly_hist.drift_table(REFERENCE, "jensen_shannon", columns=MONITORED)
ks_all = monthly_hist.drift_table(REFERENCE, "ks", measure="p_value", p_method="finite")
ks_pvalues = ks_all.loc[[f for f in MONITORED if f in ks_all.index]]
story.record("drift_table_seconds", round(table_seconds, 3), label="Full feature-by-month PSI table "
             "recomputed from the raw rows in (s)");

# %% tags=["nbval-check-output"]
print(psi_table.round(3).to_string())

# %%
alerts_psi = {f: v for f, v in psi_table.attrs["drifted"].items() if v and f in MONITORED}
n_cells = int((psi_table >= ALERT_PSI).sum().sum())
top_feature, top_month = psi_table.stack().idxmax()
ax = plots.drift_heatmap(psi_table, title=(
    f"{top_feature} drifts most ({psi_table.loc[top_feature, top_month]:.3f} in {top_month}); "
    f"{n_cells} feature-months cross PSI {ALERT_PSI:g}"),
    takeaway="outlined cells cross the alert line; the numbers under each month are its flights")
on_inputs = sum(len(alerts_psi.get(f, [])) for f in FEATURES)
story.record_figure("writeup_figure_heatmap", ax.figure, caption=(
    f"PSI of each monitored feature, month by month, against the training quarter: {n_cells} feature-months "
    f"cross the alert line of {ALERT_PSI:g}, {on_inputs} of them on features the model reads."))
plt.close(ax.figure)  # record_figure has shown it once

# %%
ks_flags = int((ks_pvalues < 0.05).sum().sum())
ks_cells = int(ks_pvalues.notna().sum().sum())
story.md(
    f"**The p-value trap.** The KS test calls **{ks_flags} of {ks_cells}** numeric feature-months "
    f"'significantly' different from the reference (p < 0.05), the reference months included; PSI "
    f"puts **{n_cells}** feature-months over its alert line. With about {int(local.median()):,} "
    f"flights a month a test can see differences too small to matter, so alert on a distance with "
    f"a threshold (PSI, Jensen-Shannon, Wasserstein in standard deviations) and keep p-values for "
    f"small samples.")

# %% [markdown]
# ## 4 · Drift that hurts the model, and drift that does not
#
# Input drift can only change the model's predictions through the features it reads. Two pieces
# of evidence separate the kinds:
#
# 1. **How much the model leans on each feature**: the drop in AUC on held-out first-quarter
#    flights when that feature is shuffled (permutation importance). A feature the model does not
#    read scores zero by construction.
# 2. **Prediction drift**: the PSI of the model's own score, month by month, which moves only
#    when drift reaches the model.

# %%
from sklearn.inspection import permutation_importance

holdout = train_pool.drop(train.index).sample(n=min(4_000 if FAST else 8_000, len(train_pool) - len(train)),
                                               random_state=SEED + 1)
perm = permutation_importance(model, holdout[FEATURES], holdout["late"], scoring="roc_auc",
                              n_repeats=2, random_state=SEED, n_jobs=1)
importance = dict(zip(FEATURES, perm.importances_mean))
reliance = pd.DataFrame({
    "peak_psi": psi_table.max(axis=1),
    "peak_month": psi_table.idxmax(axis=1),
    "auc_drop_if_shuffled": [importance.get(f, 0.0) for f in MONITORED],
    "model_input": [f in FEATURES for f in MONITORED],
}, index=psi_table.index).sort_values("peak_psi", ascending=False)
score_psi = psi_all.loc["score"]
lead = max(FEATURES, key=lambda f: np.corrcoef(psi_table.loc[f], score_psi)[0, 1])
lead_r = float(np.corrcoef(psi_table.loc[lead], score_psi)[0, 1])

# %% tags=["nbval-check-output"]
print(reliance.round(3).to_string())

# %%
fig, ax = plots.figure()
colors = [plots.BAD if r.model_input else plots.NEUTRAL for r in reliance.itertuples()]
ax.scatter(reliance["peak_psi"], reliance["auc_drop_if_shuffled"], s=70, c=colors)
for i, (name, r) in enumerate(reliance.iterrows()):  # staggered labels: several points sit near zero
    ax.annotate(name, (r["peak_psi"], r["auc_drop_if_shuffled"]), textcoords="offset points",
                xytext=(5, 4 + 12 * (i % 3)), fontsize=9)
ax.margins(y=0.25)
ax.axvline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
unused_top = reliance[~reliance["model_input"]].index[0]
plots.finish(ax, title=f"The most drifted feature, {reliance.index[0]}, "
                       f"{'is not read by the model' if not reliance.iloc[0]['model_input'] else 'feeds the model'}",
             xlabel="peak monthly PSI against Q1 (unitless)",
             ylabel="AUC lost when shuffled (AUC points)",
             takeaway="orange: model inputs; blue: watched only. Drift hurts only up and to the right")
plt.show()

# %%
n_unused_alerts = len(psi_table.attrs["drifted"].get(unused_top, []))
quiet_inputs = [m for m in below_q1 if not any(m in psi_table.attrs["drifted"].get(f, []) for f in FEATURES)]
gaps = monthly.loc[below_q1, "calibration_gap"]
off_calibration = [m for m in below_q1 if not q1_gap_low <= monthly.loc[m, "calibration_gap"] <= q1_gap_high]
se_late = float(np.sqrt((monthly["positive_rate"] * (1 - monthly["positive_rate"]) / monthly["rows"]).max()))
calibration_reading = (
    "the predicted probabilities also left the training quarter's range there, so the link between the "
    "inputs and lateness may have moved: worth a look, not yet a proof" if off_calibration else
    "the predicted probabilities stayed within the training quarter's range there, so nothing here shows "
    "that the link between the inputs and lateness moved")
story.md(
    f"The score's own PSI follows **{lead}** most closely (correlation **{lead_r:.2f}** over the 12 "
    f"months): that is the drift the model feels. Meanwhile **{unused_top}**, which the model never "
    f"reads, crossed the alert line in {n_unused_alerts} month{'s' if n_unused_alerts != 1 else ''}: "
    f"alerts the model cannot feel.\n\n"
    f"What of the {len(below_q1)} month(s) whose AUC fell below the training quarter's range "
    f"({', '.join(below_q1) or 'none'}), {len(quiet_inputs)} of them without a PSI alert on any model "
    f"input? A lower AUC alone does not show that the relationship between inputs and lateness changed "
    f"(concept drift): AUC also moves when the mix of flights changes. Calibration is the sharper check. "
    f"The training months' calibration gap ran from {q1_gap_low * 100:+.1f} to {q1_gap_high * 100:+.1f} "
    f"points (each month's late share is known to about ±{1.96 * se_late * 100:.1f} points, 95%); in "
    f"{len(off_calibration)} of the low-AUC months ({', '.join(off_calibration) or 'none'}) the gap fell "
    f"outside that range: {calibration_reading}.")

# %% [markdown]
# ### Exercise 2 · Drift that cannot hurt the model

# %%
q2 = nb12.harmless_drift(psi_table=psi_table, importance=importance, model_features=FEATURES)
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = reliance[~reliance["model_input"]]["peak_psi"].idxmax()
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check("dep_delay")
assert q2.check(____).correct is None

# %% [markdown]
# ### Who the misses fall on
#
# One overall recall can hide a carrier or an airport whose passengers are warned far less often.
# Below: recall after the training quarter, by airline (those with at least 200 late flights, so
# each interval is informative) and by departure airport, each with its 95% Wilson interval.

# %%
later = flown[flown["month"] > TRAIN_MONTHS]
warned_later = (later["score"] >= SCORE_THRESHOLD).to_numpy()
big_carriers = later.groupby("carrier")["late"].sum().loc[lambda n: n >= 200].index
in_big = later["carrier"].isin(big_carriers).to_numpy()
by_carrier = metrics.recall_by_segment(later["late"].to_numpy()[in_big], warned_later[in_big],
                                       later["carrier"].to_numpy()[in_big]).drop(index="overall")
by_origin = metrics.recall_by_segment(later["late"], warned_later, later["origin"])
overall_later = by_origin.loc["overall"]
clearly_low = by_carrier[by_carrier["high"] < overall_later["low"]].index.tolist()
clearly_high = by_carrier[by_carrier["low"] > overall_later["high"]].index.tolist()

# %% tags=["nbval-check-output"]
print(by_origin[["positives", "caught", "recall", "low", "high"]].round(3).to_string())

# %%
fig, ax = plots.figure(figsize=(8, 4.2))
order = by_carrier.sort_values("recall")
y = np.arange(len(order))
ax.errorbar(order["recall"], y, xerr=[order["recall"] - order["low"], order["high"] - order["recall"]],
            fmt="o", color=plots.NEUTRAL, capsize=3, label="recall, 95% Wilson interval")
ax.axvspan(overall_later["low"], overall_later["high"], color=plots.BAD, alpha=0.2,
           label=f"all carriers ({overall_later['recall']:.0%})")
ax.set_yticks(y)
ax.set_yticklabels([f"{c} ({int(order.loc[c, 'positives']):,} late)" for c in order.index])
ax.set_xlim(0, 1)
plots.finish(ax, title=(f"{len(clearly_low)} airline(s) clearly below the overall recall, "
                        f"{len(clearly_high)} clearly above"),
             xlabel="share of late flights the app warned about (0-1)", ylabel="airline (late flights, Apr-Dec)",
             takeaway="an interval wholly left of the band: those passengers are warned less often")
plt.show()

# %%
worst_carrier = order.index[0]
story.md(
    f"After the training quarter the app warned about **{overall_later['recall']:.0%}** of late flights "
    f"(95% Wilson {overall_later['low']:.1%} to {overall_later['high']:.1%}). "
    f"{len(clearly_low)} of {len(by_carrier)} large airlines sit clearly below that "
    f"({', '.join(clearly_low) or 'none'}); the lowest, **{worst_carrier}**, at "
    f"{order.loc[worst_carrier, 'recall']:.0%} ({order.loc[worst_carrier, 'low']:.0%} to "
    f"{order.loc[worst_carrier, 'high']:.0%}). By airport the recall runs from "
    f"{by_origin.drop(index='overall')['recall'].min():.0%} to {by_origin.drop(index='overall')['recall'].max():.0%}.")

# %% [markdown]
# ## 5 · Seasonality or change?
#
# One year of data cannot prove a pattern repeats (the datasheet says so). But it can show which
# drift *comes and goes*: a seasonal swing rises, then falls back towards the reference (here: to
# 40% of its peak or less) in some later month; a lasting change rises and stays up. For each
# feature: the first month at half its peak PSI or more, the peak, and the lowest PSI after that
# first month.

# %%
peak = psi_table.max(axis=1)
first_high = psi_table.ge(peak / 2, axis=0).idxmax(axis=1)  # first month at half the peak or more
lowest_after = pd.Series({f: psi_table.loc[f, psi_table.columns > first_high[f]].min() for f in psi_table.index})
season = pd.DataFrame({"first_high": first_high, "peak_month": psi_table.idxmax(axis=1), "peak_psi": peak,
                       "lowest_after": lowest_after.fillna(peak), "december_psi": psi_table.iloc[:, -1]})
season["reading"] = np.select(
    [season["peak_psi"] < ALERT_PSI / 2, season["lowest_after"] <= 0.4 * season["peak_psi"]],
    ["stable", "seasonal: comes and goes"], "lasting: stays up")

# %% tags=["nbval-check-output"]
print(season.round(3).to_string())

# %%
fig, ax = plots.figure()
months_idx = np.arange(len(psi_table.columns))
shown = season.sort_values("peak_psi", ascending=False).index[:4]
for f, color in zip(shown, plots.PALETTE):
    ax.plot(months_idx, psi_table.loc[f], marker="o", color=color, label=f"{f} ({season.loc[f, 'reading']})")
ax.axhline(ALERT_PSI, color="grey", ls=":")
ax.set_xticks(months_idx)
ax.set_xticklabels([m[5:] for m in psi_table.columns])
returning = [f for f in shown if season.loc[f, "reading"].startswith("seasonal")]
lasting = [f for f in shown if season.loc[f, "reading"].startswith("lasting")]
plots.finish(ax, title=(f"Comes and goes: {', '.join(returning) or 'none'}; "
                        f"stays up: {', '.join(lasting) or 'none'}"),
             xlabel="month of 2013", ylabel="PSI against Q1 (unitless)",
             takeaway="drift that comes and goes looks like season; drift that stays up needs a look")
plt.show()

# %% [markdown]
# ## 6 · The dashboard
#
# `aipm_kit.widgets.DriftDashboard` puts it together: choose the reference and current windows
# (months or weeks), the features, the statistic and the alert threshold; see the feature-by-period
# heatmap, the selected feature's two distributions, the model's performance with alert markers,
# and the drifted features ranked. It precomputes counts per month and per week, so a change of
# control recomputes in milliseconds, and it redraws only the views a change touches (the heatmap
# is a coloured table; the two figures change in place). A bad choice (an empty window, a feature a
# statistic cannot use, a threshold outside the statistic's range) shows a message, never a
# traceback.
#
# In a live notebook the next cell shows the controls. To open the dashboard on its own as a web
# page, run `aipm dashboard` in a terminal (add `--fast` for a quarter of the flights): it serves
# `notebooks/apps/drift_dashboard.ipynb`, which builds this same dashboard from the same
# `scored_flights`, with Voilà on your machine only (http://127.0.0.1:8866/). The static figures
# after the controls are the starting view, as the file on GitHub and the course site show it;
# they do not follow the controls.

# %%
dash = scored.dashboard(current=top_month, stat=STAT, threshold=ALERT_PSI if STAT == "psi" else None,
                        score_threshold=SCORE_THRESHOLD)
timings = []
for granularity in ("month", "week"):
    for stat in ("psi", "ks", "jensen_shannon", "wasserstein", "chi_square"):
        timings.append(dash.update(granularity=granularity, stat=stat).view.seconds)
bad_input = {"an empty window": dict(reference=("2013-03", "2013-01")),
             "a threshold outside the range": dict(stat="ks", threshold=1.5),
             "a statistic that needs numbers": dict(stat="wasserstein", features=["carrier", "origin"])}
messages = {name: dash.update(**change).message for name, change in bad_input.items()}
dash.update(granularity="month", stat=STAT, threshold=ALERT_PSI if STAT == "psi" else None,
            features=list(MONITORED), reference=REFERENCE, current=top_month)
story.record("dashboard_update_seconds", round(max(timings), 3),
             label="Slowest dashboard recomputation over 10 control settings (s)")
story.md("Each of ten control settings (5 statistics, months and weeks) recomputed in at most "
         f"**{max(timings) * 1000:.0f} ms**. Bad input, as the dashboard reports it:\n\n"
         + "\n".join(f"- *{k}*: {v}" for k, v in messages.items()))

# %%
dash

# %%
dash.show_static()

# %% tags=["nbval-check-output"]
print(dash.ranked_table()[["feature", "value", "threshold", "drifted", "reference_rows",
                           "current_rows"]].round(4).to_string(index=False))

# %%
export = dash.export_html(Path(tempfile.gettempdir()) / "aipm_12_drift_view.html")
story.md(f"The static HTML export of this view is `{export.name}` ({export.stat().st_size // 1024:,} kB, "
         "in the temporary folder); the live dashboard's **Export HTML** button offers the same page "
         "as a download.")

# %% [markdown]
# ## 7 · Retrain on a calendar?
#
# The obvious response to drift is to retrain on fresher data. Test it before paying for it: fit
# the same model each quarter on the quarter just finished, score the next quarter with it, and
# compare with the first-quarter model that was never retrained, month by month on the same flights.

# %%
retrained = pd.Series(index=monthly.index, dtype=float)
for q in range(1, 4):
    pool = flown[flown["month"].between(3 * q - 2, 3 * q)]
    sample = pool.sample(n=min(TRAIN_ROWS, len(pool)), random_state=SEED + q)
    m = models.fit_tabular_classifier(sample[FEATURES], sample["late"], kind="logistic", seed=SEED)
    nxt = flown[flown["month"].between(3 * q + 1, 3 * q + 3)]
    rescored = nxt.assign(score=m.predict_proba(nxt[FEATURES])[:, 1])
    perf = widgets.performance_by_period(rescored, time_col="date", label_col="late", score_col="score",
                                         threshold=SCORE_THRESHOLD)
    retrained.loc[perf.index] = perf["auc"]
gain = float((retrained[after] - monthly.loc[after, "auc"]).mean())
best_gain = float((retrained[after] - monthly.loc[after, "auc"]).max())
# a month's AUC is known to about this much (median half-width of the 95% DeLong intervals)
auc_noise = float(((monthly["auc_high"] - monthly["auc_low"]) / 2).median())
retrain_worth_it = gain > auc_noise

# %% tags=["nbval-check-output"]
print(pd.DataFrame({"q1_model_auc": monthly.loc[after, "auc"], "retrained_auc": retrained[after],
                    "gain": retrained[after] - monthly.loc[after, "auc"]}).round(3).to_string())

# %%
fig, ax = plots.figure()
x = np.arange(len(monthly))
ax.plot(x, monthly["auc"], marker="o", color=plots.NEUTRAL, label="Q1 model, never retrained")
ax.plot(x, retrained.reindex(monthly.index), marker="s", ls="--", color=plots.GOOD,
        label="retrained each quarter")
alert_months = sorted({m for f in FEATURES for m in psi_table.attrs["drifted"].get(f, [])})
hit = [i for i, m in enumerate(monthly.index) if m in alert_months]
if hit:
    ax.scatter(x[hit], monthly["auc"].iloc[hit], marker="^", s=90, color=plots.BAD, zorder=3,
               label="PSI alert on a model input")
ax.axhline(ref_auc - 0.02, color="grey", ls=":", label=f"Q1 AUC - 0.02 ({ref_auc - 0.02:.3f})")
ax.set_xticks(x)
ax.set_xticklabels([m[5:] for m in monthly.index])
plots.finish(ax, title=(f"Quarterly retraining buys {gain:+.3f} AUC a month on average "
                        f"(best {best_gain:+.3f})"),
             xlabel="month of 2013", ylabel="AUC (0.5 = chance)",
             takeaway="retraining on fresh data cannot add what the features do not carry")
marked = " (triangles)" if hit else ""  # the caption names only what is drawn
story.record_figure("before_after", fig, caption=(
    f"Monthly AUC of the first-quarter model against models retrained each quarter: "
    f"{gain:+.3f} AUC on average after March; {len(alert_months)} month(s) had a PSI alert on a model "
    f"input{marked}."))
plt.close(fig)

# %%
decision = ("retrain every quarter" if retrain_worth_it else "do not retrain on a calendar")
size_word = "larger" if retrain_worth_it else "no larger"
story.md(
    f"**Retraining: {decision}.** Retraining each quarter changes monthly AUC by {gain:+.3f} on average "
    f"(best month {best_gain:+.3f}), while a single month's AUC is only known to about ±{auc_noise:.3f} "
    f"(median half-width of the 95% intervals): the gain is "
    f"{size_word} than the noise of one month. Fresh data cannot add what "
    f"the features do not carry. What remains is when to *look*: the paging rule.")
# %% [markdown]
# ## 8 · Your call: the paging rule, replayed on the year
#
# A page sends people to investigate; not paging lets a bad month run. Price both with the
# assumptions in the parameters cell (`COST_MISSED_WARNING`, `COST_PAGE`), then replay a rule month
# by month as the team would have lived it (arrivals are known the same day, so every month's labels
# are in when it closes):
#
# - a month **needs a look** when the app warned about fewer late flights than in any training
#   month, beyond noise: the upper end of its recall's 95% Wilson interval is below the training
#   quarter's lowest recall;
# - its **extra cost** is the late flights it failed to warn about on top of that lowest training
#   month's rate, at `COST_MISSED_WARNING` each;
# - the rule **pages** when the month's AUC falls more than `PAGE_AUC_DROP` below the training
#   quarter's, or the PSI of the model's score reaches `PAGE_SCORE_PSI`.
#
# A page in a month that needs a look is a catch; a page in any other month is a false page; a
# month that needs a look without a page is a miss. A rule's bill is its pages plus the extra cost
# of the months it missed: an upper bound, since a look does not undo a month by itself.

# %%
needs_look = monthly["recall_high"] < q1_recall_low
extra_cost = pd.Series({m: max(0.0, (q1_recall_low - monthly.loc[m, "recall"]) * late_n[m] * COST_MISSED_WARNING)
                        for m in monthly.index}).where(needs_look, 0.0).round(0)
score_psi_by_month = psi_all.loc["score"]


def backtest(auc_drop=PAGE_AUC_DROP, score_psi=PAGE_SCORE_PSI):
    """Replay a paging rule on the months after the training quarter: what it would have done and cost."""
    fired = (monthly["auc"] < ref_auc - auc_drop) | (score_psi_by_month >= score_psi)
    table = pd.DataFrame({"auc": monthly["auc"], "score_psi": score_psi_by_month, "page": fired,
                          "recall": monthly["recall"], "recall_high": monthly["recall_high"],
                          "needs_look": needs_look, "extra_cost": extra_cost}).loc[after]
    table["outcome"] = np.select([table["page"] & table["needs_look"], table["page"],
                                  table["needs_look"]], ["caught", "false page", "missed"], "quiet")
    pages = int(table["page"].sum())
    bill = pages * COST_PAGE + float(table.loc[table["outcome"] == "missed", "extra_cost"].sum())
    table.attrs.update(pages=pages, bill=bill, caught=int((table["outcome"] == "caught").sum()),
                       false_pages=int((table["outcome"] == "false page").sum()),
                       missed=int((table["outcome"] == "missed").sum()))
    return table


replay = backtest()
never = backtest(auc_drop=math.inf, score_psi=math.inf)
every_month = backtest(auc_drop=-math.inf, score_psi=-math.inf)

# %% tags=["nbval-check-output"]
print(replay.round(3).to_string())
print({name: round(r.attrs["bill"]) for name, r in
       {"your rule": replay, "never page": never, "page every month": every_month}.items()})

# %%
fig, ax = plots.figure(figsize=(10, 4.2))
xa = np.arange(len(after))
ra = monthly.loc[after]
ax.errorbar(xa, ra["recall"], yerr=[ra["recall"] - ra["recall_low"], ra["recall_high"] - ra["recall"]],
            fmt="o", color=plots.NEUTRAL, capsize=3, label="recall, 95% Wilson interval")
ax.axhline(q1_recall_low, color="grey", ls=":", label=f"lowest training month ({q1_recall_low:.1%})")
paged = [i for i, m in enumerate(after) if replay.loc[m, "page"]]
if paged:
    ax.scatter(xa[paged], ra["recall"].iloc[paged], marker="v", s=110, color=plots.BAD, zorder=3,
               label="the rule pages")
for i, m in enumerate(after):
    ax.annotate(replay.loc[m, "outcome"], (i, ra["recall_low"].iloc[i]), textcoords="offset points",
                xytext=(0, -14), ha="center", fontsize=8)
ax.set_xticks(xa)
ax.set_xticklabels([m[5:] for m in after])
ax.set_ylim(max(0.0, float(ra["recall_low"].min()) - 0.06), min(1.0, float(ra["recall_high"].max()) + 0.03))
plots.finish(ax, title=(f"Your rule: {replay.attrs['caught']} caught, {replay.attrs['false_pages']} false "
                        f"page(s), {replay.attrs['missed']} missed; bill ${replay.attrs['bill']:,.0f}"),
             xlabel="month of 2013", ylabel="share of late flights warned (axis cut)",
             takeaway="a month needs a look when its whole interval sits under the dotted line")
plt.show()

# %%
story.md(
    f"**{int(needs_look[after].sum())}** of the {len(after)} later months warned about fewer late flights than "
    f"any training month, beyond noise ({', '.join(m for m in after if needs_look[m]) or 'none'}). Your rule "
    f"(AUC more than {PAGE_AUC_DROP:g} below {ref_auc:.3f}, or score PSI at least {PAGE_SCORE_PSI:g}) pages "
    f"**{replay.attrs['pages']}** time(s): {replay.attrs['caught']} caught, {replay.attrs['false_pages']} "
    f"false, {replay.attrs['missed']} missed. At ${COST_PAGE:,.0f} a page and ${COST_MISSED_WARNING:,.0f} an "
    f"unwarned late flight (assumptions), its bill is **${replay.attrs['bill']:,.0f}**, against "
    f"${never.attrs['bill']:,.0f} for never paging and ${every_month.attrs['bill']:,.0f} for paging every "
    f"month. The rule is tuned and judged on the same year: the replay shows what it would have done, not "
    f"what it will do next year.")

# %% [markdown]
# ### Exercise 3 · Choose the paging rule

# %%
q3 = nb12.paging_rule(backtest=backtest, cost_page=COST_PAGE)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
grid = [(d, p) for d in (0.0, 0.01, 0.02, 0.03, 0.05, math.inf) for p in (0.05, 0.1, 0.2, math.inf)]
bills = {rule: backtest(*rule).attrs["bill"] for rule in grid}
q3_answer = min(bills, key=bills.get)
print(f"cheapest of {len(grid)} rules tried: {q3_answer}, bill ${bills[q3_answer]:,.0f}")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert q3.check((-1, 0.1)).correct is False
assert q3.check(____).correct is None

# %% [markdown]
# ### Exercise 4 · Set the warning threshold from the costs

# %%
q1_flights = flown[flown["month"] <= TRAIN_MONTHS]
q4 = nb12.warning_threshold(q1_flights=q1_flights, cost_missed=COST_MISSED_WARNING,
                            cost_false=COST_FALSE_WARNING, threshold=SCORE_THRESHOLD)
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
lines = np.round(np.arange(0.05, 0.951, 0.05), 2)
is_late = q1_flights["late"].to_numpy().astype(bool)
costs = {t: (COST_MISSED_WARNING * (is_late & (q1_flights["score"] < t)).sum()
             + COST_FALSE_WARNING * (~is_late & (q1_flights["score"] >= t)).sum()) / len(q1_flights)
         for t in lines}
q4_answer = float(min(costs, key=costs.get))
print(f"cheapest line {q4_answer:g}: ${costs[q4_answer]:.3f} per flight "
      f"(at {SCORE_THRESHOLD:g}: ${costs[SCORE_THRESHOLD]:.3f})")
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(0.95)
assert q4.check(____).correct is None

# %% [markdown]
# ## Your call
#
# The write-up is yours: it quotes your decision and your limitations word for word. Decide from
# the evidence above (the replayed paging rule, the retraining test, who the misses fall on), write
# them in the parameters cell at the top (`MY_DECISION`, `MY_LIMITATIONS`, and your paging lines
# `PAGE_AUC_DROP`, `PAGE_SCORE_PSI`) and re-run, or pass them on the command line:
# `aipm writeup notebooks/12_portfolio_drift_dashboard.ipynb -p MY_DECISION "..." -p PAGE_AUC_DROP 0.03`.
# Left empty, the write-up shows the kit's suggested wording below, marked as a suggestion, and
# `aipm writeup` says which sections still use it. A different call that the numbers support is a
# better portfolio piece than a copy.

# %% [markdown]
# ## 9 · The write-up

# %%
late_low, late_high = monthly["positive_rate"].min(), monthly["positive_rate"].max()
story.record_table([
    ("reference_auc", round(float(ref_auc), 4), "AUC in the training quarter (mean of its months)", "{:.3f}"),
    ("reference_auc_range", f"{q1_auc_low:.3f} to {q1_auc_high:.3f}", "AUC range of the training months"),
    ("months_below_reference", len(below_q1), "Later months whose AUC interval is wholly below that range"),
    ("worst_recall_month", worst_recall_month, "Month with the lowest recall"),
    ("worst_recall", f"{wr['recall']:.1%} ({wr['recall_low']:.1%} to {wr['recall_high']:.1%})",
     "Its recall (95% Wilson)"),
    ("reference_recall_range", f"{q1_recall_low:.1%} to {q1_recall_high:.1%}", "Recall in the training months"),
    ("peak_psi_feature", str(top_feature), "Most drifted feature"),
    ("peak_psi", round(float(psi_table.max().max()), 4), "Its peak PSI", "{:.3f}"),
    ("score_psi_peak", round(float(score_psi.max()), 4), "Peak PSI of the model's score", "{:.3f}"),
    ("ks_flag_share", round(ks_flags / ks_cells, 4), "Share of numeric feature-months KS flags", "{:.0%}"),
    ("psi_alert_cells", n_cells, "Feature-months over the PSI alert line"),
    ("retrain_gain_auc", round(gain, 4), "AUC gained by quarterly retraining (mean of months)", "{:+.3f}"),
    ("late_share_range", f"{late_low:.1%} to {late_high:.1%}", "Monthly late share"),
    ("recall_after_q1", f"{overall_later['recall']:.1%} ({overall_later['low']:.1%} to {overall_later['high']:.1%})",
     "Recall after the training quarter (95% Wilson)"),
    ("carriers_clearly_low", ", ".join(clearly_low) or "none", "Airlines clearly below the overall recall"),
    ("paging_rule", f"AUC drop > {PAGE_AUC_DROP:g} or score PSI >= {PAGE_SCORE_PSI:g}", "Paging rule replayed"),
    ("paging_bill", round(replay.attrs["bill"]), "Its bill over April-December ($)", "${:,.0f}"),
    ("paging_outcomes", f"{replay.attrs['caught']} caught, {replay.attrs['false_pages']} false, "
                        f"{replay.attrs['missed']} missed", "Its pages"),
    ("never_page_bill", round(never.attrs["bill"]), "Bill for never paging ($)", "${:,.0f}"),
])
story.record("writeup_key_numbers", ["reference_auc_range", "months_below_reference", "worst_recall",
                                     "reference_recall_range", "peak_psi_feature", "retrain_gain_auc",
                                     "recall_after_q1", "paging_outcomes", "paging_bill", "never_page_bill"],
             label="Key numbers for the write-up", fmt="{}");

# %%
story.record("writeup_title", "Drift or season? Monitoring a flight-delay model through 2013")
story.record("writeup_business_risk",
             f"In its worst month ({worst_recall_month}) the app warned passengers about only {wr['recall']:.0%} "
             f"of flights that landed over {LATE_MINUTES} minutes late (95% {wr['recall_low']:.0%} to "
             f"{wr['recall_high']:.0%}), against {q1_recall_low:.0%} to {q1_recall_high:.0%} in the months it "
             f"learned from. Meanwhile input alerts on features the model never reads would have paged the "
             f"team in {len(set(m for v in alerts_psi.values() for m in v))} month(s) for drift it cannot feel.")
story.record("writeup_what_i_did",
             "Measured input drift per feature and month (PSI, KS, Jensen-Shannon) against the training "
             "quarter; separated drift the model reads from drift it does not (permutation importance, the "
             "score's own PSI); put 95% intervals on monthly AUC (DeLong) and recall (Wilson) and checked "
             "calibration; tested quarterly retraining; broke recall down by airline and airport; priced "
             "the app's errors and replayed a paging rule on the year.")
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", suggestion=
             f"{decision.capitalize()}, and page on AUC more than {PAGE_AUC_DROP:g} below the training quarter "
             f"or score PSI of at least {PAGE_SCORE_PSI:g}: replayed on April-December it catches "
             f"{replay.attrs['caught']} of {int(needs_look[after].sum())} month(s) that needed a look with "
             f"{replay.attrs['false_pages']} false page(s), a bill of ${replay.attrs['bill']:,.0f} against "
             f"${never.attrs['bill']:,.0f} for never paging. Quarterly retraining moved AUC by {gain:+.3f}, "
             f"within one month's noise.")
story.record("writeup_technical_result",
             f"AUC {q1_auc_low:.3f} to {q1_auc_high:.3f} across the training months; {len(below_q1)} of "
             f"{len(after)} later months fall wholly below that range on their 95% DeLong intervals. Peak "
             f"input PSI {psi_table.max().max():.3f} ({top_feature}, {top_month}); the score's PSI peaked at "
             f"{score_psi.max():.3f} and tracks {lead} (r = {lead_r:.2f}).")
story.record("writeup_business_result",
             f"After the training quarter the app warned about {overall_later['recall']:.0%} of late flights "
             f"(95% {overall_later['low']:.1%} to {overall_later['high']:.1%}). At ${COST_PAGE:,.0f} a page and "
             f"${COST_MISSED_WARNING:,.0f} per unwarned late flight (assumptions), the replayed paging rule "
             f"costs ${replay.attrs['bill']:,.0f} over April-December ({replay.attrs['pages']} page(s)), against "
             f"${never.attrs['bill']:,.0f} for never paging and ${every_month.attrs['bill']:,.0f} for paging "
             f"every month.")
story.record("writeup_latency_cost",
             f"Recomputing the full feature-by-month PSI table from {len(flown):,} rows took "
             f"{table_seconds:.2f} s; a dashboard control change recomputes in at most "
             f"{max(timings) * 1000:.0f} ms. Retraining quarterly costs a pipeline run for {gain:+.3f} AUC.")
story.record("writeup_ethics",
             f"The model ranks flights, not people, but its misses fall on passengers. After the training "
             f"quarter recall was {overall_later['recall']:.0%} overall; {len(clearly_low)} of "
             f"{len(by_carrier)} large airlines sit clearly below it on their 95% intervals "
             f"({', '.join(clearly_low) or 'none'}), so their passengers are warned less often.")
story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS", suggestion=
             "One year from three New York airports: seasonality cannot be told from change without more "
             "years; cancelled flights have no label and are left out; arrivals are known the same day, "
             "so label delay, the usual monitoring problem, is absent here; the error costs are "
             "assumptions, and the paging rule is tuned on the same year it is judged on.");
