# Everything goes through the virtual environment in .venv, created from the
# pinned requirements the first time and again whenever they change: first what
# `init`, a build and the preview need (requirements.txt), then, for the targets
# that test, lint or measure, the tools (requirements-dev.txt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEV := $(VENV)/.installed-dev
# Installs the generator itself in editable mode (pinned with the tools).
SETUPTOOLS := $(shell grep -m1 '^setuptools==' requirements-dev.txt)
STRICT ?=
ENGINE ?= mkdocs
ARCHIVE ?= $(wildcard ../shared/seeds)

# Quotes are verified against archived article texts when a folder of them exists.
export BRIEFING_ARCHIVE ?= $(ARCHIVE)

CHECK_FLAGS := $(if $(STRICT),--strict,)

.PHONY: help venv dev check build serve test lint types quick unit browser clean lock pins schema i18n golden engines fuzz bench bench-serve

help:
	@echo "make venv    what init, a build and the preview need, in .venv (the targets do it)"
	@echo "make build   check the facts and build the site into site/"
	@echo "make check   check the facts only (STRICT=1 turns warnings into errors)"
	@echo "make test    lint, types, unit, golden, build and browser tests (installs the tools)"
	@echo "make quick   the unit tests of the modules alone (seconds; make test runs all)"
	@echo "make serve   live preview on http://127.0.0.1:8000"
	@echo "make bench   time check and build on synthetic corpora of 1k-10k facts (BENCH_FULL=1: 50k)"
	@echo "make bench-serve  time a saved fact reaching the browser under make serve (1k, 10k)"
	@echo "make i18n    extract the generator's messages and update every language's catalog"
	@echo "make dev     add the test, lint and measuring tools to .venv (their targets do it)"
	@echo "make clean   remove site/ and caches (keeps .venv)"

# The requirements files pin every package (`make lock`), so pip need not resolve their
# dependencies again (--no-deps: half the time); `pip check` says if a pin is missing.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --no-deps

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt '$(SETUPTOOLS)'
	$(PIP_INSTALL) --no-build-isolation -e .
	@# The same code under its former distribution name, `briefing`, goes.
	@if ls $(VENV)/lib/python*/site-packages/briefing-*.dist-info >/dev/null 2>&1; then \
		$(PY) -m pip uninstall --quiet --yes briefing; fi
	@$(PY) -m pip check >/dev/null || $(PY) -m pip check
	@touch $@

$(DEV): $(STAMP) requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	@$(PY) -m pip check >/dev/null || $(PY) -m pip check
	@touch $@

# What an editor needs: `init`, check, build and the preview (`make dev` adds the tools).
venv: $(STAMP)

dev: $(DEV)

check: $(STAMP)
	$(PY) -m generator check $(CHECK_FLAGS)

# ENGINE=mkdocs (default), properdocs or zensical; each extra engine is installed on first use.
build: $(STAMP) $(if $(filter properdocs,$(ENGINE)),$(VENV)/.properdocs) $(if $(filter zensical,$(ENGINE)),.venv-zensical/.installed)
	$(PY) -m generator build --engine $(ENGINE) $(CHECK_FLAGS)

engines: $(VENV)/.properdocs .venv-zensical/.installed

$(VENV)/.properdocs: requirements-properdocs.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	@touch $@

.venv-zensical/.installed: requirements-zensical.txt
	@test -x .venv-zensical/bin/python || $(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	@touch $@

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Regenerate the JSON Schema editors' tools read (facts/schema.json) from the model.
schema: $(STAMP)
	$(PY) -m generator schema -o facts/schema.json

# Extract the messages of the code and templates into generator/locales/briefing.pot and
# bring every language's catalog up to it (then translate what it says is untranslated).
i18n: $(STAMP)
	$(PY) -m generator.i18n

lint: $(DEV)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/actionlint .github/workflows/briefing.yml

types: $(DEV)
	$(BIN)/mypy generator

# The unit tests of the modules, in seconds: no whole builds, subprocesses or browser.
quick: $(DEV)
	$(BIN)/pytest -q -x -m "not browser and not slow"

unit: $(DEV)
	$(BIN)/pytest -q -m "not browser"

browser: $(DEV) node_modules/.installed
	$(BIN)/pytest -q -m browser

test: lint types check engines node_modules/.installed $(DEV)
	$(BIN)/pytest -q

# --- browser test tools (begin)
# axe-core and the Nu HTML checker (vnu-jar), pinned in package-lock.json, for tests/browser.
# --ignore-scripts: vnu-jar's postinstall only looks for Java (or downloads one); the tests use
# the system `java`, so nothing but the registry is ever reached.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	@touch $@
# --- browser test tools (end)

clean:
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache

# Re-pin every dependency from requirements*.in into requirements*.txt.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements.in
	.lockvenv/bin/pip freeze --exclude-editable | sed '/^pip==/d;/^setuptools==/d' > requirements.txt
	.lockvenv/bin/pip install --quiet -c requirements.txt -r requirements-dev.in
	.lockvenv/bin/pip freeze --exclude-editable | sed '/^pip==/d' | grep -vxFf requirements.txt > requirements-dev.txt
	rm -rf .lockvenv
	$(MAKE) --no-print-directory pins

# The pins a new briefing project gets (`sourced-briefing init`): the site's, and pytest's for its tests.
pins:
	(cat requirements.txt; grep -E '^(pytest|iniconfig|pluggy)==' requirements-dev.txt) \
		| sort -f > generator/project_template/_pins.txt

# Rewrite the renderer's golden pages after an intended change; review the diff.
golden: $(DEV)
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_render.py -k golden

# A longer fuzzing campaign than the one in `make test` (FUZZ_EXAMPLES per property).
fuzz: $(DEV)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(BIN)/pytest -q -s tests/test_fuzz.py

# Speed and size against the targets (README, Performance); BENCH_FULL=1 adds 50k facts,
# BENCH_ARGS passes options (`make bench BENCH_ARGS="--sizes 1000 --runs 1"`; see --help).
bench: $(DEV)
	$(PY) -m bench.run $(BENCH_ARGS)

# The live preview, in Chromium (`make bench-serve SERVE_ARGS="--sizes 1000 --saves 7"`).
bench-serve: $(DEV)
	$(PY) -m bench.serve $(SERVE_ARGS)
