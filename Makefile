# Two commands do everything on a fresh machine:
#   make demo   create .venv, install bialign pinned, run it on the demo corpus
#   make test   the same install, then the whole test suite (CI runs this)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install browser lint bench screenshot clean

$(STAMP): pyproject.toml requirements/hashed.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: this version resolves to the CPU build on this machine;
	# an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	# young / single-maintainer packages: verified against pinned hashes
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/hashed.txt
	$(BIN)/pip install -q -e '.[st,lm,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/bialign run corpora/en/consensus-2020.pdf corpora/zh/consensus-2020.pdf -o reports/consensus-2020

# Headless Chromium drives the HTML report in the browser tests.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium fonts-noto-cjk; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk"; fi; }

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# Refresh docs/report.png (the README's picture) from the real demo report.
screenshot: $(STAMP) browser
	BIALIGN_UPDATE_SCREENSHOT=1 $(BIN)/pytest -q tests/browser/test_demo_report_browser.py

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .cache build *.egg-info
