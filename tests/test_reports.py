"""The coordinator's reports: what the flawed demo submission is told, `piramig validate`, and the page as
headless Chromium renders it, offline."""

import csv
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from apps.cli import main
from piramig.settings import DEMO_DIR
from tests.builders import pass_row, submission_csv

FLAWED = "ra_pass_2021_28_normandie.csv"
CHROMIUM = "/usr/bin/chromium"


def first_text_line(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", "", body.strip().split("\n", 1)[0]).strip()


def test_the_flawed_demo_submission_gives_the_errors_it_was_built_with_and_only_those(published):
    with open(DEMO_DIR / "anomalies_attendues.csv", encoding="utf-8", newline="") as handle:
        expected = {(int(r["ligne"]), r["colonne"], r["regle"], r["valeur"]) for r in csv.DictReader(handle)}
    found = set(published.execute(
        """select a.ligne, a.colonne, a.regle, a.valeur from validation.anomalies a
           join audit.submissions s using (submission_id) where s.fichier = ? and a.severite = 'erreur'""",
        [FLAWED]).fetchall())
    assert found == expected
    quarantined = {line for (line,) in published.execute(
        "select ligne from validation.quarantine q join audit.submissions s using (submission_id) where s.fichier = ?",
        [FLAWED]).fetchall()}
    assert quarantined == {line for line, *_ in expected}


def test_reports_of_the_demo_campaign_are_linked_from_one_index(demo_home, published):
    index = (demo_home.reports / "index.html").read_text(encoding="utf-8")
    assert "2021/index.html" in index
    [(sid,)] = published.execute("select submission_id from audit.submissions where fichier = ?", [FLAWED]).fetchall()
    region_page = (demo_home.reports / "2021" / "28" / "index.html").read_text(encoding="utf-8")
    assert f"{sid}.html" in region_page and "remplacé par un envoi plus récent" in region_page
    report = (demo_home.reports / "2021" / "28" / f"{sid}.html").read_text(encoding="utf-8")
    assert first_text_line(report).startswith("Lignes rejetées : 9 ligne(s) sur 29")
    assert "Clé du FINESS fausse" in report and "Que faire" in report


def test_validate_a_clean_file_says_so_in_the_first_line(tmp_path, capsys):
    path = tmp_path / "bretagne_2021.csv"
    path.write_bytes(submission_csv([pass_row(2021, "53", serial) for serial in range(1, 4)]))
    assert main(["validate", str(path), "--out", str(tmp_path / "rapports")]) == 0
    [page] = (tmp_path / "rapports").glob("*.html")
    assert first_text_line(page.read_text(encoding="utf-8")) == "Envoi accepté : 3 ligne(s), aucune anomalie."
    assert "Envoi accepté" in capsys.readouterr().out


def test_validate_a_flawed_file_exits_1_with_a_filterable_workbook(tmp_path):
    shutil.copy(DEMO_DIR / FLAWED, tmp_path / FLAWED)
    assert main(["validate", str(tmp_path / FLAWED), "--out", str(tmp_path)]) == 1
    [workbook_path] = tmp_path.glob("*.xlsx")
    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook["Anomalies"]
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    errors = {(r["ligne"], r["règle"]) for r in rows if r["gravité"] == "erreur"}
    assert (8, "valeur_non_numerique") in errors and len(errors) == 9
    assert all(r["que faire"] for r in rows)


def test_a_report_with_hundreds_of_problems_groups_them_by_rule_and_the_workbook_keeps_every_line(tmp_path):
    rows = [pass_row(2021, "53", serial, file_active="beaucoup", nb_hommes="-1") for serial in range(1, 151)]
    path = tmp_path / "bretagne_2021.csv"
    path.write_bytes(submission_csv(rows))
    assert main(["validate", str(path), "--out", str(tmp_path / "rapports")]) == 1
    [page] = (tmp_path / "rapports").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "Problèmes par règle" in html and "Problèmes par PASS" not in html
    assert "<h3>Ligne" not in html and html.count("ligne 2 (") >= 1
    [workbook] = (tmp_path / "rapports").glob("*.xlsx")
    sheet = openpyxl.load_workbook(workbook)["Anomalies"]
    lines = {row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value is not None}
    assert lines == set(range(2, 152))
    assert sheet.max_row - 1 > 300  # every problem of every line


def test_validate_refuses_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 \x00\x01")
    assert main(["validate", str(path)]) == 1
    assert "illisible" in capsys.readouterr().err


def test_a_report_renders_with_its_styles_and_no_network_request(demo_home):
    if not Path(CHROMIUM).exists():
        # .ci/run installs Debian's chromium and sets PIRAMIG_REQUIRE_CHROMIUM: there, a missing browser fails.
        if os.environ.get("PIRAMIG_REQUIRE_CHROMIUM"):
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    report = next((demo_home.reports / "2021" / "28").glob("*-2021-28.html"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(report.as_uri())
        verdict_style = page.evaluate(
            "(() => { const s = getComputedStyle(document.getElementById('verdict'));"
            " return [s.backgroundColor, s.borderLeftStyle, s.fontWeight]; })()")
        table_border = page.evaluate("getComputedStyle(document.querySelector('td')).borderTopStyle")
        browser.close()
    assert requested == [report.as_uri()]
    assert verdict_style in (["rgb(253, 232, 232)", "solid", "700"], ["rgb(227, 244, 232)", "solid", "700"],
                             ["rgb(255, 244, 214)", "solid", "700"])
    assert table_border == "solid"
