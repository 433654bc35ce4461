"""Which syntheses a publication must write: every document's fingerprint, and those that are stale.

Layout under `published/syntheses/`:

    <annee>/<code_region>.docx and .pdf         a region's synthesis (internal: real counts)
    <annee>/national.docx and .pdf              the national restitution
    <annee>/donnees_ouvertes/<...>.docx         the open-data variants (disclosure control applied)
    <annee>/.empreintes/<perimetre>.json        the fingerprints the documents were made from
    .etat.json                                  what they were last all current for (a run then looks no further)

A document's fingerprint is the hash of its figures and of the code that writes it: a document whose fingerprint
did not change since it was written is not written again (a publication that leaves a region's figures as they
were costs nothing for it). Documents are made in a private working folder, converted to PDF there, then each file
is renamed into place (a reader opens a previous document or the new one, never half of one); the fingerprints
are written last, so that a run killed in between leaves its documents stale for the next one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from piramig.publishing import disclosure, exports
from piramig.publishing.syntheses.figures import Snapshot, figures, load_snapshot, perimeters
from piramig.reporting.html import atomic_write

OPEN_DATA = "donnees_ouvertes"
PRINTS = ".empreintes"
STATE = ".etat.json"
VARIANTS = {"interne": False, "ouvert": True}


@cache
def code_fingerprint() -> str:
    """The code that shapes the documents: this package, the disclosure control, and the libraries that draw."""
    package = Path(__file__).parent
    sources = [*sorted(package.glob("*.py")), Path(disclosure.__file__), Path(exports.__file__)]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    for library in ("python-docx", "matplotlib"):
        digest.update(version(library).encode())
    return digest.hexdigest()


def _fingerprint(figures_of: dict) -> str:
    text = json.dumps(figures_of, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((code_fingerprint() + text).encode()).hexdigest()


def document_paths(root: Path, year: int, perimeter: str) -> dict[str, tuple[Path, Path | None]]:
    """Variant -> (DOCX, PDF) of a (year, perimeter). The open-data variant is a DOCX only: the document a
    coordinator completes before publishing it (its PDF is made from the completed document)."""
    folder = root / str(year)
    return {"interne": (folder / f"{perimeter}.docx", folder / f"{perimeter}.pdf"),
            "ouvert": (folder / OPEN_DATA / f"{perimeter}.docx", None)}


def prints_path(root: Path, year: int, perimeter: str) -> Path:
    return root / str(year) / PRINTS / f"{perimeter}.json"


def followed_years(root: Path) -> set[int]:
    """The years that have syntheses written: kept current at every publication."""
    if not root.is_dir():
        return set()
    return {int(folder.name) for folder in root.iterdir()
            if folder.name.isdigit() and any((folder / PRINTS).glob("*.json"))}


def _state(published: Path, root: Path) -> list:
    """What the syntheses were last all current for: the published warehouse, the code, and every document file
    (one removed or replaced makes the next run look again)."""
    stat = published.stat()
    files = sorted([str(path.relative_to(root)), path.stat().st_size, path.stat().st_mtime_ns]
                   for year in sorted(followed_years(root)) for path in (root / str(year)).rglob("*")
                   if path.is_file())
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, code_fingerprint(), files]


@dataclass
class Planned:
    year: int
    perimeter: str
    figures: dict[str, dict]  # variant -> figures
    prints: dict[str, str]  # variant -> fingerprint

    def current(self, root: Path) -> bool:
        path = prints_path(root, self.year, self.perimeter)
        try:
            written = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        files = [p for pair in document_paths(root, self.year, self.perimeter).values() for p in pair if p]
        return written == self.prints and all(p.exists() for p in files)


def plan(snapshot: Snapshot) -> dict[tuple[int, str], Planned]:
    """Every document the published warehouse has figures for, with its fingerprints."""
    planned = {}
    for year, perimeter in perimeters(snapshot):
        made = {variant: figures(snapshot, year, perimeter, open_data) for variant, open_data in VARIANTS.items()}
        planned[(year, perimeter)] = Planned(year, perimeter, made, {v: _fingerprint(f) for v, f in made.items()})
    return planned


def automatic(planned: dict[tuple[int, str], Planned], root: Path) -> list[tuple[int, str]]:
    """What a publication keeps current without being asked: the latest campaign's documents, and those of every
    year that already has syntheses. Older years loaded at once (a new platform's history, the demo's 2019 and
    2020) are made on request: materializing their partitions of published/syntheses."""
    if not planned:
        return []
    years = {max(year for year, _ in planned)} | followed_years(root)
    return [key for key in planned if key[0] in years]


_LAST_PLAN: dict[tuple, dict[tuple[int, str], Planned]] = {}


def planned_for(published: Path) -> dict[tuple[int, str], Planned]:
    """The plan of a published warehouse, read once: `piramig run` asks which documents are stale, then the
    syntheses' run (in the same process) writes them from the same plan. The last one only is kept."""
    stat = published.stat()
    key = (str(published), stat.st_ino, stat.st_size, stat.st_mtime_ns, code_fingerprint())
    if key not in _LAST_PLAN:
        _LAST_PLAN.clear()
        _LAST_PLAN[key] = plan(load_snapshot(published))
    return _LAST_PLAN[key]


def stale(published: Path, root: Path) -> list[tuple[int, str]]:
    """The (year, perimeter) kept current automatically whose documents are missing or rest on other figures than
    the published ones. Free when nothing was published and no code changed since they were last all current."""
    if not published.exists():
        return []
    try:
        if json.loads((root / STATE).read_text(encoding="utf-8")) == _state(published, root):
            return []
    except (OSError, ValueError):
        pass
    planned = planned_for(published)
    waiting = [key for key in automatic(planned, root) if not planned[key].current(root)]
    if not waiting:
        record_state(published, root)
    return waiting


def record_state(published: Path, root: Path) -> None:
    state = json.dumps(_state(published, root))
    atomic_write(root / STATE, lambda p: Path(p).write_text(state, encoding="utf-8"))
