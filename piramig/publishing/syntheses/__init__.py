"""The annual syntheses: each region's draft synthesis and the national restitution of each campaign year, made
from the published warehouse as Word documents people complete (python-docx, charts by matplotlib) and PDF
(LibreOffice headless), with an open-data variant under the disclosure control.

figures (what a document shows, from one read of the warehouse), charts, word and documents (the documents),
pdf (LibreOffice), plan (fingerprints: which documents are stale), batch (writing them)."""

from pathlib import Path

NATIONAL_PERIMETER = "national"


def syntheses_root(published_dir: Path) -> Path:
    """`published/syntheses/`, beside the analysts' warehouse and its exports."""
    return published_dir / "syntheses"
