# %% [markdown]
# # 06 · Interview practice: cases, red flags and team maturity
#
# The questions AI product interviews ask are the questions the job asks: a model with a good headline
# number and a hidden failure; a model report with problems in it; a judgement call with no clean
# answer; and "how does your team actually work?". Here each one runs on real numbers from the kit.
#
# **You will be able to**
# - work a case end to end: a sentiment model with high accuracy that misses sarcasm, from error
#   analysis to options with their costs;
# - spot the red flags in a model report (a single accuracy number, a validation set unlike production,
#   no rollback threshold or one read from too few alerts, a segment whose recall collapsed);
# - answer product-sense and ethics questions with a structure, and compare with model answers;
# - score a team's maturity from green and red flags, including how many experiments reach production.
#
# **Time:** 50 minutes. **PM job:** performance governance and ethics and compliance, practised as
# interview answers (with technical-to-business translation throughout).

# %% tags=["parameters"]
SEED = 42
FAST = False
FOLDS = 5                       # cross-validation folds for the review model
REVIEWS_PER_MONTH = 20_000      # production volume of reviews
MISSED_COMPLAINT_COST = 15.0    # dollars lost when a complaint goes unanswered
REVIEW_COST = 0.8               # dollars for a person to read one review
REVIEW_BAND = (0.35, 0.5)       # P(negative) band routed to a person
LABEL_COST = 0.4                # dollars to label one review
EXTRA_SARCASTIC_LABELS = 200    # sarcastic examples a labelling push would add
DETECTOR_BUILD_COST = 12_000.0  # one-off cost of a sarcasm detector

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML

from aipm_kit import interview, planning, plots, story
from aipm_kit.exercises import ____, nb06
from aipm_kit.formatting import isolate_dollars_html
from aipm_kit.metrics import wilson_interval

plots.use_style()
N_TRANSACTIONS = 12_000 if FAST else 24_000   # size of the payments runs behind the model reports

# %% [markdown]
# ## 1. The case: high accuracy, and it misses sarcasm
#
# *"Our review-sentiment model routes complaints to support. It scores well offline, but the support
# lead says angry customers slip through. What do you do?"*
#
# The kit ships a few hundred short product reviews written for this case, each labelled with its sentiment
# and a sarcasm flag. Sarcastic reviews praise on the surface and complain underneath:

# %%
reviews = interview.load_reviews()
pd.set_option("display.max_colwidth", 140)
reviews.loc[reviews["sarcastic"], ["product", "text"]].head(4)

# %% [markdown]
# The model is the standard first try: TF-IDF word and word-pair features and a logistic regression.
# Every review is scored by a model trained on the other folds, so the numbers are honest.

# %%
preds = interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED)
accuracy = float((preds["pred_negative"] == preds["is_negative"]).mean())
slices = np.where(preds["sarcastic"], "sarcastic", "plain")
slice_table = interview.metrics_by_slice(preds["is_negative"], preds["pred_negative"], slices)
slice_table["caught"] = (slice_table["recall"] * slice_table["positives"]).round().astype(int)
slice_table[["recall 95% low", "recall 95% high"]] = [wilson_interval(k, n) for k, n
                                                      in slice_table[["caught", "positives"]].to_numpy()]
slice_table.round(3)

# %% tags=["nbval-check-output"]
print(f"accuracy {accuracy:.3f}; predicting 'not a complaint' for every review: {1 - preds['is_negative'].mean():.3f}")
for name in ("overall", "plain", "sarcastic"):
    row = slice_table.loc[name]
    print(f"recall on complaints, {name}: {row['recall']:.3f} ({row['caught']:.0f} of {row['positives']:.0f}; "
          f"95% Wilson {row['recall 95% low']:.3f} to {row['recall 95% high']:.3f})")

# %%
fig, ax = plots.figure()
rec = slice_table["recall"]
labels = [f"{name}\n(n={n} complaints)" for name, n in slice_table["positives"].items()]
ax.bar(labels, rec.values, color=[plots.NEUTRAL, plots.GOOD, plots.BAD],
       yerr=np.clip([rec - slice_table["recall 95% low"], slice_table["recall 95% high"] - rec], 0, None), capsize=6,
       error_kw={"label": "95% Wilson interval"})
for x, v in enumerate(rec.values):
    ax.text(x + 0.08, v + 0.02, f"{v:.0%}", ha="left")
ax.set_ylim(0, 1.1)
plots.finish(ax, title=f"Recall on sarcastic complaints collapses to {rec['sarcastic']:.0%} "
                       f"(95% interval {slice_table.loc['sarcastic', 'recall 95% low']:.0%}-"
                       f"{slice_table.loc['sarcastic', 'recall 95% high']:.0%})",
             xlabel="Slice of negative reviews", ylabel="Recall (share of complaints caught)",
             takeaway=f"{accuracy:.1%} accuracy overall hides the slice that matters.")
plt.show()

# %%
sarc_row = slice_table.loc["sarcastic"]
story.md(
    f"Accuracy is **{accuracy:.1%}**, and recall on complaints is {slice_table.loc['overall', 'recall']:.0%}. "
    f"Slice by the sarcasm flag and the picture splits: **{slice_table.loc['plain', 'recall']:.0%}** of plain "
    f"complaints are caught, but only **{sarc_row['recall']:.0%}** of sarcastic ones: {sarc_row['caught']:.0f} of "
    f"{sarc_row['positives']:.0f}, so the 95% Wilson interval is wide, {sarc_row['recall 95% low']:.0%} to "
    f"{sarc_row['recall 95% high']:.0%}, and its top is still far below the plain slice's bottom "
    f"({slice_table.loc['plain', 'recall 95% low']:.0%}). "
    f"Sarcastic reviews are {reviews['sarcastic'].mean():.0%} of the data, small enough for the headline "
    f"number to hide them, and they are exactly the customers the support lead is talking about.")
story.record("sentiment_accuracy", accuracy, label="Review model accuracy", fmt="{:.1%}")
story.record("sarcasm_recall", float(slice_table.loc["sarcastic", "recall"]),
             label="Recall on sarcastic complaints", fmt="{:.1%}")
story.record("plain_recall", float(slice_table.loc["plain", "recall"]), label="Recall on plain complaints",
             fmt="{:.1%}");

# %% [markdown]
# ### Error analysis: why does it miss them?
#
# Look at which words pull the missed sarcastic reviews towards "positive", each review explained by
# the model of its own fold, the one that never saw it (the same folds as the predictions above). Terms
# made only of stop words ("the", "it is") carry no meaning and are left out of the list; negations
# ("not", "no", "never") are kept, because they carry sentiment. The answer is the case in one line:
# sarcasm borrows the words of praise.

# %%
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

stop = ENGLISH_STOP_WORDS - {"not", "no", "nor", "never", "nothing", "none", "cannot"}
texts, target = reviews["text"].to_numpy(), reviews["is_negative"].to_numpy().astype(int)
strata = target * 2 + reviews["sarcastic"].to_numpy().astype(int)
is_missed = (preds["sarcastic"] & ~preds["pred_negative"]).to_numpy()
pull = pd.Series(dtype=float)
for tr, te in StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts, strata):
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    lr = LogisticRegression(max_iter=1_000).fit(vec.fit_transform(texts[tr]), target[tr])
    held_out_missed = te[is_missed[te]]
    if len(held_out_missed):
        contrib = np.asarray(vec.transform(texts[held_out_missed]).multiply(lr.coef_[0]).sum(axis=0)).ravel()
        pull = pull.add(pd.Series(contrib, index=vec.get_feature_names_out()), fill_value=0.0)
meaningful = [t for t in pull.index if not set(t.split()) <= stop]
missed = preds[is_missed]
pull[meaningful].nsmallest(8).round(3).rename("pull towards positive (summed over missed reviews, held out)")

# %%
missed[["text", "p_negative"]].head(5).round(3)

# %% [markdown]
# **What to measure from now on.** Recall on complaints *by slice* (sarcastic, by product, by review
# length), not one accuracy number; how common sarcasm is in production (the labelled set may not
# match it); the share of reviews the model is unsure about; and the business cost of one missed
# complaint, so that every option below can be priced.
#
# ### The options, each with its cost
#
# 1. **Accept the risk**: change nothing, watch the slice.
# 2. **Human review route**: send reviews the model is unsure about to a person.
# 3. **Sarcasm detector**: a second model that flags sarcasm and overrides a "positive" call.
# 4. **More labels**: label more sarcastic examples. How much would they help? Train with a share of the
#    sarcastic examples held back, and fit a learning curve to recall on the sarcastic slice.

# %%
fractions = [0.25, 0.5, 1.0] if FAST else [0.25, 0.5, 0.75, 1.0]
n_sarcastic_train = reviews["sarcastic"].sum() * (FOLDS - 1) / FOLDS
label_curve = pd.DataFrame({
    "sarcastic_labels": [f * n_sarcastic_train for f in fractions],
    "sarcasm_recall": [interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED, sarcastic_train_fraction=f)
                       .query("sarcastic")["pred_negative"].mean() for f in fractions]})
curve = planning.fit_learning_curve(label_curve["sarcastic_labels"], label_curve["sarcasm_recall"])
with_more = n_sarcastic_train + EXTRA_SARCASTIC_LABELS
more_labels_recall = float(np.clip(curve.predict(with_more), label_curve["sarcasm_recall"].iloc[-1], 1.0))
label_curve.round(3)

# %%
detector = interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED, target="sarcastic")
options = interview.sarcasm_options(
    preds, p_sarcastic=detector["p_sarcastic"], reviews_per_month=REVIEWS_PER_MONTH,
    missed_complaint_cost=MISSED_COMPLAINT_COST, review_cost=REVIEW_COST, review_band=REVIEW_BAND,
    label_cost=LABEL_COST, extra_sarcastic_labels=EXTRA_SARCASTIC_LABELS, more_labels_recall=more_labels_recall,
    detector_build_cost=DETECTOR_BUILD_COST)
options["first-year cost ($)"] = (options["one-off cost ($)"]
                                  + 12 * (options["running cost ($/month)"] + options["cost of misses ($/month)"]))
shown = options.drop(columns="note").copy().astype(object)
for c in shown.columns:
    shown[c] = (options[c].map("{:.0%}".format) if "recall" in c else options[c].map("{:,.0f}".format)
                if "per month" in c else options[c].map(lambda v: f"${v:,.0f}"))
shown.columns = [c.replace(" ($/month)", "<br>($/month)").replace(" ($)", "<br>($)") for c in shown.columns]
HTML(isolate_dollars_html(shown.to_html(escape=False)))

# %%
story.md("How each option works here: " + "; ".join(f"**{name}**: {note}" for name, note in options["note"].items())
         + ".")

# %% tags=["nbval-check-output"]
for name, row in options.iterrows():
    print(f"{name:<20} sarcasm recall {row['sarcasm recall']:.3f}  first-year cost ${row['first-year cost ($)']:,.0f}")

# %%
fig, ax = plots.figure()
cost = options["first-year cost ($)"].sort_values()
ax.barh(cost.index, cost.values / 1_000, color=[plots.GOOD] + [plots.NEUTRAL] * (len(cost) - 1))
plots.finish(ax, title=f"Cheapest over a year: {cost.index[0]}",
             xlabel="First-year cost, including missed complaints (thousand $)", ylabel="Option",
             takeaway="Accepting the risk has a price too: the complaints that keep slipping through.")
plt.show()

# %%
best = cost.index[0]
story.md(
    f"With these assumptions (${MISSED_COMPLAINT_COST:.0f} per missed complaint, {REVIEWS_PER_MONTH:,} reviews "
    f"a month), accepting the risk costs **${options.loc['accept the risk', 'first-year cost ($)']:,.0f}** in the "
    f"first year. The cheapest option is **{best}** at **${cost.iloc[0]:,.0f}**, lifting recall on sarcasm to "
    f"{options.loc[best, 'sarcasm recall']:.0%}. The label learning curve suggests "
    f"{EXTRA_SARCASTIC_LABELS} more sarcastic examples would lift it to about {more_labels_recall:.0%}, an "
    f"estimate from {len(fractions)} points, so treat it as a bet, not a promise. In an interview, say which "
    f"assumption would change your answer: here, the cost of a missed complaint.")
story.record("cheapest_sarcasm_option", best, label="Cheapest sarcasm option over a year");

# %% [markdown]
# ## 2. Spot the red flags
#
# Four model reports, built from the kit's own runs (the payments fraud scenario with its drift, and the
# review model above). Some carry planted problems. The red flags to look for:

# %%
pd.Series(interview.RED_FLAGS, name="what it looks like").to_frame()

# %%
reports = interview.make_model_reports(seed=SEED, n_transactions=N_TRANSACTIONS, reviews=reviews, sentiment=preds)
for r in reports:
    story.md(r.render())

# %% [markdown]
# **Q2** (below) asks for the red flags in Report A, so the checker's verdict below covers only the
# other three. Try them in your head first, then compare:

# %%
found = pd.DataFrame({"red flags found": [", ".join(sorted(interview.find_red_flags(r))) or "none"
                                          for r in reports[1:]]}, index=[r.title for r in reports[1:]])
found

# %%
report_d = reports[3]
line_d, alerts_d, in_a_row_d, precision_d, checks_d = report_d.rollback_check
story.md(
    f"Report D looks careful, but its rollback rule reads precision from about **{alerts_d:.1f} alerts a day**. "
    f"On so few alerts a day's precision is mostly noise: a model still at its reported {precision_d:.1%} "
    f"precision would trip the rule ({line_d:.0%} for {in_a_row_d} days in a row) within a month with a chance "
    f"of about **{report_d.rollback_false_alarm:.1%}**. A rule read from weeks of alerts pooled (Report B's, "
    f"about {reports[1].rollback_check[1]:.0f} alerts per check: {reports[1].rollback_false_alarm:.0%} a month) "
    "only fires when something has really changed.")

# %%
story.record("red_flags_found", int(sum(len(interview.find_red_flags(r)) for r in reports)),
             label="Red flags across the four reports");

# %% [markdown]
# ## 3. Product sense and ethics
#
# Two questions without an automatic check (Q5 and Q6 below). Answer out loud or in writing with a
# structure: who uses the output, which error hurts whom, what you would measure, what you would ship
# first, and what would make you roll back. Then compare with `q5.solution()` and `q6.solution()`.
#
# ## 4. Team maturity: a self-assessment that scores itself
#
# Interviewers ask "how does your team work?" and the honest answers are green or red flags. Mark each
# statement True or False for your team (the example below is a made-up team), and add how many
# experiments started and how many reached production last year.

# %%
pd.DataFrame([(s.key, s.kind, s.weight, s.text) for s in interview.MATURITY_STATEMENTS],
             columns=["key", "kind", "weight", "statement"]).set_index("key")

# %%
TEAM_ANSWERS = {
    "baseline_first": True, "time_split": False, "slice_metrics": False, "rollback_rule": True,
    "prediction_logs": True, "business_metric": True, "retire_models": False,
    "accuracy_only": True, "no_owner": False, "label_surprise": True, "demo_driven": False, "no_monitoring": False,
}
EXPERIMENTS_STARTED, EXPERIMENTS_SHIPPED = 24, 3
maturity = interview.score_team_maturity(TEAM_ANSWERS, experiments_started=EXPERIMENTS_STARTED,
                                         experiments_shipped=EXPERIMENTS_SHIPPED)
maturity.to_frame().set_index("statement")

# %%
story.md(
    f"The example team scores **{maturity.score:.0f}/100** ({maturity.level}). "
    f"{maturity.production_share:.0%} of its experiments reached production. What to fix first:\n\n"
    + "\n".join(f"- {a}" for a in maturity.advice))
story.record("maturity_score", maturity.score, label="Example team maturity score", fmt="{:.1f}");

# %% [markdown]
# ## Exercises

# %%
q1, q2, q3, q4, q5, q6 = nb06.bind(slice_table=slice_table, report=reports[0],
                                   options_cost=options["first-year cost ($)"], maturity=maturity, accuracy=accuracy)

# %% [markdown]
# **Q1.** What share of sarcastic complaints does the model recognise as negative?

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = preds.loc[preds["sarcastic"] & preds["is_negative"], "pred_negative"].mean()
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(accuracy)
assert q1.check(____).correct is None

# %% [markdown]
# **Q2.** List the red flags in Report A (names from `interview.RED_FLAGS`).

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
q2_answer = ["single_metric", "mismatched_validation", "no_rollback"]
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(["single_metric"])
assert q2.check(____).correct is None
assert all(interview.find_red_flags(r) == r.planted for r in reports)

# %%
report_a = reports[0]
story.md(
    f"Whatever you listed, set Report A's headline beside the trivial baseline: **{report_a.metrics['accuracy']:.1%}** "
    f"accuracy, where predicting *no fraud* for every transaction scores **{1 - report_a.validation_base_rate:.1%}** "
    f"on the same validation data (fraud is {report_a.validation_base_rate:.1%} of it). The accuracy says almost "
    "nothing about fraud caught; that is why a single accuracy number is the first red flag.")

# %% [markdown]
# **Q3.** Over the first year, counting one-off costs, running costs and missed complaints, which option
# is cheapest? Answer with its name.

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
q3_answer = (options["one-off cost ($)"]
             + 12 * (options["running cost ($/month)"] + options["cost of misses ($/month)"])).idxmin()
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check(next(o for o in options.index if o != q3_answer))
assert q3.check(____).correct is None

# %% [markdown]
# **Q4.** What maturity score does the example team get?

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = interview.score_team_maturity(TEAM_ANSWERS, experiments_started=EXPERIMENTS_STARTED,
                                          experiments_shipped=EXPERIMENTS_SHIPPED).score
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check(q4_answer + 5)
assert q4.check(____).correct is None

# %% [markdown]
# **Q5 (product sense).** A stakeholder says the review model is ready because of its accuracy. What do
# you ask, and what goes on the launch dashboard? Write your answer, then run `q5.solution()`.

# %%
q5

# %% [markdown]
# Write your answer first. For the worked answer, run `q5.solution()` in a new cell.

# %% [markdown]
# **Q6 (ethics).** Support wants to auto-close tickets from customers whose reviews the model calls
# positive. What are the risks, and what would you agree to?

# %%
q6

# %% [markdown]
# Write your answer first. For the worked answer, run `q6.solution()` in a new cell.

# %% [markdown]
# ## What to take away
#
# - A headline metric is a question, not an answer: slice it by the cases the business fears most.
# - Price every option, including doing nothing; say which assumption would flip your choice.
# - Read a model report for what is missing: other metrics, a production-like validation set, a rollback
#   number, the segments.
# - Team habits are measurable: count the green and red flags and the experiments that reach production.
