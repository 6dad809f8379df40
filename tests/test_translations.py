"""The catalogues are complete: every string of the interface has an English and a
Traditional Chinese translation, every data text a Traditional Chinese one."""

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
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    for entry in catalogue.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_english_translations_contain_no_chinese(catalogue):
    chinese = [
        e.msgid
        for e in catalogue.translated_entries()
        if any("\u4e00" <= ch <= "\u9fff" for ch in e.msgstr + "".join(e.msgstr_plural.values()))
        and e.msgid not in ("简体中文", "繁体中文")
    ]
    assert not chinese, chinese[:5]


# Traditional Chinese: seeded from the Simplified source by `make messages` (OpenCC s2hk),
# corrected by hand where needed; interface strings in django.po, data texts in data.po.
HANT = PO.parent.parent.parent / "zh_Hant" / "LC_MESSAGES"


def _keys(po) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in po if not e.obsolete}


@pytest.fixture(scope="module", params=["django", "data"])
def hant_catalogue(request):
    path = HANT / f"{request.param}.po"
    assert path.exists(), f"{path} is missing: run `make messages`"
    return path, polib.pofile(str(path))


def test_every_traditional_chinese_entry_is_filled_in_and_not_fuzzy(hant_catalogue):
    from core.catalogues import catalogue_problems

    path, po = hant_catalogue
    problems = catalogue_problems(po=po)
    assert not problems, f"{path.name}: {len(problems)} to fix, e.g. {problems[:5]}"


def test_the_compiled_traditional_chinese_catalogue_matches_the_source(hant_catalogue):
    path, po = hant_catalogue
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt or "", e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt or "", entry.msgid)) == (
            entry.msgstr,
            entry.msgstr_plural,
        ), entry.msgid


def test_every_interface_string_in_the_code_has_a_traditional_chinese_entry(
    tmp_path, monkeypatch, settings
):
    """makemessages over the code into a copy of the catalogue: nothing new may appear.
    It runs in a tree of links to the sources, so that locale/ itself is not written."""
    from django.core.management import call_command

    skipped = {"locale", "var", "test-artifacts", "build"}
    for source in Path(settings.BASE_DIR).iterdir():
        if not source.name.startswith(".") and source.name not in skipped:
            (tmp_path / source.name).symlink_to(source)
    copy = tmp_path / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    copy.write_bytes((HANT / "django.po").read_bytes())
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command(
        "makemessages",
        locale=["zh_Hant"],
        no_obsolete=True,
        add_location="file",
        symlinks=True,
        ignore_patterns=["*.egg-info"],
        verbosity=0,
    )
    found = _keys(polib.pofile(str(copy)))
    missing = sorted(found - _keys(polib.pofile(str(HANT / "django.po"))))
    assert not missing, f"{len(missing)} missing from zh_Hant (run `make messages`): {missing[:5]}"


def test_every_data_text_has_a_traditional_chinese_entry():
    from portal.management.commands.data_messages import data_texts

    hant = {e.msgid: e.msgstr for e in polib.pofile(str(HANT / "data.po"))}
    missing = [text for text in data_texts() if not hant.get(text)]
    assert not missing, f"{len(missing)} data texts missing from zh_Hant/data.po: {missing[:5]}"
