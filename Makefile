# The README names these targets. Everything runs from the project's own virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
MAKEMESSAGES := $(MANAGE) makemessages -l nl --no-location --no-obsolete \
	--ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --ignore=bench

.PHONY: run install test test-fast smoke-multi lint format messages check-messages check-deploy demo clean vendor \
	bench-nota bench bench-compare

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/pip || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); } || { rm -rf $(VENV); \
		echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## make run: set up, migrate the SQLite default, load the demo, serve at http://127.0.0.1:8000
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	$(MANAGE) runserver 127.0.0.1:8000

demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) demo

## make test: every test, browser tests included (they need /usr/bin/chromium)
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e"

## make smoke-multi: PostgreSQL (DATABASE_URL's server), Valkey/Redis, S3, SMTP, two gunicorn
## instances and a worker on 127.0.0.1; a change through one seen through the other, mail
## after an outage, one digest with two schedulers, wrk without errors (tests/smoke_multi.py)
smoke-multi: $(STAMP)
	$(BIN)/python -m tests.smoke_multi

## make lint: ruff, then mypy (django-stubs) over every app's access.py, services.py, selectors.py
TYPED := $(sort $(wildcard */access.py */services.py */selectors.py))

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make messages: update the Dutch catalogue after changing UI text, then translate and compile
messages: $(STAMP)
	$(MAKEMESSAGES)
	$(MANAGE) compilemessages -l nl --ignore=.venv

## make check-messages: the catalogue is up to date, complete, and compiled (CI)
check-messages: $(STAMP)
	$(MAKEMESSAGES)
	git diff --exit-code -I '^"POT-Creation-Date' -- locale/
	@if grep -q '^#, fuzzy' locale/nl/LC_MESSAGES/django.po; then \
		echo "Fuzzy entries in locale/nl: translate them and remove the flag."; exit 1; fi
	msgfmt --check --statistics -o /tmp/django-nl.mo locale/nl/LC_MESSAGES/django.po 2>&1 \
		| tee /tmp/msgfmt.out
	@if grep -q untranslated /tmp/msgfmt.out; then echo "Untranslated entries in locale/nl."; exit 1; fi
	@cmp -s /tmp/django-nl.mo locale/nl/LC_MESSAGES/django.mo \
		|| (echo "locale/nl/LC_MESSAGES/django.mo is not compiled from the .po: run make messages"; exit 1)

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) check --deploy --fail-level WARNING

## make bench-nota: time the afsprakennota PDF (issue 5: 10 pages under 1 s on 2 cores) in a
## throwaway SQLite database; BENCH_ARGS="--pages 10 --runs 20 --json bench-nota.json"
bench-nota: $(STAMP)
	$(BIN)/python -m bench.nota_pdf $(BENCH_ARGS)

## make bench: build the gemeente and centrumstad data sets in their own PostgreSQL databases
## (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), measure every key
## page at both scales, load gunicorn with wrk, time the PDFs; raw figures in bench/results/,
## the summary in docs/performance.md. BENCH_ARGS="--runs 50 --no-load --rebuild"
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## make bench-compare A=bench/results/old.json B=bench/results/new.json
bench-compare: $(STAMP)
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make bench-compare A=old.json B=new.json"; exit 2; }
	$(BIN)/python -m bench.report compare $(A) $(B)

## make vendor: refresh Bootstrap and htmx in static/vendor from the npm registry
vendor:
	rm -rf /tmp/vendor && mkdir -p /tmp/vendor && cd /tmp/vendor && npm pack bootstrap@5.3.9 htmx.org@2.0.11 \
		&& tar xzf bootstrap-5.3.9.tgz && mv package bs && tar xzf htmx.org-2.0.11.tgz && mv package hx
	cp /tmp/vendor/bs/dist/css/bootstrap.min.css* /tmp/vendor/bs/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp /tmp/vendor/hx/dist/htmx.min.js static/vendor/htmx/

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
