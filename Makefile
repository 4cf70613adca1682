# sitegen: `make build` and `make test` do all the set-up (virtual environment, install).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build serve test bench train clean

build: $(STAMP)
	$(BIN)/sitegen build

serve: $(STAMP)
	$(BIN)/sitegen serve

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Retrains the converter's line labeller (sitegen/convert/model.crfsuite) on annotated pages.
CORPUS ?= ../shared/seeds/dev
train: $(STAMP)
	$(BIN)/python -m sitegen.convert.train --corpus $(CORPUS)

bench: $(STAMP)
	$(BIN)/python benchmarks/build_speed.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs the package (editable) with the test tools; redone when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

clean:
	rm -rf public .sitegen .pytest_cache
