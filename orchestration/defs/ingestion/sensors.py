"""The inbox sensor: the decision of pending work (piramig.warehouse.pending), as run requests. A file in the
inbox asks for the intake (a copy of a file already received is only acknowledged there); partitions whose
submissions wait for validation ask for their load, a few ranges of partitions in one run each."""

import hashlib

import dagster as dg

from orchestration.defs.ingestion.jobs import intake_job, load_job
from orchestration.lib.partitions import load_ranges, range_tags
from piramig.settings import Settings
from piramig.warehouse.pending import work_if_readable


def _digest(items) -> str:
    return hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()[:16]


@dg.sensor(
    jobs=[intake_job, load_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Surveille la boîte de dépôt : un fichier déposé déclenche sa prise en charge (une copie d'un fichier "
                "déjà reçu y est seulement notée), puis des envois en attente déclenchent le chargement des seules "
                "partitions (année, région) concernées.",
)
def inbox_sensor(context: dg.SensorEvaluationContext, settings: dg.ResourceParam[Settings]):
    work = work_if_readable(settings)
    if work is None:
        return dg.SkipReason("entrepôt en cours d'écriture : nouvel essai à la prochaine évaluation")
    # Run keys make the sensor idempotent: the same work seen again asks for nothing new.
    requests = []
    if work.intake:
        requests.append(dg.RunRequest(
            run_key=f"intake-{_digest([*(f.key for f in work.files), *(p.name for p in work.requests)])}",
            job_name=intake_job.name,
            tags={"piramig/fichiers": ", ".join(f.path.name for f in work.files)[:200]}))
    waiting = _digest(work.waiting)
    requests += [dg.RunRequest(run_key=f"load-{waiting}-{first}-{last}", job_name=load_job.name,
                               tags=range_tags(first, last))
                 for first, last in load_ranges(list(work.partitions))]
    if not requests:
        return dg.SkipReason("rien de nouveau dans la boîte de dépôt ni d'envoi en attente")
    copies = sum(f.known for f in work.files)
    context.log.info(f"{len(work.files) - copies} fichier(s) nouveau(x), {copies} copie(s) de fichiers déjà reçus, "
                     f"{len(work.partitions)} partition(s) à charger")
    return dg.SensorResult(run_requests=requests)
