"""chitieu.dask on a real two-process cluster: roll-up and progress of the
national synthetic data equal the single-process results exactly."""

import random

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import chitieu  # noqa: E402
import chitieu.dask  # noqa: E402

AS_OF = "2024-09-30"
DTYPES = dict(chitieu.dask.CSV_DTYPES, **{"dim:sex": "object", "dim:ethnicity": "object"})


@pytest.fixture(scope="module")
def national(synthetic):
    """The national synthetic data (1.33 M observations): (CSV path,
    framework and areas)."""
    out = synthetic("national")
    return out / "national.csv", chitieu.Dataset.from_json(out / "national-base.json")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        with distributed.Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def one_machine(national):
    csv, base = national
    return chitieu.Dataset.from_csv(csv, number_format="en", framework=base)


def test_partitions_in_input_order_give_the_single_process_results(national, one_machine, client):
    csv, base = national
    frame = dd.read_csv(csv, dtype=DTYPES, blocksize="4MB")
    assert frame.npartitions >= 8
    cluster = chitieu.dask.from_dask(frame, framework=base)
    rolled = cluster.rollup(AS_OF, invalid="exclude")
    single = one_machine.rollup(AS_OF, invalid="exclude")
    assert rolled == single
    assert rolled["excluded"]["total"] > 2_000
    assert cluster.progress(AS_OF, invalid="exclude") == one_machine.progress(AS_OF, invalid="exclude")
    province = single["indicators"][0]["rows"][-2]["area"]
    assert cluster.progress(AS_OF, area=province, lang="en", invalid="exclude") == one_machine.progress(
        AS_OF, area=province, lang="en", invalid="exclude"
    )


def test_shuffled_partitions_give_the_same_figures(national, one_machine, client):
    csv, base = national
    frame = dd.read_csv(csv, dtype=DTYPES, blocksize="4MB")
    order = list(range(frame.npartitions))
    random.Random(8).shuffle(order)
    shuffled = frame.partitions[order]
    rolled = chitieu.dask.from_dask(shuffled, framework=base).rollup(AS_OF, invalid="exclude").to_dict()
    single = one_machine.rollup(AS_OF, invalid="exclude").to_dict()
    # The same figures; what was left out is the same count, listed at its
    # rows in the shuffled order.
    assert rolled["indicators"] == single["indicators"]
    assert rolled["window"] == single["window"]
    left, right = rolled["excluded"], single["excluded"]
    assert left["total"] == right["total"]
    assert {k: v["count"] for k, v in left["by_reason"].items()} == {
        k: v["count"] for k, v in right["by_reason"].items()
    }


def test_states_pickle_as_their_canonical_bytes(national):
    import pickle

    csv, base = national
    state = chitieu.dask.RollupState.empty(base._inner, AS_OF, None, "exclude")
    assert pickle.loads(pickle.dumps(state)) == state
    assert pickle.loads(pickle.dumps(state)).to_bytes() == state.to_bytes()
    with pytest.raises(chitieu.ChitieuError, match="counted twice|tính hai lần"):
        part = chitieu.Dataset.from_csv_text(
            "indicator,area,period,value\n", number_format="en", framework=base
        )
        once = state.updated(part._inner, 0)
        once.merge(once)


def without_lines(findings):
    """Each finding as its JSON, without the file line of its record."""
    out = []
    for f in findings:
        d = f.to_dict()
        d["record"] = {k: v for k, v in d["record"].items() if k != "line"}
        out.append(d)
    return out


#: A user rule (compared at each area and period): groups of leaders can
#: not outnumber communication groups, so the area × period pass runs.
LEADERS_RULE = {"id": "u.leaders-under-groups", "expression": "#{S.LEADERS} <= #{S.CCG}"}


def test_validation_on_the_cluster_equals_the_single_process_findings(national, one_machine, client):
    csv, base = national
    frame = dd.read_csv(csv, dtype=DTYPES, blocksize="4MB")
    found = chitieu.dask.from_dask(frame, framework=base).validate(AS_OF, rules=[LEADERS_RULE])
    single = one_machine.validate(AS_OF, rules=[LEADERS_RULE])
    # The same findings; the one machine read the file itself, so its
    # findings about rows also name their line, which Dask's reader does
    # not know.
    assert without_lines(found) == without_lines(single)
    rows = [f for f in single if f.record["kind"] == "observation"]
    assert rows and all(f.record["line"] == f.record["index"] + 2 for f in rows)
    assert not any("line" in f.record for f in found)
    # Rules of every locality found something: each pass ran, and the
    # set-up rules once.
    for rule in ["value.negative", "consistency.stock-drop", "reporting.after-as-of", "u.leaders-under-groups"]:
        assert found.summary["by_rule"].get(rule, 0) > 0, rule
    assert found.summary["by_rule"]["plan.allocation-sum"] == 6
    assert found.summary == single.summary


def test_shuffled_partitions_and_one_sent_twice_give_the_single_process_findings(national, client):
    csv, base = national
    frame = dd.read_csv(csv, dtype=DTYPES, blocksize="4MB")
    order = list(range(frame.npartitions))
    random.Random(15).shuffle(order)
    # A partition sent twice: its rows are repeated keys, found across
    # partitions because a series is whole after the shuffle.
    order.append(order[3])
    shuffled = frame.partitions[order]
    found = chitieu.dask.from_dask(shuffled, framework=base).validate(AS_OF, lang="en")
    again = chitieu.Dataset.from_pandas(shuffled.compute(), framework=base).validate(AS_OF, lang="en")
    assert found == again
    repeated = len(frame.partitions[order[3]])
    assert found.summary["by_rule"]["reporting.duplicate"] == repeated
    first = next(f for f in found if f.rule == "reporting.duplicate")
    assert first.record["path"] == f"$.observations[{len(shuffled) - repeated}]"


def test_a_key_repeated_across_partitions_counts_as_on_one_machine(client):
    import pandas as pd

    # P8.CCG × VN × 2023 in both partitions: 7,623 first, 9,999 after.
    frame = pd.DataFrame(
        {"indicator": ["P8.CCG", "P8.CCG"], "area": ["VN", "VN"], "period": ["2023", "2023"], "value": [7623, 9999]}
    )
    one = chitieu.Dataset.from_pandas(frame)
    parts = dd.from_pandas(frame, npartitions=2)
    assert parts.npartitions == 2
    cluster = chitieu.dask.from_dask(parts)
    # Strict: both refuse the repeat, with the same code and row.
    with pytest.raises(chitieu.ChitieuError) as single:
        one.rollup("2023-12-31")
    with pytest.raises(chitieu.ChitieuError) as many:
        cluster.rollup("2023-12-31")
    assert single.value.code == many.value.code == "duplicate-key"
    assert many.value.path == single.value.path == "$.observations[1]"
    assert many.value.message_en == single.value.message_en
    # Excluded: the first counts, the repeat is listed, on both.
    assert cluster.rollup("2023-12-31", invalid="exclude") == one.rollup("2023-12-31", invalid="exclude")
    rolled = cluster.rollup("2023-12-31", invalid="exclude")
    assert rolled["excluded"]["by_reason"]["duplicate"]["count"] == 1
    assert rolled["indicators"][0]["rows"][0]["value"] == 7623


@pytest.fixture(scope="module")
def dirty_national(national):
    """The national data as a pandas frame, and the framework and areas
    expecting every province to report every indicator (so coverage and
    missing reports are computed too)."""
    import json

    import pandas as pd

    csv, base = national
    frame = pd.read_csv(csv, dtype=DTYPES)
    doc = json.loads(base.to_json())
    doc["expected"] = {"levels": [{"level": "province"}]}
    return frame, chitieu.Dataset.from_json_text(json.dumps(doc))


def with_repeats_at_boundaries(frame, partitions):
    """`frame` cut into `partitions` pieces. Each piece ends with two bad
    rows — an unknown area code and an unknown indicator — and the next
    piece starts with their repeats, so the first copy of each is judged
    on its code and the second is a duplicate, wherever the pieces go (one
    piece holds both copies)."""
    import pandas as pd

    size = -(-len(frame) // partitions)
    pieces = [frame.iloc[i * size : (i + 1) * size] for i in range(partitions)]
    bad = [
        pd.concat(
            [piece.iloc[[0]].assign(area=f"01{900 + i}"), piece.iloc[[1]].assign(indicator=f"P8.NOT_{i}")]
        )
        for i, piece in enumerate(pieces)
    ]
    out = []
    for i, piece in enumerate(pieces):
        parts = [piece, bad[i]]
        if i > 0:
            parts.insert(0, bad[i - 1])
        out.append(pd.concat(parts, ignore_index=True))
    if partitions == 1:
        out[0] = pd.concat([out[0], bad[0]], ignore_index=True)
    return out


@pytest.mark.parametrize("partitions,shuffled", [(1, False), (3, False), (3, True), (7, False), (7, True)])
def test_repeated_bad_rows_across_boundaries_give_one_machines_figures(
    dirty_national, client, partitions, shuffled
):
    import pandas as pd

    frame, base = dirty_national
    pieces = with_repeats_at_boundaries(frame, partitions)
    if shuffled:
        random.Random(partitions).shuffle(pieces)
    whole = pd.concat(pieces, ignore_index=True)
    cluster = chitieu.dask.from_dask(
        dd.concat([dd.from_pandas(p, npartitions=1) for p in pieces]), framework=base
    )
    one = chitieu.Dataset.from_pandas(whole, framework=base)
    rolled = cluster.rollup(AS_OF, invalid="exclude")
    single = one.rollup(AS_OF, invalid="exclude")
    assert rolled == single
    # Each repeated pair: the first copy is judged on its code, the
    # second is a duplicate, on both.
    counts = {k: v["count"] for k, v in single["excluded"]["by_reason"].items()}
    clean = chitieu.Dataset.from_pandas(frame, framework=base).rollup(AS_OF, invalid="exclude")
    before = {k: v["count"] for k, v in clean["excluded"]["by_reason"].items()}
    pairs = max(partitions - 1, 1)
    assert counts["duplicate"] == before.get("duplicate", 0) + 2 * pairs
    assert counts["unknown-area"] == before.get("unknown-area", 0) + partitions
    assert counts["unknown-indicator"] == before.get("unknown-indicator", 0) + partitions
    # Coverage is computed where the data set expects reports.
    assert all("coverage" in row for ind in single["indicators"] for row in ind["rows"] if row["level"] == "country")
    assert cluster.progress(AS_OF, invalid="exclude") == one.progress(AS_OF, invalid="exclude")
    assert cluster.validate(AS_OF) == one.validate(AS_OF)
    # Strict: both refuse at the same first problem, in the same words.
    with pytest.raises(chitieu.ChitieuError) as on_one:
        one.rollup(AS_OF)
    with pytest.raises(chitieu.ChitieuError) as on_many:
        cluster.rollup(AS_OF)
    assert (on_many.value.code, on_many.value.path) == (on_one.value.code, on_one.value.path)
    assert on_many.value.message_en == on_one.value.message_en
