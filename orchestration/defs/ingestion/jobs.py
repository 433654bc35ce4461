import dagster as dg

from orchestration.defs.ingestion.assets import pass_reports, submissions

# Every job that writes the working warehouse carries this tag: the instance runs one of them at a time.
WAREHOUSE_WRITER = {"piramig/entrepot": "ecriture"}

intake_job = dg.define_asset_job(
    "intake_job", selection=[submissions], tags=WAREHOUSE_WRITER,
    description="Prend en charge les fichiers de la boîte de dépôt.",
)
load_job = dg.define_asset_job(
    "load_job", selection=[pass_reports], tags=WAREHOUSE_WRITER,
    description="Valide et charge les envois d'une (année, région).",
)
