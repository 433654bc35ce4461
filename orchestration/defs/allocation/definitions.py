import dagster as dg

from orchestration.defs.allocation.assets import allocation_report

defs = dg.Definitions(assets=[allocation_report])
