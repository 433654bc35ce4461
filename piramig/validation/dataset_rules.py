"""Dataset rules of submissions, as Great Expectations suites built in code (GX Core 1.x).

A submission is compared with its region's previous year (number of PASS, PASS gone missing, file active and
new patients per PASS) and with itself (how many of its PASS answered each question). All are warnings: the
rows go on, flagged. Thresholds come from rules.csv.

GX costs per validation far more than per row, so the submissions of a batch are checked together: each rule
runs once on a frame that holds every submission (one row per submission and question, per submission, per
PASS of the year before, per row), and its failures name their submission. GX is imported on first use, once
per process.
"""

from __future__ import annotations

import os
from functools import cache

import pandas as pd

from piramig.contract.dictionary import field_by_code, fields
from piramig.validation.coercion import applicability
from piramig.validation.rules import Anomaly, rule

# A change of file active or new patients is flagged only past the rate threshold of rules.csv AND this many
# patients: a PASS going from 4 to 9 patients is not news.
MIN_ABSOLUTE_CHANGE = 50
YEAR_OVER_YEAR = {"file_active": "file_active_evolution", "nouveaux_patients": "nouveaux_patients_evolution"}
SID = "submission_id"


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


def _failures(frame: pd.DataFrame, expectation, index: list[str]) -> list[dict]:
    """The index values of the rows of `frame` that fail the expectation."""
    if frame.empty:
        return []
    gx, _, batch_definition = gx_context()
    suite = gx.ExpectationSuite(name=f"suite_{expectation.expectation_type}_{id(frame)}")
    suite.add_expectation(expectation)
    plain = frame.astype(object).where(frame.notna(), None)  # nullable pandas types as plain values for GX
    result = batch_definition.get_batch(batch_parameters={"dataframe": plain}).validate(
        suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index})
    return [] if result.success else list(result.results[0].result["unexpected_index_list"])


def _key(frame: pd.DataFrame) -> pd.Series:
    return frame["finess_et"].astype(str) + " (" + frame["type_pass"].astype(str) + ")"


def question_fill(current: pd.DataFrame) -> pd.DataFrame:
    """One row per submission and question: the PASS it applies to, those that answered, the share in %."""
    frames = []
    for f in fields():
        if not f.is_question:
            continue
        applies = applicability(f, current["type_pass"])
        counts = pd.DataFrame({SID: current[SID], "applicable": applies,
                               "repondu": applies & current[f.code].notna()}).groupby(SID).sum()
        counts.insert(0, "question", f.code)
        frames.append(counts[counts["applicable"] > 0])
    fill = pd.concat(frames).reset_index()
    fill["taux_reponse"] = 100 * fill["repondu"] / fill["applicable"]
    return fill


def _fill_anomalies(current: pd.DataFrame) -> list[Anomaly]:
    fill = question_fill(current)
    threshold = rule("remplissage_question").threshold
    failing = _failures(fill, gx_context()[0].expectations.ExpectColumnValuesToBeBetween(
        column="taux_reponse", min_value=threshold), [SID, "question"])
    by_key = fill.set_index([SID, "question"])
    found = []
    for index in failing:
        sid, question = index[SID], index["question"]
        answered, total = (int(by_key.at[(sid, question), c]) for c in ("repondu", "applicable"))
        found.append(Anomaly("remplissage_question", f"« {field_by_code()[question].label} » : {answered} PASS "
                             f"sur {total} ont répondu ({100 * answered / total:.0f} %, seuil {threshold:.0f} %)",
                             column=question, value=f"{answered}/{total}", submission_id=sid))
    return found


def _count_anomalies(current: pd.DataFrame, previous: pd.DataFrame) -> list[Anomaly]:
    tolerance = int(rule("nb_pass_evolution").threshold)
    counts = pd.DataFrame({"nb_pass": current.groupby(SID).size(),
                           "nb_pass_precedent": previous.groupby(SID).size()}).dropna().reset_index()
    counts["ecart"] = counts["nb_pass"] - counts["nb_pass_precedent"]
    failing = _failures(counts, gx_context()[0].expectations.ExpectColumnValuesToBeBetween(
        column="ecart", min_value=-tolerance, max_value=tolerance), [SID])
    by_sid = counts.set_index(SID)
    return [Anomaly("nb_pass_evolution", f"{int(by_sid.at[sid, 'nb_pass'])} PASS cette année contre "
                    f"{int(by_sid.at[sid, 'nb_pass_precedent'])} l'année précédente (écart toléré : {tolerance})",
                    value=str(int(by_sid.at[sid, "nb_pass"])), submission_id=sid)
            for sid in (index[SID] for index in failing)]


def _missing_pass_anomalies(current: pd.DataFrame, previous: pd.DataFrame) -> list[Anomaly]:
    before = pd.DataFrame({SID: previous[SID], "cle_pass": _key(previous),
                           "raison_sociale": previous["raison_sociale"]})
    now = pd.DataFrame({SID: current[SID], "cle_pass": _key(current), "presente": True}).drop_duplicates()
    before = before.merge(now, on=[SID, "cle_pass"], how="left")
    before["presente"] = before["presente"].fillna(False).astype(bool)
    failing = _failures(before, gx_context()[0].expectations.ExpectColumnValuesToBeInSet(
        column="presente", value_set=[True]), [SID, "cle_pass"])
    names = dict(zip(zip(before[SID], before["cle_pass"]), before["raison_sociale"]))
    return [Anomaly("pass_disparue", f"PASS {key}, {names[(sid, key)]}, présente l'année précédente, absente de cet "
                    "envoi", column="finess_et", value=key.split(" ")[0], submission_id=sid)
            for sid, key in sorted((index[SID], index["cle_pass"]) for index in failing)]


def _change_anomalies(current: pd.DataFrame, previous: pd.DataFrame) -> list[Anomaly]:
    """File active and new patients per PASS against the year before, where the change is large in patients."""
    merged = current[[SID, "ligne", "finess_et", "type_pass", *YEAR_OVER_YEAR]].merge(
        previous[[SID, "finess_et", "type_pass", *YEAR_OVER_YEAR]], on=[SID, "finess_et", "type_pass"], how="inner",
        suffixes=("", "_precedent"))
    found = []
    for measure, rule_id in YEAR_OVER_YEAR.items():
        before, now = merged[f"{measure}_precedent"].astype("Float64"), merged[measure].astype("Float64")
        change = 100 * (now - before) / before.where(before > 0)
        merged[f"evolution_{measure}"] = change.where((now - before).abs() >= MIN_ABSOLUTE_CHANGE).astype(float)
        threshold = rule(rule_id).threshold
        failing = _failures(merged, gx_context()[0].expectations.ExpectColumnValuesToBeBetween(
            column=f"evolution_{measure}", min_value=-threshold, max_value=threshold), [SID, "ligne"])
        label = "file active" if measure == "file_active" else "nouveaux patients"
        by_line = merged.set_index([SID, "ligne"])
        for index in failing:
            row = by_line.loc[(index[SID], index["ligne"])]
            found.append(Anomaly(rule_id, f"{label} {int(row[measure])} contre {int(row[f'{measure}_precedent'])} "
                                 f"l'année précédente ({row[f'evolution_{measure}']:+.0f} %)",
                                 line=int(index["ligne"]), column=measure, value=str(row[measure]),
                                 submission_id=index[SID]))
    return found


def dataset_checks(current: pd.DataFrame, previous: pd.DataFrame) -> list[Anomaly]:
    """`current`: the typed rows of the submissions (column `submission_id`), every row, rejected or not (a
    quarantined PASS is still in the submission); `previous`: for each submission that has one, the accepted rows
    of its region's current submission of the year before, under the submission's id."""
    anomalies = _fill_anomalies(current)
    previous = previous[previous[SID].isin(current[SID])]
    if not previous.empty:
        compared = current[current[SID].isin(previous[SID])]
        anomalies += _count_anomalies(compared, previous)
        anomalies += _missing_pass_anomalies(compared, previous)
        anomalies += _change_anomalies(compared, previous)
    return anomalies
