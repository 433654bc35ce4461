"""End to end, as Normandie's coordinator uses it: the real server (`piramig portal`, gunicorn) on a copy of the
demo's home, driven by Debian's chromium through Playwright. Log in, upload the flawed 2022 file, read its
quarantine count, upload the correction, send it, run the pipeline, see it published, approve it. The screenshots
stay in var/artefacts/portail/ for whoever wants to look."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from orchestration.runner import run_once
from piramig.settings import REPO_ROOT, Home
from tests.conftest import settings_for
from tests.test_reports import CHROMIUM
from tools.demo.new_year import NEW_YEAR, write_new_year

EMAIL, PASSWORD = "coordination@normandie.test", "un mot de passe assez long"
ARTEFACTS = REPO_ROOT / "var" / "artefacts" / "portail"
PIRAMIG = str(Path(sys.executable).with_name("piramig"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_home, tmp_path_factory):
    """`piramig portal` on its own home, with an account made by `piramig users add`; stopped at the end."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("PIRAMIG_REQUIRE_CHROMIUM"):
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    home = Home(tmp_path_factory.mktemp("portail_navigateur") / "home").create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    shutil.copyfile(demo_home.published, home.published)
    shutil.copytree(demo_home.reports, home.reports, dirs_exist_ok=True)
    env = {**os.environ, "PIRAMIG_HOME": str(home.root)}
    added = subprocess.run([PIRAMIG, "users", "add", EMAIL, "--role", "coordinateur", "--region", "28"],
                           input=PASSWORD + "\n", text=True, capture_output=True, env=env, cwd=REPO_ROOT)
    assert added.returncode == 0, added.stderr
    port = free_port()
    log = open(tmp_path_factory.mktemp("journal") / "portal.log", "w")
    process = subprocess.Popen([PIRAMIG, "portal", "--port", str(port), "--workers", "1"], env=env,
                               stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/connexion/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, Path(log.name).read_text()
        time.sleep(0.5)
    yield url, settings_for(home.root)
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_a_coordinator_uploads_sends_and_approves_in_a_real_browser(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, settings = server
    flawed = write_new_year(tmp_path / "premier", ("28",), broken=True)[0]
    corrected = write_new_year(tmp_path / "correction", ("28",), broken=False)[0]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    outside = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page()
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(url) else None)

        page.goto(f"{url}/region/28/")
        assert "/connexion/" in page.url
        page.fill("#id_username", EMAIL)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/region/28/")
        assert page.locator("h1").inner_text() == "Normandie"
        # The design system's stylesheet is served by the application itself and applies.
        assert page.evaluate("getComputedStyle(document.querySelector('.fr-header')).display") != "inline"
        page.screenshot(path=str(ARTEFACTS / "1_region.png"), full_page=True)

        page.goto(f"{url}/depot/")
        page.set_input_files("#id_fichier", str(flawed))
        page.click("#depot button[type=submit]")
        counts = page.locator("dl.counts").first.inner_text()
        assert re.search(r"en quarantaine\s+1\b", counts), counts
        page.screenshot(path=str(ARTEFACTS / "2_premier_depot.png"), full_page=True)

        page.set_input_files("#id_fichier", str(corrected))
        page.click("#depot button[type=submit]")
        assert re.search(r"en quarantaine\s+0\b", page.locator("dl.counts").first.inner_text())
        page.click("#envoi button[type=submit]")
        page.wait_for_url(f"{url}/region/28/{NEW_YEAR}/")
        assert ">déposé<" in page.content() and "pas encore publiée" in page.locator("#etat").inner_text()
        page.screenshot(path=str(ARTEFACTS / "3_envoye.png"), full_page=True)

        assert run_once(settings).ok  # the scheduled ingestion, in this process; the server reads its publication
        page.reload()
        assert ">publié<" in page.content() and "provisoires" in page.locator("#etat").inner_text()
        assert "reçu" in page.locator("#etat").inner_text()
        page.screenshot(path=str(ARTEFACTS / "4_publie.png"), full_page=True)
        page.click("#validation button[type=submit]")
        assert "Validation demandée" in page.content()

        assert run_once(settings).ok
        page.reload()
        assert "validé par la coordination" in page.locator("#etat").inner_text()
        page.screenshot(path=str(ARTEFACTS / "5_valide.png"), full_page=True)
        browser.close()
    assert outside == []  # nothing fetched from anywhere but the application: it works offline
    with duckdb.connect(str(settings.home.published), read_only=True) as con:
        assert con.execute("SELECT statut_region, valide_par FROM marts.fct_completude WHERE annee = ? "
                           "AND code_region = '28'", [NEW_YEAR]).fetchone() == ("valide_coordination", EMAIL)
