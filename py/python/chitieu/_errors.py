"""Exceptions raised by chitieu, one class per family of error codes.

Every exception is a :class:`ChitieuError` carrying the stable ``code`` of the
core error, the ``path`` of the bad input relative to what was passed (a JSON
path such as ``$.data.observations[3].value`` in a contract request,
``$.observations[3].value`` from a ``Dataset`` method, ``$[5].value`` for a
data-frame row, an argument's name such as ``lang``, or a CSV column with
``line``) and the message in Vietnamese and English. ``_BY_CODE`` maps every
code of the core (``chitieu._chitieu.error_codes()``) to its class; a test
fails when the core gains a code without one. Classes
also derive from ``ValueError``, ``KeyError`` or ``ArithmeticError`` where
that is natural, so ordinary ``except ValueError`` code keeps working.
"""

from __future__ import annotations

from typing import Dict, Optional, Type


class ChitieuError(Exception):
    """Base class of every chitieu error: a stable ``code``, the ``path``
    of the problem relative to what was passed (and the ``line`` and
    ``column`` of a file), and the message in Vietnamese and English.

    >>> import chitieu
    >>> try:
    ...     chitieu.builtin().progress(as_of="2023-02-30")
    ... except chitieu.ChitieuError as error:
    ...     print(type(error).__name__, error.code, error.path)
    ...     print(error.message("vi"))
    InvalidValueError invalid-date as_of
    ngày không hợp lệ «2023-02-30» (cần ngày có thật, dạng YYYY-MM-DD) (tại as_of)
    """

    code: str
    path: str
    line: Optional[int]
    column: Optional[int]
    message_vi: str
    message_en: str

    def __init__(
        self,
        code: str,
        path: str = "",
        line: Optional[int] = None,
        column: Optional[int] = None,
        message_vi: str = "",
        message_en: str = "",
    ) -> None:
        super().__init__(message_en or code)
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.message_vi = message_vi or message_en
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.message_vi if lang == "vi" else self.message_en

    def __str__(self) -> str:
        return f"[{self.code}] {self.message_en}"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            type(self),
            (self.code, self.path, self.line, self.column, self.message_vi, self.message_en),
        )


class ParseError(ChitieuError, ValueError):
    """Text that does not parse: JSON, CSV or a rule expression."""


class InvalidValueError(ChitieuError, ValueError):
    """A value of the wrong type, form or range (NaN, 2023-02-30, 2024Q5…)."""


class UnknownCodeError(ChitieuError, KeyError):
    """A code that names nothing known (indicator, area, phase, rule…)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return ChitieuError.__str__(self)


class WrongTypeError(InvalidValueError, TypeError):
    """A value of the wrong type (``lang=5``), or a call that does not match
    the signature: also a ``TypeError``."""


class DuplicateKeyError(ChitieuError, ValueError):
    """The same key, code or field twice."""


class InfeasibleAllocationError(ChitieuError, ValueError):
    """Floors, caps and total of an allocation that cannot all hold."""


class ArithmeticOverflowError(ChitieuError, ArithmeticError):
    """An exact result beyond 128 bits."""


class AmbiguousError(ChitieuError, ValueError):
    """A reference that could mean several things."""


class NotInBuildError(ChitieuError, NotImplementedError):
    """An operation of a feature the build leaves out (the Python package
    has every feature; the browser's core module does not)."""


_BY_CODE: Dict[str, Type[ChitieuError]] = {
    "json-syntax": ParseError,
    "csv-format": ParseError,
    "rule-syntax": ParseError,
    "wrong-type": WrongTypeError,
    "missing-field": InvalidValueError,
    "unknown-field": InvalidValueError,
    "unknown-variant": InvalidValueError,
    "invalid-number": InvalidValueError,
    "non-finite-number": InvalidValueError,
    "number-out-of-range": InvalidValueError,
    "invalid-date": InvalidValueError,
    "invalid-period": InvalidValueError,
    "invalid-code": InvalidValueError,
    "invalid-value": InvalidValueError,
    "unsupported-version": InvalidValueError,
    "unknown-code": UnknownCodeError,
    "duplicate-key": DuplicateKeyError,
    "infeasible-allocation": InfeasibleAllocationError,
    "arithmetic-overflow": ArithmeticOverflowError,
    "ambiguous": AmbiguousError,
    "not-in-build": NotInBuildError,
    "input-too-large": InvalidValueError,
}


def _from_core(
    code: str,
    path: str,
    line: Optional[int],
    column: Optional[int],
    message_vi: str,
    message_en: str,
) -> ChitieuError:
    """Builds the exception for a core error (called from Rust)."""
    cls = _BY_CODE.get(code, ChitieuError)
    return cls(code, path, line, column, message_vi, message_en)


def error(code: str, path: str, message_vi: str, message_en: str) -> ChitieuError:
    """Builds the exception for an error found while converting Python input."""
    return _from_core(code, path, None, None, message_vi, message_en)
