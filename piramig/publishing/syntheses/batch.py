"""Writing the stale syntheses: both variants of each (year, perimeter) built here, one after the other, while
LibreOffice converts the internal ones to PDF in batches beside (a second processor's work), then every file
renamed into place and the fingerprints written last (piramig.publishing.syntheses.plan).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from piramig.publishing.syntheses import NATIONAL_PERIMETER
from piramig.publishing.syntheses.charts import ChartCache
from piramig.publishing.syntheses.documents import build_document
from piramig.publishing.syntheses.pdf import PdfBatches
from piramig.publishing.syntheses.plan import (
    VARIANTS,
    Planned,
    automatic,
    document_paths,
    planned_for,
    prints_path,
    record_state,
)
from piramig.reporting.html import atomic_write


@dataclass
class Outcome:
    written: list[tuple[int, str]] = field(default_factory=list)
    current: list[tuple[int, str]] = field(default_factory=list)  # already written from the same figures
    without_data: list[tuple[int, str]] = field(default_factory=list)
    charts: int = 0
    documents: dict[tuple[int, str], dict[str, tuple[Path, Path | None]]] = field(default_factory=dict)


def write_syntheses(published: Path, root: Path, partitions: list[tuple[int, str]] | None = None) -> Outcome:
    """Write the stale documents of `partitions` (every (year, perimeter) with figures when None)."""
    outcome = Outcome()
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.glob(".travail-*"):  # the working folder of a run killed before its end
        shutil.rmtree(leftover, ignore_errors=True)
    planned = planned_for(published)
    todo = []
    for key in planned if partitions is None else partitions:
        item = planned.get(key)
        if item is None:
            outcome.without_data.append(key)
        elif item.current(root):
            outcome.current.append(key)
            outcome.documents[key] = document_paths(root, *key)
        else:
            todo.append(item)
    if todo:
        # The national restitutions first: the longest to build, they would otherwise be the last batch's tail.
        todo.sort(key=lambda item: (item.perimeter != NATIONAL_PERIMETER, item.year, item.perimeter))
        work = root / f".travail-{uuid.uuid4().hex[:12]}"
        work.mkdir()
        try:
            _write(todo, root, work, outcome)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if not [key for key in automatic(planned, root) if not planned[key].current(root)]:
        record_state(published, root)
    return outcome


_CHARTS = ChartCache()  # a generation's charts: a synthesis and its open-data variant share theirs


def _draft(work: Path, year: int, perimeter: str, variant: str) -> Path:
    return work / f"{year}_{perimeter}_{variant}.docx"


def _build(item: Planned, work: Path) -> tuple[Planned, int]:
    """Both variants of a (year, perimeter) into the working folder; how many charts were drawn."""
    before = _CHARTS.rendered
    for variant in VARIANTS:
        build_document(item.figures[variant], _CHARTS).save(_draft(work, item.year, item.perimeter, variant))
    return item, _CHARTS.rendered - before


def _write(todo: list[Planned], root: Path, work: Path, outcome: Outcome) -> None:
    _CHARTS.charts.clear()  # charts are shared within a generation, not kept from one to the next
    batches = PdfBatches(work)
    for item in todo:
        _, charts = _build(item, work)
        outcome.charts += charts
        for variant, (_, pdf) in document_paths(root, item.year, item.perimeter).items():
            if pdf is not None:
                batches.add(_draft(work, item.year, item.perimeter, variant))
    pdfs = batches.finish()
    for item in todo:
        for variant, (docx, pdf) in document_paths(root, item.year, item.perimeter).items():
            draft = _draft(work, item.year, item.perimeter, variant)
            docx.parent.mkdir(parents=True, exist_ok=True)
            os.replace(draft, docx)
            if pdf is not None:
                os.replace(pdfs[draft], pdf)
        prints = json.dumps(item.prints, indent=1)
        atomic_write(prints_path(root, item.year, item.perimeter),
                     lambda p, text=prints: Path(p).write_text(text, encoding="utf-8"))
        outcome.written.append((item.year, item.perimeter))
        outcome.documents[(item.year, item.perimeter)] = document_paths(root, item.year, item.perimeter)
