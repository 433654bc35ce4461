"""Submissions are partitioned by activity year and region: static partitions (2018 to this year, 18 regions)."""

import dagster as dg

from piramig.contract.reference import region_codes
from piramig.warehouse.intake import campaign_years

YEAR = "annee"
REGION = "region"

submission_partitions = dg.MultiPartitionsDefinition(
    {
        YEAR: dg.StaticPartitionsDefinition([str(year) for year in campaign_years()]),
        REGION: dg.StaticPartitionsDefinition(region_codes()),
    }
)


def partition_key(year: int, region: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({YEAR: str(year), REGION: region})


def year_and_region(key: dg.MultiPartitionKey) -> tuple[int, str]:
    keys = key.keys_by_dimension
    return int(keys[YEAR]), keys[REGION]
