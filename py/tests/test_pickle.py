"""Objects pickle (for multiprocessing and Dask) and come back equal."""

import multiprocessing
import pickle

import pytest

import chitieu


def test_objects_round_trip():
    data = chitieu.builtin()
    back = pickle.loads(pickle.dumps(data))
    assert back.to_json() == data.to_json()
    report = data.progress(as_of="2023-12-31")
    again = pickle.loads(pickle.dumps(report))
    assert again.to_dict() == report.to_dict()
    assert again._repr_html_() == report._repr_html_()
    findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31")
    assert pickle.loads(pickle.dumps(findings)).to_dicts() == findings.to_dicts()
    allocation = chitieu.allocate(7, {"a": 1, "b": 2})
    assert pickle.loads(pickle.dumps(allocation)).shares == allocation.shares


def test_native_dataset_pickles():
    inner = chitieu.builtin()._inner
    assert pickle.loads(pickle.dumps(inner)).to_json() == inner.to_json()


def test_exceptions_pickle():
    with pytest.raises(chitieu.ChitieuError) as raised:
        chitieu.builtin().progress(as_of="2023-02-30")
    e = raised.value
    assert e.code == "invalid-date"
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), back.code, back.path, back.message_vi) == (type(e), e.code, e.path, e.message_vi)


def count_findings(data):
    return len(data.validate(as_of="2024-12-31"))


def test_datasets_travel_to_worker_processes():
    data = chitieu.builtin("sample-province")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(count_findings, [data, data]) == [10, 10]
