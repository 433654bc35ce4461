"""A campaign simulated (hypothesis): on top of a closed 2020 campaign, the 2021 files of a few regions arrive in
random order over simulated days, with resubmissions, copies, unreadable files, coordinators' approvals, a
region that never answers, and a forced close at the end. After every step the real command line's run exits 0,
the published warehouse opens, nothing read is lost, completeness is what the files given make it, an open
campaign has no funding; after the close every scenario's regions add up to the envelope exactly, and the PASS of
the regions without data are ineligible, « rapport PIRAMIG non renseigné ».

Each step is a real run (intake, validation, dbt build and tests, publication): a few examples only."""

import datetime as dt
import shutil
from dataclasses import dataclass, field

import duckdb
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from apps.cli import copy_demo, main
from piramig.contract.reference import expected_regions
from piramig.settings import DEMO_DIR, Home
from tests.builders import drop
from tests.conftest import settings_for

pytestmark = pytest.mark.usefixtures("without_syntheses")  # they test other things

YEAR = 2021
ENVELOPE = 89_000_000
# Small regions, so that a step costs the build rather than the reading; Normandie sends its flawed file (rows in
# quarantine) before its correction. La Réunion never answers, nor the regions not listed.
FILES = {
    "01": ["ra_pass_2021_01_guadeloupe.csv"],
    "02": ["ra_pass_2021_02_martinique.csv"],
    "03": ["ra_pass_2021_03_guyane.csv"],
    "94": ["ra_pass_2021_94_corse.csv"],
    "28": ["ra_pass_2021_28_normandie.csv", "ra_pass_2021_28_normandie_correction.csv"],
}
FLAWED = "ra_pass_2021_28_normandie.csv"
UNREADABLE = b"\x00\x01PK\x03\x04 ceci n'est pas un tableur"
# The simulated clock: each file arrives an hour after the one before, during the 2021 campaign.
FIRST_ARRIVAL = dt.datetime(2022, 2, 1, 9).timestamp()


@dataclass
class Expected:
    """What the files given so far make of the campaign."""

    current: dict[str, str] = field(default_factory=dict)  # region -> its current file
    approved: set[str] = field(default_factory=set)
    sent: dict[str, int] = field(default_factory=dict)  # region -> files of its list sent so far
    arrivals: int = 0  # files dropped so far

    def drop(self, home: Home, name: str, data: bytes) -> None:
        self.arrivals += 1
        drop(home.inbox, f"{self.arrivals:03d}_{name}", data, FIRST_ARRIVAL + 3600 * self.arrivals)

    def status(self, region: str) -> str:
        if region not in self.current:
            return "attendu"
        if self.current[region] == FLAWED:
            return "en_anomalie"
        return "valide_coordination" if region in self.approved else "recu"


@dataclass(frozen=True)
class Step:
    files: tuple[tuple[str, str], ...]  # (region, how: "next" file of its list, "again" with a byte more, "copy")
    unreadable: int
    approve: tuple[str, ...]


steps = st.lists(
    st.builds(Step,
              files=st.lists(st.tuples(st.sampled_from(sorted(FILES)), st.sampled_from(["next", "next", "again",
                                                                                        "copy"])),
                             min_size=1, max_size=3).map(tuple),
              unreadable=st.integers(0, 1),
              approve=st.lists(st.sampled_from(sorted(FILES)), max_size=2, unique=True).map(tuple)),
    min_size=3, max_size=4)


@pytest.fixture(scope="module")
def closed_2020(tmp_path_factory) -> Home:
    """The 2020 demo campaign, received and closed: what 2021 expects."""
    closed = settings_for(tmp_path_factory.mktemp("campagne_2020") / "home")
    copy_demo(closed, 2020)
    assert main(["run", "--home", str(closed.home.root)]) == 0
    assert main(["campaign", "close", "2020", "--by", "DGOS", "--home", str(closed.home.root)]) == 0
    return closed.home


def published(home: Home, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(home.published), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def give(home: Home, step: Step, expected: Expected) -> None:
    for region, how in step.files:
        files = FILES[region]
        if how == "next" or region not in expected.current:
            index = min(expected.sent.get(region, 0), len(files) - 1)
            name, data, new = files[index], (DEMO_DIR / files[index]).read_bytes(), True
            # The same bytes sent twice are one submission: only a first sending is new.
            new = expected.sent.get(region, 0) <= index
            expected.sent[region] = index + 1
        elif how == "again":  # the current file sent again with a change: another submission
            name = expected.current[region]
            data, new = (DEMO_DIR / name).read_bytes() + b"\n" * (expected.arrivals + 1), True
        else:  # a copy of the current file: acknowledged, nothing new
            name, new = expected.current[region], False
            data = (DEMO_DIR / name).read_bytes()
        expected.drop(home, name, data)
        if new:
            expected.current[region] = name
            expected.approved.discard(region)
    for _ in range(step.unreadable):
        expected.drop(home, "illisible.xlsx", UNREADABLE)


def approve(home: Home, step: Step, expected: Expected) -> None:
    for region in step.approve:
        if expected.status(region) == "recu":
            assert main(["campaign", "approve", str(YEAR), region, "--by", "Coordination",
                         "--home", str(home.root)]) == 0
            expected.approved.add(region)


def check_step(home: Home, expected: Expected, closed: bool) -> None:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        unbalanced = con.execute("""select fichier from audit.submissions where statut = 'validée'
                                    and lignes_lues <> lignes_acceptees + lignes_quarantaine""").fetchall()
        waiting = con.execute("select count(*) from audit.submissions where statut = 'reçue'").fetchall()
    assert unbalanced == [] and waiting == [(0,)]
    states = dict(published(home, "select code_region, statut_region from marts.fct_completude where annee = ?",
                            [YEAR]))
    assert states == {region: expected.status(region) for region in expected_regions()}
    received = published(home, "select statut, regions_recues, pass_recues from marts.dim_campagnes where annee = ?",
                         [YEAR])
    pass_received = published(home, "select count(*) from marts.fct_pass_activity where annee = ?", [YEAR])[0][0]
    assert received == [("close" if closed else "en_cours", len(expected.current), pass_received)]
    funded = published(home, """select scenario, sum(montant) from marts.fct_dotation_region where annee = ?
                               group by 1 order by 1""", [YEAR])
    if not closed:
        assert funded == []
        assert published(home, "select count(*) from marts.fct_dotation_pass where annee = ?", [YEAR]) == [(0,)]
        return
    scenarios = [s for (s,) in published(home, "select scenario from reference.dotation_scenarios order by 1")]
    assert funded == [(scenario, ENVELOPE) for scenario in scenarios]
    # The expected PASS of the regions without data: listed, ineligible, not a euro.
    missing = published(home, """select p.finess_et, p.type_pass from marts.fct_completude_pass p
                                 join marts.fct_completude c using (annee, code_region)
                                 where p.annee = ? and p.statut_pass = 'manquante' and c.statut_region = 'attendu'
                                 order by 1, 2""", [YEAR])
    unreported = published(home, """select finess_et, type_pass, max(montant_total) from marts.fct_dotation_pass
                                    where annee = ? and motif_ineligibilite = 'rapport PIRAMIG non renseigné'
                                    group by 1, 2 order by 1, 2""", [YEAR])
    assert missing and [(f, t) for f, t, _ in unreported] == missing
    assert {amount for *_, amount in unreported} == {0}


@settings(max_examples=3, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(days=steps)
def test_a_simulated_campaign_holds_its_invariants_at_every_step(closed_2020, tmp_path_factory, days):
    home = Home(tmp_path_factory.mktemp("simulation") / "home").create()
    shutil.copyfile(closed_2020.warehouse, home.warehouse)
    shutil.copyfile(closed_2020.published, home.published)
    expected = Expected()
    for day, step in enumerate(days):
        give(home, step, expected)
        assert main(["run", "--home", str(home.root)]) == 0, f"jour {day}"
        check_step(home, expected, closed=False)
        approve(home, step, expected)  # published by the next run
    assert main(["campaign", "close", str(YEAR), "--by", "DGOS", "--force", "--home", str(home.root)]) == 0
    assert main(["run", "--home", str(home.root)]) == 0
    check_step(home, expected, closed=True)
