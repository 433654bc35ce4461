"""Validate one submission: type its cells, run the row rules, then the dataset rules; sort rows into
accepted (possibly flagged) and quarantined (with their reasons), and summarise every check.

The same function serves the pipeline and `piramig validate`, which has no warehouse and no history.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from piramig.contract.dictionary import field_codes
from piramig.validation.coercion import coerce, question_counts
from piramig.validation.row_rules import check_rows
from piramig.validation.rules import ERROR, Anomaly, rule, rules

# Dataset rules take the typed rows of the submission and those of the previous year (or None).
DatasetChecks = Callable[[pd.DataFrame, pd.DataFrame | None], list[Anomaly]]
MAX_LISTED_VALUES = 50


@dataclass
class CheckResult:
    rule: str
    failed_rows: int
    checked_rows: int
    finess: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failed_rows == 0


@dataclass
class ValidationOutcome:
    rows: pd.DataFrame  # typed rows with `ligne`, question counts, and `regles_erreur`, `avertissements`
    anomalies: list[Anomaly]
    checks: list[CheckResult]
    raw: pd.DataFrame

    @property
    def rejected(self) -> pd.Series:
        return self.rows["regles_erreur"].map(bool)

    @property
    def accepted_rows(self) -> pd.DataFrame:
        return self.rows[~self.rejected]

    @property
    def quarantined_rows(self) -> pd.DataFrame:
        return self.rows[self.rejected]

    def errors(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == ERROR]

    def warnings(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity != ERROR]

    @property
    def verdict(self) -> str:
        if self.rejected.any():
            return "lignes rejetées"
        if self.anomalies:
            return "acceptée avec avertissements"
        return "acceptée"

    def raw_values(self, line: int) -> str:
        row = self.raw[self.raw["ligne"] == line].iloc[0]
        return json.dumps({c: row[c] for c in field_codes() if c in row and row[c] is not None}, ensure_ascii=False)


def _routing_anomalies(raw: pd.DataFrame) -> list[Anomaly]:
    if "motif_routage" not in raw:
        return []
    found = []
    for line, reason in zip(raw["ligne"], raw["motif_routage"]):
        if reason:
            rule_id, _, message = reason.partition(":")
            found.append(Anomaly(rule_id, message.strip(), int(line)))
    return found


def validate_submission(
    raw: pd.DataFrame, previous_year: pd.DataFrame | None = None, dataset_checks: DatasetChecks | None = None,
    current_year: int | None = None, unknown_columns: list[str] | None = None,
) -> ValidationOutcome:
    """`raw`: one row per line read, a `ligne` column and the field codes as text (missing cells None);
    `unknown_columns`: the header's columns that name no field (kept aside, reported)."""
    # Empty cells as None whatever the frame's origin (DuckDB and pandas hand them back as NaN).
    raw = raw.reset_index(drop=True).astype(object)
    raw = raw.where(raw.notna(), None)
    typed, anomalies = coerce(raw)
    typed = pd.concat([typed, question_counts(typed)], axis=1)
    anomalies += _routing_anomalies(raw)
    anomalies += [Anomaly("colonne_hors_contrat", f"colonne « {name} » : aucun code ni libellé du dictionnaire",
                          column=name) for name in unknown_columns or []]
    untyped = {(a.line, a.column) for a in anomalies}
    # A cell that could not be typed is empty in `typed`: do not report it a second time as unanswered.
    anomalies += [a for a in check_rows(typed, current_year)
                  if rule(a.rule).category != "completude" or (a.line, a.column) not in untyped]
    errors_by_line: dict[int, list[str]] = defaultdict(list)
    warnings_by_line: dict[int, list[str]] = defaultdict(list)
    for a in anomalies:
        if a.line is not None:
            target = errors_by_line if a.severity == ERROR else warnings_by_line
            if a.rule not in target[a.line]:
                target[a.line].append(a.rule)
    typed["regles_erreur"] = [errors_by_line.get(int(line), []) for line in typed["ligne"]]
    if dataset_checks is not None:
        # Every row counts here, rejected or not: a quarantined PASS is still present in the submission.
        dataset_anomalies = dataset_checks(typed, previous_year)
        for a in dataset_anomalies:
            if a.line is not None and a.rule not in warnings_by_line[a.line]:
                warnings_by_line[a.line].append(a.rule)
        anomalies += dataset_anomalies
    typed["avertissements"] = [warnings_by_line.get(int(line), []) for line in typed["ligne"]]
    return ValidationOutcome(typed, anomalies, summarise(typed, anomalies, dataset_checks is not None), raw)


def summarise(rows: pd.DataFrame, anomalies: list[Anomaly], with_dataset_rules: bool) -> list[CheckResult]:
    """One result per rule of the catalogue that ran, failed or not."""
    finess_by_line = dict(zip(rows["ligne"].astype(int), rows["finess_et"]))
    by_rule: dict[str, list[Anomaly]] = defaultdict(list)
    for a in anomalies:
        by_rule[a.rule].append(a)
    results = []
    for r in rules().values():
        ran = r.tool != "great_expectations" or with_dataset_rules
        if not ran:
            continue
        found = by_rule.get(r.id, [])
        lines = {a.line for a in found if a.line is not None}
        # A row-level rule may concern a PASS that is not in the file (a PASS gone missing): no line then.
        absent = {a.value for a in found if a.line is None and a.column == "finess_et"}
        # A row rule counts rows; a submission or file rule counts the submission once.
        failed = len(lines) + len(absent) if r.level == "ligne" else (1 if found else 0)
        checked = len(rows) if r.level == "ligne" else 1
        finess = sorted({str(finess_by_line[line]) for line in lines if not pd.isna(finess_by_line.get(line))}
                        | absent)
        values = [
            (f"ligne {a.line} · " if a.line else "") + a.message for a in found[:MAX_LISTED_VALUES]
        ]
        results.append(CheckResult(r.id, failed, checked, finess, values))
    return results

