"""Read a submission file (CSV, XLSX, ODS or XLS, as French offices produce them) into rows of raw cell texts.

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
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from piramig.contract.dictionary import mandatory_codes, match_header

# An XLSX or an ODS is a zip: refuse one that would expand far beyond any real submission before opening it.
MAX_XLSX_EXPANDED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
MIN_MATCHED_HEADERS = 3
CSV_SEPARATORS = (";", "\t", ",")
XLSX_SHEET = "RA_PASS"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK_NAMES = {"xlsx": "classeur XLSX", "ods": "classeur ODS (LibreOffice)", "xls": "classeur Excel 97-2003 (XLS)"}
# Rows are turned into columns this many at a time: a large file never holds a Python list per row.
CHUNK_ROWS = 10_000


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is the one-line reason shown to the coordinator."""


@dataclass
class RawRow:
    line: int
    cells: dict[str, str | None]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class RawTable:
    """The rows read, by column: `lines[i]` is the line of row i, `cells[code][i]` its text in that column
    (None: empty), `extras[i]` (absent: none) the cells it holds outside the contract's columns."""

    format: str
    encoding: str | None
    separator: str | None
    header_line: int
    header_style: str  # codes | libellés | mixte
    columns: list[str]
    unknown_columns: list[str]
    lines: list[int]
    cells: dict[str, np.ndarray]
    extras: dict[int, dict[str, str]]

    @cached_property
    def rows(self) -> list[RawRow]:
        """The same rows one by one."""
        return [RawRow(line, {code: self.cells[code][i] for code in self.columns}, dict(self.extras.get(i, {})))
                for i, line in enumerate(self.lines)]


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
        mimetype, expanded = _zip_contents(data)
        kind = "ods" if mimetype == ODS_MIMETYPE else "xlsx"
        _check_expansion(expanded, kind)
        return _read_with_calamine(data, kind) if kind == "ods" else _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_with_calamine(data, "xls")
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
    # Lines pasted from several sources: each line in UTF-8 if it is, else in the one-byte encoding of the office
    # that wrote the others (Windows-1252, or Mac Roman for Excel for Mac's "CSV (Macintosh)").
    lines = data.splitlines(keepends=True)
    other = b"".join(line for line in lines if not _is_utf8(line))
    encoding = _single_byte_encoding(other)
    decoded = [line.decode("utf-8") if _is_utf8(line) else _decode_single_byte(line, encoding) for line in lines]
    utf8_lines = any(_is_utf8(line) and not line.isascii() for line in lines)
    label = f"mixte (utf-8 et {encoding})" if utf8_lines else encoding
    return "".join(decoded), label


# The letters of French text, and the signs a French office writes beyond ASCII. An upper-case accented letter
# between lower-case ones ("HÙpital") is a misreading, not French.
_FRENCH_LOWER = set("àâäçéèêëîïôöùûüÿœæ")
_FRENCH_UPPER = set("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
_FRENCH_SIGNS = set("«»’‘“”–—…€°\u00a0\u202f")
_SINGLE_BYTE = ("cp1252", "mac_roman")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _french_score(text: str) -> int:
    """How French a decoded text reads: +1 per plausible non-ASCII character, -1 per one a misreading makes."""
    score = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char in _FRENCH_LOWER or char in _FRENCH_SIGNS:
            score += 1
        elif char in _FRENCH_UPPER and not (before.islower() or after.islower()):
            score += 1
        else:
            score -= 1
    return score


def _single_byte_encoding(data: bytes) -> str:
    """Windows-1252 or Mac Roman, whichever reads as French; a file neither reads as French is refused rather
    than loaded with garbled names."""
    if not data or data.isascii():
        return "cp1252"
    scores = {name: _french_score(data.decode(name, errors="replace")) for name in _SINGLE_BYTE}
    best = max(scores, key=scores.get)
    if scores[best] <= 0 or list(scores.values()).count(scores[best]) > 1:
        raise UnreadableFile(
            "encodage des caractères indécidable (ni UTF-8, ni Windows-1252, ni Mac Roman lisibles en français) : "
            "enregistrer le fichier à nouveau en « CSV UTF-8 »"
        )
    return best


def _decode_single_byte(line: bytes, encoding: str) -> str:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined: Latin-1 keeps it, nothing is lost
        return line.decode("latin-1")


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
    # The records are read as they are turned into columns: a 40 MB file is never a list of lists.
    records = _csv_records(text, separator)
    head = list(itertools.islice(records, HEADER_SEARCH_ROWS))
    header_index, _ = _find_header([record for _, record in head])
    header_line, header = head[header_index]
    return _table("csv", encoding, separator, header_line, header,
                  itertools.chain(head[header_index + 1:], records))


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


def _zip_contents(data: bytes) -> tuple[bytes | None, int | None]:
    """An XLSX or ODS archive's type (an OpenDocument file names it in its `mimetype` entry; an XLSX has none) and
    the size it expands to; (None, None) for an archive too damaged to list."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = archive.read("mimetype").strip() if "mimetype" in archive.namelist() else None
            return mimetype, sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None, None


def _check_expansion(expanded: int | None, kind: str) -> None:
    if expanded is None:
        raise UnreadableFile(f"{WORKBOOK_NAMES[kind]} illisible (fichier tronqué ou abîmé)")
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise UnreadableFile(
            f"{WORKBOOK_NAMES[kind]} qui se décompresse en {expanded / 1e6:.0f} Mo (limite "
            f"{MAX_XLSX_EXPANDED_BYTES / 1e6:.0f} Mo) : non lu"
        )


def _choose_sheet(kind: str, sheets: list) -> RawTable:
    """The data sheet: the one named RA_PASS, else the first whose header is recognised. `sheets`: (name, a
    function that reads its records), in the workbook's order."""
    named = [sheet for sheet in sheets if sheet[0] == XLSX_SHEET]
    for _, read in named or sheets:
        records = read()
        header_index, matched = _find_header(records)
        if matched:
            rows = [(i + 1, record) for i, record in enumerate(records) if i > header_index]
            return _table(kind, None, None, header_index + 1, records[header_index], rows)
    names = ", ".join(f"« {name} »" for name, _ in named or sheets) or "aucune"
    raise UnreadableFile(
        f"aucune ligne d'en-tête reconnaissable (codes ou libellés du dictionnaire) dans les "
        f"{HEADER_SEARCH_ROWS} premières lignes {'de la feuille' if len(named or sheets) == 1 else 'des feuilles'} "
        f"{names}"
    )


def _read_xlsx(data: bytes) -> RawTable:
    import openpyxl

    try:
        # data_only: a formula counts for its cached value, as the contract says.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise UnreadableFile(f"classeur XLSX illisible ({type(error).__name__})") from None
    try:
        def reader(sheet):
            return lambda: [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]

        return _choose_sheet("xlsx", [(sheet.title, reader(sheet)) for sheet in workbook.worksheets])
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(f"classeur XLSX illisible ({type(error).__name__})") from None
    finally:
        workbook.close()


def _read_with_calamine(data: bytes, kind: str) -> RawTable:
    """ODS (LibreOffice) and XLS (Excel 97-2003), which openpyxl cannot read; a formula counts for the value
    the office computed, as in an XLSX."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, lambda name=name: [[_cell_text(v) for v in row] for row in
                                           workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)])
                  for name in workbook.sheet_names]
        return _choose_sheet(kind, sheets)
    except UnreadableFile:
        raise
    except Exception as error:  # calamine raises its own errors for a damaged or protected workbook
        raise UnreadableFile(f"{WORKBOOK_NAMES[kind]} illisible ({type(error).__name__}) : l'enregistrer à nouveau "
                             "en XLSX ou en CSV") from None


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
    """`rows`: (line, record) pairs, read as they come."""
    positions: dict[str, int] = {}
    unknown: dict[int, str] = {}
    by_label = by_code = 0
    refusal = None
    for position, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        code = match_header(cell)
        if code is None:
            # Two unknown columns with one header are kept apart: « commentaire », « commentaire (2) ».
            name, same = str(cell).strip(), 1
            while (name if same == 1 else f"{name} ({same})") in unknown.values():
                same += 1
            unknown[position] = name if same == 1 else f"{name} ({same})"
            continue
        if code in positions:
            refusal = refusal or (f"colonne en double : « {code} » en colonnes {_column_letter(positions[code])} et "
                                  f"{_column_letter(position)}")
            continue
        positions[code] = position
        if str(cell).strip().lower() == code:
            by_code += 1
        else:
            by_label += 1
    missing = [code for code in mandatory_codes() if code not in positions]
    if missing and refusal is None:
        refusal = f"colonne(s) obligatoire(s) absente(s) de l'en-tête : {', '.join(missing)}"
    # Every record is read before the header is judged: a malformed CSV is refused for that first.
    lines, columns = _columns(rows)
    if refusal:
        raise UnreadableFile(refusal)
    known = set(positions.values())
    outside = {p: unknown.get(p, f"colonne {_column_letter(p)} sans en-tête") for p in range(len(columns))
               if p not in known and columns[p] is not None}
    extras: dict[int, dict[str, str]] = {}
    for p, name in outside.items():
        # Cells outside the contract's columns are kept aside, never dropped (in the order of their columns).
        for i in np.flatnonzero(columns[p] != None):  # noqa: E711 (elementwise)
            extras.setdefault(int(i), {})[name] = columns[p][i]
    empty = np.full(len(lines), None, dtype=object)
    cells = {code: columns[p] if p < len(columns) and columns[p] is not None else empty
             for code, p in positions.items()}
    style = "codes" if not by_label else "libellés" if not by_code else "mixte"
    # A column with values and no header is reported too, by its letter.
    headerless = sorted({name for extra in extras.values() for name in extra} - set(unknown.values()),
                        key=lambda name: (len(name), name))
    return RawTable(fmt, encoding, separator, header_line, style, list(positions), [*unknown.values(), *headerless],
                    lines, cells, extras)


def _columns(rows) -> tuple[list[int], list[np.ndarray | None]]:
    """The lines of the rows that are not blank, and per position the texts of its cells (stripped, None when
    empty), CHUNK_ROWS rows at a time; a position no row fills is None. Each distinct cell text is stripped once,
    and equal texts share one string."""
    texts: dict[object, str | None] = {None: None}
    lines: list[int] = []
    blocks: list[np.ndarray] = []  # the rows kept, a chunk of them at a time
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        chunk_lines, records = zip(*chunk)
        longest = max(map(len, records))
        if min(map(len, records)) < longest:  # short rows lack their trailing cells
            records = [list(r) + [None] * (longest - len(r)) for r in records]
        cells = np.empty((len(records), longest), dtype=object)
        cells[:] = records
        codes, distinct = pd.factorize(cells.ravel(), use_na_sentinel=True)
        distinct = distinct.tolist()
        for value in set(distinct) - texts.keys():
            texts[value] = str(value).strip() or None
        # The last slot answers the code -1 of a cell that holds nothing at all.
        cells = np.array([*map(texts.__getitem__, distinct), None], dtype=object)[codes].reshape(cells.shape)
        filled = (cells != None).any(axis=1)  # noqa: E711 (elementwise)
        # Blank and trailing empty rows are not rows.
        lines += [line for line, keep in zip(chunk_lines, filled) if keep]
        blocks.append(cells[filled])
    width = max((block.shape[1] for block in blocks), default=0)
    table = np.full((len(lines), width), None, dtype=object)
    done = 0
    for block in blocks:
        table[done:done + len(block), :block.shape[1]] = block
        done += len(block)
    return lines, [table[:, p] if (table[:, p] != None).any() else None for p in range(width)]  # noqa: E711
