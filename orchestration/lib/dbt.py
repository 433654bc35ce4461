"""dbt inside Dagster: which dbt nodes a run selected, and dbt's results as Dagster events.

dbt runs in process (piramig.warehouse.transform); its result events have the shape of dbt's JSON log, which is
what dagster-dbt's own event class reads, so materializations, metadata and asset checks are dagster-dbt's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from piramig.warehouse.transform import MANIFEST

REFABLE = ("model", "seed", "snapshot")


class PiramigTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str:
        # staging, intermediate, marts, reference (seeds): the layer is the group.
        return dbt_resource_props["config"].get("schema") or "dbt"


@cache
def manifest() -> dict[str, Any]:
    """The manifest the definitions were loaded from (its freshness was checked then)."""
    return json.loads(MANIFEST.read_bytes())


def selected_nodes(context: dg.AssetExecutionContext, translator: DagsterDbtTranslator) -> list[str]:
    """The dbt names of the models and seeds the run selected; empty when it selected them all."""
    if not context.is_subset:
        return []
    selected = context.selected_asset_keys
    return sorted(node["name"] for node in manifest()["nodes"].values()
                  if node["resource_type"] in REFABLE and translator.get_asset_key(node) in selected)


def dagster_events(raw_events: list[dict], context: dg.AssetExecutionContext, translator: DagsterDbtTranslator,
                   target_path) -> Iterator:
    for raw in raw_events:
        yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
            manifest=manifest(), dagster_dbt_translator=translator, context=context, target_path=target_path)


def data_dependent_keys(translator: DagsterDbtTranslator) -> list[dg.AssetKey]:
    """The dbt assets a new submission changes: the tables downstream of the warehouse's sources. Not the seeds nor
    what reads only them; not the views either, which read the new data as they are."""
    nodes = manifest()["nodes"]
    dependent: set[str] = set(manifest()["sources"])
    changed = True
    while changed:  # the manifest's nodes are not in dependency order: spread until nothing moves
        changed = False
        for unique_id, node in nodes.items():
            if unique_id not in dependent and dependent & set(node["depends_on"].get("nodes", [])):
                dependent.add(unique_id)
                changed = True
    tables = [nodes[u] for u in dependent if u in nodes and nodes[u]["resource_type"] in REFABLE
              and nodes[u]["config"]["materialized"] != "view"]
    return sorted((translator.get_asset_key(node) for node in tables), key=lambda k: k.to_user_string())
