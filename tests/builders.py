"""Small valid submissions for tests: rows that pass every rule unless a test breaks them on purpose."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from piramig.contract import finess
from piramig.contract.dictionary import field_codes

DEPARTEMENT_OF_REGION = {"28": "14", "11": "75", "24": "45", "84": "69", "53": "35", "94": "2A", "01": "971"}


def finess_number(region: str, serial: int) -> str:
    departement = DEPARTEMENT_OF_REGION[region]
    first_eight = (departement + str(serial).zfill(8 - len(departement)))[:8]
    return finess.with_key(first_eight)


def pass_row(year: int, region: str, serial: int, **overrides) -> dict[str, str]:
    """A generalist PASS answering every question, consistent with every row rule."""
    number = finess_number(region, serial)
    row = {code: "" for code in field_codes()}
    row.update(
        annee=str(year), code_region=region, finess_et=number, finess_ej=number,
        raison_sociale=f"Centre hospitalier {serial}", type_pass="generaliste",
        uf_dediee="oui", copil_annuel="oui", protocole_urgences="non", convention_assurance_maladie="oui",
        act_mere_enfant="non", act_mobile="oui", act_bucco_dentaire="non", act_psychologue="non",
        act_ophtalmologique="non", file_active="400", nouveaux_patients="250", nb_consultations_medicales="900",
        nb_entretiens_sociaux="700", nb_hommes="250", nb_femmes="140", nb_sexe_autre_inconnu="10",
        nb_femmes_suivi_grossesse="30", nb_age_moins_18="40", nb_age_18_25="80", nb_age_26_45="180",
        nb_age_46_65="80", nb_age_plus_65="20", nb_mna="10", nb_dossiers_cpam="120", nb_dossiers_cpam_complexes="40",
        nb_allophones="150", etp_medecin="0,5", etp_infirmier="1", etp_assistant_social="1",
        nb_prov_france="100", nb_prov_union_europeenne="20", nb_prov_europe_hors_ue="30", nb_prov_afrique_nord="60",
        nb_prov_afrique_subsaharienne="120", nb_prov_asie_moyen_orient="40", nb_prov_ameriques_oceanie="10",
        nb_heb_logement_personnel="60", nb_heb_tiers="140", nb_heb_structure="90", nb_heb_squat_bidonville="30",
        nb_heb_sans_abri="50", nb_couv_aucune="170", nb_couv_ame="80", nb_couv_puma_sans_complementaire="60",
        nb_couv_css="40", nb_couv_complete="20", nb_couv_droits_etrangers="10",
        nb_actes_interpretariat_presentiel="90", nb_actes_interpretariat_distance="40",
        montant_interpretariat_eur="3 500,50", encadrement_interpretariat="oui", etp_secretaire="0,5",
        etp_psychologue="0,2", etp_autre="0", etp_internes_ffi="0",
    )
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def submission_csv(rows: list[dict[str, str]], separator: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=field_codes(), delimiter=separator, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def regional_file(year: int, region: str, count: int, first_serial: int = 1, **overrides) -> bytes:
    return submission_csv([pass_row(year, region, first_serial + i, **overrides) for i in range(count)])


def drop(inbox: Path, name: str, data: bytes, mtime: float | None = None) -> Path:
    import os

    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path
