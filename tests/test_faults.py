"""Runs killed with SIGKILL during ingestion, during dbt and during publication, then run again.

One home goes through the sequence a data engineer could live through: the 2020 campaign (its run killed in
the middle of registering a file, then run again), then the 2021 campaign (its run killed while dbt builds,
again while the published warehouse is being copied, then run again). After each kill the published
warehouse is the previous one, whole and readable; killed once the warehouse is published but not its exports,
the next run publishes the exports; at the end nothing was lost or counted twice.

`piramig run` is a real child process, in its own session so that the kill reaches dbt's process too. Where
the kill must land at an exact point, the child replaces one function with a copy that stops there and says
so (a marker file); dbt, which runs in its own process, is killed once it has started writing models.
"""

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from apps.cli import copy_demo
from orchestration.defs.ingestion.sensors import inbox_sensor
from piramig.contract.reference import campaign_years
from piramig.settings import Home
from piramig.vocabulary import ReceptionStatus
from piramig.warehouse import intake
from piramig.warehouse.schema import connect
from tests.conftest import settings_for

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600

STALL = """
import pathlib, time
def stall(marker):
    pathlib.Path(marker).write_text("arrêté ici")
    time.sleep(3600)
"""
# Stop in the middle of registering the 4th file: three are committed, the 4th is inside its transaction (the
# intake's only use of insert_frame lands a file's rows).
STALL_IN_INTAKE = STALL + """
import piramig.warehouse.intake as module
original, calls = module.insert_frame, []
def land_rows(*args, **kwargs):
    calls.append(1)
    original(*args, **kwargs)
    if len(calls) == 4:
        stall(MARKER)
module.insert_frame = land_rows
"""
# Stop with half of the warehouse copied to the staging file beside the published one.
STALL_IN_PUBLICATION = STALL + """
import os, types, piramig.publishing.publication as module
def copy_half(source, target, **kwargs):
    with open(source, "rb") as reader, open(target, "wb") as writer:
        writer.write(reader.read(os.path.getsize(source) // 2))
    stall(MARKER)
module.shutil = types.SimpleNamespace(copyfile=copy_half)  # this module's copy only: the docs copy theirs too
"""
# Stop once the warehouse is published, while the exports of its first year are being written.
STALL_IN_EXPORTS = STALL + """
import piramig.publishing.exports as module
def write_year(con, folder, *rest):
    folder.mkdir(parents=True)
    stall(MARKER)
module._write_year = write_year
"""


def copy_campaign(home: Home, year: int) -> list[str]:
    return [path.name for path in copy_demo(settings_for(home.root), year)]


def start_run(home: Home, patch: str = "", marker: Path | None = None) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        import sys
        MARKER = {str(marker)!r}
        {textwrap.indent(patch, ' ' * 8).strip()}
        import orchestration.runner  # the kills land in the publication: the syntheses after it are not tested here
        orchestration.runner.Runner.syntheses = False
        from apps.cli import main
        sys.exit(main(["run", "--home", {str(home.root)!r}]))
    """)
    env = {**os.environ, "PIRAMIG_HOME": str(home.root)}
    with open(home.root / f"run-{time.monotonic_ns()}.log", "wb") as log:  # the child keeps its own copy
        return subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=log, stderr=log,
                                start_new_session=True)


def wait_until(process: subprocess.Popen, condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"le run s'est terminé (code {process.returncode}) avant : {what}")
        if time.monotonic() > deadline:
            kill(process)
            raise AssertionError(f"délai dépassé en attendant : {what}")
        time.sleep(0.05)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL to the run and every process it started (dbt), as the OOM killer or a power cut would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def session_processes(session_id: int) -> list[str]:
    """Processes left in the killed run's session, once the kernel has had a moment to reap them."""
    for _ in range(50):
        found = subprocess.run(["pgrep", "-s", str(session_id), "-a"], capture_output=True, text=True).stdout
        if not found:
            return []
        time.sleep(0.1)
    return found.splitlines()


def run_to_end(home: Home) -> int:
    process = start_run(home)
    try:
        return process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        kill(process)
        raise


def dbt_models_written(home: Home, since: float) -> int:
    """Models dbt has executed since `since` (it writes each one's SQL under target/run as it runs it)."""
    run_folder = home.dbt / "target" / "run"
    if not run_folder.exists():
        return 0
    return sum(1 for path in run_folder.rglob("*.sql") if path.stat().st_mtime > since)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published_file_active(home: Home) -> dict[int, int]:
    with duckdb.connect(str(home.published), read_only=True) as con:
        return dict(con.execute(
            "SELECT annee, sum(file_active)::BIGINT FROM marts.fct_pass_activity GROUP BY 1 ORDER BY 1"
        ).fetchall())


def ledger(home: Home) -> dict:
    """What the working warehouse says it received, read once the writer is gone."""
    with connect(home.warehouse, read_only=True) as con:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "files": {f for (f,) in q("SELECT DISTINCT fichier FROM audit.submissions")},
            "twice": q("SELECT sha256, annee, code_region, count(*) FROM audit.submissions "
                       "GROUP BY ALL HAVING count(*) > 1"),
            "unbalanced": q("SELECT fichier FROM audit.submissions WHERE statut = 'validée' "
                            "AND lignes_lues <> lignes_acceptees + lignes_quarantaine"),
            "pending": q("SELECT fichier FROM audit.submissions WHERE statut = 'reçue'"),
            "raw_rows": q("SELECT count(*) FROM raw.submission_rows")[0][0],
            "rows_read": q("SELECT coalesce(sum(lignes_lues), 0) FROM audit.submissions")[0][0],
            "archived": {a for (a,) in q("SELECT DISTINCT chemin_archive FROM audit.submissions")},
        }


def run_statuses(home: Home) -> list[dg.DagsterRunStatus]:
    instance = dg.DagsterInstance.from_config(str(home.dagster))
    return [run.status for run in instance.get_runs()]


@pytest.fixture(scope="module")
def faults(tmp_path_factory) -> dict:
    """The whole sequence; each test below checks one moment of it."""
    home = Home(tmp_path_factory.mktemp("faults") / "home").create()
    seen: dict = {"home": home}

    # 2020, killed while registering a file.
    seen["files_2020"] = copy_campaign(home, 2020)
    marker = home.root / "arret-prise-en-charge"
    process = start_run(home, STALL_IN_INTAKE, marker)
    wait_until(process, marker.exists, "l'enregistrement du 4e fichier")
    kill(process)
    seen["after_intake_kill"] = ledger(home)
    seen["inbox_after_intake_kill"] = sorted(p.name for p in home.inbox.iterdir())
    seen["rerun_2020"] = run_to_end(home)
    seen["after_2020"] = ledger(home)
    seen["inbox_after_2020"] = sorted(p.name for p in home.inbox.iterdir())
    seen["statuses_after_2020"] = run_statuses(home)
    seen["published_2020"] = (digest(home.published), published_file_active(home))

    # 2021, killed while dbt builds the models.
    seen["files_2021"] = copy_campaign(home, 2021)
    started = time.time()
    process = start_run(home)
    wait_until(process, lambda: dbt_models_written(home, started) >= 5, "dbt a commencé à écrire les modèles")
    kill(process)
    seen["dbt_leftovers"] = session_processes(process.pid)
    seen["published_after_dbt_kill"] = (digest(home.published), published_file_active(home))

    # Then killed with half of the warehouse copied beside the published one.
    marker = home.root / "arret-publication"
    process = start_run(home, STALL_IN_PUBLICATION, marker)
    wait_until(process, marker.exists, "la copie de l'entrepôt publié")
    kill(process)
    seen["staging_after_publication_kill"] = sorted(p.name for p in home.published_dir.glob(".*.tmp"))
    seen["published_after_publication_kill"] = (digest(home.published), published_file_active(home))

    # Then killed once the warehouse is published, while its exports are written.
    marker = home.root / "arret-exports"
    process = start_run(home, STALL_IN_EXPORTS, marker)
    wait_until(process, marker.exists, "l'écriture des exports")
    kill(process)
    seen["exports_after_exports_kill"] = sorted(p.name for p in (home.published_dir / "exports").iterdir())

    seen["rerun_2021"] = run_to_end(home)
    seen["final"] = ledger(home)
    seen["final_published"] = published_file_active(home)
    seen["final_exports"] = sorted(p.name for p in (home.published_dir / "exports").iterdir())
    seen["final_staging"] = sorted(p.name for p in home.published_dir.glob(".*.tmp"))
    seen["final_statuses"] = run_statuses(home)
    return seen


def test_a_kill_during_ingestion_keeps_only_committed_files_and_the_rerun_takes_the_rest(faults):
    killed = faults["after_intake_kill"]
    assert len(killed["files"]) == 3, "the 4th file was inside its transaction: it must be rolled back"
    assert killed["raw_rows"] == killed["rows_read"]
    # The uncommitted file and the ones not reached are still waiting in the inbox.
    assert len(faults["inbox_after_intake_kill"]) == len(faults["files_2020"]) - 3
    assert faults["rerun_2020"] == 0
    after = faults["after_2020"]
    assert after["files"] == set(faults["files_2020"])
    assert faults["inbox_after_2020"] == []
    assert after["twice"] == [] and after["unbalanced"] == [] and after["pending"] == []
    assert all(Path(path).exists() for path in after["archived"])
    # The killed run does not stay "started" forever in the UI: the next run marked it failed.
    assert dg.DagsterRunStatus.STARTED not in faults["statuses_after_2020"]
    assert dg.DagsterRunStatus.FAILURE in faults["statuses_after_2020"]


def test_a_kill_during_dbt_leaves_the_published_warehouse_as_it_was(faults):
    assert faults["dbt_leftovers"] == [], "dbt must not outlive the run that started it"
    assert faults["published_after_dbt_kill"] == faults["published_2020"]
    assert 2021 not in faults["published_after_dbt_kill"][1]


def test_a_kill_during_publication_leaves_the_published_warehouse_whole(faults):
    assert faults["staging_after_publication_kill"], "the kill must have landed during the copy"
    assert faults["published_after_publication_kill"] == faults["published_2020"]


def test_a_kill_during_the_exports_leaves_them_to_the_next_run(faults):
    assert "2021" not in faults["exports_after_exports_kill"]
    assert {"2020", "2021"} <= set(faults["final_exports"])


def test_the_run_after_the_faults_completes_with_every_submission_once(faults):
    assert faults["rerun_2021"] == 0
    final = faults["final"]
    assert final["files"] == set(faults["files_2020"]) | set(faults["files_2021"])
    assert final["twice"] == [] and final["unbalanced"] == [] and final["pending"] == []
    assert final["raw_rows"] == final["rows_read"]
    assert faults["final_published"][2021] == 206562
    assert faults["final_published"][2020] == faults["published_2020"][1][2020]
    assert faults["final_staging"] == [], "the partial copy of the killed publication is cleaned up"
    assert dg.DagsterRunStatus.STARTED not in faults["final_statuses"]


def test_a_file_registered_but_not_yet_archived_is_completed_by_the_next_intake(tmp_path, monkeypatch):
    """The window between the commit and the archive: the sensor still sees the file, the next intake
    archives it without registering it again."""
    home = Home(tmp_path / "home").create()
    name = copy_campaign(home, 2019)[0]
    for other in home.inbox.iterdir():
        if other.name != name:
            other.unlink()

    def killed(*args):
        raise KeyboardInterrupt  # stands for the process dying right after the commit

    def take_in():
        with connect(home.warehouse) as con:
            return intake.take_in(con, home, 50_000_000, set(campaign_years()))

    monkeypatch.setattr(intake, "_settle_archive", killed)
    with pytest.raises(KeyboardInterrupt):
        take_in()
    monkeypatch.undo()
    context = dg.build_sensor_context(resources={"settings": settings_for(home.root)})
    assert [r.job_name for r in inbox_sensor(context).run_requests][:1] == ["intake_job"]
    outcomes = take_in()
    assert [o.status for o in outcomes] == [ReceptionStatus.ALREADY_RECEIVED]
    assert list(home.inbox.iterdir()) == []
    with connect(home.warehouse, read_only=True) as con:
        (archived, count), = con.execute("SELECT any_value(chemin_archive), count(*) FROM audit.submissions "
                                         "WHERE fichier = ?", [name]).fetchall()
    assert count == 1 and Path(archived).exists()
