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
# A login button works or it does not. A model is right *some* of the time: a churn model more often for
# some customers than for others, a fraud model less often when the fraud changes. Managing that difference
# is most of the AI product manager's work. This notebook makes it tangible with a public telecom churn
# table (its datasheet says it is old and partly synthetic) and a simulated payments business, then
# shows how the rest of the course works.
#
# **You will be able to**
#
# - tell a deterministic check from a probabilistic one, and say why the accuracy a vendor quotes is not a
#   specification, starting with the first red flag: the trivial baseline;
# - answer "how often, for whom, with what confidence?" for one model, with numbers;
# - name the three ingredients besides code (data quality, model choice, feedback loops) and
#   show what a label delay does to a model;
# - tell supervised learning (from labelled outcomes) from unsupervised learning (structure without
#   labels) on the same customers, and follow a model from training to live predictions and back;
# - name the six jobs of an AI PM and find the notebook that trains each;
# - use the kit: exercises with `check()`, `hint()` and `solution()`, the parameters cell, and the
#   `make run`, `make test` and `make lab` commands.
#
# **Time:** 60 minutes to read it and run the cells, and about 45 more to work the exercises.
#
# **PM job:** expectation management (an overview of all six jobs).

# %% tags=["parameters"]
SEED = 42
FAST = False
N_RESAMPLES = 500            # bootstrap resamples: one seeded set per quantity, reused wherever it is quoted
TEST_SHARE = 0.3             # share of the churn customers held out for scoring
CHURN_THRESHOLD = 0.5        # the churn model flags a customer at this churn probability or above
MAX_FALSE_ALARM_RISE = 5.0   # points by which the share of stayers flagged may rise for a new threshold (exercise 2), set before looking
N_TRANSACTIONS = 60_000      # simulated payments over six months
DRIFT_MONTH = 4              # the month a new fraud pattern appears (4, 5 or 6)
LABEL_DELAY_DAYS = 30.0      # mean chargeback delay, in days
MATURE_AFTER_DAYS = 30       # the team trains only on transactions at least this many days old
ALERT_RATE = 0.025           # share of transactions the review team can check
REVIEW_MINUTES = 10          # assumed minutes an analyst spends on one alert (for the review cost in exercise 3)
ANALYST_COST_PER_HOUR = 40   # assumed dollars an analyst hour costs (exercise 3)
N_SEGMENTS = 4               # usage segments k-means looks for (no labels)
OFFER_LIFT = 2.0             # a segment-wide retention offer needs a churn rate at least this many times the overall one

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


def separate_gap(k_a, n_a, k_b, n_b):
    """Share b minus share a from two separate samples (different cases on each side), with its 90% Newcombe hybrid
    score interval for independent proportions: each side's 90% Wilson interval, combined (Newcombe 1998, method 10)."""
    p_a, p_b = k_a / n_a, k_b / n_b
    (low_a, high_a), (low_b, high_b) = (metrics.wilson_interval(k, n, confidence=0.90) for k, n in ((k_a, n_a), (k_b, n_b)))
    d = p_b - p_a
    return p_a, p_b, d, d - np.hypot(p_b - low_b, high_a - p_a), d + np.hypot(high_b - p_b, p_a - low_a)


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

# %%
churn = data.load_churn()
story.md(f"Now a model. A public telecom churn table ({len(churn):,} customers; its datasheet warns the data are "
         f"old and partly synthetic) and a logistic regression trained on {1 - TEST_SHARE:.0%} of them, scored on "
         f"the other {TEST_SHARE:.0%}. "
         "It is a deliberately plain model (section 2 tries another family): the questions this notebook asks "
         "apply to any model, and the answers describe this one fit, not AI products in general. "
         f"It flags a customer as a churner when its churn probability is at least {CHURN_THRESHOLD:g} "
         "(the parameter `CHURN_THRESHOLD`):")

# %% tags=["nbval-check-output"]
features = [c for c in churn.columns if c not in ("churn", "state")]
from sklearn.model_selection import train_test_split

churn_train, churn_test = train_test_split(churn, test_size=TEST_SHARE, random_state=SEED, stratify=churn["churn"])
churn_model = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="logistic")
churn_prob = churn_model.predict_proba(churn_test[features])[:, 1]
churned = churn_test["churn"].to_numpy().astype(bool)
right = (churn_prob >= CHURN_THRESHOLD) == churned
accuracy = float(right.mean())
print(f"The model is right for {accuracy:.1%} of {len(right):,} held-out customers")

# %% [markdown]
# **Why only some of the time?** The model does not answer yes or no. It gives each customer a churn
# probability learned from the training customers: roughly, how often customers with similar plans, calls and
# minutes left. Group the held-out customers by the probability the model gave them, and count who actually
# left:

# %%
bands = sorted({0, 0.1, 0.2, 0.3, 0.5, CHURN_THRESHOLD, 1.0})     # probability bands, one edge at the threshold
band_of = np.clip(np.searchsorted(bands, churn_prob, side="right") - 1, 0, len(bands) - 2)
band_rows = pd.DataFrame([{"band": f"{bands[b]:g} to {bands[b + 1]:g}", "from": bands[b],
                           "customers": int((band_of == b).sum()), "churned": int(churned[band_of == b].sum())}
                          for b in range(len(bands) - 1)]).query("customers > 0").reset_index(drop=True)
flagged_now = churn_prob >= CHURN_THRESHOLD
missed, flagged_stayers = int((churned & ~flagged_now).sum()), int((~churned & flagged_now).sum())
lowest = band_rows.iloc[0]

fig, ax = plots.figure(figsize=(11, 3.8))
ypos = np.arange(len(band_rows))
share_churned = band_rows["churned"] / band_rows["customers"] * 100
ax.barh(ypos, share_churned, color=plots.BAD, label="churned")
ax.barh(ypos, 100 - share_churned, left=share_churned, color="lightgrey", label="stayed")
for yy, (c, n) in enumerate(band_rows[["churned", "customers"]].to_numpy()):
    ax.text(101, yy, f"{c} of {n} churned", va="center", fontsize=9)
ax.axhline(int((band_rows["from"] < CHURN_THRESHOLD).sum()) - 0.5, color="black", ls="--", lw=1.5,
           label=f"threshold {CHURN_THRESHOLD:g}: bands above it are flagged")
ax.set_yticks(ypos, band_rows["band"])
ax.set_xlim(0, 128)
ax.set_xticks(range(0, 101, 20))
plots.finish(ax, title=f"Similar scores, different outcomes: {flagged_stayers} of the {int(flagged_now.sum())} "
                       f"customers scored {CHURN_THRESHOLD:g} or more stayed,\nand {lowest['churned']} of the "
                       f"{lowest['customers']} scored below {bands[1]:g} churned",
             xlabel="share of the band's held-out customers (%)", ylabel="churn probability the model gave",
             takeaway=f"each bar is one band of held-out customers; orange: the share who "
                      f"churned, grey: the share who stayed; {missed} of the {int(churned.sum())} churners scored "
                      f"below {CHURN_THRESHOLD:g}", legend=False)
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), framealpha=0.95)
fig.tight_layout()
plt.show()

# %% [markdown]
# A probability is a rate among customers like this one, not a verdict on this one. The threshold turns it into
# the same yes or no for a whole band: below it the band's churners are missed, above it the band's stayers are
# flagged. A deterministic check has no such bands. So a model is judged by *how often*
# it is right, and the next question is what that number is worth. How many of these misses are this plain
# model's own, and would go with a different model, is a question section 2 tests on the same customers.

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
# resampled interval it does not move with the number of resamples. It still rests on one split of the
# customers: another `SEED` draws another split, another model and other counts.

# %%
idx = resamples(len(right), "test customers")
boot = right[idx].mean(axis=1)
low, high = (float(x) for x in np.percentile(boot, [5, 95]))
gap_result = experiments.paired_proportion_difference(right, baseline_right, confidence=0.90)
gap, gap_low, gap_high = gap_result.difference, gap_result.low, gap_result.high
gap_verdict = verdict(gap_low, gap_high)
gap_words = {"beats": "beats", "loses to": "loses to", "cannot tell": "cannot yet be told apart from"}[gap_verdict]
only_model, only_baseline = gap_result.only_a, gap_result.only_b

fig, (ax_c, ax_g) = plots.figure(1, 2, figsize=(13, 3.6), gridspec_kw={"width_ratios": [1, 1.2]})
ax_c.barh([1, 0], [only_model, only_baseline], color=[plots.ACCENT, plots.BAD], height=0.6)
for ypos, n in zip((1, 0), (only_model, only_baseline)):
    ax_c.text(n + 0.5, ypos, f"{n}", va="center")
ax_c.set_yticks([1, 0], ['model right,\n"nobody churns" wrong', 'model wrong,\n"nobody churns" right'])
ax_c.set_xlim(0, max(only_model, only_baseline) * 1.3)
plots.finish(ax_c, title=f"Only {only_model + only_baseline} of the {len(right):,} held-out customers\n"
                         "get different answers from the two",
             xlabel="held-out customers (count)", ylabel="who is right")
ax_g.errorbar(gap * 100, 0, xerr=[[(gap - gap_low) * 100], [(gap_high - gap) * 100]], fmt="o", color=plots.ACCENT,
              lw=4, capsize=7)
ax_g.annotate(f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f}", (gap * 100, 0), xytext=(0, 12),
              textcoords="offset points", ha="center", fontsize=10)
ax_g.axvline(0, color=plots.BAD, ls="--", lw=1.5, label="no difference")
ax_g.set_yticks([0], ["model minus\n\"nobody churns\""])
ax_g.set_ylim(-1, 1)
ax_g.set_xlim(min(gap_low * 100, 0) - 1, max(gap_high * 100, 0) + 1)
ax_g.legend(loc="upper right", framealpha=0.95)
plots.finish(ax_g, title=f'The model {gap_words} "nobody churns": {gap * 100:+.1f} points,\n'
                         f"90% Newcombe paired interval {gap_low * 100:+.1f} to {gap_high * 100:+.1f}",
             xlabel="accuracy difference on the same customers (points)", ylabel="comparison",
             takeaway=f"left: the customers on which the two disagree; right: the gap they make, "
                      f"({only_model} - {only_baseline}) / {len(right):,}, with its 90% interval")
fig.tight_layout()
plt.show()

# %%
story.md(
    f"**Red flag.** The model is right for **{accuracy:.1%}** of held-out customers (90% bootstrap interval "
    f"{low:.1%} to {high:.1%}); predicting that nobody churns is right for **{baseline:.1%}**. "
    "A point set beside the model's own interval is not a test (that interval covers the model's sampling, "
    f"not a difference); the test is the gap on the same customers. That gap is **{gap * 100:+.1f} points** (90% Newcombe paired interval "
    f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f}): on accuracy, this model **{gap_words}** doing nothing at all. "
    "The interval rests on one split of the customers into training and test; another `SEED` gives another "
    "split, another model and other counts. Accuracy is the wrong yardstick for a rare outcome: the value of a "
    "churn model is in *which* customers it flags, so the next notebooks measure it by recall and by money, "
    "always beside a baseline.")

def threshold_change(threshold):
    """Churn threshold ``threshold`` against CHURN_THRESHOLD on the same test customers: churners and stayers
    flagged, and the changes in the share of churners flagged (recall) and in the share of stayers flagged (false
    alarms) in points, each with its 90% Newcombe paired interval (no verdict: you read it)."""
    flagged_at, flagged_now = churn_prob >= threshold, churn_prob >= CHURN_THRESHOLD
    r = experiments.paired_proportion_difference(flagged_at[churned], flagged_now[churned], confidence=0.90)
    f = experiments.paired_proportion_difference(flagged_at[~churned], flagged_now[~churned], confidence=0.90)
    return {"current": CHURN_THRESHOLD, "customers": len(churned),
            "caught": (int(flagged_at[churned].sum()), int(flagged_now[churned].sum()), int(churned.sum())),
            "flagged stayers": (int(flagged_at[~churned].sum()), int(flagged_now[~churned].sum()),
                                int((~churned).sum())),
            "recall change": (r.difference * 100, r.low * 100, r.high * 100),
            "false-alarm change": (f.difference * 100, f.low * 100, f.high * 100)}


q1, q2 = nb00.bind_accuracy(right=right, change_at=threshold_change, current=CHURN_THRESHOLD,
                            max_false_alarm_rise=MAX_FALSE_ALARM_RISE)

# %% [markdown]
# **How the exercises work.** Each exercise shows its question in the cell under its heading. In the cell below
# that, replace `____` with your answer and run the cell: `check()` says right or wrong and why (an unanswered
# `____` prints a nudge, not an error). Stuck? In a new cell run `q1.hint()`, then `q1.hint(2)` for more, or
# `q1.solution()` for the worked answer (use the exercise's own name: `q2`, `q3`, ...).
#
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
# `threshold_change(threshold)` re-scores the same test customers at another threshold and returns the changes
# with their paired intervals; the verdicts and the call are yours. Trying thresholds on the test customers
# flatters the one you pick a little.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
threshold = 0.3                                          # the colleague's proposal
r = threshold_change(threshold)
print("recall {:+.1f} points ({:+.1f} to {:+.1f}); ".format(*r["recall change"])
      + "stayers flagged {:+.1f} points ({:+.1f} to {:+.1f})".format(*r["false-alarm change"]))
recall_word = nb00.word_on_interval(r["recall change"][1], r["recall change"][2], nb00.RECALL_WORDS)
alarm_low, alarm_high = r["false-alarm change"][1:]
alarm_word = nb00.word_on_interval(alarm_low, alarm_high, nb00.FALSE_ALARM_WORDS)
if recall_word == "catches fewer" or alarm_low > MAX_FALSE_ALARM_RISE:
    call = "keep"                                        # clearly fails the rule
elif recall_word == "catches more" and alarm_high <= MAX_FALSE_ALARM_RISE:
    call = "adopt"                                       # clearly passes it
else:
    call = "not yet"                                     # an interval straddles one of the rule's lines
q2_answer = (threshold, recall_word, alarm_word, call)
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((0.3, *q2_answer[1:3], next(c for c in nb00.CALLS if c != q2_answer[3])))
assert not q2.check((0.3, q2_answer[1], next(v for v in nb00.FALSE_ALARM_WORDS if v != q2_answer[2]), q2_answer[3]))
assert not q2.check((0.3, next(v for v in nb00.RECALL_WORDS if v != q2_answer[1]), *q2_answer[2:]))
assert q2.check(____).correct is None
# above the current threshold, 'keep' is accepted wherever the intervals alone say 'not yet' (it can never catch more)
for t in (t for t in (CHURN_THRESHOLD + d for d in (0.02, 0.05, 0.1, 0.2)) if t < 1):
    r_t = threshold_change(t)
    words_t = [nb00.word_on_interval(*r_t[k][1:], w) for k, w in (("recall change", nb00.RECALL_WORDS),
                                                                  ("false-alarm change", nb00.FALSE_ALARM_WORDS))]
    assert words_t[0] != "catches more" and r_t["caught"][0] <= r_t["caught"][1]
    assert q2.check((t, *words_t, "keep")) and not q2.check((t, *words_t, "adopt"))

# %% [markdown]
# **For whom?** The same model, on different cohorts of customers. A cohort's accuracy means something only
# next to its own trivial rule: the cohorts churn at very different rates, so "predict the majority" scores
# differently in each. Each cohort's majority is read from the *training* customers (choosing it on the test
# labels would hand the baseline an answer it could not have had). The cut-offs for "newest third" and
# "heaviest third" come from the training customers too. "For whom" is also about who gets hurt, so each row
# shows the share of its churners the model flags (recall) and the share of its stayers it flags by mistake
# (false alarms), each with its 90% Wilson interval.

# %%
def cohort_masks(frame):
    """One True/False per customer of ``frame`` for each cohort; cut-offs from the training customers."""
    return {
        "all customers (reference)": np.ones(len(frame), dtype=bool),
        "international plan": frame["international_plan"].to_numpy(dtype=bool),
        "4+ service calls": (frame["number_customer_service_calls"] >= 4).to_numpy(),
        "voice-mail plan": frame["voice_mail_plan"].to_numpy(dtype=bool),
        "newest third (account length)": (frame["account_length"]
                                          <= churn_train["account_length"].quantile(1 / 3)).to_numpy(),
        "heaviest third (day minutes)": (frame["total_day_minutes"]
                                         >= churn_train["total_day_minutes"].quantile(2 / 3)).to_numpy(),
    }


flagged = churn_prob >= CHURN_THRESHOLD
train_churned = churn_train["churn"].to_numpy(dtype=bool)
train_masks = cohort_masks(churn_train)
rows = []
for name, mask in cohort_masks(churn_test).items():
    hits = right[mask]
    cohort_rows = idx if mask.all() else resamples(len(hits), f"cohort {name}")
    resampled = hits[cohort_rows].mean(axis=1)
    train_rate = train_churned[train_masks[name]].mean()
    trivial_right = churned[mask] if train_rate > 0.5 else ~churned[mask]
    g, g_low, g_high = paired_gap(hits, trivial_right)
    churners, stayers = churned[mask], ~churned[mask]
    caught, false_alarms = int((flagged[mask] & churners).sum()), int((flagged[mask] & stayers).sum())
    differs = int((flagged[mask] != (train_rate > 0.5)).sum())   # customers on whom the model and the trivial rule disagree
    rows.append({"cohort": name, "customers": int(mask.sum()), "train churn rate": train_rate,
                 "churn rate": churners.mean(), "accuracy": hits.mean(),
                 "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95),
                 "trivial rule": "everyone churns" if train_rate > 0.5 else "nobody churns",
                 "trivial accuracy": trivial_right.mean(), "gap": g, "gap low": g_low, "gap high": g_high,
                 "verdict": verdict(g_low, g_high, ("beats", "loses to", "not yet")), "differs": differs,
                 "test majority differs": (churners.mean() > 0.5) != (train_rate > 0.5),
                 "churners": int(churners.sum()), "recall": caught / churners.sum(),
                 "recall interval": metrics.wilson_interval(caught, int(churners.sum()), confidence=0.90),
                 "stayers": int(stayers.sum()), "false alarms": false_alarms / stayers.sum(),
                 "false-alarm interval": metrics.wilson_interval(false_alarms, int(stayers.sum()), confidence=0.90)})
by_cohort = pd.DataFrame(rows).set_index("cohort")

# %% tags=["nbval-check-output"]
pd.DataFrame({
    "customers": by_cohort["customers"],
    "churn rate (training / test)": [f"{a:.1%} / {b:.1%}" for a, b in by_cohort[["train churn rate", "churn rate"]].to_numpy()],
    "trivial rule (from training)": by_cohort["trivial rule"],
    "model accuracy (90% bootstrap)": [f"{a:.1%} ({lo:.1%} to {hi:.1%})" for a, lo, hi
                                       in by_cohort[["accuracy", "low (5%)", "high (95%)"]].to_numpy()],
    "trivial rule's accuracy": by_cohort["trivial accuracy"].map("{:.1%}".format),
    "model minus trivial, points (90% Newcombe)": [f"{g * 100:+.1f} ({lo * 100:+.1f} to {hi * 100:+.1f})"
                                                   for g, lo, hi in by_cohort[["gap", "gap low", "gap high"]].to_numpy()],
    "verdict": by_cohort["verdict"],
    "churners flagged (90% Wilson)": [f"{r:.0%} of {n} ({lo:.0%} to {hi:.0%})" for r, n, (lo, hi)
                                      in by_cohort[["recall", "churners", "recall interval"]].to_numpy()],
    "stayers flagged (90% Wilson)": [f"{r:.1%} of {n} ({lo:.1%} to {hi:.1%})" for r, n, (lo, hi)
                                     in by_cohort[["false alarms", "stayers", "false-alarm interval"]].to_numpy()],
})

# %%
cohorts = by_cohort.drop(index="all customers (reference)")     # the five cohorts (they overlap)
worst = cohorts["accuracy"].idxmin()
counts = cohorts["verdict"].value_counts()
n_beats, n_loses, n_unclear = (int(counts.get(v, 0)) for v in ("beats", "loses to", "not yet"))
n_rows = len(cohorts)
lowest_recall = cohorts["recall"].idxmin()

def how_many(n):
    return "none" if n == 0 else f"{n}"


lr = cohorts.loc[lowest_recall]
flipped = [c for c in cohorts.index if cohorts.loc[c, "test majority differs"]]
# A 'not yet' row where the model's calls differ from the trivial rule's on under 1% of the cohort: the model
# barely acts there, so its gap sits near zero for that reason, not for want of customers.
idle = [c for c in cohorts.index if cohorts.loc[c, "verdict"] == "not yet"
        and cohorts.loc[c, "differs"] < 0.01 * cohorts.loc[c, "customers"]]
still_open = [c for c in cohorts.index if cohorts.loc[c, "verdict"] == "not yet" and c not in idle]


def names(cs):
    bold = [f"**{c}**" for c in cs]
    return bold[0] if len(bold) == 1 else ", ".join(bold[:-1]) + " and " + bold[-1]


def idle_words(c):
    """What the model does on a row where it barely acts, from its count of calls that differ from the trivial rule."""
    row = cohorts.loc[c]
    acts = "flags" if row["trivial rule"] == "nobody churns" else "leaves unflagged"
    return (f"the model does almost nothing: it {acts} only {row['differs']} of the {row['customers']} customers, so its "
            f"calls differ from the trivial rule's on {row['differs'] / row['customers']:.1%} of them")


def gap_words(c):
    """Why a row gets its verdict, read from its gap and the gap's 90% interval."""
    row = cohorts.loc[c]
    interval = f"90% interval {row['gap low'] * 100:+.1f} to {row['gap high'] * 100:+.1f} points"
    if c in idle:
        return f"on that row {idle_words(c)}"
    if row["verdict"] == "not yet" and abs(row["gap"]) < (row["gap high"] - row["gap low"]) / 4:
        return (f"that row stays open because the model's gap over it is near zero ({row['gap'] * 100:+.1f} points; "
                f"{interval}, spanning zero)")
    if row["verdict"] == "not yet":
        return f"that row stays open because its gap's {interval} spans zero ({row['gap'] * 100:+.1f} points)"
    return f"on that row the model {row['verdict']} it ({row['gap'] * 100:+.1f} points; {interval})"


flip_sentence = "".join(
    f" With **{c}** the trivial rule read from training (\"{cohorts.loc[c, 'trivial rule']}\") meets test "
    f"customers of whom {cohorts.loc[c, 'churn rate']:.0%} churned; it is still the fair baseline, and "
    f"{gap_words(c)}." for c in flipped[:1])
open_sentence = (
    f" For {names(still_open)}, the 'not yet' calls for more customers of "
    f"{'that cohort' if len(still_open) == 1 else 'each cohort'}; how many depends on the "
    "smallest gap worth detecting, chosen before the test (notebook 04 sizes such tests)." if still_open else "")
idle_sentence = "".join(f" On **{c}** {idle_words(c)}."
                        for c in idle if c not in flipped[:1])
story.md(
    f"Against each cohort's own trivial rule, the model **beats it in {how_many(n_beats)} of the {n_rows} cohorts, "
    f"loses to it in {how_many(n_loses)}, and is not yet told apart from it in {how_many(n_unclear)}** (each on "
    "its 90% Newcombe paired interval; the cohorts overlap, and the first row is all customers, for reference)."
    f"{open_sentence}{idle_sentence}{flip_sentence} Who gets hurt: the model flags **{lr['recall']:.0%}** of the {lr['churners']} churners with "
    f"**{lowest_recall}** (90% Wilson interval {lr['recall interval'][0]:.0%} to {lr['recall interval'][1]:.0%}). "
    "That cohort was picked after looking at the table, and the data are a public, old and partly synthetic "
    "telecom table, so read it as the question to ask, not as a fact about real customers.")

# %%
story.md(
    "**When?** Models meet a moving world. On the first day of month 3 of a *simulated* payments business, "
    "a team trains a fraud model on what it knows *that day*. A fraud is known only when its chargeback "
    f"arrives ({LABEL_DELAY_DAYS:g} days later on average, in this simulation), so the team leaves out the newest "
    f"transactions, keeping only those at least {MATURE_AFTER_DAYS} days old, whose chargebacks have had more time to "
    "arrive (not all of them: see section 2), each labelled as known that day. It then replays months 3 to 6 "
    f"through the model; the simulation plants a new fraud pattern in month {DRIFT_MONTH}, which a real team would "
    "not know. Before the replay, the team fixes its comparison: month 3, the first after training, against "
    "months 4 to 6. Each month the review team checks the same share of "
    f"transactions, {ALERT_RATE:.1%}, the ones the model scores highest: a fixed alert budget. Recall (the share "
    "of the frauds caught) is judged in hindsight, once every chargeback is in: a business can compute it "
    "months later, not on the day. In this simulation every fraud is charged back in the end, so recall here counts "
    "all the frauds; a real business learns only of the fraud someone reports, so its recall counts reported fraud "
    "only (question 8 at the end).")

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


def caught_of(months_, alert_rate):
    """(frauds caught, frauds) over several months, pooled, at this alert rate."""
    caught = [caught_in(m, alert_rate) for m in months_]
    return int(sum(c.sum() for c in caught)), int(sum(len(c) for c in caught))


before_months, after_months = months[:1], months[1:]    # fixed before the replay: month 3 against months 4 to 6


def recall_change(alert_rate):
    """Recall over months 4-6 at this alert rate minus recall in month 3 at ALERT_RATE, in points, with its 90%
    Newcombe interval for separate samples (the two sides hold different frauds)."""
    *_, d, d_low, d_high = separate_gap(*caught_of(before_months, ALERT_RATE), *caught_of(after_months, alert_rate))
    return d * 100, d_low * 100, d_high * 100


def n_alerts(month, alert_rate=ALERT_RATE):
    return int(round(alert_rate * len(scores[month])))


amounts = {int(m): rows_m["amount"].to_numpy() for m, rows_m in later.groupby("month")}
month_rows = []
for m in months:
    caught = caught_in(m, ALERT_RATE)
    resampled = caught[fraud_rows[m]].mean(axis=1)
    by_amount = models.flag_top(amounts[m], n_alerts(m))[frauds[m]]       # the same budget, largest amounts first
    month_rows.append({"month": m, "transactions": len(scores[m]), "alerts": n_alerts(m), "frauds": len(caught),
                       "caught": int(caught.sum()), "recall": caught.mean(),
                       "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95),
                       "ceiling": min(1.0, n_alerts(m) / len(caught)), "precision": caught.sum() / n_alerts(m),
                       "largest amounts": by_amount.mean(), "random review": ALERT_RATE})
monthly = pd.DataFrame(month_rows).set_index("month")
recall_before, recall_after = (k / n for k, n in (caught_of(ms, ALERT_RATE) for ms in (before_months, after_months)))


def span(ms):
    return f"month {ms[0]}" if len(ms) == 1 else f"months {ms[0]}-{ms[-1]}"


def pooled_ceiling(months_):
    """The most frauds any model could catch with the months' alerts, over all their frauds (pooled)."""
    return (sum(min(n_alerts(m), int(frauds[m].sum())) for m in months_)
            / sum(int(frauds[m].sum()) for m in months_))


before_pct, after_pct = round(recall_before * 100, 1), round(recall_after * 100, 1)
drop = round(before_pct - after_pct, 1)                 # from the rounded ends, so title, prose and record agree
change, change_low, change_high = recall_change(ALERT_RATE)
drop_low, drop_high = -change_high, -change_low
drop_verdict = verdict(drop_low, drop_high, ("falls", "rises", "not yet"))
ceiling_after = pooled_ceiling(after_months)           # context only: what any model could catch with these alerts
after_counts = {k: int(monthly.loc[after_months, k].sum()) for k in ("alerts", "frauds", "caught")}
missed_after = after_counts["frauds"] - after_counts["caught"]
# precision (caught frauds over alerts) on both sides, and the 90% interval of its difference (after minus before):
# the two sides hold different alerts, so the interval is the one for separate samples, not the paired one
precision_counts = {side: (sum(int(monthly.loc[m, "caught"]) for m in ms), sum(int(monthly.loc[m, "alerts"]) for m in ms))
                    for side, ms in (("before", before_months), ("after", after_months))}
precision_before, precision_after, *precision_diff = separate_gap(*precision_counts["before"], *precision_counts["after"])
precision_change, precision_low, precision_high = (x * 100 for x in precision_diff)
precision_word = verdict(precision_low, precision_high, ("rose", "fell", "is not yet told apart from before"))
precision_sentence = {
    "rose": "the alerts hit fraud more often, not less",
    "fell": "the alerts also hit fraud less often",
    "is not yet told apart from before": "the alerts are not shown to hit fraud less often (nor more)",
}[precision_word]
frauds_per_month = {side: monthly.loc[ms, "frauds"].mean() for side, ms in (("before", before_months),
                                                                           ("after", after_months))}
caught_per_month = {side: monthly.loc[ms, "caught"].mean() for side, ms in (("before", before_months),
                                                                          ("after", after_months))}
extra_frauds = frauds_per_month["after"] - frauds_per_month["before"]
missed_per_month = {side: frauds_per_month[side] - caught_per_month[side] for side in ("before", "after")}
extra_caught_share = ((caught_per_month["after"] - caught_per_month["before"]) / extra_frauds
                      if extra_frauds > 0 else float("nan"))
extra_sentence = (
    "The frauds did not grow, so these counts do not single out a new group of missed frauds."
    if extra_frauds <= 0 else
    f"So while the frauds grew {frauds_per_month['after'] / frauds_per_month['before']:.1f}-fold, about "
    f"{missed_per_month['after'] - missed_per_month['before']:.0f} more frauds a month went without an alert, and "
    f"{1 - precision_after:.0%} of the alerts still went to transactions that were not fraud. That is the business's "
    "clue to read the chargebacks of the missed frauds for a new pattern."
    if extra_caught_share < 0.5 else
    f"Of about {extra_frauds:.0f} extra frauds a month, the alerts caught {extra_caught_share:.0%}, so these counts "
    "do not single out the extra frauds as missed.")
# What the business can read once the chargebacks are in: each fraud with the fields its payment carries
fraud_table = pd.concat([rows_m[frauds[int(m)]].assign(caught=caught_in(int(m), ALERT_RATE))
                         for m, rows_m in later.groupby("month")])
missed_side = {side: fraud_table[~fraud_table["caught"] & fraud_table["month"].isin(ms)]
               for side, ms in (("before", before_months), ("after", after_months))}
lead_channel, lead_category = (missed_side["after"].groupby(["channel", "merchant_category"], observed=True).size()
                               .idxmax())                     # the largest group among the frauds missed after


def in_lead(frame):
    return int(((frame["channel"] == lead_channel) & (frame["merchant_category"] == lead_category)).sum())


lead_after = fraud_table[fraud_table["month"].isin(after_months)]
lead_after = lead_after[(lead_after["channel"] == lead_channel) & (lead_after["merchant_category"] == lead_category)]
# Simulator truth, known only because the data are simulated: which frauds belong to the planted pattern
# (app purchases of electronics or gaming between 100 and 900 dollars, the scenario's definition of the new ring)
new_pattern = {int(m): (rows_m["merchant_category"].isin(["electronics", "gaming"]) & (rows_m["channel"] == "app")
                        & rows_m["amount"].between(100, 900, inclusive="neither")).to_numpy()[frauds[int(m)]]
               for m, rows_m in later.groupby("month")}


def caught_by_pattern(months_, new):
    """(caught, frauds) among the frauds of these months that are (new=True) or are not in the planted pattern."""
    pairs = [(caught_in(m, ALERT_RATE)[new_pattern[m] == new]) for m in months_]
    return int(sum(c.sum() for c in pairs)), int(sum(len(c) for c in pairs))


old_before, old_after = caught_by_pattern(before_months, False), caught_by_pattern(after_months, False)
new_after = caught_by_pattern(after_months, True)
# like with like: the frauds outside the planted pattern, before against after (two samples of different frauds)
old_rate_before, old_rate_after, *old_diff = separate_gap(*old_before, *old_after)
old_change, old_low, old_high = (x * 100 for x in old_diff)
old_sentence = verdict(old_low, old_high, (
    "The frauds outside the pattern are caught better, not worse, so the fall is not in them",
    "The frauds outside the pattern are caught less well too, so something besides the new pattern (the model's "
    "age, or another change) plays a part",
    f"That change is not yet told apart from zero: these counts neither show those frauds caught less well nor rule "
    f"out a loss of up to {-old_low:.0f} points, so whether the model's age plays a part beside the new pattern is "
    "not settled"))
new_after_ci = metrics.wilson_interval(*new_after, confidence=0.90) if new_after[1] else (float("nan"),) * 2

# %%
fig, (ax_n, ax_r) = plots.figure(1, 2, figsize=(13.5, 5.0))
x = np.array(months)
split_at = before_months[-1] + 0.5
ax_n.bar(x - 0.2, monthly["frauds"], width=0.4, color=plots.BAD, alpha=0.75, label="frauds (simulated)")
ax_n.bar(x + 0.2, monthly["caught"], width=0.4, color=plots.NEUTRAL, label="caught by the model")
ax_n.hlines(monthly["alerts"], x - 0.42, x + 0.42, color="black", lw=2.5, label="alerts the team can review")
ax_n.axvline(split_at, color="grey", ls="--", label="comparison fixed before the replay")
ax_n.set_xticks(x)
ax_n.set_ylim(0, monthly["frauds"].max() * 1.5)         # headroom so the legend sits above the bars
over = monthly["frauds"] > monthly["alerts"]
over_words = ("no month has more frauds than alerts" if not over.any() else
              f"more frauds than alerts in {span([int(m) for m in monthly.index[over]])}")
plots.finish(ax_n, title=f"Frauds per month: {monthly['frauds'].iloc[0]} in month {months[0]}, up to "
                         f"{monthly['frauds'].max()};\n{over_words};\ncaught: "
                         f"{monthly['caught'].min()} to {monthly['caught'].max()} a month",
             xlabel="month of the simulated payments stream", ylabel="frauds or alerts per month (count)")
ax_r.errorbar(x, monthly["recall"] * 100,
              yerr=[(monthly["recall"] - monthly["low (5%)"]) * 100, (monthly["high (95%)"] - monthly["recall"]) * 100],
              fmt="o-", color=plots.NEUTRAL, lw=2, capsize=4, label="model (90% bootstrap interval)", zorder=4)
ax_r.plot(x, monthly["ceiling"] * 100, "k^--", label="context: the most any model could catch (alerts / frauds)")
ax_r.plot(x, monthly["largest amounts"] * 100, "s:", color=plots.ACCENT, label="rule: largest amounts first")
ax_r.plot(x, monthly["random review"] * 100, "x:", color=plots.BAD, label=f"random review ({ALERT_RATE:.1%})")
ax_r.axvline(split_at, ymax=100 / 160, color="grey", ls="--")  # stops at 100%, below the legend
ax_r.hlines([recall_before * 100, recall_after * 100], [before_months[0] - 0.3, after_months[0] - 0.3],
            [before_months[-1] + 0.3, after_months[-1] + 0.3], color=plots.ACCENT, lw=3, alpha=0.6, zorder=1,
            label=f"pooled recall: {before_pct:.1f}% in {span(before_months)}, {after_pct:.1f}% in {span(after_months)}")
ax_r.set_xticks(x)
ax_r.set_ylim(0, 160)                                     # headroom so the legend sits above the lines
ax_r.set_yticks(range(0, 101, 20))
title = {"falls": f"Recall falls {drop:.1f} points, {span(before_months)} to {span(after_months)}\n"
                  f"(90% interval {drop_low:.1f} to {drop_high:.1f})",
         "rises": f"Recall rises {-drop:.1f} points, {span(before_months)} to {span(after_months)}\n"
                  f"(90% interval {-drop_high:.1f} to {-drop_low:.1f})",
         "not yet": f"Recall in {span(before_months)} ({before_pct:.1f}%) and {span(after_months)} "
                    f"({after_pct:.1f}%)\nnot yet told apart"}[drop_verdict]
plots.finish(ax_r, title=title,
             xlabel="month of the simulated payments stream",
             ylabel=f"frauds caught at a {ALERT_RATE:.1%} alert rate (%)",
             takeaway="left: frauds, catches and the alert budget each month; right: the share of frauds caught, "
                      "the triangles (context) are the most any model could catch with that many alerts, the thick "
                      "pale lines are recall pooled on each side; in both, the dashed line is the split fixed before "
                      "the replay")
plt.show()

# %% tags=["nbval-check-output"]
pd.DataFrame({
    "transactions": monthly["transactions"],
    "alerts": monthly["alerts"],
    "frauds (simulated)": monthly["frauds"],
    "caught": monthly["caught"],
    "recall (90% bootstrap)": [f"{r:.1%} ({lo:.1%} to {hi:.1%})" for r, lo, hi
                               in monthly[["recall", "low (5%)", "high (95%)"]].to_numpy()],
    "most any model could catch: alerts / frauds": monthly["ceiling"].map("{:.1%}".format),
    "precision: alerts that are fraud": monthly["precision"].map("{:.1%}".format),
    "rule: largest amounts": monthly["largest amounts"].map("{:.1%}".format),
    "random review": monthly["random review"].map("{:.1%}".format),
})

# %%
why_word = {"falls": "fell", "rises": "rose", "not yet": "changed"}[drop_verdict]
budget_context = (
    f"For context, not as a cause: {span(after_months)} have {after_counts['alerts']:,} alerts for "
    f"{after_counts['frauds']:,} frauds, so even a perfect model could have caught at most {ceiling_after:.1%} of them; "
    f"this model caught {after_pct:.1f}%."
    if after_counts["frauds"] > after_counts["alerts"] else
    f"The alert budget is not what stops the rest: {span(after_months)} have {after_counts['alerts']:,} alerts for "
    f"{after_counts['frauds']:,} frauds, so a perfect model could catch them all.")
story.md(
    "**What the business sees**, in hindsight once the chargebacks are in: recall is "
    f"**{before_pct:.1f}%** of {int(monthly.loc[before_months, 'frauds'].sum())} simulated frauds in "
    f"{span(before_months)} and **{after_pct:.1f}%** of {after_counts['frauds']:,} in "
    f"{span(after_months)}: **{-drop:+.1f} points** (90% interval for two separate samples, {-drop_high:+.1f} to "
    f"{-drop_low:+.1f}). "
    "The split was fixed before the replay, without looking at the months; it cannot say "
    f"*why* recall {why_word}, because the later months are also further from the training data. "
    f"The frauds grew from {frauds_per_month['before']:.0f} to about "
    f"{frauds_per_month['after']:.0f} a month, while the frauds caught went from {caught_per_month['before']:.0f} to "
    f"about {caught_per_month['after']:.0f} a month. {extra_sentence} Judged on the same alert "
    f"volume, the share of the alerts that are fraud (precision) went from {precision_before:.1%} to "
    f"{precision_after:.1%}, **{precision_change:+.1f} points** (90% interval for two separate samples, "
    f"{precision_low:+.1f} to {precision_high:+.1f}): {precision_sentence}. {budget_context} Whether more reviews "
    "would win recall back is a test, not a guess: Exercise 3 prices it.")
story.md(
    "**Reading the missed chargebacks.** Once the chargebacks are in, the business can sort the frauds the model "
    f"missed by the fields each payment carries. The largest group among those missed in {span(after_months)} is "
    f"{lead_category} paid through the {lead_channel} channel: {in_lead(missed_side['after'])} of the "
    f"{len(missed_side['after']):,} missed ({in_lead(missed_side['after']) / len(missed_side['after']):.0%}), against "
    f"{in_lead(missed_side['before'])} of the {len(missed_side['before'])} missed in {span(before_months)} "
    f"({in_lead(missed_side['before']) / max(len(missed_side['before']), 1):.0%}); of that group's {len(lead_after)} "
    f"frauds in {span(after_months)}, the alerts caught {int(lead_after['caught'].sum())}. The group was picked after "
    "looking, so it says where to read, not what caused the fall.")
story.md(
    "**What only the simulator knows.** The simulation planted a new fraud pattern in month "
    f"{DRIFT_MONTH}. In {span(after_months)} the model catches **{new_after[0]} of {new_after[1]}** frauds of that "
    f"pattern (90% Wilson interval {new_after_ci[0]:.0%} to {new_after_ci[1]:.0%}). Like with like, the frauds "
    f"outside that pattern: it catches {old_before[0]} of {old_before[1]} ({old_rate_before:.0%}) in {span(before_months)} and "
    f"{old_after[0]} of {old_after[1]} ({old_rate_after:.0%}) in {span(after_months)}, **{old_change:+.1f} points** "
    f"(90% interval for two separate samples, {old_low:+.1f} to {old_high:+.1f}). {old_sentence}. "
    "A real team is not handed this split: it has the missed chargebacks above to read, and tests retraining "
    "against what it finds there (notebook 04).")

# %% [markdown]
# So the questions every AI feature must answer, for the churn model (and, for "next month", the
# fraud model):

# %%
everyone = by_cohort.loc["all customers (reference)"]
n_flagged = int(flagged_now.sum())
random_recall = n_flagged / len(churned)        # a random draw of n_flagged customers catches this share on average
story.md(
    "| question | answer from this run |\n|---|---|\n"
    f"| How often is it right? | it flags {everyone['recall']:.0%} of the {everyone['churners']} churners (90% Wilson "
    f"{everyone['recall interval'][0]:.0%} to {everyone['recall interval'][1]:.0%}) and {everyone['false alarms']:.1%} of "
    f"the {everyone['stayers']:,} stayers ({everyone['false-alarm interval'][0]:.1%} to "
    f"{everyone['false-alarm interval'][1]:.1%}), where flagging as many customers ({n_flagged}) at random would be "
    f"expected to catch {random_recall:.0%} of the churners; on accuracy, {accuracy:.1%} where \"nobody churns\" scores "
    f"{baseline:.1%} |\n"
    f"| For whom? | beats its cohort's trivial rule in {how_many(n_beats)} of {n_rows} cohorts, loses in "
    f"{how_many(n_loses)}, not yet told apart in {how_many(n_unclear)}; a question to ask, from a cohort picked after "
    f"looking: it flags {lr['recall']:.0%} of the churners with {lowest_recall} (90% Wilson "
    f"{lr['recall interval'][0]:.0%} to {lr['recall interval'][1]:.0%}) |\n"
    f"| With what confidence? | accuracy: 90% bootstrap interval {low:.1%} to {high:.1%}; its gap over the baseline "
    f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f} points (90% Newcombe paired) |\n"
    f"| And next month? | the simulated fraud model's recall changed {-drop:+.1f} points (90% interval "
    f"{-drop_high:+.1f} to {-drop_low:+.1f}) from {span(before_months)} to {span(after_months)}, while the frauds went "
    f"from {frauds_per_month['before']:.0f} to about {frauds_per_month['after']:.0f} a month and the frauds caught "
    f"from {caught_per_month['before']:.0f} to about {caught_per_month['after']:.0f}; the share of the alerts that "
    f"are fraud changed {precision_change:+.1f} points (90% interval "
    f"{precision_low:+.1f} to {precision_high:+.1f}); of the planted new pattern's frauds it caught "
    f"{new_after[0]} of {new_after[1]} (simulator truth) |")

# %% [markdown]
# **Which interval, when.** Every interval in this notebook is a 90% interval, and each is read the same way: a
# verdict only when the whole interval sits on one side of the line. They differ in what they compare:
#
# | what is compared | interval used here |
# |---|---|
# | one share on one sample (accuracy, one month's recall, a cohort's recall) | bootstrap (resample the cases) or Wilson's formula: two routes to nearly the same band (Exercise 1) |
# | two shares on the *same* cases (model against "nobody churns") | Newcombe's paired interval: only the cases where the two disagree move it |
# | two shares on *different* cases (recall or precision, month 3 against months 4-6) | Newcombe's interval for separate samples: each side's Wilson interval, combined |
# | a sum of money (the net of more reviews, Exercise 3) | bootstrap, resampling each month's frauds: no share, so no share formula |

# %%
def alert_value(rate):
    """Alert rate ``rate`` against ALERT_RATE over months 4-6, per month: extra frauds caught, extra simulated
    fraud dollars stopped (a caught fraud is assumed to stop its amount) and extra review cost (REVIEW_MINUTES an
    alert at ANALYST_COST_PER_HOUR), the net with its 90% bootstrap interval (the same resamples of each month's
    frauds), and recall in months 4-6 at ``rate`` against recall in month 3. No verdict: you read it."""
    n_months = len(after_months)
    extra_caught, stopped, boot_stopped, extra_alerts = 0, 0.0, 0.0, 0
    for m in after_months:
        gained = caught_in(m, rate).astype(int) - caught_in(m, ALERT_RATE).astype(int)
        value = gained * amounts[m][frauds[m]]
        extra_caught += gained.sum()
        stopped += value.sum()
        boot_stopped = boot_stopped + value[fraud_rows[m]].sum(axis=1)
        extra_alerts += n_alerts(m, rate) - n_alerts(m)
    hours = extra_alerts * REVIEW_MINUTES / 60 / n_months
    cost = hours * ANALYST_COST_PER_HOUR
    boot_net = boot_stopped / n_months - cost
    stop_low, stop_high = np.percentile(boot_stopped / n_months, [5, 95])
    net_low, net_high = (float(x) for x in np.percentile(boot_net, [5, 95]))
    return {"extra caught": extra_caught / n_months, "extra alerts": extra_alerts / n_months, "extra hours": hours, "cost per hour": ANALYST_COST_PER_HOUR,
            "stopped": (stopped / n_months, float(stop_low), float(stop_high)), "review cost": cost,
            "net": (stopped / n_months - cost, net_low, net_high),
            "recall change": recall_change(rate)}


(q3,) = nb00.bind_drift(alert_value=alert_value, alert_rate=ALERT_RATE, period=span(after_months),
                        before=span(before_months))

# %% [markdown]
# ### Exercise 3 · Buy more reviews after the recall drop?
#
# `alert_value(rate)` replays months 4 to 6 at another alert rate, on the same resamples of the frauds, and
# prices the difference: the simulated fraud amounts the extra alerts stop, against the extra analyst hours at
# the assumed `REVIEW_MINUTES` and `ANALYST_COST_PER_HOUR`. It gives the net with its 90% interval; the verdict
# is yours. Pricing several rates on the months that judge them and keeping the best net flatters that net a little.

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
v = alert_value(2 * ALERT_RATE)                          # twice today's reviews
net, net_low, net_high = v["net"]
print(f"net {net:+,.0f} dollars a month (90% interval {net_low:+,.0f} to {net_high:+,.0f})")
q3_answer = (2 * ALERT_RATE, nb00.word_on_interval(net_low, net_high, nb00.VALUE_VERDICTS))
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((2 * ALERT_RATE, next(v for v in nb00.VALUE_VERDICTS if v != q3_answer[1])))
assert q3.check(____).correct is None

# %%
(q4,) = nb00.bind_jobs(accuracy=accuracy, interval=(low, high), baseline=baseline,
                       gap_interval=(gap_low * 100, gap_high * 100), weak_cohort=lowest_recall,
                       weak_recall=float(lr["recall"]))

# %% [markdown]
# ### Exercise 4 · What goes into the contract?
#
# The table of answers above (how often, for whom, with what confidence) is what a client would be promised.

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
q4_answer = "c"
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer) and q4.check("e")                     # both defensible
assert not q4.check("a") and not q4.check("b") and not q4.check("d")
assert q4.check(____).correct is None

# %% [markdown]
# ## 2. Code is one ingredient; here are the other three
#
# Besides the code, three ingredients shape what a model does:
#
# - **data quality**: what the labels mean and how complete they are;
# - **model choice**: what kind of pattern the model can represent;
# - **feedback loops**: how fast the world tells the model it was wrong.
#
# Two changes, measured: one of model choice, and one where a slow feedback loop degrades the data.
# **Model choice**: a boosted model (many small decision trees, which can
# represent thresholds and interactions a logistic regression cannot) on the same customers, compared
# with the same paired interval. At the same probability cut the two models flag different numbers of
# customers, and more flags catch more churners whatever the model, so their catches are compared at the
# same number of flags: as many as the logistic model makes at `CHURN_THRESHOLD`, taken from the top of each
# model's probabilities.

# %%
boosted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="boosting", seed=SEED)
boosted_prob = boosted.predict_proba(churn_test[features])[:, 1]
boosted_right = (boosted_prob >= CHURN_THRESHOLD) == churned
boosted_accuracy = float(boosted_right.mean())
model_gap, model_gap_low, model_gap_high = paired_gap(boosted_right, right)
n_flags = int((churn_prob >= CHURN_THRESHOLD).sum())                   # the logistic model's flags at the threshold
n_flags_boosted = int((boosted_prob >= CHURN_THRESHOLD).sum())          # the boosted model's, at the same cut
logistic_flags = (churn_prob >= CHURN_THRESHOLD)[churned]
boosted_flags = models.flag_top(boosted_prob, n_flags)[churned]         # the same number of flags: like with like
recall_gap, recall_gap_low, recall_gap_high = paired_gap(boosted_flags, logistic_flags)

# %% [markdown]
# **Feedback loop, then data quality: label delay.** The fraud team above left out its newest
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
    "change": ["model choice", "model choice (same change)", "label delay (feedback loop -> data quality)",
               "label delay (same change)"],
    "what we changed": ["logistic -> boosting (churn)", f"(the same change, at the same {n_flags} flags)",
                        "older transactions only -> everything, as labelled that day",
                        "(the same change, its effect on the product)"],
    "measured as": [f'accuracy ("nobody churns": {baseline:.1%})', f"churners among the {n_flags} flags (recall, of {int(churned.sum())})",
                    "share of the simulated training fraud labelled that day (counted in hindsight)",
                    f"month-{first} recall (simulated)"],
    "before": [f"{accuracy:.1%}", f"{logistic_flags.mean():.1%}", f"{mature_share:.1%}", f"{recall_mature:.1%}"],
    "after": [f"{boosted_accuracy:.1%}", f"{boosted_flags.mean():.1%}", f"{hasty_share:.1%}", f"{recall_hasty:.1%}"],
    "change, points (90% interval)": [
        f"{model_gap * 100:+.1f} ({model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f})",
        f"{recall_gap * 100:+.1f} ({recall_gap_low * 100:+.1f} to {recall_gap_high * 100:+.1f})",
        f"{(hasty_share - mature_share) * 100:+.1f} (a count of the training data: no sampling error)",
        f"{-delay_cost * 100:+.1f} ({-delay_high * 100:+.1f} to {-delay_low * 100:+.1f})"],
}).set_index("change")

# %%
delay_word = verdict(delay_low, delay_high, ("costs recall", "gains recall", "cannot yet be told apart from "
                                             "training on the older transactions only"))
story.md(
    f"**Model choice.** At the probability cut of {CHURN_THRESHOLD:g} the boosted model flags {n_flags_boosted} "
    f"customers and the logistic model {n_flags}. With the same {n_flags} flags, the boosted model's {n_flags} "
    f"highest probabilities reach {int(boosted_flags.sum())} of the {int(churned.sum())} churners and the logistic "
    f"model's flags {int(logistic_flags.sum())}: **{recall_gap * 100:+.1f} points** of the churners (90% Newcombe paired interval "
    f"{recall_gap_low * 100:+.1f} to {recall_gap_high * 100:+.1f}), on the same customers and data, from one "
    "training run on one split."
    f"{' So some of the churners the logistic model misses in section 1 are found by another model from the same columns.' if recall_gap_low > 0 else ''}"
    " With the number of flags fixed, each extra churner flagged is one false alarm "
    f"fewer: {n_flags - int(boosted_flags.sum())} stayers flagged against {n_flags - int(logistic_flags.sum())}. This notebook keeps the logistic model as its example, not as a "
    "recommendation: notebook 01 chooses models on money, on data the choice did not see. "
    f"**Label delay.** Training on everything on the first day of month 3 leaves only {hasty_share:.0%} of the "
    f"training fraud labelled, against {mature_share:.0%} in the older transactions (both counted in hindsight by "
    "the simulator: the team could not know them that day); the model learns the rest as legitimate, and its "
    f"month-{first} recall changes by **{-delay_cost * 100:+.0f} points** (90% Newcombe paired interval "
    f"{-delay_high * 100:+.0f} to {-delay_low * 100:+.0f}): on this run, training on everything at once "
    f"**{delay_word}**. Both choices were open on the same day, with the same code: different data, different "
    "product. (The fraud data are simulated; the churn data are public, old and partly synthetic.)")

# %%
(q5,) = nb00.bind_labels(payments=payments, mature_after_days=MATURE_AFTER_DAYS, mean_delay_days=LABEL_DELAY_DAYS)

# %% [markdown]
# ### Exercise 5 · How long until the labels are in?

# %%
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
delays = ((payments["label_available_at"] - payments["timestamp"]).dt.total_seconds() / 86_400).dropna()
wait_90 = float(np.percentile(delays, 90))
print(f"90% of the {len(delays):,} chargebacks arrived within {wait_90:.1f} days of the payment "
      f"(mean {delays.mean():.1f}); {(delays <= MATURE_AFTER_DAYS).mean():.0%} within {MATURE_AFTER_DAYS} days")
q5_answer = wait_90
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert not q5.check(LABEL_DELAY_DAYS)                              # the mean delay leaves many chargebacks to come
assert q5.check(____).correct is None

# %% [markdown]
# ## 3. Two kinds of learning, and the path to live predictions
#
# The churn model above is **supervised**: it learned from customers whose outcome was already
# recorded, the `churn` column, and it predicts that outcome for customers whose outcome is not yet known.
# No label, no supervised model. **Unsupervised** learning gets no outcome at all: it finds structure
# in the inputs, such as groups of customers who use the service alike. A product question decides
# which kind it needs, and so whether the team needs labels before it can fit anything. Below, on the same customers: a
# segmentation by k-means on six usage features, standardised (each measured in standard deviations
# from the training mean, so minutes do not outweigh calls), fitted on the training customers with
# the churn column left out.

# %%
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

usage = {"total_day_minutes": "day minutes", "total_eve_minutes": "evening minutes",
         "total_night_minutes": "night minutes", "total_intl_minutes": "international minutes",
         "number_customer_service_calls": "service calls", "number_vmail_messages": "voice-mail messages"}
scaler = StandardScaler().fit(churn_train[list(usage)])                  # the churn column is never read here
scaled_train, scaled_test = scaler.transform(churn_train[list(usage)]), scaler.transform(churn_test[list(usage)])


def segments_at(n_segments):
    """k-means with ``n_segments`` on the training customers' usage (no labels). Returns the training customers
    and the held-out customers of each segment (numbered from 1), each {segment: (churners, customers)}, and the
    fitted k-means. The churn labels are read only afterwards, to describe the segments."""
    fitted = KMeans(n_segments, n_init=10, random_state=SEED).fit(scaled_train)
    seg_train, seg_test = fitted.labels_ + 1, fitted.predict(scaled_test) + 1

    def count(seg, outcome):
        return {s: (int(outcome[seg == s].sum()), int((seg == s).sum())) for s in range(1, n_segments + 1)}

    return count(seg_train, train_churned), count(seg_test, churned), fitted


train_counts, segment_counts, kmeans = segments_at(N_SEGMENTS)
centres = pd.DataFrame(kmeans.cluster_centers_, columns=list(usage.values()))   # standard deviations from the mean
segment_test = kmeans.predict(scaled_test) + 1
train_rate = float(churn_train["churn"].mean())
offer_line = OFFER_LIFT * train_rate
segments = pd.DataFrame([(s, *nb00.segment_verdict(*segment_counts[s], offer_line)) for s in segment_counts],
                        columns=["segment", "churn rate", "low", "high", "verdict"]).set_index("segment")
segments["customers"] = [segment_counts[s][1] for s in segments.index]
segments["train rate"] = [train_counts[s][0] / train_counts[s][1] for s in segments.index]
segments["what sets it apart"] = [f"{'more' if c[c.abs().idxmax()] > 0 else 'fewer'} {c.abs().idxmax()} "
                                  f"({c[c.abs().idxmax()]:+.1f} sd)" for _, c in centres.iterrows()]

# %% [markdown]
# Next, the same number of retention offers three ways: to every customer of the segment with the highest churn
# rate **among the training customers** (chosen before the held-out labels are read), to that many customers with
# the highest churn probabilities from the supervised model, and to that many customers drawn at random (the
# trivial baseline). All are scored on the same held-out churners, so the model-minus-segment gap gets a paired
# interval.

# %%
from scipy.stats import hypergeom

top_segment = int(segments["train rate"].idxmax())              # chosen on the training customers' churn rates
n_offers = segment_counts[top_segment][1]
by_segment = segment_test == top_segment
by_model = models.flag_top(churn_prob, n_offers)               # the model's n_offers highest churn probabilities
reach_segment, reach_model = int((by_segment & churned).sum()), int((by_model & churned).sum())
n_churners = int(churned.sum())
random_draw = hypergeom(len(churned), n_churners, n_offers)    # n_offers customers drawn at random, no repeats
reach_random = random_draw.mean()
reach_gap, reach_low, reach_high = paired_gap(by_model[churned], by_segment[churned])
reach_verdict = verdict(reach_low, reach_high, ("reaches more churners than", "reaches fewer churners than",
                                                "is not yet told apart from"))
stay_share = 1 - reach_segment / n_offers
top_verdict = segments.loc[top_segment, "verdict"]
top_train_rate = float(segments.loc[top_segment, "train rate"])

fig, (ax_s, ax_m) = plots.figure(1, 2, figsize=(15, 6.0), gridspec_kw={"width_ratios": [1.3, 1]})
y = np.arange(len(segments))[::-1]
ax_s.errorbar(segments["churn rate"] * 100, y - 0.18, xerr=[(segments["churn rate"] - segments["low"]) * 100,
              (segments["high"] - segments["churn rate"]) * 100], fmt="o", color=plots.NEUTRAL, lw=2.5, capsize=5,
              label="held-out churn rate (90% Wilson)")
ax_s.plot(segments["train rate"] * 100, y + 0.28, "D", color=plots.ACCENT, ms=8,
          label="training churn rate (used to choose)")
top_y = y[list(segments.index).index(top_segment)]
ax_s.annotate(f"training {top_train_rate:.1%}: the highest,\nso segment {top_segment} is chosen",
              (top_train_rate * 100, top_y + 0.28), xytext=(12, 10), textcoords="offset points", fontsize=9,
              color=plots.ACCENT, arrowprops=dict(arrowstyle="-", color=plots.ACCENT))
top_of_points = (len(segments) + 0.2) / (len(segments) + 1.4)  # the lines stop below the headroom the legend uses
ax_s.axvline(train_rate * 100, ymax=top_of_points, color="grey", ls=":", lw=1.5,
             label=f"all training customers ({train_rate:.1%})")
ax_s.vlines(np.full(len(y), offer_line * 100), y - 0.4, y - 0.02, color="black", ls="--", lw=1.8,
            label=f"offer line ({offer_line:.1%}), for the held-out rates")  # spans the held-out rows only, clear
#                                                                            of the training diamonds above them
ax_s.set_yticks(y, [f"segment {s}{' (chosen)' if s == top_segment else ''}: {d}\n{n} held-out customers" for s, d, n
                    in segments[["what sets it apart", "customers"]].itertuples()])
ax_s.set_xlim(0, max(segments["high"].max(), segments["train rate"].max(), offer_line) * 100 * 1.35)
ax_s.set_ylim(-0.6, len(segments) - 0.4 + 1.2)                # headroom so the legend sits above the points
plots.finish(ax_s, title=f"Held-out churn rate by usage segment: {segments['churn rate'].min():.0%} to "
                         f"{segments['churn rate'].max():.0%};\nsegment {top_segment}, chosen on training rates, is "
                         f"'{top_verdict}' against the offer line",
             xlabel="churn rate among the segment's customers (%)",
             ylabel="usage segment (k-means, no labels;\ncentre in sd from the mean)")
ax_s.legend(loc="upper right", framealpha=0.95, fontsize=9)
heights = [reach_random, reach_segment, reach_model]
ax_m.bar([0, 1, 2], heights, color=["lightgrey", plots.ACCENT, plots.NEUTRAL], width=0.6)
for xpos, n in enumerate(heights):
    ax_m.text(xpos, n, f"{n:.0f}" if xpos else f"about {n:.0f}\n(expected)", ha="center", va="bottom")
ax_m.set_xticks([0, 1, 2], ["random\ncustomers", f"all of\nsegment {top_segment}", "model's highest\nprobabilities"])
ax_m.set_xlim(-0.5, 2.5)
ax_m.set_ylim(0, max(heights) * 1.25)
plots.finish(ax_m, title=f"The same {n_offers} offers reach {reach_model} churners\nby the model, "
                         f"{reach_segment} by segment {top_segment},\nabout {reach_random:.0f} at random",
             xlabel="who gets the offers", ylabel="held-out churners who get an offer (count)",
             takeaway=f"left: training rate (diamond, used to choose) above each held-out rate (dot, 90% Wilson), "
                      f"judged against the offer line (dashes); right: churners reached of the same {n_churners} "
                      "(random: expected)")
fig.suptitle("A segment found without labels describes a group; the supervised model picks the customers",
             fontsize=12, fontweight="bold")
fig.tight_layout()
plt.show()

# %%
pd.DataFrame({
    "what sets it apart (centre, sd from the mean)": segments["what sets it apart"],
    "churn rate, training customers": segments["train rate"].map("{:.1%}".format),
    "customers (held out)": segments["customers"],
    "churners (held out)": [segment_counts[s][0] for s in segments.index],
    "held-out churn rate (90% Wilson)": [f"{r:.1%} ({lo:.1%} to {hi:.1%})" for r, lo, hi
                                         in segments[["churn rate", "low", "high"]].to_numpy()],
    "against the offer line": segments["verdict"],
})

# %%
story.md(
    f"k-means found {N_SEGMENTS} groups without reading the churn column; only the labels, afterwards, say what "
    f"they mean for churn. Segment {top_segment} churns most among the training customers, "
    f"{top_train_rate:.1%}, so it is the candidate; the training rate chose it and cannot also judge it. The "
    f"held-out customers judge it against the offer line of {offer_line:.1%}: they churn at {segments.loc[top_segment, 'churn rate']:.1%} (90% "
    f"Wilson interval {segments.loc[top_segment, 'low']:.1%} to {segments.loc[top_segment, 'high']:.1%}), so "
    f"the verdict is **{top_verdict}**{' (more customers of the segment could settle it)' if top_verdict == 'not yet' else ''}. A segment cannot say *who* will cancel: an offer to all of it also goes to the "
    f"{stay_share:.0%} who stayed. With the same {n_offers} offers, the supervised model's highest probabilities "
    f"reach {reach_model} churners and the segment {reach_segment}: the model **{reach_verdict}** the segment, "
    f"{reach_gap * 100:+.1f} points of the {n_churners} churners (90% Newcombe paired interval "
    f"{reach_low * 100:+.1f} to {reach_high * 100:+.1f}). Both leaned on churn labels: the segment found "
    "without them still needed them to be chosen and judged, and the model needed them to be trained. Each label "
    "exists only once the customer has had time to cancel or stay.")

# %%
(q6,) = nb00.bind_learning(segments_at=lambda k: segments_at(k)[:2], n_segments=N_SEGMENTS, line=offer_line)

# %% [markdown]
# ### Exercise 6 · Could a segment carry the retention offer?
#
# `segments_at(k)` re-fits k-means with `k` segments, still without labels, and returns the churners and customers
# of each segment among the training customers and among the held-out customers, and the fitted model. Fix your
# `k` **before** you run it, and run it once: trying several k and keeping the one whose verdict looks best
# flatters that verdict.

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
my_k = N_SEGMENTS + 1                                                    # fixed before looking
train_k, held_k, _ = segments_at(my_k)
s = max(train_k, key=lambda seg: train_k[seg][0] / train_k[seg][1])    # chosen on the training customers
rate, lo, hi, word = nb00.segment_verdict(*held_k[s], offer_line)      # judged once, on the held-out ones
print(f"k = {my_k}: segment {s}, training {train_k[s][0] / train_k[s][1]:.1%}; held out {held_k[s][0]}/"
      f"{held_k[s][1]} = {rate:.1%} (90% Wilson {lo:.1%} to {hi:.1%}) against {offer_line:.1%}: {word}")
q6_answer = (my_k, s, word)
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check((q6_answer[0], q6_answer[1], next(v for v in nb00.SEGMENT_VERDICTS if v != q6_answer[2])))
assert not q6.check((q6_answer[0], next(s for s in segments_at(q6_answer[0])[1] if s != q6_answer[1]), q6_answer[2]))
assert not q6.check((N_SEGMENTS, top_segment, top_verdict))      # the notebook's own k: a copy, not a decision
assert q6.check(____).correct is None

# %% [markdown]
# **The path from training to live predictions.** Every supervised model in the course travels the
# same path, and the loop closes only when the labels come back. Each step below names the object
# that plays it in this notebook and the later notebook where a problem arises there. A segmentation
# needs no label to be fitted, but a decision made with it waits for the same labels: above, the retention
# offer's segment could be judged only once its customers' churn was known.

# %% tags=["nbval-check-output"]
pd.DataFrame([
    ("1. data", f"churn: {len(churn):,} customers, outcome already filled in; payments: {len(payments):,} "
     "simulated transactions", "labels exist only for the cases someone caught (confirmed fraud)", "02"),
    ("2. features", f"features: {len(features)} columns read from the same table",
     "a feature computed one way for training and another way when serving (training-serving skew)", "03"),
    ("3. training", f"churn_train: {len(churn_train):,} labelled customers; the fraud model: "
     f"{int(mature.sum()):,} transactions at least {MATURE_AFTER_DAYS} days old",
     "training on labels that had not yet arrived (label delay; section 2 above)", "01"),
    ("4. model", "churn_model (logistic regression); fraud_model (simulated payments)",
     "the world moves after training: drift, and when to retrain", "04"),
    ("5. serving", f"stands in for serving here: churn_model.predict_proba(...) scores the {len(churn_prob):,} "
     "held-out customers, one churn probability each",
     "serving features differ from training ones (skew again); latency", "03"),
    ("6. logged predictions", "none: the scores above live only in memory",
     "without a prediction log, nothing can be compared with the labels when they arrive", "03"),
    ("7. labels back", f"churn_test['churn']: {int(churned.sum())} churners, known only once the churn period has passed (the "
     "table does not say how long it was); "
     f"chargebacks {LABEL_DELAY_DAYS:g} days after the payment on average (simulated)",
     "the loop closes late (label delay), only on the cases someone reports, and shows the drift that calls for retraining",
     "01, 02, 04"),
], columns=["step", "in this notebook", "where a problem arises", "notebook"]).set_index("step")


# %% [markdown]
# ## 4. The six jobs of an AI product manager
#
# Each notebook says in its first cell which job it trains.
#
# | job | what it means in practice | trained in |
# |---|---|---|
# | Expectation management | promise ranges with their confidence, beside the trivial baseline, not dates and single numbers | 00, 01, 05 |
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
# ## 5. How to use the kit
#
# **Exercises** work as the note before Exercise 1 says. Each one is bound to this notebook's own data, so its
# expected answer is computed from your run, never typed in.
#
# **Parameters.** The cell tagged `parameters` near the top holds the seed, a `FAST` switch and
# the scenario's knobs. Change one (say `DRIFT_MONTH = 5`, `LABEL_DELAY_DAYS = 45`, `CHURN_THRESHOLD = 0.4` or
# `N_SEGMENTS = 5`) and re-run the notebook: every number in the prose is computed from the run, so the story updates with it.
#
# **Commands**, from the repository root:
#
# | command | what it does |
# |---|---|
# | `make lab` | set up (once) and open JupyterLab on your own workspace, `workspace/`: copies of the notebooks with the worked solutions removed, made on first use and never overwritten |
# | `make lab-instructor` | JupyterLab on `notebooks/`, the answer keys |
# | `make run` | execute the whole course headless, writing `build/index.html` with each notebook's runtime and gate verdict |
# | `make test` | run the unit tests, the notebook checks and the parameter sweeps |
# | `aipm run --fast --only 00,01` | run some notebooks quickly |
# | `aipm student-copy` | the notebooks with the worked solutions removed |
#
# **This run's numbers.** The last cell stores this run's key numbers in the executed notebook and shows the
# headline ones, from the same variables as the prose above. Re-run with another `SEED` and compare the two tables:
# another split of the customers and another simulated payments stream give other numbers.

# %%
story.record_table([
    ("accuracy_overall", accuracy, "Churn model accuracy, held-out customers", "{:.1%}"),
    ("accuracy_interval", [low, high], "Churn model accuracy, 90% bootstrap interval", "{0[0]:.1%} to {0[1]:.1%}"),
    ("accuracy_baseline", baseline, '"Nobody churns", same customers', "{:.1%}"),
    ("accuracy_gap_over_baseline", [gap * 100, gap_low * 100, gap_high * 100],
     'Model minus "nobody churns" (90% paired interval)', "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
    ("cohorts_beating_trivial_rule", [n_beats, n_loses, n_unclear],
     f"Cohorts (of {n_rows}, overlapping) where the model beats / loses to / is not yet told apart from its trivial "
     "rule", "{0[0]} / {0[1]} / {0[2]}"),
    ("accuracy_worst_cohort", [float(cohorts.loc[worst, c]) for c in ("accuracy", "low (5%)", "high (95%)",
                                                                      "trivial accuracy")],
     f"Accuracy on the least accurate cohort ({worst}), 90% bootstrap interval; its trivial rule's accuracy",
     "{0[0]:.1%} ({0[1]:.1%} to {0[2]:.1%}); trivial rule {0[3]:.1%}"),
    ("recall_change_after_drift", [-drop, -drop_high, -drop_low],
     f"Fraud recall change, {span(before_months)} to {span(after_months)} (simulated, 90% interval)",
     "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
    ("precision_change", [precision_before, precision_after, precision_change, precision_low, precision_high],
     f"Share of the alerts that are fraud (simulated), {span(before_months)} to {span(after_months)}; change, 90% "
     "Newcombe interval for separate samples", "{0[0]:.1%} to {0[1]:.1%}: {0[2]:+.1f} points ({0[3]:+.1f} to {0[4]:+.1f})"),
    ("recall_new_pattern_after", [new_after[0] / new_after[1] if new_after[1] else float("nan"), *new_after_ci],
     f"Recall on the planted new fraud pattern, {span(after_months)} (simulator truth), 90% Wilson interval",
     "{0[0]:.0%} ({0[1]:.0%} to {0[2]:.0%})"),
    ("label_delay_recall_change", [-delay_cost * 100, -delay_high * 100, -delay_low * 100],
     f"Month-{first} recall change from training on everything before the chargebacks arrive (simulated), 90% "
     "Newcombe paired interval", "{0[0]:+.0f} points ({0[1]:+.0f} to {0[2]:+.0f})"),
    ("boosting_gain_interval", [model_gap * 100, model_gap_low * 100, model_gap_high * 100],
     "Boosted minus logistic accuracy (90% Newcombe paired interval)", "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
    ("segment_top_churn_rate", [float(segments.loc[top_segment, c]) for c in ("churn rate", "low", "high")],
     f"Held-out churn rate of the usage segment chosen on training churn rates (of {N_SEGMENTS}, 90% Wilson)",
     "{0[0]:.1%} ({0[1]:.1%} to {0[2]:.1%})"),
    ("segment_vs_model_churners_reached", [reach_gap * 100, reach_low * 100, reach_high * 100],
     f"Model minus segment, churners reached by {n_offers} offers (90% paired interval)",
     "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
], title="Recorded from this run", show=["accuracy_overall", "accuracy_baseline", "accuracy_gap_over_baseline",
                                          "recall_change_after_drift", "recall_new_pattern_after",
                                          "segment_vs_model_churners_reached"])

# %% [markdown]
# ## What to take away
#
# - A deterministic check passes or fails; a model has a rate, a range, and a different rate for
#   each cohort and each month.
# - Before trusting a model's number, ask the questions below, and put the trivial baseline beside every
#   number, overall and in each cohort.
# - Code is one ingredient; model choice, data quality and feedback loops each change what the same
#   code delivers; when a metric moves, read the counts the business can see (frauds, alerts, catches)
#   before naming a cause.
# - Decide on the interval: "beats", "catches fewer" or "not yet", and for "not yet" say what would
#   settle it. Compare periods fixed before looking, and keep what the business can see apart from what
#   only a simulator knows.
# - Supervised learning needs labels, and waits for them; unsupervised learning finds groups without
#   labels but cannot say which customer will act, and judging whether a group matters still waits for labels. A supervised model's path runs from data to logged
#   predictions, and closes only when the labels come back.

# %%
story.md(
    "**The questions to ask a vendor or your team before trusting a number**, each answered above for this "
    "run's models:\n\n"
    f"1. *Against which trivial baseline?* Section 1: {accuracy:.1%} accuracy, where \"nobody churns\" scores "
    f"{baseline:.1%}.\n"
    f"2. *With which interval, and is a gap measured on the same cases?* Section 1: the gap over that baseline is "
    f"{gap * 100:+.1f} points (90% Newcombe paired interval {gap_low * 100:+.1f} to {gap_high * 100:+.1f}).\n"
    f"3. *On the errors that matter, not accuracy alone?* Section 1: it flags {everyone['recall']:.0%} of the "
    f"{everyone['churners']} churners (90% Wilson {everyone['recall interval'][0]:.0%} to "
    f"{everyone['recall interval'][1]:.0%}), where flagging as many customers at random would be expected to catch "
    f"{random_recall:.0%}.\n"
    f"4. *For which cohorts?* Section 1, *For whom?*: it beats its cohort's trivial rule in {how_many(n_beats)} of "
    f"{n_rows} cohorts, loses to it in {how_many(n_loses)}, is not yet told apart from it in {how_many(n_unclear)}, "
    f"and flags {lr['recall']:.0%} of the churners with {lowest_recall} (90% Wilson {lr['recall interval'][0]:.0%} "
    f"to {lr['recall interval'][1]:.0%}), a cohort picked after looking.\n"
    f"5. *On which split, and was anything tuned on the test data?* Section 1 and Exercise 2: one split, "
    f"{len(right):,} held-out customers; a threshold tried on those same customers flatters itself.\n"
    f"6. *Were the labels in when it was trained?* Section 2: training the simulated fraud model on every transaction as labelled that day, "
    f"rather than on the older ones only, changed month-{first} recall by {-delay_cost * 100:+.0f} points (90% Newcombe paired interval "
    f"{-delay_high * 100:+.0f} to {-delay_low * 100:+.0f}).\n"
    f"7. *Does it hold next month?* Section 1, *When?*: the simulated fraud model's recall changed {-drop:+.1f} "
    f"points from {span(before_months)} to {span(after_months)} (90% interval {-drop_high:+.1f} to "
    f"{-drop_low:+.1f}).\n"
    "8. *Which cases does its recall count?* Section 1, *When?*: here every simulated fraud is charged back in the "
    "end; a real business's chargebacks count only the fraud someone reports.")
