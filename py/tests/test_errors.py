"""Bad input raises a ChitieuError subclass with a code and a path, never a
panic, and the module keeps working afterwards."""

import json
import random
from fractions import Fraction

import pandas as pd
import pytest

import chitieu

GOOD = {"version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"}


def data_with(observation):
    return {
        "version": 1,
        "builtin_framework": "project8",
        "areas": [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}],
        "observations": [observation],
    }


@pytest.mark.parametrize(
    "observation,cls,code,path",
    [
        ({"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": "many"}, chitieu.InvalidValueError, "invalid-number", "$.observations[0].value"),
        ({"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": True}, ValueError, "wrong-type", "$.observations[0].value"),
        ({"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": float("nan")}, ValueError, "non-finite-number", "$.observations[0].value"),
        ({"indicator": "P8.CCG", "area": "VN", "period": "2024Q5", "value": 1}, ValueError, "invalid-period", "$.observations[0].period"),
        ({"indicator": "P8.CCG", "area": "VN", "period": "2023-02-30", "value": 1}, ValueError, "invalid-period", "$.observations[0].period"),
    ],
)
def test_bad_values(observation, cls, code, path):
    with pytest.raises(cls) as info:
        chitieu.Dataset.from_json(data_with(observation))
    assert isinstance(info.value, chitieu.ChitieuError)
    assert (info.value.code, info.value.path) == (code, path)
    assert info.value.message("vi") and info.value.message("en")


def test_unknown_code_is_a_key_error():
    data = chitieu.Dataset.from_json(data_with({"indicator": "P8.NOPE", "area": "VN", "period": "2023", "value": 1}))
    with pytest.raises(KeyError) as info:
        data.check()
    assert isinstance(info.value, chitieu.UnknownCodeError)
    assert (info.value.code, info.value.path) == ("unknown-code", "$.observations[0].indicator")
    with pytest.raises(chitieu.UnknownCodeError):
        chitieu.builtin("project9")


def test_bad_as_of():
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.builtin().progress(as_of="2023-02-30")
    assert info.value.code == "invalid-date"
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.builtin().progress(as_of=20231231)  # type: ignore[arg-type]
    assert info.value.code == "wrong-type"


def test_malformed_dataframes():
    base = pd.DataFrame({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": [1]})
    bad_text = base.assign(value=["7.623"])
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_pandas(bad_text)
    assert (info.value.code, info.value.path) == ("wrong-type", "$.value")
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_pandas(base.assign(valeu=[1]))
    assert (info.value.code, info.value.path) == ("unknown-field", "$.valeu")
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_pandas(base.assign(period=["2024Q5"]))
    assert (info.value.code, info.value.path) == ("invalid-period", "$[0].period")
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_pandas(base.assign(value=[float("inf")]))
    assert (info.value.code, info.value.path) == ("non-finite-number", "$[0].value")
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_pandas(base.drop(columns=["area"]))
    assert info.value.code == "missing-field"


def test_rule_syntax_error_has_a_column():
    request = {"version": 1, "op": "parse-rule", "builtin": "project8", "rule": {"id": "u", "expression": "#{P8.CCG} <= ("}}
    with pytest.raises(chitieu.ParseError) as info:
        chitieu.evaluate(request)
    assert (info.value.code, info.value.path, info.value.column) == ("rule-syntax", "$.rule.expression", 15)


def test_garbage_never_panics_and_the_module_survives():
    rng = random.Random(8)
    alphabet = '{}[]":,0123456789.-eE truefalsnul\\u00e9ệ\n'
    texts = ["", "{", "[]", "null", '{"version": 1}', json.dumps(GOOD)[:-3], "\ud7ff"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    for text in texts:
        for call in (chitieu.evaluate, chitieu.Dataset.from_json_text):
            try:
                call(text)
            except chitieu.ChitieuError as e:
                assert e.code in chitieu._chitieu.error_codes() and isinstance(e.path, str)
    assert chitieu.evaluate(GOOD)["result"]["rows"][0]["remaining"] == 1377


def test_invalid_utf8_file(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"indicator,area,period,value\nP8.CCG,VN,2023,\xff\xfe\n")
    with pytest.raises(chitieu.InvalidValueError) as info:
        chitieu.Dataset.from_csv(path, number_format="vi")
    assert info.value.code == "invalid-value" and "offset 43" in info.value.message_en


def test_every_core_error_code_has_an_exception_class():
    from chitieu import _errors
    from chitieu._chitieu import error_codes

    codes = error_codes()
    assert "unknown-code" in codes and len(codes) == len(set(codes))
    # A new code in the core without a class here fails this test.
    assert set(codes) == set(_errors._BY_CODE)
    assert all(issubclass(cls, chitieu.ChitieuError) for cls in _errors._BY_CODE.values())


def test_the_error_codes_operation_lists_the_same_codes():
    from chitieu._chitieu import error_codes

    response = chitieu.evaluate({"version": 1, "op": "error-codes"})
    assert response["result"] == error_codes()


def test_error_paths_are_relative_to_what_was_passed():
    data = json.loads(chitieu.builtin("project8").to_json())
    data["observations"][3]["area"] = "XX"
    dataset = chitieu.Dataset.from_json(data)
    # A Dataset is the data set itself: `$` is the data set.
    with pytest.raises(chitieu.UnknownCodeError) as e:
        dataset.rollup("2023-12-31")
    assert (e.value.code, e.value.path) == ("unknown-code", "$.observations[3].area")
    with pytest.raises(chitieu.UnknownCodeError) as e:
        dataset.progress("2023-12-31")
    assert e.value.path == "$.observations[3].area"
    # Through the contract the data set is the request's `data`.
    with pytest.raises(chitieu.UnknownCodeError) as e:
        chitieu.evaluate({"version": 1, "op": "rollup", "data": data, "as_of": "2023-12-31"})
    assert e.value.path == "$.data.observations[3].area"
    # Validation reports the observation as a finding, at the same place.
    findings = dataset.validate("2023-12-31").to_dicts()
    assert any(f["path"] == "$.observations[3]" for f in findings if f["rule"] == "reporting.unknown-area")


def test_an_unknown_language_is_an_error_not_vietnamese():
    dataset = chitieu.builtin("project8")
    with pytest.raises(chitieu.InvalidValueError) as e:
        dataset.validate("2023-12-31", lang="fr")
    assert (e.value.code, e.value.path) == ("unknown-variant", "lang")
    with pytest.raises(chitieu.InvalidValueError) as e:
        dataset.progress("2023-12-31", lang="fr")
    assert e.value.path == "$.options.lang"


def test_a_rule_of_100000_terms_neither_crashes_nor_fails():
    # Once a SIGSEGV: the chain was a tree one level deeper per operator.
    expression = "+".join(["#{P8.CCG}"] * 100_000) + "<0"
    rule = {"id": "R.LONG", "expression": expression}
    parsed = chitieu.evaluate({"version": 1, "op": "parse-rule", "builtin": "project8", "rule": rule})
    assert parsed["result"]["operator"] == "<"
    findings = chitieu.builtin().validate("2023-12-31", rules=[rule]).to_dicts()
    # 100,000 × 7,623 is not below 0: the rule fires once, at the country.
    fired = [f for f in findings if f["rule"] == "R.LONG"]
    assert len(fired) == 1 and fired[0]["left"] == 762_300_000


def test_text_is_never_read_as_a_file(tmp_path):
    # Once: from_csv('/etc/passwd') read the file and quoted it in the error.
    with pytest.raises(chitieu.ChitieuError) as e:
        chitieu.Dataset.from_csv_text("/etc/passwd", number_format="vi")
    assert "root:" not in e.value.message_en and "root:" not in e.value.message_vi
    csv = "indicator,area,period,value\nP8.CCG,VN,2023,7.623\n"
    assert len(chitieu.Dataset.from_csv_text(csv, number_format="vi")) == 1
    path = tmp_path / "report.csv"
    path.write_text(csv, encoding="utf-8")
    assert len(chitieu.Dataset.from_csv(path, number_format="vi")) == 1
    assert len(chitieu.Dataset.from_csv(str(path), number_format="vi")) == 1
    # A path is a path: text given to from_csv is not parsed as CSV.
    with pytest.raises(OSError):
        chitieu.Dataset.from_csv(csv, number_format="vi")
    with pytest.raises(chitieu.InvalidValueError):
        chitieu.Dataset.from_csv(12, number_format="vi")  # type: ignore[arg-type]
    data = chitieu.builtin().to_json()
    assert len(chitieu.Dataset.from_json_text(data)) == len(chitieu.builtin())


def test_messages_quote_only_an_excerpt_of_huge_input():
    header = "x" * 10_000_000
    with pytest.raises(chitieu.ParseError) as e:
        chitieu.Dataset.from_csv_text(header + "\n", number_format="vi")
    assert e.value.code == "csv-format"
    assert len(e.value.message_en) < 3_000 and len(e.value.message_vi) < 3_000
    assert "10000000 characters" in e.value.message_en
    assert len(e.value.path) < 1_100


def test_numbers_are_read_as_written_on_every_path():
    rng = random.Random(3)
    values = [rng.uniform(0, 100) for _ in range(2000)] + [9007199254740993, 18446744073709551617]
    periods = [str(1000 + i) for i in range(len(values))]
    rows = [{"indicator": "P8.CCG", "area": "VN", "period": p, "value": v} for p, v in zip(periods, values)]
    through_json = chitieu.Dataset.from_json({"version": 1, "builtin_framework": "project8", "observations": rows})
    frame = pd.DataFrame({"indicator": "P8.CCG", "area": "VN", "period": periods[:2000], "value": values[:2000]})
    through_pandas = chitieu.Dataset.from_pandas(frame)
    read = [o["value"] for o in through_json.observations()]
    # Each float is the decimal Python writes for it (its shortest repr),
    # exactly, whether it came as JSON or as a DataFrame column.
    assert [Fraction(v) for v in read[:2000]] == [Fraction(repr(v)) for v in values[:2000]]
    assert read[:2000] == [o["value"] for o in through_pandas.observations()]
    # Integers beyond 2^53 and 2^64 keep every digit (as exact strings).
    assert read[2000:] == ["9007199254740993", "18446744073709551617"]


def test_lone_surrogates_are_one_clear_error_everywhere():
    bad = "P8.\ud800CCG"
    calls = [
        lambda: chitieu.evaluate('{"version": 1, "op": "rules", "x": "' + bad + '"}'),
        lambda: chitieu.Dataset.from_json_text('{"version": 1, "builtin_framework": "' + bad + '"}'),
        lambda: chitieu.Dataset.from_csv_text("indicator,area,period,value\n" + bad + ",VN,2023,1\n", number_format="vi"),
        lambda: chitieu.builtin().progress(as_of="2023-12-31\udfff"),
    ]
    for call in calls:
        with pytest.raises(chitieu.InvalidValueError) as e:
            call()
        assert e.value.code == "invalid-value" and "surrogate" in e.value.message_en
        assert "thay thế đơn lẻ" in e.value.message_vi
    # In a dict the string is written as a \ud800 escape (as JavaScript
    # does), and the core names where it is.
    with pytest.raises(chitieu.InvalidValueError) as e:
        chitieu.evaluate({"version": 1, "op": "resolve-area", "reference": bad})
    assert e.value.path == "$.reference"
    with pytest.raises(chitieu.InvalidValueError) as e:
        chitieu.resolve_area(bad)
    assert e.value.path == "reference"  # checked with the arguments, before any JSON


WRONG_TYPES = [
    # (call, the argument the error names)
    (lambda d: chitieu.builtin(5), "name"),
    (lambda d: d.validate(as_of="2023-12-31", lang=5), "lang"),
    (lambda d: d.progress(as_of="2023-12-31", phase=5), "phase"),
    (lambda d: d.rollup(as_of="2023-12-31", indicator=5), "indicator"),
    (lambda d: d.scores(as_of="2023-12-31", area=5), "area"),
    (lambda d: chitieu.allocate(10, 5), "weights"),
    (lambda d: chitieu.allocate(10, {"a": 1}, method=5), "method"),
    (lambda d: chitieu.trend(5, ("2025", 10)), "series"),
    (lambda d: chitieu.expected(5, "2023-12-31"), "target"),
    (lambda d: chitieu.biproportional(5, {"x": 1}, [[1]]), "rows"),
    (lambda d: chitieu.resolve_area("24", scheme=2004), "scheme"),
    (lambda d: chitieu.Dataset.from_json_text(5), "text"),
    (lambda d: chitieu.Dataset.from_csv_text("indicator,area,period,value\n", number_format=5), "number_format"),
    (lambda d: chitieu.Dataset.from_pandas(5), "frame"),
    (lambda d: chitieu.Dataset.from_polars([1, 2]), "frame"),
    (lambda d: d.rebase(schemes=5), "schemes"),
    # A str where a list belongs is refused, for every such argument alike:
    # read as a list it would be its characters ("unknown rule `v`").
    (lambda d: d.validate(as_of="2024-12-31", disabled="value.negative"), "disabled"),
    (lambda d: d.rebase(weights="x"), "weights"),
    (lambda d: chitieu.resolve_areas("24"), "references"),
    (lambda d: chitieu.allocate(10, "ab"), "weights"),
    (lambda d: d.progress(as_of="2023-12-31").to_dicts(5), ""),
]


@pytest.mark.parametrize("call,argument", WRONG_TYPES)
def test_a_wrong_argument_type_is_a_chitieu_error_naming_it(call, argument):
    data = chitieu.builtin()
    with pytest.raises(chitieu.WrongTypeError) as e:
        call(data)
    # One error, three ways to catch it.
    assert isinstance(e.value, chitieu.ChitieuError) and isinstance(e.value, TypeError)
    assert isinstance(e.value, ValueError)
    assert e.value.code == "wrong-type" and e.value.path == argument
    assert e.value.message_vi and e.value.message_vi != e.value.message_en
    # The module still answers.
    assert chitieu.builtin().progress(as_of="2023-12-31")["P8.CCG"].display["percent"] == "84,7%"


def test_a_call_that_does_not_match_the_signature_is_a_chitieu_error():
    with pytest.raises(chitieu.WrongTypeError) as e:
        chitieu.rules(5)  # type: ignore[call-arg]
    assert "rules()" in e.value.message_en and "rules()" in e.value.message_vi
    with pytest.raises(chitieu.WrongTypeError):
        chitieu.Dataset.from_csv_text("indicator,area,period,value\n")  # number_format is required


def test_the_right_types_still_pass():
    # A list where a pair is annotated, a pathlib path, a datetime.date.
    import datetime
    import pathlib

    by_list = chitieu.expected(["2021-2025", 9000], datetime.date(2023, 12, 31))
    assert by_list == chitieu.expected(("2021-2025", 9000), "2023-12-31")
    assert by_list["expected"] is not None
    assert chitieu.trend({"2021": 1, "2022": 2}, ["2025", 5]) == chitieu.trend({"2021": 1, "2022": 2}, ("2025", 5))
    assert chitieu.Dataset.from_json(pathlib.Path(__file__).parents[2] / "core/data/project8.json").check()["observations"] == 8


def test_huge_files_are_refused_from_their_size_before_reading(tmp_path):
    # A sparse 20 GB file: refused at once, with no memory taken.
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as f:
        f.truncate(20 << 30)
    loads = (lambda p: chitieu.Dataset.from_csv(p, number_format="vi"), chitieu.Dataset.from_json)
    for load in loads:
        with pytest.raises(chitieu.ChitieuError) as info:
            load(huge)
        assert info.value.code == "input-too-large"
        assert "21474836480 bytes, the limit is 1073741824 bytes" in info.value.message("en")


def test_an_endless_device_is_read_only_up_to_the_limit():
    with pytest.raises(chitieu.ChitieuError) as info:
        chitieu.Dataset.from_csv("/dev/zero", number_format="vi")
    assert (info.value.code, info.value.path) == ("input-too-large", "/dev/zero")
    assert "1073741825 bytes" in info.value.message("en")


def test_a_template_rule_of_a_few_hundred_bytes_is_refused_not_expanded():
    # 26 variables over sex (two categories reported): 2^26 combinations.
    data = data_with({"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": 5, "disaggregation": {"sex": "female"}})
    data["observations"].append({"indicator": "P8.CCG", "area": "VN", "period": "2023", "value": 6, "disaggregation": {"sex": "male"}})
    expression = " + ".join("#{P8.CCG | sex=$%s}" % c for c in "abcdefghijklmnopqrstuvwxyz") + " >= 0"
    dataset = chitieu.Dataset.from_json(data)
    with pytest.raises(chitieu.ChitieuError) as info:
        dataset.validate(as_of="2023-12-31", rules=[{"id": "u-wide", "expression": expression}])
    assert info.value.code == "invalid-value"
    assert "67,108,864" in info.value.message("en") and "67.108.864" in info.value.message("vi")


def test_a_single_string_is_not_a_list_of_one():
    data = chitieu.builtin("sample-province")
    with pytest.raises(chitieu.WrongTypeError) as info:
        data.validate(as_of="2024-12-31", disabled="value.negative")
    assert info.value.path == "disabled"
    assert "['value.negative']" in info.value.message_en and "['value.negative']" in info.value.message_vi
    assert "một mục thì viết" in info.value.message_vi
    # The same where validation runs over partitions (outside a typed signature).
    from chitieu import partitions

    with pytest.raises(chitieu.WrongTypeError) as info:
        partitions.Validation(data.framework_and_areas(), "2024-12-31", disabled="value.negative")
    assert info.value.path == "disabled"
    # A list or a tuple of one rule switches that rule off.
    as_list = data.validate(as_of="2024-12-31", disabled=["value.negative"])
    assert as_list == data.validate(as_of="2024-12-31", disabled=("value.negative",))
    assert all(f.rule != "value.negative" for f in as_list)
    assert any(f.rule == "value.negative" for f in data.validate(as_of="2024-12-31"))


def test_rebase_weights_errors_are_chitieu_errors_at_the_weight():
    data = chitieu.Dataset.from_json({
        "version": 1, "builtin_framework": "project8",
        "areas": [
            {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
            {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
            {"code": "030", "name": {"vi": "Huyện Vị Xuyên", "en": "Vi Xuyen"}, "level": "district", "parent": "02"},
            {"code": "00967", "name": {"vi": "Xã Việt Lâm", "en": "Viet Lam"}, "level": "commune", "parent": "030"},
        ],
        "observations": [{"indicator": "P8.CCG", "area": "00967", "period": "2024", "value": 101}],
    })
    # Not a mapping: once a bare ValueError from dict("x").
    with pytest.raises(chitieu.WrongTypeError) as info:
        data.rebase(weights=["x"])  # type: ignore[list-item]
    assert info.value.path == "$.crosswalk.weights[0]"
    # A commune that exists nowhere: once ignored without a word.
    with pytest.raises(chitieu.UnknownCodeError) as info:
        data.rebase(weights=[{"from": "99999", "to": "00913"}])
    assert info.value.path == "$.crosswalk.weights[0].from" and "99999" in info.value.message_vi
    half = {"from": "00967", "to": "00913", "weight": "0.5"}
    with pytest.raises(chitieu.UnknownCodeError) as info:
        data.rebase(weights=[dict(half, to="99999"), half])
    assert info.value.path == "$.crosswalk.weights[0].to"
    # The same link twice: once reported at `$.units[1].code`.
    with pytest.raises(chitieu.DuplicateKeyError) as info:
        data.rebase(weights=[half, half])
    assert info.value.path == "$.crosswalk.weights[1]"
    assert "$.crosswalk.weights[0]" in info.value.message_en


def test_a_scheme_whose_areas_lie_in_themselves_is_refused():
    def schemes(*areas):
        return {"version": 1, "schemes": [{"id": "thon", "name": {"vi": "Thôn", "en": "Villages"}, "level": "village", "areas": [
            {"code": code, "name": {"vi": f"Thôn {code}", "en": code}, "kind": "village", **({"parent": parent} if parent else {})}
            for code, parent in areas]}]}

    for areas, path in [
        ([("A", "B"), ("B", "A")], "$.schemes.schemes[0].areas[0].parent"),
        ([("B", None), ("A", "A")], "$.schemes.schemes[0].areas[1].parent"),
    ]:
        with pytest.raises(chitieu.InvalidValueError) as info:
            chitieu.evaluate({"version": 1, "op": "resolve-area", "reference": "A", "schemes": schemes(*areas)})
        assert (info.value.code, info.value.path) == ("invalid-value", path)
        assert "nằm trong chính nó" in info.value.message_vi
    ok = chitieu.evaluate({"version": 1, "op": "resolve-area", "reference": "A", "schemes": schemes(("A", "B"), ("B", None))})
    assert ok["result"]["within"]["vi"] == "Thôn B"


def test_strict_never_publishes_a_figure_validation_calls_an_error():
    data = chitieu.Dataset.from_csv_text(
        "indicator,area,period,value\nP8.CCG,VN,2023,-5\nP8.LEADERS,VN,2023,7.5\n", number_format="en"
    )
    found = data.validate(as_of="2023-12-31")
    assert {f.rule for f in found} >= {"value.negative", "value.non-integer"}
    for compute in (data.rollup, data.progress):
        with pytest.raises(chitieu.ChitieuError) as info:
            compute(as_of="2023-12-31")
        assert (info.value.code, info.value.path) == ("invalid-value", "$.observations[0].value")
        # The row is the file's second line: the header is the first.
        assert info.value.line == 2
        assert "value.negative" in info.value.message_en
        # The way out, in Python's words.
        assert info.value.message_en.endswith(
            'to see every problem: validate(); to compute on the valid rows: invalid="exclude"'
        )
        assert 'để tính trên các dòng hợp lệ: invalid="exclude"' in info.value.message_vi
    report = data.progress(as_of="2023-12-31", invalid="exclude")
    text = report.to_text("vi")
    assert "-5/9.000" not in text and "7,5/1.800" not in text
    rolled = data.rollup(as_of="2023-12-31", invalid="exclude")
    assert {k: v["count"] for k, v in rolled["excluded"]["by_reason"].items()} == {"negative": 1, "not-whole": 1}


def test_a_refused_row_and_its_findings_name_the_line_of_the_file(tmp_path):
    # 36 monthly rows after the header, then an area no list has: row 36
    # of the data set, line 39 of the file (the header and a blank line in
    # the middle count as lines too).
    text_lines = ["indicator,area,period,value"]
    text_lines += [f"P8.CCG,VN,{2021 + (i // 12) % 3}{1 + i % 12:02d},{i}" for i in range(36)]
    text_lines.insert(10, "")
    text_lines.append("P8.CCG,01999,2023,5")
    path = tmp_path / "province.csv"
    path.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    data = chitieu.Dataset.from_csv(path, number_format="en")
    with pytest.raises(chitieu.UnknownCodeError) as info:
        data.rollup(as_of="2023-12-31")
    assert (info.value.path, info.value.line) == ("$.observations[36].area", 39)
    assert "line 39" in info.value.message_en and "dòng 39" in info.value.message_vi
    found = data.validate(as_of="2023-12-31")
    unknown = [f for f in found if f.rule == "reporting.unknown-area"]
    assert [(f.record["path"], f.record["line"]) for f in unknown] == [("$.observations[36]", 39)]
    frame = found.to_pandas()
    assert list(frame.loc[frame["rule"] == "reporting.unknown-area", "line"]) == [39]
    # Data not read from a file has no line, and its table no line column.
    same = chitieu.Dataset.from_json_text(data.to_json())
    assert "line" not in same.validate(as_of="2023-12-31").to_pandas().columns


def test_a_province_that_did_not_report_is_said_beside_the_figure():
    import json

    base = chitieu.Dataset.from_json_text(
        json.dumps(
            {
                "version": 1,
                "builtin_framework": "project8",
                "areas": [
                    {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
                    {"code": "02", "name": {"vi": "Hà Giang", "en": "Ha Giang"}, "level": "province", "parent": "VN"},
                    {"code": "08", "name": {"vi": "Tuyên Quang", "en": "Tuyen Quang"}, "level": "province", "parent": "VN"},
                    {"code": "10", "name": {"vi": "Lào Cai", "en": "Lao Cai"}, "level": "province", "parent": "VN"},
                ],
                "expected": {"levels": [{"level": "province", "indicators": ["P8.CCG", "P8.LEADERS"]}]},
            }
        )
    )
    # Lào Cai leaves the clubs cell blank: a row without its value, which
    # cannot count (value.shape), so strict refuses it and exclude leaves it
    # out; either way Lào Cai has no clubs figure.
    text = (
        "indicator,area,period,value\n"
        "P8.CCG,02,2023,410\nP8.CCG,08,2023,385\nP8.CCG,10,2023,300\n"
        "P8.LEADERS,02,2023,600\nP8.LEADERS,08,2023,541\nP8.LEADERS,10,2023,\n"
    )
    data = chitieu.Dataset.from_csv_text(text, number_format="en", framework=base)
    with pytest.raises(chitieu.ChitieuError) as info:
        data.progress(as_of="2023-12-31")
    assert (info.value.path, info.value.line) == ("$.observations[5].value", 7)
    report = data.progress(as_of="2023-12-31", invalid="exclude")
    assert "1.141/1.800 CLB Thủ lĩnh của sự thay đổi (đạt 63,4% chỉ tiêu giai đoạn 1) (2/3 tỉnh báo cáo)" in report.to_text("vi")
    assert "(63.4% of the phase 1 target) (2 of 3 provinces reported)" in report.to_text("en")
    # A figure every expected province reported reads as it always did.
    assert "1.095/9.000 Tổ truyền thông cộng đồng (đạt 12,2% chỉ tiêu giai đoạn 1);" in report.to_text("vi")
    frame = report.to_pandas()  # indexed by indicator code
    assert (frame.loc["P8.LEADERS", "reporting"], frame.loc["P8.LEADERS", "expected"]) == (2, 3)
    # The percent column is a float column a chart can use.
    assert frame["percent"].dtype.kind == "f"
    rolled = data.rollup(as_of="2023-12-31", invalid="exclude").to_pandas()
    country = rolled[(rolled["indicator"] == "P8.LEADERS") & (rolled["area"] == "VN")]
    assert (int(country["reporting"].iloc[0]), int(country["expected"].iloc[0])) == (2, 3)
    # Without the blank row at all, strict computes, and validation names
    # the report that was not made.
    complete = chitieu.Dataset.from_csv_text(text.replace("P8.LEADERS,10,2023,\n", ""), number_format="en", framework=base)
    missing = [f for f in complete.validate(as_of="2023-12-31") if f.rule == "reporting.missing-report"]
    assert [(f.record["area"], f.record["indicator"]) for f in missing] == [("10", "P8.LEADERS")]
    assert "Lào Cai (10) chưa gửi báo cáo" in missing[0].message_vi
