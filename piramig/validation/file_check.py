"""A file checked before it is sent, with no warehouse and no history: read, routed by (year, region), validated by
the pipeline's rules. `piramig validate` and the web application's upload page both call check_file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from piramig.contract.reference import campaign_years
from piramig.reading.files import RawTable, UnreadableFile, read_submission_bytes, too_large
from piramig.reading.routing import PartKey, route_table
from piramig.validation.dataset_rules import dataset_checks
from piramig.validation.submission import Submission, ValidationOutcome, validate_submissions

# The accepted rows of a region's year before, as the published warehouse holds them (absent: not known).
PreviousYear = Callable[[list[tuple[int, str]]], dict[tuple[int, str], pd.DataFrame]]


@dataclass
class FileCheck:
    table: RawTable
    parts: list[tuple[PartKey, ValidationOutcome]]  # one per (year, region) of the file; (None, None): unroutable

    @property
    def has_errors(self) -> bool:
        return any(outcome.errors() for _, outcome in self.parts)


def check_bytes(data: bytes, max_bytes: int | None, previous_year: PreviousYear | None = None) -> FileCheck:
    """Raises UnreadableFile (its message says why, in French) for a file that cannot be read as a whole."""
    reason = too_large(len(data), max_bytes)
    if reason:
        raise UnreadableFile(reason)
    table = read_submission_bytes(data)
    if not table.lines:
        raise UnreadableFile("aucune ligne de données sous l'en-tête")
    parts = route_table(table, set(campaign_years()))
    keys = [(year - 1, region) for year, region in parts if year is not None and region is not None]
    before = previous_year(keys) if previous_year and keys else {}
    batch = [Submission(str(key), raw, before.get((key[0] - 1, key[1])) if key[0] else None,
                        table.unknown_columns) for key, raw in parts.items()]
    return FileCheck(table, list(zip(parts, validate_submissions(batch, dataset_checks))))
