import dagster as dg

from orchestration.defs.allocation.assets import allocation_report
from piramig.settings import Settings


def build(settings: Settings) -> dg.Definitions:
    return dg.Definitions(assets=[allocation_report])
