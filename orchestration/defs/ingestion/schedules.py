"""Revalidation of the running campaign, so that a change of rules applies to it: every region of the year, in
one run over the year's range of partitions."""

import dagster as dg

from orchestration.defs.ingestion.jobs import load_job
from orchestration.lib.partitions import partition_key, range_tags
from piramig.contract.reference import region_codes


@dg.schedule(
    job=load_job,
    cron_schedule="0 5 * * 1",
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Chaque lundi à 5 h, revalide les envois de la campagne en cours (activité de l'année précédente) "
                "de toutes les régions, en un run, pour appliquer les règles à jour.",
)
def campaign_revalidation_schedule(context: dg.ScheduleEvaluationContext):
    year = context.scheduled_execution_time.year - 1
    regions = region_codes()
    return dg.RunRequest(
        run_key=f"revalidation-{context.scheduled_execution_time:%Y-%m-%d}-{year}",
        tags=range_tags(str(partition_key(year, regions[0])), str(partition_key(year, regions[-1]))),
    )
