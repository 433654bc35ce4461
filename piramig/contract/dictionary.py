"""The PIRAMIG submission contract (contract/dictionary.csv): its fields and how a header names them."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from piramig.settings import CONTRACT_DIR, REFERENCE_DIR

# Cell contents that mean "not answered" (contract README, "Missing answer"). `0` is an answer.
MISSING_MARKERS = frozenset({"", "na", "n/a", "nd", "-"})

# Fields of a breakdown block that count a subset of another field of the block, not a share of the
# file active: they are left out of the block's sum.
SUBSET_FIELDS = {"nb_femmes_suivi_grossesse": "nb_femmes", "nb_mna": "nb_age_moins_18"}


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    type: str  # entier | decimal | texte | categorie | oui_non
    block: str
    applies_to: str  # toutes | generaliste
    mandatory: bool
    rule: str

    @property
    def is_question(self) -> bool:
        """A question counts in the fill rate; identification fields do not."""
        return self.block != "identification"

    def applies(self, type_pass: str | None) -> bool:
        return self.applies_to == "toutes" or self.applies_to == type_pass


@cache
def fields() -> tuple[Field, ...]:
    with open(CONTRACT_DIR / "dictionary.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            Field(
                code=row["code"],
                label=row["libelle_fr"],
                type=row["type"],
                block=row["bloc"],
                applies_to=row["applicable_a"],
                mandatory=row["obligatoire"] == "oui",
                rule=row["regle"],
            )
            for row in csv.DictReader(handle, delimiter=";")
        )


@cache
def field_by_code() -> dict[str, Field]:
    return {f.code: f for f in fields()}


def field_codes() -> list[str]:
    return [f.code for f in fields()]


def mandatory_codes() -> list[str]:
    return [f.code for f in fields() if f.mandatory]


def question_codes(type_pass: str | None = None) -> list[str]:
    """Questions of the fill rate; with a type, only those that apply to it."""
    return [f.code for f in fields() if f.is_question and (type_pass is None or f.applies(type_pass))]


@cache
def blocks() -> dict[str, tuple[str, bool]]:
    """Block code -> (French label, whether the block splits the file active), in questionnaire order."""
    with open(REFERENCE_DIR / "blocs.csv", encoding="utf-8", newline="") as handle:
        return {row["code_bloc"]: (row["libelle_bloc"], row["est_repartition_file_active"] == "true")
                for row in csv.DictReader(handle)}


def breakdown_blocks() -> list[str]:
    """The blocks that split the file active (sexe, age, provenance, hebergement, couverture)."""
    return [code for code, (_, splits) in blocks().items() if splits]


def block_fields(block: str) -> list[str]:
    """Every field of a block, in dictionary order."""
    return [f.code for f in fields() if f.block == block]


def block_members(block: str) -> list[str]:
    """Fields whose sum is the part of the file active that answered a breakdown block."""
    return [code for code in block_fields(block) if code not in SUBSET_FIELDS]


def normalise_label(text: str) -> str:
    """Lower case, no accents, no spaces or punctuation: how headers and categories are compared."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", without_accents.lower())


@cache
def header_index() -> dict[str, str]:
    """Normalised code or French label -> field code."""
    index: dict[str, str] = {}
    for f in fields():
        for name in (f.code, f.label):
            key = normalise_label(name)
            if index.setdefault(key, f.code) != f.code:
                raise ValueError(f"dictionary.csv: '{name}' names two fields once normalised")
    return index


def match_header(cell: object) -> str | None:
    """The field code a header cell names, or None."""
    if cell is None:
        return None
    return header_index().get(normalise_label(str(cell)))


def is_missing(cell: object) -> bool:
    # `cell != cell` is NaN, which is how pandas hands back an empty text cell.
    return cell is None or cell != cell or str(cell).strip().lower() in MISSING_MARKERS
