"""sitegen.langtag: one spelling per language, so one edition per language."""
from __future__ import annotations

import pytest

from sitegen.langtag import bcp47, language_tag, refined, same_writing


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


@pytest.mark.parametrize("a, b, same", [
    ("en", "en-gb", True), ("en-us", "en-gb", True), ("pt", "pt-br", True), ("de-at", "de", True),
    ("zh", "zh-tw", False), ("zh", "zh-sg", True), ("sr", "sr-latn", False), ("de", "fr", False),
    ("xx", "xx-yy", False), ("xx", "xx", True)])
def test_one_language_in_one_script_is_read_by_the_same_readers(a, b, same):
    assert same_writing(a, b) is same and same_writing(b, a) is same


@pytest.mark.parametrize("story, site, language", [
    ("en", "en-gb", "en-gb"),      # what converted seeds say, on a British site: British
    ("en-us", "en-gb", "en-us"),   # a region of its own stays
    ("en", "en", "en"), ("fr", "en-gb", "fr"), ("pt", "pt-br", "pt-br"),
    ("zh", "zh-tw", "zh"),         # bare 'zh' is Simplified, not the Traditional site's
    ("sr", "sr-latn", "sr")])      # bare 'sr' is Cyrillic
def test_a_bare_language_on_a_regional_site_is_the_sites_variety(story, site, language):
    assert refined(story, site) == language


def test_tags_are_shown_in_bcp47s_case():
    assert [bcp47(t) for t in ("en", "en-gb", "sr-latn", "zh-hant-tw", "es-419", "x-default", "en-x-abc")] == [
        "en", "en-GB", "sr-Latn", "zh-Hant-TW", "es-419", "x-default", "en-x-abc"]
