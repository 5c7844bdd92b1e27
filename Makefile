# Hromada: set up, check, test, benchmark and serve. Works from a fresh clone with only Python 3.11.
#
#   make install        .venv with the project and its development tools (pinned by requirements/constraints.txt)
#   make demo           migrate, load the demo data and serve it with the task worker on http://127.0.0.1:$PORT/
#   make serve          serve the current database (no demo data)
#   make lint           ruff check, ruff format --check, mypy, message catalogues up to date
#   make messages       extract new strings into each app's catalogue (hromada/<app>/locale/) and compile
#   make test           lint, then the tests on SQLite, on PostgreSQL, in the browser, test-live, test-kit and
#                       test-cluster
#   make test-sqlite | test-postgres | test-browser
#   make test-kit       `hromada startmodule` in a throw-away copy of the repository: the new module passes
#                       lint, the convention tests and its own tests on creation (docs/new-module.md)
#   make test-cluster   two app nodes and two workers on one PostgreSQL behind nginx (deploy/nginx/hromada.conf):
#                       sessions, lockout and rate limits across nodes, signing with a node killed, the ledger,
#                       a rolling restart (scripts/cluster-check; docs/operations.md)
#   make test-live      HROMADA_ENV=prod served by granian on SQLite and PostgreSQL: collectstatic, key
#                       pages and static files over HTTP, schemathesis over the whole OpenAPI document
#   make bench          every benchmark (docs/performance.md): each bench/<name>.py with a `# bench: <title>`
#                       line; one at a time: make bench-<name> (bench-budget, bench-ledger, bench-petitions,
#                       bench-run = bench-resources), and bench-postgres (resources on PostgreSQL)
#   make lock           rewrite requirements/constraints.txt from .venv

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps share files and ports (the SQLite test database, the browser): never run them side by side.
.NOTPARALLEL:

# The interpreter that creates .venv: python3 when it is 3.11, else python3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
PORT := $(or $(PORT),8000)
# The demo's test identity provider (scripts/demo-idp).
IDP_PORT := $(or $(IDP_PORT),8765)
# Extra pytest arguments, e.g. `make test-sqlite PYTEST_ARGS="-k petitions -x"`.
PYTEST_ARGS ?=
# pytest-xdist workers for the database test steps; 1 runs them serially. On 2 cores -n 2 took the suite
# from 26 to 18 s on SQLite and from 38 to 32 s on PostgreSQL, with the same results.
PYTEST_WORKERS ?= 2
# --dist loadgroup: the tests on the loaded demo go to one worker, which loads the demo once (conftest.py).
XDIST := $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadgroup,)
STEP := scripts/step

# `install` is phony: scripts/install-venv decides, from a hash kept in .venv/.hromada-installed.
# (bench-<name> are not listed: make looks up no pattern rule for a phony target.)
.PHONY: help install demo serve lint messages test test-sqlite test-postgres test-browser test-live test-kit \
	test-cluster bench bench-resources bench-postgres lock

help:
	@sed -n '/^$$/q; s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# Idempotent: pip runs only when pyproject.toml or the constraints changed (scripts/install-venv).
install:
	@PYTHON="$(PYTHON)" scripts/install-venv

demo: install
	$(BIN)/hromada migrate --noinput
	$(BIN)/hromada collectstatic --noinput --verbosity 0
	@mkdir -p var
	$(BIN)/hromada demo > var/demo-logins.txt
	@# The notifications the demo's actions queued go out now (the development e-mail backend writes one
	@# line each), into a file rather than thousands of lines above the logins.
	$(BIN)/hromada worker --batch --no-periodic --no-startup-delay --verbosity 0 > var/demo-mail.log
	@echo "The demo's history sent $$(grep -c '^e-mail to' var/demo-mail.log) notification e-mails: var/demo-mail.log"
	@# The stand-in OpenID Connect provider (tests/oidc_provider) for online identity verification.
	@idp="«Demo ID» on http://127.0.0.1:$(IDP_PORT)/o/ (a test provider); its persons iryna, andrii, sofiia,"; \
	idp="$$idp password Kalyna-demo-2025 (docs/demo.md)."; \
	providers="$$(PORT=$(PORT) IDP_PORT=$(IDP_PORT) $(BIN)/python scripts/demo-idp start)" \
		|| { providers='[]'; idp="none: the demo identity provider did not start (var/demo-idp/provider.log)."; }; \
	trap '$(BIN)/python scripts/demo-idp stop' EXIT; \
	cat var/demo-logins.txt; \
	echo "Online identity verification: $$idp"; \
	echo; \
	echo "Hromada demo: http://127.0.0.1:$(PORT)/   (the logins above are kept in var/demo-logins.txt)"; \
	echo; \
	HROMADA_OIDC_PROVIDERS="$$providers" $(BIN)/hromada serve --with-worker --host 127.0.0.1 --port $(PORT)

serve: install
	$(BIN)/hromada migrate --noinput
	exec $(BIN)/hromada serve --with-worker --host 127.0.0.1 --port $(PORT)

# All three run, so one pass reports every problem; the target fails if any of them did.
lint: install
	@status=0; \
	$(STEP) "ruff check" $(BIN)/ruff check . || status=1; \
	$(STEP) "ruff format" $(BIN)/ruff format --check . || status=1; \
	$(STEP) "mypy" $(BIN)/mypy hromada || status=1; \
	$(STEP) "message catalogues" $(BIN)/python scripts/messages --check || status=1; \
	exit $$status

# Then translate the new empty entries in hromada/<app>/locale/uk/LC_MESSAGES/django.po and run it again.
messages: install
	$(BIN)/python scripts/messages

test: lint test-sqlite test-postgres test-browser test-live test-kit test-cluster

# SQLite and the browser tests ignore a DATABASE_URL from the caller's environment. On PostgreSQL the tests
# that touch no database are skipped (conftest.py: they ran on SQLite). The database steps
# include tests/interop, which builds a Go verifier from Debian's golang.org/x/mod (scripts/ensure-go).
test-sqlite: install
	@$(STEP) "go" scripts/ensure-go
	@$(STEP) "tests on SQLite" env -u DATABASE_URL scripts/pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

test-postgres: install
	@$(STEP) "go" scripts/ensure-go
	@$(STEP) "tests on PostgreSQL" scripts/with-postgres scripts/pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

# In two workers: the layout crawl (the demo, then every page) is the longest single test, and the other
# browser tests run beside it; a browser test mostly waits for the page, so the cores are not the limit.
test-browser: install
	@$(STEP) "chromium" scripts/ensure-chromium
	@$(STEP) "browser tests" env -u DATABASE_URL scripts/pytest --allow-no-tests -m browser $(XDIST) $(PYTEST_ARGS)

# Examples per API operation for schemathesis (each run: anonymous, then with a resident's token); 25 took
# 81 of the live step's 154 s per database; 12 took 66 + 78 s on a loaded machine, about half the step, in a
# CI budget of 30 minutes. Every operation is still fuzzed; `make test-live FUZZ_EXAMPLES=50` goes deeper.
FUZZ_EXAMPLES ?= 8

# The production configuration (HROMADA_ENV=prod), served for real: scripts/live-check.
# Both databases at once (scripts/live-check-both): one after the other they took 124 + 130 s in CI; each
# check spends part of its time on one process (migrate, the demo), which the other check can overlap.
test-live: install
	@$(STEP) "production live on SQLite and PostgreSQL" scripts/live-check-both $(FUZZ_EXAMPLES)

# The new module kit, proven from a throw-away copy of the committed tree plus the working changes
# (scripts/test-kit): startmodule, then lint, the convention tests and the new module's tests on SQLite.
test-kit: install
	@$(STEP) "new module kit" scripts/test-kit

# Installs Debian's nginx when missing (as root or with sudo); without it the check says SKIPPED and passes.
test-cluster: install
	@$(STEP) "nginx" bash -c 'scripts/ensure-nginx || echo "nginx could not be installed: test-cluster will skip"'
	@$(STEP) "cluster behind nginx on PostgreSQL" scripts/with-postgres $(BIN)/python scripts/cluster-check

# e.g. `make bench BENCH_ARGS="--requests 500 --json bench.json"`; exits 1 when a budget is exceeded.
BENCH_ARGS ?=

# A benchmark is a bench/<name>.py with a line `# bench: <title>` (and `# bench-database: postgres` to run
# on a throw-away PostgreSQL server, as petitions signing does): a new module's benchmark needs no edit here.
# run.py measures the resource budget; ledger.py runs SQLite and PostgreSQL itself, with pymerkle beside
# them; budget.py counts real Pabulib files from ../shared/data/pabulib beside pabutools; petitions.py signs
# through the HTTP API on PostgreSQL (the target's database), then serves the pages over big data.
BENCHMARKS := $(patsubst bench/%.py,%,$(shell grep -l '^# bench: ' bench/*.py))

# Each exits 1 when it misses a target; `make -k bench` runs them all and reports every miss.
bench: $(addprefix bench-,$(BENCHMARKS))

bench-resources: bench-run

bench-%: install
	@grep -q '^# bench: ' bench/$*.py 2>/dev/null || { echo "bench/$*.py has no '# bench: <title>' line" >&2; exit 2; }
	@title="$$(sed -n 's/^# bench: //p' bench/$*.py)"; \
	wrap=""; if grep -q '^# bench-database: postgres' bench/$*.py; then wrap=scripts/with-postgres; fi; \
	$(STEP) "$$title" $$wrap $(BIN)/python bench/$*.py $(BENCH_ARGS)

bench-postgres: install
	@$(STEP) "benchmarks on PostgreSQL" scripts/with-postgres $(BIN)/python bench/run.py $(BENCH_ARGS)

lock: install
	@{ head -n 2 $(CONSTRAINTS); \
	   $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -vi '^hromada[=@ ]'; \
	 } > $(CONSTRAINTS).new
	@mv $(CONSTRAINTS).new $(CONSTRAINTS)
	@scripts/install-venv --mark-installed
	@echo "Rewrote $(CONSTRAINTS); check django-stubs is still 5.2.x and commit it."
