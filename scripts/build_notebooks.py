"""Build ``notebooks/NN_name.ipynb`` (with outputs) from ``notebooks/src/NN_name.py``.

The sources are jupytext "percent" scripts: easy to review and diff. This
script converts each one, executes it top to bottom at its default parameters
with papermill, strips run-specific metadata and widget state, and writes the
notebook that is committed (nbval compares against its outputs).

    python scripts/build_notebooks.py            # all notebooks
    python scripts/build_notebooks.py 01 02      # some, by number
    python scripts/build_notebooks.py apps       # the dashboard apps (notebooks/src/apps -> notebooks/apps)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
import papermill as pm

from aipm_kit.runtime import kernel_environment

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "notebooks" / "src"
OUT = REPO / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def to_notebook(src: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(src)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"
        cell.metadata.pop("lines_to_next_cell", None)
    return nb


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return nb


def build(src: Path) -> float:
    target = OUT / src.parent.relative_to(SRC) / (src.stem + ".ipynb")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / target.name
        nbformat.write(to_notebook(src), raw)
        t0 = time.perf_counter()
        with kernel_environment():  # figures are stored even if the shell exported MPLBACKEND=Agg
            pm.execute_notebook(
                str(raw), str(target), kernel_name="python3", cwd=str(target.parent), progress_bar=False
            )
        seconds = time.perf_counter() - t0
    nb = clean(nbformat.read(target, as_version=4))
    nbformat.write(nb, target)
    return seconds


def main(numbers: list[str]) -> int:
    sources = sorted(SRC.glob("[0-9][0-9]_*.py"))
    if numbers:
        sources = [s for s in sources if s.name[:2] in {n.zfill(2) for n in numbers}]
    if not numbers or "apps" in numbers:  # the dashboard apps Voila serves (notebooks/apps/)
        sources += sorted((SRC / "apps").glob("*.py"))
    for src in sources:
        print(f"{src.name}: {build(src):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
