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

>>> import chitieu, chitieu.dask, dask.dataframe as dd   # doctest: +SKIP
>>> frame = dd.read_csv("national-*.csv", dtype=chitieu.dask.CSV_DTYPES)  # doctest: +SKIP
>>> rolled = chitieu.dask.from_dask(frame).rollup("2024-12-31")  # doctest: +SKIP
>>> findings = chitieu.dask.from_dask(frame).validate("2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import _chitieu
from ._convert import DateLike, iso_date, to_json
from ._dataset import Dataset, validate_options
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


#: The column that numbers each row in the whole frame, and the prefix of
#: the shuffle keys' columns: added and removed by :meth:`DaskDataset.validate`.
_ROW = "__chitieu_row"
_KEY = "__chitieu_key_"


def _numbered(part: Any, offset: int) -> Any:
    """A partition with each row's place in the whole frame."""
    import numpy as np

    return part.assign(**{_ROW: np.arange(offset, offset + len(part), dtype="uint64")})


def _keyed(part: Any, setup: Dataset, passes: List[str]) -> Any:
    """A numbered partition with every pass's shuffle key (the core's)."""
    import numpy as np

    data = Dataset.from_pandas(part.drop(columns=[_ROW]), framework=setup)
    keys = {_KEY + str(i): np.frombuffer(_chitieu.validation_keys(data._inner, p), dtype="<u8") for i, p in enumerate(passes)}
    return part.assign(**keys)


def _validated(part: Any, setup: Dataset, as_of: str, pass_json: str, options: str) -> str:
    """The findings (JSON) of a pass's rules on one shuffled partition: its
    rows put back in input order, named by their place in the whole."""
    part = part.sort_values(_ROW)
    rows = part[_ROW].to_numpy(dtype="<u8")
    extra = [c for c in part.columns if c == _ROW or str(c).startswith(_KEY)]
    data = Dataset.from_pandas(part.drop(columns=extra), framework=setup)
    return str(_chitieu.validate_part(data._inner, as_of, pass_json, rows.tobytes(), options))


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

        day, text = iso_date(as_of), validate_options(disabled, severity, rules, options)
        passes = [json.dumps(p) for p in json.loads(_chitieu.validation_passes(text))]
        lengths = [int(n) for n in self._frame.map_partitions(len).compute()]
        offsets = [sum(lengths[:i]) for i in range(len(lengths))]
        numbered = dd.from_delayed(
            [dask.delayed(_numbered)(part, at) for part, at in zip(self._frame.to_delayed(), offsets)],
            meta=_numbered(self._frame._meta, 0),
            verify_meta=False,
        )
        meta = numbered._meta.assign(**{_KEY + str(i): numbered._meta[_ROW] for i in range(len(passes))})
        keyed = numbered.map_partitions(_keyed, self._setup, passes, meta=meta)
        validated = dask.delayed(_validated, pure=True)
        setup = dask.delayed(self._setup)
        parts = [
            validated(part, setup, day, p, text)
            for i, p in enumerate(passes)
            for part in keyed.shuffle(on=_KEY + str(i)).to_delayed()
        ]
        found = list(dask.compute(*parts))
        return Findings(_chitieu.assemble_validation(self._setup._inner, day, found, text), lang)


def from_dask(
    frame: Any,
    *,
    framework: Union[str, Mapping[str, Any], Dataset] = "project8",
    areas: Optional[Iterable[Mapping[str, Any]]] = None,
) -> DaskDataset:
    """The observations of a ``dask.dataframe`` over a framework and areas
    (as :meth:`chitieu.Dataset.from_pandas` takes them)."""
    return DaskDataset(frame, framework=framework, areas=areas)
