"""Password rules beyond Django's own validators (see AUTH_PASSWORD_VALIDATORS)."""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGE = _("密码须包含大写字母、小写字母、数字、符号中的至少 %(min)d 种。")

CHARACTER_CLASSES = (
    ("upper", str.isupper),
    ("lower", str.islower),
    ("digit", str.isdigit),
    ("symbol", lambda c: c in string.punctuation or not (c.isalnum() or c.isspace())),
)


def character_classes(password: str) -> set[str]:
    """Which of upper case, lower case, digit and symbol the password uses."""
    return {name for name, test in CHARACTER_CLASSES for c in password if test(c)}


class CharacterClassesValidator:
    """At least `min_classes` of the four character classes: upper-case letters, lower-case
    letters, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                MESSAGE,
                code="password_too_few_character_classes",
                params={"min": self.min_classes},
            )

    def get_help_text(self):
        return MESSAGE % {"min": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its messages in this project's catalogue: Django's own Chinese
    catalogue lacks their current wording, so they showed in English."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min)d 个字符。") % {"min": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min)d 个字符。") % {"min": self.min_length}
