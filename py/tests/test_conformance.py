"""Every conformance case in tests/cases through the Python binding: the
expected values hold, and the whole response equals the Rust core's."""

import json

import pytest

import chitieu
from conftest import CASES, RUST_OUTPUTS, load_case


def matches(expected, actual, path="$"):
    """The same matching as core/tests/conformance.rs."""
    failures = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key in actual:
                failures += matches(value, actual[key], f"{path}.{key}")
            elif value is not None:
                failures.append(f"{path}.{key}: missing")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} items, got {len(actual)}"]
        for i, (e, a) in enumerate(zip(expected, actual)):
            failures += matches(e, a, f"{path}[{i}]")
    elif expected != actual or type(expected) is not type(actual) and not (
        isinstance(expected, (int, float)) and isinstance(actual, (int, float))
    ):
        failures.append(f"{path}: expected {expected!r}, got {actual!r}")
    return failures


def test_there_are_enough_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = load_case(path)
    try:
        outcome = {"response": chitieu.evaluate(case.get("request_text", case.get("request")))}
    except chitieu.ChitieuError as e:
        outcome = {"error": {"code": e.code, "path": e.path, "line": e.line, "column": e.column,
                             "message": {"vi": e.message_vi, "en": e.message_en}}}
    if "expected" in case:
        assert "response" in outcome, outcome
        assert matches(case["expected"], outcome["response"]["result"]) == []
    else:
        assert "error" in outcome, outcome
        assert matches(case["error"], outcome["error"]) == []
    rust = json.loads((RUST_OUTPUTS / path.name).read_text(encoding="utf-8"))
    assert outcome == rust, "the Python result differs from the Rust core's"
