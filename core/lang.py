"""The site's languages in one place: which data field holds a text in which language,
the active language's text with a fallback to the source language, and language-neutral
texts (`{language: text}`) that are picked when shown.

settings.LANGUAGES lists the languages; settings.LANGUAGE_CODE (the first) is the
source language, whose text every other language falls back to. A data field `<field>`
has one column or key per language, `<field>_<suffix>`: the source language's suffix is
`zh`; any other language's is its code with `-` written `_` (en → `en`, zh-hant →
`zh_hant`).

A language without such columns or keys (zh-hant) reads its data texts from the data
catalogue, locale/<locale>/LC_MESSAGES/data.po (gettext domain "data"): msgid the source
language's text, msgstr its translation, corrected by a person like any catalogue
(`manage.py data_messages` collects it, `make messages` seeds and compiles it). A text
missing from it is shown in the source language. Adding a language is a settings and
catalogue change; data columns are optional."""

import gettext as gettext_module
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

# Suffixes that do not follow the rule (the source language's columns predate it).
SUFFIX_EXCEPTIONS = {"zh-hans": "zh"}
# The gettext domain of data texts (questionnaire, targets, recommendations, sources,
# reference names) in languages that have no data columns.
DATA_DOMAIN = "data"
# The OpenCC conversion that seeds a language's catalogues from the source texts. s2hk
# converts characters only and keeps the mainland wording, so the titles of the policies,
# standards and ministries the product cites stay what they are (s2twp would rewrite
# 工业和信息化部 as 工業和資訊化部 and 智能制造 as 智慧製造).
SEED_CONVERSIONS = {"zh-hant": "s2hk"}
# The CJK font family of the PDFs, by language; other languages show the source
# language's texts where they have no translation, so they take its family.
PDF_FONT_FAMILIES = {"zh-hans": "Noto Sans CJK SC", "zh-hant": "Noto Sans CJK TC"}


def language_codes() -> list[str]:
    """The configured languages, the source language first."""
    codes = [code for code, _name in settings.LANGUAGES]
    source = source_language()
    return [source, *(code for code in codes if code != source)]


def source_language() -> str:
    return settings.LANGUAGE_CODE


def active_language(language: str | None = None) -> str:
    """`language` (default: the active one) if it is configured (en-us counts as en), else
    the source language."""
    language = (language or translation.get_language() or "").lower()
    codes = language_codes()
    if language in codes:
        return language
    base = language.split("-")[0]
    return base if base in codes else source_language()


def suffix(language: str) -> str:
    """The data-field suffix of a language: zh-hans → zh, en → en, zh-hant → zh_hant."""
    return SUFFIX_EXCEPTIONS.get(language, language.replace("-", "_"))


def field_name(field: str, language: str) -> str:
    """`<field>_<suffix>`; for an empty field the suffix alone (a mapping keyed by it)."""
    return f"{field}_{suffix(language)}" if field else suffix(language)


def _value(obj_or_mapping, name: str):
    if isinstance(obj_or_mapping, Mapping):
        return obj_or_mapping.get(name)
    return getattr(obj_or_mapping, name, None)


def _has(obj_or_mapping, name: str) -> bool:
    if isinstance(obj_or_mapping, Mapping):
        return name in obj_or_mapping
    return hasattr(obj_or_mapping, name)


def catalogue_locale(language: str) -> str:
    """The directory name of a language under locale/: zh-hant → zh_Hant, en → en."""
    return translation.to_locale(language)


def data_catalogue_path(language: str, *, suffix: str = ".po") -> Path:
    """locale/<locale>/LC_MESSAGES/data.po (or .mo) of a language, in the first
    LOCALE_PATHS directory."""
    base = Path(settings.LOCALE_PATHS[0])
    return base / catalogue_locale(language) / "LC_MESSAGES" / f"{DATA_DOMAIN}{suffix}"


@cache
def _data_translations(language: str, locale_dirs: tuple[str, ...]):
    found = gettext_module.NullTranslations()
    for localedir in reversed(locale_dirs):
        try:
            catalogue = gettext_module.translation(
                DATA_DOMAIN, localedir=localedir, languages=[catalogue_locale(language)]
            )
        except OSError:
            continue
        catalogue.add_fallback(found)
        found = catalogue
    return found


def data_translations(language: str) -> gettext_module.NullTranslations:
    """The compiled data catalogue of a language (the first of LOCALE_PATHS wins); an empty
    one where there is none. Read once per process (data_translations_reload after a
    catalogue is compiled anew)."""
    return _data_translations(language, tuple(str(path) for path in settings.LOCALE_PATHS))


def data_translations_reload() -> None:
    _data_translations.cache_clear()


def data_text(value, language: str | None = None):
    """A source-language data text (or a list of them) in `language` by the data catalogue;
    the source text where the catalogue has none. Any other value as it is."""
    language = active_language(language)
    if isinstance(value, list | tuple):
        return [data_text(item, language) for item in value]
    if not isinstance(value, str) or not value or language == source_language():
        return value
    return data_translations(language).gettext(value)


def has_data_columns(obj_or_mapping, field: str, language: str) -> bool:
    """Whether `obj_or_mapping` has a column or key of its own for `field` in `language`."""
    return _has(obj_or_mapping, field_name(field, language))


def localized(obj_or_mapping, field: str, language: str | None = None):
    """The text of `field` in `language` (default: the active one); where that is empty,
    the source language's text. A language with no column or key for `field` takes the
    source text's translation in the data catalogue."""
    language = active_language(language)
    source = _value(obj_or_mapping, field_name(field, source_language()))
    if language != source_language() and not has_data_columns(obj_or_mapping, field, language):
        return data_text(source, language) if source is not None else ""
    value = _value(obj_or_mapping, field_name(field, language))
    if value:
        return value
    return source if source is not None else (value if value is not None else "")


def texts(obj_or_mapping, field: str) -> dict[str, object]:
    """{language: text} of `field` for every configured language (with the fallback)."""
    return {code: localized(obj_or_mapping, field, code) for code in language_codes()}


def phrase(message, **params) -> dict[str, str]:
    """{language: text} of an interface message (a lazy translation) with %-parameters,
    each either a plain value or a {language: text}. Only translates and formats: call it
    with values already read, so that it runs no query."""
    result = {}
    for code in language_codes():
        with translation.override(code):
            values = {key: str(in_language(value, code)) for key, value in params.items()}
            text = str(message)
            result[code] = text % values if values else text
    return result


def is_texts(value) -> bool:
    """Whether `value` is a {language: text} mapping: keyed by configured languages only,
    the source language among them."""
    if not isinstance(value, Mapping) or source_language() not in value:
        return False
    codes = set(language_codes())
    return all(key in codes for key in value)


def in_language(value, language: str | None = None):
    """The text of a {language: text} mapping in `language` (default: the active one),
    else in the source language; any other value as it is. A mapping stored before
    `language` was added has no text in it: its source text is then looked up in the data
    catalogue, then in the interface catalogue, so that stored content is shown in a new
    language without being built again."""
    if not is_texts(value):
        return value
    language = active_language(language)
    found = value.get(language)
    if found not in (None, ""):
        return found
    source = value[source_language()]
    if language in value or language == source_language():
        return source
    return _stored_text(source, language)


def _stored_text(source, language: str):
    if isinstance(source, list | tuple):
        return [_stored_text(item, language) for item in source]
    if not isinstance(source, str) or not source:
        return source
    found = data_text(source, language)
    if found != source:
        return found
    with translation.override(language):
        return translation.gettext(source)


def localize(value, language: str | None = None):
    """`value` (nested dicts and lists, e.g. a stored report) with every {language: text}
    in it replaced by its text in `language` (default: the active one)."""
    if is_texts(value):
        return localize(in_language(value, language), language)
    if isinstance(value, Mapping):
        return {key: localize(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [localize(item, language) for item in value]
    return value


def html_lang(language: str | None = None) -> str:
    """The BCP 47 tag of a language (default: the active one): zh-hans → zh-Hans,
    en → en, en-gb → en-GB."""
    parts = active_language(language).split("-")
    tags = [parts[0].lower()]
    for part in parts[1:]:
        tags.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(tags)


def pdf_font_family(language: str | None = None) -> str:
    """The CJK font family of a PDF in `language` (default: the active one): Traditional
    forms for zh-hant, Simplified otherwise."""
    return PDF_FONT_FAMILIES.get(active_language(language), PDF_FONT_FAMILIES[source_language()])


def seed_conversion(language: str) -> str | None:
    """The OpenCC configuration that seeds `language`'s catalogues, or None."""
    return SEED_CONVERSIONS.get(language)


def bilingual(field: str) -> property:
    """A read-only property giving `<field>_<suffix>` of the active language, falling back
    to the source language's column."""
    return property(lambda obj: localized(obj, field), doc=f"{field} in the active language")
