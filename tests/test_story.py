"""Facts recorded in a notebook's outputs and read back from the executed file."""

from __future__ import annotations

import base64
import json

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from aipm_kit import story
from aipm_kit.story import FACT_MIME, read_facts, read_figures, record, where_recorded

CELLS = [
    "import numpy as np\nfrom aipm_kit import story",
    "story.record('recall', np.float64(0.4321), label='Model recall', fmt='{:.1%}')\n"
    "story.record('alerts', np.int64(277))",
    "story.record('ok', np.bool_(True))\nstory.record('interval', np.array([0.1, 0.2]))",
    "x = 1  # a cell that records nothing",
    "story.record('recall', 0.5, label='Model recall', fmt='{:.1%}')  # recorded twice: last wins\n"
    "story.record('gate', {'verdict': 'GO', 'n': np.int32(3)}, label='Gate', fmt='{0[verdict]}')",
    "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])\n"
    "story.record_figure('before_after', fig, caption='Before and after')\nplt.close(fig)",
    "story.md(f'The answer is **{6 * 7}**.')",
    "story.md(f'Fraud stopped: **${73120:,}** a day, on transfers over ${5000:,} (already \\\\$1).')",
    "story.record('loss', 73120, label='Loss a day', fmt='${:,.0f}')\n"
    "story.record('saved', 5000, label='Saved a day', fmt='${:,.0f}')",
    "story.record_table([('t_rate', np.float64(0.125), 'Hit rate', '{:.1%}'), ('t_n', 40),\n"
    "                    ('t_cost', -1234.0, 'Cost | net', '${:,.0f}')])",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    path = tmp_path_factory.mktemp("story") / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_round_trip_through_an_executed_notebook(executed):
    facts = read_facts(executed)
    assert set(facts) == {"recall", "alerts", "ok", "interval", "gate", "loss", "saved", "t_rate", "t_n", "t_cost"}
    assert facts["recall"].value == 0.5 and facts["recall"].text == "50.0%"  # the later record wins
    assert facts["recall"].cell == 4 and facts["recall"].label == "Model recall"
    assert facts["alerts"].value == 277 and isinstance(facts["alerts"].value, int)
    assert facts["alerts"].text == "277" and facts["alerts"].label == "Alerts"
    assert facts["ok"].value is True
    assert facts["interval"].value == [0.1, 0.2]
    assert facts["gate"].value == {"verdict": "GO", "n": 3} and facts["gate"].text == "GO"
    assert repr(facts["gate"]) == "Gate: GO"


def test_a_recorded_table_is_one_output_read_back_fact_by_fact(executed):
    facts = read_facts(executed)
    assert facts["t_rate"].value == 0.125 and facts["t_rate"].text == "12.5%" and facts["t_rate"].label == "Hit rate"
    assert facts["t_n"].value == 40 and facts["t_n"].label == "T n"
    assert facts["t_cost"].text == "-$1,234"
    cell = nbformat.read(executed, as_version=4).cells[len(CELLS) - 1]
    assert len(cell.outputs) == 1
    shown = cell.outputs[0]["data"]["text/markdown"]
    assert "| Hit rate | 12.5% |" in shown and "Cost \\| net" in shown  # a pipe in a label cannot break the table
    with pytest.raises(ValueError, match="rows is empty"):
        story.record_table([])
    with pytest.raises(ValueError, match="key must be"):
        story.record_table([("two words", 1)])


def test_reading_a_notebook_node_equals_reading_the_file(executed):
    node = nbformat.read(executed, as_version=4)
    assert {k: f.value for k, f in read_facts(node).items()} == {k: f.value for k, f in read_facts(executed).items()}


def test_figures_round_trip(executed):
    figures = read_figures(executed)
    assert list(figures) == ["before_after"]
    fig = figures["before_after"]
    assert fig["caption"] == "Before and after" and fig["cell"] == 5
    assert base64.b64decode(fig["png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_facts_are_visible_to_a_reader_as_text(executed):
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for o in nb.cells[1].outputs if FACT_MIME in o.get("data", {})]
    assert outputs[0]["data"]["text/plain"] == "Model recall: 43.2%"
    assert outputs[0]["data"]["text/markdown"] == "Recorded · **Model recall**: 43.2%"
    md = nb.cells[6].outputs[0]["data"]["text/markdown"]
    assert md == "The answer is **42**."


def test_where_recorded_names_the_recording_cells(executed):
    assert where_recorded(executed, "recall") == [1, 4]
    assert where_recorded(executed, "gate") == [4]
    assert where_recorded(executed, "missing") == []


def test_read_facts_of_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_facts(tmp_path / "nope.ipynb")


def test_payload_stored_as_a_string_is_accepted():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    payload = {"key": "k", "value": 1, "label": "K", "text": "1"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={FACT_MIME: json.dumps(payload)})]
    nb.cells = [cell]
    assert read_facts(nb)["k"].value == 1


def test_record_outside_a_kernel_prints_and_returns_the_value(capsys):
    assert record("share", np.float32(0.25), fmt="{:.0%}") == np.float32(0.25)
    assert capsys.readouterr().out.strip() == "Share: 25%"
    story.md("plain **text**")
    assert capsys.readouterr().out.strip() == "plain **text**"


@pytest.mark.parametrize("value", [float("nan"), np.float64("nan"), float("inf"), [1.0, float("nan")], {"a": np.nan}])
def test_nan_and_inf_are_refused(value):
    with pytest.raises(ValueError, match="finite"):
        record("bad", value)


@pytest.mark.parametrize("key", ["", "two words", None, 3])
def test_bad_keys_are_refused(key):
    with pytest.raises(ValueError, match="key"):
        record(key, 1)


def test_unrecordable_types_are_refused():
    with pytest.raises(TypeError, match="set"):
        record("s", {1, 2})


def test_timestamps_are_recorded_as_iso_text(capsys):
    import pandas as pd

    assert story._jsonable(pd.Timestamp("2024-03-01", tz="UTC")) == "2024-03-01T00:00:00+00:00"
    assert story._jsonable(np.int16(3)) == 3 and isinstance(story._jsonable(np.int16(3)), int)


def test_format_value_defaults():
    assert story.format_value(1234567, None) == "1,234,567"
    assert story.format_value(0.123456, None) == "0.1235"
    assert story.format_value(True, None) == "True"
    assert story.format_value(0.5, "{:.0%}") == "50%"


def _html(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


def test_computed_prose_shows_dollars_not_mathematics(executed):
    """Two unescaped dollars make one inline formula on the site and on GitHub (literal ``**`` and
    italics); in JupyterLab even escaped ones pair up inside one element. Each dollar, escaped and
    in an element of its own, renders as money with the bold intact."""
    nb = nbformat.read(executed, as_version=4)
    md = nb.cells[7].outputs[0]["data"]["text/markdown"]
    d = "<span>\\$</span>"
    assert md == f"Fraud stopped: **{d}73,120** a day, on transfers over {d}5,000 (already {d}1)."
    page = _html(md)
    assert "<strong><span>$</span>73,120</strong>" in page and "over <span>$</span>5,000" in page
    assert "**" not in page and "\\$" not in page  # neither the markers nor the escape show
    raw = _html("Fraud stopped: **$73,120** a day, on transfers over $5,000.")
    assert "<strong>" not in raw  # the defect this guards against: the pair read as maths


def test_recorded_facts_escape_dollars_and_use_no_emoji(executed):
    nb = nbformat.read(executed, as_version=4)
    texts = [o["data"]["text/markdown"] for o in nb.cells[8].outputs if "text/markdown" in o.get("data", {})]
    d = "<span>\\$</span>"
    assert texts == [f"Recorded · **Loss a day**: {d}73,120", f"Recorded · **Saved a day**: {d}5,000"]
    # the marker renders in the default fonts (no pictographs, which need an emoji font)
    assert all(ord(ch) < 0x2190 for text in texts for ch in text)
    facts = read_facts(executed)
    assert facts["loss"].text == "$73,120"  # the fact itself keeps plain text for write-ups


def test_html_tables_isolate_each_dollar():
    """JupyterLab typesets HTML outputs as well: "$5 fee ... $5" in one cell became a formula."""
    from aipm_kit import gates
    from aipm_kit.formatting import isolate_dollars_html

    gate = gates.Gate("Gate", [gates.criterion("Net value", 60_458, ">", 0, evidence="costs $5 and $7 a case")])
    page = gate._repr_html_()
    assert "costs <span>$</span>5 and <span>$</span>7 a case" in page
    assert "style='color:" in page  # attributes untouched
    assert isolate_dollars_html("<b title='$1'>x</b>") == "<b title='$1'>x</b>"


def test_computed_prose_puts_the_sign_before_the_dollar(capsys):
    story.md(f"value ${-239:,.0f}k to ${55:+,.0f}k")
    assert capsys.readouterr().out.strip() == "value -<span>\\$</span>239k to +<span>\\$</span>55k"
    assert story.format_value("worth $-0.24M", None) == "worth -$0.24M"


def test_a_recorded_table_can_show_only_some_facts_and_still_records_all(monkeypatch):
    shown = []
    monkeypatch.setattr(story.facts, "_display", shown.append)
    story.record_table(
        [("a_rate", 0.5, "A rate", "{:.0%}"), ("b_n", 3, "B count"), ("c_n", 4, "C count")], show=["a_rate"]
    )
    (bundle,) = shown
    assert [p["key"] for p in bundle[FACT_MIME]] == ["a_rate", "b_n", "c_n"]  # every row recorded
    markdown = bundle["text/markdown"]
    assert "| A rate | 50% |" in markdown and "B count" not in markdown and "C count" not in markdown
    assert "2 more facts recorded" in markdown and "2 more facts recorded" in bundle["text/plain"]
    with pytest.raises(ValueError, match="not in rows"):
        story.record_table([("a_rate", 0.5)], show=["nope"])


def test_a_long_recorded_text_shows_its_opening_and_is_stored_whole(monkeypatch):
    shown = []
    monkeypatch.setattr(story.facts, "_display", shown.append)
    long = "The rule wins. " + " ".join(f"word{i}" for i in range(60))
    story.record("writeup_decision", long, label="Decision")
    out = shown[-1]
    assert out[FACT_MIME]["text"] == long and out[FACT_MIME]["value"] == long  # the write-up gets every word
    assert out["text/plain"] == "Decision: The rule wins. … (63 words, stored whole for the write-up)"
    short = "Ship the rule."
    story.record("writeup_limitations", short)
    assert shown[-1]["text/plain"].endswith(": Ship the rule.")


def test_long_words_recorded_for_the_write_up_show_their_opening_only(monkeypatch):
    shown = []
    monkeypatch.setattr(story.facts, "_display", shown.append)
    long = "Keep v1. " + " ".join(f"reason{i}" for i in range(50))
    story.record_words("writeup_decision", "", suggestion=long, parameter="MY_DECISION")
    out = shown[-1]
    assert out[FACT_MIME]["text"] == long and out[FACT_MIME]["author"] == "kit"
    assert out["text/plain"] == (
        "Writeup decision: Keep v1. … (52 words, stored whole for the write-up) "
        "(suggested wording: write your own in MY_DECISION)"
    )
