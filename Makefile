# The two commands: `make serve` (build the site, serve it on 127.0.0.1:8000) and `make test`.
# Everything they need is installed here when missing: the virtualenv, npm packages, Debian packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
SYS_STAMP := .venv/.system-deps
export NO_MKDOCS_2_WARNING := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: serve site test lint deps system-deps lock clean

# --- setup ---------------------------------------------------------------
# Python packages: exactly those of requirements.lock (every extra, every transitive dependency,
# pip and setuptools too, pinned with hashes), installed as listed: --no-deps resolves nothing, so
# whatever pip the venv brings and whatever the index holds today, the set is the same. Then the
# project itself, built by the locked setuptools (no build isolation, no index: nothing fetched),
# then `pip check` and the lock guard: anything inconsistent or not in the lock stops the setup.
$(STAMP): pyproject.toml requirements.lock site_src/tools/lock_check.py
	test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' \
	  || { echo "$(PYTHON) is $$($(PYTHON) -V 2>&1): the project needs 3.11.5 or later (make PYTHON=python3.12)" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --no-index -e .
	$(BIN)/python -m pip check
	$(BIN)/python site_src/tools/lock_check.py requirements.lock
	touch $@

# After changing a dependency in pyproject.toml: `make lock`, then commit requirements.lock.
# uv keeps every version already in the lock unless pyproject.toml asks otherwise;
# `make lock UPGRADE=1` moves the unpinned transitive dependencies to today's releases.
lock: $(STAMP)
	$(BIN)/uv pip compile -q pyproject.toml --all-extras --generate-hashes --no-header \
	  --python $(BIN)/python $(if $(filter 1,$(UPGRADE)),--upgrade) -o requirements.lock

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: Chromium for the browser tests, Japanese fonts for print and PDF, poppler for
# checking the PDF, nginx and Apache for the real-server tests. Installed only when missing.
$(SYS_STAMP): site_src/tools/system-deps.sh
	bash site_src/tools/system-deps.sh
	mkdir -p $(VENV) && touch $@

system-deps: $(SYS_STAMP)

deps: $(STAMP) $(NPM_STAMP) $(SYS_STAMP)

# --- site ----------------------------------------------------------------
# A draft rates file is refused (by `rates check` and by the build) unless this is a preview:
# `make site PREVIEW=1` builds the newest rates/<year>.toml, draft or not, with PREVIEW on every
# page (never upload it). YEAR=2025 names the year (it sets CYBERQUOTE_YEAR, which overrides
# the build plugin's `year` in mkdocs.yml; by default the newest rates file not marked draft).
ifeq ($(PREVIEW),1)
export CYBERQUOTE_PREVIEW := 1
YEAR ?= $(basename $(notdir $(lastword $(sort $(wildcard rates/[0-9][0-9][0-9][0-9].toml)))))
else
export CYBERQUOTE_PREVIEW :=
endif
ifneq ($(YEAR),)
export CYBERQUOTE_YEAR := $(YEAR)
endif

# The checks, the year choice and the build are Python's (`cyberquote site build`), shared with
# staff who have no make.
site: deps
	$(BIN)/cyberquote site build $(if $(filter 1,$(PREVIEW)),--preview) $(if $(YEAR),--year $(YEAR))

serve: site
	$(BIN)/python site_src/tools/serve.py --host 127.0.0.1 --port 8000 site

# --- checks --------------------------------------------------------------
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: deps lint site
	$(BIN)/pytest -n 2 --dist loadgroup

clean:
	rm -rf site .pytest_cache
