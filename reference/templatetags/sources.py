"""{{ q.source|citation }}: a source field (one key or several separated by ";") shown as
its citations in the active language; {{ keys|citations }} gives them as a list."""

from django import template

from reference.sources import citation_text, source_citations

register = template.Library()


@register.filter
def citation(value) -> str:
    return citation_text(value)


@register.filter
def citations(value) -> list[str]:
    return source_citations(value)
