"""The home: the one folder a run reads from and writes to (inbox, archive, warehouses, reports, Dagster)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV_VAR = "PIRAMIG_HOME"
DEFAULT_HOME = "var"


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def warehouse(self) -> Path:
        """The pipeline's own working DuckDB file: only the pipeline opens it."""
        return self.root / "warehouse" / "piramig.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.root / "published"

    @property
    def published(self) -> Path:
        """The analysts' read-only copy, swapped in whole after each successful build."""
        return self.published_dir / "piramig.duckdb"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def dagster(self) -> Path:
        """DAGSTER_HOME: the run history that `make ui` shows."""
        return self.root / "dagster"

    @property
    def dbt(self) -> Path:
        """dbt's per-run target folders and logs."""
        return self.root / "dbt"

    def create(self) -> Home:
        for folder in (self.inbox, self.archive, self.warehouse.parent, self.published_dir, self.reports,
                       self.dagster, self.dbt):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_home(explicit: str | os.PathLike | None = None) -> Home:
    """`--home`, else $PIRAMIG_HOME, else ./var; always absolute so that dbt and Dagster agree on it."""
    chosen = explicit or os.environ.get(HOME_ENV_VAR) or DEFAULT_HOME
    return Home(Path(chosen).expanduser().resolve())
