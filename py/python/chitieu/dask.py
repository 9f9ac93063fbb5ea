"""chitieu on a Dask cluster: the same roll-up, progress report and findings as
:class:`chitieu.Dataset` gives on one machine, from a ``dask.dataframe``
too large for one (``pip install chitieu[dask]``).

Each partition becomes a :class:`RollupState` on its worker; the states
travel as their canonical bytes, merge in a tree and finish on the client.
The merge is exact (no floating point), associative and commutative, so the
result does not depend on how the cluster schedules the work. Partitions
are numbered in input order; a partition counted twice or missing is an
error, never a wrong total. Validation shuffles the rows so that each rule
sees every row it compares (:meth:`DaskDataset.validate`), and names rows
by their place in the whole frame.

With files too large for one machine, ``dd.read_csv("national-*.csv",
dtype=chitieu.dask.CSV_DTYPES)`` makes the frame; here a small one, on
Dask's default scheduler:

>>> import chitieu, chitieu.dask, dask.dataframe as dd, pandas as pd
>>> rows = pd.DataFrame({"indicator": ["P8.CCG", "P8.CCG", "P8.LEADERS"], "area": ["VN"] * 3,
...                      "period": ["2022", "2023", "2023"], "value": [7000, 7623, -5]})
>>> cluster = chitieu.dask.from_dask(dd.from_pandas(rows, npartitions=2))
>>> cluster.progress("2023-12-31", invalid="exclude")["P8.CCG"].display["percent"]
'84,7%'
>>> cluster.validate("2023-12-31").summary["by_rule"]
{'value.negative': 1}
"""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import partitions
from ._convert import DateLike, iso_date
from ._dataset import Dataset
from ._reports import Findings, ProgressReport, Rollup

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

RollupState = partitions.RollupState

#: The column that numbers each row in the whole frame, and the prefix of
#: the shuffle keys' columns: added and removed by :meth:`DaskDataset.validate`.
_ROW = "__chitieu_row"
_KEY = "__chitieu_key_"


def _merge(states: List[Any]) -> Any:
    return partitions.merge(states)


def _numbered(part: Any, offset: int) -> Any:
    """A partition with each row's place in the whole frame."""
    import numpy as np

    return part.assign(**{_ROW: np.arange(offset, offset + len(part), dtype="uint64")})


def _keyed(part: Any, run: partitions.Validation) -> Any:
    """A numbered partition with every pass's shuffle key."""
    keys = run.every_key(part.drop(columns=[_ROW]))
    return part.assign(**{_KEY + str(i): k for i, k in enumerate(keys)})


def _validated(part: Any, run: partitions.Validation, number: int) -> str:
    """What pass ``number`` finds in one shuffled partition, its rows put
    back in input order."""
    part = part.sort_values(_ROW)
    extra = [c for c in part.columns if c == _ROW or str(c).startswith(_KEY)]
    return run.part(part.drop(columns=extra), number, part[_ROW].to_numpy())


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
        build = dask.delayed(partitions.state, pure=True)
        setup = dask.delayed(self._setup)
        level = [
            build(part, setup, day, i, phase=phase, invalid=invalid) for i, part in enumerate(self._frame.to_delayed())
        ]
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
        return partitions.finish_rollup(state, self._setup, indicator=indicator)

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
        state = self.state(as_of, phase=phase, invalid=invalid)
        return partitions.finish_progress(
            state, self._setup, lang=lang, area=area, decimals=decimals, pace_period=pace_period, **options
        )

    def validate(
        self,
        as_of: DateLike,
        *,
        lang: str = "vi",
        disabled: Sequence[str] = (),
        severity: Optional[Mapping[str, str]] = None,
        rules: Sequence[Mapping[str, Any]] = (),
        **options: Any,
    ) -> Findings:
        """As :meth:`chitieu.Dataset.validate`, over every partition: the
        same findings, naming rows by their place in the whole frame.

        Each rule runs where its rows are whole (``chitieu.rules.split`` in
        the core documents it rule by rule): the frame is numbered, shuffled
        by indicator for the row, series and indicator rules, and by area
        and period for sub-measures and user rules; the set-up rules run
        once, here. The frame is read once for its partitions' lengths and
        once a pass: ``persist()`` it first if the cluster can hold it."""
        import dask
        import dask.dataframe as dd

        run = partitions.Validation(
            self._setup, as_of, lang=lang, disabled=disabled, severity=severity, rules=rules, **options
        )
        lengths = [int(n) for n in self._frame.map_partitions(len).compute()]
        offsets = [sum(lengths[:i]) for i in range(len(lengths))]
        numbered = dd.from_delayed(
            [dask.delayed(_numbered)(part, at) for part, at in zip(self._frame.to_delayed(), offsets)],
            meta=_numbered(self._frame._meta, 0),
            verify_meta=False,
        )
        meta = numbered._meta.assign(**{_KEY + str(i): numbered._meta[_ROW] for i in range(len(run.passes))})
        keyed = numbered.map_partitions(_keyed, run, meta=meta)
        validated = dask.delayed(_validated, pure=True)
        shipped = dask.delayed(run)
        found = dask.compute(
            *[
                validated(part, shipped, i)
                for i in range(len(run.passes))
                for part in keyed.shuffle(on=_KEY + str(i)).to_delayed()
            ]
        )
        return run.assemble(found)


def from_dask(
    frame: Any,
    *,
    framework: Union[str, Mapping[str, Any], Dataset] = "project8",
    areas: Optional[Iterable[Mapping[str, Any]]] = None,
) -> DaskDataset:
    """The observations of a ``dask.dataframe`` over a framework and areas
    (as :meth:`chitieu.Dataset.from_pandas` takes them)."""
    return DaskDataset(frame, framework=framework, areas=areas)
