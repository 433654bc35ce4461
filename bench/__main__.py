"""`make bench`: the pipeline measured on this machine, each figure the median of several runs (ratios first).

- full refresh of the demo campaign (inbox to published warehouse, `piramig run` in its own process): wall
  time, peak memory, and its split by stage read from the runs recorded in the home's Dagster instance;
- the floor: the same validations as plain Python (bench/floor.py) and the same dbt project built alone
  (`dbt build`): orchestration overhead = full refresh / floor - 1;
- one region resubmitting one year, as a ratio to the full refresh;
- a scale curve: campaigns 1x, 10x and 100x the demo's PASS, with the cost per row.

Writes bench/results.json and prints a table. PIRAMIG_BENCH_RUNS sets the number of runs (default 3) and
PIRAMIG_BENCH_SCALES the scales (default 1,10,100; 100x runs once). Timings are not assertions: the
machine is shared.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.scale import write_campaign
from piramig.cli import copy_demo
from piramig.contract.dictionary import REPO_ROOT
from piramig.settings import Home

RUNS = int(os.environ.get("PIRAMIG_BENCH_RUNS", "3"))
SCALES = [int(k) for k in os.environ.get("PIRAMIG_BENCH_SCALES", "1,10,100").split(",")]
RESULTS = Path(__file__).with_name("results.json")
BIN = Path(sys.executable).parent
# Runs a command and reports its wall time and the peak memory of it and its children (dbt among them).
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
completed = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"wall_s": time.perf_counter() - started, "returncode": completed.returncode,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "stdout": completed.stdout[-2000:], "stderr": completed.stderr[-2000:]}))
"""


def measure(*command: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=True).stdout
    result = json.loads(out)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result['stdout']}\n{result['stderr']}")
    return result


def piramig_run(home: Home) -> dict:
    return measure(str(BIN / "piramig"), "run", "--home", str(home.root))


def stages(home: Home, since: float) -> dict[str, float]:
    """Seconds per stage of the runs recorded since `since` (a timestamp) in the home's Dagster instance."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home.dagster))
    totals = {"ingestion_s": 0.0, "validation_s": 0.0, "dbt_s": 0.0, "publication_s": 0.0, "runs": 0}
    for record in instance.get_run_records():
        if (record.start_time or 0) < since:
            continue
        totals["runs"] += 1
        job, duration = record.dagster_run.job_name, record.end_time - record.start_time
        if job == "intake_job":
            totals["ingestion_s"] += duration
        elif job == "load_job":
            totals["validation_s"] += duration
        else:
            for step in instance.get_run_step_stats(record.dagster_run.run_id):
                key = "dbt_s" if step.step_key == "piramig_dbt_models" else "publication_s"
                totals[key] += step.end_time - step.start_time
    return totals


def median_of(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def full_refresh(work: Path) -> tuple[dict, Home]:
    results = []
    for run in range(RUNS):
        home = Home(work / f"complet-{run}").create()
        copy_demo(home)
        since = dt.datetime.now().timestamp()
        measured = piramig_run(home)
        split = stages(home, since)
        split["demarrage_et_coordination_s"] = measured["wall_s"] - sum(
            split[k] for k in ("ingestion_s", "validation_s", "dbt_s", "publication_s"))
        results.append({**measured, **split})
    keys = ["wall_s", "peak_rss_mb", "ingestion_s", "validation_s", "dbt_s", "publication_s",
            "demarrage_et_coordination_s"]
    return {k: median_of(results, k) for k in keys} | {"runs": RUNS}, home


def floor(home: Home, work: Path) -> dict:
    validation = [json.loads(subprocess.run([sys.executable, "-m", "bench.floor"], capture_output=True, text=True,
                                            check=True, cwd=REPO_ROOT).stdout) for _ in range(RUNS)]
    dbt_runs = []
    for run in range(RUNS):
        copy = Home(work / f"dbt-seul-{run}").create()
        shutil.copyfile(home.warehouse, copy.warehouse)
        project = str(REPO_ROOT / "dbt_project")
        dbt_runs.append(measure(str(BIN / "dbt"), "build", "--project-dir", project, "--profiles-dir", project,
                                env={"PIRAMIG_HOME": str(copy.root), "DBT_TARGET_PATH": str(copy.dbt / "target"),
                                     "DBT_LOG_PATH": str(copy.dbt)}))
    figures = {k: median_of(validation, k) for k in ("wall_s", "import_great_expectations_s", "lecture_s",
                                                      "pandera_s", "great_expectations_s")}
    rows = validation[0]["rows"]
    return {
        "validation_python_s": figures["wall_s"],
        "import_great_expectations_s": figures["import_great_expectations_s"],
        "lecture_s": figures["lecture_s"],
        "pandera_s": figures["pandera_s"],
        "great_expectations_s": figures["great_expectations_s"],
        "pandera_lignes_par_s": rows / figures["pandera_s"],
        "great_expectations_lignes_par_s": rows / figures["great_expectations_s"],
        "lignes": rows,
        "dbt_build_seul_s": median_of(dbt_runs, "wall_s"),
        "plancher_s": figures["wall_s"] + median_of(dbt_runs, "wall_s"),
    }


def resubmission(home: Home) -> dict:
    """Normandie sends its 2021 report again, one name corrected, to a home that holds the whole campaign."""
    source = REPO_ROOT / "seeds" / "demo" / "ra_pass_2021_28_normandie_correction.csv"
    results = []
    for run in range(RUNS):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        column = rows[0].index("raison_sociale")
        rows[1][column] += f" (renvoi {run + 1})"
        with open(home.inbox / f"normandie_2021_renvoi_{run + 1}.csv", "w", encoding="utf-8", newline="") as out:
            csv.writer(out, delimiter=";").writerows(rows)
        results.append(piramig_run(home))
    return {"wall_s": median_of(results, "wall_s"), "peak_rss_mb": median_of(results, "peak_rss_mb"), "runs": RUNS}


def scale_curve(work: Path, one_x: dict) -> list[dict]:
    curve = []
    for copies in SCALES:
        if copies == 1:  # the demo campaign itself: the full refresh above
            curve.append({"echelle": 1, "lignes": one_x["lignes"], "wall_s": one_x["wall_s"],
                          "cout_par_ligne_ms": 1000 * one_x["wall_s"] / one_x["lignes"], "runs": RUNS})
            continue
        results = []
        runs = RUNS if copies < 100 else 1  # one run at 100x: it takes long, and its noise is relatively small
        for run in range(runs):
            home = Home(work / f"echelle-{copies}-{run}").create()
            rows = write_campaign(home.inbox, copies)
            since = dt.datetime.now().timestamp()
            measured = piramig_run(home)
            results.append({**measured, **stages(home, since), "lignes": rows})
            shutil.rmtree(home.root, ignore_errors=True)
        wall = median_of(results, "wall_s")
        curve.append({"echelle": copies, "lignes": results[0]["lignes"], "wall_s": wall,
                      "cout_par_ligne_ms": 1000 * wall / results[0]["lignes"],
                      "peak_rss_mb": median_of(results, "peak_rss_mb"),
                      "validation_s": median_of(results, "validation_s"), "dbt_s": median_of(results, "dbt_s"),
                      "runs": runs})
    return curve


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="piramig-bench-"))
    try:
        full, home = full_refresh(work)
        floor_figures = floor(home, work)
        resubmit = resubmission(home)
        curve = scale_curve(work, {"wall_s": full["wall_s"], "lignes": floor_figures["lignes"]})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = {
        "surcout_orchestration": full["wall_s"] / floor_figures["plancher_s"] - 1,
        "renvoi_sur_complet": resubmit["wall_s"] / full["wall_s"],
        "cout_par_ligne_100x_sur_1x": (curve[-1]["cout_par_ligne_ms"] / curve[0]["cout_par_ligne_ms"]
                                       if len(curve) > 1 else None),
    }
    results = {
        "date": dt.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "systeme": platform.platform()},
        "ratios": ratios,
        "objectifs": {"surcout_orchestration": "< 0.50", "renvoi_sur_complet": "< 0.30",
                      "cout_par_ligne_100x_sur_1x": "<= 1"},
        "rafraichissement_complet": full,
        "plancher": floor_figures,
        "renvoi_une_region": resubmit,
        "courbe_echelle": curve,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    r, full, fl = results["ratios"], results["rafraichissement_complet"], results["plancher"]
    lines = [
        "| mesure | valeur | objectif |", "|---|---|---|",
        f"| surcoût d'orchestration (complet / plancher - 1) | {r['surcout_orchestration']:.0%} | < 50 % |",
        f"| renvoi d'une région / rafraîchissement complet | {r['renvoi_sur_complet']:.0%} | < 30 % |",
    ]
    if r["cout_par_ligne_100x_sur_1x"] is not None:
        lines.append(f"| coût par ligne, plus grande échelle / 1x | {r['cout_par_ligne_100x_sur_1x']:.2f} | <= 1 |")
    lines += [
        "", "| étape (médiane) | secondes |", "|---|---|",
        *[f"| {k} | {full[k]:.1f} |" for k in ("wall_s", "ingestion_s", "validation_s", "dbt_s", "publication_s",
                                               "demarrage_et_coordination_s")],
        f"| mémoire de pointe (Mo) | {full['peak_rss_mb']:.0f} |",
        f"| plancher : validation en Python seul | {fl['validation_python_s']:.1f} |",
        f"| plancher : dbt build seul | {fl['dbt_build_seul_s']:.1f} |",
        f"| pandera (lignes/s) | {fl['pandera_lignes_par_s']:.0f} |",
        f"| Great Expectations (lignes/s, import {fl['import_great_expectations_s']:.1f} s une fois) | "
        f"{fl['great_expectations_lignes_par_s']:.0f} |",
        "", "| échelle | lignes | secondes | ms par ligne |", "|---|---|---|---|",
        *[f"| {p['echelle']}x | {p['lignes']} | {p['wall_s']:.1f} | {p['cout_par_ligne_ms']:.1f} |"
          for p in results["courbe_echelle"]],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
