"""Resources shared by every area of the code location."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from piramig.settings import Home, resolve_home


class PiramigHome(dg.ConfigurableResource):
    """The home folder (inbox, archive, warehouses, reports). Without `root`, resolved when used: `--home` (set
    by the CLI in $PIRAMIG_HOME), else $PIRAMIG_HOME, else ./var; so one loaded code location serves any home."""

    root: str = ""

    def get(self) -> Home:
        home = Home(Path(self.root).resolve()) if self.root else resolve_home()
        return home.create()
