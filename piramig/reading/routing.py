"""Routing: the rows of a file grouped by the (year, region) they belong to, and the text frame validation takes.

A file holds the rows of one region and year (the usual case: one (year, region) holds most of its rows, and a
stray row of another region or year stays in that part, to be quarantined), or is an export of several (no
(year, region) holds a majority: each one is a part of its own; rows whose year or region cannot be read form
the part (None, None), to be quarantined).
"""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd

from piramig.contract.dictionary import field_codes, is_missing
from piramig.contract.reference import region_codes, region_name
from piramig.reading import values
from piramig.reading.files import RawRow

PartKey = tuple[int | None, str | None]
Part = list[tuple[RawRow, str | None]]  # each row with the routing reason that rejects it, if any


def _route_key(row: RawRow, years: set[int], regions: set[str]) -> PartKey:
    year = region = None
    try:
        if not is_missing(row.cells.get("annee")):
            year = values.parse_integer(str(row.cells["annee"]))
    except values.CellError:
        pass
    if not is_missing(row.cells.get("code_region")):
        region = values.parse_code_region(str(row.cells["code_region"]))
    return (year if year in years else None, region if region in regions else None)


def route(rows: list[RawRow], years: set[int]) -> dict[PartKey, Part]:
    """Rows grouped by the (year, region) part they belong to."""
    regions = set(region_codes())
    keys = [_route_key(row, years, regions) for row in rows]
    counts = Counter(k for k in keys if None not in k)
    parts: dict[PartKey, Part] = {}
    majority = next((k for k, n in counts.items() if 2 * n > len(rows)), None)
    for row, key in zip(rows, keys):
        if majority is not None:
            reason = None
            if key != majority:
                seen = f"année {row.cells.get('annee') or 'vide'}, région {row.cells.get('code_region') or 'vide'}"
                reason = (f"ligne_hors_fichier: {seen} dans un fichier de {region_name(majority[1])} "
                          f"{majority[0]}")
            parts.setdefault(majority, []).append((row, reason))
        elif None in key:
            reason = (f"ligne_non_routable: année « {row.cells.get('annee') or ''} » ou région "
                      f"« {row.cells.get('code_region') or ''} » illisible")
            parts.setdefault((None, None), []).append((row, reason))
        else:
            parts.setdefault(key, []).append((row, None))
    return parts


def raw_frame(part: Part) -> pd.DataFrame:
    """A part's rows as the text frame validation takes (the layout of raw.submission_rows)."""
    codes = field_codes()
    return pd.DataFrame(
        [[row.line, reason, json.dumps(row.extra, ensure_ascii=False) if row.extra else None]
         + [row.cells.get(c) for c in codes] for row, reason in part],
        columns=["ligne", "motif_routage", "cellules_hors_contrat", *codes],
        dtype=object,
    )
