"""Files as LibreOffice saves them (tests/fixtures/office, made by `make office-fixtures` with LibreOffice itself
from two demo files): ODS, XLS, XLSX and CSV in UTF-8 and Windows-1252 give the same accepted rows and values as
their sources, and the data sheet is found by its header when it is neither first nor named RA_PASS."""

from pathlib import Path

import pandas as pd
import pytest

from piramig.reading.files import read_submission
from piramig.reading.routing import raw_frame
from piramig.settings import DEMO_DIR
from piramig.validation.coercion import coerce

FIXTURES = Path(__file__).parent / "fixtures" / "office"
FIXTURE_FILES = sorted(FIXTURES.iterdir())


def typed_rows(path: Path) -> tuple[str, pd.DataFrame, set]:
    table = read_submission(path)
    typed, anomalies = coerce(raw_frame([(row, None) for row in table.rows]).assign(submission_id="envoi"))
    return table.format, typed.drop(columns=["ligne"]).reset_index(drop=True), {(a.rule, a.column) for a in anomalies}


def test_every_format_libreoffice_saves_is_there():
    assert {p.name.split(".libreoffice.")[1] for p in FIXTURE_FILES} == {"ods", "xls", "xlsx", "utf8.csv",
                                                                        "cp1252.csv"}


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_a_file_saved_by_libreoffice_reads_as_its_source(fixture):
    source = DEMO_DIR / (fixture.name.split(".")[0] + ".xlsx")
    kind, rows, anomalies = typed_rows(fixture)
    _, expected_rows, expected_anomalies = typed_rows(source)
    assert kind == fixture.suffix.removeprefix(".")
    assert len(rows) == len(expected_rows) > 10
    pd.testing.assert_frame_equal(rows, expected_rows, check_dtype=False)
    assert anomalies == expected_anomalies
    # Names with accents survive every encoding.
    assert rows["raison_sociale"].str.contains("[éèô]", regex=True).any()
