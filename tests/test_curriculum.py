"""The concept map (docs/curriculum.md): every practice has a home that exists.

The map lives in the repository: each practice is a top-level bullet of
docs/curriculum.md, and under it one or more homes, either a notebook section or
exercise (``- home: notebook NN, "a phrase its cells contain"``) or a helper
(``- home: `aipm_kit.module.name` ``). A practice without a home, a home that
no longer exists (a renamed heading, a removed function) or a placeholder home
fails. When the team's master list (shared/CURRICULUM.md) is checked out beside
the repository, every practice listed there must also be in the map.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
MAP = REPO / "docs" / "curriculum.md"
SECTIONS = "ABCDEFGH"

_HOME_NB = re.compile(r'notebook (\d\d), "(.+)"$')
_HOME_FN = re.compile(r"`([\w.]+)`$")


@dataclass(frozen=True)
class Practice:
    section: str
    text: str
    homes: tuple[str, ...]


def _normalise(text: str) -> str:
    return " ".join(text.split()).strip()


def parse_map(text: str) -> list[Practice]:
    """The practices of a map in the docs/curriculum.md format, with their homes (raw strings)."""
    practices: list[Practice] = []
    section, lines, homes = None, [], []

    def close():
        if section and lines:
            practices.append(Practice(section, _normalise(" ".join(lines)), tuple(homes)))

    for line in text.splitlines():
        heading = re.match(r"## ([A-H])\. ", line)
        if heading or line.startswith("#"):
            close()
            section, lines, homes = (heading.group(1) if heading else None), [], []
        elif section is None:
            continue
        elif line.startswith("- "):
            close()
            lines, homes = [line[2:]], []
        elif line.startswith("  - home:"):
            homes.append(line.split(":", 1)[1].strip())
        elif line.startswith("  ") and lines and not homes:
            lines.append(line.strip())
    close()
    return practices


def shared_practices(text: str) -> list[tuple[str, str]]:
    """(section, text) for each practice of shared/CURRICULUM.md, the added ones under their [X] tag."""
    found: list[tuple[str, str]] = []
    section = None
    for line in text.splitlines():
        heading = re.match(r"## ([A-H])\. ", line)
        if line.startswith("## "):
            section = heading.group(1) if heading else None
            if section is None:
                section = "added" if line.startswith("## Added") else None
            continue
        tagged = re.match(r"- \[([A-H])(?:, project \d)?\] (.*)", line)
        if section == "added" and tagged:
            found.append([tagged.group(1), tagged.group(2)])
        elif section and section in SECTIONS and re.match(r"(- |\d\. )", line):
            found.append([section, re.sub(r"^(- |\d\. )", "", line)])
        elif section and section in SECTIONS and line.startswith("  ") and found:
            found[-1][1] += " " + line.strip()
    return [(s, _normalise(t)) for s, t in found]


PRACTICES = parse_map(MAP.read_text())


@cache
def _notebook_text(number: str) -> str:
    paths = sorted((REPO / "notebooks").glob(f"{number}_*.ipynb"))
    if not paths:
        return ""
    nb = nbformat.read(paths[0], as_version=4)
    return "\n".join(c.source for c in nb.cells).lower()


def _resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    while module:
        try:
            obj = importlib.import_module(module)
            break
        except ModuleNotFoundError:
            module, _, head = module.rpartition(".")
            attr = f"{head}.{attr}"
    else:
        raise ModuleNotFoundError(dotted)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def check_home(home: str) -> str | None:
    """None when the home exists, else why not."""
    nb = _HOME_NB.match(home)
    fn = _HOME_FN.match(home)
    if nb:
        number, phrase = nb.groups()
        text = _notebook_text(number)
        if not text:
            return f"notebook {number} does not exist"
        if phrase.lower() not in text:
            return f"notebook {number} no longer contains {phrase!r}"
        return None
    if fn:
        try:
            _resolve(fn.group(1))
        except (ImportError, AttributeError) as exc:
            return f"{fn.group(1)} is gone ({exc})"
        return None
    return f'{home!r} is not a home (expected notebook NN, "phrase" or `aipm_kit.name`)'


def test_the_map_has_every_section_and_practices_in_each():
    assert {p.section for p in PRACTICES} == set(SECTIONS)
    assert len(PRACTICES) >= 49


@pytest.mark.parametrize("practice", PRACTICES, ids=[f"{p.section}:{p.text[:40]}" for p in PRACTICES])
def test_every_practice_has_a_home(practice):
    assert practice.homes, f"{practice.section}: {practice.text[:60]!r} has no home"
    problems = [why for why in map(check_home, practice.homes) if why]
    assert not problems, f"{practice.section}: {practice.text[:60]!r}: " + "; ".join(problems)


def test_the_parser_and_checker_catch_a_missing_or_broken_home():
    text = (
        '## B. Stage\n\n- Has one.\n  - home: notebook 01, "Decision gate 1"\n- Has none.\n'
        "- Has a broken one, wrapped\n  over two lines.\n  - home: `aipm_kit.gates.no_such_thing`\n"
        "  - home: TODO\n"
    )
    parsed = parse_map(text)
    assert [(p.text, len(p.homes)) for p in parsed] == [
        ("Has one.", 1),
        ("Has none.", 0),
        ("Has a broken one, wrapped over two lines.", 2),
    ]
    assert check_home(parsed[0].homes[0]) is None
    assert "is gone" in check_home(parsed[2].homes[0])
    assert "is not a home" in check_home(parsed[2].homes[1])
    assert "no longer contains" in check_home('notebook 01, "a heading nobody wrote"')


def test_map_covers_every_practice_of_the_shared_curriculum():
    shared = REPO.parent / "shared" / "CURRICULUM.md"
    if not shared.exists():
        pytest.skip("shared/CURRICULUM.md is not beside this checkout; docs/curriculum.md is the map")
    here = {(p.section, p.text) for p in PRACTICES}
    missing = [f"[{s}] {t[:70]}" for s, t in shared_practices(shared.read_text()) if (s, t) not in here]
    assert not missing, "practices of CURRICULUM.md missing from docs/curriculum.md: " + "; ".join(missing)
