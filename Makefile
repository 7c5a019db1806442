# The two set-up commands of the README are `make run` and `make test`; everything else is optional.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run install install-spark install-bi test lint pytest test-slow test-faults test-asof test-spark bench bench-ingest bench-quality bench-generate ui bi bi-serve clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, generate the demo extracts if none are landed, run the pipeline through Dagster
run: $(STAMP)
	$(BIN)/chainseg generate --if-empty
	$(BIN)/chainseg run

## make test: install, lint (ruff, mypy, sqlfluff) and run the test suite (slow scale/fault runs excluded)
test: $(STAMP) lint pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# the scratch warehouse dbt's templater opens: one per checkout, so two lints never share a lock
	@if [ -d dbt_project/models ]; then CHAINSEG_WAREHOUSE=$${CHAINSEG_WAREHOUSE:-$(CURDIR)/$(VENV)/chainseg-lint.duckdb} $(BIN)/sqlfluff lint dbt_project/models; fi

pytest: $(STAMP)
	$(BIN)/pytest -q -m "not slow" --durations=15

## long fault suites and scale runs
test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow

## the kill suite (SIGKILL of `chainseg run` at seeded points, then recovery) and concurrency;
## CHAINSEG_FAULT_SEED picks other kill points
test-faults: $(STAMP)
	$(BIN)/pytest -q -m faults --durations=5

## the as-of property: `chainseg run --as-of D` on the whole landing = a run over the extracts up to D
test-asof: $(STAMP)
	$(BIN)/pytest -q -m asof --durations=5

## the same models on Spark (local session) and a mart-by-mart parity check against DuckDB
SPARK_STAMP := $(VENV)/.installed-spark

$(SPARK_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[spark]'
	touch $(SPARK_STAMP)

install-spark: $(SPARK_STAMP)

test-spark: $(SPARK_STAMP)
	$(BIN)/python -m tests.spark.parity --work $${TMPDIR:-/tmp}/chainseg-parity

## make bench: the full build, an ordinary next day's run, a master delivery day's run and the
## daily run after half the history, per stage, against a raw-DuckDB baseline over the same
## files (SCALE=1, DAYS=365 by default)
bench: $(STAMP)
	$(BIN)/chainseg bench --scale $${SCALE:-1} --days $${DAYS:-365}

bench-generate: $(STAMP)
	$(BIN)/python -m benchmarks.generate --scale $${SCALE:-1}

bench-ingest: $(STAMP)
	$(BIN)/python -m benchmarks.ingest --scale $${SCALE:-1}

bench-quality: $(STAMP)
	$(BIN)/python -m benchmarks.quality

ui: $(STAMP)
	$(BIN)/chainseg ui

## BI: Superset in its own environment (.venv-bi), the repo's assets (bi/superset/) imported into
## $CHAINSEG_HOME/bi, then the integration test through Superset's REST API
BI_VENV := .venv-bi
BI_STAMP := $(BI_VENV)/.installed

$(BI_STAMP): bi/requirements.txt
	$(PYTHON) -m venv $(BI_VENV)
	$(BI_VENV)/bin/pip install --quiet --upgrade pip
	$(BI_VENV)/bin/pip install --quiet -r bi/requirements.txt
	touch $(BI_STAMP)

install-bi: $(BI_STAMP)

bi: $(STAMP) $(BI_STAMP)
	$(BI_VENV)/bin/python -m bi.load
	$(BIN)/pytest -q -m bi bi/test_superset.py

## start the imported Superset for a person (BI_PORT, default 8088); user admin, password in
## $CHAINSEG_HOME/bi/admin_password
bi-serve: $(STAMP) $(BI_STAMP)
	$(BI_VENV)/bin/python -m bi.load
	$(BI_VENV)/bin/python -m bi.serve --port $${BI_PORT:-8088}

clean:
	rm -rf data dbt_project/target dbt_project/logs
