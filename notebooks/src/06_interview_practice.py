# %% [markdown]
# # 06 · Interview practice: cases, red flags, team maturity and your career
#
# The questions AI product interviews ask are the questions the job asks: a model with a good headline
# number and a hidden failure; a model report with problems in it; a judgement call with no clean
# answer; and "how does your team actually work?". Here each one runs on the kit's own data, and none of
# it is real customer data: the 400 product reviews were written for the kit (built from hand-written
# templates by `datasets/make_reviews.py`; see `datasets/README.md`), and the payments behind the fraud
# reports are simulated (`aipm_kit.scenarios.make_payments`). The job postings and team interviews in
# section 5 are fictional, written for the kit. No public data set is used here.
#
# **You will be able to**
# - work a case end to end: a sentiment model with high accuracy that misses sarcasm, from error
#   analysis to an option chosen on one half of the reviews, priced and gated on the other, and make the
#   recommendation yourself, on intervals;
# - spot the red flags in a model report, from the six the kit checks, and set a rollback rule that
#   does not fire by chance;
# - answer product-sense and ethics questions with a structure, and compare with model answers;
# - score a team's maturity from green and red flags, including how many experiments reach production;
# - position yourself by background, read a job posting and a team interview for green and red flags,
#   decide which role to pursue and what to ask, and check a write-up before you publish it.
#
# **Time:** 75 minutes to read it and run the cells, and about an hour more to work the exercises.
# **PM job:** performance governance and ethics and compliance, practised as
# interview answers (with technical-to-business translation throughout), and the job search itself.

# %% tags=["parameters"]
SEED = 42
FAST = False
FOLDS = 5                       # cross-validation folds for the review model
HELD_OUT_SHARE = 0.5            # share of reviews kept aside to price the options
REVIEWS_PER_MONTH = 20_000      # production volume of reviews
MISSED_COMPLAINT_COST = 15.0    # dollars lost when a complaint goes unanswered
REVIEW_COST = 0.8               # dollars for a person to read one review
BAND_LOWS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)  # candidate lower edges of the review band
DETECTOR_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)  # candidate p_sarcastic thresholds of the detector
BAND_TOP = 0.5                  # the band ends where the model starts calling a review negative
LABEL_COST = 0.8                # dollars to label one review (a person reads it: at least REVIEW_COST)
EXTRA_SARCASTIC_LABELS = 200    # sarcastic examples a labelling push would add
DETECTOR_BUILD_COST = 12_000.0  # one-off cost of a sarcasm detector
SARCASM_RECALL_LINE = 0.5       # launch needs at least half of sarcastic complaints caught
RECALL_LINE = 0.9               # ... and at least 90% of all complaints
PROPOSED_SARCASM_LINE = 0.25    # Exercise 7: the lower lines a stakeholder proposes after seeing the evidence
PROPOSED_RECALL_LINE = 0.80
ROUTED_SHARE_CAP = 0.25         # reviews an option ADDS to support's reading (beyond the model's complaint calls), as a share of all reviews
ROLLBACK_DROP_TO = 0.30         # a precision a rollback rule must catch within a month
ROLLBACK_CATCH = 0.8            # ... with at least this chance
ROLLBACK_FALSE_ALARM_LIMIT = 0.05  # ... and fire by chance in at most this share of months (healthy model)
MONITOR_REVIEWS_PER_MONTH = 400 # reviews a person reads each month to watch recall on sarcasm (every option)
SARCASM_MARGIN = 0.10           # half-width of the 95% interval on sarcastic recall we want (0.10: ±10 points)
MIN_SAVING_WORTH = 20_000.0     # smallest first-year saving (dollars) worth switching options for, chosen before any pilot
MIN_SHARE_GAP = 0.03            # a pilot for an open share (routed-share cap, recall on all complaints) is sized for a true share this far inside its line, chosen before any pilot (0.03: 3 points)
PILOT_POWER = 0.8               # chance a pilot sized for those minimums settles the question when the effect is that large
CHANGE_BUDGET_WEEKS = 4         # weeks the example team can spend on changing its habits this year
MY_BACKGROUND = "engineer"      # your background: "engineer", "pm" or "domain_expert"
EMPLOYER_TERMS = ["Halbrook"]    # names that must never appear in what you publish (employer, clients, systems)

# %%

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display
from scipy.stats import binom, norm
from sklearn.model_selection import train_test_split

from aipm_kit import gates, interview, plots, story
from aipm_kit.evals.stats import paired_bootstrap_interval
from aipm_kit.exercises import ____, nb06
from aipm_kit.formatting import isolate_dollars_html
from aipm_kit.metrics import wilson_interval

plots.use_style()
N_TRANSACTIONS = 12_000 if FAST else 24_000   # size of the simulated payments runs behind the model reports

# %% [markdown]
# ## 1. The case: high accuracy, and it misses sarcasm
#
# *"We have built a review-sentiment model to route complaints to support; today a hand rule of complaint
# words does that. The model scores well offline, but the support lead, reading the reviews it gets wrong,
# says angry customers would slip through. What do you do?"*
#
# The kit ships 400 short product reviews written for this case (not real customer text), each labelled
# with its sentiment and a sarcasm flag. Sarcastic reviews praise on the surface and complain underneath:

# %%
reviews = interview.load_reviews()
pd.set_option("display.max_colwidth", None)
reviews.loc[reviews["sarcastic"], ["product", "text"]].head(4)

# %% [markdown]
# The model is the standard first try: TF-IDF word and word-pair features and a logistic regression,
# each review scored by a model trained on the other folds. How the folds are cut matters here. The kit's
# reviews are built from templates: each product has its own small pool of detail sentences ("The lid leaks
# every time I use it."), reused across many of its reviews. Ordinary folds (5-fold cross-validation, the
# usual report) put the same sentence in training and in test, so the model meets sentences it has already
# learnt. **Folds grouped by product** keep each product, with all its detail sentences, wholly in training
# or wholly in test. Both are compared after Exercise 1; the rest of the case uses the grouped folds. Stock sentences
# that any product's review may use (openings, closings, general praise such as "Would not recommend") still
# sit on both sides, as stock phrases do in real reviews.
# Two baselines sit beside the model: predicting the majority class for every review, and a hand rule (a
# review is a complaint when it contains a complaint word such as "not", "broke", "refund" or "disappointed").

# %%
preds_ordinary = interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED)
preds = interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED, groups=reviews["product"])   # used from here on
right_grouped = (preds["pred_negative"] == preds["is_negative"]).to_numpy()
accuracy = float(right_grouped.mean())
slices = np.where(preds["sarcastic"], "sarcastic", "plain")
slice_table = interview.metrics_by_slice(preds["is_negative"], preds["pred_negative"], slices)
slice_table["caught"] = (slice_table["recall"] * slice_table["positives"]).round().astype(int)
complaint_words = r"\b(?:not|never|no longer|broke|broken|leaks?|refund|return(?:ed)?|disappoint\w*|waste|worst|poor|stopped)\b"
hand_rule = reviews["text"].str.lower().str.contains(complaint_words)
hand_table = interview.metrics_by_slice(preds["is_negative"], hand_rule, slices)
majority_share = max(preds["is_negative"].mean(), 1 - preds["is_negative"].mean())
majority_class = "a complaint" if preds["is_negative"].mean() >= 0.5 else "not a complaint"
flag_all = float(majority_class == "a complaint")          # recall of the majority class on every slice
pd.DataFrame({"the model": slice_table["recall"], "hand rule (complaint words)": hand_table["recall"],
              f"every review {majority_class} (majority class)": pd.Series(flag_all, index=slice_table.index)}
             ).T.add_prefix("recall on complaints, ").assign(**{"accuracy, overall": [
                 accuracy, float(hand_table.loc["overall", "accuracy"]), majority_share]})\
    .map("{:.1%}".format).rename_axis("kit-written reviews (model out of fold, grouped by product)")

# %% tags=["nbval-check-output", "remove-cell"]
print("kit-written reviews (model out of fold, folds grouped by product)")
print(f"accuracy: the model {accuracy:.1%} ({int(right_grouped.sum())} of {len(preds)}); hand rule "
      f"{hand_table.loc['overall', 'accuracy']:.1%}; calling every review {majority_class} (the majority class) "
      f"{majority_share:.1%}")
for _name in ("overall", "plain", "sarcastic"):
    _row = slice_table.loc[_name]
    print(f"recall on complaints, {_name}: {_row['recall']:.1%} ({_row['caught']:.0f} of {_row['positives']:.0f})")

# %%
q1 = nb06.bind_case(slice_table=slice_table)

# %% [markdown]
# ### Exercise 1 · A Wilson interval by hand

# %%
q1

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
k, n, z = int(slice_table.loc["sarcastic", "caught"]), int(slice_table.loc["sarcastic", "positives"]), 1.96
p = k / n
centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
q1_answer = (centre - half, centre + half)
print(f"by hand {q1_answer[0]:.3f} to {q1_answer[1]:.3f}; the kit {wilson_interval(k, n)[0]:.3f} to "
      f"{wilson_interval(k, n)[1]:.3f}")
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
_half = 1.96 * np.sqrt(p * (1 - p) / n)
assert not q1.check((p - _half, p + _half))     # the Wald interval
assert q1.check(____).correct is None

# %% [markdown]
# Do the ordinary folds flatter the model? The same reviews, scored both ways, with 95% Wilson
# intervals, and the paired difference (the same reviews under both, so a paired 95% Newcombe interval):

# %%
from aipm_kit.evals.stats import paired_difference_interval

is_neg, is_sarc = preds["is_negative"].to_numpy(), preds["sarcastic"].to_numpy()
right = {"ordinary folds": (preds_ordinary["pred_negative"] == preds_ordinary["is_negative"]).to_numpy(),
         "grouped by product": (preds["pred_negative"] == preds["is_negative"]).to_numpy()}
fold_rows = {"accuracy (all reviews)": np.ones(len(preds), bool), "recall on all complaints": is_neg,
             "recall on plain complaints": is_neg & ~is_sarc, "recall on sarcastic complaints": is_sarc}
fold_cmp = {}
for metric, rows in fold_rows.items():
    cells = {}
    for scheme, ok in right.items():
        hits, size = int(ok[rows].sum()), int(rows.sum())
        cells[scheme] = (hits / size, *wilson_interval(hits, size), hits, size)
    diff = paired_difference_interval(right["ordinary folds"][rows], right["grouped by product"][rows],
                                      interval="newcombe")
    fold_cmp[metric] = {**cells, "difference": (diff.estimate, diff.low, diff.high)}
pd.DataFrame({m: {**{s: f"{v:.1%} ({k} of {n}; {lo:.1%} to {hi:.1%})" for s, (v, lo, hi, k, n) in
                     ((s, c[s]) for s in right)},
                  "grouped minus ordinary, points (95% paired)": "{:+.1f} ({:+.1f} to {:+.1f})".format(
                      *(100 * x for x in c["difference"]))} for m, c in fold_cmp.items()}).T.rename_axis(
    "kit-written reviews, out of fold (95% Wilson)")

# %% [markdown]
# With so few sarcastic complaints, how far can their recall be trusted? The 95% Wilson intervals, drawn
# against the launch lines the support lead set in advance (`SARCASM_RECALL_LINE` for sarcastic complaints,
# `RECALL_LINE` for all complaints, in the parameters cell; plain complaints have no line of their own):

# %%
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

slice_table[["recall 95% low", "recall 95% high"]] = [wilson_interval(k, n) for k, n
                                                      in slice_table[["caught", "positives"]].to_numpy()]
lines = {"overall": RECALL_LINE, "sarcastic": SARCASM_RECALL_LINE}      # the launch lines; the plain slice has none
slice_status = {name: gates.criterion(name, float(slice_table.loc[name, "recall"]), ">=", line, interval=(
    slice_table.loc[name, "recall 95% low"], slice_table.loc[name, "recall 95% high"]),
    evidence="out of fold; 95% Wilson").status for name, line in lines.items()}
status_colour = {"pass": plots.GOOD, "fail": plots.BAD, "inconclusive": plots.ACCENT}
status_key = {"pass": "clears its line", "fail": "misses its line", "inconclusive": "straddles its line"}
fig, ax = plots.figure(figsize=(7.5, 5.2))    # taller than the default: a two-row legend sits above the bars
rec = slice_table["recall"]
colours = [status_colour[slice_status[name]] if name in lines else plots.NEUTRAL for name in rec.index]
labels = [f"{name}\n(n={n} complaints)" for name, n in slice_table["positives"].items()]
ax.bar(labels, rec.values, color=colours,
       yerr=np.clip([rec - slice_table["recall 95% low"], slice_table["recall 95% high"] - rec], 0, None), capsize=6)
for x, v in enumerate(rec.values):
    ax.text(x - 0.3, v - 0.07, f"{v:.0%}", ha="left", color="white", fontweight="bold")
rule_rec = hand_table["recall"].reindex(rec.index)          # today's hand rule on the same slices
ax.plot(range(len(rec)), rule_rec.values, linestyle="none", marker="D", markersize=8, color="black",
        markeredgecolor="white", zorder=4)
for x, v in enumerate(rule_rec.values):
    ax.text(x - 0.09, v, f"rule {v:.0%}", va="center", ha="right", fontsize=8, color="white", fontweight="bold")
for name, line in lines.items():
    x = list(rec.index).index(name)
    ax.hlines(line, x - 0.45, x + 0.45, color="black", linestyles="--", linewidth=1.2)
    ax.text(x + 0.44, line + 0.012, f"{line:.0%}", va="bottom", ha="right", fontsize=8)
    top = float(slice_table.loc[name, "recall 95% high"])   # one decimal: a top just above a line must show it
    if top < line <= top + 0.05:     # a near miss: a label above the cap would sit over the line, so put it in the bar
        ax.text(x + 0.06, rec[name] - 0.03, f"95% top\n{top:.1%},\nunder {line:.0%}", va="top", ha="left",
                fontsize=8, color="white", fontweight="bold")
    else:
        ax.text(x - 0.06, top + 0.012, f"95% top {top:.1%}", va="bottom", ha="right", fontsize=8)
ax.set_ylim(0, 1.38)                         # room above the bars for a two-column legend
ax.set_yticks(np.arange(0, 1.01, 0.2))
ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
drawn = sorted(set(slice_status.values()), key=list(status_colour).index)
ax.legend(handles=[Patch(color=status_colour[s], label=f"95% interval {status_key[s]}") for s in drawn]
          + [Patch(color=plots.NEUTRAL, label="no launch line"),
             Line2D([], [], color="black", linestyle="--", label="launch line, set in advance"),
             Line2D([], [], color="black", marker="D", linestyle="none", markeredgecolor="white",
                    label="today's hand rule (complaint words)")],
          loc="upper center", ncol=2, frameon=False, fontsize=9)
status_short = {"pass": "clears", "fail": "misses", "inconclusive": "straddles"}
status_plural = {"pass": "clear", "fail": "miss", "inconclusive": "straddle"}
line_words = (f"the 95% intervals for all and for sarcastic complaints both "
              f"{status_plural[slice_status['overall']]} their launch lines"
              if slice_status["overall"] == slice_status["sarcastic"] else
              f"the 95% interval {status_short[slice_status['overall']]} the {RECALL_LINE:.0%} line (all) and "
              f"{status_short[slice_status['sarcastic']]} the {SARCASM_RECALL_LINE:.0%} line (sarcastic)")


def more_to_reach(k, n, line):
    """Complaints caught beyond k (of the same n) that would put a missed line inside the 95% Wilson interval."""
    j = 0
    while k + j < n and wilson_interval(k + j, n)[1] < line:
        j += 1
    return j


near_miss = {name: more_to_reach(int(slice_table.loc[name, "caught"]), int(slice_table.loc[name, "positives"]), line)
             for name, line in lines.items() if slice_status[name] == "fail"}
near_miss = {name: j for name, j in near_miss.items() if j <= 2}   # a miss that hangs on one or two reviews
in_words = {1: "one review", 2: "two reviews"}
near_words = "".join(f"\n({'all' if name == 'overall' else name} complaints miss by {in_words[j]}: "
                     f"{int(slice_table.loc[name, 'caught']) + j} of {int(slice_table.loc[name, 'positives'])} caught "
                     "would make it 'not yet')" for name, j in near_miss.items())
plots.finish(ax, title=f"Kit-written reviews: {rec['sarcastic']:.0%} of sarcastic complaints caught against "
                       f"{rec['plain']:.0%} of plain;\n{line_words}{near_words}",
             xlabel="Slice of complaints (kit-written reviews, folds grouped by product)",
             ylabel="Recall (share of complaints caught)",
             takeaway="overall recall hides the slice that matters.")
story.record_figure("sarcasm_recall_by_slice", fig, caption=(
    "Recall on complaints by slice of the kit-written reviews, out of fold (folds grouped by product), with 95% "
    "Wilson intervals (error bars), today's hand rule of complaint words on the same slices (black diamonds), "
    "and the launch lines (dashed) for all complaints and sarcastic complaints, with the top of each of those two "
    "intervals printed to one decimal (inside the bar when it falls just under its line); the legend gives each "
    "colour."))
plt.close(fig)

# %%
sarc_row, all_row = slice_table.loc["sarcastic"], slice_table.loc["overall"]
need_sarc = int(np.ceil(1.96**2 * 0.25 / SARCASM_MARGIN**2))     # worst case p = 0.5, margin chosen in advance
sarc_complaint_rate = float((reviews["sarcastic"] & reviews["is_negative"]).mean())
need_reviews = int(np.ceil(need_sarc / sarc_complaint_rate))
verdict_of = {"pass": "a pass", "fail": "a fail", "inconclusive": "'not yet'"}
acc_cmp = fold_cmp["accuracy (all reviews)"]
moved = [m for m, c in fold_cmp.items() if c["difference"][1] > 0 or c["difference"][2] < 0]
still = [m for m in fold_cmp if m not in moved]
fold_words = ". Grouping " + ("; ".join(
    f"{'lowers' if fold_cmp[m]['difference'][0] < 0 else 'raises'} {m} by {abs(100 * fold_cmp[m]['difference'][0]):.1f} "
    f"points (95% paired Newcombe {100 * fold_cmp[m]['difference'][1]:+.1f} to {100 * fold_cmp[m]['difference'][2]:+.1f})"
    for m in moved) if moved else "moves no measure beyond its 95% paired interval") + (
    f"; {', '.join(still)}: not measurably moved (each 95% paired interval spans zero)" if moved and still else "")
story.md(
    f"- Folds grouped by product: accuracy **{accuracy:.1%}** (95% Wilson {acc_cmp['grouped by product'][1]:.1%} to "
    f"{acc_cmp['grouped by product'][2]:.1%}), against {acc_cmp['ordinary folds'][0]:.1%} with ordinary folds"
    f"{fold_words}. Every number below uses the grouped folds.\n"
    f"- Calling every review {majority_class} scores {majority_share:.1%}; the hand rule "
    f"{hand_table.loc['overall', 'accuracy']:.1%}, with {hand_table.loc['sarcastic', 'recall']:.0%} recall on sarcasm. "
    f"The model's recall on all complaints ({all_row['recall']:.1%}) and the rule's "
    f"({hand_table.loc['overall', 'recall']:.1%}) come at different volumes: the model calls "
    f"{int(preds['pred_negative'].sum())} of the {len(preds)} reviews complaints, the rule flags {int(hand_rule.sum())}, "
    "so recall alone does not rank them; the dollar comparison below prices every read.\n"
    + (f"- On recall, the metric the launch lines gate, calling every review a complaint catches {flag_all:.0%} of "
       "complaints, sarcastic ones included, and clears both lines: recall lines alone are passed by flagging "
       "everything, so the gate also caps how many reviews an option adds to what support reads (the third launch "
       "line, introduced below with the options).\n" if flag_all == 1 else "")
    + f"- Recall on all complaints is {all_row['recall']:.0%} ({all_row['caught']:.0f} of {all_row['positives']:.0f}; "
    f"95% Wilson {all_row['recall 95% low']:.1%} to {all_row['recall 95% high']:.1%}): against the "
    f"{RECALL_LINE:.0%} line, {verdict_of[slice_status['overall']]}"
    + (f", by {in_words[near_miss['overall']]}: "
       f"{int(all_row['caught']) + near_miss['overall']} of {all_row['positives']:.0f} caught would put the line inside "
       "its interval ('not yet')" if "overall" in near_miss else "") + ".\n"
    f"- Sliced by the sarcasm flag: **{slice_table.loc['plain', 'recall']:.0%}** of plain complaints are caught, "
    f"only **{sarc_row['recall']:.0%}** of sarcastic ones ({sarc_row['caught']:.0f} of {sarc_row['positives']:.0f}; "
    f"95% Wilson {sarc_row['recall 95% low']:.1%} to {sarc_row['recall 95% high']:.1%}): against the "
    f"{SARCASM_RECALL_LINE:.0%} line, {verdict_of[slice_status['sarcastic']]}. What is settled is the gap: the "
    f"interval's top is far below the plain slice's bottom ({slice_table.loc['plain', 'recall 95% low']:.0%}).\n"
    f"- A tighter interval on sarcasm needs more sarcastic complaints. Pinning a recall to ±{100 * SARCASM_MARGIN:.0f} "
    f"points (95%, `SARCASM_MARGIN`, sized for the worst case of 50%) takes about {need_sarc} of them, about "
    f"{need_reviews:,} reviews at the kit's {sarc_complaint_rate:.0%} rate.\n\n"
    f"Sarcastic reviews are {reviews['sarcastic'].mean():.0%} of the kit-written data: few enough for the headline "
    "number to hide them, and the kind of complaint the support lead describes.")
story.record_table([
    ("sentiment_accuracy", accuracy, "Review model accuracy (kit-written reviews, folds grouped by product)",
     "{:.1%}"),
    ("sentiment_accuracy_ordinary_folds", float(acc_cmp["ordinary folds"][0]),
     "Review model accuracy with ordinary folds (template sentences in training and test)", "{:.1%}"),
    ("sarcasm_recall", float(sarc_row["recall"]), "Recall on sarcastic complaints (kit-written reviews)", "{:.1%}"),
    ("plain_recall", float(slice_table.loc["plain", "recall"]), "Recall on plain complaints (kit-written reviews)",
     "{:.1%}"),
])

# %% [markdown]
# ### Error analysis: why does it miss them?
#
# Which words pull the missed sarcastic reviews towards "not a complaint"? Each missed review is explained by
# the model of its own fold, the one that never saw it. The cell rebuilds the fold models the same way
# `interview.sentiment_predictions` does, and checks on screen that they give the same predictions. A term's
# **pull** is its log-odds contribution: the term's TF-IDF weight in a review times the model's coefficient,
# summed over the missed reviews (bigger means a harder push towards "not a complaint"). Terms made only of
# stop words ("the", "it is") are left out; negations ("not", "no", "never") are kept, because they carry
# sentiment.

# %%
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

stop = ENGLISH_STOP_WORDS - {"not", "no", "nor", "never", "nothing", "none", "cannot"}
texts, target = reviews["text"].to_numpy(), reviews["is_negative"].to_numpy().astype(int)
is_missed = (preds["sarcastic"] & ~preds["pred_negative"]).to_numpy()
pull, refit = pd.Series(dtype=float), np.empty(len(texts))
for tr, te in GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts, groups=reviews["product"]):
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    lr = LogisticRegression(max_iter=1_000).fit(vec.fit_transform(texts[tr]), target[tr])
    refit[te] = lr.predict_proba(vec.transform(texts[te]))[:, 1]
    held_out_missed = te[is_missed[te]]
    if len(held_out_missed):
        contrib = np.asarray(vec.transform(texts[held_out_missed]).multiply(lr.coef_[0]).sum(axis=0)).ravel()
        pull = pull.add(pd.Series(contrib, index=vec.get_feature_names_out()), fill_value=0.0)
print(f"same folds as the predictions above: largest difference in p_negative "
      f"{np.abs(refit - preds['p_negative'].to_numpy()).max():.1e}")
meaningful = [t for t in pull.index if not set(t.split()) <= stop]
missed = preds[is_missed]
towards_happy = (-pull[meaningful]).nlargest(8).round(3)   # the coefficients point to "complaint": flip the sign
towards_happy.rename("pull towards 'not a complaint' (log-odds, summed over missed reviews)").rename_axis(
    "term (kit-written reviews)").to_frame()

# %%
# the kit's list of common praise words (a judgement: check it against the table)
praise = {"happy", "love", "loved", "great", "perfect", "excellent", "amazing", "best", "worth", "fantastic",
          "impressed", "recommend", "wonderful", "awesome", "good", "nice", "brilliant", "favourite", "comfortable"}
praise_words = [w for w in dict.fromkeys(w for t in towards_happy.index for w in t.split()) if w in praise]
story.md(f"{len(praise_words)} distinct praise words ({', '.join(praise_words) or 'none'}) appear among the "
         f"{len(towards_happy)} terms that pull hardest towards 'not a complaint'. Sarcasm borrows the words of praise, "
         "and a bag-of-words model reads the words, not the irony. Negations are not all complaint words either: in "
         "the kit's templates \"no\" also sits in praise (\"no regrets\"). "
         f"Here are {min(5, len(missed))} of the {len(missed)} missed sarcastic reviews with the model's probability "
         "of a complaint:")
missed[["text", "p_negative"]].head(5).round(3).rename_axis("review (kit-written)")

# %% [markdown]
# **What to measure from now on.** Recall on complaints *by slice* (sarcastic, by product, by review
# length), not one accuracy number; how common sarcasm is in production (the labelled set may not
# match it); the share of reviews the model is unsure about; and the business cost of one missed
# complaint, so that every option below can be priced.
#
# ### The options, each with its cost
#
# 1. **Accept the risk**: launch the model as it is, with no fix; its misses keep their cost.
# 2. **Human review route**: send reviews the model calls positive but is unsure about (`p_negative` from a
#    band start up to 0.5) to a person, assumed to read sarcasm correctly.
# 3. **Sarcasm detector**: a second model that flags sarcasm and overrides a "positive" call when its
#    `p_sarcastic` reaches a threshold. In the kit's reviews every sarcastic review is a complaint, so this
#    detector is in effect a second complaint detector tuned to the sarcastic slice; in real data some sarcasm
#    is playful, and a flag would not always mean a complaint.
# 4. **More labels**: label more sarcastic examples. All of the kit's sarcastic reviews are already in use, so
#    what they would buy cannot be measured here; below we compute the recall they would have to reach.
#
# Today the hand rule of section 1 routes complaints; it is priced beside them by the same rule.
#
# Beside them sits the **trivial baseline**: no model at all, and a person reads every review, assumed, like
# the route's reader, to read sarcasm right. Every option is compared with it, priced the same way.
#
# Every option is watched the same way: a person reads `MONITOR_REVIEWS_PER_MONTH` reviews a month to
# measure recall on sarcasm, a running cost added to each (so "accept the risk" is not free to watch). The
# prices, and the one rule that applies them to every option and to the baseline, are set out under the
# held-out table below.
#
# Choosing takes two steps. First, each option's setting, made the same way for both: the route's band
# start and the detector's threshold, each the cheapest first-year cost among its candidates that adds no
# more than `ROUTED_SHARE_CAP` of reviews to what support reads. Then, which option to take. Choose and judge on the same reviews and the winner looks better than it is, so the reviews
# are split in two halves with the same mix of sentiment and sarcasm: the **development half** makes the
# choices; the **held-out half** only prices the options and takes the launch gate. (The halves separate
# which reviews' *scores* drive each step, not which reviews *trained* the fold models; with 400 reviews, a
# stricter split would leave each model far fewer to learn from.)

# %%
strata_split = reviews["is_negative"].astype(int) * 2 + reviews["sarcastic"].astype(int)
dev_idx, test_idx = train_test_split(reviews.index, test_size=HELD_OUT_SHARE, stratify=strata_split,
                                     random_state=SEED)
detector = interview.sentiment_predictions(reviews, folds=FOLDS, seed=SEED, target="sarcastic", groups=reviews["product"])
costs = dict(reviews_per_month=REVIEWS_PER_MONTH, review_cost=REVIEW_COST, label_cost=LABEL_COST,
             extra_sarcastic_labels=EXTRA_SARCASTIC_LABELS, detector_build_cost=DETECTOR_BUILD_COST,
             monitor_reviews_per_month=MONITOR_REVIEWS_PER_MONTH)


def usd(v):
    """Dollars with a true minus sign before the dollar: -$20,640."""
    return f"\u2212${abs(v):,.0f}" if v < 0 else f"${v:,.0f}"


def first_year(options):
    return options["one-off cost ($)"] + 12 * (options["running cost ($/month)"] + options["cost of misses ($/month)"])


def added_to_support(rows, option, setting):
    """Which reviews an option adds to what support reads, beyond the model's own complaint calls."""
    positive = ~preds.loc[rows, "pred_negative"].to_numpy()
    if option == "human review route":
        p_neg = preds.loc[rows, "p_negative"].to_numpy()
        return positive & (p_neg >= setting) & (p_neg < BAND_TOP)
    return positive & (detector.loc[rows, "p_sarcastic"].to_numpy() >= setting)


def price(rows, band_start, threshold, missed_complaint_cost=MISSED_COMPLAINT_COST, labels_recall=None):
    options = interview.sarcasm_options(
        preds.loc[rows], p_sarcastic=detector.loc[rows, "p_sarcastic"], missed_complaint_cost=missed_complaint_cost,
        review_band=(band_start, BAND_TOP), detector_threshold=threshold, more_labels_recall=labels_recall,
        charge_every_read=True, **costs)
    y_r, calls = preds.loc[rows, "is_negative"].to_numpy(), preds.loc[rows, "pred_negative"].to_numpy()
    flips = added_to_support(rows, "sarcasm detector", threshold)
    options.loc["sarcasm detector", "note"] = (
        f"the model alone calls {int((calls & ~y_r).sum())} of the {int((~y_r).sum())} happy reviews complaints; the "
        f"detector adds {int(flips.sum())} reviews to those calls: {int((flips & ~y_r).sum())} more happy reviews "
        f"(false complaints) and {int((flips & y_r).sum())} complaints it catches")
    options["first-year cost ($)"] = first_year(options)
    return options


# step 1, on the development half: each option's setting, the cheapest within the cap
settings = pd.DataFrame(
    [(option, s, added_to_support(dev_idx, option, s).mean(),
      price(dev_idx, s if option == "human review route" else BAND_TOP, s).loc[option, "first-year cost ($)"])
     for option, grid in (("human review route", BAND_LOWS), ("sarcasm detector", DETECTOR_THRESHOLDS))
     for s in grid], columns=["option", "setting", "share added to support's reading", "first-year cost ($)"])
settings["within the cap"] = settings["share added to support's reading"] <= ROUTED_SHARE_CAP
best = settings[settings["within the cap"]].sort_values("first-year cost ($)").groupby("option")["setting"].first()
band = (float(best["human review route"]), BAND_TOP)
threshold = float(best["sarcasm detector"])
HTML(isolate_dollars_html(settings.set_index(["option", "setting"]).style.format(
    {"share added to support's reading": "{:.1%}", "first-year cost ($)": "${:,.0f}",
     "within the cap": lambda v: "yes" if v else "no"}).format_index("{:.2f}", level=1).set_caption(
    "Development half of the kit-written reviews: the route's band start (p_negative) and the detector's "
    "threshold (p_sarcastic)").to_html()))

# %%
same = settings.duplicated(["option", "share added to support's reading", "first-year cost ($)"], keep=False)
tie_words = ("" if not same.any() else " Neighbouring settings with the same share and cost add the same reviews: "
             "no development review's score falls between them.")
story.md(f"Step 1: the route's band starts at **{band[0]:.2f}** and the detector's threshold is **{threshold:.2f}**, "
         f"each the cheapest on the development half among settings that add at most {ROUTED_SHARE_CAP:.0%} of "
         "reviews to support's reading, judged on the point share: this only picks a setting; the launch gate "
         f"below decides the share on its 95% interval.{tie_words}")

# %%
# step 2, on the development half: which option to take
dev_options = price(dev_idx, band[0], threshold)
dev_rank = dev_options["first-year cost ($)"].dropna().sort_values()
chosen, runner_up = str(dev_rank.index[0]), str(dev_rank.index[1])   # cheapest and next at their point costs


def review_costs(rows):
    """Each review's cost under each measured option, by one rule: MISSED_COMPLAINT_COST for a complaint the
    option misses, REVIEW_COST for every review a person reads (the route's reader assumed to read right)."""
    y, calls = preds.loc[rows, "is_negative"].to_numpy(), preds.loc[rows, "pred_negative"].to_numpy()
    read = {"accept the risk": calls, **{o: calls | added_to_support(rows, o, s) for o, s in
                                         (("human review route", band[0]), ("sarcasm detector", threshold))}}
    return {o: MISSED_COMPLAINT_COST * (y & ~(r & y)) + REVIEW_COST * r for o, r in read.items()}


dev_costs = review_costs(dev_idx)
dev_iv = paired_bootstrap_interval(dev_costs[chosen], dev_costs[runner_up], seed=SEED)   # runner-up minus chosen
dev_one_off = dev_options["one-off cost ($)"]
dev_gap = tuple(12 * REVIEWS_PER_MONTH * v + dev_one_off[runner_up] - dev_one_off[chosen]   # monitors cancel
                for v in (dev_iv.estimate, dev_iv.low, dev_iv.high))
show_cols = ["sarcasm recall", "overall recall", "first-year cost ($)"]
HTML(isolate_dollars_html(dev_options[show_cols].style.format(
    {"sarcasm recall": "{:.0%}", "overall recall": "{:.0%}", "first-year cost ($)": "${:,.0f}"}).set_caption(
    f"Development half of the kit-written reviews, {len(dev_idx)} reviews: first-year cost at its point "
    "estimate").to_html()))

# %% tags=["remove-cell"]
# the review-by-review pricing agrees with the development table
assert abs(dev_gap[0] - (dev_rank[runner_up] - dev_rank[chosen])) < 1, dev_gap

# %%
dev_open = dev_gap[1] <= 0 <= dev_gap[2]
story.md(
    f"Step 2: on the development half, **{chosen}** costs least at its point estimate, {usd(dev_gap[0])} a year less "
    f"than {runner_up} (95% paired bootstrap {usd(dev_gap[1])} to {usd(dev_gap[2])}). "
    + (f"That interval runs across zero: on {len(dev_idx)} reviews the development half **cannot tell the two "
       "apart**. " if dev_open else
       f"That interval lies {'above' if dev_gap[1] > 0 else 'below'} zero. ")
    + f"{chosen[0].upper()}{chosen[1:]} is the **option carried forward**, the one priced against every other and "
    "gated first below, on its point cost only" + (", not because it is shown cheaper" if dev_open else "")
    + f"; the held-out half prices every option and gates {runner_up} on the same lines.")


# %%
READ_ALL = "read every review"
HAND_RULE = "hand rule (today)"
rule_preds_t = preds.loc[test_idx].assign(pred_negative=hand_rule.loc[test_idx].to_numpy())   # its calls, not the model's


def held_out_options(missed_complaint_cost=MISSED_COMPLAINT_COST):
    """The three measured options priced on the held-out half, at the settings chosen on the development half,
    the hand rule that routes complaints today, and the trivial baseline: no model, a person reads every review."""
    options = price(test_idx, band[0], threshold, missed_complaint_cost)
    rule = interview.sarcasm_options(rule_preds_t, missed_complaint_cost=missed_complaint_cost, charge_every_read=True,
                                     **{**costs, "monitor_reviews_per_month": 0}).loc[["accept the risk"]]
    rule.index = [HAND_RULE]
    rule["note"] = ("the complaint words of section 1, which route complaints today: support reads what they flag; "
                    "no model, so no monitor is charged (which only favours the rule)")
    options = pd.concat([options, rule])
    read_all = {"recall is": "assumed", "sarcasm recall": 1.0, "overall recall": 1.0, "false complaints per month": 0.0,
                "one-off cost ($)": 0.0, "running cost ($/month)": REVIEWS_PER_MONTH * REVIEW_COST,
                "reviews read per month": float(REVIEWS_PER_MONTH),
                "missed complaints per month": 0.0, "cost of misses ($/month)": 0.0,
                "note": (f"no model to watch: a person reads all {REVIEWS_PER_MONTH:,} reviews a month, assumed to read "
                         "sarcasm right")}
    options = pd.concat([options, pd.DataFrame([read_all], index=[READ_ALL])])
    options["first-year cost ($)"] = first_year(options)
    return options


options = held_out_options()
shown = options[["sarcasm recall", "overall recall", "false complaints per month", "reviews read per month",
                 "missed complaints per month", "one-off cost ($)", "running cost ($/month)",
                 "cost of misses ($/month)", "first-year cost ($)"]].copy().astype(object)
for c in shown.columns:
    shown[c] = (options[c].map("{:.0%}".format) if "recall" in c
                else options[c].map("{:,.0f}".format) if "per month" in c else options[c].map(lambda v: f"${v:,.0f}"))
shown.columns = [c.replace(" ($/month)", "<br>($/month)").replace(" ($)", "<br>($)")
                 .replace("reviews read per month", "reviews read per month<br>(before the monitor)") for c in shown.columns]
HTML(isolate_dollars_html(shown.rename_axis("option (held-out kit-written reviews)").to_html(escape=False)))

# %%
held_sarc_share = float(preds.loc[test_idx, "sarcastic"].mean())
to_label = EXTRA_SARCASTIC_LABELS / held_sarc_share        # reviews read and labelled to find that many sarcastic ones
labels_one_off = to_label * LABEL_COST
read_all_year = float(options.loc[READ_ALL, "first-year cost ($)"])
reads = options["reviews read per month"]
story.md(
    f"The option carried forward from the development half is **{chosen}** (${dev_options.loc[chosen, 'first-year cost ($)']:,.0f} there, cheapest at its point cost). The "
    f"table above prices the three measured options on the {len(test_idx)} held-out reviews "
    f"({int(preds.loc[test_idx, 'sarcastic'].sum())} of them sarcastic), which made no choice, beside the hand rule "
    "that routes complaints today and the trivial baseline: no model, and a person reads every review. How each "
    "works: "
    + "; ".join(f"**{name}**: {note}" for name, note in options["note"].items()) + ".\n\n"
    f"**The assumptions behind every dollar** (all invented for the case, in the parameters cell). One rule prices "
    f"every option and the baseline alike: **each review a person reads costs ${REVIEW_COST:.2f}, whatever it turns "
    "out to be**: the complaints an option sends to support (support reads them to answer them), its false "
    f"complaints, the reviews the route sends to a person, and the {MONITOR_REVIEWS_PER_MONTH} reviews a month the "
    f"monitor reads. So ${REVIEW_COST:.2f} a read is the whole running cost of every option. Reviews read a month, "
    "before the monitor: " + "; ".join(f"{o} {reads[o]:,.0f}" for o in options.index) + ". "
    f"The other prices: ${MISSED_COMPLAINT_COST:.0f} per missed complaint; ${DETECTOR_BUILD_COST:,.0f} to build the "
    f"detector; for more labels, ${LABEL_COST:.2f} a label and about {to_label:,.0f} reviews labelled to find "
    f"{EXTRA_SARCASTIC_LABELS} more sarcastic ones (at the held-out share of sarcasm, {held_sarc_share:.0%}), "
    f"${labels_one_off:,.0f} one-off. The volume: "
    f"{REVIEWS_PER_MONTH:,} reviews a month, with the kit's shares of complaints ({reviews['is_negative'].mean():.0%}) "
    f"and of sarcasm ({reviews['sarcastic'].mean():.0%}), which no one has measured in production. For the route and "
    "the baseline, a person who reads sarcasm right.\n\n"
    f"The baseline costs ${read_all_year:,.0f} in the first year and, with a reader who reads right, misses nothing. "
    "The table gives point costs only; whether the option carried forward "
    f"costs less than each of the others beyond the noise of {len(test_idx)} reviews is measured below.")

# %% tags=["nbval-check-output", "remove-cell"]
print(f"carried forward from the development half: {chosen}")
for _name, _row in options.iterrows():
    print(f"{_name:<20} sarcasm recall {_row['sarcasm recall']:.3f}  "
          f"first-year cost ${_row['first-year cost ($)']:,.0f} (held-out half)")

# %% [markdown]
# The held-out half is small, so is the lead of the option carried forward real? Price each held-out review under two
# options by the same rule (`MISSED_COMPLAINT_COST` if it is a complaint the option misses, `REVIEW_COST` if a
# person reads it), take the difference review by review, and bootstrap it: a paired interval, because both
# options are measured on the same reviews.

# %%
y_t = preds.loc[test_idx, "is_negative"].to_numpy()
pred_t = preds.loc[test_idx, "pred_negative"].to_numpy()
added_t = {o: added_to_support(test_idx, o, s) for o, s in (("human review route", band[0]),
                                                             ("sarcasm detector", threshold))}
rule_t = rule_preds_t["pred_negative"].to_numpy()
caught_by = {"accept the risk": pred_t, "human review route": pred_t | (added_t["human review route"] & y_t),
             "sarcasm detector": pred_t | added_t["sarcasm detector"], READ_ALL: y_t.copy(), HAND_RULE: rule_t & y_t}
read_by = {"accept the risk": pred_t, "human review route": pred_t | added_t["human review route"],   # every read
           "sarcasm detector": pred_t | added_t["sarcasm detector"], READ_ALL: np.ones_like(y_t), HAND_RULE: rule_t}
per_review = {o: MISSED_COMPLAINT_COST * (y_t & ~caught_by[o]) + REVIEW_COST * read_by[o] for o in caught_by}
one_off = {o: float(options.loc[o, "one-off cost ($)"]) for o in caught_by}
monitor = {o: 0.0 if o in (READ_ALL, HAND_RULE) else MONITOR_REVIEWS_PER_MONTH * REVIEW_COST for o in caught_by}  # $ a month


def yearly(v, other, this=chosen):
    """A saving per review of `this` against `other`, as dollars over the first year."""
    return (12 * (REVIEWS_PER_MONTH * v + monitor[other] - monitor[this])
            + one_off[other] - one_off[this])


def saving_of(this, other):
    """First-year saving of `this` over `other`: estimate and 95% paired bootstrap interval."""
    iv = paired_bootstrap_interval(per_review[this], per_review[other], seed=SEED)
    return tuple(yearly(v, other, this) for v in (iv.estimate, iv.low, iv.high))


savings = {other: saving_of(chosen, other) for other in caught_by if other != chosen}   # the hand rule included
savings_table = pd.DataFrame(savings, index=["saving", "95% low", "95% high"]).T
HTML(isolate_dollars_html(savings_table.rename_axis(f"{chosen} against (held-out kit-written reviews)").map(usd)
                          .to_html()))

# %% tags=["remove-cell"]
for other, (est, _, _) in savings.items():   # the review-by-review pricing agrees with the table
    assert abs(est - (options.loc[other, "first-year cost ($)"] - options.loc[chosen, "first-year cost ($)"])) < 1, other

# %% tags=["nbval-check-output", "remove-cell"]
for _other, (_est, _lo, _hi) in savings.items():
    print(f"first-year saving of {chosen} against {_other}: {usd(_est)} (95% paired bootstrap {usd(_lo)} to "
          f"{usd(_hi)})")

# %%
fig, (ax, ax2) = plots.figure(1, 2, figsize=(11, 4.4), gridspec_kw={"width_ratios": [1.1, 1]})
cost = options["first-year cost ($)"].sort_values()
bar_labels = {chosen: f"{chosen}\n(carried forward from the development half)",
              READ_ALL: f"{READ_ALL}\n(no model: trivial baseline)",
              HAND_RULE: "hand rule\n(routes complaints today)"}
ax.barh([bar_labels.get(o, o) for o in cost.index], cost.values / 1_000, color=plots.NEUTRAL)
for y_, v in enumerate(cost.values / 1_000):
    ax.text(v + cost.max() / 1_000 * 0.02, y_, f"${v:,.0f}k", va="center", fontsize=9)
ax.set_xlim(0, cost.max() / 1_000 * 1.2)
ax.invert_yaxis()
plots.finish(ax, title="Held-out half: first-year cost\n(point estimates only)", xlabel="First-year cost (thousand $)",
             ylabel="Option")
ys = np.arange(len(savings))
est = np.array([v[0] for v in savings.values()]) / 1_000
lows, highs = np.array([v[1] for v in savings.values()]) / 1_000, np.array([v[2] for v in savings.values()]) / 1_000
ax2.errorbar(est, ys, xerr=[est - lows, highs - est], fmt="o", color="black", capsize=5)
ax2.axvline(0, color="black", linewidth=1, linestyle=":")
span = max(highs.max(), 0) - min(lows.min(), 0)
ax2.set_xlim(min(lows.min(), 0) - 0.1 * span, max(highs.max(), 0) + 0.1 * span)
ax2.set_yticks(ys, [f"vs {o}" for o in savings])
ax2.set_ylim(-0.6, len(savings) - 0.4)
ax2.invert_yaxis()
clear = [o for o, (_, lo, _) in savings.items() if lo > 0]
unclear = [o for o in savings if o not in clear]
unclear_measured = [o for o in unclear if o != READ_ALL]      # the measured options whose ranking is open
side_of = {"above zero": clear, "across zero": [o for o in unclear if savings[o][2] >= 0],
           "below zero": [o for o in unclear if savings[o][2] < 0]}        # read from the plotted intervals
side_words = [f"{side} against {', '.join(names)}" for side, names in side_of.items() if names]
plots.finish(ax2, title=f"Saving of {chosen} (95% paired interval):\n"
             + ";\n".join(textwrap.fill(w, 60) for w in side_words),
             xlabel="First-year saving (thousand $)\ndot: estimate; bar: 95% paired bootstrap; dotted: no saving",
             ylabel="Compared with")
ax2.title.set_fontsize(10)                   # three lines of finding over a half-width panel
cheapest_point = str(cost.index[0])
fig.suptitle(f"Kit-written reviews, held-out half: "
             + ("the no-model baseline (read every review)" if cheapest_point == READ_ALL else cheapest_point)
             + " costs least at its point estimate;\n"
             f"the saving of {chosen} is "
             + (f"beyond the noise of {len(test_idx)} reviews against every other option" if not unclear else
                f"not settled against {' or '.join(unclear)}"), y=1.0)
fig.text(0.01, -0.02, f"Assumes (all invented for the case) ${MISSED_COMPLAINT_COST:.0f} a missed complaint, "
         f"${REVIEW_COST:.2f} for every review a person reads (complaints included;\nthe baseline priced the same "
         f"way), ${DETECTOR_BUILD_COST:,.0f} to build the detector, {MONITOR_REVIEWS_PER_MONTH} reviews a month read to "
         f"watch each model option (not the baseline or the hand rule), {REVIEWS_PER_MONTH:,} reviews a month\nwith the kit's complaint and sarcasm shares, and "
         "a person who reads sarcasm right.".replace("$", r"\$"), ha="left", va="top",   # dollars, not maths
         fontsize=9, style="italic")
fig.tight_layout()
story.record_figure("sarcasm_options_cost", fig, caption=(
    f"Left: first-year cost of the three measured options, of the hand rule that routes complaints today and of the "
    f"trivial baseline (no model, a person reads every review) on the held-out half of the kit-written reviews. Right: "
    f"the first-year saving of {chosen} against each other option, the hand rule included, with its paired 95% "
    "bootstrap interval and a dotted line at no saving; the interval lies " + "; ".join(side_words) + "."))
plt.close(fig)

# %%
per_miss = 12 * REVIEWS_PER_MONTH / len(test_idx) * MISSED_COMPLAINT_COST   # one held-out review, scaled to a year
n_routed_complaints = int((added_t["human review route"] & y_t).sum())
if chosen == "human review route":
    survives = {o: int(np.floor(lo / per_miss)) for o, (_, lo, _) in savings.items() if lo > 0}
    reader_words = ("Each routed complaint the person misses on the held-out half adds about "
                    f"${per_miss:,.0f} to the route's first-year cost. Its lead stays beyond the noise only while the "
                    "person misses at most " + ", ".join(f"{k} (against {o})" for o, k in survives.items())
                    + f" of its {n_routed_complaints} routed complaints.")
else:
    base_est = savings[READ_ALL][0]
    reader_words = (f"The route and the baseline assume a reader who catches every complaint they read; each held-out "
                    f"complaint a reader misses adds about ${per_miss:,.0f} to a first-year cost. So a real reader "
                    f"only widens {chosen}'s lead over the route (its numbers assume all {n_routed_complaints} routed "
                    "complaints caught)"
                    + (f", and the baseline's point lead over {chosen} is gone once its reader misses "
                       f"{int(np.floor(-base_est / per_miss)) + 1} of the {int(y_t.sum())} held-out complaints"
                       if base_est < 0 else "") + ".")
# more labels: its first-year cost is a straight line in the recall on sarcasm it reaches
at_recall = {r: price(test_idx, band[0], threshold, labels_recall=r).loc["more labels"] for r in (0.0, 1.0)}
chosen_year = float(options.loc[chosen, "first-year cost ($)"])
even_recall = float((chosen_year - at_recall[0.0]["first-year cost ($)"])
                    / (at_recall[1.0]["first-year cost ($)"] - at_recall[0.0]["first-year cost ($)"]))
even_words = ("priced like the others, with the model's other calls unchanged (the same plain complaints caught, the "
              f"same false complaints) and its ${at_recall[0.0]['one-off cost ($)']:,.0f} of labels, more labels cost "
              f"${at_recall[0.0]['first-year cost ($)']:,.0f} in the first year if they reach a recall on sarcasm of 0 "
              f"and ${at_recall[1.0]['first-year cost ($)']:,.0f} if they reach 1, on a straight line between; " + (
                  f"they cost the same as {chosen}'s point estimate at a recall on sarcasm of about "
                  f"**{even_recall:.0%}** (from the model's {options.loc['accept the risk', 'sarcasm recall']:.0%} as it is)"
                  if 0 <= even_recall <= 1 else
                  f"no recall on sarcasm would make more labels cheaper than {chosen}'s point estimate"))
monitor_sarc = MONITOR_REVIEWS_PER_MONTH * sarc_complaint_rate
monitor_margin = 1.96 * np.sqrt(0.25 / monitor_sarc)


z_power = float(norm.ppf(PILOT_POWER))


# the baseline against the chosen option: both first-year costs are straight lines in the price of a read
read_fixed = {o: float(options.loc[o, "one-off cost ($)"] + 12 * options.loc[o, "cost of misses ($/month)"])
              for o in (chosen, READ_ALL)}
read_slope = {o: 12 * float(options.loc[o, "reviews read per month"]
                            + (0 if o == READ_ALL else MONITOR_REVIEWS_PER_MONTH)) for o in (chosen, READ_ALL)}
slope_gap = read_slope[READ_ALL] - read_slope[chosen]
read_even = (read_fixed[chosen] - read_fixed[READ_ALL]) / slope_gap if slope_gap else float("nan")
base_est, base_lo, base_hi = savings[READ_ALL]
base_words = (f"Priced by the same rule, {chosen} costs less than having no model at all, beyond the noise of "
              f"{len(test_idx)} reviews. " if base_lo > 0 else
              f"Priced by the same rule, reading every review costs less than {chosen}, beyond the noise "
              f"({usd(-base_hi)} to {usd(-base_lo)} a year less). " if base_hi < 0 else
              f"Priced by the same rule, reading every review costs less than {chosen} at its point estimate "
              f"({usd(-base_est)} a year less), though not beyond the noise of {len(test_idx)} held-out reviews: on "
              "these reviews the model is not shown to save money against reading everything. " if base_est < 0 else
              f"On {len(test_idx)} held-out reviews {chosen} is not yet shown to cost less than having no model at "
              "all. ")
if read_even > 0:
    cheaper_below = READ_ALL if read_slope[READ_ALL] > read_slope[chosen] else chosen
    cheaper_above = chosen if cheaper_below == READ_ALL else READ_ALL
    base_words += (f"At point costs the two meet when a read costs about ${read_even:.2f}: below that {cheaper_below} "
                   f"is cheaper, above it {cheaper_above}. ")
story.md(
    f"**The result:** on the held-out half, {chosen} costs ${chosen_year:,.0f} in the first year, against "
    f"${options.loc['accept the risk', 'first-year cost ($)']:,.0f} for accepting the risk and ${read_all_year:,.0f} "
    "for reading every review. Its lead is "
    + (f"settled (the paired 95% interval stays above zero) against {' and '.join(clear)}" if clear else
       "settled against no option") + ". "
    + ("It is **not yet** settled against " + " or ".join(f"{o} ({usd(savings[o][1])} to {usd(savings[o][2])})"
                                                          for o in unclear)
       + ": " + ("that interval runs" if len(unclear) == 1 else "those intervals run") + " across zero. "
       if unclear else "")
    + base_words
    + reader_words + "\n\n"
    f"**More labels:** {even_words}. That mark moves with {chosen}'s cost, measured on {len(test_idx)} held-out "
    "reviews only, and no number here forecasts the recall labels buy. The test: label a first batch, retrain, "
    f"and price the retrained model against {chosen} on new labelled reviews kept out of training, paired as above, "
    f"in a pilot sized in advance for the smallest saving worth switching for (`MIN_SAVING_WORTH`, "
    f"${MIN_SAVING_WORTH:,.0f} a year, with a chance of {PILOT_POWER:.0%} that its 95% interval clears zero if the saving is "
    f"that large), and holding at least {need_sarc} sarcastic complaints (enough to pin recall on sarcasm to "
    f"±{100 * SARCASM_MARGIN:.0f} points).\n\n"
    f"**The monitor:** at the kit's {sarc_complaint_rate:.0%} rate of sarcastic complaints (not measured in "
    f"production), {MONITOR_REVIEWS_PER_MONTH} reviews a month hold about {monitor_sarc:.0f} sarcastic complaints, "
    f"enough to pin recall on sarcasm to about ±{100 * monitor_margin:.0f} points (95%, worst case). The "
    f"±{100 * SARCASM_MARGIN:.0f} points the team wants needs about {need_sarc}, so the monitor pools about "
    f"{int(np.ceil(need_sarc / monitor_sarc))} months before each reading; a lower rate in production means longer.\n\n"
    "In an interview, say which assumption would change your answer.")
story.record_table([
    ("carried_forward_sarcasm_option", chosen,
     "Sarcasm option carried forward from the development half (kit-written reviews)"),
    ("chosen_first_year_cost", chosen_year, "Option carried forward, first-year cost on held-out kit-written reviews",
     "${:,.0f}"),
])

# %%
# what routes complaints today, priced by the same rule on the same held-out reviews
vs_rule = {o: saving_of(o, HAND_RULE) for o in ("accept the risk", "human review route", "sarcasm detector")}
display(HTML(isolate_dollars_html(pd.DataFrame(vs_rule, index=["saving", "95% low", "95% high"]).T.map(usd).rename_axis(
    "first-year saving over today's hand rule (held-out kit-written reviews; 95% paired bootstrap)").to_html())))
as_is_est, as_is_lo, as_is_hi = vs_rule["accept the risk"]
story.md(
    f"Priced by the same rule, the hand rule that routes complaints today costs "
    f"${options.loc[HAND_RULE, 'first-year cost ($)']:,.0f} in the first year, and the model as it is saves "
    f"{usd(as_is_est)} a year over it (95% paired {usd(as_is_lo)} to {usd(as_is_hi)}). That prices the two; it is "
    "not a launch call, which is Exercises 4 and 7.")

# %% tags=["remove-cell"]
for this, (est, _, _) in vs_rule.items():
    assert abs(est - (options.loc[HAND_RULE, "first-year cost ($)"] - options.loc[this, "first-year cost ($)"])) < 1, this
# the hand rule's row by hand: misses at $15 and every flagged review read at $0.80, scaled to a month
_rule_flags = hand_rule.loc[test_idx].to_numpy()
_scale = REVIEWS_PER_MONTH / len(test_idx)
assert abs(options.loc[HAND_RULE, "running cost ($/month)"] - _scale * _rule_flags.sum() * REVIEW_COST) < 1e-6
assert abs(options.loc[HAND_RULE, "cost of misses ($/month)"]
           - _scale * (y_t & ~_rule_flags).sum() * MISSED_COMPLAINT_COST) < 1e-6
assert abs(labels_one_off - at_recall[0.0]["one-off cost ($)"]) < 1e-6       # the one-off the text states
assert abs(at_recall[0.0]["first-year cost ($)"] + even_recall * (at_recall[1.0]["first-year cost ($)"]
           - at_recall[0.0]["first-year cost ($)"]) - chosen_year) < 1e-6

# %%
q2 = nb06.bind_options(held_out_options=held_out_options, default_cost=MISSED_COMPLAINT_COST, second=chosen)

# %% [markdown]
# ### Exercise 2 · When is accepting the risk cheaper?

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
at0 = held_out_options(missed_complaint_cost=0.0)
fixed = at0["first-year cost ($)"]
slope = 12 * at0["missed complaints per month"]
q2_answer = float((fixed[chosen] - fixed["accept the risk"]) / (slope["accept the risk"] - slope[chosen]))
print(f"break-even about ${q2_answer:,.2f} per missed complaint")
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check(MISSED_COMPLAINT_COST)
assert q2.check(____).correct is None

# %% [markdown]
# ### A launch gate for the option carried forward
#
# Before any evidence, the support lead and the team wrote the launch lines into the parameters cell:
# at least `SARCASM_RECALL_LINE` of sarcastic complaints caught, at least `RECALL_LINE` of all complaints
# caught, and no more than `ROUTED_SHARE_CAP` of all reviews added to what support reads. The gate is taken
# on the held-out half, which played no part in choosing, and each criterion is decided on its 95% Wilson
# interval. They also fixed what happens if the held-out half leaves the share, or recall on all complaints,
# open ('not yet'): a pilot, decided on the same line by the same rule, whose size they planned now for a
# true value `MIN_SHARE_GAP` inside the line (not for any value the held-out half shows). The gate's table
# gives the pilot for each open criterion.
# Here are the held-out counts; take the gate yourself first.

# %%
sarc_t = preds.loc[test_idx, "sarcastic"].to_numpy()


def gate_counts(missed_by_reader=0, option=chosen):
    """The held-out counts of ``option``; ``missed_by_reader`` routed complaints the person misses (the route only)."""
    caught = caught_by[option].copy()
    extra = ~pred_t if option == READ_ALL else added_t.get(option, np.zeros_like(y_t))   # the baseline reads the rest
    if missed_by_reader:
        caught[np.flatnonzero(extra & y_t & ~pred_t)[:missed_by_reader]] = False
    return pd.DataFrame(
        [("Recall on sarcastic complaints", int((caught & sarc_t & y_t).sum()), int((sarc_t & y_t).sum()), ">=",
          SARCASM_RECALL_LINE),
         ("Recall on all complaints", int((caught & y_t).sum()), int(y_t.sum()), ">=", RECALL_LINE),
         ("Share of reviews added to support's reading", int(extra.sum()), len(extra), "<=", ROUTED_SHARE_CAP)],
        columns=["criterion", "k", "n", "condition", "line"]).set_index("criterion")


from functools import lru_cache

day = REVIEWS_PER_MONTH / 30                  # reviews a day at the shop's volume


@lru_cache(maxsize=None)
def pilot_rule(n, line, op):
    """A pilot of ``n`` cases is decided on the gate's own line by the gate's own rule: pass when its whole 95%
    Wilson interval clears the line, fail when the whole interval misses it, 'not yet' otherwise. Its size is
    planned for a true share MIN_SHARE_GAP inside the line, chosen before it runs. Returns that planned share and
    the chances (exact binomial) that the pilot passes at the planned share, passes at the line itself, and
    fails at MIN_SHARE_GAP beyond the line."""
    planned, beyond = (line - MIN_SHARE_GAP, line + MIN_SHARE_GAP) if op == "<=" else (line + MIN_SHARE_GAP,
                                                                                          line - MIN_SHARE_GAP)

    def first(test):                   # the first count that meets ``test``: both ends of a Wilson interval rise with it
        lo, hi = 0, n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            hi, lo = (mid, lo) if test(wilson_interval(mid, n)) else (hi, mid + 1)
        return lo

    if op == "<=":
        top_over, low_over = first(lambda iv: iv[1] > line), first(lambda iv: iv[0] > line)
        passes = lambda p: float(binom.cdf(top_over - 1, n, p))      # top at or under the line
        fails = lambda p: float(binom.sf(low_over - 1, n, p))        # low end over it
    else:
        low_in, top_in = first(lambda iv: iv[0] >= line), first(lambda iv: iv[1] >= line)
        passes = lambda p: float(binom.sf(low_in - 1, n, p))         # low end at or over the line
        fails = lambda p: float(binom.cdf(top_in - 1, n, p))         # top under it
    return planned, passes(planned), passes(line), fails(beyond)


@lru_cache(maxsize=None)
def cases_to_settle(line, op):
    """The pilot's size, planned in advance (not a stopping rule): the normal approximation for a true share
    MIN_SHARE_GAP inside the line, stepped up until the exact chance of a pass there reaches PILOT_POWER."""
    planned = line - MIN_SHARE_GAP if op == "<=" else line + MIN_SHARE_GAP
    n = int(np.ceil((1.96 + z_power) ** 2 * planned * (1 - planned) / MIN_SHARE_GAP ** 2))
    while pilot_rule(n, line, op)[1] < PILOT_POWER:
        n += 1
    return n


def rule_words(n, line, op, what):
    planned, pass_planned, pass_at_line, fail_beyond = pilot_rule(n, line, op)
    side, far = ("at or under", "over") if op == "<=" else ("at or over", "under")
    return (f"decided on the same {line:.0%} line by the same rule: {what} passes if the pilot's whole 95% interval is "
            f"{side} {line:.0%}, fails if it is wholly {far}, and is 'not yet' otherwise. The size is planned now for a "
            f"true value of {planned:.0%} (the line {'less' if op == '<=' else 'plus'} the gap set in advance, "
            f"{100 * MIN_SHARE_GAP:.0f} points): there it passes with a chance of at least {np.floor(100 * pass_planned):.0f}%; "
            f"at the line itself it passes with a chance of {100 * pass_at_line:.1f}%, and {100 * MIN_SHARE_GAP:.0f} "
            f"points {far} it, it fails with a chance of about {100 * fail_beyond:.0f}%; a true value nearer the line "
            "can leave it 'not yet'")


def share_settles(k, n, line):
    """What would settle a share's criterion: a pilot of real reviews, sized and ruled by cases_to_settle."""
    need = cases_to_settle(line, "<=")
    about = need if need < 1_000 else int(np.ceil(need / 100) * 100)     # a planned size rounds up
    days = max(1, int(np.ceil(need / day)))
    return (f"a pilot: about {about:,} real reviews run through the option in shadow, its calls logged and not "
            f"acted on (about {days} day{'s' if days > 1 else ''} of traffic at {REVIEWS_PER_MONTH:,} a month), " + rule_words(need, line, "<=", "the share"))


def recall_settles(k, n, line):
    """What would settle recall on all complaints: new labelled complaints, sized and ruled by cases_to_settle."""
    need = cases_to_settle(line, ">=")
    return (f"a pilot: about {need:,} new labelled complaints from real reviews (about "
            f"{int(np.ceil(need / complaint_rate / 100) * 100):,} reviews at the kit's {complaint_rate:.0%} complaint "
            "rate, rounded up), "
            + rule_words(need, line, ">=", "the recall"))


complaint_rate = float(reviews["is_negative"].mean())
settle_by = {"Recall on sarcastic complaints": lambda k, n, line: (f"about {need_sarc} new sarcastic complaints pin "
                                                                   f"it to ±{100 * SARCASM_MARGIN:.0f} points (95%)"),
             "Recall on all complaints": recall_settles,
             "Share of reviews added to support's reading": share_settles}


def launch_gate(counts=None, option=chosen):
    """The launch gate of ``option`` (the chosen one unless named), on the held-out reviews."""
    counts = gate_counts(option=option) if counts is None else counts
    note = "; assumes the person reads sarcasm right" if option in ("human review route", READ_ALL) else ""
    return gates.Gate(f"Launch gate: {option} (held-out kit-written reviews)", [
        gates.criterion(name, k / n, op, line, fmt="{:.1%}", interval=wilson_interval(k, n), n=n,
                        evidence=f"{k} of {n} held-out" + (" complaints (kit-written reviews only; real reviews not "
                                                              "yet measured)" if "Recall" in name else " reviews")
                                 + "; 95% Wilson"
                                 + (note if "Recall" in name else ""),
                        settle=settle_by[name](k, n, line))
        for name, (k, n, op, line) in counts.iterrows()])


held_out_counts = gate_counts()
gate = launch_gate()
held_out_counts.rename_axis(f"criterion ({chosen}, held-out kit-written reviews)")

# %% tags=["remove-cell"]
# the pilot rule's chances, against simulated pilots scored with statsmodels' Wilson interval
from statsmodels.stats.proportion import proportion_confint

assert LABEL_COST >= REVIEW_COST          # a label is a read and more
_rng = np.random.default_rng(SEED)
for _line, _op in ((ROUTED_SHARE_CAP, "<="), (RECALL_LINE, ">=")):
    _n = cases_to_settle(_line, _op)
    _planned, _pass, _pass_line, _fail = pilot_rule(_n, _line, _op)
    _approx = int(np.ceil((1.96 + z_power) ** 2 * _planned * (1 - _planned) / MIN_SHARE_GAP ** 2))
    assert _pass >= PILOT_POWER and (_n == _approx or pilot_rule(_n - 1, _line, _op)[1] < PILOT_POWER)
    assert _pass_line < 0.05                # at the line itself a pass is rare
    _beyond = 2 * _line - _planned
    for _p, _want, _side in ((_planned, _pass, "pass"), (_line, _pass_line, "pass"), (_beyond, _fail, "fail")):
        _lo, _hi = proportion_confint(_rng.binomial(_n, _p, 20_000), _n, method="wilson")
        if _side == "pass":
            _hit = (_hi <= _line) if _op == "<=" else (_lo >= _line)
        else:
            _hit = (_lo > _line) if _op == "<=" else (_hi < _line)
        assert abs(_hit.mean() - _want) < 0.015, (_line, _p, _side, _hit.mean(), _want)

# %%
q3 = nb06.bind_gate(route_gate=launch_gate, counts=held_out_counts, note=(
    "Both recall criteria assume the person reads the routed reviews right, and recall on sarcasm rests on the "
    "fewest cases." if chosen == "human review route" else "Recall on sarcasm rests on the fewest cases."))

# %% [markdown]
# ### Exercise 3 · GO, NO-GO or NOT YET?

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
statuses = []
for name, (k_c, n_c, op_c, line_c) in held_out_counts.iterrows():
    lo_c, hi_c = wilson_interval(k_c, n_c)
    ok, bad = (lo_c >= line_c, hi_c < line_c) if op_c == ">=" else (hi_c <= line_c, lo_c > line_c)
    statuses.append("pass" if ok else "fail" if bad else "not yet")
    print(f"{name}: {k_c} of {n_c}, 95% Wilson {lo_c:.3f} to {hi_c:.3f} against {op_c} {line_c}: {statuses[-1]}")
verdict_by_hand = "NO-GO" if "fail" in statuses else "NOT YET" if "not yet" in statuses else "GO"
q3_answer = (*statuses, verdict_by_hand)
print(q3_answer)
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
_wrong = next(v for v in ("GO", "NO-GO", "NOT YET") if v != q3_answer[-1])
assert not q3.check((*q3_answer[:-1], _wrong))
assert q3.check(____).correct is None

# %%
gate

# %%
verdict = gate.verdict
gate_words = {"GO": "every criterion's whole interval clears its line",
              "NO-GO": "a criterion's whole interval misses its line: " + ", ".join(n.lower() for n in gate.failed),
              "NOT YET": "no criterion fails, but an interval straddles its line: "
                         + ", ".join(n.lower() for n in gate.inconclusive)}
margins = {}
for name, (k_c, n_c, op_c, line_c) in held_out_counts.iterrows():
    lo_c, hi_c = wilson_interval(k_c, n_c)
    margins[name] = 100 * ((lo_c - line_c) if op_c == ">=" else (line_c - hi_c))   # points beyond the line
passing = {name: m for name, m in margins.items() if m >= 0}
sarc_c = gate.criteria[0]
paragraphs = [f"The gate on **{chosen}** says **{verdict}**: {gate_words[verdict]}."]
if passing:
    thinnest = min(passing, key=passing.get)
    k_c, n_c, op_c, line_c = held_out_counts.loc[thinnest]
    step, flips = (-1 if op_c == ">=" else 1), 1     # cases going the wrong way until the line is inside the interval
    while 0 <= k_c + step * flips <= n_c and (wilson_interval(k_c + step * flips, n_c)[0] >= line_c if op_c == ">="
                                              else wilson_interval(k_c + step * flips, n_c)[1] <= line_c):
        flips += 1
    paragraphs.append(
        f"Of the criteria that pass, the thinnest margin is *{thinnest.lower()}*: the near end of its 95% interval "
        f"sits {margins[thinnest]:.1f} points beyond its line, and {flips} "
        + ("fewer caught" if op_c == ">=" else "more added") + f" of the same {int(n_c)} would put the line inside "
        "it. That pass rests on " + ("one review" if flips == 1 else f"{flips} reviews") + ": it is the number to "
        "watch first.")
paragraphs += [
    f"Recall on sarcastic complaints rests on only {held_out_counts.iloc[0]['n']} complaints (recall "
    f"{sarc_c.value}, 95% Wilson {sarc_c.interval}); a tighter interval needs new labels (about {need_sarc} "
    f"sarcastic complaints for ±{100 * SARCASM_MARGIN:.0f} points, section 1).",
    "Both recall criteria are measured on kit-written reviews only, where every sarcastic review is a complaint; "
    "a shadow run logs calls but no labels, so it cannot measure recall. What would settle recall for a real "
    f"launch is a labelled sample of real reviews: for all complaints, {recall_settles(0, 0, RECALL_LINE)}; for "
    f"sarcasm, about {need_sarc} real sarcastic complaints pin it to ±{100 * SARCASM_MARGIN:.0f} points (95%).",
]
verdict_record = verdict
if chosen == "human review route":
    by_misses = {m: launch_gate(gate_counts(m)).verdict for m in range(n_routed_complaints + 1)}
    holds = max([m for m, v in by_misses.items() if v == verdict] + [0])
    paragraphs.insert(1, f"That verdict assumes a perfect reader. It holds while the person misses at most {holds} of "
                         f"the {n_routed_complaints} routed complaints; one more and it reads "
                         f"{by_misses.get(holds + 1, verdict)}.")
    verdict_record = f"{verdict} if the person misses at most {holds} of {n_routed_complaints} routed complaints"
# the same gate for the other measured option: the choice rested on point costs, so both are gated
others = [o for o in ("human review route", "sarcasm detector") if o != chosen]
other_gates = {o: launch_gate(option=o) for o in others}
status_word = {"pass": "pass", "fail": "fail", "inconclusive": "not yet"}
n_route_complaints = int((added_t["human review route"] & y_t & ~pred_t).sum())
route_holds = {o: max([m for m in range(n_route_complaints + 1)
                       if launch_gate(gate_counts(m, option=o), option=o).verdict == g.verdict] + [0])
               for o, g in other_gates.items() if o == "human review route"}
other_words = "; ".join(
    f"**{o}** reads **{g.verdict}** ("
    + ", ".join(f"{c.name.lower()} {status_word[c.status]}" for c in g.criteria)
    + (f"; assuming a perfect reader, and it stays {g.verdict} while the person misses at most {route_holds[o]} of "
       f"the {n_route_complaints} complaints routed to them" if o in route_holds else "") + ")"
    for o, g in other_gates.items())
paragraphs.append(f"The choice rested on point costs, so the other measured option takes the same gate on the "
                  f"same held-out reviews: {other_words}. What to recommend is Exercise 4.")
story.md("\n\n".join(paragraphs))
story.record("route_gate_verdict", verdict_record, label=f"Launch gate of {chosen} (held-out kit-written reviews)");

# %% tags=["remove-cell"]
assert not passing or flips == nb06._misses_to_not_yet(int(k_c), int(n_c), op_c, float(line_c))

# %%
q4 = nb06.bind_recommend(gate_of=lambda o: launch_gate(option=o), chosen=chosen, other=others[0],
                         saving=savings[others[0]], baseline=READ_ALL, interim=vs_rule["accept the risk"])

# %% [markdown]
# ### Exercise 4 · What do you recommend?

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
# launch only on GO; shadow the cheaper-at-point option while its gate is NOT YET; pilot both while the ranking is open
for o in (chosen, others[0], "accept the risk", READ_ALL):
    print(f"{o}: {launch_gate(option=o).verdict}")
print(f"saving of {chosen} over {others[0]}: {usd(savings[others[0]][1])} to {usd(savings[others[0]][2])} (95%)")
q4_answer = "f"
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
_ok = {k for k in "abcdefg" if q4.check(k)}
_go = {k for k, o in zip("abcd", (chosen, others[0], "accept the risk", READ_ALL)) if launch_gate(option=o).verdict == "GO"}
assert _go <= _ok and not ({"a", "b", "c", "d"} - _go) & _ok      # launch is accepted exactly on a GO
assert q4.check(____).correct is None

# %%
def pilot_size(other):
    """Labelled real reviews a pilot needs so that, if the true saving is MIN_SAVING_WORTH a year, its 95% interval
    lies above zero with chance PILOT_POWER. The effect is the minimum chosen in advance; only the spread per review
    comes from the held-out half (the interval narrows with the square root of the reviews)."""
    _, lo, hi = savings[other]
    spread = (hi - lo) / (2 * 1.96) * np.sqrt(len(test_idx))        # the saving's standard deviation per review
    return int(np.ceil(((1.96 + z_power) * spread / MIN_SAVING_WORTH) ** 2))


pilots = {o: pilot_size(o) for o in unclear_measured}
pilot_words = "".join(
    f"Against {o}: a pilot of both on the same labelled real reviews, sized for the smallest "
    f"saving worth switching for, set before any pilot at ${MIN_SAVING_WORTH:,.0f} a year: about "
    f"{int(np.ceil(n_p / 100) * 100):,} reviews (about ${np.ceil(n_p / 100) * 100 * LABEL_COST:,.0f} of labels at "
    f"${LABEL_COST:.2f}) "
    f"give a chance of {PILOT_POWER:.0%} that its 95% interval lies above zero if the saving is that large. "
    for o, n_p in pilots.items())
k_b, n_b = (int(v) for v in gate_counts(option=READ_ALL).loc["Share of reviews added to support's reading",
                                                                 ["k", "n"]])
lo_b, hi_b = wilson_interval(k_b, n_b)
cap_words = ("misses" if lo_b > ROUTED_SHARE_CAP else "clears" if hi_b <= ROUTED_SHARE_CAP else "straddles")
story.md(f"**What would settle the ranking** of {chosen} against the other measured options. " + (
    pilot_words or f"Nothing: its saving over each of them is beyond the noise of {len(test_idx)} reviews.")
    + f"\n\n**Reading every review** {'costs least at its point estimate, but it ' if cheapest_point == READ_ALL else ''}"
    f"{cap_words} the cap support set in advance: it adds {k_b} of the {n_b} held-out reviews to what a person reads "
    f"({k_b / n_b:.0%}, 95% Wilson {lo_b:.0%} to {hi_b:.0%}), against a cap of {ROUTED_SHARE_CAP:.0%}.")

# %% [markdown]
# ## 2. Spot the red flags
#
# Four model reports, built from the kit's simulated payments (a fraud scenario with its drift, and a
# second, calmer simulated stream for Report D) and the review model above on the kit-written reviews, as
# its team reported it (Report C, on ordinary folds).
# Each carries planted problems. The red flags to look for:

# %%
pd.Series(interview.RED_FLAGS, name="what it looks like").to_frame()

# %%
# Report C is the team's own report, so it carries the ordinary folds a team usually runs
reports = interview.make_model_reports(seed=SEED, n_transactions=N_TRANSACTIONS, reviews=reviews,
                                       sentiment=preds_ordinary)
# the live months behind Reports B and D (the same simulated runs: same seeds and settings), to read each one's
# alert volume beside the hand rule's
from aipm_kit.scenarios import hand_rule as fraud_rule, labels_as_of, make_payments

live_b = make_payments(N_TRANSACTIONS, seed=SEED, drift_month=4, drift_kind="concept", incident=False)
live_b = live_b[live_b["month"] >= 4]
live_d = make_payments(N_TRANSACTIONS, seed=SEED + 1, drift_month=None, incident=False)
live_d = live_d[live_d["month"] >= 4]
volumes = {name: (r.alerts / len(live), float(fraud_rule(live).mean()))
           for name, r, live in (("B", reports[1], live_b), ("D", reports[3], live_d))}
for r in reports:
    story.md(r.render())

# %% tags=["remove-cell"]
for (_m, _r), _rep, _live in zip(volumes.values(), (reports[1], reports[3]), (live_b, live_d)):
    assert f"{_r:.2%} of payments flagged" in _rep.baseline                    # the rule the report itself describes
    assert np.isclose(_rep.metrics["recall"] * _rep.production_base_rate / _rep.metrics["precision"], _m)
    assert np.isclose(_rep.production_base_rate, _live["is_fraud"].mean())

# %% [markdown]
# Exercise 5 (below) asks for the red flags in Report A. Reports B to D are for practice: **write down the
# flags you see in each before reading on**; the checker's flags for them are printed after the discussion of
# rollback rules below.

# %%
# Report B's fraud counts are chargebacks. Its simulated payments run (live_b, above) shows when each chargeback
# arrives; the hand rule Report B would roll back to is scored on the same months (for section 5's draft).
fraud_b = int(live_b["is_fraud"].sum())
month6_end = live_b["timestamp"].max().ceil("D")
arrived_b = {d: int(labels_as_of(live_b, month6_end + pd.Timedelta(days=d)).sum()) for d in (0, 30, 60, 90)}
all_in_b = live_b["label_available_at"].max()
rule_flag_b = fraud_rule(live_b).to_numpy()
rule_hits_b = int((rule_flag_b & live_b["is_fraud"].to_numpy()).sum())
story.md(
    f"Report B's fraud counts (its recall, and the frauds in each segment) are chargebacks, the labels a business "
    f"gets, read once every chargeback for months 4–6 was in. In this simulated scenario every fraud is charged back, "
    f"late: of the {fraud_b} frauds in months 4–6, {arrived_b[0]} had been charged back by the end of month 6, "
    + ", ".join(f"{arrived_b[d]} by {d} days later" for d in (30, 60, 90))
    + f", and all {fraud_b} by {all_in_b:%-d %B %Y}. Read at the end of month 6, recall would be measured on "
    f"{arrived_b[0] / fraud_b:.0%} of the fraud, the share reported so far.")

# %% tags=["remove-cell"]
assert fraud_b == sum(n for _, n in reports[1].segments.values()) == int(live_b["caught"].sum())   # Report B's run

# %% [markdown]
# Report B's weak segment is named from fields the business logs (merchant category, channel, amount). The
# kit can name it because its simulator planted a fraud ring there; a business cannot see that. It finds
# such a segment by slicing recall on its chargeback-labelled fraud by each logged field
# and pair of fields, and looking for the cell with the lowest recall on enough cases, with its interval
# against the rest, as in the report's segment line. That search tries dozens of cells. A cell with no real
# difference rarely shows an interval wholly below the rest's, but every cell tried is one more chance for that
# to happen. So the weakest cell a search finds is a lead, not a finding: confirm it on chargebacks that arrive after the search, or widen each interval for the
# number of cells tried (Bonferroni: with m cells, a 1 − 0.05/m interval for each) before naming it.

# %% [markdown]
# How a rollback rule is judged, here and in Exercise 6. A rule should fire rarely by chance on a healthy model
# and reliably on a broken one. "Healthy" is itself an estimate: the precision a report gives was measured on
# a limited number of alerts, so a rule must stay quiet at the **low end of that precision's 95% Wilson
# interval**, not only at the reported point. "Broken" is a fall to `ROLLBACK_DROP_TO` precision. The same
# definition runs the checker's `noisy_rollback` flag. One more thing a rule must respect: the labels it
# reads must be in by the time it reads them. These rules read precision from alerts an analyst has reviewed
# (confirmed or cleared). The kit assumes two things here that its simulation does not record: that analysts
# review each alert within a day or two, and that their verdicts agree with the chargebacks the reports'
# precision was measured on, so that the reported precision is the level a healthy model shows on the rule's
# labels. Check both before trusting such a rule. Chargebacks, the labels behind recall, arrive about a
# month after the payment in the kit's simulated scenario and sometimes far later: a rule on chargeback-labelled
# precision over the last two days or four weeks would read labels that are not yet in.

# %%
report_b, report_d = reports[1], reports[3]
line_d, alerts_d, in_a_row_d, precision_d, checks_d = report_d.rollback_check
healthy_d = report_d.rollback_healthy_precision


def chance(v):
    """A monthly chance as a percentage, without rounding a near-certainty up to 100%."""
    return "over 99.9%" if v > 0.999 else "under 0.1%" if v < 0.001 else f"{v:.1%}"


def rule_row(name, report, line, per_check, in_a_row, checks):
    healthy = report.rollback_healthy_precision
    return {"rule": name, "line": f"{line:.1%}", "alerts per check": f"{per_check:.1f}",
            "healthy precision (95% low end)": f"{healthy:.1%} (reported {report.rollback_check[3]:.1%})",
            "fires by chance in a month": interview.rollback_fire_chance(line, per_check, in_a_row, healthy, checks),
            f"catches a fall to {ROLLBACK_DROP_TO:.0%}": interview.rollback_fire_chance(
                line, per_check, in_a_row, ROLLBACK_DROP_TO, checks)}


rules_table = pd.DataFrame([
    rule_row("Report B: four weeks pooled, once a month", report_b, *report_b.rollback_check[:3],
             report_b.rollback_check[4]),
    rule_row(f"Report D: daily, {in_a_row_d} days in a row", report_d, line_d, alerts_d, in_a_row_d, checks_d),
]).set_index("rule").rename_axis("rule (simulated payments)")
rules_table.style.format({c: chance for c in rules_table.columns[-2:]})

# %%
(ring_name, (ring_recall, ring_n)), (_, (rest_recall, rest_n)) = report_b.segments.items()
story.md(
    f"- **Report D** looks careful, but its rollback rule reads precision from about **{alerts_d:.1f} alerts a "
    f"day**. On so few alerts a day's precision is mostly noise: a healthy model (precision {healthy_d:.1%}, the low "
    f"end of the reported {precision_d:.1%}'s 95% interval) would trip the rule ({line_d:.1%} for {in_a_row_d} days "
    f"in a row) within a month with a chance of **{chance(report_d.rollback_false_alarm)}**.\n"
    f"- **Report B**'s rule, read from about {report_b.rollback_check[1]:.0f} alerts, fires by chance in "
    f"{chance(rules_table.iloc[0, -2])} of months and catches a fall to {ROLLBACK_DROP_TO:.0%} precision in "
    f"{chance(rules_table.iloc[0, -1])}. But Report B's problem is **recall**: {report_b.overall_recall:.1%} "
    f"overall, and {ring_recall:.0%} on {ring_name}, a lead from a segment search until later chargebacks confirm it. "
    "A precision rule cannot see missed fraud: a model that misses more of it can keep its precision. A recall rule needs chargebacks, which arrive about a month late, so "
    "it would read the month before last. Report B needs a second rule for that, and the checker's six flags do "
    "not include it: a rule that passes every flag can still watch the wrong number.")

# %% [markdown]
# Now compare your flags for Reports B to D with the checker's:

# %%
flags_of = {r.title: interview.find_red_flags(r, noisy_rollback_chance=ROLLBACK_FALSE_ALARM_LIMIT) for r in reports}
found = pd.DataFrame({"red flags found": [", ".join(sorted(flags_of[r.title])) or "none" for r in reports[1:]]},
                     index=pd.Index([r.title for r in reports[1:]], name="report"))
found

# %%
story.md(f"One comparison in them is not like with like, and none of the {len(interview.RED_FLAGS)} flags checks "
         "it: Reports B and D "
         "each set the model beside the hand rule at its own alert volume (" + "; ".join(
             f"Report {name}: the model flags {m:.1%} of payments, the rule {r:.2%}" for name, (m, r) in volumes.items())
         + "). A model that flags more payments catches more fraud for that alone, so neither report's recall "
         "against the rule's says which is better; read the two at the same volume (section 5 does it for Report B).")

# %%
q5, q6 = nb06.bind_reports(report_a=reports[0], report_d=report_d, drop_to=ROLLBACK_DROP_TO,
                           catch=ROLLBACK_CATCH, noise_limit=ROLLBACK_FALSE_ALARM_LIMIT)

# %% [markdown]
# ### Exercise 5 · The red flags in Report A

# %%
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
q5_answer = ["single_metric", "mismatched_validation", "no_rollback", "no_baseline"]
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check(["single_metric"])
assert not q5.check(["single_metric", "mismatched_validation", "no_rollback"])
assert q5.check(____).correct is None
assert all(flags_of[r.title] == r.planted for r in reports)

# %%
report_a = reports[0]
acc_a, none_a = round(100 * report_a.metrics["accuracy"], 2), round(100 * (1 - report_a.validation_base_rate), 2)
story.md(f"Report A's headline, {acc_a:.2f}% accuracy, sits beside no baseline. Predicting "
         f"*no fraud* for every payment scores {none_a:.2f}% on the same validation data. The report gives "
         "neither the validation set's size nor an interval, so it cannot show that the model beats doing "
         "nothing, and accuracy alone cannot say how much fraud it catches.")
story.record("red_flags_found", int(sum(len(f) for f in flags_of.values())),
             label="Red flags across the four reports (simulated payments, kit-written reviews)");

# %% [markdown]
# ### Exercise 6 · A rollback rule for Report D

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
# the low end of the reported precision's 95% interval, unless no rule within a month can meet it (the prompt says)
healthy_d = report_d.rollback_healthy_precision if "low end of the 95%" in q6.prompt else precision_d
rules = pd.DataFrame([(days, line, interview.rollback_fire_chance(line, alerts_d * days, 1, healthy_d, 30 // days),
                       interview.rollback_fire_chance(line, alerts_d * days, 1, ROLLBACK_DROP_TO, 30 // days))
                      for days in (1, 2, 3, 5, 7, 10, 14, 15, 30) for line in np.round(np.arange(0.05, 0.96, 0.01), 2)],
                     columns=["days", "line", "fires by chance", "catches the fall"])
ok = rules[(rules["fires by chance"] <= ROLLBACK_FALSE_ALARM_LIMIT)
           & (rules["catches the fall"] >= ROLLBACK_CATCH)]
print(ok.groupby("days")["line"].agg(["min", "max"]).rename(columns={"min": "lowest line", "max": "highest line"}))
shortest = ok[ok["days"] == ok["days"].min()]           # the shortest pool that works, a line mid-range
pick = shortest.iloc[len(shortest) // 2]
q6_answer = {"days": int(pick["days"]), "line": float(pick["line"]), "in_a_row": 1}
print(q6_answer)
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check({"days": 1, "line": line_d, "in_a_row": 2})
assert q6.check(____).correct is None
# a rule that is quiet only at the point estimate of precision is not accepted
_point_only = [(d, ln) for d in (14, 15, 30) for ln in np.round(np.arange(0.2, 0.6, 0.01), 2)
               if interview.rollback_fire_chance(ln, alerts_d * d, 1, precision_d, 30 // d) <= ROLLBACK_FALSE_ALARM_LIMIT
               < interview.rollback_fire_chance(ln, alerts_d * d, 1, healthy_d, 30 // d)
               and interview.rollback_fire_chance(ln, alerts_d * d, 1, ROLLBACK_DROP_TO, 30 // d) >= ROLLBACK_CATCH]
assert healthy_d == precision_d or not any(q6.check({"days": d, "line": ln}) for d, ln in _point_only)

# %% [markdown]
# ## 3. Product sense and ethics
#
# Two questions with no clean answer in an interview. Answer each with a structure: who uses the output,
# which error hurts whom and how often, what you would ship first, and what would make you roll back. Here
# each ends in something you decide or compute, which the check reads; the rest of your answer is yours
# to write. Once you have checked yours, `q7.solution()` and `q8.solution()` show a model answer in those
# four parts to compare with.

# %%
q7, q8 = nb06.bind_discussion(slice_table=slice_table, accuracy=accuracy, reviews_per_month=REVIEWS_PER_MONTH,
                              sarcasm_line=SARCASM_RECALL_LINE, recall_line=RECALL_LINE,
                              proposed_sarcasm_line=PROPOSED_SARCASM_LINE, proposed_recall_line=PROPOSED_RECALL_LINE,
                              interim=vs_rule["accept the risk"])

# %% [markdown]
# ### Exercise 7 · Product sense: "it is accurate, ship it"

# %%
q7

# %% tags=["solution"]
q7_answer = ____
### BEGIN SOLUTION
def clears(name, line):     # the whole 95% Wilson interval at or above the line
    return wilson_interval(int(slice_table.loc[name, "caught"]), int(slice_table.loc[name, "positives"]))[0] >= line


at_set = clears("sarcastic", SARCASM_RECALL_LINE) and clears("overall", RECALL_LINE)
at_proposed = clears("sarcastic", PROPOSED_SARCASM_LINE) and clears("overall", PROPOSED_RECALL_LINE)
print(f"clears the lines set in advance: {at_set}; clears the proposed lines: {at_proposed}")
q7_answer = "b" if at_set else "c" if at_proposed else "d"
### END SOLUTION
q7.check(q7_answer)

# %% tags=["remove-cell"]
assert q7.check(q7_answer)
assert not any(q7.check(k) for k in "abcde" if k != q7_answer)
assert bool(q7.check("f")) == (vs_rule["accept the risk"][1] > 0 and q7_answer != "b")   # the priced interim
assert q7.check(____).correct is None

# %% [markdown]
# ### Exercise 8 · Ethics: auto-closing "positive" tickets

# %%
q8

# %% tags=["solution"]
q8_answer = ____
### BEGIN SOLUTION
row = slice_table.loc["overall"]
complaints_a_month = REVIEWS_PER_MONTH * row["positives"] / row["n"]
recall_lo, recall_hi = wilson_interval(int(row["caught"]), int(row["positives"]))
q8_answer = (complaints_a_month * (1 - recall_hi), complaints_a_month * (1 - recall_lo))
print(f"about {q8_answer[0]:,.0f} to {q8_answer[1]:,.0f} complaints a month closed unheard")
### END SOLUTION
q8.check(q8_answer)

# %% tags=["remove-cell"]
assert q8.check(q8_answer)
assert not q8.check((complaints_a_month * recall_lo, complaints_a_month * recall_hi))   # the complaints it catches
assert q8.check(____).correct is None

# %% [markdown]
# ## 4. Team maturity: a self-assessment that scores itself
#
# Interviewers ask "how does your team work?" and the honest answers are green or red flags. Mark each
# statement True or False for your team (the example below is a made-up team), and add how many
# experiments started and how many reached production last year.
#
# **How the score works**, so you can do it by hand. A green statement that holds earns its weight; a red
# statement that does *not* hold earns its weight; the share of experiments that reached production earns up
# to 2 points (full points inside a band, falling linearly to none outside it; the band is printed just below,
# above the statements). The score is 100 × points earned / points possible, where points possible is the sum of all
# twelve weights plus 2. The levels: under 40 "ad hoc", 40 to under 70 "developing", 70 to under 85
# "established", 85 and up "leading".

# %%
lo_share, hi_share = interview.FULL_POINTS_PRODUCTION_SHARE
ramp = [s / 100 for s in range(101)]
zero_low = max(s for s in ramp if s < lo_share and interview.production_share_points(s) == 0)
zero_high = min(s for s in ramp if s > hi_share and interview.production_share_points(s) == 0)
story.md(f"The production share earns full points from {lo_share:.0%} to {hi_share:.0%}, falling linearly to none "
         f"at {zero_low:.0%} and at {zero_high:.0%}.")
pd.DataFrame([(s.key, s.kind, s.weight, s.text) for s in interview.MATURITY_STATEMENTS],
             columns=["key", "kind", "weight", "statement"]).set_index("key")

# %%
TEAM_ANSWERS = {
    "baseline_first": True, "time_split": False, "slice_metrics": False, "rollback_rule": True,
    "prediction_logs": True, "business_metric": True, "retire_models": False,
    "accuracy_only": True, "no_owner": False, "label_surprise": True, "demo_driven": False, "no_monitoring": False,
}
EXPERIMENTS_STARTED, EXPERIMENTS_SHIPPED = 24, 3
CHANGE_WEEKS = {"time_split": 3, "slice_metrics": 2, "retire_models": 1, "accuracy_only": 1,  # the team's own
                "label_surprise": 4}                                                      # estimates (made up)
maturity = interview.score_team_maturity(TEAM_ANSWERS, experiments_started=EXPERIMENTS_STARTED,
                                         experiments_shipped=EXPERIMENTS_SHIPPED)
maturity.to_frame().set_index("statement")

# %%
story.md(
    f"The example team scores **{maturity.score:.1f}/100** ({maturity.level}). "
    f"{maturity.production_share:.1%} of its experiments reached production; the score gives full points for "
    f"{lo_share:.0%} to {hi_share:.0%}, a band the kit assumes for discussion (no survey or benchmark stands "
    "behind it; set your own). The weights and the level cuts are the kit's judgement too: the score orders "
    "a team's own habits, it does not measure how good a team is.")
story.record("maturity_score", maturity.score, label="Example team maturity score", fmt="{:.1f}");

# %%
q9 = nb06.bind_maturity(answers=TEAM_ANSWERS, experiments_started=EXPERIMENTS_STARTED,
                        experiments_shipped=EXPERIMENTS_SHIPPED, weeks=CHANGE_WEEKS, budget_weeks=CHANGE_BUDGET_WEEKS)

# %% [markdown]
# ### Exercise 9 · Two changes to reach "established"

# %%
q9

# %% tags=["solution"]
q9_answer = ____
### BEGIN SOLUTION
for pair in (["accuracy_only", "slice_metrics"], ["accuracy_only", "time_split"], ["time_split", "slice_metrics"],
             ["accuracy_only", "retire_models"]):
    changed = {**TEAM_ANSWERS, **{k: not TEAM_ANSWERS[k] for k in pair}}
    print(pair, sum(CHANGE_WEEKS[k] for k in pair), "weeks, score", interview.score_team_maturity(
        changed, experiments_started=EXPERIMENTS_STARTED, experiments_shipped=EXPERIMENTS_SHIPPED).score)
q9_answer = ["accuracy_only", "slice_metrics"]     # within the weeks; so are ["accuracy_only", "time_split"]
                                                   # and ["accuracy_only", "retire_models"] (exactly on the line)
### END SOLUTION
q9.check(q9_answer)

# %% tags=["remove-cell"]
assert q9.check(q9_answer)
assert q9.check(["accuracy_only", "time_split"]) and q9.check(["accuracy_only", "retire_models"])
assert not q9.check(["retire_models", "demo_driven"])
assert not q9.check(["time_split", "slice_metrics"])          # reaches the line, but over the weeks
assert q9.check(____).correct is None

# %%
open_changes = sorted((s for s in interview.MATURITY_STATEMENTS
                       if (s.kind == "red" and TEAM_ANSWERS[s.key]) or (s.kind == "green" and not TEAM_ANSWERS[s.key])),
                      key=lambda s: -s.weight)
story.md("Every change open to this team, heaviest first, with the team's estimate of its weeks (your two changes "
         "need not be the heaviest):\n\n"
         + "\n".join(f"- {'Stop' if s.kind == 'red' else 'Start'}: {s.text} (weight {s.weight:g}; "
                      f"{CHANGE_WEEKS[s.key]} week{'s' if CHANGE_WEEKS[s.key] != 1 else ''})" for s in open_changes)
         + "".join(f"\n- {a}" for a in maturity.advice if not a.startswith(("Stop: ", "Start: "))))

# %% [markdown]
# ## 5. Career: your background, the teams worth joining, your visibility
#
# The same habits that read a model report read a job. This section has no job-market statistics (the kit
# has no data on the market and invents none): it gives you a way to position yourself, four fictional
# roles to read for green and red flags with a stated rubric, and a checklist for publishing your own
# analysis.
#
# ### Position yourself by background
#
# Three common ways in. Set `MY_BACKGROUND` in the parameters cell to yours.

# %%
pd.DataFrame(interview.POSITIONING, index=["background", "lead with", "close the gap by", "show, from this kit"]).T

# %%
mine = interview.POSITIONING[MY_BACKGROUND]
story.md(f"With `MY_BACKGROUND = {MY_BACKGROUND!r}` ({mine[0].lower()}): lead with *{mine[1]}*; close the gap "
         f"by learning *{mine[2]}*; and show it with {mine[3]}.")

# %% [markdown]
# ### Startups and enterprises
#
# Neither is the better first AI PM job for everyone; they test different things, and they fail in
# different ways. Which suits you *first* depends on your background, and the kit's reading (a judgement
# for discussion, not a measured fact) is: an **engineer** is most useful first at a **startup**, where
# building the deploy path and the monitoring yourself is part of the job; a **domain expert** at an
# **enterprise**, where knowing the domain's stakeholders and review boards is the job; a **PM** from
# outside AI can argue for either. In Exercise 11 the check accepts any role that shows at most one red flag,
# as long as your questions cover that red flag and every green flag the role does not show; which of those
# roles to pursue is yours to argue.
#
# | | Startup | Enterprise |
# |---|---|---|
# | The role | broad: you may also write the evaluation, label data, talk to every customer | narrower: one product, many stakeholders and review boards |
# | Data and MLOps | often thin: you may build the deploy path and the monitoring yourself | often there, but slow to change and owned by other teams |
# | Governance | light: you set the launch and rollback rules | heavy: legal, risk and compliance sign-offs; ethics reviews |
# | One way it goes wrong | a demo that never meets real traffic; no one measures the model | a pilot that never leaves the pilot; data locked in silos |
# | Ask first | "What are the model's numbers today, and who measured them?" | "Who can say yes to a launch, and who can roll it back?" |
#
# ### Read a posting and a team interview
#
# Seven flags, three green and four red. A flag counts only when the posting or the interview shows it; a
# green flag nobody mentions is a question for the next interview, not a point.

# %%
pd.DataFrame(interview.CAREER_FLAGS, index=["kind", "what it looks like"]).T.join(
    pd.Series(interview.QUESTIONS_TO_ASK, name="the question to ask"))

# %% [markdown]
# Four roles written for the kit. The companies, the people and their numbers are fictional.

# %%
roles = interview.ROLE_POSTINGS
for role in roles:
    story.md(role.render())

# %% [markdown]
# Exercise 10 asks for the flags in roles C and D, and Exercise 11 needs your own reading of role B, so the
# checker's reading below covers only role A. Try it first, then compare:

# %%
worked = [r for r in roles if r.key == "A"]
pd.DataFrame([(f"Role {r.key}", flag, "shown" if flag in r.evidence else "spoken against (ask)", words)
              for r in worked for flag, words in {**r.evidence, **r.against}.items()],
             columns=["role", "flag", "the text", "the words"]).set_index(["role", "flag"])

# %%
q10, q11 = nb06.bind_career(roles=roles, background=MY_BACKGROUND)

# %% [markdown]
# ### Exercise 10 · Green and red flags in roles C and D

# %%
q10

# %% tags=["solution"]
q10_answer = ____
### BEGIN SOLUTION
q10_answer = {"C": ["clear_ownership", "mlops", "overpromising"],
             "D": ["mlops", "siloed_data_science", "unknown_performance"]}
### END SOLUTION
q10.check(q10_answer)

# %% tags=["remove-cell"]
assert q10.check(q10_answer)
assert not q10.check({"C": ["clear_ownership", "mlops", "realistic_expectations"], "D": q10_answer["D"]})
assert not q10.check({"C": ["clear_ownership", "mlops"], "D": q10_answer["D"]})
assert not q10.check({"C": q10_answer["C"], "D": ["mlops", "siloed_data_science"]})
assert q10.check(____).correct is None

# %% [markdown]
# **The rubric.** Each green flag the text shows is +1, each red flag -1, so a role scores from -4 to +3.
# It is a way to read a posting, not a measured predictor of how a job turns out; the green flags a role
# does not show are what to ask next. Score the four roles yourself before Exercise 11 (role A from the
# table above, role B from its posting and interview, C and D from your Exercise 10 answer); the kit's scores
# follow the exercise.

# %% [markdown]
# ### Exercise 11 · Which role would you pursue, and what would you ask?

# %%
q11

# %% tags=["solution"]
q11_answer = ____
### BEGIN SOLUTION
q11_answer = ({"role": "C", "ask": ["overpromising", "realistic_expectations"]} if MY_BACKGROUND == "domain_expert"
              else {"role": "B", "ask": ["mlops"]})
### END SOLUTION
q11.check(q11_answer)

# %% tags=["remove-cell"]
assert q11.check(q11_answer)
assert q11.check({"role": "C", "ask": ["overpromising", "realistic_expectations"]})
assert not q11.check({"role": "C", "ask": ["realistic_expectations"]})
assert not q11.check({"role": "D", "ask": ["clear_ownership", "realistic_expectations", "unknown_performance"]})
assert not q11.check({"role": "A", "ask": ["clear_ownership", "mlops", "realistic_expectations"]})
assert q11.check(____).correct is None

# %% [markdown]
# The kit's scores for all four roles, with the questions each leaves open:

# %%
role_table = interview.score_roles(roles)
role_table

# %%
n_red = role_table["red"].str.split(", ").map(lambda f: len([x for x in f if x]))
clean, one_red = role_table[n_red == 0], role_table[n_red == 1]
role_words = ("; ".join(f"role {k} ({r['stage']}) scores {r['score']:+d} with "
                        + (f"one red flag, {r['red']}" if n_red[k] else "no red flag")
                        for k, r in role_table[n_red <= 1].iterrows()))
story.md(
    f"Roles {' and '.join(role_table.index[n_red > 1])} show {int(n_red[n_red > 1].sum())} red flags between them. "
    f"Of the rest, {role_words}. A red flag is a question to ask first, and a reason to walk away if the answer "
    "confirms it; the open questions (the last column) are what the next interview must answer. Which role suits "
    "you also depends on your background and on startup or enterprise.")
story.record("career_roles_without_red_flags", ", ".join(clean.index),
             label="Fictional roles whose posting and interview show no red flag");

# %% [markdown]
# ### Build visibility: publish one of the kit's analyses
#
# A public analysis shows an interviewer how you think better than a list of skills. Take one of the
# portfolio notebooks (10, 11 or 12), make the calls yourself, and turn the run into a write-up:
#
# `aipm writeup notebooks/12_portfolio_drift_dashboard.ipynb -p MY_DECISION "..." -p MY_LIMITATIONS "..." --out my_writeup`
#
# **Publish:** your decision and its reasons in your own words; the numbers with their intervals (say 90%
# or 95%); the trivial baseline beside the model, compared like with like (the same data, the same alert
# volume); the limitations; the exact command and parameters, so
# anyone can rerun it.
# **Never publish:** your employer's or clients' data, names, internal systems or numbers; anything
# about real customers; a simulated result presented as if it were recorded. Name simulated data as
# simulated, and name the public data set (with its licence) when you use one.
#
# `interview.check_publishable` reads a draft for most of those (with `require_decision=True`, for the decision
# and a reason beside it too; with `require_same_volume=True`, for a model and a rule compared at the same alert
# volume); the command is yours to check. Below are two drafts of a post
# about Report B's fraud model from section 2 (simulated payments): the first as people often write it,
# by someone at a made-up employer, Halbrook (named in `EMPLOYER_TERMS`); the second fixed.

# %%
ring_lo, ring_hi = wilson_interval(round(ring_recall * ring_n), ring_n)
rest_lo, rest_hi = wilson_interval(round(rest_recall * rest_n), rest_n)
fraud_n = ring_n + rest_n                                                  # the two segments cover every fraud
fraud_k = round(ring_recall * ring_n) + round(rest_recall * rest_n)
recall_lo, recall_hi = wilson_interval(fraud_k, fraud_n)
prec_k = round(report_b.metrics["precision"] * report_b.alerts)
prec_lo, prec_hi = wilson_interval(prec_k, report_b.alerts)
alert_rate = report_b.metrics["recall"] * report_b.production_base_rate / report_b.metrics["precision"]
rule_rec_lo, rule_rec_hi = wilson_interval(rule_hits_b, fraud_n)
rule_prec_lo, rule_prec_hi = wilson_interval(rule_hits_b, int(rule_flag_b.sum()))
# like with like: the model read at the rule's alert volume (its top-scored payments, as many as the rule flags),
# paired on the same frauds (caught by one, the other, both or neither)
rule_alerts = int(rule_flag_b.sum())
model_at_rule = np.zeros(len(report_b.scores), bool)
model_at_rule[np.argsort(-report_b.scores, kind="stable")[:rule_alerts]] = True
is_fraud_b = live_b["is_fraud"].to_numpy()
model_hits_at_rule = int((model_at_rule & is_fraud_b).sum())
same_vol = paired_difference_interval(rule_flag_b[is_fraud_b].astype(int), model_at_rule[is_fraud_b].astype(int),
                                      interval="newcombe")
to_prec = fraud_n / rule_alerts        # at the same alerts, a difference in frauds caught is one in precision too
own_words = ("Each at its own volume, "
             + f"the model caught {fraud_k / fraud_n:.1%} of the fraud and the rule {rule_hits_b / fraud_n:.1%} "
             "(95% intervals above)"
             + f"; the model flags {alert_rate / rule_flag_b.mean():.1f} times as many payments, so those two "
             "recalls were not compared at equal volume.")
recall_rule_words = (" Its rollback rule reads precision, which cannot see missed fraud; the recall rule it needs, "
                     "read on chargebacks, is missing.")
if same_vol.low > 0:
    decision = ("My decision: keep the model live, because at the same alert volume it catches more of the fraud than "
                "the hand rule it would roll back to (the 95% paired interval on the difference lies above zero). "
                + own_words)
elif same_vol.high < 0:
    decision = ("My decision: roll back to the hand rule, because at the same alert volume it catches more of the "
                "fraud than the model (the 95% paired interval on the difference lies below zero). " + own_words)
else:
    decision = ("My decision: the model stays live for now, because it is what runs today and at the same alert "
                "volume the 95% paired interval does not tell the two apart, so that comparison gives no reason to "
                "switch either way. " + own_words)
decision += recall_rule_words
drafts = {
    "first draft": (f"At Halbrook our new fraud model hit {report_b.metrics['precision']:.0%} precision, but it "
                    f"missed the new fraud ring: recall {ring_recall:.0%} on {ring_name}. Questions to "
                    "j.doe@halbrook.example."),
    "fixed draft": (f"On simulated payments (the aipm-kit fraud scenario, no real customers), a fraud model live "
                    f"since month 4 and flagging {alert_rate:.1%} of payments caught {fraud_k / fraud_n:.1%} of the "
                    f"fraud in months 4 to 6 ({fraud_k} of {fraud_n}; 95% Wilson interval {recall_lo:.1%} to {recall_hi:.1%}) at {report_b.metrics['precision']:.1%} "
                    f"precision ({prec_k} of {report_b.alerts} alerts; 95% Wilson interval {prec_lo:.1%} to "
                    f"{prec_hi:.1%}). The fraud counts are the chargebacks for those three months, read once all were "
                    "in (in the simulation every fraud is charged back). The hand rule it replaced, the baseline it would "
                    "roll back to, "
                    f"flags {rule_flag_b.mean():.2%} of payments and caught {rule_hits_b / fraud_n:.1%} of the fraud "
                    f"({rule_hits_b} of {fraud_n}; 95% Wilson interval {rule_rec_lo:.1%} to {rule_rec_hi:.1%}) at "
                    f"{rule_hits_b / rule_alerts:.1%} precision ({rule_hits_b} of {rule_alerts} alerts; "
                    f"95% Wilson interval {rule_prec_lo:.1%} to {rule_prec_hi:.1%}); alerting on a random "
                    f"{alert_rate:.1%} of payments, the model's volume, would catch about {alert_rate:.1%}. "
                    f"At the same alert volume, the model's {rule_alerts} top-scored payments held {model_hits_at_rule} "
                    f"frauds against the rule's {rule_hits_b} in its {rule_alerts} alerts: a difference of "
                    f"{100 * same_vol.estimate:+.1f} points of recall (95% paired Newcombe interval "
                    f"{100 * same_vol.low:+.1f} to {100 * same_vol.high:+.1f}, the same frauds under both), which on "
                    f"the same number of alerts is {100 * to_prec * same_vol.estimate:+.1f} points of precision (95% "
                    f"paired interval {100 * to_prec * same_vol.low:+.1f} to {100 * to_prec * same_vol.high:+.1f}). "
                    f"Sliced by the fields the business logs, the model caught {ring_recall:.1%} of the fraud in "
                    f"{ring_name} ({ring_n} frauds, 95% Wilson interval {ring_lo:.1%} to {ring_hi:.1%}) against "
                    f"{rest_recall:.1%} in the rest ({rest_n} frauds, 95% Wilson interval {rest_lo:.1%} to "
                    f"{rest_hi:.1%}); that segment was found by searching the results, so it is a lead, not a finding. "
                    f"{decision} Next steps: write that recall rule, confirm the weak segment on chargebacks that arrive after this search "
                    "before retraining for it, and compare the model with the rule loosened to the model's volume "
                    "(its new limits fixed before any result is read) on later months, paired on the same payments. "
                    "Limitations: one simulated scenario and one seed; the like-with-like comparison is at the "
                    "rule's volume only. To rerun: notebook "
                    f"06_interview_practice of aipm-kit with SEED = {SEED} ({N_TRANSACTIONS:,} "
                    "simulated payments)."),
}
checks = {name: interview.check_publishable(text, uses_simulated_data=True, employer_terms=EMPLOYER_TERMS,
                                            require_decision=True, require_same_volume=True)
          for name, text in drafts.items()}
story.md("\n\n".join(f"**The {name}:**\n\n> {text}" for name, text in drafts.items()))
pd.concat({name: t["passes"] for name, t in checks.items()}, axis=1).rename_axis("check (drafts about simulated payments)")

# %% tags=["remove-cell"]
assert int(model_at_rule.sum()) == rule_alerts and np.isclose(same_vol.estimate,
                                                             (model_hits_at_rule - rule_hits_b) / fraud_n)

# %%
first, fixed = checks["first draft"], checks["fixed draft"]
fixed_words = ("passes all of them" if fixed["passes"].all()
               else "still fails " + ", ".join(fixed.index[~fixed["passes"]]))
story.md(
    f"The first draft fails {int((~first['passes']).sum())} of {len(first)} checks: "
    + "; ".join(f"*{c}* ({first.loc[c, 'why']})" for c in first.index[~first["passes"]])
    + f". The fixed draft {fixed_words}. A check passing does not make a post good: it reads words, not "
    "reasoning. The decision and the words are yours.")

# %% [markdown]
# ## What to take away
#
# - Cross-validate with folds grouped by what repeats (here each product's template sentences); ordinary folds
#   let a model meet in testing what it learnt in training.
# - A headline metric is a question, not an answer: slice it by the cases the business fears most, and
#   put an interval on the slice.
# - Choose on one set of data and price on another, every option and the no-model baseline by the same rule; say
#   which assumption would flip your choice.
# - A launch call is GO only when every interval clears its line; say which number would change it.
# - Read a model report for what is missing: the trivial baseline and the rule it replaces, other metrics, a
#   production-like validation set, a rollback number read from enough alerts that watches the failure the
#   report shows, the segments.
# - Team habits can be counted: the green and red flags and the experiments that reach production, with
#   weights you can argue with.
# - Read a job the way you read a model report: what the posting and the team show, what they cannot say,
#   and what you must ask; publish your own analysis with its intervals, its limitations and no employer data.
