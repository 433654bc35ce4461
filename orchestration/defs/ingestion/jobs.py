import dagster as dg

from orchestration.defs.ingestion.assets import pass_reports, submissions
from orchestration.lib.runs import ONE_PROCESS, WAREHOUSE_WRITER

intake_job = dg.define_asset_job(
    "intake_job", selection=[submissions], tags=WAREHOUSE_WRITER, executor_def=ONE_PROCESS,
    description="Prend en charge les fichiers de la boîte de dépôt.",
)
load_job = dg.define_asset_job(
    "load_job", selection=[pass_reports], tags=WAREHOUSE_WRITER, executor_def=ONE_PROCESS,
    description="Valide et charge les envois d'un ensemble de partitions (année, région), en un seul run.",
)
