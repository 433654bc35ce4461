"""One test per rule of validations/rules.csv: a small submission that breaks it, and one that does not."""

from collections.abc import Callable

import pandas as pd
import pytest

from piramig.contract import finess
from piramig.reading.files import RawRow
from piramig.reading.routing import raw_frame, route
from piramig.validation.dataset_rules import dataset_checks
from piramig.validation.rules import rules
from piramig.validation.submission import validate_submission
from piramig.vocabulary import Severity
from tests.builders import pass_row

Rows = list[dict[str, str]]


def region_file(count: int = 3, **overrides) -> Rows:
    return [pass_row(2021, "28", serial, **overrides) for serial in range(1, count + 1)]


def change(rows: Rows, index: int = 0, **values) -> Rows:
    rows = [dict(r) for r in rows]
    rows[index].update({k: str(v) for k, v in values.items()})
    return rows


def psychiatric(rows: Rows, with_activity: bool) -> Rows:
    activities = {f"act_{a}": "" for a in ("mere_enfant", "mobile", "bucco_dentaire", "psychologue", "ophtalmologique")}
    if with_activity:
        activities["act_mobile"] = "oui"
    return change(rows, 0, type_pass="psychiatrique", **activities)


def corsican(key_ok: bool) -> Rows:
    number = finess.with_key("2A000013")
    if not key_ok:
        number = number[:8] + str((int(number[8]) + 1) % 10)
    return [pass_row(2021, "94", 1, code_region="94", finess_et=number, finess_ej=number)]


def sparse(rows: Rows) -> Rows:
    keep = {"annee", "code_region", "finess_et", "finess_ej", "raison_sociale", "type_pass", "file_active"}
    return [dict(rows[0], **{k: "" for k in rows[0] if k not in keep})] + rows[1:]


def previous_year(count: int = 3, **overrides) -> Rows:
    return [pass_row(2020, "28", serial, **overrides) for serial in range(1, count + 1)]


# rule -> (rows that break it, rows that do not, previous year's rows or None)
CASES: dict[str, tuple[Callable[[], Rows], Callable[[], Rows], Callable[[], Rows] | None]] = {
    "champ_obligatoire_vide": (lambda: change(region_file(), finess_ej=""), region_file, None),
    "raison_sociale_vide": (lambda: change(region_file(), raison_sociale=""), region_file, None),
    "conventions_numeriques_melangees": (lambda: change(region_file(), etp_medecin="0.5"), region_file, None),
    "caractere_de_controle": (lambda: change(region_file(), raison_sociale="Centre hospitalier\x07 de Caen"),
                              region_file, None),
    "valeur_non_numerique": (lambda: change(region_file(), nb_hommes="deux cents"), region_file, None),
    "reponse_oui_non_invalide": (lambda: change(region_file(), uf_dediee="peut-être"), region_file, None),
    "type_pass_invalide": (lambda: change(region_file(), type_pass="pédiatrique"), region_file, None),
    "annee_hors_bornes": (lambda: change(region_file(), annee=2017), region_file, None),
    "code_region_invalide": (lambda: change(region_file(), code_region="99"), region_file, None),
    "finess_format": (lambda: change(region_file(), finess_ej="14-000001"), region_file, None),
    "finess_cle_luhn": (lambda: change(region_file(), finess_et="140000010"), region_file, None),
    "finess_cle_luhn_corse": (lambda: corsican(key_ok=False), lambda: corsican(key_ok=True), None),
    "finess_departement_region": (lambda: change(region_file(), finess_et=finess.with_key("75000010")),
                                  region_file, None),
    "valeur_negative": (lambda: change(region_file(), nb_entretiens_sociaux=-4), region_file, None),
    "valeur_hors_bornes": (lambda: change(region_file(), nb_consultations_medicales=10_000_001),
                           lambda: change(region_file(), nb_consultations_medicales=10_000_000), None),
    "etp_hors_bornes": (lambda: change(region_file(), etp_infirmier=80), region_file, None),
    "etp_pas_centieme": (lambda: change(region_file(), etp_medecin="0,333"),
                         lambda: change(region_file(), etp_medecin="0,33"), None),
    "nouveaux_patients_superieur_file_active": (lambda: change(region_file(), nouveaux_patients=401),
                                                lambda: change(region_file(), nouveaux_patients=400), None),
    "bloc_sexe_superieur_file_active": (lambda: change(region_file(), nb_hommes=251), region_file, None),
    "bloc_age_superieur_file_active": (lambda: change(region_file(), nb_age_plus_65=21), region_file, None),
    # The base row answers 380 patients for origin and coverage, 370 for housing, of a file active of 400.
    "bloc_provenance_superieur_file_active": (lambda: change(region_file(), nb_prov_france=121),
                                              lambda: change(region_file(), nb_prov_france=120), None),
    "bloc_hebergement_superieur_file_active": (lambda: change(region_file(), nb_heb_tiers=171),
                                               lambda: change(region_file(), nb_heb_tiers=170), None),
    "bloc_couverture_superieur_file_active": (lambda: change(region_file(), nb_couv_aucune=191),
                                              lambda: change(region_file(), nb_couv_aucune=190), None),
    "grossesse_superieure_femmes": (lambda: change(region_file(), nb_femmes_suivi_grossesse=141),
                                    lambda: change(region_file(), nb_femmes_suivi_grossesse=140), None),
    "mna_superieur_moins_18": (lambda: change(region_file(), nb_mna=41), lambda: change(region_file(), nb_mna=40),
                               None),
    "cpam_complexes_superieur_dossiers": (lambda: change(region_file(), nb_dossiers_cpam_complexes=121),
                                          lambda: change(region_file(), nb_dossiers_cpam_complexes=120), None),
    "allophones_superieur_file_active": (lambda: change(region_file(), nb_allophones=401),
                                         lambda: change(region_file(), nb_allophones=400), None),
    "activite_complementaire_non_generaliste": (lambda: psychiatric(region_file(), with_activity=True),
                                                lambda: psychiatric(region_file(), with_activity=False), None),
    "cle_dupliquee": (lambda: region_file(2) + region_file(1), region_file, None),
    "file_active_non_renseignee": (lambda: change(region_file(), file_active="", nouveaux_patients=""),
                                   region_file, None),
    "taux_remplissage_faible": (lambda: sparse(region_file()), region_file, None),
    "nb_pass_evolution": (lambda: region_file(8), lambda: region_file(6), lambda: previous_year(5)),
    "pass_disparue": (lambda: region_file(3), lambda: region_file(3) + [pass_row(2021, "28", 9)],
                      lambda: previous_year(3) + [pass_row(2020, "28", 9)]),
    "file_active_evolution": (lambda: change(region_file(), file_active=700),
                              lambda: change(region_file(), file_active=440), lambda: previous_year(3)),
    "nouveaux_patients_evolution": (lambda: change(region_file(), nouveaux_patients=120),
                                    lambda: change(region_file(), nouveaux_patients=200), lambda: previous_year(3)),
    "remplissage_question": (lambda: [dict(r, nb_consultations_medicales="") for r in region_file(3)],
                             lambda: change(region_file(3), nb_consultations_medicales=""), None),
}


def routed(rows: Rows) -> pd.DataFrame:
    """Rows through the intake's routing, as the pipeline lands them (line 1 is the header)."""
    raw_rows = [RawRow(line=i + 2, cells=row) for i, row in enumerate(rows)]
    [(_, with_reasons)] = route(raw_rows, set(range(2018, 2100))).items()
    return raw_frame(with_reasons)


def found_rules(rows: Rows, previous: Rows | None = None, unknown: list[str] | None = None,
                with_dataset_rules: bool = False) -> set[str]:
    before = None
    if previous is not None:
        before = validate_submission(routed(previous)).accepted_rows
    checks = dataset_checks if with_dataset_rules else None
    outcome = validate_submission(routed(rows), before, checks, unknown_columns=unknown)
    return {a.rule for a in outcome.anomalies}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_catches_what_breaks_it_and_only_that(rule_id):
    breaking, passing, previous = CASES[rule_id]
    before = previous() if previous else None
    # Great Expectations costs most of the time: its suite runs for its own rules only.
    dataset = rules()[rule_id].tool == "great_expectations"
    assert rule_id in found_rules(breaking(), before, with_dataset_rules=dataset)
    assert found_rules(passing(), before, with_dataset_rules=dataset) == set()


def test_routing_rules():
    stray = region_file(4) + [pass_row(2021, "84", 1)]
    assert "ligne_hors_fichier" in found_rules(stray)
    assert "ligne_hors_fichier" not in found_rules(region_file(4))
    raw_rows = [RawRow(line=2, cells=pass_row(2021, "28", 1)), RawRow(line=3, cells=pass_row(2021, "11", 1)),
                RawRow(line=4, cells=change([pass_row(2021, "84", 1)], code_region="")[0])]
    parts = route(raw_rows, {2021})
    unroutable = validate_submission(raw_frame(parts[(None, None)]))
    assert {a.rule for a in unroutable.anomalies} >= {"ligne_non_routable"}
    assert "ligne_non_routable" not in {a.rule for a in validate_submission(raw_frame(parts[(2021, "28")])).anomalies}


def test_unknown_columns_are_reported_as_a_warning():
    assert "colonne_hors_contrat" in found_rules(region_file(), unknown=["commentaire"])
    assert "colonne_hors_contrat" not in found_rules(region_file(), unknown=[])


def test_every_rule_of_the_catalogue_has_its_test():
    tested = set(CASES) | {"ligne_hors_fichier", "ligne_non_routable", "colonne_hors_contrat"}
    assert tested == set(rules())


def test_a_valid_submission_has_no_anomaly_at_all():
    outcome = validate_submission(routed(region_file(5)))
    assert outcome.anomalies == [] and outcome.verdict == "acceptée"


def test_errors_quarantine_the_row_and_warnings_let_it_through():
    rows = change(change(region_file(3), 0, nouveaux_patients=900), 1, etp_medecin="0,333")
    outcome = validate_submission(routed(rows))
    assert list(outcome.quarantined_rows["ligne"]) == [2]
    assert list(outcome.accepted_rows["ligne"]) == [3, 4]
    assert outcome.accepted_rows.set_index("ligne").loc[3, "avertissements"] == ["etp_pas_centieme"]
    assert {a.severity for a in outcome.anomalies} == {Severity.ERROR, Severity.WARNING}


def test_a_cell_that_is_not_a_number_is_reported_once():
    outcome = validate_submission(routed(change(region_file(), file_active="douze", nouveaux_patients="")))
    assert [(a.rule, a.column, a.value) for a in outcome.anomalies if a.line == 2] == [
        ("valeur_non_numerique", "file_active", "douze")]


def test_finess_numbers_checked_at_once_as_one_by_one():
    import random

    picker = random.Random(13)
    numbers = [finess.with_key(f"{picker.choice('0123456789')}{picker.choice('0123456789AB')}"
                               f"{picker.randrange(10**6):06d}") for _ in range(2000)]
    numbers += [n[:8] + str((int(n[8]) + 1) % 10) for n in numbers[:500]]  # wrong keys
    numbers += ["2A0000130", "2B000013x", "12345678", "1234567890", "140000001\n", "éà0000001", "", None, 140000001]
    well, corsican, valid = finess.check_numbers(numbers)
    for number, w, c, v in zip(numbers, well, corsican, valid):
        text = number if isinstance(number, str) else ""
        well_formed = finess.is_well_formed(text)
        assert (w, c, v) == (well_formed, well_formed and finess.is_corsican(text), finess.has_valid_key(text)), number
