"""The published DGOS figures the demo campaign must reproduce, read from seeds/published and seeds/reference.

Nothing here is typed in: every count, sum and rate comes from `webinaire_2023_05_26.csv`. The only
interpretation made here is how the webinar's approximate phrases become ranges (see `NationalTargets`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from piramig.settings import REFERENCE_DIR, SEEDS_DIR

PUBLISHED_FILE = SEEDS_DIR / "published" / "webinaire_2023_05_26.csv"
TARGET_YEAR = 2021
YEARS = (2019, 2020, 2021)
PASS_TYPES = ("generaliste", "psychiatrique", "bucco_dentaire", "ophtalmologique")
ACTIVITY_FIELDS = ("act_mere_enfant", "act_mobile", "act_bucco_dentaire", "act_psychologue", "act_ophtalmologique")

# The medical FTE classes of the webinar table, as (lower bound excluded, upper bound included) on etp_medecin.
# "aucun" is exactly 0; "non_disponible" is an unanswered etp_medecin.
MEDICAL_FTE_CLASSES = {
    "aucun": (None, Decimal("0")),
    "moins_0_2": (Decimal("0"), Decimal("0.2")),
    "0_2_0_5": (Decimal("0.2"), Decimal("0.5")),
    "0_5_1": (Decimal("0.5"), Decimal("1")),
    "1_2": (Decimal("1"), Decimal("2")),
    "plus_2": (Decimal("2"), None),
}
NOT_AVAILABLE_CLASS = "non_disponible"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    slug: str


@dataclass(frozen=True)
class RegionTargets:
    """The 2021 figures of one region."""

    pass_by_type: dict[str, int]
    activities_yes: dict[str, int]  # act_* field -> generalist PASS answering oui
    file_active: int
    new_patients: int | None  # None: printed "-", no PASS of the region answered
    women_respondents: int
    pregnancy_follow_up: int

    @property
    def pass_count(self) -> int:
        return sum(self.pass_by_type.values())


@dataclass(frozen=True)
class NationalTargets:
    """The 2021 national figures of the webinar's text and tables."""

    pass_count: int
    medical_fte_classes: dict[str, int]  # class name (MEDICAL_FTE_CLASSES or NOT_AVAILABLE_CLASS) -> PASS
    printed_not_available: int  # the "Donnée non disponible" count as printed
    mna_pct: int
    block_respondents: dict[str, int]  # provenance / hebergement / couverture -> patients answered
    cpam_respondents: int
    cpam_files: int
    cpam_complex_pct: int
    allophone_respondents: int
    allophone_file_active: int
    allophones: int
    interpreting_acts_range: tuple[int, int]  # [low, high)
    interpreting_amount_range: tuple[int, int]  # [low, high) euros
    interpreting_framework_yes: int
    interpreting_framework_no: int
    team_fte_mean: Decimal
    team_fte_median: Decimal
    interns_pass: int
    pregnancy_pct_2019: int


@dataclass(frozen=True)
class Targets:
    regions: tuple[Region, ...]  # the regions with PASS, in code order
    fill_rates: dict[int, dict[str, Decimal]]  # year -> region code -> published rate
    national_fill_rates: dict[int, Decimal]
    by_region: dict[str, RegionTargets]
    national: NationalTargets

    def region(self, code: str) -> Region:
        return next(r for r in self.regions if r.code == code)


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^0-9a-z]+", "-", ascii_text).strip("-")


def _published_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class _Figures:
    """Look-up of one published value by (tableau, annee, code_region, indicateur, champ)."""

    def __init__(self, rows: list[dict[str, str]]):
        self._values = {
            (r["tableau"], int(r["annee"]), r["code_region"], r["indicateur"], r["champ"]): r["valeur"]
            for r in rows
        }

    def text(self, table: str, year: int, region: str, indicator: str, field: str = "valeur") -> str:
        return self._values[(table, year, region, indicator, field)]

    def integer(self, table: str, year: int, region: str, indicator: str, field: str = "valeur") -> int | None:
        value = self.text(table, year, region, indicator, field)
        return int(value) if value != "" else None

    def decimal(self, table: str, year: int, region: str, indicator: str, field: str = "valeur") -> Decimal:
        return Decimal(self.text(table, year, region, indicator, field))

    def has(self, table: str, year: int, region: str, indicator: str, field: str = "valeur") -> bool:
        return (table, year, region, indicator, field) in self._values


def _regions_with_pass(figures: _Figures) -> tuple[Region, ...]:
    with open(REFERENCE_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        reference = list(csv.DictReader(handle))
    return tuple(
        Region(row["code_region"], row["nom_region"], slugify(row["nom_region"]))
        for row in reference
        if figures.has("pass_par_type", TARGET_YEAR, row["code_region"], "nb_pass")
        and figures.integer("pass_par_type", TARGET_YEAR, row["code_region"], "nb_pass")
    )


def _region_targets(figures: _Figures, code: str) -> RegionTargets:
    year = TARGET_YEAR
    return RegionTargets(
        pass_by_type={t: figures.integer("pass_par_type", year, code, f"nb_pass_{t}") for t in PASS_TYPES},
        activities_yes={
            f: figures.integer("activites_complementaires", year, code, f"nb_pass_{f}") for f in ACTIVITY_FIELDS
        },
        file_active=figures.integer("file_active_nouveaux_patients", year, code, "file_active"),
        new_patients=figures.integer("file_active_nouveaux_patients", year, code, "nouveaux_patients"),
        women_respondents=figures.integer("femmes_suivi_grossesse", year, code, "nb_femmes_repondants"),
        pregnancy_follow_up=figures.integer("femmes_suivi_grossesse", year, code, "nb_femmes_suivi_grossesse"),
    )


def _national_targets(figures: _Figures) -> NationalTargets:
    year = TARGET_YEAR
    pass_count = figures.integer("pass_par_type", year, "", "nb_pass")
    classes = {
        name: figures.integer("etp_medical", year, "", f"nb_pass_etp_medical_{name}") for name in MEDICAL_FTE_CLASSES
    }
    printed_not_available = figures.integer("etp_medical", year, "", f"nb_pass_etp_medical_{NOT_AVAILABLE_CLASS}")
    # The printed classes add up to 2 PASS less than the table's total: those PASS are counted as
    # "non disponible", the only class that can hold PASS the table left out.
    classes[NOT_AVAILABLE_CLASS] = pass_count - sum(classes.values())
    presential = figures.integer("texte", year, "", "nb_actes_interpretariat_presentiel")
    amount = figures.integer("texte", year, "", "montant_interpretariat_eur")
    return NationalTargets(
        pass_count=pass_count,
        medical_fte_classes=classes,
        printed_not_available=printed_not_available,
        mna_pct=figures.integer("texte", year, "", "pct_mna"),
        block_respondents={
            block: figures.integer("texte", year, "", f"file_active_{block}_repondants")
            for block in ("provenance", "hebergement", "couverture")
        },
        cpam_respondents=figures.integer("texte", year, "", "nb_dossiers_cpam", "nb_pass_repondants"),
        cpam_files=figures.integer("texte", year, "", "nb_dossiers_cpam"),
        cpam_complex_pct=figures.integer("texte", year, "", "pct_dossiers_cpam_complexes"),
        allophone_respondents=figures.integer("texte", year, "", "nb_allophones", "nb_pass_repondants"),
        allophone_file_active=figures.integer("texte", year, "", "pct_allophones", "denominateur"),
        allophones=figures.integer("texte", year, "", "nb_allophones"),
        # "Un peu plus de 22 000 actes": at least the printed figure, below the next thousand.
        interpreting_acts_range=(presential, presential + 1000),
        # "Près de 1,4 M€": a little under the printed figure, from 1.35 M€.
        interpreting_amount_range=(amount - 50_000, amount),
        interpreting_framework_yes=figures.integer("texte", year, "", "nb_pass_encadrement_interpretariat_oui"),
        interpreting_framework_no=figures.integer("texte", year, "", "nb_pass_encadrement_interpretariat_non"),
        team_fte_mean=figures.decimal("texte", year, "", "etp_total_moyen"),
        team_fte_median=figures.decimal("texte", year, "", "etp_total_median"),
        interns_pass=figures.integer("texte", year, "", "nb_pass_etp_internes"),
        pregnancy_pct_2019=figures.integer("texte", 2019, "", "pct_femmes_suivi_grossesse"),
    )


@cache
def load_targets(path: Path = PUBLISHED_FILE) -> Targets:
    figures = _Figures(_published_rows(path))
    regions = _regions_with_pass(figures)
    return Targets(
        regions=regions,
        fill_rates={
            year: {r.code: figures.decimal("taux_remplissage", year, r.code, "taux_remplissage") for r in regions}
            for year in YEARS
        },
        national_fill_rates={year: figures.decimal("taux_remplissage", year, "", "taux_remplissage") for year in YEARS},
        by_region={r.code: _region_targets(figures, r.code) for r in regions},
        national=_national_targets(figures),
    )
