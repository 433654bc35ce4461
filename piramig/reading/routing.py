"""Routing: the rows of a file grouped by the (year, region) they belong to, and the text frame validation takes.

A file holds the rows of one region and year (the usual case: one (year, region) holds most of its rows, and a
stray row of another region or year stays in that part, to be quarantined), or is an export of several (no
(year, region) holds a majority: each one is a part of its own; rows whose year or region cannot be read form
the part (None, None), to be quarantined).
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pandas as pd

from piramig.contract.dictionary import field_codes, is_missing
from piramig.contract.reference import region_codes, region_name
from piramig.reading import values
from piramig.reading.files import RawRow, RawTable

PartKey = tuple[int | None, str | None]
Part = list[tuple[RawRow, str | None]]  # each row with the routing reason that rejects it, if any
FRAME_COLUMNS = ["ligne", "motif_routage", "cellules_hors_contrat"]  # then the field codes


def _each_distinct(cells: np.ndarray, read) -> np.ndarray:
    """`read` of each cell, called once per distinct text (a file repeats its year and region on every row)."""
    codes, texts = pd.factorize(cells, use_na_sentinel=True)
    # The last slot answers the code -1 of an empty cell.
    return np.array([*map(read, texts), read(None)], dtype=object)[codes]


def _year(cell) -> int | None:
    try:
        return None if is_missing(cell) else values.parse_integer(str(cell))
    except values.CellError:
        return None


def _region(cell) -> str | None:
    return None if is_missing(cell) else values.parse_code_region(str(cell))


def _assign(years_read: np.ndarray, regions_read: np.ndarray, years: set[int]) -> dict[PartKey, tuple]:
    """The parts of rows given by their year and region cells: part -> (positions of its rows, the routing reason
    of each of them, None for a row it keeps). Parts come in the order of their first row."""
    known = set(region_codes())
    year = _each_distinct(years_read, lambda cell: y if (y := _year(cell)) in years else None)
    region = _each_distinct(regions_read, lambda cell: r if (r := _region(cell)) in known else None)
    routable = pd.notna(year) & pd.notna(region)
    # A part's label: the position of its (year, region) among the first seen, -1 for a row that cannot be routed.
    labels, keys = pd.factorize(np.where(routable, [f"{y}|{r}" for y, r in zip(year, region)], ""))
    key_of = {index: (int(key.split("|")[0]), key.split("|")[1]) for index, key in enumerate(keys) if key}
    counts = Counter(labels.tolist())
    majority = next((label for label, n in counts.items() if label in key_of and 2 * n > len(labels)), None)
    if majority is not None:
        year_of, region_of = key_of[majority]
        reasons: list[str | None] = [None] * len(labels)
        for i in np.flatnonzero(labels != majority):
            seen = f"année {years_read[i] or 'vide'}, région {regions_read[i] or 'vide'}"
            reasons[i] = f"ligne_hors_fichier: {seen} dans un fichier de {region_name(region_of)} {year_of}"
        return {key_of[majority]: (np.arange(len(labels)), reasons)}
    parts: dict[PartKey, tuple] = {}
    for index in range(len(keys)):
        positions = np.flatnonzero(labels == index)
        if index in key_of:
            parts[key_of[index]] = (positions, [None] * len(positions))
        else:
            parts[(None, None)] = (positions, [
                f"ligne_non_routable: année « {years_read[i] or ''} » ou région « {regions_read[i] or ''} » illisible"
                for i in positions])
    return parts


def route(rows: list[RawRow], years: set[int]) -> dict[PartKey, Part]:
    """Rows grouped by the (year, region) part they belong to."""
    cells = {code: np.array([row.cells.get(code) for row in rows], dtype=object) for code in ("annee", "code_region")}
    return {key: [(rows[i], reason) for i, reason in zip(positions, reasons)]
            for key, (positions, reasons) in _assign(cells["annee"], cells["code_region"], years).items()}


def raw_frame(part: Part) -> pd.DataFrame:
    """A part's rows as the text frame validation takes (the layout of raw.submission_rows)."""
    codes = field_codes()
    return pd.DataFrame(
        [[row.line, reason, json.dumps(row.extra, ensure_ascii=False) if row.extra else None]
         + [row.cells.get(c) for c in codes] for row, reason in part],
        columns=[*FRAME_COLUMNS, *codes],
        dtype=object,
    )


def route_table(table: RawTable, years: set[int]) -> dict[PartKey, pd.DataFrame]:
    """`route` and `raw_frame` of a whole table at once, column by column: part -> its text frame."""
    empty = np.full(len(table.lines), None, dtype=object)
    cells = {code: table.cells.get(code, empty) for code in field_codes()}
    parts = _assign(cells["annee"], cells["code_region"], years)
    extras = np.full(len(table.lines), None, dtype=object)
    for i, extra in table.extras.items():
        extras[i] = json.dumps(extra, ensure_ascii=False)
    lines = np.array(table.lines, dtype=object)
    frames = {}
    for key, (positions, reasons) in parts.items():
        whole = len(positions) == len(lines)
        columns = {"ligne": lines, "motif_routage": np.array(reasons, dtype=object), "cellules_hors_contrat": extras,
                   **cells}
        # The part of the whole table takes its columns as they are (a copy of each array would double the
        # memory of a large file), each column an array of its own; another part takes its rows.
        shared: set[int] = set()
        for name, column in columns.items():
            if not whole:
                columns[name] = column if name == "motif_routage" else column[positions]
            elif id(column) in shared:
                columns[name] = column.copy()
            shared.add(id(column))
        frames[key] = pd.DataFrame(columns, dtype=object, copy=False)
    return frames
