# EczemaFeed: `make run` serves the demo site, `make test` runs the suite.
# Django 6.1 needs Python >= 3.12. We use the newest one we can find: on PATH first,
# then under pyenv (whose shims refuse to run versions that are not active).
# Override with `make run PYTHON=/path/to/python3.13`.

PORT ?= 8000
VENV := .venv
VPY := $(VENV)/bin/python

define find_python
for cand in python3.14 python3.13 python3.12 python3; do \
  p=$$(command -v $$cand 2>/dev/null) || continue; \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
done; \
root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
done
endef

PYTHON ?= $(shell $(find_python))

.PHONY: help run test lint check clean

help:
	@echo "make run   - set up .venv, migrate, load demo content, serve on 127.0.0.1:$(PORT)"
	@echo "make test  - run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint  - ruff check and format check"

$(VPY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "ERROR: EczemaFeed needs Python 3.12 or newer (Django 6.1)." >&2; \
	  echo "None was found on PATH or under pyenv. Install one, or pass PYTHON=/path/to/python3.12." >&2; \
	  exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "ERROR: $(PYTHON) is older than 3.12; Django 6.1 needs 3.12+." >&2; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VPY)
	$(VPY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VPY)
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	DJANGO_DEBUG=1 $(VPY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(VPY) manage.py load_demo_content
	DJANGO_DEBUG=1 $(VPY) manage.py create_local_accounts
	DJANGO_DEBUG=1 $(VPY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	$(VPY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.installed-dev
	DJANGO_DEBUG=1 $(VPY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(VPY) manage.py check
	DJANGO_SECRET_KEY=ci-deploy-check-$$(date +%s%N)-not-a-real-secret-0123456789abcdefghij \
	  DJANGO_ALLOWED_HOSTS=eczemafeed.example $(VPY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3 staticfiles
