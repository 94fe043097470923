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
#   change in the right week, and judge a monitor's detection and false-alarm rates on many
#   simulated streams, with their intervals;
# - ask what one year of real flight data can and cannot say about seasonality, and avoid two
#   traps: p-values on huge samples and time windows cut in the wrong time zone;
# - watch prediction drift and performance decay, compare a model with the rule at the same alert
#   volume, and choose a retraining cadence by actually retraining on rolling windows;
# - plan an A/B test from a minimum effect chosen in advance, judge it on a business metric with its
#   interval, and see why peeking at it inflates false positives;
# - version data, model and config, and explain a changed prediction by diffing versions;
# - recognise the retirement trigger (retraining stops helping) and take the four decisions of gate 4.
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
MAX_FALSE_ALARM_RATE = 0.10      # weekly false alarms the team can live with (share of quiet weeks)
DETECT_WITHIN_DAYS = 14          # a shift must be flagged within this many days of its start ...
MIN_DETECTION_RATE = 0.90        # ... in at least this share of simulated streams
N_MONITOR_DRAWS = 200            # simulated streams the weekly monitor is replayed on (FAST: 40)
# Scenario B: a new fraud ring from month 4 (inputs unchanged), for decay and retraining
TRAIN_ROWS = 15_000
ALERT_RATE = 0.01                # share of transactions the review team can check each month
REVIEW_COST_PER_ALERT = 4.0      # $ of analyst time per alert
MONTHLY_VOLUME = 100_000         # the real business's transactions a month (scales the sample's value)
VALUE_PER_FRAUD_CAUGHT = 250.0   # $ saved per fraud caught (loss share, fees, handling): an assumption
RETRAIN_COST = 8_000.0           # $ per retraining (labels, compute, review, release)
TRAIN_WINDOW_MONTHS = 2          # each retraining learns from this many months before its date
MODEL_RUN_COST_PER_MONTH = 12_000.0  # $ a month to serve and watch the model
# A/B test: the candidate has fresher training data but is slower
BASE_CONVERSION = 0.85           # share of good customers who complete checkout today
CANDIDATE_EXTRA_LATENCY_MS = 150 # the candidate's added latency
LOSS_PER_100MS = 0.01            # conversions lost per extra 100 ms (relative): an assumption
MARGIN_PER_CHECKOUT = 12.0       # $ margin on a good customer's completed checkout: an assumption
MIN_EFFECT_POINTS = 1.0          # smallest conversion change (points) worth detecting, chosen before the test
ALPHA = 0.05
POWER = 0.80
N_LOOKS = 10                     # how often an impatient team checks the dashboard

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from scipy import stats

from aipm_kit import data, drift, experiments, gates, metrics, models, plots, scenarios, story, versioning
from aipm_kit.evals.stats import paired_bootstrap_interval
from aipm_kit.exercises import ____, nb04

threadpool_limits(1)  # one thread: identical results everywhere, and no fight for a shared CPU
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", None)  # the decisions are shown whole, never cut with "..."

PSI_ALERT = drift.PSI_MAJOR        # the kit's "major shift" band: the weekly monitor acts from here
PSI_WATCH = drift.PSI_MODERATE     # the kit's "moderate shift" band: worth a look, not an alarm


def name_psi_bands(ax):
    """Name the kit's PSI bands on a drift heatmap's colour bar (the colours already break at them)."""
    bar_ax = ax.figure.axes[-1]
    names = {round(PSI_WATCH, 6): " moderate", round(PSI_ALERT, 6): " major: alert"}
    ticks = bar_ax.get_yticks()
    bar_ax.set_yticks(ticks, [f"{t:g}{names.get(round(float(t), 6), '')}" for t in ticks])


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
# spread. The kit defines PSI's bands once: below `drift.PSI_MODERATE` (0.1) stable, from it a
# moderate shift worth a look, from `drift.PSI_MAJOR` (0.2) a major shift worth acting on; this
# notebook alerts at the major band and uses the moderate band only to say what is worth a look.
# First one report: month 6 against months 1-2.

# %%
features = ["amount", "account_age_days", "hour", "merchant_category", "channel", "segment"]
reference = shifted[shifted["month"] <= 2]
report = drift.drift_report(reference[features], shifted.loc[shifted["month"] == 6, features])
report.to_wide("value").round(3)

# %%
from matplotlib.colors import BoundaryNorm, ListedColormap

psi_scale = plots.drift_scale("psi", PSI_ALERT)   # bands at PSI_MODERATE (0.1) and PSI_MAJOR (0.2), then 0.4 and 0.8
psi_values = report.to_wide("value")["psi"]
p_values = pd.DataFrame({stat: [report.result(c, stat).p_value if c in report.to_wide("value")[stat].dropna().index
                                else np.nan for c in features] for stat in ("ks", "chi_square")}, index=features)
fig, (ax_psi, ax_p) = plots.figure(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [1.2, 1]})
ax_psi.barh(features, psi_values.reindex(features), color=[psi_scale.colour(v) for v in psi_values.reindex(features)])
for line, name in ((PSI_WATCH, "moderate"), (PSI_ALERT, "major: alert")):
    ax_psi.axvline(line, color="#000000", ls=":" if line == PSI_WATCH else "--", lw=1.2)
    ax_psi.text(line, len(features) - 0.45, f" {name} ({line:g})", fontsize=8, va="bottom")
ax_psi.invert_yaxis()
ax_psi.set_xlim(0, max(0.3, float(psi_values.max()) * 1.15))
plots.finish(ax_psi, title=f"PSI: {', '.join(report.drifted_by('psi')) or 'no feature'} past the alert line",
             xlabel="PSI, month 6 vs months 1-2 (bands from aipm_kit.drift)", ylabel="feature")
# p-values: bands anchored at the tests' 0.05 line, warm below it (cells past the line), cool above it
p_edges, p_colours = [0.0, 0.001, 0.01, 0.05, 0.5, 1.0], ["#7F2704", plots.BAD, "#F4A582", "#D1E5F0", "#92C5DE"]
image = ax_p.imshow(np.ma.masked_invalid(p_values.to_numpy(dtype=float)), aspect="auto",
                    cmap=ListedColormap(p_colours), norm=BoundaryNorm(p_edges, len(p_colours)))
ax_p.grid(False)
for i, column in enumerate(features):
    for j, stat in enumerate(p_values.columns):
        v = p_values.iloc[i, j]
        ax_p.text(j, i, "not run (categorical)" if np.isnan(v) else f"p = {v:.2g}" if v > 0 else "p < 1e-300",
                  ha="center", va="center",
                  fontsize=8, color="#FFFFFF" if np.isfinite(v) and v < 0.001 else "#000000")
ax_p.set_xticks(range(2), ["KS", "chi-square"])
ax_p.set_yticks(range(len(features)), features)
bar = fig.colorbar(image, ax=ax_p, ticks=p_edges, spacing="uniform", fraction=0.05, pad=0.02,
                   label="p-value band (alert line p = 0.05)")
bar.ax.set_yticklabels(["0", "0.001", "0.01", "0.05 alert", "0.5", "1"])
bar.ax.axhline(0.05, color="#000000", lw=1.5)
plots.finish(ax_p, title="Tests: p < 0.05 (warm) says only that something moved",
             xlabel="test (p-value, month 6 vs months 1-2)", ylabel="feature")
moved_any = sorted({c for stat in ("psi", "ks", "chi_square") for c in report.drifted_by(stat)}, key=features.index)
fig.text(0.01, -0.02, f"Takeaway: {' and '.join(moved_any) or 'no feature'} moved by at least one measure; PSI says how "
         "much (its bands), a p-value only how surprising the gap would be if nothing had changed.",
         fontsize=9, style="italic", ha="left", va="top")
plt.show()

# %%
current6 = shifted[shifted["month"] == 6]
fig, axes = plots.figure(1, 2, figsize=(11, 4))
overlay_titles = {
    "amount": "Amounts shift right: PSI {v:.2f}, a {band} shift",
    "channel": "The app's share grows: PSI {v:.2f}, a {band} shift",
}
for ax, column, numeric in ((axes[0], "amount", True), (axes[1], "channel", False)):
    column_psi = report.result(column, "psi").value
    # amounts are drawn on a log10 scale (PSI is unchanged by it: quantile bins follow any monotone rescaling)
    ref_values = np.log10(reference[column]).round(2) if numeric else reference[column]
    cur_values = np.log10(current6[column]).round(2) if numeric else current6[column]
    plots.distribution_overlay(ref_values.value_counts(normalize=True), cur_values.value_counts(normalize=True),
                               numeric=numeric, feature="log10 amount (USD)" if numeric else column,
                               reference_label="months 1-2", current_label="month 6", ax=ax,
                               title=overlay_titles[column].format(v=column_psi, band=drift.psi_band(column_psi)))
fig.text(0.01, -0.02, "Takeaway: amounts shift right and the app's share grows; the other features stay put.",
         fontsize=9, style="italic", ha="left", va="top")
plt.show()

# %% tags=["nbval-check-output"]
print(f"drifted by PSI (>= {PSI_ALERT}):", list(report.drifted_by("psi")))
print("drifted by KS (p < 0.05):", list(report.drifted_by("ks")))
print("drifted by chi-square (p < 0.05):", list(report.drifted_by("chi_square")))

# %% [markdown]
# One comparison says *that* something moved. Monitoring needs *when*: cut the stream into weeks
# and compare every week with the reference. Weeks end on Sunday; the window sizes are on the axis.

# %%
weekly = drift.windowed_drift(shifted, time_col="timestamp", freq="W", reference=("2024-01-01", "2024-02-26"),
                              columns=features, stat="psi", threshold=PSI_ALERT)
flagged_features = [f for f, periods in weekly.attrs["drifted"].items() if len(periods)]
weeks_shown = pd.to_datetime(pd.Index(weekly.columns))
shift_col = int(np.searchsorted(weeks_shown + pd.Timedelta(days=7), shift_truth.drift_start.tz_localize(None),
                                side="right"))   # the first week that contains shifted traffic
watch_only = [f for f in weekly.index if f not in flagged_features and (weekly.loc[f] >= PSI_WATCH).any()]
weekly_title = (f"{' and '.join(flagged_features).capitalize() or 'No feature'} crosses the alert line (PSI {PSI_ALERT}) after the "
                f"planted shift" + (f"; {' and '.join(watch_only)} only reaches the moderate band" if watch_only else ""))
ax = plots.drift_heatmap(weekly, title=weekly_title,
                         takeaway=f"Outlined: PSI >= {PSI_ALERT} (major band). The dashed line starts the week in which "
                                  f"the planted shift begins ({shift_truth.drift_start:%d %B}, known only to the "
                                  "simulator).")
ax.axvline(shift_col - 0.5, color="#000000", ls="--", lw=1.5)
name_psi_bands(ax)
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
quiet_weeks = int((~after & ~reference_weeks).sum())
false_alarm_ci = metrics.wilson_interval(false_alarms, quiet_weeks, confidence=0.95)
print(f"planted drift (simulator truth): {shift_truth.drift_start:%Y-%m-%d}; first alarm at the weekly check on "
      f"{first_alarm:%Y-%m-%d} (the morning after the week closes)")
print(f"detection delay: {detection_delay_days} days; false alarms before the drift: {false_alarms} "
      f"of {quiet_weeks} weeks (weekly false-alarm rate, 95% Wilson interval: "
      f"{false_alarm_ci[0]:.0%} to {false_alarm_ci[1]:.0%})")
story.record_table([("detection_delay_days", detection_delay_days, "Days from planted drift to first PSI alarm (one stream)"),
                    ("false_alarms_before_drift", false_alarms, "Weekly PSI false alarms before the drift (one stream)")])

# %%
story.md(
    f"The weekly PSI check fires **{detection_delay_days} days** after the shift begins, on "
    f"{', '.join(f'`{c}`' for c in weekly.index[(weekly.loc[:, flag & after].iloc[:, :1] >= PSI_ALERT).any(axis=1)])}, "
    f"with **{false_alarms}** false alarm(s) in the {quiet_weeks} checked weeks before. That is too few weeks "
    f"to promise a low false-alarm rate: {false_alarms} of {quiet_weeks} is consistent with a weekly rate "
    f"anywhere up to **{false_alarm_ci[1]:.0%}** (95% Wilson upper bound). Both numbers are measured against "
    "the planted shift date, which only the simulator knows; a business sees only the alarms and learns which "
    "were real by investigating each one. A daily check would be faster but noisier; a monthly one steadier "
    "but up to a month late. The window is a product decision."
)

# %% [markdown]
# ### One stream is one draw: replay the monitor on many
#
# The delay and the false-alarm count above come from one simulated stream; another stream with the
# same planted shift would give other weeks. Gate 4a holds the weekly monitor to two rates a team can
# rely on: it flags a shift like this within `DETECT_WITHIN_DAYS` days in at least
# `MIN_DETECTION_RATE` of streams, and it raises a false alarm in at most `MAX_FALSE_ALARM_RATE` of
# quiet weeks. Replay the same monitor (weekly PSI of every feature against months 1-2) on
# `N_MONITOR_DRAWS` simulated streams of scenario A, each with its own seed, and put a 95% Wilson
# interval on each rate. Each stream keeps its weekly largest PSI, so any alert line can be tried
# without simulating again.

# %% tags=["nbval-check-output"]
reference_end = pd.Timestamp("2024-03-01", tz="UTC")     # weeks ending by then make up the reference


def monitor_draw(seed):
    """One simulated stream of scenario A: each week's largest PSI over the features (indexed by the day the
    week's check runs) and the planted start."""
    stream = scenarios.make_payments(n_transactions, seed=seed, months=8, drift_month=DRIFT_MONTH,
                                     drift_kind="covariate", incident=False)
    table = drift.windowed_drift(stream, time_col="timestamp", freq="W", reference=("2024-01-01", "2024-02-26"),
                                 columns=features, stat="psi")
    checks = pd.to_datetime(pd.Index(table.columns)).tz_localize("UTC") + pd.Timedelta(days=7)
    return pd.Series(table.max(axis=0).to_numpy(), index=checks), stream.attrs["scenario"].drift_start


def wilson95(successes, n):
    """95% Wilson interval, kept around its estimate (at 0 or n successes rounding can leave the end a hair off)."""
    low, high = metrics.wilson_interval(successes, n, confidence=0.95)
    return min(low, successes / n), max(high, successes / n)


def monitor_evidence(line, within_days=DETECT_WITHIN_DAYS):
    """Replay the weekly check at PSI alert ``line`` on every simulated stream: detections, delays, false alarms."""
    delays, alarms, quiet = [], 0, 0
    for weekly_max, planted in monitor_draws:
        checks = weekly_max.index
        checked, after = checks > reference_end, checks > planted
        flag = (weekly_max.to_numpy() >= line) & checked
        first = checks[flag & after].min()
        delays.append((first - planted).days if pd.notna(first) else np.inf)
        alarms += int((flag & ~after).sum())
        quiet += int((checked & ~after).sum())
    delays = np.array(delays, dtype=float)
    hits = int((delays <= within_days).sum())
    return {"line": line, "streams": len(delays), "hits": hits, "detection_rate": hits / len(delays),
            "detection_ci": wilson95(hits, len(delays)),
            "median_delay_days": float(np.median(delays)), "false_alarms": alarms, "quiet_weeks": quiet,
            "false_alarm_rate": alarms / quiet, "false_alarm_ci": wilson95(alarms, quiet)}


def monitor_gate(line=PSI_ALERT):
    """Gate 4a at PSI alert ``line``, decided on the replayed streams."""
    ev = monitor_evidence(line)
    return gates.Gate("Gate 4a: can the team rely on the weekly drift monitor?", [
        gates.criterion(f"Shift flagged within {DETECT_WITHIN_DAYS} days in at least {MIN_DETECTION_RATE:.0%} "
                        "of streams", ev["detection_rate"], ">=", MIN_DETECTION_RATE, interval=ev["detection_ci"],
                        n=ev["streams"],
                        evidence=f"weekly PSI >= {line:g} on any feature, {ev['hits']} of {ev['streams']} simulated "
                                 "streams of scenario A (each its own seed); measured against the planted date, "
                                 "which only the simulator knows; 95% Wilson interval", fmt="{:.1%}"),
        gates.criterion(f"Weekly false-alarm rate at most {MAX_FALSE_ALARM_RATE:.0%}", ev["false_alarm_rate"], "<=",
                        MAX_FALSE_ALARM_RATE, interval=ev["false_alarm_ci"], n=ev["quiet_weeks"],
                        evidence=f"{ev['false_alarms']} alarms in {ev['quiet_weeks']:,} quiet simulated weeks "
                                 f"({ev['streams']} streams, weeks before each planted shift), 95% Wilson interval",
                        fmt="{:.1%}"),
    ])


n_monitor_draws = 40 if FAST else N_MONITOR_DRAWS
monitor_draws = Parallel(n_jobs=2)(delayed(monitor_draw)(SEED + 1_000 + i) for i in range(n_monitor_draws))
monitor = monitor_evidence(PSI_ALERT)
print(f"{monitor['streams']} simulated streams, alert line PSI {PSI_ALERT:g}: flagged within {DETECT_WITHIN_DAYS} days "
      f"in {monitor['hits']} ({monitor['detection_rate']:.1%}, 95% Wilson {monitor['detection_ci'][0]:.1%} to "
      f"{monitor['detection_ci'][1]:.1%}); median delay {monitor['median_delay_days']:.0f} days")
print(f"false alarms: {monitor['false_alarms']} in {monitor['quiet_weeks']:,} quiet weeks ({monitor['false_alarm_rate']:.2%}, "
      f"95% Wilson {monitor['false_alarm_ci'][0]:.2%} to {monitor['false_alarm_ci'][1]:.2%})")
story.record_table([
    ("monitor_detection_rate", monitor["detection_rate"],
     f"Share of simulated streams flagged within {DETECT_WITHIN_DAYS} days", "{:.1%}"),
    ("monitor_false_alarm_rate", monitor["false_alarm_rate"], "Weekly false-alarm rate over the simulated streams",
     "{:.2%}"),
])

# %%
detect_word = ("clears" if monitor["detection_ci"][0] >= MIN_DETECTION_RATE else
               "misses" if monitor["detection_ci"][1] < MIN_DETECTION_RATE else "may or may not clear")
quiet_word = ("stays under" if monitor["false_alarm_ci"][1] <= MAX_FALSE_ALARM_RATE else
              "exceeds" if monitor["false_alarm_ci"][0] > MAX_FALSE_ALARM_RATE else "may or may not stay under")
story.md(
    f"Over {monitor['streams']} simulated streams the monitor flags the shift within {DETECT_WITHIN_DAYS} days in "
    f"**{monitor['detection_rate']:.1%}** of them (95% Wilson {monitor['detection_ci'][0]:.1%} to "
    f"{monitor['detection_ci'][1]:.1%}), so it **{detect_word}** the {MIN_DETECTION_RATE:.0%} bar; its weekly "
    f"false-alarm rate is **{monitor['false_alarm_rate']:.2%}** (95% Wilson up to {monitor['false_alarm_ci'][1]:.2%}), "
    f"so it **{quiet_word}** the {MAX_FALSE_ALARM_RATE:.0%} limit. Two limits on what this shows: the quiet weeks "
    "here are simulated and have no seasons (section 2 shows real traffic that moves with the calendar), and "
    "the shift is this scenario's size; a smaller shift would take longer to flag. Gate 4a, at the end, is "
    "taken on these numbers."
)

# %%
q1, q2 = nb04.bind_monitor(reference=reference["channel"], current=current6["channel"], column="channel",
                           kit_psi=report.result("channel", "psi").value, monitor_gate=monitor_gate,
                           alert_line=PSI_ALERT)

# %% [markdown]
# ### Exercise 1 · PSI by hand for one feature

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
ref_share = reference["channel"].value_counts(normalize=True)
cur_share = current6["channel"].value_counts(normalize=True).reindex(ref_share.index, fill_value=0.0)
q1_answer = float(((cur_share - ref_share) * np.log(cur_share / ref_share)).sum())
print(f"by hand {q1_answer:.4f}; the kit {report.result('channel', 'psi').value:.4f}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(q1_answer / np.log(10))
assert q1.check(____).correct is None

# %% [markdown]
# ### Exercise 2 · Set the monitor's alert line and take gate 4a again

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
line = drift.PSI_MODERATE                    # alarm from the moderate band instead
retaken = monitor_gate(line)
print(retaken)
print({x: monitor_gate(x).verdict for x in (0.1, 0.15, 0.2, 0.25, 0.3)})   # where the verdict flips
q2_answer = (line, retaken.verdict)
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((q2_answer[0], next(v for v in ("GO", "NO-GO", "NOT YET") if v != q2_answer[1])))
assert q2.check(____).correct is None

# %% [markdown]
# ## 2. Drift or season? Real flights, and two traps
#
# The 2013 New York flights have no planted event, only the real year. Compare every local month
# with January, on the same scale and the same alert line as the weekly monitor above (PSI 0.2, the
# major band; the colour step at 0.1 is the moderate band, worth a look but not an alarm).

# %%
flights = data.load_flights()
flight_cols = ["dep_delay", "distance", "sched_dep_hour", "carrier", "origin"]
monthly = drift.windowed_drift(flights, time_col="date", freq="MS", reference="2013-01", columns=flight_cols,
                               stat="psi", threshold=PSI_ALERT)
top_delay_months = monthly.loc["dep_delay"].nlargest(3).sort_index().index
month_names = ", ".join(pd.Period(m).strftime("%b") for m in top_delay_months)
outlined = sum(len(v) for v in monthly.attrs["drifted"].values())
delay_max = float(monthly.loc["dep_delay"].max())
ax = plots.drift_heatmap(monthly, title=f"In 2013, delays move furthest from January in {month_names} (PSI at most "
                                        f"{delay_max:.3f}: {drift.psi_band(delay_max)}); the traffic mix barely moves",
                         takeaway=(f"Outlined: PSI >= {PSI_ALERT} (major band): {outlined} cell(s); "
                                   f"{int((monthly >= PSI_WATCH).to_numpy().sum())} reach the moderate band ({PSI_WATCH}). "
                                   "One year of data: whether this repeats each year is not shown."))
name_psi_bands(ax)
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
    f"back (**{trough}**: {delay_psi[trough]:.3f}) before December pushes them up again. In this one year "
    "the change comes and goes; one year cannot show that it is seasonal (that it returns every year with "
    "the calendar). If it is, retraining on last month would chase it. Two ways to tell: compare with the "
    "same month of earlier years (this data set has only 2013, so that check is not possible here), and "
    "check whether a shift persists or reverts; a lasting drift persists. A month-over-month monitor is "
    f"no cure either: its biggest step is **{month_over_month.idxmax()}** (PSI {month_over_month.max():.3f}), "
    "and if the pattern is seasonal that alarm would ring again next year. Meanwhile the "
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
    f"the two cumulative distributions is only **{100 * ks_full.value:.1f} points** (KS's D, a difference of two "
    f"shares) and the PSI is **{psi_full.value:.4f}**, "
    f"{drift.psi_band(psi_full.value)} by the kit's bands. On 1,000 rows each the same comparison gives "
    f"p = {ks_small.p_value:.2f}. A p-value is the chance of seeing a gap at least this large if the two "
    "months had exactly the same distribution. It says nothing about how big the difference is, and with "
    "enough rows even a negligible difference makes it tiny. For monitoring, prefer distances (PSI, "
    "Jensen-Shannon, Wasserstein, KS's D) with thresholds."
)
story.record_table([("ks_p_value_all_rows", float(ks_full.p_value), "KS p-value, Jan vs Feb delays, all rows", "{:.2g}"),
                    ("psi_jan_feb_delays", float(psi_full.value), "PSI, Jan vs Feb delays", "{:.4f}")])

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
in_year = sizes.loc[sizes["local month"] > 0, "moved"]
extra_month = sizes.loc[sizes["local month"] == 0]
largest_move = in_year.abs().idxmax()
story.md(
    f"Cut in UTC, the year even grows a thirteenth month: **{int(extra_month['UTC month'].sum()):,}** "
    f"New Year's Eve departures land in {', '.join(pd.Period(m).strftime('%B %Y') for m in extra_month.index) or 'no extra month'}, "
    "a window so small any statistic on it is noise. Within 2013, each month loses its last evening and gains "
    f"the previous month's: a net change of {int(in_year.abs().min()):,} to {int(in_year.abs().max()):,} rows (the "
    "largest, "
    f"{pd.Period(largest_move).strftime('%B')}: {int(in_year[largest_move]):+,} of {int(sizes.loc[largest_move, 'local month']):,}, "
    f"{100 * abs(in_year[largest_move]) / sizes.loc[largest_move, 'local month']:.1f}% of the month). The drift "
    f"numbers move with them, here by little: December's delay PSI goes from {monthly.loc['dep_delay', '2013-12']:.4f} "
    f"to {utc_monthly.loc['dep_delay', '2013-12']:.4f}. Cut windows in the time zone the business runs on, and "
    "always print the window sizes next to the drift numbers."
)

# %% [markdown]
# ### Exercise 3 · Act on a tiny p-value?

# %%
q3 = nb04.bind_traps(ks_full=ks_full, psi_full=psi_full)
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = "b" if psi_full.value < drift.PSI_MODERATE else "a"
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check("a" if q3_answer == "b" else "b")
assert q3.check(____).correct is None

# %% [markdown]
# ## 3. Prediction drift and performance decay
#
# Scenario B is harder: from month 4 a new fraud ring buys mid-priced electronics and games in the
# app. The *inputs* look as before; only who commits fraud has changed. Each model here is trained
# on a retraining date, on the `TRAIN_WINDOW_MONTHS` months before it, with only the labels known
# on that date (a chargeback takes weeks to arrive, so the last month is half-labelled). Version 1
# is trained at the start of month 3 on months 1-2; version 2 at the start of month 6 on months 4-5,
# after the ring appeared. The review team can check `ALERT_RATE` of transactions, so a model flags
# that share. The rule flags fewer (its own volume), so to compare like with like the model is also
# scored at the rule's volume: the same number of alerts as the rule, each month.

# %%
ring = scenarios.make_payments(n_transactions, seed=SEED + 1, months=9, drift_month=4, drift_kind="concept",
                               incident=False)
ring_truth = ring.attrs["scenario"]
ring["rule_flag"] = scenarios.hand_rule(ring)
alert_rate = ALERT_RATE
start = ring_truth.start
months_live = list(range(3, 10))   # month 3 is the last before the ring; the ring runs from month 4


def fit_version(retrain_month):
    """Train at the start of ``retrain_month`` on the months before it, with the labels known on that date."""
    months = [m for m in range(retrain_month - TRAIN_WINDOW_MONTHS, retrain_month) if m >= 1]
    rows = ring[ring["month"].isin(months)].copy()
    rows["label_known"] = scenarios.labels_as_of(rows, start + pd.DateOffset(months=retrain_month - 1))
    rows = rows.sample(min(train_rows, len(rows)), random_state=SEED)
    fitted = models.fit_fraud_model(rows, target="label_known", seed=SEED, max_iter=100)
    return fitted, rows


def monthly_flags(model, frame):
    """Per transaction: flagged at ``alert_rate`` of the month, and flagged at the rule's volume that month."""
    scores = models.fraud_scores(model, frame)
    at_rate, at_rule = np.zeros(len(frame), bool), np.zeros(len(frame), bool)
    for month, idx in frame.groupby("month").indices.items():
        s = scores[idx]
        at_rate[idx] = s >= np.quantile(s, 1 - alert_rate)
        k = int(frame["rule_flag"].to_numpy()[idx].sum())
        at_rule[idx[np.argsort(-s, kind="stable")[:k]]] = True
    return at_rate, at_rule, scores


def monthly_quality(model, frame):
    """Recall and precision by month when the model flags ``alert_rate`` of traffic; the rule's catch beside it."""
    at_rate, at_rule, scores = monthly_flags(model, frame)
    out = []
    for month, idx in frame.groupby("month").indices.items():
        g, flag = frame.iloc[idx], at_rate[idx]
        fraud, rule = g["is_fraud"].to_numpy(), g["rule_flag"].to_numpy()
        out.append({"month": month, "recall": flag[fraud].mean(), "recall_at_rule_volume": at_rule[idx][fraud].mean(),
                    "rule_recall": rule[fraud].mean(), "precision": fraud[flag].mean(),
                    "frauds": int(fraud.sum()), "caught": int((flag & fraud).sum()),
                    "rule_caught": int((rule & fraud).sum()), "alerts": int(flag.sum()),
                    "rule_alerts": int(rule.sum()), "mean_score": scores[idx].mean()})
    return pd.DataFrame(out).set_index("month"), scores


# one model per possible retraining date (months 3-9); a cadence decides which of them serve
fitted = {r: fit_version(r) for r in months_live}
(v1, v1_rows), (v2, v2_rows) = fitted[3], fitted[6]
live = ring[ring["month"] >= 3].reset_index(drop=True)
q_v1, scores_v1 = monthly_quality(v1, live)
q_v2, _ = monthly_quality(v2, live[live["month"] >= 6].reset_index(drop=True))
live_months = q_v1
pd.DataFrame({"v1 recall": live_months["recall"], "v2 recall": q_v2["recall"],
              "v1 at rule volume": live_months["recall_at_rule_volume"], "rule recall": live_months["rule_recall"],
              "v1 alerts": live_months["alerts"], "rule alerts": live_months["rule_alerts"]}).round(3)

# %%
live_month = live["month"].to_numpy()
score_psi = pd.Series({m: drift.psi(scores_v1[live_month == 3], scores_v1[live_month == m]).value for m in range(4, 10)})
fig, ax = plots.figure()
ax.plot(live_months.index, live_months["recall"], marker="o", color=plots.NEUTRAL,
        label=f"v1 at {alert_rate:.0%} of traffic (trained on months 1-2)")
ax.plot(q_v2.index, q_v2["recall"], marker="o", color=plots.GOOD, label="v2 at the same volume (months 4-5)")
ax.plot(live_months.index, live_months["recall_at_rule_volume"], marker="^", color=plots.NEUTRAL, ls=":",
        label="v1 at the rule's alert volume")
ax.plot(live_months.index, live_months["rule_recall"], marker="s", ls="--", color=plots.ACCENT, label="rule")
ax.axvline(3.5, color=plots.BAD, ls=":", label="fraud ring appears")
ax.set_ylim(0, max(0.5, float(live_months[["recall", "rule_recall"]].max().max()) + 0.05))
plots.finish(ax, title=f"Recall falls from {live_months.loc[3, 'recall']:.0%} to {live_months.loc[4:, 'recall'].mean():.0%} "
                       f"when the ring appears; v2 reaches {q_v2['recall'].mean():.0%}",
             xlabel="Month of the simulated horizon", ylabel="Recall (share of fraud flagged)",
             takeaway=f"The score distribution barely moves (PSI at most {score_psi.max():.3f}): only labels reveal this decay.")
plt.show()

# %% tags=["nbval-check-output"]
before, after_ring = float(live_months.loc[3, "recall"]), float(live_months.loc[4:, "recall"].mean())
print(f"v1 recall: month 3 {before:.3f}, months 4-9 average {after_ring:.3f}; v2 months 6-9 {q_v2['recall'].mean():.3f}")
fraud_live = live["is_fraud"].to_numpy()
same_volume = paired_bootstrap_interval(live["rule_flag"].to_numpy()[fraud_live],
                                        monthly_flags(v1, live)[1][fraud_live], n_boot=2_000, seed=SEED)
print(f"at the rule's own alert volume, months 3-9: v1 minus rule recall {100 * same_volume.estimate:+.1f} points "
      f"(95% paired bootstrap {100 * same_volume.low:+.1f} to {100 * same_volume.high:+.1f}, "
      f"{fraud_live.sum():,} frauds)")
print(f"prediction drift (PSI of v1 scores vs month 3), largest: {score_psi.max():.4f}")
story.record_table([("recall_before_ring", before, "v1 recall before the fraud ring", "{:.1%}"),
                    ("recall_after_ring", after_ring, "v1 recall after the fraud ring", "{:.1%}")])

# %%
same_word = ("catches more fraud than" if same_volume.low > 0 else "catches less fraud than" if same_volume.high < 0
             else "is not shown to catch more or less fraud than")
story.md(
    f"At {alert_rate:.0%} of traffic v1 flags about {live_months['alerts'].mean():,.0f} transactions a month in "
    f"this sample, the rule {live_months['rule_alerts'].min():,}-{live_months['rule_alerts'].max():,}. Compared "
    f"like with like, at the rule's own volume, v1 **{same_word}** the rule ({100 * same_volume.estimate:+.1f} "
    f"points, 95% interval {100 * same_volume.low:+.1f} to {100 * same_volume.high:+.1f}). Most of the model's "
    "lead at 1% comes from reviewing more alerts, which the team pays for; section 6 counts it in dollars."
)

# %% [markdown]
# ### Did retraining help? v1 against v2 on the same frauds
#
# v2 looks better, but on about a thousand frauds a point or two of recall can be luck. Both
# versions score the *same* months 6-9, so compare them fraud by fraud (a paired comparison) and
# put a 95% bootstrap interval on the difference.

# %% tags=["nbval-check-output"]
after6 = live[live["month"] >= 6].reset_index(drop=True)
fraud6 = after6["is_fraud"].to_numpy()
caught_v1 = monthly_flags(v1, after6)[0][fraud6]
caught_v2 = monthly_flags(v2, after6)[0][fraud6]
v2_gain = paired_bootstrap_interval(caught_v1, caught_v2, n_boot=2_000, confidence=0.95, seed=SEED)
print(f"months 6-9, {fraud6.sum():,} frauds: v1 caught {caught_v1.sum():,}, v2 caught {caught_v2.sum():,} "
      f"(caught by v2 only: {(caught_v2 & ~caught_v1).sum():,}; by v1 only: {(caught_v1 & ~caught_v2).sum():,})")
print(f"v2 minus v1 recall: {100 * v2_gain.estimate:+.1f} points (95% paired bootstrap interval "
      f"{100 * v2_gain.low:+.1f} to {100 * v2_gain.high:+.1f} points)")
_ = story.record("v2_minus_v1_recall", 100 * float(v2_gain.estimate),
                 label="v2 minus v1 recall, months 6-9 (paired)", fmt="{:+.1f} points")

# %% [markdown]
# ### Choosing a retraining cadence by retraining
#
# A common shortcut takes v1's decay curve and assumes every retrained model ages the same way.
# So measure each cadence directly instead. Retraining every *k* months means that on month 3,
# 3 + k, ... a new model is trained (as above: the months before, the labels known that day) and
# serves until the next. Monthly, every 2 and every 3 months are compared with never retraining
# (v1 throughout) and with each other, on the same frauds of months 4-9 (after the ring), so every
# comparison is paired. Value: the real business's frauds a month (months 4-9, at `MONTHLY_VOLUME`
# transactions) times the recall gained times `VALUE_PER_FRAUD_CAUGHT`, minus `RETRAIN_COST` per
# retraining.
#
# **The rule, stated before looking:** a schedule is ruled out when another one beats it with the
# whole of its 95% paired interval of net value; of those left, take the cheapest (never, then every
# 3, 2, 1 months). Point estimates alone do not pick a winner.

# %%
scale = MONTHLY_VOLUME / float(ring.groupby("month").size().mean())   # simulated sample -> real business
ring_months = live["month"].to_numpy() >= 4
fraud_ring = live["is_fraud"].to_numpy()[ring_months]   # which of months 4-9's transactions are fraud
n_ring_frauds = int(fraud_ring.sum())
fraud_per_month = scale * n_ring_frauds / 6     # THE frauds a month: the real business, months 4-9 (after the ring)
flags_by_model = {r: monthly_flags(fitted[r][0], live)[0] for r in months_live}
schedules = {"never": None, "3": 3, "2": 2, "1": 1}      # cheapest first
retrains_per_month = {key: 0.0 if k is None else 1 / k for key, k in schedules.items()}
caught_by_cadence, flagged_by_cadence = {}, {}
for key, k in schedules.items():
    serving = np.array([3 if k is None else 3 + ((m - 3) // k) * k for m in live["month"]])
    flagged = np.zeros(len(live), bool)
    for r in np.unique(serving):
        flagged[serving == r] = flags_by_model[r][serving == r]
    caught_by_cadence[key], flagged_by_cadence[key] = flagged[ring_months][fraud_ring], flagged
# recall differences of every pair of schedules, on the same frauds (95% paired bootstrap)
recall_diff = {(a, b): paired_bootstrap_interval(caught_by_cadence[a], caught_by_cadence[b], n_boot=2_000, seed=SEED)
               for a in schedules for b in schedules if a != b}


def cadence_evidence(retrain_cost):
    """Each schedule's net value a month over never retraining, who beats whom (95% paired), and the rule's choice."""
    per_share = fraud_per_month * VALUE_PER_FRAUD_CAUGHT            # dollars a month per unit of recall

    def net_diff(a, b):                                            # net(b) - net(a): estimate, low, high
        iv, cost = recall_diff[(a, b)], retrain_cost * (retrains_per_month[b] - retrains_per_month[a])
        return tuple(g * per_share - cost for g in (iv.estimate, iv.low, iv.high))

    beaten_by = {a: [b for b in schedules if b != a and net_diff(a, b)[1] > 0] for a in schedules}
    rows = []
    for key in schedules:
        caught = caught_by_cadence[key]
        low, high = metrics.wilson_interval(int(caught.sum()), len(caught))
        net = (0.0, 0.0, 0.0) if key == "never" else net_diff("never", key)
        gain = recall_diff[("never", key)] if key != "never" else None
        rows.append({"retrain_every": key, "recall": caught.mean(), "recall_low": low, "recall_high": high,
                     "gain_vs_never_points": 0.0 if gain is None else 100 * gain.estimate,
                     "gain_low_points": 0.0 if gain is None else 100 * gain.low,
                     "gain_high_points": 0.0 if gain is None else 100 * gain.high,
                     "net_value_per_month": net[0], "net_value_low": net[1], "net_value_high": net[2],
                     "beaten_by": ", ".join(beaten_by[key]) or "none"})
    choice = next(key for key in schedules if not beaten_by[key])
    retrain_choice = next((key for key in schedules if key != "never"
                           and not [b for b in beaten_by[key] if b != "never"]), "3")
    return pd.DataFrame(rows), choice, retrain_choice


cadence, chosen, retrain_pick = cadence_evidence(RETRAIN_COST)
chosen_k = schedules[chosen]

# %% tags=["nbval-check-output"]
print(f"frauds after the ring (months 4-9): {n_ring_frauds:,} in the sample; real business: {fraud_per_month:,.0f} "
      "frauds a month")
for row in cadence.itertuples():
    if row.retrain_every == "never":
        print(f"never retrain   : recall {row.recall:.1%} (95% Wilson {row.recall_low:.1%} to {row.recall_high:.1%}); "
              f"beaten by: {row.beaten_by}")
        continue
    print(f"retrain every {row.retrain_every}: recall {row.recall:.1%} (95% Wilson {row.recall_low:.1%} to "
          f"{row.recall_high:.1%}); gain over never {row.gain_vs_never_points:+.1f} points "
          f"(95% paired bootstrap {row.gain_low_points:+.1f} to {row.gain_high_points:+.1f}); net "
          f"{story.format_money(row.net_value_per_month)} a month ({story.format_money(row.net_value_low)} to "
          f"{story.format_money(row.net_value_high)}); beaten by: {row.beaten_by}")
print(f"the rule's choice at {story.format_money(RETRAIN_COST)} a retraining: {chosen}; "
      f"if retraining at all, every {retrain_pick} month(s)")
pre_ring_ci = metrics.wilson_interval(int(live_months.loc[3, "caught"]), int(live_months.loc[3, "frauds"]))
monthly_caught = caught_by_cadence["1"]           # the most retraining measured: a fresh model every month
shortfall = experiments.two_proportion_test(int(live_months.loc[3, "caught"]), int(live_months.loc[3, "frauds"]),
                                            int(monthly_caught.sum()), len(monthly_caught), alpha=0.05)
print(f"before the ring (month 3) v1 caught {before:.1%} (95% Wilson {pre_ring_ci[0]:.1%} to {pre_ring_ci[1]:.1%}); "
      f"monthly retraining after it {shortfall.rate_b:.1%}: {100 * shortfall.difference:+.1f} points "
      f"(95% interval {100 * shortfall.ci_low:+.1f} to {100 * shortfall.ci_high:+.1f})")
_ = story.record("retrain_cadence", chosen, label="Retraining schedule the stated rule picks (every k months)")

# %%
pick_row = cadence.set_index("retrain_every").loc[retrain_pick]
undistinguished = (cadence["beaten_by"] == "none").all()
distinct_text = ("No schedule beats another on its whole 95% paired interval: at this cost the schedules cannot "
                 "be told apart" if undistinguished else
                 "Ruled out, each beaten on the whole of its 95% paired interval: "
                 + "; ".join(("never" if r.retrain_every == "never" else f"every {r.retrain_every} month(s)")
                             + f" (by {r.beaten_by})" for r in cadence.itertuples() if r.beaten_by != "none"))
chosen_text = "never retrain on a schedule" if chosen == "never" else f"retrain every {chosen} month(s)"
gain_word = ("helps" if pick_row["gain_low_points"] > 0 else
             "does not help" if pick_row["gain_high_points"] < 0 else "may or may not help")
pays_word = ("pays for itself" if pick_row["net_value_low"] > 0 else
             "does not pay for itself" if pick_row["net_value_high"] < 0 else "may or may not pay for itself")
restore_word = ("does not bring recall back" if shortfall.ci_high < 0 else
                "brings recall back" if shortfall.ci_low >= 0 else "may or may not bring recall back")
story.md(
    f"{distinct_text}. By the stated rule the choice is to **{chosen_text}**. Retraining every {retrain_pick} "
    f"month(s), the cheapest retraining schedule the rule keeps, **{gain_word}** "
    f"({pick_row['gain_vs_never_points']:+.1f} points of recall over never, 95% interval {pick_row['gain_low_points']:+.1f} "
    f"to {pick_row['gain_high_points']:+.1f}) and at {story.format_money(RETRAIN_COST)} a retraining it **{pays_word}** "
    f"(net {story.format_money(pick_row['net_value_low'])} to {story.format_money(pick_row['net_value_high'])} a month). "
    f"Even retraining every month **{restore_word}** to where it was before the ring ({before:.1%} in month 3; "
    f"monthly retraining catches {shortfall.rate_b:.1%}, {100 * shortfall.difference:+.1f} points, 95% interval "
    f"{100 * shortfall.ci_low:+.1f} to {100 * shortfall.ci_high:+.1f}). Retraining fixes a model that has gone "
    "stale on a world that still looks like its features; the ring is a concept change those features "
    "cannot describe. **The retirement trigger:** when retraining on fresh labels stops restoring "
    "performance, more retraining is money spent on the wrong fix: redesign (new features or data that "
    "describe the new fraud, such as device or merchant-network signals) or retire the model in favour of "
    "something that works."
)

# %% [markdown]
# ### Exercise 4 · Choose a retraining schedule at another price

# %%
exercise_retrain_cost = 4 * RETRAIN_COST      # a dearer retraining: labels bought in, each release reviewed by hand
q4 = nb04.bind_cadence(cadence_evidence=cadence_evidence, retrain_cost=exercise_retrain_cost)
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
table_at_cost, rule_pick, _ = cadence_evidence(exercise_retrain_cost)
print(table_at_cost[["retrain_every", "net_value_per_month", "net_value_low", "net_value_high", "beaten_by"]]
      .round(0).to_string(index=False))
q4_answer = rule_pick        # the cheapest schedule no other beats on its whole paired interval
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
_beaten = [k for k in ("1", "2", "3", "never") if cadence_evidence(exercise_retrain_cost)[0]
           .set_index("retrain_every").loc[k, "beaten_by"] != "none"]
assert _beaten and not q4.check(_beaten[0])
assert q4.check(____).correct is None

# %% [markdown]
# ## 4. A/B test: fewer false declines, yet the slower candidate loses
#
# The team wants to replace the incumbent (v1) with a candidate: v2's fresher training data in a
# bigger architecture (v2's scores stand in for it), which adds `CANDIDATE_EXTRA_LATENCY_MS` to every
# checkout. The test below is
# **simulated**: its visitors are drawn from the two models' measured rates on months 6-9 of the
# simulated stream, under assumptions that are explicit and editable:
#
# - a wrongly declined good customer does not convert, and each extra 100 ms loses `LOSS_PER_100MS`
#   of conversions (relative);
# - the business metric is **value per visitor**: `MARGIN_PER_CHECKOUT` for each good customer who
#   completes checkout, plus `VALUE_PER_FRAUD_CAUGHT` for each fraud the model stops. Conversion
#   alone would ignore half of what the model is for.
#
# **Plan first.** Before the test, the team picks the smallest conversion change it must not miss,
# `MIN_EFFECT_POINTS`, and sizes the test for it: the test then runs exactly that many visitors per
# arm. The true effect is unknown before a test, so it cannot be the plan.

# %% tags=["nbval-check-output"]
thr_v1 = float(np.quantile(models.fraud_scores(v1, ring[ring["month"] <= 2]), 1 - alert_rate))
thr_v2 = float(np.quantile(models.fraud_scores(v2, ring[ring["month"].isin([4, 5])]), 1 - alert_rate))
rate_a = BASE_CONVERSION * (1 - float((models.fraud_scores(v1, ring[ring["month"] <= 2].loc[lambda d: ~d["is_fraud"]])
                                        >= thr_v1).mean()))   # the incumbent's conversion, known before the test
min_effect = MIN_EFFECT_POINTS / 100
needed = experiments.sample_size_per_arm(rate_a, -min_effect, alpha=ALPHA, power=POWER)
n_per_arm = needed                      # the plan fixes the test's size before it starts
print(f"incumbent conversion before the test: {rate_a:.2%}")
print(f"to detect a {MIN_EFFECT_POINTS:g}-point change with {POWER:.0%} power (two-sided, alpha {ALPHA}): "
      f"{needed:,} visitors per arm")
_ = story.record("ab_sample_size_per_arm", needed, label="Visitors per arm to detect the minimum effect")

# %%
test_rows = ring[ring["month"] >= 6]
is_fraud_test = test_rows["is_fraud"].to_numpy()
scores_test_v1, scores_test_v2 = models.fraud_scores(v1, test_rows), models.fraud_scores(v2, test_rows)
false_decline_a = float((scores_test_v1[~is_fraud_test] >= thr_v1).mean())
false_decline_b = float((scores_test_v2[~is_fraud_test] >= thr_v2).mean())
catch_a = float((scores_test_v1[is_fraud_test] >= thr_v1).mean())
catch_b = float((scores_test_v2[is_fraud_test] >= thr_v2).mean())
decline_gap = paired_bootstrap_interval(scores_test_v1[~is_fraud_test] >= thr_v1,
                                        scores_test_v2[~is_fraud_test] >= thr_v2, n_boot=2_000, seed=SEED)
catch_gap = paired_bootstrap_interval(scores_test_v1[is_fraud_test] >= thr_v1, scores_test_v2[is_fraud_test] >= thr_v2,
                                      n_boot=2_000, seed=SEED)     # the same frauds, each model's own threshold
fraud_share = float(is_fraud_test.mean())
true_conv_a = BASE_CONVERSION * (1 - false_decline_a)
true_conv_b = float(experiments.conversion_after_latency(BASE_CONVERSION * (1 - false_decline_b),
                                                         CANDIDATE_EXTRA_LATENCY_MS, loss_per_100ms=LOSS_PER_100MS))


def simulate_arm(rng, conversion, catch):
    """Simulated visitors of one arm: each one's value (margin if a good customer converts, loss averted if a fraud is caught)."""
    fraud = rng.random(n_per_arm) < fraud_share
    converted = ~fraud & (rng.random(n_per_arm) < conversion)
    caught = fraud & (rng.random(n_per_arm) < catch)
    return converted, caught, fraud, converted * MARGIN_PER_CHECKOUT + caught * VALUE_PER_FRAUD_CAUGHT


ab_rng = np.random.default_rng(SEED)
conv_a, caught_a, fraud_a, value_a = simulate_arm(ab_rng, true_conv_a, catch_a)
conv_b, caught_b, fraud_b, value_b = simulate_arm(ab_rng, true_conv_b, catch_b)
ab = experiments.two_proportion_test(int(conv_a.sum()), int((~fraud_a).sum()), int(conv_b.sum()),
                                     int((~fraud_b).sum()), alpha=ALPHA)
welch = stats.ttest_ind(value_b, value_a, equal_var=False)
value_ci = welch.confidence_interval(1 - ALPHA)
value_diff = float(value_b.mean() - value_a.mean())
ab_table = pd.DataFrame({
    "incumbent (v1)": [int((~fraud_a).sum()), ab.rate_a, int(fraud_a.sum()), caught_a[fraud_a].mean(), value_a.mean()],
    "candidate": [int((~fraud_b).sum()), ab.rate_b, int(fraud_b.sum()), caught_b[fraud_b].mean(), value_b.mean()],
}, index=["good customers", "conversion", "fraudsters", "share of fraud caught", "value per visitor ($)"])
ab_table.round(4)

# %% tags=["nbval-check-output"]
print(f"measured on months 6-9 of the simulated stream: false declines incumbent {false_decline_a:.2%}, candidate "
      f"{false_decline_b:.2%}; share of fraud caught incumbent {catch_a:.1%}, candidate {catch_b:.1%} "
      f"({100 * catch_gap.estimate:+.1f} points, 95% paired bootstrap {100 * catch_gap.low:+.1f} to "
      f"{100 * catch_gap.high:+.1f}, on the same {int(is_fraud_test.sum()):,} frauds)")
print(f"conversion, candidate minus incumbent: {100 * ab.difference:+.2f} points "
      f"(95% interval {100 * ab.ci_low:+.2f} to {100 * ab.ci_high:+.2f} points, p = {ab.p_value:.2g})")
caught_test = experiments.two_proportion_test(int(caught_a.sum()), int(fraud_a.sum()), int(caught_b.sum()),
                                             int(fraud_b.sum()), alpha=ALPHA)
print(f"share of fraud caught, candidate minus incumbent: {100 * caught_test.difference:+.1f} points "
      f"(95% interval {100 * caught_test.ci_low:+.1f} to {100 * caught_test.ci_high:+.1f} points, "
      f"on {int(fraud_a.sum()):,} and {int(fraud_b.sum()):,} simulated fraudsters)")
print(f"value per visitor, candidate minus incumbent: ${value_diff:+.3f} (95% Welch interval "
      f"${value_ci.low:+.3f} to ${value_ci.high:+.3f}, p = {welch.pvalue:.2g})")
story.record_table([("ab_difference", 100 * float(ab.difference), "Candidate minus incumbent conversion", "{:+.2f} points"),
                    ("ab_value_difference", value_diff, "Candidate minus incumbent value per visitor", "${:+.3f}")])

# %%
value_word = ("gains" if value_ci.low > 0 else "loses" if value_ci.high < 0 else "may gain or lose")
conv_word = "falls" if ab.difference < 0 else "rises"
declines_word = ("declines fewer" if decline_gap.high < 0 else "declines more" if decline_gap.low > 0 else
                 "is not shown to decline more or fewer")
catches_word = ("catches more" if catch_gap.low > 0 else "catches less" if catch_gap.high < 0 else
                "is not shown to catch more or less")
offline_text = ("Declining fewer good customers, the candidate's offline gain, did not make up for its latency: "
                f"conversion still {conv_word}. An offline improvement is not the business metric."
                if decline_gap.high < 0 and ab.ci_high < 0 else
                "An offline improvement is not the business metric: judge the candidate on what the test measured.")
story.md(
    f"On the simulated stream the candidate {declines_word} good customers ({false_decline_b:.2%} "
    f"against {false_decline_a:.2%}, 95% paired interval {100 * decline_gap.low:+.2f} to {100 * decline_gap.high:+.2f} "
    f"points) and {catches_word} fraud at its threshold ({catch_b:.1%} against "
    f"{catch_a:.1%}, 95% paired interval {100 * catch_gap.low:+.1f} to {100 * catch_gap.high:+.1f} points; in the test {100 * caught_test.difference:+.1f} points of fraud caught, 95% interval "
    f"{100 * caught_test.ci_low:+.1f} to {100 * caught_test.ci_high:+.1f}); its extra {CANDIDATE_EXTRA_LATENCY_MS} ms "
    "cost checkouts. In the simulated test, "
    f"conversion {conv_word} by "
    f"**{abs(100 * ab.difference):.2f} points** (95% interval {100 * ab.ci_low:+.2f} to {100 * ab.ci_high:+.2f} "
    f"points; p = {ab.p_value:.2g}, the chance of a gap at least this large if the two arms converted alike). "
    f"Counting both what the business earns and what it saves, the candidate **{value_word}** value: "
    f"{value_diff:+.3f} dollars a visitor (95% interval {value_ci.low:+.3f} to {value_ci.high:+.3f}). The test was "
    f"sized for a {MIN_EFFECT_POINTS:g}-point change in conversion ({needed:,} visitors per arm). "
    f"{offline_text}"
)

# %% [markdown]
# ### The peeking trap
#
# An impatient team checks the dashboard `N_LOOKS` times during the test and stops at the first
# p < 0.05. Simulate thousands of A/A tests (both arms identical, so every "win" is false) and
# count how often that policy declares one, against looking once at the end, and against a
# sequential design (O'Brien-Fleming boundaries: strict early, close to 1.96 at the end).

# %% tags=["nbval-check-output"]
peek = experiments.peeking_simulation(n_per_arm, n_looks=N_LOOKS, rate=rate_a, alpha=ALPHA,
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
ax.set_ylim(0, max(0.3, float(peek.by_looks["false_positive_rate"].max()) + 0.05))   # full axis from 0
plots.finish(ax, title=f"Stopping at the first of {N_LOOKS} peeks crowns {peek.false_positive_peeking:.0%} of "
                       "simulated A/A tests",
             xlabel="Number of looks at the running test (count)",
             ylabel="False-positive rate (share of simulated A/A tests)",
             takeaway="Fix the sample size in advance, or use a sequential design built for repeated looks.")
plt.show()

# %% [markdown]
# ### Exercise 5 · Plan for a smaller minimum effect

# %%
q5 = nb04.bind_plan(rate_a=rate_a, min_effect=min_effect, alpha=ALPHA, power=POWER)
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
q5_answer = experiments.sample_size_per_arm(rate_a, -min_effect / 2, alpha=ALPHA, power=POWER)
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check(2 * needed)
assert q5.check(____).correct is None

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
first_step, last_step = why.steps.iloc[0], why.steps.iloc[-1]
print(f"score {first_step['score']:.4f} -> {last_step['score']:.4f}; decision "
      f"{'decline' if first_step['decision'] else 'approve'} -> {'decline' if last_step['decision'] else 'approve'}; "
      f"main cause: {why.main_cause}")
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
# A model earns its keep only while it beats the baseline by more than it costs. After the ring
# (months 4-9), compare the fraud the model catches on the schedule chosen in section 3 with what
# the rule catches, fraud by fraud, and value the difference at `VALUE_PER_FRAUD_CAUGHT`; subtract
# `REVIEW_COST_PER_ALERT` for the model's extra alerts, `MODEL_RUN_COST_PER_MONTH`, and retraining on
# that schedule. The two flag different volumes, so they are compared in dollars, where the extra
# alerts are paid for.

# %%
model_caught = caught_by_cadence[chosen]
rule_caught = live["rule_flag"].to_numpy()[ring_months][fraud_ring]
over_rule = paired_bootstrap_interval(rule_caught, model_caught, n_boot=2_000, seed=SEED)
extra_alerts_per_month = scale * float((live_months.loc[4:, "alerts"] - live_months.loc[4:, "rule_alerts"]).mean())
monthly_cost = MODEL_RUN_COST_PER_MONTH + RETRAIN_COST * retrains_per_month[chosen]


def net_value(recall_gain):
    """Dollars a month the model adds over the rule at the real volume, after its costs."""
    return (recall_gain * fraud_per_month * VALUE_PER_FRAUD_CAUGHT
            - extra_alerts_per_month * REVIEW_COST_PER_ALERT - monthly_cost)


net, net_low, net_high = net_value(over_rule.estimate), net_value(over_rule.low), net_value(over_rule.high)
schedule_text = ("v1, with no scheduled retraining, as the rule of section 3 chose" if chosen == "never" else
                 f"retrained every {chosen} month(s), as the rule of section 3 chose")
pd.DataFrame({"per month, real volume": {
    "frauds after the ring": fraud_per_month,
    "recall over the rule (points)": 100 * over_rule.estimate,
    "extra alerts over the rule": extra_alerts_per_month,
    "model cost incl. retraining ($)": monthly_cost,
    "net value over the rule ($)": net,
    "net value, 95% interval low ($)": net_low,
    "net value, 95% interval high ($)": net_high,
}}).round(1)

# %% tags=["nbval-check-output"]
per_txn = (net + monthly_cost) / MONTHLY_VOLUME     # value before fixed costs, per transaction
break_even_volume = monthly_cost / per_txn if per_txn > 0 else float("inf")
print(f"model minus rule recall, months 4-9: {100 * over_rule.estimate:+.1f} points "
      f"(95% paired bootstrap {100 * over_rule.low:+.1f} to {100 * over_rule.high:+.1f})")
print(f"net value over the rule: {story.format_money(net)} a month (95% interval {story.format_money(net_low)} to {story.format_money(net_high)})")
print(f"break-even volume at the estimate: {break_even_volume:,.0f} transactions a month")
story.record_table([
    ("model_net_value_per_month", float(net), "Model's net value over the rule per month, at the real volume", "${:,.0f}"),
    ("break_even_volume", float(break_even_volume) if np.isfinite(break_even_volume) else -1.0,
     "Monthly volume below which the model costs more than it adds", "{:,.0f}")])

# %%
worth_word = ("is worth" if net_low > 0 else "is not worth" if net_high < 0 else "may or may not be worth")
story.md(
    f"After the ring the model ({schedule_text}) {worth_word} more than it costs: "
    f"**{story.format_money(net)}** a month over the rule (95% interval {story.format_money(net_low)} to {story.format_money(net_high)}). Two "
    "signals say when to stop: the net value's interval falls below zero (retire: fall back to the rule), "
    "or retraining stops restoring performance (section 3: redesign before spending more on retraining). "
    f"Scale matters too: below about **{break_even_volume:,.0f}** transactions a month the same model "
    "would cost more than it adds at the estimate."
)

# %% [markdown]
# ## Decision gate 4: four separate decisions
#
# "Keep, retrain or retire?" and "replace the incumbent?" are different questions with different
# evidence, so each gets its own gate. Criteria that rest on a sampled estimate are decided on their
# interval: pass when the whole interval clears the line, fail when it all misses, otherwise "not yet".

# %%
gate_monitor = monitor_gate(PSI_ALERT)       # decided on the replayed streams of section 1
gate_retrain = gates.Gate("Gate 4b: retrain on a schedule?", [
    gates.criterion("v2 catches more of months 6-9's fraud than v1 (recall difference, points)",
                    100 * v2_gain.estimate, ">", 0.0, interval=(100 * v2_gain.low, 100 * v2_gain.high),
                    n=int(fraud6.sum()),
                    evidence=f"the same {fraud6.sum():,} simulated frauds scored by both, 95% paired bootstrap",
                    fmt="{:+.1f}"),
    gates.criterion(f"Retraining every {retrain_pick} month(s), the cheapest schedule the rule keeps, pays for "
                    "itself over never retraining ($ a month)",
                    float(pick_row["net_value_per_month"]), ">", 0.0,
                    interval=(float(pick_row["net_value_low"]), float(pick_row["net_value_high"])), n=n_ring_frauds,
                    evidence=f"recall gain on the same {n_ring_frauds:,} simulated frauds of months 4-9 (95% paired "
                             f"bootstrap), at {fraud_per_month:,.0f} frauds a month, minus retraining", fmt="${:,.0f}"),
])
gate = gates.Gate("Gate 4c: keep the model as designed (not redesign or retire)?", [
    gates.criterion("Even monthly retraining brings recall back to its pre-ring level (difference, points)",
                    100 * shortfall.difference, ">=", 0.0,
                    interval=(100 * shortfall.ci_low, 100 * shortfall.ci_high), n=len(monthly_caught),
                    evidence="monthly retraining on months 4-9 vs v1 in month 3, simulated frauds, 95% Wald interval",
                    fmt="{:+.1f}"),
    gates.criterion("Model worth more than the rule, after its costs ($ a month)", float(net), ">", 0.0,
                    interval=(float(net_low), float(net_high)), n=n_ring_frauds,
                    evidence="extra fraud caught over the rule (95% paired bootstrap) in dollars, minus review, "
                             "running and retraining costs", fmt="${:,.0f}"),
    gates.judgement("Any changed decision can be explained from versions", bool(why.steps["score"].notna().all()),
                    evidence=f"registry versions {entry_v1.version} and {entry_v2.version}, config hashes, "
                             "step-by-step diff"),
])
gate_candidate = gates.Gate("Gate 4d: replace the incumbent with the slower candidate?", [
    gates.criterion("Candidate's value per visitor at least the incumbent's ($)", value_diff, ">=", 0.0,
                    interval=(float(value_ci.low), float(value_ci.high)),
                    settle="a larger test: the interval straddles zero",
                    evidence=f"simulated A/B test, {n_per_arm:,} visitors per arm, margin plus fraud losses "
                             "averted, 95% Welch interval", fmt="{:+.3f}"),
    gates.criterion(f"Conversion falls by less than the {MIN_EFFECT_POINTS:g}-point guardrail (points)",
                    100 * ab.difference, ">", -MIN_EFFECT_POINTS,
                    interval=(100 * ab.ci_low, 100 * ab.ci_high), n=n_per_arm,
                    evidence=f"simulated A/B test, {n_per_arm:,} visitors per arm (planned for a "
                             f"{MIN_EFFECT_POINTS:g}-point change at {POWER:.0%} power), 95% Wald interval",
                    fmt="{:+.2f}"),
])
gate.record()
gate_monitor.record("gate_monitor")
gate_retrain.record("gate_retrain")
gate_candidate.record("gate_candidate")
gate_monitor

# %%
gate_retrain

# %%
gate

# %%
gate_candidate

# %%
advice = {
    "gate_monitor": {"GO": "rely on it for shifts of this size, and keep counting its alarms on real seasons",
                     "NOT YET": "use it, but keep counting detections and false alarms before trusting it",
                     "NO-GO": "re-tune the window or the alert line"},
    "gate_retrain": {"GO": f"retrain every {retrain_pick} month(s)", "NOT YET": "retrain only if cheap; the gain "
                     "is not yet shown", "NO-GO": "stop scheduled retraining"},
    "gate": {"GO": "keep the model and its monitors", "NOT YET": "keep it while the evidence builds",
             "NO-GO": "redesign the model for the new fraud (or retire it if that fails)"},
    "gate_candidate": {"GO": "roll out the candidate", "NOT YET": "keep the incumbent; a larger test could "
                       "settle it", "NO-GO": "keep the incumbent"},
}
decisions = pd.DataFrame([{"decision": g.title.split(": ", 1)[1], "verdict": g.verdict,
                           "what follows": advice[key][g.verdict]}
                          for key, g in (("gate_monitor", gate_monitor), ("gate_retrain", gate_retrain),
                                         ("gate", gate), ("gate_candidate", gate_candidate))])
decisions

# %%
keep_advice, candidate_advice = advice["gate"][gate.verdict], advice["gate_candidate"][gate_candidate.verdict]
retrain_advice = advice["gate_retrain"][gate_retrain.verdict]
story.md(
    f"**Keep, redesign or retire: {gate.verdict}**, so {keep_advice}. **Retrain on a schedule: "
    f"{gate_retrain.verdict}**, so {retrain_advice}. **Replace the incumbent with the slower candidate: "
    f"{gate_candidate.verdict}**, so {candidate_advice}. **Rely on the weekly drift monitor: "
    f"{gate_monitor.verdict}**, so {advice['gate_monitor'][gate_monitor.verdict]}. Each "
    "verdict rests on its own evidence; change an assumption in the parameters cell and take the gates again."
)
