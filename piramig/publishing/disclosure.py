"""Statistical disclosure control for the open-data exports: counts of 1 to 10 are masked (primary
suppression), then more cells are masked (secondary suppression) until no masked cell can be recovered by
subtracting the other cells of a line from its total.

A table has member rows and a total row (the national figure, sum of the regions), and optionally member
columns and a total column (a block's patients, sum of its categories): every row and every column that has
a total is an additive constraint. While a constraint holds exactly one masked cell, the smallest non-zero
unmasked member of that constraint is masked too (or its total, when no member is left).
"""

from __future__ import annotations

import pandas as pd

SMALL_COUNT_MIN, SMALL_COUNT_MAX = 1, 10


def _constraints(table: pd.DataFrame, total_row: str, total_column: str | None) -> list[list[tuple]]:
    """Each constraint: its member cells, then its total cell, as (row, column) pairs."""
    members_rows = [r for r in table.index if r != total_row]
    members_cols = [c for c in table.columns if c != total_column]
    constraints = [[(r, c) for r in members_rows] + [(total_row, c)] for c in table.columns]
    if total_column is not None:
        constraints += [[(r, c) for c in members_cols] + [(r, total_column)] for r in table.index]
    return constraints


def suppress(table: pd.DataFrame, total_row: str, total_column: str | None = None) -> pd.DataFrame:
    """The table with masked cells set to missing (NA). `table` holds counts; missing cells stay missing."""
    values = table.astype("Float64")
    masked = values.apply(lambda col: col.between(SMALL_COUNT_MIN, SMALL_COUNT_MAX)).fillna(False).astype(bool)
    constraints = _constraints(values, total_row, total_column)
    changed = True
    while changed:
        changed = False
        for cells in constraints:
            hidden = [cell for cell in cells if masked.at[cell]]
            if len(hidden) != 1:
                continue
            members = [cell for cell in cells[:-1] if not masked.at[cell] and not pd.isna(values.at[cell])
                       and values.at[cell] != 0]
            total = cells[-1]
            if members:
                target = min(members, key=lambda cell: (values.at[cell], str(cell)))
            elif not masked.at[total] and not pd.isna(values.at[total]):
                target = total
            else:
                continue  # every other cell is zero or missing: nothing left to hide the masked one behind
            masked.at[target] = True
            changed = True
    return values.mask(masked)
