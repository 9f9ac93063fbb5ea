"""Arrow out: roll-ups, progress reports and findings read by polars and
pyarrow through the PyCapsule interface, compared with the JSON result of
the same call; pandas frames built from columns; capsules released."""

import gc
import pickle
from fractions import Fraction

import pytest

import chitieu

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

DIRTY = {
    "indicator": ["P8.CCG", "P8.CCG", "P8.CCG", "P8.CCG"],
    "area": ["VN", "VN", "XX-typo", "VN"],
    "period": ["2022", "2023", "2023", "2023"],
    "value": [5000, 7623, 10, 7000],
}


def json_rows(rollup):
    return {
        (i["indicator"], r["area"]): r for i in rollup["indicators"] for r in i["rows"]
    }


def test_a_rollup_is_a_polars_frame_with_every_row_of_the_json():
    rollup = chitieu.builtin().rollup(as_of="2023-12-31")
    frame = pl.DataFrame(rollup)
    rows = json_rows(rollup)
    assert frame.height == len(rows)
    assert frame.columns[:4] == ["indicator", "area", "level", "value"]
    for row in frame.iter_rows(named=True):
        expected = rows[(row["indicator"], row["area"])]
        assert row["level"] == expected["level"]
        assert Fraction(row["value_exact"]) == Fraction(str(expected["value"]))
        assert row["value"] == pytest.approx(float(Fraction(str(expected["value"]))))
        assert row["observations"] == expected["observations"]
        assert row["origin"] == expected["origin"]
    ccg = frame.filter((pl.col("indicator") == "P8.CCG") & (pl.col("level") == "country"))
    assert ccg["value"].to_list() == [7623.0]
    assert ccg["value_exact"].to_list() == ["7623"]


def test_a_progress_report_reads_in_pyarrow_and_pandas_alike():
    report = chitieu.builtin().progress(as_of="2023-12-31")
    table = pa.table(report)
    assert table.num_rows == len(report)
    by_code = {r["code"]: r for r in table.to_pylist()}
    assert by_code["P8.CCG"]["percent_exact"] == "84.7"
    assert by_code["P8.CCG"]["achieved"] == 7623.0
    assert by_code["P8.CCG"]["status"] == report["P8.CCG"].status
    frame = report.to_pandas()
    assert frame.loc["P8.CCG", "target"] == 9000.0
    assert list(frame.index) == [r.code for r in report]


def test_findings_come_out_as_columns_that_count_like_the_summary():
    data = chitieu.Dataset.from_polars(pl.DataFrame(DIRTY))
    findings = data.validate(as_of="2023-12-31", lang="en")
    frame = findings.to_polars()
    assert frame.height == len(findings) == findings.summary["total"]
    counts = dict(frame.group_by("rule").len().iter_rows())
    assert counts == findings.summary["by_rule"]
    assert "reporting.unknown-area" in counts
    assert "reporting.duplicate" in counts
    typo = frame.filter(pl.col("area") == "XX-typo")
    assert typo["path"].to_list()[0] == "$.observations[2].area" or typo["path"].to_list()[0].startswith(
        "$.observations[2]"
    )
    # The same rows through pandas (no pyarrow needed) and through to_dicts.
    pandas = findings.to_pandas()
    assert list(pandas["rule"]) == [f["rule"] for f in findings.to_dicts()]
    assert list(pandas["message"]) == [f.message for f in findings]


def test_duckdb_queries_results_through_the_same_stream():
    duckdb = pytest.importorskip("duckdb")
    rolled = chitieu.builtin().rollup(as_of="2023-12-31")
    country = {
        (i["indicator"], str(r["value"]))
        for i in rolled["indicators"]
        for r in i["rows"]
        if r["level"] == "country"
    }
    query = "select indicator, value_exact from rolled where level = 'country'"
    assert set(duckdb.sql(query).fetchall()) == country
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31")
    counts = dict(duckdb.sql("select rule, count(*) from findings group by rule").fetchall())
    assert counts == findings.summary["by_rule"]


def test_the_summary_counts_by_area_level():
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31")
    levels = findings.summary["by_level"]
    assert sum(levels.values()) == sum(1 for f in findings if f.record.get("area") and f.rule != "reporting.unknown-area")
    assert set(levels) <= {"country", "province", "district", "commune", "village"}


def test_an_empty_result_keeps_its_columns():
    findings = chitieu.builtin().validate(as_of="2023-12-31", disabled=[r["id"] for r in chitieu.rules()])
    assert len(findings) == 0
    frame = pl.DataFrame(findings)
    assert frame.height == 0
    assert {"rule", "severity", "path", "left_exact"} <= set(frame.columns)


def test_capsules_are_released_whether_read_or_not():
    rollup = chitieu.builtin().rollup(as_of="2023-12-31")
    for _ in range(200):
        capsule = rollup.__arrow_c_stream__()
        del capsule  # never read: its destructor releases the stream
    gc.collect()
    first = pl.DataFrame(rollup)
    second = pa.table(rollup)
    assert first.height == second.num_rows
    # A requested schema is not applied, and not refused.
    assert pa.table(rollup).schema == pa.RecordBatchReader.from_stream(rollup).schema


def test_results_with_tables_pickle():
    rollup = chitieu.builtin().rollup(as_of="2023-12-31")
    back = pickle.loads(pickle.dumps(rollup))
    assert back == rollup
    assert pl.DataFrame(back).equals(pl.DataFrame(rollup))
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31")
    again = pickle.loads(pickle.dumps(findings))
    assert again.to_dict() == findings.to_dict()
    assert again.to_polars().equals(findings.to_polars())


def test_a_forged_table_pickle_is_refused():
    with pytest.raises(chitieu.ChitieuError) as raised:
        chitieu._chitieu.Table.from_json('{"rows": 2, "columns": [{"name": "a", "cells": {"int": [1]}}]}')
    assert raised.value.code == "invalid-value"
    assert "column `a` has 1 cells" in raised.value.message_en


def test_findings_are_read_one_or_a_page_at_a_time_and_agree_with_all_of_them():
    # 12,500 negative counts: more than one page of 10,000 findings.
    rows = "".join(f"P8.CCG,VN,2023-01-{1 + i % 28:02d}/2023-12-{1 + i // 28 % 28:02d},-{i + 1}\n" for i in range(12_500))
    data = chitieu.Dataset.from_csv_text("indicator,area,period,value\n" + rows, number_format="en")
    lazy = data.validate(as_of="2023-12-31")
    eager = data.validate(as_of="2023-12-31")
    every = [f.to_dict() for f in eager.findings]
    assert len(lazy) == len(every) > 12_500
    assert lazy[0].to_dict() == every[0]
    assert lazy[-1].to_dict() == every[-1]
    assert [f.to_dict() for f in lazy[9_998:10_003]] == every[9_998:10_003]
    with pytest.raises(IndexError):
        lazy[len(every)]
    assert [f.to_dict() for f in lazy] == every
    assert lazy._findings is None, "iterating builds pages, not the whole list"
    assert [f.to_dict() for f in lazy[::5000]] == every[::5000]


def test_progress_percent_is_a_float_column_a_plot_can_use():
    import matplotlib

    matplotlib.use("Agg")
    report = chitieu.builtin().progress(as_of="2023-12-31")
    frame = report.to_pandas()
    assert str(frame["percent"].dtype) == "float64"
    assert frame.loc["P8.CCG", "percent"] == 84.7 and frame.loc["P8.CCG", "percent_exact"] == "84.7"
    # The exact value beside it: 566/9 % for the clubs, 62.888… as a float.
    assert frame.loc["P8.LEADERS", "percent_exact"] == "566/9"
    axes = frame.plot.bar(y="percent")
    assert len(axes.patches) == len(frame)
