"""A stop (Ctrl-C, or SIGTERM turned into one) told apart from a crash when another exception
carries it: the command line and the watcher both ask."""
from __future__ import annotations


def stop_inside(exc: BaseException | None, kind: type[BaseException] = KeyboardInterrupt) -> BaseException | None:
    """The Ctrl-C or SIGTERM (`kind`) that became another exception on its way up, if one did: Python
    3.11 wraps one raised while a class is made (a descriptor's __set_name__, as in watchdog's events
    module, imported as `watch` starts) in RuntimeError. A stop then was a traceback and exit 1 (CI
    run of 76240f8: watch SIGTERMed 0.05 s into its start). A clean-up that fails while a stop goes
    up replaces it too (review45e 3: a ValueError in a build's `finally`, which watch called a crash)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def a_stop_inside(exc: BaseException | None, kind: type[BaseException] = KeyboardInterrupt) -> bool:
    return stop_inside(exc, kind) is not None
