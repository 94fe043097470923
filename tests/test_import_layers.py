"""aipm_kit's imports flow one way: foundation -> domain -> presentation -> course tooling, with no cycle.

Every module of the package is parsed with ``ast``; every ``import``/``from ... import`` counts, at the top
of a module or inside a function (a lazy import is still a dependency), relative or absolute, and those
under ``if TYPE_CHECKING:`` too. The graph is read from the source, so a module need not be importable here.
Names reached only through strings (``_lazy.lazy_exports`` maps, the CLI's command table) are not edges: they
are the package's deliberate late binding, and each points down or sideways.

Each module is assigned to one layer below. A new module must be given a layer, or the test fails.
A module may import from its own layer or any layer beneath it. The few upward imports not yet moved are
listed in ``ALLOWED`` with the reason, so the debt is visible; an entry that is no longer needed fails too,
so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "aipm_kit"

#: Layers from the bottom up; a module's names are relative to ``aipm_kit`` ("" is the package itself).
LAYERS: dict[str, set[str]] = {
    # checks, formatting, runtime settings, data files: no import from the rest of the kit above this layer
    # story is the kit's record of facts: like a log, any layer may record a number it computed
    "foundation": {
        "",
        "_checks",
        "_lazy",
        "formatting",
        "palette",
        "runtime",
        "data",
        "intervals",
        "story",
        "templating",
    },
    # the statistics and models: numbers in, results out, no figures and no HTML
    "domain": {
        # a gate is a decision rule: criteria decided on their intervals, and the verdict they give
        "gates",
        "metrics",
        "models",
        "scenarios",
        "experiments",
        "fairness",
        "labels",
        "versioning",
        "drift",
        "monitoring",
        "planning",
        "periods",
        "groups",
        "metrics._common",
        "metrics.counts",
        "metrics.metric_intervals",
        "metrics.alerts",
        "metrics.segments",
        "metrics.business",
        "drift.bands",
        "drift.catalogue",
        "drift.counts",
        "drift.binning",
        "drift.results",
        "drift.statistics",
        "drift.report",
        "drift.periods",
        "drift.histograms",
        "drift.psi_intervals",
        "planning._common",
        "planning.business_case",
        "planning.weekly_accuracy",
        "planning.options",
        "planning.precision",
        "planning.roadmap",
        "planning.explainability",
        "planning.screening",
        "monitoring._common",
        "monitoring.shadow",
        "monitoring.metrics",
        "monitoring.rules",
        "monitoring.fallback",
        "monitoring.rollout",
        "monitoring.retraining",
        "monitoring.logs",
        "recsys",
        "recsys.data",
        "recsys.recommenders",
        "recsys.audit",
        "recsys.probes",
        "recsys.recommenders.ranking",
        "recsys.recommenders.base",
        "recsys.recommenders.neighbours",
        "recsys.recommenders.factorisation",
        "recsys.recommenders.content",
        "recsys.recommenders.reranking",
        "recsys.recommenders.reference",
        "recsys.audit.accuracy",
        "recsys.audit.catalogue",
        "recsys.audit.list_qualities",
        "recsys.audit.bootstrap",
        "recsys.audit.frame",
        "scenarios._common",
        "scenarios.payments",
        "scenarios.views",
        "scenarios.alerts",
        "evals",
        "evals.cases",
        "evals.response",
        "evals.adapters",
        "evals.endpoint",
        "evals.scorers",
        "evals.judges",
        "evals.prompts",
        "evals.results_log",
        "evals.runner",
        "evals.stats",
        "evals.clusters",
        "agents",
        "agents.world",
        "agents.tasks",
        "agents.scripted",
        "agents.chat",
        "agents.scoring",
        "agents.log",
        "communicate._common",
        "communicate.rollback",
        "communicate.result",
        "communicate.f1_money",
        "evals.scorers.score",
        "evals.scorers.matching",
        "evals.scorers.overlap",
        "evals.scorers.vectors",
        "evals.scorers.options",
        "experiments._common",
        "experiments.two_proportion",
        "experiments.power",
        "experiments.sequential",
        "experiments.latency",
        "experiments.paired",
        "versioning.fingerprints",
        "versioning.registry",
        "versioning.changes",
        "versioning.lineage",
        "labels._common",
        "labels.support",
        "labels.agreement",
        "labels.disagreements",
        "labels.bias",
        "labels.effort",
    },
    # what a reader sees: figures, dashboards, gates, recorded facts, texts for an audience, reports
    "presentation": {
        "plots",
        "widgets",
        "widgets_threshold",
        "liveview",
        "communicate",
        "interview",
        "evals.gate",
        "evals.report",
        "agents.report",
        "monitoring.dashboard",
        "plots.base",
        "plots.scale",
        "plots.period_axis",
        "plots.heatmap",
        "plots.report_heatmap",
        "plots.panel",
        "plots.distribution",
        "plots.performance",
        "communicate.decision",
        "communicate.engineering",
        "communicate.executive",
        "communicate.legal",
        "communicate.finance",
        "communicate.support",
        "communicate.briefing",
        "interview.sentiment",
        "interview.slices",
        "interview.reports",
        "interview.maturity",
        "interview.careers",
        "interview.publishing",
        "apps",
        "apps.dashboard_view",
        "apps.dashboard_figures",
        "apps.dashboard_widget",
        "apps.dashboard",
        "apps.flights",
        "apps.voila",
        "apps.threshold_explorer",
    },
    # commands and the course around the notebooks: runs, site, write-ups, student copies, exercises
    "course tooling": {
        "course_core",
        "course",
        "site",
        "writeup",
        "site._common",
        "site.static",
        "site.learner",
        "site.render",
        "site.sections",
        "site.navigation",
        "site.contents",
        "site.build",
        "writeup.parameters",
        "writeup.result",
        "writeup.facts",
        "writeup.files",
        "writeup.render",
        "writeup.command",
        "student",
        "classroom",
        "doctor",
        "cli",
        "evals.cli",
        "exercises",
        "exercises._gatecall",
        "exercises.nb00",
        "exercises.nb01",
        "exercises.nb02",
        "exercises.nb03",
        "exercises.nb04",
        "exercises.nb05",
        "exercises.nb06",
        "exercises.nb10",
        "exercises.nb11",
        "exercises.nb12",
        "exercises.nb13",
    },
}

#: Upward imports still in the code (importer, imported), each a lazy import inside a function or method.
ALLOWED: dict[tuple[str, str], str] = {}


# --------------------------------------------------------------------------- the checker


def module_names(root: Path) -> dict[str, tuple[Path, bool]]:
    """Every module under ``root`` by dotted name relative to it (a package is its folder's name)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        names[".".join(parts)] = (path, is_package)
    return names


def _relative(full: str, package: str) -> str | None:
    """``full`` relative to ``package`` ("" for the package itself), or None when it lies outside it."""
    if full == package:
        return ""
    return full[len(package) + 1 :] if full.startswith(package + ".") else None


def _module(name: str, modules) -> str:
    """The module ``name`` is, or the closest package above it (a name imported from a module is that module)."""
    while name not in modules and name:
        name = name.rpartition(".")[0]
    return name


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """``{module: modules of the same package it imports}``, read with ``ast`` from every file under ``root``."""
    modules = module_names(root)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        here = [package, *name.split(".")] if name else [package]
        if not is_package:
            here = here[:-1]  # a module's relative imports start from its package
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ".".join(here[: len(here) - node.level + 1] + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                # ``from pkg import sub`` imports the module pkg.sub when there is one, else a name of pkg
                for alias in node.names:
                    sub = _relative(f"{base}.{alias.name}", package)
                    imported.add(f"{base}.{alias.name}" if sub in modules else base)
        targets = {_module(rel, modules) for rel in (_relative(full, package) for full in imported) if rel is not None}
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (strongly connected, size > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def layer_of(layers: dict[str, set[str]]) -> dict[str, int]:
    return {module: rank for rank, members in enumerate(layers.values()) for module in members}


def rank_of(module: str, rank: dict[str, int]) -> int | None:
    """The layer of ``module``: its own entry, else that of the closest package above it that has one.

    A part of a package sits in the package's layer unless LAYERS names it, so splitting a module into a
    package needs no new entry. The package itself ("") is never inherited: a new top-level module must be
    given a layer.
    """
    name = module
    while name:
        if name in rank:
            return rank[name]
        name = name.rpartition(".")[0]
    return rank.get("") if module == "" else None


def unassigned(graph: dict[str, set[str]], layers: dict[str, set[str]]) -> list[str]:
    rank = layer_of(layers)
    return sorted(m for m in graph if rank_of(m, rank) is None)


def upward_imports(
    graph: dict[str, set[str]], layers: dict[str, set[str]], allowed=()
) -> list[tuple[str, str, str, str]]:
    """``(importer, imported, importer's layer, imported's layer)`` for every import from a higher layer."""
    rank, names = layer_of(layers), list(layers)
    found = []
    for a, targets in graph.items():
        for b in targets:
            ra, rb = rank_of(a, rank), rank_of(b, rank)
            if ra is not None and rb is not None and rb > ra and (a, b) not in allowed:
                found.append((a, b, names[ra], names[rb]))
    return sorted(found)


# --------------------------------------------------------------------------- the kit


@pytest.fixture(scope="module")
def graph():
    return import_graph(PACKAGE, "aipm_kit")


def _show(name: str) -> str:
    return f"aipm_kit.{name}" if name else "aipm_kit"


def test_no_import_cycle(graph):
    cycles = find_cycles(graph)
    assert not cycles, "modules that import each other: " + "; ".join(
        " <-> ".join(_show(m) for m in group) for group in cycles
    )


def test_every_module_has_a_layer(graph):
    missing = unassigned(graph, LAYERS)
    assert not missing, f"give these modules a layer in LAYERS: {[_show(m) for m in missing]}"
    stale = sorted(set(layer_of(LAYERS)) - set(graph))
    assert not stale, f"LAYERS names modules that do not exist: {[_show(m) for m in stale]}"
    twice = [m for m in layer_of(LAYERS) if sum(m in members for members in LAYERS.values()) > 1]
    assert not twice, f"modules in two layers: {twice}"


def test_no_module_imports_from_a_layer_above_it(graph):
    up = upward_imports(graph, LAYERS, ALLOWED)
    assert not up, "upward imports: " + "; ".join(f"{_show(a)} ({la}) imports {_show(b)} ({lb})" for a, b, la, lb in up)


def test_every_allowed_upward_import_is_still_there(graph):
    gone = sorted(pair for pair in ALLOWED if pair[1] not in graph.get(pair[0], set()))
    assert not gone, f"remove these from ALLOWED, they are fixed: {gone}"
    sideways = sorted(pair for pair in ALLOWED if not upward_imports({pair[0]: {pair[1]}}, LAYERS))
    assert not sideways, f"these ALLOWED imports are not upward, remove them: {sideways}"


# --------------------------------------------------------------------------- the checker can fail

SYNTHETIC_LAYERS = {"low": {"base", "a", "b"}, "high": {"top"}}


def test_checker_reports_a_cycle_and_an_upward_import_in_a_made_up_graph():
    graph = {"base": {"top"}, "a": {"b"}, "b": {"a", "base"}, "top": {"base"}}
    assert find_cycles(graph) == [["a", "b"], ["base", "top"]]
    assert upward_imports(graph, SYNTHETIC_LAYERS) == [("base", "top", "low", "high")]
    assert upward_imports(graph, SYNTHETIC_LAYERS, {("base", "top")}) == []
    assert unassigned({**graph, "new": set()}, SYNTHETIC_LAYERS) == ["new"]


def test_a_part_of_a_package_takes_the_package_layer_unless_named():
    layers = {"low": {"", "base", "base.parts"}, "high": {"top", "base.parts.view"}}
    graph = {
        "": set(),
        "base": set(),
        "base.parts": set(),
        "base.parts.maths": {"top"},
        "base.parts.view": {"top"},
        "top": set(),
        "top.sub": {"base.parts.view"},
        "loose": set(),
    }
    assert unassigned(graph, layers) == ["loose"]  # the root package is never inherited
    assert upward_imports(graph, layers) == [("base.parts.maths", "top", "low", "high")]


def test_parser_sees_lazy_relative_and_absolute_imports(tmp_path):
    pkg = tmp_path / "fake"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "base.py").write_text("def draw():\n    from . import top\n    return top\n")  # lazy, upward
    (pkg / "top.py").write_text("import fake.base\nimport json\n")
    (pkg / "sub" / "a.py").write_text("from ..base import draw\nfrom .b import thing\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from fake.sub import a\n    return a\nthing = 1\n")
    graph = import_graph(pkg, "fake")
    assert graph["base"] == {"top"}
    assert graph["top"] == {"base"}
    assert graph["sub.a"] == {"base", "sub.b"}
    assert graph["sub.b"] == {"sub.a"}
    assert find_cycles(graph) == [["base", "top"], ["sub.a", "sub.b"]]
    layers = {"low": {"", "sub", "base", "sub.a", "sub.b"}, "high": {"top"}}
    assert upward_imports(graph, layers) == [("base", "top", "low", "high")]
