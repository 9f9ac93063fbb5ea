import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.json"))
RUST_OUTPUTS = ROOT / "target" / "conformance"


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


def load_case(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
