# Two commands matter: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/xianju
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# make test's second run, on the embedded SQLite (a file under var/, a Celery worker may share it):
# these folders and modules. A module joins it with one line: SQLITE_TESTS += tests/path.py
SQLITE_TESTS := tests/sqlite
# The route × role matrix is the smoke suite: every page and endpoint, every demo role, no 5xx.
SQLITE_TESTS += tests/test_permissions_matrix.py
SQLITE_TEST_DIR := $(CURDIR)/var/test-sqlite

.PHONY: demo test test-sqlite install lint messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py setup_schedule
	$(BIN)/honcho -f Procfile.demo start

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$${REDIS_URL:-$(TEST_REDIS_URL)}} \
	$(BIN)/pytest --create-db $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-sqlite

test-sqlite: install
	rm -rf $(SQLITE_TEST_DIR) && mkdir -p $(SQLITE_TEST_DIR)
	TEST_POSTGRES_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	DATABASE_URL=sqlite:///$(SQLITE_TEST_DIR)/xianju.sqlite3 REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$${REDIS_URL:-$(TEST_REDIS_URL)}} \
	$(BIN)/pytest --create-db $(SQLITE_TESTS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

messages: install
	for app in org workdays audit notifications projects reviews referrals incentives scoring aftercare chains investors; do \
	  [ -d $$app/locale ] || continue; \
	  (cd $$app && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete); done
	$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete -i '.venv/*' -i 'var/*' \
	  -i 'org/*' -i 'workdays/*' -i 'audit/*' -i 'notifications/*' -i 'projects/*' -i 'reviews/*' \
	  -i 'referrals/*' -i 'incentives/*' -i 'scoring/*' -i 'aftercare/*' -i 'chains/*' -i 'investors/*' -i 'tests/*' -i 'bench/*'
	$(BIN)/python manage.py compilemessages -i .venv

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf var/broker var/celery-results var/staticfiles
