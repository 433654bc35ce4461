"""The dbt models as Dagster assets; dbt tests show as their asset checks."""

import os

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt.resources import dbt_project, manifest_path
from orchestration.resources import PiramigHome
from piramig.settings import HOME_ENV_VAR


class PiramigTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str:
        # staging, intermediate, marts, reference (seeds): the layer is the group.
        return dbt_resource_props["config"].get("schema") or "dbt"


@dbt_assets(manifest=manifest_path(), project=dbt_project, dagster_dbt_translator=PiramigTranslator())
def piramig_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, piramig_home: PiramigHome):
    home = piramig_home.get()
    # profiles.yml reads the warehouse path from $PIRAMIG_HOME, and dbt inherits this process's environment.
    os.environ[HOME_ENV_VAR] = str(home.root)
    # dbt's artefacts and logs go to the home, like everything a run writes; one folder per home, so that the
    # next build reuses dbt's partial parse (runs of one home never overlap: DuckDB allows one writer).
    target_path = home.dbt / "target"
    invocation = dbt.cli(["build"], context=context, target_path=target_path)
    try:
        yield from invocation.stream()
    finally:
        # Never leave dbt running (and holding the warehouse's lock) when the step stops early.
        if invocation.process.poll() is None:
            invocation.process.terminate()
            invocation.process.wait()
