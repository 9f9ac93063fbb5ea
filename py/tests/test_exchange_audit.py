"""DHIS2 and IATI files after the security audit (issue #42): what a file
cannot smuggle in or out. The same reproducers run in Rust
(core/tests/exchange.rs) and JavaScript (wasm/tests/exchange.test.js)."""

import xml.etree.ElementTree as ET

import pytest

import chitieu

MAPPING = {"data_elements": [{"uid": "fbfJHSPpUQD", "indicator": "P8.CCG"}],
           "org_units": [{"uid": "ImspTQPwCqd", "area": "VN"}]}

ORG = {"ref": "VN-WU", "type": "22", "name": {"vi": "Hội LHPN Việt Nam", "en": "Viet Nam Women's Union"}}


def activity(**changes):
    base = {"identifier": "VN-WU-P8", "reporting_org": dict(ORG),
            "description": {"vi": "Dự án 8", "en": "Project 8"}, "participating_orgs": [dict(ORG, role="4")]}
    base.update(changes)
    return base


@pytest.mark.parametrize("invalid", ["error", "exclude"])
def test_dhis2_csv_quote_never_closed_is_refused_at_the_quote(invalid):
    # Before: 1 imported, 0 problems, the two later rows inside storedBy.
    csv = ('fbfJHSPpUQD,2020,ImspTQPwCqd,,,5,"admin\n'
           "fbfJHSPpUQD,2021,ImspTQPwCqd,,,6\n"
           "fbfJHSPpUQD,2022,ImspTQPwCqd,,,7\n")
    with pytest.raises(chitieu.ParseError) as caught:
        chitieu.Dataset.from_dhis2(csv, mapping=MAPPING, invalid=invalid)
    error = caught.value
    assert (error.code, error.path, error.line, error.column) == ("csv-format", "csv", 1, 34)
    assert "never closed" in error.message("en")
    assert "không được đóng" in error.message("vi")
    # Closed, the same rows read.
    read = chitieu.Dataset.from_dhis2(csv.replace('"admin', '"admin"'), mapping=MAPPING, invalid=invalid)
    assert (read.imported, read.problems) == (3, [])


def test_dhis2_periods_outside_the_years_are_problems_at_the_dhis2_value():
    values = {"orgUnit": "ImspTQPwCqd", "dataValues": [
        {"dataElement": "fbfJHSPpUQD", "period": "0001", "value": "5"},
        {"dataElement": "fbfJHSPpUQD", "period": "9999W52", "value": "6"},
        {"dataElement": "fbfJHSPpUQD", "period": "2022", "value": "7"}]}
    read = chitieu.Dataset.from_dhis2(values, mapping=MAPPING, invalid="exclude")
    assert read.imported == 1
    assert [(p["code"], p["path"]) for p in read.problems] == [
        ("invalid-period", "$.json.dataValues[0].period"), ("invalid-period", "$.json.dataValues[1].period")]
    assert "`9999W52`" in read.problems[1]["message"]["en"]
    assert "10000-01-02" in read.problems[1]["message"]["en"]
    # What was read works in later operations (before: they all failed at
    # $.observations[0].period, not at the DHIS2 value).
    assert [o["period"] for o in read.data.observations()] == ["2022"]
    read.data.validate(as_of="2023-12-31")
    with pytest.raises(chitieu.InvalidValueError) as caught:
        chitieu.Dataset.from_dhis2("fbfJHSPpUQD,2022,ImspTQPwCqd,,,7\nfbfJHSPpUQD,0001,ImspTQPwCqd,,,5\n", mapping=MAPPING)
    assert (caught.value.code, caught.value.path, caught.value.line) == ("invalid-period", "period", 2)
    assert "1000–9999" in caught.value.message("vi")


def test_dhis2_csv_formula_cells_are_written_safe_and_read_back():
    read = chitieu.Dataset.from_dhis2({"orgUnit": "ImspTQPwCqd", "dataValues": [
        {"dataElement": "fbfJHSPpUQD", "period": "2024", "value": "5", "storedBy": "@SUM(1+1)",
         "lastUpdated": "+cmd|' /C calc'!A0", "comment": '=HYPERLINK("http://evil","x")'},
        {"dataElement": "fbfJHSPpUQD", "period": "2023", "value": "4", "storedBy": "\tadmin", "comment": "-2+3"}]},
        mapping=MAPPING)
    out = read.data.to_dhis2(mapping=MAPPING, format="csv", annotations=read.annotations)
    lines = out.document.splitlines()
    assert lines[1:] == [
        "fbfJHSPpUQD,2024,ImspTQPwCqd,,,5,'@SUM(1+1),'+cmd|' /C calc'!A0,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",",
        "fbfJHSPpUQD,2023,ImspTQPwCqd,,,4,'\tadmin,,'-2+3,"]
    again = chitieu.Dataset.from_dhis2(out.document, mapping=MAPPING)
    assert again.annotations == read.annotations
    assert again.annotations[0]["comment"] == '=HYPERLINK("http://evil","x")'


@pytest.mark.parametrize("changes, path, code, column", [
    ({"description": {"vi": "Dự án 8", "en": "Project 8\ufffe"}}, "$.activity.description.en", "U+FFFE", 10),
    ({"identifier": "\uffff"}, "$.activity.identifier", "U+FFFF", 1),
    ({"reporting_org": dict(ORG, ref="VN-\x01WU")}, "$.activity.reporting_org.ref", "U+0001", 4),
    ({"title": {"vi": "a\x1fb", "en": "ab"}}, "$.activity.title.vi", "U+001F", 2),
])
def test_iati_refuses_characters_xml_cannot_hold(changes, path, code, column):
    with pytest.raises(chitieu.InvalidValueError) as caught:
        chitieu.builtin().to_iati(as_of="2023-12-31", activity=activity(**changes))
    error = caught.value
    assert (error.code, error.path, error.column) == ("invalid-value", path, column)
    assert code in error.message("en") and code in error.message("vi")


def test_iati_writes_every_other_character_as_well_formed_xml():
    title = "a <&> \"q\" 'q' \t\ufffd\U0010ffff😀 ]]>"
    xml = chitieu.builtin().to_iati(as_of="2023-12-31", activity=activity(title={"vi": title, "en": "x"}))
    narrative = ET.fromstring(xml.encode()).find("iati-activity/title/narrative")
    assert narrative.text == title


def test_dhis2_rule_reasons_cut_a_long_uid():
    uid = "a" * 1_000_000
    converted = chitieu.builtin().dhis2_rules([{"id": "R1", "operator": "equal_to",
        "leftSide": {"expression": "#{" + uid + "}"}, "rightSide": {"expression": "1"}}], mapping=MAPPING)
    reason = converted["not_converted"][0]["reason"]
    for text in (reason["vi"], reason["en"]):
        assert len(text) < 1_200
        assert text.endswith("a… (1000000 characters)")
