"""Which questions each PASS answers, each year.

The fill-rate plan fixes, per region and year, how many questions its PASS answer in all; here that total
is shared among the PASS (sloppy PASS leave more blank) and turned into the set of blank questions:
- some answers are forced: the file active always; the complementary activities a PASS does (answered
  oui); in 2021 the women of the PASS counted in the region's pregnancy table;
- some blanks are forced: new patients in a region that printed "-" (Guyane); in 2021, the women of the few
  PASS left out of that table, and the exact national counts of PASS that did not answer the CPAM files, the
  allophones, the interpreting framework and the medical FTE (quotas);
- the rest are "filler" blanks drawn by how often offices leave each question blank, a whole block at a time
  for PASS that leave many blank. A count of MNA is only given with the count of minors, the CPAM complex
  files only with the CPAM files, the pregnancies only with the women.
"""

from __future__ import annotations

from dataclasses import dataclass

from piramig.contract.dictionary import question_codes
from tools.demo.allocation import apportion, pick, rng, tilted_order
from tools.demo.fill_rates import RegionYear, question_count, split_units, unit_weight
from tools.demo.roster import Pass
from tools.demo.targets import ACTIVITY_FIELDS, NOT_AVAILABLE_CLASS, TARGET_YEAR, Targets

WOMEN = ("nb_femmes", "nb_femmes_suivi_grossesse")
CPAM = ("nb_dossiers_cpam", "nb_dossiers_cpam_complexes")
MINORS = ("nb_age_moins_18", "nb_mna")
BLOCKS = {
    "age": ("nb_age_moins_18", "nb_age_18_25", "nb_age_26_45", "nb_age_46_65", "nb_age_plus_65", "nb_mna"),
    "provenance": tuple(c for c in question_codes() if c.startswith("nb_prov_")),
    "hebergement": tuple(c for c in question_codes() if c.startswith("nb_heb_")),
    "couverture": tuple(c for c in question_codes() if c.startswith("nb_couv_")),
}
# 2021 quotas: the questions left blank together by exactly the PASS that the webinar does not count.
QUOTA_UNITS = {
    "cpam": CPAM,
    "allophones": ("nb_allophones",),
    "framework": ("encadrement_interpretariat",),
    "medical_fte": ("etp_medecin",),
}

# How readily offices leave a single question blank (relative weights).
_SINGLE_BLANK = {
    "uf_dediee": 0.2, "copil_annuel": 0.6, "protocole_urgences": 0.6, "convention_assurance_maladie": 0.8,
    **{f: 0.5 for f in ACTIVITY_FIELDS},
    "nb_consultations_medicales": 0.5, "nb_entretiens_sociaux": 0.7,
    "nb_hommes": 0.15, "nb_sexe_autre_inconnu": 1.2,
    "nb_age_18_25": 0.3, "nb_age_26_45": 0.2, "nb_age_46_65": 0.3, "nb_age_plus_65": 0.4, "nb_mna": 1.4,
    **{f: 0.35 for f in BLOCKS["provenance"]}, "nb_prov_ameriques_oceanie": 0.6,
    **{f: 0.4 for f in BLOCKS["hebergement"]}, "nb_heb_squat_bidonville": 0.8,
    **{f: 0.35 for f in BLOCKS["couverture"]}, "nb_couv_droits_etrangers": 0.7,
    "nb_actes_interpretariat_presentiel": 0.7, "nb_actes_interpretariat_distance": 1.0,
    "montant_interpretariat_eur": 1.3,
    "etp_infirmier": 0.3, "etp_assistant_social": 0.3, "etp_secretaire": 0.6, "etp_psychologue": 0.7,
    "etp_autre": 0.9, "etp_internes_ffi": 0.9,
}
# Questions that are quotas in 2021 and ordinary blanks the other years.
_OTHER_YEARS_BLANK = {
    ("nb_allophones",): 1.4, ("encadrement_interpretariat",): 0.9, ("etp_medecin",): 0.3, CPAM: 0.8, WOMEN: 0.3,
}
_PAIR_BLANK = {MINORS: 0.15}
_BLOCK_BLANK = 1.0
# A whole block is left blank only by a PASS that leaves at least this many questions blank.
_MANY_BLANKS = 10
# In 2021, a region leaves a few PASS out of its pregnancy table only if its other PASS can hold its women
# at no more than this share of their (estimated) file active.
_MAX_WOMEN_SHARE = 0.55
# ... and only if its PASS leave at least this many questions blank on average.
_WOMEN_BLANKS_PER_PASS = 2


@dataclass(frozen=True)
class Answers:
    """One PASS, one year: the applicable questions left blank, and the activities answered oui."""

    missing: frozenset[str]
    yes_activities: frozenset[str]

    def answers(self, field: str) -> bool:
        return field not in self.missing


def plan_answers(
    year: int,
    targets: Targets,
    plans: dict[str, RegionYear],
    present: dict[str, list[Pass]],
    activities_2021: dict[str, frozenset[str]] | None,
    no_new_patients: set[str],
) -> dict[str, Answers]:
    """Pass key -> Answers for one year. `present`: region -> its PASS that year. `activities_2021`: the 2021
    activities (None when planning 2021 itself). `no_new_patients`: PASS forced to leave new patients blank."""
    yes = _activities(year, targets, present, activities_2021)
    forced_answered, forced_missing = _forced(year, targets, plans, present, yes, no_new_patients)
    blanks = {}
    for region, passes in present.items():
        blanks.update(_blank_counts(plans[region], passes, forced_answered, forced_missing))
    missing = {key: set(fields) for key, fields in forced_missing.items()}
    everyone = [p for passes in present.values() for p in passes]
    if year == TARGET_YEAR:
        _assign_quotas(targets, everyone, blanks, missing, forced_answered)
    for p in everyone:
        _fill_blanks(year, p, blanks[p.key], missing[p.key], forced_answered[p.key])
    return {p.key: Answers(frozenset(missing[p.key]), frozenset(yes[p.key])) for p in everyone}


def _forced(year, targets, plans, present, yes, no_new_patients) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The questions each PASS must answer, and those it must leave blank, before quotas and fillers."""
    forced_answered: dict[str, set[str]] = {}
    forced_missing: dict[str, set[str]] = {}
    for region, passes in present.items():
        silent_women = set()
        if year == TARGET_YEAR and _region_blanks(plans[region]) >= _WOMEN_BLANKS_PER_PASS * len(passes):
            silent_women = _pass_without_women(targets, region, passes)
        for p in passes:
            answered = {"file_active", *yes[p.key]}
            missing = set()
            if p.key in no_new_patients or targets.by_region[region].new_patients is None:
                missing.add("nouveaux_patients")
            else:
                answered.add("nouveaux_patients")
            if year == TARGET_YEAR:
                (missing if p.key in silent_women else answered).update(WOMEN)
            forced_answered[p.key], forced_missing[p.key] = answered, missing
    return forced_answered, forced_missing


def _activities(year, targets, present, activities_2021) -> dict[str, frozenset[str]]:
    """The complementary activities each generalist PASS does (answers oui)."""
    yes: dict[str, set[str]] = {}
    for region, passes in present.items():
        generalists = [p for p in passes if p.is_generalist]
        yes.update({p.key: set() for p in passes})
        for field in ACTIVITY_FIELDS:
            published = targets.by_region[region].activities_yes[field]
            generator = rng("activity", year, region, field)
            if year == TARGET_YEAR:
                # Larger PASS run more activities.
                for p in pick(generator, generalists, [p.size for p in generalists], published):
                    yes[p.key].add(field)
                continue
            share = published / max(len(generalists), 1)
            for p in generalists:
                known = activities_2021.get(p.key) if activities_2021 else None
                does = field in known if known is not None else generator.random() < share
                # An activity starts or stops now and then.
                if generator.random() < 0.08:
                    does = not does
                if does:
                    yes[p.key].add(field)
    return {key: frozenset(fields) for key, fields in yes.items()}


def _pass_without_women(targets: Targets, region: str, passes: list[Pass]) -> set[str]:
    """The few PASS of a larger region that do not give their women (2021)."""
    published = targets.by_region[region]
    if len(passes) < 5:
        return set()
    total_size = sum(p.size for p in passes)
    estimated_active = {p.key: published.file_active * p.size / total_size for p in passes}
    largest = max(passes, key=lambda p: p.size)
    candidates = tilted_order(rng("women", region), [p for p in passes if p is not largest],
                              [p.sloppiness for p in passes if p is not largest])
    silent: set[str] = set()
    for p in candidates[: len(passes) // 8]:
        holding = sum(v for key, v in estimated_active.items() if key not in silent | {p.key})
        if published.women_respondents <= _MAX_WOMEN_SHARE * holding:
            silent.add(p.key)
    return silent


def _region_blanks(plan: RegionYear) -> int:
    questions = sum(question_count(t) * n for t, n in plan.composition)
    return questions - sum(split_units(plan.composition, plan.units).values())


def _blank_counts(plan: RegionYear, passes, forced_answered, forced_missing) -> dict[str, int]:
    """How many questions each PASS leaves blank, so that the region's answered units are the plan's."""
    answered_per_weight = split_units(plan.composition, plan.units)
    counts = {}
    for weight, answered in answered_per_weight.items():
        group = [p for p in passes if unit_weight(p.type_pass) == weight]
        blanks = sum(question_count(p.type_pass) for p in group) - answered
        shares = apportion(
            blanks,
            [p.sloppiness for p in group],
            caps=[question_count(p.type_pass) - len(forced_answered[p.key]) for p in group],
            minimums=[len(forced_missing[p.key]) for p in group],
        )
        counts.update({p.key: share for p, share in zip(group, shares)})
    return counts


def _assign_quotas(targets, everyone, blanks, missing, forced_answered) -> None:
    """Leave the 2021 quota questions blank for exactly the published number of PASS."""
    national = targets.national
    answering = {
        "cpam": national.cpam_respondents,
        "allophones": national.allophone_respondents,
        "framework": national.interpreting_framework_yes + national.interpreting_framework_no,
        "medical_fte": national.pass_count - national.medical_fte_classes[NOT_AVAILABLE_CLASS],
    }
    for name, fields in QUOTA_UNITS.items():
        silent_count = len(everyone) - answering[name]
        room = {p.key: blanks[p.key] - len(missing[p.key]) for p in everyone}
        candidates = [p for p in everyone if room[p.key] >= len(fields) and not forced_answered[p.key] & set(fields)]
        # PASS that leave more blank are likelier to leave these blank too.
        for p in pick(rng("quota", name), candidates, [room[p.key] for p in candidates], silent_count):
            missing[p.key].update(fields)
        for p in everyone:
            forced_answered[p.key].update(f for f in fields if f not in missing[p.key])


def _blank_units(year: int, p: Pass) -> list[tuple[tuple[str, ...], float]]:
    applicable = set(question_codes(p.type_pass))
    units = [((field,), weight) for field, weight in _SINGLE_BLANK.items() if field in applicable]
    units += list(_PAIR_BLANK.items())
    if year != TARGET_YEAR:
        units += list(_OTHER_YEARS_BLANK.items())
    units += [(fields, _BLOCK_BLANK) for fields in BLOCKS.values()]
    return units


def _fill_blanks(year: int, p: Pass, count: int, missing: set[str], answered: set[str]) -> None:
    """Add filler blanks to `missing` until the PASS leaves `count` questions blank."""
    units = _blank_units(year, p)
    order = tilted_order(rng("blanks", year, p.key), [u for u, _ in units], [w for _, w in units])
    for fields in order:
        remaining = count - len(missing)
        new = [f for f in fields if f not in missing]
        whole_block = len(fields) >= 5
        if not new or len(new) > remaining or set(fields) & answered or (whole_block and remaining < _MANY_BLANKS):
            continue
        missing.update(new)
    if len(missing) != count:
        raise ValueError(f"{p.key} {year}: {len(missing)} blank questions instead of {count}")
    # The count of minors is only ever left blank with the MNA (both units that hold it hold the MNA too).
    assert "nb_age_moins_18" not in missing or "nb_mna" in missing
