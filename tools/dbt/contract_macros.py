"""Write dbt_project/macros/contract_lists.sql: the questionnaire's field lists the dbt models need, from the
contract as piramig.contract.dictionary reads it (contract/dictionary.csv, seeds/reference/blocs.csv), so that
they are written in one place. The macro file is generated and committed; tests/test_dbt_project.py fails when
it differs from what this script writes.

    .venv/bin/python -m tools.dbt.contract_macros           # writes the macro file
    .venv/bin/python -m tools.dbt.contract_macros --check   # exits 1 if the committed file is out of date
"""

import sys

from piramig.contract.dictionary import SUBSET_FIELDS, block_fields, block_members, breakdown_blocks
from piramig.settings import DBT_PROJECT_DIR, REPO_ROOT

OUTPUT = DBT_PROJECT_DIR / "macros" / "contract_lists.sql"
COMMAND = ".venv/bin/python -m tools.dbt.contract_macros"
# The team's FTE are counted "hors internes" (indicators etp_total_moyen and etp_total_median).
TEAM_EXCLUDED = ("etp_internes_ffi",)
LINE_LENGTH = 120


def contract_lists() -> dict:
    """The lists, as Python values: breakdown blocks (block -> fields), team FTE fields, complementary activities."""
    return {
        "breakdown": {block: block_members(block) for block in breakdown_blocks()},
        "team": [code for code in block_fields("equipe") if code not in TEAM_EXCLUDED],
        "activities": block_fields("activites_complementaires"),
    }


def _jinja_list(items: list[str], indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    """A Jinja list literal, wrapped at LINE_LENGTH, continuation lines aligned after the bracket."""
    lines, current = [], " " * indent + prefix + "["
    continuation = " " * len(current)
    for position, item in enumerate(items):
        piece = f"'{item}'" + ("]" + suffix if position == len(items) - 1 else ",")
        if not current.endswith("[") and len(current) + 1 + len(piece) > LINE_LENGTH:
            lines.append(current)
            current = continuation + piece
        else:
            current += ("" if current.endswith("[") else " ") + piece
    return lines + [current]


def render() -> str:
    """The text of the macro file."""
    lists = contract_lists()
    subsets = ", ".join(f"{subset} (part of {whole})" for subset, whole in SUBSET_FIELDS.items())
    blocks = list(lists["breakdown"].items())
    return "\n".join([
        "{#- GENERATED FILE, do not edit. Written by `" + COMMAND + "`",
        "    from contract/dictionary.csv and seeds/reference/blocs.csv: run it again after a change of either;",
        "    tests/test_dbt_project.py fails when this file differs from what the script writes. -#}",
        "",
        "{#- The blocks that break the file active down (blocs.csv: est_repartition_file_active = true), each with",
        "    the fields that add up to the patients for whom it was answered. Left out, as they count part of",
        f"    another field: {subsets}. -#}}",
        "{% macro file_active_breakdown_blocks() -%}",
        "    {{ return({",
        *[line for position, (block, members) in enumerate(blocks) for line in _jinja_list(
            members, 8, prefix=f"'{block}': ", suffix="" if position == len(blocks) - 1 else ",")],
        "    }) }}",
        "{%- endmacro %}",
        "",
        f"{{#- The team's FTE fields (block equipe), interns left out: {', '.join(TEAM_EXCLUDED)}. -#}}",
        "{% macro team_fte_columns() -%}",
        *_jinja_list(lists["team"], 4, prefix="{{ return(", suffix=") }}"),
        "{%- endmacro %}",
        "",
        "{#- The complementary activities of generalist PASS (block activites_complementaires). -#}",
        "{% macro complementary_activity_columns() -%}",
        *_jinja_list(lists["activities"], 4, prefix="{{ return(", suffix=") }}"),
        "{%- endmacro %}",
    ]) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.relative_to(REPO_ROOT)} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
