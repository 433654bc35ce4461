"""The README's queries run as written against the published warehouse and give the webinar's figures."""

import re

from piramig.contract.dictionary import REPO_ROOT


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
