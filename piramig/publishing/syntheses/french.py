"""Numbers as a French reader expects them: `21 506`, `57 %`, `95,56 %`, `1,96`, `3 751 211 €`, with a
non-breaking space as the thousands separator and before the unit, so that a line never breaks inside a figure.

A value the warehouse does not have prints as a dash; a count masked by the disclosure control (open-data
variant) prints as « s », the French statistical offices' mark for « secret statistique »."""

from __future__ import annotations

import math

NBSP = "\u00a0"
MISSING = "–"
MASKED = "s"
# The placeholder a masked value takes in the figures of an open-data document (JSON-serialisable).
SECRET = "secret"


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _grouped(text: str) -> str:
    """Thousands of the integer part of `text` separated by non-breaking spaces."""
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return sign + NBSP.join([whole, *groups]) + ("," + decimals if decimals else "")


def number(value, decimals: int = 0) -> str:
    """21506 -> '21 506'; 1.9593 with 2 decimals -> '1,96'."""
    if value == SECRET:
        return MASKED
    if is_missing(value):
        return MISSING
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no '-0'
    return _grouped(f"{rounded:.{decimals}f}")


def percent(value, decimals: int = 0) -> str:
    """57.2 -> '57 %'."""
    text = number(value, decimals)
    return text if text in (MISSING, MASKED) else f"{text}{NBSP}%"


def euros(value) -> str:
    text = number(value)
    return text if text in (MISSING, MASKED) else f"{text}{NBSP}€"


def change(value, decimals: int = 0, unit: str = "") -> str:
    """A signed change: '+2 388', '−2,8 pts' (with the true minus sign)."""
    if value == SECRET:
        return MASKED
    if is_missing(value):
        return MISSING
    text = number(abs(value), decimals)
    sign = "" if float(text.replace(NBSP, "").replace(",", ".")) == 0 else ("+" if value > 0 else "\u2212")
    return f"{sign}{text}" + (f"{NBSP}{unit}" if unit else "")


def ordinal(rank: int) -> str:
    return "1re" if rank == 1 else f"{rank}e"


def parse(text: str) -> float | None:
    """The inverse, for readers of the documents (tests): '21 506' -> 21506.0, '95,56 %' -> 95.56."""
    cleaned = text.replace(NBSP, "").replace("\u202f", "").replace(" ", "").replace("%", "").replace("€", "")
    cleaned = cleaned.replace("\u2212", "-").replace(",", ".")
    if cleaned in ("", MISSING, MASKED):
        return None
    return float(cleaned)
