"""Publication for analysts, after the dbt build and its tests passed: the warehouse, its exports, its docs."""

import datetime as dt

import dagster as dg

from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.lib.keys import PUBLISHED_DOCS, PUBLISHED_EXPORTS, PUBLISHED_WAREHOUSE
from piramig.publishing.exports import write_exports
from piramig.publishing.publication import publish_warehouse
from piramig.reporting.campaign_pages import write_reports_index
from piramig.settings import Settings
from piramig.warehouse.pending import BuildScope, record_publication
from piramig.warehouse.schema import connect
from piramig.warehouse.transform import fingerprint, generate_docs


def _scope(context: dg.AssetExecutionContext) -> BuildScope | None:
    """How much of the dbt project this run built: all of it, part of it, or nothing (a publication alone)."""
    selected = context.run.asset_selection  # empty when the run is the whole job
    if not selected or set(piramig_dbt_models.keys) <= selected:
        return BuildScope.FULL
    return BuildScope.DATA if selected & set(piramig_dbt_models.keys) else None


@dg.asset(
    key=PUBLISHED_WAREHOUSE,
    deps=[piramig_dbt_models],
    group_name="publication",
    kinds={"duckdb"},
    description="Copie en lecture seule de l'entrepôt pour les analystes (published/piramig.duckdb), écrite à côté "
                "puis substituée d'un bloc : un lecteur connecté n'en voit jamais une moitié.",
)
def published_warehouse(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]
                        ) -> dg.MaterializeResult:
    path = publish_warehouse(settings.home)
    return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(path)),
                                          "taille_octets": path.stat().st_size,
                                          "etendue": str(_scope(context) or "aucune")})


@dg.asset(
    key=PUBLISHED_EXPORTS,
    deps=[PUBLISHED_WAREHOUSE],
    group_name="publication",
    kinds={"parquet", "csv"},
    description="Exports par année (published/exports/<année>/) : Parquet de chaque table publique, CSV pour "
                "tableur français, et données ouvertes avec secret statistique (effectifs de 1 à 10 masqués).",
)
def published_exports(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]
                      ) -> dg.MaterializeResult:
    home = settings.home
    link = write_exports(home.published, home.published_dir)
    scope = _scope(context)
    if scope is not None:
        # The publication is done once its exports are: recorded here, so that a run failing before leaves its
        # work pending. What it rests on decides what the next one must rebuild; the run's start bounds what the
        # build could see: a submission validated after it stays pending.
        started = context.instance.get_run_record_by_id(context.run.run_id).start_time
        with connect(home.warehouse) as con:
            record_publication(con, dt.datetime.fromtimestamp(started), fingerprint(), scope)
            write_reports_index(con, home.reports)  # no longer blocked: the index says so
    years = sorted(p.name for p in link.iterdir() if p.is_dir())
    return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(link)), "annees": ", ".join(years)})


@dg.asset(
    key=PUBLISHED_DOCS,
    deps=[piramig_dbt_models],
    group_name="publication",
    kinds={"dbt"},
    description="Documentation dbt (définitions des tables et des colonnes, lignage) en une page HTML autonome, "
                "publiée à côté de l'entrepôt : published/docs/index.html. Régénérée quand le projet dbt change.",
)
def published_docs(settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    destination = settings.home.published_dir / "docs" / "index.html"
    regenerated = generate_docs(settings, destination)
    return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(destination)),
                                          "regeneree": regenerated})
