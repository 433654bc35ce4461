"""The demo campaign: every PASS's row for 2019, 2020 and 2021, as dicts field code -> value or None.

Order of construction: targets -> fill-rate plan (PASS counts and answered questions per region and year)
-> roster (the PASS) -> for 2021, then 2019 and 2020 (which follow each PASS's 2021 figures): which
questions each PASS answers, then the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from piramig.contract.dictionary import field_codes, question_codes
from tools.demo.answers import Answers, plan_answers
from tools.demo.figures import YearBuilder, YearValues
from tools.demo.fill_rates import RegionYear, plan_fill_rates
from tools.demo.flaws import WORD_FILE_ACTIVE, word_file_active_pass
from tools.demo.roster import Pass, build_roster
from tools.demo.targets import PASS_TYPES, TARGET_YEAR, YEARS, Targets, load_targets
from tools.demo.team import team_values

Row = dict[str, object]
BUILD_ORDER = (TARGET_YEAR, *(y for y in YEARS if y != TARGET_YEAR))


@dataclass(frozen=True)
class Campaign:
    targets: Targets
    plans: dict[int, dict[str, RegionYear]]  # year -> region -> counts and answered units
    roster: tuple[Pass, ...]
    answers: dict[int, dict[str, Answers]]  # year -> pass key -> answers
    rows: dict[int, dict[str, list[Row]]]  # year -> region -> rows, in file order

    def all_rows(self, year: int) -> list[Row]:
        return [row for rows in self.rows[year].values() for row in rows]


def _present(roster, targets: Targets, year: int) -> dict[str, list[Pass]]:
    """Region -> its PASS that report this year."""
    return {r.code: [p for p in roster if p.region == r.code and year in p.years] for r in targets.regions}


@cache
def build_campaign() -> Campaign:
    targets = load_targets()
    plans = plan_fill_rates(targets)
    roster = tuple(build_roster(targets, plans))
    answers: dict[int, dict[str, Answers]] = {}
    values: dict[int, YearValues] = {}
    for year in BUILD_ORDER:
        answers[year], values[year] = _build_year(year, targets, plans[year], roster, answers.get(TARGET_YEAR),
                                                  values.get(TARGET_YEAR))
    rows = {
        year: {code: _rows(year, code, passes, values[year], answers[year])
               for code, passes in _present(roster, targets, year).items()}
        for year in YEARS
    }
    return Campaign(targets, plans, roster, answers, rows)


def _build_year(year, targets, plans, roster, answers_2021, values_2021) -> tuple[dict[str, Answers], YearValues]:
    present = _present(roster, targets, year)
    everyone = [p for passes in present.values() for p in passes]
    activities_2021 = {key: a.yes_activities for key, a in answers_2021.items()} if answers_2021 else None
    # In 2021 the PASS whose file active the flawed file writes as a word has 12 patients and gives no new
    # patients, so that the flaw breaks no other rule.
    word_pass = word_file_active_pass(roster)
    no_new_patients = {word_pass.key} if year == TARGET_YEAR else set()
    fixed_file_active = {word_pass.key: WORD_FILE_ACTIVE[1]} if year == TARGET_YEAR else {}
    answers = plan_answers(year, targets, plans, present, activities_2021, no_new_patients)
    values = YearBuilder(year, targets, present, answers, values_2021, fixed_file_active).build()
    national = targets.national if year == TARGET_YEAR else None
    for key, cents in team_values(year, everyone, answers, national).items():
        answered = {code: hundredths / 100 for code, hundredths in cents.items() if hundredths is not None}
        values.values[key].update(answered)
    return answers, values


def _rows(year: int, region: str, passes: list[Pass], values: YearValues, answers: dict[str, Answers]) -> list[Row]:
    """The region's rows in the order its office lists them: by département, then name."""
    ordered = sorted(passes, key=lambda p: (p.finess_et[:3], p.raison_sociale, PASS_TYPES.index(p.type_pass)))
    return [_row(year, region, p, values.values[p.key], answers[p.key]) for p in ordered]


def _row(year: int, region: str, p: Pass, values: dict[str, object], answers: Answers) -> Row:
    row: Row = {code: None for code in field_codes()}
    row.update(annee=year, code_region=region, finess_et=p.finess_et, finess_ej=p.finess_ej,
               raison_sociale=p.raison_sociale, type_pass=p.type_pass)
    applicable = question_codes(p.type_pass)
    for code in applicable:
        if answers.answers(code):
            if code not in values:
                raise AssertionError(f"{p.key} {year}: {code} is answered but has no value")
            row[code] = values[code]
    unanswered = set(values) - {c for c in applicable if answers.answers(c)}
    if unanswered:
        raise AssertionError(f"{p.key} {year}: values for unanswered questions {sorted(unanswered)}")
    return row
