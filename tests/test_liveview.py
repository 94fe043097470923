"""Interactive apps show a picture of themselves wherever no kernel runs them, and redraw live."""

from __future__ import annotations

import base64

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from aipm_kit import liveview, widgets_threshold

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    y = rng.random(2_000) < 0.1
    score = np.clip(0.3 * y + rng.random(2_000) * 0.7, 0, 1)
    return y.astype(int), score


def test_explorer_starts_with_the_static_figure_and_redraws_on_a_slider(data):
    y, score = data
    app = widgets_threshold.threshold_explorer(y, score, daily_volume=1_000, threshold=0.4)
    assert isinstance(app, liveview.LiveView)
    assert app.png.startswith(PNG)
    sliders, costs, picture = app.widget.children
    assert bytes(picture.value) == app.png  # the live view starts where the static picture is
    sliders.children[0].value = 0.7
    assert bytes(picture.value).startswith(PNG) and bytes(picture.value) != app.png
    costs.children[0].value = 60  # a cost change redraws too (with a new sweep)
    moved = bytes(picture.value)
    costs.children[1].value = 900
    assert bytes(picture.value) != moved


def test_bundle_offers_widget_picture_and_a_sentence(data):
    y, score = data
    app = widgets_threshold.threshold_explorer(y, score, daily_volume=1_000, threshold=0.4)
    bundle = app._repr_mimebundle_()
    assert set(bundle) == {liveview.WIDGET_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(PNG)
    assert "threshold 0.40" in bundle["text/plain"] and "VBox" not in bundle["text/plain"]


def test_a_saved_notebook_shows_the_picture_not_the_widget_repr():
    """Executed headless and stored without widget state (as the committed notebooks are), the
    output still has an image, and its text is a sentence, never ``VBox(children=...``."""
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import numpy as np\nfrom aipm_kit import widgets_threshold\n"
            "rng = np.random.default_rng(1)\ny = (rng.random(500) < 0.2).astype(int)\n"
            "s = np.clip(0.4 * y + 0.6 * rng.random(500), 0, 1)\n"
            "widgets_threshold.threshold_explorer(y, s, daily_volume=500)"
        )
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    data = nb.cells[0].outputs[-1]["data"]
    assert "image/png" in data
    assert not data["text/plain"].startswith(("VBox", "HBox"))


def test_monitoring_dashboard_widget_has_a_static_view():
    import pandas as pd

    from aipm_kit import monitoring

    idx = pd.date_range("2024-04-01", periods=48, freq="h")
    daily = pd.DataFrame({"latency_p95": np.linspace(120, 260, 48), "error_rate": np.linspace(0, 0.2, 48)}, index=idx)
    app = monitoring.dashboard_widget(daily, limits={"latency_p95": 200})
    assert isinstance(app, liveview.LiveView) and app.png.startswith(PNG)
    metric, picture = app.widget.children[0].children[0], app.widget.children[2]
    metric.value = "error_rate"
    assert bytes(picture.value) != app.png
    assert "latency_p95" in repr(app)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(liveview)
    assert result.attempted >= 3 and result.failed == 0
