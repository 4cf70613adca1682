"""sitegen/__init__.py: LazyPattern, a regular expression compiled at its first use."""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import LazyPattern

CASES = [(r"(?P<word>\w+)-(\d)", 0, "a-1 bb-2, c-x dd-3"), (r"^ab$", re.M | re.I, "AB\nab\nabc"),
         (rb"\xe2[\x80-\x8f]", 0, "x\u2014y\u2003z".encode()), (r"\s+", 0, " two  words \n")]


@pytest.mark.parametrize("source, flags, text", CASES)
def test_a_lazy_pattern_answers_as_the_compiled_one_before_and_after_its_first_use(source, flags, text):
    compiled = re.compile(source, flags)
    blank = text[:0]
    for _ in range(2):   # the first round compiles; the second finds the names in the instance
        lazy = LazyPattern(source, flags)
        for _ in range(2):
            assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
            assert lazy.findall(text) == compiled.findall(text)
            assert lazy.sub(blank, text) == compiled.sub(blank, text)
            assert lazy.subn(blank, text, count=1) == compiled.subn(blank, text, count=1)
            assert lazy.split(text) == compiled.split(text)
            assert bool(lazy.match(text)) == bool(compiled.match(text))
            assert bool(lazy.search(text, 1)) == bool(compiled.search(text, 1))
            assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
            assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == \
                   (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)


def test_a_lazy_pattern_is_compiled_at_its_first_use_not_when_made():
    broken = LazyPattern("(unclosed")   # re.compile would raise here
    with pytest.raises(re.error):
        broken.search("text")


def test_after_its_first_use_a_lazy_pattern_s_names_are_its_own():
    lazy = LazyPattern(r"\d+")
    assert "search" not in vars(lazy)
    lazy.search("a1")
    assert vars(lazy)["search"].__self__ is vars(lazy)["match"].__self__   # one compiled pattern's
    assert isinstance(vars(lazy)["search"].__self__, re.Pattern)
    with pytest.raises(AttributeError):
        lazy._private   # noqa: B018 - a dunder or private name is never looked up on the pattern


def test_a_copied_lazy_pattern_still_matches():
    assert copy.deepcopy([LazyPattern("b+")])[0].search("abbc").group() == "bb"


def test_a_no_change_build_s_modules_compile_none_of_the_patterns_made_lazy():
    """The modules every build imports (config, content, assets, langtag, signed) hold patterns a
    build that changed nothing never uses: importing them compiles none of those."""
    code = ("import re, sys; import sitegen.config, sitegen.content, sitegen.assets, sitegen.langtag, "
            "sitegen.signed; from sitegen import LazyPattern; "
            "mods = [sys.modules[m] for m in ('sitegen.config', 'sitegen.content', 'sitegen.assets', "
            "'sitegen.langtag', 'sitegen.signed')]; "
            "lazy = [v for m in mods for v in vars(m).values() if isinstance(v, LazyPattern)]; "
            "print(len(lazy), sum('match' in vars(v) for v in lazy))")
    made, used = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                         check=True).stdout.split())
    assert made >= 20 and used == 0


# Patterns only a build that reads a story, a stylesheet or an edited site.toml uses, or one after a kill
_NOT_IN_A_NO_CHANGE_BUILD = {"config": ("_FILE_NAME", "_UNSAFE_URL", "_ETC_OFFSET"),
                             "content": ("_LINK_TARGET", "_INNER_E2", "_UNSPACED_LEADS", "_RAW_TARGET",
                                         "_INNER_SPACE", "_ROOT_LINK", "_LANGUAGE"),
                             "langtag": ("_SIMPLE", "_ASCII_LETTER"), "assets": ("CSS_COMMENT",),
                             "leftovers": ("_CONVERT_TMP", "_PID_TMP")}


def test_a_no_change_build_compiles_none_of_the_patterns_only_a_change_uses(tmp_path):
    """Each pattern a build compiles costs it instructions (0.2-0.5M each, compiled alone); these 15
    were compiled at import by every build and used by none that changed nothing (3.65M instructions
    of a no-change build at 10,000 articles, 0.6%)."""
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    code = ("import sys; from pathlib import Path; import importlib; from builders import build; "
            "from sitegen import LazyPattern; "
            f"result = build(Path({str(root)!r})); assert result.ok and not result.written, result; "
            f"names = {_NOT_IN_A_NO_CHANGE_BUILD!r}; "
            "print([f'{m}.{n}' for m, ns in names.items() for n in ns "
            "if not isinstance(p := getattr(importlib.import_module('sitegen.' + m), n, None), LazyPattern) "
            "or 'match' in vars(p)])")
    tests = str(Path(__file__).resolve().parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (tests, os.environ.get("PYTHONPATH"))))}
    compiled = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert compiled.stdout.strip() == "[]"
