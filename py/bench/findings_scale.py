"""Findings at scale: a national file with about half a million problems,
and what it costs to look at them once validated.

    .venv/bin/python py/bench/findings_scale.py DIR SCALE

Negates every third value of DIR/SCALE.csv in memory (a negative count is
a `value.negative` error: one finding each), validates, then times what an
analyst does next: the summary, the count, Arrow into polars, pandas, the
HTML report and Finding objects. Prints one JSON object (seconds).
"""

import json
import sys
import time

import chitieu


def negated(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i in range(1, len(lines), 3):
        cells = lines[i].split(",")
        # The synthetic files quote nothing; `value` is the fourth column.
        if len(cells) > 3 and cells[3] and not cells[3].startswith("-"):
            cells[3] = "-" + cells[3]
            lines[i] = ",".join(cells)
    return "\n".join(lines)


def timed(step):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = step()
    return out, round(time.perf_counter() - t, 4)


def main() -> None:
    folder, scale = sys.argv[1], sys.argv[2]
    base = chitieu.Dataset.from_json(f"{folder}/{scale}-base.json")
    data = chitieu.Dataset.from_csv_text(negated(f"{folder}/{scale}.csv"), number_format="en", framework=base)
    as_of = "2025-12-31"
    findings, validate = timed(lambda: data.validate(as_of))
    summary, summary_s = timed(lambda: findings.summary["by_rule"])
    count, count_s = timed(lambda: len(findings))
    import polars as pl

    frame, polars_s = timed(lambda: pl.DataFrame(findings))
    pandas_frame, pandas_s = timed(findings.to_pandas)
    html, html_s = timed(lambda: findings._repr_html_())
    first, first_s = timed(lambda: findings[0])
    objects, objects_s = timed(lambda: findings.findings)
    assert frame.height == count == len(pandas_frame) == len(objects) == findings.summary["total"]
    print(
        json.dumps(
            {
                "runtime": "findings",
                "scale": scale,
                "observations": len(data),
                "findings": count,
                "negative": summary.get("value.negative", 0),
                "validate": validate,
                "summary": summary_s,
                "len": count_s,
                "to_polars": polars_s,
                "to_pandas": pandas_s,
                "html": html_s,
                "html_bytes": len(html),
                "first_finding": first_s,
                "all_findings": objects_s,
            }
        )
    )


if __name__ == "__main__":
    main()
