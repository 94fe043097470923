"""Reading a built page back: its headings (with their ids) and the text of each section, for the
sidebar's section list and the search index."""

from __future__ import annotations

from html.parser import HTMLParser

_SECTION_TEXT = 3000  # characters of a section's text kept in the search index


_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "th",
        "tr",
        "pre",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
    }
)


class _Outline(HTMLParser):
    """The headings (with their ids) and the text of each section of a rendered page's ``<main>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.skip = 0
        self.links: list[bool] = []
        self.divs: list[bool] = []
        self.heading: dict | None = None
        self.sections = [{"a": "", "h": "", "level": 0, "x": []}]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "a":
            anchor = "anchor-link" in (attrs.get("class") or "")
            self.links.append(anchor)
            self.skip += anchor
        elif tag == "div":  # the "In [3]:" prompts are not content
            prompt = any(c in (attrs.get("class") or "") for c in ("jp-InputPrompt", "jp-OutputPrompt"))
            self.divs.append(prompt)
            self.skip += prompt
        elif tag in ("h1", "h2", "h3") and attrs.get("id") and self.heading is None:
            self.heading = {"a": attrs["id"], "level": int(tag[1]), "h": [], "tag": tag}

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if not self.in_main:
            return
        if tag in _BLOCKS and not self.skip:  # words of adjacent blocks stay apart
            (self.heading["h"] if self.heading is not None else self.sections[-1]["x"]).append(" ")
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        elif tag == "a" and self.links:
            self.skip -= self.links.pop()
        elif tag == "div" and self.divs:
            self.skip -= self.divs.pop()
        elif self.heading and tag == self.heading["tag"]:
            text = " ".join("".join(self.heading["h"]).split())
            self.sections.append({"a": self.heading["a"], "h": text, "level": self.heading["level"], "x": []})
            self.heading = None

    def handle_data(self, data):
        if not self.in_main or self.skip:
            return
        if self.heading is not None:
            self.heading["h"].append(data)
        else:
            self.sections[-1]["x"].append(data)

    def result(self) -> list[dict]:
        found = []
        for s in self.sections:
            text = " ".join("".join(s["x"]).split())
            if s["h"] or text:
                found.append({"a": s["a"], "h": s["h"], "level": s["level"], "x": text[:_SECTION_TEXT]})
        return found


def outline(body: str) -> list[dict]:
    """``[{"a": id, "h": heading, "level": 1-3, "x": text}, ...]``: the sections of a rendered page.

    Only the page's ``<main>`` is read. A section starts at each ``h1``, ``h2`` or ``h3`` that has an ``id``;
    its text is every word up to the next such heading, whitespace collapsed, without scripts, styles,
    heading anchor links or the ``In [3]:`` prompts, cut at 3000 characters. Text before the first heading
    is a section with an empty id and heading; a section with neither heading nor text is dropped.

    Parameters
    ----------
    body : str
        A page's HTML, as :func:`render_html` makes it.

    Returns
    -------
    list of dict
        One dict per section, in page order: ``"a"`` the heading's id, ``"h"`` its text, ``"level"``
        1 to 3 (0 before the first heading) and ``"x"`` the section's text.

    Examples
    --------
    >>> outline("<nav>skipped</nav><main><p>Intro</p><h2 id='risk'>The risk</h2><p>Fraud</p><p>costs.</p></main>")
    [{'a': '', 'h': '', 'level': 0, 'x': 'Intro'}, {'a': 'risk', 'h': 'The risk', 'level': 2, 'x': 'Fraud costs.'}]
    """
    parser = _Outline()
    parser.feed(body)
    parser.close()
    return parser.result()
