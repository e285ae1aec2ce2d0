# The two commands of the README: `make run` and `make test`.
# Everything else here is what they are made of.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint typecheck lock messages bench screenshots clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/endorse compile_translations

run: install
	mkdir -p var
	$(BIN)/endorse migrate --no-input
	$(BIN)/endorse load_demo --base-url http://$(HOST):$(PORT)
	$(BIN)/endorse serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -p no:cacheprovider -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

messages: install
	$(BIN)/endorse update_translations

bench: install
	$(BIN)/python benchmarks/evaluate.py

# docs/screenshots/: the main pages in English and Spanish, desktop and phone (needs chromium).
screenshots: install
	$(BIN)/python scripts/screenshots.py

# Regenerate requirements.lock after changing pyproject.toml (needs network).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
