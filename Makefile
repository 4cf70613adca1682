# sitegen: `make build` and `make test` do all the set-up (virtual environment, install).
# The interpreter a new .venv is made with: the first of PYTHONS that is Python >= 3.11 with venv
# and ensurepip (Debian's python3.11 needs its python3.11-venv package), else python3. Debian's
# python3.11 (optimised by Debian's build rules, the interpreter linked in) took less CPU than pyenv's 3.11.7
# (no PGO, libpython shared) in every measured pair: the converter and builds (docs/speed-log.md,
# session 31). `make build PYTHON=/path/to/python3.x` overrides it.
PYTHONS ?= /usr/bin/python3.11 python3
PY_OK  := import sys; from importlib.util import find_spec as f; sys.exit(sys.version_info < (3, 11) or not (f("venv") and f("ensurepip")))
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in $(PYTHONS); do $$p -I -S -c '$(PY_OK)' >/dev/null 2>&1 && { echo $$p; exit; }; done; echo python3)
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# An existing .venv keeps the interpreter it was made with (nothing is installed into it by another).
# If that is not the one chosen above: an error when PYTHON was given on make's command line, else
# (chosen from PYTHONS, or a PYTHON exported for other tools, as node-gyp asks) a note on how to switch.
WHICH  := import sys; print(sys.version.split()[0], "from", sys.base_prefix)
HAS_PY := $(shell [ -x $(BIN)/python ] && $(BIN)/python -I -S -c '$(WHICH)' 2>/dev/null)
WANT_PY := $(if $(HAS_PY),$(shell $(PYTHON) -I -S -c '$(WHICH)' 2>/dev/null))
ifneq ($(HAS_PY),$(if $(HAS_PY),$(WANT_PY)))
ifneq ($(origin PYTHON),command line)
$(info note: $(VENV) runs Python $(HAS_PY), as it was made; `rm -rf $(VENV)` to remake it with $(PYTHON) ($(WANT_PY)))
else
$(error $(VENV) runs Python $(HAS_PY), not $(PYTHON) ($(WANT_PY)): `rm -rf $(VENV)` first to remake it)
endif
endif

.PHONY: build serve test bench train clean axe

build: $(STAMP)
	$(BIN)/sitegen build

# public/ first (as `make build`), then the preview, which serve builds itself: the first build is
# quiet (its summary line counts the warnings), else each one (the sample's stand-in date) was
# printed twice in one `make serve`, once by each build. Errors still print and stop it; the
# converter's warnings print too (said once: the preview's build finds those seeds converted).
# Exit 1 (a story that does not parse: the rest is published) still starts the preview, which shows
# the error in the browser until it is fixed; any other failure (2: site.toml, 75: busy) stops here.
# `make serve PORT=8001` when 8000 is taken (else site.toml's [serve] port, else 8000); on make's
# command line only: a PORT exported by a container or PaaS shell does not override site.toml.
serve: $(STAMP)
	$(BIN)/sitegen build -q || [ $$? -eq 1 ]
	$(BIN)/sitegen serve $(if $(and $(filter command line,$(origin PORT)),$(PORT)),--port $(PORT))

test: $(STAMP) axe
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Retrains the converter's line labeller (sitegen/convert/model.crfsuite) on annotated pages, then
# the tag scorer (model.tags.crfsuite) on the tags judged by hand (benchmarks/tags_judged.md).
CORPUS ?= ../shared/seeds/dev
train: $(STAMP)
	$(BIN)/python -m sitegen.convert.train --corpus $(CORPUS)
	$(BIN)/python -m sitegen.convert.train_tags --corpus $(CORPUS)

# axe-core (npm) for the accessibility tests; without npm they skip with a reason (CI installs npm).
# npm that cannot reach its registry (offline, a proxy) does not stop `make test`: its reason and a
# note print and those tests skip (in CI, where CI=true, they fail instead: tests/test_theme_browser.py).
# npm's own defaults (5 min a try, 3 tries) kept `make test` waiting ~16 min behind a proxy that
# swallows requests: NPM_FETCH_TIMEOUT (ms) a try (`make test NPM_FETCH_TIMEOUT=120000`), 2 tries
# (unless npm_config_fetch_retries is set in the environment).
# Installed beside, then moved in: a failed or killed install leaves no half-made $(VENV)/axe.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
NPM_FETCH_TIMEOUT ?= 30000
AXE_MISSING = the axe-core accessibility tests will $(if $(filter true,$(CI)),fail (CI=true: they must run),be skipped)
axe: | $(BIN)/python
	@if [ -f $(AXE) ]; then :; elif command -v npm >/dev/null; then \
	  rm -rf $(VENV)/axe.new; \
	  if npm install --loglevel=error --no-audit --no-fund --fetch-timeout=$(NPM_FETCH_TIMEOUT) --fetch-retries=$${npm_config_fetch_retries:-1} \
	      --prefix $(VENV)/axe.new axe-core@4; then \
	    rm -rf $(VENV)/axe && mv $(VENV)/axe.new $(VENV)/axe; \
	  else rm -rf $(VENV)/axe.new; \
	    echo "note: axe-core could not be installed (npm install failed, above): $(AXE_MISSING)"; fi; \
	else echo "npm not found: $(AXE_MISSING)"; fi

bench: $(STAMP)
	$(BIN)/python benchmarks/build_speed.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs the package (editable) with the test tools; redone when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

# The build cache only: .sitegen/convert-state.json keeps the stories taken down (their content
# files deleted), .sitegen/discarded/ the hand edits `convert --force` replaced, last-build whether
# the last build failed (without it `deploy --no-build` would publish a failed one), the *.lock
# files a running build or serve holds (a new file would let a second one run beside it); public/
# may hold files of yours: a build replaces only what sitegen wrote.
clean:
	if [ -d .sitegen ]; then find .sitegen -mindepth 1 -maxdepth 1 ! -name convert-state.json ! -name convert-state.json.journal ! -name discarded ! -name last-build ! -name '*.lock' -exec rm -rf {} +; fi
	rm -rf .pytest_cache
