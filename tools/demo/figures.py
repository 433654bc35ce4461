"""The counts and answers of each PASS for one year, given which questions it answers.

2021 values are shared out so that every published sum holds exactly (`apportion`); 2019 and 2020 values
follow each PASS's 2021 ones with a yearly trend (2020: COVID, fewer patients) and the same proportions,
plus the 2019 national pregnancy share of the webinar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.demo.allocation import apportion, pick, rng, spread
from tools.demo.answers import BLOCKS, Answers
from tools.demo.roster import Pass
from tools.demo.targets import ACTIVITY_FIELDS, TARGET_YEAR, Targets

OVERSEAS_AMERICAS = ("01", "02", "03")
REUNION = "04"
MINIMUM_FILE_ACTIVE = 5

# File active of a year relative to 2021, per PASS: 2020 lower (COVID), 2019 around 2021.
_TREND = {2019: (0.82, 1.08), 2020: (0.68, 0.93)}

# Share of each category in a block, before each PASS's own variation.
_PROVENANCE = {
    "metropole": {"nb_prov_france": 0.22, "nb_prov_union_europeenne": 0.07, "nb_prov_europe_hors_ue": 0.08,
                  "nb_prov_afrique_nord": 0.2, "nb_prov_afrique_subsaharienne": 0.3,
                  "nb_prov_asie_moyen_orient": 0.09, "nb_prov_ameriques_oceanie": 0.04},
    "antilles_guyane": {"nb_prov_france": 0.25, "nb_prov_union_europeenne": 0.02, "nb_prov_europe_hors_ue": 0.01,
                        "nb_prov_afrique_nord": 0.01, "nb_prov_afrique_subsaharienne": 0.03,
                        "nb_prov_asie_moyen_orient": 0.02, "nb_prov_ameriques_oceanie": 0.66},
    "reunion": {"nb_prov_france": 0.5, "nb_prov_union_europeenne": 0.02, "nb_prov_europe_hors_ue": 0.01,
                "nb_prov_afrique_nord": 0.02, "nb_prov_afrique_subsaharienne": 0.38,
                "nb_prov_asie_moyen_orient": 0.05, "nb_prov_ameriques_oceanie": 0.02},
}
_HOUSING = {"nb_heb_logement_personnel": 0.22, "nb_heb_tiers": 0.36, "nb_heb_structure": 0.2,
            "nb_heb_squat_bidonville": 0.06, "nb_heb_sans_abri": 0.16}
_COVERAGE = {"nb_couv_aucune": 0.42, "nb_couv_ame": 0.15, "nb_couv_puma_sans_complementaire": 0.12,
             "nb_couv_css": 0.12, "nb_couv_complete": 0.1, "nb_couv_droits_etrangers": 0.09}
_AGES_BEYOND_MINORS = {"nb_age_18_25": 0.18, "nb_age_26_45": 0.45, "nb_age_46_65": 0.22, "nb_age_plus_65": 0.06}
_COMPLIANCE = {"uf_dediee": 0.9, "copil_annuel": 0.65, "protocole_urgences": 0.55, "convention_assurance_maladie": 0.5}


@dataclass
class YearValues:
    """Values of one year: pass key -> field -> value, for answered questions only."""

    year: int
    values: dict[str, dict[str, object]] = field(default_factory=dict)


def _answering(passes: list[Pass], answers: dict[str, Answers], field_code: str) -> list[Pass]:
    return [p for p in passes if answers[p.key].answers(field_code)]


def _noise(*parts: object, low: float = 0.6, high: float = 1.4) -> float:
    return spread(rng("noise", *parts), low, high)


def _share_exactly(total: int, passes: list[Pass], weight, cap=None, minimum=None) -> dict[str, int]:
    shares = apportion(
        total,
        [weight(p) for p in passes],
        caps=[cap(p) for p in passes] if cap else None,
        minimums=[minimum(p) for p in passes] if minimum else None,
    )
    return {p.key: share for p, share in zip(passes, shares)}


class YearBuilder:
    """Fills one year's values field by field. `reference`: the 2021 values (None when building 2021)."""

    def __init__(self, year, targets: Targets, present: dict[str, list[Pass]], answers: dict[str, Answers],
                 reference: YearValues | None, fixed_file_active: dict[str, int]):
        self.year = year
        self.targets = targets
        self.present = present
        self.passes = [p for passes in present.values() for p in passes]
        self.answers = answers
        self.reference = reference
        self.fixed_file_active = fixed_file_active
        self.exact = year == TARGET_YEAR
        self.result = YearValues(year, {p.key: {} for p in self.passes})

    # -- helpers -------------------------------------------------------------------------------------------
    def value(self, p: Pass, field_code: str):
        return self.result.values[p.key].get(field_code)

    def set(self, p: Pass, field_code: str, value) -> None:
        if self.answers[p.key].answers(field_code):
            self.result.values[p.key][field_code] = value

    def answering(self, field_code: str, passes: list[Pass] | None = None) -> list[Pass]:
        return _answering(passes if passes is not None else self.passes, self.answers, field_code)

    def file_active(self, p: Pass) -> int:
        return self.result.values[p.key]["file_active"]

    def noise(self, p: Pass, what: str, low: float = 0.6, high: float = 1.4) -> float:
        return _noise(self.year, p.key, what, low=low, high=high)

    def share_of_file_active(self, p: Pass, share: float, what: str, low: float, high: float) -> int:
        """About `share` of the PASS's file active, varying from PASS to PASS within [low, high] times."""
        return round(self.file_active(p) * share * self.noise(p, what, low, high))

    def region_ratio(self, region: str, numerator: str) -> float | None:
        published = self.targets.by_region[region]
        value = {"new": published.new_patients, "women": published.women_respondents}[numerator]
        return None if value is None else value / published.file_active

    # -- the fields ----------------------------------------------------------------------------------------
    def build(self) -> YearValues:
        self.file_actives()
        self.new_patients()
        self.activity_counts()
        self.sexes()
        self.ages()
        for block, shares in (("provenance", None), ("hebergement", _HOUSING), ("couverture", _COVERAGE)):
            self.breakdown(block, shares)
        self.cpam()
        self.interpreting()
        self.yes_no_answers()
        return self.result

    def file_actives(self) -> None:
        for region, passes in self.present.items():
            if self.exact:
                free = [p for p in passes if p.key not in self.fixed_file_active]
                fixed_total = sum(self.fixed_file_active.get(p.key, 0) for p in passes)
                total = self.targets.by_region[region].file_active - fixed_total
                shares = _share_exactly(total, free, lambda p: p.size * self.noise(p, "fa"),
                                        minimum=lambda p: MINIMUM_FILE_ACTIVE)
                shares.update({p.key: self.fixed_file_active[p.key] for p in passes if p.key not in shares})
            else:
                shares = {p.key: self.trended_file_active(p, passes) for p in passes}
            for p in passes:
                self.result.values[p.key]["file_active"] = shares[p.key]
        if self.exact:
            self.match_allophone_file_active()

    def trended_file_active(self, p: Pass, region_passes: list[Pass]) -> int:
        low, high = _TREND[self.year]
        trend = spread(rng("trend", self.year, p.key), low, high)
        if self.reference is not None and p.key in self.reference.values:
            base = self.reference.values[p.key]["file_active"]
        else:  # a PASS closed before 2021: as large as its size says, next to the others of its region
            known = [q for q in region_passes if self.reference and q.key in self.reference.values]
            per_size = (sum(self.reference.values[q.key]["file_active"] for q in known)
                        / sum(q.size for q in known))
            base = p.size * per_size
        return max(MINIMUM_FILE_ACTIVE, round(base * trend))

    def match_allophone_file_active(self) -> None:
        """Move patients between PASS of a region so that the PASS answering nb_allophones hold the
        published file active (region totals unchanged)."""
        target = self.targets.national.allophone_file_active
        answering = {p.key for p in self.answering("nb_allophones")}
        values = self.result.values
        gap = target - sum(values[k]["file_active"] for k in answering)
        regions = []
        for passes in self.present.values():
            movable = [p for p in passes if p.key not in self.fixed_file_active]
            inside = [p for p in movable if p.key in answering]
            outside = [p for p in movable if p.key not in answering]
            if inside and outside:
                pool = outside if gap > 0 else inside
                regions.append((inside, outside, sum(values[p.key]["file_active"] for p in pool) // 2))
        moves = apportion(abs(gap), [room for *_, room in regions], caps=[room for *_, room in regions])
        for (inside, outside, _), move in zip(regions, moves):
            signed = move if gap > 0 else -move
            for group, change in ((inside, signed), (outside, -signed)):
                total = sum(values[p.key]["file_active"] for p in group) + change
                shares = _share_exactly(total, group, lambda p: values[p.key]["file_active"],
                                        minimum=lambda p: MINIMUM_FILE_ACTIVE)
                for p in group:
                    values[p.key]["file_active"] = shares[p.key]

    def new_patients(self) -> None:
        for region, passes in self.present.items():
            answering = self.answering("nouveaux_patients", passes)
            published = self.targets.by_region[region].new_patients
            if not answering:
                continue
            if self.exact:
                shares = _share_exactly(published, answering,
                                        lambda p: self.file_active(p) * self.noise(p, "new", 0.8, 1.2),
                                        cap=self.file_active)
            else:
                ratio = self.region_ratio(region, "new")
                shares = {p.key: min(self.file_active(p), self.share_of_file_active(p, ratio, "new", 0.8, 1.15))
                          for p in answering}
            for p in answering:
                self.set(p, "nouveaux_patients", shares[p.key])

    def activity_counts(self) -> None:
        for p in self.passes:
            per_patient = (3.0, 6.0) if p.type_pass == "psychiatrique" else (1.5, 3.5)
            self.set(p, "nb_consultations_medicales",
                     round(self.file_active(p) * spread(rng("consultations", self.year, p.key), *per_patient)))
            self.set(p, "nb_entretiens_sociaux",
                     round(self.file_active(p) * spread(rng("interviews", self.year, p.key), 0.5, 1.8)))

    def sexes(self) -> None:
        women = {}
        for region, passes in self.present.items():
            answering = self.answering("nb_femmes", passes)
            cap = lambda p: int(0.85 * self.file_active(p))
            ratio = self.region_ratio(region, "women")
            if self.exact:
                weight = lambda p: self.file_active(p) * self.noise(p, "women", 0.85, 1.15)
                women.update(_share_exactly(self.targets.by_region[region].women_respondents, answering, weight,
                                            cap=cap))
            else:
                women.update({p.key: min(cap(p), self.share_of_file_active(p, ratio, "women", 0.85, 1.15))
                              for p in answering})
        for p in self.passes:
            covered = int(self.file_active(p) * self.noise(p, "sex_cover", 0.9, 1.0))
            other = round(self.file_active(p) * 0.01 * self.noise(p, "sex_other", 0.0, 2.0))
            self.set(p, "nb_sexe_autre_inconnu", other)
            if p.key in women:
                self.set(p, "nb_femmes", women[p.key])
                men = covered - women[p.key] - (self.value(p, "nb_sexe_autre_inconnu") or 0)
            else:
                men = round(covered * self.noise(p, "men", 0.55, 0.68))
            self.set(p, "nb_hommes", max(0, men))
        self.pregnancies(women)

    def pregnancies(self, women: dict[str, int]) -> None:
        answering = [p for p in self.passes if p.key in women]
        weight = lambda p: women[p.key] * self.noise(p, "pregnancy")
        cap = lambda p: women[p.key]
        if self.exact:
            follow_up = {}
            for region in self.present:
                in_region = [p for p in answering if p.region == region]
                follow_up.update(_share_exactly(self.targets.by_region[region].pregnancy_follow_up, in_region,
                                                weight, cap=cap))
        elif self.year == 2019:
            # The webinar gives the 2019 national share: "(22% en 2019)".
            total = round(self.targets.national.pregnancy_pct_2019 / 100 * sum(women.values()))
            follow_up = _share_exactly(total, answering, lambda p: weight(p) * self.pregnancy_ratio(p), cap=cap)
        else:
            follow_up = {p.key: min(women[p.key], round(weight(p) * self.pregnancy_ratio(p))) for p in answering}
        for p in answering:
            self.set(p, "nb_femmes_suivi_grossesse", follow_up[p.key])

    def pregnancy_ratio(self, p: Pass) -> float:
        published = self.targets.by_region[p.region]
        return published.pregnancy_follow_up / published.women_respondents

    def ages(self) -> None:
        mna = {}
        answering = self.answering("nb_mna")
        cap = lambda p: int(0.4 * self.file_active(p))
        if self.exact:
            # "23% de MNA en moyenne au national dans la file active": of the PASS that answer.
            total = round(self.targets.national.mna_pct / 100 * sum(self.file_active(p) for p in answering))
            mna = _share_exactly(total, answering, lambda p: self.share_of_file_active(p, 1, "mna", 0.5, 1.5), cap=cap)
        else:
            mna = {p.key: min(cap(p), self.share_of_file_active(p, 0.2, "mna", 0.5, 1.5)) for p in answering}
        for p in self.passes:
            covered = int(self.file_active(p) * self.noise(p, "age_cover", 0.86, 1.0))
            if p.key in mna:
                minors = mna[p.key] + round(covered * 0.05 * self.noise(p, "minors"))
                self.set(p, "nb_mna", mna[p.key])
            else:
                minors = round(covered * 0.12 * self.noise(p, "minors"))
            self.set(p, "nb_age_moins_18", minors)
            rest = covered - (self.value(p, "nb_age_moins_18") or 0)
            self.split(p, max(rest, 0), _AGES_BEYOND_MINORS, "ages")

    def split(self, p: Pass, total: int, shares: dict[str, float], what: str) -> None:
        """Share `total` patients among the fields of `shares` that the PASS answers."""
        fields = [f for f in shares if self.answers[p.key].answers(f)]
        if not fields:
            return
        parts = apportion(total, [shares[f] * _noise(self.year, p.key, what, f) for f in fields])
        for f, part in zip(fields, parts):
            self.set(p, f, part)

    def breakdown(self, block: str, shares: dict[str, float] | None) -> None:
        answering = [p for p in self.passes if any(self.answers[p.key].answers(f) for f in BLOCKS[block])]
        cover = lambda p: self.file_active(p) * self.noise(p, block, 0.7, 1.0)
        if self.exact:
            totals = _share_exactly(self.targets.national.block_respondents[block], answering, cover,
                                    cap=self.file_active)
        else:
            totals = {p.key: int(cover(p)) for p in answering}
        for p in answering:
            self.split(p, totals[p.key], shares or _PROVENANCE[_provenance_profile(p.region)], block)

    def cpam(self) -> None:
        answering = self.answering("nb_dossiers_cpam")
        national = self.targets.national
        weight = lambda p: self.file_active(p) * self.noise(p, "cpam", 0.4, 1.6)
        if self.exact:
            files = _share_exactly(national.cpam_files, answering, weight, cap=self.file_active)
            complex_total = round(national.cpam_complex_pct / 100 * national.cpam_files)
            complex_files = _share_exactly(complex_total, answering, lambda p: files[p.key] * self.noise(p, "complex"),
                                           cap=lambda p: files[p.key])
        else:
            files = {p.key: min(self.file_active(p), round(0.36 * weight(p))) for p in answering}
            complex_files = {p.key: round(files[p.key] * 0.38 * self.noise(p, "complex")) for p in answering}
        for p in answering:
            self.set(p, "nb_dossiers_cpam", files[p.key])
            self.set(p, "nb_dossiers_cpam_complexes", min(files[p.key], complex_files[p.key]))

    def interpreting(self) -> None:
        national = self.targets.national
        answering = self.answering("nb_allophones")
        weight = lambda p: self.file_active(p) * _allophone_share(p.region) * self.noise(p, "allophones")
        if self.exact:
            allophones = _share_exactly(national.allophones, answering, weight, cap=self.file_active)
        else:
            allophones = {p.key: min(self.file_active(p), round(weight(p))) for p in answering}
        for p in answering:
            self.set(p, "nb_allophones", allophones[p.key])
        acts = self.answering("nb_actes_interpretariat_presentiel")
        need = lambda p: (allophones.get(p.key) or 0.4 * self.file_active(p) * _allophone_share(p.region))
        generator = rng("interpreting", self.year)
        if self.exact:
            low, high = national.interpreting_acts_range
            presential = _share_exactly(low + generator.randrange(high - low), acts,
                                        lambda p: need(p) * self.noise(p, "acts"))
        else:
            presential = {p.key: round(0.45 * need(p) * self.noise(p, "acts")) for p in acts}
        for p in acts:
            self.set(p, "nb_actes_interpretariat_presentiel", presential[p.key])
        for p in self.answering("nb_actes_interpretariat_distance"):
            self.set(p, "nb_actes_interpretariat_distance", round(0.5 * need(p) * self.noise(p, "remote", 0.2, 1.8)))
        self.interpreting_amounts(generator)

    def interpreting_amounts(self, generator) -> None:
        """montant_interpretariat_eur, in euros and cents."""
        paying = self.answering("montant_interpretariat_eur")
        acts = lambda p: (self.value(p, "nb_actes_interpretariat_presentiel") or 0) + (
            self.value(p, "nb_actes_interpretariat_distance") or 0) + 0.2 * self.file_active(p)
        if self.exact:
            low, high = self.targets.national.interpreting_amount_range
            cents = _share_exactly(low * 100 + generator.randrange((high - low) * 100), paying,
                                   lambda p: acts(p) * self.noise(p, "amount"))
        else:
            cents = {p.key: round(100 * 48 * acts(p) * self.noise(p, "amount")) for p in paying}
        for p in paying:
            # Offices round amounts to the euro most of the time.
            amount = cents[p.key] if self.exact or p.size < 1 else round(cents[p.key], -2)
            self.set(p, "montant_interpretariat_eur", amount / 100)

    def yes_no_answers(self) -> None:
        framework = self.answering("encadrement_interpretariat")
        if self.exact:
            yes = {p.key for p in pick(rng("framework", self.year), framework, [p.size for p in framework],
                                       self.targets.national.interpreting_framework_yes)}
        else:
            yes = {p.key for p in framework if rng("framework", p.key).random() < 0.45 + 0.05 * (self.year - 2019)}
        for p in framework:
            self.set(p, "encadrement_interpretariat", p.key in yes)
        for p in self.passes:
            for field_code, share in _COMPLIANCE.items():
                # A PASS keeps its answer from year to year, improving a little over time.
                draw = rng("compliance", p.key, field_code).random()
                self.set(p, field_code, draw < share + 0.04 * (self.year - TARGET_YEAR + 2))
            if p.is_generalist:
                for field_code in ACTIVITY_FIELDS:
                    self.set(p, field_code, field_code in self.answers[p.key].yes_activities)


def _provenance_profile(region: str) -> str:
    if region in OVERSEAS_AMERICAS:
        return "antilles_guyane"
    return "reunion" if region == REUNION else "metropole"


def _allophone_share(region: str) -> float:
    """Share of allophone patients: higher in Île-de-France and in Guyane."""
    return {"11": 0.55, "03": 0.6, "93": 0.45}.get(region, 0.38)
