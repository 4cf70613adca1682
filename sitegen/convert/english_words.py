"""English common words, to tell a capitalised common word ("Application", "Team", "Interior")
from a name when the page never writes the word in lower case (a heading, a product line, an
English word on a German page).

The list holds the lower-case words of SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists,
as Debian's `wamerican` package ships them: /usr/share/dict/american-english, size 50) that the
same list never writes capitalised: "interior", "team", "python" are in it; "Oscar", "Orion",
"Hamburg" are not (SCOWL has them as names). SCOWL's licence (permissive, notice required) is in
english_words.LICENSE next to this module. The list (english_words.txt.gz, about 63,000 words,
160 kB) is loaded once per process (about 30 ms), only when a page has a single-word candidate.
Regenerate it, on a machine with `wamerican` installed:

    python -m sitegen.convert.english_words
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("english_words.txt.gz")
SOURCE = Path("/usr/share/dict/american-english")


@lru_cache(maxsize=1)
def english_common() -> frozenset[str]:
    """Lower-case English words that are no name; empty when the list is missing."""
    if not PATH.exists():
        return frozenset()
    return frozenset(gzip.decompress(PATH.read_bytes()).decode("utf-8").split())


def derive(words: list[str]) -> list[str]:
    """The lower-case words (no apostrophe) whose capitalised form the list does not have."""
    capitalised = {w for w in words if w[:1].isupper()}
    return sorted({w for w in words if w.islower() and w.isalpha() and w.capitalize() not in capitalised})


def main() -> None:
    words = SOURCE.read_text(encoding="utf-8").split()
    out = derive(words)
    PATH.write_bytes(gzip.compress(("\n".join(out) + "\n").encode("utf-8"), mtime=0))
    print(f"{PATH}: {len(out)} words from {SOURCE}")


if __name__ == "__main__":
    main()
