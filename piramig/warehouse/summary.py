"""What a run did, read from the warehouse: the files it took from the inbox and the submissions it registered or
validated. The warehouse records both (audit.receptions, audit.submissions), so the summary is the same whoever
ran the work: `piramig run`, `piramig watch` or the Dagster daemon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb


@dataclass
class RunSummary:
    started: dt.datetime
    files: list[dict] = field(default_factory=list)  # fichier, statut, motif
    submissions: list[dict] = field(default_factory=list)  # registered or validated since the start
    failures: list[str] = field(default_factory=list)  # French: the steps that failed (not data rejected)
    published: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    frame = con.execute(sql, params).df()
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def run_summary(con: duckdb.DuckDBPyConnection, started: dt.datetime) -> RunSummary:
    files = _records(con, "SELECT fichier, statut, motif FROM audit.receptions WHERE traite_le >= ? "
                          "ORDER BY traite_le, fichier", [started])
    submissions = _records(con, """
        SELECT s.annee, s.code_region, s.fichier, s.submission_id, s.statut, s.motif, s.lignes_lues,
               s.lignes_acceptees, s.lignes_quarantaine,
               s.submission_id IN (SELECT submission_id FROM audit.current_submissions) AS courant
        FROM audit.submissions s
        WHERE s.valide_le >= ? OR s.enregistre_le >= ?
        ORDER BY s.annee NULLS LAST, s.code_region, s.recu_le""", [started, started])
    return RunSummary(started, files, submissions)
