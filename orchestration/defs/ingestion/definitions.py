import dagster as dg

from orchestration.defs.ingestion.assets import campaign_decisions, current_submissions, pass_reports, submissions
from orchestration.defs.ingestion.jobs import intake_job, load_job
from orchestration.defs.ingestion.schedules import campaign_revalidation_schedule
from orchestration.defs.ingestion.sensors import inbox_sensor
from piramig.settings import Settings


def build(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=[submissions, current_submissions, campaign_decisions, pass_reports],
        jobs=[intake_job, load_job],
        sensors=[inbox_sensor],
        schedules=[campaign_revalidation_schedule],
    )
