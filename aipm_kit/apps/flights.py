"""The flights dashboard: the 2013 NYC flights, scored by a model trained on the first quarter.

:func:`scored_flights` loads the flights and scores them with the kit's logistic regression
(notebook 12 and the app share it); :class:`ScoredFlights` holds the flights, the model and its
scores; :func:`flights_dashboard` builds the :class:`~aipm_kit.apps.dashboard.DriftDashboard` on
them that ``aipm dashboard`` serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import drift
from .dashboard import DriftDashboard

#: What the flights model reads, and what the dashboard watches (the model's inputs and two more).
FLIGHT_FEATURES = ("dep_delay", "sched_dep_hour", "distance", "carrier", "origin")
FLIGHT_MONITORED = FLIGHT_FEATURES + ("air_time", "dest")
FLIGHT_UNITS = {
    "dep_delay": "minutes late at departure",
    "sched_dep_hour": "scheduled hour, local",
    "distance": "miles",
    "air_time": "minutes in the air",
    "carrier": "airline",
    "origin": "New York airport",
    "dest": "destination airport",
}


@dataclass(frozen=True)
class ScoredFlights:
    """The 2013 NYC flights, the model trained on the first months, and its scores.

    ``flights`` holds every scheduled flight (a seeded quarter of them when
    ``fast``); ``flown`` the flights that landed with an arrival time, with
    ``late`` (arrived more than ``late_minutes`` after schedule) and ``score``
    (the model's P(late)); ``train`` the sample the model was fitted on.
    Build it with :func:`scored_flights`; :meth:`dashboard` builds the drift dashboard on it.

    Parameters
    ----------
    flights : pandas.DataFrame
        Every scheduled flight (or the fast sample).
    flown : pandas.DataFrame
        The flights that landed with an arrival time, with ``late`` and ``score``.
    train : pandas.DataFrame
        The rows of ``flown`` the model was fitted on (left out of the performance view).
    model : object
        The fitted classifier (``predict_proba`` on :data:`FLIGHT_FEATURES`).
    features : tuple of str
        What the model reads.
    monitored : tuple of str
        What the dashboard watches.
    reference : tuple of (str, str)
        The training months, as month labels (``("2013-01", "2013-03")``).
    train_rows : int
        Rows asked for the training sample.
    fast : bool
        Whether the flights are the seeded quarter.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"late": [True, False, False]})
    >>> ScoredFlights(frame, frame, frame.head(2), None, FLIGHT_FEATURES, FLIGHT_MONITORED,
    ...               ("2013-01", "2013-03"), 2, False)
    ScoredFlights(3 landed flights of 3; logistic model trained on 2 flights of 2013-01..2013-03)
    >>> scored_flights(fast=True)  # doctest: +SKIP
    ScoredFlights(81,812 landed flights of 84,194; logistic model trained on 5,000 flights of 2013-01..2013-03;
    fast sample)
    """

    flights: pd.DataFrame
    flown: pd.DataFrame
    train: pd.DataFrame
    model: Any
    features: tuple[str, ...]
    monitored: tuple[str, ...]
    reference: tuple[str, str]
    train_rows: int
    fast: bool

    def __repr__(self) -> str:
        return (
            f"ScoredFlights({len(self.flown):,} landed flights of {len(self.flights):,}; logistic model "
            f"trained on {len(self.train):,} flights of {self.reference[0]}..{self.reference[1]}"
            f"{'; fast sample' if self.fast else ''})"
        )

    def dashboard(self, **options) -> DriftDashboard:
        """A :class:`DriftDashboard` on these flights (``options`` as DriftDashboard's keywords).

        Parameters
        ----------
        **options
            Keywords of :class:`DriftDashboard`, overriding the flights' defaults.

        Returns
        -------
        DriftDashboard
            The dashboard on ``flown``.
        """
        options = {
            "features": list(self.monitored),
            "time_col": "date",
            "label_col": "late",
            "score_col": "score",
            "reference": self.reference,
            "units": FLIGHT_UNITS,
            "model_features": [f for f in self.features if f in self.monitored],
            # performance on the flights the model was not fitted on (its training sample would flatter it)
            "performance_frame": self.flown.drop(index=self.train.index),
            **options,
        }
        return DriftDashboard(self.flown, **options)


def scored_flights(
    *, fast: bool = False, seed: int = 42, train_months: int = 3, late_minutes: float = 15, train_rows: int = 20_000
) -> ScoredFlights:
    """Load the 2013 NYC flights and score them with the kit's logistic regression.

    The model (:func:`aipm_kit.models.fit_tabular_classifier`, ``kind="logistic"``)
    reads :data:`FLIGHT_FEATURES` and is fitted on ``train_rows`` flights
    sampled (``seed``) from January up to month ``train_months``, then scores
    every landed flight of the year. ``fast=True`` keeps a seeded quarter of
    the flights and at most 5,000 training rows. Cancelled flights and
    flights without an arrival time have no label and are left out of ``flown``.

    Parameters
    ----------
    fast : bool, default False
        Keep a seeded quarter of the flights and at most 5,000 training rows.
    seed : int, default 42
        Seeds the fast sample, the training sample and the model.
    train_months : int, default 3
        The training months, January to this one (a whole number from 1 to 11: later months are scored).
    late_minutes : float, default 15
        Minutes after schedule beyond which an arrival is late.
    train_rows : int, default 20000
        Flights in the training sample (at least 100; fewer when the months hold fewer).

    Returns
    -------
    ScoredFlights
        The flights, the model and its scores.

    Raises
    ------
    ValueError
        On ``train_months`` or ``train_rows`` out of range (before the flights are read).

    Examples
    --------
    Loading and fitting take a second or more, so the call is not run here:

    >>> scored = scored_flights(fast=True)  # doctest: +SKIP
    >>> scored_flights(train_months=12)
    Traceback (most recent call last):
    ...
    ValueError: train_months must be a whole month from 1 to 11 (later months are scored), got 12
    """
    from .. import data, models

    if not isinstance(train_months, (int, np.integer)) or isinstance(train_months, bool) or not 1 <= train_months <= 11:
        raise ValueError(
            f"train_months must be a whole month from 1 to 11 (later months are scored), got {train_months!r}"
        )
    if not isinstance(train_rows, (int, np.integer)) or isinstance(train_rows, bool) or train_rows < 100:
        raise ValueError(f"train_rows must be a whole number of at least 100, got {train_rows!r}")
    flights = data.load_flights()
    if fast:  # a seeded quarter of the flights and a smaller training sample
        flights = flights.sample(frac=0.25, random_state=seed).sort_values("time_hour_utc")
        train_rows = min(train_rows, 5_000)
    flown = flights[~flights["cancelled"] & flights["arr_delay"].notna()].copy()
    flown["late"] = flown["arr_delay"] > late_minutes
    features = list(FLIGHT_FEATURES)
    train_pool = flown[flown["month"] <= train_months]
    train = train_pool.sample(n=min(train_rows, len(train_pool)), random_state=seed)
    model = models.fit_tabular_classifier(train[features], train["late"], kind="logistic", seed=seed)
    flown["score"] = model.predict_proba(flown[features])[:, 1]
    return ScoredFlights(
        flights,
        flown,
        train,
        model,
        FLIGHT_FEATURES,
        FLIGHT_MONITORED,
        ("2013-01", f"2013-{train_months:02d}"),
        int(train_rows),
        bool(fast),
    )


def flights_dashboard(
    *,
    fast: bool | None = None,
    seed: int = 42,
    train_months: int = 3,
    late_minutes: float = 15,
    train_rows: int = 20_000,
    **options,
) -> DriftDashboard:
    """The drift dashboard on the 2013 NYC flights (what ``aipm dashboard`` serves).

    ``fast=None`` reads ``AIPM_FAST=1`` from the environment (``aipm dashboard
    --fast``). ``options`` go to :class:`DriftDashboard` (``current``, ``stat``,
    ``threshold``, ``score_threshold``, ...); the default view compares each
    month with the training months on PSI at the 0.1 alert line.

    Parameters
    ----------
    fast : bool, optional
        As for :func:`scored_flights`; None reads ``AIPM_FAST``. A fast dashboard says so in its window sizes.
    seed, train_months, late_minutes, train_rows
        As for :func:`scored_flights`.
    **options
        Keywords of :class:`~aipm_kit.apps.dashboard.DriftDashboard`; they override the flights' defaults
        (features, reference, units, model features, the performance rows).

    Returns
    -------
    DriftDashboard
        The dashboard on the landed flights, its performance measured on the flights the model was not
        fitted on.

    Examples
    --------
    Scoring the flights takes a second or more, so the call is not run here:

    >>> dash = flights_dashboard(fast=True, current="2013-10")  # doctest: +SKIP
    >>> flights_dashboard(train_rows=10)
    Traceback (most recent call last):
    ...
    ValueError: train_rows must be a whole number of at least 100, got 10
    """
    import os

    if fast is None:
        fast = os.environ.get("AIPM_FAST") == "1"
    scored = scored_flights(
        fast=fast, seed=seed, train_months=train_months, late_minutes=late_minutes, train_rows=train_rows
    )
    options.setdefault("stat", "psi")
    if options["stat"] == "psi":
        options.setdefault("threshold", drift.PSI_MODERATE)  # watch from a moderate shift on
    dash = scored.dashboard(**options)
    if fast:
        dash.sample_note = "a seeded quarter of the flights (--fast): numbers differ from notebook 12's"
    return dash
