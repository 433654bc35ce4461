"""Publication for analysts, after the dbt build and its tests passed: the warehouse, its exports, its docs."""

import hashlib
import os
import shutil

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.assets import piramig_dbt_models
from orchestration.defs.dbt.resources import manifest_path
from orchestration.resources import PiramigHome
from piramig.publishing.exports import write_exports
from piramig.publishing.publication import publish_warehouse
from piramig.settings import HOME_ENV_VAR

PUBLISHED_WAREHOUSE = dg.AssetKey(["published", "warehouse"])
PUBLISHED_EXPORTS = dg.AssetKey(["published", "exports"])
PUBLISHED_DOCS = dg.AssetKey(["published", "docs"])


@dg.asset(
    key=PUBLISHED_WAREHOUSE,
    deps=[piramig_dbt_models],
    group_name="publication",
    kinds={"duckdb"},
    description="Copie en lecture seule de l'entrepôt pour les analystes (published/piramig.duckdb), écrite à côté "
                "puis substituée d'un bloc : un lecteur connecté n'en voit jamais une moitié.",
)
def published_warehouse(piramig_home: PiramigHome) -> dg.MaterializeResult:
    path = publish_warehouse(piramig_home.get())
    return dg.MaterializeResult(
        metadata={"chemin": dg.MetadataValue.path(str(path)), "taille_octets": path.stat().st_size}
    )


@dg.asset(
    key=PUBLISHED_EXPORTS,
    deps=[PUBLISHED_WAREHOUSE],
    group_name="publication",
    kinds={"parquet", "csv"},
    description="Exports par année (published/exports/<année>/) : Parquet de chaque table publique, CSV pour "
                "tableur français, et données ouvertes avec secret statistique (effectifs de 1 à 10 masqués).",
)
def published_exports(piramig_home: PiramigHome) -> dg.MaterializeResult:
    home = piramig_home.get()
    link = write_exports(home.published, home.published_dir)
    years = sorted(p.name for p in link.iterdir())
    return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(link)), "annees": ", ".join(years)})


@dg.asset(
    key=PUBLISHED_DOCS,
    deps=[piramig_dbt_models],
    group_name="publication",
    kinds={"dbt"},
    description="Documentation dbt (définitions des tables et des colonnes, lignage) en une page HTML autonome, "
                "publiée à côté de l'entrepôt : published/docs/index.html.",
)
def published_docs(piramig_home: PiramigHome, dbt: DbtCliResource) -> dg.MaterializeResult:
    home = piramig_home.get()
    destination = home.published_dir / "docs" / "index.html"
    stamp = destination.with_name(".manifest.sha256")
    # The docs describe the project (models, columns, descriptions): the same manifest gives the same docs.
    manifest = hashlib.sha256(manifest_path().read_bytes()).hexdigest()
    if destination.exists() and stamp.exists() and stamp.read_text() == manifest:
        return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(destination)),
                                              "regeneree": False})
    os.environ[HOME_ENV_VAR] = str(home.root)
    target = home.dbt / "docs"
    dbt.cli(["--quiet", "docs", "generate", "--static"], target_path=target).wait()
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(".index.html.tmp")
    shutil.copyfile(target / "static_index.html", temporary)
    os.replace(temporary, destination)
    stamp.write_text(manifest)
    return dg.MaterializeResult(metadata={"chemin": dg.MetadataValue.path(str(destination)), "regeneree": True})
