"""Intake of the inbox: archive each file unchanged under its SHA-256, register it in `audit.submissions`,
read it, and land its rows, routed to their (year, region), in `raw.submission_rows`.

A file holds the rows of one region and year (the usual case: one (year, region) holds most of its rows,
and a stray row of another region or year is kept in that submission to be quarantined) or is an export
of several (no (year, region) holds a majority: each one becomes a submission of its own). The same bytes
received twice change nothing. A file is registered first, then archived, then removed from the inbox (only if
it did not change while it was read): a run killed at any point leaves it in the inbox, and the next run
completes what is missing without registering it twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from piramig.contract.dictionary import field_codes, is_missing
from piramig.contract.reference import region_codes, region_name
from piramig.reading import values
from piramig.reading.files import RawRow, RawTable, UnreadableFile, max_file_bytes, read_submission_bytes
from piramig.reporting.campaign_pages import write_reports_index
from piramig.settings import Home
from piramig.warehouse.schema import connect, create_tables, insert_frame

FIRST_CAMPAIGN_YEAR = 2018
RECEIVED = "reçue"
VALIDATED = "validée"
REJECTED = "rejetée"


def campaign_years(today: dt.date | None = None) -> list[int]:
    return list(range(FIRST_CAMPAIGN_YEAR, (today or dt.date.today()).year + 1))


@dataclass
class IntakeOutcome:
    file_name: str
    sha256: str
    status: str  # enregistré | déjà reçu | rejeté | modifié pendant la lecture
    reason: str | None = None
    parts: list[tuple[int | None, str | None, int]] = field(default_factory=list)  # (annee, region, rows)


PartKey = tuple[int | None, str | None]


def _route_key(row: RawRow, years: set[int], regions: set[str]) -> PartKey:
    year = region = None
    try:
        if not is_missing(row.cells.get("annee")):
            year = values.parse_integer(str(row.cells["annee"]))
    except values.CellError:
        pass
    if not is_missing(row.cells.get("code_region")):
        region = values.parse_code_region(str(row.cells["code_region"]))
    return (year if year in years else None, region if region in regions else None)


def route(rows: list[RawRow], years: set[int]) -> dict[PartKey, list[tuple[RawRow, str | None]]]:
    """Rows grouped by the submission they belong to, each with the routing reason that rejects it, if any."""
    regions = set(region_codes())
    keys = [_route_key(row, years, regions) for row in rows]
    counts = Counter(k for k in keys if None not in k)
    parts: dict[PartKey, list[tuple[RawRow, str | None]]] = {}
    majority = next((k for k, n in counts.items() if 2 * n > len(rows)), None)
    for row, key in zip(rows, keys):
        if majority is not None:
            reason = None
            if key != majority:
                seen = f"année {row.cells.get('annee') or 'vide'}, région {row.cells.get('code_region') or 'vide'}"
                reason = (f"ligne_hors_fichier: {seen} dans un fichier de {region_name(majority[1])} "
                          f"{majority[0]}")
            parts.setdefault(majority, []).append((row, reason))
        elif None in key:
            reason = (f"ligne_non_routable: année « {row.cells.get('annee') or ''} » ou région "
                      f"« {row.cells.get('code_region') or ''} » illisible")
            parts.setdefault((None, None), []).append((row, reason))
        else:
            parts.setdefault(key, []).append((row, None))
    return parts


def submission_id(sha256: str, key: PartKey | None) -> str:
    if key is None:
        return sha256[:12]
    year, region = key
    return f"{sha256[:12]}-{year}-{region}" if year is not None else f"{sha256[:12]}-hors-region"


def archive_path(home: Home, sha256: str, suffix: str) -> Path:
    return home.archive / sha256[:2] / f"{sha256}{suffix.lower()}"


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
    what the inbox sensor relies on. Idempotent, so a run killed in between completes it the next time."""
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


def _register(con, *, sid, sha256, path, archived, received, key, status, reason, table, rows_read) -> None:
    con.execute(
        """INSERT INTO audit.submissions (submission_id, sha256, fichier, chemin_archive, recu_le, enregistre_le,
               annee, code_region, statut, motif, format, encodage, separateur, ligne_entete, style_entete,
               colonnes_inconnues, lignes_lues)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [sid, sha256, path.name, str(archived), received, dt.datetime.now(), key[0] if key else None,
         key[1] if key else None, status, reason, table.format if table else None,
         table.encoding if table else None, table.separator if table else None,
         table.header_line if table else None, table.header_style if table else None,
         table.unknown_columns if table else None, rows_read],
    )


def raw_frame(rows: list[tuple[RawRow, str | None]]) -> pd.DataFrame:
    """Routed rows as the text frame validation takes (the layout of raw.submission_rows)."""
    codes = field_codes()
    return pd.DataFrame(
        [[row.line, reason, json.dumps(row.extra, ensure_ascii=False) if row.extra else None]
         + [row.cells.get(c) for c in codes] for row, reason in rows],
        columns=["ligne", "motif_routage", "cellules_hors_contrat", *codes],
        dtype=object,
    )


def _land_rows(con, sid: str, rows: list[tuple[RawRow, str | None]]) -> None:
    frame = raw_frame(rows)
    frame.insert(0, "submission_id", sid)
    insert_frame(con, "raw.submission_rows", frame)


def _quarantine_unroutable(con, sid: str, path: Path, rows: list[tuple[RawRow, str | None]]) -> None:
    for row, reason in rows:
        rule_id, _, message = (reason or "").partition(":")
        con.execute(
            """INSERT INTO validation.anomalies (submission_id, ligne, finess_et, type_pass, regle, severite, message)
               VALUES (?, ?, ?, ?, ?, 'erreur', ?)""",
            [sid, row.line, row.cells.get("finess_et"), row.cells.get("type_pass"), rule_id, message.strip()],
        )
        con.execute(
            """INSERT INTO validation.quarantine (submission_id, fichier, ligne, regles, motifs, valeurs_brutes)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [sid, path.name, row.line, [rule_id], message.strip(),
             json.dumps({k: v for k, v in row.cells.items() if v is not None}, ensure_ascii=False)],
        )
    con.execute(
        "UPDATE audit.submissions SET statut = ?, lignes_acceptees = 0, lignes_quarantaine = ?, valide_le = ? "
        "WHERE submission_id = ?",
        [VALIDATED, len(rows), dt.datetime.now(), sid],
    )


def intake_file(con: duckdb.DuckDBPyConnection, home: Home, path: Path, max_bytes: int,
                years: set[int]) -> IntakeOutcome:
    stat = path.stat()
    received = dt.datetime.fromtimestamp(stat.st_mtime)
    table: RawTable | None = None
    data: bytes | None = None
    staged: Path | None = None
    if stat.st_size > max_bytes:
        sha256, staged = _stage_stream(home, path)
    else:
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
    archived = archive_path(home, sha256, path.suffix)
    if con.execute("SELECT count(*) FROM audit.submissions WHERE sha256 = ?", [sha256]).fetchone()[0]:
        _settle_archive(archived, data, staged)
        _remove_if_unchanged(path, stat)
        return IntakeOutcome(path.name, sha256, "déjà reçu")
    if data is None:
        reason = f"fichier trop volumineux ({stat.st_size / 1e6:.1f} Mo, limite {max_bytes / 1e6:.0f} Mo) : non lu"
    else:
        try:
            table = read_submission_bytes(data)
            reason = None if table.rows else "aucune ligne de données sous l'en-tête"
        except UnreadableFile as error:
            reason = str(error)
    con.execute("BEGIN TRANSACTION")
    try:
        if reason is not None:
            _register(con, sid=submission_id(sha256, None), sha256=sha256, path=path, archived=archived,
                      received=received, key=None, status=REJECTED, reason=reason, table=table, rows_read=0)
            outcome = IntakeOutcome(path.name, sha256, "rejeté", reason)
        else:
            outcome = IntakeOutcome(path.name, sha256, "enregistré")
            for key, rows in route(table.rows, years).items():
                sid = submission_id(sha256, key)
                _register(con, sid=sid, sha256=sha256, path=path, archived=archived, received=received, key=key,
                          status=RECEIVED, reason=None, table=table, rows_read=len(rows))
                _land_rows(con, sid, rows)
                if key == (None, None):
                    _quarantine_unroutable(con, sid, path, rows)
                outcome.parts.append((key[0], key[1], len(rows)))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    _settle_archive(archived, data, staged)
    if not _remove_if_unchanged(path, stat):
        outcome.status = "modifié pendant la lecture"
        outcome.reason = ("le fichier a changé pendant sa lecture : la version lue est enregistrée, "
                          "la nouvelle reste dans la boîte de dépôt")
    return outcome


def is_archived(home: Home, sha256: str) -> bool:
    """A file is known when its content is in the archive (content-addressed: the name does not matter)."""
    folder = home.archive / sha256[:2]
    return folder.exists() and any(p.name.startswith(sha256) and not p.name.endswith(".tmp")
                                   for p in folder.iterdir())


@dataclass
class WaitingFile:
    path: Path
    sha256: str
    partitions: list[tuple[int, str]]  # the (year, region) its rows belong to; none when it cannot be read


def waiting_files(home: Home, max_bytes: int | None = None) -> list[WaitingFile]:
    """Inbox files whose content was never received, with the partitions they touch. Writes nothing."""
    years = set(campaign_years())
    max_bytes = max_bytes or max_file_bytes()
    waiting = []
    for path in inbox_files(home):
        if path.stat().st_size > max_bytes:
            waiting.append(WaitingFile(path, f"taille-{path.stat().st_size}-{path.name}", []))
            continue
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        if is_archived(home, sha256):
            continue
        try:
            parts = route(read_submission_bytes(data).rows, years)
        except UnreadableFile:
            parts = {}
        waiting.append(WaitingFile(path, sha256, sorted(k for k in parts if None not in k)))
    return waiting


# Files being written, or lock files of an office suite: they wait until they are whole or gone.
TEMPORARY_PREFIXES = ("~$", ".~lock", ".DS_Store")
TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", "#")


def inbox_files(home: Home) -> list[Path]:
    """Files waiting in the inbox, in the order they arrived (modification time, then name)."""
    if not home.inbox.exists():
        return []
    files = [p for p in home.inbox.iterdir()
             if p.is_file() and not p.name.startswith(TEMPORARY_PREFIXES) and not p.name.endswith(TEMPORARY_SUFFIXES)]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def intake_inbox(home: Home, max_bytes: int | None = None) -> list[IntakeOutcome]:
    home.create()
    years = set(campaign_years())
    max_bytes = max_bytes or max_file_bytes()
    outcomes = []
    with connect(home.warehouse) as con:
        create_tables(con)
        for path in inbox_files(home):
            outcomes.append(intake_file(con, home, path, max_bytes, years))
        if any(o.status == "rejeté" for o in outcomes):
            write_reports_index(con, home.reports)
    return outcomes
