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
# # 00 · Orientation: why AI products behave differently
#
# A login button works or it does not. A churn model is right *some* of the time, more often for
# some customers than for others, and less often when the world changes. Managing that difference
# is most of the AI product manager's work. This notebook makes it tangible with a public telecom churn
# table (its datasheet says it is old and partly synthetic) and a simulated payments business, then
# shows how the rest of the course works.
#
# **You will be able to**
#
# - tell a deterministic check from a probabilistic one, and say why "it's 87% accurate" is not a
#   specification, starting with the first red flag: the trivial baseline;
# - answer "how often, for whom, with what confidence?" for one model, with numbers;
# - name the three ingredients besides code (data quality, model choice, feedback loops) and
#   show what a label delay does to a model;
# - name the six jobs of an AI PM and find the notebook that trains each;
# - use the kit: exercises with `check()`, `hint()` and `solution()`, the parameters cell, and the
#   `make run`, `make test` and `make lab` commands.
#
# **Time:** 30 minutes
#
# **PM job:** expectation management (an overview of all six jobs).

# %% tags=["parameters"]
SEED = 42
FAST = False
N_RESAMPLES = 500            # bootstrap resamples: one seeded set per quantity, reused wherever it is quoted
CHURN_THRESHOLD = 0.5        # the churn model flags a customer at this churn probability or above
N_TRANSACTIONS = 60_000      # simulated payments over six months
DRIFT_MONTH = 4              # the month a new fraud pattern appears (4, 5 or 6)
LABEL_DELAY_DAYS = 30.0      # mean chargeback delay, in days
MATURE_AFTER_DAYS = 30       # the team trains only on transactions at least this many days old
ALERT_RATE = 0.025           # share of transactions the review team can check

# %%
import zlib

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from aipm_kit import data, experiments, metrics, models, plots, scenarios, story
from aipm_kit.exercises import ____, nb00

pd.set_option("display.width", 120)
pd.set_option("display.max_colwidth", None)  # a table's explanations are shown whole, never cut with "..."
n_resamples = 100 if FAST else N_RESAMPLES
n_transactions = 20_000 if FAST else N_TRANSACTIONS


def resamples(n_cases, quantity):
    """Bootstrap resamples (row numbers) for one quantity, seeded by its name: drawn once and reused, so
    every table, figure and sentence that quotes the quantity shows the same interval."""
    rng = np.random.default_rng([SEED, zlib.crc32(quantity.encode())])
    return rng.integers(0, n_cases, size=(n_resamples, n_cases))


def paired_gap(a, b):
    """Share right for a minus share right for b on the same cases (right/wrong each), with its 90% Newcombe
    hybrid score interval for paired proportions: a formula, so no resampling noise and no seed to move it."""
    r = experiments.paired_proportion_difference(a, b, confidence=0.90)
    return r.difference, r.low, r.high


def verdict(low, high, words=("beats", "loses to", "cannot tell")):
    """A difference decided on its interval: all above zero, all below zero, or neither."""
    return words[0] if low > 0 else words[1] if high < 0 else words[2]


# %% [markdown]
# ## 1. Deterministic versus probabilistic
#
# A deterministic feature has a specification you can test exhaustively at its edges. Here is one:
# "a payment over \$5,000 needs a second approval".


# %% tags=["nbval-check-output"]
def needs_second_approval(amount, limit=5_000):
    return amount > limit


cases = {4_999.99: False, 5_000: False, 5_000.01: True, 250_000: True}
passed = sum(needs_second_approval(a) == expected for a, expected in cases.items())
print(f"{passed} of {len(cases)} checks pass, on every run and every machine")

# %% [markdown]
# Now a model. A public telecom churn table (5,000 customers; its datasheet warns the data are old
# and partly synthetic) and a logistic regression trained on 70% of them, scored on the other 30%.
# It flags a customer as a churner when its churn probability is at least `CHURN_THRESHOLD`:

# %% tags=["nbval-check-output"]
churn = data.load_churn()
features = [c for c in churn.columns if c not in ("churn", "state")]
from sklearn.model_selection import train_test_split

churn_train, churn_test = train_test_split(churn, test_size=0.3, random_state=SEED, stratify=churn["churn"])
churn_model = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="logistic")
churn_prob = churn_model.predict_proba(churn_test[features])[:, 1]
churned = churn_test["churn"].to_numpy().astype(bool)
right = (churn_prob >= CHURN_THRESHOLD) == churned
accuracy = float(right.mean())
print(f"The model is right for {accuracy:.1%} of {len(right):,} held-out customers")

# %% [markdown]
# **The first red flag: compare with the trivial baseline.** Most customers do not churn, so a
# "model" that predicts *nobody churns* is also right most of the time. Any accuracy means something
# only next to that number:

# %% tags=["nbval-check-output"]
baseline_right = ~churned                      # "nobody churns" is right for every customer who stayed
baseline = float(baseline_right.mean())
print(f'"Nobody churns" is right for {baseline:.1%} of the same customers ({churned.sum()} of them churned)')

# %% [markdown]
# One number, but not a fixed one. The held-out customers are one sample of the customers the
# model will meet. Resampling them (the bootstrap) shows how far that number could move on another
# sample of the same size. The middle 90% of the resampled accuracies is a **90% bootstrap
# interval**. The gap between the model and the baseline gets its own interval, a *paired* one: both
# are scored on the very same customers, so only the customers on which they disagree move the gap.
# For a difference of two right/wrong shares on the same cases there is a formula, **Newcombe's hybrid
# score interval for paired proportions** (`experiments.paired_proportion_difference`); unlike a
# resampled interval it does not move with the seed or the number of resamples, so neither can the verdict.

# %%
idx = resamples(len(right), "test customers")
boot = right[idx].mean(axis=1)
low, high = (float(x) for x in np.percentile(boot, [5, 95]))
gap_result = experiments.paired_proportion_difference(right, baseline_right, confidence=0.90)
gap, gap_low, gap_high = gap_result.difference, gap_result.low, gap_result.high
gap_wald = experiments.paired_proportion_difference(right, baseline_right, confidence=0.90, method="wald")
gap_verdict = verdict(gap_low, gap_high)
gap_words = {"beats": "beats", "loses to": "loses to", "cannot tell": "cannot yet be told apart from"}[gap_verdict]
baseline_place = "inside" if low <= baseline <= high else "outside"
band_width = (high - low) * 100
margin_words = "smaller" if abs(gap) * 100 < band_width else "larger"
only_model, only_baseline = gap_result.only_a, gap_result.only_b

fig, (ax_acc, ax_gap) = plots.figure(1, 2, figsize=(11, 4.4))
ax_acc.hist(boot * 100, bins=30, color=plots.NEUTRAL, alpha=0.8)
ax_acc.axvspan(low * 100, high * 100, color=plots.ACCENT, alpha=0.2, label="90% bootstrap interval")
ax_acc.axvline(accuracy * 100, color=plots.NEUTRAL, lw=2, label=f"model ({accuracy:.1%})")
ax_acc.axvline(baseline * 100, color=plots.BAD, ls="--", lw=2, label=f'"nobody churns" ({baseline:.1%})')
ax_acc.set_ylim(0, ax_acc.get_ylim()[1] * 1.45)       # headroom so the legend sits above the bars
plots.finish(ax_acc, title=f'"Nobody churns" is {baseline_place} the model\'s 90% band',
             xlabel="model accuracy on a resample of the test customers (%)",
             ylabel=f"resamples (of {n_resamples})")
for row, (res, name) in enumerate(((gap_result, "Newcombe hybrid score\n(the one quoted)"),
                                   (gap_wald, "Wald (textbook)"))):
    ax_gap.errorbar(res.difference * 100, row, xerr=[[(res.difference - res.low) * 100], [(res.high - res.difference) * 100]],
                    fmt="o", color=plots.ACCENT if row == 0 else plots.NEUTRAL, lw=3, capsize=6,
                    label=f"{name.splitlines()[0]}: {res.low * 100:+.1f} to {res.high * 100:+.1f}")
ax_gap.axvline(0, color=plots.BAD, ls="--", lw=2, label="no difference")
ax_gap.set_yticks([0, 1], ["Newcombe hybrid score\n(the one quoted)", "Wald (textbook)"])
ax_gap.set_ylim(-0.6, 2.4)                            # headroom so the legend sits above the intervals
plots.finish(ax_gap, title=f"Paired, the gap is {gap * 100:+.1f} points (90%: {gap_low * 100:+.1f} to {gap_high * 100:+.1f})",
             xlabel=f'model minus "nobody churns" on the same {len(right):,} customers (points)',
             ylabel="90% paired interval (formula)",
             takeaway=f"only the {only_model + only_baseline} customers the two disagree on move the gap "
                      f"({only_model} for the model, {only_baseline} for the baseline)")
fig.suptitle(f'The model {gap_words} "nobody churns" on accuracy:\na margin of {gap * 100:+.1f} points, '
             f"{margin_words} than the {band_width:.1f}-point width of its own 90% band", fontsize=12, fontweight="bold")
fig.tight_layout()
plt.show()

# %%
story.record_table([
    ("accuracy_overall", accuracy, "Churn model accuracy on held-out customers", "{:.1%}"),
    ("accuracy_baseline", baseline, 'Accuracy of "nobody churns" on the same customers', "{:.1%}"),
    ("accuracy_interval", [low, high], "Accuracy, 90% bootstrap interval", "{0[0]:.1%} to {0[1]:.1%}"),
    ("accuracy_gap_over_baseline", [gap * 100, gap_low * 100, gap_high * 100],
     'Model minus "nobody churns" (90% Newcombe paired interval)', "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
])
story.md(
    f"**Red flag.** The model is right for **{accuracy:.1%}** of held-out customers (90% bootstrap interval "
    f"{low:.1%} to {high:.1%}); predicting that nobody churns is right for **{baseline:.1%}**, {baseline_place} "
    f"that interval. On the same customers, the gap is **{gap * 100:+.1f} points** (90% Newcombe hybrid score "
    f"interval for paired proportions, {gap_low * 100:+.1f} to {gap_high * 100:+.1f}). The two "
    "intervals answer different questions: which customers land in the sample moves both accuracies together, "
    "so the band of either one is wide, while their difference on the same customers varies much less. Only "
    f"the customers on which the two disagree move the gap: the model is right and \"nobody churns\" wrong for "
    f"{only_model}, the other way round for {only_baseline}, so the gap is ({only_model} - {only_baseline}) / "
    f"{len(right):,}. The interval is a formula on those counts: no resampling, so it is the same at every "
    f"seed. On accuracy, this model **{gap_words}** doing nothing at all; at best it is "
    f"{max(gap_high, 0) * 100:.1f} points better, at worst {gap_low * 100:+.1f}. Accuracy is "
    "the wrong yardstick for a rare outcome; the value of a churn model is in *which* customers it flags, so "
    "the next notebooks measure it by recall and by money, always beside a baseline.")


def accuracy_gap_at(threshold):
    """Model minus "nobody churns" at a churn threshold: points, its 90% Newcombe paired interval, and the verdict."""
    right_at = (churn_prob >= threshold) == churned
    g, g_low, g_high = paired_gap(right_at, baseline_right)
    return g * 100, g_low * 100, g_high * 100, verdict(g_low, g_high)


q1, q2 = nb00.bind_accuracy(right=right, gap_at=accuracy_gap_at)

# %% [markdown]
# ### Exercise 1 · A Wilson interval by hand
#
# The bootstrap is one way to an interval; for a single proportion there is also a formula.

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
k_right, n_customers = right.sum(), len(right)
p, z = k_right / n_customers, 1.645                # z for a 90% interval
centre = (p + z**2 / (2 * n_customers)) / (1 + z**2 / n_customers)
half = z * np.sqrt(p * (1 - p) / n_customers + z**2 / (4 * n_customers**2)) / (1 + z**2 / n_customers)
q1_answer = (centre - half, centre + half)
print(f"by hand {q1_answer[0]:.2%} to {q1_answer[1]:.2%}; the kit: "
      "{:.2%} to {:.2%}".format(*metrics.wilson_interval(k_right, n_customers, confidence=0.90)))
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert q1.check(metrics.wilson_interval(right.sum(), len(right), confidence=0.90))
assert not q1.check(metrics.wilson_interval(right.sum(), len(right), confidence=0.95))
assert q1.check(____).correct is None

# %% [markdown]
# ### Exercise 2 · Move the churn threshold
#
# `accuracy_gap_at(threshold)` re-scores the same customers at another threshold, with the same paired interval.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
for t in (0.2, 0.3, 0.5, 0.7):
    print(f"threshold {t}: " + "{:+.1f} points (90% interval {:+.1f} to {:+.1f}), {}".format(*accuracy_gap_at(t)))
q2_answer = (0.3, accuracy_gap_at(0.3)[3])
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((0.3, next(v for v in ("beats", "loses to", "cannot tell") if v != accuracy_gap_at(0.3)[3])))
assert q2.check(____).correct is None

# %% [markdown]
# **For whom?** The same model, on different cohorts of customers. Each row has its own 90% bootstrap
# interval (small cohorts have wide ones) and its own trivial baseline: the cohorts churn at very
# different rates, so "predict the majority" scores differently in each, and a cohort's accuracy means
# something only next to its own baseline. The "all customers" row reuses the resamples above.

# %%
cohorts = {
    "all customers": np.ones(len(churn_test), dtype=bool),
    "international plan": churn_test["international_plan"].to_numpy(),
    "4+ service calls": (churn_test["number_customer_service_calls"] >= 4).to_numpy(),
    "voice-mail plan": churn_test["voice_mail_plan"].to_numpy(),
    "newest third (account length)": (churn_test["account_length"] <= churn_test["account_length"].quantile(1 / 3)).to_numpy(),
    "heaviest third (day minutes)": (churn_test["total_day_minutes"] >= churn_test["total_day_minutes"].quantile(2 / 3)).to_numpy(),
}
rows = []
for name, mask in cohorts.items():
    hits = right[mask]
    cohort_rows = idx if mask.all() else resamples(len(hits), f"cohort {name}")
    resampled = hits[cohort_rows].mean(axis=1)
    rate = churned[mask].mean()
    trivial_right = churned[mask] if rate > 0.5 else ~churned[mask]
    g, g_low, g_high = paired_gap(hits, trivial_right)
    rows.append({"cohort": name, "customers": int(mask.sum()), "churn rate": rate, "accuracy": hits.mean(),
                 "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95),
                 "trivial rule": "everyone churns" if rate > 0.5 else "nobody churns",
                 "trivial accuracy": trivial_right.mean(), "gap": g, "gap low": g_low, "gap high": g_high})
by_cohort = pd.DataFrame(rows).set_index("cohort")

# %% tags=["nbval-check-output"]
pd.DataFrame({
    "customers": by_cohort["customers"],
    "churn rate": by_cohort["churn rate"].map("{:.1%}".format),
    "model accuracy (90% interval)": [f"{a:.1%} ({lo:.1%} to {hi:.1%})" for a, lo, hi
                                      in by_cohort[["accuracy", "low (5%)", "high (95%)"]].to_numpy()],
    "trivial rule": by_cohort["trivial rule"],
    "its accuracy": by_cohort["trivial accuracy"].map("{:.1%}".format),
    "model minus trivial, points (90% interval)": [f"{g * 100:+.1f} ({lo * 100:+.1f} to {hi * 100:+.1f})"
                                                   for g, lo, hi in by_cohort[["gap", "gap low", "gap high"]].to_numpy()],
})

# %%
worst = by_cohort["accuracy"].idxmin()
story.record("accuracy_worst_cohort", float(by_cohort.loc[worst, "accuracy"]),
             label=f"Accuracy on the least accurate cohort ({worst})", fmt="{:.1%}")
best = by_cohort["accuracy"].idxmax()
below = by_cohort.index[by_cohort["gap high"] < 0].tolist()
above = by_cohort.index[by_cohort["gap low"] > 0].tolist()
below_text = ", ".join(below) if below else "none"
above_text = ", ".join(above) if above else "none"
w, b = by_cohort.loc[worst], by_cohort.loc[best]
story.md(
    f"Overall the model is right **{accuracy:.0%}** of the time, but for customers with **{worst}** only "
    f"**{w['accuracy']:.0%}** (90% interval {w['low (5%)']:.0%} to {w['high (95%)']:.0%}). That cohort churns "
    f"**{w['churn rate']:.1%}** of the time, so \"{w['trivial rule']}\" scores **{w['trivial accuracy']:.1%}** there. "
    f"At the other end, **{best}** scores **{b['accuracy']:.0%}**, but that cohort churns only "
    f"{b['churn rate']:.1%}, and \"{b['trivial rule']}\" scores {b['trivial accuracy']:.1%} there too. "
    f"The lowest and highest of {len(by_cohort)} cohorts were picked after looking, and the extremes of several "
    "noisy numbers sit further out than their cohorts deserve, so read each row with its interval, not its rank. "
    f"Cohorts where the whole 90% interval of the gap is below zero (the model loses to its cohort's "
    f"trivial rule): **{below_text}**. Where it is all above zero: **{above_text}**. The rest cannot yet "
    "be told apart from their trivial rule.")

# %% [markdown]
# **When?** Models meet a moving world. On the first day of month 3 of a simulated payments business,
# a team trains a fraud model on what it knows *that day*. A fraud is known only when its chargeback
# arrives (`LABEL_DELAY_DAYS` days later on average), so the team leaves out the newest transactions,
# keeping only those at least `MATURE_AFTER_DAYS` days old, whose chargebacks have had time to arrive,
# each labelled as known that day. It then replays months 3 to 6 through the model; a new fraud pattern
# appears in month `DRIFT_MONTH`. Each month the review team checks the same share of transactions,
# the ones the model scores highest. Recall is judged in hindsight, once every chargeback is in: a
# business can compute it months later, not on the day.

# %%
if DRIFT_MONTH not in (4, 5, 6):
    raise ValueError(f"DRIFT_MONTH = {DRIFT_MONTH}: use 4, 5 or 6, so the replay of months 3 to 6 has a month "
                     "before the new fraud pattern and one after it")
payments = scenarios.make_payments(n_transactions, seed=SEED, drift_month=DRIFT_MONTH,
                                   label_delay_days=LABEL_DELAY_DAYS, incident=False)
train = payments[payments["month"] <= 2]
train_day = payments.attrs["scenario"].start + pd.DateOffset(months=2)      # the first day of month 3
known_then = scenarios.labels_as_of(train, train_day).to_numpy()            # chargebacks arrived by that day
mature = (train["timestamp"] <= train_day - pd.Timedelta(days=MATURE_AFTER_DAYS)).to_numpy()
if not known_then[mature].any():
    raise ValueError(f"MATURE_AFTER_DAYS = {MATURE_AFTER_DAYS} leaves no known fraud to train on "
                     "(months 1 and 2 hold 59 days); use fewer days")
fraud_model = models.fit_fraud_model(train[mature].assign(label_then=known_then[mature]),
                                     target="label_then", seed=SEED, max_iter=60)
fraud_in_train = train["label_observed"].to_numpy()                         # in hindsight, once every chargeback is in
mature_share = float(known_then[mature & fraud_in_train].mean())

later = payments[payments["month"] >= 3]
months = sorted(int(m) for m in later["month"].unique())
scores = {int(m): models.fraud_scores(fraud_model, rows_m) for m, rows_m in later.groupby("month")}
frauds = {int(m): rows_m["label_observed"].to_numpy() for m, rows_m in later.groupby("month")}
fraud_rows = {m: resamples(int(f.sum()), f"frauds of month {m}") for m, f in frauds.items()}


def caught_in(month, alert_rate, month_scores=None):
    """One bool per fraud of the month: did it raise one of the month's alerts at this alert rate?"""
    s = scores[month] if month_scores is None else month_scores
    return models.flag_top(s, int(round(alert_rate * len(s))))[frauds[month]]


def pooled_recall(months_, alert_rate):
    """Recall over the frauds of several months, and its value on each resample (each month's frauds resampled)."""
    caught = [caught_in(m, alert_rate) for m in months_]
    n_frauds = sum(len(c) for c in caught)
    return sum(c.sum() for c in caught) / n_frauds, sum(c[fraud_rows[m]].sum(axis=1) for m, c in zip(months_, caught)) / n_frauds


before_months = [m for m in months if m < DRIFT_MONTH]
after_months = [m for m in months if m >= DRIFT_MONTH]
recall_before, boot_before = pooled_recall(before_months, ALERT_RATE)


def recall_change(alert_rate):
    """Recall after the drift at this alert rate minus recall before it at ALERT_RATE: points, 90% interval, verdict."""
    recall_after, boot_after = pooled_recall(after_months, alert_rate)
    change_low, change_high = np.percentile((boot_after - boot_before) * 100, [5, 95])
    return ((recall_after - recall_before) * 100, float(change_low), float(change_high),
            verdict(change_low, change_high, ("recovered", "still lower", "cannot tell")))


month_rows = []
for m in months:
    caught = caught_in(m, ALERT_RATE)
    resampled = caught[fraud_rows[m]].mean(axis=1)
    month_rows.append({"month": m, "frauds": len(caught), "recall": caught.mean(),
                       "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95)})
monthly = pd.DataFrame(month_rows).set_index("month")
recall_after = pooled_recall(after_months, ALERT_RATE)[0]


def span(ms):
    return f"month {ms[0]}" if len(ms) == 1 else f"months {ms[0]}-{ms[-1]}"


before_pct, after_pct = round(recall_before * 100, 1), round(recall_after * 100, 1)
drop = round(before_pct - after_pct, 1)                 # from the rounded ends, so title, prose and record agree
change, change_low, change_high, _ = recall_change(ALERT_RATE)
drop_low, drop_high = -change_high, -change_low
drop_verdict = verdict(drop_low, drop_high, ("falls", "rises", "cannot be told apart"))
worst_month = int(monthly["recall"].idxmin())

# %%
fig, ax = plots.figure()
ax.errorbar(monthly.index, monthly["recall"] * 100,
            yerr=[(monthly["recall"] - monthly["low (5%)"]) * 100, (monthly["high (95%)"] - monthly["recall"]) * 100],
            fmt="o", color=plots.NEUTRAL, lw=2, capsize=4, label="each month's recall, 90% bootstrap interval")
for ms, level, name in ((before_months, before_pct, "before"), (after_months, after_pct, "after")):
    ax.hlines(level, ms[0] - 0.3, ms[-1] + 0.3, color=plots.ACCENT, lw=2.5,
              label="pooled recall before and after the new pattern" if name == "before" else None)
ax.axvline(DRIFT_MONTH - 0.5, color=plots.BAD, ls="--", label="new fraud pattern appears")
ax.set_xticks(monthly.index)
ax.set_ylim(0, 100)
title = {"falls": f"Recall falls {drop:.1f} points (90% interval {drop_low:.0f} to {drop_high:.0f}) once the fraud changes",
         "rises": f"Recall rises {-drop:.1f} points (90% interval {-drop_high:.0f} to {-drop_low:.0f}) after the fraud changes",
         "cannot be told apart": f"Recall before ({before_pct:.1f}%) and after ({after_pct:.1f}%) the new pattern "
                                 "cannot be told apart"}[drop_verdict]
plots.finish(ax, title=title,
             xlabel="month of the simulated payments stream",
             ylabel=f"fraud caught at a {ALERT_RATE:.1%} alert rate (%)",
             takeaway="nothing in the code changed; the data did")
plt.show()

# %% tags=["nbval-check-output"]
print(monthly.round(3).to_string())
story.record_table([
    ("recall_drop_after_drift", drop, f"Recall lost after the fraud pattern changed ({span(before_months)} "
     f"against {span(after_months)} pooled)", "{:.1f} points"),
    ("recall_drop_interval", [float(drop_low), float(drop_high)], "Recall lost, 90% bootstrap interval",
     "{0[0]:.0f} to {0[1]:.0f} points"),
])
story.md(
    f"Recall is **{before_pct:.1f}%** of {int(monthly.loc[before_months, 'frauds'].sum())} frauds in "
    f"{span(before_months)}, before the new pattern, and **{after_pct:.1f}%** of "
    f"{int(monthly.loc[after_months, 'frauds'].sum())} frauds pooled over {span(after_months)}: a change of "
    f"**{-drop:+.1f} points** (90% bootstrap interval {-drop_high:+.0f} to {-drop_low:+.0f}). The comparison "
    "was fixed before looking: the months before the pattern against all the months after it. The single "
    f"lowest month, month {worst_month} at {monthly.loc[worst_month, 'recall']:.1%}, was picked after looking; "
    "the lowest of several noisy months is expected to sit below their pooled level by chance, so it is shown "
    "with its interval above and not quoted as the drop. The model was trained on "
    f"{int(mature.sum()):,} transactions at least {MATURE_AFTER_DAYS} days old, labelled as known on the first "
    f"day of month 3, when {mature_share:.0%} of their fraud had a chargeback.")

# %% [markdown]
# So the questions every AI feature must answer, for the churn model (and, for "next month", the
# fraud model):

# %%
story.md(
    "| question | answer from this run |\n|---|---|\n"
    f"| How often is it right? | {accuracy:.1%} of held-out customers; \"nobody churns\" scores {baseline:.1%} |\n"
    f"| For whom? | from {w['accuracy']:.0%} ({worst}, where \"{w['trivial rule']}\" scores "
    f"{w['trivial accuracy']:.0%}) to {b['accuracy']:.0%} ({best}, where \"{b['trivial rule']}\" scores "
    f"{b['trivial accuracy']:.0%}) |\n"
    f"| With what confidence? | 90% bootstrap interval {low:.1%} to {high:.1%}; gap over the baseline "
    f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f} points (90% Newcombe paired) |\n"
    f"| And next month? | the fraud model's recall changed {-drop:+.1f} points (90% interval "
    f"{-drop_high:+.0f} to {-drop_low:+.0f}) once the data moved |")
(q3,) = nb00.bind_drift(recall_change=recall_change, alert_rate=ALERT_RATE)

# %% [markdown]
# ### Exercise 3 · Buy back the lost recall
#
# `recall_change(rate)` replays the months after the drift at another alert rate, on the same resamples.

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
for times in (1, 2, 4, 6, 8, 10):
    print(f"alert rate {times * ALERT_RATE:.1%}: "
          + "{:+.1f} points (90% interval {:+.1f} to {:+.1f}), {}".format(*recall_change(times * ALERT_RATE)))
q3_answer = (2 * ALERT_RATE, recall_change(2 * ALERT_RATE)[3])
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((2 * ALERT_RATE, next(v for v in ("recovered", "still lower", "cannot tell")
                                          if v != recall_change(2 * ALERT_RATE)[3])))
assert q3.check(____).correct is None

# %% [markdown]
# ## 2. Code is one ingredient; here are the other three
#
# The code above is a few lines. What decided the numbers were the other three ingredients:
#
# - **data quality**: what the labels mean and how complete they are;
# - **model choice**: what kind of pattern the model can represent;
# - **feedback loops**: how fast the world tells the model it was wrong.
#
# One of each, measured. **Model choice**: a boosted model (many small decision trees, which can
# represent thresholds and interactions a logistic regression cannot) on the same customers, compared
# with the same paired interval:

# %%
boosted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="boosting", seed=SEED)
boosted_right = (boosted.predict_proba(churn_test[features])[:, 1] >= CHURN_THRESHOLD) == churned
boosted_accuracy = float(boosted_right.mean())
model_gap, model_gap_low, model_gap_high = paired_gap(boosted_right, right)

# %% [markdown]
# **Feedback loop and data quality together: label delay.** The fraud team above left out its newest
# transactions because their chargebacks had not arrived. A hasty team, on the same day, trains on
# everything it has, labelled as known that day: more data, but much of the recent fraud still looks
# legitimate. Both models exist on the first day of month 3, and both meet the same month-3 frauds, so
# the recall gap gets a paired interval.

# %%
hasty_model = models.fit_fraud_model(train.assign(label_then=known_then), target="label_then", seed=SEED, max_iter=60)
first = months[0]
month_first = later[later["month"] == first]
caught_mature = caught_in(first, ALERT_RATE)
caught_hasty = caught_in(first, ALERT_RATE, models.fraud_scores(hasty_model, month_first))
recall_mature, recall_hasty = float(caught_mature.mean()), float(caught_hasty.mean())
delay_cost, delay_low, delay_high = paired_gap(caught_mature, caught_hasty)
hasty_share = float(known_then[fraud_in_train].mean())

# %% tags=["nbval-check-output"]
pd.DataFrame({
    "ingredient": ["model choice", "data quality", "feedback loop"],
    "what we changed": ["logistic -> boosting (churn)", "older transactions only -> everything, as labelled that day",
                        "older transactions only -> everything, as labelled that day"],
    "measured as": ["accuracy", "share of training fraud labelled", f"month-{first} recall"],
    "before": [f"{accuracy:.1%}", f"{mature_share:.1%}", f"{recall_mature:.1%}"],
    "after": [f"{boosted_accuracy:.1%}", f"{hasty_share:.1%}", f"{recall_hasty:.1%}"],
    "change, points (90% interval)": [
        f"{model_gap * 100:+.1f} ({model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f})",
        f"{(hasty_share - mature_share) * 100:+.1f} (a count of the training data: no sampling error)",
        f"{-delay_cost * 100:+.1f} ({-delay_high * 100:+.1f} to {-delay_low * 100:+.1f})"],
}).set_index("ingredient")

# %%
story.record_table([
    ("label_delay_recall_cost", delay_cost * 100,
     "Recall lost by training on everything before the chargebacks arrive", "{:.0f} points"),
    ("label_delay_cost_interval", [delay_low * 100, delay_high * 100],
     "Recall lost to label delay, 90% Newcombe paired interval", "{0[0]:.0f} to {0[1]:.0f} points"),
    ("boosting_gain_interval", [model_gap * 100, model_gap_low * 100, model_gap_high * 100],
     "Boosted minus logistic accuracy (90% Newcombe paired interval)", "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
])
delay_word = verdict(delay_low, delay_high, ("costs recall", "gains recall", "cannot yet be told apart from "
                                             "training on the older transactions only"))
story.md(
    f"Switching model family moved churn accuracy from **{accuracy:.1%}** to **{boosted_accuracy:.1%}** on the "
    f"same customers without touching the data: **{model_gap * 100:+.1f} points** (90% Newcombe paired interval "
    f"{model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f}), from one training run on one split. Training on "
    f"everything on the first day of month 3 means only **{hasty_share:.0%}** of the training fraud is labelled "
    f"(against {mature_share:.0%} of the fraud in the older transactions); the model learns that the rest was "
    f"legitimate, and its month-{first} recall is **{recall_hasty:.0%}** instead of **{recall_mature:.0%}** of "
    f"{len(caught_mature)} frauds: **{-delay_cost * 100:+.0f} points** (90% Newcombe paired interval "
    f"{-delay_high * 100:+.0f} to {-delay_low * 100:+.0f}). On this run, training on everything at once "
    f"**{delay_word}**. Both choices were open to the business on the same day; a team that instead waited "
    "for month 2's chargebacks would have no new model for another month or two, and would pay for the wait "
    "in the fraud it missed meanwhile. Same code, same model: different data, different product.")

# %% [markdown]
# ## 3. The six jobs of an AI product manager
#
# Each notebook says in its first cell which job it trains.
#
# | job | what it means in practice | trained in |
# |---|---|---|
# | Expectation management | promise ranges and confidence, not dates and single numbers | 00, 01, 05 |
# | Data strategy | secure, label, version and audit the data the model learns from | 02, 04 |
# | Performance governance | watch drift, latency and business impact; alert and roll back early | 03, 04, 12 |
# | Ethics and compliance | measure bias by group, explain decisions, document risks | 02, 05 |
# | Technical-to-business translation | turn model metrics into money, hours and users, for each audience | 01, 05, 06 |
# | Experiment design | tell a real improvement from random variation | 04, 11 |
#
# The course runs in order: **00** orientation; **01-04** the four lifecycle stages (should we use
# AI, data and success metrics, deploy with monitoring and rollback, iterate and retire), each
# ending in a decision gate; **05** translating and communicating; **06** interview practice;
# then the portfolio projects **10** (recommendation analyzer), **11** (evaluation harness) and
# **12** (drift dashboard), each of which ends in a generated write-up.

# %%
(q4,) = nb00.bind_jobs()

# %% [markdown]
# ### Exercise 4 · The PM job behind a promise

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = "expectation management"
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check("experiment design")
assert q4.check(____).correct is None

# %% [markdown]
# ## 4. How to use the kit
#
# **Exercises.** Each exercise is an object (`q1`, `q2`, ...) bound to this notebook's own data,
# so the expected answer is computed from your run, never typed in. Replace `____` with your
# answer and run the cell; `check()` says right or wrong and why. An unanswered `____` prints a
# nudge instead of an error, so the notebook always runs top to bottom. Stuck? Ask for a hint
# (later hints give more away), or the worked solution. Each is one line in a new cell, run only
# when you want it: `q1.hint()`, then `q1.hint(2)`, then `q1.solution()`.

# %% [markdown]
# **Parameters.** The cell tagged `parameters` near the top holds the seed, a `FAST` switch and
# the scenario's knobs. Change one (say `DRIFT_MONTH = 5`, `LABEL_DELAY_DAYS = 45` or `CHURN_THRESHOLD = 0.3`) and re-run the
# notebook: every number in the prose is computed from the run, so the story updates with it.
#
# **Commands**, from the repository root:
#
# | command | what it does |
# |---|---|
# | `make lab` | set up (once) and open JupyterLab on `notebooks/` |
# | `make run` | execute the whole course headless, writing `build/index.html` with each notebook's runtime and gate verdict |
# | `make test` | run the unit tests, the notebook checks and the parameter sweeps |
# | `aipm run --fast --only 00,01` | run some notebooks quickly |
# | `aipm student-copy` | the notebooks with the worked solutions removed |
#
# **Facts.** The small tables headed **Recorded for the course index and the write-up** (and lines starting
# with **Recorded ·**) hold facts the notebook records for the course index and the portfolio write-ups;
# they are read back from the executed notebook, so they always match it.

# %% [markdown]
# ## What to take away
#
# - A deterministic check passes or fails; a model has a rate, a range, and a different rate for
#   each cohort and each month.
# - Ask of every model: how often, for whom, with what confidence, and what happens when the data
#   moves; and put the trivial baseline beside every number, overall and in each cohort.
# - Code is one ingredient; model choice, data quality and feedback loops moved the numbers above
#   far more than any line of code.
