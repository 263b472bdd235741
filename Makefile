# Two commands on a fresh machine: `make book` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed
HTML   := _build/html

.PHONY: book validate test serve bench chromium clean

## book: set up .venv, check the content, build the course into _build/html
book: validate
	$(JB) build . --warningiserror --quiet
	@echo
	@echo "The course is built. Open it from disk: $(CURDIR)/$(HTML)/index.html"
	@echo "or serve it on this machine with: make serve"

## validate: check every scenario and quiz (no build)
validate: $(STAMP)
	@$(PY) -m coursekit.validate

## test: everything `book` does, then every test (installs chromium if it is missing)
test: book chromium
	$(PY) -m pytest

## serve: serve the built course on http://localhost:8000
serve: $(STAMP)
	@test -f $(HTML)/index.html || $(MAKE) book
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTML) 8000

## bench: build times and page weight, medians of several runs
bench: $(STAMP) chromium
	$(PY) scripts/bench.py

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

chromium:
	@scripts/ensure-chromium.sh

clean:
	rm -rf _build
