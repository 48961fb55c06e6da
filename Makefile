# ANTQ — the two commands: `make demo` (run the demo on SQLite) and `make test` (the whole suite and checks).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DB := $(CURDIR)/var/demo.sqlite3
export DJANGO_SETTINGS_MODULE := antq.settings

# Pick an interpreter >= 3.12 that actually runs (a pyenv shim may exist but fail until a version is selected).
define find_python
for c in python3.13 python3.12 python3; do \
  if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$c; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])' | sort -rV); do \
    p="$$(pyenv root)/versions/$$v/bin/python3"; \
    if [ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$p"; exit 0; fi; \
  done; \
fi; \
echo "ANTQ needs Python >= 3.12. Tried: python3.13, python3.12, python3 and pyenv's 3.12+ versions; none runs." >&2; exit 1
endef

.PHONY: help demo serve test install lint typecheck checkmigrations pytest bench sysdeps
help:
	@echo "make demo   — install, migrate a SQLite demo database, load geography and demo data, run the server"
	@echo "make serve  — production: migrate, collectstatic, then gunicorn + the job worker (docs/operations.md)"
	@echo "make test   — install, then run pytest, ruff, import-linter (layers), mypy and makemigrations --check"
	@echo "make bench  — benchmarks (not part of the tests; BENCH_ARGS=\"--only national --keep\" to reuse the built nation)"

$(STAMP): requirements.txt constraints.txt
	@PYTHON="$$($(find_python))" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; "$$PYTHON" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the demo and the tests need (Chromium, Liberation fonts, gettext, Pango): installed when missing
# and root (or sudo), else the command stops naming what to install. `make test` never depends on another command.
sysdeps:
	@bash scripts/system-packages

demo: install
	@bash scripts/system-packages demo
	@mkdir -p var/static
	DEBUG=1 DATABASE_URL=sqlite:///$(DEMO_DB) $(PY) manage.py migrate --noinput -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(DEMO_DB) $(PY) manage.py load_geography
	DEBUG=1 DATABASE_URL=sqlite:///$(DEMO_DB) $(PY) manage.py seed_demo --province 33 --seed 1 --if-empty
	DEBUG=1 DATABASE_URL=sqlite:///$(DEMO_DB) $(PY) manage.py runserver 127.0.0.1:8000

# Production (docs/operations.md): the environment variables the settings read (SECRET_KEY, DATABASE_URL,
# ALLOWED_HOSTS…, DEBUG unset); gunicorn and the background-job worker run together under scripts/serve.py.
# collectstatic (hashed names, gzip and Brotli copies) runs only when a static file or a package changed.
STATIC_ROOT ?= $(CURDIR)/var/static
$(STATIC_ROOT)/staticfiles.json: $(STAMP) $(shell find antq -path '*/static/*' -type f)
	$(PY) manage.py collectstatic --noinput -v0

serve: install $(STATIC_ROOT)/staticfiles.json
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	exec $(PY) scripts/serve.py

pytest: install sysdeps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: install
	ANTQ_ALLOW_INSECURE_KEY=1 $(VENV)/bin/mypy antq

checkmigrations: install
	ANTQ_ALLOW_INSECURE_KEY=1 $(PY) manage.py makemigrations --check --dry-run

test: pytest lint typecheck checkmigrations

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
