# Facet Joint Injection Teaching Notebooks. The two commands a newcomer types:
#   make lab    start the course in JupyterLab
#   make test   run every check
# Both create .venv on first use and install the pinned dependencies into it.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8888
CLASS_PORT ?= 8000
NB ?=
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONHASHSEED := 0

.PHONY: lab class class-stop test venv chromium unit nbval stored handouts key slides figures bench execute lint browser-tests clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) (first time: a few minutes)..."
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -r requirements.lock
	@$(PY) -m pip install --quiet --no-deps -e .
	@# A classroom has no network: JupyterLab should not ask to fetch news or check for updates.
	@mkdir -p $(VENV)/share/jupyter/lab/settings && cp scripts/jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/
	@touch $(STAMP)

lab: venv
	@$(PY) scripts/lab.py --host $(HOST) --port $(PORT)

# A class on one machine: JupyterHub (pinned in requirements.lock) with configurable-http-proxy (npm,
# scripts/class/package-lock.json); 127.0.0.1 unless HOST says otherwise. State in build/class.
class: venv node
	@$(PY) scripts/class_server.py start --host $(HOST) --port $(CLASS_PORT)

class-stop: venv
	@$(PY) scripts/class_server.py stop

# Debian's Chromium drives the handout, slide and JupyterLab tests (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  echo "Installing Chromium from Debian (for browser tests)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The browser tests also need Node's npm to fetch the offline JavaScript bundles (package-lock.json).
node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm from Debian (for offline handout bundles)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

lint: venv
	@$(PY) -m ruff check utils tests scripts
	@$(PY) -m ruff format --check utils tests scripts

unit: venv
	@$(PY) -m pytest -q -n 2 --dist loadscope --durations=25 tests

nbval: venv
	@$(PY) -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

execute: venv
	@$(PY) -m scripts.execute $(NB)

figures: venv
	@$(PY) -m scripts.figures

handouts: venv node
	@FACET_COURSE_EDITION=$(EDITION) $(PY) -m scripts.handouts
	@$(if $(filter exam,$(EDITION)),,$(PY) -m scripts.leaflets)

key: venv
	@$(PY) -m scripts.key

slides: venv node
	@$(PY) -m scripts.slides

bench: venv
	@$(PY) -m scripts.bench

test: venv chromium node
	@echo "== lint ==" && $(MAKE) --no-print-directory lint
	@echo "== unit, data, notebook-structure and browser tests ==" && $(MAKE) --no-print-directory unit
	@echo "== nbval (stored outputs, strict) ==" && $(MAKE) --no-print-directory nbval
	@echo "All checks passed."

clean:
	rm -rf build
