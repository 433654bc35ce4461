"""The demo PASS: which hospital hosts each, its FINESS numbers, and the years it reports.

A PASS keeps its FINESS, name and type from year to year. The counts per type and year come from the
fill-rate plan: a region with fewer PASS in an earlier year has PASS that opened later, one with more has
PASS that closed since. PASS present every year get the largest hospitals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from piramig.contract.finess import with_key
from tools.demo.allocation import rng, spread
from tools.demo.fill_rates import RegionYear
from tools.demo.places import Site, sites
from tools.demo.targets import PASS_TYPES, TARGET_YEAR, YEARS, Targets

# Regions with at least this many psychiatric PASS in 2021 host one of them on the site of their first
# generalist PASS (same FINESS ET, another type): the contract's key allows it and it happens.
SHARED_SITE_MIN_PSYCHIATRIC = 4


@dataclass(frozen=True)
class Pass:
    key: str  # stable identifier: region-type-rank
    region: str
    type_pass: str
    finess_et: str
    finess_ej: str
    raison_sociale: str
    years: tuple[int, ...]
    size: float = field(compare=False)  # relative number of patients
    sloppiness: float = field(compare=False)  # how readily it leaves questions blank

    @property
    def is_generalist(self) -> bool:
        return self.type_pass == "generaliste"


def presence_intervals(counts: dict[int, int]) -> list[tuple[int, ...]]:
    """Years of presence of each PASS of one type, given its count per year; each PASS reports on
    consecutive years. PASS present every year come first, then those still open in 2021."""
    always = min(counts.values())
    active: list[list[int]] = []
    finished: list[list[int]] = []
    for year in YEARS:
        extra = counts[year] - always
        while len(active) > extra:  # the oldest extra PASS close first
            finished.append(active.pop(0))
        for years in active:
            years.append(year)
        while len(active) < extra:
            active.append([year])
    finished += active
    finished.sort(key=lambda years: (TARGET_YEAR not in years, years[0]))
    return [YEARS] * always + [tuple(years) for years in finished]


class _FinessRegistry:
    """Hands out distinct, valid FINESS numbers."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, departement: str, seed: str) -> str:
        generator = rng("finess", seed)
        digits = 8 - len(departement) - 1
        while True:
            number = with_key(f"{departement}0{generator.randrange(10**digits):0{digits}d}")
            if number not in self.used:
                self.used.add(number)
                return number


def _size(rank_in_departement: int, rank_in_region: int, type_pass: str, seed: str) -> float:
    if type_pass != "generaliste":
        base = {"psychiatrique": 0.35, "bucco_dentaire": 0.7, "ophtalmologique": 0.5}[type_pass]
    elif rank_in_region == 0:
        base = 3.5  # the regional university hospital
    else:
        base = 2.0 if rank_in_departement == 0 else 1.0
    return base * spread(rng("size", seed), 0.55, 1.6)


def build_roster(targets: Targets, plans: dict[int, dict[str, RegionYear]]) -> list[Pass]:
    registry = _FinessRegistry()
    roster: list[Pass] = []
    for region in targets.regions:
        roster += _region_roster(region.code, plans, registry)
    return roster


def _region_roster(region: str, plans: dict[int, dict[str, RegionYear]], registry: _FinessRegistry) -> list[Pass]:
    catalogue = sites(region)
    rank_in_departement: dict[str, int] = {}
    seen_per_departement: dict[str, int] = {}
    for site in catalogue:
        if site.kind == "generaliste":
            rank_in_departement[site.name] = seen_per_departement.get(site.departement, 0)
            seen_per_departement[site.departement] = rank_in_departement[site.name] + 1
    legal_entities: dict[str, str] = {}
    site_numbers: dict[str, str] = {}

    def numbers(site: Site) -> tuple[str, str]:
        if site.group not in legal_entities:
            legal_entities[site.group] = registry.new(site.departement, f"ej|{region}|{site.group}")
        if site.name not in site_numbers:
            site_numbers[site.name] = registry.new(site.departement, f"et|{region}|{site.name}")
        return site_numbers[site.name], legal_entities[site.group]

    generalist_sites = [s for s in catalogue if s.kind == "generaliste"]
    roster: list[Pass] = []
    for type_pass in PASS_TYPES:
        counts = {year: plans[year][region].counts().get(type_pass, 0) for year in YEARS}
        intervals = presence_intervals(counts)
        own_sites = [s for s in catalogue if s.kind == type_pass]
        shares_site = type_pass == "psychiatrique" and counts[TARGET_YEAR] >= SHARED_SITE_MIN_PSYCHIATRIC
        present_in_2021 = sum(TARGET_YEAR in years for years in intervals)
        for rank, years in enumerate(intervals):
            if shares_site and rank == present_in_2021 - 1:
                site = generalist_sites[0]
            elif own_sites:
                site = own_sites.pop(0)
            elif type_pass == "generaliste":
                raise ValueError(f"region {region}: the catalogue has too few generalist sites")
            else:  # no dedicated site left: a service of one of the region's largest hospitals
                site = generalist_sites[rank % len(generalist_sites)]
            finess_et, finess_ej = numbers(site)
            key = f"{region}-{type_pass}-{rank + 1:02d}"
            roster.append(
                Pass(
                    key=key,
                    region=region,
                    type_pass=type_pass,
                    finess_et=finess_et,
                    finess_ej=finess_ej,
                    raison_sociale=site.name,
                    years=years,
                    size=_size(rank_in_departement.get(site.name, 0), catalogue.index(site), type_pass, key),
                    sloppiness=spread(rng("sloppiness", key), 0.3, 1.7),
                )
            )
    return roster
