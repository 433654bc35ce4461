"""The web application measured as a coordinator meets it: the real server (`piramig portal`, gunicorn, warm)
on a published demo home, over HTTP on loopback. Medians of 10 after one warm-up request: the time from
uploading a regional demo file to the report in the page, and each page's response time.

`python -m bench.portal` measures it alone; `make bench` includes it in bench/results.json."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from piramig.settings import DEMO_DIR, REPO_ROOT

REPEATS = 10
GOALS = {"depot_vers_rapport_s": 1.0, "page_ms": 200}
REGIONAL_FILE = DEMO_DIR / "ra_pass_2021_28_normandie.csv"
PAGES = ("/", "/depot/", "/region/28/", "/region/28/2021/", "/campagnes/2021/")
EMAIL, PASSWORD = "banc@normandie.test", "un mot de passe assez long"
PIRAMIG = str(Path(sys.executable).with_name("piramig"))


class Browser:
    """Cookies and the CSRF token, as a browser keeps them."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    def post(self, path: str, page: str, fields: dict, file: tuple[str, bytes] | None = None) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {**fields, "csrfmiddlewaretoken": token}
        if file is None:
            body, kind = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                     for k, v in fields.items()]
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="{file[0]}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + file[1] + b"\r\n")
            body, kind = b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
        request = urllib.request.Request(self.url + path, data=body, headers={
            "Content-Type": kind, "Referer": self.url + path})
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode("utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_portal(home: Path) -> dict:
    """`home` holds a published warehouse (after `piramig demo` and `piramig run`)."""
    env = {**os.environ, "PIRAMIG_HOME": str(home)}
    for email, role, region in ((EMAIL, "coordinateur", ["--region", "28"]), ("banc@dgos.test", "analyste_dgos", [])):
        subprocess.run([PIRAMIG, "users", "add", email, "--role", role, *region], input=PASSWORD + "\n", text=True,
                       env=env, cwd=REPO_ROOT, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([PIRAMIG, "portal", "--port", str(port), "--workers", "1"], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 120
        while True:
            try:
                login = browser.get("/connexion/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        browser.post("/connexion/", login, {"username": EMAIL, "password": PASSWORD})
        data = REGIONAL_FILE.read_bytes()

        def upload() -> None:
            page = browser.post("/depot/", browser.get("/depot/"), {}, (REGIONAL_FILE.name, data))
            assert "id='verdict'" in page, re.findall(r"fr-(?:error|alert)[^<]*<[^>]*>([^<]*)", page)

        upload()  # warm-up
        form = browser.get("/depot/")
        uploads = []
        for _ in range(REPEATS):
            uploads.append(_timed(lambda: browser.post("/depot/", form, {}, (REGIONAL_FILE.name, data))))
        dgos = Browser(browser.url)
        dgos.post("/connexion/", dgos.get("/connexion/"), {"username": "banc@dgos.test", "password": PASSWORD})
        pages = {}
        for path in PAGES:
            reader = dgos if path.startswith("/campagnes/") else browser
            reader.get(path)
            pages[path] = statistics.median(_timed(lambda p=path, r=reader: r.get(p)) for _ in range(REPEATS)) * 1000
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"fichier": REGIONAL_FILE.name, "repetitions": REPEATS,
            "depot_vers_rapport_s": statistics.median(uploads), "pages_ms": pages,
            "objectifs": {k: f"<= {v}" for k, v in GOALS.items()}}


def table(results: dict) -> list[str]:
    lines = ["", "| portail (serveur chaud, médiane de 10) | mesure | objectif |", "|---|---|---|",
             f"| dépôt d'un fichier régional → rapport dans la page ({results['fichier']}) | "
             f"{results['depot_vers_rapport_s']:.2f} s | <= {GOALS['depot_vers_rapport_s']:g} s |"]
    lines += [f"| page {path} | {ms:.0f} ms | <= {GOALS['page_ms']} ms |" for path, ms in results["pages_ms"].items()]
    return lines


def portal_on_demo(home: Path) -> dict:
    """The demo published in a new `home`, then the application measured on it."""
    env = {**os.environ, "PIRAMIG_HOME": str(home)}
    for command in ("demo", "run"):
        subprocess.run([PIRAMIG, command], env=env, cwd=REPO_ROOT, check=True, capture_output=True)
    return measure_portal(home)


def main() -> None:
    results = portal_on_demo(Path(tempfile.mkdtemp(prefix="piramig-bench-portail-")))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
