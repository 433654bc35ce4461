"""Synthetic campaigns k times the demo's size: every PASS of the demo's current submissions copied k times
under new FINESS numbers (valid, same département), the same copies from year to year, one file per region
and year as offices send them."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

from apps.cli import DEMO_DIR, DEMO_MANIFEST
from piramig.contract import finess
from piramig.contract.dictionary import field_codes
from piramig.reading.files import read_submission

FLAWED = "ra_pass_2021_28_normandie.csv"


def write_campaign(inbox: Path, copies: int) -> int:
    """Writes the campaign into `inbox` and returns the number of rows written."""
    inbox.mkdir(parents=True, exist_ok=True)
    with open(DEMO_MANIFEST, encoding="utf-8", newline="") as handle:
        files = [row for row in csv.DictReader(handle) if row["fichier"] != FLAWED]
    tables = {entry["fichier"]: read_submission(DEMO_DIR / entry["fichier"]) for entry in files}
    used = {row.cells[c] for t in tables.values() for row in t.rows for c in ("finess_et", "finess_ej")}
    serials: dict[str, int] = defaultdict(int)
    numbers: dict[tuple[str, int], str] = {}

    def number(original: str, copy: int) -> str:
        """The copy's FINESS: a new valid number of the same département, the same one every year."""
        if copy == 0:
            return original
        while (original, copy) not in numbers:
            departement = finess.departement(original)
            serials[departement] += 1
            candidate = finess.with_key(departement + str(serials[departement]).zfill(8 - len(departement)))
            if candidate not in used:
                used.add(candidate)
                numbers[(original, copy)] = candidate
        return numbers[(original, copy)]

    written = 0
    for index, entry in enumerate(files):
        table = tables[entry["fichier"]]
        path = inbox / f"{Path(entry['fichier']).stem}_x{copies}.csv"
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(field_codes())
            for copy in range(copies):
                for row in table.rows:
                    cells = dict(row.cells)
                    cells["finess_et"] = number(cells["finess_et"], copy)
                    cells["finess_ej"] = number(cells["finess_ej"], copy)
                    if copy:
                        cells["raison_sociale"] = f"{cells['raison_sociale']} ({copy})"
                    writer.writerow([cells.get(code) or "" for code in field_codes()])
                    written += 1
        # Received in the demo's order, a minute apart.
        os.utime(path, (1_640_995_200 + 60 * index, 1_640_995_200 + 60 * index))
    return written


LARGE_FILE_ROWS = 153_144  # the 40 MB regional file of issue 13
LARGE_FILE_SOURCE = "ra_pass_2021_84_auvergne-rhone-alpes.csv"


def write_large_regional_file(path: Path, rows: int = LARGE_FILE_ROWS) -> int:
    """One region's file of `rows` PASS: the region's demo rows again and again, each under a new valid FINESS of
    its département. Returns its size in bytes."""
    table = read_submission(DEMO_DIR / LARGE_FILE_SOURCE)
    codes = field_codes()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(codes)
        for serial in range(1, rows + 1):
            row = table.rows[(serial - 1) % len(table.rows)]
            number = finess.with_key(row.cells["finess_et"][:2] + str(serial).zfill(6))
            cells = dict(row.cells, finess_et=number, finess_ej=number)
            writer.writerow([cells.get(code) or "" for code in codes])
    return path.stat().st_size
