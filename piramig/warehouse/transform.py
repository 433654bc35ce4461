"""dbt, in this process: the marts built from the working warehouse, and the project's documentation.

dbt runs through its programmatic entry point (dbtRunner) rather than as a child process, on the project as
`make manifest` parsed it: a process pays dbt's import once (a long-lived one, once for all its builds), and no
build parses the project again. dbt gets
its target, its paths and the warehouse's path as arguments; nothing is read from or written to the process
environment. After each invocation the adapter's connection is closed, so that the warehouse is free again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from piramig.settings import DBT_PROJECT_DIR, REPO_ROOT, Settings

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
# What `dbt parse` reads: a manifest older than any of these describes another project.
DBT_INPUTS = [DBT_PROJECT_DIR / d for d in ("models", "macros", "tests")] + [
    REPO_ROOT / "seeds" / "reference", REPO_ROOT / "seeds" / "allocation", REPO_ROOT / "contract"]
# The result of one node (model, seed, test): what the orchestration turns into materializations and checks.
RESULT_EVENTS = frozenset({"LogModelResult", "LogSeedResult", "LogSnapshotResult", "LogTestResult"})


def manifest_path() -> Path:
    """The manifest `make manifest` builds (dbt parse), never built at import time; a stale one is refused."""
    if not MANIFEST.exists():
        raise FileNotFoundError(f"{MANIFEST} is missing: run `make manifest` (dbt parse) first")
    newest = max(f.stat().st_mtime for folder in DBT_INPUTS for f in folder.rglob("*") if f.is_file())
    newest = max(newest, (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime)
    if newest > MANIFEST.stat().st_mtime:
        raise RuntimeError(f"{MANIFEST} is older than the dbt project: run `make manifest` (dbt parse) again")
    return MANIFEST


@cache
def fingerprint(path: Path = MANIFEST) -> str:
    """The project's fingerprint: the manifest without its metadata (which changes at every parse)."""
    manifest = json.loads(path.read_bytes())
    manifest.pop("metadata", None)
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()


def cli_arguments(settings: Settings) -> list[str]:
    """Where dbt finds the project and writes its artefacts, its target, and which warehouse file it builds."""
    home = settings.home
    return ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target", settings.dbt_target, "--target-path", str(home.dbt / "target"),
            "--log-path", str(home.dbt / "logs"), "--vars", json.dumps({"piramig_warehouse": str(home.warehouse)}),
            "--no-send-anonymous-usage-stats", "--no-use-colors", "--quiet", "--log-level-file", "warn",
            "--no-write-json"]


# What a failed generic test means, in French, of the column or table it tests.
GENERIC_TEST_MEANINGS = {
    "unique": "des valeurs en double dans {where}",
    "unique_combination_of_columns": "des lignes en double dans {where}",
    "not_null": "des valeurs vides dans {where}",
    "not_null_columns": "des valeurs vides dans {where}",
    "accepted_values": "des valeurs non prévues dans {where}",
    "relationships": "des codes de {where} absents de leur table de référence",
}


@dataclass(frozen=True)
class BuildFailure:
    node: str  # the dbt node's name
    status: str  # dbt's: error, fail, runtime error
    meaning: str  # French: what the failure means
    message: str  # dbt's own words

    def __str__(self) -> str:
        return f"{self.node} : {self.meaning} ({self.status} : {self.message})"


def failure_meaning(node) -> str:
    """In French: a singular test's description (tests/_tests.yml), a generic test's meaning on its column, or
    the model or seed that could not be built."""
    metadata = getattr(node, "test_metadata", None)
    if metadata is not None:
        model = (getattr(node, "attached_node", None) or "").rpartition(".")[2]
        where = f"{model}.{node.column_name}" if getattr(node, "column_name", None) else model
        meaning = GENERIC_TEST_MEANINGS.get(metadata.name, f"le test « {metadata.name} » échoue sur {{where}}")
        return meaning.format(where=where)
    if str(node.resource_type) == "test":
        return node.description or f"l'invariant {node.name} n'est pas respecté"
    return f"{node.resource_type} {node.name} n'a pas pu être construit"


@dataclass
class DbtRun:
    success: bool
    events: list[dict] = field(default_factory=list)  # result events, as dbt's JSON log writes them
    failures: list[BuildFailure] = field(default_factory=list)  # each node that failed

    @property
    def summary(self) -> str:
        said = [str(failure) for failure in self.failures[:5]]
        return "; ".join(said) + (f" (et {len(self.failures) - 5} autre(s))" if len(self.failures) > 5 else "")


@cache
def _parsed_project(fingerprint: str):
    """The project as `make manifest` parsed it (dbt keeps its parse beside the manifest), once per process: a
    new home would otherwise parse it all again (seconds). Nothing in it depends on the home, the warehouse being
    `piramig.duckdb` in every home."""
    from dbt.contracts.graph.manifest import Manifest

    return Manifest.from_msgpack((MANIFEST.parent / "partial_parse.msgpack").read_bytes())


def run(settings: Settings, command: Sequence[str]) -> DbtRun:
    """`command`: dbt's words (e.g. ["build", "--select", "dim_pass"]). Raises only when dbt itself cannot run;
    failed nodes are in the result."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    settings.home.dbt.mkdir(parents=True, exist_ok=True)
    events: list[dict] = []

    def keep(event) -> None:
        if event.info.name in RESULT_EVENTS:
            events.append(msg_to_dict(event))

    try:
        result = dbtRunner(manifest=_parsed_project(fingerprint()), callbacks=[keep]).invoke(
            [*command, *cli_arguments(settings)])
    finally:
        DuckDBConnectionManager.close_all_connections()  # the warehouse is free again
    if result.exception is not None and result.result is None:
        raise RuntimeError(f"dbt {' '.join(command)} n'a pas pu s'exécuter : {result.exception}")
    nodes = getattr(result.result, "results", None) or []  # a build's node results; docs have none
    failures = [BuildFailure(r.node.name, str(r.status), failure_meaning(r.node), r.message or "") for r in nodes
                if str(r.status) in ("error", "fail", "runtime error")]
    return DbtRun(bool(result.success), events, failures)


def record_build_failures(con, failures: Sequence[BuildFailure], failed_at) -> None:
    """For the reports index: what blocked this publication."""
    con.executemany("INSERT INTO audit.build_failures VALUES (?, ?, ?, ?, ?)",
                    [[failed_at, f.node, f.status, f.meaning, f.message] for f in failures])


def warm_up(settings: Settings) -> None:
    """Pay dbt's first use in this process now (its classes, its adapter, its macros), not at the first build: a
    model compiled, nothing written."""
    run(settings, ["compile", "--select", "dim_regions", "--log-level", "none"])  # compiled, not printed


def build(settings: Settings, select: Sequence[str] = ()) -> DbtRun:
    """dbt build (models, seeds and their tests); `select`: node names, all when empty."""
    return run(settings, ["build", *(["--select", *select] if select else [])])


def generate_docs(settings: Settings, destination: Path) -> bool:
    """The documentation as one self-contained page, regenerated only when the project changed: the page is kept
    beside the manifest under the project's fingerprint, and copied. Returns whether it was regenerated."""
    import shutil

    cached = MANIFEST.parent / "docs" / f"{fingerprint()}.html"
    regenerated = not cached.exists()
    if regenerated:
        docs = run(settings, ["docs", "generate", "--static"])
        if not docs.success:
            raise RuntimeError(f"dbt docs generate a échoué : {docs.summary}")
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("*.html"):  # the pages of earlier versions of the project
            old.unlink(missing_ok=True)
        staged = cached.with_name(f".{cached.name}.tmp")
        shutil.copyfile(settings.home.dbt / "target" / "static_index.html", staged)
        staged.replace(cached)
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.tmp")
    shutil.copyfile(cached, temporary)
    temporary.replace(destination)
    return regenerated
