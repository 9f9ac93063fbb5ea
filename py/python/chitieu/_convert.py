"""Conversions between Python values and the JSON contract."""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from fractions import Fraction
from typing import Any, Iterator, Mapping, Tuple, Union

from . import _chitieu
from ._errors import error

DateLike = Union[str, _dt.date]
Exact = Union[int, Fraction]


def unicode_text(text: str, path: str = "$") -> str:
    """``text`` if it can be UTF-8: a lone surrogate (which Python strings
    may hold, and no UTF-8 text can) is an error at its character, not a
    ``UnicodeEncodeError``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise error(
            "invalid-value",
            path,
            f"văn bản có ký tự thay thế đơn lẻ (U+{ord(text[e.start]):04X}) ở vị trí {e.start}: không phải Unicode hợp lệ",
            f"the text holds a lone surrogate (U+{ord(text[e.start]):04X}) at character {e.start}: not valid Unicode",
        ) from None
    return text


def iso_date(value: DateLike, path: str = "as_of") -> str:
    """An ISO date string from a ``date``, ``datetime`` or string."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return unicode_text(value, path)
    raise error(
        "wrong-type",
        path,
        f"cần ngày (datetime.date hoặc chuỗi YYYY-MM-DD), nhận {type(value).__name__}",
        f"expected a date (datetime.date or a YYYY-MM-DD string), got {type(value).__name__}",
    )


def exact(value: Any) -> Any:
    """A contract number as an exact Python number: ``int`` or ``Fraction``."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return Fraction(value)
    return value


def _default(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return iso_date(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(type(value).__name__)


def _non_finite(value: Any, path: str = "$") -> Iterator[Tuple[str, float]]:
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _non_finite(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _non_finite(item, f"{path}[{i}]")


def to_json(value: Any) -> str:
    """JSON text for a request or data set given as a dict (or as text)."""
    if isinstance(value, str):
        return unicode_text(value)
    try:
        text = json.dumps(value, allow_nan=False, default=_default, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate in a string: written as a \ud800 escape (as
            # JavaScript's JSON.stringify does), the core names its path.
            text = json.dumps(value, allow_nan=False, default=_default, ensure_ascii=True)
        return text
    except ValueError:
        for path, bad in _non_finite(value):
            raise error(
                "non-finite-number",
                path,
                f"số không hữu hạn «{bad}» (NaN hoặc vô cực) không được chấp nhận (tại {path})",
                f"non-finite number `{bad}` (NaN or infinity) is not accepted (at {path})",
            ) from None
        raise
    except TypeError as e:
        raise error(
            "wrong-type",
            "$",
            f"không chuyển được sang JSON: {e}",
            f"cannot be written as JSON: {e}",
        ) from None


def read_bytes(path: Union[str, "os.PathLike[str]"]) -> bytes:
    """The bytes of the file at ``path`` (a path, never text)."""
    if not isinstance(path, (str, os.PathLike)):
        raise error(
            "wrong-type",
            "path",
            f"cần đường dẫn tệp (str hoặc os.PathLike), không phải {type(path).__name__}",
            f"expected a file path (str or os.PathLike), not {type(path).__name__}",
        )
    # Opening it here first gives Python's own OSError (FileNotFoundError,
    # PermissionError) for a file that cannot be opened; the core then reads
    # it with its bound (the size checked before a byte is read).
    with open(path, "rb"):
        pass
    return _chitieu.read_file(os.fspath(path))


def read_file(path: Union[str, "os.PathLike[str]"]) -> str:
    """The UTF-8 text of the file at ``path`` (a path, never text that
    happens to look like one: ``from_csv_text`` and ``from_json_text`` take
    text)."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(
            "invalid-value",
            str(path),
            f"tệp không phải UTF-8: byte không hợp lệ ở vị trí {e.start}",
            f"the file is not UTF-8: invalid byte at offset {e.start}",
        ) from None


