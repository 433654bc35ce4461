"""The bad-input corpus (tests/corpus.py) in one real run, beside a good file: the run does not crash, each
bad file or row is refused with a reason that names it, the good file goes through, and every row read is
accepted or quarantined. Then a property: generated rows, valid or broken, always add up."""

import datetime as dt

import duckdb
import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.utils import get_column_letter

from apps.cli import print_summary
from orchestration.runner import run_once
from piramig.contract.dictionary import field_codes
from piramig.settings import DEMO_DIR, Settings
from piramig.validation.rules import rule as rule_of
from piramig.validation.submission import validate_submission
from piramig.vocabulary import SubmissionStatus
from tests.builders import drop, pass_row
from tests.corpus import CASES, Case

GOOD = "ra_pass_2021_28_normandie_correction.csv"


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    # A limit of 1 MB, so that the corpus's oversized file is small enough to write.
    settings = Settings.from_environment({"PIRAMIG_MAX_FILE_MB": "1"}, home=tmp_path_factory.mktemp("corpus") / "home")
    home = settings.home.create()
    received = dt.datetime(2022, 3, 1).timestamp()
    for index, case in enumerate(CASES):
        drop(home.inbox, case.name, case.data(), mtime=received + index)
    drop(home.inbox, GOOD, (DEMO_DIR / GOOD).read_bytes(), mtime=received + len(CASES))
    summary = run_once(settings)
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        submissions = con.execute("select * from audit.submissions").df()
        anomalies = con.execute("""select s.fichier, a.ligne, a.regle, a.colonne, a.severite from validation.anomalies a
                                   join audit.submissions s using (submission_id)""").df()
        quarantine = con.execute("""select s.fichier, q.ligne, q.regles, q.motifs from validation.quarantine q
                                    join audit.submissions s using (submission_id)""").df()
    return summary, home, submissions, anomalies, quarantine


def test_the_corpus_has_forty_cases_or_more():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def test_the_run_does_not_crash_and_the_good_file_goes_through(corpus_run):
    summary, home, submissions, *_ = corpus_run
    assert summary.ok, summary.failures
    assert not any(home.inbox.iterdir())  # every file taken in: nothing left behind, nothing lost
    with duckdb.connect(str(home.published), read_only=True) as con:
        assert con.execute("""select count(*), sum(file_active) from marts.fct_pass_activity
                              where annee = 2021 and code_region = '28'""").fetchall() == [(28, 9346)]


def test_no_report_carries_a_live_formula(corpus_run):
    """The corpus's hostile cells (=SUM(...) typed by a PASS) reach the reports as text, never as formulas."""
    import openpyxl

    _, home, *_ = corpus_run
    reports = sorted(home.reports.rglob("*.xlsx"))
    assert len(reports) > 20
    cells = [cell for path in reports for sheet in openpyxl.load_workbook(path).worksheets
             for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'=SUM(A1:A3)" in {cell.value for cell in cells}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_input_gets_its_reason(corpus_run, case: Case):
    _, _, submissions, anomalies, quarantine = corpus_run
    mine = submissions[submissions["fichier"] == case.name]
    assert len(mine) >= 1, f"{case.name} was not registered"
    if case.refused:
        [row] = mine.to_dict("records")
        assert row["statut"] == "rejetée" and case.refused in row["motif"] and "\n" not in row["motif"]
        return
    assert set(mine["statut"]) == {"validée"}
    assert (mine["lignes_lues"] == mine["lignes_acceptees"] + mine["lignes_quarantaine"]).all()
    mine_quarantined = quarantine[quarantine["fichier"] == case.name]
    assert sorted(mine_quarantined["ligne"]) == sorted(case.quarantined)
    found = anomalies[anomalies["fichier"] == case.name]
    for line, (rule, column) in {**case.quarantined, **case.flagged}.items():
        at_line = found[(found["ligne"].isna() if line is None else found["ligne"] == line) & (found["regle"] == rule)]
        assert len(at_line), f"line {line}: {rule} expected, found {found[found['ligne'] == line]['regle'].tolist()}"
        if column is not None:
            assert column in set(at_line["colonne"])
    for reasons in mine_quarantined["motifs"]:
        assert reasons  # a quarantined row always says why


@pytest.mark.parametrize("case", [c for c in CASES if c.values], ids=[c.name for c in CASES if c.values])
def test_the_number_cases_store_the_values_they_promise(corpus_run, case: Case):
    _, home, *_ = corpus_run
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        for (line, column), expected in case.values.items():
            stored = con.execute(f"""select r."{column}" from ingest.pass_reports r join audit.submissions s
                                     using (submission_id) where s.fichier = ? and r.ligne = ?""",
                                 [case.name, line]).fetchall()
            assert stored == [(pytest.approx(expected),)], (line, column, stored)


def test_unknown_columns_and_mixed_encodings_are_reported_not_lost(corpus_run):
    _, _, submissions, anomalies, _ = corpus_run
    unknown = submissions[submissions["fichier"] == "colonnes_inconnues.csv"].iloc[0]
    assert list(unknown["colonnes_inconnues"]) == ["commentaire libre"]
    assert "colonne_hors_contrat" in set(anomalies[anomalies["fichier"] == "colonnes_inconnues.csv"]["regle"])
    # Two columns under one header kept apart, and the one without a header reported by its letter.
    letter = get_column_letter(len(field_codes()) + 3)
    twins = submissions[submissions["fichier"] == "colonnes_homonymes_et_sans_entete.csv"].iloc[0]
    assert list(twins["colonnes_inconnues"])[:2] == ["commentaire", "commentaire (2)"]
    assert list(twins["colonnes_inconnues"])[2] == f"colonne {letter} sans en-tête"
    assert len(twins["colonnes_inconnues"]) == 3
    reported = anomalies[(anomalies["fichier"] == "colonnes_homonymes_et_sans_entete.csv")
                         & (anomalies["regle"] == "colonne_hors_contrat")]
    assert len(reported) == 3
    mixed = submissions[submissions["fichier"] == "encodages_melanges.csv"].iloc[0]
    assert mixed["encodage"].startswith("mixte")


# ---------------------------------------------------------------- property: accounting and valid rows

BREAKS = {
    "file_active": st.sampled_from(["douze", "-5", "12,5", "1e3", "99999999999"]),
    "nouveaux_patients": st.just("100000"),
    "finess_et": st.sampled_from(["12345", "140000010", "750803448"]),
    "type_pass": st.sampled_from(["pédiatrique", "", "PASS"]),
    "uf_dediee": st.sampled_from(["peut-être", "2"]),
    "etp_medecin": st.sampled_from(["51", "-1", "beaucoup"]),
    "nb_femmes_suivi_grossesse": st.just("1000"),
    "annee": st.sampled_from(["", "vingt"]),
}


@st.composite
def submissions_with_breaks(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    records, broken = [], set()
    for serial in range(1, count + 1):
        record = pass_row(2021, "28", serial, file_active=draw(st.integers(400, 5000)),
                          nouveaux_patients=draw(st.integers(0, 400)), etp_medecin=draw(st.sampled_from(
                              ["0", "0,1", "0,25", "1", "2,5", "", "ND"])))
        if draw(st.booleans()):
            column = draw(st.sampled_from(sorted(BREAKS)))
            record[column] = draw(BREAKS[column])
            broken.add(serial + 1)  # its line: the header is line 1
        records.append(record)
    return records, broken


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions_with_breaks())
def test_rows_always_add_up_and_valid_rows_always_pass(generated):
    records, broken = generated
    raw = pd.DataFrame([{"ligne": line, **record} for line, record in enumerate(records, start=2)])
    outcome = validate_submission(raw)
    accepted, quarantined = set(outcome.accepted_rows["ligne"]), set(outcome.quarantined_rows["ligne"])
    assert accepted | quarantined == set(raw["ligne"]) and not accepted & quarantined
    assert quarantined <= broken  # a valid row is never rejected
    assert broken <= quarantined  # and every break here is an error


def test_rows_without_a_readable_year_or_region_are_reported_to_the_coordinator(corpus_run, capsys):
    summary, home, submissions, anomalies, quarantine = corpus_run
    unroutable = submissions[submissions["annee"].isna() & (submissions["statut"] != SubmissionStatus.REJECTED)]
    assert len(unroutable) >= 1  # annee_hors_campagne.csv, among others
    index = (home.reports / "index.html").read_text(encoding="utf-8")
    for s in unroutable.itertuples():
        lines = quarantine[quarantine["fichier"] == s.fichier]["ligne"]
        assert s.lignes_lues == s.lignes_quarantaine == len(lines) > 0, s.fichier
        report = (home.reports / "hors_region" / f"{s.submission_id}.html").read_text(encoding="utf-8")
        assert f"<dt>en quarantaine</dt><dd>{s.lignes_quarantaine}</dd>" in report
        for line in lines:
            assert f"<h3>Ligne {line}" in report, (s.fichier, line)
        assert rule_of("ligne_non_routable").label in report
        assert (home.reports / "hors_region" / f"{s.submission_id}.xlsx").exists()
        assert f"hors_region/{s.submission_id}.html" in index and s.fichier in index
    assert "sans année ni région lisibles" in index.split("</p>")[0]  # the index's first line says so

    print_summary(Settings.from_environment({}, home=home.root), summary)
    printed = capsys.readouterr().out
    for s in unroutable.itertuples():
        assert any(line.startswith("hors région") and s.fichier in line
                   and line.split()[2:5] == [str(s.lignes_lues), "0", str(s.lignes_quarantaine)]
                   for line in printed.splitlines()), printed
