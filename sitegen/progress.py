"""Progress bars on stderr (tqdm), made only when shown, and without tqdm's monitor thread.

Any tqdm, even a disabled one, started tqdm's monitor thread, which then ran until the process
ended: a build of pictures with no bar left it behind, and a conversion later in that process saw a
thread, took the forkserver instead of fork (its process and the resource tracker then outlived the
conversion, and the workers loaded the language model each). The monitor only redraws a bar left
unupdated for 10 s with miniters > 1; these bars are updated on each item.
"""
from __future__ import annotations

import sys


class NoBar:
    """The bar of a run that shows none: importing tqdm costs a one-edit build 50 ms."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def bar(total: int, shown: bool, **options):
    """A tqdm bar on stderr counting to `total` when `shown`, else a NoBar."""
    if not shown:
        return NoBar()
    from tqdm import tqdm

    class _Bar(tqdm):
        monitor_interval = 0    # (a class attribute: tqdm reads it as cls.monitor_interval)

    return _Bar(total=total, file=sys.stderr, **options)
