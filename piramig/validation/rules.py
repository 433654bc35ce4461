"""The catalogue of checks (rules.csv, beside this module) and the anomaly one check finds on one row.

Each check has a category in the sense of Kahn et al. (2016) as the OHDSI Data Quality Dashboard applies it
(conformité, complétude, plausibilité), a severity (erreur: the row is quarantined; avertissement: the row
goes on, flagged), an optional threshold, and the French label, explanation and action a coordinator reads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from piramig.vocabulary import Category, Severity

RULES_PATH = Path(__file__).with_name("rules.csv")


@dataclass(frozen=True)
class Rule:
    id: str
    tool: str
    level: str  # fichier | ligne | soumission
    category: Category
    severity: Severity
    threshold: float | None
    label: str
    explanation: str
    action: str


@dataclass(frozen=True)
class Anomaly:
    """One check failing on one row (line set) or on the whole submission (line None) of a submission (set when
    several submissions are validated at once)."""

    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    submission_id: str | None = None

    @property
    def severity(self) -> Severity:
        return rule(self.rule).severity


@cache
def rules() -> dict[str, Rule]:
    with open(RULES_PATH, encoding="utf-8", newline="") as handle:
        return {
            row["regle"]: Rule(
                id=row["regle"],
                tool=row["outil"],
                level=row["niveau"],
                category=Category(row["categorie"]),
                severity=Severity(row["severite"]),
                threshold=float(row["seuil"]) if row["seuil"] else None,
                label=row["libelle"],
                explanation=row["explication"],
                action=row["action"],
            )
            for row in csv.DictReader(handle)
        }


def rule(rule_id: str) -> Rule:
    return rules()[rule_id]
