"""`piramig run`: the code location's own jobs, executed in this process and recorded in the home's Dagster
instance, so that the UI (`make ui`) shows the runs afterwards. No parallel code path: the same definitions.

Order: intake of the inbox, then one load run per (year, region) that received a submission (oldest year
first, so that the year-over-year rules see the year before), then the dbt build and the publication.
"""

import datetime as dt
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from piramig.settings import HOME_ENV_VAR, Home
from piramig.warehouse.intake import RECEIVED
from piramig.warehouse.schema import connect, create_tables

# One run at a time writes the working warehouse (DuckDB allows a single writer): the queue enforces it for
# runs launched from the UI, the sensor and the schedules.
DAGSTER_CONFIG = """telemetry:
  enabled: false
concurrency:
  runs:
    tag_concurrency_limits:
      - key: piramig/entrepot
        limit: 1
"""
# The console shows the run's summary; Dagster's own step-by-step log stays in the instance (make ui).
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class RunSummary:
    started: dt.datetime
    files: list[dict] = field(default_factory=list)  # intake: file, status, reason
    submissions: list[dict] = field(default_factory=list)  # loaded in this run
    failures: list[str] = field(default_factory=list)  # jobs that failed (not data rejected)
    published: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def dagster_instance(home: Home) -> dg.DagsterInstance:
    home.dagster.mkdir(parents=True, exist_ok=True)
    config = home.dagster / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_CONFIG)
    return dg.DagsterInstance.from_config(str(home.dagster))


# Runs of `piramig run` carry the process that executes them: a run whose process died (killed, machine
# stopped) is marked failed at the next `piramig run`, instead of showing as started forever in the UI.
PROCESS_TAG = "piramig/processus"


def _process_tags() -> dict[str, str]:
    return {PROCESS_TAG: f"{socket.gethostname()}:{os.getpid()}"}


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_orphaned_runs(instance: dg.DagsterInstance) -> list[str]:
    orphaned = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        host, _, pid = run.tags.get(PROCESS_TAG, "").rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and not _is_alive(int(pid)):
            instance.report_run_failed(run, f"processus {pid} interrompu avant la fin du run")
            orphaned.append(run.run_id)
    return orphaned


def pending_partitions(home: Home) -> list[tuple[int, str]]:
    with connect(home.warehouse) as con:
        create_tables(con)
        return [tuple(row) for row in con.execute(
            "SELECT DISTINCT annee, code_region FROM audit.submissions WHERE statut = ? ORDER BY 1, 2", [RECEIVED]
        ).fetchall()]


def _submissions_since(home: Home, started: dt.datetime) -> list[dict]:
    with connect(home.warehouse, read_only=True) as con:
        frame = con.execute(
            """SELECT s.annee, s.code_region, s.fichier, s.submission_id, s.statut, s.motif, s.lignes_lues,
                      s.lignes_acceptees, s.lignes_quarantaine,
                      s.submission_id IN (SELECT submission_id FROM audit.current_submissions) AS courant
               FROM audit.submissions s
               WHERE s.valide_le >= ? OR s.enregistre_le >= ?
               ORDER BY s.annee NULLS LAST, s.code_region, s.recu_le""",
            [started, started],
        ).df()
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def run_pipeline(home: Home) -> RunSummary:
    os.environ[HOME_ENV_VAR] = str(home.root)
    home.create()
    # Imported here: the code location reads the home from the environment when it is loaded.
    from orchestration.definitions import defs
    from orchestration.defs.ingestion.partitions import partition_key

    instance = dagster_instance(home)
    summary = RunSummary(started=dt.datetime.now())
    fail_orphaned_runs(instance)
    tags = _process_tags()

    intake = defs.resolve_job_def("intake_job").execute_in_process(
        instance=instance, run_config=QUIET, tags=tags, raise_on_error=False
    )
    if not intake.success:
        summary.failures.append("prise en charge de la boîte de dépôt")
    for event in intake.get_asset_materialization_events():
        summary.files = event.materialization.metadata["fichiers_detail"].data["fichiers"]

    for year, region in pending_partitions(home):
        load = defs.resolve_job_def("load_job").execute_in_process(
            instance=instance, run_config=QUIET, partition_key=partition_key(year, region), tags=tags,
            raise_on_error=False
        )
        if not load.success:
            summary.failures.append(f"chargement {year} / {region}")

    # Always consistent to build: a submission that did not load is simply not current yet.
    build = defs.resolve_job_def("build_and_publish_job").execute_in_process(
        instance=instance, run_config=QUIET, tags=tags, raise_on_error=False
    )
    if build.success:
        summary.published = home.published
    else:
        summary.failures.append("construction dbt et publication (l'entrepôt publié précédent est conservé)")
    summary.submissions = _submissions_since(home, summary.started)
    return summary
