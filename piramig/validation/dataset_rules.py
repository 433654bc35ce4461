"""Dataset rules of submissions, as one Great Expectations suite built in code (GX Core 1.x).

A submission is compared with itself (how many of its PASS answered each question) and with its region's
previous year (number of PASS, PASS gone missing, file active and new patients per PASS). All are warnings:
the rows go on, flagged. Thresholds come from rules.csv.

GX costs per validation far more than per row, so a batch of submissions is checked in one validation: the
suite runs on one frame that stacks every grain the rules look at (a submission and a question, a submission,
a PASS of the year before, a row), each grain filling its own columns; an expectation on a column skips the
rows of the other grains (their value is empty), and the frame's `cle` names the failing rows. GX is imported
on first use, once per process.
"""

from __future__ import annotations

import os
from functools import cache

import pandas as pd

from piramig.contract.dictionary import field_by_code, fields
from piramig.validation.coercion import applicabilities
from piramig.validation.rules import Anomaly, rule

# A change of file active or new patients is flagged only past the rate threshold of rules.csv AND this many
# patients: a PASS going from 4 to 9 patients is not news.
MIN_ABSOLUTE_CHANGE = 50
YEAR_OVER_YEAR = {"file_active": "file_active_evolution", "nouveaux_patients": "nouveaux_patients_evolution"}
SID = "submission_id"
# What identifies a row of each grain beside its submission, and the columns the suite checks.
GRAIN_KEYS = {"question": ["question"], "envoi": [], "pass": ["cle_pass"], "ligne": ["ligne"]}
CHECKED_COLUMNS = ["taux_reponse", "ecart_nb_pass", "presente", *(f"evolution_{m}" for m in YEAR_OVER_YEAR)]


@cache
def gx_context():
    """Great Expectations, its context and a batch definition for in-memory frames: once per process."""
    # GX reads this when imported: its usage statistics stay off wherever the import happens.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = context.data_sources.add_pandas("soumissions").add_dataframe_asset("lignes")
    return gx, context, batch.add_batch_definition_whole_dataframe("soumission")


def _key(frame: pd.DataFrame) -> pd.Series:
    return frame["finess_et"].astype(str) + " (" + frame["type_pass"].astype(str) + ")"


def question_fill(current: pd.DataFrame) -> pd.DataFrame:
    """One row per submission and question: the PASS it applies to, those that answered, the share in %."""
    questions = [f for f in fields() if f.is_question]
    applies = applicabilities(questions, current["type_pass"])
    answered = applies & current[[f.code for f in questions]].notna()
    by_submission = current[SID].to_numpy()
    fill = pd.DataFrame({"applicable": applies.groupby(by_submission).sum().stack(),
                         "repondu": answered.groupby(by_submission).sum().stack()})
    fill.index.names = [SID, "question"]
    fill = fill[fill["applicable"] > 0].reset_index()
    fill["taux_reponse"] = 100 * fill["repondu"] / fill["applicable"]
    return fill


def _pass_counts(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """One row per submission compared: its PASS, those of the year before, the difference."""
    counts = pd.DataFrame({"nb_pass": current.groupby(SID).size(),
                           "nb_pass_precedent": previous.groupby(SID).size()}).dropna().reset_index()
    counts["ecart_nb_pass"] = counts["nb_pass"] - counts["nb_pass_precedent"]
    return counts


def _previous_pass(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """One row per PASS of the year before: whether the submission has it again."""
    before = pd.DataFrame({SID: previous[SID], "cle_pass": _key(previous),
                           "raison_sociale": previous["raison_sociale"]})
    now = pd.DataFrame({SID: current[SID], "cle_pass": _key(current), "presente": True}).drop_duplicates()
    before = before.merge(now, on=[SID, "cle_pass"], how="left").sort_values([SID, "cle_pass"])
    before["presente"] = before["presente"].fillna(False).astype(bool)
    return before


def _changes(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """One row per row of a submission found the year before: the change of file active and new patients, in %,
    where it is large enough in patients to matter."""
    merged = current[[SID, "ligne", "finess_et", "type_pass", *YEAR_OVER_YEAR]].merge(
        previous[[SID, "finess_et", "type_pass", *YEAR_OVER_YEAR]], on=[SID, "finess_et", "type_pass"], how="inner",
        suffixes=("", "_precedent"))
    for measure in YEAR_OVER_YEAR:
        before, now = merged[f"{measure}_precedent"].astype("Float64"), merged[measure].astype("Float64")
        change = 100 * (now - before) / before.where(before > 0)
        merged[f"evolution_{measure}"] = change.where((now - before).abs() >= MIN_ABSOLUTE_CHANGE).astype(float)
    return merged


def _suite(gx) -> list:
    """The suite: an expectation per rule, each on the column of its grain, carrying its rule id."""
    tolerance = rule("nb_pass_evolution").threshold
    return [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="taux_reponse", min_value=rule("remplissage_question").threshold,
            meta={"regle": "remplissage_question"}),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="ecart_nb_pass", min_value=-tolerance, max_value=tolerance, meta={"regle": "nb_pass_evolution"}),
        gx.expectations.ExpectColumnValuesToBeInSet(column="presente", value_set=[True],
                                                    meta={"regle": "pass_disparue"}),
        *[gx.expectations.ExpectColumnValuesToBeBetween(
            column=f"evolution_{measure}", min_value=-rule(rule_id).threshold, max_value=rule(rule_id).threshold,
            meta={"regle": rule_id}) for measure, rule_id in YEAR_OVER_YEAR.items()],
    ]


def _failing_keys(frame: pd.DataFrame) -> dict[str, list[str]]:
    """rule -> the `cle` of the rows of `frame` that fail it, in one validation of the whole suite."""
    gx, _, batch_definition = gx_context()
    suite = gx.ExpectationSuite(name=f"soumissions_{id(frame)}")
    for expectation in _suite(gx):
        suite.add_expectation(expectation)
    plain = frame.astype(object).where(frame.notna(), None)  # nullable pandas types as plain values for GX
    result = batch_definition.get_batch(batch_parameters={"dataframe": plain}).validate(
        suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["cle"]})
    return {r.expectation_config.meta["regle"]: [index["cle"] for index in r.result["unexpected_index_list"]]
            for r in result.results if not r.success}


def dataset_checks(current: pd.DataFrame, previous: pd.DataFrame) -> list[Anomaly]:
    """`current`: the typed rows of the submissions (column `submission_id`), every row, rejected or not (a
    quarantined PASS is still in the submission); `previous`: for each submission that has one, the accepted rows
    of its region's current submission of the year before, under the submission's id."""
    grains = {"question": question_fill(current)}
    previous = previous[previous[SID].isin(current[SID])]
    if not previous.empty:
        compared = current[current[SID].isin(previous[SID])]
        grains |= {"envoi": _pass_counts(compared, previous), "pass": _previous_pass(compared, previous),
                   "ligne": _changes(compared, previous)}
    for grain, frame in grains.items():
        frame["cle"] = [grain + "|" + "|".join(map(str, values))
                        for values in zip(frame[SID], *(frame[column] for column in GRAIN_KEYS[grain]))]
    stacked = pd.concat(grains.values(), ignore_index=True).reindex(columns=["cle", *CHECKED_COLUMNS])
    if stacked.empty:
        return []
    rows = {grain: frame.set_index("cle") for grain, frame in grains.items()}
    return [_anomaly(rule_id, rows[key.split("|", 1)[0]].loc[key])
            for rule_id, failing in _failing_keys(stacked).items() for key in failing]


def _anomaly(rule_id: str, row: pd.Series) -> Anomaly:
    """The French anomaly of one failing row of the stacked frame."""
    sid = row[SID]
    if rule_id == "remplissage_question":
        answered, total = int(row["repondu"]), int(row["applicable"])
        return Anomaly(rule_id, f"« {field_by_code()[row['question']].label} » : {answered} PASS sur {total} ont "
                       f"répondu ({100 * answered / total:.0f} %, seuil {rule(rule_id).threshold:.0f} %)",
                       column=row["question"], value=f"{answered}/{total}", submission_id=sid)
    if rule_id == "nb_pass_evolution":
        return Anomaly(rule_id, f"{int(row['nb_pass'])} PASS cette année contre {int(row['nb_pass_precedent'])} "
                       f"l'année précédente (écart toléré : {int(rule(rule_id).threshold)})",
                       value=str(int(row["nb_pass"])), submission_id=sid)
    if rule_id == "pass_disparue":
        return Anomaly(rule_id, f"PASS {row['cle_pass']}, {row['raison_sociale']}, présente l'année précédente, "
                       "absente de cet envoi", column="finess_et", value=row["cle_pass"].split(" ")[0],
                       submission_id=sid)
    measure = next(m for m, r in YEAR_OVER_YEAR.items() if r == rule_id)
    label = "file active" if measure == "file_active" else "nouveaux patients"
    return Anomaly(rule_id, f"{label} {int(row[measure])} contre {int(row[f'{measure}_precedent'])} l'année "
                   f"précédente ({row[f'evolution_{measure}']:+.0f} %)", line=int(row["ligne"]), column=measure,
                   value=str(row[measure]), submission_id=sid)
