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
    Returns a :class:`aipm_kit.liveview.LiveView`: in a running kernel the
    sliders redraw both views; read without a kernel (GitHub, the course site)
    it shows the figure at the starting threshold and costs. The sweep is recomputed only when a cost moves.

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and model scores of the evaluation set (checked up front); ignored with ``sweep_of``.
    daily_volume, review_minutes
        As in :func:`aipm_kit.metrics.business_impact`.
    cost_false_alarm, loss_per_missed_fraud : float, default 15.0 and 400.0
        The sliders' starting unit costs, in dollars (the false-alarm slider goes up to 100 or twice the
        start; the loss slider to 2,000 or twice the start, or ``loss_max``).
    threshold : float, default 0.5
        The threshold slider's start (0 to 1, in steps of 0.01).
    sample_weight : array-like, optional
        Weight of each row, as in :func:`threshold_figure`.
    review_capacity_hours_per_week : float, optional
        The review team's capacity, as in :func:`threshold_figure`.
    review_scores : array-like, optional
        Every scored transaction's score, as in :func:`threshold_figure`.
    sweep_of : callable, optional
        ``sweep_of(cost_false_alarm=..., loss_per_missed_fraud=...)`` returning the sweep to draw.
    loss_label : str, default "$ lost per missed fraud"
        The loss slider's label.
    loss_max : float, optional
        The loss slider's maximum.
    loss_step : float, default 10
        The loss slider's step.
    **figure_options
        Passed to :func:`threshold_figure` as they are: any of :data:`FIGURE_OPTIONS` (``value_floor``,
        ``data_note``, ``hours_label``, ``bands``, ``hours_decimals``, ``net_title``, ``count_decimals``,
        ``legend_below``, ``hours_panel_xmax``, ``shade_over``, ``best_colour``, ``mark_over``,
        ``mark_best_fit``, ``baseline_label``). Another name is refused with a TypeError.

    Returns
    -------
    aipm_kit.liveview.LiveView
        The sliders and the picture, with a one-line summary for readers without a kernel.

    Examples
    --------
    Building the app draws its first picture (most of a second), so that line is not run here:

    >>> y = [0] * 16 + [1] * 4
    >>> score = [round(0.05 + 0.55 * i / 15, 2) for i in range(16)] + [0.45, 0.7, 0.8, 0.9]
    >>> threshold_explorer(y, score, daily_volume=1_000, threshold=0.5)  # doctest: +SKIP
    <interactive view: The threshold explorer, starting at threshold 0.50 with $15 per false alarm and $400 per
    missed fraud. Move its controls in a running kernel; the picture shows the starting view.>
    >>> threshold_explorer(y, score, daily_volume=1_000, legend="below")
    Traceback (most recent call last):
    ...
    TypeError: threshold_explorer() got an unexpected keyword argument 'legend'
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
