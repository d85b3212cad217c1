# luoyang-analysis: `make reports` and `make test` do all set-up on a fresh clone.
# The virtual environment is a file target. Processed data and reports are not:
# `luoyang reports` decides what is stale by the library's one rebuild rule
# (luoyang_analysis/digests.py: content digests and stamps), so Make never
# second-guesses it with file times of its own.

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSDEPS_STAMP := $(VENV)/.sysdeps
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

# The delivery to use: DATA=data/raw/2019-06-30 chooses one; by default the newest
# dated folder under data/raw/ (2026-11-27-public counts), else the bundled sample.
# The library's own rule decides (stdlib only, so it runs before the venv exists).
DATA   ?= $(shell $(PYTHON) luoyang_analysis/deliveries/delivery_names.py data/raw)
DELIVERY  := $(patsubst %/,%,$(DATA))

# Pass-through parameters: make reports YEAR=2018 UNITS="410381 410322" JOBS=2 REPORT_LANG=en
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
YEAR        ?=
UNITS       ?=
REPORT_LANG ?= zh
FORMATS     ?= html,pdf
REPORT_ARGS := --data $(DELIVERY) --jobs $(JOBS) --formats $(FORMATS) --lang $(REPORT_LANG) \
	$(if $(YEAR),--year $(YEAR)) $(if $(UNITS),--unit $(UNITS))

## help: list the targets (this message)
help:
	@echo "luoyang-analysis — targets of 洛政办〔2017〕78号 and reports per county and year"
	@echo
	@awk 'BEGIN {FS = ": "} /^## / {sub(/^## /, ""); split($$0, a, ": "); printf "  make %-10s %s\n", a[1], substr($$0, length(a[1]) + 3)}' $(MAKEFILE_LIST)

## reports: set up if needed, then build every report into reports/ (YEAR= UNITS= JOBS= DATA= REPORT_LANG=en)
# Always runs the batch: it processes the delivery if its raw files or the reading
# code changed, and builds exactly the reports that are stale or missing in the
# formats asked for (a no-op takes well under a second of batch work).
reports: $(STAMP)
	$(BIN)/luoyang reports $(REPORT_ARGS)

## gaps: print the gap table of every unit (YEAR=, default 2020) from the current delivery
gaps: $(STAMP)
	$(BIN)/luoyang gaps --all --year $(or $(YEAR),2020) --data $(DELIVERY)

## bench: registers at province scale; a full year of reports, the no-op rerun, a one-county revision, the naive way
bench: $(STAMP)
	$(BIN)/python benchmarks/registers_bench.py
	$(BIN)/python benchmarks/bench.py --jobs $(JOBS)

## test: set up if needed, then run the whole test suite (slow end-to-end tests included)
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff check and format check
lint: $(STAMP)
	$(BIN)/ruff check luoyang_analysis tests
	$(BIN)/ruff format --check luoyang_analysis tests

## lab: open JupyterLab on notebooks/ with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

## check: list the source document's internal conflicts and check the catalogue
check: $(STAMP)
	$(BIN)/luoyang targets --check

## clean: delete built reports and processed data (make reports gives them back)
clean:
	find reports data/processed -mindepth 1 ! -name README.md ! -name .gitkeep -delete

## distclean: clean, and delete the virtual environment
distclean: clean
	rm -rf $(VENV)

## lock: re-resolve requirements.lock from pyproject.toml (needs PyPI)
lock: $(BIN)/python
	$(PIP) install uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

.PHONY: help reports gaps bench test lint lab check clean distclean lock

# ---------------------------------------------------------------- set-up (file targets)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# System libraries WeasyPrint needs: Pango (text layout) and HarfBuzz-subset
# (font subsetting: a 14-page PDF takes 3 s with it, 10 s without). Debian
# images usually have Pango; whatever is missing is installed with apt-get.
# Chromium prints the PDFs (luoyang_analysis/presentation/chromium.py; WeasyPrint
# where it is missing, three times slower) and the browser test opens the HTML
# reports in it. It is installed without "recommends" so that no fonts-* package
# comes with it: the reports embed their CJK font and the test proves they need
# no system font.
SYSLIBS_REQUIRED := libpango-1.0-0:libpango-1.0.so libpangoft2-1.0-0:libpangoft2-1.0.so
SYSLIBS_OPTIONAL := libharfbuzz-subset0:libharfbuzz-subset.so
SYSPROGS_OPTIONAL := chromium:chromium
$(SYSDEPS_STAMP): | $(BIN)/python
	@libs="$$(ldconfig -p 2>/dev/null || true)"; need=""; want=""; progs=""; \
	for pair in $(SYSLIBS_REQUIRED); do case "$$libs" in *"$${pair#*:}"*) ;; *) need="$$need $${pair%%:*}";; esac; done; \
	for pair in $(SYSLIBS_OPTIONAL); do case "$$libs" in *"$${pair#*:}"*) ;; *) want="$$want $${pair%%:*}";; esac; done; \
	for pair in $(SYSPROGS_OPTIONAL); do command -v "$${pair#*:}" >/dev/null || progs="$$progs $${pair%%:*}"; done; \
	if [ -z "$$need$$want$$progs" ]; then echo "system packages: all found"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "system packages: installing$$need$$want$$progs"; \
	  apt-get update -q >/dev/null || true; \
	  if [ -n "$$need" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$need >/dev/null; fi; \
	  if [ -n "$$want" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$want >/dev/null \
	    || echo "note: could not install$$want; PDFs will build, only more slowly" >&2; fi; \
	  if [ -n "$$progs" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$progs >/dev/null \
	    || echo "note: could not install$$progs; PDFs will come from WeasyPrint, the browser test is skipped" >&2; fi; \
	elif [ -n "$$need" ]; then echo "missing system libraries: run 'sudo apt-get install$$need' and retry." >&2; exit 1; \
	else \
	  if [ -n "$$want" ]; then echo "note: 'sudo apt-get install$$want' makes PDF builds about 3x faster" >&2; fi; \
	  if [ -n "$$progs" ]; then echo "note: 'sudo apt-get install --no-install-recommends$$progs' makes PDFs 3x cheaper and enables the browser test" >&2; fi; \
	fi
	touch $@

$(STAMP): requirements.lock pyproject.toml $(SYSDEPS_STAMP) | $(BIN)/python
	$(PIP) install -r requirements.lock 2> >(grep -v '^WARNING: Location' >&2)
	$(PIP) install --no-deps -e . 2> >(grep -v '^WARNING: Location' >&2)
	$(BIN)/python -m ipykernel install --sys-prefix --name luoyang-analysis --display-name "Python (luoyang-analysis)" >/dev/null
	if git rev-parse --git-dir >/dev/null 2>&1; then $(BIN)/nbstripout --install --attributes .gitattributes; fi
	touch $@
