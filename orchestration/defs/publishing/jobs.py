import dagster as dg

from orchestration.defs.allocation.assets import allocation_report
from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.defs.ingestion.jobs import ONE_PROCESS, WAREHOUSE_WRITER
from orchestration.defs.publishing.assets import published_docs, published_exports, published_warehouse

rebuild_job = dg.define_asset_job(
    "rebuild_job",
    selection=dg.AssetSelection.assets(piramig_dbt_models),
    tags=WAREHOUSE_WRITER,
    executor_def=ONE_PROCESS,
    description="Reconstruit les modèles dbt (indicateurs, dotation) à partir des envois courants, avec leurs tests.",
)
build_and_publish_job = dg.define_asset_job(
    "build_and_publish_job",
    selection=dg.AssetSelection.assets(
        piramig_dbt_models, published_warehouse, published_exports, published_docs, allocation_report
    ),
    tags=WAREHOUSE_WRITER,
    executor_def=ONE_PROCESS,
    description="Reconstruit les modèles dbt puis, si tous leurs tests passent, publie l'entrepôt des analystes et "
                "ses exports ; sinon l'entrepôt publié précédent reste en place.",
)
