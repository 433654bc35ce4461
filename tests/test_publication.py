"""Scheduled ingestion and publication: the inbox sensor, the schedules, a publication that fails, a reader
during a publication, the exports and their disclosure control."""

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
import zoneinfo

import dagster as dg
import duckdb
import pandas as pd
import pytest

from orchestration.definitions import build_definitions
from orchestration.defs.ingestion.schedules import campaign_revalidation_schedule
from orchestration.defs.ingestion.sensors import inbox_sensor
from orchestration.runner import run_once
from piramig.contract.reference import campaign_years, region_codes
from piramig.publishing.disclosure import suppress
from piramig.publishing.publication import publish_warehouse
from piramig.reporting.spreadsheets import neutralise_formulas, read_french_csv, write_french_csv
from piramig.settings import Home, Settings
from piramig.warehouse.intake import take_in
from piramig.warehouse.loading import load
from piramig.warehouse.schema import connect
from tests.builders import drop, pass_row, regional_file, submission_csv
from tests.conftest import settings_for

pytestmark = pytest.mark.usefixtures("without_syntheses")  # they test other things


def evaluate_sensor(settings: Settings):
    return inbox_sensor(dg.build_sensor_context(resources={"settings": settings}))


def requested(result) -> list[tuple]:
    return [(r.job_name, r.partition_key_range and (r.partition_key_range.start, r.partition_key_range.end))
            for r in result.run_requests]


def intake(settings: Settings) -> None:
    with connect(settings.home.warehouse) as con:
        take_in(con, settings.home, settings.max_file_bytes, set(campaign_years()))


def test_the_sensor_asks_for_the_intake_then_for_the_partitions_the_file_touched(tmp_path):
    settings = settings_for(tmp_path / "home")
    rows = [pass_row(2021, "28", 1), pass_row(2021, "28", 2), pass_row(2021, "11", 1), pass_row(2020, "11", 1)]
    drop(settings.home.inbox, "export.csv", submission_csv(rows))
    first = evaluate_sensor(settings)
    assert requested(first) == [("intake_job", None)]
    assert [r.run_key for r in evaluate_sensor(settings).run_requests] == [r.run_key for r in first.run_requests]
    intake(settings)
    second = evaluate_sensor(settings)
    assert requested(second) == [("load_job", ("2020|11", "2021|11")), ("load_job", ("2021|28", "2021|28"))]
    assert len({r.run_key for r in second.run_requests}) == 2
    with connect(settings.home.warehouse) as con:
        load(con, [(2020, "11"), (2021, "11"), (2021, "28")])
    assert isinstance(evaluate_sensor(settings), dg.SkipReason)


def test_a_copy_of_a_file_already_received_is_only_acknowledged(tmp_path):
    settings = settings_for(tmp_path / "home")
    data = regional_file(2021, "28", 3)
    drop(settings.home.inbox, "normandie.csv", data)
    intake(settings)
    with connect(settings.home.warehouse) as con:
        load(con, [(2021, "28")])
    assert isinstance(evaluate_sensor(settings), dg.SkipReason)
    drop(settings.home.inbox, "normandie - copie.csv", data)
    assert requested(evaluate_sensor(settings)) == [("intake_job", None)]  # to say "déjà reçu" and clear the inbox
    intake(settings)
    assert not any(settings.home.inbox.iterdir())
    assert isinstance(evaluate_sensor(settings), dg.SkipReason)  # no partition to load again
    with duckdb.connect(str(settings.home.warehouse), read_only=True) as con:
        assert con.execute("select fichier, statut from audit.receptions order by traite_le").fetchall() == [
            ("normandie.csv", "enregistré"), ("normandie - copie.csv", "déjà reçu")]


def test_the_sensor_waits_while_a_run_writes_the_warehouse(tmp_path):
    settings = settings_for(tmp_path / "home")
    drop(settings.home.inbox, "normandie.csv", regional_file(2021, "28", 3))
    intake(settings)
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(settings.home.warehouse)!r})
        print("ouvert", flush=True)
        sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ouvert"
        assert "écriture" in evaluate_sensor(settings).skip_message
    finally:
        writer.kill()
        writer.wait()
    assert requested(evaluate_sensor(settings)) == [("load_job", ("2021|28", "2021|28"))]


def test_the_revalidation_schedule_asks_for_every_region_of_the_campaign_in_one_run():
    when = dt.datetime(2026, 11, 23, 5, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    context = dg.build_schedule_context(scheduled_execution_time=when)
    request = campaign_revalidation_schedule(context)
    assert (request.partition_key_range.start, request.partition_key_range.end) == (
        f"2025|{region_codes()[0]}", f"2025|{region_codes()[-1]}")


def test_schedules_and_sensor_ship_turned_off(tmp_path):
    repository = build_definitions(settings_for(tmp_path / "home")).get_repository_def()
    assert {s.name for s in repository.schedule_defs} == {
        "campaign_revalidation_schedule", "nightly_rebuild_schedule", "publication_schedule"}
    assert all(s.default_status == dg.DefaultScheduleStatus.STOPPED for s in repository.schedule_defs)
    assert all(s.default_status == dg.DefaultSensorStatus.STOPPED for s in repository.sensor_defs)


@pytest.fixture
def copy_of_demo_home(demo_home, tmp_path) -> Home:
    """The demo home's warehouses in a home of its own, to break without disturbing the other tests."""
    home = Home(tmp_path / "copie").create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    shutil.copyfile(demo_home.published, home.published)
    return home


def file_active_2021(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select sum(file_active) from marts.fct_pass_activity where annee = 2021").fetchall()[0][0]


def test_a_publication_whose_dbt_tests_fail_leaves_the_previous_warehouse(copy_of_demo_home):
    home = copy_of_demo_home
    before = home.published.read_bytes()
    with duckdb.connect(str(home.warehouse)) as con:
        # A row counted twice in the current data: dbt's key test on the marts must stop the publication.
        con.execute("""insert into ingest.pass_reports select * from ingest.pass_reports
                       where submission_id in (select submission_id from audit.current_submissions) limit 1""")
    summary = run_once(settings_for(home.root), rebuild=True)  # the change bypassed the pipeline: force the build
    assert not summary.ok and not summary.published
    # The summary names the dbt tests that failed, and says in French what each means.
    assert any("publication" in failure and "dbt build en échec" in failure and "fct_pass_activity" in failure
               for failure in summary.failures), summary.failures
    meanings = ["des lignes en double dans fct_pass_activity",
                "Des lignes ont été perdues ou comptées deux fois"]  # a key test, then an invariant of tests/_tests.yml
    assert all(any(meaning in failure for failure in summary.failures) for meaning in meanings), summary.failures
    assert home.published.read_bytes() == before
    assert file_active_2021(home.published) == 206562
    # So does the reports index, for those who never see the console.
    index = (home.reports / "index.html").read_text(encoding="utf-8")
    assert "publication bloquée" in index and all(meaning in index for meaning in meanings)
    assert "assert_every_row_read_is_accepted_or_quarantined" in index

    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("delete from ingest.pass_reports where rowid = (select max(rowid) from ingest.pass_reports)")
    assert run_once(settings_for(home.root), rebuild=True).ok
    index = (home.reports / "index.html").read_text(encoding="utf-8")
    assert "publication bloquée" not in index and "Dernière publication de l'entrepôt" in index


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    query = "select sum(file_active) from marts.fct_pass_activity where annee = 2021"
    print(con.execute(query).fetchall()[0][0], flush=True)
    sys.stdin.readline()  # the publication happens meanwhile
    print(con.execute(query).fetchall()[0][0], flush=True)
""")


def test_a_reader_connected_during_a_publication_keeps_its_answers(copy_of_demo_home):
    home = copy_of_demo_home
    reader = subprocess.Popen([sys.executable, "-c", READER, str(home.published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "206562"
        with duckdb.connect(str(home.warehouse)) as con:
            con.execute("delete from marts.fct_pass_activity where code_region = '28'")
        publish_warehouse(home)
        assert file_active_2021(home.published) == 206562 - 9346  # a new reader sees the new warehouse
        reader.stdin.write("again\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "206562"  # the connected one keeps the one it opened
    finally:
        reader.kill()
        reader.wait()


def test_csv_exports_reopen_with_pandas_to_the_same_values(demo_home):
    exports = demo_home.published_dir / "exports" / "2021"
    reopened = read_french_csv(exports / "fct_indicators.csv")
    with duckdb.connect(str(demo_home.published), read_only=True) as con:
        original = con.execute("select * from marts.fct_indicators where annee = 2021").df()
    assert list(reopened.columns) == list(original.columns)
    key = ["niveau", "code_region", "indicateur"]
    reopened["code_region"] = reopened["code_region"].map(lambda v: None if pd.isna(v) else f"{int(v):02d}")
    merged = original.merge(reopened, on=key, suffixes=("", "_csv"))
    assert len(merged) == len(original)
    for column in ["valeur", "numerateur", "denominateur", "nb_pass_repondants", "evolution_pct"]:
        pd.testing.assert_series_equal(merged[column].astype(float), merged[f"{column}_csv"].astype(float),
                                       check_names=False)
    raw = (exports / "fct_indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]


def test_every_public_table_is_exported_as_parquet(demo_home):
    exports = demo_home.published_dir / "exports" / "2021"
    with duckdb.connect(str(demo_home.published), read_only=True) as con:
        tables = {t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        assert {p.stem for p in exports.glob("*.parquet")} == tables
        rows = con.execute(f"select count(*) from '{exports / 'fct_pass_activity.parquet'}'").fetchall()[0][0]
    assert rows == 438


def test_formulas_are_neutralised_in_csv_cells(tmp_path):
    frame = pd.DataFrame({"raison_sociale": ["=HYPERLINK(\"http://x\")", "+33 1", "-", "@SUM(A1)", "CH Caen"],
                          "valeur": [-3.5, 1.0, 2.0, 3.0, 4.0]})
    write_french_csv(frame, tmp_path / "t.csv")
    reopened = read_french_csv(tmp_path / "t.csv")
    assert list(reopened["raison_sociale"]) == ["'=HYPERLINK(\"http://x\")", "'+33 1", "'-", "'@SUM(A1)", "CH Caen"]
    assert list(reopened["valeur"]) == [-3.5, 1.0, 2.0, 3.0, 4.0]
    assert neutralise_formulas(frame)["valeur"].tolist() == frame["valeur"].tolist()


def constraints_with_one_masked_cell(masked: pd.DataFrame, total_row: str, total_column: str | None) -> list:
    lines = [masked[c] for c in masked.columns]
    if total_column:
        lines += [masked.loc[r] for r in masked.index]
    return [line.name for line in lines if line.isna().sum() == 1]


def test_a_small_count_alone_in_its_row_is_protected_by_secondary_suppression():
    table = pd.DataFrame(
        {"hommes": [120, 4, 300], "femmes": [80, 60, 200], "autre": [15, 30, 25]},
        index=["Bretagne", "Corse", "Normandie"])
    table["total"] = table.sum(axis=1)
    table.loc["national"] = table.sum()
    masked = suppress(table, "national", "total")
    assert pd.isna(masked.at["Corse", "hommes"])  # primary: 4 is between 1 and 10
    assert masked.loc["Corse"].isna().sum() >= 2  # secondary in its row...
    assert masked["hommes"].isna().sum() >= 2  # ...and in its column
    assert constraints_with_one_masked_cell(masked, "national", "total") == []
    assert masked.at["Normandie", "femmes"] == 200  # what needs no protection stays


def test_suppression_leaves_a_table_without_small_counts_untouched():
    table = pd.DataFrame({"file_active": [150, 0, 320]}, index=["Bretagne", "Corse", "Normandie"])
    table.loc["national"] = table.sum()
    pd.testing.assert_frame_equal(suppress(table, "national"), table.astype("Float64"))


def test_open_data_exports_mask_small_counts_but_the_warehouse_keeps_them(demo_home):
    open_data = demo_home.published_dir / "exports" / "2021" / "donnees_ouvertes"
    sexe = read_french_csv(open_data / "repartition_sexe.csv").set_index("region")
    assert not ((sexe >= 1) & (sexe <= 10)).any().any()
    assert constraints_with_one_masked_cell(sexe, "Total national", "patients_renseignes_sexe") == []
    masked = [(region, column) for column in sexe.columns for region in sexe.index if pd.isna(sexe.at[region, column])]
    assert masked  # the demo campaign has small counts to hide
    with duckdb.connect(str(demo_home.published), read_only=True) as con:
        real = dict(con.execute("""select r.nom_region, i.numerateur from marts.fct_indicators i
                                   join marts.dim_regions r using (code_region)
                                   where i.annee = 2021 and i.indicateur = 'pct_sexe_autre_inconnu'""").fetchall())
    hidden = [region for region, column in masked if column == "nb_sexe_autre_inconnu" and region in real]
    assert hidden and all(real[region] is not None for region in hidden)  # the warehouse keeps the real values


def test_the_publication_schedule_publishes_only_when_and_what_changed(copy_of_demo_home):
    from orchestration.defs.publishing.schedules import publication_schedule
    from orchestration.lib.runs import SCOPE_TAG

    settings = settings_for(copy_of_demo_home.root)
    schedule = publication_schedule(settings.publication_cron)
    when = dt.datetime(2026, 11, 23, 6, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))

    def evaluate():
        return schedule(dg.build_schedule_context(scheduled_execution_time=when, resources={"settings": settings}))

    assert isinstance(evaluate(), dg.SkipReason)  # the copy's last publication is current
    with duckdb.connect(str(settings.home.warehouse)) as con:  # a submission validated since
        con.execute("update audit.submissions set valide_le = ? "
                    "where submission_id = (select min(submission_id) from audit.current_submissions)",
                    [dt.datetime.now() + dt.timedelta(hours=1)])
    request = evaluate()
    assert request.tags[SCOPE_TAG] == "données"
    selected = {key.to_user_string() for key in request.asset_selection}
    assert {"marts/fct_indicators", "published/warehouse"} <= selected and "reference/regions" not in selected
    assert request.asset_check_keys and {c.asset_key.to_user_string() for c in request.asset_check_keys} <= selected
