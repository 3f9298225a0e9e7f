# The two commands a newcomer types: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test browser clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,ray]"
	touch $(STAMP)

run: install
	$(BIN)/depeche extract corpus/ -o out/records.jsonl

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache
