# %% [markdown]
# # 02 · Data, labels and success metrics
#
# Stage 2 of the lifecycle is where most AI products are won or lost: before anyone tunes a model,
# somebody has to ask what the labels really say, whether the metric means anything to the business,
# and who the model fails.
#
# **You will be able to**
# - audit a label source for bias (caught-only fraud labels, a survey answered by the unhappy few) and
#   measure what it does to a model;
# - write a labelling guideline, measure agreement with Cohen's and Fleiss' kappa, pick the items to
#   adjudicate, and estimate how long labelling really takes;
# - replace one accuracy number with a confusion matrix, precision, recall and F1 with intervals, a
#   threshold sweep and recall on the high-risk segment, and check the validation set against production;
# - translate a threshold into false alarms a day, review hours a week and dollars, and choose the
#   threshold by cost;
# - run an ethical review on real lending decisions: rates by group with intervals, the four-fifths
#   rule, equalised odds, what drives a decision, and a written risk list.
#
# **Time:** 75 minutes.
#
# **PM job:** data strategy, performance governance, ethics and compliance, and technical-to-business
# translation.

# %% tags=["parameters"]
SEED = 42
FAST = False
N_TRANSACTIONS = 40_000  # payments simulated over six months
CATCH_RATE = 0.6  # share of fraud that ever gets a chargeback label
DAILY_VOLUME = 20_000  # transactions a day in production
REVIEW_MINUTES = 5.0  # analyst minutes per alert
COST_FALSE_ALARM = 25.0  # dollars per false alarm: analyst time, a blocked customer, a support call
LOSS_PER_MISSED_FRAUD = 400.0  # dollars lost per fraud that gets through
REVIEW_CAPACITY_HOURS = 120.0  # review hours the team has each week
SURVEY_RESPONSE_RATE = 0.02  # share of customers who answer the satisfaction survey

# %%
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

n_rows = 15_000 if FAST else N_TRANSACTIONS
n_boot = 500 if FAST else 2_000

# %% [markdown]
# ## 1 · Audit the label sources
#
# The simulated payments business knows the truth (`is_fraud`), which no real business does. What the
# business sees is `label_observed`: fraud it caught and charged back. Large, obvious fraud is caught
# more often than small fraud, so the labels are not a random sample of the truth.

# %%
payments = scenarios.make_payments(n_rows, seed=SEED, caught_only=True, catch_rate=CATCH_RATE,
                                   drift_month=None, incident=False)
payments["amount_quartile"] = pd.qcut(payments["amount"], 4, labels=["Q1 (smallest)", "Q2", "Q3", "Q4 (largest)"])
audit = (payments[payments["is_fraud"]].groupby("amount_quartile", observed=True)["label_observed"]
         .agg(fraud_cases="size", labelled_share="mean"))
labelled_share = float(payments.loc[payments["is_fraud"], "label_observed"].mean())
audit

# %%
story.record("labelled_share_of_fraud", labelled_share, label="Share of real fraud that gets a label", fmt="{:.1%}")
story.md(f"Only **{labelled_share:.0%}** of the real fraud ever gets a label, and the share climbs from "
         f"{audit['labelled_share'].iloc[0]:.0%} in the smallest-amount quartile to "
         f"{audit['labelled_share'].iloc[-1]:.0%} in the largest. Whatever the business cannot see, "
         "a model trained on its labels learns to call normal.")

# %% [markdown]
# Train the same model twice on months 1-4: once on the labels the business really has, once on the
# truth. Both flag a transaction when its fraud probability is at least 0.5; score months 5-6
# **against the truth**.

# %%
train, test = scenarios.split_by_time(payments, train_months=[1, 2, 3, 4], test_months=[5, 6])
model_observed = models.fit_fraud_model(train, target="label_observed", seed=SEED, max_iter=100)
model_truth = models.fit_fraud_model(train, target="is_fraud", seed=SEED, max_iter=100)
y_test = test["is_fraud"].to_numpy()
scores_observed = models.fraud_scores(model_observed, test)
scores = models.fraud_scores(model_truth, test)


# %% tags=["nbval-check-output"]
flag_observed, flag_truth = scores_observed >= 0.5, scores >= 0.5
recall_seen_by_business = metrics.confusion(test["label_observed"], flag_observed).recall
recall_observed = metrics.confusion(y_test, flag_observed).recall
recall_truth = metrics.confusion(y_test, flag_truth).recall
by_quartile = pd.DataFrame({
    "trained on caught-only labels": metrics.recall_by_segment(y_test, flag_observed, test["amount_quartile"])["recall"],
    "trained on the truth": metrics.recall_by_segment(y_test, flag_truth, test["amount_quartile"])["recall"],
}).round(3)
print(by_quartile)

# %%
story.record("recall_caught_only_vs_truth", recall_observed, label="Recall vs truth, model trained on caught-only labels", fmt="{:.1%}")
story.record("recall_truth_vs_truth", recall_truth, label="Recall vs truth, model trained on the truth", fmt="{:.1%}")
story.md(f"Graded on its own labels, the model trained on caught-only labels *looks* like it catches "
         f"**{recall_seen_by_business:.0%}** of fraud. Against the truth it catches **{recall_observed:.0%}** "
         f"({flag_observed.sum():,} alerts); the same model trained on the truth catches **{recall_truth:.0%}** "
         f"({flag_truth.sum():,} alerts). Having seen so little labelled fraud, the first model believes "
         "fraud is rarer than it is, most of all where labels are scarce, and stays quiet. The fix is a "
         "label source for uncaught fraud: for example, a random audit sample of unflagged transactions.")

# %% [markdown]
# The second biased source: a satisfaction survey that only a small share of customers answer, and
# unhappy customers answer far more often than happy ones.

# %%
survey_setup = dict(satisfied_share=0.85, response_rate=SURVEY_RESPONSE_RATE, unhappy_response_multiplier=6)
survey = labels.simulate_survey(20_000 if FAST else 100_000, seed=SEED, **survey_setup)
bigger = labels.simulate_survey(2_000_000, seed=SEED, **survey_setup)
story.md(f"Suppose {survey_setup['satisfied_share']:.0%} of customers are satisfied, "
         f"{SURVEY_RESPONSE_RATE:.0%} answer the survey, and an unhappy customer is "
         f"{survey_setup['unhappy_response_multiplier']} times as likely to answer as a happy one.")
survey

# %%
story.record("survey_bias", survey.bias, label="Survey satisfaction minus true satisfaction", fmt="{:+.1%}")
story.md(f"The survey says **{survey.measured_satisfaction:.0%}** satisfied (95% interval "
         f"{survey.low:.0%} to {survey.high:.0%}); the truth is **{survey.true_satisfaction:.0%}**. Twenty "
         f"times more customers ({bigger.n_responses:,} answers) narrows the interval to "
         f"{bigger.low:.1%}-{bigger.high:.1%}, still around the wrong value: an interval measures noise, "
         "never who chose to answer. A churn or satisfaction model trained on survey labels inherits the "
         "same skew.")

# %% [markdown]
# ## 2 · Labels: guideline, agreement, adjudication
#
# The kit ships a set of short support messages, each labelled by three annotators following the written
# guideline in `datasets/labelling_guideline.md` (five intents: `fraud`, `access`, `dispute`,
# `payment_failed`, `other`). A senior reviewer's `adjudicated` label settles disagreements.

# %%
messages = labels.load_support_messages()
ratings = messages[list(labels.ANNOTATORS)]
messages.head(4)

# %% tags=["nbval-check-output"]
agreement = labels.agreement_report(ratings)
print(agreement.pairwise.round(3).to_string(index=False))
print(f"Fleiss' kappa: {agreement.fleiss_kappa:.3f}")

# %%
story.record("fleiss_kappa", agreement.fleiss_kappa, label="Fleiss' kappa, support messages", fmt="{:.3f}")
weak = agreement.weakest_pair
story.md(f"All three annotators agree on **{agreement.unanimous_share:.0%}** of messages. Fleiss' kappa is "
         f"**{agreement.fleiss_kappa:.2f}** (1 is perfect agreement, 0 is chance; many teams ask for at "
         f"least 0.6 before training). The weakest pair is {weak[0]} and {weak[1]}. Kappa hides *where* "
         "they disagree, so look at the label pairs they mix up:")
confusions = labels.label_confusions(ratings)
confusions.head(6).round(3)

# %%
top_pair = confusions.iloc[0]
why_pair = ("\"I don't recognise this charge\" reads as either, and rule 2 of the guideline exists for it"
            if {top_pair["label_1"], top_pair["label_2"]} == {"fraud", "dispute"} else
            "the guideline needs a sharper rule and an example for it")
story.md(f"The biggest confusion is between `{top_pair['label_1']}` and `{top_pair['label_2']}` "
         f"({top_pair['share']:.0%} of disagreeing pairs): {why_pair}. That is a guideline problem before it "
         "is an annotator problem. Next, the queue for the senior reviewer, messages with no majority first:")
queue = labels.items_to_adjudicate(ratings)
story.md(f"**{len(queue)}** of {len(ratings)} messages need adjudication, "
         f"{(queue['status'] == 'no majority').sum()} of them with no majority label at all.")
queue.join(messages["text"]).head(5)

# %% [markdown]
# **What label noise does to measured precision.** A simple keyword router sends messages to the fraud
# desk. Its precision depends on whose labels you grade it against.

# %% tags=["nbval-check-output"]
router = messages["text"].str.contains(
    r"didn't make|did not make|wasn't me|not by me|never made|none mine|didn't send|didn't do|stolen|"
    r"unauthori|scam|don't recognise|can't place|never heard|i approved nothing|didn't change", case=False)
graded = pd.Series({who: metrics.confusion(messages[who] == "fraud", router).precision
                    for who in list(labels.ANNOTATORS) + ["adjudicated"]}, name="router precision")
print(graded.round(3).to_string())

# %%
story.md(f"The same router, unchanged, scores between **{graded.min():.0%}** and **{graded.max():.0%}** "
         "precision depending on the grader. A noisy evaluation set moves the metric more than many "
         "model changes would.")
noise = labels.precision_under_label_noise(y_test, scores >= 0.5, noise_rates=[0, 0.005, 0.01, 0.02, 0.05],
                                           seed=SEED, n_repeats=10 if FAST else 20)
noise.round(3)

# %%
story.md(f"On the fraud model, flipping just {noise['noise_rate'].iloc[2]:.0%} of test labels barely moves "
         f"measured precision ({noise['true_precision'].iloc[0]:.0%} -> {noise['measured_precision'].iloc[2]:.0%}) "
         f"but drops measured recall from {noise['true_recall'].iloc[0]:.0%} to "
         f"{noise['measured_recall'].iloc[2]:.0%}: when fraud is rare, a few wrong labels among the many "
         "legitimate transactions create 'missed fraud' the model never could have caught.")

# %% [markdown]
# **Why labelling takes several times longer than planned.** The plan counts one pass per annotator.
# The work also includes a slow start, calibration rounds, adjudication of the disagreements measured
# above, re-labelling after guideline changes, and quality review.

# %%
effort = labels.labelling_effort(len(messages), seconds_per_item=20, n_annotators=3,
                                 disagreement_rate=1 - agreement.unanimous_share)
story.record("labelling_effort_ratio", effort.ratio, label="Realistic labelling hours / planned hours", fmt="{:.1f}x")
story.md(f"Planned: **{effort.planned_hours:.1f} hours**. Realistic: **{effort.realistic_hours:.1f} hours**, "
         f"{effort.ratio:.1f}x the plan. Teams often report three to five times the plan; the breakdown shows "
         "where the extra time goes, and every line is an assumption you can change.")
effort.to_frame().round(2)

# %% [markdown]
# ## 3 · Beyond one accuracy number
#
# From here on the fraud model is the one trained on the truth (what the label audit in section 1 is
# working towards), graded on months 5-6 against the truth.

# %% tags=["nbval-check-output"]
cm = metrics.confusion(y_test, scores >= 0.5)
always_legit = 1 - y_test.mean()
print(cm)
print(cm.to_frame().round(4))

# %%
story.md(f"Accuracy is **{cm.accuracy:.1%}**, and a 'model' that calls every transaction legitimate scores "
         f"**{always_legit:.1%}**. Accuracy says almost nothing when fraud is rare; the confusion matrix "
         f"says the model catches {cm.tp:,} of {cm.positives:,} frauds and raises {cm.fp:,} false alarms.")
report = metrics.classification_report(y_test, scores >= 0.5, method="wilson", seed=SEED, n_boot=n_boot)
report.to_frame().round(3)

# %%
story.record("precision_at_05", report.precision.value, label="Precision at threshold 0.5", fmt="{:.1%}")
story.record("recall_at_05", report.recall.value, label="Recall at threshold 0.5", fmt="{:.1%}")
story.md(f"Precision {report.precision.value:.0%} (95% interval {report.precision.low:.0%}-"
         f"{report.precision.high:.0%}), recall {report.recall.value:.0%} ({report.recall.low:.0%}-"
         f"{report.recall.high:.0%}). The recall interval rests on only {report.recall.n:,.0f} frauds: "
         "quote the interval, not the point.")

# %%
sweep = metrics.threshold_sweep(y_test, scores)
fig, ax = plots.figure()
flags_something = sweep["alerts"] > 0  # precision is undefined where nothing is flagged
ax.plot(sweep.loc[flags_something, "threshold"], sweep.loc[flags_something, "precision"], label="precision")
ax.plot(sweep["threshold"], sweep["recall"], label="recall")
ax.plot(sweep["threshold"], sweep["f1"], label="F1", ls="--")
plots.finish(ax, title="Raising the threshold buys precision with recall", xlabel="threshold (model score)",
             ylabel="rate (share)", takeaway="There is no free threshold: pick it from what errors cost (section 4).")
plt.show()

# %% [markdown]
# **Recall on the high-risk segment.** Large transactions lose the most money when fraud gets
# through. Is the model as good there as overall?

# %% tags=["nbval-check-output"]
high_risk = metrics.high_risk_segment(test["amount"], quantile=0.75)
segment_recall = metrics.recall_by_segment(y_test, scores >= 0.5, np.where(high_risk, "top quartile", "rest"))
print(segment_recall.round(3))

# %%
top_recall = segment_recall.loc["top quartile", "recall"]
story.record("recall_top_quartile", top_recall, label="Recall on top-quartile amounts", fmt="{:.1%}")
story.md(f"Recall is **{top_recall:.0%}** on the top quartile of amounts against "
         f"**{segment_recall.loc['overall', 'recall']:.0%}** overall and "
         f"{segment_recall.loc['rest', 'recall']:.0%} on the rest. One overall number hides that the model "
         "is good where the money is and weak on small fraud (card testing), which is cheap per case but "
         "often the first step of a larger attack.")

# %% [markdown]
# **Does the validation set match production?** A common shortcut: build the validation set from all
# the fraud cases and an equal number of legitimate ones. Half the rows are fraud; in production only
# a small share are.

# %% tags=["nbval-check-output"]
rng = np.random.default_rng(SEED)
fraud_rows = np.flatnonzero(y_test)
legit_rows = rng.choice(np.flatnonzero(~y_test), size=len(fraud_rows), replace=False)
balanced = np.concatenate([fraud_rows, legit_rows])
yb, pb = y_test[balanced], scores[balanced] >= 0.5
weights = metrics.reweight_to_production(np.where(yb, "fraud", "legit"),
                                         {"fraud": y_test.mean(), "legit": 1 - y_test.mean()})
precision_balanced = metrics.confusion(yb, pb).precision
precision_reweighted = metrics.confusion(yb, pb, sample_weight=weights).precision
print(f"precision on the balanced set:   {precision_balanced:.3f}")
print(f"re-weighted to production's mix: {precision_reweighted:.3f}")
print(f"measured on production months:   {cm.precision:.3f}")
print(f"false alarms behind the balanced estimate: {metrics.confusion(yb, pb).fp} of {len(legit_rows)} legitimate rows")

# %%
story.record("precision_balanced_validation", precision_balanced, label="Precision on a balanced validation set", fmt="{:.1%}")
story.md(f"The balanced set reports **{precision_balanced:.0%}** precision, while production sees "
         f"**{cm.precision:.0%}**: same model, same threshold. Recall does not change with the mix, which is "
         f"why a mismatched validation set is so easy to miss. Re-weighting each class to its production "
         f"share removes the bias ({precision_reweighted:.0%}), but it rests on only "
         f"{metrics.confusion(yb, pb).fp} false alarms among {len(legit_rows):,} legitimate rows, so it is "
         "very noisy. The honest fix is a validation sample drawn like production. Ask of every "
         "validation set: drawn how, from when, with what mix?")

# %% [markdown]
# ## 4 · From model metrics to business metrics
#
# The operations lead does not think in precision. `metrics.business_impact` turns a confusion matrix
# into a day of work: alerts scale from the test set to the daily volume, each alert takes an analyst
# `REVIEW_MINUTES`, each false alarm costs `COST_FALSE_ALARM`, each fraud caught saves
# `LOSS_PER_MISSED_FRAUD`.

# %%
costs = dict(daily_volume=DAILY_VOLUME, review_minutes=REVIEW_MINUTES, cost_false_alarm=COST_FALSE_ALARM,
             loss_per_missed_fraud=LOSS_PER_MISSED_FRAUD)
at_05 = metrics.business_impact(cm, threshold=0.5, **costs)
best = metrics.cost_optimal_threshold(y_test, scores, **costs)
feasible = metrics.cost_optimal_threshold(y_test, scores, max_review_hours_per_week=REVIEW_CAPACITY_HOURS, **costs)
pd.DataFrame({"threshold 0.50": at_05.to_frame()["value"], f"best ({best.threshold:.2f})": best.to_frame()["value"],
              f"best within {REVIEW_CAPACITY_HOURS:.0f} h/week ({feasible.threshold:.2f})": feasible.to_frame()["value"]}).round(1)

# %%
story.record("false_alarms_per_day", at_05.false_alarms_per_day, label="False alarms per day at threshold 0.5", fmt="{:,.0f}")
story.record("review_hours_per_week", at_05.review_hours_per_week, label="Review hours per week at threshold 0.5", fmt="{:,.0f}")
story.record("cost_optimal_threshold", best.threshold, label="Cost-optimal threshold", fmt="{:.2f}")
story.record("feasible_threshold", feasible.threshold, label="Best threshold within review capacity", fmt="{:.2f}")
story.md(f"At threshold 0.50, \"{cm.precision:.0%} precision\" means **{at_05.sentence()}**. Value "
         f"peaks at threshold **{best.threshold:.2f}** (net ${best.net_value_per_day:,.0f} a day), but that "
         f"needs {best.review_hours_per_week:,.0f} review hours a week. With the team's "
         f"{REVIEW_CAPACITY_HOURS:.0f} hours the best threshold is **{feasible.threshold:.2f}**, worth "
         f"${feasible.net_value_per_day:,.0f} a day: the constraint, not the model, sets the threshold.")

# %% [markdown]
# The model view and the business view of the chosen threshold, side by side. In a running kernel,
# move the threshold and the unit costs and both views redraw; on a static page (GitHub, the course
# site) the figure shows the starting point.

# %%
widgets_threshold.threshold_explorer(y_test, scores, threshold=round(feasible.threshold, 2), **costs)

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
print(groups[["count", "base_rate", "selection_rate", "tpr", "fpr"]].round(3).to_string())
gaps = fairness.fairness_intervals(y_deny, deny_pred, sensitive_features=race, favourable=0,
                                   n_boot=n_boot, seed=SEED)
print(gaps.round(3).to_string())

# %%
ff = fairness.four_fifths_rule(deny_pred, sensitive_features=race, favourable=0)
story.record("four_fifths_ratio", ff.impact_ratio, label="Four-fifths impact ratio (approval)", fmt="{:.2f}")
story.record("equalized_odds_difference", gaps.loc["equalized_odds_difference", "estimate"],
             label="Equalised-odds difference (HMDA)", fmt="{:.3f}")
eo = gaps.loc["equalized_odds_difference"]
story.md(f"{ff!r}. The 95% interval of the impact ratio is {gaps.loc['four_fifths_impact_ratio', 'low']:.2f}-"
         f"{gaps.loc['four_fifths_impact_ratio', 'high']:.2f}. Among applicants the lenders approved, the model "
         f"would deny {groups['fpr'].iloc[0]:.0%} of {groups.index[0]} and {groups['fpr'].iloc[1]:.0%} of "
         f"{groups.index[1]} applicants; the equalised-odds difference is {eo['estimate']:.2f} "
         f"({eo['low']:.2f}-{eo['high']:.2f}). The smaller group has only {groups['count'].min():,} applicants, "
         "so its rates carry wide intervals: small groups are noisy, and a gap measured on them needs its "
         "interval beside it.")

# %%
fig, ax = plots.figure()
pos = np.arange(len(groups))
for i, (col, label) in enumerate([("selection_rate", "denied (selection rate)"), ("tpr", "TPR"), ("fpr", "FPR")]):
    err = [groups[col] - groups[f"{col}_low"], groups[f"{col}_high"] - groups[col]]
    ax.bar(pos + (i - 1) * 0.27, groups[col], 0.27, yerr=err, capsize=3, label=label)
ax.set_xticks(pos, groups.index)
most, least = groups["selection_rate"].idxmax(), groups["selection_rate"].idxmin()
plots.finish(ax, title=f"The model denies {most} applicants {groups.loc[most, 'selection_rate'] / groups.loc[least, 'selection_rate']:.1f}x as often as {least} applicants",
             xlabel="applicant group", ylabel="rate (share of group), 95% interval",
             takeaway="Longer error bars for the smaller group: fewer applicants, less certainty.")
plt.show()

# %% [markdown]
# **Which features drive the decisions?** Permutation importance shuffles one feature at a time and
# measures how much worse the model ranks applicants (ROC AUC, on the last fold's held-out applicants).

# %%
importance = permutation_importance(fold_model, X.iloc[score_rows], y_deny[score_rows], scoring="roc_auc",
                                    n_repeats=2 if FAST else 5, random_state=SEED, n_jobs=1)
drivers = pd.Series(importance.importances_mean, index=X.columns, name="AUC lost when shuffled").sort_values(ascending=False)
drivers.head(6).round(4)

# %%
applicant = hmda.index[np.argsort(-deny_score, kind="stable")[len(hmda) // 20]]
why = fairness.explain_decision(fold_model, X, applicant)
story.md(f"One decision explained: applicant {applicant} gets a denial probability of "
         f"**{why.attrs['probability']:.0%}**. Setting `{why.index[0]}` to its typical value "
         f"({why['typical'].iloc[0]}) would change it to {why['probability_if_typical'].iloc[0]:.0%}.")
why.head(5)

# %% [markdown]
# **Risk list.** Numbers from the review above go into a documented list a compliance reviewer can
# check and a later team can monitor.

# %%
top_feature = drivers.index[0]
risks = pd.DataFrame([
    ("Disparate impact", f"approval ratio {ff.impact_ratio:.2f} ({'passes' if ff.passes else 'fails'} four-fifths)",
     "report by-group rates with intervals at every retrain; human review of denials near the threshold"),
    ("Unequal errors", f"equalised-odds difference {eo['estimate']:.2f}", "compare error rates, not only approval rates"),
    ("Proxy features", f"top driver `{top_feature}`; race excluded but correlated features remain",
     "check feature distributions by group; justify each feature's business need"),
    ("Historical labels", "labels are past lenders' decisions, not repayment", "seek outcome data; document the limitation"),
    ("Small group", f"{groups['count'].min():,} applicants in the smallest group", "never quote a gap without its interval"),
], columns=["risk", "evidence", "mitigation"])
risks

# %% [markdown]
# ## 6 · Exercises

# %%
q1, q2, q3, q4, q5, q6 = nb02.bind(payments=payments, messages=messages, y_test=y_test, scores=scores,
                                   threshold=0.5, daily_volume=DAILY_VOLUME, hmda_pred=deny_pred,
                                   hmda_group=race)

# %% [markdown]
# **Q1.** What share of the real fraud never receives a fraud label? (`q1.hint()` if stuck.)

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = 1 - payments.loc[payments["is_fraud"], "label_observed"].mean()
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(1 - q1_answer)
assert q1.check(____).correct is None

# %% [markdown]
# **Q2.** Cohen's kappa between `annotator_b` and `annotator_c`.

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = labels.cohen_kappa(messages["annotator_b"], messages["annotator_c"])
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((messages["annotator_b"] == messages["annotator_c"]).mean())
assert q2.check(____).correct is None

# %% [markdown]
# **Q3.** False alarms a day at threshold 0.5.

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = metrics.business_impact(metrics.confusion(y_test, scores >= 0.5), daily_volume=DAILY_VOLUME).false_alarms_per_day
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(cm.fp)
assert q3.check(____).correct is None

# %% [markdown]
# **Q4.** The four-fifths impact ratio for the lending model, with approval as the favourable outcome.

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = fairness.four_fifths_rule(deny_pred, sensitive_features=race, favourable=0).impact_ratio
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(fairness.four_fifths_rule(deny_pred, sensitive_features=race, favourable=1).impact_ratio)
assert q4.check(____).correct is None

# %% [markdown]
# **Q5.** Which precision goes in the launch memo? Answer `"a"`, `"b"` or `"c"`.

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
q5_answer = "b"
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check("a")
assert q5.check(____).correct is None

# %% [markdown]
# **Q6.** A discussion question: write your answer, then compare with `q6.solution()`.

# %%
q6

# %% [markdown]
# ## 7 · Decision gate 2
#
# Go to deployment only if the labels are trustworthy, the metric is measured the way production will
# see it, the threshold pays for itself within the team's capacity, and the model treats segments alike.

# %%
segment_gaps = fairness.fairness_intervals(y_test, scores >= feasible.threshold, sensitive_features=test["segment"],
                                           n_boot=n_boot, seed=SEED)
segment_eo = segment_gaps.loc["equalized_odds_difference"]
gate = gates.Gate("Gate 2: data and success metrics", [
    gates.criterion("Annotators agree beyond chance (Fleiss' kappa)", agreement.fleiss_kappa, ">=", 0.6,
                    evidence=f"{len(ratings)} messages, 3 annotators", fmt="{:.2f}"),
    gates.criterion("Recall lost to caught-only labels", recall_truth - recall_observed, "<=", 0.05,
                    evidence="threshold 0.5, months 5-6, graded on the truth", fmt="{:.1%}"),
    gates.criterion("Recall on top-quartile amounts (interval low end)", segment_recall.loc["top quartile", "low"],
                    ">=", 0.5, evidence="months 5-6, Wilson 95%", fmt="{:.0%}"),
    gates.criterion("Net value per day within review capacity", feasible.net_value_per_day, ">", 0,
                    evidence=f"threshold {feasible.threshold:.2f}, {feasible.review_hours_per_week:.0f} h/week", fmt="${:,.0f}"),
    gates.criterion("Equalised-odds difference across customer segments", segment_eo["estimate"], "<=", 0.15,
                    evidence=f"95% interval {segment_eo['low']:.2f}-{segment_eo['high']:.2f}; consumer / small "
                             "business / new market", fmt="{:.2f}"),
    gates.judgement("Validation set matches production", True,
                    evidence=f"graded on production months; a balanced set would have claimed {precision_balanced:.0%} precision"),
])
gate.record()
gate

# %%
story.md(f"**Verdict: {gate.verdict}.** " + (
    "Every criterion passed." if gate.passed else
    "Not yet: " + "; ".join(gate.failed) + "." + (
        " First fix the label source: an audit sample of unflagged transactions lets the model learn the "
        "fraud nobody charged back." if "Recall lost to caught-only labels" in gate.failed else "")))
