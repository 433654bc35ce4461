"""`make bench`: the pipeline measured on this machine (ratios first).

A round measures, one right after the other (this machine is shared: a slow minute must weigh on both sides of
a ratio):
- a full refresh of the demo campaign: `piramig run` in a process of its own, from an empty home to the
  published warehouse: wall time, peak memory, and its split by stage read from the runs in the home's Dagster
  instance;
- the floor, the two costs no design avoids: the same dbt project built alone (`dbt build` in its own process,
  on a copy of the loaded warehouse) plus one import of Great Expectations (in its own process);
- one region resubmitting one year to the republished warehouse: in a long-lived `piramig watch` (from the
  file's arrival in the inbox to the new published warehouse), and, for comparison, with a new `piramig run`.
Each figure and each ratio is the median over the rounds. Then, once: validation alone as plain Python
(bench/floor.py, rows per second of pandera and of Great Expectations), and a scale curve (campaigns 1x, 10x and
100x the demo's PASS, with the cost per row).

Writes bench/results.json and prints a table. PIRAMIG_BENCH_RUNS sets the number of rounds (default 3) and
PIRAMIG_BENCH_SCALES the scales (default 1,10,100; 100x runs once). Last, the web application (bench/portal.py).
Timings are not assertions.
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
import time
from pathlib import Path

from apps.cli import demo
from bench.portal import portal_on_demo
from bench.portal import table as portal_table
from bench.scale import LARGE_FILE_ROWS, write_campaign, write_large_regional_file
from piramig.settings import DBT_PROJECT_DIR, DEMO_DIR, REPO_ROOT, Settings

RUNS = int(os.environ.get("PIRAMIG_BENCH_RUNS", "3"))
SCALES = [int(k) for k in os.environ.get("PIRAMIG_BENCH_SCALES", "1,10,100").split(",")]
RESULTS = Path(__file__).with_name("results.json")
BIN = Path(sys.executable).parent
# The ratios each round measures; the published one is their median.
ROUND_RATIOS = ("rafraichissement_sur_plancher", "renvoi_sur_rafraichissement",
                "renvoi_nouveau_processus_sur_rafraichissement")
GOALS = {"rafraichissement_sur_plancher": 1.5, "renvoi_sur_rafraichissement": 0.25, "cout_par_ligne_100x_sur_1x": 1}
# A 40 MB regional file checked by `piramig validate`: seconds and megabytes (issue 13).
LARGE_FILE_GOALS = {"wall_s": 30, "peak_rss_mb": 1024}
# Runs a command and reports its wall time and the peak memory of it and its children.
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


def settings_for(root: Path) -> Settings:
    return Settings.from_environment({}, home=root)


def piramig(settings: Settings, *command: str) -> dict:
    return measure(str(BIN / "piramig"), *command, "--home", str(settings.home.root))


def stages(settings: Settings, since: float) -> dict[str, float]:
    """Seconds per stage of the runs recorded since `since` (a timestamp) in the home's Dagster instance."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(settings.home.dagster))
    totals = {"ingestion_s": 0.0, "validation_s": 0.0, "dbt_s": 0.0, "publication_s": 0.0, "runs": 0,
              "evenements": 0}
    for record in instance.get_run_records():
        if (record.start_time or 0) < since:
            continue
        totals["runs"] += 1
        totals["evenements"] += len(instance.all_logs(record.dagster_run.run_id))  # each one a row written
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


def full_refresh(settings: Settings) -> dict:
    demo(settings)
    since = dt.datetime.now().timestamp()
    measured = piramig(settings, "run")
    split = stages(settings, since)
    split["demarrage_et_coordination_s"] = measured["wall_s"] - sum(
        split[k] for k in ("ingestion_s", "validation_s", "dbt_s", "publication_s"))
    return {**measured, **split}


def floor(loaded: Settings, work: Path) -> dict:
    """A bare dbt build of the same project, on a copy of a loaded warehouse, and one import of GX."""
    copy = settings_for(work / "dbt-seul").home.create()
    shutil.copyfile(loaded.home.warehouse, copy.warehouse)
    project = str(DBT_PROJECT_DIR)
    dbt_s = measure(str(BIN / "dbt"), "build", "--project-dir", project, "--profiles-dir", project,
                    "--target-path", str(copy.dbt / "target"), "--log-path", str(copy.dbt),
                    env={"PIRAMIG_HOME": str(copy.root), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})["wall_s"]
    gx_s = measure(sys.executable, "-c", "import great_expectations", env={"GX_ANALYTICS_ENABLED": "false"})["wall_s"]
    shutil.rmtree(copy.root, ignore_errors=True)
    return {"dbt_build_seul_s": dbt_s, "import_great_expectations_s": gx_s, "plancher_s": dbt_s + gx_s}


def validation_rates() -> dict:
    """Validation alone, in plain Python (bench/floor.py): its rows per second, for the README."""
    runs = [json.loads(subprocess.run([sys.executable, "-m", "bench.floor"], capture_output=True, text=True,
                                      check=True, cwd=REPO_ROOT).stdout) for _ in range(RUNS)]
    rows = runs[0]["rows"]
    return {"lignes": rows, "lecture_s": median_of(runs, "lecture_s"), "pandera_s": median_of(runs, "pandera_s"),
            "great_expectations_s": median_of(runs, "great_expectations_s"),
            "pandera_lignes_par_s": rows / median_of(runs, "pandera_s"),
            "great_expectations_lignes_par_s": rows / median_of(runs, "great_expectations_s")}


def large_file(work: Path) -> dict:
    """`piramig validate` of one 40 MB regional file, RUNS times: median wall time and peak memory."""
    path = work / "gros" / "ra_pass_2021_84_gros.csv"
    size = write_large_regional_file(path)
    runs = [measure(str(BIN / "piramig"), "validate", str(path), "--out", str(work / "gros" / f"rapports-{i}"),
                    env={"GX_ANALYTICS_ENABLED": "false"}) for i in range(RUNS)]
    return {"lignes": LARGE_FILE_ROWS, "taille_mo": size / 1e6, "wall_s": median_of(runs, "wall_s"),
            "peak_rss_mb": median_of(runs, "peak_rss_mb"), "mesures": RUNS}


def resubmission_file(inbox: Path, number: int) -> None:
    """Normandie's 2021 report again, one name corrected: written beside, then renamed in whole."""
    source = DEMO_DIR / "ra_pass_2021_28_normandie_correction.csv"
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    rows[1][rows[0].index("raison_sociale")] += f" (renvoi {number})"
    staged = inbox / f"normandie_2021_renvoi_{number}.csv.tmp"
    with open(staged, "w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    staged.rename(staged.with_suffix(""))


def published_version(settings: Settings) -> int:
    return settings.home.published.stat().st_ino


def resubmission_watched(settings: Settings, number: int) -> float:
    """`piramig watch` on a published home: from a file's arrival to the new published warehouse."""
    env = {**os.environ, "PIRAMIG_WATCH_SECONDS": "0.2"}
    watcher = subprocess.Popen([str(BIN / "piramig"), "watch", "--home", str(settings.home.root)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines = iter(watcher.stdout.readline, "")
        for line in lines:  # ready once its first pass (nothing pending) is reported
            if line.startswith("Historique des exécutions"):
                break
        before = published_version(settings)
        started = time.perf_counter()
        resubmission_file(settings.home.inbox, number)
        for line in lines:
            if line.startswith("Historique des exécutions") and published_version(settings) != before:
                return time.perf_counter() - started
            if line.startswith("ÉCHEC"):
                raise RuntimeError(line)
        raise RuntimeError("piramig watch s'est arrêté avant la publication")
    finally:
        watcher.terminate()
        watcher.wait()


def resubmission_cold(settings: Settings, number: int) -> dict:
    resubmission_file(settings.home.inbox, number)
    return piramig(settings, "run")


def one_round(work: Path, index: int) -> dict:
    settings = settings_for(work / f"tour-{index}")
    full = full_refresh(settings)
    fl = floor(settings, work)
    watched = resubmission_watched(settings, 100 + index)
    cold = resubmission_cold(settings, 200 + index)
    shutil.rmtree(settings.home.root, ignore_errors=True)
    return {"complet": full, "plancher": fl, "renvoi_watch_s": watched, "renvoi_nouveau_processus_s": cold["wall_s"],
            "rafraichissement_sur_plancher": full["wall_s"] / fl["plancher_s"],
            "renvoi_sur_rafraichissement": watched / full["wall_s"],
            "renvoi_nouveau_processus_sur_rafraichissement": cold["wall_s"] / full["wall_s"]}


def scale_curve(work: Path, one_x: dict) -> list[dict]:
    curve = []
    for copies in SCALES:
        if copies == 1:  # the demo campaign itself: the full refresh above
            curve.append({"echelle": 1, "lignes": one_x["lignes"], "wall_s": one_x["wall_s"],
                          "peak_rss_mb": one_x["peak_rss_mb"],
                          "cout_par_ligne_ms": 1000 * one_x["wall_s"] / one_x["lignes"], "mesures": RUNS})
            continue
        results = []
        runs = RUNS if copies < 100 else 1  # one run at 100x: it takes long, and its noise is relatively small
        for run in range(runs):
            settings = settings_for(work / f"echelle-{copies}-{run}")
            rows = write_campaign(settings.home.create().inbox, copies)
            since = dt.datetime.now().timestamp()
            measured = piramig(settings, "run")
            results.append({**measured, **stages(settings, since), "lignes": rows})
            shutil.rmtree(settings.home.root, ignore_errors=True)
        wall = median_of(results, "wall_s")
        curve.append({"echelle": copies, "lignes": results[0]["lignes"], "wall_s": wall,
                      "cout_par_ligne_ms": 1000 * wall / results[0]["lignes"],
                      "peak_rss_mb": median_of(results, "peak_rss_mb"),
                      "validation_s": median_of(results, "validation_s"), "dbt_s": median_of(results, "dbt_s"),
                      "mesures": runs})
    return curve


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="piramig-bench-"))
    try:
        rounds = [one_round(work, index) for index in range(RUNS)]
        rates = validation_rates()
        full = {k: median_of([r["complet"] for r in rounds], k)
                for k in ("wall_s", "peak_rss_mb", "ingestion_s", "validation_s", "dbt_s", "publication_s",
                          "demarrage_et_coordination_s", "runs", "evenements")}
        curve = scale_curve(work, {"wall_s": full["wall_s"], "peak_rss_mb": full["peak_rss_mb"],
                                   "lignes": rates["lignes"]})
        large = large_file(work)
        portal = portal_on_demo(work / "portail")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = {k: median_of(rounds, k) for k in ROUND_RATIOS} | {
        "cout_par_ligne_100x_sur_1x": (curve[-1]["cout_par_ligne_ms"] / curve[0]["cout_par_ligne_ms"]
                                       if len(curve) > 1 else None),
    }
    results = {
        "date": dt.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "systeme": platform.platform()},
        "ratios": ratios,
        "ratios_par_tour": [{k: r[k] for k in ROUND_RATIOS} for r in rounds],
        "objectifs": {name: f"<= {goal}" for name, goal in GOALS.items()},
        "rafraichissement_complet": full | {"tours": RUNS},
        "plancher": {k: median_of([r["plancher"] for r in rounds], k)
                     for k in ("dbt_build_seul_s", "import_great_expectations_s", "plancher_s")},
        "renvoi_une_region": {"piramig_watch": {"wall_s": median_of(rounds, "renvoi_watch_s")},
                              "nouveau_processus": {"wall_s": median_of(rounds, "renvoi_nouveau_processus_s")}},
        "validation_seule": rates,
        "courbe_echelle": curve,
        "gros_fichier": large | {"objectifs": {k: f"<= {v}" for k, v in LARGE_FILE_GOALS.items()}},
        "portail": portal,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    r, full, fl = results["ratios"], results["rafraichissement_complet"], results["plancher"]
    resubmission, rates = results["renvoi_une_region"], results["validation_seule"]
    lines = [
        "| ratio | mesure | objectif |", "|---|---|---|",
        f"| rafraîchissement complet / plancher | {r['rafraichissement_sur_plancher']:.2f} "
        f"({full['wall_s']:.1f} s / {fl['plancher_s']:.1f} s, médianes) | <= 1.5 |",
        f"| renvoi d'une région (piramig watch) / rafraîchissement complet | {r['renvoi_sur_rafraichissement']:.2f} "
        f"({resubmission['piramig_watch']['wall_s']:.1f} s / {full['wall_s']:.1f} s) | <= 0.25 |",
        f"| renvoi d'une région (nouveau processus) / rafraîchissement complet | "
        f"{r['renvoi_nouveau_processus_sur_rafraichissement']:.2f} "
        f"({resubmission['nouveau_processus']['wall_s']:.1f} s) | - |",
    ]
    if r["cout_par_ligne_100x_sur_1x"] is not None:
        lines.append(f"| coût par ligne, plus grande échelle / 1x | {r['cout_par_ligne_100x_sur_1x']:.2f} | <= 1 |")
    lines += [
        "", "| étape du rafraîchissement complet (médiane) | secondes |", "|---|---|",
        *[f"| {k} | {full[k]:.1f} |" for k in ("wall_s", "ingestion_s", "validation_s", "dbt_s", "publication_s",
                                               "demarrage_et_coordination_s")],
        f"| runs Dagster | {full['runs']:.0f} |",
        f"| mémoire de pointe (Mo) | {full['peak_rss_mb']:.0f} |",
        f"| plancher : dbt build seul | {fl['dbt_build_seul_s']:.1f} |",
        f"| plancher : import de Great Expectations | {fl['import_great_expectations_s']:.1f} |",
        f"| validation seule : pandera (lignes/s) | {rates['pandera_lignes_par_s']:.0f} |",
        f"| validation seule : Great Expectations (lignes/s) | {rates['great_expectations_lignes_par_s']:.0f} |",
        "", "| échelle | lignes | secondes | ms par ligne | mémoire (Mo) |", "|---|---|---|---|---|",
        *[f"| {p['echelle']}x | {p['lignes']} | {p['wall_s']:.1f} | {p['cout_par_ligne_ms']:.1f} | "
          f"{p['peak_rss_mb']:.0f} |" for p in results["courbe_echelle"]],
    ]
    large = results.get("gros_fichier")
    if large:
        lines += [
            "", "| fichier régional de 40 Mo (piramig validate, médiane) | mesure | objectif |", "|---|---|---|",
            f"| secondes ({large['lignes']} lignes, {large['taille_mo']:.0f} Mo) | {large['wall_s']:.1f} | "
            f"<= {LARGE_FILE_GOALS['wall_s']} |",
            f"| mémoire de pointe (Mo) | {large['peak_rss_mb']:.0f} | <= {LARGE_FILE_GOALS['peak_rss_mb']} |",
        ]
    if results.get("portail"):
        lines += portal_table(results["portail"])
    return "\n".join(lines)


if __name__ == "__main__":
    main()
