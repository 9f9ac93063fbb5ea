"""chitieu on a Dask cluster: the same roll-up and progress report as
:class:`chitieu.Dataset` gives on one machine, from a ``dask.dataframe``
too large for one (``pip install chitieu[dask]``).

Each partition becomes a :class:`RollupState` on its worker; the states
travel as their canonical bytes, merge in a tree and finish on the client.
The merge is exact (no floating point), associative and commutative, so the
result does not depend on how the cluster schedules the work. Partitions
are numbered in input order; a partition counted twice or missing is an
error, never a wrong total.

>>> import chitieu, chitieu.dask, dask.dataframe as dd   # doctest: +SKIP
>>> frame = dd.read_csv("national-*.csv", dtype=chitieu.dask.CSV_DTYPES)  # doctest: +SKIP
>>> rolled = chitieu.dask.from_dask(frame).rollup("2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Union

from . import _chitieu
from ._convert import DateLike, iso_date, to_json
from ._dataset import Dataset
from ._reports import ProgressReport, Rollup

import json

#: Column types for ``dask.dataframe.read_csv`` of a tidy chitieu CSV, so
#: every partition has the same types (Dask infers them from the first).
CSV_DTYPES = {
    "indicator": "object",
    "area": "object",
    "period": "object",
    "value": "float64",
    "numerator": "float64",
    "denominator": "float64",
    "source": "object",
}

RollupState = _chitieu.RollupState


def _state(part: Any, setup: Dataset, as_of: str, phase: Optional[str], invalid: str, number: int) -> Any:
    """The state of one partition (a pandas frame), on its worker."""
    data = Dataset.from_pandas(part, framework=setup)
    empty = RollupState.empty(setup._inner, as_of, phase, invalid)
    return empty.updated(data._inner, number)


def _merge(states: List[Any]) -> Any:
    merged = states[0]
    for other in states[1:]:
        merged = merged.merge(other)
    return merged


class DaskDataset:
    """Observations in a ``dask.dataframe`` (tidy columns, as
    :meth:`chitieu.Dataset.from_pandas` reads) over a framework and areas
    held once, on the client. Its methods have :class:`chitieu.Dataset`'s
    signatures."""

    def __init__(
        self,
        frame: Any,
        *,
        framework: Union[str, Mapping[str, Any], Dataset] = "project8",
        areas: Optional[Iterable[Mapping[str, Any]]] = None,
        fan_in: int = 8,
    ) -> None:
        self._frame = frame
        self._setup = Dataset._base(framework, areas)
        self._fan_in = max(2, fan_in)

    def state(self, as_of: DateLike, *, phase: Optional[str] = None, invalid: str = "error") -> Any:
        """The merged :class:`RollupState` of every partition (computed on
        the cluster): what :meth:`rollup` and :meth:`progress` finish."""
        import dask

        day = iso_date(as_of)
        build = dask.delayed(_state, pure=True)
        setup = dask.delayed(self._setup)
        level = [build(part, setup, day, phase, invalid, i) for i, part in enumerate(self._frame.to_delayed())]
        if not level:
            return RollupState.empty(self._setup._inner, day, phase, invalid)
        merge = dask.delayed(_merge, pure=True)
        while len(level) > 1:
            level = [merge(level[i : i + self._fan_in]) for i in range(0, len(level), self._fan_in)]
        return level[0].compute()

    def rollup(
        self,
        as_of: DateLike,
        *,
        phase: Optional[str] = None,
        indicator: Optional[str] = None,
        invalid: str = "error",
    ) -> Rollup:
        """As :meth:`chitieu.Dataset.rollup`, over every partition."""
        state = self.state(as_of, phase=phase, invalid=invalid)
        result, table = state.finish_rollup(self._setup._inner, indicator)
        return Rollup(json.loads(result), table)

    def progress(
        self,
        as_of: DateLike,
        *,
        lang: str = "vi",
        phase: Optional[str] = None,
        area: Optional[str] = None,
        decimals: int = 1,
        pace_period: str = "year",
        invalid: str = "error",
        **options: Any,
    ) -> ProgressReport:
        """As :meth:`chitieu.Dataset.progress`, over every partition."""
        opts = dict(options, lang=lang, decimals=decimals, pace_period=pace_period)
        state = self.state(as_of, phase=phase, invalid=invalid)
        result, html, table = state.finish_progress(self._setup._inner, area, to_json(opts))
        return ProgressReport(json.loads(result), html, lang, table)


def from_dask(
    frame: Any,
    *,
    framework: Union[str, Mapping[str, Any], Dataset] = "project8",
    areas: Optional[Iterable[Mapping[str, Any]]] = None,
) -> DaskDataset:
    """The observations of a ``dask.dataframe`` over a framework and areas
    (as :meth:`chitieu.Dataset.from_pandas` takes them)."""
    return DaskDataset(frame, framework=framework, areas=areas)
