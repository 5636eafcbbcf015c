"""Results as plain JSON data and back: ``from_data(Summary, to_data(summary)) == summary``.

Driven by the dataclasses' own type hints, so a field added to the model is carried
without another line here. Dates and datetimes travel as ISO 8601 text.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """``value`` (a model object, or a tuple, list or dict of them) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def from_data(kind: type[T], data: Any) -> T:
    """Rebuild an object of ``kind`` from ``to_data``'s output."""
    result: T = _build(kind, data)
    return result


def _build(kind: Any, data: Any) -> Any:
    if data is None or kind is Any:
        return data
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return _build(options[0], data) if len(options) == 1 else data
    if origin is typing.Literal:
        return data
    if origin is tuple:
        arguments = typing.get_args(kind)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_build(arguments[0], item) for item in data)
        return tuple(_build(a, item) for a, item in zip(arguments, data, strict=True))
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        return [_build(item_kind, item) for item in data]
    if origin is dict:
        _, value_kind = typing.get_args(kind)
        return {key: _build(value_kind, item) for key, item in data.items()}
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        fields = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{name: _build(hints[name], data[name]) for name in fields if name in data})
    if kind is float and isinstance(data, int):
        return float(data)
    return data


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
