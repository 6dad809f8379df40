"""Sign up, log in with throttling, password change and reset by e-mail."""

import re

import pytest
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_up_logs_in_and_asks_for_the_enterprise(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "li",
            "email": "li@example.com",
            "password1": "Lathe-77-x",
            "password2": "Lathe-77-x",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/enterprise/profile/"
    assert response.context["user"].username == "li"


def test_signing_up_keeps_the_invitation_link_to_follow(client):
    response = client.post(
        "/accounts/signup/?next=/enterprise/join/abc/",
        {
            "username": "wang",
            "email": "w@example.com",
            "password1": "Lathe-77-x",
            "password2": "Lathe-77-x",
            "next": "/enterprise/join/abc/",
        },
    )
    assert response.url == "/enterprise/join/abc/"


def test_signing_up_refuses_a_foreign_next(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "zhao",
            "email": "z@example.com",
            "password1": "Lathe-77-x",
            "password2": "Lathe-77-x",
            "next": "https://evil.example/",
        },
    )
    assert response.url == "/enterprise/profile/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_login(client):
    user = UserFactory()
    for _ in range(3):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "15 分钟后再试" in response.content.decode()


def test_a_password_is_reset_through_an_emailed_link(client, mailoutbox):
    user = UserFactory(email="reset@example.com")
    client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "Spindle-99-q", "new_password2": "Spindle-99-q"})
    user.refresh_from_db()
    assert user.check_password("Spindle-99-q")


def test_a_logged_in_user_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Spindle-99-q",
            "new_password2": "Spindle-99-q",
        },
    )
    assert response.url == "/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password("Spindle-99-q")


def test_the_home_page_offers_sign_up_then_the_dashboard(client):
    assert "/accounts/signup/" in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert "/enterprise/" in client.get("/").content.decode()
