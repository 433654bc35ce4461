"""The annual syntheses, partitioned by (year, perimeter): each region's draft synthesis and the national
restitution, written after each publication from the analysts' warehouse (piramig.publishing.syntheses)."""

import warnings

import dagster as dg

from orchestration.lib.keys import PUBLISHED_WAREHOUSE, SYNTHESES
from orchestration.lib.partitions import synthesis_partitions, year_and_perimeter
from piramig.publishing.syntheses import syntheses_root
from piramig.settings import Settings

# A range of partitions in one run (single-run backfill policy), as the load of submissions does. The policy is
# beta in Dagster 1.13 and each module using it says so on stderr: once is enough (pass_reports says it).
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Parameter `backfill_policy`", dg.BetaWarning)
    as_syntheses_asset = dg.asset(
        key=SYNTHESES,
        deps=[PUBLISHED_WAREHOUSE],
        partitions_def=synthesis_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        group_name="publication",
        kinds={"docx", "pdf"},
        description="Synthèses annuelles (published/syntheses/<année>/) : projet de synthèse de chaque région "
                    "(<code_region>.docx et .pdf) et restitution nationale (national.docx et .pdf), avec leur "
                    "variante données ouvertes (secret statistique appliqué). Réécrites après une publication quand "
                    "les chiffres sur lesquels elles reposent ont changé.",
    )


@as_syntheses_asset
def syntheses(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    # matplotlib and python-docx are imported when documents are written, not each time the code location loads.
    from piramig.publishing.syntheses.batch import write_syntheses

    keys = {year_and_perimeter(key): key for key in context.partition_keys}
    home = settings.home
    outcome = write_syntheses(home.published, syntheses_root(home.published_dir), sorted(keys))
    for partition, key in keys.items():
        metadata = {"reecrite": partition in outcome.written, "sans_donnees": partition in outcome.without_data}
        paths = outcome.documents.get(partition)
        if paths:
            (docx, pdf), (open_docx, _) = paths["interne"], paths["ouvert"]
            metadata |= {"docx": dg.MetadataValue.path(str(docx)), "pdf": dg.MetadataValue.path(str(pdf)),
                         "donnees_ouvertes": dg.MetadataValue.path(str(open_docx))}
        context.add_asset_metadata(metadata, partition_key=key)
    return dg.MaterializeResult(metadata={"documents_ecrits": len(outcome.written),
                                          "inchanges": len(outcome.current), "graphiques": outcome.charts})
