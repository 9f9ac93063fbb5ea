import json
import os
import pathlib
import subprocess

import pytest

#: In CI every extra is installed (py/requirements-dev.txt): a test that
#: would be skipped — an extra missing, the command not built — fails
#: instead, so nothing passes for want of a package.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _failed_in_ci(report):
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be: {report.longrepr}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    return _failed_in_ci((yield))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    return _failed_in_ci((yield))

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.json"))
RUST_OUTPUTS = ROOT / "target" / "conformance"


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


def load_case(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """Writes the core's synthetic data at a scale (seed 8) once a session:
    ``synthetic("small")`` is the directory holding ``small.csv`` and
    ``small-base.json`` (the framework and areas)."""
    written = {}

    def at(scale: str) -> pathlib.Path:
        if scale not in written:
            out = tmp_path_factory.mktemp(scale)
            subprocess.run(
                ["cargo", "run", "-q", "-p", "chitieu", "--example", "generate", "--", scale, str(out), "8"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            written[scale] = out
        return written[scale]

    return at
