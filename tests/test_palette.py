"""The kit's colours are named once, in aipm_kit.palette, and every user takes them from there."""

from __future__ import annotations

import re
from pathlib import Path

from aipm_kit import gates, palette, plots

PACKAGE = Path(palette.__file__).resolve().parent

#: Modules being split into packages by other work; their colours move to the palette after the split lands.
NOT_YET_MOVED: set[str] = set()  # modules still spelling out a palette colour (none left)


def test_palette_is_okabe_ito_and_each_role_has_its_colour():
    okabe_ito = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    assert palette.PALETTE == okabe_ito
    assert (palette.NEUTRAL, palette.ACCENT, palette.GOOD, palette.BAD, palette.BLACK) == (
        okabe_ito[0],
        okabe_ito[1],
        okabe_ito[2],
        okabe_ito[3],
        okabe_ito[7],
    )
    assert palette.CAUTION == "#B07400" and palette.WHITE == "#FFFFFF" and palette.INK == "#1d1d1f"
    assert set(palette.COLOURS) == set(palette.__all__) - {"PALETTE", "COLOURS"}
    assert all(palette.COLOURS[name] == getattr(palette, name) for name in palette.COLOURS)


def test_old_names_still_work_and_are_the_same_objects():
    assert plots.PALETTE is palette.PALETTE
    assert (plots.GOOD, plots.BAD, plots.NEUTRAL, plots.ACCENT) == ("#009E73", "#D55E00", "#0072B2", "#E69F00")
    assert gates.VERDICT_COLOURS == {"GO": "#009E73", "NO-GO": "#D55E00", "NOT YET": "#B07400"}
    assert gates._STATUS_COLOURS == {"pass": "#009E73", "fail": "#D55E00", "inconclusive": "#B07400"}


def test_verdict_colours_agree_everywhere_a_verdict_is_shown():
    from aipm_kit.evals import report

    css = report._CSS
    assert f".go{{color:{gates.VERDICT_COLOURS['GO']}" in css
    assert f".nogo{{color:{gates.VERDICT_COLOURS['NO-GO']}" in css
    assert f".notyet{{color:{gates.VERDICT_COLOURS['NOT YET']}" in css


def test_no_module_spells_out_a_named_colour():
    """A palette colour written as a hex code anywhere but palette.py is a second copy of it."""
    named = {v.lower() for v in palette.COLOURS.values()} | {v.lower() for v in palette.PALETTE}
    pattern = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "palette.py" or rel in NOT_YET_MOVED:
            continue
        hits = sorted(
            {m.group(0) for m in pattern.finditer(path.read_text(encoding="utf-8")) if m.group(0).lower() in named}
        )
        if hits:
            found[rel] = hits
    for path in sorted((PACKAGE / "templates" / "writeup").glob("*.j2")):
        hits = sorted(
            {m.group(0) for m in pattern.finditer(path.read_text(encoding="utf-8")) if m.group(0).lower() in named}
        )
        if hits:
            found[path.name] = hits
    assert not found, f"use the names in aipm_kit.palette instead: {found}"


def test_writeup_templates_get_the_palette(tmp_path):
    import jinja2

    from aipm_kit import writeup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(writeup.TEMPLATES)), undefined=jinja2.StrictUndefined)
    source = env.loader.get_source(env, "writeup/default.html.j2")[0]
    style = source[source.index("<style>") : source.index("</style>")]
    css = env.from_string(style).render(palette=palette.COLOURS)
    assert "--good: #009E73; --bad: #D55E00; --ink: #1d1d1f;" in css and "--accent: #0072B2;" in css
    assert "border-left: 4px solid #B07400" in css and "color: #B07400" in css
