"""Shared fixtures: the whole demo campaign through the real pipeline, once per test session."""

import os

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

from apps.cli import demo  # noqa: E402
from orchestration.runner import Runner, run_once  # noqa: E402
from piramig.settings import Home, Settings  # noqa: E402


def settings_for(root) -> Settings:
    """The settings of a test home: defaults, whatever the machine's environment says."""
    return Settings.from_environment({}, home=root)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """`piramig demo` then `piramig run` on a fresh home: the summary and the settings."""
    settings = settings_for(tmp_path_factory.mktemp("demo") / "home")
    demo(settings)
    summary = run_once(settings)
    assert summary.ok, summary.failures
    return summary, settings


@pytest.fixture(scope="module")
def without_syntheses():
    """For a module that tests something else than the annual syntheses: its runs do not write them (about a second
    of processor and a LibreOffice conversion per region at every publication). The session's demo run, set up
    before any module fixture, writes them; tests/test_syntheses.py and the new year read them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Runner, "syntheses", False)
        yield


@pytest.fixture(scope="session")
def demo_settings(demo_run) -> Settings:
    return demo_run[1]


@pytest.fixture(scope="session")
def demo_home(demo_settings) -> Home:
    return demo_settings.home


@pytest.fixture
def published(demo_home):
    """A read-only connection to the analysts' warehouse, as an analyst opens it."""
    con = duckdb.connect(str(demo_home.published), read_only=True)
    yield con
    con.close()


def pytest_terminal_summary(terminalreporter):
    """The reconciliation's allowed differences, with their reason, at the end of every run."""
    from tests.test_reconciliation import ALLOWED

    if ALLOWED:
        terminalreporter.section("écarts admis avec le webinaire DGOS (réconciliation)")
        for line in ALLOWED:
            terminalreporter.write_line(line)
