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
from functools import lru_cache
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

_TAG = "\x00"


class CodecError(ValueError):
    pass


def dumps(value: Any) -> str:
    """JSON text for value; TypeError for a value this format cannot hold."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass_text(value)
    return json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"), check_circular=False)


# A str field at least this long (an article's body) is written by _long_text, not json's encoder.
LONG = 512
_QUOTE = json.encoder.encode_basestring  # json's own (C) quoting, ensure_ascii=False
_PLAIN = frozenset({str, bool, int, float, type(None)})  # written as they are (_same)
_CONTROLS = tuple(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")  # what json escapes besides these and " \


def _dataclass_text(d: Any) -> str:
    """json.dumps(_enc(d), ...) of a dataclass, byte for byte, its long strings quoted by
    _long_text: the fields between them go through json's encoder as before, a run at a time."""
    names = _field_names(type(d))
    out = ['{"\\u0000":"@","v":[', _QUOTE(type(d).__name__), ",["]
    run: list[list] = []
    for name in names:
        value = getattr(d, name)
        kind = type(value)
        if kind is str and len(value) >= LONG:
            if run:
                out += (_run_text(run), ",")
                run = []
            out += ("[", _QUOTE(name), ',"', _long_text(value), '"],')
        else:
            run.append([name, value if kind in _PLAIN else _enc(value)])
    if run:
        out.append(_run_text(run))
    elif len(out) > 3:
        out[-1] = '"]'  # the last long string's pair, without the comma after it
    out.append("]]}")
    return "".join(out)


def _run_text(pairs: list[list]) -> str:
    """Field pairs as json writes them inside the list of all of them (its brackets left off)."""
    return _JSON(pairs)[1:-1]


def _json_writer() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False) with
    its C encoder made once (json.dumps makes a JSONEncoder and an encoder every call, ~5 us)."""
    from json.encoder import c_make_encoder
    if c_make_encoder is None:  # a Python without the C accelerator
        return lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    encode = c_make_encoder(None, json.JSONEncoder().default, _QUOTE, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


_JSON = _json_writer()


def _long_text(text: str) -> str:
    """_QUOTE(text) without its quotes: json's C quoting writes a string a character at a time
    (6.6 ns a character: the 4.5 MB of a cold 1,000-article build's bodies took 30 ms of its
    rows' 45 ms of encoding), while a text whose only control characters are newlines, tabs and
    carriage returns (a body: the parse drops the others) takes five replaces, each a C scan,
    copying where one is found."""
    if any(c in text for c in _CONTROLS):
        return _QUOTE(text)[1:-1]
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


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


@lru_cache(maxsize=None)   # a few classes, read for every article
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
