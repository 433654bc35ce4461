"""python -m tools.office (make office-fixtures): the test fixtures LibreOffice itself makes from demo files, for
the tests that read files as offices save them (tests/test_office_files.py). Needs LibreOffice's soffice
(Debian: libreoffice-calc-nogui). The fixtures are committed: run this again only to remake them.

From Grand Est's demo file (one sheet with a title line): ODS, XLS, XLSX and CSV (`;`, UTF-8 and Windows-1252).
From Bretagne's (a Consignes sheet, then RA_PASS): ODS, XLS and XLSX, and an ODS whose data sheet, second, is
named « Données 2021 » (found by its header, not its name)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from piramig.settings import DEMO_DIR, REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "office"
GRAND_EST = DEMO_DIR / "ra_pass_2021_44_grand-est.xlsx"
BRETAGNE = DEMO_DIR / "ra_pass_2021_53_bretagne.xlsx"
# (source, LibreOffice's --convert-to argument, the fixture's name suffix and extension)
CONVERSIONS = [
    (GRAND_EST, "ods", "ods"),
    (GRAND_EST, "xls:MS Excel 97", "xls"),
    (GRAND_EST, "xlsx:Calc MS Excel 2007 XML", "xlsx"),
    # Separator ; (59), quote " (34), character set UTF-8 (76) or Windows-1252 (1), from line 1.
    (GRAND_EST, "csv:Text - txt - csv (StarCalc):59,34,76,1", "utf8.csv"),
    (GRAND_EST, "csv:Text - txt - csv (StarCalc):59,34,1,1", "cp1252.csv"),
    (BRETAGNE, "ods", "ods"),
    (BRETAGNE, "xls:MS Excel 97", "xls"),
    (BRETAGNE, "xlsx:Calc MS Excel 2007 XML", "xlsx"),
]
RENAMED_SHEET = "Données 2021"


def convert(source: Path, target: str, destination: Path, profile: Path) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                        "--outdir", out, str(source)], check=True, capture_output=True, timeout=300)
        [made] = Path(out).iterdir()
        shutil.move(made, destination)


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice introuvable : installer LibreOffice (Debian : libreoffice-calc-nogui)", file=sys.stderr)
        return 2
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profil"
        for source, target, extension in CONVERSIONS:
            convert(source, target, FIXTURES / f"{source.stem}.libreoffice.{extension}", profile)
        renamed = Path(work) / f"{BRETAGNE.stem}.feuille_renommee.xlsx"
        workbook = openpyxl.load_workbook(BRETAGNE)
        workbook["RA_PASS"].title = RENAMED_SHEET
        workbook.save(renamed)
        convert(renamed, "ods", FIXTURES / f"{BRETAGNE.stem}.feuille_renommee.libreoffice.ods", profile)
    for path in sorted(FIXTURES.iterdir()):
        print(path.relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
