# Spoticlone: `make run` serves the app on the embedded default (SQLite + demo catalog);
# `make test` runs every test layer. Both install what they need on a fresh machine:
# a virtualenv with the pinned requirements, bun from the npm registry (Reflex's own
# bun download cannot reach the internet here), Debian's ffmpeg, and Debian's Chromium for
# browser tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.4
BUN := .tools/node_modules/.bin/bun
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint setup migrate seed chromium ffmpeg benchmarks screenshots clean

# The job worker runs beside the server and stops with it (Ctrl+C reaches both).
run: setup migrate seed
	@$(PY) -m spoticlone.cli worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/reflex run --env prod --single-port

test: setup $(VENV)/.installed-dev chromium lint
	$(PY) -m pytest

# Ruff over the whole tree and mypy over services and models (ruff.toml, mypy.ini); any finding
# fails the target, and with it `make test`.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

setup: $(VENV)/.installed $(BUN) ffmpeg

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# Test tools (pytest, Playwright, schemathesis, ...) only for `make test`; `make run` stays lean.
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(BUN):
	npm install --no-audit --no-fund --prefix .tools bun@$(BUN_VERSION)

# Browser tests use Debian's Chromium; Playwright's own browser download cannot work here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium ; }

# ffmpeg measures every track's loudness (EBU R128) in the background; Debian's package.
ffmpeg:
	@command -v ffmpeg >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ffmpeg ; }

migrate: setup
	$(VENV)/bin/reflex db migrate

seed: setup
	$(PY) -m spoticlone.cli seed

benchmarks: setup $(VENV)/.installed-dev
	$(PY) benchmarks/run_all.py

clean:
	rm -rf .web .states $(VENV) .tools
