"""How figures are shown: `{{ value|one_decimal }}` rounds half-up to one decimal with the
method's one rounding (assessment.method.round1), where floatformat would read the float's
binary noise (72.44999999999999 for an average of 72.4 and 72.5)."""

from django import template
from django.utils.formats import number_format

from assessment.method import round1

register = template.Library()


@register.filter
def one_decimal(value) -> str:
    """The number half-up to one decimal, written with one decimal ("" for none)."""
    if value is None or value == "":
        return ""
    try:
        rounded = round1(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
    return number_format(rounded, decimal_pos=1)
