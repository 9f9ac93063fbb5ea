"""chitieu.partitions without any engine: the calls the Spark and Ray
recipes make (docs/scale-out.md), on Arrow batches and pandas frames cut by
hand, give the one-machine results."""

import doctest
import pickle

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

import chitieu
import chitieu.partitions as parts

AS_OF = "2024-09-30"


def test_the_module_examples_run():
    failed, tried = doctest.testmod(parts)
    assert tried > 0 and failed == 0


@pytest.fixture(scope="module")
def province(synthetic):
    """The small synthetic programme (9,000 observations with mistakes
    injected): its set-up, and its rows as an Arrow table read by pyarrow."""
    out = synthetic("small")
    text = {c: pa.string() for c in ["indicator", "area", "period", "source", "dim:sex", "dim:ethnicity"]}
    table = pa_csv.read_csv(out / "small.csv", convert_options=pa_csv.ConvertOptions(column_types=text))
    return chitieu.Dataset.from_json(out / "small-base.json"), table


def test_states_of_arrow_batches_merge_into_the_one_machine_roll_up(province):
    data, table = province
    setup = data.framework_and_areas()
    batches = table.to_batches(max_chunksize=1_000)
    assert len(batches) > 5
    states = [parts.state(b, setup, AS_OF, i, invalid="exclude") for i, b in enumerate(batches)]
    # The bytes a Spark task returns, merged on the driver in any order.
    blobs = [s.to_bytes() for s in reversed(states)]
    merged = parts.merge(parts.RollupState.from_bytes(b) for b in blobs)
    whole = chitieu.Dataset.from_arrow(table, framework=setup)
    assert parts.finish_rollup(merged, setup) == whole.rollup(AS_OF, invalid="exclude")
    assert parts.finish_progress(merged, setup, lang="en") == whole.progress(AS_OF, lang="en", invalid="exclude")


def test_a_hand_made_shuffle_validates_as_one_machine(province):
    data, table = province
    setup = data.framework_and_areas()
    # The second half again: every row of it is a repeated key.
    n = table.num_rows
    table = pa.concat_tables([table, table.slice(n // 2)])
    rows = np.arange(table.num_rows, dtype="uint64")
    run = parts.Validation(setup, AS_OF, lang="en")
    run = pickle.loads(pickle.dumps(run))  # shipped to the workers
    found = []
    for number in range(len(run.passes)):
        # Keys as Spark holds them (int64), buckets as a shuffle deals them.
        keys = run.keys(table, number).view("<i8")
        for bucket in range(3):
            take = np.flatnonzero(keys % 3 == bucket)
            found.append(run.part(table.take(take), number, rows[take]))
    one = chitieu.Dataset.from_arrow(table, framework=setup).validate(AS_OF, lang="en")
    report = run.assemble(reversed(found))
    assert report == one
    assert report.summary["by_rule"]["reporting.duplicate"] == n - n // 2


def test_rows_out_of_order_or_miscounted_are_errors(province):
    data, table = province
    setup = data.framework_and_areas()
    run = parts.Validation(setup, AS_OF)
    with pytest.raises(chitieu.InvalidValueError, match="ordinals"):
        run.part(table.slice(0, 3), 0, np.array([0, 2, 1]))
    with pytest.raises(chitieu.InvalidValueError, match="ordinals"):
        run.part(table.slice(0, 3), 0, np.array([0, 1]))
    with pytest.raises(ValueError):
        parts.merge([])


def test_damaged_state_bytes_are_refused_never_read_as_other_figures(province):
    data, table = province
    setup = data.framework_and_areas()
    blob = parts.state(table.to_batches(max_chunksize=1_000)[0], setup, AS_OF, 0, invalid="exclude").to_bytes()
    assert parts.RollupState.from_bytes(blob).to_bytes() == blob
    for at in range(0, len(blob), max(1, len(blob) // 200)):
        for bit in (0, 3, 7):
            damaged = bytearray(blob)
            damaged[at] ^= 1 << bit
            with pytest.raises(chitieu.ChitieuError) as info:
                parts.RollupState.from_bytes(bytes(damaged))
            assert info.value.path == "state"
    with pytest.raises(chitieu.ChitieuError, match="CRC-32C"):
        parts.RollupState.from_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
