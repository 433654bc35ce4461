"""Load the submissions of (year, region) partitions: validate each, then store its accepted rows, its
quarantine, its anomalies and its check results, replacing what an earlier load of the same submission stored.

Every submission of a partition is (re)loaded, so loading is idempotent and a change of rules applies to the
history too. The submissions of all the partitions are validated together, in one batch: the year-over-year
rules compare a submission with its region's current submission of the year before, taken from the same batch
when that year is loaded too, else from the warehouse. Rows read = rows accepted + rows quarantined, for every
submission.
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


def _submissions_of(con, partitions: list[tuple[int, str]]) -> list[tuple[Stored, list[str] | None]]:
    """Every registered submission of the partitions, by partition, in reception order (the last is current)."""
    keys = [f"{year}|{region}" for year, region in partitions]
    rows = con.execute(
        """SELECT submission_id, fichier, annee, code_region, recu_le, colonnes_inconnues FROM audit.submissions
           WHERE annee || '|' || code_region IN (SELECT unnest(?)) AND statut IN (?, ?)
           ORDER BY annee, code_region, recu_le, enregistre_le, submission_id""",
        [keys, SubmissionStatus.RECEIVED, SubmissionStatus.VALIDATED],
    ).fetchall()
    return [(Stored(*row[:5]), row[5]) for row in rows]


def raw_rows(con, submission_ids: list[str]) -> dict[str, pd.DataFrame]:
    """Per submission, its rows as read (text), in file order."""
    rows = con.execute(
        "SELECT * EXCLUDE (cellules_hors_contrat) FROM raw.submission_rows "
        "WHERE submission_id IN (SELECT unnest(?)) ORDER BY submission_id, ligne", [submission_ids]).df()
    return {sid: part.drop(columns="submission_id").reset_index(drop=True)
            for sid, part in rows.groupby("submission_id", sort=False)}


def current_rows(con, partitions: list[tuple[int, str]]) -> dict[tuple[int, str], pd.DataFrame]:
    """Per (year, region), the accepted rows of its current submission (absent when it has none)."""
    rows = con.execute(
        """SELECT c.annee || '|' || c.code_region AS partition_courante, p.* EXCLUDE (submission_id)
           FROM ingest.pass_reports p JOIN audit.current_submissions c USING (submission_id)
           WHERE c.annee || '|' || c.code_region IN (SELECT unnest(?))""",
        [[f"{year}|{region}" for year, region in partitions]],
    ).df()
    return {(int(year), region): part.drop(columns="partition_courante").reset_index(drop=True)
            for (year, region), part in ((key.split("|"), part) for key, part in rows.groupby("partition_courante"))}


def load(con: duckdb.DuckDBPyConnection, partitions: list[tuple[int, str]],
         dataset_checks: DatasetChecks | None = None) -> list[LoadResult]:
    """Validate and store every submission of the partitions, in reception order within each (year, region)."""
    stored = _submissions_of(con, partitions)
    current = {(sub.year, sub.region): sub.submission_id for sub, _ in stored}  # the last one of each partition
    outside = current_rows(con, [(year - 1, region) for year, region in current if (year - 1, region) not in current])
    raw = raw_rows(con, [sub.submission_id for sub, _ in stored])
    batch = [Submission(sub.submission_id, raw[sub.submission_id], outside.get((sub.year - 1, sub.region)),
                        list(unknown or []), current.get((sub.year - 1, sub.region))) for sub, unknown in stored]
    outcomes = validate_submissions(batch, dataset_checks)
    results = [LoadResult(sub, outcome) for (sub, _), outcome in zip(stored, outcomes)]
    with transaction(con):
        store_outcomes(con, results)
    return results
