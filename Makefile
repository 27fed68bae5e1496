# Kongsi — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install venv migrate messages compilemessages seed lint format check worker beat bench fuzz clean

## make run: install, migrate, seed the demo community and serve it on SQLite.
run: export DEBUG = 1
run: install migrate compilemessages
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Kongsi berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, check migrations, run the whole test suite.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

venv: $(PY)

$(PY):
	@py=$$(bash scripts/find_python.sh) || exit 1; \
	echo "Membuat venv dengan $$py"; \
	"$$py" -m venv $(VENV)

install: $(STAMP)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: export DEBUG ?= 1
migrate: install
	$(PY) manage.py migrate --noinput

# Extract strings for translation: one catalog per app, one for the project
# (config, templates, static). The venv is a dot-folder, ignored by default.
APPS := community ledger catalog orders settlements returns charity imports training insights demo pagecache
messages: install
	@for app in $(APPS); do \
	  mkdir -p $$app/locale; \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l id --no-obsolete) || exit 1; \
	done
	$(PY) manage.py makemessages -l id --no-obsolete $(foreach a,$(APPS),--ignore=$(a)/*) --ignore=tests/* --ignore=scripts/*

compilemessages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore='.*' -v 0; \
	else \
	  echo "gettext (msgfmt) tidak ada: memakai file .mo yang sudah di-commit."; \
	fi

seed: export DEBUG ?= 1
seed: migrate
	$(PY) manage.py seed_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=info

## make bench: benchmarks at scale on PostgreSQL (own database kongsi_bench on
## 127.0.0.1, dropped afterwards unless KEEP_DB=1). Smaller run:
##   make bench BENCH_ARGS="--members 200 --orders 20000"
BENCH_ARGS ?=
bench: install
	@bash scripts/bench_tools.sh
	$(PY) -m bench $(BENCH_ARGS)

## make fuzz: the randomised tests with larger budgets than CI gives them (about
## 15-25 min on 2 cores): the money state machine and the API fuzzing. Worth a
## nightly run; a longer run found a schema bug the CI budget had missed.
FUZZ_STATEFUL_EXAMPLES ?= 2000
FUZZ_API_EXAMPLES ?= 100
fuzz: install
	KONGSI_STATEFUL_EXAMPLES=$(FUZZ_STATEFUL_EXAMPLES) KONGSI_FUZZ_EXAMPLES=$(FUZZ_API_EXAMPLES) \
		$(PY) -m pytest tests/returns/test_money_stateful.py tests/trust/test_api_fuzz.py

clean:
	rm -rf $(VENV) db.sqlite3 media test-artifacts
