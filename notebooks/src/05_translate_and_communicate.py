# %% [markdown]
# # 05 · Translate and communicate: money, risk and honest plans
#
# A model result is worth what the people around you can understand and act on. This notebook turns
# model metrics into money, time and risk, and then tells one model result to five audiences without
# anyone retyping a number.
#
# **You will be able to**
# - compute ROI and break-even from editable assumptions (cost against conversions, what an accuracy
#   gain is worth, what added latency costs through churn) and find the assumption that matters most;
# - compare a steady model with an erratic one by the measured weeks below a promised floor;
# - lay out options by risk appetite, each with cost, value and risk;
# - state a roadmap as a spread of futures from a learning curve, say what that spread leaves out, and set a
#   measured checkpoint and a backup plan;
# - generate a model's engineering spec, executive summary, legal explanation and finance and support
#   notes from one result object, with low, expected and high cases read off the intervals the calls rest on;
# - put a price on explainability when someone asks for rules instead of a model;
# - take an F1 change apart into precision and recall and price each (equal F1 gains can be worth different amounts);
# - answer a vague "put AI everywhere" mandate with gate 1 run on each proposed use: build, rule or drop.
#
# **Time:** 75 minutes. **PM job:** technical-to-business translation, and expectation management
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
WEEK_TO_WEEK_SD = 0.012          # both models' ordinary week-to-week drift in true accuracy (an assumption)
DECISIONS_PER_WEEK = 2_000       # decisions a week, so each week's measured accuracy also carries sampling noise
N_YEARS = 200                    # simulated years (seeds) over which the bad weeks are counted
# The roadmap
TARGET_PRECISION = 0.70          # precision wanted at the recall below
AT_RECALL = 0.5
CHECKPOINT_MARGIN = 0.05         # the checkpoint is sized to pass, with the chance below, at a true precision this far above
CHECKPOINT_POWER = 0.8           # ...the target (set in advance, not read from the data)
# The fraud model's own costs (section 5): assumptions, not measurements. Edit them.
FRAUD_UPFRONT_COST = 120_000.0   # assumed build: a quarter of two engineers, plus the label pipeline
FRAUD_MONTHLY_RUN_COST = 6_000.0 # assumed serving, monitoring and labelling per month
REVIEW_HOURLY_COST = 40.0        # assumed cost of an hour of manual review
LATENCY_BUDGET_MS = 100.0        # assumed: the payment page's p95 latency budget for the fraud check
REVIEW_BAND_RECALL = 0.10        # the uncertain band: scores a recall target this much higher or lower would move
LABEL_LAG_MONTHS = 1             # assumed: a transaction's fraud label arrives this many months after it
# Assumed too: reviewers' verdicts on held payments are known within days and agree with those labels (the weekly
# rollback lines of section 5 read them; the shadow phase checks the agreement).
REVIEW_MINUTES = 15              # assumed minutes a reviewer spends on one payment
RULE_SET_UPFRONT_COST = 15_000.0 # assumed: writing, testing and shipping the readable rules of section 6 (run cost: zero)
MIN_EDGE_OVER_RULES = 5_000.0    # the smallest edge over the readable rules ($/month) worth settling (section 6)
LIVE_SHARE = 0.25                # share of traffic the model decides during the live trial
SHADOW_MONTHS = 1                # assumed: months the model runs in shadow (deciding nothing) before the live trial
MIN_NET_TO_CONFIRM = 20_000.0    # the switch line: the smallest net value ($/month) over today's rules worth switching for
# The learner's calls (exercises)
PAYBACK_MONTHS = 12              # the sponsor wants the project paid back within this many months
MY_MAX_P_LOSS = 0.15             # the sponsor's risk appetite: the largest chance of losing money accepted...
MY_WORST_CASE = -50_000          # ...and the lowest net if the option fails (dollars over the horizon) accepted
TOLERATED_FALSE_ROLLBACKS_PER_YEAR = 1  # how many rollbacks of a healthy model a year operations will live with
# An F1 gain in money (section 7): assumptions, not measurements. Edit them.
INCUMBENT_RECALL = 0.55          # section 7's what-if: the month-1 model runs at a threshold set for this recall (month 5)
CANDIDATE_RECALL_STEP = 0.05     # one candidate is set for this much more recall than the month-1 model (month 5)
FALSE_ALARM_COST = 10.0          # assumed friction of holding a legitimate customer, on top of the review (dollars)
VALUE_PER_CAUGHT_FRAUD = None    # dollars a caught fraud saves; None: the mean simulated fraud amount of months 1-4
MIN_MONEY_CHANGE = 5_000.0       # the smallest money change ($/month) of an operating point worth acting on (section 7)
# Pushing back on a mandate (section 8): gate 1's data line
MANDATE_MIN_LABELLED = 5_000     # labelled examples needed in hand before a model is worth training
MANDATE_MAX_LABEL_DELAY_DAYS = 45  # labels slower than this cannot steer monthly retraining and monitoring

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown, display
from matplotlib.ticker import FuncFormatter, LogLocator

from aipm_kit import communicate, gates, planning, plots, runtime, story
from aipm_kit.formatting import isolate_dollars_html
from aipm_kit.story import format_money
from aipm_kit.exercises import ____, nb05
from aipm_kit.models import fit_fraud_model, fraud_scores
from aipm_kit.scenarios import FEATURES, hand_rule, make_payments, split_by_time
import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime, then use one thread: faster on a busy laptop)

runtime.setup_notebook(whole_cells=False)  # one thread; long table cells keep pandas' "..." cut
plots.use_style()
N_TRANSACTIONS = 16_000 if FAST else 36_000
N_BOOT = 500 if FAST else 2_000   # resamples of the test months (and fitted curves in the roadmap)
N_CURVE_POINTS = 4 if FAST else 5
BOOSTING_ROUNDS = 40 if FAST else 60
n_years = 40 if FAST else N_YEARS


def money_table(frame, money=(), pct=(), counts=(), months=(), by_row=False, tenths=()):
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
    for c in tenths:
        out[c] = frame[c].map("{:,.1f}".format)
    out = out.T if by_row else out
    out.columns = [str(c).replace("_", " ") for c in out.columns]   # spaces let long headers wrap
    return HTML(isolate_dollars_html(out.to_html()))

# %% [markdown]
# ## 1. ROI and break-even, with every assumption in the open
#
# The case: a better recommendation model. It is more accurate, which lifts conversions, but it is
# also slower, and slow pages drive some users away. How much users mind latency is an *assumption*,
# so it is written down as a curve anyone can see and argue with.
#
# The cost of latency is a chain of three links, each printed below: the added milliseconds give an extra
# monthly churn (read off the assumed curve); the churn rate times the users gives the users lost each month;
# each lost user takes `LOST_USER_MONTHS` months of purchases with them. The case books a month's leavers'
# lost purchases in the month they leave, so from the first month the cost runs at its steady rate (a real
# ramp would be slower in the first months, and losses would run past the horizon).

# %%
case = planning.BusinessCase(
    monthly_users=MONTHLY_USERS, conversion_rate=CONVERSION_RATE, value_per_conversion=VALUE_PER_CONVERSION,
    accuracy_gain_points=ACCURACY_GAIN_POINTS, conversion_lift_per_point=CONVERSION_LIFT_PER_POINT,
    added_latency_ms=ADDED_LATENCY_MS, latency_churn=LATENCY_CHURN_CURVE, lost_user_months=LOST_USER_MONTHS,
    upfront_cost=UPFRONT_COST, monthly_cost=MONTHLY_RUN_COST, horizon_months=HORIZON_MONTHS)
roi = case.evaluate()
roi_table = roi.to_frame()["value"].rename({
    "net value created (per month)": "value after latency churn, before running cost (per month)",
    "ROI at horizon": f"ROI at month {HORIZON_MONTHS} (net value / total cost)"})
HTML(isolate_dollars_html(pd.DataFrame(
    {"value": [f"{v:.2%}" if "churn from" in k else f"{v:.1f}" if "months)" in k else f"{v:.0%}"
               if k.startswith("ROI") else format_money(v) for k, v in roi_table.items()]},
    index=roi_table.index).to_html()))

# %% tags=["nbval-check-output"]
be = roi.break_even
print(f"value of the accuracy gain: {MONTHLY_USERS:,} users x {CONVERSION_RATE:.0%} buy x ${VALUE_PER_CONVERSION:,.0f} "
      f"x ({ACCURACY_GAIN_POINTS:g} points x {CONVERSION_LIFT_PER_POINT:.1%} lift a point) = "
      f"${roi.accuracy_value:,.0f}/month")
lost_users = MONTHLY_USERS * roi.extra_churn
per_lost_user = CONVERSION_RATE * VALUE_PER_CONVERSION * LOST_USER_MONTHS
print(f"latency -> churn: {ADDED_LATENCY_MS:.0f} ms on the assumed curve = {roi.extra_churn:.2%} extra churn a month")
print(f"churn -> users: {MONTHLY_USERS:,} users x {roi.extra_churn:.2%} = {lost_users:,.0f} users lost a month")
print(f"users -> dollars: each takes {LOST_USER_MONTHS:g} months x {CONVERSION_RATE:.0%} buy x ${VALUE_PER_CONVERSION:,.0f} "
      f"= ${per_lost_user:,.2f}; {lost_users:,.0f} x ${per_lost_user:,.2f} = ${roi.latency_cost:,.0f}/month")
print(f"break-even: {be.months:.1f} months; net at month {be.horizon_months}: ${be.net_value:,.0f}")

# %%
no_latency = case.with_(added_latency_ms=0).evaluate().break_even
story.md(
    f"The {case.accuracy_gain_points:g}-point gain is worth **${roi.accuracy_value:,.0f} a month**, but the "
    f"{case.added_latency_ms:.0f} ms it adds costs **${roi.latency_cost:,.0f} a month** in users who leave "
    f"(the curve says {roi.extra_churn:.2%} extra churn a month at that latency). Net of the "
    f"${case.monthly_cost:,.0f} running cost the project pays back after **{be.months:.1f} months**; "
    f"with no added latency it would pay back after {no_latency.months:.1f}. Latency is not an engineering "
    f"detail here: it moves the payback date by {be.months - no_latency.months:.1f} months.")
story.record_table([
    ("break_even_months", be.months, "Break-even of the business case at its base values (months)", "{:.1f}"),
    ("accuracy_gain_value_per_year", 12 * roi.accuracy_value, "Value of the accuracy gain per year, from the assumed lift and gain ($)",
     "${:,.0f}"),
])

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
# Move each assumption to a low and a high value, one at a time, and watch the net value at the
# horizon. Bars are comparable only if every range means the same thing, so each one below is the
# same kind of judgement: the range we would be surprised to see the truth fall outside (about one
# chance in ten on each side), with the reason written next to it. The round-number ranges are
# judgements, not measurements: edit them and re-run.

# %%
RANGES = {  # assumption: (low, high, why this range)
    "conversion_lift_per_point": (0.5 * CONVERSION_LIFT_PER_POINT, 1.5 * CONVERSION_LIFT_PER_POINT,
                                  "no lift has been measured here: half to 1.5 times the assumed lift"),
    "accuracy_gain_points": (0.5 * ACCURACY_GAIN_POINTS, 1.1 * ACCURACY_GAIN_POINTS,
                             "offline gains often shrink online, rarely grow: half the offline gain to a tenth more"),
    "added_latency_ms": (max(ADDED_LATENCY_MS - 100, 0), ADDED_LATENCY_MS + 100,
                         "the added latency is assumed too: plus or minus 100 ms of serving work"),
    "lost_user_months": (0.5 * LOST_USER_MONTHS, 2 * LOST_USER_MONTHS,
                         "churned users may come back soon, or never: half to twice"),
    "upfront_cost": (0.7 * UPFRONT_COST, 1.5 * UPFRONT_COST, "builds overrun more often than they underrun"),
    "monthly_cost": (0.5 * MONTHLY_RUN_COST, 2 * MONTHLY_RUN_COST, "serving cost scales with traffic we cannot fix yet"),
    "churn_steepness": (0.5, 2.0, "no churn study exists: half to twice the assumed churn at every latency"),
}


def case_at(churn_steepness=1.0, **changes):
    """The business case with some assumptions changed; churn_steepness scales the whole churn curve."""
    curve_scaled = [(ms, churn_steepness * c) for ms, c in LATENCY_CHURN_CURVE]
    return case.with_(latency_churn=curve_scaled, **changes)


BASE = {**{k: getattr(case, k) for k in RANGES if k != "churn_steepness"}, "churn_steepness": 1.0}
tornado = planning.sensitivity(lambda **kw: case_at(**kw).evaluate().break_even.net_value,
                               {k: (lo, hi) for k, (lo, hi, _) in RANGES.items()}, base=BASE)
NICE = {"conversion_lift_per_point": "conversion lift per point", "accuracy_gain_points": "accuracy gain",
        "added_latency_ms": "added latency", "lost_user_months": "months a churned user takes",
        "upfront_cost": "upfront cost", "monthly_cost": "monthly running cost",
        "churn_steepness": "churn curve steepness"}
value_fmt = {"conversion_lift_per_point": "{:.2%}", "accuracy_gain_points": "{:.1f} pts", "added_latency_ms": "{:,.0f} ms",
             "lost_user_months": "{:g} mo", "upfront_cost": "${:,.0f}", "monthly_cost": "${:,.0f}/mo",
             "churn_steepness": "{:g}x curve"}
t = tornado.to_frame()
ranges_table = pd.DataFrame({
    "low": [value_fmt[n].format(t.loc[n, "low"]) for n in t.index],
    "base": [value_fmt[n].format(BASE[n]) for n in t.index],
    "high": [value_fmt[n].format(t.loc[n, "high"]) for n in t.index],
    "why this range": [RANGES[n][2] for n in t.index],
    "net at low": [format_money(v) for v in t["output_at_low"]],
    "net at high": [format_money(v) for v in t["output_at_high"]],
}, index=pd.Index([NICE[n] for n in t.index], name="assumption"))
below_zero = [NICE[n] for n, row in t.iterrows() if min(row.output_at_low, row.output_at_high) < 0]
# two inputs that enter the case as a product, both at their low ends at once: further than either bar alone
n_ranges = len(t)
LIFT_PAIR = ("conversion_lift_per_point", "accuracy_gain_points")
lift_both_low = case_at(**{**BASE, **{n: t.loc[n, "low"] for n in LIFT_PAIR}}).evaluate().break_even.net_value
lift_bar_low = min(t.loc[n, ["output_at_low", "output_at_high"]].min() for n in LIFT_PAIR)
HTML(isolate_dollars_html(ranges_table.to_html()))

# %%
fig, ax = plots.figure()
plots.tornado(tornado, ax, scale=1_000, value_fmt={k: f.replace("$", r"\$") for k, f in value_fmt.items()})  # literal dollars
ax.axvline(0, color="grey", lw=1, ls=":")
ax.annotate(f"base case: {tornado.base_value / 1_000:,.0f}k", (tornado.base_value / 1_000, -0.9),
            xytext=(4, 0), textcoords="offset points", fontsize=8, va="center")
ax.set_yticks(ax.get_yticks(), [NICE[label.get_text()] for label in ax.get_yticklabels()])
plots.finish(ax, title=f"{len(below_zero)} of {len(t)} ranges push net value below zero; the "
                       f"{NICE[tornado.most_sensitive]} matters most",
             xlabel=f"Net value at month {HORIZON_MONTHS} (thousand $; black line: base case; dotted: zero)",
             ylabel="Assumption (largest swing on top)", legend=False,
             takeaway="Each bar end is the net value with that input alone at the value printed beside it "
                      "(table above); the others stay at base.")
handles, labels = ax.get_legend_handles_labels()
ax.set_ylim(-1.9, len(t) - 0.5)   # room for the legend under the bars
ax.legend(handles, [label.replace("output", "net value") for label in labels], loc="lower left", ncols=1,
          frameon=False, fontsize=9)   # left of the zero and base-case lines
plt.show()

# %% tags=["nbval-check-output"]
for name, row in t.iterrows():
    print(f"{NICE[name]:<28} {value_fmt[name].format(row.low):>10} -> {row.output_at_low / 1_000:>7,.1f}k   "
          f"{value_fmt[name].format(row.high):>10} -> {row.output_at_high / 1_000:>7,.1f}k   "
          f"swing {row.swing / 1_000:,.1f}k")

# %%
story.md(
    f"**{len(below_zero)} of the {len(t)} plausible ranges** drive the net value at month {HORIZON_MONTHS} below "
    f"zero at one of their ends ({', '.join(below_zero)}), from a base case of {format_money(tornado.base_value)}: "
    "the case is positive at its base values, not robust across them. A negative net value at month "
    f"{HORIZON_MONTHS} means no payback within {HORIZON_MONTHS} months, so the {be.months:.1f}-month break-even "
    "holds at the base values only. "
    f"Within these ranges the net value swings most with the "
    f"**{NICE[tornado.most_sensitive]}** ({format_money(t['swing'].iloc[0])} from one end to the "
    f"other) and least with the **{NICE[t.index[-1]]}** ({format_money(t['swing'].iloc[-1])}). The order "
    "is only as good as the ranges: widen one and its bar grows. Check the top assumption first. Each bar moves "
    "one input alone, so it understates inputs that can be wrong together: the conversion lift and the accuracy "
    "gain are separate uncertainties that enter the value as a product, and with both at their low ends the net "
    f"value is {format_money(lift_both_low)}, against {format_money(lift_bar_low)} at the lower of their two bars' "
    "ends. The churn curve and the months a churned user takes are two such inputs too.")
story.record_table([
    ("ranges_below_zero", len(below_zero), f"Plausible ranges that push net value at month {HORIZON_MONTHS} below zero "
     f"(of {len(t)})", "{:d}"),
])

# %%
q1 = nb05.bind_case(case=case, payback_months=PAYBACK_MONTHS, latency_range=RANGES["added_latency_ms"][:2])

# %% [markdown]
# ### Exercise 1 · A latency budget that keeps the payback date

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
for ms in range(100, 201, 5):
    print(ms, f"{case.with_(added_latency_ms=ms).evaluate().break_even.months:.1f} months")
q1_answer = nb05.largest_latency(case, PAYBACK_MONTHS)
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(q1_answer + 30)
assert q1.check(____).correct is None

# %% [markdown]
# ## 2. A reliable model or an erratic one?
#
# A promise to users is checked week by week, not on the average. Simulate weeks for a model that is
# steady, and for one that is more accurate in a normal week but has a bad week now and then (an
# upstream change, a holiday mix, a broken feature). One simulated year is one draw, and bad weeks
# arrive by chance, so simulate many years (one seed each) and look at what a year can hold: how many
# weeks' measured accuracy falls below the floor support promised, and how far below. These are measured weeks,
# the ones a weekly report would show: each carries sampling noise as well as the model's true change.

# %%
# a week's measured accuracy moves with the true drift and with the sampling noise of its decisions
SAMPLING_SD = np.sqrt(STEADY_ACCURACY * (1 - STEADY_ACCURACY) / DECISIONS_PER_WEEK)
TOTAL_SD = np.hypot(WEEK_TO_WEEK_SD, SAMPLING_SD)
STEADY_NAME = f"steady ({STEADY_ACCURACY:.0%} mean, SD {100 * TOTAL_SD:.1f} points week to week)"
ERRATIC_NAME = (f"erratic ({ERRATIC_ACCURACY:.0%} in a normal week, {BAD_WEEK_ACCURACY:.0%} in "
                f"{BAD_WEEK_RATE:.0%} of weeks)")


shortfalls = {}   # model -> the points below the floor of every simulated week below it (figure 3's right panel)


def simulated_year(accuracy, seed, name, **kwargs):
    """One simulated year: weeks below the floor, their mean shortfall (points), the year's mean accuracy."""
    year = planning.simulate_weekly_accuracy(accuracy, week_to_week_sd=WEEK_TO_WEEK_SD, weeks=52, seed=seed,
                                             decisions_per_week=DECISIONS_PER_WEEK, **kwargs)
    below = year.weekly_accuracy[year.weekly_accuracy < WEEKLY_FLOOR]
    shortfalls.setdefault(name, []).extend(100 * (WEEKLY_FLOOR - below))
    depth = 100 * float((WEEKLY_FLOOR - below).mean()) if len(below) else 0.0
    return len(below), depth, year.mean


years = {
    STEADY_NAME: np.array([simulated_year(STEADY_ACCURACY, SEED + 1_000 + 2 * i, STEADY_NAME) for i in range(n_years)]),
    ERRATIC_NAME: np.array([simulated_year(ERRATIC_ACCURACY, SEED + 1_001 + 2 * i, ERRATIC_NAME,
                                           bad_week_rate=BAD_WEEK_RATE,
                                           bad_week_accuracy=BAD_WEEK_ACCURACY) for i in range(n_years)]),
}
rows = {}
for name, runs in years.items():
    bad, depth = runs[:, 0], runs[:, 1]
    half = 1.96 * bad.std(ddof=1) / np.sqrt(len(bad))
    rows[name] = {"mean accuracy": runs[:, 2].mean(), "bad weeks a year (mean)": bad.mean(),
                  "mean, 95% MC low": bad.mean() - half, "mean, 95% MC high": bad.mean() + half,
                  "one year, 5th pct": np.percentile(bad, 5), "one year, median": np.median(bad),
                  "one year, 95th pct": np.percentile(bad, 95), "years with no bad week": (bad == 0).mean(),
                  "shortfall in a bad week (points)": depth[bad > 0].mean() if (bad > 0).any() else 0.0}
bad_weeks = pd.DataFrame(rows).T
shown_weeks = pd.DataFrame({   # five columns: the Monte Carlo bounds are in the text below
    "mean accuracy": bad_weeks["mean accuracy"].map("{:.1%}".format),
    "weeks below the floor a year (mean)": bad_weeks["bad weeks a year (mean)"].map("{:.1f}".format),
    "one year, 90% of years": [f"{a:.0f} to {b:.0f}" for a, b in zip(bad_weeks["one year, 5th pct"],
                                                                     bad_weeks["one year, 95th pct"])],
    "years with no week below": bad_weeks["years with no bad week"].map("{:.0%}".format),
    "points below the floor in such a week": bad_weeks["shortfall in a bad week (points)"].map("{:.1f}".format),
}, index=pd.Index(list(bad_weeks.index), name=f"model ({n_years} simulated years)"))
shown_weeks

# %%
fig, (ax, ax2) = plots.figure(1, 2, figsize=(12, 4.4))
top = int(max(runs[:, 0].max() for runs in years.values()))
bins = np.arange(-0.5, top + 1.5, 1)
ax.hist(years[STEADY_NAME][:, 0], bins=bins, histtype="step", lw=2, color=plots.NEUTRAL, label=STEADY_NAME)
ax.hist(years[ERRATIC_NAME][:, 0], bins=bins, histtype="step", lw=2, ls="--", color=plots.ACCENT,
        label=ERRATIC_NAME)
ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
ax.set_ylim(top=1.35 * ax.get_ylim()[1])   # room for the legend above both histograms
ax.legend(frameon=False, fontsize=8, loc="upper right")
fewer_word = {True: "The steady model has fewer weeks below", False: "The steady model does not have fewer weeks below"}[
    bool(bad_weeks.loc[STEADY_NAME, "bad weeks a year (mean)"] < bad_weeks.loc[ERRATIC_NAME, "bad weeks a year (mean)"])]
plots.finish(ax, title=f"How often: {fewer_word.lower()}\nthe {WEEKLY_FLOOR:.0%} floor",
             xlabel=f"Weeks below the {WEEKLY_FLOOR:.0%} floor in a simulated year (count of 52)",
             ylabel=f"Simulated years (count of {n_years})", legend=False)
depth_bins = np.arange(0, max(max(v) for v in shortfalls.values()) + 1.0, 1.0)
for name, colour, ls in ((STEADY_NAME, plots.NEUTRAL, "-"), (ERRATIC_NAME, plots.ACCENT, "--")):
    ax2.hist(shortfalls[name], bins=depth_bins, histtype="step", lw=2, ls=ls, color=colour,
             weights=np.full(len(shortfalls[name]), 1 / n_years))
ax2.axvline(100 * SAMPLING_SD, color="grey", lw=1, ls=":")
ax2.annotate(f"one week's sampling SD\n({100 * SAMPLING_SD:.2f} points)", (100 * SAMPLING_SD, 0.6),
             xycoords=("data", "axes fraction"), xytext=(16, 0), textcoords="offset points", fontsize=8,
             va="center", arrowprops=dict(arrowstyle="-", color="grey", lw=0.8))
depth_st = float(np.mean(shortfalls[STEADY_NAME])) if shortfalls[STEADY_NAME] else 0.0
depth_e = float(np.mean(shortfalls[ERRATIC_NAME])) if shortfalls[ERRATIC_NAME] else 0.0
deeper_word = {True: "the erratic model's misses are far deeper", False: "the erratic model's misses are not deeper"}[
    bool(depth_e > depth_st)]
plots.finish(ax2, title=f"How deep: {deeper_word}\n({depth_e:.1f} against {depth_st:.1f} points, mean over such weeks)",
             xlabel="Points below the floor in a week below it", ylabel="Such weeks per simulated year (mean)",
             legend=False)
for a in (ax, ax2):
    a.title.set_fontsize(10)
fig.suptitle("Simulated weeks below the floor: how many a year (left) and how far below (right)", y=1.03)
fig.text(0.5, -0.04, "Outlined histograms, one per model (legend on the left). Right: the dotted line marks one "
         "week's sampling SD.", ha="center", fontsize=9)
plt.show()

# %%
st, e = bad_weeks.loc[STEADY_NAME], bad_weeks.loc[ERRATIC_NAME]
b_st, b_e = years[STEADY_NAME][:, 0], years[ERRATIC_NAME][:, 0]
diff = b_e.mean() - b_st.mean()
diff_half = 1.96 * np.sqrt(b_e.var(ddof=1) / len(b_e) + b_st.var(ddof=1) / len(b_st))
mean_gain = 100 * (e["mean accuracy"] - st["mean accuracy"])
steady_wins_both = bool(diff - diff_half > 0
                        and st["shortfall in a bad week (points)"] < e["shortfall in a bad week (points)"])
both_sentence = {
    True: (f"So the steady model wins on both counts: fewer weeks below the floor and shallower ones. The erratic "
           f"model buys {mean_gain:.1f} points of mean accuracy with {e['bad weeks a year (mean)'] / st['bad weeks a year (mean)']:.1f} "
           "times as many bad weeks, each deeper."),
    False: ("So neither model wins on both counts: compare the number of misses a year with their depth, and "
            "promise the floor with the misses a year it implies."),
}[steady_wins_both]
from scipy.stats import norm

within_sd_steady, within_sd_erratic = (float(np.mean(np.array(shortfalls[n]) < 100 * SAMPLING_SD))
                                       if shortfalls[n] else 0.0 for n in (STEADY_NAME, ERRATIC_NAME))
share_below_floor = float(norm.cdf((WEEKLY_FLOOR - STEADY_ACCURACY) / TOTAL_SD))
story.md(
    f"A week's measured accuracy moves for two reasons: the model's true accuracy drifts (SD "
    f"{100 * WEEK_TO_WEEK_SD:.1f} points, assumed) and a week of {DECISIONS_PER_WEEK:,} decisions measures it with "
    f"sampling noise (SD {100 * SAMPLING_SD:.2f} points), so the steady model's weeks scatter with SD "
    f"{100 * TOTAL_SD:.1f} points. A floor {100 * (STEADY_ACCURACY - WEEKLY_FLOOR):.0f} points below its mean is "
    f"then crossed in about {share_below_floor:.1%} of weeks, {52 * share_below_floor:.1f} weeks a year, close to the "
    f"{st['bad weeks a year (mean)']:.1f} the simulation counts (table above).")
story.md(
    f"Over {n_years} simulated years, the steady model falls below the {WEEKLY_FLOOR:.0%} floor in "
    f"**{st['bad weeks a year (mean)']:.1f} weeks a year** on average (a single year: {st['one year, 5th pct']:.0f} "
    f"to {st['one year, 95th pct']:.0f} weeks in 90% of years), each time by about "
    f"**{st['shortfall in a bad week (points)']:.1f} points**; the erratic one in "
    f"**{e['bad weeks a year (mean)']:.1f} weeks** ({e['one year, 5th pct']:.0f} to {e['one year, 95th pct']:.0f}), "
    f"each time by about **{e['shortfall in a bad week (points)']:.1f} points**. The erratic model has "
    f"{diff:.1f} more bad weeks a year (95% Monte Carlo interval {diff - diff_half:.1f} to {diff + diff_half:.1f}). "
    f"The steady model's dips ({st['shortfall in a bad week (points)']:.1f} points on average) are about one week's "
    f"sampling SD ({100 * SAMPLING_SD:.2f} points): {within_sd_steady:.0%} of its weeks below the floor miss it by less "
    f"than that, against {within_sd_erratic:.0%} of the erratic model's, whose misses are collapses. A miss that small "
    "can come from measurement alone. "
    "These intervals measure only the simulation's own error, given the assumed rates and accuracies; they are "
    "not evidence about real models, and more simulated years would shrink them without making the "
    f"assumptions any truer. Read as a promise of no week below the floor, a whole year keeps it in "
    f"{st['years with no bad week']:.0%} of simulated years for the steady model and "
    f"{e['years with no bad week']:.0%} for the erratic one. {both_sentence}"
    + {True: (" Neither model keeps a promise of no measured week below the floor in most years, so that promise needs "
              "rewriting whichever model ships: as a number of weeks a year allowed below the floor, or as a floor on "
              "a longer window than a week."),
       False: ""}[bool(max(st["years with no bad week"], e["years with no bad week"]) < 0.5)])
story.record_table([
    ("bad_weeks_per_year_erratic", [e["bad weeks a year (mean)"], e["mean, 95% MC low"], e["mean, 95% MC high"]],
     f"Erratic model: weeks below the floor per year, over {n_years} simulated years (95% Monte Carlo interval)",
     "{0[0]:.1f} ({0[1]:.1f} to {0[2]:.1f})"),
    ("bad_weeks_per_year_steady", [st["bad weeks a year (mean)"], st["mean, 95% MC low"], st["mean, 95% MC high"]],
     f"Steady model: weeks below the floor per year, over {n_years} simulated years (95% Monte Carlo interval)",
     "{0[0]:.1f} ({0[1]:.1f} to {0[2]:.1f})"),
    ("bad_weeks_difference", [diff, diff - diff_half, diff + diff_half],
     "Erratic minus steady: bad weeks a year (95% Monte Carlo interval)", "{0[0]:.1f} ({0[1]:.1f} to {0[2]:.1f})"),
    ("shortfall_points_erratic", e["shortfall in a bad week (points)"],
     f"Erratic model: points below the floor in a bad week, over {n_years} simulated years (mean)", "{:.1f}"),
    ("shortfall_points_steady", st["shortfall in a bad week (points)"],
     f"Steady model: points below the floor in a bad week, over {n_years} simulated years (mean)", "{:.1f}"),
])

# %% [markdown]
# ## 3. Options by risk appetite
#
# Three ways to ship: the simple thing first (rules, cheap and nearly sure to work), the model for
# high-value users only (less to build, less at stake), or the full build, against the trivial baseline of doing
# nothing (net zero). Their value comes from the business case above, like with like: each option gets its share
# of the accuracy gain's value, minus the latency churn of the users it slows down, priced at what those users are
# worth (rules add no model latency, so they pay none of it): users who carry a share of the value cost that share
# of the full build's churn bill, however few they are. How likely each option is to work is a judgement you should
# write down and revisit.

# %%
# share of the full build's cost and running cost, of the accuracy gain's value, and of the users' value carried by
# the users the model slows (their churn priced at their own worth), chance it works, months until it delivers
# (judgements: edit them); users: the share of users the high-value option serves.
OPTION_SHAPES = {
    "simple rules first": dict(cost=0.10, run=0.25, value=0.20, slowed_value=0.0, p_success=0.90, months_to_value=1),
    "high-value users only": dict(cost=0.40, run=0.40, value=0.50, slowed_value=0.50, users=0.20, p_success=0.82,
                                  months_to_value=2),
    "full build": dict(cost=1.00, run=1.00, value=1.00, slowed_value=1.00, p_success=0.80, months_to_value=3),
}
# the full case's latency cost prices every lost user at the average user's worth; a share of users carrying a
# share of the value costs that share of it
option_value = {name: max(o["value"] * roi.accuracy_value - o["slowed_value"] * roi.latency_cost, 0.0)
                for name, o in OPTION_SHAPES.items()}
options = planning.compare_options([
    planning.Option(name, upfront_cost=o["cost"] * UPFRONT_COST, monthly_cost=o["run"] * MONTHLY_RUN_COST,
                    monthly_value=option_value[name], p_success=o["p_success"],
                    months_to_value=o["months_to_value"]) for name, o in OPTION_SHAPES.items()
], horizon_months=HORIZON_MONTHS)
OPTION_COLUMNS = {"net_if_failure": "net if it fails", "p_loss": "chance of a loss (failure only: a floor)"}
with_nothing = options.to_frame()
with_nothing.loc["do nothing (the baseline)"] = 0.0
with_nothing.loc["do nothing (the baseline)", "p_success"] = 1.0
money_table(with_nothing.rename(columns=OPTION_COLUMNS),
            money=["upfront_cost", "total_cost_if_success", "value_if_success", "net_if_success", "net if it fails",
                   "expected_net"], pct=["p_success", "chance of a loss (failure only: a floor)"])

# %%
t = options.to_frame()
full = t.loc["full build"]
hv = OPTION_SHAPES["high-value users only"]
story.md(
    f"Like with like for the high-value option: it serves {hv['users']:.0%} of the users, who carry "
    f"{hv['value']:.0%} of the value, so each is worth {hv['value'] / hv['users']:.1f} times the average user. Their "
    f"churn is priced at that worth: {hv['slowed_value']:.0%} x {format_money(roi.latency_cost)} = "
    f"{format_money(hv['slowed_value'] * roi.latency_cost)} a month, not {hv['users']:.0%} of it, which would price "
    f"them at the average user's worth. So the option is worth {hv['value']:.0%} x "
    f"{format_money(roi.accuracy_value)} - {format_money(hv['slowed_value'] * roi.latency_cost)} = "
    f"{format_money(option_value['high-value users only'])} a month when it works.")
story.md(
    f"The full build's net if it succeeds, {format_money(full['net_if_success'])}, is below the business case's "
    f"{format_money(be.net_value)} because value starts only after {OPTION_SHAPES['full build']['months_to_value']} "
    f"months: {OPTION_SHAPES['full build']['months_to_value']} x {format_money(roi.monthly_value)} = "
    f"{format_money(OPTION_SHAPES['full build']['months_to_value'] * roi.monthly_value)}. The net if it fails "
    "assumes a failure is seen and stopped when the value was due: the build plus the running cost until then. "
    "The chance of a loss here counts only failure: it assumes a success always makes money, so it is a floor. "
    "The tornado above ran on the full case only, and says a success can lose money too "
    f"({len(below_zero)} of its {n_ranges} ranges make the full case lose money at one end): the full "
    "build's real chance of a loss is higher than printed. The smaller options share the same assumptions but were "
    "not put through a tornado, so read their chances as floors too, not as measured. The chances of success are "
    "judgements, not measurements. A sponsor's limit on the chance of a loss can therefore rule an option out "
    "with this table, but never certify one as safe.")

# %%
q2 = nb05.bind_options(options=options, max_p_loss=MY_MAX_P_LOSS, worst_case=MY_WORST_CASE, floors=True)

# %% [markdown]
# ### Exercise 2 · Pick the option for a stated risk appetite

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
table = options.to_frame()
fits = table[(table["p_loss"] <= MY_MAX_P_LOSS) & (table["net_if_failure"] >= MY_WORST_CASE)
             & (table["expected_net"] > 0)]
print(fits[["expected_net", "net_if_failure", "p_loss"]].set_axis(["expected net ($)", "net if it fails ($)",
                                                                  "chance of a loss"], axis=1).round(2).to_string())
q2_answer = fits["expected_net"].idxmax() if len(fits) else "none"
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(next(n for n in list(options.to_frame().index) + ["none"] if n != q2_answer))
assert q2.check(____).correct is None

# %%
fits = t[(t["p_loss"] <= MY_MAX_P_LOSS + 1e-12) & (t["net_if_failure"] >= MY_WORST_CASE) & (t["expected_net"] > 0)]
sponsor_pick = str(fits["expected_net"].idxmax()) if len(fits) else "none"
best = str(t["expected_net"].idxmax())
gap = t.loc[best, "expected_net"] - (t.loc[sponsor_pick, "expected_net"] if sponsor_pick != "none" else 0.0)
p_shift = gap / (t.loc[best, "net_if_success"] - t.loc[best, "net_if_failure"])
left_words = ("The sponsor's limits rule out every option" if len(fits) == 0 else
              f"The sponsor's limits rule out every option but **{sponsor_pick}**" if len(fits) == 1 else
              f"Of the options the sponsor's limits do not rule out, **{sponsor_pick}** has the most expected value")
gap_sentence = {
    True: f"{left_words}; it is also the option with the most expected value overall.",
    False: (f"{left_words}; the option with the most expected value, **{best}**, "
            f"beats {'doing nothing' if sponsor_pick == 'none' else 'it'} by {format_money(gap)} over {HORIZON_MONTHS} months, a gap that a shift of "
            f"{p_shift * 100:.1f} points in its judged chance of success would erase. Those chances are "
            "judgements, so the ranking by expected value is only as firm as they are."),
}[best == sponsor_pick]
story.md(gap_sentence)

# %% [markdown]
# How appetite turns into a choice, written down so anyone can argue with it: every appetite drops
# options that lose money on average; a **low** appetite then takes the best net if it fails; a **medium**
# one the best expected value among options whose chance of a loss is at most
# `planning.MEDIUM_MAX_P_LOSS` (printed below); a **high** one the best expected value whatever the downside. A bold
# team accepts a bigger downside for more expected value, never a worse option on both counts. The chances are the
# floors of the table above, so a medium pick is an option the limit does not rule out, not one shown within it.

# %% tags=["nbval-check-output"]
print(f"medium appetite accepts at most a {planning.MEDIUM_MAX_P_LOSS:.0%} chance of a loss")
for appetite in planning.APPETITES:
    pick = options.recommend(appetite)
    print(f"{appetite:>6} risk appetite -> {pick} (expected net {format_money(t.loc[pick, 'expected_net'])}, "
          f"net if it fails {format_money(t.loc[pick, 'net_if_failure'])}, chance of a loss at least "
          f"{t.loc[pick, 'p_loss']:.0%})")

# %% [markdown]
# ## 4. A probabilistic roadmap
#
# A new case. Sections 1-3 priced a recommendation model; from here to section 7 the case is a fraud model on
# simulated payments, where labels arrive late and every alert can be checked. (Section 3's "simple rules first" was
# an option for the recommendation case; in the fraud case, **today's rules** are the hand rule the fraud team runs
# now.)
#
# "When will the fraud model reach its precision target?" has no honest date, but it has an honest
# spread of futures. The data are simulated payments. Train the fraud model on growing amounts of the
# labelled simulated data, always the earliest rows in time order (the data a team had at some date within
# months 1-4, not necessarily at a month's end), and measure each
# model where it would run: its threshold is chosen on month 5 (the **validation month**: the score that
# keeps the target recall of fraud there) and its precision is measured on month 6 (the **test month**,
# which no choice has seen). Then fit a learning curve. Resampling the test month gives each point its
# uncertainty; fitting a curve to every resample turns that into a spread of futures.

# %%
payments = make_payments(N_TRANSACTIONS, seed=SEED, months=6, fraud_rate=0.04, drift_month=None, incident=False)
train, test = split_by_time(payments, train_months=[1, 2, 3, 4], test_months=[5, 6])
is_val = (test["month"] == 5).to_numpy()
val, test6 = test[is_val], test[~is_val]          # month 5 chooses every threshold; month 6 measures
y_val, y_test6 = val["is_fraud"].to_numpy().astype(bool), test6["is_fraud"].to_numpy().astype(bool)
sizes = np.unique(np.geomspace(len(train) / 8, len(train), N_CURVE_POINTS).astype(int))
curve_data = planning.measure_learning_curve(train, test6, sizes, recall=AT_RECALL, n_boot=N_BOOT, seed=SEED,
                                             max_iter=BOOSTING_ROUNDS, validation=val)
curve = curve_data.curve
test6_scores = curve_data.last_scores                               # the model trained on months 1-4, on month 6
val_scores = fraud_scores(curve_data.last_model, val)               # ... and on month 5
threshold = float(np.quantile(val_scores[y_val], 1 - AT_RECALL))  # chosen on month 5 only
iv = curve_data.interval()
iv.set_axis(["labelled training rows (simulated)", f"precision on month 6 (threshold for {AT_RECALL:.0%} recall "
             "on month 5)", "90% bootstrap low",
             "90% bootstrap high"], axis=1).set_index("labelled training rows (simulated)").style.format(
    "{:.1%}").format_index("{:,}")

# %%
TODAY_MONTH = 6 + LABEL_LAG_MONTHS   # the day month 6's labels are complete
story.md(
    f"**What 'now' is.** Fraud labels arrive {LABEL_LAG_MONTHS} month after the payment (an assumption), so the "
    f"labels of month 6 are complete at the end of month {TODAY_MONTH}: that is now, the day the roadmap and the "
    "ship decision below are made, and every label they use is in hand on that day. The team holds out its two "
    f"latest labelled months, month 5 ({len(val):,} simulated transactions) to choose thresholds and month 6 "
    f"({len(test6):,}) to measure, so the model measured here is trained on months 1-4 ({len(train):,}). The "
    "roadmap's first row, now, is that model's training volume; each later row adds three more months of "
    f"labelled transactions, counted from now (end of months {TODAY_MONTH + 3}, {TODAY_MONTH + 6} and "
    f"{TODAY_MONTH + 9}; not calendar quarters).")

# %%
rows_per_month = len(payments) / 6
MILESTONE = {ahead: f"month {TODAY_MONTH + ahead}" for ahead in (3, 6, 9)}   # end of that month
volumes = {"now": len(train), **{name: len(train) + ahead * rows_per_month for ahead, name in MILESTONE.items()}}
roadmap = planning.milestone_probabilities(curve_data, volumes, TARGET_PRECISION)
pd.DataFrame({"labelled rows (simulated)": list(volumes.values()),   # the middle 90% of fitted curves, as drawn
              "5th percentile of fitted curves": np.quantile(roadmap.predictions, 0.05, axis=0),
              "median": np.median(roadmap.predictions, axis=0),
              "95th percentile": np.quantile(roadmap.predictions, 0.95, axis=0),
              f"share of fitted curves >= {TARGET_PRECISION:.0%}": [roadmap.probabilities[m] for m in volumes]},
             index=pd.Index(list(volumes), name="milestone (end of month)")).style.format(
    {"labelled rows (simulated)": "{:,.0f}", "5th percentile of fitted curves": "{:.1%}", "median": "{:.1%}",
     "95th percentile": "{:.1%}", f"share of fitted curves >= {TARGET_PRECISION:.0%}": "{:.2f}"})

# %%
# do the measured points themselves rise? the last few sizes, each with its 90% bootstrap interval
N_LAST = min(3, len(iv))
last = iv.tail(N_LAST)
last_measured = last.iloc[:, 1].to_numpy()
measured_rise = float(last_measured[-1] - last_measured[0])
rise_shown = bool(last["low"].iloc[-1] > last_measured[0])   # the last point's 90% interval above the earlier point
# all points are measured on the same test month, so their intervals are correlated: no paired test is made here,
# and failing to show a rise is not evidence of a flat curve
flat_words = {True: "rise past the first one's estimate", False: "are not shown to rise"}[rise_shown]
fig, ax = plots.figure()
grid = np.geomspace(sizes[0], max(volumes.values()), 60)
# one fitted curve per bootstrap replicate: the spread of futures the probabilities are counted from
spread = planning.milestone_probabilities(curve_data, {str(i): v for i, v in enumerate(grid)},
                                          TARGET_PRECISION).predictions
for j, line in enumerate(spread[:: max(len(spread) // 40, 1)]):
    ax.plot(grid, line, color=plots.ACCENT, lw=0.6, alpha=0.25, label="a sample of the fitted curves" if j == 0 else None)
ax.fill_between(grid, np.quantile(spread, 0.05, axis=0), np.quantile(spread, 0.95, axis=0), color=plots.ACCENT,
                alpha=0.15, label=f"middle 90% of {len(spread):,} fitted curves")
ax.errorbar(iv["training_size"], iv.iloc[:, 1], yerr=[iv.iloc[:, 1] - iv["low"], iv["high"] - iv.iloc[:, 1]],
            fmt="o", color=plots.NEUTRAL, label="measured (90% bootstrap interval)")
ax.plot(grid, curve.predict(grid), color=plots.NEUTRAL, lw=2, label="curve fitted to the measured points")
ax.axhline(TARGET_PRECISION, color=plots.BAD, ls="--", label=f"target {TARGET_PRECISION:.0%}")
ax.set_ylim(0, 1)
ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:.0%}"))   # precision in percent, as in the text
ax.axvspan(sizes[-1], 1.3 * max(volumes.values()), color="grey", alpha=0.12, lw=0,
           label="extrapolated: past the last measured point")
for name, vol in volumes.items():
    ax.axvline(vol, color="grey", lw=0.8, ymax=0.3)   # short: clear of the measured points and their bars
    ax.text(vol, 0.02, f" {name}", rotation=90, va="bottom", fontsize=8)
ax.set_xscale("log")
ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _: ""))
ax.set_xlim(right=1.3 * max(volumes.values()))   # room for the last milestone's label inside the axes
plots.finish(ax, title=f"Simulated: the last {N_LAST} measured points {flat_words} "
                       f"({', '.join(f'{v:.1%}' for v in last_measured)});\nthe share of curves at or above "
                       f"{TARGET_PRECISION:.0%} rises ({roadmap.probabilities['now']:.2f} now, "
                       f"{roadmap.probabilities[MILESTONE[3]]:.2f} by {MILESTONE[3]}) only along the assumed curve",
             xlabel="Labelled training rows (simulated; log scale)",
             ylabel="Precision on test month 6\n(share of flagged that are fraud)",
             takeaway=f"Every milestone after 'now' lies in the shaded extrapolation. The share at a milestone is the "
                      f"share of the {len(spread):,} fitted curves above the target line there.",
             legend=False)
ax.legend(loc="lower left", frameon=False, fontsize=8)   # bottom left: clear of the milestone lines
plt.show()

# %% [markdown]
# Each number is the share of fitted curves that reach the target at that volume. It is not the probability
# that the true precision gets there: it covers one source of uncertainty only, which transactions happened to
# fall in the simulated test month. It leaves out which transactions the model was trained on and the month-5
# threshold choice, and it assumes the curve's shape (that precision keeps rising along this family of curves)
# past the last measured point. The real uncertainty is wider: the shares look more certain than they are. Being a share of a finite number of fits, each also carries counting error; the cell prints how big.

# %% tags=["nbval-check-output"]
mc_half = max((hi - lo) / 2 for lo, hi in (roadmap.probability_interval(m) for m in volumes))
for name in volumes:
    print(f"{name:<13} ({volumes[name]:,.0f} labelled simulated rows): share of curves >= target = "
          f"{roadmap.probabilities[name]:.2f}")
print(f"counting error over {len(roadmap.predictions):,} fitted curves: at most +/-{mc_half:.2f} (95% Wilson half-width)")
print(f"share of curves that level off below target = {roadmap.stall_probability:.2f}  (fitted curves whose ceiling, the "
      "precision they approach with unlimited data, is below the target)")

# %% [markdown]
# A forecast is not a benchmark. The roadmap's checkpoint for the target is **measured**: precision on a fixed
# number of new months, pooled and read once at the end. It passes when their 95% Wilson interval lies wholly
# above the target, fails when it lies wholly below, and is not yet otherwise; reading it every month and stopping
# at the first clear would raise the chance of a false pass. One month's alerts are too few for that bar unless the
# measured precision is well above the target itself, so the number of months is sized first: enough for a model
# whose true precision is `CHECKPOINT_MARGIN` above the target to pass with a chance of `CHECKPOINT_POWER` (both
# set in advance). The number printed at each volume is the share of single
# months, drawn at each fitted curve's precision and averaged over the curves, that would clear the bar: like the
# shares above, a share over fitted curves, not a probability. It says how weak one month is as a checkpoint, not
# whether the target can be reached; the share of curves levelling off below the target speaks to that.

# %%
from scipy.stats import binom

from aipm_kit.metrics import wilson_interval

months6 = (test6["timestamp"].max() - test6["timestamp"].min()).days / 7 / (52 / 12)   # month 6's length (months)
flags6 = test6_scores >= threshold                         # the alerts at the threshold chosen on month 5
alerts_per_month = int(round(flags6.sum() / months6))
def right_needed(n):
    """The fewest right alerts out of n whose 95% Wilson interval lies wholly above the target (n + 1: none)."""
    low, high = 0, n + 1
    while low < high:  # the interval's low end rises with the count right
        mid = (low + high) // 2
        if mid <= n and wilson_interval(mid, n)[0] >= TARGET_PRECISION:
            high = mid
        else:
            low = mid + 1
    return low


k_needed = right_needed(alerts_per_month)
design_precision = TARGET_PRECISION + CHECKPOINT_MARGIN
pooled_months = next(m for m in range(1, 121)
                     if binom.sf(right_needed(m * alerts_per_month) - 1, m * alerts_per_month, design_precision)
                     >= CHECKPOINT_POWER)
one_month_chance = float(binom.sf(k_needed - 1, alerts_per_month, design_precision))
idx = {m: i for i, m in enumerate(volumes)}
p_bench = {m: float(binom.sf(k_needed - 1, alerts_per_month, np.clip(roadmap.predictions[:, idx[m]], 0, 1)).mean())
           for m in volumes}
now_k, now_n = int((flags6 & y_test6).sum()), int(flags6.sum())
now_lo, now_hi = wilson_interval(now_k, now_n)

# %% tags=["nbval-check-output"]
print(f"today: {now_k} of {now_n} alerts right = {now_k / now_n:.1%} (95% Wilson {now_lo:.1%} to {now_hi:.1%}), "
      f"simulated test month 6")
print(f"a month of about {alerts_per_month} alerts clears {TARGET_PRECISION:.0%} on its 95% Wilson interval only "
      f"at {k_needed} right or more ({k_needed / alerts_per_month:.1%} measured)")
print(f"at a true precision of {design_precision:.0%}: one month clears it with a chance of {one_month_chance:.2f}; "
      f"{pooled_months} months pooled ({pooled_months * alerts_per_month:,} alerts) clear it with a chance of at least "
      f"{CHECKPOINT_POWER:.0%}")
for m in volumes:
    print(f"{m:<13} share of months clearing the bar (mean over curves) = {p_bench[m]:.2f}   (share of curves >= "
          f"target = {roadmap.probabilities[m]:.2f})")

# %% [markdown]
# What is the model's precision worth against something simpler? The yardsticks, on the same simulated
# test month: **random flagging**, whose precision is the fraud rate whatever its recall, and **today's
# rules** (the hand rule, or any amount over 2,500 dollars: what runs now), which reach only their own
# recall. To compare at a similar recall, the model is also run with its threshold set on month 5 for the rules'
# month-5 recall. A threshold matched on one month need not give the same recall on the next, so on month 6 this
# need not be like with like at one recall: the comparison gives the recall gap with its paired 95%
# interval, and a clear verdict only if the model is ahead, or behind, on both recall and precision.
# Today's rules are the baseline every option is compared
# with in the next section; the readable rule set of section 6 is a different thing.

# %% tags=["nbval-check-output"]
TODAY = "today's rules"
def todays_rules(frame):
    return (hand_rule(frame) | (frame["amount"] > 2_500)).to_numpy()


today_flags6 = todays_rules(test6)
today_precision = float(y_test6[today_flags6].mean())
today_recall = float(today_flags6[y_test6].mean())
at_rules = test6_scores >= np.quantile(val_scores[y_val], 1 - todays_rules(val)[y_val].mean())   # set on month 5
model_at_today_recall = float(y_test6[at_rules].mean())
model_recall_at_rules = float(at_rules[y_test6].mean())
yardsticks = pd.DataFrame({
    "recall": [np.nan, today_recall, model_recall_at_rules, float(flags6[y_test6].mean())],
    "precision": [y_test6.mean(), today_precision, model_at_today_recall, curve_data.scores[-1]],
}, index=pd.Index(["random flagging (the fraud rate)", TODAY, "the model, set on month 5 for the rules' recall there",
                   f"the model at {AT_RECALL:.0%} recall (set on month 5)"], name="simulated month 6"))
print(yardsticks.to_string(formatters={"recall": "{:.1%}".format, "precision": "{:.1%}".format}, na_rep="any"))

# %%
# the recall gap is paired (the same month-6 frauds); the precision gap compares two different sets of alerts
fr = y_test6
recall_gap_iv = communicate.paired_difference_interval(int((at_rules & today_flags6 & fr).sum()),
                                                       int((at_rules & ~today_flags6 & fr).sum()),
                                                       int((~at_rules & today_flags6 & fr).sum()),
                                                       int((~at_rules & ~today_flags6 & fr).sum()))
prec_gap_iv = communicate.difference_interval(int((at_rules & fr).sum()), int(at_rules.sum()),
                                              int((today_flags6 & fr).sum()), int(today_flags6.sum()))
backup = ("weigh the options at today's precision in dollars (section 5: the model, today's rules and a cheaper "
          "readable rule set), and test whether new features or better labels move precision on the next labelled "
          "month rather than only waiting for volume")
comparison_word = {
    (True, True): (f"more recall ({model_recall_at_rules:.1%}) and more precision ({model_at_today_recall:.1%} against "
                   f"their {today_precision:.1%}): ahead on both, counted in frauds and alerts, each on its 95% "
                   "interval"),
    (True, False): (f"more recall ({model_recall_at_rules:.1%}) but less precision ({model_at_today_recall:.1%} against "
                    f"their {today_precision:.1%}): a trade, not a win"),
    (False, True): (f"less recall ({model_recall_at_rules:.1%}) but more precision ({model_at_today_recall:.1%} against "
                    f"their {today_precision:.1%}): a trade, not a win"),
    (False, False): (f"less recall ({model_recall_at_rules:.1%}) and less precision ({model_at_today_recall:.1%} "
                     f"against their {today_precision:.1%}): worse on both counts"),
}[(bool(recall_gap_iv[0] > 0), bool(prec_gap_iv[0] > 0))]
# the business decides in dollars: the fraud value each catches on month 6, paired on the same payments
amount_6 = test6["amount"].to_numpy()
usd = {"model": float(amount_6[at_rules & fr].sum()), "rules": float(amount_6[today_flags6 & fr].sum())}
per_catch = {"model": usd["model"] / max(int((at_rules & fr).sum()), 1),
             "rules": usd["rules"] / max(int((today_flags6 & fr).sum()), 1)}
per_row_usd = amount_6 * fr * (at_rules.astype(float) - today_flags6)
rng_usd = np.random.default_rng(SEED)
usd_reps = np.array([per_row_usd[rng_usd.integers(0, len(fr), len(fr))].sum() for _ in range(N_BOOT)])
usd_iv = tuple(float(q) for q in np.quantile(usd_reps, [0.025, 0.975]))
larger_word = ", larger frauds" if per_catch["rules"] > per_catch["model"] else ""
usd_word = ("more" if usd_iv[0] > 0 else "less" if usd_iv[1] < 0 else "not shown to differ from")
usd_sentence = {
    "more": "so in fraud value caught too the model is ahead at that recall",
    "less": "so in fraud value caught the rules are ahead: counts of frauds do not carry over to money",
    "not shown to differ from": ("so in fraud value caught this comparison does not show either ahead: counts of "
                                 "frauds do not carry over to money"),
}[usd_word]
if recall_gap_iv[0] <= 0 < recall_gap_iv[1]:   # the recall gap is not settled: say so instead of ranking it
    comparison_word = (f"{model_recall_at_rules:.1%} recall against their {today_recall:.1%} (a gap whose 95% interval "
                       f"includes zero) and {model_at_today_recall:.1%} precision against their {today_precision:.1%}")
story.md(
    f"- *Today's model:* **{curve_data.scores[-1]:.1%}** precision on simulated month 6 at the threshold set for "
    f"{AT_RECALL:.0%} recall on month 5 (its recall on month 6: {float(flags6[y_test6].mean()):.1%}); random flagging: "
    f"{y_test6.mean():.1%}.\n"
    f"- *Against {TODAY}:* set on month 5 for their recall, the model gets on month 6 "
    f"{comparison_word}. The recall gap is {100 * (model_recall_at_rules - today_recall):.1f} points (paired 95% "
    f"interval {100 * recall_gap_iv[0]:+.1f} to {100 * recall_gap_iv[1]:+.1f}), the precision gap "
    f"{100 * (model_at_today_recall - today_precision):.1f} points ({100 * prec_gap_iv[0]:+.1f} to "
    f"{100 * prec_gap_iv[1]:+.1f}).\n"
    f"- *In dollars:* at that threshold the model's catches on month 6 are worth {format_money(usd['model'])} "
    f"(about {format_money(per_catch['model'])} each), {TODAY}' {format_money(usd['rules'])} (about "
    f"{format_money(per_catch['rules'])} each{larger_word}): a difference of {format_money(usd['model'] - usd['rules'])} "
    f"(paired 95% bootstrap {format_money(usd_iv[0])} to {format_money(usd_iv[1])}), {usd_sentence}. This counts "
    "fraud value only; section 5 compares them in net value, review time and running cost included, at the model's "
    "own operating point.\n"
    f"- *The roadmap line:* a share of {roadmap.probabilities['now']:.2f} of the fitted curves are at or above "
    f"{TARGET_PRECISION:.0%} already at today's volume (measured: {now_k / now_n:.1%}). Along the fitted curves the "
    f"share moves by {roadmap.probabilities[MILESTONE[3]] - roadmap.probabilities['now']:+.2f} by the {MILESTONE[3]} "
    f"volume and {roadmap.probabilities[MILESTONE[9]] - roadmap.probabilities['now']:+.2f} by the {MILESTONE[9]} "
    f"volume (counting error at most ±{mc_half:.2f}). That rise comes from the assumed curve shape, extrapolated: "
    f"the last {N_LAST} measured points, {', '.join(f'{v:.1%}' for v in last_measured)} (90% bootstrap intervals "
    f"about ±{100 * float(((last['high'] - last['low']) / 2).mean()):.0f} points), {flat_words} "
    f"({100 * measured_rise:+.1f} points from the first to the last).\n"
    f"- *The checkpoint:* {pooled_months} months of alerts pooled and read once at the end: pass if their 95% "
    f"Wilson interval lies wholly above {TARGET_PRECISION:.0%}, fail if wholly below, not yet otherwise. Sized in "
    f"advance: at a true {design_precision:.0%} it passes with a chance of at least {CHECKPOINT_POWER:.0%}; one "
    f"month alone would clear the bar with {one_month_chance:.2f} (one month needs about "
    f"{k_needed / alerts_per_month:.0%} measured on {alerts_per_month} alerts; at the {MILESTONE[9]} volume, single "
    f"months drawn along the fitted curves clear it in a share of {p_bench[MILESTONE[9]]:.2f}, which says how weak "
    "one month is as a checkpoint, not whether the target can be reached). So "
    f"{TARGET_PRECISION:.0%} is an "
    "aspiration to track, not a ship gate: whether to ship is decided in dollars, at today's precision, in the next "
    f"section.\n- *Backup if the target stays out of reach:* {backup}.")
when = {name: "now" if name == "now" else f"by {name} (extrapolated along the assumed curve shape)"
        for name in roadmap.probabilities}
story.record_table(
    [(f"p_target_{key}", roadmap.probabilities[name], f"Share of fitted curves with precision >= "
      f"{TARGET_PRECISION:.0%} {when[name]}, curves fitted to simulated data", "{:.2f}")
     for key, name in [("today", "now")] + [(f"{ahead}m", MILESTONE[ahead]) for ahead in (3, 6, 9)]]
    + [("stall_probability", roadmap.stall_probability, "Share of fitted curves that level off below target, simulated data", "{:.2f}"),
       ("p_benchmark_9m", p_bench[MILESTONE[9]],
        f"Share of months drawn along the fitted curves whose 95% Wilson interval clears {TARGET_PRECISION:.0%} at the "
        f"{MILESTONE[9]} volume (a share over fitted curves, not a probability), simulated data", "{:.2f}"),
       ("checkpoint_months", pooled_months,
        f"Months of alerts pooled for the precision checkpoint to clear {TARGET_PRECISION:.0%} with a chance of "
        f"{CHECKPOINT_POWER:.0%} at a true {design_precision:.0%} (sized in advance)", "{:d}")])

# %% [markdown]
# ## 5. One result, five audiences
#
# One result object holds the model's numbers at its operating point, and the model's texts below are generated
# from it; every text says the data are simulated. The operating point is a threshold, and a
# threshold chosen on the data it is then scored on flatters itself. So, as in section 4, **month 5 is the
# validation month** where the threshold is chosen (the score that keeps the target recall of fraud there),
# and **month 6 is the test month** where everything is reported.
# The comparison is with today's rules on the same month-6 transactions, and with the other option on the
# table, the readable rule set legal proposes (section 6 looks at it closely), given the same alert budget on
# month 5.
# The spec's **uncertain band** is chosen on month 5 too: the scores between the thresholds that a recall
# target `REVIEW_BAND_RECALL` higher or lower would have set. Payments there go to manual review: those at or
# above the threshold are alerts and are held; those below it are not held, they go through and a reviewer checks
# them after payment. That review time is a cost, so the net value and the review hours count it. The
# latency is the simulated scenario's serving latency of each payment's score (`latency_ms`, in milliseconds): a
# real team has no such column before the model serves, and would measure it in the shadow run. The latency budget,
# `LATENCY_BUDGET_MS`, is an assumption standing in for the payment page's agreed budget; the p95 latency is
# judged against it on its bootstrap interval.

# %%
# the uncertain band: where the line would sit for a recall target REVIEW_BAND_RECALL higher or lower (month 5)
review_band = tuple(float(np.quantile(val_scores[y_val], 1 - r)) for r in (AT_RECALL + REVIEW_BAND_RECALL,
                                                                           AT_RECALL - REVIEW_BAND_RECALL))
weeks = (test6["timestamp"].max() - test6["timestamp"].min()).days / 7
measured_as = dict(  # the model's result, measured the same way against any baseline
    weeks=weeks, latency_ms=test6["latency_ms"], segment_mask=(test6["amount"] >= test6["amount"].quantile(0.75)),
    segment_name="top-quartile amounts", training_rows=len(train),
    training_period="months 1-4", features=tuple(f.replace("_", " ") for f in FEATURES),   # words, not column names
    review_minutes_per_alert=REVIEW_MINUTES,
    review_hourly_cost=REVIEW_HOURLY_COST, monthly_run_cost=FRAUD_MONTHLY_RUN_COST, upfront_cost=FRAUD_UPFRONT_COST,
    latency_budget_ms=LATENCY_BUDGET_MS, low_confidence_band=review_band, n_boot=N_BOOT, seed=SEED, simulated=True,
    band_reviewed=True)
test6_words = test6.assign(segment=test6["segment"].str.replace("_", " "))   # segment names in words for the texts
result = communicate.summarise_fraud_result(test6_words, test6_scores, threshold=threshold, baseline_flags=today_flags6,
                                            baseline_name=TODAY, **measured_as)
# legal's readable rule set (section 6): fitted on months 1-4, its leaves chosen on month 5 for the model's alert rate
RULE_SET = "the readable rule set"
rules = planning.fit_rule_set(train, seed=SEED)
# the leaves are chosen on month 5 (as many of the riskiest as fit under the model's alert rate there), then applied
rule_cut = float(rules.leaf_rates(val)[rules.flags(val, max_alert_rate=float((val_scores >= threshold).mean()))].min())
rule_set_flags = rules.leaf_rates(test6) >= rule_cut
result_vs_rules = communicate.summarise_fraud_result(test6_words, test6_scores, threshold=threshold,
                                                     baseline_flags=rule_set_flags, baseline_name=RULE_SET, **measured_as)
# intervals for the figures stated beside the net value: the segment's recall (95% Wilson) and, on resamples of the
# month-6 transactions, the false-flag reduction and the extra fraud stopped against today's rules (95% bootstrap)
flag6, seg6, base6 = test6_scores >= threshold, measured_as["segment_mask"].to_numpy(), np.asarray(today_flags6, bool)
seg_recall_ci = wilson_interval(int((flag6 & seg6 & y_test6).sum()), int((seg6 & y_test6).sum()))
false_model, false_today = (flag6 & ~y_test6).astype(float), (base6 & ~y_test6).astype(float)
fraud_gain = (test6["amount"].to_numpy() * y_test6 * (flag6.astype(float) - base6)
              / (weeks / communicate.WEEKS_PER_MONTH))           # dollars a month each row adds
boot6 = np.random.default_rng(SEED + 2)
draws = [boot6.integers(0, len(test6), (min(200, N_BOOT - i), len(test6))) for i in range(0, N_BOOT, 200)]
reduction_reps = np.concatenate([1 - false_model[d].sum(axis=1) / false_today[d].sum(axis=1) for d in draws])
gain_reps = np.concatenate([fraud_gain[d].sum(axis=1) for d in draws])
result_vs_rules = result_vs_rules.with_(segment_recall_ci=seg_recall_ci)
result = result.with_(segment_recall_ci=seg_recall_ci,
                      false_flag_reduction_ci=tuple(np.quantile(reduction_reps, [0.025, 0.975])),
                      extra_fraud_ci=tuple(np.quantile(gain_reps, [0.025, 0.975])))
result = result.with_rival(result_vs_rules)   # the executive summary weighs both options on the table
result = result.with_(live_share=LIVE_SHARE, min_net_to_switch=MIN_NET_TO_CONFIRM)
# the review hours saved are a small count difference: printed with their interval in the break-even cell below
money_table(result.to_frame().drop(index="review hours saved per week")
            .rename(columns={"value": f"simulated month 6, against {TODAY}"}),
            money=["extra fraud caught ($/month)", "net value ($/month)"],
            pct=["precision", "recall", "recall on top-quartile amounts", "false-flag reduction vs baseline"],
            counts=["alerts per week", "reviews per week (alerts and uncertain band)", "false flags per week",
                    "p95 latency (ms)"], by_row=True)

# %% tags=["nbval-check-output"]
print(f"threshold {threshold:.3f}, chosen on simulated month 5 ({len(val):,} simulated transactions) for "
      f"{AT_RECALL:.0%} recall there; uncertain band {review_band[0]:.3f} to {review_band[1]:.3f} (the thresholds "
      f"for {AT_RECALL + REVIEW_BAND_RECALL:.0%} and {AT_RECALL - REVIEW_BAND_RECALL:.0%} recall)")
print(f"month 6 ({len(test6):,} simulated transactions): recall {result.recall:.1%} "
      f"(95% Wilson {result.recall_ci[0]:.1%} to {result.recall_ci[1]:.1%}), precision {result.precision:.1%} "
      f"(95% Wilson {result.precision_ci[0]:.1%} to {result.precision_ci[1]:.1%})")
print(f"net value {format_money(result.monthly_net_value)} a month, 95% bootstrap {format_money(result.net_value_ci[0])} "
      f"to {format_money(result.net_value_ci[1])} ({N_BOOT:,} resamples of the month-6 transactions)")
print(f"recall on top-quartile amounts {result.segment_recall:.1%} (95% Wilson {result.segment_recall_ci[0]:.1%} to "
      f"{result.segment_recall_ci[1]:.1%}); false-flag reduction {result.false_flag_reduction:.1%} (95% bootstrap "
      f"{result.false_flag_reduction_ci[0]:.1%} to {result.false_flag_reduction_ci[1]:.1%}); extra fraud caught "
      f"{format_money(result.extra_fraud_caught_per_month)} a month (95% bootstrap "
      f"{format_money(result.extra_fraud_ci[0])} to {format_money(result.extra_fraud_ci[1])})")

# %%
story.md(
    f"This is the same operating point as the last point of section 4's curve ({curve_data.scores[-1]:.1%} "
    f"precision): the model trained on months 1-4, at the threshold chosen on month 5 for {AT_RECALL:.0%} recall, "
    f"measured on simulated month 6, where it reached **{result.recall:.1%}** recall and **{result.precision:.1%}** precision. "
    "One operating point, and it is the one every audience hears.")

# %% [markdown]
# Before anyone hears the result, the spec needs its rollback line: the weekly precision below which the model is
# switched off and today's rules come back. A week holds only a few dozen alerts, so a healthy week's precision
# scatters by several points, and any line is crossed by chance now and then. "Healthy" is a business line, not a
# sample-size one: a model is healthy while it still pays, that is while its precision is above the **break-even
# precision**, where the net value over today's rules reaches zero (at the same alert volume the fraud value caught
# scales with precision). Break-even is computed from one simulated month, so it carries a 95% interval (printed
# below), and a model may still pay anywhere above its low end. So the lines are set for a model at that **low
# end**: then every model the data cannot rule out as paying is rolled back by chance only within the tolerance.
# Operations says how often they will put up with rolling back a model that still pays,
# `TOLERATED_FALSE_ROLLBACKS_PER_YEAR`, for the whole rule. The rule has two lines, a weekly one and one on four
# weeks pooled, so the tolerance is split between them: the weekly line gets half, and you set it; the pooled line
# takes what the weekly line leaves (after the exercise).

# %%
p_break_even = communicate.break_even_precision(result)   # net value zero at the same alert volume
# break-even is an estimate too: recompute it on the same resamples of month 6 as the net value's interval
flag6 = test6_scores >= threshold
band6 = (test6_scores >= review_band[0]) & (test6_scores < review_band[1]) & ~flag6   # reviewed, not held
amt6, month_len = test6["amount"].to_numpy(), weeks / communicate.WEEKS_PER_MONTH
be_rows = np.column_stack([
    amt6 * y_test6 * flag6 / month_len,                    # the model's fraud value caught ($/month)
    amt6 * y_test6 * today_flags6 / month_len,             # today's rules' fraud value caught ($/month)
    (today_flags6.astype(float) - (flag6 | band6)) / weeks * REVIEW_MINUTES / 60 * communicate.WEEKS_PER_MONTH
    * REVIEW_HOURLY_COST,                                  # review time saved ($/month)
    flag6 & y_test6, flag6,                                # alerts right, alerts
    amt6 * y_test6 * (rule_set_flags.astype(float) - today_flags6) / month_len
    + (today_flags6.astype(float) - rule_set_flags) / weeks * REVIEW_MINUTES / 60 * communicate.WEEKS_PER_MONTH
    * REVIEW_HOURLY_COST])                                 # the rule set's net value over today's rules ($/month)


def break_even_of(sums):
    """Break-even precision from summed rows: precision x (rules' catch - review saved + running cost) / catch."""
    caught, rules_caught, review, right, alerts = sums.T[:5]
    return right / alerts * (rules_caught - review + FRAUD_MONTHLY_RUN_COST) / caught


rng_be = np.random.default_rng(SEED)   # the net value's resamples: same seed, same draws
be_sums = np.vstack([be_rows[rng_be.integers(0, len(be_rows), (min(200, N_BOOT - i), len(be_rows)))].sum(axis=1)
                     for i in range(0, N_BOOT, 200)])
be_iv = tuple(float(q) for q in np.quantile(break_even_of(be_sums), [0.025, 0.975]))
rule_set_iv = tuple(float(q) for q in np.quantile(be_sums[:, 5], [0.025, 0.975]))   # section 5's cheaper option
result = result.with_(rollback_at_precision=be_iv[0], rollback_at_words=(
    f"the low end of break-even's 95% interval, {be_iv[0]:.1%} to {be_iv[1]:.1%}: a model there may still pay"))
print(f"break-even precision: {p_break_even:.1%} (net value over {TODAY} zero at {result.alerts_per_week:.0f} alerts "
      f"a week; measured on simulated month 6: {result.precision:.1%})")
print(f"break-even is an estimate: 95% bootstrap {be_iv[0]:.1%} to {be_iv[1]:.1%} ({N_BOOT:,} resamples of month 6, "
      "the net value's own)")
review_iv = np.quantile(be_sums[:, 2], [0.025, 0.975]) / REVIEW_HOURLY_COST / communicate.WEEKS_PER_MONTH
print(f"review hours saved a week (part of the net value): {result.review_hours_saved_per_week:,.1f}, 95% bootstrap "
      f"{review_iv[0]:,.1f} to {review_iv[1]:,.1f} (same resamples): "
      + ("a saving" if review_iv[0] > 0 else "added review time" if review_iv[1] < 0 else "its sign is not shown"))
weekly_budget, pooled_budget = communicate.rollback_budget(TOLERATED_FALSE_ROLLBACKS_PER_YEAR)   # half to each line
q3 = nb05.bind_result(result=result, tolerated=weekly_budget, tolerance_words=(
    f"Operations will tolerate {TOLERATED_FALSE_ROLLBACKS_PER_YEAR:g} false rollback a year for the whole rule; "
    f"half of it, {TOLERATED_FALSE_ROLLBACKS_PER_YEAR / 2:g} a year, goes to the weekly line"))

# %% tags=["remove-cell"]
# self-test: the break-even above is the kit's, and its resamples are the net value's own draws
assert abs(break_even_of(be_rows.sum(axis=0)[None, :])[0] - p_break_even) < 1e-9
net_reps = be_sums[:, 0] - be_sums[:, 1] + be_sums[:, 2] - FRAUD_MONTHLY_RUN_COST
assert abs(be_rows[:, 2].sum() / REVIEW_HOURLY_COST / communicate.WEEKS_PER_MONTH
           - result.review_hours_saved_per_week) < 1e-6   # the review interval is the kit's saving, resampled
assert np.allclose(np.quantile(net_reps, [0.025, 0.975]), result.net_value_ci)
# the rule set over today's rules, row by row, is the difference of the kit's two net values (run cost cancels)
assert abs(be_rows[:, 5].sum() - (result.monthly_net_value - result_vs_rules.monthly_net_value)) < 1e-6

# %% [markdown]
# ### Exercise 3 · Set the rollback line for a tolerated false-rollback rate

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
tolerated = TOLERATED_FALSE_ROLLBACKS_PER_YEAR / 2 / 52      # the weekly line's half, checked 52 times a year
n, p = communicate.rollback_rule(result).alerts, be_iv[0]   # a model that may still pay: break-even's low end
safe = [k / n for k in range(n + 1) if communicate.share_below(k / n, n, p) <= tolerated]
q3_answer = max(safe)
print(f"highest line {q3_answer:.1%}: a week at {p:.1%} crosses it in "
      f"{communicate.share_below(q3_answer, n, p):.1%} of weeks")
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(result.precision_ci[0])
assert q3.check(____).correct is None

# %%
# the spec's weekly line is exercise 3's. A week's count of alerts varies (the support note's range), so the false
# rollbacks are counted with it a Poisson count around the mean, and the pooled line on ROLLBACK_WEEKS weeks takes what
# the weekly line leaves of the tolerance: from its half, one alert lower at a time until the total fits
def fit_pooled_line(res):
    """The result with its pooled line lowered one alert at a time until the yearly false rollbacks, with the weekly
    count varying, fit the tolerance; and its rollback rule."""
    res = res.with_(rollback_false_alarm=weekly_budget, rollback_pooled_false_alarm=pooled_budget, alerts_vary=True)
    rule = communicate.rollback_rule(res)
    while rule.varying()[2] > TOLERATED_FALSE_ROLLBACKS_PER_YEAR and rule.pooled_line > 0:
        pooled_n = rule.alerts * rule.weeks
        lower = round(rule.pooled_line * pooled_n) - 1   # one alert lower: its chance at the fixed count is the budget
        res = res.with_(rollback_pooled_false_alarm=communicate.share_below(lower / pooled_n, pooled_n,
                                                                            rule.at_precision))
        rule = communicate.rollback_rule(res)
    return res, rule


result, rollback = fit_pooled_line(result)
v_week, v_run, v_year = rollback.varying()
within_word = {True: "within", False: "over"}[bool(v_year <= TOLERATED_FALSE_ROLLBACKS_PER_YEAR)]
weekly_half_word = {True: "within", False: "more than"}[bool(52 * v_week <= TOLERATED_FALSE_ROLLBACKS_PER_YEAR / 2)]
collapse_p = communicate.collapse_at(result)   # the spec's collapse (ModelResult.collapse_precision, default half)
c_week, c_four, c_pooled = rollback.detection(collapse_p)
be_week, _, be_pooled = rollback.detection(p_break_even)   # a slide to the break-even estimate
rollback_table = pd.DataFrame({
    "line": [f"{rollback.weekly_line:.1%}", f"{rollback.pooled_line:.1%}"],
    "checks a year": [52, 52 // rollback.weeks],
    f"crossed by chance at {be_iv[0]:.1%} (may still pay), exactly {rollback.alerts} alerts a week": [
        f"{rollback.weekly_chance:.1%}", f"{rollback.pooled_chance:.1%}"],
    "... with the weekly count varying (Poisson)": [f"{v_week:.1%}", f"{v_run:.1%}"],
    f"fires at break-even ({p_break_even:.1%})": [f"{be_week:.0%} of weeks", f"{be_pooled:.0%} of runs"],
    f"fires after a collapse to {collapse_p:.1%}": [f"{c_week:.0%} of weeks ({c_four:.0%} within {rollback.weeks})",
                                                    f"{c_pooled:.0%} of runs"],
}, index=pd.Index(["one week", f"{rollback.weeks} weeks pooled"], name=f"rollback line ({rollback.alerts} simulated "
                                                                     "alerts a week)"))
display(rollback_table)
story.md(
    f"The weekly line is exercise 3's, {rollback.weekly_line:.1%}, set for exactly {rollback.alerts} alerts every week. "
    f"A week's count varies (the support note below treats {communicate.flag_count_lines(result.alerts_per_week).low} "
    f"to {communicate.flag_count_lines(result.alerts_per_week).high} flags as an ordinary week), and with the count a Poisson count around {rollback.alerts} a model at {be_iv[0]:.1%} crosses the weekly line "
    f"in {v_week:.1%} of weeks, {52 * v_week:.2f} a year, {weekly_half_word} its half of the tolerance. So the "
    f"{rollback.weeks}-week pooled line takes what is left: checked {52 // rollback.weeks} times a year, it sits at "
    f"{rollback.pooled_line:.1%}, crossed in {v_run:.1%} of runs. Together, for a model at {be_iv[0]:.1%} or better, "
    f"they expect at most {v_year:.2f} false rollbacks a year with the count varying, {within_word} the tolerance of "
    f"{TOLERATED_FALSE_ROLLBACKS_PER_YEAR:g}. A collapse (precision halved, as when a feature breaks upstream) is "
    "caught within weeks. A slide to break-even is not (the break-even column): the price of never rolling back a model that "
    "may still pay. The live net value, once each month's labels are in, is the check for that.")

# %% [markdown]
# The decision to replace today's rules is made in one unit, dollars a month, so the executive
# summary takes its calls in that unit: on net values, their 95% bootstrap intervals over the month-6
# transactions, and where each interval lies. Two options are on the table beside today's rules: the
# model and the readable rule set of section 6. Both are held to the same lines over today's rules:
#
# - **Trial.** A trial of an option may start when its net value over today's rules is above zero on its whole
#   interval (it would then pay); not if the whole interval is below zero; not yet otherwise. A **gated trial** of
#   the model (shadow, then `LIVE_SHARE` of traffic with the rollback rule armed) is money spent to learn whether to
#   switch to it; below, it is costed with today's rules as its control and with the readable rule set as its
#   control. The rule set has no model to run, so its trial decides every payment, with its own rollback line and
#   today's rules ready to come back. Starting the model trial also weighs its own money against waiting.
# - **Switch.** Switch to an option when its whole interval is above `MIN_NET_TO_CONFIRM` over today's rules (the
#   smallest net value worth switching for, set before the test, whichever option it is) and, for the model, above
#   zero over the readable rule set (go); no if any interval lies wholly below its line; not yet otherwise.
# - **Which trial first.** When both trials may start and the model is not shown to beat the rule set (its
#   interval over the rule set does not clear zero), the cheaper one goes first: trial the rule set, and run any
#   model trial later with the rule set as its control. A model trial against today's rules is still allowed by
#   the trial line, at the price of the rule set's value it leaves unearned (priced below).
#
# How long settling takes is planned from effects chosen before the test, not from the gap observed: over the rule
# set, `MIN_EDGE_OVER_RULES`, the smallest edge worth settling; over today's rules the line is
# `MIN_NET_TO_CONFIRM`, and the time to settle it depends on how far above the line the truth is, so it is given
# for a truth `MIN_NET_TO_CONFIRM` above the line and for one `MIN_EDGE_OVER_RULES` above it. During the trial the model, today's rules and the rule set all score
# every payment (the model in shadow on the payments it does not decide), and every payment's label arrives a
# month later, so each trial month measures both edges on all traffic, paired, as month 6 did. `LIVE_SHARE` sets
# how much money is at risk, not how long the trial runs. The sizing assumes later months scatter like month 6's
# transactions; month-to-month change would make it longer.

# %% [markdown]
# What does a model trial cost? During it the model decides only `LIVE_SHARE` of payments, so it earns that share
# of its value over the control (what runs on the other payments), but it scores every payment, so it pays the whole
# running cost; the `SHADOW_MONTHS` in shadow earn nothing; and the build is spent before the trial starts. The
# control is today's rules, or the readable rule set of section 6 trialled first on all payments, for its own assumed build
# (`RULE_SET_UPFRONT_COST`, running cost taken as zero). Each row carries the three ends of its own 95% interval
# over the trial's length (the longer of the two settle times above). The last row is what starting the trial
# against today's rules forgoes: the rule set's value on the payments the trial leaves on today's rules, net of its
# build.

# %%
def money_k(x):
    """Dollars to the nearest thousand, as the executive summary states them: its interval is tens of thousands wide."""
    if abs(x) < 1_000:
        return format_money(x)   # small sums in whole dollars
    return f"{'-' if x < 0 else ''}${abs(x) / 1_000:,.0f}k"


# months of data to detect each pre-set effect (80% power, 95% interval), plus the label lag
SETTLE = {TODAY: (MIN_NET_TO_CONFIRM, result.net_value_ci), RULE_SET: (MIN_EDGE_OVER_RULES, result_vs_rules.net_value_ci)}
settle = {name: communicate.months_to_settle(iv, effect) + LABEL_LAG_MONTHS for name, (effect, iv) in SETTLE.items()}
binding = max(settle, key=settle.get)
# over today's rules the line is MIN_NET_TO_CONFIRM; a truth nearer the line takes longer to settle: one
# MIN_EDGE_OVER_RULES above it, on the same interval
settle_near = communicate.months_to_settle(result.net_value_ci, MIN_EDGE_OVER_RULES) + LABEL_LAG_MONTHS
trial_month = communicate.trial_month_net(result)          # (estimate, low, high): LIVE_SHARE x (net + run) - run
trial_len = int(round(settle[binding]))
live_months = max(trial_len - SHADOW_MONTHS, 0)
trial_total = tuple(-FRAUD_UPFRONT_COST - SHADOW_MONTHS * FRAUD_MONTHLY_RUN_COST + live_months * v for v in trial_month)
# the same trial with the rule set as its control: the model's net value over the rule set, the same resamples
trial_month_rules = communicate.trial_month_net(result_vs_rules.with_(live_share=LIVE_SHARE))
trial_total_rules = tuple(-FRAUD_UPFRONT_COST - SHADOW_MONTHS * FRAUD_MONTHLY_RUN_COST + live_months * v
                          for v in trial_month_rules)
# the rule set over today's rules: the difference of the two paired net values (the model's running cost cancels)
rules_month = result.monthly_net_value - result_vs_rules.monthly_net_value
# run against today's rules, the trial leaves the shadow months and the rest of each live month on today's rules:
# that much of the rule set's value is forgone, net of its build
months_on_today = SHADOW_MONTHS + (1 - LIVE_SHARE) * live_months
forgone = tuple(months_on_today * v - RULE_SET_UPFRONT_COST for v in (rules_month, *rule_set_iv))
# the rule set's trial may start and the model is not shown to beat it: the rule set leads (the rule stated above)
rules_lead = bool(rule_set_iv[0] > 0 and not result_vs_rules.net_value_ci[0] > 0)
rules_switch = bool(rule_set_iv[0] > MIN_NET_TO_CONFIRM)   # the rule set held to the model's switch line
# months to settle the switch line for the rule set, for a truth MIN_NET_TO_CONFIRM above it, on its own interval
settle_rules_line = communicate.months_to_settle(rule_set_iv, MIN_NET_TO_CONFIRM) + LABEL_LAG_MONTHS
# ... and for a truth only MIN_EDGE_OVER_RULES above it
settle_rules_near = communicate.months_to_settle(rule_set_iv, MIN_EDGE_OVER_RULES) + LABEL_LAG_MONTHS
trial_table = pd.DataFrame({
    "build (once, before the trial)": [-FRAUD_UPFRONT_COST] * 3,
    f"a shadow month (x{SHADOW_MONTHS})": [-FRAUD_MONTHLY_RUN_COST] * 3,
    f"control {TODAY}: a live month on {LIVE_SHARE:.0%} of payments (x{live_months})": list(trial_month),
    f"control {TODAY}: the whole trial ({trial_len} months, build included)": list(trial_total),
    f"control {RULE_SET}: a live month (x{live_months})": list(trial_month_rules),
    f"control {RULE_SET}: the whole trial ({trial_len} months, build included)": list(trial_total_rules),
    f"forgone by a trial against {TODAY}: {RULE_SET} over {months_on_today:.1f} months of all traffic, net of its build":
        list(forgone),
}, index=["estimate", "95% low end", "95% high end"]).T
trial_table.index.name = "net over the control ($, each row on its own 95% interval, simulated month 6)"
display(HTML(isolate_dollars_html(trial_table.map(format_money).to_html())))
live_word = {True: f"even at the interval's low end a live month makes {format_money(trial_month[1])}",
             False: f"at the interval's low end a live month loses {format_money(-trial_month[1])}"}[trial_month[1] >= 0]


def total_word(total):
    return ("it earns its build back within the trial even at the low end" if total[1] > 0 else
            "it does not earn its build back within the trial at any end of its interval: it is money spent to learn, "
            "not a source of money while it runs" if total[2] < 0 else
            "whether it earns its build back within the trial is not settled")
story.md(
    f"**The trial's own economics.** A live month on {LIVE_SHARE:.0%} of payments nets {format_money(trial_month[0])} "
    f"over {TODAY} at the estimate ({format_money(trial_month[1])} to {format_money(trial_month[2])}, 95%): "
    f"{LIVE_SHARE:.0%} x (net value + {format_money(FRAUD_MONTHLY_RUN_COST)}) - {format_money(FRAUD_MONTHLY_RUN_COST)}; "
    f"{live_word}. The trial runs {trial_len} months, the longer of the two settle times for the amounts set in "
    f"advance: about {settle[TODAY]:.0f} months to settle the {money_k(MIN_NET_TO_CONFIRM)} line over {TODAY} if the "
    f"truth is {money_k(MIN_NET_TO_CONFIRM)} above it, and about {settle[RULE_SET]:.0f} to settle a "
    f"{money_k(MIN_EDGE_OVER_RULES)} edge over {RULE_SET} (80% power, label lag included); a truth only "
    f"{money_k(MIN_EDGE_OVER_RULES)} above the {money_k(MIN_NET_TO_CONFIRM)} line would take about {settle_near:.0f} "
    f"months{', longer than the trial' if settle_near > trial_len else ''}. Over those {trial_len} months, with {SHADOW_MONTHS} month in shadow and the "
    f"{format_money(FRAUD_UPFRONT_COST)} build, it ends between {format_money(trial_total[1])} and "
    f"{format_money(trial_total[2])} (estimate {format_money(trial_total[0])}): {total_word(trial_total)}. With "
    f"{RULE_SET} as its control, the same trial ends between {format_money(trial_total_rules[1])} and "
    f"{format_money(trial_total_rules[2])} (estimate {format_money(trial_total_rules[0])}): "
    f"{total_word(trial_total_rules)}. Run against {TODAY} instead, it forgoes {format_money(forgone[1])} to "
    f"{format_money(forgone[2])} (95%, estimate {format_money(forgone[0])}) of {RULE_SET}'s value, net of its "
    "build. A sponsor who approves a trial approves this money at stake.")
# the rule set in words: the leaves that hold a payment, riskiest first, and the inputs they read
import re

leaves = sorted((re.match(r"IF (.*) THEN fraud rate ([\d.]+)%", line).groups()
                 for line in rules.rules_text.splitlines()), key=lambda row: -float(row[1]))
n_leaves_flagged = int((np.unique(rules.leaf_rates(train)) >= rule_cut).sum())
flagged_rules = [cond.replace("_", " ") for cond, _ in leaves[:n_leaves_flagged]]
rule_inputs = [f.replace("_", " ") for f in FEATURES   # only the inputs the holding rules read
               if any(f in cond for cond, _ in leaves[:n_leaves_flagged])]
story.md(
    f"**The cheapest alternative.** The readable rule set (section 6 looks at what its readability costs) is a "
    "decision tree's rules written out, fitted on months 1-4 with its cut chosen on month 5 for the model's alert "
    "rate, and it has no model to run. It holds a payment for review when it matches "
    + ("this rule" if len(flagged_rules) == 1 else f"one of these {len(flagged_rules)} rules") + ": "
    + "; ".join(f"({i + 1}) {c}" for i, c in enumerate(flagged_rules)) + ". "
    f"On all traffic, from its first month, it is worth {format_money(rules_month)} a month over {TODAY} (95% bootstrap "
    f"{format_money(rule_set_iv[0])} to {format_money(rule_set_iv[1])}, the same resamples of month 6), for an "
    f"assumed {format_money(RULE_SET_UPFRONT_COST)} build against the model's {format_money(FRAUD_UPFRONT_COST)}. "
    f"Held to the model's {money_k(MIN_NET_TO_CONFIRM)} switch line over {TODAY}, it would take about "
    f"{settle_rules_line:.0f} months of data like month 6, pooled (80% power, label lag included), to settle that "
    f"line if its truth were {money_k(MIN_NET_TO_CONFIRM)} above it, and about {settle_rules_near:.0f} if it were only "
    f"{money_k(MIN_EDGE_OVER_RULES)} above. Exercise 4 weighs it against the model.")

# %%
NOTE_FACTS = {   # every number the note to the sponsor may quote (exercise 4)
    "net value": result.monthly_net_value, "net value, 95% low": result.net_value_ci[0],
    "net value, 95% high": result.net_value_ci[1], "switch line": MIN_NET_TO_CONFIRM,
    "over the rule set": result_vs_rules.monthly_net_value, "over the rule set, 95% low": result_vs_rules.net_value_ci[0],
    "over the rule set, 95% high": result_vs_rules.net_value_ci[1], "live share": LIVE_SHARE,
    "build cost": FRAUD_UPFRONT_COST, "running cost": FRAUD_MONTHLY_RUN_COST,
    "trial months": trial_len, "trial, 95% low": trial_total[1], "trial, 95% high": trial_total[2],
    "trial estimate": trial_total[0], "settle over today's rules (months)": settle[TODAY],
    "settle over the rule set (months)": settle[RULE_SET], "rule set a month": rules_month,
    "rule set a month, 95% low": rule_set_iv[0], "rule set a month, 95% high": rule_set_iv[1],
    "rule set build": RULE_SET_UPFRONT_COST, "trial against the rule set, estimate": trial_total_rules[0],
    "trial against the rule set, 95% low": trial_total_rules[1], "trial against the rule set, 95% high": trial_total_rules[2],
    "forgone against today's rules, estimate": forgone[0], "forgone, 95% low": forgone[1], "forgone, 95% high": forgone[2],
    "settle the rule set's switch line (months)": settle_rules_line,
    "settle it for a truth only the smallest edge above (months)": settle_rules_near,
    "smallest edge worth settling": MIN_EDGE_OVER_RULES}
CHEAPER = (RULE_SET, rules_month, *rule_set_iv, RULE_SET_UPFRONT_COST)
q4 = nb05.bind_calls(result=result, facts=NOTE_FACTS, trial_total=trial_total[1:], cheaper=CHEAPER,
                     forgone=forgone[1:], trial_vs_cheaper=trial_total_rules[1:])

# %% [markdown]
# ### Exercise 4 · Make the trial and the switch calls

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
def call_on(low, high, line):
    return "go" if low > line else "no" if high < line else "not yet"


net_iv = result.net_value_ci
trial = call_on(*net_iv, 0.0)
switch_lines = [call_on(*net_iv, MIN_NET_TO_CONFIRM)] + [call_on(lo, hi, 0.0) for _, _, lo, hi in result.rivals]
switch = "no" if "no" in switch_lines else "go" if set(switch_lines) == {"go"} else "not yet"
print(f"trial: {trial}; switch lines: {switch_lines} -> switch: {switch}")
calls = {("go", "go"): "a", ("go", "not yet"): "b", ("go", "no"): "c", ("not yet", "not yet"): "d",
         ("not yet", "no"): "e", ("no", "no"): "f"}[(trial, switch)]
# the rule set pays on its whole interval and the model is not shown to beat it: trial it first
rules_pay, model_beats_rules = rule_set_iv[0] > 0, result_vs_rules.net_value_ci[0] > 0
if rules_pay and not model_beats_rules and switch != "go":
    calls = "g"
def k(v):
    return f"{'-' if v < 0 else ''}${abs(v) / 1_000:,.0f}k"   # dollars to the nearest thousand


if calls == "g":
    step = (f"switch to them now: that interval clears the {k(MIN_NET_TO_CONFIRM)} line we hold the model to"
            if rule_set_iv[0] > MIN_NET_TO_CONFIRM else
            f"start a trial of them now. Switching to them waits: that interval does not clear the "
            f"{k(MIN_NET_TO_CONFIRM)} line we hold the model to. About {settle_rules_line:.0f} months would settle it "
            f"if their true value is {k(MIN_NET_TO_CONFIRM)} above that line, about {settle_rules_near:.0f} if only "
            f"{k(MIN_EDGE_OVER_RULES)} above")
    note = (f"On one simulated month of payments the readable rules are worth between {k(rule_set_iv[0])} and "
            f"{k(rule_set_iv[1])} a month more than today's rules (95% interval), for a {k(RULE_SET_UPFRONT_COST)} "
            f"build: {step}. A model trial, if we run one, uses them as its control and ends between "
            f"{k(trial_total_rules[1])} and {k(trial_total_rules[2])} over its {trial_len} months, build included.")
else:
    note = (f"On one simulated month of payments the model is worth between {k(net_iv[0])} and {k(net_iv[1])} a month "
            f"more than today's rules (95% interval). Trial: {trial}, on {LIVE_SHARE:.0%} of payments; over its "
            f"{trial_len} months, build included, it ends between {k(trial_total[1])} and {k(trial_total[2])}. "
            f"Switch: {switch}; about {settle[binding]:.0f} months of the trial would settle it.")
q4_answer = {"calls": calls, "note": note}
print(note)
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check({**q4_answer, "calls": next(k for k in nb05.CALLS if k != q4_answer["calls"])})
assert not q4.check({**q4_answer, "note": q4_answer["note"] + " The bootstrap says so."})
assert not q4.check({**q4_answer, "note": q4_answer["note"] + " It saves $999,999."})
assert q4.check(____).correct is None

# %%
SETTLE_WORDS = {TODAY: f"above the {money_k(MIN_NET_TO_CONFIRM)} line over {TODAY}", RULE_SET: f"over {RULE_SET}"}
settle_rows = tuple((SETTLE_WORDS[name], SETTLE[name][0], settle[name]) for name in SETTLE)
if rules_lead:
    settle_rows = ((f"over {RULE_SET} (the smallest edge worth settling)", MIN_EDGE_OVER_RULES, settle[RULE_SET]),
                   (SETTLE_WORDS[TODAY], MIN_NET_TO_CONFIRM, settle[TODAY]),
                   (SETTLE_WORDS[TODAY], MIN_EDGE_OVER_RULES, settle_near))
result = result.with_(settle_months=settle_rows,
                      gap_precaution=None,   # an unsettled segment gap: legal chooses, the data do not
                      assumed_inputs=True,   # the latency budget and the review minutes are assumptions
                      trial_cost=trial_total,   # payback counted from the end of the trial, its loss included
                      cheaper_option=CHEAPER,   # the executive summary weighs the two builds
                      cheaper_first=(*forgone, *trial_total_rules, trial_len),   # ... and leads with the rule set
                      review_value_ci=tuple(float(q) for q in np.quantile(be_sums[:, 2], [0.025, 0.975])))
briefing = communicate.brief(result)
if isinstance(q4_answer, dict) and isinstance(q4_answer.get("note"), str):   # exercise 4's note, beside the kit's
    story.md("**Your note to the sponsor (exercise 4).** " + q4_answer["note"])
# the net values leave out a held legitimate customer's friction (section 7 prices it): the executive and finance
# notes say so, with the month's counts
held_clause = (f"These net values leave out what holding a legitimate customer costs (section 7 prices it): in the "
               f"simulated test month {TODAY} held {int((base6 & ~y_test6).sum()):,} legitimate payments, {RULE_SET} "
               f"{int((rule_set_flags & ~y_test6).sum()):,} and the model {int((flag6 & ~y_test6).sum()):,}.")
if not rules_lead:
    display(Markdown(communicate.Briefing(result, {
        k: text + (" " + held_clause if k in ("executive", "finance") else "") for k, text in briefing.texts.items()})
        .to_markdown(bullets=True)))
else:   # the rule set goes first: the teams that run it are briefed on it, the model's texts are for later
    rule_result = communicate.summarise_fraud_result(   # the rule set measured like the model, same month-6 payments
        test6_words, rules.leaf_rates(test6), threshold=rule_cut, baseline_flags=today_flags6, baseline_name=TODAY,
        model_name=RULE_SET, weeks=weeks, latency_ms=test6["latency_ms"], segment_mask=measured_as["segment_mask"],
        segment_name="top-quartile amounts", review_minutes_per_alert=REVIEW_MINUTES,
        review_hourly_cost=REVIEW_HOURLY_COST, monthly_run_cost=0.0, upfront_cost=RULE_SET_UPFRONT_COST,
        low_confidence_band=(rule_cut, rule_cut), simulated=True)
    # its break-even precision (net value over today's rules zero at its alert volume), on the net values' own
    # resamples of month 6: its rollback lines are set, like the model's, for the low end of that interval
    rs_rows = np.column_stack([
        amt6 * y_test6 * rule_set_flags / month_len,                  # the rule set's fraud value caught ($/month)
        amt6 * y_test6 * today_flags6 / month_len,                    # today's rules' fraud value caught ($/month)
        (today_flags6.astype(float) - rule_set_flags) / weeks * REVIEW_MINUTES / 60 * communicate.WEEKS_PER_MONTH
        * REVIEW_HOURLY_COST,                                         # review time saved ($/month)
        rule_set_flags & y_test6, rule_set_flags])                    # alerts right, alerts
    rng_rs = np.random.default_rng(SEED)
    rs_sums = np.vstack([rs_rows[rng_rs.integers(0, len(rs_rows), (min(200, N_BOOT - i), len(rs_rows)))].sum(axis=1)
                         for i in range(0, N_BOOT, 200)])

    def rule_break_even(sums):
        caught, today_caught, review, right, alerts = sums.T
        return right / alerts * (today_caught - review) / caught

    rs_be = float(rule_break_even(rs_rows.sum(axis=0)[None, :])[0])
    rs_be_iv = tuple(float(np.clip(q, 0, 1)) for q in np.quantile(rule_break_even(rs_sums), [0.025, 0.975]))
    # the same lines as the model's: the weekly count varies (a Poisson count), and the pooled line takes what the
    # weekly line leaves of the tolerance, one alert lower at a time until the total fits
    rule_result, rule_rollback = fit_pooled_line(rule_result.with_(rollback_at_precision=rs_be_iv[0]))
    rs_week, rs_run, rs_year = rule_rollback.varying()
    # the model's texts are for after the rule set runs: its lines are re-set at break-even over the rule set, on the
    # same resamples of month 6 (the rule set's catch and the review time saved against it)
    later_rows = np.column_stack([
        be_rows[:, 0], amt6 * y_test6 * rule_set_flags / month_len,
        (rule_set_flags.astype(float) - (flag6 | band6)) / weeks * REVIEW_MINUTES / 60 * communicate.WEEKS_PER_MONTH
        * REVIEW_HOURLY_COST, be_rows[:, 3], be_rows[:, 4]])
    rng_later = np.random.default_rng(SEED)
    later_sums = np.vstack([later_rows[rng_later.integers(0, len(later_rows), (min(200, N_BOOT - i), len(later_rows)))]
                            .sum(axis=1) for i in range(0, N_BOOT, 200)])
    later_be_iv = tuple(float(np.clip(q, 0, 1)) for q in np.quantile(break_even_of(later_sums), [0.025, 0.975]))
    model_later, later_rollback = fit_pooled_line(result_vs_rules.with_(
        assumed_inputs=result.assumed_inputs, rollback_at_precision=later_be_iv[0], rollback_at_words=(
            f"the low end of the 95% interval of its break-even over {RULE_SET}, {later_be_iv[0]:.1%} to "
            f"{later_be_iv[1]:.1%}: a model there may still pay over it")))
    later_engineering = communicate.brief(model_later)["engineering"]
    rule_alerts_month = int(rule_set_flags.sum()) / months6
    rule_genuine_week = int((rule_set_flags & ~y_test6).sum()) / weeks
    rule_count_lines = communicate.flag_count_lines(rule_result.alerts_per_week)

    def seg_rates(counts):
        return "; ".join(f"{g} {k / n:.1%} ({wilson_interval(k, n)[0]:.1%} to {wilson_interval(k, n)[1]:.1%}, "
                         f"{k:,} of {n:,})" for g, (k, n) in counts.items())

    r_lo_seg, r_hi_seg, r_gap = rule_result.largest_group_gap
    r_gap_lo, r_gap_hi = rule_result.group_gap_interval
    # the largest of the segment gaps, picked after looking: its 95% interval widened for every pair compared
    # (Bonferroni), and the calls on zero and on the trigger read on that wider interval
    n_seg = len(rule_result.group_counts)
    n_pairs = n_seg * (n_seg - 1) // 2
    r_adj_lo, r_adj_hi = communicate.difference_interval(*rule_result.group_counts[r_hi_seg],
                                                         *rule_result.group_counts[r_lo_seg],
                                                         confidence=1 - 0.05 / n_pairs)
    trig = communicate.GAP_REVIEW_TRIGGER
    if r_adj_lo > trig:
        r_gap_call = "above the trigger: review the segment now"
    elif r_adj_hi < trig:
        r_gap_call = "below the trigger: no review"
    else:   # open: legal chooses, as for the model, with what settles it
        r_gap_months, r_gap_cases = communicate.gap_settle(rule_result)
        r_gap_call = (f"across the trigger: not yet settled. Legal's choice until it is: start the review now as a "
                      f"precaution, or wait while more fraud cases in {r_lo_seg} are collected. Settling it takes "
                      f"about {r_gap_months:.0f} months of labelled data like the test month (about "
                      f"{r_gap_cases:,.0f} fraud cases in {r_lo_seg}). It is reviewed monthly meanwhile")
    rule_texts = {
        "engineering": (
            f"**Engineering spec: {RULE_SET} (simulated data; what the plan trials now).** Hold a payment for review "
            f"when it matches any of these rules, fitted on months 1-4 with the cut chosen on month 5: "
            + "; ".join(f"({i + 1}) {c}" for i, c in enumerate(flagged_rules)) + ". "
            f"Volume: about {rule_result.alerts_per_week:.0f} alerts a week ({rule_alerts_month:.0f} a month) on "
            f"simulated month 6, precision {rule_result.precision:.1%} (95% CI {rule_result.precision_ci[0]:.1%} to "
            f"{rule_result.precision_ci[1]:.1%}), recall {rule_result.recall:.1%} (95% CI {rule_result.recall_ci[0]:.1%} "
            f"to {rule_result.recall_ci[1]:.1%}). "
            f"Roll back to {TODAY} if one week's precision falls below {rule_rollback.weekly_line:.1%}, or "
            f"{rule_rollback.weeks} weeks pooled fall below {rule_rollback.pooled_line:.1%}. "
            f"The lines are set for a rule set at {rs_be_iv[0]:.1%}, the low end of the 95% interval of its "
            f"break-even precision ({rs_be_iv[0]:.1%} to {rs_be_iv[1]:.1%}, estimate {rs_be:.1%}), where its net value "
            f"over {TODAY} reaches zero: a rule set there may still pay. With the weekly count of alerts varying "
            f"around {rule_rollback.alerts} (a Poisson count) it crosses them by chance in {rs_week:.1%} of weeks and "
            f"{rs_run:.1%} of {rule_rollback.weeks}-week runs, about {rs_year:.2f} false rollbacks a year, "
            f"{'within' if rs_year <= TOLERATED_FALSE_ROLLBACKS_PER_YEAR else 'over'} the tolerance of "
            f"{TOLERATED_FALSE_ROLLBACKS_PER_YEAR:g}. "
            f"The switch to it needs its net value over {TODAY} a month, pooled over the trial's months once their "
            f"labels are in, above {money_k(MIN_NET_TO_CONFIRM)} on its whole 95% interval; a month whose own interval "
            "lies wholly below zero ends the trial."),
        "support": (
            f"**Support (simulated data; the rule set the plan trials now).** Expect about "
            f"{rule_result.alerts_per_week:.0f} flagged payments a week, about {rule_alerts_month:.0f} a month "
            f"({TODAY} flag {rule_result.baseline_alerts_per_week:.0f} a week). "
            "Each flagged payment is put on hold until a reviewer checks it; the rules never decline one on their own. "
            f"About {rule_genuine_week:.0f} a week will be genuine customers, so tell a flagged customer the payment "
            "is on hold for a check, never that they are suspected of fraud. "
            f"Escalate to the fraud team if a week shows fewer than {rule_count_lines.low} or more than "
            f"{rule_count_lines.high} flags: a week at the expected rate lands outside these lines by chance in "
            f"{rule_count_lines.chance:.1%} of weeks."),
        "legal": (
            f"**Legal and compliance (simulated data; the rule set the plan trials now).** The rules, in full: "
            + "; ".join(f"({i + 1}) {c}" for i, c in enumerate(flagged_rules)) + ". "
            f"A payment is held for review when it matches one of them, so the reason for any hold is the rule it "
            f"matched. They were fitted on {len(train):,} simulated past transactions (months 1-4), and the rules that "
            f"hold a payment read only {' and '.join(rule_inputs) if len(rule_inputs) < 3 else ', '.join(rule_inputs)}. "
            "No name, address or other protected attribute is an input; whether an input stands in for one has not "
            "been tested yet. "
            f"Bias check, share of legitimate payments held by segment (95% Wilson): "
            f"{seg_rates(rule_result.group_hold_counts)}. "
            f"Fraud caught by segment: {seg_rates(rule_result.group_counts)}. "
            f"The largest gap is {100 * r_gap:.1f} points ({r_lo_seg} against {r_hi_seg}), 95% interval "
            f"{100 * r_gap_lo:.1f} to {100 * r_gap_hi:.1f} points. It is the largest of {n_pairs} segment gaps, "
            f"picked after seeing the data; allowing for the {n_pairs} pairs compared, its interval is "
            f"{100 * r_adj_lo:.1f} to {100 * r_adj_hi:.1f} points: against the {100 * trig:g}-point review trigger it "
            f"is {r_gap_call}."),
    }
    gap_words = {"above": f"above the {100 * trig:g}-point review trigger on its whole interval: the segment is "
                          "reviewed now",
                 "below": f"below the {100 * trig:g}-point review trigger on its whole interval",
                 "across": f"across the {100 * trig:g}-point review trigger: legal chooses whether to review now or "
                           "wait for more cases (the legal note below)"}[
        "above" if r_adj_lo > trig else "below" if r_adj_hi < trig else "across"]
    lo_caught, lo_frauds = rule_result.group_counts[r_lo_seg]
    gap_shown = r_adj_lo > 0
    exec_gap = (f" A segment gap{' shown' if gap_shown else ' to check'}: {RULE_SET}'s fraud catch in {r_lo_seg} reads "
                f"{100 * r_gap:.0f} points below {r_hi_seg}, on only {lo_frauds:,} frauds in {r_lo_seg} "
                f"({lo_caught:,} caught); it is the largest of the {n_pairs} segment gaps, picked after looking, and "
                f"allowing for the {n_pairs} pairs compared its 95% interval is {100 * r_adj_lo:.1f} to "
                f"{100 * r_adj_hi:.1f} points, "
                + ("above zero, so a gap is shown; " if gap_shown else
                   "which reaches zero, so a gap is not established; ")
                + (f"whether it exceeds the {100 * trig:g}-point review trigger is open: legal chooses whether to "
                   "review now or wait for more cases (the legal note below)." if gap_words.startswith("across")
                   else f"it lies {gap_words}."))
    # the executive reads the recommendation first and a few lines; the rest of the generated summary follows as
    # details, in its own order, every sentence kept
    exec_head, _, exec_body = (briefing["executive"] + exec_gap + " " + held_clause).partition(".** ")
    exec_sentences = [x for x in re.split(r"(?<=[.)])\s+(?=[A-Z*])", exec_body) if x]
    EXEC_TOP = ("Recommendation:", "On its own,", "It pays on its whole interval", "A segment gap",
                "The switch to the model", "Settling the switch")
    exec_top = [next(x for x in exec_sentences if x.startswith(start)) for start in EXEC_TOP]
    exec_rest = [x for x in exec_sentences if x not in exec_top]
    exec_top[-1] = exec_top[-1].replace("Settling the switch,", "Settling the switch to the model,", 1)
    display(Markdown(story.escape_dollars(
        exec_head + ".**\n" + "\n".join(f"- {x}" for x in exec_top)
        + "\n\n*Details, for whoever asks:*\n" + "\n".join(f"- {x}" for x in exec_rest))))
    display(Markdown(communicate.Briefing(result, {"finance": briefing["finance"] + " " + held_clause})
                     .to_markdown(bullets=True)))
    story.md(f"The plan trials {RULE_SET} first, so the teams that run it are briefed on it, from its own measurement "
             "on the same simulated month-6 payments:")
    display(Markdown(communicate.Briefing(rule_result, rule_texts).to_markdown(bullets=True)))
    story.md("The model's own texts follow, for use **only if the model is confirmed later** (a trial against the "
             f"rule set clears the switch lines); by then it replaces {RULE_SET}, so its rollback goes back to "
             f"{RULE_SET}, with lines re-set at break-even over it:")
    display(Markdown(communicate.Briefing(result, {
        k: (later_engineering if k == "engineering" else briefing[k]).replace("**", "**If the model is confirmed later. ", 1)
        for k in ("engineering", "legal", "support")}).to_markdown(bullets=True)))

# %% tags=["remove-cell"]
# self-test: the review-time difference's interval is on the same dollars the summary states
assert abs(be_rows[:, 2].sum() - (result.monthly_net_value + result.monthly_run_cost
                                  - result.extra_fraud_caught_per_month)) < 1.0
# self-test: the rule set's break-even is the kit's, computed from its own result
if rules_lead:
    assert abs(rs_be - communicate.break_even_precision(rule_result)) < 1e-9
    assert rule_rollback.at_precision == rs_be_iv[0]
    assert rs_year <= TOLERATED_FALSE_ROLLBACKS_PER_YEAR   # the rule set's lines keep the tolerance, count varying
    # the model's later break-even is the kit's over the rule set, and its spec differs from today's only in the lines
    assert abs(break_even_of(later_rows.sum(axis=0)[None, :])[0]
               - communicate.break_even_precision(model_later)) < 1e-9
    assert later_engineering.split("Alert and roll back")[0] == briefing["engineering"].split("Alert and roll back")[0]
    assert later_rollback.varying()[2] <= TOLERATED_FALSE_ROLLBACKS_PER_YEAR

# %%
# two calls, each on an interval: the trial (net value over today's rules above zero) and the switch (above zero
# over today's rules and over the readable rule set)
exec_status, switch_status, switch_parts = communicate.switch_call(result)
ship_gate = gates.Gate("Switch from today's rules to the fraud model", [
    gates.criterion(f"Net value over {TODAY} ($/month)", result.monthly_net_value, ">", MIN_NET_TO_CONFIRM,
                    interval=result.net_value_ci, fmt="${:,.0f}",
                    settle=(f"about {settle[TODAY]:.0f} months of trial if the truth is {money_k(MIN_NET_TO_CONFIRM)} "
                            f"above the line, {settle_near:.0f} if {money_k(MIN_EDGE_OVER_RULES)} above"),
                    evidence=f"95% bootstrap over {len(test6):,} simulated month-6 transactions"),
    gates.criterion(f"Net value over {RULE_SET} ($/month)", result_vs_rules.monthly_net_value, ">", 0,
                    interval=result_vs_rules.net_value_ci, fmt="${:,.0f}",
                    settle=f"about {settle[RULE_SET]:.0f} months of trial",
                    evidence="95% bootstrap, same simulated transactions")])
trial_word = {"pass": "start the gated trial now", "fail": f"keep {TODAY}",
              "inconclusive": "not yet: run another month in shadow"}[exec_status]
switch_word = {"pass": "switch", "fail": "no switch", "inconclusive": "the switch is not yet decided"}[switch_status]
plan_word = f"{trial_word}; {switch_word}"
model_switch_word = {"pass": "go", "fail": "no", "inconclusive": "not yet decided"}[switch_status]
if rules_lead:   # the rule set's trial may start and the model is not shown to beat it: the rule set goes first
    trial_word = f"switch to {RULE_SET} now" if rules_switch else f"start a trial of {RULE_SET} now"
    rules_switch_word = ("go" if rules_switch else "no" if rule_set_iv[1] < MIN_NET_TO_CONFIRM else "not yet decided")
    plan_word = (f"{trial_word}; the switch to the model is {model_switch_word}" if rules_switch else
                 f"{trial_word}; the switch, to it or to the model, is not yet decided"
                 if switch_status == "inconclusive" and rules_switch_word == "not yet decided" else
                 f"{trial_word}; the switch to it: {rules_switch_word}; to the model: {model_switch_word}")
exec_reason = {"pass": "whole 95% interval is above zero", "fail": "whole 95% interval is below zero",
               "inconclusive": "95% interval straddles zero"}[exec_status]
trial_status = {"pass": "starts now", "fail": "not started: the model does not pay",
                "inconclusive": "not started: the interval straddles zero"}[exec_status]
net_lo, net_hi = result.net_value_ci


# the uncertain band's reviews below the threshold: counted in the net value (band_reviewed=True above)
band_cost = (result.band_reviews_per_week * result.review_minutes_per_alert / 60 * REVIEW_HOURLY_COST
             * communicate.WEEKS_PER_MONTH)

# the segment gap, against the kit's review trigger (the legal note's line)
TRIGGER = communicate.GAP_REVIEW_TRIGGER
gap_of = rule_result if rules_lead else result   # the gap of the option the plan runs now
low_seg, high_seg, gap_point = gap_of.largest_group_gap
k_lo, n_lo = gap_of.group_counts[low_seg]
gap_lo, gap_hi = gap_of.group_gap_interval
gap_pairs = len(gap_of.group_counts) * (len(gap_of.group_counts) - 1) // 2   # the largest gap, picked after looking
gap_adj = communicate.difference_interval(*gap_of.group_counts[high_seg], k_lo, n_lo, confidence=1 - 0.05 / gap_pairs)
gap_status = ("review triggered" if gap_adj[0] > TRIGGER else "no review: below the trigger" if gap_adj[1] <= TRIGGER
              else "open: legal's choice, review now as a precaution or wait for the cases")
if gap_adj[0] < TRIGGER < gap_adj[1]:   # what settles it: months of labelled data and cases, as the legal note says
    gap_months, gap_cases = communicate.gap_settle(gap_of)
    gap_status += f"; settling it takes about {gap_months:.0f} months (about {gap_cases:,.0f} {low_seg} fraud cases)"
plan = pd.DataFrame([
    {"checkpoint": "baseline measured",
     "pass condition": f"precision of {TODAY} on the same simulated months",
     "evidence now": f"{today_precision:.1%} at their {today_recall:.1%} recall",
     "status": "done", "if it fails": "no model work before a baseline exists"},
    *([] if rules_lead else [{"checkpoint": "gated trial starts (decided now)",
     "pass condition": (f"net value over {TODAY}: 95% interval above zero; the trial's own money weighed against "
                        f"waiting and {RULE_SET}"),
     "evidence now": (f"{money_k(net_lo)} to {money_k(net_hi)} a month, one simulated test month; a live trial month "
                      f"on {LIVE_SHARE:.0%}: {money_k(communicate.trial_month_net(result)[1])} to "
                      f"{money_k(communicate.trial_month_net(result)[2])}; the whole trial, build included: "
                      f"{money_k(trial_total[1])} to {money_k(trial_total[2])}"),
     "status": trial_status, "if it fails": f"roll back to {TODAY} (rollback lines in the spec)"}]),
    *([{"checkpoint": f"{RULE_SET}: trial (decided now)",
        "pass condition": f"its net value over {TODAY}: 95% interval above zero; the model not shown to beat it",
        "evidence now": (f"{money_k(rule_set_iv[0])} to {money_k(rule_set_iv[1])} a month over {TODAY}; the model over "
                         f"it: {money_k(result_vs_rules.net_value_ci[0])} to {money_k(result_vs_rules.net_value_ci[1])}"),
        "status": "starts now", "if it fails": f"back to {TODAY} (its rollback line in its spec)"},
       {"checkpoint": f"{RULE_SET}: switch",
        "pass condition": f"its net value over {TODAY}: 95% interval above {money_k(MIN_NET_TO_CONFIRM)} a month, the "
                          "line the model is held to",
        "evidence now": (f"{money_k(rule_set_iv[0])} to {money_k(rule_set_iv[1])} a month; about "
                         f"{settle_rules_line:.0f} months of its trial settle the line if the truth is "
                         f"{money_k(MIN_NET_TO_CONFIRM)} above it"),
        "status": ("go" if rules_switch else "no" if rule_set_iv[1] < MIN_NET_TO_CONFIRM else "not yet"),
        "if it fails": (f"keep {RULE_SET} running while its interval over {TODAY} stays above zero (the line decides "
                        f"a lasting switch, not whether to keep an option that pays); back to {TODAY} only when that "
                        "interval reaches zero")},
       {"checkpoint": f"model trial (optional; control: {RULE_SET})",
        "pass condition": "the sponsor chooses to pay to learn whether the model beats the rule set",
        "evidence now": (f"the whole trial, build included: {money_k(trial_total_rules[1])} to "
                         f"{money_k(trial_total_rules[2])} against {RULE_SET}; run against {TODAY} instead it forgoes "
                         f"{money_k(forgone[1])} to {money_k(forgone[2])}"),
        "status": "the sponsor's choice",
        "if it fails": (f"stop it; {RULE_SET} keeps running (the model's spec rolls back to it, its lines set at "
                        f"break-even over {RULE_SET})")}] if rules_lead else []),
    {"checkpoint": "switch to the model",
     "pass condition": (f"95% intervals above {money_k(MIN_NET_TO_CONFIRM)} a month over {TODAY} and above zero "
                        f"over {RULE_SET}; no rollback fired"),
     "evidence now": (f"over {TODAY}: {money_k(net_lo)} to {money_k(net_hi)}; over {RULE_SET}: "
                      f"{money_k(result_vs_rules.net_value_ci[0])} to {money_k(result_vs_rules.net_value_ci[1])}; "
                      f"settling an edge of {money_k(MIN_EDGE_OVER_RULES)} over {RULE_SET} takes about "
                      f"{settle[RULE_SET]:.0f} months of trial; the {money_k(MIN_NET_TO_CONFIRM)} line over {TODAY} "
                      f"about {settle[TODAY]:.0f} if the truth is {money_k(MIN_NET_TO_CONFIRM)} above it, "
                      f"{settle_near:.0f} if {money_k(MIN_EDGE_OVER_RULES)} above"),
     "status": {"pass": "go", "fail": "no", "inconclusive": "not yet"}[switch_status],
     "if it fails": f"roll back to {RULE_SET if rules_lead else TODAY}; keep collecting labels"},
    {"checkpoint": f"segment gap settled ({RULE_SET + ', ' if rules_lead else ''}{low_seg})",
     "pass condition": (f"the gap's 95% interval, allowing for the {gap_pairs} segment pairs compared, wholly above "
                        f"or below the {100 * TRIGGER:g}-point trigger"),
     "evidence now": (f"{k_lo} of {n_lo} fraud caught in {low_seg}; gap {100 * gap_point:.1f} points ({low_seg} "
                      f"against {high_seg}; 95% {100 * gap_lo:.1f} to {100 * gap_hi:.1f}, allowing for the "
                      f"{gap_pairs} pairs {100 * gap_adj[0]:.1f} to {100 * gap_adj[1]:.1f}), one simulated test month"),
     "status": gap_status, "if it fails": "review the segment's data and threshold"},
    {"checkpoint": f"aspiration: {TARGET_PRECISION:.0%} precision (not a ship gate)",
     "pass condition": (f"{pooled_months} months pooled, read once: 95% Wilson interval above "
                        f"{TARGET_PRECISION:.0%} (fail: wholly below; sized for an {CHECKPOINT_POWER:.0%} chance at a "
                        f"true {design_precision:.0%})"),
     "evidence now": f"{result.precision:.1%} on simulated month 6 (95% Wilson {result.precision_ci[0]:.1%} to "
                     f"{result.precision_ci[1]:.1%})",
     "status": ("reached" if result.precision_ci[0] > TARGET_PRECISION else "not reached"
                if result.precision_ci[1] < TARGET_PRECISION else
                f"not yet: the interval straddles {TARGET_PRECISION:.0%}; pool the next {pooled_months} months and "
                f"read them once. On whether the target stays out of reach, section 4's share of fitted curves "
                f"levelling off below it ({roadmap.stall_probability:.2f}, a share over curves, not a probability) is "
                f"a lead; this one month is not"),
     "if it fails": "test new features or better labels, not only more volume"},
]).set_index("checkpoint")
open_lines = [name for name, st in switch_parts if st != "pass"]
rule_set_cheaper = rules_lead
lead_text = (
    f"**The plan: {plan_word}.**\n\n"
    f"- *{RULE_SET[0].upper() + RULE_SET[1:]}:* worth {money_k(rule_set_iv[0])} to {money_k(rule_set_iv[1])} a month "
    f"over {TODAY} (95%) from its first month, for a {money_k(RULE_SET_UPFRONT_COST)} build it repays within "
    f"{RULE_SET_UPFRONT_COST / rule_set_iv[0]:.1f} months even at the low end; the model is not shown to beat it "
    f"({money_k(result_vs_rules.net_value_ci[0])} to {money_k(result_vs_rules.net_value_ci[1])} a month over it). "
    + (f"Its whole interval clears the {money_k(MIN_NET_TO_CONFIRM)} switch line the model is held to.\n" if rules_switch
       else f"Held to the {money_k(MIN_NET_TO_CONFIRM)} switch line the model is held to, its interval "
            + (f"straddles it: a trial, not yet a switch; about {settle_rules_line:.0f} months of its trial settle the "
               f"line if the truth is {money_k(MIN_NET_TO_CONFIRM)} above it (80% power, label lag included).\n"
               if rule_set_iv[1] >= MIN_NET_TO_CONFIRM else "lies wholly below it: a trial, and no switch to it.\n")) +
    f"- *A model trial:* if run, with {RULE_SET} as its control, it ends between {money_k(trial_total_rules[1])} and "
    f"{money_k(trial_total_rules[2])} over its {trial_len} months, build included: money spent to learn whether the "
    f"model beats the rule set. Run against {TODAY} instead (the model's net value over them is above zero on its "
    f"whole 95% interval, so a trial there is allowed), it would forgo {money_k(forgone[1])} to {money_k(forgone[2])} "
    f"of {RULE_SET}'s value, net of its build. Whether to pay to learn is the sponsor's call.\n"
    f"- *The switch to the model:* **{ship_gate.verdict}** (gate below); open: {'; '.join(open_lines) or 'nothing'}.\n"
    f"- *How long:* settling an edge of {money_k(MIN_EDGE_OVER_RULES)} over {RULE_SET} (the smallest worth settling, "
    f"set in advance) takes about {settle[RULE_SET]:.0f} months of trial. Over {TODAY} the line is "
    f"{money_k(MIN_NET_TO_CONFIRM)}: a truth {money_k(MIN_NET_TO_CONFIRM)} above it settles in about "
    f"{settle[TODAY]:.0f} months, a truth {money_k(MIN_EDGE_OVER_RULES)} above it in about {settle_near:.0f} (each "
    f"with 80% power, {LABEL_LAG_MONTHS} month of label lag included).\n"
    f"- *The costs counted:* the model's net value includes the review of the {result.band_reviews_per_week:,.0f} "
    f"band payments a week below the threshold (about {money_k(band_cost)} a month), counted as a cost only.")
story.md(lead_text if rules_lead else
    f"**The plan: {plan_word}.**\n\n"
    f"- *The trial:* the net value's {exec_reason} over {TODAY}; the trial itself, build included, ends "
    f"between {money_k(trial_total[1])} and {money_k(trial_total[2])} over its {trial_len} months. The kit's call: "
    f"{trial_word} (shadow, then {LIVE_SHARE:.0%} of payments with the rollback rule armed)"
    + {True: "; waiting is defensible too, since the trial's own money is not above zero on its whole interval",
       False: ""}[exec_status == "pass" and trial_total[1] <= 0]
    + {True: (f"; so is a trial of {RULE_SET} now instead, worth {money_k(rule_set_iv[0])} to {money_k(rule_set_iv[1])} "
              f"a month over {TODAY} (95%) for a {money_k(RULE_SET_UPFRONT_COST)} build, since the model is not shown to "
              "beat it"), False: ""}[bool(rule_set_cheaper)] + ".\n" +
    f"- *The switch:* **{ship_gate.verdict}** (gate below); open: {'; '.join(open_lines) or 'nothing'}.\n"
    f"- *How long:* settling the {money_k(MIN_NET_TO_CONFIRM)} line over {TODAY} when the truth is "
    f"{money_k(MIN_NET_TO_CONFIRM)} above it takes about "
    f"{settle[TODAY]:.0f} months of trial, and an edge of {money_k(MIN_EDGE_OVER_RULES)} over {RULE_SET} about "
    f"{settle[RULE_SET]:.0f} (each with 80% power, {LABEL_LAG_MONTHS} month of label lag included). The longer one, "
    f"over {binding}, binds. If that is too long for the business, the honest alternative is to decide between the "
    "model and the rule set now, on the price of readability and its interval (section 6), not to wait for a "
    "certainty the data will not give soon.\n"
    f"- *The costs counted:* the net value includes the review of the {result.band_reviews_per_week:,.0f} band "
    f"payments a week below the threshold (about {money_k(band_cost)} a month), counted as a cost only.")
display(ship_gate)
with pd.option_context("display.max_colwidth", None):
    display(HTML(isolate_dollars_html(plan.to_html())))

# %% [markdown]
# Finance wants the spread of outcomes as three cases, read off the same paired 95% bootstrap intervals the calls
# rest on (each column's low end, estimate and high end). When the readable rule set leads (it pays on its whole
# interval and the model is not shown to beat it), the cases are the rule set's over today's rules, and the model's
# over the rule set with a model trial that uses the rule set as its control; a case where the model is not above
# zero over the rule set is below the switch line, so there is no switch and the trial's cost is sunk. Otherwise the
# cases are the model's over today's rules, with payback counted from the end of the trial. The finance note above
# states the same cases.

# %% tags=["nbval-check-output"]
if rules_lead:
    cases = communicate.cheaper_first_scenarios(result)
    repay = cases.columns[-1]
    cases[repay] = cases[repay].map(lambda m: "no switch: cost sunk" if np.isnan(m) else f"{m:.1f}")
    shown_cases = money_table(cases, money=[c for c in cases.columns if "$" in c], months=[cases.columns[1]])
else:
    shown_cases = money_table(communicate.net_value_scenarios(result),
                              money=["net value ($/month)", "trial's own net, build included ($)"],
                              months=["payback after the trial (months)"])
shown_cases

# %%
story.record_table([
    ("model_precision", [result.precision, *result.precision_ci], "Fraud model precision at the operating point "
     "(95% Wilson interval, month 6, simulated)", "{0[0]:.1%} ({0[1]:.1%} to {0[2]:.1%})"),
    ("false_flag_reduction", result.false_flag_reduction, f"Fewer false flags than {TODAY} (month 6, simulated; 95% "
     f"bootstrap {result.false_flag_reduction_ci[0]:.0%} to {result.false_flag_reduction_ci[1]:.0%})", "{:.0%}"),
    ("net_value_per_month", [result.monthly_net_value, *result.net_value_ci],
     "Net value per month against today's rules (95% bootstrap interval, month 6, simulated)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})"),
    ("rule_set_over_today", [rules_month, *rule_set_iv], "The readable rule set's net value over today's rules "
     "($/month, 95% bootstrap, simulated month 6)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})"),
    *([("plan", plan_word, "The plan: the readable rule set goes first, since it pays over today's rules on its "
        "whole 95% interval and the model is not shown to beat it; its switch is held to the model's line; a model "
        "trial is the sponsor's choice (one simulated test month)"),
       ("trial_own_net", list(trial_total_rules), f"A model trial against the readable rule set over its {trial_len} "
        "months, build included (estimate, 95% interval, simulated)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})"),
       ("trial_forgone", list(forgone), "What a trial against today's rules forgoes of the readable rule set's value, "
        "net of its build (estimate, 95% interval, simulated)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})")]
      if rules_lead else
      [("plan", trial_word, "The kit's trial call (waiting is defensible too): the net value's interval over today's "
        "rules above zero, weighed against the trial's own money (one simulated test month)"),
       ("trial_own_net", list(trial_total), f"The trial's own net over today's rules over its {trial_len} months, "
        "build included (estimate, 95% interval, simulated)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})")]),
    ("switch", ship_gate.verdict, f"The switch: net value over today's rules against the {money_k(MIN_NET_TO_CONFIRM)} "
     "line and over the readable rule set against zero, on 95% intervals (one simulated test month)"),
    ("trial_months_binding", settle[binding], "Months of trial to detect the pre-set edges with 80% power (the longer "
     "of the two, label lag included)", "{:.0f}"),
])

# %% [markdown]
# ## 6. Pushing back: do readable rules cost anything?
#
# Legal asks for rules a person can read instead of the model. That can be the right call. Readability may have a
# price, in the model's value given up, and this section measures it; the measured price may turn out to be zero,
# or negative. The **readable rule set** is a depth-2 decision tree fitted on months
# 1-4: four if-then rules. Like the model's threshold, its cut is chosen on month 5: it flags its riskiest
# leaves, as many as fit under the model's alert rate there. So both options get the same alert budget on month 5,
# where it is set; on month 6 their alert counts can differ (a cut set on one month need not hold on the next),
# and the dollar comparison below counts each option's own alerts. Each is measured on month 6 at its
# own operating point: the model at the threshold every audience heard in section 5, the rules at their leaves.

# %%
import re

rule_rows = [re.match(r"IF (.*) THEN fraud rate ([\d.]+)% \(([\d,]+) rows\)", line).groups()
             for line in rules.rules_text.splitlines()]
rule_rows.sort(key=lambda row: -float(row[1]))                      # riskiest leaf first
n_flagged = int((np.unique(rules.leaf_rates(train)) >= rule_cut).sum())   # the leaves at or above the month-5 cut
display(pd.DataFrame({
    "fraud rate in training (months 1-4)": [f"{float(rate):.1f}%" for _, rate, _ in rule_rows],
    "training rows": [n for _, _, n in rule_rows],
    "flagged (cut chosen on month 5)": ["yes" if i < n_flagged else "no" for i in range(len(rule_rows))],
}, index=pd.Index([cond.replace("_", " ") for cond, _, _ in rule_rows], name="rule (simulated payments)")))
amount6 = test6["amount"].to_numpy()
model_flags6 = test6_scores >= threshold
side_by_side = pd.DataFrame({
    name: {"alerts": f.sum(), "fraud caught": (f & y_test6).sum(), "recall": (f & y_test6).sum() / y_test6.sum(),
           "fraud value caught, month 6 ($)": amount6[f & y_test6].sum(), "legitimate customers held": (f & ~y_test6).sum()}
    for name, f in ((TODAY, today_flags6), (RULE_SET, rule_set_flags), ("the model (section 5)", model_flags6))})
side_by_side.index.name = "simulated month 6"
money_table(side_by_side, money=["fraud value caught, month 6 ($)"], pct=["recall"],
            counts=["alerts", "fraud caught", "legitimate customers held"], by_row=True)

# %% [markdown]
# The price of readability is the model's net value with the rule set as the baseline, computed exactly as
# section 5 computed it against today's rules: the extra fraud value caught, plus the review time for the
# difference in reviews (the model's include its uncertain band), minus the model's assumed running cost (the rule set's own running cost is taken as
# zero, which favours the rules a little). One simulated month is a sample, so it carries its 95% bootstrap
# interval over the month-6 transactions (the same draw for both options, so the comparison stays paired),
# and the call is taken on that interval.

# %% tags=["nbval-check-output"]
edge, (edge_low, edge_high) = result_vs_rules.monthly_net_value, result_vs_rules.net_value_ci
vs_rules = gates.criterion(
    "Model's net value over the readable rule set", edge, ">", 0, interval=(edge_low, edge_high), fmt="${:,.0f}",
    settle=f"about {settle[RULE_SET]:.0f} months of trial (80% power for a {format_money(MIN_EDGE_OVER_RULES)} edge)",
    evidence=f"95% bootstrap over {len(test6):,} simulated month-6 transactions, net of the assumed running cost")
vs_rules_word = {"pass": "go", "fail": "no", "inconclusive": "not yet"}[vs_rules.status]
print(f"model's net value over the rule set: {format_money(edge)} a month, 95% bootstrap {format_money(edge_low)} to "
      f"{format_money(edge_high)} (simulated month 6) -> {vs_rules_word}")

# %%
n_alerts = {name: int(side_by_side.loc["alerts", name]) for name in side_by_side.columns}
held = {name: int(side_by_side.loc["legitimate customers held", name]) for name in side_by_side.columns}
held_word = "more" if held[RULE_SET] > held["the model (section 5)"] else (
    "fewer" if held[RULE_SET] < held["the model (section 5)"] else "as many")
rules_gain = side_by_side.loc["fraud value caught, month 6 ($)", RULE_SET] - side_by_side.loc["fraud value caught, month 6 ($)", TODAY]
vs_rules_sentence = {
    "go": "the model pays for itself against the rule set too, so this line of section 5's switch gate passes.",
    "no": "the rule set is the better buy, so section 5's switch gate says no.",
    "not yet": ("the interval runs from a loss to a gain, so this simulated month does not show that the model pays "
                "over the rule set: it is a line section 5's switch gate must clear, so the switch cannot be go yet. Settling it takes about "
                f"{settle[RULE_SET]:.0f} months of trial (section 5): the data will not settle it soon, so legal and "
                "the sponsor may rather decide now whether readability is worth a price anywhere in that interval."),
}[vs_rules_word]
story.md(
    f"**Against the readable rule set, the model's case is {vs_rules_word}.** On the simulated test month the rule "
    f"set raises {n_alerts[RULE_SET]:,} alerts and catches {side_by_side.loc['recall', RULE_SET]:.1%} of fraud, "
    f"{format_money(rules_gain)} more fraud value than {TODAY} over the {months6:.2f}-month test window "
    f"({n_alerts[TODAY]:,} alerts, "
    f"{side_by_side.loc['recall', TODAY]:.1%}); the model raises {n_alerts['the model (section 5)']:,} and catches "
    f"{result.recall:.1%}. Net of review time and its assumed {format_money(FRAUD_MONTHLY_RUN_COST)} running cost, "
    f"the model is worth **{format_money(edge)} a month** more than the rules (95% bootstrap {format_money(edge_low)} "
    f"to {format_money(edge_high)}): {vs_rules_sentence} That is the price of readability to bring to the meeting, "
    f"in the unit legal and finance will argue in. The rules also hold {held_word} legitimate customers: "
    f"{held[RULE_SET]} against the model's {held['the model (section 5)']}. Legal may still prefer the rules at that "
    f"price, with {TODAY} as the fallback either way.")
story.record_table([
    ("net_edge_over_rule_set", [edge, edge_low, edge_high],
     "Model's net value over the readable rule set ($/month, 95% bootstrap, simulated month 6)",
     "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})"),
    ("verdict_vs_rule_set", vs_rules_word, "The model against the readable rule set, simulated month 6"),
])

# %% [markdown]
# ## 7. An F1 gain in money
#
# "F1 is up" is not yet a reason to ship. F1 is the harmonic mean of precision and recall: it
# counts a missed fraud and a false alarm as equally bad. The business does not: a caught fraud saves its
# amount, a false alarm costs a review and a held customer. So take an F1 change apart into precision and
# recall at the operating point, and price each.
#
# A separate what-if, not the plan above: suppose the team had already replaced today's rules with a first model
# (**the month-1 model**, a name kept apart from today's rules and the readable rule set), trained on month 1 alone
# and run at the threshold that kept `INCUMBENT_RECALL` of fraud on
# month 5. The new model (months 1-4) offers two operating points with the **same F1** on month 5: one set for
# `CANDIDATE_RECALL_STEP` more recall than the month-1 model, and its twin on the far side of the F1 peak, which
# trades recall for precision (`communicate.f1_twin` finds it). Every threshold is chosen on month 5;
# everything is priced on month 6. The prices are the kit's own assumptions: review time as in section 5,
# `FALSE_ALARM_COST` for a held legitimate customer, and `VALUE_PER_CAUGHT_FRAUD` for a caught fraud.
#
# This pricing is simpler than section 5's on purpose, so that it can be done by hand: every caught fraud is
# worth one price (by default the mean simulated fraud amount of months 1-4) instead of its own amount, and a held
# customer costs `FALSE_ALARM_COST`, which section 5 leaves out. So these dollars are not comparable with section
# 5's net value; after the exercise the same comparison is also priced by section 5's rule (actual amounts, no
# friction cost), to show whether the direction holds. The table below gives each operating point's precision,
# recall and F1; turning them into money is exercise 5, and the priced result, with its intervals, follows it.

# %%
incumbent_model = fit_fraud_model(train[train["month"] == 1], seed=SEED, max_iter=BOOSTING_ROUNDS)
inc_val, inc_test6 = fraud_scores(incumbent_model, val), fraud_scores(incumbent_model, test6)
inc_threshold = float(np.quantile(inc_val[y_val], 1 - INCUMBENT_RECALL))        # chosen on month 5
keep_threshold = float(np.quantile(val_scores[y_val], 1 - INCUMBENT_RECALL - CANDIDATE_RECALL_STEP))  # new model
twin_threshold, _, _ = communicate.f1_twin(y_val, val_scores, keep_threshold)   # same F1, other side of the peak
KEEP = "more recall"
TWIN = {True: "more precision", False: "even more recall"}[twin_threshold > keep_threshold]
value_per_catch = (float(VALUE_PER_CAUGHT_FRAUD) if VALUE_PER_CAUGHT_FRAUD is not None
                   else float(train.loc[train["is_fraud"].astype(bool), "amount"].mean()))
prices = dict(value_per_catch=value_per_catch, cost_per_alert=result.review_minutes_per_alert / 60 * REVIEW_HOURLY_COST,
              cost_per_false_alarm=FALSE_ALARM_COST)
FIRST = "the month-1 model"
thresholds = {FIRST: (inc_val, inc_test6, inc_threshold), KEEP: (val_scores, test6_scores, keep_threshold),
              TWIN: (val_scores, test6_scores, twin_threshold)}
ops = {n: communicate.price_operating_point(y_test6, s6 >= t, months=months6, name=n, **prices)
       for n, (_, s6, t) in thresholds.items()}
ops_val = {n: communicate.price_operating_point(y_val, s5 >= t, months=1.0, name=n, **prices)
           for n, (s5, _, t) in thresholds.items()}
inc_flags6 = inc_test6 >= inc_threshold
money_iv = {n: communicate.money_change_interval(y_test6, test6_scores >= thresholds[n][2], inc_flags6, months=months6,
                                                 n_boot=N_BOOT, seed=SEED, **prices) for n in (KEEP, TWIN)}
f1_table = pd.DataFrame({n: {"F1, month 5 (where chosen)": ops_val[n].f1, **op.row()} for n, op in ops.items()}).T
f1_counts = f1_table[["alerts", "fraud caught", "false alarms"]]   # shown after exercise 5, which derives them
f1_table = f1_table[["F1, month 5 (where chosen)", "precision", "recall", "F1"]].rename(columns={
    "precision": "precision, month 6", "recall": "recall, month 6", "F1": "F1, month 6"})
f1_table.index.name = "operating point (simulated)"
print(f"prices: a caught fraud {format_money(value_per_catch)}, a review {format_money(prices['cost_per_alert'])} an "
      f"alert, a held legitimate customer {format_money(FALSE_ALARM_COST)} more; simulated month 6 is {months6:.2f} months long "
      f"and held {ops[FIRST].fraud_total} frauds to find")
f1_table.style.format({"precision, month 6": "{:.1%}", "recall, month 6": "{:.1%}", "F1, month 6": "{:.3f}",
                      "F1, month 5 (where chosen)": "{:.3f}"})

# %%
q5 = nb05.bind_f1(incumbent=ops[FIRST], candidates={KEEP: ops[KEEP], TWIN: ops[TWIN]}, intervals=money_iv,
                  baseline_word=FIRST)

# %% [markdown]
# ### Exercise 5 · Price an F1 gain

# %%
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
def money_from_pr(op):
    caught = op.recall * op.fraud_total                 # recall -> frauds caught
    alerts = caught / op.precision                      # precision -> alerts
    false_alarms = alerts - caught
    return (caught * value_per_catch - alerts * prices["cost_per_alert"] - false_alarms * FALSE_ALARM_COST) / months6


q5_answer = {n: money_from_pr(ops[n]) - money_from_pr(ops[FIRST]) for n in (KEEP, TWIN)}
print({n: ("+" if v >= 0 else "") + format_money(v) + " a month" for n, v in q5_answer.items()})
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check({n: 100 * (ops[n].f1 - ops[FIRST].f1) for n in (KEEP, TWIN)})
assert not q5.check({n: -v for n, v in q5_answer.items()})
assert q5.check(____).correct is None

# %% [markdown]
# The counts behind the exercise (what precision and recall turn into on simulated month 6):

# %%
f1_counts.index.name = "operating point (simulated month 6)"
money_table(f1_counts, counts=["alerts", "fraud caught", "false alarms"])

# %% [markdown]
# Each candidate's change, in F1 and in money, is a difference on the same simulated month-6 payments, so its
# interval is a paired bootstrap: resample the month's transactions and recompute both operating points on
# the same draw. A candidate makes money only if its whole 95% interval is above zero, and loses money only if it is
# wholly below; a change whose whole interval lies within `MIN_MONEY_CHANGE` of zero (set before the test) is too
# small to act on, whatever its sign: that is settled too. The change is also
# priced by section 5's rule (each caught fraud at its own amount, review time, no friction cost), with its own
# paired interval: that is the rule decisions in this notebook are taken by.

# %% tags=["nbval-check-output"]
f1_status = {n: gates.criterion(f"Money change of '{n}' vs {FIRST}", money_iv[n][0], ">", 0,
                                interval=money_iv[n][1:], fmt="${:,.0f}", settle="more months of test data",
                                evidence=f"95% paired bootstrap over {len(test6):,} simulated month-6 transactions").status
             for n in (KEEP, TWIN)}
cand_flags6 = {n: test6_scores >= thresholds[n][2] for n in (KEEP, TWIN)}
f1_iv = {n: communicate.f1_change_interval(y_test6, cand_flags6[n], inc_flags6, n_boot=N_BOOT, seed=SEED)
         for n in (KEEP, TWIN)}
f1_gap = communicate.f1_change_interval(y_test6, cand_flags6[KEEP], cand_flags6[TWIN], n_boot=N_BOOT, seed=SEED)
amounts6 = test6["amount"].to_numpy()
amt_iv = {}
for n in (KEEP, TWIN):   # section 5's rule, resampled exactly as section 5's net value (same seed, same rows)
    est = float(((cand_flags6[n].astype(float) - inc_flags6) * (y_test6 * amounts6 - prices["cost_per_alert"])).sum()
                / months6)
    reps = communicate.net_value_replicates(y_test6, cand_flags6[n], inc_flags6, amounts6, weeks=weeks,
                                            review_minutes_per_alert=REVIEW_MINUTES,
                                            review_hourly_cost=REVIEW_HOURLY_COST, monthly_run_cost=0.0,
                                            n_boot=N_BOOT, seed=SEED)
    amt_iv[n] = (est, *(float(q) for q in np.quantile(reps, [0.025, 0.975])))
amt_status = {n: gates.criterion(f"Money change of '{n}' at actual amounts", amt_iv[n][0], ">", 0,
                                 interval=amt_iv[n][1:], fmt="${:,.0f}", settle="more months of test data",
                                 evidence="95% paired bootstrap, section 5's pricing, simulated month 6").status
              for n in (KEEP, TWIN)}


def with_action_line(iv, status):
    """A change whose whole 95% interval lies within MIN_MONEY_CHANGE of zero is settled: too small to act on."""
    return "too small" if -MIN_MONEY_CHANGE < iv[1] and iv[2] < MIN_MONEY_CHANGE else status


f1_status = {n: with_action_line(money_iv[n], f1_status[n]) for n in (KEEP, TWIN)}
amt_status = {n: with_action_line(amt_iv[n], amt_status[n]) for n in (KEEP, TWIN)}
# the frauds 'more recall' catches and the month-1 model misses: what are they worth at their own amounts?
extra_keep = cand_flags6[KEEP] & ~inc_flags6 & y_test6
extra_mean = float(amounts6[extra_keep].mean()) if extra_keep.any() else float("nan")


STATUS_WORD = {"pass": "makes money", "fail": "loses money", "inconclusive": "not yet",
               "too small": "too small to act on"}


def money_cell(iv, status):
    return f"{format_money(iv[0])} ({format_money(iv[1])} to {format_money(iv[2])}): {STATUS_WORD[status]}"


f1_money = pd.DataFrame({n: {
    "F1 change, month 5 (points)": f"{100 * (ops_val[n].f1 - ops_val[FIRST].f1):+.1f}",
    "F1 change, month 6 (points, 95%)": f"{100 * f1_iv[n][0]:+.1f} ({100 * f1_iv[n][1]:+.1f} to {100 * f1_iv[n][2]:+.1f})",
    "money a month, flat price (95%)": money_cell(money_iv[n], f1_status[n]),
    "money a month, actual amounts (95%)": money_cell(amt_iv[n], amt_status[n]),
} for n in (KEEP, TWIN)}).T
f1_money.index.name = f"vs {FIRST} (simulated)"
money_table(f1_money)

# %%
money_word = {"pass": "makes money", "fail": "loses money", "inconclusive": "is not yet shown to make or lose money",
              "too small": (f"changes the money by too little to act on (its whole 95% interval lies within "
                            f"{format_money(MIN_MONEY_CHANGE)} a month of zero, `MIN_MONEY_CHANGE`)")}
open_calls = [(n, communicate.months_to_settle(amt_iv[n][1:], MIN_MONEY_CHANGE)) for n in (KEEP, TWIN)
              if amt_status[n] == "inconclusive"]
settle_words = {n: (f"settling a {format_money(MIN_MONEY_CHANGE)} change a month (`MIN_MONEY_CHANGE`, set before "
                    f"the test) with 80% power takes about {max(m, 1):.0f} months of test data like month 6")
                for n, m in open_calls}
settle_sentence = "".join(f" For '{n}' at actual amounts: {settle_words[n]}." for n, _ in open_calls)
d_caught = {n: ops[n].caught - ops[FIRST].caught for n in (KEEP, TWIN)}
d_false = {n: ops[n].false_alarms - ops[FIRST].false_alarms for n in (KEEP, TWIN)}
f1_gap_word = {True: "are not shown to differ", False: "differ"}[bool(f1_gap[1] <= 0 <= f1_gap[2])]
f1_side = {n: ("above zero" if f1_iv[n][1] > 0 else "below zero" if f1_iv[n][2] < 0 else "not shown to differ from zero")
           for n in (KEEP, TWIN)}   # each month-6 F1 change, on its own 95% interval
f1_m6 = {n: f"{100 * f1_iv[n][0]:+.1f} points (95% paired bootstrap {100 * f1_iv[n][1]:+.1f} to "
            f"{100 * f1_iv[n][2]:+.1f}), {f1_side[n]}" for n in (KEEP, TWIN)}
f1_lean = KEEP if f1_gap[0] > 0 else TWIN
both_prices = {n: bool(f1_status[n] == amt_status[n]) for n in (KEEP, TWIN)}
firm = [f"'{n}' {money_word[amt_status[n]]}" for n in (KEEP, TWIN) if both_prices[n]]
price_bound = [n for n in (KEEP, TWIN) if not both_prices[n]]
firm_sentence = (f"Only what holds under both pricings is firm: {' and '.join(firm) or 'nothing'}"
                 + (f"; for {' and '.join(repr(n) for n in price_bound)} the verdict hangs on the pricing"
                    if price_bound else "") + ".")
amount_note = {True: (f"The frauds '{KEEP}' adds are small ones: {format_money(extra_mean)} on average at their own "
                      f"amounts, against the flat {format_money(value_per_catch)}, so the flat price overstates them."),
               False: (f"The frauds '{KEEP}' adds average {format_money(extra_mean)} at their own amounts, against "
                       f"the flat {format_money(value_per_catch)}.")}[bool(extra_mean < value_per_catch)]
# where money settles a call that month-6 F1 leaves open (F1 change not shown to differ from zero, money firm)
money_settles = [n for n in (KEEP, TWIN) if both_prices[n] and amt_status[n] in ("pass", "fail")
                 and f1_side[n] == "not shown to differ from zero"]
f1_vs_money = (f"On the same month-6 payments, money settles what F1 leaves open: "
               + "; ".join(f"'{n}' {money_word[amt_status[n]]} under both pricings, while its F1 change is not shown "
                           "to differ from zero" for n in money_settles) + "." if money_settles else
               "On these month-6 payments, money settles no call that F1 leaves open.")
story.md(
    f"On month 5, where the thresholds were chosen, both candidates gain "
    f"{100 * (ops_val[KEEP].f1 - ops_val[FIRST].f1):.1f} and {100 * (ops_val[TWIN].f1 - ops_val[FIRST].f1):.1f} F1 "
    f"points over {FIRST}: equal, by construction. Month 6 is the test month, which the choice never saw, and "
    f"everything below is read on it. There their F1 changes part: '{KEEP}' {f1_m6[KEEP]}; '{TWIN}' {f1_m6[TWIN]}. "
    f"The gap between them is {100 * f1_gap[0]:+.1f} points (95% paired bootstrap {100 * f1_gap[1]:+.1f} to "
    f"{100 * f1_gap[2]:+.1f}): F1 leans toward '{f1_lean}', but they {f1_gap_word}. In money, on the same "
    "payments:\n\n"
    f"- *At the flat price* (exercise 5) a caught fraud is worth "
    f"{value_per_catch / (prices['cost_per_alert'] + FALSE_ALARM_COST):,.0f} false alarms, so at that price recall "
    f"carries the money: **{KEEP}** ({d_caught[KEEP]:+d} frauds, {d_false[KEEP]:+d} false alarms) "
    f"{money_word[f1_status[KEEP]]} and **{TWIN}** ({d_caught[TWIN]:+d} frauds, {d_false[TWIN]:+d} false alarms) "
    f"{money_word[f1_status[TWIN]]}.\n"
    f"- *At each fraud's own amount*, the rule by which this notebook takes its decisions, **{KEEP}** "
    f"{money_word[amt_status[KEEP]]} and **{TWIN}** {money_word[amt_status[TWIN]]} (table above). {amount_note}\n\n"
    f"{firm_sentence}{settle_sentence} {f1_vs_money} (All on simulated month 6.) The prices "
    "are assumptions: a fraud recovered anyway, or a held customer who leaves, changes them; edit them and re-run.")
f1_takeaway = (f"two operating points with equal F1 gains on month 5, where chosen, read on simulated test month 6: "
               f"F1 changes {100 * f1_iv[KEEP][0]:+.1f} and {100 * f1_iv[TWIN][0]:+.1f} points ("
               + ("neither shown to differ from zero" if set(f1_side.values()) == {"not shown to differ from zero"}
                  else f"{f1_side[KEEP]} and {f1_side[TWIN]}")
               + f" at 95%), and at each fraud's own amount '{KEEP}' "
               f"{money_word[amt_status[KEEP]]}, '{TWIN}' {money_word[amt_status[TWIN]]}"
               + "".join(f" ({n}: {settle_words[n]})" for n, _ in open_calls))
story.record_table([
    (f"f1_money_{key}", list(money_iv[n]), f"Money change of '{n}' vs {FIRST} ($/month, 95% paired bootstrap, "
     "simulated month 6, flat price per catch)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})")
    for key, n in (("keep", KEEP), ("twin", TWIN))]
    + [(f"f1_money_at_amounts_{key}", list(amt_iv[n]), f"Money change of '{n}' vs {FIRST} ($/month, 95% paired "
        "bootstrap, simulated month 6, section 5's pricing)", "${0[0]:,.0f} (${0[1]:,.0f} to ${0[2]:,.0f})")
       for key, n in (("keep", KEEP), ("twin", TWIN))])

# %%
fig, (ax1, ax2) = plots.figure(1, 2, figsize=(12, 4.2), sharey=True)
names, ypos = [KEEP, TWIN], np.arange(2)
ax1.barh(ypos + 0.18, [100 * (ops_val[n].f1 - ops_val[FIRST].f1) for n in names], height=0.34,
         color=plots.NEUTRAL, label="month 5 (where chosen)")
ax1.barh(ypos - 0.18, [100 * f1_iv[n][0] for n in names], height=0.34, color=plots.ACCENT,
         label="month 6 (test), 95% interval")
ax1.errorbar([100 * f1_iv[n][0] for n in names], ypos - 0.18, fmt="none", ecolor="black", capsize=3, lw=1,
             xerr=np.array([[100 * (f1_iv[n][0] - f1_iv[n][1]), 100 * (f1_iv[n][2] - f1_iv[n][0])] for n in names]).T)
ax1.axvline(0, color="grey", lw=1)
ax1.set_yticks(ypos, names)
plots.finish(ax1, title=f"F1 change: equal on month 5 (where chosen);\non month 6 the two {f1_gap_word}\n"
                        f"(gap between them, 95%: {100 * f1_gap[1]:+.1f} to {100 * f1_gap[2]:+.1f} points)",
             xlabel=f"F1 change vs {FIRST} (points)", ylabel="Candidate operating point", legend=False)
ax1.set_ylim(-0.5, 2.1)   # room for the legend above the bars
ax1.legend(frameon=False, fontsize=8, loc="upper center", ncols=2)
for ivs, shift, colour, marker, label in ((money_iv, 0.12, plots.PALETTE[4], "s", "flat price per catch (exercise 5)"),
                                          (amt_iv, -0.12, plots.PALETTE[2], "o", "each fraud at its own amount")):
    est = np.array([ivs[n][0] for n in names]) / 1_000
    err = np.array([[ivs[n][0] - ivs[n][1], ivs[n][2] - ivs[n][0]] for n in names]).T / 1_000
    ax2.errorbar(est, ypos + shift, xerr=err, fmt=marker, color=colour, capsize=4, label=label)
ax2.axvline(0, color="grey", lw=1)
ax2.axvspan(-MIN_MONEY_CHANGE / 1_000, MIN_MONEY_CHANGE / 1_000, color="grey", alpha=0.15, lw=0,
            label=f"too small to act on (within {format_money(MIN_MONEY_CHANGE)} of zero)")
short_word = {"pass": "pays", "fail": "loses", "inconclusive": "not yet shown to pay", "too small": "too small to act on"}
money_title = "; ".join(
    f"'{n}' {short_word[amt_status[n]]} at either price" if both_prices[n] else
    f"'{n}' {short_word[f1_status[n]]} at the flat price,\n{short_word[amt_status[n]]} at actual amounts" for n in names)
plots.finish(ax2, title=money_title.replace("; ", ";\n"), ylabel="Candidate operating point",
             xlabel=f"Money change on month 6 vs {FIRST} (thousand $ a month)",
             takeaway="Simulated payments. Left: F1 change on months 5 and 6. Right: money change on month 6, two "
                      "pricings; grey band: MIN_MONEY_CHANGE either side of zero. Whiskers: 95% paired bootstrap "
                      "intervals.",
             legend=False)
ax2.legend(frameon=False, fontsize=8, loc="upper left", ncols=1)
ax2.set_ylabel("")
for ax in (ax1, ax2):
    ax.title.set_fontsize(10)
fig.suptitle("Simulated: two F1 gains equal where chosen (month 5), read in F1 and in money on test month 6", y=1.08)
plt.show()

# %% [markdown]
# ## 8. Pushing back on "put AI everywhere"
#
# A mandate arrives: "put AI in everything this year". Saying no is not an answer; a list is. Below are five
# proposed uses with the facts gate 1 needs (notebook 01): are there labels, how late do they arrive, how many
# are in hand, how much value each case carries, and a pilot audit that scores the model and the best hand rule
# on the same cases: how often each was right, and on how many only one of them was. The facts are invented for
# the exercise (a simulated pilot), so read them as a worked example, not as measurements. Gate 1 runs on each:
# **quality data** (labels in hand and in time), **a pattern beyond rules** (the model's lift over the rule, on
# its 90% interval) and **value that covers upkeep** (that lift priced, on the same interval, against the use's
# monthly upkeep). Because both were scored on the same cases, the lift's interval is the paired one (Newcombe's,
# from the cases only one got right): agreement on most cases makes it narrower than comparing two separate
# samples would.
# This section decides at 90%, like notebook 01's gate 1; the money calls of sections 5-7 use 95%.

# %%
proposals = planning.mandate_proposals()
proposals_shown = proposals.assign(
    labels=proposals["labels"].map({True: "yes", False: "no"}),
    label_delay_days=[f"{d:g}" if has else "-" for d, has in zip(proposals["label_delay_days"], proposals["labels"])])
money_table(proposals_shown.rename(columns={"value_per_case_right": "$ per case right", "upkeep_per_month": "upkeep ($/month)"}),
            money=["$ per case right", "upkeep ($/month)"],
            counts=["labelled_examples", "cases_per_month", "pilot_cases", "model_right", "rule_right",
                    "model_only_right", "rule_only_right"])

# %%
screen = planning.screen_ai_uses(proposals, min_labelled=MANDATE_MIN_LABELLED,
                                 max_label_delay_days=MANDATE_MAX_LABEL_DELAY_DAYS, confidence=0.90)
CHECKS = ["quality data", "pattern beyond rules", "value covers upkeep"]   # the verdicts: shown after exercise 6
shown = screen.drop(columns=["call", "defensible", *CHECKS]).copy()
for c in ("lift over rule", "lift low", "lift high"):
    shown[c] = screen[c].map(lambda v: "-" if pd.isna(v) else f"{100 * v:+.1f} pts")
for c in ("value ($/month)", "value low", "value high"):
    shown[c] = screen[c].map(lambda v: "-" if pd.isna(v) else format_money(v))
HTML(isolate_dollars_html(shown.rename(columns={"lift low": "lift, 90% low", "lift high": "lift, 90% high",
                                                "value low": "value, 90% low", "value high": "value, 90% high"}).to_html()))

# %%
q6 = nb05.bind_mandate(screen=screen, min_labelled=MANDATE_MIN_LABELLED,
                       max_label_delay_days=MANDATE_MAX_LABEL_DELAY_DAYS)

# %% [markdown]
# ### Exercise 6 · Reply to the mandate: build, rule or drop

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
q6_answer = {}
for use, row in screen.iterrows():
    if row["quality data"] != "pass":
        q6_answer[use] = "drop"            # nothing to learn from, in time
    elif row["pattern beyond rules"] == "pass" and row["value covers upkeep"] == "pass":
        q6_answer[use] = "build"
    else:
        q6_answer[use] = "rule"            # the rule does as well, or the lift does not pay its upkeep
print(q6_answer)
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check({use: "build" for use in screen.index})
assert q6.check(____).correct is None

# %%
display(screen[CHECKS + ["call"]])   # gate 1's three checks per use, and the call they give
by_call = {c: [u for u, row in screen.iterrows() if row["call"] == c] for c in ("build", "rule", "drop")}
two_ways = [u for u, row in screen.iterrows() if len(row["defensible"]) > 1]
two_ways_why = {True: "the data fail gate 1, so no model",
                False: "the model's lift cannot pay its upkeep on the evidence, so no model"}
two_ways_sentence = "".join(
    f"For {u}, {' or '.join(screen.loc[u, 'defensible'])} is defensible: "
    f"{two_ways_why[screen.loc[u, 'quality data'] != 'pass']}; the "
    "pilot's hand rule can still run if the sponsor judges its hit rate worth the cost of running it, which this "
    "table does not price (rule), otherwise drop. "
    for u in two_ways)
# a label that is slow by construction (a 90-day target takes 90 days) never passes the delay line by waiting
slow = [u for u in by_call["drop"] if proposals.loc[u, "labels"]
        and proposals.loc[u, "label_delay_days"] > MANDATE_MAX_LABEL_DELAY_DAYS]
few = {u: int(proposals.loc[u, "labelled_examples"]) for u in slow
       if proposals.loc[u, "labelled_examples"] < MANDATE_MIN_LABELLED}   # too slow and too few: two failures
no_labels = [u for u in by_call["drop"] if not proposals.loc[u, "labels"]]
slow_sentence = (
    (f"A use dropped for want of labels ({'; '.join(no_labels)}) can come back when labels exist. " if no_labels else "")
    + (f"A use dropped because its labels arrive too late ({'; '.join(slow)}) cannot come back by waiting: its delay "
       "is set by the target itself (a 90-day outcome takes 90 days to observe), so it comes back only with a "
       f"different target, one observable within {MANDATE_MAX_LABEL_DELAY_DAYS} days"
       + "".join(f", and with at least {MANDATE_MIN_LABELLED:,} labelled examples of it ({u} has {n:,})"
                 for u, n in few.items()) + ". " if slow else ""))
# gate 1 prices no build: the most a build may cost and still be repaid within the sponsor's PAYBACK_MONTHS by
# the low end of its 90% margin over upkeep
build_cap = {u: PAYBACK_MONTHS * round(screen.loc[u, "value low"] - proposals.loc[u, "upkeep_per_month"])
             for u in by_call["build"]}   # whole dollars a month, as printed
build_words = "; ".join(
    f"{u}, if its build costs under {format_money(cap)} ({PAYBACK_MONTHS} months x "
    f"{format_money(cap / PAYBACK_MONTHS)} a month, the 90% low end of its value minus upkeep)"
    for u, cap in build_cap.items())
story.md(
    f"**The reply, from the checks.** Build {len(by_call['build'])} of the {len(screen)}: "
    f"{build_words or 'none'}. Gate 1 prices no build cost, so a build is a yes only below that cap: the sponsor's "
    f"{PAYBACK_MONTHS}-month payback (section 1) at the margin's low end. Solve {len(by_call['rule'])} with a rule: "
    f"{'; '.join(by_call['rule']) or 'none'}. Drop {len(by_call['drop'])}: {'; '.join(by_call['drop']) or 'none'}. "
    "Each line carries its numbers (the lift over the rule with its 90% interval, its value against the upkeep), "
    "so the sponsor can argue with a number rather than with the refusal. "
    f"{slow_sentence}{two_ways_sentence}These facts are invented for the exercise; the method is the point.")
story.record_table([("mandate_calls", f"build {len(by_call['build'])}, rule {len(by_call['rule'])}, "
                                      f"drop {len(by_call['drop'])}",
                      "Gate 1 on the mandate's proposed uses (invented facts); each build only if its cost is repaid "
                      f"within {PAYBACK_MONTHS} months at the low end of its 90% margin over upkeep")])

# %% [markdown]
# ## What to take away
#
# - Put every assumption in one place and make it a number someone can change; then find the one the
#   answer depends on most before arguing about the rest.
# - Compare models by the weeks below a promised floor (how many, how deep), not by the average alone.
# - Plans for learning systems are spreads of futures, not dates: state them that way (and say what the spread
#   leaves out), with checkpoints and a backup.
# - Generate every audience's text about a model from one result object, so their numbers cannot drift apart,
#   and give each decision in the unit it was made in, with its interval.
# - Choose a threshold on a validation month and report it on a test month the choice never saw.

# %%
story.md(f"- Price precision and recall separately, at the amounts decisions are taken in: {f1_takeaway}.\n"
         "- Answer a mandate with a list: each proposed use run through gate 1, with its numbers.")
