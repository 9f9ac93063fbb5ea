"""The columnar path at scale: a DataFrame of a million observations is
validated and rolled up without a Python object per row.

    .venv/bin/python py/bench/columnar.py [rows] [--save data.json]

Prints the time of each step. With --save, writes the same data set as JSON
so `cargo run --release -p chitieu --example pipeline -- data.json` times the
pure-Rust path on identical data.
"""

import json
import sys
import time

import numpy as np
import pandas as pd

import chitieu
from chitieu._frames import columns_of


def make_frame(rows: int) -> "tuple[pd.DataFrame, list]":
    rng = np.random.default_rng(8)
    communes = 10_000
    quarters = [f"{y}Q{q}" for y in range(2021, 2026) for q in range(1, 5)]
    indicators = ["P8.CCG", "P8.LEADERS", "P8.LIVELIHOOD", "P8.TRUSTED", "P8.GE_TRAINING"]
    per_commune = len(quarters) * len(indicators)
    n = min(rows, communes * per_commune)
    i = np.arange(n)
    frame = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes((i // len(quarters)) % len(indicators), indicators),
            "area": pd.Categorical.from_codes(i // per_commune, [f"X{c:04}" for c in range(communes)]),
            "period": pd.Categorical.from_codes(i % len(quarters), quarters),
            # Growing counts, as groups are set up quarter after quarter.
            "value": ((i % len(quarters)) * 2 + rng.integers(0, 2, n)).astype("int64"),
        }
    )
    areas = [{"code": "VN", "name": {"vi": "Việt Nam", "en": "Viet Nam"}, "level": "country"}]
    areas += [{"code": f"T{p:02}", "name": {"vi": f"Tỉnh {p}", "en": f"Province {p}"}, "level": "province", "parent": "VN"} for p in range(34)]
    areas += [
        {"code": f"X{c:04}", "name": {"vi": f"Xã {c}", "en": f"Commune {c}"}, "level": "commune", "parent": f"T{c % 34:02}"}
        for c in range(communes)
    ]
    return frame, areas


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
    frame, areas = make_frame(rows)
    # Quarterly data for yearly indicators would flag every row; this run
    # measures the engine, so the framework is told the data is quarterly.
    framework = json.loads(chitieu.builtin().to_json())["framework"]
    for ind in framework["components"][0]["indicators"]:
        ind["frequency"] = "quarter"
    base = chitieu.Dataset.from_json({"version": 1, "framework": framework, "areas": areas})
    t0 = time.perf_counter()
    n, spec = columns_of(frame)
    t1 = time.perf_counter()
    inner = base._inner.with_columns(n, spec)
    t2 = time.perf_counter()
    data = chitieu.Dataset(inner)
    findings = data.validate(as_of="2025-12-31")
    t3 = time.perf_counter()
    report = data.progress(as_of="2025-12-31")
    t4 = time.perf_counter()
    print(f"rows                      {n:>10,}")
    print(f"frame -> column buffers   {t1 - t0:>9.3f} s  (Python/pandas)")
    print(f"buffers -> observations   {t2 - t1:>9.3f} s  (Rust)")
    print(f"validate (every rule)       {t3 - t2:>9.3f} s  ({len(findings)} findings)")
    print(f"progress + roll-up        {t4 - t3:>9.3f} s  (national CCG: {report['P8.CCG'].display['achieved']})")
    print(f"total                     {t4 - t0:>9.3f} s")
    if "--save" in sys.argv:
        path = sys.argv[sys.argv.index("--save") + 1]
        with open(path, "w", encoding="utf-8") as f:
            f.write(data.to_json())
        print(f"saved {path}")


if __name__ == "__main__":
    main()
