"""Results per tag (slice): pass rates with Wilson intervals, and paired comparisons with Holm-adjusted p-values,
each slice under a minimum n flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .comparison import _values
from .intervals import paired_difference_interval
from .significance import holm_adjust, mcnemar_exact


@dataclass(frozen=True)
class SliceTable:
    """Per-tag results; ``warning`` flags slices smaller than ``min_n``.

    Built by :func:`pass_rates_by_tag` and :func:`compare_by_tag`. ``to_frame()`` returns a
    copy of the table, ``warnings`` the non-empty warnings; it shows as text and as HTML.

    Parameters
    ----------
    title : str
        What the table holds, shown above it.
    frame : pandas.DataFrame
        One row per tag, with a ``warning`` column (empty text when the slice is large enough).
    min_n : int, default 30
        The slice size under which a slice is flagged.
    alpha : float, default 0.05
        The level the ``significant`` column of a comparison uses.

    Examples
    --------
    >>> import pandas as pd
    >>> t = SliceTable("m: pass rate by tag", pd.DataFrame({"tag": ["a", "b"], "n": [40, 3],
    ...                "warning": ["", "only 3 cases (< 30): too few to judge this slice alone"]}))
    >>> t.warnings
    ['only 3 cases (< 30): too few to judge this slice alone']
    """

    title: str
    frame: Any = field(repr=False)
    min_n: int = 30
    alpha: float = 0.05

    def to_frame(self):
        return self.frame.copy()

    @property
    def warnings(self) -> list[str]:
        return [w for w in self.frame["warning"] if w]

    def __repr__(self) -> str:
        return f"SliceTable({self.title}: {len(self.frame)} slices, {len(self.warnings)} with too few cases)\n{self.frame.to_string(index=False)}"

    def _repr_html_(self) -> str:
        from markupsafe import Markup

        from ...formatting import isolate_dollars_html
        from ...templating import render

        table = Markup(self.frame.to_html(index=False, float_format=lambda v: f"{v:.3g}"))
        return isolate_dollars_html(render("evals/slices.html.j2", title=self.title, table=table))


def _warning(n: int, min_n: int) -> str:
    return f"only {n} cases (< {min_n}): too few to judge this slice alone" if n < min_n else ""


def pass_rates_by_tag(run, *, min_n: int = 30, confidence: float = 0.95) -> SliceTable:
    """Pass rate per tag with a Wilson interval; slices under ``min_n`` cases get a warning.

    The tags are the (overlapping) groups of the kit's one by-group engine,
    :func:`aipm_kit.groups.group_metrics`; errors are counted, never scored.

    Parameters
    ----------
    run : EvalRun
        A run whose results carry tags.
    min_n : int
        Slices with fewer scored cases get a warning.
    confidence : float
        Coverage of the Wilson intervals.

    Returns
    -------
    SliceTable
        One row per tag: ``tag, n, errors, passed, pass_rate, ci_low, ci_high, warning``.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> run = R(model="m", results=[R(status="ok", passed=p, tags=("a",)) for p in (1, 1, 0)])
    >>> pass_rates_by_tag(run, min_n=2).to_frame()[["tag", "n", "passed", "pass_rate"]].round(3)
      tag  n  passed  pass_rate
    0   a  3       2      0.667
    """
    import pandas as pd

    from ...groups import group_metrics, rate

    scored = [r for r in run.results if r.status == "ok"]
    passed = np.array([bool(r.passed) for r in scored], dtype=bool)
    tags = sorted({t for r in run.results for t in r.tags})
    m = group_metrics(
        passed,
        passed,
        {tag: [i for i, r in enumerate(scored) if tag in r.tags] for tag in tags},
        metrics={"pass_rate": rate(lambda t, p: t)},
        confidence=confidence,
        min_n=min_n,
    )
    rows = []
    for tag in tags:
        n, errors = int(m.sizes[tag]), sum(1 for r in run.results if tag in r.tags and r.status != "ok")
        if not n:
            rows.append(
                {
                    "tag": tag,
                    "n": 0,
                    "errors": errors,
                    "passed": 0,
                    "pass_rate": float("nan"),
                    "ci_low": float("nan"),
                    "ci_high": float("nan"),
                    "warning": "no scored cases",
                }
            )
            continue
        k = int(m.successes.loc[tag, "pass_rate"])
        rows.append(
            {
                "tag": tag,
                "n": n,
                "errors": errors,
                "passed": k,
                "pass_rate": k / n,
                "ci_low": float(m.low.loc[tag, "pass_rate"]),
                "ci_high": float(m.high.loc[tag, "pass_rate"]),
                "warning": _warning(n, min_n) if m.small[tag] else "",
            }
        )
    return SliceTable(f"{run.model}: pass rate by tag", pd.DataFrame(rows), min_n)


def compare_by_tag(
    baseline,
    candidate,
    *,
    min_n: int = 30,
    alpha: float = 0.05,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
    interval: str = "bootstrap",
) -> SliceTable:
    """Paired comparison per tag of the pass rates of two runs on the same cases.

    For each tag: the difference of pass rates with a paired interval (``interval``:
    ``"bootstrap"`` or ``"newcombe"``), the exact McNemar p-value, and the Holm-adjusted
    p-value across the tags (``significant`` uses the adjusted one). Only cases both runs
    scored count; the tags are the baseline's. The bootstrap of the ``j``-th tag (in sorted
    order) uses ``seed + j``.

    Parameters
    ----------
    baseline, candidate : EvalRun
        Two runs over the same cases.
    min_n : int, default 30
        Slices with fewer paired cases get a warning.
    alpha : float, default 0.05
        Level of the ``significant`` column (on Holm-adjusted p-values).
    n_boot : int, default 2000
        Resamples of each bootstrap interval.
    confidence : float, default 0.95
        Coverage of the intervals, strictly between 0 and 1.
    seed : int, default 0
        Seed of the first tag's bootstrap.
    interval : {"bootstrap", "newcombe"}, default "bootstrap"
        The paired interval of each difference.

    Returns
    -------
    SliceTable
        One row per tag with paired cases: ``tag, n, baseline, candidate, difference,
        ci_low, ci_high, losses, wins, p_value, p_holm, significant, warning``.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes",
    ...                         "tags": ["even" if i % 2 == 0 else "odd"]} for i in range(20)])
    >>> a = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 2 else "no", name="a"), [scorers.includes])
    >>> b = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 3 else "no", name="b"), [scorers.includes])
    >>> compare_by_tag(a, b, min_n=5).to_frame()[["tag", "n", "baseline", "candidate", "wins", "losses", "p_holm"]]
        tag   n  baseline  candidate  wins  losses  p_holm
    0  even  10       0.0        0.6     6       0  0.0625
    1   odd  10       1.0        0.7     0       3  0.2500
    """
    import pandas as pd

    from ...groups import group_metrics, rate

    pa, pb = _values(baseline, "passed"), _values(candidate, "passed")
    tags_of = {r.case_id: r.tags for r in baseline.results}
    tags = sorted({t for ts in tags_of.values() for t in ts})
    common = [i for i in tags_of if i in pa and i in pb]
    a_all = np.array([pa[i] for i in common], dtype=float)
    b_all = np.array([pb[i] for i in common], dtype=float)
    m = group_metrics(
        a_all,
        b_all,
        {tag: [k for k, i in enumerate(common) if tag in tags_of[i]] for tag in tags},
        metrics={"baseline": rate(lambda a, b: a == 1), "candidate": rate(lambda a, b: b == 1)},
        min_n=min_n,
    )
    rows = []
    for j, tag in enumerate(tags):
        idx = [k for k, i in enumerate(common) if tag in tags_of[i]]
        if not idx:
            continue
        a, b = a_all[idx], b_all[idx]  # the paired interval and McNemar stay here: the engine is by group only
        diff = paired_difference_interval(a, b, interval=interval, n_boot=n_boot, confidence=confidence, seed=seed + j)
        mb = int(((a == 1) & (b == 0)).sum())
        mc = int(((a == 0) & (b == 1)).sum())
        n = int(m.sizes[tag])
        rows.append(
            {
                "tag": tag,
                "n": n,
                "baseline": m.by_group.loc[tag, "baseline"],
                "candidate": m.by_group.loc[tag, "candidate"],
                "difference": diff.estimate,
                "ci_low": diff.low,
                "ci_high": diff.high,
                "losses": mb,
                "wins": mc,
                "p_value": mcnemar_exact(mb, mc),
                "warning": _warning(n, min_n) if m.small[tag] else "",
            }
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        frame.insert(frame.columns.get_loc("p_value") + 1, "p_holm", holm_adjust(frame["p_value"].to_numpy()))
        frame.insert(frame.columns.get_loc("p_holm") + 1, "significant", frame["p_holm"] < alpha)
    return SliceTable(f"{candidate.model} vs {baseline.model} by tag", frame, min_n, alpha)
