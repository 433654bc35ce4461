"""A new campaign arrives on top of the demo: the first 2022 files of five regions (tools.demo.new_year), one of
them with a broken row. They are published as provisional, with their completeness, and the closed 2019 to 2021
campaigns keep every figure and every euro."""

import csv
import shutil

import docx
import duckdb
import pytest

from orchestration.runner import run_once
from piramig.publishing.syntheses import NATIONAL_PERIMETER, syntheses_root
from piramig.settings import Home
from tests.conftest import settings_for
from tools.demo.new_year import BROKEN_REGION, FIRST_REGIONS, NEW_YEAR, write_new_year

CLOSED = "annee < 2022"
# Every table of the closed campaigns that the new year must leave as it was.
FROZEN = {
    "fct_indicators": "select * from marts.fct_indicators where {closed} order by all",
    "fct_pass_activity": "select * from marts.fct_pass_activity where {closed} order by all",
    "fct_dotation_pass": "select * from marts.fct_dotation_pass order by all",
    "fct_dotation_region": "select * from marts.fct_dotation_region order by all",
    "tableau_file_active_region": """select * from marts.tableau_file_active_region where "Année" < 2022
                                     order by all""",
    "dim_campagnes": "select * from marts.dim_campagnes where {closed} order by all",
}


def read(path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def new_year(demo_home, tmp_path_factory) -> dict:
    home = Home(tmp_path_factory.mktemp("nouvelle_annee") / "home").create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    shutil.copyfile(demo_home.published, home.published)
    before = {name: read(home.published, sql.format(closed=CLOSED)) for name, sql in FROZEN.items()}
    files = write_new_year(home.inbox)
    summary = run_once(settings_for(home.root))
    return {"home": home, "before": before, "files": files, "summary": summary}


def test_the_new_files_publish(new_year):
    assert new_year["summary"].ok, new_year["summary"].failures
    assert new_year["summary"].published
    assert len(new_year["files"]) == len(FIRST_REGIONS)


def test_the_closed_campaigns_keep_every_figure_and_every_euro(new_year):
    home = new_year["home"]
    for name, sql in FROZEN.items():
        assert read(home.published, sql.format(closed=CLOSED)) == new_year["before"][name], name
        assert new_year["before"][name], f"{name} : rien à comparer"


def test_the_new_campaign_is_provisional_with_its_completeness(new_year):
    home = new_year["home"]
    (statut, received, expected, pass_expected, pass_received, missing, reference), = read(
        home.published, """select statut, regions_recues, regions_attendues, pass_attendues, pass_recues,
                                  pass_manquantes, annee_reference from marts.dim_campagnes where annee = ?""",
        [NEW_YEAR])
    assert (statut, received, expected, reference) == ("en_cours", len(FIRST_REGIONS), 17, 2021)
    assert pass_expected == read(home.published, "select count(*) from marts.fct_pass_activity where annee = ?",
                                 [NEW_YEAR - 1])[0][0]
    assert pass_received == read(home.published, "select count(*) from marts.fct_pass_activity where annee = ?",
                                 [NEW_YEAR])[0][0]
    # Normandie's broken row is in quarantine: one of its PASS is missing, and the region is en_anomalie.
    assert missing == pass_expected - pass_received
    listed = read(home.published, """select code_region, finess_et, raison_sociale from marts.fct_completude_pass
                                     where annee = ? and statut_pass = 'manquante'""", [NEW_YEAR])
    assert len(listed) == missing and all(finess and name for _, finess, name in listed)
    assert sum(1 for region, *_ in listed if region == BROKEN_REGION) == 1
    states = dict(read(home.published, "select code_region, statut_region from marts.fct_completude where annee = ?",
                       [NEW_YEAR]))
    assert states[BROKEN_REGION] == "en_anomalie" and states["94"] == "attendu"
    assert {states[r] for r in FIRST_REGIONS if r != BROKEN_REGION} == {"recu"}

    assert read(home.published, "select distinct statut_campagne from marts.fct_indicators where annee = ?",
                [NEW_YEAR]) == [("provisoire",)]
    assert read(home.published, """select distinct nb_regions from marts.fct_indicators
                                   where annee = ? and niveau = 'national'""", [NEW_YEAR]) == [(len(FIRST_REGIONS),)]
    assert read(home.published, """select distinct "Statut" from marts.tableau_file_active_region
                                   where "Année" = ?""", [NEW_YEAR]) == [("provisoire",)]
    assert read(home.published, """select distinct "Statut" from marts.tableau_file_active_region
                                   where "Année" < ?""", [NEW_YEAR]) == [("définitif",)]
    columns = [c for (c,) in read(home.published, """select column_name from information_schema.columns
                                                      where table_name = 'tableau_taux_remplissage'""")]
    assert f"{NEW_YEAR} (provisoire)" in columns and "2021" in columns


def test_an_open_campaign_is_not_funded_and_the_report_says_why(new_year):
    home = new_year["home"]
    assert read(home.published, "select count(*) from marts.fct_dotation_pass where annee = ?", [NEW_YEAR]) == [(0,)]
    page = (home.reports / "dotation" / "reference" / f"{NEW_YEAR}.html").read_text(encoding="utf-8")
    assert f"Campagne {NEW_YEAR} en cours" in page and f"{len(FIRST_REGIONS)} région(s) reçue(s) sur 17" in page


def test_the_exports_of_an_open_campaign_say_provisional_and_leave_national_totals_out(new_year):
    exports = new_year["home"].published_dir / "exports"
    assert "PROVISOIRES" in (exports / str(NEW_YEAR) / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "définitifs" in (exports / "2021" / "LISEZMOI.txt").read_text(encoding="utf-8")

    def regions_of(year) -> list[str]:
        path = exports / str(year) / "donnees_ouvertes" / "file_active.csv"
        with open(path, encoding="utf-8-sig") as handle:
            return [row[0] for row in csv.reader(handle, delimiter=";")][1:]

    assert "Total national" not in regions_of(NEW_YEAR) and len(regions_of(NEW_YEAR)) >= len(FIRST_REGIONS)
    assert regions_of(2021)[-1] == "Total national"


def test_the_new_campaign_has_provisional_syntheses(new_year):
    """The latest campaign's syntheses are written at its first publication: provisional, its missing PASS named,
    no funding, and in the open-data variant no national total while the campaign is open."""
    home = new_year["home"]
    folder = syntheses_root(home.published_dir) / str(NEW_YEAR)
    assert sorted(path.stem for path in folder.glob("*.pdf")) == sorted([*FIRST_REGIONS, NATIONAL_PERIMETER])
    normandie = document_text(folder / f"{BROKEN_REGION}.docx")
    assert "Chiffres provisoires" in normandie and "la dotation n'est calculée qu'une fois" in normandie
    [(missing,)] = read(home.published, """select raison_sociale from marts.fct_completude_pass
                                           where annee = ? and code_region = ? and statut_pass = 'manquante'""",
                        [NEW_YEAR, BROKEN_REGION])
    assert "PASS attendues sans rapport" in normandie and missing in normandie
    [table] = [t for t in docx.Document(str(folder / "donnees_ouvertes" / "national.docx")).tables
               if t.rows[0].cells[0].text == "Indicateur"][:1]
    national = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert national["File active"] == "s" and national["Nombre de PASS"] != "s"


def document_text(path) -> str:
    document = docx.Document(str(path))
    return "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
