"""The Python API over real data: the article's figures, pandas in and
out, CSV in both number formats, polars, HTML, plots."""

import datetime
from fractions import Fraction

import pandas as pd
import pytest

import chitieu


@pytest.fixture(scope="module")
def report():
    return chitieu.builtin().progress(as_of=datetime.date(2023, 12, 31))


def test_article_figures_are_exact(report):
    ccg = report["P8.CCG"]
    assert (ccg.achieved, ccg.target, ccg.remaining) == (7623, 9000, 1377)
    assert ccg.percent == Fraction("84.7")
    assert ccg.display["percent"] == "84,7%"
    assert report["P8.LEADERS"].percent == Fraction(566, 9)
    assert report["P8.TRUSTED"].status == "exceeded"
    assert report["P8.TRUSTED"].exceeded_by == Fraction("46.2")
    assert [r.next_year_target for r in report if r.code in ("P8.CCG", "P8.LIVELIHOOD", "P8.LEADERS")] == [1377, 316, 668]


def test_english_labels():
    en = chitieu.builtin().progress(as_of="2023-12-31", lang="en")
    assert en["P8.CCG"].display["achieved"] == "7,623"
    assert en["P8.CCG"].name == "Community communication groups established and maintained"


def test_to_pandas_and_dicts(report):
    frame = report.to_pandas()
    assert frame.loc["P8.GE_TRAINING", "remaining"] == 367
    assert frame.loc["P8.CCG", "percent"] == pytest.approx(84.7)
    dicts = report.to_dicts()
    assert dicts[0]["percent"] == Fraction("84.7")


def test_repr_and_html(report):
    assert "7 indicators" in repr(report)
    html = report._repr_html_()
    assert html.count("<tr data-code=") == len(report)
    assert "84,7%" in html and "width:84.7%" in html


def test_findings_of_the_sample_report():
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31", lang="en")
    assert len(findings) == 10
    legal = [f for f in findings if f.rule == "legal.savings-and-loan"][0]
    assert legal.legal_basis[0]["document"] == "32/2024/QH15"
    assert "Art. 15.2" in legal.message
    assert "Điều 15 khoản 2" in legal.message_vi
    frame = findings.to_pandas()
    assert list(frame["severity"]).count("error") == 7
    assert "background:#c62828" in findings._repr_html_()


def test_validate_options_pass_through():
    data = chitieu.builtin("sample-province")
    quiet = data.validate(as_of="2024-12-31", disabled=["legal.savings-and-loan"], severity={"value.negative": "info"})
    assert all(f.rule != "legal.savings-and-loan" for f in quiet)
    assert [f.severity for f in quiet if f.rule == "value.negative"] == ["info"]


def frame():
    return pd.DataFrame(
        {
            "indicator": ["P8.CCG", "P8.CCG", "P8.CCG", "P8.CCG"],
            "area": ["VN", "P1", "P2", "P1"],
            "period": ["2023", "2023", "2023", "2022"],
            "value": [7623, 4000, 3623, 3000],
        }
    )


AREAS = [
    {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
    {"code": "P1", "name": {"vi": "Tỉnh Một", "en": "One"}, "level": "province", "parent": "VN"},
    {"code": "P2", "name": {"vi": "Tỉnh Hai", "en": "Two"}, "level": "province", "parent": "VN"},
]


def test_from_pandas_progress_and_validation():
    data = chitieu.Dataset.from_pandas(frame(), framework="project8", areas=AREAS)
    assert len(data) == 4
    report = data.progress(as_of="2023-12-31")
    assert report["P8.CCG"].percent == Fraction("84.7")
    assert data.progress(as_of="2023-12-31", area="P1")["P8.CCG"].achieved == 4000
    assert len(data.validate(as_of="2023-12-31")) == 0


def test_from_pandas_float_and_nullable_columns():
    f = frame()
    f["value"] = f["value"].astype("float64")
    assert chitieu.Dataset.from_pandas(f, areas=AREAS).observations()[0]["value"] == 7623
    f["value"] = pd.array([7623, None, 3623, 3000], dtype="Int64")
    data = chitieu.Dataset.from_pandas(f, areas=AREAS)
    assert "value" not in data.observations()[1]


def test_from_polars():
    pl = pytest.importorskip("polars")
    data = chitieu.Dataset.from_polars(pl.from_pandas(frame()), areas=AREAS)
    assert data.progress(as_of="2023-12-31")["P8.CCG"].achieved == 7623


@pytest.mark.parametrize(
    "number_format,text,value",
    [("vi", "P8.CCG,VN,2023,7.623\n", 7623), ("en", "P8.CCG,VN,2023,\"7,623\"\n", 7623)],
)
def test_from_csv_number_formats(tmp_path, number_format, text, value):
    path = tmp_path / "report.csv"
    path.write_text("indicator,area,period,value\n" + text, encoding="utf-8")
    data = chitieu.Dataset.from_csv(path, number_format=number_format)
    assert data.observations()[0]["value"] == value


def test_allocate():
    allocation = chitieu.allocate(10, {"A": 1, "B": 1, "C": 1})
    assert allocation.shares == {"A": 4, "B": 3, "C": 3}
    assert allocation.ties == ["A", "B", "C"]
    assert allocation.quotas["A"] == Fraction(10, 3)
    # A is capped; B and C (equal weights) share the rest equally, B's floor
    # of 10 does not bind.
    assert chitieu.allocate(100, {"A": 98, "B": 1, "C": 1}, floors={"B": 10}, caps={"A": 60}).shares == {"A": 60, "B": 20, "C": 20}
    assert chitieu.allocate(100, {"A": 98, "B": 1, "C": 1}, floors={"B": 25}, caps={"A": 60}).shares == {"A": 60, "B": 25, "C": 15}


def test_evaluate_accepts_dicts_and_text():
    request = {"version": 1, "op": "period", "period": "2024Q3", "within": "2021-2025", "as_of": datetime.date(2023, 12, 31)}
    assert chitieu.evaluate(request)["result"]["remaining"] == 8
    import json

    assert chitieu.evaluate(json.dumps({**request, "as_of": "2023-12-31"}))["result"]["elapsed"] == 12


def test_rule_catalogue():
    ids = [r["id"] for r in chitieu.rules()]
    assert len(ids) == 26 and "legal.savings-and-loan" in ids


def test_plot(report):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    fig = report.plot()
    assert len(fig.axes) == 2
    assert len(fig.axes[0].patches) == 6  # six top-level indicators with a percent


def test_plot_without_matplotlib(report, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        report.plot()


def test_areas_over_time():
    assert chitieu.resolve_area("24", as_of="2025-06-30")["name"]["vi"] == "Bắc Giang"
    assert chitieu.resolve_area("24", as_of=datetime.date(2025, 7, 1))["name"]["vi"] == "Bắc Ninh"
    with pytest.raises(chitieu.AmbiguousError) as info:
        chitieu.resolve_area("24")
    assert "Bắc Giang" in info.value.message_vi and "Bắc Ninh" in info.value.message_vi
    assert chitieu.resolve_area("Tỉnh Hà Giang")["code"] == "02"
    old = [
        {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
        {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
        {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"},
        {"code": "99", "name": {"vi": "Tỉnh Thử", "en": "Test"}, "level": "province", "parent": "VN"},
    ]
    frame = pd.DataFrame({"indicator": ["P8.CCG"] * 3, "area": ["02", "08", "99"], "period": ["2023"] * 3, "value": [300, 250, 7]})
    rebased = chitieu.Dataset.from_pandas(frame, areas=old).rebase()
    assert [o["value"] for o in rebased.data.observations()] == [550]
    assert rebased.merged_observations == 1
    assert {u["kind"] for u in rebased.to_dicts()} == {"area", "observation"}
    assert rebased.data.progress(as_of="2023-12-31", area="08")["P8.CCG"].achieved == 550


def test_many_areas_at_once():
    references = [
        "24",
        {"reference": "24", "as_of": datetime.date(2025, 7, 1)},
        "Tỉnh Hà Giang",
        "Atlantis",
        {"reference": "24", "scheme": "vn-1975"},
    ]
    answers = chitieu.resolve_areas(references, as_of="2025-06-30")
    assert [(a["scheme"], a["code"], a["name"]["vi"]) for a in answers[:3]] == [
        ("vn-2004", "24", "Bắc Giang"),
        ("vn-2025", "24", "Bắc Ninh"),
        ("vn-2004", "02", "Hà Giang"),
    ]
    # A reference that does not resolve is answered by its error, at its index.
    assert [(a["error"]["code"], a["error"]["path"]) for a in answers[3:]] == [
        ("unknown-code", "$.queries[3].reference"),
        ("unknown-code", "$.queries[4].scheme"),
    ]
    assert "tại $.queries[3].reference" in answers[3]["error"]["message"]["vi"]
    # Each answer is what resolve_area gives for that reference.
    assert answers[0] == chitieu.resolve_area("24", as_of="2025-06-30")
    assert answers[1] == chitieu.resolve_area("24", as_of="2025-07-01")
    assert chitieu.resolve_areas([]) == []
    # What is wrong with the call itself raises, naming its place.
    with pytest.raises(chitieu.UnknownCodeError) as info:
        chitieu.resolve_areas(["24"], scheme="vn-1975")
    assert info.value.path == "$.scheme"
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.resolve_areas([{"reference": "24", "asof": "2025-07-01"}])
    assert (info.value.code, info.value.path) == ("unknown-field", "$.queries[0].asof")
    with pytest.raises(chitieu.WrongTypeError) as info:
        chitieu.resolve_areas([24])  # type: ignore[list-item]
    assert info.value.path == "$.queries[0]"


def test_many_communes_at_once_answer_as_one_at_a_time():
    references = ["00001", "Phúc Xá, Ba Đình", "Lũng Cú", "Việt Lâm, Vị Xuyên", "Xã Hà Giang"]
    answers = chitieu.resolve_areas(references, as_of="2025-06-30")
    assert [a.get("code") for a in answers[:4]] == ["00001", "00001", "00715", "00967"]
    for reference, answer in zip(references[:4], answers):
        assert answer == chitieu.resolve_area(reference, as_of="2025-06-30")
    # Two communes were called Hà Giang: the answer is the error naming both.
    assert answers[4]["error"]["code"] == "ambiguous"
    assert "Huyện Đông Hưng, Thái Bình" in answers[4]["error"]["message"]["en"]
    after = chitieu.resolve_areas(["Việt Lâm, Vị Xuyên"], as_of="2025-07-01")[0]
    assert [p["code"] for p in after["parts"]] == ["00967", "00913"]


def test_biproportional_cell_that_must_be_empty():
    # Row 1 can only fill column 1, so row 2 must take column 2: once
    # refused as infeasible though [[1, 0], [0, 1]] meets both margins.
    table = chitieu.biproportional({"R1": 1, "R2": 1}, {"C1": 1, "C2": 1}, [[1, 0], [1, 1]])
    assert table["values"] == [[1, 0], [0, 1]]
    with pytest.raises(chitieu.InfeasibleAllocationError) as info:
        chitieu.biproportional({"R1": 2, "R2": 0}, {"C1": 1, "C2": 1}, [[1, 0], [1, 1]])
    assert info.value.path == "$.weights"


def test_communes_over_time():
    # Lũng Cú, Má Lé and Lũng Táo (Huyện Đồng Văn) merged into the new Xã
    # Lũng Cú; Việt Lâm (Huyện Vị Xuyên) was divided between the new Việt
    # Lâm (92.66 km²) and Vị Xuyên (80.44 km²).
    assert chitieu.resolve_area("Lũng Cú", as_of="2025-06-30")["within"]["vi"] == "Huyện Đồng Văn, Hà Giang"
    viet_lam = chitieu.resolve_area("Việt Lâm, Vị Xuyên", as_of="2025-07-01")
    assert [(p["code"], p["weight"]) for p in viet_lam["parts"]] == [("00967", "4633/8655"), ("00913", "4022/8655")]
    area = lambda code, name, level, parent: {"code": code, "name": {"vi": name, "en": name}, "level": level, "parent": parent}
    areas = [
        {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
        area("02", "Hà Giang", "province", "VN"),
        area("026", "Huyện Đồng Văn", "district", "02"),
        area("00715", "Xã Lũng Cú", "commune", "026"),
        area("00718", "Xã Má Lé", "commune", "026"),
        area("00724", "Xã Lũng Táo", "commune", "026"),
        area("030", "Huyện Vị Xuyên", "district", "02"),
        area("00967", "Xã Việt Lâm", "commune", "030"),
        area("00967-T1", "Thôn Nặm Ngần", "village", "00967"),
    ]
    frame = pd.DataFrame({"indicator": ["P8.CCG"] * 5, "area": ["00715", "00718", "00724", "00967", "00967-T1"],
                          "period": ["2024"] * 5, "value": [3, 2, 4, 10, 1]})
    data = chitieu.Dataset.from_pandas(frame, areas=areas)
    values = lambda rebased: [(o["area"], o["value"]) for o in rebased.data.observations()]
    # By surface: 10 × 0.5353 = 5.35 and 10 × 0.4647 = 4.65 → 5 + 4 and the one left to 0.65.
    by_surface = data.rebase()
    assert values(by_surface) == [("00715", 9), ("00967", 5), ("00913", 5)]
    assert {(u["kind"], u["area"]) for u in by_surface.to_dicts()} == {
        ("area", "026"), ("area", "030"), ("area", "00967-T1"), ("observation", "00967-T1")}
    primary = data.rebase(divided="primary")
    assert values(primary) == [("00967-T1", 1), ("00715", 9), ("00967", 10)]
    mine = data.rebase(weights=[{"from": "00967", "to": "00913"}, {"from": "00967-T1", "to": "00913"}])
    assert values(mine) == [("00967-T1", 1), ("00715", 9), ("00913", 10)]
    with pytest.raises(chitieu.ChitieuError) as info:
        data.rebase(divided="halves")
    assert info.value.path == "$.crosswalk.divided"


def test_dirty_data_one_call_per_step():
    # A national file as it comes: a typo in an area code, a key reported
    # twice, a negative count. Strict by default; invalid="exclude" computes
    # on what is valid and says what it left out.
    csv = (
        "indicator,area,period,value\n"
        "P8.CCG,VN,2023,7623\n"
        "P8.CCG,VNN,2023,7623\n"
        "P8.CCG,VN,2023,7000\n"
        "P8.LEADERS,VN,2023,-5\n"
        "P8.LEADERS,VN,2022,1132\n"
    )
    data = chitieu.Dataset.from_csv_text(csv, number_format="en")
    with pytest.raises(chitieu.UnknownCodeError) as e:
        data.rollup(as_of="2023-12-31")
    assert e.value.path == "$.observations[1].area"
    findings = data.validate(as_of="2023-12-31")
    assert {"reporting.unknown-area", "reporting.duplicate", "value.negative"} <= {f.rule for f in findings}

    rolled = data.rollup(as_of="2023-12-31", invalid="exclude")
    values = {i["indicator"]: i["rows"][0]["value"] for i in rolled["indicators"] if i["rows"]}
    assert values["P8.CCG"] == 7623 and values["P8.LEADERS"] == 1132
    excluded = rolled["excluded"]
    assert excluded["total"] == 3
    assert excluded["by_reason"]["unknown-area"]["first"] == ["$.observations[1]"]
    assert excluded["by_reason"]["duplicate"]["first"] == ["$.observations[2]"]
    assert excluded["by_reason"]["negative"]["first"] == ["$.observations[3]"]

    report = data.progress(as_of="2023-12-31", invalid="exclude")
    assert report["P8.CCG"].display["percent"] == "84,7%"
    assert report.excluded is not None and report.excluded["total"] == 3
    assert data.scores(as_of="2023-12-31", invalid="exclude")["excluded"]["total"] == 3
    assert chitieu.builtin().progress(as_of="2023-12-31").excluded is None
    with pytest.raises(chitieu.InvalidValueError) as e:
        data.rollup(as_of="2023-12-31", invalid="skip")
    assert e.value.path == "invalid"


DHIS2_MAPPING = {
    "data_elements": [
        {"uid": "DUSpd8Jq3M7", "category_option_combo": {"uid": "Prlt0C1RF0s"}, "indicator": "P8.CCG", "disaggregation": {"session": "fixed"}},
        {"uid": "DUSpd8Jq3M7", "category_option_combo": {"uid": "V6L425pT3A0"}, "indicator": "P8.CCG", "disaggregation": {"session": "outreach"}},
        {"uid": "ccgTotal001", "indicator": "P8.CCG"},
    ],
    "org_units": [{"uid": "gP6hn503KUX", "area": "VN"}],
}


def test_dhis2_csv_read_written_back_and_read_again():
    # The Web API guide's CSV rows, on the Project 8 framework.
    csv = ('"dataelement","period","orgunit","catoptcombo","attroptcombo","value","storedby","timestamp"\n'
           '"DUSpd8Jq3M7","201202","gP6hn503KUX","Prlt0C1RF0s",,"7","bombali","2010-04-17"\n'
           '"DUSpd8Jq3M7","201202","gP6hn503KUX","V6L425pT3A0",,"10","bombali","2010-04-17"\n'
           '"ccgTotal001","2012","gP6hn503KUX",,,"17",,,"tổng năm",true\n')
    read = chitieu.Dataset.from_dhis2(csv, mapping=DHIS2_MAPPING)
    assert (read.imported, read.deleted, read.problems) == (3, 0, [])
    assert [(o["period"], o.get("disaggregation"), o["value"]) for o in read.data.observations()] == [
        ("201202", {"session": "fixed"}, 7), ("201202", {"session": "outreach"}, 10), ("2012", None, 17)]
    assert read.annotations[2] == {"observation": 2, "part": "value", "comment": "tổng năm", "followup": True}
    out = read.data.to_dhis2(mapping=DHIS2_MAPPING, format="csv", annotations=read.annotations)
    assert out.values == 3
    assert out.document.splitlines()[3] == "ccgTotal001,2012,gP6hn503KUX,,,17,,,tổng năm,true"
    again = chitieu.Dataset.from_dhis2(out.document, mapping=DHIS2_MAPPING)
    assert again.data.observations() == read.data.observations()
    assert again.annotations == read.annotations
    # JSON: the document is a dict, and reads back the same.
    document = read.data.to_dhis2(mapping=DHIS2_MAPPING).document
    assert chitieu.Dataset.from_dhis2(document, mapping=DHIS2_MAPPING).data.observations() == read.data.observations()


def test_dhis2_problems_have_positions():
    bad = {"orgUnit": "gP6hn503KUX", "dataValues": [
        {"dataElement": "ccgTotal001", "period": "2024WedW5", "value": "1"},
        {"dataElement": "ccgTotal001", "period": "2024", "value": "một"},
        {"dataElement": "ccgTotal001", "period": "2023", "value": "5"}]}
    with pytest.raises(chitieu.InvalidValueError) as caught:
        chitieu.Dataset.from_dhis2(bad, mapping=DHIS2_MAPPING)
    assert (caught.value.code, caught.value.path) == ("invalid-period", "$.json.dataValues[0].period")
    assert "WeeklyWednesday" in caught.value.message("en")
    read = chitieu.Dataset.from_dhis2(bad, mapping=DHIS2_MAPPING, invalid="exclude")
    assert [(p["code"], p["path"]) for p in read.problems] == [
        ("invalid-period", "$.json.dataValues[0].period"), ("invalid-number", "$.json.dataValues[1].value")]
    assert read.imported == 1
    with pytest.raises(chitieu.UnknownCodeError) as caught:
        chitieu.Dataset.from_dhis2(bad, mapping={"data_elements": [{"uid": "x", "indicator": "P8.NOPE"}], "org_units": []})
    assert caught.value.path == "$.mapping.data_elements[0].indicator"


def test_dhis2_rules_convert_and_fire():
    rules = {"validationRules": [
        {"id": "fixedLeTot", "operator": "less_than_or_equal_to", "importance": "HIGH", "periodType": "Monthly",
         "leftSide": {"expression": "#{DUSpd8Jq3M7.Prlt0C1RF0s}", "missingValueStrategy": "NEVER_SKIP"},
         "rightSide": {"expression": "#{DUSpd8Jq3M7.V6L425pT3A0}", "missingValueStrategy": "NEVER_SKIP"}},
        {"id": "withDays001", "operator": "equal_to",
         "leftSide": {"expression": "#{ccgTotal001} / [days]"}, "rightSide": {"expression": "1"}}]}
    data = chitieu.Dataset.from_dhis2({"orgUnit": "gP6hn503KUX", "dataValues": [
        {"dataElement": "DUSpd8Jq3M7", "categoryOptionCombo": "Prlt0C1RF0s", "period": "202401", "value": "12"},
        {"dataElement": "DUSpd8Jq3M7", "categoryOptionCombo": "V6L425pT3A0", "period": "202401", "value": "9"},
        {"dataElement": "DUSpd8Jq3M7", "categoryOptionCombo": "Prlt0C1RF0s", "period": "202402", "value": "3"}]},
        mapping=DHIS2_MAPPING).data
    converted = data.dhis2_rules(rules, mapping=DHIS2_MAPPING)
    assert converted["rules"][0]["expression"] == "#{P8.CCG | session=fixed} <= #{P8.CCG | session=outreach}"
    assert [n["id"] for n in converted["not_converted"]] == ["withDays001"]
    assert "[days]" in converted["not_converted"][0]["reason"]["en"]
    findings = data.validate(as_of="2024-12-31", rules=converted["rules"])
    fired = [(f.rule, f.record["period"]) for f in findings if f.rule == "fixedLeTot"]
    # January: 12 > 9. February: outreach missing counts as 0 under NEVER_SKIP, 3 > 0.
    assert fired == [("fixedLeTot", "202401"), ("fixedLeTot", "202402")]


def test_iati_results_of_project8():
    import xml.etree.ElementTree as ET

    org = {"ref": "VN-WU", "type": "22", "name": {"vi": "Hội Liên hiệp Phụ nữ Việt Nam", "en": "Viet Nam Women's Union"}}
    xml = chitieu.builtin().to_iati(as_of="2023-12-31", activity={
        "identifier": "VN-WU-P8", "reporting_org": org, "description": {"vi": "Dự án 8", "en": "Project 8"},
        "participating_orgs": [dict(org, role="4")]})
    activity = ET.fromstring(xml.encode()).find("iati-activity")
    assert [child.tag for child in activity][:5] == ["iati-identifier", "reporting-org", "title", "description", "participating-org"]
    indicators = activity.findall("result/indicator")
    assert len(indicators) == 9
    ccg = next(i for i in indicators if i.find("reference").get("code") == "P8.CCG")
    phase = next(p for p in ccg.findall("period") if p.find("period-end").get("iso-date") == "2025-12-31")
    assert (phase.find("target").get("value"), phase.find("actual").get("value")) == ("9000", "7623")
