"""Results as Python objects: attributes, ``to_dicts()``, ``to_pandas()``,
HTML in notebooks, and plots. Numbers are exact (``int`` or ``Fraction``);
``to_pandas()`` turns them into floats for analysis."""

from __future__ import annotations

import datetime as _dt
import os
import json
from fractions import Fraction
import operator
from typing import Any, Dict, Iterator, List, Optional, Union, overload

from ._convert import Exact, exact
from ._arguments import typed_class

# Findings turned into Python objects at a time, when iterated.
_PAGE = 10_000

_NUMBER_FIELDS = ("target", "percent", "remaining", "exceeded_by")


def _float(value: Any) -> Optional[float]:
    if value is None:
        return None
    return float(value)


def _pandas():  # type: ignore[no-untyped-def]
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "to_pandas() needs pandas: pip install pandas (or pip install 'chitieu[pandas]')"
        ) from None
    return pandas


def _polars():  # type: ignore[no-untyped-def]
    try:
        import polars
    except ImportError:
        raise ImportError("to_polars() needs polars: pip install polars") from None
    return polars


class _Tabular:
    """A result with a flat table (built in Rust): Arrow through the
    PyCapsule interface, so ``pl.DataFrame(result)``, ``pa.table(result)``
    and duckdb read it with no Python object per row; exact numbers come as
    ``float64`` columns with their exact text in ``<name>_exact``."""

    def _flat(self) -> Any:
        raise NotImplementedError

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The Arrow C stream of the flat table (the PyCapsule interface)."""
        return self._flat().__arrow_c_stream__(requested_schema)

    def to_polars(self):  # type: ignore[no-untyped-def]
        """A polars DataFrame of the flat table, through Arrow."""
        return _polars().DataFrame(self._flat())

    def _pandas_frame(self):  # type: ignore[no-untyped-def]
        pandas = _pandas()
        if hasattr(pandas.DataFrame, "from_arrow"):
            # pandas ≥ 3 reads the Arrow stream itself (with pyarrow):
            # three times faster than lists, and empty number columns stay
            # float64.
            try:
                return pandas.DataFrame.from_arrow(self._flat())
            except ImportError:
                pass
        # One list per column, not one dict per row; no pyarrow needed.
        return pandas.DataFrame(self._flat().columns())


@typed_class
class ProgressRow:
    """One indicator's progress: exact figures (``int`` or
    ``fractions.Fraction``) and their display strings.

    >>> import chitieu
    >>> leaders = chitieu.builtin().progress(as_of="2023-12-31")["P8.LEADERS"]
    >>> leaders.achieved, leaders.target, leaders.percent    # exactly 566/9 %
    (1132, 1800, Fraction(566, 9))
    >>> leaders.display["percent"]
    '62,9%'
    """

    code: str
    name: str
    parent: Optional[str]
    component: str
    unit: str
    measure: str
    direction: str
    achieved: Optional[Exact]
    target: Optional[Exact]
    percent: Optional[Exact]
    remaining: Optional[Exact]
    exceeded_by: Optional[Exact]
    status: Optional[str]
    pace_status: Optional[str]
    next_year_target: Optional[Exact]
    undefined: Dict[str, str]
    display: Dict[str, str]

    def __init__(self, data: Dict[str, Any], lang: str) -> None:
        self._data = data
        self.code = data["code"]
        self.name = data["name"][lang]
        self.parent = data.get("parent")
        self.component = data["component"]
        self.unit = data["unit"]
        self.measure = data["measure"]
        self.direction = data["direction"]
        achieved = data.get("achieved")
        self.achieved = exact(achieved["value"]) if achieved else None
        for field in _NUMBER_FIELDS:
            setattr(self, field, exact(data.get(field)))
        self.status = data.get("status")
        pace = data.get("pace") or {}
        self.pace_status = pace.get("status")
        next_year = data.get("next_year") or {}
        self.next_year_target = exact(next_year.get("target"))
        self.undefined = dict(data.get("undefined", {}))
        self.display = dict(data["display"])

    def to_dict(self) -> Dict[str, Any]:
        """The row exactly as the JSON contract gives it."""
        return self._data

    def __repr__(self) -> str:
        d = self.display
        return f"<ProgressRow {self.code}: {d['achieved']} / {d['target']} ({d['percent']}, {d['status']})>"


@typed_class
class ProgressReport(_Tabular):
    """A progress report: one :class:`ProgressRow` per indicator. As a
    table (``to_pandas()``, ``to_polars()``, Arrow) one row per indicator:
    ``code``, ``name``, ``parent``, ``component``, ``unit``, ``measure``,
    ``direction``, ``achieved``, ``target``, ``percent``, ``remaining``,
    ``exceeded_by``, ``status``, ``pace``, ``next_year_target``,
    ``planned_next_year``, ``reporting``, ``expected`` (the coverage, when
    the data set says what it expects).

    >>> import chitieu
    >>> report = chitieu.builtin().progress(as_of="2023-12-31", lang="en")
    >>> report
    <ProgressReport phase-1 at VN as of 2023-12-31: 7 indicators, 6 with a target>
    >>> [row.code for row in report][:3]
    ['P8.CCG', 'P8.LIVELIHOOD', 'P8.LIVELIHOOD.WOMEN']
    >>> groups = report.to_pandas().loc["P8.CCG"]      # indexed by code
    >>> float(groups["achieved"]), groups["percent_exact"]
    (7623.0, '84.7')
    """

    def __init__(self, result: Dict[str, Any], html: str, lang: str, table: Any) -> None:
        self._result = result
        self._html = html
        self._table = table
        self.lang = lang
        self.as_of: _dt.date = _dt.date.fromisoformat(result["as_of"])
        self.area: str = result["area"]
        self.phase: str = result["phase"]["id"]
        self.rows: List[ProgressRow] = [ProgressRow(r, lang) for r in result["rows"]]
        self.summary: Dict[str, Any] = result["summary"]
        # What invalid="exclude" left out (None when nothing could be).
        self.excluded: Optional[Dict[str, Any]] = result.get("excluded")

    def __getitem__(self, code: str) -> ProgressRow:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def __iter__(self) -> Iterator[ProgressRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __eq__(self, other: object) -> bool:
        """Equal when the results are (the same figures, texts and
        language), however they were computed: one process or a cluster."""
        if isinstance(other, ProgressReport):
            return self._result == other._result
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The whole result, as the JSON contract gives it."""
        return self._result

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One flat dict per indicator, exact numbers as ``int``/``Fraction``."""
        out = []
        for r in self.rows:
            out.append(
                {
                    "code": r.code,
                    "name": r.name,
                    "parent": r.parent,
                    "unit": r.unit,
                    "measure": r.measure,
                    "achieved": r.achieved,
                    "target": r.target,
                    "percent": r.percent,
                    "remaining": r.remaining,
                    "exceeded_by": r.exceeded_by,
                    "status": r.status,
                    "pace": r.pace_status,
                    "next_year_target": r.next_year_target,
                }
            )
        return out

    def _flat(self) -> Any:
        return self._table

    def to_pandas(self):  # type: ignore[no-untyped-def]
        """A DataFrame indexed by code, one row per indicator; exact numbers
        become floats (their exact text is in the ``*_exact`` columns)."""
        return self._pandas_frame().set_index("code")

    def _repr_html_(self) -> str:
        return self._html

    def to_text(self, lang: Optional[str] = None) -> str:
        """The report in sentences, as programme reports say their figures
        (``lang`` ``"vi"`` or ``"en"``; default the report's language).

        >>> import chitieu
        >>> text = chitieu.builtin().progress(as_of="2023-12-31").to_text()
        >>> print(text.splitlines()[1])
        - Thành lập, duy trì được 7.623/9.000 Tổ truyền thông cộng đồng (đạt 84,7% chỉ tiêu giai đoạn 1);
        >>> print(chitieu.builtin().progress(as_of="2023-12-31", overshoot=True).to_text("en").splitlines()[3])
        - 1,462 of 1,000 trusted addresses established or strengthened (the phase 1 target exceeded by 46.2%);
        """
        text: Dict[str, str] = self._result["text"]
        return text[lang or self.lang]

    def to_xlsx(self, path: Union[str, "os.PathLike[str]"], lang: Optional[str] = None) -> None:
        """Writes the report as an Excel workbook at ``path``: a row per
        indicator, numbers with number formats, statuses coloured, a bar
        chart of percent achieved; headers in ``lang`` (default the
        report's).

        >>> import chitieu, openpyxl, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "progress.xlsx"
        >>> chitieu.builtin().progress(as_of="2023-12-31").to_xlsx(path)
        >>> sheet = openpyxl.load_workbook(path).active
        >>> [cell.value for cell in sheet[2]][:6]
        ['P8.CCG', 'Tổ truyền thông cộng đồng thành lập và duy trì', 'group', 7623, 9000, 0.847]
        """
        with open(path, "wb") as out:
            out.write(self._table.progress_xlsx(lang or self.lang))

    def plot(self, ax=None):  # type: ignore[no-untyped-def]
        """Progress against target and required vs observed pace (matplotlib)."""
        from ._plot import plot_progress

        return plot_progress(self, ax)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<ProgressReport {self.phase} at {self.area} as of {self.as_of}: "
            f"{s['indicators']} indicators, {s['with_target']} with a target>"
        )


@typed_class
class Finding:
    """One finding of a validation run: the rule, its severity and
    category, the record (``kind``, ``index``, ``path``, ``indicator``,
    ``area``, ``period``, and ``line`` when the data came from a file), the
    compared values, the legal basis and the message in both languages.

    >>> import chitieu
    >>> findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31", lang="en")
    >>> legal = next(f for f in findings if f.rule == "legal.savings-and-loan")
    >>> legal.severity, legal.record["path"], legal.legal_basis[0]["document"]
    ('error', '$.activities[0]', '32/2024/QH15')
    """

    def __init__(self, data: Dict[str, Any], lang: str) -> None:
        self._data = data
        self.rule: str = data["rule"]
        self.severity: str = data["severity"]
        self.category: str = data["category"]
        self.record: Dict[str, Any] = data["record"]
        self.left: Any = exact(data.get("left"))
        self.operator: Optional[str] = data.get("operator")
        self.right: Any = exact(data.get("right"))
        self.legal_basis: List[Dict[str, Any]] = data.get("legal_basis", [])
        self.message_vi: str = data["message"]["vi"]
        self.message_en: str = data["message"]["en"]
        self.message: str = data["message"][lang]

    def to_dict(self) -> Dict[str, Any]:
        """The finding as the JSON contract gives it."""
        return self._data

    def __repr__(self) -> str:
        return f"<Finding {self.severity} {self.rule} at {self.record.get('path')}>"


@typed_class
class Findings(_Tabular):
    """The findings of a validation run, in a deterministic order.

    The findings stay on the Rust side until asked for: ``summary``
    (counts by severity, rule and area level) is there at once, the
    :class:`Finding` objects are built on the first iteration or index, and
    ``to_pandas()``/``to_polars()``/Arrow build one row per finding from
    columns: ``rule``, ``severity``, ``category``, ``kind``, ``path``,
    ``indicator``, ``area``, ``period``, ``left``, ``operator``, ``right``,
    ``legal_basis``, ``message`` (in ``lang``).

    >>> import chitieu
    >>> findings = chitieu.builtin("sample-province").validate(as_of="2024-12-31", lang="en")
    >>> len(findings), findings.summary["by_severity"]
    (10, {'error': 7, 'warning': 3})
    >>> findings[0]
    <Finding error consistency.parent-total at $.observations[0]>
    >>> int(findings.to_pandas()["rule"].value_counts()["value.negative"])
    1
    """

    def __init__(self, inner: Any, lang: str) -> None:
        self._inner = inner
        self.lang = lang
        head = json.loads(inner.head_json())
        self.as_of: _dt.date = _dt.date.fromisoformat(head["as_of"])
        self.rules_run: int = head["rules_run"]
        self.summary: Dict[str, Any] = head["summary"]
        self._findings: Optional[List[Finding]] = None
        self._result: Optional[Dict[str, Any]] = None

    @property
    def findings(self) -> List[Finding]:
        """Every finding, as :class:`Finding` objects (built once)."""
        if self._findings is None:
            self._findings = [Finding(f, self.lang) for f in json.loads(self._inner.findings_json())]
        return self._findings

    def __iter__(self) -> Iterator[Finding]:
        if self._findings is not None:
            yield from self._findings
            return
        # A page at a time: the first findings come at once, and a loop
        # that stops early never builds the rest.
        for start in range(0, len(self), _PAGE):
            for f in json.loads(self._inner.findings_json(start, start + _PAGE)):
                yield Finding(f, self.lang)

    def __len__(self) -> int:
        return len(self._inner)

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> List[Finding]: ...
    def __getitem__(self, i: Union[int, slice]) -> Union[Finding, List[Finding]]:
        if self._findings is not None:
            return self._findings[i]
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                return self.findings[i]
            return [Finding(f, self.lang) for f in json.loads(self._inner.findings_json(start, max(start, stop)))]
        at = operator.index(i)
        if at < 0:
            at += len(self)
        if not 0 <= at < len(self):
            raise IndexError(f"không có phát hiện số {i} (có {len(self)}) / no finding at index {i} (there are {len(self)})")
        return Finding(json.loads(self._inner.findings_json(at, at + 1))[0], self.lang)

    def to_dict(self) -> Dict[str, Any]:
        """The whole result, as the JSON contract gives it."""
        if self._result is None:
            self._result = json.loads(self._inner.to_json())
        return self._result

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One flat dict per finding."""
        return [
            {
                "rule": f.rule,
                "severity": f.severity,
                "category": f.category,
                "path": f.record.get("path"),
                "indicator": f.record.get("indicator"),
                "area": f.record.get("area"),
                "period": f.record.get("period"),
                "left": f.left,
                "operator": f.operator,
                "right": f.right,
                "legal_basis": "; ".join(b["citation"][self.lang] for b in f.legal_basis),
                "message": f.message,
            }
            for f in self.findings
        ]

    def _flat(self) -> Any:
        return self._inner.table(self.lang)

    def to_xlsx(self, path: Union[str, "os.PathLike[str]"], lang: Optional[str] = None) -> None:
        """Writes the findings as an Excel workbook at ``path``, one row per
        finding, severities coloured, in ``lang`` (default the findings').

        >>> import chitieu, openpyxl, pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "findings.xlsx"
        >>> chitieu.builtin("sample-province").validate(as_of="2024-12-31").to_xlsx(path, lang="en")
        >>> sheet = openpyxl.load_workbook(path).active
        >>> [cell.value for cell in sheet[2]][:3]
        ['error', 'consistency.parent-total', 'consistency']
        """
        with open(path, "wb") as out:
            out.write(self._inner.table(lang or self.lang).findings_xlsx(lang or self.lang))

    def to_pandas(self):  # type: ignore[no-untyped-def]
        """A DataFrame, one row per finding, built from columns; ``left``
        and ``right`` become floats (exact text in ``left_exact``,
        ``right_exact``)."""
        return self._pandas_frame()

    def _repr_html_(self) -> str:
        return str(self._inner.html(self.lang))

    def __eq__(self, other: object) -> bool:
        """The same findings, finding by finding (compared on the Rust
        side: no finding object is built)."""
        if not isinstance(other, Findings):
            return NotImplemented
        return bool(self._inner == other._inner)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        by = ", ".join(f"{n} {s}" for s, n in self.summary["by_severity"].items())
        return f"<Findings as of {self.as_of}: {self.summary['total']} ({by or 'none'}), {self.rules_run} rules>"


@typed_class
class Rollup(_Tabular):
    """A roll-up: ``rollup["indicators"]`` and ``to_dict()`` as the JSON
    contract gives it (``window``, ``indicators``, and ``excluded`` with
    ``invalid="exclude"``), and a table of one row per indicator and area —
    ``indicator``, ``area``, ``level``, ``value``, ``numerator``,
    ``denominator``, ``qualifier``, ``observations``, ``origin``,
    ``children``, and ``reporting`` and ``expected`` (how many of the areas
    expected to report have a figure, when the data set says what it
    expects) — through ``to_pandas()``, ``to_polars()`` and Arrow
    (``pl.DataFrame(rollup)``, ``pa.table(rollup)``).

    It reads like a dict but is not one: a ``dict`` handed to
    ``pl.DataFrame`` is read as its keys, not as the table.

    >>> import chitieu, polars as pl
    >>> rolled = chitieu.builtin().rollup(as_of="2023-12-31")
    >>> rolled
    <Rollup 2021-01-01/2023-12-31: 9 indicators, 8 rows>
    >>> pl.DataFrame(rolled).filter(pl.col("indicator") == "P8.CCG")["value"].to_list()
    [7623.0]
    """

    def __init__(self, result: Dict[str, Any], table: Any) -> None:
        self._result = result
        self._table = table
        self.window: str = result["window"]
        self.excluded: Optional[Dict[str, Any]] = result.get("excluded")

    def __getitem__(self, key: str) -> Any:
        return self._result[key]

    def __contains__(self, key: object) -> bool:
        return key in self._result

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rollup):
            return self._result == other._result
        return self._result == other

    __hash__ = None  # type: ignore[assignment]

    def get(self, key: str, default: Any = None) -> Any:
        """``rollup[key]``, or ``default`` when absent."""
        return self._result.get(key, default)

    def keys(self) -> Any:
        """The keys of the JSON result."""
        return self._result.keys()

    def to_dict(self) -> Dict[str, Any]:
        """The whole result, as the JSON contract gives it."""
        return self._result

    def _flat(self) -> Any:
        return self._table

    def to_pandas(self):  # type: ignore[no-untyped-def]
        """A DataFrame, one row per indicator and area; exact numbers become
        floats (exact text in the ``*_exact`` columns)."""
        return self._pandas_frame()

    def __repr__(self) -> str:
        count = len(self._result["indicators"])
        return f"<Rollup {self.window}: {count} indicators, {len(self._table)} rows>"


@typed_class
class Allocation:
    """Integer shares of a total (largest remainder or a divisor method):
    ``shares`` and exact ``quotas`` by code, the ``ties`` broken by input
    order.

    >>> import chitieu
    >>> allocation = chitieu.allocate(10, {"A": 1, "B": 1, "C": 1})
    >>> allocation.shares, allocation.ties
    ({'A': 4, 'B': 3, 'C': 3}, ['A', 'B', 'C'])
    >>> allocation.quotas["A"]
    Fraction(10, 3)
    """

    def __init__(self, result: Dict[str, Any]) -> None:
        self._result = result
        self.total: int = exact(result["total"])
        self.method: str = result["method"]
        self.shares: Dict[str, int] = {a["code"]: exact(a["allocated"]) for a in result["allocations"]}
        self.quotas: Dict[str, Fraction] = {a["code"]: Fraction(exact(a["quota"])) for a in result["allocations"]}
        self.ties: List[str] = list(result["ties"])

    def to_dict(self) -> Dict[str, Any]:
        """The result as the JSON contract gives it."""
        return self._result

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One dict per unit: code, weight, exact quota, allocated."""
        return [
            {"code": a["code"], "weight": exact(a["weight"]), "quota": exact(a["quota"]), "allocated": exact(a["allocated"])}
            for a in self._result["allocations"]
        ]

    def to_pandas(self):  # type: ignore[no-untyped-def]
        """A DataFrame indexed by unit code."""
        pd = _pandas()
        rows = self.to_dicts()
        for row in rows:
            row["weight"] = float(row["weight"])
            row["quota"] = float(row["quota"])
        return pd.DataFrame(rows).set_index("code")

    def __repr__(self) -> str:
        return f"<Allocation {self.total} by {self.method}: {self.shares}>"
