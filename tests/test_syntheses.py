"""The annual syntheses after `piramig demo` + `piramig run`: every region's 2021 synthesis and the national
restitution, as DOCX read back with python-docx and as PDF rendered to an image with pdfium. The figures are
compared with the warehouse's, read here; the national restitution with the webinar's own (seeds/published)."""

import csv
import json
import shutil

import dagster as dg
import docx
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from orchestration.definitions import build_definitions
from orchestration.defs.syntheses.sensors import pending_ranges, syntheses_sensor
from orchestration.lib.keys import SYNTHESES
from orchestration.lib.partitions import range_tags, synthesis_ranges
from piramig.contract.reference import expected_regions, region_name
from piramig.publishing.syntheses import NATIONAL_PERIMETER, syntheses_root
from piramig.publishing.syntheses.batch import write_syntheses
from piramig.publishing.syntheses.charts import STYLES
from piramig.publishing.syntheses.french import NBSP, change, number, parse, percent
from piramig.publishing.syntheses.plan import stale
from piramig.publishing.syntheses.word import ANALYSIS, WordDocument
from piramig.settings import SEEDS_DIR
from tests.conftest import settings_for

YEAR = 2021
WEBINAR = SEEDS_DIR / "published" / "webinaire_2023_05_26.csv"


@pytest.fixture(scope="module")
def root(demo_home):
    return syntheses_root(demo_home.published_dir)


def tables(path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]


def text(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def key_figures(path, column: str) -> dict[str, str]:
    """The key figures table: row label -> the cell of `column`."""
    [table] = [t for t in tables(path) if t[0][0] == "Indicateur" and column in t[0]][:1]
    index = table[0].index(column)
    return {row[0]: row[index] for row in table[1:]}


def indicator(published, code: str | None, name: str) -> float | None:
    [(value,)] = published.execute(
        """select valeur from marts.fct_indicators where annee = ? and indicateur = ?
           and code_region is not distinct from ?""", [YEAR, name, code]).fetchall()
    return value


def test_the_latest_campaign_has_every_synthesis_as_docx_and_pdf(root):
    folder = root / str(YEAR)
    for perimeter in [*expected_regions(), NATIONAL_PERIMETER]:
        for path in (folder / f"{perimeter}.docx", folder / f"{perimeter}.pdf",
                     folder / "donnees_ouvertes" / f"{perimeter}.docx"):
            assert path.stat().st_size > 10_000, path
    assert not list(root.glob(".travail-*")) and not list(root.rglob("*.tmp"))
    # Older campaigns loaded at once are made on request, not by every run.
    assert not (root / "2019").exists()


@pytest.mark.parametrize("code", expected_regions())
def test_a_regional_synthesis_holds_the_warehouse_figures(root, published, code):
    name = region_name(code)
    path = root / str(YEAR) / f"{code}.docx"
    region = key_figures(path, f"{name} {YEAR}")
    national = key_figures(path, f"France {YEAR}")
    for label, name_of in (("File active", "file_active"), ("Nouveaux patients", "nouveaux_patients"),
                           ("Nombre de PASS", "nb_pass")):
        assert parse(region[label]) == indicator(published, code, name_of), (code, label)
        assert parse(national[label]) == indicator(published, None, name_of), (code, label)
    assert parse(region["Taux moyen de remplissage"]) == round(indicator(published, code, "taux_remplissage"), 2)
    assert f"{number(indicator(published, code, 'file_active'))}" in region["File active"]
    words = text(path)
    assert name in words and f"Activité {YEAR}" in words and "Chiffres définitifs" in words
    # One marked place for the coordinator's analysis in each of the nine sections.
    assert sum(t[0][0].startswith(ANALYSIS) for t in tables(path)) == 9
    # The fill rate of each of the region's PASS, by FINESS.
    [by_pass] = [t for t in tables(path) if t[0][:2] == ["FINESS", "Établissement"]]
    rates = published.execute("select finess_et, taux_remplissage from marts.dim_pass where annee = ? and "
                              "code_region = ?", [YEAR, code]).fetchall()
    assert sorted((row[0], parse(row[3])) for row in by_pass[1:]) == sorted((f, round(r, 2)) for f, r in rates)


def printed(table: str) -> list[str]:
    """The regions of a webinar table, in the slide's order."""
    with open(WEBINAR, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["tableau"] == table and r["niveau"] == "region"
                and r["annee"] == str(YEAR)]
    return list(dict.fromkeys(r["libelle_imprime"] for r in rows))


def test_the_national_restitution_holds_the_webinar_figures_in_the_slides_order(root):
    path = root / str(YEAR) / "national.docx"
    figures = key_figures(path, f"France {YEAR}")
    assert figures["File active"] == f"206{NBSP}562" and figures["Nombre de PASS"] == "438"
    found = tables(path)
    [file_active] = [t for t in found if t[0][:2] == ["Régions", "NB PASS"]]
    assert [row[0] for row in file_active[1:-1]] == printed("file_active_nouveaux_patients")
    assert file_active[-1][:3] == ["Total général", "438", f"206{NBSP}562"]
    [women] = [t for t in found if t[0][1:2] == ["Nombre total de femmes identifiées (répondants)"]]
    assert [row[0] for row in women[1:-1]] == printed("femmes_suivi_grossesse")
    assert women[-1][1:] == [f"78{NBSP}608", f"14{NBSP}482", f"18{NBSP}%"]
    [types] = [t for t in found if t[0][:3] == ["Régions", "Nombre de PASS", "PASS généraliste"] and len(t[0]) == 7]
    assert types[-1] == ["Total général", "438", "382", f"87{NBSP}%", "44", "10", "2"]
    [fill] = [t for t in found if t[0][:2] == ["Régions", "Nombre de PASS"] and t[0][2:] == ["2019", "2020", "2021"]]
    assert fill[-1] == ["Total général", "438", f"91,78{NBSP}%", f"92,39{NBSP}%", f"91,93{NBSP}%"]


def test_the_open_data_variant_masks_what_the_open_data_mask(root, demo_home, published):
    """Where the open-data export leaves a region's CPAM files empty, its open synthesis says « s »; the internal
    synthesis keeps the real count."""
    export = demo_home.published_dir / "exports" / str(YEAR) / "donnees_ouvertes" / "dossiers_cpam.csv"
    with open(export, encoding="utf-8-sig", newline="") as handle:
        masked = {r["region"] for r in csv.DictReader(handle, delimiter=";") if not r["nb_dossiers_cpam"]}
    codes = [code for code in expected_regions() if region_name(code) in masked
             and indicator(published, code, "nb_dossiers_cpam") is not None]
    assert codes, "no masked CPAM count in the demo's open data: nothing to compare"
    for code in codes:
        column = f"{region_name(code)} {YEAR}"
        label = "Dossiers adressés à la CPAM"
        assert key_figures(root / str(YEAR) / "donnees_ouvertes" / f"{code}.docx", column)[label] == "s"
        assert parse(key_figures(root / str(YEAR) / f"{code}.docx", column)[label]) == indicator(
            published, code, "nb_dossiers_cpam")
    words = text(root / str(YEAR) / "donnees_ouvertes" / "national.docx")
    assert "Version diffusable" in words and f"206{NBSP}562" in words  # a closed campaign's totals are published


def page_image(path, index: int):
    document = pdfium.PdfDocument(str(path))
    page = document[index]
    return page.render(scale=1).to_pil().convert("RGB"), page.get_textpage().get_text_range(), len(document)


def test_a_pdf_page_is_a_real_page(root):
    path = root / str(YEAR) / "28.pdf"
    image, words, pages = page_image(path, 0)
    assert pages >= 5 and image.size[0] < image.size[1]  # A4 portrait
    grey = image.convert("L")
    dark = grey.point(lambda value: 255 if value < 128 else 0).histogram()[255] / (grey.size[0] * grey.size[1])
    assert 0.005 < dark < 0.5, dark  # ink on the page, not a blank or a black page
    assert "Normandie" in words and "Activité 2021" in words and "Chiffres définitifs" in words
    # A chart page: the bars in bleu France, and the chart's title and source as drawn text around it.
    charts = []
    for index in range(pages):
        image, words, _ = page_image(path, index)
        r, g, b = (band.point(lambda v, low=low, high=high: 255 if low <= v <= high else 0)
                   for band, (low, high) in zip(image.split(), ((0, 40), (0, 40), (110, 170)), strict=True))
        blue = ImageChops.multiply(ImageChops.multiply(r, g), b).histogram()[255]
        if blue > 2000:
            charts.append(index)
    assert len(charts) >= 2, charts


def test_the_styles_read_in_black_and_white():
    """Two series never differ by colour alone: each style's fill lightness and hatching make a distinct pair."""
    def lightness(colour: str) -> str:
        if colour == "white":
            return "blanc"
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return "sombre" if 0.299 * r + 0.587 * g + 0.114 * b < 128 else "clair"

    pairs = [(lightness(face), hatch) for face, _, hatch in STYLES.values()]
    assert len(set(pairs)) == len(pairs), pairs


def test_french_numbers():
    assert number(21506) == f"21{NBSP}506" and number(1234567.891, 2) == f"1{NBSP}234{NBSP}567,89"
    assert percent(57.2) == f"57{NBSP}%" and percent(95.5584, 2) == f"95,56{NBSP}%" and percent(None) == "–"
    assert change(-2.84, 1, "pts") == f"\u22122,8{NBSP}pts" and change(0.001) == "0" and change(12) == "+12"
    assert parse(f"\u22122,8{NBSP}pts".replace("pts", "")) == -2.8 and parse(f"206{NBSP}562") == 206562


def test_text_from_the_warehouse_is_written_as_text(tmp_path):
    """A name with markup, a formula and a control character (a file's) is written as plain text, never markup."""
    document = WordDocument("t", "t")
    document.table(["FINESS", "Établissement"], [["1", "<b>CH</b> & =SUM(A1)\x07"]])
    document.paragraph("<script>alert(1)</script>")
    document.save(tmp_path / "t.docx")
    assert tables(tmp_path / "t.docx")[0][1] == ["1", "<b>CH</b> & =SUM(A1)"]
    assert "<script>alert(1)</script>" in text(tmp_path / "t.docx")


def test_a_publication_that_changes_nothing_writes_nothing(demo_settings, root, tmp_path):
    assert pending_ranges(demo_settings) == []
    # Beside the shared home: a document whose figures are no longer those published, and a missing PDF.
    copy = tmp_path / "syntheses"
    shutil.copytree(root, copy)
    (copy / ".etat.json").unlink()
    assert stale(demo_settings.home.published, copy) == []
    prints = copy / str(YEAR) / ".empreintes" / "28.json"
    prints.write_text(json.dumps({"interne": "autre", "ouvert": "autre"}))
    (copy / str(YEAR) / "national.pdf").unlink()
    assert stale(demo_settings.home.published, copy) == [(YEAR, "28"), (YEAR, NATIONAL_PERIMETER)]
    assert synthesis_ranges([(YEAR, "28"), (YEAR, NATIONAL_PERIMETER)]) == [
        (f"{YEAR}|28", f"{YEAR}|28"), (f"{YEAR}|{NATIONAL_PERIMETER}", f"{YEAR}|{NATIONAL_PERIMETER}")]


def test_a_campaigns_syntheses_are_one_range_of_partitions_in_dagster(demo_settings):
    every = [(YEAR, code) for code in expected_regions()] + [(YEAR, NATIONAL_PERIMETER)]
    assert synthesis_ranges(every) == [(f"{YEAR}|{expected_regions()[0]}", f"{YEAR}|{NATIONAL_PERIMETER}")]
    instance = dg.DagsterInstance.from_config(str(demo_settings.home.dagster))
    materialized = instance.get_materialized_partitions(SYNTHESES)
    assert {f"{YEAR}|28", f"{YEAR}|{NATIONAL_PERIMETER}"} <= materialized
    assert not [key for key in materialized if key.startswith(("2019|", "2020|"))]  # made on request only
    runs = [r for r in instance.get_runs() if r.job_name == "syntheses_job"]  # other tests may have run more
    assert runs and {r.status for r in runs} == {dg.DagsterRunStatus.SUCCESS}


def test_after_a_publication_the_sensor_asks_for_the_stale_syntheses(demo_settings, root, tmp_path):
    """The daemon's road: a successful build_and_publish_job run asks for the syntheses it left stale."""
    settings = settings_for(tmp_path / "home")
    home = settings.home.create()
    shutil.copyfile(demo_settings.home.published, home.published)
    copy = syntheses_root(home.published_dir)
    shutil.copytree(root, copy)
    (copy / str(YEAR) / ".empreintes" / "28.json").unlink()
    instance = dg.DagsterInstance.from_config(str(demo_settings.home.dagster))
    run = next(r for r in instance.get_runs() if r.job_name == "build_and_publish_job"
               and r.status == dg.DagsterRunStatus.SUCCESS)
    [event] = [e.dagster_event for e in instance.all_logs(run.run_id)
               if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_SUCCESS]
    with pytest.warns(dg.BetaWarning):  # repository_def, a beta parameter of the test helper
        context = dg.build_run_status_sensor_context(
            sensor_name="syntheses_sensor", dagster_event=event, dagster_instance=instance, dagster_run=run,
            resources={"settings": settings}, repository_def=build_definitions(settings).get_repository_def())
    [request] = syntheses_sensor(context)
    assert request.tags == range_tags(f"{YEAR}|28", f"{YEAR}|28") and request.run_key.endswith(f"{YEAR}|28")


def test_a_run_killed_while_writing_leaves_its_work_to_the_next(demo_settings, root, tmp_path):
    """Killed after renaming a region's documents but before their fingerprints, with its working folder left: the
    next writing takes the region again and clears the leftovers."""
    copy = tmp_path / "syntheses"
    shutil.copytree(root, copy)
    (copy / ".travail-0123456789ab").mkdir()
    (copy / ".travail-0123456789ab" / f"{YEAR}_28_interne.docx").write_bytes(b"moitie")
    (copy / str(YEAR) / ".empreintes" / "28.json").unlink()
    published = demo_settings.home.published
    assert stale(published, copy) == [(YEAR, "28")]
    outcome = write_syntheses(published, copy, [(YEAR, "28"), (YEAR, NATIONAL_PERIMETER)])
    assert outcome.written == [(YEAR, "28")] and outcome.current == [(YEAR, NATIONAL_PERIMETER)]
    assert not list(copy.glob(".travail-*")) and stale(published, copy) == []
    assert page_image(copy / str(YEAR) / "28.pdf", 0)[1].count("Normandie") >= 1
