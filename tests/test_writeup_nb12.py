"""`aipm writeup 12`: the learner's call goes in verbatim, with the monthly comparison, recall by airline, the
dashboard's static view and the paging replay beside the before/after figure."""

from __future__ import annotations

import base64
from pathlib import Path

from aipm_kit import story
from aipm_kit.cli import main

NB12 = Path(__file__).resolve().parent.parent / "notebooks" / "12_portfolio_drift_dashboard.ipynb"


def test_portfolio_12_write_up_carries_the_learners_call_and_the_dashboard(tmp_path, capsys):
    words = "Page only when the week's AUC interval falls under the line; no paging on input PSI."
    out = tmp_path / "w"
    title, result = "Weekly paging would not have paid in 2013", "Never paging was the cheapest rule I replayed."
    rc = main(
        [
            "writeup",
            str(NB12),
            "-p",
            "FAST",
            "True",
            "-p",
            "MY_DECISION",
            words,
            "-p",
            "MY_TITLE",
            title,
            "-p",
            "MY_RESULT",
            result,
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    md = (out / "writeup.md").read_text(encoding="utf-8")
    # the headline and the lead Result line are the author's words, not marked as the kit's
    assert md.startswith(f"# {title}") or f"\n# {title}\n" in md
    lead = next(line for line in md.splitlines() if line.startswith("**Result.**"))
    assert lead == f"**Result.** {result}"
    assert words in md and md.index("**Decision.** " + words.split(";")[0]) < md.index("## The business risk")
    figures = story.read_figures(out / "executed.ipynb")
    assert (out / "figure_2.png").read_bytes() == base64.b64decode(figures["writeup_figure_months"]["png"])
    # in the order the notebook records them: months, the score's drift, recall by airline, the dashboard, paging
    for number, key in enumerate(
        (
            "writeup_figure_months",
            "writeup_figure_score",
            "writeup_figure_groups",
            "writeup_figure_dashboard",
            "writeup_figure_paging",
        ),
        2,
    ):
        assert (out / f"figure_{number}.png").read_bytes() == base64.b64decode(figures[key]["png"]), key
        assert f"](figure_{number}.png)" in md, key
    assert "](before_after.png)" in md
    assert "aipm dashboard" in md  # how to run the live dashboard
    key = md[md.index("## Key numbers") : md.index("## Reproduce")]
    assert 1 <= sum(line.startswith("- ") for line in key.splitlines()) <= 10
    assert "MY_LIMITATIONS" in capsys.readouterr().err  # left empty: the kit's wording, and the command says so
