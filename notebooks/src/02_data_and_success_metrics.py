# %% [markdown]
# # 02 · Data, labels and success metrics
#
# Stage 2 of the lifecycle is where most AI products are won or lost: before anyone tunes a model,
# somebody has to ask what the labels really say, whether the metric means anything to the business,
# and who the model fails.
#
# **You will be able to**
# - audit a label source for bias (caught-only fraud labels, a survey answered by the unhappy few),
#   estimate what it costs from an audit sample, and train on what a business can really label;
# - write a labelling guideline, measure agreement with Cohen's and Fleiss' kappa (with an interval),
#   pick the items to adjudicate, and estimate how long labelling really takes;
# - replace one accuracy number with a confusion matrix, precision, recall and F1 with intervals, a
#   threshold sweep and recall on the high-risk segment, and check the validation set against production;
# - translate a threshold into false alarms a day, review hours a week and dollars, choose the
#   threshold by cost, and compare the model with the hand rule it would replace;
# - run an ethical review on real lending decisions: rates by group with intervals, the four-fifths
#   rule against the lenders' own record, equalised odds, what drives a decision, and a written risk list.
#
# **Time:** 75 minutes.
#
# **PM job:** data strategy, performance governance, ethics and compliance, and technical-to-business
# translation.
#
# **Data.** The payments (sections 1, 3, 4 and the gate), the survey and the audit are simulated by
# `aipm_kit`; the 300 support messages and their three annotators (section 2) were written and
# simulated for the kit; the mortgage decisions (section 5) are real.

# %% tags=["parameters"]
SEED = 42
FAST = False
N_TRANSACTIONS = 40_000  # payments simulated over six months
CATCH_RATE = 0.6  # share of fraud that ever gets a chargeback label (simulated)
AUDIT_PER_MONTH = 1_000  # unlabelled transactions the fraud team investigates at random each month
DAILY_VOLUME = 20_000  # transactions a day in production
REVIEW_MINUTES = 5.0  # analyst minutes per alert
COST_FALSE_ALARM = 25.0  # dollars per false alarm: analyst time, a blocked customer, a support call
LOSS_PER_MISSED_FRAUD = 400.0  # dollars lost per fraud that gets through
REVIEW_CAPACITY_HOURS = 120.0  # review hours the team has each week
SURVEY_RESPONSE_RATE = 0.02  # share of customers who answer the satisfaction survey

# %%
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sklearn.ensemble  # noqa: F401  (loads the OpenMP runtime so the next line can limit it)
from sklearn.inspection import permutation_importance
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

threadpool_limits(1)  # one thread: deterministic, and polite on a shared laptop

from aipm_kit import data, fairness, gates, labels, metrics, models, plots, scenarios, story
from aipm_kit import widgets_threshold
from aipm_kit.exercises import ____, nb02

pd.set_option("display.max_colwidth", None)  # table cells are shown whole, never cut with "..."
n_rows = 15_000 if FAST else N_TRANSACTIONS
n_boot = 500 if FAST else 2_000


def band(replicates, level=0.95):
    """The central `level` share of bootstrap replicates: a percentile interval.

    A replicate with no case to measure (no fraud drawn in a small segment) is left out."""
    tail = (1 - level) / 2 * 100
    low, high = np.nanpercentile(replicates, [tail, 100 - tail])
    return float(low), float(high)


# %% [markdown]
# ## 1 · Audit the label sources
#
# The payments are simulated, so the simulator knows the truth (`is_fraud`), which no real business
# does. What the business sees is `label_observed`: fraud it caught and charged back. Large, obvious
# fraud is caught more often than small fraud, so the labels are not a random sample of the truth.
# First the simulator's view, which no business ever gets:

# %% tags=["nbval-check-output"]
payments = scenarios.make_payments(n_rows, seed=SEED, caught_only=True, catch_rate=CATCH_RATE,
                                   drift_month=None, incident=False)
payments["amount_quartile"] = pd.qcut(payments["amount"], 4, labels=["Q1 (smallest)", "Q2", "Q3", "Q4 (largest)"])
truth_view = (payments[payments["is_fraud"]].groupby("amount_quartile", observed=True)["label_observed"]
              .agg(["size", "mean"]).set_axis(["fraud cases (simulator only)", "share labelled"], axis=1))
labelled_share = float(payments.loc[payments["is_fraud"], "label_observed"].mean())
print(truth_view.round(2).to_string())

# %%
story.record("labelled_share_of_fraud", labelled_share, label="Share of real fraud that gets a label (simulator's truth)",
             fmt="{:.1%}")
story.md(f"In the simulation only **{labelled_share:.0%}** of the real fraud ever gets a label, and the share climbs "
         f"from {truth_view['share labelled'].iloc[0]:.0%} in the smallest-amount quartile to "
         f"{truth_view['share labelled'].iloc[-1]:.0%} in the largest. Whatever the business cannot see, a model "
         "trained on its labels learns to call normal.")

# %% [markdown]
# **What a business can do instead: an audit sample.** Each month the fraud team investigates
# `AUDIT_PER_MONTH` transactions drawn at random from those with no fraud label, and records what it
# finds. (The simulation plays the investigator: it reveals `is_fraud` for the audited rows only.)
# Each audited row stands for all the unlabelled rows of its month, so the caught frauds plus the
# audit estimate how much fraud there really is. The bootstrap redraws each month's caught frauds and
# each month's audit, to show how much another month with another audit of the same size could have
# said.

# %%
def draw_audit(frame, per_month, seed=SEED):
    """The monthly audit: `per_month` unlabelled transactions drawn at random each month, and what it finds.

    A caught fraud counts once (weight 1); an audited row stands for all the unlabelled rows of its month
    (weight: unlabelled rows / audited rows); every other row is unknown (weight 0)."""
    months, caught = frame["month"].to_numpy(), frame["label_observed"].to_numpy()
    unlabelled_rows = np.flatnonzero(~caught)
    draw = np.random.default_rng(seed)
    audited = np.zeros(len(frame), dtype=bool)
    weight = caught.astype(float)
    for month in np.unique(months):
        pool = unlabelled_rows[months[unlabelled_rows] == month]
        pick = draw.choice(pool, size=min(per_month, len(pool)), replace=False)
        audited[pick] = True
        weight[pick] = len(pool) / len(pick)  # each audited row stands for this many unlabelled rows
    return frame.assign(audited=audited, weight=weight,  # label_known: what the investigators find
                        label_known=caught | (audited & frame["is_fraud"].to_numpy()))


payments = draw_audit(payments, AUDIT_PER_MONTH)
caught = payments["label_observed"].to_numpy()

def known_rows(frame, seed):
    """The rows a business has a label for, and bootstrap replicates of their weights.

    Each month's caught frauds and each month's audit rows are redrawn with replacement, apart:
    every replicate is a month the business could have seen, with an audit of the same size."""
    known = frame[frame["weight"] > 0]
    w = known["weight"].to_numpy()
    replicates = np.empty((n_boot, len(known)))
    draw = np.random.default_rng(seed)
    month_of, in_audit = known["month"].to_numpy(), known["audited"].to_numpy()
    for month in np.unique(month_of):
        for stratum in (in_audit, ~in_audit):  # the audit, and the caught frauds
            cols = np.flatnonzero((month_of == month) & stratum)
            if len(cols):
                replicates[:, cols] = draw.multinomial(len(cols), np.full(len(cols), 1 / len(cols)), size=n_boot) * w[cols]
    return known, replicates


known_all, W_all = known_rows(payments, SEED)
is_fraud_k = known_all["label_known"].to_numpy().astype(float)
caught_k = known_all["label_observed"].to_numpy().astype(float)
catch_rate = (known_all["weight"].to_numpy() @ caught_k) / (known_all["weight"].to_numpy() @ is_fraud_k)
catch_low, catch_high = band((W_all @ caught_k) / (W_all @ is_fraud_k))
n_audited, audit_frauds = int(payments["audited"].sum()), int((payments["audited"] & payments["label_known"]).sum())

# %%
story.record("audit_catch_rate", catch_rate, label="Share of fraud the caught labels cover, estimated from the audit",
             fmt="{:.1%}")
story.md(f"The team audited **{n_audited:,}** unlabelled transactions over six months and found **{audit_frauds}** "
         f"frauds nobody had caught. Together with the {int(caught.sum()):,} caught frauds, the audit estimates that "
         f"the labels cover **{catch_rate:.0%}** of fraud (95% bootstrap interval {catch_low:.0%}-{catch_high:.0%}). "
         f"The simulator, which knows, says {labelled_share:.0%}: the business can measure its blind spot without "
         "ever seeing the truth.")

# %% [markdown]
# Train the same model twice on months 1-4: once on the caught labels alone, and once on what the
# business can label, the caught labels plus the audit. In the second, the audited rows carry what
# the investigators found, and each caught fraud counts `1 / catch rate` times (the audit's estimate
# for months 1-4), standing for the fraud nobody caught. Both flag a transaction when its fraud
# probability is at least 0.5. Both are graded on months 5-6 the only way a business can: the caught
# labels plus that month's audit, with a 95% bootstrap interval over the caught frauds and the audit.

# %%
train, test = scenarios.split_by_time(payments, train_months=[1, 2, 3, 4], test_months=[5, 6])
train_known = train[train["weight"] > 0]
train_catch = float(train_known["label_observed"].sum() / (train_known["weight"] @ train_known["label_known"]))
model_observed = models.fit_fraud_model(train, target="label_observed", seed=SEED, max_iter=100)
model_audit = models.fit_fraud_model(train, target="label_known", seed=SEED, max_iter=100,
                                     sample_weight=np.where(train["label_observed"], 1 / train_catch, 1.0))
scores_observed_all = models.fraud_scores(model_observed, test)  # every test row gets a score and a decision
scores_all = models.fraud_scores(model_audit, test)
known = test["weight"].to_numpy() > 0  # the test rows whose label the business knows
test_known, W = known_rows(test, SEED + 1)
y_ev = test_known["label_known"].to_numpy()
w_ev = test_known["weight"].to_numpy()
yf, lf = y_ev.astype(float), (~y_ev).astype(float)
scores_observed, scores = scores_observed_all[known], scores_all[known]


def recall_of(weights, flags, rows=True):
    """Estimated recall: flagged fraud over all fraud, each known row counted by its weight."""
    with np.errstate(invalid="ignore", divide="ignore"):  # a replicate may draw no fraud in a small segment
        return (weights @ (yf * flags * rows)) / (weights @ (yf * rows))


def precision_of(weights, flags):
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ (yf * flags)) / (weights @ flags.astype(float))


# %% tags=["nbval-check-output"]
flag_observed, flag_audit = scores_observed >= 0.5, scores >= 0.5
recall_seen_by_business = metrics.confusion(test["label_observed"], scores_observed_all >= 0.5).recall
recall_observed, recall_audit = recall_of(w_ev, flag_observed), recall_of(w_ev, flag_audit)
recall_lost = recall_audit - recall_observed
lost_low, lost_high = band(recall_of(W, flag_audit) - recall_of(W, flag_observed))
quartile = test_known["amount_quartile"].to_numpy()
rows = []
for q in test_known["amount_quartile"].cat.categories:
    in_q = (quartile == q).astype(float)
    gap = recall_of(W, flag_audit, in_q) - recall_of(W, flag_observed, in_q)
    rows.append({"amount quartile": q, "known frauds": int((y_ev & (quartile == q)).sum()),
                 "estimated frauds": w_ev @ (yf * in_q),
                 "recall, caught-only": recall_of(w_ev, flag_observed, in_q),
                 "recall, caught + audit": recall_of(w_ev, flag_audit, in_q),
                 "gap (points)": 100 * (recall_of(w_ev, flag_audit, in_q) - recall_of(w_ev, flag_observed, in_q)),
                 "gap low": 100 * band(gap)[0], "gap high": 100 * band(gap)[1]})
by_quartile = pd.DataFrame(rows).set_index("amount quartile")
print("Recall by amount quartile, months 5-6, estimated from caught labels plus the audit (gap: 95% bootstrap)")
print(by_quartile.round({"estimated frauds": 0, "recall, caught-only": 2, "recall, caught + audit": 2,
                         "gap (points)": 1, "gap low": 1, "gap high": 1}).to_string())

# %%
clear = [q for q, r in by_quartile.iterrows() if r["gap low"] > 0 or r["gap high"] < 0]
where = (f"the gap's interval clears zero only in {', '.join(clear)}; elsewhere too few frauds were found to say "
         "whether caught-only labels cost recall" if clear else
         "in no single quartile does the gap's interval clear zero: the table does not say where the loss concentrates")
alerts_observed, alerts_audit = int((scores_observed_all >= 0.5).sum()), int((scores_all >= 0.5).sum())
quieter = ("Having seen less fraud, the caught-only model believes fraud is rarer than it is and raises fewer alerts."
           if alerts_observed < alerts_audit else
           "The caught-only model raises no fewer alerts, so its loss, if any, is in which transactions it flags.")
story.record_table([
    ("recall_caught_only", recall_observed, "Recall at 0.50, model trained on caught-only labels (audit estimate)",
     "{:.1%}"),
    ("recall_caught_plus_audit", recall_audit, "Recall at 0.50, model trained on caught labels plus the audit "
     "(audit estimate)", "{:.1%}"),
    ("recall_lost_points", 100 * recall_lost, "Recall lost to caught-only labels at 0.50", "{:.1f} points"),
])
story.md(f"Graded on its own labels, the caught-only model *looks* like it catches **{recall_seen_by_business:.0%}** "
         f"of fraud. Graded with the audit it catches **{recall_observed:.0%}** ({int((scores_observed_all >= 0.5).sum()):,} "
         f"alerts in months 5-6); the model trained with the audit catches **{recall_audit:.0%}** "
         f"({int((scores_all >= 0.5).sum()):,} alerts). Recall lost to caught-only labels: **{100 * recall_lost:.1f} points** "
         f"(95% bootstrap interval {100 * lost_low:.1f} to {100 * lost_high:.1f} points). {quieter} By quartile, each "
         "estimate rests "
         f"on few frauds ({by_quartile['known frauds'].min()} to {by_quartile['known frauds'].max()} known), and "
         f"{where}. The gate measures the loss again at the threshold the team will run, with both models given the "
         "same number of alerts, so that fewer alerts are not mistaken for a worse ranking.")

# %% [markdown]
# The second biased source: a satisfaction survey that only a small share of customers answer, and
# unhappy customers answer far more often than happy ones (simulated).

# %% tags=["nbval-check-output"]
survey_setup = dict(satisfied_share=0.85, response_rate=SURVEY_RESPONSE_RATE, unhappy_response_multiplier=6)
survey = labels.simulate_survey(20_000 if FAST else 100_000, seed=SEED, **survey_setup)
bigger = labels.simulate_survey(2_000_000, seed=SEED, **survey_setup)
print(f"{survey.n_customers:,} simulated customers, {survey.n_responses:,} answers")
print(f"truly satisfied:  {survey.true_satisfaction:.1%}")
print(f"survey says:      {survey.measured_satisfaction:.1%} (95% Wilson interval {survey.low:.1%} to {survey.high:.1%})")

# %%
story.record("survey_bias_points", 100 * survey.bias, label="Survey satisfaction minus true satisfaction",
             fmt="{:+.1f} points")
story.md(f"Suppose {survey_setup['satisfied_share']:.0%} of customers are satisfied, {SURVEY_RESPONSE_RATE:.0%} answer "
         f"the survey, and an unhappy customer is {survey_setup['unhappy_response_multiplier']} times as likely to "
         f"answer as a happy one. The survey says **{survey.measured_satisfaction:.0%}** satisfied (95% interval "
         f"{survey.low:.0%} to {survey.high:.0%}); the truth is **{survey.true_satisfaction:.0%}**, "
         f"{-100 * survey.bias:.1f} points higher. Twenty times more customers ({bigger.n_responses:,} answers) "
         f"narrows the interval to {bigger.low:.1%}-{bigger.high:.1%}, still around the wrong value: an interval "
         "measures noise, never who chose to answer. A churn or satisfaction model trained on survey labels inherits "
         "the same skew.")

# %% [markdown]
# ## 2 · Labels: guideline, agreement, adjudication
#
# The kit ships 300 short support messages, written for the kit (no real customer text), each
# labelled by three simulated annotators following the written guideline in
# `datasets/labelling_guideline.md` (five intents: `fraud`, `access`, `dispute`, `payment_failed`,
# `other`). The annotators' habits are simulated (one experienced, one who reads unrecognised charges
# as disputes, one new), so the agreement below shows the method, not a real team's quality. A senior
# reviewer's `adjudicated` label settles disagreements.

# %% tags=["nbval-check-output"]
messages = labels.load_support_messages()
ratings = messages[list(labels.ANNOTATORS)]
for message_id, row in messages.head(4).iterrows():
    print(f"{message_id}: {row['text']}")
    print(f"      labels: {', '.join(row[list(labels.ANNOTATORS)])}; adjudicated: {row['adjudicated']}")

# %% tags=["nbval-check-output"]
agreement = labels.agreement_report(ratings)
rng = np.random.default_rng(SEED)
kappa_boot = np.array([labels.fleiss_kappa(ratings.iloc[rng.integers(0, len(ratings), len(ratings))])
                       for _ in range(n_boot)])
kappa_low, kappa_high = band(kappa_boot)
print("Cohen's kappa for each pair of annotators:")
print(agreement.pairwise.round(2).to_string(index=False))
print(f"Fleiss' kappa, all three: {agreement.fleiss_kappa:.2f} "
      f"(95% bootstrap interval over the {len(ratings)} messages: {kappa_low:.2f} to {kappa_high:.2f})")

# %%
story.record("fleiss_kappa", agreement.fleiss_kappa, label="Fleiss' kappa, support messages", fmt="{:.3f}")
weak = agreement.weakest_pair
story.md(f"All three annotators agree on **{agreement.unanimous_share:.0%}** of messages. Fleiss' kappa is "
         f"**{agreement.fleiss_kappa:.2f}**, 95% interval {kappa_low:.2f}-{kappa_high:.2f} (1 is perfect agreement, 0 "
         f"is chance; many teams ask for at least 0.6 before training, and the gate below decides on the interval). "
         f"The weakest pair is {weak[0]} and {weak[1]}. Kappa hides *where* they disagree, so look at the label "
         "pairs they mix up:")
confusions = labels.label_confusions(ratings)
confusions.head(6).round(3)

# %%
top_pair = confusions.iloc[0]
why_pair = ("\"I don't recognise this charge\" reads as either, and rule 2 of the guideline exists for it"
            if {top_pair["label_1"], top_pair["label_2"]} == {"fraud", "dispute"} else
            "the guideline needs a sharper rule and an example for it")
queue = labels.items_to_adjudicate(ratings)
story.md(f"The biggest confusion is between `{top_pair['label_1']}` and `{top_pair['label_2']}` "
         f"({top_pair['share']:.0%} of disagreeing pairs): {why_pair}. That is a guideline problem before it "
         f"is an annotator problem. **{len(queue)}** of {len(ratings)} messages need adjudication, "
         f"{(queue['status'] == 'no majority').sum()} of them with no majority label at all. The senior reviewer's "
         "queue starts with those:")

# %% tags=["nbval-check-output"]
for message_id, row in queue.join(messages["text"]).head(5).iterrows():
    print(f"{message_id} ({row['status']}): {row['text']}")
    print(f"      labels: {', '.join(ratings.loc[message_id])}")

# %% [markdown]
# **What label noise does to measured precision.** A simple keyword router sends messages to the fraud
# desk. Its precision depends on whose labels you grade it against.

# %% tags=["nbval-check-output"]
router = messages["text"].str.contains(
    r"didn't make|did not make|wasn't me|not by me|never made|none mine|didn't send|didn't do|stolen|"
    r"unauthori|scam|don't recognise|can't place|never heard|i approved nothing|didn't change", case=False)
graded = pd.Series({who: metrics.confusion(messages[who] == "fraud", router).precision
                    for who in list(labels.ANNOTATORS) + ["adjudicated"]})
print(f"The keyword router flags {int(router.sum())} of {len(messages)} messages. Its precision, graded by:")
for who, value in graded.items():
    print(f"  {who:<12} {value:.0%}")

# %%
story.md(f"The same router, unchanged, scores between **{graded.min():.0%}** and **{graded.max():.0%}** "
         "precision depending on the grader. A noisy evaluation set moves the metric more than many "
         "model changes would. The same effect on the fraud model, as a what-if on the simulator's truth "
         "(flip a share of the test months' true labels at random and grade again):")
noise = labels.precision_under_label_noise(test["is_fraud"].to_numpy(), scores_all >= 0.5,
                                           noise_rates=[0, 0.005, 0.01, 0.02, 0.05],
                                           seed=SEED, n_repeats=10 if FAST else 20)
noise.round(3)

# %%
story.md(f"Flipping just {noise['noise_rate'].iloc[2]:.0%} of test labels barely moves measured precision "
         f"({noise['true_precision'].iloc[0]:.0%} -> {noise['measured_precision'].iloc[2]:.0%}) but drops measured "
         f"recall from {noise['true_recall'].iloc[0]:.0%} to {noise['measured_recall'].iloc[2]:.0%}: when fraud is "
         "rare, a few wrong labels among the many legitimate transactions create 'missed fraud' the model never "
         "could have caught.")

# %% [markdown]
# **Why labelling takes longer than planned.** The plan counts one pass per annotator. The work also
# includes a slow start, calibration rounds, adjudication of the disagreements measured above,
# re-labelling after guideline changes, and quality review.

# %% tags=["nbval-check-output"]
effort = labels.labelling_effort(len(messages), seconds_per_item=20, n_annotators=3,
                                 disagreement_rate=1 - agreement.unanimous_share)
effort_table = effort.to_frame().rename(columns={"share": "share of the total"})
print(effort_table.round({"hours": 1, "share of the total": 2}).to_string())

# %%
story.record("labelling_effort_ratio", effort.ratio, label="Realistic labelling hours / planned hours", fmt="{:.1f}x")
story.md(f"Planned: **{effort.planned_hours:.1f} hours**. Realistic: **{effort.realistic_hours:.1f} hours**, "
         f"{effort.ratio:.1f}x the plan. Every line is an assumption of `labels.labelling_effort` you can change "
         "(calibration rounds and their meetings, the disagreement rate measured above); the ratio is "
         "this model's output, not a measured survey of teams.")

# %%
q1 = nb02.bind_agreement(messages=messages)

# %% [markdown]
# ### Exercise 1 · Cohen's kappa by hand

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
b, c = messages["annotator_b"], messages["annotator_c"]
observed = (b == c).mean()
chance = (b.value_counts(normalize=True) * c.value_counts(normalize=True)).sum()  # labels one never uses add 0
q1_answer = (observed - chance) / (1 - chance)
print(f"by hand {q1_answer:.4f}; labels.cohen_kappa {labels.cohen_kappa(b, c):.4f}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check((messages["annotator_b"] == messages["annotator_c"]).mean())
assert q1.check(____).correct is None


# %% [markdown]
# ## 3 · Beyond one accuracy number
#
# From here on the fraud model is the one trained on what the business can label (caught labels plus
# the audit), graded on months 5-6 with the caught labels plus that month's audit. Every count below
# is an estimate for all of months 5-6: an audited row counts for the unlabelled rows it stands for.

# %% tags=["nbval-check-output"]
cm = metrics.confusion(y_ev, scores >= 0.5, sample_weight=w_ev)
always_legit = 1 - (w_ev @ yf) / w_ev.sum()
print(f"Estimated transactions in months 5-6 at threshold 0.50 ({w_ev.sum():,.0f} in all):")
print(pd.DataFrame({"flagged": [cm.tp, cm.fp], "not flagged": [cm.fn, cm.tn]},
                   index=["fraud", "legitimate"]).round(0).astype(int).to_string())

# %%
precision_05, recall_05 = precision_of(w_ev, flag_audit), recall_of(w_ev, flag_audit)
precision_band, recall_band = band(precision_of(W, flag_audit)), band(recall_of(W, flag_audit))
story.md(f"Accuracy is **{cm.accuracy:.1%}**, and a 'model' that calls every transaction legitimate scores "
         f"**{always_legit:.1%}**. Accuracy says almost nothing when fraud is rare; the confusion matrix "
         f"says the model catches about {cm.tp:,.0f} of an estimated {cm.tp + cm.fn:,.0f} frauds and raises about "
         f"{cm.fp:,.0f} false alarms.")

# %%
story.record_table([
    ("precision_at_05", precision_05, "Precision at threshold 0.5 (audit estimate)", "{:.1%}"),
    ("recall_at_05", recall_05, "Recall at threshold 0.5 (audit estimate)", "{:.1%}"),
])
story.md(f"Precision {precision_05:.0%} (95% bootstrap interval {precision_band[0]:.0%}-{precision_band[1]:.0%}), "
         f"recall {recall_05:.0%} ({recall_band[0]:.0%}-{recall_band[1]:.0%}). Both are wide: months 5-6 hold only "
         f"{int(test_known['label_observed'].sum())} caught frauds, and what happens among unlabelled transactions is "
         "known only through the audit, which found "
         f"{int((test_known['audited'] & test_known['label_known']).sum())} uncaught frauds and "
         f"{int((test_known['audited'] & ~test_known['label_known'] & (scores >= 0.5)).sum())} flagged legitimate "
         "transactions. Quote the interval, not the point.")

# %%
sweep = metrics.threshold_sweep(y_ev, scores, sample_weight=w_ev)
fig, ax = plots.figure()
flags_something = sweep["alerts"] > 0  # precision is undefined where nothing is flagged
ax.plot(sweep.loc[flags_something, "threshold"], sweep.loc[flags_something, "precision"], label="precision")
ax.plot(sweep["threshold"], sweep["recall"], label="recall")
ax.plot(sweep["threshold"], sweep["f1"], label="F1", ls="--")
plots.finish(ax, title="Raising the threshold buys precision with recall", xlabel="threshold (model score)",
             ylabel="rate (share), months 5-6, audit estimate",
             takeaway="There is no free threshold: pick it from what errors cost (section 4).")
plt.show()

# %% [markdown]
# **Recall on the high-risk segment.** Large transactions lose the most money when fraud gets
# through. Is the model as good there as overall?

# %% tags=["nbval-check-output"]
top = metrics.high_risk_segment(test["amount"], quantile=0.75)[known].astype(float)


def segment_table(flags):
    """Recall on the top quartile of amounts, the rest, and overall, with 95% bootstrap intervals."""
    out = {}
    for name, part in (("top quartile", top), ("rest", 1 - top), ("overall", np.ones_like(top))):
        out[name] = {"estimated frauds": w_ev @ (yf * part), "recall": recall_of(w_ev, flags, part),
                     "low": band(recall_of(W, flags, part))[0], "high": band(recall_of(W, flags, part))[1]}
    return pd.DataFrame(out).T


segment_05 = segment_table(flag_audit)
print("Recall at threshold 0.50, months 5-6 (audit estimate, 95% bootstrap interval):")
print(segment_05.round({"estimated frauds": 0, "recall": 2, "low": 2, "high": 2}).to_string())

# %%
story.md(f"Recall is **{segment_05.loc['top quartile', 'recall']:.0%}** on the top quartile of amounts "
         f"({segment_05.loc['top quartile', 'low']:.0%}-{segment_05.loc['top quartile', 'high']:.0%}) against "
         f"{segment_05.loc['rest', 'recall']:.0%} on the rest ({segment_05.loc['rest', 'low']:.0%}-"
         f"{segment_05.loc['rest', 'high']:.0%}). One overall number hides where the model catches fraud; small "
         "fraud (card testing) is cheap per case but often the first step of a larger attack. The gate grades "
         "this segment at the threshold the team will actually run (section 4), not at 0.50.")

# %% [markdown]
# **Does the validation set match production?** A common shortcut: build the validation set from all
# the known fraud cases and an equal number of legitimate ones. Half the rows are fraud; in production
# only a small share are.

# %% tags=["nbval-check-output"]
rng = np.random.default_rng(SEED)
fraud_rows = np.flatnonzero(y_ev)
legit_rows = rng.choice(np.flatnonzero(~y_ev & test_known["audited"].to_numpy()), size=len(fraud_rows), replace=False)
balanced = np.concatenate([fraud_rows, legit_rows])
yb, pb = y_ev[balanced], scores[balanced] >= 0.5
production_fraud_rate = (w_ev @ yf) / w_ev.sum()
weights = metrics.reweight_to_production(np.where(yb, "fraud", "legit"),
                                         {"fraud": production_fraud_rate, "legit": 1 - production_fraud_rate})
precision_balanced = metrics.confusion(yb, pb).precision
precision_reweighted = metrics.confusion(yb, pb, sample_weight=weights).precision
balanced_fp = metrics.confusion(yb, pb).fp
print(f"precision on the balanced set:         {precision_balanced:.0%}")
print(f"re-weighted to production's fraud mix: {precision_reweighted:.0%}")
print(f"estimated on production months:        {precision_05:.0%}")
print(f"false alarms behind the balanced estimate: {balanced_fp} of {len(legit_rows):,} legitimate rows")

# %%
story.record("precision_balanced_validation", precision_balanced, label="Precision on a balanced validation set", fmt="{:.1%}")
story.md(f"The balanced set reports **{precision_balanced:.0%}** precision, while production sees about "
         f"**{precision_05:.0%}**: same model, same threshold. Recall does not change with the mix, which is why a "
         f"mismatched validation set is so easy to miss. Re-weighting each class to its production share gives "
         f"{precision_reweighted:.0%}, but it rests on only {balanced_fp} false alarms among {len(legit_rows):,} "
         f"legitimate rows: too few to count false alarms that hit about {cm.fp / (cm.fp + cm.tn):.1%} of legitimate "
         "transactions. The "
         "honest fix is a validation sample drawn like production. Ask of every validation set: drawn how, from "
         "when, with what mix?")

# %%
q2 = nb02.bind_memo(y_test=y_ev, sample_weight=w_ev)

# %% [markdown]
# ### Exercise 2 · Which precision goes in the launch memo?

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = "b"
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check("a")
assert q2.check(____).correct is None


# %% [markdown]
# ## 4 · From model metrics to business metrics
#
# The operations lead does not think in precision. `metrics.business_impact` turns a confusion matrix
# into a day of work: each alert takes an analyst `REVIEW_MINUTES`, each false alarm costs
# `COST_FALSE_ALARM`, each fraud caught saves `LOSS_PER_MISSED_FRAUD`, scaled from months 5-6 to
# `DAILY_VOLUME` transactions a day. Two kinds of number meet here. **Alerts are counted**: every
# transaction gets a score, every alert lands on a reviewer's desk, so alerts and review hours come
# from the real alert count, with no weighting. **What the alerts catch is estimated**: which alerts
# are fraud, and how much fraud goes unflagged, is known only through the caught labels and the
# audit, so frauds caught, false alarms and dollars are audit estimates.

# %% tags=["nbval-check-output"]
costs = dict(daily_volume=DAILY_VOLUME, review_minutes=REVIEW_MINUTES, cost_false_alarm=COST_FALSE_ALARM,
             loss_per_missed_fraud=LOSS_PER_MISSED_FRAUD)


def counted_hours(thresholds):
    """Review hours a week at each threshold, from every alert of months 5-6 (counted, not weighted)."""
    return widgets_threshold.counted_review_hours(scores_all, thresholds, daily_volume=DAILY_VOLUME,
                                                  review_minutes=REVIEW_MINUTES)


def impact_at(threshold):
    """A day of operations at `threshold`: alerts and review hours counted, the rest audit estimates."""
    estimate = metrics.business_impact(metrics.confusion(y_ev, scores >= threshold, sample_weight=w_ev),
                                       threshold=threshold, **costs)
    hours = float(counted_hours([threshold])[0])
    return dataclasses.replace(estimate, review_hours_per_week=hours, alerts_per_day=hours * 60 / 7 / REVIEW_MINUTES)


def choose_threshold(y_known, scores_known, weights):
    """The most valuable threshold (audit estimate) among those whose counted alerts fit the review hours.

    Ties go to the higher threshold (fewer alerts for the same value)."""
    sweep_value = metrics.business_sweep(y_known, scores_known, sample_weight=weights, **costs)
    fits = counted_hours(sweep_value["threshold"]) <= REVIEW_CAPACITY_HOURS
    value = np.where(fits, sweep_value["net_value_per_day"], -np.inf)
    return float(sweep_value["threshold"].iloc[np.flatnonzero(value == value.max())[-1]])


best_threshold = float(metrics.cost_optimal_threshold(y_ev, scores, sample_weight=w_ev, **costs).threshold)
operating = choose_threshold(y_ev, scores, w_ev)
at_05, best, feasible = impact_at(0.5), impact_at(best_threshold), impact_at(operating)
readable = {"alerts_per_day": "alerts a day (counted)", "review_hours_per_week": "review hours a week (counted)",
            "false_alarms_per_day": "false alarms a day", "frauds_caught_per_day": "frauds caught a day",
            "frauds_missed_per_day": "frauds missed a day", "losses_avoided_per_day": "fraud stopped (dollars a day)",
            "losses_missed_per_day": "fraud missed (dollars a day)",
            "false_alarm_cost_per_day": "false-alarm cost (dollars a day)",
            "net_value_per_day": "net value (dollars a day)", "net_value_per_year": "net value (dollars a year)"}
order = list(readable)
impact = pd.DataFrame({"threshold 0.50": at_05.to_frame()["value"],
                       f"most valuable ({best.threshold:.2f})": best.to_frame()["value"],
                       f"best within {REVIEW_CAPACITY_HOURS:.0f} h/week ({operating:.2f})": feasible.to_frame()["value"]})
print("A day of production, from months 5-6 (alerts and review hours counted; the rest audit estimates):")
print(impact.loc[order].rename(index=readable).to_string(float_format=lambda v: f"{v:,.0f}"))

# %%
lowest_fitting = float(min(t for t in np.linspace(0, 1, 101) if counted_hours([t])[0] <= REVIEW_CAPACITY_HOURS))
how_chosen = ("It is the lowest threshold whose alerts fit the team's hours: the capacity, counted from alerts "
              "without any label, sets it, so choosing it on months 5-6 does not flatter the value graded on them."
              if operating == lowest_fitting else
              "It is chosen for its estimated value on the same months it is graded on, which flatters that value a "
              "little: a later month is the honest check.")
story.record_table([
    ("false_alarms_per_day", at_05.false_alarms_per_day, "False alarms per day at threshold 0.5 (audit estimate)", "{:,.0f}"),
    ("review_hours_per_week", at_05.review_hours_per_week, "Review hours per week at threshold 0.5 (counted)", "{:,.0f}"),
    ("cost_optimal_threshold", best.threshold, "Cost-optimal threshold", "{:.2f}"),
    ("feasible_threshold", operating, "Best threshold within review capacity (the operating threshold)", "{:.2f}"),
])
story.md(f"At threshold 0.50, \"{precision_05:.0%} precision\" means **{at_05.sentence()}**. Value "
         f"peaks at threshold **{best.threshold:.2f}** (net ${best.net_value_per_day:,.0f} a day), which needs "
         f"{best.review_hours_per_week:,.0f} review hours a week. With the team's {REVIEW_CAPACITY_HOURS:.0f} hours the "
         f"best threshold is **{operating:.2f}**: {feasible.review_hours_per_week:,.0f} review hours a week, worth "
         f"${feasible.net_value_per_day:,.0f} a day (point estimates; the gate adds their intervals). {how_chosen} "
         "When the most valuable threshold needs more hours than the team has, the constraint, not the model, sets "
         "the threshold.")

# %% [markdown]
# The model view and the business view of the chosen threshold, side by side, both per day of
# production; the grey band marks thresholds whose alerts (counted) the team cannot review. In a
# running kernel, move the threshold and the unit costs and both views redraw; on a static page
# (GitHub, the course site) the figure shows the starting point.

# %%
widgets_threshold.threshold_explorer(y_ev, scores, threshold=operating, sample_weight=w_ev, review_scores=scores_all,
                                     review_capacity_hours_per_week=REVIEW_CAPACITY_HOURS, **costs)

# %% [markdown]
# **The documented baseline.** The team already runs a rule: notebook 01's hand rule, *flag amounts
# over a limit from accounts younger than an age limit*, with both limits tuned on the training
# months (here months 1-4, on the labels the business has) to the alert rate the team can review
# (`scenarios.tune_hand_rule`). Rebuilt here from that definition, it is compared with the model on
# the same months, at the same number of alerts (if the rule fires more often than the model alerts,
# the team reviews its largest amounts first; if it fires less often, the model gets the rule's
# number), in the unit the threshold was chosen for: dollars a day.

# %% tags=["nbval-check-output"]
capacity_alert_rate = REVIEW_CAPACITY_HOURS * 60 / REVIEW_MINUTES / 7 / DAILY_VOLUME
rule_choice = scenarios.tune_hand_rule(train, max_alert_rate=capacity_alert_rate, target="label_known")
rule_fires = scenarios.hand_rule(test, min_amount=rule_choice.min_amount,
                                 max_account_age_days=rule_choice.max_account_age_days).to_numpy()
n_alerts = int((scores_all >= operating).sum())
volume = min(n_alerts, int(rule_fires.sum()))
flag_rule_all = metrics.flag_top(np.where(rule_fires, test["amount"].to_numpy(), -1.0), volume)
flag_model_all = metrics.flag_top(scores_all, volume)  # the model's `volume` highest scores
flag_rule, flag_model = flag_rule_all[known], flag_model_all[known]


def net_value(weights, flags):
    """Net dollars a day: fraud stopped minus false-alarm cost, scaled from months 5-6 to a day."""
    scale = DAILY_VOLUME / weights.sum(axis=-1)
    return scale * (LOSS_PER_MISSED_FRAUD * (weights @ (yf * flags)) - COST_FALSE_ALARM * (weights @ (lf * flags)))


rule_name = (f"tuned rule: over ${rule_choice.min_amount:,.0f}, account younger than "
             f"{rule_choice.max_account_age_days} days")
baseline = pd.DataFrame({
    "alerts (counted)": [n_alerts, volume, volume],
    "recall": [recall_of(w_ev, scores >= operating), recall_of(w_ev, flag_model), recall_of(w_ev, flag_rule)],
    "net value (dollars a day)": [net_value(w_ev, scores >= operating), net_value(w_ev, flag_model),
                                  net_value(w_ev, flag_rule)],
}, index=[f"model at {operating:.2f}", f"model, its {volume} highest scores", rule_name])
edge = net_value(w_ev, flag_model) - net_value(w_ev, flag_rule)
edge_low, edge_high = band(net_value(W, flag_model) - net_value(W, flag_rule))
print(f"The rule fires on {int(rule_fires.sum()):,} transactions of months 5-6; the model raises {n_alerts:,} alerts "
      f"at {operating:.2f}. Recall and net value are audit estimates:")
print(baseline.round({"recall": 2, "net value (dollars a day)": 0}).to_string(float_format=lambda v: f"{v:,.2f}"))

# %%
if rule_fires.sum() < n_alerts:
    volume_note = (f"The rule fires on only {int(rule_fires.sum()):,} transactions, so like is compared with like at "
                   f"{volume:,} alerts each; at its threshold the model also uses the review capacity the rule leaves "
                   f"idle ({n_alerts - volume:,} more alerts in months 5-6).")
else:
    volume_note = (f"The rule fires on {int(rule_fires.sum()):,} transactions, more than the model's {n_alerts:,} "
                   "alerts, so the team reviews its largest amounts first and both get the same number.")
edge_reading = ("the model is worth more than the rule" if edge_low > 0 else
                "the model is worth less than the rule" if edge_high < 0 else
                "the interval includes zero, so these months cannot tell the model from the rule")
story.md(f"At {volume:,} alerts each, the model's net value minus the tuned rule's is **${edge:,.0f} a day** (95% "
         f"bootstrap interval ${edge_low:,.0f} to ${edge_high:,.0f}): {edge_reading}. {volume_note} This is the number the "
         "launch memo needs: not how good the model is, but how much better than what the team already does.")


# %%
def threshold_evidence(threshold):
    """Counted review hours and the audit estimate of net value a day, with its 95% bootstrap interval."""
    flags = scores >= threshold
    low, high = band(net_value(W, flags))
    return {"threshold": threshold, "review hours a week (counted)": float(counted_hours([threshold])[0]),
            "net value a day": float(net_value(w_ev, flags)), "low": low, "high": high}


q3 = nb02.bind_threshold(evidence=threshold_evidence, capacity_hours=REVIEW_CAPACITY_HOURS)


# %% [markdown]
# ### Exercise 3 · Pick and defend an operating threshold
#
# `threshold_evidence(t)` takes the evidence again at any threshold `t`.

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
for t in (round(operating - 0.02, 2), operating, round(operating + 0.05, 2)):
    e = threshold_evidence(t)
    print(f"threshold {t:.2f}: {e['review hours a week (counted)']:,.0f} review h/week, net "
          f"${e['net value a day']:,.0f} a day (95% interval ${e['low']:,.0f} to ${e['high']:,.0f})")
chosen = threshold_evidence(operating)  # the most valuable threshold whose alerts fit the team's hours
q3_answer = (operating, round(chosen["low"], -3) - 1_000)  # promise no more than the interval's low end
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((operating, threshold_evidence(operating)["net value a day"]))  # the point estimate
assert not q3.check((0.0, 1_000))  # every transaction an alert: far beyond the review hours
assert q3.check(____).correct is None


# %% [markdown]
# ## 5 · Ethical review on real lending decisions
#
# The HMDA data hold real Boston mortgage applications from 1990 and the lender's decision. A
# model that predicts denial from the application (without `race`) is scored out-of-fold, so every
# applicant gets a prediction from a model that never saw them. The threshold is set so the model
# denies as many applicants as the lenders did.

# %%
hmda = data.load_hmda()
X, y_deny, race = hmda.drop(columns=["deny", "race"]), hmda["deny"].to_numpy(), hmda["race"]
deny_score = np.zeros(len(hmda))
for fit_rows, score_rows in StratifiedKFold(5, shuffle=True, random_state=SEED).split(X, y_deny):
    fold_model = models.fit_tabular_classifier(X.iloc[fit_rows], y_deny[fit_rows])
    deny_score[score_rows] = fold_model.predict_proba(X.iloc[score_rows])[:, 1]
deny_threshold = float(np.quantile(deny_score, 1 - y_deny.mean()))
deny_pred = deny_score >= deny_threshold
story.md(f"Denial rate: {y_deny.mean():.1%} in the data, {deny_pred.mean():.1%} predicted "
         f"(threshold {deny_threshold:.2f}). Groups: " + ", ".join(f"{g} {n:,}" for g, n in race.value_counts().items()))

# %% tags=["nbval-check-output"]
groups = fairness.by_group(y_deny, deny_pred, sensitive_features=race, confidence=0.95)
print("By group (shares of the group's applicants):")
print(groups[["count", "base_rate", "selection_rate", "tpr", "fpr"]].set_axis(
    ["applicants", "lenders denied", "model denies", "model denies, of lenders' denials",
     "model denies, of lenders' approvals"], axis=1).round(2).to_string())
gaps = fairness.fairness_intervals(y_deny, deny_pred, sensitive_features=race, favourable=0,
                                   n_boot=n_boot, seed=SEED)
print("\nGaps between the groups (95% bootstrap interval):")
print(gaps.round(2).to_string())

# %% tags=["nbval-check-output"]
ff = fairness.four_fifths_rule(deny_pred, sensitive_features=race, favourable=0)
ff_lenders = fairness.four_fifths_rule(y_deny, sensitive_features=race, favourable=0)
ff_low, ff_high = gaps.loc["four_fifths_impact_ratio", "low"], gaps.loc["four_fifths_impact_ratio", "high"]
rng = np.random.default_rng(SEED)
ratio_model, ratio_lenders = np.empty(n_boot), np.empty(n_boot)
for b in range(n_boot):  # resample applicants: both ratios on the same resample, so their difference is paired
    pick = rng.integers(0, len(hmda), len(hmda))
    ratio_model[b] = fairness.four_fifths_rule(deny_pred[pick], sensitive_features=race.iloc[pick], favourable=0).impact_ratio
    ratio_lenders[b] = fairness.four_fifths_rule(y_deny[pick], sensitive_features=race.iloc[pick], favourable=0).impact_ratio
lenders_low, lenders_high = band(ratio_lenders)
diff_low, diff_high = band(ratio_model - ratio_lenders)
print(f"Approval-rate ratio, lowest group over highest (the four-fifths rule asks for at least {ff.threshold:.2f}):")
print(f"  model:                      {ff.impact_ratio:.2f} (95% bootstrap interval {ff_low:.2f} to {ff_high:.2f})")
print(f"  lenders' own decisions:     {ff_lenders.impact_ratio:.2f} ({lenders_low:.2f} to {lenders_high:.2f})")
print(f"  model minus lenders:        {ff.impact_ratio - ff_lenders.impact_ratio:+.2f} ({diff_low:+.2f} to {diff_high:+.2f})")

# %%
ff_status = gates.criterion("four-fifths", ff.impact_ratio, ">=", ff.threshold, interval=(ff_low, ff_high),
                            evidence="HMDA, 95% bootstrap").status
ff_reading = {"pass": f"lies wholly above {ff.threshold:.2f}: the data support a pass",
              "fail": f"lies wholly below {ff.threshold:.2f}: the data support a failure of the rule",
              "inconclusive": f"straddles {ff.threshold:.2f}: the data cannot yet say whether the model passes or "
                              "fails the rule"}[ff_status]
vs_lenders = (f"the difference, {ff.impact_ratio - ff_lenders.impact_ratio:+.2f} ({diff_low:+.2f} to {diff_high:+.2f}), "
              "includes zero: the model is not measurably fairer or less fair than the decisions it learned from"
              if diff_low <= 0 <= diff_high else
              f"the difference, {ff.impact_ratio - ff_lenders.impact_ratio:+.2f} ({diff_low:+.2f} to {diff_high:+.2f}), "
              "excludes zero: the model's ratio differs measurably from the lenders' own")
eo = gaps.loc["equalized_odds_difference"]
story.record_table([
    ("four_fifths_ratio", ff.impact_ratio, "Four-fifths impact ratio (approval)", "{:.2f}"),
    ("four_fifths_ratio_lenders", ff_lenders.impact_ratio, "Four-fifths impact ratio, lenders' decisions", "{:.2f}"),
    ("equalized_odds_difference", eo["estimate"], "Equalised-odds difference (HMDA)", "{:.3f}"),
])
story.md(f"Under the model, {ff.lowest_group} applicants are approved at {ff.rates[ff.lowest_group]:.0%} and "
         f"{ff.reference_group} applicants at {ff.rates[ff.reference_group]:.0%}: a ratio of **{ff.impact_ratio:.2f}**, "
         f"whose 95% interval ({ff_low:.2f}-{ff_high:.2f}) {ff_reading}. The lenders' own decisions give "
         f"{ff_lenders.impact_ratio:.2f} ({lenders_low:.2f}-{lenders_high:.2f}); {vs_lenders}. Among applicants the "
         f"lenders approved, the model would deny {groups['fpr'].iloc[0]:.0%} of {groups.index[0]} and "
         f"{groups['fpr'].iloc[1]:.0%} of {groups.index[1]} applicants; the equalised-odds difference is "
         f"{eo['estimate']:.2f} ({eo['low']:.2f}-{eo['high']:.2f}). The smaller group has only "
         f"{groups['count'].min():,} applicants, so its rates carry wide intervals: a gap measured on a small group "
         "needs its interval beside it.")

# %%
lenders_approve = pd.DataFrame(
    [(1 - row["base_rate"],) + metrics.wilson_interval(int(round(row["count"] * (1 - row["base_rate"]))), int(row["count"]))
     for _, row in groups.iterrows()], index=groups.index, columns=["rate", "low", "high"])
bars = [("approved by the lenders (HMDA record)", lenders_approve["rate"], lenders_approve["low"], lenders_approve["high"]),
        ("approved by the model", 1 - groups["selection_rate"], 1 - groups["selection_rate_high"],
         1 - groups["selection_rate_low"]),
        ("approved by the model, of the lenders' approvals", 1 - groups["fpr"], 1 - groups["fpr_high"], 1 - groups["fpr_low"])]
fig, ax = plots.figure()
pos = np.arange(len(groups))
for i, (label, rate, low, high) in enumerate(bars):
    ax.bar(pos + (i - 1) * 0.27, rate, 0.27, yerr=[rate - low, high - rate], capsize=3, label=label)
ax.set_xticks(pos, [f"{g} ({n:,} applicants)" for g, n in groups["count"].items()])
ax.set_ylim(0, 1.4)  # room above the bars for the legend
ax.set_yticks(np.linspace(0, 1, 6))
low_g, ref_g = ff.lowest_group, ff.reference_group
plots.finish(ax, title=(f"The model approves {low_g} applicants at {ff.rates[low_g]:.0%} against {ff.rates[ref_g]:.0%} "
                        f"for {ref_g};\nthe lenders approved {ff_lenders.rates[low_g]:.0%} and "
                        f"{ff_lenders.rates[ref_g]:.0%}"),
             xlabel="applicant group", ylabel="share approved (bars: 95% Wilson intervals)",
             takeaway=f"Approval ratio {ff.impact_ratio:.2f} for the model, {ff_lenders.impact_ratio:.2f} for the "
                      "lenders it learned from; longer error bars for the smaller group.", legend=False)
ax.legend(loc="upper left", fontsize=8, frameon=False)
plt.show()

# %% [markdown]
# **Which features drive the decisions?** Permutation importance shuffles one feature at a time and
# measures how much worse the model ranks applicants (ROC AUC, on the last fold's held-out applicants).

# %% tags=["nbval-check-output"]
importance = permutation_importance(fold_model, X.iloc[score_rows], y_deny[score_rows], scoring="roc_auc",
                                    n_repeats=2 if FAST else 5, random_state=SEED, n_jobs=1)
drivers = pd.Series(importance.importances_mean, index=X.columns).sort_values(ascending=False)
print("ROC AUC lost when the feature is shuffled (top six):")
for feature, lost in drivers.head(6).items():
    print(f"  {feature:<10} {lost:.3f}")

# %%
applicant = hmda.index[np.argsort(-deny_score, kind="stable")[len(hmda) // 20]]
why = fairness.explain_decision(fold_model, X, applicant)
story.md(f"One decision explained: applicant {applicant} gets a denial probability of "
         f"**{why.attrs['probability']:.0%}**. Setting `{why.index[0]}` to its typical value "
         f"({why['typical'].iloc[0]}) would change it to {why['probability_if_typical'].iloc[0]:.0%}.")
why.head(5).round({"probability_if_typical": 2, "pushed_by": 2})

# %% [markdown]
# **Risk list.** Numbers from the review above go into a documented list a compliance reviewer can
# check and a later team can monitor.

# %%
top_feature = drivers.index[0]
ff_word = {"pass": "passes", "fail": "fails", "inconclusive": "not yet decided on"}[ff_status]
risks = pd.DataFrame([
    ("Disparate impact", f"approval ratio {ff.impact_ratio:.2f} (95% interval {ff_low:.2f}-{ff_high:.2f}; {ff_word} "
                         f"the four-fifths rule); lenders' own {ff_lenders.impact_ratio:.2f}",
     "report by-group rates with intervals at every retrain; human review of denials near the threshold"),
    ("Unequal errors", f"equalised-odds difference {eo['estimate']:.2f} (95% interval {eo['low']:.2f}-{eo['high']:.2f})",
     "compare error rates, not only approval rates"),
    ("Proxy features", f"top driver `{top_feature}`; race excluded but correlated features remain",
     "check feature distributions by group; justify each feature's business need"),
    ("Historical labels", "labels are past lenders' decisions, not repayment", "seek outcome data; document the limitation"),
    ("Small group", f"{groups['count'].min():,} applicants in the smallest group", "never quote a gap without its interval"),
], columns=["risk", "evidence", "mitigation"])
risks

# %%
q4, q5 = nb02.bind_fairness(hmda_pred=deny_pred, hmda_group=race)

# %% [markdown]
# ### Exercise 4 · The four-fifths ratio by hand

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
approved = pd.Series(deny_pred == 0).groupby(race.to_numpy()).mean()  # each group's approval rate
q4_answer = approved.min() / approved.max()
print(f"by hand {q4_answer:.4f}; fairness.four_fifths_rule {ff.impact_ratio:.4f}")
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(fairness.four_fifths_rule(deny_pred, sensitive_features=race, favourable=1).impact_ratio)
assert q4.check(____).correct is None

# %% [markdown]
# ### Exercise 5 · A risk the metrics do not show
#
# A discussion: write your answer, then compare it with `q5.solution()`.

# %%
q5


# %% [markdown]
# ## 6 · Decision gate 2
#
# Go to deployment only if the labels are trustworthy, the metric is measured the way production will
# see it, the threshold pays for itself within the team's review capacity and beats the rule the team
# already runs, and the model treats segments alike. Every sampled number is decided on its 95%
# interval; counts that every alert supplies (review hours) are facts. The gate is a function of the
# audit size and the threshold, so it can be taken again with other choices (Exercise 6).

# %%
top_all = metrics.high_risk_segment(test["amount"], quantile=0.75)  # the largest quarter of amounts, months 5-6


def band_of_largest_gap(replicates, estimate, level=0.95):
    """Percentile bootstrap interval of the largest gap itself (a maximum of differences, never below 0).

    Resampled maxima run high, so the estimate can fall below the interval; then the interval is stretched
    down to it, and the second value says so."""
    low, high = band(replicates, level)
    return (min(low, estimate), max(high, estimate)), not low <= estimate <= high


def take_gate_2(audit_per_month=AUDIT_PER_MONTH, threshold=None):
    """Gate 2 graded with an audit of `audit_per_month` transactions a month in months 5-6, at `threshold`.

    The models stay as trained; the grading audit is redrawn (the same draws as section 1 at the default size).
    Without `threshold`, the operating threshold is chosen as in section 4. Returns the gate and its numbers."""
    graded = draw_audit(payments, audit_per_month).loc[test.index]
    in_audit = graded["weight"].to_numpy() > 0
    rows, boot = known_rows(graded, SEED + 1)
    fraud = rows["label_known"].to_numpy().astype(float)
    legit, w = 1 - fraud, rows["weight"].to_numpy()
    s = scores_all[in_audit]
    t = choose_threshold(rows["label_known"].to_numpy(), s, w) if threshold is None else float(threshold)

    def rate(weights, flags, of):  # weighted share of `of` that is flagged
        with np.errstate(invalid="ignore", divide="ignore"):
            return (weights @ (of * flags)) / (weights @ of)

    def value(weights, flags):
        scale = DAILY_VOLUME / weights.sum(axis=-1)
        return scale * (LOSS_PER_MISSED_FRAUD * (weights @ (fraud * flags)) - COST_FALSE_ALARM * (weights @ (legit * flags)))

    alerts = int((scores_all >= t).sum())
    flag = s >= t
    flag_caught_only = metrics.flag_top(scores_observed_all, alerts)[in_audit]  # same number of alerts
    lost = 100 * (rate(w, flag, fraud) - rate(w, flag_caught_only, fraud))
    lost_i = tuple(100 * x for x in band(rate(boot, flag, fraud) - rate(boot, flag_caught_only, fraud)))
    top = top_all[in_audit].astype(float)
    top_recall, top_i = rate(w, flag, fraud * top), band(rate(boot, flag, fraud * top))
    hours = float(counted_hours([t])[0])
    net, net_i = value(w, flag), band(value(boot, flag))
    same = min(alerts, int(rule_fires.sum()))
    model_same = metrics.flag_top(scores_all, same)[in_audit]
    rule_same = metrics.flag_top(np.where(rule_fires, test["amount"].to_numpy(), -1.0), same)[in_audit]
    edge_t = value(w, model_same) - value(w, rule_same)
    edge_i = band(value(boot, model_same) - value(boot, rule_same))
    segment = rows["segment"].to_numpy()

    def largest_gap(weights):
        parts = [(segment == name).astype(float) for name in np.unique(segment)]
        tpr = np.array([rate(weights, flag, fraud * part) for part in parts])
        fpr = np.array([rate(weights, flag, legit * part) for part in parts])
        return np.maximum(tpr.max(axis=0) - tpr.min(axis=0), fpr.max(axis=0) - fpr.min(axis=0))

    eo = float(largest_gap(w))
    eo_i, stretched = band_of_largest_gap(largest_gap(boot), eo)
    note = (f"caught labels + audit of {audit_per_month:,} unlabelled transactions a month, 95% bootstrap "
            "over caught frauds and audit")
    eo_note = ("; the estimate lies outside the bootstrap's central 95% (resampled largest gaps run high), so the "
               "interval is stretched to include it" if stretched else "")
    gate = gates.Gate("Gate 2: data and success metrics", [
        gates.criterion("Annotators agree beyond chance (Fleiss' kappa)", agreement.fleiss_kappa, ">=", 0.6,
                        interval=(kappa_low, kappa_high), n=len(ratings),
                        evidence=f"{len(ratings)} messages x 3 annotators (written and simulated for the kit), "
                                 "95% bootstrap over messages", fmt="{:.2f}"),
        gates.criterion(f"Recall lost to caught-only labels at threshold {t:.2f} (points)", lost, "<=", 5.0,
                        interval=lost_i,
                        evidence=f"model with the audit at {t:.2f} ({alerts:,} alerts) minus the caught-only model "
                                 f"given the same {alerts:,} alerts, months 5-6; {note}",
                        settle="a larger audit (AUDIT_PER_MONTH): more audited frauds narrow the interval", fmt="{:.1f}"),
        gates.criterion(f"Recall on top-quartile amounts at threshold {t:.2f}", top_recall, ">=", 0.5,
                        interval=top_i, evidence=f"months 5-6; {note}",
                        settle="a larger audit, or more months of caught labels", fmt="{:.0%}"),
        gates.criterion("Review hours a week within the team's capacity", hours, "<=", REVIEW_CAPACITY_HOURS,
                        evidence=f"a fact, not a sample: every one of the {alerts:,} alerts at {t:.2f} in months "
                                 f"5-6 counted, scaled to {DAILY_VOLUME:,} transactions a day at "
                                 f"{REVIEW_MINUTES:g} minutes each", fmt="{:,.0f}"),
        gates.criterion(f"Net value per day at threshold {t:.2f}", net, ">", 0, interval=net_i,
                        evidence=f"fraud stopped minus false-alarm cost; {note}", settle="a larger audit",
                        fmt="${:,.0f}"),
        gates.criterion("Net value per day above the tuned hand rule (notebook 01's rule, same alert volume)", edge_t,
                        ">", 0, interval=edge_i,
                        evidence=f"{same:,} alerts each ({rule_name}); {note}",
                        settle="a larger audit, or more months: the difference is small against its spread",
                        fmt="${:,.0f}"),
        gates.criterion(f"Equalised-odds difference across customer segments at threshold {t:.2f}", eo, "<=", 0.15,
                        interval=eo_i,
                        evidence=f"largest gap in fraud caught (TPR) or false alarms (FPR) between consumer, small "
                                 f"business and new market; 95% percentile bootstrap of the largest gap itself; "
                                 f"{note}{eo_note}",
                        settle="more audited fraud in the smallest segment (a larger or segment-stratified audit)",
                        fmt="{:.2f}"),
        gates.judgement("Validation set matches production", True,
                        evidence="graded on production months with caught labels plus a random audit; a balanced "
                                 f"set would have claimed {precision_balanced:.0%} precision"),
    ])
    numbers = dict(threshold=t, alerts=alerts, lost=lost, lost_interval=lost_i, top_recall=top_recall, hours=hours,
                   net=net, net_interval=net_i, edge=edge_t, edge_interval=edge_i, eo=eo, eo_interval=eo_i)
    return gate, numbers


gate, at_gate = take_gate_2()
story.record_table([
    ("recall_top_quartile", at_gate["top_recall"], f"Recall on top-quartile amounts at threshold {operating:.2f}", "{:.1%}"),
    ("recall_lost_points_operating", at_gate["lost"],
     f"Recall lost to caught-only labels at threshold {operating:.2f}, same alerts", "{:.1f} points"),
    ("review_hours_operating", at_gate["hours"], f"Review hours a week at threshold {operating:.2f} (counted)", "{:,.0f}"),
])
gate.record()
gate

# %%
verdict = gate.verdict
explain = {"GO": "every criterion clears its line across its whole interval.",
           "NO-GO": "at least one criterion lies wholly on the wrong side of its line: " + "; ".join(gate.failed) + ".",
           "NOT YET": "nothing fails outright, but these intervals straddle their lines: "
                      + "; ".join(gate.inconclusive) + "."}[verdict]
settle_note = ("The table says what would settle each open line: more messages for agreement, and for everything "
               "graded on the audit a larger audit (`AUDIT_PER_MONTH` sets how many unlabelled transactions the team "
               "investigates, and so how wide those intervals are)." if gate.inconclusive else "")
story.md(f"**Verdict: {verdict}.** The gate says {explain} {settle_note}")

# %%
largest_audit = int(min((~test_month_rows["label_observed"]).sum() for _, test_month_rows in test.groupby("month")))
q6 = nb02.bind_gate(take_gate=lambda size: take_gate_2(audit_per_month=size)[0], default_size=AUDIT_PER_MONTH,
                    largest_size=largest_audit)


# %% [markdown]
# ### Exercise 6 · How large an audit does gate 2 need?

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
audit_bigger = min(3 * AUDIT_PER_MONTH, largest_audit)  # no month can audit more than its unlabelled transactions
gate_bigger, at_bigger = take_gate_2(audit_per_month=audit_bigger)
print(gate_bigger)
q6_answer = (audit_bigger, gate_bigger.verdict)
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check((audit_bigger, next(v for v in ("GO", "NO-GO", "NOT YET") if v != gate_bigger.verdict)))
assert q6.check(____).correct is None
