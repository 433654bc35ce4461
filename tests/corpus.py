"""A corpus of bad inputs, as generators of files: each case names a file, its bytes, and what the pipeline
must make of it, either the whole file refused with a reason, or given rows quarantined (or flagged) by
given rules on given columns. Every case is one region and year of its own, so that all go in one run."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl

from piramig.contract.dictionary import field_by_code, field_codes
from tests.builders import pass_row, submission_csv

REGIONS = ["01", "02", "03", "04", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
DEPARTEMENTS = {"01": "971", "02": "972", "03": "973", "04": "974", "11": "75", "24": "37", "27": "21", "28": "14",
                "32": "59", "44": "67", "52": "44", "53": "35", "75": "33", "76": "31", "84": "69", "93": "13",
                "94": "2A"}


@dataclass
class Case:
    name: str
    data: Callable[[], bytes]
    refused: str | None = None  # the file is refused; its reason contains this
    quarantined: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # line -> (rule, column)
    # warnings: line (None for the file) -> (rule, column)
    flagged: dict[int | None, tuple[str, str | None]] = field(default_factory=dict)
    values: dict[tuple[int, str], object] = field(default_factory=dict)  # (line, column) -> the value stored


_slots = iter([(year, region) for year in (2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025) for region in REGIONS])


def rows(count: int = 3, **overrides) -> tuple[int, str, list[dict[str, str]]]:
    """Valid rows of a (year, region) no other case uses."""
    year, region = next(_slots)
    from piramig.contract import finess

    made = []
    for serial in range(1, count + 1):
        departement = DEPARTEMENTS[region]
        number = finess.with_key(departement + str(serial).zfill(8 - len(departement)))
        made.append(pass_row(year, "28", serial, code_region=region, finess_et=number, finess_ej=number,
                             **overrides))
    return year, region, made


def csv_of(records: list[dict[str, str]], separator: str = ";", encoding: str = "utf-8",
           header: list[str] | None = None) -> bytes:
    header = header or field_codes()
    lines = [separator.join(header)] + [separator.join(r.get(c, "") for c in header) for r in records]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def broken(line_value: dict[str, str], count: int = 3) -> bytes:
    """Valid rows, the second one (line 3) with the given cells."""
    _, _, made = rows(count)
    made[1].update(line_value)
    return submission_csv(made)


def xlsx_of(records: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for record in records:
        workbook.active.append(record)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A workbook whose one sheet expands to 210 MB of spaces (a few hundred kB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1 << 20)
            for _ in range(210):
                sheet.write(chunk)
    return buffer.getvalue()


def two_regions() -> bytes:
    year, region, made = rows(4)
    other = "84" if region != "84" else "11"
    stray = pass_row(year, "84" if other == "84" else "11", 7)  # a PASS of another region, in this file
    return submission_csv(made + [stray])


def mixed_encodings() -> bytes:
    _, _, made = rows(3)
    made[0]["raison_sociale"] = "Hôpital Nord"
    made[1]["raison_sociale"] = "Hôpital Sud"
    lines = submission_csv(made).split(b"\r\n")
    lines[2] = lines[2].decode("utf-8").encode("cp1252")  # one line pasted from an old workbook
    return b"\r\n".join(lines)


def utf16() -> bytes:
    _, _, made = rows(2)
    return csv_of(made, separator="\t").decode("utf-8").encode("utf-16")


def header_too_low() -> bytes:
    _, _, made = rows(2)
    return b"\r\n" * 35 + submission_csv(made)


def header_only() -> bytes:
    return submission_csv([])


def duplicated_column() -> bytes:
    _, _, made = rows(2)
    header = field_codes() + ["file_active"]
    return csv_of([dict(r) for r in made], header=header)


def missing_mandatory_column() -> bytes:
    _, _, made = rows(2)
    return csv_of(made, header=[c for c in field_codes() if c != "finess_ej"])


def unknown_columns() -> bytes:
    _, _, made = rows(2)
    for r in made:
        r["commentaire libre"] = "à revoir"
    return csv_of(made, header=field_codes() + ["commentaire libre"])


def same_header_twice_and_no_header() -> bytes:
    """Two unknown columns under one header, and one with values and no header at all."""
    _, _, made = rows(2)
    lines = [";".join([*field_codes(), "commentaire", "commentaire", ""])]
    lines += [";".join([*(r[c] for c in field_codes()), "premier", "second", "sans titre"]) for r in made]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def huge_cell() -> bytes:
    _, _, made = rows(2)
    made[0]["raison_sociale"] = "x" * 200_000
    return submission_csv(made)


def unclosed_quote() -> bytes:
    """A quote opens a cell and never closes: the rest of the file falls into that cell."""
    _, _, made = rows(3)
    made[1]["raison_sociale"] = '"Centre hospitalier'
    return csv_of(made)


def too_large() -> bytes:
    """Ten times the limit the corpus test sets (PIRAMIG_MAX_FILE_MB=1)."""
    _, _, made = rows(1)
    line = csv_of(made).split(b"\r\n")[1] + b"\r\n"
    return csv_of([]) + line * (10_000_000 // len(line) + 1)


def formula_without_cached_value() -> bytes:
    year, region, made = rows(2)
    header = field_codes()
    records = [header] + [[r[c] for c in header] for r in made]
    records[1][header.index("nb_consultations_medicales")] = "=SUM(A1:A2)"
    return xlsx_of(records)


def excel_errors() -> bytes:
    _, _, made = rows(3)
    header = field_codes()
    records = [header] + [[r[c] for c in header] for r in made]
    records[2][header.index("file_active")] = "#DIV/0!"
    return xlsx_of(records)


def first_sheet_without_header() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notice"
    workbook.active.append(["Remplir la feuille suivante"])
    _, _, made = rows(2)
    data = workbook.create_sheet("Données")
    data.append(field_codes())
    for r in made:
        data.append([r[c] for c in field_codes()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def truncated_xlsx() -> bytes:
    _, _, made = rows(2)
    whole = xlsx_of([field_codes()] + [[r[c] for c in field_codes()] for r in made])
    return whole[: len(whole) // 2]


def years_out_of_range() -> bytes:
    _, _, made = rows(2)
    for r in made:
        r["annee"] = "2017"
    return submission_csv(made)


LABEL = {code: f.label for code, f in field_by_code().items()}

CASES: list[Case] = [
    Case("vide.csv", lambda: b"", refused="vide"),
    Case("espaces.csv", lambda: b"  \r\n \r\n", refused="vide"),
    Case("entete_seule.csv", header_only, refused="aucune ligne de données"),
    Case("binaire.csv", lambda: random.Random(7).randbytes(2048) + b"\x00" * 64, refused="binaire"),
    Case("xlsx_tronque.xlsx", truncated_xlsx, refused="XLSX illisible"),
    Case("bombe.xlsx", zip_bomb, refused="se décompresse"),
    Case("ancien_excel.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, refused="97-2003"),
    Case("scan.pdf.csv", lambda: b"%PDF-1.4\r\n1 0 obj << /Type /Catalog >>\r\nendobj\r\n", refused="en-tête"),
    Case("separateur_pipe.csv", lambda: csv_of(rows(2)[2], separator="|"), refused="en-tête"),
    Case("entete_trop_bas.csv", header_too_low, refused="en-tête"),
    Case("colonne_en_double.csv", duplicated_column, refused="colonne en double"),
    Case("colonne_obligatoire_absente.csv", missing_mandatory_column, refused="finess_ej"),
    Case("cellule_geante.csv", huge_cell, refused="CSV mal formé"),
    Case("trop_gros.csv", too_large, refused="trop volumineux"),
    # The data sheet is found by its header, whatever its name and place.
    Case("premiere_feuille_sans_entete.xlsx", first_sheet_without_header),
    Case("lettres_dans_nombre.csv", lambda: broken({"file_active": "12 patients"}),
         quarantined={3: ("valeur_non_numerique", "file_active")}),
    Case("effectif_negatif.csv", lambda: broken({"nb_entretiens_sociaux": "-4"}),
         quarantined={3: ("valeur_negative", "nb_entretiens_sociaux")}),
    Case("decimal_pour_entier.csv", lambda: broken({"nb_hommes": "12,5"}),
         quarantined={3: ("valeur_non_numerique", "nb_hommes")}),
    Case("date_dans_nombre.csv", lambda: broken({"nb_consultations_medicales": "01/03/2021"}),
         quarantined={3: ("valeur_non_numerique", "nb_consultations_medicales")}),
    Case("formule_texte_csv.csv", lambda: broken({"nb_allophones": "=SUM(A1:A3)"}),
         quarantined={3: ("valeur_non_numerique", "nb_allophones")}),
    Case("formule_sans_valeur.xlsx", formula_without_cached_value,
         flagged={}),  # no cached value: the cell reads as unanswered
    Case("erreur_excel.xlsx", excel_errors, quarantined={3: ("valeur_non_numerique", "file_active")}),
    Case("annee_hors_campagne.csv", years_out_of_range,
         quarantined={2: ("ligne_non_routable", None), 3: ("ligne_non_routable", None)}),
    Case("deux_regions.csv", two_regions, quarantined={6: ("ligne_hors_fichier", None)}),
    Case("region_inconnue.csv", lambda: broken({"code_region": "99"}, count=4),
         quarantined={3: ("ligne_hors_fichier", None)}),
    Case("nombre_demesure.csv", lambda: broken({"file_active": "99999999999"}),
         quarantined={3: ("valeur_hors_bornes", "file_active")}),
    Case("nombre_astronomique.csv", lambda: broken({"montant_interpretariat_eur": "1" + "0" * 20}),
         quarantined={3: ("valeur_non_numerique", "montant_interpretariat_eur")}),
    Case("etp_en_heures.csv", lambda: broken({"etp_infirmier": "151,67"}),
         quarantined={3: ("etp_hors_bornes", "etp_infirmier")}),
    Case("oui_non_invalide.csv", lambda: broken({"uf_dediee": "peut-être"}),
         quarantined={3: ("reponse_oui_non_invalide", "uf_dediee")}),
    Case("type_inconnu.csv", lambda: broken({"type_pass": "pédiatrique"}),
         quarantined={3: ("type_pass_invalide", "type_pass")}),
    Case("finess_faux.csv", lambda: broken({"finess_et": "12345"}), quarantined={3: ("finess_format", "finess_et")}),
    Case("mot_null.csv", lambda: broken({"nb_mna": "NULL"}), quarantined={3: ("valeur_non_numerique", "nb_mna")}),
    Case("nouveaux_superieurs.csv", lambda: broken({"nouveaux_patients": "401"}),
         quarantined={3: ("nouveaux_patients_superieur_file_active", "nouveaux_patients")}),
    Case("guillemet_ouvert.csv", unclosed_quote, quarantined={3: ("champ_obligatoire_vide", "type_pass")},
         flagged={3: ("file_active_non_renseignee", "file_active")}),
    Case("raison_sociale_vide.csv", lambda: broken({"raison_sociale": ""}),
         quarantined={3: ("raison_sociale_vide", "raison_sociale")}),
    Case("colonnes_inconnues.csv", unknown_columns, flagged={None: ("colonne_hors_contrat", "commentaire libre")}),
    Case("colonnes_homonymes_et_sans_entete.csv", same_header_twice_and_no_header,
         flagged={None: ("colonne_hors_contrat", "commentaire (2)")}),
    Case("encodages_melanges.csv", mixed_encodings, flagged={}),
    Case("unicode_excel.txt", utf16, flagged={}),
    Case("lignes_doublees.csv", lambda: (lambda y, r, m: submission_csv(m + [m[0]]))(*rows(2)),
         quarantined={2: ("cle_dupliquee", "finess_et"), 4: ("cle_dupliquee", "finess_et")}),
    Case("..\\..\\windows\\system32.csv", lambda: submission_csv(rows(2)[2])),
    Case("<img src=x onerror=alert(1)>.csv", lambda: submission_csv(rows(2)[2])),
    Case("Île-de-France été 2021 ☀.csv", lambda: submission_csv(rows(2)[2])),
    Case("Ile\u0301-de-France NFD.csv", lambda: submission_csv(rows(2)[2])),
    Case("point_milliers.csv", lambda: broken({"montant_interpretariat_eur": "1.234,50"}),
         values={(3, "montant_interpretariat_eur"): 1234.5}),
    Case("milliers_insecables.csv", lambda: broken({"file_active": "1\u202f200", "nb_hommes": "1\u00a0000"}),
         values={(3, "file_active"): 1200, (3, "nb_hommes"): 1000}),
    # French thousands points in whole numbers: two thousand, not two.
    Case("point_milliers_entiers.csv", lambda: broken({"file_active": "2.000", "nb_consultations_medicales": "1.990"}),
         values={(3, "file_active"): 2000, (3, "nb_consultations_medicales"): 1990, (2, "file_active"): 400}),
]
