"""The validation floor: the demo campaign's files read and validated as plain Python, no orchestration, no
warehouse. Prints JSON: wall time, Great Expectations' import, pandera (typing and row rules) and Great
Expectations (dataset rules) times, rows."""

import csv
import json
import os
import time

started = time.perf_counter()
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from piramig.cli import DEMO_DIR, DEMO_MANIFEST  # noqa: E402
from piramig.reading.files import read_submission  # noqa: E402
from piramig.validation import dataset_rules as dataset_suite  # noqa: E402
from piramig.validation.submission import validate_submission  # noqa: E402
from piramig.warehouse.intake import campaign_years, raw_frame, route  # noqa: E402


def main() -> None:
    import_started = time.perf_counter()
    dataset_suite._gx()  # Great Expectations' import and context: once per run
    gx_import = time.perf_counter() - import_started
    timings = {"lecture_s": 0.0, "pandera_s": 0.0, "great_expectations_s": 0.0}
    rows = 0
    current: dict[tuple[int, str], object] = {}
    years = set(campaign_years())
    with open(DEMO_MANIFEST, encoding="utf-8", newline="") as handle:
        files = [row["fichier"] for row in csv.DictReader(handle)]
    for name in files:
        step = time.perf_counter()
        parts = route(read_submission(DEMO_DIR / name).rows, years)
        timings["lecture_s"] += time.perf_counter() - step
        for (year, region), part in parts.items():
            raw = raw_frame(part)
            step = time.perf_counter()
            outcome = validate_submission(raw)  # typing and pandera row rules
            timings["pandera_s"] += time.perf_counter() - step
            step = time.perf_counter()
            dataset_suite.dataset_checks(outcome.rows, current.get((year - 1, region)))
            timings["great_expectations_s"] += time.perf_counter() - step
            current[(year, region)] = outcome.accepted_rows
            rows += len(raw)
    print(json.dumps({"wall_s": time.perf_counter() - started, "import_great_expectations_s": gx_import,
                      "rows": rows, "files": len(files), **timings}))


if __name__ == "__main__":
    main()
