"""sitegen.langtag: one spelling per language, so one edition per language."""
from __future__ import annotations

import pytest

from sitegen.langtag import language_tag


@pytest.mark.parametrize("written, one", [
    # Simplified Chinese: as the converter ('zh') and the shipped zh.po spell it
    ("zh", "zh"), ("zh-cn", "zh"), ("zh-CN", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("zh-Hans-CN", "zh"),
    # Traditional: by its likeliest region; a region of its own stays
    ("zh-Hant", "zh-tw"), ("zh-TW", "zh-tw"), ("zh-Hant-TW", "zh-tw"), ("zh-hk", "zh-hk"), ("zh-Hant-HK", "zh-hk"),
    ("zh-sg", "zh-sg"), ("zh-Hans-TW", "zh-hans-tw"),
    # a script CLDR implies is dropped, one it does not is kept; other languages keep their region
    ("sr-Cyrl", "sr"), ("sr-Latn", "sr-latn"), ("sr-Cyrl-RS", "sr-rs"), ("pa-Arab", "pa-arab"),
    ("pt-BR", "pt-br"), ("pt", "pt"), ("en-GB", "en-gb"), ("de", "de"), ("ar-EG", "ar-eg"), ("es-419", "es-419"),
    # unknown or with variants: only the case and the hyphen change
    ("qq-ZZ", "qq-zz"), ("en-US-x-house", "en-us-x-house"), (" DE ", "de"),
])
def test_each_language_has_one_spelling(written, one):
    assert language_tag(written) == one
