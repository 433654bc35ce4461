"""DOCX to PDF with LibreOffice headless (Debian: libreoffice-writer-nogui): the same layout engine that opens the
DOCX in Writer, offline, in batches: one soffice process converts many files (its start costs more than a file),
each process with a private profile so that processes never share (and lock) one user installation.

Conversions run in the background while the next documents are being written: `PdfBatches.add` queues a file,
and a batch starts once enough are queued and a processor is free; `finish` converts the rest and waits."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 900
BATCH = 6  # files per soffice process while documents are still being written


class ConversionError(RuntimeError):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConversionError("LibreOffice (soffice) introuvable : les PDF des synthèses ne peuvent pas être "
                              "produits ; installer le paquet Debian libreoffice-writer-nogui")
    return found


class _Batch:
    def __init__(self, files: list[Path], out: Path):
        self.files = files
        self.profile = tempfile.TemporaryDirectory(prefix="piramig-soffice-")
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [soffice(), f"-env:UserInstallation={Path(self.profile.name).as_uri()}", "--headless", "--norestore",
             "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *map(str, files)],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> str:
        try:
            self.process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.seek(0)
        said = self.log.read().decode(errors="replace")
        self.log.close()
        self.profile.cleanup()
        return said


class PdfBatches:
    """PDFs of DOCX files, written into `out` under the same stem."""

    def __init__(self, out: Path, parallel: int | None = None):
        self.out = out
        self.parallel = max(1, min(2, parallel or os.cpu_count() or 1))
        self.queued: list[Path] = []
        self.running: list[_Batch] = []
        self.done: list[tuple[_Batch, str]] = []
        soffice()  # fail before any work when LibreOffice is missing

    def _reap(self) -> None:
        for batch in [b for b in self.running if b.process.poll() is not None]:
            self.running.remove(batch)
            self.done.append((batch, batch.wait()))

    def add(self, path: Path) -> None:
        """Queue a file; while documents are still being written, one batch converts at a time (the writer keeps
        the other processor)."""
        self.queued.append(path)
        self._reap()
        if len(self.queued) >= BATCH and len(self.running) < max(1, self.parallel - 1):
            self.running.append(_Batch(self.queued, self.out))
            self.queued = []

    def finish(self) -> dict[Path, Path]:
        """Convert what is queued (split over the processors), wait for every batch, and check every PDF."""
        if self.queued:
            slots = max(1, self.parallel - len(self.running))
            size = -(-len(self.queued) // slots)
            for start in range(0, len(self.queued), size):
                self.running.append(_Batch(self.queued[start:start + size], self.out))
            self.queued = []
        for batch in self.running:
            self.done.append((batch, batch.wait()))
        self.running = []
        made, failed = {}, []
        for batch, said in self.done:
            for path in batch.files:
                pdf = self.out / f"{path.stem}.pdf"
                if pdf.exists() and pdf.stat().st_size > 0:
                    made[path] = pdf
                else:
                    failed.append(f"{path.name} ({said.strip().splitlines()[-1] if said.strip() else 'sans message'})")
        if failed:
            raise ConversionError("conversion PDF par LibreOffice en échec : " + ", ".join(failed))
        return made
