"""After each successful publication, the syntheses it left stale: the same decision `piramig run` takes
(piramig.publishing.syntheses.plan.stale), as runs over ranges of partitions."""

import dagster as dg

from orchestration.defs.publishing.jobs import build_and_publish_job
from orchestration.defs.syntheses.jobs import syntheses_job
from orchestration.lib.partitions import range_tags, synthesis_ranges
from piramig.publishing.syntheses import syntheses_root
from piramig.publishing.syntheses.plan import stale
from piramig.settings import Settings


def pending_ranges(settings: Settings) -> list[tuple[str, str]]:
    """(first, last) partition keys of the runs that bring the syntheses up to date with the published warehouse."""
    home = settings.home
    return synthesis_ranges(stale(home.published, syntheses_root(home.published_dir)))


@dg.run_status_sensor(
    name="syntheses_sensor",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[build_and_publish_job],
    request_job=syntheses_job,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Après chaque publication réussie, réécrit les synthèses dont les chiffres ont changé.",
)
def syntheses_sensor(context: dg.RunStatusSensorContext, settings: dg.ResourceParam[Settings]):
    ranges = pending_ranges(settings)
    if not ranges:
        return dg.SkipReason("synthèses à jour")
    run = context.dagster_run.run_id
    return [dg.RunRequest(run_key=f"syntheses-{run}-{first}-{last}", tags=range_tags(first, last))
            for first, last in ranges]
