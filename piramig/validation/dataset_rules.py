"""Dataset rules of a submission, as Great Expectations suites built in code (GX Core 1.x).

A submission is compared with its region's previous year (number of PASS, PASS gone missing, file active
and new patients per PASS) and with itself (how many of its PASS answered each question). All are warnings:
the rows go on, flagged. Thresholds come from rules.csv. GX is imported on first use, once per process: it
costs seconds, so a run pays it once, not once per partition.
"""

from __future__ import annotations

import os
from functools import cache

import pandas as pd

from piramig.contract.dictionary import field_by_code, fields
from piramig.validation.rules import Anomaly, rule

# A change of file active or new patients is flagged only past the rate threshold of rules.csv AND this many
# patients: a PASS going from 4 to 9 patients is not news.
MIN_ABSOLUTE_CHANGE = 50
YEAR_OVER_YEAR = {"file_active": "file_active_evolution", "nouveaux_patients": "nouveaux_patients_evolution"}


@cache
def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = context.data_sources.add_pandas("soumissions").add_dataframe_asset("lignes")
    return gx, context, batch.add_batch_definition_whole_dataframe("soumission")


def _validate(frame: pd.DataFrame, expectations: list, index_column: str) -> list:
    """Run expectations on a frame; each expectation carries its rule id (and column) in `meta`."""
    if not expectations or frame.empty:
        return []
    gx, context, batch_definition = _gx()
    suite = gx.ExpectationSuite(name=f"suite_{index_column}_{id(frame)}")
    for expectation in expectations:
        suite.add_expectation(expectation)
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [index_column]}
    )
    return [r for r in result.results if not r.success]


def _key(frame: pd.DataFrame) -> pd.Series:
    return frame["finess_et"].astype(str) + " (" + frame["type_pass"].astype(str) + ")"


def _with_year_over_year_changes(frame: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Adds `evolution_<measure>` (in %) where the change is large enough in patients to matter."""
    merged = frame.merge(
        previous[["finess_et", "type_pass", "file_active", "nouveaux_patients"]],
        on=["finess_et", "type_pass"], how="left", suffixes=("", "_precedent"),
    )
    for measure in YEAR_OVER_YEAR:
        before, now = merged[f"{measure}_precedent"].astype("Float64"), merged[measure].astype("Float64")
        change = 100 * (now - before) / before.where(before > 0)
        merged[f"evolution_{measure}"] = change.where((now - before).abs() >= MIN_ABSOLUTE_CHANGE).astype(float)
    return merged


def question_fill(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per question: the PASS it applies to, those that answered, the share in %."""
    generalists = frame["type_pass"] == "generaliste"
    rows = []
    for f in fields():
        if not f.is_question:
            continue
        applies = generalists if f.applies_to == "generaliste" else pd.Series(True, index=frame.index)
        applicable = int(applies.sum())
        if applicable:
            answered = int((applies & frame[f.code].notna()).sum())
            rows.append({"question": f.code, "applicable": applicable, "repondu": answered,
                         "taux_reponse": 100 * answered / applicable})
    return pd.DataFrame(rows, columns=["question", "applicable", "repondu", "taux_reponse"])


def _expectations(gx, previous: pd.DataFrame) -> list:
    """The suite of a submission against its region's previous year."""
    tolerance = int(rule("nb_pass_evolution").threshold)
    expectations = [
        gx.expectations.ExpectTableRowCountToBeBetween(
            min_value=max(0, len(previous) - tolerance), max_value=len(previous) + tolerance,
            meta={"regle": "nb_pass_evolution"}),
        gx.expectations.ExpectColumnDistinctValuesToContainSet(
            column="cle_pass", value_set=sorted(_key(previous)), meta={"regle": "pass_disparue"}),
    ]
    for measure, rule_id in YEAR_OVER_YEAR.items():
        threshold = rule(rule_id).threshold
        expectations.append(gx.expectations.ExpectColumnValuesToBeBetween(
            column=f"evolution_{measure}", min_value=-threshold, max_value=threshold,
            meta={"regle": rule_id, "mesure": measure}))
    return expectations


def _anomalies(failed, frame: pd.DataFrame, previous: pd.DataFrame | None) -> list[Anomaly]:
    """The French anomalies of one failed expectation."""
    meta = failed.expectation_config.meta
    rule_id = meta["regle"]
    if rule_id == "remplissage_question":
        by_question = frame.set_index("question")
        found = []
        for index in failed.result["unexpected_index_list"]:
            question = index["question"]
            answered, total = (int(by_question.at[question, c]) for c in ("repondu", "applicable"))
            found.append(Anomaly(rule_id, f"« {field_by_code()[question].label} » : {answered} PASS sur {total} "
                                 f"ont répondu ({100 * answered / total:.0f} %, seuil "
                                 f"{rule(rule_id).threshold:.0f} %)", column=question, value=f"{answered}/{total}"))
        return found
    if rule_id == "nb_pass_evolution":
        return [Anomaly(rule_id, f"{len(frame)} PASS cette année contre {len(previous)} l'année précédente "
                        f"(écart toléré : {int(rule(rule_id).threshold)})", value=str(len(frame)))]
    if rule_id == "pass_disparue":
        # GX lists the missing values only partially past a length: the full set comes from the frames.
        names = dict(zip(_key(previous), previous["raison_sociale"]))
        return [Anomaly(rule_id, f"PASS {key}, {names[key]}, présente l'année précédente, absente de cet envoi",
                        column="finess_et", value=key.split(" ")[0])
                for key in sorted(set(names) - set(frame["cle_pass"]))]
    measure = meta["mesure"]
    label = "file active" if measure == "file_active" else "nouveaux patients"
    found = []
    for index in failed.result["unexpected_index_list"]:
        row = frame[frame["ligne"] == index["ligne"]].iloc[0]
        found.append(Anomaly(rule_id, f"{label} {int(row[measure])} contre {int(row[f'{measure}_precedent'])} "
                             f"l'année précédente ({row[f'evolution_{measure}']:+.0f} %)",
                             line=int(row["ligne"]), column=measure, value=str(row[measure])))
    return found


def dataset_checks(current: pd.DataFrame, previous: pd.DataFrame | None) -> list[Anomaly]:
    """`current`: the typed rows of the submission; `previous`: the region's rows of the year before."""
    gx, _, _ = _gx()
    anomalies: list[Anomaly] = []
    # GX costs per validation and per expectation: one suite on the fill rate of each question (a frame of one
    # row per question), one on the submission against the year before.
    questions = question_fill(current)
    fill = gx.expectations.ExpectColumnValuesToBeBetween(
        column="taux_reponse", min_value=rule("remplissage_question").threshold,
        meta={"regle": "remplissage_question"})
    for failed in _validate(questions, [fill], "question"):
        anomalies += _anomalies(failed, questions, previous)
    if previous is None or previous.empty:
        return anomalies
    frame = current.reset_index(drop=True).copy()
    frame["cle_pass"] = _key(frame)
    frame = _with_year_over_year_changes(frame, previous)
    for failed in _validate(_plain(frame), _expectations(gx, previous), "ligne"):
        anomalies += _anomalies(failed, frame, previous)
    return anomalies


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable pandas types as plain objects and floats, which every GX metric handles."""
    return frame.astype(object).where(frame.notna(), None)
