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
# - measure a hand rule and a model on the same data at the same alert volume, on a simulated
#   payments business and on real telecom churn data;
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

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from aipm_kit import data, gates, models, plots, scenarios, story
from aipm_kit.exercises import ____, nb01

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

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
# needs no pipeline. Churn rate by the two segments a telecom knows best:

# %% tags=["nbval-check-output"]
calls_group = np.where(churn["number_customer_service_calls"] >= 4, "4+ service calls", "0-3 service calls")
plan_group = np.where(churn["international_plan"], "international plan", "no international plan")
segments = (churn.assign(calls=calls_group, plan=plan_group)
            .groupby(["plan", "calls"])["churn"].agg(customers="size", churn_rate="mean"))
print(segments.round(3))
print(f"overall churn rate: {churn['churn'].mean():.3f}")

# %% [markdown]
# Two segments churn at several times the base rate. Turn them into a rule and measure it against
# two models on the same held-out customers, each allowed to flag **the same number of customers**
# (a model can always "catch more" if it may flag more).

# %%
from sklearn.model_selection import train_test_split

features = [c for c in churn.columns if c not in ("churn", "state")]
churn_train, churn_test = train_test_split(churn, test_size=0.3, random_state=SEED, stratify=churn["churn"])


def churn_rule(frame):
    """Flag customers with 4+ service calls or an international plan."""
    return (frame["number_customer_service_calls"] >= 4) | frame["international_plan"]


rule_flags = churn_rule(churn_test).to_numpy()
n_flag = int(rule_flags.sum())
churn_y = churn_test["churn"].to_numpy()
churn_rows = [("segment rule", rule_flags)]
for kind in ("logistic", "boosting"):
    fitted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind=kind, seed=SEED)
    churn_rows.append((f"{kind} model", models.flag_top(fitted.predict_proba(churn_test[features])[:, 1], n_flag)))
churn_table = pd.DataFrame(
    [{"option": name, "flagged": int(f.sum()), "churners caught": int((f & churn_y).sum()),
      "precision": (f & churn_y).sum() / f.sum(), "recall": (f & churn_y).sum() / churn_y.sum()}
     for name, f in churn_rows]).set_index("option")

# %% tags=["nbval-check-output"]
print(churn_table.round(3))

# %%
churn_rule_recall = float(churn_table.loc["segment rule", "recall"])
churn_model_recall = float(churn_table.loc["boosting model", "recall"])
story.record("churn_rule_recall", churn_rule_recall, label="Churn: segment rule recall", fmt="{:.1%}")
story.record("churn_model_recall", churn_model_recall, label="Churn: boosting model recall (same volume)",
             fmt="{:.1%}")
logit_recall = float(churn_table.loc["logistic model", "recall"])
linear_verdict = ("no better than the segments" if logit_recall <= churn_rule_recall + 0.02
                  else "somewhat better than the segments")
story.md(
    f"Flagging the same **{n_flag}** of {len(churn_test):,} held-out customers, the segment rule catches "
    f"**{churn_rule_recall:.0%}** of churners and gradient boosting **{churn_model_recall:.0%}**; "
    f"logistic regression manages **{logit_recall:.0%}**, {linear_verdict}. The boosted model finds "
    "churners the segments miss (heavy daytime users, for instance), "
    + ("a pattern beyond rules. " if churn_model_recall > churn_rule_recall + 0.05 else "but not many. ")
    + "Whether that is worth a pipeline depends on what a saved customer is worth: section 5 asks the "
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
    ax.axvline(d, color="grey", ls=":", lw=1)
    ax.annotate(f"{(delay_days <= d).mean():.0%} known after {d} d", (d, (delay_days <= d).mean() * 100),
                xytext=(4, -12), textcoords="offset points", fontsize=9)
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
by_month = pd.DataFrame({"true fraud": train.groupby("month")["is_fraud"].sum(),
                         "known on retraining day": known.groupby(train["month"]).sum()})
by_month["share known"] = by_month["known on retraining day"] / by_month["true fraud"]
print(f"retraining day: {retrain_day:%Y-%m-%d}")
print(by_month.round(3))

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
# **Is there enough data?** A small learning curve: train the model on growing shares of the two
# training months and measure its recall on month 3 at the team's alert budget. If the curve is
# still climbing steeply, more data (or waiting for more labels) would pay; if it has flattened,
# data volume is not the bottleneck.

# %%
n_alerts = int(round(ALERT_RATE * len(test)))
shares = [0.25, 0.5, 1.0] if FAST else [0.125, 0.25, 0.5, 1.0]
curve = []
for share in shares:
    part = train.sample(frac=share, random_state=SEED) if share < 1 else train
    fitted = models.fit_fraud_model(part, target="label_observed", seed=SEED, max_iter=60)
    flags = models.flag_top(models.fraud_scores(fitted, test), n_alerts)
    curve.append({"training rows": len(part), "frauds in training": int(part["label_observed"].sum()),
                  "recall": scenarios.alert_outcome(test, flags).recall})
curve = pd.DataFrame(curve)
fraud_model = fitted  # the last fit used all the training data

# %%
half_ratio = float(curve["recall"].iloc[-2] / curve["recall"].iloc[-1])
fig, ax = plots.figure()
ax.plot(curve["frauds in training"], curve["recall"] * 100, "o-", color=plots.NEUTRAL, lw=2)
ax.set_xscale("log")
plots.finish(ax, title=f"Half the training data already gives {half_ratio:.0%} of the full model's recall",
             xlabel="labelled frauds in the training data (log scale)",
             ylabel=f"recall on month 3 at {n_alerts} alerts (%)",
             takeaway="the curve is flattening: two months of labels are enough to start")
plt.show()

# %% [markdown]
# ## 4. Baseline first: the hand rule against the model
#
# The fraud team's rule of thumb is "flag transfers over \$5,000 from accounts younger than 30
# days" (`scenarios.hand_rule`). Measure it on the test month, then the model on the **same month
# at the same number of alerts**.

# %%
hand = scenarios.alert_outcome(test, scenarios.hand_rule(test), name="hand rule ($5,000 / 30 days)")
scores = models.fraud_scores(fraud_model, test)
model_at_hand = scenarios.alert_outcome(test, models.flag_top(scores, hand.alerts),
                                        name="model, same alerts as the hand rule")

# %% tags=["nbval-check-output"]
print(pd.concat([hand.to_frame(), model_at_hand.to_frame()])[["alerts", "caught", "precision", "recall"]].round(3))

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
# At the hand rule's tiny volume both options pick the most obvious fraud, so they look alike.
# But the review team can check far more alerts than the rule raises. The fair question is what
# each option does **with the team's whole alert budget**. For the rule that means tuning its two
# thresholds on the training months (`scenarios.tune_hand_rule`), exactly as the model is fitted
# on them, and holding both to the same number of alerts on the test month.

# %%
choice = scenarios.tune_hand_rule(train, max_alert_rate=ALERT_RATE, target="label_observed")
rule_flags = scenarios.hand_rule(test, min_amount=choice.min_amount, max_account_age_days=choice.max_account_age_days)
rule = scenarios.alert_outcome(test, rule_flags, name="tuned rule")
model = scenarios.alert_outcome(test, models.flag_top(scores, rule.alerts), name="unweighted model")
choice

# %% tags=["nbval-check-output"]
comparison = pd.concat([hand.to_frame(), rule.to_frame(), model.to_frame()])
print(comparison[["alerts", "caught", "missed", "precision", "recall", "amount_recall"]].round(3))

# %%
rng = np.random.default_rng(SEED)
truth = test["is_fraud"].to_numpy()
boot = rng.integers(0, len(test), size=(100 if FAST else 400, len(test)))


def recall_interval(flags):
    flags = np.asarray(flags, dtype=bool)
    hits, pos = (flags & truth)[boot].sum(axis=1), truth[boot].sum(axis=1)
    return np.percentile(hits / pos, [5, 95])


model_ci = recall_interval(models.flag_top(scores, rule.alerts))
rule_ci = recall_interval(rule_flags)
gain = model.recall - rule.recall
dollar_gap = model.amount_recall - rule.amount_recall
story.md(
    f"With **{rule.alerts}** alerts in the month (the rule tuned to amounts over "
    f"\\${choice.min_amount:,.0f} from accounts younger than {choice.max_account_age_days} days), the model "
    "(trained the usual way, every transaction counting the same) "
    f"catches **{model.recall:.0%}** of fraud cases (90% interval {model_ci[0]:.0%} to {model_ci[1]:.0%}) and "
    f"the tuned rule **{rule.recall:.0%}** ({rule_ci[0]:.0%} to {rule_ci[1]:.0%}): **{gain * 100:+.0f} points** "
    f"for the model. In dollars the picture differs: the rule stops **{rule.amount_recall:.0%}** of the fraud "
    f"amount and the model **{model.amount_recall:.0%}** ({dollar_gap * 100:+.1f} points). "
    + ("The frauds only the model finds are mostly small ones (card testing, night-time digital goods)."
       if abs(dollar_gap) < max(gain, 0.02) else ""))

# %% [markdown]
# ### Optimise for what the business values
#
# The model above was trained to get as many fraud **cases** right as it can: a 3-dollar card test
# and a 9,000-dollar transfer count the same. The business does not lose cases, it loses **dollars**
# (plus a fixed incident cost per fraud). Telling the model so is one line: a `sample_weight` per
# training row. Each fraud is weighted by what it costs, its amount plus `INCIDENT_COST`, divided
# by the average fraud's cost; legitimate transactions keep weight 1. Dividing by the average
# keeps fraud as a whole exactly as important as before (raw dollars would make fraud count
# hundreds of times more and flood the top of the ranking with anything vaguely odd), so the
# weights only move the model's attention from cheap frauds to expensive ones. Same data, same
# features, same alert budget, one extra fit.

# %%
observed = train["label_observed"].to_numpy()
fraud_cost = train["amount"].to_numpy() + INCIDENT_COST
cost_weight = np.where(observed, fraud_cost / fraud_cost[observed].mean(), 1.0)
cost_model = models.fit_fraud_model(train, target="label_observed", seed=SEED, max_iter=60,
                                    sample_weight=cost_weight)
cost_scores = models.fraud_scores(cost_model, test)
cost_sensitive = scenarios.alert_outcome(test, models.flag_top(cost_scores, rule.alerts),
                                         name="cost-sensitive model")
amount = test["amount"].to_numpy()


def value_by_row(flags):
    """$ each transaction contributes in the sample month: fraud stopped minus review time."""
    flags = np.asarray(flags, dtype=bool)
    return np.where(flags, truth * (amount + INCIDENT_COST) - REVIEW_COST_PER_ALERT, 0.0)


option_flags = {"tuned rule": rule_flags, "unweighted model": models.flag_top(scores, rule.alerts),
                "cost-sensitive model": models.flag_top(cost_scores, rule.alerts)}
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
scores = {"unweighted model": scores, "cost-sensitive model": cost_scores}[best_option]
model_ci = recall_interval(option_flags[best_option])
gain = model.recall - rule.recall
value_gain = three.loc[best_option, "value in test month ($)"] - three.loc[other_option, "value in test month ($)"]
story.md(
    f"At the same **{rule.alerts}** alerts the cost-sensitive model catches **{cost_sensitive.caught}** frauds "
    f"({cost_sensitive.recall:.0%}) against **{unweighted_model.caught}** ({unweighted_model.recall:.0%}) for the "
    f"unweighted one, and stops **{cost_sensitive.amount_recall:.1%}** of the fraud dollars against "
    f"**{unweighted_model.amount_recall:.1%}** (the tuned rule: {rule.caught} frauds, {rule.amount_recall:.1%} "
    f"of the dollars). The business is paid in dollars, not cases, so the rest of this notebook compares the "
    f"rule with the **{best_option}**: it is worth \\${value_gain:,.0f} more than the {other_option} in the "
    f"test month. The {best_option} catches **{gain * 100:+.1f} points** of recall and "
    f"**{(model.amount_recall - rule.amount_recall) * 100:+.1f} points** of fraud dollars against the tuned rule. "
    "Choosing between two options on the test month flatters the winner a little; a team with more data "
    "would pick on a validation month.")

# %%
fig, ax = plots.figure()
options = [hand, rule, unweighted_model, cost_sensitive]
labels = ["hand rule\n($5,000 / 30 d)", "tuned rule", "unweighted\nmodel", "cost-sensitive\nmodel"]
ax.bar(labels, [o.caught for o in options], color=plots.GOOD, label="frauds caught")
ax.bar(labels, [o.missed for o in options], bottom=[o.caught for o in options], color=plots.BAD,
       label="frauds missed")
for i, o in enumerate(options):
    ax.text(i, o.frauds + 2, f"{o.alerts} alerts\n{o.amount_recall:.1%} of fraud $", ha="center", fontsize=9)
ax.set_ylim(0, hand.frauds * 1.18)
plots.finish(ax, title=f"Same alerts: the {best_option} stops {model.amount_recall:.1%} of fraud dollars, "
             f"the rule {rule.amount_recall:.1%}",
             xlabel="option (test month)", ylabel="frauds in the test month (count)",
             takeaway=f"the written rule catches {hand.caught} of {hand.frauds}; tuning it gets most of the way")
story.record_figure("before_after", fig, caption=(
    f"Frauds caught and missed in the test month: hand rule {hand.caught}/{hand.frauds}, tuned rule "
    f"{rule.caught}/{rule.frauds} ({rule.amount_recall:.0%} of fraud dollars), unweighted model "
    f"{unweighted_model.caught}/{unweighted_model.frauds} ({unweighted_model.amount_recall:.0%}), cost-sensitive model "
    f"{cost_sensitive.caught}/{cost_sensitive.frauds} ({cost_sensitive.amount_recall:.0%}) at {rule.alerts} alerts; "
    f"the {best_option} goes to the gate."))
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
model_flags = option_flags[best_option]
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
# How sure are we? Resample the test month's transactions, as for the recall intervals.
extra_value_boot = 12 * scale * (value_by_row(model_flags) - value_by_row(rule_flags))[boot].sum(axis=1)
extra_net_ci = np.percentile(extra_value_boot, [5, 95]) - extra_cost

# %% tags=["nbval-check-output"]
print((costs / 1_000).round(1).rename(columns=lambda c: c + " ($k)").T)
print(f"model option: {best_option}")
print(f"rule's share of the model's value: {value_share:.3f}; of its cost: {cost_share:.3f}")

# %%
story.md(
    f"**The 80/20 test** (against the {best_option}). The tuned rule delivers **{value_share:.0%}** of the "
    f"model's monthly value for "
    f"**{cost_share:.0%}** of its first-year cost. "
    + ("It passes: ship the rule first; it is the baseline any model must beat. "
       if value_share >= 0.8 and cost_share <= 0.2 else
       "It fails: the rule's share of the value is too small for its share of the cost. ")
    + f"Over the first year the model's net value differs from the rule's by **\\${extra_net / 1e3:+,.0f}k** after its extra "
    f"\\${extra_cost / 1e3:,.0f}k of build and running cost, with a 90% interval of "
    f"**\\${extra_net_ci[0] / 1e3:+,.0f}k to \\${extra_net_ci[1] / 1e3:+,.0f}k**: a few large frauds caught "
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
# Go only if the pattern is beyond rules, quality labels exist in time to learn from, and the
# model's extra value covers its upkeep.

# %%
share_60d = float((delay_days <= 60).mean())
gate = gates.Gate("Gate 1: build a fraud model?", [
    gates.criterion("Pattern beyond rules: model recall minus tuned-rule recall", gain, ">=", 0.05,
                    evidence=f"{best_option}, test month, {rule.alerts} alerts each", fmt="{:+.1%}"),
    gates.criterion("Labels arrive in time for monthly retraining: fraud labelled within 60 days",
                    share_60d, ">=", 0.8, evidence=f"chargeback delays, median {median_delay:.0f} days",
                    fmt="{:.0%}"),
    gates.criterion("Enough data: half the training data gives this share of full recall", half_ratio,
                    ">=", 0.85, evidence=f"learning curve, {len(curve)} sizes", fmt="{:.0%}"),
    gates.criterion("Value covers upkeep, 90% confident: low end of the model's extra first-year net value ($)",
                    float(extra_net_ci[0]), ">", 0,
                    evidence=f"{best_option}, point estimate {extra_net:+,.0f}; {TRANSACTIONS_PER_MONTH:,} transactions a month; "
                    "editable costs", fmt="{:,.0f}"),
])
gate.record()
gate

# %%
if gate.passed:
    story.md(f"**Verdict: GO.** The model finds fraud the best rule cannot, its labels arrive in time for "
             f"monthly retraining, and even the low end of its extra value covers its upkeep. Notebook 02 "
             "defines what 'good enough' means before it ships.")
else:
    story.md(f"**Verdict: NO-GO for a model, for now.** It failed: {'; '.join(gate.failed)}. Ship the tuned rule "
             f"(amounts over \\${choice.min_amount:,.0f} from accounts younger than {choice.max_account_age_days} "
             "days) and revisit the gate when the fraud moves beyond what the rule can see, or when the assumptions "
             "change: try a higher `INCIDENT_COST` (what a missed fraud costs in trust and support) in the "
             "parameters cell. The rest of the course builds the model anyway, to teach its lifecycle.")

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
story.record("alert_volume", rule.alerts, label="Alerts in the test month (each option)")
story.record("net_value_rule", float(net_rule), label="First-year net value, tuned rule ($)", fmt="{:,.0f}")
story.record("net_value_model", float(net_model), label="First-year net value, model ($)", fmt="{:,.0f}")
story.record("value_share_rule", float(value_share), label="Rule's share of the model's value", fmt="{:.1%}")
story.record("extra_net_value_model", float(extra_net), label="Model's extra first-year net value over the rule ($)",
             fmt="{:,.0f}")
cost_share = story.record("cost_share_rule", float(cost_share), label="Rule's share of the model's cost",
                          fmt="{:.1%}")

# %% [markdown]
# ### The decision, for the write-up
#
# The facts below are built from this run's numbers; `aipm writeup` turns them into a one-page
# decision story.

# %%
seg = test.assign(flag=models.flag_top(scores, rule.alerts))
legit = seg[~seg["is_fraud"]]
false_alarm = legit.groupby("segment", observed=True)["flag"].mean()
worst_seg = false_alarm.idxmax()
p95_latency = float(np.percentile(test["latency_ms"], 95))
monthly_fraud = scale * (hand.caught_amount + hand.missed_amount)
decision = ("Build the model" if gate.passed else "Ship the tuned rule now, not a model")
facts = {
    "writeup_title": "Fraud screening: a rule or a model?",
    "writeup_business_risk": (
        f"At {TRANSACTIONS_PER_MONTH:,} transactions a month, fraud worth about ${monthly_fraud / 1e6:,.1f}M a month "
        f"gets through unscreened; the written $5,000 rule stops {hand.amount_recall:.0%} of it and catches "
        f"{hand.recall:.0%} of fraud cases."),
    "writeup_decision": (
        f"{decision}: gate 1 is {gate.verdict}"
        + (f" (failed: {'; '.join(gate.failed)})." if gate.failed else " on all four criteria.")
        + f" The tuned rule gets {value_share:.0%} of the model's value for {cost_share:.0%} of its cost."),
    "writeup_technical_result": (
        f"At {rule.alerts} alerts in the test month, {best_option} recall {model.recall:.1%} (90% interval "
        f"{model_ci[0]:.1%} to {model_ci[1]:.1%}) against {rule.recall:.1%} for the tuned rule "
        f"({rule_ci[0]:.1%} to {rule_ci[1]:.1%}); precision {model.precision:.1%} against {rule.precision:.1%}. "
        f"The {best_option} was chosen over the {other_option} because it is worth more in dollars "
        f"(recall {unweighted_model.recall:.1%} unweighted, {cost_sensitive.recall:.1%} cost-sensitive; fraud "
        f"dollars stopped {unweighted_model.amount_recall:.1%} and {cost_sensitive.amount_recall:.1%})."),
    "writeup_business_result": (
        f"First-year net value ${net_model / 1e6:,.2f}M for the model against ${net_rule / 1e6:,.2f}M for the rule "
        f"(a difference of ${extra_net / 1e6:+,.2f}M): the {best_option} stops {model.amount_recall:.0%} of fraud "
        f"dollars, the rule {rule.amount_recall:.0%}."),
    "writeup_latency_cost": (
        f"Scoring adds a p95 latency of {p95_latency:.0f} ms per transaction; the model costs "
        f"${MODEL_BUILD_COST:,.0f} to build and ${MODEL_RUN_COST_PER_MONTH:,.0f} a month to run, the rule "
        f"${RULE_BUILD_COST:,.0f} and ${RULE_RUN_COST_PER_MONTH:,.0f}."),
    "writeup_ethics": (
        f"Legitimate customers in the {worst_seg} segment are held for review most often "
        f"({false_alarm.max():.2%} of their transactions against {false_alarm.min():.2%} in the least-flagged "
        "segment); every held transaction delays a real customer, so false alarms by segment must be watched."),
    "writeup_limitations": (
        f"Simulated data with known truth; one test month; fraud labels arrive with a median delay of "
        f"{median_delay:.0f} days, so live recall can only be measured weeks late; costs are editable assumptions."),
}
for key, text in facts.items():
    story.record(key, text, label=key.replace("writeup_", "Write-up: ").replace("_", " "))

# %% [markdown]
# ## What to take away
#
# - A goal becomes a target when it names the unit, the event, the horizon and the action.
# - Look at segments before predicting individuals; a tuned rule is the baseline any model must beat,
#   measured on the same data at the same alert volume.
# - Label delay decides what feedback loop is possible before any model is trained.
# - Optimise for what the business values: a model trained to catch the most fraud *cases* catches
#   small ones; weighting each fraud by its cost (`sample_weight`) points it at the expensive ones.
#   Compare options in the business's unit (dollars), not only in recall.
# - A model can win on recall and still lose on value: the gate weighs the extra value against the
#   extra cost of building and running it. Change the cost assumptions in the parameters cell and
#   watch the verdict.
