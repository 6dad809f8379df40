"""Bilingual data fields: pick the Chinese or English text for the active language."""

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def pick(zh: str, en: str) -> str:
    """The English text when English is active and present, else the Chinese text."""
    if is_english() and en:
        return en
    return zh or en


def bilingual(field: str) -> property:
    """A read-only property giving `<field>_zh` or `<field>_en` for the active language."""
    return property(
        lambda obj: pick(getattr(obj, f"{field}_zh", ""), getattr(obj, f"{field}_en", "")),
        doc=f"{field} in the active language",
    )
