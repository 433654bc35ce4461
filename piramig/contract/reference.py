"""Reference data of seeds/reference (the dbt seeds too): regions, départements, PASS types, yes/no answers, and
the campaign years and deadlines."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

from piramig.contract.dictionary import normalise_label
from piramig.settings import REFERENCE_DIR

# The first activity year PIRAMIG collected (contract: `annee` is 2018..the current year).
FIRST_CAMPAIGN_YEAR = 2018


def campaign_years(today: dt.date | None = None) -> list[int]:
    return list(range(FIRST_CAMPAIGN_YEAR, (today or dt.date.today()).year + 1))


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def regions() -> dict[str, str]:
    """INSEE region code -> name, in code order."""
    return {row["code_region"]: row["nom_region"] for row in _rows("regions.csv")}


@cache
def expected_regions() -> list[str]:
    """The regions every campaign expects a file from (they have a regional coordination of the PASS)."""
    return [row["code_region"] for row in _rows("regions.csv") if row["campagne_attendue"] == "true"]


@cache
def campaign_deadlines() -> dict[int, dt.date]:
    """Activity year -> deadline for its reports (campagnes.csv)."""
    return {int(row["annee"]): dt.date.fromisoformat(row["date_limite"]) for row in _rows("campagnes.csv")}


def region_codes() -> list[str]:
    return list(regions())


def region_name(code: str | None) -> str:
    return regions().get(code or "", code or "région inconnue")


@cache
def region_of_departement() -> dict[str, str]:
    return {row["code_departement"]: row["code_region"] for row in _rows("departements.csv")}


@cache
def type_pass_names() -> dict[str, str]:
    """Normalised code, label or webinar label of a PASS type -> its code."""
    names: dict[str, str] = {}
    for row in _rows("type_pass.csv"):
        for name in (row["code_type_pass"], row["libelle_type_pass"], row["libelle_webinaire"]):
            names[normalise_label(name)] = row["code_type_pass"]
    return names


@cache
def oui_non_values() -> dict[str, bool]:
    """Accepted spellings of a yes/no answer -> the answer."""
    return {row["valeur"]: row["reponse"] == "true" for row in _rows("oui_non.csv")}
