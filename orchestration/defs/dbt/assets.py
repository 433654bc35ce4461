"""The dbt models as Dagster assets; dbt tests show as their asset checks. dbt builds the nodes the run selected
(all of them, or those a new submission affects: see orchestration/defs/publishing/jobs.py), in this process."""

import datetime as dt

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, dbt_assets

from orchestration.lib.dbt import PiramigTranslator, dagster_events, selected_nodes
from piramig.reporting.campaign_pages import write_reports_index
from piramig.settings import Settings
from piramig.warehouse import transform
from piramig.warehouse.schema import connect

# Several warehouse tables written by one asset are several dbt sources with that asset's key.
translator = PiramigTranslator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=transform.manifest_path(), dagster_dbt_translator=translator)
def piramig_dbt_models(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    run = transform.build(settings, selected_nodes(context, translator))
    yield from dagster_events(run.events, context, translator, settings.home.dbt / "target")
    if not run.success:
        # The coordinators and the DGOS see on the reports index what blocks the publication, and why.
        with connect(settings.home.warehouse) as con:
            transform.record_build_failures(con, run.failures, dt.datetime.now())
            write_reports_index(con, settings.home.reports)
        raise dg.Failure(description=f"dbt build en échec : {run.summary}")
