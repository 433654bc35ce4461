"""Settings: what the platform reads from its environment, read once at start into one typed object.

Every `PIRAMIG_*` variable is declared in VARIABLES (name, default, meaning); the README's table lists the same
ones (a test compares them). Nothing else in the package reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTRACT_DIR = REPO_ROOT / "contract"
SEEDS_DIR = REPO_ROOT / "seeds"
REFERENCE_DIR = SEEDS_DIR / "reference"
DEMO_DIR = SEEDS_DIR / "demo"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# name: (default, meaning). The README's "Settings" table says the same.
VARIABLES: dict[str, tuple[str, str]] = {
    "PIRAMIG_HOME": ("var", "the home folder: inbox, archive, warehouses, reports, Dagster's run history"),
    "PIRAMIG_ENV": ("local", "`prod` on the production server, where dbt builds with its `prod` target"),
    "PIRAMIG_MAX_FILE_MB": ("50", "size in MB (10^6 bytes) above which a submitted file is refused unread"),
    "PIRAMIG_PUBLICATION_CRON": ("30 6 * * 1-5", "cron of the publication schedule (Europe/Paris)"),
    "PIRAMIG_WATCH_SECONDS": ("2", "how often `piramig watch` looks at the inbox, in seconds"),
    "PIRAMIG_SECRET_KEY": ("", "the web application's secret key; empty: a key created once in `<home>/portal/`"),
    "PIRAMIG_DEBUG": ("0", "`1` turns on Django's debug pages (never in production)"),
    "PIRAMIG_ALLOWED_HOSTS": ("localhost,127.0.0.1", "host names the web application answers to, comma-separated"),
    "DATABASE_URL": ("", "the web application's accounts database (`postgres://...`); empty: SQLite in the home"),
}


@dataclass(frozen=True)
class Home:
    """The one folder a run reads from and writes to."""

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
    def requests(self) -> Path:
        """Campaign decisions asked from the web application, applied by the next run (it alone writes)."""
        return self.root / "requests"

    @property
    def portal(self) -> Path:
        """The web application's own files: accounts database, secret key, uploads being checked, static files."""
        return self.root / "portal"

    @property
    def dagster(self) -> Path:
        """DAGSTER_HOME: the run history that `piramig ui` shows."""
        return self.root / "dagster"

    @property
    def dbt(self) -> Path:
        """dbt's target folder and logs for this home."""
        return self.root / "dbt"

    def create(self) -> Home:
        for folder in (self.inbox, self.archive, self.warehouse.parent, self.published_dir, self.reports,
                       self.requests, self.dagster, self.dbt):
            folder.mkdir(parents=True, exist_ok=True)
        return self


@dataclass(frozen=True)
class Settings:
    home: Home
    environment: str = VARIABLES["PIRAMIG_ENV"][0]
    max_file_mb: float = float(VARIABLES["PIRAMIG_MAX_FILE_MB"][0])
    publication_cron: str = VARIABLES["PIRAMIG_PUBLICATION_CRON"][0]
    watch_seconds: float = float(VARIABLES["PIRAMIG_WATCH_SECONDS"][0])
    secret_key: str = VARIABLES["PIRAMIG_SECRET_KEY"][0]
    debug: bool = False
    allowed_hosts: tuple[str, ...] = tuple(VARIABLES["PIRAMIG_ALLOWED_HOSTS"][0].split(","))
    database_url: str = VARIABLES["DATABASE_URL"][0]

    @property
    def dbt_target(self) -> str:
        """The one mapping from environment to dbt target: `prod` on the production server, `local` elsewhere."""
        return "prod" if self.environment == "prod" else "local"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None,
                         home: str | os.PathLike | None = None) -> Settings:
        """`home` (the CLI's --home) wins over $PIRAMIG_HOME; the home is made absolute so that dbt and Dagster
        agree on it whatever their working directory."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return env.get(name) or VARIABLES[name][0]

        return cls(
            home=Home(Path(home or get("PIRAMIG_HOME")).expanduser().resolve()),
            environment=get("PIRAMIG_ENV"),
            max_file_mb=float(get("PIRAMIG_MAX_FILE_MB")),
            publication_cron=get("PIRAMIG_PUBLICATION_CRON"),
            watch_seconds=float(get("PIRAMIG_WATCH_SECONDS")),
            secret_key=get("PIRAMIG_SECRET_KEY"),
            debug=get("PIRAMIG_DEBUG") == "1",
            allowed_hosts=tuple(h.strip() for h in get("PIRAMIG_ALLOWED_HOSTS").split(",") if h.strip()),
            database_url=get("DATABASE_URL"),
        )

    def with_home(self, root: str | os.PathLike) -> Settings:
        return replace(self, home=Home(Path(root).resolve()))
