import dagster as dg

from orchestration.defs.syntheses.assets import syntheses
from orchestration.defs.syntheses.jobs import syntheses_job
from orchestration.defs.syntheses.sensors import syntheses_sensor
from piramig.settings import Settings


def build(settings: Settings) -> dg.Definitions:
    return dg.Definitions(assets=[syntheses], jobs=[syntheses_job], sensors=[syntheses_sensor])
