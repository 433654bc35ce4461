import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models
from piramig.settings import Settings


def build(settings: Settings) -> dg.Definitions:
    return dg.Definitions(assets=[piramig_dbt_models])
