"""The hand-written stubs of the native module match it (mypy.stubtest), and
the package, which uses them, type-checks (mypy)."""

import subprocess
import sys

import pytest


def test_stubtest(root):
    pytest.importorskip("mypy")
    allowlist = root / "py" / "stubtest-allowlist.txt"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "chitieu._chitieu",
            "--allowlist",
            str(allowlist),
            "--mypy-config-file",
            str(root / "py" / "mypy.ini"),
        ],
        capture_output=True,
        text=True,
        cwd=root / "py" / "tests",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_type_checks(root):
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(root / "py" / "mypy.ini"), "-p", "chitieu"],
        capture_output=True,
        text=True,
        cwd=root / "py" / "tests",
    )
    assert result.returncode == 0, result.stdout + result.stderr
