"""The Python side of the benchmark table: the same steps as the Rust
`bench` example, on the files written by the `generate` example.

    .venv/bin/python py/bench/pipeline.py DIR SCALE

Prints one JSON object: seconds per step and the peak resident memory.
Two ways in are timed: tidy CSV read on the Rust side (`Dataset.from_csv`),
and the columnar pandas path (`pd.read_csv` with categorical codes, then
`Dataset.from_pandas`, no Python object per row).
"""

import json
import resource
import sys
import time

import pandas as pd

import chitieu


def main() -> None:
    folder, scale = sys.argv[1], sys.argv[2]
    base = chitieu.Dataset.from_json(f"{folder}/{scale}-base.json")
    as_of = "2025-12-31"

    t = time.perf_counter()
    data = chitieu.Dataset.from_csv(f"{folder}/{scale}.csv", number_format="en", framework=base)
    load_csv = time.perf_counter() - t

    t = time.perf_counter()
    frame = pd.read_csv(
        f"{folder}/{scale}.csv",
        dtype={"indicator": "category", "area": "category", "period": "category", "dim:sex": "category", "dim:ethnicity": "category"},
        # Only an empty cell is missing ("NA" could be a code).
        keep_default_na=False,
        na_values=[""],
    )
    read_pandas = time.perf_counter() - t
    t = time.perf_counter()
    from_frame = chitieu.Dataset.from_pandas(frame, framework=base)
    from_pandas = time.perf_counter() - t
    same = len(from_frame) == len(data)
    del frame, from_frame

    t = time.perf_counter()
    findings = data.validate(as_of)
    validate = time.perf_counter() - t

    t = time.perf_counter()
    # The figures of the rows that count (the data has mistakes injected).
    rolled = data.rollup(as_of, invalid="exclude")
    rollup = time.perf_counter() - t

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "runtime": "python",
                "scale": scale,
                "observations": len(data),
                "load_csv": round(load_csv, 4),
                "read_pandas": round(read_pandas, 4),
                "from_pandas": round(from_pandas, 4),
                "pandas_rows_match": same,
                "validate": round(validate, 4),
                "rollup": round(rollup, 4),
                "findings": len(findings),
                "rollup_rows": sum(len(i["rows"]) for i in rolled["indicators"]),
                "peak_rss": peak,
            }
        )
    )


if __name__ == "__main__":
    main()
