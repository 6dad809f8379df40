"""Template tags for the site's languages (core/lang.py)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import lang
from core.charts import FONT_FAMILY

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


@register.filter
def pdf_fonts(markup) -> str:
    """Markup (server-side charts) with the charts' CJK family replaced by the PDF's family
    of the active language, so that a chart in a zh-hant PDF draws Traditional forms. Text
    not marked safe is escaped first: put `|safe` before it for trusted markup."""
    markup = conditional_escape(markup if markup is not None else "")
    family = lang.pdf_font_family()
    if family == FONT_FAMILY:
        return markup
    return mark_safe(str(markup).replace(FONT_FAMILY, family))
