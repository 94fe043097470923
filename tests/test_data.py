"""The shipped data: loaders, their datasheets, datasets/README.md and the rebuild path."""

from __future__ import annotations

import ast
import itertools
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from aipm_kit import data

REPO = Path(__file__).resolve().parent.parent
README = REPO / "datasets" / "README.md"

LOADED = {
    "flights.parquet": lambda: data.load_flights(),
    "movielens_ratings.parquet": lambda: data.load_movielens()[0],
    "movielens_movies.parquet": lambda: data.load_movielens()[1],
    "churn.parquet": lambda: data.load_churn(),
    "hmda.parquet": lambda: data.load_hmda(),
}
SHEET = {
    "flights.parquet": "flights",
    "movielens_ratings.parquet": "movielens",
    "movielens_movies.parquet": "movielens",
    "churn.parquet": "churn",
    "hmda.parquet": "hmda",
}


def _built_files() -> set[str]:
    """The file names datasets/build.py writes (read from its source, without running it)."""
    tree = ast.parse((REPO / "datasets" / "build.py").read_text())
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.endswith(".parquet")
        and "/" not in node.value
        and " " not in node.value
    }
    return names


def _sections() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+?)\s*$", text, flags=re.M)  # every level-2 heading ends a section
    sections = {}
    for i in range(1, len(parts), 2):
        m = re.fullmatch(r"`([^`]+)`", parts[i])
        if m:
            sections[m.group(1)] = parts[i + 1]
    return sections


def _expand(cell: str) -> list[str]:
    names = []
    for token in re.findall(r"`([^`]+)`", cell):
        m = re.fullmatch(r"(.*)\{([^}]+)\}(.*)", token)
        names += [m.group(1) + part + m.group(3) for part in m.group(2).split(",")] if m else [token]
    return names


def _documented_columns(section: str) -> dict[str, str]:
    cols = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            for name in _expand(cells[0]):
                cols[name] = cells[1]
    return cols


def _dtype_matches(series: pd.Series, documented: str) -> bool:
    dtype = series.dtype
    if documented == "category":
        return isinstance(dtype, pd.CategoricalDtype)
    if documented == "string":
        return isinstance(dtype, pd.StringDtype)
    if documented == "datetime (UTC)":
        return str(getattr(dtype, "tz", "")) == "UTC"
    if documented == "datetime":
        return pd.api.types.is_datetime64_dtype(dtype) and getattr(dtype, "tz", None) is None
    return str(dtype) == documented


def test_build_script_writes_the_files_that_ship():
    shipped = {p.name for p in (REPO / "datasets").glob("*.parquet")}
    assert _built_files() == set(LOADED) == shipped


def test_readme_has_a_datasheet_for_every_built_file():
    sections = _sections()
    assert set(sections) == _built_files(), "datasets/README.md needs one '## `file`' section per built file"
    for name, section in sections.items():
        for needle in ("**Rows:**",):
            assert needle in section, f"{name}: datasheet lacks {needle}"
    # source, licence and biases: in the section, or (movies) by reference to the ratings file
    for name in set(sections) - {"movielens_movies.parquet"}:
        for needle in ("**Source:**", "**Licence and attribution:**", "**Known biases"):
            assert needle in sections[name], f"{name}: datasheet lacks {needle}"
    assert "rebuild" in README.read_text().lower() and "datasets/build.py" in README.read_text()


@pytest.mark.parametrize("filename", sorted(LOADED))
def test_loader_matches_its_datasheet(filename):
    frame = LOADED[filename]()
    section = _sections()[filename]
    rows = int(re.search(r"\*\*Rows:\*\* ([\d,]+)", section).group(1).replace(",", ""))
    assert len(frame) == rows, f"{filename}: README says {rows:,} rows, the file has {len(frame):,}"
    table_rows = re.search(rf"\| `{re.escape(filename)}` \| [^|]+ \| ([\d,]+) \|", README.read_text())
    assert int(table_rows.group(1).replace(",", "")) == len(frame)
    documented = _documented_columns(section)
    assert sorted(documented) == sorted(frame.columns), f"{filename}: README columns differ from the file's"
    wrong = {c: (str(frame[c].dtype), t) for c, t in documented.items() if not _dtype_matches(frame[c], t)}
    assert not wrong, f"{filename}: dtypes differ from the README (actual, documented): {wrong}"
    sheet = frame.attrs["datasheet"]
    assert sheet is data.DATASHEETS[SHEET[filename]]
    if filename != "movielens_movies.parquet":  # the movielens sheet counts ratings
        assert sheet.rows == len(frame)


def test_datasheets_are_complete_and_render():
    for name, sheet in data.DATASHEETS.items():
        assert sheet.source and sheet.licence and sheet.grain and len(sheet.biases) >= 2
        assert data.datasheet(name) is sheet
        text = repr(sheet)
        assert text.startswith("Datasheet:") and f"{sheet.rows:,} rows" in text
        assert sheet.to_frame().set_index("field").loc["rows", "value"] == sheet.rows
    with pytest.raises(ValueError, match="name must be one of"):
        data.datasheet("titanic")


def test_key_columns_hold_sane_values():
    churn = data.load_churn()
    assert churn["churn"].dtype == bool and 0.1 < churn["churn"].mean() < 0.2
    hmda = data.load_hmda()
    assert set(hmda["race"].cat.categories) == {"African American", "White"}
    assert not hmda.isna().any().any()
    flights = data.load_flights()
    assert (flights["cancelled"] == flights["dep_delay"].isna()).all()
    assert flights["date"].dt.year.eq(2013).all()
    ratings, movies = data.load_movielens()
    assert ratings["rating"].between(0.5, 5).all()
    assert ratings["item_id"].isin(movies["item_id"]).all()
    assert ratings.groupby("user_id").size().min() >= 20  # the datasheet's "no cold-start users"


def test_missing_file_error_says_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        data.load_churn()
    message = str(info.value)
    assert "churn.parquet" in message and "datasets/build.py" in message and "AIPM_DATA_DIR" in message


def test_aipm_data_dir_redirects_the_loaders(tmp_path, monkeypatch):
    shutil.copy(REPO / "datasets" / "hmda.parquet", tmp_path / "hmda.parquet")
    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    assert data.data_dir() == tmp_path
    assert len(data.load_hmda()) == data.DATASHEETS["hmda"].rows
    monkeypatch.delenv("AIPM_DATA_DIR")
    assert data.data_dir() == REPO / "datasets"


def test_load_jsonl_names_a_bad_line(tmp_path, monkeypatch):
    monkeypatch.setenv("AIPM_DATA_DIR", str(tmp_path))
    (tmp_path / "cases.jsonl").write_text('{"a": 1}\n\n{"a": 2}\n{oops}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 4"):
        data.load_jsonl("cases.jsonl")
    (tmp_path / "ok.jsonl").write_text('{"a": 1}\n\n{"a": 2}\n', encoding="utf-8")
    assert data.load_jsonl("ok.jsonl") == [{"a": 1}, {"a": 2}]


def test_expand_helper_reads_brace_patterns():
    assert _expand("`a_{x,y}_b`, `c`") == ["a_x_b", "a_y_b", "c"]
    assert list(itertools.chain(_expand("`month`, `day`"))) == ["month", "day"]
