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

.PHONY: help run test lint check clean serve worker migrate backup restore bench cluster-up cluster-test cluster-down

help:
	@echo "make run    - set up .venv, migrate, load demo content, serve on 127.0.0.1:$(PORT) with the worker beside it"
	@echo "make test   - run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint   - ruff check and format check"
	@echo "make serve  - production mode: migrate, collectstatic, gunicorn on 127.0.0.1:$(PORT) (see README)"
	@echo "make worker - production mode: the background worker (e-mails, schedules), one or more beside make serve"
	@echo "make migrate - production mode: apply migrations once per deploy (DJANGO_CLUSTER=1 make serve does not)"
	@echo "make backup / make restore BACKUP=file - dump or restore the database (DATABASE_URL)"
	@echo "make bench - build a large PostgreSQL dataset and measure the site with wrk (bench/)"
	@echo "make cluster-test - (root) 2 app servers, haproxy, Varnish, PostgreSQL primary + replica, Redis in network"
	@echo "                    namespaces; scenarios T1-T9 under load; always torn down (cluster/harness.py)"
	@echo "make cluster-up / cluster-down - (root) build that cluster and leave it running / remove it"

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

# axe-core for the accessibility test (tests/browser_tests/test_accessibility_in_chromium.py), from npm at the
# version package-lock.json pins; it is injected into Debian chromium, nothing else is downloaded.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The worker runs in the background of the server's shell; when the server stops (Ctrl-C reaches both), the
# shell's exit trap stops the worker too (SIGTERM: it finishes the task in hand) and waits for it. It does
# not reload on code changes (its reloader would kill a task mid-way on exit): restart make run after
# changing a task.
run: $(VENV)/.installed
	DJANGO_DEBUG=1 $(VPY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(VPY) manage.py load_demo_content
	DJANGO_DEBUG=1 $(VPY) manage.py create_local_accounts
	@export DJANGO_DEBUG=1 DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	  $(VPY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	  echo "Background worker started (pid $$worker); e-mails are printed here. Ctrl-C stops the server and the worker."; \
	  $(VPY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev node_modules/.installed
	$(VPY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.installed-dev
	DJANGO_DEBUG=1 $(VPY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(VPY) manage.py check
	DJANGO_SECRET_KEY=ci-deploy-check-$$(date +%s%N)-not-a-real-secret-0123456789abcdefghij \
	  DJANGO_ALLOWED_HOSTS=eczemafeed.example $(VPY) manage.py check --deploy --fail-level WARNING

# Production mode (make serve, make worker, make migrate). DJANGO_DEBUG is always unset here. Without
# DJANGO_SECRET_KEY a random key is made once and kept in .secret_key (never in git); the server and the worker
# share it, as the links in e-mails are signed with it. In cluster mode (DJANGO_CLUSTER=1: several app servers
# behind a balancer) nothing is invented or kept on a server's disk: DJANGO_SECRET_KEY must be given, and
# migrations run once per deploy with make migrate, not at every server start. gunicorn's other settings
# (threaded workers, so a slow client holds one thread and not a worker; WEB_THREADS; control socket off;
# draining on SIGTERM) are in eczemafeed/gunicorn.conf.py.
define production_env
if [ -z "$$DJANGO_SECRET_KEY" ] && [ -n "$$DJANGO_CLUSTER" ]; then \
  echo "ERROR: DJANGO_CLUSTER needs DJANGO_SECRET_KEY, the same on every server (a key per machine breaks CSRF," >&2; \
  echo "signed forms and rate limits across servers)." >&2; exit 1; fi; \
if [ -z "$$DJANGO_SECRET_KEY" ] && [ ! -s .secret_key ]; then \
  (umask 077; $(VPY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret_key); \
  echo "No DJANGO_SECRET_KEY: generated a random one in .secret_key"; fi; \
export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"; \
export DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}"; \
export DJANGO_CONN_MAX_AGE="$${DJANGO_CONN_MAX_AGE:-600}"; unset DJANGO_DEBUG
endef
WEB_CONCURRENCY ?= 3
serve: $(VENV)/.installed
	@set -e; $(production_env); \
	  if [ -z "$$DJANGO_CLUSTER" ]; then DJANGO_DB_STATEMENT_TIMEOUT_MS=0 $(VPY) manage.py migrate --noinput; fi; \
	  $(VPY) manage.py collectstatic --noinput --verbosity 0; \
	  echo "Serving http://127.0.0.1:$(PORT)/ with $(WEB_CONCURRENCY) threaded workers (production settings)"; \
	  exec $(VENV)/bin/gunicorn eczemafeed.wsgi --config eczemafeed/gunicorn.conf.py --bind $(BIND) \
	    --workers $(WEB_CONCURRENCY) $(GUNICORN_ARGS)
BIND ?= 127.0.0.1:$(PORT)

# Migrations, once per deploy, before the new code's servers start (make serve does this itself outside
# cluster mode). No statement timeout: building an index may take longer than a page may.
migrate: $(VENV)/.installed
	@set -e; $(production_env); DJANGO_DB_STATEMENT_TIMEOUT_MS=0 exec $(VPY) manage.py migrate --noinput

# The background worker, as its own process (run one or more, on any machine with the same settings;
# start it after make serve has migrated). SIGTERM or Ctrl-C lets it finish the task in hand.
worker: $(VENV)/.installed
	@set -e; $(production_env); \
	  echo "Background worker (production settings); Ctrl-C or SIGTERM stops it after the task in hand"; \
	  exec $(VPY) manage.py db_worker --no-reload $(WORKER_ARGS)

# pg_dump/pg_restore for PostgreSQL, dumpdata/loaddata for SQLite. Restore replaces the data.
ifndef BACKUP
BACKUP := backups/eczemafeed-$(shell date +%Y%m%d-%H%M%S).$(if $(filter postgres%,$(DATABASE_URL)),dump,json)
endif
backup: $(VENV)/.installed
	@mkdir -p $(dir $(BACKUP))
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*) pg_dump --format=custom --no-owner --dbname="$$DATABASE_URL" --file="$(BACKUP)";; \
	  *) DJANGO_DEBUG=1 $(VPY) manage.py dumpdata --natural-foreign --exclude contenttypes \
	       --exclude auth.permission --indent 0 --output "$(BACKUP)";; \
	esac
	@echo "Backed up to $(BACKUP)"

restore: $(VENV)/.installed
	@test -f "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/backup" >&2; exit 1; }
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*) pg_restore --clean --if-exists --no-owner --single-transaction \
	       --dbname="$$DATABASE_URL" "$(BACKUP)";; \
	  *) DJANGO_DEBUG=1 $(VPY) manage.py migrate --noinput --verbosity 0 && \
	     DJANGO_DEBUG=1 $(VPY) manage.py flush --noinput && \
	     DJANGO_DEBUG=1 $(VPY) manage.py loaddata "$(BACKUP)";; \
	esac
	@echo "Restored $(BACKUP)"

# On demand only, never in CI: builds eczemafeed_bench (PostgreSQL) and runs wrk against it.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk; }
	$(VPY) bench/run.py $(BENCH_ARGS)

# The scaled-out site on this machine (root): network namespaces as hosts, 2 app servers behind haproxy and
# Varnish, a PostgreSQL primary and streaming replica under their own cluster names and ports, Redis, the
# worker. cluster-test runs the failure scenarios of issue 16 and always tears everything down.
cluster-up: $(VENV)/.installed
	$(VPY) cluster/harness.py up

cluster-test: $(VENV)/.installed
	$(VPY) cluster/harness.py test

cluster-down:
	@if [ -x $(VPY) ]; then $(VPY) cluster/harness.py down; else python3 cluster/harness.py down; fi

clean:
	rm -rf $(VENV) node_modules .pytest_cache db.sqlite3 staticfiles
