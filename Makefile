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

.PHONY: run run-scaled build test lint setup migrate seed chromium ffmpeg fonts nginx services benchmarks screenshots clean

# A supervisor (`cli run-supervised`) builds, serves on one port and runs the job worker beside
# the server; when a plugin with pages or menu entries is switched on /admin/plugins it rebuilds
# and restarts both by itself. Ctrl+C stops all of it.
run: setup migrate seed
	@$(PY) -m spoticlone.cli run-supervised

# The scale-out mode on one machine: PostgreSQL and Redis (local, see the README), WEB_WORKERS web
# workers behind nginx on NGINX_PORT (8080), and the job worker. Ctrl+C stops all of it.
run-scaled: setup nginx services
	$(PY) scripts/run_scaled.py

# The production frontend, built once for `cli serve` workers (scale-out mode and systemd units).
build: setup
	$(VENV)/bin/reflex export --frontend-only --no-zip --env prod

# Two phases, both always run (either failing fails the target): every test that shares
# nothing runs on two xdist workers, each test file whole on one of them (-v: xdist's dots
# would not say which test they are); then the `serial` ones (tests/conftest.py marks them:
# browser journeys, tests/deploy, PostgreSQL and Redis) one at a time, as they need the
# machine, its ports and the shared databases to themselves.
test: setup $(VENV)/.installed-dev chromium nginx lint
	status=0; \
	$(PY) -m pytest -m "not serial" -n 2 --dist loadfile -v --durations=15 || status=1; \
	$(PY) -m pytest -m serial -p no:xdist --durations=15 || status=1; \
	exit $$status

# Ruff over the whole tree and mypy over services and models (ruff.toml, mypy.ini); any finding
# fails the target, and with it `make test`.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

setup: $(VENV)/.installed $(BUN) ffmpeg fonts

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# Test tools (pytest, Playwright, schemathesis, ...) only for `make test`; `make run` stays lean.
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed $(wildcard plugins/*/pyproject.toml)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet -e plugins/spoticlone-lyrics-lrclib -e plugins/spoticlone-listenbrainz
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

# The year-in-review card (services/insight/year_card.py) draws names with DejaVu Sans and, for
# Chinese, Japanese and Korean, WenQuanYi Micro Hei; Debian's packages.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf -a -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-dejavu-core fonts-wqy-microhei ; }

# nginx serves assets and audio in front of the app workers (scale-out mode); the tests run
# the config `cli nginx-config` writes against a real one of their own. Debian's package.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx ; }

# PostgreSQL and Redis on this machine for `make run-scaled` (its default URLs): Debian's
# packages when missing, started when not answering. Skipped when SPOTICLONE_DATABASE_URL and
# SPOTICLONE_REDIS_URL point elsewhere.
services:
ifeq ($(SPOTICLONE_DATABASE_URL)$(SPOTICLONE_REDIS_URL),)
	@{ command -v pg_isready && command -v redis-cli ; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql redis-server ; }
	@pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) service postgresql start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || $(SUDO) service redis-server start || \
	  redis-server --daemonize yes
endif

migrate: setup
	$(VENV)/bin/reflex db migrate

seed: setup
	$(PY) -m spoticlone.cli seed

benchmarks: setup $(VENV)/.installed-dev
	$(PY) benchmarks/run_all.py

clean:
	rm -rf .web .states $(VENV) .tools
