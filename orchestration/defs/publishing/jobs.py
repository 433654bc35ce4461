import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models, translator
from orchestration.lib.dbt import data_dependent_keys
from orchestration.lib.keys import ALLOCATION_REPORT, PUBLISHED_DOCS, PUBLISHED_EXPORTS, PUBLISHED_WAREHOUSE
from orchestration.lib.runs import ONE_PROCESS, WAREHOUSE_WRITER
from piramig.warehouse.pending import BuildScope

PUBLICATION = [PUBLISHED_WAREHOUSE, PUBLISHED_EXPORTS, PUBLISHED_DOCS, ALLOCATION_REPORT]

rebuild_job = dg.define_asset_job(
    "rebuild_job",
    selection=dg.AssetSelection.assets(piramig_dbt_models),
    tags=WAREHOUSE_WRITER,
    executor_def=ONE_PROCESS,
    description="Reconstruit les modèles dbt (indicateurs, dotation) à partir des envois courants, avec leurs tests.",
)
build_and_publish_job = dg.define_asset_job(
    "build_and_publish_job",
    selection=dg.AssetSelection.assets(piramig_dbt_models) | dg.AssetSelection.assets(*PUBLICATION),
    tags=WAREHOUSE_WRITER,
    executor_def=ONE_PROCESS,
    description="Reconstruit les modèles dbt puis, si tous leurs tests passent, publie l'entrepôt des analystes et "
                "ses exports ; sinon l'entrepôt publié précédent reste en place.",
)


def publication_selection(scope: BuildScope) -> tuple[list[dg.AssetKey] | None, list[dg.AssetCheckKey] | None]:
    """The assets and checks a publication of this scope runs (None: the whole job): after new submissions, the dbt
    models that read them, their tests, and the publication; the seeds and what reads only them stay as built."""
    if scope == BuildScope.FULL:
        return None, None
    keys = [*data_dependent_keys(translator), *PUBLICATION]
    checks = [spec.key for spec in piramig_dbt_models.check_specs if spec.asset_key in set(keys)]
    return keys, checks
