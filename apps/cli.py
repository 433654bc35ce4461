"""The `piramig` command: demo data into the inbox, a run of what is pending (once, or whenever a file arrives),
a file checked before it is sent, and the Dagster UI. The settings are read once, here."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from piramig.settings import DEMO_DIR, REPO_ROOT, Settings
from piramig.vocabulary import ReceptionStatus, SubmissionStatus

DEMO_MANIFEST = DEMO_DIR / "envois.csv"
DEMO_CLOSINGS = DEMO_DIR / "clotures.csv"


def copy_demo(settings: Settings, year: int | None = None) -> list[Path]:
    """Copy the demo submissions (of one campaign year, or all) into the inbox, dated as they were received,
    so they load in that order."""
    home = settings.home.create()
    copied = []
    with open(DEMO_MANIFEST, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if year is not None and not row["fichier"].startswith(f"ra_pass_{year}_"):
                continue
            target = home.inbox / row["fichier"]
            shutil.copyfile(DEMO_DIR / row["fichier"], target)
            received = dt.datetime.fromisoformat(row["recu_le"]).timestamp()
            os.utime(target, (received, received))
            copied.append(target)
    return copied


def close_demo_campaigns(settings: Settings) -> list[int]:
    """The demo's campaigns closed as the DGOS published them (seeds/demo/clotures.csv), recorded as they happened:
    the files received before each closing are its figures."""
    from piramig.vocabulary import CampaignDecision, CampaignStatus
    from piramig.warehouse.campaign import campaign_status, record_decision
    from piramig.warehouse.schema import connect

    closed = []
    with connect(settings.home.create().warehouse) as con, open(DEMO_CLOSINGS, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year = int(row["annee"])
            if campaign_status(con, year) == CampaignStatus.OPEN:
                at = dt.datetime.fromisoformat(row["close_le"])
                record_decision(con, year, CampaignDecision.CLOSE, row["par"], at)
                closed.append(year)
    return closed


def demo(settings: Settings) -> tuple[list[Path], list[int]]:
    """`piramig demo`: the demo's files in the inbox, and its campaigns closed as the DGOS published them."""
    return copy_demo(settings), close_demo_campaigns(settings)


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    copied, closed = demo(settings)
    print(f"{len(copied)} fichiers de démonstration copiés dans {settings.home.inbox}")
    if closed:
        print("Campagnes closes comme la DGOS les a publiées : " + ", ".join(map(str, closed)))
    return 0


def _count(value) -> str:
    return "-" if value is None else str(int(value))


def print_summary(settings: Settings, summary) -> None:
    print(f"Boîte de dépôt : {len(summary.files)} fichier(s)")
    for f in summary.files:
        if f["statut"] != ReceptionStatus.REGISTERED:
            print(f"  {f['fichier']} : {f['statut']}" + (f" ({f['motif']})" if f["motif"] else ""))
    # Every submission with rows, those whose year or region could not be read included.
    loaded = [s for s in summary.submissions if s["statut"] != SubmissionStatus.REJECTED]
    if loaded:
        print(f"\n{'année':<6} {'région':<7} {'lues':>5} {'acceptées':>9} {'quarantaine':>11}  fichier")
        for s in loaded:
            flag = "" if s["courant"] or s["annee"] is None else "  (remplacé)"
            where = f"{s['annee']:<6} {s['code_region']:<7}" if s["annee"] is not None else f"{'hors région':<14}"
            print(f"{where} {_count(s['lignes_lues']):>5} "
                  f"{_count(s['lignes_acceptees']):>9} {_count(s['lignes_quarantaine']):>11}  {s['fichier']}{flag}")
        total = lambda key: sum(int(s[key] or 0) for s in loaded)  # noqa: E731
        print(f"{'total':<14} {total('lignes_lues'):>5} {total('lignes_acceptees'):>9} "
              f"{total('lignes_quarantaine'):>11}")
    print()
    if summary.published:
        print(f"Entrepôt publié : {settings.home.published}")
    print(f"Rapports : {settings.home.reports}")
    print(f"Historique des exécutions : piramig ui (DAGSTER_HOME={settings.home.dagster})")
    for failure in summary.failures:
        print(f"ÉCHEC : {failure}", file=sys.stderr)


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from orchestration.runner import run_once

    summary = run_once(settings, rebuild=args.rebuild)
    print_summary(settings, summary)
    return 0 if summary.ok else 1


def _watch(settings: Settings, args: argparse.Namespace) -> int:
    """A long-lived runner: pays the imports once, then runs what is pending whenever a file arrives."""
    from orchestration.runner import Runner

    runner = Runner(settings)
    runner.warm_up()
    print(f"Surveillance de {settings.home.inbox} (toutes les {settings.watch_seconds:g} s ; Ctrl-C pour arrêter)",
          flush=True)

    def report(summary) -> None:
        print(f"--- {dt.datetime.now():%d/%m/%Y %H:%M:%S}")
        print_summary(settings, summary)
        sys.stdout.flush()

    try:
        runner.watch(report)
    except KeyboardInterrupt:
        pass
    return 0


def _validate(settings: Settings, args: argparse.Namespace) -> int:
    """A coordinator checks a file before sending it: same rules, same report, no warehouse, no history."""
    from piramig.reading.files import UnreadableFile, too_large
    from piramig.reporting.submission_report import SubmissionInfo, verdict_sentence, write_reports
    from piramig.validation.file_check import check_bytes

    path = Path(args.file)
    out = Path(args.out) if args.out else path.parent
    try:
        too_big = too_large(path.stat().st_size, settings.max_file_bytes)  # refused before it is read
        if too_big:
            raise UnreadableFile(too_big)
        checked = check_bytes(path.read_bytes(), settings.max_file_bytes)
    except (UnreadableFile, OSError) as error:
        print(f"{path.name} : illisible : {error}", file=sys.stderr)
        return 1
    for (year, region), outcome in checked.parts:
        suffix = f"_{year}_{region}" if year is not None else "_hors_region"
        report, xlsx = write_reports(out, f"{path.stem}{suffix}_validation", SubmissionInfo(path.name, year, region),
                                     outcome)
        sentence, _ = verdict_sentence(outcome)
        print(f"{path.name} ({region or '?'} {year or '?'}) : {sentence}\n  rapport : {report}\n  tableur : {xlsx}")
    return 1 if checked.has_errors else 0


def _campaign(settings: Settings, args: argparse.Namespace) -> int:
    """The DGOS closes and reopens a campaign, a coordinator approves the region's current submission; anyone reads
    where a campaign stands. A refused decision changes nothing and exits 2."""
    from piramig.warehouse import campaign
    from piramig.warehouse.schema import connect

    if not settings.home.warehouse.exists():
        print(f"Aucun entrepôt dans {settings.home.root} : lancez d'abord piramig run.", file=sys.stderr)
        return 2
    try:
        with connect(settings.home.warehouse, read_only=args.action == "status") as con:
            if args.action == "approve":
                state = campaign.approve(con, args.year, args.region, args.by)
                print(f"Envoi {state.file_name} validé pour {args.region} {args.year} par {state.approved_by}.")
            elif args.action == "close":
                missing = campaign.close(con, args.year, args.by, force=args.force)
                print(f"Campagne {args.year} close." + (f" Régions closes sans données : {', '.join(missing)}."
                                                         if missing else ""))
            elif args.action == "reopen":
                campaign.reopen(con, args.year, args.by)
                print(f"Campagne {args.year} rouverte : ses chiffres redeviennent provisoires.")
            else:
                for year in [args.year] if args.year else campaign.known_years(con):
                    print(campaign.status_table(con, year))
    except campaign.CampaignError as error:
        print(f"Refusé : {error}", file=sys.stderr)
        return 2
    if args.action != "status":
        print("La prochaine publication (piramig run) en tiendra compte.")
    return 0


def _users(settings: Settings, args: argparse.Namespace) -> int:
    """Accounts of the web application; the password is read from standard input, never from the command line."""
    from apps.portal.setup import configure

    configure(settings)
    from apps.portal.accounts.models import Role
    from apps.portal.accounts.services import AccountError, add_user, disable_user, list_users

    try:
        if args.action == "add":
            password = sys.stdin.readline().rstrip("\n")
            account = add_user(args.email, args.role, args.region or [], password)
            print(f"Compte {account.user.username} créé : {account.get_role_display()}"
                  + (f", régions {', '.join(account.regions)}" if account.regions else ""))
        elif args.action == "disable":
            disable_user(args.email)
            print(f"Compte {args.email} désactivé.")
        else:
            labels = dict(Role.choices)
            for line in list_users():
                print(f"{line.email:<40} {labels[line.role]:<24} {','.join(line.regions):<12} "
                      f"{'actif' if line.active else 'désactivé'}")
    except AccountError as error:
        print(f"Refusé : {error}", file=sys.stderr)
        return 2
    return 0


def _portal(settings: Settings, args: argparse.Namespace) -> int:
    """The web application behind gunicorn: accounts database migrated and static files collected first."""
    from apps.portal.setup import configure

    configure(settings)
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    env = {**os.environ, "PIRAMIG_HOME": str(settings.home.root), "DJANGO_SETTINGS_MODULE": "apps.portal.settings"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    print(f"Portail : http://{args.bind}:{args.port}/ (dossier {settings.home.root})", flush=True)
    os.execve(gunicorn, [gunicorn, "apps.portal.wsgi:application", "--bind", f"{args.bind}:{args.port}",
                         "--workers", str(args.workers), "--preload", "--timeout", "120",
                         "--access-logfile", "-", "--chdir", str(REPO_ROOT)], env)
    return 0  # not reached: exec replaced this process


def _ui(settings: Settings, args: argparse.Namespace) -> int:
    """The Dagster UI on the home's instance, so the runs of `piramig run` show there."""
    from orchestration.runner import dagster_instance

    home = settings.home.create()
    dagster_instance(home)  # writes the instance's configuration on first use
    env = {**os.environ, "PIRAMIG_HOME": str(home.root), "DAGSTER_HOME": str(home.dagster)}
    dagster = str(Path(sys.executable).with_name("dagster"))
    os.execve(dagster, [dagster, "dev", "-w", str(REPO_ROOT / "workspace.yaml"), "--port", str(args.port)], env)
    return 0  # not reached: exec replaced this process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="piramig", description="Plateforme de données des PASS (PIRAMIG).")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler, text in (
        ("demo", _demo, "copier les envois de démonstration dans la boîte de dépôt"),
        ("run", _run, "prendre en charge la boîte de dépôt, valider, construire et publier l'entrepôt"),
        ("watch", _watch, "faire de même à chaque fichier déposé, jusqu'à Ctrl-C"),
        ("ui", _ui, "ouvrir l'interface Dagster sur l'historique du dossier de travail"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--home", help="dossier de travail (défaut : $PIRAMIG_HOME, sinon ./var)")
        command.set_defaults(handler=handler)
        if name == "run":
            command.add_argument("--rebuild", action="store_true",
                                 help="reconstruire et republier tout l'entrepôt, même si rien n'a changé")
        if name == "ui":
            command.add_argument("--port", type=int, default=3000)
    campaign = commands.add_parser("campaign", help="suivre, valider, clore ou rouvrir une campagne")
    actions = campaign.add_subparsers(dest="action", required=True)
    for action, text in (("approve", "valider l'envoi courant d'une région (coordination régionale)"),
                         ("close", "clore une campagne (DGOS)"), ("reopen", "rouvrir une campagne close (DGOS)"),
                         ("status", "état d'une campagne ou de toutes")):
        parser_ = actions.add_parser(action, help=text)
        parser_.add_argument("--home", help="dossier de travail (défaut : $PIRAMIG_HOME, sinon ./var)")
        parser_.add_argument("year", type=int, nargs="?" if action == "status" else None, help="année d'activité")
        if action == "approve":
            parser_.add_argument("region", help="code région INSEE, par exemple 28")
        if action != "status":
            parser_.add_argument("--by", required=True, help="qui prend la décision")
        if action == "close":
            parser_.add_argument("--force", action="store_true",
                                 help="clore malgré des régions sans envoi ou avec des lignes en quarantaine")
        parser_.set_defaults(handler=_campaign)
    users = commands.add_parser("users", help="comptes du portail des coordinations")
    user_actions = users.add_subparsers(dest="action", required=True)
    for action, text in (("add", "créer un compte (mot de passe lu sur l'entrée standard)"),
                         ("list", "lister les comptes"), ("disable", "désactiver un compte")):
        parser_ = user_actions.add_parser(action, help=text)
        parser_.add_argument("--home", help="dossier de travail (défaut : $PIRAMIG_HOME, sinon ./var)")
        if action != "list":
            parser_.add_argument("email", help="adresse électronique, identifiant du compte")
        if action == "add":
            parser_.add_argument("--role", required=True, choices=["coordinateur", "analyste_dgos", "admin_dgos"])
            parser_.add_argument("--region", action="append", help="code région INSEE (coordinateur ; répétable)")
        parser_.set_defaults(handler=_users)
    portal = commands.add_parser("portal", help="servir le portail web des coordinations (gunicorn)")
    portal.add_argument("--home", help="dossier de travail (défaut : $PIRAMIG_HOME, sinon ./var)")
    portal.add_argument("--port", type=int, default=8000)
    portal.add_argument("--bind", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    portal.add_argument("--workers", type=int, default=2)
    portal.set_defaults(handler=_portal)
    check = commands.add_parser("validate", help="contrôler un fichier avant de l'envoyer (sans entrepôt)")
    check.add_argument("file", help="fichier CSV ou XLSX")
    check.add_argument("--out", help="dossier des rapports (défaut : celui du fichier)")
    check.set_defaults(handler=_validate, home=None)
    args = parser.parse_args(argv)
    return args.handler(Settings.from_environment(home=args.home), args)


if __name__ == "__main__":
    sys.exit(main())
