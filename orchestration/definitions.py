"""The Dagster code location: each area of orchestration/defs/ brings its assets, jobs, schedules, sensors."""

import dagster as dg

from orchestration.defs.allocation import definitions as allocation_area
from orchestration.defs.dbt import definitions as dbt_area
from orchestration.defs.ingestion import definitions as ingestion_area
from orchestration.defs.publishing import definitions as publishing_area
from orchestration.resources import PiramigHome

defs = dg.Definitions.merge(
    ingestion_area.defs,
    dbt_area.defs,
    publishing_area.defs,
    allocation_area.defs,
    dg.Definitions(resources={"piramig_home": PiramigHome()}),
)
