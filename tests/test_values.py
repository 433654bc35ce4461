import pytest

from piramig.contract.dictionary import is_missing, match_header
from piramig.reading import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [("21 506", 21506), ("21\u00a0506", 21506), ("21\u202f506", 21506), ("12", 12), ("12,0", 12), ("12.0", 12),
     ("0", 0), ("-3", -3), ("1.234,0", 1234), ("2.000", 2000), ("1.990", 1990), ("12.345.678", 12345678),
     ("-1.500", -1500)],
)
def test_integers_as_offices_write_them(text, expected):
    assert values.parse_integer(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("douze", "n'est pas un nombre"), ("12,5", "nombre décimal"), ("01/03/2021", "date"), ("2021-03-01", "date"),
     ("12 patients", "n'est pas un nombre")],
)
def test_integer_errors_say_what_is_wrong_in_french(text, message):
    with pytest.raises(values.CellError, match=message):
        values.parse_integer(text)


@pytest.mark.parametrize(("text", "expected"), [("0,35", 0.35), ("0.35", 0.35), ("1 234,5", 1234.5), ("2", 2.0),
                                               ("1.234.567", 1234567.0), ("0.125", 0.125), ("1.25", 1.25)])
def test_decimals_with_comma_or_point(text, expected):
    assert values.parse_decimal(text) == pytest.approx(expected)


def test_a_decimal_with_one_point_keeps_the_contracts_decimal_point():
    # Contract version 1 allows the decimal point: a file that follows it must be read as it always was.
    assert values.parse_decimal("1.990") == pytest.approx(1.99)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("oui", True), ("Non", False), ("O", True), ("n", False), ("yes", True), ("NO", False), ("1", True),
     ("0", False), ("vrai", True), ("Faux", False), ("x", True)],
)
def test_oui_non_values_of_the_contract(text, expected):
    assert values.parse_oui_non(text) is expected


def test_oui_non_rejects_other_words():
    with pytest.raises(values.CellError, match="oui/non"):
        values.parse_oui_non("peut-être")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("generaliste", "generaliste"), ("Généraliste", "generaliste"), ("PASS généraliste", "generaliste"),
     ("PASS exclusivement psychiatrique", "psychiatrique"), ("bucco-dentaire", "bucco_dentaire"),
     ("Buccodentaire", "bucco_dentaire"), ("OPHTALMOLOGIQUE", "ophtalmologique")],
)
def test_type_pass_by_code_or_label(text, expected):
    assert values.parse_type_pass(text) == expected


def test_unknown_type_pass():
    with pytest.raises(values.CellError, match="type de PASS"):
        values.parse_type_pass("pédiatrique")


def test_identifiers_recover_leading_zeros_lost_by_spreadsheets():
    assert values.parse_code_region("1") == "01"
    assert values.parse_code_region("84") == "84"
    assert values.parse_finess("10000024") == "010000024"
    assert values.parse_finess("2a0000013") == "2A0000013"


@pytest.mark.parametrize("cell", [None, "", "  ", "NA", "n/a", "ND", "-", float("nan")])
def test_missing_markers(cell):
    assert is_missing(cell)


@pytest.mark.parametrize("cell", ["0", "non", "x"])
def test_zero_and_no_are_answers(cell):
    assert not is_missing(cell)


@pytest.mark.parametrize(
    ("header", "code"),
    [("file_active", "file_active"), ("FILE ACTIVE", "file_active"),
     ("File active (patients vus au moins une fois dans l'année)", "file_active"),
     ("  file active (patients vus au moins une fois dans l annee) ", "file_active"),
     ("N° FINESS de l'établissement géographique", "finess_et"), ("colonne perso", None)],
)
def test_headers_match_code_or_label_whatever_case_accents_and_punctuation(header, code):
    assert match_header(header) == code
