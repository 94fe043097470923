"""The drift dashboard's live controls: ipywidgets bound to a dashboard, redrawing only what changed.

:class:`_DashboardWidget` builds the controls (window size, statistic, threshold, reference and
current windows, features) and the views they drive, and on each change recomputes the dashboard
and redraws only the views whose inputs changed, timing each step. ipywidgets is imported only when
a widget is built. :meth:`~aipm_kit.apps.dashboard.DriftDashboard.widget` builds it.
"""

from __future__ import annotations

import base64
import time
from functools import lru_cache

from ..palette import BAD, MUTED, RULE
from ..templating import render
from .dashboard_view import _STAT_OPTIONS, GRANULARITIES, VIEWS


@lru_cache(maxsize=1)
def _css() -> str:
    """The dashboard's style sheet, a ``<style>`` block rendered from its template once."""
    return render("dashboard/widget_style.html.j2", muted=MUTED, rule=RULE)


class _DashboardWidget:
    """ipywidgets controls bound to a :class:`DriftDashboard`, and the views they drive.

    Only views whose inputs changed are redrawn (see :meth:`DriftDashboard._key`).
    The heatmap and the ranked table are HTML, built in milliseconds; the two
    figures are :class:`aipm_kit.plots.DistributionPanel` and
    :class:`~aipm_kit.plots.PerformancePanel`, kept between changes: their
    artists' data change in place, then one draw and one PNG at 90 dpi.
    ``timings`` holds the milliseconds of the last change.
    """

    def __init__(self, dash: DriftDashboard):  # noqa: F821 (in .dashboard, which imports this module)
        import ipywidgets as w

        from .. import plots

        self.dash = dash
        self._busy = False
        self.drawn: dict[str, tuple] = {}
        self.timings: dict[str, float] = {}
        self.panels = {"distribution": plots.DistributionPanel(dpi=90), "performance": plots.PerformancePanel(dpi=90)}
        s = dash.state
        style = {"description_width": "initial"}
        periods = list(dash.periods())

        def narrow(width):
            return w.Layout(width=width, max_width="100%")

        self.granularity = w.ToggleButtons(
            options=[(f"{g}s", g) for g in GRANULARITIES],
            value=s["granularity"],
            tooltips=[f"compare {g}s" for g in GRANULARITIES],
            style={"button_width": "76px"},
        )
        self.stat = w.Dropdown(
            options=_STAT_OPTIONS, value=s["stat"], description="Statistic", style=style, layout=narrow("200px")
        )
        self.threshold = w.FloatText(
            value=s["threshold"], description="Alert threshold", step=0.01, style=style, layout=narrow("170px")
        )
        self.ref_start = w.Dropdown(
            options=periods, value=s["reference"][0], description="Reference", style=style, layout=narrow("190px")
        )
        self.ref_end = w.Dropdown(
            options=periods, value=s["reference"][-1], description="to", style=style, layout=narrow("140px")
        )
        self.current = w.Dropdown(
            options=periods, value=s["current"], description="Current", style=style, layout=narrow("180px")
        )
        self.feature = w.Dropdown(
            options=list(dash.all_features),
            value=s["feature"],
            description="Distribution of",
            style=style,
            layout=narrow("250px"),
        )
        self.feature_toggles = {
            f: w.ToggleButton(
                value=f in s["features"],
                description=f,
                tooltip=f"monitor {f}",
                button_style="info" if f in s["features"] else "",
            )
            for f in dash.all_features
        }
        self.features = w.HBox(list(self.feature_toggles.values()), layout=w.Layout(flex_flow="row wrap"))
        self.export = w.Button(
            description="Export HTML", tooltip="a static HTML page of this view", layout=w.Layout(width="auto")
        )
        for name in (
            "granularity",
            "ref_start",
            "ref_end",
            "current",
            "stat",
            "threshold",
            "features",
            "feature",
            "export",
        ):
            getattr(self, name).add_class(f"aipm-{name.replace('_', '-')}")
        self.message = w.HTML()
        self.message.add_class("aipm-message")
        self.status = w.HTML()
        self.status.add_class("aipm-status")
        self.heatmap = w.HTML(layout=w.Layout(width="100%"))
        self.heatmap.add_class("aipm-heatmap")
        self.distribution = w.Image(format="png")
        self.distribution.add_class("aipm-distribution")
        self.performance = w.Image(format="png")
        self.performance.add_class("aipm-performance")
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.table.add_class("aipm-table")
        self.download = w.HTML()
        self.download.add_class("aipm-download")

        for control in (
            self.granularity,
            self.ref_start,
            self.ref_end,
            self.current,
            self.stat,
            self.threshold,
            self.feature,
            *self.feature_toggles.values(),
        ):
            control.observe(self._changed, names="value")
        self.export.on_click(self._export)

        def row(children, cls="aipm-row"):
            box = w.HBox(children, layout=w.Layout(flex_flow="row wrap", width="100%"))
            box.add_class(cls)
            return box

        label = w.HTML(render("dashboard/widget.html.j2", part="label", text="Features"))
        self.controls = w.VBox(
            [
                row(
                    [
                        w.HTML(render("dashboard/widget.html.j2", part="label", text="Window")),
                        self.granularity,
                        self.stat,
                        self.threshold,
                        self.export,
                        self.download,
                    ]
                ),
                row([self.ref_start, self.ref_end, self.current, self.feature]),
                row([label, self.features]),
            ]
        )
        self.controls.add_class("aipm-controls")
        figures = row([self.distribution, self.performance], "aipm-figures")
        self.box = w.VBox(
            [w.HTML(_css()), self.controls, self.message, self.status, self.heatmap, figures, self.table],
            layout=w.Layout(width="100%"),
        )
        self.box.add_class("aipm-dashboard")
        self.render()

    def _changed(self, change):
        if self._busy:
            return
        t0 = time.perf_counter()
        owner = change["owner"]
        changes = {}
        if owner is self.granularity:
            changes["granularity"] = self.granularity.value
        elif owner in (self.ref_start, self.ref_end):
            changes["reference"] = (self.ref_start.value, self.ref_end.value)
        elif owner is self.current:
            changes["current"] = self.current.value
        elif owner is self.stat:
            changes["stat"] = self.stat.value
        elif owner is self.threshold:
            changes["threshold"] = self.threshold.value
        elif owner is self.feature:
            changes["feature"] = self.feature.value
        else:  # a feature toggle
            changes["features"] = tuple(f for f, b in self.feature_toggles.items() if b.value)
        try:
            self.dash.update(**changes)
        except Exception as exc:  # the widget never shows a traceback
            self.dash.message = f"{type(exc).__name__}: {exc}"
        self.render(started=t0)

    def _sync_controls(self):
        s = self.dash.state
        self._busy = True
        try:
            periods = list(self.dash.periods())
            if list(self.ref_start.options) != periods:
                for d in (self.ref_start, self.ref_end, self.current):
                    d.options = periods
            self.ref_start.value, self.ref_end.value = s["reference"][0], s["reference"][-1]
            self.current.value = s["current"]
            self.stat.value = s["stat"]
            self.threshold.value = s["threshold"]
            for f, button in self.feature_toggles.items():
                button.value = f in s["features"]
                button.button_style = "info" if button.value else ""  # on is blue, not a shade of grey
            self.feature.value = s["feature"]
            self.granularity.value = s["granularity"]
        finally:
            self._busy = False

    def draw(self, name: str) -> None:
        """Redraw view ``name`` from the dashboard's current view."""
        dash = self.dash
        if name == "heatmap":
            self.heatmap.value = dash.heatmap_html()
        elif name == "table":
            self.table.value = dash.table_html()
        elif name == "distribution":
            self.distribution.value = self.panels[name].update(**dash._distribution_args()).png()
        elif name == "performance":
            args = dash._performance_args()
            if args is None:
                self.performance.layout.display = "none"
                return
            panel = self.panels[name].update(**args)
            dash._draw_intervals(panel.ax, args["performance"])
            self.performance.value = panel.png()
        else:
            raise ValueError(f"name must be one of {list(VIEWS)}, got {name!r}")

    def render(self, started: float | None = None) -> list[str]:
        """Redraw the views whose inputs changed; returns their names."""
        dash = self.dash
        t0 = time.perf_counter()
        if dash.message:
            self.message.value = render("dashboard/widget.html.j2", part="message", text=dash.message, bad=BAD)
            return []
        self.message.value = ""
        self._sync_controls()
        redrawn = []
        for name in VIEWS:
            key = dash._key(name)
            if self.drawn.get(name) != key:
                self.draw(name)
                self.drawn[name] = key
                redrawn.append(name)
        done = time.perf_counter()
        total = (done - (started if started is not None else t0)) * 1000
        self.timings = {"recompute_ms": dash.view.seconds * 1000, "draw_ms": (done - t0) * 1000, "total_ms": total}
        self.status.value = render(
            "dashboard/widget.html.j2",
            part="status",
            total=f"{total:.0f}",
            recomputed=f"{dash.view.seconds * 1000:.0f}",
            redrawn=redrawn,
            windows=dash._window_sizes_text(),
        )
        return redrawn

    def shown(self) -> dict:
        """What each view shows, read back from the widgets and the figures' artists."""
        out = {
            "heatmap": self.heatmap.value,
            "table": self.table.value,
            "distribution": self.panels["distribution"].shown(),
        }
        if self.dash.performance:
            out["performance"] = self.panels["performance"].shown()
        return out

    def _export(self, _button):
        from markupsafe import Markup

        try:
            page = self.dash.to_html()
        except Exception as exc:  # pragma: no cover - shown, never raised
            self.download.value = render("dashboard/widget.html.j2", part="failed", error=str(exc), bad=BAD)
            return
        data = base64.b64encode(page.encode("utf-8")).decode("ascii")
        self.download.value = render("dashboard/widget.html.j2", part="download", data=Markup(data))
