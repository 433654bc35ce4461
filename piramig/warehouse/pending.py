"""The one decision of pending work, for the inbox sensor, the schedules and `piramig run`: which files are new,
which (year, region) partitions wait for validation, and what dbt must rebuild before the next publication.

The state it reads is the truth of the pipeline, not a trace of earlier runs: the inbox and the archive
(content-addressed, written once a file is registered), the submissions waiting in `audit.submissions`, and the
last publication in `audit.publications`. A run that failed leaves its work pending, and the next decision finds
it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import duckdb

from piramig.settings import Home, Settings
from piramig.vocabulary import SubmissionStatus
from piramig.warehouse.intake import file_sha256, inbox_files, is_archived
from piramig.warehouse.requests import waiting_requests
from piramig.warehouse.schema import connect, is_locked
from piramig.warehouse.transform import fingerprint


class BuildScope(StrEnum):
    """How much of the dbt project a publication must rebuild."""

    FULL = "complète"  # the project changed (models, seeds, tests) or nothing was ever published
    DATA = "données"  # only data changed: what depends on the ingested submissions


@dataclass(frozen=True)
class InboxFile:
    path: Path
    sha256: str
    known: bool  # its content was received before: the intake acknowledges it ("déjà reçu") and clears it

    @property
    def key(self) -> str:
        """What identifies this drop of this content: a copy dropped again later is another drop."""
        return f"{self.sha256}:{self.path.name}:{self.path.stat().st_mtime_ns}"


@dataclass(frozen=True)
class PendingWork:
    files: tuple[InboxFile, ...] = ()  # files waiting in the inbox, new or copies of files already received
    partitions: tuple[tuple[int, str], ...] = ()  # (year, region) with a submission waiting for validation
    waiting: tuple[str, ...] = ()  # the submissions waiting in those partitions
    build: BuildScope | None = None  # what dbt must rebuild for the next publication; None: nothing changed
    requests: tuple[Path, ...] = ()  # campaign decisions asked from the web application, not applied yet

    @property
    def nothing(self) -> bool:
        return not self.files and not self.partitions and self.build is None and not self.requests

    @property
    def intake(self) -> bool:
        """Files to take in or decisions to apply: what the intake does."""
        return bool(self.files or self.requests)


def waiting_files(home: Home) -> list[InboxFile]:
    """The inbox's files, each with whether its content was received before. Reads their bytes, never parses."""
    files = []
    for path in inbox_files(home):
        sha256 = file_sha256(path)
        files.append(InboxFile(path, sha256, is_archived(home, sha256)))
    return files


def waiting_submissions(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(year, region, submission) of the submissions registered and not validated yet, oldest year first."""
    return [(int(year), region, sid) for year, region, sid in con.execute(
        "SELECT annee, code_region, submission_id FROM audit.submissions WHERE statut = ? AND annee IS NOT NULL "
        "ORDER BY 1, 2, 3", [SubmissionStatus.RECEIVED]).fetchall()]


def build_scope(con: duckdb.DuckDBPyConnection, project: str) -> BuildScope | None:
    """FULL when the dbt project differs from the last publication's (or there was none), DATA when a
    submission was registered or validated since, a campaign decided or approved, or a request of the web
    application answered, None when the published warehouse is up to date."""
    last = con.execute("SELECT publie_le, empreinte_projet FROM audit.publications "
                       "ORDER BY publie_le DESC LIMIT 1").fetchone()
    if last is None or last[1] != project:
        return BuildScope.FULL
    changed = con.execute(
        """SELECT (SELECT count(*) FROM audit.submissions WHERE coalesce(valide_le, enregistre_le) > $1)
                  + (SELECT count(*) FROM audit.campaign_decisions WHERE enregistre_le > $1)
                  + (SELECT count(*) FROM audit.approvals WHERE valide_le > $1)
                  -- a refused request changes no figure, but its reason reaches the web application only this way
                  + (SELECT count(*) FROM audit.campaign_requests WHERE traite_le > $1)""", [last[0]]).fetchone()[0]
    return BuildScope.DATA if changed else None


def pending_work(home: Home, con: duckdb.DuckDBPyConnection, project: str) -> PendingWork:
    """`con` reads the working warehouse; `project` is the dbt project's fingerprint (transform.fingerprint)."""
    waiting = waiting_submissions(con)
    return PendingWork(tuple(waiting_files(home)), tuple(sorted({(year, region) for year, region, _ in waiting})),
                       tuple(sid for _, _, sid in waiting), build_scope(con, project),
                       tuple(waiting_requests(home)))


def current_work(settings: Settings, read_only: bool = False, wait_seconds: float = 0.0) -> PendingWork:
    """The decision on the home's warehouse as it is now. A reader that must not wait (a sensor) gets DuckDB's
    lock error while a run writes; a home without a warehouse yet has only its new files to take in."""
    home = settings.home
    if read_only and not home.warehouse.exists():
        return PendingWork(files=tuple(waiting_files(home)), requests=tuple(waiting_requests(home)))
    with connect(home.warehouse, read_only=read_only, wait_seconds=wait_seconds) as con:
        return pending_work(home, con, fingerprint())


def record_publication(con: duckdb.DuckDBPyConnection, built_at: dt.datetime, project: str,
                       scope: BuildScope) -> None:
    """`built_at`: when the build started, so that a submission validated after it stays pending."""
    con.execute("INSERT INTO audit.publications VALUES (?, ?, ?)", [built_at, project, scope])


def work_if_readable(settings: Settings, wait_seconds: float = 0.0) -> PendingWork | None:
    """For an evaluation that must not write nor wait long (a sensor, a schedule): the decision, or None while a
    run holds the working warehouse."""
    try:
        return current_work(settings, read_only=True, wait_seconds=wait_seconds)
    except Exception as error:
        if is_locked(error):
            return None
        raise
