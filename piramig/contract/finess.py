"""FINESS numbers: format, Luhn key and département (contract README, "Identifiers")."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from piramig.contract.reference import region_of_departement

FINESS_PATTERN = re.compile(r"^[0-9][0-9AB][0-9]{7}$")


def luhn_key(first_eight: str) -> int:
    """The Luhn check digit of the first 8 characters.

    Corsican numbers carry a letter (2A, 2B); it counts as 0 here. That reading is unverified, which is why
    the contract makes a Corsican key mismatch a warning only.
    """
    digits = [0 if ch in "AB" else int(ch) for ch in first_eight]
    total = 0
    # The key will be appended at the right: the digit just left of it is doubled, then every second one.
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_well_formed(finess: str) -> bool:
    return bool(FINESS_PATTERN.match(finess))


def has_valid_key(finess: str) -> bool:
    return is_well_formed(finess) and luhn_key(finess[:8]) == int(finess[8])


def is_corsican(finess: str) -> bool:
    return finess[:2] in ("2A", "2B")


def departement(finess: str) -> str:
    """'01'..'95', '2A', '2B', or three characters overseas ('971'..'976', '98x')."""
    return finess[:3] if finess.startswith(("97", "98")) else finess[:2]


def region_of(finess: str) -> str | None:
    """The INSEE region of the FINESS number's département, None when the département is unknown."""
    return region_of_departement().get(departement(finess))


def with_key(first_eight: str) -> str:
    """A complete FINESS number from its first 8 characters."""
    return f"{first_eight}{luhn_key(first_eight)}"


def check_numbers(numbers: Sequence[object]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`is_well_formed`, `is_corsican` and `has_valid_key` of many numbers at once (a value that is not a text is
    none of them): three boolean arrays. The keys are computed by arrays, not number by number."""
    texts = [number if isinstance(number, str) else "" for number in numbers]
    well = np.fromiter((bool(FINESS_PATTERN.match(text)) for text in texts), dtype=bool, count=len(texts))
    chars = np.zeros((len(texts), 9), dtype=np.int64)
    if well.any():
        # A well-formed number is nine ASCII characters (the pattern's `$` lets a trailing line feed through).
        chosen = "".join(text[:9] for text, ok in zip(texts, well) if ok)
        chars[well] = np.frombuffer(chosen.encode("ascii"), dtype=np.uint8).reshape(-1, 9)
    corsican = well & (chars[:, 0] == ord("2")) & np.isin(chars[:, 1], (ord("A"), ord("B")))
    digits = np.where((chars >= ord("0")) & (chars <= ord("9")), chars - ord("0"), 0)  # A and B count as 0
    # As luhn_key: from the right of the first eight, the first digit and every second one are doubled.
    doubled = digits[:, [7, 5, 3, 1]] * 2
    total = np.where(doubled > 9, doubled - 9, doubled).sum(axis=1) + digits[:, [6, 4, 2, 0]].sum(axis=1)
    return well, corsican, well & ((10 - total % 10) % 10 == digits[:, 8])
