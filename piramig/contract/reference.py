"""Reference data of seeds/reference: regions and their names."""

from __future__ import annotations

import csv
from functools import cache

from piramig.contract.dictionary import REFERENCE_DIR


@cache
def regions() -> dict[str, str]:
    """INSEE region code -> name, in code order."""
    with open(REFERENCE_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        return {row["code_region"]: row["nom_region"] for row in csv.DictReader(handle)}


def region_codes() -> list[str]:
    return list(regions())


def region_name(code: str | None) -> str:
    return regions().get(code or "", code or "région inconnue")
