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
