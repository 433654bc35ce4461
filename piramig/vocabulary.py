"""The domain's words, once: statuses of a submission and of a received file, severities and categories of the
checks, and the verdict a coordinator reads. Their values are the French words stored in the warehouse."""

from __future__ import annotations

from enum import StrEnum


class SubmissionStatus(StrEnum):
    """A submission: one file's rows for one (year, region)."""

    RECEIVED = "reçue"  # registered, waiting for validation
    VALIDATED = "validée"  # validated and loaded: accepted rows in ingest, the others in quarantine
    REJECTED = "rejetée"  # the file could not be read at all


class ReceptionStatus(StrEnum):
    """What the intake did with a file of the inbox."""

    REGISTERED = "enregistré"
    ALREADY_RECEIVED = "déjà reçu"
    REJECTED = "rejeté"
    CHANGED_WHILE_READ = "modifié pendant la lecture"


class CampaignStatus(StrEnum):
    """A campaign: one activity year, open until the DGOS closes it."""

    OPEN = "en_cours"
    CLOSED = "close"


class CampaignDecision(StrEnum):
    CLOSE = "cloture"
    REOPEN = "reouverture"


class RegionStatus(StrEnum):
    """A region in a campaign, as its current submission stands."""

    EXPECTED = "attendu"  # no submission with rows yet
    RECEIVED = "recu"
    IN_ANOMALY = "en_anomalie"  # its current submission has rows in quarantine
    APPROVED = "valide_coordination"  # its coordinator approved its current submission


class Severity(StrEnum):
    ERROR = "erreur"  # the row goes to quarantine
    WARNING = "avertissement"  # the row goes on, flagged


class Category(StrEnum):
    """Data quality categories of Kahn et al. (2016), as the OHDSI Data Quality Dashboard applies them."""

    CONFORMITY = "conformite"
    COMPLETENESS = "completude"
    PLAUSIBILITY = "plausibilite"

    @property
    def label(self) -> str:
        return {"conformite": "conformité", "completude": "complétude", "plausibilite": "plausibilité"}[self.value]


class Verdict(StrEnum):
    UNREADABLE = "fichier illisible"
    PENDING = "en attente de validation"
    ROWS_REJECTED = "lignes rejetées"
    ACCEPTED_WITH_WARNINGS = "acceptée avec avertissements"
    ACCEPTED = "acceptée"

    @property
    def style(self) -> str:
        """How a page shows it: error, warn or ok."""
        if self in (Verdict.UNREADABLE, Verdict.ROWS_REJECTED):
            return "error"
        return "ok" if self is Verdict.ACCEPTED else "warn"


def verdict(status: SubmissionStatus | str, quarantined: int, warnings: int) -> Verdict:
    """The one verdict of a submission, from its status and what its validation found."""
    if status == SubmissionStatus.REJECTED:
        return Verdict.UNREADABLE
    if status != SubmissionStatus.VALIDATED:
        return Verdict.PENDING
    if quarantined:
        return Verdict.ROWS_REJECTED
    return Verdict.ACCEPTED_WITH_WARNINGS if warnings else Verdict.ACCEPTED
