"""Portfolio write-ups: a decision story rendered from a notebook's own recorded facts.

``aipm writeup NOTEBOOK -p SEED 7 [--out DIR] [--force]`` executes the
notebook with papermill under your parameters, reads the facts it recorded
with :func:`aipm_kit.story.record` (the text facts listed in
:data:`aipm_kit.story.WRITEUP_FACTS` and the figure
:data:`aipm_kit.story.WRITEUP_FIGURE`), and renders them twice: as Markdown
(``writeup.md``, the figure saved beside it) and as one self-contained HTML
page (``writeup.html``, the figure embedded), ready to publish.

The story follows the portfolio brief: the business risk, the decision (model
or rules, and why), the technical result beside the business result, latency
and cost, the ethical considerations, a before/after figure, the limitations,
and the exact parameters and package versions needed to reproduce it.

The words around the facts live in Jinja2 templates you can edit:
``aipm_kit/templates/writeup/default.md.j2`` and ``default.html.j2``. A
notebook can have its own (``templates/writeup/<notebook stem>.md.j2``), and
``--templates DIR`` puts your own folder (same layout) in front of the kit's.

A fact the notebook did not record is not invented: the write-up says which
cell should have recorded it (or that no cell does). An existing output folder
is never overwritten unless you pass ``--force``; even then the new write-up is
made in a temporary folder beside it and moved in only once it is complete, so
a failed run leaves the previous write-up as it was.

Modules, one idea each (every name above is importable from :mod:`aipm_kit.writeup` itself):

* :mod:`~aipm_kit.writeup.command`: the ``aipm writeup`` command and :func:`make_writeup`;
* :mod:`~aipm_kit.writeup.render`: the templates and :func:`render_writeup`;
* :mod:`~aipm_kit.writeup.facts`: the story's parts and the facts, numbers, versions and command they show;
* :mod:`~aipm_kit.writeup.files`: the safe write of the output folder (``--force``, staging, swap in);
* :mod:`~aipm_kit.writeup.result`: :class:`Section` and :class:`Writeup`;
* :mod:`~aipm_kit.writeup.parameters`: :func:`parse_parameters` and :func:`notebook_defaults`.
"""

from __future__ import annotations

from ..course_core import OUTPUT_FILES, check_out_folder  # noqa: F401  (re-exported: part of writeup's API)
from .command import make_writeup, register_cli, resolve_notebook
from .facts import (
    MAX_KEY_NUMBERS,
    NEUTRAL_HEADINGS,
    OPTIONAL_HEADINGS,
    REPRODUCTION_PACKAGES,
    SECTION_HEADINGS,
    _default_command,
    _notebook_steps,
    first_sentence,
    has_writeup_facts,
)
from .files import EXTRA_OUTPUT_FILES
from .parameters import notebook_defaults, parse_parameters, parse_value
from .render import EXTRA_FIGURE_LIMIT, FORMATS, TEMPLATES, escape_markdown_dollars, render_writeup
from .result import Section, Writeup
