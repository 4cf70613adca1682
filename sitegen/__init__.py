"""sitegen: a static-site news publisher (seeds -> content -> site -> public/)."""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """sitegen's own build code as installed: each module's name, size and mtime (a stat each,
    0.1 ms; an upgrade, a checkout or an edit changes them). It keys the build cache and the
    compiled templates, so a new sitegen never answers "nothing changed" from what an older one
    built: pages a new version would write differently are written again."""
    import hashlib
    folder = os.path.dirname(os.path.abspath(__file__))
    found = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                   if e.name.endswith(".py") and e.is_file())
    return hashlib.blake2b(repr(found).encode(), digest_size=8).hexdigest()
