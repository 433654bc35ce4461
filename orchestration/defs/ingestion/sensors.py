"""The inbox sensor: a file whose content was never received triggers the intake, then the load of exactly
the (year, region) partitions its rows belong to. A copy of a file already received triggers nothing."""

import hashlib

import dagster as dg

from orchestration.defs.ingestion.jobs import intake_job, load_job
from orchestration.defs.ingestion.partitions import partition_key
from orchestration.resources import PiramigHome
from piramig.warehouse.intake import waiting_files


@dg.sensor(
    jobs=[intake_job, load_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Surveille la boîte de dépôt : un fichier au contenu nouveau déclenche sa prise en charge puis le "
                "chargement des seules partitions (année, région) qu'il touche.",
)
def inbox_sensor(context: dg.SensorEvaluationContext, piramig_home: PiramigHome):
    waiting = waiting_files(piramig_home.get())
    if not waiting:
        return dg.SkipReason("aucun fichier nouveau dans la boîte de dépôt")
    # Run keys make the sensor idempotent: the same files seen again before the intake ran ask for nothing new.
    batch = hashlib.sha256("".join(sorted(w.sha256 for w in waiting)).encode()).hexdigest()[:16]
    partitions = sorted({p for w in waiting for p in w.partitions})
    requests = [dg.RunRequest(run_key=f"intake-{batch}", job_name=intake_job.name,
                              tags={"piramig/fichiers": ", ".join(w.path.name for w in waiting)[:200]})]
    requests += [
        dg.RunRequest(run_key=f"load-{batch}-{year}-{region}", job_name=load_job.name,
                      partition_key=partition_key(year, region))
        for year, region in partitions
    ]
    context.log.info(f"{len(waiting)} fichier(s) nouveau(x), {len(partitions)} partition(s) à charger")
    return dg.SensorResult(run_requests=requests)
