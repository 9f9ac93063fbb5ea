"""Summarises benchmark runs (JSON lines from the Rust, Python and WASM
pipelines) into the table of BENCHMARKS.md: the best of the runs per step,
ratios to Rust, and the performance targets.

    python3 py/bench/table.py target/bench/results.jsonl
"""

import json
import math
import os
import platform
import sys
from collections import defaultdict

STEPS = ["load_csv", "validate", "rollup"]


def pipeline_seconds(runtime, r):
    """Load + validate + roll-up as the table adds them: Rust checks once
    for both steps, the bindings check in each call."""
    if runtime == "rust":
        return r["load_csv"] + r["check"] * 2 + r["validate"] + r["rollup"]
    return sum(r[s] for s in STEPS)


def best(runs):
    out = dict(runs[0])
    for run in runs[1:]:
        for key, value in run.items():
            if isinstance(value, float) and key in out:
                out[key] = min(out[key], value)
    return out


def main() -> None:
    runs = defaultdict(list)
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                runs[(row["runtime"], row["scale"])].append(row)
    results = {key: best(value) for key, value in runs.items()}
    scales = [s for s in ("small", "medium", "national", "national-x10") if ("rust", s) in results]
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          "Rust and Python validate and roll up on every core (the core's `parallel` feature), "
          "loading and WASM use one.")
    print(f"Best of {max(len(v) for v in runs.values())} runs, seconds.\n")
    print("| scale | observations | CSV MB | runtime | load CSV | validate (every rule) | roll-up (every area) | total | × Rust | µs / obs | peak RSS MB | × CSV |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for scale in scales:
        rust = results[("rust", scale)]
        csv_mb = rust["csv_bytes"] / 1e6
        rust_total = pipeline_seconds("rust", rust)
        # polars: what an analyst would write instead (py/bench/polars_pipeline.py):
        # the simple checks and a two-level roll-up in floats.
        for runtime in ("rust", "python", "wasm", "polars"):
            r = results.get((runtime, scale))
            if r is None:
                continue
            if runtime == "rust":
                steps = [r["load_csv"], r["check"] + r["validate"], r["check"] + r["rollup"]]
            else:
                steps = [r[s] for s in STEPS]
            total = sum(steps)
            peak = r["peak_rss"] / 1e6 if r.get("peak_rss") else float("nan")
            print(
                f"| {scale} | {r['observations']:,} | {csv_mb:.1f} | {runtime} | "
                + " | ".join(f"{s:.3f}" for s in steps)
                + f" | {total:.3f} | {total / rust_total:.2f} | {total / r['observations'] * 1e6:.2f} | {peak:.0f} | {peak / csv_mb:.1f} |"
            )
    if any(runtime == "polars" for runtime, _ in results):
        print(
            "\npolars: what an analyst would write instead (py/bench/polars_pipeline.py), on every core"
            " (its default): the simple checks in the validate column, province and country in floats in the"
            " roll-up column; its values agree with chitieu's excluded-data roll-up at those levels."
        )
    if ("rust", "national") in results:
        r = results[("rust", "national")]
        print(
            f"\nRust, national, checked once (a pipeline): load CSV {r['load_csv']:.3f} + check {r['check']:.3f}"
            f" + validate {r['validate']:.3f} + roll-up {r['rollup']:.3f}"
            f" = {r['load_csv'] + r['check'] + r['validate'] + r['rollup']:.3f} s; load JSON {r['load_json']:.3f} s;"
            f" re-base {r['rebase']:.3f} s; allocation over {r.get('allocated', 0) // 2:,} units twice {r['allocate']:.3f} s."
        )
    if ("rust", "national") in results and ("rust", "national-x10") in results:
        one, ten = results[("rust", "national")], results[("rust", "national-x10")]
        growth = {
            rt: (results[(rt, "national-x10")], results[(rt, "national")])
            for rt in ("rust", "python", "wasm", "polars")
            if (rt, "national-x10") in results and (rt, "national") in results
        }
        ratios = ", ".join(f"{rt} {pipeline_seconds(rt, a) / pipeline_seconds(rt, b):.1f}×" for rt, (a, b) in growth.items())
        print(
            f"\nTen times the data ({ten['observations'] / one['observations']:.1f}× the observations):"
            f" load + validate + roll-up took {ratios} as long (one run each; linear is 10×)."
        )
    for scale in scales:
        counts = {rt: results[(rt, scale)].get("findings") for rt in ("rust", "python", "wasm") if (rt, scale) in results}
        if len(set(counts.values())) > 1:
            print(f"\nWARNING: findings differ at {scale}: {counts}")
    if ("python-process", "national") in results and ("rust", "national") in results:
        p, r = results[("python-process", "national")], results[("rust", "national")]
        rust_total = pipeline_seconds("rust", r)
        print(
            f"\nPython, the whole process from `import chitieu` to the roll-up in hand (national, no pandas):"
            f" {p['seconds']:.2f} s, {p['seconds'] / rust_total:.2f} × Rust's load + validate + roll-up;"
            f" peak {p['peak_rss'] / 1e6:.0f} MB for a {p['csv_bytes'] / 1e6:.1f} MB CSV"
            f" (the CSV + {(p['peak_rss'] - p['csv_bytes']) / 1e6:.0f} MB)."
        )
    if ("findings", "national") in results:
        f = results[("findings", "national")]
        print(
            f"\nFindings at scale ({f['observations']:,} observations, every third count negated):"
            f" validate {f['validate']:.2f} s gives {f['findings']:,} findings; then the summary {f['summary']:.3f} s,"
            f" pl.DataFrame {f['to_polars']:.2f} s, to_pandas {f['to_pandas']:.2f} s,"
            f" the HTML report {f['html']:.2f} s ({f['html_bytes'] / 1e6:.1f} MB), the first Finding {f['first_finding']:.3f} s,"
            f" every Finding object {f['all_findings']:.2f} s."
        )
    dask_section(results)
    if ("wasm", "small") in results:
        print(f"\nWASM, one province-sized report ({results[('wasm', 'small')]['observations']:,} values): validate {results[('wasm', 'small')]['validate'] * 1000:.1f} ms.")


def dask_section(results) -> None:
    """chitieu.dask's rows, and the extrapolation to N machines from the
    measured cost of a partition, a merge and the finish."""
    rows = [results[("dask", s)] for s in ("national", "national-x10") if ("dask", s) in results]
    if not rows:
        return
    print(
        f"\nchitieu.dask on a LocalCluster of {rows[0]['workers']} worker processes (one thread,"
        f" {rows[0]['memory_limit']} memory limit each), CSV partitions of 8 MB:\n"
    )
    print("| scale | observations | partitions | roll-up + progress s | a partition s (mean, max) | a merge s | finish s | state MB | worker peak RSS MB | validate s | findings |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        parts, merges = r["partition_seconds"], r["merge_seconds"] or [0.0]
        validate = f"{r['validate']:.2f}" if "validate" in r else "–"
        print(
            f"| {r['scale']} | {r['observations']:,} | {r['partitions']} | {r['rollup']:.2f} |"
            f" {sum(parts) / len(parts):.2f}, {max(parts):.2f} | {sum(merges) / len(merges):.2f} | {r['finish']:.2f} |"
            f" {r['state_bytes'] / 1e6:.1f} | {r['worker_peak_rss'] / 1e6:.0f} | {validate} | {r.get('findings', '–')} |"
        )
    big = rows[-1]
    part = sum(big["partition_seconds"]) / len(big["partition_seconds"])
    root = max(big["merge_seconds"] or [0.0])
    # Fan-in 8: each level below the root merges and moves an eighth of
    # the level above, so the tree costs 8/7 of its root; states move at
    # 1 Gbit/s between machines.
    tree = (root + big["state_bytes"] / 125e6) * 8 / 7

    def model(partitions: int, workers: int, scale: float) -> float:
        return -(-partitions // workers) * part + tree * scale + big["finish"] * scale

    print(
        f"\nA model of the roll-up from these costs ({big['scale']}: a partition {part:.2f} s, the root merge {root:.2f} s,"
        f" the final state {big['state_bytes'] / 1e6:.0f} MB, the finish {big['finish']:.2f} s): partitions in waves over"
        f" the workers, then the merge tree and the finish. At the measured configuration it gives"
        f" {model(big['partitions'], big['workers'], 1):.1f} s against {big['rollup']:.1f} s measured (the rest is Dask"
        f" moving states between processes and scheduling). The state holds every distinct observation key it read"
        f" ({big['state_bytes'] / big['observations']:.1f} bytes an observation), so the tree's root and the finish grow"
        f" with the data:\n"
    )
    print("| machines | workers | " + " | ".join(f"{n}× ({n * big['observations'] / 1e6:,.0f} M obs)" for n in (1, 10)) + " |")
    print("|---|---|---|---|")
    for machines in (1, 4, 16, 64):
        workers = 2 * machines
        cells = [f"{model(n * big['partitions'], workers, n):.0f} s" for n in (1, 10)]
        print(f"| {machines} | {workers} | " + " | ".join(cells) + " |")
    print(
        f"\nAt 10× the root state is about {10 * big['state_bytes'] / 1e9:.1f} GB on one worker: past what the"
        f" {big['memory_limit']} workers measured here hold (peak {big['worker_peak_rss'] / 1e9:.1f} GB at 1×)."
    )

if __name__ == "__main__":
    main()
