"""Resources shared by every area of the code location."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from piramig.home import Home, resolve_home


class PiramigHome(dg.ConfigurableResource):
    """The home folder (inbox, archive, warehouses, reports); `--home`, $PIRAMIG_HOME or ./var."""

    root: str

    def get(self) -> Home:
        return Home(Path(self.root)).create()


def home_resource() -> PiramigHome:
    return PiramigHome(root=str(resolve_home().root))
