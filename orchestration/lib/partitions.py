"""Submissions are partitioned by activity year and region (static partitions: 2018 to this year, 18 regions), and
loaded in runs that each cover a range of them.

One run per (year, region) would pay Dagster's run machinery fifty times for a campaign: a run takes a range
instead (Dagster's single-run backfill), which over two static dimensions is a rectangle of years x regions.
The ranges below are exact: each holds consecutive years and consecutive regions that all have work, so no
partition without a submission is ever marked materialized, and the partition grid keeps showing who sent what.
"""

from __future__ import annotations

import dagster as dg

from piramig.contract.reference import campaign_years, expected_regions, region_codes
from piramig.publishing.syntheses import NATIONAL_PERIMETER

YEAR = "annee"
REGION = "region"
PERIMETER = "perimetre"
# The run tags by which Dagster runs a range of partitions in one run (what a single-run backfill sets; a
# RunRequest's `partition_key_range` reads them). tests/test_orchestration.py fails if Dagster stops honouring them.
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

submission_partitions = dg.MultiPartitionsDefinition({
    YEAR: dg.StaticPartitionsDefinition([str(year) for year in campaign_years()]),
    REGION: dg.StaticPartitionsDefinition(region_codes()),
})


def synthesis_perimeters() -> list[str]:
    """The regions that send a file each campaign, then the nation, then the others (Mayotte): in this order, a
    campaign's documents are one range of partitions."""
    expected = expected_regions()
    return [*expected, NATIONAL_PERIMETER, *(code for code in region_codes() if code not in expected)]


# The syntheses: a document per (year, region) and the national restitution of each year.
synthesis_partitions = dg.MultiPartitionsDefinition({
    YEAR: dg.StaticPartitionsDefinition([str(year) for year in campaign_years()]),
    PERIMETER: dg.StaticPartitionsDefinition(synthesis_perimeters()),
})


def synthesis_key(year: int, perimeter: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({YEAR: str(year), PERIMETER: perimeter})


def year_and_perimeter(key: str | dg.MultiPartitionKey) -> tuple[int, str]:
    keys = synthesis_partitions.get_partition_key_from_str(str(key)).keys_by_dimension
    return int(keys[YEAR]), keys[PERIMETER]


def partition_key(year: int, region: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({YEAR: str(year), REGION: region})


def year_and_region(key: str | dg.MultiPartitionKey) -> tuple[int, str]:
    keys = submission_partitions.get_partition_key_from_str(str(key)).keys_by_dimension
    return int(keys[YEAR]), keys[REGION]


def _region_runs(regions: set[str], order: list[str]) -> list[tuple[int, int]]:
    """Runs of consecutive regions, as (first, last) positions in the partitions' order."""
    positions = sorted(order.index(region) for region in regions)
    runs = []
    for position in positions:
        if runs and position == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


def load_ranges(partitions: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """(first, last) partition keys of runs that cover exactly these partitions: rectangles of consecutive years
    with the same run of consecutive regions. Oldest first: a partition's year before is loaded in the same run
    or an earlier one, as the year-over-year rules need."""
    codes = region_codes()
    return [(str(partition_key(first, codes[run[0]])), str(partition_key(last, codes[run[1]])))
            for first, last, run in _rectangles(partitions, codes)]


def synthesis_ranges(partitions: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """The same for the syntheses' (year, perimeter) partitions."""
    order = synthesis_perimeters()
    return [(str(synthesis_key(first, order[run[0]])), str(synthesis_key(last, order[run[1]])))
            for first, last, run in _rectangles(partitions, order)]


def _rectangles(partitions: list[tuple[int, str]], order: list[str]) -> list[list]:
    """[first year, last year, (first position, last position)] covering exactly `partitions`."""
    years: dict[int, set[str]] = {}
    for year, region in partitions:
        years.setdefault(year, set()).add(region)
    rectangles: list[list] = []  # [first year, last year, (first region, last region)]
    open_runs: dict[tuple[int, int], list] = {}
    for year in sorted(years):
        runs = _region_runs(years[year], order)
        open_runs = {run: open_runs[run] for run in runs if run in open_runs and open_runs[run][1] == year - 1}
        for run in runs:
            if run in open_runs:
                open_runs[run][1] = year
            else:
                open_runs[run] = [year, year, run]
                rectangles.append(open_runs[run])
    return rectangles


def range_tags(first: str, last: str) -> dict[str, str]:
    return {RANGE_START_TAG: first, RANGE_END_TAG: last}
