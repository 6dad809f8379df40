# Two commands for a newcomer: `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test worker beat bench lint format messages messages-check install setup sysdeps

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $@

install: $(BIN)/.installed

sysdeps:
	@bash scripts/sysdeps.sh run

setup: install sysdeps
	@mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py setup_demo

run: setup
	@echo "Serving at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	@bash scripts/sysdeps.sh test
	DEBUG=1 SECRET_KEY=test-only-key $(BIN)/python -m pytest $(PYTEST_ARGS)

# A worker with the embedded beat (-B) that runs the job sweeper; with several workers,
# start them with `make worker BEAT=` and run exactly one `make beat`.
BEAT ?= -B -s var/celerybeat-schedule
worker: install
	@mkdir -p var
	$(BIN)/celery -A config worker $(BEAT) --loglevel=INFO --concurrency=$${CONCURRENCY:-2}

beat: install
	@mkdir -p var
	$(BIN)/celery -A config beat --loglevel=INFO -s var/celerybeat-schedule

# As in production (DEBUG off, collected static files); the key is for the bench only and the
# test client speaks plain HTTP, so no redirect to HTTPS.
BENCH_ENV = DEBUG=0 SECRET_KEY=$${SECRET_KEY:-bench-only-key-not-for-any-deployment} \
	SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=testserver STATIC_ROOT=var/bench-static

bench: install
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(BENCH_ENV) $(BIN)/python scripts/bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Interface strings (django.po) in English and Traditional Chinese; data texts (data.po) in
# the languages without data columns. zh_Hant is seeded from the Simplified source with
# OpenCC (s2hk) wherever an entry is empty: running `make messages` again catches up with
# new strings and keeps every entry a person corrected. English is translated by hand.
MESSAGE_LOCALES = -l en -l zh_Hant
MAKEMESSAGES = DEBUG=1 $(BIN)/python manage.py makemessages $(MESSAGE_LOCALES) --no-obsolete \
	--add-location=file --ignore=.venv --ignore=var --ignore=test-artifacts --ignore=build
DATA_MESSAGES = DEBUG=1 $(BIN)/python manage.py data_messages

messages: install
	@bash scripts/sysdeps.sh test
	$(MAKEMESSAGES)
	$(DATA_MESSAGES)
	DEBUG=1 $(BIN)/python manage.py messages_fill
	DEBUG=1 $(BIN)/python manage.py compilemessages $(MESSAGE_LOCALES) --ignore=.venv

# Fails when a translatable string in the code or a data text is missing from locale/, or a
# zh_Hant entry is empty or fuzzy (run `make messages`). `git diff --quiet` gives the exit
# status: with -I, `--stat --exit-code` answers 0 whatever changed (git 2.39).
messages-check: install
	@bash scripts/sysdeps.sh test
	@$(MAKEMESSAGES) >/dev/null
	@$(DATA_MESSAGES) >/dev/null
	@git diff -I '^"POT-Creation-Date' --quiet locale/ && \
		test -z "$$(git ls-files --others --exclude-standard locale/ | grep '\.po$$')" || \
		{ git diff -I '^"POT-Creation-Date' --stat locale/; git ls-files --others locale/; \
		echo "locale/ is out of date: run 'make messages' and translate the new strings"; exit 1; }
	@DEBUG=1 $(BIN)/python manage.py messages_fill --check
