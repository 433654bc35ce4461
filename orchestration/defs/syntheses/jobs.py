import dagster as dg

from orchestration.defs.syntheses.assets import syntheses
from orchestration.lib.runs import ONE_PROCESS

syntheses_job = dg.define_asset_job(
    "syntheses_job", selection=[syntheses], executor_def=ONE_PROCESS,
    description="Écrit les synthèses (DOCX, PDF) d'un ensemble de partitions (année, périmètre), en un seul run.",
)
