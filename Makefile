# The README's two commands are `make book` and `make test`; both create the
# virtual environment in .venv on first use (from requirements.txt, with the
# `sharedrep` library installed in editable mode).
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# requirements-gpu.txt on a Linux machine with an NVIDIA GPU (TensorFlow's CUDA build)
REQUIREMENTS ?= requirements.txt

.PHONY: setup book test bench clean

$(STAMP): $(REQUIREMENTS) pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(REQUIREMENTS)
	@# the library itself; its dependencies are all in $(REQUIREMENTS) (tests/test_packaging.py)
	$(PY) -m pip install --quiet --no-deps -e .
	@# the browser tests drive Debian's Chromium (Playwright's own browser download is not used)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: install Chromium (Debian: apt-get install chromium) to run the browser tests"; fi; }
	touch $(STAMP)

setup: $(STAMP)

# The execution cache is keyed on each notebook's code only: forget it when the library or a
# stored result changes (a recomputed run must reach the pages), and Sphinx's record of what
# it has read too (else it re-reads no unchanged page).
LIB_SOURCES := $(shell find lib -name '*.py' -o -name '*.txt' 2>/dev/null)
RESULT_FILES := $(shell find results -name '*.json' -not -path '*/checkpoints/*' -not -path '*/chapters/*' 2>/dev/null)
_build/.lib-stamp: $(LIB_SOURCES) $(RESULT_FILES)
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

## Build the book (quick protocol) into _build/html; warnings are errors.
book: setup _build/.lib-stamp
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "Built book: $(CURDIR)/_build/html/index.html"

## Run the linter and the test suite (CI runs exactly this; the benchmarks' quick modes are tests).
test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

## Print benchmark figures (the full runs; the tests run each one's --quick mode).
bench: setup
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf _build
