"""python -m tools.demo [directory]: write the demo PIRAMIG submissions (default seeds/demo/)."""

from __future__ import annotations

import csv
import datetime
import io
import sys
from pathlib import Path

from piramig.settings import REFERENCE_DIR, SEEDS_DIR
from tools.demo.allocation import rng
from tools.demo.campaign import Campaign, build_campaign
from tools.demo.flaws import FLAWED_REGION, flawed_rows, word_file_active_pass
from tools.demo.office_files import (
    OFFICE_STYLES,
    YEAR_CHANGES,
    file_name,
    first_data_line,
    format_cell,
    office_style,
    write_file,
)
from tools.demo.targets import TARGET_YEAR, YEARS

DEFAULT_DIRECTORY = SEEDS_DIR / "demo"
SUBMISSIONS_FILE = "envois.csv"
FLAWS_FILE = "anomalies_attendues.csv"
CLOSINGS_FILE = "clotures.csv"
# The PASS opened and closed between the demo's years, as the DGOS declares them: a reference list (dbt seed).
MOVEMENTS_FILE = "pass_mouvements.csv"
README_FILE = "README.md"
# When the DGOS closed each demo campaign, after its last file: 2021 on the day of the webinar that published it.
CLOSED_ON = {2019: datetime.datetime(2020, 9, 30, 12), 2020: datetime.datetime(2021, 9, 30, 12),
             2021: datetime.datetime(2023, 5, 26, 12)}
# Days after the first Normandie 2021 file that its correction arrives.
CORRECTION_DELAY = datetime.timedelta(days=16, hours=2, minutes=17)


def _received_at(year: int, region: str) -> datetime.datetime:
    """A reception date during the next year's campaign (February to April), office hours."""
    generator = rng("received", year, region)
    start = datetime.datetime(year + 1, 2, 1, 8, 30)
    return start + datetime.timedelta(days=generator.randrange(85), hours=generator.randrange(9),
                                      minutes=generator.randrange(60))


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_demo(directory: Path = DEFAULT_DIRECTORY, campaign: Campaign | None = None,
               reference_directory: Path = REFERENCE_DIR) -> list[Path]:
    campaign = campaign or build_campaign()
    directory.mkdir(parents=True, exist_ok=True)
    listed = (SUBMISSIONS_FILE, FLAWS_FILE, CLOSINGS_FILE, README_FILE)
    for old in [*directory.glob("ra_pass_*"), *(directory / n for n in listed)]:
        old.unlink(missing_ok=True)
    written: list[Path] = []
    submissions: list[tuple[datetime.datetime, str, str]] = []
    for year in YEARS:
        for region in campaign.targets.regions:
            rows = campaign.rows[year][region.code]
            style = office_style(region.code, year)
            title = f"Rapport d'activité des PASS – {region.name} – année {year}"
            received = _received_at(year, region.code)
            description = f"Rapport d'activité {year} des PASS de la région {region.name} ({len(rows)} PASS)"
            if year == TARGET_YEAR and region.code == FLAWED_REGION:
                written += _write_flawed_pair(directory, campaign, region, rows, style, title, received, submissions)
                continue
            name = file_name(year, region.code, region.slug, style)
            written.append(write_file(directory, name, rows, style, title))
            submissions.append((received, name, description))
    submissions.sort()
    _write_csv(directory / SUBMISSIONS_FILE, ["fichier", "recu_le", "description"],
               [[name, when.isoformat(timespec="seconds"), text] for when, name, text in submissions])
    assert all(when < CLOSED_ON[int(name[8:12])] for when, name, _ in submissions), "a file after its closing"
    _write_csv(directory / CLOSINGS_FILE, ["annee", "close_le", "par"],
               [[year, CLOSED_ON[year].isoformat(timespec="seconds"), "DGOS"] for year in YEARS])
    _write_readme(directory / README_FILE, campaign)
    reference_directory.mkdir(parents=True, exist_ok=True)
    _write_csv(reference_directory / MOVEMENTS_FILE, MOVEMENT_COLUMNS, _movements(campaign))
    return written + [directory / n for n in listed] + [reference_directory / MOVEMENTS_FILE]


MOVEMENT_COLUMNS = ["annee", "finess_et", "type_pass", "code_region", "raison_sociale", "mouvement"]


def _movements(campaign: Campaign) -> list[list[object]]:
    """A PASS that reports in a year and not the year before opened that year; one that stops reporting closed."""
    rows = []
    for year in YEARS[1:]:
        for p in sorted(campaign.roster, key=lambda p: (p.region, p.finess_et, p.type_pass)):
            if (year in p.years) != (year - 1 in p.years):
                movement = "ouverture" if year in p.years else "fermeture"
                rows.append([year, p.finess_et, p.type_pass, p.region, p.raison_sociale, movement])
    return rows


def _describe(style) -> str:
    if style.format == "xlsx":
        parts = ["XLSX", f"sheet {style.sheet}" + (" (after a Consignes sheet)" if style.notice_sheet else "")]
        if style.title:
            parts.append("title and blank line above the header")
        if style.text_cells:
            parts.append(f"{style.text_cells} numbers typed as text")
    else:
        separator = {";": "`;`", ",": "`,`", "\t": "tab"}[style.delimiter]
        encoding = {"cp1252": "Windows-1252", "utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8"}[style.encoding]
        parts = [f"CSV {separator}", encoding, "decimal comma" if style.decimal_comma else "decimal point"]
        if style.thousands:
            parts.append("thousands with a " + ("non-breaking space" if style.thousands == "\u00a0" else "space"))
    parts.append({"code": "field codes", "libelle": "French labels", "libelle_upper": "French labels in capitals",
                  "libelle_lower": "French labels in lower case"}[style.header])
    parts.append("/".join(style.yes_no))
    parts.append(f"missing `{style.missing}`" if style.missing else "missing empty")
    if style.column_order != "dictionary":
        parts.append(f"{style.column_order.split('_')[0]} columns first")
    return ", ".join(parts)


def _describe_change(attribute: str, value) -> str:
    if attribute == "missing":
        return f"missing `{value}`" if value else "missing empty"
    if attribute == "title":
        return "title line" if value else "no title line"
    if attribute == "thousands":
        return "thousands with a " + ("non-breaking space" if value == "\u00a0" else "space")
    if attribute == "delimiter":
        return {";": "`;`", ",": "`,`", "\t": "tab"}[value] + " separator"
    if attribute == "yes_no":
        return "/".join(value)
    return f"{attribute} {value}"


def _write_readme(path: Path, campaign: Campaign) -> None:
    lines = [
        "# Demo PIRAMIG submissions",
        "",
        "Written by `python -m tools.demo` (do not edit by hand): made-up activity reports of the PASS for 2019,",
        "2020 and 2021 that reproduce the DGOS webinar figures of seeds/published. The choices are in the docstring",
        "of `tools/demo/__init__.py`.",
        "",
        "- `ra_pass_<year>_<region>_<slug>.csv|xlsx`: one file per region and year, one row per PASS.",
        f"- `ra_pass_{TARGET_YEAR}_{FLAWED_REGION}_normandie.csv` is a flawed first submission, listed in",
        f"  `{FLAWS_FILE}` (physical line, column, rule); `..._correction.csv` replaces it.",
        f"- `{SUBMISSIONS_FILE}`: when each file was received, in order.",
        f"- `{CLOSINGS_FILE}`: when the DGOS closed each campaign (`piramig demo` records these closings).",
        "",
        "| Region | PASS 2019 / 2020 / 2021 | How the office writes its files |",
        "|---|---|---|",
    ]
    for region in campaign.targets.regions:
        counts = " / ".join(str(len(campaign.rows[year][region.code])) for year in YEARS)
        habits = _describe(OFFICE_STYLES[region.code])
        for year in YEARS:
            if (region.code, year) in YEAR_CHANGES:
                changes = YEAR_CHANGES[(region.code, year)].items()
                habits += f"; in {year}: " + ", ".join(_describe_change(k, v) for k, v in changes)
        lines.append(f"| {region.code} {region.name} | {counts} | {habits} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_flawed_pair(directory, campaign, region, rows, style, title, received, submissions) -> list[Path]:
    word_pass = word_file_active_pass(campaign.roster)
    word_finess = word_pass.finess_et
    bad_rows, flaws = flawed_rows(rows, word_finess)
    first_name = file_name(TARGET_YEAR, region.code, region.slug, style)
    correction_name = file_name(TARGET_YEAR, region.code, region.slug, style, "_correction")
    paths = [write_file(directory, first_name, bad_rows, style, title),
             write_file(directory, correction_name, rows, style, title)]
    submissions.append((received, first_name,
                        f"Rapport d'activité {TARGET_YEAR} des PASS de la région {region.name} ({len(rows)} PASS) : "
                        "premier envoi, erreurs relevées par la coordination régionale"))
    submissions.append((received + CORRECTION_DELAY, correction_name,
                        f"Rapport d'activité {TARGET_YEAR} des PASS de la région {region.name} : envoi corrigé, "
                        "remplace le premier envoi"))
    first_line = first_data_line(style)
    _write_csv(directory / FLAWS_FILE, ["fichier", "ligne", "finess_et", "colonne", "regle", "valeur"], [
        [first_name, first_line + flaw.row, format_cell(flaw.finess_et, "finess_et", style), flaw.field, flaw.rule,
         format_cell(bad_rows[flaw.row][flaw.field], flaw.field, style)]
        for flaw in flaws
    ])
    return paths


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    directory = Path(arguments[0]) if arguments else DEFAULT_DIRECTORY
    paths = write_demo(directory)
    print(f"{len(paths)} files written to {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
