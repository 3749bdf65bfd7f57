# Heard: the two commands a newcomer needs.
#   make demo   installs everything, builds the demo organisation, serves http://127.0.0.1:8000
#   make test   installs everything and runs the whole suite on SQLite and on PostgreSQL
PORT ?= 8000
UV_VERSION := 0.13.9
PYTHON := python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
PG_URL ?= postgres://postgres@127.0.0.1:5432/heard
# Links in emails (an urgent flag, a reminder) point at the server the demo runs.
HEARD_SITE_URL ?= http://127.0.0.1:$(PORT)
export HEARD_SITE_URL

.PHONY: demo test install install-python install-assets install-reports install-browser test-sqlite test-postgres checks lint serve

demo: install
	$(RUN) heard migrate --no-input
	$(RUN) heard demo
	@echo "Heard is at http://127.0.0.1:$(PORT)/ (stop it with Ctrl+C)"
	@# Background work (model training, reminders) runs in a worker beside the server; both stop together.
	@# The demo shows Heard's own error pages, as people using it would see them (`make serve` keeps
	@# Django's debug pages for development).
	$(RUN) heard db_worker --no-reload --interval 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		HEARD_DEBUG=false $(RUN) heard runserver 127.0.0.1:$(PORT)

test: install install-browser
	$(MAKE) checks
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

install: install-python install-assets install-reports

install-python:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen

install-assets:
	@command -v npm >/dev/null 2>&1 || scripts/apt-install nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

# Reports: WeasyPrint lays out PDFs with Pango (and HarfBuzz to subset fonts); the tests turn PDF
# pages into images and text with poppler's pdftoppm and pdftotext.
install-reports:
	@{ ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 \
		&& fc-list 2>/dev/null | grep -q DejaVuSans && command -v pdftoppm >/dev/null 2>&1; } \
		|| scripts/apt-install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils

install-browser:
	@test -x /usr/bin/chromium || scripts/apt-install chromium

checks:
	$(RUN) ruff check .
	$(RUN) heard makemigrations --check --dry-run
	$(RUN) heard tenancy_lint
	HEARD_SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') HEARD_ALLOWED_HOSTS=heard.example.org HEARD_SITE_URL=https://heard.example.org HEARD_CACHE_URL=redis://127.0.0.1:6379/0 \
		$(RUN) heard check --deploy --fail-level WARNING --settings config.settings_production

test-sqlite:
	scripts/ensure-redis
	$(RUN) pytest -n 2 --dist loadfile

# themes/ml is pure scikit-learn (no Django, no database), so its model-training tests run once,
# on the SQLite pass. The browser tests (e2e) also run once, on the SQLite pass: they drive pages whose
# reads and writes the PostgreSQL pass already tests through the services and views, and running them
# twice had taken the whole run past half an hour. The PostgreSQL pass repeats everything else.
test-postgres:
	scripts/ensure-postgres
	scripts/ensure-redis
	DATABASE_URL=$(PG_URL) $(RUN) pytest -n 2 --dist loadfile --ignore=themes/ml --ignore=e2e

serve:
	$(RUN) heard db_worker --no-reload --interval 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(RUN) heard runserver 127.0.0.1:$(PORT)
