"""Finding one's way round the site: the prev / contents / next bars with a page's meta line, the
sidebar (search box and contents), and the search index written with the site's assets."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..palette import BAD
from ._common import ASSETS, EDITION_LABEL, INSTRUCTOR

if TYPE_CHECKING:  # pragma: no cover
    from ..course_core import NotebookRun


def parameters_text(parameters: dict) -> str:
    """The run's parameters for a page's meta line: ``"FAST mode, SEED 7"``."""
    parts = ["FAST mode" if parameters.get("FAST") else "full data"]
    parts += [f"{k} {v}" for k, v in parameters.items() if k != "FAST"]
    return ", ".join(parts)


def _run_parameters(r: NotebookRun) -> dict:
    if r.parameters:
        return dict(r.parameters)
    try:
        from ..story import read_notebook

        return dict(read_notebook(r.executed).metadata.get("papermill", {}).get("parameters", {}) or {})
    except Exception:
        return {}


def _verdict_html(verdict: str) -> str:
    if not verdict:
        return "&ndash;"
    from ..gates import VERDICT_COLOURS

    colour = VERDICT_COLOURS.get(verdict, BAD)
    return f"<b style='color:{colour}'>{html.escape(verdict)}</b>"


def _label(r: NotebookRun) -> str:
    return html.escape(r.title or r.name)


def _nav(runs: list[NotebookRun], i: int, edition: str, *, bottom: bool = False) -> str:
    """The prev / contents / next bar of notebook ``i``'s page (the top one with the meta line)."""
    r = runs[i]

    def link(other: NotebookRun, rel: str) -> str:
        text = f"← {_label(other)}" if rel == "prev" else f"{_label(other)} →"
        if not other.html:
            return f"<span>{text}</span>"
        return f"<a href='{html.escape(other.name)}.html' rel='{rel}'>{text}</a>"

    prev = link(runs[i - 1], "prev") if i > 0 else "<span></span>"
    nxt = link(runs[i + 1], "next") if i + 1 < len(runs) else "<span></span>"
    contents = "<a href='index.html'>Contents</a>"
    cls = "aipm-nav bottom" if bottom else "aipm-nav"
    if bottom:
        middle = f"<span class='meta'>{contents} · <a href='#'>top of page</a></span>"
        return f"<nav class='{cls}' aria-label='course navigation'>{prev}{middle}{nxt}</nav>"
    meta = [
        f"ran in {r.seconds:.1f} s" + (" (earlier run)" if r.earlier else ""),
        html.escape(parameters_text(_run_parameters(r))),
    ]
    if r.verdict:
        meta.append(f"gate: <span class='{html.escape(r.verdict.replace(' ', '-'))}'>{html.escape(r.verdict)}</span>")
    if not r.ok:
        meta.append(f"<span class='failed'>failed: {html.escape(r.error)}</span>")
    if r.writeup:
        meta.append(f"<a href='writeups/{html.escape(r.name)}/writeup.html'>write-up</a>")
    if edition == INSTRUCTOR:
        meta.append(f"<a href='notebooks/{html.escape(r.name)}.ipynb'>executed .ipynb</a>")
    middle = f"<span class='meta'>{contents} · {' · '.join(meta)}</span>"
    return f"<nav class='{cls}' aria-label='course navigation'>{prev}{middle}{nxt}</nav>"


def _sidebar(runs: list[NotebookRun], edition: str, current: str = "", headings: list[dict] = ()) -> str:
    """Search box and contents: every notebook, the current one marked with its section headings."""
    items = []
    for r in runs:
        label = _label(r)
        here = r.name == current
        current_attr = ' aria-current="page"' if here else ""
        link = f"<a href='{html.escape(r.name)}.html'{current_attr}>{label}</a>" if r.html else f"<span>{label}</span>"
        sections = ""
        if here and headings:
            sections = (
                "<ol class='aipm-sections'>"
                + "".join(f"<li><a href='#{html.escape(h['a'])}'>{html.escape(h['h'])}</a></li>" for h in headings)
                + "</ol>"
            )
        items.append(f"<li{' class=current' if here else ''}>{link}{sections}</li>")
    return (
        f"<nav aria-label='course contents'>"
        f"<p class='aipm-brand'><a href='index.html'>aipm-kit course</a>"
        f"<span class='aipm-edition'>{html.escape(EDITION_LABEL[edition])}</span></p>"
        f"<div class='aipm-search' role='search'><label for='aipm-search'>Search the course</label>"
        f"<input id='aipm-search' type='search' placeholder='e.g. precision, drift, A/B' autocomplete='off'>"
        f"<ol id='aipm-search-results' class='aipm-results' aria-live='polite' hidden></ol></div>"
        f"<details class='aipm-toc' open><summary>Contents</summary><ol>{''.join(items)}</ol></details>"
        f"</nav>"
    )


def _search_entries(r: NotebookRun, sections: list[dict]) -> list[dict]:
    title = r.title or r.name
    return [{"p": f"{r.name}.html", "t": title, "h": s["h"] or title, "a": s["a"], "x": s["x"]} for s in sections]


def _write_assets(root: Path, entries: list[dict]) -> None:
    assets = root / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    (assets / "search-index.js").write_text(
        "/* The course site's search index (generated by aipm run; read by site.js). */\n"
        "window.AIPM_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n",
        encoding="utf-8",
    )
