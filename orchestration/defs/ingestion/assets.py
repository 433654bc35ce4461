"""Ingestion: the inbox is taken in (archived, registered, landed), then the submissions of (year, region)
partitions are validated and loaded, and the coordinators' reports written. The rules show as asset checks on
`piramig/pass_reports`, one per category, and the row accounting as a blocking check."""

from collections import Counter

import dagster as dg

from orchestration.lib.keys import CAMPAIGN_DECISIONS, CURRENT_SUBMISSIONS, PASS_REPORTS, SUBMISSIONS
from orchestration.lib.partitions import submission_partitions, year_and_region
from piramig.contract.reference import campaign_years
from piramig.reporting.campaign_pages import submission_report_folder, write_campaign_pages, write_reports_index
from piramig.reporting.submission_report import SubmissionInfo, write_reports
from piramig.settings import Settings
from piramig.validation.dataset_rules import dataset_checks
from piramig.validation.rules import rule
from piramig.vocabulary import Category, ReceptionStatus, Severity
from piramig.warehouse.intake import take_in
from piramig.warehouse.loading import LoadResult, load
from piramig.warehouse.requests import apply_requests
from piramig.warehouse.schema import connect

ACCOUNTING_CHECK = "lignes_comptabilisees"


@dg.asset(
    key=SUBMISSIONS,
    group_name="ingestion",
    kinds={"python", "duckdb"},
    description="Prise en charge de la boîte de dépôt : chaque fichier est archivé tel quel sous son empreinte "
                "SHA-256, enregistré dans audit.submissions, lu, et ses lignes déposées dans raw.submission_rows "
                "par (année, région). Un fichier déjà reçu ne change rien ; audit.receptions garde la trace de tous. "
                "Les décisions demandées depuis le portail (validations, clôtures) sont appliquées ici.",
)
def submissions(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    home = settings.home
    with connect(home.warehouse) as con:
        receptions = take_in(con, home, settings.max_file_bytes, set(campaign_years()))
        decisions = apply_requests(con, home)
    for request, refused in decisions:
        what = f"{request.action} {request.year} {request.region or ''} par {request.by}"
        (context.log.warning if refused else context.log.info)(f"demande {what} : " + (refused or "appliquée"))
    statuses = Counter(r.status for r in receptions)
    unroutable = [r.unroutable for r in receptions if r.unroutable is not None]
    _write_reports(settings, unroutable)
    if statuses[ReceptionStatus.REJECTED] or unroutable:
        with connect(home.warehouse, read_only=True) as con:
            write_reports_index(con, home.reports)  # the index lists unreadable files and unroutable rows
    for r in receptions:
        if r.status == ReceptionStatus.REJECTED:
            context.log.warning(f"{r.file_name} rejeté : {r.reason}")
    rows = "\n".join(f"| {r.file_name} | {r.status} | "
                     + (", ".join(f"{y} / {g} : {n} lignes" for y, g, n in r.parts) or (r.reason or "")) + " |"
                     for r in receptions)
    return dg.MaterializeResult(metadata={
        "fichiers": len(receptions),
        "enregistres": statuses[ReceptionStatus.REGISTERED],
        "deja_recus": statuses[ReceptionStatus.ALREADY_RECEIVED],
        "rejetes": statuses[ReceptionStatus.REJECTED],
        "demandes_appliquees": sum(refused is None for _, refused in decisions),
        "demandes_refusees": sum(refused is not None for _, refused in decisions),
        "detail": dg.MetadataValue.md("| fichier | statut | contenu |\n|---|---|---|\n" + rows),
    })


campaign_decisions = dg.AssetSpec(
    CAMPAIGN_DECISIONS,
    group_name="ingestion",
    kinds={"duckdb"},
    description="Décisions de campagne enregistrées par piramig campaign : clôtures et réouvertures par la DGOS "
                "(audit.campaign_decisions, vue audit.campaign_closings), validations des envois par les "
                "coordinations régionales (audit.approvals). Écrites hors de Dagster : la publication suivante en "
                "tient compte.",
)

current_submissions = dg.AssetSpec(
    CURRENT_SUBMISSIONS,
    deps=[SUBMISSIONS],
    group_name="ingestion",
    kinds={"duckdb"},
    description="Vue audit.current_submissions : l'envoi courant de chaque (année, région), le dernier reçu parmi "
                "les envois validés. Toujours à jour : elle se lit sur audit.submissions.",
)


def _current(results: list[LoadResult]) -> list[LoadResult]:
    """The last submission loaded of each partition: the current one."""
    return list({(r.submission.year, r.submission.region): r for r in results}.values())


def _category_check(category: Category, results: list[LoadResult]) -> dg.AssetCheckResult:
    """Failures of one category's rules in the current submissions of the run's partitions."""
    failing: dict[str, int] = Counter()
    for r in _current(results):
        for rule_id, failed in r.outcome.failing(category).items():
            failing[rule_id] += failed
    errors = any(rule(rule_id).severity == Severity.ERROR for rule_id in failing)
    return dg.AssetCheckResult(
        check_name=str(category), asset_key=PASS_REPORTS, passed=not failing,
        severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
        metadata={"regles_en_echec": dg.MetadataValue.json(dict(failing)),
                  "lignes_controlees": sum(r.rows_read for r in _current(results))})


def _write_reports(settings: Settings, results: list[LoadResult]) -> None:
    for r in results:
        s = r.submission
        write_reports(submission_report_folder(settings.home.reports, s.year, s.region), s.submission_id,
                      SubmissionInfo(s.file_name, s.year, s.region, s.submission_id, s.received), r.outcome)


@dg.asset(
    key=PASS_REPORTS,
    deps=[SUBMISSIONS],
    kinds={"pandera", "great_expectations", "duckdb"},
    description="Envois d'une (année, région) typés et contrôlés : lignes acceptées dans ingest.pass_reports, lignes "
                "rejetées dans validation.quarantine (avec leurs motifs et leurs valeurs brutes), anomalies et "
                "résultats des contrôles dans validation ; un rapport par envoi.",
    partitions_def=submission_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingestion",
    check_specs=[
        dg.AssetCheckSpec(ACCOUNTING_CHECK, asset=PASS_REPORTS, blocking=True,
                          description="Lignes lues = lignes acceptées + lignes en quarantaine, pour chaque envoi."),
        *[dg.AssetCheckSpec(str(category), asset=PASS_REPORTS,
                            description=f"Règles de {category.label} (piramig/validation/rules.csv).")
          for category in Category],
    ],
)
def pass_reports(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    """The submissions of the run's (year, region) partitions typed and checked: accepted rows to
    ingest.pass_reports, the others to validation.quarantine with their reasons; a report per submission."""
    keys = {year_and_region(key): key for key in context.partition_keys}
    home = settings.home
    with connect(home.warehouse) as con:
        results = load(con, sorted(keys), dataset_checks)
    _write_reports(settings, results)
    with connect(home.warehouse, read_only=True) as con:
        write_campaign_pages(con, home.reports, sorted(keys))
    for partition, key in keys.items():
        mine = [r for r in results if (r.submission.year, r.submission.region) == partition]
        metadata = {"envois": len(mine), "lignes_lues": sum(r.rows_read for r in mine),
                    "lignes_acceptees": sum(r.accepted for r in mine),
                    "lignes_quarantaine": sum(r.quarantined for r in mine)}
        if mine:
            metadata |= {"envoi_courant": mine[-1].submission.submission_id, "verdict": str(mine[-1].verdict)}
        context.add_asset_metadata(metadata, partition_key=key)
    unbalanced = [r.submission.submission_id for r in results if r.rows_read != r.accepted + r.quarantined]
    return dg.MaterializeResult(check_results=[
        dg.AssetCheckResult(check_name=ACCOUNTING_CHECK, asset_key=PASS_REPORTS, passed=not unbalanced,
                            metadata={"envois_desequilibres": dg.MetadataValue.json(unbalanced)}),
        *[_category_check(category, results) for category in Category],
    ])
