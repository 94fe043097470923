"""The course site: a learner site to publish and an instructor site with the answers, from one build.

:func:`aipm_kit.course.run_course` executes the notebooks, then calls :func:`write_site`, which
writes under ``out`` (``build/`` by default)::

    index.html                    landing page for whoever ran the build: the run summary (what ran,
                                  runtimes, gate verdicts, failures and how to resume), links to both sites
    course.json                   what ran, when, how long, with which verdict (read back by ``--only``)
    notebooks/NN_name.ipynb       the executed answer notebooks (papermill output)
    writeups/NN_name/             the write-ups as the run rendered them
    learner/                      PUBLISH THIS FOLDER: it holds no answers
        index.html                contents: title, PM job, learner time, runtime, gate verdict, write-up
        NN_name.html              one page per notebook
        writeups/NN_name/         the write-ups (writeup.html, writeup.md, before_after.png)
        assets/                   site.css, site.js and search-index.js (the search index, a plain script)
    instructor/                   the same pages with the worked answers; keep it private
        notebooks/NN_name.ipynb   copies of the executed notebooks, linked from each page

What each page shows
    Both sites: the page title is the notebook's ``# NN · Title`` heading; a sidebar lists every
    notebook (the current one marked, with its section headings) under a search box that works
    from ``file://`` with no network request (the index is a script loaded with ``<script src>``);
    prev / contents / next links above and below; the run's parameters once in the meta line
    ("FAST mode", "SEED 7"). Papermill's injected-parameters cell and the cells tagged
    ``remove-cell`` (the exercises' hidden self-tests) are left out. A widget cannot run on a
    static page: its static rendering (an image or HTML) is shown when the output has one,
    otherwise a short note, never its ``VBox(children=...`` repr.

    Learner site: each notebook as :func:`aipm_kit.student.make_student_notebook` hands it out
    (solution cells replaced by their exercise stubs), with the executed outputs of every other
    cell; exercise cells show no output (so no "Correct" verdict), ``qN.solution()`` cells show a
    note instead of the answer, and nothing links to the executed answer notebooks.

    Instructor site: the executed notebooks as they ran, answers and verdicts included, each page
    linking its executed ``.ipynb``.

Escaped currency dollars (``\\$5``) in Markdown are written as ``&#36;`` (the reader sees ``$``) so
that a page's HTML still tells them apart from bare ones, which MathJax in JupyterLab reads as maths.

Modules, one idea each (every name above is importable from :mod:`aipm_kit.site` itself):

* :mod:`~aipm_kit.site.build`: the whole site from one run (:func:`write_site`, :func:`site_paths`);
* :mod:`~aipm_kit.site.render`: one page (:func:`render_html`);
* :mod:`~aipm_kit.site.learner`: the learner's copy of an executed notebook (:func:`learner_notebook`);
* :mod:`~aipm_kit.site.static`: what a page shows in place of a widget (:func:`static_outputs`);
* :mod:`~aipm_kit.site.sections`: the headings and sections of a built page (:func:`outline`);
* :mod:`~aipm_kit.site.navigation`: the navigation bars, the sidebar and the search index;
* :mod:`~aipm_kit.site.contents`: the contents pages and the landing page (:func:`write_index`,
  :func:`write_landing`);
* :mod:`~aipm_kit.site._common`: the two editions and where their pages go (:func:`page_path`).
"""

from __future__ import annotations

from ._common import ASSETS, EDITION_LABEL, EDITIONS, INSTRUCTOR, LEARNER, page_path
from .build import site_paths, write_site
from .contents import write_index, write_landing
from .learner import SOLUTION_NOTE, learner_notebook
from .navigation import parameters_text
from .render import HIDDEN_TAGS, render_html
from .sections import outline
from .static import WIDGET_NOTE, WIDGET_VIEW, is_widget_repr, static_outputs
