"""The working DuckDB warehouse: the tables the pipeline writes before dbt builds the marts.

Schemas: `raw` (every row as read, text), `audit` (every file received, every submission, every publication),
`ingest` (accepted rows, typed), `validation` (quarantine, anomalies, check results). dbt reads `ingest`,
`audit` and `validation` as sources. Only one process may write a DuckDB file: `connect` opens, the caller
writes, the connection closes.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from piramig.contract.dictionary import fields
from piramig.vocabulary import CampaignDecision, RegionStatus, SubmissionStatus

SQL_TYPES = {"entier": "INTEGER", "decimal": "DECIMAL(14, 2)", "texte": "VARCHAR", "categorie": "VARCHAR",
             "oui_non": "BOOLEAN"}


def field_sql_type(field_type: str) -> str:
    return SQL_TYPES[field_type]


def _ddl() -> list[str]:
    raw_fields = ",\n    ".join(f'"{f.code}" VARCHAR' for f in fields())
    typed_fields = ",\n    ".join(f'"{f.code}" {field_sql_type(f.type)}' for f in fields())
    return [
        "CREATE SCHEMA IF NOT EXISTS raw",
        "CREATE SCHEMA IF NOT EXISTS audit",
        "CREATE SCHEMA IF NOT EXISTS ingest",
        "CREATE SCHEMA IF NOT EXISTS validation",
        # Every file taken from the inbox, whatever became of it (a copy of a file already received included).
        """CREATE TABLE IF NOT EXISTS audit.receptions (
    recu_le TIMESTAMP NOT NULL,
    traite_le TIMESTAMP NOT NULL,
    fichier VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    statut VARCHAR NOT NULL,
    motif VARCHAR
)""",
        # Every publication of the analysts' warehouse: what it was built from, and how much was rebuilt.
        """CREATE TABLE IF NOT EXISTS audit.publications (
    publie_le TIMESTAMP NOT NULL,
    empreinte_projet VARCHAR NOT NULL,
    etendue VARCHAR NOT NULL
)""",
        # Every node of a dbt build that failed and so blocked the publication: what failed, what it means in
        # French, dbt's own words. The reports index shows those since the last publication.
        """CREATE TABLE IF NOT EXISTS audit.build_failures (
    echoue_le TIMESTAMP NOT NULL,
    noeud VARCHAR NOT NULL,
    statut VARCHAR NOT NULL,
    signification VARCHAR NOT NULL,
    message VARCHAR
)""",
        # The DGOS's decisions on a campaign, never updated: its state is the last one. decide_le is when it
        # took effect (a closed campaign's figures rest on the submissions received before), enregistre_le when
        # it was recorded (what the next publication must take into account).
        """CREATE TABLE IF NOT EXISTS audit.campaign_decisions (
    annee INTEGER NOT NULL,
    decision VARCHAR NOT NULL,
    par VARCHAR NOT NULL,
    decide_le TIMESTAMP NOT NULL,
    enregistre_le TIMESTAMP NOT NULL,
    forcee BOOLEAN NOT NULL,
    regions_sans_donnees VARCHAR[]
)""",
        # A coordinator's approval of one submission: a later submission of the region is not approved.
        """CREATE TABLE IF NOT EXISTS audit.approvals (
    annee INTEGER NOT NULL,
    code_region VARCHAR NOT NULL,
    submission_id VARCHAR NOT NULL,
    par VARCHAR NOT NULL,
    valide_le TIMESTAMP NOT NULL
)""",
        # A decision asked from the web application (which never writes the warehouse), as the run applied it.
        """CREATE TABLE IF NOT EXISTS audit.campaign_requests (
    demande_id VARCHAR PRIMARY KEY,
    action VARCHAR NOT NULL,
    annee INTEGER NOT NULL,
    code_region VARCHAR,
    submission_id VARCHAR,
    par VARCHAR NOT NULL,
    demande_le TIMESTAMP NOT NULL,
    traite_le TIMESTAMP NOT NULL,
    acceptee BOOLEAN NOT NULL,
    motif VARCHAR
)""",
        """CREATE TABLE IF NOT EXISTS audit.submissions (
    submission_id VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    fichier VARCHAR NOT NULL,
    chemin_archive VARCHAR NOT NULL,
    recu_le TIMESTAMP NOT NULL,
    enregistre_le TIMESTAMP NOT NULL,
    annee INTEGER,
    code_region VARCHAR,
    statut VARCHAR NOT NULL,
    motif VARCHAR,
    format VARCHAR,
    encodage VARCHAR,
    separateur VARCHAR,
    ligne_entete INTEGER,
    style_entete VARCHAR,
    colonnes_inconnues VARCHAR[],
    lignes_lues INTEGER NOT NULL,
    lignes_acceptees INTEGER,
    lignes_quarantaine INTEGER,
    valide_le TIMESTAMP
)""",
        f"""CREATE TABLE IF NOT EXISTS raw.submission_rows (
    submission_id VARCHAR NOT NULL,
    ligne INTEGER NOT NULL,
    motif_routage VARCHAR,
    cellules_hors_contrat JSON,
    {raw_fields}
)""",
        f"""CREATE TABLE IF NOT EXISTS ingest.pass_reports (
    submission_id VARCHAR NOT NULL,
    ligne INTEGER NOT NULL,
    avertissements VARCHAR[],
    {typed_fields},
    nb_questions_applicables INTEGER,
    nb_questions_renseignees INTEGER,
    taux_remplissage DOUBLE
)""",
        """CREATE TABLE IF NOT EXISTS validation.quarantine (
    submission_id VARCHAR NOT NULL,
    fichier VARCHAR NOT NULL,
    ligne INTEGER NOT NULL,
    annee INTEGER,
    code_region VARCHAR,
    finess_et VARCHAR,
    type_pass VARCHAR,
    regles VARCHAR[] NOT NULL,
    motifs VARCHAR NOT NULL,
    valeurs_brutes JSON
)""",
        """CREATE TABLE IF NOT EXISTS validation.anomalies (
    submission_id VARCHAR NOT NULL,
    annee INTEGER,
    code_region VARCHAR,
    ligne INTEGER,
    finess_et VARCHAR,
    type_pass VARCHAR,
    regle VARCHAR NOT NULL,
    severite VARCHAR NOT NULL,
    colonne VARCHAR,
    valeur VARCHAR,
    message VARCHAR NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS validation.check_results (
    submission_id VARCHAR NOT NULL,
    annee INTEGER,
    code_region VARCHAR,
    regle VARCHAR NOT NULL,
    outil VARCHAR NOT NULL,
    categorie VARCHAR NOT NULL,
    severite VARCHAR NOT NULL,
    seuil DOUBLE,
    lignes_en_echec INTEGER NOT NULL,
    lignes_controlees INTEGER NOT NULL,
    reussi BOOLEAN NOT NULL,
    finess_concernes VARCHAR[],
    valeurs_en_echec VARCHAR[]
)""",
        # The one definition of "current": of the submissions of a (year, region) that were validated, the
        # last one received replaces the earlier ones, which stay in history (contract README, "Keys").
        # When each campaign closed, if it is closed now: its last decision is a closing.
        f"""CREATE OR REPLACE VIEW audit.campaign_closings AS
SELECT annee, decide_le AS close_le, par AS close_par, forcee FROM audit.campaign_decisions
QUALIFY row_number() OVER (PARTITION BY annee ORDER BY enregistre_le DESC, decide_le DESC) = 1
    AND decision = '{CampaignDecision.CLOSE}'""",
        # The submission each (year, region) rests on: the last validated one, received before the campaign
        # closed if it is closed (a later one is kept in history and changes no closed figure).
        f"""CREATE OR REPLACE VIEW audit.current_submissions AS
SELECT s.* FROM audit.submissions s
LEFT JOIN audit.campaign_closings c ON s.annee = c.annee
WHERE s.annee IS NOT NULL AND s.code_region IS NOT NULL AND s.statut = '{SubmissionStatus.VALIDATED}'
    AND (c.close_le IS NULL OR s.recu_le <= c.close_le)
QUALIFY row_number() OVER (
    PARTITION BY s.annee, s.code_region ORDER BY s.recu_le DESC, s.enregistre_le DESC, s.submission_id DESC) = 1""",
        # Where each region with a current submission stands in its campaign (one without is `attendu`): read by
        # `piramig campaign` and by dbt, so that both say the same.
        f"""CREATE OR REPLACE VIEW audit.current_submission_states AS
SELECT c.annee, c.code_region, c.submission_id, c.fichier, c.recu_le,
       coalesce(c.lignes_quarantaine, 0) AS lignes_quarantaine, a.par AS valide_par, a.valide_le,
       CASE WHEN a.submission_id IS NOT NULL THEN '{RegionStatus.APPROVED}'
            WHEN coalesce(c.lignes_quarantaine, 0) > 0 THEN '{RegionStatus.IN_ANOMALY}'
            ELSE '{RegionStatus.RECEIVED}' END AS statut_region
FROM audit.current_submissions c
LEFT JOIN (SELECT * FROM audit.approvals
           QUALIFY row_number() OVER (PARTITION BY submission_id ORDER BY valide_le DESC) = 1) a
    ON c.submission_id = a.submission_id""",
    ]


# A writer that finds the file locked by another process waits for it this long, then fails.
LOCK_WAIT_SECONDS = 60.0


def is_locked(error: Exception) -> bool:
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


@contextlib.contextmanager
def connect(path: Path, read_only: bool = False, wait_seconds: float = LOCK_WAIT_SECONDS
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, closed on exit. DuckDB lets one process write a file or several read it,
    never both: while another process holds it, wait (at most `wait_seconds`), then raise its lock error."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if not is_locked(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)
    try:
        if not read_only:
            create_tables(con)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a run killed inside leaves the warehouse as it was before."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame) -> None:
    """Append a pandas frame to a table, by column name."""
    if frame.empty:
        return
    # DuckDB infers the type of a pandas object column from a sample of its rows: a column empty in the
    # sample would be typed NULL and refuse the values after it. Sample every row.
    con.execute(f"SET pandas_analyze_sample = {max(len(frame), 1000)}")
    con.register("incoming", frame)
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Idempotent: every writer's connection runs it, so that a new home needs no set-up step."""
    for statement in _ddl():
        con.execute(statement)
