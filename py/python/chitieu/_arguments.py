"""Arguments checked against the public signatures, once, in one place.

A value whose type the signature does not allow (``lang=5``, ``phase=3``,
``weights=7``) is a :class:`WrongTypeError` naming the argument — also a
``TypeError``, so ordinary ``except TypeError`` code keeps working — and
text holding a lone surrogate is an :class:`InvalidValueError`, before
anything reaches the core. A ``str`` where the signature asks for a
sequence or an iterable (``disabled="value.negative"``, ``weights="x"``) is
a ``WrongTypeError`` too, for every such argument alike: read as a sequence
it would be its characters, ``["v", "a", …]``. A call that does not match
the signature at all (a missing or unknown argument) is a
``WrongTypeError`` too. Numbers are not checked here: the core reads them
exactly and names a bad one itself.
"""

from __future__ import annotations

import collections.abc
import datetime
import functools
import inspect
import os
import typing
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from ._convert import unicode_text
from ._errors import error

F = TypeVar("F", bound=Callable[..., Any])

# Hints whose values are checked as the abstract type: a list is as good as
# a tuple for a ``(period, value)`` pair.
_AS: Dict[type, type] = {
    tuple: collections.abc.Sequence,
    list: collections.abc.Sequence,
    dict: collections.abc.Mapping,
}
# Numbers come in many types (numpy, Fraction, Decimal): the core checks them.
_UNCHECKED = (int, float)


def _classes(hint: Any) -> Optional[Tuple[type, ...]]:
    """The runtime classes a hint allows, or None for anything."""
    if hint is Any:
        return None
    origin = typing.get_origin(hint)
    if origin is typing.Union:
        out: list = []
        for arg in typing.get_args(hint):
            classes = _classes(arg)
            if classes is None:
                return None
            out.extend(classes)
        return tuple(out)
    hint = origin if origin is not None else hint
    if hint is None or hint is type(None):
        return (type(None),)
    if not inspect.isclass(hint) or hint in _UNCHECKED:
        return None
    return (_AS.get(hint, hint),)


_NAMES: Dict[type, str] = {
    type(None): "None",
    collections.abc.Mapping: "mapping",
    collections.abc.Sequence: "sequence",
    collections.abc.Iterable: "iterable",
    os.PathLike: "os.PathLike",
    datetime.date: "datetime.date",
}


def _name(cls: type) -> str:
    return _NAMES.get(cls, cls.__name__)


def _checks(fn: Callable[..., Any]) -> Dict[str, Tuple[type, ...]]:
    hints = typing.get_type_hints(fn)
    out = {}
    for name, hint in hints.items():
        classes = _classes(hint)
        if name != "return" and classes is not None:
            out[name] = classes
    return out


# Hints whose values are collections of items: a str is never one of them.
_COLLECTIONS = (collections.abc.Sequence, collections.abc.Iterable)
_TEXT = (str, bytes)


def _takes_single_text(allowed: Tuple[type, ...]) -> bool:
    """Whether a str is refused though it is a sequence: the hint allows a
    collection of items and not ``str`` itself."""
    return any(c in _COLLECTIONS for c in allowed) and not any(c in _TEXT for c in allowed)


def _single_text(where: str, name: str, value: Any) -> Exception:
    got = type(value).__name__
    # A long text (a whole CSV given by mistake) is shown by its start.
    one = repr(value[:40]) + ("…" if len(value) > 40 else "")
    return error(
        "wrong-type",
        name,
        f"đối số «{name}» của {where}() phải là một dãy các mục (list, tuple…), không phải một {got} đơn lẻ (một mục thì viết [{one}])",
        f"argument `{name}` of {where}() must be a sequence of items (list, tuple…), not a single {got} (for one item, write [{one}])",
    )


def as_list(value: Any, name: str, where: str) -> List[Any]:
    """``value``, a sequence of items, as a list; a ``str`` is refused
    naming the argument (see the module's docs), for the helpers that
    convert arguments outside a typed signature."""
    if isinstance(value, _TEXT):
        raise _single_text(where, name, value)
    return list(value)


def _wrong_type(where: str, name: str, value: Any, allowed: Tuple[type, ...]) -> Exception:
    names = " | ".join(dict.fromkeys(_name(c) for c in allowed))
    got = type(value).__name__
    return error(
        "wrong-type",
        name,
        f"đối số «{name}» của {where}() phải có kiểu {names}, không phải {got}",
        f"argument `{name}` of {where}() must be {names}, not {got}",
    )


def typed(fn: F) -> F:
    """``fn`` with its arguments checked against its annotations."""
    signature = inspect.signature(fn)
    where = fn.__qualname__
    checks: Optional[Dict[str, Tuple[type, ...]]] = None

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        nonlocal checks
        if checks is None:  # forward references resolve only once the module is loaded
            checks = _checks(fn)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as e:
            raise error(
                "wrong-type",
                "",
                f"lời gọi {where}() không khớp với chữ ký {where}{signature}",
                f"the call of {where}() does not match its signature {where}{signature}",
            ) from e
        for name, value in bound.arguments.items():
            allowed = checks.get(name)
            if allowed is not None and not isinstance(value, allowed):
                raise _wrong_type(where, name, value, allowed)
            if allowed is not None and isinstance(value, _TEXT) and _takes_single_text(allowed):
                raise _single_text(where, name, value)
            if isinstance(value, str):
                unicode_text(value, name)
        return fn(*args, **kwargs)

    return typing.cast(F, checked)


def typed_class(cls: type) -> type:
    """``cls`` with every public method (and class and static method) typed."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(member, classmethod):
            setattr(cls, name, classmethod(typed(member.__func__)))
        elif isinstance(member, staticmethod):
            setattr(cls, name, staticmethod(typed(member.__func__)))
        elif inspect.isfunction(member):
            setattr(cls, name, typed(member))
    return cls
