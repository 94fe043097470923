# %% [markdown]
# # Flight-delay drift dashboard
#
# How the inputs of a flight-delay model drift week by week and month by month, next to the model's
# quality: the real 2013 New York City flights, scored by the kit's logistic regression trained on the
# first quarter (Q1).

# %% tags=["parameters"]
SEED = 42
FAST = None  # None follows `aipm dashboard --fast` (AIPM_FAST=1); True or False chooses

# %%
from aipm_kit.widgets import flights_dashboard

flights_dashboard(fast=FAST, seed=SEED).live_view()
