"""The live threshold explorer: sliders for the threshold and the unit costs around :func:`threshold_figure`.

:func:`threshold_explorer` returns a :class:`aipm_kit.liveview.LiveView`: in a running kernel the
sliders redraw the figure; read without a kernel it shows the figure of its starting point.
"""

from __future__ import annotations

import inspect

import numpy as np

from ... import metrics
from .figure import threshold_figure

#: The options of :func:`threshold_figure` that :func:`threshold_explorer` passes on as they are (it sets the
#: data, the threshold, the sweep, the costs, the weights, the capacity and the review scores itself).
FIGURE_OPTIONS = tuple(
    name
    for name, parameter in inspect.signature(threshold_figure).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    and name
    not in (
        "daily_volume",
        "review_minutes",
        "cost_false_alarm",
        "loss_per_missed_fraud",
        "sweep",
        "sample_weight",
        "review_capacity_hours_per_week",
        "review_scores",
    )
)


def threshold_explorer(
    y_true,
    y_score,
    *,
    daily_volume: float,
    review_minutes: float = 5.0,
    cost_false_alarm: float = 15.0,
    loss_per_missed_fraud: float = 400.0,
    threshold: float = 0.5,
    sample_weight=None,
    review_capacity_hours_per_week: float | None = None,
    review_scores=None,
    sweep_of=None,
    loss_label: str = "$ lost per missed fraud",
    loss_max: float | None = None,
    loss_step: float = 10,
    **figure_options,
):
    """An ipywidgets app: sliders for the threshold and the unit costs, and :func:`threshold_figure`.

    ``review_scores`` counts review hours from every scored transaction, as in
    :func:`threshold_figure`. With ``sweep_of`` (a function of ``cost_false_alarm`` and
    ``loss_per_missed_fraud`` returning a sweep as :func:`threshold_figure` draws it with
    ``y_true`` and ``y_score`` None) the caller supplies the estimator; the loss slider then
    means what ``sweep_of`` makes of it, named by ``loss_label`` (up to ``loss_max`` in ``loss_step``).
    ``value_floor``, ``data_note``, ``hours_label``, ``hours_decimals``, ``net_title``, ``count_decimals``,
    ``legend_below``, ``hours_panel_xmax``, ``shade_over``, ``best_colour``, ``mark_over``, ``mark_best_fit`` and ``baseline_label`` are passed to :func:`threshold_figure`. Returns a :class:`aipm_kit.liveview.LiveView`: in a running kernel the
    sliders redraw both views; read without a kernel (GitHub, the course site)
    it shows the figure at the starting threshold and costs.

    Returns
    -------
    aipm_kit.liveview.LiveView
    """
    unknown = [name for name in figure_options if name not in FIGURE_OPTIONS]
    if unknown:  # refused at the call, as a named parameter would be, not at the first redraw
        raise TypeError(f"threshold_explorer() got an unexpected keyword argument {unknown[0]!r}")
    import ipywidgets as widgets

    from ...liveview import LiveView, figure_png

    if sweep_of is None:
        y_true = np.asarray(y_true)
        y_score = np.asarray(y_score, dtype=float)
        metrics.threshold_sweep(y_true, y_score, thresholds=[0.5], sample_weight=sample_weight)  # validate up front
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="420px")
    th = widgets.FloatSlider(
        value=threshold,
        min=0.0,
        max=1.0,
        step=0.01,
        description="threshold",
        style=style,
        layout=layout,
        continuous_update=False,
    )
    cfa = widgets.FloatSlider(
        value=cost_false_alarm,
        min=0,
        max=max(100, 2 * cost_false_alarm),
        step=1,
        description="$ per false alarm",
        style=style,
        layout=layout,
        continuous_update=False,
    )
    loss = widgets.FloatSlider(
        value=loss_per_missed_fraud,
        min=0,
        max=max(2_000, 2 * loss_per_missed_fraud) if loss_max is None else loss_max,
        step=loss_step,
        description=loss_label,
        style=style,
        layout=layout,
        continuous_update=False,
    )
    sweeps: dict = {}  # the sweep depends on the costs only: moving the threshold reuses it

    def png() -> bytes:
        costs = dict(
            daily_volume=daily_volume,
            review_minutes=review_minutes,
            cost_false_alarm=cfa.value,
            loss_per_missed_fraud=loss.value,
        )
        key = (cfa.value, loss.value)
        if key not in sweeps:
            sweeps.clear()
            sweeps[key] = (
                metrics.business_sweep(y_true, y_score, sample_weight=sample_weight, **costs)
                if sweep_of is None
                else sweep_of(cost_false_alarm=cfa.value, loss_per_missed_fraud=loss.value)
            )
        return figure_png(
            threshold_figure(
                None if sweep_of else y_true,
                None if sweep_of else y_score,
                th.value,
                sweep=sweeps[key],
                sample_weight=sample_weight,
                review_capacity_hours_per_week=review_capacity_hours_per_week,
                review_scores=review_scores,
                **figure_options,
                **costs,
            )
        )

    start = png()
    picture = widgets.Image(value=start, format="png", layout=widgets.Layout(max_width="100%"))

    def redraw(_change=None):
        picture.value = png()

    for control in (th, cfa, loss):
        control.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox([th]), widgets.HBox([cfa, loss]), picture])
    loss_said = (
        f"${loss_per_missed_fraud:,.0f} per missed fraud"
        if sweep_of is None
        else f"{loss_label} {loss_per_missed_fraud:g}"
    )
    summary = (
        f"the threshold explorer, starting at threshold {threshold:.2f} with "
        f"${cost_false_alarm:,.0f} per false alarm and {loss_said}."
    )
    return LiveView(box, start, summary[0].upper() + summary[1:])
