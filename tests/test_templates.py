"""The kit's HTML is written as Jinja templates, rendered through one autoescaping environment.

A module that builds markup in a Python string (outside its docstrings) fails here, unless ``ALLOWED`` names
the string with its reason; a template no module renders fails too, so the folder holds no dead pages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from aipm_kit import gates, templating

PACKAGE = Path(templating.__file__).resolve().parent
TAG = re.compile(r"<(table|tr|td|th|div|p|span|h[1-6]|ul|ol|li|a|b|i|code|small|img|figure|style|html|body|br)[\s>/]")

#: (module path relative to aipm_kit, the literal's opening) -> why it is not a template
ALLOWED = {
    ("formatting.py", "<span>"): "isolating a dollar sign is a text transform applied to any HTML, not a page",
    ("formatting.py", "(?<!<span>)"): "the regular expression that finds a dollar not yet isolated",
    ("story/facts.py", "<figure "): "the plain-text stand-in of a recorded figure (text/plain), not HTML",
    ("writeup/render.py", "<p>"): "the fallback of the Markdown filter when mistune is missing",
}


def markup_literals(root: Path) -> list[tuple[str, int, str]]:
    """``(module, line, literal)`` for each string literal outside a docstring that holds an HTML tag."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and TAG.search(node.value)
            ):
                found.append((path.relative_to(root).as_posix(), node.lineno, node.value))
    return found


def _allowed(module: str, literal: str) -> bool:
    return any(module == m and literal.startswith(opening) for m, opening in ALLOWED)


def test_no_module_writes_html_in_a_python_string():
    stray = [
        f"aipm_kit/{m}:{line}: {text[:60]!r}" for m, line, text in markup_literals(PACKAGE) if not _allowed(m, text)
    ]
    assert not stray, "write this HTML as a template under aipm_kit/templates/html/:\n" + "\n".join(stray)


def test_every_allowed_literal_is_still_there():
    here = markup_literals(PACKAGE)
    gone = [key for key in ALLOWED if not any(m == key[0] and text.startswith(key[1]) for m, _, text in here)]
    assert not gone, f"remove these from ALLOWED: {gone}"


def test_every_template_is_rendered_by_some_module():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    templates = sorted(templating.HTML_TEMPLATES.rglob("*.j2"))
    assert len(templates) >= 15
    for template in templates:
        name = template.relative_to(templating.HTML_TEMPLATES).as_posix()
        imported = any(f'"{name}"' in t.read_text(encoding="utf-8") for t in templates if t != template)
        assert f'"{name}"' in sources or imported, f"{name} is rendered by no module and imported by no template"


def test_the_checker_finds_markup_in_code_and_not_in_docstrings(tmp_path):
    (tmp_path / "page.py").write_text(
        '"""A module. Builds <table> rows."""\n'
        "def row(x):\n"
        '    """One <tr> row."""\n'
        "    return f'<tr><td>{x}</td></tr>'\n"
        "LABEL = 'a < b and c > d'\n"
    )
    found = markup_literals(tmp_path)
    assert [(m, line) for m, line, _ in found] == [("page.py", 4)]


def test_text_from_a_notebook_is_escaped_never_read_as_markup():
    gate = gates.Gate("Gate <script>", [gates.criterion("<b>recall</b>", 0.6, ">=", 0.5, evidence="a & b")])
    page = gate.to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;recall&lt;/b&gt;" in page and "a &amp; b" in page


def test_a_missing_name_is_an_error_not_an_empty_cell():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        templating.render(
            "gate.html.j2", gate=gates.Gate("G", [gates.criterion("r", 1, ">=", 0, evidence="e")]), rows=[]
        )
