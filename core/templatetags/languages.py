"""Template tags for the site's languages (core/lang.py)."""

from django import template

from core import lang

register = template.Library()


@register.simple_tag
def html_lang(language: str | None = None) -> str:
    """The BCP 47 tag of `language` (default: the active one), for `lang` attributes:
    zh-hans → zh-Hans, en → en."""
    return lang.html_lang(language)


@register.simple_tag
def pdf_font_family(language: str | None = None) -> str:
    """The CJK font family of a PDF in `language` (default: the active one): Noto Sans CJK
    TC for zh-hant, SC otherwise."""
    return lang.pdf_font_family(language)
