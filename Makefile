# The two commands a new user needs: `make run` and `make test`. See the README.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SCREENSHOTS ?= var/screenshots

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test lint migrate seed worker beat totp lock check-deploy bench eval-triage eval-privacy chaos

$(STAMP): requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)." % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## make run: install, migrate, seed the demo practice, print the demo logins, serve on http://127.0.0.1:8000
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (browser tests too where Chromium is installed)
test: install
	SCREENSHOTS_DIR=$(SCREENSHOTS) REQUIRE_BROWSER=$(REQUIRE_BROWSER) PORTAL_TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)
	@echo "Screenshots of the browser tests (where they ran): $(SCREENSHOTS)/"

lint: install
	$(PY) -m ruff check .

## make worker / make beat: a Celery worker and the periodic scheduler (need REDIS_URL)
worker: install
	$(VENV)/bin/celery -A portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A portal beat --loglevel=INFO --schedule var/celerybeat-schedule

totp: install
	@$(PY) manage.py demo_totp

check-deploy: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-xyz \
	DJANGO_ALLOWED_HOSTS=portal.example $(PY) manage.py check --deploy --fail-level WARNING

## make lock: re-resolve the pins from pyproject.toml's ranges
lock:
	$(PYTHON) requirements/lock.py

## make bench: web pages vs a bare view under gunicorn (wrk), triage speed, intake throughput on PostgreSQL
bench: install
	$(PY) benchmarks/web.py
	$(PY) benchmarks/triage.py
	$(PY) benchmarks/privacy.py
	$(PY) benchmarks/intake.py

## make eval-triage / make eval-privacy: quality of the triage and of the patient-privacy guard
eval-triage: install
	$(PY) evals/triage.py

eval-privacy: install
	$(PY) evals/privacy.py

## make chaos: fault scenarios against the real PostgreSQL, Redis and Celery workers on this machine
chaos: install
	$(PY) benchmarks/chaos.py $(CHAOS_ARGS)
