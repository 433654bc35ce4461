"""Asset keys that one area of the code location names and another produces: here, so that areas import this
module instead of each other."""

import dagster as dg

SUBMISSIONS = dg.AssetKey(["piramig", "submissions"])
PASS_REPORTS = dg.AssetKey(["piramig", "pass_reports"])
CURRENT_SUBMISSIONS = dg.AssetKey(["piramig", "current_submissions"])
CAMPAIGN_DECISIONS = dg.AssetKey(["piramig", "campaign_decisions"])
PUBLISHED_WAREHOUSE = dg.AssetKey(["published", "warehouse"])
PUBLISHED_EXPORTS = dg.AssetKey(["published", "exports"])
PUBLISHED_DOCS = dg.AssetKey(["published", "docs"])
ALLOCATION_REPORT = dg.AssetKey(["dotation", "rapport"])
SYNTHESES = dg.AssetKey(["published", "syntheses"])
