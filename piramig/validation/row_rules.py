"""Row rules of the contract (dictionary.csv, column `regle`) as one pandera schema, validated lazily.

Each rule is a vectorised test named after its id in rules.csv; pandera runs them all at once (lazy
validation) and its failure cases say which rows broke which rule. The French message of each anomaly is
written here, from the row's values, so that a coordinator sees the numbers that disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from piramig.contract import finess
from piramig.contract.dictionary import (
    block_fields,
    block_members,
    blocks,
    breakdown_blocks,
    field_by_code,
    fields,
    mandatory_codes,
)
from piramig.contract.reference import FIRST_CAMPAIGN_YEAR, region_codes
from piramig.validation.coercion import PANDAS_TYPES
from piramig.validation.rules import Anomaly, rule

# A PASS appears once per year and type in a submission; several submissions validated at once are told apart.
KEY = ["submission_id", "annee", "finess_et", "type_pass"]
COMPLEMENTARY_ACTIVITIES = block_fields("activites_complementaires")
FTE_FIELDS = block_fields("equipe")
MAX_COUNT = 10_000_000
MAX_AMOUNT = 1_000_000_000


def _limit(column: str) -> int:
    """Counts stop at ten million, amounts in euros at a billion."""
    return MAX_AMOUNT if field_by_code()[column].type == "decimal" else MAX_COUNT


@dataclass(frozen=True)
class RowRule:
    id: str
    column: str  # the column the rule is about; for a rule over several, see `locate`
    fails: Callable[[pd.DataFrame], pd.Series]  # True where the row breaks the rule
    describe: Callable[[pd.Series], str]  # the French message, from the failing row
    locate: Callable[[pd.Series], str] | None = None  # the failing row's offending column

    def column_of(self, row: pd.Series) -> str:
        return self.locate(row) if self.locate else self.column


def _first(columns: list[str], test: Callable[[object], bool]) -> Callable[[pd.Series], str]:
    """The first of `columns` whose value passes `test` on the row."""
    return lambda row: next(c for c in columns if not pd.isna(row[c]) and test(row[c]))


def _num(value) -> str:
    """A value as a coordinator writes it: `vide`, `oui`/`non`, decimal comma."""
    if pd.isna(value):
        return "vide"
    if isinstance(value, (bool, np.bool_)):
        return "oui" if value else "non"
    return f"{value:.6g}".replace(".", ",") if isinstance(value, float) else str(value)


def _greater(df: pd.DataFrame, left: str, right: str) -> pd.Series:
    return (df[left] > df[right]).fillna(False).astype(bool)


def _block_sum(df: pd.DataFrame, block: str) -> pd.Series:
    """Sum of the answered members of a block; empty when none is answered."""
    members = df[block_members(block)]
    return members.sum(axis=1, min_count=1).astype("Int64")


def _finess_region_mismatch(df: pd.DataFrame) -> pd.Series:
    def region(code) -> object:
        """The number's region ("" for an unknown département, a mismatch too), None when it is not checked."""
        if not isinstance(code, str) or not finess.is_well_formed(code):
            return None
        return finess.region_of(code) or ""

    # One lookup per distinct FINESS, not per row.
    regions = df["finess_et"].map({code: region(code) for code in df["finess_et"].dropna().unique()})
    known = regions.notna() & df["code_region"].notna()
    return (known & (regions.astype(object) != df["code_region"].astype(object))).fillna(False).astype(bool)


def _finess_checks(numbers: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: whether the number is well formed, Corsican, and has a valid key (no number: none of them)."""
    return finess.check_numbers(numbers.to_numpy(dtype=object, na_value=None))


def _key_error(code_column: str, corsican: bool) -> Callable[[pd.DataFrame], pd.Series]:
    def fails(df: pd.DataFrame) -> pd.Series:
        well, is_corsican, valid = _finess_checks(df[code_column])
        return pd.Series(well & (is_corsican == corsican) & ~valid, index=df.index)

    return fails


# Control characters a text cell should never hold (tab, line feed and carriage return are spaces to the reader).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(texts: pd.DataFrame) -> pd.Series:
    found = pd.Series(False, index=texts.index)
    for column in texts.columns:
        found |= texts[column].astype("string").str.contains(CONTROL_CHARACTERS.pattern, regex=True).fillna(False)
    return found.astype(bool)


def _fte_off_grid(df: pd.DataFrame) -> pd.Series:
    values = df[FTE_FIELDS]
    return ((values * 100).round(6) % 1 != 0).fillna(False).any(axis=1)


def _luhn_message(column: str) -> Callable[[pd.Series], str]:
    return lambda r: f"{column} {r[column]} : clé {r[column][8]} au lieu de {finess.luhn_key(r[column][:8])}"


@cache
def row_rules(current_year: int) -> tuple[RowRule, ...]:
    counts = [f.code for f in fields() if f.type in ("entier", "decimal") and f.code != "annee"]
    integers = [f.code for f in fields() if f.type == "entier" and f.code != "annee"]
    amounts = [f.code for f in fields() if f.type == "decimal" and f.block != "equipe"]
    regions = set(region_codes())
    texts = [f.code for f in fields() if f.type == "texte"]
    built = [
        RowRule("champ_obligatoire_vide", "annee",
                lambda df: df[[c for c in mandatory_codes() if c != "raison_sociale"]].isna().any(axis=1),
                lambda r: "champ(s) obligatoire(s) vide(s) : " + ", ".join(
                    c for c in mandatory_codes() if c != "raison_sociale" and pd.isna(r[c])),
                lambda r: next(c for c in mandatory_codes() if pd.isna(r[c]))),
        RowRule("raison_sociale_vide", "raison_sociale", lambda df: df["raison_sociale"].isna(),
                lambda r: "raison sociale vide"),
        RowRule("caractere_de_controle", texts[0], lambda df: _control_characters(df[texts]),
                lambda r: "caractère invisible dans : " + ", ".join(
                    c for c in texts if isinstance(r[c], str) and CONTROL_CHARACTERS.search(r[c])),
                lambda r: next(c for c in texts if isinstance(r[c], str) and CONTROL_CHARACTERS.search(r[c]))),
        RowRule("annee_hors_bornes", "annee",
                lambda df: (~df["annee"].between(FIRST_CAMPAIGN_YEAR, current_year)).fillna(False).astype(bool),
                lambda r: f"année {r['annee']} hors de {FIRST_CAMPAIGN_YEAR}..{current_year}"),
        RowRule("code_region_invalide", "code_region",
                lambda df: df["code_region"].notna() & ~df["code_region"].isin(regions),
                lambda r: f"code région « {r['code_region']} » inconnu"),
    ]
    for column in ("finess_et", "finess_ej"):
        built += [
            RowRule("finess_format", column,
                    lambda df, c=column: df[c].notna() & ~_finess_checks(df[c])[0],
                    lambda r, c=column: f"{c} « {r[c]} » : 9 caractères attendus, [0-9][0-9AB][0-9]{{7}}"),
            RowRule("finess_cle_luhn", column, _key_error(column, corsican=False), _luhn_message(column)),
            RowRule("finess_cle_luhn_corse", column, _key_error(column, corsican=True), _luhn_message(column)),
        ]
    built += [
        RowRule("finess_departement_region", "finess_et", _finess_region_mismatch,
                lambda r: f"FINESS {r['finess_et']} : département {finess.departement(r['finess_et'])} "
                          f"(région {finess.region_of(r['finess_et']) or 'inconnue'}), région déclarée "
                          f"{r['code_region']}"),
        RowRule("valeur_negative", "file_active",
                lambda df: (df[counts] < 0).fillna(False).any(axis=1),
                lambda r: "valeur(s) négative(s) : " + ", ".join(
                    f"{c} = {_num(r[c])}" for c in counts if not pd.isna(r[c]) and r[c] < 0),
                _first(counts, lambda v: v < 0)),
        RowRule("valeur_hors_bornes", "file_active",
                lambda df: (df[integers] > MAX_COUNT).fillna(False).any(axis=1)
                | (df[amounts] > MAX_AMOUNT).fillna(False).any(axis=1),
                lambda r: "valeur(s) démesurée(s) : " + ", ".join(
                    f"{c} = {_num(r[c])}" for c in integers + amounts if not pd.isna(r[c]) and r[c] > _limit(c)),
                lambda r: next(c for c in integers + amounts if not pd.isna(r[c]) and r[c] > _limit(c))),
        RowRule("etp_hors_bornes", "etp_medecin",
                lambda df: (df[FTE_FIELDS] > 50).fillna(False).any(axis=1),
                lambda r: "ETP au-delà de 50 : " + ", ".join(
                    f"{c} = {_num(r[c])}" for c in FTE_FIELDS if not pd.isna(r[c]) and r[c] > 50),
                _first(FTE_FIELDS, lambda v: v > 50)),
        RowRule("etp_pas_centieme", "etp_medecin", _fte_off_grid,
                lambda r: "ETP saisi au-delà du centième : " + ", ".join(
                    f"{c} = {_num(r[c])}" for c in FTE_FIELDS
                    if not pd.isna(r[c]) and round(r[c] * 100, 6) % 1 != 0),
                _first(FTE_FIELDS, lambda v: round(v * 100, 6) % 1 != 0)),
        RowRule("nouveaux_patients_superieur_file_active", "nouveaux_patients",
                lambda df: _greater(df, "nouveaux_patients", "file_active"),
                lambda r: f"nouveaux patients ({r['nouveaux_patients']}) > file active ({r['file_active']})"),
    ]
    for block in breakdown_blocks():
        built.append(RowRule(
            f"bloc_{block}_superieur_file_active", block_members(block)[0],
            lambda df, b=block: (_block_sum(df, b) > df["file_active"]).fillna(False).astype(bool),
            lambda r, b=block: f"somme du bloc « {blocks()[b][0]} » ({_block_sum(r.to_frame().T, b).iloc[0]}) > "
                               f"file active ({r['file_active']})"))
    built += [
        RowRule("grossesse_superieure_femmes", "nb_femmes_suivi_grossesse",
                lambda df: _greater(df, "nb_femmes_suivi_grossesse", "nb_femmes"),
                lambda r: f"suivis de grossesse ({r['nb_femmes_suivi_grossesse']}) > femmes ({r['nb_femmes']})"),
        RowRule("mna_superieur_moins_18", "nb_mna", lambda df: _greater(df, "nb_mna", "nb_age_moins_18"),
                lambda r: f"MNA ({r['nb_mna']}) > moins de 18 ans ({r['nb_age_moins_18']})"),
        RowRule("cpam_complexes_superieur_dossiers", "nb_dossiers_cpam_complexes",
                lambda df: _greater(df, "nb_dossiers_cpam_complexes", "nb_dossiers_cpam"),
                lambda r: f"dossiers complexes ({r['nb_dossiers_cpam_complexes']}) > dossiers CPAM "
                          f"({r['nb_dossiers_cpam']})"),
        RowRule("allophones_superieur_file_active", "nb_allophones",
                lambda df: _greater(df, "nb_allophones", "file_active"),
                lambda r: f"allophones ({r['nb_allophones']}) > file active ({r['file_active']})"),
        RowRule("activite_complementaire_non_generaliste", COMPLEMENTARY_ACTIVITIES[0],
                lambda df: (df["type_pass"].notna() & (df["type_pass"] != "generaliste")
                            & df[COMPLEMENTARY_ACTIVITIES].notna().any(axis=1)).fillna(False).astype(bool),
                lambda r: f"PASS {r['type_pass']} : activités complémentaires renseignées ("
                          + ", ".join(c for c in COMPLEMENTARY_ACTIVITIES if not pd.isna(r[c])) + ")",
                _first(COMPLEMENTARY_ACTIVITIES, lambda v: True)),
        RowRule("file_active_non_renseignee", "file_active", lambda df: df["file_active"].isna(),
                lambda r: "file active non renseignée"),
        # Needs the question counts of piramig.validation.coercion.question_counts beside the fields.
        RowRule("taux_remplissage_faible", "taux_remplissage",
                lambda df: (df["taux_remplissage"] < rule("taux_remplissage_faible").threshold)
                .fillna(False).astype(bool),
                lambda r: f"taux de remplissage {r['taux_remplissage']:.0f} %"
                          f" (seuil {rule('taux_remplissage_faible').threshold:.0f} %)"),
    ]
    return tuple(built)


@cache
def schema(current_year: int) -> pa.DataFrameSchema:
    columns = {f.code: pa.Column(PANDAS_TYPES[f.type], nullable=True) for f in fields()}
    checks = [
        pa.Check(lambda df, r=r: ~r.fails(df).astype(bool), name=f"{r.id}:{r.column}") for r in row_rules(current_year)
    ]
    return pa.DataFrameSchema(columns, checks=checks, unique=KEY, report_duplicates="all", name="rapport_pass")


def check_rows(typed: pd.DataFrame, current_year: int | None = None) -> list[Anomaly]:
    """Every rule on every row at once; one anomaly per (rule, failing row). `typed` holds the rows of one or
    more submissions (column `submission_id`)."""
    year = current_year or dt.date.today().year
    try:
        schema(year).validate(typed, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    by_name = {f"{r.id}:{r.column}": r for r in row_rules(year)}
    anomalies: list[Anomaly] = []
    # Wide checks report one failure case per column of the row: each (check, row) once, in the order found.
    failing = cases[["check", "index"]].drop_duplicates()
    # The failing rows as plain values, read from one frame of a single type (a row of the typed frame is slow to
    # gather from its many nullable columns).
    rows = typed.loc[failing.loc[failing["check"].isin([*by_name, "multiple_fields_uniqueness"]), "index"].unique()] \
        .astype(object)
    for check, index in zip(failing["check"], failing["index"]):
        if check in by_name:
            found = by_name[check]
            row = rows.loc[index]
            column = found.column_of(row)
            value = None if pd.isna(row[column]) else _num(row[column])
            rule_id, message = found.id, found.describe(row)
        elif check == "multiple_fields_uniqueness":
            row = rows.loc[index]
            rule_id, column, value = "cle_dupliquee", "finess_et", row["finess_et"]
            message = f"PASS {row['finess_et']} ({row['type_pass']}, {row['annee']}) présente sur plusieurs lignes"
        else:
            raise RuntimeError(f"pandera check without a rule: {check}")
        anomalies.append(Anomaly(rule_id, message, int(row["ligne"]), column, None if value is None else str(value),
                                 row["submission_id"]))
    return sorted(anomalies, key=lambda a: (a.submission_id, a.line or 0, a.rule))
