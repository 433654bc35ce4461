# Every target builds what it needs from the lock file: a fresh clone with only Python 3.11 is enough.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MANIFEST := dbt_project/target/manifest.json
DBT_INPUTS := $(shell find dbt_project/models dbt_project/macros dbt_project/tests seeds/reference seeds/allocation contract \
                -type f 2>/dev/null) dbt_project/dbt_project.yml dbt_project/profiles.yml

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Installed packages come with their bytecode: a machine where PYTHONDONTWRITEBYTECODE is set (this one) would
# otherwise compile Dagster, dbt and Great Expectations again at every start (about 10 s a process).
export UV_COMPILE_BYTECODE := 1
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := 1

.PHONY: setup manifest run test lint ui portal bench demo-data office-fixtures clean

setup: $(VENV)/.synced

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

# The dbt manifest the Dagster code location reads; built here, never at import time.
manifest: $(MANIFEST)
$(MANIFEST): $(VENV)/.synced $(DBT_INPUTS)
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet
	touch $@

run: $(MANIFEST)
	$(BIN)/piramig demo
	$(BIN)/piramig run

# Python (ruff), the dbt project's SQL (sqlfluff), and the dbt macros generated from the contract.
lint: $(VENV)/.synced
	$(BIN)/ruff check piramig orchestration apps tools bench tests
	$(BIN)/sqlfluff lint dbt_project --disable-progress-bar --processes 2
	$(BIN)/python -m tools.dbt.contract_macros --check

test: lint $(MANIFEST)
	$(BIN)/pytest

ui: $(MANIFEST)
	$(BIN)/piramig ui

# The coordinators' web application on the default home, http://127.0.0.1:8000/ (accounts: piramig users add).
portal: setup
	$(BIN)/piramig portal

bench: $(MANIFEST)
	$(BIN)/python -m bench

demo-data: setup
	$(BIN)/python -m tools.demo

# Needs LibreOffice (soffice): the committed test fixtures LibreOffice makes from demo files.
office-fixtures: setup
	$(BIN)/python -m tools.office

clean:
	rm -rf $(VENV) .tools dbt_project/target dbt_project/logs var
