"""The pieces any distributed engine needs to run chitieu over partitions —
Dask (:mod:`chitieu.dask` schedules these), Spark, Ray or a process pool —
with exactly the results of one machine.

A partition is a pandas ``DataFrame`` or any Arrow table (a pyarrow
``Table`` or ``RecordBatch``, a polars ``DataFrame``) in the tidy columns
:meth:`chitieu.Dataset.from_pandas` reads; the set-up (framework and areas)
is a :class:`chitieu.Dataset` shipped once to every worker.

Roll-up and progress: :func:`state` of each partition (numbered in input
order), :func:`merge` in any order and grouping, then :func:`finish_rollup`
or :func:`finish_progress`. A state pickles as its canonical bytes
(``to_bytes()``/``RollupState.from_bytes``).

>>> import pandas as pd, chitieu, chitieu.partitions as parts
>>> setup = chitieu.builtin().framework_and_areas()
>>> rows = pd.DataFrame(chitieu.builtin().observations())[["indicator", "area", "period", "value", "denominator"]]
>>> states = [parts.state(rows[:3], setup, "2023-12-31", 0), parts.state(rows[3:], setup, "2023-12-31", 1)]
>>> whole = chitieu.Dataset.from_pandas(rows, framework=setup)
>>> parts.finish_rollup(parts.merge(states), setup) == whole.rollup("2023-12-31")
True

Validation: a :class:`Validation` run names its :attr:`~Validation.passes`;
for each, every row gets a :meth:`~Validation.keys` value, the engine
shuffles the rows so that each key is whole in one partition,
:meth:`~Validation.part` finds what that partition holds (rows named by
their place in the whole input), and :meth:`~Validation.assemble` makes
the one report of every part, as :meth:`chitieu.Dataset.validate` gives it.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from . import _chitieu
from ._convert import DateLike, iso_date, to_json
from ._dataset import Dataset, progress_options, validate_options
from ._reports import Findings, ProgressReport, Rollup

RollupState = _chitieu.RollupState

__all__ = ["RollupState", "Validation", "finish_progress", "finish_rollup", "merge", "observations", "state"]


def observations(rows: Any, setup: Dataset) -> Dataset:
    """The observations of one partition (pandas, or any Arrow table) over
    the set-up."""
    if type(rows).__module__.split(".")[0] == "pandas":
        return Dataset.from_pandas(rows, framework=setup)
    return Dataset.from_arrow(rows, framework=setup)


def state(
    rows: Any, setup: Dataset, as_of: DateLike, partition: int, *, phase: Optional[str] = None, invalid: str = "error"
) -> Any:
    """The :class:`RollupState` of partition number ``partition`` (its place
    in input order, from 0): what it adds to the roll-up as of ``as_of``."""
    empty = RollupState.empty(setup._inner, iso_date(as_of), phase, invalid)
    return empty.updated(observations(rows, setup)._inner, partition)


def merge(states: Iterable[Any]) -> Any:
    """The states merged into one (in any order: merging is associative and
    commutative); a partition met twice is an error."""
    merged = None
    for one in states:
        merged = one if merged is None else merged.merge(one)
    if merged is None:
        raise ValueError("không có trạng thái nào để gộp / no state to merge")
    return merged


def finish_rollup(state: Any, setup: Dataset, *, indicator: Optional[str] = None) -> Rollup:
    """The roll-up of every partition merged into ``state``: what
    :meth:`chitieu.Dataset.rollup` gives on the whole data."""
    result, table = state.finish_rollup(setup._inner, indicator)
    return Rollup(json.loads(result), table)


def finish_progress(
    state: Any,
    setup: Dataset,
    *,
    lang: str = "vi",
    area: Optional[str] = None,
    decimals: int = 1,
    pace_period: str = "year",
    **options: Any,
) -> ProgressReport:
    """The progress report of ``state``: what :meth:`chitieu.Dataset.progress`
    gives on the whole data."""
    opts = progress_options(options, lang, decimals, pace_period)
    result, html, table = state.finish_progress(setup._inner, area, to_json(opts))
    return ProgressReport(json.loads(result), html, lang, table)


class Validation:
    """One validation run over partitioned rows, with the options of
    :meth:`chitieu.Dataset.validate`. Picklable: ship it to the workers."""

    def __init__(
        self,
        setup: Dataset,
        as_of: DateLike,
        *,
        lang: str = "vi",
        disabled: Sequence[str] = (),
        severity: Optional[Mapping[str, str]] = None,
        rules: Sequence[Mapping[str, Any]] = (),
        **options: Any,
    ) -> None:
        self.setup = setup
        self.as_of = iso_date(as_of)
        self.lang = lang
        self._options = validate_options(disabled, severity, rules, options)
        #: The passes, each ``{"key": locality, "rules": [localities]}``: a
        #: shuffle by ``key``, then the rules of ``rules`` on every partition.
        self.passes: List[Dict[str, Any]] = json.loads(_chitieu.validation_passes(self._options))

    def keys(self, rows: Any, number: int) -> Any:
        """The shuffle key of each row for pass ``number`` (a NumPy
        ``uint64`` array): rows with one key must meet in one partition."""
        return self.every_key(rows, [number])[0]

    def every_key(self, rows: Any, numbers: Optional[Sequence[int]] = None) -> List[Any]:
        """The keys of each pass in ``numbers`` (all by default), reading
        the rows once."""
        import numpy as np

        data = observations(rows, self.setup)
        chosen = range(len(self.passes)) if numbers is None else numbers
        return [
            np.frombuffer(_chitieu.validation_keys(data._inner, json.dumps(self.passes[n])), dtype="<u8")
            for n in chosen
        ]

    def part(self, rows: Any, number: int, ordinals: Any) -> str:
        """What pass ``number`` finds in one shuffled partition whose rows
        are rows ``ordinals`` of the whole input (increasing: sort the
        partition by them first), as JSON for :meth:`assemble`."""
        import numpy as np

        data = observations(rows, self.setup)
        at = np.ascontiguousarray(ordinals, dtype="<u8").tobytes()
        return str(_chitieu.validate_part(data._inner, self.as_of, json.dumps(self.passes[number]), at, self._options))

    def assemble(self, parts: Iterable[str]) -> Findings:
        """The report of every pass's parts (any order), with the set-up
        rules run once: :meth:`chitieu.Dataset.validate`'s findings."""
        report = _chitieu.assemble_validation(self.setup._inner, self.as_of, list(parts), self._options)
        return Findings(report, self.lang)
