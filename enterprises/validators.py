from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .credit_code import problem

MESSAGES = {
    "length": _("统一社会信用代码应为18位。"),
    "character": _("统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）。"),
    "check": _("统一社会信用代码的校验位不正确，请核对后重新输入。"),
}


def validate_credit_code(value: str) -> None:
    reason = problem(value)
    if reason:
        raise ValidationError(MESSAGES[reason], code=f"credit_code_{reason}")
