"""python -m tools.demo.new_year DIRECTORY: the first files of a new campaign (2022), as they arrive on top of
the demo: five regions send their PASS of 2021 again for 2022, each in its office's usual format, and Normandie's
file has a file active written as words on one row (quarantined). For the README's example and its test."""

from __future__ import annotations

import sys
from pathlib import Path

from tools.demo.campaign import build_campaign
from tools.demo.office_files import file_name, office_style, write_file
from tools.demo.targets import TARGET_YEAR

NEW_YEAR = TARGET_YEAR + 1
FIRST_REGIONS = ("11", "24", "28", "53", "84")
BROKEN_REGION = "28"
BROKEN_FILE_ACTIVE = "environ 300"


def write_new_year(directory: Path, regions: tuple[str, ...] = FIRST_REGIONS, broken: bool = True) -> list[Path]:
    """The files of `regions`; without `broken`, Normandie's as its coordinator corrects it."""
    campaign = build_campaign()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for region in campaign.targets.regions:
        if region.code not in regions:
            continue
        rows = [{**row, "annee": NEW_YEAR} for row in campaign.rows[TARGET_YEAR][region.code]]
        if region.code == BROKEN_REGION and broken:
            rows[0]["file_active"] = BROKEN_FILE_ACTIVE
        style = office_style(region.code, TARGET_YEAR)
        title = f"Rapport d'activité des PASS – {region.name} – année {NEW_YEAR}"
        written.append(write_file(directory, file_name(NEW_YEAR, region.code, region.slug, style), rows, style,
                                  title))
    return written


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage : python -m tools.demo.new_year DOSSIER", file=sys.stderr)
        return 2
    paths = write_new_year(Path(arguments[0]))
    print(f"{len(paths)} fichiers {NEW_YEAR} écrits dans {arguments[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
