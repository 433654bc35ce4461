import dagster as dg

from orchestration.defs.ingestion.assets import pass_reports, submissions

# Every job that writes the working warehouse carries this tag: the instance runs one of them at a time. Their
# steps run in one process, one after the other: DuckDB allows a single writer, or readers, never both.
WAREHOUSE_WRITER = {"piramig/entrepot": "ecriture"}
ONE_PROCESS = dg.in_process_executor

intake_job = dg.define_asset_job(
    "intake_job", selection=[submissions], tags=WAREHOUSE_WRITER, executor_def=ONE_PROCESS,
    description="Prend en charge les fichiers de la boîte de dépôt.",
)
load_job = dg.define_asset_job(
    "load_job", selection=[pass_reports], tags=WAREHOUSE_WRITER, executor_def=ONE_PROCESS,
    description="Valide et charge les envois d'une (année, région).",
)
