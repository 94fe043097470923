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
# is most of the AI product manager's work. This notebook makes it tangible with a real churn table
# and a simulated payments business, then shows how the rest of the course works.
#
# **You will be able to**
#
# - tell a deterministic check from a probabilistic one, and say why "it's 87% accurate" is not a
#   specification;
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
ALERT_RATE = 0.025           # share of transactions the review team can check

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from aipm_kit import data, models, plots, scenarios, story
from aipm_kit.exercises import ____, nb00

pd.set_option("display.width", 120)
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
# Now a model. The real telecom churn table (5,000 customers) and a logistic regression trained on
# 70% of them, scored on the other 30%:

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
# One number, but not a fixed one. The held-out customers are one sample of the customers the
# model will meet. Resampling them (the bootstrap) shows how far that number could move on another
# sample of the same size:

# %%
rng = np.random.default_rng(SEED)
idx = rng.integers(0, len(right), size=(n_resamples, len(right)))
boot = right[idx].mean(axis=1)
low, high = np.percentile(boot, [5, 95])

fig, ax = plots.figure()
ax.hist(boot * 100, bins=30, color=plots.NEUTRAL, alpha=0.8)
ax.axvspan(low * 100, high * 100, color=plots.ACCENT, alpha=0.2, label="90% of resamples")
plots.finish(ax, title=f"The same model scores anywhere from {low:.1%} to {high:.1%} on a new sample",
             xlabel="accuracy on a resample of the test customers (%)",
             ylabel=f"resamples (of {n_resamples})",
             takeaway="quote a range, not a point: the point estimate alone overstates what you know")
plt.show()

# %%
interval = story.record("accuracy_interval", [float(low), float(high)], label="Accuracy, 90% bootstrap interval",
                        fmt="{0[0]:.1%} to {0[1]:.1%}")

# %% [markdown]
# **For whom?** The same model, on different cohorts of customers. Each row has its own bootstrap
# interval: small cohorts have wide ones.

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
    resampled = hits[rng.integers(0, len(hits), size=(n_resamples, len(hits)))].mean(axis=1)
    rows.append({"cohort": name, "customers": int(mask.sum()), "accuracy": hits.mean(),
                 "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95)})
by_cohort = pd.DataFrame(rows).set_index("cohort")

# %% tags=["nbval-check-output"]
print(by_cohort.round(3))

# %%
worst = by_cohort["accuracy"].idxmin()
story.record("accuracy_worst_cohort", float(by_cohort.loc[worst, "accuracy"]),
             label=f"Accuracy on the worst cohort ({worst})", fmt="{:.1%}")
story.md(
    f"Overall the model is right **{accuracy:.0%}** of the time, but for customers with "
    f"**{worst}** it is right only **{by_cohort.loc[worst, 'accuracy']:.0%}** of the time "
    f"(90% interval {by_cohort.loc[worst, 'low (5%)']:.0%} to {by_cohort.loc[worst, 'high (95%)']:.0%}). "
    "Those are the customers a retention team most wants to get right.")

# %% [markdown]
# **When?** Models meet a moving world. A fraud model is trained on the first two months of a
# simulated payments business; in month 4 a new fraud pattern appears. Each month the review team
# checks the same share of transactions, the ones the model scores highest.

# %%
payments = scenarios.make_payments(n_transactions, seed=SEED, drift_month=DRIFT_MONTH,
                                   label_delay_days=LABEL_DELAY_DAYS, incident=False)
train = payments[payments["month"] <= 2]
fraud_model = models.fit_fraud_model(train, target="label_observed", seed=SEED, max_iter=60)


def recall_by_month(model, frame):
    out = {}
    for month, rows_m in frame.groupby("month"):
        flags = models.flag_top(models.fraud_scores(model, rows_m), int(round(ALERT_RATE * len(rows_m))))
        out[int(month)] = scenarios.alert_outcome(rows_m, flags).recall
    return pd.Series(out, name="recall")


monthly = recall_by_month(fraud_model, payments[payments["month"] >= 3])

# %%
fig, ax = plots.figure()
ax.plot(monthly.index, monthly.values * 100, "o-", color=plots.NEUTRAL, lw=2, label="model recall")
ax.axvline(DRIFT_MONTH - 0.5, color=plots.BAD, ls="--", label="new fraud pattern appears")
ax.set_xticks(monthly.index)
plots.finish(ax, title=f"Recall falls from {monthly.iloc[0]:.0%} to {monthly.min():.0%} once the fraud changes",
             xlabel="month of the payments stream", ylabel=f"fraud caught at a {ALERT_RATE:.1%} alert rate (%)",
             takeaway="nothing in the code changed; the data did")
plt.show()

# %% tags=["nbval-check-output"]
print(monthly.round(3).to_string())
drop = story.record("recall_drop_after_drift", float(monthly.iloc[0] - monthly.min()),
                    label="Recall lost after the fraud pattern changed", fmt="{:.1%}")

# %% [markdown]
# So the three questions every AI feature must answer, for this churn model:

# %%
story.md(
    "| question | answer from this run |\n|---|---|\n"
    f"| How often is it right? | {accuracy:.1%} of held-out customers |\n"
    f"| For whom? | from {by_cohort['accuracy'].min():.0%} ({worst}) to {by_cohort['accuracy'].max():.0%} "
    f"({by_cohort['accuracy'].idxmax()}) |\n"
    f"| With what confidence? | 90% of resamples between {low:.1%} and {high:.1%} |\n"
    f"| And next month? | the fraud model's recall moved by {drop * 100:.0f} points when the data moved |")

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
# One of each, measured. **Model choice**: the churn pattern is not linear (heavy daytime users
# *and* many service calls), so a boosted model does much better than the logistic regression.

# %%
boosted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="boosting", seed=SEED)
boosted_accuracy = float((boosted.predict(churn_test[features]) == churn_test["churn"].to_numpy()).mean())

# %% [markdown]
# **Feedback loop and data quality together: label delay.** A fraud is only known when its
# chargeback arrives, about a month later on average. A team that retrains on the first day of
# month 3 trains on the labels known *that day*: most month-2 fraud still looks legitimate.

# %%
retrain_day = payments.attrs["scenario"].start + pd.DateOffset(months=2)
train_as_known = train.assign(label_then=scenarios.labels_as_of(train, retrain_day).to_numpy())
hasty_model = models.fit_fraud_model(train_as_known, target="label_then", seed=SEED, max_iter=60)
month3 = payments[payments["month"] == 3]
n_alerts3 = int(round(ALERT_RATE * len(month3)))
recall_final = scenarios.alert_outcome(month3, models.flag_top(models.fraud_scores(fraud_model, month3), n_alerts3)).recall
recall_hasty = scenarios.alert_outcome(month3, models.flag_top(models.fraud_scores(hasty_model, month3), n_alerts3)).recall
known_share = float(train_as_known.loc[train["is_fraud"], "label_then"].mean())

# %% tags=["nbval-check-output"]
ingredients = pd.DataFrame({
    "ingredient": ["model choice", "data quality", "feedback loop"],
    "what we changed": ["logistic -> boosting (churn)", "labels known on retraining day vs settled labels",
                        "retrain the day a month ends vs wait for chargebacks"],
    "before": [accuracy, 1.0, recall_final],
    "after": [boosted_accuracy, known_share, recall_hasty],
    "measured as": ["accuracy", "share of training fraud labelled", "month-3 recall"],
}).set_index("ingredient")
print(ingredients.round(3).to_string())

# %%
story.record("label_delay_recall_cost", float(recall_final - recall_hasty),
             label="Recall lost by training before the chargebacks arrive", fmt="{:.1%}")
story.md(
    f"Switching model family moved churn accuracy from **{accuracy:.1%}** to **{boosted_accuracy:.1%}** "
    f"without touching the data. Retraining on the first day of month 3 means only **{known_share:.0%}** of "
    f"the training fraud is labelled; the model learns that the rest was legitimate, and its month-3 recall "
    f"is **{recall_hasty:.0%}** instead of **{recall_final:.0%}**. Same code, same model: different data, "
    "different product.")

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
# (later hints give more away), or the worked solution:

# %%
q1.hint()

# %%
q1.hint(2)

# %%
# The worked answer, when you want it: delete the "# " below and run the cell.
# q1.solution()

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
#   moves.
# - Code is one ingredient; model choice, data quality and feedback loops moved the numbers above
#   far more than any line of code.
