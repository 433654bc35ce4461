"""Raw cell texts -> typed columns, per the types of the dictionary; a cell that is not of its type is an anomaly.

The typed frame keeps the raw frame's index; a cell that could not be typed is left empty there, so that the
row rules do not report it a second time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from piramig.contract.dictionary import Field, fields, is_missing
from piramig.reading import values
from piramig.validation.rules import Anomaly

PANDAS_TYPES = {"entier": "Int64", "decimal": "Float64", "oui_non": "boolean", "texte": "string",
                "categorie": "string"}

_IDENTIFIER_PARSERS: dict[str, Callable[[str], object]] = {
    "code_region": values.parse_code_region,
    "finess_et": values.parse_finess,
    "finess_ej": values.parse_finess,
    "type_pass": values.parse_type_pass,
}
_TYPE_PARSERS: dict[str, Callable[[str], object]] = {
    "entier": values.parse_integer,
    "decimal": values.parse_decimal,
    "oui_non": values.parse_oui_non,
    "texte": values.parse_text,
    "categorie": values.parse_text,
}
_TYPE_ERRORS = {"entier": "valeur_non_numerique", "decimal": "valeur_non_numerique",
                "oui_non": "reponse_oui_non_invalide", "categorie": "type_pass_invalide"}


def _parser(f: Field) -> Callable[[str], object]:
    return _IDENTIFIER_PARSERS.get(f.code) or _TYPE_PARSERS[f.type]


def _is_cross_style(texts: pd.Series) -> bool:
    """A oui_non column answered with `x` for yes and nothing for no (contract README)."""
    answered = {str(t).strip().lower() for t in texts.dropna().unique() if not is_missing(t)}
    return answered == {"x"}


# The ways a French office writes the decimals of a number: a file that uses both may have been pasted together
# from several sources, and a point may then mean thousands in one column and decimals in another.
_NUMBER_CONVENTIONS = {"virgule décimale": re.compile(r"^[+-]?\d+,\d+$"),
                       "point décimal": re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})$")}


def mixed_number_conventions(raw: pd.DataFrame) -> str | None:
    """A French description of the two decimal conventions one submission mixes, with an example of each; None
    when it keeps to one."""
    numbers = [f.code for f in fields() if f.type in ("entier", "decimal") and f.code in raw]
    found: dict[str, tuple[int, str]] = {}
    for column in numbers:
        # Distinct texts only, with how often each appears: a column of counts repeats its values.
        for text, count in raw[column].value_counts(dropna=True).items():
            text = str(text).strip()
            for name, pattern in _NUMBER_CONVENTIONS.items():
                if pattern.match(text):
                    seen, example = found.get(name, (0, text))
                    found[name] = (seen + int(count), example)
    if len(found) < 2:
        return None
    return " et ".join(f"{name} ({count} cellule(s), par exemple « {example} »)"
                       for name, (count, example) in found.items())


def _parse_column(texts: pd.Series, parse: Callable[[str], object]) -> tuple[np.ndarray, list[str | None]]:
    """Each distinct text of the column parsed once (a column of counts repeats its values): per cell its typed
    value, and the French message of the cells that are not of the column's type (None for the others)."""
    codes, uniques = pd.factorize(texts.astype(object), use_na_sentinel=True)
    values_of, messages = [], []
    for text in uniques:
        if is_missing(text):
            values_of.append(None)
            messages.append(None)
            continue
        try:
            values_of.append(parse(str(text)))
            messages.append(None)
        except values.CellError as error:
            values_of.append(None)
            messages.append(str(error))
    # The last slot answers the code -1 that factorize gives a missing cell.
    parsed = np.array([*values_of, None], dtype=object)[codes]
    return parsed, np.array([*messages, None], dtype=object)[codes]


def coerce(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Anomaly]]:
    """`raw` has the columns `submission_id` and `ligne`, and one text column per field code present."""
    anomalies: list[Anomaly] = []
    typed = pd.DataFrame(index=raw.index)
    typed["ligne"] = raw["ligne"].astype("Int64")
    submissions, lines = raw["submission_id"].to_numpy(), raw["ligne"].to_numpy()
    for f in fields():
        texts = raw[f.code] if f.code in raw else pd.Series([None] * len(raw), index=raw.index, dtype=object)
        parsed, messages = _parse_column(texts, _parser(f))
        for position in np.flatnonzero(pd.notna(messages)):
            anomalies.append(Anomaly(_TYPE_ERRORS[f.type], messages[position], int(lines[position]), f.code,
                                     str(texts.iat[position]), submissions[position]))
        typed[f.code] = pd.array(parsed, dtype=PANDAS_TYPES[f.type])
    for _, rows in raw.groupby("submission_id", sort=False):
        _apply_cross_style(rows, typed)
    return typed, anomalies


def _apply_cross_style(raw: pd.DataFrame, typed: pd.DataFrame) -> None:
    """In an x/empty column of a file, an empty cell means no, on the rows the question applies to."""
    for f in fields():
        if f.type == "oui_non" and f.code in raw and _is_cross_style(raw[f.code]):
            rows = typed.loc[raw.index]
            empty_no = applicability(f, rows["type_pass"]) & rows[f.code].isna()
            typed.loc[empty_no[empty_no].index, f.code] = False


def applicability(f: Field, type_pass: pd.Series) -> pd.Series:
    """Whether the field applies to each row, given the row's PASS type (the dictionary's `applicable_a`)."""
    return applicabilities([f], type_pass)[f.code]


def applicabilities(of: list[Field], type_pass: pd.Series) -> pd.DataFrame:
    """`applicability` of several fields at once: the PASS types are told apart once (a few types, the rule once
    per type and field)."""
    codes, types = pd.factorize(type_pass.astype(object), use_na_sentinel=True)
    # The last slot answers the code -1 of a row whose type is unknown.
    return pd.DataFrame({f.code: np.array([*(f.applies(t) for t in types), f.applies(None)], dtype=bool)[codes]
                         for f in of}, index=type_pass.index)


def question_counts(typed: pd.DataFrame) -> pd.DataFrame:
    """Per row: applicable questions, answered ones, and the fill rate in % (contract README)."""
    questions = [f for f in fields() if f.is_question]
    applies = applicabilities(questions, typed["type_pass"])
    applicable = pd.Series(applies.to_numpy().sum(axis=1), index=typed.index, dtype="int64")
    answered = pd.Series((applies.to_numpy() & typed[[f.code for f in questions]].notna().to_numpy()).sum(axis=1),
                         index=typed.index, dtype="int64")
    applicable, answered = applicable.astype("Int64"), answered.astype("Int64")
    rate = (100 * answered / applicable.where(applicable > 0)).astype("Float64")
    return pd.DataFrame({"nb_questions_applicables": applicable, "nb_questions_renseignees": answered,
                         "taux_remplissage": rate})

