"""The reader against files written the way offices write them, and against files it must refuse."""

import io
import zipfile

import openpyxl
import pytest

from piramig.contract.dictionary import fields
from piramig.reading.files import UnreadableFile, read_submission, read_submission_bytes
from piramig.settings import DEMO_DIR

LABELS = {f.code: f.label for f in fields()}
CODES = ["annee", "code_region", "finess_et", "finess_ej", "raison_sociale", "type_pass", "file_active", "etp_medecin",
         "act_mobile"]
ROWS = [
    ["2021", "28", "140000019", "140000019", "Centre hospitalier de Caen", "generaliste", "1 200", "0,35", "oui"],
    ["2021", "28", "140000027", "140000019", "Centre hospitalier de Caen", "psychiatrique", "ND", "", ""],
]


def csv_bytes(header, rows, separator=";", encoding="utf-8", bom=False, title=None) -> bytes:
    lines = ([title] if title else []) + [separator.join(header)] + [separator.join(r) for r in rows]
    return (b"\xef\xbb\xbf" if bom else b"") + "\r\n".join(lines).encode(encoding)


@pytest.mark.parametrize(
    ("separator", "encoding", "bom", "expected_encoding"),
    [(";", "cp1252", False, "cp1252"), (";", "utf-8", True, "utf-8-sig"), ("\t", "utf-8", False, "utf-8"),
     (";", "utf-8", False, "utf-8")],
)
def test_csv_encodings_and_separators(separator, encoding, bom, expected_encoding):
    header = [LABELS[c] for c in CODES]  # accents: they must survive Windows-1252 and UTF-8 alike
    table = read_submission_bytes(csv_bytes(header, ROWS, separator, encoding, bom))
    assert (table.encoding, table.separator, table.header_style) == (expected_encoding, separator, "libellés")
    assert [r.cells["raison_sociale"] for r in table.rows] == ["Centre hospitalier de Caen"] * 2
    assert table.rows[0].cells["file_active"] == "1 200"
    assert [r.line for r in table.rows] == [2, 3]


def test_comma_separated_file_with_decimal_points_and_quoted_cells():
    rows = [[*r[:7], "0.35", r[8]] for r in ROWS]
    rows[0][4] = '"Centre hospitalier de Caen, site nord"'
    table = read_submission_bytes(csv_bytes(CODES, rows, ","))
    assert table.separator == "," and table.header_style == "codes"
    assert table.rows[0].cells["raison_sociale"] == "Centre hospitalier de Caen, site nord"
    assert table.rows[0].cells["etp_medecin"] == "0.35"


def test_title_lines_above_the_header_and_line_numbers():
    table = read_submission_bytes(csv_bytes(CODES, ROWS, title="Rapports d'activité PASS 2021;;;\r\n;;"))
    assert table.header_line == 3
    assert [r.line for r in table.rows] == [4, 5]


def test_unknown_columns_and_cells_without_header_are_kept_aside():
    header = [*CODES, "commentaire du CH"]
    rows = [[*ROWS[0], "à revoir", "débordement"], [*ROWS[1], "", ""]]
    table = read_submission_bytes(csv_bytes(header, rows))
    # The column without a header is reported by its letter, as the unknown one by its header.
    assert table.unknown_columns == ["commentaire du CH", "colonne K sans en-tête"]
    assert table.rows[0].extra == {"commentaire du CH": "à revoir", "colonne K sans en-tête": "débordement"}
    assert table.rows[1].extra == {}


def test_two_unknown_columns_with_one_header_are_kept_apart():
    header = [*CODES, "commentaire", "commentaire"]
    table = read_submission_bytes(csv_bytes(header, [[*ROWS[0], "premier", "second"]]))
    assert table.unknown_columns == ["commentaire", "commentaire (2)"]
    assert table.rows[0].extra == {"commentaire": "premier", "commentaire (2)": "second"}


def test_blank_and_trailing_rows_are_not_rows():
    table = read_submission_bytes(csv_bytes(CODES, [ROWS[0], [""] * len(CODES), ROWS[1], [""] * 3]))
    assert [r.line for r in table.rows] == [2, 4]


def xlsx_bytes(records, sheet="RA_PASS", other_sheet_first=False) -> bytes:
    workbook = openpyxl.Workbook()
    if other_sheet_first:
        workbook.active.title = "Notice"
        workbook.active.append(["annee", "code_region", "finess_et"])  # a decoy that looks like a header
        target = workbook.create_sheet(sheet)
    else:
        target = workbook.active
        target.title = sheet
    for record in records:
        target.append(record)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_title_numbers_booleans_and_the_ra_pass_sheet():
    records = [["Rapports d'activité des PASS - Normandie 2021"], [],
               [LABELS[c] for c in CODES],
               [2021, 28, 140000019, "140000019", "CH de Caen", "Généraliste", 1200, 0.35, True],
               [2021, "28", "140000027", "140000019", "CH de Caen", "psychiatrique", "1 200", None, None],
               [None] * 9]
    table = read_submission_bytes(xlsx_bytes(records, other_sheet_first=True))
    assert table.format == "xlsx" and table.header_line == 3 and table.header_style == "libellés"
    first, second = table.rows
    assert (first.line, second.line) == (4, 5)
    assert first.cells["annee"] == "2021" and first.cells["code_region"] == "28"
    # A number the workbook stores reads with the decimal comma: 1.125 is never taken for thousands.
    assert first.cells["etp_medecin"] == "0,35" and first.cells["act_mobile"] == "vrai"
    assert second.cells["file_active"] == "1 200" and second.cells["etp_medecin"] is None


def test_xlsx_formula_counts_for_its_cached_value(tmp_path):
    # openpyxl cannot compute formulas: write the cached value into the sheet XML as Excel would.
    data = xlsx_bytes([CODES, [*ROWS[0][:6], 0, "0,35", "oui"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet_xml = source.read("xl/worksheets/sheet1.xml").decode()
    sheet_xml = sheet_xml.replace('<c r="G2" t="n"><v>0</v></c>', '<c r="G2"><f>1000+200</f><v>1200</v></c>')
    assert "<f>1000+200</f>" in sheet_xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    table = read_submission_bytes(buffer.getvalue())
    assert table.rows[0].cells["file_active"] == "1200"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "vide"), (b"   \r\n", "vide"), (b"\x00\x01\x02binary\x00junk", "binaire"),
     (b"nom;prenom\r\nDupont;Jean\r\n", "en-tête reconnaissable"),
     (b"PK\x03\x04 truncated zip", "XLSX illisible"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "97-2003"),
     (b"annee;code_region;finess_et;finess_ej;type_pass\r\n2021;28;1;1;generaliste", "raison_sociale"),
     ("annee;code_region;finess_et;finess_ej;raison_sociale;type_pass;file_active;Année d'activité\r\n".encode(),
      "colonne en double")],
)
def test_unreadable_files_get_a_one_line_french_reason(data, reason):
    with pytest.raises(UnreadableFile, match=reason) as error:
        read_submission_bytes(data)
    assert "\n" not in str(error.value)


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path):
    path = tmp_path / "enorme.csv"
    path.write_bytes(csv_bytes(CODES, ROWS * 50))
    with pytest.raises(UnreadableFile, match="trop volumineux"):
        read_submission(path, max_bytes=1000)


def _demo_csv_texts() -> list[tuple[str, str]]:
    """(name, text) of the demo's CSV files, decoded as their office wrote them."""
    texts = []
    for path in sorted(DEMO_DIR.glob("ra_pass_*.csv")):
        table = read_submission_bytes(path.read_bytes())
        encoding = "utf-8-sig" if table.encoding == "utf-8-sig" else table.encoding
        texts.append((path.name, path.read_bytes().decode(encoding)))
    return texts


def test_every_demo_csv_keeps_its_encoding():
    encodings = {read_submission_bytes(p.read_bytes()).encoding for p in DEMO_DIR.glob("ra_pass_*.csv")}
    assert "cp1252" in encodings and not any("mac" in e for e in encodings)


def test_a_mac_roman_csv_reads_as_its_windows_and_utf8_twins():
    """Excel for Mac's « CSV (Macintosh) »: French labels as headers and names with accents, never garbled."""
    labelled = [(n, t) for n, t in _demo_csv_texts() if "Année" in t or "ANNÉE" in t]
    name, text = max(labelled, key=lambda item: sum(not c.isascii() for c in item[1]))
    tables = {encoding: read_submission_bytes(text.encode(encoding)) for encoding in ("mac_roman", "cp1252", "utf-8")}
    assert tables["mac_roman"].encoding == "mac_roman", name
    rows = {encoding: [r.cells for r in table.rows] for encoding, table in tables.items()}
    assert rows["mac_roman"] == rows["cp1252"] == rows["utf-8"]
    assert any(not (cells["raison_sociale"] or "").isascii() for cells in rows["mac_roman"])


def test_a_csv_no_encoding_reads_as_french_is_refused_with_advice():
    header = ";".join(CODES).encode()
    row = ";".join(["2021", "28", "140000019", "140000019", "CH \xa4\xa5\xa6 \xb1\xb2", "generaliste", "1", "1",
                    "oui"]).encode("latin-1")
    with pytest.raises(UnreadableFile, match="UTF-8"):
        read_submission_bytes(header + b"\r\n" + row + b"\r\n")
