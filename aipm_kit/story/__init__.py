"""Record the facts a write-up needs, inside the notebook's own outputs.

``record("rule_recall", 0.15, label="Rule recall", fmt="{:.1%}")`` shows a
readable line in the notebook and stores the value as a JSON output under the
MIME type :data:`FACT_MIME`. Because the fact lives in the executed notebook
file, :func:`read_facts` can read it back later (for the course index, the
write-ups and the tests) without re-running anything.

:func:`md` displays Markdown built from computed numbers: the way every
number in the kit's prose is produced.
"""

from ..formatting import MONEY_DOLLAR, escape_dollars, format_money, sign_before_dollar  # noqa: F401  (part of story's API)
from .facts import (  # noqa: F401
    BRIEF_WORDS,
    FACT_MIME,
    FIGURE_MIME,
    WRITEUP_EXTRA_FIGURE_PREFIX,
    WRITEUP_FACTS,
    WRITEUP_FIGURE,
    WRITEUP_OPTIONAL_FACTS,
    Fact,
    _brief,
    _display,
    _jsonable,
    format_value,
    md,
    record,
    record_figure,
    record_table,
    record_words,
)
from .reading import _outputs, read_facts, read_figures, read_notebook, where_recorded  # noqa: F401
