import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.defs.publishing.assets import published_warehouse

build_and_publish_job = dg.define_asset_job(
    "build_and_publish_job",
    selection=dg.AssetSelection.assets(piramig_dbt_models, published_warehouse),
    description="Construit les modèles dbt (avec leurs tests) puis publie l'entrepôt des analystes.",
)

defs = dg.Definitions(assets=[published_warehouse], jobs=[build_and_publish_job])
