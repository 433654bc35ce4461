"""Intake and loading on real DuckDB files: archive, registry, routing, accounting, idempotence."""

import hashlib

import duckdb
import pytest

from piramig.contract.reference import campaign_years
from piramig.settings import Home
from piramig.vocabulary import ReceptionStatus, SubmissionStatus
from piramig.warehouse import intake
from piramig.warehouse.loading import load
from piramig.warehouse.schema import connect
from tests.builders import drop, pass_row, regional_file, submission_csv

TABLES = ["audit.submissions", "raw.submission_rows", "ingest.pass_reports", "validation.quarantine",
          "validation.anomalies", "validation.check_results"]


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "home").create()


def take_in(home: Home) -> list[intake.Reception]:
    with connect(home.warehouse) as con:
        return intake.take_in(con, home, 50_000_000, set(campaign_years()))


def load_partition(home: Home, year: int, region: str):
    with connect(home.warehouse) as con:
        return load(con, [(year, region)])


def snapshot(home: Home) -> dict[str, list]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


def query(home: Home, sql: str, params=()):
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_raw_file_is_archived_unchanged_under_its_sha256(home):
    data = regional_file(2021, "28", 3)
    drop(home.inbox, "normandie.csv", data)
    [outcome] = take_in(home)
    sha = hashlib.sha256(data).hexdigest()
    archived = home.archive / sha[:2] / f"{sha}.csv"
    assert outcome.sha256 == sha and archived.read_bytes() == data
    assert not any(home.inbox.iterdir())
    assert query(home, "SELECT fichier, sha256, annee, code_region, lignes_lues, statut FROM audit.submissions") == [
        ("normandie.csv", sha, 2021, "28", 3, SubmissionStatus.RECEIVED)]


def test_the_same_file_twice_changes_nothing(home):
    data = regional_file(2021, "28", 3)
    drop(home.inbox, "normandie.csv", data)
    take_in(home)
    load_partition(home, 2021, "28")
    before = snapshot(home)
    archive_before = sorted(home.archive.rglob("*"))
    drop(home.inbox, "normandie (copie).csv", data)
    [outcome] = take_in(home)
    assert outcome.status == ReceptionStatus.ALREADY_RECEIVED
    assert snapshot(home) == before
    assert sorted(home.archive.rglob("*")) == archive_before
    assert not any(home.inbox.iterdir())


def test_an_unreadable_file_is_recorded_with_its_reason_and_the_others_go_through(home):
    drop(home.inbox, "a_junk.csv", b"\x00\x01 not a submission", mtime=1_650_000_000)
    drop(home.inbox, "b_good.csv", regional_file(2021, "11", 2), mtime=1_650_000_100)
    outcomes = take_in(home)
    assert [(o.file_name, o.status) for o in outcomes] == [("a_junk.csv", "rejeté"), ("b_good.csv", "enregistré")]
    assert query(home, "SELECT fichier, statut, motif, annee FROM audit.submissions ORDER BY fichier") == [
        ("a_junk.csv", SubmissionStatus.REJECTED, "fichier binaire : ni CSV ni XLSX", None),
        ("b_good.csv", SubmissionStatus.RECEIVED, None, 2021)]


def test_a_header_only_file_is_rejected(home):
    drop(home.inbox, "vide.csv", submission_csv([]))
    [outcome] = take_in(home)
    assert outcome.status == "rejeté" and "aucune ligne" in outcome.reason


def test_every_row_read_is_accepted_or_quarantined(home):
    rows = [pass_row(2021, "28", i) for i in range(1, 6)]
    rows[1]["file_active"] = "douze"
    rows[3]["nouveaux_patients"] = "900"
    drop(home.inbox, "normandie.csv", submission_csv(rows))
    take_in(home)
    [result] = load_partition(home, 2021, "28")
    assert (result.rows_read, result.accepted, result.quarantined) == (5, 3, 2)
    assert query(home, "SELECT lignes_lues, lignes_acceptees, lignes_quarantaine FROM audit.submissions") == [(5, 3, 2)]
    assert query(home, "SELECT ligne FROM validation.quarantine ORDER BY ligne") == [(3,), (5,)]
    assert query(home, "SELECT count(*) FROM ingest.pass_reports") == [(3,)]


def test_a_stray_row_of_another_region_stays_in_its_file_and_is_quarantined(home):
    rows = [pass_row(2021, "28", i) for i in range(1, 5)] + [pass_row(2021, "84", 9)]
    drop(home.inbox, "normandie.csv", submission_csv(rows))
    [outcome] = take_in(home)
    assert outcome.parts == [(2021, "28", 5)]
    [result] = load_partition(home, 2021, "28")
    assert (result.accepted, result.quarantined) == (4, 1)
    [(rules, reasons)] = query(home, "SELECT regles, motifs FROM validation.quarantine")
    assert rules == ["ligne_hors_fichier", "finess_departement_region"] or rules[0] == "ligne_hors_fichier"
    assert "Normandie" in reasons


def test_a_national_export_is_routed_by_content_not_by_name(home):
    rows = ([pass_row(2021, "28", i) for i in range(1, 4)] + [pass_row(2021, "11", i) for i in range(1, 4)]
            + [pass_row(2021, "84", i) for i in range(1, 3)] + [pass_row(2020, "28", 1)]
            + [pass_row(2021, "28", 5, code_region="99")])
    drop(home.inbox, "export_normandie.csv", submission_csv(rows))
    [outcome] = take_in(home)
    assert sorted(outcome.parts, key=str) == sorted(
        [(2021, "28", 3), (2021, "11", 3), (2021, "84", 2), (2020, "28", 1), (None, None, 1)], key=str)
    # The row of an unknown region cannot reach any partition: it is quarantined at once, with every reason.
    [(rules,)] = query(home, "SELECT regles FROM validation.quarantine")
    assert rules[0] == "ligne_non_routable" and "code_region_invalide" in rules
    assert query(home, "SELECT statut, lignes_quarantaine FROM audit.submissions WHERE annee IS NULL") == [
        (SubmissionStatus.VALIDATED, 1)]
    assert [r.accepted for r in load_partition(home, 2021, "11")] == [3]


def test_a_file_changed_while_it_is_read_stays_in_the_inbox(home, monkeypatch):
    path = drop(home.inbox, "normandie.csv", regional_file(2021, "28", 2))
    real_read = intake.read_submission_bytes

    def read_then_change(data):
        path.write_bytes(regional_file(2021, "28", 3))  # the office saves again meanwhile
        return real_read(data)

    monkeypatch.setattr(intake, "read_submission_bytes", read_then_change)
    [outcome] = take_in(home)
    assert outcome.status == "modifié pendant la lecture"
    assert path.exists() and query(home, "SELECT lignes_lues FROM audit.submissions") == [(2,)]
    monkeypatch.undo()
    [second] = take_in(home)
    assert second.status == "enregistré" and not path.exists()


def test_a_resubmission_becomes_current_and_the_first_stays_in_history(home):
    drop(home.inbox, "v1.csv", regional_file(2021, "28", 3, file_active=400), mtime=1_650_000_000)
    drop(home.inbox, "v2.csv", regional_file(2021, "28", 4, file_active=450), mtime=1_650_000_500)
    take_in(home)
    load_partition(home, 2021, "28")
    assert query(home, "SELECT fichier FROM audit.current_submissions") == [("v2.csv",)]
    assert query(home, "SELECT count(*) FROM audit.submissions WHERE statut = 'validée'") == [(2,)]
    assert query(home, """SELECT sum(file_active) FROM ingest.pass_reports p
                          JOIN audit.current_submissions USING (submission_id)""") == [(1800,)]
