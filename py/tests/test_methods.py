"""Trend methods, expected-to-date targets, apportionment and scores from
Python, with hand-worked figures (the same as the conformance cases)."""

import json
import math
import pathlib

import pytest

import chitieu

CASES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "cases"


def test_escap_weighted_fit_by_hand():
    # Weights 1, 2, 3: slope 18, intercept 91, 163 in 2025 (see the case file).
    result = chitieu.trend({"2021": 100, "2022": 100, "2023": 130}, ("2025", 200), method="escap-wls")
    assert result["projected"] == 163
    assert result["fitted"]["slope_per_period"] == 18
    assert result["class"] == "accelerate"


def test_open_sdg_ratio_matches_math():
    result = chitieu.trend([("2021", 100), ("2023", 121)], ("2025", 200), method="open-sdg")
    assert math.isclose(result["statistic"], 0.1 / (2 ** 0.25 - 1), rel_tol=1e-12)
    assert result["class"] == "limited-progress"
    assert result["status"] == "off-track"


def test_destatis_thresholds_can_be_set():
    series = {str(2019 + i): v for i, v in enumerate([50, 52, 55, 57, 60, 62])}
    default = chitieu.trend(series, ("2030", 80), method="destatis")
    assert default["statistic"] == "0.8"
    assert default["class"] == "sun-cloud"
    stricter = chitieu.trend(series, ("2030", 80), method="destatis", thresholds=["0.95", "0.85", "0.2"])
    assert stricter["class"] == "cloud"


def test_expected_by_quarters():
    result = chitieu.expected(("2021-2025", 9000), "2024-06-30", achieved=6000, profile={"kind": "quarters"})
    assert result["expected"] == 6300
    assert result["schedule"] == "behind"
    assert result["message"]["vi"] == "chậm so với mức kỳ vọng 70% vào ngày 30/06/2024"


def test_divisor_methods():
    weights = {"A": 53, "B": 24, "C": 23}
    got = {m: chitieu.allocate(7, weights, method=m).shares for m in ("largest-remainder", "dhondt", "sainte-lague", "huntington-hill")}
    assert got["dhondt"] == {"A": 4, "B": 2, "C": 1}
    assert got["sainte-lague"] == {"A": 3, "B": 2, "C": 2}
    assert got["huntington-hill"] == {"A": 3, "B": 2, "C": 2}
    # Quotas 3.71, 1.68, 1.61: floors 3, 1, 1 and the two largest remainders.
    assert got["largest-remainder"] == {"A": 4, "B": 2, "C": 1}


def test_gap_units_weigh_what_is_left():
    # Gaps: A 100 − 40 = 60, B already past its target (0), C 30 − 0 = 30.
    gaps = {"A": {"target": 100, "achieved": 40}, "B": {"target": 50, "achieved": 55}, "C": {"target": 30, "achieved": 0}}
    allocation = chitieu.allocate(9, gaps)
    assert allocation.shares == {"A": 6, "B": 0, "C": 3}
    assert [r["weight"] for r in allocation.to_dicts()] == [60, 0, 30]
    with pytest.raises(chitieu.InvalidValueError):
        chitieu.allocate(9, {"A": {"target": 100, "achieved": 40, "weight": 1}})


def test_biproportional_meets_both_margins():
    table = chitieu.biproportional({"P1": 10, "P2": 20}, {"2024": 12, "2025": 18}, [[1, 2], [1, 1]])
    assert table["values"] == [[3, 7], [9, 11]]


def test_scores_rank_the_provinces():
    # The data of tests/cases/scores-areas-ranked.json: P1 at 95% and 100%,
    # P2 and P3 at 80% and 100%.
    case = json.loads((CASES / "scores-areas-ranked.json").read_text(encoding="utf-8"))
    data = chitieu.Dataset.from_json(case["request"]["data"])
    result = data.scores("2023-12-31")
    assert [(a["area"], a["rank"]) for a in result["areas"]] == [("P1", 1), ("P2", 2), ("P3", 2)]
    lowered = data.scores("2023-12-31", basically_achieved_percent=80)
    assert [a["basically_achieved"] for a in lowered["areas"]] == [True, True, True]


def test_bad_series_names_the_point():
    with pytest.raises(chitieu.InvalidValueError) as err:
        chitieu.trend({"2021": 1, "2022Q1": 2}, ("2025", 5))
    assert err.value.path == "$.series[1].period"


def test_csv_read_on_the_rust_side_then_rolled_up(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("indicator,area,period,value\nP8.CCG,VN,2023,7.623\nP8.LEADERS,VN,2023,-5\n", encoding="utf-8")
    data = chitieu.Dataset.from_csv(path, number_format="vi")
    assert len(data) == 2
    # -5 clubs is an error of validation: strict refuses the data set at it,
    # and leaving invalid rows out rolls up the rest.
    assert any(f.rule == "value.negative" for f in data.validate("2023-12-31"))
    with pytest.raises(chitieu.InvalidValueError) as refused:
        data.rollup("2023-12-31", indicator="P8.CCG")
    assert refused.value.path == "$.observations[1].value"
    rolled = data.rollup("2023-12-31", indicator="P8.CCG", invalid="exclude")
    rows = rolled["indicators"][0]["rows"]
    assert next(r for r in rows if r["area"] == "VN")["value"] == 7623
