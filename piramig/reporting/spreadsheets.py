"""Files a spreadsheet opens: CSV as a French spreadsheet reads them. A text cell that a spreadsheet would run as
a formula is neutralised here (`neutralise_cell`), for every CSV and XLSX the project writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# A text cell starting with one of these would run as a formula in a spreadsheet: prefix it with a quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A text a spreadsheet would run as a formula, prefixed with a quote; any other value as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell, na_action="ignore")
    return out


def write_french_csv(frame: pd.DataFrame, path: Path) -> None:
    """`;`, decimal comma, UTF-8 with BOM (Excel's own guess for French CSV), formulas neutralised."""
    neutralise_formulas(frame).to_csv(path, sep=";", decimal=",", encoding="utf-8-sig", index=False)


def read_french_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
