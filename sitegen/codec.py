"""The build cache's file format: JSON that holds tuples, dicts with any keys, dates and named
dataclasses, and nothing that can run code.

A pickle from a shared CI cache could execute anything while it loads; this format only ever
makes plain values and instances of the dataclasses the reader names. Every JSON object written
is tagged ({"\\u0000": tag, "v": value}), so a user's data (an article's `extra:`) can never be
mistaken for one. Dataclasses are restored without calling __init__ (their fields as saved:
fields computed at parse time, like word counts, are not computed again).
"""
from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo

_TAG = "\x00"


class CodecError(ValueError):
    pass


def dumps(value: Any) -> str:
    """JSON text for value; TypeError for a value this format cannot hold."""
    return json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _enc(v: Any) -> Any:
    encode = _BY_TYPE.get(type(v))  # the exact type first: most values are plain (0.1 ms an article)
    return encode(v) if encode is not None else _enc_other(v)


def _enc_other(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, tuple):
        return _tuple(v)
    if isinstance(v, list):
        return [_enc(x) for x in v]
    if isinstance(v, dict):
        return _dict(v)
    if isinstance(v, datetime):
        return _datetime(v)
    if isinstance(v, date):
        return {_TAG: "d", "v": v.isoformat()}
    if isinstance(v, (set, frozenset)):
        return {_TAG: "s" if isinstance(v, set) else "fs", "v": [_enc(x) for x in sorted(v, key=repr)]}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        names = _field_names(type(v))
        _BY_TYPE[type(v)] = lambda d: {_TAG: "@", "v": [type(d).__name__, [[n, _enc(getattr(d, n))] for n in names]]}
        return _BY_TYPE[type(v)](v)
    raise TypeError(f"the cache cannot hold a {type(v).__name__}")


def _tuple(v: tuple) -> Any:
    return {_TAG: "(", "v": [_enc(x) for x in v]}


def _dict(v: dict) -> Any:
    return {_TAG: "{", "v": [[_enc(k), _enc(x)] for k, x in v.items()]}


def _datetime(v: datetime) -> Any:
    if isinstance(v.tzinfo, ZoneInfo):  # wall time, zone and fold: even a time in a DST gap comes back as it was
        return {_TAG: "dt", "v": [v.replace(tzinfo=None).isoformat(), v.tzinfo.key, v.fold]}
    return {_TAG: "dt", "v": [v.isoformat(), None, v.fold]}


def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _same(v: Any) -> Any:
    return v


# exact type -> encoder; a dataclass adds itself on first sight (subclasses take _enc_other's path)
_BY_TYPE: dict[type, Any] = {str: _same, bool: _same, int: _same, float: _same, type(None): _same,
                             tuple: _tuple, list: lambda v: [_enc(x) for x in v], dict: _dict, datetime: _datetime}


def loads(text: str | bytes, types: Iterable[type] = ()) -> Any:
    """The value dumps() wrote; dataclasses only of the given types. CodecError if malformed."""
    known = {t.__name__: (t, {f.name for f in dataclasses.fields(t)}) for t in types}

    def hook(obj: dict) -> Any:
        tag, v = obj.get(_TAG), obj.get("v")
        if tag == "(":
            return tuple(v)
        if tag == "{":
            return {(tuple(k) if isinstance(k, list) else k): x for k, x in v}
        if tag == "dt":
            moment = datetime.fromisoformat(v[0]).replace(fold=v[2])
            return moment.replace(tzinfo=ZoneInfo(v[1])) if v[1] else moment
        if tag == "d":
            return date.fromisoformat(v)
        if tag in ("s", "fs"):
            return set(v) if tag == "s" else frozenset(v)
        if tag == "@" and v[0] in known:
            cls, names = known[v[0]]
            if {name for name, _ in v[1]} != names:  # saved by another version of the class
                raise CodecError(f"{v[0]} has other fields now")
            obj = cls.__new__(cls)
            obj.__dict__.update(v[1])
            return obj
        raise CodecError(f"unknown object in the cache: {str(obj)[:80]}")

    try:
        return json.loads(text, object_hook=hook)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise CodecError(str(exc)) from None
