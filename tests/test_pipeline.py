"""The demo campaign through the whole pipeline: `piramig demo` + `piramig run`, as `make run` does."""

import csv

import dagster as dg
import duckdb

from apps.cli import DEMO_MANIFEST, copy_demo
from piramig.reading.files import read_submission
from piramig.settings import DEMO_DIR

CORRECTED = "ra_pass_2021_28_normandie_correction.csv"
FLAWED = "ra_pass_2021_28_normandie.csv"


def demo_files() -> list[str]:
    with open(DEMO_MANIFEST, encoding="utf-8", newline="") as handle:
        return [row["fichier"] for row in csv.DictReader(handle)]


def test_file_active_2021_in_the_published_warehouse(published):
    assert published.execute("select sum(file_active) from marts.fct_pass_activity where annee = 2021").fetchone() == (
        206562,)


def test_published_warehouse_is_read_only_for_analysts(demo_home):
    mode = demo_home.published.stat().st_mode & 0o777
    assert mode == 0o444


def test_every_demo_file_is_one_submission_per_region_and_year(published):
    rows = published.execute(
        "select fichier, annee, code_region, statut from audit.submissions order by fichier").fetchall()
    assert sorted(r[0] for r in rows) == sorted(demo_files())
    assert {r[3] for r in rows} == {"validée"}
    assert published.execute("select count(*) from audit.current_submissions").fetchone() == (51,)


def test_every_row_read_is_accepted_or_quarantined(published):
    unbalanced = published.execute("""
        select s.submission_id
        from audit.submissions s
        where s.lignes_lues != s.lignes_acceptees + s.lignes_quarantaine
           or s.lignes_lues != (select count(*) from raw.submission_rows r where r.submission_id = s.submission_id)
           or s.lignes_acceptees != (select count(*) from ingest.pass_reports p where p.submission_id = s.submission_id)
           or s.lignes_quarantaine != (select count(*) from validation.quarantine q
                                       where q.submission_id = s.submission_id)
    """).fetchall()
    assert unbalanced == []
    total_read = published.execute("select sum(lignes_lues) from audit.submissions").fetchone()[0]
    lines_in_files = sum(len(read_submission(DEMO_DIR / name).rows) for name in demo_files())
    assert total_read == lines_in_files


def test_the_corrected_resubmission_replaces_the_flawed_one(published):
    current = published.execute(
        "select fichier from audit.current_submissions where annee = 2021 and code_region = '28'").fetchone()
    assert current == (CORRECTED,)
    flawed = published.execute(
        "select lignes_quarantaine from audit.submissions where fichier = ?", [FLAWED]).fetchone()
    assert flawed[0] > 0
    sources = published.execute(
        "select distinct fichier_source from marts.fct_pass_activity where annee = 2021 and code_region = '28'"
    ).fetchall()
    assert sources == [(CORRECTED,)]


def test_clean_demo_files_have_no_rejected_row(published):
    assert published.execute(
        "select fichier, lignes_quarantaine from audit.submissions where fichier != ? and lignes_quarantaine > 0",
        [FLAWED]).fetchall() == []


def test_the_demo_files_mix_what_offices_send():
    tables = {name: read_submission(DEMO_DIR / name) for name in demo_files()}
    csv_styles = {(t.encoding, t.separator) for t in tables.values() if t.format == "csv"}
    assert {"cp1252", "utf-8-sig", "utf-8"} <= {encoding for encoding, _ in csv_styles}
    assert {";", ",", "\t"} <= {separator for _, separator in csv_styles}
    assert {"codes", "libellés"} <= {t.header_style for t in tables.values()}
    xlsx = [t for t in tables.values() if t.format == "xlsx"]
    assert xlsx and any(t.header_line > 1 for t in xlsx)
    assert all(not t.unknown_columns for t in tables.values())


def test_the_runs_are_recorded_in_the_home_dagster_instance(demo_home, published):
    instance = dg.DagsterInstance.from_config(str(demo_home.dagster))
    runs = instance.get_runs()
    jobs = {run.job_name for run in runs}
    assert {"intake_job", "load_job", "build_and_publish_job"} <= jobs
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
    # The 51 partitions load in two runs: 2019-2021 x Guadeloupe..La Réunion, then x Île-de-France..Corse (Mayotte,
    # in between, sent nothing).
    loads = [run for run in runs if run.job_name == "load_job"]
    assert len(loads) == 2
    materialized = instance.get_latest_materialization_event(dg.AssetKey(["published", "warehouse"]))
    assert materialized is not None


def test_the_partition_grid_shows_exactly_the_regions_that_sent_a_file(demo_home, published):
    instance = dg.DagsterInstance.from_config(str(demo_home.dagster))
    sent = {f"{year}|{region}" for year, region in published.execute(
        "select distinct annee, code_region from audit.submissions").fetchall()}
    assert len(sent) == 51
    assert set(instance.get_materialized_partitions(dg.AssetKey(["piramig", "pass_reports"]))) == sent
    # Each partition carries its own figures, not the run's.
    records = instance.fetch_materializations(dg.AssetRecordsFilter(
        asset_key=dg.AssetKey(["piramig", "pass_reports"]), asset_partitions=["2021|28"]), limit=1).records
    metadata = records[0].asset_materialization.metadata
    assert metadata["envois"].value == 2 and metadata["lignes_lues"].value == 29 + 28
    assert metadata["lignes_quarantaine"].value == 9 and metadata["envoi_courant"].value.endswith("-2021-28")


def test_dbt_tests_are_asset_checks_that_ran(demo_home):
    instance = dg.DagsterInstance.from_config(str(demo_home.dagster))
    key = dg.AssetCheckKey(dg.AssetKey(["marts", "fct_indicators"]), "assert_regions_add_up_to_national")
    evaluation = instance.event_log_storage.get_latest_asset_check_execution_by_key([key])[key]
    assert evaluation is not None and evaluation.status.value == "SUCCEEDED"


def test_running_again_with_the_same_files_changes_nothing(demo_run, tmp_path):
    from orchestration.runner import run_once

    _, settings = demo_run
    home = settings.home
    tables = ["audit.submissions", "raw.submission_rows", "ingest.pass_reports", "validation.quarantine"]

    def state():
        with duckdb.connect(str(home.published), read_only=True) as con:
            return {t: con.execute(f"select count(*), sum(hash(x)) from {t} x").fetchone()
                    for t in tables}

    before = state()
    published_before = home.published.stat().st_mtime_ns
    copy_demo(settings)
    summary = run_once(settings)
    assert summary.ok
    assert {f["statut"] for f in summary.files} == {"déjà reçu"} and len(summary.files) == 52
    assert summary.submissions == []
    assert state() == before
    # Nothing changed since the last publication: nothing was rebuilt nor published again.
    assert not summary.published and home.published.stat().st_mtime_ns == published_before
