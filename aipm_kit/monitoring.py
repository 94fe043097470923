"""Run a model in production without flying blind: shadow runs, dashboards, rules, rollout, logs.

The pieces, in the order a launch uses them:

* :func:`shadow_comparison`: incumbent and candidate decide on the same live
  traffic; their precision and recall are recomputed as chargeback labels
  arrive, so you can see how far an early read is from the final one.
* :func:`monitoring_metrics`: the numbers a dashboard shows per hour or day
  (volume, latency p50/p95, error rate, alert precision, an input drift
  score, a business KPI); :func:`dashboard_figure` draws them and
  :func:`dashboard_widget` makes them interactive.
* :class:`Rule` and :func:`replay_rules`: alert and rollback rules as data,
  replayed on a logged stream to see when each would have fired;
  :func:`fallback_effect` prices a fallback switched on at that moment and
  :func:`rule_outcomes` prices every firing of every rule.
* :class:`FallbackRouter` and :func:`rollback_drill`: a serving switch and a
  drill that proves the fallback path really answers every request.
* :func:`simulate_rollout`: how many users a bad model reaches under a staged
  rollout (5% -> 25% -> 50% -> 100%) versus a big-bang launch.
* :func:`retraining_cadence`: how often to retrain, from a measured decay curve.
* :func:`feature_skew`: training-serving skew, the features a service logged
  against the same features recomputed from the raw events.
* :data:`PREDICTION_LOG_SCHEMA`, :func:`prediction_log`,
  :func:`write_prediction_log` and :func:`reproduce_prediction`: a log from
  which any past prediction can be recomputed exactly.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._checks import check_columns, check_positive_int, check_probability

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ACTIONS = ("alert", "rollback")


def _ts(value, name: str) -> pd.Timestamp:
    try:
        out = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a timestamp, got {value!r}") from None
    if out.tzinfo is None:
        out = out.tz_localize("UTC")
    return out


def _positive(value, name: str, *, allow_zero: bool = False) -> float:
    """A finite real number > 0 (>= 0 with ``allow_zero``); text, bools, NaN and inf are refused by name."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be a finite number {'>=' if allow_zero else '>'} 0, got {value}")
    return value


def _nonempty(frame: pd.DataFrame, name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{name} is empty: there is nothing to monitor")


# =========================================================================== shadow run
def shadow_comparison(frame: pd.DataFrame, decisions: Mapping[str, Iterable[bool]], as_of: Sequence, *,
                      label_col: str = "label_available_at", truth_col: str | None = "is_fraud") -> pd.DataFrame:
    """Precision and recall of each model as the business would have measured them on each ``as_of`` date.

    A transaction counts as fraud once its chargeback has arrived
    (``label_col <= as_of``); until then it looks legitimate, so an early
    precision is biased low and built on few labels. With ``truth_col``
    (known only in a simulation) the final, true values are added as
    ``precision_true`` and ``recall_true`` for comparison.

    Parameters
    ----------
    frame : DataFrame
        The shadow period's traffic, one row per transaction.
    decisions : mapping of name -> boolean array
        Each model's flags, aligned with ``frame``.
    as_of : sequence of timestamps
        When the comparison is redrawn.

    Returns
    -------
    DataFrame
        One row per (``as_of``, model): ``alerts``, ``labels_in`` (fraud
        labels known so far), ``confirmed`` (alerts already confirmed),
        ``precision_so_far``, ``recall_so_far`` and, with ``truth_col``,
        ``precision_true``/``recall_true``.

    Examples
    --------
    >>> f = pd.DataFrame({"label_available_at": pd.to_datetime(["2024-01-05", None, "2024-02-01"], utc=True)})
    >>> shadow_comparison(f, {"m": [True, True, False]}, ["2024-01-10"], truth_col=None)[["alerts", "confirmed"]].values.tolist()
    [[2, 1]]
    """
    _nonempty(frame, "frame")
    check_columns(frame, [label_col] + ([truth_col] if truth_col else []), name="frame")
    if not decisions:
        raise ValueError("decisions must name at least one model")
    arrival = frame[label_col]
    rows = []
    for when in as_of:
        when = _ts(when, "as_of")
        known = (arrival <= when).fillna(False).to_numpy(bool)
        for name, flags in decisions.items():
            flags = np.asarray(flags, dtype=bool)
            if flags.shape != (len(frame),):
                raise ValueError(f"decisions[{name!r}] has {flags.size} values; frame has {len(frame)} rows")
            alerts = int(flags.sum())
            confirmed = int((flags & known).sum())
            row = {"as_of": when, "model": name, "alerts": alerts, "labels_in": int(known.sum()),
                   "confirmed": confirmed,
                   "precision_so_far": confirmed / alerts if alerts else np.nan,
                   "recall_so_far": confirmed / known.sum() if known.sum() else np.nan}
            if truth_col:
                truth = frame[truth_col].to_numpy(bool)
                row["precision_true"] = (flags & truth).sum() / alerts if alerts else np.nan
                row["recall_true"] = (flags & truth).sum() / truth.sum() if truth.sum() else np.nan
            rows.append(row)
    return pd.DataFrame(rows)


# =========================================================================== dashboard metrics
def monitoring_metrics(log: pd.DataFrame, *, freq: str = "D", time_col: str = "timestamp",
                       latency_col: str = "latency_ms", error_col: str = "error", flag_col: str = "flagged",
                       outcome_col: str | None = "is_fraud", label_col: str | None = None, as_of=None,
                       value_col: str | None = "amount", window: int = 1, min_alerts: int = 1,
                       drift_col: str | None = None, drift_reference=None, drift_min_rows: int = 200,
                       ) -> pd.DataFrame:
    """The dashboard's numbers per period (``freq``: ``"h"`` hourly, ``"D"`` daily).

    Columns: ``requests``, ``latency_p50``/``latency_p95`` (ms, over the
    period's requests), ``error_rate`` (share of requests the model failed
    to answer), ``alerts``, ``alert_precision`` (share of alerts that were
    fraud, over the trailing ``window`` periods), ``fraud_dollars_stopped``
    (business KPI: value of flagged fraud) and, with ``drift_col``,
    ``drift_psi`` (PSI of that input against ``drift_reference``, via
    :func:`aipm_kit.drift.psi`).

    Which outcome counts as fraud: ``outcome_col`` as reviewed (for example
    an analyst's verdict on each alert, available within the hour); or, with
    ``label_col`` and ``as_of``, only labels that had arrived by ``as_of``
    (chargebacks), which makes the most recent periods look better than they
    are.

    Low-volume periods are explicit, not silent: ``alert_precision`` is NaN
    when the trailing window holds fewer than ``min_alerts`` alerts, and
    ``drift_psi`` is NaN for periods with fewer than ``drift_min_rows`` rows;
    :func:`replay_rules` treats NaN as "no evidence" and reports how many
    periods that was.

    Examples
    --------
    >>> log = pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 00:10", "2024-01-01 00:20"], utc=True),
    ...                     "latency_ms": [40.0, 60.0], "error": [False, False], "flagged": [True, False],
    ...                     "is_fraud": [True, False], "amount": [100.0, 5.0]})
    >>> monitoring_metrics(log, freq="h")[["requests", "alert_precision"]].values.tolist()
    [[2.0, 1.0]]
    """
    _nonempty(log, "log")
    need = [time_col, latency_col, error_col, flag_col]
    need += [c for c in (outcome_col, value_col, drift_col) if c]
    if label_col:
        need.append(label_col)
    check_columns(log, need, name="log")
    window = check_positive_int(window, "window")
    min_alerts = check_positive_int(min_alerts, "min_alerts")
    flags = log[flag_col].to_numpy(bool)
    if label_col:
        if as_of is None:
            raise ValueError("label_col needs as_of: the moment at which labels are read")
        outcome = (log[label_col] <= _ts(as_of, "as_of")).fillna(False).to_numpy(bool)
    elif outcome_col:
        outcome = log[outcome_col].to_numpy(bool)
    else:
        raise ValueError("give outcome_col or label_col (with as_of) to measure precision")
    period = log[time_col].dt.floor(freq).reset_index(drop=True)
    work = pd.DataFrame({
        "period": period, "latency": log[latency_col].to_numpy(float),
        "error": log[error_col].to_numpy(bool), "alert": flags, "hit": flags & outcome,
        "value": (log[value_col].to_numpy(float) * (flags & outcome)) if value_col else 0.0,
    })
    g = work.groupby("period", sort=True)
    out = pd.DataFrame({
        "requests": g.size().astype(float),
        "latency_p50": g["latency"].quantile(0.5),
        "latency_p95": g["latency"].quantile(0.95),
        "error_rate": g["error"].mean(),
        "alerts": g["alert"].sum().astype(float),
        "hits": g["hit"].sum().astype(float),
        "fraud_dollars_stopped": g["value"].sum(),
    })
    full = pd.date_range(out.index.min(), out.index.max(), freq=freq, name="period")
    out = out.reindex(full)
    out[["requests", "alerts", "hits", "fraud_dollars_stopped"]] = out[
        ["requests", "alerts", "hits", "fraud_dollars_stopped"]].fillna(0.0)
    roll_alerts = out["alerts"].rolling(window, min_periods=1).sum()
    roll_hits = out["hits"].rolling(window, min_periods=1).sum()
    out["window_alerts"] = roll_alerts
    out["alert_precision"] = (roll_hits / roll_alerts).where(roll_alerts >= min_alerts)
    if drift_col:
        from . import drift

        if drift_reference is None:
            raise ValueError("drift_col needs drift_reference: the values the model was built on")
        ref = np.asarray(drift_reference)
        vals = log[drift_col].to_numpy()
        psi = {}
        for key, idx in g.indices.items():
            if len(idx) >= drift_min_rows:
                psi[key] = drift.psi(ref, vals[idx]).value
        out["drift_psi"] = pd.Series(psi, dtype=float).reindex(out.index)
    return out.drop(columns="hits")


#: Readable names and units of the :func:`monitoring_metrics` columns (figure labels).
METRIC_LABELS = {"requests": ("requests", "count"), "latency_p50": ("median latency", "ms"),
                 "latency_p95": ("p95 latency", "ms"), "error_rate": ("error rate", "share"),
                 "alerts": ("alerts", "count"), "window_alerts": ("alerts in window", "count"),
                 "alert_precision": ("alert precision", "share"), "drift_psi": ("input drift", "PSI"),
                 "fraud_dollars_stopped": ("fraud stopped", "USD")}


def _metric_label(col: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and col in labels:
        return labels[col]
    name, unit = METRIC_LABELS.get(col, (col.replace("_", " "), ""))
    return f"{name} ({unit})" if unit else name


def _date_axis(ax) -> None:
    """Day-and-month ticks with the year left to the axis label (no duplicated offset label)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def dashboard_figure(metrics: pd.DataFrame, *, columns: Sequence[str] | None = None,
                     limits: Mapping[str, float] | None = None, events: Mapping[str, object] | None = None,
                     title: str = "Monitoring dashboard", labels: Mapping[str, str] | None = None,
                     bands: Mapping[str, Mapping[str, float]] | None = None,
                     ylims: Mapping[str, tuple] | None = None, shade: Mapping[str, tuple] | None = None,
                     shade_columns: Sequence[str] | None = None, limit_label: str | None = None,
                     legend_columns: int = 3):
    """Small multiples of :func:`monitoring_metrics` columns, one panel each, with optional limit lines.

    ``limits`` maps a column to a horizontal line (a rule threshold);
    ``bands`` maps a column to further named horizontal lines (for example
    the PSI bands of :mod:`aipm_kit.drift`), labelled at the right edge;
    ``ylims`` fixes a panel's y range (``(low, high)``, either may be None);
    ``events`` maps a label to a timestamp drawn as a vertical line (the
    planted drift, an incident), each in its own colour and dash;
    ``shade`` maps a label to a ``(start, end)`` span shaded on the panels
    named in ``shade_columns`` (default: every panel), for example the weeks
    whose labels have not arrived on the panels built from labels. ``labels``
    overrides a panel's y label. ``limit_label`` names the limit lines once in
    the legend (default: unnamed); ``legend_columns`` is the legend's number of
    columns. Every panel's y axis starts at zero unless ``ylims`` says
    otherwise. Returns the matplotlib figure.
    """
    from . import plots

    columns = list(columns or [c for c in ("latency_p95", "error_rate", "alert_precision", "drift_psi",
                                           "fraud_dollars_stopped") if c in metrics.columns])
    check_columns(metrics, columns, name="metrics")
    if isinstance(legend_columns, bool) or not isinstance(legend_columns, (int, np.integer)) or legend_columns < 1:
        raise ValueError(f"legend_columns must be a whole number of at least 1, got {legend_columns!r}")
    fig, axes = plots.figure(len(columns), 1, figsize=(8, 1.7 * len(columns) + 0.6), sharex=True)
    axes = np.atleast_1d(axes)
    colours = [plots.ACCENT, plots.BAD, plots.PALETTE[4], plots.PALETTE[5]]
    dashes = [(0, (5, 2)), ":", "-.", (0, (1, 3))]
    for ax, col in zip(axes, columns):
        ax.plot(metrics.index, metrics[col], color=plots.NEUTRAL, lw=1.2)
        for label, (lo, hi) in (shade or {}).items():
            if shade_columns is None or col in shade_columns:
                ax.axvspan(pd.Timestamp(lo), pd.Timestamp(hi), color="0.85", alpha=0.6, lw=0, label=label)
        if limits and col in limits:
            ax.axhline(limits[col], color=plots.BAD, ls="--", lw=1, label=limit_label)
        for name, value in ((bands or {}).get(col) or {}).items():
            ax.axhline(value, color="0.35", ls="--", lw=0.9)
            ax.annotate(name, (1.0, value), xycoords=("axes fraction", "data"), xytext=(-2, 2),
                        textcoords="offset points", ha="right", va="bottom", fontsize=7, color="0.25")
        for i, (label, when) in enumerate((events or {}).items()):
            ax.axvline(pd.Timestamp(when), color=colours[i % len(colours)], ls=dashes[i % len(dashes)], lw=1.6,
                       label=label if ax is axes[0] else None)
        if np.nanmax(np.abs(metrics[col].to_numpy(float)), initial=0) >= 1_000:
            from matplotlib.ticker import StrMethodFormatter

            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 150,000 rather than 150000
        low, high = (ylims or {}).get(col, (0, None))
        ax.set_ylim(bottom=low if low is not None else ax.get_ylim()[0],
                    top=high if high is not None else None)
        ax.set_ylabel(_metric_label(col, labels).replace(" (", "\n("), fontsize=8)
    legend = {}
    for ax in axes:  # one legend for the figure: each event and shaded span once
        for handle, label in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(label, handle)
    if legend:
        axes[0].legend(list(legend.values()), list(legend.keys()), frameon=False, fontsize=8, loc="lower left",
                       ncol=min(legend_columns, len(legend)), bbox_to_anchor=(0, 1.0))
    _date_axis(axes[-1])
    fig.suptitle(title, fontweight="bold")
    year = pd.Timestamp(metrics.index[0]).year
    axes[-1].set_xlabel(f"Date ({year}, UTC)")
    fig.tight_layout()
    return fig


def dashboard_widget(metrics: pd.DataFrame, *, limits: Mapping[str, float] | None = None,
                     shade: Mapping[str, tuple] | None = None, shade_columns: Iterable[str] | None = None,
                     title: str | None = None):
    """An ipywidgets view of :func:`monitoring_metrics`: pick a metric and a date range.

    Returns a :class:`aipm_kit.liveview.LiveView` (display it as the last
    expression of a cell): live controls in a running kernel, and a picture of
    the first metric over the whole log wherever no kernel runs it. ``shade``
    maps a label to a ``(start, end)`` span drawn on the metrics in
    ``shade_columns`` (default: all); ``title`` replaces the computed title of
    the opening picture (the first metric over the whole log) with a finding.
    """
    import ipywidgets as widgets

    from . import plots
    from .liveview import LiveView, figure_png

    _nonempty(metrics, "metrics")
    choices = [c for c in metrics.columns if pd.api.types.is_numeric_dtype(metrics[c])]
    metric = widgets.Dropdown(options=choices, value=choices[0], description="Metric")
    dates = list(metrics.index)
    span = widgets.SelectionRangeSlider(options=[(d.strftime("%Y-%m-%d %H:%M"), d) for d in dates],
                                        index=(0, len(dates) - 1), description="Window",
                                        layout=widgets.Layout(width="95%"))

    def png() -> bytes:
        lo, hi = span.value
        part = metrics.loc[lo:hi, metric.value]
        label = _metric_label(metric.value)
        fig, ax = plots.figure()
        ax.plot(part.index, part.values, color=plots.NEUTRAL)
        limit = (limits or {}).get(metric.value)
        top = part.max()
        shown = f"{top:,.0f}" if abs(top) >= 100 else f"{top:.3g}"
        finding = f"highest {shown} on {part.idxmax():%d %b %Y}" if part.notna().any() else "no readings in this window"
        if limit is not None:
            ax.axhline(limit, color=plots.BAD, ls="--", label=f"rule threshold ({limit:g})")
            finding += f"; above the threshold in {int((part > limit).sum())} of {len(part)} periods"
        low = min(0.0, float(np.nanmin(part.values))) if part.notna().any() else 0.0
        ax.set_ylim(bottom=low)  # from zero: no truncated axis
        if metric.value in (choices if shade_columns is None else list(shade_columns)):
            for name, (a, b) in (shade or {}).items():
                a, b = max(_ts(a, "shade start"), lo), min(_ts(b, "shade end"), hi)
                if a < b:
                    ax.axvspan(a, b, color=plots.NEUTRAL, alpha=0.15, label=name)
        _date_axis(ax)
        opening = metric.value == choices[0] and (lo, hi) == (dates[0], dates[-1])
        plots.finish(ax, title=title if title and opening else f"{label[:1].upper()}{label[1:]}: {finding}",
                     xlabel=f"Time ({lo:%Y}, UTC)", ylabel=label)
        return figure_png(fig)

    start = png()
    picture = widgets.Image(value=start, format="png", layout=widgets.Layout(max_width="100%"))

    def redraw(*_):
        picture.value = png()

    metric.observe(redraw, "value")
    span.observe(redraw, "value")
    box = widgets.VBox([widgets.HBox([metric]), span, picture])
    return LiveView(box, start, f"The monitoring log, starting on {metric.value} over the whole log "
                                f"({dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}).")


# =========================================================================== rules
@dataclass(frozen=True)
class Rule:
    """An alert or rollback rule: ``metric op threshold`` for ``for_periods`` consecutive periods.

    Examples
    --------
    >>> Rule("slow", "latency_p95", ">", 200)
    Rule('slow': latency_p95 > 200 for 1 period(s) -> alert)
    """

    name: str
    metric: str
    op: str
    threshold: float
    for_periods: int = 1
    action: str = "alert"

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"rule {self.name!r}: op must be one of {list(_OPS)}, got {self.op!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"rule {self.name!r}: action must be one of {ACTIONS}, got {self.action!r}")
        check_positive_int(self.for_periods, "for_periods")
        try:
            value = float(self.threshold)
        except (TypeError, ValueError):
            raise TypeError(f"rule {self.name!r}: threshold must be a number, got {self.threshold!r}") from None
        if math.isnan(value):
            raise ValueError(f"rule {self.name!r}: threshold is NaN")

    def __repr__(self) -> str:
        return (f"Rule({self.name!r}: {self.metric} {self.op} {self.threshold:g} for {self.for_periods} "
                f"period(s) -> {self.action})")

    def breached(self, values: pd.Series) -> np.ndarray:
        """Boolean per period: the condition holds (NaN never breaches)."""
        v = values.to_numpy(float)
        with np.errstate(invalid="ignore"):
            return np.where(np.isnan(v), False, _OPS[self.op](v, float(self.threshold)))


def rules_from_records(records: Iterable[Mapping]) -> list[Rule]:
    """Rules from plain dicts or a DataFrame (the form rules take in a config file)."""
    if isinstance(records, pd.DataFrame):
        records = records.to_dict("records")
    return [Rule(**dict(r)) for r in records]


def rules_table(rules: Sequence[Rule]) -> pd.DataFrame:
    """The rules as a table: what each watches, its threshold and what it does."""
    return pd.DataFrame([{"rule": r.name, "metric": r.metric, "condition": f"{r.op} {r.threshold:g}",
                          "for_periods": r.for_periods, "action": r.action} for r in rules])


@dataclass(frozen=True)
class ReplayResult:
    """When each rule fired on a replayed stream (see :func:`replay_rules`)."""

    events: pd.DataFrame
    summary: pd.DataFrame
    freq: str | None

    def first_fire(self, rule: str):
        """Timestamp when ``rule`` first fired (the check at the end of that period), or None."""
        if rule not in set(self.summary["rule"]):
            raise ValueError(f"no rule named {rule!r}; rules: {list(self.summary['rule'])}")
        value = self.summary.set_index("rule").loc[rule, "first_fired_at"]
        return None if pd.isna(value) else value

    def to_frame(self) -> pd.DataFrame:
        return self.summary.copy()

    def __repr__(self) -> str:
        lines = ["ReplayResult:"]
        for r in self.summary.itertuples():
            when = "never fired" if pd.isna(r.first_fired_at) else f"first fired {r.first_fired_at}"
            lines.append(f"  {r.rule} ({r.action}): {when}; {r.episodes} episode(s)")
        return "\n".join(lines)


def replay_rules(metrics: pd.DataFrame, rules: Sequence[Rule], *, freq: str | None = None) -> ReplayResult:
    """Replay ``rules`` on a metrics table (rows = consecutive periods, oldest first).

    A rule fires in the period where its condition has held for
    ``for_periods`` consecutive periods; it stays "in breach" while the
    condition holds and can fire again after a period in which it did not.
    The check runs at the end of each period, so ``fired_at`` is the period
    start plus one period (``freq``, inferred from the index when it is a
    regular ``DatetimeIndex``); ``cleared_at`` is the first check after the
    episode at which the condition no longer holds (the end of the first
    healthy period, or of the last period when the breach lasts to the end). A NaN metric (not enough data in that period)
    is "no evidence": it does not breach and it breaks a streak; the summary
    counts those periods as ``periods_without_evidence``.

    Parameters
    ----------
    metrics : DataFrame
        Output of :func:`monitoring_metrics` or any table with one column per
        metric and one row per period.
    rules : sequence of Rule

    Raises
    ------
    ValueError
        If a rule names a metric the table lacks (the message lists the
        metrics available) or the table is empty.

    Examples
    --------
    >>> idx = pd.date_range("2024-01-01", periods=4, freq="h", tz="UTC")
    >>> m = pd.DataFrame({"precision": [0.95, 0.85, 0.80, 0.97]}, index=idx)
    >>> r = replay_rules(m, [Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")])
    >>> str(r.first_fire("floor"))
    '2024-01-01 03:00:00+00:00'
    """
    _nonempty(metrics, "metrics")
    rules = list(rules)
    if not rules:
        raise ValueError("rules is empty: give at least one Rule")
    for r in rules:
        if not isinstance(r, Rule):
            raise TypeError(f"rules must hold Rule objects, got {type(r).__name__}")
        if r.metric not in metrics.columns:
            raise ValueError(f"rule {r.name!r} watches metric {r.metric!r}, which the metrics table lacks; "
                             f"available metrics: {list(metrics.columns)}")
    step = None
    if isinstance(metrics.index, pd.DatetimeIndex):
        f = freq or metrics.index.freqstr or (pd.infer_freq(metrics.index) if len(metrics) >= 3 else None)
        step = pd.tseries.frequencies.to_offset(f) if f else None
    events, summary = [], []
    for r in rules:
        breach = r.breached(metrics[r.metric])
        streak = np.zeros(len(breach), dtype=int)
        run = 0
        for i, b in enumerate(breach):
            run = run + 1 if b else 0
            streak[i] = run
        fires = np.flatnonzero(streak == r.for_periods)
        for i in fires:
            period = metrics.index[i]
            j = i
            while j + 1 < len(breach) and breach[j + 1]:
                j += 1
            # the first check that sees the condition gone: the end of the first healthy period
            healthy = metrics.index[min(j + 1, len(breach) - 1)]
            events.append({"rule": r.name, "action": r.action, "metric": r.metric,
                           "period": period, "fired_at": period + step if step is not None else period,
                           "cleared_at": healthy + step if step is not None else healthy,
                           "value": float(metrics[r.metric].iloc[i])})
        first = events[-len(fires)]["fired_at"] if len(fires) else pd.NaT
        summary.append({"rule": r.name, "action": r.action, "metric": r.metric,
                        "condition": f"{r.op} {r.threshold:g} for {r.for_periods}", "episodes": len(fires),
                        "periods_in_breach": int(breach.sum()), "first_fired_at": first,
                        "periods_without_evidence": int(metrics[r.metric].isna().sum())})
    return ReplayResult(events=pd.DataFrame(events, columns=["rule", "action", "metric", "period", "fired_at",
                                                             "cleared_at", "value"]),
                        summary=pd.DataFrame(summary), freq=step.freqstr if step is not None else None)


@dataclass(frozen=True)
class FallbackEffect:
    """What switching to the fallback at ``start`` would have changed until ``end``."""

    start: pd.Timestamp
    end: pd.Timestamp
    requests: int
    users_spared_failures: int
    fraud_dollars_missed_primary: float
    fraud_dollars_missed_fallback: float
    false_alarms_primary: int
    false_alarms_fallback: int

    @property
    def dollars_saved(self) -> float:
        """Fraud dollars the fallback would have stopped beyond the primary (negative: a cost)."""
        return self.fraud_dollars_missed_primary - self.fraud_dollars_missed_fallback

    def __repr__(self) -> str:
        return (f"FallbackEffect({self.start} to {self.end}: {self.requests:,} requests, "
                f"{self.users_spared_failures:,} users spared a failed check, "
                f"${self.dollars_saved:,.0f} fraud dollars saved)")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series({
            "start": self.start, "end": self.end, "requests": self.requests,
            "users_spared_failures": self.users_spared_failures,
            "fraud_dollars_missed_primary": self.fraud_dollars_missed_primary,
            "fraud_dollars_missed_fallback": self.fraud_dollars_missed_fallback,
            "dollars_saved": self.dollars_saved, "false_alarms_primary": self.false_alarms_primary,
            "false_alarms_fallback": self.false_alarms_fallback}, dtype=object)})


def fallback_effect(log: pd.DataFrame, start, end, *, time_col: str = "timestamp", error_col: str = "error",
                    flag_col: str = "flagged", fallback_col: str = "fallback_flagged",
                    truth_col: str = "is_fraud", value_col: str = "amount") -> FallbackEffect:
    """Compare serving the primary model with serving the fallback over ``[start, end)``.

    A request the primary failed to answer (``error_col``) is not screened at
    all (the checkout fails open), so its fraud is missed; the fallback (a
    rule that runs in-process) answers every request.

    Examples
    --------
    >>> log = pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 01:00", "2024-01-01 02:00"], utc=True),
    ...     "error": [True, False], "flagged": [False, True], "fallback_flagged": [True, False],
    ...     "is_fraud": [True, True], "amount": [300.0, 50.0]})
    >>> fallback_effect(log, "2024-01-01", "2024-01-02").dollars_saved  # catches the $300, misses the $50
    250.0
    """
    _nonempty(log, "log")
    check_columns(log, [time_col, error_col, flag_col, fallback_col, truth_col, value_col], name="log")
    start, end = _ts(start, "start"), _ts(end, "end")
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")
    part = log[(log[time_col] >= start) & (log[time_col] < end)]
    truth = part[truth_col].to_numpy(bool)
    value = part[value_col].to_numpy(float)
    prim = part[flag_col].to_numpy(bool) & ~part[error_col].to_numpy(bool)
    fall = part[fallback_col].to_numpy(bool)
    return FallbackEffect(
        start=start, end=end, requests=len(part), users_spared_failures=int(part[error_col].sum()),
        fraud_dollars_missed_primary=float(value[truth & ~prim].sum()),
        fraud_dollars_missed_fallback=float(value[truth & ~fall].sum()),
        false_alarms_primary=int((prim & ~truth).sum()), false_alarms_fallback=int((fall & ~truth).sum()))


def rule_outcomes(log: pd.DataFrame, replay: ReplayResult, *, restore_after_hours: float = 1.0,
                  response_minutes: Mapping[str, float] | None = None, **columns) -> pd.DataFrame:
    """Price every firing of every rule: what the fallback it triggers would have saved or cost.

    A ``rollback`` rule switches to the fallback when it fires; an ``alert``
    pages a person, who switches after ``response_minutes[action]`` (default
    60 minutes for alerts, 0 for rollbacks). The fallback then serves until
    the rule's condition has cleared (``cleared_at`` in the replay) plus
    ``restore_after_hours`` of healthy readings. Each firing is priced with
    :func:`fallback_effect` (``columns`` are passed on to it) and the rows
    are summed per rule; a negative ``dollars_saved`` is money lost by
    switching off a primary that was doing better than the fallback.
    """
    _nonempty(log, "log")
    if not restore_after_hours >= 0:
        raise ValueError(f"restore_after_hours must be >= 0, got {restore_after_hours}")
    delay = {"alert": 60.0, "rollback": 0.0} | dict(response_minutes or {})
    rows = []
    for r in replay.summary.itertuples():
        fired = replay.events[replay.events["rule"] == r.rule]
        users = spared = 0
        saved, hours = 0.0, 0.0
        for ev in fired.itertuples():
            start = pd.Timestamp(ev.fired_at) + pd.Timedelta(minutes=delay[r.action])
            end = max(pd.Timestamp(ev.cleared_at), start) + pd.Timedelta(hours=restore_after_hours)
            eff = fallback_effect(log, start, end, **columns)
            users += eff.requests
            spared += eff.users_spared_failures
            saved += eff.dollars_saved
            hours += (end - start).total_seconds() / 3600
        rows.append({"rule": r.rule, "action": r.action, "firings": len(fired),
                     "first_fired_at": r.first_fired_at, "hours_on_fallback": hours, "users_on_fallback": users,
                     "users_spared_failures": spared, "dollars_saved": saved})
    return pd.DataFrame(rows)


# =========================================================================== fallback path
class FallbackRouter:
    """Send each request to the primary model, or to the fallback when rolled back or when the primary fails.

    ``primary`` and ``fallback`` take a DataFrame of requests and return a
    boolean array of decisions. Every decision is tagged with who served it.
    """

    def __init__(self, primary: Callable[[pd.DataFrame], np.ndarray],
                 fallback: Callable[[pd.DataFrame], np.ndarray]):
        if not callable(primary) or not callable(fallback):
            raise TypeError("primary and fallback must be callables taking a DataFrame of requests")
        self.primary, self.fallback = primary, fallback
        self.rolled_back = False
        self.history: list[tuple[str, str]] = []

    def roll_back(self, reason: str) -> None:
        self.rolled_back = True
        self.history.append(("roll_back", reason))

    def restore(self, reason: str) -> None:
        self.rolled_back = False
        self.history.append(("restore", reason))

    def decide(self, requests: pd.DataFrame) -> pd.DataFrame:
        """Decisions for ``requests``: columns ``decision`` and ``served_by`` (primary / fallback)."""
        if self.rolled_back:
            decision, by = np.asarray(self.fallback(requests), dtype=bool), "fallback"
        else:
            try:
                decision, by = np.asarray(self.primary(requests), dtype=bool), "primary"
            except Exception as exc:  # the whole point: any primary failure is answered by the fallback
                self.history.append(("primary_failed", f"{type(exc).__name__}: {exc}"))
                decision, by = np.asarray(self.fallback(requests), dtype=bool), "fallback"
        if decision.shape != (len(requests),):
            raise ValueError(f"{by} returned {decision.size} decisions for {len(requests)} requests")
        return pd.DataFrame({"decision": decision, "served_by": by}, index=requests.index)


@dataclass(frozen=True)
class DrillResult:
    """The outcome of :func:`rollback_drill`: each check and whether the drill passed."""

    checks: pd.DataFrame

    @property
    def passed(self) -> bool:
        return bool(self.checks["passed"].all())

    def to_frame(self) -> pd.DataFrame:
        return self.checks.copy()

    def __repr__(self) -> str:
        lines = [f"Rollback drill: {'PASSED' if self.passed else 'FAILED'}"]
        lines += [f"  [{'ok' if r.passed else 'FAIL'}] {r.check}: {r.detail}" for r in self.checks.itertuples()]
        return "\n".join(lines)


def rollback_drill(router: FallbackRouter, requests: pd.DataFrame, *, batch_size: int = 500) -> DrillResult:
    """Prove the fallback path works: break the primary, roll back, check every answer, restore.

    Four checks on the same ``requests``: (1) the primary serves normally;
    (2) when the primary raises, every request is still answered, by the
    fallback, with the fallback's decision; (3) after ``roll_back`` every
    request is served by the fallback and matches it exactly; (4) after
    ``restore`` the primary serves again. The router is left as found.
    """
    _nonempty(requests, "requests")
    batch_size = check_positive_int(batch_size, "batch_size")
    expected = np.asarray(router.fallback(requests), dtype=bool)
    primary_expected = np.asarray(router.primary(requests), dtype=bool)

    def run():
        parts = [router.decide(requests.iloc[i:i + batch_size]) for i in range(0, len(requests), batch_size)]
        return pd.concat(parts)

    rows = []
    normal = run()
    rows.append(("primary serves normally", bool((normal.served_by == "primary").all())
                 and bool((normal.decision.to_numpy() == primary_expected).all()),
                 f"{(normal.served_by == 'primary').mean():.0%} served by primary"))
    real_primary = router.primary

    def broken(_):
        raise TimeoutError("drill: primary made to time out")

    router.primary = broken
    try:
        failing = run()
    finally:
        router.primary = real_primary
    ok = bool((failing.served_by == "fallback").all()) and bool((failing.decision.to_numpy() == expected).all())
    rows.append(("primary failure is answered by the fallback", ok,
                 f"{len(failing):,} of {len(requests):,} answered, "
                 f"{(failing.decision.to_numpy() == expected).mean():.0%} match the rule"))
    router.roll_back("drill")
    rolled = run()
    ok = bool((rolled.served_by == "fallback").all()) and bool((rolled.decision.to_numpy() == expected).all())
    n_flags = int(rolled.decision.sum())
    flag_noun = "flag" if n_flags == 1 else "flags"
    rows.append(("after rollback every request uses the fallback", ok,
                 f"{(rolled.served_by == 'fallback').mean():.0%} served by fallback, {n_flags:,} {flag_noun}"))
    router.restore("drill over")
    back = run()
    rows.append(("restore returns traffic to the primary", bool((back.served_by == "primary").all()),
                 f"{(back.served_by == 'primary').mean():.0%} served by primary"))
    return DrillResult(pd.DataFrame(rows, columns=["check", "passed", "detail"]))


# =========================================================================== staged rollout
@dataclass(frozen=True)
class RolloutResult:
    """Users reached by a bad model under each rollout plan (see :func:`simulate_rollout`)."""

    summary: pd.DataFrame
    exposure: pd.DataFrame  # one row per simulation, one column per plan
    #: one row per simulation, one column per plan: the stage (1-based) whose check caught the bad
    #: model, 0 when no check caught it
    caught_stage: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.summary.copy()

    def __repr__(self) -> str:
        lines = ["RolloutResult (median over simulations):"]
        for r in self.summary.itertuples():
            lines.append(f"  {r.plan}: {r.users_exposed_median:,.0f} users exposed, "
                         f"{r.users_harmed_median:,.0f} harmed, caught {r.caught_share:.0%} of the time")
        return "\n".join(lines)


def simulate_rollout(users_per_day: float, *, plans: Mapping[str, Sequence[float]] | None = None,
                     days_per_stage: float = 2.0, harm_rate: float = 0.03, baseline_rate: float = 0.02,
                     alpha: float = 0.01, horizon_days: float | None = None, n_simulations: int = 1_000,
                     seed: int = 0, test: str = "z") -> RolloutResult:
    """How many users a bad model reaches before a stage check catches it.

    Each plan is a list of traffic shares (default: staged 5% -> 25% -> 50%
    -> 100%, and big bang 100%). Every stage lasts ``days_per_stage`` days;
    at its end a check compares the harm rate among users served by the new
    model so far (for example false declines) with the known
    ``baseline_rate`` by a one-sided test at ``alpha``: ``test="z"`` (the
    default) a normal-approximation z-test, ``test="exact"`` an exact binomial
    test (P(X >= harmed | n, baseline) < alpha), the right one when the
    baseline is rare and a stage sees only a few harmed users. If the check
    fires, the model is rolled back and exposure stops; otherwise the next
    stage starts. A model that passes the last check stays at its last share
    until ``horizon_days`` (default: the staged plan's total length).
    Exposed users are Poisson, harmed users binomial; all simulations are
    drawn at once.

    Examples
    --------
    >>> s = simulate_rollout(10_000, n_simulations=200, seed=1).summary.set_index("plan")
    >>> bool(s.loc["staged", "users_exposed_median"] < s.loc["big bang", "users_exposed_median"])
    True
    """
    from scipy import stats

    users_per_day = _positive(users_per_day, "users_per_day")
    days_per_stage = _positive(days_per_stage, "days_per_stage")
    if horizon_days is not None:
        horizon_days = _positive(horizon_days, "horizon_days")
    harm_rate = check_probability(harm_rate, "harm_rate")
    baseline_rate = check_probability(baseline_rate, "baseline_rate", inclusive=False)
    alpha = check_probability(alpha, "alpha", inclusive=False)
    sims = check_positive_int(n_simulations, "n_simulations")
    if test not in ("z", "exact"):
        raise ValueError(f"test must be 'z' or 'exact', got {test!r}")
    plans = dict(plans or {"staged": (0.05, 0.25, 0.50, 1.0), "big bang": (1.0,)})
    for name, shares in plans.items():
        if not len(shares) or any(not 0 < s <= 1 for s in shares):
            raise ValueError(f"plan {name!r} must be a non-empty list of shares in (0, 1], got {list(shares)}")
    horizon = horizon_days or max(len(s) for s in plans.values()) * days_per_stage
    rng = np.random.default_rng(seed)
    crit = stats.norm.isf(alpha)
    exposure, stage_of, rows = {}, {}, []
    for name, shares in plans.items():
        stages = list(shares)
        durations = [days_per_stage] * len(stages)
        rest = horizon - days_per_stage * len(stages)
        if rest > 0:
            stages.append(stages[-1])
            durations.append(rest)
        n = rng.poisson(np.array([s * users_per_day * d for s, d in zip(stages, durations)]),
                        size=(sims, len(stages)))
        bad = rng.binomial(n, harm_rate)
        cum_n, cum_bad = n.cumsum(axis=1), bad.cumsum(axis=1)
        if test == "exact":  # one-sided exact binomial p-value: P(X >= harmed) under the baseline
            fires = (cum_n > 0) & (stats.binom.sf(cum_bad - 1, cum_n, baseline_rate) < alpha)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                z = (cum_bad / cum_n - baseline_rate) / np.sqrt(baseline_rate * (1 - baseline_rate) / cum_n)
            fires = z > crit
        checked = np.zeros(len(stages), dtype=bool)
        checked[:len(shares)] = True  # the final "stay" period has no further check
        caught = fires & checked
        first = np.where(caught.any(axis=1), caught.argmax(axis=1), len(stages) - 1)
        idx = np.arange(sims)
        users = cum_n[idx, first]
        harmed = cum_bad[idx, first]
        exposure[name] = users
        stage_of[name] = np.where(caught.any(axis=1), first + 1, 0)
        days = np.array(durations).cumsum()[first]
        rows.append({"plan": name, "stages": " -> ".join(f"{s:.0%}" for s in shares),
                     "users_exposed_median": float(np.median(users)), "users_exposed_mean": float(users.mean()),
                     "users_harmed_median": float(np.median(harmed)), "caught_share": float(caught.any(axis=1).mean()),
                     "days_to_decision_median": float(np.median(days))})
    return RolloutResult(summary=pd.DataFrame(rows), exposure=pd.DataFrame(exposure),
                         caught_stage=pd.DataFrame(stage_of))


# =========================================================================== retraining cadence
def retraining_cadence(decay_curve, *, value_per_point: float, retrain_cost: float,
                       intervals: Sequence[int] = (1, 2, 3, 6, 12)) -> pd.DataFrame:
    """Compare retraining every ``k`` periods, from a measured decay curve.

    ``decay_curve`` is the model's quality by age (index 1, 2, ... periods
    since training; values such as recall at a fixed alert budget). The
    assumption, stated so it can be argued with: each retrained model ages
    the way the measured one did. Retraining every ``k`` periods then keeps
    the average of the curve over ages ``1..k``; it costs ``retrain_cost``
    once per ``k`` periods. Value per period is ``quality x value_per_point``
    minus the retraining cost per period. Intervals longer than the curve
    reuse its last value (the model stops decaying once it is stale).

    Returns
    -------
    DataFrame
        One row per interval: ``quality_kept``, ``retrain_cost_per_period``,
        ``value_per_period`` and ``best`` (the highest value).

    Examples
    --------
    >>> curve = pd.Series([0.5, 0.3, 0.3], index=[1, 2, 3])
    >>> retraining_cadence(curve, value_per_point=1000, retrain_cost=100, intervals=(1, 3))["value_per_period"].tolist()
    [400.0, 333.33333333333337]
    """
    curve = pd.Series(decay_curve, dtype=float).sort_index()
    if curve.empty:
        raise ValueError("decay_curve is empty: measure the model's quality at one or more ages first")
    if curve.isna().any():
        raise ValueError(f"decay_curve has NaN at age(s) {list(curve.index[curve.isna()])}")
    if list(curve.index) != list(range(1, len(curve) + 1)):
        raise ValueError(f"decay_curve must be indexed by age 1, 2, ..., got {list(curve.index)}")
    value_per_point = _positive(value_per_point, "value_per_point", allow_zero=True)
    retrain_cost = _positive(retrain_cost, "retrain_cost", allow_zero=True)
    rows = []
    for k in intervals:
        k = check_positive_int(k, "intervals")
        ages = np.arange(1, k + 1)
        kept = float(curve.reindex(ages).ffill().mean())
        cost = retrain_cost / k
        rows.append({"retrain_every": k, "quality_kept": kept, "retrain_cost_per_period": cost,
                     "value_per_period": kept * value_per_point - cost})
    out = pd.DataFrame(rows)
    out["best"] = out["value_per_period"] == out["value_per_period"].max()
    return out


# =========================================================================== prediction log
#: Columns of a prediction log and their meaning. Feature inputs are stored one column each, prefixed ``in__``.
PREDICTION_LOG_SCHEMA = {
    "request_id": "int64: the transaction or request the prediction answered",
    "timestamp": "datetime64[UTC]: when the prediction was served",
    "model_version": "string: content hash of the model artefact that scored it",
    "config_hash": "string: hash of the serving config (threshold, features, timeout)",
    "in__<feature>": "the exact input values the model saw, one column per feature, dtype preserved",
    "score": "float64: the model's fraud probability",
    "output": "bool: the decision served (score >= threshold and the model answered)",
    "error": "bool: the model failed or timed out; the request was not screened",
    "latency_ms": "float64: time to answer",
}
_REQUIRED_LOG = ["request_id", "timestamp", "model_version", "config_hash", "score", "output", "error", "latency_ms"]


def prediction_log(frame: pd.DataFrame, scores, *, features: Sequence[str], threshold: float, model_version: str,
                   config_hash: str, id_col: str = "transaction_id", time_col: str = "timestamp",
                   latency_col: str = "latency_ms", error_col: str | None = "model_error",
                   timeout_ms: float | None = None) -> pd.DataFrame:
    """Build a prediction log following :data:`PREDICTION_LOG_SCHEMA` from scored traffic.

    A request counts as an error when ``error_col`` is set or its latency
    exceeds ``timeout_ms`` (the caller gave up waiting); its ``output`` is
    then False (not screened), but its ``score`` is still logged.
    """
    _nonempty(frame, "frame")
    check_columns(frame, [id_col, time_col, latency_col] + list(features) + ([error_col] if error_col else []),
                  name="frame")
    scores = np.asarray(scores, dtype=float)
    if scores.shape != (len(frame),):
        raise ValueError(f"scores has {scores.size} values; frame has {len(frame)} rows")
    if np.isnan(scores).any():
        raise ValueError(f"scores contains {int(np.isnan(scores).sum())} NaN value(s): a NaN score would be "
                         "logged as 'not flagged'; mark failed predictions with error_col instead")
    threshold = check_probability(threshold, "threshold")
    error = frame[error_col].to_numpy(bool) if error_col else np.zeros(len(frame), bool)
    latency = frame[latency_col].to_numpy(float)
    if timeout_ms is not None:
        error = error | (latency > float(timeout_ms))
    log = pd.DataFrame({"request_id": frame[id_col].to_numpy(np.int64),
                        "timestamp": frame[time_col].reset_index(drop=True)})
    log["model_version"] = str(model_version)
    log["config_hash"] = str(config_hash)
    for f in features:
        log[f"in__{f}"] = frame[f].reset_index(drop=True)
    log["score"] = scores
    log["output"] = (scores >= threshold) & ~error
    log["error"] = error
    log["latency_ms"] = latency
    return log


def feature_skew(served: pd.DataFrame, recomputed: pd.DataFrame, *, features: Sequence[str]) -> pd.DataFrame:
    """Training-serving skew: compare the features a service logged with the same features recomputed offline.

    ``served`` holds the features as the online service computed and logged
    them; ``recomputed`` the same rows (same index) with the features computed
    again from the raw events by the training pipeline's code. One row per
    feature: ``rows``, ``rows_differing``, ``share_differing`` and, for
    numeric features, ``typical_difference`` (the median of served minus
    recomputed over the rows that differ) and ``largest_difference`` (the
    largest absolute difference); categorical features get NaN there. A
    missing value on one side only counts as a difference.

    Examples
    --------
    >>> a = pd.DataFrame({"hour": [1, 2, 3, 4], "channel": ["web", "app", "pos", "web"]})
    >>> b = pd.DataFrame({"hour": [1, 2, 5, 6], "channel": ["web", "app", "pos", "app"]})
    >>> feature_skew(a, b, features=["hour", "channel"])["share_differing"].tolist()
    [0.5, 0.25]
    """
    if isinstance(features, str) or not len(features):
        raise TypeError("features must be a non-empty list of column names")
    features = list(features)
    check_columns(served, features, name="served")
    check_columns(recomputed, features, name="recomputed")
    _nonempty(served, "served")
    if len(served) != len(recomputed) or not served.index.equals(recomputed.index):
        raise ValueError("served and recomputed must hold the same rows (same length and index)")
    rows = []
    for name in features:
        a, b = served[name], recomputed[name]
        both_missing = a.isna() & b.isna()
        differs = ((a != b) & ~both_missing).to_numpy()
        typical = largest = np.nan
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(a):
            diff = (a.astype(float) - b.astype(float)).to_numpy()[differs]
            diff = diff[np.isfinite(diff)]
            if len(diff):
                typical, largest = float(np.median(diff)), float(np.abs(diff).max())
        rows.append({"feature": name, "rows": len(served), "rows_differing": int(differs.sum()),
                     "share_differing": float(differs.mean()), "typical_difference": typical,
                     "largest_difference": largest})
    return pd.DataFrame(rows).set_index("feature")


def check_prediction_log(log: pd.DataFrame) -> None:
    """Raise ``ValueError`` naming what a prediction log lacks (columns, inputs, rows)."""
    _nonempty(log, "log")
    check_columns(log, _REQUIRED_LOG, name="log")
    if not any(c.startswith("in__") for c in log.columns):
        raise ValueError("log has no input columns (in__<feature>): a prediction cannot be reproduced without them")


def write_prediction_log(log: pd.DataFrame, path) -> Path:
    """Write the log to Parquet (types, categories and time zones survive the round trip)."""
    check_prediction_log(log)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    log.to_parquet(path, index=False)
    return path


def read_prediction_log(path) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"prediction log {path} does not exist")
    log = pd.read_parquet(path)
    check_prediction_log(log)
    return log


@dataclass(frozen=True)
class Reproduction:
    """A logged prediction recomputed from its inputs and its model artefact."""

    request_id: int
    model_version: str
    logged_score: float
    recomputed_score: float
    inputs: dict = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.logged_score == self.recomputed_score

    def __repr__(self) -> str:
        return (f"Reproduction(request {self.request_id}, model {self.model_version}: logged "
                f"{self.logged_score!r}, recomputed {self.recomputed_score!r}, "
                f"{'exact match' if self.exact else 'MISMATCH'})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series({"request_id": self.request_id, "model_version": self.model_version,
                                                 "logged_score": self.logged_score,
                                                 "recomputed_score": self.recomputed_score, "exact": self.exact,
                                                 **{f"input:{k}": v for k, v in self.inputs.items()}},
                                                dtype=object)})


def reproduce_prediction(log: pd.DataFrame, request_id: int, *, load_model: Callable[[str], object],
                         score: Callable[[object, pd.DataFrame], np.ndarray]) -> Reproduction:
    """Recompute the logged score of ``request_id`` from the logged inputs and the versioned model.

    ``load_model(version)`` returns the artefact for a logged
    ``model_version`` (for example :meth:`aipm_kit.versioning.ModelRegistry.load`);
    ``score(model, inputs)`` scores a one-row frame of inputs.
    """
    check_prediction_log(log)
    rows = log[log["request_id"] == request_id]
    if rows.empty:
        raise ValueError(f"request_id {request_id} is not in the log")
    row = rows.iloc[[0]]
    inputs = row[[c for c in log.columns if c.startswith("in__")]]
    inputs.columns = [c[len("in__"):] for c in inputs.columns]
    version = str(row["model_version"].iloc[0])
    model = load_model(version)
    recomputed = float(np.asarray(score(model, inputs.reset_index(drop=True)))[0])
    shown = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs.iloc[0].items()}
    return Reproduction(request_id=int(request_id), model_version=version,
                        logged_score=float(row["score"].iloc[0]), recomputed_score=recomputed,
                        inputs={k: json.loads(json.dumps(v, default=str)) for k, v in shown.items()})
