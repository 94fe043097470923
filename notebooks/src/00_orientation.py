# %% [markdown]
# # 00 · Orientation (placeholder)
#
# **You will be able to** run the kit. **Time:** 5 minutes. **PM job:** all six.

# %% tags=["parameters"]
SEED = 42
FAST = False

# %%
from aipm_kit import story, gates, plots
from aipm_kit.scenarios import make_payments
from aipm_kit.exercises import ____
df = make_payments(5_000 if FAST else 20_000, seed=SEED)
story.record("fraud_rate", float(df.is_fraud.mean()), label="Fraud rate", fmt="{:.2%}")
story.md(f"The stream has **{len(df):,}** transactions.")

# %%
# NBVAL_CHECK_OUTPUT
print(round(float(df.is_fraud.mean()), 4))

# %%
fig, ax = plots.figure()
df.groupby("month").is_fraud.mean().plot(ax=ax)
plots.finish(ax, title="Fraud jumps in month 4", xlabel="Month", ylabel="Fraud rate", takeaway="Drift.")

# %%
g = gates.Gate("Gate 0", [gates.criterion("fraud rate", float(df.is_fraud.mean()), ">", 0.0, evidence="scenario")])
g.record()
g
