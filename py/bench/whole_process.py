"""The whole Python pipeline as a user runs it: from
``import chitieu`` to the roll-up in hand, in a fresh process without
pandas (nothing else imported), CSV read on the Rust side.

    .venv/bin/python py/bench/whole_process.py DIR SCALE

Prints one JSON object: the wall time from before the import, and the
process's peak resident memory beside the CSV's size.
"""

import time

started = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

import chitieu  # noqa: E402


def main() -> None:
    folder, scale = sys.argv[1], sys.argv[2]
    base = chitieu.Dataset.from_json(f"{folder}/{scale}-base.json")
    data = chitieu.Dataset.from_csv(f"{folder}/{scale}.csv", number_format="en", framework=base)
    findings = data.validate("2025-12-31")
    rolled = data.rollup("2025-12-31", invalid="exclude")
    seconds = time.perf_counter() - started
    assert "pandas" not in sys.modules, "pandas was imported"
    print(
        json.dumps(
            {
                "runtime": "python-process",
                "scale": scale,
                "observations": len(data),
                "seconds": round(seconds, 4),
                "findings": findings.summary["total"],
                "rollup_rows": sum(len(i["rows"]) for i in rolled["indicators"]),
                "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "csv_bytes": os.path.getsize(f"{folder}/{scale}.csv"),
            }
        )
    )


if __name__ == "__main__":
    main()
