"""`piramig run` and `piramig watch`: the code location's own jobs, executed in this process and recorded in the
home's Dagster instance, so that the UI (`piramig ui`) shows the runs afterwards.

What runs is what the inbox sensor and the publication schedule would ask for, from the same decision of
pending work (piramig.warehouse.pending): the intake of new files, then the load of the waiting partitions (a
few ranges, oldest year first), then, if anything changed since the last publication, the dbt build of what
changed and the publication. The summary is read from the warehouse, not from the runs.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Callable
from functools import cache

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.defs.publishing.jobs import publication_selection
from orchestration.defs.syntheses.sensors import pending_ranges
from orchestration.lib.partitions import load_ranges, range_tags
from orchestration.lib.runs import INSTANCE_CONFIG, SCOPE_TAG
from piramig.settings import Home, Settings
from piramig.validation.dataset_rules import gx_context
from piramig.warehouse import transform
from piramig.warehouse.pending import BuildScope, current_work
from piramig.warehouse.schema import connect
from piramig.warehouse.summary import RunSummary, run_summary

# The console shows the run's summary; Dagster's own step-by-step log stays in the instance (piramig ui).
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
# Runs of `piramig run` carry the process that executes them: a run whose process died (killed, machine
# stopped) is marked failed at the next `piramig run`, instead of showing as started forever in the UI.
PROCESS_TAG = "piramig/processus"


def dagster_instance(home: Home) -> dg.DagsterInstance:
    home.dagster.mkdir(parents=True, exist_ok=True)
    config = home.dagster / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_CONFIG)
    return dg.DagsterInstance.from_config(str(home.dagster))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_orphaned_runs(instance: dg.DagsterInstance) -> list[str]:
    orphaned = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        host, _, pid = run.tags.get(PROCESS_TAG, "").rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and not _is_alive(int(pid)):
            instance.report_run_failed(run, f"processus {pid} interrompu avant la fin du run")
            orphaned.append(run.run_id)
    return orphaned


@cache
def _definitions(settings: Settings) -> dg.Definitions:
    return build_definitions(settings)


class Runner:
    """Executes pending work for one home, in this process; a long-lived runner (`piramig watch`) pays the
    imports and the definitions once."""

    # After a publication, the annual syntheses it left stale are written. Tests of other things turn this off
    # (about a second of processor and a LibreOffice conversion a region, at every publication of a campaign).
    syntheses = True

    def __init__(self, settings: Settings):
        self.settings = settings
        settings.home.create()
        self.instance = dagster_instance(settings.home)
        self.defs = _definitions(settings)
        self.tags = {PROCESS_TAG: f"{socket.gethostname()}:{os.getpid()}"}

    def _execute(self, job: str, failure: str, summary: RunSummary, **options) -> bool:
        result = self.defs.resolve_job_def(job).execute_in_process(
            instance=self.instance, run_config=QUIET, raise_on_error=False,
            **{**options, "tags": {**self.tags, **options.get("tags", {})}})
        if not result.success:
            # What the step said of its failure (for dbt: the nodes that failed, with dbt's message).
            said = [event.step_failure_data.user_failure_data.description
                    for event in result.get_step_failure_events()
                    if event.step_failure_data and event.step_failure_data.user_failure_data]
            summary.failures.append(" : ".join([failure, *filter(None, said)]))
        return result.success

    def warm_up(self) -> None:
        """For a long-lived runner: pay now what the first file would pay (Great Expectations' import, dbt's first
        use), so that a region's file is published as fast as the next ones."""
        gx_context()
        with connect(self.settings.home.warehouse):
            pass  # a new home gets its warehouse, which dbt opens
        transform.warm_up(self.settings)

    def run_once(self, rebuild: bool = False) -> RunSummary:
        """What is pending, once: new files, waiting partitions, then the build and publication if anything
        changed (all of it with `rebuild`)."""
        fail_orphaned_runs(self.instance)
        summary = RunSummary(started=dt.datetime.now())
        work = current_work(self.settings)
        if work.intake:
            self._execute("intake_job", "prise en charge de la boîte de dépôt", summary)
            work = current_work(self.settings)
        for first, last in load_ranges(list(work.partitions)):
            self._execute("load_job", f"chargement {first} … {last}", summary, tags=range_tags(first, last))
        scope = BuildScope.FULL if rebuild else current_work(self.settings).build
        if scope is not None:
            # In process, selecting assets selects their checks with them.
            assets, _ = publication_selection(scope)
            summary.published = self._execute(
                "build_and_publish_job", "construction dbt et publication (l'entrepôt publié précédent est conservé)",
                summary, asset_selection=assets, tags={SCOPE_TAG: str(scope)})
        # The syntheses the publication left stale (or an earlier run left unwritten): a range of partitions a run.
        for first, last in pending_ranges(self.settings) if self.syntheses else []:
            self._execute("syntheses_job", f"synthèses {first} … {last}", summary, tags=range_tags(first, last))
        with connect(self.settings.home.warehouse, read_only=True) as con:
            done = run_summary(con, summary.started)
        summary.files, summary.submissions = done.files, done.submissions
        return summary

    def _inbox(self) -> set[tuple]:
        """What the inbox holds, enough to see that it changed."""
        seen = set()
        for path in self.settings.home.inbox.iterdir():
            try:
                seen.add((path.name, path.stat().st_size, path.stat().st_mtime_ns))
            except FileNotFoundError:  # gone meanwhile: taken by another process, or deleted by its sender
                continue
        return seen

    def watch(self, report: Callable[[RunSummary], None], stop: Callable[[], bool] = lambda: False) -> None:
        """Runs what is pending now, then again whenever the inbox changes, until `stop()` says so. Work that
        failed waits for the next change (or a restart) rather than being retried in a loop."""
        seen = None
        while not stop():
            if self._inbox() != seen:
                report(self.run_once())
                seen = self._inbox()
            time.sleep(self.settings.watch_seconds)


def run_once(settings: Settings, rebuild: bool = False) -> RunSummary:
    return Runner(settings).run_once(rebuild)
