"""Team FTE (etp_*): the 2021 medical classes, mean and median of the webinar, and interns.

A PASS's team FTE is the sum of its answered etp_medecin, etp_infirmier, etp_assistant_social,
etp_secretaire, etp_psychologue and etp_autre (interns and students excluded, as in the webinar). Values are
handled in hundredths (integers) and written as multiples of 0.01.
"""

from __future__ import annotations

from decimal import Decimal

from tools.demo.allocation import apportion, pick, rng, spread, tilted_order
from tools.demo.answers import Answers
from tools.demo.roster import Pass
from tools.demo.targets import MEDICAL_FTE_CLASSES, NationalTargets

TEAM_FIELDS = ("etp_medecin", "etp_infirmier", "etp_assistant_social", "etp_secretaire", "etp_psychologue", "etp_autre")
OTHER_TEAM_FIELDS = TEAM_FIELDS[1:]
INTERNS = "etp_internes_ffi"
MAX_CENTS = 50 * 100

# Share of each non-medical field in a team (generalist PASS, psychiatric or other PASS).
_TEAM_SHARES = {
    "etp_infirmier": (0.36, 0.3),
    "etp_assistant_social": (0.36, 0.22),
    "etp_secretaire": (0.13, 0.08),
    "etp_psychologue": (0.06, 0.32),
    "etp_autre": (0.09, 0.08),
}
# Team FTE by rank (knots of a piecewise-linear quantile function): skewed, a few large teams, as in the
# webinar (median 1.75 FTE, mean 2.5).
_TEAM_QUANTILES = ((0.0, 0.2), (0.1, 0.6), (0.25, 1.05), (0.5, 1.75), (0.75, 3.1), (0.9, 5.2), (0.97, 8.0), (1.0, 12.0))
# Teams were a little smaller before 2021.
_YEAR_SCALE = {2019: 0.9, 2020: 0.95, 2021: 1.0}
# Classes from the most to the least medical time, with the hundredths a PASS of the class may have.
_CLASS_CENTS = {"plus_2": (201, 420), "1_2": (101, 200), "0_5_1": (51, 100), "0_2_0_5": (21, 50),
                "moins_0_2": (1, 20), "aucun": (0, 0)}


def _quantile(q: float) -> float:
    for (q0, v0), (q1, v1) in zip(_TEAM_QUANTILES, _TEAM_QUANTILES[1:]):
        if q <= q1:
            return v0 + (v1 - v0) * (q - q0) / (q1 - q0)
    return _TEAM_QUANTILES[-1][1]


def _medical_cents(year: int, passes: list[Pass], answers: dict[str, Answers], national: NationalTargets | None):
    """etp_medecin in hundredths for the PASS that answer it."""
    answering = [p for p in passes if answers[p.key].answers("etp_medecin")]
    generator = rng("medical_fte", year)
    # Larger PASS have more medical time: order by size, shuffled a little.
    ordered = tilted_order(generator, answering, [p.size for p in answering])
    if national is None:
        shares = {"plus_2": 0.025, "1_2": 0.05, "0_5_1": 0.11, "0_2_0_5": 0.16, "moins_0_2": 0.5, "aucun": None}
        counts = {name: round(share * len(ordered)) for name, share in shares.items() if share is not None}
        counts["aucun"] = len(ordered) - sum(counts.values())
    else:
        counts = {name: national.medical_fte_classes[name] for name in _CLASS_CENTS}
    if set(counts) != set(MEDICAL_FTE_CLASSES) or sum(counts.values()) != len(ordered):
        raise ValueError("the medical FTE classes do not share out the PASS that answer etp_medecin")
    cents = {}
    position = 0
    for name, (low, high) in _CLASS_CENTS.items():
        for p in ordered[position : position + counts[name]]:
            cents[p.key] = low + generator.randrange(high - low + 1)
        position += counts[name]
    return cents


def team_values(
    year: int, passes: list[Pass], answers: dict[str, Answers], national: NationalTargets | None
) -> dict[str, dict[str, int | None]]:
    """Pass key -> field -> hundredths of FTE (None when not answered), for the team fields and interns.

    Larger PASS have larger teams: the PASS that answer a team field get team totals by rank of size from
    a skewed distribution, their non-medical fields sharing what the medical FTE leaves. With `national`
    (2021), the medical classes are the published ones, and the mean and median team FTE hold exactly.
    """
    medical = _medical_cents(year, passes, answers, national)
    cents: dict[str, dict[str, int | None]] = {}
    for p in passes:
        row = {field: None for field in (*TEAM_FIELDS, INTERNS)}
        row["etp_medecin"] = medical.get(p.key)
        cents[p.key] = row
    respondents = [p for p in passes if any(answers[p.key].answers(f) for f in TEAM_FIELDS)]
    ranked = tilted_order(rng("team_rank", year), respondents, [p.size for p in respondents])
    for rank, p in enumerate(reversed(ranked)):  # from the smallest team to the largest
        team = round(100 * _YEAR_SCALE[year] * _quantile((rank + 0.5) / len(ranked)))
        _share_team(cents[p.key], team, p, [f for f in OTHER_TEAM_FIELDS if answers[p.key].answers(f)], year)
    _interns(year, passes, answers, cents, national)
    if national is not None:
        keys = [p.key for p in respondents]
        _set_median(cents, keys, _hundredths(national.team_fte_median))
        _set_mean(cents, keys, _hundredths(national.team_fte_mean), _hundredths(national.team_fte_median))
    return cents


def _share_team(row, team: int, p: Pass, fields: list[str], year: int) -> None:
    """Share what the medical FTE leaves of `team` among the answered non-medical fields."""
    if not fields:
        return
    generator = rng("team_share", year, p.key)
    rest = max(team - (row["etp_medecin"] or 0), round(0.3 * team), len(fields))
    column = 0 if p.is_generalist else 1
    shares = apportion(rest, [_TEAM_SHARES[f][column] * spread(generator, 0.5, 1.5) for f in fields],
                       caps=[MAX_CENTS] * len(fields))
    row.update(zip(fields, shares))


def _hundredths(value: Decimal) -> int:
    return int(value * 100)


def team_total(row: dict[str, int | None]) -> int:
    return sum(row[f] for f in TEAM_FIELDS if row[f] is not None)


def _interns(year, passes, answers, cents, national) -> None:
    answering = [p for p in passes if answers[p.key].answers(INTERNS)]
    count = national.interns_pass if national is not None else round(0.06 * len(answering))
    generator = rng("interns", year)
    # Interns go to the larger hospitals; the other PASS that answer declare 0.
    with_interns = {p.key for p in pick(generator, answering, [p.size**2 for p in answering], count)}
    for p in answering:
        cents[p.key][INTERNS] = 20 + generator.randrange(281) if p.key in with_interns else 0


def _adjustable(row) -> list[str]:
    return [f for f in OTHER_TEAM_FIELDS if row[f] is not None]


def _set_total(row, target: int) -> bool:
    """Change the non-medical fields of a row so that its team total is `target`; False if impossible."""
    fields = _adjustable(row)
    if not fields:
        return False
    delta = target - team_total(row)
    if delta >= 0:
        field = fields[0]
        if row[field] + delta > MAX_CENTS:
            return False
        row[field] += delta
        return True
    for field in fields:  # take from each field in turn
        taken = min(row[field], -delta)
        row[field] -= taken
        delta += taken
        if delta == 0:
            return True
    return False


def _set_median(cents, respondents: list[str], median: int) -> None:
    """Make the median team total exactly `median` by moving the PASS closest to it onto it."""
    count = len(respondents)
    # With an odd count the middle value must be the median; with an even count both middle values.
    limit = (count - 1) // 2 if count % 2 else count // 2 - 1
    for _ in range(count):
        below = [k for k in respondents if team_total(cents[k]) < median]
        above = [k for k in respondents if team_total(cents[k]) > median]
        if len(below) <= limit and len(above) <= limit:
            return
        side = below if len(below) > limit else above
        side.sort(key=lambda k: abs(team_total(cents[k]) - median))
        for key in side:
            if (cents[key]["etp_medecin"] or 0) <= median and _set_total(cents[key], median):
                break
        else:
            raise ValueError("cannot set the median team FTE")
    raise ValueError("cannot set the median team FTE")


def _room(row, raising: bool, median: int) -> int:
    """How far a row's team total may move: up to 50 FTE in one field, down to just above the median."""
    fields = _adjustable(row)
    if raising:
        return MAX_CENTS - row[fields[0]]
    return min(sum(row[f] for f in fields), team_total(row) - median - 1)


def _set_mean(cents, respondents: list[str], mean: int, median: int) -> None:
    """Make the mean team total exactly `mean` by changing only totals well above the median, in proportion
    to them (the median does not move)."""
    gap = mean * len(respondents) - sum(team_total(cents[k]) for k in respondents)
    large = sorted((k for k in respondents if team_total(cents[k]) > median + 100 and _adjustable(cents[k])),
                   key=lambda k: (-team_total(cents[k]), k))
    shares = apportion(abs(gap), [team_total(cents[k]) for k in large],
                       caps=[_room(cents[k], gap > 0, median) for k in large])
    for key, share in zip(large, shares):
        if not _set_total(cents[key], team_total(cents[key]) + (share if gap > 0 else -share)):
            raise ValueError("cannot set the mean team FTE")
