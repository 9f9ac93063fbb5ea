"""chitieu — indicators, targets, validation rules and exact progress math
for national target programmes.

>>> import chitieu
>>> report = chitieu.builtin().progress(as_of="2023-12-31")
>>> report["P8.CCG"].display["percent"]
'84,7%'

Every computation happens in the Rust core; this package converts Python
values (dicts, dates, pandas and polars frames, CSV) to the JSON contract and
results back to Python objects.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _chitieu
from ._arguments import typed
from ._convert import iso_date, to_json
from ._dataset import Dataset, Dhis2Export, Dhis2Import, Rebased
from ._errors import (
    AmbiguousError,
    ArithmeticOverflowError,
    ChitieuError,
    DuplicateKeyError,
    InfeasibleAllocationError,
    InvalidValueError,
    NotInBuildError,
    ParseError,
    UnknownCodeError,
    WrongTypeError,
)
from ._reports import Allocation, Finding, Findings, ProgressReport, ProgressRow, Rollup

__version__ = _chitieu.version()

__all__ = [
    "AmbiguousError",
    "Allocation",
    "ArithmeticOverflowError",
    "NotInBuildError",
    "ChitieuError",
    "Dataset",
    "Dhis2Export",
    "Dhis2Import",
    "DuplicateKeyError",
    "Finding",
    "Findings",
    "InfeasibleAllocationError",
    "InvalidValueError",
    "ParseError",
    "ProgressReport",
    "ProgressRow",
    "Rebased",
    "Rollup",
    "UnknownCodeError",
    "WrongTypeError",
    "allocate",
    "biproportional",
    "builtin",
    "evaluate",
    "expected",
    "resolve_area",
    "resolve_areas",
    "rules",
    "trend",
]


@typed
def evaluate(request: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
    """Evaluates a request of the JSON contract (a dict or JSON text) and
    returns the response ``{"version", "op", "result"}`` — exactly what the
    Rust core and the JavaScript package return for it.

    >>> import chitieu
    >>> response = chitieu.evaluate(
    ...     {"version": 1, "op": "progress", "builtin": "project8", "as_of": "2023-12-31"})
    >>> response["result"]["rows"][0]["display"]["percent"]
    '84,7%'
    >>> chitieu.evaluate('{"version": 1, "op": "error-codes"}')["result"][:2]
    ['json-syntax', 'wrong-type']
    """
    response: Dict[str, Any] = json.loads(_chitieu.evaluate(to_json(request)))
    return response


@typed
def builtin(name: str = "project8") -> Dataset:
    """A built-in data set: ``"project8"`` is Project 8's phase-1 framework
    and its national end-2023 figures; ``"sample-province"`` a made-up
    province report with deliberate mistakes.

    >>> import chitieu
    >>> chitieu.builtin()
    <chitieu.Dataset NTP-1719: 1 areas, 8 observations, 0 activities>
    """
    return Dataset.builtin(name)


@typed
def allocate(
    total: int,
    weights: Union[Mapping[str, Any], Sequence[Any]],
    *,
    floors: Optional[Mapping[str, int]] = None,
    caps: Optional[Mapping[str, int]] = None,
    method: str = "largest-remainder",
) -> Allocation:
    """Splits an integer ``total`` over units in proportion to ``weights``
    (a mapping code → weight), within optional ``floors`` and ``caps``, by
    ``method``: ``"largest-remainder"`` (Hamilton), ``"dhondt"``,
    ``"sainte-lague"`` or ``"huntington-hill"``. A weight may also be a
    mapping ``{"target": t, "achieved": a}``: the unit is then weighed by
    its remaining gap ``max(0, t − a)``, to allocate only what is left.
    The shares always sum exactly to ``total``.

    >>> import chitieu
    >>> chitieu.allocate(1377, {"HG": 3, "LC": 3, "YB": 1}).shares
    {'HG': 590, 'LC': 590, 'YB': 197}
    >>> gaps = {"A": {"target": 100, "achieved": 40}, "B": {"target": 50, "achieved": 30}}
    >>> chitieu.allocate(8, gaps).shares                # weighed by 60 and 20
    {'A': 6, 'B': 2}
    >>> chitieu.allocate(7, {"A": 53, "B": 24, "C": 23}, method="dhondt").shares
    {'A': 4, 'B': 2, 'C': 1}
    """
    items = weights.items() if isinstance(weights, Mapping) else enumerate(weights)
    units = []
    for code, weight in items:
        unit: Dict[str, Any] = {"code": str(code)}
        if isinstance(weight, Mapping):
            unit.update(weight)
        else:
            unit["weight"] = weight
        if floors and str(code) in floors:
            unit["floor"] = floors[str(code)]
        if caps and str(code) in caps:
            unit["cap"] = caps[str(code)]
        units.append(unit)
    request: Dict[str, Any] = {"version": 1, "op": "allocate", "total": total, "units": units}
    if method != "largest-remainder":
        request["options"] = {"method": method}
    return Allocation(evaluate(request)["result"])


def _points(series: Union[Mapping[str, Any], Sequence[Any]]) -> List[Dict[str, Any]]:
    items = series.items() if isinstance(series, Mapping) else series
    return [{"period": str(period), "value": value} for period, value in items]


def _point(value: Union[Tuple[str, Any], Sequence[Any]]) -> Dict[str, Any]:
    period, number = value
    return {"period": str(period), "value": number}


@typed
def trend(
    series: Union[Mapping[str, Any], Sequence[Any]],
    target: Tuple[str, Any],
    *,
    method: str = "linear",
    baseline: Optional[Tuple[str, Any]] = None,
    direction: str = "increase",
    **options: Any,
) -> Dict[str, Any]:
    """Assesses a series (``{"2021": 100, ...}`` or ``[(period, value)]``)
    against ``target`` (``(period, value)``) by ``method``: ``"linear"``,
    ``"unsd-cagr"``, ``"open-sdg"``, ``"escap-wls"`` or ``"destatis"``.
    Returns the fitted parameters, statistic, thresholds, class and status
    (see the methods page). ``thresholds``, ``weights`` and ``changes``
    pass through.

    >>> import chitieu
    >>> chitieu.trend({"2021": 100, "2023": 121}, ("2025", 200), method="open-sdg")["class"]
    'limited-progress'
    """
    request: Dict[str, Any] = {
        "version": 1,
        "op": "trend",
        "series": _points(series),
        "target": _point(target),
        "direction": direction,
        "options": dict(options, method=method),
    }
    if baseline is not None:
        request["baseline"] = _point(baseline)
    result: Dict[str, Any] = evaluate(request)["result"]
    return result


@typed
def expected(
    target: Tuple[str, Any],
    as_of: Any,
    *,
    achieved: Any = None,
    baseline: Optional[Tuple[str, Any]] = None,
    direction: str = "increase",
    profile: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The expected-to-date value of ``target`` (``(period, value)``, e.g.
    ``("2021-2025", 9000)``) by ``as_of`` under ``profile`` (default evenly
    by days; ``{"kind": "quarters"}`` or ``{"kind": "years", "shares":
    [10, 20, 30, 40]}``), and where ``achieved`` stands against it.

    >>> import chitieu
    >>> on_time = chitieu.expected(("2021-2025", 9000), "2023-12-31", achieved=7623)
    >>> on_time["expected"], on_time["schedule"]        # exact: 4927500/913 ≈ 5397
    ('4927500/913', 'ahead')
    >>> on_time["message"]["en"]
    'ahead of the expected 60% by 2023-12-31'
    """
    request: Dict[str, Any] = {
        "version": 1,
        "op": "expected",
        "target": _point(target),
        "as_of": iso_date(as_of),
        "direction": direction,
    }
    if achieved is not None:
        request["achieved"] = achieved
    if baseline is not None:
        request["baseline"] = _point(baseline)
    if profile is not None:
        request["options"] = {"profile": dict(profile)}
    result: Dict[str, Any] = evaluate(request)["result"]
    return result


@typed
def biproportional(
    rows: Mapping[str, int],
    columns: Mapping[str, int],
    weights: Sequence[Sequence[Any]],
) -> Dict[str, Any]:
    """Rounds a ``weights`` table (rows × columns) to integers whose rows
    and columns sum exactly to ``rows`` and ``columns`` (mappings code →
    total). Returns ``rows``, ``columns``, ``values``, ``fitted``.

    >>> import chitieu
    >>> table = chitieu.biproportional({"P1": 10, "P2": 20}, {"2024": 12, "2025": 18}, [[1, 2], [1, 1]])
    >>> table["values"]                                  # rows sum to 10, 20; columns to 12, 18
    [[3, 7], [9, 11]]
    """
    request = {
        "version": 1,
        "op": "biproportional",
        "rows": [{"code": str(c), "total": t} for c, t in rows.items()],
        "columns": [{"code": str(c), "total": t} for c, t in columns.items()],
        "weights": [list(row) for row in weights],
    }
    result: Dict[str, Any] = evaluate(request)["result"]
    return result


@typed
def rules() -> list:
    """The built-in rule catalogue: id, severity, category, locality,
    texts, legal bases.

    >>> import chitieu
    >>> catalogue = chitieu.rules()
    >>> len(catalogue), catalogue[0]["id"], catalogue[0]["severity"]
    (26, 'value.negative', 'error')
    """
    catalogue: list = evaluate({"version": 1, "op": "rules"})["result"]
    return catalogue


@typed
def resolve_area(
    reference: str,
    *,
    scheme: Optional[str] = None,
    as_of: Optional[Any] = None,
) -> Dict[str, Any]:
    """Resolves an area code or name — ``"24"``, ``"ha giang"``, ``"Tỉnh Hà
    Giang"``, a commune with the areas it lies in (``"Phúc Xá, Ba Đình"``) —
    in a ``scheme`` (``"vn-2004"``, ``"vn-2025"``) or on an ``as_of`` date. A
    code both schemes use needs one of them. On a date after an area was
    merged or divided, the answer is where its territory went, with the old
    area in ``successor_of`` (and ``parts`` with their shares when divided).

    >>> import chitieu
    >>> chitieu.resolve_area("24", as_of="2025-06-30")["name"]["vi"]
    'Bắc Giang'
    >>> chitieu.resolve_area("24", as_of="2025-07-01")["name"]["vi"]
    'Bắc Ninh'
    >>> chitieu.resolve_area("tinh ha giang", scheme="vn-2004")["code"]
    '02'
    >>> chitieu.resolve_area("Phúc Xá, Ba Đình", as_of="2025-06-30")["within"]["vi"]
    'Quận Ba Đình, Hà Nội'
    >>> hong_ha = chitieu.resolve_area("00001", as_of="2025-07-01")
    >>> hong_ha["name"]["vi"], hong_ha["successor_of"]["name"]["vi"]
    ('Phường Hồng Hà', 'Phường Phúc Xá')
    """
    request: Dict[str, Any] = {"version": 1, "op": "resolve-area", "reference": reference}
    if scheme is not None:
        request["scheme"] = scheme
    if as_of is not None:
        request["as_of"] = as_of
    resolved: Dict[str, Any] = evaluate(request)["result"]
    return resolved


@typed
def resolve_areas(
    references: Sequence[Union[str, Mapping[str, Any]]],
    *,
    scheme: Optional[str] = None,
    as_of: Optional[Any] = None,
) -> List[Dict[str, Any]]:
    """Resolves many area codes or names in one call, each as
    :func:`resolve_area` would, against schemes read once: 10,000 take a
    fraction of a second. A reference is a string, or a mapping
    ``{"reference", "scheme", "as_of"}`` with a scheme or date of its own;
    ``scheme`` and ``as_of`` are for the references that give neither.
    Returns one answer per reference, in order: the area as
    :func:`resolve_area` returns it, or ``{"error": {"code", "path", "line",
    "column", "message"}}`` for one that does not resolve, its path naming
    its index (``$.queries[2].reference``). An unknown ``scheme`` or a date
    no scheme covers raises, as in :func:`resolve_area`.

    >>> import chitieu
    >>> answers = chitieu.resolve_areas(["24", "Phúc Xá, Ba Đình", "Atlantis"], as_of="2025-06-30")
    >>> [a["name"]["vi"] for a in answers[:2]]
    ['Bắc Giang', 'Phường Phúc Xá']
    >>> answers[2]["error"]["code"], answers[2]["error"]["path"]
    ('unknown-code', '$.queries[2].reference')
    >>> chitieu.resolve_areas([{"reference": "24", "as_of": "2025-07-01"}])[0]["name"]["vi"]
    'Bắc Ninh'
    """
    # A mapping is copied as a dict for JSON; anything else that is not a
    # string goes as it is, for the core to name (`$.queries[3]`).
    queries = [{"reference": r} if isinstance(r, str) else dict(r) if isinstance(r, Mapping) else r for r in references]
    request: Dict[str, Any] = {"version": 1, "op": "resolve-areas", "queries": queries}
    if scheme is not None:
        request["scheme"] = scheme
    if as_of is not None:
        request["as_of"] = as_of
    answers: List[Dict[str, Any]] = evaluate(request)["result"]
    return answers
