"""Intake of the inbox: archive each file unchanged under its SHA-256, register it in `audit.submissions`, read
it, and land its rows, routed to their (year, region), in `raw.submission_rows`; record in `audit.receptions`
what became of every file.

The same bytes received twice change nothing. A file is registered first, then archived, then removed from the
inbox (only if it did not change while it was read): a run killed at any point leaves it in the inbox, and the
next run completes what is missing without registering it twice. Rows whose year or region cannot be read are
quarantined at once, by the same validation and the same writer as any other submission.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from piramig.reading.files import RawTable, UnreadableFile, read_submission_bytes, too_large
from piramig.reading.routing import PartKey, route_table
from piramig.settings import Home
from piramig.validation.submission import validate_submission
from piramig.vocabulary import ReceptionStatus, SubmissionStatus
from piramig.warehouse.loading import LoadResult, Stored, store_outcomes
from piramig.warehouse.schema import insert_frame, transaction

# Files being written, or lock files of an office suite: they wait until they are whole or gone.
TEMPORARY_PREFIXES = ("~$", ".~lock", ".DS_Store")
TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", "#")


@dataclass
class Reception:
    file_name: str
    sha256: str
    status: ReceptionStatus
    reason: str | None = None
    parts: list[tuple[int | None, str | None, int]] = field(default_factory=list)  # (annee, region, rows)
    # The rows whose year or region could not be read, validated and quarantined at intake: their report is
    # written by the caller, as a partition's is by the load.
    unroutable: LoadResult | None = None


def submission_id(sha256: str, key: PartKey | None) -> str:
    if key is None:
        return sha256[:12]
    year, region = key
    return f"{sha256[:12]}-{year}-{region}" if year is not None else f"{sha256[:12]}-hors-region"


def archive_path(home: Home, sha256: str, suffix: str) -> Path:
    return home.archive / sha256[:2] / f"{sha256}{suffix.lower()}"


def is_archived(home: Home, sha256: str) -> bool:
    """A file is known when its content is in the archive (content-addressed: the name does not matter)."""
    folder = home.archive / sha256[:2]
    return folder.exists() and any(p.name.startswith(sha256) and not p.name.endswith(".tmp")
                                   for p in folder.iterdir())


def inbox_files(home: Home) -> list[Path]:
    """Files waiting in the inbox, in the order they arrived (modification time, then name)."""
    if not home.inbox.exists():
        return []
    files = [p for p in home.inbox.iterdir()
             if p.is_file() and not p.name.startswith(TEMPORARY_PREFIXES) and not p.name.endswith(TEMPORARY_SUFFIXES)]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stage_stream(home: Home, path: Path) -> tuple[str, Path]:
    """Hash a file too large to read into memory, copying it beside the archive on the way."""
    digest = hashlib.sha256()
    home.archive.mkdir(parents=True, exist_ok=True)
    staged = home.archive / f".{path.name}.tmp"
    with open(path, "rb") as source, open(staged, "wb") as copy:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest(), staged


def _settle_archive(target: Path, data: bytes | None, staged: Path | None) -> None:
    """Put the file in the archive, once it is registered: an archived file is a registered file, which is
    what the decision of pending work relies on. Idempotent, so a run killed in between completes it."""
    if target.exists():
        if staged is not None:
            staged.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if staged is None:
        staged = target.with_name(target.name + ".tmp")
        staged.write_bytes(data)
    os.replace(staged, target)


def _remove_if_unchanged(path: Path, stat: os.stat_result) -> bool:
    now = path.stat()
    if (now.st_size, now.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
        return False
    path.unlink()
    return True


def _register(con, *, sid, sha256, path, archived, received, key, reason, table, rows_read) -> None:
    con.execute(
        """INSERT INTO audit.submissions (submission_id, sha256, fichier, chemin_archive, recu_le, enregistre_le,
               annee, code_region, statut, motif, format, encodage, separateur, ligne_entete, style_entete,
               colonnes_inconnues, lignes_lues)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [sid, sha256, path.name, str(archived), received, dt.datetime.now(), key[0] if key else None,
         key[1] if key else None, SubmissionStatus.REJECTED if reason else SubmissionStatus.RECEIVED, reason,
         table.format if table else None, table.encoding if table else None, table.separator if table else None,
         table.header_line if table else None, table.header_style if table else None,
         table.unknown_columns if table else None, rows_read],
    )


def _record(con, received: dt.datetime, reception: Reception) -> None:
    con.execute("INSERT INTO audit.receptions VALUES (?, ?, ?, ?, ?, ?)",
                [received, dt.datetime.now(), reception.file_name, reception.sha256, reception.status,
                 reception.reason])


def intake_file(con: duckdb.DuckDBPyConnection, home: Home, path: Path, max_bytes: int,
                years: set[int]) -> Reception:
    stat = path.stat()
    received = dt.datetime.fromtimestamp(stat.st_mtime)
    table: RawTable | None = None
    data: bytes | None = None
    staged: Path | None = None
    if too_large(stat.st_size, max_bytes):
        sha256, staged = _stage_stream(home, path)
    else:
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
    archived = archive_path(home, sha256, path.suffix)
    if con.execute("SELECT count(*) FROM audit.submissions WHERE sha256 = ?", [sha256]).fetchone()[0]:
        reception = Reception(path.name, sha256, ReceptionStatus.ALREADY_RECEIVED)
        _record(con, received, reception)
        _settle_archive(archived, data, staged)
        _remove_if_unchanged(path, stat)
        return reception
    reason = too_large(stat.st_size, max_bytes)
    if data is not None:
        try:
            table = read_submission_bytes(data)
            reason = None if table.lines else "aucune ligne de données sous l'en-tête"
        except UnreadableFile as error:
            reason = str(error)
    reception = Reception(path.name, sha256, ReceptionStatus.REJECTED if reason else ReceptionStatus.REGISTERED,
                          reason)
    with transaction(con):
        if reason is not None:
            _register(con, sid=submission_id(sha256, None), sha256=sha256, path=path, archived=archived,
                      received=received, key=None, reason=reason, table=table, rows_read=0)
        else:
            for key, raw in route_table(table, years).items():
                sid = submission_id(sha256, key)
                _register(con, sid=sid, sha256=sha256, path=path, archived=archived, received=received, key=key,
                          reason=None, table=table, rows_read=len(raw))
                insert_frame(con, "raw.submission_rows", raw.assign(submission_id=sid))
                if key == (None, None):
                    # No partition will ever load these rows: their validation (routing reasons, row rules) and
                    # their quarantine happen now.
                    stored = Stored(sid, path.name, None, None, received)
                    reception.unroutable = LoadResult(stored, validate_submission(
                        raw.drop(columns="cellules_hors_contrat"), submission_id=sid))
                    store_outcomes(con, [reception.unroutable])
                reception.parts.append((key[0], key[1], len(raw)))
        _record(con, received, reception)
    _settle_archive(archived, data, staged)
    if not _remove_if_unchanged(path, stat):
        reception.status = ReceptionStatus.CHANGED_WHILE_READ
        reception.reason = ("le fichier a changé pendant sa lecture : la version lue est enregistrée, "
                            "la nouvelle reste dans la boîte de dépôt")
        con.execute("UPDATE audit.receptions SET statut = ?, motif = ? WHERE sha256 = ? AND fichier = ?",
                    [reception.status, reception.reason, sha256, path.name])
    return reception


def take_in(con: duckdb.DuckDBPyConnection, home: Home, max_bytes: int, years: set[int]) -> list[Reception]:
    """Every file of the inbox, in the order they arrived; one unreadable file never stops the others."""
    home.create()
    return [intake_file(con, home, path, max_bytes, years) for path in inbox_files(home)]
