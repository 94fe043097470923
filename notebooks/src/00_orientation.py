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
N_RESAMPLES = 500            # bootstrap resamples of the test customers
N_TRANSACTIONS = 60_000      # simulated payments over six months
DRIFT_MONTH = 4              # the month a new fraud pattern appears
LABEL_DELAY_DAYS = 30.0      # mean chargeback delay, in days
PATIENT_WAIT_DAYS = 61       # how long the patient team waits after month 2 before training
ALERT_RATE = 0.025           # share of transactions the review team can check

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from aipm_kit import data, models, plots, scenarios, story
from aipm_kit.exercises import ____, nb00

pd.set_option("display.width", 120)
pd.set_option("display.max_colwidth", None)  # a table's explanations are shown whole, never cut with "..."
n_resamples = 100 if FAST else N_RESAMPLES
n_transactions = 20_000 if FAST else N_TRANSACTIONS

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
# and partly synthetic) and a logistic regression trained on 70% of them, scored on the other 30%:

# %%
churn = data.load_churn()
features = [c for c in churn.columns if c not in ("churn", "state")]
from sklearn.model_selection import train_test_split

churn_train, churn_test = train_test_split(churn, test_size=0.3, random_state=SEED, stratify=churn["churn"])
churn_model = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="logistic")
right = churn_model.predict(churn_test[features]) == churn_test["churn"].to_numpy()
accuracy = story.record("accuracy_overall", float(right.mean()), label="Churn model accuracy on held-out customers",
                        fmt="{:.1%}")

# %% [markdown]
# **The first red flag: compare with the trivial baseline.** Most customers do not churn, so a
# "model" that predicts *nobody churns* is also right most of the time. Any accuracy means something
# only next to that number:

# %%
churned = churn_test["churn"].to_numpy().astype(bool)
baseline_right = ~churned                      # "nobody churns" is right for every customer who stayed
baseline = story.record("accuracy_baseline", float(baseline_right.mean()),
                        label='Accuracy of "nobody churns" on the same customers', fmt="{:.1%}")

# %% [markdown]
# One number, but not a fixed one. The held-out customers are one sample of the customers the
# model will meet. Resampling them (the bootstrap) shows how far that number could move on another
# sample of the same size. The middle 90% of the resampled accuracies is a **90% bootstrap
# interval**. The same resamples also score the baseline, so the gap between the two gets its own
# interval (a *paired* comparison: both are scored on the very same customers each time).

# %%
rng = np.random.default_rng(SEED)


def paired_gap(a, b, rows=None):
    """Mean of a minus mean of b on the same cases, with a 90% bootstrap interval (both resampled together)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if rows is None:
        rows = rng.integers(0, len(a), size=(n_resamples, len(a)))
    gaps = a[rows].mean(axis=1) - b[rows].mean(axis=1)
    return float(a.mean() - b.mean()), float(np.percentile(gaps, 5)), float(np.percentile(gaps, 95))


idx = rng.integers(0, len(right), size=(n_resamples, len(right)))
boot = right[idx].mean(axis=1)
low, high = np.percentile(boot, [5, 95])
gap, gap_low, gap_high = paired_gap(right, baseline_right, idx)
baseline_place = "inside" if low <= baseline <= high else "outside"

fig, ax = plots.figure()
ax.hist(boot * 100, bins=30, color=plots.NEUTRAL, alpha=0.8)
ax.axvspan(low * 100, high * 100, color=plots.ACCENT, alpha=0.2, label="90% bootstrap interval")
ax.axvline(accuracy * 100, color=plots.NEUTRAL, lw=2, label=f"model on the test customers ({accuracy:.1%})")
ax.axvline(baseline * 100, color=plots.BAD, ls="--", lw=2, label=f'"nobody churns" ({baseline:.1%})')
ax.set_ylim(0, ax.get_ylim()[1] * 1.45)       # headroom so the legend sits above the bars
plots.finish(ax, title=f"90% of resamples score {low:.1%} to {high:.1%}; \"nobody churns\" is {baseline_place} that band",
             xlabel="accuracy on a resample of the test customers (%)",
             ylabel=f"resamples (of {n_resamples})",
             takeaway="quote a range, and put the trivial baseline beside it")
plt.show()

# %%
interval = story.record("accuracy_interval", [float(low), float(high)], label="Accuracy, 90% bootstrap interval",
                        fmt="{0[0]:.1%} to {0[1]:.1%}")
story.record("accuracy_gap_over_baseline", [gap * 100, gap_low * 100, gap_high * 100],
             label='Model minus "nobody churns" (90% paired bootstrap)',
             fmt="{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})")
gap_verdict = ("beats" if gap_low > 0 else "loses to" if gap_high < 0
               else "cannot yet be told apart from")
story.md(
    f"**Red flag.** The model is right for **{accuracy:.1%}** of held-out customers (90% bootstrap interval "
    f"{low:.1%} to {high:.1%}); predicting that nobody churns is right for **{baseline:.1%}**, {baseline_place} "
    f"that interval. The gap is **{gap * 100:+.1f} points** (90% paired bootstrap interval {gap_low * 100:+.1f} "
    f"to {gap_high * 100:+.1f}): on accuracy, this model **{gap_verdict}** doing nothing at all, and by no more "
    f"than {max(gap_high, 0) * 100:.1f} points. Accuracy is the wrong yardstick for a rare outcome; the value of "
    "a churn model is in *which* customers it flags, so the next notebooks measure it by recall and by money, "
    "always beside a baseline.")

# %% [markdown]
# **For whom?** The same model, on different cohorts of customers. Each row has its own 90% bootstrap
# interval (small cohorts have wide ones) and its own trivial baseline: the cohorts churn at very
# different rates, so "predict the majority" scores differently in each, and a cohort's accuracy means
# something only next to its own baseline.

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
    cohort_rows = rng.integers(0, len(hits), size=(n_resamples, len(hits)))
    resampled = hits[cohort_rows].mean(axis=1)
    rate = churned[mask].mean()
    trivial_right = churned[mask] if rate > 0.5 else ~churned[mask]
    g, g_low, g_high = paired_gap(hits, trivial_right, cohort_rows)
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
             label=f"Accuracy on the worst cohort ({worst})", fmt="{:.1%}")
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
    f"Cohorts where the whole 90% interval of the gap is below zero (the model loses to its cohort's "
    f"trivial rule): **{below_text}**. Where it is all above zero: **{above_text}**. The rest cannot yet "
    "be told apart from their trivial rule.")

# %% [markdown]
# **When?** Models meet a moving world. A fraud model is trained on the first two months of a
# simulated payments business; in month 4 a new fraud pattern appears. A fraud is known only when its
# chargeback arrives (about a month later on average), so the team trains on the labels it has
# **`PATIENT_WAIT_DAYS` days after month 2 ends**, when most chargebacks are in, and then replays months 3 to 6
# through the model. Each month the review team checks the same share of transactions, the ones the
# model scores highest. Recall here is judged in hindsight, against every simulated fraud, which a
# business learns only months later.

# %%
payments = scenarios.make_payments(n_transactions, seed=SEED, drift_month=DRIFT_MONTH,
                                   label_delay_days=LABEL_DELAY_DAYS, incident=False)
train = payments[payments["month"] <= 2]
month3_day1 = payments.attrs["scenario"].start + pd.DateOffset(months=2)
patient_day = month3_day1 + pd.Timedelta(days=PATIENT_WAIT_DAYS)
train_patient = train.assign(label_then=scenarios.labels_as_of(train, patient_day).to_numpy())
fraud_model = models.fit_fraud_model(train_patient, target="label_then", seed=SEED, max_iter=60)
patient_share = float(train_patient.loc[train["is_fraud"], "label_then"].mean())


def caught_frauds(model, rows_m):
    """One bool per fraud of the month: did it raise one of the month's alerts?"""
    flags = models.flag_top(models.fraud_scores(model, rows_m), int(round(ALERT_RATE * len(rows_m))))
    return flags[rows_m["is_fraud"].to_numpy()]


later = payments[payments["month"] >= 3]
caught_by_month = {int(m): caught_frauds(fraud_model, rows_m) for m, rows_m in later.groupby("month")}
# each month's frauds resampled on their own: the recall of each resample
boot_recall = {m: c[rng.integers(0, len(c), (n_resamples, len(c)))].mean(axis=1) for m, c in caught_by_month.items()}
monthly = pd.DataFrame({
    "frauds": {m: len(c) for m, c in caught_by_month.items()},
    "recall": {m: c.mean() for m, c in caught_by_month.items()},
    "low (5%)": {m: np.percentile(b, 5) for m, b in boot_recall.items()},
    "high (95%)": {m: np.percentile(b, 95) for m, b in boot_recall.items()},
}).rename_axis("month")
first, worst_month = int(monthly.index[0]), int(monthly["recall"].idxmin())
drops = boot_recall[first] - boot_recall[worst_month]
first_pct, worst_pct = round(monthly.loc[first, "recall"] * 100, 1), round(monthly.loc[worst_month, "recall"] * 100, 1)
drop = (first_pct - worst_pct) / 100          # from the rounded ends, so title, prose and record agree
drop_low, drop_high = np.percentile(drops, [5, 95])

# %%
fig, ax = plots.figure()
ax.errorbar(monthly.index, monthly["recall"] * 100,
            yerr=[(monthly["recall"] - monthly["low (5%)"]) * 100, (monthly["high (95%)"] - monthly["recall"]) * 100],
            fmt="o-", color=plots.NEUTRAL, lw=2, capsize=4, label="model recall, 90% bootstrap interval")
ax.axvline(DRIFT_MONTH - 0.5, color=plots.BAD, ls="--", label="new fraud pattern appears")
ax.set_xticks(monthly.index)
ax.set_ylim(0, 100)
plots.finish(ax, title=f"Recall falls {drop * 100:.1f} points, from {first_pct:.1f}% to {worst_pct:.1f}%, "
                       "once the fraud changes",
             xlabel="month of the simulated payments stream",
             ylabel=f"fraud caught at a {ALERT_RATE:.1%} alert rate (%)",
             takeaway="nothing in the code changed; the data did")
plt.show()

# %% tags=["nbval-check-output"]
print(monthly.round(3).to_string())
story.record("recall_drop_after_drift", drop * 100, label="Recall lost after the fraud pattern changed",
             fmt="{:.1f} points")
story.record("recall_drop_interval", [float(drop_low) * 100, float(drop_high) * 100],
             label="Recall lost, 90% bootstrap interval", fmt="{0[0]:.0f} to {0[1]:.0f} points")
story.md(
    f"Month {first} recall is **{first_pct:.1f}%** of {monthly.loc[first, 'frauds']} frauds; "
    f"month {worst_month} recall is **{worst_pct:.1f}%** of "
    f"{monthly.loc[worst_month, 'frauds']}: a drop of **{drop * 100:.1f} points** (90% bootstrap interval "
    f"{drop_low * 100:.0f} to {drop_high * 100:.0f} points). The model was trained on labels as known on day "
    f"{PATIENT_WAIT_DAYS} after month 2 ended, when {patient_share:.0%} of its training fraud had a chargeback.")

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
    f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f} points |\n"
    f"| And next month? | the fraud model's recall fell {drop * 100:.1f} points (90% interval "
    f"{drop_low * 100:.0f} to {drop_high * 100:.0f}) when the data moved |")

# %% [markdown]
# **Exercise 1.** How wide is the 90% bootstrap interval of the churn model's accuracy, in
# **percentage points**? Use the array `boot`.

# %%
q1, q2, q3 = nb00.bind(boot=boot, by_cohort=by_cohort)
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = (np.percentile(boot, 95) - np.percentile(boot, 5)) * 100
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(q1_answer / 100)
assert q1.check(____).correct is None

# %% [markdown]
# **Exercise 2.** For which cohort of `by_cohort` is the model least accurate? Answer with the
# cohort's name, as it appears in the table.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = by_cohort["accuracy"].idxmin()
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(by_cohort["accuracy"].idxmax())
assert q2.check(____).correct is None

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
# on the same resamples:

# %%
boosted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="boosting", seed=SEED)
boosted_right = boosted.predict(churn_test[features]) == churn_test["churn"].to_numpy()
boosted_accuracy = float(boosted_right.mean())
model_gap, model_gap_low, model_gap_high = paired_gap(boosted_right, right, idx)

# %% [markdown]
# **Feedback loop and data quality together: label delay.** The model above waited for the
# chargebacks. A hasty team that retrains on the first day of month 3 trains on the labels known
# *that day*: most month-2 fraud still looks legitimate. Both models then meet the same month-3
# frauds, so the recall gap gets a paired interval.

# %%
train_as_known = train.assign(label_then=scenarios.labels_as_of(train, month3_day1).to_numpy())
hasty_model = models.fit_fraud_model(train_as_known, target="label_then", seed=SEED, max_iter=60)
month3 = payments[payments["month"] == 3]
caught_patient, caught_hasty = caught_frauds(fraud_model, month3), caught_frauds(hasty_model, month3)
recall_final, recall_hasty = float(caught_patient.mean()), float(caught_hasty.mean())
delay_cost, delay_low, delay_high = paired_gap(caught_patient, caught_hasty)
known_share = float(train_as_known.loc[train["is_fraud"], "label_then"].mean())

# %% tags=["nbval-check-output"]
pd.DataFrame({
    "ingredient": ["model choice", "data quality", "feedback loop"],
    "what we changed": ["logistic -> boosting (churn)", "wait for chargebacks -> retrain at once",
                        "wait for chargebacks -> retrain the day a month ends"],
    "measured as": ["accuracy", "share of training fraud labelled", "month-3 recall"],
    "before": [f"{accuracy:.1%}", f"{patient_share:.1%}", f"{recall_final:.1%}"],
    "after": [f"{boosted_accuracy:.1%}", f"{known_share:.1%}", f"{recall_hasty:.1%}"],
    "change, points (90% interval)": [
        f"{model_gap * 100:+.1f} ({model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f})",
        f"{(known_share - patient_share) * 100:+.1f} (a count of the training data: no sampling error)",
        f"{-delay_cost * 100:+.1f} ({-delay_high * 100:+.1f} to {-delay_low * 100:+.1f})"],
}).set_index("ingredient")

# %%
story.record("label_delay_recall_cost", delay_cost * 100,
             label="Recall lost by training before the chargebacks arrive", fmt="{:.0f} points")
story.record("label_delay_cost_interval", [delay_low * 100, delay_high * 100],
             label="Recall lost to label delay, 90% paired bootstrap", fmt="{0[0]:.0f} to {0[1]:.0f} points")
story.record("boosting_gain_interval", [model_gap * 100, model_gap_low * 100, model_gap_high * 100],
             label="Boosted minus logistic accuracy (90% paired bootstrap)",
             fmt="{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})")
delay_word = ("costs recall" if delay_low > 0 else "gains recall" if delay_high < 0
              else "cannot yet be told apart from waiting")
story.md(
    f"Switching model family moved churn accuracy from **{accuracy:.1%}** to **{boosted_accuracy:.1%}** on the "
    f"same customers without touching the data: **{model_gap * 100:+.1f} points** (90% paired bootstrap interval "
    f"{model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f}), from one training run on one split. Retraining "
    f"on the first day of month 3 means only **{known_share:.0%}** of the training fraud is labelled (against "
    f"{patient_share:.0%} after waiting); the model learns that the rest was legitimate, and its month-3 recall "
    f"is **{recall_hasty:.0%}** instead of **{recall_final:.0%}** of {len(caught_patient)} frauds: "
    f"**{delay_cost * 100:.0f} points** (90% paired bootstrap interval {delay_low * 100:.0f} to "
    f"{delay_high * 100:.0f}). On this run, retraining at once **{delay_word}**. Same code, same model: "
    "different data, different product.")

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

# %% [markdown]
# **Exercise 3.** A sales lead wants to tell a client "the churn model is 87% accurate" with no
# further detail. Which of the six jobs is this about?

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = "expectation management"
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check("experiment design")
assert q3.check(____).correct is None

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
# the scenario's knobs. Change one (say `DRIFT_MONTH = 3` or `LABEL_DELAY_DAYS = 90`) and re-run the
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
# **Facts.** Lines starting with **Recorded ·** are facts the notebook records for the course index and the
# portfolio write-ups; they are read back from the executed notebook, so they always match it.

# %% [markdown]
# ## What to take away
#
# - A deterministic check passes or fails; a model has a rate, a range, and a different rate for
#   each cohort and each month.
# - Ask of every model: how often, for whom, with what confidence, and what happens when the data
#   moves; and put the trivial baseline beside every number, overall and in each cohort.
# - Code is one ingredient; model choice, data quality and feedback loops moved the numbers above
#   far more than any line of code.
