"""The dbt project's own rules: the questionnaire's lists generated from the contract, never copied; intermediate
models never read marts; no model queries the warehouse to shape its SQL; every column of the marts and the
intermediate models described in the YAML of its model (and in the warehouse, for analysts)."""

import re
from pathlib import Path

import yaml

from piramig.contract.dictionary import SUBSET_FIELDS, breakdown_blocks, field_by_code, fields
from piramig.settings import DBT_PROJECT_DIR as PROJECT
from tools.dbt import contract_macros

MODELS = PROJECT / "models"
CONTRACT_MACROS = PROJECT / "macros" / "contract_lists.sql"
DOCUMENTED_SCHEMAS = ("intermediate", "marts")  # a model's schema is its top folder (dbt_project.yml)


def model_files(schema: str) -> dict[str, Path]:
    return {path.stem: path for path in sorted((MODELS / schema).rglob("*.sql"))}


def yaml_columns() -> dict[str, dict[str, str]]:
    """model -> {column: description} from every YAML file of the models."""
    described: dict[str, dict[str, str]] = {}
    for path in sorted(MODELS.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            assert model["name"] not in described, f"{model['name']} described twice"
            described[model["name"]] = {str(column["name"]): (column.get("description") or "").strip()
                                        for column in model.get("columns", [])}
    return described


# The generated macros ---------------------------------------------------------------------------------------


def test_the_contract_macro_file_is_the_one_the_script_generates():
    committed = CONTRACT_MACROS.read_text(encoding="utf-8")
    assert committed == contract_macros.render(), (
        f"dbt_project/macros/contract_lists.sql is out of date: run `{contract_macros.COMMAND}`")


def test_the_contract_macros_hold_the_questionnaires_lists():
    lists = contract_macros.contract_lists()
    assert list(lists["breakdown"]) == ["sexe", "age", "provenance", "hebergement", "couverture"]
    assert lists["breakdown"]["sexe"] == ["nb_hommes", "nb_femmes", "nb_sexe_autre_inconnu"]
    assert lists["breakdown"]["age"] == ["nb_age_moins_18", "nb_age_18_25", "nb_age_26_45", "nb_age_46_65",
                                         "nb_age_plus_65"]  # nb_mna is part of nb_age_moins_18
    assert len(lists["breakdown"]["couverture"]) == 6
    assert lists["team"] == ["etp_medecin", "etp_infirmier", "etp_assistant_social", "etp_secretaire",
                             "etp_psychologue", "etp_autre"]  # FTE "hors internes"
    assert lists["activities"] == ["act_mere_enfant", "act_mobile", "act_bucco_dentaire", "act_psychologue",
                                   "act_ophtalmologique"]


def test_a_breakdown_field_bounded_by_another_of_its_block_is_a_declared_subset():
    """A block's sum counts each patient once: a field that counts part of another field of its block (its rule
    says `<= that field`) must be a declared subset, left out of the sum; and a declared subset has that rule."""
    bounded = {}
    for f in fields():
        found = re.search(r"<=\s*(\w+)\s*$", f.rule)
        whole = field_by_code().get(found.group(1)) if found else None
        if f.block in breakdown_blocks() and whole is not None and whole.block == f.block:
            bounded[f.code] = whole.code
    assert bounded == SUBSET_FIELDS


def test_no_model_hard_codes_the_contract_macros_lists():
    """A model naming two fields of one list as Jinja strings has copied the list (one field alone is a formula)."""
    lists = contract_macros.contract_lists()
    named = {**{f"block {block}": members for block, members in lists["breakdown"].items()},
             "team": lists["team"], "activities": lists["activities"]}
    for name, path in {**model_files("intermediate"), **model_files("marts")}.items():
        sql = path.read_text(encoding="utf-8")
        for list_name, members in named.items():
            quoted = [field for field in members if re.search(rf"""['"]{field}['"]""", sql)]
            assert len(quoted) < 2, f"{name} copies the {list_name} list ({quoted}): use macros/contract_lists.sql"


def test_the_statuses_dbt_accepts_are_the_vocabularys():
    from piramig.vocabulary import SubmissionStatus

    [submissions] = [m for m in yaml.safe_load((MODELS / "staging" / "_piramig__models.yml").read_text())["models"]
                     if m["name"] == "stg_piramig__submissions"]
    [status] = [c for c in submissions["columns"] if c["name"] == "statut"]
    [accepted] = [t["accepted_values"]["arguments"]["values"] for t in status["data_tests"] if "accepted_values" in t]
    assert sorted(accepted) == sorted(SubmissionStatus)


# Layers and compilation -------------------------------------------------------------------------------------


def test_intermediate_models_never_read_marts():
    marts = set(model_files("marts"))
    for name, path in model_files("intermediate").items():
        refs = set(re.findall(r"ref\(\s*['\"](\w+)['\"]\s*\)", path.read_text(encoding="utf-8")))
        assert not refs & marts, f"{name} reads the marts {sorted(refs & marts)}"


def test_no_model_queries_the_warehouse_to_shape_its_sql():
    for folder in ("models", "macros", "tests"):
        for path in sorted((PROJECT / folder).rglob("*.sql")):
            sql = path.read_text(encoding="utf-8")
            assert not re.search(r"\b(run_query|execute)\b", sql), f"{folder}/{path.name} queries when compiled"


# Documentation ----------------------------------------------------------------------------------------------


def warehouse_columns(con) -> list[tuple[str, str, str, str]]:
    return con.execute(
        f"""SELECT schema_name, table_name, column_name, coalesce(comment, '') FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name IN {DOCUMENTED_SCHEMAS}
            ORDER BY schema_name, table_name, column_index""").fetchall()


def test_every_column_of_the_marts_and_intermediate_models_is_described(published):
    columns = [(schema, table, column) for schema, table, column, _ in warehouse_columns(published)]
    standard = published.execute(
        f"""SELECT table_schema, table_name, column_name FROM information_schema.columns
            WHERE table_schema IN {DOCUMENTED_SCHEMAS}""").fetchall()
    assert sorted(columns) == sorted(standard)
    for schema in DOCUMENTED_SCHEMAS:  # every model of both layers is there, and nothing else
        relations = {table for s, table, _ in columns if s == schema}
        assert relations == set(model_files(schema)), (
            f"{schema}: relations without a model {sorted(relations - set(model_files(schema)))}, "
            f"models not built {sorted(set(model_files(schema)) - relations)}")
    described = yaml_columns()
    undescribed = [f"{schema}.{table}.{column}" for schema, table, column in columns
                   if not described.get(table, {}).get(column)]
    assert not undescribed, f"columns without a description in the YAML of their model: {undescribed}"
    # Nor does the YAML describe a column the model does not have (a renamed or removed one).
    present = {(table, column) for _, table, column in columns}
    stale = [f"{table}.{column}" for table in {table for table, _ in present} for column in described[table]
             if (table, column) not in present]
    assert not stale, f"columns described in the YAML but absent from the warehouse: {stale}"
    assert sum(len(described[table]) for table in {table for table, _ in present}) == len(columns)


def test_the_descriptions_reach_the_warehouse(published):
    """persist_docs: an analyst reads a column's description in DuckDB (duckdb_columns().comment)."""
    described = yaml_columns()
    differing = [f"{schema}.{table}.{column}" for schema, table, column, comment in warehouse_columns(published)
                 if comment != described.get(table, {}).get(column)]
    assert not differing
