"""The Dagster code location: each area of orchestration/defs/ brings its assets, jobs, schedules and sensors;
the settings, read once from the environment when the location loads, are the one resource they share."""

import dagster as dg

from orchestration.defs.allocation import definitions as allocation
from orchestration.defs.dbt import definitions as dbt
from orchestration.defs.ingestion import definitions as ingestion
from orchestration.defs.publishing import definitions as publishing
from orchestration.defs.syntheses import definitions as syntheses
from piramig.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions.merge(
        *(area.build(settings) for area in (ingestion, dbt, publishing, allocation, syntheses)),
        dg.Definitions(resources={"settings": settings}),
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_environment())
