# Cuizhai Works — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Development commands run with DEBUG on unless the caller says otherwise.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: demo test install migrate messages serve lint check-deploy clean backup restore bench bench-load fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

migrate: install messages
	$(DEV) $(BIN)/python manage.py migrate --no-input

## make demo: set up, migrate, load the 2024 demo data, serve at http://127.0.0.1:8000
demo: migrate
	$(DEV) $(BIN)/python manage.py load_demo
	@echo "Admin: http://$(HOST):$(PORT)/admin/   API docs: http://$(HOST):$(PORT)/api/docs/"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make serve: production-style serving with gunicorn (needs DJANGO_SECRET_KEY etc.)
serve: install messages
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/gunicorn cuizhai.wsgi:application --bind $(HOST):$(PORT)

## make backup: the database and the uploaded files into a new folder under var/backups
BACKUP_DIR ?= var/backups
backup: install
	$(BIN)/python manage.py backup $(BACKUP_DIR)

## make restore BACKUP=var/backups/cuizhai-…: replace the database and uploads by a backup
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup folder>"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)

## make bench: city-scale data (generated once, then reused) and the table of our time
## against PostgreSQL's floor, written to var/bench/latest.md. The database must exist.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cuizhai_bench
BENCH_SCALE ?= --subdistricts 15 --years 10
BENCH_ARGS ?=
## Summaries are cached in Redis (BENCH_CACHE_URL) as in production; the table shows them
## cached and computed.
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/1
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) CACHE_URL=$(BENCH_CACHE_URL)
bench: install messages
	$(BENCH_ENV) $(DEV) $(BIN)/python manage.py migrate --no-input -v 0
	$(BENCH_ENV) $(DEV) $(BIN)/python manage.py generate_scale $(BENCH_SCALE) --reuse
	$(BENCH_ENV) $(DEV) $(BIN)/python manage.py bench $(BENCH_ARGS)
	$(BENCH_ENV) $(DEV) $(BIN)/python manage.py bench_load $(BENCH_LOAD_ARGS)

## make bench-load: the summaries under load only (gunicorn, 2 workers, loopback clients,
## bounded), written to var/bench/load.md. BENCH_LOAD_ARGS="--seconds 30 --clients 16 --port 8107"
## (or BENCH_PORT=8107: a fixed loopback port; by default any free one).
BENCH_LOAD_ARGS ?=
bench-load: install messages
	$(BENCH_ENV) $(DEV) $(BIN)/python manage.py bench_load $(BENCH_LOAD_ARGS)

## make fuzz: Schemathesis over every API operation, against gunicorn on PostgreSQL with the
## demo data, as an editor (.ci/fuzz; a throwaway database FUZZ_DATABASE, default cuizhai_fuzz)
FUZZ_PHASES ?= fuzzing,stateful
fuzz: install messages
	BIN=$(BIN) FUZZ_PHASES=$(FUZZ_PHASES) .ci/fuzz $(FUZZ_ARGS)

lint: install
	$(BIN)/ruff check .

check-deploy: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
