# %% [markdown]
# # 99 · Write-up demo: rules or a model?
#
# A small notebook the kit's own tests use to exercise `aipm writeup`, `aipm student-copy` and the
# course site. It is not part of the course.
#
# **You will be able to** see which facts a write-up needs. **Time:** 5 minutes.
# **PM job:** technical-to-business translation.

# %% tags=["parameters"]
SEED = 42
FAST = False
N_TRANSACTIONS = 20_000
RECORD_ETHICS = True

# %%
import numpy as np
import matplotlib.pyplot as plt
from aipm_kit import story, gates, plots
from aipm_kit.exercises import ____, numeric

rng = np.random.default_rng(SEED)
n = 4_000 if FAST else int(N_TRANSACTIONS)
amount = rng.lognormal(6, 1.2, n)
new_account = rng.random(n) < 0.2
risk = 0.01 + 0.04 * new_account + 0.06 * (amount > np.quantile(amount, 0.9)) + rng.normal(0, 0.01, n)
is_fraud = rng.random(n) < np.clip(risk, 0.001, 0.5)
score = risk + rng.normal(0, 0.02, n)
rule = (amount > np.quantile(amount, 0.75)) & new_account
model = score > np.quantile(score, 1 - rule.mean())
story.md(f"The sample holds **{n:,}** transactions, **{is_fraud.sum():,}** of them fraud.")

# %%
rule_recall = float(rule[is_fraud].mean())
model_recall = float(model[is_fraud].mean())
story.record("rule_recall", rule_recall, label="Rule recall", fmt="{:.1%}")
story.record("model_recall", model_recall, label="Model recall", fmt="{:.1%}")
false_alarms_per_day = float((model & ~is_fraud).sum() / 30)
story.record("false_alarms_per_day", false_alarms_per_day, label="Model false alarms per day", fmt="{:.1f}")

# %% [markdown]
# **Exercise 1.** How many more fraud cases in every 100 does the model catch than the rule?

# %%
q1 = numeric("Exercise 1", "Recall gain, in cases per 100 fraud cases.",
             lambda: 100 * (model_recall - rule_recall), hints=["Subtract the recalls.", "Then multiply by 100."],
             solution="`100 * (model_recall - rule_recall)`", atol=0.05,
             wrong_answers=[(lambda: model_recall - rule_recall, "Scale it to cases per 100.")])

# %% tags=["solution"]
q1_answer = ____
### BEGIN SOLUTION
q1_answer = 100 * (model_recall - rule_recall)
### END SOLUTION
q1.check(q1_answer)

# %% tags=["remove-cell"]
assert q1.check(q1_answer)
assert not q1.check(q1_answer + 5)
assert q1.check(____).correct is None

# %%
fig, ax = plots.figure()
ax.bar(["rule (before)", "model (after)"], [100 * rule_recall, 100 * model_recall],
       color=[plots.NEUTRAL, plots.GOOD])
plots.finish(ax, title=f"The model catches {100 * model_recall:.0f} of every 100 frauds, the rule {100 * rule_recall:.0f}",
             xlabel="Screening approach", ylabel="Fraud caught (%)", takeaway="Same alert volume, more fraud caught.")
story.record_figure("before_after", fig, caption=f"Fraud caught: rule {rule_recall:.1%}, model {model_recall:.1%}.")
plt.close(fig)

# %%
hours_saved = 0.25 * false_alarms_per_day * 7 * (rule_recall < model_recall)
latency_ms = 40 + 10 * (SEED % 5)
story.record("writeup_title", "Fraud screening: rules or a model?")
story.record("writeup_business_risk",
             f"Fraud is {is_fraud.mean():.2%} of transactions; each missed case costs the full amount.")
story.record("writeup_decision",
             f"{'Ship the model' if model_recall > rule_recall else 'Keep the rule'}: it catches "
             f"{model_recall:.1%} of fraud against the rule's {rule_recall:.1%} at the same alert volume.")
story.record("writeup_technical_result", f"Model recall {model_recall:.1%}, rule recall {rule_recall:.1%}.")
story.record("writeup_business_result",
             f"About {false_alarms_per_day:.1f} false alarms a day, {hours_saved:.1f} review hours a week saved.")
story.record("writeup_latency_cost", f"Scoring adds {latency_ms} ms per payment.")
if RECORD_ETHICS:
    story.record("writeup_ethics",
                 f"New accounts are {new_account.mean():.1%} of customers and most of the alerts: check their false-alarm rate.")
story.record("writeup_limitations", f"One synthetic sample of {n:,} payments; no label delay.")

# %%
gate = gates.Gate("Demo gate", [gates.criterion("Model beats rule on recall", model_recall, ">=", rule_recall,
                                                evidence="same alert volume", fmt="{:.1%}")])
gate.record()
gate
