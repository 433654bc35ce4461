"""Self-contained French HTML pages (reports): one stylesheet inline, nothing fetched from the network."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem auto;max-width:72rem;
color:#1e1e1e;line-height:1.45;padding:0 1rem}
.verdict{font-size:1.35rem;font-weight:700;padding:1rem 1.25rem;border-radius:.4rem;margin:0 0 1.5rem}
.verdict.ok{background:#e3f4e8;border-left:.5rem solid #18753c}
.verdict.warn{background:#fff4d6;border-left:.5rem solid #b34000}
.verdict.error{background:#fde8e8;border-left:.5rem solid #ce0500}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1rem;margin:1.4rem 0 .4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f5}
.sev-erreur,.style-error{color:#ce0500;font-weight:700}.sev-avertissement,.style-warn{color:#b34000;font-weight:700}
.meta{color:#555;font-size:.9rem}.ok-mark{color:#18753c}.ko-mark{color:#ce0500}
dl.counts{display:flex;gap:2rem;margin:.5rem 0}dl.counts dt{font-size:.8rem;color:#555}
dl.counts dd{margin:0;font-size:1.3rem;font-weight:700}
"""


def escape(value) -> str:
    """Text for HTML; missing values as nothing."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>")


def atomic_write(path: Path, save: Callable[[Path], None]) -> Path:
    """Write beside then rename: a reader never opens a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    save(temporary)
    os.replace(temporary, path)
    return path


def write_page(path: Path, title: str, body: str) -> Path:
    return atomic_write(path, lambda p: Path(p).write_text(page(title, body), encoding="utf-8"))
