# %% [markdown]
# # 05 · Translate and communicate: money, risk and honest plans
#
# A model result is worth what the people around you can understand and act on. This notebook turns
# model metrics into money, time and risk, and then tells one result to five audiences without
# anyone retyping a number.
#
# **You will be able to**
# - compute ROI and break-even from editable assumptions (cost against conversions, what an accuracy
#   gain is worth, what added latency costs through churn) and find the assumption that matters most;
# - compare a steady model with an erratic one by the weeks users actually live through;
# - lay out options by risk appetite, each with cost, value and risk;
# - state a roadmap as probabilities from a learning curve, with checkpoints and a backup plan;
# - generate an engineering spec, an executive summary, a legal explanation and finance and support
#   notes from one result object, with conservative, expected and optimistic scenarios;
# - put a price on explainability when someone asks for rules instead of a model.
#
# **Time:** 60 minutes. **PM job:** technical-to-business translation, and expectation management
# (confidence bands, not dates).

# %% tags=["parameters"]
SEED = 42
FAST = False
# The business case: every assumption is a number you can change.
MONTHLY_USERS = 500_000
CONVERSION_RATE = 0.03           # share of users who buy in a month
VALUE_PER_CONVERSION = 40.0      # dollars of margin per purchase
ACCURACY_GAIN_POINTS = 2.0       # the new model is 2 points more accurate
CONVERSION_LIFT_PER_POINT = 0.015  # each point lifts conversions by 1.5% (relative)
ADDED_LATENCY_MS = 150.0         # the new model is slower by this much
LATENCY_CHURN_CURVE = [(0, 0.0), (100, 0.0), (200, 0.004), (400, 0.02), (1000, 0.06)]  # ms -> extra monthly churn
LOST_USER_MONTHS = 6.0           # months of purchases a churned user takes with them
UPFRONT_COST = 90_000.0
MONTHLY_RUN_COST = 4_000.0
HORIZON_MONTHS = 36
# Quality against capability
STEADY_ACCURACY = 0.87           # a model that is the same every week
ERRATIC_ACCURACY = 0.95          # a model that is better in a normal week...
BAD_WEEK_RATE = 0.15             # ...but has a bad week this often
BAD_WEEK_ACCURACY = 0.62         # ...at this accuracy
WEEKLY_FLOOR = 0.85              # the accuracy support promised, every week
N_YEARS = 200                    # simulated years (seeds) over which the bad weeks are counted
# The roadmap
TARGET_PRECISION = 0.70          # precision wanted at the recall below
AT_RECALL = 0.5
GO_PROBABILITY = 0.7             # the confidence we need before a gated trial

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display
from matplotlib.ticker import FuncFormatter, LogLocator

from aipm_kit import communicate, planning, plots, story
from aipm_kit.formatting import isolate_dollars_html
from aipm_kit.story import format_money
from aipm_kit.exercises import ____, nb05
from aipm_kit.scenarios import FEATURES, hand_rule, make_payments, split_by_time
import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime, then use one thread: faster on a busy laptop)
from sklearn.inspection import permutation_importance
from threadpoolctl import threadpool_limits

threadpool_limits(limits=1)
plots.use_style()
N_TRANSACTIONS = 16_000 if FAST else 36_000
N_BOOT = 100 if FAST else 200
N_CURVE_POINTS = 4 if FAST else 5
BOOSTING_ROUNDS = 40 if FAST else 60
n_years = 40 if FAST else N_YEARS


def money_table(frame, money=(), pct=(), counts=(), months=(), by_row=False):
    """A table formatted for reading: whole dollars, percentages, counts, months ("never" for no payback).

    Shown as HTML with each dollar sign isolated, so JupyterLab's MathJax never pairs two of them.
    """
    if by_row:
        frame = frame.T
    out = frame.copy().astype(object)
    for c in money:
        out[c] = frame[c].map(format_money)
    for c in pct:
        out[c] = frame[c].map("{:.1%}".format)
    for c in counts:
        out[c] = frame[c].map("{:,.0f}".format)
    for c in months:
        out[c] = frame[c].map(lambda m: "never" if not np.isfinite(m) else f"{m:.1f}")
    out = out.T if by_row else out
    out.columns = [str(c).replace("_", " ") for c in out.columns]   # spaces let long headers wrap
    return HTML(isolate_dollars_html(out.to_html()))

# %% [markdown]
# ## 1. ROI and break-even, with every assumption in the open
#
# The case: a better recommendation model. It is more accurate, which lifts conversions, but it is
# also slower, and slow pages drive some users away. How much users mind latency is an *assumption*,
# so it is written down as a curve anyone can see and argue with.

# %%
case = planning.BusinessCase(
    monthly_users=MONTHLY_USERS, conversion_rate=CONVERSION_RATE, value_per_conversion=VALUE_PER_CONVERSION,
    accuracy_gain_points=ACCURACY_GAIN_POINTS, conversion_lift_per_point=CONVERSION_LIFT_PER_POINT,
    added_latency_ms=ADDED_LATENCY_MS, latency_churn=LATENCY_CHURN_CURVE, lost_user_months=LOST_USER_MONTHS,
    upfront_cost=UPFRONT_COST, monthly_cost=MONTHLY_RUN_COST, horizon_months=HORIZON_MONTHS)
roi = case.evaluate()
roi_table = roi.to_frame()["value"]
HTML(isolate_dollars_html(pd.DataFrame(
    {"value": [f"{v:.2%}" if "churn from" in k else f"{v:.1f}" if "months)" in k else f"{v:.0%}"
               if k.startswith("ROI") else format_money(v) for k, v in roi_table.items()]},
    index=roi_table.index).to_html()))

# %% tags=["nbval-check-output"]
be = roi.break_even
print(f"value of the accuracy gain: {roi.accuracy_value:,.0f} $/month")
print(f"latency churn: {roi.extra_churn:.2%} of users a month, costing {roi.latency_cost:,.0f} $/month")
print(f"break-even: {be.months:.1f} months; net at month {be.horizon_months}: {be.net_value:,.0f} $")

# %%
no_latency = case.with_(added_latency_ms=0).evaluate().break_even
story.md(
    f"The {case.accuracy_gain_points:g}-point gain is worth **${roi.accuracy_value:,.0f} a month**, but the "
    f"{case.added_latency_ms:.0f} ms it adds costs **${roi.latency_cost:,.0f} a month** in users who leave "
    f"(the curve says {roi.extra_churn:.2%} extra churn a month at that latency). Net of the "
    f"${case.monthly_cost:,.0f} running cost the project pays back after **{be.months:.1f} months**; "
    f"with no added latency it would pay back after {no_latency.months:.1f}. Latency is not an engineering "
    f"detail here: it moves the payback date by {be.months - no_latency.months:.1f} months.")
story.record("break_even_months", be.months, label="Break-even of the business case (months)", fmt="{:.1f}")
story.record("accuracy_gain_value_per_year", 12 * roi.accuracy_value,
             label="Value of the accuracy gain per year ($)", fmt="${:,.0f}");

# %%
fig, ax = plots.figure()
latencies = np.arange(0, 501, 10)
ax.plot(latencies, 100 * planning.churn_from_latency(latencies, LATENCY_CHURN_CURVE), color=plots.NEUTRAL, lw=2)
ax.axvline(ADDED_LATENCY_MS, color=plots.BAD, ls="--", label=f"this model: +{ADDED_LATENCY_MS:.0f} ms")
plots.finish(ax, title="The assumed churn curve: users start leaving past 100 ms",
             xlabel="Added latency (ms)", ylabel="Extra monthly churn (% of users)",
             takeaway="An assumption, not a measurement: change LATENCY_CHURN_CURVE and re-run.")
plt.show()

# %% [markdown]
# ### Which assumption matters most? A tornado chart
#
# Move each assumption to a plausible low and high value, one at a time, and watch the net value at
# the horizon. The longest bar is the assumption to check before anyone signs.

# %%
ranges = {
    "conversion_lift_per_point": (0.5 * CONVERSION_LIFT_PER_POINT, 1.5 * CONVERSION_LIFT_PER_POINT),
    "accuracy_gain_points": (0.5 * ACCURACY_GAIN_POINTS, 1.5 * ACCURACY_GAIN_POINTS),
    "added_latency_ms": (max(ADDED_LATENCY_MS - 100, 0), ADDED_LATENCY_MS + 100),
    "lost_user_months": (0.5 * LOST_USER_MONTHS, 2 * LOST_USER_MONTHS),
    "upfront_cost": (0.7 * UPFRONT_COST, 1.5 * UPFRONT_COST),
    "monthly_cost": (0.5 * MONTHLY_RUN_COST, 2 * MONTHLY_RUN_COST),
}
tornado = planning.sensitivity(case, ranges, output="net_value")
fig, ax = plots.figure()
tornado.plot(ax, scale=1_000)
plots.finish(ax, title=f"Net value depends most on {tornado.most_sensitive.replace('_', ' ')}",
             xlabel=f"Net value at month {HORIZON_MONTHS} (thousand $)", ylabel="Assumption (low to high)",
             takeaway="Spend the next week of analysis on the top bar, not the bottom one.")
ax.set_ylim(-2.6, len(ranges) - 0.5)  # room for the legend under the bars
ax.legend(loc="lower left", frameon=False, ncols=1, fontsize=9)
plt.show()

# %% tags=["nbval-check-output"]
for name, row in tornado.to_frame().iterrows():
    low, high = (f"{v:,.0f}" if abs(v) >= 1_000 else f"{v:.4g}" for v in (row.low, row.high))
    print(f"{name:<26} {low:>9} to {high:<9} swing {row.swing / 1_000:,.1f} thousand $")

# %% [markdown]
# ## 2. A reliable model or an erratic one?
#
# Users do not experience an average: they live through weeks. Simulate a year of weeks for a model
# that is steady, and for one that is more accurate in a normal week but has a bad week now and then
# (an upstream change, a holiday mix, a broken feature).

# %%
steady = planning.simulate_weekly_accuracy(STEADY_ACCURACY, week_to_week_sd=0.012, weeks=52,
                                           name=f"steady {STEADY_ACCURACY:.0%}", seed=SEED)
erratic = planning.simulate_weekly_accuracy(ERRATIC_ACCURACY, week_to_week_sd=0.012, bad_week_rate=BAD_WEEK_RATE,
                                            bad_week_accuracy=BAD_WEEK_ACCURACY, weeks=52,
                                            name=f"erratic {ERRATIC_ACCURACY:.0%}", seed=SEED + 1)
outcomes = pd.DataFrame([steady.summary(WEEKLY_FLOOR), erratic.summary(WEEKLY_FLOOR)]).set_index("model")
outcomes.round(3)

# %%
fig, ax = plots.figure()
bins = np.linspace(0.5, 1.0, 41)
ax.hist(steady.weekly_accuracy, bins=bins, alpha=0.8, color=plots.NEUTRAL, label=steady.name)
ax.hist(erratic.weekly_accuracy, bins=bins, alpha=0.7, color=plots.ACCENT, label=erratic.name)
ax.axvline(WEEKLY_FLOOR, color=plots.BAD, ls="--", label=f"promised floor {WEEKLY_FLOOR:.0%}")
plots.finish(ax, title=f"In this simulated year the erratic model breaks the {WEEKLY_FLOOR:.0%} promise in "
                       f"{int((erratic.weekly_accuracy < WEEKLY_FLOOR).sum())} of 52 weeks",
             xlabel="Weekly accuracy users experienced (share correct)", ylabel="Weeks (count of 52)",
             takeaway="A higher average with fat bad weeks can be the worse product.")
plt.show()

# %% [markdown]
# One simulated year is one draw: bad weeks arrive by chance, so one year can hold a few of them and
# the next year many. So simulate many years (one seed each) and count, for each model, the weeks below the floor
# per year: the average over years, a 95% interval for that average, and the range a single year
# falls in 90% of the time.

# %%
def weeks_below(accuracy, seed, **kwargs):
    year = planning.simulate_weekly_accuracy(accuracy, week_to_week_sd=0.012, weeks=52, seed=seed, **kwargs)
    return int((year.weekly_accuracy < WEEKLY_FLOOR).sum()), year.mean


years = {
    steady.name: [weeks_below(STEADY_ACCURACY, SEED + 1_000 + 2 * i) for i in range(n_years)],
    erratic.name: [weeks_below(ERRATIC_ACCURACY, SEED + 1_001 + 2 * i, bad_week_rate=BAD_WEEK_RATE,
                               bad_week_accuracy=BAD_WEEK_ACCURACY) for i in range(n_years)],
}
rows = {}
for name, runs in years.items():
    bad = np.array([b for b, _ in runs], dtype=float)
    half = 1.96 * bad.std(ddof=1) / np.sqrt(len(bad)) if bad.std() > 0 else 0.0
    rows[name] = {"mean accuracy": np.mean([m for _, m in runs]), "bad weeks a year (mean)": bad.mean(),
                  "mean, 95% low": bad.mean() - half, "mean, 95% high": bad.mean() + half,
                  "one year, 5%": np.percentile(bad, 5), "one year, 95%": np.percentile(bad, 95)}
bad_weeks = pd.DataFrame(rows).T

# %% tags=["nbval-check-output"]
print(f"{n_years} simulated years per model; weeks below the {WEEKLY_FLOOR:.0%} floor")
print(bad_weeks.rename(columns={"bad weeks a year (mean)": "bad weeks/year", "mean, 95% low": "95% low",
                                "mean, 95% high": "95% high", "one year, 5%": "1 year: 5%",
                                "one year, 95%": "1 year: 95%"}).round(2).to_string())

# %%
e, st = bad_weeks.loc[erratic.name], bad_weeks.loc[steady.name]
story.md(
    f"In the year drawn above, the steady model averages **{steady.mean:.1%}** and its worst week is "
    f"{steady.worst:.1%}; the erratic one averages **{erratic.mean:.1%}** with a worst week of {erratic.worst:.1%}. "
    f"Over {n_years} simulated years, the erratic model breaks the {WEEKLY_FLOOR:.0%} floor in "
    f"**{e['bad weeks a year (mean)']:.1f} weeks a year** on average (95% interval {e['mean, 95% low']:.1f} to "
    f"{e['mean, 95% high']:.1f}; a single year ranges from {e['one year, 5%']:.0f} to {e['one year, 95%']:.0f} "
    f"weeks in 90% of years); the steady one in {st['bad weeks a year (mean)']:.1f} (95% interval "
    f"{st['mean, 95% low']:.1f} to {st['mean, 95% high']:.1f}). If support has promised a floor, those bad weeks "
    "are the price of the higher average, and the capability work that raised the ceiling should wait until "
    "they are understood.")
story.record("bad_weeks_per_year_erratic", [e["bad weeks a year (mean)"], e["mean, 95% low"], e["mean, 95% high"]],
             label=f"Erratic model: weeks below the floor per year, over {n_years} simulated years (95% interval)",
             fmt="{0[0]:.1f} ({0[1]:.1f} to {0[2]:.1f})")
story.record("bad_weeks_per_year_steady", [st["bad weeks a year (mean)"], st["mean, 95% low"], st["mean, 95% high"]],
             label=f"Steady model: weeks below the floor per year, over {n_years} simulated years (95% interval)",
             fmt="{0[0]:.1f} ({0[1]:.1f} to {0[2]:.1f})")
story.record("weeks_below_floor_erratic", erratic.share_below(WEEKLY_FLOOR),
             label="Erratic model: share of weeks below the floor, the year drawn above", fmt="{:.0%}")
story.record("weeks_below_floor_steady", steady.share_below(WEEKLY_FLOOR),
             label="Steady model: share of weeks below the floor, the year drawn above", fmt="{:.0%}");

# %% [markdown]
# ## 3. Options by risk appetite
#
# Three ways to ship: the simple thing first (rules, cheap and nearly sure to work), the model for
# high-value users only (less to build, less at stake), or the full build. Their value comes from the
# business case above; how likely each is to work is a judgement you should write down and revisit.

# %%
full_value = max(roi.monthly_value, 0.0)
# share of the full build's cost and value, chance it works, months until it delivers (judgements: edit them)
OPTION_SHAPES = {
    "simple rules first": dict(cost=0.10, run=0.25, value=0.30, p_success=0.90, months_to_value=1),
    "high-value users only": dict(cost=0.40, run=0.40, value=0.50, p_success=0.80, months_to_value=2),
    "full build": dict(cost=1.00, run=1.00, value=1.00, p_success=0.65, months_to_value=3),
}
options = planning.compare_options([
    planning.Option(name, upfront_cost=o["cost"] * UPFRONT_COST, monthly_cost=o["run"] * MONTHLY_RUN_COST,
                    monthly_value=o["value"] * full_value, p_success=o["p_success"],
                    months_to_value=o["months_to_value"]) for name, o in OPTION_SHAPES.items()
], horizon_months=HORIZON_MONTHS)
money_table(options.to_frame(), money=["upfront_cost", "total_cost_if_success", "value_if_success", "net_if_success",
                                       "net_if_failure", "expected_net"], pct=["p_success", "p_loss"])

# %% [markdown]
# How appetite turns into a choice, written down so anyone can argue with it: every appetite drops
# options that lose money on average; a **low** appetite then takes the best worst case; a **medium**
# one the best expected value among options whose chance of a loss is at most
# `planning.MEDIUM_MAX_P_LOSS` (printed below); a **high** one the best expected value whatever the downside. A bold
# team accepts a bigger downside for more expected value, never a worse option on both counts.

# %% tags=["nbval-check-output"]
t = options.to_frame()
print(f"medium appetite accepts at most a {planning.MEDIUM_MAX_P_LOSS:.0%} chance of a loss")
for appetite in planning.APPETITES:
    pick = options.recommend(appetite)
    print(f"{appetite:>6} risk appetite -> {pick} (expected net {format_money(t.loc[pick, 'expected_net'])}, "
          f"worst case {format_money(t.loc[pick, 'net_if_failure'])}, chance of a loss {t.loc[pick, 'p_loss']:.0%})")

# %% [markdown]
# ## 4. A probabilistic roadmap
#
# "When will the fraud model reach its precision target?" has no honest date, but it has an honest
# probability. Train the payments fraud model on growing amounts of data (the data a team would have
# at each point in time), measure precision at a fixed recall on later months, and fit a learning
# curve. Resampling the test months gives each point its uncertainty; fitting a curve to every
# resample turns that into a spread of futures.

# %%
payments = make_payments(N_TRANSACTIONS, seed=SEED, months=6, fraud_rate=0.04, drift_month=None, incident=False)
train, test = split_by_time(payments, train_months=[1, 2, 3, 4], test_months=[5, 6])
sizes = np.unique(np.geomspace(len(train) / 8, len(train), N_CURVE_POINTS).astype(int))
curve_data = planning.measure_learning_curve(train, test, sizes, recall=AT_RECALL, n_boot=N_BOOT, seed=SEED,
                                             max_iter=BOOSTING_ROUNDS)
curve = curve_data.curve
curve_data.interval().round(3)

# %%
rows_per_month = len(payments) / 6
volumes = {"Q3": len(train) + 3 * rows_per_month, "Q4": len(train) + 6 * rows_per_month,
           "Q1 next year": len(train) + 9 * rows_per_month}
roadmap = planning.milestone_probabilities(curve_data, volumes, TARGET_PRECISION)
roadmap.to_frame().round(3)

# %%
fig, ax = plots.figure()
iv = curve_data.interval()
grid = np.geomspace(sizes[0], max(volumes.values()), 60)
# one fitted curve per bootstrap replicate: the spread of futures the probabilities are counted from
spread = planning.milestone_probabilities(curve_data, {str(i): v for i, v in enumerate(grid)},
                                          TARGET_PRECISION).predictions
for line in spread[:: max(len(spread) // 40, 1)]:
    ax.plot(grid, line, color=plots.ACCENT, lw=0.6, alpha=0.25)
ax.fill_between(grid, np.quantile(spread, 0.05, axis=0), np.quantile(spread, 0.95, axis=0), color=plots.ACCENT,
                alpha=0.15, label=f"90% of the {len(spread)} fitted curves (thin lines: a sample of them)")
ax.errorbar(iv["training_size"], iv.iloc[:, 1], yerr=[iv.iloc[:, 1] - iv["low"], iv["high"] - iv.iloc[:, 1]],
            fmt="o", color=plots.NEUTRAL, label="measured (90% bootstrap interval)")
ax.plot(grid, curve.predict(grid), color=plots.NEUTRAL, lw=2, label="curve fitted to the measured points")
ax.axhline(TARGET_PRECISION, color=plots.BAD, ls="--", label=f"target {TARGET_PRECISION:.0%}")
ax.set_ylim(0, 1)
for name, vol in volumes.items():
    ax.axvline(vol, color="grey", lw=0.8)
    ax.text(vol, 0.02, f" {name}", rotation=90, va="bottom", fontsize=8)
ax.set_xscale("log")
ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _: ""))
ax.legend(loc="lower right", frameon=False, fontsize=8)
q3_lo, q3_hi = roadmap.probability_interval("Q3")
plots.finish(ax, title=f"P(target by Q3) = {roadmap.probabilities['Q3']:.2f} (95% interval {q3_lo:.2f}-{q3_hi:.2f}), not a date",
             xlabel="Labelled training rows (log scale)", ylabel=f"Precision at {AT_RECALL:.0%} recall",
             takeaway="Each quarter of labels buys less than the one before.")
plt.show()

# %% [markdown]
# Each probability is a share of a finite number of fitted curves, so it has its own uncertainty: a
# 95% Wilson interval over the fits. (That covers only the counting; the learning-curve shape is an
# assumption the fits do not test.)

# %% tags=["nbval-check-output"]
for name in volumes:
    lo, hi = roadmap.probability_interval(name)
    print(f"{name:<13} ({volumes[name]:,.0f} rows): P(target) = {roadmap.probabilities[name]:.2f}, "
          f"95% interval {lo:.2f} to {hi:.2f} ({len(roadmap.predictions)} fits)")
print(f"P(curve levels off below target) = {roadmap.stall_probability:.2f}")

# %% [markdown]
# The plan is a list of checkpoints, each with what would make it pass and what happens if it does
# not. The baseline is the hand rule, measured on the same test months.

# %%
rule_flags = hand_rule(test).to_numpy()
rule_precision = float(test["is_fraud"].to_numpy()[rule_flags].mean()) if rule_flags.any() else 0.0
rule_recall = float(rule_flags[test["is_fraud"].to_numpy()].mean())
# a milestone clears the bar only when the whole interval of its probability is above it
clears = [m for m in volumes if roadmap.probability_interval(m)[0] >= GO_PROBABILITY]
close = [m for m in volumes if m not in clears and roadmap.probability_interval(m)[1] >= GO_PROBABILITY]
trial_at = clears[0] if clears else list(volumes)[-1]
with pd.option_context("display.max_colwidth", None):
    display(roadmap.checkpoints(baseline_score=rule_precision, trial_milestone=trial_at, go_probability=GO_PROBABILITY,
                                baseline_label=f"precision of the rule (at its own recall, {rule_recall:.1%})"))

# %%
close_text = ", ".join(close) if close else "none"
if clears:
    trial_sentence = (f"The first milestone whose probability clears {GO_PROBABILITY:.0%} on its whole interval is "
                      f"**{trial_at}**, so that is when the gated trial goes in the plan.")
else:
    trial_sentence = (f"No milestone clears {GO_PROBABILITY:.0%} on its whole interval, so the gated trial stays out "
                      "of the plan for now.")
story.md(
    f"Today, with {len(train):,} labelled rows, the model reaches {curve_data.scores[-1]:.1%} precision at "
    f"{AT_RECALL:.0%} recall. The honest roadmap line is: **{roadmap.statement('Q3')}** (95% interval "
    f"{q3_lo:.2f} to {q3_hi:.2f}). {trial_sentence} Milestones whose interval straddles {GO_PROBABILITY:.0%} "
    f"(too close to call): **{close_text}**. The baseline row is the rule's precision at the recall it reaches, "
    f"{rule_recall:.1%}; a rule cannot be moved to {AT_RECALL:.0%} recall, so it is not the same yardstick as the "
    f"model's. Backup: {roadmap.backup_plan()}.")
for name, p in roadmap.probabilities.items():
    story.record(f"p_target_{name.split()[0].lower()}", p, label=f"P(precision >= {TARGET_PRECISION:.0%} by {name})",
                 fmt="{:.2f}")
story.record("stall_probability", roadmap.stall_probability, label="P(learning curve stalls below target)",
             fmt="{:.2f}");

# %% [markdown]
# ## 5. One result, five audiences
#
# One result object holds the model's numbers at its operating point; every text below is generated
# from it. The operating point: the threshold at which the model flags as many transactions as it
# takes to reach the target recall.

# %%
# What the model learned: the features whose shuffling hurts it most (permutation importance).
sample = test.sample(min(len(test), 4_000), random_state=SEED)
importance = permutation_importance(curve_data.last_model, sample[FEATURES], sample["is_fraud"],
                                    scoring="average_precision", n_repeats=2, random_state=SEED)
top_features = tuple(pd.Series(importance.importances_mean, index=FEATURES).nlargest(3).index)
scores = curve_data.last_scores
y_test = test["is_fraud"].to_numpy()
threshold = float(np.quantile(scores[y_test], 1 - AT_RECALL))  # the score that keeps AT_RECALL of fraud
weeks = (test["timestamp"].max() - test["timestamp"].min()).days / 7
result = communicate.summarise_fraud_result(
    test, scores, threshold=threshold, baseline_flags=rule_flags | (test["amount"] > 2_500).to_numpy(),
    weeks=weeks, latency_ms=test["latency_ms"], segment_mask=(test["amount"] >= test["amount"].quantile(0.75)),
    segment_name="top-quartile amounts", baseline_name="the current rules", training_rows=len(train),
    training_period="months 1-4", features=FEATURES, top_features=top_features, review_minutes_per_alert=15)
money_table(result.to_frame(), money=["extra fraud caught ($/month)", "net value ($/month)"],
            pct=["precision", "recall", "recall on top-quartile amounts", "false-flag reduction vs baseline"],
            counts=["alerts per week", "false flags per week", "p95 latency (ms)", "review hours saved per week"],
            by_row=True)

# %%
briefing = communicate.brief(result)
briefing

# %% [markdown]
# The rollback rule in the spec is set from the weekly noise. With a few dozen alerts a week, a
# week's precision scatters by several points around the true rate, so a line at the bottom of today's
# interval would trip on ordinary weeks. The rule instead uses the line a week at that
# pessimistic rate crosses only about once in 100 weeks, and a second, tighter line on four weeks pooled:

# %% tags=["nbval-check-output"]
rollback = communicate.rollback_rule(result)
print(f"one week ({rollback.alerts} alerts): roll back below {rollback.weekly_line:.1%} "
      f"(chance for a healthy week {rollback.weekly_chance:.1%})")
print(f"{rollback.weeks} weeks pooled ({rollback.alerts * rollback.weeks} alerts): roll back below "
      f"{rollback.pooled_line:.1%} (chance {rollback.pooled_chance:.1%})")
print(f"a line at the bottom of the interval ({result.precision_ci[0]:.1%}) trips in "
      f"{communicate.share_below(result.precision_ci[0], rollback.alerts, result.precision):.0%} of weeks at "
      f"today's precision")

# %% tags=["nbval-check-output"]
money_table(communicate.outcome_scenarios(result), money=["extra fraud caught ($/month)", "net value ($/month)"],
            pct=["precision", "recall"], counts=["false flags per week"], months=["break-even (months)"])

# %%
story.record("model_precision", result.precision, label="Fraud model precision at the operating point", fmt="{:.1%}")
story.record("false_flag_reduction", result.false_flag_reduction, label="Fewer false flags than the rules",
             fmt="{:.0%}")
story.record("review_hours_saved_per_week", result.review_hours_saved_per_week,
             label="Review hours saved per week", fmt="{:,.0f}");

# %% [markdown]
# ## 6. Pushing back: what do readable rules cost?
#
# Legal asks for rules a person can read instead of the model. That can be the right call, but it has a
# price, and the price can be measured: fit a depth-2 decision tree (four if-then rules), let it flag
# the transactions in its riskiest leaves, and give the model the same number of alerts.

# %%
rules = planning.fit_rule_set(train, seed=SEED)
print(rules.rules_text)
rule_set_flags = rules.flags(test, max_alert_rate=float((scores >= threshold).mean()))
explain = planning.cost_of_explainability(y_test, rule_set_flags, scores, value=test["amount"], periods=2)
money_table(explain.to_frame(), money=["fraud value caught ($)"], pct=["recall"],
            counts=["alerts", "fraud caught"], by_row=True)

# %%
story.md(
    f"At the same {explain.alerts:,} alerts, the readable rules catch **{explain.rule_recall:.1%}** of fraud and "
    f"the model **{explain.model_recall:.1%}**: {explain.extra_fraud_missed / explain.periods:,.0f} more fraudulent "
    f"transactions a month get through, worth **${explain.cost_per_period:,.0f} a month**. That is the number to bring to the meeting. Legal may still prefer the rules; a middle way "
    f"is the model with the rule set as its explanation for reviewers, and the rules as the fallback.")
story.record("explainability_cost_per_month", explain.cost_per_period,
             label="Fraud let through by readable rules ($/month)", fmt="${:,.0f}");

# %% [markdown]
# ## Exercises

# %%
q1, q2, q3, q4, q5, q6 = nb05.bind(case=case, roi=roi, steady=steady, erratic=erratic, floor=WEEKLY_FLOOR,
                                   roadmap=roadmap, milestone="Q4", options=options, explain=explain)

# %% [markdown]
# **Q1.** After how many months does the project pay back its upfront cost, with every assumption as set
# in the parameters cell?

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = case.upfront_cost / (roi.monthly_value - case.monthly_cost)
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(case.upfront_cost / roi.monthly_value)
assert q1.check(____).correct is None

# %% [markdown]
# **Q2.** What is the accuracy gain worth in a year, in dollars, before latency and running costs?

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = 12 * case.conversion_value_per_month * case.conversion_lift_per_point * case.accuracy_gain_points
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(q2_answer / 12)
assert q2.check(____).correct is None

# %% [markdown]
# **Q3.** Support promised customers that weekly accuracy never drops below the floor. Which model
# (`"steady"` or `"erratic"`) breaks that promise in fewer weeks?

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = "steady" if steady.share_below(WEEKLY_FLOOR) <= erratic.share_below(WEEKLY_FLOOR) else "erratic"
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check("erratic" if q3_answer == "steady" else "steady")
assert q3.check(____).correct is None

# %% [markdown]
# **Q4.** What is the probability of reaching the target precision by the Q4 data volume?

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = planning.probability_at_least(roadmap.predictions[:, list(volumes).index("Q4")], TARGET_PRECISION)
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(q4_answer + 0.1 if q4_answer < 0.9 else q4_answer - 0.1)
assert q4.check(____).correct is None

# %% [markdown]
# **Q5.** A team that cannot afford a visible failure this year should start with which option?
# Answer with the option's name.

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
table = options.to_frame()
q5_answer = table[table["expected_net"] > 0]["net_if_failure"].idxmax()
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check(next(n for n in options.to_frame().index if n != q5_answer))
assert q5.check(____).correct is None

# %% [markdown]
# **Q6.** At the same number of alerts, how much fraud value per month do the readable rules let through
# that the model would stop?

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
q6_answer = (explain.model_caught_value - explain.rule_caught_value) / explain.periods
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check(q6_answer * explain.periods + 1)
assert q6.check(____).correct is None

# %% [markdown]
# ## What to take away
#
# - Put every assumption in one place and make it a number someone can change; then find the one the
#   answer depends on most before arguing about the rest.
# - Compare models by what users live through (the bad weeks), not by the average alone.
# - Plans for learning systems are probabilities: state them that way, with checkpoints and a backup.
# - Tell one result to every audience from the same object, so the numbers can never drift apart.
