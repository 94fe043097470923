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
# **Time:** 40 minutes
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
TEST_SHARE = 0.3
story.md(f"Now a model. A public telecom churn table ({len(churn):,} customers; its datasheet warns the data are "
         f"old and partly synthetic) and a logistic regression trained on {1 - TEST_SHARE:.0%} of them, scored on "
         f"the other {TEST_SHARE:.0%}. "
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
baseline_place = "inside" if low <= baseline <= high else "outside"
only_model, only_baseline = gap_result.only_a, gap_result.only_b
width_ratio = (gap_high - gap_low) / (high - low)     # paired width over unpaired width
width_words = "much narrower" if width_ratio < 0.75 else "narrower" if width_ratio < 1 else "no narrower"
margin_words = ("a lower end so close to zero that another split could erase the gap" if 0 < gap_low < 0.005 else
                "clear of zero" if gap_low >= 0.005 or gap_high < 0 else "so it straddles zero: more customers, or "
                "fresh ones, would settle it")

band_low, band_high = (low - baseline) * 100, (high - baseline) * 100   # the model's own band, in points over the baseline
fig, ax = plots.figure(figsize=(10, 3.8))
bars = [("model's accuracy alone\n(90% bootstrap band,\nminus the baseline's score)", accuracy - baseline, band_low,
         band_high, plots.NEUTRAL),
        ("model minus \"nobody churns\"\non the same customers\n(90% Newcombe paired)", gap, gap_low * 100,
         gap_high * 100, plots.ACCENT)]
for ypos, (name, centre, lo_, hi_, colour) in zip((1, 0), bars):
    ax.errorbar(centre * 100, ypos, xerr=[[centre * 100 - lo_], [hi_ - centre * 100]], fmt="o", color=colour,
                lw=4, capsize=7)
    ax.annotate(f"{lo_:+.1f} to {hi_:+.1f}", (centre * 100, ypos), xytext=(0, 12), textcoords="offset points",
                ha="center", fontsize=10)
ax.axvline(0, color=plots.BAD, ls="--", lw=1.5, label=f'"nobody churns" ({baseline:.1%})')
ax.set_yticks([1, 0], [b[0] for b in bars])
ax.set_ylim(-0.6, 1.6)
ax.set_xlim(min(band_low, gap_low * 100, 0) - 0.5, max(band_high, gap_high * 100) + 0.5)
plots.finish(ax, title=f'The model {gap_words} "nobody churns" by {gap * 100:+.1f} points; on one scale, the paired '
                       f"interval\nis {width_words} than the model's own band ({width_ratio:.0%} of its width)",
             xlabel=f'accuracy above "nobody churns" on the {len(right):,} held-out customers (points)',
             ylabel="which interval",
             takeaway=f"only the {only_model + only_baseline} customers the two disagree on move the gap: the model "
                      f"is right for {only_model} the baseline gets wrong, and wrong for {only_baseline} it gets right")
ax.legend(loc="upper right", framealpha=0.95)
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
    f"{len(right):,}. The interval is a formula on those counts, so more resamples cannot move it; but it "
    "describes this one split of the customers into training and test, and another `SEED` gives another split, "
    f"another model and other counts. On accuracy, this model **{gap_words}** doing nothing at all; the 90% "
    f"interval of the gap runs from {gap_low * 100:+.1f} to {gap_high * 100:+.1f} points, {margin_words}. Accuracy is "
    "the wrong yardstick for a rare outcome; the value of a churn model is in *which* customers it flags, so "
    "the next notebooks measure it by recall and by money, always beside a baseline.")


def threshold_change(threshold):
    """Churn threshold ``threshold`` against CHURN_THRESHOLD on the same test customers: churners flagged, and the
    changes in recall and accuracy in points, each with its 90% Newcombe paired interval and its verdict."""
    flagged_at, flagged_now = churn_prob >= threshold, churn_prob >= CHURN_THRESHOLD
    r = experiments.paired_proportion_difference(flagged_at[churned], flagged_now[churned], confidence=0.90)
    a = experiments.paired_proportion_difference(flagged_at == churned, right, confidence=0.90)
    return {"current": CHURN_THRESHOLD, "customers": len(churned),
            "caught": (int(flagged_at[churned].sum()), int(flagged_now[churned].sum()), int(churned.sum())),
            "recall change": (r.difference * 100, r.low * 100, r.high * 100),
            "accuracy change": (a.difference * 100, a.low * 100, a.high * 100),
            "recall verdict": nb00.word_on_interval(r.low, r.high, nb00.RECALL_WORDS),
            "accuracy verdict": nb00.word_on_interval(a.low, a.high, nb00.ACCURACY_WORDS)}


q1, q2 = nb00.bind_accuracy(right=right, change_at=threshold_change, current=CHURN_THRESHOLD)

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
# `threshold_change(threshold)` re-scores the same test customers at another threshold, with paired intervals; trying thresholds on the test customers flatters the one you pick a little.

# %%
q2

# %% tags=["solution"]
q2_answer = ____
### BEGIN SOLUTION
for t in (0.2, 0.3, 0.4, 0.6):
    r = threshold_change(t)
    print(f"threshold {t}: {r['caught'][0]} of {r['caught'][2]} churners flagged (now {r['caught'][1]}); recall "
          + "{} points ({} to {}); ".format(*map(nb00.pts, r["recall change"]))
          + "accuracy {} points ({} to {}): ".format(*map(nb00.pts, r["accuracy change"]))
          + f"{r['recall verdict']}, {r['accuracy verdict']}")
r = threshold_change(0.3)
q2_answer = (0.3, r["recall verdict"], r["accuracy verdict"])
### END SOLUTION
q2.check(q2_answer)

# %% tags=["remove-cell"]
assert q2.check(q2_answer)
assert not q2.check((0.3, q2_answer[1], next(v for v in nb00.ACCURACY_WORDS if v != q2_answer[2])))
assert not q2.check((0.3, next(v for v in nb00.RECALL_WORDS if v != q2_answer[1]), q2_answer[2]))
assert q2.check(____).correct is None

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
        "all customers": np.ones(len(frame), dtype=bool),
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
    rows.append({"cohort": name, "customers": int(mask.sum()), "train churn rate": train_rate,
                 "churn rate": churners.mean(), "accuracy": hits.mean(),
                 "low (5%)": np.percentile(resampled, 5), "high (95%)": np.percentile(resampled, 95),
                 "trivial rule": "everyone churns" if train_rate > 0.5 else "nobody churns",
                 "trivial accuracy": trivial_right.mean(), "gap": g, "gap low": g_low, "gap high": g_high,
                 "verdict": verdict(g_low, g_high, ("beats", "loses to", "not yet")),
                 "settle": nb00.settle_size(int(mask.sum()), g, g_low, g_high),
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
    "cohort size that would settle a 'not yet' (if the gap held)": [f"about {n:,}" if v == "not yet" and n else "" for v, n
                                               in by_cohort[["verdict", "settle"]].to_numpy()],
    "churners flagged (90% Wilson)": [f"{r:.0%} of {n} ({lo:.0%} to {hi:.0%})" for r, n, (lo, hi)
                                      in by_cohort[["recall", "churners", "recall interval"]].to_numpy()],
    "stayers flagged (90% Wilson)": [f"{r:.1%} of {n} ({lo:.1%} to {hi:.1%})" for r, n, (lo, hi)
                                     in by_cohort[["false alarms", "stayers", "false-alarm interval"]].to_numpy()],
})

# %%
worst = by_cohort["accuracy"].idxmin()
counts = by_cohort["verdict"].value_counts()
n_beats, n_loses, n_unclear = (int(counts.get(v, 0)) for v in ("beats", "loses to", "not yet"))
n_rows = len(by_cohort)
expected_misses = 0.10 * n_rows                  # each 90% interval misses its true value 10% of the time
lowest_recall = by_cohort["recall"].idxmin()
most_alarms = by_cohort["false alarms"].idxmax()
story.record_table([
    ("accuracy_worst_cohort", float(by_cohort.loc[worst, "accuracy"]),
     f"Accuracy on the least accurate cohort ({worst})", "{:.1%}"),
    ("cohorts_beating_trivial_rule", [n_beats, n_loses, n_unclear],
     f"Cohort rows (of {n_rows}) where the model beats / loses to / is not yet told apart from its trivial rule",
     "{0[0]} / {0[1]} / {0[2]}"),
])


def how_many(n):
    return "none" if n == 0 else f"{n}"


lr, ma = by_cohort.loc[lowest_recall], by_cohort.loc[most_alarms]
flipped = [c for c in by_cohort.index if by_cohort.loc[c, "test majority differs"]]
flip_sentence = "".join(
    f" One row needs a second look: with **{c}**, {by_cohort.loc[c, 'train churn rate']:.1%} of the training "
    f"customers churned, so the trivial rule is \"{by_cohort.loc[c, 'trivial rule']}\", but "
    f"{by_cohort.loc[c, 'churn rate']:.1%} of the test customers churned; the rule scores "
    f"{by_cohort.loc[c, 'trivial accuracy']:.1%} there and the model {by_cohort.loc[c, 'accuracy']:.1%}, both "
    "near a coin toss on a cohort split almost evenly."
    for c in flipped[:1])
story.md(
    f"Against each cohort's own trivial rule, the model **beats it in {how_many(n_beats)} of {n_rows} rows, "
    f"loses to it in {how_many(n_loses)}, and is not yet told apart from it in {how_many(n_unclear)}** (each "
    "on its 90% Newcombe paired interval; a 'not yet' row is settled by more customers of that cohort: about as "
    f"many in all as its 'would settle' column says, if the gap held). With {n_rows} intervals at 90%, about {expected_misses:.1f} "
    "of them are expected to miss their true value by chance alone, so a single surprising row is weak evidence "
    f"on its own.{flip_sentence} "
    f"Who gets hurt: the model flags **{lr['recall']:.0%}** of the {lr['churners']} churners with "
    f"**{lowest_recall}** (90% Wilson interval {lr['recall interval'][0]:.0%} to {lr['recall interval'][1]:.0%}), "
    f"and wrongly flags **{ma['false alarms']:.1%}** of the {ma['stayers']} stayers with **{most_alarms}** "
    f"({ma['false-alarm interval'][0]:.1%} to {ma['false-alarm interval'][1]:.1%}). Those two cohorts were picked "
    "after looking at the table, and the data are a public, old and partly synthetic telecom table, so read "
    "them as a demonstration of the question to ask, not as facts about real customers.")

# %%
story.md(
    "**When?** Models meet a moving world. On the first day of month 3 of a *simulated* payments business, "
    "a team trains a fraud model on what it knows *that day*. A fraud is known only when its chargeback "
    f"arrives ({LABEL_DELAY_DAYS:g} days later on average, in this simulation), so the team leaves out the newest "
    f"transactions, keeping only those at least {MATURE_AFTER_DAYS} days old, whose chargebacks have had more time to "
    "arrive (not all of them: see below), each labelled as known that day. It then replays months 3 to 6 through the model; the simulation "
    f"plants a new fraud pattern in month {DRIFT_MONTH}. Each month the review team checks the same share of "
    f"transactions, {ALERT_RATE:.1%}, the ones the model scores highest: a fixed alert budget. Recall (the share "
    "of the frauds caught) is judged in hindsight, once every chargeback is in: a business can compute it "
    "months later, not on the day.")

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
            verdict(change_low, change_high, ("higher", "lower", "not yet")))


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
                       "ceiling": min(1.0, n_alerts(m) / len(caught)),
                       "share of achievable": caught.sum() / min(n_alerts(m), len(caught)),
                       "precision": caught.sum() / n_alerts(m),
                       "largest amounts": by_amount.mean(), "random review": ALERT_RATE})
monthly = pd.DataFrame(month_rows).set_index("month")
recall_after = pooled_recall(after_months, ALERT_RATE)[0]


def span(ms):
    return f"month {ms[0]}" if len(ms) == 1 else f"months {ms[0]}-{ms[-1]}"


def pooled_share(months_):
    """The alert budget's ceiling on recall (most frauds any model could catch, over all frauds) and the share of
    that most the model caught, pooled over months, with the share on each resample of the frauds."""
    caught = [caught_in(m, ALERT_RATE) for m in months_]
    room = sum(min(n_alerts(m), len(c)) for m, c in zip(months_, caught))
    n_frauds = sum(len(c) for c in caught)
    boot_caught = sum(c[fraud_rows[m]].sum(axis=1) for m, c in zip(months_, caught))
    return room / n_frauds, sum(c.sum() for c in caught) / room, boot_caught / room


before_pct, after_pct = round(recall_before * 100, 1), round(recall_after * 100, 1)
drop = round(before_pct - after_pct, 1)                 # from the rounded ends, so title, prose and record agree
change, change_low, change_high, _ = recall_change(ALERT_RATE)
drop_low, drop_high = -change_high, -change_low
drop_verdict = verdict(drop_low, drop_high, ("falls", "rises", "not yet"))
worst_month = int(monthly["recall"].idxmin())
# recall = ceiling x share of the ceiling caught. The change is split order-free (the average of the two orders
# of changing one factor at a time), so neither factor is credited first; the parts add up to the change.
ceiling_before, share_before, boot_share_before = pooled_share(before_months)
ceiling_after, share_after, boot_share_after = pooled_share(after_months)
mean_share, mean_ceiling = (share_before + share_after) / 2, (ceiling_before + ceiling_after) / 2
capacity_part = (ceiling_after - ceiling_before) * mean_share * 100      # more fraud than the alerts can hold
model_part = (share_after - share_before) * mean_ceiling * 100           # the share of the ceiling the model fills
# the resamples redraw which frauds the months hold, not how many, so the ceiling is fixed and only the shares move
boot_capacity = (ceiling_after - ceiling_before) * (boot_share_before + boot_share_after) / 2 * 100
boot_model = (boot_share_after - boot_share_before) * mean_ceiling * 100
capacity_low, capacity_high = (float(x) for x in np.percentile(boot_capacity, [5, 95]))
model_low, model_high = (float(x) for x in np.percentile(boot_model, [5, 95]))
model_verdict = verdict(model_low, model_high, ("rises", "falls", "not yet"))
share_change = (share_after - share_before) * 100
share_low, share_high = (float(x) for x in np.percentile((boot_share_after - boot_share_before) * 100, [5, 95]))
ceiling_title = f":\n{capacity_part:+.1f} from the alert budget, {model_part:+.1f} from the model (order-free split)"


def pooled_precision(months_):
    """Caught frauds over alerts, pooled over months: what the review team sees every day."""
    return sum(int(caught_in(m, ALERT_RATE).sum()) for m in months_), sum(n_alerts(m) for m in months_)


precision_before, precision_after = pooled_precision(before_months), pooled_precision(after_months)
precision_before_ci = metrics.wilson_interval(*precision_before, confidence=0.90)
precision_after_ci = metrics.wilson_interval(*precision_after, confidence=0.90)
binding_before = all(n_alerts(m) < len(caught_in(m, ALERT_RATE)) for m in before_months)
binding_after = all(n_alerts(m) < len(caught_in(m, ALERT_RATE)) for m in after_months)
share_meaning = {(False, True): "Mind what \"share of the ceiling\" means on each side: before, the alerts "
                                "outnumber the frauds, so it is plain recall; after, the frauds outnumber the "
                                "alerts, so it is the share of the alerts that are fraud (precision).",
                 (True, True): "The frauds outnumber the alerts on both sides, so the share of the ceiling is the "
                               "share of the alerts that are fraud (precision) on both.",
                 (False, False): "The alerts outnumber the frauds on both sides, so the share of the ceiling is "
                                 "plain recall on both."}.get((binding_before, binding_after),
                                                                "The ceiling binds in some months and not others.")
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
old_before_ci = metrics.wilson_interval(*old_before, confidence=0.90)
old_after_ci = metrics.wilson_interval(*old_after, confidence=0.90)
new_after_ci = metrics.wilson_interval(*new_after, confidence=0.90)
mix_sentence = {
    "falls": "So the business sees two things at once: more fraud arriving than the alerts can hold, and a model "
             "whose alerts fill less of that ceiling. What would fix each is a test, not a guess: more reviews are "
             "priced in Exercise 3; retraining is tested against the drop it targets in notebook 04.",
    "rises": "So the drop is more fraud arriving than the alerts can hold, not a worse model: more reviews "
             "(priced in Exercise 3) target it.",
    "not yet": "So at least part of the drop is more fraud arriving than the alerts can hold; whether the model "
               "also fills less of its ceiling is not yet settled: more months of frauds would settle it.",
}[model_verdict]
amount_before = float(np.concatenate([models.flag_top(amounts[m], n_alerts(m))[frauds[m]] for m in before_months]).mean())
amount_after = float(np.concatenate([models.flag_top(amounts[m], n_alerts(m))[frauds[m]] for m in after_months]).mean())

# %%
fig, (ax_n, ax_r) = plots.figure(1, 2, figsize=(13.5, 5.0))
x = np.array(months)
ax_n.bar(x - 0.2, monthly["frauds"], width=0.4, color=plots.BAD, alpha=0.75, label="frauds (simulated)")
ax_n.bar(x + 0.2, monthly["caught"], width=0.4, color=plots.NEUTRAL, label="caught by the model")
ax_n.hlines(monthly["alerts"], x - 0.42, x + 0.42, color="black", lw=2.5, label="alerts the team can review")
ax_n.axvline(DRIFT_MONTH - 0.5, color="grey", ls="--", label="new pattern planted (simulated)")
ax_n.set_xticks(x)
ax_n.set_ylim(0, monthly["frauds"].max() * 1.5)         # headroom so the legend sits above the bars
over = monthly["frauds"] > monthly["alerts"]
over_words = ("no month has more frauds than alerts" if not over.any() else
              f"more frauds than alerts in {span([int(m) for m in monthly.index[over]])}")
plots.finish(ax_n, title=f"Frauds per month: {monthly['frauds'].iloc[0]} in month {months[0]}, up to "
                         f"{monthly['frauds'].max()};\n{over_words};\ncaught: "
                         f"{monthly['caught'].min()} to {monthly['caught'].max()} a month",
             xlabel="month of the simulated payments stream", ylabel="transactions per month (count)")
ax_r.errorbar(x, monthly["recall"] * 100,
              yerr=[(monthly["recall"] - monthly["low (5%)"]) * 100, (monthly["high (95%)"] - monthly["recall"]) * 100],
              fmt="o-", color=plots.NEUTRAL, lw=2, capsize=4, label="model (90% bootstrap interval)")
ax_r.plot(x, monthly["ceiling"] * 100, "k^--", label="ceiling: alerts / frauds (a perfect model)")
ax_r.plot(x, monthly["largest amounts"] * 100, "s:", color=plots.ACCENT, label="rule: largest amounts first")
ax_r.plot(x, monthly["random review"] * 100, "x:", color=plots.BAD, label=f"random review ({ALERT_RATE:.1%})")
ax_r.axvline(DRIFT_MONTH - 0.5, color="grey", ls="--")
ax_r.hlines([recall_before * 100, recall_after * 100], [before_months[0] - 0.3, after_months[0] - 0.3],
            [before_months[-1] + 0.3, after_months[-1] + 0.3], color=plots.ACCENT, lw=3, alpha=0.6,
            label=f"pooled recall: {before_pct:.1f}% before, {after_pct:.1f}% after")
ax_r.set_xticks(x)
ax_r.set_ylim(0, 135)                                     # headroom so the legend sits above the lines
ax_r.set_yticks(range(0, 101, 20))
title = {"falls": f"Recall falls {drop:.1f} points (90% interval {drop_low:.1f} to {drop_high:.1f})",
         "rises": f"Recall rises {-drop:.1f} points (90% interval {-drop_high:.1f} to {-drop_low:.1f})",
         "not yet": f"Recall before ({before_pct:.1f}%) and after ({after_pct:.1f}%)\n"
                    "not yet told apart"}[drop_verdict]
plots.finish(ax_r, title=title + ceiling_title,
             xlabel="month of the simulated payments stream",
             ylabel=f"frauds caught at a {ALERT_RATE:.1%} alert rate (%)",
             takeaway=f"split of the drop, 90% bootstrap intervals: alert budget {capacity_low:+.1f} to "
                      f"{capacity_high:+.1f}, model {model_low:+.1f} to {model_high:+.1f} points. The dashed line marks "
                      "the month the simulation planted the new pattern (a real team would not know it); the triangles "
                      "are the most any model could catch with that many alerts")
plt.show()

# %% tags=["nbval-check-output"]
pct = lambda v: f"{v:.1%}"  # noqa: E731
pd.DataFrame({
    "transactions": monthly["transactions"],
    "alerts": monthly["alerts"],
    "frauds (simulated)": monthly["frauds"],
    "caught": monthly["caught"],
    "recall (90% bootstrap)": [f"{r:.1%} ({lo:.1%} to {hi:.1%})" for r, lo, hi
                               in monthly[["recall", "low (5%)", "high (95%)"]].to_numpy()],
    "ceiling: alerts / frauds": monthly["ceiling"].map(pct),
    "share of the ceiling caught": monthly["share of achievable"].map(pct),
    "precision: alerts that are fraud": monthly["precision"].map(pct),
    "rule: largest amounts": monthly["largest amounts"].map(pct),
    "random review": monthly["random review"].map(pct),
})

# %%
story.record_table([
    ("recall_drop_after_drift", drop, f"Recall lost after the simulated fraud pattern changed ({span(before_months)} "
     f"against {span(after_months)} pooled)", "{:.1f} points"),
    ("recall_drop_interval", [float(drop_low), float(drop_high)], "Recall lost (simulated), 90% bootstrap interval",
     "{0[0]:.1f} to {0[1]:.1f} points"),
    ("recall_drop_from_capacity", [-capacity_part, -capacity_high, -capacity_low], "Of which: the alert budget's "
     "ceiling (more simulated fraud than alerts; order-free split, 90% bootstrap interval)",
     "{0[0]:.1f} points ({0[1]:.1f} to {0[2]:.1f})"),
    ("recall_drop_from_model", [-model_part, -model_high, -model_low], "Of which: the share of the ceiling the "
     "model fills (simulated; order-free split, 90% bootstrap interval)", "{0[0]:.1f} points ({0[1]:.1f} to {0[2]:.1f})"),
    ("precision_before_after", [precision_before[0] / precision_before[1], precision_after[0] / precision_after[1]],
     "Share of the alerts that are fraud, before and after the change (simulated)", "{0[0]:.1%} and {0[1]:.1%}"),
    ("recall_new_pattern_after", new_after[0] / new_after[1], "Recall on the frauds of the planted new pattern, "
     "after the change (simulator truth, not visible to a business)", "{:.0%}"),
])
story.md(
    "**What the business sees**, in hindsight once the chargebacks are in: recall is "
    f"**{before_pct:.1f}%** of {int(monthly.loc[before_months, 'frauds'].sum())} simulated frauds in "
    f"{span(before_months)}, before the new pattern, and **{after_pct:.1f}%** of "
    f"{int(monthly.loc[after_months, 'frauds'].sum())} pooled over {span(after_months)}: a change of "
    f"**{-drop:+.1f} points** (90% bootstrap interval {-drop_high:+.1f} to {-drop_low:+.1f}). The counts: the "
    f"model catches {', '.join(str(c) for c in monthly['caught'])} frauds in months "
    f"{', '.join(str(m) for m in months)}, of {', '.join(str(f) for f in monthly['frauds'])} simulated frauds, "
    f"with about {int(monthly['alerts'].mean()):,} alerts a month. What the review team sees every day, the share "
    f"of its alerts that are fraud (precision), is **{precision_before[0] / precision_before[1]:.1%}** before "
    f"(90% Wilson interval {precision_before_ci[0]:.1%} to {precision_before_ci[1]:.1%}) and "
    f"**{precision_after[0] / precision_after[1]:.1%}** after ({precision_after_ci[0]:.1%} to "
    f"{precision_after_ci[1]:.1%}): on these counts the alerts are no worse at hitting fraud; what grew is the "
    "fraud that raised no alert. "
    f"For scale, reviewing the largest amounts with the same budget catches {amount_before:.0%} before and "
    f"{amount_after:.0%} after, and random review {ALERT_RATE:.1%}. The comparison was fixed before looking: the "
    f"months before the pattern against all the months after it; the lowest month, month {worst_month} at "
    f"{monthly.loc[worst_month, 'recall']:.1%}, was picked after looking, so it is not quoted as the drop.")
story.md(
    f"**Splitting the drop.** With that many alerts even a perfect model could catch at most **{ceiling_after:.0%}** "
    f"of the frauds after the change (against {ceiling_before:.0%} before): that is the ceiling. Recall is the "
    "ceiling times the share of it the model fills. Credit one factor first and the other gets the rest, and the "
    "answer depends on which goes first, so the split below averages the two orders: "
    f"**{capacity_part:+.1f} points** from more fraud than the alerts can hold (90% bootstrap interval "
    f"{capacity_low:+.1f} to {capacity_high:+.1f}) and **{model_part:+.1f} points** from the share of the ceiling "
    f"the model fills ({model_low:+.1f} to {model_high:+.1f}); the two add up to the change. The model fills "
    f"{share_before:.0%} of its ceiling before and {share_after:.0%} after. {share_meaning} {mix_sentence}")
story.md(
    "**What only the simulator knows.** Because the data are simulated, we know which frauds belong to the new "
    f"pattern: after the change the model catches **{new_after[0]} of {new_after[1]}** of them "
    f"({new_after[0] / new_after[1]:.0%}, 90% Wilson interval {new_after_ci[0]:.0%} to {new_after_ci[1]:.0%}), and "
    f"{old_after[0] / old_after[1]:.0%} of the {old_after[1]} other frauds ({old_after_ci[0]:.0%} to "
    f"{old_after_ci[1]:.0%}), against {old_before[0] / old_before[1]:.0%} of the {old_before[1]} frauds outside "
    f"that pattern before ({old_before_ci[0]:.0%} to {old_before_ci[1]:.0%}). A real team would not have this "
    "split handed to it; it would find the pattern by reading the chargebacks of the frauds it missed. The model "
    f"was trained on {int(mature.sum()):,} simulated transactions at least {MATURE_AFTER_DAYS} days old, labelled "
    f"as known on the first day of month 3, when only {mature_share:.0%} of their fraud had a chargeback: even "
    f"the careful team's model learned the other {1 - mature_share:.0%} as legitimate.")

# %% [markdown]
# So the questions every AI feature must answer, for the churn model (and, for "next month", the
# fraud model):

# %%
story.md(
    "| question | answer from this run |\n|---|---|\n"
    f"| How often is it right? | {accuracy:.1%} of held-out customers; \"nobody churns\" scores {baseline:.1%} |\n"
    f"| For whom? | beats its cohort's trivial rule in {how_many(n_beats)} of {n_rows} rows, loses in "
    f"{how_many(n_loses)}, not yet told apart in {how_many(n_unclear)}; flags {lr['recall']:.0%} of the churners with "
    f"{lowest_recall} (90% Wilson {lr['recall interval'][0]:.0%} to {lr['recall interval'][1]:.0%}) |\n"
    f"| With what confidence? | 90% bootstrap interval {low:.1%} to {high:.1%}; gap over the baseline "
    f"{gap_low * 100:+.1f} to {gap_high * 100:+.1f} points (90% Newcombe paired) |\n"
    f"| And next month? | the simulated fraud model's recall changed {-drop:+.1f} points (90% interval "
    f"{-drop_high:+.1f} to {-drop_low:+.1f}) once the data moved, {capacity_part:+.1f} of them "
    f"({capacity_low:+.1f} to {capacity_high:+.1f}) from more fraud than alerts |")


def alert_value(rate):
    """Alert rate ``rate`` against ALERT_RATE over the months after the drift, per month: extra frauds caught, extra
    simulated fraud dollars stopped (a caught fraud is assumed to stop its amount) and extra review cost
    (REVIEW_MINUTES an alert at ANALYST_COST_PER_HOUR), the net with its 90% bootstrap interval (the same resamples
    of each month's frauds), its verdict, and recall after the drift at ``rate`` against recall before it."""
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
            "verdict": verdict(net_low, net_high, nb00.VALUE_VERDICTS),
            "recall change": recall_change(rate)[:3]}


(q3,) = nb00.bind_drift(alert_value=alert_value, alert_rate=ALERT_RATE)

# %% [markdown]
# ### Exercise 3 · Buy more reviews after the drift?
#
# `alert_value(rate)` replays the months after the drift at another alert rate, on the same resamples of the
# frauds, and prices the difference: the simulated fraud amounts the extra alerts stop, against the extra analyst
# hours at the assumed `REVIEW_MINUTES` and `ANALYST_COST_PER_HOUR`.

# %%
q3

# %% tags=["solution"]
q3_answer = ____
### BEGIN SOLUTION
for times in (2, 4, 8):
    v = alert_value(times * ALERT_RATE)
    print(f"alert rate {times * ALERT_RATE:.1%}: {v['extra caught']:+.0f} frauds a month, "
          f"stops {v['stopped'][0]:+,.0f} dollars, reviews cost {v['review cost']:,.0f}: net "
          "{:+,.0f} ({:+,.0f} to {:+,.0f}) dollars a month, ".format(*v["net"]) + v["verdict"])
q3_answer = (2 * ALERT_RATE, alert_value(2 * ALERT_RATE)["verdict"])
### END SOLUTION
q3.check(q3_answer)

# %% tags=["remove-cell"]
assert q3.check(q3_answer)
assert not q3.check((2 * ALERT_RATE, next(v for v in nb00.VALUE_VERDICTS if v != q3_answer[1])))
assert q3.check(____).correct is None

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
# with the same paired interval:

# %%
boosted = models.fit_tabular_classifier(churn_train[features], churn_train["churn"], kind="boosting", seed=SEED)
boosted_right = (boosted.predict_proba(churn_test[features])[:, 1] >= CHURN_THRESHOLD) == churned
boosted_accuracy = float(boosted_right.mean())
model_gap, model_gap_low, model_gap_high = paired_gap(boosted_right, right)
boosted_flags = (boosted.predict_proba(churn_test[features])[:, 1] >= CHURN_THRESHOLD)[churned]
logistic_flags = (churn_prob >= CHURN_THRESHOLD)[churned]
recall_gap, recall_gap_low, recall_gap_high = paired_gap(boosted_flags, logistic_flags)
boosted_over_baseline, boosted_base_low, boosted_base_high = paired_gap(boosted_right, baseline_right)

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
    "what we changed": ["logistic -> boosting (churn)", "(the same change, on the churners)",
                        "older transactions only -> everything, as labelled that day",
                        "(the same change, its effect on the product)"],
    "measured as": [f'accuracy ("nobody churns": {baseline:.1%})', f"churners flagged (recall, of {int(churned.sum())})",
                    "share of the simulated training fraud labelled", f"month-{first} recall (simulated)"],
    "before": [f"{accuracy:.1%}", f"{logistic_flags.mean():.1%}", f"{mature_share:.1%}", f"{recall_mature:.1%}"],
    "after": [f"{boosted_accuracy:.1%}", f"{boosted_flags.mean():.1%}", f"{hasty_share:.1%}", f"{recall_hasty:.1%}"],
    "change, points (90% interval)": [
        f"{model_gap * 100:+.1f} ({model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f})",
        f"{recall_gap * 100:+.1f} ({recall_gap_low * 100:+.1f} to {recall_gap_high * 100:+.1f})",
        f"{(hasty_share - mature_share) * 100:+.1f} (a count of the training data: no sampling error)",
        f"{-delay_cost * 100:+.1f} ({-delay_high * 100:+.1f} to {-delay_low * 100:+.1f})"],
}).set_index("change")

# %%
story.record_table([
    ("label_delay_recall_cost", delay_cost * 100,
     "Recall lost by training on everything before the chargebacks arrive (simulated)", "{:.0f} points"),
    ("label_delay_cost_interval", [delay_low * 100, delay_high * 100],
     "Recall lost to label delay, 90% Newcombe paired interval", "{0[0]:.0f} to {0[1]:.0f} points"),
    ("boosting_gain_interval", [model_gap * 100, model_gap_low * 100, model_gap_high * 100],
     "Boosted minus logistic accuracy (90% Newcombe paired interval)", "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
    ("boosting_recall_gain", [recall_gap * 100, recall_gap_low * 100, recall_gap_high * 100],
     "Boosted minus logistic: churners flagged (90% Newcombe paired interval)",
     "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
])
delay_word = verdict(delay_low, delay_high, ("costs recall", "gains recall", "cannot yet be told apart from "
                                             "training on the older transactions only"))
story.md(
    f"Switching model family moved churn accuracy from **{accuracy:.1%}** to **{boosted_accuracy:.1%}** on the "
    f"same customers without touching the data: **{model_gap * 100:+.1f} points** (90% Newcombe paired interval "
    f"{model_gap_low * 100:+.1f} to {model_gap_high * 100:+.1f}), from one training run on one split. Accuracy is the "
    f"wrong yardstick here, so the second row counts churners: the boosted model flags {boosted_flags.mean():.0%} of "
    f"them against {logistic_flags.mean():.0%}, **{recall_gap * 100:+.1f} points** ({recall_gap_low * 100:+.1f} to "
    f"{recall_gap_high * 100:+.1f}), and it beats \"nobody churns\" by {boosted_over_baseline * 100:+.1f} points of "
    f"accuracy ({boosted_base_low * 100:+.1f} to {boosted_base_high * 100:+.1f}). Why does this notebook keep the "
    "weaker logistic model? It is the example, not the recommendation: a model barely above its baseline and blind "
    "in some cohorts is exactly what the questions of section 1 are for, and one split is not a model choice "
    "(notebook 01 chooses models on money, on data the choice did not see). Training on "
    f"everything on the first day of month 3 means only **{hasty_share:.0%}** of the training fraud is labelled "
    f"(against {mature_share:.0%} of the fraud in the older transactions); the model learns that the rest was "
    f"legitimate, and its month-{first} recall is **{recall_hasty:.0%}** instead of **{recall_mature:.0%}** of "
    f"{len(caught_mature)} simulated frauds: **{-delay_cost * 100:+.0f} points** (90% Newcombe paired interval "
    f"{-delay_high * 100:+.0f} to {-delay_low * 100:+.0f}). On this run, training on everything at once "
    f"**{delay_word}**. Both choices were open to the business on the same day, with the same code and the same "
    "kind of model: different data, different product. (The fraud data are simulated; the churn data are "
    "public, old and partly synthetic.)")

# %% [markdown]
# ## 3. Two kinds of learning, and the path to live predictions
#
# The churn model above is **supervised**: it learned from customers whose outcome was already
# recorded, the `churn` column, and it predicts that outcome for customers whose outcome is not yet known.
# No label, no supervised model. **Unsupervised** learning gets no outcome at all: it finds structure
# in the inputs, such as groups of customers who use the service alike. A product question decides
# which kind it needs, and so whether the team must wait for labels. Below, on the same customers: a
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
    count = lambda seg, outcome: {s: (int(outcome[seg == s].sum()), int((seg == s).sum()))  # noqa: E731
                                  for s in range(1, n_segments + 1)}
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
random_low, random_high = (int(x) for x in random_draw.ppf([0.05, 0.95]))
reach_gap, reach_low, reach_high = paired_gap(by_model[churned], by_segment[churned])
reach_verdict = verdict(reach_low, reach_high, ("reaches more churners than", "reaches fewer churners than",
                                                "is not yet told apart from"))
stay_share = 1 - reach_segment / n_offers
top_verdict = segments.loc[top_segment, "verdict"]
top_settle = nb00.customers_to_settle(*segment_counts[top_segment], offer_line)
top_settle_words = (f"; about {top_settle:,} of its customers in all (now {n_offers}) would settle it if "
                    "its rate held" if top_verdict == "not yet" and top_settle else "")

fig, (ax_s, ax_m) = plots.figure(1, 2, figsize=(15, 6.0), gridspec_kw={"width_ratios": [1.3, 1]})
y = np.arange(len(segments))[::-1]
ax_s.errorbar(segments["churn rate"] * 100, y, xerr=[(segments["churn rate"] - segments["low"]) * 100,
              (segments["high"] - segments["churn rate"]) * 100], fmt="o", color=plots.NEUTRAL, lw=2.5, capsize=5,
              label="held-out churn rate (90% Wilson)")
ax_s.plot(segments["train rate"] * 100, y, "D", color=plots.ACCENT, mfc="none", ms=8,
          label="training churn rate (used to choose)")
ax_s.axvline(train_rate * 100, color="grey", ls=":", lw=1.5, label=f"all training customers ({train_rate:.1%})")
ax_s.axvline(offer_line * 100, color=plots.BAD, ls="--", lw=2, label=f"offer line ({offer_line:.1%})")
ax_s.set_yticks(y, [f"segment {s}{' (chosen)' if s == top_segment else ''}: {d}\n{n} customers" for s, d, n
                    in segments[["what sets it apart", "customers"]].itertuples()])
ax_s.set_xlim(0, max(segments["high"].max(), segments["train rate"].max(), offer_line) * 100 * 1.15)
ax_s.set_ylim(-0.6, len(segments) - 0.4 + 1.2)                # headroom so the legend sits above the points
plots.finish(ax_s, title=f"Held-out churn rate by usage segment: {segments['churn rate'].min():.0%} to "
                         f"{segments['churn rate'].max():.0%};\nsegment {top_segment}, chosen on training rates, is "
                         f"'{top_verdict}' against the offer line",
             xlabel="churn rate among the segment's customers (%)",
             ylabel="usage segment (k-means, no labels;\ncentre in sd from the mean)")
ax_s.legend(loc="upper right", framealpha=0.95, fontsize=9)
heights = [reach_random, reach_segment, reach_model]
ax_m.bar([0, 1, 2], heights, color=["lightgrey", plots.ACCENT, plots.NEUTRAL], width=0.6)
ax_m.errorbar([0], [reach_random], yerr=[[reach_random - random_low], [random_high - reach_random]], fmt="none",
              color="black", capsize=5, label="random: 90% range of a draw")
ax_m.errorbar([2], [reach_model], yerr=[[reach_model - (reach_segment + reach_low * n_churners)],
                                        [reach_segment + reach_high * n_churners - reach_model]],
              fmt="none", color=plots.BAD, lw=2, capsize=5, label="model: segment + 90% paired gap")
for xpos, n in enumerate(heights):
    ax_m.text(xpos + 0.32, n, f"{n:.0f}", ha="left", va="center")
ax_m.set_xticks([0, 1, 2], ["random\ncustomers", f"all of\nsegment {top_segment}", "model's highest\nprobabilities"])
ax_m.set_xlim(-0.5, 2.8)
ax_m.set_ylim(0, max(heights + [reach_segment + reach_high * n_churners]) * 1.35)
ax_m.legend(loc="upper left", framealpha=0.95, fontsize=9)
plots.finish(ax_m, title=f"The same {n_offers} offers reach {reach_model} churners\nby the model, "
                         f"{reach_segment} by segment {top_segment},\nabout {reach_random:.0f} at random",
             xlabel="who gets the offers", ylabel="held-out churners who get an offer (count)",
             takeaway=f"the model {reach_verdict} segment {top_segment}: {reach_gap * 100:+.1f} points of the "
                      f"{n_churners} held-out churners (90% Newcombe paired interval {reach_low * 100:+.1f} "
                      f"to {reach_high * 100:+.1f})")
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
story.record_table([
    ("segment_top_churn_rate", [float(segments.loc[top_segment, c]) for c in ("churn rate", "low", "high")],
     f"Held-out churn rate of the usage segment (of {N_SEGMENTS}, found without labels) with the highest training "
     "churn rate (90% Wilson)", "{0[0]:.1%} ({0[1]:.1%} to {0[2]:.1%})"),
    ("segment_vs_model_churners_reached", [reach_gap * 100, reach_low * 100, reach_high * 100],
     f"Model minus segment: churners reached with the same {n_offers} offers (90% Newcombe paired)",
     "{0[0]:+.1f} points ({0[1]:+.1f} to {0[2]:+.1f})"),
])
story.md(
    f"k-means found {N_SEGMENTS} groups without ever reading the churn column. Only afterwards, with the labels, "
    f"can we say what they mean for churn: on the training customers the rates run from "
    f"{segments['train rate'].min():.1%} to {segments['train rate'].max():.1%}, against {train_rate:.1%} overall. "
    f"Segment {top_segment}, set apart by {segments.loc[top_segment, 'what sets it apart']}, churns most there, so "
    f"it is the one the team would fund. On the held-out customers, {segment_counts[top_segment][0]} of its "
    f"{n_offers} churned, {segments.loc[top_segment, 'churn rate']:.1%} (90% Wilson interval "
    f"{segments.loc[top_segment, 'low']:.1%} to {segments.loc[top_segment, 'high']:.1%}) against the offer line of "
    f"{offer_line:.1%}: **{top_verdict}**{top_settle_words}. What a segment **cannot** answer is *who* will "
    f"cancel: an offer to all of segment {top_segment} also goes to the {stay_share:.0%} of it who stayed. With the "
    f"same {n_offers} offers, random customers would reach about {reach_random:.0f} churners (90% range "
    f"{random_low} to {random_high}), the segment reaches {reach_segment} and the supervised model's highest "
    f"probabilities {reach_model} of the {n_churners} held-out churners: the model **{reach_verdict}** the "
    f"segment, a gap of {reach_gap * 100:+.1f} points of the churners (90% Newcombe paired interval "
    f"{reach_low * 100:+.1f} to {reach_high * 100:+.1f}). What the model cannot do is start without labels: each "
    "one exists only after the customer has had time to cancel or stay. (The table does not even say over what "
    "period its `churn` column was counted: a question notebook 01 asks of every target.)")

# %%
q4, q5 = nb00.bind_learning(segments_at=lambda k: segments_at(k)[:2], n_segments=N_SEGMENTS, line=offer_line,
                            label_delay_days=LABEL_DELAY_DAYS)

# %% [markdown]
# ### Exercise 4 · Could a segment carry the retention offer?
#
# `segments_at(k)` re-fits k-means with `k` segments, still without labels, and returns the churners and customers
# of each segment among the training customers and among the held-out customers, and the fitted model.

# %%
q4

# %% tags=["solution"]
q4_answer = ____
### BEGIN SOLUTION
for k in range(2, 9):
    train_k, held_k, _ = segments_at(k)
    s = max(train_k, key=lambda seg: train_k[seg][0] / train_k[seg][1])    # chosen on the training customers
    rate, lo, hi, word = nb00.segment_verdict(*held_k[s], offer_line)      # judged once, on the held-out ones
    print(f"k = {k}: segment {s}, training {train_k[s][0] / train_k[s][1]:.1%}; held out {held_k[s][0]}/"
          f"{held_k[s][1]} = {rate:.1%} (90% Wilson {lo:.1%} to {hi:.1%}) against {offer_line:.1%}: {word}")
train_k, held_k, _ = segments_at(N_SEGMENTS)                             # k fixed in advance: the notebook's own
s = max(train_k, key=lambda seg: train_k[seg][0] / train_k[seg][1])
q4_answer = (N_SEGMENTS, s, nb00.segment_verdict(*held_k[s], offer_line)[3])
### END SOLUTION
q4.check(q4_answer)

# %% tags=["remove-cell"]
assert q4.check(q4_answer)
assert not q4.check((q4_answer[0], q4_answer[1], next(v for v in nb00.SEGMENT_VERDICTS if v != q4_answer[2])))
assert not q4.check((q4_answer[0], next(s for s in segment_counts if s != q4_answer[1]), q4_answer[2]))
assert q4.check(____).correct is None

# %% [markdown]
# ### Exercise 5 · Which kind of learning, and how long for the labels?

# %%
q5

# %% tags=["solution"]
q5_answer = ____
### BEGIN SOLUTION
q5_answer = {"a": ("supervised", 30), "b": ("unsupervised", 0), "c": ("supervised", 2 * LABEL_DELAY_DAYS),
             "d": ("rule", 0), "e": ("unsupervised", 0)}
### END SOLUTION
q5.check(q5_answer)

# %% tags=["remove-cell"]
assert q5.check(q5_answer)
assert q5.check({**q5_answer, "b": ("rule", 0)})                  # a hand-made grouping is defensible
assert not q5.check({**q5_answer, "a": ("supervised", 0)})        # a churn label needs the horizon to pass
assert not q5.check({**q5_answer, "e": ("supervised", 30)})       # nobody has labelled the new pattern
assert q5.check(____).correct is None

# %% [markdown]
# **The path from training to live predictions.** Every supervised model in the course travels the
# same path, and the loop closes only when the labels come back. Each step below names the object
# that plays it in this notebook and the later notebook where a problem arises there. A segmentation
# walks only the first steps: data, features, a fitted k-means, segments; it needs no label back,
# and so has no outcome to be checked against.

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
    ("5. serving", f"churn_model.predict_proba(...): {len(churn_prob):,} churn probabilities",
     "serving features differ from training ones (skew again); latency", "03"),
    ("6. logged predictions", "none: the scores above live only in memory",
     "without a prediction log, nothing can be compared with the labels when they arrive", "03"),
    ("7. labels back", f"churn_test['churn']: {int(churned.sum())} churners, known only once the churn period has passed (the "
     "table does not say how long it was); "
     f"chargebacks {LABEL_DELAY_DAYS:g} days after the payment on average (simulated)",
     "the loop closes late (label delay), only on caught cases, and shows the drift that calls for retraining",
     "01, 02, 04"),
], columns=["step", "in this notebook", "where a problem arises", "notebook"]).set_index("step")


# %% [markdown]
# ## 4. The six jobs of an AI product manager
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
(q6,) = nb00.bind_jobs(accuracy=accuracy, interval=(low, high), baseline=baseline,
                       gap_interval=(gap_low * 100, gap_high * 100), weak_cohort=lowest_recall,
                       weak_recall=float(lr["recall"]), other_accuracy=boosted_accuracy)

# %% [markdown]
# ### Exercise 6 · What goes into the contract?

# %%
q6

# %% tags=["solution"]
q6_answer = ____
### BEGIN SOLUTION
q6_answer = "c"
### END SOLUTION
q6.check(q6_answer)

# %% tags=["remove-cell"]
assert q6.check(q6_answer)
assert not q6.check("a") and not q6.check("b") and not q6.check("d")
assert q6.check(____).correct is None

# %% [markdown]
# ## 5. How to use the kit
#
# **Exercises.** Each exercise is an object (`q1`, `q2`, ...) bound to this notebook's own data,
# so the expected answer is computed from your run, never typed in. Replace `____` with your
# answer and run the cell; `check()` says right or wrong and why. An unanswered `____` prints a
# nudge instead of an error, so the notebook always runs top to bottom. Stuck? Ask for a hint
# (later hints give more away), or the worked solution. Each is one line in a new cell, run only
# when you want it: `q1.hint()`, then `q1.hint(2)`, then `q1.solution()`.

# %% [markdown]
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
# - Code is one ingredient; model choice, data quality and feedback loops each change what the same
#   code delivers, and a fixed review budget can cap what any model catches.
# - Decide on the interval: "beats", "catches fewer" or "not yet", and for "not yet" say what would
#   settle it. When a drop splits into causes, split it in a way that does not depend on the order, and
#   keep what the business can see apart from what only a simulator knows.
# - Supervised learning needs labels, and waits for them; unsupervised learning finds groups without
#   labels but cannot say which customer will act. A supervised model's path runs from data to logged
#   predictions, and closes only when the labels come back.
