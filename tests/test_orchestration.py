"""One road: the decision of pending work, the ranges of partitions a run loads, and a resubmission that
rebuilds only what a new submission affects, through the code location's own jobs."""

import datetime as dt
import shutil

import dagster as dg
import duckdb
import hypothesis.strategies as st
import pytest
from hypothesis import given

from apps.cli import main
from orchestration.definitions import build_definitions
from orchestration.defs.publishing.jobs import publication_selection
from orchestration.lib.partitions import load_ranges, range_tags, submission_partitions, year_and_region
from orchestration.lib.runs import SCOPE_TAG
from orchestration.runner import dagster_instance, run_once
from piramig.contract.reference import campaign_years, region_codes
from piramig.settings import DEMO_DIR
from piramig.vocabulary import SubmissionStatus
from piramig.warehouse.intake import take_in
from piramig.warehouse.pending import BuildScope, current_work, record_publication
from piramig.warehouse.schema import connect
from piramig.warehouse.transform import fingerprint
from tests.builders import drop, regional_file
from tests.conftest import settings_for

pytestmark = pytest.mark.usefixtures("without_syntheses")  # they test other things

partitions = st.sets(st.tuples(st.sampled_from(campaign_years()), st.sampled_from(region_codes())), min_size=1)


@given(partitions)
def test_load_ranges_cover_exactly_the_partitions_oldest_year_first(wanted):
    seen = []
    for first, last in load_ranges(sorted(wanted)):
        keys = submission_partitions.get_partition_keys_in_range(dg.PartitionKeyRange(first, last))
        seen.append([year_and_region(key) for key in keys])
    flat = [key for run in seen for key in run]
    assert sorted(flat) == sorted(wanted)  # every partition once, no partition without work
    position = {key: index for index, run in enumerate(seen) for key in run}
    assert all(position[(year - 1, region)] <= position[(year, region)]
               for year, region in wanted if (year - 1, region) in wanted)


def test_the_demo_campaign_loads_in_two_ranges():
    demo = [(year, region) for year in (2019, 2020, 2021) for region in region_codes() if region != "06"]
    assert load_ranges(demo) == [("2019|01", "2021|04"), ("2019|11", "2021|94")]


def test_dagster_runs_exactly_the_partitions_of_the_range_tags(tmp_path):
    """The range tags are how a single run covers several partitions: this fails if Dagster stops honouring
    them (they are run tags, not a keyword of execute_in_process)."""
    settings = settings_for(tmp_path / "home")
    for region in ("11", "24"):
        drop(settings.home.inbox, f"{region}.csv", regional_file(2021, region, 2))
    with connect(settings.home.warehouse) as con:
        take_in(con, settings.home, settings.max_file_bytes, set(campaign_years()))
    instance = dagster_instance(settings.home)
    result = build_definitions(settings).resolve_job_def("load_job").execute_in_process(
        instance=instance, tags=range_tags("2021|11", "2021|24"))
    assert result.success
    key = dg.AssetKey(["piramig", "pass_reports"])
    assert set(instance.get_materialized_partitions(key)) == {"2021|11", "2021|24"}
    [run] = instance.get_runs()
    assert run.tags["dagster/asset_partition_range_start"] == "2021|11"


def test_the_decision_follows_a_file_from_the_inbox_to_the_publication(tmp_path):
    settings = settings_for(tmp_path / "home")
    assert current_work(settings, read_only=True).nothing
    drop(settings.home.inbox, "normandie.csv", regional_file(2021, "28", 3))
    work = current_work(settings, read_only=True)
    assert [f.path.name for f in work.files] == ["normandie.csv"] and work.partitions == ()
    with connect(settings.home.warehouse) as con:
        take_in(con, settings.home, settings.max_file_bytes, set(campaign_years()))
    work = current_work(settings)
    assert work.files == () and work.partitions == ((2021, "28"),) and len(work.waiting) == 1
    assert work.build == BuildScope.FULL  # nothing was ever published
    published_at = dt.datetime.now() + dt.timedelta(minutes=1)
    with connect(settings.home.warehouse) as con:
        con.execute("UPDATE audit.submissions SET statut = ?, valide_le = ?", [SubmissionStatus.VALIDATED,
                                                                               dt.datetime.now()])
        record_publication(con, published_at, fingerprint(), BuildScope.FULL)
    assert current_work(settings).nothing
    with connect(settings.home.warehouse) as con:  # a submission validated after the build started
        con.execute("UPDATE audit.submissions SET valide_le = ?", [published_at + dt.timedelta(seconds=1)])
    assert current_work(settings).build == BuildScope.DATA
    with connect(settings.home.warehouse) as con:
        con.execute("UPDATE audit.publications SET empreinte_projet = 'un autre projet'")
    assert current_work(settings).build == BuildScope.FULL


def test_a_data_change_rebuilds_the_tables_that_read_the_submissions_and_nothing_else():
    keys, checks = publication_selection(BuildScope.DATA)
    names = {key.to_user_string() for key in keys}
    assert {"marts/fct_pass_activity", "marts/fct_indicators", "marts/fct_dotation_region",
            "marts/tableau_taux_remplissage", "published/warehouse", "published/exports"} <= names
    # Seeds and what reads only them stay as built; views read the new data as they are.
    assert not names & {"reference/regions", "reference/dotation_scenarios", "marts/dim_regions",
                        "marts/dim_indicators", "staging/stg_piramig__pass_reports",
                        "intermediate/int_pass_years_filtered_to_current", "marts/tableau_file_active_region"}
    assert {check.asset_key for check in checks} <= set(keys) and len(checks) > 20
    assert publication_selection(BuildScope.FULL) == (None, None)


@pytest.fixture
def campaign_home(demo_home, tmp_path):
    """A home holding the published demo campaign: its warehouses, its exports, its history of publications."""
    settings = settings_for(tmp_path / "home")
    home = settings.home.create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    shutil.copyfile(demo_home.published, home.published)
    return settings


def test_a_resubmission_is_published_after_a_partial_rebuild(campaign_home, demo_home):
    settings = campaign_home
    shutil.copytree(demo_home.published_dir / "exports", settings.home.published_dir / "exports", symlinks=True)
    for generation in demo_home.published_dir.glob("exports-*"):
        shutil.copytree(generation, settings.home.published_dir / generation.name)
    exported = settings.home.published_dir / "exports"
    before = {year: (exported / year / "fct_indicators.csv").stat().st_ino for year in ("2019", "2021")}
    # The same rows, one blank line more: another file for the intake, the same figures for the warehouse.
    corrected = (DEMO_DIR / "ra_pass_2021_28_normandie_correction.csv").read_bytes() + b"\r\n"
    drop(settings.home.inbox, "normandie_renvoi.csv", corrected)
    assert current_work(settings).build is None  # the copy's last publication is current
    # The demo's 2021 campaign is closed: reopened, it follows the latest file again.
    assert main(["campaign", "reopen", "2021", "--by", "DGOS", "--home", str(settings.home.root)]) == 0
    summary = run_once(settings)
    assert summary.ok and summary.published, summary.failures
    # The partition's history is validated again with it (a rule change applies to every submission).
    current = {s["fichier"]: s["courant"] for s in summary.submissions}
    assert current == {"ra_pass_2021_28_normandie.csv": False, "ra_pass_2021_28_normandie_correction.csv": False,
                       "normandie_renvoi.csv": True}
    instance = dg.DagsterInstance.from_config(str(settings.home.dagster))
    [build] = [run for run in instance.get_runs() if run.job_name == "build_and_publish_job"]
    assert build.tags[SCOPE_TAG] == BuildScope.DATA
    built = {key.to_user_string() for key in build.asset_selection}
    assert "marts/fct_indicators" in built and "marts/dim_regions" not in built
    with duckdb.connect(str(settings.home.published), read_only=True) as con:
        assert con.execute("select fichier_source, sum(file_active) from marts.fct_pass_activity where annee = 2021 "
                           "and code_region = '28' group by 1").fetchall() == [("normandie_renvoi.csv", 9346)]
        assert con.execute("select sum(file_active) from marts.fct_pass_activity where annee = 2021").fetchone() == (
            206562,)
    assert current_work(settings).nothing
    # The exports of the years the resubmission cannot reach are the previous files, not written again.
    after = {year: (exported / year / "fct_indicators.csv").stat().st_ino for year in ("2019", "2021")}
    assert after["2019"] == before["2019"] and after["2021"] != before["2021"]
    assert "normandie_renvoi.csv" in (exported / "2021" / "fct_pass_activity.csv").read_text(encoding="utf-8-sig")
