"""The site's languages in one place: which data field holds a text in which language,
the active language's text with a fallback to the source language, and language-neutral
texts (`{language: text}`) that are picked when shown.

settings.LANGUAGES lists the languages; settings.LANGUAGE_CODE (the first) is the
source language, whose text every other language falls back to. A data field `<field>`
has one column or key per language, `<field>_<suffix>`: the source language's suffix is
`zh`; any other language's is its code with `-` written `_` (en → `en`, zh-hant →
`zh_hant`). Adding a language is a settings, catalogue and data change."""

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation

# Suffixes that do not follow the rule (the source language's columns predate it).
SUFFIX_EXCEPTIONS = {"zh-hans": "zh"}


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


def localized(obj_or_mapping, field: str, language: str | None = None):
    """The text of `field` in `language` (default: the active one); where that is empty,
    the source language's text."""
    language = active_language(language)
    value = _value(obj_or_mapping, field_name(field, language))
    if value:
        return value
    source = _value(obj_or_mapping, field_name(field, source_language()))
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
    else in the source language; any other value as it is."""
    if not is_texts(value):
        return value
    language = active_language(language)
    found = value.get(language)
    return found if found not in (None, "") else value[source_language()]


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


def bilingual(field: str) -> property:
    """A read-only property giving `<field>_<suffix>` of the active language, falling back
    to the source language's column."""
    return property(lambda obj: localized(obj, field), doc=f"{field} in the active language")
