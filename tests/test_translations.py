"""English is complete: every string of the interface has an English translation."""

from pathlib import Path

import polib
import pytest

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def catalogue():
    assert PO.exists(), "locale/en is missing: run `make messages`"
    return polib.pofile(str(PO))


def test_every_string_has_an_english_translation(catalogue):
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_no_translation_is_left_fuzzy(catalogue):
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_the_compiled_catalogue_matches_the_source(catalogue):
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr for e in mo}
    for entry in catalogue.translated_entries():
        assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid


def test_english_translations_contain_no_chinese(catalogue):
    chinese = [
        e.msgid
        for e in catalogue.translated_entries()
        if any("\u4e00" <= ch <= "\u9fff" for ch in e.msgstr + "".join(e.msgstr_plural.values()))
        and e.msgid not in ("简体中文",)
    ]
    assert not chinese, chinese[:5]
