# Caseline: one venv, everything installed from this project's own files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-scale lint lint-imports dist dist-test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@scripts/qt-system-libs.sh $(BIN)/python
	$(BIN)/caseline demo

# Two workers (pytest-xdist), a test file stays on one worker (module fixtures, one desk per
# file); TEST_WORKERS=0 runs in this process alone.
TEST_WORKERS ?= 2
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The model-checked sync, long: CASELINE_SOAK_STEPS (default 2000) random steps over three
# desks and central with dropped requests/replies and killed desks; prints its figures.
# Then the CLI fuzzer with new draws (CASELINE_FUZZ_EXAMPLES, default 1000): `make test`
# repeats the same examples on every run; the soak explores.
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen CASELINE_HYPOTHESIS=explore CASELINE_SOAK_STEPS=$${CASELINE_SOAK_STEPS:-2000} \
	  $(BIN)/python -m pytest -q -s --timeout=0 \
	  "tests/e2e/test_sync_model.py::test_every_saved_edit_ends_everywhere_or_in_a_conflict_never_gone_never_twice[sqlite]"
	QT_QPA_PLATFORM=offscreen CASELINE_HYPOTHESIS=explore CASELINE_FUZZ_EXAMPLES=$${CASELINE_FUZZ_EXAMPLES:-1000} \
	  $(BIN)/python -m pytest -q --timeout=0 tests/test_cli_fuzz.py::test_no_input_ends_in_an_internal_error

bench: $(STAMP)
	$(BIN)/python -m bench

# Issue 17: a 1M-contact desk (seeded once, cached in $$CASELINE_BENCH_CACHE or
# ~/.cache/caseline-bench), each figure beside its baseline; BENCH_SCALE_ARGS to change.
bench-scale: $(STAMP)
	$(BIN)/python -m bench.bench_scale $(BENCH_SCALE_ARGS)

lint: lint-imports
	$(BIN)/ruff check desktop central tests bench
	$(BIN)/ruff format --check desktop central tests bench

# The import contract of pyproject.toml [tool.importlinter]: services are the only door.
lint-imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

# The desk as one folder (PyInstaller, build.spec): dist/caseline-VERSION/.
dist: $(STAMP)
	@$(BIN)/python -c "import PyInstaller" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dist]'
	$(BIN)/python -m freeze.build

# Builds the folder, runs its `caseline self-test` offscreen, prints folder and zip sizes.
dist-test: dist
	$(BIN)/python -m freeze.check

clean:
	rm -rf $(VENV) build dist *.egg-info
