"""chitieu.dask on a two-process LocalCluster (one thread and a fixed
memory limit per worker): roll-up and progress of a synthetic scale, and its
validation when asked, with what the extrapolation to N machines needs —
the cost of each partition's task, of each merge, of the finish on the
client — taken from Dask's own task stream, and each worker's peak RSS.

    python py/bench/dask_pipeline.py DATA_DIR SCALE [validate]
"""

import json
import resource
import sys
import time
from pathlib import Path

import dask.dataframe as dd
import distributed

import chitieu
import chitieu.dask

AS_OF = "2024-09-30"
WORKERS = 2
MEMORY_LIMIT = "4GiB"
BLOCKSIZE = 8_000_000


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def task_seconds(stream, prefix):
    """The seconds each task whose name starts with `prefix` computed."""
    out = []
    for task in stream:
        if str(task["key"]).strip("('\"").startswith(prefix):
            out.extend(s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")
    return out


def main() -> None:
    data, scale = Path(sys.argv[1]), sys.argv[2]
    validate = "validate" in sys.argv[3:]
    csv = data / f"{scale}.csv"
    base = chitieu.Dataset.from_json(data / f"{scale}-base.json")
    dtypes = dict(chitieu.dask.CSV_DTYPES, **{"dim:sex": "object", "dim:ethnicity": "object"})
    with distributed.LocalCluster(
        n_workers=WORKERS, threads_per_worker=1, processes=True, memory_limit=MEMORY_LIMIT
    ) as cluster, distributed.Client(cluster) as client:
        frame = dd.read_csv(csv, dtype=dtypes, blocksize=BLOCKSIZE)
        cluster_data = chitieu.dask.from_dask(frame, framework=base)
        with distributed.get_task_stream(client) as stream:
            t = time.perf_counter()
            state = cluster_data.state(AS_OF, invalid="exclude")
            states = time.perf_counter() - t
        t = time.perf_counter()
        rolled = state.finish_rollup(base._inner, None)
        progress = state.finish_progress(base._inner, None, None)
        finish = time.perf_counter() - t
        partition = [a + b for a, b in zip(task_seconds(stream.data, "read"), task_seconds(stream.data, "state"))]
        merges = task_seconds(stream.data, "_merge")
        row = {
            "runtime": "dask",
            "scale": scale,
            "observations": state.observations,
            "csv_bytes": csv.stat().st_size,
            "workers": WORKERS,
            "memory_limit": MEMORY_LIMIT,
            "partitions": frame.npartitions,
            "state_bytes": len(state.to_bytes()),
            "rollup": round(states + finish, 4),
            "states": round(states, 4),
            "finish": round(finish, 4),
            "partition_seconds": [round(s, 4) for s in partition],
            "merge_seconds": [round(s, 4) for s in merges],
            "rollup_rows": len(json.loads(rolled[0])["indicators"]),
            "progress_bytes": len(progress[0]),
        }
        if validate:
            t = time.perf_counter()
            found = cluster_data.validate(AS_OF)
            row["validate"] = round(time.perf_counter() - t, 4)
            row["findings"] = len(found)
        row["worker_peak_rss"] = max(client.run(peak_rss).values())
        row["client_peak_rss"] = peak_rss()
    print(json.dumps(row))


if __name__ == "__main__":
    main()
