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
# # 01 · Should we use AI at all?
#
# Lifecycle stage 1. A payments company wants to "do something about fraud", and a telecom wants
# to "reduce churn". Before anyone trains a model, a PM has to answer one question with numbers:
# is a model worth building here, or does a rule do the job?
#
# **You will be able to**
#
# - turn a vague goal into a prediction target with a horizon and an action;
# - test whether a simple segment rule already does the job (prediction vs segmentation);
# - check feasibility: do labels exist, how late do they arrive, is there enough data;
# - measure a hand rule and a model on the same data at the same alert volume, in the unit the
#   business is paid in, on a simulated payments business and on real telecom churn data;
# - cost both options, run the 80/20 test and take decision gate 1.
#
# **Time:** 60 minutes
#
# **PM job:** expectation management and technical-to-business translation (with a first look
# at data strategy: labels and their delay).

# %% tags=["parameters"]
SEED = 42
FAST = False
# The simulated business (aipm_kit.scenarios.make_payments)
N_TRANSACTIONS = 30_000          # simulated transactions over three months
FRAUD_RATE = 0.02                # share of transactions that are fraud
LABEL_DELAY_DAYS = 30.0          # mean chargeback delay, in days
# Operations and money (editable assumptions)
ALERT_RATE = 0.025               # share of transactions the review team can check
TRANSACTIONS_PER_MONTH = 50_000   # the real business's monthly volume (scales the sample's value)
INCIDENT_COST = 40.0             # $ per fraud on top of its amount (chargeback fee, handling)
REVIEW_COST_PER_ALERT = 4.0      # $ of analyst time per alert reviewed
RULE_BUILD_COST = 10_000.0       # $ to write, test and ship the rule
RULE_RUN_COST_PER_MONTH = 1_500.0     # $ a month to keep the rule tuned
MODEL_BUILD_COST = 150_000.0     # $ to build the model, its pipeline and its monitoring
MODEL_RUN_COST_PER_MONTH = 12_000.0   # $ a month: serving, retraining, monitoring, on-call
# Gate 1's lines (each sampled criterion is decided on its 90% interval)
MIN_MISSED_COST_CUT = 0.25       # the model must cut the cost of the fraud the tuned rule misses by this share
MIN_LABELLED_60D = 0.80          # share of fraud labelled within 60 days, for monthly retraining
MIN_HALF_DATA_SHARE = 0.85       # half the training data must give this share of the full data's recall
# Your call: the write-up quotes these words as yours (empty: the kit's suggestion, marked as such)
MY_DECISION = ""                 # your decision, its reasons and what would change your mind
MY_LIMITATIONS = ""              # what this analysis cannot tell you, in your words

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from aipm_kit import data, gates, metrics, models, plots, scenarios, story
from aipm_kit.exercises import ____, nb01

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)
pd.set_option("display.max_colwidth", None)  # table cells are shown whole, never cut with "..."

n_transactions = 15_000 if FAST else N_TRANSACTIONS
payments = scenarios.make_payments(n_transactions, seed=SEED, months=3, fraud_rate=FRAUD_RATE,
                                   label_delay_days=LABEL_DELAY_DAYS, drift_month=None, incident=False)
train, test = scenarios.split_by_time(payments, train_months=[1, 2], test_months=[3])
story.md(f"The simulated business: **{len(payments):,}** card and transfer transactions over three "
         f"months, **{payments['is_fraud'].mean():.2%}** of them fraud. Months 1-2 "
         f"(**{len(train):,}** rows) are for building; month 3 (**{len(test):,}** rows) is the test "
         "nobody looks at until the end.")

# %% [markdown]
# ## 1. From a vague goal to a prediction target
#
# "Reduce churn" and "stop fraud" are goals, not things a model can predict. A prediction target
# names **who or what** is scored, **what event** is predicted, **over which horizon**, and **which
# action** the prediction triggers, with the confidence that action needs. The table sharpens the
# two goals of this notebook.

# %%
targets = pd.DataFrame(
    {
        "vague goal": ["Reduce churn", "Stop fraud"],
        "unit scored": ["each active subscriber, every Monday", "each transaction, before it settles"],
        "event predicted": ["cancels the contract", "is charged back as fraud"],
        "horizon": ["within the next 30 days", "at any time (chargebacks arrive weeks later)"],
        "action triggered": ["a retention offer, if the risk is high enough to pay for it",
                             "hold for analyst review, within the team's daily capacity"],
    }
).set_index("vague goal")
targets

# %% [markdown]
# The horizon is what makes a target checkable: "will cancel in the next 30 days" can be scored
# against what happens 30 days later; "will churn" never can. The real churn data used below shows
# the problem: its datasheet says the label has no date or horizon.

# %%
churn = data.load_churn()
print(churn.attrs["datasheet"])

# %% [markdown]
# **Exercise 1.** Which of these is a prediction target a team can build and evaluate?

# %%
q1, q2, q3 = nb01.bind(payments=payments, train=train, test=test)
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = "c"
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check("a")
assert q1.check(____).correct is None

# %% [markdown]
# ## 2. Prediction or segmentation? Could a segment rule do the job?
#
# Before predicting individuals, look at segments. If one or two segments hold most of the
# churners, a rule ("call everyone with an international plan") is cheaper, easier to explain and
# needs no pipeline. Hold out 30% of the customers first, so the rule is designed on the other 70%
# and measured, like the models, on customers it has never seen. Churn rate by the two segments a
# telecom knows best, on the design part only:

# %% tags=["nbval-check-output"]
from sklearn.model_selection import train_test_split

churn_train, churn_test = train_test_split(churn, test_size=0.3, random_state=SEED, stratify=churn["churn"])


def churn_segment(frame):
    """Each customer's segment: plan type and number of service calls."""
    plan = np.where(frame["international_plan"], "international plan", "no international plan")
    calls = np.where(frame["number_customer_service_calls"] >= 4, "4+ service calls", "0-3 service calls")
    return pd.Series(plan, index=frame.index) + ", " + calls


segments = (churn_train.groupby(churn_segment(churn_train))["churn"]
            .agg(customers="size", churn_rate="mean").rename_axis("segment (design customers)"))
base_rate = float(churn_train["churn"].mean())
hot_segments = segments.index[segments["churn_rate"] >= 2 * base_rate].tolist()
print(segments.round(3))
print(f"base churn rate of the design customers: {base_rate:.3f}")

# %%
story.md(
    f"Of {len(churn_train):,} design customers, **{len(hot_segments)}** segments churn at least twice the base rate "
    f"of {base_rate:.0%}: {'; '.join(hot_segments)}. The segment rule flags everyone in them. Measure it against "
    "two models on the held-out customers, each allowed to flag **the same number of customers** (a model can "
    "always \"catch more\" if it may flag more).")

# %%
features = [c for c in churn.columns if c not in ("churn", "state")]


def churn_rule(frame):
    """Flag customers in the segments that churn at least twice the base rate on the design customers."""
    return churn_segment(frame).isin(hot_segments).to_numpy()


rule_flags = churn_rule(churn_test)
n_flag = int(rule_flags.sum())
churn_y = churn_test["churn"].to_numpy().astype(bool)
churn_rows = [("segment rule", rule_flags)]
for kind in ("logistic", "boosting"):
    fitted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind=kind, seed=SEED)
    churn_rows.append((f"{kind} model", models.flag_top(fitted.predict_proba(churn_test[features])[:, 1], n_flag)))
churn_table = pd.DataFrame(
    [{"option": name, "flagged": int(f.sum()), "churners caught": int((f & churn_y).sum()),
      "precision": (f & churn_y).sum() / f.sum(), "recall": (f & churn_y).sum() / churn_y.sum()}
     for name, f in churn_rows]).set_index("option")
# 90% paired bootstrap: resample the held-out customers; every option is scored on the same resample
churn_boot = np.random.default_rng(SEED).integers(0, len(churn_test), size=(200 if FAST else 1_000, len(churn_test)))


def churn_boot_recall(flags):
    return (flags & churn_y)[churn_boot].sum(axis=1) / churn_y[churn_boot].sum(axis=1)


churn_gain_ci = {name: np.percentile(churn_boot_recall(f) - churn_boot_recall(rule_flags), [5, 95])
                 for name, f in churn_rows[1:]}

# %% tags=["nbval-check-output"]
print(churn_table.round(3))
for name, (low, high) in churn_gain_ci.items():
    print(f"{name} recall minus segment rule: 90% interval {low * 100:+.1f} to {high * 100:+.1f} points")

# %%
churn_rule_recall = float(churn_table.loc["segment rule", "recall"])
churn_model_recall = float(churn_table.loc["boosting model", "recall"])
story.record("churn_rule_recall", churn_rule_recall, label="Churn: segment rule recall", fmt="{:.1%}")
story.record("churn_model_recall", churn_model_recall, label="Churn: boosting model recall (same volume)",
             fmt="{:.1%}")
logit_recall = float(churn_table.loc["logistic model", "recall"])


def versus_rule(interval):
    """How an option compares with the rule, from the 90% interval of its recall gain."""
    low, high = interval
    return "better than" if low > 0 else "worse than" if high < 0 else "not clearly different from"


logit_words = versus_rule(churn_gain_ci["logistic model"])
boost_words = versus_rule(churn_gain_ci["boosting model"])
boost_low, boost_high = churn_gain_ci["boosting model"]
beyond_words = ("a pattern the segments cannot express" if boost_low > 0.05
                else "but the evidence does not show a gain of more than 5 points")
story.md(
    f"Flagging the same **{n_flag}** of {len(churn_test):,} held-out customers, the segment rule catches "
    f"**{churn_rule_recall:.0%}** of churners and gradient boosting **{churn_model_recall:.0%}** "
    f"({boost_words} the rule: the gain's 90% interval is {boost_low * 100:+.0f} to {boost_high * 100:+.0f} points), "
    f"{beyond_words}. Logistic regression manages **{logit_recall:.0%}**, {logit_words} the segments. "
    "Whether a better ranking is worth a pipeline depends on what a saved customer is worth: section 5 asks the "
    "same question for fraud.")

# %% [markdown]
# ## 3. Feasibility: labels, their delay, and enough data
#
# **Do labels exist?** For fraud, yes: a fraudulent transaction eventually comes back as a
# chargeback. **How fast?** Chargebacks arrive days to months later. The scenario records when each
# label becomes available, so we can measure how much of the fraud the business knows about
# *d* days after the transaction.

# %%
fraud = payments[payments["is_fraud"]]
delay_days = (fraud["label_available_at"] - fraud["timestamp"]).dt.total_seconds() / 86_400
days = np.arange(0, 121)
known_share = np.array([(delay_days <= d).mean() for d in days])
share_24h = float((delay_days <= 1).mean())
median_delay = float(delay_days.median())
p90_delay = float(delay_days.quantile(0.9))

fig, ax = plots.figure()
ax.plot(days, known_share * 100, color=plots.NEUTRAL, lw=2)
for d in (1, 30, 90):
    share_d = (delay_days <= d).mean()
    ax.axvline(d, color="grey", ls=":", lw=1)
    # labels near the bottom go above the curve, the others below it, so none crosses an axis
    share_text = f"{share_d:.0%}" if share_d >= 0.01 else f"{share_d:.1%}"
    ax.annotate(f"{share_text} known after {d} d", (d, share_d * 100),
                xytext=(4, 8 if share_d < 0.2 else -14), textcoords="offset points", fontsize=9)
ax.set_ylim(0, 105)
plots.finish(ax, title=f"Only {share_24h:.1%} of fraud is known within a day; half takes {median_delay:.0f} days",
             xlabel="days since the transaction", ylabel="fraud labelled so far (%)",
             takeaway="a real-time feedback loop is impossible; monthly retraining on settled months is not")
plt.show()

# %%
story.record("label_share_24h", share_24h, label="Fraud labelled within 24 hours", fmt="{:.1%}")
story.record("label_delay_median_days", median_delay, label="Median chargeback delay (days)", fmt="{:.1f}")
story.md(
    f"With a mean delay of {LABEL_DELAY_DAYS:.0f} days, **{share_24h:.1%}** of fraud is labelled within "
    f"24 hours, half within **{median_delay:.0f} days** and 90% within **{p90_delay:.0f} days**. A model "
    "that learns from yesterday's mistakes overnight cannot exist here: it would see almost none of them. "
    "What *is* feasible is retraining on months whose chargebacks have mostly arrived.")

# %% [markdown]
# **What the business sees on retraining day.** `scenarios.labels_as_of` returns the label as it
# is known on a given date: fraud whose chargeback has not arrived yet still looks legitimate.

# %% tags=["nbval-check-output"]
retrain_day = payments.attrs["scenario"].start + pd.DateOffset(months=2)
known = scenarios.labels_as_of(train, retrain_day)
print(f"retraining day: {retrain_day:%Y-%m-%d}")

# %% [markdown]
# **Exercise 2.** On retraining day (the first day of month 3), what share of the **month-2**
# fraud does the business know about? Compute it from `train`, `retrain_day` and
# `scenarios.labels_as_of`.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
month2 = train[train["month"] == 2]
q2_answer = scenarios.labels_as_of(month2, retrain_day)[month2["is_fraud"]].mean()
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(1 - q2_answer)
assert q2.check(____).correct is None

# %% [markdown]
# Both training months, as the business sees them on retraining day:

# %% tags=["nbval-check-output"]
by_month = pd.DataFrame({"true fraud": train.groupby("month")["is_fraud"].sum(),
                         "known on retraining day": known.groupby(train["month"]).sum()})
by_month["share known"] = by_month["known on retraining day"] / by_month["true fraud"]
print(by_month.round(3))

# %% [markdown]
# **Train only on what is known.** A model fitted on retraining day can only learn from the
# chargebacks that have arrived by then. Every model and every tuned rule below learns from
# `label_known`, the labels as of retraining day; fraud still waiting for its chargeback counts as
# legitimate, exactly as it would in the business's database. The test month is scored later, once
# its own chargebacks are in.

# %%
train = train.assign(label_known=known)
hidden = int((train["is_fraud"] & ~train["label_known"]).sum())
story.md(
    f"On retraining day the training months hold **{int(train['label_known'].sum())}** known frauds; "
    f"**{hidden}** more ({hidden / train['is_fraud'].sum():.0%} of the training fraud) have no chargeback yet "
    f"and are learned as legitimate. Waiting until 90% of month 2's chargebacks are in would take about "
    f"{p90_delay:.0f} days after the month ends (the 90th percentile of the delay), with no model meanwhile.")

# %% [markdown]
# **Is there enough data?** A learning curve: train the model on growing shares of the two
# training months and measure its recall on month 3 at the team's alert budget. One fit per size
# is noise: which rows happen to be drawn moves recall by several points. So each size is fitted on
# several random resamples of the training rows, and each fit is scored on resamples of the test
# month; the spread gives a 90% interval per point. The question is whether half the data already
# gives most of the full data's recall, judged on that interval.

# %%
n_alerts = int(round(ALERT_RATE * len(test)))
truth = test["is_fraud"].to_numpy()
amount = test["amount"].to_numpy()
rng = np.random.default_rng(SEED)
boot = rng.integers(0, len(test), size=(100 if FAST else 400, len(test)))  # resamples of the test month
boot_frauds = truth[boot].sum(axis=1)


def boot_recall(flags):
    """Recall on each resample of the test month (the same resamples for every option: paired)."""
    return (np.asarray(flags, dtype=bool) & truth)[boot].sum(axis=1) / boot_frauds


shares = [0.25, 0.5, 1.0] if FAST else [0.125, 0.25, 0.5, 1.0]
repeats = 4 if FAST else 8
curve, curve_boot = [], []
for i, share in enumerate(shares):
    size = int(round(share * len(train)))
    fits = []
    for r in range(repeats):
        part = train.sample(n=size, replace=True, random_state=SEED + 100 * i + r)
        fitted = models.fit_fraud_model(part, target="label_known", seed=SEED + r, max_iter=60)
        fits.append(models.flag_top(models.fraud_scores(fitted, test), n_alerts))
    fits = np.array(fits)
    paired = np.take_along_axis(fits[np.arange(len(boot)) % repeats], boot, axis=1)  # fit r on resample b
    curve_boot.append((paired & truth[boot]).sum(axis=1) / boot_frauds)
    low, high = np.percentile(curve_boot[-1], [5, 95])
    curve.append({"training rows": size, "known frauds in training": round(share * train["label_known"].sum()),
                  "recall": (fits & truth).sum(axis=1).mean() / truth.sum(), "low (90%)": low, "high (90%)": high})
curve = pd.DataFrame(curve)
half_ratio = float(curve["recall"].iloc[-2] / curve["recall"].iloc[-1])
half_ratio_ci = np.percentile(curve_boot[-2] / curve_boot[-1], [5, 95])
fraud_model = models.fit_fraud_model(train, target="label_known", seed=SEED, max_iter=60)

# %% tags=["nbval-check-output"]
print(curve.round(3).to_string(index=False))
print(f"half the data / all of it: {half_ratio:.2f} (90% interval {half_ratio_ci[0]:.2f} to {half_ratio_ci[1]:.2f})")

# %%
enough = gates.criterion("Enough data: half the training data gives this share of the full data's recall",
                         half_ratio, ">=", MIN_HALF_DATA_SHARE, interval=tuple(half_ratio_ci),
                         evidence=f"learning curve, {repeats} training resamples per size, 90% bootstrap over the "
                         "test month", fmt="{:.0%}",
                         settle="more repeats and a longer test month narrow the interval; so would month 2's "
                         "missing chargebacks")
curve_takeaway = {
    "pass": "even the low end of the interval clears the line: data volume is not the bottleneck",
    "fail": "even the high end misses the line: recall is still climbing, more labels would pay",
    "inconclusive": "the intervals overlap: these data cannot tell a flat curve from a climbing one",
}[enough.status]
fig, ax = plots.figure()
ax.errorbar(curve["known frauds in training"], curve["recall"] * 100,
            yerr=[(curve["recall"] - curve["low (90%)"]) * 100, (curve["high (90%)"] - curve["recall"]) * 100],
            fmt="o-", color=plots.NEUTRAL, lw=2, capsize=4)
ax.set_xscale("log")
ax.set_xticks(curve["known frauds in training"], [f"{n:,}" for n in curve["known frauds in training"]])
ax.minorticks_off()
ax.set_ylim(0, 100)
plots.finish(ax, title=(f"Half the data gives {half_ratio:.0%} of the full data's recall "
                        f"(90% interval {half_ratio_ci[0]:.0%} to {half_ratio_ci[1]:.0%})"),
             xlabel="known frauds in the training data (log scale)",
             ylabel=f"recall on month 3 at {n_alerts} alerts (%)",
             takeaway=f"bars are 90% intervals; {curve_takeaway}")
plt.show()

# %% [markdown]
# ## 4. Baseline first: the hand rule against the model
#
# The fraud team's rule of thumb is "flag amounts over \$5,000 from accounts younger than 30
# days", on any kind of transaction (`scenarios.hand_rule`). Measure it on the test month (your
# turn first, in Exercise 3), then the model on the **same month at the same number of alerts**.

# %%
hand = scenarios.alert_outcome(test, scenarios.hand_rule(test), name="hand rule ($5,000 / 30 days)")
scores = models.fraud_scores(fraud_model, test)
model_at_hand = scenarios.alert_outcome(test, models.flag_top(scores, hand.alerts),
                                        name="model, same alerts as the hand rule")

# %% [markdown]
# **Exercise 3.** What is the hand rule's recall on the test month: the share of all month-3
# fraud it flags? Compute it from `test` with `scenarios.hand_rule`.

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
flags = scenarios.hand_rule(test)
q3_answer = (flags & test["is_fraud"]).sum() / test["is_fraud"].sum()
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(hand.precision)
assert q3.check(____).correct is None

# %% [markdown]
# The hand rule and the model at the hand rule's volume, side by side:

# %% tags=["nbval-check-output"]
print(pd.concat([hand.to_frame(), model_at_hand.to_frame()])[["alerts", "caught", "precision", "recall"]].round(3))

# %% [markdown]
# The hand rule raises few alerts, so at its volume both options catch only a small share of the
# fraud. But the review team can check far more alerts than the rule raises. The fair question is what
# each option does **with the team's whole alert budget**. For the rule that means tuning its two
# thresholds on the training months (`scenarios.tune_hand_rule`, on the labels known on retraining
# day), exactly as the model is fitted on them. A rule cannot promise its alert volume on a new
# month: if it fires more often than the team can review, the team reviews its largest amounts
# first, and every option gets that same number of alerts.

# %%
choice = scenarios.tune_hand_rule(train, max_alert_rate=ALERT_RATE, target="label_known")
rule_fires = scenarios.hand_rule(test, min_amount=choice.min_amount,
                                 max_account_age_days=choice.max_account_age_days).to_numpy()
volume = min(n_alerts, int(rule_fires.sum()))
rule_flags = models.flag_top(np.where(rule_fires, amount, -1.0), volume)  # the largest flagged amounts first
rule = scenarios.alert_outcome(test, rule_flags, name="tuned rule")
model = scenarios.alert_outcome(test, models.flag_top(scores, volume), name="unweighted model")
over_budget = (f"more than the {n_alerts} the team can review, so the team reviews its {volume} largest"
               if rule_fires.sum() > n_alerts else f"within the team's budget of {n_alerts}")
print(f"Tuned rule: amounts over ${choice.min_amount:,.0f} from accounts younger than "
      f"{choice.max_account_age_days} days (on the training months: alert rate {choice.alert_rate:.2%}, "
      f"recall {choice.recall:.1%} of the known fraud).")
print(f"In the test month it fires on {int(rule_fires.sum())} transactions ({rule_fires.mean():.2%}), {over_budget}.")
print(f"Every option below gets {volume} alerts.")

# %% tags=["nbval-check-output"]
comparison = pd.concat([hand.to_frame(), rule.to_frame(), model.to_frame()])
print(comparison[["alerts", "caught", "missed", "precision", "recall", "amount_recall"]].round(3))

# %%
unweighted_flags = models.flag_top(scores, volume)
model_ci = np.percentile(boot_recall(unweighted_flags), [5, 95])
rule_ci = np.percentile(boot_recall(rule_flags), [5, 95])
gain = model.recall - rule.recall
gain_ci = np.percentile(boot_recall(unweighted_flags) - boot_recall(rule_flags), [5, 95])
story.md(
    f"With **{volume}** alerts in the month (the rule tuned to amounts over "
    f"${choice.min_amount:,.0f} from accounts younger than {choice.max_account_age_days} days), the model "
    "(trained the usual way, every transaction counting the same) "
    f"catches **{model.recall:.0%}** of fraud cases (90% interval {model_ci[0]:.0%} to {model_ci[1]:.0%}) and "
    f"the tuned rule **{rule.recall:.0%}** ({rule_ci[0]:.0%} to {rule_ci[1]:.0%}): **{gain * 100:+.1f} points** "
    f"for the model, with a 90% paired bootstrap interval of {gain_ci[0] * 100:+.1f} to {gain_ci[1] * 100:+.1f} "
    f"points. In dollars, the rule stops **{rule.amount_recall:.1%}** of the fraud amount "
    f"and the model **{model.amount_recall:.1%}**. Which frauds does each one find that the other misses?")

# %% tags=["nbval-check-output"]
found = pd.Series(np.select([unweighted_flags & rule_flags, unweighted_flags, rule_flags],
                            ["both", "only the model", "only the rule"], "neither"), index=test.index)
frauds_found = (test[truth].assign(found_by=found[truth])
                .groupby("found_by")
                .agg(frauds=("amount", "size"), median_amount=("amount", "median"), total_amount=("amount", "sum"),
                     top_category=("merchant_category", lambda c: c.astype(str).value_counts().index[0])))
print(frauds_found.round(0))

# %%
only = frauds_found.reindex(["only the model", "only the rule"]).fillna(
    {"frauds": 0, "median_amount": 0.0, "total_amount": 0.0, "top_category": "none"})
story.md(
    f"The **{only.loc['only the model', 'frauds']:.0f}** frauds only the model finds have a median amount of "
    f"**${only.loc['only the model', 'median_amount']:,.0f}** (most often {only.loc['only the model', 'top_category']}); "
    f"the **{only.loc['only the rule', 'frauds']:.0f}** only the rule finds, "
    f"**${only.loc['only the rule', 'median_amount']:,.0f}** (most often {only.loc['only the rule', 'top_category']}). "
    "Cases and dollars can rank the two options differently: the next step decides which unit counts.")

# %% [markdown]
# ### Optimise for what the business values
#
# The model above was trained to get as many fraud **cases** right as it can: a 3-dollar card test
# and a 9,000-dollar transfer count the same. The business does not lose cases, it loses **dollars**
# (plus a fixed incident cost per fraud). Telling the model so is one line: a `sample_weight` per
# training row. Each known fraud is weighted by what it costs, its amount plus `INCIDENT_COST`,
# divided by the average known fraud's cost; other rows keep weight 1. Dividing by the average
# keeps fraud as a whole exactly as important as before (raw dollars would make fraud count
# hundreds of times more and flood the top of the ranking with anything vaguely odd), so the
# weights only move the model's attention from cheap frauds to expensive ones. Same data, same
# labels known on retraining day, same features, same alert budget, one extra fit.

# %%
observed = train["label_known"].to_numpy()
fraud_cost = train["amount"].to_numpy() + INCIDENT_COST
cost_weight = np.where(observed, fraud_cost / fraud_cost[observed].mean(), 1.0)
cost_model = models.fit_fraud_model(train, target="label_known", seed=SEED, max_iter=60,
                                    sample_weight=cost_weight)
cost_scores = models.fraud_scores(cost_model, test)
cost_sensitive = scenarios.alert_outcome(test, models.flag_top(cost_scores, volume),
                                         name="cost-sensitive model")
test_cost = truth * (amount + INCIDENT_COST)  # what each test transaction costs if its fraud gets through


def value_by_row(flags):
    """$ each transaction contributes in the sample month: fraud stopped (amount + incident cost) minus review time."""
    flags = np.asarray(flags, dtype=bool)
    return np.where(flags, test_cost - REVIEW_COST_PER_ALERT, 0.0)


option_flags = {"tuned rule": rule_flags, "unweighted model": unweighted_flags,
                "cost-sensitive model": models.flag_top(cost_scores, volume)}
option_outcomes = {"tuned rule": rule, "unweighted model": model, "cost-sensitive model": cost_sensitive}
three = pd.DataFrame(
    [{"option": name, "alerts": o.alerts, "caught": o.caught, "recall": o.recall,
      "fraud $ stopped": o.caught_amount, "amount_recall": o.amount_recall,
      "value in test month ($)": value_by_row(option_flags[name]).sum()}
     for name, o in option_outcomes.items()]).set_index("option")

# %% tags=["nbval-check-output"]
print(three.round({"recall": 3, "amount_recall": 3, "fraud $ stopped": -2, "value in test month ($)": -2})
      .astype({"fraud $ stopped": int, "value in test month ($)": int}))

# %%
model_options = ["unweighted model", "cost-sensitive model"]
best_option = max(model_options, key=lambda name: three.loc[name, "value in test month ($)"])
other_option = model_options[1 - model_options.index(best_option)]
unweighted_model = model
model = option_outcomes[best_option]
model_flags = option_flags[best_option]
scores = {"unweighted model": scores, "cost-sensitive model": cost_scores}[best_option]
model_ci = np.percentile(boot_recall(model_flags), [5, 95])
gain = model.recall - rule.recall
gain_ci = np.percentile(boot_recall(model_flags) - boot_recall(rule_flags), [5, 95])
value_gain = three.loc[best_option, "value in test month ($)"] - three.loc[other_option, "value in test month ($)"]


def missed_cost(flags):
    """Cost of the fraud that gets through (amount + incident cost), on each resample of the test month."""
    return (test_cost * ~np.asarray(flags, dtype=bool))[boot].sum(axis=1)


# The unit the model was chosen in: the cost of the fraud that gets through. How much of what the
# rule lets through does the model stop? 1 - (model's missed cost / rule's missed cost).
missed_rule, missed_model = (float((test_cost * ~f).sum()) for f in (rule_flags, model_flags))
missed_cut = 1 - missed_model / missed_rule
missed_cut_ci = np.percentile(1 - missed_cost(model_flags) / missed_cost(rule_flags), [5, 95])
story.md(
    f"At the same **{volume}** alerts the cost-sensitive model catches **{cost_sensitive.caught}** frauds "
    f"({cost_sensitive.recall:.0%}) against **{unweighted_model.caught}** ({unweighted_model.recall:.0%}) for the "
    f"unweighted one, and stops **{cost_sensitive.amount_recall:.1%}** of the fraud dollars against "
    f"**{unweighted_model.amount_recall:.1%}** (the tuned rule: {rule.caught} frauds, {rule.amount_recall:.1%} "
    f"of the dollars). The business is paid in dollars, not cases, so the rest of this notebook compares the "
    f"rule with the **{best_option}**, in dollars: it is worth ${value_gain:,.0f} more than the {other_option} in "
    f"the test month. The tuned rule lets **${missed_rule:,.0f}** of fraud cost through (amounts plus incident "
    f"costs); the {best_option} lets ${missed_model:,.0f} through, a cut of **{missed_cut:.0%}** (90% paired "
    f"bootstrap interval {missed_cut_ci[0]:.0%} to {missed_cut_ci[1]:.0%}). In cases it catches "
    f"{gain * 100:+.1f} points of recall ({gain_ci[0] * 100:+.1f} to {gain_ci[1] * 100:+.1f}). Choosing between "
    "two options on the test month flatters the winner a little; a team with more data would pick on a "
    "validation month.")

# %%
fig, ax = plots.figure()
options = [hand, rule, unweighted_model, cost_sensitive]
labels = ["hand rule\n($5,000 / 30 d)", "tuned rule", "unweighted\nmodel", "cost-sensitive\nmodel"]
ax.bar(labels, [o.caught_amount / 1e3 for o in options], color=plots.GOOD, label="fraud $ stopped")
ax.bar(labels, [o.missed_amount / 1e3 for o in options], bottom=[o.caught_amount / 1e3 for o in options],
       color=plots.BAD, label="fraud $ missed")
total_k = (hand.caught_amount + hand.missed_amount) / 1e3
for i, o in enumerate(options):
    ax.text(i, total_k * 1.02, f"{o.alerts} alerts\n{o.amount_recall:.1%} stopped", ha="center", va="bottom",
            fontsize=9)
ax.set_ylim(0, total_k * 1.22)
ax.set_axisbelow(True)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
plots.finish(ax, title=f"At {volume} alerts the tuned rule stops {rule.amount_recall:.1%} of fraud dollars, "
             f"the {best_option} {model.amount_recall:.1%}",
             xlabel="option (test month)", ylabel="fraud in the test month ($ thousands)",
             takeaway=f"the written rule, with {hand.alerts} alerts, stops {hand.amount_recall:.0%}; at {volume} alerts "
             f"the other three stop {min(o.amount_recall for o in options[1:]):.1%} to "
             f"{max(o.amount_recall for o in options[1:]):.1%}", legend=False)
story.record_figure("before_after", fig, caption=(
    f"Fraud dollars stopped and missed in the test month (simulated): hand rule {hand.amount_recall:.0%} with "
    f"{hand.alerts} alerts; at {volume} alerts each, tuned rule {rule.amount_recall:.1%}, unweighted model "
    f"{unweighted_model.amount_recall:.1%}, cost-sensitive model {cost_sensitive.amount_recall:.1%}."))
plt.close(fig)

# %% [markdown]
# ## 5. What each option costs, and the 80/20 test
#
# Value first: every fraud caught saves its amount plus the incident cost, every alert costs
# analyst time. The sample month is scaled up to the business's real volume. Costs are
# assumptions: change them in the parameters cell and re-run. The `model` row is the model
# option chosen above (the one worth more in dollars).

# %%
scale = TRANSACTIONS_PER_MONTH / len(test)
costs = pd.DataFrame(
    {"value per month": [scale * value_by_row(rule_flags).sum(), scale * value_by_row(model_flags).sum()],
     "build cost": [RULE_BUILD_COST, MODEL_BUILD_COST],
     "run cost per month": [RULE_RUN_COST_PER_MONTH, MODEL_RUN_COST_PER_MONTH]},
    index=pd.Index(["tuned rule", "model"], name="option"))
costs["first-year cost"] = costs["build cost"] + 12 * costs["run cost per month"]
costs["first-year net value"] = 12 * costs["value per month"] - costs["first-year cost"]
net_rule, net_model = costs["first-year net value"]
extra_net = net_model - net_rule
extra_cost = costs.loc["model", "first-year cost"] - costs.loc["tuned rule", "first-year cost"]
value_share = costs.loc["tuned rule", "value per month"] / costs.loc["model", "value per month"]
cost_share = costs.loc["tuned rule", "first-year cost"] / costs.loc["model", "first-year cost"]
# How sure are we? The same paired resamples of the test month as for recall.
rule_value_boot, model_value_boot = (value_by_row(f)[boot].sum(axis=1) for f in (rule_flags, model_flags))
extra_net_ci = np.percentile(12 * scale * (model_value_boot - rule_value_boot), [5, 95]) - extra_cost
value_share_ci = np.percentile(rule_value_boot / model_value_boot, [5, 95])

# %% tags=["nbval-check-output"]
print((costs / 1_000).round(1).rename(columns=lambda c: c + " ($k)").T)
print(f"model option: {best_option}")
print(f"rule's share of the model's value: {value_share:.3f} (90% interval {value_share_ci[0]:.3f} to "
      f"{value_share_ci[1]:.3f}); of its cost: {cost_share:.3f}")

# %%
if value_share_ci[0] >= 0.8 and cost_share <= 0.2:
    pareto = "It passes, even at the low end of the interval: ship the rule first; it is the baseline any model must beat. "
elif value_share_ci[1] < 0.8 or cost_share > 0.2:
    pareto = "It fails: the rule's share of the value is too small for its share of the cost. "
else:
    pareto = "It is not settled: the interval of the rule's share of the value straddles 80%. "
story.md(
    f"**The 80/20 test** (against the {best_option}). The tuned rule delivers **{value_share:.0%}** of the "
    f"model's monthly value (90% interval {value_share_ci[0]:.0%} to {value_share_ci[1]:.0%}) for "
    f"**{cost_share:.0%}** of its first-year cost. " + pareto
    + f"Over the first year the model's net value differs from the rule's by **${extra_net / 1e3:+,.0f}k** after "
    f"its extra ${extra_cost / 1e3:,.0f}k of build and running cost, with a 90% interval of "
    f"**${extra_net_ci[0] / 1e3:+,.0f}k to ${extra_net_ci[1] / 1e3:+,.0f}k**: a few large frauds caught "
    "by one option and not the other move the total a lot.")

# %% [markdown]
# **Exercise 4.** Using the `costs` table, what share of the model's **first-year net value**
# does the tuned rule achieve (rule net value divided by model net value)?

# %%
q4 = nb01.bind_costs(costs=costs)
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = costs.loc["tuned rule", "first-year net value"] / costs.loc["model", "first-year net value"]
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(cost_share)
assert q4.check(____).correct is None

# %% [markdown]
# ## 6. Decision gate 1
#
# Go only if the model finds, in dollars, a pattern beyond the tuned rule; quality labels arrive
# in time to learn from; there is enough data; and the model's extra value covers its upkeep.
# Every criterion here rests on a sample (one test month, three months of chargeback delays), so each
# is decided on its 90% interval: pass when the whole interval clears the line, fail when it all
# misses, "not yet" otherwise. The lines sit in the parameters cell and were set before looking at
# the test month: the model must cut the cost of the fraud the rule lets through by at least a
# quarter (`MIN_MISSED_COST_CUT`), at least 80% of fraud must be labelled within 60 days, and
# half the training data must give at least 85% of the full data's recall.

# %%
n_fraud = len(delay_days)
labelled_60d = int((delay_days <= 60).sum())
share_60d = labelled_60d / n_fraud
share_60d_ci = metrics.wilson_interval(labelled_60d, n_fraud, confidence=0.90)
money = "${:,.0f}"
gate = gates.Gate("Gate 1: build a fraud model?", [
    gates.criterion("Pattern beyond rules: cut in the cost of fraud the tuned rule lets through", missed_cut, ">=",
                    MIN_MISSED_COST_CUT, interval=tuple(missed_cut_ci), fmt="{:.0%}",
                    evidence=f"{best_option} vs tuned rule, test month, {volume} alerts each; amounts plus "
                    "incident cost (the unit the model was chosen in); 90% paired bootstrap",
                    settle="a longer test period: a few large frauds move this a lot"),
    gates.criterion("Labels arrive in time for monthly retraining: fraud labelled within 60 days",
                    share_60d, ">=", MIN_LABELLED_60D, interval=share_60d_ci, n=n_fraud, fmt="{:.0%}",
                    evidence=f"{labelled_60d} of {n_fraud} simulated chargebacks, median delay {median_delay:.0f} "
                    "days; 90% Wilson"),
    enough,
    gates.criterion("Value covers upkeep: the model's extra first-year net value over the rule", float(extra_net),
                    ">", 0, interval=tuple(float(x) for x in extra_net_ci), fmt=money,
                    evidence=f"{best_option}, {TRANSACTIONS_PER_MONTH:,} transactions a month, editable costs; "
                    "90% paired bootstrap over the test month",
                    settle="more months of outcomes for both options (a shadow run), or revisit the cost assumptions"),
])
gate.record()
gate

# %%
verdict = gate.verdict
failed_list = "; ".join(gate.failed) or "none"
open_list = "; ".join(gate.inconclusive) or "none"
rule_words = (f"amounts over ${choice.min_amount:,.0f} from accounts younger than {choice.max_account_age_days} "
              "days")
next_step = {
    "GO": "The model stops fraud the best rule lets through, its labels arrive in time for monthly retraining, "
          "there is enough data, and even the low end of its extra value covers its upkeep. Notebook 02 defines "
          "what 'good enough' means before it ships.",
    "NO-GO": f"Failed on its interval: {failed_list}. Not yet settled: {open_list}. Ship the tuned rule "
             f"({rule_words}) and revisit the gate when the fraud moves beyond what the rule can see, or when the "
             "assumptions change.",
    "NOT YET": f"Nothing failed, but these are not settled: {open_list}. Ship the tuned rule ({rule_words}) now, "
               "and gather the evidence that would settle them before spending on a model.",
}[verdict]
story.md(f"**Verdict: {verdict}.** {next_step} The rest of the course builds the model anyway, to teach its "
         "lifecycle.")

# %% [markdown]
# **Your call.** Which line or assumption would change this verdict? Try a higher `INCIDENT_COST`
# (what a missed fraud costs in trust and support) or a lower `MIN_MISSED_COST_CUT` in the
# parameters cell, re-run, and ask whether the new line is one you would defend *before* seeing
# the data. Then write your decision and its limits in your own words in `MY_DECISION` and
# `MY_LIMITATIONS` (parameters cell, or `aipm writeup notebooks/01_should_we_use_ai.ipynb -p MY_DECISION
# "..."`): the write-up quotes them; left empty, it shows the kit's suggestion below, marked as such.

# %%
story.record("hand_rule_recall", hand.recall, label="Hand rule recall ($5,000 / 30 days)", fmt="{:.1%}")
story.record("hand_rule_precision", hand.precision, label="Hand rule precision", fmt="{:.1%}")
story.record("hand_rule_alerts", hand.alerts, label="Hand rule alerts in the test month")
story.record("rule_recall", rule.recall, label="Tuned rule recall (same alert volume)", fmt="{:.1%}")
story.record("rule_precision", rule.precision, label="Tuned rule precision", fmt="{:.1%}")
story.record("model_option", best_option, label="Model option taken to gate 1")
story.record("model_recall", model.recall, label="Model recall (same alert volume)", fmt="{:.1%}")
story.record("unweighted_model_recall", unweighted_model.recall, label="Unweighted model recall", fmt="{:.1%}")
story.record("unweighted_model_amount_recall", unweighted_model.amount_recall,
             label="Unweighted model: share of fraud dollars stopped", fmt="{:.1%}")
story.record("cost_model_recall", cost_sensitive.recall, label="Cost-sensitive model recall", fmt="{:.1%}")
story.record("cost_model_amount_recall", cost_sensitive.amount_recall,
             label="Cost-sensitive model: share of fraud dollars stopped", fmt="{:.1%}")
story.record("rule_amount_recall", rule.amount_recall, label="Tuned rule: share of fraud dollars stopped",
             fmt="{:.1%}")
story.record("model_option_value_gain", float(value_gain),
             label="Chosen model option's extra value over the other model option, test month ($)", fmt="{:,.0f}")
story.record("model_precision", model.precision, label="Model precision", fmt="{:.1%}")
story.record("model_recall_ci", [float(model_ci[0]), float(model_ci[1])], label="Model recall, 90% interval",
             fmt="{0[0]:.1%} to {0[1]:.1%}")
story.record("missed_cost_cut", float(missed_cut), label="Cut in the cost of fraud the rule lets through",
             fmt="{:.1%}")
story.record("missed_cost_cut_ci", [float(x) for x in missed_cut_ci], label="Cut in missed fraud cost, 90% interval",
             fmt="{0[0]:.1%} to {0[1]:.1%}")
story.record("alert_volume", rule.alerts, label="Alerts in the test month (each option)")
story.record("alert_budget", n_alerts, label="Alerts the team can review in the test month")
story.record("net_value_rule", float(net_rule), label="First-year net value, tuned rule ($)", fmt="{:,.0f}")
story.record("net_value_model", float(net_model), label="First-year net value, model ($)", fmt="{:,.0f}")
story.record("value_share_rule", float(value_share), label="Rule's share of the model's value", fmt="{:.1%}")
story.record("extra_net_value_model", float(extra_net), label="Model's extra first-year net value over the rule ($)",
             fmt="{:,.0f}")
story.record("extra_net_value_ci", [float(x) for x in extra_net_ci],
             label="Model's extra first-year net value, 90% interval ($)", fmt="{0[0]:,.0f} to {0[1]:,.0f}")
story.record("half_data_recall_share", half_ratio, label="Half the data's share of the full data's recall",
             fmt="{:.1%}")
story.record("half_data_recall_share_ci", [float(x) for x in half_ratio_ci],
             label="Half the data's share of full recall, 90% interval", fmt="{0[0]:.1%} to {0[1]:.1%}")
cost_share = story.record("cost_share_rule", float(cost_share), label="Rule's share of the model's cost",
                          fmt="{:.1%}")

# %% [markdown]
# ### The decision, for the write-up
#
# The facts below are built from this run's numbers; `aipm writeup` turns them into a one-page
# decision story.

# %%
seg = test.assign(flag=model_flags)
legit = seg[~seg["is_fraud"]]
held = legit.groupby("segment", observed=True)["flag"].agg(["sum", "size"])
held["rate"] = held["sum"] / held["size"]
worst_seg, least_seg = held["rate"].idxmax(), held["rate"].idxmin()
worst_ci, least_ci = (metrics.wilson_interval(int(held.loc[s, "sum"]), int(held.loc[s, "size"]), confidence=0.95)
                      for s in (worst_seg, least_seg))
seg_gap_words = ("the intervals do not overlap" if worst_ci[0] > least_ci[1]
                 else "the intervals overlap, so this month alone does not show a difference")
p95_latency = float(np.percentile(test["latency_ms"], 95))
monthly_fraud = scale * (hand.caught_amount + hand.missed_amount)
decision = {"GO": "Build the model", "NO-GO": "Ship the tuned rule now, not a model",
            "NOT YET": "Ship the tuned rule now; the case for a model is not yet made"}[verdict]
gate_detail = (f" (failed: {failed_list}; not settled: {open_list})." if verdict != "GO"
               else " on all four criteria.")
facts = {
    "writeup_title": "Fraud screening: a rule or a model?",
    "writeup_business_risk": (
        f"At {TRANSACTIONS_PER_MONTH:,} transactions a month, fraud worth about ${monthly_fraud / 1e6:,.1f}M a month "
        f"(simulated) gets through unscreened; the written $5,000 rule stops {hand.amount_recall:.0%} of it and "
        f"catches {hand.recall:.0%} of fraud cases."),
    "writeup_decision": (
        f"{decision}: gate 1 is {verdict}{gate_detail} The tuned rule gets {value_share:.0%} of the model's value "
        f"(90% interval {value_share_ci[0]:.0%} to {value_share_ci[1]:.0%}) for {cost_share:.0%} of its cost."),
    "writeup_technical_result": (
        f"Trained on the labels known on retraining day and held to {volume} alerts in the test month, the "
        f"{best_option} cuts the cost of the fraud the tuned rule lets through by {missed_cut:.0%} (90% interval "
        f"{missed_cut_ci[0]:.0%} to {missed_cut_ci[1]:.0%}); recall {model.recall:.1%} ({model_ci[0]:.1%} to "
        f"{model_ci[1]:.1%}) against {rule.recall:.1%} for the tuned rule ({rule_ci[0]:.1%} to {rule_ci[1]:.1%}). "
        f"The {best_option} was chosen over the {other_option} because it is worth more in dollars (fraud dollars "
        f"stopped {unweighted_model.amount_recall:.1%} unweighted, {cost_sensitive.amount_recall:.1%} cost-sensitive)."),
    "writeup_business_result": (
        f"First-year net value ${net_model / 1e6:,.2f}M for the model against ${net_rule / 1e6:,.2f}M for the rule: "
        f"a difference of ${extra_net / 1e6:+,.2f}M, with a 90% interval of ${extra_net_ci[0] / 1e6:+,.2f}M to "
        f"${extra_net_ci[1] / 1e6:+,.2f}M. The {best_option} stops {model.amount_recall:.0%} of fraud dollars, "
        f"the rule {rule.amount_recall:.0%}."),
    "writeup_latency_cost": (
        f"The simulated scoring latency (the scenario's latency column, not a measurement) has a p95 of "
        f"{p95_latency:.0f} ms per transaction; the model costs ${MODEL_BUILD_COST:,.0f} to build and "
        f"${MODEL_RUN_COST_PER_MONTH:,.0f} a month to run, the rule ${RULE_BUILD_COST:,.0f} and "
        f"${RULE_RUN_COST_PER_MONTH:,.0f} (assumptions)."),
    "writeup_ethics": (
        f"Legitimate customers in the {worst_seg} segment are held for review most often in the test month: "
        f"{int(held.loc[worst_seg, 'sum'])} of {int(held.loc[worst_seg, 'size']):,} transactions "
        f"({held.loc[worst_seg, 'rate']:.2%}, 95% Wilson {worst_ci[0]:.2%} to {worst_ci[1]:.2%}) against "
        f"{int(held.loc[least_seg, 'sum'])} of {int(held.loc[least_seg, 'size']):,} in the {least_seg} segment "
        f"({held.loc[least_seg, 'rate']:.2%}, {least_ci[0]:.2%} to {least_ci[1]:.2%}); {seg_gap_words}. Every held "
        "transaction delays a real customer, so false alarms by segment must be watched."),
    "writeup_limitations": (
        f"Simulated data with known truth; one test month; fraud labels arrive with a median delay of "
        f"{median_delay:.0f} days, so the models learn from part of month 2's fraud and live recall can only be "
        "measured weeks late; costs are editable assumptions."),
}
yours = {"writeup_decision": ("MY_DECISION", MY_DECISION), "writeup_limitations": ("MY_LIMITATIONS", MY_LIMITATIONS)}
for key, text in facts.items():
    label = key.replace("writeup_", "Write-up: ").replace("_", " ")
    if key in yours:  # the learner's words, or the kit's suggestion marked as one
        story.record_words(key, yours[key][1], suggestion=text, parameter=yours[key][0], label=label)
    else:
        story.record(key, text, label=label)

# %% [markdown]
# ## What to take away
#
# - A goal becomes a target when it names the unit, the event, the horizon and the action.
# - Look at segments before predicting individuals, designing the rule on training data only; a
#   tuned rule is the baseline any model must beat, measured on the same data at the same alert
#   volume.
# - Label delay decides what feedback loop is possible, and what a model can learn on the day it
#   is trained: only the labels that have arrived.
# - Optimise for what the business values: a model trained to catch the most fraud *cases* catches
#   small ones; weighting each fraud by its cost (`sample_weight`) points it at the expensive ones.
#   Choose and judge in the same unit (dollars here).
# - One test month is a sample: decide each gate criterion on its interval, and say "not yet" when
#   the interval straddles the line.
