"""The sources the product cites, read once from reference/data/sources.yaml.

Data (questions, dimensions, indicators, targets, recommendations) stores a source by its
key, several keys separated by ";". A user sees the citation (title, publisher, date) in
the active language, never the key: `source_citations` and `citation_text` here, and the
`citation` template filter (reference/templatetags/sources.py) for pages and PDFs."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils import translation
from django.utils.translation import pgettext

from core.lang import bilingual, language_codes

SOURCES_FILE = Path(__file__).resolve().parent / "data" / "sources.yaml"
# The key of claims that no source states: the product's own guidance.
PRODUCT_GUIDANCE = "product_guidance"
SEPARATOR = ";"


@dataclass(frozen=True)
class Source:
    key: str
    citation_zh: str
    citation_en: str
    about: str = ""

    citation = bilingual("citation")


@cache
def source_registry(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """{key: Source} in the order of the file."""
    rows = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    registry = {}
    for row in rows:
        source = Source(
            key=row["key"],
            citation_zh=" ".join(row["citation_zh"].split()),
            citation_en=" ".join(row["citation_en"].split()),
            about=" ".join(row.get("about", "").split()),
        )
        if source.key in registry:
            raise ValueError(f"source {source.key} is listed twice in {path}")
        registry[source.key] = source
    return registry


def source_keys(value) -> list[str]:
    """The keys of a source field ("a; b"), of a list of such fields, without repeats."""
    fields = value if isinstance(value, list | tuple) else [value]
    keys: list[str] = []
    for field in fields:
        for key in str(field or "").split(SEPARATOR):
            key = key.strip()
            if key and key not in keys:
                keys.append(key)
    return keys


def unknown_source_keys(value) -> list[str]:
    registry = source_registry()
    return [key for key in source_keys(value) if key not in registry]


def sources_ordered(value) -> list[str]:
    """The keys of `value` without repeats, in the registry's order (unknown ones last)."""
    order = {key: n for n, key in enumerate(source_registry())}
    return sorted(source_keys(value), key=lambda key: order.get(key, len(order)))


def source_citations(value, language: str | None = None) -> list[str]:
    """The citation of each key of `value` in `language` (default: the active one). Text
    that is not a registered key (an older free-text source) is shown as it is."""
    if language:
        with translation.override(language):
            return source_citations(value)
    registry = source_registry()
    return [registry[key].citation if key in registry else key for key in source_keys(value)]


def citation_text(value, language: str | None = None) -> str:
    """The citations of `value` as one line in `language` (default: the active one)."""
    if language:
        with translation.override(language):
            return citation_text(value)
    return pgettext("punctuation", "；").join(source_citations(value))


def citation_texts(value) -> dict[str, str]:
    """{language: citations as one line} for every configured language."""
    return {code: citation_text(value, code) for code in language_codes()}
