# sitegen: `make build` and `make test` do all the set-up (virtual environment, install).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build serve test bench train clean axe

build: $(STAMP)
	$(BIN)/sitegen build

serve: build
	$(BIN)/sitegen serve

test: $(STAMP) axe
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Retrains the converter's line labeller (sitegen/convert/model.crfsuite) on annotated pages, then
# the tag scorer (model.tags.crfsuite) on the tags judged by hand (benchmarks/tags_judged.md).
CORPUS ?= ../shared/seeds/dev
train: $(STAMP)
	$(BIN)/python -m sitegen.convert.train --corpus $(CORPUS)
	$(BIN)/python -m sitegen.convert.train_tags --corpus $(CORPUS)

# axe-core (npm) for the accessibility tests; without npm they skip with a reason (CI installs npm).
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
axe: | $(BIN)/python
	@if [ -f $(AXE) ]; then :; elif command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4; \
	else echo "npm not found: the axe-core accessibility tests will be skipped"; fi

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
# files deleted), .sitegen/discarded/ the hand edits `convert --force` replaced, and public/ may
# hold files of yours: a build replaces only what sitegen wrote.
clean:
	if [ -d .sitegen ]; then find .sitegen -mindepth 1 -maxdepth 1 ! -name convert-state.json ! -name discarded -exec rm -rf {} +; fi
	rm -rf .pytest_cache
