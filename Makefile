# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make run    set up .venv, execute every notebook headlessly, export figures/ and build/
#   make test   set up .venv, run every test (unit tests and every notebook)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help setup run test test-fast lab bench lock clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml setup.py analysis/_scan.c requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed, found " + sys.version.split()[0]'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned environment (requirements.lock)

run: $(STAMP) ## run every notebook headlessly: the seeds write figures/ and build/; make run CORPUS=path writes build/<corpus-name>/
	$(BIN)/python -m analysis run $(CORPUS)

test: $(STAMP) ## run every test: unit tests, property tests and every notebook
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run every test but the slow ones (notebooks, browser, Dask, end-to-end runs; marked slow), on every core (pytest-xdist)
	$(BIN)/python -m pytest -m "not slow" -n auto

lab: $(STAMP) ## open JupyterLab on the project (bound to 127.0.0.1, token auth on)
	$(BIN)/jupyter lab --no-browser --ip $(HOST) --port $(PORT) --ServerApp.port_retries=0 $(ROOT_FLAG) --notebook-dir notebooks

bench: $(STAMP) ## benchmark against NLTK, scikit-learn and a regex pass: make bench CORPUS=path (default: synthetic)
	$(BIN)/python benchmarks/run.py $(CORPUS)

lock: ## refresh requirements.lock (versions + sha256 of every file) from pyproject.toml in a throw-away venv
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	build/lockenv/bin/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^analysis' > build/freeze.txt
	$(PYTHON) tools/lock.py build/freeze.txt --out requirements.lock
	rm -rf build/lockenv

clean: ## remove build/ and the virtual environment
	rm -rf build $(VENV)
