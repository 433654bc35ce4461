"""Fill-rate search: how many PASS each region has each year, and how many questions each PASS answers.

A PASS's fill rate is k / n (k answered out of its n applicable questions: 55 for a generalist PASS, 50 for
the others). With L = lcm of the n, a region's mean rate is V / (L * N) where V = sum of k * L / n is an
integer: the search works on these integers, so it is exact, and the national mean is sum(V) / (L * sum(N)).

For each year the search picks, region by region, a composition (PASS per type) near the 2021 one and a
V whose rate rounds to the published one, such that the national rate rounds to the published one too. A
dynamic programme over the regions (on the national rate's distance to its target, see `_search_year`)
keeps the cheapest choice: first as few regions as possible off their published rate (some rates cannot
be reached with any count of PASS close to the real one), then the smallest error, then the fewest PASS
opened or closed. The per-PASS answered counts are then shared out in answers.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

import numpy as np

from piramig.contract.dictionary import question_codes
from tools.demo.targets import PASS_TYPES, TARGET_YEAR, YEARS, Targets

# How far a region's count of PASS may move: at most this many from its 2021 count, and from one year to the
# next (the project's nb_pass_evolution check warns beyond 2).
MAX_PASS_CHANGE = 2


@cache
def question_count(type_pass: str) -> int:
    return len(question_codes(type_pass))


@cache
def scale() -> int:
    return math.lcm(*(question_count(t) for t in PASS_TYPES))


def unit_weight(type_pass: str) -> int:
    """What one answered question of a PASS of this type adds to V."""
    return scale() // question_count(type_pass)


def mean_rate(pass_count: int, units: int) -> Fraction:
    """The mean fill rate, in %, of `pass_count` PASS worth `units` answered-question units."""
    return Fraction(100 * units, scale() * pass_count)


def rounds_to(value: Fraction, published: Decimal, decimals: int = 2) -> bool:
    """True when `value` rounds to `published`, whatever the rounding rule: ties are excluded."""
    half_step = Fraction(1, 2 * 10**decimals)
    return abs(value - Fraction(published)) < half_step


Composition = tuple[tuple[str, int], ...]  # (type, count) for the types present, in PASS_TYPES order


def composition_of(counts: dict[str, int]) -> Composition:
    return tuple((t, counts.get(t, 0)) for t in PASS_TYPES if counts.get(t, 0) > 0)


def pass_count(composition: Composition) -> int:
    return sum(count for _, count in composition)


def _weight_groups(composition: Composition) -> list[tuple[int, int]]:
    """(unit weight, maximum answered questions) per weight: types with the same n pool their questions."""
    groups: dict[int, int] = {}
    for type_pass, count in composition:
        weight = unit_weight(type_pass)
        groups[weight] = groups.get(weight, 0) + count * question_count(type_pass)
    return sorted(groups.items())


def split_units(composition: Composition, units: int) -> dict[int, int] | None:
    """Answered questions per unit weight that add up to `units`, as even across weights as possible."""
    groups = _weight_groups(composition)
    best: dict[int, int] | None = None
    best_spread = None

    def walk(index: int, remaining: int, chosen: dict[int, int]) -> None:
        nonlocal best, best_spread
        weight, maximum = groups[index]
        if index == len(groups) - 1:
            if remaining % weight == 0 and 0 <= remaining // weight <= maximum:
                candidate = {**chosen, weight: remaining // weight}
                rates = [Fraction(candidate[w], m) for w, m in groups]
                spread = max(rates) - min(rates)
                if best_spread is None or spread < best_spread:
                    best, best_spread = candidate, spread
            return
        for answered in range(0, min(maximum, remaining // weight) + 1):
            walk(index + 1, remaining - answered * weight, {**chosen, weight: answered})

    walk(0, units, {})
    return best


def units_rounding_to(composition: Composition, published: Decimal) -> list[int]:
    """Every reachable V whose mean rate rounds to `published`."""
    count = pass_count(composition)
    centre = Fraction(published) * scale() * count / 100
    slack = Fraction(scale() * count, 200 * 100)  # half a hundredth of a percent, in units
    low, high = math.floor(centre - slack), math.ceil(centre + slack)
    return [
        units
        for units in range(max(low, 0), high + 1)
        if rounds_to(mean_rate(count, units), published) and split_units(composition, units) is not None
    ]


def nearest_units(composition: Composition, published: Decimal) -> list[int]:
    """When no V rounds to `published`: the reachable V closest to it from below and from above."""
    count = pass_count(composition)
    centre = Fraction(published) * scale() * count / 100
    below = next(u for u in range(math.floor(centre), -1, -1) if split_units(composition, u) is not None)
    maximum = scale() * count  # every question answered
    above = next((u for u in range(math.ceil(centre), maximum + 1) if split_units(composition, u) is not None), None)
    return [u for u in (below, above) if u is not None]


@dataclass(frozen=True)
class RegionYear:
    """The choice for one region and year: its PASS per type and its answered-question units."""

    composition: Composition
    units: int

    @property
    def pass_count(self) -> int:
        return pass_count(self.composition)

    @property
    def rate(self) -> Fraction:
        return mean_rate(self.pass_count, self.units)

    def counts(self) -> dict[str, int]:
        return dict(self.composition)


def _nearby_compositions(base: dict[str, int], allowed_counts: set[int]) -> list[tuple[int, Composition]]:
    """Compositions reachable from `base` by opening or closing at most MAX_PASS_CHANGE generalist or
    psychiatric PASS (the types that do open and close), with a cost.

    A PASS that opened later (fewer PASS than in 2021) is commoner than one that closed since, and a
    generalist PASS commoner than a psychiatric one: the cost counts 1 per generalist PASS opened later,
    and one more when the PASS closed since or is psychiatric.
    """
    found = []
    span = range(-MAX_PASS_CHANGE, MAX_PASS_CHANGE + 1)
    for delta_general in span:
        for delta_psychiatric in span:
            if abs(delta_general) + abs(delta_psychiatric) > MAX_PASS_CHANGE:
                continue
            counts = dict(base)
            counts["generaliste"] = base["generaliste"] + delta_general
            counts["psychiatrique"] = base["psychiatrique"] + delta_psychiatric
            if counts["generaliste"] < 1 or counts["psychiatrique"] < 0 or sum(counts.values()) not in allowed_counts:
                continue
            general_cost = abs(delta_general) * (1 + (delta_general > 0))
            psychiatric_cost = abs(delta_psychiatric) * (2 + (delta_psychiatric > 0))
            cost = general_cost + psychiatric_cost
            found.append((cost, composition_of(counts)))
    return sorted(found)


# A choice's cost, compared as a number: regions off target first, then error, then PASS changed.
_OFF_TARGET, _ERROR, _CHANGED = 10**12, 10**4, 1
_SMALL_REGION = 20


def _options(
    base: dict[str, int], published: Decimal, allowed_counts: set[int], exact_composition: bool = False
) -> list[tuple[int, RegionYear]]:
    if exact_composition:
        nearby = [(0, composition_of(base))]
    else:
        # Opening or closing a PASS weighs more in a small region: one PASS more in Martinique doubles it.
        weight = 1 + _SMALL_REGION // sum(base.values())
        nearby = [(changed * weight, c) for changed, c in _nearby_compositions(base, allowed_counts)]
    exact = [
        (changed * _CHANGED, RegionYear(composition, units))
        for changed, composition in nearby
        for units in units_rounding_to(composition, published)
    ]
    if exact:
        return exact
    options = []
    for changed, composition in nearby:
        for units in nearest_units(composition, published):
            error = abs(mean_rate(pass_count(composition), units) - Fraction(published))
            # The error in ten-thousandths of a percent, rounded up so that any error costs something.
            options.append((_OFF_TARGET + math.ceil(error * 10**4) * _ERROR + changed * _CHANGED,
                            RegionYear(composition, units)))
    return options


# Buckets of the national programme, in units of a (1000: a tenth of a unit of V).
_BUCKET = 1000


def _search_year(
    region_options: dict[str, list[tuple[int, RegionYear]]], national: Decimal
) -> dict[str, RegionYear]:
    """The cheapest option per region whose national mean rounds to `national`.

    The national mean rounds to T (in hundredths: t) when |sum a| < L * sum N / 2, with a = 10000 V - t L N
    per region. The programme runs over sum a in buckets of 1/10 of a unit of V (a numpy array per region),
    keeping the cheapest way to reach each bucket; a margin covers the bucketing, and the chosen set is
    checked exactly at the end.
    """
    hundredths = int(national * 100)
    factor = scale()
    regions = list(region_options)
    exact_a = {
        region: [10000 * option.units - hundredths * factor * option.pass_count for _, option in options]
        for region, options in region_options.items()
    }
    bucketed = {region: [round(a / _BUCKET) for a in values] for region, values in exact_a.items()}
    low = 0  # the bucket of index 0 of `costs`
    costs = np.zeros(1)
    choices: list[np.ndarray] = []
    for region in regions:
        shifts = bucketed[region]
        new_low = low + min(shifts)
        size = len(costs) + max(shifts) - min(shifts)
        following = np.full(size, np.inf)
        choice = np.full(size, -1, dtype=np.int32)
        for index, ((option_cost, _), shift) in enumerate(zip(region_options[region], shifts)):
            start = low + shift - new_low
            candidate = costs + option_cost
            window = following[start : start + len(costs)]
            better = candidate < window
            window[better] = candidate[better]
            choice[start : start + len(costs)][better] = index
        costs, low = following, new_low
        choices.append(choice)
    # Keep clear of the window's edge by the bucketing error, at the smallest possible count of PASS.
    smallest_count = sum(min(o.pass_count for _, o in options) for options in region_options.values())
    reach = (factor * smallest_count / 2) / _BUCKET - len(regions)
    for end in sorted((i for i in range(len(costs)) if np.isfinite(costs[i]) and abs(i + low) < reach),
                      key=lambda i: (costs[i], abs(i + low))):
        chosen = _trace_back(region_options, bucketed, choices, end, low)
        total_count = sum(option.pass_count for option in chosen.values())
        total_units = sum(option.units for option in chosen.values())
        if rounds_to(mean_rate(total_count, total_units), national):
            return chosen
    raise ValueError(f"no choice of PASS counts reaches the national fill rate {national}")


def _trace_back(region_options, bucketed, choices, end_index: int, end_low: int) -> dict[str, RegionYear]:
    """The options that led to bucket `end_index` of the last array (whose index 0 is bucket `end_low`)."""
    regions = list(region_options)
    lows = [0]  # lows[i + 1]: the bucket of index 0 of the array after region i
    for region in regions:
        lows.append(lows[-1] + min(bucketed[region]))
    assert lows[-1] == end_low
    bucket = end_index + end_low
    chosen: dict[str, RegionYear] = {}
    for position in range(len(regions) - 1, -1, -1):
        region = regions[position]
        option_index = int(choices[position][bucket - lows[position + 1]])
        chosen[region] = region_options[region][option_index][1]
        bucket -= bucketed[region][option_index]
    return {region: chosen[region] for region in regions}


def plan_fill_rates(targets: Targets) -> dict[int, dict[str, RegionYear]]:
    """year -> region code -> RegionYear, for the three campaign years."""
    base = {code: dict(t.pass_by_type) for code, t in targets.by_region.items()}
    plans: dict[int, dict[str, RegionYear]] = {}
    # 2021 first (its counts are published), then 2019, the hardest to reach (see the package docstring),
    # then 2020, which must stay within reach of both.
    for year in (TARGET_YEAR, *sorted(y for y in YEARS if y != TARGET_YEAR)):
        options = {}
        for region in targets.regions:
            code = region.code
            base_count = sum(base[code].values())
            allowed = {
                n for n in range(base_count - MAX_PASS_CHANGE, base_count + MAX_PASS_CHANGE + 1)
                if all(abs(n - plans[other][code].pass_count) <= MAX_PASS_CHANGE * abs(other - year)
                       for other in plans)
            }
            if year == TARGET_YEAR:
                allowed = {base_count}
            options[code] = _options(base[code], targets.fill_rates[year][code], allowed,
                                     exact_composition=year == TARGET_YEAR)
        plans[year] = _search_year(options, targets.national_fill_rates[year])
    return {year: plans[year] for year in YEARS}
