# aipm-kit: every target sets up .venv first (idempotent: it reinstalls only
# when pyproject.toml changes), then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# One thread per process: tests run two notebooks at once on two cores, and
# oversubscribed OpenMP/BLAS pools make small models many times slower.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
# Kernels started by the targets below inherit their environment: an exported
# MPLBACKEND (Agg, say) would leave every figure cell empty, so each drops it.
# Jupyter refuses to start as root without --allow-root (containers run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: run test lint format lab lab-instructor workspace bench setup notebooks student clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aipm-kit)" >/dev/null
	@# JupyterHub's proxy (for deploy/jupyterhub and its loopback test) comes from npm, into .venv/hub
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(VENV)/hub && cd $(VENV)/hub && npm install --silent --no-audit --no-fund \
			configurable-http-proxy@4.6.3 >/dev/null 2>&1 \
		|| echo "note: npm could not install configurable-http-proxy; the JupyterHub test will skip"; \
	else echo "note: npm is not installed; the JupyterHub test will skip (deploy/jupyterhub needs its proxy)"; fi
	@touch $(STAMP)

## make run: execute the whole course and write the site and write-ups under build/
run: setup
	env -u MPLBACKEND $(BIN)/aipm run --out build

## make lint: ruff's lint (with import order) and format check, as configured in pyproject.toml
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make format: let ruff fix what it can and format the code in place
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make test: the lint, unit tests, papermill sweeps, then every notebook under nbval
test: setup lint
	env -u MPLBACKEND $(BIN)/python -m pytest -n 2 --dist loadfile tests
	env -u MPLBACKEND $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env \
		--nbval-sanitize-with tests/sanitize.cfg --nbval-cell-timeout=300 -p no:cacheprovider notebooks

## make lab: open JupyterLab on your learner workspace (answers stripped; made on first use)
## LAB_DIR and LAB_ARGS change where and how; make lab-instructor opens the answer keys
WORKSPACE ?= workspace
LAB_DIR   ?= $(WORKSPACE)
LAB_ARGS  ?=
lab: setup workspace
	env -u MPLBACKEND $(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) $(LAB_DIR)

## make lab-instructor: JupyterLab on notebooks/, the answer keys (for instructors and authors)
lab-instructor: setup
	env -u MPLBACKEND $(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) notebooks

## make workspace: create or refresh the learner workspace; a notebook you edited is never
## overwritten (a course update lands beside it as NN_name.new.ipynb, and the command says so)
workspace: setup
	$(BIN)/aipm student-copy --out $(WORKSPACE)

## make bench: side-by-side speed and agreement against the tools users would otherwise pick
bench: setup
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

## make notebooks: rebuild notebooks/NN_*.ipynb (with outputs) from notebooks/src/*.py
notebooks: setup
	env -u MPLBACKEND $(BIN)/python scripts/build_notebooks.py

## make student: student copies (solutions stripped) under student/
student: setup
	$(BIN)/aipm student-copy --out student

clean:
	rm -rf build student .pytest_cache  # never workspace/: it holds the learner's own work
