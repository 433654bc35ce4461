"""The demo campaign generator (tools.demo): published figures, contract rules, files, determinism.

Expected figures are read here from seeds/published/webinaire_2023_05_26.csv, independently of the
generator's own reading of it.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from piramig.contract.dictionary import block_members, field_codes, match_header, question_codes
from piramig.contract.finess import has_valid_key, is_well_formed, region_of
from piramig.settings import REPO_ROOT
from tools.demo.campaign import build_campaign

PUBLISHED = REPO_ROOT / "seeds" / "published" / "webinaire_2023_05_26.csv"
DEMO_DIR = REPO_ROOT / "seeds" / "demo"
REFERENCE_DIR = REPO_ROOT / "seeds" / "reference"
YEARS = (2019, 2020, 2021)
TYPES = ("generaliste", "psychiatrique", "bucco_dentaire", "ophtalmologique")
ACTIVITIES = ("act_mere_enfant", "act_mobile", "act_bucco_dentaire", "act_psychologue", "act_ophtalmologique")
TEAM = ("etp_medecin", "etp_infirmier", "etp_assistant_social", "etp_secretaire", "etp_psychologue", "etp_autre")
ETP = (*TEAM, "etp_internes_ffi")
REGION_CODES = "01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94".split()


# -- the published figures ---------------------------------------------------------------------------------

def _published() -> dict[tuple[str, int, str, str, str], str]:
    with open(PUBLISHED, encoding="utf-8", newline="") as handle:
        return {
            (r["tableau"], int(r["annee"]), r["code_region"], r["indicateur"], r["champ"]): r["valeur"]
            for r in csv.DictReader(handle)
        }


PUB = _published()


def pub(table: str, indicator: str, region: str = "", year: int = 2021, field: str = "valeur") -> str:
    return PUB[(table, year, region, indicator, field)]


def pub_int(*args, **kwargs) -> int:
    return int(pub(*args, **kwargs))


REGIONS = sorted({k[2] for k in PUB if k[0] == "pass_par_type" and k[2]})


# -- helpers -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def campaign():
    return build_campaign()


def rows_of(campaign, year: int, region: str | None = None) -> list[dict]:
    rows = campaign.all_rows(year)
    return [r for r in rows if region is None or r["code_region"] == region]


def answered(row: dict, code: str) -> bool:
    return row[code] is not None


def fill_rate(row: dict) -> Fraction:
    questions = question_codes(row["type_pass"])
    return Fraction(100 * sum(answered(row, q) for q in questions), len(questions))


def mean(values) -> Fraction:
    values = list(values)
    return sum(values, Fraction(0)) / len(values)


def rounds_to(value: Fraction, published: str, decimals: int = 2) -> bool:
    return abs(value - Fraction(Decimal(published))) < Fraction(1, 2 * 10**decimals)


def pct(numerator: int, denominator: int) -> Fraction:
    return Fraction(100 * numerator, denominator)


def total(rows, code: str) -> int:
    return sum(r[code] for r in rows if r[code] is not None)


def cents(value) -> int:
    hundredths = Decimal(str(value)) * 100
    assert hundredths == hundredths.to_integral_value(), value
    return int(hundredths)


# -- 2021: the published tables ----------------------------------------------------------------------------

def test_one_file_per_region_and_year(campaign):
    for year in YEARS:
        assert sorted(campaign.rows[year]) == REGIONS
        assert all(campaign.rows[year][region] for region in REGIONS)
    assert "06" not in REGIONS


def test_pass_per_type(campaign):
    rows = rows_of(campaign, 2021)
    assert len(rows) == pub_int("pass_par_type", "nb_pass")
    for region in REGIONS:
        counts = Counter(r["type_pass"] for r in rows_of(campaign, 2021, region))
        for type_pass in TYPES:
            assert counts[type_pass] == pub_int("pass_par_type", f"nb_pass_{type_pass}", region), (region, type_pass)


def test_complementary_activities(campaign):
    for region in REGIONS:
        rows = rows_of(campaign, 2021, region)
        for code in ACTIVITIES:
            yes = sum(r[code] is True for r in rows if r["type_pass"] == "generaliste")
            assert yes == pub_int("activites_complementaires", f"nb_pass_{code}", region), (region, code)
    for year in YEARS:
        for row in rows_of(campaign, year):
            if row["type_pass"] != "generaliste":
                assert all(row[code] is None for code in ACTIVITIES)


def test_file_active_and_new_patients(campaign):
    for region in REGIONS:
        rows = rows_of(campaign, 2021, region)
        assert all(answered(r, "file_active") for r in rows)
        assert total(rows, "file_active") == pub_int("file_active_nouveaux_patients", "file_active", region)
        published_new = pub("file_active_nouveaux_patients", "nouveaux_patients", region)
        if published_new == "":
            assert all(r["nouveaux_patients"] is None for r in rows), region
        else:
            assert total(rows, "nouveaux_patients") == int(published_new), region


def test_women_and_pregnancy_follow_up(campaign):
    for region in REGIONS:
        rows = rows_of(campaign, 2021, region)
        assert all(answered(r, "nb_femmes") == answered(r, "nb_femmes_suivi_grossesse") for r in rows)
        assert total(rows, "nb_femmes") == pub_int("femmes_suivi_grossesse", "nb_femmes_repondants", region)
        assert total(rows, "nb_femmes_suivi_grossesse") == pub_int(
            "femmes_suivi_grossesse", "nb_femmes_suivi_grossesse", region)


def test_pregnancy_share_2019(campaign):
    rows = [r for r in rows_of(campaign, 2019) if answered(r, "nb_femmes")]
    share = pct(total(rows, "nb_femmes_suivi_grossesse"), total(rows, "nb_femmes"))
    assert rounds_to(share, pub("texte", "pct_femmes_suivi_grossesse", year=2019), 0)


# -- fill rates --------------------------------------------------------------------------------------------

def reachable_rates(composition: Counter) -> set[Fraction]:
    """Every mean fill rate a region of this composition can have (sums of k / n as integers over the
    lcm of the n, built as a bit set)."""
    counts = {t: len(question_codes(t)) for t in composition}
    scale = math.lcm(*counts.values())
    reachable = 1  # bit V set: a total of V / scale answered-question shares is reachable
    for type_pass, count in composition.items():
        step = scale // counts[type_pass]
        for _ in range(count):
            shifted = 0
            for k in range(counts[type_pass] + 1):
                shifted |= reachable << (k * step)
            reachable = shifted
    pass_count = sum(composition.values())
    return {Fraction(100 * v, scale * pass_count) for v in range(reachable.bit_length()) if reachable >> v & 1}


def nearby_compositions(year: int, region: str, campaign) -> list[Counter]:
    """The compositions the generator may choose: the 2021 one, or for 2019 and 2020 up to 2 generalist or
    psychiatric PASS more or fewer."""
    base = Counter({t: pub_int("pass_par_type", f"nb_pass_{t}", region) for t in TYPES})
    if year == 2021:
        return [base]
    found = []
    for general in range(-2, 3):
        for psychiatric in range(-2, 3):
            if abs(general) + abs(psychiatric) <= 2:
                counts = Counter(base)
                counts["generaliste"] += general
                counts["psychiatrique"] += psychiatric
                if counts["generaliste"] >= 1 and counts["psychiatrique"] >= 0:
                    found.append(+counts)
    return found


def region_rate(rows) -> Fraction:
    return mean(fill_rate(r) for r in rows)


@pytest.mark.parametrize("year", YEARS)
def test_national_fill_rate(campaign, year):
    rate = region_rate(rows_of(campaign, year))
    assert rounds_to(rate, pub("taux_remplissage", "taux_remplissage", year=year)), float(rate)


@pytest.mark.parametrize("year", YEARS)
def test_regional_fill_rates(campaign, year):
    off_target = []
    for region in REGIONS:
        rows = rows_of(campaign, year, region)
        published = pub("taux_remplissage", "taux_remplissage", region, year=year)
        rate = region_rate(rows)
        if rounds_to(rate, published):
            continue
        off_target.append(region)
        target = Fraction(Decimal(published))
        # Off target only when no nearby composition can reach the published rate...
        for composition in nearby_compositions(year, region, campaign):
            assert not any(rounds_to(r, published) for r in reachable_rates(composition)), (region, composition)
        # ... and then as close as its own composition allows on its side of the target.
        reachable = reachable_rates(Counter(r["type_pass"] for r in rows))
        between = [r for r in reachable if min(rate, target) < r < max(rate, target)]
        assert not between, (year, region, float(rate))
    # The regions that cannot be reached are few (see the package docstring).
    assert len(off_target) <= 2, (year, off_target)


def test_pass_counts_stay_close_to_2021(campaign):
    counts = {year: Counter(r["code_region"] for r in rows_of(campaign, year)) for year in YEARS}
    for region in REGIONS:
        for year in (2019, 2020):
            assert abs(counts[year][region] - counts[2021][region]) <= 2
        assert abs(counts[2019][region] - counts[2020][region]) <= 2


# -- 2021: national figures of the text --------------------------------------------------------------------

def test_medical_fte_classes(campaign):
    rows = rows_of(campaign, 2021)
    values = [None if r["etp_medecin"] is None else Decimal(str(r["etp_medecin"])) for r in rows]
    classes = Counter()
    for v in values:
        if v is None:
            classes["non_disponible"] += 1
        elif v == 0:
            classes["aucun"] += 1
        elif v <= Decimal("0.2"):
            classes["moins_0_2"] += 1
        elif v <= Decimal("0.5"):
            classes["0_2_0_5"] += 1
        elif v <= 1:
            classes["0_5_1"] += 1
        elif v <= 2:
            classes["1_2"] += 1
        else:
            classes["plus_2"] += 1
    printed = {name: pub_int("etp_medical", f"nb_pass_etp_medical_{name}") for name in classes}
    # The printed table leaves 2 of the 438 PASS out; the generator counts them as "non disponible".
    left_out = pub_int("pass_par_type", "nb_pass") - sum(printed.values())
    assert left_out == 2
    printed["non_disponible"] += left_out
    assert classes == printed


def test_team_fte_mean_and_median(campaign):
    rows = [r for r in rows_of(campaign, 2021) if any(answered(r, f) for f in TEAM)]
    totals = [sum(cents(r[f]) for f in TEAM if answered(r, f)) for r in rows]
    assert Fraction(sum(totals), len(totals)) == Fraction(Decimal(pub("texte", "etp_total_moyen")) * 100)
    assert statistics.median(totals) == Decimal(pub("texte", "etp_total_median")) * 100


def test_fte_values(campaign):
    for year in YEARS:
        for row in rows_of(campaign, year):
            for code in ETP:
                if answered(row, code):
                    assert 0 <= cents(row[code]) <= 5000


def test_interns(campaign):
    rows = rows_of(campaign, 2021)
    assert sum((r["etp_internes_ffi"] or 0) > 0 for r in rows) == pub_int("texte", "nb_pass_etp_internes")


def test_cpam_files(campaign):
    rows = rows_of(campaign, 2021)
    answering = [r for r in rows if answered(r, "nb_dossiers_cpam")]
    assert len(answering) == pub_int("texte", "nb_dossiers_cpam", field="nb_pass_repondants")
    assert all(answered(r, "nb_dossiers_cpam") == answered(r, "nb_dossiers_cpam_complexes") for r in rows)
    files = total(answering, "nb_dossiers_cpam")
    assert files == pub_int("texte", "nb_dossiers_cpam")
    assert files // len(answering) == pub_int("texte", "nb_dossiers_cpam_moyen")
    complex_share = pct(total(answering, "nb_dossiers_cpam_complexes"), files)
    assert rounds_to(complex_share, pub("texte", "pct_dossiers_cpam_complexes"), 0)


def test_allophones(campaign):
    rows = [r for r in rows_of(campaign, 2021) if answered(r, "nb_allophones")]
    assert len(rows) == pub_int("texte", "nb_allophones", field="nb_pass_repondants")
    assert total(rows, "nb_allophones") == pub_int("texte", "nb_allophones")
    assert total(rows, "file_active") == pub_int("texte", "pct_allophones", field="denominateur")


def test_interpreting(campaign):
    rows = rows_of(campaign, 2021)
    acts = total(rows, "nb_actes_interpretariat_presentiel")
    printed_acts = pub_int("texte", "nb_actes_interpretariat_presentiel")  # "un peu plus de 22 000"
    assert printed_acts <= acts < printed_acts + 1000
    amount = sum(Decimal(str(r["montant_interpretariat_eur"])) for r in rows
                 if answered(r, "montant_interpretariat_eur"))
    printed_amount = pub_int("texte", "montant_interpretariat_eur")  # "près de 1,4 M€"
    assert printed_amount - 50_000 <= amount < printed_amount
    framework = Counter(r["encadrement_interpretariat"] for r in rows)
    assert framework[True] == pub_int("texte", "nb_pass_encadrement_interpretariat_oui")
    assert framework[False] == pub_int("texte", "nb_pass_encadrement_interpretariat_non")


def test_block_respondents(campaign):
    rows = rows_of(campaign, 2021)
    for block in ("provenance", "hebergement", "couverture"):
        answered_patients = sum(total(rows, code) for code in block_members(block))
        assert answered_patients == pub_int("texte", f"file_active_{block}_repondants"), block


def test_unaccompanied_minors(campaign):
    rows = [r for r in rows_of(campaign, 2021) if answered(r, "nb_mna")]
    assert rounds_to(pct(total(rows, "nb_mna"), total(rows, "file_active")), pub("texte", "pct_mna"), 0)


def test_typical_patient(campaign):
    rows = rows_of(campaign, 2021)
    assert total(rows, "nb_hommes") > total(rows, "nb_femmes")
    ages = {code: total(rows, code) for code in block_members("age")}
    assert max(ages, key=ages.get) == "nb_age_26_45"
    coverage = {code: total(rows, code) for code in block_members("couverture")}
    assert max(coverage, key=coverage.get) == "nb_couv_aucune"


# -- contract rules on every clean row ---------------------------------------------------------------------

def broken_rules(row: dict) -> set[str]:
    """The contract rules a row breaks (the subset the generator must respect, by rule id)."""
    broken = set()
    if not isinstance(row["annee"], int) or not 2018 <= row["annee"] <= 2023:
        broken.add("annee_hors_bornes")
    if row["code_region"] not in REGION_CODES:
        broken.add("code_region_invalide")
    for code in ("finess_et", "finess_ej"):
        number = row[code]
        if not isinstance(number, str) or not is_well_formed(number):
            broken.add("finess_format")
            continue
        if not has_valid_key(number):
            broken.add("finess_cle_luhn")
        if region_of(number) != row["code_region"]:
            broken.add("finess_departement_region")
    if not row["raison_sociale"]:
        broken.add("raison_sociale_vide")
    if row["type_pass"] not in TYPES:
        broken.add("type_pass_invalide")
    numbers = {}
    for code in field_codes()[6:]:
        value = row[code]
        if value is None or isinstance(value, bool):
            continue
        is_count = code.startswith("nb_") or code in ("file_active", "nouveaux_patients")
        if isinstance(value, str) or is_count and not isinstance(value, int):
            broken.add("valeur_non_numerique")
            continue
        numbers[code] = value
        if value < 0:
            broken.add("valeur_negative")
    for code in ETP:
        if code in numbers and not 0 <= numbers[code] <= 50:
            broken.add("etp_hors_bornes")
    file_active = numbers.get("file_active")

    def greater(small: str, large: str | None, large_value=None) -> bool:
        large_value = numbers.get(large) if large else large_value
        return small in numbers and large_value is not None and numbers[small] > large_value

    if greater("nouveaux_patients", "file_active"):
        broken.add("nouveaux_patients_superieur_file_active")
    for block in ("sexe", "age", "provenance", "hebergement", "couverture"):
        members = [numbers[c] for c in block_members(block) if c in numbers]
        if members and file_active is not None and sum(members) > file_active:
            broken.add(f"bloc_{block}_superieur_file_active")
    # A subset count needs its whole: pregnancies need the women, MNA the minors.
    for part, whole, rule in (("nb_femmes_suivi_grossesse", "nb_femmes", "grossesse_superieure_femmes"),
                              ("nb_mna", "nb_age_moins_18", "mna_superieur_moins_18")):
        if greater(part, whole) or (part in numbers and whole not in numbers):
            broken.add(rule)
    if greater("nb_dossiers_cpam_complexes", "nb_dossiers_cpam"):
        broken.add("cpam_complexes_superieur_dossiers")
    if greater("nb_allophones", "file_active"):
        broken.add("allophones_superieur_file_active")
    if row["type_pass"] != "generaliste" and any(row[c] is not None for c in ACTIVITIES):
        broken.add("activite_complementaire_non_generaliste")
    return broken


def duplicated_keys(rows) -> set[tuple]:
    keys = Counter((r["annee"], r["finess_et"], r["type_pass"]) for r in rows)
    return {key for key, count in keys.items() if count > 1}


def test_every_clean_row_follows_the_contract(campaign):
    for year in YEARS:
        for region in REGIONS:
            rows = rows_of(campaign, year, region)
            for row in rows:
                assert list(row) == field_codes()
                assert row["annee"] == year and row["code_region"] == region
                assert not broken_rules(row), (row["finess_et"], broken_rules(row))
            assert not duplicated_keys(rows)


def test_some_sites_host_two_types_of_pass(campaign):
    rows = rows_of(campaign, 2021)
    types_per_site = defaultdict(set)
    for row in rows:
        types_per_site[row["finess_et"]].add(row["type_pass"])
    assert sum({"generaliste", "psychiatrique"} <= types for types in types_per_site.values()) >= 3


def test_pass_keep_their_identity_across_years(campaign):
    identity = {}
    for year in YEARS:
        for row in rows_of(campaign, year):
            key = (row["finess_et"], row["type_pass"])
            described = (row["finess_ej"], row["raison_sociale"], row["code_region"])
            assert identity.setdefault(key, described) == described


def test_earlier_years_are_not_copies_and_2020_is_lower(campaign):
    file_active = {year: {(r["finess_et"], r["type_pass"]): r["file_active"] for r in rows_of(campaign, year)}
                   for year in YEARS}
    common = set(file_active[2020]) & set(file_active[2021])
    assert sum(file_active[2020][k] for k in common) < 0.95 * sum(file_active[2021][k] for k in common)
    same = sum(file_active[2019][k] == file_active[2021].get(k) for k in file_active[2019])
    assert same < 0.2 * len(file_active[2019])


# -- the flawed Normandie submission -----------------------------------------------------------------------

FLAWED_FILE = "ra_pass_2021_28_normandie.csv"
CORRECTION_FILE = "ra_pass_2021_28_normandie_correction.csv"
FLAW_RULES = {
    "finess_cle_luhn", "finess_departement_region", "nouveaux_patients_superieur_file_active", "cle_dupliquee",
    "grossesse_superieure_femmes", "etp_hors_bornes", "valeur_non_numerique", "activite_complementaire_non_generaliste",
}


def test_flawed_rows_break_only_their_listed_rule(campaign):
    from tools.demo.flaws import flawed_rows, word_file_active_pass

    corrected = campaign.rows[2021]["28"]
    rows, flaws = flawed_rows(corrected, word_file_active_pass(campaign.roster).finess_et)
    assert len(rows) == len(corrected) + 1
    assert {f.rule for f in flaws} == FLAW_RULES
    listed = defaultdict(set)
    for flaw in flaws:
        listed[flaw.row].add(flaw.rule)
    assert len(listed) == len(flaws)  # one flaw per row
    duplicated = duplicated_keys(rows)
    for index, row in enumerate(rows):
        broken = broken_rules(row)
        if (row["annee"], row["finess_et"], row["type_pass"]) in duplicated:
            broken.add("cle_dupliquee")
        assert broken == listed.get(index, set()), (index, broken)


def read_csv_table(path: Path) -> list[list[str]]:
    """The cells of a demo CSV (only to compare files: no typing of values)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx_table(path: Path) -> list[list[object]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = workbook["RA_PASS"] if "RA_PASS" in workbook.sheetnames else workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def header_row(table: list[list]) -> int:
    """Index of the header: the first row whose cells name contract fields."""
    return next(i for i, row in enumerate(table) if row and match_header(row[0]) == "annee")


def test_every_file_names_every_field_in_its_header():
    files = sorted(DEMO_DIR.glob("ra_pass_*"))
    for path in files:
        table = read_xlsx_table(path) if path.suffix == ".xlsx" else read_csv_table(path)
        header = table[header_row(table)]
        assert sorted(match_header(cell) for cell in header) == sorted(field_codes()), path.name


def test_flawed_file_differs_from_its_correction_by_the_listed_flaws():
    flawed, corrected = read_csv_table(DEMO_DIR / FLAWED_FILE), read_csv_table(DEMO_DIR / CORRECTION_FILE)
    assert flawed[0] == corrected[0]
    codes = [match_header(cell) for cell in flawed[0]]
    with open(DEMO_DIR / "anomalies_attendues.csv", encoding="utf-8", newline="") as handle:
        anomalies = list(csv.DictReader(handle))
    assert {a["fichier"] for a in anomalies} == {FLAWED_FILE}
    assert {a["regle"] for a in anomalies} == FLAW_RULES
    # Physical lines: the header is line 1, row i of the table is line i + 1.
    for anomaly in anomalies:
        row = flawed[int(anomaly["ligne"]) - 1]
        assert row[codes.index(anomaly["colonne"])] == anomaly["valeur"]
        assert row[codes.index("finess_et")] == anomaly["finess_et"]
    duplicate_lines = sorted(int(a["ligne"]) for a in anomalies if a["regle"] == "cle_dupliquee")
    assert len(duplicate_lines) == 2 and duplicate_lines[1] == duplicate_lines[0] + 1
    assert flawed[duplicate_lines[0] - 1] == flawed[duplicate_lines[1] - 1]
    # Without the second copy of the duplicated row, the files line up row by row.
    aligned = flawed[: duplicate_lines[1] - 1] + flawed[duplicate_lines[1]:]
    assert len(aligned) == len(corrected)
    listed = {(int(a["ligne"]) - (int(a["ligne"]) > duplicate_lines[1]), a["colonne"])
              for a in anomalies if a["regle"] != "cle_dupliquee"}
    differences = {
        (line, codes[column])
        for line, (bad, good) in enumerate(zip(aligned, corrected), start=1)
        for column, (x, y) in enumerate(zip(bad, good))
        if x != y
    }
    assert differences == listed


# -- the written files -------------------------------------------------------------------------------------

def test_file_names_and_formats():
    names = sorted(p.name for p in DEMO_DIR.glob("ra_pass_*"))
    assert len(names) == 52
    slugs = {}
    for name in names:
        stem, extension = name.rsplit(".", 1)
        parts = stem.split("_")
        assert parts[:2] == ["ra", "pass"] and int(parts[2]) in YEARS and parts[3] in REGIONS, name
        assert extension in ("csv", "xlsx")
        slugs.setdefault(parts[3], set()).add(parts[4])
    assert all(len(s) == 1 for s in slugs.values())
    assert FLAWED_FILE in names and CORRECTION_FILE in names
    assert sum(n.endswith(".xlsx") for n in names) >= 3


def test_submission_log():
    with open(DEMO_DIR / "envois.csv", encoding="utf-8", newline="") as handle:
        entries = list(csv.DictReader(handle))
    assert [e["fichier"] for e in entries] != [] and list(entries[0]) == ["fichier", "recu_le", "description"]
    assert sorted(e["fichier"] for e in entries) == sorted(p.name for p in DEMO_DIR.glob("ra_pass_*"))
    received = [e["recu_le"] for e in entries]
    assert received == sorted(received)
    for entry in entries:
        year = int(entry["fichier"].split("_")[2])
        assert entry["recu_le"].startswith(str(year + 1)) and len(entry["recu_le"]) == len("2022-03-10T09:30:00")
        assert entry["description"] and "\n" not in entry["description"]
    when = {e["fichier"]: e["recu_le"] for e in entries}
    assert when[FLAWED_FILE] < when[CORRECTION_FILE]


def _zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_generation_is_deterministic(tmp_path, campaign):
    from tools.demo.__main__ import write_demo

    write_demo(tmp_path / "demo", campaign, tmp_path / "reference")
    movements = "pass_mouvements.csv"
    assert (tmp_path / "reference" / movements).read_bytes() == (REFERENCE_DIR / movements).read_bytes()
    tmp_path = tmp_path / "demo"
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in DEMO_DIR.iterdir())
    for name in written:
        if name.endswith(".xlsx"):
            assert _zip_entries(tmp_path / name) == _zip_entries(DEMO_DIR / name), name
        else:
            assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_xlsx_bytes_do_not_depend_on_the_clock(campaign):
    from tools.demo.office_files import office_style, xlsx_bytes

    rows = campaign.rows[2021]["53"]
    style = office_style("53", 2021)
    assert xlsx_bytes(rows, style, "titre") == xlsx_bytes(rows, style, "titre")
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows, style, "titre"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2022, 1, 1, 0, 0, 0)}
