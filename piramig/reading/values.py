"""Cell values as French offices write them, turned into typed values (contract README, "The file").

Each parser takes the raw text of a cell that is not a missing marker and returns the value, or raises
`CellError` with a French message a coordinator can act on.
"""

from __future__ import annotations

import re

from piramig.contract.dictionary import normalise_label
from piramig.contract.reference import oui_non_values, type_pass_names

# Spaces that offices use as thousands separators: plain, non-breaking, narrow non-breaking, thin.
_THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}([ T].*)?$")
# Points grouping thousands, as French offices write them: 2.000, 1.990, 12.345.678.
_THOUSANDS_POINTS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
# Beyond this, a number is not a count or an amount of a PASS but a slip (and would not fit the warehouse).
MAX_MAGNITUDE = 10**12


class CellError(ValueError):
    """A cell whose text is not a value of its field's type."""


def _as_number_text(text: str) -> str:
    if _DATE.match(text.strip()):
        raise CellError(f"« {text} » ressemble à une date : un nombre est attendu")
    compact = _THOUSANDS_SPACES.sub("", text.strip())
    if "," in compact and "." in compact:
        # Both marks: the rightmost one separates the decimals, the other groups thousands.
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands_mark = "." if decimal_mark == "," else ","
        compact = compact.replace(thousands_mark, "").replace(decimal_mark, ".")
    else:
        compact = compact.replace(",", ".")
    if not _NUMBER.match(compact):
        raise CellError(f"« {text} » n'est pas un nombre")
    if abs(float(compact)) >= MAX_MAGNITUDE:
        raise CellError(f"« {text} » : nombre démesuré (au-delà de mille milliards)")
    return compact


def _thousands_points(text: str) -> str | None:
    """The number without its thousands points, when the text is written with them (no comma); else None."""
    compact = _THOUSANDS_SPACES.sub("", text.strip())
    return compact.replace(".", "") if _THOUSANDS_POINTS.match(compact) else None


def parse_integer(text: str) -> int:
    """A count: in a whole number, a point followed by three digits groups thousands (2.000 is two thousand)."""
    grouped = _thousands_points(text)
    compact = _as_number_text(grouped if grouped is not None else text)
    value = float(compact)
    if not value.is_integer():
        raise CellError(f"« {text} » est un nombre décimal : un nombre entier est attendu")
    return int(value)


def parse_decimal(text: str) -> float:
    """An amount or an ETP. One point is the decimal point the contract allows (1.990 is 1,99); several points
    can only group thousands (1.990.000)."""
    grouped = _thousands_points(text)
    if grouped is not None and text.count(".") > 1:
        return float(_as_number_text(grouped))
    return float(_as_number_text(text))


def parse_oui_non(text: str) -> bool:
    key = text.strip().lower()
    try:
        return oui_non_values()[key]
    except KeyError:
        raise CellError(f"« {text} » n'est pas une réponse oui/non (oui, non, o, n, 1, 0, vrai, faux, x)") from None


def parse_type_pass(text: str) -> str:
    key = normalise_label(text)
    # "PASS exclusivement psychiatrique", "PASS psychiatrique" and "psychiatrique" name the same type.
    for prefix in ("pass", "exclusivement"):
        if key not in type_pass_names() and key.startswith(prefix):
            key = key[len(prefix):]
    try:
        return type_pass_names()[key]
    except KeyError:
        raise CellError(
            f"« {text} » n'est pas un type de PASS (generaliste, psychiatrique, bucco_dentaire, ophtalmologique)"
        ) from None


def parse_text(text: str) -> str:
    return " ".join(text.split())


def parse_code_region(text: str) -> str:
    """INSEE region code; a spreadsheet that stored it as a number lost its leading zero ('1' -> '01')."""
    compact = text.strip()
    if re.fullmatch(r"\d+(\.0+)?", compact):
        return str(int(float(compact))).zfill(2)
    return compact


def parse_finess(text: str) -> str:
    """FINESS number; one stored as a number by a spreadsheet lost its leading zero (8 digits -> 9)."""
    compact = _THOUSANDS_SPACES.sub("", text.strip()).upper()
    if re.fullmatch(r"\d{8}", compact):
        return "0" + compact
    return compact
