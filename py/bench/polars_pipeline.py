"""What an analyst would write with polars instead of chitieu, on the same
files as the other pipelines: the baseline column of the benchmark table.

    .venv/bin/python py/bench/polars_pipeline.py DIR SCALE

Load the tidy CSV; the simple checks (unknown indicator and area codes,
repeated keys, negative values, fractions of whole units, numerators above
denominators); leave out what they flag; roll every indicator up to its
province and the country by its measure (cumulative: sum of the window;
stock, coverage and ratio: each area's latest report, a ratio's parts
summed, then divided); percent achieved, remaining and status against the targets. Floats,
not exact numbers, and two levels instead of every level: less than chitieu
does, which is the point of the comparison. polars uses every core (its
default); the chitieu pipelines one. Prints one JSON object like
pipeline.py: seconds per step and the peak resident memory.
"""

import json
import resource
import sys
import time

import polars as pl

KEY = ["indicator", "area", "period", "dim:sex", "dim:ethnicity"]
WHOLE = {"percent", "vnd"}  # units that are not counted in whole items


def indicators_of(base):
    out = []
    for component in base["framework"]["components"]:
        stack = list(component["indicators"])
        while stack:
            indicator = stack.pop()
            out.append(indicator)
            stack.extend(indicator.get("sub_measures", []))
    return out


def set_up(base):
    indicators = indicators_of(base)
    frame = pl.DataFrame(
        {
            "indicator": [i["code"] for i in indicators],
            "measure": [i["measure"] for i in indicators],
            "whole": [i["unit"] not in WHOLE for i in indicators],
        }
    )
    parent = {a["code"]: a.get("parent") for a in base["areas"]}
    level = {a["code"]: a["level"] for a in base["areas"]}

    def province(code):
        while code is not None and level.get(code) not in ("province", "country"):
            code = parent.get(code)
        return code if level.get(code) == "province" else None

    areas = pl.DataFrame({"area": list(parent), "province": [province(c) for c in parent], "known": [True] * len(parent)})
    targets = pl.DataFrame(
        [
            {"indicator": i["code"], "province": t.get("area"), "target": float(t["value"])}
            for i in indicators
            for t in i.get("targets", [])
        ],
        schema={"indicator": pl.Utf8, "province": pl.Utf8, "target": pl.Float64},
    )
    return frame, areas, targets


def checks(frame, indicators, areas):
    joined = frame.join(indicators, on="indicator", how="left").join(areas, on="area", how="left")
    flags = joined.with_columns(
        unknown_indicator=pl.col("measure").is_null(),
        unknown_area=pl.col("known").is_null(),
        duplicate=~pl.struct(KEY).is_first_distinct(),
        negative=(pl.col("value") < 0) | (pl.col("numerator") < 0) | (pl.col("denominator") < 0),
        fraction=pl.col("whole") & (pl.col("value") != pl.col("value").floor()),
        numerator_above=pl.col("numerator") > pl.col("denominator"),
    )
    names = ["unknown_indicator", "unknown_area", "duplicate", "negative", "fraction", "numerator_above"]
    counts = flags.select([pl.col(n).fill_null(False).sum().alias(n) for n in names]).row(0, named=True)
    bad = pl.any_horizontal([pl.col(n).fill_null(False) for n in names[:5]])
    return flags.filter(~bad), counts


def rollup(clean, as_of_year):
    totals = clean.filter(
        pl.col("dim:sex").is_null()
        & pl.col("dim:ethnicity").is_null()
        & (pl.col("period").str.slice(0, 4).cast(pl.Int32) <= as_of_year)
    )
    latest = (
        totals.filter(pl.col("measure").is_in(["stock", "coverage", "ratio"]))
        .sort("period")
        .group_by(["indicator", "area"])
        .last()
    )
    flows = totals.filter(pl.col("measure") == "cumulative")
    parts = pl.concat([latest, flows.select(latest.columns)])
    by = parts.with_columns(met=(pl.col("value") >= 1).cast(pl.Float64))
    aggregate = [
        pl.col("value").sum().alias("value"),
        pl.col("numerator").sum().alias("numerator"),
        pl.col("denominator").sum().alias("denominator"),
        pl.col("met").sum().alias("met"),
        pl.len().alias("areas"),
        pl.col("measure").first().alias("measure"),
    ]
    province = by.group_by(["indicator", "province"]).agg(aggregate)
    country = by.group_by("indicator").agg(aggregate).with_columns(province=pl.lit(None, dtype=pl.Utf8))
    rolled = pl.concat([province, country.select(province.columns)])
    achieved = (
        pl.when(pl.col("measure") == "ratio")
        .then(pl.col("numerator") / pl.col("denominator") * 100)
        .when(pl.col("measure") == "coverage")
        .then(pl.col("met"))
        .otherwise(pl.col("value"))
    )
    return rolled.with_columns(achieved=achieved)


def progress(rolled, targets):
    joined = rolled.join(targets, on=["indicator", "province"], how="left", nulls_equal=True)
    percent = pl.col("achieved") / pl.col("target") * 100
    return joined.with_columns(
        percent=percent,
        remaining=pl.max_horizontal(pl.col("target") - pl.col("achieved"), pl.lit(0.0)),
        status=pl.when(pl.col("target").is_null())
        .then(pl.lit("no-target"))
        .when(pl.col("achieved") >= pl.col("target"))
        .then(pl.lit("achieved"))
        .when(pl.col("achieved") > 0)
        .then(pl.lit("in-progress"))
        .otherwise(pl.lit("not-started")),
    )


def main() -> None:
    folder, scale = sys.argv[1], sys.argv[2]
    with open(f"{folder}/{scale}-base.json", encoding="utf-8") as f:
        indicators, areas, targets = set_up(json.load(f))

    t = time.perf_counter()
    schema = {name: pl.Utf8 for name in KEY}
    schema.update({name: pl.Float64 for name in ("value", "numerator", "denominator")})
    frame = pl.read_csv(f"{folder}/{scale}.csv", schema_overrides=schema)
    load_csv = time.perf_counter() - t

    t = time.perf_counter()
    clean, counts = checks(frame, indicators, areas)
    validate = time.perf_counter() - t

    t = time.perf_counter()
    report = progress(rollup(clean, 2025), targets)
    roll = time.perf_counter() - t

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "runtime": "polars",
                "scale": scale,
                "observations": frame.height,
                "load_csv": round(load_csv, 4),
                "validate": round(validate, 4),
                "rollup": round(roll, 4),
                "flagged": counts,
                "rollup_rows": report.height,
                "peak_rss": peak,
            }
        )
    )


if __name__ == "__main__":
    main()
