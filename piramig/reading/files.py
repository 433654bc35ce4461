"""Read a submission file (CSV or XLSX, as French offices produce them) into rows of raw cell texts.

Nothing here judges the values: a row is the text of its cells keyed by field code, with its line number
in the file. What makes a whole file unreadable raises `UnreadableFile` with a one-line French reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from piramig.contract.dictionary import mandatory_codes, match_header

# An XLSX is a zip: refuse one that would expand far beyond any real submission before opening it.
MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
MIN_MATCHED_HEADERS = 3
CSV_SEPARATORS = (";", "\t", ",")
XLSX_SHEET = "RA_PASS"


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is the one-line reason shown to the coordinator."""


@dataclass
class RawRow:
    line: int
    cells: dict[str, str | None]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class RawTable:
    format: str
    encoding: str | None
    separator: str | None
    header_line: int
    header_style: str  # codes | libellés | mixte
    columns: list[str]
    unknown_columns: list[str]
    rows: list[RawRow]


def too_large(size: int, max_bytes: int | None) -> str | None:
    """The reason a file of this size is refused unread, None when it is within the limit (or there is none)."""
    if max_bytes is None or size <= max_bytes:
        return None
    return f"fichier trop volumineux ({size / 1e6:.1f} Mo, limite {max_bytes / 1e6:.0f} Mo) : non lu"


def read_submission(path: Path, max_bytes: int | None = None) -> RawTable:
    """Read a file from disk, refusing it before reading when it is over the size limit (settings'
    max_file_bytes for what users send; none for the project's own files)."""
    reason = too_large(path.stat().st_size, max_bytes)
    if reason:
        raise UnreadableFile(reason)
    return read_submission_bytes(path.read_bytes())


def read_submission_bytes(data: bytes) -> RawTable:
    if not data.strip():
        raise UnreadableFile("fichier vide")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("classeur Excel 97-2003 (.xls) non pris en charge : l'enregistrer en XLSX ou en CSV")
    return _read_csv(data)


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Texte Unicode" export: UTF-16 with its byte order mark.
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile("encodage UTF-16 invalide") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile("fichier binaire : ni CSV ni XLSX")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Lines pasted from several sources: each line in UTF-8 if it is, else in Windows-1252.
    lines = data.splitlines(keepends=True)
    decoded = [_decode_line(line) for line in lines]
    encodings = {encoding for _, encoding in decoded} - {"ascii"}
    label = "cp1252" if encodings == {"cp1252"} else "mixte (utf-8 et cp1252)"
    return "".join(text for text, _ in decoded), label


def _decode_line(line: bytes) -> tuple[str, str]:
    if line.isascii():
        return line.decode("ascii"), "ascii"
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves 5 bytes undefined; Latin-1 maps them, so that no byte is ever lost.
        try:
            return line.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return line.decode("latin-1"), "cp1252"


def _read_csv(data: bytes) -> RawTable:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"encodage UTF-8 invalide (octet {error.start})") from None
    best: tuple[int, str] | None = None
    for separator in CSV_SEPARATORS:
        sample = list(itertools.islice(_csv_records(text, separator), HEADER_SEARCH_ROWS))
        _, matched = _find_header([record for _, record in sample])
        if matched and (best is None or matched > best[0]):
            best = (matched, separator)
    if best is None:
        raise UnreadableFile(
            "aucune ligne d'en-tête reconnaissable (codes ou libellés du dictionnaire) dans les "
            f"{HEADER_SEARCH_ROWS} premières lignes"
        )
    separator = best[1]
    records = list(_csv_records(text, separator))
    header_index, _ = _find_header([record for _, record in records])
    header_line, header = records[header_index]
    return _table("csv", encoding, separator, header_line, header, records[header_index + 1:])


def _csv_records(text: str, separator: str):
    """(first line of the record, cells): a quoted cell may span several lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    previous_end = 0
    try:
        for record in reader:
            yield previous_end + 1, record
            previous_end = reader.line_num
    except csv.Error as error:
        raise UnreadableFile(f"CSV mal formé à la ligne {reader.line_num} : {error}") from None


# ---------------------------------------------------------------- XLSX


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        # A number the workbook stores, written with the French decimal comma: 1.125 is never read as thousands.
        return repr(value).replace(".", ",")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> RawTable:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile("classeur XLSX illisible (fichier tronqué ou abîmé)") from None
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise UnreadableFile(
            f"classeur XLSX qui se décompresse en {expanded / 1e6:.0f} Mo (limite "
            f"{MAX_XLSX_EXPANDED_BYTES / 1e6:.0f} Mo) : non lu"
        )
    try:
        # data_only: a formula counts for its cached value, as the contract says.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise UnreadableFile(f"classeur XLSX illisible ({type(error).__name__})") from None
    try:
        sheet = workbook[XLSX_SHEET] if XLSX_SHEET in workbook.sheetnames else workbook.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:
        raise UnreadableFile(f"classeur XLSX illisible ({type(error).__name__})") from None
    finally:
        workbook.close()
    header_index, matched = _find_header(records)
    if not matched:
        raise UnreadableFile(
            f"aucune ligne d'en-tête reconnaissable (codes ou libellés du dictionnaire) dans les "
            f"{HEADER_SEARCH_ROWS} premières lignes de la feuille « {sheet.title} »"
        )
    rows = [(i + 1, record) for i, record in enumerate(records) if i > header_index]
    return _table("xlsx", None, None, header_index + 1, records[header_index], rows)


# ---------------------------------------------------------------- shared


def _find_header(records: list[list[str | None]]) -> tuple[int, int]:
    """The first of the best-matching rows among the first ones, and how many fields it names."""
    best_index, best_matched = -1, 0
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        matched = len({code for code in map(match_header, record) if code})
        if matched > best_matched:
            best_index, best_matched = index, matched
    if best_matched < MIN_MATCHED_HEADERS:
        return -1, 0
    return best_index, best_matched


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _table(fmt, encoding, separator, header_line, header, rows) -> RawTable:
    positions: dict[str, int] = {}
    unknown: dict[int, str] = {}
    by_label = by_code = 0
    for position, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        code = match_header(cell)
        if code is None:
            unknown[position] = str(cell).strip()
            continue
        if code in positions:
            raise UnreadableFile(
                f"colonne en double : « {code} » en colonnes {_column_letter(positions[code])} et "
                f"{_column_letter(position)}"
            )
        positions[code] = position
        if str(cell).strip().lower() == code:
            by_code += 1
        else:
            by_label += 1
    missing = [code for code in mandatory_codes() if code not in positions]
    if missing:
        raise UnreadableFile(f"colonne(s) obligatoire(s) absente(s) de l'en-tête : {', '.join(missing)}")
    raw_rows = []
    for line, record in rows:
        texts = [None if v is None or not str(v).strip() else str(v).strip() for v in record]
        if not any(texts):
            continue  # blank and trailing empty rows are not rows
        texts += [None] * (len(header) - len(texts))  # short rows lack their trailing cells
        known = set(positions.values())
        raw_rows.append(
            RawRow(
                line=line,
                cells={code: texts[p] for code, p in positions.items()},
                # Cells outside the contract's columns are kept aside, never dropped.
                extra={
                    unknown.get(p, f"colonne {_column_letter(p)} sans en-tête"): value
                    for p, value in enumerate(texts)
                    if value is not None and p not in known
                },
            )
        )
    style = "codes" if not by_label else "libellés" if not by_code else "mixte"
    return RawTable(fmt, encoding, separator, header_line, style, list(positions), list(unknown.values()), raw_rows)
