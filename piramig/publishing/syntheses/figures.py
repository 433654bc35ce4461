"""The figures a synthesis rests on, read once from the published warehouse (a Snapshot) and laid out per document
as plain JSON-able dicts: a document is made from its figures only, so that their hash (with the code's) says
whether a document already written is still current.

The open-data variant takes the same figures through the project's disclosure control: the counts of patients
the open-data exports mask (piramig.publishing.exports.open_data_tables: counts of 1 to 10, then secondary
suppression, and no national total while a campaign is open) are masked here too, cell for cell, and so is
every share computed from a masked count. Counts of PASS, FTE and euros are not counts of patients: kept.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from piramig.contract.dictionary import block_members, blocks, breakdown_blocks, field_by_code
from piramig.publishing.exports import NATIONAL, open_data_tables
from piramig.publishing.syntheses import NATIONAL_PERIMETER
from piramig.publishing.syntheses.french import SECRET

PROFESSIONS = ["etp_medecin", "etp_infirmier", "etp_assistant_social", "etp_secretaire", "etp_psychologue",
               "etp_autre", "etp_internes_ffi"]
PASS_TYPES = ["generaliste", "psychiatrique", "bucco_dentaire", "ophtalmologique"]
ACTIVITIES = ["act_mere_enfant", "act_mobile", "act_bucco_dentaire", "act_psychologue", "act_ophtalmologique"]
MEDICAL_BINS = ["aucun", "moins_0_2", "0_2_0_5", "0_5_1", "1_2", "plus_2", "non_disponible"]
MEDICAL_BIN_LABELS = ["Aucun ETP médical", "Moins de 0,2 ETP", "Entre plus de 0,2 et 0,5", "Plus de 0,5 et de 1 ETP",
                      "Plus de 1 et 2 ETP", "Plus de 2 ETP", "Donnée non disponible"]  # the webinar's words
BLOCKS = breakdown_blocks()

# Counts of patients of the open data (their names in open_data_tables) each indicator is computed from.
DIRECT_COUNTS = ["file_active", "nouveaux_patients", "nb_femmes_repondants", "nb_femmes_suivi_grossesse",
                 "nb_allophones", "nb_dossiers_cpam"]
DEPENDS: dict[str, list[str]] = {
    **{code: [code] for code in DIRECT_COUNTS},
    "pct_nouveaux_patients": ["file_active", "nouveaux_patients"],
    "pct_nouveaux_patients_methode_webinaire": ["file_active", "nouveaux_patients"],
    "pct_femmes_suivi_grossesse": ["nb_femmes_repondants", "nb_femmes_suivi_grossesse"],
    "pct_allophones": ["nb_allophones"],
    "nb_dossiers_cpam_moyen": ["nb_dossiers_cpam"],
    "pct_dossiers_cpam_complexes": ["nb_dossiers_cpam"],
    "pct_mna": ["nb_age_moins_18"],
}
for _block in BLOCKS:
    for _member in block_members(_block):
        DEPENDS[f"pct_{_member.removeprefix('nb_')}"] = [_member, f"patients_renseignes_{_block}"]
    DEPENDS[f"file_active_{_block}_repondants"] = [f"patients_renseignes_{_block}"]
# A share whose own numerator is a count the open data do not publish: masked when that count is small.
SMALL_NUMERATOR = {"pct_mna"}


def _clean(value):
    """A warehouse value as JSON: None for missing, int for whole numbers, float otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _records(con: duckdb.DuckDBPyConnection, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [{name: _clean(value) for name, value in zip(names, row, strict=True)} for row in cursor.fetchall()]


def _count_source(name: str) -> tuple[str, str]:
    """Where the warehouse holds a count of the open data: (indicator, column)."""
    if name in DIRECT_COUNTS:
        return name, "valeur"
    for block in BLOCKS:
        members = block_members(block)
        if name == f"patients_renseignes_{block}":
            return f"pct_{members[0].removeprefix('nb_')}", "denominateur"
        if name in members:
            return f"pct_{name.removeprefix('nb_')}", "numerateur"
    raise KeyError(name)


@dataclass
class Snapshot:
    """Everything the syntheses read from one published warehouse."""

    indicators: dict[tuple[int, str | None, str], dict]
    campaigns: dict[int, dict]
    regions: dict[str, dict]  # code -> nom_region, libelle (the webinar's), attendue
    labels: dict[str, dict]  # indicator -> libelle, unite
    passes: dict[tuple[int, str], list[dict]]
    completeness: dict[tuple[int, str], dict]
    pass_status: dict[tuple[int, str], list[dict]]  # missing and unexpected PASS
    team: dict[tuple[int, str | None], dict]  # mean FTE per PASS by profession
    funding: dict[tuple[int, str], dict]
    scenario: str
    published: dict[int, dict[tuple[str | None, str], float | None]] = field(default_factory=dict)  # open data

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _, _ in self.indicators})

    def regions_with_data(self, year: int) -> list[str]:
        return sorted({code for y, code, _ in self.indicators if y == year and code is not None},
                      key=lambda code: list(self.regions).index(code))

    def raw(self, year: int, code: str | None, indicator: str, column: str = "valeur"):
        row = self.indicators.get((year, code, indicator))
        return None if row is None else row.get(column)

    def hidden(self, year: int, code: str | None, indicator: str) -> bool:
        """Whether the open data hide what `indicator` is computed from (a masked count, or no national total
        while the campaign is open)."""
        counts = DEPENDS.get(indicator)
        if counts is None or self.raw(year, code, indicator) is None:
            return False
        published = self.published.get(year, {})
        for name in counts:
            source = _count_source(name)
            if self.raw(year, code, *source) is not None and published.get((code, name)) is None:
                return True
        numerator = self.raw(year, code, indicator, "numerateur")
        return indicator in SMALL_NUMERATOR and numerator is not None and 1 <= numerator <= 10

    def value(self, year: int | None, code: str | None, indicator: str, open_data: bool = False):
        if year is None:
            return None
        if open_data and self.hidden(year, code, indicator):
            return SECRET
        return self.raw(year, code, indicator)

    def details(self, year: int | None, code: str | None, indicator: str, open_data: bool = False) -> list:
        """[numerator, denominator, PASS that answered] of an indicator (masked with it)."""
        if year is None or (open_data and self.hidden(year, code, indicator)):
            return [SECRET] * 3 if year is not None else [None] * 3
        return [self.raw(year, code, indicator, column)
                for column in ("numerateur", "denominateur", "nb_pass_repondants")]

    def answered(self, year: int | None, code: str | None, block: str, open_data: bool = False):
        """The patients for whom a breakdown block was answered (the denominator of its shares)."""
        return self.details(year, code, f"pct_{block_members(block)[0].removeprefix('nb_')}", open_data)[1]

    def label(self, indicator: str) -> str:
        return self.labels[indicator]["libelle"]

    def status(self, year: int) -> str:
        return "definitif" if self.campaigns.get(year, {}).get("statut") == "close" else "provisoire"


def _published_counts(con, year: int, codes_by_name: dict[str, str]) -> dict[tuple[str | None, str], float | None]:
    """The open data of a year as (region code or None, count) -> value, None where masked."""
    cells = {}
    for table in open_data_tables(con, year).values():
        for row in table.to_dict("records"):
            code = None if row["region"] == NATIONAL else codes_by_name.get(row["region"])
            for name, value in row.items():
                if name != "region":
                    cells[(code, name)] = _clean(None if value is None or value != value else float(value))
    return cells


def load_snapshot(published: Path) -> Snapshot:
    with duckdb.connect(str(published), read_only=True) as con:
        indicators = {
            (r["annee"], r["code_region"], r["indicateur"]): r for r in _records(
                con, """SELECT annee, code_region, indicateur, valeur, numerateur, denominateur, nb_pass_repondants
                        FROM marts.fct_indicators""")}
        campaigns = {r["annee"]: r for r in _records(
            con, """SELECT annee, statut, close_le, annee_reference, regions_attendues, regions_recues,
                           pass_attendues, pass_recues, pass_manquantes, pass_non_attendues
                    FROM marts.dim_campagnes""")}
        regions = {r["code_region"]: r for r in _records(
            con, """SELECT code_region, nom_region, coalesce(libelle_webinaire, nom_region) AS libelle,
                           campagne_attendue AS attendue FROM marts.dim_regions ORDER BY code_region""")}
        labels = {r["code_indicateur"]: r for r in _records(
            con, "SELECT code_indicateur, libelle, unite FROM marts.dim_indicators")}
        passes: dict[tuple[int, str], list[dict]] = {}
        for r in _records(con, f"""SELECT annee, code_region, finess_et, raison_sociale, type_pass, taux_remplissage,
                                          {', '.join(ACTIVITIES)}
                                   FROM marts.dim_pass ORDER BY raison_sociale, finess_et, type_pass"""):
            passes.setdefault((r.pop("annee"), r.pop("code_region")), []).append(r)
        # What the documents print of completeness only: an approval, which changes the region's state, leaves
        # its synthesis as it was.
        completeness = {(r.pop("annee"), r.pop("code_region")): r for r in _records(
            con, """SELECT annee, code_region, pass_attendues, pass_recues, pass_manquantes, pass_non_attendues,
                           recu_a_temps, recu_le FROM marts.fct_completude""")}
        pass_status: dict[tuple[int, str], list[dict]] = {}
        for r in _records(con, """SELECT annee, code_region, finess_et, raison_sociale, type_pass, statut_pass
                                  FROM marts.fct_completude_pass WHERE statut_pass <> 'recue'
                                  ORDER BY raison_sociale, finess_et, type_pass"""):
            pass_status.setdefault((r.pop("annee"), r.pop("code_region")), []).append(r)
        team = {(r.pop("annee"), r.pop("code_region")): r for r in _records(
            con, f"""SELECT annee, code_region, count(*) AS nb_pass,
                            {', '.join(f'avg({p}) AS {p}' for p in PROFESSIONS)}
                     FROM marts.fct_pass_activity GROUP BY GROUPING SETS ((annee, code_region), (annee))""")}
        scenario = con.execute("""SELECT libelle FROM reference.dotation_scenarios
                                  ORDER BY est_scenario_de_reference DESC, scenario LIMIT 1""").fetchone()[0]
        funding = {(r.pop("annee"), r.pop("code_region")): r for r in _records(
            con, """SELECT d.annee, d.code_region, d.montant, d.part_nationale, d.montant_annee_precedente,
                           d.evolution_pct, d.encadrement, d.nb_pass_eligibles, d.nb_pass_non_eligibles, d.explication
                    FROM marts.fct_dotation_region d JOIN reference.dotation_scenarios s USING (scenario)
                    WHERE s.libelle = ?""", [scenario])}
        snapshot = Snapshot(indicators, campaigns, regions, labels, passes, completeness, pass_status, team, funding,
                            scenario)
        codes_by_name = {r["nom_region"]: code for code, r in regions.items()}
        snapshot.published = {year: _published_counts(con, year, codes_by_name) for year in snapshot.years}
    return snapshot


def _campaign(snapshot: Snapshot, year: int) -> dict:
    campaign = dict(snapshot.campaigns.get(year, {}))
    campaign["statut_chiffres"] = snapshot.status(year)
    return campaign


def _previous(snapshot: Snapshot, year: int, code: str | None) -> int | None:
    """The year before, if the warehouse has it for this perimeter."""
    before = year - 1
    return before if snapshot.raw(before, code, "nb_pass") is not None else None


def _ranked(snapshot: Snapshot, year: int, indicator: str, code: str) -> list[int] | None:
    """The region's rank (1 = highest) among the regions of the year, and their number."""
    values = {c: snapshot.raw(year, c, indicator) for c in snapshot.regions_with_data(year)}
    values = {c: v for c, v in values.items() if v is not None}
    if code not in values:
        return None
    return [1 + sum(v > values[code] for v in values.values()), len(values)]


def regional_figures(snapshot: Snapshot, year: int, code: str, open_data: bool = False) -> dict:
    """What a region's synthesis of a year shows: each indicator for the region this year and the year before and
    for the nation this year; the series of the years available; its PASS, completeness, team and funding."""
    before = _previous(snapshot, year, code)
    values = {indicator: [snapshot.value(year, code, indicator, open_data),
                          snapshot.value(before, code, indicator, open_data),
                          snapshot.value(year, None, indicator, open_data)]
              for indicator in sorted(snapshot.labels)}
    series = [[y, snapshot.value(y, code, "file_active", open_data),
               snapshot.value(y, code, "nouveaux_patients", open_data),
               snapshot.value(y, code, "pct_nouveaux_patients", open_data),
               snapshot.value(y, None, "file_active", open_data)]
              for y in snapshot.years if y <= year and snapshot.raw(y, code, "nb_pass") is not None]
    funding = snapshot.funding.get((year, code)) if snapshot.status(year) == "definitif" else None
    return {
        "type": "region", "annee": year, "code": code, "nom": snapshot.regions[code]["nom_region"],
        "ouvert": open_data, "campagne": _campaign(snapshot, year), "annee_precedente": before,
        "valeurs": values, "serie": series,
        "pass": snapshot.passes.get((year, code), []),
        "completude": snapshot.completeness.get((year, code)),
        "pass_hors_envoi": snapshot.pass_status.get((year, code), []),
        "equipe": {p: [snapshot.team.get((year, code), {}).get(p), snapshot.team.get((year, None), {}).get(p)]
                   for p in PROFESSIONS},
        "renseignes": {block: [snapshot.answered(year, code, block, open_data),
                               snapshot.answered(before, code, block, open_data),
                               snapshot.answered(year, None, block, open_data)] for block in BLOCKS},
        "rang_grossesse": None if open_data and values["pct_femmes_suivi_grossesse"][0] == SECRET
        else _ranked(snapshot, year, "pct_femmes_suivi_grossesse", code),
        "dotation": funding, "scenario": snapshot.scenario,
        "libelles": {i: [r["libelle"], r["unite"]] for i, r in sorted(snapshot.labels.items())},
        "professions": {p: field_by_code()[p].label for p in PROFESSIONS},
        "blocs": {b: blocks()[b][0] for b in BLOCKS},
    }


# The indicators the national restitution shows per region, as the webinar's tables do.
REGIONAL_TABLE_INDICATORS = [
    "nb_pass", "nb_pass_generaliste", "pct_pass_generaliste", *(f"nb_pass_{t}" for t in PASS_TYPES[1:]),
    *(f"nb_pass_{a}" for a in ACTIVITIES), "file_active", "nouveaux_patients", "pct_nouveaux_patients",
    "nb_femmes_repondants", "nb_femmes_suivi_grossesse", "pct_femmes_suivi_grossesse", "taux_remplissage",
]


# The national figures the webinar quotes with what they rest on (« les 343 PASS répondantes »...).
DETAILED = ["nb_dossiers_cpam", "pct_dossiers_cpam_complexes", "pct_allophones", "nb_allophones",
            "nb_actes_interpretariat_presentiel", "montant_interpretariat_eur", "pct_mna"]


def national_figures(snapshot: Snapshot, year: int, open_data: bool = False) -> dict:
    """What the national restitution of a year shows: the webinar's tables (regions under their printed label,
    in the printed order), its charts' series and its quoted figures."""
    before = _previous(snapshot, year, None)
    regions = sorted(snapshot.regions_with_data(year), key=lambda code: snapshot.regions[code]["libelle"])
    years = [y for y in snapshot.years if y <= year]
    per_region = {indicator: {code: snapshot.value(year, code, indicator, open_data) for code in regions}
                  for indicator in REGIONAL_TABLE_INDICATORS}
    fill_rates = {str(y): {code: snapshot.value(y, code, "taux_remplissage", open_data) for code in regions}
                  | {NATIONAL_PERIMETER: snapshot.value(y, None, "taux_remplissage", open_data)} for y in years}
    first = min((y for y in years if any(snapshot.raw(y, c, "file_active") is not None for c in regions)),
                default=year)
    return {
        "type": "national", "annee": year, "ouvert": open_data, "campagne": _campaign(snapshot, year),
        "annee_precedente": before,
        "valeurs": {indicator: [snapshot.value(year, None, indicator, open_data),
                                snapshot.value(before, None, indicator, open_data)]
                    for indicator in sorted(snapshot.labels)},
        "regions": [[code, snapshot.regions[code]["libelle"]] for code in regions],
        "renseignes": {block: [snapshot.answered(year, None, block, open_data),
                               snapshot.answered(before, None, block, open_data)] for block in BLOCKS},
        "details": {indicator: snapshot.details(year, None, indicator, open_data) for indicator in DETAILED},
        "par_region": per_region,
        "remplissage": fill_rates,
        "serie": [[y, snapshot.value(y, None, "file_active", open_data),
                   snapshot.value(y, None, "nouveaux_patients", open_data)] for y in years],
        "premiere_annee": first,
        "file_active_premiere_annee": {code: snapshot.value(first, code, "file_active", open_data)
                                       for code in regions},
        "equipe": {p: snapshot.team.get((year, None), {}).get(p) for p in PROFESSIONS},
        "dotation": [[code, snapshot.funding[(year, code)]] for code in regions if (year, code) in snapshot.funding]
        if snapshot.status(year) == "definitif" else None,
        "scenario": snapshot.scenario,
        "libelles": {i: [r["libelle"], r["unite"]] for i, r in sorted(snapshot.labels.items())},
        "professions": {p: field_by_code()[p].label for p in PROFESSIONS},
        "blocs": {b: blocks()[b][0] for b in BLOCKS},
    }


def perimeters(snapshot: Snapshot) -> list[tuple[int, str]]:
    """Every (year, perimeter) with data: the regions that sent their file, and the nation."""
    return [(year, perimeter) for year in snapshot.years
            for perimeter in [*snapshot.regions_with_data(year), NATIONAL_PERIMETER]]


def figures(snapshot: Snapshot, year: int, perimeter: str, open_data: bool = False) -> dict:
    if perimeter == NATIONAL_PERIMETER:
        return national_figures(snapshot, year, open_data)
    return regional_figures(snapshot, year, perimeter, open_data)
