"""Load the submissions of one (year, region): validate each, then store its accepted rows, its quarantine,
its anomalies and its check results, replacing what an earlier load of the same submission stored.

Every submission of the partition is (re)loaded in reception order, so loading is idempotent and a change
of rules applies to the history too. Rows read = rows accepted + rows quarantined, for every submission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from piramig.contract.dictionary import field_codes
from piramig.reporting.campaign_pages import (
    submission_report_folder,
    write_campaign_index,
    write_region_summary,
    write_reports_index,
)
from piramig.reporting.submission_report import SubmissionInfo, write_reports
from piramig.settings import Home
from piramig.validation.rules import rule
from piramig.validation.submission import DatasetChecks, ValidationOutcome, validate_submission
from piramig.warehouse.intake import RECEIVED, VALIDATED
from piramig.warehouse.schema import connect, create_tables, insert_frame

QUESTION_COUNT_COLUMNS = ["nb_questions_applicables", "nb_questions_renseignees", "taux_remplissage"]


@dataclass
class LoadResult:
    submission_id: str
    file_name: str
    year: int
    region: str
    rows_read: int
    accepted: int
    quarantined: int
    verdict: str
    outcome: ValidationOutcome
    report: Path | None = None


def _submissions_of(con, year: int, region: str) -> list[tuple[str, str, dt.datetime, list[str] | None]]:
    return con.execute(
        """SELECT submission_id, fichier, recu_le, colonnes_inconnues FROM audit.submissions
           WHERE annee = ? AND code_region = ? AND statut IN (?, ?)
           ORDER BY recu_le, enregistre_le, submission_id""",
        [year, region, RECEIVED, VALIDATED],
    ).fetchall()


def previous_year_rows(con, year: int, region: str) -> pd.DataFrame | None:
    """Accepted rows of the current submission of the year before, None when there is none."""
    rows = con.execute(
        """SELECT p.* FROM ingest.pass_reports p
           JOIN audit.current_submissions c USING (submission_id)
           WHERE c.annee = ? AND c.code_region = ?""",
        [year - 1, region],
    ).df()
    return rows if len(rows) else None


def store(con: duckdb.DuckDBPyConnection, sid: str, file_name: str, year: int, region: str,
          outcome: ValidationOutcome) -> None:
    accepted = outcome.accepted_rows
    quarantined = outcome.quarantined_rows
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("ingest.pass_reports", "validation.quarantine", "validation.anomalies",
                      "validation.check_results"):
            con.execute(f"DELETE FROM {table} WHERE submission_id = ?", [sid])
        insert_frame(con, "ingest.pass_reports", pd.concat([
            pd.DataFrame({"submission_id": sid, "avertissements": accepted["avertissements"]}, index=accepted.index),
            accepted[["ligne", *field_codes(), *QUESTION_COUNT_COLUMNS]],
        ], axis=1))
        insert_frame(con, "validation.quarantine", pd.DataFrame({
            "submission_id": sid,
            "fichier": file_name,
            "ligne": quarantined["ligne"],
            "annee": quarantined["annee"],
            "code_region": quarantined["code_region"],
            "finess_et": quarantined["finess_et"],
            "type_pass": quarantined["type_pass"],
            "regles": quarantined["regles_erreur"],
            "motifs": [
                " ; ".join(a.message for a in outcome.errors() if a.line == line) for line in quarantined["ligne"]
            ],
            "valeurs_brutes": [outcome.raw_values(line) for line in quarantined["ligne"]],
        }, index=quarantined.index))
        finess_by_line = dict(zip(outcome.rows["ligne"], outcome.rows["finess_et"]))
        type_by_line = dict(zip(outcome.rows["ligne"], outcome.rows["type_pass"]))
        insert_frame(con, "validation.anomalies", pd.DataFrame([{
            "submission_id": sid, "annee": year, "code_region": region, "ligne": a.line,
            "finess_et": _text(finess_by_line.get(a.line)), "type_pass": _text(type_by_line.get(a.line)),
            "regle": a.rule, "severite": a.severity, "colonne": a.column, "valeur": a.value, "message": a.message,
        } for a in outcome.anomalies], dtype=object))
        insert_frame(con, "validation.check_results", pd.DataFrame([{
            "submission_id": sid, "annee": year, "code_region": region, "regle": c.rule,
            "outil": rule(c.rule).tool, "categorie": rule(c.rule).category, "severite": rule(c.rule).severity,
            "seuil": rule(c.rule).threshold, "lignes_en_echec": c.failed_rows, "lignes_controlees": c.checked_rows,
            "reussi": c.passed, "finess_concernes": c.finess, "valeurs_en_echec": c.values,
        } for c in outcome.checks], dtype=object))
        con.execute(
            """UPDATE audit.submissions SET statut = ?, lignes_acceptees = ?, lignes_quarantaine = ?, valide_le = ?
               WHERE submission_id = ?""",
            [VALIDATED, len(accepted), len(quarantined), dt.datetime.now(), sid],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def load_partition(home: Home, year: int, region: str, dataset_checks: DatasetChecks | None = None) -> list[LoadResult]:
    results = []
    with connect(home.warehouse) as con:
        create_tables(con)
        for sid, file_name, received, unknown_columns in _submissions_of(con, year, region):
            raw = con.execute(
                "SELECT * EXCLUDE (submission_id, cellules_hors_contrat) FROM raw.submission_rows "
                "WHERE submission_id = ? ORDER BY ligne",
                [sid],
            ).df()
            outcome = validate_submission(raw, previous_year_rows(con, year, region), dataset_checks,
                                          unknown_columns=unknown_columns)
            store(con, sid, file_name, year, region, outcome)
            folder = submission_report_folder(home.reports, year, region)
            report, _ = write_reports(folder, sid, SubmissionInfo(file_name, year, region, sid, received), outcome)
            results.append(LoadResult(sid, file_name, year, region, len(raw), len(outcome.accepted_rows),
                                      len(outcome.quarantined_rows), outcome.verdict, outcome, report))
        write_region_summary(con, home.reports, year, region)
        write_campaign_index(con, home.reports, year)
        write_reports_index(con, home.reports)
    return results

