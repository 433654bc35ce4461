"""The README's queries run as written against the published warehouse and give the webinar's figures."""

import re

from piramig.settings import REPO_ROOT


def readme_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", (REPO_ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_queries_run_against_the_published_warehouse(published):
    queries = readme_queries()
    assert len(queries) >= 3
    results = [published.execute(q).fetchall() for q in queries]
    ranked = results[0]
    assert len(ranked) == 17
    assert ranked[0][:2] == ("Île-de-France", 44361.0) and round(ranked[0][2]) == 68
    assert ranked[-1][:2] == ("Corse", 228.0) and round(ranked[-1][2]) == 98
    assert [row[1] for row in ranked] == sorted((row[1] for row in ranked), reverse=True)
    # On 10 February 2022 Normandie's figures were those of its first (flawed) submission.
    [(submission, file_active)] = results[1]
    assert submission.endswith("-2021-28") and file_active != 9346
    assert all(result for result in results[2:])


def readme_table(heading: str) -> list[list[str]]:
    """The rows of the first table under a `## heading` of the README, cells stripped of their backquotes."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    table = section[section.index("\n|") + 1:].split("\n\n", 1)[0]
    return [[cell.strip().strip("`") for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]


def test_the_settings_table_is_the_settings_object():
    from piramig.settings import VARIABLES

    table = {name: default for name, default, _ in readme_table("Settings")}
    assert table == {name: default for name, (default, _) in VARIABLES.items()}


def test_every_variable_the_code_reads_is_documented():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    sources = [p for folder in ("piramig", "orchestration", "apps", "bench", "tests", "tools") for p in
               (REPO_ROOT / folder).rglob("*.py")] + [REPO_ROOT / "Makefile", REPO_ROOT / ".ci" / "run"]
    named = {name for path in sources for name in re.findall(r"\bPIRAMIG_[A-Z_]+\b", path.read_text(encoding="utf-8"))}
    assert len(named) >= 7
    assert sorted(name for name in named if f"`{name}`" not in readme) == []


def test_the_layout_tables_match_the_tree():
    folders = [row[0] for row in readme_table("Layout")]
    assert {"piramig/", "orchestration/", "dbt_project/", "tests/"} <= set(folders)
    assert [f for f in folders if not (REPO_ROOT / f).is_dir()] == []
    tracked = {p.name + "/" for p in REPO_ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
               and p.name not in ("var", "__pycache__")}
    assert tracked <= set(folders), "a top folder the README does not describe"
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    layers = text.split("## Layout\n", 1)[1].split("The layers,", 1)[1]
    named = re.findall(r"`((?:piramig|orchestration|apps)/[\w/.]*)`", layers)
    assert len(named) >= 10 and [path for path in named if not (REPO_ROOT / path).exists()] == []
