"""Nightly rebuild and publication. Both ship turned off; the publication's cron comes from the environment
(PIRAMIG_PUBLICATION_CRON), so that each server sets its own without a code change."""

import os

import dagster as dg

from orchestration.defs.publishing.jobs import build_and_publish_job, rebuild_job

PUBLICATION_CRON_VAR = "PIRAMIG_PUBLICATION_CRON"
DEFAULT_PUBLICATION_CRON = "30 6 * * 1-5"

nightly_rebuild_schedule = dg.ScheduleDefinition(
    name="nightly_rebuild_schedule",
    job=rebuild_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Chaque nuit à 2 h : reconstruit les indicateurs et la dotation à partir des envois courants.",
)

publication_schedule = dg.ScheduleDefinition(
    name="publication_schedule",
    job=build_and_publish_job,
    cron_schedule=os.environ.get(PUBLICATION_CRON_VAR, DEFAULT_PUBLICATION_CRON),
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Publie l'entrepôt des analystes et ses exports (cron : variable PIRAMIG_PUBLICATION_CRON, par "
                "défaut les jours ouvrés à 6 h 30), après une reconstruction dont tous les tests passent.",
)
