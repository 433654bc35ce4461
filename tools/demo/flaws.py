"""The flawed first 2021 submission of Normandie, and the list of its flaws.

The flawed file is the corrected one plus eight mistakes a regional coordinator would catch, each on its
own PASS row and breaking one rule only (rule ids of validations/rules.csv). The duplicated row adds a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from piramig.contract.finess import with_key
from tools.demo.roster import Pass
from tools.demo.targets import TARGET_YEAR

FLAWED_REGION = "28"
# The file active of one PASS is written as a word in the flawed file, and its corrected value.
WORD_FILE_ACTIVE = ("douze", 12)
# A département of another region, for the FINESS typed from a neighbouring region's list.
OTHER_REGION_DEPARTEMENT = "35"


@dataclass(frozen=True)
class Flaw:
    row: int  # index of the flawed row in the flawed file's rows (0-based, after the duplicate is inserted)
    finess_et: str  # as written in the flawed row
    field: str
    rule: str


def word_file_active_pass(roster) -> Pass:
    """The PASS whose file active the office wrote as a word: the region's last psychiatric PASS of 2021."""
    psychiatric = [p for p in roster if p.region == FLAWED_REGION and p.type_pass == "psychiatrique"]
    return [p for p in psychiatric if TARGET_YEAR in p.years][-1]


def _wrong_key(finess: str) -> str:
    return finess[:8] + str((int(finess[8]) + 3) % 10)


def flawed_rows(corrected: list[dict], word_pass_finess: str) -> tuple[list[dict], list[Flaw]]:
    """The flawed file's rows and its flaws, from the corrected rows."""
    rows = [dict(row) for row in corrected]
    generalists = [i for i, r in enumerate(rows) if r["type_pass"] == "generaliste"]
    psychiatric = [i for i, r in enumerate(rows) if r["type_pass"] == "psychiatrique"]
    word_row = next(i for i in psychiatric if rows[i]["finess_et"] == word_pass_finess)
    mobile_row = next(i for i in psychiatric if i != word_row)
    women_rows = [i for i in generalists if rows[i]["nb_femmes"] and rows[i]["nb_femmes_suivi_grossesse"]]
    new_rows = [i for i in generalists if rows[i]["nouveaux_patients"]]
    # Spread over the file, each on its own row.
    chosen: dict[str, int] = {}
    for rule, pool, position in (
        ("finess_cle_luhn", generalists, 1),
        ("nouveaux_patients_superieur_file_active", new_rows, 4),
        ("cle_dupliquee", generalists, 8),
        ("grossesse_superieure_femmes", women_rows, 11),
        ("finess_departement_region", generalists, 14),
        ("etp_hors_bornes", generalists, 18),
    ):
        free = [i for i in pool if i not in chosen.values() and i not in (word_row, mobile_row)]
        chosen[rule] = free[min(position, len(free) - 1)]
    chosen["valeur_non_numerique"] = word_row
    chosen["activite_complementaire_non_generaliste"] = mobile_row

    changes = {
        "finess_cle_luhn": ("finess_et", lambda r: _wrong_key(r["finess_et"])),
        "finess_departement_region": ("finess_et", lambda r: with_key(OTHER_REGION_DEPARTEMENT + r["finess_et"][2:8])),
        "nouveaux_patients_superieur_file_active": ("nouveaux_patients", lambda r: r["nouveaux_patients"] * 10),
        "grossesse_superieure_femmes": ("nb_femmes_suivi_grossesse",
                                        lambda r: r["nb_femmes"] + r["nb_femmes_suivi_grossesse"]),
        "etp_hors_bornes": ("etp_medecin", lambda r: 80),
        "valeur_non_numerique": ("file_active", lambda r: WORD_FILE_ACTIVE[0]),
        "activite_complementaire_non_generaliste": ("act_mobile", lambda r: True),
    }
    field_of = {rule: field for rule, (field, _) in changes.items()}
    for rule, (field, change) in changes.items():
        rows[chosen[rule]][field] = change(rows[chosen[rule]])
    if rows[chosen["valeur_non_numerique"]]["nouveaux_patients"] is not None:
        raise AssertionError("the PASS with a word for file active must give no new patients")

    duplicated = chosen["cle_dupliquee"]
    rows.insert(duplicated + 1, dict(rows[duplicated]))
    flaws = []
    for rule, index in chosen.items():
        position = index + (index > duplicated)
        if rule == "cle_dupliquee":
            flaws += [Flaw(duplicated, rows[duplicated]["finess_et"], "finess_et", rule),
                      Flaw(duplicated + 1, rows[duplicated]["finess_et"], "finess_et", rule)]
        else:
            flaws.append(Flaw(position, rows[position]["finess_et"], field_of[rule], rule))
    return rows, sorted(flaws, key=lambda f: f.row)
