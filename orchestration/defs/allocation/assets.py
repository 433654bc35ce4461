"""The funding allocation: computed by the dbt models of models/*/dotation (every scenario of the seed), and
explained here, for the scenario chosen in the run's configuration, in a report for the ARS."""

import dagster as dg

from orchestration.lib.keys import ALLOCATION_REPORT, PUBLISHED_WAREHOUSE
from piramig.reporting.allocation_report import write_allocation_report
from piramig.settings import Settings


class AllocationReportConfig(dg.Config):
    scenario: str = "reference"


@dg.asset(
    key=ALLOCATION_REPORT,
    deps=[PUBLISHED_WAREHOUSE],
    group_name="dotation",
    kinds={"html"},
    description="Rapport de dotation d'un scénario (configuration : scenario, « reference » par défaut) : par "
                "année, le montant de chaque région et de chaque PASS avec son explication, pour l'ARS.",
)
def allocation_report(config: AllocationReportConfig, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    home = settings.home
    pages = write_allocation_report(home.published, home.reports, config.scenario)
    return dg.MaterializeResult(metadata={
        "scenario": config.scenario,
        "rapports": dg.MetadataValue.md("\n".join(f"- {page}" for page in pages)),
        "dernier_rapport": dg.MetadataValue.path(str(pages[-1])) if pages else "",
    })
