"""A campaign's life through the real command line and the real pipeline: the 2021 demo files without Corse's,
then approvals, a refused and a forced close, a file received after the close, and a reopening. Every decision the
command line refuses exits 2 with a French message and changes nothing."""

import subprocess
import sys

import duckdb
import pytest

from apps.cli import copy_demo, main
from orchestration.runner import run_once
from piramig.settings import DEMO_DIR, Settings
from tests.builders import drop

pytestmark = pytest.mark.usefixtures("without_syntheses")  # they test other things

LATE = "ra_pass_2021_28_normandie.csv"  # the flawed Normandie file, sent again after the close


def campaign(settings: Settings, *words: str) -> int:
    return main(["campaign", *words, "--home", str(settings.home.root)])


def decisions(settings: Settings) -> tuple[int, int]:
    with duckdb.connect(str(settings.home.warehouse), read_only=True) as con:
        return (con.execute("select count(*) from audit.campaign_decisions").fetchone()[0],
                con.execute("select count(*) from audit.approvals").fetchone()[0])


def published(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.home.published), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Settings:
    settings = Settings.from_environment({}, home=tmp_path_factory.mktemp("campagne") / "home")
    for path in copy_demo(settings, year=2021):
        if "_94_" in path.name:
            path.unlink()  # Corse never answers
    assert run_once(settings).ok
    return settings


def test_an_open_campaign_is_provisional_and_unfunded(home):
    assert published(home, "select statut, regions_attendues, regions_recues from marts.dim_campagnes") == [
        ("en_cours", 17, 16)]
    assert published(home, "select distinct statut_campagne from marts.fct_indicators") == [("provisoire",)]
    assert published(home, """select nb_regions from marts.fct_indicators
                              where niveau = 'national' and indicateur = 'nb_pass'""") == [(16,)]
    assert published(home, "select count(*) from marts.fct_dotation_region") == [(0,)]
    assert published(home, "select statut_region from marts.fct_completude where code_region = '94'") == [
        ("attendu",)]


@pytest.mark.parametrize("words, message", [
    (["approve", "2030", "28", "--by", "Anne"], "Campagne 2030 inconnue"),
    (["approve", "2021", "99", "--by", "Anne"], "Région « 99 » inconnue"),
    (["approve", "2021", "94", "--by", "Anne"], "n'a pas d'envoi validé"),
    (["approve", "2021", "28", "--by", " "], "Indiquez qui"),
    (["reopen", "2021", "--by", "DGOS"], "n'est pas close"),
    (["close", "2021", "--by", "DGOS"], "sans envoi : Corse"),
    (["close", "2019", "--by", "DGOS"], "Campagne 2019 inconnue"),
])
def test_a_refused_decision_exits_2_in_french_and_changes_nothing(home, capsys, words, message):
    before = decisions(home)
    assert campaign(home, *words) == 2
    assert message in capsys.readouterr().err
    assert decisions(home) == before


HOLDER = """
import pathlib, sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("tenu", flush=True)
time.sleep(3)
pathlib.Path(sys.argv[2]).write_text("libéré")
con.close()
"""


def test_a_decision_waits_for_the_run_that_holds_the_warehouse(home, capsys, tmp_path):
    """The working warehouse has one writer: a decision taken while a run writes waits for it, then is judged."""
    released = tmp_path / "libere"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(home.home.warehouse), str(released)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "tenu"
        assert campaign(home, "close", "2030", "--by", "DGOS") == 2
        assert released.exists(), "the decision must wait for the writer to let the warehouse go"
    finally:
        holder.kill()
        holder.wait()
    assert "Campagne 2030 inconnue" in capsys.readouterr().err


def test_a_coordinator_approves_once(home, capsys):
    assert campaign(home, "approve", "2021", "28", "--by", "Anne Martin") == 0
    assert campaign(home, "approve", "2021", "28", "--by", "Anne Martin") == 2
    assert "déjà validé par Anne Martin" in capsys.readouterr().err
    assert decisions(home) == (0, 1)


def test_a_forced_close_funds_the_campaign_and_freezes_it(home, capsys):
    assert campaign(home, "close", "2021", "--by", "DGOS", "--force") == 0
    assert "Régions closes sans données : 94" in capsys.readouterr().out
    assert campaign(home, "close", "2021", "--by", "DGOS", "--force") == 2  # twice
    assert campaign(home, "approve", "2021", "24", "--by", "Paul") == 2  # out of order: the campaign is closed
    assert decisions(home) == (1, 1)
    before = published(home, "select sum(file_active) from marts.fct_pass_activity where code_region = '28'")

    # Received now, after the close (a blank line at its end: other bytes than the file received before).
    drop(home.home.inbox, LATE, (DEMO_DIR / LATE).read_bytes() + b"\n")
    assert run_once(home).ok
    assert published(home, "select statut, close_par, close_de_force from marts.dim_campagnes") == [
        ("close", "DGOS", True)]
    assert published(home, "select distinct statut_campagne from marts.fct_indicators") == [("definitif",)]
    assert published(home, "select sum(file_active) from marts.fct_pass_activity where code_region = '28'") == before
    assert published(home, f"""select est_courant from marts.fct_submission_history where fichier = '{LATE}'
                               order by valide_du""") == [(False,), (False,)]  # kept in history, not current
    statuses = dict(published(home, "select code_region, statut_region from marts.fct_completude"))
    assert statuses["28"] == "valide_coordination" and statuses["94"] == "attendu"
    assert published(home, "select scenario, sum(montant) from marts.fct_dotation_region group by 1 order by 1") == [
        (s, 89_000_000) for s in ("cahier_des_charges_2022", "plancher_50k", "precarite", "reference")]
    assert published(home, "select count(*) from marts.fct_dotation_region where code_region = '94'") == [(0,)]


def test_a_reopened_campaign_follows_the_latest_files_again(home, capsys):
    assert campaign(home, "reopen", "2021", "--by", "DGOS") == 0
    assert run_once(home).ok
    assert published(home, "select statut from marts.dim_campagnes") == [("en_cours",)]
    assert published(home, "select count(*) from marts.fct_dotation_region") == [(0,)]
    # The late file is Normandie's current submission now; its approval was of the earlier one.
    assert published(home, """select statut_region, submission_id like '%-2021-28' from marts.fct_completude
                              where code_region = '28'""") == [("en_anomalie", True)]
    capsys.readouterr()
    assert campaign(home, "status", "2021") == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Campagne 2021 : en cours ; date limite 31/03/2022 ; 16 région(s) reçue(s) sur 17")
    assert "Corse (94)" in printed and "Normandie (28)" in printed and "en anomalie" in printed
