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
from typing import Any, Dict, Mapping, Optional, Sequence, Union

from . import _chitieu
from ._convert import to_json
from ._dataset import Dataset, Rebased
from ._errors import (
    AmbiguousError,
    ArithmeticOverflowError,
    ChitieuError,
    DuplicateKeyError,
    InfeasibleAllocationError,
    InvalidValueError,
    ParseError,
    UnknownCodeError,
)
from ._reports import Allocation, Finding, Findings, ProgressReport, ProgressRow

__version__ = _chitieu.version()

__all__ = [
    "AmbiguousError",
    "Allocation",
    "ArithmeticOverflowError",
    "ChitieuError",
    "Dataset",
    "DuplicateKeyError",
    "Finding",
    "Findings",
    "InfeasibleAllocationError",
    "InvalidValueError",
    "ParseError",
    "ProgressReport",
    "ProgressRow",
    "Rebased",
    "UnknownCodeError",
    "allocate",
    "builtin",
    "evaluate",
    "resolve_area",
    "rules",
]


def evaluate(request: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
    """Evaluates a request of the JSON contract (a dict or JSON text) and
    returns the response ``{"version", "op", "result"}`` — exactly what the
    Rust core and the JavaScript package return for it."""
    response: Dict[str, Any] = json.loads(_chitieu.evaluate(to_json(request)))
    return response


def builtin(name: str = "project8") -> Dataset:
    """A built-in data set: ``"project8"`` is Project 8's phase-1 framework
    and its national end-2023 figures."""
    return Dataset.builtin(name)


def allocate(
    total: int,
    weights: Union[Mapping[str, Any], Sequence[Any]],
    *,
    floors: Optional[Mapping[str, int]] = None,
    caps: Optional[Mapping[str, int]] = None,
) -> Allocation:
    """Splits an integer ``total`` over units in proportion to ``weights``
    (a mapping code → weight) by largest remainder, within optional
    ``floors`` and ``caps``. The shares always sum exactly to ``total``."""
    items = weights.items() if isinstance(weights, Mapping) else enumerate(weights)
    units = []
    for code, weight in items:
        unit: Dict[str, Any] = {"code": str(code), "weight": weight}
        if floors and str(code) in floors:
            unit["floor"] = floors[str(code)]
        if caps and str(code) in caps:
            unit["cap"] = caps[str(code)]
        units.append(unit)
    response = evaluate({"version": 1, "op": "allocate", "total": total, "units": units})
    return Allocation(response["result"])


def rules() -> list:
    """The built-in rule catalogue: id, severity, category, texts, legal bases."""
    catalogue: list = evaluate({"version": 1, "op": "rules"})["result"]
    return catalogue


def resolve_area(
    reference: str,
    *,
    scheme: Optional[str] = None,
    as_of: Optional[Any] = None,
) -> Dict[str, Any]:
    """Resolves an area code or name — ``"24"``, ``"ha giang"``, ``"Tỉnh Hà
    Giang"`` — in a ``scheme`` (``"vn-2004"``, ``"vn-2025"``) or on an
    ``as_of`` date. A code both schemes use needs one of them."""
    request: Dict[str, Any] = {"version": 1, "op": "resolve-area", "reference": reference}
    if scheme is not None:
        request["scheme"] = scheme
    if as_of is not None:
        request["as_of"] = as_of
    resolved: Dict[str, Any] = evaluate(request)["result"]
    return resolved
