# postedit: `make demo` and `make test` are all a new user needs (Python 3.11+, git, make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m compileall -q src/postedit  # .pyc even under PYTHONDONTWRITEBYTECODE (faster start)
	$(BIN)/python scripts/make_demo.py

# Three workers on two cores: a Pilot test waits for the app to go idle after each key (20 ms
# sleeps of Textual's), a third of each worker's time; a third worker uses it
# (docs/decisions.md, session 31 suite31).
test: $(STAMP)
	$(BIN)/python -m pytest -n 3 -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -m 'not e2e' tests/core tests/reliability -k 'property or fuzz'

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis src/*.egg-info
