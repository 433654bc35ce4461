"""Rows written as the regional offices send them (contract README, "The file").

Each region's office has its habits (format, encoding, separator, decimal mark, thousands separator,
missing marker, header, yes/no words, column order), kept from year to year with a few changes.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
from openpyxl.writer.excel import ExcelWriter

from piramig.contract.dictionary import field_by_code, field_codes, fields

# Fixed dates inside XLSX files, so that the same workbook gives the same bytes.
_XLSX_TIMESTAMP = datetime.datetime(2022, 1, 1)
_ZIP_DATE = (2022, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class OfficeStyle:
    format: str = "csv"  # csv | xlsx
    encoding: str = "utf-8"  # csv: cp1252 | utf-8-sig | utf-8
    delimiter: str = ";"
    decimal_comma: bool = True
    thousands: str = ""  # "", " " or "\u00a0" (numbers of 1 000 and more)
    missing: str = ""  # how an unanswered question is written: "", NA, ND, N/A, -
    header: str = "code"  # code | libelle | libelle_upper | libelle_lower
    yes_no: tuple[str, str] = ("oui", "non")
    column_order: str = "dictionary"  # dictionary | activity_first | team_first
    line_end: str = "\r\n"
    fixed_decimals: bool = False  # FTE as 0,50 rather than 0,5
    title: bool = False  # xlsx: a title line and a blank line above the header
    sheet: str = "RA_PASS"
    notice_sheet: bool = False  # xlsx: an instructions sheet before the data sheet
    text_cells: int = 0  # xlsx: how many numbers are typed as text

    @property
    def extension(self) -> str:
        return self.format


_WINDOWS = OfficeStyle(encoding="cp1252")
_BOM = OfficeStyle(encoding="utf-8-sig")
_INTERNATIONAL = OfficeStyle(encoding="utf-8", delimiter=",", decimal_comma=False, line_end="\n")
_TAB = OfficeStyle(encoding="utf-8", delimiter="\t", line_end="\n")
_XLSX = OfficeStyle(format="xlsx")

OFFICE_STYLES: dict[str, OfficeStyle] = {
    "01": replace(_TAB, header="libelle", missing=""),
    "02": replace(_INTERNATIONAL, header="libelle", yes_no=("vrai", "faux"), missing="N/A"),
    "03": replace(_BOM, header="libelle_lower", yes_no=("Oui", "Non"), missing="ND", thousands=" "),
    "04": replace(_BOM, header="libelle", yes_no=("O", "N"), fixed_decimals=True),
    "11": replace(_XLSX, title=True, header="libelle", yes_no=("Oui", "Non"), text_cells=6),
    "24": replace(_INTERNATIONAL, yes_no=("1", "0"), missing="NA"),
    "27": replace(_BOM, missing="NA"),
    "28": replace(_BOM, yes_no=("oui", "non")),
    "32": replace(_WINDOWS, thousands=" ", yes_no=("O", "N"), column_order="activity_first"),
    "44": replace(_XLSX, sheet="Feuil1", yes_no=("Oui", "Non"), missing="ND"),
    "52": replace(_INTERNATIONAL, yes_no=("vrai", "faux"), column_order="team_first"),
    "53": replace(_XLSX, title=True, notice_sheet=True, header="libelle", yes_no=("Oui", "Non"), text_cells=3),
    "75": replace(_WINDOWS, thousands="\u00a0", header="libelle", yes_no=("Oui", "Non"), missing="ND"),
    "76": replace(_BOM, missing="-", yes_no=("1", "0"), fixed_decimals=True),
    "84": replace(_WINDOWS, thousands="\u00a0", header="libelle", yes_no=("Oui", "Non")),
    "93": replace(_WINDOWS, thousands=" ", header="libelle", missing="NA"),
    "94": replace(_WINDOWS, header="libelle_upper", yes_no=("O", "N"), missing="-"),
}
# What changed in an office's habits one year.
YEAR_CHANGES: dict[tuple[str, int], dict] = {
    ("84", 2019): {"missing": "ND"},
    ("53", 2019): {"title": False},
    ("11", 2019): {"sheet": "Feuil1"},
    ("93", 2021): {"thousands": "\u00a0"},
    ("32", 2020): {"yes_no": ("Oui", "Non")},
    ("24", 2021): {"missing": ""},
    ("27", 2020): {"delimiter": "\t"},
    ("44", 2021): {"title": True},
}

_ACTIVITY_FIRST = ("identification", "activite")
_TEAM_FIRST = ("identification", "equipe")


def office_style(region: str, year: int) -> OfficeStyle:
    return replace(OFFICE_STYLES[region], **YEAR_CHANGES.get((region, year), {}))


def column_order(style: OfficeStyle) -> list[str]:
    codes = field_codes()
    first_blocks = {"activity_first": _ACTIVITY_FIRST, "team_first": _TEAM_FIRST}.get(style.column_order)
    if first_blocks is None:
        return codes
    first = [f.code for block in first_blocks for f in fields() if f.block == block]
    return first + [c for c in codes if c not in first]


def header_cell(code: str, style: OfficeStyle) -> str:
    label = field_by_code()[code].label
    headers = {"code": code, "libelle": label, "libelle_upper": label.upper(), "libelle_lower": label.lower()}
    return headers[style.header]


def _group_thousands(digits: str, separator: str) -> str:
    if not separator or len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    return separator.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def format_number(value: int | float, code: str, style: OfficeStyle) -> str:
    """A number as the office writes it: decimal mark, thousands separator, FTE and euro decimals."""
    mark = "," if style.decimal_comma else "."
    if isinstance(value, int):
        text = _group_thousands(str(abs(value)), style.thousands)
        return f"-{text}" if value < 0 else text
    if code == "montant_interpretariat_eur":
        whole, cents = f"{value:.2f}".split(".")
        return f"{_group_thousands(whole, style.thousands)}{mark}{cents}"
    text = f"{value:.2f}"
    if not style.fixed_decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", mark)


def format_cell(value: object, code: str, style: OfficeStyle) -> str:
    if value is None:
        return style.missing
    if isinstance(value, bool):
        return style.yes_no[0] if value else style.yes_no[1]
    if isinstance(value, (int, float)) and field_by_code()[code].type in ("entier", "decimal"):
        return format_number(value, code, style)
    return str(value)


def csv_bytes(rows: list[dict], style: OfficeStyle) -> bytes:
    columns = column_order(style)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator=style.line_end)
    writer.writerow([header_cell(c, style) for c in columns])
    for row in rows:
        writer.writerow([format_cell(row[c], c, style) for c in columns])
    return buffer.getvalue().encode(style.encoding)


class _FixedDateZip(zipfile.ZipFile):
    """A zip archive whose entries all carry the same date, for reproducible XLSX bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_DATE)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes worksheets through a temporary file: store its content with the fixed date.
        with open(filename, "rb") as handle:
            self.writestr(arcname or Path(filename).name, handle.read(), compress_type, compresslevel)


def _xlsx_cell(value: object, code: str, style: OfficeStyle, as_text: bool):
    if value is None:
        return style.missing or None
    if isinstance(value, bool):
        return style.yes_no[0] if value else style.yes_no[1]
    if as_text and isinstance(value, (int, float)):
        return format_number(value, code, replace(style, thousands=""))
    return value


def text_cell_positions(rows: list[dict], style: OfficeStyle) -> set[tuple[int, str]]:
    """(row index, field code) of the numbers typed as text: file actives and FTE of the first rows."""
    candidates = [(i, code) for i in range(len(rows)) for code in ("file_active", "etp_infirmier", "nb_hommes")
                  if isinstance(rows[i][code], (int, float)) and not isinstance(rows[i][code], bool)]
    step = max(1, len(candidates) // max(style.text_cells, 1))
    return set(candidates[::step][: style.text_cells])


def xlsx_bytes(rows: list[dict], style: OfficeStyle, title: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if style.notice_sheet:
        # The data then sits on the second sheet, found by its name RA_PASS (contract README).
        sheet.title = "Consignes"
        sheet.append(["Saisir une ligne par PASS dans l'onglet RA_PASS ; laisser vide une donnée non disponible."])
        sheet = workbook.create_sheet()
    sheet.title = style.sheet
    if style.title:
        sheet.append([title])
        sheet.append([])
    columns = column_order(style)
    sheet.append([header_cell(c, style) for c in columns])
    as_text = text_cell_positions(rows, style)
    for index, row in enumerate(rows):
        sheet.append([_xlsx_cell(row[c], c, style, (index, c) in as_text) for c in columns])
    workbook.properties.creator = "Coordination régionale PASS"
    workbook.properties.created = workbook.properties.modified = _XLSX_TIMESTAMP
    buffer = io.BytesIO()
    with _FixedDateZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def file_name(year: int, region_code: str, slug: str, style: OfficeStyle, suffix: str = "") -> str:
    return f"ra_pass_{year}_{region_code}_{slug}{suffix}.{style.extension}"


def write_file(directory: Path, name: str, rows: list[dict], style: OfficeStyle, title: str) -> Path:
    path = directory / name
    path.write_bytes(xlsx_bytes(rows, style, title) if style.format == "xlsx" else csv_bytes(rows, style))
    return path


def first_data_line(style: OfficeStyle) -> int:
    """The physical line (1-based) of the first PASS row: after the header, and the title lines if any."""
    return 4 if style.format == "xlsx" and style.title else 2
