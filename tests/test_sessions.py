"""A session ends after a spell of inactivity (30 minutes for administrators and staff,
120 for everyone else by default), and the login page says so."""

import pytest
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import LoginEvent
from reference.models import Park
from tests.factories import current_round, enterprise_user, park_admin

pytestmark = pytest.mark.django_db


def idle_for(client, minutes: float) -> None:
    """Move the session's last activity back, as if the user had left it for a while."""
    session = client.session
    session[LAST_ACTIVITY_KEY] -= int(minutes * 60)
    session.save()


@pytest.fixture
def admin_client(client):
    current_round()
    park = Park.objects.get(code="chengdu-hitech")
    client.force_login(park_admin(park))
    client.dashboard = reverse("cohorts:dashboard", args=["park", park.pk])
    assert client.get(client.dashboard).status_code == 200
    return client


def test_an_administrators_session_ends_after_30_idle_minutes(admin_client):
    idle_for(admin_client, 31)
    response = admin_client.get(admin_client.dashboard, follow=True)
    assert response.redirect_chain[0][0] == f"/accounts/login/?next={admin_client.dashboard}"
    assert "已自动退出" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert admin_client.get(admin_client.dashboard).url.startswith("/accounts/login/")
    kinds = list(LoginEvent.objects.values_list("kind", flat=True))
    assert LoginEvent.Kind.IDLE_TIMEOUT in kinds and LoginEvent.Kind.LOGOUT not in kinds


def test_an_administrator_back_within_30_minutes_stays_signed_in(admin_client):
    idle_for(admin_client, 29)
    assert admin_client.get(admin_client.dashboard).status_code == 200
    # Activity counts from now on: another 29 minutes later the session still lives.
    idle_for(admin_client, 29)
    assert admin_client.get(admin_client.dashboard).status_code == 200


def test_an_enterprise_users_session_lasts_120_idle_minutes(client):
    client.force_login(enterprise_user())
    idle_for(client, 100)
    assert client.get("/enterprise/").status_code == 200
    idle_for(client, 121)
    assert client.get("/enterprise/").url == "/accounts/login/?next=/enterprise/"


def test_the_idle_limits_are_settings(client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(enterprise_user())
    idle_for(client, 6)
    assert client.get("/enterprise/").url.startswith("/accounts/login/")
