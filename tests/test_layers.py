"""The house's layers: each module imports only from its own area or from the layers below, so no two areas
import each other; the domain never imports the orchestration (nor Dagster), and nothing at run time imports the
tools or the benchmark. Every import counts, those inside functions included."""

import ast
from pathlib import Path

from piramig.settings import REPO_ROOT

# (area, layer): an area is a module prefix; an import goes down (lower layer) or stays in its area.
AREAS = [
    ("piramig.settings", 0), ("piramig.vocabulary", 0),
    ("piramig.contract", 1),
    ("piramig.reading", 2),
    ("piramig.validation", 3),
    ("piramig.warehouse", 4), ("piramig.reporting", 4),
    ("piramig.publishing", 5),
    ("orchestration.lib", 6),
    ("orchestration.defs.ingestion", 7), ("orchestration.defs.dbt", 7), ("orchestration.defs.allocation", 7),
    ("orchestration.defs.publishing", 8),
    ("orchestration.defs.syntheses", 9),
    ("orchestration.definitions", 10),
    ("orchestration.runner", 11),
    ("apps.portal", 12),
    ("apps", 13),
    ("tools", 14), ("bench", 14),
]
PACKAGES = ("piramig", "orchestration", "apps", "tools", "bench")
ORCHESTRATION_LAYER = 6
DAGSTER = ("dagster", "dagster_dbt")


def area(module: str) -> tuple[str, int] | None:
    matches = [(name, layer) for name, layer in AREAS if module == name or module.startswith(name + ".")]
    return max(matches, key=lambda m: len(m[0])) if matches else None


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> list[tuple[str, str]]:
    """(importing module, imported module) for every import of the project's code."""
    found = []
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            source = module_name(path)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found += [(source, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    found += [(source, node.module)]
                    # `from package import module` imports the module
                    found += [(source, f"{node.module}.{alias.name}") for alias in node.names
                              if (REPO_ROOT / Path(*node.module.split("."), f"{alias.name}.py")).exists()]
    return found


def test_every_module_of_the_project_has_its_area():
    modules = {module_name(p) for package in PACKAGES for p in (REPO_ROOT / package).rglob("*.py")}
    assert [m for m in modules if area(m) is None and m not in PACKAGES and m != "orchestration.defs"] == []


def test_no_two_top_packages_import_each_other():
    """At the coarsest grain too: piramig never imports the orchestration or the entry points."""
    edges = {(s.split(".")[0], t.split(".")[0]) for s, t in imports()
             if s.split(".")[0] in PACKAGES and t.split(".")[0] in PACKAGES and s.split(".")[0] != t.split(".")[0]}
    assert ("orchestration", "piramig") in edges and [(a, b) for a, b in edges if (b, a) in edges] == []


def test_imports_go_down_the_layers_or_stay_in_their_area():
    upward = []
    for source, target in imports():
        mine, theirs = area(source), area(target)
        if mine is None or theirs is None or mine[0] == theirs[0]:
            continue
        if theirs[1] >= mine[1]:
            upward.append(f"{source} ({mine[0]}, couche {mine[1]}) importe {target} ({theirs[0]}, couche {theirs[1]})")
    assert upward == []


def test_no_two_areas_import_each_other():
    edges = {(area(s)[0], area(t)[0]) for s, t in imports() if area(s) and area(t) and area(s) != area(t)}
    assert [(a, b) for a, b in edges if (b, a) in edges] == []


def test_the_domain_does_not_know_dagster():
    leaks = [(s, t) for s, t in imports() if area(s) and area(s)[1] < ORCHESTRATION_LAYER
             and t.split(".")[0] in DAGSTER]
    assert leaks == []


def test_the_web_application_stays_off_the_orchestration():
    """The portal reads the published warehouse and drops files and requests; it never runs the pipeline (nor pays
    Dagster's import in a web process)."""
    leaks = [(s, t) for s, t in imports() if s.startswith("apps.portal")
             and (t.split(".")[0] in (*DAGSTER, "orchestration") or t == "piramig.warehouse.schema")]
    assert leaks == []
    assert ("apps.portal.campaigns.views", "piramig.validation.file_check") in set(imports())


def test_the_layer_test_sees_the_imports_it_judges():
    """The walk finds real edges, from top to bottom: a test that would pass on an empty list proves nothing."""
    assert area("apps.cli") == ("apps", 13)
    edges = set(imports())
    assert ("apps.cli", "orchestration.runner") in edges  # imported inside a function
    assert ("piramig.warehouse.loading", "piramig.validation.submission") in edges
    assert ("orchestration.defs.ingestion.assets", "piramig.warehouse.loading") in edges
    assert area("piramig.validation.row_rules") == ("piramig.validation", 3)
