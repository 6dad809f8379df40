"""Passwords: at least 10 characters using three of upper case, lower case, digits and
symbols, unlike the username, not a common one; at sign-up, password change and reset."""

import re

import pytest

from accounts.validators import CharacterClassesValidator, character_classes
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CLASSES_MESSAGE = "密码须包含大写字母、小写字母、数字、符号中的至少 3 种。"


def signup(client, username: str, password: str):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.com",
            "password1": password,
            "password2": password,
        },
    )


def error_next_to(html: str, field: str) -> str:
    """The error text crispy-forms shows under the field."""
    match = re.search(
        rf'id="{field}".*?<(?:div|span|p)[^>]*invalid-feedback[^>]*>(.*?)</', html, re.S
    )
    assert match, f"no error shown next to {field}"
    return match.group(0)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-xyz", "密码太短，至少需要 10 个字符"),  # 7 characters
        ("lathemachine77", CLASSES_MESSAGE),  # lower case and digits only
        ("LATHE-MACHINE", CLASSES_MESSAGE),  # upper case and symbols only
        ("Password1!", "这个密码太常见了"),
        ("Zhangwei2026!", "太相似"),
    ],
)
def test_a_weak_password_is_refused_at_sign_up_with_the_reason_next_to_the_field(
    client, password, message
):
    response = signup(client, "zhangwei2026", password)
    assert response.status_code == 200
    assert message in error_next_to(response.content.decode(), "id_password2")
    assert not UserFactory._meta.model.objects.filter(username="zhangwei2026").exists()


def test_a_password_meeting_the_rules_is_accepted(client):
    response = signup(client, "lisi-workshop", "Lathe-77-x")
    assert response.status_code == 302
    assert UserFactory._meta.model.objects.get(username="lisi-workshop").check_password(
        "Lathe-77-x"
    )


def test_a_weak_new_password_is_refused_at_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "spindle999", "new_password2": "spindle999"},
    )
    assert CLASSES_MESSAGE in error_next_to(response.content.decode(), "id_new_password2")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_at_reset(client, mailoutbox):
    user = UserFactory(email="reset-rules@example.com")
    client.post("/accounts/password/reset/", {"email": "reset-rules@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "short-1A", "new_password2": "short-1A"})
    assert "密码太短，至少需要 10 个字符" in error_next_to(
        response.content.decode(), "id_new_password2"
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_character_classes_counted():
    assert character_classes("abc") == {"lower"}
    assert character_classes("aB3") == {"lower", "upper", "digit"}
    assert character_classes("a b") == {"lower"}  # a space is no symbol
    assert character_classes("密码-1") == {"symbol", "digit"}
    CharacterClassesValidator(min_classes=2).validate("ab12cd34ef")
    with pytest.raises(Exception, match="至少 3 种"):
        CharacterClassesValidator().validate("ab12cd34ef")
