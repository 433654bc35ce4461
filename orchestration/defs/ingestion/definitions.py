import dagster as dg

from orchestration.defs.ingestion.assets import current_submissions, pass_reports, submissions
from orchestration.defs.ingestion.partitions import submission_partitions

intake_job = dg.define_asset_job(
    "intake_job", selection=[submissions], description="Prend en charge les fichiers de la boîte de dépôt."
)
load_job = dg.define_asset_job(
    "load_job", selection=[pass_reports], partitions_def=submission_partitions,
    description="Valide et charge les envois d'une (année, région).",
)

defs = dg.Definitions(assets=[submissions, current_submissions, pass_reports], jobs=[intake_job, load_job])
