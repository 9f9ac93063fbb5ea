"""Data frames to columns: dictionary-encoded text and raw number buffers,
so a million rows cross into Rust without one Python object per row."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from . import _chitieu
from ._errors import error



def _text(series: Any) -> Tuple[str, bytes, list]:
    cat = series.astype("category")
    codes = cat.cat.codes.to_numpy(dtype="int32")
    categories = [str(c) for c in cat.cat.categories]
    return ("text", codes.astype("<i4").tobytes(), categories)


def _number(series: Any, name: str) -> Tuple[Any, ...]:
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        raise error(
            "wrong-type",
            f"$.{name}",
            f"cột «{name}» phải là số (kiểu hiện tại: {dtype}); đọc CSV bằng chitieu.Dataset.from_csv "
            "với number_format, hoặc dùng pandas.to_numeric",
            f"column `{name}` must be numeric (it is {dtype}); read CSV with chitieu.Dataset.from_csv "
            "and a number_format, or use pandas.to_numeric",
        )
    if pd.api.types.is_integer_dtype(dtype):
        missing = series.isna().to_numpy()
        values = series.fillna(0).to_numpy(dtype="int64") if missing.any() else series.to_numpy(dtype="int64")
        return ("int", values.astype("<i8").tobytes(), missing.astype(np.uint8).tobytes())
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    return ("float", values.astype("<f8").tobytes())


def _frame(frame: Any, kind: str, needs: str) -> None:
    if not hasattr(frame, needs):
        raise error(
            "wrong-type",
            "frame",
            f"cần một DataFrame của {kind}, không phải {type(frame).__name__}",
            f"expected a {kind} DataFrame, not {type(frame).__name__}",
        )


def columns_of(frame: Any) -> Tuple[int, Dict[str, Any]]:
    """(rows, columns) of a pandas DataFrame in tidy long format."""
    _frame(frame, "pandas", "columns")
    spec: Dict[str, Any] = {}
    for name in frame.columns:
        key = str(name)
        if _chitieu.column_kind(key) == "text":
            spec[key] = _text(frame[name])
        else:
            spec[key] = _number(frame[name], key)
    return len(frame), spec


def columns_of_polars(frame: Any) -> Tuple[int, Dict[str, Any]]:
    """(rows, columns) of a polars DataFrame, through pandas."""
    _frame(frame, "polars", "to_pandas")
    return columns_of(frame.to_pandas())
