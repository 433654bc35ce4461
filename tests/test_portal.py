"""The coordinators' web application through Django's test client, on a real home (a copy of the demo's published
warehouse and reports): every view against every role, the security settings, and a campaign's flow from the
upload to the approval, with the real pipeline in between."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import shutil
import threading

import duckdb
import openpyxl
import pytest

from orchestration.runner import run_once
from piramig.settings import Home
from tests.conftest import settings_for
from tools.demo.new_year import BROKEN_FILE_ACTIVE, NEW_YEAR, write_new_year

PASSWORD = "un mot de passe assez long"
ACCOUNTS = {
    "coord28": ("coordination@normandie.test", "coordinateur", ["28"]),
    "coord28b": ("adjointe@normandie.test", "coordinateur", ["28"]),
    "coord11": ("coordination@idf.test", "coordinateur", ["11"]),
    "analyste": ("analyste@dgos.test", "analyste_dgos", []),
    "admin": ("admin@dgos.test", "admin_dgos", []),
}
ROLES = [None, "coord28", "coord11", "analyste", "admin"]
YEAR = 2021  # closed in the demo


@pytest.fixture(scope="module")
def portal(demo_home, tmp_path_factory):
    """Django set up on a copy of the demo's home, with one account per role."""
    home = Home(tmp_path_factory.mktemp("portail") / "home").create()
    shutil.copyfile(demo_home.warehouse, home.warehouse)
    shutil.copyfile(demo_home.published, home.published)
    shutil.copytree(demo_home.reports, home.reports, dirs_exist_ok=True)
    shutil.copytree(demo_home.published_dir / "syntheses", home.published_dir / "syntheses")
    settings = settings_for(home.root)
    from apps.portal.setup import configure

    configure(settings)
    from apps.portal.accounts.services import add_user

    for email, role, regions in ACCOUNTS.values():
        add_user(email, role, regions, PASSWORD)
    return settings


def client(role: str | None, **options):
    """A browser of this role, signed in through the real login page."""
    from django.test import Client

    browser = Client(SERVER_NAME="localhost", **options)
    if role is not None:
        response = browser.post("/connexion/", {"username": ACCOUNTS[role][0], "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
    return browser


def current_submission(settings, year: int, region: str) -> str:
    with duckdb.connect(str(settings.home.published), read_only=True) as con:
        return con.execute("SELECT submission_id FROM audit.current_submissions WHERE annee = ? AND code_region = ?",
                           [year, region]).fetchone()[0]


def new_year_file(tmp_path, region: str = "28", broken: bool = True, edit=None) -> tuple[str, bytes]:
    folder = tmp_path / f"envoi_{region}_{broken}_{edit is not None}"
    path = write_new_year(folder, (region,), broken)[0]
    data = path.read_bytes()
    if edit is not None:  # a CSV of the demo's: UTF-8 with BOM, semicolons
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        edit(rows)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        data = out.getvalue().encode("utf-8")
    return path.name, data


def upload(browser, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return browser.post("/depot/", {"fichier": SimpleUploadedFile(name, data)})


def latest_deposit(email: str):
    from apps.portal.campaigns.models import Deposit

    return Deposit.objects.filter(user__username=email).order_by("-created_at").first()


# ------------------------------------------------------------------ the matrix of views and roles


def sees(role: str | None, region: str) -> bool:
    return role in ("analyste", "admin") or (role is not None and region in ACCOUNTS[role][2])


def test_every_view_answers_each_role_as_its_rights_say(portal, tmp_path):
    """Every page, report, download and action of regions 28 and 11, for anonymous, both regions' coordinators
    and the DGOS: 302 to the login page, 200 (or the action's redirect), 403 for a DGOS account on a
    coordinator's action, and 404 wherever the region is not the account's, guessed identifiers included."""
    from apps.portal.campaigns.models import Deposit

    name, data = new_year_file(tmp_path, broken=False)
    owner = client("coord28")
    assert upload(owner, name, data).status_code == 200
    deposit = latest_deposit(ACCOUNTS["coord28"][0])
    submissions = {region: current_submission(portal, YEAR, region) for region in ("28", "11")}
    browsers = {role: client(role) for role in ROLES}
    seen = []
    for region, other in (("28", "11"), ("11", "28")):
        sid, foreign = submissions[region], submissions[other]
        region_views = [
            ("get", f"/region/{region}/", 200),
            ("get", f"/region/{region}/{YEAR}/", 200),
            ("get", f"/region/{region}/{YEAR}/envois/{sid}.html", 200),
            ("get", f"/region/{region}/{YEAR}/envois/{sid}.xlsx", 200),
            ("get", f"/region/{region}/{YEAR}/indicateurs.csv", 200),
            ("get", f"/region/{region}/{YEAR}/synthese.docx", 200),
            ("get", f"/region/{region}/{YEAR}/synthese.pdf", 200),
            ("post", f"/region/{region}/{YEAR}/valider/", "approve"),
        ]
        for role in ROLES:
            for method, url, allowed in region_views:
                response = getattr(browsers[role], method)(url, {"submission_id": sid} if method == "post" else None)
                if role is None:
                    expected = 302
                elif not sees(role, region):
                    expected = 404
                elif allowed == "approve":  # a coordinator's action: redirected with its message, else refused
                    expected = 302 if role.startswith("coord") else 403
                else:
                    expected = allowed
                seen.append((role, url, response.status_code, expected))
                if role is None:
                    assert response["Location"].startswith("/connexion/")
            # A submission of the other region under this region's address: not found, for everyone.
            guessed = browsers[role].get(f"/region/{region}/{YEAR}/envois/{foreign}.html")
            seen.append((role, f"{region}/{foreign}", guessed.status_code, 302 if role is None else 404))
    for role in ROLES:
        for url, dgos_only in (("/", False), ("/depot/", False), ("/campagnes/", True), (f"/campagnes/{YEAR}/", True),
                               (f"/campagnes/{YEAR}/national.docx", True), (f"/campagnes/{YEAR}/national.pdf", True)):
            response = browsers[role].get(url)
            expected = 302 if role is None else 404 if dgos_only and role.startswith("coord") else 200
            seen.append((role, url, response.status_code, expected))
        closing = browsers[role].post(f"/campagnes/{YEAR}/clore/", {})
        expected = {None: 302, "coord28": 404, "coord11": 404, "analyste": 403, "admin": 302}[role]
        seen.append((role, "clore", closing.status_code, expected))
        if role != "coord28":  # someone else's deposit: not found, whatever the role
            sending = browsers[role].post(f"/depot/{deposit.pk}/envoyer/")
            seen.append((role, "envoyer", sending.status_code, 302 if role is None else 404))
    # The synthesis downloaded is the region's own draft, as Word opens it.
    from docx import Document

    draft = browsers["coord28"].get(f"/region/28/{YEAR}/synthese.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(draft.streaming_content))).paragraphs)
    assert "Normandie" in text and "Île-de-France" not in text.split("Analyse qualitative")[0]
    sent = browsers["coord28"].post(f"/depot/{deposit.pk}/envoyer/")
    seen.append(("coord28", "envoyer", sent.status_code, 302))
    assert [s for s in seen if s[2] != s[3]] == []
    assert len(seen) == 2 * 5 * 9 + 5 * 7 + 4 + 1  # (8 views + a guessed id) x regions x roles, then the rest
    # The owner's sending put the file in the inbox; the others' attempts changed nothing.
    assert Deposit.objects.get(pk=deposit.pk).sent_at is not None
    inbox = [p for p in portal.home.inbox.iterdir() if p.name.startswith("portail_")]
    assert len(inbox) == 1 and inbox[0].read_bytes() == data
    inbox[0].unlink()  # the flow below sends its own files
    Deposit.objects.filter(pk=deposit.pk).delete()
    # Nothing asked of the pipeline: the demo's 2021 is closed, so the approvals and the closing were refused.
    assert list(portal.home.requests.iterdir()) == []


def test_a_coordinator_cannot_send_another_regions_file(portal, tmp_path):
    from apps.portal.campaigns.models import Deposit

    before = Deposit.objects.count()
    name, data = new_year_file(tmp_path, region="11", broken=False)
    response = upload(client("coord28"), name, data)
    page = response.content.decode()
    assert response.status_code == 200 and "id=\"refus\"" in page and "Île-de-France" in page
    assert "id=\"envoi\"" not in page and Deposit.objects.count() == before
    accepted = upload(client("coord11"), name, data).content.decode()
    assert "id=\"envoi\"" in accepted and "id=\"refus\"" not in accepted


# ------------------------------------------------------------------ security


def test_anonymous_requests_go_to_the_login_page(portal):
    response = client(None).get("/region/28/2021/")
    assert response.status_code == 302 and response["Location"] == "/connexion/?next=/region/28/2021/"
    login = client(None).get("/connexion/")
    assert login.status_code == 200 and "csrfmiddlewaretoken" in login.content.decode()


def test_a_post_without_csrf_token_is_refused(portal):
    strict = client(None, enforce_csrf_checks=True)
    credentials = {"username": ACCOUNTS["coord28"][0], "password": PASSWORD}
    assert strict.post("/connexion/", credentials).status_code == 403
    page = strict.get("/connexion/")
    token = page.cookies["csrftoken"].value
    assert strict.post("/connexion/", {**credentials, "csrfmiddlewaretoken": token}).status_code == 302
    assert strict.post("/region/28/2021/valider/", {"submission_id": "x"}).status_code == 403


def test_passwords_are_argon2_hashes_and_the_session_cookie_is_guarded(portal):
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=ACCOUNTS["coord28"][0])
    assert user.password.startswith("argon2$") and PASSWORD not in user.password
    browser = client(None)
    response = browser.post("/connexion/", {"username": ACCOUNTS["coord11"][0], "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_debug_is_off_and_the_secret_key_comes_from_the_home(portal):
    from django.conf import settings

    assert settings.DEBUG is False
    key_file = portal.home.portal / "secret_key"
    assert key_file.read_text(encoding="utf-8").strip() == settings.SECRET_KEY and len(settings.SECRET_KEY) >= 50
    assert key_file.stat().st_mode & 0o077 == 0
    page = client("coord28").get("/region/99/").content.decode()
    assert "Traceback" not in page and "URLconf" not in page


def test_failed_logins_are_throttled(portal):
    from apps.portal.accounts.services import add_user

    add_user("essais@normandie.test", "coordinateur", ["28"], PASSWORD)
    browser = client(None)
    for _ in range(5):
        wrong = browser.post("/connexion/", {"username": "essais@normandie.test", "password": "faux"})
        assert "Identifiant ou mot de passe incorrect" in wrong.content.decode()
    right = browser.post("/connexion/", {"username": "essais@normandie.test", "password": PASSWORD})
    assert right.status_code == 200 and "Trop d'essais" in html.unescape(right.content.decode())


def test_uploads_over_the_size_limit_are_refused(portal, monkeypatch):
    from apps.portal.campaigns import views

    monkeypatch.setattr(views, "PLATFORM", dataclasses.replace(portal, max_file_mb=0.001))
    response = upload(client("coord28"), "gros.csv", b"annee;code_region\n" + b"2022;28\n" * 500)
    assert "Fichier trop volumineux" in response.content.decode() and "limite est 0.001 Mo" in response.content.decode()


def test_the_type_is_judged_by_content_and_the_name_is_never_a_path(portal, tmp_path):
    from apps.portal.campaigns.views import UPLOADS

    xlsx = write_new_year(tmp_path / "xlsx", ("11",))[0]
    assert xlsx.suffix == ".xlsx"
    upload(client("coord11"), "../../rapport.csv", xlsx.read_bytes())
    deposit = latest_deposit(ACCOUNTS["coord11"][0])
    assert deposit.file_format == "xlsx" and deposit.original_name == "rapport.csv"
    assert (UPLOADS / f"{deposit.id.hex}.xlsx").is_file()
    assert not (portal.home.root.parent / "rapport.csv").exists()
    unreadable = upload(client("coord11"), "image.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert "fichier illisible" in unreadable.content.decode()


def test_hostile_names_and_cells_are_escaped(portal, tmp_path):
    def hostile(rows):  # on the broken row, which the report lists with its PASS's name
        rows[0]["raison_sociale"] = "<script>alert('cellule')</script>"

    name, data = new_year_file(tmp_path, broken=True, edit=hostile)
    page = upload(client("coord28"), "<img src=x onerror=alert(1)>.csv", data).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in page
    assert "&lt;script&gt;alert(&#x27;cellule&#x27;)&lt;/script&gt;" in page


# ------------------------------------------------------------------ a campaign's flow


def test_upload_send_publish_and_approve(portal, tmp_path):
    """Normandie's first 2022 file with a broken row, then two corrected versions sent at once by the region's two
    coordinators; the pipeline runs; the later one is current and the coordinator approves it."""
    from apps.portal.accounts.models import AuditEvent

    coordinator, deputy = client("coord28"), client("coord28b")
    name, flawed = new_year_file(tmp_path, broken=True)
    page = upload(coordinator, name, flawed).content.decode()
    assert re.search(r"<dt>en quarantaine</dt><dd>(\d+)</dd>", page).group(1) == "1"
    assert BROKEN_FILE_ACTIVE in page
    first = latest_deposit(ACCOUNTS["coord28"][0])
    assert coordinator.post(f"/depot/{first.pk}/envoyer/").status_code == 302

    def hostile(rows):
        rows[1]["raison_sociale"] = "=cmd|' /C calc'!A0"

    _, corrected = new_year_file(tmp_path, broken=False)
    _, corrected_too = new_year_file(tmp_path, broken=False, edit=hostile)
    deposits = []
    for browser, data, role in ((coordinator, corrected, "coord28"), (deputy, corrected_too, "coord28b")):
        assert "id=\"envoi\"" in upload(browser, name, data).content.decode()
        deposits.append((browser, latest_deposit(ACCOUNTS[role][0])))
    answers = []
    threads = [threading.Thread(target=lambda b=b, d=d: answers.append(b.post(f"/depot/{d.pk}/envoyer/").status_code))
               for b, d in deposits]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [302, 302]
    assert len([p for p in portal.home.inbox.iterdir() if p.name.startswith("portail_28_2022_")]) == 3

    assert run_once(portal).ok
    with duckdb.connect(str(portal.home.published), read_only=True) as con:
        history = con.execute("""SELECT submission_id, recu_le, lignes_quarantaine,
                                        submission_id IN (SELECT submission_id FROM audit.current_submissions)
                                 FROM audit.submissions WHERE annee = ? AND code_region = '28' ORDER BY recu_le""",
                              [NEW_YEAR]).fetchall()
    assert len(history) == 3 and history[0][2] == 1
    assert [row[3] for row in history] == [False, False, True]  # the last received is current
    current = history[-1][0]
    region_page = coordinator.get(f"/region/28/{NEW_YEAR}/").content.decode()
    assert region_page.count(">publié<") == 3 and "id=\"validation\"" in region_page

    # The reports, the one of the file with a formula-like cell among them: no cell of theirs is a formula.
    for sid in (row[0] for row in history):
        download = coordinator.get(f"/region/28/{NEW_YEAR}/envois/{sid}.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        assert [c.coordinate for ws in book for r in ws.iter_rows() for c in r if c.data_type == "f"] == []

    assert coordinator.post(f"/region/28/{NEW_YEAR}/valider/", {"submission_id": current}).status_code == 302
    assert "Validation demandée" in coordinator.get(f"/region/28/{NEW_YEAR}/").content.decode()
    assert run_once(portal).ok
    with duckdb.connect(str(portal.home.published), read_only=True) as con:
        state = con.execute("SELECT statut_region, valide_par, submission_id FROM marts.fct_completude "
                            "WHERE annee = ? AND code_region = '28'", [NEW_YEAR]).fetchone()
        applied = con.execute("SELECT acceptee FROM audit.campaign_requests").fetchall()
    assert state == ("valide_coordination", ACCOUNTS["coord28"][0], current) and applied == [(True,)]
    assert "validé par la coordination" in coordinator.get(f"/region/28/{NEW_YEAR}/").content.decode()
    actions = set(AuditEvent.objects.filter(username=ACCOUNTS["coord28"][0]).values_list("action", flat=True))
    assert {"connexion", "depot", "envoi", "validation", "telechargement"} <= actions
    assert AuditEvent.objects.filter(action="envoi", file_sha256=first.sha256).count() == 1

    # The DGOS asks to close 2022 while 16 regions have sent nothing: the run refuses, and the page says why.
    admin = client("admin")
    assert admin.post(f"/campagnes/{NEW_YEAR}/clore/", {}).status_code == 302
    assert "Clôture demandée" in admin.get(f"/campagnes/{NEW_YEAR}/").content.decode()
    assert run_once(portal).ok
    page = html.unescape(admin.get(f"/campagnes/{NEW_YEAR}/").content.decode())
    assert "refusée : Clôture de la campagne 2022 refusée" in page and "sans envoi" in page
    assert "id=\"cloture\"" in page  # still open: it can be asked again, with --force's box
    assert AuditEvent.objects.filter(action="cloture", username=ACCOUNTS["admin"][0]).count() == 1


def test_logout_and_password_change(portal):
    from apps.portal.accounts.services import add_user

    add_user("change@normandie.test", "coordinateur", ["28"], PASSWORD)
    browser = client(None)
    browser.post("/connexion/", {"username": "change@normandie.test", "password": PASSWORD})
    new = "un autre mot de passe assez long"
    changed = browser.post("/mot-de-passe/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert changed.status_code == 302 and changed["Location"] == "/mot-de-passe/change/"
    assert browser.get("/region/28/").status_code == 200  # the session survives its own password change
    assert browser.post("/deconnexion/").status_code == 302
    assert browser.get("/region/28/").status_code == 302
    assert client(None).post("/connexion/", {"username": "change@normandie.test", "password": PASSWORD}
                             ).status_code == 200  # the old password no longer opens
    assert client(None).post("/connexion/", {"username": "change@normandie.test", "password": new}).status_code == 302


def test_the_users_command_adds_lists_and_disables_accounts(portal, monkeypatch, capsys):
    from apps.cli import main

    home = ["--home", str(portal.home.root)]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "Nouvelle@Bretagne.test", "--role", "coordinateur", "--region", "53", *home]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("court\n"))
    assert main(["users", "add", "autre@bretagne.test", "--role", "coordinateur", "--region", "53", *home]) == 2
    assert "mot de passe refusé" in capsys.readouterr().err
    assert main(["users", "add", "dgos@bretagne.test", "--role", "analyste_dgos", "--region", "53", *home]) == 2
    assert main(["users", "list", *home]) == 0
    listed = capsys.readouterr().out
    assert re.search(r"nouvelle@bretagne\.test\s+coordination régionale\s+53\s+actif", listed)
    assert "autre@bretagne.test" not in listed
    assert client(None).post("/connexion/", {"username": "nouvelle@bretagne.test", "password": PASSWORD}
                             ).status_code == 302
    assert main(["users", "disable", "nouvelle@bretagne.test", *home]) == 0
    refused = client(None).post("/connexion/", {"username": "nouvelle@bretagne.test", "password": PASSWORD})
    assert refused.status_code == 200 and "incorrect" in refused.content.decode()
