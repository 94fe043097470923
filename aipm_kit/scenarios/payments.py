"""The payments generator: :func:`make_payments` draws a seeded stream of card and transfer transactions with
known fraud, label delay, planted drift and a serving incident; with the categories, channels and segments it
draws from, the feature columns a model may use, the knobs' limits and :class:`ScenarioTruth`, what really
happened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_positive_int
from ._common import _number, _timestamp

CATEGORIES = ("grocery", "restaurants", "electronics", "travel", "gaming", "transfer")
CATEGORY_MIX = (0.30, 0.22, 0.12, 0.10, 0.10, 0.16)
CHANNELS = ("pos", "web", "app")
CHANNEL_MIX = (0.40, 0.30, 0.30)
SEGMENTS = ("consumer", "small_business", "new_market")
SEGMENT_MIX = (0.70, 0.20, 0.10)
DRIFT_KINDS = ("covariate", "concept", "prior")

#: Feature columns a model may use (no leakage of labels or serving data).
FEATURES = ["amount", "account_age_days", "merchant_category", "channel", "hour", "segment"]
CATEGORICAL_FEATURES = ["merchant_category", "channel", "segment"]


@dataclass(frozen=True)
class ScenarioTruth:
    """What really happened in a generated scenario (known only to the simulator).

    :func:`make_payments` stores one in ``frame.attrs["scenario"]``; ``to_frame()`` lists every field
    (the parameters as ``param:<name>`` rows) except the notes.

    Parameters
    ----------
    params : dict
        Every knob :func:`make_payments` was called with, after its checks.
    start : pandas.Timestamp
        First instant of the horizon (UTC).
    end : pandas.Timestamp
        The instant the horizon ends (UTC, exclusive).
    drift_start : pandas.Timestamp or None
        When the world changed (None: no drift).
    incident_start : pandas.Timestamp or None
        When the serving incident began (None: no incident).
    incident_end : pandas.Timestamp or None
        When it ended.
    fraud_rate_realised : float
        The share of generated rows that are fraud.
    notes : tuple of str, default ()
        Free remarks about the scenario.

    Examples
    --------
    >>> truth = make_payments(2_000, seed=1).attrs["scenario"]
    >>> truth.drift_start, truth.incident_start
    (Timestamp('2024-04-01 00:00:00+0000', tz='UTC'), Timestamp('2024-04-04 09:00:00+0000', tz='UTC'))
    >>> round(truth.fraud_rate_realised, 4), truth.params["seed"]
    (0.0285, 1)
    """

    params: dict
    start: pd.Timestamp
    end: pd.Timestamp
    drift_start: pd.Timestamp | None
    incident_start: pd.Timestamp | None
    incident_end: pd.Timestamp | None
    fraud_rate_realised: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        rows = {k: v for k, v in asdict(self).items() if k not in ("params", "notes")}
        rows.update({f"param:{k}": v for k, v in self.params.items()})
        return pd.DataFrame({"value": pd.Series(rows, dtype=object)})


# ----------------------------------------------------------------------------- knob checks

#: Upper limits of the knobs that have no natural one (beyond them the story breaks or memory runs out).
MAX_TRANSACTIONS = 10_000_000
MAX_LABEL_DELAY_DAYS = 3_650.0
MAX_DRIFT_STRENGTH = 100.0
MAX_SEASONALITY = 1.5

#: Seasonal tilt of the category mix: a category's share is scaled by ``exp(tilt * seasonality * cycle)``
#: (then renormalised), so gifts (electronics, gaming) peak with the season and travel peaks half a year later.
SEASON_CATEGORY_TILT = {"electronics": 1.0, "gaming": 1.0, "travel": -1.0}


def _flag(value, name: str) -> bool:
    """A real True/False: the text ``"False"`` is truthy, so it is refused rather than obeyed."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _seed(value, name: str = "seed") -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a non-negative integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value}")
    return int(value)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _solve_intercept(logits: np.ndarray, target: float) -> float:
    """Intercept b such that mean(sigmoid(logits + b)) == target (bisection)."""
    lo, hi = -30.0, 30.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if _sigmoid(logits + mid).mean() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _fraud_logits(amount, age, cat, channel, hour, segment, seg_mult):
    new = age < 30
    young = age < 90
    digital = np.isin(cat, ["electronics", "gaming"])
    night = hour <= 5
    z = (
        1.2 * new
        + 0.5 * np.clip(np.log10(amount) - 2.0, 0, None)  # bigger is riskier
        + 4.5 * (new & (amount > 1_500))  # the rule's region, wider
        + 4.0 * (digital & night)  # night-time resellable goods
        + 3.5 * ((channel == "app") & (cat == "transfer") & young)
        + 4.5 * ((amount < 5) & (channel == "web"))  # card testing
        - 1.0 * (cat == "grocery")
        + np.log(seg_mult) * (segment == "new_market")
    )
    return z


def make_payments(
    n_transactions: int = 60_000,
    *,
    seed: int = 0,
    start: str = "2024-01-01",
    months: int = 6,
    fraud_rate: float = 0.02,
    label_delay_days: float = 30.0,
    caught_only: bool = False,
    catch_rate: float = 0.6,
    segment_rate_multiplier: float = 2.0,
    drift_month: int | None = 4,
    drift_kind: str = "concept",
    drift_strength: float = 1.0,
    incident: bool = True,
    incident_hours: int = 12,
    seasonality: float = 0.0,
    season_peak_day: int = 355,
) -> pd.DataFrame:
    """Generate a seeded payments stream with known fraud, label delay and drift.

    Parameters
    ----------
    n_transactions : int
        Rows to generate (100 to 10 million).
    seed : int
        Seed for ``numpy.random.default_rng`` (>= 0); the same seed gives the
        same frame on any machine.
    start : str or Timestamp
        First day of the horizon (UTC).
    months : int
        Length of the horizon in calendar months (1 to 24).
    fraud_rate : float
        Share of transactions that are fraud before any drift, in (0, 1).
    label_delay_days : float
        Mean chargeback delay in days (0 to 3,650); delays are Gamma(shape 2) distributed,
        so about 1 in 12 chargebacks takes more than twice the mean.
    caught_only : bool
        If True, only part of the fraud is ever caught and labelled (large
        amounts are caught more often); the rest looks legitimate forever.
    catch_rate : float
        With ``caught_only``, the average share of fraud that gets caught.
    segment_rate_multiplier : float
        How much riskier the ``new_market`` segment is (odds multiplier, finite and > 0).
    drift_month : int or None
        1-based month of the horizon in which the world changes (None: never).
    drift_kind : {"covariate", "concept", "prior"}
        ``covariate``: amounts grow and traffic moves to the app, fraud logic
        unchanged; ``concept``: a new fraud ring (mid-sized electronics and
        gaming purchases in the app, $100 to $900) appears; ``prior``: the fraud rate itself rises.
    drift_strength : float
        Size of the change, 0 to 100 (0 means none; 1 is the default story).
    incident : bool
        Plant a serving incident (latency x4, 8% model errors) starting three
        days after the drift (or mid-horizon when there is no drift).
    incident_hours : int
        Length of the incident (1 hour up to the length of the horizon).
    seasonality : float
        Strength of a yearly cycle in the traffic, 0 to 1.5 (0, the default:
        no seasons, and the same frame as before the knob existed). With the
        cycle ``c = cos(2*pi*(day_of_year - season_peak_day) / 365.25)``,
        ordinary amounts are multiplied by ``exp(seasonality * c)`` (card-testing
        micro payments are not), and the category mix tilts with the season:
        the shares of electronics and gaming are scaled by ``exp(seasonality * c)``
        and the share of travel by ``exp(-seasonality * c)``, then all shares are
        renormalised (gifts peak with the season, travel half a year later).
        Amounts swing by a factor ``exp(2 * seasonality)`` from trough to peak
        (0.15: about 35%). Fraud follows the same rules; the realised fraud
        rate moves with the season because amounts and categories do. The
        planted drift acts on top of the season.
    season_peak_day : int
        Day of the year (1 to 366) on which the cycle peaks; 355 is 20 or 21
        December (the holiday peak), so the trough falls in late June.

    Returns
    -------
    pandas.DataFrame
        Sorted by ``timestamp``; ``frame.attrs["scenario"]`` holds the
        :class:`ScenarioTruth`.

    Raises
    ------
    TypeError
        Every knob is checked before anything is generated: a knob of the wrong
        type (text, a float where a count is needed, anything but True/False for
        a switch) raises ``TypeError``, naming the knob.
    ValueError
        A knob out of range, NaN or infinite, naming the knob.

    Examples
    --------
    >>> df = make_payments(2_000, seed=1)
    >>> bool(df["is_fraud"].mean() > 0)
    True
    >>> seasonal = make_payments(2_000, seed=1, seasonality=0.15)
    >>> seasonal.attrs["scenario"].params["seasonality"]
    0.15
    >>> make_payments(50)
    Traceback (most recent call last):
    ...
    ValueError: n_transactions must be >= 100, got 50
    """
    n = check_positive_int(n_transactions, "n_transactions", minimum=100)
    if n > MAX_TRANSACTIONS:
        raise ValueError(f"n_transactions must be <= {MAX_TRANSACTIONS:,}, got {n:,}")
    seed = _seed(seed)
    if isinstance(start, str):
        try:
            t0 = pd.Timestamp(start, tz="UTC")
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"start must be a date such as '2024-01-01', got {start!r} ({exc})") from None
    else:
        t0 = _timestamp(start, "start")
    months = check_positive_int(months, "months")
    if months > 24:
        raise ValueError(f"months must be <= 24, got {months}")
    fraud_rate = _number(fraud_rate, "fraud_rate", low=0, high=1, low_open=True, high_open=True)
    label_delay_days = _number(label_delay_days, "label_delay_days", low=0, high=MAX_LABEL_DELAY_DAYS)
    caught_only = _flag(caught_only, "caught_only")
    catch_rate = _number(catch_rate, "catch_rate", low=0, high=1)
    if catch_rate == 0:
        raise ValueError("catch_rate must be > 0: with no fraud ever caught there are no labels")
    segment_rate_multiplier = _number(segment_rate_multiplier, "segment_rate_multiplier", low=0, low_open=True)
    if drift_month is not None:
        drift_month = check_positive_int(drift_month, "drift_month")
        if drift_month > months:
            raise ValueError(f"drift_month must be between 1 and months={months} (or None), got {drift_month}")
    if not isinstance(drift_kind, str) or drift_kind not in DRIFT_KINDS:
        raise ValueError(f"drift_kind must be one of {DRIFT_KINDS}, got {drift_kind!r}")
    drift_strength = _number(drift_strength, "drift_strength", low=0, high=MAX_DRIFT_STRENGTH)
    incident = _flag(incident, "incident")
    incident_hours = check_positive_int(incident_hours, "incident_hours")
    if incident_hours > 24 * 31 * months:
        raise ValueError(
            f"incident_hours must be at most the horizon ({24 * 31 * months:,} hours for "
            f"months={months}), got {incident_hours:,}"
        )

    seasonality = _number(seasonality, "seasonality", low=0, high=MAX_SEASONALITY)
    if isinstance(season_peak_day, (bool, np.bool_)) or not isinstance(season_peak_day, (int, np.integer)):
        raise TypeError(
            f"season_peak_day must be a whole day of the year (1 to 366), got "
            f"{type(season_peak_day).__name__} {season_peak_day!r}"
        )
    if not 1 <= season_peak_day <= 366:
        raise ValueError(f"season_peak_day must be a day of the year between 1 and 366, got {season_peak_day}")
    season_peak_day = int(season_peak_day)

    rng = np.random.default_rng(seed)
    t1 = t0 + pd.DateOffset(months=months)
    span = (t1 - t0).total_seconds()

    # When: uniform days, a realistic hour-of-day profile (quiet at night).
    hour_weights = np.array([2, 1.5, 1, 1, 1, 1.5, 3, 5, 6, 6, 6, 7, 8, 7, 6, 6, 6, 7, 8, 8, 7, 6, 4, 3])
    hour_weights = hour_weights / hour_weights.sum()
    n_days = int(span // 86_400)
    day = rng.integers(0, n_days, n)
    hour = rng.choice(24, n, p=hour_weights)
    second = rng.integers(0, 3_600, n)
    ts = t0 + pd.to_timedelta(day * 86_400 + hour * 3_600 + second, unit="s")
    order = np.argsort(ts.asi8, kind="stable")
    ts, hour = ts[order], hour[order]
    month_idx = ((ts.year - t0.year) * 12 + ts.month - t0.month + 1).to_numpy()

    drift_start = None
    after = np.zeros(n, dtype=bool)
    if drift_month is not None and drift_strength > 0:
        drift_start = t0 + pd.DateOffset(months=drift_month - 1)
        after = month_idx >= drift_month

    cycle = None
    if seasonality > 0:
        cycle = np.cos(2 * np.pi * (np.asarray(ts.day_of_year, dtype=np.float64) - season_peak_day) / 365.25)
        tilt = np.array([SEASON_CATEGORY_TILT.get(c, 0.0) for c in CATEGORIES])
        mix = np.array(CATEGORY_MIX) * np.exp(seasonality * np.outer(cycle, tilt))
        cdf = np.cumsum(mix / mix.sum(axis=1, keepdims=True), axis=1)
        cdf[:, -1] = 1.0
        u = rng.random(n)  # one uniform a row, as rng.choice draws, so the later draws stay in step
        cat = np.array(CATEGORIES)[(u[:, None] >= cdf).sum(axis=1)]
    else:
        cat = rng.choice(np.array(CATEGORIES), n, p=CATEGORY_MIX)
    ch_mix = np.array(CHANNEL_MIX)
    channel = rng.choice(np.array(CHANNELS), n, p=ch_mix)
    segment = rng.choice(np.array(SEGMENTS), n, p=SEGMENT_MIX)

    # How much: log-normal by category; transfers are large.
    log_mu = np.select(
        [
            cat == "grocery",
            cat == "restaurants",
            cat == "electronics",
            cat == "travel",
            cat == "gaming",
            cat == "transfer",
        ],
        [np.log(45), np.log(35), np.log(220), np.log(420), np.log(40), np.log(900)],
    )
    sigma = np.where(cat == "transfer", 1.5, 0.9)
    amount = np.exp(rng.normal(log_mu, sigma))
    if cycle is not None:
        amount = amount * np.exp(seasonality * cycle)
    testing = rng.random(n) < 0.01  # card-testing micro payments
    amount = np.where(testing, rng.uniform(0.5, 4.99, n), amount)
    age = np.where(rng.random(n) < 0.18, rng.integers(0, 30, n), rng.gamma(2.0, 400.0, n).astype(int) + 30)

    if after.any() and drift_kind == "covariate":
        s = drift_strength
        amount = np.where(after, amount * (1 + 0.6 * s), amount)
        switch = after & (rng.random(n) < min(0.35 * s, 0.9))
        channel = np.where(switch & (channel != "app"), "app", channel)
    amount = np.round(np.clip(amount, 0.5, 250_000), 2)

    z = _fraud_logits(amount, age, cat, channel, hour, segment, segment_rate_multiplier)
    b = _solve_intercept(z[~after] if (~after).any() else z, fraud_rate)
    z = z + b
    if after.any():
        if drift_kind == "concept":
            ring = np.isin(cat, ["gaming", "electronics"]) & (channel == "app") & (amount > 100) & (amount < 900)
            z = z + 5.0 * drift_strength * (ring & after)
        elif drift_kind == "prior":
            z = z + np.where(after, np.log1p(drift_strength), 0.0)
    is_fraud = rng.random(n) < _sigmoid(z)

    # What the business sees: chargebacks, late, and maybe only for caught fraud.
    if caught_only:
        lz = 0.8 * (np.log10(amount) - 2.0)
        cb = _solve_intercept(lz[is_fraud] if is_fraud.any() else lz, catch_rate)
        caught = is_fraud & (rng.random(n) < _sigmoid(lz + cb))
    else:
        caught = is_fraud.copy()
    delay_days = rng.gamma(2.0, label_delay_days / 2.0, n) if label_delay_days > 0 else np.zeros(n)
    available = ts + pd.to_timedelta(np.round(delay_days * 86_400), unit="s")
    available = pd.Series(available).where(caught).to_numpy()

    # Serving: latency profile and errors, with a planted incident.
    latency = np.exp(rng.normal(np.log(48), 0.42, n)) + 0.004 * np.sqrt(amount)
    inc_start = inc_end = None
    if incident:
        base = drift_start if drift_start is not None else t0 + (t1 - t0) / 2
        inc_start = (base + pd.Timedelta(days=3)).floor("D") + pd.Timedelta(hours=9)
        inc_end = inc_start + pd.Timedelta(hours=incident_hours)
        during = np.asarray((ts >= inc_start) & (ts < inc_end))
        latency = np.where(during, latency * 4.0, latency)
        errors = rng.random(n) < np.where(during, 0.08, 0.002)
    else:
        errors = rng.random(n) < 0.002

    frame = pd.DataFrame(
        {
            "transaction_id": np.arange(1, n + 1, dtype=np.int64),
            "timestamp": ts,
            "month": month_idx.astype(np.int16),
            "amount": amount,
            "account_age_days": age.astype(np.int32),
            "merchant_category": pd.Categorical(cat, categories=CATEGORIES),
            "channel": pd.Categorical(channel, categories=CHANNELS),
            "hour": hour.astype(np.int8),
            "segment": pd.Categorical(segment, categories=SEGMENTS),
            "is_fraud": is_fraud,
            "caught": caught,
            "label_available_at": available,
            "label_observed": caught,
            "latency_ms": np.round(latency, 1),
            "model_error": errors,
        }
    )
    params = dict(
        n_transactions=n,
        seed=seed,
        start=start,
        months=months,
        fraud_rate=fraud_rate,
        label_delay_days=label_delay_days,
        caught_only=caught_only,
        catch_rate=catch_rate,
        segment_rate_multiplier=segment_rate_multiplier,
        drift_month=drift_month,
        drift_kind=drift_kind,
        drift_strength=drift_strength,
        incident=incident,
        incident_hours=incident_hours,
        seasonality=seasonality,
        season_peak_day=season_peak_day,
    )
    frame.attrs["scenario"] = ScenarioTruth(
        params=params,
        start=t0,
        end=t1,
        drift_start=drift_start,
        incident_start=inc_start,
        incident_end=inc_end,
        fraud_rate_realised=float(is_fraud.mean()),
    )
    return frame
