# The two commands of the README: `make run` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PASSWORD ?= batenplan-demo
HOST ?= 127.0.0.1:8000

# Local runs and the test suite use development settings; production sets its own environment.
export DJANGO_DEBUG ?= 1

# The English catalogue, compiled from the .po that is kept in git (the .mo is not).
CATALOGUS := programmas/locale/en/LC_MESSAGES/django
# System packages: gettext's msgfmt compiles the English catalogue; Pango and fonts for WeasyPrint's PDF, Chromium for the browser tests,
# poppler-utils to read PDFs back in tests. Installed with apt when missing and we are root.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation \
	chromium poppler-utils gettext

.PHONY: run test bench loadtest lint format migrate demo install system clean messages makemessages

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13) and "Batenplan needs Python 3.13 (see README)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(CATALOGUS).mo: $(CATALOGUS).po
	msgfmt --check-format -o $@ $<

messages: system $(CATALOGUS).mo

# After marking new strings: gather them into the .po, then translate what is new there.
makemessages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --no-obsolete --add-location=file \
		--ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='staticfiles/*'

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing system packages:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "Missing system packages (install them to run every test):" $$missing; \
	fi

migrate: $(STAMP) system messages
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py loaddemo --password '$(DEMO_PASSWORD)'

# The task worker (it makes the PDF reports) runs beside the server and stops with it.
run: demo
	@$(BIN)/python manage.py stuur_herinneringen --inplannen
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint system messages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Timings and query counts at three programme sizes; prints a table and the same as JSON.
bench: $(STAMP) system
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# The production shape on this machine (PostgreSQL, gunicorn, the task worker) under a
# bounded Locust run with faults; see README "Onder belasting". Needs PostgreSQL at
# $(LOAD_DATABASE_URL) (a database batenplan_load is made afresh there).
LOAD_STAMP := $(VENV)/.installed-load
LOAD_ARGS ?=
$(LOAD_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,load]'
	touch $(LOAD_STAMP)

loadtest: $(LOAD_STAMP) system
	$(BIN)/python bench/loadtest.py $(LOAD_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles
