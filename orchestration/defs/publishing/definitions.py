import dagster as dg

from orchestration.defs.publishing.assets import published_docs, published_exports, published_warehouse
from orchestration.defs.publishing.jobs import build_and_publish_job, rebuild_job
from orchestration.defs.publishing.schedules import nightly_rebuild_schedule, publication_schedule
from piramig.settings import Settings


def build(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=[published_warehouse, published_exports, published_docs],
        jobs=[rebuild_job, build_and_publish_job],
        schedules=[nightly_rebuild_schedule, publication_schedule(settings.publication_cron)],
    )
