"""Reports of the campaign, read from the warehouse: per (year, region) the history of its submissions, per
year the regions at a glance, and the index of the reports folder (with the files that could not be read).

Layout under the home's reports/: index.html, <year>/index.html, <year>/<region>/index.html and, per
submission, <year>/<region>/<submission_id>.html and .xlsx.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from piramig.contract.reference import region_name, regions
from piramig.reporting.html import escape, write_page
from piramig.validation.rules import rule
from piramig.vocabulary import Severity, SubmissionStatus, Verdict, verdict

# The reports of rows whose year or region could not be read, which no campaign holds.
UNROUTABLE_FOLDER = "hors_region"


def submission_report_folder(reports: Path, year: int | None, region: str | None) -> Path:
    """Where a submission's report goes: under its year and region, or in UNROUTABLE_FOLDER."""
    return reports / str(year) / region if year is not None and region else reports / UNROUTABLE_FOLDER


SUBMISSIONS_SQL = f"""
SELECT s.submission_id, s.fichier, s.recu_le, s.annee, s.code_region, s.statut, s.motif, s.lignes_lues,
       s.lignes_acceptees, s.lignes_quarantaine,
       s.submission_id IN (SELECT submission_id FROM audit.current_submissions) AS courant,
       (SELECT count(*) FROM validation.anomalies a WHERE a.submission_id = s.submission_id
          AND a.severite = '{Severity.ERROR}') AS erreurs,
       (SELECT count(*) FROM validation.anomalies a WHERE a.submission_id = s.submission_id
          AND a.severite = '{Severity.WARNING}') AS avertissements
FROM audit.submissions s
"""


def submission_verdict(row) -> Verdict:
    """The verdict of a submission as SUBMISSIONS_SQL reads it."""
    return verdict(row["statut"], row["lignes_quarantaine"] or 0, row["avertissements"])


def _submissions(con: duckdb.DuckDBPyConnection, where: str, params: list) -> pd.DataFrame:
    return con.execute(f"{SUBMISSIONS_SQL} WHERE {where} ORDER BY s.recu_le DESC, s.submission_id", params).df()


def _region_page(reports: Path, year: int, region: str, frame: pd.DataFrame, failing: list[tuple[str, int]]) -> Path:
    """A (year, region)'s page: its submissions (newest first), then the anomalies of the current one by rule."""
    rows = []
    for _, row in frame.iterrows():
        found = submission_verdict(row)
        current = "envoi courant" if row["courant"] else "remplacé par un envoi plus récent"
        rows.append(
            f"<tr><td>{row['recu_le']:%d/%m/%Y %H:%M}</td><td>{escape(row['fichier'])}</td><td>{current}</td>"
            f"<td class='style-{found.style}'>{found}</td><td>{row['lignes_lues']}</td>"
            f"<td>{escape(row['lignes_acceptees'])}</td><td>{escape(row['lignes_quarantaine'])}</td>"
            f"<td>{row['erreurs']}</td><td>{row['avertissements']}</td>"
            f"<td><a href='{row['submission_id']}.html'>rapport</a> · <a href='{row['submission_id']}.xlsx'>XLSX</a>"
            "</td></tr>")
    current = frame[frame["courant"]]
    if len(current):
        found = submission_verdict(current.iloc[0])
        headline, style = f"{region_name(region)}, activité {year} : envoi courant, {found}.", found.style
    else:
        headline, style = f"{region_name(region)}, activité {year} : aucun envoi validé.", "warn"
    body = (f"<p class='verdict {style}'>{escape(headline)}</p><h1>{escape(region_name(region))} — activité {year}</h1>"
            "<p><a href='../index.html'>campagne " + str(year) + "</a></p><h2>Envois reçus</h2><table><thead><tr>"
            "<th>Reçu le</th><th>Fichier</th><th>Statut</th><th>Verdict</th><th>Lues</th><th>Acceptées</th>"
            "<th>Quarantaine</th><th>Erreurs</th><th>Avertissements</th><th>Rapports</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
    if failing:
        body += ("<h2>Anomalies de l'envoi courant, par règle</h2><table><thead><tr><th>Règle</th><th>Gravité</th>"
                 "<th>Nombre</th></tr></thead><tbody>"
                 + "".join(f"<tr><td>{escape(rule(r).label)}</td><td>{rule(r).severity}</td><td>{n}</td></tr>"
                           for r, n in failing) + "</tbody></table>")
    return write_page(submission_report_folder(reports, year, region) / "index.html", f"{region_name(region)} {year}",
                      body)


def write_campaign_index(con, reports: Path, year: int) -> Path:
    frame = _submissions(con, "s.annee = ? AND s.submission_id IN (SELECT submission_id FROM "
                              "audit.current_submissions)", [year])
    by_region = {row["code_region"]: row for _, row in frame.iterrows()}
    rows = []
    for code in regions():
        row = by_region.get(code)
        if row is None:
            rows.append(f"<tr><td>{escape(region_name(code))}</td><td colspan='6'>aucun envoi</td></tr>")
            continue
        rows.append(f"<tr><td><a href='{code}/index.html'>{escape(region_name(code))}</a></td>"
                    f"<td>{submission_verdict(row)}</td>"
                    f"<td>{row['lignes_lues']}</td><td>{row['lignes_acceptees']}</td><td>{row['lignes_quarantaine']}</td>"
                    f"<td>{row['erreurs']}</td><td>{row['avertissements']}</td></tr>")
    errors = int((frame["lignes_quarantaine"] > 0).sum()) if len(frame) else 0
    style = "error" if errors else "ok"
    headline = (f"Campagne {year} : {len(frame)} région(s) avec un envoi courant, dont {errors} avec des lignes "
                "rejetées.")
    body = (f"<p class='verdict {style}'>{escape(headline)}</p><h1>Campagne d'activité {year}</h1>"
            "<p><a href='../index.html'>toutes les campagnes</a></p><table><thead><tr><th>Région</th>"
            "<th>Verdict de l'envoi courant</th><th>Lues</th><th>Acceptées</th><th>Quarantaine</th><th>Erreurs</th>"
            "<th>Avertissements</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    return write_page(reports / str(year) / "index.html", f"Campagne {year}", body)


def _publication_section(con) -> tuple[str, str | None]:
    """The last publication, and the failures that blocked the builds since: (HTML, the problem or None)."""
    last = con.execute("SELECT max(publie_le) FROM audit.publications").fetchall()[0][0]
    failures = con.execute(
        """SELECT echoue_le, noeud, signification, message FROM audit.build_failures
           WHERE echoue_le > coalesce(?, TIMESTAMP '1900-01-01') ORDER BY echoue_le DESC, noeud""", [last]).fetchall()
    published = (f"<p>Dernière publication de l'entrepôt : {last:%d/%m/%Y %H:%M}.</p>" if last
                 else "<p>L'entrepôt n'a pas encore été publié.</p>")
    if not failures:
        return "<h2>Publication</h2>" + published, None
    latest = failures[0][0]
    rows = [f for f in failures if f[0] == latest]
    html = ("<h2>Publication</h2>" + published
            + f"<p>La construction du {latest:%d/%m/%Y %H:%M} a échoué : rien n'a été publié depuis, l'entrepôt "
              "publié précédent reste en ligne. Un invariant du modèle n'est pas respecté ; la publication reprendra "
              "quand il le sera.</p><table><thead><tr><th>Test ou modèle</th><th>Ce que cela signifie</th>"
              "<th>Message de dbt</th></tr></thead><tbody>"
            + "".join(f"<tr><td>{escape(node)}</td><td>{escape(meaning)}</td><td>{escape(message)}</td></tr>"
                      for _, node, meaning, message in rows) + "</tbody></table>")
    return html, f"publication bloquée : {rows[0][2]}"


def write_reports_index(con, reports: Path) -> Path:
    years = [y for (y,) in con.execute(
        "SELECT DISTINCT annee FROM audit.submissions WHERE annee IS NOT NULL ORDER BY 1 DESC").fetchall()]
    rejected = _submissions(con, "s.statut = ?", [SubmissionStatus.REJECTED])
    unroutable = _submissions(con, "s.statut != ? AND s.annee IS NULL", [SubmissionStatus.REJECTED])
    body = ("<h1>Rapports de validation PIRAMIG</h1><h2>Campagnes</h2><ul>"
            + "".join(f"<li><a href='{y}/index.html'>activité {y}</a></li>" for y in years) + "</ul>")
    body += "<h2>Fichiers illisibles</h2>"
    if len(rejected):
        body += ("<table><thead><tr><th>Reçu le</th><th>Fichier</th><th>Motif</th></tr></thead><tbody>"
                 + "".join(f"<tr><td>{r['recu_le']:%d/%m/%Y %H:%M}</td><td>{escape(r['fichier'])}</td>"
                           f"<td>{escape(r['motif'])}</td></tr>" for _, r in rejected.iterrows()) + "</tbody></table>")
    else:
        body += "<p>Aucun.</p>"
    body += "<h2>Lignes sans année ni région lisibles</h2>"
    if len(unroutable):
        body += ("<p>Ces lignes ne peuvent être rattachées à aucune campagne ni région : elles sont en "
                 "quarantaine. Corrigez l'année ou la région dans le fichier et renvoyez-le.</p><table><thead><tr>"
                 "<th>Reçu le</th><th>Fichier</th><th>Lues</th><th>Quarantaine</th><th>Rapport</th></tr></thead>"
                 "<tbody>" + "".join(
                     f"<tr><td>{r['recu_le']:%d/%m/%Y %H:%M}</td><td>{escape(r['fichier'])}</td>"
                     f"<td>{int(r['lignes_lues'])}</td><td>{int(r['lignes_quarantaine'] or 0)}</td>"
                     f"<td><a href='{UNROUTABLE_FOLDER}/{escape(r['submission_id'])}.html'>rapport</a></td></tr>"
                     for _, r in unroutable.iterrows()) + "</tbody></table>")
    else:
        body += "<p>Aucune.</p>"
    publication, blocked = _publication_section(con)
    body += publication
    problems = [blocked] * bool(blocked) + [f"{len(rejected)} fichier(s) illisible(s)"] * bool(len(rejected)) + [
        f"{len(unroutable)} envoi(s) avec des lignes sans année ni région lisibles"] * bool(len(unroutable))
    headline = (" ; ".join(problems) + " : voir en bas de page." if problems
                else "Tous les fichiers reçus ont pu être lus et rattachés à une campagne et une région.")
    body = f"<p class='verdict {'error' if problems else 'ok'}'>{escape(headline)}</p>" + body
    return write_page(reports / "index.html", "Rapports PIRAMIG", body)


def write_campaign_pages(con: duckdb.DuckDBPyConnection, reports: Path, partitions: list[tuple[int, str]]) -> None:
    """The pages a load of these (year, region) partitions changed: theirs, their years' and the index. Two
    queries for all the partitions' pages, then one per year."""
    keys = [f"{year}|{region}" for year, region in partitions]
    submissions = _submissions(con, "s.annee || '|' || s.code_region IN (SELECT unnest(?))", [keys])
    failing = con.execute(
        """SELECT c.annee, c.code_region, r.regle, count(*) AS n FROM validation.anomalies r
           JOIN audit.current_submissions c USING (submission_id)
           WHERE c.annee || '|' || c.code_region IN (SELECT unnest(?)) GROUP BY ALL ORDER BY n DESC, r.regle""",
        [keys]).fetchall()
    for year, region in partitions:
        mine = submissions[(submissions["annee"] == year) & (submissions["code_region"] == region)]
        _region_page(reports, year, region, mine, [(r, n) for y, g, r, n in failing if (y, g) == (year, region)])
    for year in sorted({year for year, _ in partitions}):
        write_campaign_index(con, reports, year)
    write_reports_index(con, reports)
