# Two commands on a fresh machine: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
RUFF := $(PY) -m ruff
RUFF_CONFIG := --config conf/ruff.toml
PYTEST := $(PY) -m pytest -c conf/pytest.ini --rootdir .

.PHONY: help install migrate load-data run serve test lint format swagger bench bench-ingest bench-dashboard prodlike soak compose-check system-deps clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt conf/requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r conf/requirements-dev.txt
	touch $@

install: $(VENV)/.installed  ## Create .venv; install the pinned runtime and test requirements

migrate: install  ## Apply database migrations (DATABASE_URL, default SQLite under data/db/)
	$(VENV)/bin/flask --app app:create_app db upgrade

load-data: migrate  ## Fetch IBM and AAPL from Alpha Vantage, or load the bundled sample without a key
	$(PY) get_raw_data.py --sample-if-no-key || echo "make: ingestion reported failures; serving what the database holds"

run: load-data serve  ## Install, migrate, load data and serve on http://$(HOST):$(PORT)

serve: install  ## Serve the API with gunicorn on http://$(HOST):$(PORT)
	GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn --config conf/gunicorn.conf.py "app:create_app()"

test: lint  ## Lint, then run unit, integration, functional and e2e tests
	$(PYTEST)

lint: install  ## ruff lint and format check
	$(RUFF) check $(RUFF_CONFIG) .
	$(RUFF) format --check $(RUFF_CONFIG) .

format: install  ## Apply ruff's fixes and formatting
	$(RUFF) check $(RUFF_CONFIG) --fix .
	$(RUFF) format $(RUFF_CONFIG) .

swagger: install  ## Regenerate conf/api.swagger.json from the code
	$(VENV)/bin/flask --app app:create_app export-swagger

bench: install system-deps  ## Seed 2M rows on SQLite and MySQL, load the API with wrk, print and save the table
	$(PY) -m tests.bench
	$(PY) -m tests.bench.export

bench-ingest: install system-deps  ## Time a 1,000,000-row CSV import on SQLite and MySQL (reports, never asserts)
	$(PY) -m tests.bench.ingest_csv

bench-dashboard: install system-deps  ## Time the dashboard in Chromium on 5,000 candles and 3 overlays (reports, never asserts)
	$(PY) -m tests.bench.dashboard

prodlike: install system-deps  ## Run the production topology natively (MariaDB, Redis, 2 gunicorns, nginx) and drill it
	$(PY) -m tests.e2e.prodlike

soak: install system-deps  ## Soak gunicorn (production settings) at a fixed SOAK_RATE (200/s) for SOAK_MINUTES (2): errors, p50/p99, memory
	$(PY) -m tests.bench.soak --minutes $(or $(SOAK_MINUTES),2) --rate $(or $(SOAK_RATE),200)

compose-check: install  ## Lint the Dockerfile; validate the compose files, nginx and MySQL config
	$(PYTEST) tests/integration/test_deploy_files.py -q

system-deps:  ## Install with apt-get the Debian packages tests, drills and benches run (tests/systools.py lists them)
	@$(PYTHON) tests/systools.py

clean:  ## Remove the virtualenv and generated data
	rm -rf $(VENV) data/db/*.sqlite3* data/bench
