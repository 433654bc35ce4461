"""Load the submissions of (year, region) partitions: validate each, then store its accepted rows, its
quarantine, its anomalies and its check results, replacing what an earlier load of the same submission stored.

Every submission of a partition is (re)loaded, so loading is idempotent and a change of rules applies to the
history too. Years are loaded in order, so that the year-over-year rules see the year before; the submissions
of one year are validated together. Rows read = rows accepted + rows quarantined, for every submission.
Nothing here writes a report: the results say what happened, and the caller decides where it goes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from piramig.contract.dictionary import field_codes
from piramig.validation.rules import rule
from piramig.validation.submission import DatasetChecks, Submission, ValidationOutcome, validate_submissions
from piramig.vocabulary import SubmissionStatus, Verdict
from piramig.warehouse.schema import insert_frame, transaction

QUESTION_COUNT_COLUMNS = ["nb_questions_applicables", "nb_questions_renseignees", "taux_remplissage"]
TABLES = ("ingest.pass_reports", "validation.quarantine", "validation.anomalies", "validation.check_results")


@dataclass
class Stored:
    """A submission as the warehouse registered it."""

    submission_id: str
    file_name: str
    year: int | None
    region: str | None
    received: dt.datetime


@dataclass
class LoadResult:
    submission: Stored
    outcome: ValidationOutcome

    @property
    def rows_read(self) -> int:
        return len(self.outcome.rows)

    @property
    def accepted(self) -> int:
        return len(self.outcome.accepted_rows)

    @property
    def quarantined(self) -> int:
        return len(self.outcome.quarantined_rows)

    @property
    def verdict(self) -> Verdict:
        return self.outcome.verdict


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _frames(sub: Stored, outcome: ValidationOutcome) -> dict[str, pd.DataFrame]:
    """The rows one validated submission adds to each table of TABLES."""
    sid, accepted, quarantined = sub.submission_id, outcome.accepted_rows, outcome.quarantined_rows
    finess_by_line = dict(zip(outcome.rows["ligne"], outcome.rows["finess_et"]))
    type_by_line = dict(zip(outcome.rows["ligne"], outcome.rows["type_pass"]))
    return {
        "ingest.pass_reports": pd.concat([
            pd.DataFrame({"submission_id": sid, "avertissements": accepted["avertissements"]}, index=accepted.index),
            accepted[["ligne", *field_codes(), *QUESTION_COUNT_COLUMNS]],
        ], axis=1),
        "validation.quarantine": pd.DataFrame({
            "submission_id": sid,
            "fichier": sub.file_name,
            "ligne": quarantined["ligne"],
            "annee": quarantined["annee"],
            "code_region": quarantined["code_region"],
            "finess_et": quarantined["finess_et"],
            "type_pass": quarantined["type_pass"],
            "regles": quarantined["regles_erreur"],
            "motifs": [" ; ".join(a.message for a in outcome.errors() if a.line == line)
                       for line in quarantined["ligne"]],
            "valeurs_brutes": [outcome.raw_values(line) for line in quarantined["ligne"]],
        }, index=quarantined.index),
        "validation.anomalies": pd.DataFrame([{
            "submission_id": sid, "annee": sub.year, "code_region": sub.region, "ligne": a.line,
            "finess_et": _text(finess_by_line.get(a.line)), "type_pass": _text(type_by_line.get(a.line)),
            "regle": a.rule, "severite": str(a.severity), "colonne": a.column, "valeur": a.value,
            "message": a.message,
        } for a in outcome.anomalies], dtype=object),
        "validation.check_results": pd.DataFrame([{
            "submission_id": sid, "annee": sub.year, "code_region": sub.region, "regle": c.rule,
            "outil": rule(c.rule).tool, "categorie": str(rule(c.rule).category),
            "severite": str(rule(c.rule).severity), "seuil": rule(c.rule).threshold,
            "lignes_en_echec": c.failed_rows, "lignes_controlees": c.checked_rows, "reussi": c.passed,
            "finess_concernes": c.finess, "valeurs_en_echec": c.values,
        } for c in outcome.checks], dtype=object),
    }


def store_outcomes(con: duckdb.DuckDBPyConnection, results: list[LoadResult]) -> None:
    """The one writer of validation results, called inside the caller's transaction: what earlier loads of these
    submissions stored is replaced, and each submission is marked validated with its counts."""
    if not results:
        return
    ids = [r.submission.submission_id for r in results]
    frames = [_frames(r.submission, r.outcome) for r in results]
    now = dt.datetime.now()
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE submission_id IN (SELECT unnest(?))", [ids])
        insert_frame(con, table, pd.concat([f[table] for f in frames if not f[table].empty] or [pd.DataFrame()],
                                           ignore_index=True))
    con.executemany(
        "UPDATE audit.submissions SET statut = ?, lignes_acceptees = ?, lignes_quarantaine = ?, valide_le = ? "
        "WHERE submission_id = ?",
        [[SubmissionStatus.VALIDATED, r.accepted, r.quarantined, now, r.submission.submission_id] for r in results])


def _submissions_of(con, year: int, regions: list[str]) -> list[tuple[Stored, list[str] | None]]:
    rows = con.execute(
        """SELECT submission_id, fichier, annee, code_region, recu_le, colonnes_inconnues FROM audit.submissions
           WHERE annee = ? AND code_region IN (SELECT unnest(?)) AND statut IN (?, ?)
           ORDER BY recu_le, enregistre_le, submission_id""",
        [year, regions, SubmissionStatus.RECEIVED, SubmissionStatus.VALIDATED],
    ).fetchall()
    return [(Stored(*row[:5]), row[5]) for row in rows]


def raw_rows(con, submission_id: str) -> pd.DataFrame:
    return con.execute(
        "SELECT * EXCLUDE (submission_id, cellules_hors_contrat) FROM raw.submission_rows "
        "WHERE submission_id = ? ORDER BY ligne", [submission_id]).df()


def previous_year_rows(con, year: int, region: str) -> pd.DataFrame | None:
    """Accepted rows of the region's current submission of the year before, None when there is none."""
    rows = con.execute(
        """SELECT p.* EXCLUDE (submission_id) FROM ingest.pass_reports p
           JOIN audit.current_submissions c USING (submission_id)
           WHERE c.annee = ? AND c.code_region = ?""",
        [year - 1, region],
    ).df()
    return rows if len(rows) else None


def load(con: duckdb.DuckDBPyConnection, partitions: list[tuple[int, str]],
         dataset_checks: DatasetChecks | None = None) -> list[LoadResult]:
    """Validate and store every submission of the partitions, in reception order within each (year, region)."""
    results: list[LoadResult] = []
    for year in sorted({year for year, _ in partitions}):
        regions = sorted({region for y, region in partitions if y == year})
        stored = _submissions_of(con, year, regions)
        previous = {region: previous_year_rows(con, year, region) for region in regions}
        batch = [Submission(sub.submission_id, raw_rows(con, sub.submission_id), previous[sub.region],
                            list(unknown or [])) for sub, unknown in stored]
        year_results = [LoadResult(sub, outcome) for (sub, _), outcome
                        in zip(stored, validate_submissions(batch, dataset_checks))]
        with transaction(con):
            store_outcomes(con, year_results)
        results += year_results
    return results
