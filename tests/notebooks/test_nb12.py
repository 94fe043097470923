"""Notebook 12 under papermill: FAST, and FAST with a second seed; the recorded facts are sane."""

from __future__ import annotations

import re

import pytest

from aipm_kit.story import WRITEUP_FACTS

PARAMS = [dict(FAST=True), dict(FAST=True, SEED=7)]
IDS = ["fast", "fast-seed7"]


def _percentages(text: str) -> list[float]:
    return [float(x) / 100 for x in re.findall(r"(\d+(?:\.\d+)?)%", text)]


@pytest.mark.parametrize("params", PARAMS, ids=IDS)
def test_model_and_drift_facts(facts, params):
    f = facts("12", **params)
    assert 0.75 < f["reference_auc"] < 1
    low, high = (float(x) for x in f["reference_auc_range"].split(" to "))
    assert low <= f["reference_auc"] <= high  # the mean of the training months sits inside their range
    assert 0 <= f["months_below_reference"] <= 9
    recall, r_low, r_high = _percentages(f["worst_recall"])
    assert r_low < recall < r_high  # a point inside its own interval
    q1_low, q1_high = _percentages(f["reference_recall_range"])
    assert recall <= q1_high  # the worst month is no better than the best training month
    assert f["worst_recall_month"].startswith("2013-")
    late_low, late_high = _percentages(f["late_share_range"])
    assert 0 < late_low < late_high < 1  # delays are seasonal: the late share moves month to month
    assert 0 < f["peak_psi"] < 2
    assert f["peak_psi_feature"] in {"dep_delay", "sched_dep_hour", "distance", "carrier", "origin",
                                     "air_time", "dest"}
    assert 0 < f["score_psi_peak"] <= f["peak_psi"] * 5
    # the p-value trap: KS flags far more feature-months than the PSI alert line does
    assert f["ks_flag_share"] > 0.3
    assert f["psi_alert_cells"] >= 0
    s_low, s_high = (float(x) for x in f["score_psi_peak_interval"].split(" to "))
    assert 0 <= s_low <= f["score_psi_peak"] + 5e-4 and f["score_psi_peak"] - 5e-4 <= s_high  # shown to 3 decimals
    assert 0 <= f["tuned_rule_minutes"] <= 60  # the rule's line, tuned on the training quarter's costs
    assert f["paging_decision"] and f["watch_recall_bill"] >= 0
    assert 0 < f["drift_table_seconds"] < 60 and 0 < f["dashboard_update_seconds"] < 60


@pytest.mark.parametrize("params", PARAMS, ids=IDS)
def test_paging_bill_adds_up(facts, params):
    """The replayed rule's bill is its pages plus every uncovered week's shortfall; its paired gap to never paging."""
    f = facts("12", **params)
    pages, useful, false = (int(x) for x in re.findall(r"(\d+) (?:pages|useful|false)", f["paging_outcomes"]))
    found = re.search(r"(\d+) of (\d+) bad weeks missed", f["paging_outcomes"])
    assert found or "no bad week to miss" in f["paging_outcomes"]
    missed, bad = (int(x) for x in found.groups()) if found else (0, 0)
    assert pages == f["paging_pages"] and useful + false <= pages <= useful + false + 1  # the last may end the year
    assert 0 <= missed <= bad
    assert f["paging_bill"] >= 2_000 * pages  # COST_PAGE at its default
    # the bill minus never paging's, paired: a point and its 95% interval, in order
    amounts = [float(sign + x.replace(",", "")) for sign, x in
               re.findall(r"([+-]?)\$([\d,]+)", f["paging_bill_vs_never"])]
    # an interval of no width is written once, "+$4,000 on every draw"
    point, low, high = amounts * 3 if "on every draw" in f["paging_bill_vs_never"] else amounts
    assert low <= high
    assert abs(point - (f["paging_bill"] - f["never_page_bill"])) <= 1


@pytest.mark.parametrize("params", PARAMS, ids=IDS)
def test_writeup_is_complete(facts, params):
    f = facts("12", **params)
    for key in WRITEUP_FACTS:
        assert isinstance(f.get(key), str) and len(f[key]) > 20, key
    assert f["reference_auc_range"] in f["writeup_technical_result"]
    keys = f["writeup_key_numbers"]
    assert 1 <= len(keys) <= 10 and all(k in f for k in keys)


def test_figures_for_the_writeup_are_recorded():
    from aipm_kit.story import read_figures
    from conftest import run_notebook  # tests/conftest.py (cached: no second run)

    figures = read_figures(run_notebook("12", FAST=True))
    for key in ("before_after", "writeup_figure_months", "writeup_figure_groups", "writeup_figure_dashboard",
                "writeup_figure_paging"):
        assert key in figures and len(figures[key]["png"]) > 1000, key


def test_a_second_seed_gives_different_numbers(facts):
    a, b = facts("12", FAST=True), facts("12", FAST=True, SEED=7)
    assert a["reference_auc"] != b["reference_auc"]
    assert a["peak_psi"] != b["peak_psi"]


def test_learner_path_uses_no_name_defined_only_in_hidden_cells():
    """A student copy drops remove-cell cells and the solution blocks, so a name defined only there and used in a
    later normal cell raises NameError on the learner's path (found once: ``cheapest_at``)."""
    import ast
    from pathlib import Path

    import jupytext

    from aipm_kit.student import BEGIN, END, REMOVE_TAG, SOLUTION_TAG

    path = Path(__file__).resolve().parents[2] / "notebooks" / "src" / "12_portfolio_drift_dashboard.py"
    nb = jupytext.read(path)

    def defined(tree):
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.arg):  # a function's or lambda's own argument
                names.add(node.arg)
        return names

    def used(tree):
        return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}

    visible, hidden_only, bad = set(), set(), []
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.source.lstrip().startswith(("%", "!")):
            continue
        tags = cell.metadata.get("tags", [])
        src = cell.source
        if REMOVE_TAG in tags:
            hidden_only |= defined(ast.parse(src)) - visible
            continue
        if SOLUTION_TAG in tags:  # what stays in the student copy: everything outside the solution block
            kept = src[:src.index(BEGIN)] + src[src.index(END) + len(END):]
            hidden_only |= defined(ast.parse(src)) - defined(ast.parse(kept)) - visible
            src = kept
        tree = ast.parse(src)
        bad += sorted((used(tree) - defined(tree)) & hidden_only)  # a name the cell sets itself is its own
        visible |= defined(tree)
        hidden_only -= visible
    assert not bad, f"names the learner's path uses but only hidden cells define: {bad}"
