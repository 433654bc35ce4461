"""Publication of the warehouse for analysts, after the dbt build and its tests passed."""

import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.resources import PiramigHome
from piramig.publishing import publish_warehouse

PUBLISHED_WAREHOUSE = dg.AssetKey(["published", "warehouse"])


@dg.asset(
    key=PUBLISHED_WAREHOUSE,
    deps=[piramig_dbt_models],
    group_name="publication",
    kinds={"duckdb"},
    description="Copie en lecture seule de l'entrepôt pour les analystes (published/piramig.duckdb), écrite à côté "
                "puis substituée d'un bloc : un lecteur connecté n'en voit jamais une moitié.",
)
def published_warehouse(context: dg.AssetExecutionContext, piramig_home: PiramigHome) -> dg.MaterializeResult:
    path = publish_warehouse(piramig_home.get())
    return dg.MaterializeResult(
        metadata={"chemin": dg.MetadataValue.path(str(path)), "taille_octets": path.stat().st_size}
    )
