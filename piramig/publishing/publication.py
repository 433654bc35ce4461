"""Publication: the analysts' copy of the warehouse, written beside and swapped in atomically.

A reader that holds the previous file open keeps reading it (on POSIX the old inode lives on until closed);
a new reader opens the new file whole. Nothing is ever written into the published file in place.
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from pathlib import Path

from piramig.settings import Home
from piramig.warehouse.schema import connect


def publish_warehouse(home: Home) -> Path:
    # Fold the write-ahead log into the file so that the copy is complete on its own.
    with connect(home.warehouse) as con:
        con.execute("CHECKPOINT")
    home.published_dir.mkdir(parents=True, exist_ok=True)
    # A publication killed half-way leaves its partial copy behind, never in place of the published file.
    for leftover in home.published_dir.glob(".piramig.duckdb.*.tmp"):
        leftover.unlink(missing_ok=True)
    staging = home.published_dir / f".piramig.duckdb.{uuid.uuid4().hex[:8]}.tmp"
    try:
        shutil.copyfile(home.warehouse, staging)
        with open(staging, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(staging, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(staging, home.published)
    finally:
        staging.unlink(missing_ok=True)
    return home.published
