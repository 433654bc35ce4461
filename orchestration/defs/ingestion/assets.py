"""Ingestion: the inbox is taken in (archived, registered, landed), then each (year, region) is validated and
loaded. The row and dataset rules run as asset checks on `piramig/pass_reports`, one per category."""


from collections import Counter

import dagster as dg

from orchestration.defs.ingestion.partitions import submission_partitions, year_and_region
from orchestration.resources import PiramigHome
from piramig.validation.dataset_rules import dataset_checks
from piramig.validation.rules import ERROR, rules
from piramig.warehouse.intake import intake_inbox
from piramig.warehouse.loading import LoadResult, load_partition

SUBMISSIONS = dg.AssetKey(["piramig", "submissions"])
PASS_REPORTS = dg.AssetKey(["piramig", "pass_reports"])
QUARANTINE = dg.AssetKey(["piramig", "quarantine"])
CURRENT_SUBMISSIONS = dg.AssetKey(["piramig", "current_submissions"])
CATEGORIES = {"conformite": "conformité", "completude": "complétude", "plausibilite": "plausibilité"}
ACCOUNTING_CHECK = "lignes_comptabilisees"


@dg.asset(
    key=SUBMISSIONS,
    group_name="ingestion",
    kinds={"python", "duckdb"},
    description="Prise en charge de la boîte de dépôt : chaque fichier est archivé tel quel sous son empreinte "
                "SHA-256, enregistré dans audit.submissions, lu, et ses lignes déposées dans raw.submission_rows "
                "par (année, région). Un fichier déjà reçu ne change rien.",
)
def submissions(context: dg.AssetExecutionContext, piramig_home: PiramigHome) -> dg.MaterializeResult:
    outcomes = intake_inbox(piramig_home.get())
    statuses = Counter(o.status for o in outcomes)
    rows = "\n".join(
        f"| {o.file_name} | {o.status} | "
        + (", ".join(f"{y} / {r} : {n} lignes" for y, r, n in o.parts) or (o.reason or ""))
        + " |"
        for o in outcomes
    )
    for o in outcomes:
        if o.status == "rejeté":
            context.log.warning(f"{o.file_name} rejeté : {o.reason}")
    return dg.MaterializeResult(
        metadata={
            "fichiers": len(outcomes),
            "enregistres": statuses["enregistré"],
            "deja_recus": statuses["déjà reçu"],
            "rejetes": statuses["rejeté"],
            "detail": dg.MetadataValue.md("| fichier | statut | contenu |\n|---|---|---|\n" + rows),
            "fichiers_detail": dg.MetadataValue.json({"fichiers": [
                {"fichier": o.file_name, "statut": o.status, "motif": o.reason} for o in outcomes
            ]}),
        }
    )


def _category_check(category: str, results: list[LoadResult]) -> dg.AssetCheckResult:
    """Failures of the partition's rules of one category, on its current (last loaded) submission."""
    outcome = results[-1].outcome if results else None
    failing = {}
    worst = dg.AssetCheckSeverity.WARN
    for check in outcome.checks if outcome else []:
        rule = rules()[check.rule]
        if rule.category == category and not check.passed:
            failing[check.rule] = check.failed_rows
            if rule.severity == ERROR:
                worst = dg.AssetCheckSeverity.ERROR
    return dg.AssetCheckResult(
        check_name=category,
        asset_key=PASS_REPORTS,
        passed=not failing,
        severity=worst,
        metadata={
            "regles_en_echec": dg.MetadataValue.json(failing),
            "lignes_controlees": len(outcome.rows) if outcome else 0,
        },
    )


current_submissions = dg.AssetSpec(
    CURRENT_SUBMISSIONS,
    deps=[SUBMISSIONS],
    group_name="ingestion",
    kinds={"duckdb"},
    description="Vue audit.current_submissions : l'envoi courant de chaque (année, région), le dernier reçu parmi "
                "les envois validés. Toujours à jour : elle se lit sur audit.submissions.",
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(PASS_REPORTS, deps=[SUBMISSIONS], kinds={"pandera", "great_expectations", "duckdb"},
                     description="Rapports d'activité PASS acceptés (ingest.pass_reports), typés et contrôlés."),
        dg.AssetSpec(QUARANTINE, deps=[SUBMISSIONS], kinds={"duckdb"},
                     description="Lignes rejetées (validation.quarantine), avec leurs motifs et leurs valeurs brutes."),
    ],
    partitions_def=submission_partitions,
    group_name="ingestion",
    check_specs=[
        dg.AssetCheckSpec(ACCOUNTING_CHECK, asset=PASS_REPORTS, blocking=True,
                          description="Lignes lues = lignes acceptées + lignes en quarantaine, pour chaque envoi."),
        *[dg.AssetCheckSpec(code, asset=PASS_REPORTS, description=f"Règles de {label} (validations/rules.csv).")
          for code, label in CATEGORIES.items()],
    ],
)
def pass_reports(context: dg.AssetExecutionContext, piramig_home: PiramigHome):
    """Each submission of one (year, region) typed and checked: accepted rows to ingest.pass_reports, the others
    to validation.quarantine with their reasons."""
    year, region = year_and_region(context.partition_key)
    results = load_partition(piramig_home.get(), year, region, dataset_checks=dataset_checks)
    unbalanced = [r.submission_id for r in results if r.rows_read != r.accepted + r.quarantined]
    metadata = {
        "envois": len(results),
        "lignes_lues": sum(r.rows_read for r in results),
        "lignes_acceptees": sum(r.accepted for r in results),
    }
    if results:
        metadata["envoi_courant"] = results[-1].submission_id
        metadata["verdict"] = results[-1].verdict
    yield dg.MaterializeResult(
        asset_key=PASS_REPORTS,
        metadata=metadata,
        check_results=[
            dg.AssetCheckResult(check_name=ACCOUNTING_CHECK, asset_key=PASS_REPORTS, passed=not unbalanced,
                                metadata={"envois_desequilibres": dg.MetadataValue.json(unbalanced)}),
            *[_category_check(code, results) for code in CATEGORIES],
        ],
    )
    yield dg.MaterializeResult(
        asset_key=QUARANTINE, metadata={"lignes_quarantaine": sum(r.quarantined for r in results)}
    )
