"""Area look-ups from Python: `resolve_area` one call at a time, and
`resolve_areas` with 10,000 references in one call — commune codes, then
commune names with their district — against the built-in schemes.

    python py/bench/resolve_areas.py [count]

Prints the first call (which reads the built-in schemes and builds their
tables, once per process), the median of later single calls, each batch's
time, and how many references did not resolve (names two communes of one
district share are `ambiguous`, as one at a time).
"""

import statistics
import sys
import time
from pathlib import Path

import chitieu

TABLE = Path(__file__).resolve().parents[2] / "core" / "data" / "vn-communes.tsv"


def communes():
    """(code, name, district name) of every commune of vn-2004, from the
    package's commune table."""
    districts, out = {}, []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0] == "D":
            districts[fields[1]] = fields[3]
        elif fields[0] == "O" and fields[1] != fields[2]:
            out.append((fields[1], fields[3], fields[2]))
    return [(code, name, districts.get(district, "")) for code, name, district in out]


def single(reference, runs=2_000):
    start = time.perf_counter()
    chitieu.resolve_area(reference, as_of="2025-06-30")
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        chitieu.resolve_area(reference, as_of="2025-06-30")
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def batch(references):
    start = time.perf_counter()
    answers = chitieu.resolve_areas(references, as_of="2025-06-30")
    return time.perf_counter() - start, sum("error" in a for a in answers)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for label, reference in [("code", "00001"), ("name", "Phúc Xá, Ba Đình")]:
        first, median = single(reference)
        print(f"resolve_area by {label}: first call {first * 1e3:.1f} ms, then {median * 1e6:.1f} µs a call (median)")
    rows = communes()
    picked = [rows[i % len(rows)] for i in range(count)]
    for label, references in [
        ("codes", [code for code, _, _ in picked]),
        ("names", [f"{name}, {district}" for _, name, district in picked]),
    ]:
        seconds, errors = batch(references)
        print(f"resolve_areas, {count:,} {label} in one call: {seconds:.3f} s ({errors} answered by an error)")


if __name__ == "__main__":
    main()
