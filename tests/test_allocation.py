"""The funding allocation model: the scenarios on the demo campaign, its invariants as dbt tests, a test of
those tests (they fail when the rounding or the eligibility code is broken), and parameters that change only
what depends on them. dbt runs for real, on copies of the demo warehouse."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from piramig.settings import REPO_ROOT, Home

DBT = str(Path(sys.executable).with_name("dbt"))
INVARIANTS = ["assert_dotation_regions_add_up_to_envelope", "assert_dotation_pass_add_up_to_their_region",
              "assert_dotation_eligibility_is_respected", "assert_dotation_no_negative_amount",
              "assert_dotation_more_activity_never_means_less_money", "assert_dotation_bounds_hold"]


def test_the_scenarios_are_published_for_every_year(published):
    rows = published.execute("""select annee, count(distinct scenario), sum(montant) / count(distinct scenario)
                                from marts.fct_dotation_region group by annee order by annee""").fetchall()
    assert rows == [(2019, 4, 89_000_000), (2020, 4, 89_000_000), (2021, 4, 89_000_000)]
    compared = published.execute("""select count(*) from marts.comparaison_scenarios
                                    where scenario = 'reference' and ecart_reference != 0""").fetchall()
    assert compared == [(0,)]


def test_amounts_are_whole_euros(published):
    types = dict(published.execute(
        """select table_name || '.' || column_name, data_type from information_schema.columns
           where table_schema = 'marts' and table_name like 'fct_dotation_%' and column_name like 'montant%'
              or column_name = 'dont_frais_structure'""").fetchall())
    assert types and set(types.values()) == {"BIGINT"}, types


def test_the_floor_scenario_gives_every_eligible_generalist_50000_euros(published):
    [(lowest, count)] = published.execute(
        """select min(montant_total), count(*) from marts.fct_dotation_pass
           where scenario = 'plancher_50k' and eligible and type_pass = 'generaliste'""").fetchall()
    assert count > 300 and lowest >= 50_000


def test_the_invariants_ran_as_dagster_asset_checks(demo_home):
    instance = dg.DagsterInstance.from_config(str(demo_home.dagster))
    pass_key, region_key = dg.AssetKey(["marts", "fct_dotation_pass"]), dg.AssetKey(["marts", "fct_dotation_region"])
    keys = [dg.AssetCheckKey(pass_key, "assert_dotation_pass_add_up_to_their_region"),
            dg.AssetCheckKey(region_key, "assert_dotation_bounds_hold")]
    evaluations = instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    assert {evaluations[k].status.value for k in keys} == {"SUCCEEDED"}


def test_every_region_and_pass_amount_is_explained_in_french(published, demo_home):
    missing = published.execute("""select count(*) from marts.fct_dotation_pass where explication is null
                                   union all select count(*) from marts.fct_dotation_region where explication is null
                                   """).fetchall()
    assert missing == [(0,), (0,)]
    report = (demo_home.reports / "dotation" / "reference" / "2021.html").read_text(encoding="utf-8")
    assert "Pourquoi" in report and "frais de structure" in report


@pytest.fixture
def sandbox(demo_home, tmp_path):
    """A copy of the dbt project (sharing seeds and contract) and of the demo warehouse, to break at will."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "dbt_project", repo / "dbt_project",
                    ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    for shared in ("seeds", "contract"):
        (repo / shared).symlink_to(REPO_ROOT / shared)
    home = Home(tmp_path / "home").create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    return repo / "dbt_project", home


def dbt(project: Path, home: Home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIRAMIG_HOME": str(home.root), "DBT_LOG_PATH": str(home.dbt),
           "DBT_TARGET_PATH": str(home.dbt / "target")}
    return subprocess.run([DBT, *args, "--project-dir", str(project), "--profiles-dir", str(project)],
                          env=env, capture_output=True, text=True)


def failing_tests(result: subprocess.CompletedProcess) -> set[str]:
    failed = [line for line in result.stdout.splitlines() if " FAIL " in line]
    return {name for name in INVARIANTS if any(name in line for line in failed)}


@pytest.mark.parametrize(
    ("model", "working", "broken", "caught_by"),
    [("marts/dotation/fct_dotation_pass.sql",
      "case when eligible and rang <= euros_restants then 1 else 0 end", "0",
      "assert_dotation_pass_add_up_to_their_region"),
     ("intermediate/dotation/int_pass_dotations_weighted.sql",
      "case when p.motif_ineligibilite is null then p.socle_du_type * pools.coefficient_socle else 0 end",
      "p.socle_du_type * pools.coefficient_socle",
      "assert_dotation_eligibility_is_respected")],
    ids=["rounding", "eligibility"],
)
def test_the_invariant_tests_fail_when_the_model_is_broken(sandbox, model, working, broken, caught_by):
    project, home = sandbox
    path = project / "models" / model
    assert dbt(project, home, "build", "--select", "tag:dotation").returncode == 0  # the real code passes
    source = path.read_text(encoding="utf-8")
    assert working in source
    path.write_text(source.replace(working, broken), encoding="utf-8")
    result = dbt(project, home, "build", "--select", "tag:dotation")
    assert result.returncode != 0
    assert caught_by in failing_tests(result), result.stdout[-3000:]


def test_a_parameter_changes_only_what_depends_on_it(sandbox):
    project, home = sandbox
    with duckdb.connect(str(home.warehouse)) as con:
        for variant, change in (("frais_20", "taux_frais_structure = 0.20"),
                                ("poids_precarite", "poids_file_active = 0.1, poids_allophones = 0.5"),
                                ("remplissage_95", "taux_remplissage_min = 95")):
            con.execute(f"""insert into reference.dotation_scenarios
                            select * replace ('{variant}' as scenario, false as est_scenario_de_reference)
                            from reference.dotation_scenarios where scenario = 'reference'""")
            con.execute(f"update reference.dotation_scenarios set {change} where scenario = '{variant}'")
    result = dbt(project, home, "run", "--select", "tag:dotation")
    assert result.returncode == 0, result.stdout[-3000:]

    def compare(variant: str, column: str) -> int:
        """How many PASS-years differ from the reference on `column`."""
        with duckdb.connect(str(home.warehouse), read_only=True) as con:
            return con.execute(f"""select count(*) from marts.fct_dotation_pass v
                                   join marts.fct_dotation_pass r using (annee, finess_et, type_pass)
                                   where v.scenario = '{variant}' and r.scenario = 'reference'
                                     and v.{column} is distinct from r.{column}""").fetchall()[0][0]

    assert compare("frais_20", "dont_frais_structure") > 1000
    assert [compare("frais_20", c) for c in ("montant_total", "eligible", "montant_socle")] == [0, 0, 0]
    assert compare("poids_precarite", "montant_total") > 1000
    assert [compare("poids_precarite", c) for c in ("eligible", "montant_socle")] == [0, 0]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        newly_ineligible = con.execute(
            """select count(*), count(*) filter (where p.taux_remplissage >= 95)
               from marts.fct_dotation_pass v join marts.fct_pass_activity p using (annee, finess_et, type_pass)
               join marts.fct_dotation_pass r using (annee, finess_et, type_pass)
               where v.scenario = 'remplissage_95' and r.scenario = 'reference' and v.eligible != r.eligible"""
        ).fetchall()[0]
    assert newly_ineligible[0] > 0 and newly_ineligible[1] == 0  # only PASS under the new threshold drop out
