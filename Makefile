# Caravan: `make run` starts the whole marketplace with demo data on the
# embedded default; `make test` installs everything and runs every check.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# The test suite runs on the real engines (PostgreSQL and Redis).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/caravan
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/15

.PHONY: install messages run test lint check-deploy schema system-deps services bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogues are built here, never committed.
messages: install
	$(BIN)/pybabel -q compile --use-fuzzy -d locale -D django

run: install messages
	bash scripts/system-deps run
	bash scripts/serve

system-deps:
	bash scripts/system-deps

services:
	bash scripts/services

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

schema: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

# Production settings must pass Django's deployment checks.
check-deploy: install
	SECRET_KEY="ci-$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" HTTPS=true DEBUG=false \
	  ALLOWED_HOSTS=caravan.example DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

test: install system-deps services messages lint check-deploy schema
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) STATIC_NO_MANIFEST=true \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest

# A 100,000-listing catalogue on PostgreSQL, gunicorn, wrk: see benchmarks/bench.py.
bench: install services messages
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
