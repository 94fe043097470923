# %% [markdown]
# # 12 · Portfolio project: a drift dashboard for flight delays
#
# A model learns in winter to predict which New York flights will land more than 15 minutes
# late. Then spring, summer and the holidays arrive. Its inputs move month by month and its
# quality changes. This project builds the dashboard a monitoring team would open each month and
# uses it to answer two questions: which drift can move the model's score, and which drift comes
# and goes with the season? It ends with a decision: retrain, page, or neither.
#
# **You will be able to**
# - measure input drift per feature and month with PSI, KS, Jensen-Shannon, Wasserstein and
#   chi-square, and say why a p-value is the wrong alarm at this volume;
# - separate drift that can move the score (in the features the model reads) from drift that
#   cannot, check the model against a hand rule, and tell a swing that falls back from one that
#   stays up;
# - run an interactive drift dashboard (ipywidgets; `aipm dashboard` serves it as a web page with
#   Voilà) and share a static export;
# - price the app's errors, replay a weekly paging rule on the year before shipping it, and
#   check whom the misses fall on;
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
# The weekly paging rule replayed on the year in section 8 (your call: change them and re-run)
PAGE_AUC_DROP = 0.02    # page when a week's AUC (upper end of its 95% interval) is this far below the training quarter's
PAGE_SCORE_PSI = 0.1    # ... or when the week's PSI of the model's score reaches this

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
unseen = flown.drop(index=train.index)               # every flight the model was not fitted on
monthly = widgets.performance_by_period(unseen, time_col="date", label_col="late", score_col="score",
                                        threshold=SCORE_THRESHOLD)
REFERENCE = scored.reference
ref_months = [m for m in monthly.index if REFERENCE[0] <= m <= REFERENCE[1]]

# %% [markdown]
# The model was fitted on a sample of the first quarter's flights, so its scores on those very
# flights flatter it. Every performance number below is measured on the flights it was **not**
# fitted on: in the training quarter, the rest of that quarter's flights; after it, every flight.
#
# A month holds about 27,000 flights, so each monthly number is an estimate with noise. Below,
# every month's AUC carries its 95% DeLong interval (`metrics.auc_interval`); the calibration gap
# is the model's mean P(late) minus the share that was actually late, and recall is the share of
# late flights the app warns about.

# %%
from scipy import stats as sps

from aipm_kit import experiments, metrics

by_month = {m: g for m, g in unseen.groupby(drift.period_labels(unseen["date"], "MS"))}
auc_ci = pd.DataFrame({m: (lambda r: {"auc_low": r.low, "auc_high": r.high})(
    metrics.auc_interval(g["late"], g["score"])) for m, g in by_month.items()}).T
warned = {m: int(((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).sum()) for m, g in by_month.items()}
late_n = {m: int(g["late"].sum()) for m, g in by_month.items()}
recall_ci = pd.DataFrame({m: dict(zip(("recall_low", "recall_high"),
                                      metrics.wilson_interval(warned[m], late_n[m]))) for m in by_month}).T
monthly = monthly.join(auc_ci).join(recall_ci)
held_out_q1 = unseen[unseen["month"] <= TRAIN_MONTHS]
ref_auc = metrics.auc_interval(held_out_q1["late"], held_out_q1["score"]).value  # the quarter's held-out AUC
q1_auc_low, q1_auc_high = monthly.loc[ref_months, "auc"].min(), monthly.loc[ref_months, "auc"].max()
q1_recall_low, q1_recall_high = monthly.loc[ref_months, "recall"].min(), monthly.loc[ref_months, "recall"].max()
q1_gap_low, q1_gap_high = (monthly.loc[ref_months, "calibration_gap"].min(),
                           monthly.loc[ref_months, "calibration_gap"].max())

# %% tags=["nbval-check-output"]
print(monthly[["rows", "positive_rate", "mean_score", "calibration_gap", "auc", "auc_low", "auc_high",
               "recall"]].round(3).to_string())

# %%
worst_month = monthly["auc"].idxmin()
after = [m for m in monthly.index if m > REFERENCE[1]]
q1_auc_floor = float(monthly.loc[ref_months, "auc_low"].min())  # lower end of the lowest training month's interval
# interval against interval: a month counts only when its whole interval sits under every training month's
below_q1 = [m for m in after if monthly.loc[m, "auc_high"] < q1_auc_floor]
under_lowest = [m for m in after if monthly.loc[m, "auc"] < q1_auc_low]
# with nothing changed the 12 monthly AUCs are exchangeable: every order of them is equally likely. The later
# months all share the same training minimum, so they are not independent trials; count orders instead: at
# least k later months sit under the lowest training month when all the training months fall among the top 12 - k
n_ref, n_after, k_under = len(ref_months), len(after), len(under_lowest)
p_under = math.comb(n_ref + n_after - k_under, n_ref) / math.comb(n_ref + n_after, n_ref)
fig, ax = plots.figure(figsize=(9, 4.2))
x = np.arange(len(monthly))
ax.axhspan(q1_auc_low, q1_auc_high, color=plots.NEUTRAL, alpha=0.15,
           label=f"training-quarter months ({q1_auc_low:.3f}-{q1_auc_high:.3f})")
ax.errorbar(x, monthly["auc"], yerr=[monthly["auc"] - monthly["auc_low"], monthly["auc_high"] - monthly["auc"]],
            fmt="o", color=plots.NEUTRAL, capsize=3, label="monthly AUC, 95% DeLong interval")
ax.axhline(q1_auc_floor, color="grey", ls="--", lw=1,
           label=f"lowest training month's lower end ({q1_auc_floor:.3f})")
if below_q1:
    hit = [list(monthly.index).index(m) for m in below_q1]
    ax.scatter(x[hit], monthly["auc"].iloc[hit], s=90, facecolors="none", edgecolors=plots.BAD, zorder=3,
               label="interval wholly below every training month's interval")
ax.set_xticks(x)
ax.set_xticklabels([m[5:] for m in monthly.index])
ax.set_ylim(0.85, max(0.94, float(monthly["auc_high"].max()) + 0.005))
plots.finish(ax, title=(f"{len(below_q1)} of {len(after)} later months have their whole interval below every "
                        f"training month's interval"),
             xlabel="month of 2013", ylabel="AUC (0.5 = chance; axis cut at 0.85)",
             takeaway=f"the training quarter's own months already differ by {q1_auc_high - q1_auc_low:.3f}")
ax.legend(frameon=False, loc="lower left", fontsize=8)
plt.show()

# %%
gap_order = monthly["calibration_gap"].abs().sort_values(ascending=False).index
gap_a, gap_b = sorted(gap_order[:2])
fig, ax = plots.figure(figsize=(9, 4.2))
ax.plot(x, monthly["positive_rate"], marker="o", color=plots.BAD, label="late share (actual)")
ax.plot(x, monthly["mean_score"], marker="s", ls="--", color=plots.NEUTRAL, label="mean P(late) (model)")
ax.set_xticks(x)
ax.set_xticklabels([m[5:] for m in monthly.index])
ax.set_ylim(0, None)
plots.finish(ax, title=(f"Predicted and actual late share part most in {gap_a} "
                        f"({monthly.loc[gap_a, 'calibration_gap'] * 100:+.1f} points) and {gap_b} "
                        f"({monthly.loc[gap_b, 'calibration_gap'] * 100:+.1f})"),
             xlabel="month of 2013", ylabel="share of flights (0-1)",
             takeaway="the model follows the season through the departure delay it reads")
ax.legend(frameon=False, loc="lower left", fontsize=8)
plt.show()

# %%
worst_recall_month = monthly["recall"].idxmin()
wr = monthly.loc[worst_recall_month]
under_word = ("more than chance readily gives" if p_under < 0.05 else
              "not rare enough to rule out chance on its own")
story.md(
    f"The training quarter's own months span AUC **{q1_auc_low:.3f} to {q1_auc_high:.3f}**, a spread of "
    f"{q1_auc_high - q1_auc_low:.3f}. Compared interval with interval, in **{len(below_q1)}** of the "
    f"{len(after)} later months ({', '.join(below_q1) or 'none'}) the whole 95% DeLong interval lies below the "
    f"lower end of every training month's interval ({q1_auc_floor:.3f}); the other later months overlap at "
    f"least one training month.\n\n"
    f"The training months themselves really differ: the intervals of {ref_months[0]} and {ref_months[-1]} do "
    f"not overlap ({monthly.loc[ref_months[0], 'auc_low']:.3f} to "
    f"{monthly.loc[ref_months[0], 'auc_high']:.3f} against {monthly.loc[ref_months[-1], 'auc_low']:.3f} to "
    f"{monthly.loc[ref_months[-1], 'auc_high']:.3f}), so a month's AUC moves by more than its sampling noise "
    f"even without drift. That is why a month is compared with the range of the training months rather than "
    f"with one of them. (DeLong and Wilson intervals also treat a month's flights as independent; flights on "
    f"one day share the weather, so they may be somewhat too narrow.) And that range is itself a small "
    f"sample. **{k_under} of {n_after}** later months have a point AUC under the lowest training month. If "
    f"nothing had changed, all {n_ref + n_after} months would be exchangeable; the later months share one "
    f"training minimum, so they are not independent coin flips, and counting the equally likely orders "
    f"gives P({k_under} or more of {n_after} under the lowest of {n_ref}) = **{p_under:.3f}** (exact, "
    f"by counting ranks): {under_word}.\n\n"
    f"The app's recall was **{q1_recall_low:.0%} to {q1_recall_high:.0%}** in the training months; at its "
    f"lowest, in {worst_recall_month}, it was **{wr['recall']:.0%}**. How sure is that number? The exercise "
    f"asks you to compute its interval.")

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

# %%
story.md(
    f"In {worst_recall_month} the app warned about **{wr['recall']:.1%}** of late flights (95% Wilson "
    f"{wr['recall_low']:.1%} to {wr['recall_high']:.1%}, too narrow for the same reason as above): it missed "
    f"{1 - wr['recall']:.0%} of late flights against {1 - q1_recall_high:.0%} to {1 - q1_recall_low:.0%} in the "
    f"training months.")

# %% [markdown]
# ### A trivial baseline
#
# Is the model worth running at all? The obvious hand rule needs no model: warn when the flight
# pushed back more than `LATE_MINUTES` minutes late. Beside it, the model set to warn as often as
# that rule, and the two rules that need nothing: never warn, always warn. All five are judged on
# the same April-December flights, with recall
# (95% Wilson) and the cost of their errors per flight at the assumed costs.

# %%
later = flown[flown["month"] > TRAIN_MONTHS]
late_later = later["late"].to_numpy().astype(bool)
hand_share_q1 = float((held_out_q1["dep_delay"] > LATE_MINUTES).mean())
# like with like: the model's line set (on the training quarter's held-out flights) to warn as often as the rule
same_volume_line = float(held_out_q1["score"].quantile(1 - hand_share_q1))
rules = {f"model, P(late) >= {SCORE_THRESHOLD:g}": (later["score"] >= SCORE_THRESHOLD).to_numpy(),
         f"departure delay over {LATE_MINUTES} min": (later["dep_delay"] > LATE_MINUTES).to_numpy(),
         f"model at the rule's volume (>= {same_volume_line:.2f})": (later["score"] >= same_volume_line).to_numpy(),
         "never warn": np.zeros(len(later), dtype=bool),
         "always warn": np.ones(len(later), dtype=bool)}


def error_cost(warn):
    """Dollars of each flight's error at the assumed costs: a missed late flight or a false warning."""
    return np.where(late_later & ~warn, COST_MISSED_WARNING, 0.0) + np.where(~late_later & warn, COST_FALSE_WARNING, 0.0)


baseline = pd.DataFrame({name: {
    "recall": (warn & late_later).sum() / late_later.sum(),
    "recall_low": metrics.wilson_interval(int((warn & late_later).sum()), int(late_later.sum()))[0],
    "recall_high": metrics.wilson_interval(int((warn & late_later).sum()), int(late_later.sum()))[1],
    "warned_share": warn.mean(),
    "cost_per_flight": error_cost(warn).mean()}
    for name, warn in rules.items()}).T
model_rule, hand_rule, volume_rule = list(rules)[:3]
recall_gain = experiments.paired_proportion_difference(rules[model_rule][late_later], rules[hand_rule][late_later])
volume_gain = experiments.paired_proportion_difference(rules[volume_rule][late_later], rules[hand_rule][late_later])
# the cost gap per flight, day by day: flights of one day share the weather, so the day is the unit
day = later["date"].dt.normalize().to_numpy()
daily_gap = pd.Series(error_cost(rules[model_rule]) - error_cost(rules[hand_rule])).groupby(day).mean()
cost_gap = float(daily_gap.mean())
cost_gap_low, cost_gap_high = (cost_gap + tq * daily_gap.std(ddof=1) / np.sqrt(len(daily_gap))
                               for tq in sps.t.ppf([0.025, 0.975], len(daily_gap) - 1))


def versus(low, high, above, below, level="not distinguishable from"):
    """A verdict word from an interval: wholly above zero, wholly below, or straddling it."""
    return above if low > 0 else below if high < 0 else level


recall_word = versus(recall_gain.low, recall_gain.high, "more", "fewer", "about as many")
volume_word = versus(volume_gain.low, volume_gain.high, "more", "fewer", "about as many")
cost_word = versus(cost_gap_low, cost_gap_high, "dearer", "cheaper", "about as dear")

# %% tags=["nbval-check-output"]
print(baseline.round(3).to_string())

# %%
cheapest_trivial = baseline.loc[["never warn", "always warn"], "cost_per_flight"].idxmin()
story.md(
    f"Over April-December the model at P(late) >= {SCORE_THRESHOLD:g} warned about "
    f"**{baseline.loc[model_rule, 'recall']:.1%}** of late flights and the hand rule about "
    f"**{baseline.loc[hand_rule, 'recall']:.1%}**: the model caught **{recall_word}** late flights than the rule "
    f"(**{recall_gain.difference * 100:+.1f} points**, 95% Newcombe interval for paired proportions "
    f"{recall_gain.low * 100:+.1f} to {recall_gain.high * 100:+.1f}, a little too narrow because flights of one "
    f"day are not independent). It also warns less often ({baseline.loc[model_rule, 'warned_share']:.1%} of "
    f"flights against {baseline.loc[hand_rule, 'warned_share']:.1%}). Like with like, set to warn as often as "
    f"the rule (line {same_volume_line:.2f}, chosen on the training quarter), the model catches "
    f"**{volume_word}** late flights ({volume_gain.difference * 100:+.2f} points, 95% Newcombe "
    f"{volume_gain.low * 100:+.2f} to {volume_gain.high * 100:+.2f}).\n\n"
    f"In money, at the assumed costs, the model's errors at {SCORE_THRESHOLD:g} cost "
    f"**${baseline.loc[model_rule, 'cost_per_flight']:.2f}** a flight against "
    f"${baseline.loc[hand_rule, 'cost_per_flight']:.2f} for the hand rule and "
    f"${baseline.loc[cheapest_trivial, 'cost_per_flight']:.2f} for the cheaper trivial rule "
    f"({cheapest_trivial}): the model is **{cost_word}** than the hand rule, by {cost_gap:+.2f} dollars a flight "
    f"(95% t-interval over {len(daily_gap)} days {cost_gap_low:+.2f} to {cost_gap_high:+.2f}). The departure "
    f"delay carries most of what the model knows; the model's worth is its margin over that rule, which "
    f"depends on where its warning line sits (exercise 4 returns to it).")

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
alerts_psi = {f: [m for m in v if m in after] for f, v in psi_table.attrs["drifted"].items() if f in MONITORED}
later_cells = psi_table[after].size
n_cells = int((psi_table[after] >= ALERT_PSI).sum().sum())
top_feature, top_month = psi_table.stack().idxmax()
n_all = int((psi_table >= ALERT_PSI).sum().sum())  # the dashboard's count below: every month, reference included
where_word = ("all after the training quarter" if n_all == n_cells else
              f"{n_cells} after the training quarter")
ax = plots.drift_heatmap(psi_table, title=(
    f"{n_all} of {psi_table.size} feature-months cross PSI {ALERT_PSI:g}, {where_word}; "
    f"the peak is {psi_table.max().max():.3f} in {top_month}"),
    takeaway="outlined cells cross the alert line; the numbers under each month are its flights")
ax.axvline(len(ref_months) - 0.5, color="black", lw=2.5)
ticks = [t.get_text() for t in ax.get_xticklabels()]
ax.set_xticks(ax.get_xticks())
ax.set_xticklabels([t + ("\nreference" if i < len(ref_months) else "") for i, t in enumerate(ticks)])
on_inputs = sum(len(alerts_psi.get(f, [])) for f in FEATURES)
story.record_figure("writeup_figure_heatmap", ax.figure, caption=(
    f"PSI of each monitored feature, month by month, against the training quarter (the first "
    f"{len(ref_months)} columns, left of the thick line, are that quarter's own months): {n_cells} of the "
    f"{later_cells} later feature-months cross the alert line of {ALERT_PSI:g}, {on_inputs} of them on "
    f"features the model reads."))
plt.close(ax.figure)  # record_figure has shown it once

# %%
ks_later = ks_pvalues[after]
ks_flags = int((ks_later < 0.05).sum().sum())
ks_cells = int(ks_later.notna().sum().sum())
psi_same = psi_table.loc[ks_later.index, after].where(ks_later.notna())  # PSI on exactly the cells KS tested
psi_same_flags = int((psi_same >= ALERT_PSI).sum().sum())
story.md(
    f"**The p-value trap.** The KS test calls **{ks_flags} of {ks_cells}** later numeric feature-months "
    f"'significantly' different from the training quarter (p < 0.05); on the same {ks_cells} cells PSI puts "
    f"**{psi_same_flags}** over its alert line of {ALERT_PSI:g}. Two things shrink the p-values and inflate "
    f"false alarms: with about {int(local.median()):,} flights a month a test sees differences too small to "
    f"matter, and flights of one day are not independent (they share the weather), which the test assumes. "
    f"Alert on a distance with a "
    f"threshold (PSI, Jensen-Shannon, Wasserstein in standard deviations) and keep p-values for small "
    f"samples of independent cases.")

# %% [markdown]
# ### Exercise 2 · Drift that cannot move the score

# %%
q2 = nb12.harmless_drift(psi_table=psi_table, model_features=FEATURES)
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = psi_table.drop(index=FEATURES).max(axis=1).idxmax()
print(f"the model reads {FEATURES}; of the rest, {q2_answer} has the highest peak PSI")
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check("dep_delay")
assert q2.check(____).correct is None

# %% [markdown]
# ## 4 · Drift that can move the score, and drift that cannot
#
# Input drift can only change the model's predictions through the features it reads. A feature
# the model does not read cannot move its score, though it may still be linked to lateness (the
# model just does not use that link). Two pieces of evidence separate the kinds:
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
ax.scatter(reliance["peak_psi"], reliance["auc_drop_if_shuffled"], s=70, c=colors, zorder=3)
top_y = float(reliance["auc_drop_if_shuffled"].max())
# points near the floor crowd together: their labels go up a ladder, each with a line to its point
floor = reliance[reliance["auc_drop_if_shuffled"] < 0.1 * top_y].sort_values("peak_psi")
for rung, (name, r) in enumerate(floor.iterrows()):
    ax.annotate(name, (r["peak_psi"], r["auc_drop_if_shuffled"]),
                xytext=(r["peak_psi"], top_y * (0.14 + 0.12 * rung)), fontsize=9, ha="center",
                arrowprops=dict(arrowstyle="-", color="grey", lw=0.6))
for name, r in reliance.drop(index=floor.index).iterrows():
    ax.annotate(name, (r["peak_psi"], r["auc_drop_if_shuffled"]), textcoords="offset points",
                xytext=(-8, 0), ha="right", va="center", fontsize=9)
ax.set_ylim(min(0.0, float(reliance["auc_drop_if_shuffled"].min())) - 0.01 * top_y, top_y * 1.1)
ax.set_xlim(0, max(float(reliance["peak_psi"].max()), ALERT_PSI) * 1.15)
ax.axvline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
unused_top = reliance[~reliance["model_input"]].index[0]
top_reads = "feeds the model" if reliance.iloc[0]["model_input"] else "is not read by the model"
plots.finish(ax, title=f"The most drifted feature, {reliance.index[0]}, {top_reads}",
             xlabel="peak monthly PSI against Q1 (unitless)",
             ylabel="AUC lost when shuffled (AUC points)",
             takeaway="orange: model inputs; blue: watched only. Drift can only move the score up and to "
                      "the right")
plt.show()

# %%
alert_cells = [(f, m) for f, v in alerts_psi.items() for m in v]
alerts_on_inputs = [(f, m) for f, m in alert_cells if f in FEATURES]
score_alert_months = [m for m in after if psi_all.loc["score", m] >= ALERT_PSI]
unread_alert_features = sorted({f for f, _ in alert_cells if f not in FEATURES})
alerts_unread = "all" if alert_cells and not alerts_on_inputs else f"{len(alert_cells) - len(alerts_on_inputs)}"
inputs_ever_alert = int((psi_table.loc[FEATURES, after] >= ALERT_PSI).sum().sum())
input_alert_features = sorted({f for f, _ in alerts_on_inputs})
alert_months_all = sorted({m for _, m in alert_cells})
# one sentence on where the alerts fell, for the text below and the write-up: computed, never assumed
alert_scope = (
    "No monitored feature crossed the PSI alert line after the training quarter" if not alert_cells else
    f"All {len(alert_cells)} PSI alerts after the training quarter (in {len(alert_months_all)} of {len(after)} "
    f"months) were on features the model does not read ({', '.join(unread_alert_features)})" if not alerts_on_inputs
    else f"{len(alerts_on_inputs)} of the {len(alert_cells)} PSI alerts after the training quarter were on model "
    f"inputs ({', '.join(input_alert_features)})")
off_calibration = [m for m in after if not q1_gap_low <= monthly.loc[m, "calibration_gap"] <= q1_gap_high]
off_and_low = [m for m in off_calibration if m in below_q1]
# with nothing changed, a new month is as likely to take any rank among the training months and itself: it falls
# outside their range (lowest or highest of the n + 1) with probability 2 / (n + 1)
outside_chance = 2 / (len(ref_months) + 1)
expected_outside = outside_chance * len(after)
se_late = float(np.sqrt((monthly["positive_rate"] * (1 - monthly["positive_rate"]) / monthly["rows"]).max()))
calibration_reading = (
    "consistent with no change in the link between the inputs and lateness" if len(off_calibration) <= expected_outside
    else "more than chance alone would give: worth a look, not a proof")
worst_gap_month = monthly.loc[after, "calibration_gap"].abs().idxmax()
story.md(
    f"The score's own PSI follows **{lead}** most closely (correlation **{lead_r:.2f}** over the 12 "
    f"months): that is the drift that moves the score. Of the **{len(alert_cells)}** later feature-months "
    f"over the PSI alert line, **{alerts_unread}** fell on features the model does not read "
    f"({', '.join(unread_alert_features) or 'none'}). Their drift cannot move the score directly, but that "
    f"does not make it harmless: the minutes in the air are part of the arrival delay, and a change in "
    f"routes or in time aloft can change how lateness follows from what the model reads (concept drift), "
    f"which the score cannot show. Model inputs crossed the line in **{inputs_ever_alert}** later "
    f"feature-months and the score's own PSI in {len(score_alert_months)}.\n\n"
    f"A lower AUC alone does not show that the relationship between inputs and lateness changed: AUC also "
    f"moves when the mix of flights changes. The training months' calibration gap ran from "
    f"{q1_gap_low * 100:+.1f} to {q1_gap_high * 100:+.1f} points (a month's late share carries a 95% "
    f"normal-approximation margin of about ±{1.96 * se_late * 100:.1f} points); **{len(off_calibration)} of "
    f"{len(after)}** later months fell outside that range ({', '.join(off_calibration) or 'none'}). With only "
    f"{len(ref_months)} training months, a month drawn from the same conditions falls outside their range "
    f"with probability {outside_chance:.2f}, so about {expected_outside:.1f} of {len(after)} are expected by "
    f"chance: {calibration_reading}. The widest gap, {monthly.loc[worst_gap_month, 'calibration_gap'] * 100:+.1f} "
    f"points, was in {worst_gap_month}.")

# %% [markdown]
# ### Who the misses fall on
#
# One overall recall can hide a carrier or an airport whose passengers are warned far less often.
# Below: recall after the training quarter by departure airport, and by airline (those with at
# least 200 late flights, so each interval is informative), each airline compared with **the rest**
# of the airlines (not with an overall that includes it), with 95% Wilson intervals. Beside it, the
# same airline's recall in the training quarter (held-out flights): a gap that was there from the
# start is not drift.

# %%
def recall_vs_rest(frame):
    """Recall of each large airline and of all the other flights together, with 95% Wilson intervals."""
    is_late = frame["late"].to_numpy().astype(bool)
    warn = (frame["score"] >= SCORE_THRESHOLD).to_numpy()
    rows = {}
    for c in big_carriers:
        mine = (frame["carrier"] == c).to_numpy()
        k, n = int((warn & is_late & mine).sum()), int((is_late & mine).sum())
        k_r, n_r = int((warn & is_late & ~mine).sum()), int((is_late & ~mine).sum())
        lo, hi = metrics.wilson_interval(k, n)
        lo_r, hi_r = metrics.wilson_interval(k_r, n_r)
        rows[c] = dict(positives=n, recall=k / n, low=lo, high=hi, rest=k_r / n_r, rest_low=lo_r, rest_high=hi_r)
    out = pd.DataFrame(rows).T
    out["clearly_low"] = out["high"] < out["rest_low"]
    out["clearly_high"] = out["low"] > out["rest_high"]
    return out


warned_later = (later["score"] >= SCORE_THRESHOLD).to_numpy()
big_carriers = later.groupby("carrier")["late"].sum().loc[lambda n: n >= 200].index
by_carrier = recall_vs_rest(later)
by_carrier_q1 = recall_vs_rest(held_out_q1)
by_origin = metrics.recall_by_segment(later["late"], warned_later, later["origin"])
overall_later = by_origin.loc["overall"]
clearly_low = by_carrier.index[by_carrier["clearly_low"].astype(bool)].tolist()
clearly_high = by_carrier.index[by_carrier["clearly_high"].astype(bool)].tolist()
gap_from_start = [c for c in clearly_low if bool(by_carrier_q1.loc[c, "clearly_low"])]
# did an airline's recall change? later minus training quarter, two independent samples of late flights:
# Newcombe's hybrid interval built from the two 95% Wilson intervals
carrier_change = pd.DataFrame({
    "change": (by_carrier["recall"] - by_carrier_q1["recall"]).astype(float),
    "low": (by_carrier["recall"] - by_carrier_q1["recall"]
            - np.sqrt((by_carrier["recall"] - by_carrier["low"]) ** 2
                      + (by_carrier_q1["high"] - by_carrier_q1["recall"]) ** 2)).astype(float),
    "high": (by_carrier["recall"] - by_carrier_q1["recall"]
             + np.sqrt((by_carrier["high"] - by_carrier["recall"]) ** 2
                       + (by_carrier_q1["recall"] - by_carrier_q1["low"]) ** 2)).astype(float)})
fell = carrier_change.index[carrier_change["high"] < 0].tolist()
rose = carrier_change.index[carrier_change["low"] > 0].tolist()
low_and_fell = [c for c in clearly_low if c in fell]

# %% tags=["nbval-check-output"]
print(by_origin[["positives", "caught", "recall", "low", "high"]].round(3).to_string())
print(pd.DataFrame({"q1_recall": by_carrier_q1["recall"], "recall": by_carrier["recall"],
                    "change": carrier_change["change"], "change_low": carrier_change["low"],
                    "change_high": carrier_change["high"], "rest": by_carrier["rest"],
                    "clearly_low": by_carrier["clearly_low"], "low_in_q1_too": by_carrier_q1["clearly_low"]}
                   ).astype({"q1_recall": float, "recall": float, "rest": float}).round(3).to_string())

# %%
fig, ax = plots.figure(figsize=(9.5, 4.8))
order = by_carrier.sort_values("recall")
y = np.arange(len(order))
q1o = by_carrier_q1.loc[order.index]
ax.errorbar(q1o["recall"].astype(float), y + 0.22, xerr=[(q1o["recall"] - q1o["low"]).astype(float),
                                                         (q1o["high"] - q1o["recall"]).astype(float)],
            fmt="s", ms=4, color="grey", capsize=2, label="training quarter, held-out (95% Wilson)")
ax.errorbar(order["recall"].astype(float), y - 0.1, xerr=[(order["recall"] - order["low"]).astype(float),
                                                          (order["high"] - order["recall"]).astype(float)],
            fmt="o", color=plots.NEUTRAL, capsize=3, label="April-December (95% Wilson)")
ax.scatter(order["rest"].astype(float), y - 0.1, marker="|", s=200, color=plots.BAD,
           label="the other airlines, April-December")
ax.set_yticks(y)
ax.set_yticklabels([f"{c} ({int(order.loc[c, 'positives']):,} late)" for c in order.index])
ax.set_xlim(0.4, 0.9)
carriers_word = "airline" if len(clearly_low) == 1 else "airlines"
plots.finish(ax, title=(f"{len(clearly_low)} {carriers_word} clearly below the rest; {len(gap_from_start)} already "
                        f"were in the training quarter"),
             xlabel="share of late flights the app warned about (0-1; axis cut at 0.4-0.9)",
             ylabel="airline (late flights, Apr-Dec)",
             takeaway="an interval wholly left of the orange tick: those passengers are warned less often")
ax.legend(frameon=False, fontsize=8, loc="upper left")
plt.show()

# %%
worst_carrier = order.index[0]
story.md(
    f"After the training quarter the app would have warned about **{overall_later['recall']:.0%}** of late "
    f"flights (95% Wilson {overall_later['low']:.1%} to {overall_later['high']:.1%}). "
    f"{len(clearly_low)} of {len(by_carrier)} large airlines sit clearly below the other airlines "
    f"({', '.join(clearly_low) or 'none'}); the lowest, **{worst_carrier}**, at "
    f"{order.loc[worst_carrier, 'recall']:.0%} ({order.loc[worst_carrier, 'low']:.0%} to "
    f"{order.loc[worst_carrier, 'high']:.0%}). Of those, **{len(gap_from_start)}** "
    f"({', '.join(gap_from_start) or 'none'}) were already clearly below the rest in the training quarter: a "
    f"gap from the start, not drift. Did any airline's recall change? Later minus training-quarter recall, "
    f"with a 95% Newcombe interval for two independent proportions: it clearly fell for "
    f"**{len(fell)}** ({', '.join(fell) or 'none'}) and clearly rose for {len(rose)} "
    f"({', '.join(rose) or 'none'}); among the airlines clearly below the rest, {len(low_and_fell)} "
    f"({', '.join(low_and_fell) or 'none'}) also fell. By "
    f"airport the recall runs from {by_origin.drop(index='overall')['recall'].min():.0%} to "
    f"{by_origin.drop(index='overall')['recall'].max():.0%}.")

# %% [markdown]
# ## 5 · Seasonality or change?
#
# One year of data cannot prove a pattern repeats (the datasheet says so). But it can show which
# drift *comes and goes* within 2013. For each feature: the first month at half its peak PSI or
# more, then the months after it at 40% of the peak or less ("low"). A feature **fell back** when
# two or more low months come in a row; it **came and went** when it had low months but went up
# again before two in a row; it **stayed up** when no month after the first high one was low. The
# rule looks at every month after the first high one, so it does not depend on where the peak
# falls (a peak in December, the last month, cannot make a swing look lasting). The labels describe
# 2013 only; they are a pattern in one year, not proof of a season.

# %%
LOW_RUN = 2  # consecutive low months that count as "fell back"
peak = psi_table.max(axis=1)
first_high = psi_table.ge(peak / 2, axis=0).idxmax(axis=1)  # first month at half the peak or more


def low_months(f):
    """How many months after the first high month have PSI at most 40% of the peak."""
    return int((psi_table.loc[f, psi_table.columns > first_high[f]] <= 0.4 * peak[f]).sum())


def longest_low_run(f):
    """The longest run of consecutive months after the first high month with PSI at most 40% of the peak."""
    run = best = 0
    for v in psi_table.loc[f, psi_table.columns > first_high[f]]:
        run = run + 1 if v <= 0.4 * peak[f] else 0
        best = max(best, run)
    return best


season = pd.DataFrame({"first_high": first_high, "peak_month": psi_table.idxmax(axis=1), "peak_psi": peak,
                       "low_months": [low_months(f) for f in psi_table.index],
                       "low_months_in_a_row": [longest_low_run(f) for f in psi_table.index],
                       "december_psi": psi_table.iloc[:, -1]})
season["pattern_in_2013"] = np.select(
    [season["peak_psi"] < ALERT_PSI / 2, season["low_months_in_a_row"] >= LOW_RUN, season["low_months"] > 0],
    ["stable", "rose and fell back", "came and went"], "rose and stayed up")

# %% tags=["nbval-check-output"]
print(season.round(3).to_string())

# %%
fig, ax = plots.figure(figsize=(9.5, 4.2))
months_idx = np.arange(len(psi_table.columns))
shown = season.sort_values("peak_psi", ascending=False).index[:4]
for f, color in zip(shown, plots.PALETTE):
    ax.plot(months_idx, psi_table.loc[f], marker="o", color=color,
            label=f"{f} ({season.loc[f, 'pattern_in_2013']})")
    if season.loc[f, "pattern_in_2013"] != "stable":  # the "low" line its label was read against
        ax.axhline(0.4 * peak[f], color=color, ls="--", lw=0.8, alpha=0.7)
ax.axhline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
ax.set_xticks(months_idx)
ax.set_xticklabels([m[5:] for m in psi_table.columns])
ax.set_ylim(0, max(float(psi_table.loc[shown].max().max()), ALERT_PSI) * 1.1)
returning = [f for f in shown if season.loc[f, "pattern_in_2013"] == "rose and fell back"]
swinging = [f for f in shown if season.loc[f, "pattern_in_2013"] == "came and went"]
lasting = [f for f in shown if season.loc[f, "pattern_in_2013"] == "rose and stayed up"]
plots.finish(ax, title=(f"In 2013, fell back: {', '.join(returning) or 'none'}; came and went: "
                        f"{', '.join(swinging) or 'none'}; stayed up: {', '.join(lasting) or 'none'}"),
             xlabel="month of 2013", ylabel="PSI against Q1 (unitless)",
             takeaway=f"dashed: each feature's low line (40% of its peak); a fall must last {LOW_RUN}+ months "
                      "to count, and is still a pattern, not proof")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
# they do not follow the controls. One difference from section 2: the dashboard's performance view
# scores every landed flight, the training sample included, so its first-quarter AUCs differ a
# little from the held-out ones above.

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

# %%
export = dash.export_html(Path(tempfile.gettempdir()) / "aipm_12_drift_view.html")
story.md(f"The static HTML export of this view is `{export.name}` ({export.stat().st_size // 1024:,} kB, "
         "in the temporary folder); the live dashboard's **Export HTML** button offers the same page "
         "as a download.")

# %% [markdown]
# ## 7 · Retrain on a calendar?
#
# The obvious response to drift is to retrain on fresher data. Test it before paying for it: fit
# the same model on each quarter just finished (the second, then the third), score the next
# quarter with it, and compare with the first-quarter model that was never retrained, month by
# month on the same flights. That gives six months, July to December, where retraining really
# happened. The month is the unit: the gain is decided on a 95% t-interval of the six monthly
# paired AUC differences, since flights within a month are not independent.

# %%
retrained = pd.Series(index=monthly.index, dtype=float)
retrained_low, retrained_high = retrained.copy(), retrained.copy()
for q in range(2, 4):  # fit on Q2 to score Q3, on Q3 to score Q4
    pool = flown[flown["month"].between(3 * q - 2, 3 * q)]
    sample = pool.sample(n=min(TRAIN_ROWS, len(pool)), random_state=SEED + q)
    m = models.fit_tabular_classifier(sample[FEATURES], sample["late"], kind="logistic", seed=SEED)
    nxt = flown[flown["month"].between(3 * q + 1, 3 * q + 3)]
    rescored = nxt.assign(score=m.predict_proba(nxt[FEATURES])[:, 1])
    for month, g in rescored.groupby(drift.period_labels(rescored["date"], "MS")):
        r = metrics.auc_interval(g["late"], g["score"])
        retrained[month], retrained_low[month], retrained_high[month] = r.value, r.low, r.high
retrain_months = retrained.dropna().index.tolist()
paired_gain = retrained[retrain_months] - monthly.loc[retrain_months, "auc"]
gain = float(paired_gain.mean())
gain_se = float(paired_gain.std(ddof=1) / np.sqrt(len(paired_gain)))
gain_low, gain_high = (gain + tq * gain_se for tq in sps.t.ppf([0.025, 0.975], len(paired_gain) - 1))
retrain_verdict = ("a gain" if gain_low > 0 else "a loss" if gain_high < 0 else "not distinguishable from no gain")

# %% tags=["nbval-check-output"]
print(pd.DataFrame({"q1_model_auc": monthly.loc[retrain_months, "auc"], "retrained_auc": retrained[retrain_months],
                    "gain": paired_gain}).round(3).to_string())
print(f"mean gain {gain:+.4f}, 95% t-interval ({len(paired_gain)} months) {gain_low:+.4f} to {gain_high:+.4f}")

# %%
fig, ax = plots.figure(figsize=(10, 4.6))
x = np.arange(len(monthly))
ax.errorbar(x, monthly["auc"], yerr=[monthly["auc"] - monthly["auc_low"], monthly["auc_high"] - monthly["auc"]],
            fmt="o-", color=plots.NEUTRAL, capsize=3, label="Q1 model, never retrained (95% DeLong)")
rx = np.array([list(monthly.index).index(m) for m in retrain_months])
ax.errorbar(rx + 0.15, retrained[retrain_months],
            yerr=[retrained[retrain_months] - retrained_low[retrain_months],
                  retrained_high[retrain_months] - retrained[retrain_months]],
            fmt="s--", color=plots.GOOD, capsize=3, label="retrained on the quarter before (95% DeLong)")
ax.set_xticks(x)
ax.set_xticklabels([m[5:] for m in monthly.index])
ax.set_ylim(0.85, max(0.94, float(np.nanmax(retrained_high)) + 0.005, float(monthly["auc_high"].max()) + 0.005))
plots.finish(ax, title=(f"Retraining: {gain:+.3f} AUC a month "
                        f"(95% t over {len(paired_gain)} months: {gain_low:+.3f} to {gain_high:+.3f})"),
             xlabel="month of 2013", ylabel="AUC (0.5 = chance; axis cut at 0.85)",
             takeaway=f"the retrained models' gain is {retrain_verdict}")
ax.legend(frameon=False, loc="lower left", fontsize=8)
story.record_figure("before_after", fig, caption=(
    f"Monthly AUC of the first-quarter model (all months) against models retrained on the quarter before "
    f"(July-December), each with its 95% DeLong interval: {gain:+.3f} AUC on average over "
    f"{len(paired_gain)} months (95% t-interval {gain_low:+.3f} to {gain_high:+.3f})."))
plt.close(fig)

# %%
retrain_decision = {"a gain": "retrain every quarter", "a loss": "do not retrain on a calendar",
                    "not distinguishable from no gain": "do not retrain on a calendar"}[retrain_verdict]
decision = retrain_decision
bound_text = {"a gain": f"at least {gain_low:+.3f} AUC a month", "a loss": f"at best {gain_high:+.3f} AUC",
              "not distinguishable from no gain": f"at most {gain_high:+.3f} AUC a month"}[retrain_verdict]
story.md(
    f"**Retraining: {decision}.** Over the {len(paired_gain)} months where a retrained model existed, it "
    f"changed monthly AUC by **{gain:+.3f}** on average (95% t-interval over months {gain_low:+.3f} to "
    f"{gain_high:+.3f}): {retrain_verdict}, {bound_text}. What remains is when to *look*: the paging rule.")

# %% [markdown]
# ## 8 · Your call: the paging rule, replayed week by week
#
# A page sends people to investigate; not paging lets a bad week run. Price both with the
# assumptions in the parameters cell (`COST_MISSED_WARNING`, `COST_PAGE`), then replay a rule week
# by week as the team would have lived it. Arrivals are known the same day, so a week's labels are
# in when it closes; a page at the end of week *w* sends someone to look, which can only help from
# week *w + 1* on.
#
# - a week **needs a look** when the upper end of its recall's 95% Wilson interval is below the
#   lowest recall of the training quarter's weeks (flights the model was not fitted on);
# - its **extra cost** is the late flights it failed to warn about on top of that lowest training
#   week's rate, at `COST_MISSED_WARNING` each;
# - the rule **pages** at the end of a week when the upper end of the week's 95% DeLong AUC interval
#   is more than `PAGE_AUC_DROP` below the training quarter's AUC, or the weekly PSI of the model's
#   score (against the training quarter's weeks) reaches `PAGE_SCORE_PSI`.
#
# A page followed by a week that needs a look is **useful**; a page followed by a week that does
# not is **false**; a week that needs a look with no page the week before is **missed**. The bill
# is the pages plus the extra cost of the missed weeks. It assumes, optimistically, that a page
# avoids the whole extra cost of the week after it; a look that finds nothing to fix would save
# less.

# %%
week_of = drift.period_labels(unseen["date"], "W-MON")  # weeks run Tuesday to Monday; 1 January 2013 was a Tuesday
weekly = widgets.performance_by_period(unseen, time_col="date", label_col="late", score_col="score",
                                       freq="W-MON", threshold=SCORE_THRESHOLD)
partial_weeks = weekly.index[weekly["rows"] < weekly["rows"].median() / 2].tolist()
weekly = weekly.drop(index=partial_weeks)
by_week = {w: g for w, g in unseen.groupby(week_of) if w in weekly.index}
weekly["auc_high"] = [metrics.auc_interval(g["late"], g["score"]).high for g in by_week.values()]
wk_warned = {w: int(((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).sum()) for w, g in by_week.items()}
wk_late = {w: int(g["late"].sum()) for w, g in by_week.items()}
weekly["late_flights"] = pd.Series(wk_late)
weekly["recall_low"], weekly["recall_high"] = zip(*(metrics.wilson_interval(wk_warned[w], wk_late[w])
                                                     for w in weekly.index))
train_end = pd.Timestamp(year=2013, month=TRAIN_MONTHS, day=1) + pd.offsets.MonthEnd(0)
train_weeks = [w for w in weekly.index if pd.Timestamp(w) + pd.Timedelta(days=6) <= train_end]
later_weeks = [w for w in weekly.index if pd.Timestamp(w) > train_end]  # a week straddling the quarter's end is in neither
weekly_hist = drift.PeriodHistograms.from_frame(flown, time_col="date", freq="W-MON", columns=["score"])
weekly["score_psi"] = weekly_hist.drift_table(train_weeks, "psi").loc["score"].reindex(weekly.index)
recall_floor = float(weekly.loc[train_weeks, "recall"].min())
weekly["needs_look"] = weekly["recall_high"] < recall_floor
weekly["extra_cost"] = ((recall_floor - weekly["recall"]) * weekly["late_flights"]
                        * COST_MISSED_WARNING).where(weekly["needs_look"], 0.0).round(0)
bad_weeks = [w for w in later_weeks if weekly.loc[w, "needs_look"]]


def backtest(auc_drop=PAGE_AUC_DROP, score_psi=PAGE_SCORE_PSI):
    """Replay a paging rule on the weeks after the training quarter: what it would have done and cost."""
    t = weekly.loc[later_weeks, ["auc", "auc_high", "score_psi", "recall", "recall_high", "needs_look",
                                 "extra_cost"]].copy()
    t["page"] = (t["auc_high"] < ref_auc - auc_drop) | (t["score_psi"] >= score_psi)
    t["covered"] = t["page"].shift(1, fill_value=False)     # a page last week sent someone to look
    next_bad = t["needs_look"].shift(-1)                      # unknown after the last week
    t["page_outcome"] = np.select([t["page"] & (next_bad == True), t["page"] & (next_bad == False),  # noqa: E712
                                   t["page"]], ["useful page", "false page", "page (year ends)"], "")
    t["look_outcome"] = np.select([t["needs_look"] & t["covered"], t["needs_look"]], ["covered", "missed"], "")
    t["outcome"] = [" + ".join(x for x in pair if x) or "quiet" for pair in zip(t["look_outcome"], t["page_outcome"])]
    pages = int(t["page"].sum())
    missed = t["look_outcome"] == "missed"
    t.attrs.update(pages=pages, bill=pages * COST_PAGE + float(t.loc[missed, "extra_cost"].sum()),
                   useful=int((t["page_outcome"] == "useful page").sum()),
                   false_pages=int((t["page_outcome"] == "false page").sum()),
                   missed=int(missed.sum()), covered=int((t["look_outcome"] == "covered").sum()))
    return t


replay = backtest()
never = backtest(auc_drop=math.inf, score_psi=math.inf)
every_week = backtest(auc_drop=-math.inf, score_psi=-math.inf)

# %% tags=["nbval-check-output"]
print(replay.loc[replay["outcome"] != "quiet", ["auc_high", "score_psi", "recall", "recall_high",
                                               "extra_cost", "outcome"]].round(3).to_string())
print({"your rule": round(replay.attrs["bill"])})

# %%
fig, ax = plots.figure(figsize=(11, 4.4))
xw = np.arange(len(later_weeks))
rw = replay
ax.errorbar(xw, rw["recall"], yerr=[rw["recall"] - weekly.loc[later_weeks, "recall_low"],
                                    rw["recall_high"] - rw["recall"]],
            fmt="o", color=plots.NEUTRAL, ms=4, capsize=2, label="weekly recall, 95% Wilson interval")
ax.axhline(recall_floor, color="grey", ls=":", label=f"lowest training-quarter week ({recall_floor:.1%})")
styles = {"missed": dict(marker="X", color=plots.BAD, label="needs a look, no page the week before"),
          "covered": dict(marker="P", color=plots.GOOD, label="needs a look, paged the week before")}
for kind, style in styles.items():
    idx = [i for i, w in enumerate(later_weeks) if rw.loc[w, "look_outcome"] == kind]
    if idx:
        ax.scatter(xw[idx], rw["recall"].iloc[idx], s=110, zorder=4, **style)
paged = [i for i, w in enumerate(later_weeks) if rw.loc[w, "page"]]
top = float(weekly.loc[later_weeks, "recall_high"].max()) + 0.03
if paged:
    ax.scatter(xw[paged], np.full(len(paged), top), marker="v", s=60, color=plots.BAD, zorder=3,
               label="the rule pages at the end of this week")
ticks = xw[::4]
ax.set_xticks(ticks)
ax.set_xticklabels([later_weeks[i][5:] for i in ticks])
ax.set_ylim(max(0.0, float(weekly.loc[later_weeks, "recall_low"].min()) - 0.04), top + 0.04)
plots.finish(ax, title=(f"Your rule: {rw.attrs['pages']} pages ({rw.attrs['useful']} useful, "
                        f"{rw.attrs['false_pages']} false), {rw.attrs['missed']} of {len(bad_weeks)} bad weeks "
                        f"missed; bill ${rw.attrs['bill']:,.0f}"),
             xlabel="week of 2013 (first day, month-day)", ylabel="share of late flights warned (axis cut)",
             takeaway="a week needs a look when its whole interval sits under the dotted line")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
plt.show()

# %%
psi_near_bad = [w for w in bad_weeks
                if any(weekly.loc[v, "score_psi"] >= ALERT_PSI for v in weekly.index[
                    max(0, list(weekly.index).index(w) - 1):list(weekly.index).index(w) + 1])]
# every PSI alert after the training quarter, read or not, against the weeks and months that went wrong
alert_vs_bad = pd.DataFrame([{"feature": f, "month": m, "model_input": f in FEATURES,
                              "bad_weeks_in_month": sum(w[:7] == m for w in bad_weeks),
                              "auc_below_training": m in below_q1,
                              "calibration_gap_points": round(float(monthly.loc[m, "calibration_gap"]) * 100, 1)}
                             for f, m in alert_cells])
bad_weeks_under_alert = [w for w in bad_weeks if any(w[:7] == m for _, m in alert_cells)]
alerted_bad_months = sorted({m for _, m in alert_cells if any(w[:7] == m for w in bad_weeks)})
alerts_settled = "cannot settle" if len(bad_weeks) < 10 else "can begin to settle"
gap_month_alerts = sorted({f for f, m in alert_cells if m == worst_gap_month})
weeks_word = "week" if replay.attrs["pages"] == 1 else "weeks"
input_check = ("; no model input crossed the line, so a check on inputs alone says nothing either way"
               if inputs_ever_alert == 0 else "")
too_few_word = ("too few weeks to tell a warning from a coincidence" if len(bad_weeks) < 10
                else "enough weeks to begin to judge whether the alerts warn of trouble")
story.md(
    f"**{len(bad_weeks)}** of the {len(later_weeks)} later weeks needed a look ({', '.join(bad_weeks) or 'none'}; "
    f"partial weeks dropped: {len(partial_weeks)}, {', '.join(partial_weeks) or 'none'}). Your rule (AUC "
    f"upper bound more than {PAGE_AUC_DROP:g} below {ref_auc:.3f}, or weekly score PSI at least "
    f"{PAGE_SCORE_PSI:g}) pages at the end of **{replay.attrs['pages']}** {weeks_word}: {replay.attrs['useful']} "
    f"useful, {replay.attrs['false_pages']} false; of the bad weeks it covers {replay.attrs['covered']} and misses "
    f"{replay.attrs['missed']}. At ${COST_PAGE:,.0f} a page and ${COST_MISSED_WARNING:,.0f} an unwarned late "
    f"flight (assumptions), its bill is **${replay.attrs['bill']:,.0f}**. Exercise 3 asks whether another rule "
    f"would do better.\n\n"
    f"Did drift alerts announce the bad weeks? Of the {len(bad_weeks)}, **{len(psi_near_bad)}** had a score PSI "
    f"at or over {ALERT_PSI:g} that week or the week before. {alert_scope}{input_check}. "
    f"**{len(bad_weeks_under_alert)} of {len(bad_weeks)}** bad weeks fell in a month with an alert on a monitored "
    f"feature ({', '.join(alerted_bad_months) or 'none'}; "
    f"every alert is listed below), and {worst_gap_month}, the month with the widest calibration gap "
    f"({monthly.loc[worst_gap_month, 'calibration_gap'] * 100:+.1f} points), had alerts on "
    f"{', '.join(gap_month_alerts) or 'no feature'}. With {len(bad_weeks)} bad weeks this {alerts_settled} whether those alerts "
    f"warn of trouble or coincide with it. The rule is tuned and judged on the same year: the replay shows "
    f"what it would have done, not what it will do next year.")

# %% tags=["nbval-check-output"]
print(alert_vs_bad.to_string(index=False))

# %% [markdown]
# ### Exercise 3 · Choose the paging rule

# %%
q3 = nb12.paging_rule(backtest=backtest, cost_page=COST_PAGE)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
bills = {rule: backtest(*rule).attrs["bill"] for rule in nb12.PAGING_GRID}
q3_answer = min(bills, key=bills.get)
print(f"cheapest of {len(bills)} rules on nb12.PAGING_GRID: {q3_answer}, bill ${bills[q3_answer]:,.0f}")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert q3.check((-1, 0.1)).correct is False
assert q3.check((0.0, 0.05)).correct is False  # pages on every small dip: far dearer than the cheapest rule
assert q3.check(____).correct is None

# %%
three_bills = {"your rule": replay.attrs["bill"], "never paging": never.attrs["bill"],
               "paging every week": every_week.attrs["bill"]}
cheapest_named = min(three_bills, key=three_bills.get)
story.md(
    f"For comparison, at the same costs: your rule's bill **${three_bills['your rule']:,.0f}**, never paging "
    f"**${three_bills['never paging']:,.0f}** (it pays only for the {never.attrs['missed']} missed weeks), paging "
    f"every week ${three_bills['paging every week']:,.0f}. Of the three, {cheapest_named} is cheapest on this "
    f"year, at these costs.")

# %% [markdown]
# ### Exercise 4 · Set the warning threshold from the costs
#
# Tune on the training quarter's flights the model was not fitted on (`q1_flights`): the rows it
# learned from would flatter every threshold.

# %%
q1_flights = held_out_q1
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
# Back to the hand rule of section 2. The cheapest line for a calibrated model follows from the two
# prices alone: warn when P(late) is at least the false warning's share of them. Set there, chosen
# without looking at April-December, is the model worth running? Judged on April-December, day by
# day (the day is the unit, as in section 2).

# %%
cost_line = COST_FALSE_WARNING / (COST_FALSE_WARNING + COST_MISSED_WARNING)  # the price ratio
warn_at_line = (later["score"] >= cost_line).to_numpy()


def per_flight_gap(warn_a, warn_b):
    """Error cost per flight of rule a minus rule b: the mean of the daily gaps and its 95% t-interval over days."""
    daily = pd.Series(error_cost(warn_a) - error_cost(warn_b)).groupby(day).mean()
    half = sps.t.ppf(0.975, len(daily) - 1) * daily.std(ddof=1) / np.sqrt(len(daily))
    return float(daily.mean()), float(daily.mean() - half), float(daily.mean() + half)


line_vs_now = per_flight_gap(warn_at_line, rules[model_rule])
line_vs_rule = per_flight_gap(warn_at_line, rules[hand_rule])
line_now_word = versus(line_vs_now[1], line_vs_now[2], "dearer", "cheaper", "about as dear")
line_rule_word = versus(line_vs_rule[1], line_vs_rule[2], "dearer", "cheaper", "about as dear")
cost_at_line, cost_now = error_cost(warn_at_line).sum(), error_cost(rules[model_rule]).sum()
worth_text = {"cheaper": "The model's case over a one-line rule rests on that margin, at prices the business has "
                         "not confirmed.",
              "dearer": "Even at the price ratio the model costs more than a one-line rule that needs no model.",
              "about as dear": "At these prices the model does no better than a one-line rule that needs no model."
              }[line_rule_word]
story.md(
    f"At the price ratio, P(late) >= **{cost_line:.2f}**, the model warns about {warn_at_line.mean():.1%} of "
    f"April-December flights and its errors cost **${error_cost(warn_at_line).mean():.2f}** a flight: "
    f"**{line_now_word}** than at {SCORE_THRESHOLD:g} ({line_vs_now[0]:+.2f} dollars a flight, 95% t-interval "
    f"over {len(daily_gap)} days {line_vs_now[1]:+.2f} to {line_vs_now[2]:+.2f}) and **{line_rule_word}** than the "
    f"hand rule ({line_vs_rule[0]:+.2f}, {line_vs_rule[1]:+.2f} to {line_vs_rule[2]:+.2f}). Over the nine months "
    f"that is ${cost_now - cost_at_line:,.0f} less than the line at {SCORE_THRESHOLD:g}, at the assumed prices. "
    f"{worth_text}")

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
pages_text = (f"{replay.attrs['pages']} pages ({replay.attrs['useful']} useful, {replay.attrs['false_pages']} "
              f"false), {replay.attrs['missed']} of {len(bad_weeks)} bad weeks missed")
story.record_table([
    ("reference_auc", round(float(ref_auc), 4), "AUC in the training quarter (held-out flights)", "{:.3f}"),
    ("reference_auc_range", f"{q1_auc_low:.3f} to {q1_auc_high:.3f}", "AUC range of the training months"),
    ("months_below_reference", len(below_q1), "Later months whose AUC interval is wholly below every training "
     "month's interval"),
    ("months_under_lowest_p", round(p_under, 4), f"Chance of {k_under} or more of {n_after} later months under the "
     "lowest training month if nothing changed (exact, exchangeable months)", "{:.3f}"),
    ("worst_recall_month", worst_recall_month, "Month with the lowest recall"),
    ("worst_recall", f"{wr['recall']:.1%} ({wr['recall_low']:.1%} to {wr['recall_high']:.1%})",
     "The worst month's recall (95% Wilson)"),
    ("reference_recall_range", f"{q1_recall_low:.1%} to {q1_recall_high:.1%}", "Recall in the training months"),
    ("model_vs_rule_recall", f"{recall_gain.difference * 100:+.1f} points ({recall_gain.low * 100:+.1f} to "
                             f"{recall_gain.high * 100:+.1f})",
     f"Model recall at P(late) >= {SCORE_THRESHOLD:g} minus the departure-delay rule's, Apr-Dec (95% Newcombe)"),
    ("model_vs_rule_cost", f"{cost_gap:+.2f} ({cost_gap_low:+.2f} to {cost_gap_high:+.2f})",
     f"Model error cost at P(late) >= {SCORE_THRESHOLD:g} minus the rule's, dollars per flight (95% t over days)"),
    ("line_vs_rule_cost", f"{line_vs_rule[0]:+.2f} ({line_vs_rule[1]:+.2f} to {line_vs_rule[2]:+.2f})",
     f"Model error cost at the price ratio ({cost_line:.2f}) minus the rule's, dollars per flight (95% t over days)"),
    ("peak_psi_feature", str(top_feature), "Most drifted feature"),
    ("peak_psi", round(float(psi_table.max().max()), 4), "Peak PSI of the most drifted feature", "{:.3f}"),
    ("score_psi_peak", round(float(score_psi.max()), 4), "Peak monthly PSI of the model's score", "{:.3f}"),
    ("ks_flag_share", round(ks_flags / ks_cells, 4), "Share of later numeric feature-months KS flags", "{:.0%}"),
    ("psi_flag_share_numeric", round(psi_same_flags / ks_cells, 4), "Share of the same cells over the PSI alert line",
     "{:.0%}"),
    ("psi_alert_cells", n_cells, f"Later feature-months over the PSI alert line (of {later_cells})"),
    ("retrain_gain_auc", round(gain, 4), "AUC gained by quarterly retraining (mean of 6 months)", "{:+.3f}"),
    ("retrain_gain_interval", f"{gain_low:+.3f} to {gain_high:+.3f}", 
     "AUC gained by quarterly retraining, 95% t-interval over months"),
    ("late_share_range", f"{late_low:.1%} to {late_high:.1%}", "Monthly late share"),
    ("recall_after_q1", f"{overall_later['recall']:.1%} ({overall_later['low']:.1%} to {overall_later['high']:.1%})",
     "Recall after the training quarter (95% Wilson)"),
    ("carriers_clearly_low", ", ".join(clearly_low) or "none", "Airlines clearly below the rest"),
    ("carriers_recall_fell", ", ".join(fell) or "none", "Airlines whose recall clearly fell after the training "
     "quarter (95% Newcombe)"),
    ("bad_weeks_under_alert", f"{len(bad_weeks_under_alert)} of {len(bad_weeks)}", "Bad weeks in a month with a "
     "PSI alert on any monitored feature"),
    ("paging_rule", f"AUC upper bound > {PAGE_AUC_DROP:g} below or score PSI >= {PAGE_SCORE_PSI:g}",
     "Weekly paging rule replayed"),
    ("paging_bill", round(replay.attrs["bill"]), "The replayed paging rule's bill over April-December", "${:,.0f}"),
    ("paging_pages", replay.attrs["pages"], "The replayed paging rule's pages"),
    ("paging_outcomes", pages_text, "What the replayed paging rule's pages did"),
    ("never_page_bill", round(never.attrs["bill"]), "Bill for never paging", "${:,.0f}"),
])
key_numbers = {"reference_auc_range": "AUC range of the training months",
               "months_below_reference": "later months wholly below it",
               "worst_recall": "the worst month's recall", "model_vs_rule_recall": "model minus the hand rule",
               "peak_psi_feature": "most drifted feature", "retrain_gain_interval": "retraining gain",
               "line_vs_rule_cost": "the model at the price ratio against the rule",
               "paging_outcomes": "what the pages did",
               "paging_bill": "the rule's bill", "never_page_bill": "the bill for never paging"}
story.record("writeup_key_numbers", list(key_numbers), label="Key numbers for the write-up (the facts it lists)",
             fmt="; ".join(key_numbers.values()));

# %%
fell_word = "airline" if len(fell) == 1 else "airlines"
pages_word = "page" if replay.attrs["pages"] == 1 else "pages"
story.record("writeup_title", "Drift or season? Monitoring a flight-delay model through 2013", label="Title")
story.record("writeup_business_risk",
             f"In its worst month ({worst_recall_month}) the app would have warned passengers about only "
             f"{wr['recall']:.0%} of flights that landed over {LATE_MINUTES} minutes late (95% Wilson "
             f"{wr['recall_low']:.0%} to {wr['recall_high']:.0%}, a replay on 2013 data), against "
             f"{q1_recall_low:.0%} to {q1_recall_high:.0%} in the months it learned from. {alert_scope}; "
             f"{len(bad_weeks_under_alert)} of the {len(bad_weeks)} weeks when the app let passengers down fell in a "
             f"month with an alert, {too_few_word}.", label="Business risk")
story.record("writeup_what_i_did",
             "Measured input drift per feature and month (PSI, with KS p-values to show the p-value trap) "
             "against the training quarter; separated drift that can move the score from drift that cannot "
             "(permutation importance, the score's own PSI); put 95% intervals on monthly AUC (DeLong) and "
             "recall (Wilson), measured on flights the model was not fitted on, and checked calibration; "
             "compared the model with a departure-delay rule; tested quarterly retraining on a 95% t-interval "
             "over months; broke recall down by airline and airport; priced the app's errors and replayed a "
             "weekly paging rule on the year.", label="What I did")
grid_bills = {rule: backtest(*rule).attrs["bill"] for rule in nb12.PAGING_GRID}
best_rule = min(grid_bills, key=lambda r: (grid_bills[r], not all(map(math.isinf, r))))
best_rule_text = ("never paging on a drift signal" if all(map(math.isinf, best_rule)) else
                  f"paging on AUC upper bound more than {best_rule[0]:g} below or score PSI of at least "
                  f"{best_rule[1]:g}")
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", label="Decision", suggestion=
             f"{decision.capitalize()}: quarterly retraining moved AUC by {gain:+.3f} (95% t-interval over months "
             f"{gain_low:+.3f} to {gain_high:+.3f}), {retrain_verdict}. Of the {len(grid_bills)} weekly paging rules "
             f"replayed on April-December, the cheapest was {best_rule_text} (${grid_bills[best_rule]:,.0f}); the "
             f"rule in the parameters would have paged {replay.attrs['pages']} {weeks_word} "
             f"({replay.attrs['useful']} useful) for ${replay.attrs['bill']:,.0f}. Of the {len(bad_weeks)} weeks "
             f"that needed a look, {len(bad_weeks_under_alert)} fell in a month with a PSI alert and "
             f"{len(psi_near_bad)} followed a score PSI alert. {alert_scope}. Watch "
             f"weekly recall itself, and keep reading the alerts on {', '.join(unread_alert_features) or 'unread features'} "
             f"until enough bad weeks have passed to judge them.")
story.record("writeup_technical_result",
             f"AUC {q1_auc_low:.3f} to {q1_auc_high:.3f} across the training months (held-out flights); "
             f"{len(below_q1)} of {len(after)} later months have their whole 95% DeLong interval below every "
             f"training month's interval; {k_under} of {n_after} have a point AUC under the lowest training month, "
             f"which happens by chance with probability {p_under:.3f} if the months are exchangeable. Peak input PSI "
             f"{psi_table.max().max():.3f} ({top_feature}, {top_month}); the score's PSI peaked at "
             f"{score_psi.max():.3f} and tracks {lead} (r = {lead_r:.2f}). At P(late) >= {SCORE_THRESHOLD:g} the model "
             f"caught {recall_word} late flights than the departure-delay rule ({recall_gain.difference * 100:+.1f} "
             f"points, 95% Newcombe {recall_gain.low * 100:+.1f} to {recall_gain.high * 100:+.1f}) and its errors "
             f"were {cost_word} ({cost_gap:+.2f} dollars a flight, 95% t over days {cost_gap_low:+.2f} to "
             f"{cost_gap_high:+.2f}); set to warn as often as the rule it caught {volume_word} "
             f"({volume_gain.difference * 100:+.2f} points, {volume_gain.low * 100:+.2f} to "
             f"{volume_gain.high * 100:+.2f}), and at the price ratio, P(late) >= {cost_line:.2f}, its errors were "
             f"{line_rule_word} than the rule's ({line_vs_rule[0]:+.2f} dollars a flight, {line_vs_rule[1]:+.2f} "
             f"to {line_vs_rule[2]:+.2f}).", label="Technical result")
story.record("writeup_business_result",
             f"After the training quarter the app would have warned about {overall_later['recall']:.0%} of late "
             f"flights (95% Wilson {overall_later['low']:.1%} to {overall_later['high']:.1%}); a rule that warns "
             f"whenever a flight pushes back more than {LATE_MINUTES} minutes late would have warned about "
             f"{baseline.loc[hand_rule, 'recall']:.0%}. At "
             f"${COST_PAGE:,.0f} a page and ${COST_MISSED_WARNING:,.0f} per unwarned late flight (assumptions), the "
             f"replayed weekly paging rule would have cost ${replay.attrs['bill']:,.0f} over April-December "
             f"({replay.attrs['pages']} {pages_word}), against ${never.attrs['bill']:,.0f} for never paging and "
             f"${every_week.attrs['bill']:,.0f} for paging every week.", label="Business result")
story.record("writeup_latency_cost",
             f"Recomputing the full feature-by-month PSI table from {len(flown):,} rows took "
             f"{table_seconds:.2f} s; a dashboard control change recomputes in at most "
             f"{max(timings) * 1000:.0f} ms. Retraining quarterly costs a pipeline run for {gain:+.3f} AUC "
             f"(95% t-interval {gain_low:+.3f} to {gain_high:+.3f}).", label="Latency and cost")
story.record("writeup_ethics",
             f"The model ranks flights, not people, but its misses fall on passengers. After the training "
             f"quarter {len(clearly_low)} of {len(by_carrier)} large airlines sit clearly below the rest on "
             f"their 95% Wilson intervals ({', '.join(clearly_low) or 'none'}), so their passengers would have "
             f"been warned less often; {len(gap_from_start)} of them were already below in the training "
             f"quarter, so that gap is not drift. Recall clearly fell after the training quarter for "
             f"{len(fell)} {fell_word} ({', '.join(fell) or 'none'}; later minus training-quarter recall, 95% Newcombe "
             f"interval).", label="Fairness")
story.record("writeup_next_steps",
             f"Move the warning line to the cost ratio, {cost_line:.2f} (the false warning's share of the two "
             f"prices): on April-December its errors would have been {line_now_word} than at {SCORE_THRESHOLD:g} "
             f"({line_vs_now[0]:+.2f} dollars a flight, 95% t over days {line_vs_now[1]:+.2f} to "
             f"{line_vs_now[2]:+.2f}; ${cost_now:,.0f} against ${cost_at_line:,.0f} in all) and {line_rule_word} "
             f"than the departure-delay rule ({line_vs_rule[0]:+.2f}, {line_vs_rule[1]:+.2f} to "
             f"{line_vs_rule[2]:+.2f}). Ask the business to confirm those costs first; the product owner "
             f"decides.", label="Next steps")
story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS", label="Limitations",
                   suggestion=
             "One year from three New York airports: seasonality cannot be told from change without more "
             "years; cancelled flights have no label and are left out; arrivals are known the same day, "
             "so label delay, the usual monitoring problem, is absent here; flights of one day share the "
             "weather, so intervals that treat them as independent may be too narrow; only a few weeks went "
             "bad, too few to judge whether drift alerts announce them; the error costs are "
             "assumptions, and the paging rule is tuned on the same year it is judged on.");
