"""Nightly rebuild and publication, both shipped turned off. The publication's cron is a setting
(PIRAMIG_PUBLICATION_CRON), so that each server sets its own without a code change; it publishes only when
the decision of pending work says something changed since the last publication."""

import dagster as dg

from orchestration.defs.publishing.jobs import build_and_publish_job, publication_selection, rebuild_job
from orchestration.lib.runs import SCOPE_TAG
from piramig.settings import Settings
from piramig.warehouse.pending import BuildScope, work_if_readable

nightly_rebuild_schedule = dg.ScheduleDefinition(
    name="nightly_rebuild_schedule",
    job=rebuild_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Chaque nuit à 2 h : reconstruit les indicateurs et la dotation à partir des envois courants.",
)


def publication_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="publication_schedule",
        job=build_and_publish_job,
        cron_schedule=cron,
        execution_timezone="Europe/Paris",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Publie l'entrepôt des analystes et ses exports (cron : variable PIRAMIG_PUBLICATION_CRON, par "
                    "défaut les jours ouvrés à 6 h 30) quand des envois ont changé depuis la publication précédente, "
                    "après une reconstruction dont tous les tests passent.",
    )
    def schedule(context: dg.ScheduleEvaluationContext, settings: dg.ResourceParam[Settings]):
        work = work_if_readable(settings, wait_seconds=30)
        # A warehouse that stays busy: publish all of it rather than skip the day.
        scope = BuildScope.FULL if work is None else work.build
        if scope is None:
            return dg.SkipReason("rien n'a changé depuis la publication précédente")
        assets, checks = publication_selection(scope)
        return dg.RunRequest(run_key=f"publication-{context.scheduled_execution_time:%Y-%m-%dT%H:%M}",
                             asset_selection=assets, asset_check_keys=checks, tags={SCOPE_TAG: str(scope)})

    return schedule
