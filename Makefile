# The two commands a newcomer needs: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
# Spectral (the OpenAPI linter, from the npm registry) for `make lint`: `npm ci` installs exactly what
# tools/spectral/package-lock.json pins into tools/spectral/node_modules (git-ignored), once, and again
# only when the lockfile changes. Install scripts are skipped: none is needed (the one in the tree only
# sends telemetry).
SPECTRAL_DIR   := tools/spectral
SPECTRAL       := $(SPECTRAL_DIR)/node_modules/.bin/spectral
SPECTRAL_STAMP := $(SPECTRAL_DIR)/node_modules/.installed

.PHONY: run test lint typecheck format openapi lock bench clean

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required (set PYTHON=...)" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)  ## serve the demo on KETEN_PORT (default 8000), SQLite, migrated and seeded
	$(BIN)/ketenmeldingen serve --demo

test: $(STAMP) lint typecheck  ## everything CI checks: lint, types, tests on SQLite and PostgreSQL
	$(BIN)/pytest

lint: $(STAMP) $(SPECTRAL_STAMP)
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/ruff format --check app tests migrations bench

$(SPECTRAL_STAMP): $(SPECTRAL_DIR)/package.json $(SPECTRAL_DIR)/package-lock.json
	npm ci --prefix $(SPECTRAL_DIR) --no-audit --no-fund --ignore-scripts
	@touch $@

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format app tests migrations bench
	$(BIN)/ruff check --fix app tests migrations bench

openapi: $(STAMP)  ## regenerate the committed OpenAPI document
	$(BIN)/ketenmeldingen export-openapi openapi/openapi.json

bench: $(STAMP)
	$(BIN)/python -m bench.run --backend both --n 500 --threads 8

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(SPECTRAL_DIR)/node_modules

# Load benchmarks (issue 8), not part of CI: each starts its own server on a fresh database. Extra options
# for every run go in BENCH_ARGS, e.g. `make bench-load BENCH_ARGS="--scale 0.1 --duration 10"`.
.PHONY: bench-load bench-throughput
BENCH_ARGS ?=

bench-load: $(STAMP)  ## every partner long-polls while DJI posts: SQLite, PostgreSQL, PostgreSQL --workers 2
	$(BIN)/python -m bench.load --backend sqlite $(BENCH_ARGS)
	$(BIN)/python -m bench.load --backend postgresql $(BENCH_ARGS)
	$(BIN)/python -m bench.load --backend postgresql --workers 2 $(BENCH_ARGS)

bench-throughput: $(STAMP)  ## req/s at 32 clients (wrk) next to a trivial FastAPI handler, same three setups
	$(BIN)/python -m bench.throughput --backend sqlite $(BENCH_ARGS)
	$(BIN)/python -m bench.throughput --backend postgresql $(BENCH_ARGS)
	$(BIN)/python -m bench.throughput --backend postgresql --workers 2 $(BENCH_ARGS)
