"""The learned line labeller (placeholder until the model lands)."""
from __future__ import annotations


class Labeller:
    def __init__(self, tagger=None, version: str = "rules"):
        self.tagger = tagger
        self.version = version


NO_MODEL = Labeller()
