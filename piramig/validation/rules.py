"""The catalogue of checks (validations/rules.csv) and the anomaly one check finds on one row.

Each check has a category in the sense of Kahn et al. (2016) as the OHDSI Data Quality Dashboard applies it
(conformité, complétude, plausibilité), a severity (erreur: the row is quarantined; avertissement: the row
goes on, flagged), an optional threshold, and the French label, explanation and action a coordinator reads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_PATH = Path(__file__).with_name("rules.csv")
ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True)
class Rule:
    id: str
    tool: str
    level: str  # fichier | ligne | soumission
    category: str
    severity: str
    threshold: float | None
    label: str
    explanation: str
    action: str


@dataclass(frozen=True)
class Anomaly:
    """One check failing on one row (line set) or on the whole submission (line None)."""

    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def severity(self) -> str:
        return rule(self.rule).severity


@cache
def rules() -> dict[str, Rule]:
    with open(RULES_PATH, encoding="utf-8", newline="") as handle:
        return {
            row["regle"]: Rule(
                id=row["regle"],
                tool=row["outil"],
                level=row["niveau"],
                category=row["categorie"],
                severity=row["severite"],
                threshold=float(row["seuil"]) if row["seuil"] else None,
                label=row["libelle"],
                explanation=row["explication"],
                action=row["action"],
            )
            for row in csv.DictReader(handle)
        }


def rule(rule_id: str) -> Rule:
    return rules()[rule_id]
