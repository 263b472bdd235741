# Two commands on a fresh machine: `make book` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed
HTML   := _build/html

.PHONY: book validate watch test scorm serve bench chromium clean

## book: set up .venv, check the content, build the course into _build/html
book: validate
	$(JB) build . --warningiserror --quiet
	@echo
	@echo "The course is built. Open it from disk: $(CURDIR)/$(HTML)/index.html"
	@echo "or serve it on this machine with: make serve"

## validate: check every scenario and quiz (no build)
validate: $(STAMP)
	@$(PY) -m coursekit.validate

## watch: build, then build again each time a file is saved (fast: one warm process)
watch: $(STAMP)
	$(PY) -m coursekit.watch

## test: everything `book` does, then every test (installs chromium and the test's npm packages if missing)
test: book chromium node_modules/.package-lock.json
	$(PY) -m pytest

## scorm: one SCORM 1.2 package per track, for a school's LMS, in _build/scorm/
scorm: book
	$(PY) -m coursekit.scorm

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

# scorm-again, the SCORM runtime the tests play packages in, pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

clean:
	rm -rf _build
