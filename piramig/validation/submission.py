"""Validate submissions: type their cells, run the row rules, then the dataset rules; sort rows into accepted
(possibly flagged) and quarantined (with their reasons), and summarise every check.

A batch of submissions is validated at once (the rules cost per call far more than per row), then split into
one outcome per submission. The same functions serve the pipeline, `piramig validate` and the web
application, which have no warehouse and no history.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from piramig.contract.dictionary import field_codes
from piramig.validation.coercion import coerce, mixed_number_conventions, question_counts
from piramig.validation.row_rules import check_rows
from piramig.validation.rules import Anomaly, rule, rules
from piramig.vocabulary import Category, Severity, SubmissionStatus, Verdict, verdict

# Dataset rules take the typed rows of a batch and the rows of each submission's previous year, both keyed by
# `submission_id`.
DatasetChecks = Callable[[pd.DataFrame, pd.DataFrame], list[Anomaly]]
MAX_LISTED_VALUES = 50
SID = "submission_id"


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

    # An outcome does not change once made: its splits are computed once (reports read them many times).
    @cached_property
    def rejected(self) -> pd.Series:
        return self.rows["regles_erreur"].map(bool)

    @cached_property
    def accepted_rows(self) -> pd.DataFrame:
        return self.rows[~self.rejected]

    @cached_property
    def quarantined_rows(self) -> pd.DataFrame:
        return self.rows[self.rejected]

    def errors(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == Severity.ERROR]

    def warnings(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == Severity.WARNING]

    @property
    def verdict(self) -> Verdict:
        return verdict(SubmissionStatus.VALIDATED, int(self.rejected.sum()), len(self.warnings()))

    def failing(self, category: Category) -> dict[str, int]:
        """The failed checks of one category: rule -> failed rows."""
        return {c.rule: c.failed_rows for c in self.checks if not c.passed and rule(c.rule).category == category}

    def raw_values(self, line: int) -> str:
        row = self.raw[self.raw["ligne"] == line].iloc[0]
        return json.dumps({c: row[c] for c in field_codes() if c in row and row[c] is not None}, ensure_ascii=False)


@dataclass
class Submission:
    """What validation needs of one submission. The region's year before is either rows already accepted, or a
    submission of the same batch (the current one of that year, validated in the same pass)."""

    submission_id: str
    raw: pd.DataFrame  # one row per line read: `ligne`, `motif_routage`, the field codes as text (missing: None)
    previous_year: pd.DataFrame | None = None  # accepted rows of the region's current submission of the year before
    unknown_columns: list[str] = field(default_factory=list)  # header columns that name no field
    previous_submission: str | None = None  # or: that submission, in this batch


def _routing_anomalies(raw: pd.DataFrame) -> list[Anomaly]:
    if "motif_routage" not in raw:
        return []
    found = []
    for sid, line, reason in zip(raw[SID], raw["ligne"], raw["motif_routage"]):
        if reason:
            rule_id, _, message = reason.partition(":")
            found.append(Anomaly(rule_id, message.strip(), int(line), submission_id=sid))
    return found


def _unknown_column_message(name: str) -> str:
    if name.startswith("colonne ") and name.endswith(" sans en-tête"):
        return f"{name} : des valeurs dans une colonne sans en-tête, mises de côté"
    return f"colonne « {name} » : aucun code ni libellé du dictionnaire"


def _stacked(batch: list[Submission]) -> pd.DataFrame:
    """The raw frames of the batch one under the other, with their `submission_id`, each cell a plain object and each
    empty cell None whatever the frame's origin (DuckDB and pandas hand them back as NaN); built column by column,
    with no copy of the whole frame but the result."""
    frames = [s.raw for s in batch]
    columns = pd.concat([f.head(0).assign(**{SID: None}) for f in frames]).columns  # in pd.concat's order
    stacked = {}
    for column in columns:
        values = np.concatenate([np.full(len(f), s.submission_id, dtype=object) if column == SID
                                 else f[column].to_numpy(dtype=object) if column in f
                                 else np.full(len(f), None, dtype=object) for s, f in zip(batch, frames)])
        values[pd.isna(values)] = None  # a fresh array: concatenate copies
        stacked[column] = values
    return pd.DataFrame(stacked, columns=columns, dtype=object, copy=False)  # the arrays are its own


def validate_submissions(batch: list[Submission], dataset_checks: DatasetChecks | None = None,
                         current_year: int | None = None) -> list[ValidationOutcome]:
    """One outcome per submission of the batch, in the batch's order."""
    if not batch:
        return []
    raw = _stacked(batch)
    typed, type_anomalies = coerce(raw)
    typed.insert(0, SID, raw[SID])
    anomalies = _routing_anomalies(raw) + type_anomalies
    typed = pd.concat([typed, question_counts(typed)], axis=1)
    anomalies += [Anomaly("colonne_hors_contrat", _unknown_column_message(name), column=name,
                          submission_id=s.submission_id) for s in batch for name in s.unknown_columns]
    for s in batch:
        mixed = mixed_number_conventions(s.raw)
        if mixed:
            anomalies.append(Anomaly("conventions_numeriques_melangees", f"le fichier mélange {mixed}",
                                     submission_id=s.submission_id))
    untyped = {(a.submission_id, a.line, a.column) for a in anomalies}
    # A cell that could not be typed is empty in `typed`: do not report it a second time as unanswered.
    anomalies += [a for a in check_rows(typed, current_year) if rule(a.rule).category != Category.COMPLETENESS
                  or (a.submission_id, a.line, a.column) not in untyped]
    errors_by_row: dict[tuple, list[str]] = defaultdict(list)
    warnings_by_row: dict[tuple, list[str]] = defaultdict(list)

    def flag(found: list[Anomaly]) -> None:
        for a in found:
            if a.line is not None:
                target = errors_by_row if a.severity == Severity.ERROR else warnings_by_row
                if a.rule not in target[(a.submission_id, a.line)]:
                    target[(a.submission_id, a.line)].append(a.rule)

    flag(anomalies)
    keys = list(zip(typed[SID], typed["ligne"].astype(int)))
    typed["regles_erreur"] = [errors_by_row.get(k, []) for k in keys]
    if dataset_checks is not None:
        accepted = typed[~typed["regles_erreur"].map(bool)]
        years_before = [s.previous_year.assign(**{SID: s.submission_id}) for s in batch
                        if s.previous_year is not None and len(s.previous_year)]
        years_before += [accepted[accepted[SID] == s.previous_submission].assign(**{SID: s.submission_id})
                         for s in batch if s.previous_submission is not None]
        previous = pd.concat(years_before or [typed.iloc[:0]], ignore_index=True)
        # Every row counts here, rejected or not: a quarantined PASS is still present in the submission.
        dataset_anomalies = dataset_checks(typed, previous)
        flag(dataset_anomalies)
        anomalies += dataset_anomalies
    typed["avertissements"] = [warnings_by_row.get(k, []) for k in keys]
    by_submission: dict[str, list[Anomaly]] = defaultdict(list)
    for a in anomalies:
        by_submission[a.submission_id].append(a)
    outcomes = []
    for s in batch:
        mine = (typed[SID] == s.submission_id).to_numpy()
        rows = typed[mine].drop(columns=SID).reset_index(drop=True)
        found = sorted(by_submission[s.submission_id], key=lambda a: (a.line or 0, a.rule))
        outcomes.append(ValidationOutcome(rows, found, summarise(rows, found, dataset_checks is not None),
                                          raw[mine].drop(columns=SID).reset_index(drop=True)))
    return outcomes


def validate_submission(raw: pd.DataFrame, previous_year: pd.DataFrame | None = None,
                        dataset_checks: DatasetChecks | None = None, current_year: int | None = None,
                        unknown_columns: list[str] | None = None, submission_id: str = "envoi") -> ValidationOutcome:
    """One submission: a batch of one."""
    [outcome] = validate_submissions([Submission(submission_id, raw, previous_year, unknown_columns or [])],
                                     dataset_checks, current_year)
    return outcome


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
