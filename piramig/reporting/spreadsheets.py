"""Files a spreadsheet opens: CSV as a French spreadsheet reads them. A text cell that a spreadsheet would run as
a formula is neutralised here, for every CSV the project writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# A text cell starting with one of these would run as a formula in a spreadsheet: prefix it with a quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            text = out[column].map(lambda v: isinstance(v, str), na_action="ignore").fillna(False).astype(bool)
            risky = text & out[column].where(text, "").astype(str).str.startswith(FORMULA_TRIGGERS)
            if risky.any():
                out[column] = out[column].where(~risky, "'" + out[column].where(risky, "").astype(str))
    return out


def write_french_csv(frame: pd.DataFrame, path: Path) -> None:
    """`;`, decimal comma, UTF-8 with BOM (Excel's own guess for French CSV), formulas neutralised."""
    neutralise_formulas(frame).to_csv(path, sep=";", decimal=",", encoding="utf-8-sig", index=False)


def read_french_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
