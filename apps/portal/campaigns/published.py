"""What the web application reads of the analysts' published warehouse: read only, a new connection per request
(the publication swaps the file whole; a new connection sees the newest one). The working warehouse is never
opened here: it belongs to the pipeline."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from piramig.reporting.campaign_pages import SUBMISSIONS_SQL
from piramig.vocabulary import RegionStatus
from piramig.warehouse.campaign import STATUS_LABELS
from piramig.warehouse.loading import current_rows

# The indicators a region page shows beside the national ones, in this order.
REGION_INDICATORS = ["nb_pass", "file_active", "nouveaux_patients", "pct_nouveaux_patients", "taux_remplissage",
                     "nb_consultations_medicales", "nb_dossiers_cpam", "pct_hommes", "pct_age_moins_18",
                     "pct_heb_sans_abri", "pct_couv_ame", "etp_total_median"]


class NotPublished(Exception):
    """No warehouse has been published yet."""


@contextlib.contextmanager
def reader(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    if not path.exists():
        raise NotPublished(str(path))
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _aware(value):
    """The warehouse's timestamps are the server's local time, without a zone: given theirs, so that the pages
    show them in French time like the application's own."""
    return value.astimezone() if isinstance(value, dt.datetime) and value.tzinfo is None else value


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{name: _aware(value) for name, value in zip(names, row)} for row in cursor.fetchall()]


def campaigns(con) -> list[dict]:
    return _records(con, "SELECT * FROM marts.dim_campagnes ORDER BY annee DESC")


def campaign(con, year: int) -> dict | None:
    found = _records(con, "SELECT * FROM marts.dim_campagnes WHERE annee = ?", [year])
    return found[0] if found else None


def completeness(con, year: int | None = None, region: str | None = None) -> list[dict]:
    """Per (year, region): PASS expected, received and missing, status (with its French label), deadline kept,
    current submission."""
    rows = _records(con, """SELECT f.*, r.nom_region FROM marts.fct_completude f
                            LEFT JOIN marts.dim_regions r USING (code_region)
                            WHERE (? IS NULL OR f.annee = ?) AND (? IS NULL OR f.code_region = ?)
                            ORDER BY f.annee DESC, f.code_region""", [year, year, region, region])
    return [{**row, "statut_libelle": status_label(row["statut_region"])} for row in rows]


def status_label(value: str | None) -> str:
    try:
        return STATUS_LABELS[RegionStatus(value)]
    except ValueError:
        return value or ""


def missing_pass(con, year: int, region: str) -> list[dict]:
    return _records(con, """SELECT finess_et, type_pass, raison_sociale, statut_pass FROM marts.fct_completude_pass
                            WHERE annee = ? AND code_region = ? AND statut_pass <> 'recue'
                            ORDER BY statut_pass, raison_sociale""", [year, region])


def submissions(con, year: int, region: str) -> list[dict]:
    """The region's submissions of the year, newest first, with their verdict's counts."""
    return _records(con, f"{SUBMISSIONS_SQL} WHERE s.annee = ? AND s.code_region = ? "
                         "ORDER BY s.recu_le DESC, s.submission_id", [year, region])


def submission(con, submission_id: str) -> dict | None:
    found = _records(con, f"{SUBMISSIONS_SQL} WHERE s.submission_id = ?", [submission_id])
    return found[0] if found else None


def known_hashes(con, hashes: list[str]) -> dict[str, list[dict]]:
    """sha256 -> the submissions the published warehouse holds of that file."""
    found: dict[str, list[dict]] = {}
    for row in _records(con, f"""SELECT f.sha256 AS empreinte, q.* FROM ({SUBMISSIONS_SQL}) q
                                 JOIN audit.submissions f USING (submission_id)
                                 WHERE f.sha256 IN (SELECT unnest(?))""", [hashes]):
        found.setdefault(row.pop("empreinte"), []).append(row)
    return found


def requests(con, year: int, region: str | None) -> list[dict]:
    """What came of the decisions asked from this application (a warehouse published before it had none)."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'audit' "
                       "AND table_name = 'campaign_requests'").fetchone()[0]:
        return []
    return _records(con, """SELECT * FROM audit.campaign_requests WHERE annee = ? AND code_region IS NOT DISTINCT FROM ?
                            ORDER BY demande_le DESC""", [year, region])


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    label: str
    unit: str
    region: float | None
    region_before: float | None
    national: float | None


def indicators(con, year: int, region: str) -> list[IndicatorLine]:
    rows = _records(con, """
        SELECT d.code_indicateur, d.libelle, d.unite, r.valeur AS region, r.valeur_annee_precedente AS avant,
               n.valeur AS national
        FROM marts.dim_indicators d
        LEFT JOIN marts.fct_indicators r ON r.indicateur = d.code_indicateur AND r.annee = ? AND r.niveau = 'region'
            AND r.code_region = ?
        LEFT JOIN marts.fct_indicators n ON n.indicateur = d.code_indicateur AND n.annee = ? AND n.niveau = 'national'
        WHERE d.code_indicateur IN (SELECT unnest(?))""", [year, region, year, REGION_INDICATORS])
    by_code = {r["code_indicateur"]: r for r in rows}
    return [IndicatorLine(code, by_code[code]["libelle"], by_code[code]["unite"] or "", by_code[code]["region"],
                          by_code[code]["avant"], by_code[code]["national"])
            for code in REGION_INDICATORS if code in by_code]


def series(con, region: str, codes: tuple[str, ...] = ("file_active", "nouveaux_patients")) -> dict[str, list]:
    """Per indicator, (year, value) of the region over the years published."""
    rows = _records(con, """SELECT indicateur, annee, valeur FROM marts.fct_indicators
                            WHERE niveau = 'region' AND code_region = ? AND indicateur IN (SELECT unnest(?))
                            ORDER BY annee""", [region, list(codes)])
    return {code: [(r["annee"], r["valeur"]) for r in rows if r["indicateur"] == code] for code in codes}


def fill_rates(con, year: int, region: str) -> list[dict]:
    """Each PASS of the region's current submission with its fill rate, lowest first."""
    return _records(con, """SELECT finess_et, raison_sociale, type_pass, taux_remplissage FROM marts.fct_pass_activity
                            WHERE annee = ? AND code_region = ? ORDER BY taux_remplissage, raison_sociale""",
                    [year, region])


def previous_year_rows(con):
    """For the upload's check: the accepted rows of each region's year before, as the pipeline reads them."""
    return lambda keys: current_rows(con, keys)
