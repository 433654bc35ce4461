"""What every run of the code location shares: the tag that makes the writers of the working warehouse run one
at a time, and the instance configuration that enforces it."""

from __future__ import annotations

import dagster as dg

# Every job that writes the working warehouse carries this tag: the instance runs one of them at a time. Their
# steps run in one process, one after the other: DuckDB allows a single writer, or readers, never both.
WAREHOUSE_WRITER_KEY = "piramig/entrepot"
WAREHOUSE_WRITER = {WAREHOUSE_WRITER_KEY: "ecriture"}
ONE_PROCESS = dg.in_process_executor
# A publication run says how much of the dbt project it rebuilds (piramig.warehouse.pending.BuildScope).
SCOPE_TAG = "piramig/etendue"

INSTANCE_CONFIG = f"""telemetry:
  enabled: false
concurrency:
  runs:
    tag_concurrency_limits:
      - key: {WAREHOUSE_WRITER_KEY}
        limit: 1
"""
