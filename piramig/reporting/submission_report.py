"""The coordinator's report of one submission, in French: a self-contained HTML page (styles inline, nothing
fetched from the network, readable offline) and an XLSX workbook to filter.

The verdict comes first; then, per PASS, each problem with the question's French label, the value, the rule
and what to do; then the checks of the whole submission; then every check that ran.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from piramig.contract.dictionary import field_by_code
from piramig.contract.reference import region_name
from piramig.reporting.html import STYLE, atomic_write, escape
from piramig.reporting.spreadsheets import neutralise_cell
from piramig.validation.rules import Anomaly, rule
from piramig.validation.submission import ValidationOutcome
from piramig.vocabulary import Severity, Verdict


@dataclass
class SubmissionInfo:
    file_name: str
    year: int | None
    region: str | None
    submission_id: str | None = None
    received: dt.datetime | None = None


def _question_label(column: str | None) -> str:
    if column in field_by_code():
        return f"{field_by_code()[column].label} ({column})"
    return {"taux_remplissage": "Taux de remplissage"}.get(column or "", column or "")


def verdict_sentence(outcome: ValidationOutcome) -> tuple[str, str]:
    """The report's first line, and its style: the submission's verdict, with its counts."""
    total, rejected = len(outcome.rows), int(outcome.rejected.sum())
    warnings = len(outcome.warnings())
    found = outcome.verdict
    if found is Verdict.ROWS_REJECTED:
        sentence = (f"Lignes rejetées : {rejected} ligne(s) sur {total} en quarantaine, à corriger et à renvoyer"
                    + (f" ; {warnings} avertissement(s)." if warnings else "."))
    elif found is Verdict.ACCEPTED_WITH_WARNINGS:
        sentence = (f"Envoi accepté avec avertissements : {total} ligne(s) acceptée(s), {warnings} avertissement(s) "
                    "à vérifier.")
    else:
        sentence = f"Envoi accepté : {total} ligne(s), aucune anomalie."
    return sentence, found.style


def _rows_by_line(outcome: ValidationOutcome) -> dict[int, dict]:
    """Who each line is (FINESS, name, type), for the lines that have an anomaly."""
    lines = {a.line for a in outcome.anomalies if a.line is not None}
    rows = outcome.rows[outcome.rows["ligne"].isin(lines)][["ligne", "finess_et", "raison_sociale", "type_pass"]]
    return {int(row["ligne"]): row for row in rows.astype(object).to_dict("records")}


def _problem_rows(anomalies: list[Anomaly]) -> str:
    cells = []
    for a in sorted(anomalies, key=lambda a: (a.severity != Severity.ERROR, a.rule)):
        r = rule(a.rule)
        cells.append(
            f"<tr><td class='sev-{r.severity}'>{r.severity}</td>"
            f"<td>{escape(_question_label(a.column))}</td><td>{escape(a.value)}</td>"
            f"<td><strong>{escape(r.label)}</strong><br>{escape(a.message)}</td><td>{escape(r.action)}</td></tr>"
        )
    return ("<table><thead><tr><th>Gravité</th><th>Question</th><th>Valeur</th><th>Règle</th><th>Que faire</th>"
            "</tr></thead><tbody>" + "".join(cells) + "</tbody></table>")


# Past this many problems on the lines, the page groups them by rule (counts and first examples) to stay
# readable in a browser; the XLSX workbook keeps every line.
MAX_LISTED_PROBLEMS = 200
EXAMPLES_PER_RULE = 5


def _problems_by_rule(by_line: dict[int, list[Anomaly]], rows: dict[int, dict]) -> list[str]:
    by_rule: dict[str, list[Anomaly]] = {}
    for line in sorted(by_line):
        for a in by_line[line]:
            by_rule.setdefault(a.rule, []).append(a)
    total = sum(len(found) for found in by_rule.values())
    parts = [f"<p>{total} problèmes sur {len(by_line)} lignes : trop pour les lister ici. Ils sont regroupés par "
             f"règle, avec les {EXAMPLES_PER_RULE} premiers exemples ; le classeur XLSX de ce rapport les donne "
             "tous, ligne par ligne, avec des filtres.</p>",
             "<table><thead><tr><th>Gravité</th><th>Règle</th><th>Nombre</th><th>Premiers exemples</th>"
             "<th>Que faire</th></tr></thead><tbody>"]
    for name, found in sorted(by_rule.items(), key=lambda item: (rule(item[0]).severity != Severity.ERROR,
                                                                 -len(item[1]), item[0])):
        r = rule(name)
        examples = "<br>".join(
            f"ligne {a.line}{' (' + escape(rows[a.line]['finess_et']) + ')' if a.line in rows else ''} : "
            f"{escape(_question_label(a.column))} « {escape(a.value)} »" for a in found[:EXAMPLES_PER_RULE])
        parts.append(f"<tr><td class='sev-{r.severity}'>{r.severity}</td><td><strong>{escape(r.label)}</strong></td>"
                     f"<td>{len(found)}</td><td>{examples}</td><td>{escape(r.action)}</td></tr>")
    parts.append("</tbody></table>")
    return parts


def render_html(info: SubmissionInfo, outcome: ValidationOutcome) -> str:
    """The report file: a page of its own, styled inline, that opens from a folder."""
    return (f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Validation — "
            f"{escape(info.file_name)}</title><style>{STYLE}</style></head><body>\n"
            f"{render_fragment(info, outcome)}</body></html>")


def render_fragment(info: SubmissionInfo, outcome: ValidationOutcome) -> str:
    """The report's content, every value escaped: the file's body, and the web application's upload page."""
    sentence, style = verdict_sentence(outcome)
    rows = _rows_by_line(outcome)
    by_line: dict[int, list[Anomaly]] = {}
    for a in outcome.anomalies:
        if a.line is not None:
            by_line.setdefault(a.line, []).append(a)
    submission_level = [a for a in outcome.anomalies if a.line is None]
    parts = [
        f"<p class='verdict {style}' id='verdict'>{escape(sentence)}</p>",
        f"<h1>Rapport de validation : {escape(info.file_name)}</h1>",
        f"<p class='meta'>{escape(region_name(info.region)) if info.region else 'Région non déterminée'}"
        f"{' — activité ' + str(info.year) if info.year else ''}"
        f"{' — reçu le ' + info.received.strftime('%d/%m/%Y %H:%M') if info.received else ''}"
        f"{' — envoi ' + escape(info.submission_id) if info.submission_id else ''}</p>",
        "<dl class='counts'>"
        f"<div><dt>lignes lues</dt><dd>{len(outcome.rows)}</dd></div>"
        f"<div><dt>acceptées</dt><dd>{len(outcome.accepted_rows)}</dd></div>"
        f"<div><dt>en quarantaine</dt><dd>{len(outcome.quarantined_rows)}</dd></div>"
        f"<div><dt>erreurs</dt><dd>{len(outcome.errors())}</dd></div>"
        f"<div><dt>avertissements</dt><dd>{len(outcome.warnings())}</dd></div></dl>",
        "<p class='meta'>Une erreur met la ligne en quarantaine : elle n'est pas chargée tant que l'envoi n'est pas "
        "corrigé. Un avertissement signale une valeur à vérifier : la ligne est chargée.</p>",
    ]
    listed = sum(len(found) for found in by_line.values())
    parts.append("<h2>Problèmes par PASS</h2>" if listed <= MAX_LISTED_PROBLEMS else "<h2>Problèmes par règle</h2>")
    if not by_line:
        parts.append("<p>Aucun problème sur les lignes du fichier.</p>")
    if listed > MAX_LISTED_PROBLEMS:
        parts += _problems_by_rule(by_line, rows)
        by_line = {}
    for line in sorted(by_line):
        row = rows.get(line)
        who = ""
        if row is not None:
            who = " — ".join(escape(v) for v in (row["finess_et"], row["raison_sociale"], row["type_pass"])
                             if escape(v))
        status = " (en quarantaine)" if any(a.severity == Severity.ERROR for a in by_line[line]) else ""
        parts.append(f"<h3>Ligne {line}{' — ' + who if who else ''}{status}</h3>{_problem_rows(by_line[line])}")
    parts.append("<h2>Contrôles de l'envoi dans son ensemble</h2>")
    parts.append(_problem_rows(submission_level) if submission_level else "<p>Aucune remarque.</p>")
    parts.append("<h2>Tous les contrôles</h2><table><thead><tr><th>Contrôle</th><th>Catégorie</th><th>Gravité</th>"
                 "<th>Outil</th><th>Lignes en échec / contrôlées</th><th>Résultat</th></tr></thead><tbody>")
    for check in outcome.checks:
        r = rule(check.rule)
        mark = ("<span class='ok-mark'>✓ réussi</span>" if check.passed
                else "<span class='ko-mark'>✗ en échec</span>")
        parts.append(f"<tr><td>{escape(r.label)}</td><td>{r.category.label}</td><td>{r.severity}</td>"
                     f"<td>{escape(r.tool)}</td><td>{check.failed_rows} / {check.checked_rows}</td>"
                     f"<td>{mark}</td></tr>")
    parts.append("</tbody></table>")
    parts.append(f"<p class='meta'>Rapport produit le {dt.datetime.now():%d/%m/%Y à %H:%M} par la plateforme PIRAMIG "
                 "PASS. Les règles sont décrites dans piramig/validation/rules.csv.</p>")
    return "\n".join(parts)


def anomaly_table(info: SubmissionInfo, outcome: ValidationOutcome) -> pd.DataFrame:
    rows = _rows_by_line(outcome)
    records = []
    for a in outcome.anomalies:
        r = rule(a.rule)
        row = rows.get(a.line) if a.line is not None else None
        records.append({
            "ligne": a.line,
            "finess_et": None if row is None else row["finess_et"],
            "raison_sociale": None if row is None else row["raison_sociale"],
            "type_pass": None if row is None else row["type_pass"],
            "gravité": str(r.severity),
            "catégorie": r.category.label,
            "règle": r.id,
            "libellé de la règle": r.label,
            "question": a.column,
            "libellé de la question": field_by_code()[a.column].label if a.column in field_by_code() else a.column,
            "valeur": a.value,
            "détail": a.message,
            "que faire": r.action,
        })
    return pd.DataFrame(records, columns=["ligne", "finess_et", "raison_sociale", "type_pass", "gravité", "catégorie",
                                          "règle", "libellé de la règle", "question", "libellé de la question",
                                          "valeur", "détail", "que faire"])


def write_xlsx(path: Path, info: SubmissionInfo, outcome: ValidationOutcome) -> None:
    import openpyxl
    from openpyxl.utils import get_column_letter

    sentence, _ = verdict_sentence(outcome)
    # Write-only: the rows go straight to the file (a report per submission, fifty of them in a campaign).
    workbook = openpyxl.Workbook(write_only=True)
    summary = workbook.create_sheet("Synthèse")
    for record in (["Verdict", sentence], ["Fichier", info.file_name], ["Année", info.year],
                   ["Région", region_name(info.region) if info.region else None], ["Envoi", info.submission_id],
                   ["Lignes lues", len(outcome.rows)], ["Lignes acceptées", len(outcome.accepted_rows)],
                   ["Lignes en quarantaine", len(outcome.quarantined_rows)]):
        summary.append([neutralise_cell(v) for v in record])
    for title, frame in (("Anomalies", anomaly_table(info, outcome)), ("Contrôles", _checks_table(outcome))):
        sheet = workbook.create_sheet(title)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(1, len(frame) + 1)}"
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(column) + 2))
        sheet.append(list(frame.columns))
        for record in frame.itertuples(index=False):
            sheet.append([None if pd.isna(v) else neutralise_cell(v) for v in record])
    atomic_write(path, workbook.save)


def _checks_table(outcome: ValidationOutcome) -> pd.DataFrame:
    return pd.DataFrame([{
        "règle": c.rule, "libellé": rule(c.rule).label, "catégorie": rule(c.rule).category.label,
        "gravité": str(rule(c.rule).severity), "outil": rule(c.rule).tool, "lignes en échec": c.failed_rows,
        "lignes contrôlées": c.checked_rows, "réussi": "oui" if c.passed else "non",
    } for c in outcome.checks])


def write_reports(folder: Path, stem: str, info: SubmissionInfo, outcome: ValidationOutcome) -> tuple[Path, Path]:
    html_path, xlsx_path = folder / f"{stem}.html", folder / f"{stem}.xlsx"
    page = render_html(info, outcome)
    atomic_write(html_path, lambda p: Path(p).write_text(page, encoding="utf-8"))
    write_xlsx(xlsx_path, info, outcome)
    return html_path, xlsx_path
