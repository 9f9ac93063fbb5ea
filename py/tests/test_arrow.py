"""Arrow in: pyarrow tables and batches, polars frames and bare capsule
objects read through the Arrow PyCapsule interface, compared cell by cell
with what the same rows give through the pandas path."""

import gc
from unittest import mock

import pandas as pd
import pytest

import chitieu

pa = pytest.importorskip("pyarrow")

AREAS = [
    {"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"},
    {"code": "P1", "name": {"vi": "Tỉnh Một", "en": "One"}, "level": "province", "parent": "VN"},
    {"code": "P2", "name": {"vi": "Tỉnh Hai", "en": "Two"}, "level": "province", "parent": "VN"},
]

ROWS = {
    "indicator": ["P8.CCG", "P8.CCG", "P8.CCG", "P8.VSLA"],
    "area": ["VN", "P1", "P2", "XX-typo"],
    "period": ["2023", "2023", "2023", "2023"],
    "value": [7623, 4000, None, 2**53 + 1],
    "dim:giới tính": [None, "nữ", None, None],
}


def table(text_type, rows=slice(None)):
    columns = {}
    for name, cells in ROWS.items():
        cells = cells[rows]
        if name == "value":
            columns[name] = pa.array(cells, pa.int64())
        elif text_type == "dictionary":
            columns[name] = pa.array(cells, pa.string()).dictionary_encode()
        else:
            columns[name] = pa.array(cells, text_type)
    return pa.table(columns)


def observations(data):
    return data.observations()


@pytest.fixture(scope="module")
def expected():
    frame = pd.DataFrame(ROWS)
    frame["value"] = pd.array(ROWS["value"], dtype="Int64")
    return observations(chitieu.Dataset.from_pandas(frame, areas=AREAS))


@pytest.mark.parametrize("text_type", [pa.string(), pa.large_string(), pa.string_view(), "dictionary"])
def test_every_string_layout_reads_as_the_pandas_path(text_type, expected):
    data = chitieu.Dataset.from_arrow(table(text_type), areas=AREAS)
    assert observations(data) == expected
    assert observations(data)[3]["value"] == str(2**53 + 1)  # exact, not through a float


def test_the_arrow_table_is_read_not_copied_through_python_objects(expected):
    # A record batch, a reader of several batches with different
    # dictionaries, and a bare object with only the capsule method.
    whole = table("dictionary")
    batch = whole.to_batches()[0]
    assert observations(chitieu.Dataset.from_arrow(batch, areas=AREAS)) == expected
    # Each batch with its own dictionary (the second has no "P1").
    parts = [table("dictionary", slice(0, 2)), table("dictionary", slice(2, 4))]
    assert parts[0].column("area").chunk(0).dictionary != parts[1].column("area").chunk(0).dictionary
    reader = pa.RecordBatchReader.from_batches(whole.schema, [b for p in parts for b in p.to_batches()])
    assert observations(chitieu.Dataset.from_arrow(reader, areas=AREAS)) == expected

    class OnlyArray:
        def __arrow_c_array__(self, requested_schema=None):
            return batch.__arrow_c_array__(requested_schema)

    assert observations(chitieu.Dataset.from_arrow(OnlyArray(), areas=AREAS)) == expected


def test_a_stream_capsule_is_consumed_once_and_released_safely():
    capsule = table(pa.string()).__arrow_c_stream__()

    class Holder:
        def __arrow_c_stream__(self, requested_schema=None):
            return capsule

    assert len(chitieu.Dataset.from_arrow(Holder(), areas=AREAS)) == 4
    # The stream was moved out: a second read is an error, not a crash.
    with pytest.raises(chitieu.InvalidValueError, match="released") as caught:
        chitieu.Dataset.from_arrow(Holder(), areas=AREAS)
    assert caught.value.message("vi").startswith("không đọc được bảng Arrow")
    del capsule
    gc.collect()
    # A capsule never read is released by its own destructor.
    unused = table(pa.string()).__arrow_c_stream__()
    del unused
    gc.collect()


def test_polars_goes_through_arrow_not_pandas(expected):
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(table(pa.string())).with_columns(pl.col("area").cast(pl.Categorical))
    with mock.patch.object(pl.DataFrame, "to_pandas", side_effect=AssertionError("through pandas")):
        data = chitieu.Dataset.from_polars(frame, areas=AREAS)
    assert observations(data) == expected


def test_a_pandas_frame_reads_through_arrow_as_through_its_own_path(expected):
    frame = pd.DataFrame(ROWS)
    frame["value"] = pd.array(ROWS["value"], dtype="Int64")
    assert hasattr(frame, "__arrow_c_stream__")
    assert observations(chitieu.Dataset.from_arrow(frame, areas=AREAS)) == expected


def test_floats_read_as_the_decimals_they_print_as():
    t = pa.table({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": pa.array([84.7], pa.float32())})
    # float32 84.7 prints as 84.69999694824219 in float64: read as that
    # decimal, never rounded to what it "should" have been.
    value = chitieu.Dataset.from_arrow(t, areas=AREAS).observations()[0]["value"]
    assert str(value) != "84.7"
    t = t.set_column(3, "value", pa.array([84.7], pa.float64()))
    assert str(chitieu.Dataset.from_arrow(t, areas=AREAS).observations()[0]["value"]) == "84.7"


@pytest.mark.parametrize(
    "columns,code,path",
    [
        ({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "valeu": [1]}, "unknown-field", "valeu"),
        ({"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": [True]}, "wrong-type", "value"),
        ({"indicator": [1], "area": ["VN"], "period": ["2023"]}, "wrong-type", "indicator"),
        (
            {"indicator": ["P8.CCG"], "area": ["VN"], "period": ["2023"], "value": pa.array([2**63], pa.uint64())},
            "number-out-of-range",
            "value",
        ),
        ({"indicator": ["P8.CCG"], "area": [None], "period": ["2023"]}, "missing-field", "area"),
    ],
)
def test_bad_columns_name_the_column(columns, code, path):
    with pytest.raises(chitieu.ChitieuError) as caught:
        chitieu.Dataset.from_arrow(pa.table(columns), areas=AREAS)
    assert caught.value.code == code
    assert path in caught.value.path
    # Said in Vietnamese too, not an English sentence inside it.
    assert "expected" not in caught.value.message("vi")
    assert caught.value.message("vi") != caught.value.message("en")


def test_not_an_arrow_object_is_a_wrong_type():
    with pytest.raises(chitieu.WrongTypeError) as caught:
        chitieu.Dataset.from_arrow({"indicator": ["P8.CCG"]})
    assert caught.value.path == "data"


def test_a_dictionary_column_of_nulls_reads_as_missing():
    # Its dictionary is empty: arrow-rs's normalized_keys panics on that.
    t = table(pa.string()).set_column(4, "dim:giới tính", pa.array([None] * 4, pa.string()).dictionary_encode())
    assert all("disaggregation" not in o for o in chitieu.Dataset.from_arrow(t, areas=AREAS).observations())
