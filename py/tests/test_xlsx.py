"""Spreadsheet export read back with an independent reader (openpyxl):
the figures, number formats, status colours and the chart of a progress
report, the findings of a validation run, and the same workbook from the
command line."""

import os
import subprocess
from fractions import Fraction

import pytest

import chitieu

openpyxl = pytest.importorskip("openpyxl")


def sheet_rows(path):
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in row))) for row in sheet.iter_rows(min_row=2)]
    return sheet, header, rows


def test_progress_workbook_holds_the_exact_figures(tmp_path):
    report = chitieu.builtin().progress(as_of="2023-12-31", lang="en")
    path = tmp_path / "progress.xlsx"
    report.to_xlsx(path)
    sheet, header, rows = sheet_rows(path)
    assert sheet.title == "Progress"
    assert header[:6] == ["Code", "Indicator", "Unit", "Achieved", "Target", "Percent achieved"]
    assert [r["Code"].value for r in rows] == [row.code for row in report]
    for row, cells in zip(report, rows):
        assert cells["Achieved"].value == (None if row.achieved is None else row.achieved)
        assert cells["Target"].value == row.target
        if row.percent is None:
            assert cells["Percent achieved"].value is None
        else:
            # A float in the sheet; the exact value beside it, as text.
            assert cells["Percent achieved"].value == pytest.approx(float(row.percent) / 100, rel=1e-15)
            assert Fraction(cells["Percent achieved (exact)"].value) == row.percent
            assert cells["Percent achieved"].number_format == "0.0%"
    leaders = rows[[r.code for r in report].index("P8.LEADERS")]
    assert leaders["Percent achieved (exact)"].value == "566/9"
    assert rows[0]["Achieved"].number_format == "#,##0"
    # Statuses in words, coloured as the HTML bars are.
    colours = {r["Status"].value: r["Status"].fill.fgColor.rgb for r in rows if r["Status"].value}
    assert colours == {"in progress": "FFF9A825", "exceeded": "FF1B5E20", "achieved": "FF2E7D32"}
    # The chart plots the percent column against the names.
    (chart,) = sheet._charts
    series = chart.series[0]
    assert series.val.numRef.f == f"Progress!$F$2:$F${len(rows) + 1}"
    assert series.cat.strRef.f == f"Progress!$B$2:$B${len(rows) + 1}"


def test_progress_workbook_in_vietnamese(tmp_path):
    path = tmp_path / "tien-do.xlsx"
    chitieu.builtin().progress(as_of="2023-12-31").to_xlsx(path)
    sheet, header, rows = sheet_rows(path)
    assert sheet.title == "Tiến độ"
    assert header[:8] == ["Mã", "Chỉ tiêu", "Đơn vị", "Kết quả", "Mục tiêu", "Tỷ lệ đạt", "Còn lại", "Tình trạng"]
    assert rows[0]["Tình trạng"].value == "đang thực hiện"
    assert rows[0]["Năm sau"].value == 1377


def test_findings_workbook(tmp_path):
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31", lang="en")
    path = tmp_path / "findings.xlsx"
    findings.to_xlsx(path, lang="vi")
    sheet, header, rows = sheet_rows(path)
    assert sheet.title == "Phát hiện"
    assert len(rows) == len(findings) == 10
    assert [r["Quy tắc"].value for r in rows] == [f.rule for f in findings]
    severities = {(r["Mức độ"].value, r["Mức độ"].fill.fgColor.rgb) for r in rows}
    assert severities == {("lỗi", "FFC62828"), ("cảnh báo", "FFA84300")}
    negative = next(r for r in rows if r["Quy tắc"].value == "value.negative")
    assert negative["Giá trị"].value == -3
    assert "âm" in negative["Nội dung"].value


def test_the_command_line_writes_the_same_workbook(root, tmp_path):
    # .ci/test installs the command before the Python tests (and then
    # removes the debug build); a local `cargo test --workspace` builds it.
    built = [root / "target" / "cli-install" / "bin" / "chitieu", root / "target" / "debug" / "chitieu"]
    binary = next((path for path in built if path.exists()), None)
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(f"no chitieu command at {built[0]} or {built[1]}")
        pytest.skip("the chitieu command is built by cargo test --workspace or installed by .ci/test")
    path = tmp_path / "cli.xlsx"
    done = subprocess.run([binary, "progress", "--format", "xlsx", "-o", path, "--lang", "en"], capture_output=True)
    assert done.returncode == 0, done.stderr
    mine = tmp_path / "python.xlsx"
    chitieu.builtin().progress(as_of="2023-12-31", lang="en").to_xlsx(mine)
    cli_cells = [[c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows()]
    py_cells = [[c.value for c in row] for row in openpyxl.load_workbook(mine).active.iter_rows()]
    assert cli_cells == py_cells
    refused = subprocess.run([binary, "progress", "--format", "xlsx"], capture_output=True, text=True)
    assert refused.returncode == 2
    assert "-o" in refused.stderr


def test_coverage_and_file_lines_reach_the_workbooks(tmp_path):
    import json

    areas = [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}] + [
        {"code": code, "name": {"vi": name, "en": name}, "level": "province", "parent": "VN"}
        for code, name in [("02", "Ha Giang"), ("08", "Tuyen Quang"), ("10", "Lao Cai")]
    ]
    base = chitieu.Dataset.from_json_text(
        json.dumps(
            {
                "version": 1,
                "builtin_framework": "project8",
                "areas": areas,
                "expected": {"levels": [{"level": "province", "indicators": ["P8.LEADERS"]}]},
            }
        )
    )
    text = "indicator,area,period,value\nP8.LEADERS,02,2023,600\nP8.LEADERS,08,2023,541\nP8.CCG,99,2023,1\n"
    data = chitieu.Dataset.from_csv_text(text, number_format="en", framework=base)
    progress = tmp_path / "progress.xlsx"
    data.progress(as_of="2023-12-31", lang="en", invalid="exclude").to_xlsx(progress)
    _, header, rows = sheet_rows(progress)
    assert header[-2:] == ["Areas reporting", "Areas expected"]
    clubs = next(r for r in rows if r["Code"].value == "P8.LEADERS")
    assert (clubs["Areas reporting"].value, clubs["Areas expected"].value) == (2, 3)
    findings = tmp_path / "findings.xlsx"
    data.validate(as_of="2023-12-31", lang="en").to_xlsx(findings)
    _, header, rows = sheet_rows(findings)
    assert "Line" in header
    unknown = next(r for r in rows if r["Rule"].value == "reporting.unknown-area")
    assert unknown["Line"].value == 4
    # Without coverage or lines, those columns are not shown.
    _, header, _ = sheet_rows_of(chitieu.builtin().progress(as_of="2023-12-31", lang="en"), tmp_path)
    assert "Areas reporting" not in header


def sheet_rows_of(report, tmp_path):
    path = tmp_path / "plain.xlsx"
    report.to_xlsx(path)
    return sheet_rows(path)
