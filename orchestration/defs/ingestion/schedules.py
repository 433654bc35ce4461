"""Revalidation of the running campaign. Region and year are static partitions, which
`build_schedule_from_partitioned_job` refuses: this schedule names the partitions it means."""

import dagster as dg

from orchestration.defs.ingestion.jobs import load_job
from orchestration.defs.ingestion.partitions import partition_key
from piramig.contract.reference import region_codes


@dg.schedule(
    job=load_job,
    cron_schedule="0 5 * * 1",
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Chaque lundi à 5 h, revalide les envois de la campagne en cours (activité de l'année précédente) "
                "de chaque région, pour appliquer les règles à jour.",
)
def campaign_revalidation_schedule(context: dg.ScheduleEvaluationContext):
    campaign_year = context.scheduled_execution_time.year - 1
    for region in region_codes():
        yield dg.RunRequest(
            run_key=f"revalidation-{context.scheduled_execution_time:%Y-%m-%d}-{campaign_year}-{region}",
            partition_key=partition_key(campaign_year, region),
        )
