import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.defs.dbt.resources import dbt_resource

defs = dg.Definitions(assets=[piramig_dbt_models], resources={"dbt": dbt_resource()})
