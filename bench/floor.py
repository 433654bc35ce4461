"""Validation alone: the demo campaign's files read and validated as plain Python, no orchestration, no warehouse,
each year's submissions in one batch as the pipeline does. Prints JSON: reading, typing and row rules (pandera)
and dataset rules (Great Expectations, imported beforehand) times, and rows."""

import csv
import json
import time

import pandas as pd

from apps.cli import DEMO_MANIFEST
from piramig.contract.reference import campaign_years
from piramig.reading.files import read_submission
from piramig.reading.routing import raw_frame, route
from piramig.settings import DEMO_DIR
from piramig.validation.dataset_rules import dataset_checks, gx_context
from piramig.validation.submission import Submission, validate_submissions


def main() -> None:
    gx_context()  # Great Expectations' import: once per process, measured apart (the floor)
    timings = {"lecture_s": 0.0, "pandera_s": 0.0, "great_expectations_s": 0.0}
    years = set(campaign_years())
    with open(DEMO_MANIFEST, encoding="utf-8", newline="") as handle:
        files = [row["fichier"] for row in csv.DictReader(handle)]
    step = time.perf_counter()
    parts = [(key, part) for name in files for key, part in route(read_submission(DEMO_DIR / name).rows, years).items()]
    timings["lecture_s"] = time.perf_counter() - step
    accepted: dict = {}  # (year, region) -> the accepted rows of its last submission, for the year after
    for year in sorted({year for (year, _), _ in parts if year is not None}):
        mine = [(key, part) for key, part in parts if key[0] == year]
        batch = [Submission(str(index), raw_frame(part), accepted.get((year - 1, region)))
                 for index, ((_, region), part) in enumerate(mine)]
        step = time.perf_counter()
        outcomes = validate_submissions(batch)  # typing and the pandera row rules
        timings["pandera_s"] += time.perf_counter() - step
        typed = pd.concat([o.rows.assign(submission_id=s.submission_id) for s, o in zip(batch, outcomes)])
        previous = [s.previous_year.assign(submission_id=s.submission_id) for s in batch if s.previous_year is not None]
        step = time.perf_counter()
        dataset_checks(typed, pd.concat(previous) if previous else typed.iloc[:0])
        timings["great_expectations_s"] += time.perf_counter() - step
        accepted |= {key: o.accepted_rows for (key, _), o in zip(mine, outcomes)}
    print(json.dumps({"rows": sum(len(part) for _, part in parts), "files": len(files), **timings}))


if __name__ == "__main__":
    main()
