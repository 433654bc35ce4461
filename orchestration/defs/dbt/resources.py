"""The dbt project, and the one function that maps the environment to a dbt target."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from piramig.contract.dictionary import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
ENVIRONMENT_VAR = "PIRAMIG_ENV"


def dbt_target(environment: str | None = None) -> str:
    """`prod` on the production server (PIRAMIG_ENV=prod), `local` everywhere else (laptops, CI, tests)."""
    environment = environment or os.environ.get(ENVIRONMENT_VAR, "local")
    return "prod" if environment == "prod" else "local"


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target=dbt_target())


# What `dbt parse` reads: a manifest older than any of these describes another project.
DBT_INPUTS = [DBT_PROJECT_DIR / d for d in ("models", "macros", "tests")] + [REPO_ROOT / "seeds" / "reference",
                                                                         REPO_ROOT / "contract"]


def manifest_path() -> Path:
    """The manifest is built by `make manifest` (dbt parse), never at import time; a stale one is refused."""
    path = dbt_project.manifest_path
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make manifest` (dbt parse) first")
    newest = max(f.stat().st_mtime for folder in DBT_INPUTS for f in folder.rglob("*") if f.is_file())
    newest = max(newest, (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime)
    if newest > path.stat().st_mtime:
        raise RuntimeError(f"{path} is older than the dbt project: run `make manifest` (dbt parse) again")
    return path


class InstalledDbtCliResource(DbtCliResource):
    """dagster-dbt runs `dbt --version` before each command to learn dbt's version: 4 s here, a third of a
    build, spent importing dbt again. Our dbt is the dbt-core of this environment: its version is known. (Should
    dagster-dbt rename this private property, the override goes unused and the slow path comes back.)"""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))


def dbt_resource() -> DbtCliResource:
    # The dbt of this virtual environment, whether or not it is activated (PATH).
    executable = Path(sys.executable).with_name("dbt")
    return InstalledDbtCliResource(project_dir=dbt_project, target=dbt_target(), dbt_executable=str(executable))
